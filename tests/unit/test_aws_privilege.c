/*
 * Tests of IAM patterns and privilege classes: wildcard matching and
 * overlap, the class of each kind of privilege, denials that remove
 * allowed privileges, node keys and names, and that the class table in
 * docs/aws-privileges.md is the one in the code.
 */
#include "testutil.h"

#include "aws_privilege.h"

static struct aws_privilege
allow(const char *action, const char *resource)
{
	struct aws_privilege	 p;

	memset(&p, 0, sizeof(p));
	p.effect = AWS_ALLOW;
	p.action = action;
	p.resource = resource;
	return p;
}

static unsigned
classes_of(const char *action, const char *resource)
{
	struct aws_privilege	 p = allow(action, resource);

	return aws_privilege_classes(&p);
}

#define HAS(c, k)	(((c) & (1u << (k))) != 0)

static void
aws_privilege_glob_match_cases(void **state)
{
	(void)state;
	assert_true(aws_privilege_glob_match("*", "s3:GetObject", 1));
	assert_true(aws_privilege_glob_match("s3:Get*", "s3:getobject", 1));
	assert_false(aws_privilege_glob_match("s3:Get*", "s3:getobject", 0));
	assert_true(aws_privilege_glob_match("iam:?assRole", "iam:PassRole",
	    1));
	assert_false(aws_privilege_glob_match("s3:Get*", "s3:PutObject", 1));
	assert_true(aws_privilege_glob_match("arn:aws:s3:::b/*",
	    "arn:aws:s3:::b/k/x", 0));
	assert_false(aws_privilege_glob_match("arn:aws:s3:::b",
	    "arn:aws:s3:::b/x", 0));
	assert_true(aws_privilege_glob_match("*:*", "*:*", 1));
	assert_false(aws_privilege_glob_match("*:*", "*", 1));
}

static void
aws_privilege_glob_overlap_cases(void **state)
{
	(void)state;
	assert_true(aws_privilege_glob_overlap("iam:*", "iam:Attach*Policy",
	    1));
	assert_true(aws_privilege_glob_overlap("iam:At*",
	    "iam:Attach*Policy", 1));
	assert_true(aws_privilege_glob_overlap("*Policy",
	    "iam:Attach*Policy", 1));
	assert_false(aws_privilege_glob_overlap("iam:Get*",
	    "iam:Attach*Policy", 1));
	assert_false(aws_privilege_glob_overlap("s3:*", "iam:PassRole", 1));
	assert_true(aws_privilege_glob_overlap("arn:aws:s3:::prod-*",
	    "arn:aws:s3:::*-data", 0));
	assert_false(aws_privilege_glob_overlap("arn:aws:s3:::prod-?",
	    "arn:aws:s3:::prod-ab", 0));
	assert_true(aws_privilege_glob_overlap("", "*", 0));
}

static void
aws_privilege_admin_equivalent(void **state)
{
	unsigned	 c;

	(void)state;
	c = classes_of("*", "*");
	assert_true(HAS(c, AWS_CLASS_ADMIN));
	assert_true(HAS(c, AWS_CLASS_PRIVESC));
	assert_true(HAS(c, AWS_CLASS_CREDENTIALS));
	assert_true(HAS(c, AWS_CLASS_READ));
	assert_true(HAS(c, AWS_CLASS_WRITE));
	assert_true(HAS(classes_of("iam:*", "*"), AWS_CLASS_ADMIN));
	assert_true(HAS(classes_of("*:*", "*"), AWS_CLASS_ADMIN));
	/* Not on every resource, or not all of IAM: not admin. */
	assert_false(HAS(classes_of("*", "arn:aws:s3:::b"), AWS_CLASS_ADMIN));
	assert_false(HAS(classes_of("iam:Get*", "*"), AWS_CLASS_ADMIN));
	assert_false(HAS(classes_of("s3:*", "*"), AWS_CLASS_ADMIN));
}

static void
aws_privilege_escalation_rows(void **state)
{
	(void)state;
	assert_true(HAS(classes_of("iam:PassRole", "arn:aws:iam::1:role/x"),
	    AWS_CLASS_PRIVESC));
	assert_true(HAS(classes_of("iam:AttachRolePolicy", "*"),
	    AWS_CLASS_PRIVESC));
	assert_true(HAS(classes_of("iam:PutUserPolicy", "*"),
	    AWS_CLASS_PRIVESC));
	assert_true(HAS(classes_of("iam:CreatePolicyVersion", "*"),
	    AWS_CLASS_PRIVESC));
	assert_true(HAS(classes_of("iam:UpdateAssumeRolePolicy", "*"),
	    AWS_CLASS_PRIVESC));
	assert_true(HAS(classes_of("lambda:*", "*"), AWS_CLASS_PRIVESC));
	assert_true(HAS(classes_of("sts:AssumeRole", "*"), AWS_CLASS_PRIVESC));
	assert_false(HAS(classes_of("sts:AssumeRole",
	    "arn:aws:iam::1:role/x"), AWS_CLASS_PRIVESC));
	assert_false(HAS(classes_of("iam:ListRoles", "*"), AWS_CLASS_PRIVESC));
	assert_false(HAS(classes_of("lambda:Get*", "*"), AWS_CLASS_PRIVESC));
}

static void
aws_privilege_credentials_and_verbs(void **state)
{
	unsigned	 c;

	(void)state;
	c = classes_of("secretsmanager:GetSecretValue", "*");
	assert_true(HAS(c, AWS_CLASS_CREDENTIALS));
	assert_true(HAS(c, AWS_CLASS_READ));
	assert_false(HAS(c, AWS_CLASS_WRITE));
	assert_true(HAS(classes_of("ssm:GetParameters", "*"),
	    AWS_CLASS_CREDENTIALS));
	c = classes_of("iam:CreateAccessKey", "*");
	assert_true(HAS(c, AWS_CLASS_CREDENTIALS));
	assert_true(HAS(c, AWS_CLASS_PRIVESC));
	assert_true(HAS(c, AWS_CLASS_WRITE));
	c = classes_of("s3:GetObject", "arn:aws:s3:::b/*");
	assert_int_equal(c, 1u << AWS_CLASS_READ);
	c = classes_of("s3:PutObject", "*");
	assert_int_equal(c, 1u << AWS_CLASS_WRITE);
	c = classes_of("ec2:Describe*", "*");
	assert_int_equal(c, 1u << AWS_CLASS_READ);
	/* "L" may be List (read) or Lock (write). */
	c = classes_of("s3:L*", "*");
	assert_true(HAS(c, AWS_CLASS_READ));
	assert_true(HAS(c, AWS_CLASS_WRITE));
}

static void
aws_privilege_not_action(void **state)
{
	struct aws_privilege	 p;
	char			 e1[] = "iam:*", e2[] = "organizations:*";
	char			 e3[] = "*";
	char			*iam[] = { e1, e2 };
	char			*all[] = { e3 };
	struct aws_strings	 except = { iam, 2 };
	struct aws_strings	 everything = { all, 1 };
	unsigned		 c;

	(void)state;
	p = allow("*", "*");
	p.action_except = &except;
	c = aws_privilege_classes(&p);
	assert_false(HAS(c, AWS_CLASS_ADMIN));
	/* lambda:UpdateFunctionCode is still in. */
	assert_true(HAS(c, AWS_CLASS_PRIVESC));
	assert_true(HAS(c, AWS_CLASS_CREDENTIALS));
	assert_true(HAS(c, AWS_CLASS_READ));
	assert_true(HAS(c, AWS_CLASS_WRITE));
	p.action_except = &everything;
	assert_int_equal(aws_privilege_classes(&p), 0);
}

static void
aws_privilege_deny_overlaps(void **state)
{
	struct aws_privilege	 d, a;
	char			 e1[] = "arn:aws:s3:::prod-*";
	char			*prod[] = { e1 };
	struct aws_strings	 not_prod = { prod, 1 };
	int			 full;

	(void)state;
	d = allow("s3:DeleteBucket", "arn:aws:s3:::prod-*");
	d.effect = AWS_DENY;
	a = allow("s3:*", "*");
	assert_true(aws_privilege_overlaps(&d, &a, &full));
	assert_false(full);

	d = allow("s3:*", "*");
	d.effect = AWS_DENY;
	a = allow("s3:GetObject", "arn:aws:s3:::b/*");
	assert_true(aws_privilege_overlaps(&d, &a, &full));
	assert_true(full);

	d = allow("iam:*", "*");
	d.effect = AWS_DENY;
	a = allow("s3:GetObject", "*");
	assert_false(aws_privilege_overlaps(&d, &a, &full));

	/* A deny of everything but prod buckets leaves prod allows alone. */
	d = allow("s3:*", "*");
	d.effect = AWS_DENY;
	d.resource_except = &not_prod;
	a = allow("s3:GetObject", "arn:aws:s3:::prod-data");
	assert_false(aws_privilege_overlaps(&d, &a, &full));
	a = allow("s3:GetObject", "arn:aws:s3:::dev-data");
	assert_true(aws_privilege_overlaps(&d, &a, &full));
}

static void
aws_privilege_keys_and_names(void **state)
{
	struct aws_privilege	 p;
	char			 e1[] = "iam:*", e2[] = "account:*";
	char			*ex[] = { e1, e2 };
	struct aws_strings	 except = { ex, 2 };
	char			*key, *name, longres[700];

	(void)state;
	p = allow("S3:GetObject", "arn:aws:s3:::Bucket/*");
	key = aws_privilege_key(&p);
	name = aws_privilege_name(&p);
	assert_string_equal(key, "aws:priv:allow:s3:getobject on "
	    "arn:aws:s3:::Bucket/*");
	assert_string_equal(name, "S3:GetObject on arn:aws:s3:::Bucket/*");
	free(key);
	free(name);

	p = allow("*", "*");
	p.effect = AWS_DENY;
	p.action_except = &except;
	key = aws_privilege_key(&p);
	name = aws_privilege_name(&p);
	assert_string_equal(key, "aws:priv:deny:not(iam:*,account:*) on *");
	assert_string_equal(name, "DENY everything except iam:*, account:* "
	    "on *");
	free(key);
	free(name);

	memset(longres, 'x', sizeof(longres) - 1);
	longres[sizeof(longres) - 1] = '\0';
	p = allow("s3:GetObject", longres);
	key = aws_privilege_key(&p);
	assert_int_equal(strncmp(key, "aws:priv:allow:sha256:", 22), 0);
	assert_int_equal(strlen(key), 22 + 64);
	free(key);
}

/* Split a Markdown table row into its cells, trimmed; returns count. */
static size_t
split_row(char *line, char **cells, size_t max)
{
	size_t	 n = 0;
	char	*p = line, *bar, *end;

	if (*p++ != '|')
		return 0;
	while (n < max && (bar = strchr(p, '|')) != NULL) {
		*bar = '\0';
		while (*p == ' ')
			p++;
		end = bar;
		while (end > p && end[-1] == ' ')
			*--end = '\0';
		cells[n++] = p;
		p = bar + 1;
	}
	return n;
}

static void
aws_privilege_docs_table(void **state)
{
	const struct aws_privilege_rule	*rules;
	char				*path, line[1024], *cells[6], want[256];
	size_t				 n, i = 0;
	int				 in_table = 0, row = 0;
	FILE				*f;

	(void)state;
	rules = aws_privilege_rules(&n);
	if (asprintf(&path, "%s/docs/aws-privileges.md", testutil_root()) ==
	    -1)
		abort();
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strstr(line, "privilege table start") != NULL) {
			in_table = 1;
			continue;
		}
		if (strstr(line, "privilege table end") != NULL)
			break;
		if (!in_table || row++ < 2)
			continue;
		assert_int_equal(split_row(line, cells, 6), 5);
		assert_true(i < n);
		snprintf(want, sizeof(want), "`%s`", rules[i].action);
		assert_string_equal(cells[0], want);
		assert_string_equal(cells[1],
		    aws_privilege_class_name(rules[i].cls));
		assert_string_equal(cells[2], rules[i].covers ?
		    "every action" : "one action");
		assert_string_equal(cells[3], rules[i].all_resources ?
		    "`*` only" : "any");
		assert_string_equal(cells[4], rules[i].reason);
		i++;
	}
	fclose(f);
	free(path);
	assert_int_equal(i, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(aws_privilege_glob_match_cases),
		cmocka_unit_test(aws_privilege_glob_overlap_cases),
		cmocka_unit_test(aws_privilege_admin_equivalent),
		cmocka_unit_test(aws_privilege_escalation_rows),
		cmocka_unit_test(aws_privilege_credentials_and_verbs),
		cmocka_unit_test(aws_privilege_not_action),
		cmocka_unit_test(aws_privilege_deny_overlaps),
		cmocka_unit_test(aws_privilege_keys_and_names),
		cmocka_unit_test(aws_privilege_docs_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
