/*
 * The case file: one SQLite database per investigation.
 *
 * This module is the only code that talks to SQLite. A case holds
 * snapshots (one per import), the nodes and edges each snapshot brought,
 * and the warnings of each import. The current view of the estate is the
 * latest snapshot of every source, joined by node key.
 *
 * An import is written through a store_writer inside one transaction, so
 * it lands whole or not at all. The file is created with mode 0600 and a
 * file that other users can write is refused.
 */
#ifndef STORE_H
#define STORE_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"

struct store;
struct store_writer;

#define STORE_SCHEMA_VERSION	4

/* Open flags. */
#define STORE_CREATE		0x1	/* create the file when missing */
#define STORE_READ_ONLY		0x2	/* never write; --read-only */
#define STORE_MEMORY		0x4	/* a case in memory only, for fuzzing
					   and tests; the path is ignored */

/* A snapshot as listed from the case. */
struct store_snapshot {
	int64_t		 id;
	char		*source;
	char		*format;
	char		*input;		/* file names, as given */
	char		*input_sha256;	/* hex digest of the input bytes */
	int64_t		 imported_at;
	int64_t		 nodes;
	int64_t		 edges;
	int64_t		 placeholders;
	int64_t		 warnings;
	int		 partial;
	int		 current;	/* 1 when in the view the store reads */
};

/*
 * The kinds of view: the rule that picks the snapshots (one per source)
 * the store reads nodes, edges and attributes from. "Newest" means
 * imported last (the highest id).
 */
enum store_view_kind {
	STORE_VIEW_CURRENT,	/* the newest snapshot of every source */
	STORE_VIEW_AS_OF,	/* per source, the newest imported at or
				   before time at */
	STORE_VIEW_UPTO,	/* per source, the newest with an id at or
				   below snapshot at: the estate right after
				   that import */
	STORE_VIEW_PREVIOUS,	/* per source, the one before the newest, or
				   the only one */
	STORE_VIEW_IDS		/* exactly the snapshots in ids */
};

struct store_view {
	enum store_view_kind	 kind;
	int64_t			 at;	/* time (AS_OF) or snapshot id (UPTO) */
	int64_t			*ids;	/* IDS: freed by store_view_clear() */
	size_t			 nids;
};

/* What an import's caller tells the store about it at commit. */
struct store_import_info {
	const char	*source;
	const char	*format;
	const char	*input;
	const char	*input_sha256;
	int64_t		 imported_at;
	int		 partial;
};

/* Counts of one committed import. */
struct store_import_counts {
	int64_t		 snapshot;
	int64_t		 nodes;
	int64_t		 edges;
	int64_t		 placeholders;
	int64_t		 duplicates;
	int64_t		 warnings;
};

/* A node row of the current view, as scanned for the model. */
struct store_node_row {
	int64_t			 kid;	/* key id, shared by all snapshots */
	const char		*key;
	const char		*kind;
	const char		*kinds;
	const char		*name;
	int			 missing;	/* placeholder */
	struct record_lifecycle	 life;
	const char		*environment;
	const char		*owner;
	const char		*credential_type;
	const char		*source;
	int64_t			 snapshot;
};

/* An edge row of the current view. */
struct store_edge_row {
	int64_t		 id;		/* row id, for store_edge_detail() */
	int64_t		 src;		/* key ids */
	int64_t		 dst;
	const char	*kind;
	const char	*raw;
	unsigned	 flags;
	int64_t		 snapshot;
};

typedef int (*store_node_fn)(void *ctx, const struct store_node_row *);
typedef int (*store_edge_fn)(void *ctx, const struct store_edge_row *);

/*
 * Called for each attribute of a node: name and value as text, type one
 * of "text", "integer", "real", "true", "false", "null", "array".
 */
typedef int (*store_attr_fn)(void *ctx, const char *name, const char *value,
    const char *type, const char *source);

/*
 * Work out the case file path: the --db option when given, else
 * $TRUSTWALK_DB, else $XDG_DATA_HOME/trustwalk/trustwalk.db (with
 * ~/.local/share for an unset XDG_DATA_HOME). The default folder is
 * created with mode 0700 when create is set. Returns an allocated path,
 * or NULL with *errp set.
 */
char	*store_resolve_path(const char *option, int create, char **errp);

/*
 * Open the case file at path. Returns 0 and sets *out, or -1 with an
 * allocated message in *errp when:
 *   - the file is missing, not a case file, or from a newer trustwalk;
 *   - the file or its -wal or -shm file belongs to another user or is
 *     writable by other users;
 *   - its folder is writable by every user and lacks the sticky bit;
 *   - SQLite failed.
 */
int	 store_open(const char *path, int flags, struct store **out,
	    char **errp);
void	 store_close(struct store *);
const char *store_path(const struct store *);
int	 store_read_only(const struct store *);

/*
 * 1 when a case opened read-only has a -wal file that could not be read
 * (its folder is not writable, see store_ro.c), so the changes of an
 * import that is still running or was interrupted are missing.
 */
int	 store_wal_skipped(const struct store *);

/*
 * List every snapshot, oldest first. The caller frees the array with
 * store_snapshots_free().
 */
int	 store_snapshots(struct store *, struct store_snapshot **out,
	    size_t *n, char **errp);
void	 store_snapshots_free(struct store_snapshot *, size_t);

/*
 * Choose the snapshots the store reads from now on (the current view
 * when a store is opened). The store keeps its own copy of v. Returns 0,
 * or -1 with *errp set when the view names a snapshot that does not
 * exist or two snapshots of one source.
 */
int	 store_set_view(struct store *, const struct store_view *v,
	    char **errp);

/* Copy the store's view into *v; free it with store_view_clear(). */
void	 store_get_view(const struct store *, struct store_view *v);

/*
 * Parse a view as the command line gives it: "current", "previous", a
 * snapshot id ("7", the estate right after that import), ids joined by
 * commas ("3,5", exactly those snapshots) or an ISO 8601 time (as of
 * that time). Returns 0, or -1 with *errp set.
 */
int	 store_view_parse(const char *text, struct store_view *v,
	    char **errp);

/* Describe a view in a few words ("as of 2026-11-01") into buf. */
const char *store_view_describe(const struct store_view *, char *buf,
	    size_t len);

/* Free the ids of a view and set it to the current view. */
void	 store_view_clear(struct store_view *);

/*
 * The time of the view: the latest imported_at of its snapshots, or 0
 * when it has none. For the previous view, the latest imported_at of the
 * snapshots a later import replaced, when there are any, because sources
 * imported once appear in it unchanged.
 */
int	 store_view_time(struct store *, int64_t *out, char **errp);

/*
 * Fill a and b with the two sides of "what snapshot snap changed". View b
 * is the estate right after snap was imported. View a has the same
 * snapshots, with the previous snapshot of its source in place of snap
 * (or none of that source when snap was its first). The caller clears
 * both views.
 */
int	 store_view_around(struct store *, int64_t snap, struct store_view *a,
	    struct store_view *b, char **errp);

/*
 * 1 when the file has the tables of schema version v. A case file from
 * an older trustwalk is upgraded when opened for writing, but not when
 * opened read-only.
 */
int	 store_has_schema(const struct store *, int v);

/*
 * The ids of the snapshots the view reads, in the order the scans read
 * them, in an array the caller frees. Returns 0, or -1 with *errp set.
 */
int	 store_view_snapshots(struct store *, int64_t **ids, size_t *n,
	    char **errp);

/* Scan the view's nodes (by key id) and edges. */
int	 store_scan_nodes(struct store *, store_node_fn, void *ctx,
	    char **errp);
int	 store_scan_edges(struct store *, store_edge_fn, void *ctx,
	    char **errp);

/*
 * Called for each value of a chosen attribute: the key id of the node
 * (or the row id of the edge), the attribute name and its value as text.
 * An array gives one call per element.
 */
typedef int (*store_value_fn)(void *ctx, int64_t kid, const char *name,
    const char *value);

/*
 * Call fn for every value of the attributes named in names (n of them)
 * on the nodes of the current view, in one pass over the case. A name
 * that ends in '*' matches every attribute that starts with the rest
 * ("fingerprint:*"), and fn gets the attribute's own name. Used to fill
 * per-node flags when the model loads, and by the findings.
 */
int	 store_scan_node_values(struct store *, const char *const *names,
	    size_t n, store_value_fn fn, void *ctx, char **errp);

/*
 * Call fn for every value of the attribute name on the edges of the
 * current view of one kind ("federates"), with the edge's row id.
 */
int	 store_scan_edge_values(struct store *, const char *kind,
	    const char *name, store_value_fn fn, void *ctx, char **errp);

/*
 * Call fn once for each attribute name of the node with key id kid in the
 * current view, with the value from the newest snapshot that gives it.
 */
int	 store_node_attrs(struct store *, int64_t kid, store_attr_fn fn,
	    void *ctx, char **errp);

/*
 * Call fn for each attribute of the edge with row id id, in the order
 * the importer wrote them (source is NULL). Returns 0, or -1 with *errp
 * set when SQLite failed or fn returned non-zero.
 */
int	 store_edge_attrs(struct store *, int64_t id, store_attr_fn fn,
	    void *ctx, char **errp);

/*
 * Fetch the conditions and attributes (JSON text, or NULL) of the edge
 * with row id id. The caller frees both strings.
 */
int	 store_edge_detail(struct store *, int64_t id, char **conditions,
	    char **attrs, char **errp);

/*
 * The case's secret key for fingerprints (32 random bytes, made when the
 * case was created). Returns 0 or -1 with *errp set.
 */
#define STORE_FP_KEY_LEN	32
int	 store_fingerprint_key(struct store *, unsigned char *key,
	    char **errp);

/*
 * Group several imports into one transaction, so that a command importing
 * many files lands all of them or none. Writers begun inside use
 * savepoints. store_rollback() on a store outside a transaction is a
 * no-op.
 */
int	 store_begin(struct store *, char **errp);
int	 store_in_transaction(const struct store *);
int	 store_commit(struct store *, char **errp);
void	 store_rollback(struct store *);

/*
 * Start an import. Only one writer may be open on a store. Returns 0
 * and sets *out, or -1 (read-only case, locked by another process).
 */
int	 store_writer_begin(struct store *, struct store_writer **out,
	    char **errp);

/*
 * Add a node. Returns 1 when added, 0 when the snapshot already has a
 * node with that key (the first one is kept), -1 on a store error.
 */
int	 store_writer_node(struct store_writer *, const struct record_node *,
	    char **errp);
int	 store_writer_edge(struct store_writer *, const struct record_edge *,
	    char **errp);
int	 store_writer_warning(struct store_writer *, const char *path,
	    const char *message, char **errp);

/* 1 when the writer already holds a node with this key. */
int	 store_writer_has_node(struct store_writer *, const char *key);

/*
 * Set *kind (allocated) to the kind the current view gives the node with
 * this key, leaving out the running import. Returns 1 when found, 0 when
 * no other import described the node, -1 on a store error.
 */
int	 store_writer_current_kind(struct store_writer *, const char *key,
	    char **kind, char **errp);

/*
 * Add placeholders for edge endpoints the import did not describe, write
 * the snapshot row and commit. The writer is freed either way.
 */
int	 store_writer_commit(struct store_writer *,
	    const struct store_import_info *, struct store_import_counts *,
	    char **errp);

/* Roll the import back and free the writer; NULL is a no-op. */
void	 store_writer_abort(struct store_writer *);

/*
 * Usage evidence (schema version 4, store_event.c). Each record of a log
 * is one row of the event table, in the snapshot of the import that read
 * it, so the view decides which evidence counts like it does for nodes.
 * Nodes are named by key id; 0 stands for none.
 */
struct store_event_row {
	int64_t		 snapshot;
	int64_t		 seq;		/* order within the snapshot */
	int64_t		 at;
	const char	*kind;		/* "used", "assumed" or "called" */
	int64_t		 actor;
	int64_t		 credential;
	int64_t		 target;
	const char	*credential_id;
	const char	*action;
	const char	*resource;
	const char	*source_ip;
	const char	*user_agent;
	const char	*error_code;
	const char	*record;
	const char	*event_id;
	const char	*attrs;
	const char	*input;		/* the snapshot's input file */
};

/* The filter of an event scan: all fields at their zero value select all. */
struct store_event_query {
	int64_t		 kid;	/* actor, credential or target; 0: any */
	int64_t		 since;	/* at or after; 0: no lower bound */
	int64_t		 until;	/* at or before; 0: no upper bound */
};

/* The span and size of the evidence in the view. */
struct store_event_window {
	int64_t		 first;	/* earliest event time; 0 with no events */
	int64_t		 last;
	int64_t		 count;
};

/* The evidence figures of one observed edge. */
struct store_event_stats {
	int64_t		 first;	/* first and last seen; 0 when not seen */
	int64_t		 last;
	int64_t		 count;
	int64_t		 errors;	/* events with an error code */
};

typedef int (*store_event_fn)(void *ctx, const struct store_event_row *);
typedef int (*store_seen_fn)(void *ctx, int64_t kid, int64_t at);

/*
 * Add one event to the running import. Its actor, credential and target
 * keys become endpoints, so a key no import described gets a placeholder
 * at commit. Returns 0, or -1 with *errp set when SQLite failed.
 */
int	 store_writer_event(struct store_writer *,
	    const struct record_event *, char **errp);

/*
 * Set *key (allocated) to the key of a node of the current view, leaving
 * out the running import, whose attribute name has the text value.
 * Returns 1 when found, 0 when none has it, -1 on a store error.
 */
int	 store_writer_find_attr(struct store_writer *, const char *name,
	    const char *value, char **key, char **errp);

/*
 * Call fn for each event of the view that q selects, oldest first (ties
 * in snapshot and record order). A case without the event table has no
 * events. Returns 0, or -1 with *errp set when SQLite failed or fn
 * returned non-zero.
 */
int	 store_scan_events(struct store *, const struct store_event_query *q,
	    store_event_fn fn, void *ctx, char **errp);

/*
 * Fill *w with the window of the view's evidence: the span of its log
 * records. Statements of non-use (an analyzer's findings, whose
 * attributes have "unused") and events at no set time are left out.
 */
int	 store_event_window(struct store *, struct store_event_window *w,
	    char **errp);

/*
 * Call fn once for each node that acted, or whose credential was used,
 * in an event of the view without an error code, with the latest such
 * event time. The model raises last_used_at with it.
 */
int	 store_event_last_seen(struct store *, store_seen_fn fn, void *ctx,
	    char **errp);

/*
 * Fill *out with the view's evidence for the observed edge of kind from
 * src to dst (key ids): for used, the events where src is the credential
 * and dst the actor; for assumed and called, those where src is the
 * actor and dst the target.
 */
int	 store_event_stats(struct store *, enum kind_edge kind, int64_t src,
	    int64_t dst, struct store_event_stats *out, char **errp);

#endif
