/*
 * Usage evidence in the case file (see store.h): the event table that
 * schema version 4 adds, written by an import and read through the view.
 *
 * An event belongs to the snapshot of the import that read it, so the
 * view picks evidence exactly as it picks nodes: every evidence file is
 * a source of its own, and importing the same file again replaces its
 * events. Queries name the view's snapshots as a JSON array bound to one
 * parameter, so that one statement returns the events of all of them in
 * time order.
 */
#include "store.h"
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

/* The columns store_scan_events() reads, in store_event_row order. */
#define STORE_EVENT_COLUMNS \
	"e.snap, e.seq, e.at, e.kind, e.actor, ifnull(e.credential, 0), " \
	"ifnull(e.target, 0), e.credential_id, e.action, e.resource, " \
	"e.source_ip, e.user_agent, e.error_code, e.record, e.event_id, " \
	"e.attrs, s.input"

/*
 * Events at a set time, as SQL: an analyzer that says "never used" gives
 * an event at TSTAMP_NEVER, which no window, figure or last use counts.
 */
#define STORE_EVENT_TIMED	"at > -9223372036854775806"
_Static_assert(TSTAMP_NA == -9223372036854775807LL - 1 + 2,
    "STORE_EVENT_TIMED must match TSTAMP_NA");

/* The view's snapshot ids as a JSON array, for json_each(). */
static char *
store_event_snaps(struct store *s)
{
	struct strbuf	 sb;
	size_t		 i;

	strbuf_init(&sb);
	strbuf_addch(&sb, '[');
	for (i = 0; i < s->ncur; i++)
		strbuf_addf(&sb, "%s%lld", i > 0 ? "," : "",
		    (long long)s->cur[i].id);
	strbuf_addch(&sb, ']');
	return strbuf_detach(&sb);
}

static void
store_event_bind_text(sqlite3_stmt *st, int col, const char *text)
{
	if (text != NULL)
		sqlite3_bind_text(st, col, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, col);
}

/* Bind a key id to col, or NULL for 0 (no key). */
static void
store_event_bind_kid(sqlite3_stmt *st, int col, int64_t kid)
{
	if (kid == 0)
		sqlite3_bind_null(st, col);
	else
		sqlite3_bind_int64(st, col, kid);
}

int
store_event_put(struct store *s, int64_t snap, int64_t seq,
    const struct record_event *ev, const int64_t kids[3], char **errp)
{
	sqlite3_stmt	*st;

	if (s->event_put == NULL && store_prepare(s, "INSERT INTO event "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    &s->event_put, errp) == -1)
		return -1;
	st = s->event_put;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	sqlite3_bind_int64(st, 1, snap);
	sqlite3_bind_int64(st, 2, seq);
	sqlite3_bind_int64(st, 3, ev->at);
	sqlite3_bind_text(st, 4, kind_edge_name(ev->kind), -1, SQLITE_STATIC);
	store_event_bind_kid(st, 5, kids[0]);
	store_event_bind_kid(st, 6, kids[1]);
	store_event_bind_kid(st, 7, kids[2]);
	store_event_bind_text(st, 8, ev->credential_id);
	store_event_bind_text(st, 9, ev->action);
	store_event_bind_text(st, 10, ev->resource);
	store_event_bind_text(st, 11, ev->source_ip);
	store_event_bind_text(st, 12, ev->user_agent);
	store_event_bind_text(st, 13, ev->error_code);
	store_event_bind_text(st, 14, ev->record);
	store_event_bind_text(st, 15, ev->event_id);
	store_event_bind_text(st, 16, ev->attrs);
	if (sqlite3_step(st) != SQLITE_DONE)
		return store_fail(s, errp, "add event");
	return 0;
}

/*
 * NOTE: the attribute is not indexed, so each call scans the nodes of the
 * current view; importers call it once per distinct value.
 */
int
store_writer_find_attr(struct store_writer *w, const char *name,
    const char *value, char **key, char **errp)
{
	struct store	*s = store_writer_store(w);
	sqlite3_stmt	*st = NULL;
	int		 rc, ret = -1;

	*key = NULL;
	if (store_writer_sync(w, errp) == -1)
		return -1;
	if (store_prepare(s, "SELECT k.key FROM node n, nkey k WHERE "
	    "n.attrs IS NOT NULL AND n.missing = 0 AND k.id = n.kid AND "
	    "json_extract(n.attrs, '$.\"' || ?1 || '\"') = ?2 AND n.snap IN "
	    "(SELECT max(id) FROM snapshot WHERE source <> '' GROUP BY "
	    "source) ORDER BY n.snap DESC LIMIT 1", &st, errp) == -1)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*key = store_column_dup(st, 0);
		ret = 1;
	} else if (rc == SQLITE_DONE)
		ret = 0;
	else
		store_fail(s, errp, "look up a node by attribute");
	sqlite3_finalize(st);
	return ret;
}

static const char *
store_event_text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/* Fill row from the current result of a STORE_EVENT_COLUMNS query. */
static void
store_event_row_read(sqlite3_stmt *st, struct store_event_row *row)
{
	row->snapshot = sqlite3_column_int64(st, 0);
	row->seq = sqlite3_column_int64(st, 1);
	row->at = sqlite3_column_int64(st, 2);
	row->kind = store_event_text(st, 3);
	row->actor = sqlite3_column_int64(st, 4);
	row->credential = sqlite3_column_int64(st, 5);
	row->target = sqlite3_column_int64(st, 6);
	row->credential_id = store_event_text(st, 7);
	row->action = store_event_text(st, 8);
	row->resource = store_event_text(st, 9);
	row->source_ip = store_event_text(st, 10);
	row->user_agent = store_event_text(st, 11);
	row->error_code = store_event_text(st, 12);
	row->record = store_event_text(st, 13);
	row->event_id = store_event_text(st, 14);
	row->attrs = store_event_text(st, 15);
	row->input = store_event_text(st, 16);
}

int
store_scan_events(struct store *s, const struct store_event_query *q,
    store_event_fn fn, void *ctx, char **errp)
{
	struct store_event_row	 row;
	sqlite3_stmt		*st = NULL;
	char			*snaps = NULL;
	int			 rc, stop = 0, ret = -1;

	if (!store_has_schema(s, 4))
		return 0;
	if (store_current(s, errp) == -1)
		return -1;
	if (store_prepare(s, "SELECT " STORE_EVENT_COLUMNS " FROM event e, "
	    "snapshot s WHERE e.snap IN (SELECT value FROM json_each(?1)) "
	    "AND s.id = e.snap AND (?2 = 0 OR e.actor = ?2 OR "
	    "e.credential = ?2 OR e.target = ?2) AND (?3 = 0 OR e.at >= ?3) "
	    "AND (?4 = 0 OR e.at <= ?4) ORDER BY e.at, e.snap, e.seq", &st,
	    errp) == -1)
		goto out;
	snaps = store_event_snaps(s);
	sqlite3_bind_text(st, 1, snaps, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, q != NULL ? q->kid : 0);
	sqlite3_bind_int64(st, 3, q != NULL ? q->since : 0);
	sqlite3_bind_int64(st, 4, q != NULL ? q->until : 0);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_event_row_read(st, &row);
		if (fn(ctx, &row) != 0)
			stop = 1;
	}
	if (!stop && rc != SQLITE_DONE) {
		store_fail(s, errp, "read events");
		goto out;
	}
	ret = stop ? -1 : 0;
out:
	sqlite3_finalize(st);
	free(snaps);
	return ret;
}

int
store_event_window(struct store *s, struct store_event_window *w,
    char **errp)
{
	sqlite3_stmt	*st = NULL;
	char		*snaps = NULL;
	int		 ret = -1;

	memset(w, 0, sizeof(*w));
	if (!store_has_schema(s, 4))
		return 0;
	if (store_current(s, errp) == -1)
		return -1;
	if (store_prepare(s, "SELECT ifnull(min(at), 0), ifnull(max(at), 0), "
	    "count(*) FROM event WHERE snap IN (SELECT value FROM "
	    "json_each(?1)) AND " STORE_EVENT_TIMED " AND (attrs IS NULL OR "
	    "json_extract(attrs, '$.unused') IS NULL)", &st, errp) == -1)
		goto out;
	snaps = store_event_snaps(s);
	sqlite3_bind_text(st, 1, snaps, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_fail(s, errp, "read the evidence window");
		goto out;
	}
	w->first = sqlite3_column_int64(st, 0);
	w->last = sqlite3_column_int64(st, 1);
	w->count = sqlite3_column_int64(st, 2);
	ret = 0;
out:
	sqlite3_finalize(st);
	free(snaps);
	return ret;
}

int
store_event_last_seen(struct store *s, store_seen_fn fn, void *ctx,
    char **errp)
{
	sqlite3_stmt	*st = NULL;
	char		*snaps = NULL;
	int		 rc, stop = 0, ret = -1;

	if (!store_has_schema(s, 4))
		return 0;
	if (store_current(s, errp) == -1)
		return -1;
	if (store_prepare(s, "SELECT kid, max(at) FROM (SELECT actor AS kid, "
	    "at FROM event WHERE snap IN (SELECT value FROM json_each(?1)) "
	    "AND error_code IS NULL AND " STORE_EVENT_TIMED " UNION ALL "
	    "SELECT credential, at FROM event WHERE snap IN (SELECT value "
	    "FROM json_each(?1)) AND error_code IS NULL AND credential IS "
	    "NOT NULL AND "
	    STORE_EVENT_TIMED ") GROUP BY kid",
	    &st, errp) == -1)
		goto out;
	snaps = store_event_snaps(s);
	sqlite3_bind_text(st, 1, snaps, -1, SQLITE_STATIC);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (fn(ctx, sqlite3_column_int64(st, 0),
		    sqlite3_column_int64(st, 1)) != 0)
			stop = 1;
	}
	if (!stop && rc != SQLITE_DONE) {
		store_fail(s, errp, "read the last use of nodes");
		goto out;
	}
	ret = stop ? -1 : 0;
out:
	sqlite3_finalize(st);
	free(snaps);
	return ret;
}

int
store_event_stats(struct store *s, enum kind_edge kind, int64_t src,
    int64_t dst, struct store_event_stats *out, char **errp)
{
	sqlite3_stmt	*st = NULL;
	char		*snaps = NULL;
	int		 ret = -1;

	memset(out, 0, sizeof(*out));
	if (!store_has_schema(s, 4) || !kind_edge_is_observed(kind))
		return 0;
	if (store_current(s, errp) == -1)
		return -1;
	if (store_prepare(s, "SELECT ifnull(min(at), 0), ifnull(max(at), 0), "
	    "count(*), count(error_code) FROM event WHERE snap IN (SELECT "
	    "value FROM json_each(?1)) AND " STORE_EVENT_TIMED " AND "
	    "CASE WHEN ?2 = 'used' THEN credential = ?3 AND actor = ?4 "
	    "ELSE kind = ?2 AND actor = ?3 AND target = ?4 END", &st, errp) == -1)
		goto out;
	snaps = store_event_snaps(s);
	sqlite3_bind_text(st, 1, snaps, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind_edge_name(kind), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, src);
	sqlite3_bind_int64(st, 4, dst);
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_fail(s, errp, "read the evidence of an edge");
		goto out;
	}
	out->first = sqlite3_column_int64(st, 0);
	out->last = sqlite3_column_int64(st, 1);
	out->count = sqlite3_column_int64(st, 2);
	out->errors = sqlite3_column_int64(st, 3);
	ret = 0;
out:
	sqlite3_finalize(st);
	free(snaps);
	return ret;
}
