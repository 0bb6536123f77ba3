/*
 * Kubernetes PolicyRules as privilege nodes, and the label selectors of
 * aggregated ClusterRoles.
 *
 * A rule grants verbs on resources of API groups (optionally only the
 * objects named in resourceNames), or verbs on non-resource URLs. Each
 * resource of a rule becomes one privilege node, so that "create pods"
 * and "create pods/exec" are distinct nodes; wildcards are kept as written.
 * A privilege is scoped: the same rule makes one node per namespace it
 * applies in and one for the whole cluster, each with an applies_to edge
 * to the namespace or cluster node. The key contains the canonical rule
 * (sorted lists without repeats), so roles with the same rule in the
 * same scope share the node:
 *
 *   k8s:<cluster>:<namespace>:privilege:<verbs>|<groups>|<resource>|<names>
 *   k8s:<cluster>::privilege:<verbs>|<non-resource URLs>
 *
 * Privileges that let a holder gain more rights are flagged with the
 * reasons in the "escalation" attribute (see k8s_rule_escalations).
 */
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "json.h"
#include "jsonw.h"
#include "k8s.h"
#include "record.h"
#include "strbuf.h"
#include "xalloc.h"

#define K8S_RBAC_GROUP	"rbac.authorization.k8s.io"

/* A right that lets its holder gain more rights than it names. */
struct k8s_escalation {
	const char	*reason;
	const char	*verbs[4];
	const char	*groups[3];
	const char	*resources[5];
};

static const struct k8s_escalation k8s_rule_escalations[] = {
	{ "escalate", { "escalate" }, { K8S_RBAC_GROUP },
	    { "roles", "clusterroles" } },
	{ "bind", { "bind" }, { K8S_RBAC_GROUP },
	    { "roles", "clusterroles" } },
	{ "impersonate", { "impersonate" }, { "", "authentication.k8s.io" },
	    { "users", "groups", "serviceaccounts", "uids" } },
	{ "create pods", { "create" }, { "" }, { "pods" } },
	{ "pods/exec", { "create", "get" }, { "" }, { "pods/exec" } },
	{ "secrets get/list/watch", { "get", "list", "watch" }, { "" },
	    { "secrets" } },
	{ "nodes/proxy", { "get", "create" }, { "" }, { "nodes/proxy" } },
	{ "serviceaccounts/token create", { "create" }, { "" },
	    { "serviceaccounts/token" } },
};

static int
k8s_rule_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Read a list of strings from member key into out, sorted and without
 * repeats. Returns 1 when the member is present but is not a list of
 * strings (what is usable is kept).
 */
static int
k8s_rule_list(struct k8s_state *st, const cJSON *rule, const char *key,
    struct k8s_strings *out)
{
	const cJSON	*a = json_get(rule, key), *c;
	int		 bad = 0;

	if (a == NULL || cJSON_IsNull(a))
		return 0;
	if (!cJSON_IsArray(a))
		return 1;
	cJSON_ArrayForEach(c, a) {
		if (!cJSON_IsString(c))
			bad = 1;
		else if (!k8s_strings_has(out, c->valuestring))
			k8s_strings_add(st, out, c->valuestring);
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), k8s_rule_strcmp);
	return bad;
}

int
k8s_rule_parse(struct k8s_state *st, const struct k8s_object *o,
    const cJSON *rule, struct k8s_rule *out, char **errp)
{
	int	 bad = 0;

	memset(out, 0, sizeof(*out));
	if (!cJSON_IsObject(rule))
		return k8s_warn(st, o, errp, "a rule is not an object; "
		    "skipped") == -1 ? -1 : 1;
	bad |= k8s_rule_list(st, rule, "verbs", &out->verbs);
	bad |= k8s_rule_list(st, rule, "apiGroups", &out->groups);
	bad |= k8s_rule_list(st, rule, "resources", &out->resources);
	bad |= k8s_rule_list(st, rule, "resourceNames", &out->names);
	bad |= k8s_rule_list(st, rule, "nonResourceURLs", &out->urls);
	if (bad && k8s_warn(st, o, errp, "a rule has a field that is not a "
	    "list of strings; the strings in it are kept") == -1)
		return -1;
	if (out->verbs.n == 0)
		return k8s_warn(st, o, errp, "a rule has no verbs; "
		    "skipped") == -1 ? -1 : 1;
	if (out->resources.n == 0 && out->urls.n == 0)
		return k8s_warn(st, o, errp, "a rule names neither resources "
		    "nor nonResourceURLs; skipped") == -1 ? -1 : 1;
	if (out->resources.n > 0 && out->groups.n == 0) {
		k8s_strings_add(st, &out->groups, "");
		return k8s_warn(st, o, errp, "a rule names resources but no "
		    "apiGroups; read as the core group") == -1 ? -1 : 0;
	}
	return 0;
}

/* Read one matchExpressions entry; returns 1 when it is malformed. */
static int
k8s_rule_expression(struct k8s_state *st, const cJSON *e,
    struct k8s_requirement *req)
{
	static const char *const ops[] = { "In", "NotIn", "Exists",
	    "DoesNotExist" };
	const char	*key = k8s_str(e, "key"), *op = k8s_str(e, "operator");
	size_t		 i;

	if (key == NULL || op == NULL)
		return 1;
	for (i = 0; i < 4 && strcmp(ops[i], op) != 0; i++)
		;
	if (i == 4)
		return 1;
	req->key = arena_strdup(&st->arena, key);
	req->op = (enum k8s_op)i;
	memset(&req->values, 0, sizeof(req->values));
	return k8s_rule_list(st, e, "values", &req->values);
}

/* Read one LabelSelector; returns 1 when part of it is malformed. */
static int
k8s_rule_selector(struct k8s_state *st, const cJSON *sel,
    struct k8s_selector *out)
{
	const cJSON	*labels = json_get(sel, "matchLabels"), *c;
	const cJSON	*exprs = json_get(sel, "matchExpressions");
	size_t		 n = (size_t)cJSON_GetArraySize(labels) +
			    (size_t)cJSON_GetArraySize(exprs);
	int		 bad = !cJSON_IsObject(sel);

	/* matchLabels given as a list has no keys: the selector is bad. */
	if (labels != NULL && !cJSON_IsNull(labels) &&
	    !cJSON_IsObject(labels)) {
		bad = 1;
		labels = NULL;
	}
	if (exprs != NULL && !cJSON_IsNull(exprs) && !cJSON_IsArray(exprs)) {
		bad = 1;
		exprs = NULL;
	}

	out->nreqs = 0;
	out->reqs = arena_alloc(&st->arena, (n + 1) * sizeof(*out->reqs));
	cJSON_ArrayForEach(c, labels) {
		struct k8s_requirement	*r = &out->reqs[out->nreqs];

		if (!cJSON_IsString(c)) {
			bad = 1;
			continue;
		}
		r->key = arena_strdup(&st->arena, c->string);
		r->op = K8S_OP_IN;
		memset(&r->values, 0, sizeof(r->values));
		k8s_strings_add(st, &r->values, c->valuestring);
		out->nreqs++;
	}
	cJSON_ArrayForEach(c, exprs) {
		if (k8s_rule_expression(st, c, &out->reqs[out->nreqs]) != 0)
			bad = 1;
		else
			out->nreqs++;
	}
	return bad;
}

int
k8s_rule_selectors(struct k8s_state *st, const struct k8s_object *o,
    const cJSON *agg, struct k8s_role *role, char **errp)
{
	const cJSON	*sels = json_get(agg, "clusterRoleSelectors"), *c;
	size_t		 n = (size_t)cJSON_GetArraySize(sels);
	int		 bad = 0;

	role->aggregated = 1;
	role->selectors = arena_alloc(&st->arena, (n + 1) *
	    sizeof(*role->selectors));
	cJSON_ArrayForEach(c, sels) {
		if (k8s_rule_selector(st, c, &role->selectors[role->nselectors])
		    != 0)
			bad = 1;
		else
			role->nselectors++;
	}
	if (bad || (sels != NULL && !cJSON_IsArray(sels)))
		return k8s_warn(st, o, errp, "aggregationRule has a selector "
		    "that is not a valid label selector; it is ignored");
	return 0;
}

/* The value of label key on a role, or NULL. */
static const char *
k8s_rule_label(const struct k8s_role *role, const char *key)
{
	size_t	 i;

	for (i = 0; i < role->label_keys.n; i++) {
		if (strcmp(role->label_keys.v[i], key) == 0)
			return role->label_values.v[i];
	}
	return NULL;
}

/*
 * 1 when the role's labels satisfy the selector. As in Kubernetes, an
 * empty selector matches every role, and NotIn matches a role without
 * the label.
 */
int
k8s_rule_matches(const struct k8s_selector *sel, const struct k8s_role *role)
{
	const struct k8s_requirement	*r;
	const char			*v;
	size_t				 i;
	int				 in;

	for (i = 0; i < sel->nreqs; i++) {
		r = &sel->reqs[i];
		v = k8s_rule_label(role, r->key);
		in = v != NULL && k8s_strings_has(&r->values, v);
		if ((r->op == K8S_OP_IN && !in) ||
		    (r->op == K8S_OP_NOT_IN && in) ||
		    (r->op == K8S_OP_EXISTS && v == NULL) ||
		    (r->op == K8S_OP_DOES_NOT_EXIST && v != NULL))
			return 0;
	}
	return 1;
}

/* 1 when the list contains s or the wildcard "*". */
static int
k8s_rule_allows(const struct k8s_strings *l, const char *s)
{
	return k8s_strings_has(l, s) || k8s_strings_has(l, "*");
}

/*
 * 1 when the rule's resource r covers want: r is "*", is want, or is a
 * star followed by the subresource part of want (such as a star and
 * "/exec" for "pods/exec").
 */
static int
k8s_rule_resource_covers(const char *r, const char *want)
{
	const char	*slash = strchr(want, '/');

	if (strcmp(r, "*") == 0 || strcmp(r, want) == 0)
		return 1;
	return slash != NULL && strncmp(r, "*/", 2) == 0 &&
	    strcmp(r + 1, slash) == 0;
}

/* Add the escalation reasons that verbs on resource r of rule give. */
static void
k8s_rule_escalation(struct k8s_state *st, const struct k8s_rule *rule,
    const char *r, struct k8s_strings *out)
{
	const struct k8s_escalation	*e;
	size_t				 i, j;
	int				 verb, group, res;

	if (k8s_strings_has(&rule->verbs, "*") && strcmp(r, "*") == 0 &&
	    k8s_strings_has(&rule->groups, "*")) {
		k8s_strings_add(st, out, "* on *");
		return;
	}
	for (i = 0; i < sizeof(k8s_rule_escalations) /
	    sizeof(k8s_rule_escalations[0]); i++) {
		e = &k8s_rule_escalations[i];
		verb = group = res = 0;
		for (j = 0; j < 4 && e->verbs[j] != NULL; j++)
			verb |= k8s_rule_allows(&rule->verbs, e->verbs[j]);
		for (j = 0; j < 3 && e->groups[j] != NULL; j++)
			group |= k8s_rule_allows(&rule->groups, e->groups[j]);
		for (j = 0; j < 5 && e->resources[j] != NULL; j++)
			res |= k8s_rule_resource_covers(r, e->resources[j]);
		if (verb && group && res)
			k8s_strings_add(st, out, e->reason);
	}
}

/* Append the list joined by ',', escaping the key's separators. */
static void
k8s_rule_key_list(struct strbuf *sb, const struct k8s_strings *l)
{
	const char	*p;
	size_t		 i;

	for (i = 0; i < l->n; i++) {
		if (i > 0)
			strbuf_addch(sb, ',');
		for (p = l->v[i]; *p != '\0'; p++) {
			if (*p == ',' || *p == '|' || *p == '%')
				strbuf_addf(sb, "%%%02X", (unsigned char)*p);
			else
				strbuf_addch(sb, *p);
		}
	}
}

static void
k8s_rule_join(struct strbuf *sb, const struct k8s_strings *l,
    const char *sep)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		strbuf_addf(sb, "%s%s", i > 0 ? sep : "",
		    *l->v[i] != '\0' ? l->v[i] : "core");
}

/*
 * Name a resource privilege the way kubectl writes a resource:
 * "get,list pods", "get deployments.apps/scale", "use
 * podsecuritypolicies.policy [mypsp]". A URL privilege is named
 * "get URL /healthz,/metrics".
 */
static void
k8s_rule_name(struct strbuf *sb, const struct k8s_rule *rule, const char *r)
{
	const char	*sub = strchr(r, '/');
	size_t		 rlen = sub != NULL ? (size_t)(sub - r) : strlen(r);

	strbuf_reset(sb);
	k8s_rule_join(sb, &rule->verbs, ",");
	strbuf_addch(sb, ' ');
	strbuf_add(sb, r, rlen);
	if (!(rule->groups.n == 1 && *rule->groups.v[0] == '\0')) {
		strbuf_addch(sb, '.');
		k8s_rule_join(sb, &rule->groups, ",");
	}
	if (sub != NULL)
		strbuf_addstr(sb, sub);
	if (rule->names.n > 0) {
		strbuf_addstr(sb, " [");
		k8s_rule_join(sb, &rule->names, ",");
		strbuf_addch(sb, ']');
	}
}

static void
k8s_rule_array(struct jsonw *w, const char *key, const struct k8s_strings *l)
{
	size_t	 i;

	if (l->n == 0)
		return;
	jsonw_key(w, key);
	jsonw_array_begin(w);
	for (i = 0; i < l->n; i++)
		jsonw_str(w, l->v[i]);
	jsonw_array_end(w);
}

/* Write the attributes of a privilege; r is NULL for URL rules. */
static void
k8s_rule_attrs(struct strbuf *out, const struct k8s_rule *rule,
    const char *r, const char *ns, const struct k8s_strings *escalation)
{
	struct jsonw	 w;

	strbuf_reset(out);
	jsonw_init(&w, out, 0);
	jsonw_object_begin(&w);
	k8s_rule_array(&w, "verbs", &rule->verbs);
	if (r != NULL) {
		k8s_rule_array(&w, "api_groups", &rule->groups);
		jsonw_key(&w, "resource");
		jsonw_str(&w, r);
		k8s_rule_array(&w, "resource_names", &rule->names);
	} else
		k8s_rule_array(&w, "non_resource_urls", &rule->urls);
	jsonw_key(&w, "scope");
	jsonw_str(&w, ns != NULL ? "namespace" : "cluster");
	if (ns != NULL) {
		jsonw_key(&w, "namespace");
		jsonw_str(&w, ns);
	}
	k8s_rule_array(&w, "escalation", escalation);
	jsonw_object_end(&w);
}

/*
 * Build the key and name of a privilege, and the escalation reasons it
 * gives; r is NULL for URL rules.
 */
static void
k8s_rule_describe(struct k8s_state *st, const struct k8s_rule *rule,
    const char *r, const char *ns, struct strbuf *key, struct strbuf *name,
    struct k8s_strings *esc)
{
	k8s_key(st, key, ns, "privilege", "");
	k8s_rule_key_list(key, &rule->verbs);
	strbuf_addch(key, '|');
	if (r != NULL) {
		k8s_rule_key_list(key, &rule->groups);
		strbuf_addf(key, "|%s|", r);
		k8s_rule_key_list(key, &rule->names);
		k8s_rule_escalation(st, rule, r, esc);
		k8s_rule_name(name, rule, r);
		return;
	}
	k8s_rule_key_list(key, &rule->urls);
	k8s_rule_join(name, &rule->verbs, ",");
	strbuf_addstr(name, " URL ");
	k8s_rule_join(name, &rule->urls, ",");
}

/* The node and edges of one privilege; r is NULL for URL rules. */
static int
k8s_rule_privilege(struct k8s_state *st, const char *role_key,
    const char *ns, const struct k8s_effective *eff, const char *r,
    struct k8s_strings *role_escalation)
{
	const struct k8s_rule	*rule = eff->rule;
	struct record_node	 n;
	struct k8s_strings	 esc;
	struct strbuf		 key, scope, name, attrs;
	size_t			 i;
	int			 rc = -1;

	strbuf_init(&key);
	strbuf_init(&scope);
	strbuf_init(&name);
	strbuf_init(&attrs);
	memset(&esc, 0, sizeof(esc));
	k8s_rule_describe(st, rule, r, ns, &key, &name, &esc);
	k8s_rule_attrs(&attrs, rule, r, ns, &esc);
	for (i = 0; i < esc.n; i++) {
		if (!k8s_strings_has(role_escalation, esc.v[i]))
			k8s_strings_add(st, role_escalation, esc.v[i]);
	}

	record_node_init(&n);
	n.key = key.buf;
	n.kind = KIND_NODE_PRIVILEGE;
	n.kinds = "PolicyRule";
	n.name = name.buf;
	n.attrs = attrs.buf;
	if (k8s_emit_once(st, &n) == -1)
		goto out;
	if (ns != NULL)
		k8s_key(st, &scope, NULL, "namespace", ns);
	else
		k8s_key(st, &scope, NULL, "cluster", st->cluster);
	if (k8s_emit_edge(st, key.buf, scope.buf, KIND_EDGE_APPLIES_TO,
	    ns != NULL ? "Namespace" : "Cluster", 0, NULL) == -1)
		goto out;
	strbuf_reset(&attrs);
	if (eff->from != NULL) {
		strbuf_addstr(&attrs, "{\"aggregated_from\":");
		jsonw_escape(&attrs, eff->from->name, strlen(eff->from->name));
		strbuf_addch(&attrs, '}');
	}
	rc = k8s_emit_edge(st, role_key, key.buf, KIND_EDGE_GRANTS,
	    eff->from != NULL ? "AggregatedRule" : "PolicyRule", 0,
	    attrs.len > 0 ? attrs.buf : NULL);
out:
	strbuf_free(&key);
	strbuf_free(&scope);
	strbuf_free(&name);
	strbuf_free(&attrs);
	return rc;
}

/*
 * Emit the privileges of one rule of a role in a scope (ns, or NULL for
 * the cluster) and the role's grants edges to them. Non-resource URLs
 * are granted only cluster-wide, as Kubernetes does. Escalation reasons
 * are added to escalation for the role's own summary.
 */
int
k8s_rule_emit(struct k8s_state *st, const char *role_key, const char *ns,
    const struct k8s_effective *eff, struct k8s_strings *escalation)
{
	size_t	 i;

	if (eff->rule->urls.n > 0 && ns == NULL &&
	    k8s_rule_privilege(st, role_key, ns, eff, NULL, escalation) == -1)
		return -1;
	for (i = 0; i < eff->rule->resources.n; i++) {
		if (k8s_rule_privilege(st, role_key, ns, eff,
		    eff->rule->resources.v[i], escalation) == -1)
			return -1;
	}
	return 0;
}
