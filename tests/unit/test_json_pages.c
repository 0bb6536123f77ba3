/*
 * Tests of the page splitter: documents one after another as gh api
 * --paginate and saved Graph pages write them, strings that hold
 * brackets, byte order marks, unterminated pages and text between pages,
 * and the streaming of every page with its index for warnings.
 */
#include "testutil.h"

#include "json_pages.h"

struct seen {
	size_t	 n;
	size_t	 len[8];
	size_t	 line[8];
	char	 first[8];
};

static int
collect(void *ctx, const struct json_page *p, char **errp)
{
	struct seen	*s = ctx;

	(void)errp;
	if (s->n < 8) {
		s->len[s->n] = p->len;
		s->line[s->n] = p->line;
		s->first[s->n] = p->data[0];
	}
	s->n++;
	return 0;
}

static void
pages_single_array(void **state)
{
	struct seen	 s;
	const char	 doc[] = "[1, 2]\n";

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(json_pages(doc, strlen(doc), collect, &s, NULL), 1);
	assert_int_equal(s.len[0], 6);
}

static void
pages_concatenated(void **state)
{
	struct seen	 s;
	const char	 doc[] = "[1][2,\n3]\n\n{\"a\": [4]}";

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(json_pages(doc, strlen(doc), collect, &s, NULL), 3);
	assert_int_equal(s.len[0], 3);
	assert_int_equal(s.len[1], 6);
	assert_int_equal(s.line[2], 4);
	assert_int_equal(s.first[2], '{');
	assert_int_equal(json_pages_count(doc, strlen(doc)), 3);
}

static void
pages_strings_hold_brackets(void **state)
{
	struct seen	 s;
	const char	 doc[] = "[\"]\\\"[\"][{\"k\":\"}{\"}]";

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(json_pages(doc, strlen(doc), collect, &s, NULL), 2);
	assert_int_equal(s.len[0], 8);
}

static void
pages_bom_and_blanks(void **state)
{
	const char	 doc[] = "\xef\xbb\xbf \n\t[] \r\n";
	size_t		 start, len;

	(void)state;
	assert_int_equal(json_pages_count(doc, strlen(doc)), 1);
	assert_int_equal(json_pages_first(doc, strlen(doc), &start, &len), 1);
	assert_int_equal(start, 6);
	assert_int_equal(len, 2);
	assert_int_equal(json_pages_count(" \n ", 3), 0);
	assert_int_equal(json_pages_first(" \n ", 3, &start, &len), 0);
}

struct streamed {
	size_t	 page;
	size_t	 records;
	size_t	 pages_seen[4];
};

static int
on_record(void *ctx, const char *path, cJSON *value, const char *problem,
    char **errp)
{
	struct streamed	*s = ctx;

	(void)path;
	(void)value;
	(void)problem;
	(void)errp;
	if (s->records < 4)
		s->pages_seen[s->records] = s->page;
	s->records++;
	return 0;
}

static void
pages_stream_every_page(void **state)
{
	static const struct json_route	 routes[] = {{ "[]", on_record }};
	struct streamed			 s;
	const char			 doc[] = "[1,2][3]";
	char				*err = NULL, *path;

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(json_pages_stream(doc, strlen(doc), "x.json", routes,
	    1, &s, &s.page, &err), 0);
	assert_int_equal(s.records, 3);
	assert_int_equal(s.pages_seen[1], 0);
	assert_int_equal(s.pages_seen[2], 1);
	path = json_pages_path(1, 2, "[0]");
	assert_string_equal(path, "page 2: [0]");
	free(path);
	path = json_pages_path(0, 1, "[0]");
	assert_string_equal(path, "[0]");
	free(path);
}

static void
pages_bad_page_named(void **state)
{
	static const struct json_route	 routes[] = {{ "[]", on_record }};
	struct streamed			 s;
	const char			 doc[] = "[1]\n[2,]\n";
	const char			 trail[] = "[1] x";
	const char			 open[] = "[1][2";
	char				*err = NULL;

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(json_pages_stream(doc, strlen(doc), "x.json", routes,
	    1, &s, &s.page, &err), -1);
	assert_non_null(strstr(err, "x.json (page 2 from line 2): line 1"));
	free(err);
	err = NULL;
	/* Text between or after pages is a page of its own, rejected. */
	assert_int_equal(json_pages_stream(trail, strlen(trail), "t.json",
	    routes, 1, &s, &s.page, &err), -1);
	assert_non_null(strstr(err, "t.json (page 2 from line 1)"));
	free(err);
	err = NULL;
	/* A page that never closes runs to the end and is truncated. */
	assert_int_equal(json_pages_count(open, strlen(open)), 2);
	assert_int_equal(json_pages_stream(open, strlen(open), "o.json",
	    routes, 1, &s, &s.page, &err), -1);
	assert_non_null(strstr(err, "o.json (page 2"));
	free(err);
	err = NULL;
	assert_int_equal(json_pages_stream("  ", 2, "e.json", routes, 1, &s,
	    &s.page, &err), -1);
	assert_non_null(strstr(err, "holds no JSON document"));
	free(err);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(pages_single_array),
		cmocka_unit_test(pages_concatenated),
		cmocka_unit_test(pages_strings_hold_brackets),
		cmocka_unit_test(pages_bom_and_blanks),
		cmocka_unit_test(pages_stream_every_page),
		cmocka_unit_test(pages_bad_page_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
