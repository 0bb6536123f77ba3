/*
 * BloodHound OpenGraph JSON: {"metadata": {"source_kind": ...},
 * "graph": {"nodes": [...], "edges": [...]}}.
 *
 * A node has an "id", a list of "kinds" and flat "properties"; an edge
 * has a "kind", "start" and "end" endpoints and optional "properties".
 * An endpoint names its node by id (the default), by name ("match_by":
 * "name") or by properties ("match_by": "property" with
 * "property_matchers"), optionally only among nodes of one "kind".
 *
 * Keys are "<prefix>:<id>", where the prefix comes from the collector
 * named in metadata.source_kind ("github" for GitHound), so that other
 * importers of the same platform produce the same keys. Source kinds map
 * onto trustwalk kinds through the tables in opengraph_kinds.c; the
 * source's own kinds are kept on every node and edge.
 *
 * The file is read in two streaming passes: the first reads the metadata
 * (and, when the file matches by property, which properties it matches
 * on), the second the nodes and edges. Edges that match by name or
 * property wait until every node has been read.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "hmap.h"
#include "import.h"
#include "importer.h"
#include "input.h"
#include "json.h"
#include "jsonw.h"
#include "opengraph.h"
#include "redact.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

/* An endpoint that must be looked up once all nodes are known. */
struct og_ref {
	char	*own_key;	/* an id that may name another source's node */
	char	*lookup;	/* index text: name or property matchers */
	char	*kind;		/* required node kind, or NULL */
	char	*shown;		/* what to print in a warning */
};

struct og_deferred {
	char		*path;
	char		*raw;
	enum kind_edge	 kind;
	unsigned	 flags;
	char		*attrs;
	char		*start_key;	/* resolved already, or NULL */
	char		*end_key;
	struct og_ref	 start;
	struct og_ref	 end;
};

struct og_state {
	struct import		*imp;
	const struct input	*in;
	char			*prefix;	/* key prefix, e.g. "github" */
	int			 index_names;	/* some edge matches by name */
	char			**match_props;	/* properties matched on */
	size_t			 nmatch_props;
	struct hmap		*index;		/* lookup text -> node */
	char			**index_keys;	/* node keys, by index value */
	size_t			 nindex_keys;
	size_t			 capindex_keys;
	struct og_deferred	*deferred;
	size_t			 ndeferred;
	size_t			 capdeferred;
	struct arena		 arena;
	int			 saw_graph;
};

/* Index value that marks a lookup text shared by several nodes. */
#define OG_AMBIGUOUS	UINT64_MAX

static int
og_sniff(const struct input *in)
{
	if (!input_starts_with(in, '{'))
		return 0;
	if (!input_contains(in, "\"graph\"", 1 << 20))
		return 0;
	if (input_contains(in, "\"nodes\"", 1 << 20) ||
	    input_contains(in, "\"edges\"", 1 << 20))
		return 90;
	return 20;
}

/* Turn a collector name into a key prefix: lower case, [a-z0-9_-]. */
static char *
og_prefix_from(const char *source_kind)
{
	char	*p, *q;

	if (strcmp(source_kind, "GitHub") == 0 ||
	    strcmp(source_kind, "GHBase") == 0 ||
	    strncmp(source_kind, "GH_", 3) == 0)
		return xstrdup("github");
	if (strcmp(source_kind, "AZBase") == 0 ||
	    strcmp(source_kind, "Azure") == 0)
		return xstrdup("azure");
	p = xstrdup(source_kind);
	for (q = p; *q != '\0'; q++) {
		*q = (char)tolower((unsigned char)*q);
		if (!isalnum((unsigned char)*q) && *q != '-')
			*q = '_';
	}
	if (*p == '\0') {
		free(p);
		return xstrdup("og");
	}
	return p;
}

/* Whether member name is present with a value other than null. */
static int
og_present(const cJSON *obj, const char *name)
{
	const cJSON	*v = json_get(obj, name);

	return v != NULL && !cJSON_IsNull(v);
}

/*
 * Read a text property of the lifecycle vocabulary: a string, or absent
 * or null. Another type is ignored with a warning. Returns 0 or -1.
 */
static int
og_text_prop(struct og_state *st, const char *path, const cJSON *props,
    const char *name, const char **out, char **errp)
{
	*out = json_str(props, name);
	if (*out != NULL || !og_present(props, name))
		return 0;
	return import_warn(st->imp, path, errp, "property %s is not a string; "
	    "ignored", name);
}

static int
og_on_metadata(void *ctx, const char *path, cJSON *value,
    const char *problem, char **errp)
{
	struct og_state	*st = ctx;
	const char	*sk;

	if (problem != NULL) {
		*errp = xasprintf("%s: %s: %s; fix the metadata and import "
		    "again", st->in->path, path, problem);
		return -1;
	}
	if (!cJSON_IsObject(value)) {
		*errp = xasprintf("%s: %s: metadata is not an object",
		    st->in->path, path);
		return -1;
	}
	if (redact_record(st->imp, path, value, 0, errp) == -1)
		return -1;
	sk = json_str(value, "source_kind");
	if (sk == NULL && og_present(value, "source_kind") &&
	    import_warn(st->imp, path, errp, "source_kind is not a string; "
	    "ignored") == -1)
		return -1;
	if (sk != NULL && *sk != '\0') {
		free(st->prefix);
		st->prefix = og_prefix_from(sk);
	}
	return 0;
}

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
static int
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
static void
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

/* Read a time property: ISO 8601 text or Unix seconds (or ms). */
static int
og_time(struct og_state *st, const char *path, const cJSON *props,
    const char *name, int64_t *out, char **errp)
{
	const cJSON	*v = json_get(props, name);
	double		 d;

	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsString(v)) {
		if (v->valuestring[0] == '\0')
			return 0;
		if (strcasecmp(v->valuestring, "never") == 0) {
			*out = TSTAMP_NEVER;
			return 1;
		}
		if (tstamp_parse(v->valuestring, out) == 0)
			return 1;
		/* Long integers arrive as digit strings. */
		if (strspn(v->valuestring, "0123456789") ==
		    strlen(v->valuestring)) {
			*out = TSTAMP_UNKNOWN;
			return import_warn(st->imp, path, errp, "property %s: "
			    "time \"%s\" is out of range; left unknown", name,
			    v->valuestring) == -1 ? -1 : 0;
		}
		return import_warn(st->imp, path, errp, "property %s: \"%s\" "
		    "is not an ISO 8601 time; left unknown", name,
		    v->valuestring) == -1 ? -1 : 0;
	}
	if (cJSON_IsNumber(v)) {
		d = v->valuedouble;
		if (d <= 0) {
			*out = TSTAMP_NEVER;
			return 1;
		}
		if (d > 1e11)
			d /= 1000;	/* milliseconds */
		if (d <= (double)TSTAMP_MAX) {
			*out = (int64_t)d;
			return 1;
		}
	}
	return import_warn(st->imp, path, errp, "property %s: not a time; "
	    "left unknown", name) == -1 ? -1 : 0;
}

/* Read the first of several time properties that is present. */
static int
og_time_any(struct og_state *st, const char *path, const cJSON *props,
    const char *const *names, int64_t *out, char **errp)
{
	int	 rc;

	for (; *names != NULL; names++) {
		rc = og_time(st, path, props, *names, out, errp);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* Fill lifecycle fields from the properties the common collectors use. */
static int
og_lifecycle(struct og_state *st, const char *path, const cJSON *props,
    enum kind_node kind, struct record_lifecycle *life, char **errp)
{
	static const char *const created[] = {
		"created_at", "createdAt", "createdDateTime", "whencreated",
		NULL
	};
	static const char *const used[] = {
		"last_used_at", "lastUsedAt", "last_used", "lastused",
		"lastlogontimestamp", NULL
	};
	static const char *const rotated[] = {
		"last_rotated_at", "lastRotatedAt", "pwdlastset", NULL
	};
	static const char *const updated[] = { "updated_at", NULL };
	static const char *const expires[] = {
		"expires_at", "expiresAt", "endDateTime", "expiration",
		"expiry", NULL
	};
	int	 b, rc;

	if (og_time_any(st, path, props, created, &life->created_at,
	    errp) == -1 ||
	    og_time_any(st, path, props, used, &life->last_used_at,
	    errp) == -1 ||
	    og_time_any(st, path, props, rotated, &life->last_rotated_at,
	    errp) == -1 ||
	    og_time_any(st, path, props, expires, &life->expires_at,
	    errp) == -1)
		return -1;
	/* A secret's value changes only when it is updated. */
	if (kind == KIND_NODE_CREDENTIAL &&
	    !tstamp_is_set(life->last_rotated_at) &&
	    og_time_any(st, path, props, updated, &life->last_rotated_at,
	    errp) == -1)
		return -1;
	if ((rc = json_bool(props, "disabled", &b)) == 1)
		life->disabled = b;
	else if (rc == 0 && (rc = json_bool(props, "enabled", &b)) == 1)
		life->disabled = !b;
	if (rc == -1)
		return import_warn(st->imp, path, errp, "property %s is not "
		    "true or false; ignored", og_present(props, "disabled") ?
		    "disabled" : "enabled");
	return 0;
}

/*
 * Write the properties object as flat attribute JSON into out. Object
 * values are not allowed by the format; they are dropped with a warning.
 */
static int
og_attrs(struct og_state *st, const char *path, const cJSON *props,
    struct strbuf *out, char **errp)
{
	struct jsonw	 w;
	const cJSON	*p, *item;
	int		 count = 0;

	strbuf_reset(out);
	if (props == NULL || cJSON_IsNull(props))
		return 0;
	if (!cJSON_IsObject(props))
		return import_warn(st->imp, path, errp, "properties is not an "
		    "object; ignored") == -1 ? -1 : 0;
	jsonw_init(&w, out, 0);
	jsonw_object_begin(&w);
	cJSON_ArrayForEach(p, props) {
		if (++count > IMPORT_MAX_ATTRS) {
			*errp = xasprintf("%s: %s: more than %d properties "
			    "on one object; the limit is %d", st->in->path,
			    path, IMPORT_MAX_ATTRS, IMPORT_MAX_ATTRS);
			return -1;
		}
		if (cJSON_IsObject(p)) {
			if (import_warn(st->imp, path, errp, "property %s is "
			    "an object, which OpenGraph does not allow; "
			    "dropped", p->string) == -1)
				return -1;
			continue;
		}
		if (cJSON_IsNumber(p) && !isfinite(p->valuedouble) &&
		    import_warn(st->imp, path, errp, "property %s: number is "
		    "out of range; stored as null", p->string) == -1)
			return -1;
		jsonw_key(&w, p->string);
		if (cJSON_IsArray(p)) {
			jsonw_array_begin(&w);
			cJSON_ArrayForEach(item, p)
				opengraph_write_scalar(&w, item);
			jsonw_array_end(&w);
		} else
			opengraph_write_scalar(&w, p);
	}
	jsonw_object_end(&w);
	return 0;
}

void
opengraph_write_scalar(struct jsonw *w, const cJSON *v)
{
	char	 buf[64];
	double	 d;

	if (cJSON_IsString(v))
		jsonw_str(w, v->valuestring);
	else if (cJSON_IsBool(v))
		jsonw_bool(w, cJSON_IsTrue(v));
	else if (cJSON_IsNumber(v)) {
		d = v->valuedouble;
		if (d == floor(d) && fabs(d) < 9007199254740992.0)
			jsonw_int(w, (int64_t)d);
		else if (isfinite(d)) {
			snprintf(buf, sizeof(buf), "%.17g", d);
			jsonw_raw(w, buf);
		} else
			jsonw_null(w);
	} else
		jsonw_null(w);
}

/* Join the string kinds with commas; returns -1 when there is none. */
static int
og_kinds(const cJSON *kinds, struct strbuf *out)
{
	const cJSON	*k;
	const char	*s;

	strbuf_reset(out);
	cJSON_ArrayForEach(k, kinds) {
		if (!cJSON_IsString(k) || k->valuestring[0] == '\0')
			return -1;
		if (out->len > 0)
			strbuf_addch(out, ',');
		for (s = k->valuestring; *s != '\0'; s++)
			strbuf_addch(out, *s == ',' ? '_' : *s);
	}
	return out->len > 0 ? 0 : -1;
}

/*
 * An id as text: member name of obj as a non-empty string, or as an
 * integer (written in full, however long). NULL for anything else.
 */
static const char *
og_id(const cJSON *obj, const char *name, char *buf)
{
	const cJSON	*v = json_get(obj, name);
	int64_t		 n;

	if (cJSON_IsString(v))
		return v->valuestring[0] != '\0' ? v->valuestring : NULL;
	if (cJSON_IsNumber(v) && json_int(obj, name, &n) == 1)
		return json_text(obj, name, buf);
	return NULL;
}

static int
og_on_node(void *ctx, const char *path, cJSON *value, const char *problem,
    char **errp)
{
	struct og_state		*st = ctx;
	struct record_node	 n;
	struct strbuf		 key, kinds, attrs;
	const cJSON		*props, *jkinds;
	const char		*id, *name, *env;
	char			 buf[JSON_TEXT_BUFSZ], nbuf[JSON_TEXT_BUFSZ];
	int			 rc = -1, added;

	st->saw_graph = 1;
	if (problem != NULL)
		return import_warn(st->imp, path, errp, "%s; node skipped",
		    problem);
	strbuf_init(&key);
	strbuf_init(&kinds);
	strbuf_init(&attrs);
	if (!cJSON_IsObject(value)) {
		rc = import_warn(st->imp, path, errp, "node is not an object; "
		    "skipped");
		goto out;
	}
	jkinds = json_get(value, "kinds");
	if (redact_record(st->imp, path, value, opengraph_node_kind(jkinds) ==
	    KIND_NODE_CREDENTIAL ? REDACT_CREDENTIAL : 0, errp) == -1)
		goto out;
	if ((id = og_id(value, "id", buf)) == NULL) {
		rc = import_warn(st->imp, path, errp, og_present(value, "id") ?
		    "node \"id\" is not a string or an integer; skipped" :
		    "node has no \"id\"; skipped");
		goto out;
	}
	if (!cJSON_IsArray(jkinds) || og_kinds(jkinds, &kinds) == -1) {
		rc = import_warn(st->imp, path, errp, "node %s has no valid "
		    "\"kinds\" (a list of names); skipped", id);
		goto out;
	}
	props = json_get(value, "properties");

	record_node_init(&n);
	strbuf_addf(&key, "%s:%s", st->prefix, id);
	n.key = key.buf;
	n.kinds = kinds.buf;
	n.kind = opengraph_node_kind(jkinds);
	name = json_text(props, "name", nbuf);
	if (name == NULL || *name == '\0')
		name = json_str(props, "displayname");
	if (name == NULL || *name == '\0')
		name = json_str(props, "login");
	n.name = name != NULL && *name != '\0' ? name : id;
	if (og_text_prop(st, path, props, "credential_type",
	    &n.credential_type, errp) == -1 ||
	    og_text_prop(st, path, props, "environment", &env, errp) == -1 ||
	    (env == NULL && og_text_prop(st, path, props,
	    "deployment_environment_name", &env, errp) == -1) ||
	    og_text_prop(st, path, props, "owner", &n.owner, errp) == -1)
		goto out;
	if (n.credential_type == NULL)
		n.credential_type = opengraph_credential_type(jkinds);
	n.environment = env;
	if (og_lifecycle(st, path, props, n.kind, &n.life, errp) == -1 ||
	    og_attrs(st, path, props, &attrs, errp) == -1)
		goto out;
	n.attrs = attrs.len > 0 ? attrs.buf : NULL;

	if ((added = import_node(st->imp, &n)) == -1)
		goto out;
	if (added == 0) {
		rc = import_warn(st->imp, path, errp, "duplicate node id %s; "
		    "the first one is kept", id);
		goto out;
	}
	if (strcmp(kinds.buf, "GH_Organization") == 0 ||
	    strncmp(kinds.buf, "GH_Organization,", 16) == 0) {
		strbuf_reset(&attrs);
		strbuf_addf(&attrs, "github:%s", n.name);
		import_set_source(st->imp, attrs.buf);
	}
	og_index_node(st, key.buf, n.name, jkinds, props);
	rc = 0;
out:
	strbuf_free(&key);
	strbuf_free(&kinds);
	strbuf_free(&attrs);
	return rc;
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
static int
og_foreign_looking(const struct og_state *st, const char *value)
{
	size_t	 i, n, own = strlen(st->prefix);

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
 * Read an endpoint. Sets *key (allocated) when it matches by id, or
 * fills ref for a later lookup. Returns 0, or 1 when it is malformed
 * (with *why set to a static reason).
 */
static int
og_endpoint(struct og_state *st, const cJSON *ep, char **key,
    struct og_ref *ref, const char **why)
{
	struct strbuf	 t;
	const cJSON	*m;
	const char	*by, *value, *kind, *mk, *op, *mv;
	char		 buf[JSON_TEXT_BUFSZ], mbuf[JSON_TEXT_BUFSZ];

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
		if (og_foreign_looking(st, value)) {
			ref->own_key = xasprintf("%s:%s", st->prefix, value);
			ref->lookup = xstrdup(value);
			ref->shown = xasprintf("id \"%s\"", value);
			return 0;
		}
		*key = xasprintf("%s:%s", st->prefix, value);
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
		m = json_get(ep, "property_matchers");
		if (!cJSON_IsArray(m) || m->child == NULL) {
			*why = "matches by property but has no "
			    "\"property_matchers\"";
			goto bad;
		}
		/* The first matcher selects; the index holds one per node. */
		mk = json_str(m->child, "key");
		op = json_str(m->child, "operator");
		mv = json_text(m->child, "value", mbuf);
		if (mk == NULL || mv == NULL) {
			*why = "has a property matcher without key or value";
			goto bad;
		}
		if (op != NULL && strcmp(op, "equals") != 0) {
			*why = "uses a property matcher operator other than "
			    "\"equals\"";
			goto bad;
		}
		strbuf_addf(&t, "prop:%s=%s", mk, mv);
		ref->shown = xasprintf("property %s = \"%s\"", mk, mv);
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

static void
og_ref_free(struct og_ref *ref)
{
	free(ref->own_key);
	free(ref->lookup);
	free(ref->kind);
	free(ref->shown);
}

static int
og_emit_edge(struct og_state *st, const char *src, const char *dst,
    enum kind_edge kind, const char *raw, unsigned flags, const char *attrs)
{
	struct record_edge	 e;

	record_edge_init(&e);
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

static int
og_on_edge(void *ctx, const char *path, cJSON *value, const char *problem,
    char **errp)
{
	struct og_state	*st = ctx;
	struct og_ref	 start, end;
	struct strbuf	 attrs;
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
	if (og_attrs(st, path, json_get(value, "properties"), &attrs,
	    errp) == -1)
		goto out;

	if (skey != NULL && ekey != NULL) {
		rc = og_emit_edge(st, skey, ekey, opengraph_edge_kind(raw),
		    raw, flags, attrs.len > 0 ? attrs.buf : NULL);
		goto out;
	}
	og_defer(st, path, raw, opengraph_edge_kind(raw), flags,
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

static int
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
		    d->attrs) == -1)
			return -1;
	}
	return 0;
}

static void
og_state_free(struct og_state *st)
{
	struct og_deferred	*d;
	size_t			 i;

	for (i = 0; i < st->ndeferred; i++) {
		d = &st->deferred[i];
		free(d->path);
		free(d->raw);
		free(d->attrs);
		free(d->start_key);
		free(d->end_key);
		og_ref_free(&d->start);
		og_ref_free(&d->end);
	}
	free(st->deferred);
	for (i = 0; i < st->nmatch_props; i++)
		free(st->match_props[i]);
	free(st->match_props);
	free(st->index_keys);
	hmap_free(st->index);
	arena_free(&st->arena);
	free(st->prefix);
}

static int
og_run(struct import *imp, const struct input *in, char **errp)
{
	static const struct json_route	 scan_routes[] = {
		{ "", json_expect_object },
		{ "metadata", og_on_metadata },
		{ "graph", json_expect_object },
		{ "graph.nodes", json_expect_array },
		{ "graph.edges", json_expect_array },
		{ "graph.nodes[]", json_skip },
		{ "graph.edges[]", json_skip },
	};
	static const struct json_route	 scan_routes_props[] = {
		{ "", json_expect_object },
		{ "metadata", og_on_metadata },
		{ "graph", json_expect_object },
		{ "graph.nodes", json_expect_array },
		{ "graph.edges", json_expect_array },
		{ "graph.nodes[]", json_skip },
		{ "graph.edges[]", og_on_edge_scan },
	};
	static const struct json_route	 routes[] = {
		{ "graph.nodes[]", og_on_node },
		{ "graph.edges[]", og_on_edge },
	};
	struct og_state			 st;
	int				 rc = -1;

	memset(&st, 0, sizeof(st));
	st.imp = imp;
	st.in = in;
	arena_init(&st.arena);
	st.prefix = xstrdup(input_contains(in, "\"GH_", 1 << 20) ?
	    "github" : "og");

	/* Pass one: metadata, and the properties endpoints match on. */
	if (json_stream(in->data, in->len, in->path,
	    input_contains(in, "\"property_matchers\"", SIZE_MAX) ?
	    scan_routes_props : scan_routes, 7, &st, NULL, errp) == -1)
		goto out;
	st.index_names = input_contains(in, "\"match_by\"", SIZE_MAX);
	if (st.index_names || st.nmatch_props > 0)
		st.index = hmap_create(1024);

	/* Pass two: nodes and edges. */
	if (json_stream(in->data, in->len, in->path, routes, 2, &st, NULL,
	    errp) == -1)
		goto out;
	if (!st.saw_graph && !input_contains(in, "\"graph\"", SIZE_MAX)) {
		*errp = xasprintf("%s: no \"graph\" object; not an OpenGraph "
		    "file", in->path);
		goto out;
	}
	if (og_resolve_deferred(&st, errp) == -1)
		goto out;
	rc = 0;
out:
	og_state_free(&st);
	return rc;
}

const struct importer importer_opengraph = {
	.name = "opengraph",
	.summary = "BloodHound OpenGraph JSON (GitHound and other collectors)",
	.sniff = og_sniff,
	.run = og_run,
};
