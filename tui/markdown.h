/*
 * Markdown output of untrusted text for reports and journals: text goes
 * through the sanitiser first, then each character CommonMark could read
 * as markup is escaped with a backslash, so data can neither drive the
 * terminal nor change the document's shape. The callers never start a
 * line with such text, so only a leading '-', '+' or '=' counts as a
 * block marker.
 */
#ifndef MARKDOWN_H
#define MARKDOWN_H

struct strbuf;

/* Append text as Markdown text that reads as the text itself. */
void	 markdown_text(struct strbuf *, const char *text);

/* Append text as an inline code span, fenced with enough backticks. */
void	 markdown_code(struct strbuf *, const char *text);

#endif
