/*
 * Writing one import into the case file (see store.h). The whole import
 * is one transaction: the snapshot row is made first so that nodes and
 * edges can name it, and filled in with the counts at commit.
 *
 * The importer's calls do not touch SQLite. They encode each key, node,
 * edge, warning and event as a command into a batch of bytes, and a
 * store_queue hands full batches to a second thread that runs the
 * inserts, so parsing and writing share the two cores. Duplicates,
 * whether a key is a node and the counts come from the writer's own
 * table of keys, which the importer's thread keeps. A call that must read the case (store_writer_sync())
 * first waits until every command has run.
 *
 * Keys are numbered in the order the import first uses them; a key
 * command comes before any command that names it, so the writing
 * thread maps those numbers to key ids as it goes. Placeholders for
 * endpoints the input never described are added at commit, after the
 * last batch.
 */
#include "store.h"
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hmap.h"
#include "log.h"
#include "store_queue.h"
#include "tstamp.h"
#include "xalloc.h"

/* One key the running import has used, as node or edge endpoint. */
struct store_writer_key {
	const char	*key;
	unsigned	 flags;
#define STORE_WK_NODE		0x1
#define STORE_WK_ENDPOINT	0x2
};

/* The commands of a batch. */
enum store_writer_op {
	STORE_OP_KEY = 1,
	STORE_OP_NODE,
	STORE_OP_EDGE,
	STORE_OP_WARNING,
	STORE_OP_EVENT
};

/* Reading one batch on the writing thread. */
struct store_writer_cursor {
	const unsigned char	*p;
	const unsigned char	*end;
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
	struct store_queue	*queue;

	/* The importer's thread. */
	struct hmap		*keys;	/* key -> index into wkeys */
	struct store_writer_key	*wkeys;
	size_t			 nwkeys;
	size_t			 capwkeys;
	struct arena		 arena;
	int64_t			 nodes;
	int64_t			 duplicates;
	int64_t			 warnings;
	int64_t			 events;
	int64_t			 edges;

	/* The writing thread; read by the importer's after a sync. */
	int64_t			*kids;	/* key id by key number */
	size_t			 nkids;
	size_t			 capkids;
	int64_t			 edges_put;
	int64_t			 edge_first;
	int64_t			 edge_last;
};

static int	store_writer_run(void *, const unsigned char *, size_t,
		    char **);

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
	store_queue_free(w->queue);
	sqlite3_finalize(w->kind_get);
	store_writer_keep_stmts(w);
	hmap_free(w->keys);
	free(w->wkeys);
	free(w->kids);
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
	w->queue = store_queue_create(store_writer_run, w, s->writer_batch);
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

	/* Stop the writing thread before the rollback uses the connection. */
	store_queue_free(w->queue);
	w->queue = NULL;
	if (w->store->in_tx)
		sqlite3_exec(w->store->db, "ROLLBACK TO import; RELEASE import",
		    NULL, NULL, NULL);
	else
		sqlite3_exec(w->store->db, "ROLLBACK", NULL, NULL, NULL);
	log_debug("import rolled back");
	store_writer_free(w);
}

int
store_writer_sync(struct store_writer *w, char **errp)
{
	return store_queue_sync(w->queue, errp);
}

/* Encoding commands into the current batch. */
static void
store_writer_put_u8(struct store_writer *w, unsigned v)
{
	unsigned char	 b = (unsigned char)v;

	store_queue_add(w->queue, &b, 1);
}

static void
store_writer_put_i64(struct store_writer *w, int64_t v)
{
	store_queue_add(w->queue, &v, sizeof(v));
}

/* A string as its length, its bytes and a NUL; NULL as UINT32_MAX. */
static void
store_writer_put_str(struct store_writer *w, const char *text)
{
	uint32_t	 len = UINT32_MAX;
	size_t		 n;

	if (text == NULL) {
		store_queue_add(w->queue, &len, sizeof(len));
		return;
	}
	n = strlen(text);
	if (n >= UINT32_MAX)
		xalloc_fatal("a text of 4 GB in one record");
	len = (uint32_t)n;
	store_queue_add(w->queue, &len, sizeof(len));
	store_queue_add(w->queue, text, n + 1);
}

/* Decoding them on the writing thread. The batch is ours, so trusted. */
static int64_t
store_writer_get_i64(struct store_writer_cursor *c)
{
	int64_t	 v;

	memcpy(&v, c->p, sizeof(v));
	c->p += sizeof(v);
	return v;
}

static const char *
store_writer_get_str(struct store_writer_cursor *c)
{
	const char	*text;
	uint32_t	 len;

	memcpy(&len, c->p, sizeof(len));
	c->p += sizeof(len);
	if (len == UINT32_MAX)
		return NULL;
	text = (const char *)c->p;
	c->p += (size_t)len + 1;
	return text;
}

/* The key id of key number n, which an earlier command made. */
static int64_t
store_writer_kid(const struct store_writer *w, int64_t n)
{
	return n >= 0 && (size_t)n < w->nkids ? w->kids[n] : 0;
}

/*
 * Find or make the key id of key; returns the writer's entry for it. A
 * new key is numbered and sent to the writing thread.
 */
static struct store_writer_key *
store_writer_key(struct store_writer *w, const char *key)
{
	struct store_writer_key	*wk;
	size_t			 len = strlen(key);
	uint64_t		 idx;

	if (hmap_get(w->keys, key, len, &idx))
		return &w->wkeys[idx];

	if (w->nwkeys == w->capwkeys) {
		w->capwkeys = w->capwkeys == 0 ? 1024 : w->capwkeys * 2;
		w->wkeys = xreallocarray(w->wkeys, w->capwkeys,
		    sizeof(*w->wkeys));
	}
	wk = &w->wkeys[w->nwkeys];
	wk->key = arena_strndup(&w->arena, key, len);
	wk->flags = 0;
	hmap_put(w->keys, key, len, w->nwkeys);
	w->nwkeys++;
	store_writer_put_u8(w, STORE_OP_KEY);
	store_writer_put_str(w, wk->key);
	return wk;
}

/* The number of key, recorded as an endpoint; -1 for NULL. */
static int64_t
store_writer_endpoint(struct store_writer *w, const char *key)
{
	struct store_writer_key	*wk;

	if (key == NULL)
		return -1;
	wk = store_writer_key(w, key);
	wk->flags |= STORE_WK_ENDPOINT;
	return wk - w->wkeys;
}

/* Run a key command: look the key up, or add it. */
static int
store_writer_run_key(struct store_writer *w, struct store_writer_cursor *c,
    char **errp)
{
	const char	*key = store_writer_get_str(c);
	int64_t		 kid;
	int		 rc;

	sqlite3_reset(w->key_get);
	sqlite3_bind_text(w->key_get, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(w->key_get);
	if (rc == SQLITE_ROW)
		kid = sqlite3_column_int64(w->key_get, 0);
	else if (rc == SQLITE_DONE) {
		sqlite3_reset(w->key_put);
		sqlite3_bind_text(w->key_put, 1, key, -1, SQLITE_STATIC);
		if (sqlite3_step(w->key_put) != SQLITE_DONE)
			return store_fail(w->store, errp, "add key");
		kid = sqlite3_last_insert_rowid(w->store->db);
	} else
		return store_fail(w->store, errp, "look up key");
	sqlite3_reset(w->key_get);

	if (w->nkids == w->capkids) {
		w->capkids = w->capkids == 0 ? 1024 : w->capkids * 2;
		w->kids = xreallocarray(w->kids, w->capkids,
		    sizeof(*w->kids));
	}
	w->kids[w->nkids++] = kid;
	return 0;
}

struct store *
store_writer_store(struct store_writer *w)
{
	return w->store;
}

static void
store_writer_bind_text(sqlite3_stmt *st, int col, const char *text)
{
	if (text != NULL)
		sqlite3_bind_text(st, col, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, col);
}

/* Bind and run the node insert; returns 0 or -1. */
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
	return 0;
}

int
store_writer_node(struct store_writer *w, const struct record_node *n,
    char **errp)
{
	struct store_writer_key	*wk;

	wk = store_writer_key(w, n->key);
	if (wk->flags & STORE_WK_NODE) {
		w->duplicates++;
		return 0;
	}
	wk->flags |= STORE_WK_NODE;
	w->nodes++;

	store_writer_put_u8(w, STORE_OP_NODE);
	store_writer_put_i64(w, wk - w->wkeys);
	store_writer_put_i64(w, n->kind);
	store_writer_put_str(w, n->kinds);
	store_writer_put_str(w, n->name != NULL ? n->name : n->key);
	store_writer_put_i64(w, n->life.created_at);
	store_writer_put_i64(w, n->life.last_used_at);
	store_writer_put_i64(w, n->life.last_rotated_at);
	store_writer_put_i64(w, n->life.expires_at);
	store_writer_put_i64(w, n->life.disabled);
	store_writer_put_str(w, n->environment);
	store_writer_put_str(w, n->owner);
	store_writer_put_str(w, n->credential_type);
	store_writer_put_str(w, n->attrs);
	return store_queue_flush(w->queue, errp) == -1 ? -1 : 1;
}

/* Run a node command, in the order store_writer_node() wrote it. */
static int
store_writer_run_node(struct store_writer *w, struct store_writer_cursor *c,
    char **errp)
{
	struct record_node	 n;
	const char		*name;
	int64_t			 kid;

	record_node_init(&n);
	kid = store_writer_kid(w, store_writer_get_i64(c));
	n.kind = (enum kind_node)store_writer_get_i64(c);
	n.kinds = store_writer_get_str(c);
	name = store_writer_get_str(c);
	n.life.created_at = store_writer_get_i64(c);
	n.life.last_used_at = store_writer_get_i64(c);
	n.life.last_rotated_at = store_writer_get_i64(c);
	n.life.expires_at = store_writer_get_i64(c);
	n.life.disabled = (int)store_writer_get_i64(c);
	n.environment = store_writer_get_str(c);
	n.owner = store_writer_get_str(c);
	n.credential_type = store_writer_get_str(c);
	n.attrs = store_writer_get_str(c);
	return store_writer_put_node(w, kid, &n, name, 0, errp);
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
	sqlite3_stmt	*st;
	int		 rc;

	*kind = NULL;
	if (store_writer_sync(w, errp) == -1)
		return -1;
	if (w->kind_get == NULL && store_prepare(w->store, "SELECT n.kind "
	    "FROM node n, nkey k WHERE k.key = ? AND n.kid = k.id AND "
	    "n.missing = 0 AND n.snap IN (SELECT max(id) FROM snapshot WHERE "
	    "source <> '' GROUP BY source) ORDER BY n.snap DESC LIMIT 1",
	    &w->kind_get, errp) == -1)
		return -1;
	st = w->kind_get;
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
	int64_t	 src, dst;

	src = store_writer_endpoint(w, e->src);
	dst = store_writer_endpoint(w, e->dst);
	w->edges++;

	store_writer_put_u8(w, STORE_OP_EDGE);
	store_writer_put_i64(w, src);
	store_writer_put_i64(w, dst);
	store_writer_put_i64(w, e->kind);
	store_writer_put_str(w, e->raw != NULL ? e->raw :
	    kind_edge_name(e->kind));
	store_writer_put_i64(w, e->flags);
	store_writer_put_str(w, e->conditions);
	store_writer_put_str(w, e->attrs);
	return store_queue_flush(w->queue, errp);
}

/* Run an edge command, in the order store_writer_edge() wrote it. */
static int
store_writer_run_edge(struct store_writer *w, struct store_writer_cursor *c,
    char **errp)
{
	sqlite3_stmt	*st = w->edge_put;
	int64_t		 src, dst, id;
	enum kind_edge	 kind;

	src = store_writer_kid(w, store_writer_get_i64(c));
	dst = store_writer_kid(w, store_writer_get_i64(c));
	kind = (enum kind_edge)store_writer_get_i64(c);
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, w->snap);
	sqlite3_bind_int64(st, 2, src);
	sqlite3_bind_int64(st, 3, dst);
	sqlite3_bind_text(st, 4, kind_edge_name(kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, store_writer_get_str(c), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, (int)store_writer_get_i64(c));
	store_writer_bind_text(st, 7, store_writer_get_str(c));
	store_writer_bind_text(st, 8, store_writer_get_str(c));
	if (sqlite3_step(st) != SQLITE_DONE)
		return store_fail(w->store, errp, "add edge");

	id = sqlite3_last_insert_rowid(w->store->db);
	if (w->edges_put++ == 0)
		w->edge_first = id;
	w->edge_last = id;
	return 0;
}

int
store_writer_warning(struct store_writer *w, const char *path,
    const char *message, char **errp)
{
	store_writer_put_u8(w, STORE_OP_WARNING);
	store_writer_put_i64(w, w->warnings++);
	store_writer_put_str(w, path != NULL ? path : "");
	store_writer_put_str(w, message);
	return store_queue_flush(w->queue, errp);
}

static int
store_writer_run_warning(struct store_writer *w,
    struct store_writer_cursor *c, char **errp)
{
	sqlite3_stmt	*st = w->warn_put;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, w->snap);
	sqlite3_bind_int64(st, 2, store_writer_get_i64(c));
	sqlite3_bind_text(st, 3, store_writer_get_str(c), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, store_writer_get_str(c), -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return store_fail(w->store, errp, "add warning");
	return 0;
}

int
store_writer_event(struct store_writer *w, const struct record_event *ev,
    char **errp)
{
	struct store	*s = w->store;
	int64_t		 actor, credential, target;

	if (!store_has_schema(s, 4)) {
		*errp = xasprintf("%s: the case file has no event table; "
		    "open it for writing once to upgrade it", store_path(s));
		return -1;
	}

	/* New keys are sent first: a command must not interrupt another. */
	actor = store_writer_endpoint(w, ev->actor);
	credential = store_writer_endpoint(w, ev->credential);
	target = store_writer_endpoint(w, ev->target);
	store_writer_put_u8(w, STORE_OP_EVENT);
	store_writer_put_i64(w, w->events++);
	store_writer_put_i64(w, ev->at);
	store_writer_put_i64(w, ev->kind);
	store_writer_put_i64(w, actor);
	store_writer_put_i64(w, credential);
	store_writer_put_i64(w, target);
	store_writer_put_str(w, ev->credential_id);
	store_writer_put_str(w, ev->action);
	store_writer_put_str(w, ev->resource);
	store_writer_put_str(w, ev->source_ip);
	store_writer_put_str(w, ev->user_agent);
	store_writer_put_str(w, ev->error_code);
	store_writer_put_str(w, ev->record);
	store_writer_put_str(w, ev->event_id);
	store_writer_put_str(w, ev->attrs);
	return store_queue_flush(w->queue, errp);
}

/* Run an event command, in the order store_writer_event() wrote it. */
static int
store_writer_run_event(struct store_writer *w,
    struct store_writer_cursor *c, char **errp)
{
	struct record_event	 ev;
	int64_t			 seq, kids[3];
	size_t			 i;

	record_event_init(&ev);
	seq = store_writer_get_i64(c);
	ev.at = store_writer_get_i64(c);
	ev.kind = (enum kind_edge)store_writer_get_i64(c);
	for (i = 0; i < 3; i++)
		kids[i] = store_writer_kid(w, store_writer_get_i64(c));
	ev.credential_id = store_writer_get_str(c);
	ev.action = store_writer_get_str(c);
	ev.resource = store_writer_get_str(c);
	ev.source_ip = store_writer_get_str(c);
	ev.user_agent = store_writer_get_str(c);
	ev.error_code = store_writer_get_str(c);
	ev.record = store_writer_get_str(c);
	ev.event_id = store_writer_get_str(c);
	ev.attrs = store_writer_get_str(c);
	return store_event_put(w->store, w->snap, seq, &ev, kids, errp);
}

/* Run the commands of one batch, on the writing thread (or inline). */
static int
store_writer_run(void *ctx, const unsigned char *buf, size_t len,
    char **errp)
{
	struct store_writer		*w = ctx;
	struct store_writer_cursor	 c = { buf, buf + len };
	int				 rc = 0;

	while (rc == 0 && c.p < c.end) {
		switch (*c.p++) {
		case STORE_OP_KEY:
			rc = store_writer_run_key(w, &c, errp);
			break;
		case STORE_OP_NODE:
			rc = store_writer_run_node(w, &c, errp);
			break;
		case STORE_OP_EDGE:
			rc = store_writer_run_edge(w, &c, errp);
			break;
		case STORE_OP_WARNING:
			rc = store_writer_run_warning(w, &c, errp);
			break;
		case STORE_OP_EVENT:
			rc = store_writer_run_event(w, &c, errp);
			break;
		default:
			abort();
		}
	}
	return rc;
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
		if (store_writer_put_node(w, store_writer_kid(w, (int64_t)i),
		    &n, name, 1, errp) == -1)
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

	if (store_writer_sync(w, errp) == -1 ||
	    store_writer_placeholders(w, &placeholders, errp) == -1)
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
