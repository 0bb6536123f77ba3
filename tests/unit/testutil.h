/*
 * Common includes and helpers for the cmocka unit tests.
 */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* Project root, from TW_ROOT (set by tests/run.sh), else ".". */
static inline const char *
testutil_root(void)
{
	const char	*r = getenv("TW_ROOT");

	return r != NULL ? r : ".";
}

/* Make a scratch directory under $TMPDIR; the caller removes it. */
static inline char *
testutil_tmpdir(void)
{
	const char	*base = getenv("TMPDIR");
	char		*dir;

	if (base == NULL)
		base = "/tmp";
	if (asprintf(&dir, "%s/twtest.XXXXXX", base) == -1)
		abort();
	if (mkdtemp(dir) == NULL)
		abort();
	return dir;
}

/* Remove a scratch directory and everything in it. */
static inline void
testutil_rmtree(const char *dir)
{
	char	*cmd;

	if (asprintf(&cmd, "rm -rf '%s'", dir) == -1)
		abort();
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
}

#endif
