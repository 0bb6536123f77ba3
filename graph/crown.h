/*
 * Crown jewels: the nodes the analyst marks tier zero. This module
 * lists every credential that can reach one, with the shortest path, as
 * data the findings engine and the commands turn into reports.
 *
 * Method: one reverse walk from each crown jewel under the filter. Every
 * valid credential it reaches makes a pair, and the walk's parent edges give
 * the path from the credential to the jewel.
 */
#ifndef CROWN_H
#define CROWN_H

#include <stddef.h>
#include <stdint.h>

#include "reach.h"

struct cancel;
struct model;

struct crown_pair {
	uint32_t	 credential;
	uint32_t	 jewel;
	int		 conditional;	/* the path crosses a condition */
	size_t		 len;
	uint32_t	*edges;		/* from the credential to the jewel */
};

/*
 * 1 when credential v counts for crown jewel pairs at now: a credential
 * some source described, neither disabled nor expired, and created by
 * now (LIFECYCLE_VALID).
 */
int	 crown_credential_valid(const struct model *, size_t v, int64_t now);

/*
 * Find every (credential, crown jewel) pair under filter f whose
 * credential is valid at now (crown_credential_valid()), sorted by
 * credential key, then jewel key. The crown-jewels command, the crown
 * jewels view and the crown-jewel-reach rule all list these pairs.
 * Returns 0 and sets *out and *n (free with crown_pairs_free()), or 1
 * when the cancel hook stopped it (with the pairs found so far).
 */
int	 crown_pairs(const struct model *, const struct reach_filter *f,
	    const uint64_t *tier_zero, int64_t now, const struct cancel *,
	    struct crown_pair **out, size_t *n);
void	 crown_pairs_free(struct crown_pair *, size_t n);

#endif
