#!/bin/sh
# Acceptance on real AWS IAM exports: two outputs of aws iam
# get-account-authorization-details (AWS managed policies of up to ~46k
# characters, NotAction, conditions, empty RoleLastUsed, instance profiles
# that embed their role, a policy attached twice, dates with a space; and
# one with no RoleDetailList and a group attaching a policy absent from
# Policies), a credential report CSV and a credential report wrapped in
# the JSON of get-credential-report. The real exports live outside the
# project; when they are absent every check is reported as skipped.
. "$(dirname "$0")/../lib.sh"

real=${TW_REALDATA:-$TW_ROOT/../shared/realdata}
dir="$real/aws"
authz="$dir/authz-details-cloudsplaining-example.json"
dangling="$dir/authz-details-dangling-managed-policy.json"
report="$dir/credential-report-2022.csv"
wrapped="$dir/credential-report-wrapped-in-json.json"
names="authz import counts
dangling import counts
report import counts
wrapped report import counts
lab-runner key and dates
analyst-a key and dates
test_key_account key never used
root account password states
no_information is unknown
wrapped root key
user walks to admin-equivalent
IAMFullAccess is admin-equivalent
46k-character policy grants
NotAction privilege
condition on a grant
role trusted by ec2
instance profile runs as the role
empty RoleLastUsed is never
policy attached twice is one edge
date with a space
document missing policy
walk user to admin-equivalent in the TUI
who can assume OverprivilegedEC2 in the TUI
walk access key to its user in the TUI"
if [ ! -f "$authz" ]; then
	echo "# real exports not found at $real; set TW_REALDATA to run these"
	printf '%s\n' "$names" | while read -r name; do
		skip "$name" "no real exports at $real"
	done
	done_testing
	exit 0
fi
echo "# using real exports in $real"

db="$TMP/case.db"
out=$($TW --db "$db" import "$authz" 2>&1)
check_match "authz import counts" \
    "aws-authz, source aws:012345678901: 2489 nodes, 5346 edges, 0 placeholders, 0 warnings" \
    "$out"
out=$($TW --db "$db" import "$dangling" 2>&1)
check_match "dangling import counts" \
    "aws-authz, source aws:123456789012: 48 nodes, 69 edges, 0 placeholders, 0 warnings" \
    "$out"
out=$($TW --db "$db" import "$report" 2>&1)
check_match "report import counts" \
    "aws-credential-report, source aws:111122223333:credential-report: 11 nodes, 10 edges, 0 placeholders, 0 warnings" \
    "$out"
out=$($TW --db "$db" import "$wrapped" 2>&1)
check_match "wrapped report import counts" \
    "aws-credential-report, source aws:222233334444:credential-report: 3 nodes, 2 edges, 0 placeholders, 0 warnings" \
    "$out"

# json KEY EXPR: evaluate a Python expression over `show --format json`.
json() {
	$TW --db "$db" show --format json "$1" | python3 -c "
import json, sys
d = json.load(sys.stdin)
print($2)"
}

# The three users with an active key, each with its key and dates.
u=aws:arn:aws:iam::111122223333:user
dates='d["kind"], d["disabled"], d["last_rotated_at"], d["last_used_at"], d["attributes"].get("last_used_service"), d["out"][0]["key"]'
check_eq "lab-runner key and dates" \
    "credential False 2022-05-27T10:25:44Z 2022-12-21T18:30:00Z rds $u/lab-runner" \
    "$(json "$u/lab-runner#access_key_1" "$dates")"
check_eq "analyst-a key and dates" \
    "credential False 2022-05-18T09:51:58Z 2023-01-03T10:27:00Z ec2 $u/analyst-a" \
    "$(json "$u/analyst-a#access_key_1" "$dates")"
check_eq "test_key_account key never used" \
    "credential False 2022-12-19T09:22:23Z never None $u/test_key_account" \
    "$(json "$u/test_key_account#access_key_1" "$dates")"
check_eq "root account password states" "2022-12-21T16:19:23Z n/a n/a system" \
    "$(json aws:arn:aws:iam::111122223333:root#password \
    'd["last_used_at"], d["last_rotated_at"], d["expires_at"]') $(json \
    aws:arn:aws:iam::111122223333:root 'd["kind"]')"
check_eq "no_information is unknown" "None human" \
    "$(json "$u/test_account#password" 'd["last_used_at"]') $(json \
    "$u/test_account" 'd["kind"]')"
check_eq "wrapped root key" "2018-11-27T00:02:00Z ecr system" \
    "$(json aws:arn:aws:iam::222233334444:root#access_key_1 \
    'd["last_used_at"], d["attributes"]["last_used_service"]') $(json \
    aws:arn:aws:iam::222233334444:root 'd["kind"]')"

# userwithlotsofpermissions -> admin -> AdministratorAccess -> * on *.
a=aws:arn:aws:iam::012345678901
n=$($TW --db "$db" show --format json "$a:user/userwithlotsofpermissions" |
    python3 -c '
import json, subprocess, sys
tw, db = sys.argv[1], sys.argv[2]
def show(k):
    return json.loads(subprocess.run([tw, "--db", db, "show", "--format",
        "json", k], capture_output=True, check=True).stdout)
seen, todo, found = set(), [json.load(sys.stdin)], []
while todo:
    d = todo.pop()
    if d["key"] in seen:
        continue
    seen.add(d["key"])
    for e in d["out"]:
        if e["kind"] in ("member_of", "has_policy"):
            todo.append(show(e["key"]))
        elif e["kind"] == "grants":
            p = show(e["key"])
            if p["attributes"]["class"] == "admin-equivalent":
                found.append((d["name"], p["name"]))
print(sorted(set(found)))' "$TW" "$db")
check_eq "user walks to admin-equivalent" \
    "[('AdministratorAccess', '* on *'), ('IAMFullAccess', 'iam:* on *')]" "$n"
check_eq "IAMFullAccess is admin-equivalent" "admin-equivalent" \
    "$(json 'aws:priv:allow:iam:* on *' 'd["attributes"]["class"]')"
check_eq "46k-character policy grants" "1414 grants" \
    "$(json aws:arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy \
    'len(d["out"]), d["out"][0]["kind"]')"
check_eq "NotAction privilege" \
    "everything except iam:*, organizations:*, account:* on * privilege-escalation" \
    "$(json 'aws:priv:allow:not(iam:*,organizations:*,account:*) on *' \
    'd["name"], d["attributes"]["class"]')"
check_eq "condition on a grant" \
    "True cloudtrail.amazonaws.com" \
    "$(json aws:arn:aws:iam::aws:policy/AWSCloudTrailFullAccess '*[(e["conditional"], e["conditions"]["StringEquals"]["iam:PassedToService"][0]) for e in d["out"] if e["name"] == "iam:PassRole on *"][0]')"
role="$a:role/OverprivilegedEC2"
check_eq "role trusted by ec2" "can_assume AssumeRole ec2.amazonaws.com" \
    "$(json "$role" '*[(e["kind"], e["source_kind"], e["name"]) for e in d["in"] if e["kind"] == "can_assume"][0]')"
check_eq "instance profile runs as the role" \
    "runs_as $a:instance-profile/OverprivilegedEC2 1" \
    "$(json "$role" '*[(e["kind"], e["key"]) for e in d["in"] if e["kind"] == "runs_as"][0]') $(json \
    "$a:instance-profile/OverprivilegedEC2" 'len(d["out"])')"
check_eq "empty RoleLastUsed is never" "never" \
    "$(json "$a:role/MyRole" 'd["last_used_at"]')"
check_eq "policy attached twice is one edge" "1" \
    "$(json "$a:role/MyOtherRole" 'len([e for e in d["out"] if e["name"] == "AWSLambdaFullAccess"])')"
check_eq "date with a space" "2019-12-18T19:10:08Z" \
    "$(json "$a:user/userwithlotsofpermissions" 'd["created_at"]')"
check_eq "document missing policy" \
    "AWSLambdaReadOnlyAccess (document missing) missing anton-test" \
    "$(json aws:arn:aws:iam::aws:policy/AWSLambdaReadOnlyAccess \
    'd["name"], d["attributes"]["document"], d["in"][0]["name"]')"

# The same walks in the interface at 80x24.
tui_start 80 24 --db "$db"
tui_wait "Enter walk"
tui_keys /
tui_text userwithlotsofpermissions
tui_keys Enter Enter
tui_wait "key     aws:arn:aws:iam::012345678901:user/userwith" || true
step() {
	tui_keys /
	tui_text "$1"
	tui_keys Enter Enter
	tui_wait "$2"
}
step "admin" "group admin" &&
step "AdministratorAccess" "policy AdministratorAccess" &&
step "admin-equivalent" "privilege * on *"
if tui_screen | grep -Fq "AWSPrivilege,admin-equivalent" &&
    tui_screen | grep -Fq "userwithlotsofpermissions › admin › Administra"; then
	ok "walk user to admin-equivalent in the TUI"
else
	not_ok "walk user to admin-equivalent in the TUI" "$(tui_screen)"
fi
tui_keys q
tui_stop

# Each session gets its own tmux server.
TUI_SOCK="$TMP/tmux-role.sock"
tui_start 80 24 --db "$db"
tui_wait "Enter walk"
tui_keys /
tui_text "OverprivilegedEC2 role"
tui_keys Enter Enter
if tui_wait "key     $role" && tui_screen | grep -Fq "can_assume (1)" &&
    tui_screen | grep -Fq "ec2.amazonaws.com"; then
	ok "who can assume OverprivilegedEC2 in the TUI"
else
	not_ok "who can assume OverprivilegedEC2 in the TUI" "$(tui_screen)"
fi
tui_keys q
tui_stop

TUI_SOCK="$TMP/tmux-key.sock"
tui_start 80 24 --db "$db"
tui_wait "Enter walk"
tui_keys /
tui_text "analyst-a: access key 1"
tui_keys Enter Enter
tui_wait "credential analyst-a: access key 1" || true
if tui_screen | grep -Fq "used 2023-01-03  rotated 2022-05-18"; then
	tui_keys Enter
	if tui_wait "key     $u/analyst-a" &&
	    tui_screen | grep -Fq "access key 1 › analyst-a"; then
		ok "walk access key to its user in the TUI"
	else
		not_ok "walk access key to its user in the TUI" "$(tui_screen)"
	fi
else
	not_ok "walk access key to its user in the TUI" "$(tui_screen)"
fi
tui_keys q
tui_stop
done_testing
