/*
 * The ownership rules: machine identities and credentials without an
 * owner or with one who is gone, and AI agents or automation identities
 * with access but nobody to escalate to. Owners come from owns edges and
 * the owner attribute (rule_owners()); escalation contacts from the
 * escalation_contact attribute.
 */
#include <stdlib.h>

#include "model.h"
#include "rule.h"
#include "xalloc.h"

#define OWNER_MAX	8

static const char *const owner_csf[] = { "PR.AA-01", "GV.RR-02", NULL };

/* Name the owners in out[0..n) that are gone, as evidence. */
static void
owner_gone_evidence(struct finding_ctx *ctx, struct finding *f, size_t v,
    const uint32_t *out, size_t n)
{
	const struct model	*m = ctx->m;
	size_t			 i, first, count, e;

	for (i = 0; i < n; i++) {
		rule_related(f, out[i]);
		rule_value(ctx, f, "owner", m->name[out[i]]);
	}
	model_in_kind(m, v, KIND_EDGE_OWNS, &first, &count);
	for (i = first; i < first + count; i++) {
		e = m->in_edge[i];
		rule_edge(f, e);
	}
}

/* A machine identity: report a missing or gone owner. */
static void
orphaned_identity(struct finding_ctx *ctx, size_t v)
{
	struct finding	*f;
	uint32_t	 out[OWNER_MAX];
	size_t		 n;

	switch (rule_owners(ctx, v, out, OWNER_MAX, &n)) {
	case RULE_OWNER_NONE:
		f = rule_add(ctx, v, FINDING_MEDIUM);
		rule_message(ctx, f, "%s has no owner", ctx->m->kind[v] ==
		    KIND_NODE_OAUTH_APP ? "app" : "machine identity");
		break;
	case RULE_OWNER_GONE:
		f = rule_add(ctx, v, FINDING_HIGH);
		rule_message(ctx, f, "owner %s is %s", ctx->m->name[out[0]],
		    (ctx->m->nflags[out[0]] & MODEL_NODE_MISSING) ?
		    "gone from the case" : "disabled or has left");
		owner_gone_evidence(ctx, f, v, out, n);
		break;
	default:
		break;
	}
}

/*
 * A credential: report an owner of its own who is gone, or a person it
 * authenticates as who is gone. A credential of a machine identity is
 * left to that identity's finding.
 */
static void
orphaned_credential(struct finding_ctx *ctx, size_t v)
{
	const struct model	*m = ctx->m;
	struct finding		*f;
	uint32_t		 out[OWNER_MAX];
	size_t			 n, first, count, e, u;

	if (rule_owners(ctx, v, out, OWNER_MAX, &n) == RULE_OWNER_GONE) {
		f = rule_add(ctx, v, FINDING_HIGH);
		rule_message(ctx, f, "owner %s is %s", m->name[out[0]],
		    (m->nflags[out[0]] & MODEL_NODE_MISSING) ?
		    "gone from the case" : "disabled or has left");
		owner_gone_evidence(ctx, f, v, out, n);
		return;
	}
	model_out_kind(m, v, KIND_EDGE_AUTHENTICATES_AS, &first, &count);
	for (e = first; e < first + count; e++) {
		u = m->edst[e];
		if (m->kind[u] != KIND_NODE_HUMAN || !rule_gone(ctx, u))
			continue;
		f = rule_add(ctx, v, FINDING_HIGH);
		rule_message(ctx, f, "belongs to %s, who is disabled or has "
		    "left", m->name[u]);
		rule_related(f, u);
		rule_path(f, (const uint32_t[]){ (uint32_t)e }, 1);
		return;
	}
}

static int
orphaned_evaluate(struct finding_ctx *ctx)
{
	const struct model	*m = ctx->m;
	size_t			 v;

	for (v = 0; v < m->nnodes; v++) {
		if (rule_poll(ctx, "orphaned identities"))
			return 1;
		if (!rule_live(ctx, v))
			continue;
		if (m->kind[v] == KIND_NODE_CREDENTIAL)
			orphaned_credential(ctx, v);
		else if (rule_is_machine(ctx, v))
			orphaned_identity(ctx, v);
	}
	return 0;
}

/*
 * 1 when agent v, or an identity it runs as, has a present owner or an
 * escalation contact.
 */
static int
escalation_known(struct finding_ctx *ctx, size_t v)
{
	const struct model	*m = ctx->m;
	size_t			 first, count, e;

	if (rule_contact(ctx, v) != NULL ||
	    rule_owners(ctx, v, NULL, 0, NULL) == RULE_OWNER_OK)
		return 1;
	model_out_kind(m, v, KIND_EDGE_RUNS_AS, &first, &count);
	for (e = first; e < first + count; e++) {
		if (rule_contact(ctx, m->edst[e]) != NULL ||
		    rule_owners(ctx, m->edst[e], NULL, 0, NULL) ==
		    RULE_OWNER_OK)
			return 1;
	}
	return 0;
}

/*
 * Walk back from every privilege and system at once: the nodes it
 * reaches have access to something. Returns 1 when cancelled.
 */
static int
escalation_access(struct finding_ctx *ctx, struct reach *r)
{
	const struct model	*m = ctx->m;
	uint32_t		*starts;
	size_t			 v, n = 0;
	int			 rc;

	starts = xreallocarray(NULL, m->nnodes + 1, sizeof(*starts));
	for (v = 0; v < m->nnodes; v++) {
		if (m->kind[v] == KIND_NODE_PRIVILEGE ||
		    m->kind[v] == KIND_NODE_SYSTEM)
			starts[n++] = (uint32_t)v;
	}
	rc = reach_run_set(r, starts, n, 1, &ctx->f, 0, ctx->cancel);
	free(starts);
	return rc;
}

/* Report agent v, which reaches what walk r started from. */
static void
escalation_report(struct finding_ctx *ctx, struct reach *r, size_t v)
{
	struct finding	*f;
	uint32_t	*path;
	size_t		 n;

	f = rule_add(ctx, v, ctx->rule->severity);
	rule_message(ctx, f, "agent with access (it reaches %s) has no "
	    "owner and no escalation contact",
	    ctx->m->name[reach_origin(r, v)]);
	rule_related(f, reach_origin(r, v));
	n = reach_depth(r, v);
	path = xreallocarray(NULL, n + 1, sizeof(*path));
	reach_path(r, v, path, n);
	rule_path(f, path, n);
	free(path);
}

static int
no_escalation_evaluate(struct finding_ctx *ctx)
{
	const struct model	*m = ctx->m;
	struct reach		 r;
	size_t			 v;
	int			 rc = 0;

	reach_init(&r, m);
	if (escalation_access(ctx, &r) != 0) {
		rc = 1;
		goto out;
	}
	for (v = 0; v < m->nnodes; v++) {
		if (rule_poll(ctx, "escalation paths")) {
			rc = 1;
			break;
		}
		if (!rule_live(ctx, v) || !rule_is_agent(ctx, v) ||
		    !reach_seen(&r, v) || reach_depth(&r, v) == 0 ||
		    escalation_known(ctx, v))
			continue;
		escalation_report(ctx, &r, v);
	}
out:
	reach_free(&r);
	return rc;
}

const struct finding_rule rule_orphaned_identity = {
	.id = "orphaned-identity",
	.title = "Orphaned identity",
	.severity = FINDING_MEDIUM,
	.summary = "A machine identity (service account, OAuth app, AI agent) "
	    "has no owner (medium), or every owner is disabled, has left or "
	    "is gone from the case (high); or a credential's own owner is "
	    "gone, or it belongs to a person who is (high).",
	.rationale = "Nobody reviews, rotates or retires an identity nobody "
	    "owns, and nobody notices when it is misused. When its owner "
	    "leaves, its access stays behind.",
	.fix = "Give it an owner who is still here (an owns edge or the "
	    "owner attribute), or retire it and its credentials.",
	.owasp = (const char *const[]){ "NHI1:2025 Improper Offboarding",
	    NULL },
	.nist_csf = owner_csf,
	.evaluate = orphaned_evaluate,
};

const struct finding_rule rule_no_escalation_path = {
	.id = "no-escalation-path",
	.title = "Agent without an escalation path",
	.severity = FINDING_MEDIUM,
	.summary = "An AI agent or automation identity reaches a privilege "
	    "or system, but neither it nor an identity it runs as has an "
	    "owner or an escalation_contact.",
	.rationale = "An agent acts on its own. When it misbehaves someone "
	    "must be able to stop it and answer for what it did; without an "
	    "owner or contact, an incident has nobody to call.",
	.fix = "Record an owner and an escalation_contact for the agent (or "
	    "the identity it runs as) in its source, and keep them current.",
	.owasp = (const char *const[]){ "NHI1:2025 Improper Offboarding",
	    NULL },
	.nist_csf = owner_csf,
	.ai_rmf = (const char *const[]){ "GOVERN 2.1", NULL },
	.evaluate = no_escalation_evaluate,
};
