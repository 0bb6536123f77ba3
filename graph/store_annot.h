/*
 * The analyst's annotations in the case file: notes (many per node,
 * timestamped), tags (such as "tier0" for crown jewels or "marked" for
 * the interface's marks) and one review state per node. Nodes are named
 * by key id (struct model.kid), which all snapshots share, so an
 * annotation stays with its node across imports. A node made by a join
 * has no key id until it is first annotated, when
 * store_annot_kid_make() adds its key to the case's key table; every
 * write needs a key id of that table (0 or more). Rows with a negative
 * key id, which older versions wrote for joined nodes, name no node and
 * are skipped by every read.
 *
 * Writes fail on a store opened read-only. On a case file from an older
 * trustwalk opened read-only, reads find no annotations. A scan stops
 * when its callback returns non-zero and then returns -1 without a
 * message.
 */
#ifndef STORE_ANNOT_H
#define STORE_ANNOT_H

#include <stddef.h>
#include <stdint.h>

struct store;

struct store_note_row {
	int64_t		 id;
	int64_t		 kid;
	int64_t		 created_at;
	const char	*author;
	const char	*text;
};

struct store_tag_row {
	int64_t		 kid;
	const char	*tag;
	int64_t		 created_at;
	const char	*author;
};

struct store_review_row {
	int64_t		 kid;
	const char	*state;		/* see annot_review_name() */
	const char	*reason;	/* or NULL */
	int64_t		 until;		/* TSTAMP_UNKNOWN when none */
	int64_t		 updated_at;
	const char	*author;
};

/* The acceptance of one finding: a rule on a node. */
struct store_acceptance_row {
	const char	*rule;		/* the rule id, "stale-credential" */
	int64_t		 kid;
	const char	*key;		/* the node key */
	const char	*reason;
	int64_t		 until;		/* TSTAMP_UNKNOWN when none */
	int64_t		 updated_at;
	const char	*author;
};

typedef int (*store_note_fn)(void *ctx, const struct store_note_row *);
typedef int (*store_tag_fn)(void *ctx, const struct store_tag_row *);
typedef int (*store_review_fn)(void *ctx, const struct store_review_row *);
typedef int (*store_acceptance_fn)(void *ctx,
    const struct store_acceptance_row *);

/*
 * Find the key id of a node key. Returns 1 and sets *kid when the case
 * has seen the key, 0 when it has not, or -1 on a store error.
 */
int	 store_annot_kid(struct store *, const char *key, int64_t *kid,
	    char **errp);

/*
 * Find the key id of a node key, adding the key to the case's key table
 * when the case has not seen it (a node made by a join). Returns 0 and
 * sets *kid, or -1 with *errp set (a read-only case, a store error).
 */
int	 store_annot_kid_make(struct store *, const char *key, int64_t *kid,
	    char **errp);

/* Add a note to node kid. Returns 0, or -1 with *errp set. */
int	 store_annot_note_add(struct store *, int64_t kid, const char *author,
	    int64_t at, const char *text, char **errp);

/* Call fn for each note of node kid (all nodes when kid < 0), oldest first. */
int	 store_annot_notes(struct store *, int64_t kid, store_note_fn fn,
	    void *ctx, char **errp);

/*
 * Tag node kid. Returns 1 when the tag was added, 0 when the node had it
 * already, -1 on an error (an invalid tag, a read-only case).
 */
int	 store_annot_tag_add(struct store *, int64_t kid, const char *tag,
	    const char *author, int64_t at, char **errp);

/* Remove a tag; returns 1 when removed, 0 when the node did not have it. */
int	 store_annot_tag_remove(struct store *, int64_t kid, const char *tag,
	    char **errp);

/* Call fn for each tag of node kid (of every node when kid < 0). */
int	 store_annot_tags(struct store *, int64_t kid, store_tag_fn fn,
	    void *ctx, char **errp);

/*
 * The key ids of the nodes that carry tag, in an allocated array the
 * caller frees.
 */
int	 store_annot_tagged(struct store *, const char *tag, int64_t **kids,
	    size_t *n, char **errp);

/*
 * Set the review state of node kid: "reviewed", "accepted_risk" (reason
 * required, until optional), "to_revoke", or "none" to clear it. until is
 * TSTAMP_UNKNOWN for no expiry.
 */
int	 store_annot_review_set(struct store *, int64_t kid, const char *state,
	    const char *reason, int64_t until, const char *author, int64_t at,
	    char **errp);

/* Call fn for the review state of node kid (of every node when kid < 0). */
int	 store_annot_reviews(struct store *, int64_t kid, store_review_fn fn,
	    void *ctx, char **errp);

/*
 * Accept the finding of rule on node kid with a reason (required) and an
 * expiry until (TSTAMP_UNKNOWN for none), replacing an earlier
 * acceptance of the same pair. Returns 0, or -1 with *errp set.
 */
int	 store_annot_accept(struct store *, const char *rule, int64_t kid,
	    const char *reason, int64_t until, const char *author, int64_t at,
	    char **errp);

/*
 * Withdraw the acceptance of rule on node kid. Returns 1 when one was
 * withdrawn, 0 when there was none, -1 on an error.
 */
int	 store_annot_unaccept(struct store *, const char *rule, int64_t kid,
	    char **errp);

/* Call fn for every acceptance, by rule and node key. */
int	 store_annot_acceptances(struct store *, store_acceptance_fn fn,
	    void *ctx, char **errp);

#endif
