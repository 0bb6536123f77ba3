/*
 * Tests of the Entra ID importers: a folder of Microsoft Graph responses
 * (tests/fixtures/entra/tenant) and ROADrecon databases in both schemas,
 * made at test time from SQL fixtures, through the real import driver and
 * a real case file. They cover users, groups and members, applications,
 * service principals, credentials without their values, federated
 * credentials, app role assignments, delegated grants, directory roles,
 * sign-in activity, the tenant, pages, and bad input.
 */
#include "testcloud.h"

#include <sqlite3.h>

#define TENANT	"entra:3f0b2d1c-7a9e-4c6b-8d5f-1e2a3b4c5d6e"
#define ALICE	"entra:a1b2c3d4-0001-4000-8000-000000000001"
#define BOB	"entra:a1b2c3d4-0001-4000-8000-000000000002"
#define GUEST	"entra:a1b2c3d4-0001-4000-8000-000000000003"
#define ADMINS	"entra:b1b2c3d4-0002-4000-8000-000000000001"
#define ENG	"entra:b1b2c3d4-0002-4000-8000-000000000002"
#define DEP_APP	"entra:app:11111111-aaaa-4bbb-8ccc-000000000001"
#define DEP_SP	"entra:sp:11111111-aaaa-4bbb-8ccc-000000000001"
#define REP_APP	"entra:app:11111111-aaaa-4bbb-8ccc-000000000002"
#define REP_SP	"entra:sp:11111111-aaaa-4bbb-8ccc-000000000002"
#define GRAPH	"entra:sp:00000003-0000-0000-c000-000000000000"
#define VENDOR	"entra:sp:22222222-bbbb-4ccc-8ddd-000000000004"
#define MI	"entra:sp:33333333-cccc-4ddd-8eee-000000000005"
#define GA	"entra:62e90394-69f5-4237-9190-012177145e10"
#define AA	"entra:9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"
#define PRA	"entra:e8611ab8-c189-46e8-94e1-60213ab1f814"

static void
entra_counts_and_tenant(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_path(f, "entra/tenant"), IMPORT_OK);
	assert_string_equal(f->results[0].format, "entra-graph");
	assert_string_equal(f->results[0].source, TENANT);
	assert_int_equal(f->results[0].nodes, 27);
	assert_int_equal(f->results[0].edges, 32);
	assert_int_equal(f->results[0].placeholders, 0);
	/* One client secret's value is in the export: a warning. */
	assert_int_equal(f->results[0].warnings, 1);
	assert_int_equal(count_warnings(f, "field secretText: the value was "
	    "replaced by its fingerprint"), 1);
	load(f);
	assert_string_equal(f->model->name[node(f, TENANT)], "Fixture Tenant");
	assert_attr(f, TENANT, "verifiedDomains",
	    "[\"fixture.example\",\"fixturetenant.onmicrosoft.com\"]");
}

static void
entra_users(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	size_t		 v;

	assert_int_equal(import_path(f, "entra/tenant"), IMPORT_OK);
	m = load(f);
	v = node(f, ALICE);
	assert_int_equal(m->kind[v], KIND_NODE_HUMAN);
	assert_string_equal(m->name[v], "Alice Example");
	/* The latest of the three sign-in times. */
	assert_int_equal(m->life[v].last_used_at, 1796018400);
	assert_int_equal(m->life[v].last_rotated_at, 1780272000);
	assert_int_equal(m->life[v].disabled, 0);
	assert_attr(f, ALICE, "userPrincipalName", "alice@fixture.example");
	v = node(f, BOB);
	assert_int_equal(m->life[v].disabled, 1);
	assert_attr(f, BOB, "employeeLeaveDateTime", "2026-03-15T00:00:00Z");
	/* The second page of users.json: a guest. */
	assert_string_equal(model_label(m, m->kinds[node(f, GUEST)]),
	    "EntraUser,EntraGuest");
}

static void
entra_groups_and_members(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_path(f, "entra/tenant"), IMPORT_OK);
	load(f);
	assert_string_equal(model_label(f->model, f->model->kinds[node(f,
	    ADMINS)]), "EntraGroup,EntraRoleAssignableGroup");
	/* Members expanded in groups.json and listed in a file. */
	assert_true(edge(f, ALICE, ADMINS, KIND_EDGE_MEMBER_OF,
	    "MemberOf") >= 0);
	assert_true(edge(f, DEP_SP, ADMINS, KIND_EDGE_MEMBER_OF, NULL) >= 0);
	assert_true(edge(f, BOB, ENG, KIND_EDGE_MEMBER_OF, NULL) >= 0);
	assert_true(edge(f, ADMINS, ENG, KIND_EDGE_MEMBER_OF, NULL) >= 0);
	/* Owners: expanded on the application and on the SP. */
	assert_true(edge(f, ALICE, DEP_APP, KIND_EDGE_OWNS, "Owns") >= 0);
	assert_true(edge(f, ALICE, DEP_SP, KIND_EDGE_OWNS, "Owns") >= 0);
}

static void
entra_apps_and_credentials(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	size_t		 v;
	char		*fp;

	assert_int_equal(import_path(f, "entra/tenant"), IMPORT_OK);
	m = load(f);
	assert_int_equal(m->kind[node(f, DEP_APP)], KIND_NODE_OAUTH_APP);
	assert_true(edge(f, DEP_APP, DEP_SP, KIND_EDGE_RUNS_AS,
	    "RunsAs") >= 0);
	assert_attr(f, DEP_APP, "requiredResourceAccess",
	    "[\"00000003-0000-0000-c000-000000000000/Role/"
	    "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9\"]");
	v = node(f, DEP_APP "#secret/e1e1e1e1-0005-4000-8000-000000000001");
	assert_string_equal(model_label(m, m->credential_type[v]),
	    "client_secret");
	assert_int_equal(m->life[v].created_at, 1735689600);
	assert_int_equal(m->life[v].expires_at, 1798761600);
	/* Last used, from appCredentialSignInActivities. */
	assert_int_equal(m->life[v].last_used_at, 1795780800);
	assert_attr(f, DEP_APP "#secret/e1e1e1e1-0005-4000-8000-000000000001",
	    "hint", "Xy7");
	assert_true(edge(f, DEP_APP "#cert/e1e1e1e1-0005-4000-8000-"
	    "000000000002", DEP_APP, KIND_EDGE_AUTHENTICATES_AS,
	    "KeyCredential") >= 0);
	/* A secret value in the export is kept only as a fingerprint. */
	fp = attr(f, REP_APP "#secret/e1e1e1e1-0005-4000-8000-000000000003",
	    "fingerprint");
	assert_non_null(fp);
	assert_int_equal(strlen(fp), 64);
	free(fp);
	assert_null(attr(f, REP_APP "#secret/e1e1e1e1-0005-4000-8000-"
	    "000000000003", "secretText"));
	/* A secret valid to 2299: a 64-bit time. */
	assert_int_equal(m->life[node(f, REP_APP "#secret/e1e1e1e1-0005-"
	    "4000-8000-000000000003")].expires_at, 10413705600LL);
}

static void
entra_federated_credentials(void **state)
{
	struct fixture	*f = *state;
	const char	*fic = DEP_APP "#fic/f1f1f1f1-0006-4000-8000-"
			    "000000000001";

	assert_int_equal(import_path(f, "entra/tenant"), IMPORT_OK);
	load(f);
	assert_attr(f, fic, "issuer",
	    "https://token.actions.githubusercontent.com");
	assert_attr(f, fic, "subject",
	    "repo:fixture-org/api:environment:production");
	assert_attr(f, fic, "audiences", "[\"api://AzureADTokenExchange\"]");
	assert_true(edge(f, fic, DEP_APP, KIND_EDGE_AUTHENTICATES_AS,
	    "FederatedIdentityCredential") >= 0);
}

static void
entra_service_principals(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;

	assert_int_equal(import_path(f, "entra/tenant"), IMPORT_OK);
	m = load(f);
	assert_attr(f, VENDOR, "third_party", "true");
	assert_attr(f, DEP_SP, "third_party", "false");
	assert_string_equal(model_label(m, m->kinds[node(f, MI)]),
	    "EntraServicePrincipal,EntraManagedIdentity");
	/* servicePrincipalSignInActivities. */
	assert_int_equal(m->life[node(f, DEP_SP)].last_used_at, 1795899600);
	assert_attr(f, DEP_SP, "signin:lastSignInActivity",
	    "2026-11-28T21:00:00Z");
}

static void
entra_grants_and_roles(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	char		*attrs;
	int64_t		 e;

	assert_int_equal(import_path(f, "entra/tenant"), IMPORT_OK);
	m = load(f);
	/* App roles by their value, from the resource's appRoles. */
	e = edge(f, REP_SP, GRAPH "#app/Directory.ReadWrite.All",
	    KIND_EDGE_HAS_ROLE, "AppRoleAssignment");
	assert_true(e >= 0);
	attrs = edge_text(f, e, 0);
	assert_non_null(strstr(attrs, "19dbc75e-c2e2-444c-a770-ec69d8559fc7"));
	free(attrs);
	assert_true(edge(f, GRAPH "#app/Directory.ReadWrite.All", GRAPH,
	    KIND_EDGE_APPLIES_TO, "OnResource") >= 0);
	assert_int_equal(m->kind[node(f, GRAPH "#app/Directory.ReadWrite.All")],
	    KIND_NODE_PRIVILEGE);
	/* One delegated grant, one edge per scope, spaces trimmed. */
	assert_true(edge(f, VENDOR, GRAPH "#delegated/User.Read",
	    KIND_EDGE_HAS_ROLE, "OAuth2PermissionGrant") >= 0);
	assert_true(edge(f, VENDOR, GRAPH "#delegated/offline_access",
	    KIND_EDGE_HAS_ROLE, NULL) >= 0);
	assert_true(edge(f, VENDOR, GRAPH "#delegated/Mail.Read",
	    KIND_EDGE_HAS_ROLE, NULL) >= 0);
	/* Directory roles: assignments, legacy members, names. */
	assert_true(edge(f, ALICE, GA, KIND_EDGE_HAS_ROLE,
	    "DirectoryRoleAssignment") >= 0);
	assert_true(edge(f, ALICE, GA, KIND_EDGE_HAS_ROLE,
	    "DirectoryRoleMember") >= 0);
	assert_true(edge(f, ADMINS, PRA, KIND_EDGE_HAS_ROLE, NULL) >= 0);
	/* No definition in the export: the built-in name. */
	assert_string_equal(m->name[node(f, PRA)],
	    "Privileged Role Administrator");
	assert_attr(f, PRA, "privileged", "true");
	assert_true(edge(f, GA, TENANT, KIND_EDGE_GRANTS,
	    "DirectoryRole") >= 0);
}

static void
entra_tenant_from_applications(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_path(f, "entra/no-org"), IMPORT_OK);
	assert_string_equal(f->results[0].source, TENANT);
}

static void
entra_missing_page_warns(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_path(f, "entra/missing-page"), IMPORT_OK);
	assert_int_equal(f->results[0].warnings, 1);
	assert_int_equal(count_warnings(f, "last page is missing"), 1);
	assert_string_equal(f->results[0].source, "file:missing-page");
}

static void
entra_malformed_records(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_path(f, "entra/malformed"), IMPORT_OK);
	assert_int_equal(f->results[0].warnings, 5);
	assert_int_equal(count_warnings(f, "users.json value[1]"), 1);
	assert_int_equal(count_warnings(f, "no keyId"), 1);
	assert_int_equal(count_warnings(f, "not an ISO 8601 time"), 1);
}

static void
entra_single_file(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_path(f, "entra/tenant/users.json"), IMPORT_OK);
	assert_string_equal(f->results[0].format, "entra-graph");
	assert_int_equal(f->results[0].nodes, 3);
}

/* Make a database from an SQL fixture in the scratch folder. */
static char *
make_db(struct fixture *f, const char *sql_name, const char *db_name)
{
	sqlite3	*db;
	char	*path, *sqlpath, *sql, *err = NULL;
	FILE	*fp;
	long	 len;

	if (asprintf(&path, "%s/%s", f->dir, db_name) == -1 ||
	    asprintf(&sqlpath, "%s/tests/fixtures/entra/%s", testutil_root(),
	    sql_name) == -1)
		abort();
	if ((fp = fopen(sqlpath, "r")) == NULL)
		fail_msg("cannot read %s", sqlpath);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	sql = calloc(1, (size_t)len + 1);
	if (fread(sql, 1, (size_t)len, fp) != (size_t)len)
		fail_msg("cannot read %s", sqlpath);
	fclose(fp);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql_name, err);
	sqlite3_close(db);
	free(sql);
	free(sqlpath);
	return path;
}

static void
roadrecon_classic(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	const char	*app = "entra:app:44444444-dddd-4eee-8fff-000000000001";
	const char	*sp = "entra:sp:44444444-dddd-4eee-8fff-000000000001";
	char		*db;

	db = make_db(f, "roadrecon-classic.sql", "roadrecon.db");
	assert_int_equal(import_path(f, db), IMPORT_OK);
	assert_string_equal(f->results[0].format, "roadrecon");
	assert_string_equal(f->results[0].source,
	    "entra:6c1d2e3f-4a5b-4c6d-8e7f-90a1b2c3d4e5");
	assert_int_equal(f->results[0].nodes, 14);
	assert_int_equal(f->results[0].edges, 17);
	assert_int_equal(f->results[0].warnings, 0);
	m = load(f);
	/* Booleans kept as 0 and 1. */
	assert_int_equal(m->life[node(f, "entra:aa000000-0000-4000-8000-"
	    "000000000002")].disabled, 1);
	/* Credentials in the Azure AD Graph dialect (endDate, startDate). */
	assert_int_equal(m->life[node(f, "entra:app:44444444-dddd-4eee-8fff-"
	    "000000000001#secret/dd000000-0000-4000-8000-000000000001")].
	    expires_at, 1796860800);
	assert_true(edge(f, app, sp, KIND_EDGE_RUNS_AS, NULL) >= 0);
	/* Link tables. */
	assert_true(edge(f, "entra:aa000000-0000-4000-8000-000000000001", app,
	    KIND_EDGE_OWNS, NULL) >= 0);
	assert_true(edge(f, "entra:bb000000-0000-4000-8000-000000000001",
	    "entra:bb000000-0000-4000-8000-000000000002", KIND_EDGE_MEMBER_OF,
	    NULL) >= 0);
	assert_true(edge(f, "entra:aa000000-0000-4000-8000-000000000001", GA,
	    KIND_EDGE_HAS_ROLE, "DirectoryRoleMember") >= 0);
	/* The classic app role assignment names the role by "id". */
	assert_true(edge(f, sp, GRAPH "#app/Directory.ReadWrite.All",
	    KIND_EDGE_HAS_ROLE, "AppRoleAssignment") >= 0);
	assert_true(edge(f, "entra:bb000000-0000-4000-8000-000000000001", AA,
	    KIND_EDGE_HAS_ROLE, "DirectoryRoleAssignment") >= 0);
	free(db);
}

static void
roadrecon_msgraph(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	char		*db = make_db(f, "roadrecon-msgraph.sql", "rr.db");

	assert_int_equal(import_path(f, db), IMPORT_OK);
	assert_string_equal(f->results[0].source,
	    "entra:7a7a7a7a-0000-4000-8000-000000000777");
	m = load(f);
	assert_int_equal(m->life[node(f, "entra:ab000000-0000-4000-8000-"
	    "000000000001")].last_used_at, 1793700000);
	assert_true(edge(f, "entra:sp:55555555-eeee-4fff-8aaa-000000000001",
	    AA, KIND_EDGE_HAS_ROLE, "DirectoryRoleAssignment") >= 0);
	free(db);
}

static void
roadrecon_rejects_other_sqlite(void **state)
{
	struct fixture	*f = *state;
	const char	*format = "roadrecon";
	char		*db;

	/* The case file itself is SQLite but not ROADrecon's. */
	db = strdup(store_path(f->store));
	assert_int_equal(import_paths(f, format, 0, (const char **)&db, 1),
	    IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "not a ROADrecon database"));
	free(db);
	db = strdup("entra/tenant/users.json");
	assert_int_equal(import_paths(f, format, 0, (const char **)&db, 1),
	    IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "not a SQLite database"));
	free(db);
	assert_int_equal(count_snapshots(f), 0);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test_setup_teardown(entra_counts_and_tenant, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(entra_users, setup, teardown),
		cmocka_unit_test_setup_teardown(entra_groups_and_members, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(entra_apps_and_credentials,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(entra_federated_credentials,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(entra_service_principals, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(entra_grants_and_roles, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(entra_tenant_from_applications,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(entra_missing_page_warns, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(entra_malformed_records, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(entra_single_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(roadrecon_classic, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(roadrecon_msgraph, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(roadrecon_rejects_other_sqlite,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
