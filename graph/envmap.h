/*
 * The environment of each node (prod, staging, test or dev), from the
 * matchers under [environments] in the configuration. A node is in the
 * first environment, in that order, with a matcher that matches it, and
 * in none when nothing matches. The environments listed under
 * production count as production.
 *
 * Matchers, each KIND:GLOB with a glob of '*' (any text) and '?' (one
 * byte) that ignores the case of ASCII letters:
 *   env:GLOB           the node's environment attribute
 *   tag:NAME=GLOB      attribute tag:NAME, label:NAME or NAME
 *   name:GLOB          the node's name
 *   key:GLOB           the node's key
 *   namespace:GLOB     the namespace attribute, else the namespace of a
 *                      k8s:CLUSTER:NAMESPACE:... key
 *   account:GLOB       the account of an aws:arn:... key or aws:ACCOUNT
 *                      source, else the account_id attribute
 *   source:GLOB        the node's source
 */
#ifndef ENVMAP_H
#define ENVMAP_H

#include <stddef.h>

struct config;
struct envmap;
struct model;
struct nodeattr;

/*
 * Parse the matchers of cfg (the defaults when cfg is NULL). Returns 0
 * and sets *out, or -1 with *errp naming the file and line of a matcher
 * that does not parse.
 */
int		 envmap_create(const struct config *cfg, struct envmap **out,
		    char **errp);
void		 envmap_free(struct envmap *);

/* Check the matchers of cfg; returns 0, or -1 as envmap_create() does. */
int		 envmap_check(const struct config *cfg, char **errp);

/*
 * The attribute names the matchers read, for nodeattr_load(). Returns
 * their number and sets *names to an array the map owns.
 */
size_t		 envmap_attrs(const struct envmap *, const char *const **names);

/* Work out the environment of every node of m; attrs holds the names. */
void		 envmap_apply(struct envmap *, const struct model *,
		    const struct nodeattr *attrs);

/* The environment of node v ("prod", ...), or NULL when none matched. */
const char	*envmap_name(const struct envmap *, size_t v);

/* 1 when node v is in an environment that counts as production. */
int		 envmap_production(const struct envmap *, size_t v);

/* 1 when node v is in an environment that does not. */
int		 envmap_nonproduction(const struct envmap *, size_t v);

#endif
