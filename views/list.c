/*
 * The node list: every node of the case with kind, name, blast radius
 * (privileges, admin-equivalent, systems and crown jewels each credential
 * or identity reaches), source and degree, narrowed as the analyst types
 * after '/'. s cycles the sort order; Enter opens the walk from the
 * selected node. Only the rows on screen are drawn, so the list stays
 * fast on a million nodes. Annotated nodes show their marks
 * (annot_marks()) at the end of the name column; Space marks a node, n,
 * t and r add a note, tags or a review state, E exports.
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

/* Sort orders s cycles through: by name, by a blast column, by degree. */
enum list_sort {
	LIST_SORT_NAME,
	LIST_SORT_PRIVILEGES,
	LIST_SORT_ADMIN,
	LIST_SORT_SYSTEMS,
	LIST_SORT_JEWELS,
	LIST_SORT_DEGREE,
	LIST_NSORTS
};

static const char *const list_sort_names[LIST_NSORTS] = {
	"kind and name", "privileges", "admin", "systems", "crown jewels",
	"degree"
};

/* Column widths. */
#define LIST_BLAST_W	6	/* one blast radius column, with its gap */
#define LIST_DEGREE_W	7

struct list {
	uint32_t		*all;		/* every node, sorted */
	uint32_t		*shown;		/* the nodes matching the filter */
	size_t			 nshown;
	size_t			 cursor;
	size_t			 top;
	struct prompt		 filter;
	int			 page;		/* rows on the last draw */
	int			 sort;		/* enum list_sort */
	const struct blast	*blast;		/* NULL until computed */
};

/* The inputs of the sort comparison. */
struct list_order {
	const struct model	*m;
	const struct blast	*blast;
	int			 sort;
};

static const struct view_ops list_ops;

/* The blast column of a sort order, or -1. */
static int
list_sort_column(int sort)
{
	switch (sort) {
	case LIST_SORT_PRIVILEGES:
		return BLAST_PRIVILEGES;
	case LIST_SORT_ADMIN:
		return BLAST_ADMIN;
	case LIST_SORT_SYSTEMS:
		return BLAST_SYSTEMS;
	case LIST_SORT_JEWELS:
		return BLAST_JEWELS;
	default:
		return -1;
	}
}

static int
list_cmp(const void *a, const void *b, void *ctx)
{
	const struct list_order	*o = ctx;
	const struct model	*m = o->m;
	uint32_t		 x = *(const uint32_t *)a;
	uint32_t		 y = *(const uint32_t *)b;
	size_t			 dx, dy;
	int			 c, col = list_sort_column(o->sort);

	if (col >= 0 && o->blast != NULL &&
	    o->blast->count[col][x] != o->blast->count[col][y])
		return o->blast->count[col][x] > o->blast->count[col][y] ?
		    -1 : 1;
	if (o->sort == LIST_SORT_DEGREE) {
		dx = model_degree(m, x);
		dy = model_degree(m, y);
		if (dx != dy)
			return dx > dy ? -1 : 1;
	}
	if (m->kind[x] != m->kind[y])
		return m->kind[x] < m->kind[y] ? -1 : 1;
	if ((c = strcasecmp(m->name[x], m->name[y])) != 0)
		return c;
	return strcmp(m->key[x], m->key[y]);
}

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

/* Sort every node again, keeping the cursor on the same node. */
static void
list_sort(struct list *l, const struct model *m)
{
	struct list_order	 o;
	uint32_t		 keep = UINT32_MAX;
	size_t			 i;

	if (l->cursor < l->nshown)
		keep = l->shown[l->cursor];
	o.m = m;
	o.blast = l->blast;
	o.sort = l->sort;
	if (l->sort == LIST_SORT_NAME)
		query_sort(m, l->all, m->nnodes);
	else
		qsort_r(l->all, m->nnodes, sizeof(*l->all), list_cmp, &o);
	list_refilter(l, m);
	for (i = 0; i < l->nshown; i++) {
		if (l->shown[i] == keep)
			l->cursor = i;
	}
}

struct view *
list_create(struct app *a)
{
	const struct model	*m = a->model;
	struct list		*l;
	size_t			 i;

	l = xcalloc(1, sizeof(*l));
	l->all = xreallocarray(NULL, m->nnodes + 1, sizeof(*l->all));
	l->shown = xreallocarray(NULL, m->nnodes + 1, sizeof(*l->shown));
	for (i = 0; i < m->nnodes; i++)
		l->all[i] = (uint32_t)i;
	prompt_init(&l->filter);
	list_sort(l, m);
	/* Stale, so the blast radius is computed after the first draw. */
	return app_view(a, &list_ops, l, 1);
}

/* Compute the blast radius for the current scenario, and sort by it. */
static void
list_refresh(struct view *v, struct app *a)
{
	struct list	*l = v->data;

	l->blast = app_blast(a);
	if (list_sort_column(l->sort) >= 0)
		list_sort(l, a->model);
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

/* The column positions at one screen width. */
struct list_layout {
	int	 namew;
	int	 blastx;	/* first blast column */
	int	 srcx;
	int	 srcw;		/* 0: no source column */
};

static void
list_layout(int w, struct list_layout *ly)
{
	ly->srcw = 0;
	if (w >= 120)
		ly->srcw = 28;
	else if (w >= 100)
		ly->srcw = 18;
	ly->namew = w - 18 - BLAST_NCOLUMNS * LIST_BLAST_W - LIST_DEGREE_W -
	    (ly->srcw ? ly->srcw + 1 : 0) - 1;
	if (ly->namew < 8)
		ly->namew = 8;
	ly->blastx = 18 + ly->namew + 1;
	ly->srcx = ly->blastx + BLAST_NCOLUMNS * LIST_BLAST_W;
}

/* Draw the blast radius cells of node v from column x. */
static void
list_draw_blast(struct list *l, struct canvas *c, const struct model *m,
    int y, int x, size_t v, int style)
{
	char	 num[16];
	int	 k;
	uint32_t n;

	if (!blast_is_source(m, v))
		return;
	for (k = 0; k < BLAST_NCOLUMNS; k++, x += LIST_BLAST_W) {
		if (l->blast == NULL) {
			canvas_label(c, y, x + LIST_BLAST_W - 2, 1, "-",
			    THEME_DIM);
			continue;
		}
		n = l->blast->count[k][v];
		if (n < 100000)
			snprintf(num, sizeof(num), "%5u", n);
		else
			snprintf(num, sizeof(num), "%4uk", n / 1000);
		canvas_label(c, y, x, 5, num, n == 0 && style != THEME_SELECTED
		    ? THEME_DIM : k == BLAST_JEWELS || k == BLAST_ADMIN ?
		    (style == THEME_SELECTED ? style : THEME_ERROR) : style);
	}
}

/*
 * Draw one node row: the escape and state marks, kind, name, blast
 * radius, source and degree.
 */
static void
list_draw_row(struct list *l, struct app *a, struct canvas *c, int y,
    size_t v, int selected)
{
	const struct model	*m = a->model;
	struct list_layout	 ly;
	char			 deg[16], marks[5];
	const char		*mk;
	int			 style, kstyle, off;

	list_layout(c->w, &ly);
	off = scenario_node_off(&a->sc, v);
	style = selected ? THEME_SELECTED : THEME_NORMAL;
	kstyle = selected ? THEME_SELECTED : theme_kind_style(m->kind[v]);
	if ((m->nflags[v] & MODEL_NODE_MISSING || off) && !selected)
		style = kstyle = off ? THEME_DIM : THEME_MISSING;
	canvas_fill(c, y, 0, c->w, style);
	canvas_label(c, y, 2, 15, kind_node_name(m->kind[v]), kstyle);
	mk = annot_marks(annot_get(a->annot, m->kid[v]), a->cli->now, marks);
	if (mk != NULL && ly.namew > 13) {
		canvas_text(c, y, 18, ly.namew - 5, m->name[v], style,
		    THEME_ESCAPE);
		canvas_label(c, y, 18 + ly.namew - 4, 4, mk, selected ? style :
		    THEME_PROMPT);
	} else
		canvas_text(c, y, 18, ly.namew, m->name[v], style,
		    THEME_ESCAPE);
	list_draw_blast(l, c, m, y, ly.blastx, v, style);
	if (ly.srcw)
		canvas_text(c, y, ly.srcx, ly.srcw, model_label(m,
		    m->source[v]), selected ? style : THEME_DIM, THEME_ESCAPE);
	snprintf(deg, sizeof(deg), "%6zu", model_degree(m, v));
	canvas_label(c, y, c->w - LIST_DEGREE_W + 1, 6, deg, style);
	if (off)
		canvas_label(c, y, 1, 1, "x", THEME_ERROR);
	else if (scenario_is_tier_zero(&a->sc, v))
		canvas_label(c, y, 1, 1, "^", THEME_PROMPT);
}

static void
list_draw_title(struct list *l, struct canvas *c, int y)
{
	static const char *const	 heads[BLAST_NCOLUMNS] = {
		" PRIV", "ADMIN", "  SYS", "CROWN"
	};
	struct list_layout		 ly;
	int				 k;

	list_layout(c->w, &ly);
	canvas_fill(c, y, 0, c->w, THEME_TITLE);
	canvas_label(c, y, 2, 15, "KIND", THEME_TITLE);
	canvas_label(c, y, 18, ly.namew, "NAME", THEME_TITLE);
	for (k = 0; k < BLAST_NCOLUMNS; k++)
		canvas_label(c, y, ly.blastx + k * LIST_BLAST_W, 5, heads[k],
		    list_sort_column(l->sort) == k ? THEME_PROMPT :
		    THEME_TITLE);
	if (ly.srcw)
		canvas_label(c, y, ly.srcx, ly.srcw, "SOURCE", THEME_TITLE);
	canvas_label(c, y, c->w - LIST_DEGREE_W + 1, 6, "DEGREE",
	    l->sort == LIST_SORT_DEGREE ? THEME_PROMPT : THEME_TITLE);
}

static void
list_draw(struct view *v, struct app *a, struct canvas *c, int top,
    int height)
{
	struct list		*l = v->data;
	const struct model	*m = a->model;
	char			 title[96];
	int			 rows = height - 1, y;
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

	list_draw_title(l, c, top);
	for (i = l->top, y = top + 1; i < l->nshown && y < top + height;
	    i++, y++)
		list_draw_row(l, a, c, y, l->shown[i], i == l->cursor);
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
	return "Enter walk  > reach  < who-can  / filter  s sort  J jewels  "
	    "? keys";
}

static void
list_selected(struct view *v, struct app *a, int64_t *node, int64_t *edge)
{
	struct list	*l = v->data;

	(void)a;
	*edge = -1;
	*node = l->cursor < l->nshown ? (int64_t)l->shown[l->cursor] : -1;
}

/* Move the cursor for a navigation key; returns 0 for other keys. */
static int
list_move(struct list *l, int key)
{
	size_t	 page = l->page > 1 ? (size_t)l->page : 1;

	switch (key) {
	case TERM_KEY_UP:
	case 'k':
		if (l->cursor > 0)
			l->cursor--;
		return 1;
	case TERM_KEY_DOWN:
	case 'j':
		if (l->cursor + 1 < l->nshown)
			l->cursor++;
		return 1;
	case TERM_KEY_PGUP:
		l->cursor = l->cursor > page ? l->cursor - page : 0;
		return 1;
	case TERM_KEY_PGDN:
		l->cursor += page;
		if (l->cursor >= l->nshown)
			l->cursor = l->nshown > 0 ? l->nshown - 1 : 0;
		return 1;
	case TERM_KEY_HOME:
	case 'g':
		l->cursor = 0;
		return 1;
	case TERM_KEY_END:
	case 'G':
		l->cursor = l->nshown > 0 ? l->nshown - 1 : 0;
		return 1;
	default:
		return 0;
	}
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
	if (list_move(l, key))
		return APP_HANDLED | APP_REDRAW;
	switch (key) {
	case '/':
		prompt_open(&l->filter);
		return APP_HANDLED | APP_REDRAW;
	case 's':
		l->sort = (l->sort + 1) % LIST_NSORTS;
		list_sort(l, a->model);
		app_status(a, 0, "sorted by %s", list_sort_names[l->sort]);
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
	.selected = list_selected,
	.refresh = list_refresh,
};
