/*
 * Unit tests for importers/yaml_reader.c: scalar typing, multi-document
 * streams, splitting a List's items into records, anchors, aliases and
 * merge keys, the limits that reject a stream (alias bombs, nesting,
 * record size), the record rules (duplicate keys, complex keys, NUL,
 * unknown aliases), unrendered templates and error positions.
 */
#include "yaml_reader.h"

#include "testutil.h"
#include "xalloc.h"

/* One callback call, as the tests see it. */
struct record {
	char	*path;
	char	*value;		/* the tree, printed unformatted */
	char	*problem;
};

struct collect {
	struct record	*recs;
	size_t		 n;
	size_t		 stop_at;	/* call (from 1) to return -1 on */
};

static int
collect_fn(void *ctx, const char *path, cJSON *value, const char *problem,
    char **errp)
{
	struct collect	*c = ctx;
	struct record	*r;

	c->recs = xreallocarray(c->recs, c->n + 1, sizeof(*c->recs));
	r = &c->recs[c->n++];
	r->path = xstrdup(path);
	r->value = value != NULL ? cJSON_PrintUnformatted(value) : NULL;
	r->problem = problem != NULL ? xstrdup(problem) : NULL;
	if (c->stop_at != 0 && c->n == c->stop_at) {
		*errp = xasprintf("stopped at %s", path);
		return -1;
	}
	return 0;
}

static void
collect_free(struct collect *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++) {
		free(c->recs[i].path);
		free(c->recs[i].value);
		free(c->recs[i].problem);
	}
	free(c->recs);
	memset(c, 0, sizeof(*c));
}

/* Read doc with the options; returns yaml_reader_stream()'s result. */
static int
read_doc(const char *doc, const struct yaml_reader_options *opts,
    struct collect *c, char **errp)
{
	return yaml_reader_stream(doc, strlen(doc), "t.yaml", opts,
	    collect_fn, c, errp);
}

/* Read a one-document stream and compare its record with json. */
static void
expect_tree(const char *doc, const char *json)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	assert_int_equal(read_doc(doc, NULL, &c, &err), 0);
	assert_null(err);
	assert_int_equal(c.n, 1);
	assert_null(c.recs[0].problem);
	assert_string_equal(c.recs[0].value, json);
	collect_free(&c);
}

/* Read a stream that must be rejected with this message. */
static void
expect_rejected(const char *doc, const struct yaml_reader_options *opts,
    int rc, const char *message)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	assert_int_equal(read_doc(doc, opts, &c, &err), rc);
	assert_non_null(err);
	assert_string_equal(err, message);
	free(err);
	collect_free(&c);
}

/* Read a one-record stream whose record breaks a rule. */
static void
expect_record_problem(const char *doc, const char *problem)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	assert_int_equal(read_doc(doc, NULL, &c, &err), 0);
	assert_int_equal(c.n, 1);
	assert_null(c.recs[0].value);
	assert_non_null(c.recs[0].problem);
	assert_string_equal(c.recs[0].problem, problem);
	collect_free(&c);
}

static void
test_yaml_plain_scalars_typed(void **state)
{
	(void)state;
	expect_tree("[~, null, Null, NULL, '', x: ]",
	    "[null,null,null,null,\"\",{\"x\":null}]");
	expect_tree("[true, True, TRUE, false, False, FALSE]",
	    "[true,true,true,false,false,false]");
	expect_tree("[0, 12, -3, +4, 0x1f, 0o17, 0644]",
	    "[0,12,-3,4,31,15,420]");
	expect_tree("[999999999999999, 1000000000000000]",
	    "[999999999999999,\"1000000000000000\"]");
}

static void
test_yaml_strings_stay_strings(void **state)
{
	(void)state;
	/* YAML 1.1 words, floats and versions are not converted. */
	expect_tree("[yes, no, on, off, y, n, 1.10, 1e3, .inf, 09, 0x]",
	    "[\"yes\",\"no\",\"on\",\"off\",\"y\",\"n\",\"1.10\",\"1e3\","
	    "\".inf\",\"09\",\"0x\"]");
	expect_tree("['1', \"true\", 'null', \"~\"]",
	    "[\"1\",\"true\",\"null\",\"~\"]");
	expect_tree("a: |\n  {{ block }}\nb: >-\n  folded\n  text\n",
	    "{\"a\":\"{{ block }}\\n\",\"b\":\"folded text\"}");
	expect_tree("2024-01-02T03:04:05Z", "\"2024-01-02T03:04:05Z\"");
}

static void
test_yaml_tags(void **state)
{
	(void)state;
	expect_tree("[!!str 5, !!int \"7\", !!bool 'true', !!null '', "
	    "!custom 8, !!int nope]",
	    "[\"5\",7,true,null,\"8\",\"nope\"]");
}

static void
test_yaml_keys_not_typed(void **state)
{
	(void)state;
	expect_tree("{1: a, true: b, null: c, ~: d}",
	    "{\"1\":\"a\",\"true\":\"b\",\"null\":\"c\",\"~\":\"d\"}");
}

static void
test_yaml_multi_document(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;
	const char	*doc = "# comment only\n---\na: 1\n---\n---\n"
			    "b: 2\n...\n---\n[x]\n--- ~\n";

	(void)state;
	assert_int_equal(read_doc(doc, NULL, &c, &err), 0);
	/* The empty and the null documents are not reported. */
	assert_int_equal(c.n, 3);
	assert_string_equal(c.recs[0].path, "document 1 (line 3)");
	assert_string_equal(c.recs[0].value, "{\"a\":1}");
	assert_string_equal(c.recs[1].path, "document 3 (line 6)");
	assert_string_equal(c.recs[1].value, "{\"b\":2}");
	assert_string_equal(c.recs[2].path, "document 4 (line 9)");
	assert_string_equal(c.recs[2].value, "[\"x\"]");
	collect_free(&c);
}

static void
test_yaml_bom_skipped(void **state)
{
	(void)state;
	expect_tree("\xef\xbb\xbf" "a: 1\n", "{\"a\":1}");
}

static void
test_yaml_split_items(void **state)
{
	struct yaml_reader_options	 opts = { 0 };
	struct collect			 c = { 0 };
	char				*err = NULL;
	const char			*doc = "apiVersion: v1\nitems:\n"
					    "- kind: A\n- {kind: B}\n- 3\n"
					    "kind: List\n---\nkind: C\n"
					    "items: not-a-list\n";

	(void)state;
	opts.split_key = "items";
	assert_int_equal(read_doc(doc, &opts, &c, &err), 0);
	assert_int_equal(c.n, 4);
	assert_string_equal(c.recs[0].path, "document 1: items[0] (line 3)");
	assert_string_equal(c.recs[0].value, "{\"kind\":\"A\"}");
	assert_string_equal(c.recs[1].path, "document 1: items[1] (line 4)");
	assert_string_equal(c.recs[1].value, "{\"kind\":\"B\"}");
	assert_string_equal(c.recs[2].path, "document 1: items[2] (line 5)");
	assert_string_equal(c.recs[2].value, "3");
	/* A document whose items is no sequence stays whole. */
	assert_string_equal(c.recs[3].path, "document 2 (line 8)");
	assert_string_equal(c.recs[3].value,
	    "{\"kind\":\"C\",\"items\":\"not-a-list\"}");
	collect_free(&c);
}

static void
test_yaml_split_item_problem(void **state)
{
	struct yaml_reader_options	 opts = { 0 };
	struct collect			 c = { 0 };
	char				*err = NULL;
	const char			*doc = "items:\n- {a: 1, a: 2}\n"
					    "- {b: 1}\n";

	(void)state;
	opts.split_key = "items";
	assert_int_equal(read_doc(doc, &opts, &c, &err), 0);
	assert_int_equal(c.n, 2);
	assert_null(c.recs[0].value);
	assert_string_equal(c.recs[0].problem,
	    "line 2, column 3: duplicate key \"a\" in the mapping");
	assert_string_equal(c.recs[1].value, "{\"b\":1}");
	collect_free(&c);
}

static void
test_yaml_anchor_across_items(void **state)
{
	struct yaml_reader_options	 opts = { 0 };
	struct collect			 c = { 0 };
	char				*err = NULL;
	const char			*doc = "items:\n"
					    "- {labels: &l {app: x}}\n"
					    "- {labels: *l}\n";

	(void)state;
	opts.split_key = "items";
	assert_int_equal(read_doc(doc, &opts, &c, &err), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.recs[1].value,
	    "{\"labels\":{\"app\":\"x\"}}");
	collect_free(&c);
}

static void
test_yaml_aliases_expand(void **state)
{
	(void)state;
	expect_tree("a: &x {b: [1, 2]}\nc: *x\nd: &s text\ne: *s\n",
	    "{\"a\":{\"b\":[1,2]},\"c\":{\"b\":[1,2]},\"d\":\"text\","
	    "\"e\":\"text\"}");
	/* A later anchor of the same name replaces the earlier one. */
	expect_tree("[&a 1, *a, &a 2, *a]", "[1,1,2,2]");
}

static void
test_yaml_anchors_end_with_document(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	assert_int_equal(read_doc("a: &x 1\n---\nb: *x\n", NULL, &c, &err),
	    0);
	assert_int_equal(c.n, 2);
	assert_null(c.recs[1].value);
	assert_string_equal(c.recs[1].problem, "line 3, column 4: alias *x "
	    "refers to no anchor before it in this document");
	collect_free(&c);
}

static void
test_yaml_merge_keys(void **state)
{
	(void)state;
	expect_tree("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 5\n",
	    "{\"base\":{\"x\":1,\"y\":2},\"m\":{\"y\":5,\"x\":1}}");
	/* In a list of sources the earlier one wins. */
	expect_tree("m:\n  <<: [{x: 1}, {x: 2, z: 3}]\n",
	    "{\"m\":{\"x\":1,\"z\":3}}");
	/* A quoted "<<" is an ordinary key. */
	expect_tree("m: {\"<<\": 1}", "{\"m\":{\"<<\":1}}");
}

static void
test_yaml_merge_needs_mapping(void **state)
{
	(void)state;
	expect_record_problem("m:\n  <<: 3\n", "line 2, column 7: the merge "
	    "key << needs a mapping or a list of mappings");
}

static void
test_yaml_alias_bomb_rejected(void **state)
{
	struct strbuf_doc {
		char	 buf[4096];
	}		 d;
	size_t		 i, off;

	(void)state;
	off = (size_t)snprintf(d.buf, sizeof(d.buf),
	    "a: &a [x, x, x, x, x, x, x, x, x, x]\n");
	for (i = 1; i < 9; i++)
		off += (size_t)snprintf(d.buf + off, sizeof(d.buf) - off,
		    "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, "
		    "*%c]\n", (char)('a' + i), (char)('a' + i),
		    (char)('a' + i - 1), (char)('a' + i - 1),
		    (char)('a' + i - 1), (char)('a' + i - 1),
		    (char)('a' + i - 1), (char)('a' + i - 1),
		    (char)('a' + i - 1), (char)('a' + i - 1),
		    (char)('a' + i - 1), (char)('a' + i - 1));
	expect_rejected(d.buf, NULL, -1, "t.yaml: line 5, column 32: "
	    "anchors, aliases and merge keys expand to more than 100000 "
	    "nodes in this document; the limit guards against alias bombs");
}

static void
test_yaml_alias_budget_limit(void **state)
{
	struct yaml_reader_options	 opts = { 0 };

	(void)state;
	opts.limits.max_alias_nodes = 10;
	/* The anchor copies 4 nodes, each alias 4 more: 4 + 4 > 10 - 4. */
	expect_rejected("a: &a [1, 2, 3]\nb: [*a, *a]\n", &opts, -1,
	    "t.yaml: line 2, column 9: anchors, aliases and merge keys "
	    "expand to more than 10 nodes in this document; the limit guards "
	    "against alias bombs");
}

static void
test_yaml_depth_limit(void **state)
{
	struct yaml_reader_options	 opts = { 0 };

	(void)state;
	opts.limits.max_depth = 3;
	expect_tree("[[[1]]]", "[[[1]]]");
	expect_rejected("[[[[1]]]]", &opts, -1,
	    "t.yaml: line 1, column 4: nesting deeper than 3 levels");
	/* An alias cannot carry a tree past the limit either. */
	expect_rejected("a: &a [[1]]\nb: [*a]\n", &opts, -1,
	    "t.yaml: line 2, column 5: an alias nests deeper than 3 levels");
}

static void
test_yaml_record_size_limit(void **state)
{
	struct yaml_reader_options	 opts = { 0 };
	struct collect			 c = { 0 };
	char				*err = NULL;

	(void)state;
	opts.limits.max_record = 30;
	opts.split_key = "items";
	/* Items are measured one by one, so a long List is fine. */
	assert_int_equal(read_doc("items:\n- {a: 1, b: 2, c: 3}\n"
	    "- {a: 1, b: 2, c: 3}\n- {a: 1, b: 2, c: 3}\n", &opts, &c, &err),
	    0);
	assert_null(err);
	assert_int_equal(c.n, 3);
	collect_free(&c);
	expect_rejected("items:\n- {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6}\n",
	    &opts, -1, "t.yaml: line 2, column 1: record of more than 30 "
	    "characters is over the limit");
	expect_rejected("a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]\n", &opts,
	    -1, "t.yaml: line 1, column 1: record of more than 30 "
	    "characters is over the limit");
}

static void
test_yaml_string_limit(void **state)
{
	struct yaml_reader_options	 opts = { 0 };
	struct collect			 c = { 0 };
	char				*err = NULL;

	(void)state;
	opts.limits.max_string = 4;
	assert_int_equal(read_doc("a: 1234\n---\nb: 12345\n", &opts, &c,
	    &err), 0);
	assert_int_equal(c.n, 2);
	assert_non_null(c.recs[0].value);
	assert_null(c.recs[1].value);
	assert_string_equal(c.recs[1].problem, "line 3, column 4: string of "
	    "5 bytes is over the limit of 4 bytes");
	collect_free(&c);
}

static void
test_yaml_duplicate_keys(void **state)
{
	char	 big[2048];
	size_t	 i, off = 0;

	(void)state;
	expect_record_problem("a: 1\nb: 2\na: 3\n",
	    "line 1, column 1: duplicate key \"a\" in the mapping");
	/* A large mapping is checked by sorting its keys. */
	for (i = 0; i < 40; i++)
		off += (size_t)snprintf(big + off, sizeof(big) - off,
		    "k%zu: %zu\n", i, i);
	snprintf(big + off, sizeof(big) - off, "k7: again\n");
	expect_record_problem(big,
	    "line 1, column 1: duplicate key \"k7\" in the mapping");
}

static void
test_yaml_record_rules(void **state)
{
	(void)state;
	expect_record_problem("a: \"x\\0y\"\n",
	    "line 1, column 4: string contains a NUL character");
	expect_record_problem("? [1, 2]\n: x\n",
	    "line 1, column 3: a sequence used as a key");
	expect_record_problem("a: *nowhere\n", "line 1, column 4: alias "
	    "*nowhere refers to no anchor before it in this document");
}

static void
test_yaml_syntax_error_position(void **state)
{
	(void)state;
	expect_rejected("a: 1\nb: [1, 2\n", NULL, -1, "t.yaml: line 3, "
	    "column 1: did not find expected ',' or ']' (while parsing a "
	    "flow sequence at line 2, column 4)");
	expect_rejected("a:\n\tb: 1\n", NULL, -1, "t.yaml: line 2, column 1: "
	    "found character that cannot start any token (while scanning for "
	    "the next token at line 2, column 1)");
}

static void
test_yaml_invalid_utf8_rejected(void **state)
{
	(void)state;
	expect_rejected("a: 1\nb: \"\xff\"\n", NULL, -1, "t.yaml: line 2, "
	    "column 5: invalid leading UTF-8 octet (byte 0xff); the file "
	    "must be UTF-8");
}

static void
test_yaml_templates_rejected(void **state)
{
	struct yaml_reader_options	 opts = { 0 };

	(void)state;
	opts.reject_templates = 1;
	expect_rejected("name: {{ .Release.Name }}\n", &opts,
	    YAML_READER_TEMPLATE, "t.yaml: line 1, column 8: \"{{\" outside "
	    "a quoted string: a template placeholder that was never filled "
	    "in");
	expect_rejected("name: app-{{ .Release.Name }}\n", &opts,
	    YAML_READER_TEMPLATE, "t.yaml: line 1, column 7: \"{{\" outside "
	    "a quoted string: a template placeholder that was never filled "
	    "in");
	expect_rejected("{{- if .Values.rbac }}\na: 1\n", &opts,
	    YAML_READER_TEMPLATE, "t.yaml: line 1, column 2: \"{{\" outside "
	    "a quoted string: a template placeholder that was never filled "
	    "in");
}

static void
test_yaml_templates_allowed_quoted(void **state)
{
	struct yaml_reader_options	 opts = { 0 };
	struct collect			 c = { 0 };
	char				*err = NULL;

	(void)state;
	opts.reject_templates = 1;
	assert_int_equal(read_doc("a: \"{{ .Labels.pod }} is down\"\n"
	    "b: |\n  {{ define \"x\" }}\n", &opts, &c, &err), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.recs[0].value, "{\"a\":\"{{ .Labels.pod }} is "
	    "down\",\"b\":\"{{ define \\\"x\\\" }}\\n\"}");
	collect_free(&c);
	/* Without the option a plain placeholder is only a string. */
	expect_tree("a: x-{{ y }}\n", "{\"a\":\"x-{{ y }}\"}");
}

static void
test_yaml_callback_stop(void **state)
{
	struct collect	 c = { 0 };
	char		*err = NULL;

	(void)state;
	c.stop_at = 2;
	assert_int_equal(read_doc("a: 1\n---\nb: 2\n---\nc: 3\n", NULL, &c,
	    &err), -1);
	assert_int_equal(c.n, 2);
	assert_string_equal(err, "stopped at document 2 (line 3)");
	free(err);
	collect_free(&c);
}

static void
test_yaml_fixture_manifests(void **state)
{
	struct yaml_reader_options	 opts = { 0 };
	struct collect			 c = { 0 };
	FILE				*f;
	char				*path, *buf, *err = NULL;
	size_t				 len;

	(void)state;
	if (asprintf(&path, "%s/tests/fixtures/k8s/manifests.yaml",
	    testutil_root()) == -1)
		abort();
	f = fopen(path, "rb");
	assert_non_null(f);
	buf = xmalloc(1 << 16);
	len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	opts.split_key = "items";
	opts.reject_templates = 1;
	assert_int_equal(yaml_reader_stream(buf, len, path, &opts,
	    collect_fn, &c, &err), 0);
	/* Account, role, binding, three List items, the ConfigMap. */
	assert_int_equal(c.n, 7);
	assert_string_equal(c.recs[3].path, "document 5: items[0] (line 50)");
	assert_non_null(strstr(c.recs[4].value,
	    "\"serviceAccountName\":\"deployer\""));
	assert_non_null(strstr(c.recs[5].value,
	    "\"restartPolicy\":\"Always\""));
	assert_non_null(strstr(c.recs[6].value, "\"version\":\"1.10\""));
	collect_free(&c);
	free(buf);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(test_yaml_plain_scalars_typed),
		cmocka_unit_test(test_yaml_strings_stay_strings),
		cmocka_unit_test(test_yaml_tags),
		cmocka_unit_test(test_yaml_keys_not_typed),
		cmocka_unit_test(test_yaml_multi_document),
		cmocka_unit_test(test_yaml_bom_skipped),
		cmocka_unit_test(test_yaml_split_items),
		cmocka_unit_test(test_yaml_split_item_problem),
		cmocka_unit_test(test_yaml_anchor_across_items),
		cmocka_unit_test(test_yaml_aliases_expand),
		cmocka_unit_test(test_yaml_anchors_end_with_document),
		cmocka_unit_test(test_yaml_merge_keys),
		cmocka_unit_test(test_yaml_merge_needs_mapping),
		cmocka_unit_test(test_yaml_alias_bomb_rejected),
		cmocka_unit_test(test_yaml_alias_budget_limit),
		cmocka_unit_test(test_yaml_depth_limit),
		cmocka_unit_test(test_yaml_record_size_limit),
		cmocka_unit_test(test_yaml_string_limit),
		cmocka_unit_test(test_yaml_duplicate_keys),
		cmocka_unit_test(test_yaml_record_rules),
		cmocka_unit_test(test_yaml_syntax_error_position),
		cmocka_unit_test(test_yaml_invalid_utf8_rejected),
		cmocka_unit_test(test_yaml_templates_rejected),
		cmocka_unit_test(test_yaml_templates_allowed_quoted),
		cmocka_unit_test(test_yaml_callback_stop),
		cmocka_unit_test(test_yaml_fixture_manifests),
	};

	return cmocka_run_group_tests_name("yaml_reader", tests, NULL, NULL);
}
