/*
 * Posture findings: what is wrong with the machine identities of a case.
 *
 * A rule looks at the whole model at once and reports findings, each
 * about one node: a stale key, a service account without an owner, a
 * dev identity that reaches prod. Each rule is a struct finding_rule
 * with an id, a title, a default severity, its rationale and fix, and
 * the OWASP Non-Human Identities Top 10 (2025), NIST CSF 2.0 and NIST
 * AI RMF entries it maps to. The rules live one family per file,
 * graph/rule_*.c (see rule.h), and findings.c lists them.
 *
 * A rule reports at most one finding per node; the pair (rule, node key)
 * names a finding, and is what an analyst accepts. A finding carries its
 * evidence: related nodes and edges, a path when one explains it, and
 * the attribute values it was judged on. Findings are sorted by
 * severity (highest first), then rule, then node key, so the order is
 * the same on every run.
 *
 * An acceptance (stored in the case, store_annot.h) marks a finding
 * accepted until its expiry; after that the finding shows as lapsed.
 * Accepted findings are kept and shown, but do not count as open.
 */
#ifndef FINDINGS_H
#define FINDINGS_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

struct cancel;
struct config;
struct finding_ctx;
struct model;
struct scenario;
struct store;

enum finding_severity {
	FINDING_INFO,
	FINDING_LOW,
	FINDING_MEDIUM,
	FINDING_HIGH,
	FINDING_CRITICAL,
	FINDING_NSEVERITIES
};

enum finding_state {
	FINDING_OPEN,
	FINDING_ACCEPTED,	/* accepted, and the acceptance holds */
	FINDING_LAPSED,		/* accepted, but its expiry has passed */
	FINDING_NSTATES
};

/* A rule: its description and the function that evaluates it. */
struct finding_rule {
	const char		*id;		/* "stale-credential" */
	const char		*title;		/* "Stale credential" */
	enum finding_severity	 severity;	/* default of its findings */
	const char		*summary;	/* when it fires */
	const char		*rationale;
	const char		*fix;
	const char *const	*owasp;		/* "NHI1:2025 ...", NULL */
	const char *const	*nist_csf;	/* "PR.AA-01", NULL-ended */
	const char *const	*ai_rmf;	/* "GOVERN 2.1", NULL-ended */
	const char *const	*config;	/* keys it reads, NULL-ended */
	/* Report the findings; 0, or 1 when the cancel hook stopped it. */
	int			(*evaluate)(struct finding_ctx *);
};

/* An attribute value a finding was judged on. */
struct finding_value {
	const char	*name;
	const char	*value;
};

struct finding {
	const struct finding_rule	*rule;
	uint32_t			 node;
	enum finding_severity		 severity;
	const char			*message;
	uint32_t			*related;	/* other nodes */
	size_t				 nrelated;
	uint32_t			*edges;		/* other edges */
	size_t				 nedges;
	uint32_t			*path;		/* edges, trust order */
	size_t				 npath;
	struct finding_value		*values;
	size_t				 nvalues;
	enum finding_state		 state;
	const char			*reason;	/* of the acceptance */
	int64_t				 until;		/* or TSTAMP_UNKNOWN */
	const char			*accepted_by;
	int64_t				 accepted_at;
};

struct findings {
	struct finding		*v;
	size_t			 n;
	size_t			 cap;
	size_t			 nnodes;
	uint32_t		*count;		/* per node: findings not
						   accepted */
	uint8_t			*top;		/* per node: 1 + the highest
						   severity of those, or 0 */
	size_t			 open[FINDING_NSEVERITIES]; /* not accepted */
	size_t			 states[FINDING_NSTATES];
	struct arena		 arena;
};

/* The options of an evaluation. */
struct findings_opts {
	const struct config	*cfg;		/* thresholds; NULL: defaults */
	int64_t			 now;		/* the clock for ages */
	const uint8_t		*rules;		/* per rule: 1 to evaluate;
						   NULL for every rule */
};

/* The rules, in the order they are listed. */
size_t		 findings_nrules(void);
const struct finding_rule *findings_rule(size_t i);

/* The rule with this id, or NULL; its index is set when idx is not NULL. */
const struct finding_rule *findings_rule_find(const char *id, size_t *idx);

/* "info", "low", "medium", "high", "critical". */
const char	*findings_severity_name(enum finding_severity);

/* Parse a severity name (or a unique prefix); -1 when none. */
int		 findings_severity_parse(const char *);

/* "open", "accepted", "lapsed". */
const char	*findings_state_name(enum finding_state);

/*
 * Evaluate the rules over model m (of the view the store reads) under
 * the scenario's edge kinds, what-if switches and crown jewels, then mark
 * the findings the case accepts. Returns 0 and sets *out, 1 when the
 * cancel hook stopped it (*out is then NULL), or -1 with *errp set (the
 * case could not be read, or the [environments] matchers do not parse).
 */
int		 findings_evaluate(struct store *, const struct model *m,
		    const struct scenario *, const struct findings_opts *,
		    const struct cancel *, struct findings **out,
		    char **errp);
void		 findings_free(struct findings *);

/* 1 when the finding counts as open: not accepted, or its lapse passed. */
int		 findings_is_open(const struct finding *);

/*
 * Set up a scenario for views the analyst did not set up: the default
 * edge kinds, and the crown jewels the sources mark, the case tags tier0
 * and the configuration lists (keys that match no node are skipped).
 * Returns 0, or -1 with *errp set.
 */
int		 findings_scenario(struct store *, const struct model *,
		    const struct config *, struct scenario *, char **errp);

#endif
