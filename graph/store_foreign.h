/*
 * Reading another tool's SQLite database, such as the roadrecon.db that
 * ROADrecon writes. The store module is the only code that talks to
 * SQLite, so importers of such files read them through this interface.
 *
 * The file comes from the inventory and is as hostile as any other
 * input. So it is opened read-only and immutable (no lock, no journal, no
 * write to its folder), with triggers, views and untrusted schema
 * functions disabled and the size of one value limited.
 */
#ifndef STORE_FOREIGN_H
#define STORE_FOREIGN_H

#include <stddef.h>

struct store_foreign;

/* Largest value one column may hold, in bytes. */
#define STORE_FOREIGN_MAX_VALUE	(64u << 20)

/*
 * Open the SQLite file at path. Returns 0 and sets *out, or -1 with
 * *errp naming the file when it is not a SQLite database or cannot be
 * opened.
 */
int	 store_foreign_open(const char *path, struct store_foreign **out,
	    char **errp);
void	 store_foreign_close(struct store_foreign *);

/* 1 when the database has this table, 0 when not, -1 on an error. */
int	 store_foreign_has_table(struct store_foreign *, const char *table,
	    char **errp);

/* 1 when the table has this column, 0 when not, -1 on an error. */
int	 store_foreign_has_column(struct store_foreign *, const char *table,
	    const char *column, char **errp);

/*
 * A row of a SELECT: ncols columns, with their names and values as text
 * (NULL for SQL NULL). problem is NULL, or names the first column whose
 * value cannot be read as text (a NUL byte inside it), in which case the
 * caller should skip the row. Return 0 to go on, -1 to stop.
 */
typedef int (*store_foreign_row_fn)(void *ctx, size_t ncols,
    const char *const *names, const char *const *values,
    const char *problem, char **errp);

/*
 * Run one SELECT (sql must be a single read-only statement) and call fn
 * for each row. Returns 0, or -1 with *errp set when the statement fails
 * (a missing table, a damaged file) or fn stopped.
 */
int	 store_foreign_select(struct store_foreign *, const char *sql,
	    store_foreign_row_fn fn, void *ctx, char **errp);

#endif
