/*
 * A scenario: what the analyst has set for the analyses of one model.
 * It contains the edge kinds to follow, the default depth limit, the nodes
 * marked tier zero (crown jewels), and the nodes and edges switched off
 * for a what-if. Nothing here is written to the case: a what-if lives
 * only as long as the scenario.
 *
 * Every change bumps gen, so views and cached results can tell when to
 * recompute.
 */
#ifndef SCENARIO_H
#define SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "bitset.h"
#include "reach.h"

struct model;

struct scenario {
	const struct model	*m;
	uint32_t		 kinds;		/* edge kinds followed */
	uint32_t		 max_depth;	/* 0: no limit */
	uint64_t		*node_off;	/* what-if: nodes switched off */
	uint64_t		*edge_off;	/* what-if: edges switched off */
	size_t			 nodes_off;
	size_t			 edges_off;
	uint64_t		*tier_zero;	/* crown jewels */
	size_t			 ntier_zero;
	unsigned		 gen;		/* bumped by every change */
};

/* Set up a scenario; nodes their source marks tier zero start marked. */
void	 scenario_init(struct scenario *, const struct model *);
void	 scenario_free(struct scenario *);

/* The filter walks use: kinds, and the switches when any is set. */
void	 scenario_filter(const struct scenario *, struct reach_filter *);

/* Switch a node or edge off or back on; returns 1 when now off. */
int	 scenario_toggle_node(struct scenario *, size_t v);
int	 scenario_toggle_edge(struct scenario *, size_t e);

/* Switch everything back on. */
void	 scenario_clear_whatif(struct scenario *);

/* Mark or unmark a node tier zero. */
void	 scenario_set_tier_zero(struct scenario *, size_t v, int on);

/* Set the edge kinds followed. */
void	 scenario_set_kinds(struct scenario *, uint32_t kinds);

/*
 * The tier-zero nodes in id order. Returns their number and sets *out to
 * an array the caller frees.
 */
size_t	 scenario_jewels(const struct scenario *, uint32_t **out);

static inline int
scenario_node_off(const struct scenario *s, size_t v)
{
	return bitset_test(s->node_off, v);
}

static inline int
scenario_edge_off(const struct scenario *s, size_t e)
{
	return bitset_test(s->edge_off, e);
}

static inline int
scenario_is_tier_zero(const struct scenario *s, size_t v)
{
	return bitset_test(s->tier_zero, v);
}

#endif
