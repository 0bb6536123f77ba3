/*
 * The findings view: the posture findings of the case for the current
 * scenario, grouped by rule with counts, the groups with the most severe
 * findings first. Enter on a finding opens the walk of its node with the
 * evidence highlighted; Enter on a rule folds it. A accepts a finding
 * (with an expiry date and a reason) and u withdraws an acceptance.
 * Accepted findings stay in the list, marked A (or L once lapsed).
 *
 * The rows hold indices into the app's findings. When the app evaluates
 * them again (the scenario changed, an acceptance was written) the rows
 * are built again before they are used.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "findings.h"
#include "model.h"
#include "rows.h"
#include "strbuf.h"
#include "term.h"
#include "tstamp.h"
#include "views.h"
#include "xalloc.h"

struct findings_row {
	size_t		 rule;		/* index of the rule */
	long		 item;		/* finding index, or -1 for a title */
};

struct findings_view {
	struct findings_row	*rows;
	struct rows		 nav;
	size_t			*count;		/* findings per rule */
	int			*top;		/* highest severity per rule */
	uint8_t			*folded;	/* per rule */
	size_t			*order;		/* rules, most severe first */
	unsigned		 serial;	/* findings the rows index */
	int			 ready;
	int			 built;		/* the rows were built once */
};

static const struct view_ops findings_ops;

static int
findings_view_rule_cmp(const void *a, const void *b, void *arg)
{
	const struct findings_view	*fv = arg;
	size_t				 x = *(const size_t *)a;
	size_t				 y = *(const size_t *)b;

	if (fv->top[x] != fv->top[y])
		return fv->top[x] > fv->top[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Count the findings of each rule and order the rules. */
static void
findings_view_tally(struct findings_view *fv, const struct findings *fs)
{
	size_t	 nr = findings_nrules(), i, r;

	for (r = 0; r < nr; r++) {
		fv->count[r] = 0;
		fv->top[r] = -1;
		fv->order[r] = r;
	}
	for (i = 0; i < fs->n; i++) {
		findings_rule_find(fs->v[i].rule->id, &r);
		fv->count[r]++;
		if ((int)fs->v[i].severity > fv->top[r])
			fv->top[r] = (int)fs->v[i].severity;
	}
	qsort_r(fv->order, nr, sizeof(*fv->order), findings_view_rule_cmp, fv);
}

/* Build the rows: a title per rule with findings, then its findings. */
static void
findings_view_build(struct findings_view *fv, const struct findings *fs)
{
	size_t	 nr = findings_nrules(), n = 0, k, r, i;

	findings_view_tally(fv, fs);
	fv->rows = xreallocarray(fv->rows, fs->n + nr + 1, sizeof(*fv->rows));
	for (k = 0; k < nr; k++) {
		r = fv->order[k];
		if (fv->count[r] == 0)
			continue;
		fv->rows[n].rule = r;
		fv->rows[n++].item = -1;
		for (i = 0; !fv->folded[r] && i < fs->n; i++) {
			if (fs->v[i].rule != findings_rule(r))
				continue;
			fv->rows[n].rule = r;
			fv->rows[n++].item = (long)i;
		}
	}
	fv->nav.n = n;
	rows_clamp(&fv->nav);
	/* Start on the first finding rather than its rule. */
	if (!fv->built && n > 1)
		fv->nav.cursor = 1;
	fv->built = 1;
}

/* Evaluate (or take) the app's findings and build the rows. */
static void
findings_view_refresh(struct view *v, struct app *a)
{
	struct findings_view	*fv = v->data;
	const struct findings	*fs = app_findings_data(a);

	fv->ready = fs != NULL;
	fv->serial = a->fdata_serial;
	if (fs != NULL)
		findings_view_build(fv, fs);
	else
		fv->nav.n = 0;
}

struct view *
findings_create(struct app *a)
{
	struct findings_view	*fv = xcalloc(1, sizeof(*fv));
	size_t			 nr = findings_nrules();

	fv->count = xcalloc(nr + 1, sizeof(*fv->count));
	fv->top = xcalloc(nr + 1, sizeof(*fv->top));
	fv->folded = xcalloc(nr + 1, 1);
	fv->order = xcalloc(nr + 1, sizeof(*fv->order));
	/* Stale, so the findings are evaluated after the first draw. */
	return app_view(a, &findings_ops, fv, 1);
}

static void
findings_view_free(struct view *v)
{
	struct findings_view	*fv = v->data;

	free(fv->rows);
	free(fv->count);
	free(fv->top);
	free(fv->folded);
	free(fv->order);
	free(fv);
	free(v);
}

/* The findings the rows index, or NULL when they are not current. */
static const struct findings *
findings_view_data(struct view *v, struct app *a)
{
	struct findings_view	*fv = v->data;

	if (!fv->ready || fv->serial != a->fdata_serial ||
	    a->fdata == NULL) {
		if (fv->ready)
			app_refresh(a);
		return NULL;
	}
	return a->fdata;
}

static void
findings_view_draw_title(struct findings_view *fv, struct canvas *c, int y,
    const struct findings_row *r, int selected)
{
	const struct finding_rule	*rule = findings_rule(r->rule);
	char				 line[160];

	snprintf(line, sizeof(line), "%s %s  %s (%zu)", fv->folded[r->rule] ?
	    (c->ascii ? "+" : "\xe2\x96\xb8") : (c->ascii ? "-" :
	    "\xe2\x96\xbe"), rule->id, rule->title, fv->count[r->rule]);
	canvas_text(c, y, 1, c->w - 1, line, selected ? THEME_SELECTED :
	    THEME_TITLE, THEME_TITLE);
}

static void
findings_view_draw_item(struct app *a, struct canvas *c, int y,
    const struct finding *f, int selected)
{
	const struct model	*m = a->model;
	int			 style = selected ? THEME_SELECTED :
				    THEME_NORMAL, namew = (c->w - 14) / 3 + 4;

	if (f->state != FINDING_OPEN)
		canvas_label(c, y, 1, 1, f->state == FINDING_ACCEPTED ? "A" :
		    "L", selected ? style : f->state == FINDING_ACCEPTED ?
		    THEME_PROMPT : THEME_ERROR);
	canvas_label(c, y, 3, 8, findings_severity_name(f->severity),
	    selected ? style : f->severity >= FINDING_HIGH ? THEME_ERROR :
	    f->state == FINDING_ACCEPTED ? THEME_DIM : THEME_NORMAL);
	canvas_text(c, y, 12, namew, m->name[f->node], style, THEME_ESCAPE);
	canvas_text(c, y, 14 + namew, c->w - 14 - namew, f->message,
	    selected ? style : THEME_DIM, THEME_ESCAPE);
}

/*
 * The title row: counts of open findings by severity, and accepted. The
 * gaps shrink to one space when the wide form does not fit.
 */
static void
findings_view_draw_head(const struct findings *fs, struct canvas *c, int y)
{
	struct strbuf	 sb;
	size_t		 open = 0;
	int		 s, narrow;

	for (s = 0; s < FINDING_NSEVERITIES; s++)
		open += fs->open[s];
	strbuf_init(&sb);
	for (narrow = 0; narrow < 2; narrow++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "findings %zu open", open);
		for (s = FINDING_NSEVERITIES - 1; s >= 0; s--) {
			if (fs->open[s] > 0)
				strbuf_addf(&sb, "%s%zu %s", narrow ? " " :
				    "  ", fs->open[s],
				    findings_severity_name(s));
		}
		strbuf_addf(&sb, "%saccepted %zu%slapsed %zu", narrow ?
		    "  " : "   ", fs->states[FINDING_ACCEPTED], narrow ? " " :
		    "  ", fs->states[FINDING_LAPSED]);
		if (sb.len < (size_t)c->w - 1)
			break;
	}
	canvas_fill(c, y, 0, c->w, THEME_TITLE);
	canvas_label(c, y, 1, c->w - 1, sb.buf, THEME_TITLE);
	strbuf_free(&sb);
}

static void
findings_view_draw(struct view *v, struct app *a, struct canvas *c, int top,
    int height)
{
	struct findings_view	*fv = v->data;
	const struct findings	*fs = findings_view_data(v, a);
	const struct findings_row *r;
	size_t			 i;
	int			 y = top;

	if (fs == NULL) {
		canvas_fill(c, y, 0, c->w, THEME_TITLE);
		canvas_label(c, y, 1, c->w - 1, "findings", THEME_TITLE);
		canvas_label(c, y + 1, 2, c->w - 2, fv->ready ? "evaluating" :
		    "not evaluated: R evaluates them", THEME_DIM);
		return;
	}
	findings_view_draw_head(fs, c, y++);
	canvas_fill(c, y++, 0, c->w, THEME_DIM);
	if (fs->n == 0) {
		canvas_label(c, y, 2, c->w - 2, "no findings", THEME_DIM);
		return;
	}
	rows_fit(&fv->nav, top + height - y);
	for (i = fv->nav.top; i < fv->nav.n && y < top + height; i++, y++) {
		r = &fv->rows[i];
		canvas_fill(c, y, 0, c->w, i == fv->nav.cursor ?
		    THEME_SELECTED : THEME_NORMAL);
		if (r->item < 0)
			findings_view_draw_title(fv, c, y, r,
			    i == fv->nav.cursor);
		else
			findings_view_draw_item(a, c, y, &fs->v[r->item],
			    i == fv->nav.cursor);
		if ((c->row_flags[y] & CANVAS_ROW_ESCAPED) && r->item >= 0 &&
		    fs->v[r->item].state == FINDING_OPEN)
			canvas_label(c, y, 0, 1, "!", THEME_ESCAPE);
	}
}

static const char *
findings_view_hint(struct view *v)
{
	(void)v;
	return "Enter walk/fold  A accept  u withdraw  Backspace back  ? keys";
}

/* The finding under the cursor, or NULL. */
static const struct finding *
findings_view_current(struct view *v, struct app *a)
{
	struct findings_view	*fv = v->data;
	const struct findings	*fs = findings_view_data(v, a);

	if (fs == NULL || fv->nav.cursor >= fv->nav.n ||
	    fv->rows[fv->nav.cursor].item < 0)
		return NULL;
	return &fs->v[fv->rows[fv->nav.cursor].item];
}

static void
findings_view_selected(struct view *v, struct app *a, int64_t *node,
    int64_t *edge)
{
	const struct finding	*f = findings_view_current(v, a);

	*edge = -1;
	*node = f != NULL ? (int64_t)f->node : -1;
}

/* Open the walk of f's node with its evidence highlighted. */
static void
findings_view_walk(struct app *a, const struct finding *f)
{
	const struct model	*m = a->model;
	uint32_t		*nodes, *edges;
	size_t			 nn = 0, ne = 0, i;
	char			*note;

	nodes = xreallocarray(NULL, f->nrelated + 2 * f->npath + 1,
	    sizeof(*nodes));
	edges = xreallocarray(NULL, f->nedges + f->npath + 1, sizeof(*edges));
	for (i = 0; i < f->nrelated; i++)
		nodes[nn++] = f->related[i];
	for (i = 0; i < f->npath; i++) {
		nodes[nn++] = m->esrc[f->path[i]];
		nodes[nn++] = m->edst[f->path[i]];
		edges[ne++] = f->path[i];
	}
	for (i = 0; i < f->nedges; i++)
		edges[ne++] = f->edges[i];
	note = xasprintf("%s %s: %s", findings_severity_name(f->severity),
	    f->rule->id, f->message);
	app_push(a, walk_create_marked(a, f->node, nodes, nn, edges, ne,
	    note));
	free(note);
	free(nodes);
	free(edges);
}

static int
findings_view_key(struct view *v, struct app *a, int key)
{
	struct findings_view	*fv = v->data;
	const struct finding	*f;
	struct findings_row	*r;

	if (findings_view_data(v, a) == NULL)
		return 0;
	if (rows_key(&fv->nav, key))
		return APP_HANDLED | APP_REDRAW;
	if (fv->nav.cursor >= fv->nav.n)
		return 0;
	r = &fv->rows[fv->nav.cursor];
	f = findings_view_current(v, a);
	switch (key) {
	case TERM_KEY_ENTER:
	case TERM_KEY_RIGHT:
	case 'l':
		if (f != NULL) {
			findings_view_walk(a, f);
			return APP_HANDLED | APP_REDRAW;
		}
		fv->folded[r->rule] = !fv->folded[r->rule];
		findings_view_build(fv, a->fdata);
		return APP_HANDLED | APP_REDRAW;
	case 'A':
		if (f != NULL && app_case_writable(a))
			app_push(a, ask_accept_create(a, f->node, f->rule->id));
		return APP_HANDLED | APP_REDRAW;
	case 'u':
		if (f != NULL && app_case_writable(a))
			return ask_unaccept(a, f->node, f->rule->id);
		return APP_HANDLED | APP_REDRAW;
	default:
		return 0;
	}
}

static const struct view_ops findings_ops = {
	.name = "findings",
	.draw = findings_view_draw,
	.key = findings_view_key,
	.hint = findings_view_hint,
	.free = findings_view_free,
	.selected = findings_view_selected,
	.refresh = findings_view_refresh,
};
