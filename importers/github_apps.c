/*
 * App installations, fine-grained personal access tokens and requests
 * for them, and deploy keys (see github_rest.h).
 *
 *   installation --grants GH_CanAccess--> repository  (all or selected)
 *   user --owns GH_HasPersonalAccessToken--> token
 *   token --grants GH_CanAccess--> repository          (all or selected)
 *   user --owns GH_HasPersonalAccessTokenRequest--> request
 *   request --related GH_RequestsAccess (not traversable)--> repository
 *   deploy key --grants GH_DeployKeyWrite or GH_DeployKeyRead--> repository
 *
 * An installation is keyed by its app's client_id, as GitHound keys it.
 * A token is keyed "GH_PersonalAccessToken_<org node id>_<token_id>" and
 * a request "GH_PersonalAccessTokenRequest_<org node id>_<id>"; a token
 * that was never used, or has no expiry, has "never" for that time. The
 * repositories of a "selected" (or "subset") grant come from the files
 * installations/ID/repositories.json and personal-access-tokens/ID/
 * repositories.json, where ID is the installation's id or app slug, or
 * the grant's id.
 */
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "digest.h"
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
github_skip(struct github *g, const char *path, const cJSON *rec,
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

/* Copy the scalar members of rec named in names into attributes. */
static void
github_copy(struct nodeset_node *n, const cJSON *rec,
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

/* Write a list of strings (events, paths) as an array attribute. */
static void
github_string_list(struct nodeset_node *n, const char *name,
    const cJSON *list)
{
	struct strbuf	 sb;
	const cJSON	*v;

	if (!cJSON_IsArray(list))
		return;
	strbuf_init(&sb);
	strbuf_addch(&sb, '[');
	cJSON_ArrayForEach(v, list) {
		if (!cJSON_IsString(v))
			continue;
		if (sb.len > 1)
			strbuf_addch(&sb, ',');
		jsonw_escape(&sb, v->valuestring, strlen(v->valuestring));
	}
	strbuf_addch(&sb, ']');
	nodeset_attr_raw(n, name, sb.buf);
	strbuf_free(&sb);
}

int
github_installation(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	static const char *const attrs[] = {
		"id", "app_id", "app_slug", "client_id", "target_type",
		"target_id", "repository_selection", "html_url", "updated_at",
		"suspended_at"
	};
	struct github		*g = ctx;
	struct nodeset_node	*n;
	const char		*client = json_str(rec, "client_id");
	const char		*slug = json_str(rec, "app_slug");
	const char		*sel = json_str(rec, "repository_selection");
	char			*key, buf[JSON_TEXT_BUFSZ];
	int64_t			 t;
	int			 rc = 0, writes;

	if (github_skip(g, path, rec, problem, errp, &rc))
		return rc;
	if (json_text(rec, "id", buf) == NULL)
		return github_warn(g, path, errp, "installation has no id; "
		    "skipped");
	key = client != NULL ? xasprintf("github:%s", client) :
	    xasprintf("github:GH_AppInstallation_%s", buf);
	github_note_grant(g, "inst", buf, key);
	github_note_grant(g, "inst", slug, key);
	n = nodeset_node(g->ns, key, NULL);
	nodeset_describe(n, KIND_NODE_OAUTH_APP, "GH_AppInstallation",
	    slug != NULL ? slug : buf);
	github_copy(n, rec, attrs, sizeof(attrs) / sizeof(attrs[0]));
	nodeset_attr_str(n, "account", json_str(json_get(rec, "account"),
	    "login"));
	github_string_list(n, "events", json_get(rec, "events"));
	writes = github_permissions(g, key, json_get(rec, "permissions"));
	nodeset_attr_bool(n, "write_access", writes);
	if (json_str(rec, "suspended_at") != NULL)
		nodeset_disabled(n, 1);
	rc = github_time(g, rec, "created_at", path, &t, errp);
	nodeset_created(n, t);
	github_edge(g, g->org_key, key, KIND_EDGE_RELATED,
	    "GH_HasAppInstallation", NULL);
	if (sel != NULL && strcmp(sel, "all") == 0)
		github_all_repos(g, key, 0, KIND_EDGE_GRANTS, "GH_CanAccess",
		    NULL, 0);
	free(key);
	return rc;
}

/* Add an edge from the grant of the current file to one repository. */
static int
github_grant_repo(struct github *g, const char *path, const cJSON *rec,
    const char *problem, const char *prefix, enum kind_edge kind,
    const char *raw, unsigned flags, char **errp)
{
	const struct github_repo	*r = NULL;
	struct record_edge		 e;
	const char			*grant = github_file_grant(g, prefix);
	int				 rc = 0;

	if (github_skip(g, path, rec, problem, errp, &rc))
		return rc;
	if (grant == NULL)
		return github_warn(g, path, errp, "\"%s\" names no grant of "
		    "this export; record skipped", g->part[0]);
	if (json_str(rec, "name") != NULL)
		r = github_repo(g, json_str(rec, "name"));
	if (r == NULL)
		return github_warn(g, path, errp, "repository is not in "
		    "repos.json; skipped");
	record_edge_init(&e);
	e.src = grant;
	e.dst = r->key;
	e.kind = kind;
	e.raw = raw;
	e.flags = flags;
	nodeset_edge(g->ns, &e);
	return 0;
}

int
github_installation_repo(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	return github_grant_repo(ctx, path, rec, problem, "inst",
	    KIND_EDGE_GRANTS, "GH_CanAccess", 0, errp);
}

int
github_pat_repo(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	return github_grant_repo(ctx, path, rec, problem, "pat",
	    KIND_EDGE_GRANTS, "GH_CanAccess", 0, errp);
}

int
github_pat_request_repo(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	return github_grant_repo(ctx, path, rec, problem, "request",
	    KIND_EDGE_RELATED, "GH_RequestsAccess",
	    RECORD_EDGE_NOT_TRAVERSABLE, errp);
}

/*
 * Describe a token or a request: what both endpoints give (the token's
 * name, expiry, last use, owner and permissions).
 */
static int
github_token(struct github *g, const char *path, const cJSON *rec,
    const char *key, const char *kinds, const char *owns_raw, char **errp)
{
	static const char *const attrs[] = {
		"id", "token_id", "token_name", "repository_selection",
		"access_granted_at", "token_expired", "token_expires_at",
		"token_last_used_at", "reason"
	};
	struct nodeset_node	*n;
	const cJSON		*owner = json_get(rec, "owner");
	char			*user;
	int64_t			 t;
	int			 expired;

	n = nodeset_node(g->ns, key, NULL);
	nodeset_describe(n, KIND_NODE_CREDENTIAL, kinds,
	    json_str(rec, "token_name"));
	nodeset_credential_type(n, "fine_grained_personal_access_token");
	github_copy(n, rec, attrs, sizeof(attrs) / sizeof(attrs[0]));
	nodeset_attr_bool(n, "write_access", github_permissions(g, key,
	    json_get(rec, "permissions")));
	if (json_bool(rec, "token_expired", &expired) == 1)
		nodeset_disabled(n, expired);
	if (github_time_or_never(g, rec, "token_expires_at", path, &t,
	    errp) == -1)
		return -1;
	nodeset_expires(n, t);
	if (github_time_or_never(g, rec, "token_last_used_at", path, &t,
	    errp) == -1)
		return -1;
	nodeset_used(n, t);
	if ((user = github_user(g, owner, 0)) != NULL) {
		nodeset_owner(n, json_str(owner, "login"));
		nodeset_attr_str(n, "owner_login", json_str(owner, "login"));
		github_edge(g, user, key, KIND_EDGE_OWNS, owns_raw, NULL);
		free(user);
	}
	github_edge(g, g->org_key, key, KIND_EDGE_RELATED, "GH_Contains",
	    NULL);
	return 0;
}

int
github_pat(void *ctx, const char *path, cJSON *rec, const char *problem,
    char **errp)
{
	struct github	*g = ctx;
	const char	*sel = json_str(rec, "repository_selection");
	char		*key, id[JSON_TEXT_BUFSZ], tid[JSON_TEXT_BUFSZ];
	int		 rc = 0;

	if (github_skip(g, path, rec, problem, errp, &rc))
		return rc;
	if (json_text(rec, "id", id) == NULL)
		return github_warn(g, path, errp, "token grant has no id; "
		    "skipped");
	key = xasprintf("github:GH_PersonalAccessToken_%s_%s", g->org_node,
	    json_text(rec, "token_id", tid) != NULL ? tid : id);
	github_note_grant(g, "pat", id, key);
	rc = github_token(g, path, rec, key, "GH_PersonalAccessToken",
	    "GH_HasPersonalAccessToken", errp);
	if (rc == 0 && sel != NULL && strcmp(sel, "all") == 0)
		github_all_repos(g, key, 0, KIND_EDGE_GRANTS, "GH_CanAccess",
		    NULL, 0);
	free(key);
	return rc;
}

int
github_pat_request(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	struct github		*g = ctx;
	struct record_edge	 e;
	const char		*sel = json_str(rec, "repository_selection");
	char			*key, id[JSON_TEXT_BUFSZ];
	int64_t			 t = TSTAMP_UNKNOWN;
	size_t			 i;
	int			 rc = 0;

	if (github_skip(g, path, rec, problem, errp, &rc))
		return rc;
	if (json_text(rec, "id", id) == NULL)
		return github_warn(g, path, errp, "token request has no id; "
		    "skipped");
	key = xasprintf("github:GH_PersonalAccessTokenRequest_%s_%s",
	    g->org_node, id);
	github_note_grant(g, "request", id, key);
	rc = github_token(g, path, rec, key, "GH_PersonalAccessTokenRequest",
	    "GH_HasPersonalAccessTokenRequest", errp);
	if (rc == 0)
		rc = github_time(g, rec, "created_at", path, &t, errp);
	nodeset_created(nodeset_node(g->ns, key, NULL), t);
	nodeset_attr_bool(nodeset_node(g->ns, key, NULL), "pending", 1);
	for (i = 0; rc == 0 && sel != NULL && strcmp(sel, "all") == 0 &&
	    i < g->nrepos; i++) {
		record_edge_init(&e);
		e.src = key;
		e.dst = g->repos[i].key;
		e.kind = KIND_EDGE_RELATED;
		e.raw = "GH_RequestsAccess";
		e.flags = RECORD_EDGE_NOT_TRAVERSABLE;
		nodeset_edge(g->ns, &e);
	}
	free(key);
	return rc;
}

/*
 * Write the type and the SHA256 fingerprint of an OpenSSH public key
 * ("ssh-ed25519 AAAA... comment"), as ssh-keygen -l prints it.
 */
static void
github_ssh_key(struct nodeset_node *n, const char *key)
{
	unsigned char	 md[DIGEST_SHA256_LEN], *blob;
	struct strbuf	 fp;
	const char	*b64, *end;
	size_t		 len, type_len = strcspn(key, " ");
	char		*type;

	type = xstrndup(key, type_len);
	nodeset_attr_str(n, "ssh_key_type", type);
	free(type);
	b64 = key + type_len + strspn(key + type_len, " ");
	end = b64 + strcspn(b64, " ");
	if (end == b64 || (blob = base64_decode(b64, (size_t)(end - b64),
	    &len)) == NULL)
		return;
	digest_sha256(blob, len, md);
	free(blob);
	strbuf_init(&fp);
	strbuf_addstr(&fp, "SHA256:");
	base64_encode(md, sizeof(md), &fp);
	while (fp.len > 0 && fp.buf[fp.len - 1] == '=')
		strbuf_truncate(&fp, fp.len - 1);
	nodeset_attr_str(n, "ssh_fingerprint", fp.buf);
	strbuf_free(&fp);
}

int
github_deploy_key(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	static const char *const attrs[] = {
		"id", "title", "read_only", "verified", "enabled", "added_by"
	};
	struct github			*g = ctx;
	const struct github_repo	*r;
	struct nodeset_node		*n;
	char				*key, id[JSON_TEXT_BUFSZ];
	int64_t				 t;
	int				 rc = 0, ro = 0, enabled;

	if (github_skip(g, path, rec, problem, errp, &rc))
		return rc;
	if ((r = github_file_repo(g, errp, &rc)) == NULL)
		return rc;
	if (json_text(rec, "id", id) == NULL)
		return github_warn(g, path, errp, "deploy key has no id; "
		    "skipped");
	key = xasprintf("github:GH_DeployKey_%s_%s", r->node_id, id);
	n = nodeset_node(g->ns, key, NULL);
	nodeset_describe(n, KIND_NODE_CREDENTIAL, "GH_DeployKey",
	    json_str(rec, "title"));
	nodeset_credential_type(n, "deploy_key");
	github_copy(n, rec, attrs, sizeof(attrs) / sizeof(attrs[0]));
	nodeset_attr_str(n, "repository_name", r->full_name);
	if (json_str(rec, "key") != NULL)
		github_ssh_key(n, json_str(rec, "key"));
	if (json_bool(rec, "enabled", &enabled) == 1)
		nodeset_disabled(n, !enabled);
	json_bool(rec, "read_only", &ro);
	if ((rc = github_time(g, rec, "created_at", path, &t, errp)) == 0)
		nodeset_created(n, t);
	if (rc == 0 && (rc = github_time_or_never(g, rec, "last_used", path,
	    &t, errp)) == 0)
		nodeset_used(n, t);
	github_edge(g, key, r->key, KIND_EDGE_GRANTS, ro ?
	    "GH_DeployKeyRead" : "GH_DeployKeyWrite", NULL);
	free(key);
	return rc;
}
