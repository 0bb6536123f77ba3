/*
 * Amazon Resource Names and the other ways AWS names a principal, and the
 * node keys trustwalk gives them.
 *
 * An ARN is arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, where RESOURCE
 * may itself hold colons. Keys follow docs/data-model.md: aws:<ARN> for
 * every object with an ARN, and an account is the system node
 * aws:arn:<partition>:iam::<account>:root, the ARN AWS itself uses for
 * "the account" in trust policies, so that "123456789012" and
 * "arn:aws:iam::123456789012:root" name one node.
 */
#ifndef AWS_ARN_H
#define AWS_ARN_H

#include <stddef.h>

/* The parts of an ARN; each points into the string given to parse. */
struct aws_arn {
	const char	*partition;
	size_t		 partition_len;
	const char	*service;
	size_t		 service_len;
	const char	*region;
	size_t		 region_len;
	const char	*account;
	size_t		 account_len;
	const char	*resource;	/* the rest, NUL-terminated */
};

/*
 * Split an ARN. Returns 0, or -1 when s does not start with "arn:" or has
 * fewer than six parts.
 */
int	 aws_arn_parse(const char *s, struct aws_arn *out);

/* 1 when s is a 12-digit AWS account id. */
int	 aws_arn_is_account_id(const char *s, size_t len);

/*
 * 1 when s looks like the unique id AWS shows in place of the ARN of a
 * deleted principal (AIDA... for users, AROA... for roles and so on):
 * four upper-case letters starting with 'A', then 12 to 124 upper-case
 * letters and digits.
 */
int	 aws_arn_is_unique_id(const char *s);

/* What a unique id stands for, from its prefix: "user", "role", ... */
const char *aws_arn_unique_id_type(const char *s);

/* The key of an account: "aws:arn:<partition>:iam::<account>:root". */
char	*aws_arn_account_key(const char *partition, size_t partition_len,
	    const char *account, size_t account_len);

/*
 * The account id of an ARN when it is 12 digits, copied into buf (13
 * bytes), else NULL.
 */
const char *aws_arn_account_of(const char *arn, char *buf);

/*
 * 1 when the ARN names an IAM entity that the authorization details
 * describe (a user, group, role, policy or instance profile) without a
 * wildcard, so that a resource with this ARN is that entity's node.
 */
int	 aws_arn_is_iam_entity(const struct aws_arn *);

/* 1 when s contains '*' or '?'. */
int	 aws_arn_has_wildcard(const char *s);

#endif
