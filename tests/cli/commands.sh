#!/bin/sh
# The headless commands on real case files: import summaries, listings in
# each format, show, exit codes for bad input, unknown keys and damaged
# case files, and terminal safety of everything printed.
. "$(dirname "$0")/../lib.sh"

fx="$TW_ROOT/tests/fixtures/opengraph"
db="$TMP/case.db"

out=$($TW --db "$db" import "$fx/basic.json" 2>&1)
check_eq "import exits 0" 0 $?
check_match "import prints counts" \
    "11 nodes, 10 edges, 1 placeholders, 0 warnings" "$out"
check_match "import prints the source" "source github:fixture-org" "$out"
check_match "import prints elapsed time" "in [0-9]+\.[0-9]+ s" "$out"
check_eq "case file is mode 0600" 600 "$(stat -c %a "$db")"

out=$($TW --db "$db" ls)
check_match "ls table has a header" "^KIND +NAME +SOURCE +DEGREE +KEY" "$out"
check_eq "ls lists every node" 12 "$(printf '%s\n' "$out" | wc -l)"
out=$($TW --db "$db" ls --kind human --format csv | tr -d '\r')
check_eq "ls --kind filters" 3 "$(printf '%s\n' "$out" | wc -l)"
out=$($TW --db "$db" ls --format json)
n=$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d), all({"key","kind","name","source"} <= set(x) for x in d))')
check_eq "ls json is an array of nodes" "11 True" "$n"

out=$($TW --db "$db" show alice)
check_match "show by name" "^key +github:U_alice" "$out"
check_match "show lists edges by kind" "has_role \(1\)" "$out"
out=$($TW --db "$db" show --format json github:R_api)
n=$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["kind"], len(d["out"]), len(d["in"]), d["attributes"]["visibility"])')
check_eq "show json" "system 1 4 private" "$n"

$TW --db "$db" show nobody >/dev/null 2>"$TMP/err"
check_eq "unknown key exits 1" 1 $?
check_match "unknown key says so" "no node matches" "$(cat "$TMP/err")"

$TW --db "$db" ls --kind wizard >/dev/null 2>&1
check_eq "bad option value exits 1" 1 $?
$TW --db "$db" frobnicate >/dev/null 2>&1
check_eq "unknown command exits 1" 1 $?
$TW --db "$db" import --format csv-like "$fx/basic.json" >/dev/null 2>"$TMP/err"
check_eq "unknown --format exits 1" 1 $?
check_match "unknown --format names it" 'unknown format "csv-like"' \
    "$(cat "$TMP/err")"

out=$($TW formats)
check_match "formats lists opengraph" "^opengraph " "$out"
out=$($TW --help)
check_match "help lists commands" "import +import export files" "$out"
check_match "help lists exit codes" "2 bad input" "$out"

# Bad input: rejected whole, exit 2, case file unchanged.
sum=$(sqlite3 "$db" "SELECT count(*) FROM snapshot; SELECT count(*) FROM node")
$TW --db "$db" import "$fx/truncated.json" >/dev/null 2>"$TMP/err"
check_eq "truncated file exits 2" 2 $?
check_match "truncated file message names file and position" \
    "truncated.json: line 1, column [0-9]+" "$(cat "$TMP/err")"
$TW --db "$db" import "$fx/basic.json" "$fx/not-json.txt" >/dev/null 2>&1
check_eq "unknown format exits 2" 2 $?
$TW --db "$db" import "$TMP" >/dev/null 2>&1
check_eq "folder with nothing readable exits 2" 2 $?
$TW --db "$db" import "$TMP/missing.json" >/dev/null 2>&1
check_eq "missing file exits 2" 2 $?
check_eq "rejected imports leave the case unchanged" "$sum" \
    "$(sqlite3 "$db" "SELECT count(*) FROM snapshot; SELECT count(*) FROM node")"

out=$($TW --db "$db" import "$fx/malformed-records.json" 2>&1)
check_eq "malformed records exit 0" 0 $?
check_match "malformed records are marked partial" "\(partial\)" "$out"
check_match "warnings name file and record" \
    "malformed-records.json: graph.nodes\[1\]: node has no \"id\"" "$out"
$TW --db "$db" import --strict "$fx/malformed-records.json" >/dev/null 2>&1
check_eq "--strict turns warnings into rejection" 2 $?

# Case file errors.
$TW --db "$TMP/none.db" ls >/dev/null 2>"$TMP/err"
check_eq "missing case exits 3" 3 $?
check_match "missing case says what to do" "trustwalk import" \
    "$(cat "$TMP/err")"
chmod 666 "$db"
$TW --db "$db" ls >/dev/null 2>&1
check_eq "world-writable case exits 3" 3 $?
chmod 600 "$db"
TRUSTWALK_DB="$db" $TW ls >/dev/null 2>&1
check_eq "TRUSTWALK_DB names the case" 0 $?
$TW import "$fx/basic.json" >/dev/null 2>&1
check "default case under XDG_DATA_HOME" \
    test -f "$XDG_DATA_HOME/trustwalk/trustwalk.db"
check_eq "default case folder is mode 0700" 700 \
    "$(stat -c %a "$XDG_DATA_HOME/trustwalk")"

# Hostile names never reach the terminal raw.
$TW --db "$db" import "$fx/hostile-names.json" >/dev/null 2>&1
for cmd in "ls" "ls --format csv" "ls --format json" "show evil" \
    "show --format json evil"; do
	# shellcheck disable=SC2086
	# CSV records end in CRLF; only a CR inside a line would be raw.
	$TW --db "$db" $cmd 2>&1 | sed 's/\r$//' >"$TMP/out"
	if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" \
	    "$TMP/out" || grep -q "$(printf '\342\200\256')" "$TMP/out"; then
		not_ok "$cmd prints no control or bidi characters" \
		    "$(od -c "$TMP/out" | head -20)"
	else
		ok "$cmd prints no control or bidi characters"
	fi
done
out=$($TW --db "$db" ls --format csv)
check_match "csv escapes formulas" "'=cmd\|calc" "$out"
out=$($TW --db "$db" show evil)
check_match "show marks escapes visibly" 'mallory\\x1b\[2J' "$out"
check_match "show escapes bidi overrides" "<U\+202E>txt.exe" "$out"

done_testing
