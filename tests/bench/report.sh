#!/bin/sh
# Format the benchmark's figures (see bench.sh).
#
#	report.sh SIZE RESULTS	one size's tables, in Markdown
#	report.sh --doc FILE	rewrite this benchmark's section of FILE
#				(docs/benchmarks.md): the machine, every
#				size's tables in build/bench/, and the
#				notes of tests/bench/notes.md
#	report.sh --doc		the page with only that section, on
#				standard output
#
# BENCH_OUT (default build/bench) is where the tables are read from.
# The section runs from its heading to the end of FILE. The text that
# FILE contains before that heading is kept, so that other benchmarks
# can be described on the same page above it.
set -eu

HEADING="## Figures by size"
# Where bench.sh leaves each size's figures and table.
BENCH_OUT=${BENCH_OUT:-build/bench}

# doc FILE: print FILE's text before the section, then the section.
doc() {
	if [ -s "$1" ]; then
		awk -v h="$HEADING" '$0 == h { exit } { print }' "$1"
	else
		printf '# Benchmarks\n\n'
	fi
	cat <<EOT
$HEADING

This section is written by \`make bench\` (\`tests/bench/bench.sh\`);
the explanations after the tables are kept in \`tests/bench/notes.md\`.
Every figure below was measured on the machine named in its table, by
the command given there. To reproduce on a fresh clone:

    make bench            # size S: 100,000 identities, 1,000,000 edges
    make bench SIZE=M     # 1,000,000 identities, 10,000,000 edges
    make bench SIZE=L     # 5,000,000 identities, 50,000,000 edges

EOT
	for s in S M L; do
		f=$BENCH_OUT/$s/table.md
		[ -f "$f" ] && { cat "$f"; echo; }
	done
	cat tests/bench/notes.md
}

if [ "${1:-}" = "--doc" ]; then
	if [ $# -lt 2 ]; then
		doc /dev/null
	else
		doc "$2" > "$2.tmp"
		mv "$2.tmp" "$2"
	fi
	exit 0
fi
SIZE=$1
RES=$2
get() { awk -v k="$1" '$1 == k { v = $2 } END { print v == "" ? "-" : v }' "$RES"; }
# calc EXPR with figures substituted: "-" when one is missing.
calc() {
	case " $1 " in
	*" - "*|*"(-"*|*"-)"*|*"/-"*|*"*-"*) echo "-" ;;
	*) awk "BEGIN { printf \"%.${2:-2}f\", $1 }" ;;
	esac
}
# ok VALUE OP LIMIT: "yes", "no" or "-".
ok() {
	[ "$1" = "-" ] && { echo "-"; return; }
	awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
		r = op == "<=" ? v <= l : v < l; print r ? "yes" : "no" }'
}

case $SIZE in
S) N=100000; E=1000000 ;;
M) N=1000000; E=10000000 ;;
L) N=5000000; E=50000000 ;;
esac

imp=$(get import_s)
mb=$(get input_mb)
nodes=$(get tw_nodes)
edges=$(get tw_edges)
spm=$(calc "$imp / ($E / 1000000)")
rss=$(get tw_open_rss_kb)
budget=$(calc "(300 * $N + 64 * $E) / 1048576" 0)
rssmb=$(calc "$rss / 1024" 0)
fs=$(get tw_first_screen_ms)
gr=$(get tw_graph_ready_ms)
rp99=$(get tw_reach_p99_ms)
pp99=$(get tw_path_p99_ms)
fp99=$(get tw_filter_p99_ms)
tw5=$(get tw_cold_five_reaches_ms)
ig5=$(get igraph_cold_five_reaches_ms)
igr50=$(get igraph_reach_p50_ms)
igr99=$(get igraph_reach_p99_ms)
r50=$(get tw_reach_p50_ms)
igl=$(get igraph_load_s)

cat <<EOF
### Size $SIZE: $N identities, $E edges

$(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD 2>/dev/null || echo "+changes"),
$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores,
$(awk '/^MemTotal:/ { printf "%d", $2 / 1048576 }' /proc/meminfo) GiB RAM, $(uname -sr).
Command: \`make bench SIZE=$SIZE\`. The case holds $nodes nodes and
$edges edges (the estate and the AWS and GCP slices); the estate file
is $mb MB of OpenGraph JSON. Load average (1 minute) at the start and
end of the run: $(get loadavg_start) and $(get loadavg_end), on 2 cores
shared with other work.

Each target beside python3-igraph's figure for the same measure, in
the same run, on the same graph as a plain edge list (the peer has no
case file, no screen and no filter, so those rows have none).

| measure | trustwalk | target | met | python3-igraph |
| --- | --- | --- | --- | --- |
| import, OpenGraph, end to end to a committed snapshot | $imp s: $spm s per million edges, $(calc "$mb / $imp" 1) MB/s | at most 1.5 s per million edges | $(ok "$spm" "<=" 1.5) | loads the edge list in $igl s: $(calc "$igl / ($E / 1000000)") s per million edges |
| import peak RSS | $(calc "$(get import_peak_kb) / 1024" 0) MB: $(calc "$(get import_peak_kb) * 1024 / $N" 0) B per identity, $(calc "$(get import_peak_kb) * 1024 / $E" 0) B per edge | | | |
| import, AWS and GCP slices ($(get cloud_mb) MB) | $(get cloud_s) s, $(calc "$(get cloud_mb) / $(get cloud_s)" 1) MB/s | | | |
| warnings over all imports | $(get warnings) | 0 | $(ok "$(get warnings)" "<=" 0) | |
| cold start to the first screen (the list view drawn into a canvas, twbench) | $fs ms | at most 300 ms | $(ok "$fs" "<=" 300) | |
| cold start to graph-ready | $gr ms | at most 1500 ms | $(ok "$gr" "<=" 1500) | $(calc "$igl * 1000" 0) ms (edge list loaded) |
| first open after the import: reads the rows, saves the model image | $(get tw_rows_open_ms) ms | | | |
| RSS with the case open | $rssmb MB: $(calc "$rss * 1024 / $N" 0) B per identity, $(calc "$rss * 1024 / $E" 0) B per edge | at most $budget MB (300 B per identity + 64 B per edge) | $(ok "$rssmb" "<=" "$budget") | peak $(calc "$(get igraph_hwm_kb) / 1024" 0) MB: $(calc "$(get igraph_hwm_kb) * 1024 / $N" 0) B per identity, $(calc "$(get igraph_hwm_kb) * 1024 / $E" 0) B per edge |
| reach, 100 seeds: p50 / p99 / max | $r50 / $rp99 / $(get tw_reach_max_ms) ms ($(get tw_reach_mean_nodes) nodes on average; CPU p50 / p99 $(get tw_reach_cpu_p50_ms) / $(get tw_reach_cpu_p99_ms) ms) | p99 at most 100 ms | $(ok "$rp99" "<=" 100) | $igr50 / $igr99 / $(get igraph_reach_max_ms) ms (CPU p50 / p99 $(get igraph_reach_cpu_p50_ms) / $(get igraph_reach_cpu_p99_ms) ms) |
| path, 100 seeds: p50 / p99 / max | $(get tw_path_p50_ms) / $pp99 / $(get tw_path_max_ms) ms | p99 at most 50 ms | $(ok "$pp99" "<=" 50) | $(get igraph_path_p50_ms) / $(get igraph_path_p99_ms) / $(get igraph_path_max_ms) ms |
| load and five reaches, cold | $tw5 ms | less than python3-igraph | $(ok "$tw5" "<" "$ig5") | $ig5 ms |
| the interface (\`trustwalk --replay\`, 160x48): start to the first frame | $(get ui160_first_ms) ms | at most 300 ms | $(ok "$(get ui160_first_ms)" "<=" 300) | |
| filter in the interface, keystroke to repainted rows at $nodes rows, 160x48: p50 / p95 / p99 / max | $(get ui160_filter_p50_ms) / $(get ui160_filter_p95_ms) / $(get ui160_filter_p99_ms) / $(get ui160_filter_max_ms) ms ($(get ui160_filter_keys) keys) | p99 at most 16 ms | $(ok "$(get ui160_filter_p99_ms)" "<=" 16) | |
| the same at 80x24 | $(get ui80_filter_p50_ms) / $(get ui80_filter_p95_ms) / $(get ui80_filter_p99_ms) / $(get ui80_filter_max_ms) ms; first frame $(get ui80_first_ms) ms | p99 at most 16 ms | $(ok "$(get ui80_filter_p99_ms)" "<=" 16) | |
| other keys in the interface, 160x48: cursor moves, max; \`s\` (sort the whole list), max | $(get ui160_move_max_ms) ms; $(get ui160_sort_max_ms) ms | | | |
| bytes written to the terminal per key, 160x48 and 80x24: mean / max | $(get ui160_bytes_mean) / $(get ui160_bytes_max); $(get ui80_bytes_mean) / $(get ui80_bytes_max) | | | |
| filter in the list view alone (twbench, no terminal), at $(get tw_filter_rows) rows: p50 / p99 / max | $(get tw_filter_p50_ms) / $fp99 / $(get tw_filter_max_ms) ms ($(get tw_filter_n) keys) | | | |
| blast radius of every credential and identity | $(get tw_blast_ms) ms | | | |
| findings over the whole case | $(get tw_findings_ms) ms for $(get tw_findings_n) findings, every rule ($(get tw_findings_load_ms) ms of it reading the attributes and usage evidence) | | | |

All three peers on the same edge list ($E edges), in the same run. A
ratio is the peer's time over trustwalk's, so above 1 means trustwalk
is faster.

| measure | trustwalk | python3-igraph | python3-networkx | sqlite3 recursive query |
| --- | --- | --- | --- | --- |
| load | $gr ms (graph-ready from the case) | $(get igraph_load_s) s | $(get networkx_load_s) s | $(get sqlite_load_s) s |
| load and five reaches, cold | $tw5 ms | $ig5 ms (ratio $(calc "$ig5 / $tw5")) | $(get networkx_cold_five_reaches_ms) ms (ratio $(calc "$(get networkx_cold_five_reaches_ms) / $tw5")) | $(get sqlite_cold_five_reaches_ms) ms (ratio $(calc "$(get sqlite_cold_five_reaches_ms) / $tw5")) |
| reach p50 | $r50 ms | $igr50 ms (ratio $(calc "$igr50 / $r50")) | $(get networkx_reach_p50_ms) ms (ratio $(calc "$(get networkx_reach_p50_ms) / $r50")) | mean of five: $(get sqlite_reach_mean_ms) ms (ratio $(calc "$(get sqlite_reach_mean_ms) / $r50")) |
| reach p99 | $rp99 ms | $igr99 ms (ratio $(calc "$igr99 / $rp99")) | $(get networkx_reach_p99_ms) ms (ratio $(calc "$(get networkx_reach_p99_ms) / $rp99")) | |
| reach CPU time p50 | $(get tw_reach_cpu_p50_ms) ms | $(get igraph_reach_cpu_p50_ms) ms (ratio $(calc "$(get igraph_reach_cpu_p50_ms) / $(get tw_reach_cpu_p50_ms)")) | $(get networkx_reach_cpu_p50_ms) ms (ratio $(calc "$(get networkx_reach_cpu_p50_ms) / $(get tw_reach_cpu_p50_ms)")) | |
| reach CPU time p99 | $(get tw_reach_cpu_p99_ms) ms | $(get igraph_reach_cpu_p99_ms) ms (ratio $(calc "$(get igraph_reach_cpu_p99_ms) / $(get tw_reach_cpu_p99_ms)")) | $(get networkx_reach_cpu_p99_ms) ms (ratio $(calc "$(get networkx_reach_cpu_p99_ms) / $(get tw_reach_cpu_p99_ms)")) | |
| path p50 | $(get tw_path_p50_ms) ms | $(get igraph_path_p50_ms) ms (ratio $(calc "$(get igraph_path_p50_ms) / $(get tw_path_p50_ms)")) | $(get networkx_path_p50_ms) ms (ratio $(calc "$(get networkx_path_p50_ms) / $(get tw_path_p50_ms)")) | first of five: $(get sqlite_path1_ms) ms |
| path p99 | $pp99 ms | $(get igraph_path_p99_ms) ms (ratio $(calc "$(get igraph_path_p99_ms) / $pp99")) | $(get networkx_path_p99_ms) ms (ratio $(calc "$(get networkx_path_p99_ms) / $pp99")) | |
| peak RSS | $(calc "$(get tw_open_hwm_kb) / 1024" 0) MB (open) | $(calc "$(get igraph_hwm_kb) / 1024" 0) MB | $(calc "$(get networkx_hwm_kb) / 1024" 0) MB | |

Peer targets: trustwalk's cold load and five reaches beat
python3-igraph's: $(ok "$tw5" "<" "$ig5"). Its in-process reach is
faster than python3-igraph's in wall time at p50: $(ok "$r50" "<" "$igr50"),
at p99: $(ok "$rp99" "<" "$igr99"); in CPU time at p50:
$(ok "$(get tw_reach_cpu_p50_ms)" "<" "$(get igraph_reach_cpu_p50_ms)"), at p99:
$(ok "$(get tw_reach_cpu_p99_ms)" "<" "$(get igraph_reach_cpu_p99_ms)").
EOF
