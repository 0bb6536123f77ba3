/*
 * Helpers the note, tag and review commands share: rejecting writes to a
 * read-only case, and writing an annotation together with its journal
 * step in one transaction.
 */
#ifndef ANNOTATE_H
#define ANNOTATE_H

#include <stdint.h>

struct store;

/* Print that the case is read-only and return CMD_EXIT_USAGE. */
int	 annotate_read_only(const char *command);

/* Start the transaction of a write; returns an exit code. */
int	 annotate_begin(struct store *);

/*
 * Record the step in the journal (fields as for journal_record()) and
 * commit; on failure roll back. Returns an exit code.
 */
int	 annotate_commit(struct store *, const char *action, const char *key,
	    const char *const *fields);

/* Print a confirmation line of untrusted text on stdout. */
void	 annotate_done(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

struct annot_entry;
struct jsonw;

/*
 * Write the "annotations" member: tags, review (state, reason, until,
 * lapsed at now) or null, and notes with time, author and text.
 */
void	 annotate_json(struct jsonw *, const struct annot_entry *,
	    int64_t now);

/* Roll back after a failed write and return CMD_EXIT_STORE. */
int	 annotate_abort(struct store *, char *err);

#endif
