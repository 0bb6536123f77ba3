#!/bin/sh
# The analysis views at 80x24 on the fixture estate: blast radius columns
# in the list, the reach tree (folding a group), the path view and its
# alternative, a what-if switch and clearing it, the crown jewels view
# with chokepoints, the edge-kind prompt, tier-zero marks and who-can.
. "$(dirname "$0")/../lib.sh"

db="$TMP/case.db"
$TW --db "$db" import --quiet "$TW_ROOT/tests/fixtures/analysis/estate.json" \
    >/dev/null 2>&1 || not_ok "import fixture"
sqlite3 "$db" "UPDATE edge SET flags = flags | 1, conditions =
    '{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}'
    WHERE raw = 'CanAssume' AND src =
    (SELECT id FROM nkey WHERE key = 'estate:backup-sa')"

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

tui_start 80 24 --db "$db" --tier-zero payments-db
step "list shows blast radius columns" "PRIV ADMIN" analysis-1-list.txt

tui_keys /
tui_text ci-tok
tui_keys Enter '>'
step "reach view groups what a token reaches" "reach from ci-token" \
    analysis-2-reach.txt
tui_keys Enter
step "Enter folds a group" "▸ identities (5)" ""
tui_keys Enter G p
step "path view shows the chain" "path 1 of 2" analysis-3-path.txt
tui_keys Tab
step "Tab shows the alternative" "path 2 of 2" ""
check_match "the alternative goes through the group" "member_of \(MemberOf\)" \
    "$(tui_screen)"

tui_keys BTab g j j j x
step "x switches the selected edge off" "what-if: 1 off" \
    analysis-4-whatif.txt
tui_keys X
step "X switches everything back on" "path 1 of 2" ""

tui_keys BSpace BSpace J
step "crown jewels view with chokepoints" "chokepoints (11)" \
    analysis-5-jewels.txt
tui_keys e
tui_text '!can_assume'
tui_keys Enter
step "edge kinds are applied everywhere" "pairs 1   chokepoints" ""
check_match "the header shows the edge kinds" "edges !can_assume" \
    "$(tui_screen)"
tui_keys e Enter
step "an empty edge-kind prompt restores the default" "pairs 2   chokepoints" \
    ""

tui_keys j T
step "T unmarks a crown jewel" "no crown jewels" ""
tui_keys BSpace Escape
step "the list recomputes the crown jewel column" "payments-db" ""
check_nomatch "no node reaches a crown jewel now" "  1       [0-9]+$" \
    "$(tui_screen)"
tui_keys /
tui_text payments
tui_keys Enter T '<'
step "who-can lists what reaches a node" "who can reach payments-db" ""
check_match "who-can marks the conditional way" "\? +5 credential +backup-key" \
    "$(tui_screen)"

tui_keys q
step "q quits with status 0" "exit=0" ""
tui_stop

# The last T marked payments-db again: the mark is saved as a tag.
check_match "T saves the tier0 tag" "tier0" \
    "$($TW --db "$db" tag payments-db 2>&1)"
check_match "a tier0 tag makes a crown jewel" "payments-db" \
    "$($TW --db "$db" crown-jewels 2>&1)"
done_testing
