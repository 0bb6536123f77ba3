#!/bin/sh
# trustwalk fetch against a hostile server (tests/fetch/server.py, one
# scenario per case): next-page links and redirects that leave the
# origin or loop, rate limits with sound, absurd and malformed waits,
# errors that last until the backoff gives up, a TLS handshake that never
# ends, a body that trickles, bodies over the size limit (chunked,
# compressed, declared), an HTML login page with status 200, rejected
# credentials, certificates that must not be trusted, and signals. The
# token must never reach
# another origin, and what could not be read must mark the import
# partial without stopping it.
. "$(dirname "$0")/../lib.sh"
. "$TW_ROOT/tests/fetch/lib.sh"

fetch_server_start
TOKEN="tw-hostile-token-$$-Lp4Xw9"
export TRUSTWALK_GITHUB_TOKEN="$TOKEN"
res="$TMP/out"
mkdir -p "$res" "$TMP/tmpdir"

# gh SCENARIO [OPTIONS...]: fetch the fixture organisation in a scenario
# into a case of its own; output in $res/SCENARIO.out and .err.
gh() {
	sc=$1
	shift
	TMPDIR="$TMP/tmpdir" $TW --db "$TMP/$sc.db" fetch github \
	    --org fixture-org --api "$(fetch_url "$sc" gh)" \
	    --cacert "$FETCH_CA" --max-wait 5 --retries 2 "$@" \
	    >"$res/$sc.out" 2>"$res/$sc.err"
}

# requests PATTERN: how many requests the server logged whose line
# matches PATTERN.
requests() {
	grep -c -- "$1" "$FETCH_LOG"
}

# --- links and redirects that leave the origin --------------------------

for case in \
    "nexthost:another host" \
    "nextport:another port" \
    "nexthttp:plain http" \
    "nextuser:a user name or password in the URL" \
    "nextftp:not an https URL"; do
	sc=${case%%:*}
	why=${case#*:}
	gh "$sc"
	check_eq "$sc: the run goes on" 0 $?
	check_match "$sc: the next link is refused" \
	    "orgs/fixture-org/repos: only 1 page read, then the next page link .* was refused: $why" \
	    "$(cat "$res/$sc.err")"
	check_match "$sc: the import is partial" "\(partial\)" \
	    "$(cat "$res/$sc.out")"
	check_match "$sc: the first page is kept" \
	    "github-rest, source github:fixture-org:rest: 35 nodes" \
	    "$(cat "$res/$sc.out")"
done
gh nextself
check_match "nextself: a link back to a read page stops the list" \
    "orgs/fixture-org/repos: only 2 pages read, then the next page link repeats an earlier page" \
    "$(cat "$res/nextself.err")"
check_eq "nextself: the page is read once more, not forever" 2 \
    "$(requests '/s/nextself/gh/orgs/fixture-org/repos?')"

for case in \
    "redirfile:\"file:///etc/passwd\" was refused: not an https URL" \
    "redirport:was refused: another port" \
    "redirhost:\"https://localhost:[0-9]+/[^\"]*\" was refused: another host" \
    "redirhttp:was refused: plain http" \
    "redirloop:more than 5 redirects"; do
	sc=${case%%:*}
	why=${case#*:}
	gh "$sc"
	check_eq "$sc: the run goes on" 0 $?
	check_match "$sc: the redirect is refused" \
	    "warning: orgs/fixture-org/repos: .*$why" "$(cat "$res/$sc.err")"
	check_match "$sc: the list is recorded as missing" \
	    'orgs/fixture-org/repos,"?the fetch could not read it' \
	    "$($TW --db "$TMP/$sc.db" warnings --format csv)"
done
check_eq "redirloop: 1 request and 5 redirects, no more" 6 \
    "$(requests '/s/redirloop/gh/orgs/fixture-org/repos?')"
gh redirok
check_eq "redirok: a redirect within the origin is followed" 0 $?
check_match "redirok: and the list is read" "39 nodes, 75 edges" \
    "$(cat "$res/redirok.out")"

TRUSTWALK_ENTRA_TOKEN="$TOKEN" $TW --db "$TMP/enext.db" fetch entra \
    --tenant 3f0b2d1c-7a9e-4c6b-8d5f-1e2a3b4c5d6e \
    --api "$(fetch_url nexthost graph)" --cacert "$FETCH_CA" \
    >"$res/enext.out" 2>"$res/enext.err"
check_eq "graph next link to another host: the run goes on" 0 $?
check_match "graph next link to another host: refused" \
    'v1.0/users: only 1 page read, then the next page link .* was refused: another host' \
    "$(cat "$res/enext.err")"
check_match "graph next link to another host: the import is partial" \
    "\(partial\)" "$(cat "$res/enext.out")"

check_eq "origin: nothing reached the alt listener" 0 "$(fetch_requests alt)"
check_eq "origin: nothing reached the plain listener" 0 \
    "$(fetch_requests plain)"
check_eq "origin: nothing was sent to localhost" "" \
    "$(grep '"host": "localhost' "$FETCH_LOG")"
check_eq "origin: every request with the token went to 127.0.0.1" "" \
    "$(grep "Bearer" "$FETCH_LOG" | grep -v "\"host\": \"127.0.0.1:$FETCH_MAIN\"")"

# --- rate limits --------------------------------------------------------

gh retry
check_eq "retry: exits 0" 0 $?
check_match "retry: waits as Retry-After says" \
    "orgs/fixture-org/repos: rate limited \(HTTP 429\); retry 1 in 1 s" \
    "$(cat "$res/retry.err")"
check_match "retry: then reads everything" "39 nodes, 75 edges" \
    "$(cat "$res/retry.out")"
gh malformed
check_match "malformed Retry-After: named and replaced by the backoff" \
    "Retry-After \"soon, maybe\" is neither seconds nor an HTTP date; waiting 1 s" \
    "$(cat "$res/malformed.err")"
check_match "malformed Retry-After: then reads everything" "39 nodes" \
    "$(cat "$res/malformed.out")"
gh reset
check_match "403 with X-RateLimit-Remaining 0: waits for the reset" \
    "orgs/fixture-org/repos: rate limited \(HTTP 403\); retry 1 in [12] s" \
    "$(cat "$res/reset.err")"
check_match "403 with X-RateLimit-Remaining 0: then reads everything" \
    "39 nodes" "$(cat "$res/reset.out")"
gh date
check_match "503 with an HTTP-date Retry-After: waits" \
    "orgs/fixture-org/repos: rate limited \(HTTP 503\); retry 1 in [0-3] s" \
    "$(cat "$res/date.err")"
check_match "503 with an HTTP-date Retry-After: then reads everything" \
    "39 nodes" "$(cat "$res/date.out")"
gh secondary
check_match "403 with Retry-After: waits as it says" \
    "orgs/fixture-org/repos: rate limited \(HTTP 403\); retry 1 in 1 s" \
    "$(cat "$res/secondary.err")"
check_match "403 with Retry-After: then reads everything" "39 nodes" \
    "$(cat "$res/secondary.out")"
gh down --max-wait 2 --retries 3
check_eq "5xx: the run goes on" 0 $?
check_eq "5xx: waits 1, 2, then 2 s (capped by --max-wait)" \
    "retry 1 in 1 s
retry 2 in 2 s
retry 3 in 2 s" \
    "$(sed -n 's/^orgs\/fixture-org\/repos: HTTP 503: .*; \(retry .*\)/\1/p' \
    "$res/down.err")"
check_match "5xx: gives up after --retries" \
    "orgs/fixture-org/repos: HTTP 503: Service Unavailable; gave up after 3 retries; recorded as missing" \
    "$(cat "$res/down.err")"
check_eq "5xx: 1 request and 3 retries" 4 \
    "$(requests '/s/down/gh/orgs/fixture-org/repos?')"
check_match "5xx: the list is recorded as missing" \
    'orgs/fixture-org/repos,"?the fetch could not read it: HTTP 503' \
    "$($TW --db "$TMP/down.db" warnings --format csv)"
gh flood --max-wait 2 --retries 1
check_match "429 without Retry-After: backs off, then gives up" \
    "rate limited \(HTTP 429\); retry 1 in 1 s.*gave up after 1 retry;" \
    "$(tr '\n' ' ' <"$res/flood.err")"
check_eq "429 without Retry-After: 1 request and 1 retry" 2 \
    "$(requests '/s/flood/gh/orgs/fixture-org/repos?')"
gh absurd
check_eq "absurd Retry-After: the run goes on" 0 $?
check_match "absurd Retry-After: gives up at once" \
    "rate limited \(HTTP 429\); the server asks to wait 99999999999 s, more than --max-wait 5 s" \
    "$(cat "$res/absurd.err")"
check_eq "absurd Retry-After: no retry is sent" 1 \
    "$(requests '/s/absurd/gh/orgs/fixture-org/repos?')"
check_match "absurd Retry-After: the import is partial" "\(partial\)" \
    "$(cat "$res/absurd.out")"

# --- bodies -------------------------------------------------------------

gh trickle --timeout 2 --retries 0
check_eq "trickle: the run goes on" 0 $?
check_match "trickle: the request times out" \
    "orgs/fixture-org/repos: timed out" "$(cat "$res/trickle.err")"
for sc in huge hugegzip hugelen; do
	gh "$sc" --max-size 1M --save-dir "$TMP/save-$sc"
	check_eq "$sc: the run goes on" 0 $?
	check_match "$sc: the body is cut off at the limit" \
	    "orgs/fixture-org/repos: the response is larger than the limit of 1048576 bytes" \
	    "$(cat "$res/$sc.err")"
	check "$sc: nothing of it is saved" test ! -e "$TMP/save-$sc/repos.json"
done
check_match "hugegzip: the request accepted gzip, so it came compressed" \
    '/s/hugegzip/gh/orgs/fixture-org/repos[^"]*", "encoding": "[^"]*gzip' \
    "$(cat "$FETCH_LOG")"

gh login
check_eq "login page: the run stops with a network error" 5 $?
check_match "login page: and says what came back" \
    "orgs/fixture-org: HTTP 200 with text/html, not JSON: a login page" \
    "$(cat "$res/login.err")"
check_eq "login page: nothing is imported" "" \
    "$($TW --db "$TMP/login.db" snapshots --format csv | sed 1d)"
gh login2
check_eq "login page on one list: the run goes on" 0 $?
check_match "login page on one list: recorded as missing" \
    'orgs/fixture-org/repos,"?the fetch could not read it: HTTP 200 with text/html' \
    "$($TW --db "$TMP/login2.db" warnings --format csv)"

$TW --db "$TMP/stall.db" fetch github --org fixture-org \
    --api "https://127.0.0.1:$FETCH_STALL/s/ok/gh" --cacert "$FETCH_CA" \
    --connect-timeout 1 --retries 1 --max-wait 1 >/dev/null \
    2>"$res/stall.err"
check_eq "no TLS handshake: the run stops with a network error" 5 $?
check_match "no TLS handshake: --connect-timeout ends it" \
    "orgs/fixture-org: timed out \(.*\); gave up after 1 retry" \
    "$(cat "$res/stall.err")"
check_eq "no TLS handshake: connected once, then once more" 2 \
    "$(fetch_requests stall)"

# --- credentials and certificates ---------------------------------------

gh badtoken
check_eq "401: the run stops with a network error" 5 $?
check_match "401: and says so" "orgs/fixture-org: HTTP 401: Bad credentials" \
    "$(cat "$res/badtoken.err")"
check_eq "401: one request, no retries" 1 \
    "$(requests '/s/badtoken/gh/')"

$TW --db "$TMP/tls.db" fetch github --org fixture-org \
    --api "https://127.0.0.1:$FETCH_BADCA/s/ok/gh" --cacert "$FETCH_CA" \
    >/dev/null 2>"$res/badca.err"
check_eq "untrusted CA: the run stops with a network error" 5 $?
check_match "untrusted CA: TLS failed" "TLS failed: SSL certificate problem" \
    "$(cat "$res/badca.err")"
$TW --db "$TMP/tls.db" fetch github --org fixture-org \
    --api "https://127.0.0.1:$FETCH_BADNAME/s/ok/gh" --cacert "$FETCH_CA" \
    >/dev/null 2>"$res/badname.err"
check_eq "certificate for another name: network error" 5 $?
check_match "certificate for another name: TLS failed on the name" \
    "TLS failed: .*name" "$(cat "$res/badname.err")"
$TW --db "$TMP/tls.db" fetch github --org fixture-org \
    --api "$(fetch_url ok gh)" >/dev/null 2>"$res/noca.err"
check_eq "no --cacert: the test CA is not trusted" 5 $?
check_eq "certificates: no request reached a handler" 0 \
    "$(($(fetch_requests badca) + $(fetch_requests badname)))"
check_eq "certificates: nothing is imported" "" \
    "$($TW --db "$TMP/tls.db" snapshots --format csv | sed 1d)"

$TW --db "$TMP/url.db" fetch github --org fixture-org \
    --api "http://127.0.0.1:$FETCH_PLAIN/s/ok/gh" >/dev/null \
    2>"$res/http.err"
check_eq "http base URL: a usage error" 1 $?
check_match "http base URL: only https" "only https URLs are fetched" \
    "$(cat "$res/http.err")"
$TW --db "$TMP/url.db" fetch github --org fixture-org \
    --api "https://me:hunter2pass@127.0.0.1:$FETCH_MAIN/s/ok/gh" >/dev/null \
    2>"$res/userinfo.err"
check_eq "user name in the base URL: a usage error" 1 $?
check_nomatch "user name in the base URL: the password is not shown" \
    "hunter2pass" "$(cat "$res/userinfo.err")"
check_eq "plain listener: never contacted" 0 "$(fetch_requests plain)"

# --- an interrupted fetch -----------------------------------------------

TMPDIR="$TMP/tmpdir" $TW --db "$TMP/int.db" fetch github --org fixture-org \
    --api "$(fetch_url trickle gh)" --cacert "$FETCH_CA" --timeout 60 \
    >/dev/null 2>"$res/int.err" &
pid=$!
i=0
while [ "$(requests '/s/trickle/gh/orgs/fixture-org/repos?')" -lt 2 ] &&
    [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -INT "$pid"
wait "$pid"
check_eq "SIGINT: exits 130" 130 $?
check_match "SIGINT: says it was interrupted" "interrupted" \
    "$(cat "$res/int.err")"
check_eq "SIGINT: the temporary folder is removed" "" "$(ls "$TMP/tmpdir")"

# SIGTERM while a list waits out a rate limit.
TMPDIR="$TMP/tmpdir" $TW --db "$TMP/term.db" fetch github --org fixture-org \
    --api "$(fetch_url flood gh)" --cacert "$FETCH_CA" --max-wait 60 \
    --retries 10 >/dev/null 2>"$res/term.err" &
pid=$!
i=0
while ! grep -q "retry 1 in" "$res/term.err" && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -TERM "$pid"
wait "$pid"
check_eq "SIGTERM during a wait: exits 143" 143 $?
check_match "SIGTERM during a wait: says it was interrupted" "interrupted" \
    "$(cat "$res/term.err")"
check_eq "SIGTERM during a wait: the temporary folder is removed" "" \
    "$(ls "$TMP/tmpdir")"
check_eq "SIGTERM during a wait: nothing is imported" "" \
    "$($TW --db "$TMP/term.db" snapshots --format csv | sed 1d)"

# No token in any output or case.
hits=$(grep -rlaF -- "$TOKEN" "$res" "$TMP"/*.db* 2>/dev/null)
check_eq "token: in no output or case" "" "$hits"

done_testing
