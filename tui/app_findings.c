/*
 * The interface's findings: evaluated for the current scenario when a
 * view first needs them, under the cancel hook, and again after the
 * scenario changes or an acceptance is written.
 *
 * The views read findings through the hooks of struct app_findings
 * (app.h); app_findings_install() connects them to the engine. Besides
 * the per-node counts the engine gives, the hooks keep an index of the
 * findings by node, and the open findings of each snapshot for the
 * sparkline of the snapshots view, counted once per case.
 */
#include "app.h"

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "findings.h"
#include "model.h"
#include "scenario.h"
#include "store.h"
#include "views.h"
#include "xalloc.h"

/* Snapshots the sparkline shows at the most. */
#define APP_FINDINGS_SNAPS	64

/* What the hooks keep beside the engine's result. */
struct app_findings_index {
	struct app	*a;
	unsigned	 serial;	/* fdata_serial the index was built for */
	size_t		*off;		/* per node: first of its findings */
	uint32_t	*ids;		/* finding indices, grouped by node */
	int		 snaps_done;	/* per_snapshot has counted */
	size_t		 nsnaps;
	int64_t		 snap[APP_FINDINGS_SNAPS];
	uint32_t	 count[APP_FINDINGS_SNAPS];
};

const struct findings *
app_findings_data(struct app *a)
{
	struct findings_opts	 o;
	char			*err = NULL;
	int			 rc;

	if (a->fdata_gen == a->sc.gen && a->fdata_state == APP_BLAST_READY)
		return a->fdata;
	if (a->fdata_gen == a->sc.gen && a->fdata_state ==
	    APP_BLAST_CANCELLED)
		return NULL;
	findings_free(a->fdata);
	a->fdata = NULL;
	o.cfg = a->cli->cfg;
	o.now = a->cli->now;
	o.rules = NULL;
	rc = findings_evaluate(a->store, a->model, &a->sc, &o, app_work(a),
	    &a->fdata, &err);
	a->fdata_gen = a->sc.gen;
	if (rc != 0) {
		a->fdata_state = APP_BLAST_CANCELLED;
		if (rc == -1)
			app_status(a, 1, "%s", err);
		else
			app_status(a, 0, "findings cancelled; R evaluates them "
			    "again");
		free(err);
		return NULL;
	}
	a->fdata_state = APP_BLAST_READY;
	a->fdata_serial++;
	return a->fdata;
}

void
app_findings_reset(struct app *a)
{
	a->fdata_gen = a->sc.gen - 1;
	a->fdata_state = APP_BLAST_STALE;
	a->findings.count = NULL;
	a->findings.top = NULL;
}

void
app_findings_free(struct app *a)
{
	struct app_findings_index	*x = a->findings.ctx;

	findings_free(a->fdata);
	a->fdata = NULL;
	if (x != NULL) {
		free(x->off);
		free(x->ids);
		free(x);
	}
	memset(&a->findings, 0, sizeof(a->findings));
}

/* Build the index of the findings by node, once per evaluation. */
static void
app_findings_index(struct app *a, struct app_findings_index *x)
{
	const struct findings	*fs = a->fdata;
	size_t			 n = a->model->nnodes, i, *pos;

	if (x->off != NULL && x->serial == a->fdata_serial)
		return;
	free(x->off);
	free(x->ids);
	x->off = xcalloc(n + 1, sizeof(*x->off));
	x->ids = xreallocarray(NULL, fs->n + 1, sizeof(*x->ids));
	for (i = 0; i < fs->n; i++)
		x->off[fs->v[i].node + 1]++;
	for (i = 0; i < n; i++)
		x->off[i + 1] += x->off[i];
	pos = xmalloc((n + 1) * sizeof(*pos));
	memcpy(pos, x->off, (n + 1) * sizeof(*pos));
	for (i = 0; i < fs->n; i++)
		x->ids[pos[fs->v[i].node]++] = (uint32_t)i;
	free(pos);
	x->serial = a->fdata_serial;
}

/* The compute hook: evaluate (or reuse) the findings and the index. */
static int
app_findings_compute(struct app *a, char **errp)
{
	struct app_findings_index	*x = a->findings.ctx;

	if (app_findings_data(a) == NULL) {
		a->findings.count = NULL;
		*errp = xstrdup("findings not computed: the evaluation was "
		    "cancelled or failed; R evaluates them again");
		return -1;
	}
	app_findings_index(a, x);
	a->findings.count = a->fdata->count;
	a->findings.top = a->fdata->top;
	return 0;
}

static int
app_findings_has_rule(void *ctx, size_t v, const char *rule)
{
	struct app_findings_index	*x = ctx;
	struct app			*a = x->a;
	const struct finding		*f;
	size_t				 i;

	if (a->fdata == NULL || x->off == NULL || v >= a->model->nnodes)
		return 0;
	for (i = x->off[v]; i < x->off[v + 1]; i++) {
		f = &a->fdata->v[x->ids[i]];
		if (findings_is_open(f) &&
		    (rule == NULL || strcmp(f->rule->id, rule) == 0))
			return 1;
	}
	return 0;
}

static void
app_findings_each(void *ctx, size_t v, void (*fn)(void *arg,
    const char *rule, const char *severity, const char *summary), void *arg)
{
	struct app_findings_index	*x = ctx;
	struct app			*a = x->a;
	const struct finding		*f;
	size_t				 i;

	if (a->fdata == NULL || x->off == NULL || v >= a->model->nnodes)
		return;
	for (i = x->off[v]; i < x->off[v + 1]; i++) {
		f = &a->fdata->v[x->ids[i]];
		fn(arg, f->rule->id, findings_severity_name(f->severity),
		    f->message);
	}
}

/* Count the open findings of the estate right after snapshot id. */
static int
app_findings_count_at(struct app *a, int64_t id, uint32_t *count)
{
	struct store_view	 v;
	struct findings_opts	 o;
	struct findings		*fs = NULL;
	struct scenario		 sc;
	struct model		*m = NULL;
	char			*err = NULL;
	size_t			 i;
	int			 rc = -1;

	memset(&v, 0, sizeof(v));
	v.kind = STORE_VIEW_UPTO;
	v.at = id;
	if (store_set_view(a->store, &v, &err) == -1 ||
	    model_load(a->store, &m, &err) == -1)
		goto out;
	scenario_init(&sc, m);
	o.cfg = a->cli->cfg;
	o.now = a->cli->now;
	o.rules = NULL;
	rc = findings_evaluate(a->store, m, &sc, &o, app_work(a), &fs, &err);
	scenario_free(&sc);
	if (rc == 0) {
		*count = 0;
		for (i = 0; i < fs->n; i++)
			*count += findings_is_open(&fs->v[i]) != 0;
	}
out:
	if (rc == -1 && err != NULL)
		app_status(a, 1, "%s", err);
	free(err);
	findings_free(fs);
	model_free(m);
	return rc == 0 ? 0 : -1;
}

/*
 * The per_snapshot hook: the open findings right after each of the last
 * snapshots, oldest first, counted once per interface session.
 */
static size_t
app_findings_per_snapshot(void *ctx, int64_t *snap, uint32_t *count,
    size_t max)
{
	struct app_findings_index	*x = ctx;
	struct app			*a = x->a;
	struct store_snapshot		*snaps = NULL;
	struct store_view		 saved;
	char				*err = NULL;
	size_t				 n = 0, i, first;

	if (!x->snaps_done) {
		x->snaps_done = 1;
		if (store_snapshots(a->store, &snaps, &n, &err) == -1) {
			app_status(a, 1, "%s", err);
			free(err);
			return 0;
		}
		store_get_view(a->store, &saved);
		first = n > APP_FINDINGS_SNAPS ? n - APP_FINDINGS_SNAPS : 0;
		for (i = first; i < n; i++) {
			if (app_findings_count_at(a, snaps[i].id,
			    &x->count[x->nsnaps]) == -1)
				break;
			x->snap[x->nsnaps++] = snaps[i].id;
		}
		if (store_set_view(a->store, &saved, &err) == -1) {
			app_status(a, 1, "%s", err);
			free(err);
		}
		store_view_clear(&saved);
		store_snapshots_free(snaps, n);
	}
	n = x->nsnaps < max ? x->nsnaps : max;
	memcpy(snap, x->snap + x->nsnaps - n, n * sizeof(*snap));
	memcpy(count, x->count + x->nsnaps - n, n * sizeof(*count));
	return n;
}

void
app_findings_install(struct app *a)
{
	struct app_findings_index	*x;

	memset(&a->findings, 0, sizeof(a->findings));
	x = xcalloc(1, sizeof(*x));
	x->a = a;
	a->findings.ctx = x;
	a->findings.has_rule = app_findings_has_rule;
	a->findings.each = app_findings_each;
	a->findings.per_snapshot = app_findings_per_snapshot;
	a->findings.compute = app_findings_compute;
	a->findings.view = findings_create;
}
