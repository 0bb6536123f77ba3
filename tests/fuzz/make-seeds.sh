#!/bin/sh
# Write the seeds of the importer fuzz targets whose inputs are not plain
# files, from the fixtures and the bad-input corpus:
#
#   tests/fuzz/seeds/github-rest/NAME  each folder of tests/fixtures/github
#       and tests/bad/github-rest packed into one input, a line
#       "== PATH" before each file (tests/fuzz/fuzz_import.c splits it);
#   tests/fuzz/seeds/roadrecon/NAME.db  each SQL file of
#       tests/fixtures/entra/roadrecon-*.sql and tests/bad/roadrecon built
#       into a SQLite file with 512-byte pages, so that seeds stay small.
#
# Run it again after changing those fixtures, and commit the result.
#
# usage: tests/fuzz/make-seeds.sh
set -eu
cd "$(dirname "$0")/../.."

# pack DIR OUT: write the files under DIR as one input, the smallest
# first, so that an input cut at libFuzzer's max_len keeps most files.
pack() {
	: >"$2"
	(cd "$1" && find . -type f ! -name '.*' -printf '%s %P\n' |
	    LC_ALL=C sort -n | cut -d' ' -f2-) |
	while IFS= read -r f; do
		printf '== %s\n' "$f" >>"$2"
		cat "$1/$f" >>"$2"
		# The next header must start a line.
		[ -z "$(tail -c 1 "$1/$f")" ] || printf '\n' >>"$2"
	done
}

out=tests/fuzz/seeds/github-rest
rm -rf "$out"
mkdir -p "$out"
for d in tests/fixtures/github/*/ tests/bad/github-rest/*/; do
	[ -d "$d" ] || continue
	name=$(basename "$d")
	case $d in
	tests/bad/*) name="bad-$name" ;;
	esac
	pack "$d" "$out/$name"
done

out=tests/fuzz/seeds/roadrecon
rm -rf "$out"
mkdir -p "$out"
for f in tests/fixtures/entra/roadrecon-*.sql tests/bad/roadrecon/*.sql; do
	[ -f "$f" ] || continue
	db="$out/$(basename "$f" .sql).db"
	{ echo "PRAGMA page_size = 512;"; cat "$f"; } | sqlite3 "$db"
done
ls tests/fuzz/seeds/github-rest tests/fuzz/seeds/roadrecon | wc -l
