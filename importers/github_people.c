/*
 * The organisation, its repositories, members, outside collaborators,
 * users and teams (see github_rest.h).
 *
 * Access follows GitHound's roles. A member has the organisation's
 * members role (owners also the owners role), a team member the team's
 * members or maintainers role, and a team or collaborator a repository
 * role, which grants the repository:
 *
 *   user --has_role GH_HasRole--> <org>/members --member_of--> organisation
 *   user --has_role--> <org>/owners --grants GH_AdminTo--> organisation
 *   user --has_role--> <org>/<team>/members --member_of--> team
 *   team --has_role--> <org>/<repo>/write --grants GH_WriteRepoContents--> repo
 *
 * The members role also grants every repository the organisation's base
 * permission (default_repository_permission in org.json).
 */
#include <stdlib.h>
#include <string.h>

#include "github_rest.h"
#include "import.h"
#include "json.h"
#include "jsonw.h"
#include "nodeset.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

/* Skip a record that broke a JSON rule or is not an object. */
static int
github_bad_record(struct github *g, const char *path, const cJSON *rec,
    const char *problem, char **errp, int *rc)
{
	if (problem != NULL)
		*rc = github_warn(g, path, errp, "%s; record skipped", problem);
	else if (!cJSON_IsObject(rec))
		*rc = github_warn(g, path, errp, "record is not an object; "
		    "skipped");
	else
		return 0;
	return 1;
}

/* Copy string members of rec into attributes of n. */
static void
github_strings(struct nodeset_node *n, const cJSON *rec,
    const char *const *names, size_t count)
{
	char	 buf[JSON_TEXT_BUFSZ];
	size_t	 i;
	int	 b;

	for (i = 0; i < count; i++) {
		if (json_bool(rec, names[i], &b) == 1)
			nodeset_attr_bool(n, names[i], b);
		else
			nodeset_attr_str(n, names[i],
			    json_text(rec, names[i], buf));
	}
}

/* Set the organisation's login and node id, once. */
static int
github_note_org(struct github *g, const char *login, const char *node,
    const char *path, char **errp)
{
	if (login != NULL && g->org_login != NULL &&
	    strcasecmp(login, g->org_login) != 0)
		return github_warn(g, path, errp, "the record belongs to "
		    "organisation \"%s\", not \"%s\"; the folder should hold "
		    "one organisation", login, g->org_login);
	if (login != NULL && g->org_login == NULL)
		g->org_login = xstrdup(login);
	if (node != NULL && g->org_node == NULL)
		g->org_node = xstrdup(node);
	return 0;
}

int
github_org(void *ctx, const char *path, cJSON *rec, const char *problem,
    char **errp)
{
	static const char *const attrs[] = {
		"login", "id", "node_id", "name", "description", "html_url",
		"two_factor_requirement_enabled",
		"default_repository_permission",
		"members_can_create_repositories",
		"web_commit_signoff_required"
	};
	struct github		*g = ctx;
	struct nodeset_node	*n;
	const char		*login = json_str(rec, "login");
	const char		*node = json_str(rec, "node_id");
	char			*key;
	int64_t			 t;
	int			 rc = 0;

	if (github_bad_record(g, path, rec, problem, errp, &rc))
		return rc;
	if (login == NULL || node == NULL)
		return github_warn(g, path, errp, "organisation has no login "
		    "or node_id; skipped");
	if (github_note_org(g, login, node, path, errp) == -1)
		return -1;
	key = xasprintf("github:%s", node);
	n = nodeset_node(g->ns, key, NULL);
	nodeset_describe(n, KIND_NODE_SYSTEM, "GH_Organization", login);
	github_strings(n, rec, attrs, sizeof(attrs) / sizeof(attrs[0]));
	if (github_time(g, rec, "created_at", path, &t, errp) == -1)
		rc = -1;
	nodeset_created(n, t);
	g->base_permission = NULL;
	if (json_str(rec, "default_repository_permission") != NULL) {
		nodeset_attr_str(n, "base_permission",
		    json_str(rec, "default_repository_permission"));
		g->base_permission = strcmp(json_str(rec,
		    "default_repository_permission"), "admin") == 0 ? "admin" :
		    strcmp(json_str(rec, "default_repository_permission"),
		    "write") == 0 ? "write" : strcmp(json_str(rec,
		    "default_repository_permission"), "read") == 0 ? "read" :
		    NULL;
	}
	free(key);
	return rc;
}

int
github_repo_record(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	static const char *const attrs[] = {
		"name", "full_name", "id", "node_id", "private", "visibility",
		"fork", "archived", "disabled", "default_branch", "html_url",
		"pushed_at", "updated_at"
	};
	struct github		*g = ctx;
	struct github_repo	*r;
	struct nodeset_node	*n;
	const cJSON		*owner = json_get(rec, "owner");
	const char		*name = json_str(rec, "name");
	const char		*node = json_str(rec, "node_id");
	const char		*vis = json_str(rec, "visibility");
	char			*lower, *p;
	int64_t			 t;
	int			 rc = 0, priv = 0;

	if (github_bad_record(g, path, rec, problem, errp, &rc))
		return rc;
	if (name == NULL || node == NULL)
		return github_warn(g, path, errp, "repository has no name or "
		    "node_id; skipped");
	if (github_note_org(g, json_str(owner, "login"),
	    json_str(owner, "type") != NULL && strcmp(json_str(owner, "type"),
	    "Organization") == 0 ? json_str(owner, "node_id") : NULL, path,
	    errp) == -1)
		return -1;
	lower = xstrdup(name);
	for (p = lower; *p != '\0'; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	g->repos = xreallocarray(g->repos, g->nrepos + 1, sizeof(*g->repos));
	hmap_put(g->repo_index, lower, strlen(lower), g->nrepos);
	free(lower);
	r = &g->repos[g->nrepos++];
	r->name = xstrdup(name);
	r->node_id = xstrdup(node);
	r->key = xasprintf("github:%s", node);
	r->full_name = xstrdup(json_str(rec, "full_name") != NULL ?
	    json_str(rec, "full_name") : name);
	json_bool(rec, "private", &priv);
	r->visibility_public = vis != NULL ? strcmp(vis, "public") == 0 :
	    !priv;
	n = nodeset_node(g->ns, r->key, NULL);
	nodeset_describe(n, KIND_NODE_SYSTEM, "GH_Repository", name);
	github_strings(n, rec, attrs, sizeof(attrs) / sizeof(attrs[0]));
	if (github_time(g, rec, "created_at", path, &t, errp) == -1)
		return -1;
	nodeset_created(n, t);
	return 0;
}

/* The organisation login from a team's html_url (.../orgs/LOGIN/...). */
static void
github_org_from_url(struct github *g, const char *url)
{
	const char	*p, *end;
	char		*login;

	if (g->org_login != NULL || url == NULL ||
	    (p = strstr(url, "/orgs/")) == NULL)
		return;
	p += 6;
	end = p + strcspn(p, "/");
	login = xstrndup(p, (size_t)(end - p));
	if (*login != '\0')
		g->org_login = login;
	else
		free(login);
}

/* Describe a team's members or maintainers role. */
static char *
github_team_role(struct github *g, const char *team_node, const char *slug,
    const char *team_key, const char *which)
{
	struct nodeset_node	*n;
	char			*key, *name;

	key = github_role_key(team_node, which);
	name = xasprintf("%s/%s/%s", g->org_login != NULL ? g->org_login :
	    "?", slug, which);
	n = nodeset_node(g->ns, key, NULL);
	nodeset_describe(n, KIND_NODE_ROLE, "GH_TeamRole,GH_Role", name);
	nodeset_attr_str(n, "short_name", which);
	github_edge(g, key, team_key, KIND_EDGE_MEMBER_OF, "GH_MemberOf",
	    NULL);
	free(name);
	return key;
}

int
github_team(void *ctx, const char *path, cJSON *rec, const char *problem,
    char **errp)
{
	static const char *const attrs[] = {
		"slug", "id", "node_id", "description", "privacy",
		"notification_setting", "permission", "html_url"
	};
	struct github		*g = ctx;
	struct nodeset_node	*n;
	const char		*slug = json_str(rec, "slug");
	const char		*node = json_str(rec, "node_id");
	const char		*parent;
	char			*key, *pkey;
	int			 rc = 0;

	if (github_bad_record(g, path, rec, problem, errp, &rc))
		return rc;
	if (slug == NULL || node == NULL)
		return github_warn(g, path, errp, "team has no slug or "
		    "node_id; skipped");
	github_org_from_url(g, json_str(rec, "html_url"));
	key = xasprintf("github:%s", node);
	n = nodeset_node(g->ns, key, NULL);
	nodeset_describe(n, KIND_NODE_TEAM, "GH_Team", json_str(rec, "name") !=
	    NULL ? json_str(rec, "name") : slug);
	github_strings(n, rec, attrs, sizeof(attrs) / sizeof(attrs[0]));
	free(github_team_role(g, node, slug, key, "members"));
	free(github_team_role(g, node, slug, key, "maintainers"));
	if ((parent = json_str(json_get(rec, "parent"), "node_id")) != NULL) {
		pkey = xasprintf("github:%s", parent);
		github_edge(g, key, pkey, KIND_EDGE_MEMBER_OF, "GH_MemberOf",
		    NULL);
		free(pkey);
	}
	g->team_nodes = xreallocarray(g->team_nodes, g->nteams + 1,
	    sizeof(*g->team_nodes));
	hmap_put(g->team_index, slug, strlen(slug), g->nteams);
	g->team_nodes[g->nteams++] = xstrdup(node);
	free(key);
	return 0;
}

/* Give a user from a list an edge to a role of the organisation. */
static int
github_org_role_member(struct github *g, const char *path, cJSON *rec,
    const char *problem, const char *role, char **errp)
{
	char	*user, *rkey;
	int	 rc = 0;

	if (github_bad_record(g, path, rec, problem, errp, &rc))
		return rc;
	if ((user = github_user(g, rec, 1)) == NULL)
		return github_warn(g, path, errp, "user has no login or "
		    "node_id; skipped");
	rkey = github_role_key(g->org_node, role);
	github_edge(g, user, rkey, KIND_EDGE_HAS_ROLE, "GH_HasRole", NULL);
	free(rkey);
	free(user);
	return 0;
}

int
github_member(void *ctx, const char *path, cJSON *rec, const char *problem,
    char **errp)
{
	return github_org_role_member(ctx, path, rec, problem, "members",
	    errp);
}

int
github_admin(void *ctx, const char *path, cJSON *rec, const char *problem,
    char **errp)
{
	return github_org_role_member(ctx, path, rec, problem, "owners", errp);
}

int
github_outside(void *ctx, const char *path, cJSON *rec, const char *problem,
    char **errp)
{
	struct github	*g = ctx;
	char		*user;
	int		 rc = 0;

	if (github_bad_record(g, path, rec, problem, errp, &rc))
		return rc;
	if ((user = github_user(g, rec, 1)) == NULL)
		return github_warn(g, path, errp, "user has no login or "
		    "node_id; skipped");
	nodeset_attr_bool(nodeset_node(g->ns, user, NULL),
	    "outside_collaborator", 1);
	github_edge(g, user, g->org_key, KIND_EDGE_RELATED,
	    "GH_OutsideCollaborator", NULL);
	free(user);
	return 0;
}

int
github_user_record(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	static const char *const attrs[] = {
		"email", "company", "location", "twitter_username", "html_url",
		"updated_at", "suspended_at"
	};
	struct github		*g = ctx;
	struct nodeset_node	*n;
	char			*user;
	int64_t			 t;
	int			 rc = 0;

	if (github_bad_record(g, path, rec, problem, errp, &rc))
		return rc;
	if ((user = github_user(g, rec, 1)) == NULL)
		return github_warn(g, path, errp, "user has no login or "
		    "node_id; skipped");
	n = nodeset_node(g->ns, user, NULL);
	github_strings(n, rec, attrs, sizeof(attrs) / sizeof(attrs[0]));
	if (json_str(rec, "name") != NULL)
		nodeset_attr_str(n, "full_name", json_str(rec, "name"));
	rc = github_time(g, rec, "created_at", path, &t, errp);
	nodeset_created(n, t);
	if (rc == 0 && json_str(rec, "suspended_at") != NULL)
		nodeset_disabled(n, 1);
	free(user);
	return rc;
}

/* The node id of the team of the current teams/SLUG/ file, or NULL. */
static const char *
github_file_team(struct github *g)
{
	uint64_t	 idx;

	if (!hmap_get(g->team_index, g->part[0], strlen(g->part[0]), &idx))
		return NULL;
	return g->team_nodes[idx];
}

/* Give a user of a team's list an edge to the team's role. */
static int
github_team_role_member(struct github *g, const char *path, cJSON *rec,
    const char *problem, const char *which, char **errp)
{
	const char	*team = github_file_team(g);
	char		*user, *rkey;
	int		 rc = 0;

	if (github_bad_record(g, path, rec, problem, errp, &rc))
		return rc;
	if (team == NULL)
		return github_warn(g, path, errp, "team \"%s\" is not in "
		    "teams.json; record skipped", g->part[0]);
	if ((user = github_user(g, rec, 0)) == NULL)
		return github_warn(g, path, errp, "user has no login or "
		    "node_id; skipped");
	rkey = github_role_key(team, which);
	github_edge(g, user, rkey, KIND_EDGE_HAS_ROLE, "GH_HasRole", NULL);
	free(rkey);
	free(user);
	return 0;
}

int
github_team_member(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	return github_team_role_member(ctx, path, rec, problem, "members",
	    errp);
}

int
github_team_maintainer(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	return github_team_role_member(ctx, path, rec, problem, "maintainers",
	    errp);
}

/*
 * The role a team or collaborator holds on a repository: role_name when
 * given, else the highest of the permissions flags.
 */
static const char *
github_role_name(const cJSON *rec)
{
	const cJSON	*p = json_get(rec, "permissions");
	const char	*name = json_str(rec, "role_name");
	static const char *const flags[][2] = {
		{ "admin", "admin" }, { "maintain", "maintain" },
		{ "push", "write" }, { "triage", "triage" }, { "pull", "read" }
	};
	size_t		 i;
	int		 b;

	if (name != NULL && *name != '\0')
		return name;
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (json_bool(p, flags[i][0], &b) == 1 && b)
			return flags[i][1];
	}
	return NULL;
}

/*
 * Describe the role of a repository and its grant, and return its key.
 * A custom role grants what its permission flags give.
 */
static char *
github_repo_role(struct github *g, const struct github_repo *r,
    const char *role, const cJSON *permissions)
{
	struct nodeset_node	*n;
	const char		*raw = "GH_ReadRepoContents";
	char			*key, *name;
	int			 b;

	if (strcmp(role, "admin") == 0 || (json_bool(permissions, "admin",
	    &b) == 1 && b))
		raw = "GH_AdminTo";
	else if (strcmp(role, "write") == 0 || strcmp(role, "maintain") == 0 ||
	    (json_bool(permissions, "push", &b) == 1 && b))
		raw = "GH_WriteRepoContents";
	key = github_role_key(r->node_id, role);
	name = xasprintf("%s/%s", r->full_name, role);
	n = nodeset_node(g->ns, key, NULL);
	nodeset_describe(n, KIND_NODE_ROLE, "GH_RepoRole,GH_Role", name);
	nodeset_attr_str(n, "short_name", role);
	nodeset_attr_str(n, "repository_name", r->full_name);
	github_edge(g, key, r->key, KIND_EDGE_GRANTS, raw, NULL);
	free(name);
	return key;
}

int
github_team_repo(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	struct github			*g = ctx;
	const struct github_repo	*r;
	const char			*team = github_file_team(g), *role;
	char				*tkey, *rkey;
	int				 rc = 0;

	if (github_bad_record(g, path, rec, problem, errp, &rc))
		return rc;
	if (team == NULL)
		return github_warn(g, path, errp, "team \"%s\" is not in "
		    "teams.json; record skipped", g->part[0]);
	if (json_str(rec, "name") == NULL ||
	    (r = github_repo(g, json_str(rec, "name"))) == NULL)
		return github_warn(g, path, errp, "repository is not in "
		    "repos.json; skipped");
	if ((role = github_role_name(rec)) == NULL)
		return github_warn(g, path, errp, "repository has neither "
		    "role_name nor permissions; skipped");
	tkey = xasprintf("github:%s", team);
	rkey = github_repo_role(g, r, role, json_get(rec, "permissions"));
	github_edge(g, tkey, rkey, KIND_EDGE_HAS_ROLE, "GH_HasRole", NULL);
	free(rkey);
	free(tkey);
	return 0;
}

int
github_collaborator(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	struct github			*g = ctx;
	const struct github_repo	*r;
	const char			*role;
	char				*user, *rkey;
	int				 rc = 0;

	if (github_bad_record(g, path, rec, problem, errp, &rc))
		return rc;
	if ((r = github_file_repo(g, errp, &rc)) == NULL)
		return rc;
	if ((role = github_role_name(rec)) == NULL)
		return github_warn(g, path, errp, "collaborator has neither "
		    "role_name nor permissions; skipped");
	if ((user = github_user(g, rec, 0)) == NULL)
		return github_warn(g, path, errp, "user has no login or "
		    "node_id; skipped");
	rkey = github_repo_role(g, r, role, json_get(rec, "permissions"));
	github_edge(g, user, rkey, KIND_EDGE_HAS_ROLE, "GH_HasRole", NULL);
	free(rkey);
	free(user);
	return 0;
}

/* Describe one of the organisation's roles and its edge to the org. */
static char *
github_org_role(struct github *g, const char *which, enum kind_edge kind,
    const char *raw)
{
	struct nodeset_node	*n;
	char			*key, *name;

	key = github_role_key(g->org_node, which);
	name = xasprintf("%s/%s", g->org_login, which);
	n = nodeset_node(g->ns, key, NULL);
	nodeset_describe(n, KIND_NODE_ROLE, "GH_OrgRole,GH_Role", name);
	nodeset_attr_str(n, "short_name", which);
	github_edge(g, key, g->org_key, kind, raw, NULL);
	free(name);
	return key;
}

int
github_org_finish(struct github *g, char **errp)
{
	const struct github_repo	*r;
	char				*members, *role, *attrs;
	size_t				 i;

	if (g->org_node == NULL || g->org_login == NULL) {
		*errp = xasprintf("%s: the folder does not name its "
		    "organisation's node id: add org.json (gh api orgs/ORG) "
		    "or repos.json (gh api --paginate orgs/ORG/repos)",
		    g->dir);
		return -1;
	}
	g->org_key = xasprintf("github:%s", g->org_node);
	nodeset_refer(nodeset_node(g->ns, g->org_key, NULL), KIND_NODE_SYSTEM,
	    "GH_Organization", g->org_login);
	free(github_org_role(g, "owners", KIND_EDGE_GRANTS, "GH_AdminTo"));
	members = github_org_role(g, "members", KIND_EDGE_MEMBER_OF,
	    "GH_MemberOf");
	attrs = g->base_permission != NULL ? xasprintf("{\"base_permission\":"
	    "\"%s\"}", g->base_permission) : NULL;
	for (i = 0; i < g->nrepos; i++) {
		r = &g->repos[i];
		github_edge(g, g->org_key, r->key, KIND_EDGE_OWNS, "GH_Owns",
		    NULL);
		if (g->base_permission == NULL)
			continue;
		role = github_repo_role(g, r, g->base_permission, NULL);
		github_edge(g, members, role, KIND_EDGE_HAS_ROLE,
		    "GH_HasBaseRole", attrs);
		free(role);
	}
	free(attrs);
	free(members);
	return 0;
}
