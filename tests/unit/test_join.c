/*
 * Tests of the joins across sources made when the model loads. They
 * cover GitHub Actions OIDC into AWS roles, Entra applications and GCP
 * workload identity principals, people and owners by e-mail address, the
 * evidence on derived edges and nodes, the switch, that the order of
 * imports does not matter, and that an annotation on a joined node stays
 * on that node alone. They run the real importers on fixtures and
 * load the model from a real case file.
 */
#include "testcloud.h"

#include "annot.h"
#include "join.h"
#include "store_annot.h"

#define API	"github:R_kgDOApIrep"
#define WEB	"github:R_kgDOWebRep"
#define INFRA	"github:R_kgDOInFrA1"
#define PROD	"github:EN_kwDOProdAp"
#define ROLE(x)	"aws:arn:aws:iam::999988887777:role/" x
#define DEP_APP	"entra:app:11111111-aaaa-4bbb-8ccc-000000000001"
#define PERSON	"person:alice@fixture.example"

static const char *const all_fixtures[] = {
	"github/org", "entra/tenant", "join/aws-oidc.json",
	"join/gcp-pools.json", "gcp/project"
};

static void
load_all(struct fixture *f)
{
	assert_int_equal(import_paths(f, NULL, 0, all_fixtures, 5), IMPORT_OK);
	load(f);
}

static void
join_glob_matches(void **state)
{
	(void)state;
	assert_true(join_glob("repo:acme/*", "repo:acme/api:ref:main", 0));
	assert_true(join_glob("repo:acme/a?i:*", "repo:acme/api:x", 0));
	assert_false(join_glob("repo:acme/api", "repo:acme/api2", 0));
	assert_false(join_glob("repo:Acme/*", "repo:acme/x", 0));
	assert_true(join_glob("repo:Acme/*", "repo:acme/x", 1));
	assert_true(join_glob("*", "", 0));
	assert_false(join_glob("a*b*c", "abca", 0));
}

static void
join_mask_switch(void **state)
{
	unsigned	 all = (1u << JOIN_NRULES) - 1;
	char		*unknown = NULL;

	(void)state;
	assert_int_equal(join_mask(NULL, NULL), all);
	assert_int_equal(join_mask("all", NULL), all);
	assert_int_equal(join_mask("none", NULL), 0);
	assert_int_equal(join_mask("person-email", NULL),
	    1u << JOIN_PERSON_EMAIL);
	assert_int_equal(join_mask(" -person-email , -owner-email", NULL),
	    all & ~(1u << JOIN_PERSON_EMAIL | 1u << JOIN_OWNER_EMAIL));
	assert_int_equal(join_mask("github-oidc-aws,bogus", &unknown),
	    1u << JOIN_GITHUB_AWS);
	assert_string_equal(unknown, "bogus");
	free(unknown);
}

static void
join_github_to_aws(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	char		*attrs;
	int64_t		 e;

	load_all(f);
	m = f->model;
	/* A pattern that names an environment the case lacks: the repo. */
	e = edge(f, WEB, ROLE("web-staging"), KIND_EDGE_CAN_ASSUME,
	    "GitHubOIDC");
	assert_true(e >= 0);
	assert_true(m->eflags[e] & RECORD_EDGE_DERIVED);
	assert_true(m->eid[e] < 0);
	attrs = any_edge_attrs(f, e);
	assert_non_null(strstr(attrs, "\"rule\":\"github-oidc-aws\""));
	assert_non_null(strstr(attrs,
	    "\"matched\":\"repo:fixture-org/web:environment:staging\""));
	assert_non_null(strstr(attrs, "oidc-provider/token.actions."
	    "githubusercontent.com"));
	free(attrs);
	assert_string_equal(model_edge_evidence(m, (size_t)e),
	    "github-oidc-aws: subject repo:fixture-org/web:environment:"
	    "staging");
	/* A wildcard over the organisation, and a trust without sub. */
	assert_true(edge(f, API, ROLE("any-repo"), KIND_EDGE_CAN_ASSUME,
	    NULL) >= 0);
	assert_true(edge(f, INFRA, ROLE("any-repo"), KIND_EDGE_CAN_ASSUME,
	    NULL) >= 0);
	assert_true(edge(f, WEB, ROLE("no-sub"), KIND_EDGE_CAN_ASSUME,
	    NULL) >= 0);
	/* Another organisation's pattern matches nothing here. */
	assert_true(edge(f, WEB, ROLE("other-org"), KIND_EDGE_CAN_ASSUME,
	    NULL) < 0);
	assert_true(edge(f, API, ROLE("other-org"), KIND_EDGE_CAN_ASSUME,
	    NULL) >= 0);
	assert_int_equal(m->joins->counts[JOIN_GITHUB_AWS], 8);
}

static void
join_github_to_entra(void **state)
{
	struct fixture	*f = *state;
	int64_t		 e;

	load_all(f);
	/* An environment subject links the environment node. */
	e = edge(f, PROD, DEP_APP, KIND_EDGE_CAN_ASSUME, "GitHubOIDC");
	assert_true(e >= 0);
	assert_non_null(strstr(model_edge_evidence(f->model, (size_t)e),
	    "github-oidc-entra"));
	assert_true(edge(f, API, DEP_APP, KIND_EDGE_CAN_ASSUME, NULL) < 0);
	assert_true(edge(f, INFRA, DEP_APP, KIND_EDGE_CAN_ASSUME,
	    "GitHubOIDC") >= 0);
}

static void
join_github_to_gcp(void **state)
{
	struct fixture	*f = *state;

	load_all(f);
	/* A pool with a GitHub provider, by attribute.repository. */
	assert_true(edge(f, API, "gcp:principalSet://iam.googleapis.com/"
	    "projects/55501/locations/global/workloadIdentityPools/gh/"
	    "attribute.repository/fixture-org/api", KIND_EDGE_CAN_ASSUME,
	    "GitHubOIDC") >= 0);
	/* A pool whose provider is in the case: by subject. */
	assert_true(edge(f, INFRA, "gcp:principal://iam.googleapis.com/"
	    "projects/55501/locations/global/workloadIdentityPools/gh2/"
	    "subject/repo:fixture-org/infra:ref:refs/heads/main",
	    KIND_EDGE_CAN_ASSUME, NULL) >= 0);
	/* A pool whose only provider is another issuer: no edge. */
	assert_true(edge(f, WEB, "gcp:principalSet://iam.googleapis.com/"
	    "projects/55501/locations/global/workloadIdentityPools/gitlab/"
	    "attribute.repository/fixture-org/web", KIND_EDGE_CAN_ASSUME,
	    NULL) < 0);
}

static void
join_people_by_email(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	size_t		 p;

	load_all(f);
	m = f->model;
	p = node(f, PERSON);
	assert_int_equal(m->kind[p], KIND_NODE_HUMAN);
	assert_true(m->nflags[p] & MODEL_NODE_DERIVED);
	assert_int_equal(m->kid[p], -1);
	assert_string_equal(model_label(m, m->source[p]), "join");
	/* The name of the Entra user. */
	assert_string_equal(m->name[p], "Alice Example");
	assert_true(edge(f, PERSON, "github:U_kgDOAaLiCe",
	    KIND_EDGE_CAN_ASSUME, "SamePerson") >= 0);
	assert_true(edge(f, PERSON, "entra:a1b2c3d4-0001-4000-8000-"
	    "000000000001", KIND_EDGE_CAN_ASSUME, NULL) >= 0);
	/* An AWS tag and a GCP member, compared without case. */
	assert_true(edge(f, PERSON, "aws:arn:aws:iam::999988887777:user/alice",
	    KIND_EDGE_CAN_ASSUME, NULL) >= 0);
	assert_true(edge(f, PERSON, "gcp:user:alice@fixture.example",
	    KIND_EDGE_CAN_ASSUME, NULL) >= 0);
	assert_int_equal(out_count(f, PERSON, KIND_EDGE_CAN_ASSUME), 4);
	/* The evidence is on the card. */
	assert_any_attr(f, PERSON, "email", "alice@fixture.example");
	assert_any_attr(f, PERSON, "match 3", "alice (aws:arn:aws:iam::"
	    "999988887777:user/alice) by tag:Email Alice@Fixture.Example");
	/* One account alone makes no person; a guest UPN is no address. */
	assert_true(model_find(m, "person:solo@fixture.example") < 0);
	assert_true(model_find(m, "person:partner@vendor.example") < 0);
}

static void
join_owner_by_email(void **state)
{
	struct fixture	*f = *state;
	int64_t		 e;

	load_all(f);
	/* Bob's address is on one account: that account owns the role. */
	e = edge(f, "entra:a1b2c3d4-0001-4000-8000-000000000002",
	    ROLE("any-repo"), KIND_EDGE_OWNS, "OwnerEmail");
	assert_true(e >= 0);
	assert_string_equal(model_edge_evidence(f->model, (size_t)e),
	    "owner-email: owner BOB@fixture.example");
}

static void
join_owner_once(void **state)
{
	struct fixture	*f = *state;
	const char	*names[] = { "join/owned.json" };
	const char	*carol = "person:carol@fixture.example";

	assert_int_equal(import_paths(f, NULL, 0, names, 1), IMPORT_OK);
	load(f);
	assert_true(model_find(f->model, carol) >= 0);
	/* Carol's account owns the key by an edge of the export. */
	assert_true(edge(f, "fx:person:carol", "fx:key:owned",
	    KIND_EDGE_OWNS, "Owns") >= 0);
	assert_true(edge(f, carol, "fx:key:owned", KIND_EDGE_OWNS,
	    "OwnerEmail") < 0);
	/* Only the owner field names her as the other key's owner. */
	assert_true(edge(f, carol, "fx:key:named", KIND_EDGE_OWNS,
	    "OwnerEmail") >= 0);
}

static void
join_no_person_without_address(void **state)
{
	struct fixture	*f = *state;
	const char	*names[] = { "github/org", "entra/tenant" };

	/* Bob's GitHub account has no address: no person for him. */
	assert_int_equal(import_paths(f, NULL, 0, names, 2), IMPORT_OK);
	load(f);
	assert_true(model_find(f->model, "person:bob@fixture.example") < 0);
	assert_no_attr(f, PERSON, "disabled_in");
}

static void
join_switch_rules(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_paths(f, NULL, 0, all_fixtures, 5), IMPORT_OK);
	setenv("TRUSTWALK_JOINS", "none", 1);
	load(f);
	assert_int_equal(f->model->joins->nedges, 0);
	assert_true(model_find(f->model, PERSON) < 0);
	setenv("TRUSTWALK_JOINS", "-person-email", 1);
	load(f);
	assert_true(model_find(f->model, PERSON) < 0);
	assert_true(edge(f, WEB, ROLE("web-staging"), KIND_EDGE_CAN_ASSUME,
	    NULL) >= 0);
	unsetenv("TRUSTWALK_JOINS");
	load(f);
	assert_true(model_find(f->model, PERSON) >= 0);
}

static void
join_order_does_not_matter(void **state)
{
	struct fixture	*f = *state;

	/* The AWS account first, the organisation in a later command. */
	assert_int_equal(import_path(f, "join/aws-oidc.json"), IMPORT_OK);
	load(f);
	assert_int_equal(f->model->joins->counts[JOIN_GITHUB_AWS], 0);
	assert_int_equal(import_path(f, "github/org"), IMPORT_OK);
	load(f);
	assert_int_equal(f->model->joins->counts[JOIN_GITHUB_AWS], 8);
	/* Nothing a join made is in the case file. */
	assert_int_equal(query_count(f, "SELECT count(*) FROM edge WHERE "
	    "raw = ?1", "GitHubOIDC"), 0);
	assert_int_equal(query_count(f, "SELECT count(*) FROM nkey WHERE "
	    "key LIKE ?1", "person:%"), 0);
}

/* Reopen the case file, as a second run of trustwalk would. */
static void
reopen(struct fixture *f)
{
	char	*path = strdup(store_path(f->store)), *err = NULL;

	store_close(f->store);
	if (store_open(path, 0, &f->store, &err) == -1)
		fail_msg("%s", err);
	free(path);
	load(f);
}

/* Write a row of an older trustwalk: a tag on key id -1. */
static void
write_legacy_tag(struct fixture *f)
{
	sqlite3	*db;

	assert_int_equal(sqlite3_open(store_path(f->store), &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO tag (kid, tag, "
	    "created_at, author) VALUES (-1, 'old', 0, 'x')", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void
join_annotation_on_one_node(void **state)
{
	struct fixture		*f = *state;
	struct annot		*a = NULL;
	int64_t			 kid, *kids = NULL;
	size_t			 v, alice, people = 0, n = 0;
	char			*err = NULL;

	/* Carol's export adds a second person to Alice. */
	assert_int_equal(import_path(f, "join/owned.json"), IMPORT_OK);
	load_all(f);
	alice = node(f, PERSON);
	assert_int_equal(f->model->kid[alice], -1);
	if (model_annot_kid(f->model, f->store, alice, &kid, &err) == -1 ||
	    store_annot_note_add(f->store, kid, "t", 1, "only alice",
	    &err) == -1 || store_annot_tag_add(f->store, kid, "x", "t", 1,
	    &err) == -1)
		fail_msg("%s", err);
	write_legacy_tag(f);

	/* After a reload the note and tag are Alice's and no one else's. */
	reopen(f);
	alice = node(f, PERSON);
	assert_int_equal(f->model->kid[alice], kid);
	assert_int_equal(annot_load(f->store, &a, &err), 0);
	assert_non_null(annot_get(a, kid));
	assert_int_equal(annot_get(a, kid)->nnotes, 1);
	assert_true(annot_has_tag(annot_get(a, kid), "x"));
	for (v = 0; v < f->model->nnodes; v++) {
		if (!(f->model->nflags[v] & MODEL_NODE_DERIVED) || v == alice)
			continue;
		people++;
		assert_int_equal(f->model->kid[v], -1);
		assert_null(annot_get(a, f->model->kid[v]));
	}
	assert_true(people > 0);
	assert_int_equal(annot_count(a), 1);
	annot_free(a);
	assert_int_equal(store_annot_tagged(f->store, "x", &kids, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(kids[0], kid);
	free(kids);
	assert_int_equal(store_annot_tagged(f->store, "old", &kids, &n, &err),
	    0);
	assert_int_equal(n, 0);
	free(kids);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(join_glob_matches),
		cmocka_unit_test(join_mask_switch),
		cmocka_unit_test_setup_teardown(join_github_to_aws, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(join_github_to_entra, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(join_github_to_gcp, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(join_people_by_email, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(join_owner_by_email, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(join_owner_once, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(join_no_person_without_address,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(join_switch_rules, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(join_order_does_not_matter,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(join_annotation_on_one_node,
		    setup, teardown),
	};

	unsetenv("TRUSTWALK_JOINS");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
