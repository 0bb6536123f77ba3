#!/bin/sh
# The walk at 80x24 on the AWS fixtures, the authorization details and the
# credential report of one account. It steps from an access key to its
# user, a group, a policy with a conditional grant, and a privilege that
# a denial overrides, compared as screen text.
. "$(dirname "$0")/../lib.sh"

fx="$TW_ROOT/tests/fixtures/aws"
db="$TMP/case.db"
$TW --db "$db" import --quiet "$fx/authz-basic.json" "$fx/credreport.csv" \
    >/dev/null || not_ok "import fixtures"

# step FILTER TEXT: filter the neighbours, keep, step, wait for TEXT.
step() {
	tui_keys /
	tui_text "$1"
	tui_keys Enter Enter
	tui_wait "$2"
}

tui_start 80 24 --db "$db"
tui_wait "Enter walk"
tui_keys /
tui_text "bob: access"
tui_keys Enter Enter
tui_wait "credential bob: access key 1" &&
    check_screen "access key card" aws-1-key.txt ||
    not_ok "access key card" "$(tui_screen)"

tui_keys Enter
tui_wait "service_account bob" &&
    check_screen "user classified with its reason" aws-2-user.txt ||
    not_ok "user classified with its reason" "$(tui_screen)"

step developers "group developers" && step DevPolicy "policy DevPolicy"
tui_keys G k
tui_wait "if {" &&
    check_screen "conditional grant shows its condition" \
    aws-3-condition.txt ||
    not_ok "conditional grant shows its condition" "$(tui_screen)"

step "s3:*" "privilege s3:* on *" &&
    check_screen "denial that overrides the privilege" aws-4-deny.txt ||
    not_ok "denial that overrides the privilege" "$(tui_screen)"

tui_keys q
if tui_wait "exit=0"; then
	ok "q quits with status 0"
else
	not_ok "q quits with status 0" "$(tui_screen)"
fi
tui_stop
done_testing
