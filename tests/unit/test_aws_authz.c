/*
 * Tests of the AWS authorization details importer on the project's
 * fixtures, through the real import driver and a real case file: users,
 * groups and roles, policies down to privileges and systems, denials,
 * trust policies, placeholders, malformed documents and rejected files.
 */
#include "testaws.h"

#define ACCT	"aws:arn:aws:iam::123456789012:root"
#define U(x)	"aws:arn:aws:iam::123456789012:user/" x
#define G(x)	"aws:arn:aws:iam::123456789012:group/" x
#define R(x)	"aws:arn:aws:iam::123456789012:role/" x
#define P(x)	"aws:arn:aws:iam::123456789012:policy/" x

static void
aws_authz_basic_counts(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_fixture(f, "authz-basic.json"), IMPORT_OK);
	assert_int_equal(f->nresults, 1);
	assert_string_equal(f->results[0].format, "aws-authz");
	assert_string_equal(f->results[0].source, "aws:123456789012");
	assert_int_equal(f->results[0].nodes, 60);
	assert_int_equal(f->results[0].edges, 85);
	/* mallory, named only by a Deny in a trust policy. */
	assert_int_equal(f->results[0].placeholders, 1);
	assert_int_equal(f->results[0].warnings, 0);
	assert_int_equal(f->results[0].partial, 0);
}

static void
aws_authz_users_classified(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;

	assert_int_equal(import_fixture(f, "authz-basic.json"), IMPORT_OK);
	m = load(f);
	assert_int_equal(m->kind[node(f, U("ci-deploy"))],
	    KIND_NODE_SERVICE_ACCOUNT);
	assert_attr(f, U("ci-deploy"), "identity_class", "machine");
	assert_attr(f, U("ci-deploy"), "identity_class_reason",
	    "tag identity-type=machine");
	assert_string_equal(model_label(m, m->owner[node(f, U("ci-deploy"))]),
	    "platform-team");
	assert_string_equal(model_label(m,
	    m->environment[node(f, U("ci-deploy"))]), "prod");
	assert_int_equal(m->kind[node(f, U("people/alice"))],
	    KIND_NODE_HUMAN);
	assert_attr(f, U("people/alice"), "identity_class_reason",
	    "IAM path /people/");
	/* No evidence in this export: a machine identity until shown. */
	assert_int_equal(m->kind[node(f, U("bob"))],
	    KIND_NODE_SERVICE_ACCOUNT);
	assert_attr(f, U("bob"), "identity_class", "unknown");
	/* A date with a space in place of the T. */
	assert_int_equal(m->life[node(f, U("people/alice"))].created_at,
	    1622539800);
}

static void
aws_authz_groups_and_policies(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_fixture(f, "authz-basic.json"), IMPORT_OK);
	load(f);
	assert_true(edge(f, U("people/alice"), G("developers"),
	    KIND_EDGE_MEMBER_OF, "MemberOf") >= 0);
	assert_true(edge(f, U("people/alice"), G("admins"),
	    KIND_EDGE_MEMBER_OF, NULL) >= 0);
	assert_true(edge(f, G("admins"),
	    "aws:arn:aws:iam::aws:policy/AdministratorAccess",
	    KIND_EDGE_HAS_POLICY, "AttachedPolicy") >= 0);
	assert_true(edge(f, U("people/alice"),
	    U("people/alice#policy/alice-inline"), KIND_EDGE_HAS_POLICY,
	    "InlinePolicy") >= 0);
	/* The role attaches DeployPolicy twice: one edge. */
	assert_int_equal(out_count(f, R("deploy"), KIND_EDGE_HAS_POLICY), 2);
	assert_true(edge(f, U("ci-deploy"), ACCT, KIND_EDGE_RELATED,
	    "InAccount") >= 0);
}

static void
aws_authz_admin_privilege(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	size_t		 v;

	assert_int_equal(import_fixture(f, "authz-basic.json"), IMPORT_OK);
	m = load(f);
	v = node(f, "aws:priv:allow:* on *");
	assert_int_equal(m->kind[v], KIND_NODE_PRIVILEGE);
	assert_string_equal(m->name[v], "* on *");
	assert_non_null(strstr(model_label(m, m->kinds[v]),
	    "AWSPrivilege,admin-equivalent,privilege-escalation"));
	assert_attr(f, "aws:priv:allow:* on *", "class", "admin-equivalent");
	assert_true(edge(f, "aws:arn:aws:iam::aws:policy/AdministratorAccess",
	    "aws:priv:allow:* on *", KIND_EDGE_GRANTS, "Allow") >= 0);
	assert_true(edge(f, "aws:priv:allow:* on *", "aws:service:*",
	    KIND_EDGE_APPLIES_TO, "Resource") >= 0);
	/* DevPolicy's old v1 grants * on *, its default v2 does not. */
	assert_int_equal(edge(f, P("DevPolicy"), "aws:priv:allow:* on *",
	    KIND_EDGE_GRANTS, NULL), -1);
	assert_true(edge(f, P("DevPolicy"), "aws:priv:allow:s3:* on *",
	    KIND_EDGE_GRANTS, NULL) >= 0);
}

static void
aws_authz_resources_and_conditions(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	const char	*pass = "aws:priv:allow:iam:passrole on "
			    "arn:aws:iam::123456789012:role/app";
	const char	*kms = "aws:priv:allow:kms:decrypt on *";
	char		*cond;
	int64_t		 e;

	assert_int_equal(import_fixture(f, "authz-basic.json"), IMPORT_OK);
	m = load(f);
	/* A role ARN as a resource is the role itself. */
	assert_true(edge(f, pass, R("app"), KIND_EDGE_APPLIES_TO, NULL) >= 0);
	assert_attr(f, pass, "class", "privilege-escalation");
	/* A bucket pattern is a system node in its service. */
	assert_int_equal(m->kind[node(f, "aws:arn:aws:s3:::prod-data/*")],
	    KIND_NODE_SYSTEM);
	assert_true(edge(f, "aws:arn:aws:s3:::prod-data/*", "aws:service:s3",
	    KIND_EDGE_RELATED, "InService") >= 0);
	assert_true(edge(f, "aws:arn:aws:lambda:eu-west-1:123456789012:"
	    "function:api", ACCT, KIND_EDGE_RELATED, "InAccount") >= 0);
	/* A condition rides on the edge, normalised to lists. */
	e = edge(f, P("DevPolicy"), kms, KIND_EDGE_GRANTS, "Allow");
	assert_true(e >= 0);
	assert_true(m->eflags[e] & RECORD_EDGE_CONDITIONAL);
	cond = edge_text(f, e, 1);
	assert_string_equal(cond, "{\"StringEquals\":{\"kms:ViaService\":"
	    "[\"s3.eu-west-1.amazonaws.com\"]}}");
	free(cond);
	assert_attr(f, kms, "class", "credentials-exposure");
	/* A document given as URL-encoded text. */
	assert_true(edge(f, P("DeployPolicy"),
	    "aws:priv:allow:cloudformation:* on *", KIND_EDGE_GRANTS,
	    NULL) >= 0);
}

static void
aws_authz_not_action_resource(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	const char	*key = "aws:priv:allow:not(iam:*) on "
			    "not(arn:aws:s3:::audit-logs,"
			    "arn:aws:s3:::audit-logs/*)";

	assert_int_equal(import_fixture(f, "authz-basic.json"), IMPORT_OK);
	m = load(f);
	assert_string_equal(m->name[node(f, key)], "everything except iam:* "
	    "on everything except arn:aws:s3:::audit-logs, "
	    "arn:aws:s3:::audit-logs/*");
	assert_attr(f, key, "action_except", "[\"iam:*\"]");
	assert_true(edge(f, key, "aws:service:*", KIND_EDGE_APPLIES_TO,
	    "NotResource") >= 0);
	assert_attr(f, "aws:priv:allow:not(iam:*,organizations:*) on *",
	    "class", "privilege-escalation");
}

static void
aws_authz_deny_is_visible(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	const char	*deny = "aws:priv:deny:s3:deletebucket on "
			    "arn:aws:s3:::prod-*";
	char		*attrs;
	int64_t		 e;

	assert_int_equal(import_fixture(f, "authz-basic.json"), IMPORT_OK);
	m = load(f);
	assert_string_equal(m->name[node(f, deny)],
	    "DENY s3:DeleteBucket on arn:aws:s3:::prod-*");
	/* The policy limits, never grants, the denied privilege. */
	e = edge(f, G("developers#policy/no-prod-delete"), deny,
	    KIND_EDGE_LIMITS, "Deny");
	assert_true(e >= 0);
	assert_true(m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE);
	assert_int_equal(edge(f, G("developers#policy/no-prod-delete"), deny,
	    KIND_EDGE_GRANTS, NULL), -1);
	/* The denial overrides part of s3:* for the group and its users. */
	e = edge(f, deny, "aws:priv:allow:s3:* on *", KIND_EDGE_LIMITS,
	    "Overrides");
	assert_true(e >= 0);
	assert_true(m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE);
	attrs = edge_text(f, e, 0);
	assert_non_null(strstr(attrs, "\"removes\":\"part\""));
	assert_non_null(strstr(attrs,
	    "arn:aws:iam::123456789012:group/developers"));
	assert_non_null(strstr(attrs, "arn:aws:iam::123456789012:user/bob"));
	free(attrs);
	/* alice also has * on * through admins, which the denial cuts. */
	e = edge(f, deny, "aws:priv:allow:* on *", KIND_EDGE_LIMITS,
	    "Overrides");
	assert_true(e >= 0);
	attrs = edge_text(f, e, 0);
	assert_string_equal(attrs, "{\"principals\":[\"arn:aws:iam::"
	    "123456789012:user/people/alice\"],\"removes\":\"part\"}");
	free(attrs);
}

static void
aws_authz_trust_edges(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	const char	*gh = "aws:arn:aws:iam::123456789012:oidc-provider/"
			    "token.actions.githubusercontent.com";
	char		*text;
	int64_t		 e;

	assert_int_equal(import_fixture(f, "authz-basic.json"), IMPORT_OK);
	m = load(f);
	e = edge(f, gh, R("deploy"), KIND_EDGE_FEDERATES,
	    "AssumeRoleWebIdentity");
	assert_true(e >= 0);
	assert_true(m->eflags[e] & RECORD_EDGE_CONDITIONAL);
	text = edge_text(f, e, 0);
	assert_non_null(strstr(text, "\"github_repository\":"
	    "[\"fixture-org/infra\"]"));
	assert_non_null(strstr(text, "\"github_branch\":[\"main\"]"));
	free(text);
	/* The account by id and by root ARN is one node. */
	e = edge(f, ACCT, R("deploy"), KIND_EDGE_CAN_ASSUME, "AssumeRole");
	assert_true(e >= 0);
	/* A boolean condition value becomes a list of one string. */
	text = edge_text(f, e, 1);
	assert_string_equal(text, "{\"Bool\":{\"aws:MultiFactorAuthPresent\":"
	    "[\"true\"]}}");
	free(text);
	assert_true(edge(f, "aws:arn:aws:iam::444455556666:root", R("deploy"),
	    KIND_EDGE_CAN_ASSUME, "AssumeRoleCrossAccount") >= 0);
	assert_true(edge(f, U("people/alice"), R("deploy"),
	    KIND_EDGE_CAN_ASSUME, NULL) >= 0);
	e = edge(f, "aws:arn:aws:iam::444455556666:user/mallory", R("deploy"),
	    KIND_EDGE_LIMITS, "DenyAssume");
	assert_true(e >= 0);
	assert_true(m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE);
	assert_attr(f, R("deploy"), "trust_cross_account",
	    "[\"444455556666\"]");
	assert_attr(f, R("deploy"), "trust_public", "false");
	/* Public trust. */
	assert_true(edge(f, "aws:principal:*", R("public-reader"),
	    KIND_EDGE_CAN_ASSUME, "AssumeRolePublic") >= 0);
	assert_attr(f, R("public-reader"), "trust_public", "true");
	assert_true(edge(f, "aws:arn:aws:iam::123456789012:saml-provider/"
	    "corp-idp", R("public-reader"), KIND_EDGE_FEDERATES,
	    "AssumeRoleSAML") >= 0);
}

static void
aws_authz_services_profiles_deleted(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	const char	*prof = "aws:arn:aws:iam::123456789012:"
			    "instance-profile/app-profile";

	assert_int_equal(import_fixture(f, "authz-basic.json"), IMPORT_OK);
	m = load(f);
	assert_int_equal(m->kind[node(f,
	    "aws:service-principal:lambda.amazonaws.com")], KIND_NODE_WORKLOAD);
	assert_true(edge(f, "aws:service-principal:ec2.amazonaws.com",
	    R("app"), KIND_EDGE_CAN_ASSUME, "AssumeRole") >= 0);
	/* The profile embeds a second copy of the role: one node, one edge. */
	assert_int_equal(m->kind[node(f, prof)], KIND_NODE_WORKLOAD);
	assert_int_equal(out_count(f, prof, KIND_EDGE_RUNS_AS), 1);
	assert_true(edge(f, prof, R("app"), KIND_EDGE_RUNS_AS,
	    "InstanceProfileRole") >= 0);
	assert_string_equal(m->name[node(f,
	    "aws:deleted:AROAFIXTUREDELETED0001")],
	    "deleted role AROAFIXTUREDELETED0001");
	/* An empty RoleLastUsed: no use in the tracking window. */
	assert_int_equal(m->life[node(f, R("app"))].last_used_at,
	    TSTAMP_NEVER);
	assert_int_equal(m->life[node(f, R("deploy"))].last_used_at,
	    1714979289);
	assert_attr(f, R("deploy"), "last_used_region", "eu-west-1");
}

static void
aws_authz_boundary_and_missing(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	const char	*lro = "aws:arn:aws:iam::aws:policy/LambdaReadOnly";
	int64_t		 e;

	assert_int_equal(import_fixture(f, "authz-basic.json"), IMPORT_OK);
	m = load(f);
	e = edge(f, P("Boundary"), U("ci-deploy"), KIND_EDGE_LIMITS,
	    "PermissionsBoundary");
	assert_true(e >= 0);
	assert_true(m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE);
	/* Attached but not in Policies: rights unknown, not none. */
	assert_string_equal(m->name[node(f, lro)],
	    "LambdaReadOnly (document missing)");
	assert_false(m->nflags[node(f, lro)] & MODEL_NODE_MISSING);
	assert_attr(f, lro, "document", "missing");
	assert_true(edge(f, G("developers"), lro, KIND_EDGE_HAS_POLICY,
	    NULL) >= 0);
}

static void
aws_authz_no_role_list(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	const char	*gone = "aws:arn:aws:iam::aws:policy/RenamedReadOnly";

	assert_int_equal(import_fixture(f, "authz-no-roles.json"), IMPORT_OK);
	assert_int_equal(f->results[0].warnings, 0);
	m = load(f);
	assert_string_equal(m->name[node(f, gone)],
	    "RenamedReadOnly (document missing)");
	assert_true(edge(f, G("readers"), gone, KIND_EDGE_HAS_POLICY,
	    "AttachedPolicy") >= 0);
	assert_attr(f, "aws:priv:allow:lambda:get* on *", "class",
	    "data-read");
}

static void
aws_authz_large_managed_policy(void **state)
{
	struct fixture	*f = *state;
	const char	*pol = "aws:arn:aws:iam::aws:policy/aws-service-role/"
			    "LargeSupportPolicy";
	const char	*role = "aws:arn:aws:iam::123456789012:role/"
			    "aws-service-role/support.amazonaws.com/"
			    "AWSServiceRoleForSupport";

	/* A document of about 47,000 characters: 2,001 actions on *. */
	assert_int_equal(import_fixture(f, "authz-large-policy.json"),
	    IMPORT_OK);
	assert_int_equal(f->results[0].warnings, 0);
	load(f);
	assert_int_equal(out_count(f, pol, KIND_EDGE_GRANTS), 2003);
	assert_attr(f, "aws:priv:allow:iam:passrole on *", "class",
	    "privilege-escalation");
	assert_attr(f, "aws:priv:allow:iam:putkeys on *", "class", "write");
	assert_attr(f, "aws:priv:allow:ec2:describeinstances on *", "class",
	    "data-read");
	assert_true(edge(f, role, pol, KIND_EDGE_HAS_POLICY, NULL) >= 0);
	assert_attr(f, role, "service_linked", "true");
}

static void
aws_authz_malformed_warns(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;

	assert_int_equal(import_fixture(f, "authz-malformed.json"), IMPORT_OK);
	assert_int_equal(f->results[0].warnings, 11);
	assert_int_equal(f->results[0].partial, 1);
	m = load(f);
	/* The good statement of carol's policy is kept. */
	assert_true(edge(f, U("carol#policy/mixed"),
	    "aws:priv:allow:ec2:describeinstances on *", KIND_EDGE_GRANTS,
	    "Allow") >= 0);
	assert_int_equal(out_count(f, U("carol#policy/mixed"),
	    KIND_EDGE_GRANTS), 1);
	assert_int_equal(m->life[node(f, U("carol"))].created_at,
	    TSTAMP_UNKNOWN);
	assert_int_equal(model_find(m, U("dup")), -1);
	assert_attr(f, P("NoVersion"), "document", "missing");
}

static void
aws_authz_malformed_strict(void **state)
{
	struct fixture	*f = *state;
	const char	*name = "authz-malformed.json";

	assert_int_equal(import_fixtures(f, NULL, 1, &name, 1),
	    IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "rejected by --strict"));
	assert_int_equal(count_snapshots(f), 0);
}

static void
aws_authz_wrong_shape_rejected(void **state)
{
	struct fixture	*f = *state;
	const char	*name = "not-authz.json";

	assert_int_equal(import_fixture(f, "authz-wrong-shape.json"),
	    IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "UserDetailList is not a list"));
	assert_int_equal(import_fixtures(f, "aws-authz", 0, &name, 1),
	    IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "none of UserDetailList"));
	name = "credreport.csv";
	assert_int_equal(import_fixtures(f, "aws-authz", 0, &name, 1),
	    IMPORT_REJECTED);
	assert_int_equal(count_snapshots(f), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(aws_authz_basic_counts,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(aws_authz_users_classified,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(aws_authz_groups_and_policies,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(aws_authz_admin_privilege,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    aws_authz_resources_and_conditions, setup, teardown),
		cmocka_unit_test_setup_teardown(aws_authz_not_action_resource,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(aws_authz_deny_is_visible,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(aws_authz_trust_edges,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    aws_authz_services_profiles_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(aws_authz_boundary_and_missing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(aws_authz_no_role_list,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(aws_authz_large_managed_policy,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(aws_authz_malformed_warns,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(aws_authz_malformed_strict,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(aws_authz_wrong_shape_rejected,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
