/*
 * OpenGraph edges: reading endpoints, which name their node by id, by
 * name or by property, and the index of nodes by name and property that
 * the last two need. Edges whose endpoints need the index wait until
 * every node has been read (og_resolve_deferred()).
 */
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "import.h"
#include "json.h"
#include "opengraph.h"
#include "opengraph_int.h"
#include "redact.h"
#include "strbuf.h"
#include "xalloc.h"

/* Remember one property name that some endpoint matches on. */
static void
og_add_match_prop(struct og_state *st, const char *name)
{
	size_t	 i;

	for (i = 0; i < st->nmatch_props; i++) {
		if (strcmp(st->match_props[i], name) == 0)
			return;
	}
	st->match_props = xreallocarray(st->match_props,
	    st->nmatch_props + 1, sizeof(*st->match_props));
	st->match_props[st->nmatch_props++] = xstrdup(name);
}

/* First pass over edges: collect the properties matched on. */
int
og_on_edge_scan(void *ctx, const char *path, cJSON *value,
    const char *problem, char **errp)
{
	struct og_state	*st = ctx;
	const char	*ends[] = { "start", "end" };
	const cJSON	*ep, *m;
	const char	*key;
	size_t		 i;

	(void)path;
	(void)problem;
	(void)errp;
	for (i = 0; value != NULL && i < 2; i++) {
		ep = json_get(value, ends[i]);
		cJSON_ArrayForEach(m, json_get(ep, "property_matchers")) {
			if ((key = json_str(m, "key")) != NULL)
				og_add_match_prop(st, key);
		}
	}
	return 0;
}

/*
 * Step over an edge that names no property matchers without parsing it.
 * A plain record's text contains the member name as written.
 */
int
og_on_edge_scan_text(void *ctx, const char *path, const char *text,
    size_t len, char **errp)
{
	static const char	 name[] = "\"property_matchers\"";

	(void)ctx;
	(void)path;
	(void)errp;
	return memmem(text, len, name, sizeof name - 1) == NULL;
}

/* Record that lookup text t leads to the node with key index ki. */
static void
og_index_put(struct og_state *st, const char *t, size_t len, size_t ki)
{
	uint64_t	 old;

	if (hmap_get(st->index, t, len, &old)) {
		if (old != ki)
			hmap_put(st->index, t, len, OG_AMBIGUOUS);
		return;
	}
	hmap_put(st->index, t, len, ki);
}

/*
 * Index a node's display name and matched properties under one kind
 * prefix.
 */
static void
og_index_under(struct og_state *st, const char *kind, const char *name,
    const cJSON *props, size_t ki, struct strbuf *t)
{
	const char	*v;
	char		 buf[JSON_TEXT_BUFSZ];
	size_t		 i;

	if (st->index_names) {
		strbuf_reset(t);
		if (kind != NULL)
			strbuf_addf(t, "%s|", kind);
		strbuf_addf(t, "name=%s", name);
		og_index_put(st, t->buf, t->len, ki);
	}
	for (i = 0; i < st->nmatch_props; i++) {
		v = json_text(props, st->match_props[i], buf);
		if (v == NULL)
			continue;
		strbuf_reset(t);
		if (kind != NULL)
			strbuf_addf(t, "%s|", kind);
		strbuf_addf(t, "prop:%s=%s", st->match_props[i], v);
		og_index_put(st, t->buf, t->len, ki);
	}
}

/*
 * Index a node under "name=<name>" (its display name: the name property,
 * else displayname, login or id) and "prop:<p>=<value>", each also
 * prefixed with "<kind>|" for every kind, for endpoints that match by
 * name or property.
 */
void
og_index_node(struct og_state *st, const char *key, const char *name,
    const cJSON *kinds, const cJSON *props)
{
	struct strbuf	 t;
	const cJSON	*k;
	size_t		 ki;

	if (!st->index_names && st->nmatch_props == 0)
		return;
	if (st->nindex_keys == st->capindex_keys) {
		st->capindex_keys = st->capindex_keys == 0 ? 256 :
		    st->capindex_keys * 2;
		st->index_keys = xreallocarray(st->index_keys,
		    st->capindex_keys, sizeof(*st->index_keys));
	}
	ki = st->nindex_keys++;
	st->index_keys[ki] = arena_strdup(&st->arena, key);

	strbuf_init(&t);
	og_index_under(st, NULL, name, props, ki, &t);
	cJSON_ArrayForEach(k, kinds)
		og_index_under(st, k->valuestring, name, props, ki, &t);
	strbuf_free(&t);
}


/* Key prefixes of trustwalk's own sources (see docs/data-model.md). */
static const char *const og_source_prefixes[] = {
	"aws:", "azure:", "entra:", "gcp:", "github:", "k8s:"
};

/*
 * Return 1 when an id looks like the key of another trustwalk source's
 * node ("github:W_..." in a file whose prefix is "acme"). Whether it is
 * one is only known once all nodes are read: an id of this file wins.
 */
int
og_foreign_looking(const struct og_state *st, const char *value)
{
	size_t	 i, n, own;

	/* Every prefix ends in ':'. */
	if (strchr(value, ':') == NULL)
		return 0;
	own = strlen(st->prefix);
	for (i = 0; i < sizeof(og_source_prefixes) /
	    sizeof(og_source_prefixes[0]); i++) {
		n = strlen(og_source_prefixes[i]);
		if (strncmp(value, og_source_prefixes[i], n) == 0 &&
		    (n - 1 != own || strncmp(value, st->prefix, own) != 0))
			return 1;
	}
	return 0;
}

/*
 * Append the lookup text of an endpoint that matches by property to t and
 * set ref->shown. Returns 0, or 1 when it is malformed (with *why set to
 * a static reason).
 */
static int
og_endpoint_property(const cJSON *ep, struct strbuf *t, struct og_ref *ref,
    const char **why)
{
	const cJSON	*m;
	const char	*mk, *op, *mv;
	char		 mbuf[JSON_TEXT_BUFSZ];

	m = json_get(ep, "property_matchers");
	if (!cJSON_IsArray(m) || m->child == NULL) {
		*why = "matches by property but has no \"property_matchers\"";
		return 1;
	}
	/* The first matcher selects; the index holds one per node. */
	mk = json_str(m->child, "key");
	op = json_str(m->child, "operator");
	mv = json_text(m->child, "value", mbuf);
	if (mk == NULL || mv == NULL) {
		*why = "has a property matcher without key or value";
		return 1;
	}
	if (op != NULL && strcmp(op, "equals") != 0) {
		*why = "uses a property matcher operator other than "
		    "\"equals\"";
		return 1;
	}
	strbuf_addf(t, "prop:%s=%s", mk, mv);
	ref->shown = xasprintf("property %s = \"%s\"", mk, mv);
	return 0;
}

/*
 * Join the file's key prefix and an id into a key ("acme:n1"). An edge
 * makes two, so this stays clear of printf.
 */
static char *
og_key(const struct og_state *st, const char *id)
{
	size_t	 plen = strlen(st->prefix), ilen = strlen(id);
	char	*key = xmalloc(plen + ilen + 2);

	memcpy(key, st->prefix, plen);
	key[plen] = ':';
	memcpy(key + plen + 1, id, ilen + 1);
	return key;
}

/*
 * Read an endpoint. Sets *key (allocated) when it matches by id, or
 * fills ref for a later lookup. Returns 0, or 1 when it is malformed
 * (with *why set to a static reason).
 */
static int
og_endpoint(struct og_state *st, const cJSON *ep, char **key,
    struct og_ref *ref, const char **why)
{
	struct strbuf	 t;
	const char	*by, *value, *kind;
	char		 buf[JSON_TEXT_BUFSZ];

	*key = NULL;
	memset(ref, 0, sizeof(*ref));
	if (!cJSON_IsObject(ep)) {
		*why = "is not an object";
		return 1;
	}
	by = json_str(ep, "match_by");
	kind = json_str(ep, "kind");
	if ((by == NULL && og_present(ep, "match_by")) ||
	    (kind == NULL && og_present(ep, "kind"))) {
		*why = "has a \"match_by\" or \"kind\" that is not a string";
		return 1;
	}
	value = json_text(ep, "value", buf);
	if (by == NULL || strcmp(by, "id") == 0) {
		if ((value = og_id(ep, "value", buf)) == NULL) {
			*why = og_present(ep, "value") ? "has a \"value\" that "
			    "is not a string or an integer" :
			    "has no \"value\"";
			return 1;
		}
		if (st->trustwalk) {
			/* A trustwalk export's ids are full keys. */
			*key = xstrdup(value);
			return 0;
		}
		if (og_foreign_looking(st, value)) {
			ref->own_key = og_key(st, value);
			ref->lookup = xstrdup(value);
			ref->shown = xasprintf("id \"%s\"", value);
			return 0;
		}
		*key = og_key(st, value);
		return 0;
	}

	strbuf_init(&t);
	if (kind != NULL)
		strbuf_addf(&t, "%s|", kind);
	if (strcmp(by, "name") == 0) {
		if (value == NULL || *value == '\0') {
			*why = "has no \"value\"";
			goto bad;
		}
		strbuf_addf(&t, "name=%s", value);
		ref->shown = xasprintf("name \"%s\"", value);
	} else if (strcmp(by, "property") == 0) {
		if (og_endpoint_property(ep, &t, ref, why) != 0)
			goto bad;
	} else {
		*why = "has an unknown \"match_by\" (expected id, name or "
		    "property)";
		goto bad;
	}
	ref->lookup = strbuf_detach(&t);
	ref->kind = kind != NULL ? xstrdup(kind) : NULL;
	return 0;
bad:
	strbuf_free(&t);
	return 1;
}

void
og_ref_free(struct og_ref *ref)
{
	free(ref->own_key);
	free(ref->lookup);
	free(ref->kind);
	free(ref->shown);
}

int
og_emit_edge(struct og_state *st, const char *src, const char *dst,
    enum kind_edge kind, const char *raw, unsigned flags, const char *attrs,
    const char *conditions)
{
	struct record_edge	 e;

	record_edge_init(&e);
	e.conditions = conditions;
	e.src = src;
	e.dst = dst;
	e.kind = kind;
	e.raw = raw;
	e.flags = flags;
	e.attrs = attrs;
	return import_edge(st->imp, &e);
}

/* Keep an edge whose endpoints need the node index, for later. */
static void
og_defer(struct og_state *st, const char *path, const char *raw,
    enum kind_edge kind, unsigned flags, const char *attrs, char *start_key,
    char *end_key, struct og_ref *start, struct og_ref *end)
{
	struct og_deferred	*d;

	if (st->ndeferred == st->capdeferred) {
		st->capdeferred = st->capdeferred == 0 ? 64 :
		    st->capdeferred * 2;
		st->deferred = xreallocarray(st->deferred, st->capdeferred,
		    sizeof(*st->deferred));
	}
	d = &st->deferred[st->ndeferred++];
	d->path = xstrdup(path);
	d->raw = xstrdup(raw);
	d->kind = kind;
	d->flags = flags;
	d->attrs = attrs != NULL ? xstrdup(attrs) : NULL;
	d->start_key = start_key;
	d->end_key = end_key;
	d->start = *start;
	d->end = *end;
}

/*
 * Map a source edge kind, remembering the answer: a file repeats a few
 * kinds millions of times, and the tables are searched by string
 * comparison.
 */
enum kind_edge
og_map_edge_kind(const struct og_state *st, const char *raw)
{
	size_t		 len = strlen(raw);
	uint64_t	 k;

	if (hmap_get(st->edge_kinds, raw, len, &k))
		return (enum kind_edge)k;
	k = opengraph_edge_kind(raw);
	hmap_put(st->edge_kinds, raw, len, k);
	return (enum kind_edge)k;
}

/*
 * The trustwalk kind of an edge: trustwalk_kind in an export, else mapped.
 * An export's trustwalk_conditional sets the conditional flag.
 */
static enum kind_edge
og_edge_kind(const struct og_state *st, const cJSON *props, const char *raw,
    unsigned *flags)
{
	const char	*tw = json_str(props, "trustwalk_kind");
	int		 k, b;

	if (!st->trustwalk)
		return og_map_edge_kind(st, raw);
	if (json_bool(props, "trustwalk_conditional", &b) == 1 && b)
		*flags |= RECORD_EDGE_CONDITIONAL;
	if (tw != NULL && (k = kind_edge_parse(tw)) >= 0)
		return k;
	return og_map_edge_kind(st, raw);
}

int
og_on_edge(void *ctx, const char *path, cJSON *value, const char *problem,
    char **errp)
{
	struct og_state	*st = ctx;
	struct og_ref	 start, end;
	struct strbuf	 attrs;
	const cJSON	*props;
	enum kind_edge	 kind;
	const char	*raw, *why = NULL;
	char		*skey = NULL, *ekey = NULL;
	unsigned	 flags = 0;
	int		 b, traversable, rc = -1;

	st->saw_graph = 1;
	if (problem != NULL)
		return import_warn(st->imp, path, errp, "%s; edge skipped",
		    problem);
	strbuf_init(&attrs);
	memset(&start, 0, sizeof(start));
	memset(&end, 0, sizeof(end));
	if (!cJSON_IsObject(value)) {
		rc = import_warn(st->imp, path, errp, "edge is not an object; "
		    "skipped");
		goto out;
	}
	if (redact_record(st->imp, path, value, 0, errp) == -1)
		goto out;
	raw = json_str(value, "kind");
	if (raw == NULL || *raw == '\0') {
		rc = import_warn(st->imp, path, errp, "edge has no \"kind\"; "
		    "skipped");
		goto out;
	}
	if (og_endpoint(st, json_get(value, "start"), &skey, &start,
	    &why) != 0) {
		rc = import_warn(st->imp, path, errp, "edge start %s; skipped",
		    why);
		goto out;
	}
	if (og_endpoint(st, json_get(value, "end"), &ekey, &end, &why) != 0) {
		rc = import_warn(st->imp, path, errp, "edge end %s; skipped",
		    why);
		goto out;
	}
	if ((b = json_bool(json_get(value, "properties"), "traversable",
	    &traversable)) == 1 && !traversable)
		flags |= RECORD_EDGE_NOT_TRAVERSABLE;
	else if (b == -1 && import_warn(st->imp, path, errp, "property "
	    "traversable is not true or false; the edge is kept "
	    "traversable") == -1)
		goto out;
	props = json_get(value, "properties");
	kind = og_edge_kind(st, props, raw, &flags);
	if (og_attrs(st, path, props, &attrs, errp) == -1)
		goto out;

	if (skey != NULL && ekey != NULL) {
		rc = og_emit_edge(st, skey, ekey, kind, raw, flags,
		    attrs.len > 0 ? attrs.buf : NULL, st->trustwalk ?
		    json_str(props, "trustwalk_conditions") : NULL);
		goto out;
	}
	og_defer(st, path, raw, kind, flags,
	    attrs.len > 0 ? attrs.buf : NULL, skey, ekey, &start, &end);
	skey = ekey = NULL;
	memset(&start, 0, sizeof(start));
	memset(&end, 0, sizeof(end));
	rc = 0;
out:
	free(skey);
	free(ekey);
	og_ref_free(&start);
	og_ref_free(&end);
	strbuf_free(&attrs);
	return rc;
}

/* Find the node a deferred endpoint names; NULL when none or several. */
static const char *
og_lookup(struct og_state *st, const struct og_ref *ref, const char **why)
{
	uint64_t	 ki;

	/* An id of this file, else the key of another source's node. */
	if (ref->own_key != NULL)
		return import_has_node(st->imp, ref->own_key) ? ref->own_key :
		    ref->lookup;
	if (!hmap_get(st->index, ref->lookup, strlen(ref->lookup), &ki)) {
		*why = "matches no node";
		return NULL;
	}
	if (ki == OG_AMBIGUOUS) {
		*why = "matches several nodes";
		return NULL;
	}
	return st->index_keys[ki];
}

int
og_resolve_deferred(struct og_state *st, char **errp)
{
	struct og_deferred	*d;
	const char		*s, *e, *why = NULL;
	size_t			 i;

	for (i = 0; i < st->ndeferred; i++) {
		d = &st->deferred[i];
		s = d->start_key != NULL ? d->start_key :
		    og_lookup(st, &d->start, &why);
		if (s == NULL) {
			if (import_warn(st->imp, d->path, errp, "edge start "
			    "(%s) %s; skipped", d->start.shown, why) == -1)
				return -1;
			continue;
		}
		e = d->end_key != NULL ? d->end_key :
		    og_lookup(st, &d->end, &why);
		if (e == NULL) {
			if (import_warn(st->imp, d->path, errp, "edge end "
			    "(%s) %s; skipped", d->end.shown, why) == -1)
				return -1;
			continue;
		}
		if (og_emit_edge(st, s, e, d->kind, d->raw, d->flags,
		    d->attrs, NULL) == -1)
			return -1;
	}
	return 0;
}
