#!/bin/sh
# Run every test suite and count results. Each suite prints TAP on stdout:
# cmocka programs (with CMOCKA_MESSAGE_OUTPUT=TAP) and the shell suites in
# tests/*/ that use tests/lib.sh. The last line printed is always
# "N passed, N failed"; the exit status is 1 when anything failed.
#
# Usage: tests/run.sh [SUITE...]   (default: all suites)
# Suites: unit, fuzz (replays of the fuzz inputs), cli, tui, realdata,
# crash and asan (the sanitizer build).
set -u
cd "$(dirname "$0")/.." || exit 1

export CMOCKA_MESSAGE_OUTPUT=TAP
export LC_ALL=C.UTF-8
export TW_ROOT="$PWD"
unset TRUSTWALK_DB NO_COLOR

log=$(mktemp)
trap 'rm -f "$log"' EXIT

passed=0
failed=0
skipped=0

# Run one suite (a command) and fold its TAP output into the counts.
run_suite() {
	name=$1
	shift
	"$@" >"$log" 2>&1
	status=$?
	p=$(grep -c '^ok ' "$log")
	s=$(grep -c '^\(not \)\{0,1\}ok .*# SKIP' "$log")
	f=$(grep '^not ok ' "$log" | grep -vc '# SKIP')
	p=$((p - $(grep '^ok ' "$log" | grep -c '# SKIP')))
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		# The suite died without reporting a failure: count it.
		f=1
		echo "not ok - $name exited with status $status" >>"$log"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	printf '%-40s %4d passed %4d failed %4d skipped\n' "$name" "$p" "$f" "$s"
	if [ "$f" -ne 0 ]; then
		sed 's/^/    /' "$log"
	fi
	grep '# SKIP' "$log" | sed 's/^/    /'
}

suites="$*"
if [ -z "$suites" ]; then
	suites="unit fuzz cli tui realdata crash asan"
fi

for suite in $suites; do
	case $suite in
	unit)
		for t in build/tests/test_*; do
			[ -x "$t" ] && run_suite "unit/${t##*/}" "$t"
		done ;;
	fuzz)
		run_suite "fuzz/replay.sh" sh tests/fuzz/replay.sh build ;;
	asan)
		# The unit tests, the fuzz replays, and the command and
		# interface suites run against the sanitizer build.
		for t in build-asan/tests/test_*; do
			[ -x "$t" ] && run_suite "asan/${t##*/}" env \
			    ASAN_OPTIONS=detect_leaks=1 "$t"
		done
		run_suite "asan/fuzz/replay.sh" env \
		    ASAN_OPTIONS=detect_leaks=1 sh tests/fuzz/replay.sh \
		    build-asan
		# Small writer batches send the imports' inserts through
		# the writing thread, under the sanitizer.
		for t in tests/cli/*.sh tests/tui/*.sh; do
			# valgrind cannot run a sanitizer build.
			[ "$t" = tests/tui/valgrind.sh ] && continue
			[ -f "$t" ] && run_suite "asan/${t#tests/}" env \
			    TW_BIN="$PWD/build-asan/trustwalk" \
			    TRUSTWALK_WRITER_BATCH=512 \
			    ASAN_OPTIONS=detect_leaks=1 sh "$t"
		done ;;
	*)
		for t in tests/"$suite"/*.sh; do
			[ -f "$t" ] && run_suite "$suite/${t##*/}" sh "$t"
		done ;;
	esac
done

[ "$skipped" -ne 0 ] && echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
