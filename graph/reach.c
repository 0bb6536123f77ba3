/*
 * Breadth-first walks over the model's adjacency (see reach.h).
 *
 * The hot loop reads the edges of a node as one contiguous range of the
 * packed adjacency, forward or reverse. For each edge it tests the kind
 * mask and flags, then the visited bit set, which stays in cache even
 * for a million nodes. The per-node parent array is only read for nodes
 * the walk marked, so it is never cleared.
 */
#include "reach.h"

#include <stdlib.h>
#include <string.h>

#include "cancel.h"
#include "model.h"
#include "strbuf.h"
#include "xalloc.h"

static const char *const reach_group_names[REACH_GROUP_COUNT] = {
	"identities", "privileges", "policies", "systems", "other"
};

enum reach_group
reach_group_of(enum kind_node k)
{
	switch (k) {
	case KIND_NODE_PRIVILEGE:
		return REACH_GROUP_PRIVILEGE;
	case KIND_NODE_POLICY:
		return REACH_GROUP_POLICY;
	case KIND_NODE_SYSTEM:
		return REACH_GROUP_SYSTEM;
	default:
		return kind_node_is_identity(k) ? REACH_GROUP_IDENTITY :
		    REACH_GROUP_OTHER;
	}
}

const char *
reach_group_name(enum reach_group g)
{
	return (unsigned)g < REACH_GROUP_COUNT ? reach_group_names[g] : "other";
}

int
reach_parse_kinds(const char *text, uint32_t *mask, char **errp)
{
	uint32_t	 add = 0, drop = 0;
	const char	*p, *end;
	char		 word[64];
	size_t		 len;
	int		 k, neg;

	for (p = text; ; p = end + 1) {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		len = (size_t)(end - p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		neg = len > 0 && *p == '!';
		if (neg) {
			p++;
			len--;
		}
		if (len == 0 || len >= sizeof(word))
			goto bad;
		memcpy(word, p, len);
		word[len] = '\0';
		if (strcmp(word, "all") == 0 && !neg)
			add |= REACH_KINDS_ALL;
		else if (strcmp(word, "default") == 0 && !neg)
			add |= REACH_KINDS_DEFAULT;
		else if (strcmp(word, "observed") == 0 && !neg)
			add |= KIND_EDGE_OBSERVED_MASK;
		else if ((k = kind_edge_parse(word)) == -1)
			goto bad;
		else if (neg)
			drop |= (uint32_t)1 << k;
		else
			add |= (uint32_t)1 << k;
		if (*end == '\0')
			break;
	}
	*mask = (add != 0 ? add : REACH_KINDS_DEFAULT) & ~drop;
	return 0;

bad:
	*errp = xasprintf("edge kinds \"%s\": \"%.*s\" is not an edge kind; "
	    "use a comma list of owns, member_of, authenticates_as, "
	    "can_assume, federates, has_role, has_policy, grants, applies_to, "
	    "runs_as, uses, stored_in, limits, related, used, assumed, "
	    "called, default, observed (the last three) or all, each kind "
	    "optionally prefixed with ! to leave it out", text,
	    (int)(end - p), p);
	return -1;
}

char *
reach_format_kinds(uint32_t mask)
{
	struct strbuf	 sb;
	uint32_t	 add = mask, drop = REACH_KINDS_DEFAULT & ~mask;
	int		 k, n_add = 0, n_drop = 0, neg;

	if (mask == REACH_KINDS_DEFAULT)
		return xstrdup("default");
	if (mask == REACH_KINDS_ALL)
		return xstrdup("all");
	for (k = 0; k < KIND_EDGE_COUNT; k++) {
		n_add += (add >> k) & 1;
		n_drop += (drop >> k) & 1;
	}
	/* "!x" only describes the mask when it adds nothing to the default. */
	neg = (mask & ~REACH_KINDS_DEFAULT) == 0 && n_drop < n_add;
	strbuf_init(&sb);
	for (k = 0; k < KIND_EDGE_COUNT; k++) {
		if (!(((neg ? drop : add) >> k) & 1))
			continue;
		if (sb.len > 0)
			strbuf_addch(&sb, ',');
		if (neg)
			strbuf_addch(&sb, '!');
		strbuf_addstr(&sb, kind_edge_name(k));
	}
	if (sb.len == 0)
		strbuf_addstr(&sb, "none");
	return strbuf_detach(&sb);
}

void
reach_init(struct reach *r, const struct model *m)
{
	memset(r, 0, sizeof(*r));
	r->m = m;
	r->seen = bitset_alloc(m->nnodes);
	r->cond = bitset_alloc(m->nnodes);
	r->cur = bitset_alloc(m->nnodes);
	r->nxt = bitset_alloc(m->nnodes);
	r->order = xreallocarray(NULL, m->nnodes + 1, sizeof(*r->order));
	r->via = xreallocarray(NULL, m->nnodes + 1, sizeof(*r->via));
	r->caplevels = 64;
	r->levels = xreallocarray(NULL, r->caplevels, sizeof(*r->levels));
}

void
reach_free(struct reach *r)
{
	if (r == NULL)
		return;
	free(r->seen);
	free(r->cond);
	free(r->cur);
	free(r->nxt);
	free(r->order);
	free(r->via);
	free(r->levels);
	memset(r, 0, sizeof(*r));
}

int
reach_edge_allowed(const struct model *m, size_t e,
    const struct reach_filter *f)
{
	if (!((f->kinds >> m->ekind[e]) & 1))
		return 0;
	if (m->eflags[e] & (RECORD_EDGE_NOT_TRAVERSABLE |
	    MODEL_EDGE_NOT_WALKED))
		return 0;
	if (f->edge_off != NULL && bitset_test(f->edge_off, e))
		return 0;
	return 1;
}

uint64_t
reach_type_table(const struct reach_filter *f)
{
	uint64_t	 tab = 0;
	unsigned	 t, kind;

	for (t = 0; t < 64; t++) {
		if (t == MODEL_ADJ_NO_FOLLOW)
			continue;
		kind = model_adj_kind(t);
		if (kind < KIND_EDGE_COUNT && ((f->kinds >> kind) & 1))
			tab |= (uint64_t)1 << t;
	}
	return tab;
}

/*
 * The switch to bottom-up: Beamer uses 14 on graphs a walk mostly covers.
 * Of 14, 4, 2 and 1, 4 gave the lowest reach times both on the benchmark
 * estate, where a walk reaches a fifth of the nodes, and on a uniform
 * random graph of 100,000 nodes and 1,000,000 edges, where it reaches all
 * (tests/bench, on the machine of docs/benchmarks.md).
 */
#define REACH_BOTTOM_UP_RATIO	4

/* Clear every mark the last walk left, by list when it was small. */
static void
reach_clear(struct reach *r)
{
	size_t	 i, n = r->m->nnodes;
	uint32_t v;

	if (r->count < n / 64) {
		for (i = 0; i < r->count; i++) {
			v = r->order[i];
			bitset_clear(r->seen, v);
			bitset_clear(r->cond, v);
			bitset_clear(r->cur, v);
			bitset_clear(r->nxt, v);
		}
		return;
	}
	bitset_clear_all(r->seen, n);
	bitset_clear_all(r->cond, n);
	bitset_clear_all(r->cur, n);
	bitset_clear_all(r->nxt, n);
}

void
reach_begin(struct reach *r, size_t start, int reverse)
{
	reach_clear(r);
	r->reverse = reverse;
	r->start = (uint32_t)start;
	r->order[0] = (uint32_t)start;
	r->count = 1;
	r->nstarts = 1;
	r->levels[0] = 0;
	r->nlevels = 1;
	r->via[start] = REACH_NONE;
	r->poll_left = REACH_POLL_EDGES;
	r->bottom_up = 0;
	r->explored = 0;
	r->cancelled = 0;
	r->cut = 0;
	bitset_set(r->seen, start);
	bitset_set(r->cur, start);
}

/*
 * Record that edge e reaches node u; c is set when the path through e
 * crosses a conditional edge.
 */
static inline void
reach_visit(struct reach *r, uint32_t u, uint32_t e, unsigned c)
{
	if (!bitset_test(r->seen, u)) {
		bitset_set(r->seen, u);
		bitset_set(r->nxt, u);
		r->via[u] = e;
		if (c)
			bitset_set(r->cond, u);
		r->order[r->count++] = u;
	} else if (!c && bitset_test(r->cond, u) && bitset_test(r->nxt, u)) {
		/* A shortest path without conditions beats one with them. */
		r->via[u] = e;
		bitset_clear(r->cond, u);
	}
}

/* Take off steps from the poll budget; returns 1 when the hook stops. */
static int
reach_spend(struct reach *r, size_t steps, const struct cancel *c)
{
	if (steps < r->poll_left) {
		r->poll_left -= (uint32_t)steps;
		return 0;
	}
	r->poll_left = REACH_POLL_EDGES;
	if (cancel_poll(c, "reach", -1.0))
		r->cancelled = 1;
	return r->cancelled;
}

/*
 * Expand the frontier order[lo..hi) by scanning the edges of each of its
 * nodes (top-down). Returns -1 when cancelled.
 */
static int
reach_top_down(struct reach *r, size_t lo, size_t hi,
    const struct reach_filter *f, const struct cancel *c)
{
	const struct model	*m = r->m;
	const uint32_t		*adj = r->reverse ? m->in_adj : m->out_adj;
	const size_t		*off = r->reverse ? m->in_off : m->out_off;
	const uint64_t		*seen = r->seen, *cond = r->cond;
	const uint64_t		*edge_off = f->edge_off, *node_off = f->node_off;
	uint64_t		 tab = reach_type_table(f);
	size_t			 i, p, end;
	uint32_t		 v, u, w, e;
	unsigned		 t, vc, wc;

	for (i = lo; i < hi; i++) {
		v = r->order[i];
		vc = (unsigned)bitset_test(cond, v);
		end = off[v + 1];
		for (p = off[v]; p < end; p++) {
			w = adj[p];
			t = model_adj_type(w);
			u = w & MODEL_ADJ_NODE;
			if (!((tab >> t) & 1))
				continue;
			/*
			 * Most edges lead to reached nodes; only a path that
			 * drops a condition is worth a second look.
			 */
			wc = vc | model_adj_conditional(t);
			if (bitset_test(seen, u) &&
			    (wc || !bitset_test(cond, u)))
				continue;
			e = r->reverse ? m->in_edge[p] : (uint32_t)p;
			if (edge_off != NULL && bitset_test(edge_off, e))
				continue;
			if (node_off != NULL && bitset_test(node_off, u))
				continue;
			reach_visit(r, u, e, wc);
		}
		if (reach_spend(r, end - off[v] + 1, c))
			return -1;
	}
	return 0;
}

/*
 * Find a parent in the frontier for unreached node u by scanning the
 * edges that lead into it (bottom-up), preferring a path without
 * conditions. Returns 1 and records u when one is found.
 */
static int
reach_find_parent(struct reach *r, uint32_t u, uint64_t tab,
    const struct reach_filter *f)
{
	const struct model	*m = r->m;
	const uint32_t		*adj = r->reverse ? m->out_adj : m->in_adj;
	const size_t		*off = r->reverse ? m->out_off : m->in_off;
	size_t			 p, end = off[u + 1];
	uint32_t		 w, s, e, best = REACH_NONE;
	unsigned		 t, c, bestc = 1;

	for (p = off[u]; p < end; p++) {
		w = adj[p];
		t = model_adj_type(w);
		s = w & MODEL_ADJ_NODE;
		if (!((tab >> t) & 1) || !bitset_test(r->cur, s))
			continue;
		e = r->reverse ? (uint32_t)p : m->in_edge[p];
		if (f->edge_off != NULL && bitset_test(f->edge_off, e))
			continue;
		c = (unsigned)bitset_test(r->cond, s) |
		    model_adj_conditional(t);
		if (best == REACH_NONE || (bestc && !c)) {
			best = e;
			bestc = c;
			if (!c)
				break;
		}
	}
	if (best == REACH_NONE)
		return 0;
	reach_visit(r, u, best, bestc);
	return 1;
}

/*
 * Expand the frontier (the cur bits) by looking for a parent of every
 * node not reached yet. On low-diameter graphs most nodes join in a few
 * middle levels, and this reads the adjacency in order instead of
 * jumping around it. Returns -1 when cancelled.
 */
static int
reach_bottom_up(struct reach *r, const struct reach_filter *f,
    const struct cancel *c)
{
	const struct model	*m = r->m;
	uint64_t		 tab = reach_type_table(f), bits;
	size_t			 wi, nwords = bitset_words(m->nnodes);
	uint32_t		 u;

	for (wi = 0; wi < nwords; wi++) {
		bits = ~r->seen[wi];
		if (wi == nwords - 1 && (m->nnodes & 63) != 0)
			bits &= ((uint64_t)1 << (m->nnodes & 63)) - 1;
		if (f->node_off != NULL)
			bits &= ~f->node_off[wi];
		while (bits != 0) {
			u = (uint32_t)(wi * 64 + (size_t)__builtin_ctzll(bits));
			bits &= bits - 1;
			reach_find_parent(r, u, tab, f);
		}
		if ((wi & 1023) == 1023 && reach_spend(r, 1024 * 64, c))
			return -1;
	}
	return 0;
}

/* Clear the bits of nodes order[lo..hi) in set b. */
static void
reach_clear_range(struct reach *r, uint64_t *b, size_t lo, size_t hi)
{
	size_t	 i;

	if (hi - lo > r->m->nnodes / 64) {
		bitset_clear_all(b, r->m->nnodes);
		return;
	}
	for (i = lo; i < hi; i++)
		bitset_clear(b, r->order[i]);
}

/*
 * Decide whether the next level searches parents (bottom-up): when the
 * edges leaving the frontier outnumber a quarter of the edges into the
 * nodes not reached yet, which a bottom-up level reads, and its nodes a
 * 14th of those nodes; and back when the frontier shrinks below a 24th
 * of the nodes. Beamer's direction-optimising BFS counts edges too, so
 * that a walk reaching a small part of a large graph stays top-down: a
 * bottom-up level reads every in-edge of each node it cannot reach.
 */
static int
reach_choose_bottom_up(struct reach *r, size_t lo, size_t hi)
{
	const struct model	*m = r->m;
	const size_t		*out = r->reverse ? m->in_off : m->out_off;
	const size_t		*in = r->reverse ? m->out_off : m->in_off;
	size_t			 i, frontier = 0, unexplored;
	uint32_t		 v;

	for (i = lo; i < hi; i++) {
		v = r->order[i];
		frontier += out[v + 1] - out[v];
		r->explored += in[v + 1] - in[v];
	}
	if (r->bottom_up)
		return hi - lo >= m->nnodes / 24;
	unexplored = m->nedges - r->explored;
	return hi - lo > (m->nnodes - r->count) / 14 &&
	    frontier > unexplored / REACH_BOTTOM_UP_RATIO;
}

long
reach_level(struct reach *r, const struct reach_filter *f,
    const struct cancel *c)
{
	size_t		 lo = r->levels[r->nlevels - 1], hi = r->count;
	size_t		 nf = hi - lo;
	uint64_t	*t;
	int		 rc;

	if (nf == 0 || r->cancelled)
		return 0;
	if (r->nlevels == 1 && r->nstarts == 1 && f->node_off != NULL &&
	    bitset_test(f->node_off, r->start))
		return 0;	/* nothing flows through a node switched off */

	r->bottom_up = reach_choose_bottom_up(r, lo, hi);
	if (r->bottom_up)
		rc = reach_bottom_up(r, f, c);
	else
		rc = reach_top_down(r, lo, hi, f, c);

	/* The level just built becomes the newest. */
	reach_clear_range(r, r->cur, lo, hi);
	t = r->cur;
	r->cur = r->nxt;
	r->nxt = t;
	if (r->nlevels == r->caplevels) {
		r->caplevels *= 2;
		r->levels = xreallocarray(r->levels, r->caplevels,
		    sizeof(*r->levels));
	}
	r->levels[r->nlevels++] = hi;
	if (rc == -1)
		return -1;
	return (long)(r->count - hi);
}

/* Count the reached nodes by group, and those marked conditional. */
static void
reach_tally(struct reach *r)
{
	const struct model	*m = r->m;
	size_t			 i;
	uint32_t		 u;

	memset(r->counts, 0, sizeof(r->counts));
	r->conditional = 0;
	for (i = r->nstarts; i < r->count; i++) {
		u = r->order[i];
		r->counts[reach_group_of(m->kind[u])]++;
		r->conditional += (size_t)bitset_test(r->cond, u);
	}
}

/* 1 when node v has an edge the filter allows to a node not reached. */
static int
reach_has_more(const struct reach *r, uint32_t v, const struct reach_filter *f)
{
	const struct model	*m = r->m;
	size_t			 i, first, end;
	uint32_t		 e, u;

	first = r->reverse ? m->in_off[v] : m->out_off[v];
	end = r->reverse ? m->in_off[v + 1] : m->out_off[v + 1];
	for (i = first; i < end; i++) {
		e = r->reverse ? m->in_edge[i] : (uint32_t)i;
		u = r->reverse ? m->esrc[e] : m->edst[e];
		if (reach_edge_allowed(m, e, f) && !reach_seen(r, u) &&
		    (f->node_off == NULL || !bitset_test(f->node_off, u)))
			return 1;
	}
	return 0;
}

/* Run the levels of a begun walk up to max_depth (0: no limit). */
static int
reach_levels(struct reach *r, const struct reach_filter *f,
    uint32_t max_depth, const struct cancel *c)
{
	size_t	 i;

	for (;;) {
		if (max_depth > 0 && r->nlevels > max_depth) {
			/* The limit cut the walk if the last level leads on. */
			for (i = r->levels[r->nlevels - 1]; i < r->count &&
			    !r->cut; i++)
				r->cut = reach_has_more(r, r->order[i], f);
			break;
		}
		if (reach_level(r, f, c) <= 0)
			break;
	}
	reach_tally(r);
	return r->cancelled;
}

int
reach_run(struct reach *r, size_t start, int reverse,
    const struct reach_filter *f, uint32_t max_depth,
    const struct cancel *c)
{
	reach_begin(r, start, reverse);
	return reach_levels(r, f, max_depth, c);
}

int
reach_run_set(struct reach *r, const uint32_t *starts, size_t n,
    int reverse, const struct reach_filter *f, uint32_t max_depth,
    const struct cancel *c)
{
	size_t		 i;
	uint32_t	 v;

	reach_clear(r);
	r->reverse = reverse;
	r->start = REACH_NONE;
	r->count = 0;
	r->poll_left = REACH_POLL_EDGES;
	r->bottom_up = 0;
	r->cancelled = 0;
	r->cut = 0;
	for (i = 0; i < n; i++) {
		v = starts[i];
		if (bitset_test(r->seen, v) || (f->node_off != NULL &&
		    bitset_test(f->node_off, v)))
			continue;
		if (r->start == REACH_NONE)
			r->start = v;
		bitset_set(r->seen, v);
		bitset_set(r->cur, v);
		r->via[v] = REACH_NONE;
		r->order[r->count++] = v;
	}
	r->nstarts = r->count;
	r->levels[0] = 0;
	r->nlevels = 1;
	return reach_levels(r, f, max_depth, c);
}

uint32_t
reach_origin(const struct reach *r, size_t v)
{
	const struct model	*m = r->m;
	uint32_t		 e;

	while ((e = r->via[v]) != REACH_NONE)
		v = r->reverse ? m->edst[e] : m->esrc[e];
	return (uint32_t)v;
}

int
reach_is_privilege(const struct reach *r, size_t v,
    const struct reach_filter *f)
{
	const struct model	*m = r->m;
	size_t			 first, count, i;
	uint32_t		 e;

	if (!reach_seen(r, v))
		return 0;
	if (m->kind[v] == KIND_NODE_PRIVILEGE)
		return 1;
	model_in_kind(m, v, KIND_EDGE_GRANTS, &first, &count);
	for (i = first; i < first + count; i++) {
		e = m->in_edge[i];
		if (reach_edge_allowed(m, e, f) && reach_seen(r, m->esrc[e]) &&
		    (f->node_off == NULL || !bitset_test(f->node_off,
		    m->esrc[e])))
			return 1;
	}
	return 0;
}

size_t
reach_depth(const struct reach *r, size_t v)
{
	const struct model	*m = r->m;
	size_t			 d = 0;
	uint32_t		 e;

	if (!reach_seen(r, v))
		return 0;
	while ((e = r->via[v]) != REACH_NONE) {
		v = r->reverse ? m->edst[e] : m->esrc[e];
		d++;
	}
	return d;
}

size_t
reach_path(const struct reach *r, size_t v, uint32_t *edges, size_t max)
{
	const struct model	*m = r->m;
	size_t			 len, i, u = v;
	uint32_t		 e;

	if (!reach_seen(r, v))
		return 0;
	len = reach_depth(r, v);
	if (len > max)
		return len;
	/* Walking back from v meets a forward path's edges last first. */
	for (i = 0; (e = r->via[u]) != REACH_NONE; i++) {
		edges[r->reverse ? i : len - 1 - i] = e;
		u = r->reverse ? m->edst[e] : m->esrc[e];
	}
	return len;
}
