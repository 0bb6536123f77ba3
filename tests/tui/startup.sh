#!/bin/sh
# The start of the interface on a generated estate of 20,000 nodes,
# through --replay so that each frame can be read back: the first frame
# shows the node list before the findings are computed, the findings
# follow in the next frame, keys typed while the blast radius is being
# computed in the background are each handled with a frame of their
# own, and the key <Blast>, which waits for the computation, brings the
# columns, sorted when the list is sorted by one of them. Then the same
# estate in a terminal: the columns arrive without a key.
. "$(dirname "$0")/../lib.sh"

GEN=$TW_ROOT/build/gen
db="$TMP/estate.db"
cols=160
rows=48

"$GEN" -n 20000 -e 200000 -s 2 "$TMP/estate" >/dev/null ||
    not_ok "generate the estate"
$TW --db "$db" import --quiet "$TMP/estate/estate.json" >/dev/null ||
    not_ok "import the estate"

# column SCREEN TITLE: the cells of the node list under the column
# TITLE, one line per row of the list, without their spaces. A cell
# ends where its title ends and is five characters wide.
column() {
	printf '%s\n' "$1" | awk -v t="$2" -v last="$rows" '
	NR == 2 { pos = index($0, t) }
	NR > 2 && NR < last && pos > 0 {
		c = substr($0, pos + length(t) - 5, 5)
		gsub(/ /, "", c)
		print c
	}'
}

# screen_after KEY: the screen once the frame of KEY was written, from
# the frame log's byte counts.
screen_after() {
	n=$(awk -v k="$1" '
	/^frame/ {
		for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			f[kv[1]] = kv[2]
		}
		sum += f["bytes"]
		if (f["key"] == k) {
			print sum
			exit
		}
	}' "$TMP/frames.log")
	if [ -z "$n" ]; then
		echo "no frame for $1"
		return
	fi
	tui_render "$TMP/out.bin" "$n" "$cols" "$rows"
}

# The replay: move down, sort by the first blast radius column (PRIV)
# while it is being computed, then wait for it.
printf '%s\n' j s '<Blast>' q >"$TMP/keys"
LINES=$rows COLUMNS=$cols TERM=xterm-256color $TW --db "$db" \
    --now 2026-12-01 --replay "$TMP/keys" >"$TMP/out.bin" \
    2>"$TMP/frames.log"
check_eq "replay ends with status 0" 0 "$?"
check_eq "a frame per key, in order" "<start> j s <Blast>" \
    "$(sed -n 's/^frame .*key=\([^ ]*\) .*/\1/p' "$TMP/frames.log" |
    tr '\n' ' ' | sed 's/ $//')"

# The first frame: the list, its findings not computed yet.
screen=$(screen_after '<start>')
check_match "first frame shows the list" "KIND +NAME .* PRIV .* FIND" \
    "$screen"
find=$(column "$screen" FIND | sort -u)
check_eq "first frame has no findings yet" "-" "$find"
check_nomatch "first frame starts no computation" "computing" "$screen"

# The next key: findings known, the blast radius still being computed.
screen=$(screen_after j)
find=$(column "$screen" FIND)
check_nomatch "findings follow the first frame" "-" "$find"
check_match "findings are counts" "^[0-9]" "$find"
check_match "status says the blast radius is computed" \
    "computing blast radius: [0-9]+%" "$(printf '%s\n' "$screen" | tail -1)"
priv=$(column "$screen" PRIV | sort -u | tr '\n' ' ')
check_match "blast radius pending while keys are handled" "^ ?- $" "$priv"

screen=$(screen_after s)
check_match "sort key handled while computing" "sorted by privileges" \
    "$screen"
check_match "blast radius still pending after the sort" "^ ?- $" \
    "$(column "$screen" PRIV | sort -u | tr '\n' ' ')"

# <Blast>: the columns, and the list sorted by PRIV again.
screen=$(screen_after '<Blast>')
priv=$(column "$screen" PRIV | grep -v '^$')
check_nomatch "blast radius shown after <Blast>" "-" "$priv"
check_match "blast radius has counts" "^[0-9]+k?$" "$priv"
check_eq "list sorted by the blast radius that arrived" \
    "$(printf '%s\n' "$priv" | sed 's/k$/000/' | sort -rn | tr '\n' ' ')" \
    "$(printf '%s\n' "$priv" | sed 's/k$/000/' | tr '\n' ' ')"
check_nomatch "status no longer says computing" "computing" \
    "$(printf '%s\n' "$screen" | tail -1)"

# In a terminal the columns arrive between keys, without <Blast>.
tui_start $cols $rows --db "$db" --now 2026-12-01
tui_wait "Enter walk" || not_ok "start in a terminal" "$(tui_screen)"
# shows_all SCREEN: whether the list shows findings and blast radius.
shows_all() {
	! printf '%s\n' "$1" | grep -q "computing" &&
	    ! column "$1" FIND | grep -q -- - &&
	    ! column "$1" PRIV | grep -q -- -
}
i=0
screen=$(tui_screen)
while ! shows_all "$screen" && [ $i -lt 200 ]; do
	sleep 0.1
	i=$((i + 1))
	screen=$(tui_screen)
done
check_nomatch "terminal: computation ends by itself" "computing" "$screen"
check_match "terminal: blast radius arrives without a key" "^[0-9]+k?$" \
    "$(column "$screen" PRIV | grep -v '^$')"
check_nomatch "terminal: findings arrive without a key" "-" \
    "$(column "$screen" FIND)"
tui_keys q
tui_wait "exit=0" || not_ok "terminal: q quits" "$(tui_screen)"
tui_stop

done_testing
