/*
 * Tests of reach: depths and shortest paths along chains, cycles and
 * self-loops, unreachable nodes, conditional and not-traversable edges,
 * the depth limit, edge-kind filters, what-if switches, reverse walks,
 * the bottom-up step, reuse of one walk, and the edge-kind parser.
 */
#include "testgraph.h"

#include "bitset.h"
#include "cancel.h"
#include "reach.h"

#define N(k, kind)	{ "t:" k, KIND_NODE_##kind, NULL }
#define E(a, b, kind)	{ "t:" a, "t:" b, KIND_EDGE_##kind, 0 }
#define EF(a, b, kind, f) { "t:" a, "t:" b, KIND_EDGE_##kind, f }

static const struct reach_filter all_default = { REACH_KINDS_DEFAULT, NULL,
    NULL };

/* A chain cred -> sa -> role -> priv -> sys, and an island. */
static const struct tg_node chain_nodes[] = {
	N("cred", CREDENTIAL), N("sa", SERVICE_ACCOUNT), N("role", ROLE),
	N("priv", PRIVILEGE), N("sys", SYSTEM), N("island", CREDENTIAL),
};
static const struct tg_edge chain_edges[] = {
	E("cred", "sa", AUTHENTICATES_AS), E("sa", "role", HAS_ROLE),
	E("role", "priv", GRANTS), E("priv", "sys", APPLIES_TO),
};

static void
reach_chain_depths_and_paths(void **state)
{
	struct tg	*g = tg_build(chain_nodes, TG_LEN(chain_nodes),
			    chain_edges, TG_LEN(chain_edges));
	struct reach	 r;
	uint32_t	 path[8];
	size_t		 sys = tg_node(g, "t:sys");

	(void)state;
	reach_init(&r, g->m);
	assert_int_equal(reach_run(&r, tg_node(g, "t:cred"), 0, &all_default,
	    0, NULL), 0);
	assert_int_equal(r.count, 5);
	assert_int_equal(r.counts[REACH_GROUP_IDENTITY], 2);
	assert_int_equal(r.counts[REACH_GROUP_PRIVILEGE], 1);
	assert_int_equal(r.counts[REACH_GROUP_SYSTEM], 1);
	assert_int_equal(r.cut, 0);
	assert_int_equal(reach_depth(&r, sys), 4);
	assert_int_equal(reach_path(&r, sys, path, 8), 4);
	assert_int_equal(path[0], tg_edge(g, "t:cred", "t:sa",
	    KIND_EDGE_AUTHENTICATES_AS));
	assert_int_equal(path[3], tg_edge(g, "t:priv", "t:sys",
	    KIND_EDGE_APPLIES_TO));
	assert_false(reach_seen(&r, tg_node(g, "t:island")));
	/* Too small a buffer writes nothing but gives the length. */
	assert_int_equal(reach_path(&r, sys, path, 2), 4);
	reach_free(&r);
	tg_free(g);
}

static void
reach_unreachable_and_isolated(void **state)
{
	struct tg	*g = tg_build(chain_nodes, TG_LEN(chain_nodes),
			    chain_edges, TG_LEN(chain_edges));
	struct reach	 r;
	uint32_t	 path[4];

	(void)state;
	reach_init(&r, g->m);
	reach_run(&r, tg_node(g, "t:island"), 0, &all_default, 0, NULL);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.counts[REACH_GROUP_IDENTITY], 0);
	assert_int_equal(reach_path(&r, tg_node(g, "t:sys"), path, 4), 0);
	/* The sink reaches nothing forward. */
	reach_run(&r, tg_node(g, "t:sys"), 0, &all_default, 0, NULL);
	assert_int_equal(r.count, 1);
	reach_free(&r);
	tg_free(g);
}

/* a -> b -> c -> a, c -> c, c -> d. */
static const struct tg_node cycle_nodes[] = {
	N("a", ROLE), N("b", ROLE), N("c", ROLE), N("d", SYSTEM),
};
static const struct tg_edge cycle_edges[] = {
	E("a", "b", CAN_ASSUME), E("b", "c", CAN_ASSUME),
	E("c", "a", CAN_ASSUME), E("c", "c", CAN_ASSUME),
	E("c", "d", GRANTS),
};

static void
reach_cycle_and_self_loop(void **state)
{
	struct tg	*g = tg_build(cycle_nodes, TG_LEN(cycle_nodes),
			    cycle_edges, TG_LEN(cycle_edges));
	struct reach	 r;

	(void)state;
	reach_init(&r, g->m);
	reach_run(&r, tg_node(g, "t:b"), 0, &all_default, 0, NULL);
	/* b, c, a and d, each once. */
	assert_int_equal(r.count, 4);
	assert_int_equal(reach_depth(&r, tg_node(g, "t:a")), 2);
	assert_int_equal(reach_depth(&r, tg_node(g, "t:d")), 2);
	assert_int_equal(reach_depth(&r, tg_node(g, "t:b")), 0);
	reach_run(&r, tg_node(g, "t:d"), 1, &all_default, 0, NULL);
	assert_int_equal(r.count, 4);
	reach_free(&r);
	tg_free(g);
}

/*
 * s -> p (conditional) -> t, and s -> q -> t: t is reached at depth 2
 * without a condition; u only through the conditional edge s -> u.
 */
static const struct tg_node cond_nodes[] = {
	N("s", CREDENTIAL), N("p", ROLE), N("q", ROLE), N("t", SYSTEM),
	N("u", SYSTEM), N("v", SYSTEM),
};
static const struct tg_edge cond_edges[] = {
	EF("s", "p", CAN_ASSUME, RECORD_EDGE_CONDITIONAL),
	E("s", "q", CAN_ASSUME),
	E("p", "t", GRANTS), E("q", "t", GRANTS),
	EF("s", "u", CAN_ASSUME, RECORD_EDGE_CONDITIONAL),
	EF("s", "v", GRANTS, RECORD_EDGE_NOT_TRAVERSABLE),
};

static void
reach_conditional_marked(void **state)
{
	struct tg	*g = tg_build(cond_nodes, TG_LEN(cond_nodes),
			    cond_edges, TG_LEN(cond_edges));
	struct reach	 r;
	uint32_t	 path[4];

	(void)state;
	reach_init(&r, g->m);
	reach_run(&r, tg_node(g, "t:s"), 0, &all_default, 0, NULL);
	assert_true(reach_conditional(&r, tg_node(g, "t:p")));
	assert_true(reach_conditional(&r, tg_node(g, "t:u")));
	assert_false(reach_conditional(&r, tg_node(g, "t:q")));
	assert_false(reach_conditional(&r, tg_node(g, "t:t")));
	assert_int_equal(reach_path(&r, tg_node(g, "t:t"), path, 4), 2);
	assert_int_equal(path[0], tg_edge(g, "t:s", "t:q",
	    KIND_EDGE_CAN_ASSUME));
	assert_int_equal(r.conditional, 2);
	reach_free(&r);
	tg_free(g);
}

static void
reach_not_traversable_skipped(void **state)
{
	struct tg	*g = tg_build(cond_nodes, TG_LEN(cond_nodes),
			    cond_edges, TG_LEN(cond_edges));
	struct reach	 r;

	(void)state;
	reach_init(&r, g->m);
	reach_run(&r, tg_node(g, "t:s"), 0, &all_default, 0, NULL);
	assert_false(reach_seen(&r, tg_node(g, "t:v")));
	reach_run(&r, tg_node(g, "t:v"), 1, &all_default, 0, NULL);
	assert_int_equal(r.count, 1);
	reach_free(&r);
	tg_free(g);
}

static void
reach_depth_limit_cuts(void **state)
{
	struct tg	*g = tg_build(chain_nodes, TG_LEN(chain_nodes),
			    chain_edges, TG_LEN(chain_edges));
	struct reach	 r;

	(void)state;
	reach_init(&r, g->m);
	reach_run(&r, tg_node(g, "t:cred"), 0, &all_default, 2, NULL);
	assert_int_equal(r.count, 3);
	assert_int_equal(r.cut, 1);
	assert_false(reach_seen(&r, tg_node(g, "t:priv")));
	/* A limit the walk does not hit is no cut. */
	reach_run(&r, tg_node(g, "t:cred"), 0, &all_default, 4, NULL);
	assert_int_equal(r.count, 5);
	assert_int_equal(r.cut, 0);
	reach_free(&r);
	tg_free(g);
}

static void
reach_kind_filter(void **state)
{
	struct tg		*g = tg_build(chain_nodes, TG_LEN(chain_nodes),
				    chain_edges, TG_LEN(chain_edges));
	struct reach_filter	 f = { 0, NULL, NULL };
	struct reach		 r;
	char			*err = NULL;

	(void)state;
	assert_int_equal(reach_parse_kinds("authenticates_as,has_role",
	    &f.kinds, &err), 0);
	reach_init(&r, g->m);
	reach_run(&r, tg_node(g, "t:cred"), 0, &f, 0, NULL);
	assert_int_equal(r.count, 3);
	assert_false(reach_seen(&r, tg_node(g, "t:priv")));
	assert_int_equal(reach_parse_kinds("!grants", &f.kinds, &err), 0);
	reach_run(&r, tg_node(g, "t:cred"), 0, &f, 0, NULL);
	assert_int_equal(r.count, 3);
	reach_free(&r);
	tg_free(g);
}

static void
reach_limits_not_followed_by_default(void **state)
{
	static const struct tg_node	 nodes[] = {
		N("boundary", POLICY), N("sa", SERVICE_ACCOUNT),
	};
	static const struct tg_edge	 edges[] = {
		E("boundary", "sa", LIMITS),
	};
	struct tg			*g = tg_build(nodes, TG_LEN(nodes),
					    edges, TG_LEN(edges));
	struct reach_filter		 f = { REACH_KINDS_ALL, NULL, NULL };
	struct reach			 r;

	(void)state;
	reach_init(&r, g->m);
	reach_run(&r, tg_node(g, "t:boundary"), 0, &all_default, 0, NULL);
	assert_int_equal(r.count, 1);
	reach_run(&r, tg_node(g, "t:boundary"), 0, &f, 0, NULL);
	assert_int_equal(r.count, 2);
	reach_free(&r);
	tg_free(g);
}

static void
reach_whatif_switches(void **state)
{
	struct tg		*g = tg_build(cond_nodes, TG_LEN(cond_nodes),
				    cond_edges, TG_LEN(cond_edges));
	struct reach_filter	 f = all_default;
	struct reach		 r;
	uint64_t		*noff = bitset_alloc(g->m->nnodes);
	uint64_t		*eoff = bitset_alloc(g->m->nedges);
	uint32_t		 path[4];
	size_t			 t = tg_node(g, "t:t");

	(void)state;
	reach_init(&r, g->m);

	/* Off with q: t is still reached, now through the condition. */
	bitset_set(noff, tg_node(g, "t:q"));
	f.node_off = noff;
	reach_run(&r, tg_node(g, "t:s"), 0, &f, 0, NULL);
	assert_false(reach_seen(&r, tg_node(g, "t:q")));
	assert_true(reach_seen(&r, t));
	assert_true(reach_conditional(&r, t));

	/* Off with the edge p -> t too: t is gone. */
	bitset_set(eoff, tg_edge(g, "t:p", "t:t", KIND_EDGE_GRANTS));
	f.edge_off = eoff;
	reach_run(&r, tg_node(g, "t:s"), 0, &f, 0, NULL);
	assert_false(reach_seen(&r, t));
	assert_int_equal(reach_path(&r, t, path, 4), 0);

	/* A start node switched off reaches nothing. */
	bitset_set(noff, tg_node(g, "t:s"));
	reach_run(&r, tg_node(g, "t:s"), 0, &f, 0, NULL);
	assert_int_equal(r.count, 1);
	free(noff);
	free(eoff);
	reach_free(&r);
	tg_free(g);
}

static void
reach_reverse_paths_in_trust_order(void **state)
{
	struct tg	*g = tg_build(chain_nodes, TG_LEN(chain_nodes),
			    chain_edges, TG_LEN(chain_edges));
	struct reach	 r;
	uint32_t	 path[8];

	(void)state;
	reach_init(&r, g->m);
	reach_run(&r, tg_node(g, "t:sys"), 1, &all_default, 0, NULL);
	assert_int_equal(r.count, 5);
	assert_int_equal(reach_path(&r, tg_node(g, "t:cred"), path, 8), 4);
	assert_int_equal(g->m->esrc[path[0]], tg_node(g, "t:cred"));
	assert_int_equal(g->m->edst[path[3]], tg_node(g, "t:sys"));
	reach_free(&r);
	tg_free(g);
}

/*
 * A fan: s reaches 40 roles, and each role reaches t, conditionally
 * except from the last. The second level is large against what is left,
 * so it runs bottom-up, and must still prefer the unconditional parent.
 */
static void
reach_bottom_up_prefers_unconditional(void **state)
{
	struct tg_node	 nodes[42];
	struct tg_edge	 edges[80];
	char		 keys[40][16];
	struct reach	 r;
	uint32_t	 path[4];
	size_t		 i, t;
	struct tg	*g;

	(void)state;
	nodes[0] = (struct tg_node)N("s", CREDENTIAL);
	nodes[1] = (struct tg_node)N("t", SYSTEM);
	for (i = 0; i < 40; i++) {
		snprintf(keys[i], sizeof(keys[i]), "t:r%02zu", i);
		nodes[2 + i] = (struct tg_node){ keys[i], KIND_NODE_ROLE,
		    NULL };
		edges[2 * i] = (struct tg_edge){ "t:s", keys[i],
		    KIND_EDGE_CAN_ASSUME, 0 };
		edges[2 * i + 1] = (struct tg_edge){ keys[i], "t:t",
		    KIND_EDGE_GRANTS, i == 39 ? 0 : RECORD_EDGE_CONDITIONAL };
	}
	g = tg_build(nodes, 42, edges, 80);
	t = tg_node(g, "t:t");
	reach_init(&r, g->m);
	reach_begin(&r, tg_node(g, "t:s"), 0);
	assert_int_equal(reach_level(&r, &all_default, NULL), 40);
	assert_int_equal(reach_level(&r, &all_default, NULL), 1);
	assert_int_equal(r.bottom_up, 1);
	assert_false(reach_conditional(&r, t));
	assert_int_equal(reach_path(&r, t, path, 4), 2);
	assert_int_equal(g->m->esrc[path[1]], tg_node(g, "t:r39"));
	assert_int_equal(reach_level(&r, &all_default, NULL), 0);

	/* The reverse walk from t, bottom-up as well, reaches all 42. */
	reach_run(&r, t, 1, &all_default, 0, NULL);
	assert_int_equal(r.count, 42);
	reach_free(&r);
	tg_free(g);
}

static void
reach_reuse_clears_marks(void **state)
{
	struct tg	*g = tg_build(chain_nodes, TG_LEN(chain_nodes),
			    chain_edges, TG_LEN(chain_edges));
	struct reach	 r;

	(void)state;
	reach_init(&r, g->m);
	reach_run(&r, tg_node(g, "t:cred"), 0, &all_default, 0, NULL);
	assert_int_equal(r.count, 5);
	reach_run(&r, tg_node(g, "t:role"), 0, &all_default, 0, NULL);
	assert_int_equal(r.count, 3);
	assert_false(reach_seen(&r, tg_node(g, "t:cred")));
	assert_false(reach_seen(&r, tg_node(g, "t:sa")));
	reach_run(&r, tg_node(g, "t:cred"), 0, &all_default, 0, NULL);
	assert_int_equal(r.count, 5);
	reach_free(&r);
	tg_free(g);
}

static int
stop_now(void *ctx, const char *what, double done)
{
	(void)what;
	(void)done;
	(*(int *)ctx)++;
	return 1;
}

static void
reach_cancel_stops(void **state)
{
	struct tg_node	 nodes[600];
	struct tg_edge	 edges[599];
	char		 keys[600][16];
	struct cancel	 c;
	struct reach	 r;
	size_t		 i;
	int		 calls = 0;
	struct tg	*g;

	(void)state;
	/* A star: one node with 599 edges, and a poll budget of one. */
	for (i = 0; i < 600; i++) {
		snprintf(keys[i], sizeof(keys[i]), "t:n%03zu", i);
		nodes[i] = (struct tg_node){ keys[i], KIND_NODE_ROLE, NULL };
		if (i > 0)
			edges[i - 1] = (struct tg_edge){ keys[0], keys[i],
			    KIND_EDGE_CAN_ASSUME, 0 };
	}
	g = tg_build(nodes, 600, edges, 599);
	c.poll = stop_now;
	c.ctx = &calls;
	reach_init(&r, g->m);
	reach_begin(&r, tg_node(g, "t:n000"), 0);
	r.poll_left = 1;
	assert_int_equal(reach_level(&r, &all_default, &c), -1);
	assert_int_equal(calls, 1);
	assert_int_equal(r.cancelled, 1);
	reach_free(&r);
	tg_free(g);
}

static void
reach_parse_kinds_words(void **state)
{
	uint32_t	 mask;
	char		*err = NULL, *text;

	(void)state;
	assert_int_equal(reach_parse_kinds("member_of", &mask, &err), 0);
	assert_int_equal(mask, 1u << KIND_EDGE_MEMBER_OF);
	assert_int_equal(reach_parse_kinds(" member_of , has_role ", &mask,
	    &err), 0);
	assert_int_equal(mask, (1u << KIND_EDGE_MEMBER_OF) |
	    (1u << KIND_EDGE_HAS_ROLE));
	assert_int_equal(reach_parse_kinds("!related", &mask, &err), 0);
	assert_int_equal(mask, REACH_KINDS_DEFAULT &
	    ~(1u << KIND_EDGE_RELATED));
	assert_int_equal(reach_parse_kinds("all,!owns", &mask, &err), 0);
	assert_int_equal(mask, REACH_KINDS_ALL & ~(1u << KIND_EDGE_OWNS));
	assert_int_equal(reach_parse_kinds("all", &mask, &err), 0);
	assert_true((mask >> KIND_EDGE_LIMITS) & 1);

	assert_int_equal(reach_parse_kinds("member_of,bogus", &mask, &err),
	    -1);
	assert_non_null(strstr(err, "\"bogus\" is not an edge kind"));
	free(err);
	assert_int_equal(reach_parse_kinds("member_of,,has_role", &mask,
	    &err), -1);
	free(err);
	assert_int_equal(reach_parse_kinds("", &mask, &err), -1);
	free(err);
	assert_int_equal(reach_parse_kinds("!", &mask, &err), -1);
	free(err);

	text = reach_format_kinds(REACH_KINDS_DEFAULT);
	assert_string_equal(text, "default");
	free(text);
	text = reach_format_kinds(REACH_KINDS_DEFAULT &
	    ~(1u << KIND_EDGE_RELATED));
	assert_string_equal(text, "!related");
	free(text);
	text = reach_format_kinds((1u << KIND_EDGE_MEMBER_OF) |
	    (1u << KIND_EDGE_HAS_ROLE));
	assert_string_equal(text, "member_of,has_role");
	free(text);
}

/* Policies have their own group, so privileges counts privilege nodes. */
static const struct tg_node policy_nodes[] = {
	N("cred", CREDENTIAL), N("role", ROLE), N("policy", POLICY),
	N("priv", PRIVILEGE),
};
static const struct tg_edge policy_edges[] = {
	E("cred", "role", AUTHENTICATES_AS), E("role", "policy", HAS_POLICY),
	E("policy", "priv", GRANTS),
};

static void
reach_policies_own_group(void **state)
{
	struct tg	*g = tg_build(policy_nodes, TG_LEN(policy_nodes),
			    policy_edges, TG_LEN(policy_edges));
	struct reach	 r;

	(void)state;
	reach_init(&r, g->m);
	reach_run(&r, tg_node(g, "t:cred"), 0, &all_default, 0, NULL);
	assert_int_equal(r.counts[REACH_GROUP_PRIVILEGE], 1);
	assert_int_equal(r.counts[REACH_GROUP_POLICY], 1);
	assert_string_equal(reach_group_name(REACH_GROUP_POLICY), "policies");
	reach_free(&r);
	tg_free(g);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(reach_chain_depths_and_paths),
		cmocka_unit_test(reach_unreachable_and_isolated),
		cmocka_unit_test(reach_cycle_and_self_loop),
		cmocka_unit_test(reach_conditional_marked),
		cmocka_unit_test(reach_not_traversable_skipped),
		cmocka_unit_test(reach_depth_limit_cuts),
		cmocka_unit_test(reach_kind_filter),
		cmocka_unit_test(reach_limits_not_followed_by_default),
		cmocka_unit_test(reach_whatif_switches),
		cmocka_unit_test(reach_reverse_paths_in_trust_order),
		cmocka_unit_test(reach_bottom_up_prefers_unconditional),
		cmocka_unit_test(reach_reuse_clears_marks),
		cmocka_unit_test(reach_cancel_stops),
		cmocka_unit_test(reach_parse_kinds_words),
		cmocka_unit_test(reach_policies_own_group),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
