/*
 * The rules that judge grants against usage evidence. Granted-unused
 * finds roles and privileges an identity holds but never exercised in
 * the evidence window. Unusual use finds a credential used, in the
 * detection window at the end of the evidence, from a source address,
 * user agent, identity or environment it did not use in the baseline
 * window before. Both read the events of the view once (usage.h).
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "envmap.h"
#include "hmap.h"
#include "join.h"
#include "lifecycle.h"
#include "model.h"
#include "rule.h"
#include "strbuf.h"
#include "tstamp.h"
#include "usage.h"
#include "xalloc.h"

/* The grant edges through which an identity holds roles and privileges. */
#define UNUSED_KINDS	((1u << KIND_EDGE_HAS_ROLE) | \
			    (1u << KIND_EDGE_HAS_POLICY) | \
			    (1u << KIND_EDGE_MEMBER_OF) | \
			    (1u << KIND_EDGE_CAN_ASSUME) | \
			    (1u << KIND_EDGE_GRANTS))

/* The records a finding lists before "and N more". */
#define USAGE_MAX_RECORDS	5

/* The state of granted-unused over all its subjects. */
struct unused {
	struct finding_ctx	*ctx;
	struct reach_filter	 grant;
	struct reach		 r;
	struct usage_index	 by_actor;
	struct hmap		*domains;	/* domains with evidence */
	uint32_t		*used;		/* per node: stamp when used */
	uint32_t		 stamp;
};

/* 1 for the identities whose grants the rule judges. */
static int
unused_subject(const struct finding_ctx *ctx, size_t v)
{
	switch (ctx->m->kind[v]) {
	case KIND_NODE_SERVICE_ACCOUNT:
	case KIND_NODE_WORKLOAD:
	case KIND_NODE_OAUTH_APP:
	case KIND_NODE_ROLE:
		return rule_live(ctx, v);
	default:
		return 0;
	}
}

/* The action pattern of an allow privilege, or NULL. */
static const char *
unused_action(const struct finding_ctx *ctx, size_t p)
{
	if (strncmp(ctx->m->key[p], "aws:priv:deny:", 14) == 0)
		return NULL;
	return rule_attr(ctx, RULE_ATTR_ACTION, p);
}

/* Mark what the events of actor a exercised among the nodes reached. */
static void
unused_mark_actor(struct unused *u, size_t a)
{
	const struct usage	*ev = u->ctx->usage;
	const struct model	*m = u->ctx->m;
	const struct usage_event *e;
	const char		*pat;
	size_t			 i, k, p;

	for (i = u->by_actor.off[a]; i < u->by_actor.off[a + 1]; i++) {
		e = &ev->v[u->by_actor.ev[i]];
		if (e->error_code != NULL)
			continue;
		if (e->kind == KIND_EDGE_ASSUMED && e->target != USAGE_NONE)
			u->used[e->target] = u->stamp;
		if (e->action == NULL)
			continue;
		for (k = 0; k < u->r.count; k++) {
			p = u->r.order[k];
			if (m->kind[p] == KIND_NODE_PRIVILEGE &&
			    u->used[p] != u->stamp &&
			    (pat = unused_action(u->ctx, p)) != NULL &&
			    join_glob(pat, e->action, 1))
				u->used[p] = u->stamp;
		}
	}
}

/* 1 when the evidence covers the account or cluster of node v. */
static int
unused_covered(const struct unused *u, size_t v)
{
	char		 dom[160];
	uint64_t	 x;

	usage_domain(u->ctx->m, v, dom, sizeof(dom));
	return hmap_get(u->domains, dom, strlen(dom), &x);
}

/*
 * 1 when node p is a role or privilege the rule can call unused: one in
 * an account or cluster the evidence covers, which no event used.
 */
static int
unused_judged(struct unused *u, size_t p, size_t subject)
{
	const struct model	*m = u->ctx->m;

	if (p == subject || u->used[p] == u->stamp)
		return 0;
	if (m->kind[p] != KIND_NODE_ROLE && (m->kind[p] !=
	    KIND_NODE_PRIVILEGE || unused_action(u->ctx, p) == NULL))
		return 0;
	return unused_covered(u, p);
}

/* Report the roles and privileges of subject v that no event used. */
static void
unused_report(struct unused *u, size_t v)
{
	struct finding_ctx	*ctx = u->ctx;
	const struct model	*m = ctx->m;
	struct finding		*f = NULL;
	struct strbuf		 names;
	char			 a[TSTAMP_BUFSZ], b[TSTAMP_BUFSZ], num[32];
	size_t			 k, p, roles = 0, privs = 0, shown = 0;

	strbuf_init(&names);
	for (k = 1; k < u->r.count; k++) {
		p = u->r.order[k];
		if (!unused_judged(u, p, v))
			continue;
		if (f == NULL)
			f = rule_add(ctx, v, ctx->rule->severity);
		rule_related(f, p);
		if (m->kind[p] == KIND_NODE_ROLE)
			roles++;
		else
			privs++;
		if (shown++ < 3)
			strbuf_addf(&names, "%s%s", shown > 1 ? ", " : "",
			    m->name[p]);
	}
	if (f != NULL) {
		if (shown > 3)
			strbuf_addf(&names, " and %zu more", shown - 3);
		rule_message(ctx, f, "%s never used between %s and %s: %s",
		    roles == 0 ? (privs == 1 ? "1 privilege" : "privileges") :
		    privs == 0 ? (roles == 1 ? "1 role" : "roles") :
		    "roles and privileges",
		    tstamp_format_date(ctx->usage->first, a),
		    tstamp_format_date(ctx->usage->last, b), names.buf);
		rule_time(ctx, f, "window_first", ctx->usage->first);
		rule_time(ctx, f, "window_last", ctx->usage->last);
		snprintf(num, sizeof(num), "%zu", roles);
		rule_value(ctx, f, "unused_roles", num);
		snprintf(num, sizeof(num), "%zu", privs);
		rule_value(ctx, f, "unused_privileges", num);
	}
	strbuf_free(&names);
}

/* Judge subject v; returns 1 when cancelled. */
static int
unused_one(struct unused *u, size_t v)
{
	const struct model	*m = u->ctx->m;
	size_t			 k;

	if (!unused_covered(u, v))
		return 0;	/* no evidence covers its system */
	if (reach_run(&u->r, v, 0, &u->grant, 0, u->ctx->cancel) != 0)
		return 1;
	if (++u->stamp == 0) {
		memset(u->used, 0, (m->nnodes + 1) * sizeof(*u->used));
		u->stamp = 1;
	}
	for (k = 0; k < u->r.count; k++)
		unused_mark_actor(u, u->r.order[k]);
	unused_report(u, v);
	return 0;
}

/* Note the domain of every actor and target of the evidence. */
static void
unused_domains(struct unused *u)
{
	const struct usage	*ev = u->ctx->usage;
	char			 dom[160];
	size_t			 i;

	for (i = 0; i < ev->n; i++) {
		if (ev->v[i].actor != USAGE_NONE) {
			usage_domain(u->ctx->m, ev->v[i].actor, dom,
			    sizeof(dom));
			hmap_put(u->domains, dom, strlen(dom), 1);
		}
	}
}

static int
unused_evaluate(struct finding_ctx *ctx)
{
	const struct model	*m = ctx->m;
	struct unused		 u;
	size_t			 v;
	int			 rc = 0;

	if (ctx->usage == NULL || ctx->usage->n == 0)
		return 0;
	memset(&u, 0, sizeof(u));
	u.ctx = ctx;
	u.grant = ctx->f;
	u.grant.kinds &= UNUSED_KINDS;
	u.domains = hmap_create(16);
	u.used = xcalloc(m->nnodes + 1, sizeof(*u.used));
	usage_index_build(ctx->usage, m->nnodes, USAGE_BY_ACTOR, &u.by_actor);
	unused_domains(&u);
	reach_init(&u.r, m);
	for (v = 0; v < m->nnodes && rc == 0; v++) {
		if (rule_poll(ctx, "granted but unused")) {
			rc = 1;
			break;
		}
		if (unused_subject(ctx, v))
			rc = unused_one(&u, v);
	}
	reach_free(&u.r);
	usage_index_free(&u.by_actor);
	hmap_free(u.domains);
	free(u.used);
	return rc;
}

/* The dimensions unusual use compares. */
enum unusual_dim {
	UNUSUAL_SOURCE_IP,
	UNUSUAL_USER_AGENT,
	UNUSUAL_IDENTITY,
	UNUSUAL_ENVIRONMENT,
	UNUSUAL_NDIMS
};

static const char *const unusual_names[UNUSUAL_NDIMS] = {
	"new_source_ip", "new_user_agent", "new_identity", "new_environment"
};

static const char *const unusual_words[UNUSUAL_NDIMS] = {
	"source address", "user agent", "identity", "environment"
};

/* The state of unusual use for one subject. */
struct unusual {
	struct finding_ctx	*ctx;
	struct hmap		*seen;		/* "dim:value" in the baseline */
	struct hmap		*news;		/* "dim:value" reported */
	struct strbuf		 values[UNUSUAL_NDIMS];
	struct strbuf		 records;
	size_t			 nrecords;
	int64_t			 first_new;
};

/* The value of dimension d of event e into buf, or NULL. */
static const char *
unusual_value(struct unusual *un, const struct usage_event *e,
    enum unusual_dim d, uint32_t subject, char *buf, size_t len)
{
	const struct model	*m = un->ctx->m;
	const char		*s;

	switch (d) {
	case UNUSUAL_SOURCE_IP:
		return e->source_ip;
	case UNUSUAL_USER_AGENT:
		if (e->user_agent == NULL)
			return NULL;
		return usage_agent(e->user_agent, buf, len);
	case UNUSUAL_IDENTITY:
		if (subject == e->actor || e->actor == USAGE_NONE)
			return NULL;
		return m->key[e->actor];
	case UNUSUAL_ENVIRONMENT:
		if (e->target == USAGE_NONE)
			return NULL;
		if ((s = envmap_name(un->ctx->env, e->target)) != NULL)
			return s;
		if (e->kind != KIND_EDGE_ASSUMED)
			return NULL;
		return usage_domain(m, e->target, buf, len);
	default:
		return NULL;
	}
}

/* The map key of a value of dimension d, allocated. */
static char *
unusual_key(enum unusual_dim d, const char *value)
{
	return xasprintf("%d:%s", (int)d, value);
}

/* Note the values of a baseline event. */
static void
unusual_learn(struct unusual *un, const struct usage_event *e, uint32_t s)
{
	const char	*val;
	char		 buf[160], *k;
	int		 d;

	for (d = 0; d < UNUSUAL_NDIMS; d++) {
		if ((val = unusual_value(un, e, d, s, buf, sizeof(buf))) ==
		    NULL || *val == '\0')
			continue;
		k = unusual_key(d, val);
		hmap_put(un->seen, k, strlen(k), 1);
		free(k);
	}
}

/* Compare a detection event with the baseline; 1 when it is unusual. */
static int
unusual_check(struct unusual *un, const struct usage_event *e, uint32_t s)
{
	const char	*val;
	char		 buf[160], *k;
	uint64_t	 x;
	int		 d, unusual = 0;

	for (d = 0; d < UNUSUAL_NDIMS; d++) {
		if ((val = unusual_value(un, e, d, s, buf, sizeof(buf))) ==
		    NULL || *val == '\0')
			continue;
		k = unusual_key(d, val);
		if (!hmap_get(un->seen, k, strlen(k), &x)) {
			unusual = 1;
			if (!hmap_get(un->news, k, strlen(k), &x)) {
				hmap_put(un->news, k, strlen(k), 1);
				strbuf_addf(&un->values[d], "%s%s",
				    un->values[d].len > 0 ? ", " : "", val);
			}
		}
		free(k);
	}
	return unusual;
}

/* Note the record of an unusual event. */
static void
unusual_record(struct unusual *un, const struct usage_event *e)
{
	char	*w;

	if (un->nrecords == 0)
		un->first_new = e->at;
	if (un->nrecords++ >= USAGE_MAX_RECORDS)
		return;
	w = usage_where(e);
	strbuf_addf(&un->records, "%s%s", un->records.len > 0 ? "; " : "", w);
	free(w);
}

/* Report subject s with what its unusual events showed. */
static void
unusual_report(struct unusual *un, size_t s, int64_t base, int64_t det)
{
	struct finding_ctx	*ctx = un->ctx;
	struct finding		*f;
	struct strbuf		 what;
	char			 a[TSTAMP_BUFSZ], b[TSTAMP_BUFSZ];
	char			 c[TSTAMP_BUFSZ];
	int			 d;

	strbuf_init(&what);
	f = rule_add(ctx, s, ctx->rule->severity);
	for (d = 0; d < UNUSUAL_NDIMS; d++) {
		if (un->values[d].len == 0)
			continue;
		strbuf_addf(&what, "%snew %s %s", what.len > 0 ? ", " : "",
		    unusual_words[d], un->values[d].buf);
		rule_value(ctx, f, unusual_names[d], un->values[d].buf);
	}
	if (un->nrecords > USAGE_MAX_RECORDS)
		strbuf_addf(&un->records, "; and %zu more",
		    un->nrecords - USAGE_MAX_RECORDS);
	rule_message(ctx, f, "used with %s on %s, not seen from %s to %s",
	    what.buf, tstamp_format_date(un->first_new, a),
	    tstamp_format_date(base, b), tstamp_format_date(det, c));
	rule_time(ctx, f, "baseline_from", base);
	rule_time(ctx, f, "detection_from", det);
	rule_value(ctx, f, "records", un->records.buf);
	strbuf_free(&what);
}

/* Judge the events of subject s; base and det start the windows. */
static void
unusual_one(struct unusual *un, const struct usage_index *ix, size_t s,
    int64_t base, int64_t det)
{
	const struct usage	*ev = un->ctx->usage;
	const struct usage_event *e;
	size_t			 i, learned = 0;
	int			 d;

	un->seen = hmap_create(16);
	un->news = hmap_create(16);
	for (d = 0; d < UNUSUAL_NDIMS; d++)
		strbuf_init(&un->values[d]);
	strbuf_init(&un->records);
	un->nrecords = 0;
	for (i = ix->off[s]; i < ix->off[s + 1]; i++) {
		e = &ev->v[ix->ev[i]];
		if (e->at >= base && e->at < det) {
			unusual_learn(un, e, (uint32_t)s);
			learned++;
		} else if (e->at >= det && learned > 0 &&
		    unusual_check(un, e, (uint32_t)s))
			unusual_record(un, e);
	}
	if (un->nrecords > 0)
		unusual_report(un, s, base, det);
	for (d = 0; d < UNUSUAL_NDIMS; d++)
		strbuf_free(&un->values[d]);
	strbuf_free(&un->records);
	hmap_free(un->seen);
	hmap_free(un->news);
}

static int
unusual_evaluate(struct finding_ctx *ctx)
{
	const struct model	*m = ctx->m;
	struct usage_index	 ix;
	struct unusual		 un;
	int64_t			 base, det;
	size_t			 v;
	int			 rc = 0;

	if (ctx->usage == NULL || ctx->usage->n == 0)
		return 0;
	det = ctx->usage->last - config_duration(ctx->cfg, "findings",
	    "usage_recent");
	base = det - config_duration(ctx->cfg, "findings", "usage_baseline");
	memset(&un, 0, sizeof(un));
	un.ctx = ctx;
	usage_index_build(ctx->usage, m->nnodes, USAGE_BY_SUBJECT, &ix);
	for (v = 0; v < m->nnodes; v++) {
		if (rule_poll(ctx, "unusual use")) {
			rc = 1;
			break;
		}
		if (ix.off[v + 1] > ix.off[v])
			unusual_one(&un, &ix, v, base, det);
	}
	usage_index_free(&ix);
	return rc;
}

const struct finding_rule rule_granted_unused = {
	.id = "granted-unused",
	.title = "Granted but unused",
	.severity = FINDING_LOW,
	.summary = "A service account, workload, app or role holds roles or "
	    "privileges, through grant edges, that no event of the usage "
	    "evidence exercised in the evidence window. Judged only where "
	    "the evidence covers the identity's account or cluster.",
	.rationale = "Rights that are never used only add to what a stolen "
	    "credential can do. The evidence shows what the workload needs; "
	    "the rest can go.",
	.fix = "Remove the unused role assumptions and narrow the policies to "
	    "the actions the evidence shows, after checking that the window "
	    "covers rare jobs (quarterly reports, disaster recovery).",
	.owasp = (const char *const[]){ "NHI5:2025 Overprivileged NHI", NULL },
	.nist_csf = (const char *const[]){ "PR.AA-05", "ID.AM-08", NULL },
	.evaluate = unused_evaluate,
};

const struct finding_rule rule_unusual_use = {
	.id = "unusual-use",
	.title = "Unusual use",
	.severity = FINDING_MEDIUM,
	.summary = "In the detection window at the end of the evidence "
	    "(usage_recent, 7 days), a credential (or an identity whose "
	    "credential the log does not name) is used from a source "
	    "address, user agent, identity or environment that none of its "
	    "events in the baseline window before it (usage_baseline, 30 "
	    "days) showed.",
	.rationale = "A copied key works from anywhere. A new address, a new "
	    "tool or a first step into another environment is often the "
	    "only trace that someone else holds the credential.",
	.fix = "Ask the owner whether the use was theirs; if not, deactivate "
	    "the credential, rotate it and look for what it did.",
	.owasp = (const char *const[]){ "NHI2:2025 Secret Leakage",
	    "NHI7:2025 Long-Lived Secrets", NULL },
	.nist_csf = (const char *const[]){ "DE.CM-03", "DE.AE-02", NULL },
	.config = (const char *const[]){ "findings.usage_baseline",
	    "findings.usage_recent", "environments", NULL },
	.evaluate = unusual_evaluate,
};
