/*
 * Credentials that reach a crown jewel (see crown.h).
 */
#include "crown.h"

#include <stdlib.h>
#include <string.h>

#include "bitset.h"
#include "cancel.h"
#include "lifecycle.h"
#include "model.h"
#include "xalloc.h"

static int
crown_cmp(const void *a, const void *b, void *ctx)
{
	const struct model	*m = ctx;
	const struct crown_pair	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(m->key[x->credential], m->key[y->credential])) != 0)
		return c;
	return strcmp(m->key[x->jewel], m->key[y->jewel]);
}

int
crown_credential_valid(const struct model *m, size_t v, int64_t now)
{
	if (m->kind[v] != KIND_NODE_CREDENTIAL ||
	    (m->nflags[v] & MODEL_NODE_MISSING))
		return 0;
	return (lifecycle_state(&m->life[v], now) & LIFECYCLE_VALID) != 0;
}

/* Add the pairs of the valid credentials walk r reached from jewel j. */
static void
crown_collect(const struct reach *r, uint32_t j, int64_t now,
    struct crown_pair **v, size_t *n, size_t *cap)
{
	const struct model	*m = r->m;
	struct crown_pair	*p;
	size_t			 i;
	uint32_t		 u;

	for (i = 1; i < r->count; i++) {
		u = r->order[i];
		if (!crown_credential_valid(m, u, now))
			continue;
		if (*n == *cap) {
			*cap = *cap == 0 ? 16 : *cap * 2;
			*v = xreallocarray(*v, *cap, sizeof(**v));
		}
		p = &(*v)[(*n)++];
		p->credential = u;
		p->jewel = j;
		p->conditional = reach_conditional(r, u);
		p->len = reach_depth(r, u);
		p->edges = xreallocarray(NULL, p->len + 1, sizeof(*p->edges));
		reach_path(r, u, p->edges, p->len);
	}
}

int
crown_pairs(const struct model *m, const struct reach_filter *f,
    const uint64_t *tier_zero, int64_t now, const struct cancel *c,
    struct crown_pair **out, size_t *n)
{
	struct reach	 r;
	size_t		 cap = 0, wi;
	uint64_t	 bits;
	uint32_t	 j;
	int		 rc = 0;

	*out = NULL;
	*n = 0;
	if (tier_zero == NULL)
		return 0;
	reach_init(&r, m);
	for (wi = 0; wi < bitset_words(m->nnodes) && rc == 0; wi++) {
		for (bits = tier_zero[wi]; bits != 0 && rc == 0;
		    bits &= bits - 1) {
			j = (uint32_t)(wi * 64 + (size_t)__builtin_ctzll(bits));
			rc = reach_run(&r, j, 1, f, 0, c);
			crown_collect(&r, j, now, out, n, &cap);
		}
	}
	reach_free(&r);
	if (*n > 1)
		qsort_r(*out, *n, sizeof(**out), crown_cmp, (void *)m);
	return rc;
}

void
crown_pairs_free(struct crown_pair *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i].edges);
	free(v);
}
