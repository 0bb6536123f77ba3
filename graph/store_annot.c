/*
 * Notes, tags, review states and the acceptance of findings in the case
 * file (see store_annot.h). The tables come with schema versions 2 and 3
 * (store_migrate.c). Each write is
 * one statement, so it commits on its own unless the caller has opened a
 * transaction with store_begin().
 */
#include "store.h"
#include "store_annot.h"
#include "store_int.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "annot.h"
#include "tstamp.h"
#include "xalloc.h"

/* Reject a write on a read-only store with a message naming the fix. */
static int
store_annot_writable(struct store *s, char **errp)
{
	if (s->read_only) {
		*errp = xasprintf("%s: the case is open read-only; drop "
		    "--read-only to change it", s->path);
		return -1;
	}
	return 0;
}

/* Run a prepared write; returns the rows changed, or -1. */
static int
store_annot_step(struct store *s, sqlite3_stmt *st, const char *what,
    char **errp)
{
	int	 rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, errp, what);
	return sqlite3_changes(s->db);
}

static void
store_annot_bind_text(sqlite3_stmt *st, int col, const char *text)
{
	if (text != NULL)
		sqlite3_bind_text(st, col, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, col);
}

int
store_annot_kid(struct store *s, const char *key, int64_t *kid, char **errp)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (store_prepare(s, "SELECT id FROM nkey WHERE key = ?", &st,
	    errp) == -1)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*kid = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, errp, "look up key");
	return rc == SQLITE_ROW;
}

int
store_annot_kid_make(struct store *s, const char *key, int64_t *kid,
    char **errp)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_annot_kid(s, key, kid, errp)) != 0)
		return rc == 1 ? 0 : -1;
	if (store_annot_writable(s, errp) == -1)
		return -1;
	if (store_prepare(s, "INSERT INTO nkey (key) VALUES (?)", &st,
	    errp) == -1)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (store_annot_step(s, st, "add key", errp) == -1)
		return -1;
	*kid = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_annot_note_add(struct store *s, int64_t kid, const char *author,
    int64_t at, const char *text, char **errp)
{
	sqlite3_stmt	*st;

	assert(kid >= 0);	/* see store_annot_kid_make() */
	if (store_annot_writable(s, errp) == -1)
		return -1;
	if (*text == '\0' || strlen(text) > ANNOT_NOTE_MAX) {
		*errp = xasprintf("a note has 1 to %d bytes of text",
		    ANNOT_NOTE_MAX);
		return -1;
	}
	if (store_prepare(s, "INSERT INTO note (kid, created_at, author, text) "
	    "VALUES (?, ?, ?, ?)", &st, errp) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, kid);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_text(st, 3, author, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
	return store_annot_step(s, st, "add note", errp) == -1 ? -1 : 0;
}

int
store_annot_notes(struct store *s, int64_t kid, store_note_fn fn, void *ctx,
    char **errp)
{
	struct store_note_row	 row;
	sqlite3_stmt		*st;
	int			 rc, stop = 0;

	if (!store_has_schema(s, 2))
		return 0;
	if (store_prepare(s, "SELECT id, kid, created_at, author, text FROM "
	    "note WHERE kid >= 0 AND (?1 < 0 OR kid = ?1) ORDER BY id", &st,
	    errp) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, kid);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		row.id = sqlite3_column_int64(st, 0);
		row.kid = sqlite3_column_int64(st, 1);
		row.created_at = sqlite3_column_int64(st, 2);
		row.author = (const char *)sqlite3_column_text(st, 3);
		row.text = (const char *)sqlite3_column_text(st, 4);
		if (fn(ctx, &row) != 0)
			stop = 1;
	}
	sqlite3_finalize(st);
	if (stop)
		return -1;
	if (rc != SQLITE_DONE)
		return store_fail(s, errp, "read notes");
	return 0;
}

int
store_annot_tag_add(struct store *s, int64_t kid, const char *tag,
    const char *author, int64_t at, char **errp)
{
	sqlite3_stmt	*st;

	assert(kid >= 0);	/* see store_annot_kid_make() */
	if (store_annot_writable(s, errp) == -1 ||
	    annot_tag_check(tag, errp) == -1)
		return -1;
	if (store_prepare(s, "INSERT OR IGNORE INTO tag (kid, tag, created_at, "
	    "author) VALUES (?, ?, ?, ?)", &st, errp) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, kid);
	sqlite3_bind_text(st, 2, tag, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, at);
	sqlite3_bind_text(st, 4, author, -1, SQLITE_STATIC);
	return store_annot_step(s, st, "add tag", errp);
}

int
store_annot_tag_remove(struct store *s, int64_t kid, const char *tag,
    char **errp)
{
	sqlite3_stmt	*st;

	assert(kid >= 0);	/* see store_annot_kid_make() */
	if (store_annot_writable(s, errp) == -1)
		return -1;
	if (store_prepare(s, "DELETE FROM tag WHERE kid = ? AND tag = ?", &st,
	    errp) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, kid);
	sqlite3_bind_text(st, 2, tag, -1, SQLITE_STATIC);
	return store_annot_step(s, st, "remove tag", errp);
}

int
store_annot_tags(struct store *s, int64_t kid, store_tag_fn fn, void *ctx,
    char **errp)
{
	struct store_tag_row	 row;
	sqlite3_stmt		*st;
	int			 rc, stop = 0;

	if (!store_has_schema(s, 2))
		return 0;
	if (store_prepare(s, "SELECT kid, tag, created_at, author FROM tag "
	    "WHERE kid >= 0 AND (?1 < 0 OR kid = ?1) ORDER BY kid, tag", &st,
	    errp) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, kid);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		row.kid = sqlite3_column_int64(st, 0);
		row.tag = (const char *)sqlite3_column_text(st, 1);
		row.created_at = sqlite3_column_int64(st, 2);
		row.author = (const char *)sqlite3_column_text(st, 3);
		if (fn(ctx, &row) != 0)
			stop = 1;
	}
	sqlite3_finalize(st);
	if (stop)
		return -1;
	if (rc != SQLITE_DONE)
		return store_fail(s, errp, "read tags");
	return 0;
}

int
store_annot_tagged(struct store *s, const char *tag, int64_t **kids,
    size_t *n, char **errp)
{
	sqlite3_stmt	*st;
	size_t		 cap = 0;
	int		 rc;

	*kids = NULL;
	*n = 0;
	if (!store_has_schema(s, 2))
		return 0;
	if (store_prepare(s, "SELECT kid FROM tag WHERE tag = ? AND kid >= 0 "
	    "ORDER BY kid",
	    &st, errp) == -1)
		return -1;
	sqlite3_bind_text(st, 1, tag, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			*kids = xreallocarray(*kids, cap, sizeof(**kids));
		}
		(*kids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(*kids);
		*kids = NULL;
		*n = 0;
		return store_fail(s, errp, "read tags");
	}
	return 0;
}

/* Check a review state and its reason before writing it. */
static int
store_annot_review_check(const char *state, const char *reason,
    char **errp)
{
	int	 r = annot_review_parse(state);

	if (r == -1) {
		*errp = xasprintf("unknown review state \"%s\"; states are "
		    "reviewed, accepted_risk, to_revoke and none", state);
		return -1;
	}
	if (r == ANNOT_REVIEW_ACCEPTED_RISK &&
	    (reason == NULL || *reason == '\0')) {
		*errp = xstrdup("accepted_risk needs a reason; give it with "
		    "--reason");
		return -1;
	}
	if (reason != NULL && strlen(reason) > ANNOT_REASON_MAX) {
		*errp = xasprintf("a review reason has at most %d bytes",
		    ANNOT_REASON_MAX);
		return -1;
	}
	return r;
}

int
store_annot_review_set(struct store *s, int64_t kid, const char *state,
    const char *reason, int64_t until, const char *author, int64_t at,
    char **errp)
{
	sqlite3_stmt	*st;
	int		 r;

	assert(kid >= 0);	/* see store_annot_kid_make() */
	if (store_annot_writable(s, errp) == -1 ||
	    (r = store_annot_review_check(state, reason, errp)) == -1)
		return -1;
	if (r == ANNOT_REVIEW_NONE) {
		if (store_prepare(s, "DELETE FROM review WHERE kid = ?", &st,
		    errp) == -1)
			return -1;
		sqlite3_bind_int64(st, 1, kid);
		return store_annot_step(s, st, "clear review", errp) == -1 ?
		    -1 : 0;
	}
	if (store_prepare(s, "INSERT OR REPLACE INTO review (kid, state, "
	    "reason, until, updated_at, author) VALUES (?, ?, ?, ?, ?, ?)",
	    &st, errp) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, kid);
	sqlite3_bind_text(st, 2, annot_review_name(r), -1, SQLITE_STATIC);
	store_annot_bind_text(st, 3, reason != NULL && *reason != '\0' ?
	    reason : NULL);
	if (tstamp_is_set(until))
		sqlite3_bind_int64(st, 4, until);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_int64(st, 5, at);
	sqlite3_bind_text(st, 6, author, -1, SQLITE_STATIC);
	return store_annot_step(s, st, "set review", errp) == -1 ? -1 : 0;
}

int
store_annot_reviews(struct store *s, int64_t kid, store_review_fn fn,
    void *ctx, char **errp)
{
	struct store_review_row	 row;
	sqlite3_stmt		*st;
	int			 rc, stop = 0;

	if (!store_has_schema(s, 2))
		return 0;
	if (store_prepare(s, "SELECT kid, state, reason, until, updated_at, "
	    "author FROM review WHERE kid >= 0 AND (?1 < 0 OR kid = ?1) "
	    "ORDER BY kid", &st,
	    errp) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, kid);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		row.kid = sqlite3_column_int64(st, 0);
		row.state = (const char *)sqlite3_column_text(st, 1);
		row.reason = (const char *)sqlite3_column_text(st, 2);
		row.until = sqlite3_column_type(st, 3) == SQLITE_NULL ?
		    TSTAMP_UNKNOWN : sqlite3_column_int64(st, 3);
		row.updated_at = sqlite3_column_int64(st, 4);
		row.author = (const char *)sqlite3_column_text(st, 5);
		if (fn(ctx, &row) != 0)
			stop = 1;
	}
	sqlite3_finalize(st);
	if (stop)
		return -1;
	if (rc != SQLITE_DONE)
		return store_fail(s, errp, "read review states");
	return 0;
}

/* Check a rule id and the reason of an acceptance before writing it. */
static int
store_annot_accept_check(const char *rule, const char *reason, char **errp)
{
	size_t	 len = strlen(rule);

	if (len == 0 || len > ANNOT_TAG_MAX ||
	    strspn(rule, "abcdefghijklmnopqrstuvwxyz0123456789-") != len) {
		*errp = xasprintf("invalid rule id \"%s\": a rule id has "
		    "lower-case letters, digits and '-'", rule);
		return -1;
	}
	if (reason == NULL || *reason == '\0') {
		*errp = xstrdup("accepting a finding needs a reason; give it "
		    "with --reason");
		return -1;
	}
	if (strlen(reason) > ANNOT_REASON_MAX) {
		*errp = xasprintf("a reason has at most %d bytes",
		    ANNOT_REASON_MAX);
		return -1;
	}
	return 0;
}

/* Reject a write to a case file too old to hold acceptances. */
static int
store_annot_has_acceptance(struct store *s, char **errp)
{
	if (store_has_schema(s, 3))
		return 0;
	*errp = xasprintf("%s: the case file is from an older trustwalk; "
	    "open it once without --read-only to upgrade it", s->path);
	return -1;
}

int
store_annot_accept(struct store *s, const char *rule, int64_t kid,
    const char *reason, int64_t until, const char *author, int64_t at,
    char **errp)
{
	sqlite3_stmt	*st;

	assert(kid >= 0);	/* see store_annot_kid_make() */
	if (store_annot_writable(s, errp) == -1 ||
	    store_annot_has_acceptance(s, errp) == -1 ||
	    store_annot_accept_check(rule, reason, errp) == -1)
		return -1;
	if (store_prepare(s, "INSERT OR REPLACE INTO acceptance (rule, kid, "
	    "reason, until, updated_at, author) VALUES (?, ?, ?, ?, ?, ?)",
	    &st, errp) == -1)
		return -1;
	sqlite3_bind_text(st, 1, rule, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, kid);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
	if (tstamp_is_set(until))
		sqlite3_bind_int64(st, 4, until);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_int64(st, 5, at);
	sqlite3_bind_text(st, 6, author, -1, SQLITE_STATIC);
	return store_annot_step(s, st, "accept finding", errp) == -1 ? -1 : 0;
}

int
store_annot_unaccept(struct store *s, const char *rule, int64_t kid,
    char **errp)
{
	sqlite3_stmt	*st;

	assert(kid >= 0);	/* see store_annot_kid_make() */
	if (store_annot_writable(s, errp) == -1 ||
	    store_annot_has_acceptance(s, errp) == -1)
		return -1;
	if (store_prepare(s, "DELETE FROM acceptance WHERE rule = ? AND "
	    "kid = ?", &st, errp) == -1)
		return -1;
	sqlite3_bind_text(st, 1, rule, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, kid);
	return store_annot_step(s, st, "withdraw acceptance", errp);
}

int
store_annot_acceptances(struct store *s, store_acceptance_fn fn, void *ctx,
    char **errp)
{
	struct store_acceptance_row	 row;
	sqlite3_stmt			*st;
	int				 rc, stop = 0;

	if (!store_has_schema(s, 3))
		return 0;
	if (store_prepare(s, "SELECT a.rule, a.kid, k.key, a.reason, a.until, "
	    "a.updated_at, a.author FROM acceptance a JOIN nkey k ON "
	    "k.id = a.kid ORDER BY a.rule, k.key", &st, errp) == -1)
		return -1;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		row.rule = (const char *)sqlite3_column_text(st, 0);
		row.kid = sqlite3_column_int64(st, 1);
		row.key = (const char *)sqlite3_column_text(st, 2);
		row.reason = (const char *)sqlite3_column_text(st, 3);
		row.until = sqlite3_column_type(st, 4) == SQLITE_NULL ?
		    TSTAMP_UNKNOWN : sqlite3_column_int64(st, 4);
		row.updated_at = sqlite3_column_int64(st, 5);
		row.author = (const char *)sqlite3_column_text(st, 6);
		if (fn(ctx, &row) != 0)
			stop = 1;
	}
	sqlite3_finalize(st);
	if (stop)
		return -1;
	if (rc != SQLITE_DONE)
		return store_fail(s, errp, "read acceptances");
	return 0;
}
