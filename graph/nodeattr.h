/*
 * Chosen attributes of every node of a model, read from the case in one
 * pass (store_scan_node_values()). The model keeps only the lifecycle
 * fields and a few labels in memory. The findings need more of the
 * attributes a source gives (fingerprints, MFA, escalation contacts,
 * publishers, ...), and reading them node by node would cost one query
 * per node.
 *
 * Values are kept as text, each distinct text once. An array attribute
 * gives several values; so does a node that two snapshots describe
 * (both values are kept, the first one read first). A name that ends in
 * '*' collects every attribute that starts with the rest.
 */
#ifndef NODEATTR_H
#define NODEATTR_H

#include <stddef.h>
#include <stdint.h>

struct cancel;
struct model;
struct nodeattr;
struct store;

/*
 * Read the n named attributes of the nodes of m from the view the store
 * reads, polling c every few thousand values. Returns 0 and sets *out,
 * 1 when the cancel hook stopped it, or -1 with *errp set.
 */
int		 nodeattr_load(struct store *, const struct model *,
		    const char *const *names, size_t n, const struct cancel *c,
		    struct nodeattr **out, char **errp);
void		 nodeattr_free(struct nodeattr *);

/* The position of name in the list given to nodeattr_load(), or -1. */
int		 nodeattr_index(const struct nodeattr *, const char *name);

/* The first value of attribute i on node v, or NULL. */
const char	*nodeattr_get(const struct nodeattr *, int i, size_t v);

/*
 * Up to max values of attribute i on node v into out. Returns the
 * number of values the node has, which may exceed max.
 */
size_t		 nodeattr_values(const struct nodeattr *, int i, size_t v,
		    const char **out, size_t max);

/* 1 when a value of attribute i on node v equals want, ignoring case. */
int		 nodeattr_has(const struct nodeattr *, int i, size_t v,
		    const char *want);

/* 1 when the first value is true: JSON true, 1, "true" or "yes". */
int		 nodeattr_true(const struct nodeattr *, int i, size_t v);

/* 1 when the first value is false: JSON false, 0, "false" or "no". */
int		 nodeattr_false(const struct nodeattr *, int i, size_t v);

#endif
