/*
 * Environment crossing: an identity in a non-production environment
 * that reaches a production system. One reverse walk from every
 * production system at once marks everything that reaches one, with the
 * path to the nearest, so the rule costs one walk whatever the size of
 * the estate.
 */
#include <stdlib.h>

#include "envmap.h"
#include "model.h"
#include "rule.h"
#include "xalloc.h"

/* 1 for the kinds the rule reports: identities other than people. */
static int
env_subject(const struct model *m, size_t v)
{
	switch (m->kind[v]) {
	case KIND_NODE_SERVICE_ACCOUNT:
	case KIND_NODE_ROLE:
	case KIND_NODE_CREDENTIAL:
	case KIND_NODE_WORKLOAD:
	case KIND_NODE_OAUTH_APP:
		return 1;
	default:
		return 0;
	}
}

/* Report node v, which walk r reached from a production system. */
static void
env_report(struct finding_ctx *ctx, struct reach *r, size_t v)
{
	const struct model	*m = ctx->m;
	struct finding		*f;
	uint32_t		*path, sys = reach_origin(r, v);
	size_t			 n = reach_depth(r, v);

	f = rule_add(ctx, v, ctx->rule->severity);
	rule_message(ctx, f, "in %s, reaches %s system %s in %zu step%s",
	    envmap_name(ctx->env, v), envmap_name(ctx->env, sys), m->name[sys],
	    n, n == 1 ? "" : "s");
	rule_related(f, sys);
	rule_value(ctx, f, "environment", envmap_name(ctx->env, v));
	rule_value(ctx, f, "reached_environment", envmap_name(ctx->env, sys));
	path = xreallocarray(NULL, n + 1, sizeof(*path));
	reach_path(r, v, path, n);
	rule_path(f, path, n);
	free(path);
}

static int
env_evaluate(struct finding_ctx *ctx)
{
	const struct model	*m = ctx->m;
	struct reach		 r;
	uint32_t		*starts;
	size_t			 v, n = 0, i;
	int			 rc = 0;

	starts = xreallocarray(NULL, m->nnodes + 1, sizeof(*starts));
	for (v = 0; v < m->nnodes; v++) {
		if (m->kind[v] == KIND_NODE_SYSTEM &&
		    envmap_production(ctx->env, v))
			starts[n++] = (uint32_t)v;
	}
	reach_init(&r, m);
	if (n > 0 && reach_run_set(&r, starts, n, 1, &ctx->f, 0,
	    ctx->cancel) != 0) {
		rc = 1;
		goto out;
	}
	for (i = n > 0 ? r.nstarts : r.count; i < r.count; i++) {
		if (rule_poll(ctx, "environment crossings")) {
			rc = 1;
			break;
		}
		v = r.order[i];
		if (env_subject(m, v) && rule_live(ctx, v) &&
		    envmap_nonproduction(ctx->env, v))
			env_report(ctx, &r, v);
	}
out:
	reach_free(&r);
	free(starts);
	return rc;
}

const struct finding_rule rule_environment_crossing = {
	.id = "environment-crossing",
	.title = "Environment crossing",
	.severity = FINDING_HIGH,
	.summary = "A service account, role, credential, workload or app in "
	    "a non-production environment reaches a system in a production "
	    "one. Environments come from the [environments] matchers.",
	.rationale = "Non-production environments are guarded less: more "
	    "people deploy there, secrets sit in plain configuration, tests "
	    "run unreviewed code. A path from there into production makes "
	    "production only as safe as dev.",
	.fix = "Cut the trust that crosses over (the role assumption, the "
	    "shared key), and give production its own identities.",
	.owasp = (const char *const[]){ "NHI8:2025 Environment Isolation",
	    NULL },
	.nist_csf = (const char *const[]){ "PR.IR-01", "PR.AA-05", NULL },
	.config = (const char *const[]){ "environments", NULL },
	.evaluate = env_evaluate,
};
