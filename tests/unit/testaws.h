/*
 * Helpers for the AWS importer tests: a scratch case, importing fixtures
 * of tests/fixtures/aws through the real driver, and reading back nodes,
 * attributes and edges.
 */
#ifndef TESTAWS_H
#define TESTAWS_H

#include "testutil.h"

#include "import.h"
#include "model.h"
#include "store.h"
#include "tstamp.h"

struct fixture {
	char			*dir;
	struct store		*store;
	struct import_result	*results;
	size_t			 nresults;
	char			*err;
	struct model		*model;
};

static inline int
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

static inline int
teardown(void **state)
{
	struct fixture	*f = *state;

	model_free(f->model);
	import_results_free(f->results, f->nresults);
	free(f->err);
	store_close(f->store);
	testutil_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* Import fixture files in one command; format NULL sniffs. */
static inline enum import_status
import_fixtures(struct fixture *f, const char *format, int strict,
    const char *const *names, size_t n)
{
	struct import_options	 opts;
	enum import_status	 st;
	char			*paths[4];
	size_t			 i;

	assert_true(n <= 4);
	for (i = 0; i < n; i++) {
		if (asprintf(&paths[i], "%s/tests/fixtures/aws/%s",
		    testutil_root(), names[i]) == -1)
			abort();
	}
	memset(&opts, 0, sizeof(opts));
	opts.now = 1700000000;
	opts.strict = strict;
	opts.format = format;
	import_results_free(f->results, f->nresults);
	free(f->err);
	f->err = NULL;
	st = import_files(f->store, (const char *const *)paths, n, &opts,
	    &f->results, &f->nresults, &f->err);
	for (i = 0; i < n; i++)
		free(paths[i]);
	return st;
}

static inline enum import_status
import_fixture(struct fixture *f, const char *name)
{
	return import_fixtures(f, NULL, 0, &name, 1);
}

/* Load (or reload) the current view. */
static inline struct model *
load(struct fixture *f)
{
	char	*err = NULL;

	model_free(f->model);
	f->model = NULL;
	if (model_load(f->store, &f->model, &err) == -1)
		fail_msg("model_load: %s", err);
	return f->model;
}

/* The node id of key, failing the test when it is absent. */
static inline size_t
node(struct fixture *f, const char *key)
{
	int64_t	 v = model_find(f->model, key);

	if (v < 0)
		fail_msg("no node %s", key);
	return (size_t)v;
}

struct attr_find {
	const char	*name;
	char		*value;
};

static inline int
attr_find_cb(void *ctx, const char *name, const char *value,
    const char *type, const char *source)
{
	struct attr_find	*a = ctx;

	(void)type;
	(void)source;
	if (a->value == NULL && strcmp(name, a->name) == 0)
		a->value = strdup(value != NULL ? value : "null");
	return 0;
}

/* The newest value of an attribute of key as text, or NULL; freed by
 * the caller. */
static inline char *
attr(struct fixture *f, const char *key, const char *name)
{
	struct attr_find	 a = { name, NULL };
	char			*err = NULL;

	if (store_node_attrs(f->store, f->model->kid[node(f, key)],
	    attr_find_cb, &a, &err) == -1)
		fail_msg("%s", err);
	return a.value;
}

/* Check that attribute name of key reads want. */
static inline void
assert_attr(struct fixture *f, const char *key, const char *name,
    const char *want)
{
	char	*v = attr(f, key, name);

	if (v == NULL)
		fail_msg("%s has no attribute %s", key, name);
	if (strcmp(v, want) != 0)
		fail_msg("%s %s: \"%s\", expected \"%s\"", key, name, v, want);
	free(v);
}

/*
 * The id of the edge src -> dst of this kind and source kind (raw NULL
 * for any), or -1.
 */
static inline int64_t
edge(struct fixture *f, const char *src, const char *dst,
    enum kind_edge kind, const char *raw)
{
	const struct model	*m = f->model;
	int64_t			 s = model_find(m, src), d = model_find(m, dst);
	size_t			 first, count, i;

	if (s < 0 || d < 0)
		return -1;
	model_out_kind(m, (size_t)s, kind, &first, &count);
	for (i = first; i < first + count; i++) {
		if (m->edst[i] == (uint32_t)d && (raw == NULL ||
		    strcmp(model_label(m, m->eraw[i]), raw) == 0))
			return (int64_t)i;
	}
	return -1;
}

/* Count the edges of a kind leaving key. */
static inline size_t
out_count(struct fixture *f, const char *key, enum kind_edge kind)
{
	size_t	 first, count;

	model_out_kind(f->model, node(f, key), kind, &first, &count);
	return count;
}

/* The conditions or attributes of an edge, as stored; freed by caller. */
static inline char *
edge_text(struct fixture *f, int64_t e, int conditions)
{
	char	*cond = NULL, *attrs = NULL, *err = NULL;

	if (store_edge_detail(f->store, f->model->eid[e], &cond, &attrs,
	    &err) == -1)
		fail_msg("%s", err);
	if (conditions) {
		free(attrs);
		return cond;
	}
	free(cond);
	return attrs;
}

/* Count rows of a table of the case, by SQL on a second connection. */
static inline int64_t
count_snapshots(struct fixture *f)
{
	struct store_snapshot	*snaps;
	size_t			 n;
	char			*err = NULL;

	if (store_snapshots(f->store, &snaps, &n, &err) == -1)
		fail_msg("%s", err);
	store_snapshots_free(snaps, n);
	return (int64_t)n;
}

#endif
