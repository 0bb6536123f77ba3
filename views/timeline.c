/*
 * One node's uses over time: a column chart of its events per day (or
 * per group of days, so the whole evidence fits the width), with the
 * events listed under it: time, action, target, source address, user
 * agent and error. Columns with failed events stand out. The chart takes
 * what the screen gives it, and '#' cells replace the block characters
 * under --ascii. Enter walks to the other node of the selected event.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "kind.h"
#include "model.h"
#include "rows.h"
#include "term.h"
#include "tstamp.h"
#include "usage.h"
#include "views.h"
#include "xalloc.h"

#define TIMELINE_AXIS	7	/* width of the count labels */
#define TIMELINE_MAX_BW	3	/* widest column of one bucket */

struct timeline {
	size_t		 node;
	struct usage	*u;
	struct rows	 rows;
	char		*error;		/* the store could not be read */
};

static const struct view_ops timeline_ops;

struct view *
timeline_create(struct app *a, size_t v)
{
	struct timeline	*tl = xcalloc(1, sizeof(*tl));
	char		*err = NULL;

	tl->node = v;
	if (usage_load_node(a->store, a->model, v, &tl->u, &err) == -1) {
		tl->error = err;
		tl->u = xcalloc(1, sizeof(*tl->u));
		arena_init(&tl->u->arena);
	}
	tl->rows.n = tl->u->n;
	/* The newest events are the likeliest question: start there. */
	tl->rows.cursor = tl->rows.n > 0 ? tl->rows.n - 1 : 0;
	return app_view(a, &timeline_ops, tl, 0);
}

static void
timeline_free(struct view *v)
{
	struct timeline	*tl = v->data;

	usage_free(tl->u);
	free(tl->error);
	free(tl);
	free(v);
}

/* One cell of a column h eighths high, at row r above the base. */
static void
timeline_cell(struct canvas *c, int y, int x, long h, int r, int style)
{
	long	 e = h - (long)r * 8;

	if (e <= 0)
		return;
	if (e >= 8)
		canvas_symbol(c, y, x, 0x2588, '#', style);
	else if (!c->ascii)
		canvas_symbol(c, y, x, 0x2580 + (uint32_t)e, '#', style);
	else if (e >= 4)
		canvas_symbol(c, y, x, '#', '#', style);
}

/* Draw the chart in rows y to y + ch (the axis under it), w wide. */
static void
timeline_chart(struct timeline *tl, struct canvas *c, int y, int ch, int w)
{
	struct usage_bucket	*b;
	char			 num[32], d1[TSTAMP_BUFSZ], d2[TSTAMP_BUFSZ];
	int64_t			 days, span;
	size_t			 nb, max = 1, k;
	int			 bw, x, r, i, style;
	long			 h;

	span = usage_days(tl->u);
	nb = (size_t)(w - TIMELINE_AXIS - 1);
	if ((int64_t)nb > span)
		nb = (size_t)span;
	b = xcalloc(nb + 1, sizeof(*b));
	usage_buckets(tl->u, nb, b, &days);
	for (k = 0; k < nb; k++)
		if (b[k].count > max)
			max = b[k].count;
	bw = (w - TIMELINE_AXIS - 1) / (int)nb;
	if (bw > TIMELINE_MAX_BW)
		bw = TIMELINE_MAX_BW;
	snprintf(num, sizeof(num), "%6zu", max);
	canvas_label(c, y, 0, TIMELINE_AXIS, num, THEME_DIM);
	canvas_label(c, y + ch - 1, 0, TIMELINE_AXIS, "     0", THEME_DIM);
	for (k = 0; k < nb; k++) {
		h = (long)((double)b[k].count / (double)max * ch * 8 + 0.5);
		if (b[k].count > 0 && h == 0)
			h = 1;
		style = b[k].errors > 0 ? THEME_ERROR : THEME_EDGE;
		x = TIMELINE_AXIS + (int)k * bw;
		for (r = 0; r < ch; r++)
			for (i = 0; i < (bw > 1 ? bw - 1 : 1); i++)
				timeline_cell(c, y + ch - 1 - r, x + i, h, r,
				    style);
	}
	tstamp_format_date(b[0].start, d1);
	tstamp_format_date(b[nb - 1].start + days * USAGE_DAY - 1, d2);
	canvas_label(c, y + ch, TIMELINE_AXIS, w - TIMELINE_AXIS, d1,
	    THEME_DIM);
	x = TIMELINE_AXIS + (int)nb * bw - (int)strlen(d2);
	if (x > TIMELINE_AXIS + (int)strlen(d1) + 1)
		canvas_label(c, y + ch, x, (int)strlen(d2), d2, THEME_DIM);
	free(b);
}

/* The other node of event e, seen from the timeline's node. */
static uint32_t
timeline_other(const struct timeline *tl, const struct usage_event *e)
{
	if (e->target != USAGE_NONE && e->target != tl->node)
		return e->target;
	if (e->actor != USAGE_NONE && e->actor != tl->node)
		return e->actor;
	return USAGE_NONE;
}

/* Draw event i in row y: wide screens show the address and agent too. */
static void
timeline_event(struct timeline *tl, struct app *a, struct canvas *c, int y,
    size_t i)
{
	const struct usage_event *e = &tl->u->v[i];
	const struct model	*m = a->model;
	char			 at[TSTAMP_BUFSZ];
	uint32_t		 o = timeline_other(tl, e);
	int			 style, x = 1, w = c->w;

	style = i == tl->rows.cursor ? THEME_SELECTED : e->error_code != NULL ?
	    THEME_ERROR : THEME_NORMAL;
	canvas_fill(c, y, 0, w, style);
	tstamp_format(e->at, at);
	at[16] = '\0';		/* "2026-11-29T10:00" */
	at[10] = ' ';
	canvas_label(c, y, x, 16, at, style);
	canvas_text(c, y, 19, 27, e->action != NULL ? e->action : "-",
	    style, THEME_ESCAPE);
	canvas_text(c, y, 47, 23, o != USAGE_NONE ? m->name[o] : "-", style,
	    THEME_ESCAPE);
	x = 71;
	if (w >= 120) {
		canvas_text(c, y, x, 15, e->source_ip != NULL ?
		    e->source_ip : "-", style, THEME_ESCAPE);
		x += 16;
		canvas_text(c, y, x, w - x - 18, e->user_agent != NULL ?
		    e->user_agent : "-", style, THEME_ESCAPE);
		x = w - 17;
	}
	if (e->error_code != NULL && x < w - 1)
		canvas_text(c, y, x, w - x - 1, e->error_code, style,
		    THEME_ESCAPE);
}

/* The selected event's detail under the list: address, agent, record. */
static void
timeline_detail(struct timeline *tl, struct canvas *c, int y)
{
	const struct usage_event *e = &tl->u->v[tl->rows.cursor];
	char			*where = usage_where(e);
	int			 x = 1;

	canvas_fill(c, y, 0, c->w, THEME_NORMAL);
	x += canvas_label(c, y, x, 5, "from ", THEME_DIM);
	x += canvas_text(c, y, x, 16, e->source_ip != NULL ? e->source_ip :
	    "-", THEME_NORMAL, THEME_ESCAPE) + 1;
	x += canvas_text(c, y, x, c->w / 2 > x ? c->w / 2 - x : 0,
	    e->user_agent != NULL ? e->user_agent : "-", THEME_NORMAL,
	    THEME_ESCAPE) + 2;
	if (x < c->w - 1)
		canvas_text(c, y, x, c->w - x - 1, where, THEME_DIM,
		    THEME_ESCAPE);
	free(where);
}

static void
timeline_draw(struct view *v, struct app *a, struct canvas *c, int top,
    int height)
{
	struct timeline	*tl = v->data;
	char		 d1[TSTAMP_BUFSZ], d2[TSTAMP_BUFSZ], head[160];
	int		 x, ch, list, y;
	size_t		 i;

	canvas_fill(c, top, 0, c->w, THEME_NORMAL);
	x = 1 + canvas_label(c, top, 1, 10, "Timeline: ", THEME_TITLE);
	x += canvas_text(c, top, x, c->w / 2, a->model->name[tl->node],
	    THEME_TITLE, THEME_ESCAPE);
	if (tl->error != NULL || tl->u->n == 0) {
		canvas_label(c, top + 2, 1, c->w - 2, tl->error != NULL ?
		    "the evidence could not be read" : "no usage evidence "
		    "for this node in this view", THEME_DIM);
		return;
	}
	snprintf(head, sizeof(head), ": %zu event%s, %s to %s", tl->u->n,
	    tl->u->n == 1 ? "" : "s", tstamp_format_date(tl->u->first, d1),
	    tstamp_format_date(tl->u->last, d2));
	canvas_label(c, top, x, c->w - x - 1, head, THEME_TITLE);
	ch = height >= 40 ? 10 : height >= 18 ? 5 : height >= 10 ? 2 : 0;
	if (c->w < TIMELINE_AXIS + 12)
		ch = 0;		/* too narrow for a chart */
	if (ch > 0)
		timeline_chart(tl, c, top + 1, ch, c->w);
	y = top + 1 + (ch > 0 ? ch + 1 : 0);
	canvas_fill(c, y, 0, c->w, THEME_NORMAL);
	canvas_label(c, y, 1, 4, "TIME", THEME_TITLE);
	canvas_label(c, y, 19, 6, "ACTION", THEME_TITLE);
	canvas_label(c, y, 47, 6, "TARGET", THEME_TITLE);
	if (c->w >= 120) {
		canvas_label(c, y, 71, 9, "SOURCE IP", THEME_TITLE);
		canvas_label(c, y, 87, 10, "USER AGENT", THEME_TITLE);
	}
	canvas_label(c, y, c->w >= 120 ? c->w - 17 : 71, 5, "ERROR",
	    THEME_TITLE);
	list = top + height - y - 2;
	if (list < 1)
		return;
	rows_fit(&tl->rows, list);
	for (i = tl->rows.top; i < tl->rows.n && (int)(i - tl->rows.top) <
	    list; i++)
		timeline_event(tl, a, c, y + 1 + (int)(i - tl->rows.top), i);
	timeline_detail(tl, c, top + height - 1);
}

static int
timeline_key(struct view *v, struct app *a, int key)
{
	struct timeline	*tl = v->data;
	uint32_t	 o;

	if (rows_key(&tl->rows, key))
		return APP_HANDLED | APP_REDRAW;
	if (key != TERM_KEY_ENTER || tl->rows.n == 0)
		return 0;
	o = timeline_other(tl, &tl->u->v[tl->rows.cursor]);
	if (o != USAGE_NONE)
		app_push(a, walk_create(a, o));
	return APP_HANDLED | APP_REDRAW;
}

static void
timeline_selected(struct view *v, struct app *a, int64_t *node,
    int64_t *edge)
{
	struct timeline	*tl = v->data;

	(void)a;
	*node = (int64_t)tl->node;
	*edge = -1;
}

static const char *
timeline_hint(struct view *v)
{
	(void)v;
	return "j/k choose an event  Enter walk to its target  [ back  ? keys";
}

static const struct view_ops timeline_ops = {
	.name = "timeline",
	.draw = timeline_draw,
	.key = timeline_key,
	.hint = timeline_hint,
	.free = timeline_free,
	.selected = timeline_selected,
};
