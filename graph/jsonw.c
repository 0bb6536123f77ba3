/*
 * JSON writer (see jsonw.h).
 */
#include "jsonw.h"

#include <assert.h>
#include <inttypes.h>
#include <string.h>

#include "sanitize.h"
#include "strbuf.h"
#include "utf8.h"

void
jsonw_init(struct jsonw *w, struct strbuf *out, int flags)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->flags = flags;
}

static void	jsonw_escape_cp(struct strbuf *, uint32_t);

static void
jsonw_newline(struct jsonw *w)
{
	int	 i;

	if (!(w->flags & JSONW_PRETTY))
		return;
	strbuf_addch(w->out, '\n');
	for (i = 0; i < w->depth; i++)
		strbuf_add(w->out, "  ", 2);
}

/* Write the separator that goes before a value at the current level. */
static void
jsonw_value_start(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth > 0) {
		if (w->count[w->depth - 1]++ > 0)
			strbuf_addch(w->out, ',');
		jsonw_newline(w);
	}
}

static void
jsonw_open(struct jsonw *w, int ch)
{
	jsonw_value_start(w);
	assert(w->depth < JSONW_MAX_DEPTH);
	strbuf_addch(w->out, ch);
	w->count[w->depth++] = 0;
}

static void
jsonw_close(struct jsonw *w, int ch)
{
	assert(w->depth > 0);
	w->depth--;
	if (w->count[w->depth] > 0)
		jsonw_newline(w);
	strbuf_addch(w->out, ch);
	if (w->depth == 0 && (w->flags & JSONW_PRETTY))
		strbuf_addch(w->out, '\n');
}

void
jsonw_object_begin(struct jsonw *w)
{
	jsonw_open(w, '{');
}

void
jsonw_object_end(struct jsonw *w)
{
	jsonw_close(w, '}');
}

void
jsonw_array_begin(struct jsonw *w)
{
	jsonw_open(w, '[');
}

void
jsonw_array_end(struct jsonw *w)
{
	jsonw_close(w, ']');
}

void
jsonw_key(struct jsonw *w, const char *key)
{
	jsonw_value_start(w);
	jsonw_escape(w->out, key, strlen(key));
	strbuf_add(w->out, (w->flags & JSONW_PRETTY) ? ": " : ":",
	    (w->flags & JSONW_PRETTY) ? 2 : 1);
	w->after_key = 1;
}

void
jsonw_strn(struct jsonw *w, const char *s, size_t len)
{
	jsonw_value_start(w);
	jsonw_escape(w->out, s, len);
}

void
jsonw_str(struct jsonw *w, const char *s)
{
	if (s == NULL)
		jsonw_null(w);
	else
		jsonw_strn(w, s, strlen(s));
}

void
jsonw_int(struct jsonw *w, int64_t v)
{
	jsonw_value_start(w);
	strbuf_addf(w->out, "%" PRId64, v);
}

void
jsonw_bool(struct jsonw *w, int v)
{
	jsonw_value_start(w);
	strbuf_addstr(w->out, v ? "true" : "false");
}

void
jsonw_null(struct jsonw *w)
{
	jsonw_value_start(w);
	strbuf_addstr(w->out, "null");
}

/*
 * Copy JSON text, writing control characters, DEL, the characters the
 * sanitiser hides and bytes that are not UTF-8 as \u escapes. In valid
 * JSON such characters can only be inside strings, where the escapes
 * mean the same, so valid text keeps its meaning; text from a damaged
 * case file still cannot reach the terminal raw.
 */
void
jsonw_raw(struct jsonw *w, const char *json)
{
	const unsigned char	*p = (const unsigned char *)json;
	const unsigned char	*end = p + strlen(json), *run = p;
	uint32_t		 cp;
	size_t			 n;

	jsonw_value_start(w);
	while (p < end) {
		if (*p >= 0x20 && *p < 0x7f) {
			p++;
			continue;
		}
		strbuf_add(w->out, run, (size_t)(p - run));
		n = utf8_decode(p, (size_t)(end - p), &cp);
		if (n == 0) {
			jsonw_escape_cp(w->out, 0xfffd);
			n = 1;
		} else if (cp < 0x20 || cp == 0x7f || sanitize_cp_hidden(cp))
			jsonw_escape_cp(w->out, cp);
		else
			strbuf_add(w->out, p, n);
		p += n;
		run = p;
	}
	strbuf_add(w->out, run, (size_t)(p - run));
}

static void
jsonw_escape_cp(struct strbuf *out, uint32_t cp)
{
	if (cp >= 0x10000) {
		cp -= 0x10000;
		strbuf_addf(out, "\\u%04x\\u%04x", 0xd800 + (cp >> 10),
		    0xdc00 + (cp & 0x3ff));
	} else
		strbuf_addf(out, "\\u%04x", cp);
}

void
jsonw_escape(struct strbuf *out, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = p + len, *run = p;
	uint32_t		 cp;
	size_t			 n;

	strbuf_addch(out, '"');
	while (p < end) {
		/* Plain printable ASCII is copied in runs. */
		if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\') {
			p++;
			continue;
		}
		strbuf_add(out, run, (size_t)(p - run));
		n = utf8_decode(p, (size_t)(end - p), &cp);
		if (n == 0) {
			strbuf_addf(out, "\\\\x%02x", *p);
			n = 1;
		} else if (cp == '"')
			strbuf_add(out, "\\\"", 2);
		else if (cp == '\\')
			strbuf_add(out, "\\\\", 2);
		else if (cp == '\n')
			strbuf_add(out, "\\n", 2);
		else if (cp == '\r')
			strbuf_add(out, "\\r", 2);
		else if (cp == '\t')
			strbuf_add(out, "\\t", 2);
		else if (cp < 0x20 || cp == 0x7f || sanitize_cp_hidden(cp))
			jsonw_escape_cp(out, cp);
		else
			strbuf_add(out, p, n);
		p += n;
		run = p;
	}
	strbuf_add(out, run, (size_t)(p - run));
	strbuf_addch(out, '"');
}
