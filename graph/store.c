/*
 * The case file (see store.h). Schema, in words:
 *
 *   meta(name, value)         schema facts and the fingerprint key
 *   snapshot(id, ...)         one row per committed import
 *   nkey(id, key)             every node key ever seen; ids are shared by
 *                             all snapshots, so the same key merges
 *   node(snap, kid, ...)      a node as one snapshot described it
 *   edge(rowid, snap, ...)    an edge of one snapshot; each import's edges
 *                             have consecutive row ids, recorded in its
 *                             snapshot row, so no index is needed
 *   warning(snap, seq, ...)   records an import skipped, and why
 *
 * Times are stored as the int64 values of tstamp.h, reserved states
 * included. The current view is the newest snapshot of every source.
 */
#include "store.h"
#include "store_int.h"

#include <sys/stat.h>
#include <sys/random.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "hmap.h"
#include "log.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

static const char store_schema[] =
	"CREATE TABLE meta (name TEXT PRIMARY KEY, value) WITHOUT ROWID;"
	"CREATE TABLE snapshot ("
	"  id INTEGER PRIMARY KEY,"
	"  source TEXT NOT NULL,"
	"  format TEXT NOT NULL,"
	"  input TEXT NOT NULL,"
	"  input_sha256 TEXT,"
	"  imported_at INTEGER NOT NULL,"
	"  nodes INTEGER NOT NULL DEFAULT 0,"
	"  edges INTEGER NOT NULL DEFAULT 0,"
	"  placeholders INTEGER NOT NULL DEFAULT 0,"
	"  duplicates INTEGER NOT NULL DEFAULT 0,"
	"  warnings INTEGER NOT NULL DEFAULT 0,"
	"  partial INTEGER NOT NULL DEFAULT 0,"
	"  edge_first INTEGER NOT NULL DEFAULT 0,"
	"  edge_last INTEGER NOT NULL DEFAULT -1);"
	"CREATE INDEX snapshot_source ON snapshot(source, id);"
	"CREATE TABLE nkey (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);"
	"CREATE TABLE node ("
	"  snap INTEGER NOT NULL,"
	"  kid INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  kinds TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  missing INTEGER NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  last_used_at INTEGER NOT NULL,"
	"  last_rotated_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL,"
	"  disabled INTEGER NOT NULL,"
	"  environment TEXT,"
	"  owner TEXT,"
	"  credential_type TEXT,"
	"  attrs TEXT,"
	"  PRIMARY KEY (snap, kid)) WITHOUT ROWID;"
	"CREATE INDEX node_kid ON node(kid);"
	"CREATE TABLE edge ("
	"  snap INTEGER NOT NULL,"
	"  src INTEGER NOT NULL,"
	"  dst INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  raw TEXT NOT NULL,"
	"  flags INTEGER NOT NULL,"
	"  conditions TEXT,"
	"  attrs TEXT);"
	"CREATE TABLE warning ("
	"  snap INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  path TEXT NOT NULL,"
	"  message TEXT NOT NULL,"
	"  PRIMARY KEY (snap, seq)) WITHOUT ROWID;";

/* Set *errp to a message about a failed SQLite call and return -1. */
int
store_fail(struct store *s, char **errp, const char *what)
{
	*errp = xasprintf("%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
	return -1;
}

int
store_exec(struct store *s, const char *sql, char **errp)
{
	char	*msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		*errp = xasprintf("%s: %s", s->path,
		    msg != NULL ? msg : "SQLite error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int
store_prepare(struct store *s, const char *sql, sqlite3_stmt **st,
    char **errp)
{
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
	    NULL) != SQLITE_OK)
		return store_fail(s, errp, "prepare");
	return 0;
}

/* Read a single integer from a query with no parameters. */
static int
store_query_int(struct store *s, const char *sql, int64_t *out, char **errp)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (store_prepare(s, sql, &st, errp) == -1)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, errp, "query");
	return 0;
}

char *
store_resolve_path(const char *option, int create, char **errp)
{
	const char	*env, *home;
	char		*dir, *base;

	if (option != NULL && *option != '\0')
		return xstrdup(option);
	env = getenv("TRUSTWALK_DB");
	if (env != NULL && *env != '\0')
		return xstrdup(env);

	env = getenv("XDG_DATA_HOME");
	if (env != NULL && *env == '/')
		base = xstrdup(env);
	else {
		home = getenv("HOME");
		if (home == NULL || *home != '/') {
			*errp = xstrdup("cannot find a place for the case "
			    "file: HOME is not set; use --db FILE");
			return NULL;
		}
		base = xasprintf("%s/.local/share", home);
	}
	dir = xasprintf("%s/trustwalk", base);
	if (create) {
		/* Only the trustwalk folder itself gets mode 0700. */
		if (mkdir(base, 0700) == -1 && errno != EEXIST) {
			*errp = xasprintf("%s: cannot create folder: %s", base,
			    strerror(errno));
			goto fail;
		}
		if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
			*errp = xasprintf("%s: cannot create folder: %s", dir,
			    strerror(errno));
			goto fail;
		}
	}
	free(base);
	base = xasprintf("%s/trustwalk.db", dir);
	free(dir);
	return base;

fail:
	free(base);
	free(dir);
	return NULL;
}

/*
 * Check a file SQLite will open as part of the case (the case file or its
 * -wal and -shm files): a regular file of this user that no other user
 * can write. what names it in the message.
 */
static int
store_check_mode(const char *path, const struct stat *st, const char *what,
    char **errp)
{
	if (!S_ISREG(st->st_mode)) {
		*errp = xasprintf("%s: %s is not a regular file", path, what);
		return -1;
	}
	if (st->st_uid != geteuid()) {
		*errp = xasprintf("%s: %s belongs to another user (uid %lu); "
		    "copy the case to a file of your own", path, what,
		    (unsigned long)st->st_uid);
		return -1;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		*errp = xasprintf("%s: %s is writable by other users; fix it "
		    "with \"chmod 600\" if you trust its contents", path,
		    what);
		return -1;
	}
	return 0;
}

/*
 * Check the folder of the case: a folder that every user can write and
 * that lacks the sticky bit lets them replace the case file.
 */
static int
store_check_dir(const char *path, char **errp)
{
	struct stat	 st;
	char		*dir, *slash;
	int		 rc = 0;

	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if (stat(dir, &st) == 0 && (st.st_mode & S_IWOTH) &&
	    !(st.st_mode & S_ISVTX)) {
		*errp = xasprintf("%s: the folder %s is writable by every user, "
		    "so another user could replace the case; keep cases in a "
		    "folder of your own", path, dir);
		rc = -1;
	}
	free(dir);
	return rc;
}

/*
 * Check the -wal and -shm files SQLite keeps beside a case in WAL mode,
 * when they exist, as store_check_mode() does for the case.
 */
static int
store_check_journals(const char *path, char **errp)
{
	static const char *const suffix[] = { "-wal", "-shm" };
	struct stat		 st;
	char			*jpath, *what;
	size_t			 i;
	int			 rc = 0;

	for (i = 0; i < 2 && rc == 0; i++) {
		jpath = xasprintf("%s%s", path, suffix[i]);
		what = xasprintf("its %s file", suffix[i] + 1);
		if (lstat(jpath, &st) == 0)
			rc = store_check_mode(path, &st, what, errp);
		free(jpath);
		free(what);
	}
	return rc;
}

/*
 * Check the file before SQLite opens it: a regular file of this user that
 * no other user can write, in a folder where other users cannot replace
 * it, with -wal and -shm files held to the same rules. Creates it with
 * mode 0600 when allowed and missing.
 */
static int
store_check_file(const char *path, int flags, char **errp)
{
	struct stat	 st;
	int		 fd;

	if (store_check_dir(path, errp) == -1)
		return -1;
	if (stat(path, &st) == -1) {
		if (errno != ENOENT || !(flags & STORE_CREATE) ||
		    (flags & STORE_READ_ONLY)) {
			if (errno == ENOENT)
				*errp = xasprintf("%s: no case file here; "
				    "import a file first with "
				    "\"trustwalk import FILE\"", path);
			else
				*errp = xasprintf("%s: %s", path,
				    strerror(errno));
			return -1;
		}
		if (store_check_journals(path, errp) == -1)
			return -1;
		fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd == -1) {
			*errp = xasprintf("%s: cannot create case file: %s",
			    path, strerror(errno));
			return -1;
		}
		close(fd);
		return 0;
	}
	if (store_check_mode(path, &st, "the case file", errp) == -1)
		return -1;
	return store_check_journals(path, errp);
}

/*
 * Create the base schema (version 1) and the fingerprint key in a new,
 * empty database; store_migrate() then adds the later versions, so a new
 * case and an upgraded one run the same statements.
 */
static int
store_create_schema(struct store *s, char **errp)
{
	unsigned char	 key[STORE_FP_KEY_LEN];
	sqlite3_stmt	*st;
	char		*sql;
	int		 rc;

	if (getrandom(key, sizeof(key), 0) != (ssize_t)sizeof(key)) {
		*errp = xasprintf("%s: cannot read random bytes: %s", s->path,
		    strerror(errno));
		return -1;
	}
	if (store_exec(s, "BEGIN IMMEDIATE", errp) == -1)
		return -1;
	sql = xasprintf("%s PRAGMA application_id = %d;"
	    "PRAGMA user_version = 1;", store_schema, STORE_APPLICATION_ID);
	rc = store_exec(s, sql, errp);
	free(sql);
	if (rc == -1)
		goto fail;
	if (store_prepare(s, "INSERT INTO meta VALUES ('fingerprint_key', ?),"
	    " ('created_at', ?)", &st, errp) == -1)
		goto fail;
	sqlite3_bind_blob(st, 1, key, sizeof(key), SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)time(NULL));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_fail(s, errp, "create schema");
		goto fail;
	}
	return store_exec(s, "COMMIT", errp);

fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* Check that the database is a trustwalk case this version can read. */
static int
store_check_schema(struct store *s, char **errp)
{
	int64_t	 app = 0, version = 0, tables = 0;

	if (store_query_int(s, "PRAGMA application_id", &app, errp) == -1 ||
	    store_query_int(s, "PRAGMA user_version", &version, errp) == -1 ||
	    store_query_int(s, "SELECT count(*) FROM sqlite_schema", &tables,
	    errp) == -1)
		return -1;
	if (app == 0 && version == 0 && tables == 0) {
		if (s->read_only) {
			*errp = xasprintf("%s: the case file is empty", s->path);
			return -1;
		}
		if (store_create_schema(s, errp) == -1)
			return -1;
		app = STORE_APPLICATION_ID;
		version = 1;
	}
	if (app != STORE_APPLICATION_ID) {
		*errp = xasprintf("%s: not a trustwalk case file", s->path);
		return -1;
	}
	if (version > STORE_SCHEMA_VERSION) {
		*errp = xasprintf("%s: case file has schema version %lld, newer "
		    "than this trustwalk reads (%d); upgrade trustwalk",
		    s->path, (long long)version, STORE_SCHEMA_VERSION);
		return -1;
	}
	s->schema = version;
	if (version < STORE_SCHEMA_VERSION && !s->read_only)
		return store_migrate(s, version, errp);
	return 0;
}

/*
 * Return the size of the import writer's batches (see store_queue.h):
 * TRUSTWALK_WRITER_BATCH bytes when set, else 0 for the default. Small
 * batches let the tests run small imports through the writing thread.
 */
static size_t
store_writer_batch(void)
{
	const char	*env = getenv("TRUSTWALK_WRITER_BATCH");
	char		*end;
	unsigned long	 n;

	if (env == NULL || *env == '\0')
		return 0;
	n = strtoul(env, &end, 10);
	return *end == '\0' ? (size_t)n : 0;
}

int
store_open(const char *path, int flags, struct store **out, char **errp)
{
	struct store	*s;
	char		*uri = NULL;
	int		 oflags;

	*out = NULL;
	if (flags & STORE_MEMORY)
		path = ":memory:";
	else if (store_check_file(path, flags, errp) == -1)
		return -1;

	s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(path);
	s->read_only = (flags & STORE_READ_ONLY) != 0;
	s->writer_batch = store_writer_batch();
	oflags = SQLITE_OPEN_NOMUTEX;
	if (flags & STORE_MEMORY)
		oflags |= SQLITE_OPEN_MEMORY;
	oflags |= s->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	/* SQLite may read a name that starts with "file:" as a URI. */
	if (strncmp(path, "file:", 5) == 0)
		path = uri = xasprintf("./%s", path);
	if (s->read_only && !(flags & STORE_MEMORY)) {
		if (store_ro_open(path, &s->db, &s->wal_skipped, errp) == -1)
			goto fail;
	} else if (sqlite3_open_v2(path, &s->db, oflags, NULL) != SQLITE_OK) {
		store_fail(s, errp, "cannot open");
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 5000);
	if (!s->read_only && !(flags & STORE_MEMORY) &&
	    store_exec(s, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL;", errp) == -1)
		goto fail;
	if (store_exec(s, "PRAGMA foreign_keys = OFF;"
	    "PRAGMA cache_size = -65536;", errp) == -1)
		goto fail;
	if (s->read_only && store_exec(s, "PRAGMA query_only = ON;",
	    errp) == -1)
		goto fail;
	if (store_check_schema(s, errp) == -1)
		goto fail;
	log_debug("opened %s%s", path, s->read_only ? " read-only" : "");
	free(uri);
	*out = s;
	return 0;

fail:
	free(uri);
	store_close(s);
	return -1;
}

void
store_current_free(struct store *s)
{
	size_t	 i;

	for (i = 0; i < s->ncur; i++)
		free(s->cur[i].source);
	free(s->cur);
	s->cur = NULL;
	s->ncur = 0;
}

void
store_close(struct store *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	store_writer_abort(s->writer);
	store_current_free(s);
	store_view_clear(&s->view);
	for (i = 0; i < 5; i++)
		sqlite3_finalize(s->writer_stmts[i]);
	sqlite3_finalize(s->attrs_stmt);
	sqlite3_finalize(s->event_put);
	if (s->db != NULL)
		sqlite3_close_v2(s->db);
	free(s->path);
	free(s);
}

const char *
store_path(const struct store *s)
{
	return s->path;
}

int
store_wal_skipped(const struct store *s)
{
	return s->wal_skipped;
}

int
store_read_only(const struct store *s)
{
	return s->read_only;
}

/* Load the snapshots of the view once. */
int
store_current(struct store *s, char **errp)
{
	if (s->cur != NULL)
		return 0;
	return store_view_load(s, errp);
}

char *
store_column_dup(sqlite3_stmt *st, int col)
{
	const unsigned char	*t = sqlite3_column_text(st, col);

	return t != NULL ? xstrdup((const char *)t) : NULL;
}

int
store_view_snapshots(struct store *s, int64_t **ids, size_t *n, char **errp)
{
	size_t	 i;

	*ids = NULL;
	*n = 0;
	if (store_current(s, errp) == -1)
		return -1;
	*ids = xcalloc(s->ncur + 1, sizeof(**ids));
	for (i = 0; i < s->ncur; i++)
		(*ids)[i] = s->cur[i].id;
	*n = s->ncur;
	return 0;
}

int
store_snapshots(struct store *s, struct store_snapshot **out, size_t *n,
    char **errp)
{
	struct store_snapshot	*v = NULL, *sn;
	sqlite3_stmt		*st;
	size_t			 cap = 0, i;
	int			 rc;

	*out = NULL;
	*n = 0;
	if (store_current(s, errp) == -1)
		return -1;
	if (store_prepare(s, "SELECT id, source, format, input, input_sha256,"
	    " imported_at, nodes, edges, placeholders, warnings, partial "
	    "FROM snapshot ORDER BY id", &st, errp) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		sn = &v[(*n)++];
		memset(sn, 0, sizeof(*sn));
		sn->id = sqlite3_column_int64(st, 0);
		sn->source = store_column_dup(st, 1);
		sn->format = store_column_dup(st, 2);
		sn->input = store_column_dup(st, 3);
		sn->input_sha256 = store_column_dup(st, 4);
		sn->imported_at = sqlite3_column_int64(st, 5);
		sn->nodes = sqlite3_column_int64(st, 6);
		sn->edges = sqlite3_column_int64(st, 7);
		sn->placeholders = sqlite3_column_int64(st, 8);
		sn->warnings = sqlite3_column_int64(st, 9);
		sn->partial = sqlite3_column_int(st, 10);
		for (i = 0; i < s->ncur; i++) {
			if (s->cur[i].id == sn->id)
				sn->current = 1;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_snapshots_free(v, *n);
		*n = 0;
		return store_fail(s, errp, "list snapshots");
	}
	*out = v;
	return 0;
}

void
store_snapshots_free(struct store_snapshot *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].source);
		free(v[i].format);
		free(v[i].input);
		free(v[i].input_sha256);
	}
	free(v);
}

static const char *
store_column_text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

int
store_scan_nodes(struct store *s, store_node_fn fn, void *ctx, char **errp)
{
	struct store_node_row	 row;
	sqlite3_stmt		*st;
	size_t			 i;
	int			 rc = SQLITE_DONE, stop = 0;

	if (store_current(s, errp) == -1)
		return -1;
	if (store_prepare(s, "SELECT n.kid, k.key, n.kind, n.kinds, n.name, "
	    "n.missing, n.created_at, n.last_used_at, n.last_rotated_at, "
	    "n.expires_at, n.disabled, n.environment, n.owner, "
	    "n.credential_type FROM node n JOIN nkey k ON k.id = n.kid "
	    "WHERE n.snap = ?", &st, errp) == -1)
		return -1;
	for (i = 0; i < s->ncur && !stop; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, s->cur[i].id);
		while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			row.kid = sqlite3_column_int64(st, 0);
			row.key = store_column_text(st, 1);
			row.kind = store_column_text(st, 2);
			row.kinds = store_column_text(st, 3);
			row.name = store_column_text(st, 4);
			row.missing = sqlite3_column_int(st, 5);
			row.life.created_at = sqlite3_column_int64(st, 6);
			row.life.last_used_at = sqlite3_column_int64(st, 7);
			row.life.last_rotated_at = sqlite3_column_int64(st, 8);
			row.life.expires_at = sqlite3_column_int64(st, 9);
			row.life.disabled = sqlite3_column_int(st, 10);
			row.environment = store_column_text(st, 11);
			row.owner = store_column_text(st, 12);
			row.credential_type = store_column_text(st, 13);
			row.source = s->cur[i].source;
			row.snapshot = s->cur[i].id;
			if (fn(ctx, &row) != 0)
				stop = 1;
		}
		if (!stop && rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(st);
	if (!stop && rc != SQLITE_DONE)
		return store_fail(s, errp, "read nodes");
	return stop ? -1 : 0;
}

int
store_scan_edges(struct store *s, store_edge_fn fn, void *ctx, char **errp)
{
	struct store_edge_row	 row;
	sqlite3_stmt		*st;
	size_t			 i;
	int			 rc = SQLITE_DONE, stop = 0;

	if (store_current(s, errp) == -1)
		return -1;
	if (store_prepare(s, "SELECT rowid, src, dst, kind, raw, flags "
	    "FROM edge WHERE rowid BETWEEN ? AND ?", &st, errp) == -1)
		return -1;
	for (i = 0; i < s->ncur && !stop; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, s->cur[i].edge_first);
		sqlite3_bind_int64(st, 2, s->cur[i].edge_last);
		while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			row.id = sqlite3_column_int64(st, 0);
			row.src = sqlite3_column_int64(st, 1);
			row.dst = sqlite3_column_int64(st, 2);
			row.kind = store_column_text(st, 3);
			row.raw = store_column_text(st, 4);
			row.flags = (unsigned)sqlite3_column_int(st, 5);
			row.snapshot = s->cur[i].id;
			if (fn(ctx, &row) != 0)
				stop = 1;
		}
		if (!stop && rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(st);
	if (!stop && rc != SQLITE_DONE)
		return store_fail(s, errp, "read edges");
	return stop ? -1 : 0;
}

/* 1 when an attribute name is a prefix pattern such as "fingerprint:*". */
static int
store_name_is_prefix(const char *name)
{
	size_t	 len = strlen(name);

	return len > 0 && name[len - 1] == '*';
}

/*
 * Build the query of store_scan_node_values() for n attribute names:
 * exact names go in an IN list, prefix patterns become GLOB terms.
 */
static char *
store_values_sql(const char *const *names, size_t n)
{
	struct strbuf	 sb;
	size_t		 i;
	int		 exact = 0;

	strbuf_init(&sb);
	strbuf_addstr(&sb, "SELECT n.kid, j.key, CASE WHEN j.type = 'array' "
	    "THEN a.value ELSE j.value END FROM node n, json_each(n.attrs) j "
	    "LEFT JOIN json_each(CASE WHEN j.type = 'array' THEN j.value "
	    "ELSE '[]' END) a WHERE n.snap = ?1 AND n.attrs IS NOT NULL AND "
	    "(j.key IN (");
	for (i = 0; i < n; i++) {
		if (!store_name_is_prefix(names[i]))
			strbuf_addf(&sb, "%s?%zu", exact++ > 0 ? ", " : "",
			    i + 2);
	}
	strbuf_addstr(&sb, ")");
	for (i = 0; i < n; i++) {
		if (store_name_is_prefix(names[i]))
			strbuf_addf(&sb, " OR j.key GLOB ?%zu", i + 2);
	}
	strbuf_addstr(&sb, ")");
	return strbuf_detach(&sb);
}

int
store_scan_node_values(struct store *s, const char *const *names, size_t n,
    store_value_fn fn, void *ctx, char **errp)
{
	sqlite3_stmt	*st;
	const char	*value;
	char		*sql;
	size_t		 i, k;
	int		 rc = SQLITE_DONE, stop = 0;

	if (n == 0)
		return 0;
	if (store_current(s, errp) == -1)
		return -1;
	sql = store_values_sql(names, n);
	rc = store_prepare(s, sql, &st, errp);
	free(sql);
	if (rc == -1)
		return -1;
	for (k = 0; k < n; k++)
		sqlite3_bind_text(st, (int)k + 2, names[k], -1, SQLITE_STATIC);
	rc = SQLITE_DONE;
	for (i = 0; i < s->ncur && !stop; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, s->cur[i].id);
		while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			value = store_column_text(st, 2);
			if (value == NULL)
				continue;
			if (fn(ctx, sqlite3_column_int64(st, 0),
			    store_column_text(st, 1), value) != 0)
				stop = 1;
		}
		if (!stop && rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(st);
	if (!stop && rc != SQLITE_DONE)
		return store_fail(s, errp, "read attributes");
	return stop ? -1 : 0;
}

int
store_scan_edge_values(struct store *s, const char *kind, const char *name,
    store_value_fn fn, void *ctx, char **errp)
{
	sqlite3_stmt	*st;
	const char	*value;
	size_t		 i;
	int		 rc = SQLITE_DONE, stop = 0;

	if (store_current(s, errp) == -1)
		return -1;
	if (store_prepare(s, "SELECT e.rowid, j.key, CASE WHEN j.type = "
	    "'array' THEN a.value ELSE j.value END FROM edge e, "
	    "json_each(e.attrs) j LEFT JOIN json_each(CASE WHEN j.type = "
	    "'array' THEN j.value ELSE '[]' END) a WHERE e.rowid BETWEEN ? "
	    "AND ? AND e.kind = ? AND e.attrs IS NOT NULL AND j.key = ?",
	    &st, errp) == -1)
		return -1;
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, name, -1, SQLITE_STATIC);
	for (i = 0; i < s->ncur && !stop; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, s->cur[i].edge_first);
		sqlite3_bind_int64(st, 2, s->cur[i].edge_last);
		while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			value = store_column_text(st, 2);
			if (value == NULL)
				continue;
			if (fn(ctx, sqlite3_column_int64(st, 0),
			    store_column_text(st, 1), value) != 0)
				stop = 1;
		}
		if (!stop && rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(st);
	if (!stop && rc != SQLITE_DONE)
		return store_fail(s, errp, "read edge attributes");
	return stop ? -1 : 0;
}

int
store_node_attrs(struct store *s, int64_t kid, store_attr_fn fn, void *ctx,
    char **errp)
{
	sqlite3_stmt	*st;
	struct hmap	*seen;
	const char	*name;
	size_t		 i;
	int		 rc = SQLITE_DONE, stop = 0;

	if (store_current(s, errp) == -1)
		return -1;
	if (s->attrs_stmt == NULL && store_prepare(s, "SELECT j.key, CASE "
	    "j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE "
	    "j.value END, j.type FROM node n, json_each(n.attrs) j WHERE "
	    "n.snap = ? AND n.kid = ? AND n.attrs IS NOT NULL ORDER BY j.key",
	    &s->attrs_stmt, errp) == -1)
		return -1;
	st = s->attrs_stmt;

	/*
	 * Newest snapshot first: its value of an attribute is the one
	 * reported, and older values of the same name are skipped.
	 */
	seen = hmap_create(32);
	for (i = s->ncur; i-- > 0 && !stop;) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, s->cur[i].id);
		sqlite3_bind_int64(st, 2, kid);
		while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			name = store_column_text(st, 0);
			if (!hmap_put(seen, name, strlen(name), 0))
				continue;
			if (fn(ctx, name, store_column_text(st, 1),
			    store_column_text(st, 2), s->cur[i].source) != 0)
				stop = 1;
		}
		if (!stop && rc != SQLITE_DONE)
			break;
	}
	hmap_free(seen);
	sqlite3_reset(st);
	if (!stop && rc != SQLITE_DONE)
		return store_fail(s, errp, "read attributes");
	return stop ? -1 : 0;
}

int
store_edge_attrs(struct store *s, int64_t id, store_attr_fn fn, void *ctx,
    char **errp)
{
	sqlite3_stmt	*st;
	int		 rc, stop = 0;

	if (store_prepare(s, "SELECT j.key, CASE j.type WHEN 'true' THEN "
	    "'true' WHEN 'false' THEN 'false' ELSE j.value END, j.type "
	    "FROM edge e, json_each(e.attrs) j WHERE e.rowid = ? AND "
	    "e.attrs IS NOT NULL ORDER BY j.id", &st, errp) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (fn(ctx, store_column_text(st, 0), store_column_text(st, 1),
		    store_column_text(st, 2), NULL) != 0)
			stop = 1;
	}
	sqlite3_finalize(st);
	if (stop) {
		*errp = xasprintf("%s: reading the attributes of edge %lld "
		    "stopped", s->path, (long long)id);
		return -1;
	}
	if (rc != SQLITE_DONE)
		return store_fail(s, errp, "read edge attributes");
	return 0;
}

int
store_edge_detail(struct store *s, int64_t id, char **conditions,
    char **attrs, char **errp)
{
	sqlite3_stmt	*st;
	int		 rc;

	*conditions = *attrs = NULL;
	if (store_prepare(s, "SELECT conditions, attrs FROM edge "
	    "WHERE rowid = ?", &st, errp) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*conditions = store_column_dup(st, 0);
		*attrs = store_column_dup(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, errp, "read edge");
	return 0;
}

int
store_fingerprint_key(struct store *s, unsigned char *key, char **errp)
{
	sqlite3_stmt	*st;
	int		 rc, ok = 0;

	if (s->writer != NULL && store_writer_sync(s->writer, errp) == -1)
		return -1;
	if (store_prepare(s, "SELECT value FROM meta WHERE name = "
	    "'fingerprint_key'", &st, errp) == -1)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW &&
	    sqlite3_column_bytes(st, 0) == STORE_FP_KEY_LEN) {
		memcpy(key, sqlite3_column_blob(st, 0), STORE_FP_KEY_LEN);
		ok = 1;
	}
	sqlite3_finalize(st);
	if (!ok) {
		*errp = xasprintf("%s: fingerprint key is missing or damaged",
		    s->path);
		return -1;
	}
	return 0;
}

/* Take the write lock, with a clear message when another process has it. */
int
store_begin_write(struct store *s, char **errp)
{
	if (s->read_only) {
		*errp = xasprintf("%s: the case is open read-only", s->path);
		return -1;
	}
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) ==
	    SQLITE_OK)
		return 0;
	if ((sqlite3_errcode(s->db) & 0xff) == SQLITE_BUSY)
		*errp = xasprintf("%s: the case file is locked by another "
		    "trustwalk; try again when it is done", s->path);
	else
		store_fail(s, errp, "begin transaction");
	return -1;
}

int
store_begin(struct store *s, char **errp)
{
	if (s->in_tx) {
		*errp = xasprintf("%s: a transaction is already open", s->path);
		return -1;
	}
	if (store_begin_write(s, errp) == -1)
		return -1;
	s->in_tx = 1;
	return 0;
}

int
store_in_transaction(const struct store *s)
{
	return s->in_tx;
}

int
store_commit(struct store *s, char **errp)
{
	int	 rc;

	if (!s->in_tx)
		return 0;
	rc = store_exec(s, "COMMIT", errp);
	if (rc == -1)
		store_rollback(s);
	s->in_tx = 0;
	store_current_free(s);
	return rc;
}

void
store_rollback(struct store *s)
{
	if (!s->in_tx)
		return;
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_tx = 0;
	store_current_free(s);
}
