/*
 * The edges of a model while it loads (see model_edges.h).
 *
 * The edges arrive in row order. They are grouped by start node with a
 * counting sort that moves one array at a time, then each node's edges
 * are sorted on one integer key (kind, end node, source kind label) and
 * written back in place without repeats. The incoming index is two more
 * counting sorts. Each step passes over the arrays in order or sorts the
 * edges of one node, so that no comparison reads edges scattered over
 * the whole list.
 */
#include "model_edges.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "xalloc.h"

void
model_edges_add(struct model_edges *l, uint32_t src, uint32_t dst, int kind,
    unsigned flags, uint32_t raw, int64_t id)
{
	size_t	 i, cap;

	if (l->n == l->cap) {
		cap = l->cap < 4096 ? 4096 : l->cap * 2;
		l->src = xreallocarray(l->src, cap, sizeof(*l->src));
		l->dst = xreallocarray(l->dst, cap, sizeof(*l->dst));
		l->kind = xreallocarray(l->kind, cap, sizeof(*l->kind));
		l->flags = xreallocarray(l->flags, cap, sizeof(*l->flags));
		l->raw = xreallocarray(l->raw, cap, sizeof(*l->raw));
		l->id = xreallocarray(l->id, cap, sizeof(*l->id));
		l->cap = cap;
	}
	i = l->n++;
	l->src[i] = src;
	l->dst[i] = dst;
	l->kind[i] = (uint8_t)kind;
	l->flags[i] = (uint8_t)flags;
	l->raw[i] = raw;
	l->id[i] = id;
}

void
model_edges_free(struct model_edges *l)
{
	free(l->src);
	free(l->dst);
	free(l->kind);
	free(l->flags);
	free(l->raw);
	free(l->id);
	memset(l, 0, sizeof(*l));
}

/*
 * A loaded edge while the edges of its start node are sorted: kind, end
 * node and source kind label in one integer, then the row id, which
 * picks the edge kept of a repeat.
 */
struct model_edges_sort {
	uint64_t	 key;
	int64_t		 id;
	uint8_t		 flags;
};

#define MODEL_EDGES_KEY_DST	32
#define MODEL_EDGES_KEY_KIND	(MODEL_EDGES_KEY_DST + MODEL_ADJ_NODE_BITS)
_Static_assert(MODEL_EDGES_KEY_KIND + MODEL_ADJ_KIND_BITS <= 64,
    "an edge's sort key must fit in 64 bits");

static int
model_edges_sort_cmp(const void *a, const void *b)
{
	const struct model_edges_sort	*x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * Sort n edges. Most nodes start a few edges, which an insertion sort
 * orders faster than qsort() can set up.
 */
static void
model_edges_sort(struct model_edges_sort *k, size_t n)
{
	struct model_edges_sort	 t;
	size_t			 i, j;

	if (n > 16) {
		qsort(k, n, sizeof(*k), model_edges_sort_cmp);
		return;
	}
	for (i = 1; i < n; i++) {
		t = k[i];
		for (j = i; j > 0 && model_edges_sort_cmp(&k[j - 1], &t) > 0;
		    j--)
			k[j] = k[j - 1];
		k[j] = t;
	}
}

/*
 * Counting sort of the ids in from[], a permutation of 0..n-1, by
 * key[id] < nkeys into order[], filling off[] (nkeys + 1 offsets). It is
 * stable: ids with the same key keep their order in from[].
 */
static void
model_edges_bucket(const uint32_t *key, const uint32_t *from, size_t n,
    size_t nkeys, size_t *off, uint32_t *order)
{
	size_t	*pos, i;

	memset(off, 0, (nkeys + 1) * sizeof(*off));
	for (i = 0; i < n; i++)
		off[key[i] + 1]++;
	for (i = 0; i < nkeys; i++)
		off[i + 1] += off[i];
	pos = xmalloc((nkeys + 1) * sizeof(*pos));
	memcpy(pos, off, (nkeys + 1) * sizeof(*pos));
	for (i = 0; i < n; i++)
		order[pos[key[from[i]]]++] = from[i];
	free(pos);
}

/*
 * Move element i of array a (n elements of size bytes) to dest[i] in a
 * new array; frees a and returns the new one.
 */
static void *
model_edges_permute(void *a, size_t size, const uint32_t *dest, size_t n)
{
	void	*out = xreallocarray(NULL, n + 1, size);
	size_t	 i;

	switch (size) {
	case 1:
		for (i = 0; i < n; i++)
			((uint8_t *)out)[dest[i]] = ((const uint8_t *)a)[i];
		break;
	case 4:
		for (i = 0; i < n; i++)
			((uint32_t *)out)[dest[i]] = ((const uint32_t *)a)[i];
		break;
	default:
		assert(size == 8);
		for (i = 0; i < n; i++)
			((int64_t *)out)[dest[i]] = ((const int64_t *)a)[i];
		break;
	}
	free(a);
	return out;
}

/*
 * Reorder the edges by start node, stably: off[v] gets the position of
 * node v's first edge. Each array is moved in turn, reading and writing
 * it in one pass, so that one extra array is held at a time. The start
 * nodes are then implied by off[] and freed.
 */
static void
model_edges_group(struct model_edges *l, size_t nnodes, size_t *off)
{
	size_t		 n = l->n, *pos, i;
	uint32_t	*dest;

	memset(off, 0, (nnodes + 1) * sizeof(*off));
	for (i = 0; i < n; i++)
		off[l->src[i] + 1]++;
	for (i = 0; i < nnodes; i++)
		off[i + 1] += off[i];
	pos = xreallocarray(NULL, nnodes + 1, sizeof(*pos));
	memcpy(pos, off, (nnodes + 1) * sizeof(*pos));
	dest = xreallocarray(NULL, n + 1, sizeof(*dest));
	for (i = 0; i < n; i++)
		dest[i] = (uint32_t)pos[l->src[i]]++;
	free(pos);

	l->dst = model_edges_permute(l->dst, sizeof(*l->dst), dest, n);
	l->kind = model_edges_permute(l->kind, sizeof(*l->kind), dest, n);
	l->flags = model_edges_permute(l->flags, sizeof(*l->flags), dest, n);
	l->raw = model_edges_permute(l->raw, sizeof(*l->raw), dest, n);
	l->id = model_edges_permute(l->id, sizeof(*l->id), dest, n);
	free(dest);
	free(l->src);
	l->src = NULL;
}

/* The largest number of loaded edges that one node starts. */
static size_t
model_edges_max_degree(const size_t *off, size_t nnodes)
{
	size_t	 v, max = 0;

	for (v = 0; v < nnodes; v++) {
		if (off[v + 1] - off[v] > max)
			max = off[v + 1] - off[v];
	}
	return max;
}

/*
 * Sort the count edges of start node v from position first by kind, end
 * node and source kind, and write them back from position n, keeping one
 * of each repeat: the one with the lowest row id. n is at most first, so
 * this only overwrites edges already read. Returns the position after
 * the last edge kept.
 */
static size_t
model_edges_sort_node(struct model_edges *l, struct model *m, uint32_t v,
    size_t first, size_t count, struct model_edges_sort *k, size_t n)
{
	size_t	 i, x;

	for (i = 0; i < count; i++) {
		x = first + i;
		k[i].key = (uint64_t)l->kind[x] << MODEL_EDGES_KEY_KIND |
		    (uint64_t)l->dst[x] << MODEL_EDGES_KEY_DST | l->raw[x];
		k[i].id = l->id[x];
		k[i].flags = l->flags[x];
	}
	model_edges_sort(k, count);
	for (i = 0; i < count; i++) {
		if (i > 0 && k[i].key == k[i - 1].key) {
			m->duplicate_edges++;
			continue;
		}
		m->esrc[n] = v;
		l->dst[n] = (uint32_t)(k[i].key >> MODEL_EDGES_KEY_DST) &
		    MODEL_ADJ_NODE;
		l->kind[n] = (uint8_t)(k[i].key >> MODEL_EDGES_KEY_KIND);
		l->raw[n] = (uint32_t)k[i].key;
		l->id[n] = k[i].id;
		l->flags[n] = k[i].flags;
		n++;
	}
	return n;
}

/*
 * Index the model's edges by end node, each node's sorted by kind, start
 * node and edge id. Edge ids rise with the start node, so two stable
 * counting sorts give that order: by kind, then by end node.
 */
static void
model_edges_build_in(struct model *m)
{
	size_t		 kind_off[KIND_EDGE_COUNT + 1], e;
	uint32_t	*by_kind;

	by_kind = xmalloc((m->nedges + 1) * sizeof(*by_kind));
	memset(kind_off, 0, sizeof(kind_off));
	for (e = 0; e < m->nedges; e++)
		kind_off[m->ekind[e] + 1]++;
	for (e = 0; e < KIND_EDGE_COUNT; e++)
		kind_off[e + 1] += kind_off[e];
	for (e = 0; e < m->nedges; e++)
		by_kind[kind_off[m->ekind[e]]++] = (uint32_t)e;

	m->in_off = xcalloc(m->nnodes + 1, sizeof(*m->in_off));
	m->in_edge = xmalloc((m->nedges + 1) * sizeof(*m->in_edge));
	model_edges_bucket(m->edst, by_kind, m->nedges, m->nnodes, m->in_off,
	    m->in_edge);
	free(by_kind);
}

void
model_edges_build(struct model_edges *l, struct model *m)
{
	struct model_edges_sort	*k;
	size_t			 v, n = 0, first;

	m->out_off = xcalloc(m->nnodes + 1, sizeof(*m->out_off));
	model_edges_group(l, m->nnodes, m->out_off);
	k = xreallocarray(NULL, model_edges_max_degree(m->out_off,
	    m->nnodes) + 1, sizeof(*k));
	m->esrc = xreallocarray(NULL, l->n + 1, sizeof(*m->esrc));
	for (v = 0; v < m->nnodes; v++) {
		first = m->out_off[v];
		m->out_off[v] = n;
		n = model_edges_sort_node(l, m, (uint32_t)v, first,
		    m->out_off[v + 1] - first, k, n);
	}
	m->out_off[m->nnodes] = n;
	m->nedges = n;
	free(k);

	m->edst = xreallocarray(l->dst, n + 1, sizeof(*m->edst));
	m->ekind = xreallocarray(l->kind, n + 1, sizeof(*m->ekind));
	m->eflags = xreallocarray(l->flags, n + 1, sizeof(*m->eflags));
	m->eraw = xreallocarray(l->raw, n + 1, sizeof(*m->eraw));
	m->eid = xreallocarray(l->id, n + 1, sizeof(*m->eid));
	memset(l, 0, sizeof(*l));
	model_edges_build_in(m);
}
