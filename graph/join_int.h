/*
 * Private parts of the joins shared by join.c, join_oidc.c and
 * join_people.c.
 */
#ifndef JOIN_INT_H
#define JOIN_INT_H

#include <stddef.h>
#include <stdint.h>

#include "join.h"

struct hmap;

/* One attribute value of a node, as stored in the case. */
struct join_value {
	uint32_t	 node;
	const char	*name;		/* one of join_names[] */
	char		*value;
};

struct join_ctx {
	struct store		*s;
	const struct model	*m;
	const struct join_edges	*e;
	const uint32_t		*by_kid;
	size_t			 by_kid_len;
	struct join_result	*out;
	struct hmap		*edge_index;	/* derived edges, to dedupe */

	const struct join_value	*vals;		/* sorted by node */
	size_t			 nvals;
	size_t			*val_off;	/* nnodes + 1 offsets */
};

/*
 * The first value of attribute name on node v, or NULL; *next, when not
 * NULL, iterates the rest (start it at 0).
 */
const char	*join_value(const struct join_ctx *, size_t v,
	    const char *name);
const char	*join_value_next(const struct join_ctx *, size_t v,
		    const char *name, size_t *pos);

/* 1 when the node's source kinds include kind. */
int		 join_has_kind(const struct join_ctx *, size_t v,
		    const char *kind);

/*
 * Add a derived edge with its attributes (JSON object text, taken) and
 * its evidence line (taken). Returns the edge.
 */
struct join_edge *join_add_edge(struct join_ctx *, uint32_t src,
		    uint32_t dst, enum kind_edge, const char *raw,
		    enum join_rule, char *attrs, char *evidence);

/* Add a join node; returns its model id. */
uint32_t	 join_add_node(struct join_ctx *, const char *key,
		    const char *name);

/* Add an attribute to a join node (model id v). */
void		 join_node_attr(struct join_ctx *, uint32_t v, const char *name,
		    const char *value);

/*
 * join_oidc.c: the GitHub OIDC rules that are on (entra, gcp, aws);
 * sets *rc to -1 with *errp when the case could not be read.
 */
void		 join_github_aws(struct join_ctx *, int entra, int gcp,
		    int aws, char **errp, int *rc);

/* join_people.c */
void		 join_people(struct join_ctx *, int persons, int owners);

#endif
