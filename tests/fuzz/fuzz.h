/*
 * Shared by the fuzz targets in tests/fuzz/. Each target defines
 * LLVMFuzzerTestOneInput(); libFuzzer calls it in `make fuzz`, and
 * replay.c calls it on the saved inputs in `make check`. A broken
 * invariant aborts, which both report as a crash.
 *
 * A target's first comment line "seeds: DIR..." names the folders its
 * corpus starts from (tests/fuzz/run.sh reads it); importer targets start
 * from tests/fixtures/NAME and tests/bad/NAME.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#include "canvas.h"
#include "sanitize.h"
#include "utf8.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond) do {						\
	if (!(cond))							\
		fuzz_fail(#cond, __FILE__, __LINE__);			\
} while (0)

static inline void __attribute__((noreturn))
fuzz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
	abort();
}

/* The sanitiser measures widths with wcwidth(), which needs UTF-8. */
static inline void
fuzz_locale(void)
{
	static int	 done;

	if (!done && setlocale(LC_ALL, "C.UTF-8") == NULL)
		fuzz_fail("setlocale(C.UTF-8)", __FILE__, __LINE__);
	done = 1;
}

/* A character that may sit in a canvas cell: printable, not hidden. */
static inline int
fuzz_printable(uint32_t cp, int combining)
{
	int	 w;

	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
	    sanitize_cp_hidden(cp))
		return 0;
	w = wcwidth((wchar_t)cp);
	return combining ? w == 0 : w > 0;
}

/*
 * Check text meant for a terminal: valid UTF-8 with no control character
 * (newline and tab allowed when lines is set), DEL, C1 control or hidden
 * code point. Combining marks may pile up, unlike in the sanitiser's
 * output: they are visible, not a way to move the cursor.
 */
static inline void
fuzz_check_text(const char *text, size_t len, int lines)
{
	const unsigned char	*p = (const unsigned char *)text;
	uint32_t		 cp;
	size_t			 i = 0, n;

	while (i < len) {
		n = utf8_decode(p + i, len - i, &cp);
		FUZZ_CHECK(n > 0);
		if (lines && (cp == '\n' || cp == '\t')) {
			i += n;
			continue;
		}
		FUZZ_CHECK(cp >= 0x20 && cp != 0x7f);
		FUZZ_CHECK(!(cp >= 0x80 && cp < 0xa0));
		FUZZ_CHECK(!sanitize_cp_hidden(cp));
		i += n;
	}
}

/* Check that every cell of a canvas holds a printable character. */
static inline void
fuzz_check_canvas(const struct canvas *c)
{
	const struct canvas_cell	*cell;
	size_t				 i, n = (size_t)c->w * (size_t)c->h;
	int				 k;

	for (i = 0; i < n; i++) {
		cell = &c->cells[i];
		if (cell->wide == 2 || (cell->cp[0] == ' ' && cell->cp[1] == 0))
			continue;
		FUZZ_CHECK(fuzz_printable(cell->cp[0], 0));
		for (k = 1; k < 1 + SANITIZE_MAX_COMBINING && cell->cp[k];
		    k++)
			FUZZ_CHECK(fuzz_printable(cell->cp[k], 1));
		if (c->ascii)
			FUZZ_CHECK(cell->cp[0] < 0x80);
	}
}

#endif
