/*
 * The commands that revoke a credential (see revoke.h), one set per
 * platform: the AWS CLI for IAM user credentials, kubectl for secrets,
 * the GitHub CLI for deploy keys, tokens and Actions secrets, the Azure
 * CLI for application credentials, gcloud for service account keys.
 *
 * Every value taken from the data (key ids, user names, namespaces,
 * repository names) is one single-quoted shell word made by
 * revoke_cmd_quote(), so a hostile name cannot end the word, add a
 * command or hide one behind a terminal escape. A value that cannot be
 * quoted safely leaves its command unrendered, with the reason. Values
 * that go into an API path must also be a plain path segment, so that
 * "../" cannot point the request at another object. trustwalk shows the
 * commands and never runs them.
 */
#include "revoke.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model.h"
#include "strbuf.h"
#include "xalloc.h"

/* The attributes the commands are filled with. */
struct revoke_cmd_attrs {
	char	*key_id;
	char	*id;
	char	*user;
	char	*namespace;
	char	*repository;	/* owner/name */
	char	*short_name;	/* of an environment */
	char	*login;
	char	*full_name;
};

/* One command being built: its text, and the first value it rejected. */
struct revoke_cmd_build {
	struct strbuf	 sb;
	const char	*bad;		/* the field that cannot be quoted */
};

int
revoke_cmd_quote(struct strbuf *sb, const char *word)
{
	const unsigned char	*p;

	if (word == NULL || word[0] == '\0' || word[0] == '-')
		return -1;
	for (p = (const unsigned char *)word; *p != '\0'; p++) {
		if (*p < 0x20 || *p > 0x7e)
			return -1;
	}
	strbuf_addch(sb, '\'');
	for (p = (const unsigned char *)word; *p != '\0'; p++) {
		if (*p == '\'')
			strbuf_addstr(sb, "'\\''");
		else
			strbuf_addch(sb, (char)*p);
	}
	strbuf_addch(sb, '\'');
	return 0;
}

/* 1 when word is a safe API path segment: letters, digits, . _ - */
static int
revoke_cmd_segment_ok(const char *word)
{
	const char	*p;

	if (word == NULL || word[0] == '\0' || word[0] == '-' ||
	    strcmp(word, ".") == 0 || strcmp(word, "..") == 0)
		return 0;
	for (p = word; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		    *p == '-'))
			return 0;
	}
	return 1;
}

static void
revoke_cmd_lit(struct revoke_cmd_build *b, const char *text)
{
	strbuf_addstr(&b->sb, text);
}

/* Append value as a quoted word; field names it when it is rejected. */
static void
revoke_cmd_word(struct revoke_cmd_build *b, const char *field,
    const char *value)
{
	if (b->bad != NULL)
		return;
	if (revoke_cmd_quote(&b->sb, value) == -1)
		b->bad = field;
}

/*
 * Append an API path of segments as one quoted word; every segment
 * must pass revoke_cmd_segment_ok(). An "owner/name" segment is split.
 */
static void
revoke_cmd_path(struct revoke_cmd_build *b, const char *field,
    const char *const *parts)
{
	struct strbuf	 path;
	char		*copy, *seg, *save = NULL;
	size_t		 i;

	strbuf_init(&path);
	for (i = 0; parts[i] != NULL && b->bad == NULL; i++) {
		copy = xstrdup(parts[i]);
		for (seg = strtok_r(copy, "/", &save); seg != NULL;
		    seg = strtok_r(NULL, "/", &save)) {
			if (!revoke_cmd_segment_ok(seg))
				b->bad = field;
			strbuf_addf(&path, "%s%s", path.len > 0 ? "/" : "", seg);
		}
		if (parts[i][0] == '\0' || parts[i][strlen(parts[i]) - 1] ==
		    '/')
			b->bad = field;
		free(copy);
	}
	revoke_cmd_word(b, field, path.buf);
	strbuf_free(&path);
}

/* Finish a command into out[*n]: its text, or why it is not shown. */
static void
revoke_cmd_emit(struct revoke_cmd *out, size_t *n, const char *what,
    struct revoke_cmd_build *b)
{
	struct revoke_cmd	*c;

	if (*n >= REVOKE_MAX_COMMANDS) {
		strbuf_free(&b->sb);
		return;
	}
	c = &out[(*n)++];
	c->what = what;
	c->text = NULL;
	c->problem = NULL;
	if (b->bad != NULL)
		c->problem = xasprintf("not shown: its %s is missing or holds "
		    "characters that cannot be quoted safely", b->bad);
	else
		c->text = xstrdup(b->sb.buf);
	strbuf_free(&b->sb);
}

static void
revoke_cmd_begin(struct revoke_cmd_build *b, const char *text)
{
	strbuf_init(&b->sb);
	b->bad = NULL;
	strbuf_addstr(&b->sb, text);
}

static int
revoke_cmd_collect(void *ctx, const char *name, const char *value,
    const char *type, const char *source)
{
	struct revoke_cmd_attrs	*at = ctx;
	char			**slot = NULL;

	(void)type;
	(void)source;
	if (value == NULL)
		return 0;
	if (strcasecmp(name, "key_id") == 0 ||
	    strcasecmp(name, "access_key_id") == 0 ||
	    strcasecmp(name, "AccessKeyId") == 0 ||
	    strcmp(name, "keyId") == 0)
		slot = &at->key_id;
	else if (strcmp(name, "id") == 0)
		slot = &at->id;
	else if (strcasecmp(name, "user_name") == 0 ||
	    strcmp(name, "UserName") == 0)
		slot = &at->user;
	else if (strcmp(name, "namespace") == 0)
		slot = &at->namespace;
	else if (strcmp(name, "repository_name") == 0)
		slot = &at->repository;
	else if (strcmp(name, "short_name") == 0)
		slot = &at->short_name;
	else if (strcmp(name, "login") == 0)
		slot = &at->login;
	else if (strcmp(name, "full_name") == 0)
		slot = &at->full_name;
	if (slot != NULL && *slot == NULL)
		*slot = xstrdup(value);
	return 0;
}

static void
revoke_cmd_attrs_free(struct revoke_cmd_attrs *at)
{
	free(at->key_id);
	free(at->id);
	free(at->user);
	free(at->namespace);
	free(at->repository);
	free(at->short_name);
	free(at->login);
	free(at->full_name);
	memset(at, 0, sizeof(*at));
}

/* The text after the last occurrence of mark in s, or NULL. */
static const char *
revoke_cmd_after(const char *s, const char *mark)
{
	const char	*p, *last = NULL;

	for (p = strstr(s, mark); p != NULL; p = strstr(p + 1, mark))
		last = p;
	return last != NULL ? last + strlen(mark) : NULL;
}

/* The AWS user name: the attribute, the ARN's last part, or the name. */
static char *
revoke_cmd_aws_user(const struct model *m, const struct revoke_result *res,
    const struct revoke_cmd_attrs *at)
{
	const char	*key, *slash;

	if (at->user != NULL)
		return xstrdup(at->user);
	if (res->identity < 0)
		return NULL;
	key = m->key[res->identity];
	if (strncmp(key, "aws:arn:", 8) == 0 && strstr(key, ":user/") != NULL &&
	    (slash = strrchr(key, '/')) != NULL)
		return xstrdup(slash + 1);
	if (strncmp(key, "aws:", 4) == 0)
		return NULL;
	return xstrdup(m->name[res->identity]);
}

static void
revoke_cmd_aws(const struct model *m, size_t v, const struct revoke_result *res,
    const struct revoke_cmd_attrs *at, struct revoke_cmd *out, size_t *n)
{
	struct revoke_cmd_build	 b;
	const char		*key = m->key[v];
	const char		*type = model_label(m, m->credential_type[v]);
	char			*user = revoke_cmd_aws_user(m, res, at);

	if (strstr(key, "#password") != NULL ||
	    strcasestr(type, "password") != NULL) {
		revoke_cmd_begin(&b, "aws iam delete-login-profile "
		    "--user-name ");
		revoke_cmd_word(&b, "user name", user);
		revoke_cmd_emit(out, n, "remove the console password", &b);
		goto out;
	}
	if (at->key_id == NULL) {
		revoke_cmd_begin(&b, "aws iam list-access-keys --user-name ");
		revoke_cmd_word(&b, "user name", user);
		revoke_cmd_emit(out, n, "find the key id", &b);
	}
	revoke_cmd_begin(&b, "aws iam update-access-key --status Inactive "
	    "--access-key-id ");
	if (at->key_id != NULL)
		revoke_cmd_word(&b, "key id", at->key_id);
	else
		revoke_cmd_lit(&b, "ACCESS_KEY_ID");
	revoke_cmd_lit(&b, " --user-name ");
	revoke_cmd_word(&b, "user name", user);
	revoke_cmd_emit(out, n, "deactivate the key", &b);
	revoke_cmd_begin(&b, "aws iam delete-access-key --access-key-id ");
	if (at->key_id != NULL)
		revoke_cmd_word(&b, "key id", at->key_id);
	else
		revoke_cmd_lit(&b, "ACCESS_KEY_ID");
	revoke_cmd_lit(&b, " --user-name ");
	revoke_cmd_word(&b, "user name", user);
	revoke_cmd_emit(out, n, "delete it", &b);
out:
	free(user);
}

/* A secret's namespace and name: attributes, else its key's parts. */
static void
revoke_cmd_k8s(const struct model *m, size_t v,
    const struct revoke_cmd_attrs *at, struct revoke_cmd *out, size_t *n)
{
	struct revoke_cmd_build	 b;
	const char		*key = m->key[v], *mark, *start;
	const char		*name = revoke_cmd_after(key, ":secret:");
	char			*ns = NULL;

	if (at->namespace != NULL)
		ns = xstrdup(at->namespace);
	else if ((mark = strstr(key, ":secret:")) != NULL) {
		for (start = mark; start > key && start[-1] != ':'; start--)
			;
		ns = xstrndup(start, (size_t)(mark - start));
	}
	revoke_cmd_begin(&b, "kubectl delete secret -n ");
	revoke_cmd_word(&b, "namespace", ns);
	revoke_cmd_lit(&b, " ");
	revoke_cmd_word(&b, "name", name);
	revoke_cmd_emit(out, n, "delete the secret", &b);
	free(ns);
}

/*
 * The first system of a kind that contains v: a key starting with
 * prefix among the starts of related or owns edges into v, and into
 * those.
 */
static int64_t
revoke_cmd_container(const struct model *m, size_t v, const char *prefix)
{
	uint32_t	 todo[16];
	size_t		 n = 0, i, first, count, e, u;

	todo[n++] = (uint32_t)v;
	model_out_kind(m, v, KIND_EDGE_GRANTS, &first, &count);
	for (e = first; e < first + count && n < 16; e++)
		if (strstr(m->key[v], "GH_DeployKey_") != NULL)
			todo[n++] = m->edst[e];
	for (i = 0; i < n; i++) {
		if (i > 0 && strncmp(m->key[todo[i]], prefix,
		    strlen(prefix)) == 0)
			return todo[i];
		model_in(m, todo[i], &first, &count);
		for (e = first; e < first + count && n < 16; e++) {
			u = m->esrc[m->in_edge[e]];
			if (m->kind[u] == KIND_NODE_SYSTEM &&
			    (m->ekind[m->in_edge[e]] == KIND_EDGE_RELATED ||
			    m->ekind[m->in_edge[e]] == KIND_EDGE_OWNS))
				todo[n++] = (uint32_t)u;
		}
	}
	return -1;
}

/* Read the attributes of container node u into at; -1 on error. */
static int
revoke_cmd_node_attrs(const struct model *m, struct store *s, int64_t u,
    struct revoke_cmd_attrs *at, char **errp)
{
	if (u < 0)
		return 0;
	return model_node_attrs(m, s, (size_t)u, revoke_cmd_collect, at, errp);
}

/* Fill the organisation login and repository of GitHub credential v. */
static int
revoke_cmd_github_where(const struct model *m, struct store *s, size_t v,
    struct revoke_cmd_attrs *at, char **org, char **repo, char **errp)
{
	struct revoke_cmd_attrs	 ra, oa;
	int64_t			 r, o;
	int			 rc = -1;

	memset(&ra, 0, sizeof(ra));
	memset(&oa, 0, sizeof(oa));
	r = revoke_cmd_container(m, v, "github:R_");
	o = revoke_cmd_container(m, v, "github:O_");
	if (revoke_cmd_node_attrs(m, s, r, &ra, errp) == -1 ||
	    revoke_cmd_node_attrs(m, s, o, &oa, errp) == -1)
		goto out;
	if (at->repository != NULL)
		*repo = xstrdup(at->repository);
	else if (ra.full_name != NULL)
		*repo = xstrdup(ra.full_name);
	if (oa.login != NULL)
		*org = xstrdup(oa.login);
	else if (o >= 0)
		*org = xstrdup(m->name[o]);
	else if (*repo != NULL && strchr(*repo, '/') != NULL)
		*org = xstrndup(*repo, (size_t)(strchr(*repo, '/') - *repo));
	rc = 0;
out:
	revoke_cmd_attrs_free(&ra);
	revoke_cmd_attrs_free(&oa);
	return rc;
}

/* gh secret delete or gh variable delete, for an Actions secret. */
static void
revoke_cmd_github_secret(const struct model *m, size_t v,
    const struct revoke_cmd_attrs *at, const char *org, const char *repo,
    struct revoke_cmd *out, size_t *n)
{
	struct revoke_cmd_build	 b;
	const char		*key = m->key[v];
	int			 variable = strstr(key, "Variable_") != NULL;
	char			*env = NULL;
	int64_t			 e;

	revoke_cmd_begin(&b, variable ? "gh variable delete " :
	    "gh secret delete ");
	revoke_cmd_word(&b, "name", m->name[v]);
	if (strstr(key, "GH_Org") != NULL) {
		revoke_cmd_lit(&b, " --org ");
		revoke_cmd_word(&b, "organisation", org);
	} else {
		if (strstr(key, "GH_Environment") != NULL) {
			e = revoke_cmd_container(m, v, "github:E");
			if (at->short_name != NULL)
				env = xstrdup(at->short_name);
			else if (e >= 0 && strrchr(m->name[e], '/') != NULL)
				env = xstrdup(strrchr(m->name[e], '/') + 1);
			revoke_cmd_lit(&b, " --env ");
			revoke_cmd_word(&b, "environment", env);
		}
		revoke_cmd_lit(&b, " --repo ");
		revoke_cmd_word(&b, "repository", repo);
	}
	revoke_cmd_emit(out, n, variable ? "delete the variable (it holds a "
	    "secret; revoke that at its issuer first)" : "delete the secret "
	    "(revoke its value at the issuer first)", &b);
	free(env);
}

static int
revoke_cmd_github(const struct model *m, struct store *s, size_t v,
    struct revoke_cmd_attrs *at, struct revoke_cmd *out, size_t *n,
    char **errp)
{
	struct revoke_cmd_build	 b;
	struct revoke_cmd_attrs	 ea;
	const char		*key = m->key[v];
	char			*org = NULL, *repo = NULL;
	int			 rc = -1;

	memset(&ea, 0, sizeof(ea));
	if (strstr(key, "GH_EnvironmentSecret_") != NULL &&
	    revoke_cmd_node_attrs(m, s, revoke_cmd_container(m, v,
	    "github:E"), &ea, errp) == -1)
		goto out;
	if (at->repository == NULL && ea.repository != NULL)
		at->repository = xstrdup(ea.repository);
	if (at->short_name == NULL && ea.short_name != NULL)
		at->short_name = xstrdup(ea.short_name);
	if (revoke_cmd_github_where(m, s, v, at, &org, &repo, errp) == -1)
		goto out;
	if (strstr(key, "GH_DeployKey_") != NULL) {
		revoke_cmd_begin(&b, "gh api -X DELETE ");
		revoke_cmd_path(&b, "repository or key id", (const char *[]){
		    "repos", repo != NULL ? repo : "", "keys",
		    at->id != NULL ? at->id : "", NULL });
		revoke_cmd_emit(out, n, "delete the deploy key", &b);
	} else if (strstr(key, "GH_PersonalAccessTokenRequest_") != NULL) {
		revoke_cmd_begin(&b, "gh api -X POST ");
		revoke_cmd_path(&b, "organisation or request id",
		    (const char *[]){ "orgs", org != NULL ? org : "",
		    "personal-access-token-requests", at->id != NULL ? at->id :
		    "", NULL });
		revoke_cmd_lit(&b, " -f action=deny");
		revoke_cmd_emit(out, n, "deny the token request", &b);
	} else if (strstr(key, "GH_PersonalAccessToken_") != NULL) {
		revoke_cmd_begin(&b, "gh api -X POST ");
		revoke_cmd_path(&b, "organisation or token id",
		    (const char *[]){ "orgs", org != NULL ? org : "",
		    "personal-access-tokens", at->id != NULL ? at->id : "",
		    NULL });
		revoke_cmd_lit(&b, " -f action=revoke");
		revoke_cmd_emit(out, n, "revoke the token's access to the "
		    "organisation", &b);
	} else if (strstr(key, "Secret_") != NULL ||
	    strstr(key, "Variable_") != NULL)
		revoke_cmd_github_secret(m, v, at, org, repo, out, n);
	else {
		revoke_cmd_begin(&b, "https://github.com/settings/tokens");
		revoke_cmd_emit(out, n, "its owner deletes the token at", &b);
	}
	rc = 0;
out:
	revoke_cmd_attrs_free(&ea);
	free(org);
	free(repo);
	return rc;
}

static void
revoke_cmd_entra(const struct model *m, size_t v,
    const struct revoke_cmd_attrs *at, struct revoke_cmd *out, size_t *n)
{
	struct revoke_cmd_build	 b;
	const char		*key = m->key[v], *hash = strchr(key, '#');
	const char		*keyid = at->key_id;
	char			*app = NULL;
	int			 sp = strncmp(key, "entra:sp:", 9) == 0;

	if (hash != NULL && (strncmp(key, "entra:app:", 10) == 0 || sp))
		app = xstrndup(key + (sp ? 9 : 10), (size_t)(hash - key) -
		    (sp ? 9 : 10));
	if (keyid == NULL && hash != NULL && strchr(hash, '/') != NULL)
		keyid = strchr(hash, '/') + 1;
	if (hash != NULL && strncmp(hash, "#fic/", 5) == 0) {
		revoke_cmd_begin(&b, "az ad app federated-credential delete "
		    "--id ");
		revoke_cmd_word(&b, "application id", app);
		revoke_cmd_lit(&b, " --federated-credential-id ");
		revoke_cmd_word(&b, "credential id", hash + 5);
		revoke_cmd_emit(out, n, "delete the federated credential", &b);
		goto out;
	}
	revoke_cmd_begin(&b, sp ? "az ad sp credential delete --id " :
	    "az ad app credential delete --id ");
	revoke_cmd_word(&b, "application id", app);
	revoke_cmd_lit(&b, " --key-id ");
	revoke_cmd_word(&b, "key id", keyid);
	if (hash != NULL && strncmp(hash, "#cert/", 6) == 0)
		revoke_cmd_lit(&b, " --cert");
	revoke_cmd_emit(out, n, "delete the credential", &b);
out:
	free(app);
}

/* gcloud for a key named .../projects/P/serviceAccounts/E/keys/K. */
static void
revoke_cmd_gcp(const struct model *m, size_t v,
    const struct revoke_cmd_attrs *at, struct revoke_cmd *out, size_t *n)
{
	static const char *const verbs[] = { "disable", "delete" };
	static const char *const what[] = { "disable the key",
	    "delete it" };
	struct revoke_cmd_build	 b;
	const char		*key = m->key[v], *p, *e;
	char			*project = NULL, *email = NULL;
	const char		*keyid = at->key_id;
	size_t			 i;

	if ((p = strstr(key, "/projects/")) != NULL &&
	    (e = strchr(p + 10, '/')) != NULL)
		project = xstrndup(p + 10, (size_t)(e - p - 10));
	if ((p = strstr(key, "/serviceAccounts/")) != NULL &&
	    (e = strstr(p + 17, "/keys/")) != NULL)
		email = xstrndup(p + 17, (size_t)(e - p - 17));
	if (keyid == NULL)
		keyid = revoke_cmd_after(key, "/keys/");
	for (i = 0; i < 2; i++) {
		revoke_cmd_begin(&b, "gcloud iam service-accounts keys ");
		revoke_cmd_lit(&b, verbs[i]);
		revoke_cmd_lit(&b, " ");
		revoke_cmd_word(&b, "key id", keyid);
		revoke_cmd_lit(&b, " --iam-account ");
		revoke_cmd_word(&b, "service account", email);
		if (project != NULL) {
			revoke_cmd_lit(&b, " --project ");
			revoke_cmd_word(&b, "project", project);
		}
		revoke_cmd_emit(out, n, what[i], &b);
	}
	free(project);
	free(email);
}

int
revoke_cmd_render(const struct model *m, struct store *s, size_t v,
    const struct revoke_result *res, struct revoke_cmd *out, char **errp)
{
	struct revoke_cmd_attrs	 at;
	size_t			 n = 0;
	int			 rc = -1;

	memset(&at, 0, sizeof(at));
	if (model_node_attrs(m, s, v, revoke_cmd_collect, &at, errp) == -1)
		goto out;
	switch (res->platform) {
	case REVOKE_AWS:
		revoke_cmd_aws(m, v, res, &at, out, &n);
		break;
	case REVOKE_K8S:
		revoke_cmd_k8s(m, v, &at, out, &n);
		break;
	case REVOKE_GITHUB:
		if (revoke_cmd_github(m, s, v, &at, out, &n, errp) == -1) {
			revoke_cmd_free(out, n);
			goto out;
		}
		break;
	case REVOKE_ENTRA:
		revoke_cmd_entra(m, v, &at, out, &n);
		break;
	case REVOKE_GCP:
		revoke_cmd_gcp(m, v, &at, out, &n);
		break;
	default:
		break;
	}
	rc = (int)n;
out:
	revoke_cmd_attrs_free(&at);
	return rc;
}

void
revoke_cmd_free(struct revoke_cmd *c, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(c[i].text);
		free(c[i].problem);
		c[i].text = NULL;
		c[i].problem = NULL;
	}
}
