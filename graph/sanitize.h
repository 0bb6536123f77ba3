/*
 * Terminal-safe display of untrusted text.
 *
 * Every string that comes from an inventory passes through here before it
 * reaches a screen, stdout, an export, a log or an error message. The
 * output is valid, printable UTF-8 (or plain ASCII in ASCII mode):
 *
 *   - C0 controls, DEL and bytes that are not valid UTF-8 become \xNN,
 *     one escape per byte, except \n, \r and \t, which become the
 *     two-character escapes \n, \r and \t (SANITIZE_KEEP_NEWLINE keeps a
 *     newline as it is);
 *   - C1 controls, Unicode format characters (bidi embeddings, overrides
 *     and isolates, marks, zero-width characters, BOM, soft hyphen, tag
 *     characters, variation selectors), line and paragraph separators,
 *     invisible letters (Hangul fillers and the like), noncharacters,
 *     private use and unassigned code points become <U+XXXX>;
 *   - combining marks stay attached to the character before them, at most
 *     SANITIZE_MAX_COMBINING per character; the rest, and marks with no
 *     printable character before them, become <U+XXXX>;
 *   - widths come from wcwidth(3), so LC_CTYPE must be a UTF-8 locale
 *     unless SANITIZE_ASCII is set. In the C locale glibc's wcwidth()
 *     rejects every non-ASCII character, so all of them are escaped.
 *     Other locales may let through bytes that a terminal reads as C1
 *     controls.
 *
 * The escape text itself is plain ASCII, so a row that held such
 * characters can be marked and the escapes drawn in their own style.
 * Escapes are for display only: a backslash or "<U+" in the input is left
 * as it is, so the output cannot be decoded back, and only the
 * SANITIZE_ESCAPED result flag distinguishes a real escape from lookalike
 * text.
 */
#ifndef SANITIZE_H
#define SANITIZE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct strbuf;

/* Options. */
#define SANITIZE_ASCII		0x1	/* escape every non-ASCII character */
#define SANITIZE_KEEP_NEWLINE	0x2	/* let \n through (multi-line stdout) */

/* Result flags. */
#define SANITIZE_ESCAPED	0x1	/* some input was shown as an escape */
#define SANITIZE_CUT		0x2	/* output was cut to fit the width */

#define SANITIZE_MAX_COMBINING	2
#define SANITIZE_ESCAPE_MAX	16	/* longest escape text, with NUL */

/*
 * One display unit: a printable character with its combining marks, or
 * the ASCII text of an escape. A newline kept by SANITIZE_KEEP_NEWLINE is
 * a glyph of its own with width 0.
 */
struct sanitize_glyph {
	int		 escape;	/* 1: text holds an escape */
	uint32_t	 cp[1 + SANITIZE_MAX_COMBINING]; /* when !escape */
	int		 ncp;		/* code points in cp, 0 for an escape */
	char		 text[SANITIZE_ESCAPE_MAX]; /* UTF-8 of cp, or escape */
	int		 width;		/* terminal columns, 0 to 2 for a
					   character, the text length for
					   an escape */
};

/*
 * Decode the next glyph of untrusted text at *p (end marks the end of the
 * input) and advance *p past it. Returns 1 when a glyph was produced and
 * 0 at the end of input.
 */
int	 sanitize_next(const char **p, const char *end, int opts,
	    struct sanitize_glyph *);

/*
 * Append the display form of text[0..len) to sb; a NULL text is empty.
 * When maxw is positive the appended text is at most maxw columns wide
 * (kept newlines count 0), cut between glyphs and ended with an ellipsis
 * ("..." when SANITIZE_ASCII is set) if it does not fit. When maxw is
 * smaller than "...", the cut text is "." or "..". A maxw of 0 or less
 * means no limit. Returns the number of columns appended. *result (may be
 * NULL) gets SANITIZE_ESCAPED when an escape is in the appended text (not
 * one that was cut off) and SANITIZE_CUT when the text was cut.
 */
int	 sanitize_append(struct strbuf *sb, const char *text, size_t len,
	    int maxw, int opts, int *result);

/* Same, for a NUL-terminated string; NULL is treated as "". */
int	 sanitize_appendstr(struct strbuf *sb, const char *text, int maxw,
	    int opts, int *result);

/*
 * Return a newly allocated display form of a NUL-terminated string with
 * no width limit; NULL gives "". The caller frees it.
 */
char	*sanitize_dup(const char *text, int opts);

/*
 * Return the display width in columns of the sanitised text, the value
 * sanitize_append() returns with no width limit.
 */
int	 sanitize_width(const char *text, size_t len, int opts);

/*
 * Return 1 when the string is valid UTF-8 and contains nothing that would
 * be escaped under opts, so its display form is the string itself, else 0.
 * Allocates nothing.
 */
int	 sanitize_is_clean(const char *text, size_t len, int opts);

/*
 * Return 1 when the code point is shown as a <U+XXXX> escape whatever
 * comes before it (C1 controls, format and invisible characters,
 * separators, noncharacters, private use, unassigned), else 0. Combining
 * marks return 0, although one with no base before it is escaped. C0
 * controls and DEL return 0 because they are shown as \xNN. Surrogates
 * and values above U+10FFFF return 1. Like the rest, the result depends
 * on LC_CTYPE. The JSON writer uses it to write such characters as
 * \uXXXX escapes.
 */
int	 sanitize_cp_hidden(uint32_t cp);

/*
 * Format a message with printf-style arguments, pass the result through
 * the sanitiser and write it with a newline to fp. For messages that
 * carry untrusted text such as file names, keys and record values.
 */
void	 sanitize_fprintf(FILE *fp, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 sanitize_vfprintf(FILE *fp, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));

#endif
