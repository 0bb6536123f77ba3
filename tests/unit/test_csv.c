/*
 * Tests of the RFC 4180 reader: quoting, embedded line breaks, line
 * endings, blank lines, byte order marks and the problems it reports per
 * record.
 */
#include "testutil.h"

#include "csv.h"

/* Read every record of text; returns the count and keeps the last. */
static size_t
read_all(const char *text, struct csv *c, struct csv_record *last)
{
	struct csv_record	 rec;
	size_t			 n = 0;

	csv_init(c, text, strlen(text));
	while (csv_next(c, &rec) == 1) {
		*last = rec;
		n++;
	}
	return n;
}

static void
csv_plain_fields(void **state)
{
	struct csv		 c;
	struct csv_record	 rec;

	(void)state;
	csv_init(&c, "a,b,c\n1,,3\n", 11);
	assert_int_equal(csv_next(&c, &rec), 1);
	assert_int_equal(rec.nfields, 3);
	assert_string_equal(rec.fields[2], "c");
	assert_int_equal(rec.line, 1);
	assert_int_equal(csv_next(&c, &rec), 1);
	assert_int_equal(rec.nfields, 3);
	assert_string_equal(rec.fields[1], "");
	assert_int_equal(rec.line, 2);
	assert_int_equal(rec.index, 1);
	assert_null(rec.problem);
	assert_int_equal(csv_next(&c, &rec), 0);
	csv_free(&c);
}

static void
csv_quoted_fields(void **state)
{
	struct csv		 c;
	struct csv_record	 rec;

	(void)state;
	assert_int_equal(read_all("\"a,b\",\"say \"\"hi\"\"\",\"\"\n", &c,
	    &rec), 1);
	assert_int_equal(rec.nfields, 3);
	assert_string_equal(rec.fields[0], "a,b");
	assert_string_equal(rec.fields[1], "say \"hi\"");
	assert_string_equal(rec.fields[2], "");
	assert_null(rec.problem);
	csv_free(&c);
}

static void
csv_embedded_newline(void **state)
{
	struct csv		 c;
	struct csv_record	 rec;

	(void)state;
	csv_init(&c, "\"two\nlines\",x\r\nnext,y", 22);
	assert_int_equal(csv_next(&c, &rec), 1);
	assert_string_equal(rec.fields[0], "two\nlines");
	assert_string_equal(rec.fields[1], "x");
	assert_int_equal(rec.line, 1);
	assert_int_equal(csv_next(&c, &rec), 1);
	assert_int_equal(rec.line, 3);
	assert_string_equal(rec.fields[0], "next");
	csv_free(&c);
}

static void
csv_crlf_and_no_final_newline(void **state)
{
	struct csv		 c;
	struct csv_record	 rec;

	(void)state;
	assert_int_equal(read_all("h1,h2\r\nv1,v2", &c, &rec), 2);
	assert_string_equal(rec.fields[1], "v2");
	assert_int_equal(rec.nfields, 2);
	csv_free(&c);
}

static void
csv_blank_lines_and_bom(void **state)
{
	struct csv		 c;
	struct csv_record	 rec;

	(void)state;
	csv_init(&c, "\xef\xbb\xbfh\n\n\r\nv\n\n", 11);
	assert_int_equal(csv_next(&c, &rec), 1);
	assert_string_equal(rec.fields[0], "h");
	assert_int_equal(csv_next(&c, &rec), 1);
	assert_string_equal(rec.fields[0], "v");
	assert_int_equal(rec.line, 4);
	assert_int_equal(csv_next(&c, &rec), 0);
	csv_free(&c);
}

static void
csv_trailing_comma_empty_field(void **state)
{
	struct csv		 c;
	struct csv_record	 rec;

	(void)state;
	assert_int_equal(read_all("a,b,\n", &c, &rec), 1);
	assert_int_equal(rec.nfields, 3);
	assert_string_equal(rec.fields[2], "");
	csv_free(&c);
}

static void
csv_quote_in_unquoted_field(void **state)
{
	struct csv		 c;
	struct csv_record	 rec;

	(void)state;
	csv_init(&c, "ok\nab\"c,d\nnext\n", 15);
	assert_int_equal(csv_next(&c, &rec), 1);
	assert_null(rec.problem);
	assert_int_equal(csv_next(&c, &rec), 1);
	assert_non_null(rec.problem);
	assert_string_equal(rec.problem, "line 2, column 3: quote inside the "
	    "unquoted field 1");
	/* The reader goes on with the next record. */
	assert_int_equal(csv_next(&c, &rec), 1);
	assert_null(rec.problem);
	assert_string_equal(rec.fields[0], "next");
	csv_free(&c);
}

static void
csv_text_after_closing_quote(void **state)
{
	struct csv		 c;
	struct csv_record	 rec;

	(void)state;
	assert_int_equal(read_all("\"ab\"cd,e\n", &c, &rec), 1);
	assert_non_null(rec.problem);
	assert_non_null(strstr(rec.problem, "text after the closing quote"));
	csv_free(&c);
}

static void
csv_unterminated_quote(void **state)
{
	struct csv		 c;
	struct csv_record	 rec;

	(void)state;
	assert_int_equal(read_all("a,b\nx,\"open\nmore", &c, &rec), 2);
	assert_non_null(rec.problem);
	assert_string_equal(rec.problem, "line 2, column 3: quoted field 2 "
	    "is not closed before the end of the input");
	csv_free(&c);
}

static void
csv_nul_byte(void **state)
{
	struct csv		 c;
	struct csv_record	 rec;

	(void)state;
	csv_init(&c, "a\0b,c\n", 6);
	assert_int_equal(csv_next(&c, &rec), 1);
	assert_non_null(rec.problem);
	assert_non_null(strstr(rec.problem, "NUL byte"));
	csv_free(&c);
}

static void
csv_ragged_rows_keep_counts(void **state)
{
	struct csv		 c;
	struct csv_record	 rec;

	(void)state;
	csv_init(&c, "a,b,c\n1,2\n1,2,3,4\n", 19);
	assert_int_equal(csv_next(&c, &rec), 1);
	assert_int_equal(rec.nfields, 3);
	assert_int_equal(csv_next(&c, &rec), 1);
	assert_int_equal(rec.nfields, 2);
	assert_null(rec.problem);
	assert_int_equal(csv_next(&c, &rec), 1);
	assert_int_equal(rec.nfields, 4);
	csv_free(&c);
}

static void
csv_empty_input(void **state)
{
	struct csv		 c;
	struct csv_record	 rec;

	(void)state;
	csv_init(&c, "", 0);
	assert_int_equal(csv_next(&c, &rec), 0);
	csv_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_plain_fields),
		cmocka_unit_test(csv_quoted_fields),
		cmocka_unit_test(csv_embedded_newline),
		cmocka_unit_test(csv_crlf_and_no_final_newline),
		cmocka_unit_test(csv_blank_lines_and_bom),
		cmocka_unit_test(csv_trailing_comma_empty_field),
		cmocka_unit_test(csv_quote_in_unquoted_field),
		cmocka_unit_test(csv_text_after_closing_quote),
		cmocka_unit_test(csv_unterminated_quote),
		cmocka_unit_test(csv_nul_byte),
		cmocka_unit_test(csv_ragged_rows_keep_counts),
		cmocka_unit_test(csv_empty_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
