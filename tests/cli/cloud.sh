#!/bin/sh
# The GitHub REST, Entra ID, ROADrecon and GCP importers and the joins
# from the command line. Covers formats, folder imports as one snapshot,
# summaries, and exit codes for folders and files of the wrong shape (the
# case unchanged). Also warnings that name the file and the record, show
# of a derived edge and a person with their evidence, the joins command
# and its switch, and terminal safety of imported names.
. "$(dirname "$0")/../lib.sh"

fx="$TW_ROOT/tests/fixtures"
db="$TMP/case.db"

out=$($TW formats)
for f in github-rest entra-graph roadrecon gcp; do
	check_match "formats lists $f" "^$f " "$out"
done

out=$($TW --db "$db" import "$fx/github/org" "$fx/entra/tenant" \
    "$fx/gcp/project" "$fx/join/aws-oidc.json" 2>&1)
check_eq "four sources import" 0 $?
check_match "GitHub folder is one snapshot" \
    "github/org: github-rest, source github:fixture-org:rest: 39 nodes, 75 edges, 0 placeholders, 2 warnings" \
    "$out"
check_match "Entra folder is one snapshot" \
    "entra/tenant: entra-graph, source entra:3f0b2d1c-7a9e-4c6b-8d5f-1e2a3b4c5d6e: 27 nodes, 32 edges" \
    "$out"
check_match "GCP folder is one snapshot" \
    "gcp/project: gcp, source gcp:fx-proj: 32 nodes, 37 edges" "$out"
check_match "API error names its file" \
    "warning: .*github/org: repos/web/keys.json: the file holds a GitHub API error" \
    "$out"
check_match "unknown file is noted" \
    "note: .*github/org: README.txt: skipped" "$out"
check_match "bad GCP record names file and line" \
    "gcp/project: assets.jsonl line 2: " "$out"
n=$(sqlite3 "$db" "SELECT count(*) FROM snapshot")
check_eq "one snapshot per source" 4 "$n"

# A folder of the wrong shape: exit 2, a message, nothing written.
counts() {
	sqlite3 "$db" "SELECT count(*) FROM snapshot; SELECT count(*) FROM node;
	    SELECT count(*) FROM edge"
}
before=$(counts)
$TW --db "$db" import "$fx/github/bad-shape" >/dev/null 2>"$TMP/err"
check_eq "wrong shape exits 2" 2 $?
check_match "wrong shape names the file and the endpoint" \
    "bad-shape/members.json: expected the output of gh api orgs/ORG/members" \
    "$(cat "$TMP/err")"
$TW --db "$db" import "$fx/github/no-org" >/dev/null 2>"$TMP/err"
check_eq "folder without the organisation exits 2" 2 $?
$TW --db "$db" import --format github-rest "$fx/github/org/members.json" \
    >/dev/null 2>"$TMP/err"
check_eq "one GitHub file exits 2" 2 $?
check_match "one GitHub file asks for the folder" "import the folder" \
    "$(cat "$TMP/err")"
$TW --db "$db" import "$fx/gcp/policy.json" >/dev/null 2>"$TMP/err"
check_eq "unnamed IAM policy exits 2" 2 $?
$TW --db "$db" import --format roadrecon "$fx/gcp/keys.json" >/dev/null \
    2>"$TMP/err"
check_eq "JSON as ROADrecon exits 2" 2 $?
check_match "JSON as ROADrecon says why" "not a SQLite database" \
    "$(cat "$TMP/err")"
check_eq "rejected imports leave the case unchanged" "$before" "$(counts)"

# ROADrecon: a database made from SQL now.
sqlite3 "$TMP/roadrecon.db" < "$fx/entra/roadrecon-classic.sql"
out=$($TW --db "$TMP/rr.db" import "$TMP/roadrecon.db" 2>&1)
check_match "ROADrecon is sniffed and counted" \
    "roadrecon, source entra:6c1d2e3f-4a5b-4c6d-8e7f-90a1b2c3d4e5: 14 nodes, 17 edges" \
    "$out"

# Derived edges and people, with their evidence.
out=$($TW --db "$db" show github:R_kgDOWebRep)
check_match "OIDC edge to an AWS role" \
    "GitHubOIDC -> web-staging \(role\)  aws:arn:aws:iam::999988887777:role/web-staging" \
    "$out"
check_match "derived edge shows its evidence" \
    "via github-oidc-aws: subject repo:fixture-org/web:environment:staging" \
    "$out"
out=$($TW --db "$db" show --format json github:EN_kwDOProdAp)
n=$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
e = [x for x in d["out"] if x["source_kind"] == "GitHubOIDC"][0]
print(e["derived"], e["key"], e["attributes"]["rule"], e["evidence"])')
check_eq "show json marks derived edges" \
    "True entra:app:11111111-aaaa-4bbb-8ccc-000000000001 github-oidc-entra github-oidc-entra: subject repo:fixture-org/api:environment:production" \
    "$n"
out=$($TW --db "$db" show person:alice@fixture.example)
check_match "person is derived" "derived +yes: made by a join" "$out"
check_match "person card lists a match" \
    "match 2 +Alice Example \(entra:a1b2c3d4-0001-4000-8000-000000000001\) by mail" \
    "$out"
out=$($TW --db "$db" show --format json person:alice@fixture.example |
    python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["derived"], d["source"], d["out"][0]["derived"])')
check_eq "show json marks the person derived" "True join True" "$out"
out=$($TW --db "$db" ls --format json | python3 -c '
import json, sys
print(sum(1 for n in json.load(sys.stdin) if n["source"] == "join"))')
check_eq "ls lists joined people" 1 "$out"

out=$($TW --db "$db" joins)
check_match "joins lists the OIDC rule with its edges" \
    "^github-oidc-aws +on +8 +0 " "$out"
check_match "joins lists the people rule" "^person-email +on +3 +1 " "$out"
out=$(TRUSTWALK_JOINS=-person-email $TW --db "$db" joins --format json |
    python3 -c '
import json, sys
print(" ".join("%s=%s/%d" % (r["rule"], r["on"], r["edges"]) for r in json.load(sys.stdin)))')
check_match "switched off rule adds nothing" "person-email=False/0" "$out"
TRUSTWALK_JOINS=-person-email $TW --db "$db" show \
    person:alice@fixture.example >/dev/null 2>&1
check_eq "person is gone when its rule is off" 1 $?
TRUSTWALK_JOINS=nonsense $TW --db "$db" joins >/dev/null 2>"$TMP/err"
check_eq "unknown rule exits 1" 1 $?
check_match "unknown rule is named" '"nonsense" is not a join rule' \
    "$(cat "$TMP/err")"

# The same switch in the configuration file; the variable wins over it.
printf '[joins]\nrules = -person-email\n' >"$TMP/joins.conf"
out=$($TW --config "$TMP/joins.conf" --db "$db" joins)
check_match "config switches a rule off" "^person-email +off +0 +0 " "$out"
out=$(TRUSTWALK_JOINS=all $TW --config "$TMP/joins.conf" --db "$db" joins)
check_match "TRUSTWALK_JOINS wins over the config" "^person-email +on +3 +1 " \
    "$out"
printf '[joins]\nrules = -bogus\n' >"$TMP/joins-bad.conf"
$TW --config "$TMP/joins-bad.conf" --db "$db" joins >/dev/null 2>"$TMP/err"
check_eq "unknown rule in the config exits 1" 1 $?
check_match "the config error names file, line and rule" \
    'joins-bad.conf:2: \[joins\] rules: no join is named "bogus"' \
    "$(cat "$TMP/err")"

# The demo: a person who left is disabled in two sources.
$TW --db "$TMP/demo.db" import --quiet "$TW_ROOT/samples/demo" >/dev/null
out=$($TW --db "$TMP/demo.db" show person:leo.brandt@acme-payments.example)
check_match "demo person notes disabled accounts" \
    "disabled_in +acme:person:leo.brandt, entra:" "$out"
out=$($TW --db "$TMP/demo.db" show github:R_acme_data_pipelines)
check_match "demo repository reaches GCP" \
    "GitHubOIDC -> principalSet://" "$out"

# Hostile names from an export never reach the terminal raw.
mkdir -p "$TMP/hostile/repos/x"
printf '{"login":"evil\\u001b[2J","id":1,"node_id":"O_evil","default_repository_permission":"read"}\n' \
    >"$TMP/hostile/org.json"
printf '[{"login":"m\\u202eal","id":2,"node_id":"U_evil","type":"User"}]\n' \
    >"$TMP/hostile/members.json"
$TW --db "$TMP/h.db" import "$TMP/hostile" >/dev/null 2>&1
check_eq "hostile folder imports" 0 $?
for cmd in "ls" "ls --format json" "show github:U_evil" "joins"; do
	# shellcheck disable=SC2086
	$TW --db "$TMP/h.db" $cmd 2>&1 | sed 's/\r$//' >"$TMP/out"
	if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" \
	    "$TMP/out" || grep -q "$(printf '\342\200\256')" "$TMP/out"; then
		not_ok "$cmd prints no control or bidi characters" \
		    "$(od -c "$TMP/out" | head -20)"
	else
		ok "$cmd prints no control or bidi characters"
	fi
done

done_testing
