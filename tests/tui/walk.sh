#!/bin/sh
# The interface at 80x24 on a fixture case: the list, a filter, a walk of
# two steps, a step back, the help and quitting, compared as screen text.
. "$(dirname "$0")/../lib.sh"

db="$TMP/case.db"
$TW --db "$db" import --quiet "$TW_ROOT/tests/fixtures/opengraph/basic.json" \
    >/dev/null || not_ok "import fixture"

tui_start 80 24 --db "$db"
if tui_wait "Enter walk"; then
	check_screen "list at start" walk-1-list.txt
else
	not_ok "list at start" "$(tui_screen)"
fi

tui_keys /
tui_text alice
tui_wait "1 of 11" && check_screen "filter narrows the list" \
    walk-2-filter.txt || not_ok "filter narrows the list" "$(tui_screen)"

tui_keys Enter Enter
tui_wait "key     github:U_alice" &&
    check_screen "walk opens on the node" walk-3-alice.txt ||
    not_ok "walk opens on the node" "$(tui_screen)"

tui_keys Enter
tui_wait "alice › fixture-org/core/members" &&
    check_screen "first step" walk-4-step1.txt ||
    not_ok "first step" "$(tui_screen)"

tui_keys Enter
tui_wait "members › core" &&
    check_screen "second step" walk-5-step2.txt ||
    not_ok "second step" "$(tui_screen)"

tui_keys BSpace
tui_wait "key     github:TR_core_members" &&
    check_screen "step back" walk-6-back.txt ||
    not_ok "step back" "$(tui_screen)"

tui_keys '?'
tui_wait "Esc or ? close" && ok "help opens" || not_ok "help opens" "$(tui_screen)"
tui_keys Escape
tui_wait "Enter step" && ok "help closes" || not_ok "help closes" "$(tui_screen)"

tui_keys q
if tui_wait "exit=0"; then
	ok "q quits with status 0"
else
	not_ok "q quits with status 0" "$(tui_screen)"
fi
tui_stop
done_testing
