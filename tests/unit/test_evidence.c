/*
 * Tests of usage evidence: the CloudTrail importer on the fixtures of
 * tests/fixtures/evidence (plain, gzip, lookup-events, malformed and
 * truncated), the event table read back through the view, the observed
 * edges and their figures, analyses that leave observed edges alone,
 * last use raised from the evidence at load, and the importers of
 * Kubernetes audit logs, Access Analyzer findings, GitHub audit logs and
 * Entra sign-ins.
 */
#include "testaws.h"

#include "reach.h"

#define EV(x)	"../evidence/" x
#define U(x)	"aws:arn:aws:iam::111122223333:user/" x
#define R(x)	"aws:arn:aws:iam::111122223333:role/" x
#define BACKUP	U("service-accounts/svc-backup")
#define BKEY	BACKUP "#access_key/AKIAEXAMPLEBACKUP001"

struct event_list {
	int64_t		 at[32];
	char		*action[32];
	char		*error[32];
	size_t		 n;
};

static int
event_collect(void *ctx, const struct store_event_row *row)
{
	struct event_list	*l = ctx;

	if (l->n == 32)
		return 0;
	l->at[l->n] = row->at;
	l->action[l->n] = strdup(row->action != NULL ? row->action : "");
	l->error[l->n] = row->error_code != NULL ? strdup(row->error_code) :
	    NULL;
	l->n++;
	return 0;
}

static void
event_list_free(struct event_list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		free(l->action[i]);
		free(l->error[i]);
	}
}

static void
scan(struct fixture *f, int64_t kid, struct event_list *l)
{
	struct store_event_query	 q = { kid, 0, 0 };
	char				*err = NULL;

	memset(l, 0, sizeof(*l));
	if (store_scan_events(f->store, &q, event_collect, l, &err) == -1)
		fail_msg("%s", err);
}

static void
cloudtrail_records_counts(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_fixture(f, EV("cloudtrail-records.json")),
	    IMPORT_OK);
	assert_string_equal(f->results[0].format, "cloudtrail");
	assert_string_equal(f->results[0].source,
	    "cloudtrail:cloudtrail-records.json");
	/* Records 8, 9 and 10 are malformed. */
	assert_int_equal(f->results[0].warnings, 3);
	assert_int_equal(f->results[0].partial, 1);
	/* used x2, called x2, assumed x3. */
	assert_int_equal(f->results[0].edges, 7);
}

static void
cloudtrail_events_in_order(void **state)
{
	struct fixture		*f = *state;
	struct event_list	 l;
	struct store_event_window w;
	char			*err = NULL;

	assert_int_equal(import_fixture(f, EV("cloudtrail-records.json")),
	    IMPORT_OK);
	scan(f, 0, &l);
	assert_int_equal(l.n, 8);
	assert_string_equal(l.action[0], "s3:PutObject");
	assert_null(l.error[0]);
	assert_string_equal(l.error[1], "AccessDenied");
	assert_string_equal(l.action[2], "sts:AssumeRole");
	assert_string_equal(l.action[4], "sts:AssumeRoleWithWebIdentity");
	assert_string_equal(l.action[5], "sts:AssumeRoleWithSAML");
	assert_string_equal(l.action[6], "signin:ConsoleLogin");
	assert_string_equal(l.action[7], "sts:GetSessionToken");
	assert_true(l.at[0] <= l.at[7]);
	event_list_free(&l);

	assert_int_equal(store_event_window(f->store, &w, &err), 0);
	assert_int_equal(w.count, 8);
	assert_int_equal(w.first, l.at[0]);
	assert_int_equal(w.last, l.at[7]);
}

static void
cloudtrail_actor_and_credential(void **state)
{
	struct fixture		*f = *state;
	struct model		*m;
	struct event_list	 l;
	size_t			 key;

	assert_int_equal(import_fixture(f, EV("cloudtrail-records.json")),
	    IMPORT_OK);
	m = load(f);
	key = node(f, BKEY);
	assert_int_equal(m->kind[key], KIND_NODE_CREDENTIAL);
	scan(f, m->kid[key], &l);
	/* Two puts, the assume and the session token: not the login. */
	assert_int_equal(l.n, 4);
	event_list_free(&l);
	scan(f, m->kid[node(f, BACKUP "#password")], &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.action[0], "signin:ConsoleLogin");
	event_list_free(&l);
	/* Actors of federation are the providers the trust names. */
	node(f, "aws:arn:aws:iam::111122223333:oidc-provider/"
	    "token.actions.githubusercontent.com");
	node(f, "aws:arn:aws:iam::111122223333:saml-provider/corp-idp");
}

static void
cloudtrail_observed_edges(void **state)
{
	struct fixture			*f = *state;
	struct model			*m;
	struct store_event_stats	 st;
	char				*err = NULL;

	assert_int_equal(import_fixture(f, EV("cloudtrail-records.json")),
	    IMPORT_OK);
	m = load(f);
	assert_true(edge(f, BKEY, BACKUP, KIND_EDGE_USED,
	    "cloudtrail:used") >= 0);
	assert_true(edge(f, BACKUP, R("backup-restore"), KIND_EDGE_ASSUMED,
	    "cloudtrail:assumed") >= 0);
	assert_true(edge(f, R("backup-restore"), "aws:service:s3",
	    KIND_EDGE_CALLED, "cloudtrail:called") >= 0);
	assert_int_equal(store_event_stats(f->store, KIND_EDGE_USED,
	    m->kid[node(f, BKEY)], m->kid[node(f, BACKUP)], &st, &err), 0);
	assert_int_equal(st.count, 4);
	assert_int_equal(st.errors, 1);
	assert_true(st.first < st.last);
	assert_int_equal(store_event_stats(f->store, KIND_EDGE_ASSUMED,
	    m->kid[node(f, BACKUP)], m->kid[node(f, R("backup-restore"))],
	    &st, &err), 0);
	assert_int_equal(st.count, 1);
	assert_int_equal(st.errors, 0);
}

static void
cloudtrail_no_session_token(void **state)
{
	struct fixture	*f = *state;
	char		*cmd;
	int		 rc;

	assert_int_equal(import_fixture(f, EV("cloudtrail-records.json")),
	    IMPORT_OK);
	store_close(f->store);
	f->store = NULL;
	if (asprintf(&cmd, "grep -q IQoJb3JpZ2luX2VjEXAMPLE %s/case.db",
	    f->dir) == -1)
		abort();
	rc = system(cmd);
	free(cmd);
	assert_int_not_equal(rc, 0);
}

static void
reach_skips_observed_edges(void **state)
{
	struct fixture		*f = *state;
	struct model		*m;
	struct reach		 r;
	struct reach_filter	 flt = { REACH_KINDS_DEFAULT, NULL, NULL };
	size_t			 from, role;

	assert_int_equal(import_fixture(f, EV("cloudtrail-records.json")),
	    IMPORT_OK);
	m = load(f);
	from = node(f, BKEY);
	role = node(f, R("backup-restore"));
	reach_init(&r, m);
	assert_int_equal(reach_run(&r, from, 0, &flt, 0, NULL), 0);
	assert_false(reach_seen(&r, role));
	flt.kinds = REACH_KINDS_DEFAULT | KIND_EDGE_OBSERVED_MASK;
	assert_int_equal(reach_run(&r, from, 0, &flt, 0, NULL), 0);
	assert_true(reach_seen(&r, role));
	reach_free(&r);
}

static void
cloudtrail_gzip_same_as_plain(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_fixture(f, EV("cloudtrail-records.json.gz")),
	    IMPORT_OK);
	assert_string_equal(f->results[0].format, "cloudtrail");
	assert_int_equal(f->results[0].edges, 7);
	assert_int_equal(f->results[0].warnings, 3);
}

static void
cloudtrail_truncated_rejected(void **state)
{
	struct fixture			*f = *state;
	struct store_event_window	 w;
	char				*err = NULL;

	assert_int_equal(import_fixtures(f, "cloudtrail", 0,
	    (const char *[]){ EV("cloudtrail-truncated.json.gz") }, 1),
	    IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "truncated"));
	assert_int_equal(import_fixtures(f, "cloudtrail", 0,
	    (const char *[]){ EV("cloudtrail-truncated.json") }, 1),
	    IMPORT_REJECTED);
	assert_int_equal(store_event_window(f->store, &w, &err), 0);
	assert_int_equal(w.count, 0);
}

static void
cloudtrail_lookup_events(void **state)
{
	struct fixture		*f = *state;
	struct event_list	 l;

	assert_int_equal(import_fixture(f, EV("cloudtrail-lookup.json")),
	    IMPORT_OK);
	assert_string_equal(f->results[0].format, "cloudtrail");
	/* A truncated CloudTrailEvent string and an event without one. */
	assert_int_equal(f->results[0].warnings, 2);
	scan(f, 0, &l);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.action[0], "signin:ConsoleLogin");
	assert_null(l.error[0]);
	assert_string_equal(l.error[1], "Failure");
	assert_string_equal(l.action[2], "iam:ListUsers");
	event_list_free(&l);
}

static void
evidence_raises_last_use(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	int64_t		 at;
	const char	*pw = "aws:arn:aws:iam::123456789012:user/people/"
	    "alice#password";

	assert_int_equal(import_fixture(f, "credreport.csv"), IMPORT_OK);
	m = load(f);
	assert_false(tstamp_is_set(m->life[node(f, pw)].last_used_at));
	assert_int_equal(import_fixture(f, EV("cloudtrail-lookup.json")),
	    IMPORT_OK);
	m = load(f);
	/* The failed login of 11 November does not count. */
	assert_int_equal(tstamp_parse("2026-11-10T09:00:00Z", &at), 0);
	assert_int_equal(m->life[node(f, pw)].last_used_at, at);
	/* The password stays a credential of the report. */
	assert_int_equal(m->kind[node(f, pw)], KIND_NODE_CREDENTIAL);
}

static void
k8s_audit_events(void **state)
{
	struct fixture		*f = *state;
	struct event_list	 l;

	assert_int_equal(import_fixture(f, EV("k8s-audit.jsonl")), IMPORT_OK);
	assert_string_equal(f->results[0].format, "k8s-audit");
	/* No user on line 7; line 8 is cut off. */
	assert_int_equal(f->results[0].warnings, 2);
	scan(f, 0, &l);
	/* The RequestReceived stage of the first request is left out. */
	assert_int_equal(l.n, 5);
	assert_string_equal(l.action[0], "get secrets");
	assert_string_equal(l.error[2], "403");
	assert_string_equal(l.action[3], "create pods/exec");
	event_list_free(&l);
	load(f);
	assert_true(edge(f, "k8s:k8s-audit:payments:sa:api",
	    "k8s:k8s-audit:payments:secret:db-password", KIND_EDGE_CALLED,
	    "k8s-audit:called") >= 0);
	assert_true(edge(f, "k8s:k8s-audit:ci:sa:deployer",
	    "k8s:k8s-audit::clusterrole:edit", KIND_EDGE_CALLED,
	    "k8s-audit:called") >= 0);
}

static void
access_analyzer_unused(void **state)
{
	struct fixture			*f = *state;
	struct store_event_window	 w;
	struct event_list		 l;
	struct model			*m;
	char				*err = NULL;
	int64_t				 at;

	assert_int_equal(import_fixture(f, "credreport.csv"), IMPORT_OK);
	assert_int_equal(import_fixture(f, EV("access-analyzer.json")),
	    IMPORT_OK);
	assert_string_equal(f->results[0].format, "access-analyzer");
	/* A finding without a resource; ExternalAccess is left out. */
	assert_int_equal(f->results[0].warnings, 1);
	scan(f, 0, &l);
	assert_int_equal(l.n, 5);
	event_list_free(&l);
	/* Statements of non-use make no evidence window. */
	assert_int_equal(store_event_window(f->store, &w, &err), 0);
	assert_int_equal(w.count, 0);
	m = load(f);
	assert_int_equal(tstamp_parse("2026-06-15T12:00:00Z", &at), 0);
	assert_int_equal(m->life[node(f, "aws:arn:aws:iam::123456789012:"
	    "user/people/alice#password")].last_used_at, at);
	/* Never used: an event, but no edge. */
	assert_true(edge(f, "aws:arn:aws:iam::123456789012:role/ci-deploy",
	    "aws:service:s3", KIND_EDGE_CALLED, "access-analyzer:called") >=
	    0);
	node(f, "aws:arn:aws:iam::123456789012:user/bob#access_key/"
	    "AKIAEXAMPLEBOBKEY001");
}

static void
github_audit_entries(void **state)
{
	struct fixture		*f = *state;
	struct event_list	 l;

	assert_int_equal(import_fixture(f, EV("github-audit.json")),
	    IMPORT_OK);
	assert_string_equal(f->results[0].format, "github-audit");
	assert_int_equal(f->results[0].warnings, 2);
	scan(f, 0, &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.action[0], "git.clone");
	assert_int_equal(l.at[0], 1762761600);
	assert_string_equal(l.action[1], "repo.create");
	event_list_free(&l);
	load(f);
	/* Logins the case does not describe become placeholders. */
	assert_true(edge(f, "github:login:maria",
	    "github:repo:example-org/new-service", KIND_EDGE_CALLED,
	    "github-audit:called") >= 0);
}

static void
entra_signins_errors(void **state)
{
	struct fixture		*f = *state;
	struct event_list	 l;
	struct model		*m;
	const char		*sp = "entra:sp:11111111-0000-4000-8000-"
	    "000000000001";
	int64_t			 at;

	assert_int_equal(import_fixture(f, EV("entra-signins.json")),
	    IMPORT_OK);
	assert_string_equal(f->results[0].format, "entra-signin");
	assert_int_equal(f->results[0].warnings, 1);
	scan(f, 0, &l);
	assert_int_equal(l.n, 2);
	assert_null(l.error[0]);
	assert_string_equal(l.error[1], "7000215");
	event_list_free(&l);
	m = load(f);
	/* The failed sign-in at 02:00 is not a use. */
	assert_int_equal(tstamp_parse("2026-11-12T01:00:00Z", &at), 0);
	assert_int_equal(m->life[node(f, sp)].last_used_at, at);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(cloudtrail_records_counts,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(cloudtrail_events_in_order,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    cloudtrail_actor_and_credential, setup, teardown),
		cmocka_unit_test_setup_teardown(cloudtrail_observed_edges,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(cloudtrail_no_session_token,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(reach_skips_observed_edges,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(cloudtrail_gzip_same_as_plain,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(cloudtrail_truncated_rejected,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(cloudtrail_lookup_events,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(evidence_raises_last_use,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(k8s_audit_events, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(access_analyzer_unused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(github_audit_entries, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(entra_signins_errors, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
