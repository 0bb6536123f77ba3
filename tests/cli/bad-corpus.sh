#!/bin/sh
# The bad-input corpus: every entry of tests/bad/EXPECTED is imported into
# a copy of a case that already holds a snapshot, and its outcome checked
# as EXPECTED describes (exit status, message, the case unchanged or the
# snapshot marked partial, --strict). Inputs too big to commit, and
# special files, are made by tests/bad/generate.sh.
. "$(dirname "$0")/../lib.sh"

bad="$TW_ROOT/tests/bad"
gen="$TMP/gen"
base="$TMP/base.db"
db="$TMP/case.db"

if ! sh "$bad/generate.sh" "$gen" >"$TMP/gen.log" 2>&1; then
	not_ok "generate the large and special inputs" "$(cat "$TMP/gen.log")"
	done_testing
	exit 1
fi
$TW --db "$base" import --quiet "$TW_ROOT/tests/fixtures/opengraph/basic.json" \
    >/dev/null 2>&1 || not_ok "import the base case"

# case_sum DB: a digest of every row of every table of the case.
case_sum() {
	sqlite3 "$1" "SELECT * FROM snapshot; SELECT * FROM nkey;
	    SELECT * FROM node; SELECT rowid, * FROM edge;
	    SELECT * FROM warning; SELECT name, hex(value) FROM meta;
	    PRAGMA integrity_check;" | sha256sum
}
base_sum=$(case_sum "$base")

# fresh_case: a copy of the base case to import into.
fresh_case() {
	rm -f "$db" "$db-wal" "$db-shm"
	cp "$base" "$db"
}

# check_terminal_safe NAME FILE: no raw control, C1 or bidi characters.
check_terminal_safe() {
	if LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')" "$2" ||
	    grep -q "$(printf '\302[\200-\237]')" "$2" ||
	    grep -q "$(printf '\342\200[\252-\256]')" "$2" ||
	    grep -q "$(printf '\342\201[\246-\251]')" "$2"; then
		not_ok "$1" "$(od -c "$2" | head -20)"
	else
		ok "$1"
	fi
}

# run_import ARGS...: import into $db; sets rc, output in $TMP/out.
run_import() {
	# shellcheck disable=SC2086
	$TW --db "$db" import $opts "$@" >"$TMP/out" 2>&1
	rc=$?
}

check_rejected() {
	name=$1
	path=$2
	fresh_case
	run_import "$path"
	check_eq "$name: exit status 2" 2 "$rc"
	check_match "$name: message" "$(printf '%s' "$fragment" |
	    sed 's/[][\\.*^$(){}+?|/]/\\&/g')" "$(cat "$TMP/out")"
	case $path in
	/dev/*) ;;
	*) check_match "$name: names the input" \
	    "$(basename "$path" | sed 's/[][\\.*^$(){}+?|/]/\\&/g')" \
	    "$(cat "$TMP/out")" ;;
	esac
	check_eq "$name: case unchanged" "$base_sum" "$(case_sum "$db")"
}

check_partial() {
	name=$1
	path=$2
	fresh_case
	run_import "$path"
	check_eq "$name: exit status 0" 0 "$rc"
	check_match "$name: marked partial" "\(partial\)" "$(cat "$TMP/out")"
	check_match "$name: warning" "$(printf '%s' "$fragment" |
	    sed 's/[][\\.*^$(){}+?|/]/\\&/g')" "$(cat "$TMP/out")"
	row=$(sqlite3 "$db" "SELECT s.partial, s.warnings > 0,
	    s.warnings = (SELECT count(*) FROM warning w WHERE w.snap = s.id)
	    FROM snapshot s ORDER BY id DESC LIMIT 1")
	check_eq "$name: snapshot partial with its warnings" "1|1|1" "$row"
	if [ -n "$count" ]; then
		check_eq "$name: $count warnings" "$count" "$(sqlite3 "$db" \
		    "SELECT warnings FROM snapshot ORDER BY id DESC LIMIT 1")"
	fi
	fresh_case
	run_import --strict "$path"
	check_eq "$name: --strict rejects" 2 "$rc"
	check_eq "$name: --strict leaves the case unchanged" "$base_sum" \
	    "$(case_sum "$db")"
}

check_whole() {
	name=$1
	path=$2
	fresh_case
	run_import "$path"
	check_eq "$name: exit status 0" 0 "$rc"
	check_match "$name: summary" "$(printf '%s' "$fragment" |
	    sed 's/[][\\.*^$(){}+?|/]/\\&/g')" "$(cat "$TMP/out")"
	check_nomatch "$name: not partial" "\(partial\)" "$(cat "$TMP/out")"
}

n=0
while IFS= read -r line; do
	case $line in
	''|'#'*) continue ;;
	esac
	file=$(printf '%s' "$line" | cut -d'|' -f1 | sed 's/^ *//; s/ *$//')
	outcome=$(printf '%s' "$line" | cut -d'|' -f2 | sed 's/^ *//; s/ *$//')
	fragment=$(printf '%s' "$line" | cut -d'|' -f3 | sed 's/^ *//; s/ *$//')
	opts=$(printf '%s' "$line" | cut -s -d'|' -f4 | sed 's/^ *//; s/ *$//')
	case $file in
	gen/*) path="$gen/${file#gen/}" ;;
	/*) path=$file ;;
	*) path="$bad/$file" ;;
	esac
	name="$file${opts:+ $opts}"
	n=$((n + 1))
	if [ "$file" = gen/unreadable.json ] && [ "$(id -u)" -eq 0 ]; then
		skip "$name" "root can read a file of mode 000"
		continue
	fi
	if [ ! -e "$path" ] && [ ! -L "$path" ]; then
		not_ok "$name: input exists" "$path"
		continue
	fi
	count=${outcome#partial }
	[ "$count" = "$outcome" ] && count=
	case $outcome in
	rejected) check_rejected "$name" "$path" ;;
	partial|partial\ *) check_partial "$name" "$path" ;;
	ok) check_whole "$name" "$path" ;;
	*) not_ok "$name: outcome" "unknown outcome \"$outcome\"" ;;
	esac
	check_terminal_safe "$name: output is terminal-safe" "$TMP/out"
done <"$bad/EXPECTED"

if [ "$n" -ge 200 ]; then
	ok "corpus has $n entries"
else
	not_ok "corpus has at least 200 entries" "$n"
fi
# Every format has its own part of the corpus.
for f in opengraph aws-authz aws-credential-report k8s gcp entra-graph \
    github-rest roadrecon; do
	count=$(grep -c "^\(gen/\)\{0,1\}$f[/-]" "$bad/EXPECTED")
	check "corpus has inputs for $f" test "$count" -ge 8
done
chmod -R u+rwx "$gen" 2>/dev/null
done_testing
