/*
 * Bump allocator. Blocks grow from 64 KiB and requests larger than a
 * block get a block of their own.
 */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define ARENA_BLOCK	(64u << 10)

struct arena_block {
	struct arena_block	*next;
	size_t			 size;
	size_t			 off;
	char			 data[];
};

void
arena_init(struct arena *a)
{
	a->head = NULL;
	a->used = 0;
}

void
arena_free(struct arena *a)
{
	struct arena_block	*b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	arena_init(a);
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_block	*b = a->head;
	size_t			 size;
	void			*p;

	n = (n + 7) & ~(size_t)7;
	if (b == NULL || b->size - b->off < n) {
		size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = xmalloc(sizeof(*b) + size);
		b->size = size;
		b->off = 0;
		b->next = a->head;
		a->head = b;
	}
	p = b->data + b->off;
	b->off += n;
	a->used += n;
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char	*p;

	p = arena_alloc(a, len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}
