/*
 * The node and edge vocabulary of the identity model.
 *
 * Every importer maps what its source calls a thing onto one of these
 * kinds and keeps the source's own name beside it. Edge kinds are always
 * read in the direction trust flows: "A owns B", "credential
 * authenticates_as identity", "role grants privilege".
 *
 * Two families of edges share the list. Grant edges (owns to related)
 * say what an inventory allows. Observed edges (used, assumed, called)
 * say what usage evidence, such as CloudTrail or a Kubernetes audit log,
 * saw happen; analyses follow them only when asked.
 */
#ifndef KIND_H
#define KIND_H

enum kind_node {
	KIND_NODE_HUMAN,
	KIND_NODE_TEAM,
	KIND_NODE_SERVICE_ACCOUNT,
	KIND_NODE_ROLE,
	KIND_NODE_GROUP,
	KIND_NODE_CREDENTIAL,
	KIND_NODE_WORKLOAD,
	KIND_NODE_OAUTH_APP,
	KIND_NODE_SYSTEM,
	KIND_NODE_POLICY,
	KIND_NODE_PRIVILEGE,
	KIND_NODE_OTHER,
	KIND_NODE_COUNT
};

enum kind_edge {
	KIND_EDGE_OWNS,
	KIND_EDGE_MEMBER_OF,
	KIND_EDGE_AUTHENTICATES_AS,
	KIND_EDGE_CAN_ASSUME,
	KIND_EDGE_FEDERATES,
	KIND_EDGE_HAS_ROLE,
	KIND_EDGE_HAS_POLICY,
	KIND_EDGE_GRANTS,
	KIND_EDGE_APPLIES_TO,
	KIND_EDGE_RUNS_AS,
	KIND_EDGE_USES,
	KIND_EDGE_STORED_IN,
	KIND_EDGE_LIMITS,
	KIND_EDGE_RELATED,
	KIND_EDGE_USED,		/* observed: credential used as identity */
	KIND_EDGE_ASSUMED,	/* observed: identity assumed role */
	KIND_EDGE_CALLED,	/* observed: identity called a target */
	KIND_EDGE_COUNT
};

/* The observed kinds as a mask of 1 << kind bits. */
#define KIND_EDGE_OBSERVED_MASK	((1u << KIND_EDGE_USED) | \
				    (1u << KIND_EDGE_ASSUMED) | \
				    (1u << KIND_EDGE_CALLED))

/* The lower-case name of a kind, such as "service_account". */
const char	*kind_node_name(enum kind_node);
const char	*kind_edge_name(enum kind_edge);

/* Parse a kind name; returns -1 when the name is not a kind. */
int		 kind_node_parse(const char *);
int		 kind_edge_parse(const char *);

/* 1 for the kinds that count as identities in reach and blast radius. */
int		 kind_node_is_identity(enum kind_node);

/* 1 for the observed edge kinds: used, assumed and called. */
int		 kind_edge_is_observed(enum kind_edge);

#endif
