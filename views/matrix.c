/*
 * The reach matrix: one row per system, one column per environment, and
 * a dot where some credential or identity of that environment reaches
 * the system. A dot in a column other than the system's own environment
 * (dev reaching a prod database) is drawn in red. Each environment is one
 * breadth-first search from all its credentials and identities at once
 * (reach_run_set()), under the scenario's edge kinds and what-if
 * switches, so the cost is a few walks of the graph, not one per node.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "bitset.h"
#include "blast.h"
#include "model.h"
#include "query.h"
#include "reach.h"
#include "rows.h"
#include "term.h"
#include "views.h"
#include "xalloc.h"

#define MATRIX_ENVS	12	/* environment columns kept */
#define MATRIX_COLW	9	/* an environment column, with its gap */
#define MATRIX_COLW_MAX	24	/* wider for a long label, up to this */
#define MATRIX_NAME_MIN	20	/* the system names keep at least this */

struct matrix {
	uint32_t	 env[MATRIX_ENVS];	/* label ids; 0: none */
	size_t		 sources[MATRIX_ENVS];	/* credentials, identities */
	size_t		 nenv;
	uint32_t	*systems;		/* reached systems, rows */
	uint64_t	*reached[MATRIX_ENVS];	/* per env, per system row */
	size_t		 nsystems;
	struct rows	 rows;
};

static const struct view_ops matrix_ops;

/* The environments of credentials and identities, most sources first. */
static void
matrix_envs(struct matrix *mx, const struct model *m)
{
	size_t	 v, i, j;
	uint32_t e;

	for (v = 0; v < m->nnodes; v++) {
		if (!blast_is_source(m, v))
			continue;
		e = m->environment[v];
		for (i = 0; i < mx->nenv && mx->env[i] != e; i++)
			;
		if (i == mx->nenv) {
			if (mx->nenv == MATRIX_ENVS)
				continue;
			mx->env[mx->nenv++] = e;
		}
		mx->sources[i]++;
	}
	/* Named environments first, by sources; "none" last. */
	for (i = 0; i < mx->nenv; i++) {
		for (j = i + 1; j < mx->nenv; j++) {
			if ((mx->env[i] == 0 && mx->env[j] != 0) ||
			    ((mx->env[i] != 0) == (mx->env[j] != 0) &&
			    mx->sources[j] > mx->sources[i])) {
				e = mx->env[i];
				mx->env[i] = mx->env[j];
				mx->env[j] = e;
				v = mx->sources[i];
				mx->sources[i] = mx->sources[j];
				mx->sources[j] = v;
			}
		}
	}
}

/* Walk from every source of environment i; mark the systems reached. */
static void
matrix_walk(struct matrix *mx, const struct model *m, struct reach *r,
    const struct reach_filter *f, size_t i, uint64_t *reached)
{
	uint32_t	*starts;
	size_t		 v, n = 0, k;

	starts = xreallocarray(NULL, mx->sources[i] + 1, sizeof(*starts));
	for (v = 0; v < m->nnodes && n < mx->sources[i]; v++) {
		if (blast_is_source(m, v) && m->environment[v] == mx->env[i])
			starts[n++] = (uint32_t)v;
	}
	reach_run_set(r, starts, n, 0, f, 0, NULL);
	for (k = 0; k < r->count; k++) {
		if (m->kind[r->order[k]] == KIND_NODE_SYSTEM)
			bitset_set(reached, r->order[k]);
	}
	free(starts);
}

struct view *
matrix_create(struct app *a)
{
	const struct model	*m = a->model;
	struct matrix		*mx = xcalloc(1, sizeof(*mx));
	uint64_t		*node_reached[MATRIX_ENVS];
	struct reach_filter	 f;
	struct reach		 r;
	size_t			 i, v;

	matrix_envs(mx, m);
	scenario_filter(&a->sc, &f);
	reach_init(&r, m);
	for (i = 0; i < mx->nenv; i++) {
		node_reached[i] = bitset_alloc(m->nnodes);
		matrix_walk(mx, m, &r, &f, i, node_reached[i]);
	}
	reach_free(&r);

	/* Rows: the systems some environment reaches, in list order. */
	mx->systems = xreallocarray(NULL, m->nnodes + 1, sizeof(uint32_t));
	for (v = 0; v < m->nnodes; v++) {
		for (i = 0; i < mx->nenv; i++) {
			if (bitset_test(node_reached[i], v)) {
				mx->systems[mx->nsystems++] = (uint32_t)v;
				break;
			}
		}
	}
	query_sort(m, mx->systems, mx->nsystems);
	for (i = 0; i < mx->nenv; i++) {
		mx->reached[i] = bitset_alloc(mx->nsystems);
		for (v = 0; v < mx->nsystems; v++) {
			if (bitset_test(node_reached[i], mx->systems[v]))
				bitset_set(mx->reached[i], v);
		}
		free(node_reached[i]);
	}
	mx->rows.n = mx->nsystems;
	return app_view(a, &matrix_ops, mx, 0);
}

static void
matrix_free(struct view *v)
{
	struct matrix	*mx = v->data;
	size_t		 i;

	for (i = 0; i < mx->nenv; i++)
		free(mx->reached[i]);
	free(mx->systems);
	free(mx);
	free(v);
}

/* The columns: environment names and source counts on two rows. */
/*
 * Lay out the environment columns on a screen w wide: each at least
 * MATRIX_COLW, widened to show its whole label while the system names
 * keep MATRIX_NAME_MIN columns. Fills colw (one per environment) and
 * returns the first column's x.
 */
static int
matrix_layout(const struct matrix *mx, const struct model *m, int w,
    int *colw)
{
	size_t	 i;
	int	 total = 0, want, x0;

	for (i = 0; i < mx->nenv; i++) {
		colw[i] = MATRIX_COLW;
		total += MATRIX_COLW;
	}
	for (i = 0; i < mx->nenv; i++) {
		want = mx->env[i] != 0 ?
		    (int)strlen(model_label(m, mx->env[i])) + 1 : MATRIX_COLW;
		if (want > MATRIX_COLW_MAX)
			want = MATRIX_COLW_MAX;
		if (want > colw[i] &&
		    w - total - (want - colw[i]) >= MATRIX_NAME_MIN) {
			total += want - colw[i];
			colw[i] = want;
		}
	}
	x0 = w - total;
	if (x0 > 48)
		x0 = 48;
	if (x0 < MATRIX_NAME_MIN)
		x0 = MATRIX_NAME_MIN;
	return x0;
}

static void
matrix_draw_head(struct matrix *mx, struct app *a, struct canvas *c, int y,
    int x0, const int *colw)
{
	const struct model	*m = a->model;
	char			 num[32];
	size_t			 i;
	int			 x;

	canvas_fill(c, y, 0, c->w, THEME_TITLE);
	canvas_fill(c, y + 1, 0, c->w, THEME_DIM);
	canvas_label(c, y, 2, x0 - 2, "SYSTEM", THEME_TITLE);
	canvas_label(c, y + 1, 2, x0 - 2, "sources in the environment",
	    THEME_DIM);
	for (i = 0, x = x0; i < mx->nenv && x + colw[i] <= c->w;
	    x += colw[i], i++) {
		canvas_text(c, y, x, colw[i] - 1, mx->env[i] != 0 ?
		    model_label(m, mx->env[i]) : "(none)", THEME_TITLE,
		    THEME_ESCAPE);
		snprintf(num, sizeof(num), "%zu", mx->sources[i]);
		canvas_label(c, y + 1, x, colw[i] - 1, num, THEME_DIM);
	}
}

/* 1 when an environment label differs from the system's own one. */
static int
matrix_cross(const struct model *m, uint32_t env, size_t system)
{
	uint32_t	 own = m->environment[system];

	return env != 0 && own != 0 && env != own &&
	    strcasecmp(model_label(m, env), model_label(m, own)) != 0;
}

static void
matrix_draw(struct view *v, struct app *a, struct canvas *c, int top,
    int height)
{
	struct matrix		*mx = v->data;
	const struct model	*m = a->model;
	int			*colw, x0, x, y, style, sel;
	size_t			 i, r, s;

	colw = xcalloc(mx->nenv + 1, sizeof(*colw));
	x0 = matrix_layout(mx, m, c->w, colw);
	matrix_draw_head(mx, a, c, top, x0, colw);
	if (mx->nsystems == 0) {
		canvas_label(c, top + 2, 2, c->w - 2, "no system is reached "
		    "from a credential or identity", THEME_DIM);
		free(colw);
		return;
	}
	rows_fit(&mx->rows, height - 3);
	for (r = mx->rows.top, y = top + 2; r < mx->nsystems &&
	    y < top + height - 1; r++, y++) {
		s = mx->systems[r];
		sel = r == mx->rows.cursor;
		canvas_fill(c, y, 0, c->w, sel ? THEME_SELECTED : THEME_NORMAL);
		canvas_text(c, y, 2, x0 - 3, m->name[s], sel ? THEME_SELECTED :
		    THEME_NORMAL, THEME_ESCAPE);
		for (i = 0, x = x0; i < mx->nenv && x + colw[i] <= c->w;
		    x += colw[i], i++) {
			if (!bitset_test(mx->reached[i], r)) {
				canvas_symbol(c, y, x + 2, 0x00b7, '.', sel ?
				    THEME_SELECTED : THEME_DIM);
				continue;
			}
			style = matrix_cross(m, mx->env[i], s) ? THEME_ERROR :
			    THEME_EDGE;
			canvas_symbol(c, y, x + 2, 0x25cf, '*', sel ?
			    THEME_SELECTED : style);
		}
	}
	canvas_symbol(c, top + height - 1, 2, 0x25cf, '*', THEME_EDGE);
	canvas_label(c, top + height - 1, 4, c->w - 4, "reached; in red: from "
	    "another environment than the system's", THEME_DIM);
	free(colw);
}

static int
matrix_key(struct view *v, struct app *a, int key)
{
	struct matrix	*mx = v->data;

	if (rows_key(&mx->rows, key))
		return APP_HANDLED | APP_REDRAW;
	if (key == TERM_KEY_ENTER && mx->rows.cursor < mx->nsystems) {
		app_push(a, walk_create(a, mx->systems[mx->rows.cursor]));
		return APP_HANDLED | APP_REDRAW;
	}
	return 0;
}

static const char *
matrix_hint(struct view *v)
{
	(void)v;
	return "Enter walk to the system  < who can reach it  [ back  ? keys";
}

static void
matrix_selected(struct view *v, struct app *a, int64_t *node, int64_t *edge)
{
	struct matrix	*mx = v->data;

	(void)a;
	*edge = -1;
	*node = mx->rows.cursor < mx->nsystems ?
	    (int64_t)mx->systems[mx->rows.cursor] : -1;
}

static const struct view_ops matrix_ops = {
	.name = "matrix",
	.draw = matrix_draw,
	.key = matrix_key,
	.hint = matrix_hint,
	.free = matrix_free,
	.selected = matrix_selected,
};
