/*
 * Tests of the case file beyond imports, on real SQLite files. They cover
 * the upgrade of a version-1 case made by an earlier trustwalk, views of
 * past snapshots (as of a time, after an import, previous, exact ids),
 * notes, tags and review states with expiry, the journal, and the
 * credential lifecycle rules.
 */
#include "testutil.h"

#include <sys/stat.h>

#include <sqlite3.h>

#include "annot.h"
#include "lifecycle.h"
#include "model.h"
#include "store.h"
#include "store_annot.h"
#include "store_journal.h"
#include "tstamp.h"

#define DAY	86400
#define T1	1793491200	/* 2026-11-01T00:00:00Z */
#define T2	1796083200	/* 2026-12-01T00:00:00Z */

struct fixture {
	char	*dir;
	char	*path;
};

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));

	f->dir = testutil_tmpdir();
	if (asprintf(&f->path, "%s/case.db", f->dir) == -1)
		abort();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	testutil_rmtree(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* Write a snapshot of source with one service account per key. */
static int64_t
write_snapshot(struct store *s, const char *source, int64_t imported_at,
    const char *const *keys, size_t nkeys)
{
	struct store_writer		*w;
	struct store_import_info	 info;
	struct store_import_counts	 counts;
	struct record_node		 n;
	char				*err = NULL;
	size_t				 i;

	assert_int_equal(store_writer_begin(s, &w, &err), 0);
	for (i = 0; i < nkeys; i++) {
		record_node_init(&n);
		n.key = keys[i];
		n.kind = KIND_NODE_SERVICE_ACCOUNT;
		n.kinds = "ServiceAccount";
		n.name = keys[i];
		assert_int_equal(store_writer_node(w, &n, &err), 1);
	}
	memset(&info, 0, sizeof(info));
	info.source = source;
	info.format = "test";
	info.input = "fixture";
	info.imported_at = imported_at;
	assert_int_equal(store_writer_commit(w, &info, &counts, &err), 0);
	return counts.snapshot;
}

/* Read an integer with the sqlite3 library directly, not the store. */
static int64_t
sql_int(const char *path, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	int64_t		 v = -1;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* Copy the version-1 case fixture to f->path with mode 0600. */
static void
copy_v1_fixture(const struct fixture *f)
{
	char	*cmd;

	if (asprintf(&cmd, "cp '%s/tests/fixtures/case/schema-v1.db' '%s'",
	    testutil_root(), f->path) == -1)
		abort();
	assert_int_equal(system(cmd), 0);
	free(cmd);
	assert_int_equal(chmod(f->path, 0600), 0);
}

/* Write the ids of the snapshots in view v into buf, as "1,2". */
static void
view_ids(struct store *s, const struct store_view *v, char *buf, size_t len)
{
	struct store_snapshot	*snaps;
	char			*err = NULL;
	size_t			 n, i, at = 0;

	assert_int_equal(store_set_view(s, v, &err), 0);
	assert_int_equal(store_snapshots(s, &snaps, &n, &err), 0);
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (snaps[i].current)
			at += (size_t)snprintf(buf + at, len - at, "%s%lld",
			    at > 0 ? "," : "", (long long)snaps[i].id);
	}
	store_snapshots_free(snaps, n);
}

static void
migrate_v1_read_only_keeps_file(void **state)
{
	struct fixture	*f = *state;
	struct store	*s;
	struct annot	*a;
	char		*err = NULL;

	copy_v1_fixture(f);
	assert_int_equal(sql_int(f->path, "PRAGMA user_version"), 1);
	assert_int_equal(store_open(f->path, STORE_READ_ONLY, &s, &err), 0);
	assert_int_equal(store_has_schema(s, 2), 0);
	assert_int_equal(annot_load(s, &a, &err), 0);
	assert_int_equal(annot_count(a), 0);
	annot_free(a);
	store_close(s);
	assert_int_equal(sql_int(f->path, "PRAGMA user_version"), 1);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sqlite_schema "
	    "WHERE name = 'note'"), 0);
}

static void
migrate_v1_upgrades_in_place(void **state)
{
	struct fixture	*f = *state;
	struct store	*s;
	struct model	*m;
	char		*err = NULL;
	int64_t		 v;

	copy_v1_fixture(f);
	assert_int_equal(store_open(f->path, 0, &s, &err), 0);
	assert_int_equal(store_has_schema(s, 2), 1);
	assert_int_equal(store_has_schema(s, 3), 1);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sqlite_schema "
	    "WHERE name = 'acceptance'"), 1);
	assert_int_equal(model_load(s, &m, &err), 0);
	assert_int_equal(m->nnodes, 11);
	v = model_find(m, "github:U_alice");
	assert_true(v >= 0);
	assert_int_equal(store_annot_note_add(s, m->kid[v], "tester", T1,
	    "seen in the upgrade test", &err), 0);
	model_free(m);
	store_close(s);
	assert_int_equal(sql_int(f->path, "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM note"), 1);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM snapshot"), 1);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM journal"), 0);
}

static void
new_case_has_latest_schema(void **state)
{
	struct fixture	*f = *state;
	struct store	*s;
	char		*err = NULL;

	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &err), 0);
	assert_int_equal(store_has_schema(s, STORE_SCHEMA_VERSION), 1);
	store_close(s);
	assert_int_equal(sql_int(f->path, "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sqlite_schema "
	    "WHERE name IN ('note', 'tag', 'review', 'journal')"), 4);
}

/* Snapshots 1 (a, T1), 2 (b, T1), 3 (a, T2). */
static struct store *
open_three_snapshots(const struct fixture *f)
{
	static const char *const	 old_a[] = { "t:a1", "t:gone" };
	static const char *const	 b[] = { "t:b1" };
	static const char *const	 new_a[] = { "t:a1", "t:a2" };
	struct store			*s;
	char				*err = NULL;

	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &err), 0);
	assert_int_equal(write_snapshot(s, "src:a", T1, old_a, 2), 1);
	assert_int_equal(write_snapshot(s, "src:b", T1, b, 1), 2);
	assert_int_equal(write_snapshot(s, "src:a", T2, new_a, 2), 3);
	return s;
}

static void
view_kinds_pick_snapshots(void **state)
{
	struct store		*s = open_three_snapshots(*state);
	struct store_view	 v;
	char			 ids[64];

	memset(&v, 0, sizeof(v));
	v.kind = STORE_VIEW_CURRENT;
	view_ids(s, &v, ids, sizeof(ids));
	assert_string_equal(ids, "2,3");
	v.kind = STORE_VIEW_PREVIOUS;
	view_ids(s, &v, ids, sizeof(ids));
	assert_string_equal(ids, "1,2");
	v.kind = STORE_VIEW_AS_OF;
	v.at = T1 + DAY;
	view_ids(s, &v, ids, sizeof(ids));
	assert_string_equal(ids, "1,2");
	v.at = T2;
	view_ids(s, &v, ids, sizeof(ids));
	assert_string_equal(ids, "2,3");
	v.at = T1 - 1;
	view_ids(s, &v, ids, sizeof(ids));
	assert_string_equal(ids, "");
	v.kind = STORE_VIEW_UPTO;
	v.at = 2;
	view_ids(s, &v, ids, sizeof(ids));
	assert_string_equal(ids, "1,2");
	store_close(s);
}

static void
view_ids_checks_snapshots(void **state)
{
	struct store		*s = open_three_snapshots(*state);
	struct store_view	 v;
	char			*err = NULL, ids[64];

	assert_int_equal(store_view_parse("1,2", &v, &err), 0);
	view_ids(s, &v, ids, sizeof(ids));
	assert_string_equal(ids, "1,2");
	store_view_clear(&v);

	/* Two snapshots of one source make no view; the old one stays. */
	assert_int_equal(store_view_parse("1,3", &v, &err), 0);
	assert_int_equal(store_set_view(s, &v, &err), -1);
	assert_non_null(strstr(err, "both of source src:a"));
	free(err);
	err = NULL;
	store_view_clear(&v);
	assert_int_equal(store_view_parse("9", &v, &err), 0);
	assert_int_equal(v.kind, STORE_VIEW_UPTO);
	assert_int_equal(store_view_parse("2,9", &v, &err), 0);
	assert_int_equal(store_set_view(s, &v, &err), -1);
	assert_non_null(strstr(err, "no snapshot 9"));
	free(err);
	store_view_clear(&v);
	store_close(s);
}

static void
view_parse_forms(void **state)
{
	struct store_view	 v;
	char			*err = NULL, words[64];

	(void)state;
	assert_int_equal(store_view_parse("previous", &v, &err), 0);
	assert_int_equal(v.kind, STORE_VIEW_PREVIOUS);
	assert_int_equal(store_view_parse("current", &v, &err), 0);
	assert_int_equal(v.kind, STORE_VIEW_CURRENT);
	assert_int_equal(store_view_parse("2026-11-01", &v, &err), 0);
	assert_int_equal(v.kind, STORE_VIEW_AS_OF);
	assert_int_equal(v.at, T1);
	assert_string_equal(store_view_describe(&v, words, sizeof(words)),
	    "as of 2026-11-01T00:00:00Z");
	assert_int_equal(store_view_parse("yesterday", &v, &err), -1);
	assert_non_null(strstr(err, "not a view"));
	free(err);
	err = NULL;
	assert_int_equal(store_view_parse("3,x", &v, &err), -1);
	free(err);
}

static void
view_around_replaces_one_source(void **state)
{
	struct store		*s = open_three_snapshots(*state);
	struct store_view	 a, b;
	char			*err = NULL, ids[64];

	assert_int_equal(store_view_around(s, 3, &a, &b, &err), 0);
	view_ids(s, &a, ids, sizeof(ids));
	assert_string_equal(ids, "1,2");
	view_ids(s, &b, ids, sizeof(ids));
	assert_string_equal(ids, "2,3");
	store_view_clear(&a);
	store_view_clear(&b);

	/* The first import of a source has nothing of it before. */
	assert_int_equal(store_view_around(s, 2, &a, &b, &err), 0);
	view_ids(s, &a, ids, sizeof(ids));
	assert_string_equal(ids, "1");
	store_view_clear(&a);
	store_view_clear(&b);
	assert_int_equal(store_view_around(s, 7, &a, &b, &err), -1);
	free(err);
	store_close(s);
}

static void
view_as_of_loads_past_model(void **state)
{
	struct store		*s = open_three_snapshots(*state);
	struct store_view	 v;
	struct model		*m;
	char			*err = NULL;
	int64_t			 t;

	memset(&v, 0, sizeof(v));
	v.kind = STORE_VIEW_AS_OF;
	v.at = T1;
	assert_int_equal(store_set_view(s, &v, &err), 0);
	assert_int_equal(model_load(s, &m, &err), 0);
	assert_int_equal(m->nnodes, 3);
	assert_true(model_find(m, "t:gone") >= 0);
	assert_true(model_find(m, "t:a2") < 0);
	model_free(m);
	assert_int_equal(store_view_time(s, &t, &err), 0);
	assert_int_equal(t, T1);

	v.kind = STORE_VIEW_CURRENT;
	assert_int_equal(store_set_view(s, &v, &err), 0);
	assert_int_equal(model_load(s, &m, &err), 0);
	assert_true(model_find(m, "t:gone") < 0);
	assert_true(model_find(m, "t:a2") >= 0);
	model_free(m);
	store_close(s);
}

struct note_list {
	char	 text[256];
	size_t	 n;
};

static int
collect_note(void *ctx, const struct store_note_row *row)
{
	struct note_list	*l = ctx;

	strncat(l->text, row->text, sizeof(l->text) - strlen(l->text) - 2);
	strcat(l->text, ";");
	l->n++;
	return 0;
}

static void
annot_notes_in_order(void **state)
{
	struct store		*s = open_three_snapshots(*state);
	struct note_list	 l;
	char			*err = NULL;

	assert_int_equal(store_annot_note_add(s, 1, "ana", T1, "first", &err),
	    0);
	assert_int_equal(store_annot_note_add(s, 1, "ben", T2, "second",
	    &err), 0);
	assert_int_equal(store_annot_note_add(s, 2, "ana", T2, "other node",
	    &err), 0);
	assert_int_equal(store_annot_note_add(s, 1, "ana", T2, "", &err), -1);
	free(err);
	memset(&l, 0, sizeof(l));
	assert_int_equal(store_annot_notes(s, 1, collect_note, &l, &err), 0);
	assert_string_equal(l.text, "first;second;");
	memset(&l, 0, sizeof(l));
	assert_int_equal(store_annot_notes(s, -1, collect_note, &l, &err), 0);
	assert_int_equal(l.n, 3);
	store_close(s);
}

static void
annot_tags_add_and_remove(void **state)
{
	struct store	*s = open_three_snapshots(*state);
	int64_t		*kids;
	size_t		 n;
	char		*err = NULL;

	assert_int_equal(store_annot_tag_add(s, 1, "tier0", "ana", T1, &err),
	    1);
	assert_int_equal(store_annot_tag_add(s, 1, "tier0", "ana", T1, &err),
	    0);
	assert_int_equal(store_annot_tag_add(s, 3, "tier0", "ana", T1, &err),
	    1);
	assert_int_equal(store_annot_tag_add(s, 1, "bad tag", "ana", T1,
	    &err), -1);
	assert_non_null(strstr(err, "invalid tag"));
	free(err);
	err = NULL;
	assert_int_equal(store_annot_tagged(s, "tier0", &kids, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(kids[0], 1);
	assert_int_equal(kids[1], 3);
	free(kids);
	assert_int_equal(store_annot_tag_remove(s, 1, "tier0", &err), 1);
	assert_int_equal(store_annot_tag_remove(s, 1, "tier0", &err), 0);
	assert_int_equal(store_annot_tagged(s, "tier0", &kids, &n, &err), 0);
	assert_int_equal(n, 1);
	free(kids);
	store_close(s);
}

static void
annot_review_lapses_at_expiry(void **state)
{
	struct store			*s = open_three_snapshots(*state);
	const struct annot_entry	*e;
	struct annot			*a;
	char				*err = NULL, marks[5];

	assert_int_equal(store_annot_review_set(s, 1, "accepted_risk", NULL,
	    T2, "ana", T1, &err), -1);
	assert_non_null(strstr(err, "needs a reason"));
	free(err);
	err = NULL;
	assert_int_equal(store_annot_review_set(s, 1, "acc", "vendor fix",
	    T2, "ana", T1, &err), 0);
	assert_int_equal(store_annot_review_set(s, 2, "to_revoke", NULL,
	    TSTAMP_UNKNOWN, "ana", T1, &err), 0);
	assert_int_equal(store_annot_review_set(s, 3, "maybe", NULL,
	    TSTAMP_UNKNOWN, "ana", T1, &err), -1);
	free(err);
	err = NULL;
	assert_int_equal(store_annot_tag_add(s, 1, ANNOT_MARK_TAG, "ana", T1,
	    &err), 1);

	assert_int_equal(annot_load(s, &a, &err), 0);
	e = annot_get(a, 1);
	assert_non_null(e);
	assert_int_equal(e->review, ANNOT_REVIEW_ACCEPTED_RISK);
	assert_string_equal(e->reason, "vendor fix");
	assert_int_equal(e->until, T2);
	assert_int_equal(annot_review_lapsed(e, T2 - 1), 0);
	assert_int_equal(annot_review_lapsed(e, T2), 1);
	assert_string_equal(annot_marks(e, T1, marks), "*  A");
	assert_string_equal(annot_marks(e, T2, marks), "*  L");
	assert_string_equal(annot_marks(annot_get(a, 2), T1, marks), "   X");
	assert_null(annot_get(a, 3));
	annot_free(a);

	/* "none" clears the state. */
	assert_int_equal(store_annot_review_set(s, 2, "none", NULL,
	    TSTAMP_UNKNOWN, "ana", T2, &err), 0);
	assert_int_equal(annot_load(s, &a, &err), 0);
	assert_null(annot_get(a, 2));
	annot_free(a);
	store_close(s);
}

static void
annot_read_only_refuses_writes(void **state)
{
	struct fixture	*f = *state;
	struct store	*s = open_three_snapshots(f);
	char		*err = NULL;

	store_close(s);
	assert_int_equal(store_open(f->path, STORE_READ_ONLY, &s, &err), 0);
	assert_int_equal(store_annot_note_add(s, 1, "ana", T1, "x", &err), -1);
	assert_non_null(strstr(err, "read-only"));
	free(err);
	err = NULL;
	assert_int_equal(store_annot_tag_add(s, 1, "x", "ana", T1, &err), -1);
	free(err);
	err = NULL;
	assert_int_equal(store_annot_review_set(s, 1, "reviewed", NULL,
	    TSTAMP_UNKNOWN, "ana", T1, &err), -1);
	free(err);
	err = NULL;
	assert_int_equal(store_journal_add(s, T1, "ana", "walk", "t:a1", NULL,
	    &err), -1);
	assert_non_null(strstr(err, "read-only"));
	free(err);
	store_close(s);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM note"), 0);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM journal"), 0);
}

struct journal_list {
	char	 text[256];
};

static int
collect_step(void *ctx, const struct store_journal_row *row)
{
	struct journal_list	*l = ctx;
	size_t			 at = strlen(l->text);

	snprintf(l->text + at, sizeof(l->text) - at, "%lld %s %s %s %s;",
	    (long long)row->at, row->author, row->action,
	    row->key != NULL ? row->key : "-",
	    row->detail != NULL ? row->detail : "-");
	return 0;
}

static void
journal_keeps_steps_in_order(void **state)
{
	struct store		*s = open_three_snapshots(*state);
	struct journal_list	 l;
	char			*err = NULL;

	assert_int_equal(store_journal_add(s, 100, "ana", "walk", "t:a1", NULL,
	    &err), 0);
	assert_int_equal(store_journal_add(s, 50, "ben", "filter", NULL,
	    "{\"text\":\"a\"}", &err), 0);
	memset(&l, 0, sizeof(l));
	assert_int_equal(store_journal_scan(s, collect_step, &l, &err), 0);
	/* Steps stay in the order they were taken, whatever the clock. */
	assert_string_equal(l.text, "100 ana walk t:a1 -;"
	    "50 ben filter - {\"text\":\"a\"};");
	store_close(s);
}

static void
lifecycle_rules(void **state)
{
	struct record_lifecycle	 life;
	unsigned		 f;

	(void)state;
	record_lifecycle_init(&life);
	f = lifecycle_state(&life, T2);
	assert_int_equal(f, LIFECYCLE_EXISTS | LIFECYCLE_VALID);

	life.created_at = T2 + DAY;
	assert_false(lifecycle_state(&life, T2) & LIFECYCLE_EXISTS);
	life.created_at = T2 - 100 * DAY;
	life.last_used_at = TSTAMP_NEVER;
	assert_true(lifecycle_state(&life, T2) & LIFECYCLE_STALE);
	life.last_used_at = T2 - 89 * DAY;
	f = lifecycle_state(&life, T2);
	assert_true(f & LIFECYCLE_USED);
	assert_false(f & LIFECYCLE_STALE);
	life.last_used_at = T2 - 90 * DAY;
	assert_true(lifecycle_state(&life, T2) & LIFECYCLE_STALE);

	life.expires_at = T2 + 30 * DAY;
	f = lifecycle_state(&life, T2);
	assert_true(f & LIFECYCLE_EXPIRING);
	life.expires_at = T2 + 31 * DAY;
	assert_false(lifecycle_state(&life, T2) & LIFECYCLE_EXPIRING);
	life.expires_at = T2;
	f = lifecycle_state(&life, T2);
	assert_true(f & LIFECYCLE_EXPIRED);
	assert_false(f & LIFECYCLE_VALID);
	/* An expired credential is not also stale. */
	assert_false(f & LIFECYCLE_STALE);
	life.expires_at = TSTAMP_NEVER;
	life.disabled = 1;
	f = lifecycle_state(&life, T2);
	assert_true(f & LIFECYCLE_DISABLED);
	assert_false(f & LIFECYCLE_VALID);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test_setup_teardown(
		    migrate_v1_read_only_keeps_file, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    migrate_v1_upgrades_in_place, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    new_case_has_latest_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    view_kinds_pick_snapshots, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    view_ids_checks_snapshots, setup, teardown),
		cmocka_unit_test(view_parse_forms),
		cmocka_unit_test_setup_teardown(
		    view_around_replaces_one_source, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    view_as_of_loads_past_model, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    annot_notes_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    annot_tags_add_and_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    annot_review_lapses_at_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    annot_read_only_refuses_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    journal_keeps_steps_in_order, setup, teardown),
		cmocka_unit_test(lifecycle_rules),
	};

	return cmocka_run_group_tests_name("casefile", tests, NULL, NULL);
}
