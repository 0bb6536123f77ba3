/*
 * Kubernetes RBAC: Roles, ClusterRoles, RoleBindings, ClusterRoleBindings
 * and the users and groups they name.
 *
 * A binding becomes a has_role edge from each subject to the role. The
 * edge's source kind is "RoleBinding" or "ClusterRoleBinding", and its
 * "binding" attribute names the binding ("<namespace>/<name>" for a
 * RoleBinding). Several bindings that grant the same role to the same
 * subject make one edge that names them all.
 *
 * A RoleBinding that refers to a ClusterRole grants its rules only in
 * the binding's namespace. Such a grant leads to a role node of its own,
 * the ClusterRole in that namespace (k8s:<cluster>:<ns>:clusterrole:
 * <name>, named "<name> in <ns>"), whose privileges apply to the
 * namespace. It points at the ClusterRole itself with an edge that is
 * not traversable, so a walk sees where the rules come from while reach
 * never widens the grant to the cluster.
 *
 * An aggregated ClusterRole contains the rules of every ClusterRole of the
 * input that its label selectors match. When a selector matches none,
 * the role is marked incomplete. The built-in roles admin, edit and view
 * select the labels rbac.authorization.k8s.io/aggregate-to-<role>; when
 * the input contains roles with those labels but not the built-in role, the
 * built-in role is left a placeholder that grants what those roles add.
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

#define K8S_AGGREGATE_LABEL	"rbac.authorization.k8s.io/aggregate-to-"
#define K8S_SA_USER		"system:serviceaccount:"

/* A growing list of effective rules. */
struct k8s_rbac_rules {
	struct k8s_effective	*v;
	size_t			 n;
	int			 incomplete;
};

/* The groups Kubernetes gives special meaning, and what they mean. */
static const struct {
	const char	*name;
	const char	*mark;		/* boolean attribute, or NULL */
	const char	*meaning;
} k8s_rbac_special[] = {
	{ "system:unauthenticated", "anonymous",
	    "every request that carries no credentials" },
	{ "system:anonymous", "anonymous",
	    "the user of requests that carry no credentials" },
	{ "system:authenticated", "everyone",
	    "every authenticated user and service account" },
	{ "system:masters", "cluster_admins",
	    "members bypass authorization and control the whole cluster" },
	{ "system:serviceaccounts", NULL,
	    "every service account of the cluster" },
};

/* Find a role by namespace (NULL for a ClusterRole) and name. */
static struct k8s_role *
k8s_rbac_find(struct k8s_state *st, const char *ns, const char *name)
{
	struct strbuf	 id;
	uint64_t	 i;
	int		 found;

	strbuf_init(&id);
	strbuf_addf(&id, "%s/%s", ns != NULL ? ns : "", name);
	found = hmap_get(st->role_index, id.buf, id.len, &i);
	strbuf_free(&id);
	return found ? &st->roles[i] : NULL;
}

/* Read the string labels of a role for aggregation selectors. */
static void
k8s_rbac_labels(struct k8s_state *st, const struct k8s_object *o,
    struct k8s_role *role)
{
	const cJSON	*c;

	cJSON_ArrayForEach(c, o->labels) {
		if (!cJSON_IsString(c))
			continue;
		k8s_strings_add(st, &role->label_keys, c->string);
		k8s_strings_add(st, &role->label_values, c->valuestring);
	}
}

/* Read the rules of a role; a null or absent list is no rules. */
static int
k8s_rbac_rules(struct k8s_state *st, const struct k8s_object *o,
    struct k8s_role *role, char **errp)
{
	const cJSON	*rules = json_get(o->obj, "rules"), *c;
	int		 rc;

	if (rules == NULL || cJSON_IsNull(rules))
		return 0;
	if (!cJSON_IsArray(rules))
		return k8s_warn(st, o, errp, "rules is not a list; the role "
		    "grants nothing");
	role->rules = arena_alloc(&st->arena, ((size_t)cJSON_GetArraySize(
	    rules) + 1) * sizeof(*role->rules));
	cJSON_ArrayForEach(c, rules) {
		rc = k8s_rule_parse(st, o, c, &role->rules[role->nrules],
		    errp);
		if (rc == -1)
			return -1;
		if (rc == 0)
			role->nrules++;
	}
	return 0;
}

int
k8s_rbac_role(struct k8s_state *st, const struct k8s_object *o, char **errp)
{
	struct k8s_role	*role;
	struct strbuf	 id, attrs;
	struct jsonw	 w;
	const cJSON	*agg;
	int		 rc = 0;

	strbuf_init(&id);
	strbuf_addf(&id, "%s/%s", o->ns != NULL ? o->ns : "", o->name);
	if (!hmap_put(st->role_index, id.buf, id.len, st->nroles)) {
		strbuf_free(&id);
		return k8s_warn(st, o, errp, "the input contains this "
		    "object twice; the first one is kept");
	}
	strbuf_free(&id);
	st->roles = k8s_grow(st->roles, st->nroles, sizeof(*st->roles));
	role = &st->roles[st->nroles++];
	memset(role, 0, sizeof(*role));
	role->name = arena_strdup(&st->arena, o->name);
	role->ns = o->ns != NULL ? arena_strdup(&st->arena, o->ns) : NULL;
	role->path = arena_strdup(&st->arena, o->path);
	role->created = o->created;
	k8s_rbac_labels(st, o, role);

	strbuf_init(&attrs);
	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	k8s_attrs_meta(&w, o, 0);
	jsonw_object_end(&w);
	role->attrs = arena_strdup(&st->arena, attrs.buf);
	strbuf_free(&attrs);

	agg = json_get(o->obj, "aggregationRule");
	if (o->ns == NULL && agg != NULL && !cJSON_IsNull(agg))
		rc = k8s_rule_selectors(st, o, agg, role, errp);
	if (rc == 0)
		rc = k8s_rbac_rules(st, o, role, errp);
	return rc;
}

/* Note that a subject (user or group) needs a node. */
static void
k8s_rbac_subject(struct k8s_state *st, const char *name, int group)
{
	struct strbuf	 id;

	strbuf_init(&id);
	strbuf_addf(&id, "%c%s", group ? 'g' : 'u', name);
	if (hmap_put(st->subject_index, id.buf, id.len, st->nsubjects)) {
		st->subjects = k8s_grow(st->subjects, st->nsubjects,
		    sizeof(*st->subjects));
		st->subjects[st->nsubjects].name = arena_strdup(&st->arena,
		    name);
		st->subjects[st->nsubjects++].group = group;
	}
	strbuf_free(&id);
}

/* 1 when a binding names the group, so implicit members matter. */
static int
k8s_rbac_group_bound(struct k8s_state *st, const char *name)
{
	struct strbuf	 id;
	uint64_t	 i;
	int		 found;

	strbuf_init(&id);
	strbuf_addf(&id, "g%s", name);
	found = hmap_get(st->subject_index, id.buf, id.len, &i);
	strbuf_free(&id);
	return found;
}

/* Keep a has_role edge, or add a binding to the one already kept. */
static void
k8s_rbac_grant(struct k8s_state *st, const char *src, const char *dst,
    const char *raw, const char *ns, const char *binding)
{
	struct k8s_grant	*g;
	struct strbuf		 id;
	uint64_t		 i;

	strbuf_init(&id);
	strbuf_addf(&id, "%s%c%s%c%s", src, '\0', dst, '\0', raw);
	if (hmap_get(st->grant_index, id.buf, id.len, &i))
		g = &st->grants[i];
	else {
		hmap_put(st->grant_index, id.buf, id.len, st->ngrants);
		st->grants = k8s_grow(st->grants, st->ngrants,
		    sizeof(*st->grants));
		g = &st->grants[st->ngrants++];
		memset(g, 0, sizeof(*g));
		g->src = arena_strdup(&st->arena, src);
		g->dst = arena_strdup(&st->arena, dst);
		g->raw = raw;
		g->ns = ns != NULL ? arena_strdup(&st->arena, ns) : NULL;
	}
	if (!k8s_strings_has(&g->bindings, binding))
		k8s_strings_add(st, &g->bindings, binding);
	strbuf_free(&id);
}

/*
 * Work out the key of one subject into key. Returns 0, 1 when the
 * subject is skipped (with a warning), -1 on error.
 */
static int
k8s_rbac_subject_key(struct k8s_state *st, const struct k8s_object *o,
    const cJSON *s, size_t i, struct strbuf *key, char **errp)
{
	const char	*kind = k8s_str(s, "kind"), *name = k8s_str(s, "name");
	const char	*ns = k8s_str(s, "namespace"), *colon;
	int		 cluster = o->ns == NULL;
	char		*sns;

	if (kind == NULL || name == NULL)
		return k8s_warn(st, o, errp, "subjects[%zu] has no kind or "
		    "name; skipped", i) == -1 ? -1 : 1;
	if (strcmp(kind, "ServiceAccount") == 0) {
		if (ns == NULL && cluster)
			return k8s_warn(st, o, errp, "subjects[%zu]: a "
			    "ServiceAccount subject of a ClusterRoleBinding "
			    "needs a namespace; skipped", i) == -1 ? -1 : 1;
		k8s_key(st, key, ns != NULL ? ns : o->ns, "sa", name);
		return 0;
	}
	if (strcmp(kind, "User") == 0 && strncmp(name, K8S_SA_USER,
	    strlen(K8S_SA_USER)) == 0 && (colon = strchr(name +
	    strlen(K8S_SA_USER), ':')) != NULL && colon[1] != '\0') {
		/* The user name of a service account's token. */
		sns = xstrndup(name + strlen(K8S_SA_USER),
		    (size_t)(colon - name) - strlen(K8S_SA_USER));
		k8s_key(st, key, sns, "sa", colon + 1);
		free(sns);
		return 0;
	}
	if (strcmp(kind, "User") == 0 || strcmp(kind, "Group") == 0) {
		k8s_rbac_subject(st, name, kind[0] == 'G');
		k8s_key(st, key, NULL, kind[0] == 'G' ? "group" : "user",
		    name);
		return 0;
	}
	return k8s_warn(st, o, errp, "subjects[%zu] has kind \"%s\"; "
	    "expected ServiceAccount, User or Group; skipped", i, kind) == -1 ?
	    -1 : 1;
}

/* Note a ClusterRole granted in one namespace by a RoleBinding. */
static void
k8s_rbac_instance(struct k8s_state *st, const char *ns, const char *name)
{
	struct strbuf	 id;

	strbuf_init(&id);
	strbuf_addf(&id, "%s/%s", ns, name);
	if (hmap_put(st->instance_index, id.buf, id.len, st->ninstances)) {
		st->instances = k8s_grow(st->instances, st->ninstances,
		    sizeof(*st->instances));
		st->instances[st->ninstances++] = arena_strdup(&st->arena,
		    id.buf);
	}
	strbuf_free(&id);
}

/* Work out the key of the role a binding grants; 1 to skip it. */
static int
k8s_rbac_target(struct k8s_state *st, const struct k8s_object *o,
    struct strbuf *key, const char **ref_name, int *cluster_role,
    char **errp)
{
	const cJSON	*ref = json_get(o->obj, "roleRef");
	const char	*kind = k8s_str(ref, "kind");

	*ref_name = k8s_str(ref, "name");
	*cluster_role = kind != NULL && strcmp(kind, "ClusterRole") == 0;
	if (kind == NULL || *ref_name == NULL)
		return k8s_warn(st, o, errp, "roleRef has no kind or name; "
		    "skipped") == -1 ? -1 : 1;
	if (strcmp(kind, "Role") == 0 && o->ns != NULL) {
		k8s_key(st, key, o->ns, "role", *ref_name);
		return 0;
	}
	if (strcmp(kind, "ClusterRole") == 0) {
		k8s_key(st, key, o->ns, "clusterrole", *ref_name);
		return 0;
	}
	return k8s_warn(st, o, errp, "roleRef.kind \"%s\" cannot be bound "
	    "here (expected %s); skipped", kind, o->ns != NULL ?
	    "Role or ClusterRole" : "ClusterRole") == -1 ? -1 : 1;
}

int
k8s_rbac_binding(struct k8s_state *st, const struct k8s_object *o,
    char **errp)
{
	const char	*raw = o->ns != NULL ? "RoleBinding" :
			    "ClusterRoleBinding", *ref_name;
	const cJSON	*subjects = json_get(o->obj, "subjects"), *s;
	struct strbuf	 target, src, binding;
	size_t		 i = 0, granted = 0;
	int		 rc, cluster_role;

	strbuf_init(&target);
	strbuf_init(&src);
	strbuf_init(&binding);
	if ((rc = k8s_rbac_target(st, o, &target, &ref_name, &cluster_role,
	    errp)) != 0)
		goto out;
	if (o->ns != NULL)
		strbuf_addf(&binding, "%s/", o->ns);
	strbuf_addstr(&binding, o->name);
	cJSON_ArrayForEach(s, subjects) {
		rc = k8s_rbac_subject_key(st, o, s, i++, &src, errp);
		if (rc == -1)
			goto out;
		if (rc == 1)
			continue;
		k8s_rbac_grant(st, src.buf, target.buf, raw, o->ns,
		    binding.buf);
		granted++;
	}
	rc = 0;
	if (i == 0)
		st->no_subjects++;
	if (granted > 0 && o->ns != NULL && cluster_role)
		k8s_rbac_instance(st, o->ns, ref_name);
out:
	strbuf_free(&target);
	strbuf_free(&src);
	strbuf_free(&binding);
	return rc < 0 ? -1 : 0;
}

static void
k8s_rbac_add_rule(struct k8s_rbac_rules *out, const struct k8s_rule *rule,
    const struct k8s_role *from)
{
	out->v = k8s_grow(out->v, out->n, sizeof(*out->v));
	out->v[out->n].rule = rule;
	out->v[out->n++].from = from;
}

/*
 * Collect the rules of role r: its own, then those of every ClusterRole
 * its selectors match, recursively (a role met twice adds nothing).
 * from is the role the rules are credited to, NULL for r's own.
 */
static void
k8s_rbac_collect(struct k8s_state *st, struct k8s_role *r,
    const struct k8s_role *from, struct k8s_rbac_rules *out)
{
	struct k8s_role	*c;
	size_t		 i, j, k, matched;

	r->mark = 1;
	for (i = 0; i < r->nrules; i++)
		k8s_rbac_add_rule(out, &r->rules[i], from);
	for (j = 0; j < r->nselectors; j++) {
		matched = 0;
		for (k = 0; k < st->nroles; k++) {
			c = &st->roles[k];
			if (c == r || c->ns != NULL ||
			    !k8s_rule_matches(&r->selectors[j], c))
				continue;
			matched++;
			if (!c->mark)
				k8s_rbac_collect(st, c, c, out);
		}
		if (matched == 0)
			out->incomplete = 1;
	}
}

/* The effective rules of a role of the input. */
static void
k8s_rbac_effective(struct k8s_state *st, struct k8s_role *r,
    struct k8s_rbac_rules *out)
{
	size_t	 i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < st->nroles; i++)
		st->roles[i].mark = 0;
	k8s_rbac_collect(st, r, NULL, out);
}

/*
 * The rules a built-in aggregated role (admin, edit, view) that is not
 * in the input gains from roles labelled to aggregate to it.
 */
static void
k8s_rbac_builtin(struct k8s_state *st, const char *name,
    struct k8s_rbac_rules *out)
{
	struct k8s_selector	 sel;
	struct k8s_requirement	 req;
	struct strbuf		 label;
	char			 value[] = "true", *values[1] = { value };
	size_t			 i;

	memset(out, 0, sizeof(*out));
	out->incomplete = 1;
	if (strcmp(name, "admin") != 0 && strcmp(name, "edit") != 0 &&
	    strcmp(name, "view") != 0)
		return;
	strbuf_init(&label);
	strbuf_addf(&label, "%s%s", K8S_AGGREGATE_LABEL, name);
	req.key = label.buf;
	req.op = K8S_OP_IN;
	req.values.v = values;
	req.values.n = 1;
	sel.reqs = &req;
	sel.nreqs = 1;
	for (i = 0; i < st->nroles; i++)
		st->roles[i].mark = 0;
	for (i = 0; i < st->nroles; i++) {
		if (st->roles[i].ns == NULL && !st->roles[i].mark &&
		    k8s_rule_matches(&sel, &st->roles[i]))
			k8s_rbac_collect(st, &st->roles[i], &st->roles[i], out);
	}
	/* Collecting a component must not mark the result complete. */
	out->incomplete = 1;
	strbuf_free(&label);
}

/* Emit the privileges of a rule set for role_key in a scope. */
static int
k8s_rbac_emit_rules(struct k8s_state *st, const char *role_key,
    const char *ns, const struct k8s_rbac_rules *rules,
    struct k8s_strings *escalation)
{
	size_t	 i;

	for (i = 0; i < rules->n; i++) {
		if (k8s_rule_emit(st, role_key, ns, &rules->v[i],
		    escalation) == -1)
			return -1;
	}
	return 0;
}

/* Point an aggregated role at each role it took rules from. */
static int
k8s_rbac_emit_sources(struct k8s_state *st, const char *role_key,
    const struct k8s_rbac_rules *rules)
{
	struct strbuf	 key;
	size_t		 i;
	int		 rc = 0;

	strbuf_init(&key);
	for (i = 0; i < rules->n && rc == 0; i++) {
		if (rules->v[i].from == NULL)
			continue;
		k8s_key(st, &key, NULL, "clusterrole", rules->v[i].from->name);
		rc = k8s_emit_edge(st, role_key, key.buf, KIND_EDGE_RELATED,
		    "AggregationRule", RECORD_EDGE_NOT_TRAVERSABLE, NULL);
	}
	strbuf_free(&key);
	return rc;
}

/* Write "name": [values] when the list is not empty. */
static void
k8s_rbac_array(struct jsonw *w, const char *name,
    const struct k8s_strings *l)
{
	size_t	 i;

	if (l->n == 0)
		return;
	jsonw_key(w, name);
	jsonw_array_begin(w);
	for (i = 0; i < l->n; i++)
		jsonw_str(w, l->v[i]);
	jsonw_array_end(w);
}

/* Join two JSON object texts into one object in out. */
static void
k8s_rbac_splice(struct strbuf *out, const char *base, const char *extra)
{
	size_t	 blen = strlen(base);

	strbuf_reset(out);
	strbuf_add(out, base, blen - 1);
	if (blen > 2 && strlen(extra) > 2)
		strbuf_addch(out, ',');
	strbuf_addstr(out, extra + 1);
}

/* The names of the roles an aggregated role took rules from. */
static void
k8s_rbac_sources(struct k8s_state *st, const struct k8s_rbac_rules *rules,
    struct k8s_strings *out)
{
	size_t	 i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < rules->n; i++) {
		if (rules->v[i].from != NULL &&
		    !k8s_strings_has(out, rules->v[i].from->name))
			k8s_strings_add(st, out, rules->v[i].from->name);
	}
}

/* Emit one role of the input with its privileges. */
static int
k8s_rbac_emit_role(struct k8s_state *st, struct k8s_role *r)
{
	struct k8s_rbac_rules	 rules;
	struct k8s_strings	 esc, from;
	struct record_node	 n;
	struct strbuf		 key, extra, attrs;
	struct jsonw		 w;
	int			 rc = -1;

	strbuf_init(&key);
	strbuf_init(&extra);
	strbuf_init(&attrs);
	memset(&esc, 0, sizeof(esc));
	k8s_key(st, &key, r->ns, r->ns != NULL ? "role" : "clusterrole",
	    r->name);
	k8s_rbac_effective(st, r, &rules);
	if (k8s_rbac_emit_rules(st, key.buf, r->ns, &rules, &esc) == -1 ||
	    k8s_rbac_emit_sources(st, key.buf, &rules) == -1)
		goto out;
	k8s_rbac_sources(st, &rules, &from);

	jsonw_init(&w, &extra, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "rules");
	jsonw_int(&w, (int64_t)r->nrules);
	if (r->aggregated) {
		jsonw_key(&w, "aggregation");
		jsonw_str(&w, rules.incomplete ? "incomplete" : "resolved");
		k8s_rbac_array(&w, "aggregated_from", &from);
	}
	k8s_rbac_array(&w, "escalation", &esc);
	jsonw_object_end(&w);
	k8s_rbac_splice(&attrs, r->attrs, extra.buf);

	record_node_init(&n);
	n.key = key.buf;
	n.kind = KIND_NODE_ROLE;
	n.kinds = r->ns != NULL ? "Role" : "ClusterRole";
	strbuf_reset(&extra);
	if (r->ns != NULL)
		strbuf_addf(&extra, "%s/", r->ns);
	strbuf_addstr(&extra, r->name);
	n.name = extra.buf;
	n.life.created_at = r->created;
	n.attrs = attrs.buf;
	rc = import_node(st->imp, &n) == -1 ? -1 : 0;
out:
	free(rules.v);
	strbuf_free(&key);
	strbuf_free(&extra);
	strbuf_free(&attrs);
	return rc;
}

/* The node of a ClusterRole granted in one namespace ("ns/name"). */
static int
k8s_rbac_emit_instance(struct k8s_state *st, const char *id)
{
	const char		*slash = strchr(id, '/'), *status;
	struct k8s_rbac_rules	 rules;
	struct k8s_strings	 esc;
	struct k8s_role		*cr;
	struct record_node	 n;
	struct strbuf		 key, cr_key, name, attrs;
	struct jsonw		 w;
	char			*ns = xstrndup(id, (size_t)(slash - id));
	int			 rc = -1;

	strbuf_init(&key);
	strbuf_init(&cr_key);
	strbuf_init(&name);
	strbuf_init(&attrs);
	memset(&esc, 0, sizeof(esc));
	k8s_key(st, &key, ns, "clusterrole", slash + 1);
	k8s_key(st, &cr_key, NULL, "clusterrole", slash + 1);
	if ((cr = k8s_rbac_find(st, NULL, slash + 1)) != NULL) {
		k8s_rbac_effective(st, cr, &rules);
		status = rules.incomplete ? "incomplete" : "complete";
	} else {
		k8s_rbac_builtin(st, slash + 1, &rules);
		status = rules.n > 0 ? "incomplete" : "unknown";
	}
	if (k8s_rbac_emit_rules(st, key.buf, ns, &rules, &esc) == -1 ||
	    k8s_emit_edge(st, key.buf, cr_key.buf, KIND_EDGE_RELATED,
	    "ClusterRole", RECORD_EDGE_NOT_TRAVERSABLE, NULL) == -1)
		goto out;

	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "cluster_role");
	jsonw_str(&w, slash + 1);
	jsonw_key(&w, "namespace");
	jsonw_str(&w, ns);
	jsonw_key(&w, "rules_status");
	jsonw_str(&w, status);
	k8s_rbac_array(&w, "escalation", &esc);
	jsonw_object_end(&w);
	strbuf_addf(&name, "%s in %s", slash + 1, ns);
	record_node_init(&n);
	n.key = key.buf;
	n.kind = KIND_NODE_ROLE;
	n.kinds = "ClusterRole";
	n.name = name.buf;
	n.attrs = attrs.buf;
	if (cr != NULL)
		n.life.created_at = cr->created;
	k8s_note_namespace(st, ns);
	rc = import_node(st->imp, &n) == -1 ? -1 : 0;
out:
	free(rules.v);
	free(ns);
	strbuf_free(&key);
	strbuf_free(&cr_key);
	strbuf_free(&name);
	strbuf_free(&attrs);
	return rc;
}

/*
 * The built-in aggregated roles that are not in the input but that roles
 * of the input aggregate to: edges from the placeholder to what it gains.
 */
static int
k8s_rbac_emit_builtins(struct k8s_state *st)
{
	static const char *const names[] = { "admin", "edit", "view" };
	struct k8s_rbac_rules	 rules;
	struct k8s_strings	 esc;
	struct strbuf		 key;
	size_t			 i;
	int			 rc = 0;

	strbuf_init(&key);
	for (i = 0; i < 3 && rc == 0; i++) {
		if (k8s_rbac_find(st, NULL, names[i]) != NULL)
			continue;
		memset(&esc, 0, sizeof(esc));
		k8s_rbac_builtin(st, names[i], &rules);
		k8s_key(st, &key, NULL, "clusterrole", names[i]);
		if (k8s_rbac_emit_rules(st, key.buf, NULL, &rules, &esc) ==
		    -1 || k8s_rbac_emit_sources(st, key.buf, &rules) == -1)
			rc = -1;
		free(rules.v);
	}
	strbuf_free(&key);
	return rc;
}

/* Emit the has_role edges, each naming its bindings. */
static int
k8s_rbac_emit_grants(struct k8s_state *st)
{
	struct k8s_grant	*g;
	struct strbuf		 attrs, joined;
	struct jsonw		 w;
	size_t			 i, j;
	int			 rc = 0;

	strbuf_init(&attrs);
	strbuf_init(&joined);
	for (i = 0; i < st->ngrants && rc == 0; i++) {
		g = &st->grants[i];
		strbuf_reset(&attrs);
		strbuf_reset(&joined);
		for (j = 0; j < g->bindings.n; j++)
			strbuf_addf(&joined, "%s%s", j > 0 ? ", " : "",
			    g->bindings.v[j]);
		jsonw_init(&w, &attrs, 0);
		jsonw_object_begin(&w);
		jsonw_key(&w, "binding");
		jsonw_str(&w, joined.buf);
		if (g->ns != NULL) {
			jsonw_key(&w, "namespace");
			jsonw_str(&w, g->ns);
		}
		jsonw_object_end(&w);
		rc = k8s_emit_edge(st, g->src, g->dst, KIND_EDGE_HAS_ROLE,
		    g->raw, 0, attrs.buf);
	}
	strbuf_free(&attrs);
	strbuf_free(&joined);
	return rc;
}

/* Add a member_of edge to an implicit group when a binding names it. */
static int
k8s_rbac_implicit(struct k8s_state *st, const char *member,
    const char *group)
{
	struct strbuf	 key;
	int		 rc;

	if (!k8s_rbac_group_bound(st, group))
		return 0;
	strbuf_init(&key);
	k8s_key(st, &key, NULL, "group", group);
	rc = k8s_emit_edge(st, member, key.buf, KIND_EDGE_MEMBER_OF,
	    "ImplicitGroup", 0, NULL);
	strbuf_free(&key);
	return rc;
}

/* Write the special meaning of a user or group name, if it has one. */
static void
k8s_rbac_special_attrs(struct jsonw *w, const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(k8s_rbac_special) /
	    sizeof(k8s_rbac_special[0]); i++) {
		if (strcmp(k8s_rbac_special[i].name, name) != 0)
			continue;
		if (k8s_rbac_special[i].mark != NULL) {
			jsonw_key(w, k8s_rbac_special[i].mark);
			jsonw_bool(w, 1);
		}
		jsonw_key(w, "meaning");
		jsonw_str(w, k8s_rbac_special[i].meaning);
		return;
	}
	if (strncmp(name, "system:serviceaccounts:", 23) == 0) {
		jsonw_key(w, "meaning");
		jsonw_str(w, "every service account of one namespace");
	}
}

/* Emit the users and groups that bindings name, and their groups. */
static int
k8s_rbac_emit_subjects(struct k8s_state *st)
{
	struct k8s_subject	*s;
	struct record_node	 n;
	struct strbuf		 key, attrs;
	struct jsonw		 w;
	size_t			 i;
	int			 rc = 0;

	strbuf_init(&key);
	strbuf_init(&attrs);
	for (i = 0; i < st->nsubjects && rc == 0; i++) {
		s = &st->subjects[i];
		k8s_key(st, &key, NULL, s->group ? "group" : "user", s->name);
		strbuf_reset(&attrs);
		jsonw_init(&w, &attrs, 0);
		jsonw_object_begin(&w);
		k8s_rbac_special_attrs(&w, s->name);
		jsonw_object_end(&w);
		record_node_init(&n);
		n.key = key.buf;
		n.kinds = s->group ? "Group" : "User";
		n.kind = s->group ? KIND_NODE_GROUP :
		    strncmp(s->name, "system:", 7) == 0 ?
		    KIND_NODE_SERVICE_ACCOUNT : KIND_NODE_HUMAN;
		n.name = s->name;
		n.attrs = attrs.len > 2 ? attrs.buf : NULL;
		if (import_node(st->imp, &n) == -1)
			rc = -1;
		else if (!s->group)
			rc = k8s_rbac_implicit(st, key.buf,
			    strcmp(s->name, "system:anonymous") == 0 ?
			    "system:unauthenticated" : "system:authenticated");
	}
	strbuf_free(&key);
	strbuf_free(&attrs);
	return rc;
}

/* Service accounts belong to three groups that bindings may name. */
static int
k8s_rbac_emit_accounts(struct k8s_state *st)
{
	struct strbuf	 key, group;
	size_t		 i;
	int		 rc = 0;

	strbuf_init(&key);
	strbuf_init(&group);
	for (i = 0; i < st->naccounts && rc == 0; i++) {
		k8s_key(st, &key, st->accounts[i].ns, "sa",
		    st->accounts[i].name);
		strbuf_reset(&group);
		strbuf_addf(&group, "system:serviceaccounts:%s",
		    st->accounts[i].ns);
		if (k8s_rbac_implicit(st, key.buf, "system:serviceaccounts") ==
		    -1 || k8s_rbac_implicit(st, key.buf, group.buf) == -1 ||
		    k8s_rbac_implicit(st, key.buf, "system:authenticated") ==
		    -1)
			rc = -1;
	}
	strbuf_free(&key);
	strbuf_free(&group);
	return rc;
}

int
k8s_rbac_finish(struct k8s_state *st, char **errp)
{
	size_t	 i;

	(void)errp;
	for (i = 0; i < st->nroles; i++) {
		if (k8s_rbac_emit_role(st, &st->roles[i]) == -1)
			return -1;
	}
	for (i = 0; i < st->ninstances; i++) {
		if (k8s_rbac_emit_instance(st, st->instances[i]) == -1)
			return -1;
	}
	if (k8s_rbac_emit_builtins(st) == -1 ||
	    k8s_rbac_emit_grants(st) == -1 ||
	    k8s_rbac_emit_subjects(st) == -1 ||
	    k8s_rbac_emit_accounts(st) == -1)
		return -1;
	return 0;
}
