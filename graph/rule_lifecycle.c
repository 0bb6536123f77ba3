/*
 * The credential age rules: stale, unrotated, long-lived, and expired or
 * expiring. Each judges every credential with lifecycle.c at the
 * clock, under the thresholds of [findings] in the configuration, and
 * names the identity the credential authenticates as in its evidence.
 */
#include <stdio.h>

#include "model.h"
#include "rule.h"
#include "tstamp.h"

static const char *const lifecycle_nhi1[] = {
	"NHI1:2025 Improper Offboarding", NULL
};
static const char *const lifecycle_nhi7[] = {
	"NHI7:2025 Long-Lived Secrets", NULL
};
static const char *const lifecycle_csf[] = { "PR.AA-01", NULL };

/* Add the identities credential v authenticates as to the evidence. */
static void
lifecycle_evidence(struct finding_ctx *ctx, struct finding *f, size_t v)
{
	const struct model	*m = ctx->m;
	size_t			 first, count, e;

	model_out_kind(m, v, KIND_EDGE_AUTHENTICATES_AS, &first, &count);
	for (e = first; e < first + count; e++) {
		rule_related(f, m->edst[e]);
		rule_edge(f, e);
	}
}

/* The state of credential v, or 0 for other nodes and placeholders. */
static unsigned
lifecycle_of(struct finding_ctx *ctx, size_t v)
{
	const struct model	*m = ctx->m;

	if (m->kind[v] != KIND_NODE_CREDENTIAL ||
	    (m->nflags[v] & MODEL_NODE_MISSING))
		return 0;
	return lifecycle_state_limits(&m->life[v], ctx->now, &ctx->lim);
}

static int
stale_evaluate(struct finding_ctx *ctx)
{
	const struct record_lifecycle	*life;
	struct finding			*f;
	char				 d[TSTAMP_BUFSZ];
	size_t				 v;
	int64_t				 issued;

	for (v = 0; v < ctx->m->nnodes; v++) {
		if (rule_poll(ctx, "stale credentials"))
			return 1;
		if (!(lifecycle_of(ctx, v) & LIFECYCLE_STALE))
			continue;
		life = &ctx->m->life[v];
		f = rule_add(ctx, v, ctx->rule->severity);
		if (life->last_used_at == TSTAMP_NEVER) {
			issued = lifecycle_issued(life);
			rule_message(ctx, f, "never used; issued %s, %lld days "
			    "ago", tstamp_format_date(issued, d),
			    (long long)rule_days(ctx, issued));
		} else
			rule_message(ctx, f, "last used %s, %lld days ago",
			    tstamp_format_date(life->last_used_at, d),
			    (long long)rule_days(ctx, life->last_used_at));
		rule_time(ctx, f, "last_used_at", life->last_used_at);
		rule_time(ctx, f, "created_at", life->created_at);
		rule_time(ctx, f, "last_rotated_at", life->last_rotated_at);
		lifecycle_evidence(ctx, f, v);
	}
	return 0;
}

static int
unrotated_evaluate(struct finding_ctx *ctx)
{
	const struct record_lifecycle	*life;
	struct finding			*f;
	char				 d[TSTAMP_BUFSZ];
	size_t				 v;
	int64_t				 set;

	for (v = 0; v < ctx->m->nnodes; v++) {
		if (rule_poll(ctx, "unrotated credentials"))
			return 1;
		if (!(lifecycle_of(ctx, v) & LIFECYCLE_UNROTATED))
			continue;
		life = &ctx->m->life[v];
		set = lifecycle_rotated(life);
		f = rule_add(ctx, v, ctx->rule->severity);
		rule_message(ctx, f, "%s %s, %lld days ago",
		    tstamp_is_set(life->last_rotated_at) ? "last rotated" :
		    "never rotated; created", tstamp_format_date(set, d),
		    (long long)rule_days(ctx, set));
		rule_time(ctx, f, "last_rotated_at", life->last_rotated_at);
		rule_time(ctx, f, "created_at", life->created_at);
		lifecycle_evidence(ctx, f, v);
	}
	return 0;
}

static int
long_lived_evaluate(struct finding_ctx *ctx)
{
	const struct record_lifecycle	*life;
	struct finding			*f;
	char				 d1[TSTAMP_BUFSZ], d2[TSTAMP_BUFSZ];
	size_t				 v;
	int64_t				 set;

	for (v = 0; v < ctx->m->nnodes; v++) {
		if (rule_poll(ctx, "long-lived secrets"))
			return 1;
		if (!(lifecycle_of(ctx, v) & LIFECYCLE_LONG_LIVED))
			continue;
		life = &ctx->m->life[v];
		set = lifecycle_rotated(life);
		f = rule_add(ctx, v, ctx->rule->severity);
		if (life->expires_at == TSTAMP_NEVER)
			rule_message(ctx, f, "never expires");
		else
			rule_message(ctx, f, "valid for %lld days, from %s to "
			    "%s", (long long)((life->expires_at - set) /
			    LIFECYCLE_DAY), tstamp_format_date(set, d1),
			    tstamp_format_date(life->expires_at, d2));
		rule_time(ctx, f, "expires_at", life->expires_at);
		rule_time(ctx, f, "created_at", life->created_at);
		rule_time(ctx, f, "last_rotated_at", life->last_rotated_at);
		lifecycle_evidence(ctx, f, v);
	}
	return 0;
}

/*
 * 1 when credential v is still bound: it authenticates as an identity,
 * or a live node uses it. Adds the first such edge to the evidence.
 */
static int
expired_bound(struct finding_ctx *ctx, size_t v, size_t *edge)
{
	const struct model	*m = ctx->m;
	size_t			 first, count, i, e;

	model_out_kind(m, v, KIND_EDGE_AUTHENTICATES_AS, &first, &count);
	if (count > 0) {
		*edge = first;
		return 1;
	}
	model_in_kind(m, v, KIND_EDGE_USES, &first, &count);
	for (i = first; i < first + count; i++) {
		e = m->in_edge[i];
		if (rule_live(ctx, m->esrc[e])) {
			*edge = e;
			return 1;
		}
	}
	return 0;
}

/* Report an expired credential that is still bound. */
static void
expired_report(struct finding_ctx *ctx, size_t v, size_t e)
{
	const struct model	*m = ctx->m;
	struct finding		*f;
	char			 d[TSTAMP_BUFSZ];
	int			 out = m->esrc[e] == v;

	f = rule_add(ctx, v, FINDING_HIGH);
	rule_message(ctx, f, "expired %s, %lld days ago, and still %s %s",
	    tstamp_format_date(m->life[v].expires_at, d),
	    (long long)rule_days(ctx, m->life[v].expires_at),
	    out ? "authenticates as" : "used by",
	    m->name[out ? m->edst[e] : m->esrc[e]]);
	rule_time(ctx, f, "expires_at", m->life[v].expires_at);
	rule_related(f, out ? m->edst[e] : m->esrc[e]);
	rule_path(f, (const uint32_t[]){ (uint32_t)e }, 1);
}

static int
expired_evaluate(struct finding_ctx *ctx)
{
	const struct model	*m = ctx->m;
	struct finding		*f;
	char			 d[TSTAMP_BUFSZ];
	unsigned		 st;
	size_t			 v, e;

	for (v = 0; v < m->nnodes; v++) {
		if (rule_poll(ctx, "expired credentials"))
			return 1;
		st = lifecycle_of(ctx, v);
		if ((st & LIFECYCLE_EXPIRED) && !(st & LIFECYCLE_DISABLED) &&
		    expired_bound(ctx, v, &e)) {
			expired_report(ctx, v, e);
			continue;
		}
		if (!(st & LIFECYCLE_EXPIRING) || !(st & LIFECYCLE_VALID))
			continue;
		f = rule_add(ctx, v, FINDING_MEDIUM);
		rule_message(ctx, f, "expires %s, in %lld days",
		    tstamp_format_date(m->life[v].expires_at, d),
		    (long long)-rule_days(ctx, m->life[v].expires_at));
		rule_time(ctx, f, "expires_at", m->life[v].expires_at);
		lifecycle_evidence(ctx, f, v);
	}
	return 0;
}

const struct finding_rule rule_stale_credential = {
	.id = "stale-credential",
	.title = "Stale credential",
	.severity = FINDING_MEDIUM,
	.summary = "An active credential was last used stale_after (90 "
	    "days) or more ago, or was never used and was issued that long "
	    "ago. Disabled and expired credentials are never stale.",
	.rationale = "A credential nobody uses still opens everything its "
	    "identity can reach. Unused keys are forgotten keys: nobody "
	    "rotates them or notices when they leak, and they outlive the "
	    "work they were made for.",
	.fix = "Ask the owner whether anything still needs it; disable it, "
	    "watch for failures, then delete it.",
	.owasp = lifecycle_nhi1,
	.nist_csf = lifecycle_csf,
	.config = (const char *const[]){ "findings.stale_after", NULL },
	.evaluate = stale_evaluate,
};

const struct finding_rule rule_unrotated_credential = {
	.id = "unrotated-credential",
	.title = "Unrotated credential",
	.severity = FINDING_MEDIUM,
	.summary = "An active credential was last rotated (or, when it never "
	    "was, created) more than rotate_after (90 days) ago.",
	.rationale = "The longer one secret stays valid, the more copies of "
	    "it exist in logs, laptops and build caches, and the longer a "
	    "leaked copy works.",
	.fix = "Rotate it, and automate rotation; better, replace it with "
	    "short-lived credentials issued on demand.",
	.owasp = lifecycle_nhi7,
	.nist_csf = lifecycle_csf,
	.config = (const char *const[]){ "findings.rotate_after", NULL },
	.evaluate = unrotated_evaluate,
};

const struct finding_rule rule_long_lived_secret = {
	.id = "long-lived-secret",
	.title = "Long-lived secret",
	.severity = FINDING_MEDIUM,
	.summary = "An active credential never expires, or is valid for more "
	    "than max_lifetime (365 days) from its last rotation (or "
	    "creation) to its expiry. An expiry the source does not give is "
	    "not judged.",
	.rationale = "A secret without an end date is a standing grant: "
	    "whoever holds a copy keeps its access until someone remembers "
	    "to revoke it.",
	.fix = "Reissue it with an expiry, or move to a credential the "
	    "platform issues for minutes (workload identity, OIDC, "
	    "projected service account tokens).",
	.owasp = lifecycle_nhi7,
	.nist_csf = lifecycle_csf,
	.config = (const char *const[]){ "findings.max_lifetime", NULL },
	.evaluate = long_lived_evaluate,
};

const struct finding_rule rule_expired_or_expiring = {
	.id = "expired-or-expiring",
	.title = "Expired or expiring credential",
	.severity = FINDING_HIGH,
	.summary = "A credential expired but still authenticates as an "
	    "identity or is used by a workload (high), or an active "
	    "credential expires within expiring_within (30 days; medium).",
	.rationale = "An expired credential still bound to an identity is "
	    "debris that tells of a broken renewal: what used it is failing "
	    "or has moved to something nobody recorded. One about to expire "
	    "will break what uses it.",
	.fix = "Renew the expiring credential and the workloads that use it; "
	    "remove expired ones from the identities and workloads that "
	    "still name them.",
	.owasp = lifecycle_nhi1,
	.nist_csf = lifecycle_csf,
	.config = (const char *const[]){ "findings.expiring_within", NULL },
	.evaluate = expired_evaluate,
};
