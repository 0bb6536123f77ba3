/*
 * GitHub Actions OIDC across sources (see join.h). A workflow run
 * requests from GitHub a token whose subject names its repository and
 * either the environment of the job ("repo:ORG/REPO:environment:ENV") or
 * the ref ("repo:ORG/REPO:ref:refs/heads/BRANCH", ":pull_request", ...).
 * A cloud that trusts the issuer token.actions.githubusercontent.com lets
 * such a token in when the subject matches its pattern:
 *
 *   - an AWS role trust policy, by its "<provider>:sub" condition (the
 *     AWS importer keeps the patterns in the federates edge's "subject"
 *     attribute; StringLike, so '*' and '?' are wildcards);
 *   - an Entra federated identity credential, by its subject (exact) or
 *     its claimsMatchingExpression ("claims['sub'] matches '...'");
 *   - a GCP workload identity principal (".../subject/SUB") or principal
 *     set (".../attribute.repository/ORG/REPO", attribute.repository_owner).
 *
 * A pattern that names an environment links the GitHub environment node
 * when the case has it, else the repository. Branches are not in the
 * exports, so any other pattern links the repository, whatever branch or
 * event it allows. The edge is can_assume with the source kind
 * GitHubOIDC, and its evidence names the pattern and what it matched.
 */
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "join_int.h"
#include "jsonw.h"
#include "model.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

#define JOIN_GITHUB_ISSUER	"token.actions.githubusercontent.com"

struct join_repo {
	uint32_t	 v;
	const char	*full;		/* "org/repo" */
};

struct join_env {
	uint32_t	 v;
	const char	*repo;		/* full name of its repository */
	const char	*name;
};

/* The GitHub repositories and environments of the model. */
struct join_github {
	struct join_repo	*repos;
	size_t			 nrepos;
	struct join_env		*envs;
	size_t			 nenvs;
};

/* The target of one match and the details to report with it. */
struct join_match {
	struct join_ctx	*c;
	enum join_rule	 rule;
	uint32_t	 dst;
	const char	*pattern;	/* as the trust writes it */
	const char	*via;		/* key of the trust or credential */
	int		 exact;		/* no wildcards (Entra subject) */
};

static void
join_github_collect(struct join_ctx *c, struct join_github *gh)
{
	const struct model	*m = c->m;
	const char		*full, *repo, *name;
	size_t			 v;

	memset(gh, 0, sizeof(*gh));
	for (v = 0; v < m->nnodes; v++) {
		if (strncmp(m->key[v], "github:", 7) != 0)
			continue;
		if (join_has_kind(c, v, "GH_Repository") &&
		    (full = join_value(c, v, "full_name")) != NULL) {
			gh->repos = xreallocarray(gh->repos, gh->nrepos + 1,
			    sizeof(*gh->repos));
			gh->repos[gh->nrepos].v = (uint32_t)v;
			gh->repos[gh->nrepos++].full = full;
		} else if (join_has_kind(c, v, "GH_Environment") &&
		    (repo = join_value(c, v, "repository_name")) != NULL &&
		    (name = join_value(c, v, "short_name")) != NULL) {
			gh->envs = xreallocarray(gh->envs, gh->nenvs + 1,
			    sizeof(*gh->envs));
			gh->envs[gh->nenvs].v = (uint32_t)v;
			gh->envs[gh->nenvs].repo = repo;
			gh->envs[gh->nenvs++].name = name;
		}
	}
}

/* Add the edge of one match from src, with the subject it stands for. */
static void
join_github_link(struct join_match *jm, uint32_t src, const char *matched)
{
	static const char *const rules[] = {
		"github-oidc-aws", "github-oidc-entra", "github-oidc-gcp"
	};
	struct strbuf	 attrs;
	struct jsonw	 w;
	char		*evidence;

	strbuf_init(&attrs);
	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "rule");
	jsonw_str(&w, rules[jm->rule]);
	jsonw_key(&w, "pattern");
	jsonw_str(&w, jm->pattern);
	jsonw_key(&w, "matched");
	jsonw_str(&w, matched);
	jsonw_key(&w, "via");
	jsonw_str(&w, jm->via);
	jsonw_object_end(&w);
	if (strcmp(jm->pattern, matched) == 0)
		evidence = xasprintf("%s: subject %s", rules[jm->rule],
		    matched);
	else
		evidence = xasprintf("%s: %s matches %s", rules[jm->rule],
		    jm->pattern, matched);
	join_add_edge(jm->c, src, jm->dst, KIND_EDGE_CAN_ASSUME, "GitHubOIDC",
	    jm->rule, strbuf_detach(&attrs), evidence);
}

/* Compare a name with a pattern part: glob, or exact for Entra. */
static int
join_github_eq(const struct join_match *jm, const char *pat, size_t plen,
    const char *s)
{
	char	*p = xstrndup(pat, plen);
	int	 rc;

	rc = jm->exact ? strcasecmp(p, s) == 0 : join_glob(p, s, 1);
	free(p);
	return rc;
}

/* Link the environments of repository r that the pattern names. */
static int
join_github_envs(struct join_match *jm, const struct join_github *gh,
    const struct join_repo *r, const char *env_pat)
{
	char	*matched;
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < gh->nenvs; i++) {
		if (strcasecmp(gh->envs[i].repo, r->full) != 0 ||
		    !join_github_eq(jm, env_pat, strlen(env_pat),
		    gh->envs[i].name))
			continue;
		matched = xasprintf("repo:%s:environment:%s", r->full,
		    gh->envs[i].name);
		join_github_link(jm, gh->envs[i].v, matched);
		free(matched);
		n++;
	}
	return n;
}

/*
 * Link everything a subject pattern matches: "repo:" REPO [":" REST],
 * where REPO may hold wildcards and REST names an environment or a ref.
 */
static void
join_github_pattern(struct join_match *jm, const struct join_github *gh)
{
	const char	*p = jm->pattern, *rest, *env = NULL;
	char		*matched;
	size_t		 i, rlen;

	if (strncmp(p, "repo:", 5) != 0)
		return;
	p += 5;
	rest = p + strcspn(p, ":");
	rlen = (size_t)(rest - p);
	if (strncmp(rest, ":environment:", 13) == 0)
		env = rest + 13;
	for (i = 0; i < gh->nrepos; i++) {
		if (!join_github_eq(jm, p, rlen, gh->repos[i].full))
			continue;
		if (env != NULL && join_github_envs(jm, gh, &gh->repos[i],
		    env) > 0)
			continue;
		matched = xasprintf("repo:%s%s", gh->repos[i].full,
		    *rest != '\0' ? rest : ":*");
		join_github_link(jm, gh->repos[i].v, matched);
		free(matched);
	}
}

/* The subject patterns of the AWS federates edges, by edge row id. */
struct join_subjects {
	int64_t		*id;
	char		**value;
	size_t		 n;
};

static int
join_subject_gather(void *ctx, int64_t id, const char *name,
    const char *value)
{
	struct join_subjects	*s = ctx;

	(void)name;
	s->id = xreallocarray(s->id, s->n + 1, sizeof(*s->id));
	s->value = xreallocarray(s->value, s->n + 1, sizeof(*s->value));
	s->id[s->n] = id;
	s->value[s->n++] = xstrdup(value);
	return 0;
}

/* Link the roles whose trust federates GitHub Actions. */
static int
join_github_aws_roles(struct join_ctx *c, const struct join_github *gh,
    char **errp)
{
	const struct model	*m = c->m;
	struct join_subjects	 subj;
	struct join_match	 jm;
	size_t			 e, i, found;

	memset(&subj, 0, sizeof(subj));
	if (store_scan_edge_values(c->s, "federates", "subject",
	    join_subject_gather, &subj, errp) == -1)
		return -1;
	memset(&jm, 0, sizeof(jm));
	jm.c = c;
	jm.rule = JOIN_GITHUB_AWS;
	for (e = 0; e < c->e->n; e++) {
		if (c->e->kind[e] != KIND_EDGE_FEDERATES ||
		    strncmp(m->key[c->e->src[e]], "aws:", 4) != 0 ||
		    strstr(m->key[c->e->src[e]], JOIN_GITHUB_ISSUER) == NULL)
			continue;
		jm.dst = c->e->dst[e];
		jm.via = m->key[c->e->src[e]];
		for (i = 0, found = 0; i < subj.n; i++) {
			if (subj.id[i] != c->e->id[e])
				continue;
			jm.pattern = subj.value[i];
			join_github_pattern(&jm, gh);
			found++;
		}
		if (found == 0) {
			/* No sub condition: any repository's token works. */
			jm.pattern = "repo:*";
			join_github_pattern(&jm, gh);
		}
	}
	for (i = 0; i < subj.n; i++)
		free(subj.value[i]);
	free(subj.value);
	free(subj.id);
	return 0;
}

/* The pattern of a FIC's claimsMatchingExpression, allocated, or NULL. */
static char *
join_claims_pattern(const char *expr)
{
	const char	*p, *end;

	if (expr == NULL || strstr(expr, "sub") == NULL ||
	    (p = strstr(expr, "matches '")) == NULL)
		return NULL;
	p += 9;
	if ((end = strchr(p, '\'')) == NULL)
		return NULL;
	return xstrndup(p, (size_t)(end - p));
}

/* Link the Entra applications whose federated credentials trust GitHub. */
static void
join_github_entra(struct join_ctx *c, const struct join_github *gh)
{
	const struct model	*m = c->m;
	struct join_match	 jm;
	const char		*issuer, *subject;
	char			*pattern;
	size_t			 e;
	uint32_t		 fic;

	memset(&jm, 0, sizeof(jm));
	jm.c = c;
	jm.rule = JOIN_GITHUB_ENTRA;
	for (e = 0; e < c->e->n; e++) {
		fic = c->e->src[e];
		if (c->e->kind[e] != KIND_EDGE_AUTHENTICATES_AS ||
		    strncmp(m->key[fic], "entra:", 6) != 0 ||
		    strstr(m->key[fic], "#fic/") == NULL ||
		    (issuer = join_value(c, fic, "issuer")) == NULL ||
		    strstr(issuer, JOIN_GITHUB_ISSUER) == NULL)
			continue;
		jm.dst = c->e->dst[e];
		jm.via = m->key[fic];
		if ((subject = join_value(c, fic, "subject")) != NULL) {
			jm.pattern = subject;
			jm.exact = 1;
			join_github_pattern(&jm, gh);
		}
		pattern = join_claims_pattern(join_value(c, fic,
		    "claimsMatchingExpression"));
		if (pattern != NULL) {
			jm.pattern = pattern;
			jm.exact = 0;
			join_github_pattern(&jm, gh);
			free(pattern);
		}
	}
}

/*
 * 1 when the workload identity pool of a principal has no provider in
 * the case with another issuer than GitHub's: an unknown pool is taken
 * on trust, a pool whose providers are all known and none is GitHub's is
 * not.
 */
static int
join_pool_trusts_github(const struct join_ctx *c, const char *principal)
{
	const struct model	*m = c->m;
	const char		*pools, *end, *issuer;
	size_t			 v, plen;
	int			 known = 0;

	if ((pools = strstr(principal, "/workloadIdentityPools/")) == NULL)
		return 0;
	end = pools + 23 + strcspn(pools + 23, "/");
	plen = (size_t)(end - pools);
	for (v = 0; v < m->nnodes; v++) {
		if (strncmp(m->key[v], "gcp:", 4) != 0 ||
		    strstr(m->key[v], "/providers/") == NULL ||
		    strstr(m->key[v], "/workloadIdentityPools/") == NULL ||
		    memmem(m->key[v], strlen(m->key[v]), pools, plen) == NULL ||
		    (issuer = join_value(c, v, "issuerUri")) == NULL)
			continue;
		if (strstr(issuer, JOIN_GITHUB_ISSUER) != NULL)
			return 1;
		known = 1;
	}
	return !known;
}

/* Link the GCP workload identity principals that name GitHub subjects. */
static void
join_github_gcp(struct join_ctx *c, const struct join_github *gh)
{
	const struct model	*m = c->m;
	struct join_match	 jm;
	const char		*key, *p;
	char			*pattern;
	size_t			 v;

	memset(&jm, 0, sizeof(jm));
	jm.c = c;
	jm.rule = JOIN_GITHUB_GCP;
	for (v = 0; v < m->nnodes; v++) {
		key = m->key[v];
		if (strncmp(key, "gcp:principal", 13) != 0 ||
		    !join_pool_trusts_github(c, key))
			continue;
		jm.dst = (uint32_t)v;
		jm.via = key;
		pattern = NULL;
		if ((p = strstr(key, "/attribute.repository/")) != NULL)
			pattern = xasprintf("repo:%s:*", p + 22);
		else if ((p = strstr(key, "/attribute.repository_owner/")) !=
		    NULL)
			pattern = xasprintf("repo:%s/*", p + 28);
		else if ((p = strstr(key, "/subject/")) != NULL)
			pattern = xstrdup(p + 9);
		if (pattern == NULL)
			continue;
		jm.pattern = pattern;
		join_github_pattern(&jm, gh);
		free(pattern);
	}
}

void
join_github_aws(struct join_ctx *c, int entra, int gcp, int aws,
    char **errp, int *rc)
{
	struct join_github	 gh;

	join_github_collect(c, &gh);
	if (gh.nrepos > 0) {
		if (aws && join_github_aws_roles(c, &gh, errp) == -1)
			*rc = -1;
		if (*rc == 0 && entra)
			join_github_entra(c, &gh);
		if (*rc == 0 && gcp)
			join_github_gcp(c, &gh);
	}
	free(gh.repos);
	free(gh.envs);
}
