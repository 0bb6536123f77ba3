/*
 * The triage journal in the case file (see store_journal.h). The table
 * comes with schema version 2 (store_migrate.c).
 */
#include "store.h"
#include "store_int.h"
#include "store_journal.h"

#include <stdlib.h>

#include "xalloc.h"

int
store_journal_add(struct store *s, int64_t at, const char *author,
    const char *action, const char *key, const char *detail, char **errp)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (s->read_only) {
		*errp = xasprintf("%s: the case is open read-only; the journal "
		    "is not written", s->path);
		return -1;
	}
	if (store_prepare(s, "INSERT INTO journal (at, author, action, key, "
	    "detail) VALUES (?, ?, ?, ?, ?)", &st, errp) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, at);
	sqlite3_bind_text(st, 2, author, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	if (key != NULL)
		sqlite3_bind_text(st, 4, key, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	if (detail != NULL)
		sqlite3_bind_text(st, 5, detail, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 5);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, errp, "write the journal");
	return 0;
}

int
store_journal_scan(struct store *s, store_journal_fn fn, void *ctx,
    char **errp)
{
	struct store_journal_row	 row;
	sqlite3_stmt			*st;
	int				 rc, stop = 0;

	if (!store_has_schema(s, 2))
		return 0;
	if (store_prepare(s, "SELECT id, at, author, action, key, detail FROM "
	    "journal ORDER BY id", &st, errp) == -1)
		return -1;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		row.id = sqlite3_column_int64(st, 0);
		row.at = sqlite3_column_int64(st, 1);
		row.author = (const char *)sqlite3_column_text(st, 2);
		row.action = (const char *)sqlite3_column_text(st, 3);
		row.key = (const char *)sqlite3_column_text(st, 4);
		row.detail = (const char *)sqlite3_column_text(st, 5);
		if (fn(ctx, &row) != 0)
			stop = 1;
	}
	sqlite3_finalize(st);
	if (stop)
		return -1;
	if (rc != SQLITE_DONE)
		return store_fail(s, errp, "read the journal");
	return 0;
}
