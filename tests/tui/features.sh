#!/bin/sh
# The filter language, sorting, marks and paths from them, the leaked
# credential lookup (by key id, and by a pasted secret that must never
# reach the screen, the journal, the case file or the log), the OSC 52
# copy and the mouse, on the demo estate and a Kubernetes fixture at
# 80x24.
. "$(dirname "$0")/../lib.sh"

db="$TMP/demo.db"
cd "$TW_ROOT" || exit 1
$TW --db "$db" --now 2026-11-01 import --quiet samples/demo-earlier \
    >/dev/null || not_ok "import the earlier estate"
$TW --db "$db" --now 2026-12-01 import --quiet samples/demo >/dev/null ||
    not_ok "import the estate"
cd "$TMP" || exit 1

shot() {
	if tui_wait "$2"; then
		check_screen "$1" "$3"
	else
		not_ok "$1" "$(tui_screen)"
	fi
}

# The filter language, with the filter in the header.
tui_start 80 24 --db "$db" --now 2026-12-01
tui_wait "acme-opsbot" || not_ok "list at start" "$(tui_screen)"
tui_keys /
tui_text "kind:credential env:dev"
shot "filter by kind and environment" "2 of 313" filter-1-fields.txt
tui_keys Enter
check_match "the header shows the filter" \
    "\| filter: kind:credential env:dev" "$(tui_screen | head -1)"
tui_keys Escape /
tui_text "kind:credential !used:unknown rotated:>1y"
shot "negation and ages" "of 313" filter-2-ages.txt
tui_keys Escape /
tui_text "kind:credential stale:90"
shot "an invalid age names its column" "column 17" filter-3-error.txt
tui_keys Escape /
tui_text "kind:service_account owner:none"
tui_wait "of 313" && check_match "owner:none finds identities without an owner" \
    "ci-deployer" "$(tui_screen)" || not_ok "owner:none" "$(tui_screen)"
tui_keys Escape /
tui_text "finding:stale-credential"
tui_wait "of 313" && check_match "finding: keeps the nodes with that finding" \
    "svc-reporting access key" "$(tui_screen)" ||
    not_ok "finding: keeps the nodes with that finding" "$(tui_screen)"
check_nomatch "finding: drops the nodes without it" "opsbot" "$(tui_screen)"
tui_keys Escape /
tui_text "reach:crown kind:workload"
tui_wait "of 313" && check_match "reach:crown uses the blast radius" \
    "workload +payments-api: deploy" "$(tui_screen)" ||
    not_ok "reach:crown" "$(tui_screen)"
tui_keys Escape

# Sorting by a column, from the palette.
tui_keys :
tui_text "sort used"
tui_keys Enter
tui_wait "sorted by used" || not_ok "sort by used" "$(tui_screen)"
tui_keys g
sleep 0.3
check_match "a credential never used comes first" \
    "credential .* never$" "$(tui_screen | sed -n 3p)"
tui_keys :
tui_text "sort name"
tui_keys Enter

# Marks and the paths from all of them.
tui_keys /
tui_text "ci-deployer access key"
tui_keys Enter ' ' j ' '
tui_wait "2 of 313" || not_ok "filter the keys" "$(tui_screen)"
sleep 0.3
check_eq "Space marks both keys" 2 "$(tui_screen | grep -c 'ci-deployer access.* \*')"
tui_keys :
tui_text "marks"
tui_keys Enter
shot "the marked nodes" "2 marked nodes" marks-1-list.txt
tui_keys '['
tui_keys :
tui_text "filter payments-prod kind:system"
tui_keys Enter
tui_wait "1 of 313" || tui_wait "payments-prod" ||
    not_ok "filter to the database" "$(tui_screen)"
tui_keys P
shot "paths from every marked node" "Paths from the marked nodes" \
    marks-2-paths.txt
tui_keys Enter
tui_wait "path 1 of" && ok "Enter opens the path of a marked node" ||
    not_ok "Enter opens the path of a marked node" "$(tui_screen)"

# Lookup by key id: one match opens the card with the checklist.
tui_keys L
tui_wait "Leaked credential lookup" || not_ok "L opens the lookup"
tui_text "demo-key-ci-deployer-1"
tui_keys Enter
shot "lookup by key id opens the card" "critical crown-jewel-reach" lookup-1-card.txt
tui_keys :
tui_text "lookup demo-key-ci"
tui_keys Enter
shot "a prefix lists the matches" "key_id starts with it" \
    lookup-2-prefix.txt
tui_keys q
tui_wait "exit=0" || not_ok "quits" "$(tui_screen)"
tui_stop
sleep 0.5

# Lookup by secret: the importer fingerprinted the Kubernetes secret
# "correct-horse-battery-staple" (base64 in the fixture).
secret=correct-horse-battery-staple
kdb="$TMP/k8s.db"
$TW --db "$kdb" import --quiet --cluster cdump \
    "$TW_ROOT/tests/fixtures/k8s/cluster-dump.json" >/dev/null 2>&1 ||
    not_ok "import the cluster"
tui_start 80 24 --db "$kdb" -v
tui_wait "Enter walk" || not_ok "k8s list at start" "$(tui_screen)"
tui_keys :
tui_text "secret"
tui_keys Enter
tui_wait "lookup by secret" || not_ok ":secret opens the lookup"
tui_text "$secret"
tui_wait "hidden, 28 bytes" && ok "the prompt shows only the length" ||
    not_ok "the prompt shows only the length" "$(tui_screen)"
check_nomatch "the secret is not on screen while typed" "$secret" \
    "$(tui_screen)"
tui_keys Enter
shot "the secret finds the credential" "payments/db-credentials" \
    lookup-3-secret.txt
check_nomatch "the secret is not on screen after" "$secret" "$(tui_screen)"
tui_keys :
tui_text "secret"
tui_keys Enter
tui_text "Y29ycmVjdC1ob3JzZS1iYXR0ZXJ5LXN0YXBsZQ=="
tui_keys Enter
tui_wait "payments/db-credentials" &&
    ok "its base64 form finds it too" ||
    not_ok "its base64 form finds it too" "$(tui_screen)"
tui_keys :
tui_text "secret"
tui_keys Enter
tui_text "not-the-secret"
tui_keys Enter
tui_wait "no credential matches" && ok "another secret finds nothing" ||
    not_ok "another secret finds nothing" "$(tui_screen)"
tui_keys q
tui_wait "exit=0" || not_ok "quits after the lookup" "$(tui_screen)"
tui_stop
sleep 0.5
check_nomatch "the journal does not hold the secret" "$secret" \
    "$($TW --db "$kdb" journal --format json)"
check_match "the journal records the lookup" '"lookup"' \
    "$($TW --db "$kdb" journal --format json)"
if grep -rqa "$secret" "$kdb" "$kdb-wal" "$XDG_STATE_HOME" 2>/dev/null; then
	not_ok "the case file and the log do not hold the secret"
else
	ok "the case file and the log do not hold the secret"
fi

# OSC 52: off unless enabled; enabled, y copies the key, base64-encoded.
tmux -S "$TUI_SOCK" -f /dev/null new-session -d -s tw -x 80 -y 24 \
    "env LC_ALL=C.UTF-8 TERM=xterm-256color $TW --db $db --now 2026-12-01; \
    sleep 30"
tmux -S "$TUI_SOCK" set -g set-clipboard on
tui_wait "acme-opsbot" || not_ok "list for y" "$(tui_screen)"
tui_keys y
tui_wait "copying is off" && ok "y without --osc52 copies nothing" ||
    not_ok "y without --osc52 copies nothing" "$(tui_screen)"
tui_keys q
tui_stop
sleep 0.5
tmux -S "$TUI_SOCK" -f /dev/null new-session -d -s tw -x 80 -y 24 \
    "env LC_ALL=C.UTF-8 TERM=xterm-256color $TW --db $db --now 2026-12-01 \
    --osc52; sleep 30"
tmux -S "$TUI_SOCK" set -g set-clipboard on
tui_wait "acme-opsbot" || not_ok "list for y with --osc52" "$(tui_screen)"
tui_keys y
tui_wait "copied the node key" || not_ok "y copies" "$(tui_screen)"
check_eq "the clipboard holds the node key" "github:U_acme_opsbot" \
    "$(tmux -S "$TUI_SOCK" show-buffer 2>/dev/null)"

# The mouse: a click selects a row, a second click opens it; the wheel.
tmux -S "$TUI_SOCK" send-keys -t tw -l "$(printf '\033[<0;20;6M\033[<0;20;6m')"
sleep 0.3
tmux -S "$TUI_SOCK" send-keys -t tw y
tui_wait "copied" || true
check_eq "a click selects the row under it" "person:aisha.karim@acme-payments.example" \
    "$(tmux -S "$TUI_SOCK" show-buffer 2>/dev/null)"
tmux -S "$TUI_SOCK" send-keys -t tw -l "$(printf '\033[<65;20;6M')"
sleep 0.3
tmux -S "$TUI_SOCK" send-keys -t tw y
sleep 0.3
check_eq "the wheel moves three rows" "entra:5e1a0000-0000-4000-8000-000000000007" \
    "$(tmux -S "$TUI_SOCK" show-buffer 2>/dev/null)"
tui_keys q
tui_stop
done_testing
