#!/usr/bin/env python3
"""Report characters in a file that a terminal would act on or hide.

Exit status 0 when the file is valid UTF-8 with no control character
but newline (and CR before a newline), no DEL, no C1 control, and no
format, separator or invisible character of the kinds trustwalk's
sanitiser escapes; else 1, with the first offending characters and their
offsets. With --screen, tmux's own SGR sequences (ESC [ ... m from
`capture-pane -e`) are allowed and nothing else starting with ESC is.

usage: unsafe-chars.py [--screen] FILE
"""
import re
import sys
import unicodedata

HIDDEN = [(0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C),
          (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
          (0x200B, 0x200F), (0x2028, 0x202E), (0x2060, 0x206F),
          (0x2800, 0x2800), (0x3164, 0x3164), (0xFE00, 0xFE0F),
          (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF9, 0xFFFB),
          (0xE0000, 0xE0FFF)]


def bad(ch):
    cp = ord(ch)
    if cp < 0x20 and ch != "\n":
        return True
    if cp == 0x7F or 0x80 <= cp <= 0x9F:
        return True
    if unicodedata.category(ch) in ("Cf", "Zl", "Zp", "Co", "Cn", "Cs"):
        return True
    return any(lo <= cp <= hi for lo, hi in HIDDEN)


def main():
    args = sys.argv[1:]
    screen = args and args[0] == "--screen"
    if screen:
        args = args[1:]
    data = open(args[0], "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        print("invalid UTF-8 at byte %d" % e.start)
        return 1
    text = text.replace("\r\n", "\n")
    if screen:
        text = re.sub("\x1b\\[[0-9;]*m", "", text)
    found = [(i, ch) for i, ch in enumerate(text) if bad(ch)]
    for i, ch in found[:10]:
        print("U+%04X at character %d: %r" % (ord(ch), i,
              text[max(0, i - 20):i + 20]))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
