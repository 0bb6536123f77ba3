/*
 * Who can revoke a credential (see revoke.h): its platform, its owners,
 * the scope it lives in (the identity it signs in as, the systems that
 * contain it), the rights that rotate or delete it there, and the
 * identities that reach those rights, found by one walk against the
 * edges from all of them at once.
 *
 * A right is matched on what the sources give: AWS actions and
 * resources as IAM patterns, Kubernetes verbs and resources with the
 * namespace in the privilege's key (or the systems it applies to), the
 * GitHub roles GitHound keys by "<node id>_admin" and "<node id>_owners",
 * Entra directory roles by their template ids, GCP roles by name or
 * by the permissions a custom role lists.
 */
#include "revoke.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base64.h"
#include "hmap.h"
#include "join.h"
#include "model.h"
#include "nodeattr.h"
#include "reach.h"
#include "strbuf.h"
#include "xalloc.h"

/* The attributes rights are judged on, in enum revoke_attr order. */
static const char *const revoke_attr_names[] = {
	"action", "action_except", "resource", "resource_except", "effect",
	"verbs", "role", "permissions"
};

enum revoke_attr {
	REVOKE_ATTR_ACTION,
	REVOKE_ATTR_ACTION_EXCEPT,
	REVOKE_ATTR_RESOURCE,
	REVOKE_ATTR_RESOURCE_EXCEPT,
	REVOKE_ATTR_EFFECT,
	REVOKE_ATTR_VERBS,
	REVOKE_ATTR_ROLE,
	REVOKE_ATTR_PERMISSIONS,
	REVOKE_ATTR_COUNT
};

/* Values of one attribute read for a match; more are ignored. */
#define REVOKE_VALUES	32

/* Nodes a scope holds: the credential, its identity, its systems. */
#define REVOKE_SCOPE	32

/* Entra directory roles that manage application credentials. */
static const char *const revoke_entra_roles[] = {
	"entra:62e90394-69f5-4237-9190-012177145e10",	/* Global Admin. */
	"entra:9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",	/* Application Adm. */
	"entra:158c047a-c907-4556-b7ef-446551a6b5f7",	/* Cloud App. Adm. */
	NULL
};

/* GCP predefined roles that hold iam.serviceAccountKeys.delete. */
static const char *const revoke_gcp_roles[] = {
	"roles/owner", "roles/editor", "roles/iam.serviceAccountKeyAdmin",
	NULL
};

struct revoke_index {
	const struct model	*m;
	struct nodeattr		*na;
	int			 attr[REVOKE_ATTR_COUNT];
	uint32_t		*cand[REVOKE_NPLATFORMS]; /* privileges and
						   roles that may be rights,
						   per platform */
	size_t			 ncand[REVOKE_NPLATFORMS];
	struct hmap		*walks;		/* rights -> holders + 1 */
};

/* Every IAM call that revokes some AWS credential type. */
static const char *const revoke_aws_calls[] = {
	"iam:DeleteAccessKey", "iam:UpdateAccessKey", "iam:CreateAccessKey",
	"iam:DeleteLoginProfile", "iam:UpdateLoginProfile",
	"iam:DeleteSigningCertificate", "iam:UpdateSigningCertificate", NULL
};

/* The credential being judged and where it lives. */
struct revoke_scope {
	const struct revoke_index	*ix;
	size_t				 v;
	enum revoke_platform		 platform;
	int64_t				 identity;
	uint32_t			 node[REVOKE_SCOPE];
	size_t				 n;
	const char			*actions[4];	/* AWS calls */
	char				 account[32];	/* AWS, or "" */
};

static const char *const revoke_platform_names[REVOKE_NPLATFORMS] = {
	"aws", "kubernetes", "github", "entra", "gcp", "other"
};

const char *
revoke_platform_name(enum revoke_platform p)
{
	return (unsigned)p < REVOKE_NPLATFORMS ? revoke_platform_names[p] :
	    "other";
}

static int
revoke_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

enum revoke_platform
revoke_platform_of(const struct model *m, size_t v)
{
	const char	*key = m->key[v];

	if (revoke_prefix(key, "aws:"))
		return REVOKE_AWS;
	if (revoke_prefix(key, "k8s:") || strstr(key, ":k8s:") != NULL)
		return REVOKE_K8S;
	if (revoke_prefix(key, "github:"))
		return REVOKE_GITHUB;
	if (revoke_prefix(key, "entra:"))
		return REVOKE_ENTRA;
	if (revoke_prefix(key, "gcp:"))
		return REVOKE_GCP;
	if (strcasestr(model_label(m, m->credential_type[v]), "access_key") !=
	    NULL || strcasestr(model_label(m, m->kinds[v]), "AccessKey") !=
	    NULL)
		return REVOKE_AWS;
	return REVOKE_OTHER;
}

static int	revoke_kind_right(const struct revoke_index *, int platform,
		    size_t r);

int
revoke_index_create(struct store *s, const struct model *m,
    const struct cancel *c, struct revoke_index **out, char **errp)
{
	struct revoke_index	*ix = xcalloc(1, sizeof(*ix));
	size_t			 i, v;
	int			 rc, p;

	*out = NULL;
	ix->m = m;
	rc = nodeattr_load(s, m, revoke_attr_names, REVOKE_ATTR_COUNT, c,
	    &ix->na, errp);
	if (rc != 0) {
		free(ix);
		return rc;
	}
	for (i = 0; i < REVOKE_ATTR_COUNT; i++)
		ix->attr[i] = nodeattr_index(ix->na, revoke_attr_names[i]);
	for (v = 0; v < m->nnodes; v++) {
		if (m->kind[v] != KIND_NODE_PRIVILEGE &&
		    m->kind[v] != KIND_NODE_ROLE)
			continue;
		for (p = 0; p < REVOKE_NPLATFORMS; p++) {
			if (!revoke_kind_right(ix, p, v))
				continue;
			ix->cand[p] = xreallocarray(ix->cand[p],
			    ix->ncand[p] + 1, sizeof(*ix->cand[p]));
			ix->cand[p][ix->ncand[p]++] = (uint32_t)v;
		}
	}
	ix->walks = hmap_create(64);
	*out = ix;
	return 0;
}

void
revoke_index_free(struct revoke_index *ix)
{
	size_t	 p;

	if (ix == NULL)
		return;
	nodeattr_free(ix->na);
	for (p = 0; p < REVOKE_NPLATFORMS; p++)
		free(ix->cand[p]);
	hmap_free(ix->walks);
	free(ix);
}

static void
revoke_scope_add(struct revoke_scope *sc, size_t v)
{
	size_t	 i;

	for (i = 0; i < sc->n; i++) {
		if (sc->node[i] == v)
			return;
	}
	if (sc->n < REVOKE_SCOPE)
		sc->node[sc->n++] = (uint32_t)v;
}

static int
revoke_in_scope(const struct revoke_scope *sc, size_t v)
{
	size_t	 i;

	for (i = 0; i < sc->n; i++) {
		if (sc->node[i] == v)
			return 1;
	}
	return 0;
}

/* Add the systems with an edge of kind k into v. */
static void
revoke_scope_up(struct revoke_scope *sc, size_t v, enum kind_edge k)
{
	const struct model	*m = sc->ix->m;
	size_t			 first, count, e, u;

	model_in_kind(m, v, k, &first, &count);
	for (e = first; e < first + count; e++) {
		u = m->esrc[m->in_edge[e]];
		if (m->kind[u] == KIND_NODE_SYSTEM)
			revoke_scope_add(sc, u);
	}
}

/*
 * Fill the scope: the credential, its identity, where it is stored, a
 * deploy key's repository, then every system that contains or owns one
 * of them (incoming related or owns edges from systems, such as a
 * project containing a service account or an organisation owning a
 * repository). Systems
 * that merely use the credential are left out: a repository that reads
 * an organisation secret cannot delete it.
 */
static void
revoke_scope_fill(struct revoke_scope *sc)
{
	const struct model	*m = sc->ix->m;
	size_t			 first, count, i, e;

	revoke_scope_add(sc, sc->v);
	if (sc->identity >= 0)
		revoke_scope_add(sc, (size_t)sc->identity);
	model_out_kind(m, sc->v, KIND_EDGE_STORED_IN, &first, &count);
	for (e = first; e < first + count; e++)
		revoke_scope_add(sc, m->edst[e]);
	if (strstr(m->key[sc->v], "GH_DeployKey_") != NULL) {
		model_out_kind(m, sc->v, KIND_EDGE_GRANTS, &first, &count);
		for (e = first; e < first + count; e++) {
			if (m->kind[m->edst[e]] == KIND_NODE_SYSTEM)
				revoke_scope_add(sc, m->edst[e]);
		}
	}
	for (i = 0; i < sc->n; i++) {
		revoke_scope_up(sc, sc->node[i], KIND_EDGE_RELATED);
		revoke_scope_up(sc, sc->node[i], KIND_EDGE_OWNS);
	}
}

/* The identity credential v authenticates as, or -1. */
static int64_t
revoke_identity(const struct model *m, size_t v)
{
	size_t	 first, count;

	model_out_kind(m, v, KIND_EDGE_AUTHENTICATES_AS, &first, &count);
	return count > 0 ? (int64_t)m->edst[first] : -1;
}

/* Pick the IAM calls that revoke an AWS credential of v's type. */
static void
revoke_aws_actions(struct revoke_scope *sc)
{
	const struct model	*m = sc->ix->m;
	const char		*key = m->key[sc->v];
	const char		*type = model_label(m, m->credential_type[sc->v]);
	const char		*arn, *colon;
	size_t			 len;

	if (strstr(key, "#password") != NULL ||
	    strcasestr(type, "password") != NULL) {
		sc->actions[0] = "iam:DeleteLoginProfile";
		sc->actions[1] = "iam:UpdateLoginProfile";
	} else if (strstr(key, "#signing_cert") != NULL ||
	    strcasestr(type, "certificate") != NULL) {
		sc->actions[0] = "iam:DeleteSigningCertificate";
		sc->actions[1] = "iam:UpdateSigningCertificate";
	} else {
		sc->actions[0] = "iam:DeleteAccessKey";
		sc->actions[1] = "iam:UpdateAccessKey";
		sc->actions[2] = "iam:CreateAccessKey";
	}

	/* The account of a native key: aws:arn:aws:iam::<account>:... */
	if (!revoke_prefix(key, "aws:arn:") ||
	    (arn = strstr(key, ":iam::")) == NULL)
		return;
	arn += 6;
	if ((colon = strchr(arn, ':')) == NULL ||
	    (len = (size_t)(colon - arn)) == 0 || len >= sizeof(sc->account))
		return;
	memcpy(sc->account, arn, len);
	sc->account[len] = '\0';
}

/* 1 when a value of attribute a on v matches text as an IAM pattern. */
static int
revoke_attr_glob(const struct revoke_index *ix, enum revoke_attr a, size_t v,
    const char *text)
{
	const char	*vals[REVOKE_VALUES];
	size_t		 n, i;

	n = nodeattr_values(ix->na, ix->attr[a], v, vals, REVOKE_VALUES);
	if (n > REVOKE_VALUES)
		n = REVOKE_VALUES;
	for (i = 0; i < n; i++) {
		if (join_glob(vals[i], text, 1))
			return 1;
	}
	return 0;
}

/*
 * 1 when pattern attribute a (or its "except" form b, which matches
 * what it does not list) of v matches text. Neither present matches
 * only when absent_ok is set.
 */
static int
revoke_attr_match(const struct revoke_index *ix, enum revoke_attr a,
    enum revoke_attr b, size_t v, const char *text, int absent_ok)
{
	if (nodeattr_get(ix->na, ix->attr[a], v) != NULL)
		return revoke_attr_glob(ix, a, v, text);
	if (nodeattr_get(ix->na, ix->attr[b], v) != NULL)
		return !revoke_attr_glob(ix, b, v, text);
	return absent_ok;
}

static int	revoke_targets_scope(const struct revoke_scope *, size_t);

/* An AWS right: an allowed revoking call on the identity's ARN. */
static int
revoke_aws_right(const struct revoke_scope *sc, size_t r)
{
	const struct revoke_index	*ix = sc->ix;
	const struct model		*m = ix->m;
	const char			*arn = "*";
	size_t				 i;
	int				 any = 0;

	if (m->kind[r] != KIND_NODE_PRIVILEGE ||
	    revoke_prefix(m->key[r], "aws:priv:deny:") ||
	    nodeattr_has(ix->na, ix->attr[REVOKE_ATTR_EFFECT], r, "deny"))
		return 0;
	for (i = 0; i < 4 && sc->actions[i] != NULL; i++) {
		if (revoke_attr_match(ix, REVOKE_ATTR_ACTION,
		    REVOKE_ATTR_ACTION_EXCEPT, r, sc->actions[i], 0))
			any = 1;
	}
	if (!any)
		return 0;
	/*
	 * A privilege an AWS export did not describe names no resource
	 * ARN: it counts only where it applies to the scope.
	 */
	if (!revoke_prefix(m->key[r], "aws:"))
		return revoke_targets_scope(sc, r);
	if (sc->identity >= 0 &&
	    revoke_prefix(m->key[sc->identity], "aws:arn:"))
		arn = m->key[sc->identity] + 4;
	return revoke_attr_match(ix, REVOKE_ATTR_RESOURCE,
	    REVOKE_ATTR_RESOURCE_EXCEPT, r, arn, 1);
}

/*
 * 1 when the native Kubernetes privilege key pkey covers the secret
 * skey (same cluster, its namespace or cluster-wide, no resourceNames
 * or its name among them), 0 when not, -1 when either is not native.
 */
static int
revoke_k8s_key_scope(const char *pkey, const char *skey)
{
	const char	*p, *s, *names, *sname;
	size_t		 len;

	/* k8s:<cluster>:<ns>:privilege:<verbs>|<groups>|<res>|<names> */
	if ((p = strstr(pkey, ":privilege:")) == NULL ||
	    (s = strstr(skey, ":secret:")) == NULL)
		return -1;
	len = (size_t)(s - skey);
	sname = s + strlen(":secret:");
	if (pkey[(size_t)(p - pkey) - 1] != ':') {
		/* A namespaced rule: the cluster and namespace must match. */
		if ((size_t)(p - pkey) != len ||
		    strncmp(pkey, skey, len) != 0)
			return 0;
	} else {
		/* Cluster-wide: "k8s:<cluster>:" must match. */
		if (strncmp(pkey, skey, (size_t)(p - pkey)) != 0)
			return 0;
	}
	names = strrchr(p, '|');
	if (names == NULL || strchr(p, '|') == names || names[1] == '\0')
		return 1;
	for (names++; *names != '\0'; names += len + (names[len] == ',')) {
		len = strcspn(names, ",");
		if (len == strlen(sname) && strncmp(names, sname, len) == 0)
			return 1;
	}
	return 0;
}

/* 1 when right r applies to or grants a node of the scope. */
static int
revoke_targets_scope(const struct revoke_scope *sc, size_t r)
{
	const struct model	*m = sc->ix->m;
	size_t			 first, count, e;

	model_out(m, r, &first, &count);
	for (e = first; e < first + count; e++) {
		if ((m->ekind[e] == KIND_EDGE_APPLIES_TO ||
		    m->ekind[e] == KIND_EDGE_GRANTS) &&
		    revoke_in_scope(sc, m->edst[e]))
			return 1;
	}
	return 0;
}

/* 1 for a privilege that deletes, updates or patches secrets. */
static int
revoke_k8s_verbs(const struct revoke_index *ix, size_t r)
{
	static const char *const verbs[] = {
		"delete", "deletecollection", "update", "patch", NULL
	};
	size_t	 i;
	int	 verb = 0;

	if (ix->m->kind[r] != KIND_NODE_PRIVILEGE)
		return 0;
	for (i = 0; verbs[i] != NULL && !verb; i++)
		verb = revoke_attr_glob(ix, REVOKE_ATTR_VERBS, r, verbs[i]) ||
		    revoke_attr_glob(ix, REVOKE_ATTR_ACTION, r, verbs[i]);
	return verb && revoke_attr_match(ix, REVOKE_ATTR_RESOURCE,
	    REVOKE_ATTR_RESOURCE_EXCEPT, r, "secrets", 1);
}

/* A Kubernetes right: delete, update or patch secrets in the scope. */
static int
revoke_k8s_right(const struct revoke_scope *sc, size_t r)
{
	const struct model	*m = sc->ix->m;
	int			 scope;

	if (!revoke_k8s_verbs(sc->ix, r))
		return 0;
	scope = revoke_k8s_key_scope(m->key[r], m->key[sc->v]);
	if (scope >= 0)
		return scope;
	return revoke_targets_scope(sc, r);
}

/* An Entra right: a role or Graph permission that manages apps. */
static int
revoke_entra_right(const char *key)
{
	size_t	 i;

	for (i = 0; revoke_entra_roles[i] != NULL; i++) {
		if (strcmp(key, revoke_entra_roles[i]) == 0)
			return 1;
	}
	return revoke_prefix(key, "entra:") &&
	    strstr(key, "#app/Application.ReadWrite.All") != NULL;
}

/* 1 for a GCP role that deletes or disables service account keys. */
static int
revoke_gcp_role(const struct revoke_index *ix, size_t r)
{
	size_t	 i;
	int	 role = 0;

	for (i = 0; revoke_gcp_roles[i] != NULL && !role; i++)
		role = nodeattr_has(ix->na, ix->attr[REVOKE_ATTR_ROLE], r,
		    revoke_gcp_roles[i]);
	if (!role)
		role = revoke_attr_glob(ix, REVOKE_ATTR_PERMISSIONS, r,
		    "iam.serviceAccountKeys.delete") ||
		    revoke_attr_glob(ix, REVOKE_ATTR_PERMISSIONS, r,
		    "iam.serviceAccountKeys.disable");
	return role;
}

/*
 * The part of a right that does not depend on the credential: the IAM
 * calls, verbs, role or key that make node r a right on a platform.
 */
static int
revoke_kind_right(const struct revoke_index *ix, int platform, size_t r)
{
	const struct model	*m = ix->m;
	size_t			 i;

	switch (platform) {
	case REVOKE_AWS:
		if (m->kind[r] != KIND_NODE_PRIVILEGE ||
		    revoke_prefix(m->key[r], "aws:priv:deny:") ||
		    nodeattr_has(ix->na, ix->attr[REVOKE_ATTR_EFFECT], r,
		    "deny"))
			return 0;
		for (i = 0; revoke_aws_calls[i] != NULL; i++) {
			if (revoke_attr_match(ix, REVOKE_ATTR_ACTION,
			    REVOKE_ATTR_ACTION_EXCEPT, r, revoke_aws_calls[i],
			    0))
				return 1;
		}
		return 0;
	case REVOKE_K8S:
		return revoke_k8s_verbs(ix, r);
	case REVOKE_ENTRA:
		return revoke_entra_right(m->key[r]);
	case REVOKE_GCP:
		return revoke_gcp_role(ix, r);
	default:
		return 0;
	}
}

static void
revoke_add_right(struct revoke_result *res, size_t r)
{
	size_t	 i;

	for (i = 0; i < res->nrights; i++) {
		if (res->rights[i] == r)
			return;
	}
	res->rights = xreallocarray(res->rights, res->nrights + 1,
	    sizeof(*res->rights));
	res->rights[res->nrights++] = (uint32_t)r;
}

/*
 * The GitHub rights: the admin role of each repository and the owners
 * role of each organisation in the scope, keyed as GitHound keys them.
 */
static void
revoke_github_rights(const struct revoke_scope *sc, struct revoke_result *res)
{
	const struct model	*m = sc->ix->m;
	struct strbuf		 raw, key;
	const char		*id, *suffix;
	size_t			 i;
	int64_t			 r;

	strbuf_init(&raw);
	strbuf_init(&key);
	for (i = 0; i < sc->n; i++) {
		id = m->key[sc->node[i]];
		if (revoke_prefix(id, "github:R_"))
			suffix = "_admin";
		else if (revoke_prefix(id, "github:O_"))
			suffix = "_owners";
		else
			continue;
		strbuf_reset(&raw);
		strbuf_addf(&raw, "%s%s", id + 7, suffix);
		strbuf_reset(&key);
		strbuf_addstr(&key, "github:");
		base64_encode(raw.buf, raw.len, &key);
		if ((r = model_find(m, key.buf)) >= 0)
			revoke_add_right(res, (size_t)r);
	}
	strbuf_free(&raw);
	strbuf_free(&key);
}

/*
 * Collect the rights of the credential's platform into res: the
 * platform's candidates that also fit this credential.
 */
static void
revoke_rights(const struct revoke_scope *sc, struct revoke_result *res)
{
	const struct revoke_index	*ix = sc->ix;
	size_t				 i, r;
	int				 ok;

	if (sc->platform == REVOKE_GITHUB) {
		revoke_github_rights(sc, res);
		return;
	}
	for (i = 0; i < ix->ncand[sc->platform]; i++) {
		r = ix->cand[sc->platform][i];
		switch (sc->platform) {
		case REVOKE_AWS:
			ok = revoke_aws_right(sc, r);
			break;
		case REVOKE_K8S:
			ok = revoke_k8s_right(sc, r);
			break;
		case REVOKE_GCP:
			ok = revoke_targets_scope(sc, r);
			break;
		default:
			ok = 1;
			break;
		}
		if (ok)
			revoke_add_right(res, r);
	}
}

static void
revoke_add_owner(struct revoke_result *res, size_t u)
{
	size_t	 i;

	for (i = 0; i < res->nowners; i++) {
		if (res->owners[i] == u)
			return;
	}
	if (res->nowners < REVOKE_MAX_OWNERS)
		res->owners[res->nowners++] = (uint32_t)u;
}

/*
 * The owners: owns edges into the credential and into its identity (an
 * Entra application's owners also through its service principal), and
 * the owner attribute, as a node when its text is a key. The text is
 * kept only when no owner node was found, because an owns edge and the
 * attribute usually name the same person (by login and by e-mail).
 */
static void
revoke_owners(const struct revoke_scope *sc, struct revoke_result *res)
{
	const struct model	*m = sc->ix->m;
	size_t			 targets[3], nt = 0, i, first, count, e;
	struct strbuf		 sp;
	const char		*label;
	int64_t			 u;

	targets[nt++] = sc->v;
	if (sc->identity >= 0)
		targets[nt++] = (size_t)sc->identity;
	if (sc->identity >= 0 &&
	    revoke_prefix(m->key[sc->identity], "entra:app:")) {
		strbuf_init(&sp);
		strbuf_addf(&sp, "entra:sp:%s", m->key[sc->identity] + 10);
		if ((u = model_find(m, sp.buf)) >= 0)
			targets[nt++] = (size_t)u;
		strbuf_free(&sp);
	}
	for (i = 0; i < nt; i++) {
		model_in_kind(m, targets[i], KIND_EDGE_OWNS, &first, &count);
		for (e = first; e < first + count; e++)
			revoke_add_owner(res, m->esrc[m->in_edge[e]]);
	}
	for (i = 0; i < nt && res->owner_text == NULL && res->nowners == 0;
	    i++) {
		if (m->owner[targets[i]] == 0)
			continue;
		label = model_label(m, m->owner[targets[i]]);
		if ((u = model_find(m, label)) >= 0)
			revoke_add_owner(res, (size_t)u);
		else
			res->owner_text = label;
	}
}

/* 1 for the kinds listed as revokers: who, not what. */
static int
revoke_is_holder_kind(enum kind_node k)
{
	return k == KIND_NODE_HUMAN || k == KIND_NODE_TEAM ||
	    k == KIND_NODE_GROUP || k == KIND_NODE_SERVICE_ACCOUNT ||
	    k == KIND_NODE_OAUTH_APP;
}

/*
 * 1 when the path from holder v to its right passes through the AWS
 * account of the credential. AWS privilege nodes are shared between
 * accounts, so only a policy, role, group or user of that account makes
 * the right hold there.
 */
static int
revoke_in_account(const struct revoke_scope *sc, const struct reach *r,
    size_t v)
{
	const struct model	*m = sc->ix->m;
	char			 mark[48];
	uint32_t		 path[64];
	size_t			 n, i;

	if (sc->account[0] == '\0')
		return 1;
	snprintf(mark, sizeof(mark), ":%s:", sc->account);
	if (strstr(m->key[v], mark) != NULL)
		return 1;
	n = reach_path(r, v, path, 64);
	if (n > 64)
		return 0;
	for (i = 0; i < n; i++) {
		if (strstr(m->key[m->edst[path[i]]], mark) != NULL ||
		    strstr(m->key[m->esrc[path[i]]], mark) != NULL)
			return 1;
	}
	return 0;
}

/* Walk back from the rights and keep the identities that reach them. */
static int
revoke_holders(const struct revoke_scope *sc, const struct reach_filter *f,
    const struct cancel *c, struct revoke_result *res)
{
	const struct model	*m = sc->ix->m;
	struct reach		 r;
	struct revoke_holder	*h;
	size_t			 i, v;
	int			 rc;

	if (res->nrights == 0)
		return 0;
	reach_init(&r, m);
	rc = reach_run_set(&r, res->rights, res->nrights, 1, f, 0, c);
	if (rc != 0)
		goto out;
	for (i = 0; i < r.count; i++) {
		v = r.order[i];
		if (!revoke_is_holder_kind(m->kind[v]) ||
		    !revoke_in_account(sc, &r, v))
			continue;
		res->holders = xreallocarray(res->holders, res->nholders + 1,
		    sizeof(*res->holders));
		h = &res->holders[res->nholders++];
		h->node = (uint32_t)v;
		h->right = reach_origin(&r, v);
		h->depth = (uint32_t)reach_depth(&r, v);
	}
out:
	reach_free(&r);
	return rc;
}

/* Fill the scope of credential v and its owners and rights. */
static void
revoke_prepare(const struct revoke_index *ix, size_t v,
    struct revoke_scope *sc, struct revoke_result *res)
{
	memset(res, 0, sizeof(*res));
	memset(sc, 0, sizeof(*sc));
	sc->ix = ix;
	sc->v = v;
	sc->platform = revoke_platform_of(ix->m, v);
	sc->identity = revoke_identity(ix->m, v);
	res->platform = sc->platform;
	res->identity = sc->identity;
	if (sc->platform == REVOKE_AWS)
		revoke_aws_actions(sc);
	revoke_scope_fill(sc);
	revoke_owners(sc, res);
	revoke_rights(sc, res);
}

int
revoke_find(const struct revoke_index *ix, size_t v,
    const struct reach_filter *f, const struct cancel *c,
    struct revoke_result *res)
{
	struct revoke_scope	 sc;
	int			 rc;

	revoke_prepare(ix, v, &sc, res);
	if ((rc = revoke_holders(&sc, f, c, res)) != 0) {
		revoke_result_free(res);
		res->platform = sc.platform;
		res->identity = sc.identity;
	}
	return rc;
}

int
revoke_find_path(struct revoke_index *ix, size_t v,
    const struct reach_filter *f, const struct cancel *c,
    struct revoke_result *res)
{
	struct revoke_scope	 sc;
	struct strbuf		 sig;
	uint64_t		 count;
	size_t			 i;
	int			 rc = 0;

	revoke_prepare(ix, v, &sc, res);
	if (res->nowners > 0 || res->owner_text != NULL || res->nrights == 0)
		return 0;

	/* The walk depends only on the rights and the AWS account. */
	strbuf_init(&sig);
	strbuf_addstr(&sig, sc.account);
	for (i = 0; i < res->nrights; i++)
		strbuf_addf(&sig, ",%u", res->rights[i]);
	if (hmap_get(ix->walks, sig.buf, sig.len, &count)) {
		res->nholders = (size_t)count;
		goto out;
	}
	if ((rc = revoke_holders(&sc, f, c, res)) != 0)
		goto out;
	hmap_put(ix->walks, sig.buf, sig.len, res->nholders);
	free(res->holders);
	res->holders = NULL;
out:
	strbuf_free(&sig);
	return rc;
}

void
revoke_result_free(struct revoke_result *res)
{
	free(res->rights);
	free(res->holders);
	memset(res, 0, sizeof(*res));
	res->identity = -1;
}

int
revoke_has_path(const struct revoke_result *res)
{
	return res->nowners > 0 || res->owner_text != NULL ||
	    res->nholders > 0;
}
