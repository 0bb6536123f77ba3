# Helpers for the shell test suites: TAP output, a scratch directory and
# the binary under test. Source it from a suite in tests/<suite>/.
#
# TW is the binary (./trustwalk, or build-asan/trustwalk when the suite is
# run with TW_BIN set); TMP is a scratch directory removed on exit.

TW_ROOT=${TW_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
TW=${TW_BIN:-$TW_ROOT/trustwalk}
TMP=$(mktemp -d)
# A suite that stops early must not leave its interface running.
trap 'tmux -S "$TMP/tmux.sock" kill-server 2>/dev/null; rm -rf "$TMP"' EXIT
export XDG_DATA_HOME="$TMP/data" XDG_STATE_HOME="$TMP/state" \
    XDG_CONFIG_HOME="$TMP/config"
export LC_ALL=C.UTF-8
unset TRUSTWALK_DB NO_COLOR

tap_n=0

# ok NAME: report a pass.
ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1"
}

# not_ok NAME [DETAIL]: report a failure with an optional detail line.
not_ok() {
	tap_n=$((tap_n + 1))
	echo "not ok $tap_n - $1"
	[ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/# /'
	return 0
}

# skip NAME REASON: report a skipped check.
skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

# check NAME COMMAND...: pass when the command succeeds.
check() {
	name=$1
	shift
	if out=$("$@" 2>&1); then
		ok "$name"
	else
		not_ok "$name" "$out"
	fi
}

# check_eq NAME EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "expected: $2
actual:   $3"
	fi
}

# check_match NAME PATTERN TEXT: pass when grep -E finds PATTERN in TEXT.
check_match() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		ok "$1"
	else
		not_ok "$1" "pattern: $2
text:
$3"
	fi
}

# check_nomatch NAME PATTERN TEXT: pass when PATTERN is absent from TEXT.
check_nomatch() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		not_ok "$1" "unexpected: $2
text:
$3"
	else
		ok "$1"
	fi
}

# done_testing: print the TAP plan.
done_testing() {
	echo "1..$tap_n"
}

# TUI helpers: run the real binary in a private tmux server at a fixed
# size, send keys and read the screen as text.
TUI_SOCK="$TMP/tmux.sock"

# tui_start COLS ROWS ARGS...: start trustwalk ARGS in a detached session.
tui_start() {
	cols=$1
	rows=$2
	shift 2
	tmux -S "$TUI_SOCK" -f /dev/null new-session -d -s tw -x "$cols" \
	    -y "$rows" "env LC_ALL=C.UTF-8 TERM=xterm-256color \
	    XDG_DATA_HOME='$XDG_DATA_HOME' XDG_STATE_HOME='$XDG_STATE_HOME' \
	    XDG_CONFIG_HOME='$XDG_CONFIG_HOME' $TW $*; \
	    echo \"exit=\$?\"; sleep 30"
}

# tui_keys KEY...: send keys (tmux key names or literal text).
tui_keys() {
	tmux -S "$TUI_SOCK" send-keys -t tw "$@"
}

# tui_text TEXT: type literal text.
tui_text() {
	tmux -S "$TUI_SOCK" send-keys -t tw -l "$1"
}

# tui_screen: print the screen as text.
tui_screen() {
	tmux -S "$TUI_SOCK" capture-pane -p -t tw
}

# tui_wait TEXT: wait up to 5 s until TEXT is on the screen; 1 if not.
tui_wait() {
	i=0
	while [ $i -lt 100 ]; do
		if tui_screen | grep -Fq -- "$1"; then
			sleep 0.1
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# tui_render FILE BYTES COLS ROWS: print the screen a terminal of COLS x
# ROWS shows after the first BYTES bytes of FILE, the output of a
# --replay run. The bytes are shown in a tmux pane, then it is closed.
tui_render() {
	head -c "$2" "$1" >"$TMP/render.bin"
	tmux -S "$TUI_SOCK" -f /dev/null new-session -d -s tw -x "$3" \
	    -y "$4" "cat '$TMP/render.bin'; \
	    tmux -S '$TUI_SOCK' wait-for -S rendered; sleep 30"
	timeout 10 tmux -S "$TUI_SOCK" wait-for rendered
	sleep 0.1
	tui_screen
	tui_stop
}

# pid_running PID: whether the process runs. A zombie does not: it has
# exited, and a container's init may never reap it.
pid_running() {
	ps -o stat= -p "$1" 2>/dev/null | grep -qv '^Z'
}

# tui_stop: end the tmux server and wait until it has exited, since a
# new session started on the same socket while the old server is still
# exiting fails with "server exited unexpectedly".
tui_stop() {
	tui_server=$(tmux -S "$TUI_SOCK" display -p '#{pid}' 2>/dev/null)
	tmux -S "$TUI_SOCK" kill-server 2>/dev/null
	i=0
	while [ -n "$tui_server" ] && [ $i -lt 100 ] &&
	    pid_running "$tui_server"; do
		sleep 0.02
		i=$((i + 1))
	done
	return 0
}

# check_screen NAME GOLDEN: compare the screen with a golden file in
# tests/tui/golden/. TW_UPDATE_GOLDEN=1 writes the file instead.
check_screen() {
	golden="$TW_ROOT/tests/tui/golden/$2"
	tui_screen >"$TMP/screen.txt"
	if [ "${TW_UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$TMP/screen.txt" "$golden"
	fi
	if diff -u "$golden" "$TMP/screen.txt" >"$TMP/screen.diff" 2>&1; then
		ok "$1"
	else
		not_ok "$1" "$(cat "$TMP/screen.diff")"
	fi
}

# check_safe NAME FILE [--screen]: pass when FILE contains nothing a
# terminal would act on: no control character but newline (a CR before a
# newline is allowed, as CSV ends its records so), no DEL, no C1 control,
# and none of the invisible or bidirectional characters the sanitiser
# escapes (tests/tools/unsafe-chars.py has the list). --screen allows the
# colour sequences of `tmux capture-pane -e`.
check_safe() {
	if out=$(python3 "$TW_ROOT/tests/tools/unsafe-chars.py" ${3:-} "$2" \
	    2>&1); then
		ok "$1"
	else
		not_ok "$1" "$out"
	fi
}
