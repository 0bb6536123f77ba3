/*
 * Loading the identity graph from a case (see model.h).
 *
 * Nodes arrive once per current snapshot that describes them and are
 * merged by key id: a real node wins over a placeholder, the newest
 * snapshot gives the kind and name, lifecycle dates fill in where one
 * source is silent and the latest use or rotation wins where both speak.
 * Usage evidence in the view raises last_used_at the same way.
 * Edges that several snapshots repeat (same ends, kind and source kind)
 * are kept once.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "cancel.h"
#include "hmap.h"
#include "join.h"
#include "log.h"
#include "model_edges.h"
#include "model_image.h"
#include "nodeclass.h"
#include "store.h"
#include "store_annot.h"
#include "traverse.h"
#include "tstamp.h"
#include "xalloc.h"

#define MODEL_NONE	UINT32_MAX

/* The packed adjacency keeps an edge kind in 5 bits, 31 being taken. */
_Static_assert(KIND_EDGE_COUNT <= 31, "edge kinds must fit in 5 bits");

/*
 * The edge kind and source kind label of an edge row's names. The rows
 * of a case repeat a few pairs of names, so the loader keeps the recent
 * pairs in a small table to skip most kind searches and label lookups.
 */
#define MODEL_EDGE_MEMO		64
#define MODEL_EDGE_MEMO_NAME	48

struct model_edge_memo {
	char		 kind[MODEL_EDGE_MEMO_NAME];	/* "" when unused */
	char		 raw[MODEL_EDGE_MEMO_NAME];
	int		 ekind;
	uint32_t	 eraw;
};

/* State while loading: growth of the node arrays and the temp edges. */
struct model_loader {
	struct model	*m;
	size_t		 node_cap;
	uint32_t	*by_kid;	/* key id -> node id, MODEL_NONE */
	size_t		 by_kid_len;
	int64_t		*snap;		/* snapshot that named each node */

	struct model_edges edges;
	int64_t		 orphans;	/* edges whose ends are unknown */

	unsigned		 join_mask;	/* the join rules to run */
	struct join_values	 join_values;	/* the attributes they read */

	struct model_edge_memo	 memo[MODEL_EDGE_MEMO];
};

/* The last igraph error or warning; igraph's handlers take no context. */
static char			*model_igraph_last;
static void			(*model_igraph_fatal_hook)(void);
static const struct cancel	*model_igraph_cancel_hook;

static void
model_igraph_error(const char *reason, const char *file, int line,
    igraph_error_t err)
{
	free(model_igraph_last);
	model_igraph_last = xasprintf("igraph: %s (%s)", reason,
	    igraph_strerror(err));
	log_debug("igraph error at %s:%d: %s", file, line, reason);
	/* Frees igraph's temporary allocations and returns the error. */
	igraph_error_handler_ignore(reason, file, line, err);
}

static void
model_igraph_warning(const char *reason, const char *file, int line)
{
	free(model_igraph_last);
	model_igraph_last = xasprintf("igraph warning: %s", reason);
	log_debug("igraph warning at %s:%d: %s", file, line, reason);
}

static void
model_igraph_fatal(const char *reason, const char *file, int line)
{
	if (model_igraph_fatal_hook != NULL)
		model_igraph_fatal_hook();
	xalloc_fatal("igraph failed at %s:%d: %s", file, line, reason);
}

/*
 * igraph calls this during long computations. The build of igraph in
 * Debian is not thread-safe, so instead of a thread watching the
 * keyboard, the caller's cancel hook is polled from here.
 */
static igraph_error_t
model_igraph_interrupt(void *data)
{
	(void)data;
	if (cancel_poll(model_igraph_cancel_hook, "igraph", -1.0))
		return IGRAPH_INTERRUPTED;
	return IGRAPH_SUCCESS;
}

void
model_igraph_setup(void (*fatal_hook)(void))
{
	model_igraph_fatal_hook = fatal_hook;
	igraph_set_error_handler(model_igraph_error);
	igraph_set_warning_handler(model_igraph_warning);
	igraph_set_fatal_handler(model_igraph_fatal);
	igraph_set_interruption_handler(model_igraph_interrupt);
}

void
model_igraph_cancel(const struct cancel *c)
{
	model_igraph_cancel_hook = c;
}

char *
model_igraph_message(void)
{
	char	*msg = model_igraph_last;

	model_igraph_last = NULL;
	return msg;
}

/* Intern a label and return its id; NULL and "" are label 0. */
static uint32_t
model_label_intern(struct model *m, const char *text)
{
	struct model_labels	*l = &m->labels;
	uint64_t		 id;
	size_t			 len;

	if (text == NULL || *text == '\0')
		return 0;
	len = strlen(text);
	if (hmap_get(l->index, text, len, &id))
		return (uint32_t)id;
	if (l->count == l->cap) {
		l->cap *= 2;
		l->text = xreallocarray(l->text, l->cap, sizeof(*l->text));
	}
	l->text[l->count] = arena_strndup(&m->arena, text, len);
	hmap_put(l->index, text, len, l->count);
	return (uint32_t)l->count++;
}

static void
model_reserve_nodes(struct model_loader *ld, size_t need)
{
	struct model	*m = ld->m;
	size_t		 cap = ld->node_cap;

	if (need <= cap)
		return;
	cap = cap < 1024 ? 1024 : cap;
	while (cap < need)
		cap *= 2;
	m->key = xreallocarray(m->key, cap, sizeof(*m->key));
	m->name = xreallocarray(m->name, cap, sizeof(*m->name));
	m->kind = xreallocarray(m->kind, cap, sizeof(*m->kind));
	m->nflags = xreallocarray(m->nflags, cap, sizeof(*m->nflags));
	m->kinds = xreallocarray(m->kinds, cap, sizeof(*m->kinds));
	m->source = xreallocarray(m->source, cap, sizeof(*m->source));
	m->environment = xreallocarray(m->environment, cap,
	    sizeof(*m->environment));
	m->owner = xreallocarray(m->owner, cap, sizeof(*m->owner));
	m->credential_type = xreallocarray(m->credential_type, cap,
	    sizeof(*m->credential_type));
	m->life = xreallocarray(m->life, cap, sizeof(*m->life));
	m->kid = xreallocarray(m->kid, cap, sizeof(*m->kid));
	ld->snap = xreallocarray(ld->snap, cap, sizeof(*ld->snap));
	ld->node_cap = cap;
}

/* Return the slot of kid in the key-id map, growing the map. */
static uint32_t *
model_kid_slot(struct model_loader *ld, int64_t kid)
{
	size_t	 len = ld->by_kid_len, i;

	if ((size_t)kid >= len) {
		len = len < 1024 ? 1024 : len;
		while (len <= (size_t)kid)
			len *= 2;
		ld->by_kid = xreallocarray(ld->by_kid, len,
		    sizeof(*ld->by_kid));
		for (i = ld->by_kid_len; i < len; i++)
			ld->by_kid[i] = MODEL_NONE;
		ld->by_kid_len = len;
	}
	return &ld->by_kid[kid];
}

/* Join two comma-joined kind lists, keeping each kind once. */
static uint32_t
model_merge_kinds(struct model *m, uint32_t have, const char *more)
{
	const char	*old = model_label(m, have), *p, *comma;
	char		*joined;
	size_t		 len, oldlen = strlen(old);
	uint32_t	 id;
	int		 found;

	if (more == NULL || *more == '\0' || strcmp(old, more) == 0)
		return have;
	joined = xmalloc(oldlen + strlen(more) + 2);
	memcpy(joined, old, oldlen + 1);
	for (p = more; *p != '\0'; p = *comma != '\0' ? comma + 1 : comma) {
		comma = strchr(p, ',');
		if (comma == NULL)
			comma = p + strlen(p);
		len = (size_t)(comma - p);
		found = 0;
		for (const char *q = joined; *q != '\0';) {
			const char	*qe = strchr(q, ',');
			size_t		 qlen = qe != NULL ? (size_t)(qe - q) :
					    strlen(q);

			if (qlen == len && memcmp(q, p, len) == 0)
				found = 1;
			q += qlen + (qe != NULL);
		}
		if (!found && len > 0) {
			if (joined[0] != '\0')
				strcat(joined, ",");
			strncat(joined, p, len);
		}
	}
	id = model_label_intern(m, joined);
	free(joined);
	return id;
}

/* Merge lifecycle b (from another snapshot) into a. */
static void
model_merge_life(struct record_lifecycle *a, const struct record_lifecycle *b)
{
	if (!tstamp_is_set(a->created_at) && b->created_at != TSTAMP_UNKNOWN)
		a->created_at = b->created_at;
	if (b->last_used_at != TSTAMP_UNKNOWN &&
	    (!tstamp_is_set(a->last_used_at) ||
	    (tstamp_is_set(b->last_used_at) &&
	    b->last_used_at > a->last_used_at)))
		a->last_used_at = b->last_used_at;
	if (b->last_rotated_at != TSTAMP_UNKNOWN &&
	    (!tstamp_is_set(a->last_rotated_at) ||
	    (tstamp_is_set(b->last_rotated_at) &&
	    b->last_rotated_at > a->last_rotated_at)))
		a->last_rotated_at = b->last_rotated_at;
	if (!tstamp_is_set(a->expires_at) && b->expires_at != TSTAMP_UNKNOWN)
		a->expires_at = b->expires_at;
	if (a->disabled == -1)
		a->disabled = b->disabled;
}

/* Fill node v's identity fields from a row. */
static void
model_set_node(struct model *m, size_t v, const struct store_node_row *row)
{
	int	 kind = kind_node_parse(row->kind);

	m->key[v] = arena_strdup(&m->arena, row->key);
	m->name[v] = arena_strdup(&m->arena, row->name);
	m->kind[v] = (uint8_t)(kind >= 0 ? kind : KIND_NODE_OTHER);
	m->nflags[v] = row->missing ? MODEL_NODE_MISSING : 0;
	m->source[v] = model_label_intern(m, row->source);
}

/*
 * Set node v's lifecycle field by field. The slot is cleared first so
 * that its padding, which the model image writes out, is zeros.
 */
static void
model_set_life(struct model *m, size_t v,
    const struct record_lifecycle *life)
{
	struct record_lifecycle	*dst = &m->life[v];

	memset(dst, 0, sizeof(*dst));
	dst->created_at = life->created_at;
	dst->last_used_at = life->last_used_at;
	dst->last_rotated_at = life->last_rotated_at;
	dst->expires_at = life->expires_at;
	dst->disabled = life->disabled;
}

static int
model_add_node_row(void *ctx, const struct store_node_row *row)
{
	struct model_loader	*ld = ctx;
	struct model		*m = ld->m;
	uint32_t		*slot = model_kid_slot(ld, row->kid);
	size_t			 v;
	int			 replace;

	if (*slot == MODEL_NONE) {
		model_reserve_nodes(ld, m->nnodes + 1);
		v = m->nnodes++;
		*slot = (uint32_t)v;
		model_set_node(m, v, row);
		m->kinds[v] = model_label_intern(m, row->kinds);
		m->environment[v] = model_label_intern(m, row->environment);
		m->owner[v] = model_label_intern(m, row->owner);
		m->credential_type[v] = model_label_intern(m,
		    row->credential_type);
		model_set_life(m, v, &row->life);
		m->kid[v] = row->kid;
		ld->snap[v] = row->snapshot;
		return 0;
	}

	v = *slot;
	if (row->missing)
		return 0;
	replace = (m->nflags[v] & MODEL_NODE_MISSING) ||
	    row->snapshot > ld->snap[v];
	if (replace) {
		model_set_node(m, v, row);
		ld->snap[v] = row->snapshot;
	}
	m->kinds[v] = model_merge_kinds(m, m->kinds[v], row->kinds);
	if (m->environment[v] == 0 || replace)
		m->environment[v] = row->environment != NULL ?
		    model_label_intern(m, row->environment) : m->environment[v];
	if (m->owner[v] == 0 || replace)
		m->owner[v] = row->owner != NULL ?
		    model_label_intern(m, row->owner) : m->owner[v];
	if (m->credential_type[v] == 0)
		m->credential_type[v] = model_label_intern(m,
		    row->credential_type);
	model_merge_life(&m->life[v], &row->life);
	return 0;
}

/*
 * Return the memo entry of an edge kind and source kind, filling it on
 * first use, or NULL for an empty kind or names too long to keep, which
 * the caller then looks up itself.
 */
static const struct model_edge_memo *
model_edge_memo(struct model_loader *ld, const char *kind, const char *raw)
{
	struct model_edge_memo	*e;
	size_t			 klen, rlen;
	int			 ekind;

	/* An unused entry has an empty kind, which no row can match. */
	if (raw == NULL || (klen = strlen(kind)) == 0 ||
	    klen >= MODEL_EDGE_MEMO_NAME ||
	    (rlen = strlen(raw)) >= MODEL_EDGE_MEMO_NAME)
		return NULL;
	e = &ld->memo[(hmap_hash(raw, rlen) ^ klen) % MODEL_EDGE_MEMO];
	if (strcmp(e->kind, kind) == 0 && strcmp(e->raw, raw) == 0)
		return e;
	if ((ekind = kind_edge_parse(kind)) < 0)
		ekind = KIND_EDGE_RELATED;
	memcpy(e->kind, kind, klen + 1);
	memcpy(e->raw, raw, rlen + 1);
	e->ekind = ekind;
	e->eraw = model_label_intern(ld->m, raw);
	return e;
}

static int
model_add_edge_row(void *ctx, const struct store_edge_row *row)
{
	struct model_loader		*ld = ctx;
	const struct model_edge_memo	*memo;
	uint32_t			 src = MODEL_NONE, dst = MODEL_NONE;
	uint32_t			 raw;
	int				 kind;

	if ((size_t)row->src < ld->by_kid_len)
		src = ld->by_kid[row->src];
	if ((size_t)row->dst < ld->by_kid_len)
		dst = ld->by_kid[row->dst];
	if (src == MODEL_NONE || dst == MODEL_NONE) {
		ld->orphans++;
		return 0;
	}
	memo = model_edge_memo(ld, row->kind, row->raw);
	if (memo != NULL) {
		kind = memo->ekind;
		raw = memo->eraw;
	} else {
		kind = kind_edge_parse(row->kind);
		if (kind < 0)
			kind = KIND_EDGE_RELATED;
		raw = model_label_intern(ld->m, row->raw);
	}
	model_edges_add(&ld->edges, src, dst, kind, row->flags, raw, row->id);
	return 0;
}

/* 1 when the node classes (see nodeclass.h) read attribute name. */
static int
model_is_class_attr(const char *name)
{
	size_t	 i;

	for (i = 0; i < nodeclass_nattrs; i++) {
		if (strcmp(nodeclass_attrs[i], name) == 0)
			return 1;
	}
	return 0;
}

/*
 * Set the flags the classification rule gives one attribute value, or
 * keep the value for the joins.
 */
static int
model_add_value(void *ctx, int64_t kid, const char *name, const char *value)
{
	struct model_loader	*ld = ctx;
	uint32_t		 v;

	if (kid < 0 || (size_t)kid >= ld->by_kid_len ||
	    (v = ld->by_kid[kid]) == MODEL_NONE)
		return 0;
	if (model_is_class_attr(name))
		ld->m->nflags[v] |= (uint8_t)nodeclass_flags(name, value);
	else if (ld->join_mask != 0)
		join_values_add(&ld->join_values, v, name, value);
	return 0;
}

/*
 * Read the attributes of every node that the node classes and the joins
 * read, in one scan, because parsing the attributes of every node is
 * most of the cost of either. Returns 0, or -1 with *errp set.
 */
static int
model_scan_values(struct model_loader *ld, struct store *s, char **errp)
{
	const char *const	*join_names;
	const char		**names;
	size_t			 njoin = 0, n = 0, i;
	int			 rc;

	join_names = join_attr_names(&njoin);
	if (ld->join_mask == 0)
		njoin = 0;
	names = xreallocarray(NULL, nodeclass_nattrs + njoin, sizeof(*names));
	for (i = 0; i < nodeclass_nattrs; i++)
		names[n++] = nodeclass_attrs[i];
	for (i = 0; i < njoin; i++)
		names[n++] = join_names[i];
	rc = store_scan_node_values(s, names, n, model_add_value, ld, errp);
	free(names);
	return rc;
}

/*
 * Raise a node's last use to the latest event of the evidence that shows
 * it acting or its credential used, when that is newer than what the
 * inventories said. This happens at load, so it follows the view.
 */
static int
model_add_seen(void *ctx, int64_t kid, int64_t at)
{
	struct model_loader	*ld = ctx;
	struct record_lifecycle	*life;
	uint32_t		 v;

	if (kid < 0 || (size_t)kid >= ld->by_kid_len ||
	    (v = ld->by_kid[kid]) == MODEL_NONE)
		return 0;
	life = &ld->m->life[v];
	if (!tstamp_is_set(life->last_used_at) || at > life->last_used_at)
		life->last_used_at = at;
	return 0;
}

/* The kind and walk flags of edge e, shifted into a packed word. */
static uint32_t
model_adj_pack(const struct model *m, size_t e)
{
	uint32_t	 flags = m->eflags[e] & RECORD_EDGE_CONDITIONAL;

	if (m->eflags[e] & (RECORD_EDGE_NOT_TRAVERSABLE |
	    MODEL_EDGE_NOT_WALKED))
		flags |= RECORD_EDGE_NOT_TRAVERSABLE;
	return model_adj_make_type(m->ekind[e], flags) << MODEL_ADJ_NODE_BITS;
}

/*
 * Mark the edges that carry no trust (see traverse.h), then pack each
 * edge's far end, kind and flags for the walks (see model.h).
 */
static void
model_build_adjacency(struct model *m)
{
	size_t		 e, i;

	m->out_adj = xmalloc((m->nedges + 1) * sizeof(*m->out_adj));
	m->in_adj = xmalloc((m->nedges + 1) * sizeof(*m->in_adj));
	for (e = 0; e < m->nedges; e++) {
		if (!traverse_edge_walked(m->ekind[e],
		    model_label(m, m->eraw[e]), m->kind[m->edst[e]]))
			m->eflags[e] |= MODEL_EDGE_NOT_WALKED;
		m->out_adj[e] = m->edst[e] | model_adj_pack(m, e);
	}
	for (i = 0; i < m->nedges; i++) {
		e = m->in_edge[i];
		m->in_adj[i] = m->esrc[e] | model_adj_pack(m, e);
	}
}

/*
 * Run the joins (see join.h) and add the nodes and edges they make,
 * marked derived: a node has the key id an annotation gave it (see
 * model_annot_kid()) or else -1, an edge the negative id
 * -(1 + its index in m->joins->edges). TRUSTWALK_JOINS switches the
 * rules; main() sets it from the [joins] section of the configuration.
 */
static int
model_join(struct model_loader *ld, struct store *s, unsigned mask,
    char **errp)
{
	struct model		*m = ld->m;
	struct join_edges	 e;
	struct join_result	*r;
	struct record_lifecycle	 life;
	size_t			 i, v;
	int			 found, rc;

	e.src = ld->edges.src;
	e.dst = ld->edges.dst;
	e.kind = ld->edges.kind;
	e.raw = ld->edges.raw;
	e.id = ld->edges.id;
	e.n = ld->edges.n;
	r = xcalloc(1, sizeof(*r));
	rc = join_run(s, m, &e, &ld->join_values, ld->by_kid, ld->by_kid_len,
	    mask, r, errp);
	join_values_free(&ld->join_values);
	if (rc == -1) {
		free(r);
		return -1;
	}
	m->joins = r;
	for (i = 0; i < r->nnodes; i++) {
		model_reserve_nodes(ld, m->nnodes + 1);
		v = m->nnodes++;
		m->key[v] = arena_strdup(&m->arena, r->nodes[i].key);
		m->name[v] = arena_strdup(&m->arena, r->nodes[i].name);
		m->kind[v] = KIND_NODE_HUMAN;
		m->nflags[v] = MODEL_NODE_DERIVED;
		m->kinds[v] = model_label_intern(m, "Person");
		m->source[v] = model_label_intern(m, "join");
		m->environment[v] = m->owner[v] = m->credential_type[v] = 0;
		record_lifecycle_init(&life);
		model_set_life(m, v, &life);
		ld->snap[v] = 0;
		if ((found = store_annot_kid(s, m->key[v], &m->kid[v],
		    errp)) == -1)
			return -1;
		if (found == 0)
			m->kid[v] = -1;
	}
	for (i = 0; i < r->nedges; i++)
		model_edges_add(&ld->edges, r->edges[i].src, r->edges[i].dst,
		    r->edges[i].kind, RECORD_EDGE_DERIVED,
		    model_label_intern(m, r->edges[i].raw), -(int64_t)i - 1);
	return 0;
}

/*
 * Flag the nodes whose name another node has too, such as one person's
 * accounts in several sources and the person a join made of them, so
 * that lists can tell the rows apart. The table keeps the first node of
 * each name, in open addressing slots of node ids, which is smaller and
 * faster to fill than a map that copies every name.
 */
static void
model_mark_shared_names(struct model *m)
{
	uint32_t	*first, w;
	size_t		 cap = 16, v, i;

	while (cap < m->nnodes * 2)
		cap *= 2;
	first = xreallocarray(NULL, cap, sizeof(*first));
	for (i = 0; i < cap; i++)
		first[i] = MODEL_NONE;
	for (v = 0; v < m->nnodes; v++) {
		i = hmap_hash(m->name[v], strlen(m->name[v])) & (cap - 1);
		while ((w = first[i]) != MODEL_NONE &&
		    strcmp(m->name[w], m->name[v]) != 0)
			i = (i + 1) & (cap - 1);
		if (w == MODEL_NONE) {
			first[i] = (uint32_t)v;
			continue;
		}
		m->nflags[w] |= MODEL_NODE_SHARED_NAME;
		m->nflags[v] |= MODEL_NODE_SHARED_NAME;
	}
	free(first);
}

/* Build the hash index from key to node id. */
static void
model_build_key_index(struct model *m)
{
	size_t		 cap = 16, v, i;
	uint32_t	*slots;

	free(m->key_index);

	while (cap < m->nnodes * 2)
		cap *= 2;
	slots = xmalloc(cap * sizeof(*slots));
	for (i = 0; i < cap; i++)
		slots[i] = MODEL_NONE;
	for (v = 0; v < m->nnodes; v++) {
		i = hmap_hash(m->key[v], strlen(m->key[v])) & (cap - 1);
		while (slots[i] != MODEL_NONE)
			i = (i + 1) & (cap - 1);
		slots[i] = (uint32_t)v;
	}
	m->key_index = slots;
	m->key_index_cap = cap;
}

const igraph_t *
model_igraph(struct model *m, char **errp)
{
	igraph_vector_int_t	 edges;
	size_t			 e;

	if (m->has_graph)
		return &m->graph;

	if (igraph_vector_int_init(&edges, (igraph_integer_t)m->nedges * 2)
	    != IGRAPH_SUCCESS)
		goto fail;
	for (e = 0; e < m->nedges; e++) {
		VECTOR(edges)[2 * e] = m->esrc[e];
		VECTOR(edges)[2 * e + 1] = m->edst[e];
	}
	if (igraph_create(&m->graph, &edges, (igraph_integer_t)m->nnodes,
	    IGRAPH_DIRECTED) != IGRAPH_SUCCESS) {
		igraph_vector_int_destroy(&edges);
		goto fail;
	}
	igraph_vector_int_destroy(&edges);
	m->has_graph = 1;
	return &m->graph;

fail:
	*errp = model_igraph_message();
	if (*errp == NULL)
		*errp = xstrdup("igraph could not build the graph");
	return NULL;
}

static void
model_loader_free(struct model_loader *ld)
{
	free(ld->by_kid);
	free(ld->snap);
	model_edges_free(&ld->edges);
	join_values_free(&ld->join_values);
}

/* The join rules TRUSTWALK_JOINS switches on. */
static unsigned
model_join_mask(void)
{
	char		*unknown = NULL;
	unsigned	 mask;

	mask = join_mask(getenv("TRUSTWALK_JOINS"), &unknown);
	if (unknown != NULL)
		log_debug("TRUSTWALK_JOINS names no rule \"%s\"", unknown);
	free(unknown);
	return mask;
}

/*
 * Look up the key ids of the nodes a join made that an image saved as
 * having none: an annotation since may have given one its key id.
 */
static int
model_image_kids(struct store *s, struct model *m, char **errp)
{
	size_t	 v;

	for (v = 0; v < m->nnodes; v++) {
		if (!(m->nflags[v] & MODEL_NODE_DERIVED) || m->kid[v] >= 0)
			continue;
		if (store_annot_kid(s, m->key[v], &m->kid[v], errp) == -1)
			return -1;
	}
	return 0;
}

int
model_load(struct store *s, struct model **out, char **errp)
{
	struct model_loader	 ld;
	struct model		*m;
	unsigned		 mask = model_join_mask();

	*out = NULL;
	if (model_image_load(s, mask, out) == 0) {
		if (model_image_kids(s, *out, errp) == -1) {
			model_free(*out);
			*out = NULL;
			return -1;
		}
		return 0;
	}
	m = xcalloc(1, sizeof(*m));
	arena_init(&m->arena);
	m->labels.cap = 64;
	m->labels.text = xcalloc(m->labels.cap, sizeof(*m->labels.text));
	m->labels.text[0] = arena_strdup(&m->arena, "");
	m->labels.count = 1;
	m->labels.index = hmap_create(64);

	memset(&ld, 0, sizeof(ld));
	ld.m = m;
	ld.join_mask = mask;
	model_reserve_nodes(&ld, 1);
	if (store_scan_nodes(s, model_add_node_row, &ld, errp) == -1 ||
	    store_scan_edges(s, model_add_edge_row, &ld, errp) == -1 ||
	    model_scan_values(&ld, s, errp) == -1 ||
	    store_event_last_seen(s, model_add_seen, &ld, errp) == -1)
		goto fail;
	if (ld.orphans > 0)
		log_debug("%lld edges name unknown nodes and were left out",
		    (long long)ld.orphans);
	model_build_key_index(m);
	if (model_join(&ld, s, mask, errp) == -1)
		goto fail;
	if (m->nnodes > MODEL_MAX_NODES) {
		*errp = xasprintf("%s: the current view has %zu nodes, more "
		    "than the %zu trustwalk can hold; import fewer sources "
		    "into one case", store_path(s), m->nnodes, MODEL_MAX_NODES);
		goto fail;
	}
	model_edges_build(&ld.edges, m);
	model_build_adjacency(m);
	model_build_key_index(m);
	model_mark_shared_names(m);
	model_loader_free(&ld);
	log_debug("model: %zu nodes, %zu edges, %lld repeated edges dropped",
	    m->nnodes, m->nedges, (long long)m->duplicate_edges);
	model_image_save(s, m, mask);
	*out = m;
	return 0;

fail:
	model_loader_free(&ld);
	model_free(m);
	return -1;
}

void
model_free(struct model *m)
{
	if (m == NULL)
		return;
	if (m->has_graph)
		igraph_destroy(&m->graph);
	join_result_free(m->joins);
	free(m->joins);
	free(m->key);
	free(m->name);
	free(m->labels.text);
	hmap_free(m->labels.index);
	arena_free(&m->arena);
	if (m->image != NULL) {
		/* The other arrays are in the mapping. */
		model_image_unmap(m);
		free(m);
		return;
	}
	free(m->kind);
	free(m->nflags);
	free(m->kinds);
	free(m->source);
	free(m->environment);
	free(m->owner);
	free(m->credential_type);
	free(m->life);
	free(m->kid);
	free(m->esrc);
	free(m->edst);
	free(m->ekind);
	free(m->eflags);
	free(m->eraw);
	free(m->eid);
	free(m->out_off);
	free(m->in_off);
	free(m->in_edge);
	free(m->out_adj);
	free(m->in_adj);
	free(m->key_index);
	free(m->order);
	free(m);
}

int64_t
model_find(const struct model *m, const char *key)
{
	size_t		 i;
	uint32_t	 v;

	if (m->key_index_cap == 0)
		return -1;
	i = hmap_hash(key, strlen(key)) & (m->key_index_cap - 1);
	while ((v = m->key_index[i]) != MODEL_NONE) {
		if (strcmp(m->key[v], key) == 0)
			return v;
		i = (i + 1) & (m->key_index_cap - 1);
	}
	return -1;
}

size_t
model_resolve(const struct model *m, const char *text, int64_t *ids,
    size_t max)
{
	const char	*id;
	size_t		 v, n = 0;
	int64_t		 exact;

	exact = model_find(m, text);
	if (exact >= 0) {
		if (max > 0)
			ids[0] = exact;
		return 1;
	}
	for (v = 0; v < m->nnodes; v++) {
		id = strchr(m->key[v], ':');
		if (strcmp(m->name[v], text) == 0 ||
		    (id != NULL && strcmp(id + 1, text) == 0)) {
			if (n < max)
				ids[n] = (int64_t)v;
			n++;
		}
	}
	return n;
}

void
model_out_kind(const struct model *m, size_t v, enum kind_edge kind,
    size_t *first, size_t *count)
{
	size_t	 lo = m->out_off[v], hi = m->out_off[v + 1];

	while (lo < hi && m->ekind[lo] < kind)
		lo++;
	*first = lo;
	while (lo < hi && m->ekind[lo] == kind)
		lo++;
	*count = lo - *first;
}

void
model_in_kind(const struct model *m, size_t v, enum kind_edge kind,
    size_t *first, size_t *count)
{
	size_t	 lo = m->in_off[v], hi = m->in_off[v + 1];

	while (lo < hi && m->ekind[m->in_edge[lo]] < kind)
		lo++;
	*first = lo;
	while (lo < hi && m->ekind[m->in_edge[lo]] == kind)
		lo++;
	*count = lo - *first;
}

int
model_annot_kid(struct model *m, struct store *s, size_t v, int64_t *kid,
    char **errp)
{
	if (m->kid[v] < 0 &&
	    store_annot_kid_make(s, m->key[v], &m->kid[v], errp) == -1)
		return -1;
	*kid = m->kid[v];
	return 0;
}

int
model_node_attrs(const struct model *m, struct store *s, size_t v,
    int (*fn)(void *, const char *, const char *, const char *,
    const char *), void *ctx, char **errp)
{
	const struct join_node	*n;
	size_t			 i;

	if (!(m->nflags[v] & MODEL_NODE_DERIVED))
		return store_node_attrs(s, m->kid[v], fn, ctx, errp);
	n = &m->joins->nodes[v - m->joins->node_base];
	for (i = 0; i < n->nattrs; i++) {
		if (fn(ctx, n->attrs[i].name, n->attrs[i].value, "text",
		    "join") != 0) {
			*errp = xstrdup("reading the attributes of a joined "
			    "node stopped");
			return -1;
		}
	}
	return 0;
}

int
model_edge_detail(const struct model *m, struct store *s, size_t e,
    char **conditions, char **attrs, char **errp)
{
	const struct join_edge	*j;

	if (!(m->eflags[e] & RECORD_EDGE_DERIVED))
		return store_edge_detail(s, m->eid[e], conditions, attrs, errp);
	j = &m->joins->edges[-m->eid[e] - 1];
	*conditions = NULL;
	*attrs = j->attrs != NULL ? xstrdup(j->attrs) : NULL;
	return 0;
}

const char *
model_edge_evidence(const struct model *m, size_t e)
{
	if (!(m->eflags[e] & RECORD_EDGE_DERIVED))
		return NULL;
	return m->joins->edges[-m->eid[e] - 1].evidence;
}
