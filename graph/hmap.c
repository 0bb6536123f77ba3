/*
 * String-keyed hash map. The table keeps the full hash of each entry so
 * that most probes are decided without comparing key bytes, and grows at
 * a load factor of one half.
 */
#include "hmap.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "xalloc.h"

struct hmap_slot {
	uint64_t	 hash;		/* 0 marks an empty slot */
	const char	*key;
	size_t		 len;
	uint64_t	 val;
};

struct hmap {
	struct hmap_slot	*slots;
	size_t			 cap;	/* a power of two */
	size_t			 count;
	struct arena		 keys;
};

/* FNV-1a with a final mix; never returns 0, which marks empty slots. */
uint64_t
hmap_hash(const char *s, size_t len)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;
	size_t		 i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h == 0 ? 1 : h;
}

struct hmap *
hmap_create(size_t hint)
{
	struct hmap	*m;
	size_t		 cap = 16;

	while (cap < hint * 2)
		cap *= 2;
	m = xcalloc(1, sizeof(*m));
	m->slots = xcalloc(cap, sizeof(*m->slots));
	m->cap = cap;
	arena_init(&m->keys);
	return m;
}

void
hmap_free(struct hmap *m)
{
	if (m == NULL)
		return;
	arena_free(&m->keys);
	free(m->slots);
	free(m);
}

size_t
hmap_count(const struct hmap *m)
{
	return m->count;
}

/* Return the slot holding key, or the empty slot where it would go. */
static struct hmap_slot *
hmap_find(const struct hmap *m, uint64_t h, const char *key, size_t len)
{
	size_t			 i = h & (m->cap - 1);
	struct hmap_slot	*s;

	for (;;) {
		s = &m->slots[i];
		if (s->hash == 0)
			return s;
		if (s->hash == h && s->len == len &&
		    memcmp(s->key, key, len) == 0)
			return s;
		i = (i + 1) & (m->cap - 1);
	}
}

static void
hmap_grow(struct hmap *m)
{
	struct hmap_slot	*old = m->slots, *s;
	size_t			 oldcap = m->cap, i, j;

	m->cap *= 2;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < oldcap; i++) {
		if (old[i].hash == 0)
			continue;
		j = old[i].hash & (m->cap - 1);
		while (m->slots[j].hash != 0)
			j = (j + 1) & (m->cap - 1);
		s = &m->slots[j];
		*s = old[i];
	}
	free(old);
}

int
hmap_get(const struct hmap *m, const char *key, size_t len, uint64_t *val)
{
	struct hmap_slot	*s;

	s = hmap_find(m, hmap_hash(key, len), key, len);
	if (s->hash == 0)
		return 0;
	*val = s->val;
	return 1;
}

int
hmap_put(struct hmap *m, const char *key, size_t len, uint64_t val)
{
	uint64_t		 h = hmap_hash(key, len);
	struct hmap_slot	*s;

	s = hmap_find(m, h, key, len);
	if (s->hash != 0) {
		s->val = val;
		return 0;
	}
	if ((m->count + 1) * 2 > m->cap) {
		hmap_grow(m);
		s = hmap_find(m, h, key, len);
	}
	s->hash = h;
	s->key = arena_strndup(&m->keys, key, len);
	s->len = len;
	s->val = val;
	m->count++;
	return 1;
}
