/*
 * Tests of crown jewel pairs and chokepoints on an estate with known
 * answers: two credentials reach one jewel (one through a condition),
 * a cycle sits on the way, and an orphan reaches nothing. Also two
 * independent routes (no chokepoint), edge-kind filters, what-if
 * switches and no jewels at all.
 */
#include "testgraph.h"

#include "bitset.h"
#include "choke.h"
#include "crown.h"

#define N(k, kind)	{ "t:" k, KIND_NODE_##kind, NULL }
#define E(a, b, kind)	{ "t:" a, "t:" b, KIND_EDGE_##kind, 0 }
#define EF(a, b, kind, f) { "t:" a, "t:" b, KIND_EDGE_##kind, f }

static const struct reach_filter all_default = { REACH_KINDS_DEFAULT, NULL,
    NULL };

static const struct tg_node nodes[] = {
	N("ci", CREDENTIAL), N("sa", SERVICE_ACCOUNT), N("role", ROLE),
	N("group", GROUP), N("loop", ROLE), N("policy", POLICY),
	N("admin", PRIVILEGE), N("db", SYSTEM), N("bk", CREDENTIAL),
	N("bsa", SERVICE_ACCOUNT), N("orphan", CREDENTIAL),
};
static const struct tg_edge edges[] = {
	E("ci", "sa", AUTHENTICATES_AS), E("sa", "role", HAS_ROLE),
	E("sa", "group", MEMBER_OF), E("group", "role", CAN_ASSUME),
	E("role", "group", MEMBER_OF), E("group", "loop", HAS_ROLE),
	E("loop", "loop", CAN_ASSUME), E("role", "policy", HAS_POLICY),
	E("policy", "admin", GRANTS), E("admin", "db", APPLIES_TO),
	E("bk", "bsa", AUTHENTICATES_AS),
	EF("bsa", "role", CAN_ASSUME, RECORD_EDGE_CONDITIONAL),
};

/* The pairs a point cuts, or 0 when it is not listed. */
static uint64_t
point_pairs(const struct choke_result *r, int edge, size_t id)
{
	size_t	 i;

	for (i = 0; i < r->n; i++) {
		if (r->points[i].edge == edge && r->points[i].id == id)
			return r->points[i].pairs;
	}
	return 0;
}

static uint64_t *
jewel(struct tg *g, const char *key)
{
	uint64_t	*t0 = bitset_alloc(g->m->nnodes);

	bitset_set(t0, tg_node(g, key));
	return t0;
}

static void
crown_pairs_known(void **state)
{
	struct tg		*g = tg_build(nodes, TG_LEN(nodes), edges,
				    TG_LEN(edges));
	uint64_t		*t0 = jewel(g, "t:db");
	struct reach_filter	 f = all_default;
	struct crown_pair	*p;
	size_t			 n;

	(void)state;
	assert_int_equal(crown_pairs(g->m, &all_default, t0, 0, NULL, &p, &n),
	    0);
	assert_int_equal(n, 2);
	assert_int_equal(p[0].credential, tg_node(g, "t:bk"));
	assert_int_equal(p[0].jewel, tg_node(g, "t:db"));
	assert_int_equal(p[0].len, 5);
	assert_true(p[0].conditional);
	assert_int_equal(g->m->esrc[p[0].edges[0]], tg_node(g, "t:bk"));
	assert_int_equal(g->m->edst[p[0].edges[4]], tg_node(g, "t:db"));
	assert_int_equal(p[1].credential, tg_node(g, "t:ci"));
	assert_int_equal(p[1].len, 5);
	assert_false(p[1].conditional);
	crown_pairs_free(p, n);

	/* Without can_assume the backup key no longer gets there. */
	f.kinds &= ~(1u << KIND_EDGE_CAN_ASSUME);
	crown_pairs(g->m, &f, t0, 0, NULL, &p, &n);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].credential, tg_node(g, "t:ci"));
	crown_pairs_free(p, n);

	/* No jewels, no pairs. */
	crown_pairs(g->m, &all_default, NULL, 0, NULL, &p,
	    &n);
	assert_int_equal(n, 0);
	crown_pairs_free(p, n);
	free(t0);
	tg_free(g);
}

static void
choke_known_points(void **state)
{
	struct tg		*g = tg_build(nodes, TG_LEN(nodes), edges,
				    TG_LEN(edges));
	uint64_t		*t0 = jewel(g, "t:db");
	struct choke_result	 r;
	char			*err = NULL;

	(void)state;
	assert_int_equal(choke_compute(g->m, &all_default, t0, NULL, &r,
	    &err), 0);
	assert_int_equal(r.pairs, 2);
	assert_int_equal(r.jewels, 1);
	assert_int_equal(r.n, 11);
	assert_int_equal(point_pairs(&r, 0, tg_node(g, "t:role")), 2);
	assert_int_equal(point_pairs(&r, 0, tg_node(g, "t:policy")), 2);
	assert_int_equal(point_pairs(&r, 0, tg_node(g, "t:admin")), 2);
	assert_int_equal(point_pairs(&r, 0, tg_node(g, "t:sa")), 1);
	assert_int_equal(point_pairs(&r, 0, tg_node(g, "t:bsa")), 1);
	/* The cycle through group is no way round role. */
	assert_int_equal(point_pairs(&r, 0, tg_node(g, "t:group")), 0);
	/* A credential and the jewel are no chokepoints of their pairs. */
	assert_int_equal(point_pairs(&r, 0, tg_node(g, "t:ci")), 0);
	assert_int_equal(point_pairs(&r, 0, tg_node(g, "t:db")), 0);

	/* role -> policy cuts both, although role also leads to group. */
	assert_int_equal(point_pairs(&r, 1, tg_edge(g, "t:role", "t:policy",
	    KIND_EDGE_HAS_POLICY)), 2);
	assert_int_equal(point_pairs(&r, 1, tg_edge(g, "t:admin", "t:db",
	    KIND_EDGE_APPLIES_TO)), 2);
	assert_int_equal(point_pairs(&r, 1, tg_edge(g, "t:ci", "t:sa",
	    KIND_EDGE_AUTHENTICATES_AS)), 1);
	assert_int_equal(point_pairs(&r, 1, tg_edge(g, "t:bsa", "t:role",
	    KIND_EDGE_CAN_ASSUME)), 1);
	/* sa reaches role directly and through group: neither edge cuts. */
	assert_int_equal(point_pairs(&r, 1, tg_edge(g, "t:sa", "t:role",
	    KIND_EDGE_HAS_ROLE)), 0);
	assert_int_equal(point_pairs(&r, 1, tg_edge(g, "t:sa", "t:group",
	    KIND_EDGE_MEMBER_OF)), 0);
	/* Most pairs first. */
	assert_int_equal(r.points[0].pairs, 2);
	assert_int_equal(r.points[r.n - 1].pairs, 1);
	choke_free(&r);
	free(t0);
	tg_free(g);
}

static void
choke_whatif_moves_points(void **state)
{
	struct tg		*g = tg_build(nodes, TG_LEN(nodes), edges,
				    TG_LEN(edges));
	uint64_t		*t0 = jewel(g, "t:db");
	uint64_t		*eoff = bitset_alloc(g->m->nedges);
	uint64_t		*noff = bitset_alloc(g->m->nnodes);
	struct reach_filter	 f = all_default;
	struct choke_result	 r;
	char			*err = NULL;

	(void)state;
	/* With sa -> role off, the way from sa runs through group. */
	bitset_set(eoff, tg_edge(g, "t:sa", "t:role", KIND_EDGE_HAS_ROLE));
	f.edge_off = eoff;
	choke_compute(g->m, &f, t0, NULL, &r, &err);
	assert_int_equal(r.pairs, 2);
	assert_int_equal(point_pairs(&r, 0, tg_node(g, "t:group")), 1);
	assert_int_equal(point_pairs(&r, 1, tg_edge(g, "t:sa", "t:group",
	    KIND_EDGE_MEMBER_OF)), 1);
	choke_free(&r);

	/* With the jewel off nothing is connected. */
	bitset_set(noff, tg_node(g, "t:db"));
	f.node_off = noff;
	choke_compute(g->m, &f, t0, NULL, &r, &err);
	assert_int_equal(r.pairs, 0);
	assert_int_equal(r.n, 0);
	choke_free(&r);
	free(eoff);
	free(noff);
	free(t0);
	tg_free(g);
}

static void
choke_two_routes_no_point(void **state)
{
	static const struct tg_node	 tn[] = {
		N("s", CREDENTIAL), N("a", ROLE), N("b", ROLE), N("t", SYSTEM),
	};
	static const struct tg_edge	 te[] = {
		E("s", "a", CAN_ASSUME), E("a", "t", GRANTS),
		E("s", "b", CAN_ASSUME), E("b", "t", GRANTS),
	};
	struct tg			*g = tg_build(tn, 4, te, 4);
	uint64_t			*t0 = jewel(g, "t:t");
	struct choke_result		 r;
	char				*err = NULL;

	(void)state;
	assert_int_equal(choke_compute(g->m, &all_default, t0, NULL, &r,
	    &err), 0);
	assert_int_equal(r.pairs, 1);
	assert_int_equal(r.n, 0);
	choke_free(&r);
	free(t0);
	tg_free(g);
}

static void
choke_no_jewels(void **state)
{
	struct tg		*g = tg_build(nodes, TG_LEN(nodes), edges,
				    TG_LEN(edges));
	uint64_t		*t0 = bitset_alloc(g->m->nnodes);
	struct choke_result	 r;
	char			*err = NULL;

	(void)state;
	assert_int_equal(choke_compute(g->m, &all_default, t0, NULL, &r,
	    &err), 0);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.jewels, 0);
	choke_free(&r);
	free(t0);
	tg_free(g);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(crown_pairs_known),
		cmocka_unit_test(choke_known_points),
		cmocka_unit_test(choke_whatif_moves_points),
		cmocka_unit_test(choke_two_routes_no_point),
		cmocka_unit_test(choke_no_jewels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
