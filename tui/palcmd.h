/*
 * The commands of the ':' palette: a table of names, arguments, one-line
 * descriptions and handlers, and the fuzzy matching that ranks them as
 * the analyst types. The palette view (views/palette.c) draws them.
 */
#ifndef PALCMD_H
#define PALCMD_H

#include <stddef.h>

struct app;

struct palcmd {
	const char	*name;
	const char	*args;		/* such as "NAME", or "" */
	const char	*help;
	/* Run with the text after the name; returns APP_* flags. */
	int		(*run)(struct app *, const char *args);
	/* Values to complete the argument from, NULL-terminated, or NULL. */
	const char *const *(*values)(size_t *n);
};

/* The command table, in the order the palette lists it when empty. */
const struct palcmd *palcmd_list(size_t *n);

/*
 * Score how well typed matches name as a fuzzy subsequence: -1 when it
 * does not, else higher for a prefix, for runs of consecutive letters
 * and for matches at word starts.
 */
int	 palcmd_score(const char *typed, const char *name);

/*
 * Rank the commands for typed (the first word of the line): fills up to
 * max indexes into the table, best first, and returns how many.
 */
size_t	 palcmd_rank(const char *typed, size_t *out, size_t max);

/*
 * Rank the values of an argument for typed, like palcmd_rank(); fills
 * pointers to the values.
 */
size_t	 palcmd_rank_values(const char *const *values, size_t n,
	    const char *typed, const char **out, size_t max);

/* Go back to the node list and filter it by text; returns APP_* flags. */
int	 palcmd_filter_list(struct app *, const char *text);

/* Run a command line; an unknown command shows the closest ones. */
int	 palcmd_run(struct app *, const char *line);

#endif
