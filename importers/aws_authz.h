/*
 * The state the AWS authorization details importer shares between its
 * files: aws_authz.c reads the document and emits users, groups, roles
 * and policies, aws_grant.c turns policy statements into privileges and
 * the systems they reach, and aws_trust.c turns trust policies into the
 * edges of who can assume a role.
 */
#ifndef AWS_AUTHZ_H
#define AWS_AUTHZ_H

#include <stddef.h>
#include <stdint.h>

#include "aws_policy.h"
#include "hmap.h"
#include "kind.h"
#include "strbuf.h"

struct import;
struct input;
struct jsonw;

/* A managed policy of the Policies list. */
struct aws_authz_policy {
	char			*arn;
	char			*key;
	int			 has_doc;	/* a default version was read */
	struct aws_document	 doc;
};

/* A group, kept for the users who name it in their GroupList. */
struct aws_authz_group {
	char			*name;
	char			*arn;
	char			*key;
	struct aws_document	*inline_docs;
	char			**inline_keys;
	size_t			 ninline;
	char			**attached;	/* managed policy ARNs */
	size_t			 nattached;
};

/* A denial that removes (part of) an allowed privilege for principals. */
struct aws_authz_override {
	char		*deny_key;
	char		*allow_key;
	char		*conditions;	/* the denial's, or NULL */
	int		 full;		/* removes all of the allow */
	struct strbuf	 principals;	/* JSON array items, comma-joined */
};

/* A document in force for a principal, and the policy that contains it. */
struct aws_authz_doc {
	const struct aws_document	*doc;
	const char			*policy_key;
};

/*
 * The policies of one principal record: its inline documents (owned)
 * and every document in force for it, for finding denials.
 */
struct aws_principal_docs {
	struct aws_authz_doc	*v;
	size_t			 n;
	struct aws_document	*owned;
	char			**owned_keys;
	size_t			 nowned;
	char			**attached;	/* managed policy ARNs */
	size_t			 nattached;
};

struct aws_authz {
	struct import		*imp;
	const struct input	*in;
	char			*account;	/* the export's, or NULL */
	char			*partition;

	struct aws_authz_policy	*policies;
	size_t			 npolicies;
	struct hmap		*policy_index;	/* ARN -> policies[] */

	struct aws_authz_group	*groups;
	size_t			 ngroups;
	struct hmap		*group_index;	/* name -> groups[] */

	char			**attached;	/* every attached ARN */
	char			**attached_names;
	size_t			 nattached;
	struct hmap		*attached_index;

	struct aws_authz_override *overrides;
	size_t			 noverrides;
	struct hmap		*override_index;

	int			 saw_list;	/* bits of the lists present */
	const char		*bad_list;	/* a list that is not a list */
};

/*
 * Emit the privileges the document grants or denies, and the edges from
 * the policy node with key policy_key to them. Returns 0, or -1 when the
 * store failed.
 */
int	 aws_grant_document(struct aws_authz *, const char *policy_key,
	    const struct aws_document *, char **errp);

/*
 * Note every denial among docs that removes an allowed privilege among
 * them, for the principal with ARN principal_arn. Sets *count to the
 * number of allowed privileges a denial overrides.
 */
void	 aws_grant_overrides(struct aws_authz *, const char *principal_arn,
	    const struct aws_authz_doc *docs, size_t ndocs, size_t *count);

/* Emit the edges from denials to the allowed privileges they remove. */
int	 aws_grant_emit_overrides(struct aws_authz *, char **errp);

/* Emit the account node of an account id once. */
int	 aws_authz_account(struct aws_authz *, const char *partition,
	    size_t partition_len, const char *account, size_t account_len,
	    char **keyp, char **errp);

/* 1 when no node with this key was emitted yet by this import. */
int	 aws_authz_once(struct aws_authz *, const char *key);

/*
 * Emit what users, groups and roles share: the account edge, inline
 * policies (from the list named inline_list) with their privileges,
 * attached managed policies and the permissions boundary. Fills docs.
 */
int	 aws_principal_policies(struct aws_authz *, const cJSON *rec,
	    const char *path, const char *arn, const char *key,
	    const char *inline_list, struct aws_principal_docs *docs,
	    char **errp);
void	 aws_principal_docs_free(struct aws_principal_docs *);

/* Add the documents of the managed policy arn, when read, to docs. */
void	 aws_principal_add_managed(struct aws_authz *,
	    struct aws_principal_docs *, const char *arn);

/*
 * Write the attributes every IAM entity has (arn, unique_id, path, tags as
 * "tag:<key>") into w, an open object, and set owner and environment
 * from tags of those names. id_key names the id member ("UserId").
 */
void	 aws_principal_attrs(const cJSON *rec, const char *id_key,
	    struct jsonw *w, const char **owner, const char **environment);

/* Read a time member; a bad one is a warning and stays unknown. */
int	 aws_principal_time(struct aws_authz *, const cJSON *obj,
	    const char *member, const char *path, int64_t *out, char **errp);

/* Route callbacks of the second pass. */
int	 aws_principal_user(void *ctx, const char *path, cJSON *value,
	    const char *problem, char **errp);
int	 aws_principal_role(void *ctx, const char *path, cJSON *value,
	    const char *problem, char **errp);

/* The group named name in GroupDetailList, or NULL. */
const struct aws_authz_group *aws_authz_group(struct aws_authz *,
	    const char *name);

/* Note the account of an ARN as the export's own, once. */
int	 aws_authz_note_account(struct aws_authz *, const char *arn,
	    char **errp);

/*
 * Emit the can_assume, federates and limits edges of the trust policy of
 * the role with this ARN and key (path locates the policy for warnings),
 * and write the trust attributes (trust_public, trust_cross_account, ...)
 * into attrs, an open JSON object.
 */
int	 aws_trust_role(struct aws_authz *, const char *path,
	    const char *role_arn,
	    const char *role_key, const struct aws_document *trust,
	    struct jsonw *attrs, char **errp);

#endif
