/*
 * Service accounts and their keys (see gcp.h), from "gcloud iam
 * service-accounts list" and "keys list" output or from the data of
 * iam.googleapis.com/ServiceAccount and ServiceAccountKey assets, which
 * have the same fields.
 *
 * A key is a credential keyed by its full resource name
 * (//iam.googleapis.com/projects/P/serviceAccounts/EMAIL/keys/ID) that
 * authenticates as its account. Its validity runs from validAfterTime to
 * validBeforeTime; GCP writes 9999-12-31T23:59:59Z for a key that never
 * expires, which is read as "never". keyType separates keys that Google
 * manages and rotates (SYSTEM_MANAGED) from keys that someone created
 * and may have downloaded (USER_MANAGED).
 */
#include <stdlib.h>
#include <string.h>

#include "gcp.h"
#include "import.h"
#include "json.h"
#include "nodeset.h"
#include "tstamp.h"
#include "xalloc.h"

/* The project part of "projects/P/serviceAccounts/...", allocated. */
static char *
gcp_account_project(const char *name)
{
	const char	*p = strstr(name, "projects/"), *end;

	if (p == NULL || (p != name && p[-1] != '/'))
		return NULL;
	p += 9;
	end = p + strcspn(p, "/");
	if (end == p || (end == p + 1 && *p == '-'))
		return NULL;
	return xstrndup(p, (size_t)(end - p));
}

/* Link an account to its project, and note it for project-wide roles. */
static void
gcp_account_project_edge(struct gcp *g, const char *key, const char *project)
{
	struct record_edge	 e;
	char			*pname, *pkey;

	gcp_note_account(g, key, project);
	if (project == NULL)
		return;
	pname = gcp_project_name(project);
	pkey = xasprintf("gcp:%s", pname);
	nodeset_refer(nodeset_node(g->ns, pkey, NULL), KIND_NODE_SYSTEM,
	    "GCPProject", project);
	record_edge_init(&e);
	e.src = pkey;
	e.dst = key;
	e.kind = KIND_EDGE_RELATED;
	e.raw = "Contains";
	nodeset_edge(g->ns, &e);
	free(pkey);
	free(pname);
}

int
gcp_service_account(struct gcp *g, const cJSON *rec, const char *path,
    char **errp)
{
	static const char *const attrs[] = {
		"uniqueId", "displayName", "description", "oauth2ClientId",
		"projectId", "name"
	};
	struct nodeset_node	*n;
	const char		*email = json_str(rec, "email"), *name;
	char			*key, *alias, *project = NULL;
	size_t			 i;
	int			 disabled;

	if (email == NULL || *email == '\0')
		return gcp_warn(g, path, errp, "service account has no email; "
		    "skipped");
	alias = xasprintf("serviceAccount:%s", email);
	key = gcp_member(g, alias);
	free(alias);
	n = nodeset_node(g->ns, key, NULL);
	nodeset_describe(n, KIND_NODE_SERVICE_ACCOUNT, "GCPServiceAccount",
	    key + 19);
	nodeset_attr_str(n, "email", email);
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		nodeset_attr_str(n, attrs[i], json_str(rec, attrs[i]));
	if (json_bool(rec, "disabled", &disabled) == 1) {
		nodeset_disabled(n, disabled);
		nodeset_attr_bool(n, "disabled", disabled);
	}
	if ((name = json_str(rec, "uniqueId")) != NULL) {
		alias = xasprintf("gcp:serviceAccount:%s", name);
		nodeset_alias(g->ns, alias, key);
		free(alias);
	}
	if ((name = json_str(rec, "name")) != NULL) {
		gcp_note_scope(g, name);
		project = gcp_account_project(name);
	}
	if (project == NULL && json_str(rec, "projectId") != NULL)
		project = xstrdup(json_str(rec, "projectId"));
	gcp_account_project_edge(g, key, project);
	free(project);
	free(key);
	return 0;
}

/* Copy the fields of a key record into the key's node. */
static int
gcp_key_fields(struct gcp *g, struct nodeset_node *n, const cJSON *rec,
    const char *path, char **errp)
{
	static const char *const attrs[] = {
		"keyType", "keyOrigin", "keyAlgorithm", "validAfterTime",
		"validBeforeTime", "name"
	};
	const char	*type = json_str(rec, "keyType");
	int64_t		 t;
	size_t		 i;
	int		 disabled;

	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		nodeset_attr_str(n, attrs[i], json_str(rec, attrs[i]));
	nodeset_attr_str(n, "managed_by", type == NULL ? "unknown" :
	    strcmp(type, "SYSTEM_MANAGED") == 0 ? "google" :
	    strcmp(type, "USER_MANAGED") == 0 ? "user" : type);
	if (gcp_time(g, rec, "validAfterTime", path, &t, errp) == -1)
		return -1;
	nodeset_created(n, t);
	if (gcp_time(g, rec, "validBeforeTime", path, &t, errp) == -1)
		return -1;
	/* 9999-12-31T23:59:59Z is how GCP writes "no expiry". */
	nodeset_expires(n, t >= TSTAMP_MAX - 86400 ? TSTAMP_NEVER : t);
	if (json_bool(rec, "disabled", &disabled) == 1) {
		nodeset_disabled(n, disabled);
		nodeset_attr_bool(n, "disabled", disabled);
	}
	return 0;
}

int
gcp_key(struct gcp *g, const cJSON *rec, const char *asset_name,
    const char *path, char **errp)
{
	struct nodeset_node	*n;
	struct record_edge	 e;
	const char		*name = json_str(rec, "name"), *keys, *id;
	char			*full, *key, *account, *project, *label;
	int			 rc;

	if (asset_name == NULL && (name == NULL ||
	    strstr(name, "/serviceAccounts/") == NULL))
		return gcp_warn(g, path, errp, "key has no name under "
		    "serviceAccounts/; skipped");
	full = asset_name != NULL ? xstrdup(asset_name) :
	    xasprintf("%s%s", strncmp(name, "//", 2) == 0 ? "" :
	    "//iam.googleapis.com/", name);
	if ((keys = strstr(full, "/keys/")) == NULL ||
	    strstr(full, "/serviceAccounts/") == NULL) {
		free(full);
		return gcp_warn(g, path, errp, "key name does not end in "
		    "/serviceAccounts/EMAIL/keys/ID; skipped");
	}
	id = keys + 6;
	gcp_note_scope(g, full);
	key = xasprintf("gcp:%s", full);
	account = xstrndup(full, (size_t)(keys - full));
	label = gcp_resource_key(account);
	free(account);
	account = label;
	project = gcp_account_project(full);
	n = nodeset_node(g->ns, key, NULL);
	label = xasprintf("%s key %s", account + 19, id);
	nodeset_describe(n, KIND_NODE_CREDENTIAL, "GCPServiceAccountKey",
	    label);
	free(label);
	nodeset_credential_type(n, "service_account_key");
	nodeset_attr_str(n, "key_id", id);
	rc = gcp_key_fields(g, n, rec, path, errp);
	nodeset_refer(nodeset_node(g->ns, account, NULL),
	    KIND_NODE_SERVICE_ACCOUNT, "GCPServiceAccount", account + 19);
	gcp_account_project_edge(g, account, project);
	record_edge_init(&e);
	e.src = key;
	e.dst = account;
	e.kind = KIND_EDGE_AUTHENTICATES_AS;
	e.raw = "ServiceAccountKey";
	nodeset_edge(g->ns, &e);
	free(project);
	free(account);
	free(key);
	free(full);
	return rc;
}
