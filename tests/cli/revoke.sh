#!/bin/sh
# trustwalk revokers and the revocation section of show on the demo
# estate and on a cluster with hostile names: who can revoke, the
# commands, and that a pasted command passes each hostile value as one
# argument and runs nothing else (checked with a stand-in kubectl).
. "$(dirname "$0")/../lib.sh"

db="$TMP/demo.db"
$TW --db "$db" --now 2026-12-01 import "$TW_ROOT/samples/demo" \
    >/dev/null 2>&1
check_eq "demo imports" 0 $?

key=acme:cloud:prod:key:ci-deployer-legacy
out=$($TW --db "$db" revokers "$key")
check_eq "revokers exits 0" 0 $?
check_match "revokers names the platform" "^revocation \(aws\)" "$out"
check_match "revokers lists an admin group" \
    "can revoke +platform-admins \(group\)" "$out"
# A cluster's admins hold "* on *" in the cluster, not in AWS.
check_nomatch "cluster admins cannot revoke an AWS key" \
    "can revoke +prod-eu1/platform/argocd" "$out"
check_nomatch "a dev privilege cannot revoke a prod key" "\* on \* \(dev\)" \
    "$out"
check_match "revokers renders the deactivation" "deactivate the key: aws \
iam update-access-key --status Inactive --access-key-id \
'demo-key-ci-deployer-1' --user-name 'ci-deployer'" "$out"

out=$($TW --db "$db" revokers --format json "$key" | python3 -c '
import json, sys
d = json.load(sys.stdin)
r = d["revocation"]
print(d["key"], r["platform"], r["has_path"], len(r["revokers"]) > 0,
    r["commands"][0]["command"].split()[0])')
check_eq "revokers json" \
    "$key aws True True aws" "$out"

out=$($TW --db "$db" show "$key")
check_match "show has the revocation section" \
    "^revocation \(aws\): 0 owners, [0-9]+ identities" "$out"
out=$($TW --db "$db" show --format json "$key" | python3 -c '
import json, sys
print(json.load(sys.stdin)["revocation"]["platform"])')
check_eq "show json has revocation" "aws" "$out"

out=$($TW --db "$db" revokers acme:cloud:prod:key:paygate-webhook-signing)
check_match "an unowned key has no path" \
    "none +no owner and no identity that can revoke it" "$out"
out=$($TW --db "$db" --now 2026-12-01 findings --format json \
    --rule no-revocation-path | python3 -c '
import json, sys
print(" ".join(f["key"] for f in json.load(sys.stdin)))')
check_eq "the rule fires on the demo" \
    "acme:cloud:prod:key:paygate-webhook-signing" "$out"

$TW --db "$db" revokers acme:team:platform >/dev/null 2>"$TMP/err"
check_eq "a non-credential is a usage error" 1 $?
check_match "and says so" "not a credential" "$(cat "$TMP/err")"
$TW --db "$db" revokers --format xml "$key" >/dev/null 2>&1
check_eq "a bad --format is a usage error" 1 $?

# Secrets whose namespace and name try to break out of the quotes. The
# Kubernetes importer rejects such names, so they come as OpenGraph.
cat >"$TMP/hostile.json" <<'JSON'
{"metadata": {"source_kind": "evil"}, "graph": {"nodes": [
 {"id": "k8s:c1:ns:secret:x';touch \"$PWNED\";'", "kinds": ["Secret"],
  "properties": {"name": "quote breaker", "credential_type": "secret",
   "namespace": "ns$(touch pwned2)"}},
 {"id": "k8s:c1:default:secret:--all", "kinds": ["Secret"],
  "properties": {"name": "option breaker", "credential_type": "secret",
   "namespace": "default"}}
], "edges": []}}
JSON
hdb="$TMP/hostile.db"
$TW --db "$hdb" import "$TMP/hostile.json" >/dev/null 2>&1
check_eq "hostile secrets import" 0 $?
hkey=$($TW --db "$hdb" ls --kind credential --format json | python3 -c '
import json, sys
print([n["key"] for n in json.load(sys.stdin) if "touch" in n["key"]][0])')
cmd=$($TW --db "$hdb" revokers --format json "$hkey" | python3 -c '
import json, sys
print(json.load(sys.stdin)["revocation"]["commands"][0]["command"])')
check_match "the hostile command is quoted" \
    "^kubectl delete secret -n 'ns\\\$\(touch pwned2\)' 'x'" "$cmd"

# Paste it into sh with a stand-in kubectl that prints its arguments.
mkdir -p "$TMP/bin" "$TMP/run"
cat >"$TMP/bin/kubectl" <<'SH'
#!/bin/sh
for a in "$@"; do printf '[%s]\n' "$a"; done
SH
chmod +x "$TMP/bin/kubectl"
out=$(cd "$TMP/run" && PWNED="$TMP/run/pwned" PATH="$TMP/bin:$PATH" \
    sh -c "$cmd")
check_eq "sh passes each value as one argument" \
    "[delete]
[secret]
[-n]
[ns\$(touch pwned2)]
[x';touch \"\$PWNED\";']" "$out"
check "nothing else ran" test ! -e "$TMP/run/pwned" -a \
    ! -e "$TMP/run/pwned2"

akey=$($TW --db "$hdb" ls --kind credential --format json | python3 -c '
import json, sys
print([n["key"] for n in json.load(sys.stdin) if n["key"].endswith("--all")][0])')
out=$($TW --db "$hdb" revokers "$akey")
check_match "a name read as an option is not rendered" \
    "delete the secret: not shown: its name is missing or holds" "$out"

done_testing
