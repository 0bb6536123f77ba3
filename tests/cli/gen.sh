#!/bin/sh
# The benchmark's estate generator (samples/gen) and timing harness
# (tests/bench/twbench) on a small estate. The same seed writes the same
# bytes, and every file it writes imports without a warning. The edge
# list matches the imported graph, and the harness walks from every seed
# and finds what `trustwalk findings` finds.
. "$(dirname "$0")/../lib.sh"

GEN=$TW_ROOT/build/gen
TWB=$TW_ROOT/build/tests/twbench
db="$TMP/case.db"

# tree_digest DIR: one SHA-256 over the names and contents of its files.
tree_digest() {
	(cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum |
	    sha256sum | cut -d' ' -f1)
}

check "gen writes an estate" "$GEN" -n 2000 -e 20000 -s 7 "$TMP/a"
check "gen writes it again" "$GEN" -n 2000 -e 20000 -s 7 "$TMP/b"
check_eq "the same seed gives the same bytes" "$(tree_digest "$TMP/a")" \
    "$(tree_digest "$TMP/b")"
check_eq "the bytes of seed 7" \
    8174ccaef6778266722392dcd7e69713509d733c92ee5fcf701fce1cc0862268 \
    "$(tree_digest "$TMP/a")"
"$GEN" -n 2000 -e 20000 -s 8 "$TMP/c" >/dev/null
check_nomatch "another seed gives other bytes" "$(tree_digest "$TMP/a")" \
    "$(tree_digest "$TMP/c")"
check_eq "edge list lines" 20000 "$(wc -l < "$TMP/a/edges.txt")"
check_eq "node list lines" 2000 "$(wc -l < "$TMP/a/nodes.txt")"
check_eq "seed lines" 100 "$(wc -l < "$TMP/a/seeds.txt")"

out=$($TW --db "$db" import "$TMP/a/estate.json" 2>&1)
check_eq "the estate imports" 0 $?
check_match "every node and edge, no warning" \
    "imported 1 file: 2000 nodes, 20000 edges, 0 placeholders, 0 warnings" \
    "$out"
out=$($TW --db "$db" import "$TMP/a"/aws/*.json "$TMP/a"/gcp/*.jsonl 2>&1)
check_eq "the AWS and GCP slices import" 0 $?
check_match "four files, no warning" "imported 4 files: .* 0 warnings" \
    "$out"
check_nomatch "no file is partial" "partial" \
    "$($TW --db "$db" snapshots 2>&1)"

# The edge list and the case hold the same graph: every line's keys are
# an edge of the case.
line=$(sed -n 1234p "$TMP/a/edges.txt")
src=$(sed -n "$(( ${line% *} + 1 ))p" "$TMP/a/nodes.txt")
dst=$(sed -n "$(( ${line#* } + 1 ))p" "$TMP/a/nodes.txt")
check_match "an edge of the list is in the case" "$dst" \
    "$($TW --db "$db" show "$src" 2>&1)"

out=$("$TWB" walk "$db" "$TMP/a/seeds.txt" 2>&1)
check_eq "twbench walks" 0 $?
check_match "from every seed" "^reach_n 100$" "$out"
check_match "and finds paths" "^paths_found [1-9]" "$out"
out=$("$TWB" open "$db" 2>&1)
check_match "twbench opens the case" "^first_screen_ms [0-9.]+$" "$out"
check "the model image was saved" test -f "$db-model"
printf 'svc<<<|' > "$TMP/keys"
out=$("$TWB" filter "$db" "$TMP/keys" 2>&1)
check_match "twbench replays the filter" "^filter_n 7$" "$out"
out=$("$TWB" findings "$db" 2>&1)
check_eq "twbench runs the findings" 0 $?
check_match "and times them" "^findings_ms [0-9.]+$" "$out"
check_match "and each rule" "^rule_stale-credential_ms [0-9.]+$" "$out"
n=$($TW --db "$db" --now 2026-12-01 findings 2>&1 | tail -n 1)
check_match "as many findings as the command lists" \
    "^findings_n ${n%% *}$" "$out"

done_testing
