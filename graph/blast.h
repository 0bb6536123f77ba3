/*
 * Blast radius: for every credential and identity, how many privileges,
 * admin-equivalent nodes, systems and crown jewels it can reach under a
 * filter. The columns are computed for the whole model at once.
 *
 * Method: the strongly connected components of the filtered graph are
 * found (Tarjan's algorithm, iterative), so every cycle becomes one node
 * of a DAG. The nodes that count (targets) are numbered, and a bit set
 * of reached targets is propagated from the sinks of the DAG towards its
 * sources, in chunks of targets sized to a memory budget. A node's count
 * is the number of bits set in its component's set, less the node itself.
 * The work is about (components + DAG edges) x targets / 64 word steps.
 */
#ifndef BLAST_H
#define BLAST_H

#include <stddef.h>
#include <stdint.h>

#include "reach.h"

struct cancel;
struct model;

enum blast_column {
	BLAST_PRIVILEGES,	/* privilege nodes */
	BLAST_ADMIN,		/* nodes flagged MODEL_NODE_ADMIN */
	BLAST_SYSTEMS,		/* system nodes */
	BLAST_JEWELS,		/* tier-zero nodes */
	BLAST_NCOLUMNS
};

/* Memory the target bit sets of one chunk may take. */
#define BLAST_CHUNK_BYTES	((size_t)64 << 20)

struct blast {
	size_t		 nnodes;
	uint32_t	*count[BLAST_NCOLUMNS];	/* per node; 0 for others */
	size_t		 ncomponents;		/* of the filtered graph */
	size_t		 ntargets;
};

/* The short and the long name of a column: "priv", "privileges". */
const char	*blast_column_label(enum blast_column);
const char	*blast_column_name(enum blast_column);

/* 1 for the nodes blast radius is computed for: credentials, identities. */
int		 blast_is_source(const struct model *, size_t v);

/* The columns (1 << enum blast_column) node v counts in as a target. */
unsigned	 blast_classes(const struct model *, size_t v,
		    const uint64_t *tier_zero);

/*
 * Compute every column under filter f, with the tier-zero set (NULL for
 * none). Returns 0, or 1 when the cancel hook stopped it (the columns
 * are then all zero). Call blast_free() either way.
 */
int		 blast_compute(struct blast *, const struct model *,
		    const struct reach_filter *f, const uint64_t *tier_zero,
		    const struct cancel *);
void		 blast_free(struct blast *);

#endif
