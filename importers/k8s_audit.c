/*
 * Kubernetes audit logs as usage evidence: the JSON Lines the API server
 * writes with --audit-log-path, one audit.k8s.io/v1 Event per line.
 *
 * Only events of stage ResponseComplete or Panic are read, because the
 * API server may write one request at several stages and counting each
 * would count the request several times. The actor is user.username:
 * system:serviceaccount:NS:NAME is the service account
 * k8s:<cluster>:NS:sa:NAME, any other name the user
 * k8s:<cluster>::user:NAME, the keys of the Kubernetes importer. The
 * cluster is --cluster, else the file name without its extension, as
 * for the Kubernetes importer.
 *
 * Each event is a called event. Its target is the object of objectRef
 * when it has a name and a resource that k8s_audit_kinds lists, else the
 * namespace, else the cluster. A response code of 400 or more is the
 * error code.
 */
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "import.h"
#include "importer.h"
#include "input.h"
#include "json.h"
#include "jsonw.h"
#include "k8s.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

#define K8S_AUDIT_SA	"system:serviceaccount:"

struct k8s_audit {
	struct import		*imp;
	struct evidence		*ev;
	char			*cluster;
	size_t			 stages;	/* events left out by stage */
};

/* Resources as the API names them, and the kinds keys use for them. */
static const struct {
	const char	*resource;
	const char	*kind;
	int		 cluster_scoped;
} k8s_audit_kinds[] = {
	{ "secrets", "secret", 0 },
	{ "serviceaccounts", "sa", 0 },
	{ "configmaps", "configmap", 0 },
	{ "pods", "pod", 0 },
	{ "deployments", "deployment", 0 },
	{ "statefulsets", "statefulset", 0 },
	{ "daemonsets", "daemonset", 0 },
	{ "cronjobs", "cronjob", 0 },
	{ "jobs", "job", 0 },
	{ "roles", "role", 0 },
	{ "rolebindings", "rolebinding", 0 },
	{ "clusterroles", "clusterrole", 1 },
	{ "clusterrolebindings", "clusterrolebinding", 1 },
	{ "namespaces", "namespace", 1 },
	{ "nodes", "node", 1 },
};

static int
k8s_audit_sniff(const struct input *in)
{
	size_t	 n = in->len < 65536 ? in->len : 65536;

	if (input_contains(in, "\"audit.k8s.io/", n) &&
	    input_contains(in, "\"auditID\"", n))
		return 90;
	return 0;
}

/* The key of the actor of user.username. */
static char *
k8s_audit_actor(const struct k8s_audit *st, const char *user)
{
	const char	*rest, *colon;

	if (strncmp(user, K8S_AUDIT_SA, strlen(K8S_AUDIT_SA)) == 0) {
		rest = user + strlen(K8S_AUDIT_SA);
		if ((colon = strchr(rest, ':')) != NULL && colon > rest &&
		    colon[1] != '\0')
			return xasprintf("k8s:%s:%.*s:sa:%s", st->cluster,
			    (int)(colon - rest), rest, colon + 1);
	}
	return xasprintf("k8s:%s::user:%s", st->cluster, user);
}

/* The key of what the request touched, and the action's words. */
static char *
k8s_audit_target(const struct k8s_audit *st, const cJSON *ref)
{
	const char	*res = json_str(ref, "resource");
	const char	*ns = json_str(ref, "namespace");
	const char	*name = json_str(ref, "name");
	size_t		 i;

	for (i = 0; res != NULL && name != NULL && *name != '\0' &&
	    i < sizeof(k8s_audit_kinds) / sizeof(k8s_audit_kinds[0]); i++) {
		if (strcmp(res, k8s_audit_kinds[i].resource) != 0)
			continue;
		if (k8s_audit_kinds[i].cluster_scoped)
			return xasprintf("k8s:%s::%s:%s", st->cluster,
			    k8s_audit_kinds[i].kind, name);
		if (ns != NULL && *ns != '\0')
			return xasprintf("k8s:%s:%s:%s:%s", st->cluster, ns,
			    k8s_audit_kinds[i].kind, name);
	}
	if (ns != NULL && *ns != '\0')
		return xasprintf("k8s:%s::namespace:%s", st->cluster, ns);
	return xasprintf("k8s:%s::cluster:%s", st->cluster, st->cluster);
}

/* "get secrets", "create pods/exec", or the verb alone. */
static char *
k8s_audit_action(const char *verb, const cJSON *ref)
{
	const char	*res = json_str(ref, "resource");
	const char	*sub = json_str(ref, "subresource");

	if (res == NULL)
		return xstrdup(verb);
	if (sub != NULL && *sub != '\0')
		return xasprintf("%s %s/%s", verb, res, sub);
	return xasprintf("%s %s", verb, res);
}

/* The event's attributes: the audit level, groups and the user's uid. */
static void
k8s_audit_attrs(const cJSON *rec, struct strbuf *sb)
{
	struct jsonw	 w;
	const char	*s;

	jsonw_init(&w, sb, 0);
	jsonw_object_begin(&w);
	if ((s = json_str(rec, "level")) != NULL) {
		jsonw_key(&w, "level");
		jsonw_str(&w, s);
	}
	if ((s = json_str(json_get(rec, "user"), "uid")) != NULL) {
		jsonw_key(&w, "uid");
		jsonw_str(&w, s);
	}
	if ((s = json_str(json_get(rec, "impersonatedUser"), "username")) !=
	    NULL) {
		jsonw_key(&w, "impersonated");
		jsonw_str(&w, s);
	}
	jsonw_object_end(&w);
}

/* Read one audit event; path names its line. */
static int
k8s_audit_event(struct k8s_audit *st, const char *path, const cJSON *rec,
    char **errp)
{
	struct record_event	 e;
	struct strbuf		 attrs;
	const cJSON		*ref = json_get(rec, "objectRef"), *ips;
	const char		*user, *verb, *time, *stage;
	char			*actor = NULL, *target = NULL, *action = NULL;
	char			 code[JSON_TEXT_BUFSZ];
	int64_t			 status = 0;
	int			 rc;

	strbuf_init(&attrs);
	record_event_init(&e);
	stage = json_str(rec, "stage");
	if (stage != NULL && strcmp(stage, "ResponseComplete") != 0 &&
	    strcmp(stage, "Panic") != 0) {
		st->stages++;
		rc = 0;
		goto out;
	}
	user = json_str(json_get(rec, "user"), "username");
	verb = json_str(rec, "verb");
	if ((time = json_str(rec, "stageTimestamp")) == NULL)
		time = json_str(rec, "requestReceivedTimestamp");
	if (user == NULL || *user == '\0' || verb == NULL || time == NULL ||
	    tstamp_parse(time, &e.at) == -1) {
		rc = import_warn(st->imp, path, errp, "audit event skipped: "
		    "user.username, verb or stageTimestamp is missing or "
		    "invalid");
		goto out;
	}
	actor = k8s_audit_actor(st, user);
	target = k8s_audit_target(st, ref);
	action = k8s_audit_action(verb, ref);
	k8s_audit_attrs(rec, &attrs);
	if (json_int(json_get(rec, "responseStatus"), "code", &status) != 1)
		status = 0;
	if (status >= 400)
		snprintf(code, sizeof(code), "%lld", (long long)status);

	ips = json_get(rec, "sourceIPs");
	e.kind = KIND_EDGE_CALLED;
	e.actor = actor;
	e.target = target;
	e.action = action;
	e.resource = json_str(rec, "requestURI");
	e.source_ip = cJSON_IsArray(ips) && cJSON_GetArraySize(ips) > 0 ?
	    cJSON_GetStringValue(cJSON_GetArrayItem(ips, 0)) : NULL;
	e.user_agent = json_str(rec, "userAgent");
	e.error_code = status >= 400 ? code : NULL;
	e.record = path;
	e.event_id = json_str(rec, "auditID");
	e.attrs = attrs.buf;
	rc = evidence_add(st->ev, &e, errp);
out:
	free(actor);
	free(target);
	free(action);
	strbuf_free(&attrs);
	return rc;
}

static int
k8s_audit_on_line(void *ctx, const char *path, cJSON *value,
    const char *problem, char **errp)
{
	struct k8s_audit	*st = ctx;

	if (value == NULL || !cJSON_IsObject(value))
		return import_warn(st->imp, path, errp, "audit event skipped: "
		    "%s", problem != NULL ? problem : "not an object");
	return k8s_audit_event(st, path, value, errp);
}

static int
k8s_audit_run(struct import *imp, const struct input *in, char **errp)
{
	struct k8s_audit	 st;
	char			*source;
	int			 rc = -1;

	memset(&st, 0, sizeof(st));
	st.imp = imp;
	if ((st.cluster = k8s_cluster_name(imp, in, errp)) == NULL)
		return -1;
	st.ev = evidence_create(imp, "k8s-audit");
	source = xasprintf("k8s-audit:%s:%s", st.cluster, in->name);
	import_set_source(imp, source);
	free(source);
	if (json_stream_lines(in->data, in->len, in->path, k8s_audit_on_line,
	    &st, NULL, errp) == -1)
		goto out;
	if (st.stages > 0)
		import_note(imp, "%zu events of stages other than "
		    "ResponseComplete left out", st.stages);
	rc = evidence_finish(st.ev, errp);
out:
	evidence_free(st.ev);
	free(st.cluster);
	return rc;
}

const struct importer importer_k8s_audit = {
	.name = "k8s-audit",
	.summary = "Kubernetes audit log (JSON Lines of audit.k8s.io "
	    "events), as usage evidence",
	.sniff = k8s_audit_sniff,
	.run = k8s_audit_run,
};
