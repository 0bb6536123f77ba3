/*
 * Tests of revocation paths (graph/revoke.c, graph/revoke_cmd.c and the
 * no-revocation-path rule) on one real case file holding the native
 * fixtures of every platform: AWS authorization details and credential
 * report, a Kubernetes cluster, a GitHub organisation, an Entra tenant
 * and a GCP project. Each platform's test checks the rights found, the
 * identities that hold them and the rendered commands.
 */
#include "testutil.h"

#include "findings.h"
#include "import.h"
#include "model.h"
#include "reach.h"
#include "revoke.h"
#include "scenario.h"
#include "store.h"
#include "strbuf.h"

#define NOW	1796083200	/* 2026-12-01T00:00:00Z */

struct fixture {
	char			*dir;
	struct store		*store;
	struct model		*m;
	struct revoke_index	*ix;
};

static void
import_one(struct fixture *f, const char *rel, const char *cluster)
{
	struct import_options	 opts;
	struct import_result	*res = NULL;
	const char		*paths[1];
	size_t			 nres = 0;
	char			*path, *err = NULL;

	if (asprintf(&path, "%s/tests/fixtures/%s", testutil_root(), rel) == -1)
		abort();
	memset(&opts, 0, sizeof(opts));
	opts.now = NOW;
	opts.cluster = cluster;
	paths[0] = path;
	if (import_files(f->store, paths, 1, &opts, &res, &nres, &err) !=
	    IMPORT_OK)
		fail_msg("import %s: %s", rel, err);
	import_results_free(res, nres);
	free(path);
}

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));
	char		*db, *err = NULL;

	f->dir = testutil_tmpdir();
	if (asprintf(&db, "%s/case.db", f->dir) == -1)
		abort();
	if (store_open(db, STORE_CREATE, &f->store, &err) == -1)
		fail_msg("store_open: %s", err);
	import_one(f, "aws/authz-basic.json", NULL);
	import_one(f, "aws/credreport.csv", NULL);
	import_one(f, "k8s/cluster-dump.json", "prod");
	import_one(f, "github/org", NULL);
	import_one(f, "entra/tenant", NULL);
	import_one(f, "gcp/project", NULL);
	import_one(f, "findings/estate.json", NULL);
	if (model_load(f->store, &f->m, &err) == -1)
		fail_msg("model_load: %s", err);
	if (revoke_index_create(f->store, f->m, NULL, &f->ix, &err) != 0)
		fail_msg("revoke_index_create: %s", err);
	free(db);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	revoke_index_free(f->ix);
	model_free(f->m);
	store_close(f->store);
	testutil_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static size_t
node(struct fixture *f, const char *key)
{
	int64_t	 v = model_find(f->m, key);

	if (v < 0)
		fail_msg("no node %s", key);
	return (size_t)v;
}

static void
find(struct fixture *f, const char *key, struct revoke_result *res)
{
	struct reach_filter	 rf = { REACH_KINDS_STRICT, NULL, NULL };

	assert_int_equal(revoke_find(f->ix, node(f, key), &rf, NULL, res), 0);
}

/* 1 when the result lists key as a holder through the right rkey. */
static int
holds(struct fixture *f, const struct revoke_result *res, const char *key,
    const char *rkey)
{
	size_t	 i;

	for (i = 0; i < res->nholders; i++) {
		if ((key == NULL ||
		    strcmp(f->m->key[res->holders[i].node], key) == 0) &&
		    (rkey == NULL ||
		    strcmp(f->m->key[res->holders[i].right], rkey) == 0))
			return 1;
	}
	return 0;
}

static int
owns(struct fixture *f, const struct revoke_result *res, const char *key)
{
	size_t	 i;

	for (i = 0; i < res->nowners; i++) {
		if (strcmp(f->m->key[res->owners[i]], key) == 0)
			return 1;
	}
	return 0;
}

/* Render the commands of key and check command i against want. */
static void
command_is(struct fixture *f, const char *key, size_t i, const char *want)
{
	struct revoke_result	 res;
	struct revoke_cmd	 cmds[REVOKE_MAX_COMMANDS];
	char			*err = NULL;
	int			 n;

	find(f, key, &res);
	n = revoke_cmd_render(f->m, f->store, node(f, key), &res, cmds, &err);
	if (n < 0)
		fail_msg("revoke_cmd_render: %s", err);
	assert_true((size_t)n > i);
	assert_non_null(cmds[i].text);
	assert_string_equal(cmds[i].text, want);
	revoke_cmd_free(cmds, (size_t)n);
	revoke_result_free(&res);
}

static void
test_revoke_aws_key(void **state)
{
	struct fixture		*f = *state;
	struct revoke_result	 res;
	const char		*key =
	    "aws:arn:aws:iam::123456789012:user/bob#access_key_1";

	find(f, key, &res);
	assert_int_equal(res.platform, REVOKE_AWS);
	assert_true(holds(f, &res, "aws:arn:aws:iam::123456789012:group/admins",
	    "aws:priv:allow:* on *"));
	assert_true(holds(f, &res,
	    "aws:arn:aws:iam::123456789012:user/people/alice", NULL));
	/* PowerLike allows everything except iam:*, so it cannot revoke. */
	assert_false(holds(f, &res, NULL,
	    "aws:priv:allow:not(iam:*,organizations:*) on *"));
	assert_true(revoke_has_path(&res));
	revoke_result_free(&res);
	command_is(f, key, 1, "aws iam update-access-key --status Inactive "
	    "--access-key-id ACCESS_KEY_ID --user-name 'bob'");
	command_is(f, key, 2, "aws iam delete-access-key --access-key-id "
	    "ACCESS_KEY_ID --user-name 'bob'");
}

static void
test_revoke_k8s_secret(void **state)
{
	struct fixture		*f = *state;
	struct revoke_result	 res;
	const char		*key = "k8s:prod:payments:secret:api-token";

	find(f, key, &res);
	assert_int_equal(res.platform, REVOKE_K8S);
	assert_true(holds(f, &res, "k8s:prod::group:system:masters",
	    "k8s:prod::privilege:*|*|*|"));
	/* get,list secrets in payments reads them but cannot delete. */
	assert_false(holds(f, &res, NULL, "k8s:prod:payments:privilege:"
	    "get,list||secrets|"));
	revoke_result_free(&res);
	command_is(f, key, 0, "kubectl delete secret -n 'payments' "
	    "'api-token'");
}

static void
test_revoke_github(void **state)
{
	struct fixture		*f = *state;
	struct revoke_result	 res;
	const char		*pat =
	    "github:GH_PersonalAccessToken_O_kgDOBXAbCw_880011";
	const char		*dk = "github:GH_DeployKey_R_kgDOApIrep_9901";
	const char		*owners =
	    "github:T19rZ0RPQlhBYkN3X293bmVycw==";	/* O_..._owners */

	find(f, pat, &res);
	assert_int_equal(res.platform, REVOKE_GITHUB);
	assert_true(owns(f, &res, "github:U_kgDOBoB0b0"));
	assert_true(holds(f, &res, "github:U_kgDOAaLiCe", owners));
	revoke_result_free(&res);
	command_is(f, pat, 0, "gh api -X POST "
	    "'orgs/fixture-org/personal-access-tokens/25381' -f action=revoke");

	/* A deploy key: the organisation owning its repository. */
	find(f, dk, &res);
	assert_true(holds(f, &res, "github:U_kgDOAaLiCe", owners));
	revoke_result_free(&res);
	command_is(f, dk, 0, "gh api -X DELETE "
	    "'repos/fixture-org/api/keys/9901'");
	command_is(f, "github:GH_OrgSecret_O_kgDOBXAbCw_NPM_TOKEN", 0,
	    "gh secret delete 'NPM_TOKEN' --org 'fixture-org'");
	command_is(f, "github:GH_EnvironmentSecret_EN_kwDOProdAp_PROD_API_KEY",
	    0, "gh secret delete 'PROD_API_KEY' --env 'production' --repo "
	    "'fixture-org/api'");
}

static void
test_revoke_entra(void **state)
{
	struct fixture		*f = *state;
	struct revoke_result	 res;
	const char		*key = "entra:app:11111111-aaaa-4bbb-8ccc-"
	    "000000000001#secret/e1e1e1e1-0005-4000-8000-000000000001";

	find(f, key, &res);
	assert_int_equal(res.platform, REVOKE_ENTRA);
	assert_true(owns(f, &res, "entra:a1b2c3d4-0001-4000-8000-000000000001"));
	assert_true(holds(f, &res, "entra:a1b2c3d4-0001-4000-8000-000000000001",
	    "entra:62e90394-69f5-4237-9190-012177145e10"));
	revoke_result_free(&res);
	command_is(f, key, 0, "az ad app credential delete --id "
	    "'11111111-aaaa-4bbb-8ccc-000000000001' --key-id "
	    "'e1e1e1e1-0005-4000-8000-000000000001'");
	command_is(f, "entra:app:11111111-aaaa-4bbb-8ccc-000000000001#cert/"
	    "e1e1e1e1-0005-4000-8000-000000000002", 0, "az ad app credential "
	    "delete --id '11111111-aaaa-4bbb-8ccc-000000000001' --key-id "
	    "'e1e1e1e1-0005-4000-8000-000000000002' --cert");
}

static void
test_revoke_gcp(void **state)
{
	struct fixture		*f = *state;
	struct revoke_result	 res;
	const char		*key = "gcp://iam.googleapis.com/projects/fx-proj/"
	    "serviceAccounts/runner@fx-proj.iam.gserviceaccount.com/keys/bb22";

	find(f, key, &res);
	assert_int_equal(res.platform, REVOKE_GCP);
	assert_true(holds(f, &res, "gcp:user:owner@example.com",
	    "gcp://cloudresourcemanager.googleapis.com/projects/55501"
	    "#roles/owner"));
	/* roles/viewer on the project does not delete keys. */
	assert_false(holds(f, &res, NULL, "gcp://cloudresourcemanager."
	    "googleapis.com/projects/55501#roles/viewer"));
	revoke_result_free(&res);
	command_is(f, key, 0, "gcloud iam service-accounts keys disable 'bb22' "
	    "--iam-account 'runner@fx-proj.iam.gserviceaccount.com' "
	    "--project 'fx-proj'");
}

/* Quote word and compare, or expect a rejection when want is NULL. */
static void
quote_is(const char *word, const char *want)
{
	struct strbuf	 sb;

	strbuf_init(&sb);
	if (want == NULL) {
		assert_int_equal(revoke_cmd_quote(&sb, word), -1);
		assert_int_equal(sb.len, 0);
	} else {
		assert_int_equal(revoke_cmd_quote(&sb, word), 0);
		assert_string_equal(sb.buf, want);
	}
	strbuf_free(&sb);
}

static void
test_revoke_quote_hostile(void **state)
{
	(void)state;
	quote_is("payments", "'payments'");
	quote_is("a b", "'a b'");
	quote_is("x';rm -rf ~;'", "'x'\\'';rm -rf ~;'\\'''");
	quote_is("$(touch pwned)", "'$(touch pwned)'");
	quote_is("`id`", "'`id`'");
	quote_is("--all", NULL);
	quote_is("-n", NULL);
	quote_is("", NULL);
	quote_is(NULL, NULL);
	quote_is("a\nb", NULL);
	quote_is("a\033[2Jb", NULL);
	quote_is("a\xe2\x80\xae" "b", NULL);	/* U+202E, a bidi override */
	quote_is("caf\xc3\xa9", NULL);
}

/* The rule: only the fixture's unowned credential no right covers. */
static void
test_revoke_rule(void **state)
{
	struct fixture		*f = *state;
	struct findings_opts	 o;
	struct findings		*fs;
	struct scenario		 sc;
	char			*err = NULL;
	size_t			 i, n = 0;
	int			 bob = 0;

	if (findings_scenario(f->store, f->m, NULL, &sc, &err) == -1)
		fail_msg("findings_scenario: %s", err);
	memset(&o, 0, sizeof(o));
	o.now = NOW;
	if (findings_evaluate(f->store, f->m, &sc, &o, NULL, &fs, &err) != 0)
		fail_msg("findings_evaluate: %s", err);
	for (i = 0; i < fs->n; i++) {
		if (strcmp(fs->v[i].rule->id, "no-revocation-path") != 0)
			continue;
		n++;
		assert_int_equal(f->m->kind[fs->v[i].node],
		    KIND_NODE_CREDENTIAL);
		if (strstr(f->m->key[fs->v[i].node], "user/bob#") != NULL)
			bob = 1;
	}
	assert_true(n > 0);
	/* bob's key has admins who can revoke it. */
	assert_false(bob);
	findings_free(fs);
	scenario_free(&sc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_revoke_aws_key),
		cmocka_unit_test(test_revoke_k8s_secret),
		cmocka_unit_test(test_revoke_github),
		cmocka_unit_test(test_revoke_entra),
		cmocka_unit_test(test_revoke_gcp),
		cmocka_unit_test(test_revoke_quote_hostile),
		cmocka_unit_test(test_revoke_rule),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
