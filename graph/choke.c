/*
 * Chokepoints from dominator trees (see choke.h).
 */
#include "choke.h"

#include <stdlib.h>
#include <string.h>

#include <igraph/igraph.h>

#include "bitset.h"
#include "cancel.h"
#include "model.h"
#include "xalloc.h"

#define CHOKE_NONE	UINT32_MAX

/* The subgraph of nodes that reach a jewel, and the running counts. */
struct choke_work {
	const struct model		*m;
	const struct reach_filter	*f;
	uint64_t			 tab;
	uint32_t			*sub_of;	/* node -> sub id */
	uint32_t			*node_of;	/* sub id -> node */
	size_t				 ns;
	size_t				*out_first;	/* ns + 1 */
	uint32_t			*edst;		/* sub edges, by start */
	uint32_t			*emodel;	/* their model edge ids */
	size_t				 ne;
	uint64_t			*node_pairs;
	uint64_t			*edge_pairs;

	/* One dominator tree at a time. */
	igraph_vector_int_t		 dom;
	size_t				*child_first;
	uint32_t			*children;
	uint32_t			*pre;		/* preorder number */
	uint32_t			*end;		/* last in subtree + 1 */
	uint32_t			*preorder;	/* sub ids by preorder */
	uint64_t			*credsub;	/* credentials below */
};

/* 1 when the filter follows packed word a at position e. */
static inline int
choke_follows(const struct choke_work *w, uint32_t a, uint32_t e)
{
	if (!((w->tab >> model_adj_type(a)) & 1))
		return 0;
	if (w->f->edge_off != NULL && bitset_test(w->f->edge_off, e))
		return 0;
	return w->f->node_off == NULL ||
	    !bitset_test(w->f->node_off, a & MODEL_ADJ_NODE);
}

/*
 * Mark every node that reaches a jewel (a reverse walk from all of
 * them) and number the marked nodes in id order.
 */
static void
choke_ancestors(struct choke_work *w, const uint32_t *jewels, size_t nj)
{
	const struct model	*m = w->m;
	uint64_t		*seen = bitset_alloc(m->nnodes);
	uint32_t		*queue, v, u, a;
	size_t			 head = 0, tail = 0, i, p;

	queue = xreallocarray(NULL, m->nnodes + 1, sizeof(*queue));
	for (i = 0; i < nj; i++) {
		if (!bitset_test(seen, jewels[i])) {
			bitset_set(seen, jewels[i]);
			queue[tail++] = jewels[i];
		}
	}
	while (head < tail) {
		v = queue[head++];
		for (p = m->in_off[v]; p < m->in_off[v + 1]; p++) {
			a = m->in_adj[p];
			u = a & MODEL_ADJ_NODE;
			if (bitset_test(seen, u) ||
			    !choke_follows(w, a, m->in_edge[p]))
				continue;
			bitset_set(seen, u);
			queue[tail++] = u;
		}
	}
	w->sub_of = xreallocarray(NULL, m->nnodes + 1, sizeof(*w->sub_of));
	w->node_of = queue;	/* reused: at most tail entries */
	for (v = 0; v < m->nnodes; v++) {
		w->sub_of[v] = CHOKE_NONE;
		if (bitset_test(seen, v)) {
			w->sub_of[v] = (uint32_t)w->ns;
			w->node_of[w->ns++] = v;
		}
	}
	free(seen);
}

/* Collect the edges between marked nodes, grouped by start. */
static void
choke_edges(struct choke_work *w)
{
	const struct model	*m = w->m;
	size_t			 s, e, cap = 1024;
	uint32_t		 v, t;

	w->out_first = xcalloc(w->ns + 1, sizeof(*w->out_first));
	w->edst = xreallocarray(NULL, cap, sizeof(*w->edst));
	w->emodel = xreallocarray(NULL, cap, sizeof(*w->emodel));
	for (s = 0; s < w->ns; s++) {
		v = w->node_of[s];
		w->out_first[s] = w->ne;
		for (e = m->out_off[v]; e < m->out_off[v + 1]; e++) {
			if (!choke_follows(w, m->out_adj[e], (uint32_t)e))
				continue;
			t = w->sub_of[m->out_adj[e] & MODEL_ADJ_NODE];
			if (t == CHOKE_NONE)
				continue;
			if (w->ne == cap) {
				cap *= 2;
				w->edst = xreallocarray(w->edst, cap,
				    sizeof(*w->edst));
				w->emodel = xreallocarray(w->emodel, cap,
				    sizeof(*w->emodel));
			}
			w->edst[w->ne] = t;
			w->emodel[w->ne] = (uint32_t)e;
			w->ne++;
		}
	}
	w->out_first[w->ns] = w->ne;
}

/* 1 when sub node x was reached from the jewel (or is the jewel). */
static inline int
choke_in_tree(const struct choke_work *w, size_t x)
{
	return VECTOR(w->dom)[x] != -2;
}

/*
 * Number the dominator tree in preorder and count the credentials in
 * each subtree (the jewel itself is not counted).
 */
static void
choke_number(struct choke_work *w, uint32_t root)
{
	size_t		 x, n = 0, top = 0, *next;
	uint32_t	*stack, y, d;

	memset(w->child_first, 0, (w->ns + 2) * sizeof(*w->child_first));
	for (x = 0; x < w->ns; x++) {
		if (VECTOR(w->dom)[x] >= 0)
			w->child_first[VECTOR(w->dom)[x] + 1]++;
	}
	for (x = 0; x < w->ns; x++)
		w->child_first[x + 1] += w->child_first[x];
	next = xreallocarray(NULL, w->ns + 1, sizeof(*next));
	memcpy(next, w->child_first, (w->ns + 1) * sizeof(*next));
	for (x = 0; x < w->ns; x++) {
		if (VECTOR(w->dom)[x] >= 0)
			w->children[next[VECTOR(w->dom)[x]]++] = (uint32_t)x;
	}

	/* Preorder by an explicit stack; end[] is set on the way back. */
	stack = xreallocarray(NULL, w->ns + 1, sizeof(*stack));
	stack[top++] = root;
	while (top > 0) {
		y = stack[--top];
		w->pre[y] = (uint32_t)n;
		w->preorder[n++] = y;
		for (x = w->child_first[y]; x < w->child_first[y + 1]; x++)
			stack[top++] = w->children[x];
	}
	for (x = n; x-- > 0;) {
		y = w->preorder[x];
		w->credsub[y] = y != root &&
		    w->m->kind[w->node_of[y]] == KIND_NODE_CREDENTIAL;
		w->end[y] = w->pre[y] + 1;
	}
	for (x = n; x-- > 1;) {
		y = w->preorder[x];
		d = (uint32_t)VECTOR(w->dom)[y];
		w->credsub[d] += w->credsub[y];
		if (w->end[y] > w->end[d])
			w->end[d] = w->end[y];
	}
	free(next);
	free(stack);
}

/* Add the pairs that the nodes and edges of one jewel's tree cut. */
static uint64_t
choke_count(struct choke_work *w, uint32_t root)
{
	size_t		 x, k, bad_edge = 0;
	uint32_t	 t;
	unsigned	 bad;
	uint64_t	 self;

	for (x = 0; x < w->ns; x++) {
		if (x == root || !choke_in_tree(w, x))
			continue;
		self = w->m->kind[w->node_of[x]] == KIND_NODE_CREDENTIAL;
		w->node_pairs[x] += w->credsub[x] - self;

		/* Edges out of x that avoid x's own subtree. */
		bad = 0;
		for (k = w->out_first[x]; k < w->out_first[x + 1]; k++) {
			t = w->edst[k];
			if (!choke_in_tree(w, t) || (w->pre[t] >= w->pre[x] &&
			    w->pre[t] < w->end[x]))
				continue;
			bad++;
			bad_edge = k;
		}
		if (bad == 1 && (igraph_integer_t)w->edst[bad_edge] ==
		    VECTOR(w->dom)[x])
			w->edge_pairs[bad_edge] += w->credsub[x];
	}
	return w->credsub[root];
}

static int
choke_point_cmp(const void *a, const void *b)
{
	const struct choke_point	*x = a, *y = b;

	if (x->pairs != y->pairs)
		return x->pairs > y->pairs ? -1 : 1;
	if (x->edge != y->edge)
		return x->edge - y->edge;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Turn the counts into the sorted result. */
static void
choke_collect(struct choke_work *w, struct choke_result *out)
{
	size_t	 x, k, n = 0;

	out->points = xreallocarray(NULL, w->ns + w->ne + 1,
	    sizeof(*out->points));
	for (x = 0; x < w->ns; x++) {
		if (w->node_pairs[x] == 0)
			continue;
		out->points[n].edge = 0;
		out->points[n].id = w->node_of[x];
		out->points[n++].pairs = w->node_pairs[x];
	}
	for (k = 0; k < w->ne; k++) {
		if (w->edge_pairs[k] == 0)
			continue;
		out->points[n].edge = 1;
		out->points[n].id = w->emodel[k];
		out->points[n++].pairs = w->edge_pairs[k];
	}
	qsort(out->points, n, sizeof(*out->points), choke_point_cmp);
	out->n = n;
}

/* Build the igraph copy of the subgraph. */
static int
choke_graph(struct choke_work *w, igraph_t *g)
{
	igraph_vector_int_t	 ev;
	size_t			 s, k;

	if (igraph_vector_int_init(&ev, (igraph_integer_t)(2 * w->ne)) !=
	    IGRAPH_SUCCESS)
		return -1;
	for (s = 0; s < w->ns; s++) {
		for (k = w->out_first[s]; k < w->out_first[s + 1]; k++) {
			VECTOR(ev)[2 * k] = (igraph_integer_t)s;
			VECTOR(ev)[2 * k + 1] = w->edst[k];
		}
	}
	if (igraph_create(g, &ev, (igraph_integer_t)w->ns, IGRAPH_DIRECTED) !=
	    IGRAPH_SUCCESS) {
		igraph_vector_int_destroy(&ev);
		return -1;
	}
	igraph_vector_int_destroy(&ev);
	return 0;
}

/* Run the dominator trees of every jewel. Returns 0, 1 or -1. */
static int
choke_jewels(struct choke_work *w, igraph_t *g, const uint32_t *jewels,
    size_t nj, const struct cancel *c, struct choke_result *out,
    char **errp)
{
	igraph_error_t	 ierr;
	size_t		 i;
	uint32_t	 root;

	w->child_first = xcalloc(w->ns + 2, sizeof(*w->child_first));
	w->children = xreallocarray(NULL, w->ns + 1, sizeof(*w->children));
	w->pre = xreallocarray(NULL, w->ns + 1, sizeof(*w->pre));
	w->end = xreallocarray(NULL, w->ns + 1, sizeof(*w->end));
	w->preorder = xreallocarray(NULL, w->ns + 1, sizeof(*w->preorder));
	w->credsub = xreallocarray(NULL, w->ns + 1, sizeof(*w->credsub));
	for (i = 0; i < nj; i++) {
		if (cancel_poll(c, "chokepoints", (double)i / nj))
			return 1;
		if ((root = w->sub_of[jewels[i]]) == CHOKE_NONE)
			continue;	/* switched off */
		model_igraph_cancel(c);
		ierr = igraph_dominator_tree(g, root, &w->dom, NULL, NULL,
		    IGRAPH_IN);
		model_igraph_cancel(NULL);
		if (ierr == IGRAPH_INTERRUPTED) {
			free(model_igraph_message());
			return 1;
		}
		if (ierr != IGRAPH_SUCCESS) {
			*errp = model_igraph_message();
			if (*errp == NULL)
				*errp = xstrdup("igraph could not compute a "
				    "dominator tree");
			return -1;
		}
		choke_number(w, root);
		out->pairs += choke_count(w, root);
		out->jewels++;
	}
	return 0;
}

static void
choke_work_free(struct choke_work *w)
{
	free(w->sub_of);
	free(w->node_of);
	free(w->out_first);
	free(w->edst);
	free(w->emodel);
	free(w->node_pairs);
	free(w->edge_pairs);
	free(w->child_first);
	free(w->children);
	free(w->pre);
	free(w->end);
	free(w->preorder);
	free(w->credsub);
}

int
choke_compute(const struct model *m, const struct reach_filter *f,
    const uint64_t *tier_zero, const struct cancel *c,
    struct choke_result *out, char **errp)
{
	struct choke_work	 w;
	igraph_t		 g;
	uint32_t		*jewels;
	size_t			 nj = 0, v;
	int			 rc = 0, has_graph = 0, has_dom = 0;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.m = m;
	w.f = f;
	w.tab = reach_type_table(f);
	jewels = xreallocarray(NULL, m->nnodes + 1, sizeof(*jewels));
	for (v = 0; tier_zero != NULL && v < m->nnodes; v++) {
		if (bitset_test(tier_zero, v) && (f->node_off == NULL ||
		    !bitset_test(f->node_off, v)))
			jewels[nj++] = (uint32_t)v;
	}
	if (nj == 0)
		goto out;
	choke_ancestors(&w, jewels, nj);
	choke_edges(&w);
	w.node_pairs = xcalloc(w.ns + 1, sizeof(*w.node_pairs));
	w.edge_pairs = xcalloc(w.ne + 1, sizeof(*w.edge_pairs));
	if (igraph_vector_int_init(&w.dom, 0) == IGRAPH_SUCCESS)
		has_dom = 1;
	if (!has_dom || choke_graph(&w, &g) == -1) {
		*errp = model_igraph_message();
		if (*errp == NULL)
			*errp = xstrdup("igraph could not build the subgraph");
		rc = -1;
		goto out;
	}
	has_graph = 1;
	rc = choke_jewels(&w, &g, jewels, nj, c, out, errp);
	if (rc == 0)
		choke_collect(&w, out);
out:
	if (has_graph)
		igraph_destroy(&g);
	if (has_dom)
		igraph_vector_int_destroy(&w.dom);
	choke_work_free(&w);
	free(jewels);
	return rc;
}

void
choke_free(struct choke_result *r)
{
	if (r == NULL)
		return;
	free(r->points);
	memset(r, 0, sizeof(*r));
}
