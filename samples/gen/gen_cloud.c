/*
 * Writing slices of an estate in cloud export formats: AWS IAM
 * authorization details (aws/ACCOUNT.json, one document per account, as
 * `aws iam get-account-authorization-details` prints it) and GCP Cloud
 * Asset Inventory exports (gcp/PROJECT.jsonl, JSON Lines as an export to
 * Cloud Storage writes them).
 *
 * Every twentieth service account of the estate is an AWS machine user
 * and the one after it a GCP service account, spread over the accounts
 * and projects in turn. Each account also has groups, roles that trust
 * each other in chains with a few cycles, and customer managed policies
 * with a heavy-tailed number of actions; the first policy of each account
 * allows every action on every resource.
 */
#include "gen.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const gen_actions[] = {
	"s3:GetObject", "s3:PutObject", "s3:ListBucket", "dynamodb:Query",
	"dynamodb:PutItem", "sqs:SendMessage", "sqs:ReceiveMessage",
	"lambda:InvokeFunction", "kms:Decrypt", "secretsmanager:GetSecretValue",
	"iam:PassRole", "ec2:DescribeInstances", "logs:PutLogEvents",
	"sts:AssumeRole", "ecr:GetAuthorizationToken", "sns:Publish"
};

#define GEN_NACTIONS	(sizeof(gen_actions) / sizeof(gen_actions[0]))
#define GEN_SLICE	20

/* Open DIR/sub/name for writing; NULL with a message on failure. */
static FILE *
gen_cloud_open(const char *dir, const char *sub, const char *name)
{
	char	 path[4096];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	if (mkdir(path, 0755) == -1 && errno != EEXIST) {
		fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);
	if ((f = fopen(path, "w")) == NULL)
		fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
	return f;
}

static int
gen_cloud_close(FILE *f)
{
	int	 bad = ferror(f);

	if (fclose(f) != 0 || bad) {
		fprintf(stderr, "gen: writing a cloud export failed\n");
		return -1;
	}
	return 0;
}

/* The local numbers of the service accounts in slice part of count. */
static size_t
gen_slice(const struct gen_estate *es, size_t offset, size_t part,
    size_t count, size_t *out, size_t max)
{
	size_t	 nsa, i, n = 0;

	nsa = es->first[GEN_SERVICE_ACCOUNT + 1] -
	    es->first[GEN_SERVICE_ACCOUNT];
	for (i = offset; i < nsa; i += GEN_SLICE) {
		if ((i / GEN_SLICE) % count == part && n < max)
			out[n++] = i;
	}
	return n;
}

/* Write one policy document: a statement allowing a few actions. */
static void
gen_aws_document(FILE *f, struct gen_rng *r, const char *acct, size_t i)
{
	size_t	 k, n, first;

	if (i == 0) {
		fputs("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
		    "\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}", f);
		return;
	}
	/* One to sixteen actions, most policies near one. */
	n = 1 + gen_below(r, 1 + gen_below(r, 1 + gen_below(r,
	    GEN_NACTIONS)));
	first = gen_below(r, GEN_NACTIONS);
	fputs("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
	    "\"Allow\",\"Action\":[", f);
	for (k = 0; k < n; k++)
		fprintf(f, "%s\"%s\"", k > 0 ? "," : "",
		    gen_actions[(first + k) % GEN_NACTIONS]);
	fprintf(f, "],\"Resource\":[\"arn:aws:s3:::bench-%s-%zu/*\","
	    "\"arn:aws:dynamodb:us-east-1:%s:table/t%zu\"]}]}", acct, i % 97,
	    acct, i % 89);
}

/* The users of one account, and their groups and policies. */
static void
gen_aws_users(const struct gen_estate *es, FILE *f, struct gen_rng *r,
    const char *acct, const size_t *sa, size_t nsa, size_t ngroups,
    size_t npolicies)
{
	char	 t[32];
	size_t	 i, v;

	fputs("{\"UserDetailList\":[\n", f);
	for (i = 0; i < nsa; i++) {
		v = es->first[GEN_SERVICE_ACCOUNT] + sa[i];
		gen_time(es->created[v], t, sizeof(t));
		fprintf(f, "{\"Path\":\"/machines/\",\"UserName\":\"bench-sa-%zu"
		    "\",\"UserId\":\"AIDAGEN%013zu\",\"Arn\":\"arn:aws:iam::%s:"
		    "user/machines/bench-sa-%zu\",\"CreateDate\":\"%s\","
		    "\"GroupList\":[\"team-%zu\"],\"AttachedManagedPolicies\":"
		    "[{\"PolicyName\":\"p%zu\",\"PolicyArn\":\"arn:aws:iam::%s:"
		    "policy/p%zu\"}],\"Tags\":[{\"Key\":\"identity-type\","
		    "\"Value\":\"machine\"}]}%s\n", sa[i], sa[i], acct, sa[i],
		    t, gen_below(r, ngroups), 1 + gen_below(r, npolicies - 1),
		    acct, 1 + gen_below(r, npolicies - 1),
		    i + 1 < nsa ? "," : "");
	}
	fputs("],\n\"GroupDetailList\":[\n", f);
	for (i = 0; i < ngroups; i++)
		fprintf(f, "{\"Path\":\"/\",\"GroupName\":\"team-%zu\","
		    "\"GroupId\":\"AGPAGEN%013zu\",\"Arn\":\"arn:aws:iam::%s:"
		    "group/team-%zu\",\"CreateDate\":\"2020-02-02T10:00:00Z\","
		    "\"GroupPolicyList\":[],\"AttachedManagedPolicies\":[{"
		    "\"PolicyName\":\"p%zu\",\"PolicyArn\":\"arn:aws:iam::%s:"
		    "policy/p%zu\"}]}%s\n", i, i, acct, i, 1 + i %
		    (npolicies - 1), acct, 1 + i % (npolicies - 1),
		    i + 1 < ngroups ? "," : "");
}

/*
 * The roles of one account: role i trusts role i - 1, every tenth also
 * trusts role i + 3 (a cycle), role 0 trusts EC2.
 */
static void
gen_aws_roles(FILE *f, struct gen_rng *r, const char *acct, size_t nroles,
    size_t npolicies)
{
	size_t	 i, pol;

	fputs("],\n\"RoleDetailList\":[\n", f);
	for (i = 0; i < nroles; i++) {
		fprintf(f, "{\"Path\":\"/\",\"RoleName\":\"chain-%zu\","
		    "\"RoleId\":\"AROAGEN%013zu\",\"Arn\":\"arn:aws:iam::%s:"
		    "role/chain-%zu\",\"CreateDate\":\"2021-03-04T05:06:07Z\","
		    "\"AssumeRolePolicyDocument\":{\"Version\":\"2012-10-17\","
		    "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":", i, i,
		    acct, i);
		if (i == 0)
			fputs("{\"Service\":\"ec2.amazonaws.com\"}", f);
		else if (i % 10 == 0 && i + 3 < nroles)
			fprintf(f, "{\"AWS\":[\"arn:aws:iam::%s:role/chain-%zu\","
			    "\"arn:aws:iam::%s:role/chain-%zu\"]}", acct, i - 1,
			    acct, i + 3);
		else
			fprintf(f, "{\"AWS\":\"arn:aws:iam::%s:role/chain-%zu\"}",
			    acct, i - 1);
		/* Only the last role holds the admin policy. */
		pol = i + 1 == nroles ? 0 : 1 + gen_below(r, npolicies - 1);
		fprintf(f, ",\"Action\":\"sts:AssumeRole\"}]},"
		    "\"InstanceProfileList\":[],\"RolePolicyList\":[],"
		    "\"AttachedManagedPolicies\":[{\"PolicyName\":\"p%zu\","
		    "\"PolicyArn\":\"arn:aws:iam::%s:policy/p%zu\"}],"
		    "\"Tags\":[]}%s\n", pol, acct, pol,
		    i + 1 < nroles ? "," : "");
	}
}

static void
gen_aws_policies(FILE *f, struct gen_rng *r, const char *acct,
    size_t npolicies)
{
	size_t	 i;

	fputs("],\n\"Policies\":[\n", f);
	for (i = 0; i < npolicies; i++) {
		fprintf(f, "{\"PolicyName\":\"p%zu\",\"PolicyId\":"
		    "\"ANPAGEN%013zu\",\"Arn\":\"arn:aws:iam::%s:policy/p%zu\","
		    "\"Path\":\"/\",\"DefaultVersionId\":\"v1\","
		    "\"AttachmentCount\":1,\"IsAttachable\":true,"
		    "\"CreateDate\":\"2022-01-01T00:00:00Z\",\"UpdateDate\":"
		    "\"2022-01-01T00:00:00Z\",\"PolicyVersionList\":[{"
		    "\"Document\":", i, i, acct, i);
		gen_aws_document(f, r, acct, i);
		fprintf(f, ",\"VersionId\":\"v1\",\"IsDefaultVersion\":true,"
		    "\"CreateDate\":\"2022-01-01T00:00:00Z\"}]}%s\n",
		    i + 1 < npolicies ? "," : "");
	}
	fputs("],\n\"IsTruncated\":false}\n", f);
}

int
gen_write_aws(const struct gen_estate *es, const char *dir, size_t accounts)
{
	struct gen_rng	 r = { 4242 };
	char		 acct[16], name[32];
	size_t		*sa, nsa, max, a, ngroups, nroles, npolicies;
	FILE		*f;

	max = es->first[GEN_SERVICE_ACCOUNT + 1] -
	    es->first[GEN_SERVICE_ACCOUNT];
	sa = gen_alloc(max + 1, sizeof(*sa));
	for (a = 0; a < accounts; a++) {
		snprintf(acct, sizeof(acct), "%012zu", 210000000000 + a);
		snprintf(name, sizeof(name), "%s.json", acct);
		nsa = gen_slice(es, 0, a, accounts, sa, max);
		ngroups = 3 + nsa / 200;
		nroles = 2 + nsa / 5;
		npolicies = 2 + nsa / 10;
		if ((f = gen_cloud_open(dir, "aws", name)) == NULL)
			goto fail;
		gen_aws_users(es, f, &r, acct, sa, nsa, ngroups, npolicies);
		gen_aws_roles(f, &r, acct, nroles, npolicies);
		gen_aws_policies(f, &r, acct, npolicies);
		if (gen_cloud_close(f) == -1)
			goto fail;
	}
	free(sa);
	return 0;
fail:
	free(sa);
	return -1;
}

/* One service account asset and its key. */
static void
gen_gcp_account(const struct gen_estate *es, FILE *f, const char *proj,
    size_t local)
{
	size_t	 v = es->first[GEN_SERVICE_ACCOUNT] + local;
	char	 t[32];

	fprintf(f, "{\"name\":\"//iam.googleapis.com/projects/%s/"
	    "serviceAccounts/sa-%zu@%s.iam.gserviceaccount.com\","
	    "\"asset_type\":\"iam.googleapis.com/ServiceAccount\","
	    "\"resource\":{\"data\":{\"email\":\"sa-%zu@%s.iam."
	    "gserviceaccount.com\",\"name\":\"projects/%s/serviceAccounts/"
	    "sa-%zu@%s.iam.gserviceaccount.com\",\"uniqueId\":\"1%020zu\","
	    "\"displayName\":\"bench sa %zu\",\"projectId\":\"%s\"}},"
	    "\"ancestors\":[\"projects/%s\"]}\n", proj, local, proj, local,
	    proj, proj, local, proj, local, local, proj, proj);
	gen_time(es->created[v], t, sizeof(t));
	fprintf(f, "{\"name\":\"//iam.googleapis.com/projects/%s/"
	    "serviceAccounts/sa-%zu@%s.iam.gserviceaccount.com/keys/k%zu\","
	    "\"asset_type\":\"iam.googleapis.com/ServiceAccountKey\","
	    "\"resource\":{\"data\":{\"name\":\"projects/%s/serviceAccounts/"
	    "sa-%zu@%s.iam.gserviceaccount.com/keys/k%zu\",\"keyType\":"
	    "\"USER_MANAGED\",\"keyAlgorithm\":\"KEY_ALG_RSA_2048\","
	    "\"validAfterTime\":\"%s\",\"validBeforeTime\":"
	    "\"9999-12-31T23:59:59Z\"}},\"ancestors\":[\"projects/%s\"]}\n",
	    proj, local, proj, local, proj, local, proj, local, t, proj);
}

/* A bucket whose policy lets a few of the project's accounts read it. */
static void
gen_gcp_bucket(FILE *f, struct gen_rng *r, const char *proj, size_t b,
    const size_t *sa, size_t nsa)
{
	size_t	 k, n = 1 + gen_below(r, 4);

	fprintf(f, "{\"name\":\"//storage.googleapis.com/%s-b%zu\","
	    "\"asset_type\":\"storage.googleapis.com/Bucket\",\"resource\":{"
	    "\"data\":{\"name\":\"%s-b%zu\"},\"parent\":\"//cloudresourcemanager"
	    ".googleapis.com/projects/%s\"},\"iam_policy\":{\"bindings\":[{"
	    "\"role\":\"roles/storage.objectViewer\",\"members\":[", proj, b,
	    proj, b, proj);
	for (k = 0; k < n && nsa > 0; k++)
		fprintf(f, "%s\"serviceAccount:sa-%zu@%s.iam.gserviceaccount."
		    "com\"", k > 0 ? "," : "", sa[gen_below(r, nsa)], proj);
	fprintf(f, "]}]},\"ancestors\":[\"projects/%s\"]}\n", proj);
}

/* The project asset: editors and token creators among its accounts. */
static void
gen_gcp_project(FILE *f, const char *proj, const size_t *sa, size_t nsa)
{
	size_t	 k;

	fprintf(f, "{\"name\":\"//cloudresourcemanager.googleapis.com/"
	    "projects/%s\",\"asset_type\":\"cloudresourcemanager.googleapis."
	    "com/Project\",\"resource\":{\"data\":{\"projectId\":\"%s\","
	    "\"name\":\"projects/%s\"}},\"iam_policy\":{\"bindings\":["
	    "{\"role\":\"roles/editor\",\"members\":[", proj, proj, proj);
	for (k = 0; k < nsa && k < 5; k++)
		fprintf(f, "%s\"serviceAccount:sa-%zu@%s.iam.gserviceaccount."
		    "com\"", k > 0 ? "," : "", sa[k], proj);
	fputs("]},{\"role\":\"roles/iam.serviceAccountTokenCreator\","
	    "\"members\":[", f);
	for (k = 5; k < nsa && k < 8; k++)
		fprintf(f, "%s\"serviceAccount:sa-%zu@%s.iam.gserviceaccount."
		    "com\"", k > 5 ? "," : "", sa[k], proj);
	fprintf(f, "]}]},\"ancestors\":[\"projects/%s\"]}\n", proj);
}

int
gen_write_gcp(const struct gen_estate *es, const char *dir, size_t projects)
{
	struct gen_rng	 r = { 4343 };
	char		 proj[32], name[48];
	size_t		*sa, nsa, max, p, i;
	FILE		*f;

	max = es->first[GEN_SERVICE_ACCOUNT + 1] -
	    es->first[GEN_SERVICE_ACCOUNT];
	sa = gen_alloc(max + 1, sizeof(*sa));
	for (p = 0; p < projects; p++) {
		snprintf(proj, sizeof(proj), "bench-proj-%zu", p);
		snprintf(name, sizeof(name), "%s.jsonl", proj);
		nsa = gen_slice(es, 1, p, projects, sa, max);
		if ((f = gen_cloud_open(dir, "gcp", name)) == NULL)
			goto fail;
		gen_gcp_project(f, proj, sa, nsa);
		for (i = 0; i < nsa; i++)
			gen_gcp_account(es, f, proj, sa[i]);
		for (i = 0; i < 1 + nsa / 20; i++)
			gen_gcp_bucket(f, &r, proj, i, sa, nsa);
		if (gen_cloud_close(f) == -1)
			goto fail;
	}
	free(sa);
	return 0;
fail:
	free(sa);
	return -1;
}
