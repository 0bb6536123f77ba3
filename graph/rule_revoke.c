/*
 * The revocation rule: a credential with no revocation path, that is
 * no owner (of its own or of the identity it signs in as) and no
 * identity that holds a right to rotate or delete it in its system
 * (revoke.h finds the rights and their holders). When such a key leaks,
 * nobody is on record to answer for it or able to turn it off.
 */
#include <stdlib.h>

#include "model.h"
#include "revoke.h"
#include "rule.h"

/* 1 when v, or the identity it authenticates as, has an owner. */
static int
revoke_rule_owned(struct finding_ctx *ctx, size_t v, int64_t identity)
{
	if (rule_owners(ctx, v, NULL, 0, NULL) != RULE_OWNER_NONE)
		return 1;
	return identity >= 0 && rule_owners(ctx, (size_t)identity, NULL, 0,
	    NULL) != RULE_OWNER_NONE;
}

static void
revoke_rule_report(struct finding_ctx *ctx, size_t v,
    const struct revoke_result *res)
{
	struct finding		*f;
	size_t			 i;

	f = rule_add(ctx, v, ctx->rule->severity);
	if (res->nrights > 0)
		rule_message(ctx, f, "no owner, and no identity holds the %zu "
		    "%s rights that could revoke it", res->nrights,
		    revoke_platform_name(res->platform));
	else
		rule_message(ctx, f, "no owner, and no identity can revoke it "
		    "(%s)", revoke_platform_name(res->platform));
	rule_value(ctx, f, "platform", revoke_platform_name(res->platform));
	if (res->identity >= 0)
		rule_related(f, (size_t)res->identity);
	for (i = 0; i < res->nrights && i < RULE_MAX_EVIDENCE; i++)
		rule_related(f, res->rights[i]);
}

static int
revoke_rule_evaluate(struct finding_ctx *ctx)
{
	const struct model	*m = ctx->m;
	struct revoke_index	*ix = NULL;
	struct revoke_result	 res;
	char			*err = NULL;
	size_t			 v;
	int			 rc;

	rc = revoke_index_create(ctx->store, m, ctx->cancel, &ix, &err);
	if (rc != 0) {
		/*
		 * NOTE: a rule cannot report a read error, so the rule is
		 * skipped; the engine read the case with the same scan just
		 * before, which makes this failure unlikely.
		 */
		free(err);
		return rc == 1;
	}
	for (v = 0; v < m->nnodes && rc == 0; v++) {
		if (rule_poll(ctx, "revocation paths")) {
			rc = 1;
			break;
		}
		if (m->kind[v] != KIND_NODE_CREDENTIAL || !rule_live(ctx, v))
			continue;
		if (revoke_rule_owned(ctx, v, -1))
			continue;
		if (revoke_find_path(ix, v, &ctx->f, ctx->cancel, &res) != 0) {
			rc = 1;
			break;
		}
		if (!revoke_rule_owned(ctx, v, res.identity) &&
		    !revoke_has_path(&res))
			revoke_rule_report(ctx, v, &res);
		revoke_result_free(&res);
	}
	revoke_index_free(ix);
	return rc;
}

const struct finding_rule rule_no_revocation_path = {
	.id = "no-revocation-path",
	.title = "Credential without a revocation path",
	.severity = FINDING_MEDIUM,
	.summary = "A credential has no owner (neither its own nor one of "
	    "the identity it signs in as), and no identity in the case holds "
	    "a right to rotate or delete it in its system.",
	.rationale = "When a credential leaks, someone must turn it off "
	    "within minutes. With nobody on record who owns it or holds the "
	    "right to revoke it, the response starts with a search for who "
	    "can, while the key still works.",
	.fix = "Record an owner for the credential or its identity, and make "
	    "sure a team holds the right to revoke it (docs/revocation.md "
	    "lists the rights per platform); or retire the credential.",
	.owasp = (const char *const[]){ "NHI1:2025 Improper Offboarding",
	    "NHI7:2025 Long-Lived Secrets", NULL },
	.nist_csf = (const char *const[]){ "PR.AA-01", "GV.RR-02", "RS.MI-01",
	    NULL },
	.evaluate = revoke_rule_evaluate,
};
