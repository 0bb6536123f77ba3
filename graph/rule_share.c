/*
 * The sharing rules. One finds a credential, or one secret under several
 * names (the same fingerprint), used in more than one system, team or
 * environment. The other finds a machine identity that more than
 * max_workloads workloads run as.
 *
 * Credentials with a common fingerprint are joined into groups with a
 * union-find over node ids. The places of a group are those of the
 * workloads (and other nodes) that use one of its credentials, and, for
 * a group of several credentials, the credentials' own places: a secret
 * kept under two names in two systems is shared even before anything
 * uses it.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "envmap.h"
#include "hmap.h"
#include "model.h"
#include "nodeattr.h"
#include "rule.h"
#include "strbuf.h"
#include "xalloc.h"

#define SHARE_MAX_PLACES	16
#define SHARE_SOURCE		((uint64_t)1 << 32)	/* not a node id */

/* The distinct places of one group. */
struct share_places {
	uint64_t	 system[SHARE_MAX_PLACES];
	size_t		 nsystem;
	uint64_t	 team[SHARE_MAX_PLACES];
	size_t		 nteam;
	const char	*env[SHARE_MAX_PLACES];
	size_t		 nenv;
	size_t		 users;		/* nodes that use a credential */
	int		 prod;		/* some place is production */
	int		 nonprod;	/* some place is not */
};

static uint32_t
share_find(uint32_t *parent, uint32_t v)
{
	while (parent[v] != v) {
		parent[v] = parent[parent[v]];
		v = parent[v];
	}
	return v;
}

/* Join the credentials with a common fingerprint. */
static void
share_join(struct finding_ctx *ctx, uint32_t *parent)
{
	static const enum rule_attr	 attrs[] = {
		RULE_ATTR_FINGERPRINT, RULE_ATTR_FINGERPRINTS
	};
	const struct model	*m = ctx->m;
	struct hmap		*first = hmap_create(1024);
	const char		*fp[16];
	uint64_t		 u;
	size_t			 v, a, n, i;
	uint32_t		 x, y;

	for (v = 0; v < m->nnodes; v++) {
		parent[v] = (uint32_t)v;
		if (m->kind[v] != KIND_NODE_CREDENTIAL ||
		    (m->nflags[v] & MODEL_NODE_MISSING))
			continue;
		for (a = 0; a < 2; a++) {
			n = nodeattr_values(ctx->attrs, ctx->attr[attrs[a]], v,
			    fp, 16);
			for (i = 0; i < n && i < 16; i++) {
				if (!hmap_get(first, fp[i], strlen(fp[i]),
				    &u)) {
					hmap_put(first, fp[i], strlen(fp[i]),
					    v);
					continue;
				}
				x = share_find(parent, (uint32_t)v);
				y = share_find(parent, (uint32_t)u);
				/* The smaller id becomes the root. */
				if (x < y)
					parent[y] = x;
				else if (y < x)
					parent[x] = y;
			}
		}
	}
	hmap_free(first);
}

/* Add an id to a set of at most SHARE_MAX_PLACES. */
static void
share_put(uint64_t *set, size_t *n, uint64_t id)
{
	size_t	 i;

	for (i = 0; i < *n; i++) {
		if (set[i] == id)
			return;
	}
	if (*n < SHARE_MAX_PLACES)
		set[(*n)++] = id;
}

/* The system that contains node u through a related edge, or -1. */
static int64_t
share_parent(const struct model *m, size_t u)
{
	size_t	 first, count, i, e;

	model_in_kind(m, u, KIND_EDGE_RELATED, &first, &count);
	for (i = first; i < first + count; i++) {
		e = m->in_edge[i];
		if (m->kind[m->esrc[e]] == KIND_NODE_SYSTEM)
			return (int64_t)m->esrc[e];
	}
	return -1;
}

/*
 * The system node u is in. That is the system that contains it (a
 * repository for a GitHub environment or a workflow, a namespace for a
 * pod). Otherwise a system is its own, and another node is in the
 * system it is stored in, else in its source.
 */
static uint64_t
share_system(const struct model *m, size_t u)
{
	size_t	 first, count, e;
	int64_t	 p = share_parent(m, u);

	if (p >= 0)
		return (uint64_t)p;
	if (m->kind[u] == KIND_NODE_SYSTEM)
		return u;
	model_out_kind(m, u, KIND_EDGE_STORED_IN, &first, &count);
	for (e = first; e < first + count; e++) {
		if (m->kind[m->edst[e]] == KIND_NODE_SYSTEM)
			return m->edst[e];
	}
	return SHARE_SOURCE | m->source[u];
}

/* The team that owns node u, or 0 when none is known. */
static uint64_t
share_team(const struct model *m, size_t u)
{
	size_t	 first, count, i, e;

	model_in_kind(m, u, KIND_EDGE_OWNS, &first, &count);
	for (i = first; i < first + count; i++) {
		e = m->in_edge[i];
		if (m->kind[m->esrc[e]] == KIND_NODE_TEAM)
			return m->esrc[e] + 1;
	}
	return m->owner[u] != 0 ? SHARE_SOURCE | m->owner[u] : 0;
}

/* Count node u as a place of the group. */
static void
share_place(struct finding_ctx *ctx, struct share_places *p, size_t u)
{
	const char	*env = envmap_name(ctx->env, u);
	uint64_t	 team = share_team(ctx->m, u);
	size_t		 i;

	share_put(p->system, &p->nsystem, share_system(ctx->m, u));
	if (team != 0)
		share_put(p->team, &p->nteam, team);
	if (env == NULL)
		return;
	if (envmap_production(ctx->env, u))
		p->prod = 1;
	else
		p->nonprod = 1;
	for (i = 0; i < p->nenv; i++) {
		if (strcmp(p->env[i], env) == 0)
			return;
	}
	if (p->nenv < SHARE_MAX_PLACES)
		p->env[p->nenv++] = env;
}

/* The places of the members[0..n) of one group. */
static void
share_group_places(struct finding_ctx *ctx, const uint32_t *members,
    size_t n, struct share_places *p)
{
	const struct model	*m = ctx->m;
	size_t			 k, first, count, i, u;

	memset(p, 0, sizeof(*p));
	for (k = 0; k < n; k++) {
		if (n > 1)
			share_place(ctx, p, members[k]);
		model_in_kind(m, members[k], KIND_EDGE_USES, &first, &count);
		for (i = first; i < first + count; i++) {
			u = m->esrc[m->in_edge[i]];
			if (!rule_live(ctx, u))
				continue;
			share_place(ctx, p, u);
			p->users++;
		}
	}
}

/* Report member v of a shared group. */
static void
share_report(struct finding_ctx *ctx, const uint32_t *members, size_t n,
    size_t v, const struct share_places *p)
{
	const struct model	*m = ctx->m;
	struct finding		*f;
	struct strbuf		 sb;
	size_t			 k, first, count, i;

	f = rule_add(ctx, v, p->prod && p->nonprod ? FINDING_HIGH :
	    FINDING_MEDIUM);
	strbuf_init(&sb);
	if (n > 1)
		strbuf_addf(&sb, "the same secret as %zu other credential%s; ",
		    n - 1, n == 2 ? "" : "s");
	strbuf_addf(&sb, "used by %zu node%s in", p->users, p->users == 1 ?
	    "" : "s");
	if (p->nenv > 1) {
		strbuf_addf(&sb, " %zu environments (", p->nenv);
		for (i = 0; i < p->nenv; i++)
			strbuf_addf(&sb, "%s%s", i > 0 ? ", " : "", p->env[i]);
		strbuf_addstr(&sb, "),");
	}
	strbuf_addf(&sb, " %zu system%s", p->nsystem, p->nsystem == 1 ? "" :
	    "s");
	if (p->nteam > 1)
		strbuf_addf(&sb, ", %zu teams", p->nteam);
	rule_message(ctx, f, "%s", sb.buf);
	strbuf_free(&sb);
	for (k = 0; k < n; k++) {
		rule_related(f, members[k]);
		model_in_kind(m, members[k], KIND_EDGE_USES, &first, &count);
		for (i = first; i < first + count; i++) {
			rule_related(f, m->esrc[m->in_edge[i]]);
			rule_edge(f, m->in_edge[i]);
		}
	}
	if (rule_attr(ctx, RULE_ATTR_FINGERPRINT, v) != NULL && n > 1)
		rule_value(ctx, f, "fingerprint", rule_attr(ctx,
		    RULE_ATTR_FINGERPRINT, v));
}

static int
share_cmp(const void *a, const void *b, void *arg)
{
	const uint32_t	*parent = arg;
	uint32_t	 x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	if (parent[x] != parent[y])
		return parent[x] < parent[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

static int
shared_evaluate(struct finding_ctx *ctx)
{
	const struct model	*m = ctx->m;
	struct share_places	 p;
	uint32_t		*parent, *creds;
	size_t			 v, n = 0, i, j, k;
	int			 rc = 0;

	parent = xreallocarray(NULL, m->nnodes + 1, sizeof(*parent));
	creds = xreallocarray(NULL, m->nnodes + 1, sizeof(*creds));
	share_join(ctx, parent);
	for (v = 0; v < m->nnodes; v++) {
		parent[v] = share_find(parent, (uint32_t)v);
		if (m->kind[v] == KIND_NODE_CREDENTIAL && rule_live(ctx, v))
			creds[n++] = (uint32_t)v;
	}
	qsort_r(creds, n, sizeof(*creds), share_cmp, parent);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && parent[creds[j]] == parent[creds[i]];
		    j++)
			;
		if (rule_poll(ctx, "shared credentials")) {
			rc = 1;
			break;
		}
		share_group_places(ctx, creds + i, j - i, &p);
		if (p.nenv < 2 && p.nsystem < 2 && p.nteam < 2)
			continue;
		for (k = i; k < j; k++)
			share_report(ctx, creds + i, j - i, creds[k], &p);
	}
	free(parent);
	free(creds);
	return rc;
}

/* 1 when workload w is owned by another workload that runs as v. */
static int
reused_owned(const struct model *m, size_t w, size_t v)
{
	size_t	 first, count, i, u, f2, c2, e;

	model_in_kind(m, w, KIND_EDGE_OWNS, &first, &count);
	for (i = first; i < first + count; i++) {
		u = m->esrc[m->in_edge[i]];
		if (m->kind[u] != KIND_NODE_WORKLOAD)
			continue;
		model_out_kind(m, u, KIND_EDGE_RUNS_AS, &f2, &c2);
		for (e = f2; e < f2 + c2; e++) {
			if (m->edst[e] == v)
				return 1;
		}
	}
	return 0;
}

static int
reused_evaluate(struct finding_ctx *ctx)
{
	const struct model	*m = ctx->m;
	struct finding		*f;
	int64_t			 max;
	size_t			 v, first, count, i, e, w, n;

	max = config_integer(ctx->cfg, "findings", "max_workloads");
	for (v = 0; v < m->nnodes; v++) {
		if (rule_poll(ctx, "reused identities"))
			return 1;
		if (!rule_live(ctx, v))
			continue;
		model_in_kind(m, v, KIND_EDGE_RUNS_AS, &first, &count);
		if (count <= (size_t)max)
			continue;
		for (i = first, n = 0; i < first + count; i++) {
			w = m->esrc[m->in_edge[i]];
			n += rule_live(ctx, w) && !reused_owned(m, w, v);
		}
		if (n <= (size_t)max)
			continue;
		f = rule_add(ctx, v, ctx->rule->severity);
		rule_message(ctx, f, "%zu workloads run as it (more than %lld)",
		    n, (long long)max);
		for (i = first; i < first + count; i++) {
			e = m->in_edge[i];
			w = m->esrc[e];
			if (!rule_live(ctx, w) || reused_owned(m, w, v))
				continue;
			rule_related(f, w);
			rule_edge(f, e);
		}
	}
	return 0;
}

const struct finding_rule rule_shared_credential = {
	.id = "shared-credential",
	.title = "Shared credential",
	.severity = FINDING_HIGH,
	.summary = "One credential, or one secret under several names (the "
	    "same fingerprint), is used in more than one system, team or "
	    "environment: high when one of them is production and another "
	    "is not, else medium.",
	.rationale = "A shared secret joins what it is shared between: a "
	    "leak in the weakest place (a dev cluster, a repository every "
	    "team reads) opens the strongest. Nobody can rotate it without "
	    "breaking someone else, so it is not rotated.",
	.fix = "Issue one credential per system, team and environment, each "
	    "with only the access that user needs, and rotate the shared one "
	    "out.",
	.owasp = (const char *const[]){ "NHI9:2025 NHI Reuse",
	    "NHI8:2025 Environment Isolation", NULL },
	.nist_csf = (const char *const[]){ "PR.AA-01", "PR.IR-01", NULL },
	.config = (const char *const[]){ "environments", NULL },
	.evaluate = shared_evaluate,
};

const struct finding_rule rule_reused_identity = {
	.id = "reused-identity",
	.title = "Reused identity",
	.severity = FINDING_MEDIUM,
	.summary = "More than max_workloads (3) workloads run as one "
	    "identity. A workload that another workload running as the same "
	    "identity owns (a pod of a deployment) counts once, with its "
	    "owner.",
	.rationale = "An identity shared by many workloads holds the union "
	    "of what they all need, and any one of them compromised acts as "
	    "all of them; the audit trail cannot tell them apart.",
	.fix = "Give each workload its own identity (a service account per "
	    "deployment) with only the access it needs.",
	.owasp = (const char *const[]){ "NHI9:2025 NHI Reuse", NULL },
	.nist_csf = (const char *const[]){ "PR.AA-05", NULL },
	.config = (const char *const[]){ "findings.max_workloads", NULL },
	.evaluate = reused_evaluate,
};
