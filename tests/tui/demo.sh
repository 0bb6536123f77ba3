#!/bin/sh
# The interface as a new user meets it on the demo estate: rows of one
# person in several sources read apart at 80 columns, a mark on a joined
# person marks that person alone, the ages chart counts what its list
# shows, the help scrolls by pages and jumps to its ends, and the walk,
# the what-if mark, the ages chart at 20x5 and the reach matrix keep
# their columns.
. "$(dirname "$0")/../lib.sh"

db="$TMP/demo.db"
cd "$TW_ROOT" || exit 1
$TW --db "$db" --now 2026-11-01 import --quiet samples/demo-earlier \
    >/dev/null || not_ok "import the earlier estate"
$TW --db "$db" --now 2026-12-01 import --quiet samples/demo >/dev/null ||
    not_ok "import the estate"
cd "$TMP" || exit 1

start() {
	tui_start "$1" "$2" --db "$db" --now 2026-12-01
	tui_wait "Enter walk" || not_ok "start at $1x$2" "$(tui_screen)"
	sleep 0.3
}

find_node() {
	tui_keys /
	tui_text "$1"
	tui_keys Enter
	sleep 0.3
}

# Rows of Aisha Karim: her accounts and the person a join made.
start 80 24
rows=$(tui_screen | grep "Aisha Karim" | sed 's/  *[0-9].*//; s/^ *//')
check_eq "same-name rows are three" 3 "$(printf '%s\n' "$rows" | wc -l)"
check_eq "same-name rows read apart" 3 \
    "$(printf '%s\n' "$rows" | sort -u | wc -l)"
check_match "joined row names the join" "Aisha Karim \[join\]" "$rows"

# Space on the joined person marks that person alone.
find_node "kind:human karim"
tui_keys g j j
sleep 0.2
tui_keys Space
sleep 0.4
marked=$(tui_screen | grep -c "Karim.*\*")
check_eq "space marks one joined person" 1 "$marked"
tui_stop
marks=$($TW --db "$db" ls --tag marked --format csv | tail -n +2 |
    cut -d, -f1 | tr '\n' ' ')
check_match "mark is on a person" "^person:" "$marks"
check_eq "one node is marked" 1 "$(echo $marks | wc -w)"

# The chart's unknown row counts what Enter lists.
start 100 30
tui_keys H
tui_wait "Credential ages" || not_ok "ages chart" "$(tui_screen)"
chart=$(tui_screen | grep " unknown " | head -1 | awk '{print $NF}')
week=$(tui_screen | grep " < 1 week " | head -1 | awk '{print $NF}')
tui_keys j j j j j j j j Enter
tui_wait "of 313" || not_ok "ages drill-down" "$(tui_screen)"
listed=$(tui_screen | sed -n 's/.* \([0-9]*\) of 313.*/\1/p')
check_eq "unknown bucket lists its count" "$chart" "$listed"
tui_keys Escape Escape H
tui_wait "Credential ages"
tui_keys Enter
tui_wait "of 313"
listed=$(tui_screen | sed -n 's/.* \([0-9]*\) of 313.*/\1/p')
check_eq "under a week lists its count" "$week" "$listed"
check_match "future use shows ahead" " in 1h " "$(tui_screen)"
check_nomatch "no negative age" " -1h " "$(tui_screen)"
tui_stop

# The help: PgDn moves a page, g and G (and Home and End) jump.
start 80 24
tui_keys ?
tui_wait "Filter language" || tui_wait "keys" || true
first=$(tui_screen | sed -n 2p)
tui_keys PgDn
sleep 0.3
after=$(tui_screen | sed -n 2p)
tui_keys PgUp
sleep 0.3
tui_keys G
sleep 0.3
check_match "G shows the last line" "What-if switches last" "$(tui_screen)"
tui_keys g
sleep 0.3
check_eq "g goes back to the top" "$first" "$(tui_screen | sed -n 2p)"
tui_keys End
sleep 0.3
check_match "End shows the last line" "What-if switches last" \
    "$(tui_screen)"
tui_keys Home
sleep 0.3
check_eq "Home goes back to the top" "$first" "$(tui_screen | sed -n 2p)"
tui_keys PgDn
sleep 0.3
# A page of 22 lines keeps one: the old line 23 is now line 2.
tui_keys PgUp
sleep 0.3
line23=$(tui_screen | sed -n 23p)
tui_keys PgDn
sleep 0.3
check_eq "PgDn moves a page" "$line23" "$(tui_screen | sed -n 2p)"
tui_stop

# The walk keeps its kinds in one column beside no-follow rows.
start 80 24
find_node "prod-deploy"
tui_keys Enter
tui_wait "no-follow" || not_ok "walk of prod-deploy" "$(tui_screen)"
cols=$(tui_screen | grep -E "^    (CanAssume|HasPolicy|Limits) " |
    sed -E 's/ (role|policy|service_account)( .*)?$//' | awk '{ print length }' |
    sort -u)
check_eq "walk kinds in one column" 1 "$(printf '%s\n' "$cols" | wc -l)"
tui_stop

# The what-if mark keeps a blank column before the kind.
start 80 24
find_node "kind:role prod-deploy"
tui_keys g x
sleep 0.4
check_match "what-if mark apart from the kind" "^ x +role " \
    "$(tui_screen | grep "prod-deploy")"
check_nomatch "what-if mark not on the kind" "xrole" "$(tui_screen)"
tui_stop

# The ages chart at 20x5 and the matrix's environment headers.
start 80 24
tui_keys M
tui_wait "SYSTEM" || not_ok "matrix" "$(tui_screen)"
check_match "matrix shows production whole" " production " \
    "$(tui_screen | sed -n 2p)"
tui_stop
start 20 5
tui_keys H
sleep 0.5
check_screen "ages at 20x5" demo-ages-20x5.txt
tui_stop

done_testing
