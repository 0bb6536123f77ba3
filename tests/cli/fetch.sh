#!/bin/sh
# trustwalk fetch for each source against the fixture server of
# tests/fetch/server.py, on loopback with a test CA made by openssl for
# this run. Each fetch must give the case exactly what an import of the
# same export gives (tests/fixtures/{github/org,k8s,entra/tenant}), and
# an import of the saved folder the same again. Also: the token reaches
# only its origin and is written nowhere, saved files are private, what
# could not be read marks the snapshot partial and is listed by
# "trustwalk warnings", and secrets inside responses reach the case only
# as fingerprints.
. "$(dirname "$0")/../lib.sh"
. "$TW_ROOT/tests/fetch/lib.sh"

fetch_server_start
TOKEN="tw-fetch-token-$$-Qm7Zr2"
export TRUSTWALK_GITHUB_TOKEN="$TOKEN" TRUSTWALK_K8S_TOKEN="$TOKEN"
export TRUSTWALK_ENTRA_TOKEN="$TOKEN"
unset GITHUB_TOKEN TRUSTWALK_URL_TOKEN
res="$TMP/out"
mkdir -p "$res" "$TMP/tmpdir"
TENANT=3f0b2d1c-7a9e-4c6b-8d5f-1e2a3b4c5d6e

# fetch_export DB: nodes and edges of a case as sorted JSON lines, with
# fingerprints (keyed per case) taken out.
fetch_export() {
	$TW --db "$1" export --format jsonl | grep -v '"type":"meta"' |
	    sed -E 's/"fingerprint[^"]*":"[0-9a-f]{64}",?//g;
	    s/\[secret:([a-z_]+):[0-9a-f]{64}\]/[secret:\1]/g' | sort
}

# --- GitHub -------------------------------------------------------------

TMPDIR="$TMP/tmpdir" $TW -v --db "$TMP/gh.db" fetch github \
    --org fixture-org --api "$(fetch_url ok gh)" --cacert "$FETCH_CA" \
    >"$res/gh.out" 2>"$res/gh.err"
check_eq "github: fetch exits 0" 0 $?
check_match "github: imported as github-rest" \
    "github-rest, source github:fixture-org:rest: 39 nodes" \
    "$(cat "$res/gh.out")"
check_match "github: a 404 makes the import partial" "\(partial\)" \
    "$(cat "$res/gh.out")"
check_match "github: plain progress lines off a terminal" \
    "^fetch: orgs/fixture-org/repos: 3 items in 2 pages$" \
    "$(cat "$res/gh.err")"
check_match "github: the summary counts requests and items" \
    "^fetch github: [0-9]+ requests, [0-9]+ items" "$(cat "$res/gh.err")"
check_eq "github: the temporary folder is removed" "" \
    "$(ls "$TMP/tmpdir")"
check_match "github: pages follow the Link header" \
    '/s/ok/gh/orgs/fixture-org/repos\?per_page=100&page=2' \
    "$(cat "$FETCH_LOG")"
$TW --db "$TMP/gh-import.db" import --quiet "$TW_ROOT/tests/fixtures/github/org" \
    >/dev/null 2>&1
fetch_export "$TMP/gh.db" >"$res/gh.jsonl"
fetch_export "$TMP/gh-import.db" >"$res/gh-import.jsonl"
check "github: the case equals an import of the export" \
    diff "$res/gh-import.jsonl" "$res/gh.jsonl"
check "github: the export has nodes and edges" \
    test "$(grep -c '"type":"edge"' "$res/gh.jsonl")" -ge 70
check_match "github: the snapshot names the fetch as its input" \
    "fetch github fixture-org" "$($TW --db "$TMP/gh.db" snapshots)"
warn=$($TW --db "$TMP/gh.db" warnings --format csv)
check_match "github: warnings lists the endpoint that failed" \
    'repos/fixture-org/web/keys,"?the fetch could not read it: HTTP 404' \
    "$warn"
# The other warning: a variable whose value looks like a credential.
check_eq "github: two warnings" 3 "$(printf '%s\n' "$warn" | wc -l)"
check_match "github: the variable's value is not kept" \
    'variables\[1\]"?,"?field value: .*only its fingerprint is kept' "$warn"
json=$($TW --db "$TMP/gh.db" warnings --format json)
check_match "github: warnings as JSON" \
    '\{"snapshot":1,"source":"github:fixture-org:rest","path":"repos/fixture-org/web/keys"' \
    "$json"

# --save-dir keeps the raw pages, privately, in the importer's layout.
save="$TMP/gh-save"
$TW --db "$TMP/gh2.db" fetch github --quiet --org fixture-org \
    --api "$(fetch_url ok gh)" --cacert "$FETCH_CA" --save-dir "$save" \
    >/dev/null 2>"$res/gh2.err"
check_eq "save-dir: fetch exits 0" 0 $?
check_eq "save-dir: the folder is mode 0700" 700 "$(stat -c %a "$save")"
check_eq "save-dir: every file is mode 0600" "" \
    "$(find "$save" -type f ! -perm 600)"
check_eq "save-dir: every folder is mode 0700" "" \
    "$(find "$save" -type d ! -perm 700)"
check "save-dir: the layout of gh api --paginate" test -s "$save/org.json" \
    -a -s "$save/repos/api/environments/production/secrets.json" \
    -a -s "$save/teams/platform/maintainers.json" \
    -a -s "$save/actions-secrets/SIGNING_KEY/repositories.json"
check_eq "save-dir: pages one after another" 2 \
    "$(grep -c '^\[' "$save/repos.json")"
check_match "save-dir: the manifest records the 404" \
    '"endpoint":"repos/fixture-org/web/keys","file":"repos/web/keys.json","status":404' \
    "$(cat "$save/.trustwalk-fetch.json")"
check_match "save-dir: the folder is named on stderr" \
    "the raw responses are in $save" "$(cat "$res/gh2.err")"
$TW --db "$TMP/gh3.db" import "$save" >"$res/gh3.out" 2>&1
check_eq "save-dir: the folder imports offline" 0 $?
check_match "save-dir: the offline import is partial too" \
    "39 nodes, 75 edges, 0 placeholders, 2 warnings.*\(partial\)" \
    "$(cat "$res/gh3.out")"
check "save-dir: the offline import equals the fetch" \
    diff "$res/gh.jsonl" "$(fetch_export "$TMP/gh3.db" >"$res/gh3.jsonl";
    echo "$res/gh3.jsonl")"
sha2=$($TW --db "$TMP/gh2.db" snapshots --format csv | sed -n 2p |
    cut -d, -f6)
sha3=$($TW --db "$TMP/gh3.db" snapshots --format csv | sed -n 2p |
    cut -d, -f6)
check_eq "save-dir: the same input digest" "$sha2" "$sha3"
check_eq "save-dir: the same warnings" \
    "$($TW --db "$TMP/gh2.db" warnings --format csv)" \
    "$($TW --db "$TMP/gh3.db" warnings --format csv)"
$TW --db "$TMP/gh4.db" fetch github --quiet --org fixture-org \
    --api "$(fetch_url ok gh)" --cacert "$FETCH_CA" --save-dir "$save" \
    >/dev/null 2>"$res/gh4.err"
check_eq "save-dir: a folder that is not empty is refused" 1 $?
check_match "save-dir: and says why" "the folder is not empty" \
    "$(cat "$res/gh4.err")"
mkdir -m 755 "$TMP/open-dir"
$TW --db "$TMP/gh4.db" fetch github --quiet --org fixture-org \
    --api "$(fetch_url ok gh)" --cacert "$FETCH_CA" \
    --save-dir "$TMP/open-dir" >/dev/null 2>"$res/gh5.err"
check_eq "save-dir: a folder others can open is refused" 1 $?

# --- the token ----------------------------------------------------------

auth=$(sed -n 's/.*"auth": "\([^"]*\)".*/\1/p' "$FETCH_LOG" | sort -u)
check_eq "token: sent as a bearer token" "Bearer $TOKEN" "$auth"
check_eq "token: only to the main listener" "" \
    "$(grep "\"auth\": \"Bearer" "$FETCH_LOG" | grep -v '"listener": "main"')"
check_eq "token: only to 127.0.0.1" "" \
    "$(grep "\"auth\": \"Bearer" "$FETCH_LOG" |
    grep -v "\"host\": \"127.0.0.1:$FETCH_MAIN\"")"
hits=$(grep -rlaF -- "$TOKEN" "$res" "$TMP"/*.db* "$save" \
    "$XDG_STATE_HOME" 2>/dev/null)
check_eq "token: in no output, case, log or saved file" "" "$hits"
check_match "token: the debug log has the requests" "GET https://127.0.0.1" \
    "$(cat "$XDG_STATE_HOME/trustwalk/trustwalk.log")"
env -u TRUSTWALK_GITHUB_TOKEN $TW --db "$TMP/t.db" fetch github \
    --org fixture-org --api "$(fetch_url ok gh)" --cacert "$FETCH_CA" \
    >/dev/null 2>"$res/notoken.err"
check_eq "token: none is a usage error" 1 $?
check_match "token: and names where to put it" \
    "set TRUSTWALK_GITHUB_TOKEN or GITHUB_TOKEN, or give --token-file" \
    "$(cat "$res/notoken.err")"
env -u TRUSTWALK_GITHUB_TOKEN GITHUB_TOKEN="$TOKEN" $TW --db "$TMP/t.db" \
    fetch github --quiet --org fixture-org --api "$(fetch_url ok gh)" \
    --cacert "$FETCH_CA" >/dev/null 2>&1
check_eq "token: GITHUB_TOKEN is read" 0 $?
printf '%s\n' "$TOKEN" >"$TMP/token"
chmod 644 "$TMP/token"
env -u TRUSTWALK_GITHUB_TOKEN $TW --db "$TMP/t.db" fetch github \
    --org fixture-org --api "$(fetch_url ok gh)" --cacert "$FETCH_CA" \
    --token-file "$TMP/token" >/dev/null 2>"$res/tokfile.err"
check_eq "token: a token file others can read is refused" 1 $?
check_match "token: with the fix" "chmod 600" "$(cat "$res/tokfile.err")"
chmod 600 "$TMP/token"
env -u TRUSTWALK_GITHUB_TOKEN $TW --db "$TMP/t2.db" fetch github --quiet \
    --org fixture-org --api "$(fetch_url ok gh)" --cacert "$FETCH_CA" \
    --token-file "$TMP/token" >/dev/null 2>&1
check_eq "token: a private token file is read" 0 $?
TRUSTWALK_GITHUB_TOKEN="two words" $TW --db "$TMP/t.db" fetch github \
    --org fixture-org --api "$(fetch_url ok gh)" --cacert "$FETCH_CA" \
    >/dev/null 2>"$res/badtok.err"
check_eq "token: a space in the token is refused" 1 $?
check_nomatch "token: and not shown" "two words" "$(cat "$res/badtok.err")"
# getopt_long() takes "--token" for --token-file; the value must not be
# read as a file name and shown.
before=$(wc -l <"$FETCH_LOG")
for opt in "--token $TOKEN" "--token=$TOKEN" "--tok $TOKEN"; do
	# shellcheck disable=SC2086
	env -u TRUSTWALK_GITHUB_TOKEN $TW --db "$TMP/t.db" fetch github \
	    --org fixture-org --api "$(fetch_url ok gh)" \
	    --cacert "$FETCH_CA" $opt >/dev/null 2>"$res/argv.err"
	check_eq "token: ${opt%%[ =]*} on the command line is refused" "1" "$?"
	check_match "token: ${opt%%[ =]*}: says where tokens come from" \
	    "tokens are not read from the command line" \
	    "$(cat "$res/argv.err")"
	check_nomatch "token: ${opt%%[ =]*}: the value is not shown" \
	    "$TOKEN" "$(cat "$res/argv.err")"
done
check_eq "token: the refused options sent no request" "$before" \
    "$(wc -l <"$FETCH_LOG")"

# --- proxies ------------------------------------------------------------

https_proxy="http://127.0.0.1:$FETCH_PROXY" \
    HTTPS_PROXY="http://127.0.0.1:$FETCH_PROXY" \
    all_proxy="http://127.0.0.1:$FETCH_PROXY" $TW --db "$TMP/px.db" \
    fetch github --quiet --org fixture-org --api "$(fetch_url ok gh)" \
    --cacert "$FETCH_CA" >/dev/null 2>&1
check_eq "proxy: the environment's proxies are ignored" "0 0" \
    "$? $(fetch_requests proxy)"
$TW --db "$TMP/px2.db" fetch github --quiet --org fixture-org \
    --api "$(fetch_url ok gh)" --cacert "$FETCH_CA" \
    --proxy "http://127.0.0.1:$FETCH_PROXY" >"$res/px2.out" 2>&1
check_eq "proxy: --proxy tunnels through it" 0 $?
check_match "proxy: with CONNECT to the API's origin" \
    "\"listener\": \"proxy\", \"host\": null, \"path\": \"CONNECT 127.0.0.1:$FETCH_MAIN\", \"encoding\": null, \"auth\": null" \
    "$(cat "$FETCH_LOG")"
check "proxy: the same case" diff "$res/gh.jsonl" \
    "$(fetch_export "$TMP/px2.db" >"$res/px2.jsonl"; echo "$res/px2.jsonl")"

# --- Kubernetes ---------------------------------------------------------

$TW -v --db "$TMP/k8s.db" fetch k8s --cluster prod \
    --server "$(fetch_url ok k8s)" --cacert "$FETCH_CA" >"$res/k8s.out" \
    2>"$res/k8s.err"
check_eq "k8s: fetch exits 0" 0 $?
log="$XDG_STATE_HOME/trustwalk/trustwalk.log"
check_match "k8s: the debug log shows continue tokens redacted" \
    'GET https://127\.0\.0\.1:[0-9]+/s/ok/k8s/api/v1/secrets\?limit=500&continue=\.\.\.' \
    "$(cat "$log")"
check_nomatch "k8s: and never their values" 'continue=off-' "$(cat "$log")"
check_match "k8s: one snapshot of the cluster" \
    "prod.json: k8s, source k8s:prod: 76 nodes, 112 edges, 9 placeholders, 0 warnings" \
    "$(cat "$res/k8s.out")"
check_match "k8s: lists follow continue tokens" \
    '/s/ok/k8s/api/v1/secrets\?limit=500&continue=off-2' "$(cat "$FETCH_LOG")"
$TW --db "$TMP/k8s-import.db" import --quiet --cluster prod \
    "$TW_ROOT/tests/fixtures/k8s/cluster-dump.json" >/dev/null 2>&1
# The dump also contains a ConfigMap and a Service, which fetch does not ask
# for; they only show in the cluster node's counts of skipped kinds.
fetch_export "$TMP/k8s.db" | grep -v '"key":"k8s:prod::cluster:prod"' \
    >"$res/k8s.jsonl"
fetch_export "$TMP/k8s-import.db" | grep -v '"key":"k8s:prod::cluster:prod"' \
    >"$res/k8s-import.jsonl"
check "k8s: the case equals an import of the dump" \
    diff "$res/k8s-import.jsonl" "$res/k8s.jsonl"

$TW --db "$TMP/k8s-gone.db" fetch k8s --cluster prod \
    --server "$(fetch_url gone k8s)" --cacert "$FETCH_CA" \
    >"$res/gone.out" 2>"$res/gone.err"
check_eq "k8s 410: fetch exits 0" 0 $?
check_match "k8s 410: the list starts again" \
    "api/v1/secrets: the continue token expired \(HTTP 410\); reading the list again" \
    "$(cat "$res/gone.err")"
fetch_export "$TMP/k8s-gone.db" | grep -v '"key":"k8s:prod::cluster:prod"' \
    >"$res/gone.jsonl"
check "k8s 410: no object twice, none lost" diff "$res/k8s.jsonl" \
    "$res/gone.jsonl"
check_nomatch "k8s 410: not partial" "partial" "$(cat "$res/gone.out")"

$TW --db "$TMP/k8s-goneall.db" fetch k8s --cluster prod \
    --server "$(fetch_url goneall k8s)" --cacert "$FETCH_CA" \
    >"$res/goneall.out" 2>"$res/goneall.err"
check_eq "k8s 410 each time: fetch goes on and exits 0" 0 $?
check_eq "k8s 410 each time: the list is read again 3 times" 3 \
    "$(grep -c 'api/v1/secrets: the continue token expired' \
    "$res/goneall.err")"
check_eq "k8s 410 each time: 4 first pages and 4 second ones" 8 \
    "$(grep -c '/s/goneall/k8s/api/v1/secrets?' "$FETCH_LOG")"
check_match "k8s 410 each time: then recorded as missing" \
    'api/v1/secrets,"?the fetch could not read it: only 1 page read, then HTTP 410' \
    "$($TW --db "$TMP/k8s-goneall.db" warnings --format csv)"
check_match "k8s 410 each time: the import is partial" "\(partial\)" \
    "$(cat "$res/goneall.out")"

$TW --db "$TMP/k8s-denied.db" fetch k8s --cluster prod \
    --server "$(fetch_url denied k8s)" --cacert "$FETCH_CA" \
    >"$res/denied.out" 2>"$res/denied.err"
check_eq "k8s 403: fetch goes on and exits 0" 0 $?
check_match "k8s 403: the import is partial" "1 warnings.*\(partial\)" \
    "$(cat "$res/denied.out")"
check_match "k8s 403: the warning names the list and the reason" \
    'api/v1/secrets,"?the fetch could not read it: HTTP 403: secrets is forbidden' \
    "$($TW --db "$TMP/k8s-denied.db" warnings --format csv)"

# --- Microsoft Graph ----------------------------------------------------

$TW --db "$TMP/entra.db" fetch entra --tenant "$TENANT" \
    --api "$(fetch_url ok graph)" --cacert "$FETCH_CA" \
    >"$res/entra.out" 2>"$res/entra.err"
check_eq "entra: fetch exits 0" 0 $?
# The one warning is the client secret's value, replaced by its
# fingerprint.
check_match "entra: one snapshot of the tenant" \
    "entra-graph, source entra:$TENANT: 27 nodes, 32 edges, 0 placeholders, 1 warnings" \
    "$(cat "$res/entra.out")"
check_match "entra: lists follow @odata.nextLink" \
    '/s/ok/graph/v1.0/users\?.*skiptoken=2' "$(cat "$FETCH_LOG")"
$TW --db "$TMP/entra-import.db" import --quiet \
    "$TW_ROOT/tests/fixtures/entra/tenant" >/dev/null 2>&1
fetch_export "$TMP/entra.db" >"$res/entra.jsonl"
fetch_export "$TMP/entra-import.db" >"$res/entra-import.jsonl"
check "entra: the case equals an import of the export" \
    diff "$res/entra-import.jsonl" "$res/entra.jsonl"
$TW --db "$TMP/e2.db" fetch entra --tenant contoso.example \
    --api "$(fetch_url ok graph)" --cacert "$FETCH_CA" >/dev/null \
    2>"$res/tenant.err"
check_eq "entra: a token for another tenant is refused" 1 $?
check_match "entra: and says which" "the token is for tenant $TENANT" \
    "$(cat "$res/tenant.err")"
check_eq "entra: nothing is imported then" "" \
    "$($TW --db "$TMP/e2.db" snapshots --format csv | sed 1d)"
$TW --db "$TMP/e3.db" fetch entra --tenant "$TENANT" \
    --api "$(fetch_url nosignin graph)" --cacert "$FETCH_CA" \
    >"$res/nosignin.out" 2>"$res/nosignin.err"
check_eq "entra 403 on sign-in activity: exits 0" 0 $?
check_match "entra 403 on sign-in activity: users read without it" \
    '/s/nosignin/graph/v1.0/users\?\$select=id,[^"]*&\$top=999"' \
    "$(grep -v signInActivity "$FETCH_LOG")"
check_match "entra 403 on sign-in activity: recorded" \
    "signInActivity,\"?the fetch could not read it: the users' sign-in activity was refused" \
    "$($TW --db "$TMP/e3.db" warnings --format csv)"
check_match "entra 403 on sign-in activity: the same nodes" "27 nodes" \
    "$(cat "$res/nosignin.out")"
$TW --db "$TMP/e4.db" fetch entra --tenant "$TENANT" \
    --api "$(fetch_url throttle graph)" --cacert "$FETCH_CA" \
    >"$res/throttle.out" 2>"$res/throttle.err"
check_eq "entra 429: exits 0" 0 $?
check_match "entra 429: waits as Retry-After says" \
    "v1.0/groups: rate limited \(HTTP 429\); retry 1 in 1 s" \
    "$(cat "$res/throttle.err")"
check "entra 429: the same case as without" diff "$res/entra.jsonl" \
    "$(fetch_export "$TMP/e4.db" >"$res/e4.jsonl"; echo "$res/e4.jsonl")"

# --- AWS CLI outputs ----------------------------------------------------

aws="$TMP/aws"
mkdir -p "$aws"
# The authorization details in two pages, as --max-items writes them.
python3 - "$TW_ROOT/tests/fixtures/aws/authz-basic.json" "$aws" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
one = {"UserDetailList": doc["UserDetailList"],
       "GroupDetailList": doc["GroupDetailList"][:1],
       "RoleDetailList": [], "Policies": doc["Policies"][:2],
       "IsTruncated": True, "Marker": "page-2"}
two = {"UserDetailList": doc["UserDetailList"][:1],
       "GroupDetailList": doc["GroupDetailList"][1:],
       "RoleDetailList": doc["RoleDetailList"],
       "Policies": doc["Policies"][2:], "IsTruncated": False}
json.dump(one, open(sys.argv[2] + "/authz-1.json", "w"), indent=1)
json.dump(two, open(sys.argv[2] + "/authz-2.json", "w"), indent=1)
EOF
cp "$TW_ROOT/tests/fixtures/aws/credreport-base64.json" "$aws/report.json"
printf '\nAn error occurred (AccessDenied) when calling the GetAccountSummary operation: User: arn:aws:iam::111122223333:user/audit is not authorized\n' \
    >"$aws/summary.err"
printf 'notes of the audit\n' >"$aws/README.txt"
$TW --db "$TMP/aws.db" fetch aws-files "$aws" >"$res/aws.out" \
    2>"$res/aws.err"
check_eq "aws-files: fetch exits 0" 0 $?
check_match "aws-files: the pages are one snapshot" \
    "authz.json: aws-authz, source aws:123456789012: 60 nodes" \
    "$(cat "$res/aws.out")"
check_match "aws-files: the credential report is another" \
    "credential-report.json: aws-credential-report" "$(cat "$res/aws.out")"
check_match "aws-files: a repeated record is kept once" \
    "1 records that several files hold were kept once" \
    "$(cat "$res/aws.err")"
check_match "aws-files: other files are noted" \
    "README.txt: skipped, not an AWS CLI output" "$(cat "$res/aws.err")"
check_match "aws-files: a CLI error is recorded as missing" \
    "iam:GetAccountSummary,\"?the fetch could not read it: An error occurred \\(AccessDenied\\)" \
    "$($TW --db "$TMP/aws.db" warnings --format csv)"
$TW --db "$TMP/aws-import.db" import --quiet \
    "$TW_ROOT/tests/fixtures/aws/authz-basic.json" \
    "$TW_ROOT/tests/fixtures/aws/credreport-base64.json" >/dev/null 2>&1
check "aws-files: the case equals an import of one whole output" \
    diff "$(fetch_export "$TMP/aws-import.db" >"$res/aws-i.jsonl";
    echo "$res/aws-i.jsonl")" "$(fetch_export "$TMP/aws.db" \
    >"$res/aws.jsonl"; echo "$res/aws.jsonl")"
mkdir "$TMP/aws-empty"
printf 'nothing\n' >"$TMP/aws-empty/a.txt"
$TW --db "$TMP/aws2.db" fetch aws-files "$TMP/aws-empty" >/dev/null \
    2>"$res/aws2.err"
check_eq "aws-files: a folder without outputs is bad input" 2 $?
check_match "aws-files: and says what it lacks" \
    "holds no output of aws iam get-account-authorization-details" \
    "$(cat "$res/aws2.err")"

# --- one URL ------------------------------------------------------------

$TW --db "$TMP/url.db" fetch url --format opengraph --cacert "$FETCH_CA" \
    "https://127.0.0.1:$FETCH_MAIN/s/ok/raw/opengraph/basic.json" \
    >"$res/url.out" 2>"$res/url.err"
check_eq "url: fetch exits 0" 0 $?
check_match "url: imported as the format given" "basic.json: opengraph" \
    "$(cat "$res/url.out")"
$TW --db "$TMP/url-import.db" import --quiet \
    "$TW_ROOT/tests/fixtures/opengraph/basic.json" >/dev/null 2>&1
check "url: the case equals an import of the file" \
    diff "$(fetch_export "$TMP/url-import.db" >"$res/url-i.jsonl";
    echo "$res/url-i.jsonl")" "$(fetch_export "$TMP/url.db" \
    >"$res/url.jsonl"; echo "$res/url.jsonl")"
check_eq "url: no token is sent when none is given" "" \
    "$(grep '/raw/opengraph' "$FETCH_LOG" | grep -v '"auth": null')"
$TW --db "$TMP/url2.db" fetch url --format github-rest --cacert "$FETCH_CA" \
    "https://127.0.0.1:$FETCH_MAIN/s/ok/raw/x.json" >/dev/null \
    2>"$res/url2.err"
check_eq "url: a folder format is a usage error" 1 $?

# --- secrets inside responses -------------------------------------------

canary_gh=$(sed -n 's/^CANARY_GITHUB = "\(.*\)" + "\(.*\)"$/\1\2/p' \
    "$TW_ROOT/tests/fetch/server.py")
canary_k8s=$(sed -n 's/^CANARY_K8S = "\(.*\)"$/\1/p' \
    "$TW_ROOT/tests/fetch/server.py")
canary_k8s64=$(printf '%s' "$canary_k8s" | base64)
sdb="$TMP/secrets.db"
$TW --db "$sdb" import --quiet "$TW_ROOT/tests/fixtures/opengraph/basic.json" \
    >/dev/null 2>&1
# The interface keeps the case open, so the -wal file keeps the pages
# the fetches write.
tui_start 80 24 --db "$sdb"
tui_wait "Enter walk" || not_ok "secrets: the interface holds the case"
$TW --db "$sdb" fetch github --org fixture-org --api "$(fetch_url secrets gh)" \
    --cacert "$FETCH_CA" --save-dir "$TMP/sec-gh" >"$res/sec1.out" 2>&1
check_eq "secrets: github fetch exits 0" 0 $?
$TW --db "$sdb" fetch k8s --cluster prod --server "$(fetch_url secrets k8s)" \
    --cacert "$FETCH_CA" --save-dir "$TMP/sec-k8s" >"$res/sec2.out" 2>&1
check_eq "secrets: k8s fetch exits 0" 0 $?
check "secrets: the -wal file holds the imports" test -s "$sdb-wal"
check "secrets: the saved pages are raw (documented)" grep -qF \
    "$canary_gh" "$TMP/sec-gh/repos.json"
check_eq "secrets: the saved pages are private" "" \
    "$(find "$TMP/sec-gh" "$TMP/sec-k8s" -type f ! -perm 600)"
cp "$sdb" "$sdb-wal" "$res/" 2>/dev/null
tui_keys q
tui_stop
hits=""
for c in "$canary_gh" "$canary_k8s" "$canary_k8s64"; do
	for f in "$res"/* "$sdb"*; do
		grep -aqF -- "$c" "$f" 2>/dev/null && hits="$hits ${f##*/}"
	done
done
check_eq "secrets: in neither the case, the -wal nor any output" "" "$hits"
check_match "secrets: a variable holding a token keeps a fingerprint" \
    '"fingerprint":"[0-9a-f]{64}".*"value_looks_like_secret":true' \
    "$($TW --db "$sdb" show --format json \
    github:GH_Variable_R_kgDOApIrep_TOKEN_COPY)"
check_match "secrets: the Secret keeps a fingerprint of its value" \
    '"fingerprint:password":"[0-9a-f]{64}"' \
    "$($TW --db "$sdb" show --format json k8s:prod:default:secret:planted)"

done_testing
