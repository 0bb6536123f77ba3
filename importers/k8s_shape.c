/*
 * Checking the shape of a Kubernetes object before it is mapped (see
 * k8s.h). Each field the mapping reads as a list or a mapping that holds
 * another type is a warning naming its path, and is removed, so that the
 * mapping reads it as absent. Without the check, a mapping given where a
 * list belongs would be walked as if it were the list, and a list given
 * where a mapping belongs as if its items had names.
 */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "k8s.h"
#include "strbuf.h"

/* The fields of a pod spec and of its containers that are lists. */
static const char *const k8s_shape_pod_lists[] = {
	"containers", "initContainers", "ephemeralContainers", "volumes",
	"imagePullSecrets", NULL
};
static const char *const k8s_shape_container_lists[] = {
	"env", "envFrom", NULL
};

/*
 * Check that member key of obj is of the cJSON type given (cJSON_Array or
 * cJSON_Object) when present and not null. where is the path of obj, with
 * a trailing '.', for the warning. Returns 1 when it is (or is absent), 0
 * when it was removed, -1 when the warning failed.
 */
static int
k8s_shape_member(struct k8s_state *st, const struct k8s_object *o,
    cJSON *obj, const char *key, int type, const char *where, char **errp)
{
	const cJSON	*v = json_get(obj, key);

	if (v == NULL || cJSON_IsNull(v) || (v->type & 0xff) == type)
		return 1;
	if (k8s_warn(st, o, errp, "%s%s is not %s; ignored", where, key,
	    type == cJSON_Array ? "a list" : "a mapping") == -1)
		return -1;
	json_drop(obj, key);
	return 0;
}

/* Check the lists of a pod spec and of each of its containers. */
static int
k8s_shape_pod(struct k8s_state *st, const struct k8s_object *o, cJSON *spec,
    const char *where, char **errp)
{
	struct strbuf	 path;
	cJSON		*c;
	size_t		 i, j, n;
	int		 rc = 0;

	strbuf_init(&path);
	for (i = 0; k8s_shape_pod_lists[i] != NULL && rc != -1; i++)
		rc = k8s_shape_member(st, o, spec, k8s_shape_pod_lists[i],
		    cJSON_Array, where, errp);
	for (i = 0; i < 3 && rc != -1; i++) {
		n = 0;
		cJSON_ArrayForEach(c, json_get(spec, k8s_shape_pod_lists[i])) {
			strbuf_reset(&path);
			strbuf_addf(&path, "%s%s[%zu].", where,
			    k8s_shape_pod_lists[i], n++);
			for (j = 0; k8s_shape_container_lists[j] != NULL &&
			    rc != -1; j++)
				rc = k8s_shape_member(st, o, c,
				    k8s_shape_container_lists[j], cJSON_Array,
				    path.buf, errp);
			if (rc == -1)
				break;
		}
	}
	strbuf_free(&path);
	return rc == -1 ? -1 : 0;
}

/* The pod spec of a workload and its path, or NULL. */
static cJSON *
k8s_shape_pod_spec(struct k8s_state *st, const struct k8s_object *o,
    cJSON *obj, const char **where, int *rc, char **errp)
{
	cJSON	*spec = json_get(obj, "spec");

	*rc = 0;
	*where = "spec.";
	if (strcmp(o->kind, "Pod") == 0)
		return spec;
	*where = "spec.template.spec.";
	if (strcmp(o->kind, "CronJob") == 0) {
		*where = "spec.jobTemplate.spec.template.spec.";
		spec = json_get(json_get(spec, "jobTemplate"), "spec");
	}
	spec = json_get(spec, "template");
	if ((*rc = k8s_shape_member(st, o, spec, "spec", cJSON_Object,
	    "spec.template.", errp)) != 1)
		return NULL;
	return json_get(spec, "spec");
}

int
k8s_shape_check(struct k8s_state *st, const struct k8s_object *o,
    cJSON *obj, char **errp)
{
	cJSON		*spec;
	const char	*where;
	int		 rc;

	if (k8s_shape_member(st, o, json_get(obj, "metadata"),
	    "ownerReferences", cJSON_Array, "metadata.", errp) == -1)
		return -1;
	if (strcmp(o->kind, "ServiceAccount") == 0) {
		if (k8s_shape_member(st, o, obj, "secrets", cJSON_Array, "",
		    errp) == -1 || k8s_shape_member(st, o, obj,
		    "imagePullSecrets", cJSON_Array, "", errp) == -1)
			return -1;
	} else if (strcmp(o->kind, "Secret") == 0) {
		if (k8s_shape_member(st, o, obj, "data", cJSON_Object, "",
		    errp) == -1 || k8s_shape_member(st, o, obj, "stringData",
		    cJSON_Object, "", errp) == -1)
			return -1;
	} else if (strcmp(o->kind, "RoleBinding") == 0 ||
	    strcmp(o->kind, "ClusterRoleBinding") == 0) {
		if (k8s_shape_member(st, o, obj, "subjects", cJSON_Array, "",
		    errp) == -1 || k8s_shape_member(st, o, obj, "roleRef",
		    cJSON_Object, "", errp) == -1)
			return -1;
	} else if (strcmp(o->kind, "Role") != 0 &&
	    strcmp(o->kind, "ClusterRole") != 0 &&
	    strcmp(o->kind, "Namespace") != 0) {
		/* A workload; a spec of another type is warned about later. */
		if ((spec = k8s_shape_pod_spec(st, o, obj, &where, &rc,
		    errp)) != NULL && cJSON_IsObject(spec))
			return k8s_shape_pod(st, o, spec, where, errp);
		return rc == -1 ? -1 : 0;
	}
	return 0;
}
