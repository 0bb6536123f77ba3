#!/bin/sh
# make install into a staging folder (DESTDIR) with a PREFIX: the binary,
# the man page and the theme files land under PREFIX, and the installed
# binary runs from elsewhere. make uninstall removes them again. The
# built-in themes of a copied binary are tested in tests/tui/themes.sh.
. "$(dirname "$0")/../lib.sh"

stage="$TMP/stage"
if ! make -C "$TW_ROOT" --no-print-directory install DESTDIR="$stage" \
    PREFIX=/opt/tw >"$TMP/make.log" 2>&1; then
	not_ok "make install" "$(tail -20 "$TMP/make.log")"
	done_testing
	exit 0
fi
ok "make install"
for f in bin/trustwalk share/man/man1/trustwalk.1 \
    share/trustwalk/themes/dark.theme share/trustwalk/themes/light.theme \
    share/trustwalk/themes/contrast.theme share/trustwalk/themes/mono.theme
do
	if [ -f "$stage/opt/tw/$f" ]; then
		ok "installs $f"
	else
		not_ok "installs $f" "$(cd "$stage" && find . -type f)"
	fi
done
check_eq "binary is executable" 755 \
    "$(stat -c %a "$stage/opt/tw/bin/trustwalk")"
check_eq "man page is not" 644 \
    "$(stat -c %a "$stage/opt/tw/share/man/man1/trustwalk.1")"
check "man page renders" sh -c "man -l '$stage/opt/tw/share/man/man1/trustwalk.1' \
    >/dev/null 2>&1 || groff -man -Tutf8 \
    '$stage/opt/tw/share/man/man1/trustwalk.1' >/dev/null 2>&1 || \
    test -s '$stage/opt/tw/share/man/man1/trustwalk.1'"
out=$(cd "$TMP" && "$stage/opt/tw/bin/trustwalk" --help 2>&1)
check_match "installed binary runs" "usage: trustwalk" "$out"

make -C "$TW_ROOT" --no-print-directory uninstall DESTDIR="$stage" \
    PREFIX=/opt/tw >"$TMP/make.log" 2>&1
check_eq "make uninstall removes the files" "" \
    "$(cd "$stage" && find . -type f)"

done_testing
