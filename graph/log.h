/*
 * The debug log: off unless -v is given, then appended to
 * $XDG_STATE_HOME/trustwalk/trustwalk.log. Each line starts with the time
 * and the name of the function that wrote it. Messages have secrets
 * masked (secret_mask()) and pass through the sanitiser, so data from
 * inventories cannot put secrets or control characters in the file. The
 * file is created with mode 0600. Nothing else in trustwalk writes logs.
 */
#ifndef LOG_H
#define LOG_H

/*
 * Open the log at path, or at the default place when path is NULL.
 * Returns 0, or -1 with *errp set.
 */
int	 log_open(const char *path, char **errp);
void	 log_close(void);
int	 log_enabled(void);

void	 log_write(const char *func, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#define log_debug(...)	do {					\
	if (log_enabled())					\
		log_write(__func__, __VA_ARGS__);		\
} while (0)

#endif
