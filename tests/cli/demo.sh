#!/bin/sh
# The commands a new user runs first, on the demo estate (samples/demo
# imported after samples/demo-earlier): annotations on a person made by
# a join stay on that person, kind: matches the kind alone, options go
# before or after the operands, the journal counts what an export wrote,
# and the checks on dates, paths and repeated imports say what they do.
. "$(dirname "$0")/../lib.sh"

db="$TMP/demo.db"
T="$TW --db $db --now 2026-12-01"
ravi=person:ravi.desai@acme-payments.example
chloe=person:chloe.martin@acme-payments.example

$T import "$TW_ROOT/samples/demo-earlier" >/dev/null 2>&1 &&
    $T import "$TW_ROOT/samples/demo" >/dev/null 2>&1
check_eq "demo imports" 0 $?

# A note, a tag and a review on one joined person.
$T note $ravi "only ravi" >/dev/null
$T tag $ravi +x >/dev/null
$T review $ravi reviewed >/dev/null
out=$($T show $chloe)
check_nomatch "note stays off other people" "only ravi" "$out"
check_match "note on its person" "notes .*only ravi" "$($T show $ravi)"
out=$($T ls --tag x --format csv | tail -n +2 | cut -d, -f1)
check_eq "tag lists one person" "$ravi" "$out"
check_eq "other person has no tags" "" "$($T tag $chloe)"
check_eq "other person has no notes" "" "$($T note $chloe)"
check_match "other person not reviewed" "^none" "$($T review $chloe)"
check_eq "no annotation on key id -1" 0 "$(sqlite3 "$db" \
    "SELECT (SELECT count(*) FROM tag WHERE kid < 0) + \
    (SELECT count(*) FROM note WHERE kid < 0) + \
    (SELECT count(*) FROM review WHERE kid < 0)")"
out=$($T journal | grep -c " $ravi ")
check_eq "journal names the person" 3 "$out"

# kind: is the trustwalk kind; kinds: the kinds the source gave.
ls_n=$($T ls --kind credential --format csv | tail -n +2 | wc -l)
kind_n=$($T export --format jsonl --filter kind:credential | wc -l)
check_eq "kind filter counts as ls --kind" "$ls_n" "$kind_n"
out=$($T export --format jsonl --filter kind:credential | grep -vc \
    '"kind":"credential"')
check_eq "kind filter has only credentials" 0 "$out"
out=$($T export --format jsonl --filter kinds:credentials-exposure |
    grep -c '"kind":"privilege"')
check_match "kinds filter reads source kinds" "^[1-9]" "$out"

# A last use after the clock is under a week ago, not unknown, and the
# Markdown report writes it as the card does.
key='entra:app:8d4e0000-0000-4000-8000-000000000002#secret/9f5e0000-0000-4000-8000-000000000001'
out=$($T export --format jsonl --filter "kind:credential used:<7d" |
    grep -c "\"$key\"")
check_eq "future last use is under a week" 1 "$out"
out=$($T export --format jsonl --filter "kind:credential used:unknown" |
    grep -c "\"$key\"")
check_eq "future last use is not unknown" 0 "$out"
out=$($T export --format md --key "$key")
check_match "report writes future use ahead" "last used [0-9-]* \(in 1h\)" \
    "$out"

# A command's options go before or after its operands.
check_match "show KEY --format json" '^\{"key":"acme:cloud:prod:role:deploy"' \
    "$($T show acme:cloud:prod:role:deploy --format json)"
check_match "note KEY --format json lists" '^\[\{"time"' \
    "$($T note $ravi --format json)"
check_eq "note KEY --format json adds nothing" 1 \
    "$($T note $ravi --format json | grep -o '"text"' | wc -l)"
check_match "ls --kind after --format" "^key,kind" \
    "$($T ls --format csv --kind human)"
$T note $ravi -- "-x is a flag" >/dev/null
check_match "note after -- keeps a dash" "-x is a flag" "$($T note $ravi)"
check_eq "reach KEY --format json" '{"from":' \
    "$($T reach acme:cloud:prod:role:deploy --format json | head -c 8)"

# The journal counts the edges a Markdown report lists.
$T export --format md -o "$TMP/r.md" >/dev/null
counts=$(sed -n 's/^- Selection: .*, \([0-9]*\) nodes, \([0-9]*\) edges$/\1 \2/p' \
    "$TMP/r.md")
out=$($T journal --format json | python3 -c 'import json, sys
d = json.load(sys.stdin)[-1]["detail"]
print(d["nodes"], d["edges"])')
check_eq "journal counts report edges" "$counts" "$out"

# Checks on what the user gives: an expiry already past, an empty path.
$T accept stale-credential acme:cloud:prod:key:ci-deployer-2 --reason x \
    --until 2020-01-01 >/dev/null 2>"$TMP/err"
check_eq "accept --until in the past exits 1" 1 $?
check_match "accept --until in the past says why" \
    "--until 2020-01-01 is not after the clock" "$(cat "$TMP/err")"
check_eq "past acceptance not written" 0 "$($T accept --format json |
    grep -c ci-deployer-2)"
$T review acme:cloud:prod:key:ci-deployer-2 accepted_risk --reason x \
    --until 2026-11-30 >/dev/null 2>&1
check_eq "review --until in the past exits 1" 1 $?
$TW --db "" ls >/dev/null 2>"$TMP/err"
check_eq "--db empty exits 1" 1 $?
check_match "--db empty says why" "--db: the path is empty" "$(cat "$TMP/err")"

# Importing an identical file again says so.
out=$($T import "$TW_ROOT/samples/demo/acme-aws.json")
check_match "identical import says unchanged" \
    "unchanged since snapshot [0-9]+, recorded as snapshot [0-9]+" "$out"
out=$($T import "$TW_ROOT/samples/demo-earlier/acme-cloud.json")
check_nomatch "changed import does not" "unchanged" "$out"

# A credential created after it expires imports with a warning.
fx="$TW_ROOT/tests/fixtures/opengraph/created-after-expiry.json"
out=$($TW --db "$TMP/dates.db" import "$fx" 2>&1)
check_eq "backwards dates import" 0 $?
check_match "backwards dates warn with file and record" \
    "warning: .*created-after-expiry.json: fixture:key-backwards: credential created 2026-05-01T00:00:00Z, after it expires 2025-01-01" \
    "$out"
check_eq "only the backwards key warns" 1 \
    "$(printf '%s\n' "$out" | grep -c '^warning')"
$TW --db "$TMP/dates2.db" import --strict "$fx" >/dev/null 2>&1
check_eq "backwards dates rejected by --strict" 2 $?

done_testing
