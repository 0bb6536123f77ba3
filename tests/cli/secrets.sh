#!/bin/sh
# Secrets never reach the case, its -wal and -shm files, any output, the
# debug log or the screen. tests/tools/gen-canaries.py writes an
# OpenGraph file seeded with fresh canary secrets: AWS, GitHub, a
# Kubernetes token Secret, PEM keys, client secrets, passwords, a JWT,
# Slack, a URL password, and base64 forms. tests/tools/gen-format-canaries.py
# writes canaries into an export of every other format: AWS authorization
# details and credential reports, Kubernetes, GitHub REST, Entra (Graph
# and a ROADrecon database) and GCP. They are imported while another
# connection keeps the case open, so the -wal file keeps what the import
# wrote. Then every command, every export format and the interface show
# the nodes, and every file is searched for every canary: there must be
# no hit. The markers that replace the secrets carry the case's
# fingerprint, the same for the same secret. Files trustwalk creates are
# private.
. "$(dirname "$0")/../lib.sh"

db="$TMP/case.db"
input="$TMP/canaries.json"
canaries="$TMP/canaries.txt"
python3 "$TW_ROOT/tests/tools/gen-canaries.py" "$input" "$canaries"
formats="$TMP/formats"
python3 "$TW_ROOT/tests/tools/gen-format-canaries.py" "$formats" \
    "$TMP/format-canaries.txt"
cat "$TMP/format-canaries.txt" >>"$canaries"
sqlite3 "$formats/roadrecon.db" <"$formats/roadrecon.sql" ||
    not_ok "make the ROADrecon database"
art="$TMP/artifacts"
mkdir -p "$art"

$TW --db "$db" import --quiet "$TW_ROOT/tests/fixtures/opengraph/basic.json" \
    >/dev/null 2>&1 || not_ok "import the first snapshot"

# Hold the case open in the interface, so that the import's pages stay in
# the -wal file instead of being checkpointed away when it closes.
tui_start 120 40 --db "$db"
tui_wait "Enter walk" || not_ok "interface holds the case open"

$TW -v --db "$db" import "$input" "$formats/aws/authz.json" \
    "$formats/aws/credreport.csv" "$formats/aws/credreport-response.json" \
    "$formats/k8s/cluster.yaml" "$formats/github" "$formats/entra" \
    "$formats/gcp" "$formats/roadrecon.db" >"$art/import.out" 2>&1
check_eq "canary import exits 0" 0 $?
# Each format finds the canaries it was given.
for f in authz.json credreport.csv credreport-response.json cluster.yaml \
    github entra gcp roadrecon.db; do
	check_match "$f: its secrets are warnings" \
	    "$f: .*replaced by (its|their) fingerprint" \
	    "$(cat "$art/import.out")"
done
check_match "a variable that looks like a credential is a warning" \
    "variables\[0\]: field value: the variable's value looks like a credential" \
    "$(cat "$art/import.out")"
check_match "a client secret's value is a warning" \
    "passwordCredentials\[0\]: field secretText: the value was replaced" \
    "$(cat "$art/import.out")"
check_match "each secret is a warning" \
    "field client_secret: the value was replaced by its fingerprint" \
    "$(cat "$art/import.out")"
check_match "shapes are found in ordinary fields" \
    "field description: a GitHub token was replaced by its fingerprint" \
    "$(cat "$art/import.out")"
check_match "the import is marked partial" "\(partial\)" \
    "$(cat "$art/import.out")"
check "the -wal file holds the import" test -s "$db-wal"
cp "$db" "$art/case.db"
cp "$db-wal" "$art/case.db-wal"
cp "$db-shm" "$art/case.db-shm" 2>/dev/null
check_eq "case file is mode 0600" 600 "$(stat -c %a "$db")"
check_eq "-wal file is mode 0600" 600 "$(stat -c %a "$db-wal")"
check_eq "-shm file is mode 0600" 600 "$(stat -c %a "$db-shm")"
tui_keys q
tui_stop

# Every command on the canary nodes, with the debug log on.
acct="aws:arn:aws:iam::111122223333"
app="entra:app:b0000000-0000-4000-8000-000000000001"
sa="gcp:serviceAccount:canary@canary-proj.iam.gserviceaccount.com"
i=0
for args in "ls" "ls --format json" "ls --format csv" \
    "show canary:ci-app" "show --format json canary:ci-app" \
    "show canary:sa-token" "show --format json canary:sa-token" \
    "show canary:ops-db" "show --format json canary:ops-db" \
    "show runner" "show --format json runner" \
    "show --format json $acct:user/canary-ci" \
    "show --format json $acct:user/canary-ci#policy/inline-canary" \
    "show --format json $acct:role/canary-role" \
    "show --format json $acct:role/canary-role#policy/encoded-canary" \
    "show --format json $acct:user/canary-ci#access_key_1" \
    "show --format json k8s:cluster:prod:sa:deployer" \
    "show --format json k8s:cluster:prod:secret:deployer-token" \
    "show --format json k8s:cluster:prod:secret:db" \
    "show --format json k8s:cluster:prod:deployment:api" \
    "show --format json github:O_kgDOcanary" \
    "show --format json github:T_kwDOcanary" \
    "show --format json github:R_kgDOcanary" \
    "show --format json github:GH_OrgVariable_O_kgDOcanary_DEPLOY_PAT" \
    "show --format json $app" \
    "show --format json $app#secret/e0000000-0000-4000-8000-000000000001" \
    "show --format json $app#cert/e0000000-0000-4000-8000-000000000002" \
    "show --format json $sa" \
    "show --format json entra:app:d0000000-0000-4000-8000-000000000003" \
    "show $acct:role/canary-role" "show $app" "show $sa" \
    "reach --format json $acct:user/canary-ci" \
    "reach k8s:cluster:prod:deployment:api" \
    "who-can --format json $app" \
    "path --format json k8s:cluster:prod:deployment:api \
k8s:cluster:prod:secret:db" \
    "blast" "snapshots" "diff" "diff --format json" "diff --format md" \
    "export --format opengraph" "export --format graphml" \
    "export --format dot" "export --format csv" \
    "export --format csv --table edges" "export --format jsonl" \
    "export --format md" "journal" "journal --format md"; do
	i=$((i + 1))
	# shellcheck disable=SC2086
	$TW -v --db "$db" $args >"$art/cmd.$i" 2>&1 ||
	    not_ok "$args" "$(cat "$art/cmd.$i")"
done
check_match "exports show the markers" '\[secret:' \
    "$(cat "$art"/cmd.*)"
# A secret typed on the command line is masked in the error message.
ghp=$(grep '^ghp_' "$canaries" | head -1)
$TW --db "$db" show "$ghp" >"$art/typed.out" 2>&1
check_match "a typed secret is masked in errors" \
    'no node matches "\[secret:github_token\]"' "$(cat "$art/typed.out")"
cp "$XDG_STATE_HOME/trustwalk/trustwalk.log" "$art/trustwalk.log"

# The interface on each canary node, with all its attributes.
tui_start 200 60 --db "$db"
tui_wait "Enter walk"
n=0
for name in "ci app" "deployer-token" "orders db" "deploy user key" \
    "ci runner" "canary-role" "canary-ci: access key 1" "prod/deployer" \
    "canary-org" "DEPLOY_PAT" "canary app secret" "certificate" \
    "rr app" "canary@canary-proj"; do
	n=$((n + 1))
	tui_keys /
	tui_text "$name"
	tui_keys Enter Enter
	tui_wait "key     " || not_ok "walk to $name" "$(tui_screen)"
	tmux -S "$TUI_SOCK" capture-pane -e -p -t tw >"$art/screen.$n.walk"
	tui_keys a
	tui_wait "attributes (a: back" || not_ok "attributes of $name"
	tmux -S "$TUI_SOCK" capture-pane -e -p -t tw >"$art/screen.$n.attrs"
	tui_keys a BSpace Escape
	tui_wait "Enter walk"
done
# The snapshots and the changes since the previous import.
tui_keys S
tui_wait "snapshots" && tmux -S "$TUI_SOCK" capture-pane -e -p -t tw \
    >"$art/screen.snapshots"
tui_keys Escape D
sleep 0.3
tmux -S "$TUI_SOCK" capture-pane -e -p -t tw >"$art/screen.diff"
tui_keys Escape q
tui_stop
check_match "screens show the markers" '\[secret:' "$(cat "$art"/screen.*)"

# Search everything for every canary.
hits=""
while IFS= read -r c; do
	[ -n "$c" ] || continue
	for f in "$art"/*; do
		if grep -a -F -q -- "$c" "$f"; then
			hits="$hits
${f##*/}: ${c}"
		fi
	done
done <"$canaries"
check_eq "no canary in the case, -wal, -shm, outputs, log or screens" \
    "" "$hits"
ncan=$(wc -l <"$canaries")
nfiles=$(ls "$art" | wc -l)
check "searched $ncan canaries in $nfiles files" \
    test "$ncan" -ge 60 -a "$nfiles" -ge 80

# Markers carry a fingerprint of 64 hex digits. The same secret gets the
# same marker, here a GitHub token in a description and its base64 on
# another node; different secrets get different ones.
app=$($TW --db "$db" show --format json canary:ci-app)
db_node=$($TW --db "$db" show --format json canary:ops-db)
ids=$(printf '%s\n%s\n' "$app" "$db_node" | python3 -c '
import json, re, sys
a = json.loads(sys.stdin.readline())["attributes"]
b = json.loads(sys.stdin.readline())["attributes"]
print(bool(re.fullmatch(r"\[secret:github_token:[0-9a-f]{64}\]", a["token"])),
      a["description"].split()[2] == b["ghp_copy_b64"],
      a["description"].split()[2] != a["token"])')
check_eq "fingerprints: 64 hex, equal for a secret, else different" \
    "True True True" "$ids"

# Files trustwalk makes in its default places are private.
XDG_DATA_HOME="$TMP/fresh" $TW import --quiet "$input" >/dev/null 2>&1
check_eq "default data folder is mode 0700" 700 \
    "$(stat -c %a "$TMP/fresh/trustwalk")"
check_eq "default case file is mode 0600" 600 \
    "$(stat -c %a "$TMP/fresh/trustwalk/trustwalk.db")"
check_eq "debug log is mode 0600" 600 \
    "$(stat -c %a "$XDG_STATE_HOME/trustwalk/trustwalk.log")"

# A case whose -wal file others can write is refused.
: >"$db-wal"
chmod 666 "$db-wal"
$TW --db "$db" ls >/dev/null 2>"$TMP/err"
check_eq "a -wal file others can write is refused" 3 $?
check_match "the refusal says why" "writable by other users" \
    "$(cat "$TMP/err")"
done_testing
