/*
 * Tests of the traversal rule: which edges the walks follow. A token
 * stored in a namespace must not reach what the namespace contains, a
 * reader of a repository must not reach its workflows, and a writer
 * must, through the workflow's job into the cloud role it federates to.
 */
#include "testgraph.h"

#include "paths.h"
#include "reach.h"
#include "traverse.h"

#define N(k, kind)	{ "t:" k, KIND_NODE_##kind, NULL }
#define E(a, b, kind)	{ "t:" a, "t:" b, KIND_EDGE_##kind, 0 }

static const struct reach_filter walk_default = { REACH_KINDS_DEFAULT, NULL,
    NULL };

static const struct tg_node estate_nodes[] = {
	N("token", CREDENTIAL), N("ns", SYSTEM), N("app", WORKLOAD),
	N("apikey", CREDENTIAL), N("account", SYSTEM), N("db", SYSTEM),
	N("reader", HUMAN), N("readrole", ROLE), N("writer", HUMAN),
	N("writerole", ROLE), N("repo", SYSTEM), N("workflow", WORKLOAD),
	N("job", WORKLOAD), N("deploy", ROLE), N("member", HUMAN),
	N("memberrole", ROLE), N("org", SYSTEM),
};
static const struct tg_edge estate_edges[] = {
	E("token", "ns", STORED_IN),
	E("ns", "app", RELATED),
	E("app", "apikey", USES),
	E("apikey", "account", STORED_IN),
	E("account", "db", RELATED),
	E("reader", "readrole", HAS_ROLE),
	E("readrole", "repo", GRANTS),
	E("writer", "writerole", HAS_ROLE),
	E("writerole", "repo", GRANTS),
	E("repo", "workflow", RELATED),
	E("workflow", "job", RELATED),
	E("job", "deploy", FEDERATES),
	E("member", "memberrole", HAS_ROLE),
	E("memberrole", "org", MEMBER_OF),
	E("org", "repo", OWNS),
};
/* The source kind of each edge above. */
static const char *const estate_raws[] = {
	"StoredIn",
	"Contains",
	"Uses",
	"StoredIn",
	"Contains",
	"GH_HasRole",
	"GH_ReadRepoContents",
	"GH_HasRole",
	"GH_WriteRepoContents",
	"GH_HasWorkflow",
	"Runs",
	"Federates",
	"GH_HasRole",
	"GH_MemberOf",
	"GH_Owns",
};

static void
traverse_rule_table(void **state)
{
	(void)state;
	assert_false(traverse_edge_walked(KIND_EDGE_STORED_IN, "StoredIn",
	    KIND_NODE_SYSTEM));
	assert_false(traverse_edge_walked(KIND_EDGE_RELATED, "Contains",
	    KIND_NODE_SYSTEM));
	assert_false(traverse_edge_walked(KIND_EDGE_RELATED, "InAccount",
	    KIND_NODE_SYSTEM));
	assert_false(traverse_edge_walked(KIND_EDGE_RELATED, NULL,
	    KIND_NODE_OTHER));
	assert_true(traverse_edge_walked(KIND_EDGE_RELATED, "GH_HasWorkflow",
	    KIND_NODE_WORKLOAD));
	assert_true(traverse_edge_walked(KIND_EDGE_RELATED,
	    "GH_HasEnvironment", KIND_NODE_SYSTEM));
	assert_true(traverse_edge_walked(KIND_EDGE_RELATED, "Runs",
	    KIND_NODE_WORKLOAD));
	assert_false(traverse_edge_walked(KIND_EDGE_GRANTS,
	    "GH_ReadRepoContents", KIND_NODE_SYSTEM));
	assert_false(traverse_edge_walked(KIND_EDGE_GRANTS,
	    "GH_ViewSecretScanningAlerts", KIND_NODE_SYSTEM));
	assert_false(traverse_edge_walked(KIND_EDGE_GRANTS, "GH_DeployKeyRead",
	    KIND_NODE_SYSTEM));
	assert_false(traverse_edge_walked(KIND_EDGE_GRANTS, "GH_CanAccess",
	    KIND_NODE_SYSTEM));
	assert_true(traverse_edge_walked(KIND_EDGE_GRANTS,
	    "GH_WriteRepoContents", KIND_NODE_SYSTEM));
	assert_true(traverse_edge_walked(KIND_EDGE_GRANTS, "GH_AdminTo",
	    KIND_NODE_SYSTEM));
	assert_true(traverse_edge_walked(KIND_EDGE_GRANTS, "Grants",
	    KIND_NODE_PRIVILEGE));
	assert_false(traverse_edge_walked(KIND_EDGE_MEMBER_OF, "GH_MemberOf",
	    KIND_NODE_SYSTEM));
	assert_true(traverse_edge_walked(KIND_EDGE_MEMBER_OF, "GH_MemberOf",
	    KIND_NODE_TEAM));
	assert_true(traverse_edge_walked(KIND_EDGE_USES, "Uses",
	    KIND_NODE_CREDENTIAL));
}

static void
traverse_stored_in_gives_nothing(void **state)
{
	struct tg	*g = tg_build_raw(estate_nodes,
			    TG_LEN(estate_nodes), estate_edges,
			    TG_LEN(estate_edges), estate_raws);
	struct reach	 r;

	(void)state;
	reach_init(&r, g->m);
	reach_run(&r, tg_node(g, "t:token"), 0, &walk_default, 0, NULL);
	assert_int_equal(r.count, 1);
	assert_false(reach_seen(&r, tg_node(g, "t:ns")));
	assert_false(reach_seen(&r, tg_node(g, "t:db")));

	/* The workload still reaches the key it uses, and no further. */
	reach_run(&r, tg_node(g, "t:app"), 0, &walk_default, 0, NULL);
	assert_true(reach_seen(&r, tg_node(g, "t:apikey")));
	assert_false(reach_seen(&r, tg_node(g, "t:account")));
	assert_false(reach_seen(&r, tg_node(g, "t:db")));
	assert_true(g->m->eflags[tg_edge(g, "t:token", "t:ns",
	    KIND_EDGE_STORED_IN)] & MODEL_EDGE_NOT_WALKED);
	reach_free(&r);
	tg_free(g);
}

static void
traverse_reader_stops_writer_runs(void **state)
{
	struct tg	*g = tg_build_raw(estate_nodes,
			    TG_LEN(estate_nodes), estate_edges,
			    TG_LEN(estate_edges), estate_raws);
	struct reach	 r;
	size_t		 deploy = tg_node(g, "t:deploy");

	(void)state;
	reach_init(&r, g->m);
	reach_run(&r, tg_node(g, "t:reader"), 0, &walk_default, 0, NULL);
	assert_false(reach_seen(&r, tg_node(g, "t:workflow")));
	assert_false(reach_seen(&r, deploy));
	reach_run(&r, tg_node(g, "t:member"), 0, &walk_default, 0, NULL);
	assert_false(reach_seen(&r, tg_node(g, "t:repo")));
	assert_false(reach_seen(&r, deploy));
	reach_run(&r, tg_node(g, "t:writer"), 0, &walk_default, 0, NULL);
	assert_true(reach_seen(&r, deploy));
	assert_int_equal(reach_depth(&r, deploy), 5);

	/* Who can reach the role: the writer, not the reader or member. */
	reach_run(&r, deploy, 1, &walk_default, 0, NULL);
	assert_true(reach_seen(&r, tg_node(g, "t:writer")));
	assert_false(reach_seen(&r, tg_node(g, "t:reader")));
	assert_false(reach_seen(&r, tg_node(g, "t:member")));
	reach_free(&r);
	tg_free(g);
}

static void
traverse_paths_follow_rule(void **state)
{
	struct tg	*g = tg_build_raw(estate_nodes,
			    TG_LEN(estate_nodes), estate_edges,
			    TG_LEN(estate_edges), estate_raws);
	struct paths	 p;
	struct path	 found;

	(void)state;
	paths_init(&p, g->m);
	assert_int_equal(paths_shortest(&p, tg_node(g, "t:token"),
	    tg_node(g, "t:db"), &walk_default, NULL, &found), 1);
	assert_int_equal(paths_shortest(&p, tg_node(g, "t:reader"),
	    tg_node(g, "t:deploy"), &walk_default, NULL, &found), 1);
	assert_int_equal(paths_shortest(&p, tg_node(g, "t:writer"),
	    tg_node(g, "t:deploy"), &walk_default, NULL, &found), 0);
	assert_int_equal(found.len, 5);
	path_free(&found);
	paths_free(&p);
	tg_free(g);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(traverse_rule_table),
		cmocka_unit_test(traverse_stored_in_gives_nothing),
		cmocka_unit_test(traverse_reader_stops_writer_runs),
		cmocka_unit_test(traverse_paths_follow_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
