/*
 * The model image (see model_image.h).
 *
 * Layout, in native byte order: a header, the ids of the view's
 * snapshots, then each array of the model in a fixed order, padded to 8
 * bytes. The strings come last: every node's key and name,
 * NUL-terminated, in node order, then the labels in id order. The file
 * is mapped privately, and the model's arrays point into the mapping;
 * only the key and name pointers, the label table and its hash index
 * are built at open, in one pass over the strings.
 *
 * The image is trusted no more than the case: it must belong to the
 * user and not be writable by others, like the case file, and every
 * index in it is checked against the counts before the model is used,
 * so a damaged image cannot send a walk out of bounds.
 */
#include "model_image.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bitset.h"
#include "digest.h"
#include "hmap.h"
#include "join.h"
#include "log.h"
#include "model.h"
#include "query.h"
#include "store.h"
#include "xalloc.h"

#define MODEL_IMAGE_MAGIC	"twmodel"
#define MODEL_IMAGE_VERSION	2
#define MODEL_IMAGE_MAX_PARTS	24

struct model_image_head {
	char		 magic[8];
	uint32_t	 version;
	uint32_t	 join_mask;
	uint64_t	 nnodes;
	uint64_t	 nedges;
	uint64_t	 nlabels;
	uint64_t	 key_index_cap;
	uint64_t	 nsnaps;
	uint64_t	 strbytes;	/* keys and names, then labels */
	int64_t		 duplicate_edges;
	uint64_t	 size;		/* of the whole file */
	unsigned char	 case_id[32];	/* model_image_case_id() */
};

/*
 * One array of the model as the image stores it: the offset of its
 * pointer in struct model, read and written with memcpy() so that no
 * pointer type is accessed as another.
 */
struct model_image_part {
	size_t		 offset;
	size_t		 size;		/* bytes per element */
	size_t		 count;
};

static size_t
model_image_pad(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* List the arrays of m, with the counts of m, in image order. */
static size_t
model_image_parts(struct model *m, struct model_image_part *p)
{
	size_t	 n = m->nnodes, e = m->nedges, k = 0;

#define MODEL_IMAGE_PART(f, c) do {					\
	p[k].offset = offsetof(struct model, f);			\
	p[k].size = sizeof(*m->f);					\
	p[k].count = (c);						\
	k++;								\
} while (0)
	MODEL_IMAGE_PART(kind, n);
	MODEL_IMAGE_PART(nflags, n);
	MODEL_IMAGE_PART(kinds, n);
	MODEL_IMAGE_PART(source, n);
	MODEL_IMAGE_PART(environment, n);
	MODEL_IMAGE_PART(owner, n);
	MODEL_IMAGE_PART(credential_type, n);
	MODEL_IMAGE_PART(life, n);
	MODEL_IMAGE_PART(kid, n);
	MODEL_IMAGE_PART(order, n);
	MODEL_IMAGE_PART(esrc, e);
	MODEL_IMAGE_PART(edst, e);
	MODEL_IMAGE_PART(ekind, e);
	MODEL_IMAGE_PART(eflags, e);
	MODEL_IMAGE_PART(eraw, e);
	MODEL_IMAGE_PART(eid, e);
	MODEL_IMAGE_PART(out_off, n + 1);
	MODEL_IMAGE_PART(in_off, n + 1);
	MODEL_IMAGE_PART(in_edge, e);
	MODEL_IMAGE_PART(out_adj, e);
	MODEL_IMAGE_PART(in_adj, e);
	MODEL_IMAGE_PART(key_index, m->key_index_cap);
#undef MODEL_IMAGE_PART
	return k;
}

/* Read the array pointer of part p from m. */
static void *
model_image_array(const struct model *m, const struct model_image_part *p)
{
	void	*a;

	memcpy(&a, (const char *)m + p->offset, sizeof(a));
	return a;
}

/* Point part p of m at a. */
static void
model_image_set(struct model *m, const struct model_image_part *p, void *a)
{
	memcpy((char *)m + p->offset, &a, sizeof(a));
}

/* The image's path for a store, or NULL for a case that is not a file. */
static char *
model_image_path(struct store *s)
{
	const char	*path = store_path(s);

	if (strcmp(path, ":memory:") == 0)
		return NULL;
	return xasprintf("%s-model", path);
}

/*
 * The identity of the case: a SHA-256 of its random fingerprint key, so
 * that an image left beside a case file that was deleted and made again
 * never matches the new one, whose snapshot ids start over. The key
 * cannot be recovered from it.
 */
static int
model_image_case_id(struct store *s, unsigned char *id)
{
	unsigned char	 buf[32 + STORE_FP_KEY_LEN];
	char		*err = NULL;

	memset(buf, 0, sizeof(buf));
	memcpy(buf, "trustwalk model image", 21);
	if (store_fingerprint_key(s, buf + 32, &err) == -1) {
		log_debug("%s", err);
		free(err);
		return -1;
	}
	digest_sha256(buf, sizeof(buf), id);
	memset(buf, 0, sizeof(buf));
	return 0;
}

/* 1 when the store reads its current view (the only one saved). */
static int
model_image_view_ok(struct store *s)
{
	struct store_view	 v;
	int			 ok;

	store_get_view(s, &v);
	ok = v.kind == STORE_VIEW_CURRENT;
	store_view_clear(&v);
	return ok;
}

/* Write len bytes, then zeros up to the next multiple of 8. */
static int
model_image_write(int fd, const void *buf, size_t len)
{
	static const char	 zeros[8];
	const char		*p = buf;
	size_t			 pad = model_image_pad(len) - len;
	ssize_t			 w;

	while (len > 0) {
		if ((w = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return pad > 0 && write(fd, zeros, pad) != (ssize_t)pad ? -1 : 0;
}

/* The strings of the image: keys and names, then labels. */
static char *
model_image_strings(const struct model *m, size_t *len)
{
	size_t	 total = 0, v, i, k;
	char	*buf, *p;

	for (v = 0; v < m->nnodes; v++)
		total += strlen(m->key[v]) + strlen(m->name[v]) + 2;
	for (i = 0; i < m->labels.count; i++)
		total += strlen(m->labels.text[i]) + 1;
	p = buf = xmalloc(total + 1);
	for (v = 0; v < m->nnodes; v++) {
		k = strlen(m->key[v]) + 1;
		memcpy(p, m->key[v], k);
		p += k;
		k = strlen(m->name[v]) + 1;
		memcpy(p, m->name[v], k);
		p += k;
	}
	for (i = 0; i < m->labels.count; i++) {
		k = strlen(m->labels.text[i]) + 1;
		memcpy(p, m->labels.text[i], k);
		p += k;
	}
	*len = total;
	return buf;
}

/* Write the image of m to fd. */
static int
model_image_write_all(int fd, struct model *m, const int64_t *snaps,
    size_t nsnaps, unsigned join_mask, const unsigned char *case_id)
{
	struct model_image_part	 parts[MODEL_IMAGE_MAX_PARTS];
	struct model_image_head	 h;
	char			*str;
	size_t			 nparts, i, strbytes;
	int			 rc = -1;

	nparts = model_image_parts(m, parts);
	str = model_image_strings(m, &strbytes);
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, MODEL_IMAGE_MAGIC, sizeof(MODEL_IMAGE_MAGIC));
	h.version = MODEL_IMAGE_VERSION;
	h.join_mask = join_mask;
	h.nnodes = m->nnodes;
	h.nedges = m->nedges;
	h.nlabels = m->labels.count;
	h.key_index_cap = m->key_index_cap;
	h.nsnaps = nsnaps;
	h.strbytes = strbytes;
	h.duplicate_edges = m->duplicate_edges;
	memcpy(h.case_id, case_id, sizeof(h.case_id));
	h.size = sizeof(h) + model_image_pad(nsnaps * sizeof(*snaps)) +
	    model_image_pad(strbytes);
	for (i = 0; i < nparts; i++)
		h.size += model_image_pad(parts[i].size * parts[i].count);

	if (model_image_write(fd, &h, sizeof(h)) == -1 ||
	    model_image_write(fd, snaps, nsnaps * sizeof(*snaps)) == -1)
		goto out;
	for (i = 0; i < nparts; i++) {
		if (model_image_write(fd, model_image_array(m, &parts[i]),
		    parts[i].size * parts[i].count) == -1)
			goto out;
	}
	if (model_image_write(fd, str, strbytes) == -1 || fsync(fd) == -1)
		goto out;
	rc = 0;
out:
	free(str);
	return rc;
}

void
model_image_save(struct store *s, struct model *m, unsigned join_mask)
{
	unsigned char	 case_id[32];
	int64_t		*snaps = NULL;
	size_t		 nsnaps, v;
	uint32_t	*order;
	char		*path, *tmp = NULL, *err = NULL;
	int		 fd, rc;

	if (store_read_only(s) || !model_image_view_ok(s) ||
	    m->joins->nnodes > 0 || m->joins->nedges > 0 ||
	    (path = model_image_path(s)) == NULL)
		return;
	if (store_view_snapshots(s, &snaps, &nsnaps, &err) == -1)
		goto fail;
	if (model_image_case_id(s, case_id) == -1)
		goto out;
	if (m->order == NULL) {
		/*
		 * Sort before setting m->order, since query_sort() copies
		 * m->order when it is set.
		 */
		order = xreallocarray(NULL, m->nnodes + 1, sizeof(*order));
		for (v = 0; v < m->nnodes; v++)
			order[v] = (uint32_t)v;
		query_sort(m, order, m->nnodes);
		m->order = order;
	}
	tmp = xasprintf("%s.%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		err = xasprintf("%s: %s", tmp, strerror(errno));
		goto fail;
	}
	rc = model_image_write_all(fd, m, snaps, nsnaps, join_mask, case_id);
	if (close(fd) == -1)
		rc = -1;
	if (rc == -1) {
		err = xasprintf("%s: %s", tmp, strerror(errno));
		unlink(tmp);
		goto fail;
	}
	if (rename(tmp, path) == -1) {
		err = xasprintf("%s: %s", path, strerror(errno));
		unlink(tmp);
		goto fail;
	}
	log_debug("saved the model image %s", path);
	goto out;
fail:
	log_debug("model image not saved: %s", err != NULL ? err : "?");
out:
	free(err);
	free(tmp);
	free(path);
	free(snaps);
}

/* Map the image file when it is the user's own; NULL otherwise. */
static void *
model_image_map(const char *path, size_t *len)
{
	struct stat	 st;
	void		*p = NULL;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & 022) != 0 ||
	    (size_t)st.st_size < sizeof(struct model_image_head)) {
		log_debug("%s: not a regular file of this user, or too short",
		    path);
		goto out;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		p = NULL;
	else
		*len = (size_t)st.st_size;
out:
	close(fd);
	return p;
}

/* 1 when the header fits the file, the view and the join rules. */
static int
model_image_head_ok(const struct model_image_head *h, size_t len,
    struct store *s, unsigned join_mask)
{
	const int64_t	*ids = (const int64_t *)(h + 1);
	unsigned char	 case_id[32];
	int64_t		*snaps = NULL;
	size_t		 nsnaps = 0;
	char		*err = NULL;
	int		 ok;

	if (memcmp(h->magic, MODEL_IMAGE_MAGIC, sizeof(MODEL_IMAGE_MAGIC)) !=
	    0 || h->version != MODEL_IMAGE_VERSION || h->size != len ||
	    h->join_mask != join_mask || h->nnodes > MODEL_MAX_NODES ||
	    h->nedges > UINT32_MAX - 1 || h->nlabels == 0 ||
	    h->nlabels > UINT32_MAX || h->nsnaps > len / sizeof(*ids) ||
	    model_image_case_id(s, case_id) == -1 ||
	    memcmp(case_id, h->case_id, sizeof(case_id)) != 0)
		return 0;
	if (store_view_snapshots(s, &snaps, &nsnaps, &err) == -1) {
		log_debug("%s", err);
		free(err);
		return 0;
	}
	ok = nsnaps == h->nsnaps && sizeof(*h) + nsnaps * sizeof(*ids) <=
	    len && memcmp(ids, snaps, nsnaps * sizeof(*ids)) == 0;
	free(snaps);
	return ok;
}

/* Point the model's arrays into the mapping; 0, or -1 when too short. */
static int
model_image_place(struct model *m, const struct model_image_head *h,
    char **strings)
{
	struct model_image_part	 parts[MODEL_IMAGE_MAX_PARTS];
	char			*p = m->image, *end = p + m->image_len;
	size_t			 nparts, i, bytes;

	p += sizeof(*h) + model_image_pad(h->nsnaps * sizeof(int64_t));
	nparts = model_image_parts(m, parts);
	for (i = 0; i < nparts; i++) {
		bytes = model_image_pad(parts[i].size * parts[i].count);
		if (bytes > (size_t)(end - p))
			return -1;
		model_image_set(m, &parts[i], p);
		p += bytes;
	}
	if (model_image_pad(h->strbytes) != (size_t)(end - p))
		return -1;
	*strings = p;
	return 0;
}

/* 1 when every offset array rises from 0 to total. */
static int
model_image_offsets_ok(const size_t *off, size_t n, size_t total)
{
	size_t	 v;

	if (off[0] != 0 || off[n] != total)
		return 0;
	for (v = 0; v < n; v++) {
		if (off[v] > off[v + 1])
			return 0;
	}
	return 1;
}

/* Check every node field that indexes something. */
static int
model_image_nodes_ok(const struct model *m)
{
	uint64_t	*seen;
	size_t		 n = m->nnodes, v, nl = m->labels.count;
	int		 ok = 1;

	seen = bitset_alloc(n + 1);
	for (v = 0; v < n && ok; v++) {
		if (m->kind[v] >= KIND_NODE_COUNT ||
		    (m->nflags[v] & MODEL_NODE_DERIVED) || m->kinds[v] >= nl ||
		    m->source[v] >= nl || m->environment[v] >= nl ||
		    m->owner[v] >= nl || m->credential_type[v] >= nl ||
		    m->order[v] >= n || bitset_test(seen, m->order[v]))
			ok = 0;
		else
			bitset_set(seen, m->order[v]);
	}
	free(seen);
	if (!ok || m->key_index_cap < 2 * n || m->key_index_cap < 16 ||
	    (m->key_index_cap & (m->key_index_cap - 1)) != 0)
		return 0;
	for (v = 0; v < m->key_index_cap; v++) {
		if (m->key_index[v] != UINT32_MAX && m->key_index[v] >= n)
			return 0;
	}
	return 1;
}

/* Check every edge field that indexes something. */
static int
model_image_edges_ok(const struct model *m)
{
	size_t	 n = m->nnodes, e;

	if (!model_image_offsets_ok(m->out_off, n, m->nedges) ||
	    !model_image_offsets_ok(m->in_off, n, m->nedges))
		return 0;
	for (e = 0; e < m->nedges; e++) {
		if (m->esrc[e] >= n || m->edst[e] >= n ||
		    m->ekind[e] >= KIND_EDGE_COUNT ||
		    (m->eflags[e] & RECORD_EDGE_DERIVED) ||
		    m->eraw[e] >= m->labels.count ||
		    m->in_edge[e] >= m->nedges ||
		    (m->out_adj[e] & MODEL_ADJ_NODE) >= n ||
		    (m->in_adj[e] & MODEL_ADJ_NODE) >= n)
			return 0;
	}
	return 1;
}

/*
 * Build the key and name pointers and the label table from the strings.
 * Returns 0, or -1 when they do not hold 2 * nnodes + nlabels strings.
 */
static int
model_image_texts(struct model *m, char *p, size_t len, size_t nlabels)
{
	char	*end = p + len, *z;
	size_t	 v, i;

	m->key = xreallocarray(NULL, m->nnodes + 1, sizeof(*m->key));
	m->name = xreallocarray(NULL, m->nnodes + 1, sizeof(*m->name));
	m->labels.text = xreallocarray(NULL, nlabels, sizeof(char *));
	m->labels.cap = m->labels.count = nlabels;
	for (i = 0; i < 2 * m->nnodes + nlabels; i++) {
		if ((z = memchr(p, '\0', (size_t)(end - p))) == NULL)
			return -1;
		v = i / 2;
		if (i >= 2 * m->nnodes)
			m->labels.text[i - 2 * m->nnodes] = p;
		else if (i % 2 == 0)
			m->key[v] = p;
		else
			m->name[v] = p;
		p = z + 1;
	}
	if (p != end || m->labels.text[0][0] != '\0')
		return -1;
	m->labels.index = hmap_create(nlabels);
	for (i = 1; i < nlabels; i++)
		hmap_put(m->labels.index, m->labels.text[i],
		    strlen(m->labels.text[i]), i);
	return 0;
}

int
model_image_load(struct store *s, unsigned join_mask, struct model **out)
{
	const struct model_image_head	*h;
	struct model			*m;
	char				*path, *strings;
	void				*map;
	size_t				 len = 0;
	const char			*reason = NULL;

	*out = NULL;
	if (!model_image_view_ok(s) || (path = model_image_path(s)) == NULL)
		return -1;
	if ((map = model_image_map(path, &len)) == NULL) {
		free(path);
		return -1;
	}
	h = map;
	m = xcalloc(1, sizeof(*m));
	arena_init(&m->arena);
	m->image = map;
	m->image_len = len;
	if (!model_image_head_ok(h, len, s, join_mask)) {
		reason = "it was made from other snapshots or join rules";
		goto fail;
	}
	m->nnodes = h->nnodes;
	m->nedges = h->nedges;
	m->key_index_cap = h->key_index_cap;
	m->duplicate_edges = h->duplicate_edges;
	m->labels.count = h->nlabels;
	if (model_image_place(m, h, &strings) == -1 ||
	    model_image_texts(m, strings, h->strbytes, h->nlabels) == -1 ||
	    !model_image_nodes_ok(m) || !model_image_edges_ok(m)) {
		reason = "its arrays are damaged";
		goto fail;
	}
	m->joins = xcalloc(1, sizeof(*m->joins));
	m->joins->mask = join_mask;
	m->joins->node_base = m->nnodes;
	log_debug("mapped the model image %s: %zu nodes, %zu edges", path,
	    m->nnodes, m->nedges);
	free(path);
	*out = m;
	return 0;
fail:
	log_debug("%s: model image ignored: %s", path, reason);
	free(path);
	model_free(m);
	return -1;
}

void
model_image_unmap(struct model *m)
{
	if (m->image != NULL)
		munmap(m->image, m->image_len);
	m->image = NULL;
}
