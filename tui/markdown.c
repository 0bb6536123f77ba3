/*
 * Markdown escaping (see markdown.h).
 */
#include "markdown.h"

#include <string.h>

#include "sanitize.h"
#include "strbuf.h"

/* Characters that are markup wherever they stand. */
static const char markdown_always[] = "\\`*[]<>|~&#";

/* 1 when c is an ASCII letter or digit. */
static int
markdown_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

void
markdown_text(struct strbuf *sb, const char *text)
{
	struct strbuf	 safe;
	const char	*p, *start;
	int		 esc;

	strbuf_init(&safe);
	sanitize_appendstr(&safe, text, 0, 0, NULL);
	start = safe.buf != NULL ? safe.buf : "";
	for (p = start; *p != '\0'; p++) {
		esc = strchr(markdown_always, *p) != NULL;
		/* "_" inside a word (snake_case) is never emphasis. */
		if (*p == '_')
			esc = p == start || !markdown_alnum(p[-1]) ||
			    !markdown_alnum(p[1]);
		/* A list marker or heading underline only at the start. */
		if (p == start && strchr("-+=", *p) != NULL)
			esc = 1;
		if (esc)
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *p);
	}
	strbuf_free(&safe);
}

void
markdown_code(struct strbuf *sb, const char *text)
{
	struct strbuf	 safe;
	const char	*p, *body;
	size_t		 run = 0, longest = 0, i;
	int		 pad;

	strbuf_init(&safe);
	sanitize_appendstr(&safe, text, 0, 0, NULL);
	for (p = safe.buf != NULL ? safe.buf : ""; *p != '\0'; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	body = safe.buf != NULL ? safe.buf : "";
	/* A space keeps a backtick at either end apart from the fence. */
	pad = body[0] == '`' || (*body != '\0' && body[strlen(body) - 1] ==
	    '`') || *body == '\0';
	for (i = 0; i <= longest; i++)
		strbuf_addch(sb, '`');
	if (pad)
		strbuf_addch(sb, ' ');
	strbuf_addstr(sb, body);
	if (pad)
		strbuf_addch(sb, ' ');
	for (i = 0; i <= longest; i++)
		strbuf_addch(sb, '`');
	strbuf_free(&safe);
}
