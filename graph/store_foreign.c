/*
 * Read-only access to foreign SQLite files (see store_foreign.h).
 */
#include "store_foreign.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "log.h"
#include "strbuf.h"
#include "xalloc.h"

struct store_foreign {
	sqlite3	*db;
	char	*path;
};

static int
store_foreign_fail(struct store_foreign *f, char **errp, const char *what)
{
	int	 code = sqlite3_errcode(f->db) & 0xff;

	*errp = xasprintf("%s: %s: %s%s", f->path, what, sqlite3_errmsg(f->db),
	    code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? "; the file "
	    "may be truncated or damaged" : "");
	return -1;
}

/* Check the 16-byte header that every SQLite 3 database starts with. */
static int
store_foreign_header(const char *path, char **errp)
{
	static const char	 magic[16] = "SQLite format 3";
	char			 buf[16];
	int			 fd;
	ssize_t			 n;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*errp = xasprintf("%s: cannot open", path);
		return -1;
	}
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n != (ssize_t)sizeof(buf) || memcmp(buf, magic, 16) != 0) {
		*errp = xasprintf("%s: not a SQLite database", path);
		return -1;
	}
	return 0;
}

/* The file URI of path, with the characters URIs reserve escaped. */
static char *
store_foreign_uri(const char *path)
{
	struct strbuf		 sb;
	const unsigned char	*p;

	strbuf_init(&sb);
	strbuf_addstr(&sb, "file:");
	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 ||
		    *p >= 0x7f)
			strbuf_addf(&sb, "%%%02X", *p);
		else
			strbuf_addch(&sb, *p);
	}
	strbuf_addstr(&sb, "?mode=ro&immutable=1");
	return strbuf_detach(&sb);
}

int
store_foreign_open(const char *path, struct store_foreign **out,
    char **errp)
{
	struct store_foreign	*f;
	char			*uri;
	int			 rc;

	*out = NULL;
	if (store_foreign_header(path, errp) == -1)
		return -1;
	f = xcalloc(1, sizeof(*f));
	f->path = xstrdup(path);
	uri = store_foreign_uri(path);
	rc = sqlite3_open_v2(uri, &f->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		store_foreign_fail(f, errp, "cannot open");
		store_foreign_close(f);
		return -1;
	}
	sqlite3_extended_result_codes(f->db, 1);
	sqlite3_db_config(f->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(f->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(f->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(f->db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
	/* "Name" must name a column, never turn into a string literal. */
	sqlite3_db_config(f->db, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
	sqlite3_db_config(f->db, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
	sqlite3_limit(f->db, SQLITE_LIMIT_LENGTH, STORE_FOREIGN_MAX_VALUE);
	sqlite3_limit(f->db, SQLITE_LIMIT_ATTACHED, 0);
	if (sqlite3_exec(f->db, "PRAGMA query_only = ON", NULL, NULL,
	    NULL) != SQLITE_OK) {
		store_foreign_fail(f, errp, "cannot open");
		store_foreign_close(f);
		return -1;
	}
	log_debug("opened foreign database %s read-only", path);
	*out = f;
	return 0;
}

void
store_foreign_close(struct store_foreign *f)
{
	if (f == NULL)
		return;
	if (f->db != NULL)
		sqlite3_close_v2(f->db);
	free(f->path);
	free(f);
}

/* Run a query with text parameters that returns rows or none. */
static int
store_foreign_exists(struct store_foreign *f, const char *sql,
    const char *a, const char *b, char **errp)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(f->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_foreign_fail(f, errp, "read schema");
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	if (b != NULL)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_foreign_fail(f, errp, "read schema");
}

int
store_foreign_has_table(struct store_foreign *f, const char *table,
    char **errp)
{
	return store_foreign_exists(f, "SELECT 1 FROM sqlite_schema WHERE "
	    "type = 'table' AND name = ?", table, NULL, errp);
}

int
store_foreign_has_column(struct store_foreign *f, const char *table,
    const char *column, char **errp)
{
	return store_foreign_exists(f, "SELECT 1 FROM pragma_table_info(?) "
	    "WHERE name = ?", table, column, errp);
}

/* Read the current row's values; returns the first bad column or NULL. */
static const char *
store_foreign_row(sqlite3_stmt *st, int ncols, const char **values)
{
	const char	*problem = NULL;
	int		 i;

	for (i = 0; i < ncols; i++) {
		values[i] = (const char *)sqlite3_column_text(st, i);
		if (values[i] != NULL && problem == NULL &&
		    strlen(values[i]) != (size_t)sqlite3_column_bytes(st, i))
			problem = sqlite3_column_name(st, i);
	}
	return problem;
}

int
store_foreign_select(struct store_foreign *f, const char *sql,
    store_foreign_row_fn fn, void *ctx, char **errp)
{
	sqlite3_stmt	*st;
	const char	**names = NULL, **values = NULL, *problem;
	int		 ncols, i, rc, stop = 0;

	if (sqlite3_prepare_v2(f->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_foreign_fail(f, errp, "query");
	if (!sqlite3_stmt_readonly(st)) {
		sqlite3_finalize(st);
		*errp = xasprintf("%s: refusing a statement that writes",
		    f->path);
		return -1;
	}
	ncols = sqlite3_column_count(st);
	names = xcalloc((size_t)ncols + 1, sizeof(*names));
	values = xcalloc((size_t)ncols + 1, sizeof(*values));
	for (i = 0; i < ncols; i++)
		names[i] = sqlite3_column_name(st, i);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		problem = store_foreign_row(st, ncols, values);
		if (fn(ctx, (size_t)ncols, names, values, problem, errp) != 0)
			stop = 1;
	}
	if (!stop && rc != SQLITE_DONE)
		store_foreign_fail(f, errp, "read rows");
	else if (stop && *errp == NULL)
		*errp = xasprintf("%s: reading rows stopped", f->path);
	sqlite3_finalize(st);
	free(names);
	free(values);
	return stop || rc != SQLITE_DONE ? -1 : 0;
}
