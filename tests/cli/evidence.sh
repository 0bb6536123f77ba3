#!/bin/sh
# Usage evidence from the command line: every evidence format sniffed
# and counted, partial imports that name the record, truncated and
# corrupt files rejected with the case unchanged, observed edges in
# show, analyses that leave them alone unless asked, and the bundled
# demo with its evidence.
. "$(dirname "$0")/../lib.sh"

fx="$TW_ROOT/tests/fixtures/evidence"
db="$TMP/case.db"

out=$($TW formats)
for f in cloudtrail access-analyzer k8s-audit github-audit entra-signin; do
	check_match "formats lists $f" "^$f " "$out"
done

out=$($TW --db "$db" --now 2026-12-01 import "$fx/cloudtrail-records.json" 2>&1)
check_eq "cloudtrail import exits 0" 0 $?
check_match "cloudtrail is sniffed and counted" \
    "cloudtrail, source cloudtrail:cloudtrail-records.json: .* 7 edges, .* 3 warnings" \
    "$out"
check_match "a malformed record is named" \
    "cloudtrail-records.json: Records\[9\]: record skipped: not an object" \
    "$out"
check_match "the import is partial" "(partial)" "$out"
check_eq "eight events stored" 8 \
    "$(sqlite3 "$db" "SELECT count(*) FROM event")"
check_eq "no session token stored" 0 \
    "$(sqlite3 "$db" ".dump" | grep -c IQoJb3JpZ2luX2VjEXAMPLE)"

out=$($TW --db "$db" import "$fx/cloudtrail-records.json.gz" 2>&1)
check_match "gzip log is sniffed as cloudtrail" \
    "cloudtrail, source cloudtrail:cloudtrail-records.json.gz: .* 7 edges" \
    "$out"

# Truncated and corrupt files: exit 2, a message, nothing written.
counts() {
	sqlite3 "$db" "SELECT count(*) FROM snapshot; SELECT count(*) FROM event"
}
before=$(counts)
out=$($TW --db "$db" import --format cloudtrail \
    "$fx/cloudtrail-truncated.json.gz" 2>&1)
check_eq "truncated gzip exits 2" 2 $?
check_match "truncated gzip is named" "cloudtrail-truncated.json.gz: gzip data is truncated" "$out"
out=$($TW --db "$db" import "$fx/cloudtrail-truncated.json" 2>&1)
check_eq "truncated JSON exits 2" 2 $?
check_match "truncated JSON names the file" "cloudtrail-truncated.json" "$out"
check_eq "rejected files change nothing" "$before" "$(counts)"

for f in k8s-audit.jsonl access-analyzer.json github-audit.json \
    entra-signins.json cloudtrail-lookup.json; do
	out=$($TW --db "$db" import "$fx/$f" 2>&1)
	check_eq "$f imports with exit 0" 0 $?
	check_match "$f is partial" "(partial)" "$out"
done
check_match "k8s audit names the cut-off line" "line 8: audit event skipped" \
    "$($TW --db "$TMP/k.db" import "$fx/k8s-audit.jsonl" 2>&1)"

# show lists observed edges with their figures.
out=$($TW --db "$db" show "aws:arn:aws:iam::111122223333:user/service-accounts/svc-backup")
check_match "show lists the assumed edge" \
    "cloudtrail:assumed -> .*role/backup-restore" "$out"
check_match "show gives the figures" "count 4; errors 1" "$out"

# Reach follows grant edges only, unless observed kinds are named.
k="aws:arn:aws:iam::111122223333:user/service-accounts/svc-backup"
out=$($TW --db "$db" reach --format json "$k")
check_eq "reach ignores observed edges" 0 \
    "$(printf '%s' "$out" | grep -c backup-restore)"
out=$($TW --db "$db" reach --edges default,observed "$k" --format json)
check_match "reach follows them when asked" "backup-restore" "$out"

# The demo with its evidence.
demo="$TMP/demo.db"
$TW --db "$demo" --now 2026-11-01 import "$TW_ROOT/samples/demo-earlier" \
    >/dev/null 2>&1
out=$($TW --db "$demo" --now 2026-12-01 import "$TW_ROOT/samples/demo" 2>&1)
check_eq "demo imports" 0 $?
# The one warning is the GitHub variable whose value looks like a token.
check_match "demo evidence has no warnings" \
    "imported 11 files: .* 1 warnings" "$out"
check_nomatch "no evidence file warns" "evidence/.*[1-9][0-9]* warnings" \
    "$out"
check_eq "demo has 183 log events and 4 analyzer statements" 187 \
    "$(sqlite3 "$demo" "SELECT count(*) FROM event")"
out=$($TW --db "$demo" --now 2026-12-01 show \
    "aws:arn:aws:iam::210987654321:user/service-accounts/svc-backup")
check_match "evidence raises svc-backup's last use" \
    "last used +2026-11-28T22:45:30Z" "$out"
check_match "the console login of a machine user is observed" \
    "cloudtrail:used <- .*svc-backup#password" "$out"
check_eq "role chain crosses into a second account" 1 \
    "$(sqlite3 "$demo" "SELECT count(*) FROM event e, nkey a, nkey t WHERE
        a.id = e.actor AND t.id = e.target AND e.kind = 'assumed' AND
        a.key LIKE '%345678901234:role/org-deployer' AND
        t.key LIKE '%345678901234:role/break-glass-admin'")"

done_testing
