/*
 * The reach rules about what an identity can do: over-privileged
 * machine identities, credentials that reach a crown jewel, third-party
 * apps that can write, and grants to anonymous or public principals.
 *
 * Each works from the targets backwards: one reverse walk from all
 * admin-equivalent and escalation nodes, one from all wildcard grants,
 * one from all write rights, so the cost does not grow with the number
 * of identities. Crown jewel pairs come from crown.c.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crown.h"
#include "lifecycle.h"
#include "model.h"
#include "nodeattr.h"
#include "rule.h"
#include "scenario.h"
#include "xalloc.h"

/* Copy the path from node v to the start of reverse walk r into f. */
static void
privilege_path(struct finding *f, const struct reach *r, size_t v)
{
	uint32_t	*path;
	size_t		 n = reach_depth(r, v);

	path = xreallocarray(NULL, n + 1, sizeof(*path));
	reach_path(r, v, path, n);
	rule_path(f, path, n);
	free(path);
}

/*
 * Walk back from every node for which is_target() holds; returns 1 when
 * cancelled.
 */
static int
privilege_walk(struct finding_ctx *ctx, struct reach *r,
    int (*is_target)(struct finding_ctx *, size_t))
{
	uint32_t	*starts;
	size_t		 v, n = 0;
	int		 rc;

	starts = xreallocarray(NULL, ctx->m->nnodes + 1, sizeof(*starts));
	for (v = 0; v < ctx->m->nnodes; v++) {
		if (is_target(ctx, v))
			starts[n++] = (uint32_t)v;
	}
	rc = reach_run_set(r, starts, n, 1, &ctx->f, 0, ctx->cancel);
	free(starts);
	return rc;
}

static int
privilege_is_admin(struct finding_ctx *ctx, size_t v)
{
	return (ctx->m->nflags[v] & (MODEL_NODE_ADMIN |
	    MODEL_NODE_ESCALATION)) != 0;
}

/* 1 for a pattern that names every action: "*", or ends in ":*". */
static int
privilege_all_actions(const char *s)
{
	size_t	 len;

	if (s == NULL)
		return 0;
	len = strlen(s);
	return strcmp(s, "*") == 0 || (len >= 2 && strcmp(s + len - 2, ":*") ==
	    0);
}

/* A wildcard grant: a privilege on every action of a service or more. */
static int
privilege_is_wildcard(struct finding_ctx *ctx, size_t v)
{
	if (ctx->m->kind[v] != KIND_NODE_PRIVILEGE)
		return 0;
	return rule_attr_true(ctx, RULE_ATTR_WILDCARD, v) ||
	    privilege_all_actions(rule_attr(ctx, RULE_ATTR_ACTION, v)) ||
	    rule_attr_has(ctx, RULE_ATTR_VERBS, v, "*");
}

/* The subjects of over-privileged: machine identities, bare credentials. */
static int
privilege_subject(struct finding_ctx *ctx, size_t v)
{
	size_t	 first, count;

	if (!rule_live(ctx, v))
		return 0;
	if (ctx->m->kind[v] == KIND_NODE_CREDENTIAL) {
		model_out_kind(ctx->m, v, KIND_EDGE_AUTHENTICATES_AS, &first,
		    &count);
		return count == 0;
	}
	return rule_is_machine(ctx, v);
}

/* Report subject v from the admin walk a, else the wildcard walk w. */
static void
over_report(struct finding_ctx *ctx, const struct reach *a,
    const struct reach *w, size_t v)
{
	const struct model	*m = ctx->m;
	struct finding		*f;
	uint32_t		 t;

	if (reach_seen(a, v)) {
		t = reach_origin(a, v);
		f = rule_add(ctx, v, FINDING_HIGH);
		if (t == v)
			rule_message(ctx, f, "is itself %s",
			    (m->nflags[v] & MODEL_NODE_ADMIN) ?
			    "admin-equivalent" : "an escalation right");
		else
			rule_message(ctx, f, "reaches %s %s in %zu step%s",
			    (m->nflags[t] & MODEL_NODE_ADMIN) ?
			    "admin-equivalent" : "escalation right", m->name[t],
			    reach_depth(a, v), reach_depth(a, v) == 1 ? "" :
			    "s");
		rule_related(f, t);
		privilege_path(f, a, v);
	}
	if (reach_seen(w, v)) {
		t = reach_origin(w, v);
		f = rule_add(ctx, v, FINDING_MEDIUM);
		if (f->npath == 0 && f->message[0] == '\0') {
			rule_message(ctx, f, "holds wildcard grant %s",
			    m->name[t]);
			privilege_path(f, w, v);
		}
		rule_related(f, t);
		rule_value(ctx, f, "wildcard", m->name[t]);
	}
}

static int
over_evaluate(struct finding_ctx *ctx)
{
	struct reach	 a, w;
	size_t		 v;
	int		 rc = 0;

	reach_init(&a, ctx->m);
	reach_init(&w, ctx->m);
	if (privilege_walk(ctx, &a, privilege_is_admin) != 0 ||
	    privilege_walk(ctx, &w, privilege_is_wildcard) != 0) {
		rc = 1;
		goto out;
	}
	for (v = 0; v < ctx->m->nnodes; v++) {
		if (rule_poll(ctx, "over-privileged identities")) {
			rc = 1;
			break;
		}
		if ((reach_seen(&a, v) || reach_seen(&w, v)) &&
		    privilege_subject(ctx, v))
			over_report(ctx, &a, &w, v);
	}
out:
	reach_free(&a);
	reach_free(&w);
	return rc;
}

static int
crown_evaluate(struct finding_ctx *ctx)
{
	const struct model	*m = ctx->m;
	struct crown_pair	*p;
	struct finding		*f;
	size_t			 n, i;
	int			 rc;

	rc = crown_pairs(m, &ctx->f, ctx->sc->tier_zero, ctx->now, ctx->cancel,
	    &p, &n);
	for (i = 0; rc == 0 && i < n; i++) {
		f = rule_add(ctx, p[i].credential, ctx->rule->severity);
		if (f->nrelated == 0 || p[i].len < f->npath) {
			rule_message(ctx, f, "reaches crown jewel %s in %zu "
			    "step%s%s", m->name[p[i].jewel], p[i].len,
			    p[i].len == 1 ? "" : "s", p[i].conditional ?
			    ", through a condition" : "");
			rule_path(f, p[i].edges, p[i].len);
		}
		rule_related(f, p[i].jewel);
	}
	crown_pairs_free(p, n);
	return rc;
}

/* 1 when a source edge kind names a right to change things. */
static int
privilege_raw_writes(const char *raw)
{
	static const char *const words[] = {
		"write", "admin", "push", "manage", "bypass", "owner", "edit",
		"create", "delete", "update"
	};
	size_t	 i, k, len = strlen(raw), wl;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		wl = strlen(words[i]);
		for (k = 0; k + wl <= len; k++) {
			if (strncasecmp(raw + k, words[i], wl) == 0)
				return 1;
		}
	}
	return 0;
}

/* The first followed edge out of v that grants write access, or -1. */
static int64_t
privilege_write_edge(struct finding_ctx *ctx, size_t v)
{
	const struct model	*m = ctx->m;
	size_t			 first, count, e;

	model_out_kind(m, v, KIND_EDGE_GRANTS, &first, &count);
	for (e = first; e < first + count; e++) {
		if (rule_follows(ctx, e) &&
		    privilege_raw_writes(model_label(m, m->eraw[e])))
			return (int64_t)e;
	}
	return -1;
}

/* A write right: admin or escalation, a write privilege, a write grant. */
static int
privilege_is_write(struct finding_ctx *ctx, size_t v)
{
	static const char *const classes[] = {
		"write", "admin", "admin-equivalent", "owner"
	};
	size_t	 i;

	if (privilege_is_admin(ctx, v) || privilege_write_edge(ctx, v) >= 0)
		return 1;
	if (ctx->m->kind[v] != KIND_NODE_PRIVILEGE)
		return 0;
	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		if (rule_attr_has(ctx, RULE_ATTR_CLASS, v, classes[i]) ||
		    rule_attr_has(ctx, RULE_ATTR_PRIVILEGE_CLASS, v,
		    classes[i]))
			return 1;
	}
	return 0;
}

/* The first scope or permission of v that allows writing, or NULL. */
static const char *
privilege_write_scope(struct finding_ctx *ctx, size_t v)
{
	static const enum rule_attr	 attrs[] = {
		RULE_ATTR_SCOPES, RULE_ATTR_PERMISSIONS
	};
	const char	*vals[32];
	size_t		 a, n, i;

	for (a = 0; a < 2; a++) {
		n = nodeattr_values(ctx->attrs, ctx->attr[attrs[a]], v, vals,
		    32);
		for (i = 0; i < n && i < 32; i++) {
			if (privilege_raw_writes(vals[i]))
				return vals[i];
		}
	}
	return NULL;
}

/* 1 for an app from outside: an OAuth app, or marked third_party. */
static int
privilege_third_party(struct finding_ctx *ctx, size_t v)
{
	return rule_live(ctx, v) && (ctx->m->kind[v] == KIND_NODE_OAUTH_APP ||
	    rule_attr_true(ctx, RULE_ATTR_THIRD_PARTY, v));
}

/* Report third-party app v with walk r from the write rights. */
static void
third_party_report(struct finding_ctx *ctx, const struct reach *r, size_t v,
    const char *scope)
{
	const struct model	*m = ctx->m;
	struct finding		*f;
	uint32_t		 t;
	int64_t			 e;

	f = rule_add(ctx, v, ctx->rule->severity);
	if (scope != NULL)
		rule_value(ctx, f, "scope", scope);
	if (rule_attr(ctx, RULE_ATTR_PUBLISHER, v) != NULL)
		rule_value(ctx, f, "publisher", rule_attr(ctx,
		    RULE_ATTR_PUBLISHER, v));
	if (!reach_seen(r, v)) {
		rule_message(ctx, f, "external app with write scope %s",
		    scope);
		return;
	}
	t = reach_origin(r, v);
	privilege_path(f, r, v);
	if ((e = privilege_write_edge(ctx, t)) >= 0) {
		rule_message(ctx, f, "external app that can %s %s",
		    model_label(m, m->eraw[e]), m->name[m->edst[e]]);
		rule_related(f, m->edst[e]);
		rule_edge(f, (size_t)e);
	} else
		rule_message(ctx, f, "external app that reaches %s",
		    m->name[t]);
	rule_related(f, t);
	if (m->nflags[t] & (MODEL_NODE_ADMIN | MODEL_NODE_ESCALATION))
		rule_add(ctx, v, FINDING_CRITICAL);
}

static int
third_party_evaluate(struct finding_ctx *ctx)
{
	struct reach	 r;
	const char	*scope;
	size_t		 v;
	int		 rc = 0;

	reach_init(&r, ctx->m);
	if (privilege_walk(ctx, &r, privilege_is_write) != 0) {
		rc = 1;
		goto out;
	}
	for (v = 0; v < ctx->m->nnodes; v++) {
		if (rule_poll(ctx, "third-party access")) {
			rc = 1;
			break;
		}
		if (!privilege_third_party(ctx, v))
			continue;
		scope = privilege_write_scope(ctx, v);
		if (reach_seen(&r, v) || scope != NULL)
			third_party_report(ctx, &r, v, scope);
	}
out:
	reach_free(&r);
	return rc;
}

const struct finding_rule rule_over_privileged = {
	.id = "over-privileged",
	.title = "Over-privileged machine identity",
	.severity = FINDING_HIGH,
	.summary = "A machine identity (service account, OAuth app, AI agent) "
	    "or a credential bound to no identity reaches an "
	    "admin-equivalent or privilege-escalation node (high), or holds "
	    "a wildcard grant: every action of a service or more (medium).",
	.rationale = "Machine identities are rarely watched and their "
	    "secrets are copied into places people cannot see. Admin rights "
	    "on one turn any leak of it into a takeover; a wildcard grant "
	    "gives it rights nobody decided it needs.",
	.fix = "Replace the grant with the actions and resources the "
	    "workload uses (access logs or a policy generator show them), "
	    "and keep admin rights for people behind approval.",
	.owasp = (const char *const[]){ "NHI5:2025 Overprivileged NHI", NULL },
	.nist_csf = (const char *const[]){ "PR.AA-05", NULL },
	.evaluate = over_evaluate,
};

const struct finding_rule rule_crown_jewel_reach = {
	.id = "crown-jewel-reach",
	.title = "Credential reaches a crown jewel",
	.severity = FINDING_CRITICAL,
	.summary = "An active credential can reach a node marked tier zero "
	    "(crown_jewel or tier_zero attribute, the tier0 tag, "
	    "--tier-zero or [analysis] tier_zero).",
	.rationale = "Whoever holds the credential holds the path to the "
	    "crown jewel. Each such credential is one leak away from the "
	    "most valuable data or control in the case.",
	.fix = "Cut the path at its chokepoint (trustwalk chokepoints), or "
	    "guard the credential as well as the jewel: short-lived, "
	    "rotated, monitored.",
	.owasp = (const char *const[]){ "NHI5:2025 Overprivileged NHI", NULL },
	.nist_csf = (const char *const[]){ "PR.AA-05", NULL },
	.config = (const char *const[]){ "analysis.tier_zero", NULL },
	.evaluate = crown_evaluate,
};

const struct finding_rule rule_third_party_access = {
	.id = "third-party-access",
	.title = "Broad third-party access",
	.severity = FINDING_HIGH,
	.summary = "An external app (an OAuth app, or a node marked "
	    "third_party) can write: it reaches a write or admin right, or "
	    "has a scope or permission that names writing or admin "
	    "(critical when it reaches an admin-equivalent node).",
	.rationale = "A third party's security is not yours to manage: a "
	    "breach of the vendor, or of the app's token, acts in your "
	    "systems with every right you granted it.",
	.fix = "Reduce the app to read access where it can work with that, "
	    "limit it to the repositories or resources it serves, and review "
	    "its installation regularly.",
	.owasp = (const char *const[]){ "NHI3:2025 Vulnerable Third-Party NHI",
	    NULL },
	.nist_csf = (const char *const[]){ "GV.SC-07", "PR.AA-05", NULL },
	.ai_rmf = (const char *const[]){ "GOVERN 6.1", NULL },
	.evaluate = third_party_evaluate,
};
