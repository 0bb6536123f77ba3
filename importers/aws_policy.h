/*
 * IAM policy documents, normalised right after parsing.
 *
 * In a policy, Action, NotAction, Resource, NotResource, the values of
 * Principal and NotPrincipal and the values of each Condition key can each
 * be one string or a list of strings. Statement can be one object or a
 * list, and every optional key may be absent. aws_policy_parse() turns
 * all of that into lists, so later code has one shape to read. A document may
 * also arrive as text (the IAM API returns URL-encoded JSON; the AWS CLI
 * decodes it), which is decoded and parsed first.
 *
 * A statement that cannot be read (no Effect, no Action, a value of the
 * wrong type) is skipped with a warning naming its JSON path; the rest of
 * the document is kept.
 */
#ifndef AWS_POLICY_H
#define AWS_POLICY_H

#include <stddef.h>

#include "json.h"

struct import;

enum aws_effect {
	AWS_ALLOW,
	AWS_DENY
};

enum aws_principal_type {
	AWS_PRINCIPAL_AWS,		/* accounts, users, roles, "*" */
	AWS_PRINCIPAL_SERVICE,		/* ec2.amazonaws.com, ... */
	AWS_PRINCIPAL_FEDERATED,	/* OIDC and SAML providers */
	AWS_PRINCIPAL_CANONICAL		/* S3 canonical user ids */
};

struct aws_principal {
	enum aws_principal_type	 type;
	char			*value;
};

struct aws_strings {
	char	**v;
	size_t	  n;
};

struct aws_statement {
	size_t			 index;		/* in the document */
	enum aws_effect		 effect;
	char			*sid;		/* or NULL */
	struct aws_strings	 actions;
	int			 not_action;	/* actions are NotAction */
	struct aws_strings	 resources;	/* empty in trust policies */
	int			 not_resource;
	struct aws_principal	*principals;
	size_t			 nprincipals;
	int			 not_principal;
	char			*conditions;	/* JSON text, or NULL */
};

struct aws_document {
	struct aws_statement	*v;
	size_t			 n;
};

/* The kind of policy, which sets the keys a statement must have. */
enum aws_policy_kind {
	AWS_POLICY_IDENTITY,	/* Action and Resource */
	AWS_POLICY_TRUST	/* Action and Principal */
};

/*
 * Normalise the policy document doc (an object, or text holding one)
 * found at path into out. Unreadable statements are skipped with
 * import_warn(). Returns 0, or -1 when a warning failed (--strict, or
 * the store), with *errp set and out left empty.
 */
int	 aws_policy_parse(struct import *, const cJSON *doc, const char *path,
	    enum aws_policy_kind, struct aws_document *out, char **errp);
void	 aws_policy_free(struct aws_document *);

#endif
