#!/bin/sh
# The walk on a Kubernetes cluster at 80x24: from a pod to its service
# account, to a role (the binding named on the selected edge), to a
# privilege and to the namespace it applies in, compared as screen text.
. "$(dirname "$0")/../lib.sh"

db="$TMP/case.db"
$TW --db "$db" import --quiet "$TW_ROOT/tests/fixtures/k8s/cluster-dump.json" \
    >/dev/null 2>&1 || not_ok "import fixture"

# filter TEXT WAIT: filter the list or the neighbours by TEXT, keep the
# filter, and wait for WAIT on the screen.
filter() {
	tui_keys /
	tui_text "$1"
	tui_keys Enter
	tui_wait "$2"
}

tui_start 80 24 --db "$db"
tui_wait "Enter walk" || not_ok "list at start" "$(tui_screen)"

filter x2x4q "1 of 76"
tui_keys Enter
tui_wait "key     k8s:cluster-dump:payments:pod:api-7c9d8-x2x4q" &&
    check_screen "walk opens on the pod" k8s-1-pod.txt ||
    not_ok "walk opens on the pod" "$(tui_screen)"

# The pod's first neighbour is its service account (runs_as).
tui_keys Enter
tui_wait "key     k8s:cluster-dump:payments:sa:api" ||
    not_ok "step to the service account" "$(tui_screen)"
filter secret-reader "binding payments/api-reads-secrets" &&
    check_screen "the binding is named on the selected edge" \
    k8s-2-account.txt ||
    not_ok "the binding is named on the selected edge" "$(tui_screen)"

tui_keys Enter
tui_wait "key     k8s:cluster-dump:payments:role:secret-reader" &&
    check_screen "step to the role" k8s-3-role.txt ||
    not_ok "step to the role" "$(tui_screen)"

tui_keys Enter
tui_wait "key     k8s:cluster-dump:payments:privilege:get,list||secrets|" &&
    check_screen "step to the privilege" k8s-4-privilege.txt ||
    not_ok "step to the privilege" "$(tui_screen)"

tui_keys Enter
tui_wait "key     k8s:cluster-dump::namespace:payments" &&
    check_screen "step to the namespace" k8s-5-namespace.txt ||
    not_ok "step to the namespace" "$(tui_screen)"

tui_keys q
if tui_wait "exit=0"; then
	ok "q quits with status 0"
else
	not_ok "q quits with status 0" "$(tui_screen)"
fi
tui_stop
done_testing
