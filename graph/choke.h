/*
 * Chokepoints: the nodes and edges whose removal disconnects the most
 * (credential, crown jewel) pairs.
 *
 * Method: the nodes that can reach a crown jewel under the filter form a
 * subgraph. For each jewel, igraph's dominator tree of that subgraph,
 * walked against the edges from the jewel, gives the nodes that lie on every
 * path from a credential to the jewel: exactly the dominators of the
 * credential. Removing node d therefore disconnects the credentials in
 * d's subtree from that jewel. An edge u -> w lies on every path from u
 * to the jewel when w is u's immediate dominator and every other edge
 * out of u leads into u's own subtree (back into a cycle through u);
 * removing it disconnects the credentials in u's subtree. Counts are
 * summed over the jewels.
 *
 * Limits: each count is for removing that one node or edge alone. Pairs
 * that only a set of several removals would cut (two independent paths)
 * are never attributed to any single chokepoint. A credential and a
 * jewel are not chokepoints of their own pairs.
 */
#ifndef CHOKE_H
#define CHOKE_H

#include <stddef.h>
#include <stdint.h>

#include "reach.h"

struct cancel;
struct model;

struct choke_point {
	int		 edge;		/* 1: id is an edge, 0: a node */
	uint32_t	 id;
	uint64_t	 pairs;		/* pairs its removal disconnects */
};

struct choke_result {
	struct choke_point	*points;	/* most pairs first */
	size_t			 n;
	uint64_t		 pairs;		/* connected pairs in all */
	size_t			 jewels;
};

/*
 * Find the chokepoints under filter f for the tier-zero set. Returns 0,
 * 1 when the cancel hook stopped it, or -1 with *errp set when igraph
 * failed. Free the result with choke_free() in every case.
 */
int	 choke_compute(const struct model *, const struct reach_filter *f,
	    const uint64_t *tier_zero, const struct cancel *,
	    struct choke_result *, char **errp);
void	 choke_free(struct choke_result *);

#endif
