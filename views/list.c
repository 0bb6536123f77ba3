/*
 * The node list: every node of the case with kind, name and the columns
 * of listcol.c (blast radius, findings, credential ages, environment,
 * source, degree), narrowed by the filter language of query.h as the
 * analyst types after '/'. s cycles the sort through the columns shown,
 * c opens the column picker, Enter opens the walk.
 *
 * Only the rows on screen are drawn, and filtering never holds up a
 * key: a new filter is evaluated until the screen is full (or for a few
 * milliseconds), drawn, and then finished in slices while no key waits
 * (the idle callback). When the new filter only narrows the old one (a
 * word grew longer, a term was added) and the old one had finished, only
 * the rows it kept are looked at again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "annot.h"
#include "app.h"
#include "cmd.h"
#include "listcol.h"
#include "model.h"
#include "query.h"
#include "strbuf.h"
#include "prompt.h"
#include "term.h"
#include "views.h"
#include "xalloc.h"

/*
 * Time a filter may take before the screen is drawn, and per idle slice:
 * with the repaint, a key is handled within a 60 Hz frame (16 ms).
 */
#define LIST_SLICE_US	6000
/* Nodes evaluated between two looks at the clock. */
#define LIST_CLOCK_EVERY 2048

struct list {
	uint32_t		*byname;	/* every node by kind and name */
	uint32_t		*all;		/* every node, sorted */
	uint32_t		*shown;		/* the nodes matching the filter */
	size_t			 nshown;
	size_t			 cursor;
	size_t			 top;
	int			 page;		/* rows on the last draw */
	int			 y0;		/* screen row of the top row */
	struct prompt		 filter;
	struct query		*q;		/* NULL: no filter */
	char			*error;		/* why the text did not compile */
	int			 scanning;	/* the filter is not finished */
	int			 narrowing;	/* scanning shown in place */
	size_t			 scan_pos;	/* next source index */
	size_t			 scan_end;
	int			 sort;		/* column, or LISTCOL_SORT_NAME */
	unsigned		 columns;	/* bit per column shown */
	const struct blast	*blast;		/* NULL until computed */
};

static const struct view_ops list_ops;

static int64_t
list_now_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The tag hook of the filter: the annotations the app has loaded now. */
static int
list_has_tag(void *ctx, size_t v, const char *tag)
{
	struct app	*a = ctx;

	return annot_has_tag(annot_get(a->annot, a->model->kid[v]), tag);
}

/*
 * Bind the filter to the data it reads: blast radius, findings, tags. A
 * filter on findings computes them when they are not known yet.
 */
static void
list_bind(struct list *l, struct app *a)
{
	const struct app_findings	*f;
	struct query_ctx		 ctx;

	if (l->q == NULL)
		return;
	f = query_needs(l->q) & QUERY_NEEDS_FINDINGS ? app_findings(a) :
	    app_findings_known(a);
	memset(&ctx, 0, sizeof(ctx));
	ctx.m = a->model;
	ctx.now = a->cli->now;
	ctx.blast = l->blast;
	ctx.tier_zero = a->sc.tier_zero;
	ctx.has_tag = list_has_tag;
	ctx.tag_ctx = a;
	if (f != NULL && f->has_rule != NULL) {
		ctx.has_finding = f->has_rule;
		ctx.finding_ctx = f->ctx;
	}
	query_bind(l->q, &ctx);
}

/*
 * Evaluate the filter on more of its source: stop after want matches
 * (0: no limit) or after budget_us microseconds (0: no limit). Returns
 * 1 while nodes remain.
 */
static int
list_scan(struct list *l, size_t want, int64_t budget_us)
{
	const uint32_t	*src = l->narrowing ? l->shown : l->all;
	int64_t		 start = list_now_us();
	size_t		 i, since = 0;
	uint32_t	 v;

	for (i = l->scan_pos; i < l->scan_end; i++) {
		v = src[i];
		if (query_eval(l->q, v, NULL, 0))
			l->shown[l->nshown++] = v;
		if (want > 0 && l->nshown >= want) {
			i++;
			break;
		}
		if (budget_us > 0 && ++since == LIST_CLOCK_EVERY) {
			since = 0;
			if (list_now_us() - start >= budget_us) {
				i++;
				break;
			}
		}
	}
	l->scan_pos = i;
	l->scanning = i < l->scan_end;
	return l->scanning;
}

/* Finish a filter still being evaluated. */
static void
list_finish(struct list *l)
{
	if (l->scanning)
		list_scan(l, 0, 0);
}

/*
 * Start evaluating the filter text: compile it, then look at the rows
 * of the old result when the new filter narrows it, else at every node.
 */
static void
list_refilter(struct list *l, struct app *a)
{
	const struct model	*m = a->model;
	struct query		*q = NULL;
	char			*err = NULL;
	int			 narrow;

	free(l->error);
	l->error = NULL;
	if (query_compile(strbuf_str(&l->filter.text), &q, &err) == -1) {
		/* Keep showing the last result until the text compiles. */
		l->error = err;
		return;
	}
	if (query_empty(q)) {
		query_free(q);
		q = NULL;
	}
	narrow = q != NULL && l->q != NULL && !l->scanning &&
	    query_narrows(l->q, q);
	query_free(l->q);
	l->q = q;
	l->cursor = l->top = 0;
	if (q == NULL) {
		memcpy(l->shown, l->all, m->nnodes * sizeof(*l->all));
		l->nshown = m->nnodes;
		l->scanning = 0;
		return;
	}
	list_bind(l, a);
	l->narrowing = narrow;
	l->scan_end = narrow ? l->nshown : m->nnodes;
	l->scan_pos = 0;
	l->nshown = 0;
	l->scanning = 1;
	list_scan(l, (size_t)(l->page > 0 ? l->page : 50) + 1, LIST_SLICE_US);
}

/*
 * The inputs of the columns, with the findings computed first when
 * compute is set and they are not known yet.
 */
static void
list_coldata(struct app *a, int compute, struct listcol_data *d)
{
	const struct app_findings	*f = compute ? app_findings(a) :
					    app_findings_known(a);

	d->m = a->model;
	d->blast = app_blast_known(a);
	d->findings = f != NULL ? f->count : NULL;
	d->severity = f != NULL ? f->top : NULL;
	d->now = a->cli->now;
}

/* Sort every node again, keeping the cursor on the same node. */
static void
list_sort(struct list *l, struct app *a)
{
	struct listcol_data	 d;
	uint32_t		 keep = UINT32_MAX;
	size_t			 i;

	list_finish(l);
	if (l->cursor < l->nshown)
		keep = l->shown[l->cursor];
	/* A sort by findings computes them: the analyst asked for it. */
	list_coldata(a, l->sort == LISTCOL_FIND, &d);
	listcol_sort(&d, l->sort, l->byname, l->all, a->model->nnodes);
	/* Start from every node: the old result is in the old order. */
	query_free(l->q);
	l->q = NULL;
	list_refilter(l, a);
	list_finish(l);
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
	l->byname = xreallocarray(NULL, m->nnodes + 1, sizeof(*l->byname));
	l->all = xreallocarray(NULL, m->nnodes + 1, sizeof(*l->all));
	l->shown = xreallocarray(NULL, m->nnodes + 1, sizeof(*l->shown));
	for (i = 0; i < m->nnodes; i++)
		l->byname[i] = (uint32_t)i;
	query_sort(m, l->byname, m->nnodes);
	prompt_init(&l->filter);
	l->sort = LISTCOL_SORT_NAME;
	for (i = 0; i < LISTCOL_COUNT; i++) {
		if (listcol_get((int)i)->shown)
			l->columns |= 1u << i;
	}
	list_sort(l, a);
	/*
	 * Stale, so the findings and the blast radius are computed after
	 * the first draw.
	 */
	return app_view(a, &list_ops, l, 1);
}

/* 1 when the list is sorted by values of the scenario. */
static int
list_sorted_by_scenario(const struct list *l)
{
	switch (l->sort) {
	case LISTCOL_PRIV:
	case LISTCOL_ADMIN:
	case LISTCOL_SYS:
	case LISTCOL_CROWN:
	case LISTCOL_FIND:
		return 1;
	default:
		return 0;
	}
}

/*
 * Catch up with the scenario. The findings are computed here, while
 * keys wait, and then the blast radius is started in the background,
 * which refreshes the list again when it arrives. The list is sorted
 * or filtered again by the new values.
 */
static void
list_refresh(struct view *v, struct app *a)
{
	struct list	*l = v->data;

	/* First, so that the blast radius does not slow down the findings. */
	app_findings(a);
	l->blast = app_blast(a);
	if (list_sorted_by_scenario(l))
		list_sort(l, a);
	else if (l->q != NULL && (query_needs(l->q) & QUERY_NEEDS_BLAST)) {
		query_free(l->q);
		l->q = NULL;
		list_refilter(l, a);
	}
}

static int
list_idle(struct view *v, struct app *a)
{
	struct list	*l = v->data;

	(void)a;
	if (!l->scanning)
		return 0;
	return list_scan(l, 0, LIST_SLICE_US);
}

static void
list_free(struct view *v)
{
	struct list	*l = v->data;

	free(l->byname);
	free(l->all);
	free(l->shown);
	free(l->error);
	query_free(l->q);
	prompt_free(&l->filter);
	free(l);
	free(v);
}

/*
 * The name of node v as the list shows it. A name that other nodes have
 * too gets the start of its source ("Aisha Karim [entra]"), so rows of
 * one person's accounts and of the person a join made read apart at 80
 * columns, where the SOURCE column does not fit. A file source gives
 * its file name without the extension. Allocated; the caller frees it.
 */
static char *
list_row_name(const struct model *m, size_t v)
{
	const char	*src = model_label(m, m->source[v]), *colon, *dot;
	size_t		 len;

	if (!(m->nflags[v] & MODEL_NODE_SHARED_NAME))
		return xstrdup(m->name[v]);
	colon = strchr(src, ':');
	if (colon != NULL && strncmp(src, "file:", 5) == 0) {
		/* "file:acme-cloud.json" gives "acme-cloud". */
		src = colon + 1;
		dot = strrchr(src, '.');
		len = dot != NULL && dot > src ? (size_t)(dot - src) :
		    strlen(src);
	} else
		len = colon != NULL ? (size_t)(colon - src) : strlen(src);
	return xasprintf("%s [%.*s]", m->name[v], (int)len, src);
}

/*
 * Draw one node row: the escape and state marks, kind, name with the
 * analyst's marks, and the columns.
 */
static void
list_draw_row(struct list *l, struct app *a, struct canvas *c, int y,
    size_t v, int selected)
{
	const struct model	*m = a->model;
	struct listcol_data	 d;
	char			 marks[5];
	const char		*mk;
	char			*name = list_row_name(m, v);
	int			 style, kstyle, off, x[LISTCOL_COUNT], namew, i;

	namew = listcol_layout(l->columns, c->w, x);
	list_coldata(a, 0, &d);
	off = scenario_node_off(&a->sc, v);
	style = selected ? THEME_SELECTED : THEME_NORMAL;
	kstyle = selected ? THEME_SELECTED : theme_kind_style(m->kind[v]);
	if ((m->nflags[v] & MODEL_NODE_MISSING || off) && !selected)
		style = kstyle = off ? THEME_DIM : THEME_MISSING;
	canvas_fill(c, y, 0, c->w, style);
	canvas_label(c, y, LISTCOL_KIND_X, 15, kind_node_name(m->kind[v]),
	    kstyle);
	mk = annot_marks(annot_get(a->annot, m->kid[v]), a->cli->now, marks);
	if (mk != NULL && namew > 13) {
		canvas_text(c, y, LISTCOL_NAME_X, namew - 5, name, style,
		    THEME_ESCAPE);
		canvas_label(c, y, LISTCOL_NAME_X + namew - 4, 4, mk,
		    selected ? style : THEME_PROMPT);
	} else
		canvas_text(c, y, LISTCOL_NAME_X, namew, name, style,
		    THEME_ESCAPE);
	free(name);
	for (i = 0; i < LISTCOL_COUNT; i++) {
		if (x[i] > 0)
			listcol_draw_cell(c, &d, y, x[i], i, v, style,
			    selected);
	}
	if (off)
		canvas_label(c, y, 1, 1, "x", THEME_ERROR);
	else if (scenario_is_tier_zero(&a->sc, v))
		canvas_label(c, y, 1, 1, "^", THEME_PROMPT);
}

static void
list_draw_title(struct list *l, struct canvas *c, int y)
{
	int	 x[LISTCOL_COUNT], namew, i;

	namew = listcol_layout(l->columns, c->w, x);
	canvas_fill(c, y, 0, c->w, THEME_TITLE);
	canvas_label(c, y, LISTCOL_KIND_X, 15, "KIND", THEME_TITLE);
	canvas_label(c, y, LISTCOL_NAME_X, namew, "NAME",
	    l->sort == LISTCOL_SORT_NAME ? THEME_PROMPT : THEME_TITLE);
	for (i = 0; i < LISTCOL_COUNT; i++) {
		if (x[i] > 0)
			listcol_draw_title(c, y, x[i], i, l->sort == i);
	}
}

/* The text after the filter: the count, or why the filter is wrong. */
static void
list_filter_info(struct list *l, struct app *a, char *buf, size_t sz)
{
	unsigned	 needs = l->q != NULL ? query_needs(l->q) : 0;
	const char	*missing = "";

	if (l->error != NULL) {
		snprintf(buf, sz, "%s", l->error);
		return;
	}
	if ((needs & QUERY_NEEDS_FINDINGS) && app_findings_known(a) == NULL)
		missing = "; findings not computed";
	else if ((needs & QUERY_NEEDS_BLAST) && l->blast == NULL)
		missing = app_blast_progress(a) >= 0 ? "; blast radius being "
		    "computed" : "; blast radius not computed (R)";
	snprintf(buf, sz, "%zu%s of %zu%s%s", l->nshown, l->scanning ? "+" :
	    "", a->model->nnodes, l->scanning ? ", filtering" : "", missing);
}

static void
list_draw(struct view *v, struct app *a, struct canvas *c, int top,
    int height)
{
	struct list	*l = v->data;
	char		 info[256];
	int		 rows = height - 1, y;
	size_t		 i;

	if (prompt_active(&l->filter) || l->error != NULL) {
		/* The filter line takes the last row of the view. */
		rows--;
		height--;
		list_filter_info(l, a, info, sizeof(info));
		prompt_draw(&l->filter, c, top + height, "/", info);
		if (l->error != NULL)
			canvas_style(c, top + height, 0, c->w, THEME_ERROR);
	}
	if (rows < 1)
		return;
	l->page = rows;
	l->y0 = top + 1;
	if (l->cursor < l->top)
		l->top = l->cursor;
	if (l->cursor >= l->top + (size_t)rows)
		l->top = l->cursor - (size_t)rows + 1;

	list_draw_title(l, c, top);
	for (i = l->top, y = top + 1; i < l->nshown && y < top + height;
	    i++, y++)
		list_draw_row(l, a, c, y, l->shown[i], i == l->cursor);
	if (l->nshown == 0)
		canvas_label(c, top + 1, 2, c->w - 2, l->scanning ?
		    "filtering..." : "no node matches the filter", THEME_DIM);
}

static const char *
list_hint(struct view *v)
{
	struct list	*l = v->data;

	if (l->filter.editing)
		return "type to filter: words, kind: env: stale:>90d ...  "
		    "Enter keep  Esc clear";
	return "Enter walk  d card  / filter  : commands  s sort  c columns  "
	    "? keys";
}

static const char *
list_filter_text(struct view *v)
{
	struct list	*l = v->data;

	return l->q != NULL ? query_text(l->q) : NULL;
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
		if (l->scanning)
			list_scan(l, l->cursor + page + 1, 0);
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
		list_finish(l);
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
		app_push(a, ask_create(a, ASK_EXPORT, 0, l->q != NULL ?
		    query_text(l->q) : NULL));
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

/* The next sort order: name, then each column shown, in screen order. */
static int
list_next_sort(struct list *l, int w)
{
	int	 x[LISTCOL_COUNT], i;

	listcol_layout(l->columns, w, x);
	for (i = l->sort + 1; i < LISTCOL_COUNT; i++) {
		if (x[i] > 0)
			return i;
	}
	return LISTCOL_SORT_NAME;
}

/* A click: select the row under the pointer, open it when selected. */
static int
list_click(struct list *l, struct app *a)
{
	size_t	 row;

	if (a->mouse_y < l->y0 || a->mouse_y >= l->y0 + l->page)
		return APP_HANDLED;
	row = l->top + (size_t)(a->mouse_y - l->y0);
	if (row >= l->nshown)
		return APP_HANDLED;
	if (row == l->cursor)
		app_push(a, walk_create(a, l->shown[row]));
	l->cursor = row;
	return APP_HANDLED | APP_REDRAW;
}

static int
list_key(struct view *v, struct app *a, int key)
{
	struct list	*l = v->data;
	int		 rc;

	rc = prompt_key(&l->filter, key);
	if (rc == PROMPT_CHANGED)
		list_refilter(l, a);
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
		list_sort_by(v, a, list_next_sort(l, a->canvas.w));
		return APP_HANDLED | APP_REDRAW;
	case 'c':
		app_push(a, columns_create(a, v));
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_CLICK:
		return list_click(l, a);
	case TERM_KEY_ENTER:
	case TERM_KEY_RIGHT:
	case 'l':
		if (l->nshown > 0)
			app_push(a, walk_create(a, l->shown[l->cursor]));
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_ESC:
		if (l->filter.text.len > 0 || l->error != NULL) {
			strbuf_reset(&l->filter.text);
			list_refilter(l, a);
			return APP_HANDLED | APP_REDRAW;
		}
		return APP_HANDLED;
	default:
		return 0;
	}
}

void
list_set_filter(struct view *v, struct app *a, const char *text)
{
	struct list	*l = v->data;

	strbuf_reset(&l->filter.text);
	strbuf_addstr(&l->filter.text, text);
	l->filter.editing = 0;
	list_refilter(l, a);
	if (l->error != NULL)
		app_status(a, 1, "%s", l->error);
	else if (*text != '\0')
		list_journal_filter(a, l);
}

void
list_sort_by(struct view *v, struct app *a, int column)
{
	struct list	*l = v->data;

	l->sort = column;
	list_sort(l, a);
	app_status(a, 0, "sorted by %s", column == LISTCOL_SORT_NAME ?
	    "kind and name" : listcol_get(column)->name);
}

int
list_column_shown(struct view *v, int column)
{
	struct list	*l = v->data;

	return (l->columns >> column) & 1;
}

void
list_toggle_column(struct view *v, int column)
{
	struct list	*l = v->data;

	l->columns ^= 1u << column;
}

int
list_sort_column(struct view *v)
{
	struct list	*l = v->data;

	return l->sort;
}

int
list_is(const struct view *v)
{
	return v->ops == &list_ops;
}

static const struct view_ops list_ops = {
	.name = "list",
	.draw = list_draw,
	.key = list_key,
	.hint = list_hint,
	.free = list_free,
	.selected = list_selected,
	.refresh = list_refresh,
	.idle = list_idle,
	.filter = list_filter_text,
	.shows_blast = 1,
};
