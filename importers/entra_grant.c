/*
 * Relationships (see entra.h): group and directory role members, owners,
 * app role assignments, delegated permission grants, and directory role
 * definitions and assignments.
 *
 *   member --member_of MemberOf--> group
 *   owner --owns Owns--> application, service principal or group
 *   principal --has_role AppRoleAssignment--> app role
 *   client SP --has_role OAuth2PermissionGrant--> delegated scope
 *   app role or scope --applies_to OnResource--> resource SP
 *   principal --has_role DirectoryRoleAssignment--> directory role
 *   directory role --grants DirectoryRole--> tenant
 *
 * An app role or delegated scope of a resource is a privilege node keyed
 * "<resource key>#app/<value>" or "#delegated/<value>", so that every
 * holder of Microsoft Graph's Directory.ReadWrite.All is one walk away.
 * A directory role is keyed by its role definition (template) id, which
 * is the same in every tenant for built-in roles.
 */
#include <stdlib.h>
#include <string.h>

#include "entra.h"
#include "import.h"
#include "json.h"
#include "jsonw.h"
#include "nodeset.h"
#include "strbuf.h"
#include "xalloc.h"

/* Built-in directory roles that control the tenant or its credentials. */
static const struct {
	const char	*id;
	const char	*name;
	int		 privileged;
} entra_builtin_roles[] = {
	{ "62e90394-69f5-4237-9190-012177145e10", "Global Administrator", 1 },
	{ "e8611ab8-c189-46e8-94e1-60213ab1f814",
	  "Privileged Role Administrator", 1 },
	{ "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
	  "Privileged Authentication Administrator", 1 },
	{ "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator",
	  1 },
	{ "158c047a-c907-4556-b7ef-446551a6b5f7",
	  "Cloud Application Administrator", 1 },
	{ "fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator", 1 },
	{ "29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator",
	  0 },
	{ "f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "SharePoint Administrator",
	  0 },
	{ "729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator",
	  0 },
	{ "88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "Directory Readers", 0 },
	{ "5d6b6bb7-de71-4623-b4af-96380a352509", "Security Reader", 0 },
	{ "194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator",
	  1 },
	{ "b0f54661-2d74-4c50-afa3-1ec803f12efe", "Billing Administrator", 0 },
	{ "9360feb5-f418-4baa-8175-e2a00bac4301", "Directory Writers", 1 },
};

#define ENTRA_NBUILTIN	(sizeof(entra_builtin_roles) / \
	sizeof(entra_builtin_roles[0]))

const char *
entra_builtin_role(const char *template_id)
{
	size_t	 i;

	for (i = 0; template_id != NULL && i < ENTRA_NBUILTIN; i++) {
		if (strcmp(entra_builtin_roles[i].id, template_id) == 0)
			return entra_builtin_roles[i].name;
	}
	return NULL;
}

/* 1 when a built-in role controls the tenant or its credentials. */
static int
entra_role_privileged(const char *template_id)
{
	size_t	 i;

	for (i = 0; template_id != NULL && i < ENTRA_NBUILTIN; i++) {
		if (strcmp(entra_builtin_roles[i].id, template_id) == 0)
			return entra_builtin_roles[i].privileged;
	}
	return 0;
}

/* Refer to (or describe) the node of a directory role; returns its key. */
static char *
entra_role_node(struct entra *e, const char *id, const char *name,
    int describe)
{
	struct nodeset_node	*n;
	const char		*label = name;
	char			*key, *tenant;
	uint64_t		 idx;

	if (label == NULL && hmap_get(e->role_names, id, strlen(id), &idx))
		label = e->role_name_v[idx];
	if (label == NULL)
		label = entra_builtin_role(id);
	key = xasprintf("entra:%s", id);
	n = nodeset_node(e->ns, key, NULL);
	if (describe)
		nodeset_describe(n, KIND_NODE_ROLE, "EntraDirectoryRole",
		    label);
	else
		nodeset_refer(n, KIND_NODE_ROLE, "EntraDirectoryRole", label);
	nodeset_attr_str(n, "roleTemplateId", id);
	if (entra_role_privileged(id))
		nodeset_attr_bool(n, "privileged", 1);
	if (e->tenant != NULL) {
		tenant = xasprintf("entra:%s", e->tenant);
		entra_edge(e, key, tenant, KIND_EDGE_GRANTS, "DirectoryRole",
		    NULL);
		free(tenant);
	}
	return key;
}

/* The @odata.type of a directory object in a member or owner list. */
static const char *
entra_type(const cJSON *rec)
{
	const char	*t = json_str(rec, "@odata.type");

	return t != NULL ? t : json_str(rec, "objectType");
}

/* One member of the group or directory role with object id parent. */
static int
entra_member_of(struct entra *e, const char *parent, const cJSON *rec,
    const char *path, char **errp)
{
	const struct entra_object	*o = entra_object(e, parent);
	const char			*id = entra_id(rec);
	char				*key;

	if (id == NULL)
		return entra_warn(e, path, errp, "member has no id; skipped");
	if (o == NULL)
		return entra_warn(e, path, errp, "the group or role \"%s\" is "
		    "not in the export; member skipped", parent != NULL ?
		    parent : "?");
	key = entra_ref(e, id, entra_type(rec));
	if (o->set == ENTRA_DIRECTORY_ROLES)
		entra_edge(e, key, o->key, KIND_EDGE_HAS_ROLE,
		    "DirectoryRoleMember", NULL);
	else
		entra_edge(e, key, o->key, KIND_EDGE_MEMBER_OF, "MemberOf",
		    NULL);
	free(key);
	return 0;
}

/* One owner of the object with object id parent. */
static int
entra_owner_of(struct entra *e, const char *parent, const cJSON *rec,
    const char *path, char **errp)
{
	const struct entra_object	*o = entra_object(e, parent);
	const char			*id = entra_id(rec);
	char				*key;

	if (id == NULL)
		return entra_warn(e, path, errp, "owner has no id; skipped");
	if (o == NULL)
		return entra_warn(e, path, errp, "the owned object \"%s\" is "
		    "not in the export; owner skipped", parent != NULL ?
		    parent : "?");
	key = entra_ref(e, id, entra_type(rec));
	entra_edge(e, key, o->key, KIND_EDGE_OWNS, "Owns", NULL);
	free(key);
	return 0;
}

int
entra_member(void *ctx, const char *path, cJSON *rec, const char *problem,
    char **errp)
{
	struct entra	*e = ctx;

	if (problem != NULL)
		return entra_warn(e, path, errp, "%s; record skipped", problem);
	return entra_member_of(e, e->parent, rec, path, errp);
}

int
entra_owner(void *ctx, const char *path, cJSON *rec, const char *problem,
    char **errp)
{
	struct entra	*e = ctx;

	if (problem != NULL)
		return entra_warn(e, path, errp, "%s; record skipped", problem);
	return entra_owner_of(e, e->parent, rec, path, errp);
}

/*
 * The privilege node of a permission (kind "app" or "delegated") of the
 * resource service principal with object id resource. Returns its key.
 */
static char *
entra_permission(struct entra *e, const char *resource, const char *kind,
    const char *value)
{
	const struct entra_object	*o = entra_object(e, resource);
	struct nodeset_node		*n;
	char				*rkey, *key, *name;

	rkey = o != NULL ? xstrdup(o->key) : entra_ref(e, resource,
	    "servicePrincipal");
	key = xasprintf("%s#%s/%s", rkey, kind, value);
	name = xasprintf("%s: %s%s", o != NULL && o->name != NULL ? o->name :
	    resource, value, strcmp(kind, "delegated") == 0 ?
	    " (delegated)" : "");
	n = nodeset_node(e->ns, key, NULL);
	nodeset_describe(n, KIND_NODE_PRIVILEGE, strcmp(kind, "app") == 0 ?
	    "EntraAppRole" : "EntraDelegatedScope", name);
	nodeset_attr_str(n, "permission", value);
	nodeset_attr_str(n, "permission_type", strcmp(kind, "app") == 0 ?
	    "application" : "delegated");
	entra_edge(e, key, rkey, KIND_EDGE_APPLIES_TO, "OnResource", NULL);
	free(name);
	free(rkey);
	return key;
}

/* The value of an app role of a resource, its id when unknown. */
static const char *
entra_app_role_value(struct entra *e, const char *resource,
    const char *role)
{
	char		*name;
	uint64_t	 idx;
	int		 found;

	if (strcmp(role, "00000000-0000-0000-0000-000000000000") == 0)
		return "default access";
	name = xasprintf("%s/%s", resource, role);
	found = hmap_get(e->perm_index, name, strlen(name), &idx);
	free(name);
	return found ? e->perms[idx].value : role;
}

/* One app role assignment, in either dialect. */
static int
entra_assignment(struct entra *e, const cJSON *rec, const char *path,
    char **errp)
{
	struct strbuf	 attrs;
	struct jsonw	 w;
	const char	*principal = json_str(rec, "principalId");
	const char	*resource = json_str(rec, "resourceId");
	const char	*role = json_str(rec, "appRoleId"), *assignment;
	char		*pkey, *priv;

	assignment = json_str(rec, "appRoleId") != NULL ? entra_id(rec) :
	    json_str(rec, "objectId");
	if (role == NULL && json_str(rec, "objectId") != NULL)
		role = json_str(rec, "id");	/* Azure AD Graph names it id */
	if (principal == NULL || resource == NULL || role == NULL)
		return entra_warn(e, path, errp, "app role assignment has no "
		    "principalId, resourceId or appRoleId; skipped");
	pkey = entra_ref(e, principal, json_str(rec, "principalType"));
	priv = entra_permission(e, resource, "app", entra_app_role_value(e,
	    resource, role));
	strbuf_init(&attrs);
	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "appRoleId");
	jsonw_str(&w, role);
	jsonw_key(&w, "assignment");
	jsonw_str(&w, assignment);
	jsonw_key(&w, "createdDateTime");
	jsonw_str(&w, entra_str2(rec, "createdDateTime",
	    "creationTimestamp"));
	jsonw_object_end(&w);
	entra_edge(e, pkey, priv, KIND_EDGE_HAS_ROLE, "AppRoleAssignment",
	    attrs.buf);
	strbuf_free(&attrs);
	free(priv);
	free(pkey);
	return 0;
}

int
entra_app_role_assignment(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	struct entra	*e = ctx;

	if (problem != NULL)
		return entra_warn(e, path, errp, "%s; record skipped", problem);
	return entra_assignment(e, rec, path, errp);
}

int
entra_oauth2_grant(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	struct entra	*e = ctx;
	struct strbuf	 attrs;
	struct jsonw	 w;
	const char	*client = json_str(rec, "clientId");
	const char	*resource = json_str(rec, "resourceId");
	const char	*scope = json_str(rec, "scope"), *p, *end;
	const char	*principal = json_str(rec, "principalId");
	char		*ckey, *pkey = NULL, *value, *priv;

	if (problem != NULL)
		return entra_warn(e, path, errp, "%s; record skipped", problem);
	if (client == NULL || resource == NULL || scope == NULL)
		return entra_warn(e, path, errp, "permission grant has no "
		    "clientId, resourceId or scope; skipped");
	ckey = entra_ref(e, client, "servicePrincipal");
	if (principal != NULL)
		pkey = entra_ref(e, principal, "user");
	strbuf_init(&attrs);
	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "consentType");
	jsonw_str(&w, json_str(rec, "consentType"));
	jsonw_key(&w, "onBehalfOf");
	jsonw_str(&w, pkey != NULL ? pkey : "all users");
	jsonw_object_end(&w);
	for (p = scope; *p != '\0'; p = end) {
		p += strspn(p, " ");
		end = p + strcspn(p, " ");
		if (end == p)
			break;
		value = xstrndup(p, (size_t)(end - p));
		priv = entra_permission(e, resource, "delegated", value);
		entra_edge(e, ckey, priv, KIND_EDGE_HAS_ROLE,
		    "OAuth2PermissionGrant", attrs.buf);
		free(priv);
		free(value);
	}
	strbuf_free(&attrs);
	free(pkey);
	free(ckey);
	return 0;
}

int
entra_directory_role(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	struct entra	*e = ctx;
	const char	*tmpl = json_str(rec, "roleTemplateId");
	char		*key;

	if (problem != NULL)
		return entra_warn(e, path, errp, "%s; record skipped", problem);
	if (entra_id(rec) == NULL || tmpl == NULL)
		return entra_warn(e, path, errp, "directory role has no id or "
		    "roleTemplateId; skipped");
	key = entra_role_node(e, tmpl, json_str(rec, "displayName"), 1);
	entra_copy(e, key, rec, (const char *const[]){ "description" }, 1);
	free(key);
	return entra_expanded(e, entra_id(rec), rec, path, errp);
}

int
entra_role_definition(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	static const char *const attrs[] = {
		"description", "isBuiltIn", "isEnabled", "isPrivileged"
	};
	struct entra	*e = ctx;
	char		*key;

	if (problem != NULL)
		return entra_warn(e, path, errp, "%s; record skipped", problem);
	if (entra_id(rec) == NULL)
		return entra_warn(e, path, errp, "role definition has no id; "
		    "skipped");
	key = entra_role_node(e, entra_id(rec), json_str(rec, "displayName"),
	    1);
	entra_copy(e, key, rec, attrs, sizeof(attrs) / sizeof(attrs[0]));
	free(key);
	return 0;
}

int
entra_role_assignment(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	struct entra	*e = ctx;
	struct strbuf	 attrs;
	struct jsonw	 w;
	const cJSON	*def = json_get(rec, "roleDefinition");
	const char	*principal = json_str(rec, "principalId");
	const char	*role = json_str(rec, "roleDefinitionId");
	const char	*scope = json_str(rec, "directoryScopeId");
	char		*pkey, *rkey;

	if (problem != NULL)
		return entra_warn(e, path, errp, "%s; record skipped", problem);
	if (principal == NULL || role == NULL)
		return entra_warn(e, path, errp, "role assignment has no "
		    "principalId or roleDefinitionId; skipped");
	pkey = entra_ref(e, principal, entra_type(json_get(rec,
	    "principal")));
	rkey = entra_role_node(e, role, json_str(def, "displayName"), 0);
	strbuf_init(&attrs);
	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "assignment");
	jsonw_str(&w, entra_id(rec));
	jsonw_key(&w, "directoryScopeId");
	jsonw_str(&w, scope != NULL ? scope : "/");
	if (json_str(rec, "appScopeId") != NULL) {
		jsonw_key(&w, "appScopeId");
		jsonw_str(&w, json_str(rec, "appScopeId"));
	}
	jsonw_object_end(&w);
	entra_edge(e, pkey, rkey, KIND_EDGE_HAS_ROLE, "DirectoryRoleAssignment",
	    attrs.buf);
	strbuf_free(&attrs);
	free(rkey);
	free(pkey);
	return 0;
}

/* Walk one expanded list of an object with a relation function. */
static int
entra_expand_list(struct entra *e, const char *id, const cJSON *rec,
    const char *member, const char *path,
    int (*fn)(struct entra *, const char *, const cJSON *, const char *,
    char **), char **errp)
{
	const cJSON	*item;
	char		*ipath;
	size_t		 i = 0;
	int		 rc = 0;

	cJSON_ArrayForEach(item, json_get(rec, member)) {
		ipath = xasprintf("%s.%s[%zu]", path, member, i++);
		rc = fn(e, id, item, ipath, errp);
		free(ipath);
		if (rc == -1)
			break;
	}
	return rc;
}

static int
entra_expand_fic(struct entra *e, const char *id, const cJSON *fic,
    const char *path, char **errp)
{
	const struct entra_object	*o = entra_object(e, id);

	return o == NULL ? 0 : entra_federated_of(e, o->key, fic, path, errp);
}

static int
entra_expand_assignment(struct entra *e, const char *id, const cJSON *rec,
    const char *path, char **errp)
{
	(void)id;
	return entra_assignment(e, rec, path, errp);
}

int
entra_expanded(struct entra *e, const char *id, const cJSON *rec,
    const char *path, char **errp)
{
	if (entra_expand_list(e, id, rec, "members", path, entra_member_of,
	    errp) == -1 ||
	    entra_expand_list(e, id, rec, "owners", path, entra_owner_of,
	    errp) == -1 ||
	    entra_expand_list(e, id, rec, "federatedIdentityCredentials",
	    path, entra_expand_fic, errp) == -1 ||
	    entra_expand_list(e, id, rec, "appRoleAssignments", path,
	    entra_expand_assignment, errp) == -1 ||
	    entra_expand_list(e, id, rec, "appRoleAssignedTo", path,
	    entra_expand_assignment, errp) == -1)
		return -1;
	return 0;
}
