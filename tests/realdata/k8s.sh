#!/bin/sh
# Acceptance on real Kubernetes RBAC manifests: ServiceAccount subjects
# without a namespace, RoleBindings to ClusterRoles, PodSecurityPolicies
# (a removed API group, skipped), aggregation labels that fold rules into
# the built-in roles, and bindings to built-in roles that are not in the
# file. The real exports live outside the project; when they are absent
# every check is reported as skipped.
. "$(dirname "$0")/../lib.sh"

real=${TW_REALDATA:-$TW_ROOT/../shared/realdata}
rbac="$real/k8s/rbac-bindings-to-clusterroles.yaml"
metrics="$real/k8s/metrics-server-rbac.yaml"
names="rbac import counts|rbac skipped kinds|subject takes the binding \
namespace|binding named on the edge|ClusterRole scoped to the namespace|\
scoped privilege applies to the namespace|metrics import counts|\
metrics placeholders|aggregation into built-in view|built-in view \
points at its source|walk account to namespace in the TUI"
if [ ! -f "$rbac" ] || [ ! -f "$metrics" ]; then
	echo "# real exports not found at $real; set TW_REALDATA to run these"
	old_ifs=$IFS
	IFS='|'
	for name in $names; do
		skip "$name" "no real exports at $real"
	done
	IFS=$old_ifs
	done_testing
	exit 0
fi
echo "# using real exports in $real"

db="$TMP/case.db"
r=k8s:rbac-bindings-to-clusterroles
m=k8s:metrics-server-rbac

out=$($TW --db "$db" import "$rbac" 2>"$TMP/err")
check_match "rbac import counts" \
    "15 nodes, 18 edges, 0 placeholders, 0 warnings" "$out"
check_match "rbac skipped kinds" \
    "skipped 2 objects of kinds that trustwalk does not map: PodSecurityPolicy 2" \
    "$(cat "$TMP/err")"

out=$($TW --db "$db" show --format json "$r:mynamespace:sa:example-user")
n=$(printf '%s' "$out" | python3 -c 'import json, sys
d = json.load(sys.stdin)
for e in sorted(d["out"], key=lambda e: e["key"]):
    print(e["kind"], e["key"].split(":", 2)[2], e["attributes"]["binding"])')
check_eq "subject takes the binding namespace" \
    "has_role mynamespace:clusterrole:all-psps mynamespace/all-psps-bind
has_role mynamespace:clusterrole:priviliged-psp-role mynamespace/example-psp-bind
has_role mynamespace:role:example-role-1 mynamespace/example-rolebinding-1
has_role mynamespace:role:example-role-2 mynamespace/example-rolebinding-2" "$n"
out=$($TW --db "$db" show "$r:mynamespace:sa:example-user")
check_match "binding named on the edge" \
    "binding mynamespace/example-psp-bind; namespace mynamespace" "$out"
out=$($TW --db "$db" show "$r:mynamespace:clusterrole:all-psps")
check_match "ClusterRole scoped to the namespace" \
    "PolicyRule -> use podsecuritypolicies.policy \[\*\] \(privilege\)  $r:mynamespace:privilege:use\|policy\|podsecuritypolicies\|\*" \
    "$out"
out=$($TW --db "$db" show "$r:mynamespace:privilege:use|policy|podsecuritypolicies|*")
check_match "scoped privilege applies to the namespace" \
    "Namespace -> mynamespace \(system\)  $r::namespace:mynamespace" "$out"

out=$($TW --db "$db" import "$metrics" 2>&1)
check_match "metrics import counts" \
    "17 nodes, 26 edges, 5 placeholders, 0 warnings" "$out"
missing=$($TW --db "$db" ls --format csv | tr -d '\r' | grep ',true$' |
    cut -d, -f1 | sort | tr '\n' ' ')
check_eq "metrics placeholders" "$m::clusterrole:admin \
$m::clusterrole:edit $m::clusterrole:system:auth-delegator \
$m::clusterrole:view \
$m:kube-system:role:extension-apiserver-authentication-reader " "$missing"
out=$($TW --db "$db" show "$m::clusterrole:view")
check_match "aggregation into built-in view" \
    "AggregatedRule -> get,list,watch pods.metrics.k8s.io \(privilege\)" \
    "$out"
check_match "built-in view points at its source" \
    "AggregationRule -> system:aggregated-metrics-reader \(role\)" "$out"

# example-user -> all-psps in mynamespace -> its privilege -> namespace.
tui_start 80 24 --db "$db"
tui_wait "Enter walk"
tui_keys /
tui_text example-user
tui_keys Enter Enter
tui_wait "key     $r:mynamespace:sa:example-user" || true
tui_keys /
tui_text all-psps
tui_keys Enter
tui_wait "binding mynamespace/all-psps-bind" &&
    tui_keys Enter &&
    tui_wait "role all-psps in mynamespace" &&
    tui_keys Enter &&
    tui_wait "privilege use podsecuritypolicies.policy [*]" &&
    tui_keys Enter &&
    tui_wait "system mynamespace"
if tui_screen | grep -Fq "key     $r::namespace:mynamespace" &&
    tui_screen | grep -Fq "all-psps in mynamespace › use"; then
	ok "walk account to namespace in the TUI"
else
	not_ok "walk account to namespace in the TUI" "$(tui_screen)"
fi
tui_keys q
tui_stop
done_testing
