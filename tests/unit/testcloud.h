/*
 * Helpers for the tests of the GitHub REST, Entra and GCP importers and
 * the joins: importing fixtures by their path under tests/fixtures (files
 * or folders) through the real driver, on top of the case and model
 * helpers of testaws.h.
 */
#ifndef TESTCLOUD_H
#define TESTCLOUD_H

#include <sqlite3.h>

#include "testaws.h"

/*
 * Import fixtures (paths under tests/fixtures) in one command; format
 * NULL sniffs.
 */
static inline enum import_status
import_paths(struct fixture *f, const char *format, int strict,
    const char *const *names, size_t n)
{
	struct import_options	 opts;
	enum import_status	 st;
	char			*paths[8];
	size_t			 i;

	assert_true(n <= 8);
	for (i = 0; i < n; i++) {
		if (names[i][0] == '/')
			paths[i] = strdup(names[i]);
		else if (asprintf(&paths[i], "%s/tests/fixtures/%s",
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
import_path(struct fixture *f, const char *name)
{
	return import_paths(f, NULL, 0, &name, 1);
}

/* The attribute of any node, imported or joined; freed by the caller. */
struct cloud_attr_find {
	const char	*name;
	char		*value;
};

static inline int
cloud_attr_cb(void *ctx, const char *name, const char *value,
    const char *type, const char *source)
{
	struct cloud_attr_find	*a = ctx;

	(void)type;
	(void)source;
	if (a->value == NULL && strcmp(name, a->name) == 0)
		a->value = strdup(value != NULL ? value : "null");
	return 0;
}

static inline char *
any_attr(struct fixture *f, const char *key, const char *name)
{
	struct cloud_attr_find	 a = { name, NULL };
	char			*err = NULL;

	if (model_node_attrs(f->model, f->store, node(f, key), cloud_attr_cb,
	    &a, &err) == -1)
		fail_msg("%s", err);
	return a.value;
}

/* Check that the attribute of key reads want, joined nodes included. */
static inline void
assert_any_attr(struct fixture *f, const char *key, const char *name,
    const char *want)
{
	char	*v = any_attr(f, key, name);

	if (v == NULL)
		fail_msg("%s has no attribute %s", key, name);
	if (strcmp(v, want) != 0)
		fail_msg("%s %s: \"%s\", expected \"%s\"", key, name, v, want);
	free(v);
}

/* Check that key has no attribute name. */
static inline void
assert_no_attr(struct fixture *f, const char *key, const char *name)
{
	char	*v = any_attr(f, key, name);

	if (v != NULL)
		fail_msg("%s has attribute %s = \"%s\"", key, name, v);
}

/* The attributes of an edge, imported or joined; freed by the caller. */
static inline char *
any_edge_attrs(struct fixture *f, int64_t e)
{
	char	*cond = NULL, *attrs = NULL, *err = NULL;

	assert_true(e >= 0);
	if (model_edge_detail(f->model, f->store, (size_t)e, &cond, &attrs,
	    &err) == -1)
		fail_msg("%s", err);
	free(cond);
	return attrs;
}

/*
 * Run a query that returns one integer on a second, read-only connection
 * to the case file, with text bound to ?1.
 */
static inline int
query_count(struct fixture *f, const char *sql, const char *text)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	int		 n = -1;

	if (sqlite3_open_v2(store_path(f->store), &db, SQLITE_OPEN_READONLY,
	    NULL) != SQLITE_OK)
		fail_msg("cannot open %s", store_path(f->store));
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return n;
}

/*
 * Count the warnings the case keeps whose path or message contains text,
 * on a second, read-only connection to the case file.
 */
static inline int
count_warnings(struct fixture *f, const char *text)
{
	return query_count(f, "SELECT count(*) FROM warning WHERE "
	    "instr(message, ?1) > 0 OR instr(path, ?1) > 0", text);
}

#endif
