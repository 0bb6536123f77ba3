#!/bin/sh
# The sqlite3 peer of the benchmark: load the edge list into a table with
# an index on the start node, then answer the first five seeds' reaches
# and shortest paths with recursive queries, in one sqlite3 session.
# Prints "name value" lines: load_s, cold_five_reaches_ms (load and the
# five reaches), reach and path times in ms for each of the five.
#
# usage: sqlite-peer.sh ESTATE_DIR DB TIMEOUT_SECONDS
set -eu
DIR=$1
DB=$2
LIMIT=$3
rm -f "$DB"

start=$(date +%s.%N)
timeout "$LIMIT" sqlite3 "$DB" <<SQL
CREATE TABLE e (src INTEGER NOT NULL, dst INTEGER NOT NULL);
.mode list
.separator " "
.import $DIR/edges.txt e
CREATE INDEX e_src ON e (src, dst);
SQL
end=$(date +%s.%N)
load=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
echo "load_s $load"

# Reach: every node reachable from a; path: the depth of b in a
# breadth-first order (ORDER BY makes the recursion a queue by depth),
# at most 12 hops.
head -n 5 "$DIR/seeds.txt" | {
	echo ".timer on"
	while read -r a b ka kb; do
		echo "WITH RECURSIVE r(n) AS (SELECT $a UNION SELECT e.dst FROM e JOIN r ON e.src = r.n) SELECT count(*) FROM r;"
		echo "WITH RECURSIVE r(n, d) AS (SELECT $a, 0 UNION SELECT e.dst, r.d + 1 FROM r JOIN e ON e.src = r.n WHERE r.d < 12 ORDER BY 2) SELECT d FROM r WHERE n = $b LIMIT 1;"
	done
} > "$DB.sql"
timeout "$LIMIT" sqlite3 "$DB" < "$DB.sql" > "$DB.out"
awk -v load="$load" '
/^Run Time: real/ {
	ms = $4 * 1000
	if (n % 2 == 0) { reach[++nr] = ms; total += ms } else path[++np] = ms
	n++
}
END {
	printf "cold_five_reaches_ms %.3f\n", load * 1000 + total
	for (i = 1; i <= nr; i++) printf "reach%d_ms %.3f\n", i, reach[i]
	for (i = 1; i <= np; i++) printf "path%d_ms %.3f\n", i, path[i]
	printf "reach_mean_ms %.3f\n", total / (nr > 0 ? nr : 1)
}' "$DB.out"
