/*
 * Views of a case (see store.h): which snapshot of each source the model,
 * the attributes and the edge details are read from. The current view is
 * the newest snapshot of every source. The other views show the estate
 * as it was at a time, right after an import, one import back, or as an
 * exact set of snapshots. With them two models can be compared, and the
 * interface can open on the past.
 *
 * Every kind of view is one query that returns at most one snapshot per
 * source, ordered by id, as the rest of the store expects.
 */
#include "store.h"
#include "store_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

#define STORE_VIEW_COLUMNS \
	"SELECT id, source, imported_at, edge_first, edge_last FROM snapshot "

/* The query of each kind of view; ?1 is the view's time, id or id list. */
static const char *const store_view_sql[] = {
	[STORE_VIEW_CURRENT] = STORE_VIEW_COLUMNS
	    "WHERE id IN (SELECT max(id) FROM snapshot GROUP BY source) "
	    "ORDER BY id",
	[STORE_VIEW_AS_OF] = STORE_VIEW_COLUMNS
	    "WHERE id IN (SELECT max(id) FROM snapshot WHERE imported_at <= ?1 "
	    "GROUP BY source) ORDER BY id",
	[STORE_VIEW_UPTO] = STORE_VIEW_COLUMNS
	    "WHERE id IN (SELECT max(id) FROM snapshot WHERE id <= ?1 "
	    "GROUP BY source) ORDER BY id",
	[STORE_VIEW_PREVIOUS] = STORE_VIEW_COLUMNS
	    "WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER "
	    "(PARTITION BY source ORDER BY id DESC) AS pos, count(*) OVER "
	    "(PARTITION BY source) AS n FROM snapshot) WHERE pos = 2 OR "
	    "(pos = 1 AND n = 1)) ORDER BY id",
	[STORE_VIEW_IDS] = STORE_VIEW_COLUMNS
	    "WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id",
};

void
store_view_clear(struct store_view *v)
{
	free(v->ids);
	memset(v, 0, sizeof(*v));
	v->kind = STORE_VIEW_CURRENT;
}

/* Copy view src into dst, which must own no ids. */
static void
store_view_copy(struct store_view *dst, const struct store_view *src)
{
	struct store_view	 copy = *src;

	copy.ids = NULL;
	if (src->nids > 0) {
		copy.ids = xreallocarray(NULL, src->nids, sizeof(*copy.ids));
		memcpy(copy.ids, src->ids, src->nids * sizeof(*copy.ids));
	}
	*dst = copy;
}

void
store_get_view(const struct store *s, struct store_view *v)
{
	store_view_copy(v, &s->view);
}

/* Free an array of view snapshots. */
static void
store_view_rows_free(struct store_current *rows, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(rows[i].source);
	free(rows);
}

/* Bind the parameter of view v to statement st. */
static void
store_view_bind(sqlite3_stmt *st, const struct store_view *v)
{
	struct strbuf	 ids;
	size_t		 i;

	switch (v->kind) {
	case STORE_VIEW_AS_OF:
	case STORE_VIEW_UPTO:
		sqlite3_bind_int64(st, 1, v->at);
		break;
	case STORE_VIEW_IDS:
		strbuf_init(&ids);
		strbuf_addch(&ids, '[');
		for (i = 0; i < v->nids; i++)
			strbuf_addf(&ids, "%s%lld", i > 0 ? "," : "",
			    (long long)v->ids[i]);
		strbuf_addch(&ids, ']');
		sqlite3_bind_text(st, 1, ids.buf, (int)ids.len,
		    SQLITE_TRANSIENT);
		strbuf_free(&ids);
		break;
	default:
		break;
	}
}

/*
 * Check that an id list names existing snapshots of distinct sources,
 * given the rows the query found.
 */
static int
store_view_check_ids(struct store *s, const struct store_view *v,
    const struct store_current *rows, size_t n, char **errp)
{
	size_t	 i, j;

	for (i = 0; i < v->nids; i++) {
		for (j = 0; j < n && rows[j].id != v->ids[i]; j++)
			;
		if (j == n) {
			*errp = xasprintf("%s: no snapshot %lld in this case; "
			    "\"trustwalk snapshots\" lists them", s->path,
			    (long long)v->ids[i]);
			return -1;
		}
	}
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			if (strcmp(rows[i].source, rows[j].source) != 0)
				continue;
			*errp = xasprintf("%s: snapshots %lld and %lld are "
			    "both of source %s; a view takes one snapshot of "
			    "each source", s->path, (long long)rows[i].id,
			    (long long)rows[j].id, rows[i].source);
			return -1;
		}
	}
	return 0;
}

/*
 * Read the snapshots of view v into an allocated array. Returns 0, or -1
 * with *errp set.
 */
static int
store_view_read(struct store *s, const struct store_view *v,
    struct store_current **out, size_t *nout, char **errp)
{
	struct store_current	*rows = NULL;
	sqlite3_stmt		*st;
	size_t			 n = 0, cap = 0;
	int			 rc;

	*out = NULL;
	*nout = 0;
	if (store_prepare(s, store_view_sql[v->kind], &st, errp) == -1)
		return -1;
	store_view_bind(st, v);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			rows = xreallocarray(rows, cap, sizeof(*rows));
		}
		rows[n].id = sqlite3_column_int64(st, 0);
		rows[n].source = store_column_dup(st, 1);
		rows[n].imported_at = sqlite3_column_int64(st, 2);
		rows[n].edge_first = sqlite3_column_int64(st, 3);
		rows[n].edge_last = sqlite3_column_int64(st, 4);
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_view_rows_free(rows, n);
		return store_fail(s, errp, "list the snapshots of a view");
	}
	if (v->kind == STORE_VIEW_IDS &&
	    store_view_check_ids(s, v, rows, n, errp) == -1) {
		store_view_rows_free(rows, n);
		return -1;
	}
	*out = rows;
	*nout = n;
	return 0;
}

int
store_view_load(struct store *s, char **errp)
{
	struct store_current	*rows;
	size_t			 n;

	if (store_view_read(s, &s->view, &rows, &n, errp) == -1)
		return -1;
	store_current_free(s);
	/* An empty view is still a loaded one. */
	s->cur = rows != NULL ? rows : xcalloc(1, sizeof(*s->cur));
	s->ncur = n;
	return 0;
}

int
store_set_view(struct store *s, const struct store_view *v, char **errp)
{
	struct store_view	 old;

	old = s->view;
	store_view_copy(&s->view, v);
	store_current_free(s);
	if (store_view_load(s, errp) == -1) {
		store_view_clear(&s->view);
		s->view = old;
		return -1;
	}
	store_view_clear(&old);
	return 0;
}

int
store_view_time(struct store *s, int64_t *out, char **errp)
{
	sqlite3_stmt	*st;
	size_t		 i;
	int		 rc;

	*out = 0;
	if (s->cur == NULL && store_view_load(s, errp) == -1)
		return -1;
	for (i = 0; i < s->ncur; i++) {
		if (s->cur[i].imported_at > *out)
			*out = s->cur[i].imported_at;
	}
	if (s->view.kind != STORE_VIEW_PREVIOUS)
		return 0;

	/*
	 * A source imported once is in the previous view as it is now, so
	 * the view's moment is that of the newest snapshot a later one
	 * replaced, when there is one.
	 */
	if (store_prepare(s, "SELECT max(imported_at) FROM (SELECT imported_at,"
	    " row_number() OVER (PARTITION BY source ORDER BY id DESC) AS pos "
	    "FROM snapshot) WHERE pos = 2", &st, errp) == -1)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, errp, "read snapshot times");
	return 0;
}

/* Parse "3,5,9" into an id list; returns -1 on anything else. */
static int
store_view_parse_ids(const char *text, struct store_view *v)
{
	const char	*p = text;
	char		*end;
	long long	 id;

	v->kind = STORE_VIEW_IDS;
	for (;;) {
		if (*p < '0' || *p > '9')
			return -1;
		errno = 0;
		id = strtoll(p, &end, 10);
		if (errno != 0 || id <= 0)
			return -1;
		v->ids = xreallocarray(v->ids, v->nids + 1, sizeof(*v->ids));
		v->ids[v->nids++] = id;
		if (*end == '\0')
			return 0;
		if (*end != ',')
			return -1;
		p = end + 1;
	}
}

int
store_view_parse(const char *text, struct store_view *v, char **errp)
{
	memset(v, 0, sizeof(*v));
	if (strcmp(text, "current") == 0) {
		v->kind = STORE_VIEW_CURRENT;
		return 0;
	}
	if (strcmp(text, "previous") == 0) {
		v->kind = STORE_VIEW_PREVIOUS;
		return 0;
	}
	if (strspn(text, "0123456789") == strlen(text) && *text != '\0' &&
	    strlen(text) < 19) {
		v->kind = STORE_VIEW_UPTO;
		v->at = strtoll(text, NULL, 10);
		return 0;
	}
	if (strchr(text, ',') != NULL) {
		if (store_view_parse_ids(text, v) == 0)
			return 0;
		store_view_clear(v);
	} else if (tstamp_parse(text, &v->at) == 0) {
		v->kind = STORE_VIEW_AS_OF;
		return 0;
	}
	*errp = xasprintf("\"%s\" is not a view: give current, previous, a "
	    "snapshot id (7), snapshot ids joined by commas (3,5) or an ISO "
	    "8601 time (2026-11-01)", text);
	return -1;
}

const char *
store_view_describe(const struct store_view *v, char *buf, size_t len)
{
	struct strbuf	 sb;
	char		 t[TSTAMP_BUFSZ];
	size_t		 i;

	strbuf_init(&sb);
	switch (v->kind) {
	case STORE_VIEW_CURRENT:
		strbuf_addstr(&sb, "current");
		break;
	case STORE_VIEW_PREVIOUS:
		strbuf_addstr(&sb, "previous");
		break;
	case STORE_VIEW_AS_OF:
		strbuf_addf(&sb, "as of %s", tstamp_format(v->at, t));
		break;
	case STORE_VIEW_UPTO:
		strbuf_addf(&sb, "after snapshot %lld", (long long)v->at);
		break;
	case STORE_VIEW_IDS:
		if (v->nids == 0)
			strbuf_addstr(&sb, "no snapshot");
		else
			strbuf_addstr(&sb, v->nids == 1 ? "snapshot " :
			    "snapshots ");
		for (i = 0; i < v->nids; i++)
			strbuf_addf(&sb, "%s%lld", i > 0 ? "," : "",
			    (long long)v->ids[i]);
		break;
	}
	snprintf(buf, len, "%s", sb.buf != NULL ? sb.buf : "");
	strbuf_free(&sb);
	return buf;
}

/* Return the id of the snapshot of source imported just before snap, or 0. */
static int
store_view_previous_of(struct store *s, int64_t snap, const char *source,
    int64_t *prev, char **errp)
{
	sqlite3_stmt	*st;
	int		 rc;

	*prev = 0;
	if (store_prepare(s, "SELECT max(id) FROM snapshot WHERE source = ?1 "
	    "AND id < ?2", &st, errp) == -1)
		return -1;
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, snap);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*prev = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, errp, "find the previous snapshot");
	return 0;
}

int
store_view_around(struct store *s, int64_t snap, struct store_view *a,
    struct store_view *b, char **errp)
{
	struct store_view	 upto;
	struct store_current	*rows;
	size_t			 n, i;
	int64_t			 prev = 0;
	int			 found = 0;

	memset(&upto, 0, sizeof(upto));
	upto.kind = STORE_VIEW_UPTO;
	upto.at = snap;
	if (store_view_read(s, &upto, &rows, &n, errp) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (rows[i].id == snap) {
			found = 1;
			if (store_view_previous_of(s, snap, rows[i].source,
			    &prev, errp) == -1)
				goto fail;
		}
	}
	if (!found) {
		*errp = xasprintf("%s: no snapshot %lld in this case; "
		    "\"trustwalk snapshots\" lists them", s->path,
		    (long long)snap);
		goto fail;
	}

	memset(a, 0, sizeof(*a));
	a->kind = STORE_VIEW_IDS;
	a->ids = xreallocarray(NULL, n + 1, sizeof(*a->ids));
	for (i = 0; i < n; i++) {
		if (rows[i].id != snap)
			a->ids[a->nids++] = rows[i].id;
		else if (prev != 0)
			a->ids[a->nids++] = prev;
	}
	memset(b, 0, sizeof(*b));
	b->kind = STORE_VIEW_UPTO;
	b->at = snap;
	store_view_rows_free(rows, n);
	return 0;

fail:
	store_view_rows_free(rows, n);
	return -1;
}
