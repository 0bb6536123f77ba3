/*
 * Paths between two nodes: the shortest one, by a breadth-first search
 * from both ends, and up to k loopless alternatives in order of length
 * (Yen's algorithm, each spur found by the same two-ended search). Paths
 * obey the same filter as reach: edge kinds, not-traversable edges, and
 * what-if switches. Conditional edges are followed and the path marked.
 */
#ifndef PATHS_H
#define PATHS_H

#include <stddef.h>
#include <stdint.h>

#include "reach.h"

struct cancel;
struct model;

/* The maximum number of paths one request may ask for. */
#define PATHS_MAX_K	64

struct path {
	uint32_t	*edges;		/* edge ids, from the start onward */
	size_t		 len;
	int		 conditional;	/* crosses a conditional edge */
};

/* Search state, sized for one model and reused between requests. */
struct paths {
	const struct model	*m;
	struct reach		 fwd;		/* from the start */
	struct reach		 bwd;		/* back from the target */
	uint64_t		*node_block;	/* Yen's removed nodes */
	uint64_t		*edge_block;	/* Yen's removed edges */
};

void	 paths_init(struct paths *, const struct model *);
void	 paths_free(struct paths *);

/*
 * Find a shortest path from node from to node to. Returns 0 and fills
 * *out (the caller frees it with path_free()), 1 when there is no path,
 * or -1 when the cancel hook stopped the search. A node to itself is a
 * path of no edges.
 */
int	 paths_shortest(struct paths *, size_t from, size_t to,
	    const struct reach_filter *, const struct cancel *,
	    struct path *out);

/*
 * Find up to k loopless paths from node from to node to, shortest first
 * (ties in order of edge ids). Returns 0 and sets *out to an array of
 * *n paths (none when there is no path; free it with path_list_free()),
 * or -1 when cancelled, with the paths found so far in *out.
 */
int	 paths_k_shortest(struct paths *, size_t from, size_t to, size_t k,
	    const struct reach_filter *, const struct cancel *,
	    struct path **out, size_t *n);

void	 path_free(struct path *);
void	 path_list_free(struct path *, size_t n);

/* The node at position i of a path (0 is the start, len the end). */
size_t	 path_node(const struct model *, const struct path *, size_t start,
	    size_t i);

#endif
