/*
 * RFC 4180 reader (see csv.h). One pass over the buffer: each call reads
 * one record, copying its fields, unquoted, into a buffer it reuses, and
 * notes the first rule the record breaks.
 */
#include "csv.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Reading position inside one record, for messages. */
struct csv_cursor {
	size_t	 bol;		/* offset of the current line's start */
	size_t	 nfields;
	int	 too_long;	/* the current field is over the limit */
};

void
csv_init(struct csv *c, const char *buf, size_t len)
{
	memset(c, 0, sizeof(*c));
	c->buf = buf;
	c->len = len;
	c->line = 1;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		c->pos = 3;
}

void
csv_free(struct csv *c)
{
	free(c->data);
	free(c->offsets);
	free(c->fields);
	free(c->problem);
	memset(c, 0, sizeof(*c));
}

static void	csv_problem(struct csv *, const struct csv_cursor *, size_t,
		    const char *, ...) __attribute__((format(printf, 4, 5)));

/* Note the first problem of the record, at offset pos of the input. */
static void
csv_problem(struct csv *c, const struct csv_cursor *cur, size_t pos,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*what;

	if (c->problem != NULL)
		return;
	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	c->problem = xasprintf("line %zu, column %zu: %s", c->line,
	    pos - cur->bol + 1, what);
	free(what);
}

static void
csv_add(struct csv *c, struct csv_cursor *cur, int ch)
{
	size_t	 start = c->offsets[cur->nfields - 1];

	if (c->datalen - start >= CSV_MAX_FIELD) {
		if (!cur->too_long)
			csv_problem(c, cur, c->pos, "field %zu is longer than "
			    "%u bytes", cur->nfields, CSV_MAX_FIELD);
		cur->too_long = 1;
		return;
	}
	if (ch == '\0')
		csv_problem(c, cur, c->pos, "NUL byte in field %zu",
		    cur->nfields);
	if (c->datalen + 1 >= c->datacap) {
		c->datacap = c->datacap < 256 ? 256 : c->datacap * 2;
		c->data = xrealloc(c->data, c->datacap);
	}
	c->data[c->datalen++] = (char)ch;
}

/* Start a new field of the record. */
static void
csv_field_begin(struct csv *c, struct csv_cursor *cur)
{
	if (cur->nfields == CSV_MAX_FIELDS) {
		csv_problem(c, cur, c->pos, "more than %d fields",
		    CSV_MAX_FIELDS);
		/* Further fields are read into the last one, then dropped. */
		c->datalen = c->offsets[cur->nfields - 1];
		return;
	}
	if (cur->nfields == c->capoffsets) {
		c->capoffsets = c->capoffsets < 32 ? 32 : c->capoffsets * 2;
		c->offsets = xreallocarray(c->offsets, c->capoffsets,
		    sizeof(*c->offsets));
	}
	c->offsets[cur->nfields++] = c->datalen;
	cur->too_long = 0;
}

static void
csv_field_end(struct csv *c)
{
	if (c->datalen + 1 >= c->datacap) {
		c->datacap = c->datacap < 256 ? 256 : c->datacap * 2;
		c->data = xrealloc(c->data, c->datacap);
	}
	c->data[c->datalen++] = '\0';
}

/* 1 when the input at pos ends a record: LF, CRLF or the end. */
static int
csv_at_eol(const struct csv *c, size_t pos)
{
	return pos >= c->len || c->buf[pos] == '\n' ||
	    (c->buf[pos] == '\r' && (pos + 1 == c->len ||
	    c->buf[pos + 1] == '\n'));
}

/* Read a quoted field; c->pos is on the opening quote. */
static void
csv_quoted(struct csv *c, struct csv_cursor *cur)
{
	size_t	 open = c->pos, open_line = c->line, open_bol = cur->bol;

	c->pos++;
	for (;;) {
		if (c->pos >= c->len) {
			c->line = open_line;
			cur->bol = open_bol;
			csv_problem(c, cur, open, "quoted field %zu is not "
			    "closed before the end of the input", cur->nfields);
			return;
		}
		if (c->buf[c->pos] == '"') {
			if (c->pos + 1 < c->len && c->buf[c->pos + 1] == '"') {
				csv_add(c, cur, '"');
				c->pos += 2;
				continue;
			}
			c->pos++;
			break;
		}
		if (c->buf[c->pos] == '\n') {
			c->line++;
			cur->bol = c->pos + 1;
		}
		csv_add(c, cur, (unsigned char)c->buf[c->pos]);
		c->pos++;
	}
	if (c->pos < c->len && c->buf[c->pos] != ',' && !csv_at_eol(c, c->pos))
		csv_problem(c, cur, c->pos, "text after the closing quote of "
		    "field %zu", cur->nfields);
	/* Keep what follows, as a lenient reader would, but flag it. */
	while (c->pos < c->len && c->buf[c->pos] != ',' &&
	    !csv_at_eol(c, c->pos)) {
		csv_add(c, cur, (unsigned char)c->buf[c->pos]);
		c->pos++;
	}
}

static void
csv_unquoted(struct csv *c, struct csv_cursor *cur)
{
	while (c->pos < c->len && c->buf[c->pos] != ',' &&
	    !csv_at_eol(c, c->pos)) {
		if (c->buf[c->pos] == '"')
			csv_problem(c, cur, c->pos, "quote inside the unquoted "
			    "field %zu", cur->nfields);
		csv_add(c, cur, (unsigned char)c->buf[c->pos]);
		c->pos++;
	}
}

/* Skip empty lines; returns 0 at the end of the input. */
static int
csv_skip_blank(struct csv *c)
{
	for (;;) {
		if (c->pos >= c->len)
			return 0;
		if (c->buf[c->pos] == '\n')
			c->pos++;
		else if (c->buf[c->pos] == '\r' && c->pos + 1 < c->len &&
		    c->buf[c->pos + 1] == '\n')
			c->pos += 2;
		else if (c->buf[c->pos] == '\r' && c->pos + 1 == c->len)
			c->pos++;
		else
			return 1;
		c->line++;
	}
}

int
csv_next(struct csv *c, struct csv_record *rec)
{
	struct csv_cursor	 cur;
	size_t			 i;

	if (!csv_skip_blank(c))
		return 0;
	free(c->problem);
	c->problem = NULL;

	memset(&cur, 0, sizeof(cur));
	cur.bol = c->pos;
	rec->line = c->line;
	c->datalen = 0;
	for (;;) {
		csv_field_begin(c, &cur);
		if (c->pos < c->len && c->buf[c->pos] == '"')
			csv_quoted(c, &cur);
		else
			csv_unquoted(c, &cur);
		csv_field_end(c);
		if (c->pos < c->len && c->buf[c->pos] == ',') {
			c->pos++;
			continue;
		}
		break;
	}
	/* The record ends at a line break or the end of the input. */
	if (c->pos < c->len) {
		c->pos += c->buf[c->pos] == '\r' ? 2 : 1;
		if (c->pos > c->len)
			c->pos = c->len;
		c->line++;
	}

	c->fields = xreallocarray(c->fields, cur.nfields, sizeof(*c->fields));
	for (i = 0; i < cur.nfields; i++)
		c->fields[i] = c->data + c->offsets[i];
	rec->fields = c->fields;
	rec->nfields = cur.nfields;
	rec->index = c->nrecords++;
	rec->problem = c->problem;
	return 1;
}
