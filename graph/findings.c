/*
 * The findings engine (see findings.h): the list of rules, one pass that
 * loads the attributes the rules read, the evaluation of each rule, the
 * sort, and the acceptances from the case.
 */
#include "findings.h"

#include <stdlib.h>
#include <string.h>

#include "annot.h"
#include "cancel.h"
#include "config.h"
#include "envmap.h"
#include "hmap.h"
#include "model.h"
#include "nodeattr.h"
#include "rule.h"
#include "scenario.h"
#include "store.h"
#include "store_annot.h"
#include "tstamp.h"
#include "usage.h"
#include "xalloc.h"

static const struct finding_rule *const findings_rules[] = {
	&rule_stale_credential,
	&rule_unrotated_credential,
	&rule_long_lived_secret,
	&rule_expired_or_expiring,
	&rule_orphaned_identity,
	&rule_shared_credential,
	&rule_reused_identity,
	&rule_environment_crossing,
	&rule_over_privileged,
	&rule_crown_jewel_reach,
	&rule_human_use,
	&rule_insecure_authentication,
	&rule_third_party_access,
	&rule_public_access,
	&rule_no_escalation_path,
	&rule_no_revocation_path,
	&rule_granted_unused,
	&rule_unusual_use,
	&rule_observed_crossing,
	&rule_lateral_movement,
};

#define FINDINGS_NRULES	(sizeof(findings_rules) / sizeof(findings_rules[0]))

static const char *const findings_severities[FINDING_NSEVERITIES] = {
	"info", "low", "medium", "high", "critical"
};

static const char *const findings_states[FINDING_NSTATES] = {
	"open", "accepted", "lapsed"
};

size_t
findings_nrules(void)
{
	return FINDINGS_NRULES;
}

const struct finding_rule *
findings_rule(size_t i)
{
	return i < FINDINGS_NRULES ? findings_rules[i] : NULL;
}

const struct finding_rule *
findings_rule_find(const char *id, size_t *idx)
{
	size_t	 i;

	for (i = 0; i < FINDINGS_NRULES; i++) {
		if (strcmp(findings_rules[i]->id, id) == 0) {
			if (idx != NULL)
				*idx = i;
			return findings_rules[i];
		}
	}
	return NULL;
}

const char *
findings_severity_name(enum finding_severity s)
{
	return (unsigned)s < FINDING_NSEVERITIES ? findings_severities[s] :
	    "unknown";
}

int
findings_severity_parse(const char *text)
{
	size_t	 len = strlen(text), i;
	int	 found = -1;

	if (len == 0)
		return -1;
	for (i = 0; i < FINDING_NSEVERITIES; i++) {
		if (strcmp(findings_severities[i], text) == 0)
			return (int)i;
		if (strncmp(findings_severities[i], text, len) == 0) {
			if (found != -1)
				return -1;
			found = (int)i;
		}
	}
	return found;
}

const char *
findings_state_name(enum finding_state s)
{
	return (unsigned)s < FINDING_NSTATES ? findings_states[s] : "open";
}

int
findings_is_open(const struct finding *f)
{
	return f->state != FINDING_ACCEPTED;
}

/* The position of a rule in the list, for sorting. */
static size_t
findings_rule_rank(const struct finding_rule *r)
{
	size_t	 i;

	for (i = 0; i < FINDINGS_NRULES; i++) {
		if (findings_rules[i] == r)
			return i;
	}
	return FINDINGS_NRULES;
}

/*
 * The time that makes a finding on node v urgent, earliest first: its
 * expiry when it has one (so the expired and the soonest to expire come
 * first), else the start of its idle time: the last use, or the creation
 * of a credential never used. INT64_MAX when neither is known.
 */
static int64_t
findings_urgency(const struct model *m, size_t v)
{
	const struct record_lifecycle	*life = &m->life[v];

	if (tstamp_is_set(life->expires_at))
		return life->expires_at;
	if (tstamp_is_set(life->last_used_at))
		return life->last_used_at;
	if (life->last_used_at == TSTAMP_NEVER &&
	    tstamp_is_set(life->created_at))
		return life->created_at;
	return INT64_MAX;
}

/* Order by severity, rule, urgency, name, then key. */
static int
findings_cmp(const void *a, const void *b, void *ctx)
{
	const struct model	*m = ctx;
	const struct finding	*x = a, *y = b;
	size_t			 rx, ry;
	int64_t			 ux, uy;
	int			 c;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	rx = findings_rule_rank(x->rule);
	ry = findings_rule_rank(y->rule);
	if (rx != ry)
		return rx < ry ? -1 : 1;
	ux = findings_urgency(m, x->node);
	uy = findings_urgency(m, y->node);
	if (ux != uy)
		return ux < uy ? -1 : 1;
	if ((c = strcmp(m->name[x->node], m->name[y->node])) != 0)
		return c;
	return strcmp(m->key[x->node], m->key[y->node]);
}

void
findings_free(struct findings *fs)
{
	size_t	 i;

	if (fs == NULL)
		return;
	for (i = 0; i < fs->n; i++) {
		free(fs->v[i].related);
		free(fs->v[i].edges);
		free(fs->v[i].path);
		free(fs->v[i].values);
	}
	free(fs->v);
	free(fs->count);
	free(fs->top);
	arena_free(&fs->arena);
	free(fs);
}

/*
 * Load the attributes the rules and the environment matchers read.
 * Returns 0, 1 when cancelled, or -1 with *errp set.
 */
static int
findings_load_attrs(struct finding_ctx *ctx, struct envmap *env,
    struct nodeattr **na, char **errp)
{
	const char *const	*envnames;
	const char		**names;
	size_t			 nenv, n = 0, i;
	int			 rc;

	nenv = envmap_attrs(env, &envnames);
	names = xreallocarray(NULL, RULE_ATTR_COUNT + nenv + 1,
	    sizeof(*names));
	for (i = 0; i < RULE_ATTR_COUNT; i++)
		names[n++] = rule_attr_names[i];
	for (i = 0; i < nenv; i++)
		names[n++] = envnames[i];
	rc = nodeattr_load(ctx->store, ctx->m, names, n, ctx->cancel, na,
	    errp);
	free(names);
	if (rc != 0)
		return rc;
	for (i = 0; i < RULE_ATTR_COUNT; i++)
		ctx->attr[i] = nodeattr_index(*na, rule_attr_names[i]);
	envmap_apply(env, ctx->m, *na);
	return 0;
}

/* Forget the per-node index of the previous rule's findings. */
static void
findings_reset_index(struct finding_ctx *ctx)
{
	size_t	 i;

	for (i = 0; i < ctx->ntouched; i++)
		ctx->index[ctx->touched[i]] = 0;
	ctx->ntouched = 0;
}

/* Run every chosen rule; returns 1 when cancelled. */
static int
findings_run(struct finding_ctx *ctx, const struct findings_opts *o)
{
	size_t	 i;

	for (i = 0; i < FINDINGS_NRULES; i++) {
		if (o->rules != NULL && !o->rules[i])
			continue;
		ctx->rule = findings_rules[i];
		findings_reset_index(ctx);
		if (cancel_poll(ctx->cancel, "findings", (double)i /
		    FINDINGS_NRULES) || ctx->rule->evaluate(ctx) != 0)
			return 1;
	}
	return 0;
}

/* The acceptances of the case, for marking the findings. */
struct findings_accepts {
	struct findings		*fs;
	const struct model	*m;
	struct hmap		*index;		/* (rule, node) -> row */
	struct store_acceptance_row *rows;	/* strings in fs's arena */
	size_t			 n;
};

/* The binary map key of a rule and a node. */
static void
findings_accept_key(char *key, size_t rule, uint32_t node)
{
	uint32_t	 r = (uint32_t)rule;

	memcpy(key, &r, 4);
	memcpy(key + 4, &node, 4);
}

/* Keep one acceptance whose rule and node are in the model. */
static int
findings_accept_row(void *arg, const struct store_acceptance_row *row)
{
	struct findings_accepts		*a = arg;
	struct store_acceptance_row	*r;
	char				 key[8];
	size_t				 rule;
	int64_t				 v;

	if (findings_rule_find(row->rule, &rule) == NULL ||
	    (v = model_find(a->m, row->key)) < 0)
		return 0;
	a->rows = xreallocarray(a->rows, a->n + 1, sizeof(*a->rows));
	r = &a->rows[a->n];
	*r = *row;
	r->reason = arena_strdup(&a->fs->arena, row->reason);
	r->author = arena_strdup(&a->fs->arena, row->author);
	findings_accept_key(key, rule, (uint32_t)v);
	hmap_put(a->index, key, sizeof(key), a->n++);
	return 0;
}

/*
 * Mark the findings the case accepts. The acceptances are few, so they
 * are read first and each finding is looked up by (rule, node).
 */
static int
findings_accept(struct findings *fs, struct store *s, const struct model *m,
    int64_t now, char **errp)
{
	struct findings_accepts		 a;
	const struct store_acceptance_row *row;
	struct finding			*f;
	char				 key[8];
	uint64_t			 i;
	size_t				 k, rule = 0;
	int				 rc;

	memset(&a, 0, sizeof(a));
	a.fs = fs;
	a.m = m;
	a.index = hmap_create(16);
	rc = store_annot_acceptances(s, findings_accept_row, &a, errp);
	for (k = 0; rc == 0 && a.n > 0 && k < fs->n; k++) {
		f = &fs->v[k];
		findings_rule_find(f->rule->id, &rule);
		findings_accept_key(key, rule, f->node);
		if (!hmap_get(a.index, key, sizeof(key), &i))
			continue;
		row = &a.rows[i];
		f->state = tstamp_is_set(row->until) && row->until <= now ?
		    FINDING_LAPSED : FINDING_ACCEPTED;
		f->reason = row->reason;
		f->until = row->until;
		f->accepted_by = row->author;
		f->accepted_at = row->updated_at;
	}
	free(a.rows);
	hmap_free(a.index);
	return rc;
}

/* Count the findings per node, severity and state. */
static void
findings_tally(struct findings *fs)
{
	const struct finding	*f;
	size_t			 i;

	fs->count = xcalloc(fs->nnodes + 1, sizeof(*fs->count));
	fs->top = xcalloc(fs->nnodes + 1, 1);
	for (i = 0; i < fs->n; i++) {
		f = &fs->v[i];
		fs->states[f->state]++;
		if (!findings_is_open(f))
			continue;
		fs->open[f->severity]++;
		fs->count[f->node]++;
		if (fs->top[f->node] < 1 + (uint8_t)f->severity)
			fs->top[f->node] = (uint8_t)(1 + f->severity);
	}
}

/* Set up the engine state; the caller frees it with findings_ctx_free. */
static void
findings_ctx_init(struct finding_ctx *ctx, struct store *s,
    const struct model *m, const struct scenario *sc,
    const struct findings_opts *o, const struct cancel *c)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->m = m;
	ctx->store = s;
	ctx->sc = sc;
	/* The rules walk the edges the analyses walk (see traverse.h). */
	scenario_filter(sc, &ctx->f);
	ctx->now = o->now;
	ctx->cancel = c;
	ctx->poll_left = 1;
	ctx->index = xcalloc(m->nnodes + 1, sizeof(*ctx->index));
	ctx->touched = xreallocarray(NULL, m->nnodes + 1,
	    sizeof(*ctx->touched));
	ctx->out = xcalloc(1, sizeof(*ctx->out));
	ctx->out->nnodes = m->nnodes;
	arena_init(&ctx->out->arena);
}

static void
findings_ctx_free(struct finding_ctx *ctx)
{
	free(ctx->index);
	free(ctx->touched);
	rule_owners_free(ctx);
	findings_free(ctx->out);
}

int
findings_evaluate(struct store *s, const struct model *m,
    const struct scenario *sc, const struct findings_opts *o,
    const struct cancel *c, struct findings **out, char **errp)
{
	struct finding_ctx	 ctx;
	struct config		*own = NULL;
	struct envmap		*env = NULL;
	struct nodeattr		*na = NULL;
	struct usage		*usage = NULL;
	int			 rc = -1;

	*out = NULL;
	findings_ctx_init(&ctx, s, m, sc, o, c);
	ctx.cfg = o->cfg != NULL ? o->cfg : (own = config_create());
	lifecycle_limits_config(&ctx.lim, ctx.cfg);
	if (envmap_create(ctx.cfg, &env, errp) == -1)
		goto out;
	/* 1 when cancelled, -1 on an error. */
	if ((rc = findings_load_attrs(&ctx, env, &na, errp)) != 0)
		goto out;
	rc = -1;
	if (usage_load(s, m, &usage, errp) == -1)
		goto out;
	ctx.attrs = na;
	ctx.env = env;
	ctx.usage = usage;
	if (findings_run(&ctx, o) != 0) {
		rc = 1;
		goto out;
	}
	if (ctx.out->n > 1)
		qsort_r(ctx.out->v, ctx.out->n, sizeof(*ctx.out->v),
		    findings_cmp, (void *)m);
	if (findings_accept(ctx.out, s, m, o->now, errp) == -1)
		goto out;
	findings_tally(ctx.out);
	*out = ctx.out;
	ctx.out = NULL;
	rc = 0;
out:
	findings_ctx_free(&ctx);
	usage_free(usage);
	nodeattr_free(na);
	envmap_free(env);
	config_free(own);
	return rc;
}

static int
findings_kid_cmp(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

int
findings_scenario(struct store *s, const struct model *m,
    const struct config *cfg, struct scenario *sc, char **errp)
{
	const char *const	*keys;
	int64_t			*kids = NULL, ids[2];
	size_t			 n = 0, v, i;

	scenario_init(sc, m);
	if (store_annot_tagged(s, ANNOT_TIER_ZERO_TAG, &kids, &n, errp) ==
	    -1) {
		scenario_free(sc);
		return -1;
	}
	if (n > 1)
		qsort(kids, n, sizeof(*kids), findings_kid_cmp);
	for (v = 0; n > 0 && v < m->nnodes; v++) {
		if (bsearch(&m->kid[v], kids, n, sizeof(*kids),
		    findings_kid_cmp) != NULL)
			scenario_set_tier_zero(sc, v, 1);
	}
	free(kids);
	if (cfg == NULL)
		return 0;
	keys = config_list(cfg, "analysis", "tier_zero", &n);
	for (i = 0; i < n; i++) {
		if (model_resolve(m, keys[i], ids, 2) == 1)
			scenario_set_tier_zero(sc, (size_t)ids[0], 1);
	}
	return 0;
}
