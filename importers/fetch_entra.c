/*
 * trustwalk fetch entra: a tenant's Microsoft Graph responses, saved in
 * the folder layout the entra-graph importer reads (docs/formats.md,
 * "Entra ID: Microsoft Graph"), each collection's pages one after
 * another in one file.
 *
 * The requests, in order:
 *
 *   1. the organisation. Its failure stops the run, and its id or one of
 *      its verified domains must be --tenant, so that a token for
 *      another tenant is caught before anything is saved;
 *   2. the users with signInActivity, which needs AuditLog.Read.All and
 *      an Entra ID P1 or P2 licence. When that is refused they are read
 *      again without it, and the sign-in times are recorded as missing;
 *   3. groups, applications, service principals, directory roles with
 *      their members, role definitions and assignments, delegated
 *      grants;
 *   4. the owners and members of each group, the owners and federated
 *      credentials of each application, and the owners and app role
 *      assignments of each service principal, both held
 *      (appRoleAssignments) and granted (appRoleAssignedTo), so that
 *      users' and groups' assignments are read too;
 *   5. the two sign-in activity reports of the beta API.
 *
 * Lists follow @odata.nextLink.
 *
 * The token is an access token for Microsoft Graph from
 * TRUSTWALK_ENTRA_TOKEN or --token-file; acquiring one is left to the
 * analyst's tools (az account get-access-token, a client credentials
 * flow).
 */
#include "fetch_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"
#include "xalloc.h"

/* Microsoft Graph. */
#define ENTRA_API	"https://graph.microsoft.com"

/* The user fields the importer reads. */
#define ENTRA_USER_FIELDS	"id,displayName,userPrincipalName,mail," \
	"otherMails,userType,accountEnabled,jobTitle,department,employeeId," \
	"onPremisesSyncEnabled,externalUserState,createdDateTime," \
	"lastPasswordChangeDateTime"

struct entra_fetch {
	struct fetch		*f;
	struct fetch_names	 groups;
	struct fetch_names	 apps;
	struct fetch_names	 sps;
	struct fetch_names	 tenant;	/* id and verified domains */
};

/* Collect the "id" of each record. */
static int
entra_collect(void *ctx, const char *path, cJSON *value, const char *problem,
    char **errp)
{
	struct fetch_names	*names = ctx;
	const char		*id;

	(void)path;
	(void)problem;
	(void)errp;
	if (value != NULL && (id = json_str(value, "id")) != NULL)
		fetch_names_add(names, id);
	return 0;
}

/* Collect the tenant's id and verified domain names, in lower case. */
static int
entra_collect_tenant(void *ctx, const char *path, cJSON *value,
    const char *problem, char **errp)
{
	struct fetch_names	*names = ctx;
	const cJSON		*d;
	const char		*v;
	char			*low, *p;

	(void)path;
	(void)problem;
	(void)errp;
	if (value == NULL)
		return 0;
	if ((v = json_str(value, "id")) != NULL)
		fetch_names_add(names, v);
	cJSON_ArrayForEach(d, json_get(value, "verifiedDomains")) {
		if ((v = json_str(d, "name")) == NULL)
			continue;
		low = xstrdup(v);
		for (p = low; *p != '\0'; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		fetch_names_add(names, low);
		free(low);
	}
	return 0;
}

/*
 * Read one collection: path after the base (escaped, with its query),
 * into file. Sets *outcome when not NULL.
 */
static int
entra_list(struct entra_fetch *e, const char *endpoint, const char *path,
    const char *file, json_record_fn fn, void *ctx, int flags,
    enum fetch_outcome *outcome, char **errp)
{
	struct fetch_list	 l;
	char			*url = fetch_url(e->f, "%s", path);
	int			 rc;

	memset(&l, 0, sizeof(l));
	l.endpoint = endpoint;
	l.url = url;
	l.pager = FETCH_PAGER_ODATA;
	l.items = "value[]";
	l.on_item = fn;
	l.ctx = ctx;
	l.file = file;
	l.anchor = (flags & 1) != 0;
	l.quiet_denied = (flags & 2) != 0;
	rc = fetch_list(e->f, &l, errp);
	if (outcome != NULL)
		*outcome = l.outcome;
	fetch_list_clear(&l);
	free(url);
	return rc;
}

/* The organisation, which must be the tenant --tenant names. */
static int
entra_organization(struct entra_fetch *e, char **errp)
{
	const char	*want = e->f->opts->tenant;
	char		*low, *p;
	int		 rc, match;

	rc = entra_list(e, "v1.0/organization", "/v1.0/organization",
	    "organization.json", entra_collect_tenant, &e->tenant, 1, NULL,
	    errp);
	if (rc == -1)
		return -1;
	low = xstrdup(want);
	for (p = low; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	match = fetch_names_has(&e->tenant, low) ||
	    fetch_names_has(&e->tenant, want);
	free(low);
	if (!match) {
		*errp = xasprintf("the token is for tenant %s, not --tenant %s; "
		    "nothing was imported", e->tenant.n > 0 ? e->tenant.v[0] :
		    "(none named)", want);
		e->f->stop = FETCH_USAGE;
		return -1;
	}
	return 0;
}

/* The users, with their sign-in activity when the token may read it. */
static int
entra_users(struct entra_fetch *e, char **errp)
{
	enum fetch_outcome	 oc;
	int			 rc;

	rc = entra_list(e, "v1.0/users", "/v1.0/users?$select="
	    ENTRA_USER_FIELDS ",signInActivity&$top=999", "users.json", NULL,
	    NULL, 2, &oc, errp);
	if (rc == -1 || oc != FETCH_DENIED)
		return rc;
	fetch_missing(e->f, "v1.0/users?$select=signInActivity", "users.json",
	    403, "the users' sign-in activity was refused (it needs "
	    "AuditLog.Read.All and an Entra ID P1 or P2 licence); users are "
	    "read without their last sign-in times");
	return entra_list(e, "v1.0/users", "/v1.0/users?$select="
	    ENTRA_USER_FIELDS "&$top=999", "users.json", NULL, NULL, 0, NULL,
	    errp);
}

/* The tenant-wide collections. */
static int
entra_collections(struct entra_fetch *e, char **errp)
{
	static const struct {
		const char	*path;
		const char	*file;
		int		 collect;	/* 1 groups, 2 apps, 3 SPs */
	} lists[] = {
		{ "/v1.0/groups?$top=999", "groups.json", 1 },
		{ "/v1.0/applications?$top=999", "applications.json", 2 },
		{ "/v1.0/servicePrincipals?$top=999", "servicePrincipals.json",
		    3 },
		{ "/v1.0/directoryRoles?$expand=members", "directoryRoles.json",
		    0 },
		{ "/v1.0/roleManagement/directory/roleDefinitions",
		    "roleManagement/directory/roleDefinitions.json", 0 },
		{ "/v1.0/roleManagement/directory/roleAssignments",
		    "roleManagement/directory/roleAssignments.json", 0 },
		{ "/v1.0/oauth2PermissionGrants", "oauth2PermissionGrants.json",
		    0 },
	};
	struct fetch_names	*into[] = { NULL, &e->groups, &e->apps,
				    &e->sps };
	char			*ep;
	size_t			 i;
	int			 rc = 0;

	for (i = 0; rc == 0 && i < sizeof(lists) / sizeof(lists[0]); i++) {
		ep = xstrndup(lists[i].path + 1, strcspn(lists[i].path + 1,
		    "?"));
		rc = entra_list(e, ep, lists[i].path, lists[i].file,
		    lists[i].collect != 0 ? entra_collect : NULL,
		    into[lists[i].collect], 0, NULL, errp);
		free(ep);
	}
	return rc;
}

/* One relationship of each object of a set: SET/ID/WHAT.json. */
static int
entra_related(struct entra_fetch *e, const char *set,
    const struct fetch_names *ids, const char *what, const char *query,
    char **errp)
{
	struct strbuf	 path;
	char		*ep, *file;
	size_t		 i;
	int		 rc = 0;

	strbuf_init(&path);
	for (i = 0; rc == 0 && i < ids->n; i++) {
		ep = xasprintf("v1.0/%s/%s/%s", set, ids->v[i], what);
		if (!fetch_safe_name(ids->v[i])) {
			fetch_missing(e->f, ep, NULL, 0, "the id cannot be a "
			    "file name in the folder; not fetched");
			free(ep);
			continue;
		}
		strbuf_reset(&path);
		strbuf_addf(&path, "/v1.0/%s/", set);
		fetch_http_escape(&path, ids->v[i]);
		strbuf_addf(&path, "/%s%s", what, query);
		file = xasprintf("%s/%s/%s.json", set, ids->v[i], what);
		rc = entra_list(e, ep, path.buf, file, NULL, NULL, 0, NULL,
		    errp);
		free(file);
		free(ep);
	}
	strbuf_free(&path);
	return rc;
}

/* The sign-in activity reports of the beta API. */
static int
entra_reports(struct entra_fetch *e, char **errp)
{
	int	 rc;

	rc = entra_list(e, "beta/reports/servicePrincipalSignInActivities",
	    "/beta/reports/servicePrincipalSignInActivities",
	    "reports/servicePrincipalSignInActivities.json", NULL, NULL, 0,
	    NULL, errp);
	if (rc == 0)
		rc = entra_list(e, "beta/reports/appCredentialSignInActivities",
		    "/beta/reports/appCredentialSignInActivities",
		    "reports/appCredentialSignInActivities.json", NULL, NULL,
		    0, NULL, errp);
	return rc;
}

static enum fetch_status
entra_run(struct fetch *f, char **errp)
{
	struct entra_fetch	 e;
	int			 rc;

	memset(&e, 0, sizeof(e));
	e.f = f;
	rc = entra_organization(&e, errp);
	if (rc == 0)
		rc = entra_users(&e, errp);
	if (rc == 0)
		rc = entra_collections(&e, errp);
	if (rc == 0)
		rc = entra_related(&e, "groups", &e.groups, "members",
		    "?$top=999", errp);
	if (rc == 0)
		rc = entra_related(&e, "groups", &e.groups, "owners", "",
		    errp);
	if (rc == 0)
		rc = entra_related(&e, "applications", &e.apps, "owners", "",
		    errp);
	if (rc == 0)
		rc = entra_related(&e, "applications", &e.apps,
		    "federatedIdentityCredentials", "", errp);
	if (rc == 0)
		rc = entra_related(&e, "servicePrincipals", &e.sps, "owners",
		    "", errp);
	if (rc == 0)
		rc = entra_related(&e, "servicePrincipals", &e.sps,
		    "appRoleAssignments", "", errp);
	if (rc == 0)
		rc = entra_related(&e, "servicePrincipals", &e.sps,
		    "appRoleAssignedTo", "", errp);
	if (rc == 0)
		rc = entra_reports(&e, errp);
	if (rc == 0)
		fetch_add_input(f, ".");
	fetch_names_free(&e.groups);
	fetch_names_free(&e.apps);
	fetch_names_free(&e.sps);
	fetch_names_free(&e.tenant);
	return rc == 0 ? FETCH_DONE : f->stop;
}

static int
entra_check(const struct fetch_options *o, char **errp)
{
	if (o->tenant == NULL || *o->tenant == '\0') {
		*errp = xstrdup("fetch entra needs --tenant ID, the tenant id "
		    "or one of its verified domains");
		return -1;
	}
	return 0;
}

static const char *
entra_base(const struct fetch_options *o)
{
	return o->api != NULL ? o->api : ENTRA_API;
}

const struct fetch_source fetch_source_entra = {
	.name = "entra",
	.usage = "--tenant ID [--api URL]",
	.summary = "a tenant's Microsoft Graph responses (entra-graph)",
	.token = FETCH_TOKEN_REQUIRED,
	.token_env = { "TRUSTWALK_ENTRA_TOKEN", NULL, NULL },
	.check = entra_check,
	.base = entra_base,
	.headers = { "Accept: application/json", NULL, NULL, NULL },
	.run = entra_run,
};
