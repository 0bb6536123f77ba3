#!/bin/sh
# The benchmark's report (tests/bench/report.sh) on figures written here.
# Each target's row contains trustwalk's figure, the target, whether it
# is met and python3-igraph's figure, and a missing figure shows as "-".
# The page rewrite keeps the text above its own section.
. "$(dirname "$0")/../lib.sh"

REPORT=$TW_ROOT/tests/bench/report.sh
out="$TMP/bench"
mkdir -p "$out/S"
cat > "$out/S/results.txt" <<'EOT'
import_s 20.00
input_mb 90
import_peak_kb 200000
tw_nodes 100000
tw_edges 1000000
tw_open_rss_kb 51200
tw_first_screen_ms 20.000
tw_graph_ready_ms 18.000
tw_reach_p50_ms 1.000
tw_reach_p99_ms 2.000
tw_reach_max_ms 3.000
tw_path_p99_ms 70.000
tw_cold_five_reaches_ms 30.000
igraph_load_s 1.200
igraph_cold_five_reaches_ms 1250.000
igraph_reach_p50_ms 4.000
igraph_reach_p99_ms 50.000
igraph_reach_max_ms 60.000
tw_findings_ms 480.000
tw_findings_n 99000
tw_findings_load_ms 200.000
ui160_first_ms 120.0
ui160_filter_keys 72
ui160_filter_p50_ms 0.4
ui160_filter_p95_ms 6.0
ui160_filter_p99_ms 21.0
ui160_filter_max_ms 21.0
EOT

table=$(cd "$TW_ROOT" && sh "$REPORT" S "$out/S/results.txt")
check_eq "the report runs" 0 $?
printf '%s\n' "$table" > "$out/S/table.md"
check_match "a heading for the size" "^### Size S: 100000 identities" \
    "$table"
check_match "reach beside its target and the peer" \
    "^\| reach, 100 seeds: p50 / p99 / max \| 1.000 / 2.000 / 3.000 ms .*\| p99 at most 100 ms \| yes \| 4.000 / 50.000 / 60.000 ms" \
    "$table"
check_match "a missed target says no" \
    "^\| import, OpenGraph, .*\| 20.00 s: 20.00 s per million edges, .*\| no \| loads the edge list in 1.200 s" \
    "$table"
check_match "a path over its target says no" \
    "^\| path, 100 seeds: .*\| - / 70.000 / - ms \| p99 at most 50 ms \| no \|" \
    "$table"
check_match "a missing figure shows as a dash" \
    "^\| the same at 80x24 \| - / - / - / - ms.*\| p99 at most 16 ms \| - \| \|$" \
    "$table"
check_match "the interface's first frame meets its target" \
    "^\| the interface .*first frame \| 120.0 ms \| at most 300 ms \| yes \|" \
    "$table"
check_match "a slow filter key misses its target" \
    "^\| filter in the interface, .* \| 0.4 / 6.0 / 21.0 / 21.0 ms \(72 keys\) \| p99 at most 16 ms \| no \|" \
    "$table"
check_match "the cold walks beat the peer" \
    "^\| load and five reaches, cold \| 30.000 ms \| less than python3-igraph \| yes \| 1250.000 ms \|$" \
    "$table"
check_match "the findings row has the time and count" \
    "^\| findings over the whole case \| 480.000 ms for 99000 findings, .*\(200.000 ms of it reading the attributes and usage evidence\)" \
    "$table"

page="$TMP/benchmarks.md"
printf '# Benchmarks\n\n## Another benchmark\n\nIts text.\n' > "$page"
(cd "$TW_ROOT" && BENCH_OUT="$out" sh "$REPORT" --doc "$page")
check_eq "the page is rewritten" 0 $?
check_match "the text above the section is kept" "^Its text.$" \
    "$(cat "$page")"
check_match "the size's table is on the page" "^### Size S:" \
    "$(cat "$page")"
check_match "and the notes" "^### How the figures are taken$" \
    "$(cat "$page")"
cp "$page" "$page.first"
(cd "$TW_ROOT" && BENCH_OUT="$out" sh "$REPORT" --doc "$page")
check "a second rewrite gives the same page" cmp -s "$page" "$page.first"
check_eq "the section is there once" 1 \
    "$(grep -c '^## Figures by size$' "$page")"

done_testing
