/*
 * Opening a case read-only without writing a byte beside it. A case is
 * in WAL mode, and SQLite opens a WAL database by creating its -wal and
 * -shm files, which fails in a folder the user cannot write and leaves
 * files behind in one the user can. So a case whose -wal file is absent
 * (every change is in the main file, as after any trustwalk run that
 * ended) opens with the URI parameter immutable=1, which reads the file
 * with no locks and no side files. A case with a -wal file, which a
 * running import or a crash leaves, opens with mode=ro so the changes in
 * the WAL are read. When that fails because the -shm file cannot be made
 * or used, it opens immutable as well, without the changes in the WAL.
 *
 * SQLite does not look for changes to an immutable case that another
 * process makes while it is open. Reading a case that an import
 * rewrites meanwhile may fail or show a mix of old and new pages, so
 * docs/casefile.md tells the user to reopen it.
 */
#include "store.h"
#include "store_int.h"

#include <sys/stat.h>

#include <stdlib.h>

#include "log.h"
#include "strbuf.h"
#include "xalloc.h"

/*
 * The SQLite URI of path with the query text query: "file:" and the path
 * with '%', '?' and '#' percent-encoded, so no name reads as a
 * parameter. Allocated; the caller frees it.
 */
static char *
store_ro_uri(const char *path, const char *query)
{
	struct strbuf	 sb;
	const char	*p;

	strbuf_init(&sb);
	strbuf_addstr(&sb, "file:");
	/* "file://x" would name host x: give a path "//x" as "/x". */
	if (path[0] == '/')
		while (path[1] == '/')
			path++;
	for (p = path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			strbuf_addf(&sb, "%%%02X", (unsigned char)*p);
		else
			strbuf_addch(&sb, *p);
	}
	strbuf_addf(&sb, "?%s", query);
	return strbuf_detach(&sb);
}

/*
 * Open path read-only with the URI parameters query, then read the
 * schema version to see that reading works. Returns 0, or -1 with *errp
 * set to SQLite's message.
 */
static int
store_ro_try(const char *path, const char *query, sqlite3 **db,
    char **errp)
{
	char	*uri = store_ro_uri(path, query);
	int	 rc;

	*db = NULL;
	rc = sqlite3_open_v2(uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
	    SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(*db, "PRAGMA user_version", NULL, NULL,
		    NULL);
	if (rc != SQLITE_OK) {
		*errp = xasprintf("%s: cannot open read-only: %s", path,
		    *db != NULL ? sqlite3_errmsg(*db) : sqlite3_errstr(rc));
		log_debug("%s: %s", uri, *errp);
		sqlite3_close_v2(*db);
		*db = NULL;
	}
	free(uri);
	return rc == SQLITE_OK ? 0 : -1;
}

int
store_ro_open(const char *path, sqlite3 **db, int *wal_skipped,
    char **errp)
{
	struct stat	 st;
	char		*wal, *err = NULL;
	int		 has_wal;

	*wal_skipped = 0;
	wal = xasprintf("%s-wal", path);
	has_wal = stat(wal, &st) == 0 && st.st_size > 0;
	free(wal);
	if (has_wal) {
		if (store_ro_try(path, "mode=ro", db, &err) == 0)
			return 0;
		log_debug("%s; reading the main file alone", err);
		free(err);
		*wal_skipped = 1;
	}
	return store_ro_try(path, "mode=ro&immutable=1", db, errp);
}
