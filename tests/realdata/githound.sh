#!/bin/sh
# Acceptance on a real GitHound export of a test GitHub organisation
# (299 nodes, 1,062 edges of 48 kinds, two edges naming nodes outside the
# file). The real exports live outside the project; when they are absent
# every check is reported as skipped.
. "$(dirname "$0")/../lib.sh"

real=${TW_REALDATA:-$TW_ROOT/../shared/realdata}
file="$real/opengraph/github-org-githound.json"
if [ ! -f "$file" ]; then
	echo "# real exports not found at $real; set TW_REALDATA to run these"
	for name in "import counts" "edge kinds kept" "placeholders" \
	    "walk member to repository secret in the TUI"; do
		skip "$name" "no real exports at $real"
	done
	done_testing
	exit 0
fi
echo "# using real exports in $real"

db="$TMP/case.db"
out=$($TW --db "$db" import "$file" 2>&1)
check_match "import counts" \
    "301 nodes, 1062 edges, 2 placeholders, 0 warnings" "$out"

kinds=$(sqlite3 "$db" "SELECT count(DISTINCT raw) FROM edge")
check_eq "edge kinds kept" 48 "$kinds"

missing=$($TW --db "$db" ls --format csv | tr -d '\r' | grep -c ',true$')
check_eq "placeholders" 2 "$missing"

# member-06 -> team role -> team -> repository role -> repository ->
# the repository's secret, stepping with the walk filter.
tui_start 80 24 --db "$db"
tui_wait "Enter walk"
tui_keys /
tui_text member-06
tui_keys Enter Enter
tui_wait "key     github:" || true
step() {
	tui_keys /
	tui_text "$1"
	tui_keys Enter Enter
	tui_wait "$2"
}
step "randomteam/maintainers" "role SpecterTst/randomteam/maintainers" &&
step "RandomTeam" "team RandomTeam" &&
step "branchprotectiontest/write" \
    "role SpecterTst/branchprotectiontest/write" &&
step "GH_WriteRepoContents" "system branchprotectiontest" &&
step "TESTSECRET" "credential TESTSECRET"
if tui_screen | grep -Fq "credential TESTSECRET" &&
    tui_screen | grep -Fq "branchprotectiontest › TESTSECRET"; then
	ok "walk member to repository secret in the TUI"
else
	not_ok "walk member to repository secret in the TUI" "$(tui_screen)"
fi
tui_keys q
tui_stop
done_testing
