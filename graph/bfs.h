/*
 * Breadth-first search over the model, forwards along the way trust
 * flows or backwards against it, for the diff (which identities reach
 * new privileges) and the reach subgraph of an export.
 *
 * An edge is followed unless it is marked not traversable, is a permissions
 * boundary (limits) or is a related edge, whose meaning the source left
 * open. Privilege targets are the privilege nodes reached and the ends of
 * followed grants edges (GitHub grants access to a repository directly).
 *
 * NOTE: this is a minimal stand-in for the reach analysis of graph/reach.c
 * and follows its own edge rules until the two are joined.
 */
#ifndef BFS_H
#define BFS_H

#include <stddef.h>
#include <stdint.h>

struct model;

#define BFS_FORWARD	0
#define BFS_BACKWARD	1

#define BFS_NONE	UINT32_MAX

struct bfs {
	size_t		 nnodes;
	int32_t		*depth;		/* -1 when not reached */
	uint32_t	*via;		/* edge that reached each node, or
					   BFS_NONE for a start */
	uint32_t	*order;		/* reached nodes, nearest first */
	size_t		 count;
};

/* Prepare a search over a model of nnodes nodes. */
void	 bfs_init(struct bfs *, size_t nnodes);
void	 bfs_free(struct bfs *);

/*
 * Search from the start nodes, at most max_depth edges deep (no limit
 * when negative). The results of an earlier run are cleared first.
 */
void	 bfs_run(struct bfs *, const struct model *, const uint32_t *starts,
	    size_t nstarts, int direction, int max_depth);

/* 1 when reach follows edge e. */
int	 bfs_follows(const struct model *, size_t e);

/* 1 when node v, reached in a forward search, is a privilege target. */
int	 bfs_is_target(const struct bfs *, const struct model *, size_t v);

#endif
