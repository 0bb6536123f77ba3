/*
 * Commands. Each command is one file tui/cmd_<name>.c exporting a struct
 * cmd_entry; cmd.c lists them. Global options come before the command
 * and are parsed into struct cli by main().
 */
#ifndef CMD_H
#define CMD_H

#include <stddef.h>
#include <stdint.h>

/* Exit codes, shared by every command. */
enum cmd_exit {
	CMD_EXIT_OK = 0,
	CMD_EXIT_USAGE = 1,	/* usage error or unknown key */
	CMD_EXIT_BAD_INPUT = 2,
	CMD_EXIT_STORE = 3,
	CMD_EXIT_FINDINGS = 4,	/* findings at or above --fail-on */
	CMD_EXIT_NETWORK = 5
};

struct store;
struct model;

/* Global options. */
struct cli {
	const char	*db;		/* --db, or NULL */
	int64_t		 now;		/* --now, or the clock */
	const char	*config;	/* --config */
	int		 verbose;	/* -v */
	int		 read_only;	/* --read-only */
	const char	*theme;		/* --theme */
	int		 ascii;		/* --ascii */
	int		 no_mouse;	/* --no-mouse */
};

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* arguments after the name */
	const char	*summary;
	int		(*exec)(struct cli *, int argc, char **argv);
};

extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_ls_entry;
extern const struct cmd_entry cmd_show_entry;
extern const struct cmd_entry cmd_formats_entry;
extern const struct cmd_entry cmd_tui_entry;

/* All commands, in the order --help lists them. */
const struct cmd_entry *const *cmd_list(size_t *n);
const struct cmd_entry *cmd_find(const char *name);

/*
 * Print an error message about untrusted text (file names, keys) to
 * stderr, with secrets masked (secret_mask()) and through the sanitiser,
 * prefixed with "trustwalk: ".
 */
void	 cmd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "usage: trustwalk NAME USAGE" for a command and return 1. */
int	 cmd_usage(const struct cmd_entry *);

/*
 * Open the case for reading (honouring --db and --read-only) and load its
 * model. Returns CMD_EXIT_OK, or an exit code after printing why.
 */
int	 cmd_open_case(struct cli *, struct store **, struct model **);

/*
 * Resolve a KEY argument to one node: an exact key, or an id or name that
 * matches exactly one node. Prints the candidates or "not found" and
 * returns -1 otherwise.
 */
int64_t	 cmd_resolve_node(const struct model *, const char *text);

struct jsonw;

/*
 * Write node v as a JSON object with at least key, kind, name and source
 * (the shape "ls --format json" documents).
 */
void	 cmd_node_json(struct jsonw *, const struct model *, size_t v);

/* The same members, written into an object the caller has open. */
void	 cmd_node_json_fields(struct jsonw *, const struct model *,
	    size_t v);

/* Write a time for JSON: ISO 8601, "never", "n/a", or null if unknown. */
void	 cmd_time_json(struct jsonw *, int64_t t);

#endif
