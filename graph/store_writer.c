/*
 * Writing one import into the case file (see store.h). The whole import
 * is one transaction: the snapshot row is made first so that nodes and
 * edges can name it, and filled in with the counts at commit.
 *
 * The writer remembers every key the import used, with whether it came
 * as a node or only as an edge endpoint, so placeholders for endpoints
 * the input never described can be added at commit without a query.
 */
#include "store.h"
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hmap.h"
#include "log.h"
#include "tstamp.h"
#include "xalloc.h"

/* One key the running import has used, as node or edge endpoint. */
struct store_writer_key {
	int64_t		 kid;
	const char	*key;
	unsigned	 flags;
#define STORE_WK_NODE		0x1
#define STORE_WK_ENDPOINT	0x2
};

struct store_writer {
	struct store		*store;
	int64_t			 snap;
	sqlite3_stmt		*key_get;
	sqlite3_stmt		*key_put;
	sqlite3_stmt		*node_put;
	sqlite3_stmt		*edge_put;
	sqlite3_stmt		*warn_put;
	sqlite3_stmt		*kind_get;	/* prepared on first use */
	struct hmap		*keys;	/* key -> index into wkeys */
	struct store_writer_key	*wkeys;
	size_t			 nwkeys;
	size_t			 capwkeys;
	struct arena		 arena;
	int64_t			 nodes;
	int64_t			 edges;
	int64_t			 duplicates;
	int64_t			 warnings;
	int64_t			 events;
	int64_t			 edge_first;
	int64_t			 edge_last;
};

/*
 * Keep the writer's statements on the store for the next writer, because
 * preparing them costs more than a small import. They are finalized when
 * the store already keeps a set.
 */
static void
store_writer_keep_stmts(struct store_writer *w)
{
	sqlite3_stmt	*st[5] = {
		w->key_get, w->key_put, w->node_put, w->edge_put, w->warn_put
	};
	struct store	*s = w->store;
	size_t		 i;
	int		 keep = s->writer_stmts[0] == NULL;

	for (i = 0; i < 5; i++) {
		if (st[i] == NULL)
			keep = 0;
	}
	for (i = 0; i < 5; i++) {
		if (!keep) {
			sqlite3_finalize(st[i]);
			continue;
		}
		sqlite3_reset(st[i]);
		sqlite3_clear_bindings(st[i]);
		s->writer_stmts[i] = st[i];
	}
}

static void
store_writer_free(struct store_writer *w)
{
	sqlite3_finalize(w->kind_get);
	store_writer_keep_stmts(w);
	hmap_free(w->keys);
	free(w->wkeys);
	arena_free(&w->arena);
	w->store->writer = NULL;
	free(w);
}

int
store_writer_begin(struct store *s, struct store_writer **out, char **errp)
{
	struct store_writer	*w;

	*out = NULL;
	if (s->writer != NULL) {
		*errp = xasprintf("%s: an import is already running", s->path);
		return -1;
	}
	if (s->in_tx) {
		if (store_exec(s, "SAVEPOINT import", errp) == -1)
			return -1;
	} else if (store_begin_write(s, errp) == -1)
		return -1;

	w = xcalloc(1, sizeof(*w));
	w->store = s;
	s->writer = w;
	w->keys = hmap_create(1024);
	arena_init(&w->arena);
	w->edge_first = 0;
	w->edge_last = -1;
	if (s->writer_stmts[0] != NULL) {
		w->key_get = s->writer_stmts[0];
		w->key_put = s->writer_stmts[1];
		w->node_put = s->writer_stmts[2];
		w->edge_put = s->writer_stmts[3];
		w->warn_put = s->writer_stmts[4];
		memset(s->writer_stmts, 0, sizeof(s->writer_stmts));
	} else if (store_prepare(s, "SELECT id FROM nkey WHERE key = ?",
	    &w->key_get, errp) == -1 ||
	    store_prepare(s, "INSERT INTO nkey (key) VALUES (?)",
	    &w->key_put, errp) == -1 ||
	    store_prepare(s, "INSERT OR IGNORE INTO node VALUES (?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &w->node_put, errp) == -1 ||
	    store_prepare(s, "INSERT INTO edge VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    &w->edge_put, errp) == -1 ||
	    store_prepare(s, "INSERT INTO warning VALUES (?, ?, ?, ?)",
	    &w->warn_put, errp) == -1)
		goto fail;
	if (sqlite3_exec(s->db, "INSERT INTO snapshot (source, format, input, "
	    "imported_at) VALUES ('', '', '', 0)", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		store_fail(s, errp, "begin import");
		goto fail;
	}
	w->snap = sqlite3_last_insert_rowid(s->db);
	*out = w;
	return 0;

fail:
	store_writer_abort(w);
	return -1;
}

void
store_writer_abort(struct store_writer *w)
{
	if (w == NULL)
		return;
	if (w->store->in_tx)
		sqlite3_exec(w->store->db, "ROLLBACK TO import; RELEASE import",
		    NULL, NULL, NULL);
	else
		sqlite3_exec(w->store->db, "ROLLBACK", NULL, NULL, NULL);
	log_debug("import rolled back");
	store_writer_free(w);
}

/* Find or make the key id of key; returns the writer's entry for it. */
static struct store_writer_key *
store_writer_key(struct store_writer *w, const char *key, char **errp)
{
	struct store_writer_key	*wk;
	size_t			 len = strlen(key);
	uint64_t		 idx;
	int64_t			 kid;
	int			 rc;

	if (hmap_get(w->keys, key, len, &idx))
		return &w->wkeys[idx];

	sqlite3_reset(w->key_get);
	sqlite3_bind_text(w->key_get, 1, key, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(w->key_get);
	if (rc == SQLITE_ROW)
		kid = sqlite3_column_int64(w->key_get, 0);
	else if (rc == SQLITE_DONE) {
		sqlite3_reset(w->key_put);
		sqlite3_bind_text(w->key_put, 1, key, (int)len, SQLITE_STATIC);
		if (sqlite3_step(w->key_put) != SQLITE_DONE) {
			store_fail(w->store, errp, "add key");
			return NULL;
		}
		kid = sqlite3_last_insert_rowid(w->store->db);
	} else {
		store_fail(w->store, errp, "look up key");
		return NULL;
	}

	if (w->nwkeys == w->capwkeys) {
		w->capwkeys = w->capwkeys == 0 ? 1024 : w->capwkeys * 2;
		w->wkeys = xreallocarray(w->wkeys, w->capwkeys,
		    sizeof(*w->wkeys));
	}
	wk = &w->wkeys[w->nwkeys];
	wk->kid = kid;
	wk->key = arena_strndup(&w->arena, key, len);
	wk->flags = 0;
	hmap_put(w->keys, key, len, w->nwkeys);
	w->nwkeys++;
	return wk;
}

int
store_writer_endpoint(struct store_writer *w, const char *key, int64_t *kid,
    char **errp)
{
	struct store_writer_key	*wk;

	if ((wk = store_writer_key(w, key, errp)) == NULL)
		return -1;
	wk->flags |= STORE_WK_ENDPOINT;
	*kid = wk->kid;
	return 0;
}

int64_t
store_writer_snapshot(const struct store_writer *w)
{
	return w->snap;
}

struct store *
store_writer_store(struct store_writer *w)
{
	return w->store;
}

int64_t
store_writer_next_event(struct store_writer *w)
{
	return w->events++;
}

static void
store_writer_bind_text(sqlite3_stmt *st, int col, const char *text)
{
	if (text != NULL)
		sqlite3_bind_text(st, col, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, col);
}

/* Bind and run the node insert; returns 1 added, 0 duplicate, -1. */
static int
store_writer_put_node(struct store_writer *w, int64_t kid,
    const struct record_node *n, const char *name, int missing, char **errp)
{
	sqlite3_stmt	*st = w->node_put;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, w->snap);
	sqlite3_bind_int64(st, 2, kid);
	sqlite3_bind_text(st, 3, kind_node_name(n->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, n->kinds != NULL ? n->kinds : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 5, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, missing);
	sqlite3_bind_int64(st, 7, n->life.created_at);
	sqlite3_bind_int64(st, 8, n->life.last_used_at);
	sqlite3_bind_int64(st, 9, n->life.last_rotated_at);
	sqlite3_bind_int64(st, 10, n->life.expires_at);
	sqlite3_bind_int(st, 11, n->life.disabled);
	store_writer_bind_text(st, 12, n->environment);
	store_writer_bind_text(st, 13, n->owner);
	store_writer_bind_text(st, 14, n->credential_type);
	store_writer_bind_text(st, 15, n->attrs);
	if (sqlite3_step(st) != SQLITE_DONE)
		return store_fail(w->store, errp, "add node");
	return sqlite3_changes(w->store->db) > 0 ? 1 : 0;
}

int
store_writer_node(struct store_writer *w, const struct record_node *n,
    char **errp)
{
	struct store_writer_key	*wk;
	int			 rc;

	if ((wk = store_writer_key(w, n->key, errp)) == NULL)
		return -1;
	if (wk->flags & STORE_WK_NODE) {
		w->duplicates++;
		return 0;
	}
	rc = store_writer_put_node(w, wk->kid, n,
	    n->name != NULL ? n->name : n->key, 0, errp);
	if (rc == 1) {
		wk->flags |= STORE_WK_NODE;
		w->nodes++;
	}
	return rc;
}

int
store_writer_has_node(struct store_writer *w, const char *key)
{
	uint64_t	 idx;

	if (!hmap_get(w->keys, key, strlen(key), &idx))
		return 0;
	return (w->wkeys[idx].flags & STORE_WK_NODE) != 0;
}

/*
 * The kind of the node with this key in the current view, as it stood
 * before this import: from the newest current snapshot of another import
 * that described the node. The running import's own snapshot has no
 * source yet, so it is left out.
 */
int
store_writer_current_kind(struct store_writer *w, const char *key,
    char **kind, char **errp)
{
	sqlite3_stmt	*st = w->kind_get;
	int		 rc;

	*kind = NULL;
	if (st == NULL) {
		if (store_prepare(w->store, "SELECT n.kind FROM node n, nkey k "
		    "WHERE k.key = ? AND n.kid = k.id AND n.missing = 0 AND "
		    "n.snap IN (SELECT max(id) FROM snapshot WHERE source <> "
		    "'' GROUP BY source) ORDER BY n.snap DESC LIMIT 1",
		    &w->kind_get, errp) == -1)
			return -1;
		st = w->kind_get;
	}
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*kind = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		return 1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(w->store, errp, "look up a node's kind");
	return 0;
}

int
store_writer_edge(struct store_writer *w, const struct record_edge *e,
    char **errp)
{
	struct store_writer_key	*src, *dst;
	sqlite3_stmt		*st = w->edge_put;
	int64_t			 id;

	if ((src = store_writer_key(w, e->src, errp)) == NULL)
		return -1;
	src->flags |= STORE_WK_ENDPOINT;
	if ((dst = store_writer_key(w, e->dst, errp)) == NULL)
		return -1;
	dst->flags |= STORE_WK_ENDPOINT;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, w->snap);
	sqlite3_bind_int64(st, 2, src->kid);
	sqlite3_bind_int64(st, 3, dst->kid);
	sqlite3_bind_text(st, 4, kind_edge_name(e->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e->raw != NULL ? e->raw :
	    kind_edge_name(e->kind), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, (int)e->flags);
	store_writer_bind_text(st, 7, e->conditions);
	store_writer_bind_text(st, 8, e->attrs);
	if (sqlite3_step(st) != SQLITE_DONE)
		return store_fail(w->store, errp, "add edge");

	id = sqlite3_last_insert_rowid(w->store->db);
	if (w->edges == 0)
		w->edge_first = id;
	w->edge_last = id;
	w->edges++;
	return 0;
}

int
store_writer_warning(struct store_writer *w, const char *path,
    const char *message, char **errp)
{
	sqlite3_stmt	*st = w->warn_put;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, w->snap);
	sqlite3_bind_int64(st, 2, w->warnings);
	sqlite3_bind_text(st, 3, path != NULL ? path : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, message, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return store_fail(w->store, errp, "add warning");
	w->warnings++;
	return 0;
}

/* Add a placeholder for every endpoint that came with no node. */
static int
store_writer_placeholders(struct store_writer *w, int64_t *count,
    char **errp)
{
	struct record_node	 n;
	struct store_writer_key	*wk;
	const char		*name;
	size_t			 i;

	*count = 0;
	record_node_init(&n);
	for (i = 0; i < w->nwkeys; i++) {
		wk = &w->wkeys[i];
		if ((wk->flags & STORE_WK_NODE) ||
		    !(wk->flags & STORE_WK_ENDPOINT))
			continue;
		name = strchr(wk->key, ':');
		name = name != NULL ? name + 1 : wk->key;
		if (store_writer_put_node(w, wk->kid, &n, name, 1, errp) == -1)
			return -1;
		(*count)++;
	}
	return 0;
}

int
store_writer_commit(struct store_writer *w,
    const struct store_import_info *info, struct store_import_counts *counts,
    char **errp)
{
	struct store	*s = w->store;
	sqlite3_stmt	*st = NULL;
	int64_t		 placeholders;

	if (store_writer_placeholders(w, &placeholders, errp) == -1)
		goto fail;
	if (store_prepare(s, "UPDATE snapshot SET source = ?, format = ?, "
	    "input = ?, input_sha256 = ?, imported_at = ?, nodes = ?, "
	    "edges = ?, placeholders = ?, duplicates = ?, warnings = ?, "
	    "partial = ?, edge_first = ?, edge_last = ? WHERE id = ?", &st,
	    errp) == -1)
		goto fail;
	sqlite3_bind_text(st, 1, info->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, info->format, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, info->input, -1, SQLITE_STATIC);
	store_writer_bind_text(st, 4, info->input_sha256);
	sqlite3_bind_int64(st, 5, info->imported_at);
	sqlite3_bind_int64(st, 6, w->nodes + placeholders);
	sqlite3_bind_int64(st, 7, w->edges);
	sqlite3_bind_int64(st, 8, placeholders);
	sqlite3_bind_int64(st, 9, w->duplicates);
	sqlite3_bind_int64(st, 10, w->warnings);
	sqlite3_bind_int(st, 11, info->partial || w->warnings > 0);
	sqlite3_bind_int64(st, 12, w->edge_first);
	sqlite3_bind_int64(st, 13, w->edge_last);
	sqlite3_bind_int64(st, 14, w->snap);
	if (sqlite3_step(st) != SQLITE_DONE) {
		store_fail(s, errp, "finish import");
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (store_exec(s, s->in_tx ? "RELEASE import" : "COMMIT", errp) == -1)
		goto fail;

	if (counts != NULL) {
		counts->snapshot = w->snap;
		counts->nodes = w->nodes + placeholders;
		counts->edges = w->edges;
		counts->placeholders = placeholders;
		counts->duplicates = w->duplicates;
		counts->warnings = w->warnings;
	}
	log_debug("snapshot %lld committed: %lld nodes, %lld edges",
	    (long long)w->snap, (long long)(w->nodes + placeholders),
	    (long long)w->edges);
	store_current_free(s);
	store_writer_free(w);
	return 0;

fail:
	sqlite3_finalize(st);
	store_writer_abort(w);
	return -1;
}
