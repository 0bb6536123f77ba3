/*
 * IAM users and roles of the authorization details, and what they share
 * with groups: inline and attached policies, permissions boundaries,
 * tags and dates (see aws_authz.h).
 *
 * Edges: a user is member_of its groups; a principal has_policy its
 * inline policies (aws:<principal ARN>#policy/<name>) and its attached
 * managed policies (aws:<policy ARN>); a permissions boundary limits the
 * principal and is never followed; an instance profile (a workload node
 * standing for the EC2 instances launched with it) runs_as its role; the
 * role's trust policy gives the edges of aws_trust.c.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws_arn.h"
#include "aws_authz.h"
#include "aws_identity.h"
#include "import.h"
#include "jsonw.h"
#include "redact.h"
#include "tstamp.h"
#include "xalloc.h"

static int
aws_principal_edge(struct aws_authz *a, const char *src, const char *dst,
    enum kind_edge kind, const char *raw, unsigned flags)
{
	struct record_edge	 e;

	record_edge_init(&e);
	e.src = src;
	e.dst = dst;
	e.kind = kind;
	e.raw = raw;
	e.flags = flags;
	return import_edge(a->imp, &e);
}

int
aws_principal_time(struct aws_authz *a, const cJSON *obj, const char *member,
    const char *path, int64_t *out, char **errp)
{
	const cJSON	*v = json_get(obj, member);

	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsString(v) && tstamp_parse(v->valuestring, out) == 0)
		return 0;
	return import_warn(a->imp, path, errp, "%s is not an ISO 8601 time; "
	    "left unknown", member);
}

void
aws_principal_attrs(const cJSON *rec, const char *id_key, struct jsonw *w,
    const char **owner, const char **environment)
{
	const cJSON	*t, *tags;
	const char	*k, *v;
	char		*name;

	jsonw_key(w, "arn");
	jsonw_str(w, json_str(rec, "Arn"));
	if ((v = json_str(rec, id_key)) != NULL) {
		jsonw_key(w, "unique_id");
		jsonw_str(w, v);
	}
	if ((v = json_str(rec, "Path")) != NULL) {
		jsonw_key(w, "path");
		jsonw_str(w, v);
	}
	tags = json_get(rec, "Tags");
	if (!cJSON_IsArray(tags))
		return;
	cJSON_ArrayForEach(t, tags) {
		if ((k = json_str(t, "Key")) == NULL ||
		    (v = json_str(t, "Value")) == NULL)
			continue;
		name = xasprintf("tag:%s", k);
		jsonw_key(w, name);
		jsonw_str(w, v);
		free(name);
		if (strcasecmp(k, "owner") == 0)
			*owner = v;
		else if (strcasecmp(k, "environment") == 0 ||
		    strcasecmp(k, "env") == 0)
			*environment = v;
	}
}

void
aws_principal_add_managed(struct aws_authz *a, struct aws_principal_docs *d,
    const char *arn)
{
	uint64_t	 idx;

	if (!hmap_get(a->policy_index, arn, strlen(arn), &idx) ||
	    !a->policies[idx].has_doc)
		return;
	d->v = xreallocarray(d->v, d->n + 1, sizeof(*d->v));
	d->v[d->n].doc = &a->policies[idx].doc;
	d->v[d->n++].policy_key = a->policies[idx].key;
}

/* Note a managed policy ARN as attached, for placeholders at the end. */
static void
aws_principal_note_attached(struct aws_authz *a, const char *arn,
    const char *name)
{
	uint64_t	 idx;

	if (hmap_get(a->attached_index, arn, strlen(arn), &idx))
		return;
	hmap_put(a->attached_index, arn, strlen(arn), a->nattached);
	a->attached = xreallocarray(a->attached, a->nattached + 1,
	    sizeof(*a->attached));
	a->attached_names = xreallocarray(a->attached_names,
	    a->nattached + 1, sizeof(*a->attached_names));
	a->attached[a->nattached] = xstrdup(arn);
	a->attached_names[a->nattached++] = name != NULL ? xstrdup(name) :
	    NULL;
}

/* Emit the node of an inline policy and the edge to it. */
static int
aws_principal_inline_node(struct aws_authz *a, const char *name,
    const char *arn, const char *key, const char *pkey)
{
	struct record_node	 n;
	struct strbuf		 attrs;
	struct jsonw		 w;
	int			 rc = -1;

	strbuf_init(&attrs);
	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "inline_in");
	jsonw_str(&w, arn);
	jsonw_object_end(&w);
	record_node_init(&n);
	n.key = pkey;
	n.kind = KIND_NODE_POLICY;
	n.kinds = "AWSInlinePolicy";
	n.name = name;
	n.attrs = attrs.buf;
	if (import_node(a->imp, &n) != -1 &&
	    aws_principal_edge(a, key, pkey, KIND_EDGE_HAS_POLICY,
	    "InlinePolicy", 0) == 0)
		rc = 0;
	strbuf_free(&attrs);
	return rc;
}

/* Emit one inline policy, its privileges, and keep its document. */
static int
aws_principal_inline(struct aws_authz *a, const cJSON *p, const char *path,
    const char *arn, const char *key, struct aws_principal_docs *d,
    char **errp)
{
	struct aws_document	 doc;
	const char		*name = json_str(p, "PolicyName");
	char			*pkey, *dpath = NULL;
	int			 rc = -1;

	if (name == NULL || *name == '\0')
		return import_warn(a->imp, path, errp, "inline policy has no "
		    "PolicyName; skipped");
	pkey = xasprintf("%s#policy/%s", key, name);
	if (!aws_authz_once(a, pkey)) {
		rc = import_warn(a->imp, path, errp, "inline policy %s is "
		    "listed twice; the first is kept", name);
		goto out;
	}
	if (aws_principal_inline_node(a, name, arn, key, pkey) == -1)
		goto out;
	dpath = xasprintf("%s.PolicyDocument", path);
	if (aws_policy_parse(a->imp, json_get(p, "PolicyDocument"), dpath,
	    AWS_POLICY_IDENTITY, &doc, errp) == -1)
		goto out;
	if (aws_grant_document(a, pkey, &doc, errp) == -1) {
		aws_policy_free(&doc);
		goto out;
	}
	d->owned = xreallocarray(d->owned, d->nowned + 1, sizeof(*d->owned));
	d->owned_keys = xreallocarray(d->owned_keys, d->nowned + 1,
	    sizeof(*d->owned_keys));
	d->owned[d->nowned] = doc;
	d->owned_keys[d->nowned++] = pkey;
	pkey = NULL;
	rc = 0;
out:
	free(pkey);
	free(dpath);
	return rc;
}

/* Emit the has_policy edges of AttachedManagedPolicies, once each. */
static int
aws_principal_attached(struct aws_authz *a, const cJSON *rec,
    const char *path, const char *key, struct aws_principal_docs *d,
    char **errp)
{
	const cJSON	*p;
	const char	*arn;
	char		*pkey;
	size_t		 i, idx = 0;
	int		 dup;

	cJSON_ArrayForEach(p, json_get(rec, "AttachedManagedPolicies")) {
		if ((arn = json_str(p, "PolicyArn")) == NULL) {
			if (import_warn(a->imp, path, errp, "AttachedManaged"
			    "Policies[%zu] has no PolicyArn; skipped",
			    idx) == -1)
				return -1;
			idx++;
			continue;
		}
		idx++;
		for (dup = 0, i = 0; i < d->nattached && !dup; i++)
			dup = strcmp(d->attached[i], arn) == 0;
		if (dup)
			continue;
		d->attached = xreallocarray(d->attached, d->nattached + 1,
		    sizeof(*d->attached));
		d->attached[d->nattached++] = xstrdup(arn);
		aws_principal_note_attached(a, arn, json_str(p, "PolicyName"));
		pkey = xasprintf("aws:%s", arn);
		if (aws_principal_edge(a, key, pkey, KIND_EDGE_HAS_POLICY,
		    "AttachedPolicy", 0) == -1) {
			free(pkey);
			return -1;
		}
		free(pkey);
	}
	return 0;
}

/* Emit the limits edge of a permissions boundary. */
static int
aws_principal_boundary(struct aws_authz *a, const cJSON *rec,
    const char *key)
{
	const char	*arn;
	char		*bkey;
	int		 rc;

	arn = json_str(json_get(rec, "PermissionsBoundary"),
	    "PermissionsBoundaryArn");
	if (arn == NULL)
		return 0;
	aws_principal_note_attached(a, arn, NULL);
	bkey = xasprintf("aws:%s", arn);
	rc = aws_principal_edge(a, bkey, key, KIND_EDGE_LIMITS,
	    "PermissionsBoundary", RECORD_EDGE_NOT_TRAVERSABLE);
	free(bkey);
	return rc;
}

int
aws_principal_policies(struct aws_authz *a, const cJSON *rec,
    const char *path, const char *arn, const char *key,
    const char *inline_list, struct aws_principal_docs *d, char **errp)
{
	const cJSON	*p;
	char		*ppath, *acct = NULL;
	struct aws_arn	 parts;
	size_t		 i = 0;
	int		 rc = 0;

	if (aws_arn_parse(arn, &parts) == 0 &&
	    aws_arn_is_account_id(parts.account, parts.account_len)) {
		if (aws_authz_account(a, parts.partition, parts.partition_len,
		    parts.account, parts.account_len, &acct, errp) == -1 ||
		    aws_principal_edge(a, key, acct, KIND_EDGE_RELATED,
		    "InAccount", 0) == -1) {
			free(acct);
			return -1;
		}
		free(acct);
	}
	cJSON_ArrayForEach(p, json_get(rec, inline_list)) {
		ppath = xasprintf("%s.%s[%zu]", path, inline_list, i++);
		rc = aws_principal_inline(a, p, ppath, arn, key, d, errp);
		free(ppath);
		if (rc == -1)
			return -1;
	}
	if (aws_principal_attached(a, rec, path, key, d, errp) == -1 ||
	    aws_principal_boundary(a, rec, key) == -1)
		return -1;

	/* The documents in force: inline, then attached ones that were read. */
	for (i = 0; i < d->nowned; i++) {
		d->v = xreallocarray(d->v, d->n + 1, sizeof(*d->v));
		d->v[d->n].doc = &d->owned[i];
		d->v[d->n++].policy_key = d->owned_keys[i];
	}
	for (i = 0; i < d->nattached; i++)
		aws_principal_add_managed(a, d, d->attached[i]);
	return 0;
}

void
aws_principal_docs_free(struct aws_principal_docs *d)
{
	size_t	 i;

	for (i = 0; i < d->nowned; i++) {
		aws_policy_free(&d->owned[i]);
		free(d->owned_keys[i]);
	}
	for (i = 0; i < d->nattached; i++)
		free(d->attached[i]);
	free(d->owned);
	free(d->owned_keys);
	free(d->attached);
	free(d->v);
	memset(d, 0, sizeof(*d));
}

/* Members of users and roles that must be lists or objects. */
static const char *const aws_principal_user_lists[] = {
	"UserPolicyList", "AttachedManagedPolicies", "GroupList", "Tags", NULL
};
static const char *const aws_principal_role_lists[] = {
	"RolePolicyList", "AttachedManagedPolicies", "InstanceProfileList",
	"Tags", NULL
};
static const char *const aws_principal_objects[] = {
	"PermissionsBoundary", "RoleLastUsed", NULL
};

/*
 * Check the Arn and the shape of a record after replacing its secrets;
 * 1 when it must be skipped (warned).
 */
static int
aws_principal_check(struct aws_authz *a, cJSON *rec, const char *path,
    const char *problem, const char *what, int *rc, char **errp)
{
	const char	*arn;

	if (problem != NULL) {
		*rc = import_warn(a->imp, path, errp, "%s; %s skipped",
		    problem, what);
		return 1;
	}
	if (redact_record(a->imp, path, rec, 0, errp) == -1 ||
	    import_check_shape(a->imp, path, rec, strcmp(what, "user") == 0 ?
	    aws_principal_user_lists : aws_principal_role_lists,
	    aws_principal_objects, errp) == -1) {
		*rc = -1;
		return 1;
	}
	arn = json_str(rec, "Arn");
	if (!cJSON_IsObject(rec) || arn == NULL || strncmp(arn, "arn:", 4)) {
		*rc = import_warn(a->imp, path, errp, "%s has no Arn; skipped",
		    what);
		return 1;
	}
	if (aws_authz_note_account(a, arn, errp) == -1) {
		*rc = -1;
		return 1;
	}
	return 0;
}

/* The user's groups: member_of edges, and their documents for denials. */
static int
aws_principal_groups(struct aws_authz *a, const cJSON *rec, const char *arn,
    const char *key, struct aws_principal_docs *d)
{
	const struct aws_authz_group	*g;
	const cJSON			*name;
	struct aws_arn			 parts;
	char				*gkey;
	size_t				 i;
	int				 rc = 0;

	cJSON_ArrayForEach(name, json_get(rec, "GroupList")) {
		if (!cJSON_IsString(name))
			continue;
		if ((g = aws_authz_group(a, name->valuestring)) != NULL)
			gkey = xstrdup(g->key);
		else if (aws_arn_parse(arn, &parts) == 0)
			gkey = xasprintf("aws:arn:%.*s:iam::%.*s:group/%s",
			    (int)parts.partition_len, parts.partition,
			    (int)parts.account_len, parts.account,
			    name->valuestring);
		else
			continue;
		rc = aws_principal_edge(a, key, gkey, KIND_EDGE_MEMBER_OF,
		    "MemberOf", 0);
		free(gkey);
		if (rc == -1)
			return -1;
		if (g == NULL)
			continue;
		for (i = 0; i < g->ninline; i++) {
			d->v = xreallocarray(d->v, d->n + 1, sizeof(*d->v));
			d->v[d->n].doc = &g->inline_docs[i];
			d->v[d->n++].policy_key = g->inline_keys[i];
		}
		for (i = 0; i < g->nattached; i++)
			aws_principal_add_managed(a, d, g->attached[i]);
	}
	return 0;
}

/* Emit the user node, classified as a person or a machine. */
static int
aws_principal_user_node(struct aws_authz *a, const cJSON *rec,
    const char *path, const char *key, char **errp)
{
	struct aws_identity_evidence	 ev;
	struct record_node		 n;
	struct strbuf			 attrs;
	struct jsonw			 w;
	enum aws_identity_class		 c;
	char				*reason;
	int				 keep, rc = -1;

	record_node_init(&n);
	aws_identity_evidence_init(&ev);
	ev.tags = json_get(rec, "Tags");
	ev.path = json_str(rec, "Path");
	c = aws_identity_classify(&ev, &reason);
	if (aws_identity_kind(a->imp, key, c, &n.kind, &keep) == -1)
		goto out_reason;
	strbuf_init(&attrs);
	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	aws_principal_attrs(rec, "UserId", &w, &n.owner, &n.environment);
	if (keep) {
		jsonw_key(&w, "identity_class");
		jsonw_str(&w, aws_identity_class_name(c));
		jsonw_key(&w, "identity_class_reason");
		jsonw_str(&w, reason);
	}
	jsonw_object_end(&w);
	n.key = key;
	n.kinds = "AWSUser";
	n.name = json_str(rec, "UserName");
	n.attrs = attrs.buf;
	if (aws_principal_time(a, rec, "CreateDate", path, &n.life.created_at,
	    errp) == -1)
		goto out;
	if ((rc = import_node(a->imp, &n)) == 0)
		rc = import_warn(a->imp, path, errp, "user %s is listed twice; "
		    "the first is kept", json_str(rec, "Arn"));
	else if (rc == 1)
		rc = 0;
out:
	strbuf_free(&attrs);
out_reason:
	free(reason);
	return rc;
}

int
aws_principal_user(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	struct aws_authz		*a = ctx;
	struct aws_principal_docs	 d;
	const char			*arn;
	char				*key;
	size_t				 count;
	int				 rc = 0;

	if (aws_principal_check(a, rec, path, problem, "user", &rc, errp))
		return rc;
	arn = json_str(rec, "Arn");
	key = xasprintf("aws:%s", arn);
	memset(&d, 0, sizeof(d));
	if (aws_principal_user_node(a, rec, path, key, errp) == -1 ||
	    aws_principal_policies(a, rec, path, arn, key, "UserPolicyList",
	    &d, errp) == -1 ||
	    aws_principal_groups(a, rec, arn, key, &d) == -1)
		rc = -1;
	else
		aws_grant_overrides(a, arn, d.v, d.n, &count);
	aws_principal_docs_free(&d);
	free(key);
	return rc;
}

/* Emit the instance profiles of a role, each once, with runs_as edges. */
static int
aws_principal_profiles(struct aws_authz *a, const cJSON *rec,
    const char *path, char **errp)
{
	const cJSON		*p, *r;
	struct record_node	 n;
	struct strbuf		 attrs;
	struct jsonw		 w;
	char			*key, *rkey;
	int			 rc = 0;

	strbuf_init(&attrs);
	cJSON_ArrayForEach(p, json_get(rec, "InstanceProfileList")) {
		if (json_str(p, "Arn") == NULL)
			continue;
		key = xasprintf("aws:%s", json_str(p, "Arn"));
		if (!aws_authz_once(a, key)) {
			free(key);
			continue;
		}
		record_node_init(&n);
		strbuf_reset(&attrs);
		jsonw_init(&w, &attrs, 0);
		jsonw_object_begin(&w);
		aws_principal_attrs(p, "InstanceProfileId", &w, &n.owner,
		    &n.environment);
		jsonw_object_end(&w);
		n.key = key;
		n.kind = KIND_NODE_WORKLOAD;
		n.kinds = "AWSInstanceProfile";
		n.name = json_str(p, "InstanceProfileName");
		n.attrs = attrs.buf;
		rc = aws_principal_time(a, p, "CreateDate", path,
		    &n.life.created_at, errp);
		if (rc == 0 && import_node(a->imp, &n) == -1)
			rc = -1;
		cJSON_ArrayForEach(r, json_get(p, "Roles")) {
			if (rc == -1 || json_str(r, "Arn") == NULL)
				continue;
			rkey = xasprintf("aws:%s", json_str(r, "Arn"));
			rc = aws_principal_edge(a, key, rkey,
			    KIND_EDGE_RUNS_AS, "InstanceProfileRole", 0);
			free(rkey);
		}
		free(key);
		if (rc == -1)
			break;
	}
	strbuf_free(&attrs);
	return rc;
}

/* Role attributes and dates besides the trust summary. */
static int
aws_principal_role_attrs(struct aws_authz *a, const cJSON *rec,
    const char *path, struct record_node *n, struct jsonw *w, char **errp)
{
	const cJSON	*used = json_get(rec, "RoleLastUsed");
	const char	*v;
	int64_t		 max;

	aws_principal_attrs(rec, "RoleId", w, &n->owner, &n->environment);
	if ((v = json_str(rec, "Description")) != NULL) {
		jsonw_key(w, "description");
		jsonw_str(w, v);
	}
	if (json_int(rec, "MaxSessionDuration", &max) == 1) {
		jsonw_key(w, "max_session_seconds");
		jsonw_int(w, max);
	}
	if ((v = json_str(rec, "Path")) != NULL &&
	    strncmp(v, "/aws-service-role/", 18) == 0) {
		jsonw_key(w, "service_linked");
		jsonw_bool(w, 1);
	}
	if (cJSON_IsObject(used) && json_get(used, "LastUsedDate") == NULL) {
		/* AWS leaves it empty when unused in its tracking window. */
		n->life.last_used_at = TSTAMP_NEVER;
		jsonw_key(w, "last_used_note");
		jsonw_str(w, "no use reported in the IAM tracking window "
		    "(400 days)");
	}
	if ((v = json_str(used, "Region")) != NULL) {
		jsonw_key(w, "last_used_region");
		jsonw_str(w, v);
	}
	if (aws_principal_time(a, rec, "CreateDate", path, &n->life.created_at,
	    errp) == -1)
		return -1;
	return aws_principal_time(a, used, "LastUsedDate", path,
	    &n->life.last_used_at, errp);
}

/* Emit the role node with its trust edges. */
static int
aws_principal_role_node(struct aws_authz *a, const cJSON *rec,
    const char *path, const char *arn, const char *key, char **errp)
{
	struct record_node	 n;
	struct aws_document	 trust;
	struct strbuf		 attrs;
	struct jsonw		 w;
	char			*tpath;
	int			 rc = -1;

	memset(&trust, 0, sizeof(trust));
	strbuf_init(&attrs);
	record_node_init(&n);
	tpath = xasprintf("%s.AssumeRolePolicyDocument", path);
	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	if (aws_principal_role_attrs(a, rec, path, &n, &w, errp) == -1)
		goto out;
	if (json_get(rec, "AssumeRolePolicyDocument") != NULL &&
	    aws_policy_parse(a->imp, json_get(rec, "AssumeRolePolicyDocument"),
	    tpath, AWS_POLICY_TRUST, &trust, errp) == -1)
		goto out;
	if (aws_trust_role(a, tpath, arn, key, &trust, &w, errp) == -1)
		goto out;
	jsonw_object_end(&w);
	n.key = key;
	n.kind = KIND_NODE_ROLE;
	n.kinds = "AWSRole";
	n.name = json_str(rec, "RoleName");
	n.attrs = attrs.buf;
	if ((rc = import_node(a->imp, &n)) == 0)
		rc = import_warn(a->imp, path, errp, "role %s is listed twice; "
		    "the first is kept", arn);
	else if (rc == 1)
		rc = 0;
out:
	aws_policy_free(&trust);
	strbuf_free(&attrs);
	free(tpath);
	return rc;
}

int
aws_principal_role(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	struct aws_authz		*a = ctx;
	struct aws_principal_docs	 d;
	const char			*arn;
	char				*key;
	size_t				 count;
	int				 rc = 0;

	if (aws_principal_check(a, rec, path, problem, "role", &rc, errp))
		return rc;
	arn = json_str(rec, "Arn");
	key = xasprintf("aws:%s", arn);
	memset(&d, 0, sizeof(d));
	if (aws_principal_role_node(a, rec, path, arn, key, errp) == -1 ||
	    aws_principal_profiles(a, rec, path, errp) == -1 ||
	    aws_principal_policies(a, rec, path, arn, key, "RolePolicyList",
	    &d, errp) == -1)
		rc = -1;
	else
		aws_grant_overrides(a, arn, d.v, d.n, &count);
	aws_principal_docs_free(&d);
	free(key);
	return rc;
}
