/*
 * Users, groups, applications, service principals and the organisation
 * (see entra.h).
 *
 *   application --runs_as RunsAs--> service principal of the same appId
 *   credential --authenticates_as--> application or service principal
 *
 * A user's last_used_at is the latest of the sign-in times its
 * signInActivity gives; accountEnabled false disables it. A service
 * principal whose appOwnerOrganizationId is another tenant is marked
 * "third_party", and one of type ManagedIdentity gets the source kind
 * EntraManagedIdentity beside EntraServicePrincipal.
 */
#include <stdlib.h>
#include <string.h>

#include "entra.h"
#include "import.h"
#include "json.h"
#include "jsonw.h"
#include "nodeset.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

/* Skip a record that broke a JSON rule, is not an object or has no id. */
static int
entra_bad(struct entra *e, const char *path, const cJSON *rec,
    const char *problem, char **errp, int *rc)
{
	if (problem != NULL)
		*rc = entra_warn(e, path, errp, "%s; record skipped", problem);
	else if (!cJSON_IsObject(rec))
		*rc = entra_warn(e, path, errp, "record is not an object; "
		    "skipped");
	else if (entra_id(rec) == NULL)
		*rc = entra_warn(e, path, errp, "record has no id; skipped");
	else
		return 0;
	return 1;
}

/* Note the permissions (app roles, scopes) a service principal offers. */
static void
entra_index_perms(struct entra *e, const char *sp, const cJSON *list)
{
	const cJSON	*p;
	const char	*id, *value;
	char		*name;
	uint64_t	 idx;

	cJSON_ArrayForEach(p, list) {
		id = json_str(p, "id");
		value = json_str(p, "value");
		if (id == NULL || value == NULL)
			continue;
		name = xasprintf("%s/%s", sp, id);
		if (!hmap_get(e->perm_index, name, strlen(name), &idx)) {
			e->perms = xreallocarray(e->perms, e->nperms + 1,
			    sizeof(*e->perms));
			e->perms[e->nperms].id = xstrdup(id);
			e->perms[e->nperms].value = xstrdup(value);
			hmap_put(e->perm_index, name, strlen(name),
			    e->nperms++);
		}
		free(name);
	}
}

/* Remember the name of a directory role definition or template. */
static void
entra_role_name(struct entra *e, const char *id, const char *name)
{
	uint64_t	 idx;

	if (id == NULL || name == NULL ||
	    hmap_get(e->role_names, id, strlen(id), &idx))
		return;
	e->role_name_v = xreallocarray(e->role_name_v, e->nrole_names + 1,
	    sizeof(*e->role_name_v));
	e->role_name_v[e->nrole_names] = xstrdup(name);
	hmap_put(e->role_names, id, strlen(id), e->nrole_names++);
}

/* Index a service principal: its key, tenant and permissions. */
static void
entra_index_sp(struct entra *e, const char *id, const cJSON *rec)
{
	struct entra_object	*o;
	const char		*app = json_str(rec, "appId");
	char			*key;

	key = app != NULL ? xasprintf("entra:sp:%s", app) :
	    xasprintf("entra:%s", id);
	o = entra_note(e, id, ENTRA_SERVICE_PRINCIPALS, key, app,
	    json_str(rec, "displayName"));
	free(key);
	if (o->owner_tenant == NULL && entra_str2(rec,
	    "appOwnerOrganizationId", "appOwnerTenantId") != NULL)
		o->owner_tenant = xstrdup(entra_str2(rec,
		    "appOwnerOrganizationId", "appOwnerTenantId"));
	entra_index_perms(e, id, json_get(rec, "appRoles"));
	entra_index_perms(e, id, json_get(rec, "oauth2PermissionScopes"));
	entra_index_perms(e, id, json_get(rec, "publishedPermissionScopes"));
	entra_index_perms(e, id, json_get(rec, "oauth2Permissions"));
}

int
entra_index(void *ctx, const char *path, cJSON *rec, const char *problem,
    char **errp)
{
	struct entra	*e = ctx;
	const char	*id, *app, *tmpl;
	char		*key;
	int		 rc = 0;

	(void)path;
	(void)errp;
	if (problem != NULL || !cJSON_IsObject(rec) ||
	    (id = entra_id(rec)) == NULL)
		return rc;	/* the second pass warns */
	switch (e->set) {
	case ENTRA_ORGANIZATION:
		if (e->tenant == NULL) {
			e->tenant = xstrdup(id);
			if (json_str(rec, "displayName") != NULL)
				e->tenant_name = xstrdup(json_str(rec,
				    "displayName"));
		}
		break;
	case ENTRA_APPLICATIONS:
		app = json_str(rec, "appId");
		key = app != NULL ? xasprintf("entra:app:%s", app) :
		    xasprintf("entra:%s", id);
		entra_note(e, id, ENTRA_APPLICATIONS, key, app,
		    json_str(rec, "displayName"));
		free(key);
		break;
	case ENTRA_SERVICE_PRINCIPALS:
		entra_index_sp(e, id, rec);
		break;
	case ENTRA_DIRECTORY_ROLES:
		if ((tmpl = json_str(rec, "roleTemplateId")) == NULL)
			break;
		key = xasprintf("entra:%s", tmpl);
		entra_note(e, id, ENTRA_DIRECTORY_ROLES, key, NULL,
		    json_str(rec, "displayName"));
		entra_role_name(e, tmpl, json_str(rec, "displayName"));
		free(key);
		break;
	case ENTRA_ROLE_DEFINITIONS:
		entra_role_name(e, id, json_str(rec, "displayName"));
		entra_role_name(e, json_str(rec, "templateId"),
		    json_str(rec, "displayName"));
		break;
	default:
		key = xasprintf("entra:%s", id);
		entra_note(e, id, e->set, key, NULL, entra_str2(rec,
		    "displayName", "userPrincipalName"));
		free(key);
		break;
	}
	return 0;
}

/* The latest of a user's sign-in times, or unknown. */
static int
entra_user_signin(struct entra *e, struct nodeset_node *n, const cJSON *rec,
    const char *path, char **errp)
{
	static const char *const fields[] = {
		"lastSignInDateTime", "lastNonInteractiveSignInDateTime",
		"lastSuccessfulSignInDateTime"
	};
	const cJSON	*act = json_get(rec, "signInActivity");
	int64_t		 t;
	size_t		 i;

	for (i = 0; act != NULL && i < 3; i++) {
		if (entra_time(e, act, fields[i], path, &t, errp) == -1)
			return -1;
		nodeset_used(n, t);
		if (json_str(act, fields[i]) != NULL)
			nodeset_attr_str(n, fields[i], json_str(act,
			    fields[i]));
	}
	return 0;
}

int
entra_user(void *ctx, const char *path, cJSON *rec, const char *problem,
    char **errp)
{
	static const char *const attrs[] = {
		"userPrincipalName", "mail", "otherMails", "userType",
		"accountEnabled", "jobTitle", "department", "employeeId",
		"onPremisesSyncEnabled", "creationType", "externalUserState",
		"employeeLeaveDateTime", "createdDateTime"
	};
	struct entra		*e = ctx;
	struct nodeset_node	*n;
	const char		*type = json_str(rec, "userType");
	char			*key;
	int64_t			 t;
	int			 rc = 0, enabled;

	if (entra_bad(e, path, rec, problem, errp, &rc))
		return rc;
	key = xasprintf("entra:%s", entra_id(rec));
	n = nodeset_node(e->ns, key, NULL);
	nodeset_describe(n, KIND_NODE_HUMAN, type != NULL &&
	    strcmp(type, "Guest") == 0 ? "EntraUser,EntraGuest" : "EntraUser",
	    entra_str2(rec, "displayName", "userPrincipalName"));
	nodeset_attr_str(n, "id", entra_id(rec));
	entra_copy(e, key, rec, attrs, sizeof(attrs) / sizeof(attrs[0]));
	if (json_bool(rec, "accountEnabled", &enabled) == 1)
		nodeset_disabled(n, !enabled);
	if ((rc = entra_time(e, rec, "createdDateTime", path, &t, errp)) == 0)
		nodeset_created(n, t);
	if (rc == 0 && (rc = entra_time(e, rec, "lastPasswordChangeDateTime",
	    path, &t, errp)) == 0)
		nodeset_rotated(n, t);
	if (rc == 0)
		rc = entra_user_signin(e, n, rec, path, errp);
	free(key);
	return rc;
}

int
entra_group(void *ctx, const char *path, cJSON *rec, const char *problem,
    char **errp)
{
	static const char *const attrs[] = {
		"mail", "mailEnabled", "securityEnabled", "groupTypes",
		"isAssignableToRole", "membershipRule", "description",
		"onPremisesSyncEnabled", "visibility"
	};
	struct entra		*e = ctx;
	struct nodeset_node	*n;
	char			*key;
	int64_t			 t;
	int			 rc = 0, b = 0;

	if (entra_bad(e, path, rec, problem, errp, &rc))
		return rc;
	key = xasprintf("entra:%s", entra_id(rec));
	n = nodeset_node(e->ns, key, NULL);
	json_bool(rec, "isAssignableToRole", &b);
	nodeset_describe(n, KIND_NODE_GROUP, b ?
	    "EntraGroup,EntraRoleAssignableGroup" : "EntraGroup",
	    json_str(rec, "displayName"));
	nodeset_attr_str(n, "id", entra_id(rec));
	entra_copy(e, key, rec, attrs, sizeof(attrs) / sizeof(attrs[0]));
	if ((rc = entra_time(e, rec, "createdDateTime", path, &t, errp)) == 0)
		nodeset_created(n, t);
	if (rc == 0)
		rc = entra_expanded(e, entra_id(rec), rec, path, errp);
	free(key);
	return rc;
}

/* Write the permissions an application requests ("resource/type/id"). */
static void
entra_requested(struct nodeset_node *n, const cJSON *rec)
{
	const cJSON	*res, *acc;
	struct strbuf	 sb, item;
	struct jsonw	 w;

	strbuf_init(&sb);
	strbuf_init(&item);
	jsonw_init(&w, &sb, 0);
	jsonw_array_begin(&w);
	cJSON_ArrayForEach(res, json_get(rec, "requiredResourceAccess")) {
		cJSON_ArrayForEach(acc, json_get(res, "resourceAccess")) {
			strbuf_reset(&item);
			strbuf_addf(&item, "%s/%s/%s",
			    json_str(res, "resourceAppId") != NULL ?
			    json_str(res, "resourceAppId") : "?",
			    json_str(acc, "type") != NULL ?
			    json_str(acc, "type") : "?",
			    json_str(acc, "id") != NULL ?
			    json_str(acc, "id") : "?");
			jsonw_str(&w, item.buf);
		}
	}
	jsonw_array_end(&w);
	if (sb.len > 2)
		nodeset_attr_raw(n, "requiredResourceAccess", sb.buf);
	strbuf_free(&item);
	strbuf_free(&sb);
}

int
entra_application(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	static const char *const attrs[] = {
		"appId", "signInAudience", "publisherDomain", "identifierUris",
		"createdDateTime", "description", "tags",
		"availableToOtherTenants"
	};
	struct entra			*e = ctx;
	const struct entra_object	*o;
	struct nodeset_node		*n;
	const char			*app = json_str(rec, "appId");
	char				*sp;
	uint64_t			 idx;
	int64_t				 t;
	int				 rc = 0;

	if (entra_bad(e, path, rec, problem, errp, &rc))
		return rc;
	if ((o = entra_object(e, entra_id(rec))) == NULL)
		return entra_warn(e, path, errp, "application was not "
		    "indexed; skipped");
	n = nodeset_node(e->ns, o->key, NULL);
	nodeset_describe(n, KIND_NODE_OAUTH_APP, "EntraApplication",
	    json_str(rec, "displayName"));
	nodeset_attr_str(n, "id", entra_id(rec));
	entra_copy(e, o->key, rec, attrs, sizeof(attrs) / sizeof(attrs[0]));
	entra_requested(n, rec);
	if ((rc = entra_time(e, rec, "createdDateTime", path, &t, errp)) == 0)
		nodeset_created(n, t);
	if (app != NULL && hmap_get(e->sp_index, app, strlen(app), &idx)) {
		sp = xasprintf("entra:sp:%s", app);
		entra_edge(e, o->key, sp, KIND_EDGE_RUNS_AS, "RunsAs", NULL);
		free(sp);
	}
	if (rc == 0)
		rc = entra_credentials(e, o->key, rec, path, errp);
	if (rc == 0)
		rc = entra_expanded(e, entra_id(rec), rec, path, errp);
	return rc;
}

int
entra_service_principal(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	static const char *const attrs[] = {
		"appId", "appDisplayName", "servicePrincipalType",
		"appOwnerOrganizationId", "appOwnerTenantId", "accountEnabled",
		"appRoleAssignmentRequired", "servicePrincipalNames",
		"alternativeNames", "tags", "publisherName", "signInAudience",
		"preferredSingleSignOnMode"
	};
	struct entra			*e = ctx;
	const struct entra_object	*o;
	struct nodeset_node		*n;
	const char			*type = json_str(rec,
					    "servicePrincipalType");
	int				 rc = 0, enabled;

	if (entra_bad(e, path, rec, problem, errp, &rc))
		return rc;
	if ((o = entra_object(e, entra_id(rec))) == NULL)
		return entra_warn(e, path, errp, "service principal was not "
		    "indexed; skipped");
	n = nodeset_node(e->ns, o->key, NULL);
	nodeset_describe(n, KIND_NODE_SERVICE_ACCOUNT, type != NULL &&
	    strcmp(type, "ManagedIdentity") == 0 ?
	    "EntraServicePrincipal,EntraManagedIdentity" :
	    "EntraServicePrincipal", json_str(rec, "displayName"));
	nodeset_attr_str(n, "id", entra_id(rec));
	entra_copy(e, o->key, rec, attrs, sizeof(attrs) / sizeof(attrs[0]));
	if (e->tenant != NULL && o->owner_tenant != NULL)
		nodeset_attr_bool(n, "third_party",
		    strcmp(o->owner_tenant, e->tenant) != 0);
	if (json_bool(rec, "accountEnabled", &enabled) == 1)
		nodeset_disabled(n, !enabled);
	rc = entra_credentials(e, o->key, rec, path, errp);
	if (rc == 0)
		rc = entra_expanded(e, entra_id(rec), rec, path, errp);
	return rc;
}

int
entra_organization(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	struct entra		*e = ctx;
	struct nodeset_node	*n;
	const cJSON		*d;
	struct strbuf		 sb;
	char			*key;
	int			 rc = 0;

	if (entra_bad(e, path, rec, problem, errp, &rc))
		return rc;
	key = xasprintf("entra:%s", entra_id(rec));
	n = nodeset_node(e->ns, key, NULL);
	nodeset_describe(n, KIND_NODE_SYSTEM, "EntraTenant",
	    json_str(rec, "displayName"));
	nodeset_attr_str(n, "tenantType", json_str(rec, "tenantType"));
	strbuf_init(&sb);
	strbuf_addch(&sb, '[');
	cJSON_ArrayForEach(d, json_get(rec, "verifiedDomains")) {
		if (json_str(d, "name") == NULL)
			continue;
		if (sb.len > 1)
			strbuf_addch(&sb, ',');
		jsonw_escape(&sb, json_str(d, "name"),
		    strlen(json_str(d, "name")));
	}
	strbuf_addch(&sb, ']');
	if (sb.len > 2)
		nodeset_attr_raw(n, "verifiedDomains", sb.buf);
	strbuf_free(&sb);
	free(key);
	return 0;
}
