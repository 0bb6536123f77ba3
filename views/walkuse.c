/*
 * Usage evidence in the walk: the figures of observed edges
 * (how often and when last seen, from the event table of the view), the
 * evidence window, and which grant edges the evidence never saw used.
 *
 * A grant edge has an observed counterpart when evidence can show it in
 * use: can_assume and federates (an identity assumed the role) and
 * authenticates_as (the credential was used as the identity). Such an
 * edge is marked unused when the view has evidence, the evidence shows
 * the edge's start node at work (it has an outgoing observed edge), and
 * none of its observed edges follows the grant. A start node the
 * evidence never mentions is not marked, because its logs may simply not
 * be in the case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "canvas.h"
#include "model.h"
#include "store.h"
#include "theme.h"
#include "tstamp.h"
#include "walk.h"

/* The observed kind that shows grant kind k in use, or -1. */
static int
walkuse_counterpart(int k)
{
	switch (k) {
	case KIND_EDGE_CAN_ASSUME:
	case KIND_EDGE_FEDERATES:
		return KIND_EDGE_ASSUMED;
	case KIND_EDGE_AUTHENTICATES_AS:
		return KIND_EDGE_USED;
	default:
		return -1;
	}
}

/*
 * 1 when the evidence shows node v at work: it has an outgoing observed
 * edge. Being the target of a call does not count.
 */
static int
walkuse_active(const struct model *m, size_t v)
{
	size_t	 first, count;
	int	 k;

	for (k = 0; k < KIND_EDGE_COUNT; k++) {
		if (!kind_edge_is_observed(k))
			continue;
		model_out_kind(m, v, k, &first, &count);
		if (count > 0)
			return 1;
	}
	return 0;
}

int
walkuse_unused(const struct walk *w, const struct model *m, size_t e)
{
	size_t	 first, count, i;
	int	 k;

	if (w->window.count == 0 ||
	    (k = walkuse_counterpart(m->ekind[e])) == -1 ||
	    !walkuse_active(m, m->esrc[e]))
		return 0;
	model_out_kind(m, m->esrc[e], k, &first, &count);
	for (i = first; i < first + count; i++) {
		if (m->edst[i] == m->edst[e])
			return 0;
	}
	return 1;
}

void
walkuse_load(struct walk *w, struct app *a)
{
	char	*err = NULL;

	if (store_event_window(a->store, &w->window, &err) == -1) {
		app_status(a, 1, "%s", err);
		memset(&w->window, 0, sizeof(w->window));
	}
	free(err);
}

void
walkuse_row(struct walk *w, struct app *a, struct walk_row *r)
{
	const struct model	*m = a->model;
	struct store_event_stats st;
	char			*err = NULL;

	r->seen = 0;
	r->last_seen = 0;
	if (!kind_edge_is_observed(m->ekind[r->edge]) ||
	    m->eid[r->edge] < 0)
		return;
	if (store_event_stats(a->store, m->ekind[r->edge],
	    m->kid[m->esrc[r->edge]], m->kid[m->edst[r->edge]], &st,
	    &err) == -1) {
		app_status(a, 1, "%s", err);
		free(err);
		return;
	}
	(void)w;
	r->seen = st.count;
	r->last_seen = st.last;
}

int
walkuse_draw_window(const struct walk *w, struct canvas *c, int y)
{
	char	 line[128], from[TSTAMP_BUFSZ], to[TSTAMP_BUFSZ];

	if (w->window.count == 0)
		return 0;
	snprintf(line, sizeof(line), "%s to %s, %lld events",
	    tstamp_format_date(w->window.first, from),
	    tstamp_format_date(w->window.last, to),
	    (long long)w->window.count);
	canvas_fill(c, y, 0, c->w, THEME_NORMAL);
	canvas_label(c, y, 2, 8, "evidence", THEME_DIM);
	canvas_label(c, y, 11, c->w - 11, line, THEME_NORMAL);
	return 1;
}

int
walkuse_draw_seen(const struct walk_row *r, struct canvas *c, int y, int x,
    int width, int style)
{
	char	 text[48], date[TSTAMP_BUFSZ];

	if (r->seen == 0)
		return 0;
	snprintf(text, sizeof(text), "%lldx %s", (long long)r->seen,
	    tstamp_format_date(r->last_seen, date));
	canvas_label(c, y, x, width, text, style);
	return 1;
}
