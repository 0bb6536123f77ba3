/*
 * GitHub REST: an organisation exported with "gh api --paginate" into a
 * folder, one file per endpoint, named as the endpoint is (see the table
 * github_kinds below and docs/formats.md): org.json, repos.json,
 * teams.json, members.json, installations.json, repos/NAME/keys.json,
 * repos/NAME/environments.json, and so on. Names are matched without
 * case, with '_' read as '-'. A file is the pages of its endpoint one
 * after another ("[...][...]" or "{...}{...}", as gh writes them).
 *
 * The folder is one snapshot with the source "github:<login>:rest",
 * beside the "github:<login>" of a GitHound OpenGraph import of the same
 * organisation: the two describe the same keys and both stay in the
 * current view.
 *
 * Files are read in three phases, because later files name what earlier
 * ones describe. The organisation, repositories and teams come first.
 * Then members, apps, tokens, keys, secrets and environments. Last, the
 * lists of selected repositories and the secrets of environments.
 */
#include "github_rest.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
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

/* One kind of file: where it sits in the folder and how it is read. */
struct github_kind {
	const char	*pattern;	/* '*' is one folder or file name */
	int		 phase;
	const char	*list;		/* member holding the records */
	int		 object;	/* one object per page, not a list */
	json_record_fn	 fn;
	const char	*what;		/* the endpoint, for messages */
};

static int	github_record(void *, const char *, cJSON *, const char *,
		    char **);

static const struct github_kind github_kinds[] = {
	{ "org.json", 1, NULL, 1, github_org, "orgs/ORG" },
	{ "organization.json", 1, NULL, 1, github_org, "orgs/ORG" },
	{ "repos.json", 1, NULL, 0, github_repo_record, "orgs/ORG/repos" },
	{ "repositories.json", 1, NULL, 0, github_repo_record,
	  "orgs/ORG/repos" },
	{ "teams.json", 1, NULL, 0, github_team, "orgs/ORG/teams" },
	{ "members.json", 2, NULL, 0, github_member, "orgs/ORG/members" },
	{ "admins.json", 2, NULL, 0, github_admin,
	  "orgs/ORG/members?role=admin" },
	{ "members-admin.json", 2, NULL, 0, github_admin,
	  "orgs/ORG/members?role=admin" },
	{ "outside-collaborators.json", 2, NULL, 0, github_outside,
	  "orgs/ORG/outside_collaborators" },
	{ "users.json", 2, NULL, 0, github_user_record, "users/LOGIN" },
	{ "users/*.json", 2, NULL, 1, github_user_record, "users/LOGIN" },
	{ "teams/*/members.json", 2, NULL, 0, github_team_member,
	  "orgs/ORG/teams/SLUG/members" },
	{ "teams/*/maintainers.json", 2, NULL, 0, github_team_maintainer,
	  "orgs/ORG/teams/SLUG/members?role=maintainer" },
	{ "teams/*/repos.json", 2, NULL, 0, github_team_repo,
	  "orgs/ORG/teams/SLUG/repos" },
	{ "installations.json", 2, "installations", 0, github_installation,
	  "orgs/ORG/installations" },
	{ "personal-access-tokens.json", 2, NULL, 0, github_pat,
	  "orgs/ORG/personal-access-tokens" },
	{ "personal-access-token-requests.json", 2, NULL, 0,
	  github_pat_request, "orgs/ORG/personal-access-token-requests" },
	{ "actions-secrets.json", 2, "secrets", 0, github_org_secret,
	  "orgs/ORG/actions/secrets" },
	{ "secrets.json", 2, "secrets", 0, github_org_secret,
	  "orgs/ORG/actions/secrets" },
	{ "actions-variables.json", 2, "variables", 0, github_org_variable,
	  "orgs/ORG/actions/variables" },
	{ "variables.json", 2, "variables", 0, github_org_variable,
	  "orgs/ORG/actions/variables" },
	{ "repos/*/keys.json", 2, NULL, 0, github_deploy_key,
	  "repos/ORG/REPO/keys" },
	{ "repos/*/deploy-keys.json", 2, NULL, 0, github_deploy_key,
	  "repos/ORG/REPO/keys" },
	{ "repos/*/actions-secrets.json", 2, "secrets", 0, github_repo_secret,
	  "repos/ORG/REPO/actions/secrets" },
	{ "repos/*/secrets.json", 2, "secrets", 0, github_repo_secret,
	  "repos/ORG/REPO/actions/secrets" },
	{ "repos/*/actions-variables.json", 2, "variables", 0,
	  github_repo_variable, "repos/ORG/REPO/actions/variables" },
	{ "repos/*/variables.json", 2, "variables", 0, github_repo_variable,
	  "repos/ORG/REPO/actions/variables" },
	{ "repos/*/collaborators.json", 2, NULL, 0, github_collaborator,
	  "repos/ORG/REPO/collaborators" },
	{ "repos/*/environments.json", 2, "environments", 0,
	  github_environment, "repos/ORG/REPO/environments" },
	{ "repos/*/environments/*.json", 2, NULL, 1, github_environment,
	  "repos/ORG/REPO/environments/ENV" },
	{ "installations/*/repositories.json", 3, "repositories", 0,
	  github_installation_repo, "user/installations/ID/repositories" },
	{ "personal-access-tokens/*/repositories.json", 3, NULL, 0,
	  github_pat_repo, "orgs/ORG/personal-access-tokens/ID/repositories" },
	{ "personal-access-token-requests/*/repositories.json", 3, NULL, 0,
	  github_pat_request_repo,
	  "orgs/ORG/personal-access-token-requests/ID/repositories" },
	{ "actions-secrets/*/repositories.json", 3, "repositories", 0,
	  github_org_secret_repo,
	  "orgs/ORG/actions/secrets/NAME/repositories" },
	{ "actions-variables/*/repositories.json", 3, "repositories", 0,
	  github_org_variable_repo,
	  "orgs/ORG/actions/variables/NAME/repositories" },
	{ "repos/*/environments/*/secrets.json", 3, "secrets", 0,
	  github_env_secret, "repos/ORG/REPO/environments/ENV/secrets" },
	{ "repos/*/environments/*/actions-secrets.json", 3, "secrets", 0,
	  github_env_secret, "repos/ORG/REPO/environments/ENV/secrets" },
	{ "repos/*/environments/*/variables.json", 3, "variables", 0,
	  github_env_variable, "repos/ORG/REPO/environments/ENV/variables" },
	{ "repos/*/environments/*/actions-variables.json", 3, "variables", 0,
	  github_env_variable, "repos/ORG/REPO/environments/ENV/variables" },
	{ "repos/*/environments/*/deployment-branch-policies.json", 3,
	  "branch_policies", 0, github_env_branch_policy,
	  "repos/ORG/REPO/environments/ENV/deployment-branch-policies" },
};

#define GITHUB_NKINDS	(sizeof(github_kinds) / sizeof(github_kinds[0]))

int
github_warn(struct github *g, const char *path, char **errp,
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
	where = folder_record_path(g->rel, g->page, g->npages, path);
	rc = import_warn(g->imp, where, errp, "%s", msg.buf);
	free(where);
	strbuf_free(&msg);
	return rc;
}

char *
github_role_key(const char *node, const char *suffix)
{
	struct strbuf	 id, key;

	strbuf_init(&id);
	strbuf_init(&key);
	strbuf_addf(&id, "%s_%s", node, suffix);
	strbuf_addstr(&key, "github:");
	base64_encode(id.buf, id.len, &key);
	strbuf_free(&id);
	return strbuf_detach(&key);
}

int
github_time(struct github *g, const cJSON *obj, const char *member,
    const char *path, int64_t *out, char **errp)
{
	const char	*v = json_str(obj, member);

	*out = TSTAMP_UNKNOWN;
	if (v == NULL && json_get(obj, member) != NULL &&
	    !cJSON_IsNull(json_get(obj, member)))
		return github_warn(g, path, errp, "%s is not a string; left "
		    "unknown", member);
	if (v == NULL)
		return 0;
	if (tstamp_parse(v, out) == -1) {
		*out = TSTAMP_UNKNOWN;
		return github_warn(g, path, errp, "%s \"%s\" is not an ISO "
		    "8601 time; left unknown", member, v);
	}
	return 0;
}

int
github_time_or_never(struct github *g, const cJSON *obj, const char *member,
    const char *path, int64_t *out, char **errp)
{
	if (cJSON_IsNull(json_get(obj, member))) {
		*out = TSTAMP_NEVER;
		return 0;
	}
	return github_time(g, obj, member, path, out, errp);
}

void
github_edge(struct github *g, const char *src, const char *dst,
    enum kind_edge kind, const char *raw, const char *attrs)
{
	struct record_edge	 e;

	record_edge_init(&e);
	e.src = src;
	e.dst = dst;
	e.kind = kind;
	e.raw = raw;
	e.attrs = attrs;
	nodeset_edge(g->ns, &e);
}

/* Lower-case copy, for names GitHub compares without case. */
static char *
github_lower(const char *s, size_t len)
{
	char	*out = xstrndup(s, len);
	char	*p;

	for (p = out; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return out;
}

const struct github_repo *
github_repo(struct github *g, const char *name)
{
	uint64_t	 idx;
	char		*lower = github_lower(name, strlen(name));
	int		 found;

	found = hmap_get(g->repo_index, lower, strlen(lower), &idx);
	free(lower);
	return found ? &g->repos[idx] : NULL;
}

const struct github_repo *
github_file_repo(struct github *g, char **errp, int *rc)
{
	const struct github_repo	*r = github_repo(g, g->part[0]);

	*rc = 0;
	if (r == NULL)
		*rc = github_warn(g, "", errp, "repository \"%s\" is not in "
		    "repos.json, so its node id is unknown; file skipped",
		    g->part[0]);
	return r;
}

void
github_note_env(struct github *g, const char *repo, const char *name,
    const char *key, const char *node_id)
{
	struct github_env	*e;
	char			*id, *lower;
	uint64_t		 idx;

	id = xasprintf("%s/%s", repo, name);
	lower = github_lower(id, strlen(id));
	if (!hmap_get(g->env_index, lower, strlen(lower), &idx)) {
		g->envs = xreallocarray(g->envs, g->nenvs + 1,
		    sizeof(*g->envs));
		hmap_put(g->env_index, lower, strlen(lower), g->nenvs);
		e = &g->envs[g->nenvs++];
		e->repo = xstrdup(repo);
		e->name = xstrdup(name);
		e->key = xstrdup(key);
		e->node_id = xstrdup(node_id);
	}
	free(lower);
	free(id);
}

const struct github_env *
github_file_env(struct github *g, char **errp, int *rc)
{
	char		*id, *lower;
	uint64_t	 idx;
	int		 found;

	*rc = 0;
	id = xasprintf("%s/%s", g->part[0], g->part[1]);
	lower = github_lower(id, strlen(id));
	found = hmap_get(g->env_index, lower, strlen(lower), &idx);
	free(lower);
	free(id);
	if (found)
		return &g->envs[idx];
	*rc = github_warn(g, "", errp, "environment \"%s\" of repository "
	    "\"%s\" is not in its environments.json; file skipped",
	    g->part[1], g->part[0]);
	return NULL;
}

char *
github_user(struct github *g, const cJSON *user, int describe)
{
	struct nodeset_node	*n;
	const char		*node = json_str(user, "node_id");
	const char		*login = json_str(user, "login");
	const char		*type = json_str(user, "type");
	char			*key, buf[JSON_TEXT_BUFSZ];
	enum kind_node		 kind;
	int			 b;

	if (node == NULL || login == NULL)
		return NULL;
	key = xasprintf("github:%s", node);
	n = nodeset_node(g->ns, key, NULL);
	kind = type != NULL && strcmp(type, "Bot") == 0 ?
	    KIND_NODE_SERVICE_ACCOUNT : KIND_NODE_HUMAN;
	if (describe)
		nodeset_describe(n, kind, "GH_User", login);
	else
		nodeset_refer(n, kind, "GH_User", login);
	nodeset_attr_str(n, "login", login);
	nodeset_attr_str(n, "node_id", node);
	nodeset_attr_str(n, "id", json_text(user, "id", buf));
	nodeset_attr_str(n, "type", type);
	if (json_bool(user, "site_admin", &b) == 1)
		nodeset_attr_bool(n, "site_admin", b);
	return key;
}

void
github_all_repos(struct github *g, const char *key, int private_only,
    enum kind_edge kind, const char *raw, const char *attrs, int reverse)
{
	size_t	 i;

	for (i = 0; i < g->nrepos; i++) {
		if (private_only && g->repos[i].visibility_public)
			continue;
		if (reverse)
			github_edge(g, g->repos[i].key, key, kind, raw, attrs);
		else
			github_edge(g, key, g->repos[i].key, kind, raw, attrs);
	}
}

void
github_note_grant(struct github *g, const char *prefix, const char *id,
    const char *key)
{
	char	*name;

	if (id == NULL)
		return;
	name = xasprintf("%s:%s", prefix, id);
	g->grant_keys = xreallocarray(g->grant_keys, g->ngrants + 1,
	    sizeof(*g->grant_keys));
	hmap_put(g->grant_index, name, strlen(name), g->ngrants);
	g->grant_keys[g->ngrants++] = xstrdup(key);
	free(name);
}

const char *
github_file_grant(struct github *g, const char *prefix)
{
	uint64_t	 idx;
	char		*name;
	int		 found;

	name = xasprintf("%s:%s", prefix, g->part[0]);
	found = hmap_get(g->grant_index, name, strlen(name), &idx);
	free(name);
	return found ? g->grant_keys[idx] : NULL;
}

/* Add "scope:name:level" items of one permissions object to w. */
static int
github_permission_items(struct jsonw *w, const char *scope,
    const cJSON *permissions)
{
	const cJSON	*p;
	struct strbuf	 item;
	int		 writes = 0;

	strbuf_init(&item);
	cJSON_ArrayForEach(p, permissions) {
		if (!cJSON_IsString(p))
			continue;
		strbuf_reset(&item);
		if (scope != NULL)
			strbuf_addf(&item, "%s:", scope);
		strbuf_addf(&item, "%s:%s", p->string, p->valuestring);
		jsonw_str(w, item.buf);
		if (strcmp(p->valuestring, "write") == 0 ||
		    strcmp(p->valuestring, "admin") == 0)
			writes = 1;
	}
	strbuf_free(&item);
	return writes;
}

int
github_permissions(struct github *g, const char *key,
    const cJSON *permissions)
{
	static const char *const scopes[] = {
		"organization", "repository", "other"
	};
	struct strbuf	 sb;
	struct jsonw	 w;
	const cJSON	*sub;
	size_t		 i;
	int		 writes = 0, nested = 0;

	if (!cJSON_IsObject(permissions))
		return 0;
	strbuf_init(&sb);
	jsonw_init(&w, &sb, 0);
	jsonw_array_begin(&w);
	for (i = 0; i < 3; i++) {
		if (cJSON_IsObject(sub = json_get(permissions, scopes[i]))) {
			nested = 1;
			writes |= github_permission_items(&w, scopes[i], sub);
		}
	}
	if (!nested)
		writes = github_permission_items(&w, NULL, permissions);
	jsonw_array_end(&w);
	nodeset_attr_raw(nodeset_node(g->ns, key, NULL), "permissions",
	    sb.buf);
	strbuf_free(&sb);
	return writes;
}

/* A file of the folder with its kind and the names its path captured. */
struct github_file {
	const struct github_kind	*kind;
	const char			*path;
	const char			*rel;
	char				*part[3];
};

/* Compare a folder or file name with a pattern part, normalised. */
static int
github_name_eq(const char *pat, size_t plen, const char *name, size_t nlen)
{
	size_t	 i;
	int	 c;

	if (plen != nlen)
		return 0;
	for (i = 0; i < nlen; i++) {
		c = tolower((unsigned char)name[i]);
		if (c == '_')
			c = '-';
		if (c != pat[i])
			return 0;
	}
	return 1;
}

/*
 * Match the relative path rel against a pattern, filling f->part with
 * the names that '*' stood for (without ".json" for a file name).
 */
static int
github_match(const char *pattern, const char *rel, struct github_file *f)
{
	const char	*p = pattern, *r = rel, *pe, *re;
	size_t		 np = 0, i;

	memset(f->part, 0, sizeof(f->part));
	for (;;) {
		pe = p + strcspn(p, "/");
		re = r + strcspn(r, "/");
		if (*p == '*' && np < 3) {
			/* "*" or "*.json" */
			if (strcmp(p, "*.json") == 0 && (*re != '\0' ||
			    re - r <= 5 || strcmp(re - 5, ".json") != 0))
				goto fail;
			f->part[np++] = xstrndup(r, (size_t)(re - r) -
			    (p[1] == '.' ? 5 : 0));
		} else if (!github_name_eq(p, (size_t)(pe - p), r,
		    (size_t)(re - r)))
			goto fail;
		if (*pe == '\0' || *re == '\0') {
			if (*pe == '\0' && *re == '\0')
				return 1;
			goto fail;
		}
		p = pe + 1;
		r = re + 1;
	}
fail:
	for (i = 0; i < np; i++) {
		free(f->part[i]);
		f->part[i] = NULL;
	}
	return 0;
}

/* The kind of a file from its path in the folder, or NULL. */
static const struct github_kind *
github_classify(const char *rel, struct github_file *f)
{
	size_t	 i;

	for (i = 0; i < GITHUB_NKINDS; i++) {
		if (github_match(github_kinds[i].pattern, rel, f))
			return &github_kinds[i];
	}
	return NULL;
}

/* The top-level members of a file's first page that give its shape. */
struct github_shape {
	const char	*list;
	int		 list_type;	/* 0 when absent */
	int		 message;
	int		 documentation;
};

static int
github_on_member(void *ctx, const char *key, int type)
{
	struct github_shape	*s = ctx;

	if (s->list != NULL && strcmp(key, s->list) == 0)
		s->list_type = type;
	else if (strcmp(key, "message") == 0)
		s->message = 1;
	else if (strcmp(key, "documentation_url") == 0)
		s->documentation = 1;
	return 0;
}

/* Warn about a page that is a GitHub API error rather than data. */
static int
github_api_error(struct github *g, const char *page, size_t len,
    char **errp)
{
	cJSON		*doc;
	char		*err = NULL;
	int		 rc;

	doc = json_parse(page, len, g->file, NULL, &err);
	free(err);
	rc = github_warn(g, "", errp, "the file holds a GitHub API error "
	    "(\"%s\"), not the endpoint's data; its records are missing",
	    doc != NULL && json_str(doc, "message") != NULL ?
	    json_str(doc, "message") : "no message");
	if (doc != NULL)
		cJSON_Delete(doc);
	return rc;
}

/*
 * Check the first page against the kind's shape and pick the route of
 * its records: "LIST[]", "[]" or "" (the page itself). Returns 1 with
 * the route in buf, 0 when the file was skipped with a warning, -1 when
 * it is rejected.
 */
static int
github_route(struct github *g, const struct github_file *f, const char *data,
    size_t len, char *buf, size_t bufsz, char **errp)
{
	const struct github_kind	*k = f->kind;
	struct github_shape		 s;
	size_t				 start, plen;

	memset(&s, 0, sizeof(s));
	s.list = k->list;
	if (!json_pages_first(data, len, &start, &plen))
		return github_warn(g, "", errp, "the file is empty, so the "
		    "export of %s may have failed; skipped", k->what) == -1 ?
		    -1 : 0;
	if (data[start] == '<') {
		*errp = xasprintf("%s: expected the output of gh api %s, found "
		    "HTML (a login or error page?); export it again", f->path,
		    k->what);
		return -1;
	}
	if (data[start] == '[' && k->list == NULL) {
		snprintf(buf, bufsz, "[]");
		return 1;
	}
	if (data[start] == '{' && json_members(data + start, plen, f->path,
	    github_on_member, &s, NULL, errp) == -1)
		return -1;
	if (data[start] == '{' && k->list != NULL && s.list_type ==
	    cJSON_Array) {
		snprintf(buf, bufsz, "%s[]", k->list);
		return 1;
	}
	if (data[start] == '{' && s.message && s.list_type == 0 &&
	    (k->list != NULL || !k->object || s.documentation))
		return github_api_error(g, data + start, plen, errp) == -1 ?
		    -1 : 0;
	if (data[start] == '{' && k->object) {
		buf[0] = '\0';
		return 1;
	}
	if (k->list != NULL)
		*errp = xasprintf("%s: expected the output of gh api %s: an "
		    "object with a \"%s\" list", f->path, k->what, k->list);
	else
		*errp = xasprintf("%s: expected the output of gh api %s: a "
		    "JSON %s", f->path, k->what, k->object ? "object" :
		    "array");
	return -1;
}

/*
 * Check that the repository, environment or team a file's folders name
 * is known. Returns 1 to read the file, 0 when it was skipped with a
 * warning, -1 when --strict turned the warning into a rejection.
 */
static int
github_file_owner(struct github *g, const struct github_file *f,
    char **errp)
{
	const char	*p = f->kind->pattern;
	uint64_t	 idx;
	int		 rc;

	if (strncmp(p, "repos/*/environments/*/", 23) == 0)
		return github_file_env(g, errp, &rc) != NULL ? 1 : rc;
	if (strncmp(p, "repos/*/", 8) == 0)
		return github_file_repo(g, errp, &rc) != NULL ? 1 : rc;
	if (strncmp(p, "teams/*/", 8) == 0 && !hmap_get(g->team_index,
	    f->part[0], strlen(f->part[0]), &idx))
		return github_warn(g, "", errp, "team \"%s\" is not in "
		    "teams.json; file skipped", f->part[0]) == -1 ? -1 : 0;
	return 1;
}

/* Members of records that the importer reads as lists or objects. */
static const char *const github_lists[] = {
	"protection_rules", "reviewers", "events", NULL
};
static const char *const github_objects[] = {
	"owner", "parent", "permissions", "account", "reviewer",
	"deployment_branch_policy", NULL
};

/* 1 when records of this callback are variables, with a value. */
static int
github_has_value(json_record_fn fn)
{
	return fn == github_org_variable || fn == github_repo_variable ||
	    fn == github_env_variable;
}

/*
 * Replace the secrets in a record, then read it with the callback of its
 * file. A variable's value is left to github_actions.c, which keeps only
 * its fingerprint, and is wiped afterwards.
 */
static int
github_record(void *ctx, const char *path, cJSON *rec, const char *problem,
    char **errp)
{
	static const char *const value[] = { "value", NULL };
	struct github	*g = ctx;
	char		*where;
	int		 rc = 0, variable = github_has_value(g->fn);

	if (problem == NULL) {
		where = folder_record_path(g->rel, g->page, g->npages, path);
		rc = redact_record_except(g->imp, where, rec, 0,
		    variable ? value : NULL, errp);
		if (rc == 0)
			rc = import_check_shape(g->imp, where, rec,
			    github_lists, github_objects, errp);
		free(where);
	}
	if (rc == 0)
		rc = g->fn(g, path, rec, problem, errp);
	if (variable)
		json_drop(rec, "value");
	return rc;
}

/* Read one file of the folder. */
static int
github_file(struct github *g, const struct github_file *f, char **errp)
{
	struct json_route	 route;
	struct input		*in;
	char			 pattern[64];
	const char		*data;
	size_t			 len;
	int			 rc;

	if (input_open(f->path, INPUT_MAX_SIZE, &in, errp) == -1)
		return -1;
	data = in->data + input_bom(in);
	len = in->len - input_bom(in);
	g->file = f->path;
	g->rel = f->rel;
	memcpy(g->part, f->part, sizeof(g->part));
	g->page = 0;
	g->npages = json_pages_count(data, len);
	if ((rc = github_file_owner(g, f, errp)) == 1)
		rc = github_route(g, f, data, len, pattern, sizeof(pattern),
		    errp);
	if (rc == 1) {
		g->fn = f->kind->fn;
		route.pattern = pattern;
		route.fn = github_record;
		rc = json_pages_stream(data, len, f->path, &route, 1, g,
		    &g->page, errp);
	}
	input_close(in);
	return rc == -1 ? -1 : 0;
}

static void
github_files_free(struct github_file *files, size_t n)
{
	size_t	 i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < 3; j++)
			free(files[i].part[j]);
	}
	free(files);
}

/*
 * Claim a folder that contains the organisation, repository, team or
 * member list of a GitHub REST export and no file of another format.
 */
static int
github_sniff_dir(const char *path)
{
	struct folder_list		 files;
	struct github_file		 f;
	const struct github_kind	*k;
	struct input			*in;
	char				*err = NULL;
	size_t				 i, j, anchors = 0;
	int				 other = 0;

	if (folder_list(path, &files, &err) == -1) {
		free(err);
		return 0;
	}
	for (i = 0; i < files.n && !other; i++) {
		k = github_classify(files.v[i].rel, &f);
		for (j = 0; j < 3; j++)
			free(f.part[j]);
		if (input_open(files.v[i].path, INPUT_MAX_SIZE, &in,
		    &err) == -1) {
			free(err);
			err = NULL;
			continue;
		}
		if (importer_sniff(in) != NULL)
			other = 1;
		else if (k != NULL && (k->phase == 1 || k->fn == github_member)
		    && input_contains(in, "\"node_id\"", 1 << 20))
			anchors++;
		input_close(in);
	}
	folder_list_free(&files);
	return !other && anchors > 0 ? 85 : 0;
}

static void
github_free(struct github *g)
{
	size_t	 i;

	for (i = 0; i < g->nrepos; i++) {
		free(g->repos[i].name);
		free(g->repos[i].key);
		free(g->repos[i].node_id);
		free(g->repos[i].full_name);
	}
	for (i = 0; i < g->nenvs; i++) {
		free(g->envs[i].repo);
		free(g->envs[i].name);
		free(g->envs[i].key);
		free(g->envs[i].node_id);
	}
	for (i = 0; i < g->nteams; i++)
		free(g->team_nodes[i]);
	for (i = 0; i < g->ngrants; i++)
		free(g->grant_keys[i]);
	free(g->repos);
	free(g->envs);
	free(g->team_nodes);
	free(g->grant_keys);
	free(g->org_login);
	free(g->org_node);
	free(g->org_key);
	hmap_free(g->repo_index);
	hmap_free(g->env_index);
	hmap_free(g->team_index);
	hmap_free(g->grant_index);
	nodeset_free(g->ns);
}

/* Read the files of one phase, in name order. */
static int
github_phase(struct github *g, const struct github_file *files, size_t n,
    int phase, char **errp)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (files[i].kind->phase == phase &&
		    github_file(g, &files[i], errp) == -1)
			return -1;
	}
	return 0;
}

/* Classify the files of the folder; unknown ones are noted. */
static struct github_file *
github_files(struct github *g, const struct folder_list *list, size_t *n)
{
	struct github_file	*files;
	size_t			 i;

	files = xcalloc(list->n + 1, sizeof(*files));
	*n = 0;
	for (i = 0; i < list->n; i++) {
		files[*n].kind = github_classify(list->v[i].rel, &files[*n]);
		if (files[*n].kind == NULL) {
			import_note(g->imp, "%s: skipped, not a file of a "
			    "GitHub REST export", list->v[i].rel);
			continue;
		}
		files[*n].path = list->v[i].path;
		files[*n].rel = list->v[i].rel;
		(*n)++;
	}
	return files;
}

static int
github_run(struct import *imp, const struct input *in, char **errp)
{
	struct github		 g;
	struct folder_list	 list;
	struct github_file	*files = NULL;
	char			*source;
	size_t			 n = 0;
	int			 rc = -1;

	if (!in->folder) {
		*errp = xasprintf("%s: a GitHub REST export is a folder of "
		    "files, one per endpoint; import the folder that holds the "
		    "organisation's files (\"trustwalk formats\" and the "
		    "formats document list their names)", in->path);
		return -1;
	}
	memset(&g, 0, sizeof(g));
	g.imp = imp;
	g.dir = in->path;
	g.ns = nodeset_create();
	g.repo_index = hmap_create(64);
	g.env_index = hmap_create(16);
	g.team_index = hmap_create(16);
	g.grant_index = hmap_create(16);
	if (folder_list(in->path, &list, errp) == -1)
		goto out;
	/* files points into list, which lives until the end. */
	files = github_files(&g, &list, &n);
	if (github_phase(&g, files, n, 1, errp) == -1 ||
	    github_org_finish(&g, errp) == -1 ||
	    github_phase(&g, files, n, 2, errp) == -1 ||
	    github_phase(&g, files, n, 3, errp) == -1)
		goto out;
	source = xasprintf("github:%s:rest", g.org_login);
	import_set_source(imp, source);
	free(source);
	rc = nodeset_emit(g.ns, imp);
out:
	github_files_free(files, n);
	folder_list_free(&list);
	github_free(&g);
	return rc;
}

const struct importer importer_github_rest = {
	.name = "github-rest",
	.summary = "GitHub REST: a folder of gh api --paginate output for one "
	    "organisation",
	.sniff = NULL,
	.sniff_dir = github_sniff_dir,
	.run = github_run,
};
