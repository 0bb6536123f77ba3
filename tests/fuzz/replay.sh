#!/bin/sh
# Replay every fuzz target's seeds and regression inputs with the replay
# programs of one build (build/fuzz or build-asan/fuzz), as TAP. An input
# that crashes, leaks (under ASan) or breaks an invariant fails its
# target. tests/run.sh runs this as the "fuzz" suite.
#
# usage: tests/fuzz/replay.sh BUILD_DIR
. "$(dirname "$0")/../lib.sh"

build=${1:-build}
cd "$TW_ROOT" || exit 1
n=0
for bin in "$build"/fuzz/*; do
	case $bin in
	*.d)
		continue ;;
	esac
	[ -x "$bin" ] || continue
	t=${bin##*/}
	src="tests/fuzz/fuzz_$t.c"
	if [ -f "$src" ]; then
		seeds=$(sed -n '1s/^\/\* seeds: *//p' "$src")
	elif grep -q "^$t " tests/fuzz/importer-seeds; then
		seeds=$(sed -n "s/^$t //p" tests/fuzz/importer-seeds)
	else
		seeds="tests/fixtures/$t tests/bad/$t"
	fi
	dirs=""
	for d in $seeds "tests/fuzz/regress/$t"; do
		[ -d "$d" ] && dirs="$dirs $d"
	done
	# shellcheck disable=SC2086
	if out=$("$bin" $dirs 2>&1); then
		ok "replay $t: $(printf '%s\n' "$out" | tail -1)"
	else
		not_ok "replay $t" "$(printf '%s\n' "$out" | tail -30)"
	fi
	n=$((n + 1))
done
[ "$n" -gt 0 ] || not_ok "replay programs built in $build/fuzz"
done_testing
