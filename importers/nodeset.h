/*
 * Collecting nodes and edges before they are emitted. Some APIs spread
 * one object over several endpoints: a GitHub user is in the member list
 * and has its own profile, and a GCP service account is an IAM member,
 * an asset and a line of "gcloud iam service-accounts list". Their
 * importers gather here the fields each file gives for a key, and emit
 * every node once, at the end, with the fields of all the files.
 *
 * A node is "described" by a record of its own and "referred to" by a
 * record that only names it (a binding member, an owner). A description
 * sets the kind, source kinds and name; a reference sets them only while
 * nothing described the node. Attributes, owner, environment and the
 * credential type keep the first value given; lifecycle times keep the
 * first known time, except that the latest use wins.
 *
 * Edges are kept too, so that keys can still be aliased before emission
 * (a GCP project named by its id in one file and by its number in
 * another). An edge repeated with the same ends, kind and source kind is
 * kept once; one unconditional copy makes it unconditional.
 */
#ifndef NODESET_H
#define NODESET_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"

struct import;
struct nodeset;
struct nodeset_node;

struct nodeset	*nodeset_create(void);
void		 nodeset_free(struct nodeset *);

/* The node with key, added when new (*created is then 1 if not NULL). */
struct nodeset_node *nodeset_node(struct nodeset *, const char *key,
		    int *created);

/* The node with key, or NULL. */
struct nodeset_node *nodeset_find(const struct nodeset *, const char *key);

/* The key of a node. */
const char	*nodeset_key(const struct nodeset_node *);

/* The kind of a node so far. */
enum kind_node	 nodeset_kind(const struct nodeset_node *);

/* 1 when a record described the node. */
int		 nodeset_described(const struct nodeset_node *);

/*
 * Describe the node: kind, source kinds and name (NULL keeps the key).
 * Returns 1, or 0 when it was already described (the first is kept).
 */
int		 nodeset_describe(struct nodeset_node *, enum kind_node,
		    const char *kinds, const char *name);

/* Refer to the node: kind, source kinds and name unless described. */
void		 nodeset_refer(struct nodeset_node *, enum kind_node,
		    const char *kinds, const char *name);

/* Lifecycle and the other fixed fields (see the rules above). */
void		 nodeset_created(struct nodeset_node *, int64_t);
void		 nodeset_used(struct nodeset_node *, int64_t);
void		 nodeset_rotated(struct nodeset_node *, int64_t);
void		 nodeset_expires(struct nodeset_node *, int64_t);
void		 nodeset_disabled(struct nodeset_node *, int);
void		 nodeset_owner(struct nodeset_node *, const char *);
void		 nodeset_environment(struct nodeset_node *, const char *);
void		 nodeset_credential_type(struct nodeset_node *, const char *);

/* The lifecycle so far. */
const struct record_lifecycle *nodeset_life(const struct nodeset_node *);

/*
 * Attributes, first value wins; a NULL string is not written. At most
 * IMPORT_MAX_ATTRS per node: further ones are counted and reported as
 * the attribute "attributes_dropped".
 */
void		 nodeset_attr_str(struct nodeset_node *, const char *name,
		    const char *value);
void		 nodeset_attr_int(struct nodeset_node *, const char *name,
		    int64_t value);
void		 nodeset_attr_bool(struct nodeset_node *, const char *name,
		    int value);
void		 nodeset_attr_time(struct nodeset_node *, const char *name,
		    int64_t value);
/* JSON text (an array), as written by jsonw. */
void		 nodeset_attr_raw(struct nodeset_node *, const char *name,
		    const char *json);
/* 1 when the node has the attribute. */
int		 nodeset_has_attr(const struct nodeset_node *,
		    const char *name);

/*
 * Add an edge. Strings are copied. An edge whose ends are aliased is
 * redirected at emission.
 */
void		 nodeset_edge(struct nodeset *, const struct record_edge *);

/*
 * Make key from an alias of key to: at emission, nodes and edge ends with
 * key from are written as key to, and a node under from adds what the
 * node under to lacks.
 */
void		 nodeset_alias(struct nodeset *, const char *from,
		    const char *to);

/* The key of the node at position i (0 to nodeset_count() - 1). */
const char	*nodeset_key_at(const struct nodeset *, size_t i);

/* The number of nodes and edges held. */
size_t		 nodeset_count(const struct nodeset *);
size_t		 nodeset_edge_count(const struct nodeset *);

/*
 * Emit every node, then every edge, through the import. Returns 0, or
 * -1 when the store failed.
 */
int		 nodeset_emit(struct nodeset *, struct import *);

#endif
