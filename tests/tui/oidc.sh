#!/bin/sh
# The walk at 80x24 across sources on the demo estate. It goes from the
# GitHub repository infra to its production environment, through GitHub
# Actions OIDC to the AWS role terraform-apply and to the Entra
# application acme-terraform, and on to the directory role of its
# service principal. The OIDC edges are made by the joins when the model loads; the
# walk shows their evidence on a "via" line. Compared as screen text.
. "$(dirname "$0")/../lib.sh"

db="$TMP/case.db"
$TW --db "$db" import --quiet "$TW_ROOT/samples/demo" >/dev/null ||
    not_ok "import the demo"

# step FILTER TEXT: filter the neighbours, keep, step, wait for TEXT.
step() {
	tui_keys /
	tui_text "$1"
	tui_keys Enter Enter
	tui_wait "$2"
}

tui_start 80 24 --db "$db" --now 2026-12-01
tui_wait "Enter walk"
tui_keys /
tui_text "github:R_acme_infra"
tui_keys Enter Enter
tui_wait "key     github:R_acme_infra" &&
    check_screen "repository card" oidc-1-repo.txt ||
    not_ok "repository card" "$(tui_screen)"

step production "key     github:E_acme_infra_production" &&
    check_screen "environment with its OIDC trusts" oidc-2-env.txt ||
    not_ok "environment with its OIDC trusts" "$(tui_screen)"

tui_keys /
tui_text terraform-apply
tui_keys Enter
tui_wait "via github-oidc-aws" &&
    check_screen "OIDC edge shows its evidence" oidc-3-evidence.txt ||
    not_ok "OIDC edge shows its evidence" "$(tui_screen)"

tui_keys Enter
tui_wait "role terraform-apply" &&
    check_screen "AWS role reached through OIDC" oidc-4-aws-role.txt ||
    not_ok "AWS role reached through OIDC" "$(tui_screen)"

tui_keys BSpace
tui_wait "key     github:E_acme_infra_production"
tui_keys Escape
step acme-terraform "oauth_app acme-terraform" &&
    check_screen "Entra app reached through OIDC" oidc-5-entra-app.txt ||
    not_ok "Entra app reached through OIDC" "$(tui_screen)"

step RunsAs "service_account acme-terraform" &&
    step "Privileged Role" "role Privileged Role Administrator" &&
    check_screen "directory role of the app" oidc-6-directory-role.txt ||
    not_ok "directory role of the app" "$(tui_screen)"

tui_keys q
if tui_wait "exit=0"; then
	ok "q quits with status 0"
else
	not_ok "q quits with status 0" "$(tui_screen)"
fi
tui_stop
done_testing
