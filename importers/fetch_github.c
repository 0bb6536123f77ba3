/*
 * trustwalk fetch github: one organisation's REST API responses, saved
 * in the folder layout the github-rest importer reads (docs/formats.md,
 * "GitHub REST"), the pages of each endpoint one after another as
 * "gh api --paginate" writes them.
 *
 * The requests come in the importer's three rounds:
 *
 *   1. the organisation (whose failure stops the run), its repositories,
 *      teams, members and outside collaborators;
 *   2. profiles, team members and repositories, installations,
 *      fine-grained tokens and requests, the secrets and variables of
 *      the organisation and of each repository, deploy keys,
 *      collaborators and environments;
 *   3. the selected repositories of installations, tokens, secrets and
 *      variables, and what belongs to each environment.
 *
 * Lists go 100 to a page and follow the Link header. A name the server
 * returns becomes part of a path in the folder only when
 * fetch_safe_name() accepts it. A repository such as ".github" cannot
 * be saved (the importers skip hidden files), so it is recorded as
 * missing.
 */
#include "fetch_int.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"

/* GitHub's REST API on github.com. */
#define GITHUB_API	"https://api.github.com"

/* The names the first rounds found, for the requests of later ones. */
struct github_fetch {
	struct fetch		*f;
	const char		*org;
	struct fetch_names	 repos;
	struct fetch_names	 teams;
	struct fetch_names	 people;	/* members, collaborators */
	struct fetch_names	 installations;	/* with selected repos */
	struct fetch_names	 tokens;	/* with a subset of repos */
	struct fetch_names	 requests;
	struct fetch_names	 secrets;	/* visibility "selected" */
	struct fetch_names	 variables;
};

/* A record member to collect, when another member has a value. */
struct github_collect {
	struct fetch_names	*names;
	const char		*member;
	const char		*when;		/* member to test, or NULL */
	const char		*is;		/* the value it must have */
};

static int
github_collect(void *ctx, const char *path, cJSON *value, const char *problem,
    char **errp)
{
	struct github_collect	*c = ctx;
	const char		*v, *test;
	char			 buf[JSON_TEXT_BUFSZ];

	(void)path;
	(void)problem;
	(void)errp;
	if (value == NULL || (v = json_text(value, c->member, buf)) == NULL)
		return 0;
	if (c->when != NULL && ((test = json_str(value, c->when)) == NULL ||
	    strcmp(test, c->is) != 0))
		return 0;
	fetch_names_add(c->names, v);
	return 0;
}

/* The environments of one repository. */
struct github_envs {
	struct fetch_names	 all;
	struct fetch_names	 custom;	/* custom branch policies */
};

static int
github_collect_env(void *ctx, const char *path, cJSON *value,
    const char *problem, char **errp)
{
	struct github_envs	*envs = ctx;
	const char		*name;
	int			 custom = 0;

	(void)path;
	(void)problem;
	(void)errp;
	if (value == NULL || (name = json_str(value, "name")) == NULL)
		return 0;
	fetch_names_add(&envs->all, name);
	if (json_bool(json_get(value, "deployment_branch_policy"),
	    "custom_branch_policies", &custom) == 1 && custom)
		fetch_names_add(&envs->custom, name);
	return 0;
}

/* How to read one list: its records, and who collects from them. */
struct github_read {
	const char	*items;		/* route of the records */
	json_record_fn	 fn;		/* NULL, or called for each */
	void		*ctx;
};

/*
 * Read one list into file. path is the request path after the base URL,
 * already escaped.
 */
static int
github_list(struct github_fetch *g, const char *endpoint, const char *path,
    const char *file, const struct github_read *r, char **errp)
{
	struct fetch_list	 l;
	char			*url = fetch_url(g->f, "%s", path);
	int			 rc;

	memset(&l, 0, sizeof(l));
	l.endpoint = endpoint;
	l.url = url;
	l.pager = FETCH_PAGER_LINK;
	l.items = r->items;
	l.on_item = r->fn;
	l.ctx = r->ctx;
	l.file = file;
	rc = fetch_list(g->f, &l, errp);
	fetch_list_clear(&l);
	free(url);
	return rc;
}

/*
 * The endpoint as messages and the manifest show it: "A/NAME/SUFFIX"
 * without the page size (name NULL: "A/SUFFIX").
 */
static char *
github_endpoint(const char *a, const char *name, const char *suffix)
{
	struct strbuf	 sb;
	const char	*q = strchr(suffix, '?');
	const char	*pp;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s/", a);
	if (name != NULL)
		strbuf_addf(&sb, "%s/", name);
	if (q == NULL) {
		strbuf_addstr(&sb, suffix);
		return strbuf_detach(&sb);
	}
	strbuf_add(&sb, suffix, (size_t)(q - suffix));
	/* Keep the query but for "per_page=N", which always comes last. */
	if ((pp = strstr(q, "per_page=")) != NULL && pp > q + 1)
		strbuf_add(&sb, q, (size_t)(pp - q) - 1);
	return strbuf_detach(&sb);
}

/*
 * Read a list of the organisation: "orgs/ORG/" then suffix (which may
 * carry a query) into file.
 */
static int
github_org_list(struct github_fetch *g, const char *suffix, const char *file,
    const struct github_read *r, char **errp)
{
	struct strbuf	 path, sb;
	char		*ep;
	int		 rc;

	strbuf_init(&path);
	strbuf_addstr(&path, "/orgs/");
	fetch_http_escape(&path, g->org);
	strbuf_addch(&path, '/');
	strbuf_addstr(&path, suffix);
	strbuf_init(&sb);
	strbuf_addf(&sb, "orgs/%s", g->org);
	ep = github_endpoint(sb.buf, NULL, suffix);
	strbuf_free(&sb);
	rc = github_list(g, ep, path.buf, file, r, errp);
	free(ep);
	strbuf_free(&path);
	return rc;
}

/*
 * Read a list under a name: the request path is PREFIX/NAME/SUFFIX with
 * the name escaped (prefix is escaped already and starts with '/'), the
 * file FOLDER/NAME/FILE. A name that cannot be a folder name is recorded
 * as missing instead.
 */
static int
github_named(struct github_fetch *g, const char *prefix, const char *name,
    const char *suffix, const char *folder, const char *file,
    const struct github_read *r, char **errp)
{
	struct strbuf	 path;
	char		*ep, *rel;
	int		 rc;

	ep = github_endpoint(prefix + 1, name, suffix);
	if (!fetch_safe_name(name)) {
		fetch_missing(g->f, ep, NULL, 0, "the name cannot be a file "
		    "name in the folder (empty, starting with '.', or holding "
		    "'/' or a control character), so it was not fetched");
		free(ep);
		return 0;
	}
	strbuf_init(&path);
	strbuf_addstr(&path, prefix);
	strbuf_addch(&path, '/');
	fetch_http_escape(&path, name);
	strbuf_addch(&path, '/');
	strbuf_addstr(&path, suffix);
	rel = xasprintf("%s/%s/%s", folder, name, file);
	rc = github_list(g, ep, path.buf, rel, r, errp);
	free(rel);
	free(ep);
	strbuf_free(&path);
	return rc;
}

/* The escaped request path of the organisation, "/orgs/ORG". */
static char *
github_org_path(const struct github_fetch *g)
{
	struct strbuf	 sb;

	strbuf_init(&sb);
	strbuf_addstr(&sb, "/orgs/");
	fetch_http_escape(&sb, g->org);
	return strbuf_detach(&sb);
}

/* Round one: the organisation, which must be readable, and its lists. */
static int
github_round1(struct github_fetch *g, char **errp)
{
	struct github_collect	 repos = { &g->repos, "name", NULL, NULL };
	struct github_collect	 teams = { &g->teams, "slug", NULL, NULL };
	struct github_collect	 people = { &g->people, "login", NULL, NULL };
	const struct github_read rrepos = { "[]", github_collect, &repos };
	const struct github_read rteams = { "[]", github_collect, &teams };
	const struct github_read rpeople = { "[]", github_collect, &people };
	const struct github_read plain = { "[]", NULL, NULL };
	struct fetch_list	 l;
	char			*path = github_org_path(g);
	char			*url = fetch_url(g->f, "%s", path);
	char			*ep = xasprintf("orgs/%s", g->org);
	int			 rc;

	memset(&l, 0, sizeof(l));
	l.endpoint = ep;
	l.url = url;
	l.file = "org.json";
	l.anchor = 1;
	rc = fetch_list(g->f, &l, errp);
	fetch_list_clear(&l);
	free(url);
	free(ep);
	free(path);
	if (rc == 0)
		rc = github_org_list(g, "repos?per_page=100", "repos.json",
		    &rrepos, errp);
	if (rc == 0)
		rc = github_org_list(g, "teams?per_page=100", "teams.json",
		    &rteams, errp);
	if (rc == 0)
		rc = github_org_list(g, "members?per_page=100",
		    "members.json", &rpeople, errp);
	if (rc == 0)
		rc = github_org_list(g, "members?role=admin&per_page=100",
		    "admins.json", &plain, errp);
	if (rc == 0)
		rc = github_org_list(g, "outside_collaborators?per_page=100",
		    "outside-collaborators.json", &rpeople, errp);
	return rc;
}

/* Round two: lists of the organisation. */
static int
github_round2_org(struct github_fetch *g, char **errp)
{
	struct github_collect	 inst = { &g->installations, "id",
				    "repository_selection", "selected" };
	struct github_collect	 tok = { &g->tokens, "id",
				    "repository_selection", "subset" };
	struct github_collect	 req = { &g->requests, "id",
				    "repository_selection", "subset" };
	struct github_collect	 sec = { &g->secrets, "name", "visibility",
				    "selected" };
	struct github_collect	 var = { &g->variables, "name", "visibility",
				    "selected" };
	const struct github_read rinst = { "installations[]", github_collect,
				    &inst };
	const struct github_read rtok = { "[]", github_collect, &tok };
	const struct github_read rreq = { "[]", github_collect, &req };
	const struct github_read rsec = { "secrets[]", github_collect, &sec };
	const struct github_read rvar = { "variables[]", github_collect,
				    &var };
	int			 rc;

	rc = github_org_list(g, "installations?per_page=100",
	    "installations.json", &rinst, errp);
	if (rc == 0)
		rc = github_org_list(g, "personal-access-tokens?per_page=100",
		    "personal-access-tokens.json", &rtok, errp);
	if (rc == 0)
		rc = github_org_list(g,
		    "personal-access-token-requests?per_page=100",
		    "personal-access-token-requests.json", &rreq, errp);
	if (rc == 0)
		rc = github_org_list(g, "actions/secrets?per_page=100",
		    "actions-secrets.json", &rsec, errp);
	if (rc == 0)
		rc = github_org_list(g, "actions/variables?per_page=30",
		    "actions-variables.json", &rvar, errp);
	return rc;
}

/* Round two: profiles of members and outside collaborators. */
static int
github_profiles(struct github_fetch *g, char **errp)
{
	const struct github_read	 one = { NULL, NULL, NULL };
	struct strbuf			 path;
	char				*ep, *rel;
	size_t				 i;
	int				 rc = 0;

	strbuf_init(&path);
	for (i = 0; i < g->people.n && rc == 0; i++) {
		ep = xasprintf("users/%s", g->people.v[i]);
		if (!fetch_safe_name(g->people.v[i])) {
			fetch_missing(g->f, ep, NULL, 0, "the login cannot be "
			    "a file name in the folder; not fetched");
			free(ep);
			continue;
		}
		strbuf_reset(&path);
		strbuf_addstr(&path, "/users/");
		fetch_http_escape(&path, g->people.v[i]);
		rel = xasprintf("users/%s.json", g->people.v[i]);
		rc = github_list(g, ep, path.buf, rel, &one, errp);
		free(rel);
		free(ep);
	}
	strbuf_free(&path);
	return rc;
}

/* Round two: each team's members, maintainers and repositories. */
static int
github_teams(struct github_fetch *g, char **errp)
{
	const struct github_read	 plain = { "[]", NULL, NULL };
	char				*prefix, *org = github_org_path(g);
	size_t				 i;
	int				 rc = 0;

	prefix = xasprintf("%s/teams", org);
	for (i = 0; i < g->teams.n && rc == 0; i++) {
		rc = github_named(g, prefix, g->teams.v[i],
		    "members?per_page=100", "teams", "members.json", &plain,
		    errp);
		if (rc == 0)
			rc = github_named(g, prefix, g->teams.v[i],
			    "members?role=maintainer&per_page=100", "teams",
			    "maintainers.json", &plain, errp);
		if (rc == 0)
			rc = github_named(g, prefix, g->teams.v[i],
			    "repos?per_page=100", "teams", "repos.json",
			    &plain, errp);
	}
	free(prefix);
	free(org);
	return rc;
}

/* What belongs to one environment of a repository. */
static int
github_env(struct github_fetch *g, const char *repo, const char *env,
    int custom, char **errp)
{
	const struct github_read	 sec = { "secrets[]", NULL, NULL };
	const struct github_read	 var = { "variables[]", NULL, NULL };
	const struct github_read	 pol = { "branch_policies[]", NULL,
					    NULL };
	struct strbuf			 prefix;
	char				*folder;
	int				 rc;

	strbuf_init(&prefix);
	strbuf_addstr(&prefix, "/repos/");
	fetch_http_escape(&prefix, g->org);
	strbuf_addch(&prefix, '/');
	fetch_http_escape(&prefix, repo);
	strbuf_addstr(&prefix, "/environments");
	folder = xasprintf("repos/%s/environments", repo);
	rc = github_named(g, prefix.buf, env, "secrets?per_page=100", folder,
	    "secrets.json", &sec, errp);
	if (rc == 0)
		rc = github_named(g, prefix.buf, env, "variables?per_page=30",
		    folder, "variables.json", &var, errp);
	if (rc == 0 && custom)
		rc = github_named(g, prefix.buf, env,
		    "deployment-branch-policies?per_page=100", folder,
		    "deployment-branch-policies.json", &pol, errp);
	free(folder);
	strbuf_free(&prefix);
	return rc;
}

/* Round two and three: everything under one repository. */
static int
github_repo(struct github_fetch *g, const char *repo, char **errp)
{
	struct github_envs		 envs;
	const struct github_read	 keys = { "[]", NULL, NULL };
	const struct github_read	 sec = { "secrets[]", NULL, NULL };
	const struct github_read	 var = { "variables[]", NULL, NULL };
	const struct github_read	 env = { "environments[]",
					    github_collect_env, &envs };
	struct strbuf			 prefix;
	size_t				 i;
	int				 rc;

	memset(&envs, 0, sizeof(envs));
	strbuf_init(&prefix);
	strbuf_addstr(&prefix, "/repos/");
	fetch_http_escape(&prefix, g->org);
	rc = github_named(g, prefix.buf, repo, "keys?per_page=100", "repos",
	    "keys.json", &keys, errp);
	if (rc == 0)
		rc = github_named(g, prefix.buf, repo,
		    "actions/secrets?per_page=100", "repos",
		    "actions-secrets.json", &sec, errp);
	if (rc == 0)
		rc = github_named(g, prefix.buf, repo,
		    "actions/variables?per_page=30", "repos",
		    "actions-variables.json", &var, errp);
	if (rc == 0)
		rc = github_named(g, prefix.buf, repo,
		    "collaborators?per_page=100", "repos",
		    "collaborators.json", &keys, errp);
	if (rc == 0)
		rc = github_named(g, prefix.buf, repo,
		    "environments?per_page=100", "repos", "environments.json",
		    &env, errp);
	for (i = 0; rc == 0 && i < envs.all.n; i++)
		rc = github_env(g, repo, envs.all.v[i], fetch_names_has(
		    &envs.custom, envs.all.v[i]), errp);
	fetch_names_free(&envs.all);
	fetch_names_free(&envs.custom);
	strbuf_free(&prefix);
	return rc;
}

/* Round three: the selected repositories of what grants access. */
static int
github_round3(struct github_fetch *g, char **errp)
{
	const struct github_read	 arr = { "[]", NULL, NULL };
	const struct github_read	 obj = { "repositories[]", NULL,
					    NULL };
	char				*org = github_org_path(g), *p;
	size_t				 i;
	int				 rc = 0;

	for (i = 0; i < g->installations.n && rc == 0; i++)
		rc = github_named(g, "/user/installations",
		    g->installations.v[i], "repositories?per_page=100",
		    "installations", "repositories.json", &obj, errp);
	p = xasprintf("%s/personal-access-tokens", org);
	for (i = 0; i < g->tokens.n && rc == 0; i++)
		rc = github_named(g, p, g->tokens.v[i],
		    "repositories?per_page=100", "personal-access-tokens",
		    "repositories.json", &arr, errp);
	free(p);
	p = xasprintf("%s/personal-access-token-requests", org);
	for (i = 0; i < g->requests.n && rc == 0; i++)
		rc = github_named(g, p, g->requests.v[i],
		    "repositories?per_page=100",
		    "personal-access-token-requests", "repositories.json",
		    &arr, errp);
	free(p);
	p = xasprintf("%s/actions/secrets", org);
	for (i = 0; i < g->secrets.n && rc == 0; i++)
		rc = github_named(g, p, g->secrets.v[i],
		    "repositories?per_page=100", "actions-secrets",
		    "repositories.json", &obj, errp);
	free(p);
	p = xasprintf("%s/actions/variables", org);
	for (i = 0; i < g->variables.n && rc == 0; i++)
		rc = github_named(g, p, g->variables.v[i],
		    "repositories?per_page=100", "actions-variables",
		    "repositories.json", &obj, errp);
	free(p);
	free(org);
	return rc;
}

static enum fetch_status
github_run(struct fetch *f, char **errp)
{
	struct github_fetch	 g;
	size_t			 i;
	int			 rc;

	memset(&g, 0, sizeof(g));
	g.f = f;
	g.org = f->opts->org;
	rc = github_round1(&g, errp);
	if (rc == 0)
		rc = github_round2_org(&g, errp);
	if (rc == 0 && !f->opts->no_profiles)
		rc = github_profiles(&g, errp);
	if (rc == 0)
		rc = github_teams(&g, errp);
	for (i = 0; rc == 0 && i < g.repos.n; i++)
		rc = github_repo(&g, g.repos.v[i], errp);
	if (rc == 0)
		rc = github_round3(&g, errp);
	if (rc == 0)
		fetch_add_input(f, ".");
	fetch_names_free(&g.repos);
	fetch_names_free(&g.teams);
	fetch_names_free(&g.people);
	fetch_names_free(&g.installations);
	fetch_names_free(&g.tokens);
	fetch_names_free(&g.requests);
	fetch_names_free(&g.secrets);
	fetch_names_free(&g.variables);
	return rc == 0 ? FETCH_DONE : f->stop;
}

static int
github_check(const struct fetch_options *o, char **errp)
{
	if (o->org == NULL || *o->org == '\0') {
		*errp = xstrdup("fetch github needs --org ORG");
		return -1;
	}
	if (strchr(o->org, '/') != NULL) {
		*errp = xasprintf("--org \"%s\": give the organisation's login, "
		    "not a path", o->org);
		return -1;
	}
	return 0;
}

static const char *
github_base(const struct fetch_options *o)
{
	return o->api != NULL ? o->api : GITHUB_API;
}

const struct fetch_source fetch_source_github = {
	.name = "github",
	.usage = "--org ORG [--api URL] [--no-profiles]",
	.summary = "an organisation's REST API responses (github-rest)",
	.token = FETCH_TOKEN_REQUIRED,
	.token_env = { "TRUSTWALK_GITHUB_TOKEN", "GITHUB_TOKEN", NULL },
	.check = github_check,
	.base = github_base,
	.headers = { "Accept: application/vnd.github+json",
	    "X-GitHub-Api-Version: 2022-11-28", NULL, NULL },
	.run = github_run,
};
