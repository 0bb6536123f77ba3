#!/bin/sh
# A scripted session of the interface under valgrind's memcheck: the
# list, a filter, a walk of two steps, back, the attributes, the help and
# quit, on the hostile fixture. Any memory error, and any leak that is
# definitely, indirectly or possibly lost, fails. Memory ncurses and
# terminfo keep until exit is "still reachable" and does not count; the
# blocks of their caches that valgrind calls "possibly lost" are
# suppressed by tests/tui/valgrind.supp, which says why. Always runs the
# normal build: valgrind cannot run a binary built with AddressSanitizer.
. "$(dirname "$0")/../lib.sh"

if ! command -v valgrind >/dev/null 2>&1; then
	skip "session under valgrind" "valgrind is not installed"
	done_testing
	exit 0
fi
TW=$TW_ROOT/trustwalk
db="$TMP/case.db"
$TW --db "$db" import --quiet "$TW_ROOT/tests/fixtures/opengraph/basic.json" \
    "$TW_ROOT/tests/fixtures/opengraph/hostile-all.json" >/dev/null 2>&1 ||
    not_ok "import fixtures"

vg="valgrind --error-exitcode=99 --leak-check=full \
    --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible \
    --suppressions=$TW_ROOT/tests/tui/valgrind.supp \
    --log-file=$TMP/valgrind.log"
# As tui_start does, with valgrind in front of the binary.
tmux -S "$TUI_SOCK" -f /dev/null new-session -d -s tw -x 80 -y 24 \
    "env LC_ALL=C.UTF-8 TERM=xterm-256color XDG_STATE_HOME='$XDG_STATE_HOME' \
    $vg $TW --db '$db'; echo \"exit=\$?\"; sleep 30"

# Valgrind is slow to start; wait longer than tui_wait does.
wait_for() {
	i=0
	while [ $i -lt 20 ]; do
		tui_wait "$1" && return 0
		i=$((i + 1))
	done
	return 1
}

# step NAME TEXT: pass when TEXT comes on the screen.
step() {
	if wait_for "$2"; then
		ok "$1 under valgrind"
	else
		not_ok "$1 under valgrind" "$(tui_screen)"
	fi
}

step "list" "Enter walk"
tui_keys /
tui_text alice
step "filter" "1 of 17"
tui_keys Enter Enter
step "walk" "key     github:U_alice"
tui_keys Enter
step "step" "alice › "
tui_keys a
step "attributes" "attributes (a: back"
tui_keys a BSpace
step "back" "key     github:U_alice"
tui_keys '?'
step "help" "next, previous page"
# Close the help, leave the walk, clear the filter.
tui_keys Escape BSpace Escape
step "list again" "Enter walk"
tui_keys /
tui_text mallory
tui_keys Enter Enter
step "walk on hostile data" "key     acme"
tui_keys q
if wait_for "exit=0"; then
	ok "session under valgrind ends with status 0"
else
	not_ok "session under valgrind ends with status 0" \
	    "$(tui_screen; tail -40 "$TMP/valgrind.log")"
fi
tui_stop
summary=$(grep "ERROR SUMMARY" "$TMP/valgrind.log")
check_match "valgrind reports no errors" "ERROR SUMMARY: 0 errors" \
    "$summary
$(grep -A30 'Invalid\|uninitialised\|definitely lost in' \
    "$TMP/valgrind.log" | head -60)"
check_match "valgrind finds nothing lost" \
    "definitely lost: 0 bytes.*indirectly lost: 0 bytes.*possibly lost: 0 bytes" \
    "$(grep -E 'definitely|indirectly|possibly' "$TMP/valgrind.log" |
    tr '\n' ' ')"
done_testing
