#!/bin/sh
# Secrets never reach the case, its -wal and -shm files, any output, the
# debug log or the screen. tests/tools/gen-canaries.py writes an
# OpenGraph file seeded with fresh canary secrets: AWS, GitHub, a
# Kubernetes token Secret, PEM keys, client secrets, passwords, a JWT,
# Slack, a URL password, and base64 forms. It is imported while another
# connection keeps the case open, so the -wal file keeps what the import
# wrote. Then every command and the interface show the nodes, and every
# file is searched for every canary: there must be no hit. The markers
# that replace the secrets carry the case's fingerprint, the same for the
# same secret. Files trustwalk creates are private.
. "$(dirname "$0")/../lib.sh"

db="$TMP/case.db"
input="$TMP/canaries.json"
canaries="$TMP/canaries.txt"
python3 "$TW_ROOT/tests/tools/gen-canaries.py" "$input" "$canaries"
art="$TMP/artifacts"
mkdir -p "$art"

$TW --db "$db" import --quiet "$TW_ROOT/tests/fixtures/opengraph/basic.json" \
    >/dev/null 2>&1 || not_ok "import the first snapshot"

# Hold the case open in the interface, so that the import's pages stay in
# the -wal file instead of being checkpointed away when it closes.
tui_start 120 40 --db "$db"
tui_wait "Enter walk" || not_ok "interface holds the case open"

$TW -v --db "$db" import "$input" >"$art/import.out" 2>&1
check_eq "canary import exits 0" 0 $?
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
i=0
for args in "ls" "ls --format json" "ls --format csv" \
    "show canary:ci-app" "show --format json canary:ci-app" \
    "show canary:sa-token" "show --format json canary:sa-token" \
    "show canary:ops-db" "show --format json canary:ops-db" \
    "show runner" "show --format json runner"; do
	i=$((i + 1))
	# shellcheck disable=SC2086
	$TW -v --db "$db" $args >"$art/cmd.$i" 2>&1 ||
	    not_ok "$args" "$(cat "$art/cmd.$i")"
done
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
    "ci runner"; do
	n=$((n + 1))
	tui_keys /
	tui_text "$name"
	tui_keys Enter Enter
	tui_wait "key     canary" || not_ok "walk to $name" "$(tui_screen)"
	tmux -S "$TUI_SOCK" capture-pane -e -p -t tw >"$art/screen.$n.walk"
	tui_keys a
	tui_wait "attributes (a: back" || not_ok "attributes of $name"
	tmux -S "$TUI_SOCK" capture-pane -e -p -t tw >"$art/screen.$n.attrs"
	tui_keys a BSpace Escape
	tui_wait "Enter walk"
done
tui_keys q
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
    test "$ncan" -ge 20 -a "$nfiles" -ge 20

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
