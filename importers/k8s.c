/*
 * Kubernetes objects as kubectl writes them ("kubectl get ... -o json"
 * or "-o yaml", a List of items) and as manifests hold them (one object,
 * or many YAML documents separated by "---").
 *
 * This file reads the input, splits Lists into their items, reads the
 * metadata every object shares and hands each object to the file that
 * maps its kind (k8s_rbac.c, k8s_account.c, k8s_workload.c). Objects of
 * other kinds are skipped and counted. It also keeps the namespaces and,
 * at the end, writes them and the cluster as system nodes.
 *
 * The same namespace and name exist in many clusters, so every key
 * carries the cluster: k8s:<cluster>:<namespace>:<kind>:<name> for
 * namespaced objects and k8s:<cluster>::<kind>:<name> for the others.
 * The cluster is --cluster, else the file name without its extension,
 * and the source of the snapshot is k8s:<cluster>.
 *
 * JSON goes through json.h, YAML through yaml_reader.h; both give the
 * same cJSON records, so the mapping does not know which it read.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "import.h"
#include "importer.h"
#include "input.h"
#include "json.h"
#include "jsonw.h"
#include "k8s.h"
#include "record.h"
#include "redact.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"
#include "yaml_reader.h"

/* Maximum length of an annotation value that is kept; longer values are
 * noted by size only. */
#define K8S_MAX_ANNOTATION	4096
#define K8S_SNIFF_BYTES		(1u << 20)
#define K8S_MAX_LIST_DEPTH	2

typedef int (*k8s_object_fn)(struct k8s_state *, const struct k8s_object *,
    char **);

/* A kind this importer maps, with the API group it must come from. */
struct k8s_kind {
	const char	*kind;
	const char	*group;		/* "" for the core group */
	const char	*old_group;	/* a group the kind moved from */
	int		 namespaced;
	k8s_object_fn	 fn;
};

static int	k8s_namespace(struct k8s_state *, const struct k8s_object *,
		    char **);

static const struct k8s_kind k8s_kinds[] = {
	{ "ServiceAccount", "", NULL, 1, k8s_account_sa },
	{ "Secret", "", NULL, 1, k8s_account_secret },
	{ "Namespace", "", NULL, 0, k8s_namespace },
	{ "Pod", "", NULL, 1, k8s_workload_pod },
	{ "ReplicationController", "", NULL, 1, k8s_workload_controller },
	{ "Role", "rbac.authorization.k8s.io", NULL, 1, k8s_rbac_role },
	{ "ClusterRole", "rbac.authorization.k8s.io", NULL, 0,
	    k8s_rbac_role },
	{ "RoleBinding", "rbac.authorization.k8s.io", NULL, 1,
	    k8s_rbac_binding },
	{ "ClusterRoleBinding", "rbac.authorization.k8s.io", NULL, 0,
	    k8s_rbac_binding },
	{ "Deployment", "apps", "extensions", 1, k8s_workload_controller },
	{ "DaemonSet", "apps", "extensions", 1, k8s_workload_controller },
	{ "ReplicaSet", "apps", "extensions", 1, k8s_workload_controller },
	{ "StatefulSet", "apps", NULL, 1, k8s_workload_controller },
	{ "Job", "batch", NULL, 1, k8s_workload_controller },
	{ "CronJob", "batch", NULL, 1, k8s_workload_controller },
};

/* Kinds whose presence makes a file look like Kubernetes objects. */
static const char *const k8s_sniff_kinds[] = {
	"List", "ServiceAccount", "Secret", "Namespace", "Pod",
	"ReplicationController", "Role", "ClusterRole", "RoleBinding",
	"ClusterRoleBinding", "Deployment", "DaemonSet", "ReplicaSet",
	"StatefulSet", "Job", "CronJob", NULL
};

/* 1 when a "kind" key at p..end names one of the mapped kinds. */
static int
k8s_sniff_kind(const char *p, const char *end)
{
	const char	*word;
	size_t		 i;

	if (p < end && *p == '"')
		p++;
	while (p < end && *p == ' ')
		p++;
	if (p >= end || *p++ != ':')
		return 0;
	while (p < end && *p == ' ')
		p++;
	if (p < end && (*p == '"' || *p == '\''))
		p++;
	for (word = p; p < end && isalnum((unsigned char)*p); p++)
		;
	for (i = 0; k8s_sniff_kinds[i] != NULL; i++) {
		if (strlen(k8s_sniff_kinds[i]) == (size_t)(p - word) &&
		    memcmp(word, k8s_sniff_kinds[i], (size_t)(p - word)) == 0)
			return 1;
	}
	return 0;
}

/*
 * Look for "apiVersion" and a "kind" of a mapped kind in the first
 * megabyte. kubectl writes apiVersion first, which makes it surer.
 */
static int
k8s_sniff(const struct input *in)
{
	const char	*p = in->data + input_bom(in), *end, *hit;

	end = in->data + (in->len < K8S_SNIFF_BYTES ? in->len :
	    K8S_SNIFF_BYTES);
	if (!input_contains(in, "apiVersion", K8S_SNIFF_BYTES))
		return 0;
	while (p < end && (hit = memmem(p, (size_t)(end - p), "kind",
	    4)) != NULL) {
		if (k8s_sniff_kind(hit + 4, end))
			return input_contains(in, "apiVersion", 256) ? 95 : 85;
		p = hit + 4;
	}
	return 0;
}

void *
k8s_grow(void *v, size_t n, size_t size)
{
	if (n == 0)
		return xreallocarray(v, 16, size);
	if (n >= 16 && (n & (n - 1)) == 0)
		return xreallocarray(v, n * 2, size);
	return v;
}

void
k8s_strings_add(struct k8s_state *st, struct k8s_strings *l, const char *s)
{
	char	**v;

	/* Arena arrays double when the count reaches a power of two. */
	if (l->n == 0 || (l->n & (l->n - 1)) == 0) {
		v = arena_alloc(&st->arena, (l->n == 0 ? 1 : l->n * 2) *
		    sizeof(*v));
		if (l->n > 0)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
	}
	l->v[l->n++] = arena_strdup(&st->arena, s);
}

int
k8s_strings_has(const struct k8s_strings *l, const char *s)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i], s) == 0)
			return 1;
	}
	return 0;
}

void
k8s_key(const struct k8s_state *st, struct strbuf *sb, const char *ns,
    const char *kind, const char *name)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "k8s:%s:%s:%s:%s", st->cluster, ns != NULL ? ns : "",
	    kind, name);
}

/* Return an arena copy of s in lower case. */
char *
k8s_lower(struct k8s_state *st, const char *s)
{
	char	*p, *copy = arena_strdup(&st->arena, s);

	for (p = copy; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return copy;
}

int
k8s_warn(struct k8s_state *st, const struct k8s_object *o, char **errp,
    const char *fmt, ...)
{
	struct strbuf	 msg;
	va_list		 ap;
	int		 rc;

	strbuf_init(&msg);
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	rc = import_warn(st->imp, o->path, errp, "%s %s%s%s: %s", o->kind,
	    o->ns != NULL ? o->ns : "", o->ns != NULL ? "/" : "",
	    o->name != NULL ? o->name : "(no name)", msg.buf);
	strbuf_free(&msg);
	return rc;
}

int
k8s_emit_node(struct k8s_state *st, const struct record_node *n,
    const struct k8s_object *o, char **errp)
{
	int	 rc = import_node(st->imp, n);

	if (rc == -1)
		return -1;
	if (rc == 0)
		return k8s_warn(st, o, errp, "the input contains this "
		    "object twice; the first one is kept");
	return 0;
}

/* Write a node the finish step may meet several times, once. */
int
k8s_emit_once(struct k8s_state *st, const struct record_node *n)
{
	if (!hmap_put(st->emitted, n->key, strlen(n->key), 1))
		return 0;
	return import_node(st->imp, n) == -1 ? -1 : 0;
}

/* Write an edge unless the same edge (ends, kind, raw) was written. */
int
k8s_emit_edge(struct k8s_state *st, const char *src, const char *dst,
    enum kind_edge kind, const char *raw, unsigned flags, const char *attrs)
{
	struct record_edge	 e;
	struct strbuf		 id;
	int			 seen;

	strbuf_init(&id);
	/* NUL separates the parts: no key or kind contains one. */
	strbuf_addf(&id, "%s%c%s%c%d%c%s", src, '\0', dst, '\0', (int)kind,
	    '\0', raw);
	seen = !hmap_put(st->edges, id.buf, id.len, 1);
	strbuf_free(&id);
	if (seen)
		return 0;
	record_edge_init(&e);
	e.src = src;
	e.dst = dst;
	e.kind = kind;
	e.raw = raw;
	e.flags = flags;
	e.attrs = attrs;
	return import_edge(st->imp, &e);
}

const char *
k8s_str(const cJSON *obj, const char *key)
{
	const char	*s = json_str(obj, key);

	return s != NULL && *s != '\0' ? s : NULL;
}

/*
 * Read a boolean. Besides JSON booleans this takes the YAML 1.1 words
 * (yes, no, on, off, y, n) as Kubernetes' YAML decoder does for boolean
 * fields, since the YAML reader keeps them as strings. Returns 1 when
 * found, 0 when absent or null, -1 for another value.
 */
int
k8s_bool(const cJSON *obj, const char *key, int *out)
{
	static const char *const yes[] = { "y", "Y", "yes", "Yes", "YES",
	    "on", "On", "ON", "true", "True", "TRUE", NULL };
	static const char *const no[] = { "n", "N", "no", "No", "NO", "off",
	    "Off", "OFF", "false", "False", "FALSE", NULL };
	const char	*s;
	size_t		 i;
	int		 rc = json_bool(obj, key, out);

	if (rc != -1 || (s = json_str(obj, key)) == NULL)
		return rc;
	for (i = 0; yes[i] != NULL; i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = 1;
			return 1;
		}
	}
	for (i = 0; no[i] != NULL; i++) {
		if (strcmp(s, no[i]) == 0) {
			*out = 0;
			return 1;
		}
	}
	return -1;
}

/* Write the labels or annotations of an object as "PREFIX:key". */
static void
k8s_attrs_map(struct jsonw *w, const cJSON *map, const char *prefix,
    int values)
{
	struct strbuf	 name;
	const cJSON	*c;
	int		 n = 0;

	strbuf_init(&name);
	cJSON_ArrayForEach(c, map) {
		if (strcmp(c->string, K8S_LAST_APPLIED) == 0)
			continue;
		if (++n > K8S_MAX_LABELS)
			break;
		strbuf_reset(&name);
		strbuf_addf(&name, "%s:%s", prefix, c->string);
		jsonw_key(w, name.buf);
		if (!values)
			jsonw_str(w, "(value not kept)");
		else if (!cJSON_IsString(c))
			jsonw_null(w);
		else if (strlen(c->valuestring) > K8S_MAX_ANNOTATION) {
			strbuf_reset(&name);
			strbuf_addf(&name, "(%zu bytes, not kept)",
			    strlen(c->valuestring));
			jsonw_str(w, name.buf);
		} else
			jsonw_str(w, c->valuestring);
	}
	if (n > K8S_MAX_LABELS) {
		strbuf_reset(&name);
		strbuf_addf(&name, "%s_dropped", prefix);
		jsonw_key(w, name.buf);
		jsonw_bool(w, 1);
	}
	strbuf_free(&name);
}

/*
 * Write the attributes every object has. The last-applied-configuration
 * annotation is never kept: it is a copy of the whole object, which for
 * a Secret contains its values. A Secret's other annotation values are not
 * kept either (secret is set), only their names.
 */
void
k8s_attrs_meta(struct jsonw *w, const struct k8s_object *o, int secret)
{
	if (o->api_version != NULL) {
		jsonw_key(w, "api_version");
		jsonw_str(w, o->api_version);
	}
	if (o->ns != NULL) {
		jsonw_key(w, "namespace");
		jsonw_str(w, o->ns);
	}
	if (o->ns_defaulted) {
		jsonw_key(w, "namespace_defaulted");
		jsonw_bool(w, 1);
	}
	if (o->uid != NULL) {
		jsonw_key(w, "uid");
		jsonw_str(w, o->uid);
	}
	k8s_attrs_map(w, o->labels, "label", 1);
	k8s_attrs_map(w, o->annotations, "annotation", !secret);
}

void
k8s_note_namespace(struct k8s_state *st, const char *ns)
{
	struct k8s_namespace	*n;
	uint64_t		 i;

	if (hmap_get(st->ns_index, ns, strlen(ns), &i))
		return;
	hmap_put(st->ns_index, ns, strlen(ns), st->nnamespaces);
	st->namespaces = k8s_grow(st->namespaces, st->nnamespaces,
	    sizeof(*st->namespaces));
	n = &st->namespaces[st->nnamespaces++];
	memset(n, 0, sizeof(*n));
	n->name = arena_strdup(&st->arena, ns);
	n->created = TSTAMP_UNKNOWN;
}

/* A Namespace object: its attributes go on the namespace node. */
static int
k8s_namespace(struct k8s_state *st, const struct k8s_object *o, char **errp)
{
	struct k8s_namespace	*n;
	struct strbuf		 attrs;
	struct jsonw		 w;
	const char		*phase;
	uint64_t		 i;

	k8s_note_namespace(st, o->name);
	hmap_get(st->ns_index, o->name, strlen(o->name), &i);
	n = &st->namespaces[i];
	if (n->described)
		return k8s_warn(st, o, errp, "the input contains this "
		    "object twice; the first one is kept");
	strbuf_init(&attrs);
	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	k8s_attrs_meta(&w, o, 0);
	phase = k8s_str(json_get(o->obj, "status"), "phase");
	if (phase != NULL) {
		jsonw_key(&w, "phase");
		jsonw_str(&w, phase);
	}
	jsonw_object_end(&w);
	n->attrs = arena_strdup(&st->arena, attrs.buf);
	n->created = o->created;
	n->described = 1;
	strbuf_free(&attrs);
	return 0;
}

/* Count an object of a kind that is not mapped. */
static void
k8s_skip(struct k8s_state *st, const char *kind)
{
	size_t	 i;

	st->skipped++;
	for (i = 0; i < st->nskipped_kinds; i++) {
		if (strcmp(st->skipped_kinds[i].kind, kind) == 0) {
			st->skipped_kinds[i].count++;
			return;
		}
	}
	st->skipped_kinds = k8s_grow(st->skipped_kinds, st->nskipped_kinds,
	    sizeof(*st->skipped_kinds));
	st->skipped_kinds[st->nskipped_kinds].kind =
	    arena_strdup(&st->arena, kind);
	st->skipped_kinds[st->nskipped_kinds++].count = 1;
}

/* Find the mapped kind of an object, checking its API group. */
static const struct k8s_kind *
k8s_find_kind(const char *kind, const char *api_version)
{
	const struct k8s_kind	*k;
	const char		*slash;
	size_t			 i, glen;

	/* "v1" is the core group, "apps/v1" the group "apps". */
	slash = api_version != NULL ? strchr(api_version, '/') : NULL;
	glen = slash != NULL ? (size_t)(slash - api_version) : 0;
	for (i = 0; i < sizeof(k8s_kinds) / sizeof(k8s_kinds[0]); i++) {
		k = &k8s_kinds[i];
		if (strcmp(k->kind, kind) != 0)
			continue;
		if (api_version == NULL)
			return k;
		if (strlen(k->group) == glen &&
		    strncmp(k->group, api_version, glen) == 0)
			return k;
		if (k->old_group != NULL && strlen(k->old_group) == glen &&
		    strncmp(k->old_group, api_version, glen) == 0)
			return k;
	}
	return NULL;
}

/* 1 when s is a valid namespace name (an RFC 1123 label). */
static int
k8s_valid_namespace(const char *s)
{
	size_t	 n = strlen(s);

	if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

/* Read the shared metadata of an object; returns 1 to skip it. */
static int
k8s_read_meta(struct k8s_state *st, struct k8s_object *o,
    const struct k8s_kind *k, char **errp)
{
	const cJSON	*meta = json_get(o->obj, "metadata"), *ns;
	const char	*t;

	if (!cJSON_IsObject(meta) || (o->name = k8s_str(meta, "name")) ==
	    NULL)
		return k8s_warn(st, o, errp, "no metadata.name; "
		    "skipped") == -1 ? -1 : 1;
	if (k->namespaced) {
		o->ns = k8s_str(meta, "namespace");
		ns = json_get(meta, "namespace");
		if (ns != NULL && !cJSON_IsNull(ns) && !cJSON_IsString(ns))
			return k8s_warn(st, o, errp, "metadata.namespace is "
			    "not a string; skipped") == -1 ? -1 : 1;
		if (o->ns == NULL) {
			o->ns = "default";
			o->ns_defaulted = 1;
			st->defaulted++;
		} else if (!k8s_valid_namespace(o->ns))
			return k8s_warn(st, o, errp, "metadata.namespace is "
			    "not a valid namespace name; skipped") == -1 ?
			    -1 : 1;
	}
	o->labels = json_get(meta, "labels");
	o->annotations = json_get(meta, "annotations");
	if (o->labels != NULL && !cJSON_IsObject(o->labels)) {
		o->labels = NULL;
		if (k8s_warn(st, o, errp, "metadata.labels is not a mapping; "
		    "ignored") == -1)
			return -1;
	}
	if (o->annotations != NULL && !cJSON_IsObject(o->annotations)) {
		o->annotations = NULL;
		if (k8s_warn(st, o, errp, "metadata.annotations is not a "
		    "mapping; ignored") == -1)
			return -1;
	}
	o->uid = k8s_str(meta, "uid");
	t = k8s_str(meta, "creationTimestamp");
	if (t != NULL && tstamp_parse(t, &o->created) == -1) {
		o->created = TSTAMP_UNKNOWN;
		if (k8s_warn(st, o, errp, "metadata.creationTimestamp \"%s\" "
		    "is not an ISO 8601 time; left unknown", t) == -1)
			return -1;
	}
	return 0;
}

/*
 * The kind of the items of a typed list ("SecretList" gives "Secret")
 * into buf, or NULL for a plain "List".
 */
static const char *
k8s_item_kind(const char *list_kind, char *buf, size_t bufsz)
{
	size_t	 n = list_kind != NULL ? strlen(list_kind) : 0;

	if (n <= 4 || n - 4 >= bufsz ||
	    strcmp(list_kind + n - 4, "List") != 0)
		return NULL;
	memcpy(buf, list_kind, n - 4);
	buf[n - 4] = '\0';
	return buf;
}

/*
 * Replace the secrets of an object before it is read. A Secret's data
 * and stringData are left to k8s_account.c, which keeps only their
 * fingerprints. The last-applied-configuration annotation is dropped
 * unread: it is never kept, and for a Secret it copies the values.
 */
static int
k8s_redact(struct k8s_state *st, const char *path, cJSON *v, int secret,
    char **errp)
{
	static const char *const values[] = { "data", "stringData", NULL };

	json_drop(json_get(json_get(v, "metadata"), "annotations"),
	    K8S_LAST_APPLIED);
	if (secret)
		return redact_record_except(st->imp, path, v,
		    REDACT_CREDENTIAL, values, errp);
	return redact_record(st->imp, path, v, 0, errp);
}

/*
 * Map one object by its kind, or count it as skipped. An object without
 * a kind takes the kind and apiVersion of the typed list it came in
 * (dkind and dapi, or NULL), because the API server leaves them out of
 * the items of a list response.
 */
static int
k8s_object(struct k8s_state *st, const char *path, cJSON *v,
    const char *dkind, const char *dapi, char **errp)
{
	struct k8s_object	 o;
	const struct k8s_kind	*k;
	int			 rc;

	memset(&o, 0, sizeof(o));
	o.path = path;
	o.obj = v;
	o.created = TSTAMP_UNKNOWN;
	o.kind = k8s_str(v, "kind");
	o.api_version = k8s_str(v, "apiVersion");
	if (o.kind == NULL && dkind != NULL) {
		o.kind = dkind;
		if (o.api_version == NULL)
			o.api_version = dapi;
	}
	if (o.kind == NULL)
		return import_warn(st->imp, path, errp, "object has no "
		    "\"kind\"; skipped");
	if ((k = k8s_find_kind(o.kind, o.api_version)) == NULL) {
		k8s_skip(st, o.kind);
		return 0;
	}
	if (k8s_redact(st, path, v, k->fn == k8s_account_secret,
	    errp) == -1)
		return -1;
	/* Redaction may have replaced the strings read above. */
	o.kind = k8s_str(v, "kind");
	o.api_version = k8s_str(v, "apiVersion");
	if (o.kind == NULL) {
		o.kind = dkind;
		if (o.api_version == NULL)
			o.api_version = dapi;
	}
	if ((rc = k8s_read_meta(st, &o, k, errp)) != 0)
		return rc == -1 ? -1 : 0;
	if (k8s_shape_check(st, &o, v, errp) == -1)
		return -1;
	if (o.ns != NULL)
		k8s_note_namespace(st, o.ns);
	st->objects++;
	return k->fn(st, &o, errp);
}

/*
 * One record: an object, or a List whose items are objects. dkind and
 * dapi are the kind and apiVersion of the items of the typed list the
 * record came in, or NULL.
 */
static int
k8s_record(struct k8s_state *st, const char *path, cJSON *v, int depth,
    const char *dkind, const char *dapi, char **errp)
{
	struct strbuf	 item;
	cJSON		*items, *c;
	const char	*kind, *ikind;
	char		 buf[64];
	size_t		 i = 0;
	int		 rc = 0;

	if (!cJSON_IsObject(v))
		return import_warn(st->imp, path, errp, "not a Kubernetes "
		    "object (expected a mapping); skipped");
	kind = k8s_str(v, "kind");
	items = json_get(v, "items");
	if (kind == NULL || strlen(kind) < 4 ||
	    strcmp(kind + strlen(kind) - 4, "List") != 0 ||
	    !cJSON_IsArray(items) || depth >= K8S_MAX_LIST_DEPTH)
		return k8s_object(st, path, v, dkind, dapi, errp);
	ikind = k8s_item_kind(kind, buf, sizeof(buf));
	strbuf_init(&item);
	cJSON_ArrayForEach(c, items) {
		strbuf_reset(&item);
		strbuf_addf(&item, "%s.items[%zu]", path, i++);
		if ((rc = k8s_record(st, item.buf, c, depth + 1, ikind,
		    k8s_str(v, "apiVersion"), errp)) == -1)
			break;
	}
	strbuf_free(&item);
	return rc;
}

static int
k8s_on_record(void *ctx, const char *path, cJSON *value, const char *problem,
    char **errp)
{
	struct k8s_state	*st = ctx;
	char			 buf[64];
	int			 rc;

	if (*path == '\0')
		path = "document";
	if (problem != NULL)
		rc = import_warn(st->imp, path, errp, "%s; skipped", problem);
	else if (strncmp(path, "items[", 6) == 0)
		/* An item of a top-level list streamed item by item. */
		rc = k8s_record(st, path, value, 0, k8s_item_kind(st->top_kind,
		    buf, sizeof(buf)), st->top_api, errp);
	else
		rc = k8s_record(st, path, value, 0, NULL, NULL, errp);
	if (rc == -1)
		st->stopped = 1;
	return rc;
}

static int
k8s_on_top_kind(void *ctx, const char *path, cJSON *value,
    const char *problem, char **errp)
{
	struct k8s_state	*st = ctx;

	(void)path;
	(void)problem;
	(void)errp;
	if (cJSON_IsString(value) && st->top_kind == NULL)
		st->top_kind = arena_strdup(&st->arena, value->valuestring);
	return 0;
}

static int
k8s_on_top_api(void *ctx, const char *path, cJSON *value,
    const char *problem, char **errp)
{
	struct k8s_state	*st = ctx;

	(void)path;
	(void)problem;
	(void)errp;
	if (cJSON_IsString(value) && st->top_api == NULL)
		st->top_api = arena_strdup(&st->arena, value->valuestring);
	return 0;
}

/* Add the advice for a template that was never rendered. */
static void
k8s_template_advice(char **errp)
{
	char	*msg = *errp;

	*errp = xasprintf("%s. This is a Helm chart template that was never "
	    "rendered; run \"helm template RELEASE CHART\" and import its "
	    "output", msg);
	free(msg);
}

/*
 * Read JSON: a List (streamed item by item), an array of objects, or
 * one object. A first pass finds the top-level kind.
 */
static int
k8s_read_json(struct k8s_state *st, char **errp)
{
	static const struct json_route	 kind_route[] = {
		{ "kind", k8s_on_top_kind },
		{ "apiVersion", k8s_on_top_api },
	};
	static const struct json_route	 item_route[] = {
		{ "items[]", k8s_on_record },
	};
	static const struct json_route	 array_route[] = {
		{ "[]", k8s_on_record },
	};
	const struct input		*in = st->in;
	cJSON				*doc;
	size_t				 n;
	int				 rc = -1;

	if (input_starts_with(in, '['))
		rc = json_stream(in->data, in->len, in->path, array_route, 1,
		    st, NULL, errp);
	else if (json_stream(in->data, in->len, in->path, kind_route, 2, st,
	    NULL, errp) == -1)
		rc = -1;
	else if (st->top_kind != NULL && (n = strlen(st->top_kind)) >= 4 &&
	    strcmp(st->top_kind + n - 4, "List") == 0)
		rc = json_stream(in->data, in->len, in->path, item_route, 1,
		    st, NULL, errp);
	else if ((doc = json_parse(in->data, in->len, in->path, NULL,
	    errp)) != NULL) {
		rc = k8s_on_record(st, "", doc, NULL, errp);
		cJSON_Delete(doc);
	}
	/* A template fails the JSON syntax, not a record's rules. */
	if (rc == -1 && !st->stopped && *errp != NULL &&
	    input_contains(in, "{{", SIZE_MAX))
		k8s_template_advice(errp);
	return rc;
}

static int
k8s_read_yaml(struct k8s_state *st, char **errp)
{
	struct yaml_reader_options	 opts;
	int				 rc;

	memset(&opts, 0, sizeof(opts));
	opts.split_key = "items";
	opts.reject_templates = 1;
	rc = yaml_reader_stream(st->in->data, st->in->len, st->in->path,
	    &opts, k8s_on_record, st, errp);
	if (rc == YAML_READER_TEMPLATE)
		k8s_template_advice(errp);
	return rc == 0 ? 0 : -1;
}

/*
 * Work out the cluster name: --cluster, checked, else the file name
 * without its extension, with characters other than letters, digits,
 * '.', '_' and '-' replaced by '-' so that keys stay unambiguous.
 */
char *
k8s_cluster_name(struct import *imp, const struct input *in, char **errp)
{
	static const char	 ok[] = "abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
	const char		*given = import_options(imp)->cluster;
	char			*name, *dot, *p;

	if (given != NULL) {
		if (*given == '\0' || strlen(given) > 253 ||
		    strspn(given, ok) != strlen(given)) {
			*errp = xasprintf("--cluster \"%s\" is not a valid "
			    "cluster name; use letters, digits, '.', '_' and "
			    "'-'", given);
			return NULL;
		}
		return xstrdup(given);
	}
	name = xstrdup(in->name);
	if ((dot = strrchr(name, '.')) != NULL && dot != name)
		*dot = '\0';
	for (p = name; *p != '\0'; p++) {
		if (strchr(ok, *p) == NULL)
			*p = '-';
	}
	if (*name == '\0') {
		free(name);
		name = xstrdup("cluster");
	}
	return name;
}

/* Write the namespaces and the cluster as system nodes. */
static int
k8s_finish_systems(struct k8s_state *st)
{
	struct record_node	 n;
	struct strbuf		 key, attrs;
	struct jsonw		 w;
	size_t			 i;
	int			 rc = 0;

	strbuf_init(&key);
	strbuf_init(&attrs);
	for (i = 0; i < st->nnamespaces && rc == 0; i++) {
		record_node_init(&n);
		k8s_key(st, &key, NULL, "namespace", st->namespaces[i].name);
		n.key = key.buf;
		n.kind = KIND_NODE_SYSTEM;
		n.kinds = "Namespace";
		n.name = st->namespaces[i].name;
		n.life.created_at = st->namespaces[i].created;
		n.attrs = st->namespaces[i].attrs;
		rc = import_node(st->imp, &n) == -1 ? -1 : 0;
	}

	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "objects");
	jsonw_int(&w, (int64_t)st->objects);
	jsonw_key(&w, "skipped_objects");
	jsonw_int(&w, (int64_t)st->skipped);
	for (i = 0; i < st->nskipped_kinds; i++) {
		strbuf_reset(&key);
		strbuf_addf(&key, "skipped:%s", st->skipped_kinds[i].kind);
		jsonw_key(&w, key.buf);
		jsonw_int(&w, (int64_t)st->skipped_kinds[i].count);
	}
	jsonw_object_end(&w);
	record_node_init(&n);
	k8s_key(st, &key, NULL, "cluster", st->cluster);
	n.key = key.buf;
	n.kind = KIND_NODE_SYSTEM;
	n.kinds = "Cluster";
	n.name = st->cluster;
	n.attrs = attrs.buf;
	if (rc == 0 && import_node(st->imp, &n) == -1)
		rc = -1;
	strbuf_free(&key);
	strbuf_free(&attrs);
	return rc;
}

/* Print notes on what the input contained that was skipped or assumed. */
static void
k8s_notes(struct k8s_state *st)
{
	struct strbuf	 kinds;
	size_t		 i;

	strbuf_init(&kinds);
	for (i = 0; i < st->nskipped_kinds; i++)
		strbuf_addf(&kinds, "%s%s %zu", i > 0 ? ", " : "",
		    st->skipped_kinds[i].kind, st->skipped_kinds[i].count);
	if (st->skipped > 0)
		import_note(st->imp, "skipped %zu object%s of kinds that "
		    "trustwalk does not map: %s", st->skipped,
		    st->skipped == 1 ? "" : "s", kinds.buf);
	if (st->no_subjects > 0)
		import_note(st->imp, "%zu binding%s no subjects and grant%s "
		    "nothing", st->no_subjects, st->no_subjects == 1 ?
		    " names" : "s name", st->no_subjects == 1 ? "s" : "");
	if (st->defaulted > 0)
		import_note(st->imp, "%zu object%s no namespace; put in "
		    "\"default\"", st->defaulted, st->defaulted == 1 ?
		    " names" : "s name");
	strbuf_free(&kinds);
}

static void
k8s_state_free(struct k8s_state *st)
{
	free(st->cluster);
	free(st->skipped_kinds);
	hmap_free(st->emitted);
	hmap_free(st->edges);
	hmap_free(st->ns_index);
	free(st->namespaces);
	hmap_free(st->role_index);
	free(st->roles);
	hmap_free(st->instance_index);
	free(st->instances);
	hmap_free(st->grant_index);
	free(st->grants);
	hmap_free(st->subject_index);
	free(st->subjects);
	hmap_free(st->automount);
	free(st->accounts);
	free(st->runs_as);
	arena_free(&st->arena);
}

/* Reject an input that contains nothing this importer maps. */
static int
k8s_check_empty(struct k8s_state *st, char **errp)
{
	if (st->objects > 0)
		return 0;
	if (st->skipped == 0)
		*errp = xasprintf("%s: contains no Kubernetes object",
		    st->in->path);
	else
		*errp = xasprintf("%s: contains no object of a kind "
		    "trustwalk maps, only %zu object%s of other kinds such as "
		    "%s", st->in->path, st->skipped,
		    st->skipped == 1 ? "" : "s", st->skipped_kinds[0].kind);
	return -1;
}

static int
k8s_run(struct import *imp, const struct input *in, char **errp)
{
	struct k8s_state	 st;
	struct strbuf		 source;
	size_t			 bom = input_bom(in);
	int			 rc = -1;

	memset(&st, 0, sizeof(st));
	st.imp = imp;
	st.in = in;
	arena_init(&st.arena);
	st.emitted = hmap_create(1024);
	st.edges = hmap_create(1024);
	st.ns_index = hmap_create(64);
	st.role_index = hmap_create(256);
	st.instance_index = hmap_create(64);
	st.grant_index = hmap_create(256);
	st.subject_index = hmap_create(64);
	st.automount = hmap_create(256);
	strbuf_init(&source);

	if (in->len - bom >= 2 && ((unsigned char)in->data[bom] == 0xff ||
	    (unsigned char)in->data[bom] == 0xfe)) {
		*errp = xasprintf("%s: the file is UTF-16; convert it with "
		    "\"iconv -f UTF-16 -t UTF-8\" and import it again",
		    in->path);
		goto out;
	}
	if ((st.cluster = k8s_cluster_name(imp, in, errp)) == NULL)
		goto out;
	strbuf_addf(&source, "k8s:%s", st.cluster);
	import_set_source(imp, source.buf);

	if (input_starts_with(in, '{') || input_starts_with(in, '['))
		rc = k8s_read_json(&st, errp);
	else
		rc = k8s_read_yaml(&st, errp);
	if (rc == 0)
		rc = k8s_check_empty(&st, errp);
	if (rc == 0 && (k8s_rbac_finish(&st, errp) == -1 ||
	    k8s_workload_finish(&st, errp) == -1 ||
	    k8s_finish_systems(&st) == -1))
		rc = -1;
	if (rc == 0)
		k8s_notes(&st);
out:
	strbuf_free(&source);
	k8s_state_free(&st);
	return rc;
}

const struct importer importer_k8s = {
	.name = "k8s",
	.summary = "Kubernetes RBAC, service accounts, secrets and workloads "
	    "(kubectl JSON or YAML, manifests)",
	.sniff = k8s_sniff,
	.run = k8s_run,
};
