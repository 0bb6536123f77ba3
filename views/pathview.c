/*
 * The path view: the shortest path from one node to another as a chain
 * of nodes and the edges between them (kind, source kind, conditions),
 * and up to PATHVIEW_K alternatives, Tab and Shift-Tab (or } and {) switching
 * between them. It
 * is recomputed when the scenario changes, so switching an edge of the
 * path off with x shows the next way round at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "model.h"
#include "paths.h"
#include "rows.h"
#include "store.h"
#include "term.h"
#include "views.h"
#include "xalloc.h"

#define PATHVIEW_K	5

struct pathview {
	size_t		 from;
	size_t		 to;
	struct paths	 ps;
	struct path	*paths;
	size_t		 n;
	size_t		 cur;		/* the path shown */
	struct rows	 nav;		/* lines: node, edge, node, ... */
	int		 cancelled;
};

static const struct view_ops pathview_ops;

/* Show path i: its lines, with the cursor on the first. */
static void
pathview_show(struct pathview *pv, size_t i)
{
	pv->cur = i;
	pv->nav.n = pv->n > 0 ? 2 * pv->paths[i].len + 1 : 0;
	pv->nav.cursor = pv->nav.top = 0;
}

static void
pathview_refresh(struct view *v, struct app *a)
{
	struct pathview		*pv = v->data;
	struct reach_filter	 f;

	path_list_free(pv->paths, pv->n);
	pv->paths = NULL;
	pv->n = 0;
	scenario_filter(&a->sc, &f);
	pv->cancelled = paths_k_shortest(&pv->ps, pv->from, pv->to,
	    PATHVIEW_K, &f, app_work(a), &pv->paths, &pv->n) == -1;
	if (pv->cancelled)
		app_status(a, 0, "path search cancelled; R searches again");
	pathview_show(pv, 0);
}

struct view *
pathview_create(struct app *a, size_t from, size_t to)
{
	struct pathview	*pv;
	struct view	*v;

	pv = xcalloc(1, sizeof(*pv));
	pv->from = from;
	pv->to = to;
	paths_init(&pv->ps, a->model);
	v = app_view(a, &pathview_ops, pv, 0);
	pathview_refresh(v, a);
	return v;
}

static void
pathview_free(struct view *v)
{
	struct pathview	*pv = v->data;

	path_list_free(pv->paths, pv->n);
	paths_free(&pv->ps);
	free(pv);
	free(v);
}

/* Title, the lengths of the alternatives and a rule; returns rows used. */
static int
pathview_draw_head(struct pathview *pv, struct app *a, struct canvas *c,
    int y)
{
	const struct model	*m = a->model;
	struct strbuf		 sb;
	char			*kinds;
	size_t			 i;

	strbuf_init(&sb);
	if (pv->n > 0)
		strbuf_addf(&sb, "path %zu of %zu: ", pv->cur + 1, pv->n);
	else
		strbuf_addstr(&sb, pv->cancelled ? "search cancelled: " :
		    "no path: ");
	strbuf_addf(&sb, "%s to %s", m->name[pv->from], m->name[pv->to]);
	canvas_fill(c, y, 0, c->w, THEME_TITLE);
	canvas_text(c, y, 1, c->w - 1, sb.buf, THEME_TITLE, THEME_ESCAPE);

	strbuf_reset(&sb);
	kinds = reach_format_kinds(a->sc.kinds);
	strbuf_addf(&sb, "edges %s", kinds);
	free(kinds);
	if (pv->n > 0) {
		strbuf_addstr(&sb, "   lengths");
		for (i = 0; i < pv->n; i++)
			strbuf_addf(&sb, i == pv->cur ? " [%zu]" : " %zu",
			    pv->paths[i].len);
	}
	canvas_fill(c, y + 1, 0, c->w, THEME_NORMAL);
	canvas_label(c, y + 1, 1, c->w - 1, sb.buf, THEME_DIM);
	canvas_fill(c, y + 2, 0, c->w, THEME_DIM);
	strbuf_free(&sb);
	return 3;
}

static void
pathview_draw_node(struct app *a, struct canvas *c, int y, size_t v,
    int selected)
{
	const struct model	*m = a->model;
	int			 style = selected ? THEME_SELECTED : THEME_NORMAL;
	int			 x;

	canvas_fill(c, y, 0, c->w, style);
	/* Column 2 stays blank between the what-if mark and the kind. */
	canvas_label(c, y, 3, 15, kind_node_name(m->kind[v]), selected ?
	    style : theme_kind_style(m->kind[v]));
	x = 19 + canvas_text(c, y, 19, c->w / 2 - 19, m->name[v], style,
	    THEME_ESCAPE);
	if (scenario_node_off(&a->sc, v))
		canvas_label(c, y, 1, 1, "x", THEME_ERROR);
	canvas_text(c, y, x + 2, c->w - x - 2, m->key[v], selected ? style :
	    THEME_DIM, THEME_ESCAPE);
	if (c->row_flags[y] & CANVAS_ROW_ESCAPED)
		canvas_label(c, y, 0, 1, "!", THEME_ESCAPE);
}

static void
pathview_draw_edge(struct app *a, struct canvas *c, int y, uint32_t e,
    int selected)
{
	const struct model	*m = a->model;
	struct strbuf		 sb;
	char			*cond = NULL, *attrs = NULL, *err = NULL;
	int			 style = selected ? THEME_SELECTED : THEME_NORMAL;
	int			 x;

	canvas_fill(c, y, 0, c->w, style);
	x = 6 + canvas_text(c, y, 6, 2, c->ascii ? "|" : "\xe2\x86\x93",
	    selected ? style : THEME_EDGE, THEME_EDGE);
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s (%s)", kind_edge_name(m->ekind[e]),
	    model_label(m, m->eraw[e]));
	x += 1 + canvas_text(c, y, x + 1, c->w / 2, sb.buf, selected ? style :
	    THEME_EDGE, THEME_ESCAPE);
	if (m->eflags[e] & RECORD_EDGE_CONDITIONAL) {
		canvas_label(c, y, 4, 1, "?", THEME_PROMPT);
		if (store_edge_detail(a->store, m->eid[e], &cond, &attrs,
		    &err) == 0 && cond != NULL)
			canvas_text(c, y, x + 2, c->w - x - 2, cond, selected ?
			    style : THEME_PROMPT, THEME_ESCAPE);
	}
	if (scenario_edge_off(&a->sc, e))
		canvas_label(c, y, 1, 1, "x", THEME_ERROR);
	if (c->row_flags[y] & CANVAS_ROW_ESCAPED)
		canvas_label(c, y, 0, 1, "!", THEME_ESCAPE);
	free(cond);
	free(attrs);
	free(err);
	strbuf_free(&sb);
}

static void
pathview_draw(struct view *v, struct app *a, struct canvas *c, int top,
    int height)
{
	struct pathview		*pv = v->data;
	const struct path	*p;
	size_t			 i;
	int			 y;

	y = top + pathview_draw_head(pv, a, c, top);
	rows_fit(&pv->nav, top + height - y);
	if (pv->n == 0) {
		canvas_label(c, y, 2, c->w - 2, "no path under these edge "
		    "kinds and what-if switches (e: edge kinds, X: all on)",
		    THEME_DIM);
		return;
	}
	p = &pv->paths[pv->cur];
	for (i = pv->nav.top; i < pv->nav.n && y < top + height; i++, y++) {
		if (i % 2 == 0)
			pathview_draw_node(a, c, y, path_node(a->model, p,
			    pv->from, i / 2), i == pv->nav.cursor);
		else
			pathview_draw_edge(a, c, y, p->edges[i / 2],
			    i == pv->nav.cursor);
	}
}

static const char *
pathview_hint(struct view *v)
{
	(void)v;
	return "Tab/S-Tab next/previous path  Enter walk  x what-if  [ back"
	    "  ? keys";
}

static void
pathview_selected(struct view *v, struct app *a, int64_t *node,
    int64_t *edge)
{
	struct pathview		*pv = v->data;
	const struct path	*p;
	size_t			 i = pv->nav.cursor;

	*node = *edge = -1;
	if (pv->n == 0 || i >= pv->nav.n)
		return;
	p = &pv->paths[pv->cur];
	if (i % 2 == 0)
		*node = (int64_t)path_node(a->model, p, pv->from, i / 2);
	else
		*edge = p->edges[i / 2];
}

static int
pathview_key(struct view *v, struct app *a, int key)
{
	struct pathview	*pv = v->data;
	int64_t		 node, edge;

	if (rows_key(&pv->nav, key))
		return APP_HANDLED | APP_REDRAW;
	switch (key) {
	case '}':
	case TERM_KEY_TAB:
		if (pv->n > 0)
			pathview_show(pv, (pv->cur + 1) % pv->n);
		return APP_HANDLED | APP_REDRAW;
	case '{':
	case TERM_KEY_BTAB:
		if (pv->n > 0)
			pathview_show(pv, (pv->cur + pv->n - 1) % pv->n);
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_ENTER:
	case TERM_KEY_RIGHT:
	case 'l':
		pathview_selected(v, a, &node, &edge);
		if (edge >= 0)
			node = a->model->esrc[edge];
		if (node >= 0)
			app_push(a, walk_create(a, (size_t)node));
		return APP_HANDLED | APP_REDRAW;
	default:
		return 0;
	}
}

static const struct view_ops pathview_ops = {
	.name = "path",
	.draw = pathview_draw,
	.key = pathview_key,
	.hint = pathview_hint,
	.free = pathview_free,
	.selected = pathview_selected,
	.refresh = pathview_refresh,
};
