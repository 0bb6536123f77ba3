/*
 * Shortest paths and k alternatives (see paths.h).
 *
 * The two-ended search grows a forward walk from the start and a
 * reverse walk from the target one level at a time, always the side
 * with the smaller frontier, and stops after the first level that meets
 * the other side. The shortest path through any node where they met is
 * a shortest path overall: before that level no node was within reach
 * of both, so every path is at least as long as the levels grown.
 *
 * Yen's algorithm then builds each next path from a previous one. For
 * each node of that path (the spur), it removes the root path before
 * the spur and the edges that known paths with the same root take next,
 * then searches again from the spur. The removals are kept in two bit
 * sets that start as copies of the what-if switches.
 */
#include "paths.h"

#include <stdlib.h>
#include <string.h>

#include "bitset.h"
#include "cancel.h"
#include "model.h"
#include "xalloc.h"

void
paths_init(struct paths *p, const struct model *m)
{
	memset(p, 0, sizeof(*p));
	p->m = m;
	reach_init(&p->fwd, m);
	reach_init(&p->bwd, m);
	p->node_block = bitset_alloc(m->nnodes);
	p->edge_block = bitset_alloc(m->nedges);
}

void
paths_free(struct paths *p)
{
	if (p == NULL)
		return;
	reach_free(&p->fwd);
	reach_free(&p->bwd);
	free(p->node_block);
	free(p->edge_block);
	memset(p, 0, sizeof(*p));
}

void
path_free(struct path *p)
{
	if (p == NULL)
		return;
	free(p->edges);
	memset(p, 0, sizeof(*p));
}

void
path_list_free(struct path *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		path_free(&v[i]);
	free(v);
}

size_t
path_node(const struct model *m, const struct path *p, size_t start,
    size_t i)
{
	if (i == 0 || p->len == 0)
		return start;
	return m->edst[p->edges[i - 1]];
}

/* 1 when any edge of the path is conditional. */
static int
paths_conditional(const struct model *m, const uint32_t *edges, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		if (m->eflags[edges[i]] & RECORD_EDGE_CONDITIONAL)
			return 1;
	}
	return 0;
}

/* Join the forward path to u and the reverse path from u into out. */
static void
paths_join(struct paths *p, size_t u, struct path *out)
{
	size_t	 a = reach_depth(&p->fwd, u), b = reach_depth(&p->bwd, u);

	out->len = a + b;
	out->edges = xreallocarray(NULL, out->len + 1, sizeof(*out->edges));
	reach_path(&p->fwd, u, out->edges, a);
	reach_path(&p->bwd, u, out->edges + a, b);
	out->conditional = paths_conditional(p->m, out->edges, out->len);
}

/*
 * Look for nodes the newest level of walk w shares with walk other and
 * keep the best meeting point: the shortest total, then one without
 * conditions. Returns the node, or REACH_NONE.
 */
static uint32_t
paths_meet(const struct reach *w, const struct reach *other)
{
	size_t		 i, lo = w->levels[w->nlevels - 1], d, best_len = 0;
	uint32_t	 u, best = REACH_NONE;
	int		 c, best_c = 1;

	for (i = lo; i < w->count; i++) {
		u = w->order[i];
		if (!reach_seen(other, u))
			continue;
		d = reach_depth(other, u);
		c = reach_conditional(w, u) || reach_conditional(other, u);
		if (best == REACH_NONE || d < best_len ||
		    (d == best_len && best_c && !c)) {
			best = u;
			best_len = d;
			best_c = c;
		}
	}
	return best;
}

int
paths_shortest(struct paths *p, size_t from, size_t to,
    const struct reach_filter *f, const struct cancel *c, struct path *out)
{
	struct reach	*side;
	size_t		 nf, nb;
	uint32_t	 meet;
	long		 added;

	memset(out, 0, sizeof(*out));
	if (f->node_off != NULL && (bitset_test(f->node_off, from) ||
	    bitset_test(f->node_off, to)))
		return 1;
	if (from == to) {
		out->edges = xmalloc(sizeof(*out->edges));
		return 0;
	}
	reach_begin(&p->fwd, from, 0);
	reach_begin(&p->bwd, to, 1);
	for (;;) {
		nf = p->fwd.count - p->fwd.levels[p->fwd.nlevels - 1];
		nb = p->bwd.count - p->bwd.levels[p->bwd.nlevels - 1];
		if (nf == 0 || nb == 0)
			return 1;
		side = nf <= nb ? &p->fwd : &p->bwd;
		added = reach_level(side, f, c);
		if (added < 0)
			return -1;
		if (added == 0)
			return 1;
		meet = paths_meet(side, side == &p->fwd ? &p->bwd : &p->fwd);
		if (meet != REACH_NONE) {
			paths_join(p, meet, out);
			return 0;
		}
	}
}

/* Order of two paths: length, then edge ids. */
static int
paths_cmp(const struct path *a, const struct path *b)
{
	size_t	 i;

	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	for (i = 0; i < a->len; i++) {
		if (a->edges[i] != b->edges[i])
			return a->edges[i] < b->edges[i] ? -1 : 1;
	}
	return 0;
}

/* 1 when list v of n paths contains one equal to x. */
static int
paths_contains(const struct path *v, size_t n, const struct path *x)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (paths_cmp(&v[i], x) == 0)
			return 1;
	}
	return 0;
}

/* The removals made for one spur, so they can be undone. */
struct paths_undo {
	uint32_t	*nodes;
	size_t		 nnodes;
	uint32_t	*edges;
	size_t		 nedges;
};

static void
paths_block_node(struct paths *p, struct paths_undo *u, uint32_t v)
{
	if (bitset_test(p->node_block, v))
		return;
	bitset_set(p->node_block, v);
	u->nodes[u->nnodes++] = v;
}

static void
paths_block_edge(struct paths *p, struct paths_undo *u, uint32_t e)
{
	if (bitset_test(p->edge_block, e))
		return;
	bitset_set(p->edge_block, e);
	u->edges[u->nedges++] = e;
}

static void
paths_unblock(struct paths *p, struct paths_undo *u)
{
	while (u->nnodes > 0)
		bitset_clear(p->node_block, u->nodes[--u->nnodes]);
	while (u->nedges > 0)
		bitset_clear(p->edge_block, u->edges[--u->nedges]);
}

/*
 * Try every spur of path prev (the newest accepted path) and add the new
 * candidates to *cand. Returns -1 when cancelled.
 */
static int
paths_spurs(struct paths *p, size_t from, size_t to,
    const struct path *acc, size_t nacc, struct path **cand, size_t *ncand,
    size_t *capcand, const struct reach_filter *blocked,
    const struct cancel *c)
{
	const struct path	*prev = &acc[nacc - 1];
	struct paths_undo	 undo;
	struct path		 spur, total;
	size_t			 i, j;
	uint32_t		 spur_node;
	int			 rc = 0, found;

	undo.nodes = xreallocarray(NULL, prev->len + 1, sizeof(*undo.nodes));
	undo.edges = xreallocarray(NULL, nacc + 1, sizeof(*undo.edges));
	undo.nnodes = undo.nedges = 0;
	for (i = 0; i < prev->len && rc == 0; i++) {
		spur_node = (uint32_t)path_node(p->m, prev, from, i);

		/* Remove the root before the spur, and the known next steps. */
		for (j = 0; j < i; j++)
			paths_block_node(p, &undo,
			    (uint32_t)path_node(p->m, prev, from, j));
		for (j = 0; j < nacc; j++) {
			if (acc[j].len > i && memcmp(acc[j].edges, prev->edges,
			    i * sizeof(*prev->edges)) == 0)
				paths_block_edge(p, &undo, acc[j].edges[i]);
		}
		found = paths_shortest(p, spur_node, to, blocked, c, &spur);
		paths_unblock(p, &undo);
		if (found == -1) {
			rc = -1;
			break;
		}
		if (found == 1)
			continue;

		total.len = i + spur.len;
		total.edges = xreallocarray(NULL, total.len + 1,
		    sizeof(*total.edges));
		memcpy(total.edges, prev->edges, i * sizeof(*total.edges));
		memcpy(total.edges + i, spur.edges,
		    spur.len * sizeof(*total.edges));
		total.conditional = paths_conditional(p->m, total.edges,
		    total.len);
		path_free(&spur);
		if (paths_contains(acc, nacc, &total) ||
		    paths_contains(*cand, *ncand, &total)) {
			path_free(&total);
			continue;
		}
		if (*ncand == *capcand) {
			*capcand = *capcand == 0 ? 16 : *capcand * 2;
			*cand = xreallocarray(*cand, *capcand, sizeof(**cand));
		}
		(*cand)[(*ncand)++] = total;
	}
	free(undo.nodes);
	free(undo.edges);
	return rc;
}

/* Copy the what-if switches into the removal sets. */
static void
paths_reset_blocks(struct paths *p, const struct reach_filter *f)
{
	size_t	 nw = bitset_words(p->m->nnodes), ew = bitset_words(p->m->nedges);

	if (f->node_off != NULL)
		memcpy(p->node_block, f->node_off, nw * sizeof(uint64_t));
	else
		memset(p->node_block, 0, nw * sizeof(uint64_t));
	if (f->edge_off != NULL)
		memcpy(p->edge_block, f->edge_off, ew * sizeof(uint64_t));
	else
		memset(p->edge_block, 0, ew * sizeof(uint64_t));
}

int
paths_k_shortest(struct paths *p, size_t from, size_t to, size_t k,
    const struct reach_filter *f, const struct cancel *c,
    struct path **out, size_t *n)
{
	struct reach_filter	 blocked;
	struct path		*acc, *cand = NULL;
	size_t			 nacc = 0, ncand = 0, capcand = 0, i, best;
	int			 rc;

	if (k > PATHS_MAX_K)
		k = PATHS_MAX_K;
	acc = xcalloc(k + 1, sizeof(*acc));
	*out = acc;
	*n = 0;
	if (k == 0)
		return 0;
	rc = paths_shortest(p, from, to, f, c, &acc[0]);
	if (rc != 0)
		return rc == -1 ? -1 : 0;
	nacc = 1;

	paths_reset_blocks(p, f);
	blocked.kinds = f->kinds;
	blocked.node_off = p->node_block;
	blocked.edge_off = p->edge_block;
	while (nacc < k) {
		rc = paths_spurs(p, from, to, acc, nacc, &cand, &ncand,
		    &capcand, &blocked, c);
		if (rc == -1 || ncand == 0)
			break;
		best = 0;
		for (i = 1; i < ncand; i++) {
			if (paths_cmp(&cand[i], &cand[best]) < 0)
				best = i;
		}
		acc[nacc++] = cand[best];
		cand[best] = cand[--ncand];
	}
	path_list_free(cand, ncand);
	*n = nacc;
	return rc == -1 ? -1 : 0;
}
