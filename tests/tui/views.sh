#!/bin/sh
# Every view of the interface on the demo estate, at 80x24 and at
# 160x48, compared with golden screens: the list and its column picker,
# the card, the walk (stacked, and Miller columns when wide), reach, a
# path, crown jewels, snapshots with the findings line, the diff, the
# age chart, the reach matrix, the palette, the help, the marks and the
# paths from them, and the findings grouped by rule.
. "$(dirname "$0")/../lib.sh"

db="$TMP/demo.db"
# Relative paths, so that the inputs on screen match the golden files.
cd "$TW_ROOT" || exit 1
$TW --db "$db" --now 2026-11-01 import --quiet samples/demo-earlier \
    >/dev/null || not_ok "import the earlier estate"
$TW --db "$db" --now 2026-12-01 import --quiet samples/demo >/dev/null ||
    not_ok "import the estate"
cd "$TMP" || exit 1

# shot NAME WAIT GOLDEN: wait for WAIT, then compare with GOLDEN.
shot() {
	if tui_wait "$2"; then
		check_screen "$1" "$3"
	else
		not_ok "$1" "$(tui_screen)"
	fi
}

# find TEXT: filter the list to TEXT and keep the filter.
find_node() {
	tui_keys /
	tui_text "$1"
	tui_keys Enter
}

# tour COLS ROWS: visit every view at one size.
tour() {
	size="$1x$2"
	tui_start "$1" "$2" --db "$db" --now 2026-12-01
	tui_wait "Enter walk" || not_ok "$size: list at start" "$(tui_screen)"
	# The blast radius columns are filled after the first draw.
	shot "$size: list" "acme-opsbot" "views-$size-list.txt"

	tui_keys c
	shot "$size: column picker" "Columns of the node list" \
	    "views-$size-columns.txt"
	tui_keys j j j j j j j j ' ' Escape

	find_node "ci-deployer access key 1"
	tui_keys d
	shot "$size: card of a credential" "signs in as" \
	    "views-$size-card.txt"
	tui_keys '['
	tui_keys Enter
	shot "$size: walk" "acme:cloud:prod:key:ci-deployer-legacy" \
	    "views-$size-walk.txt"
	tui_keys A
	shot "$size: A steps to what the key signs in as" \
	    "ci-deployer access key 1 › ci-deployer" "views-$size-jump.txt"
	tui_keys '>'
	shot "$size: reach" "reach from ci-deployer" "views-$size-reach.txt"
	tui_keys G p
	shot "$size: path" "path 1 of" "views-$size-path.txt"
	tui_keys '[' '['
	tui_wait "A assumes" || not_ok "$size: [ steps back to the walk"
	tui_keys ']'
	shot "$size: ] steps forward again" "reach from ci-deployer" \
	    "views-$size-forward.txt"

	tui_keys J
	shot "$size: crown jewels" "chokepoints" "views-$size-jewels.txt"
	tui_keys S
	shot "$size: snapshots" "findings per snapshot" \
	    "views-$size-snapshots.txt"
	tui_keys D
	shot "$size: diff" "previous" "views-$size-diff.txt"
	tui_keys H
	shot "$size: credential ages" "Credential ages" "views-$size-ages.txt"
	tui_keys M
	shot "$size: reach matrix" "sources in the environment" \
	    "views-$size-matrix.txt"
	tui_keys '?'
	shot "$size: help" "Moving" "views-$size-help.txt"
	tui_keys Escape
	tui_keys F
	shot "$size: F opens the findings by rule" "crown-jewel-reach" \
	    "views-$size-findings.txt"
	tui_keys BSpace

	tui_keys :
	shot "$size: palette lists the commands" "type a command" \
	    "views-$size-palette.txt"
	tui_text "mtx"
	tui_wait "systems each environment reaches" &&
	    ok "$size: palette matches fuzzily" ||
	    not_ok "$size: palette matches fuzzily" "$(tui_screen)"
	tui_keys Escape

	# The filter language, its errors, marks and lookup at this size.
	tui_keys :
	tui_text "filter kind:credential expires:<30d"
	tui_keys Enter
	shot "$size: filter by expiry" "filter: kind:credential expires" \
	    "views-$size-filter.txt"
	tui_keys /
	tui_keys BSpace BSpace BSpace BSpace
	tui_text "soon"
	shot "$size: filter error" "column 17" "views-$size-filter-error.txt"
	tui_keys Escape
	find_node "ci-deployer access key"
	tui_keys ' '
	tui_keys :
	tui_text "marks"
	tui_keys Enter
	shot "$size: marks" "1 marked node" "views-$size-marks.txt"
	tui_keys Enter ' ' '['
	tui_keys L
	tui_text "er-2"
	tui_keys Enter
	shot "$size: lookup by last four" "critical crown-jewel-reach" "views-$size-lookup.txt"
	tui_keys q
	tui_wait "exit=0" && ok "$size: q quits" || not_ok "$size: q quits"
	tui_stop
	# Let the server go before the next one starts on the same socket.
	sleep 0.5
}

tour 80 24
tour 160 48
done_testing
