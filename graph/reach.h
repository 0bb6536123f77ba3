/*
 * Reach: breadth-first walks over the model's adjacency arrays.
 *
 * A walk follows edges the way trust flows (forward, "what can this node
 * reach") or against it (reverse, "who can reach this node"). It follows
 * only the edge kinds in the filter's mask, never an edge flagged
 * RECORD_EDGE_NOT_TRAVERSABLE, and never a node or edge the analyst has
 * switched off for a what-if. Conditional edges are followed, and a node
 * whose path crosses one is marked conditional. Among the shortest paths
 * to a node, one without conditional edges is preferred.
 *
 * Every reached node keeps the edge it was reached by, so the shortest
 * path to it is read back in O(length). A struct reach is sized for one
 * model and reused: a walk allocates nothing, and clears only what the
 * previous walk marked.
 */
#ifndef REACH_H
#define REACH_H

#include <stddef.h>
#include <stdint.h>

#include "bitset.h"
#include "kind.h"

struct cancel;
struct model;

#define REACH_NONE		UINT32_MAX

/*
 * Every edge kind, and the kinds followed by default: the grant edges
 * but limits. Observed edges (used, assumed, called) are followed only
 * when the kinds name them.
 */
#define REACH_KINDS_ALL		((uint32_t)((1u << KIND_EDGE_COUNT) - 1))
#define REACH_KINDS_DEFAULT	(REACH_KINDS_ALL & \
				    ~((uint32_t)1 << KIND_EDGE_LIMITS) & \
				    ~(uint32_t)KIND_EDGE_OBSERVED_MASK)

/*
 * The kinds whose meaning is known: the default less related edges,
 * whose meaning the source left open. The diff's reach changes and the
 * export of a reach follow these.
 */
#define REACH_KINDS_STRICT	(REACH_KINDS_DEFAULT & \
				    ~((uint32_t)1 << KIND_EDGE_RELATED))

/* Check the cancel hook after scanning this many edges. */
#define REACH_POLL_EDGES	(1u << 16)

/* The groups reach results are listed in. */
enum reach_group {
	REACH_GROUP_IDENTITY,	/* kind_node_is_identity() kinds */
	REACH_GROUP_PRIVILEGE,	/* privilege nodes, as blast radius counts */
	REACH_GROUP_POLICY,
	REACH_GROUP_SYSTEM,
	REACH_GROUP_OTHER,
	REACH_GROUP_COUNT
};

/* The edges and nodes a walk may follow; a NULL set switches none off. */
struct reach_filter {
	uint32_t	 kinds;		/* bit k: follow edges of kind k */
	const uint64_t	*node_off;	/* nodes switched off */
	const uint64_t	*edge_off;	/* edges switched off */
};

struct reach {
	const struct model	*m;
	int			 reverse;	/* walked against the edges */
	uint32_t		 start;		/* the first start node */
	size_t			 nstarts;	/* entries of order at depth 0 */
	uint64_t		*seen;		/* reached nodes */
	uint64_t		*cond;		/* reached through a condition */
	uint64_t		*cur;		/* the newest level */
	uint64_t		*nxt;		/* the level being built */
	uint32_t		*order;		/* reached nodes, nearest first */
	size_t			 count;		/* entries in order, start too */
	size_t			*levels;	/* order index where depth d starts */
	size_t			 nlevels;	/* depths reached so far, 0 too */
	size_t			 caplevels;
	uint32_t		*via;		/* edge that reached each node */
	uint32_t		 poll_left;	/* steps until the next poll */
	int			 bottom_up;	/* the last level searched parents */
	size_t			 explored;	/* edges into reached nodes, on
						   the side bottom-up reads */
	int			 cancelled;
	int			 cut;		/* the depth limit stopped it */
	size_t			 counts[REACH_GROUP_COUNT];
	size_t			 conditional;	/* nodes marked conditional */
};

/* The group a node kind is listed in. */
enum reach_group reach_group_of(enum kind_node);

/* The plural name of a group: "identities", "privileges", ... */
const char	*reach_group_name(enum reach_group);

/*
 * Parse an edge-kind list such as "member_of,has_role" or "!related":
 * listed kinds replace the default set, and "!kind" removes a kind
 * (from the default set when nothing is listed). "all" is every kind,
 * "default" the default set and "observed" the observed kinds.
 * Returns 0 and sets *mask, or -1 with *errp naming the bad word.
 */
int		 reach_parse_kinds(const char *text, uint32_t *mask,
		    char **errp);

/*
 * Describe a mask for a title: "default", "all", or the shortest of
 * "kind,kind" and "!kind,!kind". The caller frees the string.
 */
char		*reach_format_kinds(uint32_t mask);

/* Size a walk for the model; reach_free() releases it. */
void		 reach_init(struct reach *, const struct model *);
void		 reach_free(struct reach *);

/*
 * Walk from start, up to max_depth hops (0: no limit). Returns 0 when
 * the walk finished, 1 when the cancel hook stopped it (the result then
 * holds what was reached so far).
 */
int		 reach_run(struct reach *, size_t start, int reverse,
		    const struct reach_filter *, uint32_t max_depth,
		    const struct cancel *);

/*
 * The same walk one level at a time, for searches from both ends:
 * reach_begin() resets the walk to the start node alone and
 * reach_level() adds the nodes one hop further. reach_level() returns
 * the number of nodes it added, or -1 when the cancel hook stopped it.
 */
void		 reach_begin(struct reach *, size_t start, int reverse);
long		 reach_level(struct reach *, const struct reach_filter *,
		    const struct cancel *);

/*
 * Walk from all of the n nodes in starts at once (each at depth 0), as
 * reach_run() does from one. A start the filter switches off is left
 * out, and repeated starts count once. Every reached node keeps the
 * nearest start's path: reach_path() leads from (or, reversed, to) the
 * start it came from. With n 0 the walk reaches nothing.
 */
int		 reach_run_set(struct reach *, const uint32_t *starts, size_t n,
		    int reverse, const struct reach_filter *,
		    uint32_t max_depth, const struct cancel *);

/* The start node whose walk reached v (v itself for a start). */
uint32_t	 reach_origin(const struct reach *, size_t v);

/* 1 when the last walk reached v. */
static inline int
reach_seen(const struct reach *r, size_t v)
{
	return bitset_test(r->seen, v);
}

/* 1 when the path to reached node v crosses a conditional edge. */
static inline int
reach_conditional(const struct reach *r, size_t v)
{
	return bitset_test(r->cond, v);
}

/* Number of hops from the start to reached node v. */
size_t		 reach_depth(const struct reach *, size_t v);

/*
 * Write the edge ids of the shortest path between the start and reached
 * node v into edges, in the direction trust flows: from the start to v
 * for a forward walk, from v to the start for a reverse one. Returns the
 * path length (the depth of v); nothing is written when it exceeds max.
 */
size_t		 reach_path(const struct reach *, size_t v, uint32_t *edges,
		    size_t max);

/*
 * The packed edge types (kind | flags << 4, see model.h) the filter's
 * kinds and the not-traversable flag let a walk follow, as a 64-bit set.
 */
uint64_t	 reach_type_table(const struct reach_filter *);

/* 1 when the filter lets a walk follow edge e. */
int		 reach_edge_allowed(const struct model *, size_t e,
		    const struct reach_filter *);

/*
 * 1 when node v, reached by a forward walk, is a privilege: a privilege
 * node, or the end of a grants edge the filter follows from a reached
 * node (GitHub grants access to a repository directly).
 */
int		 reach_is_privilege(const struct reach *, size_t v,
		    const struct reach_filter *);

#endif
