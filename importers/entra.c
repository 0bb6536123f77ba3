/*
 * Microsoft Entra ID: a folder of Microsoft Graph responses for one
 * tenant, as "az rest" or a Graph SDK script saves them, and ROADrecon's
 * roadrecon.db (entra_roadrecon.c). A response page is
 * {"@odata.context": "...", "@odata.nextLink": "...", "value": [...]};
 * a file may hold several pages one after another, or be split over
 * several files, or be a bare array of the records.
 *
 * A file's collection comes from its @odata.context ("...$metadata#users",
 * "...#servicePrincipals('ID')/appRoleAssignments"), else from its name
 * (users.json, servicePrincipals/ID/owners.json). Object files are read
 * twice: first to index every object by id, because relationships name
 * service principals by object id and they are keyed by appId, then to
 * describe them. The relationships are read last. The source is
 * "entra:<tenant id>": the id of organization.json, else the tenant that
 * owns the applications the export lists (the appOwnerOrganizationId of
 * their service principals).
 */
#include "entra.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "folder.h"
#include "import.h"
#include "importer.h"
#include "input.h"
#include "json.h"
#include "json_pages.h"
#include "jsonw.h"
#include "nodeset.h"
#include "redact.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

/* Collection names, as @odata.context and file names spell them. */
static const struct {
	const char	*name;		/* lower case, no '-' or '_' */
	enum entra_set	 set;
} entra_names[] = {
	{ "organization", ENTRA_ORGANIZATION },
	{ "users", ENTRA_USERS },
	{ "groups", ENTRA_GROUPS },
	{ "applications", ENTRA_APPLICATIONS },
	{ "serviceprincipals", ENTRA_SERVICE_PRINCIPALS },
	{ "directoryroles", ENTRA_DIRECTORY_ROLES },
	{ "roledefinitions", ENTRA_ROLE_DEFINITIONS },
	{ "roleassignments", ENTRA_ROLE_ASSIGNMENTS },
	{ "oauth2permissiongrants", ENTRA_OAUTH2_GRANTS },
	{ "approleassignments", ENTRA_APP_ROLE_ASSIGNMENTS },
	{ "approleassignedto", ENTRA_APP_ROLE_ASSIGNMENTS },
	{ "members", ENTRA_MEMBERS },
	{ "owners", ENTRA_OWNERS },
	{ "federatedidentitycredentials", ENTRA_FEDERATED },
	{ "serviceprincipalsigninactivities", ENTRA_SP_SIGNINS },
	{ "appcredentialsigninactivities", ENTRA_CRED_SIGNINS },
};

#define ENTRA_NNAMES	(sizeof(entra_names) / sizeof(entra_names[0]))

int
entra_warn(struct entra *e, const char *path, char **errp,
    const char *fmt, ...)
{
	struct strbuf	 msg;
	va_list		 ap;
	char		*where;
	int		 rc;

	strbuf_init(&msg);
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	where = folder_record_path(e->rel, e->page, e->npages, path);
	rc = import_warn(e->imp, where, errp, "%s", msg.buf);
	free(where);
	strbuf_free(&msg);
	return rc;
}

int
entra_time(struct entra *e, const cJSON *obj, const char *member,
    const char *path, int64_t *out, char **errp)
{
	const char	*v = json_str(obj, member);

	*out = TSTAMP_UNKNOWN;
	if (v == NULL && json_get(obj, member) != NULL &&
	    !cJSON_IsNull(json_get(obj, member)))
		return entra_warn(e, path, errp, "%s is not a string; left "
		    "unknown", member);
	if (v == NULL)
		return 0;
	if (tstamp_parse(v, out) == -1) {
		*out = TSTAMP_UNKNOWN;
		return entra_warn(e, path, errp, "%s \"%s\" is not an ISO 8601 "
		    "time; left unknown", member, v);
	}
	return 0;
}

const char *
entra_str2(const cJSON *obj, const char *a, const char *b)
{
	const char	*v = json_str(obj, a);

	return v != NULL ? v : json_str(obj, b);
}

const char *
entra_id(const cJSON *rec)
{
	return entra_str2(rec, "id", "objectId");
}

struct entra_object *
entra_note(struct entra *e, const char *id, enum entra_set set,
    const char *key, const char *app_id, const char *name)
{
	struct entra_object	*o;
	uint64_t		 idx;

	if (hmap_get(e->object_index, id, strlen(id), &idx))
		return &e->objects[idx];
	e->objects = xreallocarray(e->objects, e->nobjects + 1,
	    sizeof(*e->objects));
	hmap_put(e->object_index, id, strlen(id), e->nobjects);
	o = &e->objects[e->nobjects++];
	o->key = xstrdup(key);
	o->set = set;
	o->app_id = app_id != NULL ? xstrdup(app_id) : NULL;
	o->name = name != NULL ? xstrdup(name) : NULL;
	o->owner_tenant = NULL;
	if (set == ENTRA_APPLICATIONS && app_id != NULL)
		hmap_put(e->app_index, app_id, strlen(app_id), e->nobjects - 1);
	if (set == ENTRA_SERVICE_PRINCIPALS && app_id != NULL)
		hmap_put(e->sp_index, app_id, strlen(app_id), e->nobjects - 1);
	return o;
}

const struct entra_object *
entra_object(const struct entra *e, const char *id)
{
	uint64_t	 idx;

	if (id == NULL || !hmap_get(e->object_index, id, strlen(id), &idx))
		return NULL;
	return &e->objects[idx];
}

char *
entra_ref(struct entra *e, const char *id, const char *type)
{
	const struct entra_object	*o = entra_object(e, id);
	struct nodeset_node		*n;
	enum kind_node			 kind = KIND_NODE_OTHER;
	const char			*kinds = "EntraDirectoryObject";
	char				*key;

	if (o != NULL)
		return xstrdup(o->key);
	key = xasprintf("entra:%s", id);
	if (type != NULL && strcasestr(type, "user") != NULL) {
		kind = KIND_NODE_HUMAN;
		kinds = "EntraUser";
	} else if (type != NULL && strcasestr(type, "group") != NULL) {
		kind = KIND_NODE_GROUP;
		kinds = "EntraGroup";
	} else if (type != NULL && strcasestr(type, "serviceprincipal") !=
	    NULL) {
		kind = KIND_NODE_SERVICE_ACCOUNT;
		kinds = "EntraServicePrincipal";
	}
	n = nodeset_node(e->ns, key, NULL);
	nodeset_refer(n, kind, kinds, NULL);
	return key;
}

void
entra_copy(struct entra *e, const char *key, const cJSON *rec,
    const char *const *names, size_t count)
{
	struct nodeset_node	*n = nodeset_node(e->ns, key, NULL);
	const cJSON		*v;
	struct strbuf		 sb;
	char			 buf[JSON_TEXT_BUFSZ];
	size_t			 i;
	int			 b;

	for (i = 0; i < count; i++) {
		v = json_get(rec, names[i]);
		if (json_bool(rec, names[i], &b) == 1)
			nodeset_attr_bool(n, names[i], b);
		else if (cJSON_IsArray(v)) {
			/* Lists of strings only; others are left out. */
			const cJSON	*item;

			strbuf_init(&sb);
			strbuf_addch(&sb, '[');
			cJSON_ArrayForEach(item, v) {
				if (!cJSON_IsString(item))
					continue;
				if (sb.len > 1)
					strbuf_addch(&sb, ',');
				jsonw_escape(&sb, item->valuestring,
				    strlen(item->valuestring));
			}
			strbuf_addch(&sb, ']');
			nodeset_attr_raw(n, names[i], sb.buf);
			strbuf_free(&sb);
		} else
			nodeset_attr_str(n, names[i],
			    json_text(rec, names[i], buf));
	}
}

void
entra_edge(struct entra *e, const char *src, const char *dst,
    enum kind_edge kind, const char *raw, const char *attrs)
{
	struct record_edge	 r;

	record_edge_init(&r);
	r.src = src;
	r.dst = dst;
	r.kind = kind;
	r.raw = raw;
	r.attrs = attrs;
	nodeset_edge(e->ns, &r);
}

/* The collection a name denotes ("servicePrincipals", "owners.json"). */
static enum entra_set
entra_name_set(const char *s, size_t len)
{
	char	 buf[64];
	size_t	 i, n = 0;

	if (len > 5 && strncasecmp(s + len - 5, ".json", 5) == 0)
		len -= 5;
	for (i = 0; i < len && n + 1 < sizeof(buf); i++) {
		if (s[i] == '-' || s[i] == '_')
			continue;
		buf[n++] = (char)tolower((unsigned char)s[i]);
	}
	buf[n] = '\0';
	for (i = 0; i < ENTRA_NNAMES; i++) {
		if (strcmp(buf, entra_names[i].name) == 0)
			return entra_names[i].set;
	}
	return ENTRA_UNKNOWN;
}

/*
 * The collection of an @odata.context: the last path segment after '#'
 * ("$entity" skipped, "(select list)" dropped), and in *parent the id in
 * a key segment such as "servicePrincipals('ID')".
 */
static enum entra_set
entra_context_set(const char *ctx, char **parent)
{
	const char	*p = strchr(ctx, '#'), *seg, *end, *q, *last = NULL;
	size_t		 last_len = 0;

	*parent = NULL;
	if (p == NULL)
		return ENTRA_UNKNOWN;
	for (seg = p + 1; *seg != '\0'; seg = *end != '\0' ? end + 1 : end) {
		end = seg + strcspn(seg, "/");
		if (end - seg == 7 && strncmp(seg, "$entity", 7) == 0)
			continue;
		q = memchr(seg, '(', (size_t)(end - seg));
		if (q != NULL && q[1] == '\'') {
			const char	*close = strchr(q + 2, '\'');

			if (close != NULL && close < end) {
				free(*parent);
				*parent = xstrndup(q + 2,
				    (size_t)(close - q - 2));
			}
		}
		last = seg;
		last_len = q != NULL ? (size_t)(q - seg) : (size_t)(end - seg);
	}
	return last != NULL ? entra_name_set(last, last_len) : ENTRA_UNKNOWN;
}

/* The value of "@odata.context" when a page starts with it, or NULL. */
static char *
entra_page_context(const char *p, size_t len)
{
	static const char	 key[] = "\"@odata.context\"";
	struct strbuf		 sb;
	size_t			 i = 0;

	while (i < len && isspace((unsigned char)p[i]))
		i++;
	if (i >= len || p[i++] != '{')
		return NULL;
	while (i < len && isspace((unsigned char)p[i]))
		i++;
	if (len - i < sizeof(key) - 1 || memcmp(p + i, key, sizeof(key) - 1))
		return NULL;
	for (i += sizeof(key) - 1; i < len && (isspace((unsigned char)p[i]) ||
	    p[i] == ':'); i++)
		;
	if (i >= len || p[i++] != '"')
		return NULL;
	strbuf_init(&sb);
	for (; i < len && p[i] != '"'; i++) {
		if (p[i] == '\\' && i + 1 < len && strchr("\"\\/", p[i + 1]))
			i++;
		else if (p[i] == '\\' || (unsigned char)p[i] < 0x20) {
			strbuf_free(&sb);
			return NULL;
		}
		strbuf_addch(&sb, p[i]);
	}
	return strbuf_detach(&sb);
}

/* A file of the export with its collection and parent object. */
struct entra_file {
	const char	*path;
	const char	*rel;
	enum entra_set	 set;
	char		*parent;
};

/* The id folder of a relative path "set/ID/name.json", or NULL. */
static char *
entra_path_parent(const char *rel)
{
	const char	*last = strrchr(rel, '/'), *prev;

	if (last == NULL)
		return NULL;
	for (prev = last; prev > rel && prev[-1] != '/'; prev--)
		;
	return prev < last ? xstrndup(prev, (size_t)(last - prev)) : NULL;
}

/* Work out a file's collection from its context, else its name. */
static void
entra_classify(const struct input *in, const char *rel, struct entra_file *f)
{
	size_t	 start, plen;
	char	*ctx = NULL;

	f->set = ENTRA_UNKNOWN;
	f->parent = NULL;
	if (json_pages_first(in->data, in->len, &start, &plen))
		ctx = entra_page_context(in->data + start, plen);
	if (ctx != NULL)
		f->set = entra_context_set(ctx, &f->parent);
	if (f->set == ENTRA_UNKNOWN)
		f->set = entra_name_set(folder_base(rel),
		    strlen(folder_base(rel)));
	if (f->parent == NULL && (f->set == ENTRA_MEMBERS ||
	    f->set == ENTRA_OWNERS || f->set == ENTRA_FEDERATED ||
	    f->set == ENTRA_APP_ROLE_ASSIGNMENTS))
		f->parent = entra_path_parent(rel);
	free(ctx);
}

/* The route callback for a collection in a pass, or NULL to skip it. */
static json_record_fn
entra_handler(enum entra_set set, int pass)
{
	static const json_record_fn objects[ENTRA_NSETS] = {
		[ENTRA_ORGANIZATION] = entra_organization,
		[ENTRA_USERS] = entra_user,
		[ENTRA_GROUPS] = entra_group,
		[ENTRA_APPLICATIONS] = entra_application,
		[ENTRA_SERVICE_PRINCIPALS] = entra_service_principal,
		[ENTRA_DIRECTORY_ROLES] = entra_directory_role,
		[ENTRA_ROLE_DEFINITIONS] = entra_role_definition,
	};
	static const json_record_fn relations[ENTRA_NSETS] = {
		[ENTRA_ROLE_ASSIGNMENTS] = entra_role_assignment,
		[ENTRA_OAUTH2_GRANTS] = entra_oauth2_grant,
		[ENTRA_APP_ROLE_ASSIGNMENTS] = entra_app_role_assignment,
		[ENTRA_MEMBERS] = entra_member,
		[ENTRA_OWNERS] = entra_owner,
		[ENTRA_FEDERATED] = entra_federated,
		[ENTRA_SP_SIGNINS] = entra_sp_signin,
		[ENTRA_CRED_SIGNINS] = entra_cred_signin,
	};

	if (pass == 1)
		return objects[set] != NULL ? entra_index : NULL;
	return pass == 2 ? objects[set] : relations[set];
}

/* The top-level members of a page that decide how it is read. */
struct entra_shape {
	int	 value;
	int	 value_bad;	/* "value" is there but not a list */
	int	 next;
};

static int
entra_on_member(void *ctx, const char *key, int type)
{
	struct entra_shape	*s = ctx;

	if (strcmp(key, "value") == 0 && type == cJSON_Array)
		s->value = 1;
	else if (strcmp(key, "value") == 0 && type != cJSON_NULL)
		s->value_bad = 1;
	else if (strcmp(key, "@odata.nextLink") == 0)
		s->next = 1;
	return 0;
}

/* Members of directory objects that the importer reads as lists. */
static const char *const entra_lists[] = {
	"passwordCredentials", "keyCredentials", "appRoles",
	"oauth2PermissionScopes", "publishedPermissionScopes",
	"federatedIdentityCredentials", "members", "owners",
	"appRoleAssignments", "appRoleAssignedTo", "requiredResourceAccess",
	"identifierUris", "servicePrincipalNames", "tags", "otherMails",
	"groupTypes", "verifiedDomains", NULL
};

/*
 * Remove the members of entra_lists that are not lists, without a
 * warning: the first pass only indexes, and the second warns.
 */
static void
entra_drop_bad_lists(cJSON *rec)
{
	const cJSON	*v;
	size_t		 i;

	for (i = 0; entra_lists[i] != NULL; i++) {
		v = json_get(rec, entra_lists[i]);
		if (v != NULL && !cJSON_IsNull(v) && !cJSON_IsArray(v))
			json_drop(rec, entra_lists[i]);
	}
}

int
entra_redact(struct entra *e, const char *path, cJSON *rec, int quiet,
    char **errp)
{
	static const char *const lists[] = {
		"passwordCredentials", "keyCredentials"
	};
	struct strbuf	 cpath;
	cJSON		*c;
	char		*where;
	size_t		 i, j;
	int		 flags = quiet ? REDACT_QUIET : 0, rc = 0;

	where = folder_record_path(e->rel, e->page, e->npages, path);
	strbuf_init(&cpath);
	if (quiet)
		entra_drop_bad_lists(rec);
	else
		rc = import_check_shape(e->imp, where, rec, entra_lists, NULL,
		    errp);
	for (i = 0; i < 2 && rc == 0; i++) {
		j = 0;
		cJSON_ArrayForEach(c, json_get(rec, lists[i])) {
			strbuf_reset(&cpath);
			strbuf_addf(&cpath, "%s.%s[%zu]", where, lists[i], j++);
			if ((rc = redact_record(e->imp, cpath.buf, c,
			    flags | REDACT_CREDENTIAL, errp)) == -1)
				break;
		}
	}
	if (rc == 0)
		rc = redact_record(e->imp, where, rec, flags, errp);
	strbuf_free(&cpath);
	free(where);
	return rc;
}

/*
 * Replace a record's secrets, then read it with the callback of the
 * pass. The first pass only indexes objects, which the second reads
 * again, so it replaces them without warnings.
 */
static int
entra_record(void *ctx, const char *path, cJSON *rec, const char *problem,
    char **errp)
{
	struct entra	*e = ctx;

	if (problem == NULL && entra_redact(e, path, rec,
	    e->fn == entra_index, errp) == -1)
		return -1;
	return e->fn(e, path, rec, problem, errp);
}

/* The state of reading one file's pages. */
struct entra_read {
	struct entra		*e;
	const char		*path;
	json_record_fn		 fn;
	int			 pass;
};

static int
entra_read_page(void *ctx, const struct json_page *page, char **errp)
{
	struct entra_read	*r = ctx;
	struct entra		*e = r->e;
	struct entra_shape	 s;
	struct json_route	 route;
	char			*name;
	int			 rc;

	e->page = page->index;
	memset(&s, 0, sizeof(s));
	if (page->data[0] == '{' && json_members(page->data, page->len,
	    r->path, entra_on_member, &s, NULL, errp) == -1)
		return -1;
	if (r->pass == 3 || (r->pass == 2 && entra_handler(e->set, 3) ==
	    NULL)) {
		e->pages[e->set]++;
		e->next_links[e->set] += s.next;
		if (s.value_bad)
			return entra_warn(e, "value", errp, "the page's value "
			    "is not a list; page skipped");
	}
	if (s.value_bad)
		return 0;
	e->fn = r->fn;
	route.fn = entra_record;
	if (s.value)
		route.pattern = "value[]";
	else if (page->data[0] == '[')
		route.pattern = "[]";
	else
		route.pattern = "";
	name = e->npages > 1 ? xasprintf("%s (page %zu from line %zu)",
	    r->path, page->index + 1, page->line) : xstrdup(r->path);
	rc = json_stream(page->data, page->len, name, &route, 1, e, NULL,
	    errp);
	free(name);
	return rc;
}

/* Read one file in one pass. */
static int
entra_file(struct entra *e, const struct entra_file *f, int pass,
    char **errp)
{
	struct entra_read	 r;
	struct input		*in;
	json_record_fn		 fn = entra_handler(f->set, pass);
	long			 n;

	if (fn == NULL)
		return 0;
	if (input_open(f->path, INPUT_MAX_SIZE, &in, errp) == -1)
		return -1;
	e->file = f->path;
	e->rel = e->folder ? f->rel : NULL;
	e->set = f->set;
	free(e->parent);
	e->parent = f->parent != NULL ? xstrdup(f->parent) : NULL;
	e->page = 0;
	e->npages = json_pages_count(in->data, in->len);
	r.e = e;
	r.path = f->path;
	r.fn = fn;
	r.pass = pass;
	n = json_pages(in->data, in->len, entra_read_page, &r, errp);
	if (n == 0)
		*errp = xasprintf("%s: the file holds no JSON document",
		    f->path);
	input_close(in);
	return n <= 0 ? -1 : 0;
}

/* 1 when a file looks like a Microsoft Graph response. */
static int
entra_looks_graph(const struct input *in)
{
	return input_contains(in, "\"@odata.context\"", 1 << 16) &&
	    input_contains(in, "graph.microsoft.com", 1 << 16);
}

static int
entra_sniff_dir(const char *path)
{
	struct folder_list	 files;
	struct input		*in;
	char			*err = NULL;
	size_t			 i, n = 0;
	int			 other = 0;

	if (folder_list(path, &files, &err) == -1) {
		free(err);
		return 0;
	}
	for (i = 0; i < files.n && !other; i++) {
		if (input_open(files.v[i].path, INPUT_MAX_SIZE, &in,
		    &err) == -1) {
			free(err);
			err = NULL;
			continue;
		}
		if (entra_looks_graph(in))
			n++;
		else if (importer_sniff(in) != NULL)
			other = 1;
		input_close(in);
	}
	folder_list_free(&files);
	return !other && n > 0 ? 88 : 0;
}

/* Single Graph files are read as a folder of one file. */
static int
entra_sniff(const struct input *in)
{
	return !in->folder && entra_looks_graph(in) ? 85 : 0;
}

/* Classify the files of the input (a folder, or one file). */
static struct entra_file *
entra_files(struct entra *e, const struct input *in,
    const struct folder_list *list, size_t *n)
{
	struct entra_file	*files;
	struct input		*fin;
	char			*err = NULL;
	size_t			 i;

	files = xcalloc(list->n + 1, sizeof(*files));
	*n = 0;
	for (i = 0; i < list->n; i++) {
		if (input_open(list->v[i].path, INPUT_MAX_SIZE, &fin,
		    &err) == -1) {
			free(err);
			err = NULL;
			continue;
		}
		entra_classify(fin, list->v[i].rel, &files[*n]);
		input_close(fin);
		if (files[*n].set == ENTRA_UNKNOWN) {
			import_note(e->imp, "%s: skipped, not a Microsoft "
			    "Graph collection trustwalk reads",
			    in->folder ? list->v[i].rel : in->path);
			continue;
		}
		files[*n].path = list->v[i].path;
		files[*n].rel = list->v[i].rel;
		(*n)++;
	}
	return files;
}

static int
entra_run(struct import *imp, const struct input *in, char **errp)
{
	struct entra		 e;
	struct folder_list	 list;
	struct entra_file	*files;
	size_t			 i, n;
	int			 pass, rc = -1;

	entra_init(&e, imp);
	e.folder = in->folder;
	memset(&list, 0, sizeof(list));
	if (in->folder) {
		if (folder_list(in->path, &list, errp) == -1)
			goto out;
	} else {
		list.v = xcalloc(1, sizeof(*list.v));
		list.v[0].path = xstrdup(in->path);
		list.v[0].rel = xstrdup(in->name);
		list.n = 1;
	}
	files = entra_files(&e, in, &list, &n);
	for (pass = 1, rc = 0; pass <= 3 && rc == 0; pass++) {
		for (i = 0; i < n && rc == 0; i++)
			rc = entra_file(&e, &files[i], pass, errp);
		if (pass == 1)
			entra_infer_tenant(&e);
	}
	if (rc == 0)
		rc = entra_finish(&e, errp);
	for (i = 0; i < n; i++)
		free(files[i].parent);
	free(files);
out:
	folder_list_free(&list);
	entra_free(&e);
	return rc;
}

const struct importer importer_entra = {
	.name = "entra-graph",
	.summary = "Entra ID: Microsoft Graph JSON (users, groups, apps, "
	    "service principals, credentials, grants, roles), a folder or a "
	    "file",
	.sniff = entra_sniff,
	.sniff_dir = entra_sniff_dir,
	.run = entra_run,
};

void
entra_init(struct entra *e, struct import *imp)
{
	memset(e, 0, sizeof(*e));
	e->imp = imp;
	e->ns = nodeset_create();
	e->object_index = hmap_create(1024);
	e->app_index = hmap_create(256);
	e->sp_index = hmap_create(256);
	e->perm_index = hmap_create(256);
	e->role_names = hmap_create(64);
}

void
entra_free(struct entra *e)
{
	size_t	 i;

	for (i = 0; i < e->nobjects; i++) {
		free(e->objects[i].key);
		free(e->objects[i].app_id);
		free(e->objects[i].name);
		free(e->objects[i].owner_tenant);
	}
	for (i = 0; i < e->nperms; i++) {
		free(e->perms[i].id);
		free(e->perms[i].value);
	}
	for (i = 0; i < e->nrole_names; i++)
		free(e->role_name_v[i]);
	free(e->role_name_v);
	free(e->objects);
	free(e->perms);
	free(e->parent);
	free(e->tenant);
	free(e->tenant_name);
	hmap_free(e->object_index);
	hmap_free(e->app_index);
	hmap_free(e->sp_index);
	hmap_free(e->perm_index);
	hmap_free(e->role_names);
	nodeset_free(e->ns);
}

/* Warn about collections whose last page is missing. */
static int
entra_check_pages(struct entra *e, char **errp)
{
	static const char *const names[ENTRA_NSETS] = {
		"?", "organization", "users", "groups", "applications",
		"servicePrincipals", "directoryRoles", "roleDefinitions",
		"roleAssignments", "oauth2PermissionGrants",
		"appRoleAssignments", "members", "owners",
		"federatedIdentityCredentials",
		"servicePrincipalSignInActivities",
		"appCredentialSignInActivities"
	};
	size_t	 i;

	e->page = 0;
	e->npages = 1;
	e->rel = NULL;
	for (i = 1; i < ENTRA_NSETS; i++) {
		if (e->pages[i] == 0 || e->next_links[i] < e->pages[i])
			continue;
		if (entra_warn(e, names[i], errp, "every page of the %s "
		    "collection has an @odata.nextLink, so its last page is "
		    "missing; import every page", names[i]) == -1)
			return -1;
	}
	return 0;
}

/* The tenant that owns the applications the export lists, or NULL. */
static const char *
entra_owning_tenant(struct entra *e)
{
	const struct entra_object	*o;
	size_t				 i;
	uint64_t			 idx;

	for (i = 0; i < e->nobjects; i++) {
		o = &e->objects[i];
		if (o->set == ENTRA_SERVICE_PRINCIPALS && o->app_id != NULL &&
		    o->owner_tenant != NULL && hmap_get(e->app_index,
		    o->app_id, strlen(o->app_id), &idx))
			return o->owner_tenant;
	}
	return NULL;
}

void
entra_infer_tenant(struct entra *e)
{
	const char	*tenant;

	if (e->tenant == NULL && (tenant = entra_owning_tenant(e)) != NULL)
		e->tenant = xstrdup(tenant);
}

int
entra_finish(struct entra *e, char **errp)
{
	struct nodeset_node	*n;
	char			*key, *source;
	const char		*tenant;

	if (entra_check_pages(e, errp) == -1)
		return -1;
	entra_infer_tenant(e);
	if ((tenant = e->tenant) != NULL) {
		key = xasprintf("entra:%s", tenant);
		n = nodeset_node(e->ns, key, NULL);
		nodeset_refer(n, KIND_NODE_SYSTEM, "EntraTenant",
		    e->tenant_name != NULL ? e->tenant_name : tenant);
		nodeset_attr_str(n, "tenant_id", tenant);
		source = xasprintf("entra:%s", tenant);
		import_set_source(e->imp, source);
		free(source);
		free(key);
	} else
		import_note(e->imp, "no organization file and no application "
		    "owned by the tenant, so the source stays the file name");
	return nodeset_emit(e->ns, e->imp);
}
