/*
 * Unit tests for importers/json.c. They cover routes and paths, the
 * syntax errors that reject a document (with line, column and path), the
 * limits and the record rules (duplicate keys, \u0000, invalid UTF-8,
 * lone surrogates). Then long integers, the member accessors, JSON Lines
 * and json_parse().
 */
#include "json.h"

#include <inttypes.h>

#include "strbuf.h"
#include "testutil.h"
#include "xalloc.h"

/* One callback call, as the tests see it. */
struct record {
	char	*path;
	char	*value;		/* the tree, printed unformatted */
	char	*problem;
	char	*route;		/* label of the route that matched */
};

/* What the callbacks collected. */
struct collect {
	struct record	*recs;
	size_t		 n;
	size_t		 cap;
	size_t		 stop_at;	/* call (from 1) to return -1 on */
	int		 stop_sets_err;	/* set *errp when stopping */
};

static void
collect_add(struct collect *c, const char *route, const char *path,
    cJSON *value, const char *problem)
{
	struct record	*r;

	if (c->n == c->cap) {
		c->cap = c->cap == 0 ? 16 : c->cap * 2;
		c->recs = xreallocarray(c->recs, c->cap, sizeof *c->recs);
	}
	r = &c->recs[c->n++];
	r->route = xstrdup(route);
	r->path = xstrdup(path);
	r->value = value != NULL ? cJSON_PrintUnformatted(value) : NULL;
	r->problem = problem != NULL ? xstrdup(problem) : NULL;
}

static void
collect_free(struct collect *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++) {
		free(c->recs[i].route);
		free(c->recs[i].path);
		free(c->recs[i].value);
		free(c->recs[i].problem);
	}
	free(c->recs);
	memset(c, 0, sizeof *c);
}

static int
collect_call(struct collect *c, const char *route, const char *path,
    cJSON *value, const char *problem, char **errp)
{
	collect_add(c, route, path, value, problem);
	if (c->stop_at != 0 && c->n == c->stop_at) {
		if (c->stop_sets_err)
			*errp = xasprintf("stopped by the test at %s", path);
		return -1;
	}
	return 0;
}

static int
collect_a(void *ctx, const char *path, cJSON *value, const char *problem,
    char **errp)
{
	return collect_call(ctx, "a", path, value, problem, errp);
}

static int
collect_b(void *ctx, const char *path, cJSON *value, const char *problem,
    char **errp)
{
	return collect_call(ctx, "b", path, value, problem, errp);
}

/* Stream a NUL-terminated document through one route to collect_a. */
static int
stream1(const char *doc, const char *pattern, struct collect *c,
    const struct json_limits *limits, char **errp)
{
	struct json_route	 route = { pattern, collect_a };

	return json_stream(doc, strlen(doc), "t.json", &route, 1, c, limits,
	    errp);
}

/* Stream and expect rejection with exactly this message. */
static void
expect_rejected(const char *doc, size_t len, const char *pattern,
    const struct json_limits *limits, const char *message)
{
	struct collect		 c = { 0 };
	struct json_route	 route = { pattern, collect_a };
	char			*err = NULL;

	if (len == 0)
		len = strlen(doc);
	assert_int_equal(json_stream(doc, len, "t.json", &route, 1, &c,
	    limits, &err), -1);
	assert_non_null(err);
	assert_string_equal(err, message);
	free(err);
	collect_free(&c);
}

/* Stream a document whose only record is expected to be a problem. */
static void
expect_skipped(const char *doc, size_t len, const char *pattern,
    const struct json_limits *limits, const char *path, const char *problem)
{
	struct collect		 c = { 0 };
	struct json_route	 route = { pattern, collect_a };
	char			*err = NULL;
	int			 rc;

	if (len == 0)
		len = strlen(doc);
	rc = json_stream(doc, len, "t.json", &route, 1, &c, limits, &err);
	if (rc != 0)
		fail_msg("rejected: %s", err);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.recs[0].path, path);
	assert_null(c.recs[0].value);
	assert_non_null(c.recs[0].problem);
	assert_string_equal(c.recs[0].problem, problem);
	collect_free(&c);
}

/* Stream a document whose only record is expected to pass as value. */
static void
expect_record(const char *doc, size_t len, const char *pattern,
    const struct json_limits *limits, const char *value)
{
	struct collect		 c = { 0 };
	struct json_route	 route = { pattern, collect_a };
	char			*err = NULL;
	int			 rc;

	if (len == 0)
		len = strlen(doc);
	rc = json_stream(doc, len, "t.json", &route, 1, &c, limits, &err);
	if (rc != 0)
		fail_msg("rejected: %s", err);
	assert_int_equal(c.n, 1);
	assert_null(c.recs[0].problem);
	assert_non_null(c.recs[0].value);
	assert_string_equal(c.recs[0].value, value);
	collect_free(&c);
}

/* n copies of open, then middle, then n copies of close. */
static char *
nested(size_t n, const char *open, const char *middle, const char *close)
{
	struct strbuf	 sb = { NULL, 0, 0 };
	size_t		 i;

	for (i = 0; i < n; i++)
		strbuf_addstr(&sb, open);
	strbuf_addstr(&sb, middle);
	for (i = 0; i < n; i++)
		strbuf_addstr(&sb, close);
	return strbuf_detach(&sb);
}

static void
test_json_route_array_elements(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	assert_int_equal(stream1("{\"graph\": {\"nodes\": [{\"id\": 1}, "
	    "{\"id\": 2}], \"edges\": [{\"id\": 3}]}}", "graph.nodes[]", &c,
	    NULL, &err), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.recs[0].path, "graph.nodes[0]");
	assert_string_equal(c.recs[0].value, "{\"id\":1}");
	assert_string_equal(c.recs[1].path, "graph.nodes[1]");
	assert_string_equal(c.recs[1].value, "{\"id\":2}");
	collect_free(&c);
}

static void
test_json_route_nested_arrays(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	assert_int_equal(stream1("{\"m\": [[1, 2], [], [[3]]]}", "m[][]", &c,
	    NULL, &err), 0);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.recs[0].path, "m[0][0]");
	assert_string_equal(c.recs[0].value, "1");
	assert_string_equal(c.recs[1].path, "m[0][1]");
	assert_string_equal(c.recs[1].value, "2");
	assert_string_equal(c.recs[2].path, "m[2][0]");
	assert_string_equal(c.recs[2].value, "[3]");
	collect_free(&c);
}

static void
test_json_route_any_key(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	assert_int_equal(stream1("{\"bindings\": {\"a\": {\"x\": 1}, "
	    "\"b\": [2], \"c\": null}, \"other\": {\"d\": 4}}", "bindings.*",
	    &c, NULL, &err), 0);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.recs[0].path, "bindings.a");
	assert_string_equal(c.recs[0].value, "{\"x\":1}");
	assert_string_equal(c.recs[1].path, "bindings.b");
	assert_string_equal(c.recs[1].value, "[2]");
	assert_string_equal(c.recs[2].path, "bindings.c");
	assert_string_equal(c.recs[2].value, "null");
	collect_free(&c);
}

static void
test_json_route_any_key_then_array(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	/* "*[]" needs an array under each key; "y" is skipped. */
	assert_int_equal(stream1("{\"x\": [1, 2], \"y\": {\"z\": [3]}}",
	    "*[]", &c, NULL, &err), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.recs[0].path, "x[0]");
	assert_string_equal(c.recs[1].path, "x[1]");
	collect_free(&c);
}

static void
test_json_path_changes_with_outer_key(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	/* The steps above each record follow the keys of the outer object. */
	assert_int_equal(stream1("{\"a\": {\"p\": [1, 2], \"q\": [3], "
	    "\"r\": {\"s\": [4]}, \"t\": [5]}}", "a.*[]", &c, NULL, &err), 0);
	assert_int_equal(c.n, 4);
	assert_string_equal(c.recs[0].path, "a.p[0]");
	assert_string_equal(c.recs[1].path, "a.p[1]");
	assert_string_equal(c.recs[2].path, "a.q[0]");
	assert_string_equal(c.recs[3].path, "a.t[0]");
	collect_free(&c);
}

static void
test_json_route_top_level_array(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	assert_int_equal(stream1("[1, {\"a\": [true]}, \"s\"]", "[]", &c, NULL,
	    &err), 0);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.recs[0].path, "[0]");
	assert_string_equal(c.recs[0].value, "1");
	assert_string_equal(c.recs[1].path, "[1]");
	assert_string_equal(c.recs[1].value, "{\"a\":[true]}");
	assert_string_equal(c.recs[2].path, "[2]");
	assert_string_equal(c.recs[2].value, "\"s\"");
	collect_free(&c);
}

static void
test_json_route_top_level_array_mismatch(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	/* An object at the top does not match "[]", and is skipped. */
	assert_int_equal(stream1("{\"a\": [1]}", "[]", &c, NULL, &err), 0);
	assert_int_equal(c.n, 0);
	collect_free(&c);
}

static void
test_json_route_empty_pattern_whole(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	assert_int_equal(stream1(" {\"a\": [1, 2]} ", "", &c, NULL, &err), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.recs[0].path, "");
	assert_string_equal(c.recs[0].value, "{\"a\":[1,2]}");
	collect_free(&c);
}

static void
test_json_route_first_match_wins(void **state)
{
	const char		*doc = "{\"graph\": {\"nodes\": [1], "
				    "\"edges\": [2]}}";
	struct json_route	 routes[] = {
		{ "graph.nodes[]", collect_a },
		{ "graph.*[]", collect_b },
	};
	struct json_route	 reversed[] = {
		{ "graph.*[]", collect_b },
		{ "graph.nodes[]", collect_a },
	};
	struct collect		 c = { 0 };
	char			*err = NULL;

	(void)state;
	assert_int_equal(json_stream(doc, strlen(doc), "t.json", routes, 2,
	    &c, NULL, &err), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.recs[0].route, "a");
	assert_string_equal(c.recs[0].path, "graph.nodes[0]");
	assert_string_equal(c.recs[1].route, "b");
	assert_string_equal(c.recs[1].path, "graph.edges[0]");
	collect_free(&c);

	assert_int_equal(json_stream(doc, strlen(doc), "t.json", reversed, 2,
	    &c, NULL, &err), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.recs[0].route, "b");
	assert_string_equal(c.recs[1].route, "b");
	collect_free(&c);
}

static void
test_json_route_matched_not_rerouted(void **state)
{
	const char		*doc = "{\"graph\": {\"nodes\": [1, 2]}, "
				    "\"metadata\": {\"v\": 1}}";
	struct json_route	 routes[] = {
		{ "graph", collect_a },
		{ "graph.nodes[]", collect_b },
		{ "metadata", collect_b },
	};
	struct collect		 c = { 0 };
	char			*err = NULL;

	(void)state;
	assert_int_equal(json_stream(doc, strlen(doc), "t.json", routes, 3,
	    &c, NULL, &err), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.recs[0].route, "a");
	assert_string_equal(c.recs[0].path, "graph");
	assert_string_equal(c.recs[0].value, "{\"nodes\":[1,2]}");
	assert_string_equal(c.recs[1].route, "b");
	assert_string_equal(c.recs[1].path, "metadata");
	collect_free(&c);
}

static void
test_json_route_unmatched_skipped(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	assert_int_equal(stream1("{\"x\": {\"metadata\": 1}, \"metadata\": "
	    "{\"a\": 1}, \"y\": [{\"metadata\": 2}]}", "metadata", &c, NULL,
	    &err), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.recs[0].path, "metadata");
	assert_string_equal(c.recs[0].value, "{\"a\":1}");
	collect_free(&c);
}

static void
test_json_route_escaped_key_matches(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	/* Keys are compared decoded: "gr\u0061ph" is "graph". */
	assert_int_equal(stream1("{\"gr\\u0061ph\": {\"nodes\": [7]}}",
	    "graph.nodes[]", &c, NULL, &err), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.recs[0].path, "graph.nodes[0]");
	collect_free(&c);
}

static void
test_json_route_case_sensitive(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	assert_int_equal(stream1("{\"Graph\": {\"nodes\": [7]}}",
	    "graph.nodes[]", &c, NULL, &err), 0);
	assert_int_equal(c.n, 0);
	collect_free(&c);
}

static void
test_json_route_invalid_pattern(void **state)
{
	const char	*bad[] = { "a..b", ".a", "a.", "a[", "a]", "a[]b",
			    "a.[]", "[x]" };
	struct collect	 c = { 0 };
	char		*err = NULL;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(stream1("{}", bad[i], &c, NULL, &err), -1);
		assert_non_null(strstr(err, "invalid route pattern"));
		assert_non_null(strstr(err, bad[i]));
		free(err);
		err = NULL;
	}
	collect_free(&c);
}

static void
test_json_path_quotes_odd_keys(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	assert_int_equal(stream1("{\"a.b\": {\"c d\": 1, \"\": 2, "
	    "\"x\\ny\": 3, \"caf\\u00e9\": 4, \"q\\\"\": 5}}", "*.*", &c, NULL,
	    &err), 0);
	assert_int_equal(c.n, 5);
	assert_string_equal(c.recs[0].path, "[\"a.b\"][\"c d\"]");
	assert_string_equal(c.recs[1].path, "[\"a.b\"][\"\"]");
	assert_string_equal(c.recs[2].path, "[\"a.b\"][\"x\\x0ay\"]");
	assert_string_equal(c.recs[3].path, "[\"a.b\"].caf\xc3\xa9");
	assert_string_equal(c.recs[4].path, "[\"a.b\"][\"q\\\"\"]");
	collect_free(&c);
}

static void
test_json_path_long_key_cut(void **state)
{
	struct strbuf	 doc = { NULL, 0, 0 };
	struct collect	 c = { 0 };
	char		*err = NULL;
	size_t		 i;

	(void)state;
	strbuf_addstr(&doc, "{\"");
	for (i = 0; i < 500; i++)
		strbuf_addch(&doc, 'k');
	strbuf_addstr(&doc, "\": 1}");
	assert_int_equal(stream1(doc.buf, "*", &c, NULL, &err), 0);
	assert_int_equal(c.n, 1);
	assert_true(strlen(c.recs[0].path) < 80);
	assert_non_null(strstr(c.recs[0].path, "..."));
	strbuf_free(&doc);
	collect_free(&c);
	/* A character across the cut is shown whole, never as \xNN. */
	strbuf_reset(&doc);
	strbuf_addstr(&doc, "{\"");
	for (i = 0; i < 63; i++)
		strbuf_addch(&doc, 'k');
	strbuf_addstr(&doc, "\xe2\x82\xac\xe2\x82\xac\\n\": 1}");
	assert_int_equal(stream1(doc.buf, "*", &c, NULL, &err), 0);
	assert_int_equal(c.n, 1);
	assert_non_null(strstr(c.recs[0].path, "k\xe2\x82\xac...\"]"));
	assert_null(strstr(c.recs[0].path, "\\xe2"));
	strbuf_free(&doc);
	collect_free(&c);
}

static void
test_json_path_long_escaped_key(void **state)
{
	struct json_route	 routes[] = {
		{ "graph[]", collect_b },
		{ "*[]", collect_a },
	};
	struct strbuf		 doc = { NULL, 0, 0 };
	struct collect		 c = { 0 };
	char			*err = NULL;
	size_t			 i, nelem = 20000;

	(void)state;
	/*
	 * A 300 kB key with an escape over 20000 elements. Matching routes
	 * and writing paths must not decode the whole key for each element,
	 * which would decode 6 GB here. The test is not timed, so such a
	 * regression shows only as a slow run.
	 */
	strbuf_addstr(&doc, "{\"\\u0041");
	for (i = 0; i < 300000; i++)
		strbuf_addch(&doc, 'a');
	strbuf_addstr(&doc, "\": [0");
	for (i = 1; i < nelem; i++)
		strbuf_addstr(&doc, ",0");
	strbuf_addstr(&doc, "]}");
	assert_int_equal(json_stream(doc.buf, doc.len, "t.json", routes, 2, &c,
	    NULL, &err), 0);
	assert_int_equal(c.n, nelem);
	assert_string_equal(c.recs[0].route, "a");
	assert_int_equal(strncmp(c.recs[0].path, "[\"Aaaa", 6), 0);
	assert_non_null(strstr(c.recs[0].path, "...\"][0]"));
	assert_non_null(strstr(c.recs[nelem - 1].path, "...\"][19999]"));
	strbuf_free(&doc);
	collect_free(&c);
}

static void
test_json_syntax_truncated(void **state)
{
	(void)state;
	expect_rejected("{\"a\": [1, 2", 0, "a[]", NULL,
	    "t.json: line 1, column 12 (a): expected ',' or ']', found end "
	    "of file (the file may be truncated)");
	expect_rejected("{\"a\": \"abc", 0, "a", NULL,
	    "t.json: line 1, column 11 (a): unterminated string, found end "
	    "of file (the file may be truncated)");
	expect_rejected("{\"a\"", 0, "a", NULL,
	    "t.json: line 1, column 5 (a): expected ':' after the key, found "
	    "end of file (the file may be truncated)");
	expect_rejected("{\"a", 0, "a", NULL,
	    "t.json: line 1, column 4: unterminated key, found end of file "
	    "(the file may be truncated)");
	expect_rejected("{", 0, "a", NULL,
	    "t.json: line 1, column 2: expected a string key, found end of "
	    "file (the file may be truncated)");
	expect_rejected("{\"a\":", 0, "a", NULL,
	    "t.json: line 1, column 6 (a): expected a value, found end of "
	    "file (the file may be truncated)");
	expect_rejected("[tr", 0, "[]", NULL,
	    "t.json: line 1, column 2 ([0]): invalid literal, expected true, "
	    "found end of file (the file may be truncated)");
	expect_rejected("[1.", 0, "[]", NULL,
	    "t.json: line 1, column 4 ([0]): invalid number, expected a "
	    "digit after '.', found end of file (the file may be truncated)");
	expect_rejected("[\"\\u12", 0, "[]", NULL,
	    "t.json: line 1, column 3 ([0]): invalid \\u escape in a string, "
	    "expected 4 hex digits, found end of file (the file may be "
	    "truncated)");
	expect_rejected("[\"ab\\", 0, "[]", NULL,
	    "t.json: line 1, column 6 ([0]): unterminated string, found end "
	    "of file (the file may be truncated)");
}

static void
test_json_syntax_truncated_record_rejects(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	/* Records before the cut are delivered; the document still fails. */
	assert_int_equal(stream1("{\"n\": [{\"id\": 1}, {\"id\": 2}, {\"id\"",
	    "n[]", &c, NULL, &err), -1);
	assert_int_equal(c.n, 2);
	assert_string_equal(err, "t.json: line 1, column 35 (n[2].id): "
	    "expected ':' after the key, found end of file (the file may be "
	    "truncated)");
	free(err);
	collect_free(&c);
}

static void
test_json_syntax_separators(void **state)
{
	(void)state;
	expect_rejected("{\"a\": 1 \"b\": 2}", 0, "a", NULL,
	    "t.json: line 1, column 9: expected ',' or '}', found '\"'");
	expect_rejected("[1 2]", 0, "[]", NULL,
	    "t.json: line 1, column 4: expected ',' or ']', found '2'");
	expect_rejected("[1, 2,]", 0, "[]", NULL,
	    "t.json: line 1, column 7 ([2]): expected a value, found ']'");
	expect_rejected("{\"a\": 1,}", 0, "a", NULL,
	    "t.json: line 1, column 9: expected a string key, found '}'");
	expect_rejected("[,1]", 0, "[]", NULL,
	    "t.json: line 1, column 2 ([0]): expected a value, found ','");
	expect_rejected("{\"a\" 1}", 0, "a", NULL,
	    "t.json: line 1, column 6 (a): expected ':' after the key, found "
	    "'1'");
	expect_rejected("{\"a\": 1]", 0, "a", NULL,
	    "t.json: line 1, column 8: expected ',' or '}', found ']'");
	expect_rejected("{1: 2}", 0, "a", NULL,
	    "t.json: line 1, column 2: expected a string key, found '1'");
}

static void
test_json_syntax_single_quotes(void **state)
{
	(void)state;
	expect_rejected("{'a': 1}", 0, "a", NULL,
	    "t.json: line 1, column 2: expected a string key, found a single "
	    "quote (JSON strings take double quotes)");
	expect_rejected("{\"a\": 'x'}", 0, "a", NULL,
	    "t.json: line 1, column 7 (a): expected a value, found a single "
	    "quote (JSON strings take double quotes)");
}

static void
test_json_syntax_numbers(void **state)
{
	(void)state;
	expect_rejected("[01]", 0, "[]", NULL,
	    "t.json: line 1, column 2 ([0]): invalid number: a leading zero "
	    "is not allowed");
	expect_rejected("[-01]", 0, "[]", NULL,
	    "t.json: line 1, column 3 ([0]): invalid number: a leading zero "
	    "is not allowed");
	expect_rejected("[+1]", 0, "[]", NULL,
	    "t.json: line 1, column 2 ([0]): expected a value, found '+'");
	expect_rejected("[-]", 0, "[]", NULL,
	    "t.json: line 1, column 3 ([0]): invalid number, expected a digit "
	    "after '-', found ']'");
	expect_rejected("[.5]", 0, "[]", NULL,
	    "t.json: line 1, column 2 ([0]): expected a value, found '.'");
	expect_rejected("[1.e5]", 0, "[]", NULL,
	    "t.json: line 1, column 4 ([0]): invalid number, expected a digit "
	    "after '.', found 'e'");
	expect_rejected("[1e]", 0, "[]", NULL,
	    "t.json: line 1, column 4 ([0]): invalid number, expected a digit "
	    "in the exponent, found ']'");
	expect_rejected("[1e+]", 0, "[]", NULL,
	    "t.json: line 1, column 5 ([0]): invalid number, expected a digit "
	    "in the exponent, found ']'");
	expect_rejected("[NaN]", 0, "[]", NULL,
	    "t.json: line 1, column 2 ([0]): expected a value, found 'N'");
	expect_rejected("[Infinity]", 0, "[]", NULL,
	    "t.json: line 1, column 2 ([0]): expected a value, found 'I'");
	expect_rejected("[-Infinity]", 0, "[]", NULL,
	    "t.json: line 1, column 3 ([0]): invalid number, expected a digit "
	    "after '-', found 'I'");
	expect_rejected("[0x10]", 0, "[]", NULL,
	    "t.json: line 1, column 3: expected ',' or ']', found 'x'");
	expect_record("[-0, 0.5e-3, 1E+2, 10]", 0, "", NULL,
	    "[-0,0.0005,100,10]");
}

static void
test_json_syntax_literals(void **state)
{
	(void)state;
	expect_rejected("[nul]", 0, "[]", NULL,
	    "t.json: line 1, column 2 ([0]): invalid literal, expected null, "
	    "found ']'");
	expect_rejected("[True]", 0, "[]", NULL,
	    "t.json: line 1, column 2 ([0]): expected a value, found 'T'");
	expect_rejected("[truex]", 0, "[]", NULL,
	    "t.json: line 1, column 6: expected ',' or ']', found 'x'");
	expect_record("[true, false, null]", 0, "", NULL, "[true,false,null]");
}

static void
test_json_syntax_escapes(void **state)
{
	(void)state;
	expect_rejected("[\"a\\x\"]", 0, "[]", NULL,
	    "t.json: line 1, column 4 ([0]): invalid escape in a string: \\ "
	    "followed by 'x'");
	expect_rejected("[\"a\\'\"]", 0, "[]", NULL,
	    "t.json: line 1, column 4 ([0]): invalid escape in a string: \\ "
	    "followed by a single quote (JSON strings take double quotes)");
	expect_rejected("[\"\\u12G4\"]", 0, "[]", NULL,
	    "t.json: line 1, column 3 ([0]): invalid \\u escape in a string, "
	    "expected 4 hex digits, found 'G'");
	expect_rejected("{\"\\U0041\": 1}", 0, "a", NULL,
	    "t.json: line 1, column 3: invalid escape in a key: \\ followed "
	    "by 'U'");
	expect_record("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\"]", 0, "",
	    NULL, "[\"\\\"\\\\/\\b\\f\\n\\r\\tA\xc3\xa9\"]");
}

static void
test_json_syntax_control_char(void **state)
{
	(void)state;
	expect_rejected("[\"a\tb\"]", 0, "[]", NULL,
	    "t.json: line 1, column 4 ([0]): control character 0x09 in a "
	    "string must be written as an escape such as \\u0009");
	expect_rejected("[\"a\nb\"]", 0, "[]", NULL,
	    "t.json: line 1, column 4 ([0]): control character 0x0a in a "
	    "string must be written as an escape such as \\u000a");
	expect_rejected("[\"a\0b\"]", 7, "[]", NULL,
	    "t.json: line 1, column 4 ([0]): control character 0x00 in a "
	    "string must be written as an escape such as \\u0000");
	expect_rejected("{\"k\x1f\": 1}", 0, "[]", NULL,
	    "t.json: line 1, column 4: control character 0x1f in a key must "
	    "be written as an escape such as \\u001f");
	/* DEL is not a control character in JSON's sense. */
	expect_record("[\"a\x7f\"]", 0, "", NULL, "[\"a\x7f\"]");
}

static void
test_json_syntax_position_multiline(void **state)
{
	(void)state;
	expect_rejected("{\n  \"graph\": {\n    \"nodes\": [\n      "
	    "{\"kinds\": [\"A\",\n        \"B\" \"C\"]}\n    ]\n  }\n}\n", 0,
	    "graph.nodes[]", NULL,
	    "t.json: line 5, column 13 (graph.nodes[0].kinds): expected ',' "
	    "or ']', found '\"'");
	expect_rejected("[1,\r\n2,\r\n x]", 0, "[]", NULL,
	    "t.json: line 3, column 2 ([2]): expected a value, found 'x'");
}

static void
test_json_syntax_trailing_text(void **state)
{
	(void)state;
	expect_rejected("{} x", 0, "a", NULL,
	    "t.json: line 1, column 4: trailing text after the JSON document, "
	    "found 'x'");
	expect_rejected("{}{}", 0, "a", NULL,
	    "t.json: line 1, column 3: trailing text after the JSON document, "
	    "found '{'");
	expect_rejected("[1]\n\n]", 0, "[]", NULL,
	    "t.json: line 3, column 1: trailing text after the JSON document, "
	    "found ']'");
	expect_rejected("[1]\0", 4, "[]", NULL,
	    "t.json: line 1, column 4: trailing text after the JSON document, "
	    "found byte 0x00");
	expect_record("[1] \n\t\r\n", 0, "", NULL, "[1]");
}

static void
test_json_syntax_empty_file(void **state)
{
	(void)state;
	expect_rejected("", 0, "a", NULL,
	    "t.json: empty file, expected a JSON document");
	expect_rejected(" \n\t\r\n", 0, "a", NULL,
	    "t.json: empty file, expected a JSON document");
	expect_rejected("\xef\xbb\xbf", 0, "a", NULL,
	    "t.json: empty file, expected a JSON document");
}

static void
test_json_syntax_non_json_bytes(void **state)
{
	(void)state;
	expect_rejected("[\xc3\xa9]", 0, "[]", NULL,
	    "t.json: line 1, column 2 ([0]): expected a value, found byte "
	    "0xc3");
	expect_rejected("<html>", 0, "a", NULL,
	    "t.json: line 1, column 1: expected a value, found '<'");
	expect_rejected("{\"a\": 1} // note", 0, "a", NULL,
	    "t.json: line 1, column 10: trailing text after the JSON "
	    "document, found '/'");
}

static void
test_json_bom_at_start_accepted(void **state)
{
	(void)state;
	expect_record("\xef\xbb\xbf{\"a\": 1}", 0, "a", NULL, "1");
	/* Columns on line 1 count from after the byte order mark. */
	expect_rejected("\xef\xbb\xbf[x]", 0, "[]", NULL,
	    "t.json: line 1, column 2 ([0]): expected a value, found 'x'");
}

static void
test_json_bom_elsewhere_rejected(void **state)
{
	(void)state;
	expect_rejected("[\xef\xbb\xbf" "1]", 0, "[]", NULL,
	    "t.json: line 1, column 2 ([0]): expected a value, found a byte "
	    "order mark, which is allowed only at the start");
	expect_rejected(" \xef\xbb\xbf{}", 0, "a", NULL,
	    "t.json: line 1, column 2: expected a value, found a byte order "
	    "mark, which is allowed only at the start");
	expect_rejected("\xef\xbb\xbf\xef\xbb\xbf{}", 0, "a", NULL,
	    "t.json: line 1, column 1: expected a value, found a byte order "
	    "mark, which is allowed only at the start");
	/* Inside a string U+FEFF is an ordinary character. */
	expect_record("[\"\xef\xbb\xbf\"]", 0, "", NULL, "[\"\xef\xbb\xbf\"]");
}

static void
test_json_depth_at_limit(void **state)
{
	struct collect		 c = { 0 };
	struct json_limits	 lim = { 3, 0, 0 };
	char			*doc, *err = NULL;

	(void)state;
	doc = nested(JSON_MAX_DEPTH, "[", "", "]");
	assert_int_equal(stream1(doc, "a", &c, NULL, &err), 0);
	free(doc);
	doc = nested(JSON_MAX_DEPTH, "{\"a\": ", "1", "}");
	assert_int_equal(stream1(doc, "a", &c, NULL, &err), 0);
	assert_int_equal(c.n, 1);
	collect_free(&c);
	free(doc);

	assert_int_equal(stream1("{\"a\": [{\"b\": 1}]}", "a[]", &c, &lim,
	    &err), 0);
	assert_int_equal(c.n, 1);
	collect_free(&c);
}

static void
test_json_depth_over_limit(void **state)
{
	struct json_limits	 lim = { 3, 0, 0 };
	struct strbuf		 expect = { NULL, 0, 0 };
	char			*doc;
	size_t			 i;

	(void)state;
	doc = nested(JSON_MAX_DEPTH + 1, "[", "", "]");
	/* A deep path shows its first 12 and last 4 steps. */
	strbuf_addstr(&expect, "t.json: line 1, column 129 (");
	for (i = 0; i < 12; i++)
		strbuf_addstr(&expect, "[0]");
	strbuf_addstr(&expect, "[...][0][0][0][0]): nesting deeper than 128 "
	    "levels");
	expect_rejected(doc, 0, "a", NULL, expect.buf);
	strbuf_free(&expect);
	free(doc);

	/* 16 steps are shown whole; 17 are shortened. */
	doc = nested(16, "{\"k\": ", "x", "}");
	expect_rejected(doc, 0, "a", NULL, "t.json: line 1, column 97 "
	    "(k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k): expected a value, found 'x'");
	free(doc);
	doc = nested(17, "{\"k\": ", "x", "}");
	expect_rejected(doc, 0, "a", NULL, "t.json: line 1, column 103 "
	    "(k.k.k.k.k.k.k.k.k.k.k.k[...].k.k.k.k): expected a value, found "
	    "'x'");
	free(doc);

	/* Inside a record, too deep still rejects the document. */
	expect_rejected("{\"a\": [{\"b\": [1]}]}", 0, "a[]", &lim,
	    "t.json: line 1, column 14 (a[0].b): nesting deeper than 3 "
	    "levels");
}

static void
test_json_depth_huge_no_crash(void **state)
{
	struct collect	 c = { 0 };
	char		*doc, *err = NULL;

	(void)state;
	/* A million open brackets must not exhaust the C stack. */
	doc = nested(1000000, "[", "", "]");
	assert_int_equal(stream1(doc, "[]", &c, NULL, &err), -1);
	assert_non_null(strstr(err, "nesting deeper than 128 levels"));
	free(err);
	free(doc);
	collect_free(&c);
}

static void
test_json_depth_limit_capped_for_cjson(void **state)
{
	struct json_limits	 lim = { 100000, 0, 0 };
	struct collect		 c = { 0 };
	char			*doc, *err = NULL;

	(void)state;
	/* Limits above cJSON's nesting limit are lowered to it. */
	doc = nested(CJSON_NESTING_LIMIT + 1, "[", "", "]");
	assert_int_equal(stream1(doc, "", &c, &lim, &err), -1);
	assert_non_null(strstr(err, "nesting deeper than 1000 levels"));
	free(err);
	free(doc);

	doc = nested(CJSON_NESTING_LIMIT, "[", "", "]");
	assert_int_equal(stream1(doc, "", &c, &lim, &err), 0);
	assert_int_equal(c.n, 1);
	assert_non_null(c.recs[0].value);
	free(doc);
	collect_free(&c);
}

static void
test_json_string_limit(void **state)
{
	struct json_limits	 lim = { 0, 8, 0 };

	(void)state;
	expect_record("[\"12345678\"]", 0, "[]", &lim, "\"12345678\"");
	expect_skipped("[\"123456789\"]", 0, "[]", &lim, "[0]",
	    "line 1, column 2 ([0]): string of 9 bytes is over the limit of 8 "
	    "bytes");
	/* The limit is on decoded bytes: four "é" are 8 bytes, five 10. */
	expect_record("[\"\\u00e9\\u00e9\\u00e9\\u00e9\"]", 0, "[]", &lim,
	    "\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"");
	expect_skipped("[\"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\"]", 0, "[]",
	    &lim, "[0]", "line 1, column 2 ([0]): string of 10 bytes is over "
	    "the limit of 8 bytes");
	expect_record("[\"\\n\\n\\n\\n\\n\\n\\n\\n\"]", 0, "[]", &lim,
	    "\"\\n\\n\\n\\n\\n\\n\\n\\n\"");
	expect_skipped("[{\"123456789\": 1}]", 0, "[]", &lim, "[0]",
	    "line 1, column 3 ([0]): key of 9 bytes is over the limit of 8 "
	    "bytes");
	/* Outside a record the same string rejects the document. */
	expect_rejected("{\"a\": \"123456789\", \"b\": 1}", 0, "b", &lim,
	    "t.json: line 1, column 7 (a): string of 9 bytes is over the "
	    "limit of 8 bytes");
}

static void
test_json_record_limit(void **state)
{
	struct json_limits	 lim = { 0, 0, 20 };
	struct collect		 c = { 0 };
	char			*err = NULL;

	(void)state;
	/* Exactly 20 bytes passes; 21 rejects the whole document. */
	expect_record("[{\"a\": \"0123456789a\"}]", 0, "[]", &lim,
	    "{\"a\":\"0123456789a\"}");
	assert_int_equal(stream1("[{\"a\": 1}, {\"a\": \"0123456789ab\"}]",
	    "[]", &c, &lim, &err), -1);
	assert_int_equal(c.n, 1);
	assert_string_equal(err, "t.json: line 1, column 12 ([1]): record of "
	    "21 bytes is over the limit of 20 bytes");
	free(err);
	collect_free(&c);
}

static void
test_json_duplicate_key_in_record(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	assert_int_equal(stream1("{\"n\": [{\"a\": 1, \"a\": 2}, {\"a\": 3}, "
	    "{\"p\": {\"x\": 1, \"y\": 2, \"x\": 3}}]}", "n[]", &c, NULL, &err),
	    0);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.recs[0].path, "n[0]");
	assert_null(c.recs[0].value);
	assert_string_equal(c.recs[0].problem,
	    "line 1, column 17 (n[0]): duplicate key \"a\"");
	assert_string_equal(c.recs[1].path, "n[1]");
	assert_string_equal(c.recs[1].value, "{\"a\":3}");
	assert_null(c.recs[1].problem);
	assert_string_equal(c.recs[2].path, "n[2]");
	assert_null(c.recs[2].value);
	assert_string_equal(c.recs[2].problem,
	    "line 1, column 59 (n[2].p): duplicate key \"x\"");
	collect_free(&c);
}

static void
test_json_duplicate_key_escaped(void **state)
{
	(void)state;
	/* Keys are compared decoded. */
	expect_skipped("[{\"a\": 1, \"\\u0061\": 2}]", 0, "[]", NULL, "[0]",
	    "line 1, column 11 ([0]): duplicate key \"a\"");
	expect_skipped("[{\"\\u00e9\": 1, \"\xc3\xa9\": 2}]", 0, "[]", NULL,
	    "[0]", "line 1, column 16 ([0]): duplicate key \"\xc3\xa9\"");
	expect_skipped("[{\"a\\nb\": 1, \"a\\u000ab\": 2}]", 0, "[]", NULL,
	    "[0]", "line 1, column 14 ([0]): duplicate key \"a\\x0ab\"");
}

static void
test_json_duplicate_key_not_across_objects(void **state)
{
	(void)state;
	/* Same key in siblings, in parent and child, or in another case. */
	expect_record("[{\"a\": {\"a\": 1}, \"b\": {\"a\": 2}, \"A\": 3}]", 0,
	    "[]", NULL, "{\"a\":{\"a\":1},\"b\":{\"a\":2},\"A\":3}");
	expect_record("[[{\"k\": 1}, {\"k\": 2}]]", 0, "[]", NULL,
	    "[{\"k\":1},{\"k\":2}]");
	/* Prefixes of one another are different keys. */
	expect_record("[{\"abcdefgh\": 1, \"abcdefghi\": 2, \"abcdefghj\": 3}]",
	    0, "[]", NULL, "{\"abcdefgh\":1,\"abcdefghi\":2,\"abcdefghj\":3}");
}

static void
test_json_duplicate_key_at_top_rejects(void **state)
{
	(void)state;
	expect_rejected("{\"a\": 1, \"b\": [1], \"a\": 2}", 0, "b[]", NULL,
	    "t.json: line 1, column 20: duplicate key \"a\"");
	expect_rejected("{\"x\": {\"k\": 1, \"k\": 2}}", 0, "y", NULL,
	    "t.json: line 1, column 16 (x): duplicate key \"k\"");
}

/* An object with nkeys keys "k0".."k<n-1>", then extra text before '}'. */
static char *
big_object(size_t nkeys, const char *extra)
{
	struct strbuf	 sb = { NULL, 0, 0 };
	size_t		 i;

	strbuf_addstr(&sb, "[{");
	for (i = 0; i < nkeys; i++)
		strbuf_addf(&sb, "%s\"k%zu\": %zu", i > 0 ? ", " : "", i, i);
	strbuf_addstr(&sb, extra);
	strbuf_addstr(&sb, "}]");
	return strbuf_detach(&sb);
}

static void
test_json_duplicate_key_large_object(void **state)
{
	struct collect	 c = { 0 };
	char		*doc, *err = NULL;

	(void)state;
	/* Past the linear threshold, keys go through the hash table. */
	doc = big_object(5000, "");
	assert_int_equal(stream1(doc, "[]", &c, NULL, &err), 0);
	assert_int_equal(c.n, 1);
	assert_non_null(c.recs[0].value);
	collect_free(&c);
	free(doc);

	doc = big_object(5000, ", \"k4321\": 0");
	assert_int_equal(stream1(doc, "[]", &c, NULL, &err), 0);
	assert_int_equal(c.n, 1);
	assert_null(c.recs[0].value);
	assert_non_null(strstr(c.recs[0].problem, "duplicate key \"k4321\""));
	collect_free(&c);
	free(doc);

	doc = big_object(100, ", \"k\\u0037\": 0");
	assert_int_equal(stream1(doc, "[]", &c, NULL, &err), 0);
	assert_int_equal(c.n, 1);
	assert_non_null(strstr(c.recs[0].problem, "duplicate key \"k7\""));
	collect_free(&c);
	free(doc);
}

static void
test_json_duplicate_key_nested_large(void **state)
{
	struct strbuf	 sb = { NULL, 0, 0 };
	struct collect	 c = { 0 };
	char		*err = NULL;
	size_t		 i, j;

	(void)state;
	/* Hashed objects inside hashed objects: keys repeat across levels. */
	strbuf_addstr(&sb, "[{");
	for (i = 0; i < 40; i++) {
		strbuf_addf(&sb, "%s\"k%zu\": {", i > 0 ? ", " : "", i);
		for (j = 0; j < 40; j++)
			strbuf_addf(&sb, "%s\"k%zu\": 1", j > 0 ? ", " : "", j);
		strbuf_addstr(&sb, "}");
	}
	strbuf_addstr(&sb, ", \"k39\": 2}]");
	assert_int_equal(stream1(sb.buf, "[]", &c, NULL, &err), 0);
	assert_int_equal(c.n, 1);
	assert_null(c.recs[0].value);
	assert_non_null(strstr(c.recs[0].problem, "([0]): duplicate key "
	    "\"k39\""));
	collect_free(&c);
	strbuf_free(&sb);
}

static void
test_json_nul_escape_in_record(void **state)
{
	(void)state;
	expect_skipped("{\"graph\": {\"nodes\": [{\"properties\": {\"name\": "
	    "\"ad\\u0000min\"}}]}}", 0, "graph.nodes[]", NULL,
	    "graph.nodes[0]", "line 1, column 49 (graph.nodes[0].properties."
	    "name): string contains \\u0000");
	expect_skipped("[{\"a\\u0000b\": 1}]", 0, "[]", NULL, "[0]",
	    "line 1, column 5 ([0]): key contains \\u0000");
	/* After an escaped backslash, a real \u0000 is still caught. */
	expect_skipped("[\"\\\\u0000\\u0000\"]", 0, "[]", NULL, "[0]",
	    "line 1, column 10 ([0]): string contains \\u0000");
	/* "\\u0000" is a backslash and "u0000", which is fine. */
	expect_record("[\"\\\\u0000\"]", 0, "[]", NULL, "\"\\\\u0000\"");
}

static void
test_json_nul_escape_outside_record(void **state)
{
	(void)state;
	expect_rejected("{\"meta\": \"x\\u0000\", \"n\": [1]}", 0, "n[]", NULL,
	    "t.json: line 1, column 12 (meta): string contains \\u0000");
}

static void
test_json_invalid_utf8_in_record(void **state)
{
	static const struct {
		const char	*doc;
		const char	*problem;
	} cases[] = {
		/* Overlong encodings. */
		{ "[\"\xc0\x80\"]", "byte 0xc0" },
		{ "[\"\xc1\xbf\"]", "byte 0xc1" },
		{ "[\"\xe0\x80\x80\"]", "byte 0xe0" },
		{ "[\"\xf0\x80\x80\x80\"]", "byte 0xf0" },
		/* Surrogates encoded in UTF-8. */
		{ "[\"\xed\xa0\x80\"]", "byte 0xed" },
		{ "[\"\xed\xbf\xbf\"]", "byte 0xed" },
		/* Above U+10FFFF. */
		{ "[\"\xf4\x90\x80\x80\"]", "byte 0xf4" },
		{ "[\"\xf5\x80\x80\x80\"]", "byte 0xf5" },
		{ "[\"\xff\"]", "byte 0xff" },
		/* Truncated sequences and stray continuation bytes. */
		{ "[\"\xe2\x82\"]", "byte 0xe2" },
		{ "[\"a\xc3\"]", "byte 0xc3" },
		{ "[\"\x80\"]", "byte 0x80" },
		{ "[\"\xf0\x9f\x98\"]", "byte 0xf0" },
	};
	struct collect	 c = { 0 };
	char		*err = NULL;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(stream1(cases[i].doc, "[]", &c, NULL, &err),
		    0);
		assert_int_equal(c.n, 1);
		assert_null(c.recs[0].value);
		assert_non_null(strstr(c.recs[0].problem, "invalid UTF-8"));
		assert_non_null(strstr(c.recs[0].problem, cases[i].problem));
		collect_free(&c);
	}
	expect_skipped("[{\"k\xff\": 1}]", 0, "[]", NULL, "[0]",
	    "line 1, column 5 ([0]): invalid UTF-8 byte 0xff in a key");
	expect_rejected("{\"a\": \"\xc0\x80\", \"b\": 1}", 0, "b", NULL,
	    "t.json: line 1, column 8 (a): invalid UTF-8 byte 0xc0 in a "
	    "string");
}

static void
test_json_valid_utf8_accepted(void **state)
{
	(void)state;
	/* The edges of each range: U+0080, U+07FF, U+0800, U+D7FF, U+E000,
	 * U+FFFF, U+10000, U+10FFFF. */
	expect_record("[\"\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80"
	    "\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"]", 0, "[]", NULL,
	    "\"\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80"
	    "\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"");
	expect_record("[\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e\"]", 0,
	    "[]", NULL, "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e\"");
}

static void
test_json_lone_surrogate_escape(void **state)
{
	(void)state;
	expect_skipped("[\"\\ud800\"]", 0, "[]", NULL, "[0]",
	    "line 1, column 3 ([0]): lone surrogate escape \\ud800 in a "
	    "string");
	expect_skipped("[\"\\uDC00\"]", 0, "[]", NULL, "[0]",
	    "line 1, column 3 ([0]): lone surrogate escape \\udc00 in a "
	    "string");
	expect_skipped("[\"x\\ud800\\u0041\"]", 0, "[]", NULL, "[0]",
	    "line 1, column 4 ([0]): lone surrogate escape \\ud800 in a "
	    "string");
	expect_skipped("[\"\\ud800x\"]", 0, "[]", NULL, "[0]",
	    "line 1, column 3 ([0]): lone surrogate escape \\ud800 in a "
	    "string");
	/* A low surrogate first, then a high one: both lone. */
	expect_skipped("[\"\\udc00\\ud800\"]", 0, "[]", NULL, "[0]",
	    "line 1, column 3 ([0]): lone surrogate escape \\udc00 in a "
	    "string");
	expect_skipped("[{\"\\udbff\": 1}]", 0, "[]", NULL, "[0]",
	    "line 1, column 4 ([0]): lone surrogate escape \\udbff in a key");
}

static void
test_json_surrogate_pair_decoded(void **state)
{
	(void)state;
	/* U+1D11E, U+10000 and U+10FFFF. */
	expect_record("[\"\\ud834\\udd1e\", \"\\uD800\\uDC00\", "
	    "\"\\udbff\\udfff\"]", 0, "", NULL,
	    "[\"\xf0\x9d\x84\x9e\",\"\xf0\x90\x80\x80\",\"\xf4\x8f\xbf\xbf\"]");
}

static void
test_json_long_number_in_record(void **state)
{
	struct strbuf	 doc = { NULL, 0, 0 };
	size_t		 i;

	(void)state;
	/* cJSON 1.7.15 reads at most 63 characters of a number. */
	strbuf_addstr(&doc, "[0.");
	for (i = 0; i < 70; i++)
		strbuf_addch(&doc, '1');
	strbuf_addstr(&doc, "]");
	expect_skipped(doc.buf, 0, "[]", NULL, "[0]",
	    "line 1, column 2 ([0]): number of 72 characters is longer than "
	    "the 63 that cJSON can read");
	strbuf_free(&doc);
}

/* Parse doc with json_parse() and expect success. */
static cJSON *
parse_ok(const char *doc)
{
	cJSON	*tree;
	char	*err = NULL;

	tree = json_parse(doc, strlen(doc), "t.json", NULL, &err);
	if (tree == NULL)
		fail_msg("json_parse failed: %s", err);
	return tree;
}

static void
test_json_ids_keep_all_digits(void **state)
{
	cJSON	*tree;
	char	 buf[JSON_TEXT_BUFSZ];
	int64_t	 v = 0;

	(void)state;
	tree = parse_ok("{\"id12\": 123456789012, \"id21\": "
	    "123456789012345678901, \"id16\": 9007199254740993, "
	    "\"neg16\": -1234567890123456, \"max\": 9223372036854775807, "
	    "\"min\": -9223372036854775808, \"over\": 9223372036854775808}");

	assert_string_equal(json_text(tree, "id12", buf), "123456789012");
	assert_int_equal(json_int(tree, "id12", &v), 1);
	assert_true(v == INT64_C(123456789012));

	assert_string_equal(json_text(tree, "id21", buf),
	    "123456789012345678901");
	assert_int_equal(json_int(tree, "id21", &v), -1);

	assert_string_equal(json_text(tree, "id16", buf), "9007199254740993");
	assert_int_equal(json_int(tree, "id16", &v), 1);
	assert_true(v == INT64_C(9007199254740993));

	assert_string_equal(json_text(tree, "neg16", buf),
	    "-1234567890123456");
	assert_int_equal(json_int(tree, "neg16", &v), 1);
	assert_true(v == INT64_C(-1234567890123456));

	assert_int_equal(json_int(tree, "max", &v), 1);
	assert_true(v == INT64_MAX);
	assert_int_equal(json_int(tree, "min", &v), 1);
	assert_true(v == INT64_MIN);
	assert_int_equal(json_int(tree, "over", &v), -1);
	assert_string_equal(json_text(tree, "over", buf),
	    "9223372036854775808");
	cJSON_Delete(tree);
}

static void
test_json_ids_through_stream(void **state)
{
	(void)state;
	/* 15 digits stay numbers; 16 and more become strings. */
	expect_record("[[123456789012345, 1234567890123456, "
	    "-1234567890123456789, 12345678901234567.5, 1234567890123456e2]]",
	    0, "[]", NULL, "[123456789012345,\"1234567890123456\","
	    "\"-1234567890123456789\",12345678901234568,"
	    "1.234567890123456e+17]");
	/* Digits inside strings are left alone. */
	expect_record("[{\"s\": \"12345678901234567890\"}]", 0, "[]", NULL,
	    "{\"s\":\"12345678901234567890\"}");
}

static void
test_json_int_numbers(void **state)
{
	cJSON	*tree;
	int64_t	 v = 0;

	(void)state;
	tree = parse_ok("{\"zero\": 0, \"neg\": -42, \"big\": 999999999999999, "
	    "\"frac\": 1.5, \"exp\": 1e3, \"whole\": 3.0, \"huge\": 1e20, "
	    "\"tiny\": -1e300, \"null\": null, \"t\": true, \"o\": {}, "
	    "\"a\": [1], \"intmax\": 2147483648}");
	assert_int_equal(json_int(tree, "zero", &v), 1);
	assert_true(v == 0);
	assert_int_equal(json_int(tree, "neg", &v), 1);
	assert_true(v == -42);
	assert_int_equal(json_int(tree, "big", &v), 1);
	assert_true(v == INT64_C(999999999999999));
	assert_int_equal(json_int(tree, "intmax", &v), 1);
	assert_true(v == INT64_C(2147483648));
	assert_int_equal(json_int(tree, "frac", &v), -1);
	/* Integral values written with an exponent or ".0" are read. */
	assert_int_equal(json_int(tree, "exp", &v), 1);
	assert_true(v == 1000);
	assert_int_equal(json_int(tree, "whole", &v), 1);
	assert_true(v == 3);
	assert_int_equal(json_int(tree, "huge", &v), -1);
	assert_int_equal(json_int(tree, "tiny", &v), -1);
	assert_int_equal(json_int(tree, "null", &v), 0);
	assert_int_equal(json_int(tree, "missing", &v), 0);
	assert_int_equal(json_int(tree, "t", &v), -1);
	assert_int_equal(json_int(tree, "o", &v), -1);
	assert_int_equal(json_int(tree, "a", &v), -1);
	assert_int_equal(json_int(NULL, "zero", &v), 0);
	cJSON_Delete(tree);
}

static void
test_json_int_strings(void **state)
{
	static const struct {
		const char	*text;
		int		 rc;
		int64_t		 value;
	} cases[] = {
		{ "42", 1, 42 },
		{ "-7", 1, -7 },
		{ "0", 1, 0 },
		{ "-0", 1, 0 },
		{ "9223372036854775807", 1, INT64_MAX },
		{ "-9223372036854775808", 1, INT64_MIN },
		{ "9223372036854775808", -1, 0 },
		{ "-9223372036854775809", -1, 0 },
		{ "99999999999999999999999", -1, 0 },
		{ "", -1, 0 },
		{ "-", -1, 0 },
		{ "+4", -1, 0 },
		{ " 4", -1, 0 },
		{ "4 ", -1, 0 },
		{ "4x", -1, 0 },
		{ "1.0", -1, 0 },
		{ "1e3", -1, 0 },
		{ "007", -1, 0 },
		{ "0x10", -1, 0 },
	};
	cJSON	*tree;
	int64_t	 v;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tree = cJSON_CreateObject();
		cJSON_AddStringToObject(tree, "v", cases[i].text);
		v = 12345;
		assert_int_equal(json_int(tree, "v", &v), cases[i].rc);
		if (cases[i].rc == 1)
			assert_true(v == cases[i].value);
		cJSON_Delete(tree);
	}
}

static void
test_json_fractions_untouched(void **state)
{
	cJSON	*tree;
	char	 buf[JSON_TEXT_BUFSZ];

	(void)state;
	tree = parse_ok("{\"f\": 1.2345678901234567890, \"e\": "
	    "12345678901234567e0, \"h\": 0.5, \"n\": -2.5e-3}");
	assert_true(cJSON_IsNumber(json_get(tree, "f")));
	assert_true(cJSON_IsNumber(json_get(tree, "e")));
	assert_string_equal(json_text(tree, "h", buf), "0.5");
	assert_string_equal(json_text(tree, "n", buf),
	    "-0.0025000000000000001");
	assert_string_equal(json_text(tree, "e", buf), "12345678901234568");
	cJSON_Delete(tree);
}

static void
test_json_text_types(void **state)
{
	cJSON	*tree;
	char	 buf[JSON_TEXT_BUFSZ];

	(void)state;
	tree = parse_ok("{\"s\": \"x\", \"t\": true, \"f\": false, "
	    "\"z\": null, \"o\": {}, \"a\": [], \"n\": -12, \"e\": \"\"}");
	assert_string_equal(json_text(tree, "s", buf), "x");
	assert_string_equal(json_text(tree, "e", buf), "");
	assert_string_equal(json_text(tree, "t", buf), "true");
	assert_string_equal(json_text(tree, "f", buf), "false");
	assert_string_equal(json_text(tree, "n", buf), "-12");
	assert_null(json_text(tree, "z", buf));
	assert_null(json_text(tree, "o", buf));
	assert_null(json_text(tree, "a", buf));
	assert_null(json_text(tree, "missing", buf));
	cJSON_Delete(tree);
}

static void
test_json_bool_and_str(void **state)
{
	cJSON	*tree;
	int	 b = -5;

	(void)state;
	tree = parse_ok("{\"t\": true, \"f\": false, \"z\": null, \"s\": "
	    "\"true\", \"n\": 1}");
	assert_int_equal(json_bool(tree, "t", &b), 1);
	assert_int_equal(b, 1);
	assert_int_equal(json_bool(tree, "f", &b), 1);
	assert_int_equal(b, 0);
	assert_int_equal(json_bool(tree, "z", &b), 0);
	assert_int_equal(json_bool(tree, "missing", &b), 0);
	assert_int_equal(json_bool(tree, "s", &b), -1);
	assert_int_equal(json_bool(tree, "n", &b), -1);
	assert_string_equal(json_str(tree, "s"), "true");
	assert_null(json_str(tree, "t"));
	assert_null(json_str(tree, "n"));
	assert_null(json_str(tree, "missing"));
	cJSON_Delete(tree);
}

static void
test_json_get_case_sensitive(void **state)
{
	cJSON	*tree;

	(void)state;
	tree = parse_ok("{\"Name\": 1, \"name\": 2, \"arr\": [1]}");
	assert_int_equal((int)json_get(tree, "name")->valuedouble, 2);
	assert_int_equal((int)json_get(tree, "Name")->valuedouble, 1);
	assert_null(json_get(tree, "NAME"));
	assert_null(json_get(json_get(tree, "arr"), "0"));
	assert_null(json_get(NULL, "name"));
	assert_null(json_get(tree, NULL));
	cJSON_Delete(tree);
}

static void
test_json_callback_stop(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	c.stop_at = 2;
	c.stop_sets_err = 1;
	assert_int_equal(stream1("[1, 2, 3, 4]", "[]", &c, NULL, &err), -1);
	assert_int_equal(c.n, 2);
	assert_string_equal(err, "stopped by the test at [1]");
	free(err);
	collect_free(&c);

	/* Without a message of its own, the reader names the record. */
	c.stop_at = 1;
	assert_int_equal(stream1("[1, 2]", "[]", &c, NULL, &err), -1);
	assert_int_equal(c.n, 1);
	assert_string_equal(err, "t.json: reading stopped at [0]");
	free(err);
	collect_free(&c);

	c.stop_at = 1;
	assert_int_equal(stream1("[1, 2]", "", &c, NULL, &err), -1);
	assert_string_equal(err, "t.json: reading stopped at the top-level "
	    "value");
	free(err);
	collect_free(&c);
}

static void
test_json_callback_stop_on_problem(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	c.stop_at = 1;
	c.stop_sets_err = 1;
	assert_int_equal(stream1("[{\"a\": 1, \"a\": 1}, 2]", "[]", &c, NULL,
	    &err), -1);
	assert_int_equal(c.n, 1);
	assert_non_null(c.recs[0].problem);
	assert_string_equal(err, "stopped by the test at [0]");
	free(err);
	collect_free(&c);
}

static void
test_json_no_routes_validates(void **state)
{
	char		*err = NULL;
	const char	*good = "{\"a\": [1, {\"b\": null}]}";
	const char	*bad = "{\"a\": [1, {\"b\": nul}]}";

	(void)state;
	assert_int_equal(json_stream(good, strlen(good), "t.json", NULL, 0,
	    NULL, NULL, &err), 0);
	assert_int_equal(json_stream(bad, strlen(bad), "t.json", NULL, 0,
	    NULL, NULL, &err), -1);
	assert_non_null(strstr(err, "invalid literal"));
	free(err);
}

static void
test_json_fixture_opengraph(void **state)
{
	struct collect		 c = { 0 };
	struct json_route	 routes[] = {
		{ "metadata", collect_a },
		{ "graph.nodes[]", collect_a },
		{ "graph.edges[]", collect_b },
	};
	struct strbuf		 path = { NULL, 0, 0 };
	char			*buf = NULL, *err = NULL;
	size_t			 len = 0, size = 0;
	FILE			*f;

	(void)state;
	strbuf_addf(&path, "%s/tests/fixtures/json/opengraph.json",
	    testutil_root());
	f = fopen(path.buf, "r");
	assert_non_null(f);
	assert_int_equal(getdelim(&buf, &size, '\0', f) > 0, 1);
	len = strlen(buf);
	fclose(f);

	assert_int_equal(json_stream(buf, len, path.buf, routes, 3, &c, NULL,
	    &err), 0);
	assert_int_equal(c.n, 6);
	assert_string_equal(c.recs[0].path, "metadata");
	assert_string_equal(c.recs[1].path, "graph.nodes[0]");
	assert_non_null(strstr(c.recs[1].value, "\"O_kgDOCoV2OQ\""));
	assert_non_null(strstr(c.recs[2].value,
	    "\"databaseId\":\"170000000000000001\""));
	assert_null(c.recs[3].value);
	assert_non_null(strstr(c.recs[3].problem, "duplicate key \"name\""));
	assert_string_equal(c.recs[4].route, "b");
	assert_string_equal(c.recs[5].path, "graph.edges[1]");
	assert_null(c.recs[5].value);
	assert_non_null(strstr(c.recs[5].problem, "\\u0000"));
	free(buf);
	strbuf_free(&path);
	collect_free(&c);
}

/* Stream JSON Lines to collect_a. */
static int
lines(const char *doc, struct collect *c, char **errp)
{
	return json_stream_lines(doc, strlen(doc), "t.jsonl", collect_a, c,
	    NULL, errp);
}

static void
test_json_lines_basic(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	assert_int_equal(lines("{\"a\": 1}\n\n  \t\n[2]\r\n\"three\"\r\n"
	    "4", &c, &err), 0);
	assert_int_equal(c.n, 4);
	assert_string_equal(c.recs[0].path, "line 1");
	assert_string_equal(c.recs[0].value, "{\"a\":1}");
	assert_string_equal(c.recs[1].path, "line 4");
	assert_string_equal(c.recs[1].value, "[2]");
	assert_string_equal(c.recs[2].path, "line 5");
	assert_string_equal(c.recs[2].value, "\"three\"");
	assert_string_equal(c.recs[3].path, "line 6");
	assert_string_equal(c.recs[3].value, "4");
	collect_free(&c);
}

static void
test_json_lines_bad_middle_line(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	assert_int_equal(lines("{\"a\": 1}\n{\"a\": [1,}\n{\"a\": 1, \"a\": 2}"
	    "\n{\"a\": 3}\n{} x\n", &c, &err), 0);
	assert_int_equal(c.n, 5);
	assert_non_null(c.recs[0].value);
	assert_string_equal(c.recs[1].path, "line 2");
	assert_null(c.recs[1].value);
	assert_string_equal(c.recs[1].problem,
	    "line 2, column 10 (a[1]): expected a value, found '}'");
	assert_string_equal(c.recs[2].path, "line 3");
	assert_null(c.recs[2].value);
	assert_string_equal(c.recs[2].problem,
	    "line 3, column 10: duplicate key \"a\"");
	assert_string_equal(c.recs[3].value, "{\"a\":3}");
	assert_string_equal(c.recs[4].problem,
	    "line 5, column 4: trailing text after the JSON value, found 'x'");
	collect_free(&c);
}

static void
test_json_lines_truncated_last_line(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	assert_int_equal(lines("[1]\r\n{\"a\": \"b", &c, &err), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.recs[1].problem,
	    "line 2, column 9 (a): unterminated string, found end of line");
	collect_free(&c);
}

static void
test_json_lines_all_bad_rejected(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	assert_int_equal(lines("{\n\"a\": 1\n}\n", &c, &err), -1);
	assert_int_equal(c.n, 3);
	assert_string_equal(err, "t.jsonl: none of the 3 non-blank lines is a "
	    "valid record; is this a JSON Lines file?");
	free(err);
	collect_free(&c);

	assert_int_equal(lines("", &c, &err), -1);
	assert_string_equal(err, "t.jsonl: empty file, expected JSON Lines "
	    "(one JSON value per line)");
	free(err);
	assert_int_equal(lines("\n \r\n\n", &c, &err), -1);
	assert_non_null(strstr(err, "empty file"));
	free(err);
	collect_free(&c);
}

static void
test_json_lines_bom(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	assert_int_equal(lines("\xef\xbb\xbf{\"a\": 1}\n\xef\xbb\xbf{}\n", &c,
	    &err), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.recs[0].value, "{\"a\":1}");
	assert_null(c.recs[1].value);
	assert_string_equal(c.recs[1].problem, "line 2, column 1: expected a "
	    "value, found a byte order mark, which is allowed only at the "
	    "start");
	collect_free(&c);
}

static void
test_json_lines_callback_stop(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	c.stop_at = 2;
	c.stop_sets_err = 1;
	assert_int_equal(lines("1\nx\n3\n", &c, &err), -1);
	assert_int_equal(c.n, 2);
	assert_string_equal(err, "stopped by the test at line 2");
	free(err);
	collect_free(&c);
}

static void
test_json_lines_limits(void **state)
{
	struct json_limits	 lim = { 2, 4, 10 };
	struct collect		 c = { 0 };
	const char		*doc = "[[1]]\n[[[1]]]\n\"abcde\"\n"
				    "[1,2,3,4,5,6]\n";
	char			*err = NULL;

	(void)state;
	assert_int_equal(json_stream_lines(doc, strlen(doc), "t.jsonl",
	    collect_a, &c, &lim, &err), 0);
	assert_int_equal(c.n, 4);
	assert_string_equal(c.recs[0].value, "[[1]]");
	assert_string_equal(c.recs[1].problem,
	    "line 2, column 3 ([0][0]): nesting deeper than 2 levels");
	assert_string_equal(c.recs[2].problem,
	    "line 3, column 1: string of 5 bytes is over the limit of 4 "
	    "bytes");
	assert_string_equal(c.recs[3].problem,
	    "line 4, column 1: line of 13 bytes is over the limit of 10 "
	    "bytes for one record");
	collect_free(&c);
}

static void
test_json_lines_fixture_crlf(void **state)
{
	struct collect	 c = { 0 };
	struct strbuf	 path = { NULL, 0, 0 };
	char		*buf = NULL, *err = NULL;
	size_t		 size = 0;
	ssize_t		 len;
	FILE		*f;

	(void)state;
	strbuf_addf(&path, "%s/tests/fixtures/json/crlf.jsonl",
	    testutil_root());
	f = fopen(path.buf, "r");
	assert_non_null(f);
	len = getdelim(&buf, &size, '\0', f);
	assert_true(len > 0);
	fclose(f);

	assert_int_equal(json_stream_lines(buf, (size_t)len, path.buf,
	    collect_a, &c, NULL, &err), 0);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.recs[0].path, "line 1");
	assert_non_null(strstr(c.recs[0].value, "\"AKIAEXAMPLE1\""));
	assert_string_equal(c.recs[1].path, "line 3");
	assert_null(c.recs[1].value);
	assert_string_equal(c.recs[2].path, "line 4");
	assert_non_null(c.recs[2].value);
	free(buf);
	strbuf_free(&path);
	collect_free(&c);
}

static void
test_json_parse_tree(void **state)
{
	cJSON	*tree;
	char	 buf[JSON_TEXT_BUFSZ];

	(void)state;
	tree = parse_ok("\xef\xbb\xbf {\"a\": {\"id\": 12345678901234567}} ");
	assert_string_equal(json_text(json_get(tree, "a"), "id", buf),
	    "12345678901234567");
	cJSON_Delete(tree);
}

static void
test_json_parse_rejects_rules(void **state)
{
	static const struct {
		const char	*doc;
		const char	*message;
	} cases[] = {
		{ "{\"a\": 1, \"a\": 2}",
		  "t.json: line 1, column 10: duplicate key \"a\"" },
		{ "[\"\\u0000\"]",
		  "t.json: line 1, column 3 ([0]): string contains \\u0000" },
		{ "[\"\xc3\"]",
		  "t.json: line 1, column 3 ([0]): invalid UTF-8 byte 0xc3 in "
		  "a string" },
		{ "[\"\\ud800\"]",
		  "t.json: line 1, column 3 ([0]): lone surrogate escape "
		  "\\ud800 in a string" },
		{ "[1,]",
		  "t.json: line 1, column 4 ([1]): expected a value, found "
		  "']'" },
		{ "", "t.json: empty file, expected a JSON document" },
	};
	char	*err;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		err = NULL;
		assert_null(json_parse(cases[i].doc, strlen(cases[i].doc),
		    "t.json", NULL, &err));
		assert_non_null(err);
		assert_string_equal(err, cases[i].message);
		free(err);
	}
}

static void
test_json_parse_size_limit(void **state)
{
	struct json_limits	 lim = { 0, 0, 8 };
	cJSON			*tree;
	char			*err = NULL;

	(void)state;
	tree = json_parse("[1,2,3]", 7, "t.json", &lim, &err);
	assert_non_null(tree);
	cJSON_Delete(tree);
	assert_null(json_parse("[1,2,3,4]", 9, "t.json", &lim, &err));
	assert_string_equal(err, "t.json: document of 9 bytes is over the "
	    "limit of 8 bytes");
	free(err);
}

/* Counts what arrives from the generated document, and checks it. */
struct perf_count {
	size_t		 n;
	size_t		 bad;
	int64_t		 sum;
};

static int
perf_record(void *ctx, const char *path, cJSON *value, const char *problem,
    char **errp)
{
	struct perf_count	*pc = ctx;
	const cJSON		*props = json_get(value, "properties");
	char			 expect[32];
	int64_t			 id;

	(void)problem;
	(void)errp;
	snprintf(expect, sizeof expect, "graph.nodes[%zu]", pc->n);
	if (value == NULL || strcmp(path, expect) != 0 ||
	    json_int(props, "databaseId", &id) != 1)
		pc->bad++;
	else
		pc->sum += id - INT64_C(100000000000000000);
	pc->n++;
	return 0;
}

static void
test_json_stream_large_document(void **state)
{
	struct strbuf		 doc = { NULL, 0, 0 };
	struct json_route	 route = { "graph.nodes[]", perf_record };
	struct perf_count	 pc = { 0, 0, 0 };
	char			*err = NULL;
	size_t			 i, nrec = 100000;

	(void)state;
	strbuf_addstr(&doc, "{\"metadata\": {\"source_kind\": \"test\"},\n"
	    "\"graph\": {\"nodes\": [\n");
	for (i = 0; i < nrec; i++)
		strbuf_addf(&doc, "%s{\"id\": \"O_kgDO%08zu\", \"kinds\": "
		    "[\"GHUser\", \"GHBase\"], \"properties\": {\"name\": "
		    "\"user %zu\", \"login\": \"l\\u00f6gin%zu\", "
		    "\"databaseId\": %" PRIu64 ", \"admin\": %s, "
		    "\"score\": %zu.5, \"note\": \"padding to make the record "
		    "about two hundred bytes long\"}}",
		    i > 0 ? ",\n" : "", i, i, i,
		    UINT64_C(100000000000000000) + i,
		    i % 2 ? "true" : "false", i);
	strbuf_addstr(&doc, "\n], \"edges\": []}}\n");
	assert_true(doc.len > 20u << 20);

	assert_int_equal(json_stream(doc.buf, doc.len, "big.json", &route, 1,
	    &pc, NULL, &err), 0);
	assert_int_equal(pc.n, nrec);
	assert_int_equal(pc.bad, 0);
	assert_true(pc.sum == (int64_t)(nrec * (nrec - 1) / 2));
	strbuf_free(&doc);
}

/* What json_members() reported: "key=type" items, comma-joined. */
static int
members_note(void *ctx, const char *key, int type)
{
	char	*out = ctx;
	size_t	 len = strlen(out);

	snprintf(out + len, 256 - len, "%s%s=%d", len > 0 ? "," : "", key,
	    type);
	return strcmp(key, "stop") == 0 ? -1 : 0;
}

static void
test_json_members_types(void **state)
{
	const char	*doc = "{\"a\": [1, {\"k\": 1, \"k\": 2}], \"b\": {}, "
			    "\"c\": \"x\", \"d\": 1, \"e\": true, \"f\": null}";
	char		 out[256] = "", want[128], *err = NULL;

	(void)state;
	/* The duplicate key inside "a" is a record problem, not fatal. */
	assert_int_equal(json_members(doc, strlen(doc), "t.json",
	    members_note, out, NULL, &err), 0);
	snprintf(want, sizeof(want), "a=%d,b=%d,c=%d,d=%d,e=%d,f=%d",
	    cJSON_Array, cJSON_Object, cJSON_String, cJSON_Number, cJSON_True,
	    cJSON_NULL);
	assert_string_equal(out, want);
}

static void
test_json_members_rejects(void **state)
{
	char	 out[256] = "", *err = NULL;

	(void)state;
	assert_int_equal(json_members("[1]", 3, "t.json", members_note, out,
	    NULL, &err), -1);
	assert_non_null(strstr(err, "t.json: line 1, column 1: expected a "
	    "JSON object"));
	free(err);
	err = NULL;
	assert_int_equal(json_members("{\"a\": [1,", 9, "t.json",
	    members_note, out, NULL, &err), -1);
	assert_non_null(strstr(err, "t.json: line 1"));
	free(err);
	err = NULL;
	out[0] = '\0';
	assert_int_equal(json_members("{\"stop\": 1, \"z\": 2}", 19, "t.json",
	    members_note, out, NULL, &err), -1);
	assert_string_equal(out, "stop=8");
	free(err);
}

static void
test_json_expect_types(void **state)
{
	static const struct json_route	 routes[] = {
		{ "graph", json_expect_object },
		{ "graph.nodes", json_expect_array },
		{ "graph.nodes[]", collect_a },
	};
	struct collect			 c = { 0 };
	char				*err = NULL;
	const char			*ok = "{\"graph\": {\"nodes\": [1, 2]}}";

	(void)state;
	/* Right types: the elements inside are still routed. */
	assert_int_equal(json_stream(ok, strlen(ok), "t.json", routes, 3, &c,
	    NULL, &err), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.recs[1].path, "graph.nodes[1]");
	collect_free(&c);

	assert_int_equal(json_stream("{\"graph\": {\"nodes\": \"x\"}}", 25,
	    "t.json", routes, 3, &c, NULL, &err), -1);
	assert_string_equal(err, "t.json: line 1, column 21 (graph.nodes): "
	    "expected an array, found a string");
	free(err);
	err = NULL;
	assert_int_equal(json_stream("{\"graph\": [{}]}", 15, "t.json", routes,
	    3, &c, NULL, &err), -1);
	assert_string_equal(err, "t.json: line 1, column 11 (graph): "
	    "expected an object, found an array");
	free(err);
	err = NULL;
	assert_int_equal(json_stream("{\"graph\": {\"nodes\": null}}", 26,
	    "t.json", routes, 3, &c, NULL, &err), -1);
	assert_non_null(strstr(err, "expected an array, found null"));
	free(err);
	err = NULL;
	/* A missing member is not an error of the type check. */
	assert_int_equal(json_stream("{\"other\": 1}", 12, "t.json", routes, 3,
	    &c, NULL, &err), 0);
	assert_int_equal(c.n, 0);
	collect_free(&c);
}

static void
test_json_expect_top_level(void **state)
{
	static const struct json_route	 routes[] = {
		{ "", json_expect_object },
	};
	struct collect			 c = { 0 };
	char				*err = NULL;

	(void)state;
	assert_int_equal(json_stream("[1]", 3, "t.json", routes, 1, &c, NULL,
	    &err), -1);
	assert_string_equal(err, "t.json: line 1, column 1: expected an "
	    "object, found an array");
	free(err);
	err = NULL;
	assert_int_equal(json_stream(" {}", 3, "t.json", routes, 1, &c, NULL,
	    &err), 0);
	collect_free(&c);
}

/* Replace strings equal to "secret" and keys equal to "k", upper-case
   numbers under "n", and record what was seen. */
static int
rewrite_cb(void *ctx, enum json_rewrite_what what, const char *name,
    const char *text, char **out)
{
	struct strbuf	*seen = ctx;

	strbuf_addf(seen, "%c:%s=%s ", what == JSON_REWRITE_KEY ? 'k' :
	    what == JSON_REWRITE_STRING ? 's' : 'n', name != NULL ? name :
	    "-", text);
	if (what == JSON_REWRITE_KEY && strcmp(text, "k") == 0) {
		*out = xstrdup("K");
		return 1;
	}
	if (what == JSON_REWRITE_STRING && strcmp(text, "secret") == 0) {
		*out = xstrdup("[gone]");
		return 1;
	}
	if (what == JSON_REWRITE_NUMBER && name != NULL &&
	    strcmp(name, "n") == 0) {
		*out = xasprintf("#%s", text);
		return 1;
	}
	return 0;
}

static void
test_json_rewrite_walks(void **state)
{
	struct strbuf	 seen = { NULL, 0, 0 };
	cJSON		*tree;
	char		*err = NULL, *printed;
	const char	*doc = "{\"a\": \"secret\", \"k\": [\"secret\", 1], "
			    "\"n\": 12345678901234567, \"o\": {\"n\": 2.5, "
			    "\"t\": true}}";

	(void)state;
	tree = json_parse(doc, strlen(doc), "t.json", NULL, &err);
	assert_non_null(tree);
	assert_int_equal(json_rewrite(tree, rewrite_cb, &seen), 0);
	printed = cJSON_PrintUnformatted(tree);
	/* Long integers arrive as strings (see json.h), so stay as they are. */
	assert_string_equal(printed, "{\"a\":\"[gone]\",\"K\":[\"[gone]\",1],"
	    "\"n\":\"12345678901234567\",\"o\":{\"n\":\"#2.5\",\"t\":true}}");
	/* Array elements take the name of their member; keys come first. */
	assert_string_equal(seen.buf, "k:-=a s:a=secret k:-=k s:K=secret "
	    "n:K=1 k:-=n s:n=12345678901234567 k:-=o k:o=n n:n=2.5 k:o=t ");
	free(printed);
	cJSON_Delete(tree);
	strbuf_free(&seen);
}

static int
rewrite_stop(void *ctx, enum json_rewrite_what what, const char *name,
    const char *text, char **out)
{
	int	*calls = ctx;

	(void)what;
	(void)name;
	(void)text;
	(void)out;
	return ++*calls == 2 ? -1 : 0;
}

static void
test_json_rewrite_stops(void **state)
{
	cJSON	*tree;
	char	*err = NULL;
	int	 calls = 0;

	(void)state;
	tree = json_parse("[\"a\", \"b\", \"c\"]", 15, "t.json", NULL, &err);
	assert_non_null(tree);
	assert_int_equal(json_rewrite(tree, rewrite_stop, &calls), -1);
	assert_int_equal(calls, 2);
	assert_int_equal(json_rewrite(NULL, rewrite_stop, &calls), 0);
	cJSON_Delete(tree);
}

/*
 * Documents whose records at "r[]" a skipping route steps over: each is
 * rejected, or not, exactly as when the records are read, with the same
 * message.
 */
static const char *const skip_docs[] = {
	"{\"r\": [{\"a\": [1, -2.5e+3, true, false, null, \"x\\n\\u00e9\"]}]}",
	"{\"r\": [{}, [], {\"a\": {}}, [[], [{}]]], \"s\": 1}",
	"{\"r\": [[[[[[[1]]]]]]]}",
	/* Record problems, which a skipped record does not report. */
	"{\"r\": [{\"a\": 1, \"a\": 2}, [\"\\ud800\", \"\\u0000\", \"\xff\"]]}",
	"{\"r\": [[12345678901234567890]]}",
	/* Errors, each reported with its line, column and path. */
	"{\"r\": [{\"a\": [1, 2}]}",
	"{\"r\": [{\"a\" 1}]}",
	"{\"r\": [{\"a\": 1,}]}",
	"{\"r\": [[1,]]}",
	"{\"r\": [{1: 2}]}",
	"{\"r\": [[01]]}",
	"{\"r\": [[1.]]}",
	"{\"r\": [[1e]]}",
	"{\"r\": [[-]]}",
	"{\"r\": [[tru]]}",
	"{\"r\": [[nul, 1]]}",
	"{\"r\": [[\"a\\x\"]]}",
	"{\"r\": [[\"a\\x1234\"]]}",
	"{\"r\": [[\"a\\u12g4\"]]}",
	"{\"r\": [[\"a\tb\"]]}",
	"{\"r\": [[\"abc",
	"{\"r\": [[1, 2",
	/* With 8 levels allowed, 9 are too deep. */
	"{\"r\": [[[[[[[[1]]]]]]]]}",
};

static int
count_record(void *ctx, const char *path, cJSON *value, const char *problem,
    char **errp)
{
	(void)path;
	(void)value;
	(void)problem;
	(void)errp;
	(*(size_t *)ctx)++;
	return 0;
}

static void
test_json_skip_rejects_alike(void **state)
{
	struct json_limits	 limits = { 8, 0, 0 };
	struct json_route	 skip = { "r[]", json_skip };
	struct json_route	 read = { "r[]", count_record };
	size_t			 i, n;
	char			*e1, *e2;
	int			 rc1, rc2;

	(void)state;
	for (i = 0; i < sizeof skip_docs / sizeof skip_docs[0]; i++) {
		e1 = e2 = NULL;
		n = 0;
		rc1 = json_stream(skip_docs[i], strlen(skip_docs[i]), "t.json",
		    &skip, 1, &n, &limits, &e1);
		rc2 = json_stream(skip_docs[i], strlen(skip_docs[i]), "t.json",
		    &read, 1, &n, &limits, &e2);
		if (rc1 != rc2)
			fail_msg("document %zu: %d skipped, %d read", i, rc1,
			    rc2);
		if (rc1 == -1 && strcmp(e1, e2) != 0)
			fail_msg("document %zu: \"%s\" skipped, \"%s\" read", i,
			    e1, e2);
		/* Only the first five are valid. */
		if (rc1 != (i < 5 ? 0 : -1))
			fail_msg("document %zu: %d", i, rc1);
		free(e1);
		free(e2);
	}
}

/* The texts a text callback was offered, and which ones it read. */
struct offered {
	struct collect	 c;		/* as records with route "text" */
	const char	*read_prefix;	/* read the texts that start so */
	int		 stop;		/* 1: return -1, 2: and set *errp */
};

static int
offered_text(void *ctx, const char *path, const char *text, size_t len,
    char **errp)
{
	struct offered	*o = ctx;
	char		*copy = xstrndup(text, len);
	cJSON		*str = cJSON_CreateString(copy);

	collect_add(&o->c, "text", path, str, NULL);
	cJSON_Delete(str);
	if (o->stop == 2)
		*errp = xasprintf("stopped at %s", path);
	if (o->stop != 0) {
		free(copy);
		return -1;
	}
	len = strncmp(copy, o->read_prefix, strlen(o->read_prefix)) == 0;
	free(copy);
	return (int)len;
}

static int
offered_tree(void *ctx, const char *path, cJSON *value, const char *problem,
    char **errp)
{
	struct offered	*o = ctx;

	return collect_call(&o->c, "tree", path, value, problem, errp);
}

/* Stream doc through "r[]" with the text callback and the tree one. */
static int
stream_text(const char *doc, struct offered *o, char **errp)
{
	struct json_route	 route = { "r[]", offered_tree };
	json_text_fn		 text = offered_text;

	return json_stream_text(doc, strlen(doc), "t.json", &route, &text, 1,
	    o, NULL, errp);
}

static void
test_json_text_offers_plain_records(void **state)
{
	struct offered	 o = { { 0 }, "{\"a\"", 0 };
	char		*err = NULL;

	(void)state;
	assert_int_equal(stream_text("{\"r\": [{\"a\": \"x y\"}, "
	    "{\"a\": \"\\u0041\"}, {\"a\": 12345678901234567}, "
	    "{\"a\": 1, \"a\": 2}, {\"b\": [true, \"\xc3\xa9\"]}]}", &o,
	    &err), 0);
	assert_int_equal(o.c.n, 6);
	/* A plain record is offered as its text, and read there. */
	assert_string_equal(o.c.recs[0].route, "text");
	assert_string_equal(o.c.recs[0].path, "r[0]");
	assert_string_equal(o.c.recs[0].value, "\"{\\\"a\\\": \\\"x y\\\"}\"");
	/* Escapes, long integers and problems go to the tree callback. */
	assert_string_equal(o.c.recs[1].route, "tree");
	assert_string_equal(o.c.recs[1].path, "r[1]");
	assert_string_equal(o.c.recs[1].value, "{\"a\":\"A\"}");
	assert_string_equal(o.c.recs[2].route, "tree");
	assert_string_equal(o.c.recs[2].value, "{\"a\":\"12345678901234567\"}");
	assert_string_equal(o.c.recs[3].route, "tree");
	assert_null(o.c.recs[3].value);
	assert_non_null(o.c.recs[3].problem);
	/* A text the callback does not read is parsed next. */
	assert_string_equal(o.c.recs[4].route, "text");
	assert_string_equal(o.c.recs[4].path, "r[4]");
	assert_string_equal(o.c.recs[5].route, "tree");
	assert_string_equal(o.c.recs[5].path, "r[4]");
	assert_string_equal(o.c.recs[5].value, "{\"b\":[true,\"\xc3\xa9\"]}");
	collect_free(&o.c);
}

static void
test_json_text_stops(void **state)
{
	struct offered	 o = { { 0 }, "", 1 };
	char		*err = NULL;

	(void)state;
	assert_int_equal(stream_text("{\"r\": [1, 2]}", &o, &err), -1);
	assert_int_equal(o.c.n, 1);
	assert_string_equal(err, "t.json: reading stopped at r[0]");
	free(err);
	err = NULL;
	collect_free(&o.c);
	o.stop = 2;
	assert_int_equal(stream_text("{\"r\": [1, 2]}", &o, &err), -1);
	assert_string_equal(err, "stopped at r[0]");
	free(err);
	collect_free(&o.c);
}

/*
 * Stream doc through one route with pattern, once reading its records
 * and once keeping them in an index that is read next: the callbacks
 * must see the same records, texts, paths and problems. stop is as in
 * struct offered, and both ways must stop with the same message.
 */
static void
expect_index_alike(const char *doc, const char *pattern, int stop)
{
	struct offered		 a = { { 0 }, "{\"a\"", stop };
	struct offered		 b = { { 0 }, "{\"a\"", stop };
	struct json_route	 read = { pattern, offered_tree };
	struct json_route	 keep = { pattern, json_keep };
	struct json_index	*ix;
	json_record_fn		 fn = offered_tree;
	json_text_fn		 text = offered_text;
	char			*e1 = NULL, *e2 = NULL;
	size_t			 i;
	int			 rc1, rc2;

	rc1 = json_stream_text(doc, strlen(doc), "t.json", &read, &text, 1,
	    &a, NULL, &e1);
	assert_int_equal(json_stream_index(doc, strlen(doc), "t.json", &keep,
	    1, NULL, NULL, &ix, &e2), 0);
	assert_int_equal(b.c.n, 0);
	rc2 = json_index_read(ix, &fn, &text, &b, &e2);
	json_index_free(ix);

	assert_int_equal(rc1, rc2);
	if (rc1 == -1)
		assert_string_equal(e1, e2);
	assert_int_equal(a.c.n, b.c.n);
	for (i = 0; i < a.c.n; i++) {
		assert_string_equal(a.c.recs[i].route, b.c.recs[i].route);
		assert_string_equal(a.c.recs[i].path, b.c.recs[i].path);
		if (a.c.recs[i].value == NULL)
			assert_null(b.c.recs[i].value);
		else
			assert_string_equal(a.c.recs[i].value,
			    b.c.recs[i].value);
		if (a.c.recs[i].problem == NULL)
			assert_null(b.c.recs[i].problem);
		else
			assert_string_equal(a.c.recs[i].problem,
			    b.c.recs[i].problem);
	}
	free(e1);
	free(e2);
	collect_free(&a.c);
	collect_free(&b.c);
}

static void
test_json_index_reads_alike(void **state)
{
	struct strbuf	 doc = { NULL, 0, 0 };
	size_t		 i;

	(void)state;
	/* Texts, escapes, long integers, problems and scalars. */
	expect_index_alike("{\"r\": [{\"a\": \"x\"}, {\"a\": \"\\u0041\"}, "
	    "{\"a\": 12345678901234567}, {\"a\": 1, \"a\": 2}, "
	    "{\"b\": [true, \"}\"]} ,\n\t5, \"s\\\"]\", null, [1, 2], -1.5e3]}",
	    "r[]", 0);
	expect_index_alike("\xef\xbb\xbf[1, {\"a\": 2},\n\"s\", "
	    "{\"a\": \"\xff\"}]", "[]", 0);
	expect_index_alike("{\"m\": [[1, 2], [], [[3]], [4]], \"n\": [[5]]}",
	    "m[][]", 0);
	expect_index_alike("{\"b\": {\"x\": 1, \"y\": {\"z\": 2}, "
	    "\"w\\u0021\": 3}}", "b.*", 0);
	expect_index_alike("{\"r\": [{\"a\": 1}, {\"a\": 2}]}", "r[]", 1);
	expect_index_alike("{\"r\": [{\"a\": 1}, {\"a\": 2}]}", "r[]", 2);

	/* Indexes that carry a digit. */
	strbuf_addstr(&doc, "{\"r\": [");
	for (i = 0; i < 1001; i++)
		strbuf_addf(&doc, "%s{\"a\": %zu}", i > 0 ? ", " : "", i);
	strbuf_addstr(&doc, "]}");
	expect_index_alike(doc.buf, "r[]", 0);

	/* A path too deep to be shown whole. */
	strbuf_reset(&doc);
	strbuf_addstr(&doc, "{\"a\": ");
	for (i = 0; i < 18; i++)
		strbuf_addch(&doc, '[');
	strbuf_addstr(&doc, "1, 2, {\"x\": \"\\n\"}");
	for (i = 0; i < 18; i++)
		strbuf_addch(&doc, ']');
	strbuf_addch(&doc, '}');
	expect_index_alike(doc.buf, "a[][][][][][][][][][][][][][][][][][]", 0);
	strbuf_free(&doc);
}

static void
test_json_tokens_read_record(void **state)
{
	static const char	 text[] = "{\"a\": [1, -2.5e+3, true, false, "
	    "null], \"b c\" : {\"d\": \"\xc3\xa9 f\"}}";
	static const enum json_token want[] = {
		JSON_TOKEN_OBJECT, JSON_TOKEN_STRING, JSON_TOKEN_ARRAY,
		JSON_TOKEN_NUMBER, JSON_TOKEN_NUMBER, JSON_TOKEN_TRUE,
		JSON_TOKEN_FALSE, JSON_TOKEN_NULL, JSON_TOKEN_ARRAY_END,
		JSON_TOKEN_STRING, JSON_TOKEN_OBJECT, JSON_TOKEN_STRING,
		JSON_TOKEN_STRING, JSON_TOKEN_OBJECT_END, JSON_TOKEN_OBJECT_END,
		JSON_TOKEN_END, JSON_TOKEN_END
	};
	static const char *const strs[] = {
		NULL, "a", NULL, "1", "-2.5e+3", NULL, NULL, NULL, NULL, "b c",
		NULL, "d", "\xc3\xa9 f", NULL, NULL, NULL, NULL
	};
	struct json_tokens	 t;
	size_t			 i;

	(void)state;
	json_tokens_init(&t, text, strlen(text));
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		if (json_token_next(&t) != want[i])
			fail_msg("token %zu is not %d", i, (int)want[i]);
		if (strs[i] == NULL)
			continue;
		assert_int_equal(t.str_len, strlen(strs[i]));
		assert_memory_equal(t.str, strs[i], t.str_len);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_text_offers_plain_records),
		cmocka_unit_test(test_json_text_stops),
		cmocka_unit_test(test_json_tokens_read_record),
		cmocka_unit_test(test_json_index_reads_alike),
		cmocka_unit_test(test_json_skip_rejects_alike),
		cmocka_unit_test(test_json_route_array_elements),
		cmocka_unit_test(test_json_route_nested_arrays),
		cmocka_unit_test(test_json_route_any_key),
		cmocka_unit_test(test_json_route_any_key_then_array),
		cmocka_unit_test(test_json_path_changes_with_outer_key),
		cmocka_unit_test(test_json_route_top_level_array),
		cmocka_unit_test(test_json_route_top_level_array_mismatch),
		cmocka_unit_test(test_json_route_empty_pattern_whole),
		cmocka_unit_test(test_json_route_first_match_wins),
		cmocka_unit_test(test_json_route_matched_not_rerouted),
		cmocka_unit_test(test_json_route_unmatched_skipped),
		cmocka_unit_test(test_json_route_escaped_key_matches),
		cmocka_unit_test(test_json_route_case_sensitive),
		cmocka_unit_test(test_json_route_invalid_pattern),
		cmocka_unit_test(test_json_path_quotes_odd_keys),
		cmocka_unit_test(test_json_path_long_key_cut),
		cmocka_unit_test(test_json_path_long_escaped_key),
		cmocka_unit_test(test_json_syntax_truncated),
		cmocka_unit_test(test_json_syntax_truncated_record_rejects),
		cmocka_unit_test(test_json_syntax_separators),
		cmocka_unit_test(test_json_syntax_single_quotes),
		cmocka_unit_test(test_json_syntax_numbers),
		cmocka_unit_test(test_json_syntax_literals),
		cmocka_unit_test(test_json_syntax_escapes),
		cmocka_unit_test(test_json_syntax_control_char),
		cmocka_unit_test(test_json_syntax_position_multiline),
		cmocka_unit_test(test_json_syntax_trailing_text),
		cmocka_unit_test(test_json_syntax_empty_file),
		cmocka_unit_test(test_json_syntax_non_json_bytes),
		cmocka_unit_test(test_json_bom_at_start_accepted),
		cmocka_unit_test(test_json_bom_elsewhere_rejected),
		cmocka_unit_test(test_json_depth_at_limit),
		cmocka_unit_test(test_json_depth_over_limit),
		cmocka_unit_test(test_json_depth_huge_no_crash),
		cmocka_unit_test(test_json_depth_limit_capped_for_cjson),
		cmocka_unit_test(test_json_string_limit),
		cmocka_unit_test(test_json_record_limit),
		cmocka_unit_test(test_json_duplicate_key_in_record),
		cmocka_unit_test(test_json_duplicate_key_escaped),
		cmocka_unit_test(test_json_duplicate_key_not_across_objects),
		cmocka_unit_test(test_json_duplicate_key_at_top_rejects),
		cmocka_unit_test(test_json_duplicate_key_large_object),
		cmocka_unit_test(test_json_duplicate_key_nested_large),
		cmocka_unit_test(test_json_nul_escape_in_record),
		cmocka_unit_test(test_json_nul_escape_outside_record),
		cmocka_unit_test(test_json_invalid_utf8_in_record),
		cmocka_unit_test(test_json_valid_utf8_accepted),
		cmocka_unit_test(test_json_lone_surrogate_escape),
		cmocka_unit_test(test_json_surrogate_pair_decoded),
		cmocka_unit_test(test_json_long_number_in_record),
		cmocka_unit_test(test_json_ids_keep_all_digits),
		cmocka_unit_test(test_json_ids_through_stream),
		cmocka_unit_test(test_json_int_numbers),
		cmocka_unit_test(test_json_int_strings),
		cmocka_unit_test(test_json_fractions_untouched),
		cmocka_unit_test(test_json_text_types),
		cmocka_unit_test(test_json_bool_and_str),
		cmocka_unit_test(test_json_get_case_sensitive),
		cmocka_unit_test(test_json_callback_stop),
		cmocka_unit_test(test_json_callback_stop_on_problem),
		cmocka_unit_test(test_json_no_routes_validates),
		cmocka_unit_test(test_json_fixture_opengraph),
		cmocka_unit_test(test_json_lines_basic),
		cmocka_unit_test(test_json_lines_bad_middle_line),
		cmocka_unit_test(test_json_lines_truncated_last_line),
		cmocka_unit_test(test_json_lines_all_bad_rejected),
		cmocka_unit_test(test_json_lines_bom),
		cmocka_unit_test(test_json_lines_callback_stop),
		cmocka_unit_test(test_json_lines_limits),
		cmocka_unit_test(test_json_lines_fixture_crlf),
		cmocka_unit_test(test_json_parse_tree),
		cmocka_unit_test(test_json_parse_rejects_rules),
		cmocka_unit_test(test_json_parse_size_limit),
		cmocka_unit_test(test_json_stream_large_document),
		cmocka_unit_test(test_json_members_types),
		cmocka_unit_test(test_json_members_rejects),
		cmocka_unit_test(test_json_expect_types),
		cmocka_unit_test(test_json_expect_top_level),
		cmocka_unit_test(test_json_rewrite_walks),
		cmocka_unit_test(test_json_rewrite_stops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
