/*
 * Tests of the findings that read usage evidence, on the fixtures of
 * tests/fixtures/usage: two AWS accounts (dev 111122223333, prod
 * 444455556666) and a CloudTrail file with a baseline, later use of a
 * key from a new address, a console sign-in by a service user and a
 * chain of role assumptions into the prod account. A quiet trail of the
 * same use from the same places is the negative case of each rule.
 */
#include "testaws.h"

#include <string.h>

#include "config.h"
#include "findings.h"
#include "scenario.h"
#include "usage.h"

#define FX(x)	"../usage/" x
#define DEV(x)	"aws:arn:aws:iam::111122223333:" x
#define PROD(x)	"aws:arn:aws:iam::444455556666:" x
#define DEPLOY	DEV("user/service-accounts/svc-deploy")
#define DKEY	DEPLOY "#access_key/AKIAUSAGEDEPLOY00001"
#define REPORT	DEV("user/service-accounts/svc-report")
#define BATCH	DEV("user/service-accounts/svc-batch")
#define HOP	DEV("role/hop")
#define SPARE	DEV("role/spare")
#define ADMIN	PROD("role/prod-admin")

/* 2026-12-01T00:00:00Z */
#define NOW	1796083200

/* Import the two inventories, then the trail when it is not NULL. */
static void
case_with(struct fixture *f, const char *trail)
{
	static const char *const inv[] = {
		FX("authz-dev.json"), FX("authz-prod.json")
	};

	assert_int_equal(import_fixtures(f, NULL, 0, inv, 2), IMPORT_OK);
	if (trail != NULL)
		assert_int_equal(import_fixture(f, trail), IMPORT_OK);
	load(f);
}

static struct findings *
evaluate_cfg(struct fixture *f, const struct config *cfg)
{
	struct findings_opts	 o;
	struct findings		*fs;
	struct scenario		 sc;
	char			*err = NULL;

	if (findings_scenario(f->store, f->model, cfg, &sc, &err) == -1)
		fail_msg("findings_scenario: %s", err);
	memset(&o, 0, sizeof(o));
	o.cfg = cfg;
	o.now = NOW;
	if (findings_evaluate(f->store, f->model, &sc, &o, NULL, &fs, &err) !=
	    0)
		fail_msg("findings_evaluate: %s", err);
	scenario_free(&sc);
	return fs;
}

/* The finding of rule on key, or NULL. */
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

/* How many findings rule made. */
static size_t
count(const struct findings *fs, const char *rule)
{
	size_t	 i, n = 0;

	for (i = 0; i < fs->n; i++)
		n += strcmp(fs->v[i].rule->id, rule) == 0;
	return n;
}

/* The value name of finding fd, or "". */
static const char *
value(const struct finding *fd, const char *name)
{
	size_t	 i;

	for (i = 0; i < fd->nvalues; i++) {
		if (strcmp(fd->values[i].name, name) == 0)
			return fd->values[i].value;
	}
	return "";
}

/* 1 when finding fd lists node key among its related nodes. */
static int
related(const struct finding *fd, const struct model *m, const char *key)
{
	size_t	 i;

	for (i = 0; i < fd->nrelated; i++) {
		if (strcmp(m->key[fd->related[i]], key) == 0)
			return 1;
	}
	return 0;
}

/* The evidence in memory: node ids, window, domains and agents. */
static void
usage_loads_the_view(void **state)
{
	struct fixture	*f = *state;
	struct usage	*u = NULL;
	char		*err = NULL, buf[64];
	size_t		 i, chain = 0;

	case_with(f, FX("trail.json"));
	assert_int_equal(usage_load(f->store, f->model, &u, &err), 0);
	assert_int_equal(u->n, 12);
	assert_int_equal(u->first, 1793498400);	/* 2026-11-01T02:00Z */
	for (i = 0; i < u->n; i++) {
		if (u->v[i].kind == KIND_EDGE_ASSUMED &&
		    u->v[i].error_code == NULL)
			chain++;
		assert_true(i == 0 || u->v[i].at >= u->v[i - 1].at);
	}
	assert_int_equal(chain, 2);
	assert_string_equal(usage_domain(f->model, node(f, ADMIN), buf,
	    sizeof(buf)), "aws:444455556666");
	assert_string_equal(usage_agent("aws-cli/2.15.0 Python/3", buf,
	    sizeof(buf)), "aws-cli");
	assert_true(usage_browser("Mozilla/5.0 (X11)"));
	assert_false(usage_browser("aws-cli/2.15.0"));
	usage_free(u);
}

/* Unused roles and privileges, in covered accounts only. */
static void
granted_unused_fires(void **state)
{
	struct fixture		*f = *state;
	struct findings		*fs;
	const struct finding	*fd;

	case_with(f, FX("trail.json"));
	fs = evaluate_cfg(f, NULL);
	fd = find(fs, f->model, "granted-unused", DEPLOY);
	assert_non_null(fd);
	assert_true(related(fd, f->model, SPARE));
	assert_true(related(fd, f->model, "aws:priv:allow:s3:deletebucket "
	    "on *"));
	/* Used: hop (assumed) and s3:PutObject (called). */
	assert_false(related(fd, f->model, HOP));
	assert_false(related(fd, f->model, "aws:priv:allow:s3:putobject "
	    "on *"));
	assert_string_equal(value(fd, "window_first"), "2026-11-01T02:00:00Z");
	assert_non_null(strstr(fd->message, "between 2026-11-01 and "
	    "2026-11-30"));
	/* The prod account has no evidence: prod-admin is not judged. */
	assert_null(find(fs, f->model, "granted-unused", ADMIN));
	fd = find(fs, f->model, "granted-unused", HOP);
	assert_null(fd);
	findings_free(fs);
}

/* No evidence is not the same as no use. */
static void
granted_unused_needs_evidence(void **state)
{
	struct fixture	*f = *state;
	struct findings	*fs;

	case_with(f, NULL);
	fs = evaluate_cfg(f, NULL);
	assert_int_equal(count(fs, "granted-unused"), 0);
	assert_int_equal(count(fs, "unusual-use"), 0);
	assert_int_equal(count(fs, "lateral-movement"), 0);
	assert_int_equal(count(fs, "observed-crossing"), 0);
	findings_free(fs);
}

/* A key used from a new address with a new tool after the baseline. */
static void
unusual_use_fires(void **state)
{
	struct fixture		*f = *state;
	struct findings		*fs;
	const struct finding	*fd;

	case_with(f, FX("trail.json"));
	fs = evaluate_cfg(f, NULL);
	fd = find(fs, f->model, "unusual-use", DKEY);
	assert_non_null(fd);
	assert_string_equal(value(fd, "new_source_ip"), "203.0.113.50");
	assert_string_equal(value(fd, "new_user_agent"), "curl");
	assert_non_null(strstr(value(fd, "records"), "trail.json Records[8] "
	    "(7d0e0000-0000-4000-8000-000000000009)"));
	/* aws-cli 2.15.4 on 2026-11-20 is the same product: not new. */
	assert_null(strstr(value(fd, "new_user_agent"), "aws-cli"));
	/* svc-report has no use in the detection window. */
	assert_null(find(fs, f->model, "unusual-use", REPORT));
	findings_free(fs);
}

/* The windows move with the configuration. */
static void
unusual_use_windows_from_config(void **state)
{
	static const char	 text[] =
	    "[findings]\n"
	    "usage_recent = 1d\n"
	    "usage_baseline = 2d\n";
	struct fixture		*f = *state;
	struct config		*cfg = config_create();
	struct findings		*fs;
	const struct finding	*fd;
	char			*err = NULL;

	case_with(f, FX("trail.json"));
	assert_int_equal(config_parse(cfg, "test.conf", text, strlen(text),
	    &err), 0);
	fs = evaluate_cfg(f, cfg);
	/*
	 * Detection from 2026-11-29T08:00Z, baseline from 11-27: the use
	 * from 203.0.113.50 on 11-28 is now the baseline, and the build
	 * host's address is what is new.
	 */
	fd = find(fs, f->model, "unusual-use", DKEY);
	assert_non_null(fd);
	assert_string_equal(value(fd, "new_source_ip"), "10.0.0.5");
	assert_string_equal(value(fd, "detection_from"),
	    "2026-11-29T08:00:00Z");
	findings_free(fs);
	config_free(cfg);
}

/* A console sign-in and browser calls by a service user. */
static void
human_use_from_evidence(void **state)
{
	struct fixture		*f = *state;
	struct findings		*fs;
	const struct finding	*fd;

	case_with(f, FX("trail.json"));
	fs = evaluate_cfg(f, NULL);
	fd = find(fs, f->model, "human-use", REPORT);
	assert_non_null(fd);
	assert_int_equal(fd->severity, FINDING_HIGH);
	assert_string_equal(value(fd, "console_logins"), "1");
	assert_string_equal(value(fd, "browser_events"), "1");
	assert_non_null(strstr(fd->message, "signed in to the console on "
	    "2026-11-10"));
	/* svc-batch's sign-in failed: no finding. */
	assert_null(find(fs, f->model, "human-use", BATCH));
	findings_free(fs);
}

/* hop (dev) assumed prod-admin (prod); svc-batch was denied. */
static void
observed_crossing_fires(void **state)
{
	struct fixture		*f = *state;
	struct findings		*fs;
	const struct finding	*fd;

	case_with(f, FX("trail.json"));
	fs = evaluate_cfg(f, NULL);
	fd = find(fs, f->model, "observed-crossing", HOP);
	assert_non_null(fd);
	assert_int_equal(fd->severity, FINDING_HIGH);
	assert_true(related(fd, f->model, ADMIN));
	assert_int_equal(fd->nedges, 1);
	assert_int_equal(f->model->ekind[fd->edges[0]], KIND_EDGE_ASSUMED);
	assert_non_null(strstr(value(fd, "records"), "Records[10]"));
	assert_null(find(fs, f->model, "observed-crossing", BATCH));
	/* svc-deploy assumed hop, in its own environment. */
	assert_null(find(fs, f->model, "observed-crossing", DEPLOY));
	findings_free(fs);
}

/* svc-deploy > hop > prod-admin crosses into the prod account. */
static void
lateral_movement_fires(void **state)
{
	struct fixture		*f = *state;
	struct findings		*fs;
	const struct finding	*fd;

	case_with(f, FX("trail.json"));
	fs = evaluate_cfg(f, NULL);
	assert_int_equal(count(fs, "lateral-movement"), 1);
	fd = find(fs, f->model, "lateral-movement", DEPLOY);
	assert_non_null(fd);
	assert_int_equal(fd->npath, 2);
	assert_int_equal(f->model->esrc[fd->path[0]], node(f, DEPLOY));
	assert_int_equal(f->model->edst[fd->path[1]], node(f, ADMIN));
	assert_string_equal(value(fd, "hops"), "2");
	assert_non_null(strstr(value(fd, "records"), "Records[9]"));
	assert_non_null(strstr(value(fd, "records"), "Records[10]"));
	findings_free(fs);
}

/*
 * The quiet trail: same tools, same places, one account, and a chain of
 * two assumptions (svc-deploy > hop > spare) that stays in it.
 */
static void
quiet_trail_fires_nothing(void **state)
{
	struct fixture		*f = *state;
	struct findings		*fs;
	const struct finding	*fd;

	case_with(f, FX("trail-quiet.json"));
	fs = evaluate_cfg(f, NULL);
	assert_int_equal(count(fs, "unusual-use"), 0);
	assert_int_equal(count(fs, "lateral-movement"), 0);
	assert_int_equal(count(fs, "observed-crossing"), 0);
	assert_null(find(fs, f->model, "human-use", DEPLOY));
	/* hop and spare were assumed, so only DeleteBucket stays unused. */
	fd = find(fs, f->model, "granted-unused", DEPLOY);
	assert_non_null(fd);
	assert_false(related(fd, f->model, SPARE));
	assert_false(related(fd, f->model, HOP));
	assert_true(related(fd, f->model, "aws:priv:allow:s3:deletebucket "
	    "on *"));
	findings_free(fs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(usage_loads_the_view, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(granted_unused_fires, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(granted_unused_needs_evidence,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(unusual_use_fires, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    unusual_use_windows_from_config, setup, teardown),
		cmocka_unit_test_setup_teardown(human_use_from_evidence, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(observed_crossing_fires, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(lateral_movement_fires, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(quiet_trail_fires_nothing,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
