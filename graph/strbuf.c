/*
 * Growable byte strings. See strbuf.h.
 */
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void
strbuf_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = 0;
	sb->cap = 0;
}

void
strbuf_free(struct strbuf *sb)
{
	free(sb->buf);
	strbuf_init(sb);
}

void
strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf != NULL)
		sb->buf[0] = '\0';
}

/* Make room for extra more bytes plus the terminating NUL. */
void
strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t	 need, cap;

	if (extra > (size_t)-1 - sb->len - 1)
		xalloc_fatal("string buffer of %zu bytes overflows", sb->len);
	need = sb->len + extra + 1;
	if (need <= sb->cap)
		return;
	cap = sb->cap < 64 ? 64 : sb->cap;
	while (cap < need)
		cap = cap > (size_t)-1 / 2 ? need : cap * 2;
	sb->buf = xrealloc(sb->buf, cap);
	sb->buf[sb->len] = '\0';
	sb->cap = cap;
}

void
strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	strbuf_grow(sb, len);
	if (len != 0)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void
strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void
strbuf_addch(struct strbuf *sb, int c)
{
	char	 ch = (char)c;

	strbuf_add(sb, &ch, 1);
}

void
strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list	 copy;
	int	 n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		xalloc_fatal("invalid format string \"%s\"", fmt);
	strbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void
strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void
strbuf_truncate(struct strbuf *sb, size_t len)
{
	if (len < sb->len) {
		sb->len = len;
		sb->buf[len] = '\0';
	}
}

/* Hand the contents to the caller, who frees them; the buffer is reset. */
char *
strbuf_detach(struct strbuf *sb)
{
	char	*p;

	if (sb->buf == NULL)
		return xstrdup("");
	p = sb->buf;
	strbuf_init(sb);
	return p;
}

/* Borrow the contents as a C string; never NULL. */
const char *
strbuf_str(const struct strbuf *sb)
{
	return sb->buf != NULL ? sb->buf : "";
}
