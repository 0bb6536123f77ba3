/*
 * Annotations as the views and exports read them: the notes, tags and
 * review state of every annotated node of a case, loaded at once from
 * the store (store_annot.h) and looked up by key id. Also the vocabulary
 * shared with the store: review states, the rules for tags, the author
 * name written with each annotation.
 *
 * An accepted risk may carry an expiry date. Once the clock (--now)
 * passes it, the acceptance has lapsed and the node counts as not
 * reviewed, although the state stays in the case to show what was
 * accepted.
 */
#ifndef ANNOT_H
#define ANNOT_H

#include <stddef.h>
#include <stdint.h>

struct store;
struct strbuf;

enum annot_review {
	ANNOT_REVIEW_NONE,
	ANNOT_REVIEW_REVIEWED,
	ANNOT_REVIEW_ACCEPTED_RISK,
	ANNOT_REVIEW_TO_REVOKE
};

#define ANNOT_TAG_MAX		64	/* bytes in a tag */
#define ANNOT_NOTE_MAX		4096	/* bytes in a note */
#define ANNOT_REASON_MAX	1024	/* bytes in a review reason */

/* The tag the interface's Space key sets and "export --marked" reads. */
#define ANNOT_MARK_TAG		"marked"
#define ANNOT_TIER_ZERO_TAG	"tier0"	/* a crown jewel */

struct annot_note {
	int64_t		 at;
	char		*author;
	char		*text;
};

struct annot_entry {
	int64_t			 kid;
	char			**tags;		/* sorted */
	size_t			 ntags;
	enum annot_review	 review;
	char			*reason;	/* or NULL */
	int64_t			 until;		/* TSTAMP_UNKNOWN when none */
	int64_t			 reviewed_at;
	char			*reviewer;
	struct annot_note	*notes;		/* oldest first */
	size_t			 nnotes;
};

struct annot;

/* "reviewed", "accepted_risk", "to_revoke" or "none". */
const char	*annot_review_name(enum annot_review);

/*
 * Parse a review state: its name, or a prefix of one name ("acc"), or
 * "none". Returns the state or -1.
 */
int		 annot_review_parse(const char *);

/*
 * Check a tag: 1 to ANNOT_TAG_MAX bytes of letters, digits, '_', '-',
 * '.' and ':'. Returns 0, or -1 with *errp set.
 */
int		 annot_tag_check(const char *tag, char **errp);

/* The name written as author: $USER, else $LOGNAME, else the uid's name. */
const char	*annot_author(void);

/*
 * Load every annotation of the case. Returns 0 and sets *out (an empty
 * set for a case without annotations), or -1 with *errp set.
 */
int		 annot_load(struct store *, struct annot **out, char **errp);
void		 annot_free(struct annot *);

/* The annotations of node kid, or NULL when it has none. */
const struct annot_entry *annot_get(const struct annot *, int64_t kid);

/* Number of annotated nodes, and the i-th of them (by key id). */
size_t		 annot_count(const struct annot *);
const struct annot_entry *annot_at(const struct annot *, size_t i);

/* 1 when e (which may be NULL) carries tag. */
int		 annot_has_tag(const struct annot_entry *, const char *tag);

/* 1 when e is an accepted risk whose expiry is at or before now. */
int		 annot_review_lapsed(const struct annot_entry *, int64_t now);

/*
 * Write four marks for a list column into buf (5 bytes). They are '*'
 * for marked, '#' for other tags, 'n' for notes, then 'R' reviewed, 'A'
 * accepted risk, 'L' lapsed acceptance or 'X' to revoke, with a space
 * for each mark that is absent. Returns buf, or NULL when e has no
 * annotation to show.
 */
const char	*annot_marks(const struct annot_entry *, int64_t now,
		    char *buf);

/*
 * Append a one-line summary of e to sb, such as "accepted_risk until
 * 2027-01-31 (vendor fix pending); tags tier0; 2 notes". The text contains
 * data from the case, so sanitise it before showing it.
 */
void		 annot_describe(const struct annot_entry *, int64_t now,
		    struct strbuf *sb);

/* Append the review of e ("accepted_risk (lapsed 2026-11-01)") to sb. */
void		 annot_describe_review(const struct annot_entry *, int64_t now,
		    struct strbuf *sb);

#endif
