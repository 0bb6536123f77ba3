/*
 * Tests of the read-only access to foreign SQLite files: rows and NULLs,
 * tables and columns, a NUL byte inside a value, statements that write,
 * files that are not SQLite, and that reading leaves the file and its
 * folder untouched.
 */
#include "testutil.h"

#include <sys/stat.h>

#include <sqlite3.h>

#include "store_foreign.h"

struct fixture {
	char	*dir;
	char	*path;
};

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));
	sqlite3		*db;

	f->dir = testutil_tmpdir();
	if (asprintf(&f->path, "%s/foreign.db", f->dir) == -1)
		abort();
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA journal_mode = WAL;"
	    "CREATE TABLE \"Users\" (id TEXT, name TEXT, n INTEGER);"
	    "INSERT INTO \"Users\" VALUES ('u1', 'Una', 1), ('u2', NULL, 2);"
	    "INSERT INTO \"Users\" VALUES "
	    "('u3', CAST(x'41004243' AS TEXT), 3);",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
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

struct rows {
	size_t	 n;
	char	 ids[4][8];
	int	 null_name;
	char	*problem;
};

static int
on_row(void *ctx, size_t ncols, const char *const *names,
    const char *const *values, const char *problem, char **errp)
{
	struct rows	*r = ctx;

	(void)errp;
	assert_int_equal(ncols, 3);
	assert_string_equal(names[0], "id");
	if (r->n < 4)
		snprintf(r->ids[r->n], sizeof(r->ids[0]), "%s", values[0]);
	if (values[1] == NULL && problem == NULL)
		r->null_name = 1;
	if (problem != NULL && r->problem == NULL)
		r->problem = strdup(problem);
	r->n++;
	return 0;
}

static void
foreign_reads_rows(void **state)
{
	struct fixture		*f = *state;
	struct store_foreign	*db;
	struct rows		 r;
	char			*err = NULL;

	assert_int_equal(store_foreign_open(f->path, &db, &err), 0);
	memset(&r, 0, sizeof(r));
	assert_int_equal(store_foreign_select(db, "SELECT * FROM \"Users\" "
	    "ORDER BY n", on_row, &r, &err), 0);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.ids[0], "u1");
	assert_int_equal(r.null_name, 1);
	/* A NUL inside a value is reported, not cut. */
	assert_non_null(r.problem);
	assert_string_equal(r.problem, "name");
	free(r.problem);
	store_foreign_close(db);
}

static void
foreign_tables_and_columns(void **state)
{
	struct fixture		*f = *state;
	struct store_foreign	*db;
	char			*err = NULL;

	assert_int_equal(store_foreign_open(f->path, &db, &err), 0);
	assert_int_equal(store_foreign_has_table(db, "Users", &err), 1);
	assert_int_equal(store_foreign_has_table(db, "Groups", &err), 0);
	assert_int_equal(store_foreign_has_column(db, "Users", "name", &err),
	    1);
	assert_int_equal(store_foreign_has_column(db, "Users", "objectId",
	    &err), 0);
	assert_int_equal(store_foreign_select(db, "SELECT * FROM Groups",
	    on_row, NULL, &err), -1);
	assert_non_null(strstr(err, "foreign.db"));
	assert_non_null(strstr(err, "Groups"));
	free(err);
	store_foreign_close(db);
}

static void
foreign_refuses_writes(void **state)
{
	struct fixture		*f = *state;
	struct store_foreign	*db;
	struct stat		 before, after;
	char			*err = NULL, *wal;

	assert_int_equal(stat(f->path, &before), 0);
	assert_int_equal(store_foreign_open(f->path, &db, &err), 0);
	assert_int_equal(store_foreign_select(db, "DELETE FROM \"Users\"",
	    on_row, NULL, &err), -1);
	assert_non_null(err);
	free(err);
	store_foreign_close(db);
	assert_int_equal(stat(f->path, &after), 0);
	assert_int_equal(before.st_size, after.st_size);
	assert_int_equal(before.st_mtime, after.st_mtime);
	/* Immutable: no journal or shared memory file was made. */
	if (asprintf(&wal, "%s-shm", f->path) == -1)
		abort();
	assert_int_equal(access(wal, F_OK), -1);
	free(wal);
}

static void
foreign_rejects_other_files(void **state)
{
	struct fixture		*f = *state;
	struct store_foreign	*db;
	char			*err = NULL, *path;
	FILE			*fp;

	if (asprintf(&path, "%s/text.db", f->dir) == -1)
		abort();
	fp = fopen(path, "w");
	fputs("not a database, just some text of more than 16 bytes\n", fp);
	fclose(fp);
	assert_int_equal(store_foreign_open(path, &db, &err), -1);
	assert_non_null(strstr(err, "not a SQLite database"));
	free(err);
	err = NULL;
	free(path);
	if (asprintf(&path, "%s/missing.db", f->dir) == -1)
		abort();
	assert_int_equal(store_foreign_open(path, &db, &err), -1);
	assert_non_null(strstr(err, "missing.db"));
	free(err);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test_setup_teardown(foreign_reads_rows, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(foreign_tables_and_columns,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(foreign_refuses_writes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(foreign_rejects_other_files,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
