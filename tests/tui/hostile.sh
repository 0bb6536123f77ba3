#!/bin/sh
# The interface on hostile data at 80x24: the list, a filter, a walk on a
# node whose name, key, attributes and edge kinds hold escape sequences,
# controls, bidi and invisible characters, its attribute page, a step to
# a node with a long wide name, and the help. On every screen, captured
# with its colours (capture-pane -e), the only escape sequences are the
# colours tmux itself writes, no C1, bidi or invisible character is on
# screen, no line is wider than the terminal, the window title is the one
# tmux set, the escapes are shown as text and the rows holding them are
# marked with '!'.
. "$(dirname "$0")/../lib.sh"

db="$TMP/case.db"
$TW --db "$db" import --quiet \
    "$TW_ROOT/tests/fixtures/opengraph/hostile-all.json" >/dev/null 2>&1 ||
    not_ok "import fixture"

# check_screen_safe NAME: the checks above on the current screen.
check_screen_safe() {
	tmux -S "$TUI_SOCK" capture-pane -e -p -t tw >"$TMP/screen.e"
	check_safe "$1: only colour sequences and safe characters" \
	    "$TMP/screen.e" --screen
	tui_screen >"$TMP/screen.txt"
	widths=$(python3 - "$TMP/screen.txt" <<'EOF'
import ctypes, locale, sys
locale.setlocale(locale.LC_ALL, "C.UTF-8")
libc = ctypes.CDLL(None)
libc.wcwidth.restype = ctypes.c_int
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1]
w = [sum(max(libc.wcwidth(ctypes.c_wchar(c)), 0) for c in l) for l in lines]
print(len(lines), max(w) <= 80)
EOF
)
	check_eq "$1: 24 rows, none wider than 80 columns" "24 True" "$widths"
	check_eq "$1: window title untouched" "$title" \
	    "$(tmux -S "$TUI_SOCK" display -p -t tw '#{pane_title}')"
	check_match "$1: header on the first row" "^ trustwalk \| case\.db" \
	    "$(head -1 "$TMP/screen.txt")"
}

tui_start 80 24 --db "$db"
tui_wait "Enter walk" || not_ok "list at start" "$(tui_screen)"
title=$(tmux -S "$TUI_SOCK" display -p -t tw '#{pane_title}')
check_screen_safe "list"
check_screen "hostile list" hostile-1-list.txt
check_match "list marks the escaped rows" '^!.*mallory\\x1b' \
    "$(cat "$TMP/screen.txt")"
check_match "list shows bidi as text" 'evil<U\+202E>org' \
    "$(cat "$TMP/screen.txt")"

tui_keys /
tui_text mallory
tui_wait "1 of 6" || not_ok "filter" "$(tui_screen)"
check_screen_safe "filter"
tui_keys Enter Enter
tui_wait "key     acme" || not_ok "walk" "$(tui_screen)"
check_screen_safe "walk"
check_screen "hostile walk" hostile-2-walk.txt
check_match "walk shows the escaped key" 'key     acme__31m___:esc\\x1b\[2J' \
    "$(cat "$TMP/screen.txt")"
check_match "walk escapes the edge kind" 'HasRole\\x1b\[2J<U\+202E>' \
    "$(cat "$TMP/screen.txt")"

tui_keys a
tui_wait "attributes (a: back to edges)" || not_ok "attributes" "$(tui_screen)"
check_screen_safe "attributes"
check_screen "hostile attributes" hostile-3-attributes.txt
check_match "attributes show CR and BS as text" 'line1\\nline2\\rover\\x08' \
    "$(cat "$TMP/screen.txt")"
check_match "attributes show tag characters as text" '<U\+E0041>' \
    "$(cat "$TMP/screen.txt")"

tui_keys a
tui_wait "Enter step" || not_ok "back to edges" "$(tui_screen)"
tui_keys Enter
tui_wait "key     acme__31m___:" || not_ok "step" "$(tui_screen)"
check_screen_safe "step to a neighbour"

tui_keys '?'
tui_wait "next / previous row" || not_ok "help" "$(tui_screen)"
check_screen_safe "help"
tui_keys Escape BSpace BSpace q
tui_wait "exit=0" && ok "quits with status 0" ||
    not_ok "quits with status 0" "$(tui_screen)"
tui_stop
done_testing
