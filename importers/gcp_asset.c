/*
 * Records of Cloud Asset Inventory (see gcp.h). An export writes one
 * record per asset and content type, in snake_case ("asset_type",
 * "iam_policy") when exported to Cloud Storage and in camelCase
 * ("assetType", "iamPolicy") from the API and gcloud:
 *
 *   {"name": "//storage.googleapis.com/bucket", "asset_type": "...",
 *    "resource": {"data": {...}, "parent": "//..."},
 *    "iam_policy": {"bindings": [...]}, "ancestors": ["projects/1", ...]}
 *
 * Each asset is a node keyed by its full name: a system, except service
 * accounts, their keys, custom roles and workload identity providers,
 * which get their own kinds. The parent (resource.parent, else the first
 * ancestor) contains the asset. A policy search result ({"resource",
 * "policy", "project"}) adds the bindings of its resource.
 */
#include <stdlib.h>
#include <string.h>

#include "gcp.h"
#include "import.h"
#include "json.h"
#include "jsonw.h"
#include "nodeset.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

/* The node kind and source kind of an asset type. */
struct gcp_asset_type {
	const char	*type;
	enum kind_node	 kind;
	const char	*kinds;
};

static const struct gcp_asset_type gcp_asset_types[] = {
	{ "cloudresourcemanager.googleapis.com/Organization",
	  KIND_NODE_SYSTEM, "GCPOrganization" },
	{ "cloudresourcemanager.googleapis.com/Folder", KIND_NODE_SYSTEM,
	  "GCPFolder" },
	{ "cloudresourcemanager.googleapis.com/Project", KIND_NODE_SYSTEM,
	  "GCPProject" },
	{ "iam.googleapis.com/ServiceAccount", KIND_NODE_SERVICE_ACCOUNT,
	  "GCPServiceAccount" },
	{ "iam.googleapis.com/ServiceAccountKey", KIND_NODE_CREDENTIAL,
	  "GCPServiceAccountKey" },
	{ "iam.googleapis.com/Role", KIND_NODE_ROLE, "GCPCustomRole" },
	{ "iam.googleapis.com/WorkloadIdentityPool", KIND_NODE_SYSTEM,
	  "GCPWorkloadIdentityPool" },
	{ "iam.googleapis.com/WorkloadIdentityPoolProvider", KIND_NODE_SYSTEM,
	  "GCPWorkloadIdentityPoolProvider" },
	{ "container.googleapis.com/Cluster", KIND_NODE_SYSTEM,
	  "GCPGKECluster" },
	{ "storage.googleapis.com/Bucket", KIND_NODE_SYSTEM, "GCPBucket" },
	{ "bigquery.googleapis.com/Dataset", KIND_NODE_SYSTEM,
	  "GCPBigQueryDataset" },
	{ "compute.googleapis.com/Instance", KIND_NODE_WORKLOAD,
	  "GCPComputeInstance" },
	{ "run.googleapis.com/Service", KIND_NODE_WORKLOAD,
	  "GCPCloudRunService" },
	{ "cloudfunctions.googleapis.com/CloudFunction", KIND_NODE_WORKLOAD,
	  "GCPCloudFunction" },
	{ "secretmanager.googleapis.com/Secret", KIND_NODE_CREDENTIAL,
	  "GCPSecret" },
};

/* The asset type of a record, from either spelling. */
static const char *
gcp_asset_type_of(const cJSON *rec)
{
	const char	*t = json_str(rec, "asset_type");

	return t != NULL ? t : json_str(rec, "assetType");
}

static const struct gcp_asset_type *
gcp_asset_type_find(const char *type)
{
	size_t	 i;

	for (i = 0; type != NULL && i < sizeof(gcp_asset_types) /
	    sizeof(gcp_asset_types[0]); i++) {
		if (strcmp(gcp_asset_types[i].type, type) == 0)
			return &gcp_asset_types[i];
	}
	return NULL;
}

/* A member that may be spelt in snake_case or camelCase. */
static const cJSON *
gcp_either(const cJSON *obj, const char *snake, const char *camel)
{
	const cJSON	*v = json_get(obj, snake);

	return v != NULL ? v : json_get(obj, camel);
}

/* Write an object of strings (labels, a mapping) as "k=v" items. */
static void
gcp_pairs(struct nodeset_node *n, const char *name, const cJSON *obj)
{
	const cJSON	*v;
	struct strbuf	 sb, item;
	struct jsonw	 w;

	if (!cJSON_IsObject(obj) || obj->child == NULL)
		return;
	strbuf_init(&sb);
	strbuf_init(&item);
	jsonw_init(&w, &sb, 0);
	jsonw_array_begin(&w);
	cJSON_ArrayForEach(v, obj) {
		if (!cJSON_IsString(v))
			continue;
		strbuf_reset(&item);
		strbuf_addf(&item, "%s=%s", v->string, v->valuestring);
		jsonw_str(&w, item.buf);
	}
	jsonw_array_end(&w);
	nodeset_attr_raw(n, name, sb.buf);
	strbuf_free(&item);
	strbuf_free(&sb);
}

/* Attributes from the data of the asset types read in detail. */
static void
gcp_asset_data(struct gcp *g, struct nodeset_node *n, const char *type,
    const cJSON *data)
{
	static const char *const plain[] = {
		"projectId", "projectNumber", "displayName", "lifecycleState",
		"state", "title", "stage", "location", "email", "uniqueId",
		"attributeCondition"
	};
	const cJSON	*v;
	size_t		 i;
	int		 b;

	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		nodeset_attr_str(n, plain[i], json_str(data, plain[i]));
	gcp_pairs(n, "labels", json_get(data, "labels"));
	gcp_pairs(n, "attributeMapping", json_get(data, "attributeMapping"));
	if (json_bool(data, "disabled", &b) == 1) {
		nodeset_disabled(n, b);
		nodeset_attr_bool(n, "disabled", b);
	}
	if ((v = json_get(data, "oidc")) != NULL)
		nodeset_attr_str(n, "issuerUri", json_str(v, "issuerUri"));
	if ((v = json_get(data, "workloadIdentityConfig")) != NULL)
		nodeset_attr_str(n, "workloadPool", json_str(v,
		    "workloadPool"));
	if ((v = json_get(data, "includedPermissions")) != NULL &&
	    cJSON_IsArray(v))
		nodeset_attr_int(n, "permissions", cJSON_GetArraySize(v));
	if (type != NULL && strcmp(type,
	    "cloudresourcemanager.googleapis.com/Project") == 0)
		gcp_project(g, json_str(data, "projectNumber"),
		    json_str(data, "projectId"));
}

/* Link an asset to its parent: resource.parent, else an ancestor. */
static void
gcp_asset_parent(struct gcp *g, const char *name, const char *key,
    const cJSON *rec, const cJSON *resource)
{
	const cJSON	*ancestors = json_get(rec, "ancestors"), *a;
	struct record_edge e;
	const char	*parent = json_str(resource, "parent"), *self;
	const char	*project = NULL;
	char		*full = NULL, *pkey;

	self = strstr(name, ".googleapis.com/");
	self = self != NULL ? self + 16 : name;
	cJSON_ArrayForEach(a, ancestors) {
		if (!cJSON_IsString(a))
			continue;
		gcp_note_scope(g, a->valuestring);
		if (strncmp(a->valuestring, "projects/", 9) == 0 &&
		    project == NULL)
			project = a->valuestring + 9;
		else if (project != NULL && (strncmp(a->valuestring,
		    "folders/", 8) == 0 || strncmp(a->valuestring,
		    "organizations/", 14) == 0))
			gcp_note_ancestor(g, project, a->valuestring);
		if (parent == NULL && full == NULL &&
		    strcmp(a->valuestring, self) != 0)
			full = xasprintf("//cloudresourcemanager.googleapis."
			    "com/%s", a->valuestring);
	}
	if (parent == NULL)
		parent = full;
	if (parent == NULL || strcmp(parent, name) == 0) {
		free(full);
		return;
	}
	pkey = gcp_resource_key(parent);
	nodeset_refer(nodeset_node(g->ns, pkey, NULL), KIND_NODE_SYSTEM,
	    "GCPResource", gcp_short_name(parent));
	record_edge_init(&e);
	e.src = pkey;
	e.dst = key;
	e.kind = KIND_EDGE_RELATED;
	e.raw = "Contains";
	nodeset_edge(g->ns, &e);
	free(pkey);
	free(full);
}

/* Describe the node of an asset from its record. */
static int
gcp_asset_node(struct gcp *g, const cJSON *rec, const char *name,
    const char *path, char **errp)
{
	const struct gcp_asset_type	*t;
	const cJSON			*resource, *data;
	struct nodeset_node		*n;
	const char			*type = gcp_asset_type_of(rec), *label;
	char				*key;
	int64_t				 created;

	t = gcp_asset_type_find(type);
	resource = json_get(rec, "resource");
	data = json_get(resource, "data");
	key = gcp_resource_key(name);
	n = nodeset_node(g->ns, key, NULL);
	label = json_str(data, "projectId") != NULL ?
	    json_str(data, "projectId") : gcp_short_name(name);
	if (strncmp(key, "gcp:serviceAccount:", 19) == 0)
		label = key + 19;
	if (cJSON_IsObject(data) || t != NULL)
		nodeset_describe(n, t != NULL ? t->kind : KIND_NODE_SYSTEM,
		    t != NULL ? t->kinds : "GCPResource", label);
	else
		nodeset_refer(n, KIND_NODE_SYSTEM, "GCPResource", label);
	nodeset_attr_str(n, "asset_type", type);
	nodeset_attr_str(n, "resource_name", name);
	if (cJSON_IsObject(data)) {
		gcp_asset_data(g, n, type, data);
		if (gcp_time(g, data, "createTime", path, &created,
		    errp) == -1) {
			free(key);
			return -1;
		}
		nodeset_created(n, created);
	}
	gcp_asset_parent(g, name, key, rec, resource);
	free(key);
	return 0;
}

int
gcp_asset(struct gcp *g, const cJSON *rec, const char *path, char **errp)
{
	const char	*name = json_str(rec, "name"), *type;
	const cJSON	*policy, *data;
	char		*ppath;
	int		 rc;

	if (name == NULL || strncmp(name, "//", 2) != 0)
		return gcp_warn(g, path, errp, "asset has no full resource "
		    "name (\"//service/...\"); skipped");
	gcp_note_scope(g, name);
	type = gcp_asset_type_of(rec);
	data = json_get(json_get(rec, "resource"), "data");
	if (type != NULL && strcmp(type,
	    "iam.googleapis.com/ServiceAccountKey") == 0 &&
	    cJSON_IsObject(data))
		rc = gcp_key(g, data, name, path, errp);
	else if (type != NULL && strcmp(type,
	    "iam.googleapis.com/ServiceAccount") == 0 &&
	    cJSON_IsObject(data) && json_str(data, "email") != NULL)
		rc = gcp_service_account(g, data, path, errp);
	else
		rc = gcp_asset_node(g, rec, name, path, errp);
	if (rc == 0 && (policy = gcp_either(rec, "iam_policy",
	    "iamPolicy")) != NULL) {
		if (!cJSON_IsObject(policy))
			return gcp_warn(g, path, errp, "iam_policy is not an "
			    "object; skipped");
		ppath = xasprintf("%s.%s", path, json_get(rec, "iam_policy") !=
		    NULL ? "iam_policy" : "iamPolicy");
		rc = gcp_policy(g, name, policy, ppath, errp);
		free(ppath);
	}
	return rc;
}

int
gcp_search_result(struct gcp *g, const cJSON *rec, const char *path,
    char **errp)
{
	const char	*resource = json_str(rec, "resource");
	const char	*project = json_str(rec, "project");
	char		*key, *ppath;
	int		 rc;

	if (resource == NULL || strncmp(resource, "//", 2) != 0)
		return gcp_warn(g, path, errp, "policy search result has no "
		    "full resource name; skipped");
	gcp_note_scope(g, resource);
	if (project != NULL)
		gcp_note_scope(g, project);
	if (json_str(rec, "organization") != NULL)
		gcp_note_scope(g, json_str(rec, "organization"));
	key = gcp_resource_key(resource);
	nodeset_refer(nodeset_node(g->ns, key, NULL), KIND_NODE_SYSTEM,
	    "GCPResource", gcp_short_name(resource));
	nodeset_attr_str(nodeset_node(g->ns, key, NULL), "asset_type",
	    gcp_asset_type_of(rec));
	free(key);
	ppath = xasprintf("%s.policy", path);
	rc = gcp_policy(g, resource, json_get(rec, "policy"), ppath, errp);
	free(ppath);
	return rc;
}
