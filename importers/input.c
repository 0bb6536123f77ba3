/*
 * Mapped input files (see input.h).
 */
#include "input.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xalloc.h"

int
input_open(const char *path, uint64_t max, struct input **out, char **errp)
{
	struct input	*in;
	struct stat	 st;
	const char	*slash;
	int		 fd;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd == -1) {
		*errp = xasprintf("%s: cannot open: %s", path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		*errp = xasprintf("%s: %s", path, strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		*errp = xasprintf("%s: is a directory; give the files in it",
		    path);
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		*errp = xasprintf("%s: not a regular file", path);
		goto fail;
	}
	if ((uint64_t)st.st_size > max) {
		*errp = xasprintf("%s: file of %lld bytes is over the input "
		    "limit of %llu bytes", path, (long long)st.st_size,
		    (unsigned long long)max);
		goto fail;
	}

	in = xcalloc(1, sizeof(*in));
	in->path = xstrdup(path);
	slash = strrchr(in->path, '/');
	in->name = slash != NULL && slash[1] != '\0' ? slash + 1 : in->path;
	in->len = (size_t)st.st_size;
	if (in->len == 0)
		in->data = "";
	else {
		in->map = mmap(NULL, in->len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (in->map == MAP_FAILED) {
			*errp = xasprintf("%s: cannot read: %s", path,
			    strerror(errno));
			in->map = NULL;
			input_close(in);
			goto fail;
		}
		madvise(in->map, in->len, MADV_SEQUENTIAL);
		in->data = in->map;
	}
	close(fd);
	*out = in;
	return 0;

fail:
	close(fd);
	return -1;
}

struct input *
input_from_memory(const char *name, char *data, size_t len)
{
	struct input	*in;

	in = xcalloc(1, sizeof(*in));
	in->path = xstrdup(name);
	in->name = in->path;
	in->owned = data;
	in->data = data;
	in->len = len;
	return in;
}

void
input_close(struct input *in)
{
	if (in == NULL)
		return;
	if (in->map != NULL)
		munmap(in->map, in->len);
	free(in->owned);
	free(in->path);
	free(in);
}

size_t
input_bom(const struct input *in)
{
	if (in->len >= 3 && memcmp(in->data, "\xef\xbb\xbf", 3) == 0)
		return 3;
	return 0;
}

int
input_starts_with(const struct input *in, int c)
{
	size_t	 i;

	for (i = input_bom(in); i < in->len; i++) {
		if (in->data[i] != ' ' && in->data[i] != '\t' &&
		    in->data[i] != '\n' && in->data[i] != '\r')
			return in->data[i] == c;
	}
	return 0;
}

int
input_contains(const struct input *in, const char *needle, size_t limit)
{
	size_t	 n = in->len < limit ? in->len : limit;

	return memmem(in->data, n, needle, strlen(needle)) != NULL;
}
