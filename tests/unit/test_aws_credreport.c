/*
 * Tests of the IAM credential report importer on the project's fixtures:
 * the CSV and both JSON forms, the never, unknown and n/a states, the
 * credentials of each user, ragged and malformed rows, rejected files,
 * and the merge with the authorization details of the same account.
 */
#include "testaws.h"

#define ACCT	"aws:arn:aws:iam::123456789012:root"
#define U(x)	"aws:arn:aws:iam::123456789012:user/" x

static void
aws_credreport_csv_counts(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_fixture(f, "credreport.csv"), IMPORT_OK);
	assert_string_equal(f->results[0].format, "aws-credential-report");
	assert_string_equal(f->results[0].source,
	    "aws:123456789012:credential-report");
	/*
	 * Account (root) and its password; ci-deploy with two keys and a
	 * certificate; alice and her password; bob and his key.
	 */
	assert_int_equal(f->results[0].nodes, 10);
	assert_int_equal(f->results[0].edges, 9);
	assert_int_equal(f->results[0].warnings, 0);
}

static void
aws_credreport_root_account(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	size_t		 v;

	assert_int_equal(import_fixture(f, "credreport.csv"), IMPORT_OK);
	m = load(f);
	v = node(f, ACCT);
	assert_int_equal(m->kind[v], KIND_NODE_SYSTEM);
	assert_string_equal(m->name[v], "AWS account 123456789012");
	assert_attr(f, ACCT, "mfa_active", "true");
	v = node(f, ACCT "#password");
	assert_int_equal(m->kind[v], KIND_NODE_CREDENTIAL);
	assert_int_equal(m->life[v].last_used_at, 1706933106);
	/* not_supported: does not apply. */
	assert_int_equal(m->life[v].last_rotated_at, TSTAMP_NA);
	assert_int_equal(m->life[v].expires_at, TSTAMP_NA);
	assert_true(edge(f, ACCT "#password", ACCT,
	    KIND_EDGE_AUTHENTICATES_AS, "ConsolePassword") >= 0);
	/* The root user has no keys in this report. */
	assert_int_equal(model_find(m, ACCT "#access_key_1"), -1);
}

static void
aws_credreport_keys_and_certs(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	size_t		 v;

	assert_int_equal(import_fixture(f, "credreport.csv"), IMPORT_OK);
	m = load(f);
	v = node(f, U("ci-deploy#access_key_1"));
	assert_string_equal(m->name[v], "ci-deploy: access key 1");
	assert_string_equal(model_label(m, m->credential_type[v]),
	    "access_key");
	assert_int_equal(m->life[v].last_rotated_at, 1673337605);
	assert_int_equal(m->life[v].last_used_at, 1714564800);
	assert_int_equal(m->life[v].disabled, 0);
	assert_attr(f, U("ci-deploy#access_key_1"), "last_used_region",
	    "eu-west-1");
	assert_attr(f, U("ci-deploy#access_key_1"), "last_used_service",
	    "s3");
	/* Inactive but dated (space in place of the T): it exists. */
	v = node(f, U("ci-deploy#access_key_2"));
	assert_int_equal(m->life[v].disabled, 1);
	assert_int_equal(m->life[v].last_rotated_at, 1673337606);
	assert_int_equal(m->life[v].last_used_at, TSTAMP_NEVER);
	v = node(f, U("ci-deploy#signing_cert_1"));
	assert_string_equal(model_label(m, m->credential_type[v]),
	    "certificate");
	assert_int_equal(model_find(m, U("ci-deploy#signing_cert_2")), -1);
	assert_int_equal(model_find(m, U("ci-deploy#password")), -1);
	/* An active key never used. */
	v = node(f, U("bob#access_key_1"));
	assert_int_equal(m->life[v].last_used_at, TSTAMP_NEVER);
	assert_int_equal(m->life[v].disabled, 0);
	assert_true(edge(f, U("bob#access_key_1"), U("bob"),
	    KIND_EDGE_AUTHENTICATES_AS, "AccessKey") >= 0);
}

static void
aws_credreport_people_and_machines(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	size_t		 v;

	assert_int_equal(import_fixture(f, "credreport.csv"), IMPORT_OK);
	m = load(f);
	v = node(f, U("people/alice"));
	assert_int_equal(m->kind[v], KIND_NODE_HUMAN);
	assert_string_equal(m->name[v], "alice");
	assert_attr(f, U("people/alice"), "identity_class_reason",
	    "console password enabled, MFA active");
	v = node(f, U("people/alice#password"));
	/* no_information: unknown. */
	assert_int_equal(m->life[v].last_used_at, TSTAMP_UNKNOWN);
	assert_int_equal(m->life[v].expires_at, 1733011200);
	assert_int_equal(m->kind[node(f, U("bob"))],
	    KIND_NODE_SERVICE_ACCOUNT);
	assert_attr(f, U("bob"), "identity_class", "machine");
	assert_attr(f, U("bob"), "identity_class_reason",
	    "1 active access key and no console password");
	assert_true(edge(f, U("bob"), ACCT, KIND_EDGE_RELATED,
	    "InAccount") >= 0);
}

static void
aws_credreport_json_forms(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_fixture(f, "credreport-base64.json"),
	    IMPORT_OK);
	assert_int_equal(f->results[0].nodes, 10);
	assert_int_equal(f->results[0].edges, 9);
	load(f);
	assert_attr(f, U("bob"), "credential_report_generated",
	    "2024-06-01T10:00:00+00:00");
	assert_int_equal(import_fixture(f, "credreport-plain.json"),
	    IMPORT_OK);
	assert_string_equal(f->results[0].format, "aws-credential-report");
	assert_int_equal(f->results[0].nodes, 10);
	assert_int_equal(f->results[0].warnings, 0);
}

static void
aws_credreport_ragged_rows(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	size_t		 v;

	assert_int_equal(import_fixture(f, "credreport-ragged.csv"),
	    IMPORT_OK);
	/* A short row, a stray quote, two bad dates and a bad ARN. */
	assert_int_equal(f->results[0].warnings, 5);
	assert_int_equal(f->results[0].partial, 1);
	m = load(f);
	assert_string_equal(m->name[node(f, U("quoted"))],
	    "quoted, with comma");
	assert_string_equal(m->name[node(f, U("multiline"))], "multi\nline");
	assert_int_equal(model_find(m, U("short")), -1);
	assert_int_equal(model_find(m, U("badquote")), -1);
	v = node(f, U("baddate"));
	assert_int_equal(m->life[v].created_at, TSTAMP_UNKNOWN);
	v = node(f, U("baddate#access_key_1"));
	assert_int_equal(m->life[v].last_used_at, TSTAMP_UNKNOWN);
}

static void
aws_credreport_rejected(void **state)
{
	struct fixture	*f = *state;
	const char	*name = "credreport-wrong-header.csv";

	assert_int_equal(import_fixtures(f, "aws-credential-report", 0, &name,
	    1), IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "no \"user\" and \"arn\" columns"));
	assert_int_equal(import_fixture(f, "credreport-bad-content.json"),
	    IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "Content is neither"));
	name = "authz-basic.json";
	assert_int_equal(import_fixtures(f, "aws-credential-report", 0, &name,
	    1), IMPORT_REJECTED);
	assert_int_equal(count_snapshots(f), 0);
}

static void
aws_credreport_merges_with_authz(void **state)
{
	struct fixture	*f = *state;
	const char	*both[] = { "credreport.csv", "authz-basic.json" };
	struct model	*m;
	size_t		 v;

	assert_int_equal(import_fixtures(f, NULL, 0, both, 2), IMPORT_OK);
	m = load(f);
	/* One bob, with his key from the report and his group from authz. */
	v = node(f, U("bob"));
	assert_int_equal(m->kind[v], KIND_NODE_SERVICE_ACCOUNT);
	assert_true(edge(f, U("bob#access_key_1"), U("bob"),
	    KIND_EDGE_AUTHENTICATES_AS, NULL) >= 0);
	assert_true(edge(f, U("bob"),
	    "aws:arn:aws:iam::123456789012:group/developers",
	    KIND_EDGE_MEMBER_OF, NULL) >= 0);
	/* The authorization details had no evidence: the report's shows. */
	assert_attr(f, U("bob"), "identity_class", "machine");
	assert_int_equal(m->life[v].created_at, 1643760000);
	/* The account node is shared too. */
	assert_true(edge(f, ACCT "#password", ACCT,
	    KIND_EDGE_AUTHENTICATES_AS, NULL) >= 0);
	assert_true(edge(f, ACCT, "aws:arn:aws:iam::123456789012:role/deploy",
	    KIND_EDGE_CAN_ASSUME, NULL) >= 0);
}

static void
aws_credreport_merge_any_order(void **state)
{
	struct fixture	*f = *state;
	const char	*both[] = { "authz-basic.json", "credreport.csv" };
	struct model	*m;

	assert_int_equal(import_fixtures(f, NULL, 0, both, 2), IMPORT_OK);
	m = load(f);
	assert_int_equal(m->kind[node(f, U("bob"))],
	    KIND_NODE_SERVICE_ACCOUNT);
	assert_attr(f, U("bob"), "identity_class", "machine");
	assert_int_equal(m->kind[node(f, U("people/alice"))],
	    KIND_NODE_HUMAN);
	/* Re-importing the report replaces its own snapshot only. */
	assert_int_equal(import_fixture(f, "credreport.csv"), IMPORT_OK);
	m = load(f);
	assert_true(edge(f, U("bob"),
	    "aws:arn:aws:iam::123456789012:group/developers",
	    KIND_EDGE_MEMBER_OF, NULL) >= 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(aws_credreport_csv_counts,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(aws_credreport_root_account,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(aws_credreport_keys_and_certs,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    aws_credreport_people_and_machines, setup, teardown),
		cmocka_unit_test_setup_teardown(aws_credreport_json_forms,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(aws_credreport_ragged_rows,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(aws_credreport_rejected,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    aws_credreport_merges_with_authz, setup, teardown),
		cmocka_unit_test_setup_teardown(aws_credreport_merge_any_order,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
