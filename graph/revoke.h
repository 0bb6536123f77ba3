/*
 * Revocation paths: who can revoke a credential, and how.
 *
 * The revokers of a credential are its owners (owns edges into it or
 * into the identity it authenticates as, and the owner attribute) and
 * the identities that reach a right to rotate or delete it in its own
 * system: an AWS privilege whose action matches iam:DeleteAccessKey (or
 * the call for the credential's type) on the user's ARN, a Kubernetes
 * rule that deletes, updates or patches secrets in its namespace, a
 * GitHub organisation owner or repository admin role, an Entra role or
 * Microsoft Graph permission that manages application credentials, a
 * GCP role that deletes service account keys. The rights are found in
 * the graph; the identities that hold them by walking back from them.
 *
 * revoke_cmd.c renders the commands that revoke a credential, with
 * every value from the data shell-quoted. trustwalk shows them and
 * never runs them.
 */
#ifndef REVOKE_H
#define REVOKE_H

#include <stddef.h>
#include <stdint.h>

struct cancel;
struct model;
struct reach_filter;
struct store;
struct strbuf;

/* The platform a credential is revoked on, which picks the rights. */
enum revoke_platform {
	REVOKE_AWS,		/* IAM user access key, password, cert */
	REVOKE_K8S,		/* Kubernetes secret */
	REVOKE_GITHUB,		/* deploy key, token, Actions secret */
	REVOKE_ENTRA,		/* application or service principal
				   secret, certificate, federated
				   credential */
	REVOKE_GCP,		/* service account key */
	REVOKE_OTHER,
	REVOKE_NPLATFORMS
};

/* The maximum number of owners and commands a result keeps. */
#define REVOKE_MAX_OWNERS	16
#define REVOKE_MAX_COMMANDS	4

/* An identity that can revoke: the right it reaches and how far. */
struct revoke_holder {
	uint32_t	 node;
	uint32_t	 right;		/* the privilege or role node */
	uint32_t	 depth;		/* hops from the identity to it */
};

struct revoke_result {
	enum revoke_platform	 platform;
	int64_t			 identity;	/* authenticates as, or -1 */
	uint32_t		 owners[REVOKE_MAX_OWNERS];
	size_t			 nowners;
	const char		*owner_text;	/* an owner attribute that
						   names no node, or NULL */
	uint32_t		*rights;	/* privileges and roles */
	size_t			 nrights;
	struct revoke_holder	*holders;	/* nearest first */
	size_t			 nholders;
};

/* One rendered command: what it does and the shell text, or why not. */
struct revoke_cmd {
	const char	*what;		/* "deactivate the key" */
	char		*text;		/* the command, or NULL */
	char		*problem;	/* why it is not rendered, or NULL */
};

struct revoke_index;

/*
 * Read the attributes the rights are judged on (actions, resources,
 * verbs, roles, permissions) for every node of m, and list the nodes
 * that can be rights. Returns 0 and sets *out, 1 when the cancel hook
 * stopped it, or -1 with *errp set when the case cannot be read.
 */
int		 revoke_index_create(struct store *, const struct model *,
		    const struct cancel *, struct revoke_index **out,
		    char **errp);
void		 revoke_index_free(struct revoke_index *);

/* The platform of credential v, from its key, kinds and type. */
enum revoke_platform revoke_platform_of(const struct model *, size_t v);

/* "aws", "kubernetes", "github", "entra", "gcp", "other". */
const char	*revoke_platform_name(enum revoke_platform);

/*
 * Find the owners, rights and holders of credential v under filter f.
 * Returns 0, or 1 when the cancel hook stopped the walk (the result is
 * then empty). revoke_result_free() releases the rights and holders.
 */
int		 revoke_find(const struct revoke_index *, size_t v,
		    const struct reach_filter *, const struct cancel *,
		    struct revoke_result *);
void		 revoke_result_free(struct revoke_result *);

/*
 * As revoke_find(), for judging many credentials: no walk is made when
 * the credential has an owner or no rights, and credentials with the
 * same rights (and AWS account) share one walk, kept in the index. The
 * holders are not listed: holders is NULL and nholders their number.
 * Every call on one index must pass the same filter.
 */
int		 revoke_find_path(struct revoke_index *, size_t v,
		    const struct reach_filter *, const struct cancel *,
		    struct revoke_result *);

/* 1 when the result names an owner or an identity that can revoke. */
int		 revoke_has_path(const struct revoke_result *);

/*
 * Append word to sb as one shell word in single quotes, so that the
 * text pasted into a POSIX shell passes it as one argument and runs
 * nothing else. A single quote inside is written as '\''. Returns -1,
 * appending nothing, when word is empty, starts with '-' (it would read
 * as an option), or contains a byte outside printable ASCII (a control
 * character, escape sequence or bidi override could hide what the line
 * does).
 */
int		 revoke_cmd_quote(struct strbuf *, const char *word);

/*
 * Render the commands that revoke credential v on its platform, filled
 * with its attributes read from the case, into out (up to
 * REVOKE_MAX_COMMANDS). Returns the number written, or -1 with *errp
 * set when the case cannot be read. revoke_cmd_free() releases them.
 */
int		 revoke_cmd_render(const struct model *, struct store *,
		    size_t v, const struct revoke_result *,
		    struct revoke_cmd *out, char **errp);
void		 revoke_cmd_free(struct revoke_cmd *, size_t n);

#endif
