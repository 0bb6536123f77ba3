#!/bin/sh
# Run libFuzzer targets from build-fuzz/fuzz/ for a bounded time each
# (`make fuzz` calls this after building them).
#
# Each target starts from its corpus in build-fuzz/corpus/TARGET (kept
# between runs), its seed folders and tests/fuzz/regress/TARGET. Seeds
# are named on the first line of tests/fuzz/fuzz_TARGET.c ("seeds: DIR
# ..."); an importer target, which has no file of its own, uses the folders
# tests/fuzz/importer-seeds names, else tests/fixtures/TARGET and
# tests/bad/TARGET. tests/fuzz/TARGET.dict is
# the dictionary when it exists, else tests/fuzz/opengraph.dict.
#
# A crash, leak, timeout or broken invariant is saved under
# build-fuzz/crash/TARGET/ and makes the script exit 1; copy such an input
# into tests/fuzz/regress/TARGET/ once it is fixed, so `make check`
# replays it.
#
# FUZZ_RUNS in the environment, when set, also stops each target after
# that many executions, whichever limit comes first.
#
# usage: tests/fuzz/run.sh SECONDS TARGET...
set -u
cd "$(dirname "$0")/../.." || exit 1
seconds=$1
shift
export LC_ALL=C.UTF-8
status=0

# seeds TARGET: print the seed folders of a target.
seeds() {
	src="tests/fuzz/fuzz_$1.c"
	if [ -f "$src" ]; then
		sed -n '1s/^\/\* seeds: *//p' "$src"
	elif grep -q "^$1 " tests/fuzz/importer-seeds; then
		sed -n "s/^$1 //p" tests/fuzz/importer-seeds
	else
		echo "tests/fixtures/$1 tests/bad/$1"
	fi
}

# max_len TARGET: the longest input to try. Importers read whole files;
# the other targets read one string, where 4 KiB covers every path.
max_len() {
	if [ -f "tests/fuzz/fuzz_$1.c" ]; then
		echo 4096
	else
		echo 16384
	fi
}

for t in "$@"; do
	bin="build-fuzz/fuzz/$t"
	if [ ! -x "$bin" ]; then
		echo "$t: $bin is missing; run make fuzz" >&2
		status=1
		continue
	fi
	corpus="build-fuzz/corpus/$t"
	crash="build-fuzz/crash/$t"
	log="build-fuzz/$t.log"
	mkdir -p "$corpus" "$crash"
	dirs=""
	for d in $(seeds "$t") "tests/fuzz/regress/$t"; do
		[ -d "$d" ] && dirs="$dirs $d"
	done
	dict=""
	for d in "tests/fuzz/$t.dict" "tests/fuzz/opengraph.dict"; do
		if [ -f "$d" ]; then
			dict="-dict=$d"
			break
		fi
	done
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$seconds" ${FUZZ_RUNS:+-runs=$FUZZ_RUNS} \
	    -timeout=10 -rss_limit_mb=2048 \
	    -max_len="$(max_len "$t")" -print_final_stats=1 \
	    -artifact_prefix="$crash/" \
	    $dict "$corpus" $dirs >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	found=$(find "$crash" -type f | wc -l)
	took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
	printf '%-22s %10s execs in %s s (%s/s), %d crash files, exit %d\n' \
	    "$t" "${execs:-?}" "${took:-$seconds}" "${rate:-?}" "$found" "$rc"
	if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
		status=1
		grep -E 'ERROR|SUMMARY|invariant' "$log" | head -5 | \
		    sed 's/^/    /'
	fi
done
exit $status
