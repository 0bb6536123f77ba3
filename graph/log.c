/*
 * The debug log (see log.h). Its file handle is the one piece of process
 * state outside the application context, set up once by main().
 */
#include "log.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sanitize.h"
#include "secret.h"
#include "strbuf.h"
#include "xalloc.h"

static FILE	*log_file;

/* Make the folder for the default log path, mode 0700. */
static char *
log_default_path(char **errp)
{
	const char	*state = getenv("XDG_STATE_HOME");
	const char	*home = getenv("HOME");
	char		*base, *dir, *path;

	if (state != NULL && *state == '/')
		base = xstrdup(state);
	else if (home != NULL && *home == '/')
		base = xasprintf("%s/.local/state", home);
	else {
		*errp = xstrdup("cannot find a place for the log: set HOME "
		    "or XDG_STATE_HOME");
		return NULL;
	}
	dir = xasprintf("%s/trustwalk", base);
	if ((mkdir(base, 0700) == -1 && errno != EEXIST) ||
	    (mkdir(dir, 0700) == -1 && errno != EEXIST)) {
		*errp = xasprintf("%s: cannot create folder: %s", dir,
		    strerror(errno));
		free(base);
		free(dir);
		return NULL;
	}
	path = xasprintf("%s/trustwalk.log", dir);
	free(base);
	free(dir);
	return path;
}

/*
 * Check an opened log: a regular file of this user, which gets mode 0600
 * when an older file had a wider one.
 */
static int
log_check(int fd, const char *path, char **errp)
{
	struct stat	 st;

	if (fstat(fd, &st) == -1)
		return -1;
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
		*errp = xasprintf("%s: the log is not a regular file of yours; "
		    "remove it", path);
		return -1;
	}
	if ((st.st_mode & 0777) != 0600 && fchmod(fd, 0600) == -1)
		return -1;
	return 0;
}

int
log_open(const char *path, char **errp)
{
	char	*owned = NULL;
	int	 fd;

	*errp = NULL;

	if (path == NULL && (path = owned = log_default_path(errp)) == NULL)
		return -1;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd == -1 || log_check(fd, path, errp) == -1 ||
	    (log_file = fdopen(fd, "a")) == NULL) {
		if (*errp == NULL)
			*errp = xasprintf("%s: cannot open log: %s", path,
			    strerror(errno));
		if (fd != -1)
			close(fd);
		free(owned);
		return -1;
	}
	setvbuf(log_file, NULL, _IOLBF, 0);
	free(owned);
	log_write(__func__, "trustwalk started, pid %ld", (long)getpid());
	return 0;
}

void
log_close(void)
{
	if (log_file != NULL)
		fclose(log_file);
	log_file = NULL;
}

int
log_enabled(void)
{
	return log_file != NULL;
}

void
log_write(const char *func, const char *fmt, ...)
{
	struct strbuf	 msg, line;
	struct timespec	 ts;
	struct tm	 tm;
	char		 when[32], *masked;
	va_list		 ap;

	if (log_file == NULL)
		return;
	strbuf_init(&msg);
	strbuf_init(&line);
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	strbuf_addf(&line, "%s.%03ldZ %s: ", when, ts.tv_nsec / 1000000,
	    func);
	masked = secret_mask(msg.buf);
	sanitize_appendstr(&line, masked, 0, 0, NULL);
	strbuf_addch(&line, '\n');
	fwrite(line.buf, 1, line.len, log_file);
	free(masked);
	strbuf_free(&msg);
	strbuf_free(&line);
}
