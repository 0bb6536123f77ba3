/*
 * Run a fuzz target's LLVMFuzzerTestOneInput() on saved inputs, without
 * libFuzzer, so that `make check` replays every regression input and
 * seed with the normal and the sanitizer builds. Arguments are files or
 * folders, read recursively as libFuzzer reads a corpus, up to
 * REPLAY_MAX_DEPTH levels deep; hidden files are skipped.
 *
 * usage: replay_TARGET FILE|DIR...
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define REPLAY_MAX_DEPTH	8

/* Feed one file to the target; returns 1 when it was read. */
static int
replay_file(const char *path)
{
	FILE		*fp;
	uint8_t		*buf;
	long		 n;

	if ((fp = fopen(path, "rb")) == NULL) {
		perror(path);
		exit(2);
	}
	if (fseek(fp, 0, SEEK_END) == -1 || (n = ftell(fp)) < 0) {
		perror(path);
		exit(2);
	}
	rewind(fp);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		perror(path);
		exit(2);
	}
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 1;
}

static int
replay_path(const char *path, int depth)
{
	struct stat	 st;
	struct dirent	*de;
	DIR		*d;
	char		*sub;
	int		 n = 0;

	if (stat(path, &st) == -1) {
		perror(path);
		exit(2);
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	if ((d = opendir(path)) == NULL) {
		perror(path);
		exit(2);
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (asprintf(&sub, "%s/%s", path, de->d_name) == -1)
			abort();
		if (stat(sub, &st) == -1)
			;
		else if (S_ISREG(st.st_mode))
			n += replay_file(sub);
		else if (S_ISDIR(st.st_mode) && depth < REPLAY_MAX_DEPTH)
			n += replay_path(sub, depth + 1);
		free(sub);
	}
	closedir(d);
	return n;
}

int
main(int argc, char **argv)
{
	int	 i, n = 0;

	for (i = 1; i < argc; i++)
		n += replay_path(argv[i], 0);
	printf("%d inputs replayed\n", n);
	return 0;
}
