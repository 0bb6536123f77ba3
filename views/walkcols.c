/*
 * The walk as Miller columns, as ranger shows folders: the nodes that
 * lead to the walked node on the left, its card in the middle, the
 * nodes it leads to on the right. The keys are those of the stacked
 * walk: the cursor runs through the outgoing rows, then the incoming
 * ones, and is drawn in whichever column contains it. Each column is drawn
 * on a canvas of its own width and copied in, so the row and card
 * layouts adapt to the narrower space.
 */
#include <stdio.h>

#include "app.h"
#include "canvas.h"
#include "kind.h"
#include "model.h"
#include "theme.h"
#include "walk.h"

/* Draw the rows of one side (outgoing 1 or 0) on canvas p. */
static void
walkcols_pane(struct walk *w, struct app *a, struct canvas *p, int outgoing)
{
	const struct walk_row	*r;
	size_t			 idx[4096], n = 0, i, cur = (size_t)-1, *top;
	char			 title[96];
	int			 y, rows = p->h - 1;

	for (i = 0; i < w->nrows && n < sizeof(idx) / sizeof(idx[0]); i++) {
		if (w->rows[i].outgoing != outgoing)
			continue;
		if (i == w->cursor)
			cur = n;
		idx[n++] = i;
	}
	canvas_fill(p, 0, 0, p->w, THEME_TITLE);
	snprintf(title, sizeof(title), "%s %s", outgoing ? "leads to" :
	    "comes from", outgoing ? (p->ascii ? "->" : "\xe2\x86\x92") :
	    (p->ascii ? "<-" : "\xe2\x86\x90"));
	canvas_text(p, 0, 1, p->w - 1, title, THEME_TITLE, THEME_TITLE);
	if (n == 0) {
		canvas_label(p, 1, 2, p->w - 2, "nothing", THEME_DIM);
		return;
	}
	/* Keep the cursor on screen when it is in this column. */
	top = &w->top_pane[outgoing];
	if (cur != (size_t)-1) {
		if (cur < *top)
			*top = cur > 0 && w->rows[idx[cur - 1]].header ?
			    cur - 1 : cur;
		if (cur >= *top + (size_t)rows)
			*top = cur - (size_t)rows + 1;
	}
	if (*top >= n)
		*top = 0;
	for (i = *top, y = 1; i < n && y <= rows; i++, y++) {
		r = &w->rows[idx[i]];
		if (!r->header) {
			walk_draw_edge_row(p, a, w, r, y, idx[i] == w->cursor);
			continue;
		}
		snprintf(title, sizeof(title), "%s%s (%zu)",
		    kind_edge_name(r->kind), kind_edge_is_observed(r->kind) ?
		    ", observed" : "", r->count);
		canvas_label(p, y, 2, p->w - 2, title, THEME_TITLE);
	}
}

/* Draw the card and as many attributes as fit below it on canvas p. */
static void
walkcols_card(struct walk *w, struct app *a, struct canvas *p)
{
	int	 used, y;
	size_t	 i;

	used = walk_draw_card(w, a, p, 0, 0);
	canvas_fill(p, used, 0, p->w, THEME_DIM);
	for (i = 0, y = used + 1; i < w->nattrs && y < p->h; i++, y++) {
		canvas_text(p, y, 2, 22, w->attrs[i].name, THEME_DIM,
		    THEME_ESCAPE);
		canvas_text(p, y, 25, p->w - 25, w->attrs[i].value,
		    THEME_NORMAL, THEME_ESCAPE);
	}
}

void
walkcols_draw(struct walk *w, struct app *a, struct canvas *c, int top,
    int height)
{
	struct canvas	 p;
	int		 lw = c->w * 3 / 10, rw = c->w * 3 / 10, cw, y;

	if (height < 2)
		return;
	cw = c->w - lw - rw - 2;
	canvas_init(&p);
	p.ascii = c->ascii;

	canvas_resize(&p, lw, height);
	walkcols_pane(w, a, &p, 0);
	canvas_blit(c, &p, top, 0);
	canvas_resize(&p, cw, height);
	walkcols_card(w, a, &p);
	canvas_blit(c, &p, top, lw + 1);
	canvas_resize(&p, rw, height);
	walkcols_pane(w, a, &p, 1);
	canvas_blit(c, &p, top, lw + cw + 2);
	canvas_free(&p);

	for (y = top; y < top + height; y++) {
		canvas_symbol(c, y, lw, 0x2502, '|', THEME_DIM);
		canvas_symbol(c, y, lw + cw + 1, 0x2502, '|', THEME_DIM);
	}
}
