# Helpers for the fetch suites in tests/cli/fetch*.sh: a test CA and
# certificates made by openssl for this run, and the fixture server of
# tests/fetch/server.py on loopback, started here and stopped when the
# suite exits. Source it after tests/lib.sh.
#
# After fetch_server_start: FETCH_CA (the test CA's certificate),
# FETCH_MAIN, FETCH_ALT, FETCH_BADCA, FETCH_BADNAME, FETCH_PLAIN,
# FETCH_PROXY and FETCH_STALL (ports),
# FETCH_LOG (one JSON line per request: listener, host, path, auth).

FETCH_DIR="$TMP/fetch-server"

# fetch_certs DIR: the test CA, the server's certificate for 127.0.0.1
# and localhost, one for another host name, and one from an untrusted CA.
fetch_certs() {
	d=$1
	ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
	# shellcheck disable=SC2086
	openssl req -x509 $ec -days 2 -subj "/CN=trustwalk test CA" \
	    -addext "basicConstraints=critical,CA:TRUE" \
	    -addext "keyUsage=critical,keyCertSign,cRLSign" \
	    -keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null || return 1
	for leaf in server:IP:127.0.0.1,DNS:localhost \
	    badname:DNS:wrong.example; do
		name=${leaf%%:*}
		printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\n%s\n' \
		    "${leaf#*:}" "extendedKeyUsage=serverAuth" >"$d/$name.ext"
		# shellcheck disable=SC2086
		openssl req $ec -subj "/CN=$name" -keyout "$d/$name.key" \
		    -out "$d/$name.csr" 2>/dev/null || return 1
		openssl x509 -req -in "$d/$name.csr" -CA "$d/ca.pem" \
		    -CAkey "$d/ca.key" -CAcreateserial -days 2 \
		    -extfile "$d/$name.ext" -out "$d/$name.pem" \
		    2>/dev/null || return 1
	done
	# shellcheck disable=SC2086
	openssl req -x509 $ec -days 2 -subj "/CN=127.0.0.1" \
	    -addext "subjectAltName=IP:127.0.0.1" \
	    -keyout "$d/badca.key" -out "$d/badca.pem" 2>/dev/null
}

# fetch_port NAME: the port of a listener from the ready file.
fetch_port() {
	sed -n "s/.*\"$1\": \([0-9]*\).*/\1/p" "$FETCH_DIR/ready.json"
}

# fetch_server_start: make the certificates, start the server and wait
# until it listens. Exits the suite when it cannot.
fetch_server_start() {
	mkdir -p "$FETCH_DIR"
	if ! fetch_certs "$FETCH_DIR"; then
		not_ok "openssl makes the test certificates"
		done_testing
		exit 1
	fi
	FETCH_CA="$FETCH_DIR/ca.pem"
	FETCH_LOG="$FETCH_DIR/requests.log"
	: >"$FETCH_LOG"
	python3 -B "$TW_ROOT/tests/fetch/server.py" --root "$TW_ROOT" \
	    --certs "$FETCH_DIR" --ready "$FETCH_DIR/ready.json" \
	    --log "$FETCH_LOG" 2>"$FETCH_DIR/server.err" &
	FETCH_PID=$!
	trap 'fetch_server_stop; rm -rf "$TMP"' EXIT
	i=0
	while [ ! -s "$FETCH_DIR/ready.json" ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	if [ ! -s "$FETCH_DIR/ready.json" ]; then
		not_ok "the fixture server starts" "$(cat "$FETCH_DIR/server.err")"
		done_testing
		exit 1
	fi
	FETCH_MAIN=$(fetch_port main)
	FETCH_ALT=$(fetch_port alt)
	FETCH_BADCA=$(fetch_port badca)
	FETCH_BADNAME=$(fetch_port badname)
	FETCH_PLAIN=$(fetch_port plain)
	FETCH_PROXY=$(fetch_port proxy)
	FETCH_STALL=$(fetch_port stall)
}

# fetch_server_stop: stop the server this suite started.
fetch_server_stop() {
	if [ -n "${FETCH_PID:-}" ]; then
		kill "$FETCH_PID" 2>/dev/null
		wait "$FETCH_PID" 2>/dev/null
		FETCH_PID=
	fi
}

# fetch_url SCENARIO API: the base URL of an API in a scenario.
fetch_url() {
	echo "https://127.0.0.1:$FETCH_MAIN/s/$1/$2"
}

# fetch_requests LISTENER: the requests a listener received.
fetch_requests() {
	grep -c "\"listener\": \"$1\"" "$FETCH_LOG"
}
