/*
 * trustwalk fetch k8s: the objects the Kubernetes importer maps, listed
 * from the API server across all namespaces, saved as one kubectl-style
 * List whose items are the raw list responses, page by page:
 *
 *   {"apiVersion": "v1", "kind": "List", "metadata": {}, "items": [
 *   {"kind": "NamespaceList", "apiVersion": "v1", "items": [...]},
 *   {"kind": "SecretList", "apiVersion": "v1", "metadata":
 *    {"continue": "..."}, "items": [...]}, ...]}
 *
 * The API server leaves kind and apiVersion out of list items; the
 * importer takes them from the typed list around them. Lists are read
 * 500 objects to a page with continue tokens. A continue token that
 * expired (410 Gone) starts that list again from its first page, and
 * the pages it had are cut from the file, so the list is consistent. A
 * list the credentials may not read (403) is recorded as missing and
 * the run goes on. The run fails only when no list could be read.
 *
 * The token is a bearer token from --token-file or TRUSTWALK_K8S_TOKEN;
 * no kubeconfig is read.
 */
#include "fetch_int.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* The lists read, in the order they are saved. */
static const char *const k8s_lists[] = {
	"/api/v1/namespaces",
	"/api/v1/serviceaccounts",
	"/api/v1/secrets",
	"/api/v1/pods",
	"/api/v1/replicationcontrollers",
	"/apis/rbac.authorization.k8s.io/v1/clusterroles",
	"/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
	"/apis/rbac.authorization.k8s.io/v1/roles",
	"/apis/rbac.authorization.k8s.io/v1/rolebindings",
	"/apis/apps/v1/deployments",
	"/apis/apps/v1/daemonsets",
	"/apis/apps/v1/statefulsets",
	"/apis/apps/v1/replicasets",
	"/apis/batch/v1/jobs",
	"/apis/batch/v1/cronjobs",
};

#define K8S_NLISTS	(sizeof(k8s_lists) / sizeof(k8s_lists[0]))

/* Objects per page. */
#define K8S_PAGE	500

/*
 * The cluster name: --cluster, else the server's host name with any
 * character the importer does not accept in a name replaced by '-'.
 */
static char *
k8s_cluster(const struct fetch *f)
{
	static const char	 ok[] = "abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
	char			*name, *p;

	if (f->opts->cluster != NULL)
		return xstrdup(f->opts->cluster);
	name = xstrdup(f->origin.host);
	for (p = name; *p != '\0'; p++) {
		if (strchr(ok, *p) == NULL)
			*p = '-';
	}
	return name;
}

/* Read one list into the sink; returns -1 when the run must stop. */
static int
k8s_list(struct fetch *f, struct fetch_sink *sink, const char *path,
    int *read, char **errp)
{
	struct fetch_list	 l;
	char			*url;
	int			 rc;

	url = fetch_url(f, "%s?limit=%d", path, K8S_PAGE);
	memset(&l, 0, sizeof(l));
	l.endpoint = path + 1;
	l.url = url;
	l.pager = FETCH_PAGER_K8S;
	l.items = "items[]";
	l.sink = sink;
	rc = fetch_list(f, &l, errp);
	if (rc == 0 && l.pages > 0)
		(*read)++;
	fetch_list_clear(&l);
	free(url);
	return rc;
}

static enum fetch_status
k8s_run(struct fetch *f, char **errp)
{
	static const char	 head[] = "{\"apiVersion\": \"v1\", \"kind\": "
				    "\"List\", \"metadata\": {}, \"items\": [\n";
	static const char	 tail[] = "\n]}\n";
	struct fetch_sink	 sink;
	char			*cluster = k8s_cluster(f), *rel;
	size_t			 i;
	int			 read = 0, rc;

	rel = xasprintf("%s.json", cluster);
	if (!fetch_safe_name(rel)) {
		*errp = xasprintf("--cluster \"%s\" cannot be a file name; use "
		    "letters, digits, '.', '_' and '-'", cluster);
		free(rel);
		free(cluster);
		return FETCH_USAGE;
	}
	fetch_set_input(f, rel);
	fetch_sink_init(&sink, f, rel, ",\n");
	rc = fetch_sink_write(&sink, head, sizeof(head) - 1, errp);
	if (rc == -1)
		f->stop = FETCH_WRITE;
	for (i = 0; rc == 0 && i < K8S_NLISTS; i++)
		rc = k8s_list(f, &sink, k8s_lists[i], &read, errp);
	if (rc == 0 && fetch_sink_write(&sink, tail, sizeof(tail) - 1,
	    errp) == -1) {
		f->stop = FETCH_WRITE;
		rc = -1;
	}
	if (fetch_sink_close(&sink, rc == 0 ? errp : NULL) == -1) {
		f->stop = FETCH_WRITE;
		rc = -1;
	}
	if (rc == 0 && read == 0) {
		*errp = xasprintf("no list could be read from %s; the "
		    "warnings above say why", f->base);
		f->stop = FETCH_NETWORK;
		rc = -1;
	}
	if (rc == 0) {
		fetch_add_input(f, rel);
		f->cluster = cluster;
		cluster = NULL;
	}
	free(cluster);
	free(rel);
	return rc == 0 ? FETCH_DONE : f->stop;
}

static int
k8s_check(const struct fetch_options *o, char **errp)
{
	if (o->server == NULL || *o->server == '\0') {
		*errp = xstrdup("fetch k8s needs --server URL, the API "
		    "server's https URL");
		return -1;
	}
	return 0;
}

static const char *
k8s_base(const struct fetch_options *o)
{
	return o->server;
}

const struct fetch_source fetch_source_k8s = {
	.name = "k8s",
	.usage = "--server URL [--cluster NAME]",
	.summary = "a cluster's service accounts, secrets, RBAC and workloads "
	    "(k8s)",
	.token = FETCH_TOKEN_REQUIRED,
	.token_env = { "TRUSTWALK_K8S_TOKEN", NULL, NULL },
	.check = k8s_check,
	.base = k8s_base,
	.headers = { "Accept: application/json", NULL, NULL, NULL },
	.run = k8s_run,
};
