/*
 * Strict, streaming JSON reader: see json.h for the contract.
 *
 * json_scan_value() walks the buffer once with an explicit stack of open
 * arrays and objects (struct json_frame), so nesting costs no C stack and
 * the depth limit is one comparison. Each frame remembers the key or index
 * being read, which gives both the route match and the path shown in
 * messages. Line and column are worked out only when a message needs
 * them, by counting newlines from the last position counted.
 *
 * When a value starts at a routed path it becomes the current record. The
 * scan goes on as before, but rule violations are noted in s->problem
 * instead of rejecting the document, and integer tokens of more than 15
 * digits are noted for rewriting. At the end of the record its bytes are
 * copied, with those integers quoted, and handed to cJSON, so cJSON only
 * parses text that this scanner has validated.
 *
 * Duplicate keys are found per object. Objects with few keys are compared
 * linearly. Larger ones go through a hash table keyed with a random
 * SipHash key, so crafted keys cannot make one object cost quadratic time.
 *
 * Messages quote keys with control characters and invalid UTF-8 shown as
 * \xNN, but valid UTF-8 is kept: callers pass messages through the
 * sanitizer before they reach a terminal.
 */
#include "json.h"

#include <sys/random.h>

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "strbuf.h"
#include "xalloc.h"

#define JSON_NONE		SIZE_MAX
#define JSON_EXACT_DIGITS	15	/* 10^15 < 2^53: exact in a double */
#define JSON_CJSON_NUMBER_MAX	63	/* cJSON 1.7.15 reads no more */
#define JSON_LINEAR_KEYS	16	/* more keys go in the hash table */
#define JSON_HEADS_MIN		1024
#define JSON_SHOW_MAX		64	/* key bytes shown in a message */
#define JSON_INT_EXACT		9007199254740992.0	/* 2^53 */
#define JSON_BOM		"\xef\xbb\xbf"

/* One component of a route pattern. */
enum json_part_kind {
	JSON_PART_KEY,		/* one named object key */
	JSON_PART_ANYKEY,	/* "*": every key of an object */
	JSON_PART_INDEX		/* "[]": every element of an array */
};

struct json_part {
	enum json_part_kind	 kind;
	const char		*key;	/* JSON_PART_KEY, in the pattern */
	size_t			 keylen;
};

/* A compiled route: parts[first .. first + nparts) of the scanner. */
struct json_pattern {
	size_t		 first;
	size_t		 nparts;
	json_record_fn	 fn;
};

/* An open array or object and the member being read in it. */
struct json_frame {
	int	 is_object;
	int	 in_member;	/* a key or element of it is being read */
	int	 hashed;	/* object: its keys are in the hash table */
	int	 key_escaped;
	size_t	 index;		/* array: the current element */
	size_t	 key_off;	/* object: raw text of the current key */
	size_t	 key_len;
	size_t	 first_key;	/* object: its first entry in keys */
};

/* A key of an open object. Hashed entries are chained per bucket. */
struct json_key {
	size_t		 off;	/* raw text in the buffer */
	size_t		 len;
	uint64_t	 prefix; /* its first 8 raw bytes, zero-padded */
	uint64_t	 hash;	/* of the decoded key, when hashed */
	size_t		 next;	/* older entry in the same bucket */
	int		 escaped;
	int		 hashed;
};

struct json_scan {
	const char		*buf;
	size_t			 end;	/* scanning stops here */
	size_t			 pos;
	size_t			 base;	/* line s->line, column 1 */
	size_t			 line;
	const char		*name;	/* file name, for messages */
	int			 lines;	/* reading a JSON Lines line */
	int			 strict; /* rule violations always reject */
	size_t			 max_depth;
	size_t			 max_string;
	size_t			 max_record;

	struct json_pattern	*patterns;
	size_t			 npatterns;
	struct json_part	*parts;
	size_t			 nparts;
	void			*ctx;

	struct json_frame	*frames;
	size_t			 nframes;
	size_t			 framecap;

	struct json_key		*keys;
	size_t			 nkeys;
	size_t			 keycap;
	size_t			*heads;	/* buckets, a power of two */
	size_t			 nheads;
	uint64_t		 seed[2];

	/* The record being read. */
	int			 in_record;
	const struct json_pattern *route;
	size_t			 rec_start;
	size_t			 rec_end;
	size_t			 rec_depth;
	int			 has_problem;
	struct strbuf		 problem;
	size_t			*longnums; /* offset, length pairs */
	size_t			 nlongnums;
	size_t			 longnumcap;
	char			 line_path[32];	/* "line N" */
	size_t			 ndelivered; /* records given as trees */

	cJSON			*root;	/* json_parse()'s tree */
	int			 keep_root;
	int			 stopped; /* a callback returned -1 */
	char			*cb_err;

	json_member_fn		 member_fn;	/* json_members() */
	void			*member_ctx;

	struct strbuf		 copy;
	struct strbuf		 path;
	struct strbuf		 scratch[2];
	char			*err;	/* the rejection, no file name */

	/* Last position counted by json_locate(). */
	size_t			 mark_off;
	size_t			 mark_line;
	size_t			 mark_bol;
};

static int	json_fail(struct json_scan *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	json_problem(struct json_scan *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static inline int
json_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

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

/*
 * Length of the valid UTF-8 sequence at p (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), or 0 when it is invalid or cut off
 * by end.
 */
static inline size_t
json_utf8_length(const unsigned char *p, const unsigned char *end)
{
	unsigned char	 c = p[0], lo = 0x80, hi = 0xbf;
	size_t		 n, i;

	if (c < 0x80)
		return 1;
	if (c < 0xc2)
		return 0;
	if (c < 0xe0)
		n = 2;
	else if (c < 0xf0) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c < 0xf5) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	}
	return n;
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
static void
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

/* Work out the 1-based line and byte column of offset pos. */
static void
json_locate(struct json_scan *s, size_t pos, size_t *line, size_t *column)
{
	const char	*nl;

	if (pos < s->mark_off) {
		s->mark_off = s->base;
		s->mark_line = s->line;
		s->mark_bol = s->base;
	}
	while ((nl = memchr(s->buf + s->mark_off, '\n',
	    pos - s->mark_off)) != NULL) {
		s->mark_line++;
		s->mark_off = s->mark_bol = (size_t)(nl - s->buf) + 1;
	}
	s->mark_off = pos;
	*line = s->mark_line;
	*column = pos - s->mark_bol + 1;
}

/* A key can stand bare in a path when it has no punctuation of paths. */
static int
json_key_is_plain(const unsigned char *p, size_t len)
{
	const unsigned char	*end = p + len;
	size_t			 n;

	if (len == 0)
		return 0;
	while (p < end) {
		if (*p >= 0x80) {
			if ((n = json_utf8_length(p, end)) == 0)
				return 0;
			p += n;
			continue;
		}
		if (*p <= 0x20 || *p == 0x7f || *p == '.' || *p == '[' ||
		    *p == ']' || *p == '"' || *p == '\\')
			return 0;
		p++;
	}
	return 1;
}

/* Form of a key written by json_show_key(). */
enum json_show {
	JSON_SHOW_QUOTED,	/* "key", in a message */
	JSON_SHOW_FIRST,	/* key or ["key"], first in a path */
	JSON_SHOW_NEXT		/* .key or ["key"], later in a path */
};

/*
 * Append a key for a message: bare in a path when it is plain, else
 * quoted, with at most JSON_SHOW_MAX bytes shown.
 */
static void
json_show_key(struct strbuf *sb, const char *raw, size_t len, int escaped,
    enum json_show how)
{
	struct strbuf		 decoded = { NULL, 0, 0 };
	const unsigned char	*p, *end;
	size_t			 shown = 0, n;
	int			 plain;

	/*
	 * Decode and check little more than is shown, because keys can be
	 * megabytes. The 4 extra bytes complete a character cut at the limit.
	 */
	if (escaped) {
		json_decode(&decoded, raw, len, JSON_SHOW_MAX + 4);
		raw = strbuf_str(&decoded);
		len = decoded.len;
	}
	p = (const unsigned char *)raw;
	end = p + len;
	plain = how != JSON_SHOW_QUOTED && len <= JSON_SHOW_MAX &&
	    json_key_is_plain(p, len);
	if (plain && how == JSON_SHOW_NEXT)
		strbuf_addch(sb, '.');
	else if (!plain)
		strbuf_addstr(sb, how != JSON_SHOW_QUOTED ? "[\"" : "\"");

	while (p < end) {
		if (shown >= JSON_SHOW_MAX) {
			strbuf_addstr(sb, "...");
			break;
		}
		n = *p >= 0x80 ? json_utf8_length(p, end) : 0;
		if (n > 0)
			strbuf_add(sb, p, n);
		else if (*p == '"' || *p == '\\')
			strbuf_addf(sb, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			strbuf_addf(sb, "\\x%02x", *p);
		else
			strbuf_addch(sb, *p);
		n = n > 0 ? n : 1;
		p += n;
		shown += n;
	}

	if (!plain)
		strbuf_addstr(sb, how != JSON_SHOW_QUOTED ? "\"]" : "\"");
	strbuf_free(&decoded);
}

/* Append "[index]" without snprintf, which costs more than the rest. */
static void
json_show_index(struct strbuf *sb, size_t index)
{
	char	 digits[24];
	size_t	 n = sizeof digits;

	digits[--n] = ']';
	do {
		digits[--n] = (char)('0' + index % 10);
		index /= 10;
	} while (index > 0);
	digits[--n] = '[';
	strbuf_add(sb, digits + n, sizeof digits - n);
}

/* Append the path of the value being read, such as "graph.nodes[3]". */
static void
json_show_path(const struct json_scan *s, struct strbuf *sb)
{
	const struct json_frame	*f;
	size_t			 start = sb->len, i;

	for (i = 0; i < s->nframes && s->frames[i].in_member; i++) {
		f = &s->frames[i];
		if (!f->is_object)
			json_show_index(sb, f->index);
		else
			json_show_key(sb, s->buf + f->key_off, f->key_len,
			    f->key_escaped, sb->len > start ?
			    JSON_SHOW_NEXT : JSON_SHOW_FIRST);
	}
}

/* Append "line L, column C (PATH): " for offset pos. */
static void
json_show_where(struct json_scan *s, size_t pos, struct strbuf *sb)
{
	size_t	 line, column, mark;

	json_locate(s, pos, &line, &column);
	strbuf_addf(sb, "line %zu, column %zu", line, column);
	mark = sb->len;
	strbuf_addstr(sb, " (");
	json_show_path(s, sb);
	if (sb->len == mark + 2)
		strbuf_truncate(sb, mark);
	else
		strbuf_addch(sb, ')');
	strbuf_addstr(sb, ": ");
}

/* Describe the byte at pos for an "expected X, found Y" message. */
static const char *
json_found(const struct json_scan *s, size_t pos, char *tmp, size_t size)
{
	unsigned char	 c;

	if (pos >= s->end)
		return s->lines ? "end of line" :
		    "end of file (the file may be truncated)";
	c = (unsigned char)s->buf[pos];
	if (s->end - pos >= 3 && memcmp(s->buf + pos, JSON_BOM, 3) == 0)
		return "a byte order mark, which is allowed only at the start";
	if (c == '\'')
		return "a single quote (JSON strings take double quotes)";
	if (c > 0x20 && c < 0x7f)
		snprintf(tmp, size, "'%c'", c);
	else
		snprintf(tmp, size, "byte 0x%02x", c);
	return tmp;
}

#define JSON_FOUND(s, pos)	json_found((s), (pos), found, sizeof found)

static void
json_vfail(struct json_scan *s, size_t pos, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static void
json_vfail(struct json_scan *s, size_t pos, const char *fmt, va_list ap)
{
	struct strbuf	 sb = { NULL, 0, 0 };

	if (s->err != NULL)
		return;
	json_show_where(s, pos, &sb);
	strbuf_vaddf(&sb, fmt, ap);
	s->err = strbuf_detach(&sb);
}

/* Reject the document (or the JSON Lines line): always returns -1. */
static int
json_fail(struct json_scan *s, size_t pos, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	json_vfail(s, pos, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * Report a rule violation at pos. Inside a record the first one is kept
 * for the callback and the scan goes on, so it returns 0. Elsewhere, or in
 * json_parse(), it rejects the document and returns -1.
 */
static int
json_problem(struct json_scan *s, size_t pos, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	if (!s->in_record || s->strict) {
		json_vfail(s, pos, fmt, ap);
		va_end(ap);
		return -1;
	}
	if (!s->has_problem) {
		s->has_problem = 1;
		strbuf_reset(&s->problem);
		json_show_where(s, pos, &s->problem);
		strbuf_vaddf(&s->problem, fmt, ap);
	}
	va_end(ap);
	return 0;
}

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

/* Compile the routes. An invalid pattern or a missing callback fails. */
static int
json_routes_compile(struct json_scan *s, const struct json_route *routes,
    size_t nroutes)
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
static const struct json_pattern *
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

static inline uint64_t
json_rotl(uint64_t x, int b)
{
	return (x << b) | (x >> (64 - b));
}

#define JSON_SIPROUND(v0, v1, v2, v3) do {				\
	v0 += v1; v1 = json_rotl(v1, 13); v1 ^= v0;			\
	v0 = json_rotl(v0, 32);						\
	v2 += v3; v3 = json_rotl(v3, 16); v3 ^= v2;			\
	v0 += v3; v3 = json_rotl(v3, 21); v3 ^= v0;			\
	v2 += v1; v1 = json_rotl(v1, 17); v1 ^= v2;			\
	v2 = json_rotl(v2, 32);						\
} while (0)

/*
 * Hash p[0..n) with SipHash-1-3 under key, so that keys which all land in
 * one bucket cannot be crafted without knowing the key. Words are read in
 * host byte order, because the value only has to be consistent within one
 * scan.
 */
static uint64_t
json_siphash(const uint64_t key[2], const unsigned char *p, size_t n)
{
	uint64_t	 v0 = key[0] ^ 0x736f6d6570736575ULL;
	uint64_t	 v1 = key[1] ^ 0x646f72616e646f6dULL;
	uint64_t	 v2 = key[0] ^ 0x6c7967656e657261ULL;
	uint64_t	 v3 = key[1] ^ 0x7465646279746573ULL;
	uint64_t	 m, last = (uint64_t)n << 56;
	size_t		 i;

	for (; n >= 8; n -= 8, p += 8) {
		memcpy(&m, p, 8);
		v3 ^= m;
		JSON_SIPROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	for (i = 0; i < n; i++)
		last |= (uint64_t)p[i] << (8 * i);
	v3 ^= last;
	JSON_SIPROUND(v0, v1, v2, v3);
	v0 ^= last;
	v2 ^= 0xff;
	JSON_SIPROUND(v0, v1, v2, v3);
	JSON_SIPROUND(v0, v1, v2, v3);
	JSON_SIPROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}

static uint64_t
json_key_hash(struct json_scan *s, size_t off, size_t len, int escaped)
{
	struct strbuf	*sb = &s->scratch[0];

	if (!escaped)
		return json_siphash(s->seed,
		    (const unsigned char *)s->buf + off, len);
	strbuf_reset(sb);
	json_decode(sb, s->buf + off, len, SIZE_MAX);
	return json_siphash(s->seed, (const unsigned char *)sb->buf, sb->len);
}

static inline uint64_t
json_key_prefix(const char *p, size_t len)
{
	unsigned char	 bytes[8] = { 0 };
	uint64_t	 w;

	memcpy(bytes, p, len < 8 ? len : 8);
	memcpy(&w, bytes, 8);
	return w;
}

/*
 * Whether key entry k and the raw key at off (with the given prefix)
 * decode to the same text.
 */
static int
json_key_equal(struct json_scan *s, const struct json_key *k, size_t off,
    size_t len, uint64_t prefix, int escaped)
{
	struct strbuf	*a = &s->scratch[0], *b = &s->scratch[1];

	if (!k->escaped && !escaped)
		return k->len == len && k->prefix == prefix && (len <= 8 ||
		    memcmp(s->buf + k->off + 8, s->buf + off + 8,
		    len - 8) == 0);
	strbuf_reset(a);
	strbuf_reset(b);
	json_decode(a, s->buf + k->off, k->len, SIZE_MAX);
	json_decode(b, s->buf + off, len, SIZE_MAX);
	return a->len == b->len && memcmp(a->buf, b->buf, a->len) == 0;
}

static void
json_key_link(struct json_scan *s, size_t i)
{
	struct json_key	*k = &s->keys[i];
	size_t		 b = k->hash & (s->nheads - 1);

	k->next = s->heads[b];
	s->heads[b] = i;
}

/*
 * Resize the bucket array to keep chains short. Relinking in index order
 * keeps every chain in descending index order, which json_pop() needs.
 */
static void
json_keys_rehash(struct json_scan *s, size_t nheads)
{
	size_t	 i;

	s->heads = xreallocarray(s->heads, nheads, sizeof *s->heads);
	s->nheads = nheads;
	for (i = 0; i < nheads; i++)
		s->heads[i] = JSON_NONE;
	for (i = 0; i < s->nkeys; i++) {
		if (s->keys[i].hashed)
			json_key_link(s, i);
	}
}

/* Move the keys of object f, grown past JSON_LINEAR_KEYS, into buckets. */
static void
json_keys_hash_frame(struct json_scan *s, struct json_frame *f)
{
	struct json_key	*k;
	size_t		 i;

	if (s->heads == NULL) {
		if (getrandom(s->seed, sizeof s->seed, GRND_NONBLOCK) !=
		    (ssize_t)sizeof s->seed) {
			/* No entropy yet: a weaker key still varies. */
			s->seed[0] ^= (uint64_t)time(NULL);
			s->seed[1] ^= (uint64_t)(uintptr_t)s;
		}
		json_keys_rehash(s, JSON_HEADS_MIN);
	}
	for (i = f->first_key; i < s->nkeys; i++) {
		k = &s->keys[i];
		k->hash = json_key_hash(s, k->off, k->len, k->escaped);
		k->hashed = 1;
		json_key_link(s, i);
	}
	f->hashed = 1;
}

/*
 * Record the key just read in object f (raw text at off), or report a
 * duplicate of one of its earlier keys.
 */
static int
json_key_add(struct json_scan *s, struct json_frame *f, size_t off,
    size_t len, int escaped)
{
	struct json_key	*k;
	struct strbuf	 shown = { NULL, 0, 0 };
	uint64_t	 hash = 0, prefix;
	size_t		 i;
	int		 rc;

	prefix = json_key_prefix(s->buf + off, len);
	if (!f->hashed && s->nkeys - f->first_key >= JSON_LINEAR_KEYS)
		json_keys_hash_frame(s, f);

	if (f->hashed) {
		hash = json_key_hash(s, off, len, escaped);
		i = s->heads[hash & (s->nheads - 1)];
		for (; i != JSON_NONE && i >= f->first_key;
		    i = s->keys[i].next) {
			if (s->keys[i].hash == hash &&
			    json_key_equal(s, &s->keys[i], off, len, prefix,
			    escaped))
				goto duplicate;
		}
	} else {
		for (i = f->first_key; i < s->nkeys; i++) {
			/* Most keys differ in length or first bytes. */
			if (!escaped && !s->keys[i].escaped &&
			    (s->keys[i].len != len ||
			    s->keys[i].prefix != prefix))
				continue;
			if (json_key_equal(s, &s->keys[i], off, len, prefix,
			    escaped))
				goto duplicate;
		}
	}

	if (s->nkeys == s->keycap) {
		s->keycap = s->keycap < 64 ? 64 : s->keycap * 2;
		s->keys = xreallocarray(s->keys, s->keycap, sizeof *s->keys);
	}
	k = &s->keys[s->nkeys++];
	k->off = off;
	k->len = len;
	k->prefix = prefix;
	k->escaped = escaped;
	k->hashed = f->hashed;
	k->hash = hash;
	if (f->hashed) {
		json_key_link(s, s->nkeys - 1);
		if (s->nkeys > s->nheads)
			json_keys_rehash(s, s->nheads * 2);
	}
	return 0;

duplicate:
	json_show_key(&shown, s->buf + off, len, escaped, JSON_SHOW_QUOTED);
	rc = json_problem(s, off - 1, "duplicate key %s", shown.buf);
	strbuf_free(&shown);
	return rc;
}

static inline void
json_skip_ws(struct json_scan *s)
{
	const char	*b = s->buf;
	size_t		 p = s->pos, e = s->end;

	while (p < e && (b[p] == ' ' || b[p] == '\n' || b[p] == '\r' ||
	    b[p] == '\t'))
		p++;
	s->pos = p;
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
static void
json_pop(struct json_scan *s)
{
	struct json_frame	*f = &s->frames[--s->nframes];
	struct json_key		*k;
	size_t			 i;

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
	if (json_key_add(s, f, start + 1, s->pos - start - 2, escaped) == -1)
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

/* Make the value starting at s->pos the current record. */
static void
json_record_begin(struct json_scan *s, const struct json_pattern *route)
{
	s->in_record = 1;
	s->route = route;
	s->rec_start = s->pos;
	s->rec_depth = s->nframes;
	s->has_problem = 0;
	s->nlongnums = 0;
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
	s->stopped = 1;
	if (cb_err == NULL)
		cb_err = xasprintf("%s: reading stopped at %s", s->name,
		    *path != '\0' ? path : "the top-level value");
	s->cb_err = cb_err;
	return -1;
}

/*
 * Finish the record that ends at s->rec_end: reject it when over the size
 * limit, else pass its problem or its cJSON tree to the callback. Long
 * integers are quoted in the copy so that cJSON keeps all their digits.
 */
static int
json_record_end(struct json_scan *s)
{
	const char	*path, *parse_end;
	cJSON		*tree;
	size_t		 len = s->rec_end - s->rec_start, from, i;
	int		 rc;

	s->in_record = 0;
	if (len > s->max_record)
		return json_fail(s, s->rec_start, "record of %zu bytes is over "
		    "the limit of %zu bytes", len, s->max_record);
	/* A skipped record was checked for syntax; its problems wait. */
	if (s->route->fn == json_skip)
		return 0;
	if (s->lines)
		path = s->line_path;
	else {
		strbuf_reset(&s->path);
		json_show_path(s, &s->path);
		path = strbuf_str(&s->path);
	}
	if (s->has_problem)
		return json_record_call(s, path, NULL, s->problem.buf);

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
		if (!s->in_record && s->npatterns > 0 &&
		    (route = json_route_match(s)) != NULL)
			json_record_begin(s, route);
		if (s->member_fn != NULL && s->nframes == 1 &&
		    s->frames[0].is_object && json_member_call(s) == -1)
			return -1;

		c = (unsigned char)s->buf[s->pos];
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
static int
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

static void
json_scan_init(struct json_scan *s, const char *buf, size_t len,
    const char *name, const struct json_limits *limits)
{
	memset(s, 0, sizeof *s);
	s->buf = buf;
	s->end = len;
	s->name = name;
	s->line = 1;
	s->mark_line = 1;
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

static void
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

/* Hand the scan's error to the caller: the callback's, or with the name. */
static void
json_scan_error(struct json_scan *s, char **errp)
{
	if (s->stopped) {
		*errp = s->cb_err;
		s->cb_err = NULL;
	} else
		*errp = xasprintf("%s: %s", s->name,
		    s->err != NULL ? s->err : "unknown error");
}

int
json_stream(const char *buf, size_t len, const char *name,
    const struct json_route *routes, size_t nroutes, void *ctx,
    const struct json_limits *limits, char **errp)
{
	struct json_scan	 s;
	int			 rc = -1;

	json_scan_init(&s, buf, len, name, limits);
	s.ctx = ctx;
	if (json_routes_compile(&s, routes, nroutes) == -1)
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
	if (json_routes_compile(&s, &route, 1) == -1)
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
	if (json_routes_compile(&s, &route, 1) == -1)
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
	struct json_pattern	 whole = { 0, 0, NULL };
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

cJSON *
json_get(const cJSON *obj, const char *key)
{
	if (!cJSON_IsObject(obj) || key == NULL)
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

const char *
json_str(const cJSON *obj, const char *key)
{
	const cJSON	*item = json_get(obj, key);

	return cJSON_IsString(item) ? item->valuestring : NULL;
}

/*
 * Parse text that is a JSON integer (optional '-', no leading zero) into
 * a 64-bit value. Returns -1 for other text or out of range.
 */
static int
json_parse_int64(const char *text, int64_t *out)
{
	const char	*p = text;
	uint64_t	 v = 0, limit = INT64_MAX;
	int		 neg = 0, d;

	if (*p == '-') {
		neg = 1;
		limit = (uint64_t)INT64_MAX + 1;
		p++;
	}
	if (!json_isdigit(*p) || (p[0] == '0' && p[1] != '\0'))
		return -1;
	for (; *p != '\0'; p++) {
		if (!json_isdigit(*p))
			return -1;
		d = *p - '0';
		if (v > (limit - (uint64_t)d) / 10)
			return -1;
		v = v * 10 + (uint64_t)d;
	}
	if (neg)
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	else
		*out = (int64_t)v;
	return 0;
}

/*
 * Read a cJSON number as an exact integer: its valuedouble must be
 * integral and within +-2^53 (cJSON's valueint saturates at int range).
 */
static int
json_number_int64(const cJSON *item, int64_t *out)
{
	double	 d = item->valuedouble;

	if (!(d >= -JSON_INT_EXACT && d <= JSON_INT_EXACT))
		return -1;
	if ((double)(int64_t)d != d)
		return -1;
	*out = (int64_t)d;
	return 0;
}

int
json_int(const cJSON *obj, const char *key, int64_t *out)
{
	const cJSON	*item = json_get(obj, key);

	if (item == NULL || cJSON_IsNull(item))
		return 0;
	if (cJSON_IsNumber(item))
		return json_number_int64(item, out) == 0 ? 1 : -1;
	if (cJSON_IsString(item))
		return json_parse_int64(item->valuestring, out) == 0 ? 1 : -1;
	return -1;
}

int
json_bool(const cJSON *obj, const char *key, int *out)
{
	const cJSON	*item = json_get(obj, key);

	if (item == NULL || cJSON_IsNull(item))
		return 0;
	if (!cJSON_IsBool(item))
		return -1;
	*out = cJSON_IsTrue(item);
	return 1;
}

/*
 * Format a number that is not an exact integer with 17 significant digits,
 * with '.' as the decimal point whatever the LC_NUMERIC locale uses.
 */
static void
json_format_double(double d, char *buf)
{
	char	 tmp[JSON_TEXT_BUFSZ];
	size_t	 i, o = 0;
	int	 sep = 0;

	snprintf(tmp, sizeof tmp, "%.17g", d);
	for (i = 0; tmp[i] != '\0' && o < JSON_TEXT_BUFSZ - 1; i++) {
		if (json_isdigit(tmp[i]) || strchr("+-eEinfaINFA", tmp[i]) !=
		    NULL) {
			buf[o++] = tmp[i];
			sep = 0;
		} else if (!sep) {
			buf[o++] = '.';
			sep = 1;
		}
	}
	buf[o] = '\0';
}

const char *
json_text(const cJSON *obj, const char *key, char *buf)
{
	const cJSON	*item = json_get(obj, key);
	int64_t		 v;

	if (cJSON_IsString(item))
		return item->valuestring;
	if (cJSON_IsBool(item))
		return cJSON_IsTrue(item) ? "true" : "false";
	if (!cJSON_IsNumber(item))
		return NULL;
	if (json_number_int64(item, &v) == 0)
		snprintf(buf, JSON_TEXT_BUFSZ, "%" PRId64, v);
	else
		json_format_double(item->valuedouble, buf);
	return buf;
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
