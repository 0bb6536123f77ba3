/*
 * Google Cloud IAM: Cloud Asset Inventory exports (IAM policies and
 * resources, as a JSON array, JSON Lines, or the ListAssets and
 * SearchAllIamPolicies responses), "gcloud iam service-accounts list"
 * and "keys list" output, and "get-iam-policy" output. A file is one
 * snapshot; a folder of such files (one project's or organisation's
 * exports) is one snapshot too.
 *
 * Each file is recognised by its shape: an object with "bindings" is a
 * policy, whose resource comes from the file name (see gcp_policy_file()).
 * Otherwise the fields of each record give its type: an asset has a name
 * and an asset type, an account an e-mail, a key a name under "/keys/". The
 * source is "gcp:organizations/N" when the files name one organisation,
 * else "gcp:<project>" for the one project they describe.
 */
#include "gcp.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "folder.h"
#include "import.h"
#include "importer.h"
#include "input.h"
#include "json.h"
#include "json_pages.h"
#include "nodeset.h"
#include "redact.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

#define GCP_SNIFF_LIMIT		(64u << 10)

int
gcp_warn(struct gcp *g, const char *path, char **errp, const char *fmt, ...)
{
	struct strbuf	 msg;
	va_list		 ap;
	char		*where;
	int		 rc;

	strbuf_init(&msg);
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	where = folder_record_path(g->rel, g->page, g->npages, path);
	rc = import_warn(g->imp, where, errp, "%s", msg.buf);
	free(where);
	strbuf_free(&msg);
	return rc;
}

struct gcp_project *
gcp_project(struct gcp *g, const char *number, const char *id)
{
	struct gcp_project	*p = NULL;
	uint64_t		 idx, by_number, by_id;
	int			 has_number, has_id;

	has_number = number != NULL && hmap_get(g->project_index, number,
	    strlen(number), &by_number);
	has_id = id != NULL && hmap_get(g->project_index, id, strlen(id),
	    &by_id);
	/* Both known as separate entries: fold the id's into the number's. */
	if (has_number && has_id && by_number != by_id &&
	    g->projects[by_number].id == NULL) {
		g->projects[by_id].merged = 1;
		has_id = 0;
	}
	if (has_number)
		p = &g->projects[idx = by_number];
	else if (has_id)
		p = &g->projects[idx = by_id];
	if (p == NULL) {
		g->projects = xreallocarray(g->projects, g->nprojects + 1,
		    sizeof(*g->projects));
		idx = g->nprojects++;
		p = &g->projects[idx];
		memset(p, 0, sizeof(*p));
	}
	if (number != NULL && p->number == NULL) {
		p->number = xstrdup(number);
		hmap_put(g->project_index, number, strlen(number), idx);
	}
	if (id != NULL && p->id == NULL) {
		p->id = xstrdup(id);
		hmap_put(g->project_index, id, strlen(id), idx);
	}
	return p;
}

void
gcp_org(struct gcp *g, const char *org)
{
	if (g->org == NULL) {
		g->org = xstrdup(org);
		g->orgs = 1;
	} else if (strcmp(g->org, org) != 0)
		g->orgs++;
}

/* 1 when s is all digits, as project numbers are. */
static int
gcp_digits(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	return len > 0;
}

void
gcp_note_scope(struct gcp *g, const char *name)
{
	const char	*p, *end;
	char		*part;
	size_t		 len;

	if ((p = strstr(name, "projects/")) != NULL &&
	    (p == name || p[-1] == '/')) {
		p += 9;
		end = p + strcspn(p, "/");
		len = (size_t)(end - p);
		if (len > 0 && !(len == 1 && *p == '-')) {
			part = xstrndup(p, len);
			if (gcp_digits(part, len))
				gcp_project(g, part, NULL);
			else
				gcp_project(g, NULL, part);
			free(part);
		}
	}
	if ((p = strstr(name, "organizations/")) != NULL &&
	    (p == name || p[-1] == '/')) {
		end = p + 14 + strcspn(p + 14, "/");
		part = xstrndup(p, (size_t)(end - p));
		if (end > p + 14)
			gcp_org(g, part);
		free(part);
	}
}

void
gcp_note_ancestor(struct gcp *g, const char *project, const char *scope)
{
	struct gcp_ancestor	*a;
	char			*name;
	uint64_t		 idx;

	name = xasprintf("%s %s", project, scope);
	if (!hmap_get(g->ancestor_index, name, strlen(name), &idx)) {
		g->ancestors = xreallocarray(g->ancestors, g->nancestors + 1,
		    sizeof(*g->ancestors));
		hmap_put(g->ancestor_index, name, strlen(name), g->nancestors);
		a = &g->ancestors[g->nancestors++];
		a->project = xstrdup(project);
		a->scope = xstrdup(scope);
	}
	free(name);
}

char *
gcp_resource_key(const char *full_name)
{
	const char	*sa;

	if (strncmp(full_name, "//iam.googleapis.com/", 21) == 0 &&
	    (sa = strstr(full_name, "/serviceAccounts/")) != NULL &&
	    strchr(sa + 17, '/') == NULL)
		return xasprintf("gcp:serviceAccount:%s", sa + 17);
	return xasprintf("gcp:%s", full_name);
}

char *
gcp_project_name(const char *project)
{
	return xasprintf(GCP_CRM "projects/%s", project);
}

const char *
gcp_short_name(const char *full_name)
{
	const char	*rest = full_name, *p;
	int		 slashes = 0;

	/* Drop "//service/", then keep at most the last two parts. */
	if (strncmp(rest, "//", 2) == 0 && (p = strchr(rest + 2, '/')) !=
	    NULL)
		rest = p + 1;
	p = rest + strlen(rest);
	while (p > rest) {
		p--;
		if (*p == '/' && ++slashes == 2)
			return p + 1;
	}
	return rest;
}

int
gcp_time(struct gcp *g, const cJSON *obj, const char *member,
    const char *path, int64_t *out, char **errp)
{
	const char	*v = json_str(obj, member);

	*out = TSTAMP_UNKNOWN;
	if (v == NULL && json_get(obj, member) != NULL &&
	    !cJSON_IsNull(json_get(obj, member)))
		return gcp_warn(g, path, errp, "%s is not a string; left "
		    "unknown", member);
	if (v == NULL)
		return 0;
	if (tstamp_parse(v, out) == -1) {
		*out = TSTAMP_UNKNOWN;
		return gcp_warn(g, path, errp, "%s \"%s\" is not an ISO 8601 "
		    "time; left unknown", member, v);
	}
	return 0;
}

/* How sure we are that a file is a GCP export, from its first bytes. */
static int
gcp_sniff(const struct input *in)
{
	if (in->folder || (!input_starts_with(in, '[') &&
	    !input_starts_with(in, '{')))
		return 0;
	if (input_contains(in, "\"asset_type\"", GCP_SNIFF_LIMIT) ||
	    input_contains(in, "\"assetType\"", GCP_SNIFF_LIMIT))
		return 90;
	if (input_contains(in, "\"bindings\"", GCP_SNIFF_LIMIT) &&
	    input_contains(in, "\"members\"", GCP_SNIFF_LIMIT) &&
	    input_contains(in, "\"role\"", GCP_SNIFF_LIMIT))
		return 80;
	if (input_contains(in, "/serviceAccounts/", GCP_SNIFF_LIMIT) &&
	    input_contains(in, "gserviceaccount.com", GCP_SNIFF_LIMIT) &&
	    !input_contains(in, "\"graph\"", GCP_SNIFF_LIMIT))
		return 80;
	return 0;
}

/*
 * Claim a folder when at least one of its files is a GCP export and no
 * file is another format trustwalk reads.
 */
static int
gcp_sniff_dir(const char *path)
{
	struct folder_list	 files;
	const struct importer	*desc;
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
		desc = importer_sniff(in);
		if (desc == &importer_gcp)
			n++;
		else if (desc != NULL)
			other = 1;
		input_close(in);
	}
	folder_list_free(&files);
	return !other && n > 0 ? 90 : 0;
}

/* Replace the secrets in a record before it is read. */
static int
gcp_redact(struct gcp *g, const char *path, cJSON *rec, int flags,
    char **errp)
{
	char	*where;
	int	 rc;

	where = folder_record_path(g->rel, g->page, g->npages, path);
	rc = redact_record(g->imp, where, rec, flags, errp);
	free(where);
	return rc;
}

/* A record of an array, a JSON Lines file or a list response. */
static int
gcp_on_record(void *ctx, const char *path, cJSON *rec, const char *problem,
    char **errp)
{
	struct gcp	*g = ctx;
	const char	*name;

	if (problem != NULL)
		return gcp_warn(g, path, errp, "%s; record skipped", problem);
	if (!cJSON_IsObject(rec))
		return gcp_warn(g, path, errp, "record is not an object; "
		    "skipped");
	name = json_str(rec, "name");
	if (gcp_redact(g, path, rec, name != NULL &&
	    strstr(name, "/keys/") != NULL ? REDACT_CREDENTIAL : 0,
	    errp) == -1)
		return -1;
	if (cJSON_IsString(json_get(rec, "resource")) &&
	    cJSON_IsObject(json_get(rec, "policy")))
		return gcp_search_result(g, rec, path, errp);
	if (json_str(rec, "asset_type") != NULL ||
	    json_str(rec, "assetType") != NULL)
		return gcp_asset(g, rec, path, errp);
	name = json_str(rec, "name");
	if (name != NULL && strstr(name, "/keys/") != NULL)
		return gcp_key(g, rec, NULL, path, errp);
	if (json_str(rec, "email") != NULL && (name == NULL ||
	    strstr(name, "/serviceAccounts/") != NULL))
		return gcp_service_account(g, rec, path, errp);
	if (name != NULL && strncmp(name, "//", 2) == 0)
		return gcp_asset(g, rec, path, errp);
	return gcp_warn(g, path, errp, "record is neither an asset, a policy "
	    "search result, a service account nor a key; skipped");
}

/*
 * The full name of the resource whose get-iam-policy output a file holds,
 * from its name: "<type>-<id>.iam-policy.json" with type project, folder,
 * organization, serviceaccount or bucket. NULL when the name is not one
 * of these.
 */
static char *
gcp_policy_resource(const char *base)
{
	static const char *const types[][2] = {
		{ "project-", GCP_CRM "projects/" },
		{ "folder-", GCP_CRM "folders/" },
		{ "organization-", GCP_CRM "organizations/" },
		{ "bucket-", "//storage.googleapis.com/" },
	};
	static const char	 suffix[] = ".iam-policy.json";
	const char		*id, *at, *dot;
	char			*out = NULL, *project;
	size_t			 len = strlen(base), i;

	if (len <= sizeof(suffix) - 1 ||
	    strcmp(base + len - (sizeof(suffix) - 1), suffix) != 0)
		return NULL;
	len -= sizeof(suffix) - 1;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (strncmp(base, types[i][0], strlen(types[i][0])) == 0 &&
		    len > strlen(types[i][0]))
			return xasprintf("%s%.*s", types[i][1],
			    (int)(len - strlen(types[i][0])),
			    base + strlen(types[i][0]));
	}
	if (strncmp(base, "serviceaccount-", 15) == 0 && len > 15) {
		id = base + 15;
		at = memchr(id, '@', len - 15);
		dot = at != NULL ? strchr(at, '.') : NULL;
		project = at != NULL && dot != NULL && strncmp(dot,
		    ".iam.gserviceaccount.com", 24) == 0 ?
		    xstrndup(at + 1, (size_t)(dot - at - 1)) : xstrdup("-");
		out = xasprintf("//iam.googleapis.com/projects/%s/"
		    "serviceAccounts/%.*s", project, (int)(len - 15), id);
		free(project);
	}
	return out;
}

/* Read a get-iam-policy output; its resource comes from the file name. */
static int
gcp_policy_file(struct gcp *g, const char *data, size_t len, char **errp)
{
	cJSON	*doc;
	char	*resource;
	int	 rc;

	resource = gcp_policy_resource(folder_base(g->file));
	if (resource == NULL) {
		*errp = xasprintf("%s: an IAM policy (get-iam-policy output) "
		    "does not name its resource, so the file name must: "
		    "project-ID, folder-N, organization-N, serviceaccount-"
		    "EMAIL or bucket-NAME, followed by .iam-policy.json",
		    g->file);
		return -1;
	}
	if ((doc = json_parse(data, len, g->file, NULL, errp)) == NULL) {
		free(resource);
		return -1;
	}
	gcp_note_scope(g, resource);
	rc = gcp_redact(g, "", doc, 0, errp);
	if (rc == 0)
		rc = gcp_policy(g, resource, doc, "", errp);
	cJSON_Delete(doc);
	free(resource);
	return rc;
}

/*
 * 1 when a file is JSON Lines: its first document ends on its first line
 * and another document starts on a later line.
 */
static int
gcp_is_lines(const char *data, size_t len)
{
	const char	*nl;
	size_t		 start, plen;

	if (!json_pages_first(data, len, &start, &plen) ||
	    (nl = memchr(data + start, '\n', len - start)) == NULL ||
	    start + plen > (size_t)(nl - data))
		return 0;
	return json_pages_count(nl + 1, len - (size_t)(nl + 1 - data)) > 0;
}

/* The members of a top-level object that decide how a file is read. */
struct gcp_shape {
	int		 bindings;
	const char	*list;		/* "assets", "results", ... */
};

static int
gcp_on_member(void *ctx, const char *key, int type)
{
	static const char *const lists[] = {
		"assets", "results", "accounts", "keys"
	};
	struct gcp_shape	*shape = ctx;
	size_t			 i;

	if (strcmp(key, "bindings") == 0)
		shape->bindings = 1;
	for (i = 0; i < 4 && type == cJSON_Array; i++) {
		if (strcmp(key, lists[i]) == 0 && shape->list == NULL)
			shape->list = lists[i];
	}
	return 0;
}

/* Read a file whose first document is an object. */
static int
gcp_object_file(struct gcp *g, const char *data, size_t len, char **errp)
{
	static const struct json_route	 whole[] = {{ "", gcp_on_record }};
	struct gcp_shape		 shape;
	struct json_route		 list;
	size_t				 start = 0, plen = 0;
	char				 pattern[32];
	int				 lines = gcp_is_lines(data, len);

	memset(&shape, 0, sizeof(shape));
	json_pages_first(data, len, &start, &plen);
	if (json_members(data + start, plen, g->file, gcp_on_member, &shape,
	    NULL, errp) == -1) {
		if (!lines)
			return -1;
		/* In JSON Lines a bad line is one skipped record. */
		free(*errp);
		*errp = NULL;
	}
	if (shape.bindings && shape.list == NULL)
		return gcp_policy_file(g, data + start, plen, errp);
	if (shape.list != NULL) {
		snprintf(pattern, sizeof(pattern), "%s[]", shape.list);
		list.pattern = pattern;
		list.fn = gcp_on_record;
		return json_pages_stream(data, len, g->file, &list, 1, g,
		    &g->page, errp);
	}
	if (lines) {
		g->npages = 1;
		return json_stream_lines(data, len, g->file, gcp_on_record, g,
		    NULL, errp);
	}
	return json_pages_stream(data, len, g->file, whole, 1, g, &g->page,
	    errp);
}

/* Read one file of the input. */
static int
gcp_file(struct gcp *g, const char *path, const char *data, size_t len,
    char **errp)
{
	static const struct json_route	 array[] = {{ "[]", gcp_on_record }};
	size_t				 start, plen;

	g->file = path;
	g->page = 0;
	g->npages = json_pages_count(data, len);
	if (!json_pages_first(data, len, &start, &plen)) {
		*errp = xasprintf("%s: the file is empty; it holds no GCP "
		    "export", path);
		return -1;
	}
	if (data[start] == '[')
		return json_pages_stream(data, len, path, array, 1, g,
		    &g->page, errp);
	if (data[start] == '{')
		return gcp_object_file(g, data, len, errp);
	*errp = xasprintf("%s: not JSON: a GCP export is a JSON array, an "
	    "object or JSON Lines", path);
	return -1;
}

/* Read every GCP file of a folder; other files are noted and skipped. */
static int
gcp_folder(struct gcp *g, const char *dir, char **errp)
{
	struct folder_list	 files;
	struct input		*in;
	size_t			 i;
	int			 rc = 0;

	if (folder_list(dir, &files, errp) == -1)
		return -1;
	for (i = 0; i < files.n && rc == 0; i++) {
		if (input_open(files.v[i].path, INPUT_MAX_SIZE, &in,
		    errp) == -1) {
			rc = -1;
			break;
		}
		g->rel = files.v[i].rel;
		if (gcp_sniff(in) > 0)
			rc = gcp_file(g, in->path, in->data + input_bom(in),
			    in->len - input_bom(in), errp);
		else
			import_note(g->imp, "%s: skipped, not a GCP export",
			    files.v[i].rel);
		input_close(in);
	}
	folder_list_free(&files);
	return rc;
}

/*
 * Fold the two names of a project: nodes keyed by the project id (as
 * gcloud names projects) are aliased to the number (as asset names do),
 * bindings on the project included.
 */
static void
gcp_alias_projects(struct gcp *g)
{
	const char	*key;
	char		*from, *to, *alias;
	size_t		 i, j, n = nodeset_count(g->ns), flen;

	for (i = 0; i < g->nprojects; i++) {
		if (g->projects[i].merged || g->projects[i].id == NULL ||
		    g->projects[i].number == NULL)
			continue;
		from = xasprintf("gcp:" GCP_CRM "projects/%s",
		    g->projects[i].id);
		to = xasprintf("gcp:" GCP_CRM "projects/%s",
		    g->projects[i].number);
		flen = strlen(from);
		for (j = 0; j < n; j++) {
			key = nodeset_key_at(g->ns, j);
			if (strncmp(key, from, flen) != 0 ||
			    (key[flen] != '\0' && key[flen] != '#'))
				continue;
			alias = xasprintf("%s%s", to, key + flen);
			nodeset_alias(g->ns, key, alias);
			free(alias);
		}
		free(from);
		free(to);
	}
}

/* Name the source: the one organisation, else the one project. */
static void
gcp_source(struct gcp *g)
{
	const struct gcp_project	*p = NULL;
	char				*source;
	size_t				 i, n = 0;

	if (g->orgs == 1) {
		source = xasprintf("gcp:%s", g->org);
		import_set_source(g->imp, source);
		free(source);
		return;
	}
	for (i = 0; i < g->nprojects; i++) {
		if (!g->projects[i].merged) {
			p = &g->projects[i];
			n++;
		}
	}
	if (g->orgs == 0 && n == 1) {
		source = xasprintf("gcp:%s", p->id != NULL ? p->id : p->number);
		import_set_source(g->imp, source);
		free(source);
	} else if (n > 1 || g->orgs > 1)
		import_note(g->imp, "the files describe %zu projects and %d "
		    "organisations, so the source stays the file name",
		    n, g->orgs);
}

static void
gcp_free(struct gcp *g)
{
	size_t	 i;

	for (i = 0; i < g->nprojects; i++) {
		free(g->projects[i].number);
		free(g->projects[i].id);
	}
	for (i = 0; i < g->naccounts; i++) {
		free(g->accounts[i].key);
		free(g->accounts[i].project);
	}
	for (i = 0; i < g->nancestors; i++) {
		free(g->ancestors[i].project);
		free(g->ancestors[i].scope);
	}
	for (i = 0; i < g->nscoped; i++) {
		free(g->scoped[i].member_key);
		free(g->scoped[i].raw);
		free(g->scoped[i].role);
		free(g->scoped[i].scope);
		free(g->scoped[i].conditions);
	}
	free(g->projects);
	free(g->accounts);
	free(g->ancestors);
	free(g->scoped);
	free(g->org);
	hmap_free(g->project_index);
	hmap_free(g->account_index);
	hmap_free(g->ancestor_index);
	nodeset_free(g->ns);
}

static int
gcp_run(struct import *imp, const struct input *in, char **errp)
{
	struct gcp	 g;
	int		 rc;

	memset(&g, 0, sizeof(g));
	g.imp = imp;
	g.ns = nodeset_create();
	g.project_index = hmap_create(16);
	g.account_index = hmap_create(64);
	g.ancestor_index = hmap_create(16);
	if (in->folder)
		rc = gcp_folder(&g, in->path, errp);
	else
		rc = gcp_file(&g, in->path, in->data + input_bom(in),
		    in->len - input_bom(in), errp);
	if (rc == 0) {
		gcp_iam_finish(&g);
		gcp_alias_projects(&g);
		gcp_source(&g);
		rc = nodeset_emit(g.ns, imp);
	}
	gcp_free(&g);
	return rc;
}

const struct importer importer_gcp = {
	.name = "gcp",
	.summary = "GCP IAM: Cloud Asset Inventory exports, gcloud service "
	    "accounts, keys and get-iam-policy JSON (a file or a folder)",
	.sniff = gcp_sniff,
	.sniff_dir = gcp_sniff_dir,
	.run = gcp_run,
};
