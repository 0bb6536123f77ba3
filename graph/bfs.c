/*
 * Breadth-first search over the model (see bfs.h).
 */
#include "bfs.h"

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "xalloc.h"

void
bfs_init(struct bfs *b, size_t nnodes)
{
	size_t	 i;

	memset(b, 0, sizeof(*b));
	b->nnodes = nnodes;
	b->depth = xreallocarray(NULL, nnodes + 1, sizeof(*b->depth));
	b->via = xreallocarray(NULL, nnodes + 1, sizeof(*b->via));
	b->order = xreallocarray(NULL, nnodes + 1, sizeof(*b->order));
	for (i = 0; i < nnodes; i++)
		b->depth[i] = -1;
}

void
bfs_free(struct bfs *b)
{
	free(b->depth);
	free(b->via);
	free(b->order);
	memset(b, 0, sizeof(*b));
}

int
bfs_follows(const struct model *m, size_t e)
{
	if (m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE)
		return 0;
	return m->ekind[e] != KIND_EDGE_LIMITS &&
	    m->ekind[e] != KIND_EDGE_RELATED;
}

/* Reach node v through edge e (BFS_NONE for a start) at depth d. */
static void
bfs_visit(struct bfs *b, size_t v, uint32_t e, int32_t d)
{
	if (b->depth[v] >= 0)
		return;
	b->depth[v] = d;
	b->via[v] = e;
	b->order[b->count++] = (uint32_t)v;
}

void
bfs_run(struct bfs *b, const struct model *m, const uint32_t *starts,
    size_t nstarts, int direction, int max_depth)
{
	size_t	 head, i, first, count, e, v, other;

	/* Clear only what the last run reached. */
	for (i = 0; i < b->count; i++)
		b->depth[b->order[i]] = -1;
	b->count = 0;
	for (i = 0; i < nstarts; i++)
		bfs_visit(b, starts[i], BFS_NONE, 0);

	for (head = 0; head < b->count; head++) {
		v = b->order[head];
		if (max_depth >= 0 && b->depth[v] >= max_depth)
			continue;
		if (direction == BFS_FORWARD)
			model_out(m, v, &first, &count);
		else
			model_in(m, v, &first, &count);
		for (i = first; i < first + count; i++) {
			e = direction == BFS_FORWARD ? i : m->in_edge[i];
			if (!bfs_follows(m, e))
				continue;
			other = direction == BFS_FORWARD ? m->edst[e] :
			    m->esrc[e];
			bfs_visit(b, other, (uint32_t)e, b->depth[v] + 1);
		}
	}
}

int
bfs_is_target(const struct bfs *b, const struct model *m, size_t v)
{
	size_t	 first, count, i, e;

	if (b->depth[v] < 0)
		return 0;
	if (m->kind[v] == KIND_NODE_PRIVILEGE)
		return 1;
	/* The end of a followed grants edge from a reached node. */
	model_in_kind(m, v, KIND_EDGE_GRANTS, &first, &count);
	for (i = first; i < first + count; i++) {
		e = m->in_edge[i];
		if (bfs_follows(m, e) && b->depth[m->esrc[e]] >= 0)
			return 1;
	}
	return 0;
}
