/*
 * Blast radius for all credentials and identities (see blast.h).
 */
#include "blast.h"

#include <stdlib.h>
#include <string.h>

#include "bitset.h"
#include "cancel.h"
#include "model.h"
#include "xalloc.h"

#define BLAST_NONE	UINT32_MAX
#define BLAST_POLL	(1u << 16)

static const char *const blast_labels[BLAST_NCOLUMNS] = {
	"priv", "admin", "sys", "jewels"
};
static const char *const blast_names[BLAST_NCOLUMNS] = {
	"privileges", "admin", "systems", "crown_jewels"
};

/* Working state of one computation. */
struct blast_work {
	const struct model		*m;
	const struct reach_filter	*f;
	const struct cancel		*c;
	uint64_t			 tab;		/* packed types followed */
	uint32_t			*comp;		/* component of each node */
	size_t				 ncomp;
	uint32_t			*rep;		/* component whose set
							   a component shares */
	size_t				*dag_off;	/* ncomp + 1 */
	uint32_t			*dag_dst;
	uint32_t			*targets;	/* target nodes */
	uint8_t				*classes;	/* their columns */
	size_t				 ntargets;
	uint32_t			*totals;	/* ncomp x BLAST_NCOLUMNS */
	uint32_t			 poll_left;
};

const char *
blast_column_label(enum blast_column c)
{
	return (unsigned)c < BLAST_NCOLUMNS ? blast_labels[c] : "";
}

const char *
blast_column_name(enum blast_column c)
{
	return (unsigned)c < BLAST_NCOLUMNS ? blast_names[c] : "";
}

int
blast_is_source(const struct model *m, size_t v)
{
	return kind_node_is_identity(m->kind[v]);
}

unsigned
blast_classes(const struct model *m, size_t v, const uint64_t *tier_zero)
{
	unsigned	 c = 0;

	if (m->kind[v] == KIND_NODE_PRIVILEGE)
		c |= 1u << BLAST_PRIVILEGES;
	if (m->nflags[v] & MODEL_NODE_ADMIN)
		c |= 1u << BLAST_ADMIN;
	if (m->kind[v] == KIND_NODE_SYSTEM)
		c |= 1u << BLAST_SYSTEMS;
	if (tier_zero != NULL && bitset_test(tier_zero, v))
		c |= 1u << BLAST_JEWELS;
	return c;
}

/* Spend steps of the poll budget; returns 1 when the hook stops. */
static int
blast_spend(struct blast_work *w, size_t steps, double done)
{
	if (steps < w->poll_left) {
		w->poll_left -= (uint32_t)steps;
		return 0;
	}
	w->poll_left = BLAST_POLL;
	return cancel_poll(w->c, "blast radius", done);
}

/* 1 when node u may be walked through (not switched off). */
static inline int
blast_node_on(const struct blast_work *w, uint32_t u)
{
	return w->f->node_off == NULL || !bitset_test(w->f->node_off, u);
}

/* The far end of out-edge e when the filter follows it, else BLAST_NONE. */
static inline uint32_t
blast_follow(const struct blast_work *w, size_t e)
{
	uint32_t	 a = w->m->out_adj[e], u;

	if (!((w->tab >> model_adj_type(a)) & 1))
		return BLAST_NONE;
	if (w->f->edge_off != NULL && bitset_test(w->f->edge_off, e))
		return BLAST_NONE;
	u = a & MODEL_ADJ_NODE;
	return blast_node_on(w, u) ? u : BLAST_NONE;
}

/* Tarjan's state: a frame per node on the DFS path. */
struct blast_tarjan {
	uint32_t	*index;
	uint32_t	*low;
	uint64_t	*on_stack;
	uint32_t	*stack;
	size_t		 nstack;
	uint32_t	*frame_node;
	size_t		*frame_pos;
	size_t		 nframes;
	uint32_t	 next;
};

/* Put node v on the DFS path. */
static void
blast_tarjan_push(struct blast_tarjan *t, const struct model *m, uint32_t v)
{
	t->index[v] = t->low[v] = t->next++;
	t->stack[t->nstack++] = v;
	bitset_set(t->on_stack, v);
	t->frame_node[t->nframes] = v;
	t->frame_pos[t->nframes] = m->out_off[v];
	t->nframes++;
}

/* Finish node v: close its component if it is the root of one. */
static void
blast_tarjan_pop(struct blast_tarjan *t, struct blast_work *w, uint32_t v)
{
	uint32_t	 u, parent;

	t->nframes--;
	if (t->low[v] == t->index[v]) {
		do {
			u = t->stack[--t->nstack];
			bitset_clear(t->on_stack, u);
			w->comp[u] = (uint32_t)w->ncomp;
		} while (u != v);
		w->ncomp++;
	}
	if (t->nframes > 0) {
		parent = t->frame_node[t->nframes - 1];
		if (t->low[v] < t->low[parent])
			t->low[parent] = t->low[v];
	}
}

/* Run the DFS from root r. Returns -1 when cancelled. */
static int
blast_tarjan_from(struct blast_tarjan *t, struct blast_work *w, uint32_t r)
{
	const struct model	*m = w->m;
	size_t			 p, end;
	uint32_t		 v, u = BLAST_NONE;

	blast_tarjan_push(t, m, r);
	while (t->nframes > 0) {
		v = t->frame_node[t->nframes - 1];
		end = m->out_off[v + 1];
		for (p = t->frame_pos[t->nframes - 1]; p < end; p++) {
			if ((u = blast_follow(w, p)) == BLAST_NONE)
				continue;
			if (t->index[u] == BLAST_NONE)
				break;
			if (bitset_test(t->on_stack, u) &&
			    t->index[u] < t->low[v])
				t->low[v] = t->index[u];
		}
		if (blast_spend(w, p - t->frame_pos[t->nframes - 1] + 1,
		    0.2 * t->next / (m->nnodes + 1)))
			return -1;
		if (p < end) {
			t->frame_pos[t->nframes - 1] = p + 1;
			blast_tarjan_push(t, m, u);
			continue;
		}
		blast_tarjan_pop(t, w, v);
	}
	return 0;
}

/*
 * Number the strongly connected components of the filtered graph into
 * w->comp. Components are numbered in the order Tarjan's algorithm closes
 * them, so every edge leads to a component with a smaller or equal
 * number. Returns -1 when cancelled.
 */
static int
blast_components(struct blast_work *w)
{
	const struct model	*m = w->m;
	struct blast_tarjan	 t;
	size_t			 v, n = m->nnodes;
	int			 rc = 0;

	memset(&t, 0, sizeof(t));
	t.index = xreallocarray(NULL, n + 1, sizeof(*t.index));
	t.low = xreallocarray(NULL, n + 1, sizeof(*t.low));
	t.on_stack = bitset_alloc(n);
	t.stack = xreallocarray(NULL, n + 1, sizeof(*t.stack));
	t.frame_node = xreallocarray(NULL, n + 1, sizeof(*t.frame_node));
	t.frame_pos = xreallocarray(NULL, n + 1, sizeof(*t.frame_pos));
	for (v = 0; v < n; v++)
		t.index[v] = BLAST_NONE;
	for (v = 0; v < n && rc == 0; v++) {
		if (t.index[v] != BLAST_NONE)
			continue;
		if (!blast_node_on(w, (uint32_t)v)) {
			/* A node switched off is a component of its own. */
			t.index[v] = t.next++;
			w->comp[v] = (uint32_t)w->ncomp++;
			continue;
		}
		rc = blast_tarjan_from(&t, w, (uint32_t)v);
	}
	free(t.index);
	free(t.low);
	free(t.on_stack);
	free(t.stack);
	free(t.frame_node);
	free(t.frame_pos);
	return rc;
}

/* Build the DAG between components, without repeated edges. */
static void
blast_dag(struct blast_work *w)
{
	const struct model	*m = w->m;
	size_t			 n = m->nnodes, v, i, e, ndst = 0, cap;
	size_t			*first;
	uint32_t		*members, *stamp, cv, cu, u;

	/* Group the nodes by component (counting sort). */
	first = xcalloc(w->ncomp + 1, sizeof(*first));
	members = xreallocarray(NULL, n + 1, sizeof(*members));
	for (v = 0; v < n; v++)
		first[w->comp[v] + 1]++;
	for (i = 0; i < w->ncomp; i++)
		first[i + 1] += first[i];
	w->dag_off = xcalloc(w->ncomp + 1, sizeof(*w->dag_off));
	memcpy(w->dag_off, first, (w->ncomp + 1) * sizeof(*first));
	for (v = 0; v < n; v++)
		members[w->dag_off[w->comp[v]]++] = (uint32_t)v;

	stamp = xreallocarray(NULL, w->ncomp + 1, sizeof(*stamp));
	for (i = 0; i < w->ncomp; i++)
		stamp[i] = BLAST_NONE;
	cap = 1024;
	w->dag_dst = xreallocarray(NULL, cap, sizeof(*w->dag_dst));
	for (cv = 0; cv < w->ncomp; cv++) {
		w->dag_off[cv] = ndst;
		for (i = first[cv]; i < first[cv + 1]; i++) {
			v = members[i];
			if (!blast_node_on(w, (uint32_t)v))
				continue;
			for (e = m->out_off[v]; e < m->out_off[v + 1]; e++) {
				if ((u = blast_follow(w, e)) == BLAST_NONE)
					continue;
				cu = w->comp[u];
				if (cu == cv || stamp[cu] == cv)
					continue;
				stamp[cu] = cv;
				if (ndst == cap) {
					cap *= 2;
					w->dag_dst = xreallocarray(w->dag_dst,
					    cap, sizeof(*w->dag_dst));
				}
				w->dag_dst[ndst++] = cu;
			}
		}
	}
	w->dag_off[w->ncomp] = ndst;
	free(stamp);
	free(members);
	free(first);
}

/* List the targets: nodes that count in some column and are on. */
static void
blast_targets(struct blast_work *w, const uint64_t *tier_zero)
{
	size_t		 v;
	unsigned	 c;

	w->targets = xreallocarray(NULL, w->m->nnodes + 1,
	    sizeof(*w->targets));
	w->classes = xmalloc(w->m->nnodes + 1);
	for (v = 0; v < w->m->nnodes; v++) {
		c = blast_classes(w->m, v, tier_zero);
		if (c == 0 || !blast_node_on(w, (uint32_t)v))
			continue;
		w->targets[w->ntargets] = (uint32_t)v;
		w->classes[w->ntargets] = (uint8_t)c;
		w->ntargets++;
	}
}

/*
 * Find for each component the one whose target set it shares. A
 * component with no target of its own and only one child that reaches
 * anything (a credential that authenticates as one identity) shares that
 * child's set. One whose children reach nothing has no set at all
 * (BLAST_NONE). Only components that are their own representative are
 * propagated.
 */
static void
blast_share(struct blast_work *w)
{
	uint64_t	*own = bitset_alloc(w->ncomp);
	size_t		 i;
	uint32_t	 cv, r, only;

	for (i = 0; i < w->ntargets; i++)
		bitset_set(own, w->comp[w->targets[i]]);
	w->rep = xreallocarray(NULL, w->ncomp + 1, sizeof(*w->rep));
	for (cv = 0; cv < w->ncomp; cv++) {
		if (bitset_test(own, cv)) {
			w->rep[cv] = cv;
			continue;
		}
		only = BLAST_NONE;
		for (i = w->dag_off[cv]; i < w->dag_off[cv + 1]; i++) {
			r = w->rep[w->dag_dst[i]];
			if (r == BLAST_NONE || r == only)
				continue;
			if (only != BLAST_NONE) {
				only = cv;	/* two sets: it needs its own */
				break;
			}
			only = r;
		}
		w->rep[cv] = only;
	}
	free(own);
}

/*
 * Propagate the targets lo to lo + 64 * nw - 1 through the DAG and add
 * the counts of each component to w->totals. Returns -1 when cancelled.
 */
static int
blast_chunk(struct blast_work *w, uint64_t *bits, size_t nw, size_t lo,
    double done, double share)
{
	uint64_t	 mask[BLAST_NCOLUMNS][64], *b;
	size_t		 i, j, k, t, hi = lo + 64 * nw;
	uint32_t	 cv, r, *tot;

	if (hi > w->ntargets)
		hi = w->ntargets;
	memset(bits, 0, w->ncomp * nw * sizeof(*bits));
	memset(mask, 0, sizeof(mask));
	for (t = lo; t < hi; t++) {
		i = t - lo;
		bitset_set(&bits[(size_t)w->comp[w->targets[t]] * nw], i);
		for (k = 0; k < BLAST_NCOLUMNS; k++) {
			if (w->classes[t] & (1u << k))
				bitset_set(mask[k], i);
		}
	}
	for (cv = 0; cv < w->ncomp; cv++) {
		if (w->rep[cv] != cv)
			continue;
		b = &bits[(size_t)cv * nw];
		for (i = w->dag_off[cv]; i < w->dag_off[cv + 1]; i++) {
			const uint64_t	*d;

			if ((r = w->rep[w->dag_dst[i]]) == BLAST_NONE)
				continue;
			d = &bits[(size_t)r * nw];
			for (j = 0; j < nw; j++)
				b[j] |= d[j];
		}
		tot = &w->totals[(size_t)cv * BLAST_NCOLUMNS];
		for (k = 0; k < BLAST_NCOLUMNS; k++) {
			for (j = 0; j < nw; j++)
				tot[k] += (uint32_t)__builtin_popcountll(b[j] &
				    mask[k][j]);
		}
		if (blast_spend(w, nw * (w->dag_off[cv + 1] - w->dag_off[cv] +
		    BLAST_NCOLUMNS), done + share * cv / w->ncomp))
			return -1;
	}
	return 0;
}

/* Run the chunks over every target. Returns -1 when cancelled. */
static int
blast_propagate(struct blast_work *w)
{
	uint64_t	*bits;
	size_t		 nw, lo, nchunks, i;
	int		 rc = 0;

	nw = BLAST_CHUNK_BYTES / 8 / (w->ncomp + 1);
	if (nw > 64)
		nw = 64;	/* the column masks hold 64 words */
	if (nw > bitset_words(w->ntargets))
		nw = bitset_words(w->ntargets);
	if (nw == 0)
		nw = 1;
	bits = xreallocarray(NULL, w->ncomp * nw + 1, sizeof(*bits));
	nchunks = (w->ntargets + 64 * nw - 1) / (64 * nw);
	for (i = 0, lo = 0; lo < w->ntargets && rc == 0; i++, lo += 64 * nw) {
		if (cancel_poll(w->c, "blast radius", 0.2 + 0.8 * i / nchunks))
			rc = -1;
		else
			rc = blast_chunk(w, bits, nw, lo, 0.2 + 0.8 * i /
			    nchunks, 0.8 / nchunks);
	}
	free(bits);
	return rc;
}

/* Fill the per-node columns from the component totals. */
static void
blast_fill(struct blast *b, struct blast_work *w, const uint64_t *tier_zero)
{
	const struct model	*m = w->m;
	const uint32_t		*tot;
	size_t			 v, k;
	uint32_t		 r;
	unsigned		 self;

	for (v = 0; v < m->nnodes; v++) {
		if (!blast_is_source(m, v) || !blast_node_on(w, (uint32_t)v))
			continue;
		if ((r = w->rep[w->comp[v]]) == BLAST_NONE)
			continue;
		tot = &w->totals[(size_t)r * BLAST_NCOLUMNS];
		self = blast_classes(m, v, tier_zero);
		for (k = 0; k < BLAST_NCOLUMNS; k++)
			b->count[k][v] = tot[k] - ((self >> k) & 1);
	}
}

int
blast_compute(struct blast *b, const struct model *m,
    const struct reach_filter *f, const uint64_t *tier_zero,
    const struct cancel *c)
{
	struct blast_work	 w;
	size_t			 k;
	int			 rc = 0;

	memset(b, 0, sizeof(*b));
	b->nnodes = m->nnodes;
	for (k = 0; k < BLAST_NCOLUMNS; k++)
		b->count[k] = xcalloc(m->nnodes + 1, sizeof(*b->count[k]));

	memset(&w, 0, sizeof(w));
	w.m = m;
	w.f = f;
	w.c = c;
	w.tab = reach_type_table(f);
	w.poll_left = BLAST_POLL;
	w.comp = xreallocarray(NULL, m->nnodes + 1, sizeof(*w.comp));
	/* Poll once up front, so even a small case can be stopped. */
	if (cancel_poll(c, "blast radius", 0.0) ||
	    blast_components(&w) == -1) {
		rc = 1;
		goto out;
	}
	blast_dag(&w);
	blast_targets(&w, tier_zero);
	blast_share(&w);
	w.totals = xcalloc(w.ncomp * BLAST_NCOLUMNS + 1, sizeof(*w.totals));
	if (w.ntargets > 0 && blast_propagate(&w) == -1) {
		rc = 1;
		goto out;
	}
	blast_fill(b, &w, tier_zero);
	b->ncomponents = w.ncomp;
	b->ntargets = w.ntargets;
out:
	free(w.comp);
	free(w.rep);
	free(w.dag_off);
	free(w.dag_dst);
	free(w.targets);
	free(w.classes);
	free(w.totals);
	return rc;
}

void
blast_free(struct blast *b)
{
	size_t	 k;

	if (b == NULL)
		return;
	for (k = 0; k < BLAST_NCOLUMNS; k++)
		free(b->count[k]);
	memset(b, 0, sizeof(*b));
}
