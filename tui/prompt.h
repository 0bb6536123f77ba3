/*
 * A one-line text prompt, such as the '/' filter of the list and the
 * walk: typing edits the text, Backspace deletes a character, Enter
 * keeps the text and Esc clears it.
 */
#ifndef PROMPT_H
#define PROMPT_H

#include "strbuf.h"

struct canvas;

/* prompt_key() results. */
#define PROMPT_IGNORED	0	/* not a key the prompt takes */
#define PROMPT_KEPT	1	/* handled, text unchanged */
#define PROMPT_CHANGED	2	/* handled, text changed */

#define PROMPT_MAX	256	/* bytes of text */

struct prompt {
	struct strbuf	 text;
	int		 editing;
};

void	 prompt_init(struct prompt *);
void	 prompt_free(struct prompt *);

/* Start editing. */
void	 prompt_open(struct prompt *);

/* 1 while the prompt has text or is being edited. */
int	 prompt_active(const struct prompt *);

/* Handle a key while editing. */
int	 prompt_key(struct prompt *, int key);

/*
 * Draw the prompt on row y: lead character, text, cursor, and info (a
 * count such as "3 of 40") after it.
 */
void	 prompt_draw(const struct prompt *, struct canvas *, int y,
	    const char *lead, const char *info);

#endif
