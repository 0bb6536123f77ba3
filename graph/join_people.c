/*
 * People across sources (see join.h). An e-mail address names the same
 * person wherever it appears. The addresses read are a GitHub user's
 * email and an Entra user's mail, userPrincipalName or otherMails (guest
 * names with #EXT# are not addresses). So are a GCP "user:" member, an
 * AWS IAM user's email tag and the email of a person in an OpenGraph
 * file. Addresses are compared
 * in lower case. When two or more nodes share one, a node
 * "person:<address>" (kind human, source "join") can assume each of
 * them, and its card lists every match with the attribute that made it.
 *
 * An owner field holding an address makes the person (or, when only one
 * account has the address, that account) own the node, unless an account
 * with that address owns it already by an imported edge.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "join_int.h"
#include "jsonw.h"
#include "model.h"
#include "strbuf.h"
#include "xalloc.h"

/* The longest key of a pair of node ids, "u>v", with its NUL. */
#define JOIN_PAIR_LEN	24

/* One address found on one node. */
struct join_email {
	char		*email;
	uint32_t	 v;
	const char	*attr;
	const char	*value;
};

struct join_emails {
	struct join_email	*v;
	size_t			 n;
};

/* Add an address, normalised; values that are not addresses are left. */
static void
join_email_add(struct join_emails *l, uint32_t v, const char *attr,
    const char *value)
{
	const char	*p = value, *end;
	char		*email, *q;

	while (*p == ' ')
		p++;
	end = p + strlen(p);
	while (end > p && end[-1] == ' ')
		end--;
	if (end - p < 3 || end - p > 254 || memchr(p, '@', (size_t)(end - p))
	    == NULL || memchr(p, ' ', (size_t)(end - p)) != NULL ||
	    strstr(value, "#EXT#") != NULL)
		return;
	email = xstrndup(p, (size_t)(end - p));
	for (q = email; *q != '\0'; q++)
		*q = (char)tolower((unsigned char)*q);
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n].email = email;
	l->v[l->n].v = v;
	l->v[l->n].attr = attr;
	l->v[l->n].value = value;
	l->n++;
}

/* Add every address a node carries. */
static void
join_emails_of(struct join_ctx *c, struct join_emails *l, uint32_t v)
{
	static const char *const human[] = {
		"email", "mail", "userPrincipalName", "otherMails"
	};
	static const char *const tags[] = {
		"tag:email", "tag:Email", "tag:EMAIL", "tag:e-mail", "tag:mail",
		"tag:Mail"
	};
	const char	*key = c->m->key[v], *value;
	size_t		 i, pos;

	if (strncmp(key, "gcp:user:", 9) == 0)
		join_email_add(l, v, "member", key + 9);
	if (c->m->kind[v] == KIND_NODE_HUMAN) {
		for (i = 0; i < 4; i++) {
			pos = 0;
			while ((value = join_value_next(c, v, human[i],
			    &pos)) != NULL)
				join_email_add(l, v, human[i], value);
		}
	}
	if (strncmp(key, "aws:", 4) == 0) {
		for (i = 0; i < 6; i++) {
			if ((value = join_value(c, v, tags[i])) != NULL)
				join_email_add(l, v, tags[i], value);
		}
	}
}

static int
join_email_cmp(const void *a, const void *b)
{
	const struct join_email	*x = a, *y = b;
	int			 rc = strcmp(x->email, y->email);

	if (rc != 0)
		return rc;
	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* The display name of a person: an Entra user's name, else any with a
 * space in it, else the address. */
static const char *
join_person_name(const struct join_ctx *c, const struct join_email *g,
    size_t n)
{
	const char	*spaced = NULL;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (strncmp(c->m->key[g[i].v], "entra:", 6) == 0)
			return c->m->name[g[i].v];
		if (spaced == NULL && strchr(c->m->name[g[i].v], ' ') != NULL)
			spaced = c->m->name[g[i].v];
	}
	return spaced != NULL ? spaced : g[0].email;
}

/* Make the person of one address shared by n > 1 nodes. */
static uint32_t
join_person(struct join_ctx *c, const struct join_email *g, size_t n)
{
	struct strbuf	 attrs, line, off;
	struct jsonw	 w;
	uint32_t	 p;
	char		*key, *label;
	size_t		 i, k = 0;

	key = xasprintf("person:%s", g[0].email);
	p = join_add_node(c, key, join_person_name(c, g, n));
	free(key);
	join_node_attr(c, p, "email", g[0].email);
	/* Accounts a source disabled, such as those of someone who left. */
	strbuf_init(&off);
	for (i = 0; i < n; i++) {
		if (c->m->life[g[i].v].disabled == 1 && (i == 0 ||
		    g[i].v != g[i - 1].v))
			strbuf_addf(&off, "%s%s", off.len > 0 ? ", " : "",
			    c->m->key[g[i].v]);
	}
	if (off.len > 0)
		join_node_attr(c, p, "disabled_in", off.buf);
	strbuf_free(&off);
	strbuf_init(&line);
	for (i = 0; i < n; i++) {
		if (i > 0 && g[i].v == g[i - 1].v)
			continue;
		strbuf_reset(&line);
		strbuf_addf(&line, "%s (%s) by %s %s", c->m->name[g[i].v],
		    c->m->key[g[i].v], g[i].attr, g[i].value);
		label = xasprintf("match %zu", ++k);
		join_node_attr(c, p, label, line.buf);
		free(label);
		strbuf_init(&attrs);
		jsonw_init(&w, &attrs, 0);
		jsonw_object_begin(&w);
		jsonw_key(&w, "rule");
		jsonw_str(&w, "person-email");
		jsonw_key(&w, "attribute");
		jsonw_str(&w, g[i].attr);
		jsonw_key(&w, "value");
		jsonw_str(&w, g[i].value);
		jsonw_object_end(&w);
		join_add_edge(c, p, g[i].v, KIND_EDGE_CAN_ASSUME, "SamePerson",
		    JOIN_PERSON_EMAIL, strbuf_detach(&attrs), xasprintf(
		    "person-email: %s %s", g[i].attr, g[i].value));
	}
	strbuf_free(&line);
	return p;
}

/* Number of distinct nodes in a group of one address. */
static size_t
join_group_nodes(const struct join_email *g, size_t n)
{
	size_t	 i, k = 0;

	for (i = 0; i < n; i++) {
		if (i == 0 || g[i].v != g[i - 1].v)
			k++;
	}
	return k;
}

/* The key of the pair (u, v) in the map of imported Owns edges. */
static size_t
join_pair(char *key, uint32_t u, uint32_t v)
{
	return (size_t)snprintf(key, JOIN_PAIR_LEN, "%u>%u", u, v);
}

/* Whether an account with the address l[0].email already owns v. */
static int
join_owned_by_account(struct hmap *owned,
    const struct join_emails *l, const char *email, uint32_t v)
{
	char		 key[JOIN_PAIR_LEN];
	size_t		 lo = 0, hi = l->n, mid;
	uint64_t	 dummy;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(l->v[mid].email, email) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < l->n && strcmp(l->v[lo].email, email) == 0; lo++)
		if (hmap_get(owned, key, join_pair(key, l->v[lo].v, v),
		    &dummy))
			return 1;
	return 0;
}

/*
 * Link the owner of each node whose owner field is an address, unless
 * an account with that address already owns the node by an edge of its
 * own (the card would list the same person twice).
 */
static void
join_owners(struct join_ctx *c, struct hmap *holder,
    const struct join_emails *l)
{
	const struct model	*m = c->m;
	struct strbuf		 attrs;
	struct jsonw		 w;
	struct hmap		*owned = hmap_create(256);
	const char		*owner;
	char			*email, *q, key[JOIN_PAIR_LEN];
	uint64_t		 who;
	size_t			 v, e;

	for (e = 0; e < c->e->n; e++)
		if (c->e->kind[e] == KIND_EDGE_OWNS)
			hmap_put(owned, key, join_pair(key, c->e->src[e],
			    c->e->dst[e]), 1);
	for (v = 0; v < m->nnodes; v++) {
		owner = model_label(m, m->owner[v]);
		if (m->owner[v] == 0 || strchr(owner, '@') == NULL)
			continue;
		email = xstrdup(owner);
		for (q = email; *q != '\0'; q++)
			*q = (char)tolower((unsigned char)*q);
		if (hmap_get(holder, email, strlen(email), &who) &&
		    who != v && !join_owned_by_account(owned, l, email,
		    (uint32_t)v)) {
			strbuf_init(&attrs);
			jsonw_init(&w, &attrs, 0);
			jsonw_object_begin(&w);
			jsonw_key(&w, "rule");
			jsonw_str(&w, "owner-email");
			jsonw_key(&w, "owner");
			jsonw_str(&w, owner);
			jsonw_object_end(&w);
			join_add_edge(c, (uint32_t)who, (uint32_t)v,
			    KIND_EDGE_OWNS, "OwnerEmail", JOIN_OWNER_EMAIL,
			    strbuf_detach(&attrs), xasprintf("owner-email: "
			    "owner %s", owner));
		}
		free(email);
	}
	hmap_free(owned);
}

void
join_people(struct join_ctx *c, int persons, int owners)
{
	struct join_emails	 l;
	struct hmap		*holder = hmap_create(256);
	size_t			 v, i, j, n;
	uint32_t		 who;

	memset(&l, 0, sizeof(l));
	for (v = 0; v < c->m->nnodes; v++)
		join_emails_of(c, &l, (uint32_t)v);
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), join_email_cmp);
	for (i = 0; i < l.n; i = j) {
		for (j = i + 1; j < l.n && strcmp(l.v[j].email,
		    l.v[i].email) == 0; j++)
			;
		n = join_group_nodes(&l.v[i], j - i);
		/* The owner of an address: its person, or its one account. */
		if (n > 1 && persons)
			who = join_person(c, &l.v[i], j - i);
		else if (n == 1)
			who = l.v[i].v;
		else
			continue;
		hmap_put(holder, l.v[i].email, strlen(l.v[i].email), who);
	}
	if (owners)
		join_owners(c, holder, &l);
	for (i = 0; i < l.n; i++)
		free(l.v[i].email);
	free(l.v);
	hmap_free(holder);
}
