/*
 * Tests of the in-memory model built from a case: merging nodes across
 * snapshots, placeholders resolved by another source, adjacency by edge
 * kind in both directions, repeated edges, lookups, the igraph copy and
 * the model image.
 */
#include "testutil.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <unistd.h>

#include "app.h"
#include "join.h"
#include "model.h"
#include "store.h"
#include "tstamp.h"

struct fixture {
	char		*dir;
	struct store	*store;
};

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

struct node_spec {
	const char	*key;
	enum kind_node	 kind;
	const char	*kinds;
	const char	*name;
	int64_t		 last_used;
};

struct edge_spec {
	const char	*src;
	const char	*dst;
	enum kind_edge	 kind;
	const char	*raw;
	unsigned	 flags;
};

static void
snapshot(struct store *s, const char *source, const struct node_spec *nodes,
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
		n.kinds = nodes[i].kinds;
		n.name = nodes[i].name;
		n.life.last_used_at = nodes[i].last_used;
		assert_int_equal(store_writer_node(w, &n, &err), 1);
	}
	for (i = 0; i < ne; i++) {
		record_edge_init(&e);
		e.src = edges[i].src;
		e.dst = edges[i].dst;
		e.kind = edges[i].kind;
		e.raw = edges[i].raw;
		e.flags = edges[i].flags;
		assert_int_equal(store_writer_edge(w, &e, &err), 0);
	}
	memset(&info, 0, sizeof(info));
	info.source = source;
	info.format = "test";
	info.input = "fixture";
	assert_int_equal(store_writer_commit(w, &info, NULL, &err), 0);
}

static struct model *
load(struct store *s)
{
	struct model	*m = NULL;
	char		*err = NULL;

	if (model_load(s, &m, &err) == -1)
		fail_msg("model_load: %s", err);
	return m;
}

static void
model_empty_case_loads(void **state)
{
	struct fixture	*f = *state;
	struct model	*m = load(f->store);

	assert_int_equal(m->nnodes, 0);
	assert_int_equal(m->nedges, 0);
	assert_int_equal(model_find(m, "x:y"), -1);
	model_free(m);
}

static void
model_adjacency_by_kind(void **state)
{
	static const struct node_spec	 nodes[] = {
		{ "a:key", KIND_NODE_CREDENTIAL, "Key", "key", TSTAMP_UNKNOWN },
		{ "a:sa", KIND_NODE_SERVICE_ACCOUNT, "SA", "sa",
		    TSTAMP_UNKNOWN },
		{ "a:role", KIND_NODE_ROLE, "Role", "role", TSTAMP_UNKNOWN },
		{ "a:owner", KIND_NODE_HUMAN, "User", "owner", TSTAMP_UNKNOWN },
	};
	static const struct edge_spec	 edges[] = {
		{ "a:key", "a:sa", KIND_EDGE_AUTHENTICATES_AS, "AuthAs", 0 },
		{ "a:sa", "a:role", KIND_EDGE_CAN_ASSUME, "Assume", 0 },
		{ "a:owner", "a:sa", KIND_EDGE_OWNS, "Owns", 0 },
		{ "a:owner", "a:key", KIND_EDGE_OWNS, "Owns", 0 },
		{ "a:sa", "a:sa", KIND_EDGE_RELATED, "Self", 0 },
	};
	struct fixture	*f = *state;
	struct model	*m;
	size_t		 first, count;
	int64_t		 sa, owner;

	snapshot(f->store, "a", nodes, 4, edges, 5);
	m = load(f->store);
	assert_int_equal(m->nnodes, 4);
	assert_int_equal(m->nedges, 5);
	sa = model_find(m, "a:sa");
	owner = model_find(m, "a:owner");
	assert_true(sa >= 0);
	assert_true(owner >= 0);

	model_out_kind(m, (size_t)owner, KIND_EDGE_OWNS, &first, &count);
	assert_int_equal(count, 2);
	model_in_kind(m, (size_t)sa, KIND_EDGE_OWNS, &first, &count);
	assert_int_equal(count, 1);
	assert_int_equal(m->esrc[m->in_edge[first]], owner);
	model_in_kind(m, (size_t)sa, KIND_EDGE_AUTHENTICATES_AS, &first,
	    &count);
	assert_int_equal(count, 1);
	assert_string_equal(m->key[m->esrc[m->in_edge[first]]], "a:key");
	/* The self-loop is both an out and an in edge of sa. */
	model_out_kind(m, (size_t)sa, KIND_EDGE_RELATED, &first, &count);
	assert_int_equal(count, 1);
	model_in_kind(m, (size_t)sa, KIND_EDGE_RELATED, &first, &count);
	assert_int_equal(count, 1);
	assert_int_equal(model_degree(m, (size_t)sa), 5);
	model_free(m);
}

static void
model_out_edges_sorted_by_kind(void **state)
{
	static const struct node_spec	 nodes[] = {
		{ "a:x", KIND_NODE_ROLE, "R", "x", TSTAMP_UNKNOWN },
		{ "a:y", KIND_NODE_ROLE, "R", "y", TSTAMP_UNKNOWN },
	};
	static const struct edge_spec	 edges[] = {
		{ "a:x", "a:y", KIND_EDGE_RELATED, "Z", 0 },
		{ "a:x", "a:y", KIND_EDGE_OWNS, "O", 0 },
		{ "a:x", "a:y", KIND_EDGE_GRANTS, "G", 0 },
	};
	struct fixture	*f = *state;
	struct model	*m;
	size_t		 first, count, i;

	snapshot(f->store, "a", nodes, 2, edges, 3);
	m = load(f->store);
	model_out(m, (size_t)model_find(m, "a:x"), &first, &count);
	assert_int_equal(count, 3);
	for (i = first + 1; i < first + count; i++)
		assert_true(m->ekind[i - 1] <= m->ekind[i]);
	assert_int_equal(m->ekind[first], KIND_EDGE_OWNS);
	model_free(m);
}

static void
model_placeholder_resolved_by_other_source(void **state)
{
	static const struct node_spec	 a_nodes[] = {
		{ "k8s:sa", KIND_NODE_SERVICE_ACCOUNT, "SA", "sa",
		    TSTAMP_UNKNOWN },
	};
	static const struct edge_spec	 a_edges[] = {
		{ "k8s:sa", "aws:role", KIND_EDGE_CAN_ASSUME, "IRSA", 0 },
	};
	static const struct node_spec	 b_nodes[] = {
		{ "aws:role", KIND_NODE_ROLE, "AWS::IAM::Role", "deploy",
		    TSTAMP_UNKNOWN },
	};
	struct fixture	*f = *state;
	struct model	*m;
	int64_t		 role;

	snapshot(f->store, "k8s", a_nodes, 1, a_edges, 1);
	m = load(f->store);
	role = model_find(m, "aws:role");
	assert_true(role >= 0);
	assert_true(m->nflags[role] & MODEL_NODE_MISSING);
	assert_int_equal(m->kind[role], KIND_NODE_OTHER);
	model_free(m);

	snapshot(f->store, "aws", b_nodes, 1, NULL, 0);
	m = load(f->store);
	assert_int_equal(m->nnodes, 2);
	role = model_find(m, "aws:role");
	assert_false(m->nflags[role] & MODEL_NODE_MISSING);
	assert_int_equal(m->kind[role], KIND_NODE_ROLE);
	assert_string_equal(m->name[role], "deploy");
	assert_int_equal(m->nedges, 1);
	model_free(m);
}

static void
model_merges_kinds_and_dates(void **state)
{
	static const struct node_spec	 a_nodes[] = {
		{ "x:u", KIND_NODE_HUMAN, "User", "old name", 1000 },
	};
	static const struct node_spec	 b_nodes[] = {
		{ "x:u", KIND_NODE_HUMAN, "Person,User", "new name", 5000 },
	};
	static const struct node_spec	 c_nodes[] = {
		{ "x:u", KIND_NODE_HUMAN, "User", "third", 2000 },
	};
	struct fixture	*f = *state;
	struct model	*m;
	int64_t		 u;

	snapshot(f->store, "one", a_nodes, 1, NULL, 0);
	snapshot(f->store, "two", b_nodes, 1, NULL, 0);
	snapshot(f->store, "three", c_nodes, 1, NULL, 0);
	m = load(f->store);
	assert_int_equal(m->nnodes, 1);
	u = model_find(m, "x:u");
	/* The newest snapshot names it; the latest use wins. */
	assert_string_equal(m->name[u], "third");
	assert_int_equal(m->life[u].last_used_at, 5000);
	assert_string_equal(model_label(m, m->kinds[u]), "User,Person");
	model_free(m);
}

static void
model_repeated_edges_kept_once(void **state)
{
	static const struct node_spec	 nodes[] = {
		{ "a:x", KIND_NODE_ROLE, "R", "x", TSTAMP_UNKNOWN },
		{ "a:y", KIND_NODE_ROLE, "R", "y", TSTAMP_UNKNOWN },
	};
	static const struct edge_spec	 edges[] = {
		{ "a:x", "a:y", KIND_EDGE_OWNS, "O", 0 },
		{ "a:x", "a:y", KIND_EDGE_OWNS, "O", 0 },
		{ "a:x", "a:y", KIND_EDGE_OWNS, "O2", 0 },
	};
	struct fixture	*f = *state;
	struct model	*m;

	snapshot(f->store, "a", nodes, 2, edges, 3);
	snapshot(f->store, "b", nodes, 2, edges, 1);
	m = load(f->store);
	assert_int_equal(m->nedges, 2);
	assert_int_equal(m->duplicate_edges, 2);
	model_free(m);
}

/* The number of distinct (start, end, kind, source kind) among e[0..n-1]. */
static size_t
distinct_edges(const struct edge_spec *e, size_t n)
{
	size_t	 i, j, count = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(e[i].src, e[j].src) == 0 &&
			    strcmp(e[i].dst, e[j].dst) == 0 &&
			    e[i].kind == e[j].kind &&
			    strcmp(e[i].raw, e[j].raw) == 0)
				break;
		}
		count += j == i;
	}
	return count;
}

/* The flags of the first row in e[0..n-1] that model edge x keeps. */
static unsigned
first_flags(const struct model *m, size_t x, const struct edge_spec *e,
    size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (strcmp(e[i].src, m->key[m->esrc[x]]) == 0 &&
		    strcmp(e[i].dst, m->key[m->edst[x]]) == 0 &&
		    e[i].kind == m->ekind[x] &&
		    strcmp(e[i].raw, model_label(m, m->eraw[x])) == 0)
			return e[i].flags;
	}
	fail_msg("model edge %zu matches no edge row", x);
	return 0;
}

/*
 * Many edges between a few nodes, repeated within one snapshot and across
 * two, with hub nodes that start more than 16 edges. The model keeps one
 * edge of each (start, end, kind, source kind) with the flags of its
 * first row, and sorts both directions.
 */
static void
model_edges_sorted_and_repeats_dropped(void **state)
{
	static const char *const	 keys[] = {
		"a:n0", "a:n1", "a:n2", "a:n3", "a:n4", "a:n5", "a:n6", "a:n7"
	};
	static const enum kind_edge	 kinds[] = {
		KIND_EDGE_OWNS, KIND_EDGE_GRANTS, KIND_EDGE_MEMBER_OF
	};
	static const char *const	 raws[] = { "R1", "R2" };
	struct node_spec		 nodes[8];
	struct edge_spec		 edges[300];
	struct fixture			*f = *state;
	struct model			*m;
	uint32_t			 rnd = 12345, a, b;
	size_t				 i, v, n = 300, again = 60;

	for (i = 0; i < 8; i++) {
		nodes[i].key = keys[i];
		nodes[i].kind = KIND_NODE_ROLE;
		nodes[i].kinds = "R";
		nodes[i].name = keys[i] + 2;
		nodes[i].last_used = TSTAMP_UNKNOWN;
	}
	for (i = 0; i < n; i++) {
		rnd = rnd * 1103515245u + 12345u;
		/* Half the edges start at the first two nodes, the hubs. */
		edges[i].src = keys[(rnd >> 16) % 2 == 0 ? (rnd >> 8) % 2 :
		    (rnd >> 8) % 8];
		edges[i].dst = keys[(rnd >> 20) % 8];
		edges[i].kind = kinds[(rnd >> 24) % 3];
		edges[i].raw = raws[(rnd >> 27) % 2];
		edges[i].flags = (rnd >> 29) % 2 ? RECORD_EDGE_CONDITIONAL : 0;
	}
	snapshot(f->store, "a", nodes, 8, edges, n);
	/* A second source repeats the first edges with the other flags. */
	for (i = 0; i < again; i++)
		edges[i].flags ^= RECORD_EDGE_CONDITIONAL;
	snapshot(f->store, "b", nodes, 8, edges, again);
	for (i = 0; i < again; i++)
		edges[i].flags ^= RECORD_EDGE_CONDITIONAL;

	m = load(f->store);
	v = (size_t)model_find(m, "a:n0");
	assert_true(m->out_off[v + 1] - m->out_off[v] > 16);
	assert_int_equal(m->nedges, distinct_edges(edges, n));
	assert_int_equal(m->duplicate_edges, n + again - m->nedges);
	for (i = 0; i < m->nedges; i++)
		assert_int_equal(m->eflags[i] & RECORD_EDGE_CONDITIONAL,
		    first_flags(m, i, edges, n));
	for (v = 0; v < m->nnodes; v++) {
		for (i = m->out_off[v]; i < m->out_off[v + 1]; i++) {
			assert_int_equal(m->esrc[i], v);
			if (i == m->out_off[v])
				continue;
			assert_true(m->ekind[i - 1] < m->ekind[i] ||
			    (m->ekind[i - 1] == m->ekind[i] &&
			    (m->edst[i - 1] < m->edst[i] ||
			    (m->edst[i - 1] == m->edst[i] &&
			    m->eraw[i - 1] < m->eraw[i]))));
		}
		for (i = m->in_off[v]; i < m->in_off[v + 1]; i++) {
			b = m->in_edge[i];
			assert_int_equal(m->edst[b], v);
			if (i == m->in_off[v])
				continue;
			a = m->in_edge[i - 1];
			assert_true(m->ekind[a] < m->ekind[b] ||
			    (m->ekind[a] == m->ekind[b] && a < b));
		}
	}
	model_free(m);
}

static void
model_shared_names_flagged(void **state)
{
	static const struct node_spec	 a_nodes[] = {
		{ "a:1", KIND_NODE_ROLE, "R", "deploy", TSTAMP_UNKNOWN },
		{ "a:2", KIND_NODE_ROLE, "R", "Deploy", TSTAMP_UNKNOWN },
		{ "a:3", KIND_NODE_ROLE, "R", "build", TSTAMP_UNKNOWN },
		{ "a:4", KIND_NODE_ROLE, "R", "build", TSTAMP_UNKNOWN },
	};
	static const struct node_spec	 b_nodes[] = {
		{ "b:1", KIND_NODE_HUMAN, "User", "deploy", TSTAMP_UNKNOWN },
		{ "b:2", KIND_NODE_HUMAN, "User", "alone", TSTAMP_UNKNOWN },
		{ "b:3", KIND_NODE_HUMAN, "User", "build", TSTAMP_UNKNOWN },
	};
	static const char *const	 shared[] = {
		"a:1", "b:1", "a:3", "a:4", "b:3"
	};
	static const char *const	 single[] = { "a:2", "b:2" };
	struct fixture			*f = *state;
	struct model			*m;
	size_t				 i;

	snapshot(f->store, "a", a_nodes, 4, NULL, 0);
	snapshot(f->store, "b", b_nodes, 3, NULL, 0);
	m = load(f->store);
	for (i = 0; i < sizeof(shared) / sizeof(shared[0]); i++)
		assert_true(m->nflags[model_find(m, shared[i])] &
		    MODEL_NODE_SHARED_NAME);
	/* Names that differ only in case are not the same name. */
	for (i = 0; i < sizeof(single) / sizeof(single[0]); i++)
		assert_false(m->nflags[model_find(m, single[i])] &
		    MODEL_NODE_SHARED_NAME);
	model_free(m);
}

/*
 * Edge rows with more pairs of kind and source kind names than the
 * loader's memo has entries, some names longer than it keeps: every edge
 * gets its own kind and source kind.
 */
static void
model_edge_kind_names_kept(void **state)
{
	static const struct node_spec	 nodes[] = {
		{ "a:x", KIND_NODE_ROLE, "R", "x", TSTAMP_UNKNOWN },
		{ "a:y", KIND_NODE_ROLE, "R", "y", TSTAMP_UNKNOWN },
	};
	static const enum kind_edge	 kinds[] = {
		KIND_EDGE_OWNS, KIND_EDGE_GRANTS, KIND_EDGE_MEMBER_OF
	};
	struct edge_spec		 edges[300];
	char				 raw[300][80];
	struct fixture			*f = *state;
	struct model			*m;
	size_t				 i, e, n = 300;

	for (i = 0; i < n; i++) {
		/* Every third name is longer than 48 bytes. */
		snprintf(raw[i], sizeof(raw[i]), i % 3 == 0 ?
		    "SourceKindWithAVeryLongNameThatGoesOnAndOn%zu" : "K%zu",
		    i % 100);
		edges[i].src = i % 2 ? "a:x" : "a:y";
		edges[i].dst = i % 2 ? "a:y" : "a:x";
		edges[i].kind = kinds[i % 3];
		edges[i].raw = raw[i];
		edges[i].flags = 0;
	}
	snapshot(f->store, "a", nodes, 2, edges, n);
	m = load(f->store);
	assert_int_equal(m->nedges + m->duplicate_edges, n);
	for (e = 0; e < m->nedges; e++) {
		for (i = 0; i < n; i++) {
			if (strcmp(m->key[m->esrc[e]], edges[i].src) == 0 &&
			    strcmp(model_label(m, m->eraw[e]), raw[i]) == 0 &&
			    m->ekind[e] == edges[i].kind)
				break;
		}
		assert_true(i < n);
	}
	for (i = 0; i < n; i++) {
		for (e = 0; e < m->nedges; e++) {
			if (strcmp(m->key[m->esrc[e]], edges[i].src) == 0 &&
			    strcmp(model_label(m, m->eraw[e]), raw[i]) == 0 &&
			    m->ekind[e] == edges[i].kind)
				break;
		}
		assert_true(e < m->nedges);
	}
	model_free(m);
}

static void
model_superseded_snapshot_not_loaded(void **state)
{
	static const struct node_spec	 v1[] = {
		{ "a:gone", KIND_NODE_ROLE, "R", "gone", TSTAMP_UNKNOWN },
	};
	static const struct node_spec	 v2[] = {
		{ "a:new", KIND_NODE_ROLE, "R", "new", TSTAMP_UNKNOWN },
	};
	struct fixture	*f = *state;
	struct model	*m;

	snapshot(f->store, "a", v1, 1, NULL, 0);
	snapshot(f->store, "a", v2, 1, NULL, 0);
	m = load(f->store);
	assert_int_equal(m->nnodes, 1);
	assert_int_equal(model_find(m, "a:gone"), -1);
	assert_true(model_find(m, "a:new") >= 0);
	model_free(m);
}

static void
model_resolve_by_name_and_id(void **state)
{
	static const struct node_spec	 nodes[] = {
		{ "gh:U_1", KIND_NODE_HUMAN, "U", "alice", TSTAMP_UNKNOWN },
		{ "gh:U_2", KIND_NODE_HUMAN, "U", "bob", TSTAMP_UNKNOWN },
		{ "aws:bob", KIND_NODE_HUMAN, "U", "robert", TSTAMP_UNKNOWN },
	};
	struct fixture	*f = *state;
	struct model	*m;
	int64_t		 ids[4];

	snapshot(f->store, "a", nodes, 3, NULL, 0);
	m = load(f->store);
	assert_int_equal(model_resolve(m, "gh:U_1", ids, 4), 1);
	assert_string_equal(m->key[ids[0]], "gh:U_1");
	assert_int_equal(model_resolve(m, "alice", ids, 4), 1);
	assert_int_equal(model_resolve(m, "U_2", ids, 4), 1);
	/* "bob" is a name of one node and the id of another. */
	assert_int_equal(model_resolve(m, "bob", ids, 4), 2);
	assert_int_equal(model_resolve(m, "carol", ids, 4), 0);
	model_free(m);
}

static void
model_igraph_matches_arrays(void **state)
{
	static const struct node_spec	 nodes[] = {
		{ "a:1", KIND_NODE_ROLE, "R", "1", TSTAMP_UNKNOWN },
		{ "a:2", KIND_NODE_ROLE, "R", "2", TSTAMP_UNKNOWN },
		{ "a:3", KIND_NODE_ROLE, "R", "3", TSTAMP_UNKNOWN },
	};
	static const struct edge_spec	 edges[] = {
		{ "a:3", "a:1", KIND_EDGE_CAN_ASSUME, "A", 0 },
		{ "a:1", "a:2", KIND_EDGE_CAN_ASSUME, "A", 0 },
		{ "a:2", "a:3", KIND_EDGE_CAN_ASSUME, "A",
		    RECORD_EDGE_NOT_TRAVERSABLE },
	};
	struct fixture		*f = *state;
	struct model		*m;
	const igraph_t		*g;
	igraph_integer_t	 from, to;
	char			*err = NULL;
	size_t			 e;

	snapshot(f->store, "a", nodes, 3, edges, 3);
	m = load(f->store);
	assert_false(m->has_graph);
	g = model_igraph(m, &err);
	assert_non_null(g);
	assert_ptr_equal(model_igraph(m, &err), g);
	assert_int_equal(igraph_vcount(g), 3);
	assert_int_equal(igraph_ecount(g), 3);
	for (e = 0; e < m->nedges; e++) {
		igraph_edge(g, (igraph_integer_t)e, &from, &to);
		assert_int_equal(from, m->esrc[e]);
		assert_int_equal(to, m->edst[e]);
	}
	e = m->out_off[model_find(m, "a:2")];
	assert_true(m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE);
	model_free(m);
}

static void
model_igraph_error_kept(void **state)
{
	igraph_vector_int_t	 edges;
	igraph_t		 g;
	char			*msg;

	(void)state;
	model_igraph_setup(NULL);
	/* An odd edge list is an igraph error: it returns, it does not abort. */
	assert_int_equal(igraph_vector_int_init(&edges, 3), IGRAPH_SUCCESS);
	assert_int_not_equal(igraph_create(&g, &edges, 2, IGRAPH_DIRECTED),
	    IGRAPH_SUCCESS);
	igraph_vector_int_destroy(&edges);
	msg = model_igraph_message();
	assert_non_null(msg);
	assert_non_null(strstr(msg, "igraph: "));
	free(msg);
	assert_null(model_igraph_message());
}

static void
model_igraph_warning_kept(void **state)
{
	char	*msg;

	(void)state;
	model_igraph_setup(NULL);
	igraph_warning("test warning", __FILE__, __LINE__);
	msg = model_igraph_message();
	assert_non_null(msg);
	assert_string_equal(msg, "igraph warning: test warning");
	free(msg);
}

static void
model_igraph_message_on_status_line(void **state)
{
	struct app	 a;

	(void)state;
	memset(&a, 0, sizeof(a));
	model_igraph_setup(NULL);
	app_check_igraph(&a);
	assert_null(a.status);
	igraph_warning("shown to the analyst", __FILE__, __LINE__);
	app_check_igraph(&a);
	assert_non_null(a.status);
	assert_string_equal(a.status, "igraph warning: shown to the analyst");
	assert_int_equal(a.status_error, 1);
	free(a.status);
}

/* The fatal hook of the child below: what restores the terminal. */
static void
fatal_hook(void)
{
	fputs("hook ran\n", stderr);
	fflush(stderr);
}

static void
model_igraph_fatal_restores_first(void **state)
{
	char	 buf[512];
	int	 fds[2], status;
	ssize_t	 n;
	size_t	 len = 0;
	pid_t	 pid;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	if ((pid = fork()) == 0) {
		dup2(fds[1], STDERR_FILENO);
		model_igraph_setup(fatal_hook);
		igraph_fatal("test fatal", "test.c", 1);
	}
	close(fds[1]);
	while ((n = read(fds[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 3);
	/* The hook runs before the message is printed, then the process ends. */
	assert_non_null(strstr(buf, "hook ran\n"));
	assert_non_null(strstr(buf, "fatal: igraph failed"));
	assert_true(strstr(buf, "hook ran") < strstr(buf, "fatal: igraph"));
}

/* Compare every array of two models of the same view. */
static void
assert_models_equal(const struct model *a, const struct model *b)
{
	size_t	 v, e;

	assert_int_equal(a->nnodes, b->nnodes);
	assert_int_equal(a->nedges, b->nedges);
	for (v = 0; v < a->nnodes; v++) {
		assert_string_equal(a->key[v], b->key[v]);
		assert_string_equal(a->name[v], b->name[v]);
		assert_int_equal(a->kind[v], b->kind[v]);
		assert_int_equal(a->nflags[v], b->nflags[v]);
		assert_string_equal(model_label(a, a->kinds[v]),
		    model_label(b, b->kinds[v]));
		assert_string_equal(model_label(a, a->source[v]),
		    model_label(b, b->source[v]));
		assert_int_equal(a->life[v].last_used_at,
		    b->life[v].last_used_at);
		assert_int_equal(a->kid[v], b->kid[v]);
		assert_int_equal(a->out_off[v], b->out_off[v]);
		assert_int_equal(a->in_off[v], b->in_off[v]);
		assert_int_equal(model_find(b, a->key[v]), (int64_t)v);
	}
	for (e = 0; e < a->nedges; e++) {
		assert_int_equal(a->esrc[e], b->esrc[e]);
		assert_int_equal(a->edst[e], b->edst[e]);
		assert_int_equal(a->ekind[e], b->ekind[e]);
		assert_int_equal(a->eflags[e], b->eflags[e]);
		assert_int_equal(a->eid[e], b->eid[e]);
		assert_int_equal(a->in_edge[e], b->in_edge[e]);
		assert_int_equal(a->out_adj[e], b->out_adj[e]);
		assert_int_equal(a->in_adj[e], b->in_adj[e]);
		assert_string_equal(model_label(a, a->eraw[e]),
		    model_label(b, b->eraw[e]));
	}
}

static const struct node_spec	 image_nodes[] = {
	{ "a:key", KIND_NODE_CREDENTIAL, "Key", "Key one", 1700000000 },
	{ "a:sa", KIND_NODE_SERVICE_ACCOUNT, "SA", "sa", TSTAMP_UNKNOWN },
	{ "a:role", KIND_NODE_ROLE, "Role", "role", TSTAMP_UNKNOWN },
};
static const struct edge_spec	 image_edges[] = {
	{ "a:key", "a:sa", KIND_EDGE_AUTHENTICATES_AS, "AuthenticatesAs", 0 },
	{ "a:sa", "a:role", KIND_EDGE_HAS_ROLE, "HasRole", 0 },
	{ "a:sa", "a:gone", KIND_EDGE_MEMBER_OF, "MemberOf", 0 },
};

/* The image path of the fixture's case. */
static char *
image_path(const struct fixture *f)
{
	char	*path;

	if (asprintf(&path, "%s/case.db-model", f->dir) == -1)
		abort();
	return path;
}

static void
model_image_saved_and_mapped(void **state)
{
	struct fixture	*f = *state;
	struct model	*rows, *mapped;
	struct stat	 st;
	char		*path = image_path(f);

	snapshot(f->store, "a", image_nodes, 3, image_edges, 3);
	rows = load(f->store);
	assert_null(rows->image);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	mapped = load(f->store);
	assert_non_null(mapped->image);
	assert_models_equal(rows, mapped);
	assert_non_null(mapped->order);
	assert_int_equal(mapped->joins->nnodes, 0);
	model_free(rows);
	model_free(mapped);
	free(path);
}

/* The image's node order lists every node by kind, name, then key. */
static void
model_image_order_sorted(void **state)
{
	struct fixture	*f = *state;
	struct model	*rows, *mapped;
	uint32_t	 x, y;
	size_t		 i;
	int		 c;

	snapshot(f->store, "a", image_nodes, 3, image_edges, 3);
	rows = load(f->store);
	mapped = load(f->store);
	assert_non_null(mapped->image);
	assert_non_null(mapped->order);
	for (i = 1; i < mapped->nnodes; i++) {
		x = mapped->order[i - 1];
		y = mapped->order[i];
		assert_true(mapped->kind[x] <= mapped->kind[y]);
		if (mapped->kind[x] != mapped->kind[y])
			continue;
		c = strcasecmp(mapped->name[x], mapped->name[y]);
		assert_true(c < 0 ||
		    (c == 0 && strcmp(mapped->key[x], mapped->key[y]) < 0));
	}
	model_free(rows);
	model_free(mapped);
}

static void
model_image_stale_after_import(void **state)
{
	static const struct node_spec	 more[] = {
		{ "b:x", KIND_NODE_HUMAN, "User", "x", TSTAMP_UNKNOWN },
	};
	struct fixture	*f = *state;
	struct model	*m;

	snapshot(f->store, "a", image_nodes, 3, image_edges, 3);
	model_free(load(f->store));
	snapshot(f->store, "b", more, 1, NULL, 0);
	m = load(f->store);
	assert_null(m->image);
	assert_int_equal(m->nnodes, 5);
	assert_true(model_find(m, "b:x") >= 0);
	model_free(m);
	m = load(f->store);
	assert_non_null(m->image);
	assert_int_equal(m->nnodes, 5);
	model_free(m);
}

/* Overwrite len bytes of the image at offset off with byte c. */
static void
image_damage(const struct fixture *f, off_t off, size_t len, int c)
{
	char	*path = image_path(f), buf[64];
	int	 fd;

	memset(buf, c, sizeof(buf));
	assert_true(len <= sizeof(buf));
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, buf, len, off), (ssize_t)len);
	close(fd);
	free(path);
}

static void
model_image_damage_ignored(void **state)
{
	struct fixture	*f = *state;
	struct model	*rows, *m;
	char		*path = image_path(f);
	struct stat	 st;

	snapshot(f->store, "a", image_nodes, 3, image_edges, 3);
	rows = load(f->store);
	assert_int_equal(stat(path, &st), 0);

	/* Edge indices out of range: the last bytes before the strings. */
	image_damage(f, st.st_size / 2, 64, 0xff);
	m = load(f->store);
	assert_null(m->image);
	assert_models_equal(rows, m);
	model_free(m);

	/* The rows load wrote a good image again; break its magic. */
	image_damage(f, 0, 4, 'x');
	m = load(f->store);
	assert_null(m->image);
	model_free(m);

	/* An image others can write is not read. */
	model_free(load(f->store));
	assert_int_equal(chmod(path, 0622), 0);
	m = load(f->store);
	assert_null(m->image);
	model_free(m);
	model_free(rows);
	free(path);
}

static void
model_image_other_case_ignored(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	char		*path, *err = NULL;

	/* The same snapshot ids in a case made again at the same path. */
	snapshot(f->store, "a", image_nodes, 3, image_edges, 3);
	model_free(load(f->store));
	store_close(f->store);
	if (asprintf(&path, "%s/case.db", f->dir) == -1)
		abort();
	assert_int_equal(unlink(path), 0);
	if (store_open(path, STORE_CREATE, &f->store, &err) == -1)
		fail_msg("%s", err);
	snapshot(f->store, "a", image_nodes, 2, NULL, 0);
	m = load(f->store);
	assert_null(m->image);
	assert_int_equal(m->nnodes, 2);
	model_free(m);
	free(path);
}

static void
model_image_not_written_read_only(void **state)
{
	struct fixture	*f = *state;
	struct store	*ro;
	struct model	*m;
	struct stat	 st;
	char		*path, *err = NULL, *image = image_path(f);

	snapshot(f->store, "a", image_nodes, 3, image_edges, 3);
	if (asprintf(&path, "%s/case.db", f->dir) == -1)
		abort();
	if (store_open(path, STORE_READ_ONLY, &ro, &err) == -1)
		fail_msg("%s", err);
	m = load(ro);
	assert_int_equal(m->nnodes, 4);
	assert_int_equal(stat(image, &st), -1);
	model_free(m);
	store_close(ro);
	free(path);
	free(image);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test_setup_teardown(model_empty_case_loads,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(model_adjacency_by_kind,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(model_out_edges_sorted_by_kind,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    model_placeholder_resolved_by_other_source, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(model_merges_kinds_and_dates,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(model_repeated_edges_kept_once,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    model_edges_sorted_and_repeats_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(model_shared_names_flagged,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(model_edge_kind_names_kept,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    model_superseded_snapshot_not_loaded, setup, teardown),
		cmocka_unit_test_setup_teardown(model_resolve_by_name_and_id,
		    setup, teardown),
		cmocka_unit_test(model_igraph_error_kept),
		cmocka_unit_test(model_igraph_warning_kept),
		cmocka_unit_test(model_igraph_message_on_status_line),
		cmocka_unit_test(model_igraph_fatal_restores_first),
		cmocka_unit_test_setup_teardown(model_igraph_matches_arrays,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(model_image_saved_and_mapped,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(model_image_order_sorted,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(model_image_stale_after_import,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(model_image_damage_ignored,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(model_image_other_case_ignored,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    model_image_not_written_read_only, setup, teardown),
	};

	model_igraph_setup(NULL);
	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
