/*
 * IAM policies (see gcp.h). A policy is a list of bindings, each a role
 * granted to members on the resource the policy is attached to, optionally
 * under a condition. Each (resource, role) pair is one node, the binding,
 * keyed "gcp:<resource>#<role>":
 *
 *   member --has_role (IAMBinding)--> binding --grants (IAMGrant)--> resource
 *
 * A member keeps its IAM prefix in its key ("gcp:user:a@example.com",
 * "gcp:serviceAccount:...", "gcp:group:...", "gcp:domain:...",
 * "gcp:deleted:user:...?uid=N"). allUsers and allAuthenticatedUsers are
 * the public, and workload identity federation principals keep their
 * principal:// or principalSet:// URI. E-mail addresses are read in lower
 * case, as IAM compares them.
 *
 * Roles that let a member act as a service account (token creator,
 * service account user, workload identity user, OpenID token creator)
 * also give a can_assume edge from the member to the account. Granted on
 * the account, they reach it. Granted on a project, they reach every
 * account of the project, and granted on a folder or organisation, every
 * account of the projects whose ancestors (in asset records) include it.
 * In an export of one organisation, a grant on it reaches every account.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "gcp.h"
#include "import.h"
#include "json.h"
#include "jsonw.h"
#include "nodeset.h"
#include "strbuf.h"
#include "xalloc.h"

/* A kind of member by its prefix. */
struct gcp_member_type {
	const char	*prefix;
	enum kind_node	 kind;
	const char	*kinds;
	int		 email;		/* the rest is an e-mail address */
};

static const struct gcp_member_type gcp_member_types[] = {
	{ "user:", KIND_NODE_HUMAN, "GCPUser", 1 },
	{ "serviceAccount:", KIND_NODE_SERVICE_ACCOUNT, "GCPServiceAccount",
	  1 },
	{ "group:", KIND_NODE_GROUP, "GCPGroup", 1 },
	{ "domain:", KIND_NODE_GROUP, "GCPDomain", 1 },
	{ "deleted:", KIND_NODE_OTHER, "GCPDeletedPrincipal", 0 },
	{ "principal://", KIND_NODE_SERVICE_ACCOUNT,
	  "GCPWorkloadIdentityPrincipal", 0 },
	{ "principalSet://", KIND_NODE_GROUP,
	  "GCPWorkloadIdentityPrincipalSet", 0 },
	{ "projectOwner:", KIND_NODE_GROUP, "GCPProjectRoleMembers", 0 },
	{ "projectEditor:", KIND_NODE_GROUP, "GCPProjectRoleMembers", 0 },
	{ "projectViewer:", KIND_NODE_GROUP, "GCPProjectRoleMembers", 0 },
};

/* Roles that let a member act as a service account. */
static const char *const gcp_impersonation[][2] = {
	{ "roles/iam.serviceAccountTokenCreator", "TokenCreator" },
	{ "roles/iam.serviceAccountUser", "ActAs" },
	{ "roles/iam.workloadIdentityUser", "WorkloadIdentityUser" },
	{ "roles/iam.serviceAccountOpenIdTokenCreator",
	  "OpenIdTokenCreator" },
};

#define GCP_NIMPERSONATION \
	(sizeof(gcp_impersonation) / sizeof(gcp_impersonation[0]))

/* Refer to the node of a public member. */
static void
gcp_public_member(struct gcp *g, const char *key, const char *name)
{
	struct nodeset_node	*n = nodeset_node(g->ns, key, NULL);

	nodeset_refer(n, KIND_NODE_GROUP, "GCPPublic", name);
	nodeset_attr_bool(n, "public", 1);
}

char *
gcp_member(struct gcp *g, const char *member)
{
	const struct gcp_member_type	*t;
	struct nodeset_node		*n;
	char				*key, *p;
	size_t				 i, plen;

	if (strcmp(member, "allUsers") == 0) {
		gcp_public_member(g, "gcp:allUsers", "allUsers (anyone on "
		    "the internet)");
		return xstrdup("gcp:allUsers");
	}
	if (strcmp(member, "allAuthenticatedUsers") == 0) {
		gcp_public_member(g, "gcp:allAuthenticatedUsers",
		    "allAuthenticatedUsers (any Google account)");
		return xstrdup("gcp:allAuthenticatedUsers");
	}
	if (*member == '\0')
		return NULL;
	for (i = 0; i < sizeof(gcp_member_types) /
	    sizeof(gcp_member_types[0]); i++) {
		t = &gcp_member_types[i];
		plen = strlen(t->prefix);
		if (strncmp(member, t->prefix, plen) != 0)
			continue;
		key = xasprintf("gcp:%s", member);
		if (t->email)
			for (p = key + 4 + plen; *p != '\0'; p++)
				*p = (char)tolower((unsigned char)*p);
		n = nodeset_node(g->ns, key, NULL);
		nodeset_refer(n, t->kind, t->kinds, key + 4 + (t->email ?
		    plen : 0));
		if (strncmp(member, "deleted:", 8) == 0)
			nodeset_attr_bool(n, "deleted", 1);
		return key;
	}
	key = xasprintf("gcp:%s", member);
	nodeset_refer(nodeset_node(g->ns, key, NULL), KIND_NODE_OTHER,
	    "GCPMember", member);
	return key;
}

/* The source kind of an impersonation role, or NULL. */
static const char *
gcp_impersonation_raw(const char *role)
{
	size_t	 i;

	for (i = 0; i < GCP_NIMPERSONATION; i++) {
		if (strcmp(role, gcp_impersonation[i][0]) == 0)
			return gcp_impersonation[i][1];
	}
	return NULL;
}

/* The class of a role for the binding's attributes, or NULL. */
static const char *
gcp_role_class(const char *role)
{
	size_t	 len = strlen(role);

	if (gcp_impersonation_raw(role) != NULL)
		return "impersonation";
	if (strcmp(role, "roles/owner") == 0 ||
	    strcmp(role, "roles/editor") == 0 ||
	    (len > 6 && strcmp(role + len - 6, ".admin") == 0) ||
	    (len > 6 && strcmp(role + len - 6, "/admin") == 0))
		return "admin";
	return NULL;
}

/* The condition of a binding as JSON, or NULL. */
static char *
gcp_condition(const cJSON *binding)
{
	const cJSON	*c = json_get(binding, "condition");
	struct strbuf	 sb;
	struct jsonw	 w;
	static const char *const fields[] = {
		"title", "description", "expression"
	};
	size_t		 i;

	if (!cJSON_IsObject(c))
		return NULL;
	strbuf_init(&sb);
	jsonw_init(&w, &sb, 0);
	jsonw_object_begin(&w);
	for (i = 0; i < 3; i++) {
		if (json_str(c, fields[i]) != NULL) {
			jsonw_key(&w, fields[i]);
			jsonw_str(&w, json_str(c, fields[i]));
		}
	}
	jsonw_object_end(&w);
	return strbuf_detach(&sb);
}

/* Describe the node of a binding and link it to its resource. */
static char *
gcp_binding_node(struct gcp *g, const char *resource, const char *role)
{
	struct nodeset_node	*n;
	struct record_edge	 e;
	char			*key, *name, *rkey;
	const char		*class = gcp_role_class(role);

	key = xasprintf("gcp:%s#%s", resource, role);
	rkey = gcp_resource_key(resource);
	n = nodeset_node(g->ns, key, NULL);
	name = xasprintf("%s on %s", role, gcp_short_name(resource));
	nodeset_describe(n, KIND_NODE_ROLE, "GCPRoleBinding", name);
	nodeset_attr_str(n, "role", role);
	nodeset_attr_str(n, "resource", resource);
	if (class != NULL)
		nodeset_attr_str(n, "role_class", class);
	free(name);
	record_edge_init(&e);
	e.src = key;
	e.dst = rkey;
	e.kind = KIND_EDGE_GRANTS;
	e.raw = "IAMGrant";
	nodeset_edge(g->ns, &e);
	nodeset_refer(nodeset_node(g->ns, rkey, NULL), KIND_NODE_SYSTEM,
	    "GCPResource", gcp_short_name(resource));
	free(rkey);
	return key;
}

/* Keep an impersonation role granted above the accounts, for later. */
static void
gcp_scoped(struct gcp *g, const char *member_key, const char *raw,
    const char *role, const char *scope, const char *conditions)
{
	struct gcp_scoped_grant	*s;

	g->scoped = xreallocarray(g->scoped, g->nscoped + 1,
	    sizeof(*g->scoped));
	s = &g->scoped[g->nscoped++];
	s->member_key = xstrdup(member_key);
	s->raw = xstrdup(raw);
	s->role = xstrdup(role);
	s->scope = xstrdup(scope);
	s->conditions = conditions != NULL ? xstrdup(conditions) : NULL;
}

/* Add the can_assume edge of an impersonation role. */
static void
gcp_impersonate(struct gcp *g, const char *member_key, const char *account,
    const char *raw, const char *role, const char *via,
    const char *conditions)
{
	struct record_edge	 e;
	struct strbuf		 attrs;
	struct jsonw		 w;

	strbuf_init(&attrs);
	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "role");
	jsonw_str(&w, role);
	if (via != NULL) {
		jsonw_key(&w, "granted_on");
		jsonw_str(&w, via);
	}
	jsonw_object_end(&w);
	record_edge_init(&e);
	e.src = member_key;
	e.dst = account;
	e.kind = KIND_EDGE_CAN_ASSUME;
	e.raw = raw;
	e.attrs = attrs.buf;
	e.conditions = conditions;
	if (conditions != NULL)
		e.flags |= RECORD_EDGE_CONDITIONAL;
	nodeset_edge(g->ns, &e);
	strbuf_free(&attrs);
}

/* The scope of a project, folder or organisation resource, or NULL. */
static const char *
gcp_container_scope(const char *resource)
{
	if (strncmp(resource, GCP_CRM, sizeof(GCP_CRM) - 1) != 0)
		return NULL;
	return resource + sizeof(GCP_CRM) - 1;
}

/* Emit the edges of one member of a binding. */
static int
gcp_binding_member(struct gcp *g, const char *resource, const char *role,
    const char *binding_key, const char *member, const char *conditions)
{
	struct record_edge	 e;
	const char		*raw, *scope;
	char			*key, *rkey;

	if ((key = gcp_member(g, member)) == NULL)
		return 0;
	record_edge_init(&e);
	e.src = key;
	e.dst = binding_key;
	e.kind = KIND_EDGE_HAS_ROLE;
	e.raw = "IAMBinding";
	e.conditions = conditions;
	if (conditions != NULL)
		e.flags |= RECORD_EDGE_CONDITIONAL;
	nodeset_edge(g->ns, &e);
	if ((raw = gcp_impersonation_raw(role)) != NULL) {
		rkey = gcp_resource_key(resource);
		if (strncmp(rkey, "gcp:serviceAccount:", 19) == 0)
			gcp_impersonate(g, key, rkey, raw, role, NULL,
			    conditions);
		else if ((scope = gcp_container_scope(resource)) != NULL)
			gcp_scoped(g, key, raw, role, scope, conditions);
		free(rkey);
	}
	free(key);
	return 0;
}

/*
 * Check a member of a binding before it is read: 0 when it has a type
 * IAM defines and a name after its prefix, 1 when its prefix is unknown
 * (it is kept, as a member of kind other), 2 when nothing follows its
 * prefix (it is skipped).
 */
static int
gcp_member_check(const char *member)
{
	const char	*prefix;
	size_t		 i, plen;

	if (strcmp(member, "allUsers") == 0 ||
	    strcmp(member, "allAuthenticatedUsers") == 0)
		return 0;
	for (i = 0; i < sizeof(gcp_member_types) /
	    sizeof(gcp_member_types[0]); i++) {
		prefix = gcp_member_types[i].prefix;
		plen = strlen(prefix);
		if (strncmp(member, prefix, plen) == 0)
			return member[plen] == '\0' ? 2 : 0;
	}
	return *member == '\0' ? 2 : 1;
}

/* Read one member of a binding, warning about a malformed one. */
static int
gcp_binding_one(struct gcp *g, const char *resource, const char *role,
    const char *key, const cJSON *m, size_t i, const char *path,
    const char *conditions, char **errp)
{
	if (!cJSON_IsString(m))
		return gcp_warn(g, path, errp, "members[%zu] is not a string; "
		    "skipped", i);
	switch (gcp_member_check(m->valuestring)) {
	case 2:
		return gcp_warn(g, path, errp, "members[%zu] \"%s\" names no "
		    "principal; skipped", i, m->valuestring);
	case 1:
		if (gcp_warn(g, path, errp, "members[%zu] \"%s\" has no "
		    "member type IAM defines (user:, serviceAccount:, group:, "
		    "domain:, ...); kept as a member of kind other", i,
		    m->valuestring) == -1)
			return -1;
		break;
	}
	return gcp_binding_member(g, resource, role, key, m->valuestring,
	    conditions);
}

/* Read one binding: role, members and an optional condition. */
static int
gcp_binding(struct gcp *g, const char *resource, const cJSON *b,
    const char *path, char **errp)
{
	const cJSON	*members = json_get(b, "members"), *m;
	const char	*role = json_str(b, "role");
	char		*conditions, *key;
	size_t		 i = 0;
	int		 rc = 0;

	if (!cJSON_IsObject(b) || role == NULL || !cJSON_IsArray(members))
		return gcp_warn(g, path, errp, "binding has no role or no list "
		    "of members; skipped");
	conditions = gcp_condition(b);
	key = gcp_binding_node(g, resource, role);
	cJSON_ArrayForEach(m, members) {
		if ((rc = gcp_binding_one(g, resource, role, key, m, i++, path,
		    conditions, errp)) == -1)
			break;
	}
	free(key);
	free(conditions);
	return rc;
}

int
gcp_policy(struct gcp *g, const char *resource, const cJSON *policy,
    const char *path, char **errp)
{
	const cJSON	*bindings = json_get(policy, "bindings"), *b;
	char		*bpath;
	size_t		 i = 0;
	int		 rc = 0;

	if (bindings == NULL)
		return 0;
	if (!cJSON_IsArray(bindings))
		return gcp_warn(g, *path != '\0' ? path : "bindings", errp,
		    "bindings is not a list; the policy is skipped");
	cJSON_ArrayForEach(b, bindings) {
		bpath = xasprintf("%s%sbindings[%zu]", path,
		    *path != '\0' ? "." : "", i++);
		rc = gcp_binding(g, resource, b, bpath, errp);
		free(bpath);
		if (rc == -1)
			break;
	}
	return rc;
}

void
gcp_note_account(struct gcp *g, const char *key, const char *project)
{
	struct gcp_account	*a;
	uint64_t		 idx;

	if (hmap_get(g->account_index, key, strlen(key), &idx)) {
		a = &g->accounts[idx];
		if (a->project == NULL && project != NULL)
			a->project = xstrdup(project);
		return;
	}
	g->accounts = xreallocarray(g->accounts, g->naccounts + 1,
	    sizeof(*g->accounts));
	hmap_put(g->account_index, key, strlen(key), g->naccounts);
	a = &g->accounts[g->naccounts++];
	a->key = xstrdup(key);
	a->project = project != NULL ? xstrdup(project) : NULL;
}

/* 1 when an account's project is the project named in scope. */
static int
gcp_in_project(struct gcp *g, const struct gcp_account *a,
    const char *project)
{
	uint64_t	 x, y;

	if (a->project == NULL)
		return 0;
	if (strcmp(a->project, project) == 0)
		return 1;
	return hmap_get(g->project_index, a->project, strlen(a->project),
	    &x) && hmap_get(g->project_index, project, strlen(project), &y) &&
	    x == y;
}

/* 1 when an account's project has scope among its ancestors. */
static int
gcp_under(struct gcp *g, const struct gcp_account *a, const char *scope)
{
	size_t	 i;

	for (i = 0; i < g->nancestors; i++) {
		if (strcmp(g->ancestors[i].scope, scope) == 0 &&
		    gcp_in_project(g, a, g->ancestors[i].project))
			return 1;
	}
	return 0;
}

/* 1 when an impersonation role granted on scope reaches account a. */
static int
gcp_in_scope(struct gcp *g, const struct gcp_account *a, const char *scope)
{
	/* Every account in a one-organisation export is in it. */
	if (strncmp(scope, "organizations/", 14) == 0 && g->orgs == 1 &&
	    strcmp(scope, g->org) == 0)
		return 1;
	if (strncmp(scope, "projects/", 9) == 0)
		return gcp_in_project(g, a, scope + 9);
	return gcp_under(g, a, scope);
}

void
gcp_iam_finish(struct gcp *g)
{
	const struct gcp_scoped_grant	*s;
	size_t				 i, j;

	for (i = 0; i < g->nscoped; i++) {
		s = &g->scoped[i];
		for (j = 0; j < g->naccounts; j++) {
			if (gcp_in_scope(g, &g->accounts[j], s->scope))
				gcp_impersonate(g, s->member_key,
				    g->accounts[j].key, s->raw, s->role,
				    s->scope, s->conditions);
		}
	}
}
