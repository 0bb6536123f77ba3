/*
 * Human or machine: the rules of aws_identity.h.
 */
#include "aws_identity.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import.h"
#include "strbuf.h"
#include "xalloc.h"

/* Tag keys that name the type of an identity. */
static const char *const aws_identity_tag_keys[] = {
	"identity-type", "identity_type", "identitytype", "user-type",
	"user_type", "usertype", "principal-type", "principal_type",
	"account-type", "account_type", "type", "kind",
};

static const char *const aws_identity_human_words[] = {
	"human", "person", "people", "employee", "staff", "interactive",
};

static const char *const aws_identity_machine_words[] = {
	"machine", "service", "service-account", "service_account",
	"serviceaccount", "svc", "bot", "automation", "application", "app",
	"system", "ci", "workload", "non-human", "nonhuman",
};

#define AWS_IDENTITY_NELEM(a)	(sizeof(a) / sizeof((a)[0]))

void
aws_identity_evidence_init(struct aws_identity_evidence *e)
{
	memset(e, 0, sizeof(*e));
	e->password = -1;
	e->mfa = -1;
	e->active_keys = -1;
}

const char *
aws_identity_class_name(enum aws_identity_class c)
{
	switch (c) {
	case AWS_IDENTITY_HUMAN:
		return "human";
	case AWS_IDENTITY_MACHINE:
		return "machine";
	default:
		return "unknown";
	}
}

/* The class a word names, or unknown. */
static enum aws_identity_class
aws_identity_word(const char *w, size_t len)
{
	size_t	 i;

	for (i = 0; i < AWS_IDENTITY_NELEM(aws_identity_human_words); i++) {
		if (strlen(aws_identity_human_words[i]) == len &&
		    strncasecmp(w, aws_identity_human_words[i], len) == 0)
			return AWS_IDENTITY_HUMAN;
	}
	for (i = 0; i < AWS_IDENTITY_NELEM(aws_identity_machine_words); i++) {
		if (strlen(aws_identity_machine_words[i]) == len &&
		    strncasecmp(w, aws_identity_machine_words[i], len) == 0)
			return AWS_IDENTITY_MACHINE;
	}
	return AWS_IDENTITY_UNKNOWN;
}

/* Rule 1: a type tag. */
static enum aws_identity_class
aws_identity_from_tags(const cJSON *tags, char **reason)
{
	const cJSON		*t;
	const char		*k, *v;
	enum aws_identity_class	 c;
	size_t			 i;

	if (!cJSON_IsArray(tags))
		return AWS_IDENTITY_UNKNOWN;
	cJSON_ArrayForEach(t, tags) {
		k = json_str(t, "Key");
		v = json_str(t, "Value");
		if (k == NULL || v == NULL)
			continue;
		for (i = 0; i < AWS_IDENTITY_NELEM(aws_identity_tag_keys);
		    i++) {
			if (strcasecmp(k, aws_identity_tag_keys[i]) != 0)
				continue;
			c = aws_identity_word(v, strlen(v));
			if (c != AWS_IDENTITY_UNKNOWN) {
				*reason = xasprintf("tag %s=%s", k, v);
				return c;
			}
		}
	}
	return AWS_IDENTITY_UNKNOWN;
}

/* Rule 5: a part of the path such as "service-accounts" or "people". */
static enum aws_identity_class
aws_identity_from_path(const char *path, char **reason)
{
	const char		*p, *end;
	enum aws_identity_class	 c;
	size_t			 len;

	for (p = path; p != NULL && *p != '\0'; p = end) {
		p += strspn(p, "/");
		end = p + strcspn(p, "/");
		len = (size_t)(end - p);
		/* "service-accounts", "bots", "people": drop a plural s. */
		c = aws_identity_word(p, len);
		if (c == AWS_IDENTITY_UNKNOWN && len > 1 && p[len - 1] == 's')
			c = aws_identity_word(p, len - 1);
		if (c != AWS_IDENTITY_UNKNOWN) {
			*reason = xasprintf("IAM path %s", path);
			return c;
		}
	}
	return AWS_IDENTITY_UNKNOWN;
}

enum aws_identity_class
aws_identity_classify(const struct aws_identity_evidence *e, char **reason)
{
	enum aws_identity_class	 c;
	struct strbuf		 sb;

	*reason = NULL;
	if ((c = aws_identity_from_tags(e->tags, reason)) !=
	    AWS_IDENTITY_UNKNOWN)
		return c;
	strbuf_init(&sb);
	if (e->password == 1) {
		strbuf_addstr(&sb, "console password enabled");
		strbuf_addstr(&sb, e->mfa == 1 ? ", MFA active" :
		    e->mfa == 0 ? ", no MFA" : "");
		if (e->active_keys > 0)
			strbuf_addf(&sb, "; also %d active access key%s",
			    e->active_keys, e->active_keys == 1 ? "" : "s");
		*reason = strbuf_detach(&sb);
		return AWS_IDENTITY_HUMAN;
	}
	if (e->mfa == 1) {
		*reason = xstrdup("MFA device active");
		return AWS_IDENTITY_HUMAN;
	}
	if (e->active_keys > 0 && e->password == 0) {
		strbuf_addf(&sb, "%d active access key%s and no console "
		    "password", e->active_keys, e->active_keys == 1 ? "" : "s");
		*reason = strbuf_detach(&sb);
		return AWS_IDENTITY_MACHINE;
	}
	strbuf_free(&sb);
	if ((c = aws_identity_from_path(e->path, reason)) !=
	    AWS_IDENTITY_UNKNOWN)
		return c;
	if (e->password == -1)
		*reason = xstrdup("no type tag or telling path; console "
		    "password, MFA and keys are in the credential report");
	else
		*reason = xstrdup("no console password, MFA device or active "
		    "access key");
	return AWS_IDENTITY_UNKNOWN;
}

int
aws_identity_kind(struct import *imp, const char *key,
    enum aws_identity_class c, enum kind_node *kind, int *keep_attrs)
{
	enum kind_node	 have;
	int		 rc;

	*keep_attrs = 1;
	if (c == AWS_IDENTITY_HUMAN) {
		*kind = KIND_NODE_HUMAN;
		return 0;
	}
	*kind = KIND_NODE_SERVICE_ACCOUNT;
	if (c == AWS_IDENTITY_MACHINE)
		return 0;
	if ((rc = import_current_kind(imp, key, &have)) == -1)
		return -1;
	if (rc == 1 && (have == KIND_NODE_HUMAN ||
	    have == KIND_NODE_SERVICE_ACCOUNT)) {
		*kind = have;
		*keep_attrs = 0;
	}
	return 0;
}
