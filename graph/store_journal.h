/*
 * The triage journal: every step the analyst takes. A step records the
 * real time it was taken (never --now), who took it and an action word
 * ("walk", "filter", "note", "export", ...). It also records the node key
 * it concerns, if any, and a JSON object with the details.
 */
#ifndef STORE_JOURNAL_H
#define STORE_JOURNAL_H

#include <stdint.h>

struct store;

struct store_journal_row {
	int64_t		 id;
	int64_t		 at;
	const char	*author;
	const char	*action;
	const char	*key;		/* or NULL */
	const char	*detail;	/* JSON object text, or NULL */
};

typedef int (*store_journal_fn)(void *ctx, const struct store_journal_row *);

/* Append a step. Returns 0, or -1 with *errp set (read-only case). */
int	 store_journal_add(struct store *, int64_t at, const char *author,
	    const char *action, const char *key, const char *detail,
	    char **errp);

/* Call fn for each step, oldest first. */
int	 store_journal_scan(struct store *, store_journal_fn fn, void *ctx,
	    char **errp);

#endif
