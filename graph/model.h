/*
 * The in-memory identity graph built from the current view of a case.
 *
 * Nodes and edges are numbered densely from 0. Attributes the views and
 * analyses need on every node live in parallel arrays; the rest stay in
 * the case file and are read on demand (store_node_attrs()). Edges are
 * stored sorted by start node, then kind, then end node, so the edges
 * leaving node v are the ids out_off[v] to out_off[v + 1] - 1, already
 * grouped by kind. The incoming side is an index of edge ids sorted by
 * end node, then kind. model_igraph() builds the same topology as an
 * igraph graph, with the same edge ids, for the algorithms igraph
 * provides, on first use only: it costs about 32 bytes per edge, which
 * the walks, paths and the rest of the model do without.
 *
 * A model may be mapped from its image (model_image.h) instead of read
 * from the case; its arrays then point into the mapping and must not be
 * written.
 *
 * This module and the analyses are the only code that includes igraph.
 */
#ifndef MODEL_H
#define MODEL_H

#include <stddef.h>
#include <stdint.h>

#include <igraph/igraph.h>

#include "arena.h"
#include "kind.h"
#include "record.h"

struct join_result;
struct store;

/* Node flags. */
#define MODEL_NODE_MISSING	0x1	/* placeholder: no source described it */
#define MODEL_NODE_ADMIN	0x2	/* admin-equivalent (see nodeclass.h) */
#define MODEL_NODE_ESCALATION	0x4	/* can escalate privileges */
#define MODEL_NODE_TIER_ZERO	0x8	/* the source marks a crown jewel */
#define MODEL_NODE_SHARED_NAME	0x10	/* another node has the same name */
#define MODEL_NODE_DERIVED	0x80	/* made by a join (see join.h) */

/*
 * The packed adjacency: one 32-bit word per edge holding the node at the
 * other end (low 26 bits) and a 6-bit type, so a walk reads one array
 * instead of three. The type is the edge kind (5 bits) with the
 * conditional flag above it, or MODEL_ADJ_NO_FOLLOW for an edge its
 * source marks not traversable, which no walk follows. It limits a model
 * to 2^26 - 1 nodes and 31 edge kinds.
 */
#define MODEL_ADJ_NODE_BITS	26
#define MODEL_ADJ_NODE		((1u << MODEL_ADJ_NODE_BITS) - 1)
#define MODEL_MAX_NODES		((size_t)MODEL_ADJ_NODE)
#define MODEL_ADJ_KIND_BITS	5
#define MODEL_ADJ_NO_FOLLOW	63u

/* The 6-bit type of a packed word. */
static inline unsigned
model_adj_type(uint32_t w)
{
	return w >> MODEL_ADJ_NODE_BITS;
}

/* The type of an edge of kind with RECORD_EDGE_* flags. */
static inline uint32_t
model_adj_make_type(unsigned kind, unsigned flags)
{
	if (flags & RECORD_EDGE_NOT_TRAVERSABLE)
		return MODEL_ADJ_NO_FOLLOW;
	return kind | (flags & RECORD_EDGE_CONDITIONAL) << MODEL_ADJ_KIND_BITS;
}

/* The edge kind of a type other than MODEL_ADJ_NO_FOLLOW. */
static inline unsigned
model_adj_kind(unsigned type)
{
	return type & ((1u << MODEL_ADJ_KIND_BITS) - 1);
}

/* 1 when a type is that of a conditional edge. */
static inline unsigned
model_adj_conditional(unsigned type)
{
	return type != MODEL_ADJ_NO_FOLLOW && (type >> MODEL_ADJ_KIND_BITS) & 1;
}

/*
 * Edge flags are the RECORD_EDGE_* flags; RECORD_EDGE_DERIVED marks an
 * edge a join made, whose eid is negative (it has no row in the case).
 * The model adds MODEL_EDGE_NOT_WALKED to an edge that carries no trust
 * (see traverse.h); the packed adjacency marks it like an edge its
 * source marks not traversable.
 */
#define MODEL_EDGE_NOT_WALKED	0x40

struct model_labels {
	char		**text;		/* text[0] is "" */
	size_t		  count;
	size_t		  cap;
	struct hmap	 *index;
};

struct model {
	size_t			 nnodes;
	size_t			 nedges;

	/* Nodes. */
	const char		**key;
	const char		**name;
	uint8_t			 *kind;		/* enum kind_node */
	uint8_t			 *nflags;
	uint32_t		 *kinds;	/* label: source kinds */
	uint32_t		 *source;	/* label: source */
	uint32_t		 *environment;	/* label, 0 for none */
	uint32_t		 *owner;	/* label, 0 for none */
	uint32_t		 *credential_type; /* label, 0 for none */
	struct record_lifecycle	 *life;
	int64_t			 *kid;		/* key id in the store, or -1 */

	/* Edges, sorted by start node, kind and end node. */
	uint32_t		 *esrc;
	uint32_t		 *edst;
	uint8_t			 *ekind;	/* enum kind_edge */
	uint8_t			 *eflags;
	uint32_t		 *eraw;		/* label: source edge kind */
	int64_t			 *eid;		/* edge row id in the store */
	size_t			 *out_off;	/* nnodes + 1 */
	size_t			 *in_off;	/* nnodes + 1 */
	uint32_t		 *in_edge;	/* edge ids by end node */
	uint32_t		 *out_adj;	/* packed, by edge id */
	uint32_t		 *in_adj;	/* packed, in in_edge order */

	struct model_labels	  labels;
	struct arena		  arena;
	uint32_t		 *key_index;	/* hash slots of node ids */
	size_t			  key_index_cap;

	struct join_result	 *joins;	/* what the joins added */

	/*
	 * Every node sorted by kind, name ignoring case, then key, as
	 * query_sort() orders them; NULL until the model image is saved or
	 * when it was not.
	 */
	uint32_t		 *order;

	void			 *image;	/* the mapped image, or NULL */
	size_t			  image_len;

	igraph_t		  graph;	/* see model_igraph() */
	int			  has_graph;
	int64_t			  duplicate_edges; /* dropped while loading */
};

/*
 * Install igraph's error, warning, fatal and interruption handlers; call
 * once.
 */
void	 model_igraph_setup(void (*fatal_hook)(void));

/*
 * Poll c from igraph's interruption handler until the next call (NULL:
 * never interrupt). Analyses set it around long igraph calls, which
 * then fail with IGRAPH_INTERRUPTED when the hook returns nonzero.
 */
struct cancel;
void	 model_igraph_cancel(const struct cancel *);

/*
 * Take and clear the last igraph error or warning message, or NULL. The
 * caller frees it.
 */
char	*model_igraph_message(void);

/*
 * Build the model from the current view of the case: from its model image
 * when one matches the view, else from the case's rows, saving the image
 * for the next open when the case is writable. Returns 0 and sets *out,
 * or -1 with *errp set.
 */
int	 model_load(struct store *, struct model **out, char **errp);
void	 model_free(struct model *);

/*
 * The model's topology as an igraph graph, built on first use. Returns
 * NULL with *errp set when igraph fails.
 */
const igraph_t *model_igraph(struct model *, char **errp);

/* The text of a label. */
static inline const char *
model_label(const struct model *m, uint32_t id)
{
	return m->labels.text[id];
}

/*
 * Find the key id that annotations of node v use. A node made by a join
 * gets one in the case's key table the first time (see
 * store_annot_kid_make()), so its notes and tags are its own and stay
 * with it when the case is opened again. Returns 0 and sets *kid, or -1
 * with *errp set (a read-only case, a store error).
 */
int	 model_annot_kid(struct model *, struct store *, size_t v,
	    int64_t *kid, char **errp);

/*
 * Call fn for each attribute of node v: from the case for an imported
 * node (store_node_attrs()), from the join for a derived one. Returns 0
 * or -1 with *errp set.
 */
int	 model_node_attrs(const struct model *, struct store *, size_t v,
	    int (*fn)(void *, const char *, const char *, const char *,
	    const char *), void *ctx, char **errp);

/*
 * Fetch the conditions and attributes (JSON text or NULL, allocated) of
 * edge e, from the case or, for a derived edge, from its join.
 */
int	 model_edge_detail(const struct model *, struct store *, size_t e,
	    char **conditions, char **attrs, char **errp);

/* The evidence line of a derived edge ("rule: what matched"), or NULL. */
const char *model_edge_evidence(const struct model *, size_t e);

/* The id of the node with this exact key, or -1. */
int64_t	 model_find(const struct model *, const char *key);

/*
 * Resolve what a user typed to nodes: an exact key, else nodes whose name
 * or key id (the part after "source:") equals the text. Returns the
 * number of matches and fills up to max of them into ids.
 */
size_t	 model_resolve(const struct model *, const char *text, int64_t *ids,
	    size_t max);

/* Outgoing edges of v: ids first to first + count - 1. */
static inline void
model_out(const struct model *m, size_t v, size_t *first, size_t *count)
{
	*first = m->out_off[v];
	*count = m->out_off[v + 1] - m->out_off[v];
}

/* Incoming edges of v: in_edge[first] to in_edge[first + count - 1]. */
static inline void
model_in(const struct model *m, size_t v, size_t *first, size_t *count)
{
	*first = m->in_off[v];
	*count = m->in_off[v + 1] - m->in_off[v];
}

/*
 * The outgoing edges of v of one kind: ids first to first + count - 1.
 * The incoming edges of one kind: positions in in_edge, likewise.
 */
void	 model_out_kind(const struct model *, size_t v, enum kind_edge,
	    size_t *first, size_t *count);
void	 model_in_kind(const struct model *, size_t v, enum kind_edge,
	    size_t *first, size_t *count);

/* Number of edges in and out of v. */
static inline size_t
model_degree(const struct model *m, size_t v)
{
	return m->out_off[v + 1] - m->out_off[v] +
	    m->in_off[v + 1] - m->in_off[v];
}

#endif
