#!/bin/sh
# The case file from the command line, on a fixture imported twice
# (tests/fixtures/casefile/before and after differ in every way a diff
# reports). The suite covers snapshots, diff in each form and between
# chosen views, --as-of, note, tag and review with expiry, and the
# journal. It runs every export format with its checks: the OpenGraph
# round trip and shape, GraphML as XML, DOT through Graphviz and CSV
# formula escaping. Last come read-only refusals and the upgrade of a
# version-1 case file.
. "$(dirname "$0")/../lib.sh"

fx="$TW_ROOT/tests/fixtures/casefile"
db="$TMP/case.db"
now="--now 2026-12-01"

# Print the size of each list in a diff --format json document.
diff_counts() {
	python3 -c 'import json, sys
d = json.load(sys.stdin)
print(" ".join("%s=%d" % (k, len(v)) for k, v in d.items()
    if isinstance(v, list)))'
}

# Fail when a file contains a C0 control other than tab, LF and CR, DEL,
# or a bidirectional override.
check_clean() {
	if LC_ALL=C grep -q "$(printf '[\001-\010\013\014\016-\037\177]')" \
	    "$2" || grep -q "$(printf '\342\200\256')" "$2"; then
		not_ok "$1" "$(od -c "$2" | head -10)"
	else
		ok "$1"
	fi
}

$TW --db "$db" --now 2026-11-01 import --quiet "$fx/before" >/dev/null
check_eq "import the earlier snapshot" 0 $?
$TW --db "$db" --now 2026-12-01 import --quiet "$fx/after" >/dev/null
check_eq "import the later snapshot" 0 $?

# snapshots
out=$($TW --db "$db" snapshots)
check_match "snapshots table has a header" \
    "^ID +SOURCE +IMPORTED +NODES +EDGES +WARNINGS +STATE +SHA-256 +INPUT" \
    "$out"
check_match "first snapshot superseded" \
    "^1 +file:estate.json +2026-11-01T00:00:00Z +11 +6 +0 +superseded by 2" \
    "$out"
check_match "second snapshot current" \
    "^2 +file:estate.json +2026-12-01T00:00:00Z +12 +7 +0 +current" "$out"
out=$($TW --db "$db" snapshots --format json | python3 -c 'import json, sys
d = json.load(sys.stdin)
print(len(d), d[0]["current"], d[0]["superseded_by"], d[1]["current"],
    d[0]["sha256"], d[1]["sha256"])')
want="2 False 2 True $(sha256sum "$fx/before/estate.json" | cut -c1-64) \
$(sha256sum "$fx/after/estate.json" | cut -c1-64)"
check_eq "snapshots json has the inputs' SHA-256" "$want" "$out"
out=$($TW --db "$db" snapshots --format csv | tr -d '\r')
check_eq "snapshots csv has a row per snapshot" 3 \
    "$(printf '%s\n' "$out" | wc -l)"
check_eq "snapshots --source filters" 0 \
    "$($TW --db "$db" snapshots --source nope --format json | tr -d '[]\n' |
    wc -c)"

# diff
want="identities_added=1 identities_removed=1 credentials_added=1 \
credentials_removed=1 nodes_added=1 nodes_removed=1 edges_added=4 \
edges_removed=3 reach_added=6 reach_removed=3 newly_stale=1 \
newly_expiring=1 newly_expired=1 findings_opened=6 findings_closed=5"
check_eq "diff counts every kind of change" "$want" \
    "$($TW --db "$db" $now diff --format json | diff_counts)"
check_eq "diff 1 2 is the default diff" "$want" \
    "$($TW --db "$db" $now diff --format json 1 2 | diff_counts)"
check_eq "diff --snapshot 2 is the same change" "$want" \
    "$($TW --db "$db" $now diff --format json --snapshot 2 | diff_counts)"
check_eq "diff as of a time before the second import" "$want" \
    "$($TW --db "$db" $now diff --format json 2026-11-15 current |
    diff_counts)"
out=$($TW --db "$db" $now diff --format json | python3 -c 'import json, sys
d = json.load(sys.stdin)
print(d["a"]["view"], d["a"]["time"], d["b"]["view"], d["b"]["time"])
print(d["newly_stale"][0]["key"], d["newly_stale"][0]["last_used_at"])
print(d["newly_expiring"][0]["key"], d["newly_expiring"][0]["expires_at"])
print(d["newly_expired"][0]["key"])
print(" ".join(i["identity_key"] + ">" + i["privilege_key"]
    for i in d["reach_added"]))
e = [i for i in d["edges_added"] if i["dst_key"] == "case:p2"][0]
print(e["src_key"], e["kind"], e["source_kind"])')
check_match "diff sides and their times" \
    "^previous 2026-11-01T00:00:00Z current 2026-12-01T00:00:00Z$" "$out"
check_match "newly stale credential" \
    "^case:key-stale 2026-08-20T06:00:00Z$" "$out"
check_match "newly expiring credential" \
    "^case:key-expiring 2026-12-19T00:00:00Z$" "$out"
check_match "newly expired credential" "^case:key-expired$" "$out"
check_match "privileges newly reachable per identity" \
    "^case:app>case:p2 case:key-stale>case:p2 case:new-key>case:p1 \
case:new-key>case:p2 case:new-sa>case:p1 case:new-sa>case:p2$" "$out"
check_match "edge added with kinds" "^case:r1 grants Grants$" "$out"
out=$($TW --db "$db" $now diff)
check_match "diff text names the sections" \
    "^privileges newly reachable: 6$" "$out"
check_match "diff text lists findings opened" \
    "^  \\+ stale-credential +reporting key  medium: last used 2026-08-20" \
    "$out"
check_match "diff text lists findings closed" \
    "^  - orphaned-identity +legacy-batch  medium: machine identity has no \
owner  case:old-sa$" "$out"
out=$($TW --db "$db" $now diff --format json | python3 -c 'import json, sys
d = json.load(sys.stdin)
print(" ".join(i["rule"] + ":" + i["key"] for i in d["findings_opened"]))')
check_eq "diff json names the rule of each finding opened" \
    "orphaned-identity:case:app expired-or-expiring:case:key-expiring \
no-revocation-path:case:key-stale stale-credential:case:key-stale \
no-revocation-path:case:new-key orphaned-identity:case:new-sa" "$out"
$TW --db "$db" $now diff >"$TMP/diff.txt"
check_clean "diff text prints no control characters" "$TMP/diff.txt"
$TW --db "$db" $now diff --format md >"$TMP/diff.md"
check_clean "diff md prints no control characters" "$TMP/diff.md"
check_match "diff md has a heading per section" \
    "^## Credentials newly stale \(1\)$" "$(cat "$TMP/diff.md")"
check_match "diff md escapes markup in names" '^- system \\=cmd\\\|' \
    "$(cat "$TMP/diff.md")"
$TW --db "$db" diff 1,9 >/dev/null 2>"$TMP/err"
check_eq "diff with a missing snapshot exits 1" 1 $?
check_match "diff names the missing snapshot" "no snapshot 9" \
    "$(cat "$TMP/err")"
$TW --db "$db" diff yesterday >/dev/null 2>&1
check_eq "diff with a bad view exits 1" 1 $?
check_eq "same view gives no change" "identities_added=0" \
    "$($TW --db "$db" diff --format json current current | diff_counts |
    cut -d' ' -f1)"

# --as-of
out=$($TW --db "$db" --as-of 2026-11-15 ls)
check_match "as-of lists the removed identity" "legacy-batch" "$out"
check_nomatch "as-of leaves out the later identity" "new-sa" "$out"
out=$($TW --db "$db" --as-of 2026-11-15 ls --kind credential)
check_match "as-of adds the credential state" \
    "mtls certificate .* valid, expiring, used .* case:key-expired" "$out"
check_match "as-of: key in use then" \
    "reporting key .* valid, used .* case:key-stale" "$out"
out=$($TW --db "$db" $now ls --kind credential --format json | python3 -c '
import json, sys
print(" ".join(n["key"] + "=" + n["state"] for n in json.load(sys.stdin)))')
check_match "ls json has the state at --now" \
    "case:key-expired=expired, used case:key-stale=valid, stale \
case:key-expiring=valid, expiring, used" "$out"
check_eq "as-of before any import is empty" 1 \
    "$($TW --db "$db" --as-of 2026-01-01 ls | wc -l)"
$TW --db "$db" --as-of 2026-11-15 import "$fx/after" >/dev/null 2>&1
check_eq "import refuses --as-of" 1 $?
out=$($TW --db "$db" --as-of 2026-11-15 show old-sa)
check_match "show works as of a time" "^key +case:old-sa" "$out"

# note, tag, review
out=$($TW --db "$db" note new-sa "reviewed with the payments team")
check_match "note confirms" "note added to case:new-sa" "$out"
$TW --db "$db" note new-sa "$(printf 'second \033[31mnote\342\200\256')" \
    >/dev/null
out=$($TW --db "$db" note --format json new-sa | python3 -c 'import json, sys
d = json.load(sys.stdin)
print(len(d), d[0]["text"], d[0]["author"] != "")')
check_eq "notes list in order" "2 reviewed with the payments team True" \
    "$out"
$TW --db "$db" note new-sa >"$TMP/notes.txt"
check_clean "notes print no control characters" "$TMP/notes.txt"
out=$($TW --db "$db" tag new-sa +tier0 marked)
check_match "tag adds" "tagged case:new-sa: tier0" "$out"
out=$($TW --db "$db" tag new-sa tier0)
check_match "tag again says so" "already has tag tier0" "$out"
$TW --db "$db" tag new-sa "bad tag" >/dev/null 2>"$TMP/err"
check_eq "invalid tag exits 1" 1 $?
check_match "invalid tag says why" "invalid tag" "$(cat "$TMP/err")"
check_eq "tag lists tags" "marked tier0" \
    "$($TW --db "$db" tag new-sa | tr '\n' ' ' | sed 's/ $//')"
$TW --db "$db" tag app +tier0 >/dev/null
$TW --db "$db" tag app -tier0 >/dev/null
check_eq "untag removes" "" "$($TW --db "$db" tag app)"
$TW --db "$db" review key-stale accepted_risk >/dev/null 2>"$TMP/err"
check_eq "accepted_risk without reason exits 1" 1 $?
check_match "accepted_risk asks for a reason" "needs a reason" \
    "$(cat "$TMP/err")"
$TW --db "$db" --now 2026-12-01 review key-stale accepted_risk \
    --reason "rotation booked" --until 2026-12-15 >/dev/null
check_eq "review with reason and expiry" 0 $?
check_match "review shows until before expiry" \
    "accepted_risk until 2026-12-15 \(rotation booked\)" \
    "$($TW --db "$db" --now 2026-12-10 review key-stale)"
check_match "review lapses after expiry" \
    "accepted_risk lapsed 2026-12-15" \
    "$($TW --db "$db" --now 2026-12-16 review key-stale)"
$TW --db "$db" review app to_revoke >/dev/null
$TW --db "$db" review old-key reviewed >/dev/null 2>&1
check_eq "review of a node not in the view exits 1" 1 $?
out=$($TW --db "$db" --now 2026-12-16 ls)
check_match "ls shows marks" "^credential +reporting key .* +L +case:key-stale" \
    "$out"
check_match "ls marks a node to revoke" "payments-app .* +X +case:app" "$out"
check_match "ls shows marked, tags and notes" \
    "service_account .* \*#n  +case:new-sa" "$out"
check_eq "ls --tag selects" "case:new-sa" \
    "$($TW --db "$db" ls --tag tier0 --format csv | tr -d '\r' |
    sed -n 2p | cut -d, -f1)"
out=$($TW --db "$db" $now show --format json new-sa | python3 -c '
import json, sys
a = json.load(sys.stdin)["annotations"]
print(a["tags"], a["review"], len(a["notes"]))')
check_eq "show json carries annotations" "['marked', 'tier0'] None 2" "$out"
out=$($TW --db "$db" --now 2026-12-16 show key-stale)
check_match "show prints the review" \
    "^review +accepted_risk lapsed 2026-12-15 \(rotation booked\)" "$out"
check_match "show prints the state" "^state +valid, stale" "$out"

# exports
for f in opengraph graphml dot csv jsonl md; do
	$TW --db "$db" $now export --format $f -o "$TMP/case.$f"
	check_eq "export $f exits 0" 0 $?
	check_eq "export $f file is mode 0600" 600 \
	    "$(stat -c %a "$TMP/case.$f")"
	check_clean "export $f has no control characters" "$TMP/case.$f"
done
touch "$TMP/old.csv"
chmod 644 "$TMP/old.csv"
$TW --db "$db" export --format csv -o "$TMP/old.csv"
check_eq "export sets mode 0600 on an existing file" 600 \
    "$(stat -c %a "$TMP/old.csv")"
ln -s "$TMP/target" "$TMP/link.csv"
$TW --db "$db" export --format csv -o "$TMP/link.csv" 2>/dev/null
check_eq "export does not follow a symbolic link" 3 $?

# OpenGraph: the shape BloodHound ingests, and the same graph again.
out=$(python3 - "$TMP/case.opengraph" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
bad = []
assert d["metadata"]["source_kind"] == "trustwalk"
for n in d["graph"]["nodes"]:
    if not isinstance(n["id"], str) or not 1 <= len(n["kinds"]) <= 3:
        bad.append(n["id"])
    for k, v in n["properties"].items():
        if isinstance(v, dict) or (isinstance(v, list) and
            any(isinstance(x, (dict, list)) for x in v)):
            bad.append(n["id"] + "." + k)
for e in d["graph"]["edges"]:
    if not e["kind"] or "value" not in e["start"] or "value" not in e["end"]:
        bad.append(e["kind"])
print(len(d["graph"]["nodes"]), len(d["graph"]["edges"]), bad)
EOF
)
check_eq "opengraph has BloodHound's node and edge shape" "11 7 []" "$out"
rt="$TMP/roundtrip.db"
$TW --db "$rt" import --quiet "$TMP/case.opengraph" >/dev/null
check_eq "opengraph export imports again" 0 $?
$TW --db "$rt" $now export --format jsonl -o "$TMP/rt.jsonl"
out=$(python3 - "$TMP/case.jsonl" "$TMP/rt.jsonl" <<'EOF'
import json, sys
def load(path):
    nodes, edges = {}, set()
    for line in open(path):
        o = json.loads(line)
        if o["type"] == "node":
            # The source is the export file; annotations stay in the case.
            o.pop("source")
            o.pop("annotations")
            nodes[o["key"]] = o
        else:
            edges.add(json.dumps(o, sort_keys=True))
    return nodes, edges
a, b = load(sys.argv[1]), load(sys.argv[2])
diff = [k for k in a[0] if a[0][k] != b[0].get(k)]
print(len(a[0]), len(b[0]), len(a[1]), len(b[1]), diff, a[1] ^ b[1])
EOF
)
check_eq "opengraph round trip gives the same graph" "12 12 7 7 [] set()" \
    "$out"
check_match "round trip keeps placeholders" "placeholder" \
    "$($TW --db "$rt" show ghost)"
check_match "round trip keeps no-follow edges" "\[not traversable\]" \
    "$($TW --db "$rt" show new-sa)"
check_match "opengraph carries annotations" \
    '"trustwalk_tags":\["marked","tier0"\]' "$(cat "$TMP/case.opengraph")"

check "graphml is well-formed XML" python3 -c '
import sys, xml.dom.minidom
d = xml.dom.minidom.parse(sys.argv[1])
assert len(d.getElementsByTagName("node")) == 12
assert len(d.getElementsByTagName("edge")) == 7' "$TMP/case.graphml"
check_match "graphml carries annotations" '<data key="review">to_revoke' \
    "$(cat "$TMP/case.graphml")"
check "dot renders with Graphviz" dot -Tsvg -o "$TMP/case.svg" \
    "$TMP/case.dot"
check_match "dot labels the review" 'to_revoke' "$(cat "$TMP/case.dot")"
check_match "csv escapes formulas" "\"'=cmd\|' /C calc'!A0\"" \
    "$(cat "$TMP/case.csv")"
check_eq "csv has a row per node" 13 "$(tr -d '\r' <"$TMP/case.csv" | wc -l)"
$TW --db "$db" export --format csv --table edges -o "$TMP/edges.csv"
check_eq "csv edge table has a row per edge" 8 \
    "$(tr -d '\r' <"$TMP/edges.csv" | wc -l)"
check "jsonl is one JSON object per line" python3 -c '
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert [l["type"] for l in lines].count("edge") == 7' "$TMP/case.jsonl"
md=$(cat "$TMP/case.md")
check_match "md report has the snapshots" "^## Snapshots" "$md"
check_match "md report has the SHA-256" \
    "$(sha256sum "$fx/after/estate.json" | cut -c1-64)" "$md"
check_match "md report has the credential card" \
    "^### credential: reporting key" "$md"
check_match "md card has the state" "state valid, stale" "$md"
check_match "md card has the review" \
    "^- Review: accepted_risk until 2026-12-15 \(rotation booked\)" "$md"
check_match "md report has the findings section" "^## Findings" "$md"

# selections
sel() {
	$TW --db "$db" export --format jsonl "$@" | python3 -c 'import json, sys
print(" ".join(sorted(json.loads(l)["key"] for l in sys.stdin
    if json.loads(l)["type"] == "node")))'
}
check_eq "--reach selects what a node reaches" \
    "case:app case:p1 case:p2 case:r1" "$(sel --reach app)"
check_eq "--depth limits the reach" "case:app case:r1" \
    "$(sel --reach app --depth 1)"
check_eq "--keys selects nodes" "case:p1 case:r1" "$(sel --keys r1,p1)"
check_eq "--marked selects marked nodes" "case:new-sa" "$(sel --marked)"
check_eq "--tag selects tagged nodes" "case:new-sa" "$(sel --tag tier0)"
check_eq "--filter selects matching nodes" \
    "case:key-expired case:key-expiring" "$(sel --filter certificate)"
out=$($TW --db "$db" $now export --format md --reach app)
check_match "md paths of a reach" \
    "read secrets .*, 2 steps: payments-app —can_assume → deploy role —grants → read secrets" \
    "$out"
$TW --db "$db" export --format xml >/dev/null 2>&1
check_eq "unknown export format exits 1" 1 $?
$TW --db "$db" export >/dev/null 2>&1
check_eq "export without a format exits 1" 1 $?
$TW --db "$db" export --format md --reach nobody >/dev/null 2>&1
check_eq "reach from an unknown key exits 1" 1 $?

# journal
out=$($TW --db "$db" journal)
check_match "journal records notes" "  note  case:new-sa  " "$out"
check_match "journal records tags" "  tag  case:new-sa  .*tier0" "$out"
check_match "journal records untags" "  untag  case:app  " "$out"
check_match "journal records reviews" "  review  case:key-stale  " "$out"
check_match "journal records exports" "  export  -  .*\"format\":\"md\"" \
    "$out"
$TW --db "$db" journal --format md >"$TMP/journal.md"
check_clean "journal md has no control characters" "$TMP/journal.md"
md=$(cat "$TMP/journal.md")
check_match "journal md is a timeline" "^# Investigation journal: case.db" \
    "$md"
check_match "journal md has dated sections" "^## 20[0-9]{2}-[0-9]{2}-[0-9]{2}$" \
    "$md"
check_match "journal md describes a review" \
    "set the review state accepted_risk on reporting key .*until \
2026-12-15: rotation booked" "$md"
check "journal json parses" python3 -c '
import json, sys
d = json.load(sys.stdin)
assert all({"time", "author", "action", "key", "detail"} <= set(s)
    for s in d)
assert d[0]["detail"]["text"] == "reviewed with the payments team"' <<EOF
$($TW --db "$db" journal --format json)
EOF

# read-only
chmod 600 "$db"
before=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM note),
    (SELECT count(*) FROM tag), (SELECT count(*) FROM review),
    (SELECT count(*) FROM journal)")
for cmd in "note app hello" "tag app +x" "review app reviewed"; do
	# shellcheck disable=SC2086
	$TW --db "$db" --read-only $cmd >/dev/null 2>"$TMP/err"
	check_eq "read-only: $cmd exits 1" 1 $?
	check_match "read-only: $cmd says why" "open read-only" \
	    "$(cat "$TMP/err")"
done
$TW --db "$db" --read-only import "$fx/after" >/dev/null 2>&1
check_eq "read-only: import exits 1" 1 $?
$TW --db "$db" --read-only export --format md -o "$TMP/ro.md"
check_eq "read-only: export works" 0 $?
$TW --db "$db" --read-only note app >/dev/null
check_eq "read-only: listing notes works" 0 $?
check_eq "read-only: case unchanged" "$before" "$(sqlite3 "$db" "SELECT
    (SELECT count(*) FROM note), (SELECT count(*) FROM tag),
    (SELECT count(*) FROM review), (SELECT count(*) FROM journal)")"

# a case file from the first schema version
cp "$TW_ROOT/tests/fixtures/case/schema-v1.db" "$TMP/v1.db"
chmod 600 "$TMP/v1.db"
$TW --db "$TMP/v1.db" --read-only ls >/dev/null
check_eq "read-only opens a version-1 case" 0 $?
check_eq "read-only leaves it at version 1" 1 \
    "$(sqlite3 "$TMP/v1.db" "PRAGMA user_version")"
$TW --db "$TMP/v1.db" --read-only journal >/dev/null
check_eq "journal of a version-1 case is empty" 0 $?
$TW --db "$TMP/v1.db" note alice "after the upgrade" >/dev/null
check_eq "writing upgrades a version-1 case" 4 \
    "$(sqlite3 "$TMP/v1.db" "PRAGMA user_version")"
check_eq "upgraded case keeps its nodes" 11 \
    "$($TW --db "$TMP/v1.db" ls --format json | python3 -c '
import json, sys; print(len(json.load(sys.stdin)))')"

done_testing
