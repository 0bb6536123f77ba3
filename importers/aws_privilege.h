/*
 * Privileges of IAM policies: an action pattern on a resource pattern,
 * allowed or denied, and the classes that tag it (admin-equivalent,
 * privilege escalation, credentials exposure, write, data read).
 *
 * The classes come from one table, aws_privilege_rules in
 * aws_privilege.c, which docs/aws-privileges.md lists row for row; a
 * unit test keeps the two equal. Actions that no row names are data-read
 * or write by their verb. Patterns are never expanded into the AWS action
 * catalogue: a class applies when the privilege's pattern can reach an
 * action the row names (or, for rows marked "covers", every action the
 * row's pattern names).
 */
#ifndef AWS_PRIVILEGE_H
#define AWS_PRIVILEGE_H

#include <stddef.h>

#include "aws_policy.h"

enum aws_privilege_class {
	AWS_CLASS_ADMIN,
	AWS_CLASS_PRIVESC,
	AWS_CLASS_CREDENTIALS,
	AWS_CLASS_WRITE,
	AWS_CLASS_READ,
	AWS_CLASS_COUNT
};

/* One row of the class table. */
struct aws_privilege_rule {
	enum aws_privilege_class	 cls;
	const char			*action;	/* action pattern */
	int				 covers;	/* needs every action */
	int				 all_resources;	/* only on "*" */
	const char			*reason;
};

/*
 * A privilege: an action pattern, or every action but a list
 * (NotAction), on a resource pattern, or every resource but a list
 * (NotResource).
 */
struct aws_privilege {
	enum aws_effect			 effect;
	const char			*action;
	const struct aws_strings	*action_except;	/* or NULL */
	const char			*resource;
	const struct aws_strings	*resource_except; /* or NULL */
};

/* The class table, in the order docs/aws-privileges.md lists it. */
const struct aws_privilege_rule *aws_privilege_rules(size_t *n);

/* "admin-equivalent", "privilege-escalation", ... */
const char *aws_privilege_class_name(enum aws_privilege_class);

/* The classes of a privilege, as bits 1 << enum aws_privilege_class. */
unsigned aws_privilege_classes(const struct aws_privilege *);

/*
 * Match text against an IAM pattern ('*' any run, '?' one character),
 * ignoring case when nocase is set (actions) and not otherwise (ARNs).
 */
int	 aws_privilege_glob_match(const char *pattern, const char *text,
	    int nocase);

/* 1 when some text matches both patterns. */
int	 aws_privilege_glob_overlap(const char *a, const char *b, int nocase);

/*
 * 1 when the deny privilege removes at least part of the allow
 * privilege: their actions and their resources overlap. *full is set
 * when the deny removes all of it.
 */
int	 aws_privilege_overlaps(const struct aws_privilege *deny,
	    const struct aws_privilege *allow, int *full);

/*
 * The node key and display name of a privilege. Keys read
 * "aws:priv:allow:<action> on <resource>", with the action in lower case
 * because IAM ignores its case, and "not(a,b)" for NotAction and
 * NotResource lists. A key longer than 512 bytes is replaced by
 * "aws:priv:<effect>:sha256:<digest of that text>". Names read
 * "s3:GetObject on arn:aws:s3:::bucket", "everything except iam:* on *"
 * and start with "DENY " for denials. The caller frees both.
 */
char	*aws_privilege_key(const struct aws_privilege *);
char	*aws_privilege_name(const struct aws_privilege *);

#endif
