/*
 * The built-in themes: the text of each themes/NAME.theme, compiled in
 * by the Makefile (build/made/theme_text.c), so that a copy of the binary
 * far from the source tree still has them.
 */
#ifndef THEME_TEXT_H
#define THEME_TEXT_H

struct theme_text {
	const char	*name;		/* "dark" */
	const char	*text;		/* the theme file's text */
};

/* The built-in themes, ended by an entry whose name is NULL. */
extern const struct theme_text theme_texts[];

#endif
