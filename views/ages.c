/*
 * Credential ages as two bar charts: how long ago each credential was
 * last used, and last rotated, in buckets from under a week to over two
 * years, with never and unknown beside them. Bars of 90 days and more
 * (the stale threshold of lifecycle.h) stand out. Enter on a bucket
 * filters the node list to its credentials.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "lifecycle.h"
#include "model.h"
#include "palcmd.h"
#include "rows.h"
#include "term.h"
#include "tstamp.h"
#include "views.h"
#include "xalloc.h"

#define AGES_BUCKETS	9	/* seven ranges, never, unknown */

/* Upper bounds of the ranges in days; the last range is open. */
static const int ages_bounds[AGES_BUCKETS - 3] = { 7, 30, 90, 182, 365, 730 };

static const char *const ages_labels[AGES_BUCKETS] = {
	"< 1 week", "< 30 days", "< 90 days", "< 6 months", "< 1 year",
	"< 2 years", ">= 2 years", "never", "unknown"
};

struct ages {
	size_t		 count[2][AGES_BUCKETS];	/* used, rotated */
	size_t		 total;
	struct rows	 rows;				/* 2 x buckets */
};

static const struct view_ops ages_ops;

/*
 * The bucket of time t at now, as the filter of the bucket (ages_filter())
 * sees it: a time after the clock is under a week old, and a time the
 * source did not give (unknown or not applicable) is unknown.
 */
static int
ages_bucket(int64_t t, int64_t now)
{
	int64_t	 days;
	int	 i;

	if (t == TSTAMP_NEVER)
		return AGES_BUCKETS - 2;
	if (!tstamp_is_set(t))
		return AGES_BUCKETS - 1;
	if (t > now)
		return 0;
	days = (now - t) / LIFECYCLE_DAY;
	for (i = 0; i < AGES_BUCKETS - 3; i++) {
		if (days < ages_bounds[i])
			return i;
	}
	return AGES_BUCKETS - 3;
}

struct view *
ages_create(struct app *a)
{
	const struct model	*m = a->model;
	struct ages		*ag = xcalloc(1, sizeof(*ag));
	size_t			 v;

	for (v = 0; v < m->nnodes; v++) {
		if (m->kind[v] != KIND_NODE_CREDENTIAL)
			continue;
		ag->total++;
		ag->count[0][ages_bucket(m->life[v].last_used_at,
		    a->cli->now)]++;
		ag->count[1][ages_bucket(m->life[v].last_rotated_at,
		    a->cli->now)]++;
	}
	ag->rows.n = 2 * AGES_BUCKETS;
	return app_view(a, &ages_ops, ag, 0);
}

static void
ages_free(struct view *v)
{
	free(v->data);
	free(v);
}

/* Draw one chart from row y at column x, w wide; returns rows used. */
static int
ages_chart(struct ages *ag, struct canvas *c, int y, int x, int w, int which)
{
	size_t	 max = 1, i, n;
	char	 num[32];
	int	 barw = w - 12 - 8, style, row, numw, labelw;

	canvas_label(c, y, x + 1, w - 1, which == 0 ? "last used" :
	    "last rotated", THEME_TITLE);
	for (i = 0; i < AGES_BUCKETS; i++) {
		if (ag->count[which][i] > max)
			max = ag->count[which][i];
	}
	for (i = 0; i < AGES_BUCKETS; i++) {
		row = which * AGES_BUCKETS + (int)i;
		n = ag->count[which][i];
		style = row == (int)ag->rows.cursor ? THEME_SELECTED :
		    THEME_NORMAL;
		canvas_fill(c, y + 1 + (int)i, x, w, style);

		/* The count keeps its digits; the label gives way. */
		numw = snprintf(num, sizeof(num), "%zu", n);
		labelw = w - 3 - numw < 11 ? w - 3 - numw : 11;
		if (labelw > 0)
			canvas_label(c, y + 1 + (int)i, x + 1, labelw,
			    ages_labels[i], style);
		if (barw > 0)
			canvas_bar(c, y + 1 + (int)i, x + 12,
			    (long)((double)n / (double)max * barw * 8),
			    i >= 3 && i <= 6 ? THEME_ERROR : i == 7 ?
			    THEME_PROMPT : THEME_EDGE);
		canvas_label(c, y + 1 + (int)i, x + w - 1 - numw, numw, num,
		    style);
	}
	return 1 + AGES_BUCKETS;
}

static void
ages_draw(struct view *v, struct app *a, struct canvas *c, int top,
    int height)
{
	struct ages	*ag = v->data;
	char		 title[128], date[TSTAMP_BUFSZ];

	snprintf(title, sizeof(title), "Credential ages: %zu credentials at "
	    "%s; red: 90 days and more (stale)", ag->total,
	    tstamp_format_date(a->cli->now, date));
	canvas_fill(c, top, 0, c->w, THEME_NORMAL);
	canvas_label(c, top, 1, c->w - 1, title, THEME_TITLE);
	if (c->w >= 120 || height < 2 * (1 + AGES_BUCKETS) + 1) {
		/* Side by side when wide, or when stacked would not fit. */
		ages_chart(ag, c, top + 1, 0, c->w / 2 - 1, 0);
		ages_chart(ag, c, top + 1, c->w / 2, c->w - c->w / 2, 1);
		return;
	}
	ages_chart(ag, c, top + 1, 0, c->w, 0);
	ages_chart(ag, c, top + 2 + AGES_BUCKETS, 0, c->w, 1);
}

/* The filter text of a bucket, such as "kind:credential used:<7d". */
static char *
ages_filter(int which, int bucket)
{
	const char	*f = which == 0 ? "used" : "rotated";

	if (bucket == AGES_BUCKETS - 2)
		return xasprintf("kind:credential %s:never", f);
	if (bucket == AGES_BUCKETS - 1)
		return xasprintf("kind:credential %s:unknown", f);
	if (bucket == 0)
		return xasprintf("kind:credential %s:<%dd", f, ages_bounds[0]);
	if (bucket == AGES_BUCKETS - 3)
		return xasprintf("kind:credential !%s:<%dd %s:>0d", f,
		    ages_bounds[bucket - 1], f);
	return xasprintf("kind:credential !%s:<%dd %s:<%dd", f,
	    ages_bounds[bucket - 1], f, ages_bounds[bucket]);
}

static int
ages_key(struct view *v, struct app *a, int key)
{
	struct ages	*ag = v->data;
	char		*f;
	int		 rc;

	if (rows_key(&ag->rows, key))
		return APP_HANDLED | APP_REDRAW;
	if (key != TERM_KEY_ENTER)
		return 0;
	f = ages_filter((int)ag->rows.cursor / AGES_BUCKETS,
	    (int)ag->rows.cursor % AGES_BUCKETS);
	rc = palcmd_filter_list(a, f);
	free(f);
	return rc;
}

static const char *
ages_hint(struct view *v)
{
	(void)v;
	return "j/k choose a bucket  Enter list its credentials  [ back  "
	    "? keys";
}

static const struct view_ops ages_ops = {
	.name = "ages",
	.draw = ages_draw,
	.key = ages_key,
	.hint = ages_hint,
	.free = ages_free,
};
