/*
 * Chosen node attributes in memory (see nodeattr.h).
 *
 * Each attribute keeps a dense array of the first value's text id per
 * node (allocated when the attribute first appears), and the further
 * values in a list of (node, text id) pairs sorted by node. Text ids
 * index one table of distinct texts shared by all attributes.
 */
#include "nodeattr.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "cancel.h"
#include "hmap.h"
#include "model.h"
#include "store.h"
#include "xalloc.h"

#define NODEATTR_NONE	UINT32_MAX
#define NODEATTR_POLL	(1u << 16)	/* values between polls */

struct nodeattr_extra {
	uint32_t	 node;
	uint32_t	 text;
};

struct nodeattr_column {
	char			*name;
	size_t			 prefix;	/* bytes compared; 0: whole */
	uint32_t		*first;		/* per node, 0 for none */
	struct nodeattr_extra	*extra;
	size_t			 nextra;
	size_t			 capextra;
};

struct nodeattr {
	const struct model	*m;
	struct nodeattr_column	*cols;
	size_t			 ncols;
	char			**text;		/* text[0] is unused */
	size_t			 ntext;
	size_t			 captext;
	struct hmap		*index;		/* text -> id */
	struct arena		 arena;
	uint32_t		*by_kid;	/* key id -> node */
	size_t			 nkid;
	const struct cancel	*cancel;
	uint32_t		 poll_left;
	int			 cancelled;
};

/* The id of a text, adding it to the table. */
static uint32_t
nodeattr_intern(struct nodeattr *na, const char *s)
{
	size_t		 len = strlen(s);
	uint64_t	 id;

	if (hmap_get(na->index, s, len, &id))
		return (uint32_t)id;
	if (na->ntext == na->captext) {
		na->captext = na->captext == 0 ? 64 : na->captext * 2;
		na->text = xreallocarray(na->text, na->captext,
		    sizeof(*na->text));
	}
	if (na->ntext == 0)
		na->text[na->ntext++] = NULL;
	na->text[na->ntext] = arena_strndup(&na->arena, s, len);
	hmap_put(na->index, s, len, na->ntext);
	return (uint32_t)na->ntext++;
}

/* The column a scanned attribute name belongs to, or NULL. */
static struct nodeattr_column *
nodeattr_column(struct nodeattr *na, const char *name)
{
	size_t	 i;

	for (i = 0; i < na->ncols; i++) {
		if (na->cols[i].prefix == 0 &&
		    strcmp(na->cols[i].name, name) == 0)
			return &na->cols[i];
	}
	for (i = 0; i < na->ncols; i++) {
		if (na->cols[i].prefix > 0 && strncmp(na->cols[i].name, name,
		    na->cols[i].prefix) == 0)
			return &na->cols[i];
	}
	return NULL;
}

/* Keep one scanned value. */
static int
nodeattr_add(void *ctx, int64_t kid, const char *name, const char *value)
{
	struct nodeattr		*na = ctx;
	struct nodeattr_column	*c;
	struct nodeattr_extra	*x;
	uint32_t		 v, t;

	if (--na->poll_left == 0) {
		na->poll_left = NODEATTR_POLL;
		if (cancel_poll(na->cancel, "findings: attributes", -1.0)) {
			na->cancelled = 1;
			return 1;
		}
	}
	if (kid < 0 || (size_t)kid >= na->nkid ||
	    (v = na->by_kid[kid]) == NODEATTR_NONE ||
	    (c = nodeattr_column(na, name)) == NULL)
		return 0;
	t = nodeattr_intern(na, value);
	if (c->first == NULL)
		c->first = xcalloc(na->m->nnodes + 1, sizeof(*c->first));
	if (c->first[v] == 0) {
		c->first[v] = t;
		return 0;
	}
	if (c->first[v] == t)
		return 0;
	if (c->nextra == c->capextra) {
		c->capextra = c->capextra == 0 ? 64 : c->capextra * 2;
		c->extra = xreallocarray(c->extra, c->capextra,
		    sizeof(*c->extra));
	}
	x = &c->extra[c->nextra++];
	x->node = v;
	x->text = t;
	return 0;
}

static int
nodeattr_extra_cmp(const void *a, const void *b)
{
	const struct nodeattr_extra	*x = a, *y = b;

	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	return x->text < y->text ? -1 : x->text > y->text;
}

/* Map key ids to node ids. */
static void
nodeattr_map_kids(struct nodeattr *na)
{
	const struct model	*m = na->m;
	size_t			 v;

	na->nkid = 1;
	for (v = 0; v < m->nnodes; v++) {
		if (m->kid[v] >= 0 && (size_t)m->kid[v] + 1 > na->nkid)
			na->nkid = (size_t)m->kid[v] + 1;
	}
	na->by_kid = xreallocarray(NULL, na->nkid, sizeof(*na->by_kid));
	memset(na->by_kid, 0xff, na->nkid * sizeof(*na->by_kid));
	for (v = 0; v < m->nnodes; v++) {
		if (m->kid[v] >= 0)
			na->by_kid[m->kid[v]] = (uint32_t)v;
	}
}

int
nodeattr_load(struct store *s, const struct model *m,
    const char *const *names, size_t n, const struct cancel *c,
    struct nodeattr **out, char **errp)
{
	struct nodeattr	*na = xcalloc(1, sizeof(*na));
	size_t		 i, len;
	int		 rc;

	na->m = m;
	na->cancel = c;
	na->poll_left = NODEATTR_POLL;
	na->index = hmap_create(256);
	arena_init(&na->arena);
	na->cols = xcalloc(n + 1, sizeof(*na->cols));
	na->ncols = n;
	for (i = 0; i < n; i++) {
		na->cols[i].name = xstrdup(names[i]);
		len = strlen(names[i]);
		if (len > 0 && names[i][len - 1] == '*')
			na->cols[i].prefix = len - 1;
	}
	nodeattr_map_kids(na);
	if (store_scan_node_values(s, names, n, nodeattr_add, na, errp) ==
	    -1) {
		rc = na->cancelled ? 1 : -1;
		nodeattr_free(na);
		*out = NULL;
		return rc;
	}
	for (i = 0; i < n; i++) {
		if (na->cols[i].nextra > 1)
			qsort(na->cols[i].extra, na->cols[i].nextra,
			    sizeof(*na->cols[i].extra), nodeattr_extra_cmp);
	}
	*out = na;
	return 0;
}

void
nodeattr_free(struct nodeattr *na)
{
	size_t	 i;

	if (na == NULL)
		return;
	for (i = 0; i < na->ncols; i++) {
		free(na->cols[i].name);
		free(na->cols[i].first);
		free(na->cols[i].extra);
	}
	free(na->cols);
	free(na->text);
	free(na->by_kid);
	hmap_free(na->index);
	arena_free(&na->arena);
	free(na);
}

int
nodeattr_index(const struct nodeattr *na, const char *name)
{
	size_t	 i;

	for (i = 0; i < na->ncols; i++) {
		if (strcmp(na->cols[i].name, name) == 0)
			return (int)i;
	}
	return -1;
}

const char *
nodeattr_get(const struct nodeattr *na, int i, size_t v)
{
	const struct nodeattr_column	*c;

	if (i < 0 || (size_t)i >= na->ncols)
		return NULL;
	c = &na->cols[i];
	if (c->first == NULL || c->first[v] == 0)
		return NULL;
	return na->text[c->first[v]];
}

size_t
nodeattr_values(const struct nodeattr *na, int i, size_t v,
    const char **out, size_t max)
{
	const struct nodeattr_column	*c;
	size_t				 lo, hi, mid, n = 0;

	if (nodeattr_get(na, i, v) == NULL)
		return 0;
	c = &na->cols[i];
	if (max > 0)
		out[0] = na->text[c->first[v]];
	n = 1;
	lo = 0;
	hi = c->nextra;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->extra[mid].node < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < c->nextra && c->extra[lo].node == v; lo++, n++) {
		if (n < max)
			out[n] = na->text[c->extra[lo].text];
	}
	return n;
}

int
nodeattr_has(const struct nodeattr *na, int i, size_t v, const char *want)
{
	const char	*vals[32];
	size_t		 n, k;

	n = nodeattr_values(na, i, v, vals, 32);
	for (k = 0; k < n && k < 32; k++) {
		if (strcasecmp(vals[k], want) == 0)
			return 1;
	}
	return 0;
}

int
nodeattr_true(const struct nodeattr *na, int i, size_t v)
{
	const char	*s = nodeattr_get(na, i, v);

	return s != NULL && (strcmp(s, "1") == 0 ||
	    strcasecmp(s, "true") == 0 || strcasecmp(s, "yes") == 0);
}

int
nodeattr_false(const struct nodeattr *na, int i, size_t v)
{
	const char	*s = nodeattr_get(na, i, v);

	return s != NULL && (strcmp(s, "0") == 0 ||
	    strcasecmp(s, "false") == 0 || strcasecmp(s, "no") == 0);
}
