#!/bin/sh
# Crash consistency: `trustwalk import` is killed with SIGKILL at seeded
# random points of many imports of a generated OpenGraph file. After each
# kill the case file must pass PRAGMA integrity_check, every snapshot
# committed before must be there with all its nodes and edges, and the
# new snapshot must be either complete or absent. The -wal and -shm files
# left behind must have mode 0600.
#
# TW_CRASH_KILLS (default 50) sets the number of kills and TW_CRASH_SEED
# (default 20240601) the random points; a failure prints both, so that it
# can be replayed.
. "$(dirname "$0")/../lib.sh"

kills=${TW_CRASH_KILLS:-50}
seed=${TW_CRASH_SEED:-20240601}
db="$TMP/case.db"
input="$TMP/estate.json"
echo "# $kills kills, seed $seed"

python3 "$TW_ROOT/tests/tools/gen-opengraph.py" --nodes 20000 --edges 40000 \
    --seed 7 --source crash >"$input"

# now_ms: a monotonic-enough clock in milliseconds.
now_ms() {
	date +%s%3N
}

# The first import is the earlier snapshot every later check expects, and
# its duration sets the range of the kill points.
t0=$(now_ms)
$TW --db "$db" import --quiet "$input" >/dev/null 2>&1
check_eq "first import succeeds" 0 $?
duration=$(($(now_ms) - t0))
echo "# one import takes $duration ms"
nodes=$(sqlite3 "$db" "SELECT nodes FROM snapshot WHERE id = 1")
edges=$(sqlite3 "$db" "SELECT edges FROM snapshot WHERE id = 1")
check_eq "first snapshot counts" "20000 40000" "$nodes $edges"

# check_case: print "integrity=RESULT", "count=N" and one line per
# snapshot whose row does not match the rows it owns and the counts of
# the generated file, with one sqlite3 run.
check_case() {
	sqlite3 "$db" "SELECT 'integrity=' || group_concat(integrity_check)
	    FROM pragma_integrity_check; SELECT 'count=' || count(*) FROM
	    snapshot; WITH n AS (SELECT snap, count(*) c FROM node GROUP BY
	    snap), e AS (SELECT snap, count(*) c FROM edge GROUP BY snap)
	    SELECT 'snapshot ' || s.id || ': ' || s.nodes || ' ' || s.edges ||
	    ' ' || ifnull(n.c, 0) || ' ' || ifnull(e.c, 0) || ' ' ||
	    (s.edge_last - s.edge_first + 1) || ' ' || s.partial FROM
	    snapshot s LEFT JOIN n ON n.snap = s.id LEFT JOIN e ON
	    e.snap = s.id WHERE NOT (s.nodes = $nodes AND s.edges = $edges
	    AND n.c = $nodes AND e.c = $edges AND s.edge_last - s.edge_first
	    + 1 = $edges AND s.partial = 0)" 2>&1
}

# The kill points, in milliseconds, from 0 to 110% of one import, so that
# some kills land after the commit.
points=$(awk -v n="$kills" -v seed="$seed" -v d="$duration" 'BEGIN {
	srand(seed)
	for (i = 0; i < n; i++)
		printf "%d\n", rand() * d * 1.1
}')

committed=1
i=0
fail=0
for ms in $points; do
	i=$((i + 1))
	$TW --db "$db" import --quiet "$input" >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v ms="$ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null

	for f in "$db-wal" "$db-shm"; do
		if [ -e "$f" ] && [ "$(stat -c %a "$f")" != 600 ]; then
			not_ok "kill $i at $ms ms: $f is mode 0600" \
			    "mode $(stat -c %a "$f")"
			fail=1
		fi
	done
	state=$(check_case)
	integrity=$(printf '%s\n' "$state" | sed -n 's/^integrity=//p')
	count=$(printf '%s\n' "$state" | sed -n 's/^count=//p')
	bad=$(printf '%s\n' "$state" | grep -v '^integrity=\|^count=')
	if [ "$integrity" != ok ]; then
		not_ok "kill $i at $ms ms: integrity" "$state"
		fail=1
		break
	fi
	if [ "$count" -lt "$committed" ] || [ "$count" -gt $((committed + 1)) ]
	then
		not_ok "kill $i at $ms ms: snapshots" \
		    "$count snapshots after $committed committed"
		fail=1
		break
	fi
	if [ -n "$bad" ]; then
		not_ok "kill $i at $ms ms: snapshots complete" "$bad"
		fail=1
		break
	fi
	committed=$count
done
echo "# $committed snapshots committed after $i kills"

if [ "$fail" -eq 0 ]; then
	ok "$i kills: integrity_check passed every time"
	ok "$i kills: earlier snapshots intact, new ones complete or absent"
	ok "$i kills: -wal and -shm files kept mode 0600"
fi
check "killed imports happened mid-import" test "$committed" -lt $((i + 1))
check "some kills landed after a commit" test "$committed" -gt 1

# The case still opens, lists its nodes and takes another import.
out=$($TW --db "$db" ls --format csv 2>&1 | tr -d '\r' | wc -l)
check_eq "ls after the kills lists every node" $((nodes + 1)) "$out"
$TW --db "$db" import --quiet "$input" >/dev/null 2>&1
check_eq "an import after the kills succeeds" 0 $?
check_eq "its snapshot is complete" "" \
    "$(check_case | grep -v '^integrity=ok$\|^count=')"
done_testing
