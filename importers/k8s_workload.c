/*
 * Kubernetes pods and the controllers that make them (Deployment,
 * DaemonSet, StatefulSet, ReplicaSet, Job, CronJob, ReplicationController)
 * as workload nodes.
 *
 * A workload runs_as the service account of its pod spec ("default"
 * when the spec names none) and uses each Secret its pod spec mounts as
 * a volume (also in a projected volume), reads into the environment
 * (env valueFrom.secretKeyRef, envFrom secretRef) or pulls images with.
 * One uses edge per Secret and way of use lists every reference in its
 * "via" attribute. ownerReferences become owns edges from the owner.
 *
 * automountServiceAccountToken is honoured: the pod spec's setting wins,
 * else the service account's, else the token is mounted. A pod without
 * its token cannot act as the account, so its runs_as edge is then not
 * traversable, unless the spec mounts a serviceAccountToken projected
 * volume itself. The edge waits until the whole input is read, because
 * the service account may come after the pod.
 */
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "import.h"
#include "json.h"
#include "jsonw.h"
#include "k8s.h"
#include "record.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

/* The Secrets one workload uses, merged by Secret and way of use. */
struct k8s_use {
	char			*secret;
	const char		*raw;
	struct k8s_strings	 via;
};

struct k8s_uses {
	struct k8s_use	*v;
	size_t		 n;
};

/* Facts of a pod spec other than its Secrets. */
struct k8s_spec_info {
	const char		*account;
	int			 automount;	/* -1 unset */
	int			 projected;
	int			 privileged;
	struct k8s_strings	 images;
};

static const char *const k8s_workload_containers[] = {
	"initContainers", "containers", "ephemeralContainers"
};

/* Note one reference to a Secret. */
static void
k8s_workload_use(struct k8s_state *st, struct k8s_uses *u,
    const char *secret, const char *raw, const char *via)
{
	struct k8s_use	*e;
	size_t		 i;

	for (i = 0; i < u->n; i++) {
		e = &u->v[i];
		if (strcmp(e->secret, secret) == 0 && strcmp(e->raw, raw) == 0)
			break;
	}
	if (i == u->n) {
		u->v = k8s_grow(u->v, u->n, sizeof(*u->v));
		e = &u->v[u->n++];
		memset(e, 0, sizeof(*e));
		e->secret = arena_strdup(&st->arena, secret);
		e->raw = raw;
	}
	if (!k8s_strings_has(&e->via, via))
		k8s_strings_add(st, &e->via, via);
}

/* Secrets in volumes, and whether a projected token is mounted. */
static void
k8s_workload_volumes(struct k8s_state *st, const cJSON *spec,
    struct k8s_uses *u, struct k8s_spec_info *info)
{
	const cJSON	*v, *src;
	const char	*vname, *secret;
	struct strbuf	 via;

	strbuf_init(&via);
	cJSON_ArrayForEach(v, json_get(spec, "volumes")) {
		vname = k8s_str(v, "name");
		strbuf_reset(&via);
		strbuf_addf(&via, "volume %s", vname != NULL ? vname : "?");
		secret = k8s_str(json_get(v, "secret"), "secretName");
		if (secret != NULL)
			k8s_workload_use(st, u, secret, "SecretVolume",
			    via.buf);
		cJSON_ArrayForEach(src, json_get(json_get(v, "projected"),
		    "sources")) {
			secret = k8s_str(json_get(src, "secret"), "name");
			if (secret != NULL)
				k8s_workload_use(st, u, secret, "SecretVolume",
				    via.buf);
			if (json_get(src, "serviceAccountToken") != NULL)
				info->projected = 1;
		}
	}
	strbuf_free(&via);
}

/* Secrets read into one container's environment. */
static void
k8s_workload_env(struct k8s_state *st, const cJSON *c, const char *cname,
    struct k8s_uses *u)
{
	const cJSON	*e, *ref;
	const char	*secret, *var;
	struct strbuf	 via;

	strbuf_init(&via);
	cJSON_ArrayForEach(e, json_get(c, "env")) {
		ref = json_get(json_get(e, "valueFrom"), "secretKeyRef");
		if ((secret = k8s_str(ref, "name")) == NULL)
			continue;
		var = k8s_str(e, "name");
		strbuf_reset(&via);
		strbuf_addf(&via, "env %s in container %s", var != NULL ? var :
		    "?", cname);
		k8s_workload_use(st, u, secret, "SecretEnv", via.buf);
	}
	cJSON_ArrayForEach(e, json_get(c, "envFrom")) {
		if ((secret = k8s_str(json_get(e, "secretRef"), "name")) ==
		    NULL)
			continue;
		strbuf_reset(&via);
		strbuf_addf(&via, "envFrom in container %s", cname);
		k8s_workload_use(st, u, secret, "SecretEnvFrom", via.buf);
	}
	strbuf_free(&via);
}

/* Read a pod spec: account, token, images, privileges and Secrets. */
static void
k8s_workload_spec(struct k8s_state *st, const cJSON *spec,
    struct k8s_uses *u, struct k8s_spec_info *info)
{
	const cJSON	*c;
	const char	*cname, *image, *secret;
	size_t		 i;
	int		 b;

	memset(info, 0, sizeof(*info));
	info->automount = -1;
	info->account = k8s_str(spec, "serviceAccountName");
	if (info->account == NULL)
		info->account = k8s_str(spec, "serviceAccount");
	if (info->account == NULL)
		info->account = "default";
	if (k8s_bool(spec, "automountServiceAccountToken", &b) == 1)
		info->automount = b;
	k8s_workload_volumes(st, spec, u, info);
	for (i = 0; i < 3; i++) {
		cJSON_ArrayForEach(c, json_get(spec,
		    k8s_workload_containers[i])) {
			cname = k8s_str(c, "name");
			if (cname == NULL)
				cname = "?";
			image = k8s_str(c, "image");
			if (image != NULL &&
			    !k8s_strings_has(&info->images, image))
				k8s_strings_add(st, &info->images, image);
			if (k8s_bool(json_get(c, "securityContext"),
			    "privileged", &b) == 1 && b)
				info->privileged = 1;
			k8s_workload_env(st, c, cname, u);
		}
	}
	cJSON_ArrayForEach(c, json_get(spec, "imagePullSecrets")) {
		if ((secret = k8s_str(c, "name")) != NULL)
			k8s_workload_use(st, u, secret, "ImagePullSecret",
			    "imagePullSecrets");
	}
}

/* Write the attributes of a workload. */
static void
k8s_workload_attrs(struct jsonw *w, const struct k8s_object *o,
    const cJSON *spec, const struct k8s_spec_info *info)
{
	static const char *const hosts[] = { "hostNetwork", "hostPID",
	    "hostIPC" };
	static const char *const names[] = { "host_network", "host_pid",
	    "host_ipc" };
	const char	*phase, *node;
	size_t		 i;
	int		 b;

	k8s_attrs_meta(w, o, 0);
	if (!cJSON_IsObject(spec))
		return;
	jsonw_key(w, "service_account");
	jsonw_str(w, info->account);
	if (info->automount != -1) {
		jsonw_key(w, "automount_token");
		jsonw_bool(w, info->automount);
	}
	for (i = 0; i < 3; i++) {
		if (k8s_bool(spec, hosts[i], &b) == 1 && b) {
			jsonw_key(w, names[i]);
			jsonw_bool(w, 1);
		}
	}
	if (info->privileged) {
		jsonw_key(w, "privileged");
		jsonw_bool(w, 1);
	}
	if (info->images.n > 0) {
		jsonw_key(w, "images");
		jsonw_array_begin(w);
		for (i = 0; i < info->images.n; i++)
			jsonw_str(w, info->images.v[i]);
		jsonw_array_end(w);
	}
	if ((node = k8s_str(spec, "nodeName")) != NULL) {
		jsonw_key(w, "node");
		jsonw_str(w, node);
	}
	if ((phase = k8s_str(json_get(o->obj, "status"), "phase")) != NULL) {
		jsonw_key(w, "phase");
		jsonw_str(w, phase);
	}
}

/* Emit the uses edges of a workload. */
static int
k8s_workload_emit_uses(struct k8s_state *st, const struct k8s_object *o,
    const char *key, const struct k8s_uses *u)
{
	struct strbuf	 dst, attrs;
	struct jsonw	 w;
	size_t		 i, j;
	int		 rc = 0;

	strbuf_init(&dst);
	strbuf_init(&attrs);
	for (i = 0; i < u->n && rc == 0; i++) {
		k8s_key(st, &dst, o->ns, "secret", u->v[i].secret);
		strbuf_reset(&attrs);
		jsonw_init(&w, &attrs, 0);
		jsonw_object_begin(&w);
		jsonw_key(&w, "via");
		jsonw_array_begin(&w);
		for (j = 0; j < u->v[i].via.n; j++)
			jsonw_str(&w, u->v[i].via.v[j]);
		jsonw_array_end(&w);
		jsonw_object_end(&w);
		rc = k8s_emit_edge(st, key, dst.buf, KIND_EDGE_USES,
		    u->v[i].raw, 0, attrs.buf);
	}
	strbuf_free(&dst);
	strbuf_free(&attrs);
	return rc;
}

/* Emit an owns edge from each owner the object names. */
static int
k8s_workload_owners(struct k8s_state *st, const struct k8s_object *o,
    const char *key)
{
	const cJSON	*ref;
	const char	*kind, *name;
	struct strbuf	 src;
	int		 b, rc = 0;

	strbuf_init(&src);
	cJSON_ArrayForEach(ref, json_get(json_get(o->obj, "metadata"),
	    "ownerReferences")) {
		kind = k8s_str(ref, "kind");
		name = k8s_str(ref, "name");
		if (kind == NULL || name == NULL)
			continue;
		k8s_key(st, &src, o->ns, k8s_lower(st, kind), name);
		rc = k8s_emit_edge(st, src.buf, key, KIND_EDGE_OWNS,
		    "OwnerReference", 0, k8s_bool(ref, "controller", &b) == 1 &&
		    b ? "{\"controller\":true}" : NULL);
		if (rc == -1)
			break;
	}
	strbuf_free(&src);
	return rc;
}

/* Keep the runs_as edge of a workload for the finish step. */
static void
k8s_workload_defer(struct k8s_state *st, const struct k8s_object *o,
    const char *key, const struct k8s_spec_info *info)
{
	struct k8s_runs_as	*r;
	struct strbuf		 account;

	strbuf_init(&account);
	k8s_key(st, &account, o->ns, "sa", info->account);
	st->runs_as = k8s_grow(st->runs_as, st->nruns_as,
	    sizeof(*st->runs_as));
	r = &st->runs_as[st->nruns_as++];
	r->workload = arena_strdup(&st->arena, key);
	r->account = arena_strdup(&st->arena, account.buf);
	r->automount = info->automount;
	r->projected = info->projected;
	strbuf_free(&account);
}

/* Emit a workload node from its object and pod spec. */
static int
k8s_workload_emit(struct k8s_state *st, const struct k8s_object *o,
    const cJSON *spec, char **errp)
{
	struct k8s_spec_info	 info;
	struct k8s_uses		 uses;
	struct record_node	 n;
	struct strbuf		 key, name, attrs;
	struct jsonw		 w;
	int			 rc = -1;

	strbuf_init(&key);
	strbuf_init(&name);
	strbuf_init(&attrs);
	memset(&uses, 0, sizeof(uses));
	if (!cJSON_IsObject(spec) && k8s_warn(st, o, errp, "has no pod spec; "
	    "its service account and secrets are unknown") == -1)
		goto out;
	k8s_workload_spec(st, spec, &uses, &info);
	k8s_key(st, &key, o->ns, k8s_lower(st, o->kind), o->name);
	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	k8s_workload_attrs(&w, o, spec, &info);
	jsonw_object_end(&w);

	record_node_init(&n);
	strbuf_addf(&name, "%s/%s", o->ns, o->name);
	n.key = key.buf;
	n.kind = KIND_NODE_WORKLOAD;
	n.kinds = o->kind;
	n.name = name.buf;
	n.life.created_at = o->created;
	n.attrs = attrs.buf;
	if (k8s_emit_node(st, &n, o, errp) == -1 ||
	    k8s_workload_emit_uses(st, o, key.buf, &uses) == -1 ||
	    k8s_workload_owners(st, o, key.buf) == -1)
		goto out;
	if (cJSON_IsObject(spec))
		k8s_workload_defer(st, o, key.buf, &info);
	rc = 0;
out:
	free(uses.v);
	strbuf_free(&key);
	strbuf_free(&name);
	strbuf_free(&attrs);
	return rc;
}

int
k8s_workload_pod(struct k8s_state *st, const struct k8s_object *o,
    char **errp)
{
	return k8s_workload_emit(st, o, json_get(o->obj, "spec"), errp);
}

/* The pod template's spec: spec.template.spec, deeper for a CronJob. */
int
k8s_workload_controller(struct k8s_state *st, const struct k8s_object *o,
    char **errp)
{
	const cJSON	*spec = json_get(o->obj, "spec");

	if (strcmp(o->kind, "CronJob") == 0)
		spec = json_get(json_get(spec, "jobTemplate"), "spec");
	spec = json_get(json_get(spec, "template"), "spec");
	return k8s_workload_emit(st, o, spec, errp);
}

/* Emit the runs_as edges now that every service account is known. */
int
k8s_workload_finish(struct k8s_state *st, char **errp)
{
	struct k8s_runs_as	*r;
	struct strbuf		 attrs;
	struct jsonw		 w;
	uint64_t		 v;
	size_t			 i;
	int			 mounted, rc = 0;
	const char		*from;

	(void)errp;
	strbuf_init(&attrs);
	for (i = 0; i < st->nruns_as && rc == 0; i++) {
		r = &st->runs_as[i];
		if (r->automount != -1) {
			mounted = r->automount;
			from = "pod spec";
		} else if (hmap_get(st->automount, r->account,
		    strlen(r->account), &v)) {
			mounted = v != 0;
			from = "service account";
		} else {
			mounted = 1;
			from = "default";
		}
		strbuf_reset(&attrs);
		jsonw_init(&w, &attrs, 0);
		jsonw_object_begin(&w);
		jsonw_key(&w, "token");
		jsonw_str(&w, mounted ? "mounted" : r->projected ?
		    "projected volume" : "not mounted");
		jsonw_key(&w, "automount_from");
		jsonw_str(&w, from);
		jsonw_object_end(&w);
		rc = k8s_emit_edge(st, r->workload, r->account,
		    KIND_EDGE_RUNS_AS, "ServiceAccount", !mounted &&
		    !r->projected ? RECORD_EDGE_NOT_TRAVERSABLE : 0, attrs.buf);
	}
	strbuf_free(&attrs);
	return rc;
}
