/*
 * Trust policies: who can assume a role (see aws_authz.h).
 *
 * Each Allow statement whose actions reach sts:AssumeRole,
 * sts:AssumeRoleWithWebIdentity or sts:AssumeRoleWithSAML gives an edge
 * to the role from each principal it names:
 *
 *   - AWS principals: an account ("123456789012" or its root ARN) is the
 *     account node, a user or role ARN is that node, "*" is the node
 *     aws:principal:* (anyone), and a unique id such as AROA... (AWS shows
 *     one where the principal was deleted) is a "deleted principal" node;
 *     the edge is can_assume, with source kind AssumeRole,
 *     AssumeRoleCrossAccount or AssumeRolePublic;
 *   - service principals (ec2.amazonaws.com, ...): a workload node
 *     aws:service-principal:<name>, can_assume;
 *   - OIDC and SAML providers: federates, source kind
 *     AssumeRoleWebIdentity or AssumeRoleSAML, with the subject (for
 *     GitHub Actions the repository and branch) from the conditions on
 *     the edge's attributes.
 *
 * NotPrincipal trusts everyone but the list and is public. A Deny
 * statement gives a limits edge (DenyAssume), never followed.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws_arn.h"
#include "aws_authz.h"
#include "aws_privilege.h"
#include "import.h"
#include "jsonw.h"
#include "xalloc.h"

#define AWS_TRUST_GITHUB	"token.actions.githubusercontent.com"

/* Summary of a role's trust, for its attributes. */
struct aws_trust_summary {
	int		 public_trust;
	struct strbuf	 cross;		/* JSON array items */
	struct strbuf	 services;
	struct strbuf	 federated;
};

/* One principal of a statement, resolved to a node. */
struct aws_trust_from {
	char		*key;
	const char	*raw;
	const char	*trust;		/* "same-account", "public", ... */
	enum kind_edge	 kind;
};

/* Which assume actions the statement allows: 1 AWS, 2 web, 4 SAML. */
static int
aws_trust_actions(const struct aws_statement *st)
{
	static const char *const names[] = {
		"sts:AssumeRole", "sts:AssumeRoleWithWebIdentity",
		"sts:AssumeRoleWithSAML"
	};
	size_t	 i, j;
	int	 mask = 0, hit;

	for (i = 0; i < 3; i++) {
		hit = st->not_action;
		for (j = 0; j < st->actions.n; j++) {
			if (st->not_action && aws_privilege_glob_match(
			    st->actions.v[j], names[i], 1))
				hit = 0;
			if (!st->not_action && aws_privilege_glob_match(
			    st->actions.v[j], names[i], 1))
				hit = 1;
		}
		if (hit)
			mask |= 1 << i;
	}
	return mask;
}

/* Write a comma-joined list of JSON items as an array value. */
static void
aws_trust_write_list(struct jsonw *w, const char *name,
    const struct strbuf *items)
{
	struct strbuf	 arr;

	strbuf_init(&arr);
	strbuf_addf(&arr, "[%s]", items->buf != NULL ? items->buf : "");
	jsonw_key(w, name);
	jsonw_raw(w, arr.buf);
	strbuf_free(&arr);
}

/* Add s as a JSON string item to a comma-joined list, once. */
static void
aws_trust_list_add(struct strbuf *list, const char *s)
{
	struct strbuf	 item;

	strbuf_init(&item);
	jsonw_escape(&item, s, strlen(s));
	if (list->len == 0 || strstr(list->buf, item.buf) == NULL) {
		if (list->len > 0)
			strbuf_addch(list, ',');
		strbuf_addstr(list, item.buf);
	}
	strbuf_free(&item);
}

static int
aws_trust_node(struct aws_authz *a, const char *key, enum kind_node kind,
    const char *kinds, const char *name, const char *attrs)
{
	struct record_node	 n;

	if (!aws_authz_once(a, key))
		return 0;
	record_node_init(&n);
	n.key = key;
	n.kind = kind;
	n.kinds = kinds;
	n.name = name;
	n.attrs = attrs;
	return import_node(a->imp, &n) == -1 ? -1 : 0;
}

/* Resolve an AWS principal: account, ARN, "*" or a unique id. */
static int
aws_trust_aws(struct aws_authz *a, const char *v, const char *role_account,
    struct aws_trust_from *f, struct aws_trust_summary *sum, char **errp)
{
	struct aws_arn	 arn;
	char		*name, *attrs;
	const char	*acct = NULL, *part = "aws";
	size_t		 acct_len = 0, part_len = 3;
	int		 rc;

	f->kind = KIND_EDGE_CAN_ASSUME;
	f->raw = "AssumeRole";
	f->trust = "same-account";
	if (strcmp(v, "*") == 0) {
		f->key = xstrdup("aws:principal:*");
		f->raw = "AssumeRolePublic";
		f->trust = "public";
		sum->public_trust = 1;
		return aws_trust_node(a, f->key, KIND_NODE_GROUP,
		    "AWSAnyPrincipal", "any AWS principal (*)", NULL);
	}
	if (aws_arn_is_account_id(v, strlen(v))) {
		acct = v;
		acct_len = 12;
	} else if (aws_arn_parse(v, &arn) == 0) {
		part = arn.partition;
		part_len = arn.partition_len;
		if (aws_arn_is_account_id(arn.account, arn.account_len)) {
			acct = arn.account;
			acct_len = 12;
		}
		if (acct == NULL || strcmp(arn.resource, "root") != 0)
			f->key = xasprintf("aws:%s", v);
	} else if (aws_arn_is_unique_id(v)) {
		f->key = xasprintf("aws:deleted:%s", v);
		name = xasprintf("deleted %s %s", aws_arn_unique_id_type(v), v);
		attrs = xasprintf("{\"deleted\":true,\"unique_id\":\"%s\"}", v);
		rc = aws_trust_node(a, f->key, KIND_NODE_OTHER,
		    "AWSDeletedPrincipal", name, attrs);
		free(name);
		free(attrs);
		f->trust = "deleted";
		return rc;
	} else
		return 1;

	if (acct != NULL && (role_account == NULL ||
	    strncmp(acct, role_account, 12) != 0)) {
		char	 id[13];

		f->raw = "AssumeRoleCrossAccount";
		f->trust = "cross-account";
		memcpy(id, acct, 12);
		id[12] = '\0';
		aws_trust_list_add(&sum->cross, id);
	}
	if (f->key == NULL)
		return aws_authz_account(a, part, part_len, acct, acct_len,
		    &f->key, errp);
	return 0;
}

/* Resolve a federated principal: an OIDC or SAML provider. */
static int
aws_trust_federated(struct aws_authz *a, const char *v, int actions,
    struct aws_trust_from *f, struct aws_trust_summary *sum)
{
	struct aws_arn	 arn;
	const char	*host = v, *kinds = "AWSWebIdentityProvider";
	int		 saml = (actions & 4) && !(actions & 2);

	f->kind = KIND_EDGE_FEDERATES;
	f->trust = "federated";
	if (aws_arn_parse(v, &arn) == 0) {
		f->key = xasprintf("aws:%s", v);
		if (strncmp(arn.resource, "oidc-provider/", 14) == 0) {
			host = arn.resource + 14;
			kinds = "AWSOIDCProvider";
		} else if (strncmp(arn.resource, "saml-provider/", 14) == 0) {
			host = arn.resource + 14;
			kinds = "AWSSAMLProvider";
			saml = 1;
		}
	} else
		f->key = xasprintf("aws:federated:%s", v);
	f->raw = saml ? "AssumeRoleSAML" : "AssumeRoleWebIdentity";
	aws_trust_list_add(&sum->federated, host);
	return aws_trust_node(a, f->key, KIND_NODE_SYSTEM, kinds, host, NULL);
}

/*
 * Write the subject conditions of a web identity edge into w: the
 * values of any "<provider>:sub" key, and for GitHub Actions the
 * repositories they name. Without a subject condition any identity of
 * the provider can assume the role, which is written as a warning
 * and makes the trust public. A GitHub subject reads
 * "repo:<owner>/<repository>:ref:refs/heads/<branch>" (or ":environment:"
 * or ":pull_request" in place of the ref).
 */
static void
aws_trust_subject(const char *conditions, const char *provider_key,
    struct jsonw *w, int *public_trust)
{
	cJSON		*c = NULL;
	const cJSON	*op, *key, *val;
	struct strbuf	 subjects, repos, branches;
	const char	*s, *end;
	char		*err = NULL, *repo;
	int		 github;

	github = strstr(provider_key, AWS_TRUST_GITHUB) != NULL;

	strbuf_init(&subjects);
	strbuf_init(&repos);
	strbuf_init(&branches);
	if (conditions != NULL)
		c = json_parse(conditions, strlen(conditions), "conditions",
		    NULL, &err);
	free(err);
	cJSON_ArrayForEach(op, c) {
		cJSON_ArrayForEach(key, op) {
			size_t	 len = strlen(key->string);

			if (len < 4 || strcasecmp(key->string + len - 4,
			    ":sub") != 0)
				continue;
			cJSON_ArrayForEach(val, key) {
				aws_trust_list_add(&subjects, val->valuestring);
				s = val->valuestring;
				if (!github || strncmp(s, "repo:", 5) != 0)
					continue;
				s += 5;
				end = s + strcspn(s, ":");
				repo = xstrndup(s, (size_t)(end - s));
				aws_trust_list_add(&repos, repo);
				free(repo);
				if (strncmp(end, ":ref:refs/heads/", 16) == 0)
					aws_trust_list_add(&branches,
					    end + 16);
			}
		}
	}
	if (subjects.len > 0)
		aws_trust_write_list(w, "subject", &subjects);
	else {
		jsonw_key(w, "warning");
		jsonw_str(w, "no sub condition: any identity the provider "
		    "issues can assume the role");
		*public_trust = 1;
	}
	if (repos.len > 0)
		aws_trust_write_list(w, "github_repository", &repos);
	if (branches.len > 0)
		aws_trust_write_list(w, "github_branch", &branches);
	if (c != NULL)
		cJSON_Delete(c);
	strbuf_free(&subjects);
	strbuf_free(&repos);
	strbuf_free(&branches);
}

/* Emit the edge from one principal of a statement to the role. */
static int
aws_trust_edge(struct aws_authz *a, const struct aws_statement *st,
    const struct aws_trust_from *f, const char *role_key,
    struct aws_trust_summary *sum)
{
	struct record_edge	 e;
	struct strbuf		 attrs;
	struct jsonw		 w;
	int			 rc;

	strbuf_init(&attrs);
	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "trust");
	jsonw_str(&w, st->not_principal ? "public" : f->trust);
	if (st->sid != NULL) {
		jsonw_key(&w, "sid");
		jsonw_str(&w, st->sid);
	}
	if (f->kind == KIND_EDGE_FEDERATES && st->effect == AWS_ALLOW)
		aws_trust_subject(st->conditions, f->key, &w,
		    &sum->public_trust);
	jsonw_object_end(&w);

	record_edge_init(&e);
	e.src = f->key;
	e.dst = role_key;
	e.kind = f->kind;
	e.raw = f->raw;
	e.conditions = st->conditions;
	e.attrs = attrs.buf;
	if (st->conditions != NULL)
		e.flags |= RECORD_EDGE_CONDITIONAL;
	if (st->effect == AWS_DENY) {
		e.kind = KIND_EDGE_LIMITS;
		e.raw = "DenyAssume";
		e.flags |= RECORD_EDGE_NOT_TRAVERSABLE;
	}
	rc = import_edge(a->imp, &e);
	strbuf_free(&attrs);
	return rc;
}

/* Resolve one principal of a statement and emit its edge. */
static int
aws_trust_principal(struct aws_authz *a, const char *path,
    const struct aws_statement *st,
    const struct aws_principal *p, int actions, const char *role_account,
    const char *role_key, struct aws_trust_summary *sum, char **errp)
{
	struct aws_trust_from	 f;
	int			 rc = 0;

	memset(&f, 0, sizeof(f));
	switch (p->type) {
	case AWS_PRINCIPAL_AWS:
		rc = aws_trust_aws(a, p->value, role_account, &f, sum, errp);
		break;
	case AWS_PRINCIPAL_SERVICE:
		f.key = xasprintf("aws:service-principal:%s", p->value);
		f.kind = KIND_EDGE_CAN_ASSUME;
		f.raw = "AssumeRole";
		f.trust = "service";
		aws_trust_list_add(&sum->services, p->value);
		rc = aws_trust_node(a, f.key, KIND_NODE_WORKLOAD,
		    "AWSServicePrincipal", p->value, NULL);
		break;
	case AWS_PRINCIPAL_FEDERATED:
		rc = aws_trust_federated(a, p->value, actions, &f, sum);
		break;
	case AWS_PRINCIPAL_CANONICAL:
		f.key = xasprintf("aws:canonical-user:%s", p->value);
		f.kind = KIND_EDGE_CAN_ASSUME;
		f.raw = "AssumeRoleCrossAccount";
		f.trust = "cross-account";
		rc = aws_trust_node(a, f.key, KIND_NODE_OTHER,
		    "AWSCanonicalUser", p->value, NULL);
		break;
	}
	if (rc == 1) {
		rc = import_warn(a->imp, path, errp, "Statement[%zu]: "
		    "principal \"%s\" is not an ARN, account id or unique "
		    "id; skipped", st->index, p->value);
		goto out;
	}
	if (rc == 0 && st->not_principal) {
		free(f.key);
		f.key = xstrdup("aws:principal:*");
		f.raw = "AssumeRolePublic";
		sum->public_trust = st->effect == AWS_ALLOW;
		rc = aws_trust_node(a, f.key, KIND_NODE_GROUP,
		    "AWSAnyPrincipal", "any AWS principal (*)", NULL);
	}
	if (rc == 0)
		rc = aws_trust_edge(a, st, &f, role_key, sum);
out:
	free(f.key);
	return rc;
}

static void
aws_trust_summary_write(const struct aws_trust_summary *sum,
    struct jsonw *w)
{
	const struct strbuf	*lists[] = {
		&sum->cross, &sum->services, &sum->federated
	};
	const char		*names[] = {
		"trust_cross_account", "trust_services", "trust_federated"
	};
	size_t			 i;

	jsonw_key(w, "trust_public");
	jsonw_bool(w, sum->public_trust);
	for (i = 0; i < 3; i++) {
		if (lists[i]->len > 0)
			aws_trust_write_list(w, names[i], lists[i]);
	}
}

int
aws_trust_role(struct aws_authz *a, const char *path, const char *role_arn,
    const char *role_key, const struct aws_document *trust,
    struct jsonw *attrs, char **errp)
{
	struct aws_trust_summary	 sum;
	const struct aws_statement	*st;
	char				 acct_buf[13];
	const char			*role_account;
	size_t				 i, j;
	int				 actions, rc = 0;

	memset(&sum, 0, sizeof(sum));
	role_account = aws_arn_account_of(role_arn, acct_buf);
	for (i = 0; i < trust->n && rc == 0; i++) {
		st = &trust->v[i];
		if ((actions = aws_trust_actions(st)) == 0)
			continue;
		for (j = 0; j < st->nprincipals && rc == 0; j++)
			rc = aws_trust_principal(a, path, st,
			    &st->principals[j], actions, role_account,
			    role_key, &sum, errp);
	}
	aws_trust_summary_write(&sum, attrs);
	strbuf_free(&sum.cross);
	strbuf_free(&sum.services);
	strbuf_free(&sum.federated);
	return rc;
}
