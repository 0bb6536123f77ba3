#!/bin/sh
# SIGINT (Ctrl-C), SIGTERM and SIGHUP while the interface runs: it ends
# with 128 + the signal number, the terminal settings are restored
# (stty, alternate screen, cursor), and the case file is intact. Closing
# the terminal itself (killing the tmux window) ends the process as well,
# and so does a terminal that hangs up while SIGHUP is blocked.
. "$(dirname "$0")/../lib.sh"

db="$TMP/case.db"
$TW --db "$db" import --quiet "$TW_ROOT/tests/fixtures/opengraph/basic.json" \
    >/dev/null 2>&1 || not_ok "import fixture"

case_sum() {
	sqlite3 "$1" "SELECT * FROM snapshot; SELECT * FROM node;
	    SELECT * FROM edge; SELECT name, hex(value) FROM meta;
	    PRAGMA integrity_check;" | sha256sum
}
before_sum=$(case_sum "$db")

# start_tui: run the interface in tmux between two stty -g snapshots,
# with a tmux server of its own.
nsession=0
start_tui() {
	nsession=$((nsession + 1))
	TUI_SOCK="$TMP/tmux-$nsession.sock"
	rm -f "$TMP/stty.before" "$TMP/stty.after"
	tmux -S "$TUI_SOCK" -f /dev/null new-session -d -s tw -x 80 -y 24 \
	    "stty -g >'$TMP/stty.before'; env LC_ALL=C.UTF-8 \
	    TERM=xterm-256color XDG_STATE_HOME='$XDG_STATE_HOME' \
	    $TW --db '$db'; echo \"exit=\$?\"; \
	    stty -g >'$TMP/stty.after'; sleep 30"
	tui_wait "Enter walk"
	# Leave the list for a walk, so there is state to tear down.
	tui_keys Enter
	tui_wait "Enter step"
}

# tw_pid: the pid of trustwalk under the tmux pane's shell.
tw_pid() {
	pgrep -P "$(tmux -S "$TUI_SOCK" display -p -t tw '#{pane_pid}')" \
	    trustwalk
}

# check_restored NAME STATUS: the exit status and the terminal state.
check_restored() {
	if tui_wait "exit=$2"; then
		ok "$1 ends with status $2"
	else
		not_ok "$1 ends with status $2" "$(tui_screen)"
	fi
	i=0
	while [ ! -s "$TMP/stty.after" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	check_eq "$1 restores the terminal settings" \
	    "$(cat "$TMP/stty.before")" "$(cat "$TMP/stty.after" 2>/dev/null)"
	check_eq "$1 leaves the alternate screen" 0 \
	    "$(tmux -S "$TUI_SOCK" display -p -t tw '#{alternate_on}')"
	check_eq "$1 shows the cursor again" 1 \
	    "$(tmux -S "$TUI_SOCK" display -p -t tw '#{cursor_flag}')"
	check_eq "$1 leaves the case intact" "$before_sum" "$(case_sum "$db")"
}

start_tui
tui_keys C-c
check_restored "Ctrl-C (SIGINT)" 130
tui_stop

start_tui
kill -TERM "$(tw_pid)"
check_restored "SIGTERM" 143
tui_stop

start_tui
kill -HUP "$(tw_pid)"
check_restored "SIGHUP" 129
tui_stop

# A closed terminal: the window goes, and with it the process.
start_tui
pid=$(tw_pid)
tmux -S "$TUI_SOCK" kill-session -t tw
i=0
while pid_running "$pid" && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
if pid_running "$pid"; then
	not_ok "closing the terminal ends trustwalk" "pid $pid still runs"
	kill -KILL "$pid"
else
	ok "closing the terminal ends trustwalk"
fi
check_eq "closing the terminal leaves the case intact" "$before_sum" \
    "$(case_sum "$db")"
check "no -wal file is left" test ! -e "$db-wal"
tui_stop

# A terminal that hangs up while SIGHUP is blocked: the key read fails
# and the interface must notice the hang-up instead of spinning.
out=$(python3 - "$TW" "$db" <<'EOF'
import os, pty, select, signal, sys, time
pid, fd = pty.fork()
if pid == 0:
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGHUP})
    os.environ.update(TERM="xterm-256color", LC_ALL="C.UTF-8")
    os.execv(sys.argv[1], [sys.argv[1], "--db", sys.argv[2]])
seen = b""
deadline = time.time() + 10
while b"Enter walk" not in seen and time.time() < deadline:
    if select.select([fd], [], [], 0.2)[0]:
        try:
            seen += os.read(fd, 65536)
        except OSError:
            break
os.close(fd)
deadline = time.time() + 5
while time.time() < deadline:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        print("exit", os.waitstatus_to_exitcode(status))
        break
    time.sleep(0.05)
else:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    print("still running after the hang-up")
EOF
)
check_eq "a hang-up with SIGHUP blocked ends the interface" "exit 129" "$out"
check_eq "the hang-up leaves the case intact" "$before_sum" "$(case_sum "$db")"
done_testing
