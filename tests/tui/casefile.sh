#!/bin/sh
# The case file in the interface at 80x24. The suite opens the snapshots
# view and the diff of one import, walks from a change to its node, and
# adds a note, a review state and a mark from the keyboard (shown in the
# card and the list). It then checks the default diff, an export, the
# journal it all leaves, a read-only case that saves nothing and --as-of.
. "$(dirname "$0")/../lib.sh"

fx="$TW_ROOT/tests/fixtures/casefile"
db="$TMP/case.db"
# Relative paths, so that the input names on screen match the golden files.
cd "$fx" || exit 1
$TW --db "$db" --now 2026-11-01 import --quiet before >/dev/null ||
    not_ok "import the earlier snapshot"
$TW --db "$db" --now 2026-12-01 import --quiet after >/dev/null ||
    not_ok "import the later snapshot"
cd "$TMP" || exit 1

tui_start 80 24 --db "$db" --now 2026-12-01
tui_wait "Enter walk" || not_ok "list at start" "$(tui_screen)"
tui_keys S
tui_wait "IMPORTED (UTC)" && check_screen "snapshots view" \
    casefile-1-snapshots.txt || not_ok "snapshots view" "$(tui_screen)"

tui_keys j Enter
tui_wait "after snapshot 2" && check_screen "diff of one import" \
    casefile-2-diff.txt || not_ok "diff of one import" "$(tui_screen)"

# The cursor starts on the first change: the identity added.
tui_keys Enter
tui_wait "key     case:new-sa" && ok "Enter walks to the changed node" ||
    not_ok "Enter walks to the changed node" "$(tui_screen)"

tui_keys n
tui_wait "note:" || not_ok "n asks for a note" "$(tui_screen)"
tui_text "seen in the change review"
tui_keys Enter
tui_wait "note saved" && ok "note saved from the walk" ||
    not_ok "note saved from the walk" "$(tui_screen)"
tui_keys r
tui_text "acc 2027-01-31 vendor fix pending"
tui_keys Enter
tui_wait "review saved" && ok "review saved from the walk" ||
    not_ok "review saved from the walk" "$(tui_screen)"
tui_keys Space
tui_wait "tags marked" && check_screen "card shows annotations" \
    casefile-3-annotated.txt ||
    not_ok "card shows annotations" "$(tui_screen)"

# Back to the list: the node carries its marks.
tui_keys BSpace BSpace BSpace
tui_wait "Enter walk"
tui_keys /
tui_text fraud
tui_keys Enter
tui_wait "2 of 12"
check_match "list shows the marks" '\* nA' "$(tui_screen)"

tui_keys E
tui_text "md $TMP/report.md"
tui_keys Enter
tui_wait "exported" && ok "E exports the marked nodes" ||
    not_ok "E exports the marked nodes" "$(tui_screen)"
check_eq "export file is mode 0600" 600 "$(stat -c %a "$TMP/report.md")"
check_match "export holds the marked node" "fraud" "$(cat "$TMP/report.md")"

tui_keys Escape D
tui_wait "previous (2026-11-01) to current (2026-12-01)" &&
    ok "D shows the default diff" || not_ok "D shows the default diff" \
    "$(tui_screen)"
tui_keys q
tui_wait "exit=0" && ok "quits with status 0" ||
    not_ok "quits with status 0" "$(tui_screen)"
tui_stop
sleep 0.3

out=$($TW --db "$db" journal)
for action in open diff walk note review tag filter export; do
	check_match "journal records $action" "  $action  " "$out"
done
out=$($TW --db "$db" journal --format md)
check_match "journal md has the note" "noted on .*seen in the change review" \
    "$out"

# Read-only: keys that write are refused and nothing is recorded.
steps=$(sqlite3 "$db" "SELECT count(*) FROM journal")
tui_start 80 24 --db "$db" --now 2026-12-01 --read-only
tui_wait "read-only" && ok "header says read-only" ||
    not_ok "header says read-only" "$(tui_screen)"
tui_keys n
tui_wait "open read-only" && ok "note refused on a read-only case" ||
    not_ok "note refused on a read-only case" "$(tui_screen)"
tui_keys Space
tui_wait "open read-only" && ok "mark refused on a read-only case" ||
    not_ok "mark refused on a read-only case" "$(tui_screen)"
tui_keys Enter
tui_wait "key     " || not_ok "walk on a read-only case" "$(tui_screen)"
tui_keys q
tui_wait "exit=0"
tui_stop
sleep 0.3
check_eq "read-only session wrote no journal step" "$steps" \
    "$(sqlite3 "$db" "SELECT count(*) FROM journal")"

# --as-of opens the past: the removed service account is back.
tui_start 80 24 --db "$db" --as-of 2026-11-15
tui_wait "as of 2026-11-15" && ok "header names the as-of view" ||
    not_ok "header names the as-of view" "$(tui_screen)"
tui_keys /
tui_text legacy
tui_wait "legacy-batch" && ok "as-of view has the removed node" ||
    not_ok "as-of view has the removed node" "$(tui_screen)"
tui_keys q
tui_stop
done_testing
