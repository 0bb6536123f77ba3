#!/bin/sh
# The timeline of one credential, at 80x24 and at 160x48, compared with
# golden screens: opened with U from the list, a card, a walk and the
# palette, moved through, walked from, drawn with --ascii, resized, and with
# hostile strings from a log shown escaped.
. "$(dirname "$0")/../lib.sh"

db="$TMP/usage.db"
fx=tests/fixtures/usage
cd "$TW_ROOT" || exit 1
$TW --db "$db" import --quiet $fx/authz-dev.json $fx/authz-prod.json \
    >/dev/null || not_ok "import the inventories"
$TW --db "$db" import --quiet $fx/trail.json >/dev/null ||
    not_ok "import the trail"
cd "$TMP" || exit 1

# shot NAME WAIT GOLDEN: wait for WAIT, then compare with GOLDEN.
shot() {
	if tui_wait "$2"; then
		check_screen "$1" "$3"
	else
		not_ok "$1" "$(tui_screen)"
	fi
}

# find_node TEXT: filter the list to TEXT and keep the filter.
find_node() {
	tui_keys /
	tui_text "$1"
	tui_keys Enter
}

# tour COLS ROWS [OPTION]: the timeline at one size.
tour() {
	size="$1x$2$3"
	tui_start "$1" "$2" --db "$db" --now 2026-12-01 $3
	tui_wait "Enter walk" || not_ok "$size: list at start" "$(tui_screen)"
	find_node "AKIAUSAGEDEPLOY"
	tui_keys U
	shot "$size: U opens the key's timeline" "6 events" \
	    "timeline-$size-key.txt"
	tui_keys k k
	shot "$size: k selects an older event" "Records[3]" \
	    "timeline-$size-older.txt"
	tui_keys G Enter
	tui_wait "role/hop" || not_ok "$size: Enter walks to the role" \
	    "$(tui_screen)"
	tui_keys U
	if tui_wait "Timeline: hop: 2 events"; then
		ok "$size: U in a walk opens the walked node's timeline"
	else
		not_ok "$size: U in a walk opens the walked node's timeline" \
		    "$(tui_screen)"
	fi
	tui_stop
}

tour 80 24
tour 160 48
tour 80 24 --ascii

# Small and odd sizes: the chart gives way, nothing breaks.
tui_start 80 24 --db "$db" --now 2026-12-01
tui_wait "Enter walk" || not_ok "resize: list at start" "$(tui_screen)"
find_node "AKIAUSAGEDEPLOY"
tui_keys U
tui_wait "6 events" || not_ok "resize: timeline opens" "$(tui_screen)"
for size in "40 12" "12 6" "200 60" "80 9"; do
	set -- $size
	tmux -S "$TUI_SOCK" resize-window -t tw -x "$1" -y "$2"
	tui_keys k
	sleep 0.2
done
tmux -S "$TUI_SOCK" resize-window -t tw -x 80 -y 24
tui_keys G
if tui_wait "Records[9]"; then
	ok "the timeline survives resizes"
else
	not_ok "the timeline survives resizes" "$(tui_screen)"
fi
tui_keys q
if tui_wait "exit=0"; then
	ok "quits after resizes"
else
	not_ok "quits after resizes" "$(tui_screen)"
fi
tui_stop

# From a card, and from the palette.
tui_start 80 24 --db "$db" --now 2026-12-01
tui_wait "Enter walk" || not_ok "card: list at start" "$(tui_screen)"
find_node "svc-report"
tui_keys d
tui_wait "svc-report" || not_ok "card opens" "$(tui_screen)"
tui_keys U
shot "U on a card opens the identity's timeline" "signin:ConsoleLogin" \
    "timeline-80x24-card.txt"
tui_keys '['
tui_keys :
tui_text "timeline svc-batch"
tui_keys Enter
shot "the timeline palette command" "2026-11-30 08:00" \
    "timeline-80x24-palette.txt"
tui_keys :
tui_text "timeline spare"
tui_keys Enter
if tui_wait "no usage evidence for this node"; then
	ok "a node without evidence says so"
else
	not_ok "a node without evidence says so" "$(tui_screen)"
fi
tui_stop

# Hostile strings from a log reach the screen escaped.
hdb="$TMP/hostile.db"
(cd "$TW_ROOT" && $TW --db "$hdb" import --quiet $fx/authz-dev.json \
    $fx/trail-hostile.json >/dev/null) || not_ok "import the hostile trail"
tui_start 160 48 --db "$hdb" --now 2026-12-01
tui_wait "Enter walk" || not_ok "hostile: list at start" "$(tui_screen)"
find_node "AKIAUSAGEBATCH"
tui_keys U
shot "hostile strings are escaped" "1 event," "timeline-hostile.txt"
tmux -S "$TUI_SOCK" capture-pane -p -e -t tw >"$TMP/raw.txt"
if grep -q "pwned" "$TMP/raw.txt" && ! grep -q "$(printf '\033')]0;" \
    "$TMP/raw.txt"; then
	ok "no raw escape sequence from the log"
else
	not_ok "no raw escape sequence from the log"
fi
tui_stop
done_testing
