/*
 * The node list: every node of the case with kind, name, source and
 * degree, sorted by kind and name, narrowed as the analyst types after
 * '/'. Enter opens the walk from the selected node. Annotated nodes show
 * their marks (annot_marks()) at the end of the name column; Space marks
 * a node, n, t and r add a note, tags or a review state, E exports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annot.h"
#include "app.h"
#include "cmd.h"
#include "model.h"
#include "query.h"
#include "strbuf.h"
#include "prompt.h"
#include "term.h"
#include "views.h"
#include "xalloc.h"

struct list {
	uint32_t	*all;		/* every node, sorted */
	uint32_t	*shown;		/* the nodes matching the filter */
	size_t		 nshown;
	size_t		 cursor;
	size_t		 top;
	struct prompt	 filter;
	int		 page;		/* rows on the last draw */
};

static const struct view_ops list_ops;

static void
list_refilter(struct list *l, const struct model *m)
{
	size_t	 i;

	l->nshown = 0;
	for (i = 0; i < m->nnodes; i++) {
		if (l->filter.text.len == 0 ||
		    query_match(m, l->all[i], l->filter.text.buf, NULL, 0))
			l->shown[l->nshown++] = l->all[i];
	}
	l->cursor = 0;
	l->top = 0;
}

struct view *
list_create(struct app *a)
{
	const struct model	*m = a->model;
	struct view		*v;
	struct list		*l;
	size_t			 i;

	l = xcalloc(1, sizeof(*l));
	l->all = xreallocarray(NULL, m->nnodes + 1, sizeof(*l->all));
	l->shown = xreallocarray(NULL, m->nnodes + 1, sizeof(*l->shown));
	for (i = 0; i < m->nnodes; i++)
		l->all[i] = (uint32_t)i;
	query_sort(m, l->all, m->nnodes);
	prompt_init(&l->filter);
	list_refilter(l, m);
	v = xcalloc(1, sizeof(*v));
	v->ops = &list_ops;
	v->data = l;
	return v;
}

static void
list_free(struct view *v)
{
	struct list	*l = v->data;

	free(l->all);
	free(l->shown);
	prompt_free(&l->filter);
	free(l);
	free(v);
}

/* Draw one node row: gutter, kind, name and marks, source, degree. */
static void
list_draw_row(struct canvas *c, const struct model *m, int y, size_t v,
    int selected, const char *marks)
{
	char	 deg[16];
	int	 w = c->w, namew, srcw = 0, x, style, kstyle;

	style = selected ? THEME_SELECTED : THEME_NORMAL;
	kstyle = selected ? THEME_SELECTED : theme_kind_style(m->kind[v]);
	if (m->nflags[v] & MODEL_NODE_MISSING && !selected)
		style = kstyle = THEME_MISSING;
	canvas_fill(c, y, 0, w, style);
	if (w >= 60)
		srcw = w >= 100 ? 28 : 18;
	namew = w - 1 - 17 - (srcw ? srcw + 1 : 0) - 7;
	if (namew < 8)
		namew = 8;

	x = 1;
	canvas_label(c, y, x, 16, kind_node_name(m->kind[v]), kstyle);
	x += 17;
	if (marks != NULL && namew > 13) {
		canvas_text(c, y, x, namew - 5, m->name[v], style,
		    THEME_ESCAPE);
		canvas_label(c, y, x + namew - 4, 4, marks, selected ? style :
		    THEME_PROMPT);
	} else
		canvas_text(c, y, x, namew, m->name[v], style, THEME_ESCAPE);
	x += namew + 1;
	if (srcw) {
		canvas_text(c, y, x, srcw, model_label(m, m->source[v]),
		    selected ? style : THEME_DIM, THEME_ESCAPE);
		x += srcw + 1;
	}
	snprintf(deg, sizeof(deg), "%6zu", model_degree(m, v));
	canvas_label(c, y, w - 7, 6, deg, style);
}

static void
list_draw(struct view *v, struct app *a, struct canvas *c, int top,
    int height)
{
	struct list		*l = v->data;
	const struct model	*m = a->model;
	char			 title[96], marks[5];
	int			 rows = height - 1, y, srcw;
	size_t			 i;

	if (prompt_active(&l->filter)) {
		/* The filter line takes the last row of the view. */
		rows--;
		height--;
		snprintf(title, sizeof(title), "%zu of %zu", l->nshown,
		    m->nnodes);
		prompt_draw(&l->filter, c, top + height, "/", title);
	}
	if (rows < 1)
		return;
	l->page = rows;
	if (l->cursor < l->top)
		l->top = l->cursor;
	if (l->cursor >= l->top + (size_t)rows)
		l->top = l->cursor - (size_t)rows + 1;

	canvas_fill(c, top, 0, c->w, THEME_TITLE);
	canvas_label(c, top, 1, 16, "KIND", THEME_TITLE);
	canvas_label(c, top, 18, 8, "NAME", THEME_TITLE);
	srcw = c->w >= 60 ? (c->w >= 100 ? 28 : 18) : 0;
	if (srcw)
		canvas_label(c, top, c->w - 7 - srcw - 1, srcw, "SOURCE",
		    THEME_TITLE);
	canvas_label(c, top, c->w - 7, 7, "DEGREE", THEME_TITLE);

	for (i = l->top, y = top + 1; i < l->nshown && y < top + height;
	    i++, y++)
		list_draw_row(c, m, y, l->shown[i], i == l->cursor,
		    annot_marks(annot_get(a->annot, m->kid[l->shown[i]]),
		    a->cli->now, marks));
	if (l->nshown == 0) {
		snprintf(title, sizeof(title), "no node matches the filter");
		canvas_label(c, top + 1, 2, c->w - 2, title, THEME_DIM);
	}
}

static const char *
list_hint(struct view *v)
{
	struct list	*l = v->data;

	if (l->filter.editing)
		return "type to filter  Enter keep  Esc clear";
	return "Enter walk  / filter  ? keys  q quit";
}

/* Record a kept filter in the journal. */
static void
list_journal_filter(struct app *a, struct list *l)
{
	const char	*fields[] = {
		"text", strbuf_str(&l->filter.text), "view", "list", NULL
	};

	app_case_journal(a, "filter", NULL, fields);
}

/* The keys that annotate the selected node or export; 0 if not one. */
static int
list_annot_key(struct list *l, struct app *a, int key)
{
	size_t	 v;

	if (key == 'E') {
		app_push(a, ask_create(a, ASK_EXPORT, 0,
		    strbuf_str(&l->filter.text)));
		return APP_HANDLED | APP_REDRAW;
	}
	if (key != ' ' && key != 'n' && key != 't' && key != 'r')
		return 0;
	if (l->nshown == 0)
		return APP_HANDLED;
	v = l->shown[l->cursor];
	if (!app_case_writable(a))
		return APP_HANDLED | APP_REDRAW;
	if (key == ' ')
		return ask_toggle_mark(a, v);
	app_push(a, ask_create(a, key == 'n' ? ASK_NOTE : key == 't' ?
	    ASK_TAG : ASK_REVIEW, v, NULL));
	return APP_HANDLED | APP_REDRAW;
}

static int
list_key(struct view *v, struct app *a, int key)
{
	struct list	*l = v->data;
	size_t		 page = l->page > 1 ? (size_t)l->page : 1;
	int		 rc;

	rc = prompt_key(&l->filter, key);
	if (rc == PROMPT_CHANGED)
		list_refilter(l, a->model);
	if (rc == PROMPT_KEPT && key == TERM_KEY_ENTER && l->filter.text.len)
		list_journal_filter(a, l);
	if (rc != PROMPT_IGNORED)
		return APP_HANDLED | APP_REDRAW;
	if ((rc = list_annot_key(l, a, key)) != 0)
		return rc;
	switch (key) {
	case '/':
		prompt_open(&l->filter);
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_UP:
	case 'k':
		if (l->cursor > 0)
			l->cursor--;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_DOWN:
	case 'j':
		if (l->cursor + 1 < l->nshown)
			l->cursor++;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_PGUP:
		l->cursor = l->cursor > page ? l->cursor - page : 0;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_PGDN:
		l->cursor += page;
		if (l->cursor >= l->nshown)
			l->cursor = l->nshown > 0 ? l->nshown - 1 : 0;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_HOME:
	case 'g':
		l->cursor = 0;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_END:
	case 'G':
		l->cursor = l->nshown > 0 ? l->nshown - 1 : 0;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_ENTER:
	case TERM_KEY_RIGHT:
	case 'l':
		if (l->nshown > 0)
			app_push(a, walk_create(a, l->shown[l->cursor]));
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_ESC:
		if (l->filter.text.len > 0) {
			strbuf_reset(&l->filter.text);
			list_refilter(l, a->model);
			return APP_HANDLED | APP_REDRAW;
		}
		return APP_HANDLED;
	default:
		return 0;
	}
}

static const struct view_ops list_ops = {
	.name = "list",
	.draw = list_draw,
	.key = list_key,
	.hint = list_hint,
	.free = list_free,
};
