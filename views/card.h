/*
 * The lines of a credential card (card.c), and who can revoke it and
 * the revocation checklist added to them (cardcheck.c).
 */
#ifndef CARD_H
#define CARD_H

#include <stddef.h>
#include <stdint.h>

struct app;

/* One line: a label, untrusted text, and the node Enter walks to. */
struct card_line {
	const char	*label;
	char		*text;
	int		 style;
	int64_t		 node;		/* -1: none */
};

struct card_lines {
	struct card_line	*v;
	size_t			 n;
};

/* Append a line; text is printf-formatted and may hold data. */
void	 card_add(struct card_lines *, const char *label, int style,
	    int64_t node, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

/*
 * Append who can revoke credential v (its owners and the identities
 * with the right) and the commands for its platform. Shown, never run.
 */
void	 cardcheck_revokers(struct card_lines *, struct app *, size_t v);

/*
 * Append the steps to revoke credential v, worded for its platform and
 * type and filled with its key id and users. Shown, never run.
 */
void	 cardcheck_build(struct card_lines *, struct app *, size_t v);

#endif
