/*
 * Attributes of an edge, read with SQLite's JSON functions like those of
 * a node (store_node_attrs() in store.c), so that exports never parse
 * the stored JSON themselves.
 */
#include "store.h"
#include "store_int.h"

int
store_edge_attrs(struct store *s, int64_t id, store_attr_fn fn, void *ctx,
    char **errp)
{
	sqlite3_stmt	*st;
	int		 rc, stop = 0;

	if (store_prepare(s, "SELECT j.key, CASE j.type WHEN 'true' THEN "
	    "'true' WHEN 'false' THEN 'false' ELSE j.value END, j.type "
	    "FROM edge e, json_each(e.attrs) j WHERE e.rowid = ? AND "
	    "e.attrs IS NOT NULL ORDER BY j.key", &st, errp) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (fn(ctx, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2), NULL) != 0)
			stop = 1;
	}
	sqlite3_finalize(st);
	if (stop)
		return -1;
	if (rc != SQLITE_DONE)
		return store_fail(s, errp, "read edge attributes");
	return 0;
}
