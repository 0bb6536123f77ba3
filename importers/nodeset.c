/*
 * Nodes and edges gathered before emission (see nodeset.h).
 */
#include "nodeset.h"

#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "import.h"
#include "jsonw.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

struct nodeset_attr {
	char	*name;
	char	*json;		/* the value as JSON text */
};

struct nodeset_node {
	char			*key;
	char			*name;
	char			*kinds;
	enum kind_node		 kind;
	int			 described;
	int			 referred;
	struct record_lifecycle	 life;
	char			*owner;
	char			*environment;
	char			*credential_type;
	struct nodeset_attr	*attrs;
	size_t			 nattrs;
	size_t			 dropped;
};

struct nodeset_edge {
	struct record_edge	 e;	/* strings owned */
};

struct nodeset {
	struct nodeset_node	**nodes;
	size_t			 nnodes;
	struct hmap		*index;		/* key -> nodes[] */
	struct nodeset_edge	*edges;
	size_t			 nedges;
	struct hmap		*edge_index;	/* ends, kind, raw -> edges[] */
	char			**alias_from;
	char			**alias_to;
	size_t			 naliases;
	struct hmap		*alias_index;	/* from -> alias_*[] */
};

struct nodeset *
nodeset_create(void)
{
	struct nodeset	*ns = xcalloc(1, sizeof(*ns));

	ns->index = hmap_create(1024);
	ns->edge_index = hmap_create(1024);
	ns->alias_index = hmap_create(16);
	return ns;
}

static void
nodeset_node_free(struct nodeset_node *n)
{
	size_t	 i;

	for (i = 0; i < n->nattrs; i++) {
		free(n->attrs[i].name);
		free(n->attrs[i].json);
	}
	free(n->attrs);
	free(n->key);
	free(n->name);
	free(n->kinds);
	free(n->owner);
	free(n->environment);
	free(n->credential_type);
	free(n);
}

void
nodeset_free(struct nodeset *ns)
{
	size_t	 i;

	if (ns == NULL)
		return;
	for (i = 0; i < ns->nnodes; i++)
		nodeset_node_free(ns->nodes[i]);
	for (i = 0; i < ns->nedges; i++) {
		free((char *)ns->edges[i].e.src);
		free((char *)ns->edges[i].e.dst);
		free((char *)ns->edges[i].e.raw);
		free((char *)ns->edges[i].e.conditions);
		free((char *)ns->edges[i].e.attrs);
	}
	for (i = 0; i < ns->naliases; i++) {
		free(ns->alias_from[i]);
		free(ns->alias_to[i]);
	}
	free(ns->alias_from);
	free(ns->alias_to);
	free(ns->nodes);
	free(ns->edges);
	hmap_free(ns->index);
	hmap_free(ns->edge_index);
	hmap_free(ns->alias_index);
	free(ns);
}

struct nodeset_node *
nodeset_node(struct nodeset *ns, const char *key, int *created)
{
	struct nodeset_node	*n;
	uint64_t		 idx;

	if (created != NULL)
		*created = 0;
	if (hmap_get(ns->index, key, strlen(key), &idx))
		return ns->nodes[idx];
	n = xcalloc(1, sizeof(*n));
	n->key = xstrdup(key);
	n->kind = KIND_NODE_OTHER;
	record_lifecycle_init(&n->life);
	ns->nodes = xreallocarray(ns->nodes, ns->nnodes + 1,
	    sizeof(*ns->nodes));
	hmap_put(ns->index, key, strlen(key), ns->nnodes);
	ns->nodes[ns->nnodes++] = n;
	if (created != NULL)
		*created = 1;
	return n;
}

struct nodeset_node *
nodeset_find(const struct nodeset *ns, const char *key)
{
	uint64_t	 idx;

	if (!hmap_get(ns->index, key, strlen(key), &idx))
		return NULL;
	return ns->nodes[idx];
}

const char *
nodeset_key(const struct nodeset_node *n)
{
	return n->key;
}

enum kind_node
nodeset_kind(const struct nodeset_node *n)
{
	return n->kind;
}

int
nodeset_described(const struct nodeset_node *n)
{
	return n->described;
}

static void
nodeset_set_identity(struct nodeset_node *n, enum kind_node kind,
    const char *kinds, const char *name)
{
	n->kind = kind;
	free(n->kinds);
	n->kinds = kinds != NULL ? xstrdup(kinds) : NULL;
	if (name != NULL) {
		free(n->name);
		n->name = xstrdup(name);
	}
}

int
nodeset_describe(struct nodeset_node *n, enum kind_node kind,
    const char *kinds, const char *name)
{
	if (n->described)
		return 0;
	nodeset_set_identity(n, kind, kinds, name);
	n->described = 1;
	return 1;
}

void
nodeset_refer(struct nodeset_node *n, enum kind_node kind,
    const char *kinds, const char *name)
{
	if (n->described || n->referred)
		return;
	nodeset_set_identity(n, kind, kinds, name);
	n->referred = 1;
}

void
nodeset_created(struct nodeset_node *n, int64_t t)
{
	if (n->life.created_at == TSTAMP_UNKNOWN)
		n->life.created_at = t;
}

void
nodeset_used(struct nodeset_node *n, int64_t t)
{
	if (t == TSTAMP_UNKNOWN)
		return;
	if (!tstamp_is_set(n->life.last_used_at) ||
	    (tstamp_is_set(t) && t > n->life.last_used_at))
		n->life.last_used_at = t;
}

void
nodeset_rotated(struct nodeset_node *n, int64_t t)
{
	if (n->life.last_rotated_at == TSTAMP_UNKNOWN)
		n->life.last_rotated_at = t;
}

void
nodeset_expires(struct nodeset_node *n, int64_t t)
{
	if (n->life.expires_at == TSTAMP_UNKNOWN)
		n->life.expires_at = t;
}

void
nodeset_disabled(struct nodeset_node *n, int disabled)
{
	if (n->life.disabled == -1)
		n->life.disabled = disabled;
}

static void
nodeset_set_once(char **field, const char *value)
{
	if (*field == NULL && value != NULL && *value != '\0')
		*field = xstrdup(value);
}

void
nodeset_owner(struct nodeset_node *n, const char *owner)
{
	nodeset_set_once(&n->owner, owner);
}

void
nodeset_environment(struct nodeset_node *n, const char *environment)
{
	nodeset_set_once(&n->environment, environment);
}

void
nodeset_credential_type(struct nodeset_node *n, const char *type)
{
	nodeset_set_once(&n->credential_type, type);
}

const struct record_lifecycle *
nodeset_life(const struct nodeset_node *n)
{
	return &n->life;
}

int
nodeset_has_attr(const struct nodeset_node *n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n->nattrs; i++) {
		if (strcmp(n->attrs[i].name, name) == 0)
			return 1;
	}
	return 0;
}

/* Keep name = json unless the node has the name; takes json. */
static void
nodeset_attr_take(struct nodeset_node *n, const char *name, char *json)
{
	if (nodeset_has_attr(n, name)) {
		free(json);
		return;
	}
	if (n->nattrs >= IMPORT_MAX_ATTRS - 1) {
		n->dropped++;
		free(json);
		return;
	}
	n->attrs = xreallocarray(n->attrs, n->nattrs + 1, sizeof(*n->attrs));
	n->attrs[n->nattrs].name = xstrdup(name);
	n->attrs[n->nattrs].json = json;
	n->nattrs++;
}

void
nodeset_attr_str(struct nodeset_node *n, const char *name, const char *value)
{
	struct strbuf	 sb;

	if (value == NULL)
		return;
	strbuf_init(&sb);
	jsonw_escape(&sb, value, strlen(value));
	nodeset_attr_take(n, name, strbuf_detach(&sb));
}

void
nodeset_attr_int(struct nodeset_node *n, const char *name, int64_t value)
{
	nodeset_attr_take(n, name, xasprintf("%lld", (long long)value));
}

void
nodeset_attr_bool(struct nodeset_node *n, const char *name, int value)
{
	nodeset_attr_take(n, name, xstrdup(value ? "true" : "false"));
}

void
nodeset_attr_time(struct nodeset_node *n, const char *name, int64_t value)
{
	char	 buf[TSTAMP_BUFSZ];

	nodeset_attr_str(n, name, tstamp_format(value, buf));
}

void
nodeset_attr_raw(struct nodeset_node *n, const char *name, const char *json)
{
	if (json != NULL)
		nodeset_attr_take(n, name, xstrdup(json));
}

static char *
nodeset_dup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* The index key of an edge: both ends, kind and source kind. */
static char *
nodeset_edge_id(const struct record_edge *e, size_t *len)
{
	struct strbuf	 sb;

	strbuf_init(&sb);
	strbuf_addstr(&sb, e->src);
	strbuf_addch(&sb, '\n');
	strbuf_addstr(&sb, e->dst);
	strbuf_addf(&sb, "\n%d\n%s", (int)e->kind, e->raw != NULL ?
	    e->raw : "");
	*len = sb.len;
	return strbuf_detach(&sb);
}

void
nodeset_edge(struct nodeset *ns, const struct record_edge *e)
{
	struct record_edge	*kept;
	uint64_t		 idx;
	size_t			 len;
	char			*id;

	id = nodeset_edge_id(e, &len);
	if (hmap_get(ns->edge_index, id, len, &idx)) {
		kept = &ns->edges[idx].e;
		if (!(e->flags & RECORD_EDGE_CONDITIONAL) &&
		    (kept->flags & RECORD_EDGE_CONDITIONAL)) {
			kept->flags &= ~RECORD_EDGE_CONDITIONAL;
			free((char *)kept->conditions);
			kept->conditions = NULL;
		}
		free(id);
		return;
	}
	hmap_put(ns->edge_index, id, len, ns->nedges);
	free(id);
	ns->edges = xreallocarray(ns->edges, ns->nedges + 1,
	    sizeof(*ns->edges));
	kept = &ns->edges[ns->nedges++].e;
	*kept = *e;
	kept->src = xstrdup(e->src);
	kept->dst = xstrdup(e->dst);
	kept->raw = nodeset_dup(e->raw);
	kept->conditions = nodeset_dup(e->conditions);
	kept->attrs = nodeset_dup(e->attrs);
}

void
nodeset_alias(struct nodeset *ns, const char *from, const char *to)
{
	uint64_t	 idx;

	if (strcmp(from, to) == 0 ||
	    hmap_get(ns->alias_index, from, strlen(from), &idx))
		return;
	ns->alias_from = xreallocarray(ns->alias_from, ns->naliases + 1,
	    sizeof(*ns->alias_from));
	ns->alias_to = xreallocarray(ns->alias_to, ns->naliases + 1,
	    sizeof(*ns->alias_to));
	hmap_put(ns->alias_index, from, strlen(from), ns->naliases);
	ns->alias_from[ns->naliases] = xstrdup(from);
	ns->alias_to[ns->naliases] = xstrdup(to);
	ns->naliases++;
}

/* The key a key is emitted under. */
static const char *
nodeset_resolve(const struct nodeset *ns, const char *key)
{
	uint64_t	 idx;

	if (ns->naliases > 0 &&
	    hmap_get(ns->alias_index, key, strlen(key), &idx))
		return ns->alias_to[idx];
	return key;
}

const char *
nodeset_key_at(const struct nodeset *ns, size_t i)
{
	return ns->nodes[i]->key;
}

size_t
nodeset_count(const struct nodeset *ns)
{
	return ns->nnodes;
}

size_t
nodeset_edge_count(const struct nodeset *ns)
{
	return ns->nedges;
}

/* Copy into n the fields that the aliased node a has and n lacks. */
static void
nodeset_merge(struct nodeset_node *n, const struct nodeset_node *a)
{
	size_t	 i;

	if (a->described)
		nodeset_describe(n, a->kind, a->kinds, a->name);
	else if (a->referred)
		nodeset_refer(n, a->kind, a->kinds, a->name);
	nodeset_created(n, a->life.created_at);
	nodeset_used(n, a->life.last_used_at);
	nodeset_rotated(n, a->life.last_rotated_at);
	nodeset_expires(n, a->life.expires_at);
	nodeset_disabled(n, a->life.disabled);
	nodeset_owner(n, a->owner);
	nodeset_environment(n, a->environment);
	nodeset_credential_type(n, a->credential_type);
	for (i = 0; i < a->nattrs; i++)
		nodeset_attr_raw(n, a->attrs[i].name, a->attrs[i].json);
}

static int
nodeset_emit_node(struct import *imp, const struct nodeset_node *n,
    const char *key)
{
	struct record_node	 r;
	struct strbuf		 attrs;
	size_t			 i;
	int			 rc;

	strbuf_init(&attrs);
	strbuf_addch(&attrs, '{');
	for (i = 0; i < n->nattrs; i++) {
		if (i > 0)
			strbuf_addch(&attrs, ',');
		jsonw_escape(&attrs, n->attrs[i].name,
		    strlen(n->attrs[i].name));
		strbuf_addch(&attrs, ':');
		strbuf_addstr(&attrs, n->attrs[i].json);
	}
	if (n->dropped > 0)
		strbuf_addf(&attrs, "%s\"attributes_dropped\":%zu",
		    n->nattrs > 0 ? "," : "", n->dropped);
	strbuf_addch(&attrs, '}');
	record_node_init(&r);
	r.key = key;
	r.kind = n->kind;
	r.kinds = n->kinds;
	r.name = n->name;
	r.life = n->life;
	r.owner = n->owner;
	r.environment = n->environment;
	r.credential_type = n->credential_type;
	r.attrs = attrs.len > 2 ? attrs.buf : NULL;
	rc = import_node(imp, &r);
	strbuf_free(&attrs);
	return rc == -1 ? -1 : 0;
}

int
nodeset_emit(struct nodeset *ns, struct import *imp)
{
	struct nodeset_node	*n, *target;
	struct record_edge	 e;
	const char		*key;
	size_t			 i;

	/* Fold aliased nodes into their targets first. */
	for (i = 0; i < ns->nnodes; i++) {
		n = ns->nodes[i];
		key = nodeset_resolve(ns, n->key);
		if (key != n->key && (target = nodeset_find(ns, key)) != NULL)
			nodeset_merge(target, n);
	}
	for (i = 0; i < ns->nnodes; i++) {
		n = ns->nodes[i];
		key = nodeset_resolve(ns, n->key);
		if (key != n->key && nodeset_find(ns, key) != NULL)
			continue;
		if (nodeset_emit_node(imp, n, key) == -1)
			return -1;
	}
	for (i = 0; i < ns->nedges; i++) {
		e = ns->edges[i].e;
		e.src = nodeset_resolve(ns, e.src);
		e.dst = nodeset_resolve(ns, e.dst);
		if (import_edge(imp, &e) == -1)
			return -1;
	}
	return 0;
}
