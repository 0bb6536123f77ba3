/*
 * Running an import: the one interface through which importers emit
 * nodes, edges and warnings, and the driver that takes files from the
 * command line to committed snapshots.
 *
 * Each file becomes one snapshot. All files of one call land in one
 * transaction: if any file is rejected, nothing is written.
 */
#ifndef IMPORT_H
#define IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "record.h"

struct cJSON;
struct import;
struct store;

/* Most attributes one node may carry. */
#define IMPORT_MAX_ATTRS	512

struct import_options {
	const char	*format;	/* importer to use, NULL to sniff */
	int		 strict;	/* a warning rejects the file */
	const char	*cluster;	/* Kubernetes cluster name, or NULL */
	int64_t		 now;		/* time recorded as imported_at */
	FILE		*messages;	/* warnings go here; NULL: nowhere */
	int		 max_shown;	/* warnings printed per file */
	int		 dry_run;	/* roll back instead of committing */
	/*
	 * Inputs in the folder input_dir are recorded in the snapshot as
	 * input_label followed by their path inside it, for a folder that
	 * is removed after the import (trustwalk fetch). NULL: as given.
	 */
	const char	*input_dir;
	const char	*input_label;
};

/* What one file's import produced. */
struct import_result {
	char		*path;
	char		*format;
	char		*source;
	char		 sha256[65];
	int64_t		 snapshot;
	int64_t		 nodes;
	int64_t		 edges;
	int64_t		 placeholders;
	int64_t		 warnings;
	int		 partial;
	double		 seconds;
};

enum import_status {
	IMPORT_OK = 0,
	IMPORT_REJECTED,	/* bad input: exit 2 */
	IMPORT_STORE_ERROR	/* the case file failed: exit 3 */
};

/*
 * Import the files (directories are walked, and in them files that no
 * importer recognises are skipped with a note). Fills *results with one
 * entry per imported file; the caller frees it with import_results_free().
 */
enum import_status import_files(struct store *, const char *const *paths,
	    size_t npaths, const struct import_options *,
	    struct import_result **results, size_t *nresults, char **errp);
void	 import_results_free(struct import_result *, size_t);

/*
 * Import len bytes already in memory as one file called name, in a
 * transaction of its own, with the importer named by opts->format (NULL:
 * sniff). Fills *res, whose strings the caller frees with
 * import_result_clear(). With opts->dry_run nothing is written. When the
 * caller has a transaction open (store_begin()), the import joins it and
 * the caller commits or rolls back.
 */
enum import_status import_buffer(struct store *, const char *name,
	    const char *data, size_t len, const struct import_options *,
	    struct import_result *res, char **errp);

/*
 * Import one file, or one folder that a folder format reads, at path as
 * one snapshot, as import_buffer() does with memory: the importer named
 * by opts->format or the one that sniffs it, and the caller's
 * transaction when one is open.
 */
enum import_status import_at(struct store *, const char *path,
	    const struct import_options *, struct import_result *res,
	    char **errp);

/* Free the strings of one result and zero it. */
void	 import_result_clear(struct import_result *);

/*
 * Emit a node or an edge. import_node() returns 1 when the node was
 * added and 0 when the import already had a node with that key (the
 * first is kept; the importer should warn). Both return -1 when the
 * store failed; the importer then returns -1 at once and the driver
 * reports the store's message.
 */
int	 import_node(struct import *, const struct record_node *);
int	 import_edge(struct import *, const struct record_edge *);

/*
 * Emit one record of usage evidence (see record_event). Its keys become
 * edge endpoints, so keys no import described get placeholders. Returns
 * 0, or -1 when the store failed (the importer then returns -1 at once).
 * Importers of evidence call it through evidence.h, which also sums the
 * records into observed edges.
 */
int	 import_event(struct import *, const struct record_event *);

/*
 * Report a record that was skipped or changed: path locates it in the
 * input ("graph.nodes[17]", "line 12"). The import is marked partial.
 * Secrets in path and message are replaced by fingerprints before the
 * warning is printed or stored, although a message should never quote a
 * value. Returns 0, or -1 when the store failed or --strict turns the
 * warning into a rejection (then *errp is set, for the importer to
 * return).
 */
int	 import_warn(struct import *, const char *path, char **errp,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Check the members of a record that the format says are lists (JSON
 * arrays) or objects. Each one that is present, not null and of another
 * type is a warning ("Tags is not a list; ignored") and is removed from
 * rec, so that the importer reads it as absent. lists and objects are
 * NULL-terminated lists of names, and either may be NULL. path locates
 * rec. Returns 0, or -1 as import_warn().
 */
int	 import_check_shape(struct import *, const char *path,
	    struct cJSON *rec, const char *const *lists,
	    const char *const *objects, char **errp);

/*
 * Print a note about the input on the messages stream, such as what it
 * skipped by design. A note is not a warning: it is not kept in the case
 * and does not mark the import partial.
 */
void	 import_note(struct import *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Name the source the input describes ("github:SpecterTst"). */
void	 import_set_source(struct import *, const char *source);

/* 1 when the import already has a node with this key. */
int	 import_has_node(struct import *, const char *key);

/*
 * The kind that other imports in the case give the node with this key,
 * so that an importer with no evidence of its own can keep it. Returns 1
 * and sets *kind, 0 when no other import described the node, -1 when the
 * store failed (the importer then returns -1 at once).
 */
int	 import_current_kind(struct import *, const char *key,
	    enum kind_node *kind);

/*
 * The key of a node of the current view, other than this import's, whose
 * attribute name has the text value. Returns 1 and sets *key
 * (allocated), 0 when none has it, -1 when the store failed.
 */
int	 import_find_attr(struct import *, const char *name,
	    const char *value, char **key);

const struct import_options *import_options(const struct import *);

/*
 * Fingerprint a secret with the case's key (see digest.h) into hex
 * (65 bytes). Returns 0 or -1 when the store or libcrypto failed.
 */
int	 import_fingerprint(struct import *, const void *secret, size_t len,
	    char *hex);

#endif
