/*
 * The rules that read what the usage evidence saw happen, whatever the
 * grants say. Observed crossing finds an actor of one environment that
 * called or assumed into another. Lateral movement finds chains of role
 * assumptions, two hops or more, that cross an account or cluster
 * boundary. Both cite the log records.
 */
#include <stdlib.h>
#include <string.h>

#include "envmap.h"
#include "model.h"
#include "rule.h"
#include "strbuf.h"
#include "tstamp.h"
#include "usage.h"
#include "xalloc.h"

/* The records a finding lists before "and N more". */
#define OBSERVED_MAX_RECORDS	5

/* The longest chain of assumptions lateral movement follows. */
#define LATERAL_MAX_HOPS	8

/* The observed edge of kind from a to b, or -1. */
static int64_t
observed_edge(const struct model *m, size_t a, size_t b, enum kind_edge k)
{
	size_t	 first, count, e;

	model_out_kind(m, a, k, &first, &count);
	for (e = first; e < first + count; e++) {
		if (m->edst[e] == (uint32_t)b)
			return (int64_t)e;
	}
	return -1;
}

/* Append the record of event e to a "; "-joined list of at most n. */
static void
observed_record(struct strbuf *sb, size_t *n, const struct usage_event *e)
{
	char	*w;

	if ((*n)++ >= OBSERVED_MAX_RECORDS)
		return;
	w = usage_where(e);
	strbuf_addf(sb, "%s%s", sb->len > 0 ? "; " : "", w);
	free(w);
}

/* 1 when event e crosses environments; sets *a and *t to them. */
static int
crossing_event(const struct finding_ctx *ctx, const struct usage_event *e,
    const char **a, const char **t)
{
	if (e->error_code != NULL || e->actor == USAGE_NONE ||
	    e->target == USAGE_NONE || e->kind == KIND_EDGE_USED)
		return 0;
	*a = envmap_name(ctx->env, e->actor);
	*t = envmap_name(ctx->env, e->target);
	return *a != NULL && *t != NULL && strcmp(*a, *t) != 0;
}

/* Add crossing event e to the finding of its actor. */
static void
crossing_add(struct finding_ctx *ctx, const struct usage_event *e,
    const char *a, const char *t)
{
	const struct model	*m = ctx->m;
	struct finding		*f;
	char			 date[TSTAMP_BUFSZ];
	int64_t			 edge;
	int			 prod;

	prod = envmap_production(ctx->env, e->target) &&
	    !envmap_production(ctx->env, e->actor);
	f = rule_add(ctx, e->actor, prod ? FINDING_HIGH : FINDING_MEDIUM);
	if (f->message[0] == '\0') {
		rule_message(ctx, f, "in %s, observed %s %s in %s on %s", a,
		    e->kind == KIND_EDGE_ASSUMED ? "assuming" : "calling",
		    m->name[e->target], t, tstamp_format_date(e->at, date));
		rule_value(ctx, f, "environment", a);
		rule_value(ctx, f, "reached_environment", t);
	}
	rule_related(f, e->target);
	if ((edge = observed_edge(m, e->actor, e->target, e->kind)) >= 0)
		rule_edge(f, (size_t)edge);
}

/* Judge the events of actor v; one finding lists all their records. */
static void
crossing_actor(struct finding_ctx *ctx, const struct usage_index *ix,
    size_t v)
{
	const struct usage_event *e;
	struct strbuf		 records;
	const char		*a, *t;
	size_t			 i, n = 0;
	char			 num[32];

	strbuf_init(&records);
	for (i = ix->off[v]; i < ix->off[v + 1]; i++) {
		e = &ctx->usage->v[ix->ev[i]];
		if (!crossing_event(ctx, e, &a, &t))
			continue;
		crossing_add(ctx, e, a, t);
		observed_record(&records, &n, e);
	}
	if (n > 0) {
		if (n > OBSERVED_MAX_RECORDS)
			strbuf_addf(&records, "; and %zu more",
			    n - OBSERVED_MAX_RECORDS);
		snprintf(num, sizeof(num), "%zu", n);
		rule_value(ctx, rule_add(ctx, v, FINDING_INFO), "events", num);
		rule_value(ctx, rule_add(ctx, v, FINDING_INFO), "records",
		    records.buf);
	}
	strbuf_free(&records);
}

static int
crossing_evaluate(struct finding_ctx *ctx)
{
	const struct model	*m = ctx->m;
	struct usage_index	 ix;
	size_t			 v;
	int			 rc = 0;

	if (ctx->usage == NULL || ctx->usage->n == 0)
		return 0;
	usage_index_build(ctx->usage, m->nnodes, USAGE_BY_ACTOR, &ix);
	for (v = 0; v < m->nnodes; v++) {
		if (rule_poll(ctx, "observed environment crossings")) {
			rc = 1;
			break;
		}
		if (ix.off[v + 1] > ix.off[v])
			crossing_actor(ctx, &ix, v);
	}
	usage_index_free(&ix);
	return rc;
}

/* The search for the longest crossing chain from one head. */
struct lateral {
	struct finding_ctx	*ctx;
	struct usage_index	 ix;
	uint8_t			*on;		/* per node: on the chain */
	uint32_t		 ev[LATERAL_MAX_HOPS];	/* the chain */
	size_t			 n;
	uint32_t		 best[LATERAL_MAX_HOPS];
	size_t			 nbest;
	size_t			 budget;	/* steps left for this head */
};

/* 1 for a successful assumption between two known nodes. */
static int
lateral_hop(const struct usage_event *e)
{
	return e->kind == KIND_EDGE_ASSUMED && e->error_code == NULL &&
	    e->actor != USAGE_NONE && e->target != USAGE_NONE &&
	    e->actor != e->target;
}

/* 1 when the chain ev[0..n) crosses an account or cluster boundary. */
static int
lateral_crosses(const struct lateral *l, const uint32_t *ev, size_t n)
{
	const struct model	*m = l->ctx->m;
	const struct usage	*u = l->ctx->usage;
	char			 a[160], b[160];
	size_t			 i;

	for (i = 0; i < n; i++) {
		usage_domain(m, u->v[ev[i]].actor, a, sizeof(a));
		usage_domain(m, u->v[ev[i]].target, b, sizeof(b));
		if (strcmp(a, b) != 0)
			return 1;
	}
	return 0;
}

/* Extend the chain from node v with hops at or after time t. */
static void
lateral_walk(struct lateral *l, size_t v, int64_t t)
{
	const struct usage	*u = l->ctx->usage;
	const struct usage_event *e;
	size_t			 i, j;
	int			 again;

	for (i = l->ix.off[v]; i < l->ix.off[v + 1] && l->budget > 0; i++) {
		e = &u->v[l->ix.ev[i]];
		if (!lateral_hop(e) || e->at < t || l->on[e->target])
			continue;
		/* Follow each target once, by its first hop in time. */
		for (j = l->ix.off[v], again = 0; j < i && !again; j++)
			again = lateral_hop(&u->v[l->ix.ev[j]]) &&
			    u->v[l->ix.ev[j]].target == e->target &&
			    u->v[l->ix.ev[j]].at >= t;
		if (again)
			continue;
		l->budget--;
		l->ev[l->n++] = l->ix.ev[i];
		l->on[e->target] = 1;
		if (l->n >= 2 && l->n > l->nbest &&
		    lateral_crosses(l, l->ev, l->n)) {
			memcpy(l->best, l->ev, l->n * sizeof(*l->ev));
			l->nbest = l->n;
		}
		if (l->n < LATERAL_MAX_HOPS)
			lateral_walk(l, e->target, e->at);
		l->on[e->target] = 0;
		l->n--;
	}
}

/* Report the best chain from head v. */
static void
lateral_report(struct lateral *l, size_t v)
{
	struct finding_ctx	*ctx = l->ctx;
	const struct model	*m = ctx->m;
	const struct usage_event *e;
	struct finding		*f;
	struct strbuf		 names, records, domains;
	uint32_t		 path[LATERAL_MAX_HOPS];
	char			 dom[160], num[32];
	size_t			 i, nrec = 0, npath = 0;
	int64_t			 edge;

	strbuf_init(&names);
	strbuf_init(&records);
	strbuf_init(&domains);
	f = rule_add(ctx, v, ctx->rule->severity);
	strbuf_addstr(&names, m->name[v]);
	strbuf_addstr(&domains, usage_domain(m, v, dom, sizeof(dom)));
	for (i = 0; i < l->nbest; i++) {
		e = &ctx->usage->v[l->best[i]];
		strbuf_addf(&names, " > %s", m->name[e->target]);
		usage_domain(m, e->target, dom, sizeof(dom));
		if (strstr(domains.buf, dom) == NULL)
			strbuf_addf(&domains, ", %s", dom);
		rule_related(f, e->target);
		observed_record(&records, &nrec, e);
		edge = observed_edge(m, e->actor, e->target, KIND_EDGE_ASSUMED);
		if (edge >= 0)
			path[npath++] = (uint32_t)edge;
	}
	if (npath == l->nbest)
		rule_path(f, path, npath);
	rule_message(ctx, f, "observed assuming %zu roles in a row across "
	    "%s: %s", l->nbest, domains.buf, names.buf);
	snprintf(num, sizeof(num), "%zu", l->nbest);
	rule_value(ctx, f, "hops", num);
	rule_value(ctx, f, "domains", domains.buf);
	rule_value(ctx, f, "records", records.buf);
	strbuf_free(&names);
	strbuf_free(&records);
	strbuf_free(&domains);
}

/* Mark the nodes some successful assumption reached. */
static uint8_t *
lateral_assumed(const struct finding_ctx *ctx)
{
	const struct usage	*u = ctx->usage;
	uint8_t			*in = xcalloc(ctx->m->nnodes + 1, 1);
	size_t			 i;

	for (i = 0; i < u->n; i++) {
		if (lateral_hop(&u->v[i]))
			in[u->v[i].target] = 1;
	}
	return in;
}

static int
lateral_evaluate(struct finding_ctx *ctx)
{
	const struct model	*m = ctx->m;
	struct lateral		 l;
	uint8_t			*in;
	size_t			 v;
	int			 rc = 0;

	if (ctx->usage == NULL || ctx->usage->n == 0)
		return 0;
	memset(&l, 0, sizeof(l));
	l.ctx = ctx;
	l.on = xcalloc(m->nnodes + 1, 1);
	in = lateral_assumed(ctx);
	usage_index_build(ctx->usage, m->nnodes, USAGE_BY_ACTOR, &l.ix);
	for (v = 0; v < m->nnodes; v++) {
		if (rule_poll(ctx, "lateral movement")) {
			rc = 1;
			break;
		}
		if (in[v] || l.ix.off[v + 1] == l.ix.off[v])
			continue;	/* not the head of a chain */
		l.nbest = 0;
		/* NOTE: a guessed bound on the search from one head. */
		l.budget = 100000;
		l.on[v] = 1;
		lateral_walk(&l, v, INT64_MIN);
		l.on[v] = 0;
		if (l.nbest > 0)
			lateral_report(&l, v);
	}
	usage_index_free(&l.ix);
	free(l.on);
	free(in);
	return rc;
}

const struct finding_rule rule_observed_crossing = {
	.id = "observed-crossing",
	.title = "Observed environment crossing",
	.severity = FINDING_HIGH,
	.summary = "The usage evidence shows an identity of one environment "
	    "assuming a role or calling an object of another, with success. "
	    "High when a non-production actor reaches into production, else "
	    "medium. Environments come from the [environments] matchers.",
	.rationale = "A grant that crosses environments is a risk; a use that "
	    "crosses them is the risk taken. It shows which crossings are "
	    "live and which workloads depend on them.",
	.fix = "Find the job behind the records; give it an identity in the "
	    "environment it works in, then cut the trust that crosses over.",
	.owasp = (const char *const[]){ "NHI8:2025 Environment Isolation",
	    NULL },
	.nist_csf = (const char *const[]){ "DE.CM-03", "PR.IR-01", NULL },
	.config = (const char *const[]){ "environments", NULL },
	.evaluate = crossing_evaluate,
};

const struct finding_rule rule_lateral_movement = {
	.id = "lateral-movement",
	.title = "Observed lateral movement",
	.severity = FINDING_HIGH,
	.summary = "The usage evidence shows a chain of successful role "
	    "assumptions of two hops or more, each at or after the one "
	    "before, that crosses an account or cluster boundary. The "
	    "finding sits on the head of the chain, an actor nothing "
	    "assumed.",
	.rationale = "Role chaining across accounts is how an attacker turns "
	    "one foothold into many, and it blurs who did what. Chains that "
	    "are part of a design should be known and few.",
	.fix = "Check that the chain is intended; if not, cut the trust "
	    "policy that allows the first cross-account hop and review what "
	    "the last role did.",
	.owasp = (const char *const[]){ "NHI5:2025 Overprivileged NHI",
	    "NHI8:2025 Environment Isolation", NULL },
	.nist_csf = (const char *const[]){ "DE.AE-02", "DE.CM-03", "PR.AA-05",
	    NULL },
	.evaluate = lateral_evaluate,
};
