#!/bin/sh
# The OpenGraph export round trip on a real GitHound export: importing
# the export gives the same nodes, attributes and edges. The real exports
# live outside the project; when they are absent the checks are skipped.
. "$(dirname "$0")/../lib.sh"

real=${TW_REALDATA:-$TW_ROOT/../shared/realdata}
file="$real/opengraph/github-org-githound.json"
if [ ! -f "$file" ]; then
	echo "# real exports not found at $real; set TW_REALDATA to run these"
	for name in "export imports again" "round trip gives the same graph"; do
		skip "$name" "no real exports at $real"
	done
	done_testing
	exit 0
fi
echo "# using real exports in $real"

$TW --db "$TMP/a.db" import --quiet "$file" >/dev/null
$TW --db "$TMP/a.db" export --format opengraph -o "$TMP/export.json"
out=$($TW --db "$TMP/b.db" import "$TMP/export.json" 2>&1)
check_match "export imports again" \
    "301 nodes, 1062 edges, 2 placeholders, 0 warnings" "$out"
$TW --db "$TMP/a.db" export --format jsonl -o "$TMP/a.jsonl"
$TW --db "$TMP/b.db" export --format jsonl -o "$TMP/b.jsonl"
out=$(python3 - "$TMP/a.jsonl" "$TMP/b.jsonl" <<'PY'
import json, sys
def load(path):
    nodes, edges = {}, set()
    for line in open(path):
        o = json.loads(line)
        if o["type"] == "node":
            o.pop("source")
            nodes[o["key"]] = o
        else:
            edges.add(json.dumps(o, sort_keys=True))
    return nodes, edges
a, b = load(sys.argv[1]), load(sys.argv[2])
diff = [k for k in a[0] if a[0][k] != b[0].get(k)]
print(len(a[0]), len(a[1]), len(diff), len(a[1] ^ b[1]))
PY
)
check_eq "round trip gives the same graph" "301 1062 0 0" "$out"
done_testing
