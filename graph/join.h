/*
 * Joins across sources, made when the model loads. Each source keys its
 * own objects, so the same person is a GitHub user, an Entra user, a GCP
 * member and an AWS IAM user. A GitHub Actions job reaches an AWS role or
 * an Entra application only through a trust that names the repository in
 * a string. The joins read those strings and add what they mean to the
 * model, never to the case file:
 *
 *   github-oidc-aws     repository or environment --can_assume--> AWS role
 *                       whose trust policy federates GitHub Actions with a
 *                       sub condition that matches it
 *   github-oidc-entra   repository or environment --can_assume--> Entra
 *                       application whose federated identity credential
 *                       names the GitHub issuer and a matching subject
 *   github-oidc-gcp     repository or environment --can_assume--> GCP
 *                       workload identity principal or principal set that
 *                       names it (attribute.repository, subject)
 *   person-email        one "person:<e-mail>" node --can_assume--> every
 *                       account with that e-mail address (GitHub email,
 *                       Entra mail and userPrincipalName, GCP user:
 *                       members, AWS email tags), when two or more have it
 *   owner-email         person (or the one account) --owns--> each node
 *                       whose owner is that e-mail address
 *
 * Every edge and node a join adds is marked derived and carries its
 * evidence: the rule and the values that matched. Rules are switched with
 * the TRUSTWALK_JOINS environment variable: "all" (the default), "none",
 * a list of rules to keep ("person-email,github-oidc-aws"), or a list of
 * rules to drop ("-owner-email").
 */
#ifndef JOIN_H
#define JOIN_H

#include <stddef.h>
#include <stdint.h>

#include "kind.h"

struct model;
struct store;

enum join_rule {
	JOIN_GITHUB_AWS,
	JOIN_GITHUB_ENTRA,
	JOIN_GITHUB_GCP,
	JOIN_PERSON_EMAIL,
	JOIN_OWNER_EMAIL,
	JOIN_NRULES
};

/* The name and one-line summary of each rule, by enum join_rule. */
struct join_rule_info {
	const char	*name;
	const char	*summary;
};
const struct join_rule_info *join_rules(void);

/*
 * The rules switched on by text (TRUSTWALK_JOINS, NULL for all) as a
 * mask of 1 << rule. Unknown names are ignored; when unknown is not
 * NULL it is set to the first one (allocated) for the caller to report.
 */
unsigned	 join_mask(const char *text, char **unknown);

/* The edges of the model being loaded, not yet sorted. */
struct join_edges {
	const uint32_t	*src;
	const uint32_t	*dst;
	const uint8_t	*kind;
	const uint32_t	*raw;		/* labels of the model */
	const int64_t	*id;		/* row ids in the case */
	size_t		 n;
};

struct join_attr {
	char	*name;
	char	*value;
};

/* A node a join adds: a person. */
struct join_node {
	char			*key;
	char			*name;
	struct join_attr	*attrs;
	size_t			 nattrs;
};

/* An edge a join adds; node ids from nnodes up are join nodes. */
struct join_edge {
	uint32_t	 src;
	uint32_t	 dst;
	enum kind_edge	 kind;
	const char	*raw;
	char		*attrs;		/* JSON object text */
	char		*evidence;	/* one line for people */
	enum join_rule	 rule;
};

struct join_result {
	unsigned		 mask;		/* rules that ran */
	struct join_node	*nodes;
	size_t			 nnodes;
	size_t			 node_base;	/* model id of nodes[0] */
	struct join_edge	*edges;
	size_t			 nedges;
	size_t			 counts[JOIN_NRULES];	/* edges per rule */
};

/*
 * The node attribute values the rules read. The model's loader gathers
 * them in the same scan of the case as the attributes it reads itself,
 * so that the attributes of every node are parsed once.
 */
struct join_values {
	struct join_value	*v;
	size_t			 n;
	size_t			 cap;
};

/* Return the names of the node attributes the rules read, *n of them. */
const char *const *join_attr_names(size_t *n);

/*
 * Keep a copy of the value of attribute name of node v when the rules
 * read that name, and ignore other names.
 */
void	 join_values_add(struct join_values *, uint32_t v, const char *name,
	    const char *value);
void	 join_values_free(struct join_values *);

/*
 * Run the rules in mask over the nodes of m (loaded, with the key index
 * built), the edges e and the attribute values vals, which it sorts by
 * node. by_kid maps key ids to node ids (UINT32_MAX for none). Fills
 * *out, which the caller frees with join_result_free(). Returns 0, or -1
 * with *errp set when the case could not be read.
 */
int	 join_run(struct store *, const struct model *m,
	    const struct join_edges *e, struct join_values *vals,
	    const uint32_t *by_kid, size_t by_kid_len, unsigned mask,
	    struct join_result *out, char **errp);
void	 join_result_free(struct join_result *);

/*
 * Match s against a glob as IAM StringLike and Entra claims matching
 * read it: '*' is any run of characters and '?' one character. Case
 * matters unless nocase is set.
 */
int	 join_glob(const char *pattern, const char *s, int nocase);

#endif
