/*
 * Columns of the node list (see listcol.h). Ages are shown as tstamp
 * ages ("20d", "5mo", "2y"); an expiry still to come shows how far off
 * it is, a past one shows "past". Sorting puts the largest counts, the
 * oldest use or rotation and the nearest expiry first, as htop sorts its
 * busiest processes first; nodes without the value come last. A column
 * sort is a stable radix sort of the list in name order, so nodes with
 * the same value stay in name order, and a million nodes sort in tens
 * of milliseconds.
 */
#include "listcol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "blast.h"
#include "canvas.h"
#include "model.h"
#include "theme.h"
#include "tstamp.h"
#include "xalloc.h"

static const struct listcol listcol_table[LISTCOL_COUNT] = {
	[LISTCOL_PRIV] = { "privileges", " PRIV", 6, 1, 1,
	    "privileges the node reaches" },
	[LISTCOL_ADMIN] = { "admin", "ADMIN", 6, 0, 1,
	    "admin-equivalent nodes it reaches" },
	[LISTCOL_SYS] = { "systems", "  SYS", 6, 3, 1,
	    "systems it reaches" },
	[LISTCOL_CROWN] = { "crown", "CROWN", 6, 2, 1,
	    "crown jewels it reaches" },
	[LISTCOL_FIND] = { "findings", " FIND", 6, 4, 1,
	    "findings on the node" },
	[LISTCOL_USED] = { "used", " USED", 6, 5, 1,
	    "time since the last use" },
	[LISTCOL_ROTATED] = { "rotated", "  ROT", 6, 7, 1,
	    "time since the last rotation" },
	[LISTCOL_EXPIRES] = { "expires", "  EXP", 6, 6, 1,
	    "time until expiry" },
	[LISTCOL_CREATED] = { "created", "  AGE", 6, 11, 0,
	    "time since creation" },
	[LISTCOL_ENV] = { "env", "ENV", 9, 8, 1,
	    "environment" },
	[LISTCOL_OWNER] = { "owner", "OWNER", 17, 10, 0,
	    "owner named by the source" },
	[LISTCOL_SOURCE] = { "source", "SOURCE", 23, 12, 1,
	    "the import that describes the node" },
	[LISTCOL_DEGREE] = { "degree", "DEGREE", 7, 9, 1,
	    "edges in and out" },
};

const struct listcol *
listcol_get(int id)
{
	return &listcol_table[id];
}

int
listcol_find(const char *name)
{
	size_t	 len = strlen(name);
	int	 i, found = -1;

	if (len == 0)
		return -1;
	for (i = 0; i < LISTCOL_COUNT; i++) {
		if (strcasecmp(listcol_table[i].name, name) == 0)
			return i;
		if (strncasecmp(listcol_table[i].name, name, len) == 0) {
			if (found >= 0)
				return -1;
			found = i;
		}
	}
	return found;
}

int
listcol_layout(unsigned shown, int w, int *x)
{
	int	 total = 0, namew, i, drop, worst;

	for (i = 0; i < LISTCOL_COUNT; i++) {
		if (shown & (1u << i))
			total += listcol_table[i].width;
	}
	/* Drop the columns of highest priority number until the name fits. */
	while (w - LISTCOL_NAME_X - total - 1 < LISTCOL_NAME_MIN && total > 0) {
		drop = -1;
		worst = -1;
		for (i = 0; i < LISTCOL_COUNT; i++) {
			if ((shown & (1u << i)) &&
			    listcol_table[i].priority > worst) {
				worst = listcol_table[i].priority;
				drop = i;
			}
		}
		shown &= ~(1u << drop);
		total -= listcol_table[drop].width;
	}
	namew = w - LISTCOL_NAME_X - total - 1;
	if (namew < 8)
		namew = 8;
	total = LISTCOL_NAME_X + namew + 1;
	for (i = 0; i < LISTCOL_COUNT; i++) {
		x[i] = 0;
		if (shown & (1u << i)) {
			x[i] = total;
			total += listcol_table[i].width;
		}
	}
	return namew;
}

void
listcol_draw_title(struct canvas *c, int y, int x, int id, int sorted)
{
	const struct listcol	*col = &listcol_table[id];

	canvas_label(c, y, x, col->width - 1, col->title, sorted ?
	    THEME_PROMPT : THEME_TITLE);
}

/* The blast radius column of a list column, or -1. */
static int
listcol_blast(int id)
{
	switch (id) {
	case LISTCOL_PRIV:
		return BLAST_PRIVILEGES;
	case LISTCOL_ADMIN:
		return BLAST_ADMIN;
	case LISTCOL_SYS:
		return BLAST_SYSTEMS;
	case LISTCOL_CROWN:
		return BLAST_JEWELS;
	default:
		return -1;
	}
}

/* Format a count into 5 columns: "  123", " 120k". */
static void
listcol_count(char *buf, size_t sz, uint32_t n)
{
	if (n < 100000)
		snprintf(buf, sz, "%5u", n);
	else
		snprintf(buf, sz, "%4uk", n / 1000);
}

/* Format the age in a time column, right-aligned in 5 columns. */
static int
listcol_age(char *buf, size_t sz, int id, int64_t t, int64_t now)
{
	char	 age[TSTAMP_BUFSZ];

	if (t == TSTAMP_UNKNOWN || t == TSTAMP_NA) {
		snprintf(buf, sz, "%5s", "-");
		return THEME_DIM;
	}
	if (t == TSTAMP_NEVER) {
		snprintf(buf, sz, "%5s", "never");
		return THEME_DIM;
	}
	if (id == LISTCOL_EXPIRES && t <= now) {
		snprintf(buf, sz, "%5s", "past");
		return THEME_ERROR;
	}
	if (id != LISTCOL_EXPIRES && t > now) {
		/*
		 * After the clock: "in 1h" as the card writes it, without
		 * the space or as "later" when that does not fit.
		 */
		tstamp_format_age(t, now, age);
		if (strlen(age) <= 2)
			snprintf(buf, sz, "in %s", age);
		else if (strlen(age) <= 3)
			snprintf(buf, sz, "in%s", age);
		else
			snprintf(buf, sz, "later");
		return THEME_NORMAL;
	}
	if (id == LISTCOL_EXPIRES)
		tstamp_format_age(t, now, age);
	else
		tstamp_format_age(now, t, age);
	snprintf(buf, sz, "%5.5s", age);
	return THEME_NORMAL;
}

/* The time a time column shows for node v. */
static int64_t
listcol_time(const struct model *m, int id, size_t v)
{
	switch (id) {
	case LISTCOL_USED:
		return m->life[v].last_used_at;
	case LISTCOL_ROTATED:
		return m->life[v].last_rotated_at;
	case LISTCOL_EXPIRES:
		return m->life[v].expires_at;
	default:
		return m->life[v].created_at;
	}
}

/* Draw a blast radius, findings or degree cell. */
static void
listcol_draw_number(struct canvas *c, const struct listcol_data *d, int y,
    int x, int id, size_t v, int style, int selected)
{
	const struct model	*m = d->m;
	char			 num[16];
	uint32_t		 n;
	int			 b = listcol_blast(id), st = style;

	if (id == LISTCOL_DEGREE) {
		snprintf(num, sizeof(num), "%6zu", model_degree(m, v));
		canvas_label(c, y, x, 6, num, style);
		return;
	}
	if (b >= 0 && !blast_is_source(m, v))
		return;
	if ((b >= 0 && d->blast == NULL) ||
	    (id == LISTCOL_FIND && d->findings == NULL)) {
		canvas_label(c, y, x + 4, 1, "-", selected ? style : THEME_DIM);
		return;
	}
	n = b >= 0 ? d->blast->count[b][v] : d->findings[v];
	listcol_count(num, sizeof(num), n);
	if (id == LISTCOL_FIND && n > 0 && d->severity != NULL &&
	    d->severity[v] > 0) {
		/* The count and the highest severity: "  3 H". */
		snprintf(num, sizeof(num), "%3u %c", n > 999 ? 999 : n,
		    "ILMHC"[(d->severity[v] - 1) % 5]);
	}
	if (!selected && n == 0)
		st = THEME_DIM;
	else if (!selected && (id == LISTCOL_ADMIN || id == LISTCOL_CROWN ||
	    id == LISTCOL_FIND))
		st = THEME_ERROR;
	canvas_label(c, y, x, 5, num, st);
}

void
listcol_draw_cell(struct canvas *c, const struct listcol_data *d, int y,
    int x, int id, size_t v, int style, int selected)
{
	const struct model	*m = d->m;
	const struct listcol	*col = &listcol_table[id];
	char			 buf[TSTAMP_BUFSZ];
	int			 st;

	switch (id) {
	case LISTCOL_USED:
	case LISTCOL_ROTATED:
	case LISTCOL_EXPIRES:
	case LISTCOL_CREATED:
		if (m->kind[v] != KIND_NODE_CREDENTIAL &&
		    !tstamp_is_set(listcol_time(m, id, v)))
			return;
		st = listcol_age(buf, sizeof(buf), id, listcol_time(m, id, v),
		    d->now);
		canvas_label(c, y, x, 5, buf, selected ? style : st);
		return;
	case LISTCOL_ENV:
		canvas_text(c, y, x, col->width - 1, model_label(m,
		    m->environment[v]), selected ? style : THEME_DIM,
		    THEME_ESCAPE);
		return;
	case LISTCOL_OWNER:
		canvas_text(c, y, x, col->width - 1, model_label(m,
		    m->owner[v]), style, THEME_ESCAPE);
		return;
	case LISTCOL_SOURCE:
		canvas_text(c, y, x, col->width - 1, model_label(m,
		    m->source[v]), selected ? style : THEME_DIM, THEME_ESCAPE);
		return;
	default:
		listcol_draw_number(c, d, y, x, id, v, style, selected);
	}
}

/* A sortable number for column sort of node v; larger sorts first. */
static int64_t
listcol_key(const struct listcol_data *d, int sort, size_t v)
{
	const struct model	*m = d->m;
	int64_t			 t;
	int			 b = listcol_blast(sort);

	if (b >= 0)
		return d->blast != NULL && blast_is_source(m, v) ?
		    (int64_t)d->blast->count[b][v] : -1;
	switch (sort) {
	case LISTCOL_FIND:
		/* The highest severity first, then the most findings. */
		if (d->findings == NULL)
			return -1;
		return (d->severity != NULL ? (int64_t)d->severity[v] << 32 :
		    0) | (int64_t)d->findings[v];
	case LISTCOL_DEGREE:
		return (int64_t)model_degree(m, v);
	case LISTCOL_EXPIRES:
		/* The nearest expiry first, the past ones before it. */
		t = m->life[v].expires_at;
		return tstamp_is_set(t) ? -t : INT64_MIN;
	case LISTCOL_USED:
	case LISTCOL_ROTATED:
	case LISTCOL_CREATED:
		/* The oldest first; never used before any use. */
		t = listcol_time(m, sort, v);
		if (t == TSTAMP_NEVER)
			return INT64_MAX;
		return tstamp_is_set(t) ? -t : INT64_MIN;
	default:
		return 0;
	}
}

/* The label a text column sorts by, or NULL for other columns. */
static const char *
listcol_text(const struct model *m, int sort, size_t v)
{
	switch (sort) {
	case LISTCOL_ENV:
		return model_label(m, m->environment[v]);
	case LISTCOL_OWNER:
		return model_label(m, m->owner[v]);
	case LISTCOL_SOURCE:
		return model_label(m, m->source[v]);
	default:
		return NULL;
	}
}

/* A key for an ascending sort: a number larger first, or a label rank. */
static uint64_t
listcol_ascending(int64_t k)
{
	return ~((uint64_t)k ^ ((uint64_t)1 << 63));
}

/* The rank of every label in alphabetical order, ignoring ASCII case. */
static int
listcol_label_cmp(const void *a, const void *b, void *ctx)
{
	const struct model	*m = ctx;

	return strcasecmp(model_label(m, *(const uint32_t *)a),
	    model_label(m, *(const uint32_t *)b));
}

static uint32_t *
listcol_label_ranks(const struct model *m)
{
	uint32_t	*order, *rank;
	size_t		 i, n = m->labels.count;

	order = xreallocarray(NULL, n + 1, sizeof(*order));
	rank = xreallocarray(NULL, n + 1, sizeof(*rank));
	for (i = 0; i < n; i++)
		order[i] = (uint32_t)i;
	qsort_r(order, n, sizeof(*order), listcol_label_cmp, (void *)m);
	for (i = 0; i < n; i++)
		rank[order[i]] = (uint32_t)i;
	free(order);
	return rank;
}

/* The sort key of node v for column sort; the smallest sorts first. */
static uint64_t
listcol_sort_key(const struct listcol_data *d, const uint32_t *rank,
    int sort, size_t v)
{
	const char	*text = listcol_text(d->m, sort, v);
	uint32_t	 label;

	if (text == NULL)
		return listcol_ascending(listcol_key(d, sort, v));
	/* Empty labels last. */
	if (*text == '\0')
		return UINT64_MAX;
	label = sort == LISTCOL_ENV ? d->m->environment[v] :
	    sort == LISTCOL_OWNER ? d->m->owner[v] : d->m->source[v];
	return rank[label];
}

/*
 * Sort ids by keys (indexed by node id), keeping the order of equal
 * keys: a least significant digit radix sort, 16 bits a pass.
 */
static void
listcol_radix(uint32_t *ids, size_t n, const uint64_t *keys)
{
	uint32_t	*tmp, *src = ids, *dst, *swap;
	size_t		*count, i, sum, c;
	int		 shift;

	tmp = xreallocarray(NULL, n + 1, sizeof(*tmp));
	count = xcalloc(65536, sizeof(*count));
	dst = tmp;
	for (shift = 0; shift < 64; shift += 16) {
		memset(count, 0, 65536 * sizeof(*count));
		for (i = 0; i < n; i++)
			count[(keys[src[i]] >> shift) & 0xffff]++;
		for (i = 0, sum = 0; i < 65536; i++) {
			c = count[i];
			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[(keys[src[i]] >> shift) & 0xffff]++] = src[i];
		swap = src;
		src = dst;
		dst = swap;
	}
	/* Four passes: the result is back in ids. */
	free(count);
	free(tmp);
}

void
listcol_sort(const struct listcol_data *d, int sort, const uint32_t *byname,
    uint32_t *ids, size_t n)
{
	uint64_t	*keys;
	uint32_t	*rank = NULL;
	size_t		 v;

	memcpy(ids, byname, n * sizeof(*ids));
	if (sort == LISTCOL_SORT_NAME)
		return;
	if (sort == LISTCOL_ENV || sort == LISTCOL_OWNER ||
	    sort == LISTCOL_SOURCE)
		rank = listcol_label_ranks(d->m);
	keys = xreallocarray(NULL, d->m->nnodes + 1, sizeof(*keys));
	for (v = 0; v < d->m->nnodes; v++)
		keys[v] = listcol_sort_key(d, rank, sort, v);
	listcol_radix(ids, n, keys);
	free(keys);
	free(rank);
}
