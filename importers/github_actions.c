/*
 * GitHub Actions secrets and variables, and deployment environments with
 * their protection rules (see github_rest.h).
 *
 * Only the names and dates of secrets and variables are read: the API
 * never returns a secret's value, and a variable's value is not kept.
 * A secret in a variable is readable by everyone who can read the
 * repository's settings or run a workflow. So a variable whose value
 * looks like a credential (a known token prefix, or a long random-looking
 * string) becomes a credential node with the value's fingerprint.
 *
 *   organisation --related GH_Contains--> secret
 *   repository --uses GH_HasSecret--> secret   (for each repository that
 *                                              the secret's visibility
 *                                              reaches: all, private and
 *                                              internal, or the selected)
 *   repository --related GH_HasEnvironment--> environment
 *   environment --uses GH_HasSecret--> environment secret
 *   reviewer --related GH_RequiredReviewer--> environment
 *
 * Keys follow GitHound: GH_OrgSecret_<org node>_<NAME>,
 * GH_Secret_<repo node>_<NAME>, GH_EnvironmentSecret_<env node>_<NAME>,
 * and GH_OrgVariable_, GH_Variable_ and GH_EnvironmentVariable_ alike.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "github_rest.h"
#include "import.h"
#include "json.h"
#include "jsonw.h"
#include "nodeset.h"
#include "redact.h"
#include "secret.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

/* Prefixes of well-known credential formats. */
static const char *const github_secret_prefixes[] = {
	"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-",
	"AKIA", "ASIA", "AIza", "xoxb-", "xoxp-", "xoxa-", "sk_live_",
	"rk_live_", "-----BEGIN", "eyJ"
};

/* Bits of entropy per character of s, from its byte frequencies. */
static double
github_entropy(const char *s, size_t len)
{
	size_t	 count[256], i;
	double	 h = 0, p;

	memset(count, 0, sizeof(count));
	for (i = 0; i < len; i++)
		count[(unsigned char)s[i]]++;
	for (i = 0; i < 256; i++) {
		if (count[i] == 0)
			continue;
		p = (double)count[i] / (double)len;
		h -= p * log2(p);
	}
	return h;
}

/*
 * Return 1 when a variable's value looks like a credential: it contains
 * a secret of a shape graph/secret.h knows, starts with a known token
 * prefix, or is random-looking text.
 * NOTE: the last two are a heuristic (at least 24 characters without
 * spaces and 4 bits of entropy per character). A credential it misses
 * keeps only its name.
 */
static int
github_secret_looking(const char *v)
{
	struct secret_match	 m;
	size_t			 i, len = strlen(v);

	if (secret_find(v, len, 0, 0, &m))
		return 1;
	for (i = 0; i < sizeof(github_secret_prefixes) /
	    sizeof(github_secret_prefixes[0]); i++) {
		if (strncmp(v, github_secret_prefixes[i],
		    strlen(github_secret_prefixes[i])) == 0 && len >= 16)
			return 1;
	}
	return len >= 24 && strpbrk(v, " \t\n") == NULL &&
	    github_entropy(v, len) >= 4.0;
}

/* Skip a record that broke a JSON rule or is not an object. */
static int
github_bad(struct github *g, const char *path, const cJSON *rec,
    const char *problem, char **errp, int *rc)
{
	if (problem != NULL)
		*rc = github_warn(g, path, errp, "%s; record skipped", problem);
	else if (!cJSON_IsObject(rec))
		*rc = github_warn(g, path, errp, "record is not an object; "
		    "skipped");
	else if (json_str(rec, "name") == NULL)
		*rc = github_warn(g, path, errp, "record has no name; "
		    "skipped");
	else
		return 0;
	return 1;
}

/*
 * Describe a secret or variable from its metadata. For a variable, value
 * is its value (NULL for a secret); it is fingerprinted when it looks
 * like a credential and otherwise dropped. Returns the node's edge kind
 * from a holder (uses for credentials, related otherwise), or -1.
 */
static int
github_setting(struct github *g, const char *path, const cJSON *rec,
    const char *key, const char *kinds, const char *environment,
    int variable, char **errp)
{
	struct nodeset_node	*n = nodeset_node(g->ns, key, NULL);
	const char		*value = json_str(rec, "value");
	char			 hex[65], *marker;
	int64_t			 t;
	int			 credential = !variable;

	if (variable && value != NULL && github_secret_looking(value)) {
		credential = 1;
		if (redact_value(g->imp, value, strlen(value), &marker) == -1)
			return -1;
		if (redact_marker_fingerprint(marker, hex))
			nodeset_attr_str(n, "fingerprint", hex);
		free(marker);
		nodeset_attr_bool(n, "value_looks_like_secret", 1);
		if (github_warn(g, path, errp, "field value: the variable's "
		    "value looks like a credential; only its fingerprint is "
		    "kept") == -1)
			return -1;
	}
	nodeset_describe(n, credential ? KIND_NODE_CREDENTIAL :
	    KIND_NODE_OTHER, kinds, json_str(rec, "name"));
	if (credential)
		nodeset_credential_type(n, variable ? "actions_variable" :
		    "actions_secret");
	nodeset_environment(n, environment);
	nodeset_attr_str(n, "name", json_str(rec, "name"));
	nodeset_attr_str(n, "visibility", json_str(rec, "visibility"));
	nodeset_attr_str(n, "updated_at", json_str(rec, "updated_at"));
	if (github_time(g, rec, "created_at", path, &t, errp) == -1)
		return -1;
	nodeset_created(n, t);
	if (github_time(g, rec, "updated_at", path, &t, errp) == -1)
		return -1;
	if (credential)
		nodeset_rotated(n, t);
	return credential ? KIND_EDGE_USES : KIND_EDGE_RELATED;
}

/* An organisation secret or variable. */
static int
github_org_setting(struct github *g, const char *path, cJSON *rec,
    const char *problem, int variable, char **errp)
{
	const char	*vis = json_str(rec, "visibility");
	const char	*prefix = variable ? "GH_OrgVariable" : "GH_OrgSecret";
	char		*key;
	int		 rc = 0, kind;

	if (github_bad(g, path, rec, problem, errp, &rc))
		return rc;
	key = xasprintf("github:%s_%s_%s", prefix, g->org_node,
	    json_str(rec, "name"));
	kind = github_setting(g, path, rec, key, prefix, NULL, variable, errp);
	if (kind >= 0) {
		github_edge(g, g->org_key, key, KIND_EDGE_RELATED,
		    "GH_Contains", NULL);
		github_note_grant(g, variable ? "variable" : "secret",
		    json_str(rec, "name"), key);
		if (vis != NULL && (strcmp(vis, "all") == 0 ||
		    strcmp(vis, "private") == 0))
			github_all_repos(g, key, strcmp(vis, "private") == 0,
			    kind, variable ? "GH_HasVariable" :
			    "GH_HasSecret", NULL, 1);
	}
	free(key);
	return kind < 0 ? -1 : 0;
}

int
github_org_secret(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	return github_org_setting(ctx, path, rec, problem, 0, errp);
}

int
github_org_variable(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	return github_org_setting(ctx, path, rec, problem, 1, errp);
}

/* A repository of a selected organisation secret's or variable's list. */
static int
github_setting_repo(struct github *g, const char *path, cJSON *rec,
    const char *problem, const char *prefix, char **errp)
{
	const struct github_repo	*r = NULL;
	const char			*key = github_file_grant(g, prefix);
	int				 rc = 0, credential;

	if (github_bad(g, path, rec, problem, errp, &rc))
		return rc;
	if (key == NULL)
		return github_warn(g, path, errp, "no organisation %s is "
		    "named \"%s\"; record skipped", prefix, g->part[0]);
	if ((r = github_repo(g, json_str(rec, "name"))) == NULL)
		return github_warn(g, path, errp, "repository is not in "
		    "repos.json; skipped");
	credential = nodeset_kind(nodeset_find(g->ns, key)) ==
	    KIND_NODE_CREDENTIAL;
	github_edge(g, r->key, key, credential ? KIND_EDGE_USES :
	    KIND_EDGE_RELATED, strcmp(prefix, "variable") == 0 ?
	    "GH_HasVariable" : "GH_HasSecret", NULL);
	return 0;
}

int
github_org_secret_repo(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	return github_setting_repo(ctx, path, rec, problem, "secret", errp);
}

int
github_org_variable_repo(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	return github_setting_repo(ctx, path, rec, problem, "variable", errp);
}

/* A secret or variable of a repository or an environment. */
static int
github_held_setting(struct github *g, const char *path, cJSON *rec,
    const char *problem, const char *holder_key, const char *holder_node,
    const char *prefix, const char *environment, int variable, char **errp)
{
	char	*key;
	int	 rc = 0, kind;

	if (github_bad(g, path, rec, problem, errp, &rc))
		return rc;
	key = xasprintf("github:%s_%s_%s", prefix, holder_node,
	    json_str(rec, "name"));
	kind = github_setting(g, path, rec, key, prefix, environment,
	    variable, errp);
	if (kind >= 0) {
		github_edge(g, holder_key, key, KIND_EDGE_RELATED,
		    "GH_Contains", NULL);
		github_edge(g, holder_key, key, (enum kind_edge)kind,
		    variable ? "GH_HasVariable" : "GH_HasSecret", NULL);
	}
	free(key);
	return kind < 0 ? -1 : 0;
}

int
github_repo_secret(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	struct github			*g = ctx;
	const struct github_repo	*r;
	int				 rc;

	if ((r = github_file_repo(g, errp, &rc)) == NULL)
		return rc;
	return github_held_setting(g, path, rec, problem, r->key, r->node_id,
	    "GH_Secret", NULL, 0, errp);
}

int
github_repo_variable(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	struct github			*g = ctx;
	const struct github_repo	*r;
	int				 rc;

	if ((r = github_file_repo(g, errp, &rc)) == NULL)
		return rc;
	return github_held_setting(g, path, rec, problem, r->key, r->node_id,
	    "GH_Variable", NULL, 1, errp);
}

int
github_env_secret(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	struct github		*g = ctx;
	const struct github_env	*e;
	int			 rc;

	if ((e = github_file_env(g, errp, &rc)) == NULL)
		return rc;
	return github_held_setting(g, path, rec, problem, e->key, e->node_id,
	    "GH_EnvironmentSecret", e->name, 0, errp);
}

int
github_env_variable(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	struct github		*g = ctx;
	const struct github_env	*e;
	int			 rc;

	if ((e = github_file_env(g, errp, &rc)) == NULL)
		return rc;
	return github_held_setting(g, path, rec, problem, e->key, e->node_id,
	    "GH_EnvironmentVariable", e->name, 1, errp);
}

/* Write the required reviewers of a rule and link them to the env. */
static void
github_reviewers(struct github *g, const char *env_key, const cJSON *rule,
    struct jsonw *names)
{
	const cJSON	*r, *who;
	const char	*type, *node;
	struct strbuf	 item;
	char		*key;

	strbuf_init(&item);
	cJSON_ArrayForEach(r, json_get(rule, "reviewers")) {
		type = json_str(r, "type");
		who = json_get(r, "reviewer");
		if (type == NULL || (node = json_str(who, "node_id")) == NULL)
			continue;
		strbuf_reset(&item);
		strbuf_addf(&item, "%s:%s", strcmp(type, "Team") == 0 ?
		    "team" : "user", json_str(who, "login") != NULL ?
		    json_str(who, "login") : json_str(who, "slug") != NULL ?
		    json_str(who, "slug") : node);
		jsonw_str(names, item.buf);
		if (strcmp(type, "User") == 0)
			free(github_user(g, who, 0));
		key = xasprintf("github:%s", node);
		github_edge(g, key, env_key, KIND_EDGE_RELATED,
		    "GH_RequiredReviewer", NULL);
		free(key);
	}
	strbuf_free(&item);
}

/* Write the protection rules of an environment into its attributes. */
static void
github_protection(struct github *g, struct nodeset_node *n,
    const char *env_key, const cJSON *rec)
{
	const cJSON	*rule;
	const cJSON	*policy = json_get(rec, "deployment_branch_policy");
	struct strbuf	 types, reviewers;
	struct jsonw	 wt, wr;
	const char	*type;
	int64_t		 wait;
	int		 b;

	strbuf_init(&types);
	strbuf_init(&reviewers);
	jsonw_init(&wt, &types, 0);
	jsonw_init(&wr, &reviewers, 0);
	jsonw_array_begin(&wt);
	jsonw_array_begin(&wr);
	cJSON_ArrayForEach(rule, json_get(rec, "protection_rules")) {
		if ((type = json_str(rule, "type")) == NULL)
			continue;
		jsonw_str(&wt, type);
		if (json_int(rule, "wait_timer", &wait) == 1)
			nodeset_attr_int(n, "wait_timer", wait);
		if (json_bool(rule, "prevent_self_review", &b) == 1)
			nodeset_attr_bool(n, "prevent_self_review", b);
		if (strcmp(type, "required_reviewers") == 0)
			github_reviewers(g, env_key, rule, &wr);
	}
	jsonw_array_end(&wt);
	jsonw_array_end(&wr);
	nodeset_attr_raw(n, "protection_rules", types.buf);
	if (reviewers.len > 2)
		nodeset_attr_raw(n, "required_reviewers", reviewers.buf);
	if (cJSON_IsNull(policy) || (json_get(rec, "protection_rules") !=
	    NULL && policy == NULL))
		nodeset_attr_str(n, "deployment_branch_policy", "none");
	else if (json_bool(policy, "protected_branches", &b) == 1 && b)
		nodeset_attr_str(n, "deployment_branch_policy",
		    "protected_branches");
	else if (json_bool(policy, "custom_branch_policies", &b) == 1 && b)
		nodeset_attr_str(n, "deployment_branch_policy",
		    "custom_branch_policies");
	strbuf_free(&types);
	strbuf_free(&reviewers);
}

int
github_environment(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	struct github			*g = ctx;
	const struct github_repo	*r;
	struct nodeset_node		*n;
	const char			*name = json_str(rec, "name");
	const char			*node = json_str(rec, "node_id");
	char				*key, *label, buf[JSON_TEXT_BUFSZ];
	int64_t				 t;
	int				 rc = 0, b;

	if ((r = github_file_repo(g, errp, &rc)) == NULL)
		return rc;
	if (github_bad(g, path, rec, problem, errp, &rc))
		return rc;
	if (node == NULL)
		return github_warn(g, path, errp, "environment has no node_id; "
		    "skipped");
	key = xasprintf("github:%s", node);
	label = xasprintf("%s/%s", r->name, name);
	n = nodeset_node(g->ns, key, NULL);
	nodeset_describe(n, KIND_NODE_SYSTEM, "GH_Environment", label);
	nodeset_environment(n, name);
	nodeset_attr_str(n, "short_name", name);
	nodeset_attr_str(n, "repository_name", r->full_name);
	nodeset_attr_str(n, "node_id", node);
	nodeset_attr_str(n, "id", json_text(rec, "id", buf));
	nodeset_attr_str(n, "html_url", json_str(rec, "html_url"));
	nodeset_attr_str(n, "updated_at", json_str(rec, "updated_at"));
	if (json_bool(rec, "can_admins_bypass", &b) == 1)
		nodeset_attr_bool(n, "can_admins_bypass", b);
	github_protection(g, n, key, rec);
	rc = github_time(g, rec, "created_at", path, &t, errp);
	nodeset_created(n, t);
	github_edge(g, r->key, key, KIND_EDGE_RELATED, "GH_HasEnvironment",
	    NULL);
	github_note_env(g, r->name, name, key, node);
	free(label);
	free(key);
	return rc;
}

int
github_env_branch_policy(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	struct github		*g = ctx;
	const struct github_env	*e;
	struct nodeset_node	*n;
	struct strbuf		 item;
	char			*attr;
	int			 rc;

	if ((e = github_file_env(g, errp, &rc)) == NULL)
		return rc;
	if (github_bad(g, path, rec, problem, errp, &rc))
		return rc;
	/* One attribute per policy: deployment_branch:<name> = type. */
	n = nodeset_node(g->ns, e->key, NULL);
	strbuf_init(&item);
	strbuf_addf(&item, "deployment_branch:%s", json_str(rec, "name"));
	attr = strbuf_detach(&item);
	nodeset_attr_str(n, attr, json_str(rec, "type") != NULL ?
	    json_str(rec, "type") : "branch");
	free(attr);
	return 0;
}
