/*
 * The edges of a model while it loads (see model.c): appended in the
 * order the case and the joins give them, then sorted into the model's
 * edge arrays and indexed by end node.
 */
#ifndef MODEL_EDGES_H
#define MODEL_EDGES_H

#include <stddef.h>
#include <stdint.h>

struct model;

/* The loaded edges, one array per field, in load order. */
struct model_edges {
	uint32_t	*src;		/* node ids */
	uint32_t	*dst;
	uint8_t		*kind;		/* enum kind_edge */
	uint8_t		*flags;		/* RECORD_EDGE_* */
	uint32_t	*raw;		/* label: source edge kind */
	int64_t		*id;		/* row id, negative for a join's */
	size_t		 n;
	size_t		 cap;
};

/* Append an edge. */
void	 model_edges_add(struct model_edges *, uint32_t src, uint32_t dst,
	    int kind, unsigned flags, uint32_t raw, int64_t id);

/*
 * Sort the edges into m's edge arrays by start node, kind, end node and
 * source kind, keeping one of each repeat (the one with the lowest row
 * id, counted in m->duplicate_edges), and index them by end node. The
 * node ids must be below m->nnodes, which is at most MODEL_MAX_NODES.
 * The list's arrays become the model's, so the list is empty after.
 */
void	 model_edges_build(struct model_edges *, struct model *m);

void	 model_edges_free(struct model_edges *);

#endif
