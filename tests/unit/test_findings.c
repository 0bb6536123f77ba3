/*
 * Tests of the findings engine (graph/findings.c and graph/rule_*.c) on
 * the fixture estate tests/fixtures/findings/estate.json, imported into
 * a real case file and judged at 2026-12-01. For every rule the fixture
 * contains nodes that must fire and nodes that must not. Each test
 * checks the exact set of nodes a rule reports, so a finding too many
 * fails as surely as one too few.
 */
#include "testutil.h"

#include "cancel.h"
#include "config.h"
#include "envmap.h"
#include "findings.h"
#include "import.h"
#include "model.h"
#include "scenario.h"
#include "store.h"
#include "store_annot.h"
#include "tstamp.h"

#define NOW	1796083200	/* 2026-12-01T00:00:00Z */
#define DAY	86400

struct fixture {
	char			*dir;
	struct store		*store;
	struct model		*m;
	struct import_result	*results;
	size_t			 nresults;
};

static int
setup(void **state)
{
	struct import_options	 opts;
	struct fixture		*f = calloc(1, sizeof(*f));
	const char		*paths[1];
	char			*db, *path, *err = NULL;

	f->dir = testutil_tmpdir();
	if (asprintf(&db, "%s/case.db", f->dir) == -1 ||
	    asprintf(&path, "%s/tests/fixtures/findings/estate.json",
	    testutil_root()) == -1)
		abort();
	if (store_open(db, STORE_CREATE, &f->store, &err) == -1)
		fail_msg("store_open: %s", err);
	memset(&opts, 0, sizeof(opts));
	opts.now = NOW;
	paths[0] = path;
	if (import_files(f->store, paths, 1, &opts, &f->results,
	    &f->nresults, &err) != IMPORT_OK)
		fail_msg("import: %s", err);
	if (model_load(f->store, &f->m, &err) == -1)
		fail_msg("model_load: %s", err);
	free(db);
	free(path);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	model_free(f->m);
	import_results_free(f->results, f->nresults);
	store_close(f->store);
	testutil_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* Evaluate every rule with the configuration cfg (NULL: defaults). */
static struct findings *
evaluate_cfg(struct fixture *f, const struct config *cfg, int64_t now)
{
	struct findings_opts	 o;
	struct findings		*fs;
	struct scenario		 sc;
	char			*err = NULL;

	if (findings_scenario(f->store, f->m, cfg, &sc, &err) == -1)
		fail_msg("findings_scenario: %s", err);
	memset(&o, 0, sizeof(o));
	o.cfg = cfg;
	o.now = now;
	if (findings_evaluate(f->store, f->m, &sc, &o, NULL, &fs, &err) != 0)
		fail_msg("findings_evaluate: %s", err);
	scenario_free(&sc);
	return fs;
}

static struct findings *
evaluate(struct fixture *f)
{
	return evaluate_cfg(f, NULL, NOW);
}

/*
 * The keys a rule reports, without the "fx:" prefix, sorted and joined
 * by spaces, with ":severity" after each when sev is set.
 */
static void
rule_keys(const struct findings *fs, const struct model *m, const char *rule,
    int sev, char *buf, size_t len)
{
	const char	*keys[256];
	char		*p;
	size_t		 n = 0, i, j, at = 0;

	for (i = 0; i < fs->n && n < 256; i++) {
		if (strcmp(fs->v[i].rule->id, rule) == 0)
			keys[n++] = m->key[fs->v[i].node];
	}
	for (i = 1; i < n; i++) {
		for (j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
			p = (char *)keys[j];
			keys[j] = keys[j - 1];
			keys[j - 1] = p;
		}
	}
	buf[0] = '\0';
	for (i = 0; i < n && at < len; i++) {
		at += (size_t)snprintf(buf + at, len - at, "%s%s", i > 0 ? " " :
		    "", keys[i] + 3);
		for (j = 0; sev && j < fs->n; j++) {
			if (strcmp(fs->v[j].rule->id, rule) == 0 &&
			    strcmp(m->key[fs->v[j].node], keys[i]) == 0)
				at += (size_t)snprintf(buf + at, len - at,
				    ":%s", findings_severity_name(
				    fs->v[j].severity));
		}
	}
}

/* The finding of rule on the node with key, or NULL. */
static const struct finding *
find(const struct findings *fs, const struct model *m, const char *rule,
    const char *key)
{
	size_t	 i;

	for (i = 0; i < fs->n; i++) {
		if (strcmp(fs->v[i].rule->id, rule) == 0 &&
		    strcmp(m->key[fs->v[i].node], key) == 0)
			return &fs->v[i];
	}
	return NULL;
}

/* Check the nodes (and severities) one rule reports. */
static void
expect_rule(void **state, const char *rule, const char *want)
{
	struct fixture	*f = *state;
	struct findings	*fs = evaluate(f);
	char		 got[4096];

	rule_keys(fs, f->m, rule, 1, got, sizeof(got));
	assert_string_equal(got, want);
	findings_free(fs);
}

static void
rule_stale_credential(void **state)
{
	/* Not: used 20 or 89 days ago, disabled, new, last use unknown. */
	expect_rule(state, "stale-credential",
	    "key:never:medium key:stale:medium");
}

static void
rule_unrotated_credential(void **state)
{
	/* Not: key:rot90 (exactly 90 days), rotated recently, disabled. */
	expect_rule(state, "unrotated-credential", "key:rot91:medium");
}

static void
rule_long_lived_secret(void **state)
{
	/* Not: tok:year (365 days exactly), tok:never-off (disabled). */
	expect_rule(state, "long-lived-secret",
	    "tok:long:medium tok:never:medium");
}

static void
rule_expired_or_expiring(void **state)
{
	/* Not: cert:loose (bound to nothing), cert:later, a disabled one. */
	expect_rule(state, "expired-or-expiring",
	    "cert:expired:high cert:expiring:medium");
}

static void
rule_orphaned_identity(void **state)
{
	/*
	 * Not: sa:owned (owns edge), sa:external (an owner outside the
	 * case), sa:labelled (a label names the owner), sa:off (disabled),
	 * wl:plain (not a machine identity). Agents without an owner of
	 * their own are machine identities without one.
	 */
	expect_rule(state, "orphaned-identity",
	    "agent:contact:medium agent:idle:medium agent:lost:medium "
	    "agent:tagged:medium agent:viasa:medium app:noowner:medium "
	    "key:leaver:high "
	    "key:owned-gone:high sa:agent:medium sa:evil:medium sa:gone:high "
	    "sa:leaver:high sa:noowner:medium");
}

static void
rule_shared_credential(void **state)
{
	/* Not: sec:local, used twice in one namespace and environment. */
	expect_rule(state, "shared-credential",
	    "sec:a:medium sec:b:medium sec:shared:high");
}

static void
rule_reused_identity(void **state)
{
	/* Not: sa:three (3), sa:deploy (a pod counts with its deployment). */
	expect_rule(state, "reused-identity", "sa:busy:medium");
}

static void
rule_environment_crossing(void **state)
{
	/*
	 * Not: sa:devlocal (dev to dev), sa:prodok (prod), sa:devblocked
	 * (a not-traversable edge), sa:devrelated (a related edge).
	 */
	expect_rule(state, "environment-crossing", "sa:devcross:high");
}

static void
rule_over_privileged(void **state)
{
	/* Not: sa:narrow (one action), person:present (a person). */
	expect_rule(state, "over-privileged",
	    "sa:admin:high sa:esc:high sa:wild:medium");
}

static void
rule_crown_jewel_reach(void **state)
{
	/*
	 * sec:personal signs in as person:present, whose address is the
	 * owner of sa:crown: the owner-email join makes that an owns edge.
	 * Not: key:crown-off (disabled).
	 */
	expect_rule(state, "crown-jewel-reach",
	    "key:crown:critical sec:personal:critical");
}

static void
rule_human_use(void **state)
{
	/* Not: sa:plain (a password that is not a console sign-in). */
	expect_rule(state, "human-use", "sa:console:high sa:readable:medium");
}

static void
rule_insecure_authentication(void **state)
{
	/* Not: key:static2 (no federation), cert:ci (a certificate). */
	expect_rule(state, "insecure-authentication",
	    "key:static:medium pw:sp:medium tok:legacy:medium");
}

static void
rule_third_party_access(void **state)
{
	/* Not: app:reader (reads, and read scopes only). */
	expect_rule(state, "third-party-access",
	    "app:scoped:high app:writer:high");
}

static void
rule_public_access(void **state)
{
	/* Not: role:eng (granted to an ordinary group). */
	expect_rule(state, "public-access",
	    "role:authview:medium role:bucket:critical role:pubview:high");
}

static void
rule_no_escalation_path(void **state)
{
	/*
	 * Not: agent:contact (escalation contact), agent:tagged (a tag
	 * names one), agent:viasa (its identity has an owner), agent:idle
	 * (no access).
	 */
	expect_rule(state, "no-escalation-path", "agent:lost:medium");
}

/* Evidence paths start and end at the nodes the finding names. */
static void
findings_evidence_paths(void **state)
{
	struct fixture		*f = *state;
	struct findings		*fs = evaluate(f);
	const struct finding	*x;
	const struct model	*m = f->m;

	x = find(fs, m, "crown-jewel-reach", "fx:key:crown");
	assert_non_null(x);
	assert_int_equal(x->npath, 4);
	assert_string_equal(m->key[m->esrc[x->path[0]]], "fx:key:crown");
	assert_string_equal(m->key[m->edst[x->path[3]]], "fx:db:crown");
	assert_int_equal(x->nrelated, 1);
	assert_string_equal(m->key[x->related[0]], "fx:db:crown");

	x = find(fs, m, "environment-crossing", "fx:sa:devcross");
	assert_non_null(x);
	assert_string_equal(m->key[m->edst[x->path[x->npath - 1]]],
	    "fx:sys:prod");

	x = find(fs, m, "human-use", "fx:sa:readable");
	assert_non_null(x);
	assert_string_equal(m->key[m->esrc[x->path[0]]], "fx:person:reader");
	assert_string_equal(m->key[m->edst[x->path[x->npath - 1]]],
	    "fx:sa:readable");

	x = find(fs, m, "stale-credential", "fx:key:stale");
	assert_non_null(x);
	assert_string_equal(x->values[0].name, "last_used_at");
	assert_string_equal(x->values[0].value, "2026-08-01T00:00:00Z");
	findings_free(fs);
}

/* The order: severity down, then rule order, then node key. */
/*
 * Within a rule: the earlier expiry first, else the earlier start of
 * idle time (last use, or creation when never used), unknown last; then
 * name, then key.
 */
static int64_t
findings_test_urgency(const struct model *m, size_t v)
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

static void
findings_assert_urgency_order(const struct model *m, size_t x, size_t y)
{
	int64_t	 ux = findings_test_urgency(m, x);
	int64_t	 uy = findings_test_urgency(m, y);
	int	 c = strcmp(m->name[x], m->name[y]);

	assert_true(ux <= uy);
	if (ux == uy)
		assert_true(c < 0 || (c == 0 &&
		    strcmp(m->key[x], m->key[y]) < 0));
}

static void
findings_sorted_and_stable(void **state)
{
	struct fixture		*f = *state;
	struct findings		*a = evaluate(f), *b = evaluate(f);
	const struct finding	*x, *y;
	size_t			 i, rx, ry;

	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++) {
		assert_ptr_equal(a->v[i].rule, b->v[i].rule);
		assert_int_equal(a->v[i].node, b->v[i].node);
		if (i == 0)
			continue;
		x = &a->v[i - 1];
		y = &a->v[i];
		assert_true(x->severity >= y->severity);
		if (x->severity != y->severity)
			continue;
		findings_rule_find(x->rule->id, &rx);
		findings_rule_find(y->rule->id, &ry);
		assert_true(rx <= ry);
		if (rx == ry)
			findings_assert_urgency_order(f->m, x->node, y->node);
	}
	findings_free(a);
	findings_free(b);
}

/* Thresholds come from [findings] in the configuration. */
static void
findings_thresholds_from_config(void **state)
{
	static const char	 text[] =
	    "[findings]\n"
	    "stale_after = 200d\n"
	    "rotate_after = 30d\n"
	    "max_lifetime = 800d\n"
	    "expiring_within = 10d\n"
	    "max_workloads = 4\n";
	struct fixture		*f = *state;
	struct config		*cfg = config_create();
	struct findings		*fs;
	char			*err = NULL, got[4096];

	assert_int_equal(config_parse(cfg, "test.conf", text, strlen(text),
	    &err), 0);
	fs = evaluate_cfg(f, cfg, NOW);
	rule_keys(fs, f->m, "stale-credential", 0, got, sizeof(got));
	assert_string_equal(got, "key:never");	/* 334 days; stale 122 */
	rule_keys(fs, f->m, "reused-identity", 0, got, sizeof(got));
	assert_string_equal(got, "");
	rule_keys(fs, f->m, "long-lived-secret", 0, got, sizeof(got));
	assert_string_equal(got, "tok:never");
	rule_keys(fs, f->m, "expired-or-expiring", 0, got, sizeof(got));
	assert_string_equal(got, "cert:expired");
	rule_keys(fs, f->m, "unrotated-credential", 0, got, sizeof(got));
	assert_true(strstr(got, "key:stale") != NULL);	/* 61 days */
	findings_free(fs);
	config_free(cfg);
}

/* Environments come from the [environments] matchers. */
static void
findings_environment_matchers(void **state)
{
	static const char	 text[] =
	    "[environments]\n"
	    "prod = key:fx:sys:dev\n"
	    "dev = name:sa:devlocal\n";
	struct fixture		*f = *state;
	struct config		*cfg = config_create();
	struct findings		*fs;
	char			*err = NULL, got[4096];

	assert_int_equal(config_parse(cfg, "test.conf", text, strlen(text),
	    &err), 0);
	fs = evaluate_cfg(f, cfg, NOW);
	/* Now only sa:devlocal is in dev, and sys:dev is the prod system. */
	rule_keys(fs, f->m, "environment-crossing", 0, got, sizeof(got));
	assert_string_equal(got, "sa:devlocal");
	findings_free(fs);
	config_free(cfg);
}

/* A matcher that does not parse is an error naming the file and line. */
static void
findings_bad_matcher(void **state)
{
	static const char	 text[] = "[environments]\n\nprod = env:prod, "
	    "color:red\n";
	struct config		*cfg = NULL;
	struct envmap		*em = NULL;
	char			*dir = testutil_tmpdir(), *path, *err = NULL;
	FILE			*fp;

	(void)state;
	if (asprintf(&path, "%s/config", dir) == -1)
		abort();
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	assert_int_equal(config_load(path, &cfg, &err), 0);
	assert_int_equal(envmap_create(cfg, &em, &err), -1);
	assert_null(em);
	assert_non_null(strstr(err, "/config:3: [environments] prod:"));
	assert_non_null(strstr(err, "\"color:red\" is not a matcher"));
	free(err);
	config_free(cfg);
	free(path);
	testutil_rmtree(dir);
	free(dir);
}

/* Accepted findings stay listed, and lapse on their date. */
static void
findings_acceptance(void **state)
{
	struct fixture		*f = *state;
	struct findings		*fs;
	const struct finding	*x;
	int64_t			 busy = model_find(f->m, "fx:sa:busy");
	int64_t			 stale = model_find(f->m, "fx:key:stale");
	char			*err = NULL;

	assert_int_equal(store_annot_accept(f->store, "reused-identity",
	    f->m->kid[busy], "splitting it", NOW + 30 * DAY, "tester", NOW,
	    &err), 0);
	assert_int_equal(store_annot_accept(f->store, "stale-credential",
	    f->m->kid[stale], "old acceptance", NOW - DAY, "tester", NOW,
	    &err), 0);
	fs = evaluate(f);
	x = find(fs, f->m, "reused-identity", "fx:sa:busy");
	assert_non_null(x);
	assert_int_equal(x->state, FINDING_ACCEPTED);
	assert_string_equal(x->reason, "splitting it");
	assert_false(findings_is_open(x));
	x = find(fs, f->m, "stale-credential", "fx:key:stale");
	assert_int_equal(x->state, FINDING_LAPSED);
	assert_true(findings_is_open(x));
	assert_int_equal(fs->states[FINDING_ACCEPTED], 1);
	assert_int_equal(fs->states[FINDING_LAPSED], 1);
	assert_int_equal(fs->count[busy], 0);	/* accepted: not open */
	findings_free(fs);

	/* A month later the first acceptance has lapsed too. */
	fs = evaluate_cfg(f, NULL, NOW + 31 * DAY);
	x = find(fs, f->m, "reused-identity", "fx:sa:busy");
	assert_int_equal(x->state, FINDING_LAPSED);
	findings_free(fs);

	assert_int_equal(store_annot_unaccept(f->store, "reused-identity",
	    f->m->kid[busy], &err), 1);
	assert_int_equal(store_annot_unaccept(f->store, "reused-identity",
	    f->m->kid[busy], &err), 0);
	fs = evaluate(f);
	assert_int_equal(find(fs, f->m, "reused-identity",
	    "fx:sa:busy")->state, FINDING_OPEN);
	findings_free(fs);
}

/* A what-if that cuts the crossing edge closes the finding. */
static void
findings_follow_the_scenario(void **state)
{
	struct fixture		*f = *state;
	struct findings_opts	 o;
	struct findings		*fs;
	struct scenario		 sc;
	char			*err = NULL, got[256];
	int64_t			 v = model_find(f->m, "fx:sa:devcross");

	assert_int_equal(findings_scenario(f->store, f->m, NULL, &sc, &err),
	    0);
	scenario_toggle_node(&sc, (size_t)v);
	memset(&o, 0, sizeof(o));
	o.now = NOW;
	assert_int_equal(findings_evaluate(f->store, f->m, &sc, &o, NULL, &fs,
	    &err), 0);
	rule_keys(fs, f->m, "environment-crossing", 0, got, sizeof(got));
	assert_string_equal(got, "");
	findings_free(fs);
	scenario_free(&sc);
}

/* Only the rules asked for run. */
static void
findings_rule_subset(void **state)
{
	struct fixture		*f = *state;
	struct findings_opts	 o;
	struct findings		*fs;
	struct scenario		 sc;
	uint8_t			 rules[64];
	size_t			 i, idx;
	char			*err = NULL;

	memset(rules, 0, sizeof(rules));
	assert_non_null(findings_rule_find("stale-credential", &idx));
	rules[idx] = 1;
	scenario_init(&sc, f->m);
	memset(&o, 0, sizeof(o));
	o.now = NOW;
	o.rules = rules;
	assert_int_equal(findings_evaluate(f->store, f->m, &sc, &o, NULL, &fs,
	    &err), 0);
	assert_int_equal(fs->n, 2);
	for (i = 0; i < fs->n; i++)
		assert_string_equal(fs->v[i].rule->id, "stale-credential");
	findings_free(fs);
	scenario_free(&sc);
}

static int
stop_at_once(void *ctx, const char *what, double done)
{
	(void)ctx;
	(void)what;
	(void)done;
	return 1;
}

/* The cancel hook stops an evaluation, which then reports nothing. */
static void
findings_cancel(void **state)
{
	struct fixture		*f = *state;
	struct findings_opts	 o;
	struct findings		*fs = (struct findings *)1;
	struct cancel		 c = { stop_at_once, NULL };
	struct scenario		 sc;
	char			*err = NULL;

	scenario_init(&sc, f->m);
	memset(&o, 0, sizeof(o));
	o.now = NOW;
	assert_int_equal(findings_evaluate(f->store, f->m, &sc, &o, &c, &fs,
	    &err), 1);
	assert_null(fs);
	scenario_free(&sc);
}

/* Every rule has its texts and maps to an OWASP NHI entry. */
static void
findings_rules_described(void **state)
{
	const struct finding_rule	*r;
	size_t				 i;

	(void)state;
	assert_int_equal(findings_nrules(), 20);
	for (i = 0; i < findings_nrules(); i++) {
		r = findings_rule(i);
		assert_non_null(r->title);
		assert_non_null(r->summary);
		assert_non_null(r->rationale);
		assert_non_null(r->fix);
		assert_non_null(r->owasp);
		assert_non_null(r->owasp[0]);
		assert_int_equal(strncmp(r->owasp[0], "NHI", 3), 0);
		assert_non_null(r->nist_csf);
		assert_non_null(r->nist_csf[0]);
	}
	assert_int_equal(findings_severity_parse("crit"), FINDING_CRITICAL);
	assert_int_equal(findings_severity_parse("high"), FINDING_HIGH);
	assert_int_equal(findings_severity_parse("bogus"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(findings_rules_described),
		cmocka_unit_test(findings_bad_matcher),
#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(rule_stale_credential),
		T(rule_unrotated_credential),
		T(rule_long_lived_secret),
		T(rule_expired_or_expiring),
		T(rule_orphaned_identity),
		T(rule_shared_credential),
		T(rule_reused_identity),
		T(rule_environment_crossing),
		T(rule_over_privileged),
		T(rule_crown_jewel_reach),
		T(rule_human_use),
		T(rule_insecure_authentication),
		T(rule_third_party_access),
		T(rule_public_access),
		T(rule_no_escalation_path),
		T(findings_evidence_paths),
		T(findings_sorted_and_stable),
		T(findings_thresholds_from_config),
		T(findings_environment_matchers),
		T(findings_acceptance),
		T(findings_follow_the_scenario),
		T(findings_rule_subset),
		T(findings_cancel),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
