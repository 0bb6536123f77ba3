/*
 * The state a rule reads while it evaluates (struct finding_ctx), and
 * the helpers the rule families of graph/rule_*.c share: reporting findings
 * with evidence, the attributes the rules read, node classes (machine
 * identity, AI agent, live node), owners and the cancel hook.
 *
 * Each rule file exports its struct finding_rule descriptors, and
 * findings.c lists them. A rule walks the model under ctx->f: the
 * scenario's filter less related edges, whose meaning the source left
 * open (a cluster "contains" a namespace, but what the cluster can reach
 * is not what the namespace can). It polls the cancel hook in every
 * long loop.
 */
#ifndef RULE_H
#define RULE_H

#include <stddef.h>
#include <stdint.h>

#include "findings.h"
#include "lifecycle.h"
#include "reach.h"

struct envmap;
struct nodeattr;
struct usage;

/* The attributes rules read, loaded in one pass before they run. */
enum rule_attr {
	RULE_ATTR_FINGERPRINT,		/* fingerprint */
	RULE_ATTR_FINGERPRINTS,		/* fingerprint:<key> (Kubernetes) */
	RULE_ATTR_MFA,			/* mfa */
	RULE_ATTR_MFA_ACTIVE,		/* mfa_active (AWS) */
	RULE_ATTR_PASSWORD_ENABLED,	/* password_enabled (AWS users) */
	RULE_ATTR_ESCALATION_CONTACT,	/* escalation_contact */
	RULE_ATTR_SECRET_TYPE,		/* secret_type */
	RULE_ATTR_IDENTITY_CLASS,	/* identity_class */
	RULE_ATTR_PUBLISHER,		/* publisher */
	RULE_ATTR_THIRD_PARTY,		/* third_party */
	RULE_ATTR_EMAIL,		/* email */
	RULE_ATTR_LEFT_AT,		/* left_at */
	RULE_ATTR_SCOPES,		/* scopes */
	RULE_ATTR_PERMISSIONS,		/* permissions */
	RULE_ATTR_WILDCARD,		/* wildcard */
	RULE_ATTR_ACTION,		/* action */
	RULE_ATTR_VERBS,		/* verbs */
	RULE_ATTR_CLASS,		/* class */
	RULE_ATTR_PRIVILEGE_CLASS,	/* privilege_class */
	RULE_ATTR_ANONYMOUS,		/* anonymous (Kubernetes groups) */
	RULE_ATTR_EVERYONE,		/* everyone (Kubernetes groups) */
	RULE_ATTR_TAG_OWNER,		/* tag:owner, label:owner and */
	RULE_ATTR_LABEL_OWNER,		/* annotation:owner, when the */
	RULE_ATTR_ANNOTATION_OWNER,	/* importer set no owner */
	RULE_ATTR_TAG_CONTACT,		/* tag:escalation_contact, ... */
	RULE_ATTR_LABEL_CONTACT,
	RULE_ATTR_ANNOTATION_CONTACT,
	RULE_ATTR_COUNT
};

/* The findings engine's state, given to each rule's evaluate(). */
struct finding_ctx {
	const struct model		*m;
	struct store			*store;
	const struct scenario		*sc;
	struct reach_filter		 f;	/* the scenario's filter, less
						   related edges */
	const struct config		*cfg;	/* never NULL */
	int64_t				 now;
	struct lifecycle_limits		 lim;
	const struct nodeattr		*attrs;
	int				 attr[RULE_ATTR_COUNT];
	const struct envmap		*env;
	const struct cancel		*cancel;
	struct findings			*out;
	const struct finding_rule	*rule;	/* the rule running */
	uint32_t			*index;	/* per node: its finding of
						   this rule + 1, or 0 */
	uint32_t			*touched; /* nodes index is set for */
	size_t				 ntouched;
	uint32_t			 poll_left;
	struct rule_owners		*owners; /* owner lookups */
	const struct usage		*usage;	/* the view's evidence */
};

/* The attribute names, in enum rule_attr order. */
extern const char *const rule_attr_names[RULE_ATTR_COUNT];

/* The first value of an attribute of node v, or NULL. */
const char	*rule_attr(const struct finding_ctx *, enum rule_attr,
		    size_t v);

/* 1 when a value of the attribute equals want, ignoring case. */
int		 rule_attr_has(const struct finding_ctx *, enum rule_attr,
		    size_t v, const char *want);

/* 1 when the attribute is true, or false (both 0 when absent). */
int		 rule_attr_true(const struct finding_ctx *, enum rule_attr,
		    size_t v);
int		 rule_attr_false(const struct finding_ctx *, enum rule_attr,
		    size_t v);

/*
 * The finding of the running rule on node v, made with severity sev
 * when the node has none yet. The pointer is valid until the next call.
 */
struct finding	*rule_add(struct finding_ctx *, size_t v,
		    enum finding_severity sev);

/* Set the message (replacing an earlier one). */
void		 rule_message(struct finding_ctx *, struct finding *,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Add a related node or edge once; the path replaces an earlier one. */
void		 rule_related(struct finding *, size_t v);
void		 rule_edge(struct finding *, size_t e);
void		 rule_path(struct finding *, const uint32_t *edges, size_t n);

/* Add an attribute value; rule_time() formats a time as ISO 8601. */
void		 rule_value(struct finding_ctx *, struct finding *,
		    const char *name, const char *value);
void		 rule_time(struct finding_ctx *, struct finding *,
		    const char *name, int64_t t);

/* Whole days from t to now (negative for the future). */
int64_t		 rule_days(const struct finding_ctx *, int64_t t);

/* Poll the cancel hook every few thousand steps; 1 when it stops. */
int		 rule_poll(struct finding_ctx *, const char *what);

/* 1 for a node a source described and does not mark disabled. */
int		 rule_live(const struct finding_ctx *, size_t v);

/*
 * 1 for an AI agent or automation identity: a node whose source kinds
 * include one ending in "agent" (AIAgent) or "bot", or whose
 * identity_class is agent, ai_agent, automation or bot.
 */
int		 rule_is_agent(const struct finding_ctx *, size_t v);

/* 1 for a machine identity: a service account, OAuth app or agent. */
int		 rule_is_machine(const struct finding_ctx *, size_t v);

/* 1 when node v, a person or team, is gone: disabled, left or missing. */
int		 rule_gone(const struct finding_ctx *, size_t v);

/*
 * The escalation contact of node v: its escalation_contact attribute, or
 * a tag, label or annotation of that name; NULL when it has none.
 */
const char	*rule_contact(const struct finding_ctx *, size_t v);

enum rule_owner_state {
	RULE_OWNER_NONE,	/* nothing names an owner */
	RULE_OWNER_OK,		/* some owner is present */
	RULE_OWNER_GONE		/* every owner is gone */
};

/*
 * The owners of node v: the starts of owns edges into it, and the node
 * its owner names (by key, email or name), up to max of them into out
 * (out may be NULL). The owner is the one the importer set, else a tag,
 * label or annotation "owner". An owner attribute that names no node of
 * the case counts as an owner that is present. Returns the state.
 */
enum rule_owner_state rule_owners(struct finding_ctx *, size_t v,
		    uint32_t *out, size_t max, size_t *n);

/* Free the owner lookups rule_owners() made. */
void		 rule_owners_free(struct finding_ctx *);

/* 1 when edge e is an edge the scenario's filter lets walks follow. */
int		 rule_follows(const struct finding_ctx *, size_t e);

/* The most related nodes and edges a finding lists. */
#define RULE_MAX_EVIDENCE	64

/* The rules, one family per file. */
extern const struct finding_rule rule_stale_credential;		/* lifecycle */
extern const struct finding_rule rule_unrotated_credential;
extern const struct finding_rule rule_long_lived_secret;
extern const struct finding_rule rule_expired_or_expiring;
extern const struct finding_rule rule_orphaned_identity;	/* owner */
extern const struct finding_rule rule_no_escalation_path;
extern const struct finding_rule rule_shared_credential;	/* share */
extern const struct finding_rule rule_reused_identity;
extern const struct finding_rule rule_environment_crossing;	/* env */
extern const struct finding_rule rule_over_privileged;		/* privilege */
extern const struct finding_rule rule_crown_jewel_reach;
extern const struct finding_rule rule_third_party_access;
extern const struct finding_rule rule_human_use;		/* auth */
extern const struct finding_rule rule_insecure_authentication;
extern const struct finding_rule rule_public_access;
extern const struct finding_rule rule_no_revocation_path;	/* revoke */
extern const struct finding_rule rule_granted_unused;		/* usage */
extern const struct finding_rule rule_unusual_use;
extern const struct finding_rule rule_observed_crossing;
extern const struct finding_rule rule_lateral_movement;

#endif
