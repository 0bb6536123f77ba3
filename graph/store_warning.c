/*
 * Reading the warnings kept in the case (see store_warning.h). The
 * writer stores them in the warning table as the import runs.
 */
#include "store_warning.h"
#include "store.h"
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

int
store_warnings(struct store *s, int64_t snapshot, struct store_warning **out,
    size_t *n, char **errp)
{
	struct store_warning	*v = NULL, *w;
	sqlite3_stmt		*st;
	size_t			 cap = 0;
	int			 rc;

	*out = NULL;
	*n = 0;
	if (store_prepare(s, "SELECT snap, seq, path, message FROM warning "
	    "WHERE ?1 = 0 OR snap = ?1 ORDER BY snap, seq", &st, errp) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, snapshot);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		w = &v[(*n)++];
		w->snapshot = sqlite3_column_int64(st, 0);
		w->seq = sqlite3_column_int64(st, 1);
		w->path = store_column_dup(st, 2);
		w->message = store_column_dup(st, 3);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_warnings_free(v, *n);
		*n = 0;
		return store_fail(s, errp, "list warnings");
	}
	*out = v;
	return 0;
}

void
store_warnings_free(struct store_warning *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].message);
	}
	free(v);
}
