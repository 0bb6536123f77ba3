/*
 * The snapshots of the case, oldest first: id, source, import time,
 * counts and whether a newer import of the source superseded it. Under
 * the list are the selected row's input file and SHA-256, and its first
 * warning when it kept any (such as an endpoint a fetch could not
 * read). Enter shows what the selected import changed, against
 * the previous import of its source; w lists its warnings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "store.h"
#include "store_warning.h"
#include "term.h"
#include "tstamp.h"
#include "views.h"
#include "xalloc.h"

struct snapshots {
	struct store_snapshot	*v;
	size_t			 n;
	size_t			 cursor;
	size_t			 top;
	int			 page;
	char			*error;
	int64_t			 warned;	/* snapshot of warning, or 0 */
	char			*warning;	/* its first warning */
};

static const struct view_ops snapshots_ops;

struct view *
snapshots_create(struct app *a)
{
	struct snapshots	*s;
	struct view		*view;

	s = xcalloc(1, sizeof(*s));
	if (store_snapshots(a->store, &s->v, &s->n, &s->error) == -1)
		app_status(a, 1, "%s", s->error);
	view = xcalloc(1, sizeof(*view));
	view->ops = &snapshots_ops;
	view->data = s;
	return view;
}

static void
snapshots_free(struct view *view)
{
	struct snapshots	*s = view->data;

	store_snapshots_free(s->v, s->n);
	free(s->error);
	free(s->warning);
	free(s);
	free(view);
}

/* 1 when a later snapshot of the same source exists. */
static int
snapshots_superseded(const struct snapshots *s, size_t i)
{
	size_t	 j;

	for (j = i + 1; j < s->n; j++) {
		if (strcmp(s->v[j].source, s->v[i].source) == 0)
			return 1;
	}
	return 0;
}

static void
snapshots_draw_row(const struct snapshots *s, struct canvas *c, int y,
    size_t i, int srcw)
{
	const struct store_snapshot	*sn = &s->v[i];
	char				 buf[64], t[TSTAMP_BUFSZ];
	int				 style, x;

	style = i == s->cursor ? THEME_SELECTED : THEME_NORMAL;
	canvas_fill(c, y, 0, c->w, style);
	snprintf(buf, sizeof(buf), "%4lld", (long long)sn->id);
	canvas_label(c, y, 1, 4, buf, style);
	x = 6;
	canvas_text(c, y, x, srcw, sn->source, style, THEME_ESCAPE);
	x += srcw + 1;
	/* "2026-12-01T00:00:00Z" shown as "2026-12-01 00:00". */
	tstamp_format(sn->imported_at, t);
	if (strlen(t) >= 16) {
		t[10] = ' ';
		t[16] = '\0';
	}
	canvas_label(c, y, x, 16, t, style);
	x += 17;
	snprintf(buf, sizeof(buf), "%6lld %6lld", (long long)sn->nodes,
	    (long long)sn->edges);
	canvas_label(c, y, x, 13, buf, style);
	x += 14;
	canvas_label(c, y, x, c->w - x, snapshots_superseded(s, i) ?
	    "superseded" : sn->partial ? "current, partial" : "current",
	    i == s->cursor ? style : snapshots_superseded(s, i) ?
	    THEME_DIM : THEME_NORMAL);
}

/*
 * The first warning the snapshot under the cursor kept, as "WHERE:
 * MESSAGE", read once per snapshot; NULL when it kept none.
 */
static const char *
snapshots_warning(struct snapshots *s, struct app *a)
{
	const struct store_snapshot	*sn = &s->v[s->cursor];
	struct store_warning		*w = NULL;
	size_t				 n = 0;
	char				*err = NULL;

	if (sn->warnings == 0)
		return NULL;
	if (s->warned == sn->id)
		return s->warning;
	free(s->warning);
	s->warning = NULL;
	s->warned = sn->id;
	if (store_warnings(a->store, sn->id, &w, &n, &err) == -1) {
		s->warning = err;
		return s->warning;
	}
	if (n > 0)
		s->warning = xasprintf("%lld kept, w lists them; first: %s: %s",
		    (long long)sn->warnings, w[0].path, w[0].message);
	store_warnings_free(w, n);
	return s->warning;
}

/*
 * Rows under the list: the input and its digest, and the first warning
 * when there is one.
 */
static void
snapshots_draw_detail(const struct snapshots *s, struct canvas *c, int y,
    const char *warning)
{
	const struct store_snapshot	*sn = &s->v[s->cursor];

	if (warning != NULL) {
		canvas_label(c, y + 3, 1, 8, "warnings", THEME_DIM);
		canvas_text(c, y + 3, 10, c->w - 10, warning, THEME_NORMAL,
		    THEME_ESCAPE);
	}
	canvas_fill(c, y, 0, c->w, THEME_DIM);
	canvas_label(c, y + 1, 1, 8, "input", THEME_DIM);
	canvas_text(c, y + 1, 10, c->w - 10, sn->input, THEME_NORMAL,
	    THEME_ESCAPE);
	canvas_label(c, y + 2, 1, 8, "sha256", THEME_DIM);
	canvas_text(c, y + 2, 10, c->w - 10, sn->input_sha256 != NULL ?
	    sn->input_sha256 : "unknown", THEME_NORMAL, THEME_ESCAPE);
}

/*
 * The findings per snapshot as a sparkline on row y, oldest first, with
 * the first and last counts; "no findings data" without the engine.
 */
static void
snapshots_draw_trend(struct app *a, struct canvas *c, int y)
{
	static const char	 ascii[] = ".:-=+*#@";
	const struct app_findings *f = app_findings(a);
	int64_t			 snap[256];
	uint32_t		 count[256], max = 0;
	char			 range[64];
	size_t			 n, i;
	int			 x, level;

	canvas_fill(c, y, 0, c->w, THEME_NORMAL);
	x = 1 + canvas_label(c, y, 1, c->w - 1, "findings per snapshot: ",
	    THEME_DIM);
	if (f == NULL || f->per_snapshot == NULL || (n = f->per_snapshot(
	    f->ctx, snap, count, sizeof(snap) / sizeof(snap[0]))) == 0) {
		canvas_label(c, y, x, c->w - x, "no findings data", THEME_DIM);
		return;
	}
	for (i = 0; i < n; i++)
		max = count[i] > max ? count[i] : max;
	for (i = 0; i < n && x < c->w - 24; i++, x++) {
		/* Eight levels: U+2581 (lowest) to U+2588 (full block). */
		level = max > 0 ? (int)((uint64_t)count[i] * 7 / max) : 0;
		canvas_symbol(c, y, x, 0x2581 + (uint32_t)level, ascii[level],
		    THEME_ERROR);
	}
	snprintf(range, sizeof(range), "  %u to %u, highest %u", count[0],
	    count[n - 1], max);
	canvas_label(c, y, x, c->w - x, range, THEME_DIM);
}

static void
snapshots_draw(struct view *view, struct app *a, struct canvas *c, int top,
    int height)
{
	struct snapshots	*s = view->data;
	const char		*warning;
	/* The state column fits "current, partial". */
	int			 rows, srcw = c->w - 6 - 17 - 14 - 17 - 1, y;
	int			 detail;
	size_t			 i;

	if (srcw < 8)
		srcw = 8;
	canvas_fill(c, top, 0, c->w, THEME_TITLE);
	canvas_label(c, top, 1, 4, "  ID", THEME_TITLE);
	canvas_label(c, top, 6, srcw, "SOURCE", THEME_TITLE);
	canvas_label(c, top, 6 + srcw + 1, 16, "IMPORTED (UTC)", THEME_TITLE);
	canvas_label(c, top, 6 + srcw + 18, 13, " NODES  EDGES", THEME_TITLE);
	canvas_label(c, top, 6 + srcw + 32, 16, "STATE", THEME_TITLE);
	if (s->n == 0) {
		canvas_label(c, top + 1, 2, c->w - 2, s->error != NULL ?
		    "the snapshots could not be read" : "no snapshots",
		    THEME_DIM);
		return;
	}
	warning = snapshots_warning(s, a);
	detail = 0;
	if (height > 8)
		detail = (warning != NULL ? 4 : 3) + 1;	/* and the trend */
	rows = height - 1 - detail;
	if (rows < 1)
		return;
	s->page = rows;
	if (s->cursor < s->top)
		s->top = s->cursor;
	if (s->cursor >= s->top + (size_t)rows)
		s->top = s->cursor - (size_t)rows + 1;
	for (i = s->top, y = top + 1; i < s->n && y < top + 1 + rows; i++, y++)
		snapshots_draw_row(s, c, y, i, srcw);
	if (detail > 0) {
		snapshots_draw_detail(s, c, top + height - detail, warning);
		snapshots_draw_trend(a, c, top + height - 1);
	}
}

static const char *
snapshots_hint(struct view *view)
{
	struct snapshots	*s = view->data;

	if (s->n > 0 && s->v[s->cursor].warnings > 0)
		return "Enter what it changed  w warnings  Backspace back  "
		    "? keys  q quit";
	return "Enter what it changed  Backspace back  ? keys  q quit";
}

static int
snapshots_key(struct view *view, struct app *a, int key)
{
	struct snapshots	*s = view->data;
	size_t			 page = s->page > 1 ? (size_t)s->page : 1;

	switch (key) {
	case TERM_KEY_UP:
	case 'k':
		if (s->cursor > 0)
			s->cursor--;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_DOWN:
	case 'j':
		if (s->cursor + 1 < s->n)
			s->cursor++;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_PGUP:
		s->cursor = s->cursor > page ? s->cursor - page : 0;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_PGDN:
		s->cursor = s->cursor + page < s->n ? s->cursor + page :
		    (s->n > 0 ? s->n - 1 : 0);
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_HOME:
	case 'g':
		s->cursor = 0;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_END:
	case 'G':
		s->cursor = s->n > 0 ? s->n - 1 : 0;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_ENTER:
	case TERM_KEY_RIGHT:
	case 'l':
		if (s->n > 0)
			app_push(a, diff_create(a, s->v[s->cursor].id));
		return APP_HANDLED | APP_REDRAW;
	case 'w':
		if (s->n > 0 && s->v[s->cursor].warnings > 0)
			app_push(a, warnings_create(a, s->v[s->cursor].id,
			    s->v[s->cursor].source));
		return APP_HANDLED | APP_REDRAW;
	default:
		return 0;
	}
}

static const struct view_ops snapshots_ops = {
	.name = "snapshots",
	.draw = snapshots_draw,
	.key = snapshots_key,
	.hint = snapshots_hint,
	.free = snapshots_free,
};
