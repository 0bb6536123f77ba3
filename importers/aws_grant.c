/*
 * From policy statements to privileges and the systems they reach (see
 * aws_authz.h and docs/formats.md, "AWS IAM").
 *
 * Each statement yields one privilege per action pattern and resource
 * pattern it names; NotAction and NotResource yield one privilege for
 * "everything except" the list. A privilege node is shared by every
 * policy that names it and is emitted once, with an applies_to edge to
 * what it reaches:
 *
 *   - a resource ARN: the system node aws:<ARN>, a pattern when it has
 *     wildcards, linked to its service and account; an ARN of an IAM user,
 *     group, role, policy or instance profile is that entity's own node;
 *   - "*" or NotResource: the service node aws:service:<service> of the
 *     action, or aws:service:* when the action spans services.
 *
 * Allow statements give grants edges from the policy. Deny statements
 * give limits edges marked not traversable, so that no walk or reach
 * takes a denial for a grant. Conditions ride on the edge, which is then
 * conditional.
 */
#include <stdlib.h>
#include <string.h>

#include "aws_arn.h"
#include "aws_authz.h"
#include "aws_privilege.h"
#include "import.h"
#include "jsonw.h"
#include "xalloc.h"

/* Called for each privilege of a statement. */
typedef int (*aws_grant_fn)(struct aws_authz *, const struct aws_statement *,
    const struct aws_privilege *, void *ctx, char **errp);

/* An edge from the policy to a privilege, merged over statements. */
struct aws_grant_edge {
	char			*key;
	enum aws_effect		 effect;
	const char		*conditions;	/* NULL when unconditional */
	const char		*sid;
};

struct aws_grant_edges {
	struct aws_grant_edge	*v;
	size_t			 n;
	size_t			 cap;
	struct hmap		*index;
};

/* Call fn for every action and resource pair of the statement. */
static int
aws_grant_each(struct aws_authz *a, const struct aws_statement *st,
    aws_grant_fn fn, void *ctx, char **errp)
{
	struct aws_privilege	 p;
	size_t			 i, j, na, nr;

	na = st->not_action ? 1 : st->actions.n;
	nr = st->not_resource ? 1 : st->resources.n;
	for (i = 0; i < na; i++) {
		for (j = 0; j < nr; j++) {
			p.effect = st->effect;
			p.action = st->not_action ? "*" : st->actions.v[i];
			p.action_except = st->not_action ? &st->actions : NULL;
			p.resource = st->not_resource ? "*" :
			    st->resources.v[j];
			p.resource_except = st->not_resource ?
			    &st->resources : NULL;
			if (fn(a, st, &p, ctx, errp) == -1)
				return -1;
		}
	}
	return 0;
}

static int
aws_grant_node(struct aws_authz *a, const char *key, enum kind_node kind,
    const char *kinds, const char *name, const char *attrs)
{
	struct record_node	 n;

	record_node_init(&n);
	n.key = key;
	n.kind = kind;
	n.kinds = kinds;
	n.name = name;
	n.attrs = attrs;
	return import_node(a->imp, &n) == -1 ? -1 : 0;
}

static int
aws_grant_edge(struct aws_authz *a, const char *src, const char *dst,
    enum kind_edge kind, const char *raw, unsigned flags,
    const char *conditions, const char *attrs)
{
	struct record_edge	 e;

	record_edge_init(&e);
	e.src = src;
	e.dst = dst;
	e.kind = kind;
	e.raw = raw;
	e.flags = flags;
	e.conditions = conditions;
	e.attrs = attrs;
	return import_edge(a->imp, &e);
}

/* The service node of svc ("s3", or "*" for all); returns its key. */
static char *
aws_grant_service(struct aws_authz *a, const char *svc, size_t len,
    char **errp)
{
	char	*key, *name;
	int	 rc = 0;

	(void)errp;
	if (len == 0 || memchr(svc, '*', len) != NULL ||
	    memchr(svc, '?', len) != NULL) {
		svc = "*";
		len = 1;
	}
	key = xasprintf("aws:service:%.*s", (int)len, svc);
	if (aws_authz_once(a, key)) {
		if (strcmp(svc, "*") == 0)
			name = xstrdup("all AWS services (all resources)");
		else
			name = xasprintf("%.*s (all resources)", (int)len, svc);
		rc = aws_grant_node(a, key, KIND_NODE_SYSTEM, "AWSService",
		    name, NULL);
		free(name);
	}
	if (rc == -1) {
		free(key);
		return NULL;
	}
	return key;
}

/* The service of an action pattern: "s3" of "s3:Get*", else "*". */
static char *
aws_grant_action_service(struct aws_authz *a, const struct aws_privilege *p,
    char **errp)
{
	const char	*colon;

	if (p->action_except != NULL ||
	    (colon = strchr(p->action, ':')) == NULL)
		return aws_grant_service(a, "*", 1, errp);
	return aws_grant_service(a, p->action, (size_t)(colon - p->action),
	    errp);
}

/* Emit the system node of a resource ARN, with its service and account. */
static int
aws_grant_resource_node(struct aws_authz *a, const char *key,
    const char *arn, char **errp)
{
	struct aws_arn	 parts;
	struct strbuf	 attrs;
	struct jsonw	 w;
	char		*svc = NULL, *acct = NULL;
	const char	*name = arn;
	int		 rc = -1;

	strbuf_init(&attrs);
	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	if (aws_arn_parse(arn, &parts) == 0) {
		name = arn + 5 + parts.partition_len;
		jsonw_key(&w, "service");
		jsonw_strn(&w, parts.service, parts.service_len);
		jsonw_key(&w, "region");
		jsonw_strn(&w, parts.region, parts.region_len);
		jsonw_key(&w, "account");
		jsonw_strn(&w, parts.account, parts.account_len);
		jsonw_key(&w, "resource");
		jsonw_str(&w, parts.resource);
	}
	jsonw_key(&w, "pattern");
	jsonw_bool(&w, aws_arn_has_wildcard(arn));
	jsonw_object_end(&w);
	if (aws_grant_node(a, key, KIND_NODE_SYSTEM, "AWSResource", name,
	    attrs.buf) == -1)
		goto out;
	if (name != arn) {
		if ((svc = aws_grant_service(a, parts.service,
		    parts.service_len, errp)) == NULL ||
		    aws_grant_edge(a, key, svc, KIND_EDGE_RELATED, "InService",
		    0, NULL, NULL) == -1)
			goto out;
		if (aws_arn_is_account_id(parts.account, parts.account_len) &&
		    (aws_authz_account(a, parts.partition, parts.partition_len,
		    parts.account, parts.account_len, &acct, errp) == -1 ||
		    aws_grant_edge(a, key, acct, KIND_EDGE_RELATED, "InAccount",
		    0, NULL, NULL) == -1))
			goto out;
	}
	rc = 0;
out:
	free(svc);
	free(acct);
	strbuf_free(&attrs);
	return rc;
}

/* Emit the applies_to edge of a new privilege node. */
static int
aws_grant_applies_to(struct aws_authz *a, const char *pkey,
    const struct aws_privilege *p, char **errp)
{
	struct aws_arn	 parts;
	char		*target;
	const char	*raw = "Resource";
	int		 rc;

	if (p->resource_except != NULL || strcmp(p->resource, "*") == 0) {
		raw = p->resource_except != NULL ? "NotResource" : "Resource";
		if ((target = aws_grant_action_service(a, p, errp)) == NULL)
			return -1;
	} else {
		target = xasprintf("aws:%s", p->resource);
		if ((aws_arn_parse(p->resource, &parts) == -1 ||
		    !aws_arn_is_iam_entity(&parts)) &&
		    aws_authz_once(a, target) &&
		    aws_grant_resource_node(a, target, p->resource,
		    errp) == -1) {
			free(target);
			return -1;
		}
	}
	rc = aws_grant_edge(a, pkey, target, KIND_EDGE_APPLIES_TO, raw, 0,
	    NULL, NULL);
	free(target);
	return rc;
}

/* Write the privilege node's kinds and attributes. */
static void
aws_grant_describe(const struct aws_privilege *p, struct strbuf *kinds,
    struct strbuf *attrs)
{
	struct jsonw	 w;
	unsigned	 classes = aws_privilege_classes(p);
	size_t		 i;
	int		 c, top = -1;

	strbuf_addstr(kinds, "AWSPrivilege");
	for (c = 0; c < AWS_CLASS_COUNT; c++) {
		if (classes & (1u << c)) {
			strbuf_addf(kinds, ",%s", aws_privilege_class_name(c));
			if (top == -1)
				top = c;
		}
	}
	jsonw_init(&w, attrs, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, p->action_except != NULL ? "action_except" : "action");
	if (p->action_except != NULL) {
		jsonw_array_begin(&w);
		for (i = 0; i < p->action_except->n; i++)
			jsonw_str(&w, p->action_except->v[i]);
		jsonw_array_end(&w);
	} else
		jsonw_str(&w, p->action);
	jsonw_key(&w, "class");
	jsonw_str(&w, top >= 0 ? aws_privilege_class_name(top) : "none");
	jsonw_key(&w, "effect");
	jsonw_str(&w, p->effect == AWS_ALLOW ? "allow" : "deny");
	jsonw_key(&w, p->resource_except != NULL ? "resource_except" :
	    "resource");
	if (p->resource_except != NULL) {
		jsonw_array_begin(&w);
		for (i = 0; i < p->resource_except->n; i++)
			jsonw_str(&w, p->resource_except->v[i]);
		jsonw_array_end(&w);
	} else
		jsonw_str(&w, p->resource);
	jsonw_object_end(&w);
}

/* Emit a privilege node the first time the import names it. */
static int
aws_grant_privilege(struct aws_authz *a, const char *key,
    const struct aws_privilege *p, char **errp)
{
	struct strbuf	 kinds, attrs;
	char		*name;
	int		 rc;

	if (!aws_authz_once(a, key))
		return 0;
	strbuf_init(&kinds);
	strbuf_init(&attrs);
	aws_grant_describe(p, &kinds, &attrs);
	name = aws_privilege_name(p);
	rc = aws_grant_node(a, key, KIND_NODE_PRIVILEGE, kinds.buf, name,
	    attrs.buf);
	if (rc == 0)
		rc = aws_grant_applies_to(a, key, p, errp);
	free(name);
	strbuf_free(&kinds);
	strbuf_free(&attrs);
	return rc;
}

/* Note the edge to one privilege, merging repeats within the document. */
static int
aws_grant_collect(struct aws_authz *a, const struct aws_statement *st,
    const struct aws_privilege *p, void *ctx, char **errp)
{
	struct aws_grant_edges	*edges = ctx;
	struct aws_grant_edge	*e;
	char			*key = aws_privilege_key(p);
	uint64_t		 idx;

	if (aws_grant_privilege(a, key, p, errp) == -1) {
		free(key);
		return -1;
	}
	if (hmap_get(edges->index, key, strlen(key), &idx)) {
		/* One unconditional statement makes the edge unconditional. */
		if (st->conditions == NULL)
			edges->v[idx].conditions = NULL;
		free(key);
		return 0;
	}
	if (edges->n == edges->cap) {
		edges->cap = edges->cap == 0 ? 64 : edges->cap * 2;
		edges->v = xreallocarray(edges->v, edges->cap,
		    sizeof(*edges->v));
	}
	hmap_put(edges->index, key, strlen(key), edges->n);
	e = &edges->v[edges->n++];
	e->key = key;
	e->effect = st->effect;
	e->conditions = st->conditions;
	e->sid = st->sid;
	return 0;
}

static int
aws_grant_emit_edges(struct aws_authz *a, const char *policy_key,
    const struct aws_grant_edges *edges)
{
	const struct aws_grant_edge	*e;
	struct strbuf			 attrs;
	struct jsonw			 w;
	size_t				 i;
	unsigned			 flags;
	int				 rc = 0;

	strbuf_init(&attrs);
	for (i = 0; i < edges->n && rc == 0; i++) {
		e = &edges->v[i];
		strbuf_reset(&attrs);
		if (e->sid != NULL) {
			jsonw_init(&w, &attrs, 0);
			jsonw_object_begin(&w);
			jsonw_key(&w, "sid");
			jsonw_str(&w, e->sid);
			jsonw_object_end(&w);
		}
		flags = e->conditions != NULL ? RECORD_EDGE_CONDITIONAL : 0;
		if (e->effect == AWS_DENY)
			flags |= RECORD_EDGE_NOT_TRAVERSABLE;
		rc = aws_grant_edge(a, policy_key, e->key, e->effect ==
		    AWS_ALLOW ? KIND_EDGE_GRANTS : KIND_EDGE_LIMITS,
		    e->effect == AWS_ALLOW ? "Allow" : "Deny", flags,
		    e->conditions, attrs.len > 0 ? attrs.buf : NULL);
	}
	strbuf_free(&attrs);
	return rc;
}

int
aws_grant_document(struct aws_authz *a, const char *policy_key,
    const struct aws_document *doc, char **errp)
{
	struct aws_grant_edges	 edges;
	size_t			 i;
	int			 rc = -1;

	memset(&edges, 0, sizeof(edges));
	edges.index = hmap_create(64);
	for (i = 0; i < doc->n; i++) {
		if (aws_grant_each(a, &doc->v[i], aws_grant_collect, &edges,
		    errp) == -1)
			goto out;
	}
	rc = aws_grant_emit_edges(a, policy_key, &edges);
out:
	for (i = 0; i < edges.n; i++)
		free(edges.v[i].key);
	free(edges.v);
	hmap_free(edges.index);
	return rc;
}

/* The distinct privileges of a set of documents, split by effect. */
struct aws_grant_set {
	struct aws_privilege	*v;
	const char		**conditions;
	size_t			 n;
	size_t			 cap;
	struct hmap		*seen;	/* privilege keys */
};

static int
aws_grant_gather(struct aws_authz *a, const struct aws_statement *st,
    const struct aws_privilege *p, void *ctx, char **errp)
{
	struct aws_grant_set	*sets = ctx, *s = &sets[p->effect];
	char			*key = aws_privilege_key(p);
	int			 fresh;

	(void)a;
	(void)errp;
	/* Many policies repeat a privilege; compare each once. */
	fresh = hmap_put(s->seen, key, strlen(key), s->n);
	free(key);
	if (!fresh)
		return 0;
	if (s->n == s->cap) {
		s->cap = s->cap == 0 ? 64 : s->cap * 2;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
		s->conditions = xreallocarray(s->conditions, s->cap,
		    sizeof(*s->conditions));
	}
	s->conditions[s->n] = st->conditions;
	s->v[s->n++] = *p;
	return 0;
}

/* Record that deny removes allow for the principal. */
static void
aws_grant_note_override(struct aws_authz *a, const char *principal_arn,
    const struct aws_privilege *deny, const char *conditions,
    const struct aws_privilege *allow, int full)
{
	struct aws_authz_override	*o;
	struct strbuf			 pair, item;
	char				*dkey = aws_privilege_key(deny);
	char				*akey = aws_privilege_key(allow);
	uint64_t			 idx;

	strbuf_init(&pair);
	strbuf_init(&item);
	strbuf_addf(&pair, "%s\n%s", dkey, akey);
	jsonw_escape(&item, principal_arn, strlen(principal_arn));
	if (hmap_get(a->override_index, pair.buf, pair.len, &idx)) {
		o = &a->overrides[idx];
		if (strstr(o->principals.buf, item.buf) == NULL)
			strbuf_addf(&o->principals, ",%s", item.buf);
		free(dkey);
		free(akey);
		goto out;
	}
	a->overrides = xreallocarray(a->overrides, a->noverrides + 1,
	    sizeof(*a->overrides));
	hmap_put(a->override_index, pair.buf, pair.len, a->noverrides);
	o = &a->overrides[a->noverrides++];
	o->deny_key = dkey;
	o->allow_key = akey;
	o->conditions = conditions != NULL ? xstrdup(conditions) : NULL;
	o->full = full;
	strbuf_init(&o->principals);
	strbuf_addstr(&o->principals, item.buf);
out:
	strbuf_free(&pair);
	strbuf_free(&item);
}

void
aws_grant_overrides(struct aws_authz *a, const char *principal_arn,
    const struct aws_authz_doc *docs, size_t ndocs, size_t *count)
{
	struct aws_grant_set	 sets[2];
	size_t			 i, j;
	int			 full;

	*count = 0;
	/* Without a Deny in force there is nothing to compare. */
	for (i = 0, full = 0; i < ndocs && !full; i++) {
		for (j = 0; j < docs[i].doc->n && !full; j++)
			full = docs[i].doc->v[j].effect == AWS_DENY;
	}
	if (!full)
		return;
	memset(sets, 0, sizeof(sets));
	sets[AWS_ALLOW].seen = hmap_create(256);
	sets[AWS_DENY].seen = hmap_create(16);
	for (i = 0; i < ndocs; i++) {
		for (j = 0; j < docs[i].doc->n; j++)
			(void)aws_grant_each(a, &docs[i].doc->v[j],
			    aws_grant_gather, sets, NULL);
	}
	for (i = 0; i < sets[AWS_DENY].n; i++) {
		for (j = 0; j < sets[AWS_ALLOW].n; j++) {
			if (!aws_privilege_overlaps(&sets[AWS_DENY].v[i],
			    &sets[AWS_ALLOW].v[j], &full))
				continue;
			aws_grant_note_override(a, principal_arn,
			    &sets[AWS_DENY].v[i],
			    sets[AWS_DENY].conditions[i],
			    &sets[AWS_ALLOW].v[j], full);
			(*count)++;
		}
	}
	for (i = 0; i < 2; i++) {
		free(sets[i].v);
		free(sets[i].conditions);
		hmap_free(sets[i].seen);
	}
}

int
aws_grant_emit_overrides(struct aws_authz *a, char **errp)
{
	const struct aws_authz_override	*o;
	struct strbuf			 attrs;
	size_t				 i;
	unsigned			 flags;
	int				 rc = 0;

	(void)errp;
	strbuf_init(&attrs);
	for (i = 0; i < a->noverrides && rc == 0; i++) {
		o = &a->overrides[i];
		strbuf_reset(&attrs);
		strbuf_addf(&attrs, "{\"principals\":[%s],\"removes\":\"%s\"}",
		    o->principals.buf, o->full ? "all" : "part");
		flags = RECORD_EDGE_NOT_TRAVERSABLE;
		if (o->conditions != NULL)
			flags |= RECORD_EDGE_CONDITIONAL;
		rc = aws_grant_edge(a, o->deny_key, o->allow_key,
		    KIND_EDGE_LIMITS, "Overrides", flags, o->conditions,
		    attrs.buf);
	}
	strbuf_free(&attrs);
	return rc;
}
