/*
 * Credentials of applications and service principals (see entra.h):
 * passwordCredentials (client secrets), keyCredentials (certificates),
 * federatedIdentityCredentials, and the sign-in activity reports that
 * give the last use of a service principal or a credential.
 *
 * A secret or certificate is keyed under its owner by keyId
 * ("entra:app:<appId>#secret/<keyId>", "#cert/<keyId>") and
 * authenticates as its owner. Its value (secretText, or value in the
 * older dialect) is never kept: when an export contains one, only its
 * fingerprint is. A federated identity credential ("#fic/<id>") keeps
 * its issuer and subject, which the joins match against GitHub Actions
 * and other token issuers.
 */
#include <stdlib.h>
#include <string.h>

#include "entra.h"
#include "import.h"
#include "json.h"
#include "nodeset.h"
#include "redact.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

/* Read the start and end of a credential in either dialect. */
static int
entra_cred_dates(struct entra *e, struct nodeset_node *n, const cJSON *c,
    const char *path, char **errp)
{
	int64_t	 t;

	if (entra_time(e, c, json_get(c, "startDateTime") != NULL ?
	    "startDateTime" : "startDate", path, &t, errp) == -1)
		return -1;
	nodeset_created(n, t);
	/* A credential is rotated by replacing it, so its start is both. */
	nodeset_rotated(n, t);
	if (entra_time(e, c, json_get(c, "endDateTime") != NULL ?
	    "endDateTime" : "endDate", path, &t, errp) == -1)
		return -1;
	nodeset_expires(n, t);
	return 0;
}

/* Describe one password or key credential of owner_key. */
static int
entra_cred(struct entra *e, const char *owner_key, const char *owner_name,
    const cJSON *c, int secret, const char *path, char **errp)
{
	static const char *const attrs[] = {
		"keyId", "displayName", "hint", "customKeyIdentifier", "type",
		"usage", "startDateTime", "endDateTime", "startDate", "endDate"
	};
	struct nodeset_node	*n;
	const char		*id = json_str(c, "keyId");
	const char		*value = entra_str2(c, "secretText", "value");
	char			*key, *name, hex[65];

	if (!cJSON_IsObject(c) || id == NULL)
		return entra_warn(e, path, errp, "credential has no keyId; "
		    "skipped");
	key = xasprintf("%s#%s/%s", owner_key, secret ? "secret" : "cert",
	    id);
	name = xasprintf("%s %s %s", owner_name != NULL ? owner_name :
	    owner_key, secret ? "secret" : "certificate",
	    json_str(c, "displayName") != NULL ? json_str(c, "displayName") :
	    id);
	n = nodeset_node(e->ns, key, NULL);
	nodeset_describe(n, KIND_NODE_CREDENTIAL, secret ?
	    "EntraPasswordCredential" : "EntraKeyCredential", name);
	nodeset_credential_type(n, secret ? "client_secret" : "certificate");
	entra_copy(e, key, c, attrs, sizeof(attrs) / sizeof(attrs[0]));
	free(name);
	/* entra_redact() made the value a marker with its fingerprint. */
	if (value != NULL && redact_marker_fingerprint(value, hex))
		nodeset_attr_str(n, "fingerprint", hex);
	entra_edge(e, key, owner_key, KIND_EDGE_AUTHENTICATES_AS, secret ?
	    "PasswordCredential" : "KeyCredential", NULL);
	free(key);
	return entra_cred_dates(e, n, c, path, errp);
}

int
entra_credentials(struct entra *e, const char *owner_key, const cJSON *rec,
    const char *path, char **errp)
{
	static const char *const lists[] = {
		"passwordCredentials", "keyCredentials"
	};
	const cJSON	*c;
	char		*cpath;
	size_t		 i, j;
	int		 rc = 0;

	for (i = 0; i < 2 && rc == 0; i++) {
		j = 0;
		cJSON_ArrayForEach(c, json_get(rec, lists[i])) {
			cpath = xasprintf("%s.%s[%zu]", path, lists[i], j++);
			rc = entra_cred(e, owner_key, json_str(rec,
			    "displayName"), c, i == 0, cpath, errp);
			free(cpath);
			if (rc == -1)
				break;
		}
	}
	return rc;
}

int
entra_federated_of(struct entra *e, const char *app_key, const cJSON *fic,
    const char *path, char **errp)
{
	static const char *const attrs[] = {
		"id", "name", "issuer", "subject", "audiences", "description"
	};
	struct nodeset_node	*n;
	const char		*id = entra_str2(fic, "id", "name");
	const cJSON		*expr;
	char			*key;

	if (!cJSON_IsObject(fic) || id == NULL ||
	    json_str(fic, "issuer") == NULL)
		return entra_warn(e, path, errp, "federated identity "
		    "credential has no id or issuer; skipped");
	expr = json_get(fic, "claimsMatchingExpression");
	key = xasprintf("%s#fic/%s", app_key, id);
	n = nodeset_node(e->ns, key, NULL);
	nodeset_describe(n, KIND_NODE_CREDENTIAL,
	    "EntraFederatedIdentityCredential", json_str(fic, "name") !=
	    NULL ? json_str(fic, "name") : id);
	nodeset_credential_type(n, "federated_identity_credential");
	entra_copy(e, key, fic, attrs, sizeof(attrs) / sizeof(attrs[0]));
	if (json_str(expr, "value") != NULL)
		nodeset_attr_str(n, "claimsMatchingExpression",
		    json_str(expr, "value"));
	entra_edge(e, key, app_key, KIND_EDGE_AUTHENTICATES_AS,
	    "FederatedIdentityCredential", NULL);
	free(key);
	return 0;
}

int
entra_federated(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	struct entra			*e = ctx;
	const struct entra_object	*o = entra_object(e, e->parent);

	if (problem != NULL)
		return entra_warn(e, path, errp, "%s; record skipped", problem);
	if (o == NULL || o->set != ENTRA_APPLICATIONS)
		return entra_warn(e, path, errp, "the application \"%s\" these "
		    "credentials belong to is not in the export; skipped",
		    e->parent != NULL ? e->parent : "?");
	return entra_federated_of(e, o->key, rec, path, errp);
}

int
entra_sp_signin(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	static const char *const flows[] = {
		"lastSignInActivity", "delegatedClientSignInActivity",
		"delegatedResourceSignInActivity",
		"applicationAuthenticationClientSignInActivity",
		"applicationAuthenticationResourceSignInActivity"
	};
	struct entra		*e = ctx;
	struct nodeset_node	*n;
	const char		*app = json_str(rec, "appId"), *when;
	char			*key, *name;
	uint64_t		 idx;
	int64_t			 t;
	size_t			 i;

	if (problem != NULL)
		return entra_warn(e, path, errp, "%s; record skipped", problem);
	if (app == NULL || !hmap_get(e->sp_index, app, strlen(app), &idx))
		return entra_warn(e, path, errp, "no service principal of "
		    "appId %s is in the export; sign-in activity skipped",
		    app != NULL ? app : "?");
	key = xasprintf("entra:sp:%s", app);
	n = nodeset_node(e->ns, key, NULL);
	for (i = 0; i < 5; i++) {
		when = json_str(json_get(rec, flows[i]), "lastSignInDateTime");
		if (when == NULL)
			continue;
		name = xasprintf("signin:%s", flows[i]);
		nodeset_attr_str(n, name, when);
		free(name);
		if (entra_time(e, json_get(rec, flows[i]),
		    "lastSignInDateTime", path, &t, errp) == -1) {
			free(key);
			return -1;
		}
		nodeset_used(n, t);
	}
	free(key);
	return 0;
}

int
entra_cred_signin(void *ctx, const char *path, cJSON *rec,
    const char *problem, char **errp)
{
	struct entra		*e = ctx;
	struct nodeset_node	*n;
	const char		*app = json_str(rec, "appId");
	const char		*id = json_str(rec, "keyId");
	const char		*origin = json_str(rec, "credentialOrigin");
	const char		*type = json_str(rec, "keyType");
	char			*key;
	int64_t			 t;

	if (problem != NULL)
		return entra_warn(e, path, errp, "%s; record skipped", problem);
	if (app == NULL || id == NULL)
		return entra_warn(e, path, errp, "credential activity has no "
		    "appId or keyId; skipped");
	key = xasprintf("entra:%s:%s#%s/%s", origin != NULL &&
	    strcmp(origin, "servicePrincipal") == 0 ? "sp" : "app", app,
	    type != NULL && strcmp(type, "certificate") == 0 ? "cert" :
	    "secret", id);
	n = nodeset_node(e->ns, key, NULL);
	nodeset_refer(n, KIND_NODE_CREDENTIAL, type != NULL &&
	    strcmp(type, "certificate") == 0 ? "EntraKeyCredential" :
	    "EntraPasswordCredential", NULL);
	nodeset_attr_str(n, "lastSignInDateTime", json_str(json_get(rec,
	    "signInActivity"), "lastSignInDateTime"));
	if (entra_time(e, json_get(rec, "signInActivity"),
	    "lastSignInDateTime", path, &t, errp) == -1) {
		free(key);
		return -1;
	}
	nodeset_used(n, t);
	free(key);
	return 0;
}
