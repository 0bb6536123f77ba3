/*
 * Tests of the GCP importer on the project's fixtures, through the real
 * import driver and a real case file. The inputs are Cloud Asset
 * Inventory exports as an array (snake_case) and as JSON Lines
 * (camelCase), gcloud service account and key lists, get-iam-policy
 * output named by its file, and a folder of one project. The tests cover
 * members and their kinds, bindings, conditions, impersonation, key
 * validity and rejected files.
 */
#include "testcloud.h"

#define CRM	"gcp://cloudresourcemanager.googleapis.com/projects/"
#define SA	"gcp:serviceAccount:builder@fx-proj.iam.gserviceaccount.com"
#define SA2	"gcp:serviceAccount:runner@fx-proj.iam.gserviceaccount.com"
#define KEYS	"gcp://iam.googleapis.com/projects/fx-proj/serviceAccounts/"

static void
gcp_asset_array_counts(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_path(f, "gcp/assets.json"), IMPORT_OK);
	assert_string_equal(f->results[0].format, "gcp");
	assert_string_equal(f->results[0].source, "gcp:fx-proj");
	assert_int_equal(f->results[0].nodes, 23);
	assert_int_equal(f->results[0].edges, 25);
	assert_int_equal(f->results[0].placeholders, 0);
	/* A binding without members, a member that is a number, an asset
	 * without a full name. */
	assert_int_equal(f->results[0].warnings, 3);
	assert_int_equal(f->results[0].partial, 1);
}

static void
gcp_members_keep_prefixes(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;

	assert_int_equal(import_path(f, "gcp/assets.json"), IMPORT_OK);
	m = load(f);
	/* E-mail addresses are read in lower case. */
	assert_int_equal(m->kind[node(f, "gcp:user:owner@example.com")],
	    KIND_NODE_HUMAN);
	assert_int_equal(m->kind[node(f, "gcp:group:admins@example.com")],
	    KIND_NODE_GROUP);
	assert_int_equal(m->kind[node(f, "gcp:domain:example.com")],
	    KIND_NODE_GROUP);
	assert_int_equal(m->kind[node(f, SA)], KIND_NODE_SERVICE_ACCOUNT);
	assert_int_equal(m->kind[node(f,
	    "gcp:deleted:user:gone@example.com?uid=123456789")],
	    KIND_NODE_OTHER);
	assert_any_attr(f, "gcp:deleted:user:gone@example.com?uid=123456789",
	    "deleted", "true");
	assert_any_attr(f, "gcp:allUsers", "public", "true");
	assert_any_attr(f, "gcp:allAuthenticatedUsers", "public", "true");
	assert_true(model_find(m, "gcp:user:Owner@Example.com") < 0);
}

static void
gcp_bindings_link_resources(void **state)
{
	struct fixture	*f = *state;
	char		*cond;
	int64_t		 e;

	assert_int_equal(import_path(f, "gcp/assets.json"), IMPORT_OK);
	load(f);
	assert_true(edge(f, "gcp:user:owner@example.com",
	    CRM "55501#roles/owner", KIND_EDGE_HAS_ROLE, "IAMBinding") >= 0);
	assert_true(edge(f, CRM "55501#roles/owner", CRM "55501",
	    KIND_EDGE_GRANTS, "IAMGrant") >= 0);
	assert_any_attr(f, CRM "55501#roles/owner", "role_class", "admin");
	assert_true(edge(f, "gcp:allUsers",
	    "gcp://storage.googleapis.com/fx-public#roles/storage.objectViewer",
	    KIND_EDGE_HAS_ROLE, NULL) >= 0);
	/* The bucket's parent contains it. */
	assert_true(edge(f, CRM "55501", "gcp://storage.googleapis.com/"
	    "fx-public", KIND_EDGE_RELATED, "Contains") >= 0);
	/* A conditional binding keeps its condition on the edge. */
	e = edge(f, SA, CRM "55501#roles/editor", KIND_EDGE_HAS_ROLE, NULL);
	assert_true(e >= 0);
	assert_true(f->model->eflags[e] & RECORD_EDGE_CONDITIONAL);
	cond = edge_text(f, e, 1);
	assert_non_null(strstr(cond, "\"title\":\"expires\""));
	assert_non_null(strstr(cond, "request.time"));
	free(cond);
}

static void
gcp_impersonation_is_can_assume(void **state)
{
	struct fixture	*f = *state;
	int64_t		 e;
	char		*attrs;

	assert_int_equal(import_path(f, "gcp/project"), IMPORT_OK);
	load(f);
	/* Service account user on the account itself. */
	assert_true(edge(f, "gcp:user:dev@example.com", SA,
	    KIND_EDGE_CAN_ASSUME, "ActAs") >= 0);
	/* Workload identity user: a principal set of a pool. */
	assert_true(edge(f, "gcp:principalSet://iam.googleapis.com/projects/"
	    "55501/locations/global/workloadIdentityPools/gh/attribute."
	    "repository/fixture-org/api", SA, KIND_EDGE_CAN_ASSUME,
	    "WorkloadIdentityUser") >= 0);
	/* Token creator on the project reaches every account in it. */
	e = edge(f, "gcp:user:helper@example.com", SA2, KIND_EDGE_CAN_ASSUME,
	    "TokenCreator");
	assert_true(e >= 0);
	attrs = edge_text(f, e, 0);
	assert_non_null(strstr(attrs, "\"granted_on\":\"projects/"));
	free(attrs);
	assert_true(edge(f, "gcp:user:helper@example.com", SA,
	    KIND_EDGE_CAN_ASSUME, "TokenCreator") >= 0);
	/* The get-iam-policy file named the project by its id. */
	assert_true(edge(f, "gcp:serviceAccount:ci@other-proj.iam."
	    "gserviceaccount.com", SA2, KIND_EDGE_CAN_ASSUME,
	    "TokenCreator") >= 0);
}

static void
gcp_folder_grant_reaches_projects(void **state)
{
	struct fixture	*f = *state;
	int64_t		 e;
	char		*attrs;

	assert_int_equal(import_path(f, "gcp/folder-grant.json"), IMPORT_OK);
	load(f);
	/* The project of this account has the folder among its ancestors. */
	e = edge(f, "gcp:user:folder-admin@example.com",
	    "gcp:serviceAccount:deployer@p-seven.iam.gserviceaccount.com",
	    KIND_EDGE_CAN_ASSUME, "TokenCreator");
	assert_true(e >= 0);
	attrs = edge_text(f, e, 0);
	assert_non_null(strstr(attrs, "\"granted_on\":\"folders/42\""));
	free(attrs);
	/* This project is under another folder. */
	assert_true(edge(f, "gcp:user:folder-admin@example.com",
	    "gcp:serviceAccount:other@p-eight.iam.gserviceaccount.com",
	    KIND_EDGE_CAN_ASSUME, "TokenCreator") < 0);
}

static void
gcp_keys_managed_and_valid(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	size_t		 k;

	assert_int_equal(import_path(f, "gcp/project"), IMPORT_OK);
	m = load(f);
	/* 9999-12-31T23:59:59Z is "never expires". */
	k = node(f, KEYS "builder@fx-proj.iam.gserviceaccount.com/keys/aa11");
	assert_int_equal(m->kind[k], KIND_NODE_CREDENTIAL);
	assert_true(m->life[k].expires_at == TSTAMP_NEVER);
	assert_int_equal(m->life[k].created_at, 1683356889);
	assert_any_attr(f, KEYS "builder@fx-proj.iam.gserviceaccount.com/"
	    "keys/aa11", "managed_by", "user");
	assert_string_equal(model_label(m, m->credential_type[k]),
	    "service_account_key");
	assert_true(edge(f, KEYS "builder@fx-proj.iam.gserviceaccount.com/"
	    "keys/aa11", SA, KIND_EDGE_AUTHENTICATES_AS,
	    "ServiceAccountKey") >= 0);
	/* A key valid into the year 2200: 64-bit times. */
	k = node(f, KEYS "runner@fx-proj.iam.gserviceaccount.com/keys/bb22");
	assert_int_equal(m->life[k].expires_at, 7260984306LL);
	k = node(f, KEYS "runner@fx-proj.iam.gserviceaccount.com/keys/cc33");
	assert_any_attr(f, KEYS "runner@fx-proj.iam.gserviceaccount.com/"
	    "keys/cc33", "managed_by", "google");
	assert_int_equal(m->life[k].disabled, 1);
	assert_int_equal(m->life[node(f, SA2)].disabled, 1);
}

static void
gcp_folder_is_one_snapshot(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;

	assert_int_equal(import_path(f, "gcp/project"), IMPORT_OK);
	assert_int_equal(f->nresults, 1);
	assert_string_equal(f->results[0].source, "gcp:fx-proj");
	assert_int_equal(count_snapshots(f), 1);
	m = load(f);
	/* The project by id (gcloud) and by number (assets) is one node. */
	assert_true(model_find(m, CRM "fx-proj") < 0);
	assert_true(model_find(m, CRM "55501") >= 0);
	assert_true(model_find(m, CRM "fx-proj#roles/iam."
	    "serviceAccountTokenCreator") < 0);
	assert_true(model_find(m, CRM "55501#roles/iam."
	    "serviceAccountTokenCreator") >= 0);
	/* The uniqueId of an account folds into its e-mail key. */
	assert_true(model_find(m, "gcp:serviceAccount:111222333") < 0);
	assert_any_attr(f, SA, "displayName", "Builder");
	/* The search result of a JSON Lines export. */
	assert_true(edge(f, "gcp:user:analyst@example.com",
	    "gcp://bigquery.googleapis.com/projects/fx-proj/datasets/ds1#"
	    "roles/bigquery.dataViewer", KIND_EDGE_HAS_ROLE, NULL) >= 0);
}

static void
gcp_json_lines_bad_line_warns(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_path(f, "gcp/assets.jsonl"), IMPORT_OK);
	assert_int_equal(f->results[0].warnings, 1);
	assert_int_equal(count_warnings(f, "line 2"), 1);
	/* Two projects (an id and a number) and no organisation. */
	assert_string_equal(f->results[0].source, "file:assets.jsonl");
}

static void
gcp_policy_file_needs_name(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_path(f, "gcp/policy.json"), IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "policy.json"));
	assert_non_null(strstr(f->err, ".iam-policy.json"));
	assert_int_equal(count_snapshots(f), 0);
}

static void
gcp_truncated_file_rejected(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_path(f, "gcp/truncated.json"),
	    IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "truncated.json: line 1, column"));
	assert_int_equal(count_snapshots(f), 0);
}

static void
gcp_list_response_read(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_path(f, "gcp/list-assets.json"), IMPORT_OK);
	load(f);
	assert_int_equal(f->model->kind[node(f,
	    "gcp://storage.googleapis.com/fx-listed")], KIND_NODE_SYSTEM);
}

static void
gcp_strict_rejects_warnings(void **state)
{
	struct fixture	*f = *state;
	const char	*name = "gcp/keys.json";

	assert_int_equal(import_paths(f, NULL, 1, &name, 1), IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "rejected by --strict"));
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test_setup_teardown(gcp_asset_array_counts,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(gcp_members_keep_prefixes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(gcp_bindings_link_resources,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(gcp_impersonation_is_can_assume,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    gcp_folder_grant_reaches_projects, setup, teardown),
		cmocka_unit_test_setup_teardown(gcp_keys_managed_and_valid,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(gcp_folder_is_one_snapshot,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(gcp_json_lines_bad_line_warns,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(gcp_policy_file_needs_name,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(gcp_truncated_file_rejected,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(gcp_list_response_read,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(gcp_strict_rejects_warnings,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
