/*
 * Joins across sources (see join.h): the rule table, the switch, the
 * attribute values the rules read, and the result they build.
 */
#include "join.h"
#include "join_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hmap.h"
#include "log.h"
#include "model.h"
#include "strbuf.h"
#include "xalloc.h"

static const struct join_rule_info join_rule_table[JOIN_NRULES] = {
	[JOIN_GITHUB_AWS] = { "github-oidc-aws",
	    "GitHub repository or environment to the AWS roles whose OIDC "
	    "trust names it" },
	[JOIN_GITHUB_ENTRA] = { "github-oidc-entra",
	    "GitHub repository or environment to the Entra applications "
	    "whose federated credential names it" },
	[JOIN_GITHUB_GCP] = { "github-oidc-gcp",
	    "GitHub repository or environment to the GCP workload identity "
	    "principals that name it" },
	[JOIN_PERSON_EMAIL] = { "person-email",
	    "one person node for the accounts that share an e-mail address" },
	[JOIN_OWNER_EMAIL] = { "owner-email",
	    "the person an owner e-mail address names owns the node" },
};

/* The attributes the rules read. */
static const char *const join_names[] = {
	"full_name", "repository_name", "short_name", "issuer", "subject",
	"claimsMatchingExpression", "issuerUri", "email", "mail",
	"userPrincipalName", "otherMails", "tag:email", "tag:Email",
	"tag:EMAIL", "tag:e-mail", "tag:mail", "tag:Mail", "accountEnabled"
};

#define JOIN_NNAMES	(sizeof(join_names) / sizeof(join_names[0]))

const struct join_rule_info *
join_rules(void)
{
	return join_rule_table;
}

unsigned
join_mask(const char *text, char **unknown)
{
	const char	*p, *end;
	unsigned	 keep = 0, drop = 0, all = (1u << JOIN_NRULES) - 1;
	size_t		 len, i;
	int		 neg, found;

	if (unknown != NULL)
		*unknown = NULL;
	if (text == NULL || *text == '\0' || strcasecmp(text, "all") == 0)
		return all;
	if (strcasecmp(text, "none") == 0)
		return 0;
	for (p = text; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		p += strspn(p, " ");
		end = p + strcspn(p, ",");
		neg = *p == '-';
		len = (size_t)(end - p) - (size_t)neg;
		while (len > 0 && p[neg + len - 1] == ' ')
			len--;
		for (i = 0, found = 0; i < JOIN_NRULES && len > 0; i++) {
			if (strlen(join_rule_table[i].name) == len &&
			    strncasecmp(join_rule_table[i].name, p + neg,
			    len) == 0) {
				*(neg ? &drop : &keep) |= 1u << i;
				found = 1;
			}
		}
		if (!found && len > 0 && unknown != NULL && *unknown == NULL)
			*unknown = xstrndup(p + neg, len);
	}
	return (keep != 0 ? keep : all) & ~drop;
}

int
join_glob(const char *pattern, const char *s, int nocase)
{
	const char	*star = NULL, *mark = NULL;
	int		 a, b;

	while (*s != '\0') {
		a = (unsigned char)*pattern;
		b = (unsigned char)*s;
		if (nocase && a >= 'A' && a <= 'Z')
			a += 'a' - 'A';
		if (nocase && b >= 'A' && b <= 'Z')
			b += 'a' - 'A';
		if (*pattern == '*') {
			star = pattern++;
			mark = s;
		} else if (*pattern == '?' || (a != 0 && a == b)) {
			pattern++;
			s++;
		} else if (star != NULL) {
			pattern = star + 1;
			s = ++mark;
		} else
			return 0;
	}
	while (*pattern == '*')
		pattern++;
	return *pattern == '\0';
}

const char *const *
join_attr_names(size_t *n)
{
	*n = JOIN_NNAMES;
	return join_names;
}

void
join_values_add(struct join_values *jv, uint32_t v, const char *name,
    const char *value)
{
	size_t	 i;

	for (i = 0; i < JOIN_NNAMES && strcmp(join_names[i], name) != 0; i++)
		;
	if (i == JOIN_NNAMES)
		return;
	if (jv->n == jv->cap) {
		jv->cap = jv->cap == 0 ? 256 : jv->cap * 2;
		jv->v = xreallocarray(jv->v, jv->cap, sizeof(*jv->v));
	}
	jv->v[jv->n].node = v;
	jv->v[jv->n].name = join_names[i];
	jv->v[jv->n].value = xstrdup(value);
	jv->n++;
}

void
join_values_free(struct join_values *jv)
{
	size_t	 i;

	for (i = 0; i < jv->n; i++)
		free(jv->v[i].value);
	free(jv->v);
	memset(jv, 0, sizeof(*jv));
}

static int
join_value_cmp(const void *a, const void *b)
{
	const struct join_value	*x = a, *y = b;

	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	return x < y ? -1 : x > y;
}

/*
 * Sort the attribute values by node, keeping the scan order within a
 * node, and index them.
 */
static void
join_index_values(struct join_ctx *c, struct join_values *jv)
{
	size_t	 i, n = c->m->nnodes;

	if (jv->n > 1)
		qsort(jv->v, jv->n, sizeof(*jv->v), join_value_cmp);
	c->vals = jv->v;
	c->nvals = jv->n;
	c->val_off = xcalloc(n + 1, sizeof(*c->val_off));
	for (i = 0; i < c->nvals; i++)
		c->val_off[c->vals[i].node + 1]++;
	for (i = 0; i < n; i++)
		c->val_off[i + 1] += c->val_off[i];
}

const char *
join_value_next(const struct join_ctx *c, size_t v, const char *name,
    size_t *pos)
{
	size_t	 i;

	if (v >= c->m->nnodes)
		return NULL;
	for (i = c->val_off[v] + *pos; i < c->val_off[v + 1]; i++) {
		if (strcmp(c->vals[i].name, name) == 0) {
			*pos = i - c->val_off[v] + 1;
			return c->vals[i].value;
		}
	}
	*pos = c->val_off[v + 1] - c->val_off[v];
	return NULL;
}

const char *
join_value(const struct join_ctx *c, size_t v, const char *name)
{
	size_t	 pos = 0;

	return join_value_next(c, v, name, &pos);
}

int
join_has_kind(const struct join_ctx *c, size_t v, const char *kind)
{
	const char	*kinds = model_label(c->m, c->m->kinds[v]), *p;
	size_t		 len = strlen(kind);

	for (p = kinds; (p = strstr(p, kind)) != NULL; p += len) {
		if ((p == kinds || p[-1] == ',') && (p[len] == '\0' ||
		    p[len] == ','))
			return 1;
	}
	return 0;
}

struct join_edge *
join_add_edge(struct join_ctx *c, uint32_t src, uint32_t dst,
    enum kind_edge kind, const char *raw, enum join_rule rule, char *attrs,
    char *evidence)
{
	struct join_result	*r = c->out;
	struct join_edge	*e;
	uint64_t		 idx;
	char			*id;

	/* A repeated derived edge is kept once, with its first evidence. */
	id = xasprintf("%u %u %d %s", src, dst, (int)kind, raw);
	if (hmap_get(c->edge_index, id, strlen(id), &idx)) {
		free(id);
		free(attrs);
		free(evidence);
		return &r->edges[idx];
	}
	hmap_put(c->edge_index, id, strlen(id), r->nedges);
	free(id);
	r->edges = xreallocarray(r->edges, r->nedges + 1, sizeof(*r->edges));
	e = &r->edges[r->nedges++];
	e->src = src;
	e->dst = dst;
	e->kind = kind;
	e->raw = raw;
	e->attrs = attrs;
	e->evidence = evidence;
	e->rule = rule;
	r->counts[rule]++;
	return e;
}

uint32_t
join_add_node(struct join_ctx *c, const char *key, const char *name)
{
	struct join_result	*r = c->out;
	struct join_node	*n;

	r->nodes = xreallocarray(r->nodes, r->nnodes + 1, sizeof(*r->nodes));
	n = &r->nodes[r->nnodes];
	n->key = xstrdup(key);
	n->name = xstrdup(name);
	n->attrs = NULL;
	n->nattrs = 0;
	return (uint32_t)(r->node_base + r->nnodes++);
}

void
join_node_attr(struct join_ctx *c, uint32_t v, const char *name,
    const char *value)
{
	struct join_node	*n = &c->out->nodes[v - c->out->node_base];

	n->attrs = xreallocarray(n->attrs, n->nattrs + 1, sizeof(*n->attrs));
	n->attrs[n->nattrs].name = xstrdup(name);
	n->attrs[n->nattrs].value = xstrdup(value);
	n->nattrs++;
}

int
join_run(struct store *s, const struct model *m, const struct join_edges *e,
    struct join_values *vals, const uint32_t *by_kid, size_t by_kid_len,
    unsigned mask, struct join_result *out, char **errp)
{
	struct join_ctx	 c;
	int		 rc = 0;

	memset(out, 0, sizeof(*out));
	out->mask = mask;
	out->node_base = m->nnodes;
	if (mask == 0)
		return 0;
	memset(&c, 0, sizeof(c));
	c.s = s;
	c.m = m;
	c.e = e;
	c.by_kid = by_kid;
	c.by_kid_len = by_kid_len;
	c.out = out;
	c.edge_index = hmap_create(256);
	join_index_values(&c, vals);
	if (mask & (1u << JOIN_GITHUB_AWS |
	    1u << JOIN_GITHUB_ENTRA | 1u << JOIN_GITHUB_GCP))
		join_github_aws(&c, (mask >> JOIN_GITHUB_ENTRA) & 1,
		    (mask >> JOIN_GITHUB_GCP) & 1,
		    (mask >> JOIN_GITHUB_AWS) & 1, errp, &rc);
	if (rc == 0 && (mask & (1u << JOIN_PERSON_EMAIL |
	    1u << JOIN_OWNER_EMAIL)))
		join_people(&c, (mask >> JOIN_PERSON_EMAIL) & 1,
		    (mask >> JOIN_OWNER_EMAIL) & 1);
	free(c.val_off);
	hmap_free(c.edge_index);
	if (rc == -1)
		join_result_free(out);
	else
		log_debug("joins: %zu nodes and %zu edges added", out->nnodes,
		    out->nedges);
	return rc;
}

void
join_result_free(struct join_result *r)
{
	size_t	 i, j;

	if (r == NULL)
		return;
	for (i = 0; i < r->nnodes; i++) {
		for (j = 0; j < r->nodes[i].nattrs; j++) {
			free(r->nodes[i].attrs[j].name);
			free(r->nodes[i].attrs[j].value);
		}
		free(r->nodes[i].attrs);
		free(r->nodes[i].key);
		free(r->nodes[i].name);
	}
	for (i = 0; i < r->nedges; i++) {
		free(r->edges[i].attrs);
		free(r->edges[i].evidence);
	}
	free(r->nodes);
	free(r->edges);
	memset(r, 0, sizeof(*r));
}
