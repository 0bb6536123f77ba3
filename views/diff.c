/*
 * The diff view: the changes between two views of the case (see
 * graph/delta.h). Each section has a title row with its count and the
 * changes under it, '+' for what the newer view has and '-' for what it
 * lost. Enter on a change walks to its node when the view the interface
 * shows has it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "delta.h"
#include "model.h"
#include "store.h"
#include "strbuf.h"
#include "term.h"
#include "tstamp.h"
#include "views.h"
#include "xalloc.h"

/* One line: a section title (item < 0) or a change. */
struct diff_row {
	int	 section;
	long	 item;
};

struct diff_view {
	struct delta	*d;
	struct diff_row	*rows;
	size_t		 nrows;
	size_t		 cursor;
	size_t		 top;
	int		 page;
};

static const struct view_ops diff_ops;

static void
diff_add_row(struct diff_view *dv, int section, long item)
{
	dv->rows = xreallocarray(dv->rows, dv->nrows + 1, sizeof(*dv->rows));
	dv->rows[dv->nrows].section = section;
	dv->rows[dv->nrows].item = item;
	dv->nrows++;
}

/* Build the rows and put the cursor on the first change. */
static void
diff_build(struct diff_view *dv)
{
	size_t	 s, i;

	for (s = 0; s < DELTA_SECTION_COUNT; s++) {
		diff_add_row(dv, (int)s, -1);
		for (i = 0; i < dv->d->count[s]; i++)
			diff_add_row(dv, (int)s, (long)i);
	}
	for (dv->cursor = 0; dv->cursor < dv->nrows &&
	    dv->rows[dv->cursor].item < 0; dv->cursor++)
		;
	if (dv->cursor == dv->nrows)
		dv->cursor = 0;
}

/* Compare the two views and record the step in the journal. */
static int
diff_load(struct app *a, struct diff_view *dv, int64_t snap)
{
	struct store_view	 va, vb;
	char			*err = NULL;
	const char		*fields[] = { "a", NULL, "b", NULL, NULL };
	int			 rc = -1;

	memset(&va, 0, sizeof(va));
	memset(&vb, 0, sizeof(vb));
	va.kind = STORE_VIEW_PREVIOUS;
	vb.kind = STORE_VIEW_CURRENT;
	if ((snap > 0 && store_view_around(a->store, snap, &va, &vb,
	    &err) == -1) ||
	    delta_load(a->store, &va, &vb, a->cli->now, a->cli->cfg, &dv->d,
	    &err) == -1) {
		app_status(a, 1, "%s", err);
		free(err);
		goto out;
	}
	fields[1] = dv->d->view_a;
	fields[3] = dv->d->view_b;
	app_case_journal(a, "diff", NULL, fields);
	rc = 0;
out:
	store_view_clear(&va);
	store_view_clear(&vb);
	return rc;
}

struct view *
diff_create(struct app *a, int64_t snap)
{
	struct diff_view	*dv;
	struct view		*view;

	dv = xcalloc(1, sizeof(*dv));
	if (diff_load(a, dv, snap) == 0)
		diff_build(dv);
	view = xcalloc(1, sizeof(*view));
	view->ops = &diff_ops;
	view->data = dv;
	return view;
}

static void
diff_free(struct view *view)
{
	struct diff_view	*dv = view->data;

	delta_free(dv->d);
	free(dv->rows);
	free(dv);
	free(view);
}

/* The text of a change, after its sign and kind. */
static void
diff_item_text(int s, const struct delta_item *it, struct strbuf *sb,
    int ascii)
{
	const char	*arrow = ascii ? "->" : "\xe2\x86\x92";
	char		 t[TSTAMP_BUFSZ];

	if (s == DELTA_EDGES_ADDED || s == DELTA_EDGES_REMOVED)
		strbuf_addf(sb, "%s %s[%s]%s %s", it->name, ascii ? "-" :
		    "\xe2\x94\x80", it->raw, arrow, it->name2);
	else if (it->rule != NULL)
		strbuf_addf(sb, "%s  %s  %s", it->rule, it->name, it->detail);
	else if (s == DELTA_REACH_ADDED || s == DELTA_REACH_REMOVED)
		strbuf_addf(sb, "%s %s %s", it->name, arrow, it->name2);
	else if (s == DELTA_STALE)
		strbuf_addf(sb, "%s  last used %s", it->name,
		    tstamp_format_date(it->when, t));
	else if (s == DELTA_EXPIRING || s == DELTA_EXPIRED)
		strbuf_addf(sb, "%s  expires %s", it->name,
		    tstamp_format_date(it->when, t));
	else
		strbuf_addstr(sb, it->name);
}

static void
diff_draw_row(struct diff_view *dv, struct app *a, struct canvas *c,
    int y, size_t r)
{
	const struct diff_row	*row = &dv->rows[r];
	const struct delta_item	*it;
	struct strbuf		 sb;
	char			 title[96];
	int			 style, sel = r == dv->cursor;

	canvas_fill(c, y, 0, c->w, sel ? THEME_SELECTED : THEME_NORMAL);
	if (row->item < 0) {
		snprintf(title, sizeof(title), "%s (%zu)",
		    delta_section_title(row->section),
		    dv->d->count[row->section]);
		canvas_label(c, y, 1, c->w - 1, title, sel ? THEME_SELECTED :
		    dv->d->count[row->section] > 0 ? THEME_TITLE : THEME_DIM);
		return;
	}
	it = &dv->d->items[row->section][row->item];
	style = sel ? THEME_SELECTED : THEME_NORMAL;
	canvas_label(c, y, 2, 1, delta_section_lost(row->section) ? "-" : "+",
	    sel ? style : delta_section_lost(row->section) ? THEME_ERROR :
	    THEME_PROMPT);
	canvas_label(c, y, 4, 16, kind_node_name(it->kind), sel ? style :
	    theme_kind_style(it->kind));
	strbuf_init(&sb);
	diff_item_text(row->section, it, &sb, c->ascii);
	canvas_text(c, y, 21, c->w - 21, sb.buf, style, THEME_ESCAPE);
	strbuf_free(&sb);
	(void)a;
}

static void
diff_draw(struct view *view, struct app *a, struct canvas *c, int top,
    int height)
{
	struct diff_view	*dv = view->data;
	char			 ta[TSTAMP_BUFSZ], tb[TSTAMP_BUFSZ];
	char			 title[200];
	int			 rows = height - 1, y;
	size_t			 r;

	canvas_fill(c, top, 0, c->w, THEME_TITLE);
	if (dv->d == NULL) {
		canvas_label(c, top, 1, c->w - 1, "no diff", THEME_TITLE);
		return;
	}
	snprintf(title, sizeof(title), "%s (%s) to %s (%s): %zu changes",
	    dv->d->view_a, tstamp_format_date(dv->d->time_a, ta),
	    dv->d->view_b, tstamp_format_date(dv->d->time_b, tb),
	    delta_total(dv->d));
	canvas_label(c, top, 1, c->w - 1, title, THEME_TITLE);
	if (rows < 1)
		return;
	dv->page = rows;
	if (dv->cursor < dv->top)
		dv->top = dv->cursor;
	if (dv->cursor >= dv->top + (size_t)rows)
		dv->top = dv->cursor - (size_t)rows + 1;
	for (r = dv->top, y = top + 1; r < dv->nrows && y < top + height;
	    r++, y++)
		diff_draw_row(dv, a, c, y, r);
}

static const char *
diff_hint(struct view *view)
{
	(void)view;
	return "Enter walk to the node  Backspace back  ? keys  q quit";
}

/* Walk to the node of the change under the cursor, if this view has it. */
static int
diff_walk(struct diff_view *dv, struct app *a)
{
	const struct diff_row	*row;
	const struct delta_item	*it;
	int64_t			 v;

	if (dv->nrows == 0 || dv->rows[dv->cursor].item < 0)
		return APP_HANDLED;
	row = &dv->rows[dv->cursor];
	it = &dv->d->items[row->section][row->item];
	v = model_find(a->model, it->key);
	if (v < 0 || (a->model->nflags[v] & MODEL_NODE_MISSING)) {
		app_status(a, 1, "%s is not in the view shown; it was removed",
		    it->key);
		return APP_HANDLED | APP_REDRAW;
	}
	app_push(a, walk_create(a, (size_t)v));
	return APP_HANDLED | APP_REDRAW;
}

static int
diff_key(struct view *view, struct app *a, int key)
{
	struct diff_view	*dv = view->data;
	size_t			 page = dv->page > 1 ? (size_t)dv->page : 1;

	switch (key) {
	case TERM_KEY_UP:
	case 'k':
		if (dv->cursor > 0)
			dv->cursor--;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_DOWN:
	case 'j':
		if (dv->cursor + 1 < dv->nrows)
			dv->cursor++;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_PGUP:
		dv->cursor = dv->cursor > page ? dv->cursor - page : 0;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_PGDN:
		dv->cursor = dv->cursor + page < dv->nrows ?
		    dv->cursor + page : (dv->nrows > 0 ? dv->nrows - 1 : 0);
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_HOME:
	case 'g':
		dv->cursor = 0;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_END:
	case 'G':
		dv->cursor = dv->nrows > 0 ? dv->nrows - 1 : 0;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_ENTER:
	case TERM_KEY_RIGHT:
	case 'l':
		return diff_walk(dv, a);
	default:
		return 0;
	}
}

static const struct view_ops diff_ops = {
	.name = "diff",
	.draw = diff_draw,
	.key = diff_key,
	.hint = diff_hint,
	.free = diff_free,
};
