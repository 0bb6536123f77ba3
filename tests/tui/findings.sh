#!/bin/sh
# The findings in the interface at 80x24 on the findings fixture. The
# checks cover the list's FIND column and its sort, and the findings view
# grouped by rule, with folding. Enter walks to a finding's node with the
# evidence marked, A accepts a finding, and u withdraws the acceptance
# after it has lapsed.
. "$(dirname "$0")/../lib.sh"

db="$TMP/case.db"
$TW --db "$db" import --quiet "$TW_ROOT/tests/fixtures/findings/estate.json" \
    >/dev/null 2>&1 || not_ok "import fixture"

# step NAME TEXT GOLDEN: wait for TEXT, then compare with GOLDEN (or just
# pass when GOLDEN is empty).
step() {
	if tui_wait "$2"; then
		if [ -n "$3" ]; then
			check_screen "$1" "$3"
		else
			ok "$1"
		fi
	else
		not_ok "$1" "$(tui_screen)"
	fi
}

tui_start 80 24 --db "$db" --now 2026-12-01
step "list has a findings column" "FIND  USED" ""
tui_keys s s s s s
step "s sorts by findings" "sorted by findings" ""
tui_keys g
step "the most severe findings come first" "role:bucket" findings-1-list.txt
check_match "the nodes with a critical finding come first" \
    "^   credential +sec:personal .* 2 C +-$" "$(tui_screen | sed -n 3,4p)"

tui_keys F
step "F opens the findings grouped by rule" "▾ crown-jewel-reach" \
    findings-2-view.txt
tui_keys Enter
step "Enter walks to the node with the evidence marked" "finding critical" \
    findings-3-walk.txt
check_match "the evidence edge is marked" "^ +\*AuthenticatesAs +sa:crown" \
    "$(tui_screen)"
tui_keys Enter
step "stepping on keeps the marks" "sa:crown" ""
check_match "the next evidence edge is marked" "^ +\*HasRole +role:db" \
    "$(tui_screen)"
tui_keys BSpace BSpace

tui_keys k Enter
step "Enter on a rule folds it" "▸ crown-jewel-reach" ""
tui_keys Enter j A
step "A asks for an acceptance" "accept [UNTIL-DATE] REASON:" ""
tui_text "2027-01-31 the key is retired in January"
tui_keys Enter
step "the accepted finding is marked A" "accepted 1  lapsed 0" \
    findings-4-accepted.txt
check_match "the status line names the acceptance" \
    "crown-jewel-reach accepted for fx:key:crown" "$(tui_screen)"
tui_keys q
step "q quits" "exit=0" ""
tui_stop

check_eq "the acceptance is in the case" \
    "crown-jewel-reach|the key is retired in January" \
    "$(sqlite3 "$db" "SELECT rule, reason FROM acceptance")"
check_eq "the acceptance is in the journal" "accept" \
    "$(sqlite3 "$db" "SELECT action FROM journal WHERE action = 'accept'")"

tui_start 80 24 --db "$db" --now 2027-02-15
step "list starts after the acceptance's date" "FIND  USED" ""
tui_keys F
step "after its date the acceptance has lapsed" "accepted 0  lapsed 1" ""
check_match "the lapsed finding is marked L" "^ L critical +key:crown" \
    "$(tui_screen)"
tui_keys u
step "u withdraws the acceptance" "no longer accepted" ""
check_match "the finding is open again" "accepted 0  lapsed 0" "$(tui_screen)"
tui_keys q
step "q quits again" "exit=0" ""
tui_stop

check_eq "the withdrawal is in the case" 0 \
    "$(sqlite3 "$db" "SELECT count(*) FROM acceptance")"

done_testing
