/*
 * Messages of the JSON reader: where an error is (line, column and the
 * path of the value), what was found there, and the two grades of error
 * (see json.h). Messages quote keys with control characters and invalid
 * UTF-8 shown as \xNN, but valid UTF-8 is kept: callers pass messages
 * through the sanitizer before they reach a terminal.
 */
#include "json_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

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

/*
 * Append a key for a message: bare in a path when it is plain, else
 * quoted, with at most JSON_SHOW_MAX bytes shown.
 */
void
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
void
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

/*
 * Append the step of frame i to a path that started at offset start of
 * sb: "[3]", or a key with the '.' before it unless it comes first.
 */
void
json_show_step(const struct json_scan *s, struct strbuf *sb, size_t i,
    size_t start)
{
	const struct json_frame	*f = &s->frames[i];

	if (!f->is_object)
		json_show_index(sb, f->index);
	else
		json_show_key(sb, s->buf + f->key_off, f->key_len,
		    f->key_escaped, sb->len > start ? JSON_SHOW_NEXT :
		    JSON_SHOW_FIRST);
}

/* Append the path of the value being read, such as "graph.nodes[3]". */
void
json_show_path(const struct json_scan *s, struct strbuf *sb)
{
	size_t	 start = sb->len, i, n;

	for (n = 0; n < s->nframes && s->frames[n].in_member; n++)
		;
	for (i = 0; i < n; i++) {
		/* A deep path keeps its first and last steps. */
		if (i == JSON_PATH_HEAD && n > JSON_PATH_HEAD + JSON_PATH_TAIL) {
			strbuf_addstr(sb, "[...]");
			i = n - JSON_PATH_TAIL - 1;
			continue;
		}
		json_show_step(s, sb, i, start);
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
	if (s->shown_path != NULL)
		strbuf_addstr(sb, s->shown_path);
	else
		json_show_path(s, sb);
	if (sb->len == mark + 2)
		strbuf_truncate(sb, mark);
	else
		strbuf_addch(sb, ')');
	strbuf_addstr(sb, ": ");
}

/* Describe the byte at pos for an "expected X, found Y" message. */
const char *
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
int
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
int
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
