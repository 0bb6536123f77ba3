/*
 * Matching nodes against what the analyst types in a filter: words
 * separated by spaces, each of which must occur (ignoring ASCII case) in
 * the node's name, key, kind, source kinds or source, or in one of the
 * extra texts the caller adds (such as the kind of the edge that leads
 * to the node).
 */
#ifndef QUERY_H
#define QUERY_H

#include <stddef.h>
#include <stdint.h>

struct model;

/* 1 when node v matches every word of filter (an empty filter matches). */
int	 query_match(const struct model *, size_t v, const char *filter,
	    const char *const *extra, size_t nextra);

/*
 * Sort node ids for listing: by kind, then name ignoring ASCII case,
 * then key, so that listings are stable. The ids must be distinct; all
 * the model's nodes are sorted in O(n) when it keeps their order.
 */
void	 query_sort(const struct model *, uint32_t *ids, size_t n);

#endif
