/*
 * A bump allocator for many small strings that live and die together,
 * such as the keys and names of a loaded model. Freeing the arena frees
 * everything it handed out.
 */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block	*head;
	size_t			 used;	/* bytes handed out, for statistics */
};

void	 arena_init(struct arena *);
void	 arena_free(struct arena *);
void	*arena_alloc(struct arena *, size_t);
char	*arena_strdup(struct arena *, const char *);
char	*arena_strndup(struct arena *, const char *, size_t);

#endif
