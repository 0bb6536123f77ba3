/*
 * The output of "aws iam get-account-authorization-details": an object
 * with the lists UserDetailList, GroupDetailList, RoleDetailList and
 * Policies (any may be absent).
 *
 * The document is checked for shape first (an object holding at least
 * one of the lists, each a list), then streamed twice, one record at a
 * time, so that a large export is never one tree:
 *
 *   1. GroupDetailList and Policies: managed policies (the default
 *      version's document) and groups are emitted and kept in memory,
 *      because users name groups and attach policies listed after them;
 *   2. UserDetailList and RoleDetailList: users, roles, instance
 *      profiles and trust policies.
 *
 * At the end, a managed policy that something attaches but that the
 * Policies list lacks becomes a policy node marked "document missing"
 * (the principal's rights are unknown, not none), and the denials that
 * remove allowed privileges are linked to them. The source is
 * "aws:<account id>" from the principals' ARNs.
 */
#include <stdlib.h>
#include <string.h>

#include "aws_arn.h"
#include "aws_authz.h"
#include "import.h"
#include "importer.h"
#include "input.h"
#include "jsonw.h"
#include "redact.h"
#include "tstamp.h"
#include "xalloc.h"

static const char *const aws_authz_lists[] = {
	"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"
};

#define AWS_AUTHZ_NLISTS	4

/* Members of managed policies and groups that must be lists. */
static const char *const aws_authz_policy_lists[] = {
	"PolicyVersionList", NULL
};
static const char *const aws_authz_group_lists[] = {
	"GroupPolicyList", "AttachedManagedPolicies", NULL
};

static int
aws_authz_sniff(const struct input *in)
{
	size_t	 i;

	if (!input_starts_with(in, '{'))
		return 0;
	for (i = 0; i < 3; i++) {
		if (input_contains(in, aws_authz_lists[i], 1 << 20))
			return 95;
	}
	if (input_contains(in, "\"Policies\"", 1 << 20) &&
	    input_contains(in, "\"PolicyVersionList\"", 1 << 20))
		return 80;
	return 0;
}

int
aws_authz_once(struct aws_authz *a, const char *key)
{
	return !import_has_node(a->imp, key);
}

int
aws_authz_account(struct aws_authz *a, const char *partition,
    size_t partition_len, const char *account, size_t account_len,
    char **keyp, char **errp)
{
	struct record_node	 n;
	char			*name;
	int			 rc = 0;

	(void)errp;
	*keyp = aws_arn_account_key(partition, partition_len, account,
	    account_len);
	if (!aws_authz_once(a, *keyp))
		return 0;
	name = xasprintf("AWS account %.*s", (int)account_len, account);
	record_node_init(&n);
	n.key = *keyp;
	n.kind = KIND_NODE_SYSTEM;
	n.kinds = "AWSAccount";
	n.name = name;
	if (import_node(a->imp, &n) == -1)
		rc = -1;
	free(name);
	return rc;
}

int
aws_authz_note_account(struct aws_authz *a, const char *arn, char **errp)
{
	struct aws_arn	 parts;
	char		*source, *key = NULL;
	int		 rc;

	if (a->account != NULL || aws_arn_parse(arn, &parts) == -1 ||
	    !aws_arn_is_account_id(parts.account, parts.account_len))
		return 0;
	a->account = xstrndup(parts.account, parts.account_len);
	a->partition = xstrndup(parts.partition, parts.partition_len);
	source = xasprintf("aws:%s", a->account);
	import_set_source(a->imp, source);
	free(source);
	rc = aws_authz_account(a, parts.partition, parts.partition_len,
	    parts.account, parts.account_len, &key, errp);
	free(key);
	return rc;
}

const struct aws_authz_group *
aws_authz_group(struct aws_authz *a, const char *name)
{
	uint64_t	 idx;

	if (!hmap_get(a->group_index, name, strlen(name), &idx))
		return NULL;
	return &a->groups[idx];
}

/* Note which lists the document has; stop at one that is not a list. */
static int
aws_authz_on_member(void *ctx, const char *key, int type)
{
	struct aws_authz	*a = ctx;
	size_t			 i;

	for (i = 0; i < AWS_AUTHZ_NLISTS; i++) {
		if (strcmp(key, aws_authz_lists[i]) != 0)
			continue;
		if (type != cJSON_Array) {
			a->bad_list = aws_authz_lists[i];
			return -1;
		}
		a->saw_list |= 1 << i;
	}
	return 0;
}

/*
 * Reject a document of the wrong shape: not JSON, not an object, one of
 * the four lists not a list, or none of them present.
 */
static int
aws_authz_shape(struct aws_authz *a, char **errp)
{
	char	*err = NULL;

	if (json_members(a->in->data, a->in->len, a->in->path,
	    aws_authz_on_member, a, NULL, &err) == -1) {
		if (a->bad_list != NULL) {
			free(err);
			err = xasprintf("%s: %s is not a list; this is not the "
			    "output of aws iam "
			    "get-account-authorization-details",
			    a->in->path, a->bad_list);
		}
		*errp = err;
		return -1;
	}
	if (a->saw_list == 0) {
		*errp = xasprintf("%s: none of UserDetailList, "
		    "GroupDetailList, RoleDetailList or Policies is present; "
		    "this is not the "
		    "output of aws iam get-account-authorization-details",
		    a->in->path);
		return -1;
	}
	return 0;
}

/* The default version's document of a managed policy, or NULL. */
static const cJSON *
aws_authz_default_document(const cJSON *rec, const char *path, char **dpath)
{
	const cJSON	*v;
	const char	*want = json_str(rec, "DefaultVersionId"), *id;
	int		 def;
	size_t		 i = 0;

	cJSON_ArrayForEach(v, json_get(rec, "PolicyVersionList")) {
		id = json_str(v, "VersionId");
		if ((json_bool(v, "IsDefaultVersion", &def) == 1 && def) ||
		    (want != NULL && id != NULL && strcmp(want, id) == 0)) {
			*dpath = xasprintf("%s.PolicyVersionList[%zu]."
			    "Document", path, i);
			return json_get(v, "Document");
		}
		i++;
	}
	return NULL;
}

/* Write the attributes of a managed policy. */
static void
aws_authz_policy_attrs(const cJSON *rec, int missing, struct jsonw *w)
{
	static const char *const ints[] = {
		"AttachmentCount", "attachment_count",
		"PermissionsBoundaryUsageCount", "boundary_usage_count",
	};
	const char	*v;
	char		 buf[TSTAMP_BUFSZ];
	int64_t		 n, t;
	int		 b;
	size_t		 i;

	jsonw_key(w, "arn");
	jsonw_str(w, json_str(rec, "Arn"));
	if ((v = json_str(rec, "PolicyId")) != NULL) {
		jsonw_key(w, "unique_id");
		jsonw_str(w, v);
	}
	if ((v = json_str(rec, "DefaultVersionId")) != NULL) {
		jsonw_key(w, "default_version");
		jsonw_str(w, v);
	}
	if ((v = json_str(rec, "Description")) != NULL) {
		jsonw_key(w, "description");
		jsonw_str(w, v);
	}
	for (i = 0; i < 4; i += 2) {
		if (json_int(rec, ints[i], &n) == 1) {
			jsonw_key(w, ints[i + 1]);
			jsonw_int(w, n);
		}
	}
	if (json_bool(rec, "IsAttachable", &b) == 1) {
		jsonw_key(w, "is_attachable");
		jsonw_bool(w, b);
	}
	if ((v = json_str(rec, "UpdateDate")) != NULL) {
		jsonw_key(w, "updated");
		jsonw_str(w, tstamp_parse(v, &t) == 0 ? tstamp_format(t, buf) :
		    v);
	}
	if (missing) {
		jsonw_key(w, "document");
		jsonw_str(w, "missing");
		jsonw_key(w, "rights");
		jsonw_str(w, "unknown: the export has no default version of "
		    "this policy");
	}
}

/* Emit the node of a managed policy and keep its document. */
static int
aws_authz_policy_node(struct aws_authz *a, const cJSON *rec,
    const char *path, struct aws_authz_policy *p, char **errp)
{
	struct record_node	 n;
	struct strbuf		 attrs;
	struct jsonw		 w;
	struct aws_arn		 parts;
	int			 rc;

	strbuf_init(&attrs);
	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	aws_authz_policy_attrs(rec, !p->has_doc, &w);
	jsonw_object_end(&w);
	record_node_init(&n);
	n.key = p->key;
	n.kind = KIND_NODE_POLICY;
	n.kinds = aws_arn_parse(p->arn, &parts) == 0 &&
	    parts.account_len == 3 && strncmp(parts.account, "aws", 3) == 0 ?
	    "AWSManagedPolicy" : "AWSCustomerManagedPolicy";
	n.name = json_str(rec, "PolicyName");
	n.attrs = attrs.buf;
	rc = aws_principal_time(a, rec, "CreateDate", path, &n.life.created_at,
	    errp);
	if (rc == 0 && (rc = import_node(a->imp, &n)) == 1)
		rc = 0;
	else if (rc == 0)
		rc = import_warn(a->imp, path, errp, "policy %s is listed "
		    "twice; the first is kept", p->arn);
	strbuf_free(&attrs);
	return rc;
}

static int
aws_authz_on_policy(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	struct aws_authz	*a = ctx;
	struct aws_authz_policy	*p;
	const cJSON		*doc;
	const char		*arn;
	char			*dpath = NULL;
	uint64_t		 idx;
	int			 rc;

	if (problem != NULL)
		return import_warn(a->imp, path, errp, "%s; policy skipped",
		    problem);
	if (redact_record(a->imp, path, rec, 0, errp) == -1 ||
	    import_check_shape(a->imp, path, rec, aws_authz_policy_lists, NULL,
	    errp) == -1)
		return -1;
	if ((arn = json_str(rec, "Arn")) == NULL || strncmp(arn, "arn:", 4))
		return import_warn(a->imp, path, errp, "policy has no Arn; "
		    "skipped");
	if (hmap_get(a->policy_index, arn, strlen(arn), &idx))
		return import_warn(a->imp, path, errp, "policy %s is listed "
		    "twice; the first is kept", arn);
	if (aws_authz_note_account(a, arn, errp) == -1)
		return -1;

	a->policies = xreallocarray(a->policies, a->npolicies + 1,
	    sizeof(*a->policies));
	hmap_put(a->policy_index, arn, strlen(arn), a->npolicies);
	p = &a->policies[a->npolicies++];
	memset(p, 0, sizeof(*p));
	p->arn = xstrdup(arn);
	p->key = xasprintf("aws:%s", arn);
	doc = aws_authz_default_document(rec, path, &dpath);
	if (doc == NULL)
		rc = import_warn(a->imp, path, errp, "no default version in "
		    "PolicyVersionList; the policy's rights are unknown");
	else {
		rc = aws_policy_parse(a->imp, doc, dpath, AWS_POLICY_IDENTITY,
		    &p->doc, errp);
		p->has_doc = rc == 0;
	}
	if (rc == 0)
		rc = aws_authz_policy_node(a, rec, path, p, errp);
	if (rc == 0 && p->has_doc)
		rc = aws_grant_document(a, p->key, &p->doc, errp);
	free(dpath);
	return rc;
}

/* Emit a group node; the group is kept for its members. */
static int
aws_authz_group_node(struct aws_authz *a, const cJSON *rec,
    const char *path, const char *key, char **errp)
{
	struct record_node	 n;
	struct strbuf		 attrs;
	struct jsonw		 w;
	int			 rc;

	record_node_init(&n);
	strbuf_init(&attrs);
	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	aws_principal_attrs(rec, "GroupId", &w, &n.owner, &n.environment);
	jsonw_object_end(&w);
	n.key = key;
	n.kind = KIND_NODE_GROUP;
	n.kinds = "AWSGroup";
	n.name = json_str(rec, "GroupName");
	n.attrs = attrs.buf;
	rc = aws_principal_time(a, rec, "CreateDate", path, &n.life.created_at,
	    errp);
	if (rc == 0 && (rc = import_node(a->imp, &n)) == 1)
		rc = 0;
	else if (rc == 0)
		rc = import_warn(a->imp, path, errp, "group %s is listed "
		    "twice; the first is kept", key + 4);
	strbuf_free(&attrs);
	return rc;
}

static int
aws_authz_on_group(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	struct aws_authz		*a = ctx;
	struct aws_authz_group		*g;
	struct aws_principal_docs	 d;
	const char			*arn, *name;
	char				*key;
	int				 rc;

	if (problem != NULL)
		return import_warn(a->imp, path, errp, "%s; group skipped",
		    problem);
	if (redact_record(a->imp, path, rec, 0, errp) == -1 ||
	    import_check_shape(a->imp, path, rec, aws_authz_group_lists, NULL,
	    errp) == -1)
		return -1;
	arn = json_str(rec, "Arn");
	name = json_str(rec, "GroupName");
	if (arn == NULL || strncmp(arn, "arn:", 4) != 0 || name == NULL)
		return import_warn(a->imp, path, errp, "group has no Arn or "
		    "GroupName; skipped");
	if (aws_authz_note_account(a, arn, errp) == -1)
		return -1;
	key = xasprintf("aws:%s", arn);
	memset(&d, 0, sizeof(d));
	rc = aws_authz_group_node(a, rec, path, key, errp);
	if (rc == 0)
		rc = aws_principal_policies(a, rec, path, arn, key,
		    "GroupPolicyList", &d, errp);
	if (rc == -1 || aws_authz_group(a, name) != NULL) {
		aws_principal_docs_free(&d);
		free(key);
		return rc;
	}

	/* Keep the group's own documents for its members. */
	a->groups = xreallocarray(a->groups, a->ngroups + 1,
	    sizeof(*a->groups));
	hmap_put(a->group_index, name, strlen(name), a->ngroups);
	g = &a->groups[a->ngroups++];
	g->name = xstrdup(name);
	g->arn = xstrdup(arn);
	g->key = key;
	g->inline_docs = d.owned;
	g->inline_keys = d.owned_keys;
	g->ninline = d.nowned;
	g->attached = d.attached;
	g->nattached = d.nattached;
	free(d.v);
	return 0;
}

static int
aws_authz_on_truncated(void *ctx, const char *path, cJSON *value,
    const char *problem, char **errp)
{
	struct aws_authz	*a = ctx;

	(void)problem;
	if (cJSON_IsTrue(value))
		return import_warn(a->imp, path, errp, "the export is one "
		    "page of several (IsTruncated is true); import the "
		    "other pages too");
	return 0;
}

/* Find the denials of each group, now that every policy is known. */
static void
aws_authz_group_overrides(struct aws_authz *a)
{
	struct aws_principal_docs	 d;
	const struct aws_authz_group	*g;
	size_t				 i, j, count;

	for (i = 0; i < a->ngroups; i++) {
		g = &a->groups[i];
		memset(&d, 0, sizeof(d));
		for (j = 0; j < g->ninline; j++) {
			d.v = xreallocarray(d.v, d.n + 1, sizeof(*d.v));
			d.v[d.n].doc = &g->inline_docs[j];
			d.v[d.n++].policy_key = g->inline_keys[j];
		}
		for (j = 0; j < g->nattached; j++)
			aws_principal_add_managed(a, &d, g->attached[j]);
		aws_grant_overrides(a, g->arn, d.v, d.n, &count);
		free(d.v);
	}
}

/* A policy attached but absent from Policies: rights unknown. */
static int
aws_authz_missing_policies(struct aws_authz *a)
{
	struct record_node	 n;
	struct strbuf		 attrs;
	struct jsonw		 w;
	char			*key, *name;
	uint64_t		 idx;
	size_t			 i;
	int			 rc = 0;

	strbuf_init(&attrs);
	for (i = 0; i < a->nattached && rc == 0; i++) {
		if (hmap_get(a->policy_index, a->attached[i],
		    strlen(a->attached[i]), &idx))
			continue;
		key = xasprintf("aws:%s", a->attached[i]);
		name = xasprintf("%s (document missing)",
		    a->attached_names[i] != NULL ? a->attached_names[i] :
		    strrchr(a->attached[i], '/') != NULL ?
		    strrchr(a->attached[i], '/') + 1 : a->attached[i]);
		strbuf_reset(&attrs);
		jsonw_init(&w, &attrs, 0);
		jsonw_object_begin(&w);
		jsonw_key(&w, "arn");
		jsonw_str(&w, a->attached[i]);
		jsonw_key(&w, "document");
		jsonw_str(&w, "missing");
		jsonw_key(&w, "rights");
		jsonw_str(&w, "unknown: the policy is attached but the export "
		    "has no document for it");
		jsonw_object_end(&w);
		record_node_init(&n);
		n.key = key;
		n.kind = KIND_NODE_POLICY;
		n.kinds = strstr(a->attached[i], ":aws:policy/") != NULL ?
		    "AWSManagedPolicy" : "AWSCustomerManagedPolicy";
		n.name = name;
		n.attrs = attrs.buf;
		if (import_node(a->imp, &n) == -1)
			rc = -1;
		free(key);
		free(name);
	}
	strbuf_free(&attrs);
	return rc;
}

static void
aws_authz_free(struct aws_authz *a)
{
	size_t	 i, j;

	for (i = 0; i < a->npolicies; i++) {
		free(a->policies[i].arn);
		free(a->policies[i].key);
		aws_policy_free(&a->policies[i].doc);
	}
	for (i = 0; i < a->ngroups; i++) {
		for (j = 0; j < a->groups[i].ninline; j++) {
			aws_policy_free(&a->groups[i].inline_docs[j]);
			free(a->groups[i].inline_keys[j]);
		}
		for (j = 0; j < a->groups[i].nattached; j++)
			free(a->groups[i].attached[j]);
		free(a->groups[i].inline_docs);
		free(a->groups[i].inline_keys);
		free(a->groups[i].attached);
		free(a->groups[i].name);
		free(a->groups[i].arn);
		free(a->groups[i].key);
	}
	for (i = 0; i < a->nattached; i++) {
		free(a->attached[i]);
		free(a->attached_names[i]);
	}
	for (i = 0; i < a->noverrides; i++) {
		free(a->overrides[i].deny_key);
		free(a->overrides[i].allow_key);
		free(a->overrides[i].conditions);
		strbuf_free(&a->overrides[i].principals);
	}
	free(a->policies);
	free(a->groups);
	free(a->attached);
	free(a->attached_names);
	free(a->overrides);
	hmap_free(a->policy_index);
	hmap_free(a->group_index);
	hmap_free(a->attached_index);
	hmap_free(a->override_index);
	free(a->account);
	free(a->partition);
}

static int
aws_authz_run(struct import *imp, const struct input *in, char **errp)
{
	static const struct json_route	 pass1[] = {
		{ "GroupDetailList[]", aws_authz_on_group },
		{ "Policies[]", aws_authz_on_policy },
		{ "IsTruncated", aws_authz_on_truncated },
		{ "UserDetailList[]", json_skip },
		{ "RoleDetailList[]", json_skip },
	};
	static const struct json_route	 pass2[] = {
		{ "UserDetailList[]", aws_principal_user },
		{ "RoleDetailList[]", aws_principal_role },
		{ "GroupDetailList[]", json_skip },
		{ "Policies[]", json_skip },
	};
	struct aws_authz		 a;
	int				 rc = -1;

	memset(&a, 0, sizeof(a));
	a.imp = imp;
	a.in = in;
	a.policy_index = hmap_create(256);
	a.group_index = hmap_create(64);
	a.attached_index = hmap_create(256);
	a.override_index = hmap_create(64);

	if (aws_authz_shape(&a, errp) == -1 ||
	    json_stream(in->data, in->len, in->path, pass1, 5, &a, NULL,
	    errp) == -1)
		goto out;
	aws_authz_group_overrides(&a);
	if (json_stream(in->data, in->len, in->path, pass2, 4, &a, NULL,
	    errp) == -1 ||
	    aws_authz_missing_policies(&a) == -1 ||
	    aws_grant_emit_overrides(&a, errp) == -1)
		goto out;
	rc = 0;
out:
	aws_authz_free(&a);
	return rc;
}

const struct importer importer_aws_authz = {
	.name = "aws-authz",
	.summary = "AWS IAM: aws iam get-account-authorization-details JSON",
	.sniff = aws_authz_sniff,
	.run = aws_authz_run,
};
