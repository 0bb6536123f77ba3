/*
 * The usage evidence of a view in memory, for the rules that compare it
 * with the grants: every event of the view with its actor, credential
 * and target as node ids of the model, oldest first. Events whose
 * attributes mark them "unused" (an analyzer's statement that something
 * was not used, not a log record) are left out.
 *
 * The events are read once per evaluation of the findings, and the rules
 * share that copy. NOTE: the copy is all of the view's events in memory;
 * no case with millions of events has been measured. A node's domain is
 * the account or cluster it lives in, which the lateral movement and
 * granted-unused rules compare.
 */
#ifndef USAGE_H
#define USAGE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

struct model;
struct store;

#define USAGE_NONE	UINT32_MAX

/* One event; strings are NULL when the log did not give them. */
struct usage_event {
	int64_t		 at;
	uint8_t		 kind;		/* KIND_EDGE_USED, _ASSUMED, _CALLED */
	uint32_t	 actor;		/* node ids, or USAGE_NONE */
	uint32_t	 credential;
	uint32_t	 target;
	const char	*action;
	const char	*source_ip;
	const char	*user_agent;
	const char	*error_code;
	const char	*record;	/* "Records[3]" */
	const char	*event_id;
	const char	*input;		/* the evidence file */
};

struct usage {
	struct usage_event	*v;
	size_t			 n;
	int64_t			 first;	/* the evidence window */
	int64_t			 last;
	struct arena		 arena;
};

/*
 * Read the events of the view the store reads into *out, with the nodes
 * of model m. A case without evidence gives n == 0. Returns 0, or -1
 * with *errp set.
 */
int	 usage_load(struct store *, const struct model *m,
	    struct usage **out, char **errp);
void	 usage_free(struct usage *);

/* The same for the events where node v is actor, credential or target. */
int	 usage_load_node(struct store *, const struct model *m, size_t v,
	    struct usage **out, char **errp);

#define USAGE_DAY	86400

/* A span of whole UTC days and the events in it. */
struct usage_bucket {
	int64_t		 start;		/* midnight UTC */
	size_t		 count;
	size_t		 errors;	/* events with an error code */
};

/* The UTC days the events of u span, first and last included. */
int64_t	 usage_days(const struct usage *u);

/*
 * Spread the events of u over nb buckets of equal whole days, the first
 * starting at the midnight before the first event, each as few days
 * wide as lets nb of them cover the evidence (*days).
 */
void	 usage_buckets(const struct usage *u, size_t nb,
	    struct usage_bucket *b, int64_t *days);

/* Which node groups the events of an index. */
enum usage_by {
	USAGE_BY_ACTOR,		/* the actor */
	USAGE_BY_SUBJECT	/* the credential, else the actor */
};

/* The events of each node, oldest first: ev[off[v]] to ev[off[v + 1]]. */
struct usage_index {
	size_t		*off;	/* nnodes + 1 */
	uint32_t	*ev;
};

void	 usage_index_build(const struct usage *, size_t nnodes,
	    enum usage_by, struct usage_index *);
void	 usage_index_free(struct usage_index *);

/* The node an index groups event e under, or USAGE_NONE. */
uint32_t usage_subject(const struct usage_event *e, enum usage_by);

/*
 * The domain of node v into buf: "aws:<account>" for an AWS ARN key,
 * "k8s:<cluster>" for a Kubernetes key, else its source. Returns buf.
 */
const char *usage_domain(const struct model *, size_t v, char *buf,
	    size_t len);

/* "file Records[3] (event id)": where an event came from, allocated. */
char	*usage_where(const struct usage_event *);

/*
 * The product of a user agent: its text up to the first '/', space or
 * parenthesis ("aws-cli" of "aws-cli/2.15.0 Python/3.11"), into buf.
 */
const char *usage_agent(const char *ua, char *buf, size_t len);

/* 1 for a user agent a web browser sends ("Mozilla/..."). */
int	 usage_browser(const char *ua);

#endif
