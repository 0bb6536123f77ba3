#!/bin/sh
# --read-only on a case in a folder the user cannot write, and in one the
# user can: the case reads, no -wal or -shm file appears, and a case left
# with a -wal file reads with the changes in it when its -shm file is
# there, or without them and with a warning when it is not. A folder
# mode does not stop root, so as root the reads run as the user nobody
# (through setpriv); the suite skips when neither works.
. "$(dirname "$0")/../lib.sh"

fx="$TW_ROOT/tests/fixtures/casefile/before"

# run COMMAND...: run as a user whom folder modes bind.
if [ "$(id -u)" -ne 0 ]; then
	run() { "$@"; }
elif setpriv --reuid=nobody --regid=nogroup --clear-groups true \
    2>/dev/null; then
	run() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
	chmod 755 "$TMP"
else
	skip "read-only suite" "cannot run as a user other than root"
	done_testing
	exit 0
fi

# make_case DIR: a case in DIR with one note, owned by the runner.
make_case() {
	mkdir -p "$1"
	$TW --db "$1/c.db" import "$fx" >/dev/null 2>&1
	key=$($TW --db "$1/c.db" ls --format csv | sed -n 2p | cut -d, -f1)
	$TW --db "$1/c.db" note "$key" "first note" >/dev/null
	[ "$(id -u)" -eq 0 ] && chown -R nobody:nogroup "$1"
	return 0
}

# Nothing beside the case in a folder the user can write.
make_case "$TMP/rw"
before=$(ls "$TMP/rw")
out=$(run $TW --db "$TMP/rw/c.db" --read-only ls 2>&1)
check_eq "writable folder: ls succeeds" 0 $?
check_eq "writable folder: no side files" "$before" "$(ls "$TMP/rw")"

# A folder of mode 555.
make_case "$TMP/ro"
before=$(ls "$TMP/ro")
chmod 555 "$TMP/ro"
out=$(run $TW --db "$TMP/ro/c.db" --read-only ls 2>&1)
check_eq "mode 555 folder: ls succeeds" 0 $?
check_nomatch "mode 555 folder: no error" "readonly database" "$out"
out=$(run $TW --db "$TMP/ro/c.db" --read-only note "$key" 2>&1)
check_match "mode 555 folder: notes read" "first note" "$out"
check_eq "mode 555 folder: no side files" "$before" "$(ls "$TMP/ro")"
out=$(run $TW --db "$TMP/ro/c.db" --read-only note "$key" x 2>&1)
check_eq "mode 555 folder: write rejected" 1 $?

# A case with a -wal file that an interrupted writer left behind: copy
# the files while a connection holds a change in the WAL.
mkdir "$TMP/walsrc" "$TMP/wal"
make_case "$TMP/walsrc"
chown -R "$(id -u)" "$TMP/walsrc"
python3 - "$TMP/walsrc/c.db" "$TMP/wal" <<'PY'
import shutil, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA wal_autocheckpoint = 0")
db.execute("INSERT INTO note (kid, created_at, author, text) "
    "SELECT kid, 1, 'x', 'wal note' FROM note LIMIT 1")
db.commit()
for s in ("", "-wal", "-shm"):
    shutil.copy(sys.argv[1] + s, sys.argv[2] + "/c.db" + s)
db.close()
PY
chmod 600 "$TMP"/wal/*
[ "$(id -u)" -eq 0 ] && chown -R nobody:nogroup "$TMP/wal"
chmod 555 "$TMP/wal"
out=$(run $TW --db "$TMP/wal/c.db" --read-only note "$key" 2>&1)
check_match "WAL with -shm: change read" "wal note" "$out"
chmod 755 "$TMP/wal"
rm "$TMP/wal/c.db-shm"
chmod 555 "$TMP/wal"
out=$(run $TW --db "$TMP/wal/c.db" --read-only note "$key" 2>&1)
check_eq "WAL without -shm: reads" 0 $?
check_match "WAL without -shm: warning" "warning: .*-wal cannot be read" \
    "$out"
check_nomatch "WAL without -shm: change missing" "wal note" "$out"
check_eq "WAL without -shm: no side files" "c.db c.db-wal" \
    "$(ls "$TMP/wal" | tr '\n' ' ' | sed 's/ $//')"
chmod 755 "$TMP/ro" "$TMP/wal"

done_testing
