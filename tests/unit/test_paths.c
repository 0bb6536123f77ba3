/*
 * Tests of paths: the shortest path from both ends, a node to itself,
 * unreachable targets, k alternatives in order and without loops,
 * parallel edges, edge-kind filters, not-traversable and conditional
 * edges, and what-if switches.
 */
#include "testgraph.h"

#include "bitset.h"
#include "paths.h"

#define N(k, kind)	{ "t:" k, KIND_NODE_##kind, NULL }
#define E(a, b, kind)	{ "t:" a, "t:" b, KIND_EDGE_##kind, 0 }
#define EF(a, b, kind, f) { "t:" a, "t:" b, KIND_EDGE_##kind, f }

static const struct reach_filter all_default = { REACH_KINDS_DEFAULT, NULL,
    NULL };

/*
 * s -> a -> t, s -> b -> t, s -> c -> d -> t, with a cycle a -> s and a
 * self-loop on d, and an island.
 */
static const struct tg_node nodes[] = {
	N("s", CREDENTIAL), N("a", ROLE), N("b", ROLE), N("c", ROLE),
	N("d", ROLE), N("t", SYSTEM), N("island", SYSTEM),
};
static const struct tg_edge edges[] = {
	E("s", "a", CAN_ASSUME), E("a", "t", GRANTS),
	E("s", "b", HAS_ROLE), E("b", "t", GRANTS),
	E("s", "c", CAN_ASSUME), E("c", "d", CAN_ASSUME),
	E("d", "t", GRANTS), E("a", "s", CAN_ASSUME),
	E("d", "d", CAN_ASSUME),
};

/* The node names along a path, "s a t". */
static void
path_names(const struct tg *g, const struct path *p, size_t from, char *buf,
    size_t sz)
{
	size_t	 i, n = 0;

	buf[0] = '\0';
	for (i = 0; i <= p->len; i++)
		n += (size_t)snprintf(buf + n, sz - n, "%s%s", i ? " " : "",
		    g->m->name[path_node(g->m, p, from, i)]);
}

static void
paths_shortest_found(void **state)
{
	struct tg	*g = tg_build(nodes, TG_LEN(nodes), edges,
			    TG_LEN(edges));
	struct paths	 ps;
	struct path	 p;
	char		 names[128];
	size_t		 s = tg_node(g, "t:s");

	(void)state;
	paths_init(&ps, g->m);
	assert_int_equal(paths_shortest(&ps, s, tg_node(g, "t:t"),
	    &all_default, NULL, &p), 0);
	assert_int_equal(p.len, 2);
	assert_int_equal(g->m->esrc[p.edges[0]], s);
	assert_int_equal(g->m->edst[p.edges[1]], tg_node(g, "t:t"));
	assert_int_equal(g->m->edst[p.edges[0]], g->m->esrc[p.edges[1]]);
	path_free(&p);

	/* Three hops: the search must join the two sides correctly. */
	assert_int_equal(paths_shortest(&ps, tg_node(g, "t:c"),
	    tg_node(g, "t:t"), &all_default, NULL, &p), 0);
	path_names(g, &p, tg_node(g, "t:c"), names, sizeof(names));
	assert_string_equal(names, "c d t");
	path_free(&p);
	paths_free(&ps);
	tg_free(g);
}

static void
paths_self_and_unreachable(void **state)
{
	struct tg	*g = tg_build(nodes, TG_LEN(nodes), edges,
			    TG_LEN(edges));
	struct paths	 ps;
	struct path	 p;
	size_t		 s = tg_node(g, "t:s");

	(void)state;
	paths_init(&ps, g->m);
	assert_int_equal(paths_shortest(&ps, s, s, &all_default, NULL, &p),
	    0);
	assert_int_equal(p.len, 0);
	path_free(&p);
	assert_int_equal(paths_shortest(&ps, s, tg_node(g, "t:island"),
	    &all_default, NULL, &p), 1);
	assert_int_equal(paths_shortest(&ps, tg_node(g, "t:t"), s,
	    &all_default, NULL, &p), 1);
	paths_free(&ps);
	tg_free(g);
}

static void
paths_k_in_order_without_loops(void **state)
{
	struct tg	*g = tg_build(nodes, TG_LEN(nodes), edges,
			    TG_LEN(edges));
	struct paths	 ps;
	struct path	*v;
	char		 names[128];
	size_t		 n, s = tg_node(g, "t:s"), t = tg_node(g, "t:t");

	(void)state;
	paths_init(&ps, g->m);
	assert_int_equal(paths_k_shortest(&ps, s, t, 10, &all_default, NULL,
	    &v, &n), 0);
	/* Exactly three loopless paths exist. */
	assert_int_equal(n, 3);
	assert_int_equal(v[0].len, 2);
	assert_int_equal(v[1].len, 2);
	assert_int_equal(v[2].len, 3);
	path_names(g, &v[2], s, names, sizeof(names));
	assert_string_equal(names, "s c d t");
	assert_true(v[0].edges[0] != v[1].edges[0]);
	path_list_free(v, n);

	/* k = 1 is the shortest path alone. */
	assert_int_equal(paths_k_shortest(&ps, s, t, 1, &all_default, NULL,
	    &v, &n), 0);
	assert_int_equal(n, 1);
	path_list_free(v, n);

	/* No path: an empty list. */
	assert_int_equal(paths_k_shortest(&ps, t, s, 3, &all_default, NULL,
	    &v, &n), 0);
	assert_int_equal(n, 0);
	path_list_free(v, n);
	paths_free(&ps);
	tg_free(g);
}

static void
paths_parallel_edges_are_alternatives(void **state)
{
	static const struct tg_node	 pn[] = { N("x", ROLE), N("y", ROLE) };
	static const struct tg_edge	 pe[] = {
		E("x", "y", CAN_ASSUME), E("x", "y", MEMBER_OF),
	};
	struct tg			*g = tg_build(pn, 2, pe, 2);
	struct paths			 ps;
	struct path			*v;
	size_t				 n;

	(void)state;
	paths_init(&ps, g->m);
	paths_k_shortest(&ps, tg_node(g, "t:x"), tg_node(g, "t:y"), 5,
	    &all_default, NULL, &v, &n);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].len, 1);
	assert_int_equal(v[1].len, 1);
	assert_true(g->m->ekind[v[0].edges[0]] != g->m->ekind[v[1].edges[0]]);
	path_list_free(v, n);
	paths_free(&ps);
	tg_free(g);
}

static void
paths_kind_filter_and_whatif(void **state)
{
	struct tg		*g = tg_build(nodes, TG_LEN(nodes), edges,
				    TG_LEN(edges));
	struct reach_filter	 f = all_default;
	struct paths		 ps;
	struct path		 p, *v;
	char			 names[128];
	uint64_t		*noff = bitset_alloc(g->m->nnodes);
	uint64_t		*eoff = bitset_alloc(g->m->nedges);
	size_t			 n, s = tg_node(g, "t:s"), t = tg_node(g, "t:t");

	(void)state;
	paths_init(&ps, g->m);

	/* Without has_role, s -> b is gone: two paths remain. */
	f.kinds &= ~(1u << KIND_EDGE_HAS_ROLE);
	paths_k_shortest(&ps, s, t, 5, &f, NULL, &v, &n);
	assert_int_equal(n, 2);
	path_list_free(v, n);

	/* With a and b off the path goes round through c and d. */
	f.kinds = REACH_KINDS_DEFAULT;
	bitset_set(noff, tg_node(g, "t:a"));
	bitset_set(noff, tg_node(g, "t:b"));
	f.node_off = noff;
	assert_int_equal(paths_shortest(&ps, s, t, &f, NULL, &p), 0);
	path_names(g, &p, s, names, sizeof(names));
	assert_string_equal(names, "s c d t");
	path_free(&p);

	/* With the edge c -> d off too there is no path at all. */
	bitset_set(eoff, tg_edge(g, "t:c", "t:d", KIND_EDGE_CAN_ASSUME));
	f.edge_off = eoff;
	assert_int_equal(paths_shortest(&ps, s, t, &f, NULL, &p), 1);
	paths_k_shortest(&ps, s, t, 5, &f, NULL, &v, &n);
	assert_int_equal(n, 0);
	path_list_free(v, n);

	/* The switches are unchanged by the search. */
	assert_true(bitset_test(eoff, tg_edge(g, "t:c", "t:d",
	    KIND_EDGE_CAN_ASSUME)));
	assert_int_equal(bitset_count(eoff, g->m->nedges), 1);
	free(noff);
	free(eoff);
	paths_free(&ps);
	tg_free(g);
}

static void
paths_conditional_and_not_traversable(void **state)
{
	static const struct tg_node	 cn[] = {
		N("s", CREDENTIAL), N("m", ROLE), N("t", SYSTEM),
	};
	static const struct tg_edge	 ce[] = {
		EF("s", "m", CAN_ASSUME, RECORD_EDGE_CONDITIONAL),
		E("m", "t", GRANTS),
		EF("s", "t", GRANTS, RECORD_EDGE_NOT_TRAVERSABLE),
	};
	struct tg			*g = tg_build(cn, 3, ce, 3);
	struct paths			 ps;
	struct path			 p;

	(void)state;
	paths_init(&ps, g->m);
	assert_int_equal(paths_shortest(&ps, tg_node(g, "t:s"),
	    tg_node(g, "t:t"), &all_default, NULL, &p), 0);
	/* The direct edge is not traversable, so the path has two hops. */
	assert_int_equal(p.len, 2);
	assert_true(p.conditional);
	path_free(&p);
	paths_free(&ps);
	tg_free(g);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(paths_shortest_found),
		cmocka_unit_test(paths_self_and_unreachable),
		cmocka_unit_test(paths_k_in_order_without_loops),
		cmocka_unit_test(paths_parallel_edges_are_alternatives),
		cmocka_unit_test(paths_kind_filter_and_whatif),
		cmocka_unit_test(paths_conditional_and_not_traversable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
