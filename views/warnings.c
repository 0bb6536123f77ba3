/*
 * The warnings one import kept: each record it skipped or changed and
 * each part of a fetch that could not be read, one row each with where
 * and why. The selected warning is shown whole under the list, because
 * endpoints and messages are often wider than the screen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "store.h"
#include "store_warning.h"
#include "term.h"
#include "views.h"
#include "xalloc.h"

/* Rows under the list for the selected warning. */
#define WARNINGS_DETAIL	4

struct warnings {
	struct store_warning	*v;
	size_t			 n;
	size_t			 cursor;
	size_t			 top;
	int			 page;
	char			*title;
};

static const struct view_ops warnings_ops;

struct view *
warnings_create(struct app *a, int64_t snapshot, const char *source)
{
	struct warnings	*w;
	struct view	*view;
	char		*err = NULL;

	w = xcalloc(1, sizeof(*w));
	if (store_warnings(a->store, snapshot, &w->v, &w->n, &err) == -1) {
		app_status(a, 1, "%s", err);
		free(err);
	}
	w->title = xasprintf("warnings of snapshot %lld, %s: %zu",
	    (long long)snapshot, source, w->n);
	view = xcalloc(1, sizeof(*view));
	view->ops = &warnings_ops;
	view->data = w;
	return view;
}

static void
warnings_free(struct view *view)
{
	struct warnings	*w = view->data;

	store_warnings_free(w->v, w->n);
	free(w->title);
	free(w);
	free(view);
}

/*
 * Draw text over rows y .. y + rows - 1, cut into pieces of the width
 * (at UTF-8 boundaries; the sanitiser measures each piece).
 */
static void
warnings_wrap(struct canvas *c, int y, int rows, const char *text, int style)
{
	size_t	 len = strlen(text), width = (size_t)(c->w > 4 ? c->w - 4 : 1);
	size_t	 at = 0, n, cut;
	char	*piece;
	int	 r;

	for (r = 0; r < rows && at < len; r++) {
		n = len - at > width ? width : len - at;
		/* Break after the last space that fits, else on a character. */
		for (cut = n; at + n < len && cut > 1 && text[at + cut - 1] !=
		    ' '; cut--)
			;
		if (at + n < len && cut > 1)
			n = cut;
		while (at + n < len && n > 1 &&
		    ((unsigned char)text[at + n] & 0xc0) == 0x80)
			n--;
		/* The last row takes the rest, cut with an ellipsis. */
		if (r == rows - 1)
			n = len - at;
		piece = xstrndup(text + at, n);
		canvas_text(c, y + r, 3, c->w - 3, piece, style, THEME_ESCAPE);
		free(piece);
		at += n;
	}
}

static void
warnings_draw(struct view *view, struct app *a, struct canvas *c, int top,
    int height)
{
	struct warnings		*w = view->data;
	const struct store_warning *sel;
	int			 rows, y, pathw = c->w / 3, style;
	size_t			 i;

	(void)a;
	canvas_fill(c, top, 0, c->w, THEME_TITLE);
	canvas_text(c, top, 1, c->w - 1, w->title, THEME_TITLE, THEME_ESCAPE);
	if (w->n == 0) {
		canvas_label(c, top + 1, 2, c->w - 2, "no warnings", THEME_DIM);
		return;
	}
	rows = height - 1 - (height > WARNINGS_DETAIL + 4 ?
	    WARNINGS_DETAIL + 1 : 0);
	if (rows < 1)
		return;
	w->page = rows;
	if (w->cursor < w->top)
		w->top = w->cursor;
	if (w->cursor >= w->top + (size_t)rows)
		w->top = w->cursor - (size_t)rows + 1;
	for (i = w->top, y = top + 1; i < w->n && y < top + 1 + rows;
	    i++, y++) {
		style = i == w->cursor ? THEME_SELECTED : THEME_NORMAL;
		canvas_fill(c, y, 0, c->w, style);
		canvas_text(c, y, 1, pathw - 1, w->v[i].path, style,
		    THEME_ESCAPE);
		canvas_text(c, y, pathw + 1, c->w - pathw - 1, w->v[i].message,
		    style, THEME_ESCAPE);
	}
	if (height <= WARNINGS_DETAIL + 4)
		return;
	sel = &w->v[w->cursor];
	y = top + height - WARNINGS_DETAIL;
	canvas_fill(c, y - 1, 0, c->w, THEME_DIM);
	canvas_text(c, y, 1, c->w - 1, sel->path, THEME_TITLE, THEME_ESCAPE);
	warnings_wrap(c, y + 1, WARNINGS_DETAIL - 1, sel->message,
	    THEME_NORMAL);
}

static const char *
warnings_hint(struct view *view)
{
	(void)view;
	return "j/k move  Backspace back  ? keys  q quit";
}

static int
warnings_key(struct view *view, struct app *a, int key)
{
	struct warnings	*w = view->data;
	size_t		 page = w->page > 1 ? (size_t)w->page : 1;

	(void)a;
	switch (key) {
	case TERM_KEY_UP:
	case 'k':
		if (w->cursor > 0)
			w->cursor--;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_DOWN:
	case 'j':
		if (w->cursor + 1 < w->n)
			w->cursor++;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_PGUP:
		w->cursor = w->cursor > page ? w->cursor - page : 0;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_PGDN:
		w->cursor = w->cursor + page < w->n ? w->cursor + page :
		    (w->n > 0 ? w->n - 1 : 0);
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_HOME:
	case 'g':
		w->cursor = 0;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_END:
	case 'G':
		w->cursor = w->n > 0 ? w->n - 1 : 0;
		return APP_HANDLED | APP_REDRAW;
	default:
		return 0;
	}
}

static const struct view_ops warnings_ops = {
	.name = "warnings",
	.draw = warnings_draw,
	.key = warnings_key,
	.hint = warnings_hint,
	.free = warnings_free,
};
