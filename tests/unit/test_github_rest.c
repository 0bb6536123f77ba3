/*
 * Tests of the GitHub REST importer on a folder of gh api --paginate
 * output for one organisation (tests/fixtures/github/org), through the
 * real import driver and a real case file. They cover GitHound's keys,
 * members and roles, teams, apps, fine-grained tokens and requests,
 * deploy keys, secrets and variables without values, and environments
 * and their protection rules. Also pagination, API errors, malformed
 * records and rejected folders.
 */
#include "testcloud.h"

#define ORG	"github:O_kgDOBXAbCw"
#define ALICE	"github:U_kgDOAaLiCe"
#define BOB	"github:U_kgDOBoB0b0"
#define CAROL	"github:U_kgDOCaRoL1"
#define API	"github:R_kgDOApIrep"
#define WEB	"github:R_kgDOWebRep"
#define INFRA	"github:R_kgDOInFrA1"
#define PROD	"github:EN_kwDOProdAp"
/* base64 of "<node id>_<role>", as GitHound keys roles. */
#define OWNERS	"github:T19rZ0RPQlhBYkN3X293bmVycw=="
#define MEMBERS	"github:T19rZ0RPQlhBYkN3X21lbWJlcnM="
#define PLATFORM_MEMBERS "github:VF9rd0RPUGxhdGZtX21lbWJlcnM="
#define API_WRITE "github:Ul9rZ0RPQXBJcmVwX3dyaXRl"
#define INFRA_ADMIN "github:Ul9rZ0RPSW5GckExX2FkbWlu"

static void
github_rest_counts(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_path(f, "github/org"), IMPORT_OK);
	assert_int_equal(f->nresults, 1);
	assert_string_equal(f->results[0].format, "github-rest");
	assert_string_equal(f->results[0].source, "github:fixture-org:rest");
	assert_int_equal(f->results[0].nodes, 39);
	assert_int_equal(f->results[0].edges, 75);
	assert_int_equal(f->results[0].placeholders, 0);
	/*
	 * repos/web/keys.json contains an API error, and the variable
	 * LEGACY_TOKEN holds a token.
	 */
	assert_int_equal(f->results[0].warnings, 2);
	assert_int_equal(count_warnings(f, "GitHub API error"), 1);
	assert_int_equal(count_warnings(f, "variable's value looks like a "
	    "credential"), 1);
	assert_int_equal(count_snapshots(f), 1);
}

static void
github_rest_members_and_roles(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;

	assert_int_equal(import_path(f, "github/org"), IMPORT_OK);
	m = load(f);
	assert_int_equal(m->kind[node(f, ORG)], KIND_NODE_SYSTEM);
	assert_string_equal(m->name[node(f, ORG)], "fixture-org");
	assert_string_equal(m->name[node(f, OWNERS)], "fixture-org/owners");
	assert_true(edge(f, ALICE, OWNERS, KIND_EDGE_HAS_ROLE,
	    "GH_HasRole") >= 0);
	assert_true(edge(f, ALICE, MEMBERS, KIND_EDGE_HAS_ROLE, NULL) >= 0);
	assert_true(edge(f, BOB, OWNERS, KIND_EDGE_HAS_ROLE, NULL) < 0);
	assert_true(edge(f, OWNERS, ORG, KIND_EDGE_GRANTS, "GH_AdminTo") >= 0);
	/* The second page of members.json contains the bot. */
	assert_int_equal(m->kind[node(f, "github:BOT_kgDOBdePl")],
	    KIND_NODE_SERVICE_ACCOUNT);
	/* Base permission "read": the members role reads every repo. */
	assert_true(edge(f, MEMBERS, "github:Ul9rZ0RPV2ViUmVwX3JlYWQ=",
	    KIND_EDGE_HAS_ROLE, "GH_HasBaseRole") >= 0);
	assert_true(edge(f, ORG, WEB, KIND_EDGE_OWNS, "GH_Owns") >= 0);
	/* users/alice.json adds the profile. */
	assert_attr(f, ALICE, "email", "alice@fixture.example");
	assert_attr(f, ALICE, "full_name", "Alice Example");
	assert_attr(f, CAROL, "outside_collaborator", "true");
	assert_true(edge(f, CAROL, ORG, KIND_EDGE_RELATED,
	    "GH_OutsideCollaborator") >= 0);
	/* Carol writes to api as a collaborator. */
	assert_true(edge(f, CAROL, API_WRITE, KIND_EDGE_HAS_ROLE,
	    NULL) >= 0);
	assert_true(edge(f, API_WRITE, API, KIND_EDGE_GRANTS,
	    "GH_WriteRepoContents") >= 0);
}

static void
github_rest_teams(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;

	assert_int_equal(import_path(f, "github/org"), IMPORT_OK);
	m = load(f);
	assert_int_equal(m->kind[node(f, "github:T_kwDOPlatfm")],
	    KIND_NODE_TEAM);
	assert_true(edge(f, PLATFORM_MEMBERS, "github:T_kwDOPlatfm",
	    KIND_EDGE_MEMBER_OF, "GH_MemberOf") >= 0);
	assert_true(edge(f, BOB, PLATFORM_MEMBERS, KIND_EDGE_HAS_ROLE,
	    NULL) >= 0);
	assert_true(edge(f, ALICE, "github:VF9rd0RPUGxhdGZtX21haW50YWluZXJz",
	    KIND_EDGE_HAS_ROLE, NULL) >= 0);
	/* The child team is a member of its parent. */
	assert_true(edge(f, "github:T_kwDOOnCall1", "github:T_kwDOPlatfm",
	    KIND_EDGE_MEMBER_OF, NULL) >= 0);
	assert_true(edge(f, "github:T_kwDOPlatfm", INFRA_ADMIN,
	    KIND_EDGE_HAS_ROLE, NULL) >= 0);
	assert_true(edge(f, INFRA_ADMIN, INFRA, KIND_EDGE_GRANTS,
	    "GH_AdminTo") >= 0);
}

static void
github_rest_apps(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;

	assert_int_equal(import_path(f, "github/org"), IMPORT_OK);
	m = load(f);
	/* Keyed by client_id, as GitHound keys installations. */
	assert_int_equal(m->kind[node(f, "github:Iv23liLintFx01")],
	    KIND_NODE_OAUTH_APP);
	assert_attr(f, "github:Iv23liLintFx01", "repository_selection",
	    "all");
	assert_attr(f, "github:Iv23liLintFx01", "permissions",
	    "[\"checks:write\",\"contents:read\",\"metadata:read\"]");
	assert_int_equal(out_count(f, "github:Iv23liLintFx01",
	    KIND_EDGE_GRANTS), 3);
	/* The second page of installations.json, selected repositories. */
	assert_attr(f, "github:Iv1.deployfx02", "write_access", "true");
	assert_int_equal(out_count(f, "github:Iv1.deployfx02",
	    KIND_EDGE_GRANTS), 1);
	assert_true(edge(f, "github:Iv1.deployfx02", INFRA, KIND_EDGE_GRANTS,
	    "GH_CanAccess") >= 0);
}

static void
github_rest_tokens(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	size_t		 t;
	int64_t		 e;

	assert_int_equal(import_path(f, "github/org"), IMPORT_OK);
	m = load(f);
	t = node(f, "github:GH_PersonalAccessToken_O_kgDOBXAbCw_880011");
	assert_int_equal(m->kind[t], KIND_NODE_CREDENTIAL);
	assert_string_equal(m->name[t], "bob release token");
	assert_int_equal(m->life[t].expires_at, 1801353600);
	assert_int_equal(m->life[t].last_used_at, 1795161600);
	assert_string_equal(model_label(m, m->owner[t]), "bob");
	assert_true(edge(f, BOB, "github:GH_PersonalAccessToken_O_kgDOBXAbCw_"
	    "880011", KIND_EDGE_OWNS, "GH_HasPersonalAccessToken") >= 0);
	/* A subset grant: only the repositories of its file. */
	assert_int_equal(out_count(f, "github:GH_PersonalAccessToken_"
	    "O_kgDOBXAbCw_880011", KIND_EDGE_GRANTS), 1);
	/* No expiry and never used: both "never". */
	t = node(f, "github:GH_PersonalAccessToken_O_kgDOBXAbCw_880012");
	assert_true(m->life[t].expires_at == TSTAMP_NEVER);
	assert_true(m->life[t].last_used_at == TSTAMP_NEVER);
	assert_int_equal(out_count(f, "github:GH_PersonalAccessToken_"
	    "O_kgDOBXAbCw_880012", KIND_EDGE_GRANTS), 3);
	/* A pending request reaches nothing yet. */
	assert_attr(f, "github:GH_PersonalAccessTokenRequest_O_kgDOBXAbCw_77",
	    "pending", "true");
	e = edge(f, "github:GH_PersonalAccessTokenRequest_O_kgDOBXAbCw_77",
	    WEB, KIND_EDGE_RELATED, "GH_RequestsAccess");
	assert_true(e >= 0);
	assert_true(m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE);
}

static void
github_rest_deploy_keys(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	size_t		 k;

	assert_int_equal(import_path(f, "github/org"), IMPORT_OK);
	m = load(f);
	k = node(f, "github:GH_DeployKey_R_kgDOApIrep_9901");
	assert_string_equal(model_label(m, m->credential_type[k]),
	    "deploy_key");
	assert_true(m->life[k].last_used_at == TSTAMP_NEVER);
	assert_attr(f, "github:GH_DeployKey_R_kgDOApIrep_9901",
	    "ssh_fingerprint",
	    "SHA256:xS5g+A4NjPAlsifTVUJ8ASsLCXp3q47FqpwKBcsRCD8");
	assert_attr(f, "github:GH_DeployKey_R_kgDOApIrep_9901",
	    "ssh_key_type", "ssh-ed25519");
	assert_true(edge(f, "github:GH_DeployKey_R_kgDOApIrep_9901", API,
	    KIND_EDGE_GRANTS, "GH_DeployKeyRead") >= 0);
	assert_true(edge(f, "github:GH_DeployKey_R_kgDOApIrep_9902", API,
	    KIND_EDGE_GRANTS, "GH_DeployKeyWrite") >= 0);
	k = node(f, "github:GH_DeployKey_R_kgDOApIrep_9902");
	assert_int_equal(m->life[k].last_used_at, 1790838000);
	/* The public key itself is not kept. */
	assert_null(attr(f, "github:GH_DeployKey_R_kgDOApIrep_9902", "key"));
}

static void
github_rest_secrets_and_variables(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	size_t		 v;
	char		*value;

	assert_int_equal(import_path(f, "github/org"), IMPORT_OK);
	m = load(f);
	/* Visibility all, private, selected. */
	assert_int_equal(out_count(f, WEB, KIND_EDGE_USES), 1);
	assert_true(edge(f, WEB, "github:GH_OrgSecret_O_kgDOBXAbCw_"
	    "DEPLOY_TOKEN", KIND_EDGE_USES, "GH_HasSecret") >= 0);
	assert_true(edge(f, WEB, "github:GH_OrgSecret_O_kgDOBXAbCw_NPM_TOKEN",
	    KIND_EDGE_USES, NULL) < 0);
	assert_true(edge(f, INFRA, "github:GH_OrgSecret_O_kgDOBXAbCw_"
	    "SIGNING_KEY", KIND_EDGE_USES, NULL) >= 0);
	assert_true(edge(f, API, "github:GH_OrgSecret_O_kgDOBXAbCw_"
	    "SIGNING_KEY", KIND_EDGE_USES, NULL) < 0);
	v = node(f, "github:GH_OrgSecret_O_kgDOBXAbCw_NPM_TOKEN");
	assert_int_equal(m->life[v].last_rotated_at, 1772323200);
	/* A plain variable keeps no value. */
	v = node(f, "github:GH_OrgVariable_O_kgDOBXAbCw_REGION");
	assert_int_equal(m->kind[v], KIND_NODE_OTHER);
	assert_null(attr(f, "github:GH_OrgVariable_O_kgDOBXAbCw_REGION",
	    "value"));
	/* A token in a variable is a credential, kept as a fingerprint. */
	v = node(f, "github:GH_OrgVariable_O_kgDOBXAbCw_LEGACY_TOKEN");
	assert_int_equal(m->kind[v], KIND_NODE_CREDENTIAL);
	value = attr(f, "github:GH_OrgVariable_O_kgDOBXAbCw_LEGACY_TOKEN",
	    "fingerprint");
	assert_non_null(value);
	assert_int_equal(strlen(value), 64);
	assert_null(strstr(value, "ghp_"));
	free(value);
	assert_true(edge(f, API, "github:GH_OrgVariable_O_kgDOBXAbCw_"
	    "LEGACY_TOKEN", KIND_EDGE_USES, "GH_HasVariable") >= 0);
	assert_true(edge(f, API, "github:GH_Secret_R_kgDOApIrep_DB_PASSWORD",
	    KIND_EDGE_USES, NULL) >= 0);
}

static void
github_rest_environments(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	size_t		 v;

	assert_int_equal(import_path(f, "github/org"), IMPORT_OK);
	m = load(f);
	v = node(f, PROD);
	assert_string_equal(m->name[v], "api/production");
	assert_string_equal(model_label(m, m->environment[v]), "production");
	assert_attr(f, PROD, "repository_name", "fixture-org/api");
	assert_attr(f, PROD, "short_name", "production");
	assert_attr(f, PROD, "wait_timer", "30");
	assert_attr(f, PROD, "required_reviewers",
	    "[\"user:alice\",\"team:platform\"]");
	assert_attr(f, PROD, "prevent_self_review", "true");
	assert_attr(f, PROD, "deployment_branch_policy",
	    "custom_branch_policies");
	assert_attr(f, PROD, "deployment_branch:release/*", "branch");
	assert_true(edge(f, API, PROD, KIND_EDGE_RELATED,
	    "GH_HasEnvironment") >= 0);
	assert_true(edge(f, ALICE, PROD, KIND_EDGE_RELATED,
	    "GH_RequiredReviewer") >= 0);
	assert_true(edge(f, PROD, "github:GH_EnvironmentSecret_EN_kwDOProdAp_"
	    "PROD_API_KEY", KIND_EDGE_USES, "GH_HasSecret") >= 0);
	/* "Get an environment" as a file of its own. */
	assert_string_equal(m->name[node(f, "github:EN_kwDOStgInf")],
	    "infra/staging");
	assert_attr(f, "github:EN_kwDOStgInf", "deployment_branch_policy",
	    "none");
}

static void
github_rest_malformed_records(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_path(f, "github/malformed"), IMPORT_OK);
	assert_int_equal(f->results[0].warnings, 5);
	assert_int_equal(f->results[0].partial, 1);
	assert_int_equal(count_warnings(f, "members.json page 2 [0]"), 1);
	assert_int_equal(count_warnings(f, "duplicate key"), 1);
	assert_int_equal(count_warnings(f, "repository \"ghost\""), 1);
}

static void
github_rest_rejects_folders(void **state)
{
	struct fixture	*f = *state;
	const char	*one = "github/org/members.json";

	assert_int_equal(import_path(f, "github/no-org"), IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "node id"));
	assert_int_equal(import_path(f, "github/bad-shape"), IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "members.json: expected the output "
	    "of gh api orgs/ORG/members"));
	assert_int_equal(import_paths(f, "github-rest", 0, &one, 1),
	    IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "import the folder"));
	assert_int_equal(count_snapshots(f), 0);
}

static void
github_rest_merges_with_opengraph(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;

	/* GitHound's and the REST export of one organisation stay current
	 * together and describe the same keys. */
	assert_int_equal(import_path(f, "opengraph/fixture-org-githound.json"),
	    IMPORT_OK);
	assert_string_equal(f->results[0].source, "github:fixture-org");
	assert_int_equal(f->results[0].placeholders, 1);
	assert_int_equal(import_path(f, "github/org"), IMPORT_OK);
	m = load(f);
	assert_int_equal(count_snapshots(f), 2);
	/* The repository the OpenGraph file only named is described now. */
	assert_int_equal(m->nflags[node(f, API)] & MODEL_NODE_MISSING, 0);
	assert_true(edge(f, API, "github:W_kwDOApIdep", KIND_EDGE_RELATED,
	    "GH_HasWorkflow") >= 0);
	/* Attributes of both imports are on the one node. */
	assert_attr(f, ALICE, "company", "Fixture");
	assert_attr(f, ALICE, "email", "alice@fixture.example");
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test_setup_teardown(github_rest_counts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(github_rest_members_and_roles,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(github_rest_teams, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(github_rest_apps, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(github_rest_tokens, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(github_rest_deploy_keys, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    github_rest_secrets_and_variables, setup, teardown),
		cmocka_unit_test_setup_teardown(github_rest_environments, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(github_rest_malformed_records,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(github_rest_rejects_folders,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    github_rest_merges_with_opengraph, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
