/*
 * The JSON reader's streaming API: routes, records and the entry points
 * json_stream(), json_stream_lines() and json_parse(). See json.h for the
 * contract and json_scan.c for the scanner.
 *
 * When a value starts at a routed path it becomes the current record. At
 * the end of the record its bytes are copied, with long integers quoted,
 * and handed to cJSON, so cJSON only parses text that the scanner has
 * validated.
 */
#include "json_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/*
 * Split each route pattern into parts: a name before '.', '[' or the end
 * is a key ("*" for any key) and each "[]" is an array element. "[]" may
 * start a pattern, and the empty pattern is the top-level value.
 */
static int
json_pattern_parse(struct json_scan *s, struct json_pattern *pat,
    const char *text)
{
	struct json_part	*part;
	const char		*p = text, *name;

	pat->first = s->nparts;
	pat->nparts = 0;
	if (*p == '\0')
		return 0;
	for (;;) {
		name = p;
		while (*p != '\0' && strchr(".[]", *p) == NULL)
			p++;
		if (p == name && !(name == text && *p == '['))
			return -1;
		if (p > name) {
			part = &s->parts[s->nparts++];
			part->key = name;
			part->keylen = (size_t)(p - name);
			part->kind = part->keylen == 1 && *name == '*' ?
			    JSON_PART_ANYKEY : JSON_PART_KEY;
			pat->nparts++;
		}
		while (p[0] == '[' && p[1] == ']') {
			s->parts[s->nparts++].kind = JSON_PART_INDEX;
			pat->nparts++;
			p += 2;
		}
		if (*p == '\0')
			return 0;
		if (*p != '.')
			return -1;
		p++;
	}
}

/*
 * Compile the routes, with the text callbacks texts (NULL: none). An
 * invalid pattern or a missing callback fails.
 */
static int
json_routes_compile(struct json_scan *s, const struct json_route *routes,
    const json_text_fn *texts, size_t nroutes)
{
	size_t	 total = 0, i;

	for (i = 0; i < nroutes; i++) {
		if (routes[i].pattern == NULL || routes[i].fn == NULL) {
			s->err = xasprintf("route %zu has no %s", i,
			    routes[i].fn == NULL ? "callback" : "pattern");
			return -1;
		}
		total += strlen(routes[i].pattern);
	}
	s->patterns = xreallocarray(NULL, nroutes + 1, sizeof *s->patterns);
	s->parts = xreallocarray(NULL, total + 1, sizeof *s->parts);
	for (i = 0; i < nroutes; i++) {
		s->patterns[i].fn = routes[i].fn;
		s->patterns[i].text = texts != NULL ? texts[i] : NULL;
		if (json_pattern_parse(s, &s->patterns[i],
		    routes[i].pattern) == -1) {
			s->err = xasprintf("invalid route pattern \"%s\"",
			    routes[i].pattern);
			return -1;
		}
	}
	s->npatterns = nroutes;
	return 0;
}

/* Whether the current key of frame f is the given text. */
static int
json_key_is(struct json_scan *s, const struct json_frame *f,
    const char *key, size_t keylen)
{
	struct strbuf	*sb = &s->scratch[0];

	if (!f->key_escaped)
		return f->key_len == keylen &&
		    memcmp(s->buf + f->key_off, key, keylen) == 0;

	/*
	 * An escape is at most 6 bytes for one decoded byte, so a longer key
	 * cannot match. This bounds the work for every value under the key.
	 */
	if (f->key_len / 6 > keylen)
		return 0;
	strbuf_reset(sb);
	json_decode(sb, s->buf + f->key_off, f->key_len, SIZE_MAX);
	return sb->len == keylen && memcmp(sb->buf, key, keylen) == 0;
}

/* The first route matching the path of the value starting now, or NULL. */
const struct json_pattern *
json_route_match(struct json_scan *s)
{
	const struct json_pattern	*pat;
	const struct json_part		*part;
	const struct json_frame		*f;
	size_t				 i, j;

	for (i = 0; i < s->npatterns; i++) {
		pat = &s->patterns[i];
		if (pat->nparts != s->nframes)
			continue;
		for (j = 0; j < pat->nparts; j++) {
			part = &s->parts[pat->first + j];
			f = &s->frames[j];
			if (!f->is_object) {
				if (part->kind != JSON_PART_INDEX)
					break;
			} else if (part->kind == JSON_PART_INDEX)
				break;
			else if (part->kind == JSON_PART_KEY &&
			    !json_key_is(s, f, part->key, part->keylen))
				break;
		}
		if (j == pat->nparts)
			return pat;
	}
	return NULL;
}

/*
 * Return the route of the value starting now, as json_route_match()
 * finds it. Every element of one array has the same route, because "[]"
 * matches any index, so the route of the first element is kept for the
 * rest. json_pop() drops it when it closes the array.
 */
const struct json_pattern *
json_route_find(struct json_scan *s)
{
	if (s->nframes == 0 || s->frames[s->nframes - 1].is_object)
		return json_route_match(s);
	if (s->elem_frames != s->nframes) {
		s->elem_route = json_route_match(s);
		s->elem_frames = s->nframes;
	}
	return s->elem_route;
}

/* Make the value starting at s->pos the current record. */
void
json_record_begin(struct json_scan *s, const struct json_pattern *route)
{
	s->in_record = 1;
	s->route = route;
	s->rec_start = s->pos;
	s->rec_depth = s->nframes;
	s->rec_escaped = 0;
	s->has_problem = 0;
	s->nlongnums = 0;
}

/*
 * Note that a record's callback returned -1 and keep its message, or
 * make one. Returns -1.
 */
static int
json_record_stop(struct json_scan *s, const char *path, char *cb_err)
{
	s->stopped = 1;
	if (cb_err == NULL)
		cb_err = xasprintf("%s: reading stopped at %s", s->name,
		    *path != '\0' ? path : "the top-level value");
	s->cb_err = cb_err;
	return -1;
}

/* Call the record's callback, which stops the scan by returning -1. */
static int
json_record_call(struct json_scan *s, const char *path, cJSON *value,
    const char *problem)
{
	char	*cb_err = NULL;

	if (s->route->fn(s->ctx, path, value, problem, &cb_err) == 0) {
		free(cb_err);
		return 0;
	}
	return json_record_stop(s, path, cb_err);
}

/*
 * Offer the text of the record to the route's text callback, when it has
 * one and the record is plain enough for it. Returns 1 when the callback
 * read the record, 0 when it is to be parsed, -1 when it stopped.
 */
static int
json_record_text(struct json_scan *s, const char *path)
{
	char	*cb_err = NULL;
	int	 rc;

	if (s->route->text == NULL || s->rec_escaped || s->nlongnums > 0)
		return 0;
	rc = s->route->text(s->ctx, path, s->buf + s->rec_start,
	    s->rec_end - s->rec_start, &cb_err);
	if (rc != -1) {
		free(cb_err);
		return rc;
	}
	return json_record_stop(s, path, cb_err);
}

/*
 * The path of the record that ends now. The steps above its own are kept
 * from the record before, because the records of one array share them.
 * json_pop() drops them when it closes one of their containers.
 */
static const char *
json_record_path(struct json_scan *s)
{
	size_t	 n = s->nframes, i;

	if (n == 0 || n > JSON_PATH_HEAD + JSON_PATH_TAIL) {
		s->path_frames = JSON_NONE;
		strbuf_reset(&s->path);
		json_show_path(s, &s->path);
		return strbuf_str(&s->path);
	}
	if (s->path_frames != n - 1) {
		strbuf_reset(&s->path);
		for (i = 0; i < n - 1; i++)
			json_show_step(s, &s->path, i, 0);
		s->path_frames = n - 1;
		s->path_len = s->path.len;
	}
	strbuf_truncate(&s->path, s->path_len);
	json_show_step(s, &s->path, n - 1, 0);
	return strbuf_str(&s->path);
}

/* Name the JSON type of the value that starts with byte c. */
static const char *
json_type_name(int c)
{
	switch (c) {
	case '{':
		return "an object";
	case '[':
		return "an array";
	case '"':
		return "a string";
	case 't':
	case 'f':
		return "a boolean";
	case 'n':
		return "null";
	default:
		return "a number";
	}
}

/*
 * Check the value that starts with byte c against a json_expect_object
 * or json_expect_array route. A byte that starts no value is left to the
 * scan, which rejects it next.
 */
int
json_expect_type(struct json_scan *s, const struct json_pattern *route,
    int c)
{
	int	 want = route->fn == json_expect_object ? '{' : '[';

	if (c == want || (c != '{' && c != '[' && c != '"' && c != 't' &&
	    c != 'f' && c != 'n' && c != '-' && !json_isdigit(c)))
		return 0;
	return json_fail(s, s->pos, "expected %s, found %s",
	    json_type_name(want), json_type_name(c));
}

/*
 * Finish the record that ends at s->rec_end: reject it when over the size
 * limit, else keep it in the index or pass it to its route.
 */
int
json_record_end(struct json_scan *s)
{
	const char	*path;
	size_t		 len = s->rec_end - s->rec_start;

	s->in_record = 0;
	if (len > s->max_record)
		return json_fail(s, s->rec_start, "record of %zu bytes is over "
		    "the limit of %zu bytes", len, s->max_record);
	/* A skipped record was checked for syntax; its problems wait. */
	if (s->route->fn == json_skip)
		return 0;
	path = s->lines ? s->line_path : json_record_path(s);
	/* Without an index to keep it in, a kept record is skipped. */
	if (s->route->fn == json_keep) {
		if (s->index != NULL)
			json_index_keep(s, path);
		return 0;
	}
	return json_record_deliver(s, path);
}

/*
 * Pass the record s->buf[rec_start..rec_end) at path to its route: its
 * problem, or its text, or its tree. Long integers are quoted in the copy
 * cJSON parses, so that cJSON keeps all their digits.
 */
int
json_record_deliver(struct json_scan *s, const char *path)
{
	const char	*parse_end;
	cJSON		*tree;
	size_t		 from, i;
	int		 rc;

	if (s->has_problem)
		return json_record_call(s, path, NULL, s->problem.buf);
	if ((rc = json_record_text(s, path)) != 0) {
		s->ndelivered += rc == 1;
		return rc == 1 ? 0 : -1;
	}

	strbuf_reset(&s->copy);
	from = s->rec_start;
	for (i = 0; i < s->nlongnums; i += 2) {
		strbuf_add(&s->copy, s->buf + from, s->longnums[i] - from);
		strbuf_addch(&s->copy, '"');
		strbuf_add(&s->copy, s->buf + s->longnums[i],
		    s->longnums[i + 1]);
		strbuf_addch(&s->copy, '"');
		from = s->longnums[i] + s->longnums[i + 1];
	}
	strbuf_add(&s->copy, s->buf + from, s->rec_end - from);

	tree = cJSON_ParseWithLengthOpts(s->copy.buf, s->copy.len + 1,
	    &parse_end, 1);
	if (tree == NULL)
		return json_fail(s, s->rec_start, "cJSON could not parse this "
		    "record although it is valid JSON (out of memory, or a "
		    "bug in trustwalk)");
	s->ndelivered++;
	if (s->keep_root) {
		s->root = tree;
		return 0;
	}
	rc = json_record_call(s, path, tree, NULL);
	cJSON_Delete(tree);
	return rc;
}

/* Hand the scan's error to the caller: the callback's, or with the name. */
void
json_scan_error(struct json_scan *s, char **errp)
{
	if (s->stopped) {
		*errp = s->cb_err;
		s->cb_err = NULL;
	} else
		*errp = xasprintf("%s: %s", s->name,
		    s->err != NULL ? s->err : "unknown error");
}

static int	json_stream_into(const char *, size_t, const char *,
		    const struct json_route *, const json_text_fn *, size_t,
		    void *, const struct json_limits *, struct json_index *,
		    char **);

int
json_stream(const char *buf, size_t len, const char *name,
    const struct json_route *routes, size_t nroutes, void *ctx,
    const struct json_limits *limits, char **errp)
{
	return json_stream_text(buf, len, name, routes, NULL, nroutes, ctx,
	    limits, errp);
}

int
json_stream_text(const char *buf, size_t len, const char *name,
    const struct json_route *routes, const json_text_fn *texts,
    size_t nroutes, void *ctx, const struct json_limits *limits,
    char **errp)
{
	return json_stream_into(buf, len, name, routes, texts, nroutes, ctx,
	    limits, NULL, errp);
}

int
json_stream_index(const char *buf, size_t len, const char *name,
    const struct json_route *routes, size_t nroutes, void *ctx,
    const struct json_limits *limits, struct json_index **index,
    char **errp)
{
	*index = json_index_create(buf, len, name, nroutes);
	if (json_stream_into(buf, len, name, routes, NULL, nroutes, ctx,
	    limits, *index, errp) == 0)
		return 0;
	json_index_free(*index);
	*index = NULL;
	return -1;
}

/*
 * Scan a document for json_stream_text(), keeping the records of
 * json_keep routes in index when it is not NULL.
 */
static int
json_stream_into(const char *buf, size_t len, const char *name,
    const struct json_route *routes, const json_text_fn *texts,
    size_t nroutes, void *ctx, const struct json_limits *limits,
    struct json_index *index, char **errp)
{
	struct json_scan	 s;
	int			 rc = -1;

	json_scan_init(&s, buf, len, name, limits);
	s.ctx = ctx;
	s.index = index;
	if (index != NULL && s.max_record > JSON_INDEX_MAX)
		s.max_record = JSON_INDEX_MAX;
	if (json_routes_compile(&s, routes, texts, nroutes) == -1)
		goto out;

	json_skip_ws(&s);
	if (s.pos == s.end) {
		s.err = xstrdup("empty file, expected a JSON document");
		goto out;
	}
	rc = json_scan_document(&s);

out:
	if (rc == -1)
		json_scan_error(&s, errp);
	json_scan_free(&s);
	return rc;
}

static int
json_line_is_blank(const char *p, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return 0;
	}
	return 1;
}

/*
 * Scan one non-blank line [start, end) as one record. A line that fails
 * is passed to the callback as a problem, so only a callback's -1 fails.
 */
static int
json_scan_line(struct json_scan *s, size_t start, size_t end, size_t line)
{
	char	*problem;
	int	 rc;

	s->pos = s->base = s->mark_off = s->mark_bol = start;
	s->end = end;
	s->line = s->mark_line = line;
	snprintf(s->line_path, sizeof s->line_path, "line %zu", line);

	if (end - start > s->max_record) {
		problem = xasprintf("line %zu, column 1: line of %zu bytes is "
		    "over the limit of %zu bytes for one record", line,
		    end - start, s->max_record);
		s->route = &s->patterns[0];
		rc = json_record_call(s, s->line_path, NULL, problem);
		free(problem);
		return rc;
	}

	if (json_scan_document(s) == 0)
		return 0;
	if (s->stopped)
		return -1;

	/* A syntax error: clear the scan state for the next line. */
	while (s->nframes > 0)
		json_pop(s);
	s->in_record = 0;
	s->route = &s->patterns[0];
	problem = s->err;
	s->err = NULL;
	rc = json_record_call(s, s->line_path, NULL, problem);
	free(problem);
	return rc;
}

int
json_stream_lines(const char *buf, size_t len, const char *name,
    json_record_fn fn, void *ctx, const struct json_limits *limits,
    char **errp)
{
	struct json_scan	 s;
	struct json_route	 route = { "", fn };
	const char		*nl;
	size_t			 pos, end, next, line = 0, nlines = 0;
	int			 rc = -1;

	json_scan_init(&s, buf, len, name, limits);
	s.ctx = ctx;
	s.lines = 1;
	if (json_routes_compile(&s, &route, NULL, 1) == -1)
		goto out;

	for (pos = s.pos; pos < len; pos = next) {
		line++;
		nl = memchr(buf + pos, '\n', len - pos);
		end = nl != NULL ? (size_t)(nl - buf) : len;
		next = nl != NULL ? end + 1 : len;
		if (end > pos && buf[end - 1] == '\r')
			end--;
		if (json_line_is_blank(buf + pos, end - pos))
			continue;
		nlines++;
		if (json_scan_line(&s, pos, end, line) == -1)
			goto out;
	}

	if (nlines == 0)
		s.err = xstrdup("empty file, expected JSON Lines (one JSON "
		    "value per line)");
	else if (s.ndelivered == 0)
		s.err = xasprintf("none of the %zu non-blank lines is a valid "
		    "record; is this a JSON Lines file?", nlines);
	else
		rc = 0;

out:
	if (rc == -1)
		json_scan_error(&s, errp);
	json_scan_free(&s);
	return rc;
}

cJSON *
json_parse(const char *buf, size_t len, const char *name,
    const struct json_limits *limits, char **errp)
{
	struct json_scan	 s;
	struct json_pattern	 whole = { 0, 0, NULL, NULL };
	cJSON			*root = NULL;

	json_scan_init(&s, buf, len, name, limits);
	s.strict = 1;
	s.keep_root = 1;
	s.patterns = xmalloc(sizeof *s.patterns);
	s.patterns[0] = whole;
	s.npatterns = 1;

	if (len > s.max_record) {
		s.err = xasprintf("document of %zu bytes is over the limit of "
		    "%zu bytes", len, s.max_record);
		goto out;
	}
	json_skip_ws(&s);
	if (s.pos == s.end) {
		s.err = xstrdup("empty file, expected a JSON document");
		goto out;
	}
	if (json_scan_document(&s) == 0) {
		root = s.root;
		s.root = NULL;
	}

out:
	if (root == NULL)
		json_scan_error(&s, errp);
	json_scan_free(&s);
	return root;
}

int
json_keep(void *ctx, const char *path, cJSON *value, const char *problem,
    char **errp)
{
	(void)ctx;
	(void)path;
	(void)value;
	(void)problem;
	(void)errp;
	return 0;
}

int
json_skip(void *ctx, const char *path, cJSON *value, const char *problem,
    char **errp)
{
	(void)ctx;
	(void)path;
	(void)value;
	(void)problem;
	(void)errp;
	return 0;
}

int
json_expect_object(void *ctx, const char *path, cJSON *value,
    const char *problem, char **errp)
{
	(void)ctx;
	(void)path;
	(void)value;
	(void)problem;
	(void)errp;
	return 0;
}

int
json_expect_array(void *ctx, const char *path, cJSON *value,
    const char *problem, char **errp)
{
	(void)ctx;
	(void)path;
	(void)value;
	(void)problem;
	(void)errp;
	return 0;
}

int
json_members(const char *buf, size_t len, const char *name,
    json_member_fn fn, void *ctx, const struct json_limits *limits,
    char **errp)
{
	struct json_route	 route = { "*", json_skip };
	struct json_scan	 s;
	char			 found[64];
	int			 rc = -1;

	json_scan_init(&s, buf, len, name, limits);
	s.member_fn = fn;
	s.member_ctx = ctx;
	/*
	 * Each member is a skipped record, so that record problems wait for
	 * the pass that reads it. A skipped record is never copied, so its
	 * size is not limited here.
	 */
	if (json_routes_compile(&s, &route, NULL, 1) == -1)
		goto out;
	s.max_record = SIZE_MAX;
	json_skip_ws(&s);
	if (s.pos == s.end) {
		s.err = xstrdup("empty file, expected a JSON document");
		goto out;
	}
	if (s.buf[s.pos] != '{') {
		json_fail(&s, s.pos, "expected a JSON object, found %s",
		    JSON_FOUND(&s, s.pos));
		goto out;
	}
	rc = json_scan_document(&s);
out:
	if (rc == -1 && s.stopped) {
		*errp = xasprintf("%s: reading stopped by the importer", name);
		s.stopped = 0;
	} else if (rc == -1)
		json_scan_error(&s, errp);
	json_scan_free(&s);
	return rc;
}
