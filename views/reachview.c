/*
 * The reach view: what a node can reach (or, reversed, who can reach
 * it) as a tree of groups (identities, privileges, systems, other) with
 * counts, each reached node with its depth and the node it was reached
 * from. Enter on a group folds or unfolds it; Enter on a node opens its
 * walk; p shows the path to it. The walk is recomputed at once when the
 * scenario changes (edge kinds, what-if switches, tier zero).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "model.h"
#include "reach.h"
#include "rows.h"
#include "term.h"
#include "views.h"
#include "xalloc.h"

/* Groups larger than this stay in walk order, unsorted by name. */
#define REACHVIEW_SORT_MAX	20000

struct reachview_item {
	uint32_t	 node;
	uint32_t	 depth;
};

/* A line of the tree: a group title (item -1) or a reached node. */
struct reachview_row {
	int		 group;
	long		 item;
};

struct reachview {
	size_t			 root;
	int			 reverse;
	struct reach		 r;
	struct reachview_item	*items;		/* by group, then depth */
	size_t			 first[REACH_GROUP_COUNT];
	size_t			 nitems[REACH_GROUP_COUNT];
	int			 folded[REACH_GROUP_COUNT];
	struct reachview_row	*rows;
	struct rows		 nav;
	size_t			 admin;		/* admin-equivalent reached */
	size_t			 jewels;	/* tier-zero nodes reached */
	int			 cancelled;
};

static const struct view_ops reachview_ops;

static int
reachview_cmp(const void *a, const void *b, void *ctx)
{
	const struct model		*m = ctx;
	const struct reachview_item	*x = a, *y = b;
	int				 c;

	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	if (m->kind[x->node] != m->kind[y->node])
		return m->kind[x->node] < m->kind[y->node] ? -1 : 1;
	if ((c = strcasecmp(m->name[x->node], m->name[y->node])) != 0)
		return c;
	return strcmp(m->key[x->node], m->key[y->node]);
}

/* Lay out the tree lines from the groups and what is folded. */
static void
reachview_rows(struct reachview *rv)
{
	size_t	 n = 0, i;
	int	 g;

	for (g = 0; g < REACH_GROUP_COUNT; g++) {
		if (rv->nitems[g] == 0)
			continue;
		rv->rows[n].group = g;
		rv->rows[n++].item = -1;
		for (i = 0; !rv->folded[g] && i < rv->nitems[g]; i++) {
			rv->rows[n].group = g;
			rv->rows[n++].item = (long)i;
		}
	}
	rv->nav.n = n;
	rows_clamp(&rv->nav);
}

/* The item of a tree line. */
static const struct reachview_item *
reachview_item(const struct reachview *rv, const struct reachview_row *row)
{
	return &rv->items[rv->first[row->group] + (size_t)row->item];
}

/*
 * Sort what the walk reached into the groups: in walk order, which is
 * by depth, and within a depth by kind and name unless the group is
 * too large to sort at once.
 */
static void
reachview_collect(struct reachview *rv, struct app *a)
{
	const struct model	*m = a->model;
	const struct reach	*r = &rv->r;
	size_t			 i, d = 0, at[REACH_GROUP_COUNT];
	uint32_t		 u;
	int			 g;

	memset(rv->nitems, 0, sizeof(rv->nitems));
	rv->admin = rv->jewels = 0;
	for (i = 1; i < r->count; i++) {
		u = r->order[i];
		g = reach_group_of(m->kind[u]);
		if (!rv->reverse || g == REACH_GROUP_IDENTITY)
			rv->nitems[g]++;
		rv->admin += (m->nflags[u] & MODEL_NODE_ADMIN) != 0;
		rv->jewels += (size_t)scenario_is_tier_zero(&a->sc, u);
	}
	for (g = 0, i = 0; g < REACH_GROUP_COUNT; i += rv->nitems[g++])
		rv->first[g] = at[g] = i;
	for (i = 1; i < r->count; i++) {
		while (d + 1 < r->nlevels && r->levels[d + 1] <= i)
			d++;
		u = r->order[i];
		g = reach_group_of(m->kind[u]);
		if (rv->reverse && g != REACH_GROUP_IDENTITY)
			continue;
		rv->items[at[g]].node = u;
		rv->items[at[g]++].depth = (uint32_t)d;
	}
	for (g = 0; g < REACH_GROUP_COUNT; g++) {
		if (rv->nitems[g] <= REACHVIEW_SORT_MAX)
			qsort_r(rv->items + rv->first[g], rv->nitems[g],
			    sizeof(*rv->items), reachview_cmp, (void *)m);
	}
	reachview_rows(rv);
}

/* Walk again under the current scenario. */
static void
reachview_refresh(struct view *v, struct app *a)
{
	struct reachview	*rv = v->data;
	struct reach_filter	 f;

	scenario_filter(&a->sc, &f);
	rv->cancelled = reach_run(&rv->r, rv->root, rv->reverse, &f,
	    a->sc.max_depth, app_work(a));
	if (rv->cancelled)
		app_status(a, 0, "reach cancelled: the list is partial; R "
		    "walks again");
	reachview_collect(rv, a);
}

struct view *
reachview_create(struct app *a, size_t node, int reverse)
{
	struct reachview	*rv;
	struct view		*v;

	rv = xcalloc(1, sizeof(*rv));
	rv->root = node;
	rv->reverse = reverse;
	reach_init(&rv->r, a->model);
	rv->items = xreallocarray(NULL, a->model->nnodes + 1,
	    sizeof(*rv->items));
	rv->rows = xreallocarray(NULL, a->model->nnodes + REACH_GROUP_COUNT,
	    sizeof(*rv->rows));
	v = app_view(a, &reachview_ops, rv, 0);
	reachview_refresh(v, a);
	return v;
}

static void
reachview_free(struct view *v)
{
	struct reachview	*rv = v->data;

	reach_free(&rv->r);
	free(rv->items);
	free(rv->rows);
	free(rv);
	free(v);
}

/* The title and count rows; returns the rows used. */
static int
reachview_draw_head(struct reachview *rv, struct app *a, struct canvas *c,
    int y)
{
	const struct model	*m = a->model;
	const struct reach	*r = &rv->r;
	char			 line[256], *kinds;
	int			 x, n;

	canvas_fill(c, y, 0, c->w, THEME_TITLE);
	x = 1 + canvas_label(c, y, 1, c->w - 1, rv->reverse ?
	    "who can reach " : "reach from ", THEME_TITLE);
	x += canvas_text(c, y, x, c->w / 2, m->name[rv->root], THEME_TITLE,
	    THEME_ESCAPE);
	kinds = reach_format_kinds(a->sc.kinds);
	snprintf(line, sizeof(line), "  (%s)  edges %s%s%s",
	    kind_node_name(m->kind[rv->root]), kinds, r->cut ?
	    "  depth limit hit" : "", rv->cancelled ? "  cancelled" : "");
	free(kinds);
	canvas_label(c, y, x, c->w - x, line, THEME_TITLE);

	if (rv->reverse)
		n = snprintf(line, sizeof(line), "identities and credentials "
		    "%zu", rv->nitems[REACH_GROUP_IDENTITY]);
	else
		n = snprintf(line, sizeof(line), "identities %zu  privileges "
		    "%zu (admin %zu)  systems %zu",
		    r->counts[REACH_GROUP_IDENTITY],
		    r->counts[REACH_GROUP_PRIVILEGE], rv->admin,
		    r->counts[REACH_GROUP_SYSTEM]);
	/* The rest only when not zero, so the line fits 80 columns. */
	if (!rv->reverse && r->counts[REACH_GROUP_POLICY] > 0)
		n += snprintf(line + n, sizeof(line) - (size_t)n,
		    "  policies %zu", r->counts[REACH_GROUP_POLICY]);
	if (!rv->reverse && r->counts[REACH_GROUP_OTHER] > 0)
		n += snprintf(line + n, sizeof(line) - (size_t)n,
		    "  other %zu", r->counts[REACH_GROUP_OTHER]);
	if (rv->jewels > 0)
		n += snprintf(line + n, sizeof(line) - (size_t)n,
		    "  jewels %zu", rv->jewels);
	if (r->conditional > 0)
		snprintf(line + n, sizeof(line) - (size_t)n, "  cond %zu",
		    r->conditional);
	canvas_fill(c, y + 1, 0, c->w, THEME_NORMAL);
	canvas_label(c, y + 1, 1, c->w - 1, line, THEME_DIM);
	canvas_fill(c, y + 2, 0, c->w, THEME_DIM);
	return 3;
}

/* The node the reached node u was reached from (or leads to). */
static size_t
reachview_via(const struct reachview *rv, const struct model *m, uint32_t u)
{
	uint32_t	 e = rv->r.via[u];

	return rv->reverse ? m->edst[e] : m->esrc[e];
}

static void
reachview_draw_node(struct reachview *rv, struct app *a, struct canvas *c,
    int y, const struct reachview_item *it, int selected)
{
	const struct model	*m = a->model;
	char			 depth[16];
	uint32_t		 u = it->node;
	int			 style, kstyle, namew, viaw, x;

	style = selected ? THEME_SELECTED : THEME_NORMAL;
	kstyle = selected ? style : theme_kind_style(m->kind[u]);
	canvas_fill(c, y, 0, c->w, style);
	viaw = c->w >= 60 ? c->w / 4 : 0;
	namew = c->w - 22 - 7 - (viaw > 0 ? viaw + 5 : 0);
	snprintf(depth, sizeof(depth), "%3u", it->depth);
	canvas_label(c, y, 2, 3, depth, style);
	canvas_label(c, y, 6, 15, kind_node_name(m->kind[u]), kstyle);
	x = 22 + canvas_text(c, y, 22, namew, m->name[u], style,
	    THEME_ESCAPE);
	if (m->nflags[u] & MODEL_NODE_ADMIN)
		x += 1 + canvas_label(c, y, x + 1, 5, "admin",
		    selected ? style : THEME_ERROR);
	if (scenario_is_tier_zero(&a->sc, u))
		canvas_label(c, y, x + 1, 6, "jewel", selected ? style :
		    THEME_PROMPT);
	if (viaw > 0) {
		canvas_label(c, y, c->w - viaw - 5, 4, rv->reverse ? "to" :
		    "via", selected ? style : THEME_DIM);
		canvas_text(c, y, c->w - viaw - 1, viaw,
		    m->name[reachview_via(rv, m, u)], selected ? style :
		    THEME_DIM, THEME_ESCAPE);
	}
	if (reach_conditional(&rv->r, u))
		canvas_label(c, y, 1, 1, "?", THEME_PROMPT);
	if (c->row_flags[y] & CANVAS_ROW_ESCAPED)
		canvas_label(c, y, 0, 1, "!", THEME_ESCAPE);
}

static void
reachview_draw(struct view *v, struct app *a, struct canvas *c, int top,
    int height)
{
	struct reachview		*rv = v->data;
	const struct reachview_row	*row;
	char				 title[96];
	size_t				 i;
	int				 y, rows, g;

	y = top + reachview_draw_head(rv, a, c, top);
	rows = top + height - y;
	rows_fit(&rv->nav, rows);
	if (rv->nav.n == 0) {
		canvas_label(c, y, 2, c->w - 2, rv->reverse ? "no identity "
		    "or credential can reach this node" : "reaches nothing",
		    THEME_DIM);
		return;
	}
	for (i = rv->nav.top; i < rv->nav.n && y < top + height; i++, y++) {
		row = &rv->rows[i];
		g = row->group;
		if (row->item >= 0) {
			reachview_draw_node(rv, a, c, y,
			    reachview_item(rv, row), i == rv->nav.cursor);
			continue;
		}
		snprintf(title, sizeof(title), "%s %s (%zu)", rv->folded[g] ?
		    (c->ascii ? "+" : "\xe2\x96\xb8") :
		    (c->ascii ? "-" : "\xe2\x96\xbe"), reach_group_name(g),
		    rv->nitems[g]);
		canvas_fill(c, y, 0, c->w, i == rv->nav.cursor ?
		    THEME_SELECTED : THEME_NORMAL);
		canvas_text(c, y, 1, c->w - 1, title, i == rv->nav.cursor ?
		    THEME_SELECTED : THEME_TITLE, THEME_TITLE);
	}
}

static const char *
reachview_hint(struct view *v)
{
	(void)v;
	return "Enter walk/fold  p path  x what-if  T tier zero  > reach  "
	    "? keys";
}

static void
reachview_selected(struct view *v, struct app *a, int64_t *node,
    int64_t *edge)
{
	struct reachview		*rv = v->data;
	const struct reachview_row	*row;

	(void)a;
	*edge = -1;
	*node = -1;
	if (rv->nav.cursor >= rv->nav.n)
		return;
	row = &rv->rows[rv->nav.cursor];
	if (row->item >= 0)
		*node = reachview_item(rv, row)->node;
}

static int
reachview_key(struct view *v, struct app *a, int key)
{
	struct reachview		*rv = v->data;
	const struct reachview_row	*row;
	uint32_t			 u;

	if (rows_key(&rv->nav, key))
		return APP_HANDLED | APP_REDRAW;
	if (rv->nav.cursor >= rv->nav.n)
		return 0;
	row = &rv->rows[rv->nav.cursor];
	switch (key) {
	case TERM_KEY_ENTER:
	case TERM_KEY_RIGHT:
	case 'l':
	case ' ':
		if (row->item < 0) {
			rv->folded[row->group] = !rv->folded[row->group];
			reachview_rows(rv);
			return APP_HANDLED | APP_REDRAW;
		}
		if (key == ' ')
			return APP_HANDLED;
		app_push(a, walk_create(a, reachview_item(rv, row)->node));
		return APP_HANDLED | APP_REDRAW;
	case 'p':
		if (row->item < 0)
			return APP_HANDLED;
		u = reachview_item(rv, row)->node;
		app_push(a, rv->reverse ? pathview_create(a, u, rv->root) :
		    pathview_create(a, rv->root, u));
		return APP_HANDLED | APP_REDRAW;
	default:
		return 0;
	}
}

static const struct view_ops reachview_ops = {
	.name = "reach",
	.draw = reachview_draw,
	.key = reachview_key,
	.hint = reachview_hint,
	.free = reachview_free,
	.selected = reachview_selected,
	.refresh = reachview_refresh,
};
