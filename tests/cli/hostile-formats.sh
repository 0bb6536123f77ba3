#!/bin/sh
# Hostile text from every format but OpenGraph (tests/cli/hostile.sh has
# that one) through every command and the interface. The exports of
# tests/tools/gen-format-hostile.py put escape sequences, C0 and C1
# controls, bidirectional and invisible characters, line breaks and
# invalid UTF-8 into names, keys, attributes, dates, edges, file and
# folder names. Nothing printed on stdout or stderr, written to the debug
# log or an export, or drawn on the screen may hold such a character raw.
# Canary secrets sit among the hostile text: none may appear in any of
# these, nor in the case file, its -wal file or its dump by sqlite3.
. "$(dirname "$0")/../lib.sh"

in="$TMP/in"
db="$TMP/case.db"
outdir="$TMP/out"
canaries="$TMP/canaries"
mkdir -p "$outdir"
python3 "$TW_ROOT/tests/tools/gen-format-hostile.py" "$in" "$canaries"
sqlite3 "$in/roadrecon.db" <"$in/roadrecon.sql" ||
    not_ok "make the ROADrecon database"

$TW -v --db "$db" import "$in/aws/authz.json" "$in/aws/credreport.csv" \
    "$in/k8s/cluster.yaml" "$in/github" "$in/entra" "$in/gcp" \
    "$in/roadrecon.db" >"$outdir/import" 2>&1
check_eq "hostile exports of every format import" 0 $?
check_match "every file is a snapshot" "imported 7 files" \
    "$(cat "$outdir/import")"
check_match "the secrets are warnings" \
    "replaced by (its|their) fingerprint" "$(cat "$outdir/import")"
check_match "a warning names the file and the record" \
    "authz\.json: UserDetailList\[0\]" "$(cat "$outdir/import")"
check_match "the import is marked partial" "\(partial\)" \
    "$(cat "$outdir/import")"
check_safe "import output is terminal-safe" "$outdir/import"
# A second import of one file gives diff something to compare.
$TW --db "$db" import "$in/k8s/cluster.yaml" >"$outdir/import2" 2>&1
check_safe "second import output is terminal-safe" "$outdir/import2"

# The keys of a credential, a role and a workload, for the commands that
# take one; every key contains hostile text.
keys="$TMP/keys"
$TW --db "$db" ls --format json | python3 -c '
import json, sys
nodes = json.load(sys.stdin)
def first(kind):
    return next(n["key"] for n in nodes if n["kind"] == kind)
with open(sys.argv[1], "w") as f:
    json.dump({"all": [n["key"] for n in nodes],
               "credential": first("credential"), "role": first("role"),
               "workload": first("workload")}, f)' "$keys"
check_eq "keys of the hostile nodes" 0 $?

# cmd NAME ARGS...: run a command with the debug log on, keep its output.
cmd() {
	name=$1
	shift
	$TW -v --db "$db" "$@" >"$outdir/$name" 2>&1
}

cmd ls ls
cmd ls-json ls --format json
cmd ls-csv ls --format csv
cmd ls-kind ls --kind credential
cmd blast blast
cmd jewels crown-jewels
cmd choke chokepoints
cmd snapshots snapshots
cmd diff diff
cmd diff-json diff --format json
cmd diff-md diff --format md
cmd joins joins
cmd joins-json joins --format json
for f in opengraph graphml dot csv jsonl md; do
	cmd "export-$f" export --format "$f"
done
cmd export-edges export --format csv --table edges

# Commands that take keys, driven from Python so that the keys reach
# them byte for byte: show on every node, and reach, who-can and path.
python3 - "$TW" "$db" "$keys" "$outdir" <<'EOF'
import json, subprocess, sys
tw, db, keys, out = sys.argv[1:5]
k = json.load(open(keys))
def run(name, *args):
    with open(out + "/" + name, "wb") as f:
        subprocess.run([tw, "-v", "--db", db] + list(args), stdout=f,
                       stderr=subprocess.STDOUT)
for i, key in enumerate(k["all"]):
    run("show.%d" % i, "show", key)
    run("show-json.%d" % i, "show", "--format", "json", key)
run("reach", "reach", k["workload"])
run("reach-json", "reach", "--format", "json", k["workload"])
run("who-can", "who-can", k["role"])
run("path", "path", k["workload"], k["role"])
run("path-csv", "path", "--format", "csv", k["workload"], k["role"])
run("export-reach", "export", "--format", "md", "--reach", k["workload"])
run("note", "note", k["credential"], "seen \x1b[2J here")
run("tag", "tag", k["credential"], "suspect")
run("review", "review", k["role"], "confirmed")
EOF
cmd journal journal
cmd journal-md journal --format md
cmd journal-json journal --format json
cp "$XDG_STATE_HOME/trustwalk/trustwalk.log" "$outdir/debug-log"

for f in "$outdir"/*; do
	check_safe "${f##*/} is terminal-safe" "$f"
done
n=$(ls "$outdir" | wc -l)
check "every command ran ($n outputs)" test "$n" -ge 100

# The interface: the list, then a walk and its attributes on each of the
# first nodes, the snapshots and the diff, captured with colours.
screens="$TMP/screens"
mkdir -p "$screens"
tui_start 100 30 --db "$db"
tui_wait "Enter walk" || not_ok "interface starts" "$(tui_screen)"
tmux -S "$TUI_SOCK" capture-pane -e -p -t tw >"$screens/list"
# tui_wait counts with i, so the nodes are counted with node.
node=0
while [ $node -lt 12 ]; do
	tui_keys g
	j=0
	while [ $j -lt $node ]; do
		tui_keys j
		j=$((j + 1))
	done
	tui_keys Enter
	tui_wait "key     " || not_ok "walk to node $node" "$(tui_screen)"
	tmux -S "$TUI_SOCK" capture-pane -e -p -t tw >"$screens/walk.$node"
	tui_keys a
	tui_wait "attributes (a: back" ||
	    not_ok "attributes of node $node" "$(tui_screen)"
	tmux -S "$TUI_SOCK" capture-pane -e -p -t tw >"$screens/attrs.$node"
	tui_keys a BSpace
	tui_wait "Enter walk" || not_ok "back from node $node" "$(tui_screen)"
	node=$((node + 1))
done
tui_keys S
tui_wait "IMPORTED (UTC)" || not_ok "snapshots view" "$(tui_screen)"
tmux -S "$TUI_SOCK" capture-pane -e -p -t tw >"$screens/snapshots"
tui_keys Escape D
sleep 0.3
tmux -S "$TUI_SOCK" capture-pane -e -p -t tw >"$screens/diff"
tui_keys Escape q
tui_stop
for f in "$screens"/*; do
	check_safe "screen ${f##*/} is terminal-safe" "$f" --screen
done
plain=$(cat "$screens"/* | sed "s/$(printf '\033')\[[0-9;]*m//g")
check_match "screens show escapes" '\\x1b\[2J\\x1b\]0;pwned\\x07' "$plain"
check_match "screens show bidi controls" '<U\+202E>evil<U\+202C>' "$plain"
n=$(ls "$screens" | wc -l)
check "every screen was captured ($n)" test "$n" -eq 27

# The case keeps the text as it came, to be escaped on the way out, but
# no secret: search the case file, its -wal file and sqlite3's dump of it
# for every canary, along with every output and screen.
sqlite3 "$db" 'PRAGMA integrity_check' >"$TMP/integrity" 2>&1
check_eq "the case passes the integrity check" ok "$(cat "$TMP/integrity")"
sqlite3 "$db" .dump >"$TMP/dump.sql" 2>&1
check_match "the dump contains the hostile text" "$(printf '\033')\\[2J" \
    "$(cat "$TMP/dump.sql")"
check_match "the dump contains the markers" '\[secret:github_token:' \
    "$(cat "$TMP/dump.sql")"
hits=""
nsearched=0
while IFS= read -r c; do
	for f in "$db" "$db-wal" "$TMP/dump.sql" "$outdir"/* "$screens"/*; do
		[ -f "$f" ] || continue
		nsearched=$((nsearched + 1))
		if grep -a -F -q -- "$c" "$f"; then
			hits="$hits
${f##*/}: $c"
		fi
	done
done <"$canaries"
check_eq "no canary in the case, its dump, any output or screen" "" "$hits"
check "searched $(wc -l <"$canaries") canaries ($nsearched searches)" \
    test "$(wc -l <"$canaries")" -eq 7 -a "$nsearched" -ge 900
done_testing
