/*
 * Comparing two views of a case (see delta.h).
 */
#include "delta.h"

#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "hmap.h"
#include "kind.h"
#include "lifecycle.h"
#include "model.h"
#include "reach.h"
#include "scenario.h"
#include "store.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

static const struct {
	const char	*id;
	const char	*title;
} delta_sections[DELTA_SECTION_COUNT] = {
	{ "identities_added", "identities added" },
	{ "identities_removed", "identities removed" },
	{ "credentials_added", "credentials added" },
	{ "credentials_removed", "credentials removed" },
	{ "nodes_added", "other nodes added" },
	{ "nodes_removed", "other nodes removed" },
	{ "edges_added", "edges added" },
	{ "edges_removed", "edges removed" },
	{ "reach_added", "privileges newly reachable" },
	{ "reach_removed", "privileges no longer reachable" },
	{ "newly_stale", "credentials newly stale" },
	{ "newly_expiring", "credentials newly expiring" },
	{ "newly_expired", "credentials newly expired" },
	{ "findings_opened", "findings opened" },
	{ "findings_closed", "findings closed" },
};

const char *
delta_section_title(enum delta_section s)
{
	return delta_sections[s].title;
}

const char *
delta_section_id(enum delta_section s)
{
	return delta_sections[s].id;
}

int
delta_section_lost(enum delta_section s)
{
	return s == DELTA_IDENTITIES_REMOVED ||
	    s == DELTA_CREDENTIALS_REMOVED || s == DELTA_NODES_REMOVED ||
	    s == DELTA_EDGES_REMOVED || s == DELTA_REACH_REMOVED ||
	    s == DELTA_FINDINGS_CLOSED;
}

size_t
delta_total(const struct delta *d)
{
	size_t	 i, n = 0;

	for (i = 0; i < DELTA_SECTION_COUNT; i++)
		n += d->count[i];
	return n;
}

/* Append an empty item to a section and return it. */
static struct delta_item *
delta_add(struct delta *d, enum delta_section s, int side)
{
	struct delta_item	*it;

	if (d->count[s] == d->cap[s]) {
		d->cap[s] = d->cap[s] == 0 ? 16 : d->cap[s] * 2;
		d->items[s] = xreallocarray(d->items[s], d->cap[s],
		    sizeof(*d->items[s]));
	}
	it = &d->items[s][d->count[s]++];
	memset(it, 0, sizeof(*it));
	it->side = side;
	it->ekind = -1;
	it->kind2 = -1;
	it->when = TSTAMP_UNKNOWN;
	return it;
}

/* Fill an item's first node from node v of m. */
static void
delta_set_node(struct delta *d, struct delta_item *it, const struct model *m,
    size_t v)
{
	it->key = arena_strdup(&d->arena, m->key[v]);
	it->name = arena_strdup(&d->arena, m->name[v]);
	it->kind = m->kind[v];
}

/* Fill an item's second node from node v of m. */
static void
delta_set_node2(struct delta *d, struct delta_item *it, const struct model *m,
    size_t v)
{
	it->key2 = arena_strdup(&d->arena, m->key[v]);
	it->name2 = arena_strdup(&d->arena, m->name[v]);
	it->kind2 = m->kind[v];
}

/* The node with key in m, or -1 when absent or only a placeholder. */
static int64_t
delta_present(const struct model *m, const char *key)
{
	int64_t	 v = model_find(m, key);

	if (v < 0 || (m->nflags[v] & MODEL_NODE_MISSING))
		return -1;
	return v;
}

/*
 * Return the edge of m from key src to key dst with source kind raw. The
 * edges leaving a node are sorted by kind and end node, so the edge is
 * first looked for by binary search under kind, the kind it has in the
 * other model. Only when that fails (the edge is new, or the mapping of
 * its source kind changed) are all edges of the node scanned.
 */
static int64_t
delta_edge_find(const struct model *m, const char *src, const char *dst,
    const char *raw, int kind)
{
	size_t	 lo, hi, mid, e, end;
	int64_t	 v = model_find(m, src), w = model_find(m, dst);

	if (v < 0 || w < 0)
		return -1;
	lo = m->out_off[v];
	end = hi = m->out_off[v + 1];
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->ekind[mid] < kind || (m->ekind[mid] == kind &&
		    m->edst[mid] < (uint32_t)w))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (e = lo; e < end && m->ekind[e] == kind &&
	    m->edst[e] == (uint32_t)w; e++) {
		if (strcmp(model_label(m, m->eraw[e]), raw) == 0)
			return (int64_t)e;
	}
	for (e = m->out_off[v]; e < end; e++) {
		if (m->edst[e] == (uint32_t)w &&
		    strcmp(model_label(m, m->eraw[e]), raw) == 0)
			return (int64_t)e;
	}
	return -1;
}

/* The section a node of kind k goes to when added (removed is +1). */
static enum delta_section
delta_node_section(int k)
{
	if (k == KIND_NODE_CREDENTIAL)
		return DELTA_CREDENTIALS_ADDED;
	if (kind_node_is_identity(k))
		return DELTA_IDENTITIES_ADDED;
	return DELTA_NODES_ADDED;
}

/* Nodes of m that other lacks go to the added (or removed) sections. */
static void
delta_nodes(struct delta *d, const struct model *m, const struct model *other,
    int side)
{
	struct delta_item	*it;
	enum delta_section	 s;
	size_t			 v;

	for (v = 0; v < m->nnodes; v++) {
		if ((m->nflags[v] & MODEL_NODE_MISSING) ||
		    delta_present(other, m->key[v]) >= 0)
			continue;
		s = delta_node_section(m->kind[v]);
		it = delta_add(d, side == DELTA_SIDE_B ? s : s + 1, side);
		delta_set_node(d, it, m, v);
	}
}

/* Edges of m that other lacks go to edges added (or removed). */
static void
delta_edges(struct delta *d, const struct model *m, const struct model *other,
    int side)
{
	struct delta_item	*it;
	const char		*raw;
	size_t			 e;

	for (e = 0; e < m->nedges; e++) {
		raw = model_label(m, m->eraw[e]);
		if (delta_edge_find(other, m->key[m->esrc[e]],
		    m->key[m->edst[e]], raw, m->ekind[e]) >= 0)
			continue;
		it = delta_add(d, side == DELTA_SIDE_B ? DELTA_EDGES_ADDED :
		    DELTA_EDGES_REMOVED, side);
		delta_set_node(d, it, m, m->esrc[e]);
		delta_set_node2(d, it, m, m->edst[e]);
		it->raw = arena_strdup(&d->arena, raw);
		it->ekind = m->ekind[e];
	}
}

/* Credentials on both sides whose state got worse in b. */
static void
delta_lifecycle(struct delta *d, const struct model *a, const struct model *b,
    const struct lifecycle_limits *lim)
{
	struct delta_item	*it;
	unsigned		 sa, sb;
	int64_t			 u;
	size_t			 v;

	for (v = 0; v < b->nnodes; v++) {
		if (b->kind[v] != KIND_NODE_CREDENTIAL ||
		    (b->nflags[v] & MODEL_NODE_MISSING) ||
		    (u = delta_present(a, b->key[v])) < 0)
			continue;
		sa = lifecycle_state_limits(&a->life[u], d->time_a, lim);
		sb = lifecycle_state_limits(&b->life[v], d->time_b, lim);
		if ((sb & LIFECYCLE_STALE) && !(sa & LIFECYCLE_STALE)) {
			it = delta_add(d, DELTA_STALE, DELTA_SIDE_B);
			delta_set_node(d, it, b, v);
			it->when = b->life[v].last_used_at;
		}
		if ((sb & LIFECYCLE_EXPIRING) && !(sa & LIFECYCLE_EXPIRING)) {
			it = delta_add(d, DELTA_EXPIRING, DELTA_SIDE_B);
			delta_set_node(d, it, b, v);
			it->when = b->life[v].expires_at;
		}
		if ((sb & LIFECYCLE_EXPIRED) && !(sa & LIFECYCLE_EXPIRED)) {
			it = delta_add(d, DELTA_EXPIRED, DELTA_SIDE_B);
			delta_set_node(d, it, b, v);
			it->when = b->life[v].expires_at;
		}
	}
}

/* 1 for the node kinds reported in reach changes. */
static int
delta_is_principal(int k)
{
	return k == KIND_NODE_HUMAN || k == KIND_NODE_SERVICE_ACCOUNT ||
	    k == KIND_NODE_CREDENTIAL || k == KIND_NODE_WORKLOAD ||
	    k == KIND_NODE_OAUTH_APP;
}

/*
 * The nodes of to from which reach may differ from that in from: the
 * starts of edges reach follows in to but not in from, and the nodes from
 * lacks. Returns an allocated array of node ids of to.
 */
static uint32_t *
delta_reach_seeds(const struct model *from, const struct model *to,
    const struct reach_filter *f, size_t *n)
{
	uint32_t	*seeds;
	size_t		 v, first, count, e;
	int64_t		 fe;
	int		 seed;

	seeds = xreallocarray(NULL, to->nnodes + 1, sizeof(*seeds));
	*n = 0;
	for (v = 0; v < to->nnodes; v++) {
		seed = delta_present(from, to->key[v]) < 0;
		model_out(to, v, &first, &count);
		for (e = first; !seed && e < first + count; e++) {
			if (!reach_edge_allowed(to, e, f))
				continue;
			fe = delta_edge_find(from, to->key[v],
			    to->key[to->edst[e]],
			    model_label(to, to->eraw[e]), to->ekind[e]);
			if (fe < 0 || !reach_edge_allowed(from, (size_t)fe, f))
				seed = 1;
		}
		if (seed)
			seeds[(*n)++] = (uint32_t)v;
	}
	return seeds;
}

/* 1 when the node with key is a privilege the walk r of m reached. */
static int
delta_reached_target(const struct reach *r, const struct model *m,
    const char *key, const struct reach_filter *f)
{
	int64_t	 v = model_find(m, key);

	return v >= 0 && reach_is_privilege(r, (size_t)v, f);
}

/*
 * Add to section s every (identity, privilege) pair reachable in to but
 * not in from. NOTE: each affected identity costs one search per view,
 * so a change that most identities reach (an edge out of a group everyone
 * is in) costs two searches per identity of the estate.
 */
static void
delta_reach(struct delta *d, const struct model *from, const struct model *to,
    enum delta_section s, int side)
{
	struct reach_filter	 f;
	struct reach		 affected, rto, rfrom;
	struct delta_item	*it;
	uint32_t		*seeds, start;
	size_t			 nseeds, i, j, t;
	int64_t			 fv;

	memset(&f, 0, sizeof(f));
	f.kinds = REACH_KINDS_STRICT;
	seeds = delta_reach_seeds(from, to, &f, &nseeds);
	reach_init(&affected, to);
	reach_init(&rto, to);
	reach_init(&rfrom, from);
	reach_run_set(&affected, seeds, nseeds, 1, &f, 0, NULL);
	for (i = 0; i < affected.count; i++) {
		start = affected.order[i];
		if (!delta_is_principal(to->kind[start]) ||
		    (to->nflags[start] & MODEL_NODE_MISSING))
			continue;
		reach_run(&rto, start, 0, &f, 0, NULL);
		fv = delta_present(from, to->key[start]);
		if (fv >= 0)
			reach_run(&rfrom, (size_t)fv, 0, &f, 0, NULL);
		else
			reach_run_set(&rfrom, NULL, 0, 0, &f, 0, NULL);
		for (j = 0; j < rto.count; j++) {
			t = rto.order[j];
			if (!reach_is_privilege(&rto, t, &f) ||
			    delta_reached_target(&rfrom, from, to->key[t], &f))
				continue;
			it = delta_add(d, s, side);
			delta_set_node(d, it, to, start);
			delta_set_node2(d, it, to, t);
		}
	}
	reach_free(&affected);
	reach_free(&rto);
	reach_free(&rfrom);
	free(seeds);
}

/* The "rule key" text that names a finding across views. */
static void
delta_finding_name(struct strbuf *sb, const struct model *m,
    const struct finding *f)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s %s", f->rule->id, m->key[f->node]);
}

/* Findings of side x that side y lacks go to section s. */
static void
delta_findings(struct delta *d, const struct delta_side *x,
    const struct delta_side *y, enum delta_section s, int side)
{
	const struct finding	*f;
	struct delta_item	*it;
	struct strbuf		 sb;
	struct hmap		*have;
	uint64_t		 val;
	size_t			 i;

	if (x->findings == NULL)
		return;
	strbuf_init(&sb);
	have = hmap_create(y->findings != NULL ? y->findings->n + 1 : 1);
	for (i = 0; y->findings != NULL && i < y->findings->n; i++) {
		delta_finding_name(&sb, y->m, &y->findings->v[i]);
		hmap_put(have, sb.buf, sb.len, i);
	}
	for (i = 0; i < x->findings->n; i++) {
		f = &x->findings->v[i];
		delta_finding_name(&sb, x->m, f);
		if (hmap_get(have, sb.buf, sb.len, &val))
			continue;
		it = delta_add(d, s, side);
		delta_set_node(d, it, x->m, f->node);
		it->rule = f->rule->id;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s: %s", findings_severity_name(f->severity),
		    f->message);
		it->detail = arena_strdup(&d->arena, sb.buf);
	}
	hmap_free(have);
	strbuf_free(&sb);
}

static int
delta_item_cmp(const void *x, const void *y)
{
	const struct delta_item	*a = x, *b = y;
	int			 c;

	if ((c = strcmp(a->key, b->key)) != 0)
		return c;
	if (a->key2 != NULL && b->key2 != NULL &&
	    (c = strcmp(a->key2, b->key2)) != 0)
		return c;
	if (a->rule != NULL && b->rule != NULL &&
	    (c = strcmp(a->rule, b->rule)) != 0)
		return c;
	if (a->raw != NULL && b->raw != NULL)
		return strcmp(a->raw, b->raw);
	return 0;
}

struct delta *
delta_compute(const struct delta_side *a, const struct delta_side *b,
    const struct config *cfg)
{
	struct lifecycle_limits	 lim;
	struct delta		*d;
	size_t			 s;

	lifecycle_limits_config(&lim, cfg);
	d = xcalloc(1, sizeof(*d));
	arena_init(&d->arena);
	d->time_a = a->time;
	d->time_b = b->time;
	delta_nodes(d, b->m, a->m, DELTA_SIDE_B);
	delta_nodes(d, a->m, b->m, DELTA_SIDE_A);
	delta_edges(d, b->m, a->m, DELTA_SIDE_B);
	delta_edges(d, a->m, b->m, DELTA_SIDE_A);
	delta_reach(d, a->m, b->m, DELTA_REACH_ADDED, DELTA_SIDE_B);
	delta_reach(d, b->m, a->m, DELTA_REACH_REMOVED, DELTA_SIDE_A);
	delta_lifecycle(d, a->m, b->m, &lim);
	delta_findings(d, b, a, DELTA_FINDINGS_OPENED, DELTA_SIDE_B);
	delta_findings(d, a, b, DELTA_FINDINGS_CLOSED, DELTA_SIDE_A);
	for (s = 0; s < DELTA_SECTION_COUNT; s++) {
		if (d->count[s] > 1)
			qsort(d->items[s], d->count[s], sizeof(*d->items[s]),
			    delta_item_cmp);
	}
	return d;
}

void
delta_free(struct delta *d)
{
	size_t	 s;

	if (d == NULL)
		return;
	for (s = 0; s < DELTA_SECTION_COUNT; s++)
		free(d->items[s]);
	arena_free(&d->arena);
	free(d);
}

/* The moment a view is judged at (see delta.h). */
static int
delta_view_clock(struct store *s, const struct store_view *v, int64_t now,
    int64_t *out, char **errp)
{
	if (v->kind == STORE_VIEW_CURRENT) {
		*out = now;
		return 0;
	}
	if (v->kind == STORE_VIEW_AS_OF) {
		*out = v->at;
		return 0;
	}
	return store_view_time(s, out, errp);
}

/* Evaluate the findings of side x, loaded from the store's view. */
static int
delta_side_findings(struct store *s, struct delta_side *x,
    const struct config *cfg, struct findings **out, char **errp)
{
	struct findings_opts	 o;
	struct scenario		 sc;
	int			 rc;

	if (findings_scenario(s, x->m, cfg, &sc, errp) == -1)
		return -1;
	memset(&o, 0, sizeof(o));
	o.cfg = cfg;
	o.now = x->time;
	rc = findings_evaluate(s, x->m, &sc, &o, NULL, out, errp);
	scenario_free(&sc);
	x->findings = *out;
	return rc == -1 ? -1 : 0;
}

/* Load the model of view v, the time it is judged at and its findings. */
static int
delta_load_side(struct store *s, const struct store_view *v, int64_t now,
    const struct config *cfg, struct model **m, struct findings **fs,
    struct delta_side *x, char **errp)
{
	memset(x, 0, sizeof(*x));
	if (store_set_view(s, v, errp) == -1 ||
	    delta_view_clock(s, v, now, &x->time, errp) == -1 ||
	    model_load(s, m, errp) == -1)
		return -1;
	x->m = *m;
	return delta_side_findings(s, x, cfg, fs, errp);
}

int
delta_load(struct store *s, const struct store_view *a,
    const struct store_view *b, int64_t now, const struct config *cfg,
    struct delta **out, char **errp)
{
	struct store_view	 saved;
	struct delta_side	 sa, sb;
	struct model		*ma = NULL, *mb = NULL;
	struct findings		*fa = NULL, *fb = NULL;
	char			*err2 = NULL;
	int			 rc = -1;

	*out = NULL;
	store_get_view(s, &saved);
	if (delta_load_side(s, a, now, cfg, &ma, &fa, &sa, errp) == -1 ||
	    delta_load_side(s, b, now, cfg, &mb, &fb, &sb, errp) == -1)
		goto out;
	*out = delta_compute(&sa, &sb, cfg);
	store_view_describe(a, (*out)->view_a, sizeof((*out)->view_a));
	store_view_describe(b, (*out)->view_b, sizeof((*out)->view_b));
	rc = 0;
out:
	if (store_set_view(s, &saved, &err2) == -1) {
		/* The saved view loaded before, so this is a store failure. */
		if (rc == 0) {
			*errp = err2;
			err2 = NULL;
			delta_free(*out);
			*out = NULL;
			rc = -1;
		}
		free(err2);
	}
	store_view_clear(&saved);
	findings_free(fa);
	findings_free(fb);
	model_free(ma);
	model_free(mb);
	return rc;
}
