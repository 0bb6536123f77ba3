/*
 * Tests of the comparison of two views (graph/delta.c) on a real case
 * with two snapshots of one source that differ in every way a delta
 * reports: identities, credentials and other nodes added and removed,
 * edges added and removed, privileges newly reachable and no longer
 * reachable, credentials newly stale, expiring and expired, findings
 * opened and closed.
 */
#include "testutil.h"

#include "delta.h"
#include "model.h"
#include "store.h"
#include "tstamp.h"

#define DAY	86400
#define T1	1793491200	/* 2026-11-01T00:00:00Z */
#define T2	1796083200	/* 2026-12-01T00:00:00Z */

struct node_spec {
	const char	*key;
	enum kind_node	 kind;
	int64_t		 last_used;
	int64_t		 expires;
};

struct edge_spec {
	const char	*src;
	const char	*dst;
	enum kind_edge	 kind;
	const char	*raw;
};

struct fixture {
	char		*dir;
	struct store	*store;
};

/* The earlier snapshot, imported at T1. */
static const struct node_spec before_nodes[] = {
	{ "t:alice", KIND_NODE_HUMAN, TSTAMP_UNKNOWN, TSTAMP_UNKNOWN },
	{ "t:app", KIND_NODE_SERVICE_ACCOUNT, TSTAMP_UNKNOWN, TSTAMP_UNKNOWN },
	{ "t:old-sa", KIND_NODE_SERVICE_ACCOUNT, TSTAMP_UNKNOWN,
	  TSTAMP_UNKNOWN },
	{ "t:old-key", KIND_NODE_CREDENTIAL, TSTAMP_UNKNOWN, TSTAMP_UNKNOWN },
	{ "t:key-stale", KIND_NODE_CREDENTIAL, T1 - 73 * DAY, TSTAMP_NEVER },
	{ "t:key-expiring", KIND_NODE_CREDENTIAL, T1, T2 + 18 * DAY },
	{ "t:key-expired", KIND_NODE_CREDENTIAL, T1, T1 + 19 * DAY },
	{ "t:r1", KIND_NODE_ROLE, TSTAMP_UNKNOWN, TSTAMP_UNKNOWN },
	{ "t:p1", KIND_NODE_PRIVILEGE, TSTAMP_UNKNOWN, TSTAMP_UNKNOWN },
	{ "t:p2", KIND_NODE_PRIVILEGE, TSTAMP_UNKNOWN, TSTAMP_UNKNOWN },
	{ "t:sys-old", KIND_NODE_SYSTEM, TSTAMP_UNKNOWN, TSTAMP_UNKNOWN },
};

static const struct edge_spec before_edges[] = {
	{ "t:app", "t:r1", KIND_EDGE_CAN_ASSUME, "CanAssume" },
	{ "t:r1", "t:p1", KIND_EDGE_GRANTS, "Grants" },
	{ "t:old-key", "t:old-sa", KIND_EDGE_AUTHENTICATES_AS,
	  "AuthenticatesAs" },
	{ "t:old-sa", "t:r1", KIND_EDGE_HAS_ROLE, "HasRole" },
	{ "t:alice", "t:app", KIND_EDGE_OWNS, "Owns" },
};

/* The later snapshot, imported at T2 and compared at T2. */
static const struct node_spec after_nodes[] = {
	{ "t:alice", KIND_NODE_HUMAN, TSTAMP_UNKNOWN, TSTAMP_UNKNOWN },
	{ "t:app", KIND_NODE_SERVICE_ACCOUNT, TSTAMP_UNKNOWN, TSTAMP_UNKNOWN },
	{ "t:new-sa", KIND_NODE_SERVICE_ACCOUNT, TSTAMP_UNKNOWN,
	  TSTAMP_UNKNOWN },
	{ "t:new-key", KIND_NODE_CREDENTIAL, T2, TSTAMP_UNKNOWN },
	{ "t:key-stale", KIND_NODE_CREDENTIAL, T1 - 73 * DAY, TSTAMP_NEVER },
	{ "t:key-expiring", KIND_NODE_CREDENTIAL, T2, T2 + 18 * DAY },
	{ "t:key-expired", KIND_NODE_CREDENTIAL, T1, T1 + 19 * DAY },
	{ "t:r1", KIND_NODE_ROLE, TSTAMP_UNKNOWN, TSTAMP_UNKNOWN },
	{ "t:p1", KIND_NODE_PRIVILEGE, TSTAMP_UNKNOWN, TSTAMP_UNKNOWN },
	{ "t:p2", KIND_NODE_PRIVILEGE, TSTAMP_UNKNOWN, TSTAMP_UNKNOWN },
	{ "t:sys-new", KIND_NODE_SYSTEM, TSTAMP_UNKNOWN, TSTAMP_UNKNOWN },
};

static const struct edge_spec after_edges[] = {
	{ "t:app", "t:r1", KIND_EDGE_CAN_ASSUME, "CanAssume" },
	{ "t:r1", "t:p1", KIND_EDGE_GRANTS, "Grants" },
	{ "t:r1", "t:p2", KIND_EDGE_GRANTS, "Grants" },
	{ "t:new-key", "t:new-sa", KIND_EDGE_AUTHENTICATES_AS,
	  "AuthenticatesAs" },
	{ "t:new-sa", "t:r1", KIND_EDGE_CAN_ASSUME, "CanAssume" },
};

#define COUNT(a)	(sizeof(a) / sizeof((a)[0]))

static void
write_snapshot(struct store *s, int64_t at, const struct node_spec *nodes,
    size_t nn, const struct edge_spec *edges, size_t ne)
{
	struct store_writer		*w;
	struct store_import_info	 info;
	struct record_node		 n;
	struct record_edge		 e;
	char				*err = NULL;
	size_t				 i;

	assert_int_equal(store_writer_begin(s, &w, &err), 0);
	for (i = 0; i < nn; i++) {
		record_node_init(&n);
		n.key = nodes[i].key;
		n.kind = nodes[i].kind;
		n.kinds = "Test";
		n.name = nodes[i].key + 2;
		n.life.last_used_at = nodes[i].last_used;
		n.life.expires_at = nodes[i].expires;
		assert_int_equal(store_writer_node(w, &n, &err), 1);
	}
	for (i = 0; i < ne; i++) {
		record_edge_init(&e);
		e.src = edges[i].src;
		e.dst = edges[i].dst;
		e.kind = edges[i].kind;
		e.raw = edges[i].raw;
		assert_int_equal(store_writer_edge(w, &e, &err), 0);
	}
	memset(&info, 0, sizeof(info));
	info.source = "test:estate";
	info.format = "test";
	info.input = "fixture";
	info.imported_at = at;
	assert_int_equal(store_writer_commit(w, &info, NULL, &err), 0);
}

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));
	char		*path, *err = NULL;

	f->dir = testutil_tmpdir();
	if (asprintf(&path, "%s/case.db", f->dir) == -1)
		abort();
	if (store_open(path, STORE_CREATE, &f->store, &err) == -1)
		fail_msg("%s", err);
	free(path);
	write_snapshot(f->store, T1, before_nodes, COUNT(before_nodes),
	    before_edges, COUNT(before_edges));
	write_snapshot(f->store, T2, after_nodes, COUNT(after_nodes),
	    after_edges, COUNT(after_edges));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	store_close(f->store);
	testutil_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* The items of a section as "key" or "key>key2", joined by spaces. */
static void
section_text(const struct delta *d, enum delta_section s, char *buf,
    size_t len)
{
	size_t	 i, at = 0;

	buf[0] = '\0';
	for (i = 0; i < d->count[s] && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s%s%s",
		    i > 0 ? " " : "", d->items[s][i].key,
		    d->items[s][i].key2 != NULL ? ">" : "",
		    d->items[s][i].key2 != NULL ? d->items[s][i].key2 : "");
}

static struct delta *
load_default(struct store *s)
{
	struct store_view	 a, b;
	struct delta		*d;
	char			*err = NULL;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.kind = STORE_VIEW_PREVIOUS;
	b.kind = STORE_VIEW_CURRENT;
	if (delta_load(s, &a, &b, T2, NULL, &d, &err) == -1)
		fail_msg("%s", err);
	return d;
}

static void
delta_nodes_added_and_removed(void **state)
{
	struct fixture	*f = *state;
	struct delta	*d = load_default(f->store);
	char		 t[512];

	section_text(d, DELTA_IDENTITIES_ADDED, t, sizeof(t));
	assert_string_equal(t, "t:new-sa");
	section_text(d, DELTA_IDENTITIES_REMOVED, t, sizeof(t));
	assert_string_equal(t, "t:old-sa");
	section_text(d, DELTA_CREDENTIALS_ADDED, t, sizeof(t));
	assert_string_equal(t, "t:new-key");
	section_text(d, DELTA_CREDENTIALS_REMOVED, t, sizeof(t));
	assert_string_equal(t, "t:old-key");
	section_text(d, DELTA_NODES_ADDED, t, sizeof(t));
	assert_string_equal(t, "t:sys-new");
	section_text(d, DELTA_NODES_REMOVED, t, sizeof(t));
	assert_string_equal(t, "t:sys-old");
	assert_int_equal(d->items[DELTA_NODES_REMOVED][0].side,
	    DELTA_SIDE_A);
	delta_free(d);
}

static void
delta_edges_added_and_removed(void **state)
{
	struct fixture	*f = *state;
	struct delta	*d = load_default(f->store);
	char		 t[512];

	section_text(d, DELTA_EDGES_ADDED, t, sizeof(t));
	assert_string_equal(t, "t:new-key>t:new-sa t:new-sa>t:r1 t:r1>t:p2");
	section_text(d, DELTA_EDGES_REMOVED, t, sizeof(t));
	assert_string_equal(t, "t:alice>t:app t:old-key>t:old-sa "
	    "t:old-sa>t:r1");
	assert_string_equal(d->items[DELTA_EDGES_ADDED][2].raw, "Grants");
	assert_int_equal(d->items[DELTA_EDGES_ADDED][2].ekind,
	    KIND_EDGE_GRANTS);
	delta_free(d);
}

static void
delta_reach_per_identity(void **state)
{
	struct fixture	*f = *state;
	struct delta	*d = load_default(f->store);
	char		 t[512];

	/* app gains p2 only; the new identities gain everything. */
	section_text(d, DELTA_REACH_ADDED, t, sizeof(t));
	assert_string_equal(t, "t:app>t:p2 t:new-key>t:p1 t:new-key>t:p2 "
	    "t:new-sa>t:p1 t:new-sa>t:p2");
	section_text(d, DELTA_REACH_REMOVED, t, sizeof(t));
	assert_string_equal(t, "t:alice>t:p1 t:old-key>t:p1 t:old-sa>t:p1");
	delta_free(d);
}

static void
delta_lifecycle_changes(void **state)
{
	struct fixture	*f = *state;
	struct delta	*d = load_default(f->store);
	char		 t[512];

	assert_int_equal(d->time_a, T1);
	assert_int_equal(d->time_b, T2);
	section_text(d, DELTA_STALE, t, sizeof(t));
	assert_string_equal(t, "t:key-stale");
	assert_int_equal(d->items[DELTA_STALE][0].when, T1 - 73 * DAY);
	section_text(d, DELTA_EXPIRING, t, sizeof(t));
	assert_string_equal(t, "t:key-expiring");
	section_text(d, DELTA_EXPIRED, t, sizeof(t));
	assert_string_equal(t, "t:key-expired");
	section_text(d, DELTA_FINDINGS_OPENED, t, sizeof(t));
	assert_string_equal(t, "t:app t:key-expiring t:key-stale t:new-key "
	    "t:new-sa");
	assert_string_equal(d->items[DELTA_FINDINGS_OPENED][0].rule,
	    "orphaned-identity");
	assert_string_equal(d->items[DELTA_FINDINGS_OPENED][2].rule,
	    "stale-credential");
	section_text(d, DELTA_FINDINGS_CLOSED, t, sizeof(t));
	assert_string_equal(t, "t:key-expired t:old-key t:old-sa");
	assert_string_equal(d->items[DELTA_FINDINGS_CLOSED][0].rule,
	    "expired-or-expiring");
	assert_int_equal(delta_total(d), 1 + 1 + 1 + 1 + 1 + 1 + 3 + 3 + 5 +
	    3 + 1 + 1 + 1 + 5 + 3);
	delta_free(d);
}

static void
delta_same_view_is_empty(void **state)
{
	struct fixture		*f = *state;
	struct store_view	 v;
	struct delta		*d;
	char			*err = NULL;

	memset(&v, 0, sizeof(v));
	v.kind = STORE_VIEW_CURRENT;
	assert_int_equal(delta_load(f->store, &v, &v, T2, NULL, &d, &err), 0);
	assert_int_equal(delta_total(d), 0);
	assert_string_equal(d->view_a, "current");
	delta_free(d);
}

static void
delta_load_keeps_store_view(void **state)
{
	struct fixture		*f = *state;
	struct store_view	 v;
	struct model		*m;
	struct delta		*d;
	char			*err = NULL;

	memset(&v, 0, sizeof(v));
	v.kind = STORE_VIEW_AS_OF;
	v.at = T1;
	assert_int_equal(store_set_view(f->store, &v, &err), 0);
	d = load_default(f->store);
	delta_free(d);
	assert_int_equal(model_load(f->store, &m, &err), 0);
	assert_true(model_find(m, "t:old-sa") >= 0);
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test_setup_teardown(
		    delta_nodes_added_and_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    delta_edges_added_and_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    delta_reach_per_identity, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    delta_lifecycle_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    delta_same_view_is_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    delta_load_keeps_store_view, setup, teardown),
	};

	return cmocka_run_group_tests_name("delta", tests, NULL, NULL);
}
