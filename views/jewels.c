/*
 * The crown jewels view: the nodes marked tier zero, every credential
 * that reaches one (Enter shows the path), and the chokepoints that
 * would cut the most of those pairs. It is recomputed when the scenario
 * changes, so a what-if (x) shows at once which pairs it cuts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "choke.h"
#include "cmd.h"
#include "crown.h"
#include "model.h"
#include "rows.h"
#include "term.h"
#include "views.h"
#include "xalloc.h"

enum jewels_section {
	JEWELS_JEWELS,
	JEWELS_PAIRS,
	JEWELS_CHOKE,
	JEWELS_NSECTIONS
};

static const char *const jewels_titles[JEWELS_NSECTIONS] = {
	"crown jewels", "credentials that reach a crown jewel", "chokepoints"
};

struct jewels_row {
	int		 section;
	long		 item;		/* -1: the section title */
};

struct jewels {
	uint32_t		*jewels;
	size_t			 njewels;
	size_t			*reached_by;	/* pairs per jewel */
	struct crown_pair	*pairs;
	size_t			 npairs;
	struct choke_result	 choke;
	int			 folded[JEWELS_NSECTIONS];
	struct jewels_row	*rows;
	struct rows		 nav;
	int			 cancelled;
};

static const struct view_ops jewels_ops;

static size_t
jewels_count(const struct jewels *j, int section)
{
	switch (section) {
	case JEWELS_JEWELS:
		return j->njewels;
	case JEWELS_PAIRS:
		return j->npairs;
	default:
		return j->choke.n;
	}
}

static void
jewels_rows(struct jewels *j)
{
	size_t	 n = 0, i, total = 0;
	int	 s;

	for (s = 0; s < JEWELS_NSECTIONS; s++)
		total += 1 + jewels_count(j, s);
	j->rows = xreallocarray(j->rows, total + 1, sizeof(*j->rows));
	for (s = 0; s < JEWELS_NSECTIONS; s++) {
		j->rows[n].section = s;
		j->rows[n++].item = -1;
		for (i = 0; !j->folded[s] && i < jewels_count(j, s); i++) {
			j->rows[n].section = s;
			j->rows[n++].item = (long)i;
		}
	}
	j->nav.n = n;
	rows_clamp(&j->nav);
}

static void
jewels_clear(struct jewels *j)
{
	free(j->jewels);
	free(j->reached_by);
	crown_pairs_free(j->pairs, j->npairs);
	choke_free(&j->choke);
	j->jewels = NULL;
	j->reached_by = NULL;
	j->pairs = NULL;
	j->njewels = j->npairs = 0;
}

/* Count the pairs of each jewel, for the first section. */
static void
jewels_tally(struct jewels *j)
{
	size_t	 i, k;

	j->reached_by = xcalloc(j->njewels + 1, sizeof(*j->reached_by));
	for (i = 0; i < j->npairs; i++) {
		for (k = 0; k < j->njewels; k++) {
			if (j->jewels[k] == j->pairs[i].jewel)
				j->reached_by[k]++;
		}
	}
}

static void
jewels_refresh(struct view *v, struct app *a)
{
	struct jewels		*j = v->data;
	struct reach_filter	 f;
	char			*err = NULL;

	jewels_clear(j);
	j->njewels = scenario_jewels(&a->sc, &j->jewels);
	scenario_filter(&a->sc, &f);
	j->cancelled = crown_pairs(a->model, &f, a->sc.tier_zero,
	    a->cli->now, app_work(a), &j->pairs, &j->npairs);
	if (!j->cancelled) {
		switch (choke_compute(a->model, &f, a->sc.tier_zero,
		    app_work(a), &j->choke, &err)) {
		case -1:
			app_status(a, 1, "%s", err);
			free(err);
			break;
		case 1:
			j->cancelled = 1;
			break;
		}
	}
	if (j->cancelled)
		app_status(a, 0, "crown jewel analysis cancelled; R runs it "
		    "again");
	jewels_tally(j);
	jewels_rows(j);
}

struct view *
jewels_create(struct app *a)
{
	struct jewels	*j = xcalloc(1, sizeof(*j));
	struct view	*v = app_view(a, &jewels_ops, j, 0);

	jewels_refresh(v, a);
	return v;
}

static void
jewels_free(struct view *v)
{
	struct jewels	*j = v->data;

	jewels_clear(j);
	free(j->rows);
	free(j);
	free(v);
}

static void
jewels_draw_jewel(struct jewels *j, struct app *a, struct canvas *c, int y,
    size_t i, int style)
{
	const struct model	*m = a->model;
	char			 line[64];
	uint32_t		 v = j->jewels[i];
	int			 x;

	canvas_label(c, y, 2, 15, kind_node_name(m->kind[v]),
	    style == THEME_SELECTED ? style : theme_kind_style(m->kind[v]));
	x = 18 + canvas_text(c, y, 18, c->w / 2, m->name[v], style,
	    THEME_ESCAPE);
	snprintf(line, sizeof(line), "reached by %zu credentials",
	    j->reached_by[i]);
	canvas_label(c, y, x + 2, c->w - x - 2, line, style ==
	    THEME_SELECTED ? style : THEME_DIM);
}

static void
jewels_draw_pair(struct jewels *j, struct app *a, struct canvas *c, int y,
    size_t i, int style)
{
	const struct model	*m = a->model;
	const struct crown_pair	*p = &j->pairs[i];
	char			 line[64];
	int			 x, half = (c->w - 16) / 2;

	x = 2 + canvas_text(c, y, 2, half, m->name[p->credential], style,
	    THEME_ESCAPE);
	x += 1 + canvas_text(c, y, x + 1, 2, c->ascii ? ">" : "\xe2\x86\x92",
	    style, style);
	x += 1 + canvas_text(c, y, x + 1, half, m->name[p->jewel], style,
	    THEME_ESCAPE);
	snprintf(line, sizeof(line), "%zu hops", p->len);
	canvas_label(c, y, x + 2, c->w - x - 2, line, style ==
	    THEME_SELECTED ? style : THEME_DIM);
	if (p->conditional)
		canvas_label(c, y, 1, 1, "?", THEME_PROMPT);
}

static void
jewels_draw_choke(struct jewels *j, struct app *a, struct canvas *c, int y,
    size_t i, int style)
{
	const struct model		*m = a->model;
	const struct choke_point	*p = &j->choke.points[i];
	char				 num[24];
	int				 x;

	snprintf(num, sizeof(num), "%5llu", (unsigned long long)p->pairs);
	canvas_label(c, y, 2, 5, num, style);
	canvas_label(c, y, 8, 4, p->edge ? "edge" : "node", style ==
	    THEME_SELECTED ? style : THEME_DIM);
	if (!p->edge) {
		canvas_label(c, y, 13, 16, kind_node_name(m->kind[p->id]),
		    style == THEME_SELECTED ? style :
		    theme_kind_style(m->kind[p->id]));
		canvas_text(c, y, 30, c->w - 30, m->name[p->id], style,
		    THEME_ESCAPE);
		return;
	}
	canvas_label(c, y, 13, 16, kind_edge_name(m->ekind[p->id]), style ==
	    THEME_SELECTED ? style : THEME_EDGE);
	x = 30 + canvas_text(c, y, 30, (c->w - 34) / 2,
	    m->name[m->esrc[p->id]], style, THEME_ESCAPE);
	x += 1 + canvas_text(c, y, x + 1, 2, c->ascii ? ">" : "\xe2\x86\x92",
	    style, style);
	canvas_text(c, y, x + 1, c->w - x - 1, m->name[m->edst[p->id]], style,
	    THEME_ESCAPE);
}

static void
jewels_draw_row(struct jewels *j, struct app *a, struct canvas *c, int y,
    const struct jewels_row *r, int selected)
{
	char	 title[96];
	int	 style = selected ? THEME_SELECTED : THEME_NORMAL;

	canvas_fill(c, y, 0, c->w, style);
	if (r->item < 0) {
		snprintf(title, sizeof(title), "%s %s (%zu)",
		    j->folded[r->section] ? (c->ascii ? "+" : "\xe2\x96\xb8") :
		    (c->ascii ? "-" : "\xe2\x96\xbe"), jewels_titles[r->section],
		    jewels_count(j, r->section));
		canvas_text(c, y, 1, c->w - 1, title, selected ? style :
		    THEME_TITLE, THEME_TITLE);
		return;
	}
	if (r->section == JEWELS_JEWELS)
		jewels_draw_jewel(j, a, c, y, (size_t)r->item, style);
	else if (r->section == JEWELS_PAIRS)
		jewels_draw_pair(j, a, c, y, (size_t)r->item, style);
	else
		jewels_draw_choke(j, a, c, y, (size_t)r->item, style);
	if (c->row_flags[y] & CANVAS_ROW_ESCAPED)
		canvas_label(c, y, 0, 1, "!", THEME_ESCAPE);
}

static void
jewels_draw(struct view *v, struct app *a, struct canvas *c, int top,
    int height)
{
	struct jewels	*j = v->data;
	char		 line[160];
	size_t		 i;
	int		 y = top;

	canvas_fill(c, y, 0, c->w, THEME_TITLE);
	snprintf(line, sizeof(line), "crown jewels %zu   (credential, jewel) "
	    "pairs %zu   chokepoints %zu%s", j->njewels, j->npairs,
	    j->choke.n, j->cancelled ? "   cancelled" : "");
	canvas_label(c, y++, 1, c->w - 1, line, THEME_TITLE);
	canvas_fill(c, y++, 0, c->w, THEME_DIM);
	if (j->njewels == 0) {
		canvas_label(c, y, 2, c->w - 2, "no crown jewels: press T on a "
		    "node to mark it tier zero,", THEME_DIM);
		canvas_label(c, y + 1, 2, c->w - 2, "or list keys in tier_zero "
		    "under [analysis] in the configuration", THEME_DIM);
		return;
	}
	rows_fit(&j->nav, top + height - y);
	for (i = j->nav.top; i < j->nav.n && y < top + height; i++, y++)
		jewels_draw_row(j, a, c, y, &j->rows[i], i == j->nav.cursor);
}

static const char *
jewels_hint(struct view *v)
{
	(void)v;
	return "Enter path/walk/fold  x what-if  T tier zero  Backspace back"
	    "  ? keys";
}

static void
jewels_selected(struct view *v, struct app *a, int64_t *node, int64_t *edge)
{
	struct jewels			*j = v->data;
	const struct jewels_row		*r;
	const struct choke_point	*p;

	(void)a;
	*node = *edge = -1;
	if (j->njewels == 0 || j->nav.cursor >= j->nav.n)
		return;
	r = &j->rows[j->nav.cursor];
	if (r->item < 0)
		return;
	if (r->section == JEWELS_JEWELS)
		*node = j->jewels[r->item];
	else if (r->section == JEWELS_PAIRS)
		*node = j->pairs[r->item].credential;
	else {
		p = &j->choke.points[r->item];
		if (p->edge)
			*edge = p->id;
		else
			*node = p->id;
	}
}

static int
jewels_key(struct view *v, struct app *a, int key)
{
	struct jewels		*j = v->data;
	const struct jewels_row	*r;
	const struct crown_pair	*p;
	int64_t			 node, edge;

	if (j->njewels > 0 && rows_key(&j->nav, key))
		return APP_HANDLED | APP_REDRAW;
	if (key != TERM_KEY_ENTER && key != TERM_KEY_RIGHT && key != 'l')
		return 0;
	if (j->njewels == 0 || j->nav.cursor >= j->nav.n)
		return APP_HANDLED;
	r = &j->rows[j->nav.cursor];
	if (r->item < 0) {
		j->folded[r->section] = !j->folded[r->section];
		jewels_rows(j);
	} else if (r->section == JEWELS_PAIRS) {
		p = &j->pairs[r->item];
		app_push(a, pathview_create(a, p->credential, p->jewel));
	} else {
		jewels_selected(v, a, &node, &edge);
		if (edge >= 0)
			node = a->model->esrc[edge];
		app_push(a, walk_create(a, (size_t)node));
	}
	return APP_HANDLED | APP_REDRAW;
}

static const struct view_ops jewels_ops = {
	.name = "jewels",
	.draw = jewels_draw,
	.key = jewels_key,
	.hint = jewels_hint,
	.free = jewels_free,
	.selected = jewels_selected,
	.refresh = jewels_refresh,
};
