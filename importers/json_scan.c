/*
 * The scanner of the JSON reader: see json.h for the contract.
 *
 * json_scan_value() walks the buffer once with an explicit stack of open
 * arrays and objects (struct json_frame), so nesting costs no C stack and
 * the depth limit is one comparison. Each frame remembers the key or index
 * being read, which gives both the route match and the path shown in
 * messages. Line and column are worked out only when a message needs
 * them (json_error.c).
 *
 * Inside a record (json.c) the scan goes on as elsewhere, but rule
 * violations are noted in s->problem instead of rejecting the document,
 * and integer tokens of more than 15 digits are noted for rewriting.
 * Duplicate keys are found by json_keys.c.
 */
#include "json_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static int
json_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Value of the four hex digits at p, or -1. The caller checks bounds. */
static long
json_hex4(const unsigned char *p)
{
	long	 v = 0;
	int	 i, d;

	for (i = 0; i < 4; i++) {
		if ((d = json_hexval(p[i])) < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

static size_t
json_utf8_size(long cp)
{
	if (cp < 0x80)
		return 1;
	if (cp < 0x800)
		return 2;
	if (cp < 0x10000)
		return 3;
	return 4;
}

static void
json_utf8_put(struct strbuf *sb, long cp)
{
	unsigned char	 out[4];
	size_t		 n = json_utf8_size(cp), i;

	for (i = n - 1; i > 0; i--) {
		out[i] = 0x80 | (cp & 0x3f);
		cp >>= 6;
	}
	out[0] = n == 1 ? cp : (0xf00 >> n) | cp;
	strbuf_add(sb, out, n);
}

/*
 * Append the decoded text of a string body that the scanner has accepted,
 * stopping once at least max bytes are added. A lone surrogate escape
 * becomes U+FFFD, because the scanner has already reported it.
 */
void
json_decode(struct strbuf *sb, const char *raw, size_t len, size_t max)
{
	const unsigned char	*p = (const unsigned char *)raw;
	size_t			 i = 0, run, start = sb->len;
	long			 cp, low;

	while (i < len && sb->len - start < max) {
		run = i;
		while (i < len && p[i] != '\\' && i - run < max)
			i++;
		strbuf_add(sb, p + run, i - run);
		if (i == len || p[i] != '\\')
			continue;

		switch (p[i + 1]) {
		case 'b': strbuf_addch(sb, '\b'); break;
		case 'f': strbuf_addch(sb, '\f'); break;
		case 'n': strbuf_addch(sb, '\n'); break;
		case 'r': strbuf_addch(sb, '\r'); break;
		case 't': strbuf_addch(sb, '\t'); break;
		case 'u': break;
		default: strbuf_addch(sb, p[i + 1]); break;
		}
		if (p[i + 1] != 'u') {
			i += 2;
			continue;
		}

		cp = json_hex4(p + i + 2);
		i += 6;
		if (cp >= 0xd800 && cp <= 0xdbff && len - i >= 6 &&
		    p[i] == '\\' && p[i + 1] == 'u' &&
		    (low = json_hex4(p + i + 2)) >= 0xdc00 && low <= 0xdfff) {
			cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
			i += 6;
		} else if (cp >= 0xd800 && cp <= 0xdfff)
			cp = 0xfffd;
		json_utf8_put(sb, cp);
	}
}

#define JSON_ONES	0x0101010101010101ULL
#define JSON_HIGHS	0x8080808080808080ULL

/*
 * Skip string bytes that need no attention: anything but '"', '\\',
 * control characters and non-ASCII bytes. Eight bytes are tested at a
 * time. The lowest flagged byte in a word is exact, because a borrow only
 * moves upwards from a byte that is itself flagged.
 */
static inline const unsigned char *
json_skip_plain(const unsigned char *p, const unsigned char *end)
{
	uint64_t	 w, q, b, t;

	while (end - p >= 8) {
		memcpy(&w, p, 8);
		q = w ^ (JSON_ONES * '"');
		b = w ^ (JSON_ONES * '\\');
		t = ((q - JSON_ONES) & ~q) | ((b - JSON_ONES) & ~b) |
		    ((w - JSON_ONES * 0x20) & ~w) | w;
		t &= JSON_HIGHS;
		if (t != 0) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return p + (__builtin_ctzll(t) >> 3);
#else
			break;
#endif
		}
		p += 8;
	}
	while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' &&
	    *p != '\\')
		p++;
	return p;
}

/* Check the escape at *pp, move *pp past it and count the bytes saved. */
static int
json_scan_escape(struct json_scan *s, const unsigned char **pp,
    size_t *saved, const char *what)
{
	const unsigned char	*base = (const unsigned char *)s->buf;
	const unsigned char	*p = *pp, *end = base + s->end;
	char			 found[64];
	long			 cp, low;
	size_t			 i;

	if (end - p < 2)
		return json_fail(s, s->end, "unterminated %s, found %s",
		    what, JSON_FOUND(s, s->end));
	switch (p[1]) {
	case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r':
	case 't':
		*saved += 1;
		*pp = p + 2;
		return 0;
	case 'u':
		break;
	default:
		return json_fail(s, (size_t)(p - base),
		    "invalid escape in a %s: \\ followed by %s", what,
		    JSON_FOUND(s, (size_t)(p + 1 - base)));
	}

	for (i = 2; i < 6; i++) {
		if (p + i == end || json_hexval(p[i]) < 0)
			return json_fail(s, (size_t)(p - base),
			    "invalid \\u escape in a %s, expected 4 hex "
			    "digits, found %s", what,
			    JSON_FOUND(s, (size_t)(p + i - base)));
	}
	cp = json_hex4(p + 2);
	*pp = p + 6;
	if (cp >= 0xd800 && cp <= 0xdbff && end - p >= 12 && p[6] == '\\' &&
	    p[7] == 'u' && (low = json_hex4(p + 8)) >= 0xdc00 &&
	    low <= 0xdfff) {
		*saved += 12 - 4;
		*pp = p + 12;
		return 0;
	}
	if (cp >= 0xd800 && cp <= 0xdfff) {
		*saved += 6 - 3;
		return json_problem(s, (size_t)(p - base),
		    "lone surrogate escape \\u%04lx in a %s", cp, what);
	}
	*saved += 6 - json_utf8_size(cp);
	if (cp == 0)
		return json_problem(s, (size_t)(p - base),
		    "%s contains \\u0000", what);
	return 0;
}

/*
 * Scan the string whose opening quote is at s->pos and leave s->pos after
 * its closing quote. *escaped is set when the body contains escapes.
 */
static int
json_scan_string(struct json_scan *s, int is_key, int *escaped)
{
	const unsigned char	*base = (const unsigned char *)s->buf;
	const unsigned char	*start = base + s->pos + 1;
	const unsigned char	*end = base + s->end;
	const unsigned char	*p = start;
	const char		*what = is_key ? "key" : "string";
	char			 found[64];
	size_t			 saved = 0, n, decoded;

	*escaped = 0;
	for (;;) {
		p = json_skip_plain(p, end);
		if (p == end)
			return json_fail(s, s->end, "unterminated %s, found %s",
			    what, JSON_FOUND(s, s->end));
		if (*p == '"')
			break;
		if (*p == '\\') {
			*escaped = 1;
			if (json_scan_escape(s, &p, &saved, what) == -1)
				return -1;
			continue;
		}
		if (*p < 0x20)
			return json_fail(s, (size_t)(p - base),
			    "control character 0x%02x in a %s must be "
			    "written as an escape such as \\u%04x",
			    *p, what, *p);
		if ((n = json_utf8_length(p, end)) == 0) {
			if (json_problem(s, (size_t)(p - base), "invalid "
			    "UTF-8 byte 0x%02x in a %s", *p, what) == -1)
				return -1;
			n = 1;
		}
		p += n;
	}

	if (*escaped && s->in_record)
		s->rec_escaped = 1;
	decoded = (size_t)(p - start) - saved;
	if (decoded > s->max_string && json_problem(s, s->pos,
	    "%s of %zu bytes is over the limit of %zu bytes", what, decoded,
	    s->max_string) == -1)
		return -1;
	s->pos = (size_t)(p - base) + 1;
	return 0;
}

/* Note an integer token at off that cJSON would round, to quote it. */
static void
json_note_longnum(struct json_scan *s, size_t off, size_t len)
{
	if (s->nlongnums + 2 > s->longnumcap) {
		s->longnumcap = s->longnumcap < 32 ? 32 : s->longnumcap * 2;
		s->longnums = xreallocarray(s->longnums, s->longnumcap,
		    sizeof *s->longnums);
	}
	s->longnums[s->nlongnums++] = off;
	s->longnums[s->nlongnums++] = len;
}

/* Scan a number (RFC 8259: no '+', no leading zero, digits after '.'). */
static int
json_scan_number(struct json_scan *s)
{
	const char	*b = s->buf;
	size_t		 p = s->pos, e = s->end, start = p, first;
	char		 found[64];
	int		 integer = 1;

	if (b[p] == '-')
		p++;
	if (p == e || !json_isdigit(b[p]))
		return json_fail(s, p, "invalid number, expected a digit "
		    "after '-', found %s", JSON_FOUND(s, p));
	first = p;
	if (b[p] == '0') {
		if (++p < e && json_isdigit(b[p]))
			return json_fail(s, first, "invalid number: a leading "
			    "zero is not allowed");
	} else {
		while (p < e && json_isdigit(b[p]))
			p++;
	}
	first = p - first;

	if (p < e && b[p] == '.') {
		integer = 0;
		if (++p == e || !json_isdigit(b[p]))
			return json_fail(s, p, "invalid number, expected a "
			    "digit after '.', found %s", JSON_FOUND(s, p));
		while (p < e && json_isdigit(b[p]))
			p++;
	}
	if (p < e && (b[p] == 'e' || b[p] == 'E')) {
		integer = 0;
		if (++p < e && (b[p] == '+' || b[p] == '-'))
			p++;
		if (p == e || !json_isdigit(b[p]))
			return json_fail(s, p, "invalid number, expected a "
			    "digit in the exponent, found %s",
			    JSON_FOUND(s, p));
		while (p < e && json_isdigit(b[p]))
			p++;
	}
	s->pos = p;

	if (!s->in_record)
		return 0;
	if (integer && first > JSON_EXACT_DIGITS)
		json_note_longnum(s, start, p - start);
	else if (!integer && p - start > JSON_CJSON_NUMBER_MAX)
		return json_problem(s, start, "number of %zu characters is "
		    "longer than the %d that cJSON can read", p - start,
		    JSON_CJSON_NUMBER_MAX);
	return 0;
}

static int
json_scan_literal(struct json_scan *s, const char *word)
{
	size_t	 i;
	char	 found[64];

	for (i = 0; word[i] != '\0'; i++) {
		if (s->pos + i == s->end || s->buf[s->pos + i] != word[i])
			return json_fail(s, s->pos, "invalid literal, expected "
			    "%s, found %s", word, JSON_FOUND(s, s->pos + i));
	}
	s->pos += i;
	return 0;
}

/* Open an array or object at s->pos, within the depth limit. */
static int
json_push(struct json_scan *s, int is_object)
{
	struct json_frame	*f;

	if (s->nframes >= s->max_depth)
		return json_fail(s, s->pos, "nesting deeper than %zu levels",
		    s->max_depth);
	if (s->nframes == s->framecap) {
		s->framecap = s->framecap < 16 ? 16 : s->framecap * 2;
		s->frames = xreallocarray(s->frames, s->framecap,
		    sizeof *s->frames);
	}
	f = &s->frames[s->nframes++];
	f->is_object = is_object;
	f->in_member = 0;
	f->hashed = 0;
	f->index = 0;
	f->first_key = s->nkeys;
	s->pos++;
	return 0;
}

/* Close the innermost array or object and forget its keys. */
void
json_pop(struct json_scan *s)
{
	struct json_frame	*f = &s->frames[--s->nframes];
	struct json_key		*k;
	size_t			 i;

	/* The frame below may take another key or index now. */
	if (s->nframes <= s->path_frames)
		s->path_frames = JSON_NONE;
	if (s->nframes < s->elem_frames)
		s->elem_frames = JSON_NONE;
	if (s->nframes < s->run_frames)
		s->run_frames = JSON_NONE;
	if (!f->is_object)
		return;
	if (f->hashed) {
		for (i = s->nkeys; i-- > f->first_key;) {
			k = &s->keys[i];
			s->heads[k->hash & (s->nheads - 1)] = k->next;
		}
	}
	s->nkeys = f->first_key;
}

/* Read an object key and its ':'; the key becomes the frame's member. */
static int
json_scan_key(struct json_scan *s)
{
	struct json_frame	*f = &s->frames[s->nframes - 1];
	size_t			 start;
	char			 found[64];
	int			 escaped;

	json_skip_ws(s);
	if (s->pos == s->end || s->buf[s->pos] != '"')
		return json_fail(s, s->pos, "expected a string key, found %s",
		    JSON_FOUND(s, s->pos));
	start = s->pos;
	if (json_scan_string(s, 1, &escaped) == -1)
		return -1;
	/* A skipped record's problems are not reported, so skip the check. */
	if (!(s->in_record && s->route->fn == json_skip) &&
	    json_key_add(s, f, start + 1, s->pos - start - 2, escaped) == -1)
		return -1;
	f->key_off = start + 1;
	f->key_len = s->pos - start - 2;
	f->key_escaped = escaped;
	f->in_member = 1;

	json_skip_ws(s);
	if (s->pos == s->end || s->buf[s->pos] != ':')
		return json_fail(s, s->pos, "expected ':' after the key, found "
		    "%s", JSON_FOUND(s, s->pos));
	s->pos++;
	return 0;
}

/* Tell json_members()'s callback the key and type of a member. */
static int
json_member_call(struct json_scan *s)
{
	const struct json_frame	*f = &s->frames[0];
	struct strbuf		 key;
	int			 type, rc;

	switch (s->buf[s->pos]) {
	case '{': type = cJSON_Object; break;
	case '[': type = cJSON_Array; break;
	case '"': type = cJSON_String; break;
	case 't':
	case 'f': type = cJSON_True; break;
	case 'n': type = cJSON_NULL; break;
	default: type = cJSON_Number; break;
	}
	strbuf_init(&key);
	json_decode(&key, s->buf + f->key_off, f->key_len, s->max_string);
	rc = s->member_fn(s->member_ctx, strbuf_str(&key), type);
	strbuf_free(&key);
	if (rc == 0)
		return 0;
	s->stopped = 1;
	return -1;
}

/*
 * Scan one value starting at s->pos and everything nested in it. Values
 * at a routed path outside a record start a record; the record ends when
 * the stack is back at the depth where it started.
 */
static int
json_scan_value(struct json_scan *s)
{
	const struct json_pattern	*route;
	struct json_frame		*f;
	size_t				 depth = s->nframes;
	char				 found[64];
	int				 c, escaped;

	for (;;) {
		/* A value starts. */
		json_skip_ws(s);
		if (s->pos == s->end)
			return json_fail(s, s->pos, "expected a value, found "
			    "%s", JSON_FOUND(s, s->pos));
		c = (unsigned char)s->buf[s->pos];
		if (!s->in_record && s->npatterns > 0 &&
		    (route = json_route_find(s)) != NULL) {
			if (route->fn != json_expect_object &&
			    route->fn != json_expect_array)
				json_record_begin(s, route);
			else if (json_expect_type(s, route, c) == -1)
				return -1;
		}
		if (s->member_fn != NULL && s->nframes == 1 &&
		    s->frames[0].is_object && json_member_call(s) == -1)
			return -1;

		switch (c) {
		case '{':
		case '[':
			if (json_push(s, c == '{') == -1)
				return -1;
			json_skip_ws(s);
			if (s->pos < s->end &&
			    s->buf[s->pos] == (c == '{' ? '}' : ']')) {
				s->pos++;
				json_pop(s);
				break;
			}
			if (c == '[')
				s->frames[s->nframes - 1].in_member = 1;
			else if (json_scan_key(s) == -1)
				return -1;
			continue;
		case '"':
			if (json_scan_string(s, 0, &escaped) == -1)
				return -1;
			break;
		case 't':
		case 'f':
		case 'n':
			if (json_scan_literal(s, c == 't' ? "true" :
			    c == 'f' ? "false" : "null") == -1)
				return -1;
			break;
		default:
			if (c != '-' && !json_isdigit(c))
				return json_fail(s, s->pos, "expected a value, "
				    "found %s", JSON_FOUND(s, s->pos));
			if (json_scan_number(s) == -1)
				return -1;
			break;
		}

		/*
		 * A value ended: close every container it completes. A
		 * record that is the whole document waits for the check for
		 * trailing text in json_scan_document().
		 */
		for (;;) {
			if (s->in_record && s->nframes == s->rec_depth) {
				s->rec_end = s->pos;
				if (s->rec_depth > 0 &&
				    json_record_end(s) == -1)
					return -1;
			}
			if (s->nframes == depth)
				return 0;
			f = &s->frames[s->nframes - 1];
			f->in_member = 0;
			json_skip_ws(s);
			c = s->pos < s->end ? s->buf[s->pos] : -1;
			if (c == (f->is_object ? '}' : ']')) {
				s->pos++;
				json_pop(s);
				continue;
			}
			if (c != ',')
				return json_fail(s, s->pos, "expected ',' or "
				    "'%c', found %s", f->is_object ? '}' : ']',
				    JSON_FOUND(s, s->pos));
			s->pos++;
			if (!f->is_object) {
				f->index++;
				f->in_member = 1;
			} else if (json_scan_key(s) == -1)
				return -1;
			break;
		}
	}
}

/* Scan a whole document (or line): one value, then only whitespace. */
int
json_scan_document(struct json_scan *s)
{
	char	 found[64];

	if (json_scan_value(s) == -1)
		return -1;
	json_skip_ws(s);
	if (s->pos != s->end)
		return json_fail(s, s->pos, "trailing text after the JSON %s, "
		    "found %s", s->lines ? "value" : "document",
		    JSON_FOUND(s, s->pos));
	if (s->in_record)
		return json_record_end(s);
	return 0;
}

void
json_scan_init(struct json_scan *s, const char *buf, size_t len,
    const char *name, const struct json_limits *limits)
{
	memset(s, 0, sizeof *s);
	s->buf = buf;
	s->end = len;
	s->name = name;
	s->line = 1;
	s->mark_line = 1;
	s->path_frames = JSON_NONE;
	s->elem_frames = JSON_NONE;
	s->run_frames = JSON_NONE;
	if (len >= 3 && memcmp(buf, JSON_BOM, 3) == 0)
		s->pos = s->base = s->mark_off = s->mark_bol = 3;

	s->max_depth = JSON_MAX_DEPTH;
	s->max_string = JSON_MAX_STRING;
	s->max_record = JSON_MAX_RECORD;
	if (limits != NULL && limits->max_depth != 0)
		s->max_depth = limits->max_depth;
	if (limits != NULL && limits->max_string != 0)
		s->max_string = limits->max_string;
	if (limits != NULL && limits->max_record != 0)
		s->max_record = limits->max_record;
	/* Deeper records would fail inside cJSON instead of here. */
	if (s->max_depth > CJSON_NESTING_LIMIT)
		s->max_depth = CJSON_NESTING_LIMIT;
}

void
json_scan_free(struct json_scan *s)
{
	free(s->patterns);
	free(s->parts);
	free(s->frames);
	free(s->keys);
	free(s->heads);
	free(s->longnums);
	strbuf_free(&s->problem);
	strbuf_free(&s->copy);
	strbuf_free(&s->path);
	strbuf_free(&s->scratch[0]);
	strbuf_free(&s->scratch[1]);
	free(s->err);
	free(s->cb_err);
	if (s->root != NULL)
		cJSON_Delete(s->root);
}
