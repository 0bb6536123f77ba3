/*
 * Telling people from machines among IAM users, from the evidence one
 * import has: a console password and an MFA device (credential report),
 * active access keys (credential report), tags and the user's path
 * (authorization details). The rules, in order:
 *
 *   1. a tag that names the type ("identity-type", "user-type", "type",
 *      "kind", ...) with a value such as "human" or "service";
 *   2. a console password: human;
 *   3. an MFA device: human;
 *   4. active access keys and no console password: machine;
 *   5. a path part such as "/service-accounts/" or "/people/";
 *   6. otherwise unknown.
 *
 * Each import sets the attributes identity_class (human, machine or
 * unknown) and identity_class_reason. The kind is human for people and
 * service_account otherwise. An import with no evidence keeps the kind
 * the case already has for the user from another source, so importing
 * the authorization details after the credential report does not undo
 * its finding.
 */
#ifndef AWS_IDENTITY_H
#define AWS_IDENTITY_H

#include "json.h"
#include "kind.h"

struct import;

enum aws_identity_class {
	AWS_IDENTITY_UNKNOWN,
	AWS_IDENTITY_HUMAN,
	AWS_IDENTITY_MACHINE
};

struct aws_identity_evidence {
	int		 password;	/* -1 unknown, 0 none, 1 enabled */
	int		 mfa;		/* -1 unknown, 0 none, 1 active */
	int		 active_keys;	/* -1 unknown, else how many */
	const cJSON	*tags;		/* IAM Tags list, or NULL */
	const char	*path;		/* IAM path, or NULL */
};

void	 aws_identity_evidence_init(struct aws_identity_evidence *);

/* Classify; *reason is an allocated sentence for the card. */
enum aws_identity_class aws_identity_classify(
	    const struct aws_identity_evidence *, char **reason);

const char *aws_identity_class_name(enum aws_identity_class);

/*
 * Work out the kind of the user with this key: human or service_account
 * from the class. For an unknown class it is the kind the case already
 * has, else service_account, and then *keep_attrs is 0 so that the
 * case's own finding shows instead of this import's "unknown". Returns
 * 0, or -1 when the store failed.
 */
int	 aws_identity_kind(struct import *, const char *key,
	    enum aws_identity_class, enum kind_node *kind, int *keep_attrs);

#endif
