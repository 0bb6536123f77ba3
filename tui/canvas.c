/*
 * The cell canvas (see canvas.h).
 */
#include "canvas.h"

#include <stdlib.h>
#include <string.h>

#include "theme.h"
#include "utf8.h"
#include "xalloc.h"

void
canvas_init(struct canvas *c)
{
	memset(c, 0, sizeof(*c));
}

void
canvas_resize(struct canvas *c, int w, int h)
{
	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	free(c->cells);
	free(c->row_flags);
	c->w = w;
	c->h = h;
	c->cells = xcalloc((size_t)w * (size_t)h, sizeof(*c->cells));
	c->row_flags = xcalloc((size_t)h, 1);
	canvas_clear(c);
}

void
canvas_free(struct canvas *c)
{
	free(c->cells);
	free(c->row_flags);
	canvas_init(c);
}

void
canvas_fill(struct canvas *c, int y, int x, int n, int style)
{
	struct canvas_cell	*cell;
	int			 i;

	if (y < 0 || y >= c->h)
		return;
	for (i = x < 0 ? 0 : x; i < x + n && i < c->w; i++) {
		cell = canvas_cell(c, y, i);
		memset(cell, 0, sizeof(*cell));
		cell->cp[0] = ' ';
		cell->style = (uint8_t)style;
	}
}

void
canvas_clear(struct canvas *c)
{
	int	 y;

	for (y = 0; y < c->h; y++) {
		canvas_fill(c, y, 0, c->w, THEME_NORMAL);
		c->row_flags[y] = 0;
	}
}

void
canvas_style(struct canvas *c, int y, int x, int n, int style)
{
	int	 i;

	if (y < 0 || y >= c->h)
		return;
	for (i = x < 0 ? 0 : x; i < x + n && i < c->w; i++)
		canvas_cell(c, y, i)->style = (uint8_t)style;
}

/* Put one glyph at (y, x); returns its width, 0 when it does not fit. */
static int
canvas_glyph(struct canvas *c, int y, int x, int maxx,
    const struct sanitize_glyph *g, int style, int escape_style)
{
	struct canvas_cell	*cell;
	const char		*p;
	int			 i, n = 0;

	if (g->escape) {
		n = (int)strlen(g->text);
		if (x + n > maxx)
			return 0;
		for (p = g->text, i = 0; *p != '\0'; p++, i++) {
			cell = canvas_cell(c, y, x + i);
			memset(cell, 0, sizeof(*cell));
			cell->cp[0] = (unsigned char)*p;
			cell->style = (uint8_t)escape_style;
		}
		return n;
	}
	if (g->width == 0 || x + g->width > maxx)
		return 0;
	cell = canvas_cell(c, y, x);
	memset(cell, 0, sizeof(*cell));
	for (i = 0; i < g->ncp && i < 1 + SANITIZE_MAX_COMBINING; i++)
		cell->cp[i] = g->cp[i];
	cell->style = (uint8_t)style;
	if (g->width == 2) {
		cell->wide = 1;
		cell = canvas_cell(c, y, x + 1);
		memset(cell, 0, sizeof(*cell));
		cell->wide = 2;
		cell->style = (uint8_t)style;
	}
	return g->width;
}

int
canvas_text(struct canvas *c, int y, int x, int maxw, const char *text,
    int style, int escape_style)
{
	struct sanitize_glyph	 g;
	const char		*p, *end;
	int			 col = x, maxx, opts, total, ell, w;

	if (y < 0 || y >= c->h || x >= c->w || maxw <= 0 || text == NULL)
		return 0;
	maxx = x + maxw > c->w ? c->w : x + maxw;
	opts = c->ascii ? SANITIZE_ASCII : 0;
	end = text + strlen(text);
	total = sanitize_width(text, (size_t)(end - text), opts);
	ell = total > maxx - x ? 1 : 0;
	if (ell && c->ascii)
		ell = maxx - x >= 3 ? 3 : maxx - x;

	for (p = text; sanitize_next(&p, end, opts, &g);) {
		if (g.escape)
			c->row_flags[y] |= CANVAS_ROW_ESCAPED;
		w = g.escape ? (int)strlen(g.text) : g.width;
		if (col + w > maxx - ell)
			break;
		col += canvas_glyph(c, y, col, maxx - ell, &g, style,
		    escape_style);
	}
	if (ell > 0) {
		if (c->ascii)
			col += canvas_label(c, y, col, ell, "...", style);
		else {
			canvas_fill(c, y, col, 1, style);
			canvas_cell(c, y, col)->cp[0] = 0x2026;
			col++;
		}
	}
	return col - x;
}

int
canvas_label(struct canvas *c, int y, int x, int maxw, const char *text,
    int style)
{
	int	 i;

	if (y < 0 || y >= c->h)
		return 0;
	for (i = 0; text[i] != '\0' && i < maxw && x + i < c->w; i++) {
		if (x + i < 0)
			continue;
		canvas_fill(c, y, x + i, 1, style);
		canvas_cell(c, y, x + i)->cp[0] =
		    (unsigned char)text[i] >= 0x20 &&
		    (unsigned char)text[i] < 0x7f ? (unsigned char)text[i] : '?';
	}
	return i;
}

/* Append the UTF-8 form of cp to buf at *n if it fits. */
static void
canvas_put_utf8(char *buf, size_t sz, size_t *n, uint32_t cp)
{
	char	 tmp[4];
	size_t	 len = utf8_encode(tmp, cp);

	if (*n + len < sz) {
		memcpy(buf + *n, tmp, len);
		*n += len;
	}
}

size_t
canvas_row_text(const struct canvas *c, int y, char *buf, size_t sz)
{
	const struct canvas_cell	*cell;
	size_t				 n = 0;
	int				 x, i;

	for (x = 0; x < c->w; x++) {
		cell = &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
		if (cell->wide == 2)
			continue;
		for (i = 0; i < 1 + SANITIZE_MAX_COMBINING && cell->cp[i]; i++)
			canvas_put_utf8(buf, sz, &n, cell->cp[i]);
	}
	if (sz > 0)
		buf[n < sz ? n : sz - 1] = '\0';
	return n;
}

void
canvas_symbol(struct canvas *c, int y, int x, uint32_t cp, char ascii,
    int style)
{
	if (y < 0 || y >= c->h || x < 0 || x >= c->w)
		return;
	canvas_fill(c, y, x, 1, style);
	canvas_cell(c, y, x)->cp[0] = c->ascii ? (uint32_t)ascii : cp;
}

int
canvas_bar(struct canvas *c, int y, int x, long eighths, int style)
{
	long	 full = eighths / 8, part = eighths % 8, i;

	if (c->ascii) {
		full = (eighths + 4) / 8;
		part = 0;
	}
	for (i = 0; i < full && x + i < c->w; i++)
		canvas_symbol(c, y, x + (int)i, 0x2588, '#', style);
	if (part > 0 && x + i < c->w) {
		/* U+2588 is a full block; U+258F is one eighth wide. */
		canvas_symbol(c, y, x + (int)i, 0x2590 - (uint32_t)part, '#',
		    style);
		i++;
	}
	return (int)i;
}

void
canvas_blit(struct canvas *c, const struct canvas *src, int y, int x)
{
	int	 sy, sx;

	for (sy = 0; sy < src->h && y + sy < c->h; sy++) {
		if (y + sy < 0)
			continue;
		for (sx = 0; sx < src->w && x + sx < c->w; sx++) {
			if (x + sx >= 0)
				*canvas_cell(c, y + sy, x + sx) =
				    src->cells[(size_t)sy * (size_t)src->w +
				    (size_t)sx];
		}
		c->row_flags[y + sy] |= src->row_flags[sy];
	}
}
