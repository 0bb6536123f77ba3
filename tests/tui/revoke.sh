#!/bin/sh
# Revocation paths on the credential card at 80x24: who can revoke a key
# and the command for its platform, and a key nobody can revoke, on the
# demo estate.
. "$(dirname "$0")/../lib.sh"

db="$TMP/demo.db"
$TW --db "$db" --now 2026-12-01 import --quiet "$TW_ROOT/samples/demo" \
    >/dev/null || not_ok "import the estate"
cd "$TMP" || exit 1

shot() {
	if tui_wait "$2"; then
		check_screen "$1" "$3"
	else
		not_ok "$1" "$(tui_screen)"
	fi
}

tui_start 80 24 --db "$db" --now 2026-12-01
tui_wait "acme-opsbot" || not_ok "list at start" "$(tui_screen)"

# A Kubernetes secret: the card lists who can revoke it and how.
tui_keys /
tui_text "ledger-sync-token"
tui_wait "1 of" || not_ok "filter to the secret" "$(tui_screen)"
tui_keys Enter d
tui_wait "credential prod-eu1/payments/ledger-sync-token" ||
    not_ok "card of the secret" "$(tui_screen)"
tui_keys G
shot "card lists revokers and the command" "revoke with" \
    revoke-1-card.txt
tui_keys "["

# The demo's unowned signing key: nobody can revoke it.
tui_keys Escape /
tui_text "webhook signing"
tui_wait "1 of" || not_ok "filter to the signing key" "$(tui_screen)"
tui_keys Enter d
shot "card says nobody can revoke it" "nobody: no owner" \
    revoke-2-nobody.txt
tui_keys q
tui_wait "exit=0" || not_ok "quits" "$(tui_screen)"
tui_stop

done_testing
