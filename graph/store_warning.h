/*
 * The warnings an import kept in the case: each record it skipped or
 * changed, and each part of a fetch that could not be read, with where
 * it was and why.
 */
#ifndef STORE_WARNING_H
#define STORE_WARNING_H

#include <stddef.h>
#include <stdint.h>

struct store;

struct store_warning {
	int64_t	 snapshot;
	int64_t	 seq;		/* order within the snapshot, from 0 */
	char	*path;		/* where: "graph.nodes[17]", an endpoint */
	char	*message;
};

/*
 * The warnings of one snapshot, or of every snapshot when snapshot is 0,
 * in snapshot and then import order. Returns 0 with the array in *out
 * (free it with store_warnings_free()), or -1 with *errp set.
 */
int	 store_warnings(struct store *, int64_t snapshot,
	    struct store_warning **out, size_t *n, char **errp);
void	 store_warnings_free(struct store_warning *, size_t);

#endif
