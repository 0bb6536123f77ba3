/*
 * A grid of cells that views draw into. Only the terminal adapter copies
 * a canvas to the screen, so views never touch curses and a canvas can
 * be compared as text in tests.
 *
 * Untrusted text goes in through canvas_text(), which runs the sanitiser:
 * every cell holds one printable character (with its combining marks) or
 * one character of an escape, and wide characters take two cells.
 */
#ifndef CANVAS_H
#define CANVAS_H

#include <stddef.h>
#include <stdint.h>

#include "sanitize.h"

/* Row flags. */
#define CANVAS_ROW_ESCAPED	0x1	/* the row shows escaped data */

struct canvas_cell {
	uint32_t	 cp[1 + SANITIZE_MAX_COMBINING]; /* 0 after the last */
	uint8_t		 style;
	uint8_t		 wide;	/* 1: first half of a wide character, 2: second */
};

struct canvas {
	int			 w;
	int			 h;
	struct canvas_cell	*cells;
	uint8_t			*row_flags;
	int			 ascii;	/* draw data with SANITIZE_ASCII */
};

void	 canvas_init(struct canvas *);
void	 canvas_resize(struct canvas *, int w, int h);
void	 canvas_free(struct canvas *);

/* Fill the whole canvas with spaces in the normal style. */
void	 canvas_clear(struct canvas *);

/* Fill n cells of row y from x with spaces in a style. */
void	 canvas_fill(struct canvas *, int y, int x, int n, int style);

/*
 * Draw untrusted text at (y, x), at most maxw columns (cut with an
 * ellipsis), in a style; escapes are drawn in escape_style. Returns the
 * columns used. Marks the row CANVAS_ROW_ESCAPED when it escaped data.
 */
int	 canvas_text(struct canvas *, int y, int x, int maxw, const char *text,
	    int style, int escape_style);

/* Draw trusted ASCII (program text) at (y, x); returns columns used. */
int	 canvas_label(struct canvas *, int y, int x, int maxw,
	    const char *text, int style);

/*
 * Draw a bar of len eighths of a cell from (y, x): full blocks, then a
 * partial block for the rest; '#' cells (rounded) in ASCII mode.
 * Returns the columns used.
 */
int	 canvas_bar(struct canvas *, int y, int x, long eighths, int style);

/* Put one program-chosen character (such as a dot or arrow) at (y, x). */
void	 canvas_symbol(struct canvas *, int y, int x, uint32_t cp,
	    char ascii, int style);

/* Set the style of n cells of row y from x, keeping their characters. */
void	 canvas_style(struct canvas *, int y, int x, int n, int style);

/*
 * Copy all of src into c with its top left cell at (y, x), clipped to c,
 * carrying the escaped-data mark of each row.
 */
void	 canvas_blit(struct canvas *c, const struct canvas *src, int y, int x);

/* Write row y as UTF-8 text into buf (for tests); returns its length. */
size_t	 canvas_row_text(const struct canvas *, int y, char *buf, size_t sz);

static inline struct canvas_cell *
canvas_cell(struct canvas *c, int y, int x)
{
	return &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
}

#endif
