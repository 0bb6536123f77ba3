/*
 * Colour themes, read from plain text files in themes/. A theme gives
 * each style a foreground, a background and attributes; the terminal
 * adapter turns them into curses colour pairs. This module does not
 * include curses.
 *
 * File format: one "style = fg bg [attr...]" per line; '#' starts a
 * comment. Colours are default, black, red, green, yellow, blue,
 * magenta, cyan, white, their bright- forms, or 0 to 255. Attributes
 * are bold, dim, underline, reverse.
 */
#ifndef THEME_H
#define THEME_H

enum theme_style {
	THEME_NORMAL,
	THEME_HEADER,
	THEME_STATUS,
	THEME_SELECTED,
	THEME_DIM,
	THEME_TITLE,
	THEME_ESCAPE,
	THEME_EDGE,
	THEME_MISSING,
	THEME_ERROR,
	THEME_PROMPT,
	THEME_MATCH,
	THEME_KIND_HUMAN,	/* one per node kind, in kind.h order */
	THEME_KIND_LAST = THEME_KIND_HUMAN + 11,
	THEME_STYLE_COUNT
};

#define THEME_DEFAULT_COLOR	-1

#define THEME_BOLD		0x1
#define THEME_DIM_ATTR		0x2
#define THEME_UNDERLINE		0x4
#define THEME_REVERSE		0x8

struct theme_entry {
	int	 fg;		/* -1 default, 0 to 255 */
	int	 bg;
	int	 attrs;		/* THEME_BOLD ... */
};

struct theme {
	char			*name;
	struct theme_entry	 style[THEME_STYLE_COUNT];
};

/*
 * Fit colour c (-1 for the default, 0 to 255) to a terminal of ncolors
 * colours (8, 16, 256): a colour of the 256 palette becomes the nearest
 * of the 16 basic ones, and on 8 colours a bright colour becomes its
 * base colour with *bold set. Returns the colour to use.
 */
int	 theme_fit_color(int c, int ncolors, int *bold);

/* The style for a node kind. */
int	 theme_kind_style(int kind);

/*
 * Load theme name: from a user's themes folder that has "<name>.theme",
 * else the built-in theme of that name, else the other themes folders
 * (see theme.c). Returns 0, or -1 with *errp naming the file and line of
 * a bad entry or saying the theme was not found.
 */
int	 theme_load(struct theme *, const char *name, char **errp);

/* Parse theme text (for tests and for theme_load()). */
int	 theme_parse(struct theme *, const char *text, const char *file,
	    char **errp);

/* Fill in the built-in monochrome theme, used when no file loads. */
void	 theme_builtin(struct theme *);

void	 theme_free(struct theme *);

/*
 * The folders searched for themes, NULL-terminated; the caller frees
 * each. The first *nuser are the user's, searched before the built-in
 * themes.
 */
char	**theme_dirs(int *nuser);

#endif
