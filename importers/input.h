/*
 * An input file mapped read-only into memory, with the checks every
 * importer needs first: a readable regular file within the size limit.
 */
#ifndef INPUT_H
#define INPUT_H

#include <stddef.h>
#include <stdint.h>

/* Largest input file accepted: 8 GiB. */
#define INPUT_MAX_SIZE	((uint64_t)8 << 30)

struct input {
	char		*path;		/* as given */
	const char	*name;		/* the last part of path */
	const char	*data;		/* len bytes, not NUL-terminated */
	size_t		 len;
	void		*map;		/* for munmap, or NULL */
	char		*owned;		/* heap copy, or NULL */
	int		 folder;	/* a folder, data its manifest */
};

/*
 * Map the file at path. Returns 0, or -1 with *errp naming the file and
 * the problem (missing, unreadable, a directory, over the size limit).
 */
int	 input_open(const char *path, uint64_t max, struct input **out,
	    char **errp);

/* Wrap bytes already in memory (taking ownership of data). */
struct input *input_from_memory(const char *name, char *data, size_t len);

void	 input_close(struct input *);

/* Skip a UTF-8 byte order mark; returns the offset of the content. */
size_t	 input_bom(const struct input *);

/*
 * Return 1 when the first non-blank byte after any BOM is c, so that a
 * sniffer can tell JSON objects from arrays cheaply.
 */
int	 input_starts_with(const struct input *, int c);

/*
 * Return 1 when needle occurs within the first limit bytes of the input.
 */
int	 input_contains(const struct input *, const char *needle,
	    size_t limit);

#endif
