#!/bin/sh
# The interface follows terminal resizes, keeps working at small sizes,
# and honours NO_COLOR and --ascii.
. "$(dirname "$0")/../lib.sh"

db="$TMP/case.db"
$TW --db "$db" import --quiet "$TW_ROOT/tests/fixtures/opengraph/basic.json" \
    >/dev/null || not_ok "import fixture"

tui_start 80 24 --db "$db"
tui_wait "Enter walk" || not_ok "starts at 80x24" "$(tui_screen)"
tmux -S "$TUI_SOCK" resize-window -t tw -x 120 -y 30
sleep 0.3
screen=$(tui_screen)
check_eq "screen grows to 30 rows" 30 "$(printf '%s\n' "$screen" | wc -l)"
check_match "status line moves to the last row" \
    "Enter walk" "$(printf '%s\n' "$screen" | tail -1)"
check_match "degree column moves to the right edge" \
    "^ +KIND .{90,}DEGREE" "$(printf '%s\n' "$screen" | sed -n 2p)"
tmux -S "$TUI_SOCK" resize-window -t tw -x 40 -y 8
sleep 0.3
screen=$(tui_screen)
check_eq "screen shrinks to 8 rows" 8 "$(printf '%s\n' "$screen" | wc -l)"
check_match "header still drawn at 40 columns" "trustwalk" \
    "$(printf '%s\n' "$screen" | head -1)"
tui_keys Enter
tui_wait "Enter step" && ok "walk opens at 40x8" ||
    not_ok "walk opens at 40x8" "$(tui_screen)"
tui_keys q
tui_wait "exit=0" && ok "quits after resizes" || not_ok "quits after resizes"
tui_stop

# --ascii draws no byte above 0x7f, even for data.
$TW --db "$db" import --quiet "$TW_ROOT/tests/fixtures/opengraph/hostile-names.json" \
    >/dev/null
tui_start 80 24 --db "$db" --ascii
tui_wait "Enter walk"
tui_keys /
tui_text mallory
tui_keys Enter Enter
tui_wait "key     acme:evil" || true
tui_screen >"$TMP/ascii.txt"
if LC_ALL=C grep -q "$(printf '[\200-\377]')" "$TMP/ascii.txt"; then
	not_ok "--ascii shows only ASCII" "$(cat "$TMP/ascii.txt")"
else
	ok "--ascii shows only ASCII"
fi
check_match "--ascii escapes the bidi override" "<U\+202E>" \
    "$(cat "$TMP/ascii.txt")"
check_match "rows with escaped data are marked" "^!" "$(cat "$TMP/ascii.txt")"
tui_keys q
tui_stop

# NO_COLOR: the monochrome theme, with no colour escape sequences.
tmux -S "$TUI_SOCK" -f /dev/null new-session -d -s tw -x 80 -y 24 \
    "env NO_COLOR=1 LC_ALL=C.UTF-8 TERM=xterm-256color $TW --db $db; sleep 30"
tui_wait "Enter walk"
tmux -S "$TUI_SOCK" capture-pane -e -p -t tw >"$TMP/color.txt"
# 39 and 49 select the default colours; anything else is a colour.
if grep -Eq "$(printf '\033')\[([0-9;]*;)?(3[0-7]|4[0-7]|38;5|48;5)[;m]" \
    "$TMP/color.txt"; then
	not_ok "NO_COLOR draws without colours" "$(od -c "$TMP/color.txt" | head)"
else
	ok "NO_COLOR draws without colours"
fi
tui_keys q
tui_stop
done_testing
