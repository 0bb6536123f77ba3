/*
 * The changes between two views of a case: nodes and edges added and
 * removed, privileges newly reachable (or no longer reachable) per
 * identity, credentials newly stale, expiring or expired, and findings
 * opened and closed.
 *
 * Nodes are matched by key, and a placeholder counts as absent. Edges
 * are matched by start key, end key and source edge kind. Each side is
 * judged at its own time (lifecycle.h): the current view at --now, an
 * as-of view at its time, any other view at the time its newest
 * snapshot was imported. Lifecycle changes are reported for credentials
 * present on both sides.
 *
 * Reach changes look only at identities that can reach an edge or node
 * that one side has and the other lacks, so the work grows with the size
 * of the change rather than the size of the estate.
 *
 * Findings are evaluated on each side at its own time, with the crown
 * jewels and thresholds of the case and configuration. A finding is
 * opened when the newer side has a (rule, node key) pair the older one
 * lacks, and closed in the other direction.
 */
#ifndef DELTA_H
#define DELTA_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

struct config;
struct findings;
struct model;
struct store;
struct store_view;

enum delta_section {
	DELTA_IDENTITIES_ADDED,
	DELTA_IDENTITIES_REMOVED,
	DELTA_CREDENTIALS_ADDED,
	DELTA_CREDENTIALS_REMOVED,
	DELTA_NODES_ADDED,	/* systems, roles, policies, ... */
	DELTA_NODES_REMOVED,
	DELTA_EDGES_ADDED,
	DELTA_EDGES_REMOVED,
	DELTA_REACH_ADDED,
	DELTA_REACH_REMOVED,
	DELTA_STALE,
	DELTA_EXPIRING,
	DELTA_EXPIRED,
	DELTA_FINDINGS_OPENED,
	DELTA_FINDINGS_CLOSED,
	DELTA_SECTION_COUNT
};

#define DELTA_SIDE_A	0
#define DELTA_SIDE_B	1

/* One change. Strings live in the delta's arena. */
struct delta_item {
	const char	*key;	/* the node, edge start or identity */
	const char	*name;
	int		 kind;	/* enum kind_node of key */
	const char	*key2;	/* edge end or privilege reached, or NULL */
	const char	*name2;
	int		 kind2;
	const char	*raw;	/* source edge kind, for edges */
	int		 ekind;	/* enum kind_edge, for edges */
	int64_t		 when;	/* last use (stale) or expiry time */
	const char	*rule;	/* finding rule, for findings */
	const char	*detail; /* the finding's severity and message */
	int		 side;	/* DELTA_SIDE_B when in the newer view */
};

struct delta {
	struct delta_item	*items[DELTA_SECTION_COUNT];
	size_t			 count[DELTA_SECTION_COUNT];
	size_t			 cap[DELTA_SECTION_COUNT];
	int64_t			 time_a;	/* the moment each side is */
	int64_t			 time_b;	/* judged at */
	char			 view_a[64];	/* store_view_describe() */
	char			 view_b[64];
	struct arena		 arena;
};

/* One side of a comparison: its model, clock and findings (or NULL). */
struct delta_side {
	const struct model	*m;
	int64_t			 time;
	const struct findings	*findings;
};

/*
 * Compare side a with side b, judging credentials with the thresholds
 * of cfg (the defaults when NULL).
 */
struct delta	*delta_compute(const struct delta_side *a,
		    const struct delta_side *b, const struct config *cfg);

/*
 * Load the two views of the case and compare them. now is the clock of
 * a current view, and cfg gives the thresholds and crown jewels (NULL
 * for the defaults). The store's own view is left as it was. Returns 0
 * and sets *out, or -1 with *errp set.
 */
int		 delta_load(struct store *, const struct store_view *a,
		    const struct store_view *b, int64_t now,
		    const struct config *cfg, struct delta **out, char **errp);

void		 delta_free(struct delta *);

/* The title of a section ("identities added") and its JSON name. */
const char	*delta_section_title(enum delta_section);
const char	*delta_section_id(enum delta_section);

/* 1 for the sections of what the newer view lost ("identities removed"). */
int		 delta_section_lost(enum delta_section);

/* Changes in all sections. */
size_t		 delta_total(const struct delta *);

#endif
