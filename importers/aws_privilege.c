/*
 * The privilege class table and the pattern logic behind it (see
 * aws_privilege.h).
 *
 * Two questions are asked of an IAM pattern P, with '*' and '?' as
 * wildcards. "Can P reach an action of pattern T" is whether some action
 * name matches both (aws_privilege_glob_overlap). "Does P cover all of T"
 * is tested by matching P against the text of T with T's wildcards
 * taken as plain characters: "iam:*" matches the text "iam:Attach*Policy",
 * so it covers it. That test is exact for the patterns IAM policies use,
 * where a wildcard in T stands for a run of name characters.
 */
#include "aws_privilege.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "strbuf.h"
#include "xalloc.h"

#define AWS_PRIVILEGE_KEY_MAX	512

/*
 * The class table. Keep it equal to the table in docs/aws-privileges.md.
 * A row with covers = 1 applies when the privilege includes every action
 * of the row's pattern; otherwise when it includes at least one. A row
 * with all_resources = 1 applies only when the resource is "*".
 */
static const struct aws_privilege_rule aws_privilege_table[] = {
	{ AWS_CLASS_ADMIN, "*:*", 1, 1,
	    "every action on every resource" },
	{ AWS_CLASS_ADMIN, "iam:*", 1, 1,
	    "all of IAM: the holder can grant itself any right" },
	{ AWS_CLASS_PRIVESC, "iam:PassRole", 0, 0,
	    "hands a role to a service the holder controls" },
	{ AWS_CLASS_PRIVESC, "iam:CreateAccessKey", 0, 0,
	    "makes keys for another user" },
	{ AWS_CLASS_PRIVESC, "iam:CreateLoginProfile", 0, 0,
	    "sets a console password for another user" },
	{ AWS_CLASS_PRIVESC, "iam:UpdateLoginProfile", 0, 0,
	    "changes another user's console password" },
	{ AWS_CLASS_PRIVESC, "iam:CreatePolicyVersion", 0, 0,
	    "rewrites a managed policy" },
	{ AWS_CLASS_PRIVESC, "iam:SetDefaultPolicyVersion", 0, 0,
	    "switches a managed policy to an older, broader version" },
	{ AWS_CLASS_PRIVESC, "iam:Attach*Policy", 0, 0,
	    "attaches any managed policy to a user, group or role" },
	{ AWS_CLASS_PRIVESC, "iam:Put*Policy", 0, 0,
	    "writes an inline policy on a user, group or role" },
	{ AWS_CLASS_PRIVESC, "iam:AddUserToGroup", 0, 0,
	    "joins a group with more rights" },
	{ AWS_CLASS_PRIVESC, "iam:UpdateAssumeRolePolicy", 0, 0,
	    "lets anyone chosen assume a role" },
	{ AWS_CLASS_PRIVESC, "iam:Delete*PermissionsBoundary", 0, 0,
	    "lifts a permissions boundary" },
	{ AWS_CLASS_PRIVESC, "iam:Put*PermissionsBoundary", 0, 0,
	    "replaces a permissions boundary with a looser one" },
	{ AWS_CLASS_PRIVESC, "sts:AssumeRole", 0, 1,
	    "assumes any role whose trust policy allows it" },
	{ AWS_CLASS_PRIVESC, "lambda:UpdateFunctionCode", 0, 0,
	    "runs own code with a function's role" },
	{ AWS_CLASS_PRIVESC, "lambda:UpdateFunctionConfiguration", 0, 0,
	    "adds a layer or changes the role of a function" },
	{ AWS_CLASS_PRIVESC, "glue:UpdateDevEndpoint", 0, 0,
	    "logs in to a Glue endpoint that runs with a role" },
	{ AWS_CLASS_PRIVESC, "ssm:SendCommand", 0, 0,
	    "runs commands on instances and takes their roles" },
	{ AWS_CLASS_PRIVESC, "ssm:StartSession", 0, 0,
	    "opens a shell on instances and takes their roles" },
	{ AWS_CLASS_PRIVESC, "ec2-instance-connect:SendSSHPublicKey", 0, 0,
	    "logs in to instances and takes their roles" },
	{ AWS_CLASS_CREDENTIALS, "secretsmanager:GetSecretValue", 0, 0,
	    "reads secrets" },
	{ AWS_CLASS_CREDENTIALS, "secretsmanager:BatchGetSecretValue", 0, 0,
	    "reads secrets" },
	{ AWS_CLASS_CREDENTIALS, "ssm:GetParameter*", 0, 0,
	    "reads parameters, which often hold secrets" },
	{ AWS_CLASS_CREDENTIALS, "kms:Decrypt", 0, 0,
	    "decrypts data protected by KMS keys" },
	{ AWS_CLASS_CREDENTIALS, "iam:CreateAccessKey", 0, 0,
	    "makes access keys" },
	{ AWS_CLASS_CREDENTIALS, "iam:CreateServiceSpecificCredential", 0, 0,
	    "makes Git or database credentials for a user" },
	{ AWS_CLASS_CREDENTIALS, "iam:ResetServiceSpecificCredential", 0, 0,
	    "resets Git or database credentials of a user" },
	{ AWS_CLASS_CREDENTIALS, "sts:GetFederationToken", 0, 0,
	    "makes temporary credentials" },
	{ AWS_CLASS_CREDENTIALS, "ecr:GetAuthorizationToken", 0, 0,
	    "gets a registry login token" },
	{ AWS_CLASS_CREDENTIALS, "ec2:GetPasswordData", 0, 0,
	    "reads the Windows administrator password of instances" },
	{ AWS_CLASS_CREDENTIALS, "redshift:GetClusterCredentials", 0, 0,
	    "gets database credentials" },
	{ AWS_CLASS_CREDENTIALS, "rds-db:connect", 0, 0,
	    "logs in to databases with IAM authentication" },
	{ AWS_CLASS_CREDENTIALS, "sso:GetRoleCredentials", 0, 0,
	    "gets role credentials through IAM Identity Center" },
	{ AWS_CLASS_CREDENTIALS, "cognito-identity:GetCredentialsForIdentity",
	    0, 0, "gets credentials for an identity pool identity" },
};

/* Verbs of actions that read; other actions write. */
static const char *const aws_privilege_read_verbs[] = {
	"Get", "BatchGet", "List", "Describe", "Query", "Scan", "Select",
	"Read", "Search", "Lookup", "View", "Download",
};

static const char *const aws_privilege_class_names[AWS_CLASS_COUNT] = {
	"admin-equivalent",
	"privilege-escalation",
	"credentials-exposure",
	"write",
	"data-read",
};

const struct aws_privilege_rule *
aws_privilege_rules(size_t *n)
{
	*n = sizeof(aws_privilege_table) / sizeof(aws_privilege_table[0]);
	return aws_privilege_table;
}

const char *
aws_privilege_class_name(enum aws_privilege_class c)
{
	return c < AWS_CLASS_COUNT ? aws_privilege_class_names[c] : "?";
}

static int
aws_privilege_char_eq(int a, int b, int nocase)
{
	if (nocase)
		return tolower((unsigned char)a) == tolower((unsigned char)b);
	return a == b;
}

int
aws_privilege_glob_match(const char *p, const char *t, int nocase)
{
	const char	*star = NULL, *mark = NULL;

	while (*t != '\0') {
		if (*p == '*') {
			star = p++;
			mark = t;
		} else if (*p != '\0' && (*p == '?' ||
		    aws_privilege_char_eq(*p, *t, nocase))) {
			p++;
			t++;
		} else if (star != NULL) {
			p = star + 1;
			t = ++mark;
		} else
			return 0;
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

/*
 * Whether two patterns share a match: a search over pairs of positions
 * (i in a, j in b), stepping over a star or consuming one character that
 * both sides accept. Patterns longer than 1023 bytes are assumed to
 * overlap, which errs towards showing a denial.
 */
int
aws_privilege_glob_overlap(const char *a, const char *b, int nocase)
{
	size_t		 na = strlen(a), nb = strlen(b), i, j, w;
	unsigned char	*seen;
	size_t		*stack, top = 0;
	int		 found = 0;

	/* With no wildcard on one side, plain matching decides. */
	if (strpbrk(a, "*?") == NULL)
		return aws_privilege_glob_match(b, a, nocase);
	if (strpbrk(b, "*?") == NULL)
		return aws_privilege_glob_match(a, b, nocase);
	if (na > 1023 || nb > 1023)
		return 1;
	w = nb + 1;
	seen = xcalloc((na + 1) * w, 1);
	stack = xreallocarray(NULL, (na + 1) * w, sizeof(*stack));
	stack[top++] = 0;
	seen[0] = 1;
	while (top > 0 && !found) {
		size_t	 s = stack[--top], next[3];
		int	 k, nnext = 0;

		i = s / w;
		j = s % w;
		if (i == na && j == nb) {
			found = 1;
			break;
		}
		if (i < na && a[i] == '*')
			next[nnext++] = (i + 1) * w + j;
		if (j < nb && b[j] == '*')
			next[nnext++] = i * w + j + 1;
		if (i < na && j < nb && !(a[i] == '*' && b[j] == '*') &&
		    (a[i] == '*' || b[j] == '*' || a[i] == '?' ||
		    b[j] == '?' || aws_privilege_char_eq(a[i], b[j], nocase)))
			next[nnext++] = (a[i] == '*' ? i : i + 1) * w +
			    (b[j] == '*' ? j : j + 1);
		for (k = 0; k < nnext; k++) {
			if (!seen[next[k]]) {
				seen[next[k]] = 1;
				stack[top++] = next[k];
			}
		}
	}
	free(seen);
	free(stack);
	return found;
}

/* 1 when the privilege's actions include some (or all) of pattern t. */
static int
aws_privilege_has_action(const struct aws_privilege *p, const char *t,
    int covers)
{
	size_t	 i;

	if (p->action_except == NULL)
		return covers ? aws_privilege_glob_match(p->action, t, 1) :
		    aws_privilege_glob_overlap(p->action, t, 1);
	for (i = 0; i < p->action_except->n; i++) {
		if (covers ? aws_privilege_glob_overlap(p->action_except->v[i],
		    t, 1) : aws_privilege_glob_match(p->action_except->v[i], t,
		    1))
			return 0;
	}
	return 1;
}

/* data-read and write by the verb of the action pattern. */
static unsigned
aws_privilege_verb_classes(const struct aws_privilege *p)
{
	const unsigned	 both = 1u << AWS_CLASS_READ | 1u << AWS_CLASS_WRITE;
	const char	*colon, *verb;
	size_t		 len, i, vlen;
	int		 prefix_of_read = 0;

	if (p->action_except != NULL) {
		/* Everything but a list reads and writes, unless all is out. */
		for (i = 0; i < p->action_except->n; i++) {
			if (aws_privilege_glob_match(p->action_except->v[i],
			    "*:*", 1))
				return 0;
		}
		return both;
	}
	if ((colon = strchr(p->action, ':')) == NULL)
		return both;
	verb = colon + 1;
	len = strcspn(verb, "*?");
	if (len == 0)
		return both;
	for (i = 0; i < sizeof(aws_privilege_read_verbs) /
	    sizeof(aws_privilege_read_verbs[0]); i++) {
		vlen = strlen(aws_privilege_read_verbs[i]);
		if (len >= vlen && strncasecmp(verb,
		    aws_privilege_read_verbs[i], vlen) == 0)
			return 1u << AWS_CLASS_READ;
		if (len < vlen && verb[len] != '\0' && strncasecmp(verb,
		    aws_privilege_read_verbs[i], len) == 0)
			prefix_of_read = 1;
	}
	return prefix_of_read ? both : 1u << AWS_CLASS_WRITE;
}

unsigned
aws_privilege_classes(const struct aws_privilege *p)
{
	const struct aws_privilege_rule	*r;
	size_t				 i;
	unsigned			 classes;
	int				 all_resources;

	all_resources = p->resource_except == NULL &&
	    strcmp(p->resource, "*") == 0;
	classes = aws_privilege_verb_classes(p);
	for (i = 0; i < sizeof(aws_privilege_table) /
	    sizeof(aws_privilege_table[0]); i++) {
		r = &aws_privilege_table[i];
		if (r->all_resources && !all_resources)
			continue;
		if (aws_privilege_has_action(p, r->action, r->covers))
			classes |= 1u << r->cls;
	}
	return classes;
}

/*
 * 1 when the sets a and b (each a pattern or "all but a list") share a
 * member; *full when a contains all of b.
 */
static int
aws_privilege_sets_overlap(const char *a, const struct aws_strings *a_not,
    const char *b, const struct aws_strings *b_not, int nocase, int *full)
{
	size_t	 i;

	*full = 0;
	if (a_not == NULL && b_not == NULL) {
		*full = aws_privilege_glob_match(a, b, nocase);
		return aws_privilege_glob_overlap(a, b, nocase);
	}
	if (a_not != NULL && b_not == NULL) {
		/* a is all but a list: it meets b unless the list covers b. */
		*full = 1;
		for (i = 0; i < a_not->n; i++) {
			if (aws_privilege_glob_overlap(a_not->v[i], b, nocase))
				*full = 0;
			if (aws_privilege_glob_match(a_not->v[i], b, nocase))
				return 0;
		}
		return 1;
	}
	if (a_not == NULL) {
		/* b is all but a list: a meets it unless the list covers a. */
		*full = strcmp(a, "*") == 0;
		for (i = 0; i < b_not->n; i++) {
			if (aws_privilege_glob_match(b_not->v[i], a, nocase))
				return 0;
		}
		return 1;
	}
	/* Both are "all but": they share everything outside both lists. */
	return 1;
}

int
aws_privilege_overlaps(const struct aws_privilege *deny,
    const struct aws_privilege *allow, int *full)
{
	int	 full_actions, full_resources;

	*full = 0;
	if (!aws_privilege_sets_overlap(deny->action, deny->action_except,
	    allow->action, allow->action_except, 1, &full_actions))
		return 0;
	if (!aws_privilege_sets_overlap(deny->resource, deny->resource_except,
	    allow->resource, allow->resource_except, 0, &full_resources))
		return 0;
	*full = full_actions && full_resources;
	return 1;
}

/* Append "not(a,b)" or the pattern, lower-cased when lower is set. */
static void
aws_privilege_key_part(struct strbuf *sb, const char *pattern,
    const struct aws_strings *except, int lower)
{
	size_t	 i, start = sb->len;

	if (except == NULL) {
		strbuf_addstr(sb, pattern);
		for (i = start; lower && i < sb->len; i++)
			sb->buf[i] = (char)tolower((unsigned char)sb->buf[i]);
		return;
	}
	strbuf_addstr(sb, "not(");
	for (i = 0; i < except->n; i++) {
		if (i > 0)
			strbuf_addch(sb, ',');
		aws_privilege_key_part(sb, except->v[i], NULL, lower);
	}
	strbuf_addch(sb, ')');
}

char *
aws_privilege_key(const struct aws_privilege *p)
{
	struct strbuf	 sb;
	char		 hex[DIGEST_HEX_BUFSZ];
	const char	*effect = p->effect == AWS_ALLOW ? "allow" : "deny";
	char		*key;

	strbuf_init(&sb);
	strbuf_addstr(&sb, "aws:priv:");
	strbuf_addstr(&sb, effect);
	strbuf_addch(&sb, ':');
	aws_privilege_key_part(&sb, p->action, p->action_except, 1);
	strbuf_addstr(&sb, " on ");
	aws_privilege_key_part(&sb, p->resource, p->resource_except, 0);
	if (sb.len <= AWS_PRIVILEGE_KEY_MAX)
		return strbuf_detach(&sb);
	digest_sha256_hex(sb.buf, sb.len, hex);
	key = xasprintf("aws:priv:%s:sha256:%s", effect, hex);
	strbuf_free(&sb);
	return key;
}

static void
aws_privilege_name_part(struct strbuf *sb, const char *pattern,
    const struct aws_strings *except)
{
	size_t	 i;

	if (except == NULL) {
		strbuf_addstr(sb, pattern);
		return;
	}
	strbuf_addstr(sb, "everything except ");
	for (i = 0; i < except->n; i++)
		strbuf_addf(sb, "%s%s", i > 0 ? ", " : "", except->v[i]);
}

char *
aws_privilege_name(const struct aws_privilege *p)
{
	struct strbuf	 sb;

	strbuf_init(&sb);
	if (p->effect == AWS_DENY)
		strbuf_addstr(&sb, "DENY ");
	aws_privilege_name_part(&sb, p->action, p->action_except);
	strbuf_addstr(&sb, " on ");
	aws_privilege_name_part(&sb, p->resource, p->resource_except);
	return strbuf_detach(&sb);
}
