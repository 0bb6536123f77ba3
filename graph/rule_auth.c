/*
 * The authentication rules. Human use finds people using machine
 * identities: a console password on a service user, people who can read
 * its secret, and in the usage evidence console sign-ins and browser
 * user agents. Insecure authentication finds static keys where federation
 * is available, legacy token Secrets and passwords on service
 * principals. Public access finds grants to anonymous or public
 * principals.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lifecycle.h"
#include "model.h"
#include "rule.h"
#include "scenario.h"
#include "strbuf.h"
#include "tstamp.h"
#include "usage.h"
#include "xalloc.h"

/* The edge kinds through which a person gains a right. */
#define AUTH_GRANT_KINDS	((1u << KIND_EDGE_GRANTS) | \
				    (1u << KIND_EDGE_HAS_ROLE) | \
				    (1u << KIND_EDGE_HAS_POLICY) | \
				    (1u << KIND_EDGE_MEMBER_OF) | \
				    (1u << KIND_EDGE_CAN_ASSUME))

/* 1 when credential c is valid at the clock and a source described it. */
static int
auth_valid(struct finding_ctx *ctx, size_t c)
{
	return rule_live(ctx, c) && (lifecycle_state_limits(&ctx->m->life[c],
	    ctx->now, &ctx->lim) & LIFECYCLE_VALID);
}

/* The credential_type of node v, or "". */
static const char *
auth_type(const struct finding_ctx *ctx, size_t v)
{
	return ctx->m->credential_type[v] != 0 ? model_label(ctx->m,
	    ctx->m->credential_type[v]) : "";
}

/* 1 when one of the comma-joined kinds of v ends in suffix. */
static int
auth_kind_ends(const struct finding_ctx *ctx, size_t v, const char *suffix)
{
	const char	*p = model_label(ctx->m, ctx->m->kinds[v]), *end;
	size_t		 slen = strlen(suffix);

	while (*p != '\0') {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) >= slen &&
		    strncasecmp(end - slen, suffix, slen) == 0)
			return 1;
		p = *end == ',' ? end + 1 : end;
	}
	return 0;
}

/* 1 for a console password: a sign-in a person uses, not an API key. */
static int
auth_console_password(const struct finding_ctx *ctx, size_t c)
{
	const char	*key = ctx->m->key[c];
	size_t		 len = strlen(key);

	return strcmp(auth_type(ctx, c), "console_password") == 0 ||
	    auth_kind_ends(ctx, c, "ConsolePassword") ||
	    (strncmp(key, "aws:", 4) == 0 && len > 9 &&
	    strcmp(key + len - 9, "#password") == 0);
}

/* Report the console passwords of machine identity i. */
static void
human_console(struct finding_ctx *ctx, size_t i)
{
	const struct model	*m = ctx->m;
	struct finding		*f;
	size_t			 first, count, k, e, c;
	int			 mfa;

	model_in_kind(m, i, KIND_EDGE_AUTHENTICATES_AS, &first, &count);
	for (k = first; k < first + count; k++) {
		e = m->in_edge[k];
		c = m->esrc[e];
		if (!auth_valid(ctx, c) || !auth_console_password(ctx, c))
			continue;
		mfa = rule_attr_true(ctx, RULE_ATTR_MFA, c) ||
		    rule_attr_true(ctx, RULE_ATTR_MFA_ACTIVE, c) ||
		    rule_attr_true(ctx, RULE_ATTR_MFA_ACTIVE, i);
		f = rule_add(ctx, i, mfa ? FINDING_MEDIUM : FINDING_HIGH);
		rule_message(ctx, f, "has a console password%s (%s)",
		    mfa ? "" : " without MFA", m->name[c]);
		rule_related(f, c);
		rule_path(f, (const uint32_t[]){ (uint32_t)e }, 1);
		rule_value(ctx, f, "mfa", mfa ? "true" : "false");
		return;
	}
}

/*
 * Report the people that walk r (back from privilege p, which applies
 * to credential c of machine identity i over edges ea and eb) reached.
 */
static void
human_readers(struct finding_ctx *ctx, const struct reach *r, size_t i,
    size_t ea, size_t eb)
{
	const struct model	*m = ctx->m;
	struct finding		*f = NULL;
	uint32_t		*path;
	size_t			 k, h, n, people = 0;

	for (k = r->nstarts; k < r->count; k++) {
		h = r->order[k];
		if (m->kind[h] != KIND_NODE_HUMAN || !rule_live(ctx, h) ||
		    rule_is_agent(ctx, h))
			continue;
		f = rule_add(ctx, i, FINDING_MEDIUM);
		rule_related(f, h);
		people++;
		if (f->npath > 0)
			continue;
		n = reach_depth(r, h);
		path = xreallocarray(NULL, n + 3, sizeof(*path));
		reach_path(r, h, path, n);
		path[n] = (uint32_t)ea;
		path[n + 1] = (uint32_t)eb;
		rule_path(f, path, n + 2);
		free(path);
		if (f->message[0] == '\0')
			rule_message(ctx, f, "%s can read its secret %s",
			    m->name[h], m->name[m->esrc[eb]]);
	}
	if (f != NULL)
		rule_related(f, m->esrc[eb]);
}

/*
 * For privilege p: the credentials of machine identities it applies to,
 * and the people who hold p. Returns 1 when cancelled.
 */
static int
human_privilege(struct finding_ctx *ctx, struct reach *r, size_t p,
    const struct reach_filter *grant)
{
	const struct model	*m = ctx->m;
	size_t			 ea, eb, c, i, f2, c2;
	int			 walked = 0;

	for (ea = m->out_off[p]; ea < m->out_off[p + 1]; ea++) {
		c = m->edst[ea];
		if (m->ekind[ea] != KIND_EDGE_APPLIES_TO || !rule_follows(ctx,
		    ea) || m->kind[c] != KIND_NODE_CREDENTIAL ||
		    !auth_valid(ctx, c))
			continue;
		model_out_kind(m, c, KIND_EDGE_AUTHENTICATES_AS, &f2, &c2);
		for (eb = f2; eb < f2 + c2; eb++) {
			i = m->edst[eb];
			if (!rule_live(ctx, i) || !rule_is_machine(ctx, i))
				continue;
			if (!walked && reach_run(r, p, 1, grant, 0,
			    ctx->cancel) != 0)
				return 1;
			walked = 1;
			human_readers(ctx, r, i, ea, eb);
		}
	}
	return 0;
}

/* 1 for a successful console sign-in in the evidence. */
static int
human_console_event(const struct usage_event *e)
{
	const char	*a = e->action != NULL ? strrchr(e->action, ':') : NULL;

	return e->error_code == NULL && a != NULL &&
	    strcmp(a, ":ConsoleLogin") == 0;
}

/* The message of the evidence, after what the inventory gave. */
static void
human_events_message(struct finding_ctx *ctx, struct finding *f,
    int64_t login, int64_t browser)
{
	char	 date[TSTAMP_BUFSZ];
	char	*old = f->message[0] != '\0' ? xasprintf("%s; ", f->message) :
		    xstrdup("");

	if (login != TSTAMP_UNKNOWN)
		rule_message(ctx, f, "%ssigned in to the console on %s", old,
		    tstamp_format_date(login, date));
	else
		rule_message(ctx, f, "%sused from a web browser on %s", old,
		    tstamp_format_date(browser, date));
	free(old);
}

/* Report the sign-ins and browser use of machine identity v. */
static void
human_events(struct finding_ctx *ctx, const struct usage_index *ix, size_t v)
{
	const struct usage_event *e;
	struct finding		*f = NULL;
	struct strbuf		 records;
	int64_t			 login = TSTAMP_UNKNOWN, browser = TSTAMP_UNKNOWN;
	size_t			 i, logins = 0, browsers = 0, n = 0;
	char			 num[32], *w;

	strbuf_init(&records);
	for (i = ix->off[v]; i < ix->off[v + 1]; i++) {
		e = &ctx->usage->v[ix->ev[i]];
		if (human_console_event(e)) {
			if (logins++ == 0)
				login = e->at;
		} else if (e->error_code == NULL &&
		    usage_browser(e->user_agent)) {
			if (browsers++ == 0)
				browser = e->at;
		} else
			continue;
		if (n++ < 5) {
			w = usage_where(e);
			strbuf_addf(&records, "%s%s", n > 1 ? "; " : "", w);
			free(w);
		}
	}
	if (n > 0) {
		f = rule_add(ctx, v, logins > 0 ? FINDING_HIGH :
		    FINDING_MEDIUM);
		human_events_message(ctx, f, login, browser);
		snprintf(num, sizeof(num), "%zu", logins);
		rule_value(ctx, f, "console_logins", num);
		snprintf(num, sizeof(num), "%zu", browsers);
		rule_value(ctx, f, "browser_events", num);
		rule_value(ctx, f, "records", records.buf);
	}
	strbuf_free(&records);
}

/* The evidence half of human use; returns 1 when cancelled. */
static int
human_evidence(struct finding_ctx *ctx)
{
	const struct model	*m = ctx->m;
	struct usage_index	 ix;
	size_t			 v;
	int			 rc = 0;

	if (ctx->usage == NULL || ctx->usage->n == 0)
		return 0;
	usage_index_build(ctx->usage, m->nnodes, USAGE_BY_ACTOR, &ix);
	for (v = 0; v < m->nnodes; v++) {
		if (rule_poll(ctx, "human use of machine identities")) {
			rc = 1;
			break;
		}
		if (ix.off[v + 1] > ix.off[v] && rule_is_machine(ctx, v) &&
		    m->kind[v] != KIND_NODE_HUMAN)
			human_events(ctx, &ix, v);
	}
	usage_index_free(&ix);
	return rc;
}

static int
human_evaluate(struct finding_ctx *ctx)
{
	const struct model	*m = ctx->m;
	struct reach_filter	 grant = ctx->f;
	struct reach		 r;
	size_t			 v;
	int			 rc = 0;

	grant.kinds &= AUTH_GRANT_KINDS;
	reach_init(&r, m);
	for (v = 0; v < m->nnodes && rc == 0; v++) {
		if (rule_poll(ctx, "human use of machine identities")) {
			rc = 1;
			break;
		}
		if (rule_live(ctx, v) && rule_is_machine(ctx, v) &&
		    m->kind[v] != KIND_NODE_HUMAN)
			human_console(ctx, v);
		if (m->kind[v] == KIND_NODE_PRIVILEGE && rule_live(ctx, v))
			rc = human_privilege(ctx, &r, v, &grant);
	}
	reach_free(&r);
	return rc != 0 ? rc : human_evidence(ctx);
}

/* 1 for the credential types that are static secrets. */
static int
auth_static(const struct finding_ctx *ctx, size_t c)
{
	static const char *const types[] = {
		"access_key", "api_key", "api_token", "key", "secret",
		"client_secret", "token", "password"
	};
	const char	*t = auth_type(ctx, c);
	size_t		 i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (strcmp(t, types[i]) == 0)
			return 1;
	}
	return 0;
}

/* A federates edge into node i from a node a source described, or -1. */
static int64_t
auth_federated(const struct finding_ctx *ctx, size_t i)
{
	const struct model	*m = ctx->m;
	size_t			 first, count, k;

	model_in_kind(m, i, KIND_EDGE_FEDERATES, &first, &count);
	for (k = first; k < first + count; k++) {
		if (!(m->nflags[m->esrc[m->in_edge[k]]] & MODEL_NODE_MISSING))
			return (int64_t)m->in_edge[k];
	}
	return -1;
}

/* The route by which a static credential's identity could federate. */
struct auth_route {
	uint32_t	 path[2];	/* authenticates_as, then can_assume */
	size_t		 npath;
	size_t		 federates;	/* the federates edge */
};

/*
 * 1 when the identity at the end of edge ea, or a role it can assume,
 * trusts a federated issuer; fills *route.
 */
static int
auth_federation(const struct finding_ctx *ctx, size_t ea,
    struct auth_route *route)
{
	const struct model	*m = ctx->m;
	size_t			 i = m->edst[ea], first, count, e;
	int64_t			 fe;

	route->path[0] = (uint32_t)ea;
	route->npath = 1;
	if ((fe = auth_federated(ctx, i)) >= 0) {
		route->federates = (size_t)fe;
		return 1;
	}
	model_out_kind(m, i, KIND_EDGE_CAN_ASSUME, &first, &count);
	for (e = first; e < first + count; e++) {
		if (!rule_follows(ctx, e) ||
		    (fe = auth_federated(ctx, m->edst[e])) < 0)
			continue;
		route->path[1] = (uint32_t)e;
		route->npath = 2;
		route->federates = (size_t)fe;
		return 1;
	}
	return 0;
}

/* Static credential c: report it when federation is available. */
static void
insecure_static(struct finding_ctx *ctx, size_t c)
{
	const struct model	*m = ctx->m;
	struct auth_route	 route;
	struct finding		*f;
	size_t			 first, count, e, issuer;

	model_out_kind(m, c, KIND_EDGE_AUTHENTICATES_AS, &first, &count);
	for (e = first; e < first + count; e++) {
		if (!auth_federation(ctx, e, &route))
			continue;
		issuer = m->esrc[route.federates];
		f = rule_add(ctx, c, ctx->rule->severity);
		rule_message(ctx, f, "static %s for %s, which could use "
		    "federation from %s instead", auth_type(ctx, c),
		    m->name[m->edst[e]], m->name[issuer]);
		rule_value(ctx, f, "reason", "static key where federation is "
		    "available");
		rule_path(f, route.path, route.npath);
		rule_edge(f, route.federates);
		rule_related(f, issuer);
		return;
	}
}

/* Legacy token Secrets and passwords on service principals. */
static void
insecure_kind(struct finding_ctx *ctx, size_t c)
{
	const struct model	*m = ctx->m;
	struct finding		*f;
	const char		*t = auth_type(ctx, c);
	size_t			 first, count, e;

	if (strcmp(t, "service_account_token") == 0 || rule_attr_has(ctx,
	    RULE_ATTR_SECRET_TYPE, c, "kubernetes.io/service-account-token")) {
		f = rule_add(ctx, c, ctx->rule->severity);
		rule_message(ctx, f, "legacy service account token Secret: it "
		    "never expires and any pod that can read it can use it");
		rule_value(ctx, f, "reason", "legacy token Secret");
		return;
	}
	if (strcmp(t, "password") != 0 && strcmp(t, "client_secret") != 0)
		return;
	model_out_kind(m, c, KIND_EDGE_AUTHENTICATES_AS, &first, &count);
	for (e = first; e < first + count; e++) {
		if (!auth_kind_ends(ctx, m->edst[e], "ServicePrincipal") &&
		    strncmp(m->key[m->edst[e]], "entra:sp:", 9) != 0)
			continue;
		f = rule_add(ctx, c, ctx->rule->severity);
		rule_message(ctx, f, "%s on service principal %s; use a "
		    "certificate or federation", t, m->name[m->edst[e]]);
		rule_value(ctx, f, "reason", "password on a service principal");
		rule_path(f, (const uint32_t[]){ (uint32_t)e }, 1);
		return;
	}
}

static int
insecure_evaluate(struct finding_ctx *ctx)
{
	const struct model	*m = ctx->m;
	size_t			 v;

	for (v = 0; v < m->nnodes; v++) {
		if (rule_poll(ctx, "insecure authentication"))
			return 1;
		if (m->kind[v] != KIND_NODE_CREDENTIAL || !auth_valid(ctx, v))
			continue;
		insecure_kind(ctx, v);
		if (ctx->index[v] == 0 && auth_static(ctx, v) &&
		    !auth_console_password(ctx, v))
			insecure_static(ctx, v);
	}
	return 0;
}

/* 2 for an anonymous principal, 1 for all signed-in users, else 0. */
static int
public_principal(const struct finding_ctx *ctx, size_t v)
{
	static const char *const anonymous[] = {
		"system:unauthenticated", "system:anonymous", "allUsers", "*",
		"anonymous"
	};
	static const char *const everyone[] = {
		"system:authenticated", "allAuthenticatedUsers"
	};
	const char	*name = ctx->m->name[v], *key = ctx->m->key[v];
	const char	*tail = strrchr(key, ':');
	size_t		 i;

	tail = tail != NULL ? tail + 1 : key;
	if (rule_attr_true(ctx, RULE_ATTR_ANONYMOUS, v))
		return 2;
	for (i = 0; i < sizeof(anonymous) / sizeof(anonymous[0]); i++) {
		if (strcmp(name, anonymous[i]) == 0 ||
		    strcmp(tail, anonymous[i]) == 0)
			return 2;
	}
	if (rule_attr_true(ctx, RULE_ATTR_EVERYONE, v))
		return 1;
	for (i = 0; i < sizeof(everyone) / sizeof(everyone[0]); i++) {
		if (strcmp(name, everyone[i]) == 0 ||
		    strcmp(tail, everyone[i]) == 0)
			return 1;
	}
	return 0;
}

/*
 * The severity of a public grant to t, raised to critical when t reaches
 * an admin-equivalent or escalation node or a crown jewel; the systems
 * t reaches become evidence.
 */
static enum finding_severity
public_reach(struct finding_ctx *ctx, struct reach *r, struct finding *f,
    size_t t, enum finding_severity sev)
{
	const struct model	*m = ctx->m;
	size_t			 k, u;

	if (reach_run(r, t, 0, &ctx->f, 0, ctx->cancel) != 0)
		return sev;
	for (k = 0; k < r->count; k++) {
		u = r->order[k];
		if ((m->nflags[u] & (MODEL_NODE_ADMIN |
		    MODEL_NODE_ESCALATION)) ||
		    scenario_is_tier_zero(ctx->sc, u))
			sev = FINDING_CRITICAL;
		if (m->kind[u] == KIND_NODE_SYSTEM)
			rule_related(f, u);
	}
	return sev;
}

/* Report each grant edge out of public principal p. */
static int
public_grants(struct finding_ctx *ctx, struct reach *r, size_t p, int level)
{
	const struct model	*m = ctx->m;
	struct finding		*f;
	size_t			 e, t;

	for (e = m->out_off[p]; e < m->out_off[p + 1]; e++) {
		t = m->edst[e];
		if (!((AUTH_GRANT_KINDS >> m->ekind[e]) & 1) ||
		    !rule_follows(ctx, e) || public_principal(ctx, t) != 0)
			continue;
		f = rule_add(ctx, t, level == 2 ? FINDING_HIGH :
		    FINDING_MEDIUM);
		rule_message(ctx, f, "granted to %s, %s", m->name[p],
		    level == 2 ? "anyone, without signing in" :
		    "every signed-in user");
		rule_related(f, p);
		rule_path(f, (const uint32_t[]){ (uint32_t)e }, 1);
		rule_value(ctx, f, "principal", m->name[p]);
		f = rule_add(ctx, t, public_reach(ctx, r, f, t, f->severity));
		if (r->cancelled)
			return 1;
	}
	return 0;
}

static int
public_evaluate(struct finding_ctx *ctx)
{
	const struct model	*m = ctx->m;
	struct reach		 r;
	size_t			 v;
	int			 level, rc = 0;

	reach_init(&r, m);
	for (v = 0; v < m->nnodes && rc == 0; v++) {
		if (rule_poll(ctx, "public access")) {
			rc = 1;
			break;
		}
		if ((level = public_principal(ctx, v)) != 0)
			rc = public_grants(ctx, &r, v, level);
	}
	reach_free(&r);
	return rc;
}

const struct finding_rule rule_human_use = {
	.id = "human-use",
	.title = "Human use of a machine identity",
	.severity = FINDING_HIGH,
	.summary = "A machine identity has an active console password (high "
	    "without MFA, else medium), or people hold a privilege that "
	    "applies to one of its credentials, so they can read its secret "
	    "(medium), or the usage evidence shows it signing in to a "
	    "console (high) or calling from a web browser (medium).",
	.rationale = "When people sign in as a machine identity, the logs "
	    "can no longer tell a person from a workload, the person gets "
	    "rights meant for automation, and leaving the company does not "
	    "end their access.",
	.fix = "Remove the console password; give people their own accounts "
	    "with their own rights, and narrow who can read the secret to "
	    "the workload that uses it.",
	.owasp = (const char *const[]){ "NHI10:2025 Human Use of NHI", NULL },
	.nist_csf = (const char *const[]){ "PR.AA-01", "PR.AA-05", NULL },
	.evaluate = human_evaluate,
};

const struct finding_rule rule_insecure_authentication = {
	.id = "insecure-authentication",
	.title = "Insecure authentication",
	.severity = FINDING_MEDIUM,
	.summary = "An active static credential (access key, API key, "
	    "password, ...) authenticates as an identity that, or whose "
	    "assumable role, already trusts a federated issuer; or a legacy "
	    "service account token Secret; or a password or client secret "
	    "on a service principal.",
	.rationale = "Static secrets can be copied and replayed from "
	    "anywhere until someone rotates them; federation and workload "
	    "identity issue short-lived tokens bound to the caller. Legacy "
	    "token Secrets never expire.",
	.fix = "Move the workload to the federation that is already there "
	    "(OIDC, workload identity), use projected service account "
	    "tokens, and give service principals certificates or federated "
	    "credentials.",
	.owasp = (const char *const[]){ "NHI4:2025 Insecure Authentication",
	    NULL },
	.nist_csf = (const char *const[]){ "PR.AA-03", NULL },
	.evaluate = insecure_evaluate,
};

const struct finding_rule rule_public_access = {
	.id = "public-access",
	.title = "Anonymous or public access",
	.severity = FINDING_HIGH,
	.summary = "A role, group or privilege is granted to an anonymous "
	    "principal (system:unauthenticated, system:anonymous, allUsers, "
	    "*; high) or to every signed-in user (system:authenticated, "
	    "allAuthenticatedUsers; medium). Critical when what it grants "
	    "reaches an admin-equivalent node or a crown jewel.",
	.rationale = "A grant to everyone needs no stolen credential at all: "
	    "whatever it allows is open to the internet, or to every "
	    "account of the platform.",
	.fix = "Remove the binding, or grant the role to the identities "
	    "that need it.",
	.owasp = (const char *const[]){
	    "NHI6:2025 Insecure Cloud Deployment Configurations", NULL },
	.nist_csf = (const char *const[]){ "PR.AA-03", "PR.AA-05", NULL },
	.evaluate = public_evaluate,
};
