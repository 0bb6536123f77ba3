#!/bin/sh
# The Kubernetes importer through the real binary: summaries and notes,
# bindings named on edges in show, Secret values kept out of the case
# file (including its WAL while another connection keeps the case open),
# and the rejections: unrendered Helm templates, alias bombs, --strict
# and a bad --cluster.
. "$(dirname "$0")/../lib.sh"

fx="$TW_ROOT/tests/fixtures/k8s"
db="$TMP/case.db"
sa=k8s:cluster-dump:payments:sa:api

# The token of payments/api-token, as the pod reads it and as the file
# has it (base64); the same for a password and a stringData key.
token="eyJhbGciOiJSUzI1NiIsImtpZCI6ImZpeHR1cmUifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBpIn0.Zml4dHVyZS1zaWduYXR1cmUtdGhhdC1tdXN0LW5ldmVyLWxlYWs"
token64=$(printf '%s' "$token" | base64 -w0)
password="correct-horse-battery-staple"
password64=$(printf '%s' "$password" | base64 -w0)
sshkey="fixture-ssh-private-key-that-must-not-leak"

out=$($TW --db "$db" import "$fx/cluster-dump.json" 2>"$TMP/err")
check_eq "import exits 0" 0 $?
check_match "import prints counts" \
    "source k8s:cluster-dump: 76 nodes, 112 edges, 9 placeholders, 0 warnings" \
    "$out"
check_match "skipped kinds are counted" "skipped 2 objects of kinds that \
trustwalk does not map: ConfigMap 1, Service 1" "$(cat "$TMP/err")"
check_match "bindings without subjects are counted" \
    "2 bindings name no subjects and grant nothing" "$(cat "$TMP/err")"

out=$($TW formats)
check_match "formats lists k8s" "^k8s +Kubernetes" "$out"

out=$($TW --db "$db" show "$sa")
check_match "show names the binding under has_role" \
    "binding payments/api-reads-secrets; namespace payments" "$out"
check_match "show lists the scoped ClusterRole" \
    "RoleBinding -> view in payments \(role\)" "$out"
check_match "show lists the cloud role" \
    "can_assume \(1\)" "$out"
out=$($TW --db "$db" show --format json "$sa")
n=$(printf '%s' "$out" | python3 -c 'import json,sys
d = json.load(sys.stdin)
e = [x for x in d["out"] if x["key"].endswith(":role:secret-reader")][0]
print(e["kind"], e["source_kind"], e["attributes"]["binding"])')
check_eq "show json carries edge attributes" \
    "has_role RoleBinding payments/api-reads-secrets" "$n"
out=$($TW --db "$db" show k8s:cluster-dump:payments:pod:batch-run-1)
check_match "show marks a pod without its token" \
    "ServiceAccount -> payments/batch .*\[not traversable\]" "$out"
check_match "show says why" "token not mounted; automount_from service \
account" "$out"

# The walk pod -> service account -> role -> privilege -> namespace,
# one show per step.
k=k8s:cluster-dump
out=$($TW --db "$db" show "$k:payments:pod:api-7c9d8-x2x4q")
check_match "show walk: pod runs as its account" \
    "ServiceAccount -> payments/api \(service_account\)  $sa" "$out"
out=$($TW --db "$db" show "$sa" | grep -A1 'RoleBinding -> payments/secret')
check_match "show walk: account has the role through the binding" \
    "binding payments/api-reads-secrets" "$out"
out=$($TW --db "$db" show "$k:payments:role:secret-reader")
check_match "show walk: role grants the privilege" \
    "PolicyRule -> get,list secrets \(privilege\)" "$out"
out=$($TW --db "$db" show "$k:payments:privilege:get,list||secrets|")
check_match "show walk: privilege applies to the namespace" \
    "Namespace -> payments \(system\)  $k::namespace:payments" "$out"

# count_in FILE TEXT: how many times TEXT occurs in a binary file.
count_in() {
	if [ -f "$1" ]; then
		grep -c -a -F -- "$2" "$1"
	else
		echo 0
	fi
}

# no_secret NAME: check that no Secret value is in the case's files.
no_secret() {
	leaks=""
	for f in "$db" "$db-wal" "$db-shm"; do
		for v in "$token" "$token64" "$password" "$password64" \
		    "$sshkey"; do
			c=$(count_in "$f" "$v")
			[ "$c" -ne 0 ] && leaks="$leaks ${f##*/}:${v%"${v#??????????}"}"
		done
	done
	check_eq "$1" "" "$leaks"
}

no_secret "no secret value in the case after import"

# A second connection keeps a read transaction open, so the next import stays
# in the WAL and the WAL is not removed when trustwalk closes the case.
python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1])
c.execute("BEGIN")
c.execute("SELECT count(*) FROM node").fetchall()
print("holding", flush=True)
time.sleep(60)' "$db" >"$TMP/holder.out" 2>&1 &
holder=$!
i=0
while ! grep -q holding "$TMP/holder.out" 2>/dev/null &&
    [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
check "a second connection keeps the case open" grep -q holding \
    "$TMP/holder.out"
$TW --db "$db" import --quiet "$fx/cluster-dump.yaml" \
    "$fx/manifests.yaml" >/dev/null 2>&1
check_eq "import while the case is open exits 0" 0 $?
check "the WAL holds the import" test -s "$db-wal"
check_match "the WAL holds the token's fingerprint node" "^[1-9]" \
    "$(count_in "$db-wal" "payments:secret:api-token")"
no_secret "no secret value in the case, WAL or shm before close"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
$TW --db "$db" ls >/dev/null
no_secret "no secret value in the case after close"

# With -v the debug log contains no value either.
$TW -v --db "$TMP/v.db" import --quiet "$fx/cluster-dump.json" >/dev/null 2>&1
log="$XDG_STATE_HOME/trustwalk/trustwalk.log"
check "the debug log is written" test -s "$log"
check_eq "no secret value in the debug log" "0 0" \
    "$(count_in "$log" "$token") $(count_in "$log" "$token64")"

# Bad input.
sum=$(sqlite3 "$db" "SELECT count(*) FROM snapshot; SELECT count(*) FROM node")
$TW --db "$db" import "$fx/helm-template.yaml" >/dev/null 2>"$TMP/err"
check_eq "unrendered Helm template exits 2" 2 $?
check_match "Helm template message says what to run" \
    "helm-template.yaml: line 4, column 10: .*run \"helm template RELEASE CHART\"" \
    "$(cat "$TMP/err")"
$TW --db "$db" import "$fx/alias-bomb.yaml" >/dev/null 2>"$TMP/err"
check_eq "alias bomb exits 2" 2 $?
check_match "alias bomb message names the limit" \
    "expand to more than 100000 nodes" "$(cat "$TMP/err")"
$TW --db "$db" import --cluster "bad name" "$fx/manifests.yaml" \
    >/dev/null 2>"$TMP/err"
check_eq "invalid --cluster exits 2" 2 $?
check_match "invalid --cluster says what is allowed" \
    "letters, digits" "$(cat "$TMP/err")"
$TW --db "$db" import --strict "$fx/malformed.yaml" >/dev/null 2>&1
check_eq "--strict rejects malformed records" 2 $?
check_eq "rejected imports leave the case unchanged" "$sum" \
    "$(sqlite3 "$db" "SELECT count(*) FROM snapshot; SELECT count(*) FROM node")"

out=$($TW --db "$db" import "$fx/malformed.yaml" 2>&1)
check_match "malformed records are marked partial" \
    "13 warnings, .*\(partial\)" "$out"
check_match "warnings name the document and object" \
    "malformed.yaml: document 9 \(line 60\): RoleBinding apps/no-ref: roleRef has no kind or name; skipped" \
    "$out"
check_nomatch "a base64 error never shows the value" "not base64 at all" \
    "$out"

out=$($TW --db "$db" import --cluster prod "$fx/manifests.yaml" 2>&1)
check_match "--cluster names the source" "source k8s:prod:" "$out"
out=$($TW --db "$db" ls --format csv | grep -c '^"\{0,1\}k8s:prod:ci:')
check_eq "--cluster names the keys" 7 "$out"

# A folder: Kubernetes and OpenGraph files are sniffed, a kubeconfig
# (apiVersion and kind, but no mapped kind) is skipped with a note.
mkdir "$TMP/mixed"
cp "$fx/manifests.yaml" "$TW_ROOT/tests/fixtures/opengraph/basic.json" \
    "$TMP/mixed/"
printf 'apiVersion: v1\nkind: Config\nusers: []\n' >"$TMP/mixed/kubeconfig"
out=$($TW --db "$TMP/mixed.db" import "$TMP/mixed" 2>&1)
check_match "folder imports the manifests" "manifests.yaml: k8s" "$out"
check_match "folder imports the OpenGraph file" "basic.json: opengraph" \
    "$out"
check_match "folder skips the kubeconfig" \
    "kubeconfig: skipped, not a format" "$out"

done_testing
