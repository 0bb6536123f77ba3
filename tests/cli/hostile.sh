#!/bin/sh
# Hostile text through every command and output: a fixture whose names,
# keys, kinds, attributes, edge kinds, source and file name hold escape
# sequences, C0 and C1 controls, bidi overrides and isolates, zero-width,
# tag and separator characters, fillers, combining marks and long wide
# text. Nothing printed on stdout or stderr, and nothing in the debug log,
# may hold such a character raw; JSON keeps the text exactly; tables stay
# aligned by display width. Then strict JSON through the real import
# path: long integer ids, \u0000, duplicate and case-different keys.
. "$(dirname "$0")/../lib.sh"

fx="$TW_ROOT/tests/fixtures/opengraph"
db="$TMP/case.db"
esc=$(printf '\033')
evil_key="acme__31m___:esc${esc}[2J${esc}[H"

# A file name with an escape sequence names the second source.
evil_file="$TMP/evil${esc}]0;title$(printf '\007').json"
cp "$fx/hostile-names.json" "$evil_file"

$TW -v --db "$db" import "$fx/hostile-all.json" "$evil_file" >"$TMP/import" 2>&1
check_eq "hostile fixtures import" 0 $?
check_safe "import output is terminal-safe" "$TMP/import"
check_match "import names the hostile file with escapes" \
    'evil\\x1b\]0;title\\x07\.json' "$(cat "$TMP/import")"

i=0
for args in "ls" "ls --format csv" "ls --format json" "ls --kind human" \
    "show --format text $evil_key" "show --format json $evil_key" \
    "show acme__31m___:wide" "show acme__31m___:zalgo" \
    "show acme__31m___:cred" "show --format json acme__31m___:kinds" \
    "show file:evil" "formats" "--help" "show ${esc}]0;x$(printf '\007')" \
    "show $(printf '\342\200\256')evil"; do
	i=$((i + 1))
	# shellcheck disable=SC2086
	$TW -v --db "$db" $args >"$TMP/out.$i" 2>&1
	check_safe "$(printf '%s' "$args" | sed 's/[^ -~]/?/g') is terminal-safe" \
	    "$TMP/out.$i"
done

# Escapes are visible, so the analyst sees that something was there.
out=$($TW --db "$db" show "$evil_key")
check_match "show marks controls" 'mallory\\x1b\]0;owned\\x07\\x1b\[31mred' \
    "$out"
check_match "show marks CR, BS and tab" 'line1\\nline2\\rover\\x08back\\ttab' \
    "$out"
check_match "show marks bidi controls" '<U\+202E>exe\.txt<U\+202C> <U\+2066>iso<U\+2069>' \
    "$out"
check_match "show marks zero-width and BOM" 'a<U\+200B>b<U\+200C>c<U\+200D>d<U\+2060>e<U\+FEFF>' \
    "$out"
check_match "show marks tag characters" 'flag<U\+E0041><U\+E007F>' "$out"
check_match "show marks separators and fillers" \
    'a<U\+2028>b<U\+2029>c' "$out"
check_match "show marks C1 controls" '<U\+009B>31m<U\+0085><U\+008D>' "$out"
check_match "show escapes a hostile attribute name" '\\x1b\[1mkey<U\+202E>' \
    "$out"
check_match "show escapes the edge kind" 'HasRole\\x1b\[2J<U\+202E> ->' "$out"

# JSON keeps the text exactly, with the dangerous characters as \u.
out=$($TW --db "$db" show --format json "$evil_key")
n=$(printf '%s' "$out" | python3 -c 'import json, sys
d = json.load(sys.stdin)
print(d["name"] == "mallory\x1b]0;owned\x07\x1b[31mred",
      d["attributes"]["bidi"] == "\u202eexe.txt\u202c \u2066iso\u2069 \u200f\u061c",
      d["attributes"]["tags"] == "flag\U000e0041\U000e007f",
      any(e["source_kind"] == "HasRole\x1b[2J\u202e" for e in d["out"]))')
check_eq "show json keeps the text exactly" "True True True True" "$n"
check_match "show json writes bidi as \\u escapes" '\\u202e' "$out"

# The table stays aligned: every key starts at the same display column.
$TW --db "$db" ls >"$TMP/table"
cols=$(python3 - "$TMP/table" <<'EOF'
import ctypes, locale, sys
locale.setlocale(locale.LC_ALL, "C.UTF-8")
libc = ctypes.CDLL(None)
libc.wcwidth.restype = ctypes.c_int
def width(s):
    return sum(max(libc.wcwidth(ctypes.c_wchar(c)), 0) for c in s)
starts = set()
for line in open(sys.argv[1], encoding="utf-8").read().splitlines():
    at = max(line.rfind(" acme"), line.rfind(" KEY"), line.rfind(" file:"))
    starts.add(width(line[:at]))
print(len(starts))
EOF
)
check_eq "ls table columns line up by display width" 1 "$cols"
check_match "ls cuts long wide names with an ellipsis" \
    "^role +(漢字){9}漢…   github:" "$(cat "$TMP/table")"

# The debug log: masked, sanitised, private.
log="$XDG_STATE_HOME/trustwalk/trustwalk.log"
check_safe "debug log is terminal-safe" "$log"
check_match "debug log names the hostile file with escapes" \
    'evil\\x1b\]0;title\\x07\.json' "$(cat "$log")"
check_eq "debug log is mode 0600" 600 "$(stat -c %a "$log")"
check_eq "debug log folder is mode 0700" 700 \
    "$(stat -c %a "$XDG_STATE_HOME/trustwalk")"
chmod 644 "$log"
$TW -v --db "$db" ls >/dev/null 2>&1
check_eq "debug log is set back to mode 0600" 600 "$(stat -c %a "$log")"

# Strict JSON through the import path.
sdb="$TMP/strict.db"
$TW --db "$sdb" import --quiet "$TW_ROOT/tests/bad/opengraph/long-id-numbers.json" \
    >/dev/null 2>&1
out=$($TW --db "$sdb" show --format json acme:123456789012345678901 2>&1)
check_match "a 21-digit id keeps every digit" \
    '"key":"acme:123456789012345678901"' "$out"
check_match "its edge reaches the 12-digit id" \
    '"key":"acme:111122223333"' "$out"
$TW --db "$sdb" import --quiet "$TW_ROOT/tests/bad/opengraph/nul-escape.json" \
    >/dev/null 2>&1
$TW --db "$sdb" show acme:n >/dev/null 2>&1
check_eq "a name with \\u0000 is skipped, not cut short" 1 $?
check_match "the \\u0000 warning is stored" "contains \\\\u0000" \
    "$(sqlite3 "$sdb" "SELECT message FROM warning")"
$TW --db "$sdb" import --quiet "$TW_ROOT/tests/bad/opengraph/case-sensitive-keys.json" \
    >/dev/null 2>&1
check_eq "keys are matched case-sensitively" "" \
    "$($TW --db "$sdb" ls --format csv | grep -E 'acme:c[123],')"
$TW --db "$sdb" import --quiet "$TW_ROOT/tests/bad/opengraph/duplicate-key.json" \
    >/dev/null 2>&1
$TW --db "$sdb" show acme:d >/dev/null 2>&1
check_eq "a node with a duplicate key is skipped" 1 $?
done_testing
