#!/bin/sh
# The interface's keystroke-to-repaint latency on a benchmark case. The
# real binary replays tests/bench/filter.keys (--replay): it reads each
# key from the file, and after each repaint logs the time from reading
# the key to the end of the repaint and the bytes written to the
# terminal. This prints the figures as NAME VALUE lines for bench.sh:
#
#	first_ms		start of the process to the end of the
#				first frame
#	filter_p50_ms ...	keys typed while the filter prompt is open
#				(the '/' that opens it, characters,
#				Backspace, and the Esc or Enter that closes
#				it): p50, p95, p99 and max
#	move_max_ms		cursor keys on the list
#	sort_max_ms		's', which sorts the whole list again
#	bytes_mean, bytes_max	bytes written per key
#
# usage: tests/bench/replay.sh CASE COLSxROWS FRAMES_LOG
set -eu

db=$1
size=$2
log=$3
LINES=${size#*x} COLUMNS=${size%x*} TERM=xterm-256color \
    ./trustwalk --db "$db" --now 2026-12-01 \
    --replay tests/bench/filter.keys >/dev/null 2>"$log"
awk '
function field(name,	i, kv) {
	for (i = 1; i <= NF; i++) {
		split($i, kv, "=")
		if (kv[1] == name)
			return kv[2]
	}
	return ""
}
# pct(A, N, P): the P-th percentile of the N sorted values of A.
function pct(a, n, p,	i) {
	i = int(n * p / 100 + 0.999999)
	return a[i < 1 ? 1 : i]
}
function sortv(a, n,	i, j, t) {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
}
/^frame/ {
	key = field("key"); ms = field("ms") + 0; b = field("bytes") + 0
	if (key == "<start>") {
		printf "first_ms %.1f\n", ms
		next
	}
	if (key == "<Idle>" || key == "<Blast>")
		next
	nkeys++; bytes += b
	if (b > bmax) bmax = b
	if (key == "/" && !open) {
		open = 1
		f[++nf] = ms
	} else if (open) {
		f[++nf] = ms
		if (key == "<Esc>" || key == "<Enter>")
			open = 0
	} else if (key == "s") {
		if (ms > smax) smax = ms
	} else if (ms > mmax)
		mmax = ms
}
END {
	sortv(f, nf)
	printf "filter_keys %d\n", nf
	printf "filter_p50_ms %.1f\nfilter_p95_ms %.1f\n", pct(f, nf, 50),
	    pct(f, nf, 95)
	printf "filter_p99_ms %.1f\nfilter_max_ms %.1f\n", pct(f, nf, 99),
	    f[nf]
	printf "move_max_ms %.1f\nsort_max_ms %.1f\n", mmax, smax
	printf "bytes_mean %.0f\nbytes_max %d\n", bytes / nkeys, bmax
}' "$log"
