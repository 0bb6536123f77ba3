/*
 * Tests of the OpenGraph importer on the project's fixtures: counts,
 * kind mapping, endpoint matching, placeholders, malformed records and
 * rejected files, through the real import driver and a real case file.
 * Then plain edges, which are read from their text, against the same
 * edges read from a tree.
 */
#include "testutil.h"

#include <sqlite3.h>

#include "import.h"
#include "importer.h"
#include "input.h"
#include "model.h"
#include "store.h"
#include "strbuf.h"
#include "tstamp.h"

struct fixture {
	char			*dir;
	struct store		*store;
	struct import_result	*results;
	size_t			 nresults;
	char			*err;
};

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));
	char		*path, *err = NULL;

	f->dir = testutil_tmpdir();
	if (asprintf(&path, "%s/case.db", f->dir) == -1)
		abort();
	if (store_open(path, STORE_CREATE, &f->store, &err) == -1)
		fail_msg("%s", err);
	free(path);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	import_results_free(f->results, f->nresults);
	free(f->err);
	store_close(f->store);
	testutil_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* Import one fixture file; returns the driver's status. */
static enum import_status
import_fixture(struct fixture *f, const char *name, int strict)
{
	struct import_options	 opts;
	enum import_status	 st;
	char			*path;
	const char		*paths[1];

	if (asprintf(&path, "%s/tests/fixtures/opengraph/%s", testutil_root(),
	    name) == -1)
		abort();
	memset(&opts, 0, sizeof(opts));
	opts.now = 1700000000;
	opts.strict = strict;
	paths[0] = path;
	import_results_free(f->results, f->nresults);
	free(f->err);
	f->err = NULL;
	st = import_files(f->store, paths, 1, &opts, &f->results,
	    &f->nresults, &f->err);
	free(path);
	return st;
}

static struct model *
load(struct fixture *f)
{
	struct model	*m = NULL;
	char		*err = NULL;

	if (model_load(f->store, &m, &err) == -1)
		fail_msg("model_load: %s", err);
	return m;
}

static void
opengraph_basic_counts(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_fixture(f, "basic.json", 0), IMPORT_OK);
	assert_int_equal(f->nresults, 1);
	assert_string_equal(f->results[0].format, "opengraph");
	assert_string_equal(f->results[0].source, "github:fixture-org");
	/* 10 nodes plus a placeholder for R_gone. */
	assert_int_equal(f->results[0].nodes, 11);
	assert_int_equal(f->results[0].edges, 10);
	assert_int_equal(f->results[0].placeholders, 1);
	assert_int_equal(f->results[0].warnings, 0);
	assert_int_equal(f->results[0].partial, 0);
	assert_int_equal(strlen(f->results[0].sha256), 64);
}

static void
opengraph_basic_kinds(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	int64_t		 v;

	assert_int_equal(import_fixture(f, "basic.json", 0), IMPORT_OK);
	m = load(f);
	v = model_find(m, "github:U_alice");
	assert_true(v >= 0);
	assert_int_equal(m->kind[v], KIND_NODE_HUMAN);
	assert_int_equal(m->life[v].created_at, 1614834367);
	v = model_find(m, "github:TR_core_members");
	assert_int_equal(m->kind[v], KIND_NODE_ROLE);
	assert_string_equal(model_label(m, m->kinds[v]), "GH_TeamRole,GH_Role");
	v = model_find(m, "github:S_deploy");
	assert_int_equal(m->kind[v], KIND_NODE_CREDENTIAL);
	assert_string_equal(model_label(m, m->credential_type[v]),
	    "actions_secret");
	assert_string_equal(model_label(m, m->environment[v]), "prod");
	/* A secret's updated_at is when its value last changed. */
	assert_int_equal(m->life[v].last_rotated_at, 1675382400);
	v = model_find(m, "github:X_thing");
	assert_int_equal(m->kind[v], KIND_NODE_OTHER);
	v = model_find(m, "github:U_bob");
	assert_string_equal(m->name[v], "bob");
	v = model_find(m, "github:R_gone");
	assert_true(m->nflags[v] & MODEL_NODE_MISSING);
	model_free(m);
}

/* Return the edge from src to dst with raw kind raw, or -1. */
static int64_t
find_edge(const struct model *m, const char *src, const char *dst,
    const char *raw)
{
	int64_t	 s = model_find(m, src), d = model_find(m, dst);
	size_t	 first, count, i;

	if (s < 0 || d < 0)
		return -1;
	model_out(m, (size_t)s, &first, &count);
	for (i = first; i < first + count; i++) {
		if ((int64_t)m->edst[i] == d &&
		    strcmp(model_label(m, m->eraw[i]), raw) == 0)
			return (int64_t)i;
	}
	return -1;
}

static void
opengraph_basic_edges(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	int64_t		 e;

	assert_int_equal(import_fixture(f, "basic.json", 0), IMPORT_OK);
	m = load(f);
	e = find_edge(m, "github:U_alice", "github:TR_core_members",
	    "GH_HasRole");
	assert_true(e >= 0);
	assert_int_equal(m->ekind[e], KIND_EDGE_HAS_ROLE);
	e = find_edge(m, "github:TR_core_members", "github:T_core",
	    "GH_MemberOf");
	assert_int_equal(m->ekind[e], KIND_EDGE_MEMBER_OF);
	e = find_edge(m, "github:RR_api_write", "github:R_api",
	    "GH_WriteRepoContents");
	assert_int_equal(m->ekind[e], KIND_EDGE_GRANTS);
	assert_false(m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE);
	e = find_edge(m, "github:R_api", "github:S_deploy", "GH_HasSecret");
	assert_int_equal(m->ekind[e], KIND_EDGE_USES);
	e = find_edge(m, "github:BPR_main", "github:R_api", "GH_ProtectedBy");
	assert_true(m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE);
	/* Matched by name among GH_User nodes. */
	e = find_edge(m, "github:U_bob", "github:TR_core_members",
	    "GH_HasRole");
	assert_true(e >= 0);
	e = find_edge(m, "github:X_thing", "github:U_alice", "CustomLink");
	assert_int_equal(m->ekind[e], KIND_EDGE_RELATED);
	model_free(m);
}

static void
opengraph_malformed_records_warn(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;

	assert_int_equal(import_fixture(f, "malformed-records.json", 0),
	    IMPORT_OK);
	/*
	 * Skipped: no id, no kinds, duplicate id, duplicate key, not an
	 * object; warned but kept: nested property, bad date; edges: no
	 * kind, no end, unknown name, unknown match_by.
	 */
	assert_int_equal(f->results[0].warnings, 11);
	assert_int_equal(f->results[0].partial, 1);
	assert_int_equal(f->results[0].edges, 1);
	m = load(f);
	assert_true(model_find(m, "github:U_ok") >= 0);
	assert_true(model_find(m, "github:U_nested") >= 0);
	assert_true(model_find(m, "github:U_baddate") >= 0);
	assert_int_equal(m->life[model_find(m, "github:U_baddate")].created_at,
	    TSTAMP_UNKNOWN);
	assert_int_equal(model_find(m, "github:U_dupkey"), -1);
	assert_string_equal(m->name[model_find(m, "github:U_ok")], "ok");
	model_free(m);
}

static void
opengraph_strict_rejects_malformed(void **state)
{
	struct fixture		*f = *state;
	struct store_snapshot	*snaps;
	size_t			 n;

	assert_int_equal(import_fixture(f, "malformed-records.json", 1),
	    IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "--strict"));
	assert_int_equal(store_snapshots(f->store, &snaps, &n, &f->err), 0);
	assert_int_equal(n, 0);
	store_snapshots_free(snaps, n);
}

static void
opengraph_bom_and_offsets(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	int64_t		 k;

	assert_int_equal(import_fixture(f, "bom.json", 0), IMPORT_OK);
	assert_int_equal(f->results[0].nodes, 2);
	m = load(f);
	k = model_find(m, "acme:k");
	assert_true(k >= 0);
	assert_int_equal(m->kind[k], KIND_NODE_CREDENTIAL);
	assert_int_equal(m->life[k].last_used_at, 1704164645);
	assert_int_equal(m->life[k].expires_at, 4102358400);
	assert_int_equal(m->ekind[m->out_off[k]], KIND_EDGE_AUTHENTICATES_AS);
	model_free(m);
}

static void
opengraph_match_by_property_and_name(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;

	assert_int_equal(import_fixture(f, "match-by-property.json", 0),
	    IMPORT_OK);
	/* "deployer" names two nodes, so the name match is skipped. */
	assert_int_equal(f->results[0].warnings, 1);
	assert_int_equal(f->results[0].edges, 2);
	m = load(f);
	assert_true(find_edge(m, "acme:sa2", "acme:r1", "HasRole") >= 0);
	assert_int_equal(find_edge(m, "acme:sa1", "acme:r1", "HasRole"), -1);
	assert_true(find_edge(m, "acme:r1", "acme:sa1", "HasRole") >= 0);
	model_free(m);
}

static void
opengraph_truncated_rejected(void **state)
{
	struct fixture		*f = *state;
	struct store_snapshot	*snaps;
	size_t			 n;

	assert_int_equal(import_fixture(f, "basic.json", 0), IMPORT_OK);
	assert_int_equal(import_fixture(f, "truncated.json", 0),
	    IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "truncated.json"));
	assert_int_equal(store_snapshots(f->store, &snaps, &n, &f->err), 0);
	assert_int_equal(n, 1);
	store_snapshots_free(snaps, n);
}

static void
opengraph_sniff(void **state)
{
	struct input	*in;
	char		*path, *err = NULL;

	(void)state;
	if (asprintf(&path, "%s/tests/fixtures/opengraph/basic.json",
	    testutil_root()) == -1)
		abort();
	assert_int_equal(input_open(path, INPUT_MAX_SIZE, &in, &err), 0);
	assert_ptr_equal(importer_sniff(in), &importer_opengraph);
	input_close(in);
	free(path);
	if (asprintf(&path, "%s/tests/fixtures/opengraph/not-json.txt",
	    testutil_root()) == -1)
		abort();
	assert_int_equal(input_open(path, INPUT_MAX_SIZE, &in, &err), 0);
	assert_null(importer_sniff(in));
	input_close(in);
	free(path);
}

static void
opengraph_unknown_file_rejected(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_fixture(f, "not-json.txt", 0),
	    IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "not a format trustwalk reads"));
}

static void
opengraph_forced_on_other_json_rejected(void **state)
{
	struct fixture		*f = *state;
	struct import_options	 opts;
	const char		*paths[1];
	char			*path;

	if (asprintf(&path, "%s/ok.json", f->dir) == -1)
		abort();
	FILE *fp = fopen(path, "w");
	fputs("{\"something\": [1, 2, 3]}", fp);
	fclose(fp);
	memset(&opts, 0, sizeof(opts));
	opts.format = "opengraph";
	paths[0] = path;
	assert_int_equal(import_files(f->store, paths, 1, &opts, &f->results,
	    &f->nresults, &f->err), IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "no \"graph\""));
	free(path);
}

static void
opengraph_cross_source_endpoints(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;

	assert_int_equal(import_fixture(f, "cross-source.json", 0),
	    IMPORT_OK);
	/* Two endpoints name nodes of other sources; one id is the file's. */
	assert_int_equal(f->results[0].placeholders, 2);
	m = load(f);
	assert_true(find_edge(m, "github:W_deploy", "acme:ci:deploy",
	    "Runs") >= 0);
	assert_true(find_edge(m, "acme:ci:deploy", "acme:k8s:prod:sa:api",
	    "RunsAs") >= 0);
	assert_true(find_edge(m, "acme:k8s:prod:sa:api",
	    "aws:arn:aws:iam::111122223333:role/deploy", "CanAssume") >= 0);
	assert_int_equal(model_find(m, "k8s:prod:sa:api"), -1);
	model_free(m);
}

#define AWS_KEY_ID	"AKIAFK4ZRI3R2WYOJFLJ"
#define AWS_SECRET	"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"

/*
 * Edges as a kind and the members after it. Each is imported twice: as
 * written, and with "kind" spelt "\u006bind", whose escape makes the
 * importer read that twin from a tree.
 */
static const char *const twin_edges[][2] = {
	{ "Owns", "\"start\": {\"value\": \"a\"}, "
	    "\"end\": {\"value\": \"b\"}" },
	{ "Owns", "\"start\": {\"match_by\": \"id\", \"value\": \"a\"}, "
	    "\"end\": {\"value\": \"b\"}" },
	{ "Owns", "\"start\": {\"value\": \"a\"}, \"end\": {\"value\": \"b\"}, "
	    "\"properties\": {\"note\": \"x\", \"traversable\": false, "
	    "\"gone\": null, \"on\": true}" },
	{ "Owns", "\"start\": {\"value\": \"a\"}, \"end\": {\"value\": \"b\"}, "
	    "\"properties\": {}" },
	{ "Owns", "\"start\": {\"value\": \"a\"}, \"end\": {\"value\": \"b\"}, "
	    "\"properties\": null" },
	/* Secrets that a wrong shortcut would keep. */
	{ "Owns", "\"start\": {\"value\": \"a\"}, "
	    "\"end\": {\"value\": \"sftp://a:bc@de\"}" },
	{ "YWI6Ly91OnB3QGhvc3R4", "\"start\": {\"value\": \"a\"}, "
	    "\"end\": {\"value\": \"b\"}" },
	{ "Owns", "\"start\": {\"value\": \"" AWS_KEY_ID "\"}, "
	    "\"end\": {\"value\": \"" AWS_SECRET "\"}" },
	{ "Owns", "\"start\": {\"value\": \"a\"}, \"end\": {\"value\": \"b\"}, "
	    "\"properties\": {\"password\": \"hunter2\"}" },
	{ "Owns", "\"start\": {\"value\": \"a\"}, \"end\": {\"value\": \"b\"}, "
	    "\"properties\": {\"note\": \"xoxb-1234567890\"}" },
	{ "Owns", "\"start\": {\"value\": \"a\"}, \"end\": {\"value\": \"b\"}, "
	    "\"properties\": {\"api_key\": \"no\"}" },
	/* Edges that warn or wait for the node index. */
	{ "Owns", "\"start\": {\"value\": \"a\"}, \"end\": {\"value\": \"b\"}, "
	    "\"properties\": {\"traversable\": \"no\"}" },
	{ "Owns", "\"start\": {\"value\": \"github:W_1\"}, "
	    "\"end\": {\"value\": \"b\"}" },
	{ "", "\"start\": {\"value\": \"a\"}, \"end\": {\"value\": \"b\"}" },
	{ "Owns", "\"start\": {\"value\": \"a\"}, \"end\": {\"value\": \"\"}" },
	{ "Owns", "\"start\": {\"value\": \"a\"}, "
	    "\"end\": {\"value\": \"[secret:github_token:00ff]\"}" },
};

/* Import doc as one file; returns the driver's status. */
static enum import_status
import_text(struct fixture *f, const char *doc)
{
	struct import_options	 opts;
	struct import_result	 res;
	enum import_status	 st;

	memset(&opts, 0, sizeof(opts));
	opts.now = 1700000000;
	free(f->err);
	f->err = NULL;
	st = import_buffer(f->store, "twins.json", doc, strlen(doc), &opts,
	    &res, &f->err);
	import_result_clear(&res);
	return st;
}

/* The rows of a query, one string each, with columns joined by '|'. */
static char **
query_rows(struct fixture *f, const char *sql, size_t *n)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	struct strbuf	 row;
	char		*path, **rows = NULL;
	int		 i;

	if (asprintf(&path, "%s/case.db", f->dir) == -1)
		abort();
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	*n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		strbuf_init(&row);
		for (i = 0; i < sqlite3_column_count(st); i++) {
			strbuf_addf(&row, "%s|", sqlite3_column_type(st, i) ==
			    SQLITE_NULL ? "(null)" :
			    (const char *)sqlite3_column_text(st, i));
		}
		rows = realloc(rows, (*n + 1) * sizeof(*rows));
		rows[(*n)++] = strbuf_detach(&row);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(path);
	return rows;
}

static void
rows_free(char **rows, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(rows[i]);
	free(rows);
}

static void
opengraph_plain_edges_match_trees(void **state)
{
	struct fixture	*f = *state;
	struct strbuf	 doc;
	char		**rows;
	size_t		 i, n;

	strbuf_init(&doc);
	strbuf_addstr(&doc, "{\"graph\": {\"nodes\": [{\"id\": \"a\", "
	    "\"kinds\": [\"User\"]}, {\"id\": \"b\", \"kinds\": [\"Group\"]}], "
	    "\"edges\": [");
	for (i = 0; i < sizeof twin_edges / sizeof twin_edges[0]; i++) {
		strbuf_addf(&doc, "%s{\"kind\": \"%s\", %s},\n"
		    "{\"\\u006bind\": \"%s\", %s}", i > 0 ? ",\n" : "",
		    twin_edges[i][0], twin_edges[i][1], twin_edges[i][0],
		    twin_edges[i][1]);
	}
	strbuf_addstr(&doc, "]}}");
	if (import_text(f, doc.buf) != IMPORT_OK)
		fail_msg("%s", f->err);
	strbuf_free(&doc);

	/* Each edge and its twin give the same row, one after the other. */
	rows = query_rows(f, "SELECT s.key, d.key, e.kind, e.raw, e.flags, "
	    "e.conditions, e.attrs FROM edge e JOIN nkey s ON s.id = e.src "
	    "JOIN nkey d ON d.id = e.dst ORDER BY e.rowid", &n);
	assert_int_equal(n, 2 * 14);
	for (i = 0; i < n; i += 2)
		assert_string_equal(rows[i], rows[i + 1]);
	assert_string_equal(rows[4], "og:a|og:b|owns|Owns|2|(null)|"
	    "{\"note\":\"x\",\"traversable\":false,\"gone\":null,"
	    "\"on\":true}|");
	assert_string_equal(rows[6], "og:a|og:b|owns|Owns|0|(null)|{}|");
	rows_free(rows, n);

	/* And the same warnings, for edges 2i and 2i + 1. */
	rows = query_rows(f, "SELECT message FROM warning ORDER BY seq", &n);
	assert_int_equal(n, 2 * 8);
	assert_int_equal(n % 2, 0);
	for (i = 0; i < n; i += 2)
		assert_string_equal(rows[i], rows[i + 1]);
	rows_free(rows, n);

	/* No secret reached a key, a kind or an attribute. */
	rows = query_rows(f, "SELECT key FROM nkey WHERE key LIKE '%bc@de%' "
	    "OR key LIKE '%" AWS_SECRET "%' UNION ALL SELECT raw FROM edge "
	    "WHERE raw LIKE '%YWI6Ly91%' UNION ALL SELECT attrs FROM edge "
	    "WHERE attrs LIKE '%hunter2%' OR attrs LIKE '%xoxb-%'", &n);
	assert_int_equal(n, 0);
	rows_free(rows, n);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test_setup_teardown(opengraph_basic_counts,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(opengraph_basic_kinds,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(opengraph_basic_edges,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    opengraph_malformed_records_warn, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    opengraph_strict_rejects_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(opengraph_bom_and_offsets,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    opengraph_match_by_property_and_name, setup, teardown),
		cmocka_unit_test_setup_teardown(opengraph_truncated_rejected,
		    setup, teardown),
		cmocka_unit_test(opengraph_sniff),
		cmocka_unit_test_setup_teardown(
		    opengraph_unknown_file_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    opengraph_forced_on_other_json_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    opengraph_cross_source_endpoints, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    opengraph_plain_edges_match_trees, setup, teardown),
	};

	model_igraph_setup(NULL);
	return cmocka_run_group_tests_name("opengraph", tests, NULL, NULL);
}
