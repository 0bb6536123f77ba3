/*
 * ARNs, account ids and unique ids (see aws_arn.h).
 */
#include "aws_arn.h"

#include <ctype.h>
#include <string.h>

#include "xalloc.h"

int
aws_arn_parse(const char *s, struct aws_arn *out)
{
	const char	*part[5], *p;
	size_t		 len[5];
	int		 i;

	memset(out, 0, sizeof(*out));
	if (strncmp(s, "arn:", 4) != 0)
		return -1;
	p = s + 4;
	for (i = 0; i < 4; i++) {
		const char	*colon = strchr(p, ':');

		if (colon == NULL)
			return -1;
		part[i] = p;
		len[i] = (size_t)(colon - p);
		p = colon + 1;
	}
	part[4] = p;
	len[4] = strlen(p);
	if (len[0] == 0 || len[1] == 0)
		return -1;
	out->partition = part[0];
	out->partition_len = len[0];
	out->service = part[1];
	out->service_len = len[1];
	out->region = part[2];
	out->region_len = len[2];
	out->account = part[3];
	out->account_len = len[3];
	out->resource = part[4];
	return 0;
}

int
aws_arn_is_account_id(const char *s, size_t len)
{
	size_t	 i;

	if (len != 12)
		return 0;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

int
aws_arn_is_unique_id(const char *s)
{
	size_t	 i, len = strlen(s);

	if (len < 16 || len > 128 || s[0] != 'A')
		return 0;
	for (i = 0; i < len; i++) {
		if (i < 4 && !isupper((unsigned char)s[i]))
			return 0;
		if (!isupper((unsigned char)s[i]) &&
		    !isdigit((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

const char *
aws_arn_unique_id_type(const char *s)
{
	static const struct {
		const char	*prefix;
		const char	*type;
	} types[] = {
		{ "AIDA", "user" },
		{ "AROA", "role" },
		{ "AGPA", "group" },
		{ "ANPA", "policy" },
		{ "AIPA", "instance profile" },
		{ "AKIA", "access key" },
		{ "ASIA", "temporary access key" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (strncmp(s, types[i].prefix, 4) == 0)
			return types[i].type;
	}
	return "principal";
}

char *
aws_arn_account_key(const char *partition, size_t partition_len,
    const char *account, size_t account_len)
{
	return xasprintf("aws:arn:%.*s:iam::%.*s:root", (int)partition_len,
	    partition, (int)account_len, account);
}

const char *
aws_arn_account_of(const char *arn, char *buf)
{
	struct aws_arn	 a;

	if (arn == NULL || aws_arn_parse(arn, &a) == -1 ||
	    !aws_arn_is_account_id(a.account, a.account_len))
		return NULL;
	memcpy(buf, a.account, 12);
	buf[12] = '\0';
	return buf;
}

int
aws_arn_is_iam_entity(const struct aws_arn *a)
{
	static const char *const types[] = {
		"user/", "group/", "role/", "policy/", "instance-profile/"
	};
	size_t	 i;

	if (a->service_len != 3 || strncmp(a->service, "iam", 3) != 0 ||
	    aws_arn_has_wildcard(a->resource) ||
	    !(aws_arn_is_account_id(a->account, a->account_len) ||
	    (a->account_len == 3 && strncmp(a->account, "aws", 3) == 0)))
		return 0;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (strncmp(a->resource, types[i], strlen(types[i])) == 0)
			return 1;
	}
	return 0;
}

int
aws_arn_has_wildcard(const char *s)
{
	return strpbrk(s, "*?") != NULL;
}
