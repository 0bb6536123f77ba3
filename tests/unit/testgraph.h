/*
 * Helpers for the analysis tests: build a case file from small tables of
 * nodes and edges through the real store writer, load its model, and
 * find node and edge ids by key.
 */
#ifndef TESTGRAPH_H
#define TESTGRAPH_H

#include "testutil.h"

#include "model.h"
#include "record.h"
#include "store.h"

struct tg_node {
	const char	*key;
	enum kind_node	 kind;
	const char	*attrs;		/* JSON object text, or NULL */
};

struct tg_edge {
	const char	*src;
	const char	*dst;
	enum kind_edge	 kind;
	unsigned	 flags;		/* RECORD_EDGE_* */
};

struct tg {
	char		*dir;
	struct store	*store;
	struct model	*m;
};

#define TG_LEN(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Write the nodes and edges as one snapshot and load the model. raws,
 * when not NULL, gives each edge its source kind (NULL entries, and a
 * NULL raws, use the trustwalk kind's name).
 */
static inline struct tg *
tg_build_raw(const struct tg_node *nodes, size_t nn,
    const struct tg_edge *edges, size_t ne, const char *const *raws)
{
	struct store_import_info	 info;
	struct store_writer		*w;
	struct record_node		 n;
	struct record_edge		 e;
	struct tg			*g = calloc(1, sizeof(*g));
	char				*path, *err = NULL;
	size_t				 i;

	g->dir = testutil_tmpdir();
	if (asprintf(&path, "%s/case.db", g->dir) == -1)
		abort();
	if (store_open(path, STORE_CREATE, &g->store, &err) == -1)
		fail_msg("store_open: %s", err);
	free(path);
	if (store_writer_begin(g->store, &w, &err) == -1)
		fail_msg("store_writer_begin: %s", err);
	for (i = 0; i < nn; i++) {
		record_node_init(&n);
		n.key = nodes[i].key;
		n.kind = nodes[i].kind;
		n.kinds = kind_node_name(nodes[i].kind);
		n.name = strchr(nodes[i].key, ':') + 1;
		n.attrs = nodes[i].attrs;
		if (store_writer_node(w, &n, &err) != 1)
			fail_msg("node %s: %s", nodes[i].key, err);
	}
	for (i = 0; i < ne; i++) {
		record_edge_init(&e);
		e.src = edges[i].src;
		e.dst = edges[i].dst;
		e.kind = edges[i].kind;
		e.raw = raws != NULL && raws[i] != NULL ? raws[i] :
		    kind_edge_name(edges[i].kind);
		e.flags = edges[i].flags;
		if (edges[i].flags & RECORD_EDGE_CONDITIONAL)
			e.conditions = "{\"test\":true}";
		if (store_writer_edge(w, &e, &err) != 0)
			fail_msg("edge %s: %s", edges[i].src, err);
	}
	memset(&info, 0, sizeof(info));
	info.source = "test:graph";
	info.format = "test";
	info.input = "fixture";
	if (store_writer_commit(w, &info, NULL, &err) == -1)
		fail_msg("commit: %s", err);
	if (model_load(g->store, &g->m, &err) == -1)
		fail_msg("model_load: %s", err);
	return g;
}

static inline struct tg *
tg_build(const struct tg_node *nodes, size_t nn, const struct tg_edge *edges,
    size_t ne)
{
	return tg_build_raw(nodes, nn, edges, ne, NULL);
}

static inline void
tg_free(struct tg *g)
{
	model_free(g->m);
	store_close(g->store);
	testutil_rmtree(g->dir);
	free(g->dir);
	free(g);
}

/* The node id of a key; fails the test when there is none. */
static inline size_t
tg_node(const struct tg *g, const char *key)
{
	int64_t	 v = model_find(g->m, key);

	if (v < 0)
		fail_msg("no node %s", key);
	return (size_t)v;
}

/* The id of the edge of a kind from one key to another. */
static inline size_t
tg_edge(const struct tg *g, const char *src, const char *dst,
    enum kind_edge kind)
{
	size_t	 s = tg_node(g, src), d = tg_node(g, dst), e;

	for (e = g->m->out_off[s]; e < g->m->out_off[s + 1]; e++) {
		if (g->m->edst[e] == d && g->m->ekind[e] == kind)
			return e;
	}
	fail_msg("no edge %s -> %s", src, dst);
	return 0;
}

#endif
