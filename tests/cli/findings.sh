#!/bin/sh
# trustwalk findings and trustwalk accept on the findings fixture and on
# the bundled demo estate. The checks cover every output format (SARIF
# by its structure), --rule, --severity, --fail-on and its exit status
# 4, acceptance and its lapse, and the configuration's thresholds and
# environment matchers. They also cover read-only cases and terminal
# safety.
. "$(dirname "$0")/../lib.sh"

db="$TMP/case.db"
$TW --db "$db" import --quiet "$TW_ROOT/tests/fixtures/findings/estate.json" \
    >/dev/null 2>&1 || not_ok "import fixture"
now="--now 2026-12-01"
tw() { $TW --db "$db" $now "$@"; }
pyjson() { python3 -c "import json,sys; d=json.load(sys.stdin); $1"; }

# table
out=$(tw findings)
check_eq "findings exits 0" 0 $?
check_match "table header" "^SEVERITY +RULE +NODE +KIND +STATE +MESSAGE" "$out"
check_match "table row" \
    "^critical +crown-jewel-reach +key:crown +credential +open +reaches crown jewel db:crown in 4 steps" \
    "$out"
check_match "table summary" \
    "^[0-9]+ findings: 3 critical, [0-9]+ high, [0-9]+ medium open; 0 accepted, 0 lapsed$" \
    "$out"
check_nomatch "table prints no escape character" "$(printf '\033')" "$out"
check_match "table escapes hostile names" 'evil\\x1b\[2J<U\+202E>sa' "$out"
first=$(printf '%s\n' "$out" | sed -n 2p | awk '{print $1}')
check_eq "most severe first" "critical" "$first"

# json
n=$(tw findings --format json | pyjson '
f = [x for x in d if x["rule"] == "crown-jewel-reach"][0]
print(len(d), f["severity"], f["key"], f["kind"], f["state"],
    f["acceptance"], f["evidence"]["related"][0]["key"],
    len(f["evidence"]["path"]), f["evidence"]["path"][-1]["to"],
    f["owasp"], f["nist_csf"])')
check_match "json finding with evidence" \
    "^[0-9]+ critical fx:key:crown credential open None fx:db:crown 4 fx:db:crown \['NHI5:2025 Overprivileged NHI'\] \['PR.AA-05'\]$" \
    "$n"
n=$(tw findings --format json | pyjson '
print(all(set(["rule", "severity", "key", "evidence", "name", "source",
    "message", "state", "title"]) <= set(x) for x in d))')
check_eq "json findings have rule, severity, key and evidence" "True" "$n"
n=$(tw findings --format json --rule stale-credential | pyjson '
print(d[0]["evidence"]["values"]["last_used_at"], d[1]["evidence"]["values"]["last_used_at"])')
check_eq "json evidence values" "never 2026-08-01T00:00:00Z" "$n"

# csv
out=$(tw findings --format csv --rule reused-identity | tr -d '\r')
check_eq "csv header and row" "severity,rule,key,name,kind,state,message,related,path,reason,until
medium,reused-identity,fx:sa:busy,sa:busy,service_account,open,\"4 workloads run as it (more than 3)\",\"fx:wl:busy0 fx:wl:busy1 fx:wl:busy2 fx:wl:busy3\",,," \
    "$out"
out=$(tw findings --format csv --rule crown-jewel-reach | tr -d '\r' | sed -n 2p)
check_match "csv path as keys" \
    "fx:key:crown > fx:sa:crown > fx:role:db > fx:priv:db > fx:db:crown" "$out"

# sarif
tw findings --format sarif >"$TMP/f.sarif"
check_eq "sarif exits 0" 0 $?
n=$(python3 - "$TMP/f.sarif" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0", "version"
assert d["$schema"].endswith("sarif-2.1.0.json"), "schema"
run = d["runs"][0]
rules = run["tool"]["driver"]["rules"]
ids = [r["id"] for r in rules]
assert len(ids) == 20, "rule count"
assert len(set(ids)) == 20, "rule ids unique"
for r in rules:
    assert r["shortDescription"]["text"] and r["fullDescription"]["text"]
    assert r["help"]["text"], "help"
    assert r["defaultConfiguration"]["level"] in ("note", "warning", "error")
    assert r["properties"]["owasp"][0].startswith("NHI"), "owasp"
    assert r["properties"]["nist_csf"], "nist"
agent = [r for r in rules if r["id"] == "no-escalation-path"][0]
assert agent["properties"]["ai_rmf"] == ["GOVERN 2.1"], "ai rmf"
for res in run["results"]:
    assert ids[res["ruleIndex"]] == res["ruleId"], "rule index"
    assert res["level"] in ("note", "warning", "error")
    assert res["message"]["text"]
    loc = res["locations"][0]["logicalLocations"][0]
    assert loc["fullyQualifiedName"].startswith("fx:"), "location"
    assert "suppressions" not in res
crown = [r for r in run["results"] if r["ruleId"] == "crown-jewel-reach"][0]
print(len(run["results"]), crown["level"],
    crown["locations"][0]["logicalLocations"][0]["fullyQualifiedName"])
EOF
)
check_match "sarif structure" "^[0-9]+ error fx:key:crown$" "$n"

# --rule and --severity
out=$(tw findings --format csv --rule public-access,reused-identity | tr -d '\r' |
    cut -d, -f2 | sort -u | tr '\n' ' ')
check_eq "--rule takes a list" "public-access reused-identity rule " "$out"
out=$(tw findings --rule no-such-rule 2>&1)
check_eq "--rule with an unknown id exits 1" 1 $?
check_match "--rule names the rules" "no rule \"no-such-rule\"; the rules are stale-credential" "$out"
out=$(tw findings --format csv --severity high | tr -d '\r' | sed 1d |
    cut -d, -f1 | sort -u | tr '\n' ' ')
check_eq "--severity high keeps high and critical" "critical high " "$out"
tw findings --severity nope >/dev/null 2>&1
check_eq "--severity with a bad name exits 1" 1 $?
tw findings --format xml >/dev/null 2>&1
check_eq "--format with a bad name exits 1" 1 $?

# --fail-on
tw findings --fail-on critical >/dev/null
check_eq "--fail-on critical exits 4" 4 $?
tw findings --fail-on high --rule stale-credential >/dev/null
check_eq "--fail-on above what the rule finds exits 0" 0 $?
tw findings --fail-on medium --rule stale-credential >/dev/null
check_eq "--fail-on medium on stale credentials exits 4" 4 $?
tw findings --format json --fail-on low --rule reused-identity >"$TMP/out"
check_eq "--fail-on with json exits 4" 4 $?
check_eq "--fail-on still prints" 1 "$(pyjson 'print(len(d))' <"$TMP/out")"

# accept and lapse
out=$(tw accept reused-identity sa:busy --reason "splitting it" \
    --until 2027-01-15)
check_eq "accept exits 0" 0 $?
check_eq "accept confirms" "fx:sa:busy: reused-identity accepted" "$out"
out=$(tw findings --rule reused-identity)
check_match "accepted finding is still listed" \
    "reused-identity +sa:busy +service_account +accepted to 2027-01-15" "$out"
check_match "summary counts it accepted" "0 accepted|1 accepted" "$out"
tw findings --fail-on low --rule reused-identity >/dev/null
check_eq "an accepted finding does not fail the gate" 0 $?
n=$(tw findings --format json --rule reused-identity | pyjson '
print(d[0]["state"], d[0]["acceptance"]["reason"], d[0]["acceptance"]["until"])')
check_eq "json acceptance" "accepted splitting it 2027-01-15T00:00:00Z" "$n"
n=$(tw findings --format sarif --rule reused-identity | pyjson '
s = d["runs"][0]["results"][0]["suppressions"][0]
print(s["kind"], s["status"], s["justification"])')
check_eq "sarif suppression of an accepted finding" \
    "external accepted splitting it" "$n"
out=$($TW --db "$db" --now 2027-02-01 findings --rule reused-identity)
check_match "after its date the acceptance has lapsed" \
    "sa:busy +service_account +lapsed 2027-01-15" "$out"
$TW --db "$db" --now 2027-02-01 findings --fail-on low \
    --rule reused-identity >/dev/null
check_eq "a lapsed acceptance fails the gate again" 4 $?
out=$(tw accept)
check_match "accept lists the acceptances" \
    "^reused-identity +fx:sa:busy +accepted +2027-01-15 +splitting it" "$out"
out=$($TW --db "$db" --now 2027-02-01 accept --format json | pyjson '
print(d[0]["rule"], d[0]["key"], d[0]["lapsed"])')
check_eq "accept json shows the lapse" "reused-identity fx:sa:busy True" "$out"
check_eq "the acceptance is in the journal" "accept fx:sa:busy reused-identity" \
    "$(tw journal --format json | pyjson '
j = [x for x in d if x["action"] == "accept"][0]
print(j["action"], j["key"], j["detail"]["rule"])')"
check_match "the journal timeline names the acceptance" \
    "accepted the finding reused-identity on sa:busy \(\`fx:sa:busy\`\) until 2027-01-15: splitting it" \
    "$(tw journal --format md)"
out=$(tw accept --remove reused-identity sa:busy)
check_eq "accept --remove withdraws it" \
    "fx:sa:busy: reused-identity no longer accepted" "$out"
check_match "withdrawn: open again" "sa:busy +service_account +open" \
    "$(tw findings --rule reused-identity)"

out=$(tw accept reused-identity sa:busy 2>&1)
check_eq "accept without a reason exits 1" 1 $?
check_match "accept asks for a reason" "needs a reason" "$out"
out=$(tw accept nope sa:busy --reason x 2>&1)
check_eq "accept of an unknown rule exits 1" 1 $?
tw accept reused-identity no-such-node --reason x >/dev/null 2>&1
check_eq "accept of an unknown node exits 1" 1 $?
tw accept reused-identity sa:busy --reason x --until tomorrow >/dev/null 2>&1
check_eq "accept with a bad date exits 1" 1 $?
$TW --db "$db" --read-only accept reused-identity sa:busy --reason x \
    >/dev/null 2>&1
check_eq "accept on a read-only case exits 1" 1 $?
check_eq "read-only: nothing accepted" 0 \
    "$(sqlite3 "$db" "SELECT count(*) FROM acceptance")"
$TW --db "$db" --read-only $now findings >/dev/null
check_eq "findings on a read-only case" 0 $?

# configuration
mkdir -p "$XDG_CONFIG_HOME/trustwalk"
printf '[findings]\nstale_after = 200d\nmax_workloads = 4\n' \
    >"$XDG_CONFIG_HOME/trustwalk/config"
out=$(tw findings --format csv --rule stale-credential,reused-identity |
    tr -d '\r' | sed 1d | cut -d, -f3 | tr '\n' ' ')
check_eq "thresholds from the configuration" "fx:key:never " "$out"
printf '[environments]\nprod = key:fx:sys:dev\ndev = name:sa:devlocal\n' \
    >"$XDG_CONFIG_HOME/trustwalk/config"
out=$(tw findings --format csv --rule environment-crossing | tr -d '\r' |
    sed 1d | cut -d, -f3)
check_eq "environments from the configuration" "fx:sa:devlocal" "$out"
printf '[environments]\n# prod systems\nprod = env:prod, colour:red\n' \
    >"$XDG_CONFIG_HOME/trustwalk/config"
out=$(tw findings 2>&1)
check_eq "a bad matcher exits 1" 1 $?
check_match "a bad matcher names the file and line" \
    "trustwalk/config:3: \[environments\] prod: \"colour:red\" is not a matcher" \
    "$out"
printf '[findings]\nstale_days = 90\n' >"$XDG_CONFIG_HOME/trustwalk/config"
out=$(tw findings 2>&1)
check_eq "an unknown key exits 1" 1 $?
check_match "an unknown key names the line" \
    "config:2: unknown key \"stale_days\" in \[findings\]" "$out"
printf '[findings]\nstale_after = soon\n' >"$XDG_CONFIG_HOME/trustwalk/config"
out=$(tw findings 2>&1)
check_eq "a bad duration exits 1" 1 $?
check_match "a bad duration names the line" "config:2: \"soon\" is not a duration" \
    "$out"
rm -f "$XDG_CONFIG_HOME/trustwalk/config"

# the demo estate: every rule fires at least once
demo="$TMP/demo.db"
$TW --db "$demo" --now 2026-11-01 import --quiet "$TW_ROOT/samples/demo-earlier" \
    >/dev/null 2>&1
$TW --db "$demo" --now 2026-12-01 import --quiet "$TW_ROOT/samples/demo" \
    >/dev/null 2>&1
out=$($TW --db "$demo" --now 2026-12-01 findings --format json | pyjson '
print(" ".join(sorted(set(x["rule"] for x in d))))')
all=$($TW --db "$demo" --now 2026-12-01 findings --format sarif | pyjson '
print(" ".join(sorted(r["id"] for r in d["runs"][0]["tool"]["driver"]["rules"])))')
check_eq "every rule fires on the demo estate" "$all" "$out"
check_match "the usage rules are among them" \
    "granted-unused .*lateral-movement .*observed-crossing .*unusual-use" "$out"
out=$($TW --db "$demo" --now 2026-12-01 findings --format csv \
    --rule stale-credential | tr -d '\r' | sed 1d | cut -d, -f3 | sort |
    tr '\n' ' ')
check_eq "demo: the planted stale keys" \
    "acme:cloud:prod:key:ci-deployer-2 acme:cloud:prod:key:reporting-2024 github:GH_DeployKey_R_acme_infra_81002 " \
    "$out"
out=$($TW --db "$demo" --now 2026-12-01 diff --format json | pyjson '
print(" ".join(x["rule"] + ":" + x["key"] for x in d["findings_opened"]))')
# Sources imported once are judged at both times, so credentials of
# theirs that came within 30 days of expiry in the month open too.
for f in expired-or-expiring:acme:cloud:prod:cert:settlement-sftp \
    crown-jewel-reach:acme:cloud:prod:key:fraud-scorer-1 \
    stale-credential:acme:cloud:prod:key:reporting-2024; do
	check_match "demo: the month opened $f" "(^| )$f( |$)" "$out"
done
check_nomatch "demo: no finding of an unchanged source opened but expiry" \
    "(^| )(crown-jewel-reach|stale-credential|over-privileged):(entra|gcp)" \
    "$out"
out=$($TW --db "$demo" --now 2026-12-01 diff --format json | pyjson '
print(" ".join(x["rule"] + ":" + x["key"] for x in d["findings_closed"]))')
check_match "demo: findings closed with the legacy batch account" \
    "over-privileged:acme:cloud:prod:sa:batch-legacy" "$out"

# crown-jewel-reach and crown-jewels list the same credentials, hops
out=$($TW --db "$demo" --now 2026-12-01 findings --format json \
    --rule crown-jewel-reach | pyjson '
print(" ".join(sorted(x["key"] + ":" + str(len(x["evidence"]["path"]))
    for x in d)))')
want=$($TW --db "$demo" --now 2026-12-01 crown-jewels --format json | pyjson '
print(" ".join(sorted(p["credential"]["key"] + ":" + str(p["length"])
    for p in d["pairs"])))')
check_eq "demo: crown-jewel-reach matches crown-jewels" "$want" "$out"
check_match "demo: the opsbot token reaches the jewel" \
    "github:PAT_acme_opsbot_classic:" "$out"
check_match "demo: ledger-sync-token reaches it in 8 steps" \
    "acme:k8s:prod:payments:secret:ledger-sync-token:8" "$out"

# within a rule: severity, then the soonest expiry first
out=$($TW --db "$demo" --now 2026-12-01 findings --format json \
    --rule expired-or-expiring | pyjson '
print(" ".join(x["expires_at"][:10] for x in d))')
check_eq "demo: expiring findings soonest first" \
    "2026-10-15 2026-10-15 2026-12-06 2026-12-11 2026-12-19 2026-12-19" "$out"

done_testing
