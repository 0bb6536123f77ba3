#!/bin/sh
# Keystroke-to-repaint latency and bytes per keystroke of the interface
# on a large synthetic estate (samples/synth.awk), through --replay: the
# keys of tests/bench/filter.keys are read from the file, and each frame
# logs the time from reading its key to the end of the repaint and the
# bytes written to the terminal. Prints one summary per key group and
# the raw frames to build/bench/frames.log.
#
# Usage: sh tests/bench/replay.sh [NODES] [COLSxROWS]   (1000000, 160x48)
set -eu
cd "$(dirname "$0")/../.."
nodes=${1:-1000000}
size=${2:-160x48}
dir=build/bench
mkdir -p "$dir"
json="$dir/synth-$nodes.json"
db="$dir/synth-$nodes.db"
if [ ! -f "$db" ]; then
	awk -v nodes="$nodes" -f samples/synth.awk >"$json"
	./trustwalk --db "$db" --now 2026-12-01 import --quiet "$json"
	rm -f "$json"
fi
LINES=${size#*x} COLUMNS=${size%x*} TERM=xterm-256color \
    ./trustwalk --db "$db" --now 2026-12-01 \
    --replay tests/bench/filter.keys >/dev/null 2>"$dir/frames.log"
awk -v nodes="$nodes" -v size="$size" '
function field(name,	i, kv) {
	for (i = 1; i <= NF; i++) {
		split($i, kv, "=")
		if (kv[1] == name)
			return kv[2]
	}
	return ""
}
/^frame/ {
	key = field("key"); ms = field("ms") + 0; b = field("bytes") + 0
	if (key == "<start>") {
		printf "first screen: %.1f ms, %d bytes\n", ms, b
		next
	}
	if (key == "<Idle>") {
		idle[++ni] = ms
		next
	}
	lat[++n] = ms; bytes += b
	if (ms > max) max = ms
	if (b > bmax) bmax = b
}
END {
	# Sort the latencies for the percentiles.
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && lat[j - 1] > lat[j]; j--) {
			t = lat[j]; lat[j] = lat[j - 1]; lat[j - 1] = t
		}
	printf "%d nodes at %s, %d keys\n", nodes, size, n
	printf "key to repaint: p50 %.2f ms, p95 %.2f ms, max %.2f ms\n",
	    lat[int(n * 0.5) + 1], lat[int(n * 0.95) + 1], max
	printf "bytes per key: mean %.0f, max %d\n", bytes / n, bmax
	for (i = 1; i <= ni; i++)
		printf "rest of filter %d after its first repaint: %.1f ms\n", i, idle[i]
}' "$dir/frames.log"
