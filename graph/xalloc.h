/*
 * Allocation wrappers. Running out of memory is fatal: each wrapper prints
 * a message and exits with status 3 instead of returning NULL, so callers
 * never test for it. A fatal hook lets the terminal adapter restore the
 * screen before the message is printed.
 */
#ifndef XALLOC_H
#define XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));

/* Called once before the process exits on a fatal error. */
void	 xalloc_set_fatal_hook(void (*)(void));
void	 xalloc_fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
