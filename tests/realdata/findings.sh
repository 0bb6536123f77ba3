#!/bin/sh
# Findings on real exports. On the 2022 AWS credential report, judged at
# 2023-06-01, each of the three active access keys is stale (one never
# used, two last used more than 90 days before) and no disabled or
# missing key is reported. The other real exports are evaluated to see
# that every rule runs on them and the output stays valid. The real
# exports live outside the project; when they are absent every check is
# reported as skipped.
. "$(dirname "$0")/../lib.sh"

real=${TW_REALDATA:-$TW_ROOT/../shared/realdata}
report="$real/aws/credential-report-2022.csv"
names="credential report: the three active keys are stale
credential report: one key never used, two unused for 90 days
credential report: no disabled credential is stale
credential report: a key still in use is not stale
authz details: findings run and print JSON
kubernetes: findings run and print SARIF
githound: findings run and print JSON"
if [ ! -f "$report" ]; then
	echo "# real exports not found at $real; set TW_REALDATA to run these"
	printf '%s\n' "$names" | while read -r name; do
		skip "$name" "no real exports at $real"
	done
	done_testing
	exit 0
fi
echo "# using real exports in $real"
pyjson() { python3 -c "import json,sys; d=json.load(sys.stdin); $1"; }

db="$TMP/report.db"
$TW --db "$db" import --quiet "$report" >/dev/null 2>&1
u=aws:arn:aws:iam::111122223333:user
out=$($TW --db "$db" --now 2023-06-01 findings --format json \
    --rule stale-credential | pyjson '
print(" ".join(sorted(x["key"] for x in d
    if x["credential_type"] == "access_key")))')
check_eq "credential report: the three active keys are stale" \
    "$u/analyst-a#access_key_1 $u/lab-runner#access_key_1 $u/test_key_account#access_key_1" \
    "$out"
out=$($TW --db "$db" --now 2023-06-01 findings --format json \
    --rule stale-credential | pyjson '
for x in sorted(d, key=lambda x: x["key"]):
    if x["credential_type"] == "access_key":
        print(x["key"].split("/")[-1], x["evidence"]["values"]["last_used_at"])')
check_eq "credential report: one key never used, two unused for 90 days" \
    "analyst-a#access_key_1 2023-01-03T10:27:00Z
lab-runner#access_key_1 2022-12-21T18:30:00Z
test_key_account#access_key_1 never" "$out"
out=$($TW --db "$db" --now 2023-06-01 findings --format json \
    --rule stale-credential | pyjson '
print(sum(1 for x in d if x["disabled"] is True or x["missing"]))')
check_eq "credential report: no disabled credential is stale" 0 "$out"
out=$($TW --db "$db" --now 2023-03-22 findings --format json \
    --rule stale-credential | pyjson '
print(" ".join(sorted(x["key"].split("/")[-1] for x in d
    if x["credential_type"] == "access_key")))')
check_eq "credential report: a key still in use is not stale" \
    "lab-runner#access_key_1 test_key_account#access_key_1" "$out"

authz="$TMP/authz.db"
$TW --db "$authz" import --quiet "$real/aws/authz-details-cloudsplaining-example.json" \
    "$report" >/dev/null 2>&1
n=$($TW --db "$authz" --now 2023-06-01 findings --format json | pyjson '
print(len(d) > 0 and all(x["rule"] and x["key"] for x in d))')
check_eq "authz details: findings run and print JSON" "True" "$n"

k8s="$TMP/k8s.db"
$TW --db "$k8s" import --quiet --cluster lab \
    "$real/k8s/rbac-bindings-to-clusterroles.yaml" \
    "$real/k8s/metrics-server-rbac.yaml" >/dev/null 2>&1
n=$($TW --db "$k8s" --now 2023-06-01 findings --format sarif | pyjson '
print(d["version"], len(d["runs"][0]["tool"]["driver"]["rules"]))')
check_eq "kubernetes: findings run and print SARIF" "2.1.0 20" "$n"

gh="$TMP/gh.db"
$TW --db "$gh" import --quiet "$real/opengraph/github-org-githound.json" \
    >/dev/null 2>&1
n=$($TW --db "$gh" --now 2025-06-01 findings --format json | pyjson '
print(isinstance(d, list))')
check_eq "githound: findings run and print JSON" "True" "$n"

done_testing
