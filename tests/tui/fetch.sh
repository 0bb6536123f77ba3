#!/bin/sh
# trustwalk fetch on a terminal and the interface at 80x24. The fetch
# draws one progress line (requests, items, rate, time, endpoint) and
# clears it when done. A fetch whose token may not read some endpoints
# leaves a partial snapshot: the snapshots view shows its first warning
# and w lists every endpoint that could not be read (golden screens).
. "$(dirname "$0")/../lib.sh"
. "$TW_ROOT/tests/fetch/lib.sh"

fetch_server_start
printf 'tw-tui-token-%s\n' "$$" >"$TMP/token"
chmod 600 "$TMP/token"

# The progress line, while a body trickles in.
tui_start 120 60 --db "$TMP/p.db" fetch github --org fixture-org \
    --api "$(fetch_url trickle gh)" --cacert "$FETCH_CA" \
    --token-file "$TMP/token" --timeout 3 --retries 0
i=0
while ! grep -q '/s/trickle/gh/orgs/fixture-org/repos?' "$FETCH_LOG" &&
    [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
# The line counts the request once its body starts, which a loaded
# machine may show later.
tui_wait "2 requests"
check_match "progress: one line with requests, items, rate, time, endpoint" \
    '^github: 2 requests, 1 item, [0-9.]+/s, 0:0[0-9] orgs/fixture-org/repos' \
    "$(tui_screen)"
# Three lists trickle for 3 s each before the fetch ends.
i=0
while ! tui_screen | grep -q "exit=" && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
check_match "progress: the fetch ends" "exit=0" "$(tui_screen)"
check_match "progress: a summary at the end" \
    '^fetch github: [0-9]+ requests, [0-9]+ items' "$(tui_screen)"
check_nomatch "progress: the line is cleared" '^github: ' "$(tui_screen)"
check_match "progress: warnings on lines of their own" \
    '^warning: orgs/fixture-org/repos: timed out' "$(tui_screen)"
tui_stop

# A snapshot with endpoints the token could not read.
TRUSTWALK_GITHUB_TOKEN=$(cat "$TMP/token") $TW --db "$TMP/d.db" \
    --now 2026-12-01 fetch github --quiet --org fixture-org \
    --api "$(fetch_url denied gh)" --cacert "$FETCH_CA" >/dev/null 2>&1 ||
    not_ok "fetch with endpoints denied"
tui_start 80 24 --db "$TMP/d.db" --now 2026-12-01
tui_wait "Enter walk" || not_ok "list at start" "$(tui_screen)"
tui_keys S
tui_wait "IMPORTED (UTC)" && check_screen "snapshots: the first warning" \
    fetch-1-snapshots.txt || not_ok "snapshots view" "$(tui_screen)"
tui_keys w
tui_wait "warnings of snapshot 1" && check_screen \
    "w lists the endpoints that could not be read" fetch-2-warnings.txt ||
    not_ok "warnings view" "$(tui_screen)"
tui_keys j j j
tui_wait "orgs/fixture-org/actions/secrets" && check_screen \
    "the selected warning in full" fetch-3-warning.txt ||
    not_ok "warnings view, fourth row" "$(tui_screen)"
tui_keys BSpace
tui_wait "IMPORTED (UTC)" && ok "Backspace returns to the snapshots" ||
    not_ok "Backspace returns to the snapshots" "$(tui_screen)"
tui_keys q
tui_stop

done_testing
