#!/bin/sh
# The AWS importers from the command line: sniffing, summaries, exit
# codes for files of the wrong shape (case unchanged), partial imports
# with warnings that name the file and the JSON path or line, show with
# conditions and denials, and terminal safety of imported names.
. "$(dirname "$0")/../lib.sh"

fx="$TW_ROOT/tests/fixtures/aws"
db="$TMP/case.db"

out=$($TW formats)
check_match "formats lists aws-authz" "^aws-authz " "$out"
check_match "formats lists aws-credential-report" \
    "^aws-credential-report " "$out"

out=$($TW --db "$db" import "$fx/authz-basic.json" 2>&1)
check_eq "authz import exits 0" 0 $?
check_match "authz import is sniffed and counted" \
    "aws-authz, source aws:123456789012: 60 nodes, 85 edges, 1 placeholders, 0 warnings" \
    "$out"
out=$($TW --db "$db" import "$fx/credreport.csv" 2>&1)
check_match "credential report is sniffed and counted" \
    "aws-credential-report, source aws:123456789012:credential-report: 10 nodes, 9 edges" \
    "$out"
out=$($TW --db "$db" import "$fx/credreport-base64.json" 2>&1)
check_match "base64 report in JSON is read" "10 nodes, 9 edges" "$out"

# Files of the wrong shape: exit 2, a message, nothing written.
counts() {
	sqlite3 "$db" "SELECT count(*) FROM snapshot; SELECT count(*) FROM node;
	    SELECT count(*) FROM edge"
}
before=$(counts)
$TW --db "$db" import "$fx/authz-wrong-shape.json" >/dev/null 2>"$TMP/err"
check_eq "list that is not a list exits 2" 2 $?
check_match "wrong shape names the file and the list" \
    "authz-wrong-shape.json: UserDetailList is not a list" "$(cat "$TMP/err")"
$TW --db "$db" import --format aws-authz "$fx/not-authz.json" \
    >/dev/null 2>"$TMP/err"
check_eq "object without the lists exits 2" 2 $?
check_match "missing lists are named" "none of UserDetailList" \
    "$(cat "$TMP/err")"
$TW --db "$db" import --format aws-authz "$fx/credreport.csv" >/dev/null 2>&1
check_eq "CSV as authorization details exits 2" 2 $?
$TW --db "$db" import --format aws-credential-report \
    "$fx/credreport-wrong-header.csv" >/dev/null 2>"$TMP/err"
check_eq "CSV without user and arn exits 2" 2 $?
check_match "wrong header says so" "no \"user\" and \"arn\" columns" \
    "$(cat "$TMP/err")"
$TW --db "$db" import "$fx/credreport-bad-content.json" >/dev/null 2>&1
check_eq "Content that is no report exits 2" 2 $?
$TW --db "$db" import "$fx/authz-basic.json" "$fx/authz-wrong-shape.json" \
    >/dev/null 2>&1
check_eq "one bad file rejects the command" 2 $?
check_eq "rejected imports leave the case unchanged" "$before" "$(counts)"

# Malformed records: imported in part, with warnings.
out=$($TW --db "$TMP/m.db" import "$fx/authz-malformed.json" 2>&1)
check_eq "malformed documents exit 0" 0 $?
check_match "malformed import is partial" "11 warnings.*\(partial\)" "$out"
check_match "warning names file and JSON path" \
    "authz-malformed.json: UserDetailList\[1\]\.UserPolicyList\[0\]\.PolicyDocument\.Statement\[1\]\.Action: Action is neither a string nor a list" \
    "$out"
check_match "trust warning names the statement" \
    "RoleDetailList\[0\]\.AssumeRolePolicyDocument: Statement\[0\]: principal \"not-an-arn\"" \
    "$out"
$TW --db "$TMP/s.db" import --strict "$fx/authz-malformed.json" \
    >/dev/null 2>&1
check_eq "--strict rejects malformed documents" 2 $?
out=$($TW --db "$TMP/m.db" import "$fx/credreport-ragged.csv" 2>&1)
check_match "ragged row is reported by line" \
    "credreport-ragged.csv: line 2: 4 fields where the header has 8; row skipped" \
    "$out"
check_match "stray quote is reported by line and column" \
    "line 4: column 4: quote inside the unquoted field 1" "$out"

# show: conditions, denials, trust and credentials.
out=$($TW --db "$db" show aws:arn:aws:iam::123456789012:role/deploy)
check_match "show lists the OIDC trust" \
    "AssumeRoleWebIdentity <- token.actions.githubusercontent.com" "$out"
check_match "show prints the condition of an edge" \
    'if \{"StringEquals":\{"token.actions.githubusercontent.com:aud"' "$out"
check_match "show prints the repository of a GitHub trust" \
    'with .*github_repository \["fixture-org/infra"\]' "$out"
check_match "show marks cross-account trust" \
    "AssumeRoleCrossAccount <- AWS account 444455556666" "$out"
out=$($TW --db "$db" show 'DENY s3:DeleteBucket on arn:aws:s3:::prod-*')
check_match "denial is a limits edge, never followed" \
    "Deny <- no-prod-delete \(policy\).*\[not traversable\]" "$out"
check_match "denial shows the allow it removes" \
    "Overrides -> s3:\* on \* \(privilege\)" "$out"
out=$($TW --db "$db" show --format json 'bob: access key 1')
n=$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["kind"], d["credential_type"], d["last_used_at"], d["last_rotated_at"], d["out"][0]["key"])')
check_eq "key shows its dates and user" \
    "credential access_key never 2022-02-02T00:00:01Z aws:arn:aws:iam::123456789012:user/bob" \
    "$n"
out=$($TW --db "$db" show --format json aws:arn:aws:iam::123456789012:role/deploy)
n=$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
e = [x for x in d["in"] if x["source_kind"] == "AssumeRoleWebIdentity"][0]
print(e["conditional"], e["conditions"]["StringLike"]["token.actions.githubusercontent.com:sub"][0], e["attributes"]["github_branch"][0])')
check_eq "show json carries conditions and attributes" \
    "True repo:fixture-org/infra:ref:refs/heads/main main" "$n"

# Hostile names from an export never reach the terminal raw.
$TW --db "$db" import "$fx/authz-hostile.json" >/dev/null 2>&1
for cmd in "ls" "ls --format json" "show aws:arn:aws:iam::123456789012:user/evil" \
    "show --format json aws:arn:aws:iam::123456789012:user/evil"; do
	# shellcheck disable=SC2086
	$TW --db "$db" $cmd 2>&1 | sed 's/\r$//' >"$TMP/out"
	if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" \
	    "$TMP/out" || grep -q "$(printf '\342\200\256')" "$TMP/out"; then
		not_ok "$cmd prints no control or bidi characters" \
		    "$(od -c "$TMP/out" | head -20)"
	else
		ok "$cmd prints no control or bidi characters"
	fi
done
out=$($TW --db "$db" show aws:arn:aws:iam::123456789012:user/evil)
check_match "escaped user name is visible" 'evil\\x1b\[2J' "$out"
# The inline policy's key holds a BEL; its grant carries an ESC in the
# statement id, the resource and the condition.
key=$($TW --db "$db" ls --format json | python3 -c '
import json, sys
print([n["key"] for n in json.load(sys.stdin) if "#policy/bell" in n["key"]][0])')
$TW --db "$db" show "$key" >"$TMP/out" 2>&1
check_eq "show of a hostile policy exits 0" 0 $?
if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$TMP/out"; then
	not_ok "hostile conditions print no control characters" \
	    "$(od -c "$TMP/out" | head -20)"
else
	ok "hostile conditions print no control characters"
fi
check_match "hostile condition is shown escaped" 'if .*u001b\[2Jx' \
    "$(cat "$TMP/out")"

done_testing
