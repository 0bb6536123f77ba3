#!/bin/sh
# The benchmark behind `make bench`. It generates a synthetic estate,
# imports it, and times cold start, walks, the filter, the blast
# radius and the findings with tests/bench/twbench, and the interface's
# first frame and keystrokes with tests/bench/replay.sh. It times
# python3-igraph, python3-networkx and an sqlite3 recursive query on the
# same edge list.
# Then it prints the tables and rewrites its section of
# docs/benchmarks.md with the tables of every size measured on this
# machine (kept in build/bench/SIZE/table.md).
#
# usage: tests/bench/bench.sh S|M|L
#   S: 100,000 identities, 1,000,000 edges
#   M: 1,000,000 identities, 10,000,000 edges
#   L: 5,000,000 identities, 50,000,000 edges
#
# Run from the top of the tree after `make all build/gen
# build/tests/twbench` (make bench does both). PEER_TIMEOUT (seconds,
# default 900) bounds each peer run; a peer that runs out is reported
# as "timed out".
set -eu

SIZE=${1:-S}
case $SIZE in
S) NODES=100000; EDGES=1000000 ;;
M) NODES=1000000; EDGES=10000000 ;;
L) NODES=5000000; EDGES=50000000 ;;
*) echo "bench.sh: unknown size \"$SIZE\" (expected S, M or L)" >&2; exit 2 ;;
esac

TW=./trustwalk
GEN=build/gen
TWB=build/tests/twbench
PY=/usr/bin/python3
PEER_TIMEOUT=${PEER_TIMEOUT:-900}
OUT=build/bench/$SIZE
DATA=$OUT/estate
CASE=$OUT/case.db
RES=$OUT/results.txt
TIMEF=$OUT/time.txt

mkdir -p "$OUT"
: > "$RES"

# put NAME VALUE: record one figure.
put() { echo "$1 $2" >> "$RES"; }
# get NAME: a recorded figure, or "-" when missing.
get() { awk -v k="$1" '$1 == k { v = $2 } END { print v == "" ? "-" : v }' "$RES"; }
# prefixed PREFIX FILE: record a harness's output under a prefix.
prefixed() { awk -v p="$1" 'NF == 2 { print p $1, $2 }' "$2" >> "$RES"; }
# measured PREFIX FILE: the same without the load figures every twbench
# run prints, so that graph-ready and the counts come from the open run.
measured() {
	awk -v p="$1" 'NF == 2 && $1 !~ /^(graph_ready_ms|nodes|edges)$/ {
		print p $1, $2 }' "$2" >> "$RES"
}
# calc EXPR: floating-point arithmetic, "-" when an operand is missing.
calc() {
	case "$1" in *-\ *|*\ -*|-) echo "-" ;; *) awk "BEGIN { printf \"%.2f\", $1 }" ;; esac
}
# timed FILE CMD...: run CMD under GNU time, wall seconds and peak kB to FILE.
timed() {
	f=$1; shift
	/usr/bin/time -f "%e %M" -o "$f" "$@"
}

put loadavg_start "$(cut -d' ' -f1 /proc/loadavg)"

echo "bench: generating size $SIZE ($NODES identities, $EDGES edges)"
rm -rf "$DATA"
timed "$TIMEF" "$GEN" -n "$NODES" -e "$EDGES" -s 1 "$DATA" > /dev/null
put gen_s "$(cut -d' ' -f1 "$TIMEF")"

echo "bench: importing"
rm -f "$CASE" "$CASE-wal" "$CASE-shm" "$CASE"-*
timed "$TIMEF" "$TW" --db "$CASE" import "$DATA/estate.json" > "$OUT/import.log" 2>&1
put import_s "$(cut -d' ' -f1 "$TIMEF")"
put import_peak_kb "$(cut -d' ' -f2 "$TIMEF")"
put input_mb "$(du -m "$DATA/estate.json" | cut -f1)"
timed "$TIMEF" "$TW" --db "$CASE" import "$DATA"/aws/*.json "$DATA"/gcp/*.jsonl \
    > "$OUT/import-cloud.log" 2>&1
put cloud_s "$(cut -d' ' -f1 "$TIMEF")"
put cloud_mb "$(cat "$DATA"/aws/*.json "$DATA"/gcp/*.jsonl | wc -c | awk '{ printf "%.1f", $1 / 1048576 }')"
put warnings "$(grep -h '^imported' "$OUT/import.log" "$OUT/import-cloud.log" | \
    sed 's/.* \([0-9]*\) warnings.*/\1/' | awk '{ s += $1 } END { print s }')"

echo "bench: opening the case"
# The first open after an import reads the rows and saves the model
# image; the second maps it.
"$TWB" open "$CASE" > "$OUT/open-rows.txt"
put tw_rows_open_ms "$(awk '$1 == "graph_ready_ms" { print $2 }' "$OUT/open-rows.txt")"
"$TWB" open "$CASE" > "$OUT/open.txt"
prefixed tw_ "$OUT/open.txt"

echo "bench: walks from 100 seeds"
"$TWB" walk "$CASE" "$DATA/seeds.txt" > "$OUT/walk.txt"
measured tw_ "$OUT/walk.txt"

echo "bench: filter replay"
"$TWB" filter "$CASE" tests/bench/keys.txt > "$OUT/filter.txt"
measured tw_ "$OUT/filter.txt"

echo "bench: the interface, keystroke to repaint (--replay)"
for geo in 160x48 80x24; do
	sh tests/bench/replay.sh "$CASE" "$geo" "$OUT/frames-$geo.log" \
	    > "$OUT/ui-$geo.txt"
	prefixed "ui${geo%x*}_" "$OUT/ui-$geo.txt"
done

echo "bench: blast radius"
"$TWB" blast "$CASE" > "$OUT/blast.txt"
measured tw_ "$OUT/blast.txt"

echo "bench: findings"
"$TWB" findings "$CASE" > "$OUT/findings.txt"
measured tw_ "$OUT/findings.txt"

for peer in igraph networkx; do
	echo "bench: python3-$peer"
	if timeout "$PEER_TIMEOUT" "$PY" tests/bench/peers.py "$peer" \
	    "$DATA/edges.txt" "$DATA/seeds.txt" > "$OUT/$peer.txt" 2>&1; then
		prefixed "${peer}_" "$OUT/$peer.txt"
	else
		echo "bench: python3-$peer failed or timed out; see $OUT/$peer.txt"
	fi
done

echo "bench: sqlite3 recursive query"
sh tests/bench/sqlite-peer.sh "$DATA" "$OUT/peer.db" "$PEER_TIMEOUT" \
    > "$OUT/sqlite.txt" 2>&1 || echo "bench: sqlite3 peer failed; see $OUT/sqlite.txt"
prefixed sqlite_ "$OUT/sqlite.txt"

put loadavg_end "$(cut -d' ' -f1 /proc/loadavg)"
sh tests/bench/report.sh "$SIZE" "$RES" > "$OUT/table.md"
cat "$OUT/table.md"
sh tests/bench/report.sh --doc docs/benchmarks.md
echo "bench: wrote docs/benchmarks.md"
