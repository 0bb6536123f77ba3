/*
 * The configuration file: plain "key = value" lines under "[section]"
 * headers. A line whose first non-blank character is '#' is a comment
 * (a '#' later on a line is part of the value, because node keys may
 * hold one). Every key is declared in one registry table in config.c
 * with its type and default, so an unknown section or key, or a value
 * of the wrong type, is an error naming the file and the line.
 *
 * Types: string (optionally in double quotes), list (comma-separated;
 * an item in double quotes may hold commas, with \" and \\ escapes; a
 * list key given twice adds to the list), integer, duration ("90d",
 * "12h", "2w", or a number of days) and boolean (true, false, yes, no,
 * on, off, 1, 0). A key other than a list may be set once per file.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>
#include <stdint.h>

enum config_type {
	CONFIG_STRING,
	CONFIG_LIST,
	CONFIG_INTEGER,
	CONFIG_DURATION,
	CONFIG_BOOLEAN
};

/* One declared key (an entry of the registry in config.c). */
struct config_key {
	const char		*section;
	const char		*name;
	enum config_type	 type;
	const char		*def;		/* default as file text, or NULL */
	int64_t			 min;		/* integer bounds, when min < max */
	int64_t			 max;
	const char		*help;
};

struct config;

/* Largest configuration file read. */
#define CONFIG_MAX_SIZE		(1024 * 1024)

/*
 * Read the configuration: the file path when given (it must exist),
 * else $XDG_CONFIG_HOME/trustwalk/config (~/.config when unset), which
 * may be missing. Returns 0 and sets *out, or -1 with *errp naming the
 * file and line of the first error.
 */
int		 config_load(const char *path, struct config **out,
		    char **errp);

/* The same with another registry of n keys (for tests). */
int		 config_load_keys(const char *path,
		    const struct config_key *keys, size_t n,
		    struct config **out, char **errp);

/* A configuration holding only the defaults. */
struct config	*config_create(void);

/* The same for another registry; keys must outlive the configuration. */
struct config	*config_create_keys(const struct config_key *keys,
		    size_t n);

/*
 * Parse configuration text as file (a name for messages) into cfg.
 * Returns 0, or -1 with *errp set.
 */
int		 config_parse(struct config *, const char *file,
		    const char *text, size_t len, char **errp);

void		 config_free(struct config *);

/* The file the configuration came from, or NULL when none was read. */
const char	*config_file(const struct config *);

/* The line that set a key, or 0 when the key has its default. */
int		 config_line(const struct config *, const char *section,
		    const char *name);

/*
 * Typed values. Asking for an undeclared key, or with the wrong type, is
 * a programming error and asserts.
 */
const char	*config_string(const struct config *, const char *section,
		    const char *name);
const char *const *config_list(const struct config *, const char *section,
		    const char *name, size_t *n);
int64_t		 config_integer(const struct config *, const char *section,
		    const char *name);
int64_t		 config_duration(const struct config *, const char *section,
		    const char *name);
int		 config_boolean(const struct config *, const char *section,
		    const char *name);

/* The built-in registry of n keys (the documentation test reads it). */
const struct config_key *config_keys(size_t *n);

#endif
