/*
 * Tests of the Kubernetes importer on the project's fixtures, through the
 * real import driver and a real case file: keys and kinds, bindings
 * named on has_role edges, RoleBindings to ClusterRoles scoped to their
 * namespace, aggregation, escalation flags, special groups, workloads and
 * their tokens, Secret fingerprints, cloud links, malformed records and
 * rejected files.
 */
#include "testutil.h"

#include "digest.h"
#include "import.h"
#include "importer.h"
#include "input.h"
#include "model.h"
#include "store.h"
#include "tstamp.h"
#include "xalloc.h"

/* The token of payments/api-token in the cluster dump fixtures. */
#define TOKEN	"eyJhbGciOiJSUzI1NiIsImtpZCI6ImZpeHR1cmUifQ." \
		"eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBpIn0." \
		"Zml4dHVyZS1zaWduYXR1cmUtdGhhdC1tdXN0LW5ldmVyLWxlYWs"
#define K	"k8s:cluster-dump:"

struct fixture {
	char			*dir;
	struct store		*store;
	struct import_result	*results;
	size_t			 nresults;
	char			*err;
};

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));
	char		*path, *err = NULL;

	f->dir = testutil_tmpdir();
	if (asprintf(&path, "%s/case.db", f->dir) == -1)
		abort();
	if (store_open(path, STORE_CREATE, &f->store, &err) == -1)
		fail_msg("%s", err);
	free(path);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	import_results_free(f->results, f->nresults);
	free(f->err);
	store_close(f->store);
	testutil_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* Import a file; names without '/' are fixtures in tests/fixtures/k8s. */
static enum import_status
import_path(struct fixture *f, const char *name, const char *cluster,
    int strict)
{
	struct import_options	 opts;
	enum import_status	 st;
	char			*path;
	const char		*paths[1];

	if (strchr(name, '/') != NULL)
		path = xstrdup(name);
	else if (asprintf(&path, "%s/tests/fixtures/k8s/%s",
	    testutil_root(), name) == -1)
		abort();
	memset(&opts, 0, sizeof(opts));
	opts.now = 1700000000;
	opts.strict = strict;
	opts.cluster = cluster;
	paths[0] = path;
	import_results_free(f->results, f->nresults);
	free(f->err);
	f->err = NULL;
	st = import_files(f->store, paths, 1, &opts, &f->results,
	    &f->nresults, &f->err);
	free(path);
	return st;
}

/* Write text to a file in the scratch folder; returns its path. */
static char *
write_file(struct fixture *f, const char *name, const char *text)
{
	FILE	*fp;
	char	*path;

	if (asprintf(&path, "%s/%s", f->dir, name) == -1)
		abort();
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

static struct model *
load(struct fixture *f)
{
	struct model	*m = NULL;
	char		*err = NULL;

	if (model_load(f->store, &m, &err) == -1)
		fail_msg("model_load: %s", err);
	return m;
}

/* The edge from src to dst with source kind raw, or -1. */
static int64_t
find_edge(const struct model *m, const char *src, const char *dst,
    const char *raw)
{
	int64_t	 s = model_find(m, src), d = model_find(m, dst);
	size_t	 first, count, i;

	if (s < 0 || d < 0)
		return -1;
	model_out(m, (size_t)s, &first, &count);
	for (i = first; i < first + count; i++) {
		if ((int64_t)m->edst[i] == d &&
		    strcmp(model_label(m, m->eraw[i]), raw) == 0)
			return (int64_t)i;
	}
	return -1;
}

struct attr_lookup {
	const char	*name;
	char		*value;
};

static int
attr_collect(void *ctx, const char *name, const char *value,
    const char *type, const char *source)
{
	struct attr_lookup	*a = ctx;

	(void)type;
	(void)source;
	if (strcmp(name, a->name) == 0 && a->value == NULL)
		a->value = xstrdup(value != NULL ? value : "null");
	return 0;
}

/* The attribute of a node as text, or NULL; the caller frees it. */
static char *
node_attr(struct fixture *f, const struct model *m, const char *key,
    const char *name)
{
	struct attr_lookup	 a = { name, NULL };
	int64_t			 v = model_find(m, key);
	char			*err = NULL;

	assert_true(v >= 0);
	assert_int_equal(store_node_attrs(f->store, m->kid[v], attr_collect,
	    &a, &err), 0);
	return a.value;
}

/* The attribute of an edge as text, or NULL; the caller frees it. */
static char *
edge_attr(struct fixture *f, const struct model *m, int64_t e,
    const char *name)
{
	struct attr_lookup	 a = { name, NULL };
	char			*err = NULL;

	assert_true(e >= 0);
	assert_int_equal(store_edge_attrs(f->store, m->eid[e], attr_collect,
	    &a, &err), 0);
	return a.value;
}

static void
assert_node_attr(struct fixture *f, const struct model *m, const char *key,
    const char *name, const char *want)
{
	char	*v = node_attr(f, m, key, name);

	if (want == NULL) {
		assert_null(v);
		return;
	}
	assert_non_null(v);
	assert_string_equal(v, want);
	free(v);
}

static void
assert_edge_attr(struct fixture *f, const struct model *m, int64_t e,
    const char *name, const char *want)
{
	char	*v = edge_attr(f, m, e, name);

	assert_non_null(v);
	assert_string_equal(v, want);
	free(v);
}

static void
k8s_dump_counts(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_path(f, "cluster-dump.json", NULL, 0),
	    IMPORT_OK);
	assert_int_equal(f->nresults, 1);
	assert_string_equal(f->results[0].format, "k8s");
	assert_string_equal(f->results[0].source, "k8s:cluster-dump");
	assert_int_equal(f->results[0].nodes, 76);
	assert_int_equal(f->results[0].edges, 112);
	assert_int_equal(f->results[0].placeholders, 9);
	assert_int_equal(f->results[0].warnings, 0);
	assert_int_equal(f->results[0].partial, 0);
}

static int
cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every node and edge of one case, as sorted text lines. */
static char *
graph_text(struct fixture *f)
{
	struct model	*m = load(f);
	char		**lines, *out;
	size_t		 i, n = 0, len = 1;

	lines = xcalloc(m->nnodes + m->nedges, sizeof(*lines));
	for (i = 0; i < m->nnodes; i++)
		lines[n++] = xasprintf("%s %s %s\n", m->key[i],
		    kind_node_name(m->kind[i]), m->name[i]);
	for (i = 0; i < m->nedges; i++)
		lines[n++] = xasprintf("%s -%s-> %s %x\n", m->key[m->esrc[i]],
		    model_label(m, m->eraw[i]), m->key[m->edst[i]],
		    m->eflags[i]);
	qsort(lines, n, sizeof(*lines), cmp_line);
	for (i = 0; i < n; i++)
		len += strlen(lines[i]);
	out = xcalloc(1, len);
	for (i = 0; i < n; i++) {
		strcat(out, lines[i]);
		free(lines[i]);
	}
	free(lines);
	model_free(m);
	return out;
}

static void
k8s_json_and_yaml_agree(void **state)
{
	struct fixture	*f = *state;
	char		*from_json, *from_yaml;

	assert_int_equal(import_path(f, "cluster-dump.json", NULL, 0),
	    IMPORT_OK);
	from_json = graph_text(f);
	/* Same cluster name, so the YAML snapshot replaces the JSON one. */
	assert_int_equal(import_path(f, "cluster-dump.yaml", NULL, 0),
	    IMPORT_OK);
	assert_int_equal(f->results[0].nodes, 76);
	assert_int_equal(f->results[0].edges, 112);
	from_yaml = graph_text(f);
	assert_string_equal(from_json, from_yaml);
	free(from_json);
	free(from_yaml);
}

static void
k8s_keys_and_kinds(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	int64_t		 v;

	assert_int_equal(import_path(f, "cluster-dump.json", NULL, 0),
	    IMPORT_OK);
	m = load(f);
	v = model_find(m, K "payments:sa:api");
	assert_true(v >= 0);
	assert_int_equal(m->kind[v], KIND_NODE_SERVICE_ACCOUNT);
	assert_string_equal(m->name[v], "payments/api");
	assert_string_equal(model_label(m, m->kinds[v]), "ServiceAccount");
	assert_string_equal(model_label(m, m->source[v]), "k8s:cluster-dump");
	assert_int_equal(m->life[v].created_at, 1709287200);
	v = model_find(m, K ":clusterrole:cluster-admin");
	assert_int_equal(m->kind[v], KIND_NODE_ROLE);
	v = model_find(m, K "payments:role:secret-reader");
	assert_string_equal(m->name[v], "payments/secret-reader");
	v = model_find(m, K ":namespace:payments");
	assert_int_equal(m->kind[v], KIND_NODE_SYSTEM);
	assert_int_equal(m->life[v].created_at, 1700467200);
	v = model_find(m, K ":cluster:cluster-dump");
	assert_int_equal(m->kind[v], KIND_NODE_SYSTEM);
	v = model_find(m, K ":user:alice@example.com");
	assert_int_equal(m->kind[v], KIND_NODE_HUMAN);
	v = model_find(m, K ":group:system:masters");
	assert_int_equal(m->kind[v], KIND_NODE_GROUP);
	v = model_find(m, K "payments:secret:db-credentials");
	assert_int_equal(m->kind[v], KIND_NODE_CREDENTIAL);
	assert_string_equal(model_label(m, m->credential_type[v]),
	    "kubernetes_secret");
	v = model_find(m, K "payments:secret:api-token");
	assert_string_equal(model_label(m, m->credential_type[v]),
	    "service_account_token");
	v = model_find(m, K "payments:cronjob:nightly-report");
	assert_int_equal(m->kind[v], KIND_NODE_WORKLOAD);
	assert_string_equal(model_label(m, m->kinds[v]), "CronJob");
	v = model_find(m, K "payments:privilege:get,list||secrets|");
	assert_int_equal(m->kind[v], KIND_NODE_PRIVILEGE);
	assert_string_equal(m->name[v], "get,list secrets");
	/* Kinds that are not mapped leave no node. */
	assert_int_equal(model_find(m, K "payments:configmap:app-config"), -1);
	model_free(m);
	assert_node_attr(f, m = load(f), K ":cluster:cluster-dump",
	    "skipped:ConfigMap", "1");
	model_free(m);
}

static void
k8s_binding_named_on_edge(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	int64_t		 e;

	assert_int_equal(import_path(f, "cluster-dump.json", NULL, 0),
	    IMPORT_OK);
	m = load(f);
	/* The subject named no namespace and takes the binding's. */
	e = find_edge(m, K "payments:sa:api", K "payments:role:secret-reader",
	    "RoleBinding");
	assert_true(e >= 0);
	assert_int_equal(m->ekind[e], KIND_EDGE_HAS_ROLE);
	assert_edge_attr(f, m, e, "binding", "payments/api-reads-secrets");
	assert_edge_attr(f, m, e, "namespace", "payments");
	/* Two bindings of one role to one subject make one edge. */
	e = find_edge(m, K "payments:sa:batch", K "payments:role:pod-exec",
	    "RoleBinding");
	assert_edge_attr(f, m, e, "binding",
	    "payments/batch-exec, payments/batch-exec-again");
	e = find_edge(m, K ":group:system:masters",
	    K ":clusterrole:cluster-admin", "ClusterRoleBinding");
	assert_edge_attr(f, m, e, "binding", "admins");
	/* A role that is not in the input is a placeholder. */
	e = find_edge(m, K "payments:sa:api", K "payments:role:does-not-exist",
	    "RoleBinding");
	assert_true(e >= 0);
	assert_true(m->nflags[m->edst[e]] & MODEL_NODE_MISSING);
	assert_true(m->nflags[model_find(m, K "payments:sa:ghost")] &
	    MODEL_NODE_MISSING);
	model_free(m);
}

static void
k8s_rolebinding_to_clusterrole_scoped(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	const char	*inst = K "monitoring:clusterrole:monitoring-aggregate";
	const char	*priv = K "monitoring:privilege:get,list,watch||"
			    "endpoints|";
	int64_t		 e, v;

	assert_int_equal(import_path(f, "cluster-dump.json", NULL, 0),
	    IMPORT_OK);
	m = load(f);
	e = find_edge(m, K "monitoring:sa:prometheus", inst, "RoleBinding");
	assert_true(e >= 0);
	assert_edge_attr(f, m, e, "binding",
	    "monitoring/prometheus-monitoring");
	v = model_find(m, inst);
	assert_string_equal(m->name[v], "monitoring-aggregate in monitoring");
	assert_int_equal(m->kind[v], KIND_NODE_ROLE);
	assert_node_attr(f, m, inst, "rules_status", "complete");
	/* Its privileges apply to the namespace, not the cluster. */
	assert_true(find_edge(m, inst, priv, "AggregatedRule") >= 0);
	assert_true(find_edge(m, priv, K ":namespace:monitoring",
	    "Namespace") >= 0);
	assert_node_attr(f, m, priv, "scope", "namespace");
	/* Non-resource URLs are not granted in a namespace. */
	assert_int_equal(find_edge(m, inst, K ":privilege:get|/metrics",
	    "AggregatedRule"), -1);
	/* The link to the ClusterRole is never walked by reach. */
	e = find_edge(m, inst, K ":clusterrole:monitoring-aggregate",
	    "ClusterRole");
	assert_true(m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE);
	/* The ClusterRole itself grants cluster-wide. */
	assert_true(find_edge(m, K ":privilege:get,list,watch||endpoints|",
	    K ":cluster:cluster-dump", "Cluster") >= 0);
	model_free(m);
}

static void
k8s_aggregation(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	int64_t		 e;

	assert_int_equal(import_path(f, "cluster-dump.json", NULL, 0),
	    IMPORT_OK);
	m = load(f);
	assert_node_attr(f, m, K ":clusterrole:monitoring-aggregate",
	    "aggregation", "resolved");
	assert_node_attr(f, m, K ":clusterrole:monitoring-aggregate",
	    "aggregated_from", "[\"monitoring-scrape\"]");
	e = find_edge(m, K ":clusterrole:monitoring-aggregate",
	    K ":privilege:get|/metrics", "AggregatedRule");
	assert_edge_attr(f, m, e, "aggregated_from", "monitoring-scrape");
	assert_true(find_edge(m, K ":clusterrole:monitoring-aggregate",
	    K ":clusterrole:monitoring-scrape", "AggregationRule") >= 0);
	/* A selector that matches no role of the input. */
	assert_node_attr(f, m, K ":clusterrole:orphan-aggregate",
	    "aggregation", "incomplete");
	/* The built-in view is not in the input but gains view-metrics. */
	assert_true(m->nflags[model_find(m, K ":clusterrole:view")] &
	    MODEL_NODE_MISSING);
	assert_true(find_edge(m, K ":clusterrole:view",
	    K ":privilege:get,list,watch|metrics.k8s.io|pods|",
	    "AggregatedRule") >= 0);
	assert_node_attr(f, m, K "payments:clusterrole:view", "rules_status",
	    "incomplete");
	assert_true(find_edge(m, K "payments:clusterrole:view",
	    K "payments:privilege:get,list,watch|metrics.k8s.io|pods|",
	    "AggregatedRule") >= 0);
	model_free(m);
}

static void
k8s_escalation_flags(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;

	assert_int_equal(import_path(f, "cluster-dump.json", NULL, 0),
	    IMPORT_OK);
	m = load(f);
	assert_node_attr(f, m, K "payments:privilege:get,list||secrets|",
	    "escalation", "[\"secrets get/list/watch\"]");
	assert_node_attr(f, m, K "payments:privilege:create,get||pods|",
	    "escalation", "[\"create pods\"]");
	assert_node_attr(f, m, K "payments:privilege:create,get||pods/exec|",
	    "escalation", "[\"pods/exec\"]");
	assert_node_attr(f, m, K ":privilege:impersonate||users|",
	    "escalation", "[\"impersonate\"]");
	assert_node_attr(f, m, K ":privilege:get||nodes/proxy|",
	    "escalation", "[\"nodes/proxy\"]");
	assert_node_attr(f, m, K ":privilege:bind,escalate|"
	    "rbac.authorization.k8s.io|roles|", "escalation",
	    "[\"escalate\",\"bind\"]");
	assert_node_attr(f, m, K ":privilege:*|*|*|", "escalation",
	    "[\"* on *\"]");
	assert_node_attr(f, m, K ":privilege:get,list,watch||endpoints|",
	    "escalation", NULL);
	/* Roles sum up the flags of their privileges. */
	assert_node_attr(f, m, K "payments:role:pod-exec", "escalation",
	    "[\"create pods\",\"pods/exec\"]");
	assert_node_attr(f, m, K "payments:role:empty-role", "rules", "0");
	model_free(m);
}

static void
k8s_special_subjects(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;

	assert_int_equal(import_path(f, "cluster-dump.json", NULL, 0),
	    IMPORT_OK);
	m = load(f);
	assert_node_attr(f, m, K ":group:system:masters", "cluster_admins",
	    "true");
	assert_node_attr(f, m, K ":group:system:unauthenticated",
	    "anonymous", "true");
	assert_node_attr(f, m, K ":group:system:authenticated", "everyone",
	    "true");
	/* The user name of a token is the service account itself. */
	assert_true(find_edge(m, K "payments:sa:api",
	    K ":clusterrole:rbac-manager", "ClusterRoleBinding") >= 0);
	assert_int_equal(model_find(m,
	    K ":user:system:serviceaccount:payments:api"), -1);
	/* Service accounts and users are members of the bound groups. */
	assert_true(find_edge(m, K "payments:sa:default",
	    K ":group:system:serviceaccounts:payments", "ImplicitGroup") >= 0);
	assert_true(find_edge(m, K "monitoring:sa:prometheus",
	    K ":group:system:authenticated", "ImplicitGroup") >= 0);
	assert_int_equal(find_edge(m, K "monitoring:sa:prometheus",
	    K ":group:system:serviceaccounts:payments", "ImplicitGroup"), -1);
	assert_true(find_edge(m, K ":user:alice@example.com",
	    K ":group:system:authenticated", "ImplicitGroup") >= 0);
	model_free(m);
}

static void
k8s_runs_as_honours_automount(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	int64_t		 e;

	assert_int_equal(import_path(f, "cluster-dump.json", NULL, 0),
	    IMPORT_OK);
	m = load(f);
	e = find_edge(m, K "payments:pod:api-7c9d8-x2x4q", K "payments:sa:api",
	    "ServiceAccount");
	assert_int_equal(m->ekind[e], KIND_EDGE_RUNS_AS);
	assert_false(m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE);
	assert_edge_attr(f, m, e, "token", "mounted");
	/* The account turns the token off. */
	e = find_edge(m, K "payments:pod:batch-run-1", K "payments:sa:batch",
	    "ServiceAccount");
	assert_true(m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE);
	assert_edge_attr(f, m, e, "token", "not mounted");
	assert_edge_attr(f, m, e, "automount_from", "service account");
	/* A projected token volume gives the pod its token anyway. */
	e = find_edge(m, K "payments:pod:batch-run-2", K "payments:sa:batch",
	    "ServiceAccount");
	assert_false(m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE);
	assert_edge_attr(f, m, e, "token", "projected volume");
	e = find_edge(m, K "payments:cronjob:nightly-report",
	    K "payments:sa:batch", "ServiceAccount");
	assert_true(m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE);
	/* A pod without serviceAccountName runs as "default". */
	e = find_edge(m, K "default:pod:debug", K "default:sa:default",
	    "ServiceAccount");
	assert_true(e >= 0);
	assert_node_attr(f, m, K "default:pod:debug", "host_network", "true");
	assert_node_attr(f, m, K "default:pod:debug", "privileged", "true");
	/* Owners own what they make. */
	assert_true(find_edge(m, K "payments:deployment:api",
	    K "payments:replicaset:api-7c9d8", "OwnerReference") >= 0);
	assert_true(find_edge(m, K "payments:replicaset:api-7c9d8",
	    K "payments:pod:api-7c9d8-x2x4q", "OwnerReference") >= 0);
	model_free(m);
}

static void
k8s_workloads_use_secrets(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	const char	*pod = K "payments:pod:api-7c9d8-x2x4q";
	int64_t		 e;

	assert_int_equal(import_path(f, "cluster-dump.json", NULL, 0),
	    IMPORT_OK);
	m = load(f);
	e = find_edge(m, pod, K "payments:secret:db-credentials", "SecretEnv");
	assert_int_equal(m->ekind[e], KIND_EDGE_USES);
	assert_edge_attr(f, m, e, "via", "[\"env DB_PASSWORD in container "
	    "app\",\"env DB_USER in container app\"]");
	e = find_edge(m, pod, K "payments:secret:tls-cert", "SecretVolume");
	assert_edge_attr(f, m, e, "via", "[\"volume tls\"]");
	assert_true(find_edge(m, pod, K "payments:secret:registry",
	    "ImagePullSecret") >= 0);
	e = find_edge(m, pod, K "payments:secret:api-extra-env",
	    "SecretEnvFrom");
	assert_true(m->nflags[m->edst[e]] & MODEL_NODE_MISSING);
	assert_true(find_edge(m, K "payments:cronjob:nightly-report",
	    K "payments:secret:db-credentials", "SecretEnv") >= 0);
	assert_true(find_edge(m, K "payments:sa:api",
	    K "payments:secret:registry", "ImagePullSecret") >= 0);
	model_free(m);
}

static void
k8s_cloud_links(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	int64_t		 e;

	assert_int_equal(import_path(f, "cluster-dump.json", NULL, 0),
	    IMPORT_OK);
	m = load(f);
	e = find_edge(m, K "payments:sa:api",
	    "aws:arn:aws:iam::111122223333:role/payments-api",
	    "eks.amazonaws.com/role-arn");
	assert_int_equal(m->ekind[e], KIND_EDGE_CAN_ASSUME);
	e = find_edge(m, K "payments:sa:batch",
	    "gcp:serviceAccount:batch@demo-project.iam.gserviceaccount.com",
	    "iam.gke.io/gcp-service-account");
	assert_int_equal(m->ekind[e], KIND_EDGE_CAN_ASSUME);
	e = find_edge(m, K "monitoring:sa:prometheus",
	    "entra:app:6f1a2b3c-4d5e-4f60-8172-93a4b5c6d7e8",
	    "azure.workload.identity/client-id");
	assert_int_equal(m->ekind[e], KIND_EDGE_CAN_ASSUME);
	model_free(m);
}

/* The keyed fingerprint of text under the case's key. */
static void
expected_fingerprint(struct fixture *f, const char *text, char *hex)
{
	unsigned char	 key[STORE_FP_KEY_LEN];

	assert_int_equal(store_fingerprint_key(f->store, key, &f->err), 0);
	assert_int_equal(digest_fingerprint(key, sizeof(key), text,
	    strlen(text), hex), 0);
}

static void
k8s_secret_fingerprints(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	char		 hex[DIGEST_HEX_BUFSZ], *v;

	assert_int_equal(import_path(f, "cluster-dump.yaml", NULL, 0),
	    IMPORT_OK);
	m = load(f);
	expected_fingerprint(f, TOKEN, hex);
	assert_node_attr(f, m, K "payments:secret:api-token",
	    "fingerprint:token", hex);
	expected_fingerprint(f, "correct-horse-battery-staple", hex);
	assert_node_attr(f, m, K "payments:secret:db-credentials",
	    "fingerprint:password", hex);
	assert_node_attr(f, m, K "payments:secret:api-token", "keys",
	    "[\"ca.crt\",\"namespace\",\"token\"]");
	/* The copy kubectl apply keeps is dropped, not stored. */
	assert_node_attr(f, m, K "payments:secret:api-token",
	    "annotation:kubectl.kubernetes.io/last-applied-configuration",
	    NULL);
	v = node_attr(f, m, K "payments:secret:api-token",
	    "annotation:kubernetes.io/service-account.name");
	assert_string_equal(v, "(value not kept)");
	free(v);
	assert_true(find_edge(m, K "payments:secret:api-token",
	    K "payments:sa:api", "ServiceAccountToken") >= 0);
	model_free(m);
}

static void
k8s_bootstrap_token(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	const char	*key = K "kube-system:secret:bootstrap-token-abcdef";
	int64_t		 v;

	assert_int_equal(import_path(f, "cluster-dump.json", NULL, 0),
	    IMPORT_OK);
	m = load(f);
	v = model_find(m, key);
	assert_int_equal(m->life[v].expires_at, 1893456000);
	assert_string_equal(model_label(m, m->credential_type[v]),
	    "bootstrap_token");
	assert_node_attr(f, m, key, "token_id", "abcdef");
	assert_true(find_edge(m, key, K ":user:system:bootstrap:abcdef",
	    "BootstrapToken") >= 0);
	model_free(m);
}

static void
k8s_cluster_option(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;

	assert_int_equal(import_path(f, "cluster-dump.json", "prod-eu.1", 0),
	    IMPORT_OK);
	assert_string_equal(f->results[0].source, "k8s:prod-eu.1");
	m = load(f);
	assert_true(model_find(m, "k8s:prod-eu.1:payments:sa:api") >= 0);
	assert_int_equal(model_find(m, K "payments:sa:api"), -1);
	model_free(m);
	assert_int_equal(import_path(f, "cluster-dump.json", "a:b", 0),
	    IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "--cluster \"a:b\" is not a valid "
	    "cluster name"));
}

static void
k8s_manifests(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	char		 hex[DIGEST_HEX_BUFSZ];
	int64_t		 e;

	assert_int_equal(import_path(f, "manifests.yaml", NULL, 0),
	    IMPORT_OK);
	assert_string_equal(f->results[0].source, "k8s:manifests");
	assert_int_equal(f->results[0].warnings, 0);
	m = load(f);
	/* "no" turns the token off, as Kubernetes reads YAML 1.1. */
	assert_node_attr(f, m, "k8s:manifests:ci:sa:deployer",
	    "automount_token", "false");
	e = find_edge(m, "k8s:manifests:ci:job:release",
	    "k8s:manifests:ci:sa:deployer", "ServiceAccount");
	assert_true(m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE);
	/* The account came from a merge key. */
	assert_true(find_edge(m, "k8s:manifests:default:pod:scratch",
	    "k8s:manifests:default:sa:deployer", "ServiceAccount") >= 0);
	assert_node_attr(f, m, "k8s:manifests:default:pod:scratch",
	    "namespace_defaulted", "true");
	/* stringData is fingerprinted as written. */
	expected_fingerprint(f, "fixture-ssh-private-key-that-must-not-leak",
	    hex);
	assert_node_attr(f, m, "k8s:manifests:ci:secret:deploy-key",
	    "fingerprint:ssh-privatekey", hex);
	assert_node_attr(f, m, "k8s:manifests:ci:role:deployer", "label:team",
	    "platform");
	assert_true(model_find(m, "k8s:manifests:ci:privilege:"
	    "get,patch,update|apps|deployments/scale|") >= 0);
	model_free(m);
}

static void
k8s_malformed_records_warn(void **state)
{
	struct fixture		*f = *state;
	struct store_snapshot	*snaps;
	struct model		*m;
	size_t			 n;

	assert_int_equal(import_path(f, "malformed.yaml", NULL, 0),
	    IMPORT_OK);
	assert_int_equal(f->results[0].warnings, 13);
	assert_int_equal(f->results[0].partial, 1);
	m = load(f);
	assert_true(model_find(m, "k8s:malformed:apps:sa:good") >= 0);
	assert_true(model_find(m, "k8s:malformed:apps:secret:broken") >= 0);
	assert_int_equal(model_find(m, "k8s:malformed:apps:sa:twice"), -1);
	assert_int_equal(model_find(m, "k8s:malformed:apps:sa:aliased"), -1);
	/* The valid rule of a role is kept. */
	assert_true(model_find(m, "k8s:malformed:apps:privilege:"
	    "get||configmaps|") >= 0);
	assert_true(find_edge(m, "k8s:malformed::user:bob",
	    "k8s:malformed::clusterrole:view", "ClusterRoleBinding") >= 0);
	model_free(m);
	m = load(f);
	assert_node_attr(f, m, "k8s:malformed:apps:secret:broken", "keys",
	    "[\"password\",\"token\"]");
	assert_node_attr(f, m, "k8s:malformed:apps:secret:broken",
	    "fingerprint:password", NULL);
	model_free(m);

	assert_int_equal(import_path(f, "malformed.yaml", NULL, 1),
	    IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "--strict"));
	assert_int_equal(store_snapshots(f->store, &snaps, &n, &f->err), 0);
	assert_int_equal(n, 1);
	store_snapshots_free(snaps, n);
}

static void
k8s_helm_template_rejected(void **state)
{
	struct fixture		*f = *state;
	struct store_snapshot	*snaps;
	size_t			 n;

	assert_int_equal(import_path(f, "helm-template.yaml", NULL, 0),
	    IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "helm-template.yaml: line 4, column "
	    "10:"));
	assert_non_null(strstr(f->err, "run \"helm template RELEASE CHART\""));
	assert_int_equal(store_snapshots(f->store, &snaps, &n, &f->err), 0);
	assert_int_equal(n, 0);
	store_snapshots_free(snaps, n);
}

static void
k8s_alias_bomb_rejected(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(import_path(f, "alias-bomb.yaml", NULL, 0),
	    IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "alias bombs"));
}

static void
k8s_other_json_shapes(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	char		*one, *array, *bad;

	one = write_file(f, "one.json", "{\"apiVersion\": \"v1\", \"kind\": "
	    "\"ServiceAccount\", \"metadata\": {\"name\": \"solo\", "
	    "\"namespace\": \"apps\"}}");
	array = write_file(f, "array.json", "[{\"apiVersion\": \"v1\", "
	    "\"kind\": \"ServiceAccount\", \"metadata\": {\"name\": \"a\", "
	    "\"namespace\": \"x\"}}, {\"apiVersion\": \"v1\", \"kind\": "
	    "\"PodList\", \"items\": [{\"apiVersion\": \"v1\", \"kind\": "
	    "\"Pod\", \"metadata\": {\"name\": \"p\", \"namespace\": \"x\"}, "
	    "\"spec\": {\"serviceAccountName\": \"a\"}}]}]");
	bad = write_file(f, "bad.json", "{\"apiVersion\": \"v1\", \"kind\": "
	    "\"List\", \"items\": [{\"kind\": \"Pod\",]}");
	assert_int_equal(import_path(f, one, "c1", 0), IMPORT_OK);
	assert_int_equal(import_path(f, array, "c2", 0), IMPORT_OK);
	m = load(f);
	assert_true(model_find(m, "k8s:c1:apps:sa:solo") >= 0);
	assert_true(find_edge(m, "k8s:c2:x:pod:p", "k8s:c2:x:sa:a",
	    "ServiceAccount") >= 0);
	model_free(m);
	assert_int_equal(import_path(f, bad, NULL, 0), IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "bad.json: line 1, column"));
	free(one);
	free(array);
	free(bad);
}

static void
k8s_nothing_mapped_rejected(void **state)
{
	struct fixture	*f = *state;
	char		*path;

	path = write_file(f, "cm.yaml", "apiVersion: v1\nkind: ConfigMap\n"
	    "metadata: {name: x, namespace: y}\n---\napiVersion: v1\n"
	    "kind: Pod\n");
	assert_int_equal(import_path(f, path, NULL, 0), IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "cm.yaml: contains no object of a "
	    "kind trustwalk maps, only 1 object of other kinds such as "
	    "ConfigMap"));
	free(path);
	path = write_file(f, "empty.yaml", "# apiVersion: v1\n# kind: Pod\n"
	    "---\n");
	assert_int_equal(import_path(f, path, NULL, 0), IMPORT_REJECTED);
	assert_non_null(strstr(f->err, "empty.yaml: contains no "
	    "Kubernetes object"));
	free(path);
}

static void
k8s_sniff(void **state)
{
	struct fixture		*f = *state;
	const struct importer	*imp;
	struct input		*in;
	char			*path, *err = NULL;
	size_t			 i;
	const struct {
		const char	*file;
		const char	*format;	/* NULL: not recognised */
	} cases[] = {
		{ "k8s/cluster-dump.json", "k8s" },
		{ "k8s/cluster-dump.yaml", "k8s" },
		{ "k8s/manifests.yaml", "k8s" },
		{ "k8s/helm-template.yaml", "k8s" },
		{ "opengraph/basic.json", "opengraph" },
		{ "opengraph/not-json.txt", NULL },
	};

	(void)f;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (asprintf(&path, "%s/tests/fixtures/%s", testutil_root(),
		    cases[i].file) == -1)
			abort();
		assert_int_equal(input_open(path, INPUT_MAX_SIZE, &in, &err),
		    0);
		imp = importer_sniff(in);
		if (cases[i].format == NULL)
			assert_null(imp);
		else {
			assert_non_null(imp);
			assert_string_equal(imp->name, cases[i].format);
		}
		input_close(in);
		free(path);
	}
	/* A kubeconfig has apiVersion and kind but no mapped kind. */
	path = write_file(f, "config", "apiVersion: v1\nkind: Config\n"
	    "clusters: []\n");
	assert_int_equal(input_open(path, INPUT_MAX_SIZE, &in, &err), 0);
	assert_null(importer_sniff(in));
	input_close(in);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test_setup_teardown(k8s_dump_counts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(k8s_json_and_yaml_agree, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(k8s_keys_and_kinds, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(k8s_binding_named_on_edge,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    k8s_rolebinding_to_clusterrole_scoped, setup, teardown),
		cmocka_unit_test_setup_teardown(k8s_aggregation, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(k8s_escalation_flags, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(k8s_special_subjects, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(k8s_runs_as_honours_automount,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(k8s_workloads_use_secrets,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(k8s_cloud_links, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(k8s_secret_fingerprints, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(k8s_bootstrap_token, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(k8s_cluster_option, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(k8s_manifests, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(k8s_malformed_records_warn,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(k8s_helm_template_rejected,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(k8s_alias_bomb_rejected, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(k8s_other_json_shapes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(k8s_nothing_mapped_rejected,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(k8s_sniff, setup, teardown),
	};

	model_igraph_setup(NULL);
	return cmocka_run_group_tests_name("k8s", tests, NULL, NULL);
}
