/* seeds: tests/fixtures/json tests/fixtures/opengraph tests/bad/opengraph tests/bad/generic
 *
 * Fuzz target for the JSON reader (importers/json*.c): json_stream() with
 * one of several route sets, json_stream_lines() and json_parse(), with
 * the default limits or small ones. The first input byte picks the route
 * set and the limits; the rest is the document.
 *
 * Every record delivered is read with the accessors, rewritten with
 * json_rewrite(), printed by cJSON and parsed back, which must succeed:
 * a record the reader passed is valid JSON within its limits. A record
 * with a problem has a message; a rejected document has a message.
 * Records offered as text must read as one value, and a document must
 * be rejected alike whether its records are skipped or read. Records
 * kept in an index and read from it must reach the callbacks as they do
 * when read during the scan.
 */
#include <string.h>

#include "fuzz.h"
#include "json.h"
#include "strbuf.h"
#include "xalloc.h"

static const struct json_route	 fuzz_routes_og[] = {
	{ "", json_expect_object },
	{ "metadata", NULL },
	{ "graph", json_expect_object },
	{ "graph.nodes", json_expect_array },
	{ "graph.nodes[]", NULL },
	{ "graph.edges[]", NULL },
};
static const struct json_route	 fuzz_routes_any[] = {
	{ "[]", NULL },
	{ "*", NULL },
	{ "items[][]", NULL },
	{ "a.*.b", NULL },
};

/* Replace every other string and number, to exercise the rewriting. */
static int
fuzz_rewrite(void *ctx, enum json_rewrite_what what, const char *name,
    const char *text, char **out)
{
	int	*n = ctx;

	(void)name;
	FUZZ_CHECK(text != NULL);
	if (what == JSON_REWRITE_KEY || (*n)++ % 2 == 0)
		return 0;
	*out = xasprintf("<%zu>", strlen(text));
	return 1;
}

static int
fuzz_record(void *ctx, const char *path, cJSON *value, const char *problem,
    char **errp)
{
	const cJSON	*item;
	cJSON		*back;
	char		 buf[JSON_TEXT_BUFSZ], *printed, *err = NULL;
	int64_t		 i64;
	int		 b, n = 0;

	(void)ctx;
	(void)errp;
	FUZZ_CHECK(path != NULL);
	if (value == NULL) {
		FUZZ_CHECK(problem != NULL && *problem != '\0');
		return 0;
	}
	FUZZ_CHECK(problem == NULL);
	cJSON_ArrayForEach(item, value) {
		if (item->string == NULL)
			continue;
		(void)json_get(value, item->string);
		(void)json_str(value, item->string);
		(void)json_int(value, item->string, &i64);
		(void)json_bool(value, item->string, &b);
		(void)json_text(value, item->string, buf);
	}
	FUZZ_CHECK(json_rewrite(value, fuzz_rewrite, &n) == 0);
	printed = cJSON_PrintUnformatted(value);
	FUZZ_CHECK(printed != NULL);
	back = json_parse(printed, strlen(printed), "printed", NULL, &err);
	if (back == NULL)
		fprintf(stderr, "reparse failed: %s\n", err);
	FUZZ_CHECK(back != NULL);
	cJSON_Delete(back);
	free(printed);
	return 0;
}

/*
 * Read a record's text token by token: the tokens must make one value
 * that ends with the text, and the text must parse on its own. Every
 * other record is then also parsed and passed to fuzz_record().
 */
static int
fuzz_text(void *ctx, const char *path, const char *text, size_t len,
    char **errp)
{
	const struct json_limits *limits = ctx;
	struct json_tokens	 t;
	enum json_token		 tok;
	cJSON			*tree;
	size_t			 depth = 0, values = 0;
	char			*err = NULL;
	static unsigned		 calls;

	(void)errp;
	FUZZ_CHECK(path != NULL && len > 0);
	json_tokens_init(&t, text, len);
	while ((tok = json_token_next(&t)) != JSON_TOKEN_END) {
		if (tok == JSON_TOKEN_OBJECT || tok == JSON_TOKEN_ARRAY)
			depth++;
		else if (tok == JSON_TOKEN_OBJECT_END ||
		    tok == JSON_TOKEN_ARRAY_END) {
			FUZZ_CHECK(depth > 0);
			depth--;
		} else if (tok == JSON_TOKEN_STRING)
			FUZZ_CHECK(t.str >= text && t.str + t.str_len < text +
			    len && memchr(t.str, '\\', t.str_len) == NULL);
		if (depth == 0)
			values++;
	}
	FUZZ_CHECK(depth == 0 && values == 1 && t.pos == len);
	tree = json_parse(text, len, "text", limits, &err);
	if (tree == NULL)
		fprintf(stderr, "text failed to parse: %s\n", err);
	FUZZ_CHECK(tree != NULL);
	cJSON_Delete(tree);
	return calls++ % 2;
}

/*
 * A route set with every record callback set to fuzz_record, and with
 * fuzz_text() offered the plain records.
 */
static void
fuzz_stream(const char *doc, size_t len, const struct json_route *model,
    size_t n, const struct json_limits *limits)
{
	struct json_route	 routes[8];
	json_text_fn		 texts[8];
	char			*err = NULL;
	size_t			 i;

	for (i = 0; i < n; i++) {
		routes[i] = model[i];
		if (routes[i].fn == NULL)
			routes[i].fn = fuzz_record;
		texts[i] = fuzz_text;
	}
	if (json_stream_text(doc, len, "fuzz.json", routes, texts, n,
	    (void *)limits, limits, &err) == -1)
		FUZZ_CHECK(err != NULL && *err != '\0');
	free(err);
}

static int
fuzz_count(void *ctx, const char *path, cJSON *value, const char *problem,
    char **errp)
{
	(void)ctx;
	(void)path;
	(void)value;
	(void)problem;
	(void)errp;
	return 0;
}

/*
 * Stream the document with its records skipped and with them read: it
 * must be rejected alike, with the same message, because skipping a
 * record only leaves its problems unreported.
 */
static void
fuzz_skip_alike(const char *doc, size_t len, const struct json_route *model,
    size_t n, const struct json_limits *limits)
{
	struct json_route	 skip[8], read[8];
	char			*e1 = NULL, *e2 = NULL;
	size_t			 i;
	int			 rc1, rc2;

	for (i = 0; i < n; i++) {
		skip[i] = read[i] = model[i];
		if (model[i].fn == NULL) {
			skip[i].fn = json_skip;
			read[i].fn = fuzz_count;
		}
	}
	rc1 = json_stream(doc, len, "fuzz.json", skip, n, NULL, limits, &e1);
	rc2 = json_stream(doc, len, "fuzz.json", read, n, NULL, limits, &e2);
	if (rc1 != rc2 || (rc1 == -1 && strcmp(e1, e2) != 0))
		fprintf(stderr, "skipped: %d %s\nread: %d %s\n", rc1,
		    e1 != NULL ? e1 : "", rc2, e2 != NULL ? e2 : "");
	FUZZ_CHECK(rc1 == rc2);
	FUZZ_CHECK(rc1 == 0 || strcmp(e1, e2) == 0);
	free(e1);
	free(e2);
}

/* What the callbacks of one way of reading saw, in order. */
struct fuzz_log {
	struct strbuf	 sb;
	unsigned	 texts;
};

static int
fuzz_log_record(void *ctx, const char *path, cJSON *value,
    const char *problem, char **errp)
{
	struct fuzz_log	*log = ctx;
	char		*printed = value != NULL ?
			    cJSON_PrintUnformatted(value) : NULL;

	(void)errp;
	strbuf_addf(&log->sb, "R %s|%s|%s\n", path, problem != NULL ?
	    problem : "-", printed != NULL ? printed : "-");
	free(printed);
	return 0;
}

static int
fuzz_log_text(void *ctx, const char *path, const char *text, size_t len,
    char **errp)
{
	struct fuzz_log	*log = ctx;

	(void)errp;
	strbuf_addf(&log->sb, "T %s|%zu|", path, len);
	strbuf_add(&log->sb, text, len);
	strbuf_addch(&log->sb, '\n');
	return log->texts++ % 2;
}

static int
fuzz_log_equal(const struct fuzz_log *a, const struct fuzz_log *b)
{
	return a->sb.len == b->sb.len && (a->sb.len == 0 ||
	    memcmp(a->sb.buf, b->sb.buf, a->sb.len) == 0);
}

/*
 * Read the document's records as they are scanned, and again from an
 * index kept by a first scan: the callbacks must see the same, and a
 * document must be rejected alike.
 */
static void
fuzz_index_alike(const char *doc, size_t len,
    const struct json_route *model, size_t n,
    const struct json_limits *limits)
{
	struct json_route	 read[8], keep[8];
	json_record_fn		 fns[8];
	json_text_fn		 texts[8];
	struct fuzz_log		 a = { { NULL, 0, 0 }, 0 };
	struct fuzz_log		 b = { { NULL, 0, 0 }, 0 };
	struct json_index	*ix;
	char			*e1 = NULL, *e2 = NULL;
	size_t			 i;
	int			 rc1, rc2;

	for (i = 0; i < n; i++) {
		read[i] = keep[i] = model[i];
		fns[i] = NULL;
		texts[i] = fuzz_log_text;
		if (model[i].fn == NULL) {
			read[i].fn = fns[i] = fuzz_log_record;
			keep[i].fn = json_keep;
		}
	}
	rc1 = json_stream_text(doc, len, "fuzz.json", read, texts, n, &a,
	    limits, &e1);
	rc2 = json_stream_index(doc, len, "fuzz.json", keep, n, &b, limits,
	    &ix, &e2);
	if (rc2 == 0)
		rc2 = json_index_read(ix, fns, texts, &b, &e2);
	json_index_free(ix);
	if (rc1 != rc2 || (rc1 == -1 && strcmp(e1, e2) != 0) ||
	    (rc1 == 0 && !fuzz_log_equal(&a, &b)))
		fprintf(stderr, "read: %d %s\n%.*s\nindexed: %d %s\n%.*s\n",
		    rc1, e1 != NULL ? e1 : "", (int)a.sb.len,
		    a.sb.buf != NULL ? a.sb.buf : "", rc2, e2 != NULL ? e2 : "",
		    (int)b.sb.len, b.sb.buf != NULL ? b.sb.buf : "");
	FUZZ_CHECK(rc1 == rc2);
	FUZZ_CHECK(rc1 == 0 || strcmp(e1, e2) == 0);
	FUZZ_CHECK(rc1 == -1 || fuzz_log_equal(&a, &b));
	strbuf_free(&a.sb);
	strbuf_free(&b.sb);
	free(e1);
	free(e2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_limits	 small = { 8, 64, 512 };
	const struct json_limits *limits;
	const char		*doc;
	cJSON			*tree;
	char			*err = NULL;
	size_t			 len;

	fuzz_locale();
	if (size < 1)
		return 0;
	limits = (data[0] & 0x4) ? &small : NULL;
	doc = (const char *)data + 1;
	len = size - 1;

	switch (data[0] & 0x3) {
	case 0:
		fuzz_stream(doc, len, fuzz_routes_og, sizeof fuzz_routes_og /
		    sizeof fuzz_routes_og[0], limits);
		fuzz_skip_alike(doc, len, fuzz_routes_og,
		    sizeof fuzz_routes_og / sizeof fuzz_routes_og[0], limits);
		fuzz_index_alike(doc, len, fuzz_routes_og,
		    sizeof fuzz_routes_og / sizeof fuzz_routes_og[0], limits);
		break;
	case 1:
		fuzz_stream(doc, len, fuzz_routes_any, sizeof fuzz_routes_any /
		    sizeof fuzz_routes_any[0], limits);
		fuzz_skip_alike(doc, len, fuzz_routes_any,
		    sizeof fuzz_routes_any / sizeof fuzz_routes_any[0], limits);
		fuzz_index_alike(doc, len, fuzz_routes_any,
		    sizeof fuzz_routes_any / sizeof fuzz_routes_any[0], limits);
		break;
	case 2:
		if (json_stream_lines(doc, len, "fuzz.jsonl", fuzz_record,
		    NULL, limits, &err) == -1)
			FUZZ_CHECK(err != NULL);
		free(err);
		break;
	default:
		tree = json_parse(doc, len, "fuzz.json", limits, &err);
		if (tree == NULL)
			FUZZ_CHECK(err != NULL);
		else
			fuzz_record(NULL, "", tree, NULL, &err);
		cJSON_Delete(tree);
		free(err);
		break;
	}
	return 0;
}
