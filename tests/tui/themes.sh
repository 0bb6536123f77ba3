#!/bin/sh
# Themes and terminals: each shipped theme draws its own colours (read
# with capture-pane -e), :theme switches live, the configuration picks
# one, NO_COLOR wins over all of them, colours fit an 8-colour terminal,
# and ASCII mode (--ascii, or a locale without UTF-8) draws only ASCII,
# with golden screens of the views that draw bars, dots and columns.
. "$(dirname "$0")/../lib.sh"

db="$TMP/demo.db"
cd "$TW_ROOT" || exit 1
$TW --db "$db" --now 2026-11-01 import --quiet samples/demo-earlier \
    >/dev/null || not_ok "import the earlier estate"
$TW --db "$db" --now 2026-12-01 import --quiet samples/demo >/dev/null ||
    not_ok "import the estate"
cd "$TMP" || exit 1
esc=$(printf '\033')

# start TERM ENV ARGS...: the binary in tmux with another TERM or env.
start() {
	term=$1
	envs=$2
	shift 2
	tmux -S "$TUI_SOCK" -f /dev/null new-session -d -s tw -x 80 -y 24 \
	    "env $envs TERM=$term XDG_CONFIG_HOME='$XDG_CONFIG_HOME' \
	    $TW --db $db --now 2026-12-01 $*; sleep 30"
	tui_wait "acme-opsbot" || not_ok "start $*" "$(tui_screen)"
	sleep 0.3
}

stop() {
	tui_stop
	sleep 0.3
}

colors() {
	tmux -S "$TUI_SOCK" capture-pane -e -p -t tw
}

# has NAME SEQUENCE: pass when the screen's escapes hold SEQUENCE.
has() {
	if colors | grep -Fq -- "$esc[$2"; then
		ok "$1"
	else
		not_ok "$1" "$(colors | head -3 | od -c | head -8)"
	fi
}

# no_color NAME: pass when the screen uses no colour at all.
no_color() {
	if colors | grep -Eq "$esc\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;5|48;5)[;m]"; then
		not_ok "$1" "$(colors | head -3 | od -c | head -8)"
	else
		ok "$1"
	fi
}

start xterm-256color LC_ALL=C.UTF-8 --theme dark
has "dark: black on cyan header" "30m$esc[46m"
stop
start xterm-256color LC_ALL=C.UTF-8 --theme light
has "light: white on blue header" "37m$esc[44m"
has "light: 256-colour selection" "48;5;25m"
stop
start xterm-256color LC_ALL=C.UTF-8 --theme contrast
has "contrast: bright yellow header" "103m"
has "contrast: black background" "40m"
stop
start xterm-256color LC_ALL=C.UTF-8 --theme mono
no_color "mono: no colours"
has "mono: reverse header" "1;7m"
stop

# A copy of the binary far from the source tree has the built-in themes,
# and a theme file of the user's replaces one.
mkdir -p "$TMP/bin"
cp "$TW" "$TMP/bin/trustwalk"
TW_SAVED=$TW
TW=$TMP/bin/trustwalk
start xterm-256color LC_ALL=C.UTF-8 --theme light
has "copied binary: light theme built in" "37m$esc[44m"
stop
start xterm-256color LC_ALL=C.UTF-8
has "copied binary: dark by default" "30m$esc[46m"
stop
mkdir -p "$XDG_CONFIG_HOME/trustwalk/themes"
sed 's/^header .*/header = black green bold/' "$TW_ROOT/themes/dark.theme" \
    >"$XDG_CONFIG_HOME/trustwalk/themes/dark.theme"
start xterm-256color LC_ALL=C.UTF-8 --theme dark
has "user theme file replaces built-in" "30m$esc[42m"
stop
rm -r "$XDG_CONFIG_HOME/trustwalk/themes"
TW=$TW_SAVED

# :theme switches live; an unknown one keeps the theme.
start xterm-256color LC_ALL=C.UTF-8
tui_keys :
tui_text "theme contrast"
tui_keys Enter
tui_wait "theme contrast" || not_ok ":theme contrast" "$(tui_screen)"
has ":theme contrast switches at once" "103m"
tui_keys :
tui_text "theme nosuch"
tui_keys Enter
tui_wait "no theme \"nosuch\"" && ok "an unknown theme is refused" ||
    not_ok "an unknown theme is refused" "$(tui_screen)"
has "the theme stays" "103m"
stop

# The configuration's theme, and --theme over it.
mkdir -p "$XDG_CONFIG_HOME/trustwalk"
printf '[tui]\ntheme = light\n' >"$XDG_CONFIG_HOME/trustwalk/config"
start xterm-256color LC_ALL=C.UTF-8
has "[tui] theme = light applies" "37m$esc[44m"
stop
start xterm-256color LC_ALL=C.UTF-8 --theme dark
has "--theme wins over the configuration" "30m$esc[46m"
stop
printf '[tui]\nclipboard = yes\n' >"$XDG_CONFIG_HOME/trustwalk/config"
check_match "an unknown clipboard setting is an error" \
    "clipboard = \"yes\" under \[tui\]: give osc52 or off" \
    "$($TW --db "$db" tui 2>&1 </dev/null)"
rm -f "$XDG_CONFIG_HOME/trustwalk/config"

# NO_COLOR wins over --theme.
start xterm-256color "LC_ALL=C.UTF-8 NO_COLOR=1" --theme contrast
no_color "NO_COLOR draws no colour even with --theme contrast"
stop

# 8 colours: the 256-colour values of the light theme fit the basic ones.
start xterm LC_ALL=C.UTF-8 --theme light
if colors | grep -q "$esc\[[34]8;5;"; then
	not_ok "8 colours: no 256-colour escapes" "$(colors | od -c | head)"
else
	ok "8 colours: no 256-colour escapes"
fi
has "8 colours: the selection becomes blue" "44m"
stop

# ASCII mode: no byte above 0x7f, on the views that draw symbols.
ascii_check() {
	if tui_screen | LC_ALL=C grep -q "$(printf '[\200-\377]')"; then
		not_ok "$1" "$(tui_screen)"
	else
		ok "$1"
	fi
}
tui_start 80 24 --db "$db" --now 2026-12-01 --ascii
tui_wait "acme-opsbot" || not_ok "ascii list" "$(tui_screen)"
tui_keys H
tui_wait "Credential ages" && check_screen "ascii: age bars" \
    themes-ascii-ages.txt || not_ok "ascii: age bars" "$(tui_screen)"
ascii_check "ascii: ages are ASCII"
tui_keys M
tui_wait "reached; in red" && check_screen "ascii: matrix dots" \
    themes-ascii-matrix.txt || not_ok "ascii: matrix" "$(tui_screen)"
ascii_check "ascii: the matrix is ASCII"
tui_keys q
stop
tui_start 160 48 --db "$db" --now 2026-12-01 --ascii
tui_wait "acme-opsbot"
tui_keys /
tui_text "ci-deployer access key 1"
tui_keys Enter Enter
tui_wait "comes from" && check_screen "ascii: Miller columns" \
    themes-ascii-walk.txt || not_ok "ascii: Miller columns" "$(tui_screen)"
ascii_check "ascii: the walk is ASCII"
tui_keys q
stop

# A locale without UTF-8 chooses ASCII mode by itself.
start xterm-256color LC_ALL=C
tui_keys S
tui_wait "findings per snapshot"
ascii_check "the C locale draws ASCII"
stop
done_testing
