/*
 * The walk: one node's card (kind, key, source, lifecycle, attributes)
 * above its neighbours, grouped by edge kind, outgoing then incoming.
 * Enter on a neighbour steps to it; the breadcrumb shows the steps so
 * far, taken from the walk views below this one on the stack. When the
 * selected edge has attributes (such as the binding that grants a role),
 * the last row of the pane shows them. The card shows the node's review
 * state, tags and notes when it has any; Space, n, t and r mark and
 * annotate the walked node. Each step is a journal entry.
 *
 * Observed edges (used, assumed, called) come after the grant edges, in
 * groups of their own, each row with its count and last-seen date; grant
 * edges the evidence never saw used are marked "unused", and the card
 * states the evidence window (walkuse.c).
 *
 * A walk opened from a finding marks its evidence: the neighbours and
 * edges it names get a '*' in the left columns, the cursor starts on
 * the first of them, and the card shows the finding. Steps from such a
 * walk keep the marks, so the path of the evidence can be followed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annot.h"
#include "app.h"
#include "cmd.h"
#include "model.h"
#include "prompt.h"
#include "query.h"
#include "store.h"
#include "strbuf.h"
#include "term.h"
#include "tstamp.h"
#include "views.h"
#include "walk.h"
#include "xalloc.h"

static const struct view_ops walk_ops;

static void
walk_add_row(struct walk *w, int header, int outgoing, int kind,
    size_t count, size_t edge)
{
	struct walk_row	*r;

	if (w->nrows == w->caprows) {
		w->caprows = w->caprows == 0 ? 64 : w->caprows * 2;
		w->rows = xreallocarray(w->rows, w->caprows, sizeof(*w->rows));
	}
	r = &w->rows[w->nrows++];
	r->header = header;
	r->outgoing = outgoing;
	r->kind = kind;
	r->count = count;
	r->edge = edge;
}

/* 1 when edge e, seen from the walked node, passes the filter. */
static int
walk_edge_matches(const struct walk *w, const struct model *m, size_t e,
    int outgoing)
{
	const char	*extra[2];

	if (w->q == NULL)
		return 1;
	extra[0] = model_label(m, m->eraw[e]);
	extra[1] = kind_edge_name(m->ekind[e]);
	return query_eval(w->q, outgoing ? m->edst[e] : m->esrc[e], extra, 2);
}

/* Compile the neighbour filter; a text that does not compile keeps none. */
static void
walk_compile(struct walk *w, struct app *a)
{
	struct query_ctx	 ctx;

	query_free(w->q);
	w->q = NULL;
	free(w->qerr);
	w->qerr = NULL;
	if (w->filter.text.len == 0 ||
	    query_compile(w->filter.text.buf, &w->q, &w->qerr) == -1)
		return;
	memset(&ctx, 0, sizeof(ctx));
	ctx.m = a->model;
	ctx.now = a->cli->now;
	ctx.tier_zero = a->sc.tier_zero;
	query_bind(w->q, &ctx);
}

/* Add one group: its title, then the edges that pass the filter. */
static void
walk_add_group(struct walk *w, struct app *a, int outgoing, int k,
    size_t first, size_t count)
{
	const struct model	*m = a->model;
	size_t			 i, e, title = w->nrows, shown = 0;

	walk_add_row(w, 1, outgoing, k, 0, 0);
	for (i = first; i < first + count; i++) {
		e = outgoing ? i : m->in_edge[i];
		if (!walk_edge_matches(w, m, e, outgoing))
			continue;
		walk_add_row(w, 0, outgoing, k, 0, e);
		walkuse_row(w, a, &w->rows[w->nrows - 1]);
		w->rows[w->nrows - 1].unused = walkuse_unused(w, m, e);
		/* A mark at the end of any row narrows every row's name. */
		if ((m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE) ||
		    w->rows[w->nrows - 1].unused)
			w->nofollow = 1;
		shown++;
	}
	if (shown == 0)
		w->nrows = title;
	else
		w->rows[title].count = shown;
}

/*
 * Build the grouped neighbour rows of the walked node: grant edges out
 * and in, then observed edges out and in.
 */
static void
walk_build_rows(struct walk *w, struct app *a)
{
	const struct model	*m = a->model;
	size_t			 first, count;
	int			 k, observed;

	w->nrows = 0;
	w->top = 0;
	w->nofollow = 0;
	for (observed = 0; observed < 2; observed++) {
		for (k = 0; k < KIND_EDGE_COUNT; k++) {
			if (kind_edge_is_observed(k) != observed)
				continue;
			model_out_kind(m, w->node, k, &first, &count);
			if (count > 0)
				walk_add_group(w, a, 1, k, first, count);
		}
		for (k = 0; k < KIND_EDGE_COUNT; k++) {
			if (kind_edge_is_observed(k) != observed)
				continue;
			model_in_kind(m, w->node, k, &first, &count);
			if (count > 0)
				walk_add_group(w, a, 0, k, first, count);
		}
	}
	/* Start on the first neighbour. */
	for (w->cursor = 0; w->cursor < w->nrows &&
	    w->rows[w->cursor].header; w->cursor++)
		;
}

static int
walk_collect_attr(void *ctx, const char *name, const char *value,
    const char *type, const char *source)
{
	struct walk	*w = ctx;
	size_t		 i;

	(void)type;
	(void)source;
	/* The newest snapshot comes first; keep its value of a name. */
	for (i = 0; i < w->nattrs; i++) {
		if (strcmp(w->attrs[i].name, name) == 0)
			return 0;
	}
	w->attrs = xreallocarray(w->attrs, w->nattrs + 1, sizeof(*w->attrs));
	w->attrs[w->nattrs].name = xstrdup(name);
	w->attrs[w->nattrs].value = xstrdup(value != NULL ? value : "null");
	w->nattrs++;
	return 0;
}

struct view *
walk_create(struct app *a, size_t node)
{
	struct view	*v;
	struct walk	*w;
	char		*err = NULL;

	app_case_journal(a, "walk", a->model->key[node], NULL);
	w = xcalloc(1, sizeof(*w));
	w->node = node;
	w->cond_edge = -1;
	w->detail_edge = -1;
	strbuf_init(&w->detail);
	prompt_init(&w->filter);
	walkuse_load(w, a);
	walk_build_rows(w, a);
	if (model_node_attrs(a->model, a->store, node, walk_collect_attr, w,
	    &err) == -1) {
		w->attr_error = err;
		app_status(a, 1, "%s", err);
	}
	v = app_view(a, &walk_ops, w, 0);
	return v;
}

/* 1 when x is one of the n ids in list. */
static int
walk_listed(const uint32_t *list, size_t n, size_t x)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (list[i] == (uint32_t)x)
			return 1;
	}
	return 0;
}

/* 1 when row r is evidence: its edge or its neighbour is marked. */
static int
walk_marked(const struct walk *w, const struct model *m,
    const struct walk_row *r)
{
	size_t	 other;

	if (r->header)
		return 0;
	other = r->outgoing ? m->edst[r->edge] : m->esrc[r->edge];
	return walk_listed(w->mark_edges, w->nmark_edges, r->edge) ||
	    walk_listed(w->mark_nodes, w->nmark_nodes, other);
}

struct view *
walk_create_marked(struct app *a, size_t node, const uint32_t *nodes,
    size_t nnodes, const uint32_t *edges, size_t nedges, const char *note)
{
	struct view	*v = walk_create(a, node);
	struct walk	*w = v->data;
	size_t		 i;

	w->mark_nodes = xreallocarray(NULL, nnodes + 1, sizeof(*nodes));
	if (nnodes > 0)
		memcpy(w->mark_nodes, nodes, nnodes * sizeof(*nodes));
	w->nmark_nodes = nnodes;
	w->mark_edges = xreallocarray(NULL, nedges + 1, sizeof(*edges));
	if (nedges > 0)
		memcpy(w->mark_edges, edges, nedges * sizeof(*edges));
	w->nmark_edges = nedges;
	w->note = note != NULL ? xstrdup(note) : NULL;
	for (i = 0; i < w->nrows; i++) {
		if (walk_marked(w, a->model, &w->rows[i])) {
			w->cursor = i;
			break;
		}
	}
	return v;
}

int64_t
walk_node(const struct view *v)
{
	const struct walk	*w = v->data;

	return v->ops == &walk_ops ? (int64_t)w->node : -1;
}

static void
walk_free(struct view *v)
{
	struct walk	*w = v->data;
	size_t		 i;

	for (i = 0; i < w->nattrs; i++) {
		free(w->attrs[i].name);
		free(w->attrs[i].value);
	}
	free(w->attrs);
	free(w->rows);
	free(w->attr_error);
	free(w->cond);
	free(w->mark_nodes);
	free(w->mark_edges);
	free(w->note);
	strbuf_free(&w->detail);
	prompt_free(&w->filter);
	query_free(w->q);
	free(w->qerr);
	free(w);
	free(v);
}

/*
 * Draw the breadcrumb of the walk so far on row y: the names of the
 * walked nodes from the oldest, cut at the left when too long.
 */
static void
walk_draw_breadcrumb(struct app *a, struct canvas *c, int y)
{
	const struct model	*m = a->model;
	const char		*sep = a->canvas.ascii ? " > " : " \xe2\x80\xba ";
	struct strbuf		 sb;
	int64_t			 n;
	size_t			 i, first = 0, width;
	int			 ow = 0;

	/* Skip the oldest steps until the rest fits. */
	for (;;) {
		strbuf_init(&sb);
		for (i = first; i < a->depth; i++) {
			if ((n = walk_node(a->stack[i])) < 0)
				continue;
			if (sb.len > 0)
				strbuf_addstr(&sb, sep);
			strbuf_addstr(&sb, m->name[n]);
		}
		width = (size_t)sanitize_width(sb.buf, sb.len,
		    a->sanitize_opts);
		if (width + 4 <= (size_t)c->w || first + 1 >= a->depth)
			break;
		strbuf_free(&sb);
		first++;
		ow = 1;
	}
	canvas_fill(c, y, 0, c->w, THEME_TITLE);
	if (ow)
		canvas_label(c, y, 1, 4, a->canvas.ascii ? "..." : "...",
		    THEME_DIM);
	canvas_text(c, y, ow ? 5 : 1, c->w - (ow ? 5 : 1), sb.buf,
	    THEME_TITLE, THEME_ESCAPE);
	strbuf_free(&sb);
}

/*
 * Draw the lifecycle dates on row y, or on two rows when the canvas is
 * too narrow for one; returns the rows used.
 */
static int
walk_draw_life(struct canvas *c, const struct model *m, size_t v, int y)
{
	const struct record_lifecycle	*life = &m->life[v];
	char				 line[256], d1[TSTAMP_BUFSZ];
	char				 d2[TSTAMP_BUFSZ], d3[TSTAMP_BUFSZ];
	char				 d4[TSTAMP_BUFSZ];
	int				 split;

	tstamp_format_date(life->created_at, d1);
	tstamp_format_date(life->last_used_at, d2);
	tstamp_format_date(life->last_rotated_at, d3);
	tstamp_format_date(life->expires_at, d4);
	snprintf(line, sizeof(line), "created %s  used %s  rotated %s  "
	    "expires %s%s", d1, d2, d3, d4, life->disabled == 1 ?
	    "  disabled" : "");
	split = (int)strlen(line) + 2 > c->w;
	if (split)
		snprintf(line, sizeof(line), "created %s  used %s", d1, d2);
	canvas_label(c, y, 2, c->w - 2, line, THEME_DIM);
	if (!split)
		return 1;
	snprintf(line, sizeof(line), "rotated %s  expires %s%s", d3, d4,
	    life->disabled == 1 ? "  disabled" : "");
	canvas_label(c, y + 1, 2, c->w - 2, line, THEME_DIM);
	return 2;
}

/* Draw the marks of node v from column x: what-if, tier zero, class. */
static void
walk_draw_flags(struct app *a, struct canvas *c, int y, int x, size_t v)
{
	const struct model	*m = a->model;

	if (scenario_node_off(&a->sc, v))
		x += 1 + canvas_label(c, y, x, c->w - x, "[switched off]",
		    THEME_ERROR);
	if (scenario_is_tier_zero(&a->sc, v))
		x += 1 + canvas_label(c, y, x, c->w - x, "[crown jewel]",
		    THEME_PROMPT);
	if (m->nflags[v] & MODEL_NODE_ADMIN)
		x += 1 + canvas_label(c, y, x, c->w - x, "[admin-equivalent]",
		    THEME_ERROR);
	if (m->nflags[v] & MODEL_NODE_ESCALATION)
		canvas_label(c, y, x, c->w - x, "[escalation]", THEME_ERROR);
}

/* Draw the node's annotations on row y, if any; returns the rows used. */
static int
walk_draw_annot(struct app *a, struct canvas *c, size_t v, int y)
{
	const struct annot_entry	*e;
	struct strbuf			 line;
	const char			*last;

	e = annot_get(a->annot, a->model->kid[v]);
	if (e == NULL)
		return 0;
	strbuf_init(&line);
	annot_describe(e, a->cli->now, &line);
	if (e->nnotes > 0) {
		last = e->notes[e->nnotes - 1].text;
		strbuf_addf(&line, ", last: %s", last);
	}
	canvas_label(c, y, 2, 8, "analyst", THEME_DIM);
	canvas_text(c, y, 10, c->w - 10, line.buf, annot_review_lapsed(e,
	    a->cli->now) ? THEME_ERROR : THEME_PROMPT, THEME_ESCAPE);
	strbuf_free(&line);
	return 1;
}

/* Draw the card rows; returns the number of rows used. */
int
walk_draw_card(struct walk *w, struct app *a, struct canvas *c, int y,
    int height)
{
	const struct model	*m = a->model;
	size_t			 v = w->node, i;
	int			 x, used = 0, nattr;

	canvas_fill(c, y, 0, c->w, THEME_NORMAL);
	x = 2 + canvas_label(c, y, 2, 16, kind_node_name(m->kind[v]),
	    theme_kind_style(m->kind[v]));
	x += 1 + canvas_text(c, y, x + 1, c->w - x - 1, m->name[v],
	    THEME_TITLE, THEME_ESCAPE);
	walk_draw_flags(a, c, y, x + 2, v);
	used++;
	x = 2 + canvas_label(c, y + used, 2, 8, "key", THEME_DIM);
	canvas_text(c, y + used, 10, c->w - 10, m->key[v], THEME_NORMAL,
	    THEME_ESCAPE);
	used++;
	canvas_label(c, y + used, 2, 8, "source", THEME_DIM);
	x = 10 + canvas_text(c, y + used, 10, c->w / 2 - 10,
	    model_label(m, m->source[v]), THEME_NORMAL, THEME_ESCAPE);
	x += 2 + canvas_label(c, y + used, x + 2, 6, "kinds", THEME_DIM);
	canvas_text(c, y + used, x + 1, c->w - x - 1,
	    model_label(m, m->kinds[v]), THEME_NORMAL, THEME_ESCAPE);
	used++;
	if (m->nflags[v] & MODEL_NODE_MISSING) {
		canvas_label(c, y + used, 2, c->w - 2, "placeholder: an edge "
		    "names this node but no import described it", THEME_MISSING);
		used++;
	} else
		used += walk_draw_life(c, m, v, y + used);
	used += walkuse_draw_window(w, c, y + used);
	used += walk_draw_annot(a, c, v, y + used);
	if (w->note != NULL) {
		canvas_label(c, y + used, 2, 8, "finding", THEME_DIM);
		canvas_text(c, y + used, 10, c->w - 10, w->note, THEME_ERROR,
		    THEME_ESCAPE);
		used++;
	}

	/* A few attributes; 'a' lists them all. */
	nattr = (height - 12) / 3;
	if (nattr < 1)
		nattr = height >= 14 ? 1 : 0;
	for (i = 0; i < w->nattrs && (int)i < nattr; i++, used++) {
		canvas_text(c, y + used, 2, 22, w->attrs[i].name, THEME_DIM,
		    THEME_ESCAPE);
		canvas_text(c, y + used, 25, c->w - 25, w->attrs[i].value,
		    THEME_NORMAL, THEME_ESCAPE);
	}
	if (w->nattrs > (size_t)nattr && nattr > 0) {
		char	 more[64];

		snprintf(more, sizeof(more), "+%zu more attributes (a)",
		    w->nattrs - (size_t)nattr);
		canvas_label(c, y + used, 2, c->w - 2, more, THEME_DIM);
		used++;
	}
	return used;
}

void
walk_draw_edge_row(struct canvas *c, struct app *a, const struct walk *w,
    const struct walk_row *r, int y, int selected)
{
	const struct model	*m = a->model;
	size_t			 e = r->edge;
	size_t			 other = r->outgoing ? m->edst[e] : m->esrc[e];
	int			 style, x, namew, off, rawx;
	int			 nt = (m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE)
				    != 0;

	off = scenario_edge_off(&a->sc, e) || scenario_node_off(&a->sc, other);
	style = THEME_NORMAL;
	if (selected)
		style = THEME_SELECTED;
	else if (off || r->unused)
		style = THEME_DIM;

	canvas_fill(c, y, 0, c->w, style);
	/*
	 * The source's edge kind takes a column only on wide panes. When a
	 * row is no-follow, every row leaves room for the mark, so the kinds
	 * stay in one column.
	 */
	rawx = c->w >= 70 ? 24 : 0;
	namew = c->w - 4 - rawx - 17 - (w->nofollow ? 10 : 0);
	x = 4;
	if (rawx > 0)
		canvas_text(c, y, x, 23, model_label(m, m->eraw[e]),
		    selected ? style : THEME_EDGE, THEME_ESCAPE);
	x += rawx;
	canvas_text(c, y, x, namew, m->name[other], selected ? style :
	    (m->nflags[other] & MODEL_NODE_MISSING) ? THEME_MISSING : style,
	    THEME_ESCAPE);
	x += namew + 1;
	if (!walkuse_draw_seen(r, c, y, x, 16, selected ? style : THEME_EDGE))
		canvas_label(c, y, x, 16, kind_node_name(m->kind[other]),
		    selected ? style : theme_kind_style(m->kind[other]));
	if (nt)
		canvas_label(c, y, c->w - 10, 10, "no-follow", selected ?
		    style : THEME_DIM);
	else if (r->unused)
		canvas_label(c, y, c->w - 10, 10, "unused", selected ?
		    style : THEME_DIM);
	if (m->eflags[e] & RECORD_EDGE_CONDITIONAL)
		canvas_label(c, y, 2, 1, "?", THEME_PROMPT);
	if (off)
		canvas_label(c, y, 1, 1, "x", THEME_ERROR);
	if (walk_marked(w, m, r))
		canvas_label(c, y, 3, 1, "*", selected ? style : THEME_ERROR);
}

static void
walk_draw_rows(struct walk *w, struct app *a, struct canvas *c, int y,
    int rows)
{
	const struct walk_row	*r;
	char			 title[96];
	size_t			 i;
	int			 row;

	if (w->nrows == 0) {
		canvas_label(c, y, 2, c->w - 2, "no edges", THEME_DIM);
		return;
	}
	if (w->cursor < w->top)
		w->top = w->cursor;
	/* Show the group title above the first row when scrolling up. */
	if (w->top > 0 && w->top == w->cursor && w->rows[w->top - 1].header)
		w->top--;
	if (w->cursor >= w->top + (size_t)rows)
		w->top = w->cursor - (size_t)rows + 1;
	for (i = w->top, row = 0; i < w->nrows && row < rows; i++, row++) {
		r = &w->rows[i];
		if (r->header) {
			snprintf(title, sizeof(title), "%s %s%s (%zu)",
			    r->outgoing ? (c->ascii ? "->" : "\xe2\x86\x92") :
			    (c->ascii ? "<-" : "\xe2\x86\x90"),
			    kind_edge_name(r->kind),
			    kind_edge_is_observed(r->kind) ? ", observed" : "",
			    r->count);
			canvas_fill(c, y + row, 0, c->w, THEME_NORMAL);
			canvas_text(c, y + row, 2, c->w - 2, title,
			    THEME_TITLE, THEME_TITLE);
		} else
			walk_draw_edge_row(c, a, w, r, y + row,
			    i == w->cursor);
	}
}

static void
walk_draw_attrs(struct walk *w, struct canvas *c, int y, int rows)
{
	size_t	 i;
	int	 row;

	if (w->attr_top + (size_t)rows > w->nattrs)
		w->attr_top = w->nattrs > (size_t)rows ?
		    w->nattrs - (size_t)rows : 0;
	canvas_label(c, y, 2, c->w - 2, "attributes (a: back to edges)",
	    THEME_TITLE);
	for (i = w->attr_top, row = 1; i < w->nattrs && row < rows;
	    i++, row++) {
		canvas_text(c, y + row, 2, 26, w->attrs[i].name, THEME_DIM,
		    THEME_ESCAPE);
		canvas_text(c, y + row, 29, c->w - 29, w->attrs[i].value,
		    THEME_NORMAL, THEME_ESCAPE);
	}
}

/*
 * The footer of the selected edge: its conditions when it is conditional
 * (label "if", read from the case once per edge), or the evidence of a
 * derived edge (label "via"); NULL otherwise.
 */
static const char *
walk_footer(struct walk *w, struct app *a, const char **label)
{
	const struct model	*m = a->model;
	const struct walk_row	*r;
	char			*attrs = NULL, *err = NULL;

	if (w->show_attrs || w->cursor >= w->nrows)
		return NULL;
	r = &w->rows[w->cursor];
	if (r->header)
		return NULL;
	if (m->eflags[r->edge] & RECORD_EDGE_DERIVED) {
		*label = "via";
		return model_edge_evidence(m, r->edge);
	}
	if (!(m->eflags[r->edge] & RECORD_EDGE_CONDITIONAL))
		return NULL;
	*label = "if";
	if (w->cond_edge == m->eid[r->edge])
		return w->cond;
	free(w->cond);
	w->cond = NULL;
	w->cond_edge = m->eid[r->edge];
	if (model_edge_detail(m, a->store, r->edge, &w->cond, &attrs,
	    &err) == -1) {
		app_status(a, 1, "%s", err);
		free(err);
	}
	free(attrs);
	return w->cond;
}

static int
walk_collect_detail(void *ctx, const char *name, const char *value,
    const char *type, const char *source)
{
	struct strbuf	*sb = ctx;

	(void)type;
	(void)source;
	strbuf_addf(sb, "%s%s %s", sb->len > 0 ? "; " : "", name,
	    value != NULL ? value : "null");
	return 0;
}

/*
 * Read the attributes of the selected edge into w->detail, once per
 * edge; the text stays empty for a header row or an edge without any.
 */
static void
walk_load_detail(struct walk *w, struct app *a)
{
	const struct model	*m = a->model;
	int64_t			 id = -1;
	char			*err = NULL;

	if (w->cursor < w->nrows && !w->rows[w->cursor].header)
		id = m->eid[w->rows[w->cursor].edge];
	if (id == w->detail_edge)
		return;
	w->detail_edge = id;
	strbuf_reset(&w->detail);
	if (id >= 0 && store_edge_attrs(a->store, id, walk_collect_detail,
	    &w->detail, &err) == -1) {
		strbuf_reset(&w->detail);
		app_status(a, 1, "%s", err);
		free(err);
	}
}

/* Draw the selected edge's source kind and attributes on row y. */
static void
walk_draw_detail(struct walk *w, struct app *a, struct canvas *c, int y)
{
	const struct model	*m = a->model;
	size_t			 e = w->rows[w->cursor].edge;
	int			 x;

	canvas_fill(c, y, 0, c->w, THEME_DIM);
	x = 4 + canvas_text(c, y, 4, 24, model_label(m, m->eraw[e]),
	    THEME_EDGE, THEME_ESCAPE);
	x += canvas_label(c, y, x, 2, ":", THEME_DIM) + 1;
	canvas_text(c, y, x, c->w - x, w->detail.buf, THEME_DIM,
	    THEME_ESCAPE);
}

/*
 * Draw the lines at the bottom of the view: the filter prompt, the
 * selected edge's conditions and attributes. Returns the rows they took.
 */
static int
walk_draw_bottom(struct walk *w, struct app *a, struct canvas *c, int top,
    int height)
{
	const char	*cond, *label = "if";
	char		 info[160];
	int		 used = 0, x, bottom = top + height - 1;

	if (prompt_active(&w->filter) && !w->show_attrs && height > 4) {
		snprintf(info, sizeof(info), "%s", w->qerr != NULL ? w->qerr :
		    w->nrows == 0 ? "no neighbour matches" : "");
		prompt_draw(&w->filter, c, bottom - used, "/", info);
		used++;
	}
	if ((cond = walk_footer(w, a, &label)) != NULL && height - used > 6) {
		canvas_fill(c, bottom - used, 0, c->w, THEME_NORMAL);
		x = 3 + (int)strlen(label);
		canvas_label(c, bottom - used, 2, x - 2, label, THEME_PROMPT);
		canvas_text(c, bottom - used, x, c->w - x, cond, THEME_DIM,
		    THEME_ESCAPE);
		used++;
	}
	if (!w->show_attrs && height - used > 6) {
		walk_load_detail(w, a);
		if (w->detail.len > 0) {
			walk_draw_detail(w, a, c, bottom - used);
			used++;
		}
	}
	return used;
}

static void
walk_draw(struct view *v, struct app *a, struct canvas *c, int top,
    int height)
{
	struct walk	*w = v->data;
	int		 used, rows, bottom;

	walk_draw_breadcrumb(a, c, top);
	bottom = walk_draw_bottom(w, a, c, top + 1, height - 1);
	if (c->w >= WALK_MILLER_WIDTH && !w->show_attrs) {
		w->page = height - 1 - bottom - 1;
		walkcols_draw(w, a, c, top + 1, height - 1 - bottom);
		return;
	}
	used = 1 + walk_draw_card(w, a, c, top + 1, height - 1);
	canvas_fill(c, top + used, 0, c->w, THEME_DIM);
	used++;
	rows = height - used - bottom;
	w->page = rows;
	if (rows <= 0)
		return;
	if (w->show_attrs)
		walk_draw_attrs(w, c, top + used, rows);
	else
		walk_draw_rows(w, a, c, top + used, rows);
}

static const char *
walk_hint(struct view *v)
{
	struct walk	*w = v->data;

	if (w->filter.editing)
		return "type to filter the neighbours  Enter keep  Esc clear";
	if (w->show_attrs)
		return "j/k scroll  a edges  Backspace back  ? keys  q quit";
	return "Enter step  o owner  u used by  A assumes  > reach  d card  "
	    "/ filter  ? keys";
}

/* The walked node, and the edge under the cursor. */
static void
walk_selected(struct view *v, struct app *a, int64_t *node, int64_t *edge)
{
	struct walk	*w = v->data;

	(void)a;
	*node = (int64_t)w->node;
	*edge = -1;
	if (!w->show_attrs && w->cursor < w->nrows &&
	    !w->rows[w->cursor].header)
		*edge = (int64_t)w->rows[w->cursor].edge;
}

/* Move the cursor by delta selectable rows. */
static void
walk_move(struct walk *w, long delta)
{
	size_t	 i = w->cursor;

	while (delta != 0) {
		if (delta > 0) {
			do
				i++;
			while (i < w->nrows && w->rows[i].header);
			if (i >= w->nrows)
				break;
			delta--;
		} else {
			if (i == 0)
				break;
			do
				i--;
			while (i > 0 && w->rows[i].header);
			if (w->rows[i].header)
				break;
			delta++;
		}
		w->cursor = i;
	}
}

/* Record a kept neighbour filter in the journal. */
static void
walk_journal_filter(struct app *a, struct walk *w)
{
	const char	*fields[] = {
		"text", strbuf_str(&w->filter.text), "view", "walk", NULL
	};

	app_case_journal(a, "filter", a->model->key[w->node], fields);
}

/*
 * The edge groups a jump key looks at, in order: the owner (o), the
 * users (u) and what the node can assume (A).
 */
static const struct {
	int	 key;
	int	 outgoing;
	int	 kind;
} walk_jumps[] = {
	{ 'o', 0, KIND_EDGE_OWNS },
	{ 'u', 0, KIND_EDGE_USES }, { 'u', 0, KIND_EDGE_RUNS_AS },
	{ 'u', 0, KIND_EDGE_AUTHENTICATES_AS },
	{ 'A', 1, KIND_EDGE_CAN_ASSUME }, { 'A', 1, KIND_EDGE_AUTHENTICATES_AS },
	{ 'A', 1, KIND_EDGE_HAS_ROLE }, { 'A', 1, KIND_EDGE_FEDERATES },
};

/* The first row of the group (outgoing, kind), or nrows. */
static size_t
walk_group_row(const struct walk *w, int outgoing, int kind)
{
	size_t	 i;

	for (i = 0; i < w->nrows; i++) {
		if (!w->rows[i].header && w->rows[i].outgoing == outgoing &&
		    w->rows[i].kind == kind)
			return i;
	}
	return w->nrows;
}

/*
 * A jump key: step to the one node the relation leads to, or put the
 * cursor on the first of several. The owner named only as an attribute
 * is walked to when a node has that key.
 */
static int
walk_jump(struct walk *w, struct app *a, int key)
{
	const struct model	*m = a->model;
	const struct walk_row	*r;
	size_t			 i, row, other;
	int64_t			 owner;

	for (i = 0; i < sizeof(walk_jumps) / sizeof(walk_jumps[0]); i++) {
		if (walk_jumps[i].key != key || (row = walk_group_row(w,
		    walk_jumps[i].outgoing, walk_jumps[i].kind)) == w->nrows)
			continue;
		r = &w->rows[row];
		if (w->rows[row - 1].count > 1) {
			w->cursor = row;
			app_status(a, 0, "%zu %s edges: Enter steps to the one "
			    "selected", w->rows[row - 1].count,
			    kind_edge_name(r->kind));
			return APP_HANDLED | APP_REDRAW;
		}
		other = r->outgoing ? m->edst[r->edge] : m->esrc[r->edge];
		app_push(a, walk_create(a, other));
		return APP_HANDLED | APP_REDRAW;
	}
	if (key == 'o' && m->owner[w->node] != 0 && (owner = model_find(m,
	    model_label(m, m->owner[w->node]))) >= 0) {
		app_push(a, walk_create(a, (size_t)owner));
		return APP_HANDLED | APP_REDRAW;
	}
	app_status(a, 0, "%s", key == 'o' ? (m->owner[w->node] != 0 ?
	    "the owner the source names is not a node of the case" :
	    "no owner recorded") : key == 'u' ? "nothing uses this node" :
	    "this node can assume nothing");
	return APP_HANDLED | APP_REDRAW;
}

static int
walk_key(struct view *v, struct app *a, int key)
{
	struct walk		*w = v->data;
	const struct model	*m = a->model;
	const struct walk_row	*r;
	long			 page = w->page > 1 ? w->page - 1 : 1;
	size_t			 other;
	int			 rc;

	rc = prompt_key(&w->filter, key);
	if (rc == PROMPT_CHANGED) {
		walk_compile(w, a);
		walk_build_rows(w, a);
	}
	if (rc == PROMPT_KEPT && key == TERM_KEY_ENTER && w->filter.text.len)
		walk_journal_filter(a, w);
	if (rc != PROMPT_IGNORED)
		return APP_HANDLED | APP_REDRAW;
	if (key == ' ' || key == 'n' || key == 't' || key == 'r') {
		if (!app_case_writable(a))
			return APP_HANDLED | APP_REDRAW;
		if (key == ' ')
			return ask_toggle_mark(a, w->node);
		app_push(a, ask_create(a, key == 'n' ? ASK_NOTE : key == 't' ?
		    ASK_TAG : ASK_REVIEW, w->node, NULL));
		return APP_HANDLED | APP_REDRAW;
	}
	if (w->show_attrs) {
		if (key == 'j' || key == TERM_KEY_DOWN)
			w->attr_top++;
		else if ((key == 'k' || key == TERM_KEY_UP) && w->attr_top > 0)
			w->attr_top--;
		else if (key != 'a')
			return 0;
		if (key == 'a')
			w->show_attrs = 0;
		return APP_HANDLED | APP_REDRAW;
	}
	switch (key) {
	case 'o':
	case 'u':
	case 'A':
		return walk_jump(w, a, key);
	case '/':
		prompt_open(&w->filter);
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_ESC:
		if (w->filter.text.len == 0)
			return 0;
		strbuf_reset(&w->filter.text);
		walk_compile(w, a);
		walk_build_rows(w, a);
		return APP_HANDLED | APP_REDRAW;
	case 'a':
		w->show_attrs = 1;
		w->attr_top = 0;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_UP:
	case 'k':
		walk_move(w, -1);
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_DOWN:
	case 'j':
		walk_move(w, 1);
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_PGUP:
		walk_move(w, -page);
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_PGDN:
		walk_move(w, page);
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_HOME:
	case 'g':
		walk_move(w, -(long)w->nrows);
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_END:
	case 'G':
		walk_move(w, (long)w->nrows);
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_ENTER:
	case TERM_KEY_RIGHT:
	case 'l':
		if (w->cursor >= w->nrows || w->rows[w->cursor].header)
			return APP_HANDLED;
		r = &w->rows[w->cursor];
		other = r->outgoing ? m->edst[r->edge] : m->esrc[r->edge];
		if (w->note != NULL)
			app_push(a, walk_create_marked(a, other, w->mark_nodes,
			    w->nmark_nodes, w->mark_edges, w->nmark_edges,
			    w->note));
		else
			app_push(a, walk_create(a, other));
		return APP_HANDLED | APP_REDRAW;
	default:
		return 0;
	}
}

static const struct view_ops walk_ops = {
	.name = "walk",
	.draw = walk_draw,
	.key = walk_key,
	.hint = walk_hint,
	.free = walk_free,
	.selected = walk_selected,
};
