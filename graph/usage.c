/*
 * The usage evidence of a view in memory (see usage.h): one scan of the
 * event table through the store, with key ids turned into node ids of
 * the model by one lookup table.
 */
#include "usage.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hmap.h"
#include "kind.h"
#include "model.h"
#include "store.h"
#include "xalloc.h"

/* The state of one scan. */
struct usage_scan {
	const struct model	*m;
	struct usage		*u;
	struct hmap		*by_kid;	/* key id -> node */
	size_t			 cap;
};

/* The node of key id kid, or USAGE_NONE. */
static uint32_t
usage_node(const struct usage_scan *s, int64_t kid)
{
	uint64_t	 v;

	if (kid == 0 || !hmap_get(s->by_kid, (const char *)&kid, sizeof(kid),
	    &v))
		return USAGE_NONE;
	return (uint32_t)v;
}

static const char *
usage_dup(struct usage *u, const char *s)
{
	return s != NULL ? arena_strdup(&u->arena, s) : NULL;
}

/* Keep one event row. */
static int
usage_row(void *ctx, const struct store_event_row *row)
{
	struct usage_scan	*s = ctx;
	struct usage		*u = s->u;
	struct usage_event	*e;
	int			 k = kind_edge_parse(row->kind);

	if (k != KIND_EDGE_USED && k != KIND_EDGE_ASSUMED &&
	    k != KIND_EDGE_CALLED)
		return 0;
	/*
	 * An analyzer's statement of non-use (attrs "unused": true, as the
	 * JSON writer spells it) is not a use: leave it out.
	 */
	if (row->attrs != NULL && strstr(row->attrs, "\"unused\":true") !=
	    NULL)
		return 0;
	if (u->n == s->cap) {
		s->cap = s->cap == 0 ? 256 : s->cap * 2;
		u->v = xreallocarray(u->v, s->cap, sizeof(*u->v));
	}
	e = &u->v[u->n++];
	e->at = row->at;
	e->kind = (uint8_t)k;
	e->actor = usage_node(s, row->actor);
	e->credential = usage_node(s, row->credential);
	e->target = usage_node(s, row->target);
	e->action = usage_dup(u, row->action);
	e->source_ip = usage_dup(u, row->source_ip);
	e->user_agent = usage_dup(u, row->user_agent);
	e->error_code = usage_dup(u, row->error_code);
	e->record = usage_dup(u, row->record);
	e->event_id = usage_dup(u, row->event_id);
	e->input = usage_dup(u, row->input);
	if (u->n == 1 || e->at < u->first)
		u->first = e->at;
	if (e->at > u->last)
		u->last = e->at;
	return 0;
}

/* Read the events q selects. */
static int
usage_query(struct store *st, const struct model *m,
    const struct store_event_query *q, struct usage **out, char **errp)
{
	struct usage_scan		 s;
	size_t				 v;
	int				 rc;

	memset(&s, 0, sizeof(s));
	s.m = m;
	s.u = xcalloc(1, sizeof(*s.u));
	arena_init(&s.u->arena);
	s.by_kid = hmap_create(m->nnodes + 1);
	for (v = 0; v < m->nnodes; v++) {
		if (m->kid[v] > 0)
			hmap_put(s.by_kid, (const char *)&m->kid[v],
			    sizeof(m->kid[v]), v);
	}
	rc = store_scan_events(st, q, usage_row, &s, errp);
	hmap_free(s.by_kid);
	if (rc == -1) {
		usage_free(s.u);
		s.u = NULL;
	}
	*out = s.u;
	return rc == -1 ? -1 : 0;
}

int
usage_load(struct store *st, const struct model *m, struct usage **out,
    char **errp)
{
	struct store_event_query	 q;

	memset(&q, 0, sizeof(q));
	return usage_query(st, m, &q, out, errp);
}

int
usage_load_node(struct store *st, const struct model *m, size_t v,
    struct usage **out, char **errp)
{
	struct store_event_query	 q;

	memset(&q, 0, sizeof(q));
	q.kid = m->kid[v];
	if (q.kid <= 0) {
		/* A node a join made has no events of its own. */
		*out = xcalloc(1, sizeof(**out));
		arena_init(&(*out)->arena);
		return 0;
	}
	return usage_query(st, m, &q, out, errp);
}

int64_t
usage_days(const struct usage *u)
{
	int64_t	 start;

	if (u->n == 0)
		return 0;
	start = u->first - ((u->first % USAGE_DAY) + USAGE_DAY) % USAGE_DAY;
	return (u->last - start) / USAGE_DAY + 1;
}

void
usage_buckets(const struct usage *u, size_t nb, struct usage_bucket *b,
    int64_t *days)
{
	int64_t		 start, span, per;
	size_t		 i, k;

	memset(b, 0, nb * sizeof(*b));
	*days = 1;
	if (u->n == 0 || nb == 0)
		return;
	start = u->first - ((u->first % USAGE_DAY) + USAGE_DAY) % USAGE_DAY;
	span = usage_days(u);
	per = (span + (int64_t)nb - 1) / (int64_t)nb;
	if (per < 1)
		per = 1;
	*days = per;
	for (k = 0; k < nb; k++)
		b[k].start = start + (int64_t)k * per * USAGE_DAY;
	for (i = 0; i < u->n; i++) {
		k = (size_t)((u->v[i].at - start) / (per * USAGE_DAY));
		if (k >= nb)
			k = nb - 1;
		b[k].count++;
		if (u->v[i].error_code != NULL)
			b[k].errors++;
	}
}

void
usage_free(struct usage *u)
{
	if (u == NULL)
		return;
	free(u->v);
	arena_free(&u->arena);
	free(u);
}

uint32_t
usage_subject(const struct usage_event *e, enum usage_by by)
{
	if (by == USAGE_BY_SUBJECT && e->credential != USAGE_NONE)
		return e->credential;
	return e->actor;
}

void
usage_index_build(const struct usage *u, size_t nnodes, enum usage_by by,
    struct usage_index *ix)
{
	size_t		*fill;
	size_t		 i, v;
	uint32_t	 s;

	ix->off = xcalloc(nnodes + 2, sizeof(*ix->off));
	ix->ev = xreallocarray(NULL, u->n + 1, sizeof(*ix->ev));
	for (i = 0; i < u->n; i++) {
		if ((s = usage_subject(&u->v[i], by)) != USAGE_NONE)
			ix->off[s + 1]++;
	}
	for (v = 0; v < nnodes; v++)
		ix->off[v + 1] += ix->off[v];
	fill = xreallocarray(NULL, nnodes + 1, sizeof(*fill));
	memcpy(fill, ix->off, (nnodes + 1) * sizeof(*fill));
	/* The events are oldest first, so each group is too. */
	for (i = 0; i < u->n; i++) {
		if ((s = usage_subject(&u->v[i], by)) != USAGE_NONE)
			ix->ev[fill[s]++] = (uint32_t)i;
	}
	free(fill);
}

void
usage_index_free(struct usage_index *ix)
{
	free(ix->off);
	free(ix->ev);
	ix->off = NULL;
	ix->ev = NULL;
}

/* Copy the n-th ':'-separated field of text into buf, or "". */
static void
usage_field(const char *text, int n, char *buf, size_t len)
{
	const char	*p = text, *end;
	size_t		 k;

	buf[0] = '\0';
	while (n-- > 0) {
		if ((p = strchr(p, ':')) == NULL)
			return;
		p++;
	}
	end = strchr(p, ':');
	k = end != NULL ? (size_t)(end - p) : strlen(p);
	if (k >= len)
		k = len - 1;
	memcpy(buf, p, k);
	buf[k] = '\0';
}

const char *
usage_domain(const struct model *m, size_t v, char *buf, size_t len)
{
	const char	*key = m->key[v];
	char		 part[128];

	if (strncmp(key, "aws:arn:", 8) == 0) {
		/* aws:arn:PARTITION:SERVICE:REGION:ACCOUNT:... */
		usage_field(key, 5, part, sizeof(part));
		if (part[0] != '\0') {
			snprintf(buf, len, "aws:%s", part);
			return buf;
		}
	}
	if (strncmp(key, "k8s:", 4) == 0) {
		usage_field(key, 1, part, sizeof(part));
		snprintf(buf, len, "k8s:%s", part);
		return buf;
	}
	snprintf(buf, len, "%s", model_label(m, m->source[v]));
	return buf;
}

char *
usage_where(const struct usage_event *e)
{
	const char	*in = e->input != NULL ? e->input : "";
	const char	*base = strrchr(in, '/');

	base = base != NULL ? base + 1 : in;
	if (e->event_id != NULL)
		return xasprintf("%s %s (%s)", base, e->record != NULL ?
		    e->record : "?", e->event_id);
	return xasprintf("%s %s", base, e->record != NULL ? e->record : "?");
}

const char *
usage_agent(const char *ua, char *buf, size_t len)
{
	size_t	 k;

	if (ua == NULL) {
		buf[0] = '\0';
		return buf;
	}
	k = strcspn(ua, "/ (");
	if (k >= len)
		k = len - 1;
	memcpy(buf, ua, k);
	buf[k] = '\0';
	return buf;
}

int
usage_browser(const char *ua)
{
	return ua != NULL && strncasecmp(ua, "Mozilla/", 8) == 0;
}
