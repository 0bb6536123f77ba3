#!/bin/sh
# trustwalk timeline on the usage fixtures: the table and JSON of a key
# and of a service user, the events through the view, a node without
# evidence, an unknown key, a bad format, and hostile log strings.
. "$(dirname "$0")/../lib.sh"

fx="$TW_ROOT/tests/fixtures/usage"
db="$TMP/case.db"
$TW --db "$db" import --quiet "$fx/authz-dev.json" "$fx/authz-prod.json" \
    >/dev/null 2>&1 || not_ok "import the inventories"
$TW --db "$db" import --quiet "$fx/trail.json" >/dev/null 2>&1 ||
    not_ok "import the trail"
tw() { $TW --db "$db" "$@"; }
pyjson() { python3 -c "import json,sys; d=json.load(sys.stdin); $1"; }
key="aws:arn:aws:iam::111122223333:user/service-accounts/svc-deploy#access_key/AKIAUSAGEDEPLOY00001"

out=$(tw timeline "$key")
check_eq "timeline exits 0" 0 $?
check_match "table header" \
    "^TIME +KIND +ACTOR +ACTION +TARGET +SOURCE IP +USER AGENT +ERROR +RECORD" \
    "$out"
check_eq "one row per event of the key" 7 "$(printf '%s\n' "$out" | wc -l)"
check_match "the new address in order" \
    "^2026-11-28T23:40:00Z +called +svc-deploy +s3:PutObject +s3 \(all resources\) +203\.0\.113\.50 +curl/8\.5\.0 +trail\.json Records\[8\]" \
    "$out"
check_match "the role assumption last" \
    "^2026-11-29T10:00:00Z +assumed +svc-deploy +sts:AssumeRole +hop " \
    "$(printf '%s\n' "$out" | tail -1)"

got=$(tw timeline svc-report --format json | pyjson '
e = d["events"]
print(d["node"]["name"], d["first"], d["last"], d["days_per_bucket"],
    [(b["from"], b["events"], b["errors"]) for b in d["buckets"]],
    e[0]["action"], e[0]["credential"].endswith("#password"),
    e[0]["error_code"], e[0]["record"], e[0]["event_id"])')
check_eq "json of the service user" \
    "svc-report 2026-11-10T09:12:00Z 2026-11-10T09:13:30Z 1 [('2026-11-10T00:00:00Z', 2, 0)] signin:ConsoleLogin True None Records[4] 7d0e0000-0000-4000-8000-000000000005" \
    "$got"

got=$(tw timeline svc-batch --format json | pyjson '
print(len(d["events"]), len(d["buckets"]),
    sum(b["errors"] for b in d["buckets"]))')
check_eq "failed events count as errors" "3 2 2" "$got"

got=$(tw timeline "aws:arn:aws:iam::444455556666:role/prod-admin" \
    --format json | pyjson '
print([(e["kind"], e["actor"].split("/")[-1], e["error_code"])
    for e in d["events"]])')
check_eq "a role's timeline has the assumptions of it" \
    "[('assumed', 'hop', None), ('assumed', 'svc-batch', 'AccessDenied')]" \
    "$got"

out=$(tw timeline spare)
check_eq "no evidence exits 0" 0 $?
check_eq "no evidence says so" \
    "no usage evidence for this node in this view" "$out"
got=$(tw timeline spare --format json | pyjson '
print(d["first"], d["events"], d["buckets"])')
check_eq "no evidence in json" "None [] []" "$got"

tw timeline no-such-node >/dev/null 2>&1
check_eq "unknown key exits 1" 1 $?
tw timeline spare --format csv >/dev/null 2>&1
check_eq "csv is not a timeline format" 1 $?
tw timeline >/dev/null 2>&1
check_eq "KEY is required" 1 $?

# The view decides: an earlier view has no evidence yet.
tw --as-of 2000-01-01 timeline spare >/dev/null 2>&1
check_eq "as-of before any import exits 1 (no node)" 1 $?

# Hostile strings from a log.
hdb="$TMP/hostile.db"
$TW --db "$hdb" import --quiet "$fx/authz-dev.json" \
    "$fx/trail-hostile.json" >/dev/null 2>&1 ||
    not_ok "import the hostile trail"
out=$($TW --db "$hdb" timeline svc-batch)
check_nomatch "table prints no escape character" "$(printf '\033')" "$out"
check_match "table escapes the address" '10\.0\.0\.9\\x1b\[2J' "$out"
got=$($TW --db "$hdb" timeline svc-batch --format json | pyjson '
print(repr(d["events"][0]["user_agent"]))')
check_eq "json keeps the string, escaped" \
    "'evil\\x1b]0;pwned\\x07agent \\u202egnp.exe'" "$got"
done_testing
