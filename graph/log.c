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

int
log_open(const char *path, char **errp)
{
	char	*owned = NULL;
	int	 fd;

	if (path == NULL && (path = owned = log_default_path(errp)) == NULL)
		return -1;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1 || (log_file = fdopen(fd, "a")) == NULL) {
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
	char		 when[32];
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
	sanitize_append(&line, msg.buf, msg.len, 0, 0, NULL);
	strbuf_addch(&line, '\n');
	fwrite(line.buf, 1, line.len, log_file);
	strbuf_free(&msg);
	strbuf_free(&line);
}
