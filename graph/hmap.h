/*
 * A hash map from byte strings to 64-bit values, with open addressing and
 * linear probing. Keys are copied into the map's own arena.
 */
#ifndef HMAP_H
#define HMAP_H

#include <stddef.h>
#include <stdint.h>

struct hmap;

struct hmap	*hmap_create(size_t hint);
void		 hmap_free(struct hmap *);
size_t		 hmap_count(const struct hmap *);

/* Return 1 and set *val when key is present, else 0. */
int		 hmap_get(const struct hmap *, const char *key, size_t len,
		    uint64_t *val);

/*
 * Insert key with val, or replace the value of a present key. Returns 1
 * when the key was new, 0 when it was replaced.
 */
int		 hmap_put(struct hmap *, const char *key, size_t len,
		    uint64_t val);

/* The hash function used by the map, for other tables that share it. */
uint64_t	 hmap_hash(const char *, size_t);

#endif
