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
struct config;
struct scenario;

/* Global options. */
struct cli {
	const char	*db;		/* --db, or NULL */
	int64_t		 now;		/* --now, or the clock */
	int		 now_given;	/* --now was given */
	int64_t		 as_of;		/* --as-of, when as_of_given */
	int		 as_of_given;
	const char	*config;	/* --config */
	struct config	*cfg;		/* the settings read from it */
	const char	**tier_zero;	/* --tier-zero KEY, in order */
	size_t		 ntier_zero;
	int		 verbose;	/* -v */
	int		 read_only;	/* --read-only */
	const char	*theme;		/* --theme */
	int		 ascii;		/* --ascii */
	int		 no_mouse;	/* --no-mouse */
	int		 osc52;		/* --osc52 */
	const char	*replay;	/* --replay FILE */
	int64_t		 started_us;	/* monotonic clock at the start of
					   main(), in microseconds */
};

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* arguments after the name */
	const char	*summary;
	int		(*exec)(struct cli *, int argc, char **argv);
};

extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_fetch_entry;
extern const struct cmd_entry cmd_ls_entry;
extern const struct cmd_entry cmd_show_entry;
extern const struct cmd_entry cmd_reach_entry;
extern const struct cmd_entry cmd_whocan_entry;
extern const struct cmd_entry cmd_path_entry;
extern const struct cmd_entry cmd_blast_entry;
extern const struct cmd_entry cmd_choke_entry;
extern const struct cmd_entry cmd_crown_entry;
extern const struct cmd_entry cmd_findings_entry;
extern const struct cmd_entry cmd_formats_entry;
extern const struct cmd_entry cmd_joins_entry;
extern const struct cmd_entry cmd_tui_entry;
extern const struct cmd_entry cmd_snapshots_entry;
extern const struct cmd_entry cmd_warnings_entry;
extern const struct cmd_entry cmd_diff_entry;
extern const struct cmd_entry cmd_note_entry;
extern const struct cmd_entry cmd_tag_entry;
extern const struct cmd_entry cmd_review_entry;
extern const struct cmd_entry cmd_accept_entry;
extern const struct cmd_entry cmd_journal_entry;
extern const struct cmd_entry cmd_export_entry;
extern const struct cmd_entry cmd_revokers_entry;
extern const struct cmd_entry cmd_timeline_entry;

/* All commands, in the order --help lists them. */
const struct cmd_entry *const *cmd_list(size_t *n);
const struct cmd_entry *cmd_find(const char *name);

/*
 * Print an error message about untrusted text (file names, keys) to
 * stderr, with secrets masked (secret_mask()) and through the sanitiser,
 * prefixed with "trustwalk: ".
 */
void	 cmd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Reject an expiry (--until, as typed in text) at or before the clock
 * now, printing why. Returns CMD_EXIT_OK or CMD_EXIT_USAGE.
 */
int	 cmd_check_until(int64_t until, const char *text, int64_t now);

/* Print "usage: trustwalk NAME USAGE" for a command and return 1. */
int	 cmd_usage(const struct cmd_entry *);

/*
 * Open the case for reading (honouring --db, --read-only and --as-of) and
 * load its model; mp may be NULL to open the store only. Returns
 * CMD_EXIT_OK, or an exit code after printing why.
 */
int	 cmd_open_case(struct cli *, struct store **, struct model **);

/*
 * Resolve a KEY argument to one node: an exact key, or an id or name that
 * matches exactly one node. Prints the candidates or "not found" and
 * returns -1 otherwise.
 */
int64_t	 cmd_resolve_node(const struct model *, const char *text);

struct jsonw;
struct strbuf;

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

/*
 * Set up the scenario of an analysis command: the default depth from
 * the configuration and the crown jewels from the configuration and
 * --tier-zero. A --tier-zero KEY that matches no node is an error. A
 * configured key that matches none is reported and skipped, because one
 * configuration serves many cases. Returns CMD_EXIT_OK or an exit code
 * after printing why.
 */
int	 cmd_scenario(struct cli *, struct store *, const struct model *,
	    struct scenario *);

/* Parse an --edges KINDS argument; returns CMD_EXIT_OK or an exit code. */
int	 cmd_parse_edges(const char *arg, uint32_t *mask);

/* Parse a --depth N or --top N argument (0 to max). */
int	 cmd_parse_count(const char *option, const char *arg, uint32_t max,
	    uint32_t *out);

/*
 * Write the edges of a path as a JSON array of steps: from and to keys
 * and names, kind, source kind, conditional, and the conditions of a
 * conditional edge read from the case.
 */
void	 cmd_path_json(struct jsonw *, struct store *, const struct model *,
	    const uint32_t *edges, size_t len);

/*
 * The names along a path, "a > b > c", starting at node start (keys
 * instead of names when keys is set). The caller frees the string.
 */
char	*cmd_path_text(const struct model *, size_t start,
	    const uint32_t *edges, size_t len, int keys);

/*
 * Run reach (reverse 0) or who-can (reverse 1) as command c; the two
 * commands share cmd_reach.c.
 */
int	 cmd_reach_main(const struct cmd_entry *c, struct cli *, int argc,
	    char **argv, int reverse);

struct import_result;

/*
 * Print one line per imported file (format, source, counts, time,
 * "(partial)", and whether its input equals the one the source's
 * previous snapshot of the case s was made from) and a total line on
 * stdout, as "trustwalk import" does.
 */
void	 cmd_import_report(struct store *s, const struct import_result *,
	    size_t n, double seconds);

/*
 * Print who can revoke credential v and how (the revokers command's
 * section), as text on stdout or as a JSON object into w. Returns 0, or
 * -1 after printing why the case could not be read.
 */
int	 cmd_revokers_text(struct store *, const struct model *, size_t v);
int	 cmd_revokers_json(struct jsonw *, struct store *,
	    const struct model *, size_t v);

/* Write a whole buffer to stdout. */
void	 cmd_flush(struct strbuf *);

#endif
