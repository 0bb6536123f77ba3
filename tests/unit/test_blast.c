/*
 * Tests of blast radius: the four columns on a known estate, cycles
 * (a node never counts itself), not-traversable edges, edge-kind filters
 * and what-if switches, the flags read from privilege_class and
 * crown_jewel, more targets than one chunk of bit sets holds, cancelling,
 * and a new scenario starting with the marked jewels.
 */
#include "testgraph.h"

#include "bitset.h"
#include "blast.h"
#include "cancel.h"
#include "scenario.h"

#define N(k, kind)	{ "t:" k, KIND_NODE_##kind, NULL }
#define NA(k, kind, a)	{ "t:" k, KIND_NODE_##kind, a }
#define E(a, b, kind)	{ "t:" a, "t:" b, KIND_EDGE_##kind, 0 }
#define EF(a, b, kind, f) { "t:" a, "t:" b, KIND_EDGE_##kind, f }

static const struct reach_filter all_default = { REACH_KINDS_DEFAULT, NULL,
    NULL };

/*
 * cred -> sa -> role <-> group (a cycle), role -> policy -> admin and
 * read privileges, each applying to a system; role -> audit is not
 * traversable; orphan reaches nothing.
 */
static const struct tg_node nodes[] = {
	N("cred", CREDENTIAL), N("sa", SERVICE_ACCOUNT), N("role", ROLE),
	N("group", GROUP), N("policy", POLICY),
	NA("admin", PRIVILEGE, "{\"privilege_class\":\"Admin-Equivalent\"}"),
	NA("read", PRIVILEGE, "{\"class\":[\"read\",\"privilege_escalation\"]}"),
	NA("db", SYSTEM, "{\"crown_jewel\":true}"),
	NA("logs", SYSTEM, "{\"crown_jewel\":false,\"tier_zero\":\"no\"}"),
	NA("audit", PRIVILEGE, "{\"tier_zero\":\"Yes\","
	    "\"escalation\":[\"bind\",\"escalate\"]}"),
	NA("view", PRIVILEGE, "{\"escalation\":[]}"),
	N("orphan", CREDENTIAL),
};
static const struct tg_edge edges[] = {
	E("cred", "sa", AUTHENTICATES_AS), E("sa", "role", HAS_ROLE),
	E("role", "group", MEMBER_OF), E("group", "role", CAN_ASSUME),
	E("role", "policy", HAS_POLICY), E("policy", "admin", GRANTS),
	E("policy", "read", GRANTS), E("admin", "db", APPLIES_TO),
	E("read", "logs", APPLIES_TO),
	EF("role", "audit", GRANTS, RECORD_EDGE_NOT_TRAVERSABLE),
};

static void
blast_flags_from_attributes(void **state)
{
	struct tg	*g = tg_build(nodes, TG_LEN(nodes), edges,
			    TG_LEN(edges));

	(void)state;
	assert_true(g->m->nflags[tg_node(g, "t:admin")] & MODEL_NODE_ADMIN);
	assert_false(g->m->nflags[tg_node(g, "t:read")] & MODEL_NODE_ADMIN);
	assert_true(g->m->nflags[tg_node(g, "t:read")] &
	    MODEL_NODE_ESCALATION);
	assert_false(g->m->nflags[tg_node(g, "t:db")] &
	    (MODEL_NODE_ADMIN | MODEL_NODE_ESCALATION));
	assert_true(g->m->nflags[tg_node(g, "t:db")] & MODEL_NODE_TIER_ZERO);
	assert_false(g->m->nflags[tg_node(g, "t:logs")] &
	    MODEL_NODE_TIER_ZERO);
	assert_true(g->m->nflags[tg_node(g, "t:audit")] &
	    MODEL_NODE_TIER_ZERO);
	assert_true(g->m->nflags[tg_node(g, "t:audit")] &
	    MODEL_NODE_ESCALATION);
	assert_false(g->m->nflags[tg_node(g, "t:view")] &
	    MODEL_NODE_ESCALATION);
	tg_free(g);
}

static void
blast_known_counts(void **state)
{
	struct tg	*g = tg_build(nodes, TG_LEN(nodes), edges,
			    TG_LEN(edges));
	uint64_t	*t0 = bitset_alloc(g->m->nnodes);
	struct blast	 b;
	size_t		 cred = tg_node(g, "t:cred");

	(void)state;
	bitset_set(t0, tg_node(g, "t:db"));
	assert_int_equal(blast_compute(&b, g->m, &all_default, t0, NULL), 0);
	assert_int_equal(b.count[BLAST_PRIVILEGES][cred], 2);
	assert_int_equal(b.count[BLAST_ADMIN][cred], 1);
	assert_int_equal(b.count[BLAST_SYSTEMS][cred], 2);
	assert_int_equal(b.count[BLAST_JEWELS][cred], 1);
	assert_int_equal(b.count[BLAST_PRIVILEGES][tg_node(g, "t:group")], 2);
	assert_int_equal(b.count[BLAST_PRIVILEGES][tg_node(g, "t:orphan")], 0);
	/* Privileges and systems are not sources. */
	assert_int_equal(b.count[BLAST_SYSTEMS][tg_node(g, "t:admin")], 0);
	assert_false(blast_is_source(g->m, tg_node(g, "t:policy")));
	blast_free(&b);
	free(t0);
	tg_free(g);
}

static void
blast_cycle_never_counts_itself(void **state)
{
	struct tg	*g = tg_build(nodes, TG_LEN(nodes), edges,
			    TG_LEN(edges));
	uint64_t	*t0 = bitset_alloc(g->m->nnodes);
	struct blast	 b;

	(void)state;
	/* role and group form a cycle; mark role tier zero. */
	bitset_set(t0, tg_node(g, "t:role"));
	blast_compute(&b, g->m, &all_default, t0, NULL);
	assert_int_equal(b.count[BLAST_JEWELS][tg_node(g, "t:role")], 0);
	assert_int_equal(b.count[BLAST_JEWELS][tg_node(g, "t:group")], 1);
	assert_int_equal(b.count[BLAST_JEWELS][tg_node(g, "t:cred")], 1);
	blast_free(&b);
	free(t0);
	tg_free(g);
}

static void
blast_filters_and_whatif(void **state)
{
	struct tg		*g = tg_build(nodes, TG_LEN(nodes), edges,
				    TG_LEN(edges));
	struct reach_filter	 f = all_default;
	uint64_t		*noff = bitset_alloc(g->m->nnodes);
	uint64_t		*eoff = bitset_alloc(g->m->nedges);
	struct blast		 b;
	size_t			 cred = tg_node(g, "t:cred");

	(void)state;
	/* Without applies_to no system is reached. */
	f.kinds &= ~(1u << KIND_EDGE_APPLIES_TO);
	blast_compute(&b, g->m, &f, NULL, NULL);
	assert_int_equal(b.count[BLAST_PRIVILEGES][cred], 2);
	assert_int_equal(b.count[BLAST_SYSTEMS][cred], 0);
	blast_free(&b);

	/* The admin privilege switched off: it and its system drop out. */
	f.kinds = REACH_KINDS_DEFAULT;
	bitset_set(noff, tg_node(g, "t:admin"));
	f.node_off = noff;
	blast_compute(&b, g->m, &f, NULL, NULL);
	assert_int_equal(b.count[BLAST_PRIVILEGES][cred], 1);
	assert_int_equal(b.count[BLAST_ADMIN][cred], 0);
	assert_int_equal(b.count[BLAST_SYSTEMS][cred], 1);
	blast_free(&b);

	/* The edge sa -> role off: cred reaches nothing that counts. */
	bitset_set(eoff, tg_edge(g, "t:sa", "t:role", KIND_EDGE_HAS_ROLE));
	f.edge_off = eoff;
	blast_compute(&b, g->m, &f, NULL, NULL);
	assert_int_equal(b.count[BLAST_PRIVILEGES][cred], 0);
	assert_int_equal(b.count[BLAST_PRIVILEGES][tg_node(g, "t:role")], 1);
	blast_free(&b);

	/* A source switched off has no blast radius. */
	bitset_set(noff, cred);
	f.edge_off = NULL;
	blast_compute(&b, g->m, &f, NULL, NULL);
	assert_int_equal(b.count[BLAST_SYSTEMS][cred], 0);
	assert_int_equal(b.count[BLAST_SYSTEMS][tg_node(g, "t:sa")], 1);
	blast_free(&b);
	free(noff);
	free(eoff);
	tg_free(g);
}

/* A role granting 5000 privileges: more targets than one chunk holds. */
static void
blast_many_targets(void **state)
{
	struct tg_node	*n = calloc(5002, sizeof(*n));
	struct tg_edge	*e = calloc(5001, sizeof(*e));
	char		(*keys)[16] = calloc(5000, sizeof(*keys));
	struct blast	 b;
	struct tg	*g;
	size_t		 i;

	(void)state;
	n[0] = (struct tg_node)N("cred", CREDENTIAL);
	n[1] = (struct tg_node)N("role", ROLE);
	e[0] = (struct tg_edge)E("cred", "role", AUTHENTICATES_AS);
	for (i = 0; i < 5000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "t:p%04zu", i);
		n[2 + i] = (struct tg_node){ keys[i], KIND_NODE_PRIVILEGE,
		    NULL };
		e[1 + i] = (struct tg_edge){ "t:role", keys[i],
		    KIND_EDGE_GRANTS, 0 };
	}
	g = tg_build(n, 5002, e, 5001);
	blast_compute(&b, g->m, &all_default, NULL, NULL);
	assert_int_equal(b.count[BLAST_PRIVILEGES][tg_node(g, "t:cred")],
	    5000);
	assert_int_equal(b.count[BLAST_PRIVILEGES][tg_node(g, "t:role")],
	    5000);
	assert_int_equal(b.ntargets, 5000);
	blast_free(&b);
	tg_free(g);
	free(n);
	free(e);
	free(keys);
}

static int
stop_now(void *ctx, const char *what, double done)
{
	(void)ctx;
	(void)what;
	(void)done;
	return 1;
}

static void
blast_cancel_zeroes(void **state)
{
	struct tg	*g = tg_build(nodes, TG_LEN(nodes), edges,
			    TG_LEN(edges));
	struct cancel	 c = { stop_now, NULL };
	struct blast	 b;
	int		 rc;

	(void)state;
	/* The hook is polled once before any work, whatever the size. */
	rc = blast_compute(&b, g->m, &all_default, NULL, &c);
	assert_int_equal(rc, 1);
	assert_int_equal(b.count[BLAST_PRIVILEGES][tg_node(g, "t:cred")], 0);
	blast_free(&b);
	tg_free(g);
}

/* A new scenario starts with the jewels the source marked. */
static void
blast_scenario_seeds_jewels(void **state)
{
	struct tg		*g = tg_build(nodes, TG_LEN(nodes), edges,
				    TG_LEN(edges));
	struct scenario		 sc;
	struct reach_filter	 f;
	struct blast		 b;

	(void)state;
	scenario_init(&sc, g->m);
	assert_int_equal(sc.ntier_zero, 2);
	assert_true(scenario_is_tier_zero(&sc, tg_node(g, "t:db")));
	assert_int_equal(sc.gen, 0);
	scenario_filter(&sc, &f);
	blast_compute(&b, g->m, &f, sc.tier_zero, NULL);
	assert_int_equal(b.count[BLAST_JEWELS][tg_node(g, "t:cred")], 1);
	blast_free(&b);
	scenario_set_tier_zero(&sc, tg_node(g, "t:db"), 0);
	assert_int_equal(sc.ntier_zero, 1);
	assert_int_equal(sc.gen, 1);
	scenario_free(&sc);
	tg_free(g);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(blast_flags_from_attributes),
		cmocka_unit_test(blast_known_counts),
		cmocka_unit_test(blast_cycle_never_counts_itself),
		cmocka_unit_test(blast_filters_and_whatif),
		cmocka_unit_test(blast_many_targets),
		cmocka_unit_test(blast_cancel_zeroes),
		cmocka_unit_test(blast_scenario_seeds_jewels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
