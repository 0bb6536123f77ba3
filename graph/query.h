/*
 * The filter language of the node list, the walk and exports. A filter
 * is terms separated by spaces; a node matches when every term does.
 *
 *   word            occurs (ignoring ASCII case) in the name, key, kind,
 *                   source kinds or source, or in an extra text the
 *                   caller adds (such as the kind of the edge that leads
 *                   to the node)
 *   "two words"     the same, with spaces; quotes work in values too
 *   kind:K          the kind (human, credential, ...) starts with K
 *   kinds:K         the kinds the source gave contain K (AccessKey)
 *   source:S        the source contains S
 *   env:E           the environment contains E; env:none for none
 *   owner:O         the owner contains O; owner:none for no owner
 *   type:T          the credential type contains T
 *   tag:T           the analyst gave the node tag T
 *   is:STATE        admin, escalation, missing, crown, identity,
 *                   disabled, expired, expiring, stale, valid
 *   used:<7d        last used less than 7 days ago; >90d, never, unknown
 *   rotated:>365d   likewise for the last rotation
 *   created:<30d    likewise for the creation
 *   expires:<30d    not expired and expiring within 30 days; >Nd, never,
 *                   past (expired), unknown
 *   stale:>90d      valid and idle (unused since the last use, or since
 *                   creation when never used) for more than 90 days;
 *                   stale:yes applies the lifecycle rule (lifecycle.h)
 *   finding:RULE    a finding of RULE holds on the node; finding:any
 *   reach:WHAT      reaches an admin, crown, system or privilege node,
 *                   by the blast radius columns; reach:any
 *   !term           negation of any term
 *
 * Durations are as tstamp_parse_duration() reads them (90d, 12h, 2w, 1y).
 * A word before a colon that names no field is plain text, so keys such
 * as github:U_alice can be searched for.
 *
 * A filter is compiled once (query_compile()), bound to the data it needs
 * (query_bind()) and then evaluated per node (query_eval()). Binding
 * decides once per label and per kind what the label terms match, so a
 * node costs a few table reads and two substring searches at most.
 */
#ifndef QUERY_H
#define QUERY_H

#include <stddef.h>
#include <stdint.h>

struct blast;
struct model;
struct query;

/* Flags of the data a compiled query needs beyond the model. */
#define QUERY_NEEDS_BLAST	0x1	/* reach: terms */
#define QUERY_NEEDS_FINDINGS	0x2	/* finding: terms */
#define QUERY_NEEDS_TAGS	0x4	/* tag: terms */

/*
 * The data a query is evaluated against. A NULL blast, has_finding or
 * has_tag makes the terms that need it match no node (and their
 * negations every node); query_needs() lets the caller say so.
 */
struct query_ctx {
	const struct model	*m;
	int64_t			 now;		/* the clock for ages */
	const struct blast	*blast;		/* NULL: not computed */
	const uint64_t		*tier_zero;	/* crown jewels, or NULL */
	/*
	 * Findings, provided by the findings engine: 1 when node v has a
	 * finding of rule (NULL rule: any rule). NULL when not computed.
	 */
	int			(*has_finding)(void *ctx, size_t v,
				    const char *rule);
	void			*finding_ctx;
	/* Tags: 1 when node v carries tag. NULL when not loaded. */
	int			(*has_tag)(void *ctx, size_t v,
				    const char *tag);
	void			*tag_ctx;
};

/*
 * Compile filter text. Returns 0 and sets *out (free with query_free()),
 * or -1 with *errp giving the column (1 for the first character) and
 * what is wrong there.
 */
int	 query_compile(const char *text, struct query **out, char **errp);
void	 query_free(struct query *);

/* The text the query was compiled from. */
const char *query_text(const struct query *);

/* 1 when the query has no term and so matches every node. */
int	 query_empty(const struct query *);

/* The QUERY_NEEDS_* flags of the query's terms. */
unsigned query_needs(const struct query *);

/*
 * Bind the query to ctx (copied) before evaluating it: resolves the
 * label and kind terms against ctx->m. Bind again when anything in the
 * context changes.
 */
void	 query_bind(struct query *, const struct query_ctx *ctx);

/* 1 when bound query q matches node v; extra texts are for words. */
int	 query_eval(const struct query *, size_t v, const char *const *extra,
	    size_t nextra);

/*
 * 1 when every node next matches also matches prev, so that a list
 * filtered by prev can be narrowed to next without looking at the
 * others: each term of prev has a term in next that is the same or
 * stricter (a longer word holding it, a larger age after '>').
 */
int	 query_narrows(const struct query *prev, const struct query *next);

/*
 * 1 when node v matches filter (an empty filter matches). Compiles the
 * filter for one call, with no blast radius, findings or tags; a filter
 * that does not compile matches no node.
 */
int	 query_match(const struct model *, size_t v, const char *filter,
	    const char *const *extra, size_t nextra);

/*
 * Sort node ids for listing: by kind, then name ignoring ASCII case,
 * then key, so that listings are stable. The ids must be distinct; all
 * the model's nodes are sorted in O(n) when it keeps their order.
 */
void	 query_sort(const struct model *, uint32_t *ids, size_t n);

#endif
