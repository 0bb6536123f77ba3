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
 * A file trustwalk exported (source_kind "trustwalk",
 * tui/export_opengraph.c) has full keys as ids. Its trustwalk_*
 * properties give back the kinds, flags and conditions, and the
 * properties it lists in trustwalk_derived are not kept as attributes.
 * So the import gives the graph that was exported.
 *
 * The file is read in two passes. The first scans the whole file, reads
 * the metadata and keeps where each node and edge is (json_stream_index()).
 * When the file matches by property, the edges are then read for the
 * properties they match on. The second pass reads the nodes and edges.
 * Edges that match by name or property wait until every node has been
 * read.
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
#include "opengraph_int.h"
#include "redact.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"


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
int
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
	if (sk != NULL && strcmp(sk, "trustwalk") == 0)
		st->trustwalk = 1;
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
 * 1 when a property of a trustwalk export is trustwalk's own rather than
 * the source's: a trustwalk_* name, or one listed in trustwalk_derived.
 */
static int
og_reserved(const cJSON *props, const char *name)
{
	const cJSON	*item;

	if (strncmp(name, "trustwalk_", 10) == 0)
		return 1;
	cJSON_ArrayForEach(item, json_get(props, "trustwalk_derived")) {
		if (cJSON_IsString(item) &&
		    strcmp(item->valuestring, name) == 0)
			return 1;
	}
	return 0;
}

/*
 * Write the properties object as flat attribute JSON into out. Object
 * values are not allowed by the format; they are dropped with a warning.
 */
int
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
		if (st->trustwalk && og_reserved(props, p->string))
			continue;
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

/*
 * Map a source node kind, remembering the result: a file repeats a few
 * kinds many times, and the tables are searched by string comparison.
 * The result lives until the next call.
 */
static const struct og_node_memo *
og_node_memo(struct og_state *st, const char *name)
{
	struct og_node_memo	*m;
	size_t			 len = strlen(name);
	uint64_t		 i;

	if (hmap_get(st->node_kinds, name, len, &i))
		return &st->node_memos[i];
	if (st->nnode_memos == st->capnode_memos) {
		st->capnode_memos = st->capnode_memos == 0 ? 16 :
		    st->capnode_memos * 2;
		st->node_memos = xreallocarray(st->node_memos,
		    st->capnode_memos, sizeof(*st->node_memos));
	}
	m = &st->node_memos[st->nnode_memos];
	m->mapped = opengraph_node_map(name, &m->kind, &m->credential_type);
	hmap_put(st->node_kinds, name, len, st->nnode_memos++);
	return m;
}

/* The mapping of the first of a node's kinds that has one, or NULL. */
static const struct og_node_memo *
og_kinds_map(struct og_state *st, const cJSON *kinds)
{
	const struct og_node_memo	*m;
	const cJSON			*k;

	cJSON_ArrayForEach(k, kinds) {
		if (cJSON_IsString(k) &&
		    (m = og_node_memo(st, k->valuestring))->mapped)
			return m;
	}
	return NULL;
}

/* The trustwalk kind for a node's list of source kinds. */
static enum kind_node
og_kinds_kind(struct og_state *st, const cJSON *kinds)
{
	const struct og_node_memo	*m = og_kinds_map(st, kinds);

	return m != NULL ? m->kind : KIND_NODE_OTHER;
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

/* The trustwalk kind of a node: trustwalk_kind in an export, else mapped. */
static enum kind_node
og_node_kind(struct og_state *st, const cJSON *props, const cJSON *kinds)
{
	const char	*tw = json_str(props, "trustwalk_kind");
	int		 k;

	if (st->trustwalk && tw != NULL && (k = kind_node_parse(tw)) >= 0)
		return k;
	return og_kinds_kind(st, kinds);
}

/*
 * An id as text: member name of obj as a non-empty string, or as an
 * integer (written in full, however long). NULL for anything else.
 */
const char *
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

/*
 * Fill the display name and the text fields of the lifecycle vocabulary
 * of node n from its properties; nbuf (JSON_TEXT_BUFSZ bytes) holds a
 * number used as the name. A field of the wrong type is ignored with a
 * warning. Returns 0, or -1 as import_warn().
 */
static int
og_node_text(struct og_state *st, const char *path, const cJSON *props,
    const cJSON *jkinds, const char *id, struct record_node *n, char *nbuf,
    char **errp)
{
	const struct og_node_memo	*m;
	const char			*name, *env = NULL;

	name = json_text(props, "name", nbuf);
	if (name == NULL || *name == '\0')
		name = json_str(props, "displayname");
	if (name == NULL || *name == '\0')
		name = json_str(props, "login");
	n->name = name != NULL && *name != '\0' ? name : id;
	if (og_text_prop(st, path, props, "credential_type",
	    &n->credential_type, errp) == -1 ||
	    og_text_prop(st, path, props, "environment", &env, errp) == -1 ||
	    (env == NULL && og_text_prop(st, path, props,
	    "deployment_environment_name", &env, errp) == -1) ||
	    og_text_prop(st, path, props, "owner", &n->owner, errp) == -1)
		return -1;
	if (n->credential_type == NULL && (m = og_kinds_map(st, jkinds)) != NULL)
		n->credential_type = m->credential_type;
	n->environment = env;
	return 0;
}

static int
og_on_node(void *ctx, const char *path, cJSON *value, const char *problem,
    char **errp)
{
	struct og_state		*st = ctx;
	struct record_node	 n;
	struct strbuf		 key, kinds, attrs;
	const cJSON		*props, *jkinds;
	const char		*id;
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
	if (redact_record(st->imp, path, value, og_kinds_kind(st, jkinds) ==
	    KIND_NODE_CREDENTIAL ? REDACT_CREDENTIAL : 0, errp) == -1)
		goto out;
	if ((id = og_id(value, "id", buf)) == NULL) {
		rc = import_warn(st->imp, path, errp, og_present(value, "id") ?
		    "node \"id\" is not a string or an integer; skipped" :
		    "node has no \"id\"; skipped");
		goto out;
	}
	props = json_get(value, "properties");
	if (st->trustwalk && cJSON_IsArray(json_get(props, "trustwalk_kinds")))
		jkinds = json_get(props, "trustwalk_kinds");
	if (!cJSON_IsArray(jkinds) || og_kinds(jkinds, &kinds) == -1) {
		rc = import_warn(st->imp, path, errp, "node %s has no valid "
		    "\"kinds\" (a list of names); skipped", id);
		goto out;
	}

	record_node_init(&n);
	if (st->trustwalk)
		strbuf_addstr(&key, id);
	else {
		strbuf_addstr(&key, st->prefix);
		strbuf_addch(&key, ':');
		strbuf_addstr(&key, id);
	}
	n.key = key.buf;
	n.kinds = kinds.buf;
	n.kind = og_node_kind(st, props, jkinds);
	if (og_node_text(st, path, props, jkinds, id, &n, nbuf, errp) == -1 ||
	    og_lifecycle(st, path, props, n.kind, &n.life, errp) == -1 ||
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
	if (!st->trustwalk && (strcmp(kinds.buf, "GH_Organization") == 0 ||
	    strncmp(kinds.buf, "GH_Organization,", 16) == 0)) {
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
	hmap_free(st->edge_kinds);
	hmap_free(st->node_kinds);
	free(st->node_memos);
	arena_free(&st->arena);
	free(st->prefix);
	strbuf_free(&st->plain_kind);
	strbuf_free(&st->plain_start);
	strbuf_free(&st->plain_end);
	strbuf_free(&st->plain_attrs);
}

static int
og_run(struct import *imp, const struct input *in, char **errp)
{
	/* Nodes and edges are kept for the later passes. */
	static const struct json_route	 routes[] = {
		{ "", json_expect_object },
		{ "metadata", og_on_metadata },
		{ "graph", json_expect_object },
		{ "graph.nodes", json_expect_array },
		{ "graph.edges", json_expect_array },
		{ "graph.nodes[]", json_keep },
		{ "graph.edges[]", json_keep },
	};
	static const json_record_fn	 scan_fns[] = {
		NULL, NULL, NULL, NULL, NULL, NULL, og_on_edge_scan
	};
	static const json_text_fn	 scan_texts[] = {
		NULL, NULL, NULL, NULL, NULL, NULL, og_on_edge_scan_text
	};
	static const json_record_fn	 fns[] = {
		NULL, NULL, NULL, NULL, NULL, og_on_node, og_on_edge
	};
	static const json_text_fn	 texts[] = {
		NULL, NULL, NULL, NULL, NULL, NULL, og_on_edge_text
	};
	struct og_state			 st;
	struct json_index		*records = NULL;
	int				 rc = -1;

	memset(&st, 0, sizeof(st));
	st.imp = imp;
	st.in = in;
	arena_init(&st.arena);
	strbuf_init(&st.plain_kind);
	strbuf_init(&st.plain_start);
	strbuf_init(&st.plain_end);
	strbuf_init(&st.plain_attrs);
	st.edge_kinds = hmap_create(64);
	st.node_kinds = hmap_create(64);
	st.prefix = xstrdup(input_contains(in, "\"GH_", 1 << 20) ?
	    "github" : "og");

	/* Pass one: the metadata, and where the nodes and edges are. */
	if (json_stream_index(in->data, in->len, in->path, routes, 7, &st,
	    NULL, &records, errp) == -1)
		goto out;

	/* The properties that endpoints match on. */
	if (input_contains(in, "\"property_matchers\"", SIZE_MAX) &&
	    json_index_read(records, scan_fns, scan_texts, &st, errp) == -1)
		goto out;
	st.index_names = input_contains(in, "\"match_by\"", SIZE_MAX);
	if (st.index_names || st.nmatch_props > 0)
		st.index = hmap_create(1024);

	/* Pass two: nodes and edges, most edges from their text. */
	if (json_index_read(records, fns, texts, &st, errp) == -1)
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
	json_index_free(records);
	og_state_free(&st);
	return rc;
}

const struct importer importer_opengraph = {
	.name = "opengraph",
	.summary = "BloodHound OpenGraph JSON (GitHound and other collectors)",
	.sniff = og_sniff,
	.run = og_run,
};
