/*
 * Node and edge records: what an importer emits and the store keeps. All
 * strings are borrowed for the duration of the call that receives the
 * record; the receiver copies what it keeps.
 */
#ifndef RECORD_H
#define RECORD_H

#include <stdint.h>

#include "kind.h"

/* Edge flags. */
#define RECORD_EDGE_CONDITIONAL		0x1	/* walked, but marked */
#define RECORD_EDGE_NOT_TRAVERSABLE	0x2	/* shown, never followed */
#define RECORD_EDGE_DERIVED		0x4	/* made by a join at load */

/* Lifecycle values; times are the TSTAMP_* values of tstamp.h. */
struct record_lifecycle {
	int64_t		 created_at;
	int64_t		 last_used_at;
	int64_t		 last_rotated_at;
	int64_t		 expires_at;
	int		 disabled;	/* -1 unknown, 0 enabled, 1 disabled */
};

struct record_node {
	const char		*key;	/* "source:id", stable across imports */
	enum kind_node		 kind;
	const char		*kinds;	/* the source's kinds, comma-joined */
	const char		*name;	/* display name; the key when NULL */
	struct record_lifecycle	 life;
	const char		*environment;	/* "prod", "dev", ... or NULL */
	const char		*owner;		/* owner named by the source */
	const char		*credential_type; /* for credentials */
	const char		*attrs;	/* flat JSON object text, or NULL */
};

struct record_edge {
	const char	*src;		/* key of the start node */
	const char	*dst;		/* key of the end node */
	enum kind_edge	 kind;
	const char	*raw;		/* the source's edge kind */
	unsigned	 flags;		/* RECORD_EDGE_* */
	const char	*conditions;	/* JSON text, or NULL */
	const char	*attrs;		/* flat JSON object text, or NULL */
};

/*
 * One record of usage evidence: a log line or an event that shows an
 * identity acting. The store keeps it in the event table, and the
 * importer also sums such records into observed edges (kind.h).
 * Secrets never reach a record: session tokens and the like are
 * redacted before the importer reads them.
 */
struct record_event {
	int64_t		 at;		/* event time, Unix seconds, UTC */
	enum kind_edge	 kind;		/* KIND_EDGE_USED, _ASSUMED, _CALLED */
	const char	*actor;		/* key of the identity that acted */
	const char	*credential;	/* key of the credential, or NULL */
	const char	*target;	/* key of the role or object, or NULL */
	const char	*credential_id;	/* the log's name for the credential,
					   such as an access key id, or NULL */
	const char	*action;	/* "sts:AssumeRole", "get secrets" */
	const char	*resource;	/* what the action named, or NULL */
	const char	*source_ip;
	const char	*user_agent;
	const char	*error_code;	/* NULL when the call succeeded */
	const char	*record;	/* where in the input: "Records[3]" */
	const char	*event_id;	/* the log's own id, or NULL */
	const char	*attrs;		/* flat JSON object text, or NULL */
};

/* Set every field to its "not given" value. */
void	 record_node_init(struct record_node *);
void	 record_edge_init(struct record_edge *);
void	 record_event_init(struct record_event *);
void	 record_lifecycle_init(struct record_lifecycle *);

#endif
