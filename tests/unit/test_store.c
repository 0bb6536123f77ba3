/*
 * Tests of the case file: creation, modes, schema checks, snapshots,
 * placeholders and transactions, on real SQLite files.
 */
#include "testutil.h"

#include <sys/stat.h>

#include <sqlite3.h>

#include "store.h"
#include "tstamp.h"

struct fixture {
	char	*dir;
	char	*path;
};

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));

	f->dir = testutil_tmpdir();
	if (asprintf(&f->path, "%s/case.db", f->dir) == -1)
		abort();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	testutil_rmtree(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* Write one snapshot with the given nodes and edges ("src>dst" pairs). */
static int64_t
write_snapshot(struct store *s, const char *source, const char *const *keys,
    size_t nkeys, const char *const *edges, size_t nedges)
{
	struct store_writer		*w;
	struct store_import_info	 info;
	struct store_import_counts	 counts;
	struct record_node		 n;
	struct record_edge		 e;
	char				*err = NULL, src[64], *gt;
	size_t				 i;

	assert_int_equal(store_writer_begin(s, &w, &err), 0);
	for (i = 0; i < nkeys; i++) {
		record_node_init(&n);
		n.key = keys[i];
		n.kind = KIND_NODE_SERVICE_ACCOUNT;
		n.kinds = "ServiceAccount";
		n.name = keys[i];
		assert_int_equal(store_writer_node(w, &n, &err), 1);
	}
	for (i = 0; i < nedges; i++) {
		snprintf(src, sizeof(src), "%s", edges[i]);
		gt = strchr(src, '>');
		*gt = '\0';
		record_edge_init(&e);
		e.src = src;
		e.dst = gt + 1;
		e.kind = KIND_EDGE_CAN_ASSUME;
		e.raw = "CanAssume";
		assert_int_equal(store_writer_edge(w, &e, &err), 0);
	}
	memset(&info, 0, sizeof(info));
	info.source = source;
	info.format = "test";
	info.input = "fixture";
	info.imported_at = 1700000000;
	assert_int_equal(store_writer_commit(w, &info, &counts, &err), 0);
	return counts.snapshot;
}

static void
store_open_creates_private_file(void **state)
{
	struct fixture	*f = *state;
	struct store	*s;
	struct stat	 st;
	char		*err = NULL;

	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &err), 0);
	assert_null(err);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	store_close(s);
}

static void
store_open_missing_without_create_fails(void **state)
{
	struct fixture	*f = *state;
	struct store	*s = NULL;
	char		*err = NULL;

	assert_int_equal(store_open(f->path, 0, &s, &err), -1);
	assert_null(s);
	assert_non_null(strstr(err, "no case file"));
	assert_int_equal(access(f->path, F_OK), -1);
	free(err);
}

static void
store_open_rejects_group_writable(void **state)
{
	struct fixture	*f = *state;
	struct store	*s;
	char		*err = NULL;

	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &err), 0);
	store_close(s);
	assert_int_equal(chmod(f->path, 0620), 0);
	assert_int_equal(store_open(f->path, 0, &s, &err), -1);
	assert_non_null(strstr(err, "writable by other users"));
	free(err);
}

static void
store_open_rejects_other_owner(void **state)
{
	struct fixture	*f = *state;
	struct store	*s;
	char		*err = NULL;

	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &err), 0);
	store_close(s);
	/* Only root can give a file away; others test their own files. */
	if (chown(f->path, geteuid() + 4242, (gid_t)-1) == -1)
		skip();
	assert_int_equal(store_open(f->path, 0, &s, &err), -1);
	assert_non_null(strstr(err, "belongs to another user"));
	free(err);
}

static void
store_open_rejects_open_wal(void **state)
{
	struct fixture	*f = *state;
	struct store	*s;
	char		*err = NULL, *wal;
	FILE		*fp;

	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &err), 0);
	store_close(s);
	if (asprintf(&wal, "%s-wal", f->path) == -1)
		abort();
	assert_non_null(fp = fopen(wal, "w"));
	fclose(fp);
	assert_int_equal(chmod(wal, 0666), 0);
	assert_int_equal(store_open(f->path, 0, &s, &err), -1);
	assert_non_null(strstr(err, "its wal file is writable by other "
	    "users"));
	free(err);
	err = NULL;
	/* Nor is a new case made beside such a file. */
	assert_int_equal(unlink(f->path), 0);
	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &err), -1);
	assert_int_equal(access(f->path, F_OK), -1);
	free(err);
	free(wal);
}

static void
store_open_rejects_open_folder(void **state)
{
	struct fixture	*f = *state;
	struct store	*s;
	char		*err = NULL;

	assert_int_equal(chmod(f->dir, 0777), 0);
	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &err), -1);
	assert_non_null(strstr(err, "writable by every user"));
	assert_int_equal(access(f->path, F_OK), -1);
	free(err);
	/* The sticky bit (as on /tmp) stops others replacing the file. */
	assert_int_equal(chmod(f->dir, 01777), 0);
	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &err), 0);
	store_close(s);
	assert_int_equal(chmod(f->dir, 0700), 0);
}

static void
store_memory_case(void **state)
{
	struct fixture	*f = *state;
	struct store	*s;
	char		*err = NULL;

	assert_int_equal(store_open(f->path, STORE_MEMORY, &s, &err), 0);
	assert_string_equal(store_path(s), ":memory:");
	write_snapshot(s, "mem", (const char *const[]){ "m:a" }, 1, NULL, 0);
	store_close(s);
	assert_int_equal(access(f->path, F_OK), -1);
}

static void
store_open_rejects_foreign_database(void **state)
{
	struct fixture	*f = *state;
	struct store	*s;
	sqlite3		*db;
	char		*err = NULL;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE x (y)", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
	chmod(f->path, 0600);
	assert_int_equal(store_open(f->path, 0, &s, &err), -1);
	assert_non_null(strstr(err, "not a trustwalk case file"));
	free(err);
}

static void
store_open_rejects_newer_schema(void **state)
{
	struct fixture	*f = *state;
	struct store	*s;
	sqlite3		*db;
	char		*err = NULL;

	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &err), 0);
	store_close(s);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL,
	    NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(f->path, 0, &s, &err), -1);
	assert_non_null(strstr(err, "newer"));
	free(err);
}

static void
store_writer_commit_counts_placeholders(void **state)
{
	static const char *const	 keys[] = { "t:a", "t:b" };
	static const char *const	 edges[] = { "t:a>t:b", "t:b>t:ghost" };
	struct fixture			*f = *state;
	struct store_snapshot		*snaps;
	struct store			*s;
	char				*err = NULL;
	size_t				 n;

	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &err), 0);
	write_snapshot(s, "t:one", keys, 2, edges, 2);
	assert_int_equal(store_snapshots(s, &snaps, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(snaps[0].nodes, 3);
	assert_int_equal(snaps[0].edges, 2);
	assert_int_equal(snaps[0].placeholders, 1);
	assert_int_equal(snaps[0].current, 1);
	assert_string_equal(snaps[0].source, "t:one");
	store_snapshots_free(snaps, n);
	store_close(s);
}

static void
store_writer_abort_leaves_nothing(void **state)
{
	struct fixture		*f = *state;
	struct store		*s;
	struct store_writer	*w;
	struct store_snapshot	*snaps;
	struct record_node	 n;
	char			*err = NULL;
	size_t			 count;

	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &err), 0);
	assert_int_equal(store_writer_begin(s, &w, &err), 0);
	record_node_init(&n);
	n.key = "t:a";
	assert_int_equal(store_writer_node(w, &n, &err), 1);
	store_writer_abort(w);
	assert_int_equal(store_snapshots(s, &snaps, &count, &err), 0);
	assert_int_equal(count, 0);
	store_snapshots_free(snaps, count);
	store_close(s);
}

static void
store_writer_duplicate_node_kept_once(void **state)
{
	struct fixture		*f = *state;
	struct store		*s;
	struct store_writer	*w;
	struct record_node	 n;
	char			*err = NULL;

	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &err), 0);
	assert_int_equal(store_writer_begin(s, &w, &err), 0);
	record_node_init(&n);
	n.key = "t:a";
	assert_int_equal(store_writer_node(w, &n, &err), 1);
	assert_int_equal(store_writer_node(w, &n, &err), 0);
	assert_int_equal(store_writer_has_node(w, "t:a"), 1);
	assert_int_equal(store_writer_has_node(w, "t:b"), 0);
	store_writer_abort(w);
	store_close(s);
}

static void
store_rollback_drops_grouped_imports(void **state)
{
	static const char *const	 keys[] = { "t:a" };
	struct fixture			*f = *state;
	struct store			*s;
	struct store_snapshot		*snaps;
	char				*err = NULL;
	size_t				 n;

	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &err), 0);
	write_snapshot(s, "t:kept", keys, 1, NULL, 0);
	assert_int_equal(store_begin(s, &err), 0);
	write_snapshot(s, "t:one", keys, 1, NULL, 0);
	write_snapshot(s, "t:two", keys, 1, NULL, 0);
	store_rollback(s);
	assert_int_equal(store_snapshots(s, &snaps, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(snaps[0].source, "t:kept");
	store_snapshots_free(snaps, n);
	store_close(s);
}

static void
store_current_is_newest_per_source(void **state)
{
	static const char *const	 keys[] = { "t:a" };
	struct fixture			*f = *state;
	struct store			*s;
	struct store_snapshot		*snaps;
	char				*err = NULL;
	size_t				 n;

	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &err), 0);
	write_snapshot(s, "t:x", keys, 1, NULL, 0);
	write_snapshot(s, "t:y", keys, 1, NULL, 0);
	write_snapshot(s, "t:x", keys, 1, NULL, 0);
	assert_int_equal(store_snapshots(s, &snaps, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(snaps[0].current, 0);
	assert_int_equal(snaps[1].current, 1);
	assert_int_equal(snaps[2].current, 1);
	store_snapshots_free(snaps, n);
	store_close(s);
}

static void
store_read_only_refuses_writer(void **state)
{
	static const char *const	 keys[] = { "t:a" };
	struct fixture			*f = *state;
	struct store			*s;
	struct store_writer		*w = NULL;
	char				*err = NULL;

	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &err), 0);
	write_snapshot(s, "t:x", keys, 1, NULL, 0);
	store_close(s);
	assert_int_equal(store_open(f->path, STORE_READ_ONLY, &s, &err), 0);
	assert_int_equal(store_writer_begin(s, &w, &err), -1);
	assert_null(w);
	assert_non_null(strstr(err, "read-only"));
	free(err);
	store_close(s);
}

static void
store_fingerprint_key_is_stable(void **state)
{
	struct fixture	*f = *state;
	struct store	*s;
	unsigned char	 k1[STORE_FP_KEY_LEN], k2[STORE_FP_KEY_LEN];
	unsigned char	 zero[STORE_FP_KEY_LEN];
	char		*err = NULL;

	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &err), 0);
	assert_int_equal(store_fingerprint_key(s, k1, &err), 0);
	store_close(s);
	assert_int_equal(store_open(f->path, 0, &s, &err), 0);
	assert_int_equal(store_fingerprint_key(s, k2, &err), 0);
	store_close(s);
	memset(zero, 0, sizeof(zero));
	assert_memory_equal(k1, k2, sizeof(k1));
	assert_memory_not_equal(k1, zero, sizeof(k1));
}

static void
store_resolve_path_order(void **state)
{
	struct fixture	*f = *state;
	char		*p, *err = NULL, *want;

	(void)f;
	p = store_resolve_path("/x/opt.db", 0, &err);
	assert_string_equal(p, "/x/opt.db");
	free(p);
	setenv("TRUSTWALK_DB", "/x/env.db", 1);
	p = store_resolve_path(NULL, 0, &err);
	assert_string_equal(p, "/x/env.db");
	free(p);
	unsetenv("TRUSTWALK_DB");
	setenv("XDG_DATA_HOME", f->dir, 1);
	p = store_resolve_path(NULL, 1, &err);
	if (asprintf(&want, "%s/trustwalk/trustwalk.db", f->dir) == -1)
		abort();
	assert_string_equal(p, want);
	free(p);
	free(want);
}

struct attr_seen {
	char	 text[256];
};

static int
collect_attr(void *ctx, const char *name, const char *value,
    const char *type, const char *source)
{
	struct attr_seen	*seen = ctx;
	size_t			 len = strlen(seen->text);

	(void)source;
	snprintf(seen->text + len, sizeof(seen->text) - len, "%s=%s:%s;",
	    name, value, type);
	return 0;
}

static void
store_node_attrs_reads_json(void **state)
{
	struct fixture			*f = *state;
	struct store			*s;
	struct store_writer		*w;
	struct store_import_info	 info;
	struct record_node		 n;
	struct attr_seen		 seen;
	char				*err = NULL;

	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &err), 0);
	assert_int_equal(store_writer_begin(s, &w, &err), 0);
	record_node_init(&n);
	n.key = "t:a";
	n.attrs = "{\"b\":\"two\",\"a\":1,\"c\":true}";
	assert_int_equal(store_writer_node(w, &n, &err), 1);
	memset(&info, 0, sizeof(info));
	info.source = "t";
	info.format = "test";
	info.input = "x";
	assert_int_equal(store_writer_commit(w, &info, NULL, &err), 0);

	/* Key id 1 is the first key the case saw. */
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(store_node_attrs(s, 1, collect_attr, &seen, &err),
	    0);
	assert_string_equal(seen.text, "a=1:integer;b=two:text;c=true:true;");
	store_close(s);
}

/* Commit one snapshot of source holding node t:a with attrs. */
static void
write_attrs(struct store *s, const char *source, const char *attrs)
{
	struct store_writer		*w;
	struct store_import_info	 info;
	struct record_node		 n;
	char				*err = NULL;

	assert_int_equal(store_writer_begin(s, &w, &err), 0);
	record_node_init(&n);
	n.key = "t:a";
	n.attrs = attrs;
	assert_int_equal(store_writer_node(w, &n, &err), 1);
	memset(&info, 0, sizeof(info));
	info.source = source;
	info.format = "test";
	info.input = "x";
	assert_int_equal(store_writer_commit(w, &info, NULL, &err), 0);
}

static void
store_node_attrs_newest_once(void **state)
{
	struct fixture		*f = *state;
	struct store		*s;
	struct attr_seen	 seen;
	char			*err = NULL;

	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &err), 0);
	write_attrs(s, "old", "{\"arn\":\"x\",\"only_old\":1}");
	write_attrs(s, "new", "{\"arn\":\"y\"}");
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(store_node_attrs(s, 1, collect_attr, &seen, &err),
	    0);
	assert_string_equal(seen.text, "arn=y:text;only_old=1:integer;");
	store_close(s);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test_setup_teardown(
		    store_open_creates_private_file, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    store_open_missing_without_create_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    store_open_rejects_group_writable, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    store_open_rejects_other_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    store_open_rejects_open_wal, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    store_open_rejects_open_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(store_memory_case, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    store_open_rejects_foreign_database, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    store_open_rejects_newer_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    store_writer_commit_counts_placeholders, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    store_writer_abort_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    store_writer_duplicate_node_kept_once, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    store_rollback_drops_grouped_imports, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    store_current_is_newest_per_source, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    store_read_only_refuses_writer, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    store_fingerprint_key_is_stable, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    store_resolve_path_order, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    store_node_attrs_reads_json, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    store_node_attrs_newest_once, setup, teardown),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
