#!/bin/sh
# The import writer's second thread. TRUSTWALK_WRITER_BATCH=1 hands every
# command to the writing thread on its own, the default batch keeps a
# small import on one thread. Both must write the same rows, and an
# insert that fails on the writing thread must fail the import and leave
# the case as it was.
. "$(dirname "$0")/../lib.sh"

GEN=$TW_ROOT/build/gen

# rows CASE: every row an import writes, in a stable order. Fingerprints
# depend on the case's own key, so they are left out.
rows() {
	sqlite3 "$1" "SELECT * FROM nkey ORDER BY id;
	    SELECT * FROM node ORDER BY snap, kid;
	    SELECT rowid, * FROM edge ORDER BY rowid;
	    SELECT * FROM warning ORDER BY snap, seq;
	    SELECT * FROM event ORDER BY snap, seq;
	    SELECT id, source, format, input, input_sha256, imported_at,
	        nodes, edges, placeholders, duplicates, warnings, partial,
	        edge_first, edge_last FROM snapshot ORDER BY id;" |
	    sed -E 's/[0-9a-f]{64}/FINGERPRINT/g'
}

# demo CASE: import both demo trees, as make run does.
demo() {
	$TW --db "$1" --now 2026-11-01 import --quiet \
	    "$TW_ROOT/samples/demo-earlier" >/dev/null 2>&1 &&
	    $TW --db "$1" --now 2026-12-01 import --quiet \
	    "$TW_ROOT/samples/demo" >/dev/null 2>&1
}

# The demo contains nodes, edges, warnings (redacted secrets) and events.
check "the demo imports on one thread" demo "$TMP/one.db"
TRUSTWALK_WRITER_BATCH=1 demo "$TMP/two.db"
check_eq "the threaded import exits 0" 0 $?
rows "$TMP/one.db" >"$TMP/one.rows"
rows "$TMP/two.db" >"$TMP/two.rows"
check "both write every row alike" cmp "$TMP/one.rows" "$TMP/two.rows"
check_eq "the rows hold the demo's events" 187 \
    "$(sqlite3 "$TMP/two.db" "SELECT count(*) FROM event")"
check_match "the rows hold warnings" "fingerprint" "$(sqlite3 \
    "$TMP/two.db" "SELECT group_concat(message) FROM warning")"
out1=$($TW --db "$TMP/one.db" --now 2026-12-01 findings 2>&1)
out2=$($TW --db "$TMP/two.db" --now 2026-12-01 findings 2>&1)
check_eq "both give the same findings" "$out1" "$out2"

# A larger estate, over several default batches.
"$GEN" -n 3000 -e 60000 -s 3 "$TMP/est" >/dev/null
$TW --db "$TMP/big1.db" --now 2026-12-01 import --quiet \
    "$TMP/est/estate.json" >/dev/null 2>&1
check_eq "an estate of 60000 edges imports" 0 $?
TRUSTWALK_WRITER_BATCH=100 $TW --db "$TMP/big2.db" --now 2026-12-01 \
    import --quiet \
    "$TMP/est/estate.json" >/dev/null 2>&1
check_eq "it imports with small batches" 0 $?
rows "$TMP/big1.db" >"$TMP/big1.rows"
rows "$TMP/big2.db" >"$TMP/big2.rows"
check "the batch size changes no row" cmp "$TMP/big1.rows" "$TMP/big2.rows"
check_eq "every edge is written" 60000 \
    "$(sqlite3 "$TMP/big1.db" "SELECT count(*) FROM edge")"

# reject_owns CASE: make every later edge insert of kind Owns fail.
reject_owns() {
	sqlite3 "$1" "CREATE TRIGGER refuse BEFORE INSERT ON edge
	    WHEN NEW.raw = 'Owns' BEGIN
	    SELECT RAISE(ABORT, 'edge refused by a test trigger'); END;"
}

# A failed insert, inline and on the writing thread.
for batch in "" 1 4096; do
	db="$TMP/fail$batch.db"
	demo "$db"
	reject_owns "$db"
	before=$(rows "$db")
	out=$(TRUSTWALK_WRITER_BATCH=$batch $TW --db "$db" import \
	    "$TMP/est/estate.json" 2>&1)
	status=$?
	label="batch ${batch:-default}"
	check_nomatch "$label: a failed insert fails the import" "^0$" \
	    "$status"
	check_match "$label: the message names the insert" \
	    "add edge: edge refused by a test trigger" "$out"
	check_eq "$label: the case is as it was" "$before" "$(rows "$db")"
done

done_testing
