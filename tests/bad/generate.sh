#!/bin/sh
# Make the bad inputs that are too big to commit or cannot be committed
# (folders, FIFOs, links, unreadable files) in folder DIR. EXPECTED names
# them as gen/NAME.
#
# usage: tests/bad/generate.sh DIR
set -eu
dir=$1
TW_BAD=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
cd "$dir"

# A node whose name is one byte over the 4 MiB string limit: skipped.
python3 - <<'EOF'
limit = 4 << 20
head = '{"graph": {"nodes": [{"id": "ok", "kinds": ["User"]},\n'
with open("giant-string.json", "w") as f:
    f.write(head + '{"id": "big", "kinds": ["User"], "properties": '
            '{"name": "' + "x" * (limit + 1) + '"}}], "edges": []}}\n')
# The same string in the metadata rejects the file.
with open("giant-string-metadata.json", "w") as f:
    f.write('{"metadata": {"source_kind": "' + "x" * (limit + 1) +
            '"}, "graph": {"nodes": [], "edges": []}}\n')
# A 4 MiB key is a string too.
with open("giant-key.json", "w") as f:
    f.write(head + '{"id": "k", "kinds": ["User"], "properties": {"' +
            "k" * (limit + 1) + '": 1}}], "edges": []}}\n')
# One node of 65 MiB, over the 64 MiB record limit, made of strings
# under the string limit.
with open("giant-record.json", "w") as f:
    f.write(head + '{"id": "huge", "kinds": ["User"], "properties": {')
    part = "y" * (4 << 20)
    for i in range(17):
        f.write('%s"p%d": "%s"' % ("," if i else "", i, part))
    f.write('}}], "edges": []}}\n')
# 513 properties on one node, over the limit of 512.
with open("too-many-properties.json", "w") as f:
    props = ", ".join('"p%d": %d' % (i, i) for i in range(513))
    f.write(head + '{"id": "many", "kinds": ["User"], "properties": {' +
            props + '}}], "edges": []}}\n')
# 512 properties are allowed.
with open("max-properties.json", "w") as f:
    props = ", ".join('"p%d": %d' % (i, i) for i in range(512))
    f.write(head + '{"id": "many", "kinds": ["User"], "properties": {' +
            props + '}}], "edges": []}}\n')
# Nesting 100,000 deep inside a node: rejected at level 129, without
# recursion.
with open("deep-nesting-100k.json", "w") as f:
    f.write(head + '{"id": "d", "kinds": ["User"], "properties": '
            '{"x": ' + "[" * 100000 + "]" * 100000 + '}}], "edges": []}}\n')
# 127 levels inside the document are allowed.
with open("nesting-at-limit.json", "w") as f:
    f.write('{"graph": {"nodes": [{"id": "d", "kinds": ["User"], '
            '"properties": {"x": ' + "[" * 122 + "]" * 122 +
            '}}], "edges": []}}\n')
EOF

# A file over the 8 GiB input limit, sparse so it takes no space.
truncate -s 9G over-size-limit.json

# A folder holding nothing trustwalk reads, and an empty folder.
mkdir -p folder-unreadable-formats folder-empty
printf 'not an inventory\n' >folder-unreadable-formats/notes.txt
printf '\000\001\002' >folder-unreadable-formats/blob.bin

# Special files.
rm -f fifo.json loop.json dangling.json
mkfifo fifo.json
ln -s loop.json loop.json
ln -s missing-target.json dangling.json
printf '{"graph": {"nodes": [], "edges": []}}\n' >unreadable.json
chmod 000 unreadable.json

# ROADrecon databases, built from the SQL in tests/bad/roadrecon, and one
# cut after its first page: the header is right, the rest is missing.
mkdir -p roadrecon
for sql in "$TW_BAD/roadrecon"/*.sql; do
	db="roadrecon/$(basename "$sql" .sql).db"
	rm -f "$db"
	sqlite3 "$db" <"$sql"
done
head -c 4096 roadrecon/wrong-column-types.db >roadrecon/truncated.db

# Inputs of the other formats with one string one byte over the 4 MiB
# limit: the record that holds it is skipped.
python3 - <<'PYEOF'
import base64, json
big = "x" * ((4 << 20) + 1)
user = {"UserName": "ok", "Arn": "arn:aws:iam::123456789012:user/ok",
        "Path": "/"}
with open("aws-giant-document.json", "w") as f:
    json.dump({"UserDetailList": [user, {
        "UserName": "big", "Arn": "arn:aws:iam::123456789012:user/big",
        "UserPolicyList": [{"PolicyName": "p",
                            "PolicyDocument": big}]}]}, f)
head = ("user,arn,user_creation_time,password_enabled,mfa_active\n"
        "ok,arn:aws:iam::123456789012:user/ok,N/A,false,false\n")
with open("credreport-giant-field.csv", "w") as f:
    f.write(head + "big,arn:aws:iam::123456789012:user/big,N/A,false,"
            + big + "\n")
with open("k8s-giant-annotation.yaml", "w") as f:
    f.write("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ok, "
            "namespace: apps}\n---\napiVersion: v1\nkind: ServiceAccount\n"
            "metadata:\n  name: big\n  namespace: apps\n  annotations:\n"
            "    note: " + big + "\n")
# Ten thousand service accounts in one List: read record by record.
with open("k8s-many-objects.json", "w") as f:
    json.dump({"apiVersion": "v1", "kind": "List", "items": [
        {"apiVersion": "v1", "kind": "ServiceAccount",
         "metadata": {"name": "sa-%d" % i, "namespace": "apps"}}
        for i in range(10000)]}, f)
PYEOF
