/*
 * The analyst's scenario (see scenario.h).
 */
#include "scenario.h"

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "xalloc.h"

void
scenario_init(struct scenario *s, const struct model *m)
{
	size_t	 v;

	memset(s, 0, sizeof(*s));
	s->m = m;
	s->kinds = REACH_KINDS_DEFAULT;
	s->node_off = bitset_alloc(m->nnodes);
	s->edge_off = bitset_alloc(m->nedges);
	s->tier_zero = bitset_alloc(m->nnodes);

	/* Start with the crown jewels the sources marked. */
	for (v = 0; v < m->nnodes; v++) {
		if (m->nflags[v] & MODEL_NODE_TIER_ZERO)
			scenario_set_tier_zero(s, v, 1);
	}
	s->gen = 0;
}

void
scenario_free(struct scenario *s)
{
	if (s == NULL)
		return;
	free(s->node_off);
	free(s->edge_off);
	free(s->tier_zero);
	memset(s, 0, sizeof(*s));
}

void
scenario_filter(const struct scenario *s, struct reach_filter *f)
{
	f->kinds = s->kinds;
	f->node_off = s->nodes_off > 0 ? s->node_off : NULL;
	f->edge_off = s->edges_off > 0 ? s->edge_off : NULL;
}

int
scenario_toggle_node(struct scenario *s, size_t v)
{
	int	 off = bitset_toggle(s->node_off, v);

	if (off)
		s->nodes_off++;
	else
		s->nodes_off--;
	s->gen++;
	return off;
}

int
scenario_toggle_edge(struct scenario *s, size_t e)
{
	int	 off = bitset_toggle(s->edge_off, e);

	if (off)
		s->edges_off++;
	else
		s->edges_off--;
	s->gen++;
	return off;
}

void
scenario_clear_whatif(struct scenario *s)
{
	bitset_clear_all(s->node_off, s->m->nnodes);
	bitset_clear_all(s->edge_off, s->m->nedges);
	s->nodes_off = 0;
	s->edges_off = 0;
	s->gen++;
}

void
scenario_set_tier_zero(struct scenario *s, size_t v, int on)
{
	if (bitset_test(s->tier_zero, v) == (on != 0))
		return;
	if (on) {
		bitset_set(s->tier_zero, v);
		s->ntier_zero++;
	} else {
		bitset_clear(s->tier_zero, v);
		s->ntier_zero--;
	}
	s->gen++;
}

void
scenario_set_kinds(struct scenario *s, uint32_t kinds)
{
	if (s->kinds == kinds)
		return;
	s->kinds = kinds;
	s->gen++;
}

size_t
scenario_jewels(const struct scenario *s, uint32_t **out)
{
	size_t		 n = 0, wi, nw = bitset_words(s->m->nnodes);
	uint64_t	 bits;
	uint32_t	*v;

	v = xreallocarray(NULL, s->ntier_zero + 1, sizeof(*v));
	for (wi = 0; wi < nw; wi++) {
		for (bits = s->tier_zero[wi]; bits != 0; bits &= bits - 1)
			v[n++] = (uint32_t)(wi * 64 +
			    (size_t)__builtin_ctzll(bits));
	}
	*out = v;
	return n;
}
