/*
 * The marked set and what can be done with it at once. The marks view
 * lists the nodes marked with Space (the "marked" tag); E exports them
 * and the edges between them as a subgraph, P shows the paths from all
 * of them to the node selected in the view below. The paths view lists,
 * per marked node, the shortest path to one target (or that there is
 * none), and Enter opens the full path view with its alternatives.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annot.h"
#include "app.h"
#include "model.h"
#include "paths.h"
#include "query.h"
#include "rows.h"
#include "term.h"
#include "views.h"
#include "xalloc.h"

struct marks {
	uint32_t	*nodes;		/* the marked nodes */
	size_t		 n;
	int64_t		 target;	/* paths to it, or -1: the marks view */
	size_t		*hops;		/* per node: path length */
	int		*found;		/* 1 path, 0 none, -1 cancelled */
	struct rows	 rows;
};

static const struct view_ops marks_ops;

/* Collect the marked nodes of the model, in list order. */
static void
marks_collect(struct app *a, struct marks *mk)
{
	const struct model	*m = a->model;
	size_t			 v;

	mk->nodes = xreallocarray(NULL, annot_count(a->annot) + 1,
	    sizeof(*mk->nodes));
	for (v = 0; v < m->nnodes && mk->n < annot_count(a->annot); v++) {
		if (annot_has_tag(annot_get(a->annot, m->kid[v]),
		    ANNOT_MARK_TAG))
			mk->nodes[mk->n++] = (uint32_t)v;
	}
	query_sort(m, mk->nodes, mk->n);
	mk->rows.n = mk->n;
}

/* The shortest path from every marked node to the target. */
static void
marks_paths(struct app *a, struct marks *mk)
{
	struct reach_filter	 f;
	struct paths		 ps;
	struct path		 p;
	size_t			 i;
	int			 rc;

	free(mk->hops);
	free(mk->found);
	mk->hops = xcalloc(mk->n + 1, sizeof(*mk->hops));
	mk->found = xcalloc(mk->n + 1, sizeof(*mk->found));
	scenario_filter(&a->sc, &f);
	paths_init(&ps, a->model);
	for (i = 0; i < mk->n; i++) {
		rc = paths_shortest(&ps, mk->nodes[i], (size_t)mk->target, &f,
		    app_work(a), &p);
		if (rc == -1) {
			mk->found[i] = -1;
			app_status(a, 0, "path search cancelled; R searches "
			    "again");
			break;
		}
		mk->found[i] = rc == 0;
		mk->hops[i] = rc == 0 ? p.len : 0;
		if (rc == 0)
			path_free(&p);
	}
	paths_free(&ps);
}

static struct view *
marks_make(struct app *a, int64_t target)
{
	struct marks	*mk = xcalloc(1, sizeof(*mk));

	mk->target = target;
	marks_collect(a, mk);
	if (mk->n == 0)
		app_status(a, 0, "nothing is marked: Space marks the selected "
		    "node");
	if (target >= 0)
		marks_paths(a, mk);
	return app_view(a, &marks_ops, mk, 0);
}

struct view *
marks_create(struct app *a)
{
	return marks_make(a, -1);
}

struct view *
marks_paths_create(struct app *a, size_t target)
{
	return marks_make(a, (int64_t)target);
}

static void
marks_refresh(struct view *v, struct app *a)
{
	struct marks	*mk = v->data;

	if (mk->target >= 0)
		marks_paths(a, mk);
}

static void
marks_free(struct view *v)
{
	struct marks	*mk = v->data;

	free(mk->nodes);
	free(mk->hops);
	free(mk->found);
	free(mk);
	free(v);
}

static void
marks_draw(struct view *v, struct app *a, struct canvas *c, int top,
    int height)
{
	struct marks		*mk = v->data;
	const struct model	*m = a->model;
	char			 title[96], hops[32];
	int			 y, style, x;
	size_t			 i, u;

	canvas_fill(c, top, 0, c->w, THEME_TITLE);
	if (mk->target >= 0) {
		x = 1 + canvas_label(c, top, 1, c->w - 1, "Paths from the "
		    "marked nodes to ", THEME_TITLE);
		canvas_text(c, top, x, c->w - x, m->name[mk->target],
		    THEME_TITLE, THEME_ESCAPE);
	} else {
		snprintf(title, sizeof(title), "%zu marked node%s", mk->n,
		    mk->n == 1 ? "" : "s");
		canvas_label(c, top, 1, c->w - 1, title, THEME_TITLE);
	}
	rows_fit(&mk->rows, height - 1);
	for (i = mk->rows.top, y = top + 1; i < mk->n && y < top + height;
	    i++, y++) {
		u = mk->nodes[i];
		style = i == mk->rows.cursor ? THEME_SELECTED : THEME_NORMAL;
		canvas_fill(c, y, 0, c->w, style);
		canvas_label(c, y, 2, 15, kind_node_name(m->kind[u]),
		    i == mk->rows.cursor ? style : theme_kind_style(m->kind[u]));
		canvas_text(c, y, 18, c->w - 32, m->name[u], style,
		    THEME_ESCAPE);
		if (mk->target < 0)
			continue;
		if (mk->found[i] == 1)
			snprintf(hops, sizeof(hops), "%zu hops", mk->hops[i]);
		else
			snprintf(hops, sizeof(hops), "%s", mk->found[i] == 0 ?
			    "no path" : "cancelled");
		canvas_label(c, y, c->w - 12, 11, hops, i == mk->rows.cursor ?
		    style : mk->found[i] == 1 ? THEME_ERROR : THEME_DIM);
	}
}

static int
marks_key(struct view *v, struct app *a, int key)
{
	struct marks	*mk = v->data;
	size_t		 u;

	if (rows_key(&mk->rows, key))
		return APP_HANDLED | APP_REDRAW;
	if (key == 'E') {
		app_push(a, ask_create(a, ASK_EXPORT, 0, NULL));
		return APP_HANDLED | APP_REDRAW;
	}
	if (key != TERM_KEY_ENTER || mk->rows.cursor >= mk->n)
		return 0;
	u = mk->nodes[mk->rows.cursor];
	if (mk->target >= 0 && mk->found[mk->rows.cursor] == 1)
		app_push(a, pathview_create(a, u, (size_t)mk->target));
	else
		app_push(a, walk_create(a, u));
	return APP_HANDLED | APP_REDRAW;
}

static const char *
marks_hint(struct view *v)
{
	struct marks	*mk = v->data;

	if (mk->target >= 0)
		return "Enter the path and its alternatives  [ back  ? keys";
	return "Enter walk  E export them and the edges between them  "
	    "P paths to the selection  [ back";
}

static void
marks_selected(struct view *v, struct app *a, int64_t *node, int64_t *edge)
{
	struct marks	*mk = v->data;

	(void)a;
	*edge = -1;
	*node = mk->rows.cursor < mk->n ? (int64_t)mk->nodes[mk->rows.cursor] :
	    -1;
}

static const struct view_ops marks_ops = {
	.name = "marks",
	.draw = marks_draw,
	.key = marks_key,
	.hint = marks_hint,
	.free = marks_free,
	.selected = marks_selected,
	.refresh = marks_refresh,
};
