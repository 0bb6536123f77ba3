#!/bin/sh
# The analysis commands on a fixture estate with known answers: reach,
# who-can, path, blast, chokepoints and crown-jewels in every format,
# edge-kind filters, depth limits, conditional and not-traversable edges,
# crown jewels from --tier-zero and the configuration, exit codes, and
# terminal safety of what they print.
. "$(dirname "$0")/../lib.sh"

db="$TMP/case.db"
$TW --db "$db" import --quiet "$TW_ROOT/tests/fixtures/analysis/estate.json" \
    >/dev/null 2>&1 || not_ok "import fixture"
# OpenGraph has no conditions: mark backup-sa -> deploy-role conditional.
sqlite3 "$db" "UPDATE edge SET flags = flags | 1, conditions =
    '{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}'
    WHERE raw = 'CanAssume' AND src =
    (SELECT id FROM nkey WHERE key = 'estate:backup-sa')"
tw() { $TW --db "$db" "$@"; }
tz() { $TW --db "$db" --tier-zero payments-db "$@"; }
pyjson() { python3 -c "import json,sys; d=json.load(sys.stdin); $1"; }

# reach
out=$(tz reach ci-token)
check_eq "reach exits 0" 0 $?
check_match "reach table header" "^GROUP +DEPTH +KIND +NAME +MARKS +KEY +PATH" \
    "$out"
check_match "reach finds the crown jewel with its path" \
    "systems +5 +system +payments-db +tier0 .*ci-token > deploy-sa > deploy-role > admin-policy > db-admin > payments-db" \
    "$out"
check_match "reach marks admin-equivalent" "db-admin +admin" "$out"
check_match "reach summary counts" "ci-token reaches: identities 5, privileges 2 \(admin-equivalent 1\), policies 1, systems 2, other 0, crown jewels 1" "$out"
check_nomatch "reach skips not-traversable edges" "audit" "$out"
check_nomatch "reach skips limits edges" "boundary" "$out"
check_nomatch "reach prints no escape character" "$(printf '\033')" "$out"
check_match "reach escapes hostile names" 'evil\\x1b\]0;pwned\\x07<U\+202E>role' \
    "$out"

n=$(tz reach --format json ci-token | pyjson 'print(d["counts"]["identities"], d["counts"]["privileges"], d["counts"]["systems"], d["complete"], d["crown_jewels"], len(d["reached"]), d["reached"][-1]["key"], len(d["reached"][-1]["path"]))')
check_eq "reach json" "5 2 2 True ['estate:payments-db'] 10 estate:payments-db 5" "$n"
n=$(tw reach --format csv ci-token | tr -d '\r' | head -2)
check_eq "reach csv" "group,depth,key,kind,name,conditional,admin,tier_zero,path
identities,1,estate:deploy-sa,service_account,deploy-sa,false,false,false,\"estate:ci-token > estate:deploy-sa\"" "$n"

out=$(tw reach --depth 2 backup-key)
check_match "depth limit stops the walk" "stopped at depth 2" "$out"
check_match "conditional edge is walked and marked" \
    "identities +2 +role +deploy-role +cond " "$out"
check_match "summary counts conditional nodes" "only through conditions 1" \
    "$out"
n=$(tw reach --depth 2 --format json backup-key | pyjson 'print(d["complete"], len(d["reached"]), d["reached"][1]["conditional"], d["reached"][1]["path"][1]["conditions"])')
check_eq "reach json marks the condition" \
    "False 2 True {'Bool': {'aws:MultiFactorAuthPresent': 'true'}}" "$n"

n=$(tw reach --edges '!has_role,!member_of' --format json ci-token | pyjson 'print(len(d["reached"]), d["edges"])')
check_eq "edge kinds can be left out" "1 !member_of,!has_role" "$n"
n=$(tw reach --edges authenticates_as,has_role --format json ci-token | pyjson 'print(sorted(x["name"] for x in d["reached"]))')
check_eq "edge kinds can be listed" "['deploy-role', 'deploy-sa']" "$n"
n=$(tw reach --edges all --format json boundary | pyjson 'print(len(d["reached"]))')
check_eq "all edge kinds include limits" 10 "$n"
out=$(tw reach orphan-key)
check_match "unreachable: an orphan reaches nothing" "identities 0, privileges 0" \
    "$out"
n=$(tw reach --format json loop-role | pyjson 'print(len(d["reached"]))')
check_eq "a self-loop reaches nothing new" 0 "$n"

tw reach --edges bogus ci-token >/dev/null 2>"$TMP/err"
check_eq "bad edge kind exits 1" 1 $?
check_match "bad edge kind names the word" '"bogus" is not an edge kind' \
    "$(cat "$TMP/err")"
tw reach --depth x ci-token >/dev/null 2>&1
check_eq "bad depth exits 1" 1 $?
tw reach nobody >/dev/null 2>&1
check_eq "unknown key exits 1" 1 $?

# who-can
out=$(tw who-can payments-db)
check_match "who-can lists credentials with paths" \
    "identities +5 +credential +ci-token .*ci-token > deploy-sa" "$out"
check_match "who-can marks conditional ways" "backup-key +cond" "$out"
check_match "who-can reaches owners and users" "alice" "$out"
check_nomatch "who-can lists identities only" "^(privileges|systems|other) " \
    "$out"
n=$(tw who-can --format json payments-db | pyjson 'print(d["direction"], d["to"]["key"], len(d["reached"]), d["reached"][0]["path"][-1]["to"])')
check_eq "who-can json" "reverse estate:payments-db 8 estate:payments-db" "$n"

# path
out=$(tw path -k 3 ci-token payments-db)
check_match "path table" "^PATH +HOP +KIND +NAME +EDGE +KEY +CONDITIONS" "$out"
n=$(tw path -k 3 --format json ci-token payments-db | pyjson 'print([p["length"] for p in d["paths"]], d["paths"][1]["steps"][1]["kind"], d["paths"][1]["steps"][2]["to"])')
check_eq "path and one alternative, shortest first" \
    "[5, 6] member_of estate:deploy-role" "$n"
out=$(tw path backup-key payments-db)
check_match "path shows the condition" \
    "can_assume \(CanAssume\) cond +estate:deploy-role +\{\"Bool\"" "$out"
n=$(tw path --format json backup-key payments-db | pyjson 'print(d["paths"][0]["conditional"], d["paths"][0]["steps"][1]["conditional"])')
check_eq "path json marks the condition" "True True" "$n"
out=$(tw path orphan-key payments-db)
check_eq "no path exits 0" 0 $?
check_match "no path says so" "^no path from orphan-key to payments-db" "$out"
n=$(tw path --format json orphan-key payments-db | pyjson 'print(d["paths"])')
check_eq "no path in json" "[]" "$n"
n=$(tw path --format json ci-token ci-token | pyjson 'print([p["length"] for p in d["paths"]])')
check_eq "a node to itself" "[0]" "$n"
n=$(tw path --edges '!has_policy' --format json ci-token payments-db | pyjson 'print(d["paths"])')
check_eq "path obeys edge kinds" "[]" "$n"
n=$(tw path --format json deploy-sa audit-read | pyjson 'print(d["paths"])')
check_eq "path never takes a not-traversable edge" "[]" "$n"
tw path -k 0 ci-token payments-db >/dev/null 2>&1
check_eq "-k 0 exits 1" 1 $?
tw path ci-token >/dev/null 2>&1
check_eq "path needs two keys" 1 $?

# blast
out=$(tz blast)
check_match "blast table" "^KIND +NAME +PRIV +ADMIN +SYS +JEWELS +KEY" "$out"
check_match "blast of the CI token" "credential +ci-token +2 +1 +2 +1 +estate:ci-token" \
    "$out"
check_match "blast of the orphan" "credential +orphan-key +0 +0 +0 +0" "$out"
check_nomatch "blast lists no privileges" "db-admin" "$out"
n=$(tz blast --kind credential --format csv | tr -d '\r' | head -2)
check_eq "blast csv by kind, jewels first" "key,kind,name,privileges,admin,systems,crown_jewels
estate:backup-key,credential,backup-key,2,1,2,1" "$n"
n=$(tz blast --sort privileges --top 1 --format json | pyjson 'print(len(d), d[0]["privileges"], d[0]["crown_jewels"], "key" in d[0])')
check_eq "blast json" "1 2 1 True" "$n"
n=$(tz blast --edges '!applies_to' --format json | pyjson 'print(max(x["systems"] for x in d))')
check_eq "blast obeys edge kinds" 0 "$n"
tw blast --sort size >/dev/null 2>&1
check_eq "bad sort column exits 1" 1 $?

# chokepoints
tw chokepoints >/dev/null 2>"$TMP/err"
check_eq "chokepoints without jewels exits 1" 1 $?
check_match "chokepoints says how to mark jewels" "tier-zero" "$(cat "$TMP/err")"
out=$(tz chokepoints)
check_match "chokepoints cut both pairs at deploy-role" \
    "^2 +node +role +deploy-role" "$out"
check_match "chokepoints lists edges" \
    "^2 +edge +has_policy \(HasPolicy\) +deploy-role > admin-policy" "$out"
check_match "chokepoints summary" "pairs: 2; crown jewels: 1" "$out"
n=$(tz chokepoints --format json | pyjson 'print(d["pairs"], len(d["chokepoints"]), d["chokepoints"][0]["type"], d["chokepoints"][0]["pairs"], d["crown_jewels"])')
check_eq "chokepoints json" "2 11 node 2 ['estate:payments-db']" "$n"
n=$(tz chokepoints --top 1 --format csv | tr -d '\r' | wc -l)
check_eq "chokepoints --top" 2 "$n"

# crown-jewels
out=$(tz crown-jewels)
check_match "crown-jewels lists the pairs" \
    "^ci-token +payments-db +5 +ci-token > deploy-sa" "$out"
check_match "crown-jewels marks conditions" "^backup-key +payments-db +5 +cond" \
    "$out"
n=$(tz crown-jewels --format json | pyjson 'print(len(d["crown_jewels"]), [(p["credential"]["key"], p["jewel"]["key"], p["length"], p["conditional"]) for p in d["pairs"]])')
check_eq "crown-jewels json" "1 [('estate:backup-key', 'estate:payments-db', 5, True), ('estate:ci-token', 'estate:payments-db', 5, False)]" "$n"
out=$(tw crown-jewels 2>&1)
check_match "crown-jewels without jewels says so" "no crown jewels are marked" \
    "$out"
tw --tier-zero nobody crown-jewels >/dev/null 2>&1
check_eq "unknown --tier-zero exits 1" 1 $?

# the configuration
mkdir -p "$XDG_CONFIG_HOME/trustwalk"
printf '# crown jewels\n[analysis]\ntier_zero = estate:payments-db, estate:gone\nmax_depth = 2\n' \
    >"$XDG_CONFIG_HOME/trustwalk/config"
out=$(tw crown-jewels 2>"$TMP/err")
check_match "configured jewels are used" "^ci-token +payments-db" "$out"
check_match "a configured key that matches nothing is reported" \
    'config:3: tier_zero: "estate:gone" matches no node' "$(cat "$TMP/err")"
out=$(tw reach ci-token 2>/dev/null)
check_match "configured max_depth applies" "stopped at depth 2" "$out"
out=$(tw reach --depth 0 ci-token 2>/dev/null)
check_nomatch "--depth 0 lifts the limit" "stopped at depth" "$out"
printf '[analysis]\nmax_depht = 2\n' >"$TMP/bad.conf"
tw --config "$TMP/bad.conf" ls >/dev/null 2>"$TMP/err"
check_eq "unknown configuration key exits 1" 1 $?
check_match "the error names file and line" \
    'bad.conf:2: unknown key "max_depht" in \[analysis\]' "$(cat "$TMP/err")"
tw --config "$TMP/none.conf" ls >/dev/null 2>"$TMP/err"
check_eq "a missing --config file exits 1" 1 $?
rm -f "$XDG_CONFIG_HOME/trustwalk/config"

# Crown jewels the source marks (crown_jewel: true) need no option.
mdb="$TMP/marked.db"
$TW --db "$mdb" import "$TW_ROOT/tests/fixtures/analysis/marked.json" \
    >/dev/null 2>&1
n=$($TW --db "$mdb" crown-jewels --format json | pyjson 'print([j["key"] for j in d["crown_jewels"]], [(p["credential"]["key"], p["length"]) for p in d["pairs"]])')
check_eq "a crown_jewel attribute marks tier zero" \
    "['marked:vault'] [('marked:token', 2)]" "$n"
n=$($TW --db "$mdb" reach --format json token | pyjson 'print(d["crown_jewels"])')
check_eq "reach lists the marked jewel" "['marked:vault']" "$n"

out=$($TW --help)
check_match "help lists the analysis commands" "who-can +every identity" "$out"
check_match "help lists --tier-zero" "--tier-zero KEY" "$out"
done_testing
