/*
 * Events and observed edges for the importers of usage evidence (see
 * evidence.h). The edges of one file are summed in a hash map keyed by
 * kind, start and end, and emitted once at the end, so that an edge
 * seen ten thousand times is one row with a count.
 */
#include "evidence.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hmap.h"
#include "import.h"
#include "jsonw.h"
#include "redact.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

/* One observed edge being summed. */
struct evidence_edge {
	const char	*src;
	const char	*dst;
	enum kind_edge	 kind;
	int64_t		 first;
	int64_t		 last;
	int64_t		 count;
	int64_t		 errors;
};

struct evidence {
	struct import		*imp;
	char			*raw;
	struct hmap		*index;		/* kind, src, dst -> edge */
	struct evidence_edge	*edges;
	size_t			 nedges;
	size_t			 cap;
	struct hmap		*attrs;		/* "name=value" -> key + 1 */
	char			**found;	/* keys evidence_find_attr() got */
	size_t			 nfound;
	struct arena		 arena;
	size_t			 records;
};

struct evidence *
evidence_create(struct import *imp, const char *raw)
{
	struct evidence	*ev = xcalloc(1, sizeof(*ev));

	ev->imp = imp;
	ev->raw = xstrdup(raw);
	ev->index = hmap_create(256);
	ev->attrs = hmap_create(64);
	arena_init(&ev->arena);
	return ev;
}

void
evidence_free(struct evidence *ev)
{
	size_t	 i;

	if (ev == NULL)
		return;
	for (i = 0; i < ev->nfound; i++)
		free(ev->found[i]);
	free(ev->found);
	hmap_free(ev->index);
	hmap_free(ev->attrs);
	free(ev->edges);
	arena_free(&ev->arena);
	free(ev->raw);
	free(ev);
}

size_t
evidence_count(const struct evidence *ev)
{
	return ev->records;
}

/* Add one record to the edge of kind from src to dst. */
static void
evidence_sum(struct evidence *ev, enum kind_edge kind, const char *src,
    const char *dst, const struct record_event *rec)
{
	struct evidence_edge	*e;
	struct strbuf		 id;
	uint64_t		 idx;

	strbuf_init(&id);
	strbuf_addf(&id, "%d", (int)kind);
	strbuf_addch(&id, '\0');
	strbuf_addstr(&id, src);
	strbuf_addch(&id, '\0');
	strbuf_addstr(&id, dst);
	if (hmap_get(ev->index, id.buf, id.len, &idx))
		e = &ev->edges[idx];
	else {
		if (ev->nedges == ev->cap) {
			ev->cap = ev->cap == 0 ? 64 : ev->cap * 2;
			ev->edges = xreallocarray(ev->edges, ev->cap,
			    sizeof(*ev->edges));
		}
		e = &ev->edges[ev->nedges];
		memset(e, 0, sizeof(*e));
		e->src = arena_strdup(&ev->arena, src);
		e->dst = arena_strdup(&ev->arena, dst);
		e->kind = kind;
		e->first = rec->at;
		e->last = rec->at;
		hmap_put(ev->index, id.buf, id.len, ev->nedges++);
	}
	if (rec->at < e->first)
		e->first = rec->at;
	if (rec->at > e->last)
		e->last = rec->at;
	e->count++;
	if (rec->error_code != NULL)
		e->errors++;
	strbuf_free(&id);
}

/*
 * Run the log's strings that the event keeps through redact_text(): a
 * user agent or a resource name can carry a token. Fills the owned
 * copies in out[], which the caller frees.
 */
static int
evidence_redact(struct evidence *ev, struct record_event *rec, char **out,
    char **errp)
{
	const char	**field[] = {
		&rec->action, &rec->resource, &rec->user_agent,
		&rec->error_code, &rec->credential_id
	};
	static const char *const names[] = {
		"action", "resource", "user_agent", "error_code",
		"credential_id"
	};
	size_t		 i;

	for (i = 0; i < 5; i++) {
		out[i] = NULL;
		if (*field[i] == NULL)
			continue;
		if (redact_text(ev->imp, rec->record, names[i], *field[i],
		    strlen(*field[i]), &out[i], errp) == -1)
			return -1;
		if (out[i] != NULL)
			*field[i] = out[i];
	}
	return 0;
}

int
evidence_add(struct evidence *ev, const struct record_event *in,
    char **errp)
{
	struct record_event	 rec = *in;
	char			*owned[5];
	size_t			 i;
	int			 rc = -1;

	if (evidence_redact(ev, &rec, owned, errp) == -1)
		goto out;
	if (import_event(ev->imp, &rec) == -1)
		goto out;
	ev->records++;
	/* A record of no use (an analyzer's "never") makes no edge. */
	if (!tstamp_is_set(rec.at)) {
		rc = 0;
		goto out;
	}
	if (rec.credential != NULL && strcmp(rec.credential, rec.actor) != 0)
		evidence_sum(ev, KIND_EDGE_USED, rec.credential, rec.actor,
		    &rec);
	if (rec.target != NULL && rec.kind != KIND_EDGE_USED &&
	    strcmp(rec.target, rec.actor) != 0)
		evidence_sum(ev, rec.kind, rec.actor, rec.target, &rec);
	rc = 0;
out:
	for (i = 0; i < 5; i++)
		free(owned[i]);
	return rc;
}

/* The flat attributes of a summed edge, as JSON text in sb. */
static void
evidence_edge_attrs(const struct evidence_edge *e, struct strbuf *sb)
{
	struct jsonw	 w;
	char		 buf[TSTAMP_BUFSZ];

	jsonw_init(&w, sb, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "first_seen");
	jsonw_str(&w, tstamp_format(e->first, buf));
	jsonw_key(&w, "last_seen");
	jsonw_str(&w, tstamp_format(e->last, buf));
	jsonw_key(&w, "count");
	jsonw_int(&w, e->count);
	jsonw_key(&w, "errors");
	jsonw_int(&w, e->errors);
	jsonw_object_end(&w);
}

int
evidence_finish(struct evidence *ev, char **errp)
{
	struct record_edge	 re;
	struct strbuf		 attrs, raw;
	size_t			 i;
	int			 rc = 0;

	strbuf_init(&attrs);
	strbuf_init(&raw);
	for (i = 0; i < ev->nedges && rc == 0; i++) {
		strbuf_reset(&attrs);
		strbuf_reset(&raw);
		evidence_edge_attrs(&ev->edges[i], &attrs);
		strbuf_addf(&raw, "%s:%s", ev->raw,
		    kind_edge_name(ev->edges[i].kind));
		record_edge_init(&re);
		re.src = ev->edges[i].src;
		re.dst = ev->edges[i].dst;
		re.kind = ev->edges[i].kind;
		re.raw = raw.buf;
		re.attrs = attrs.buf;
		rc = import_edge(ev->imp, &re);
	}
	strbuf_free(&attrs);
	strbuf_free(&raw);
	if (rc == -1)
		*errp = NULL;
	return rc;
}

int
evidence_find_attr(struct evidence *ev, const char *name, const char *value,
    const char **key)
{
	struct strbuf	 id;
	uint64_t	 idx;
	char		*found = NULL;
	int		 rc;

	*key = NULL;
	strbuf_init(&id);
	strbuf_addf(&id, "%s=%s", name, value);
	if (hmap_get(ev->attrs, id.buf, id.len, &idx)) {
		if (idx > 0)
			*key = ev->found[idx - 1];
		rc = idx > 0;
		goto out;
	}
	if ((rc = import_find_attr(ev->imp, name, value, &found)) == -1)
		goto out;
	if (rc == 1) {
		ev->found = xreallocarray(ev->found, ev->nfound + 1,
		    sizeof(*ev->found));
		ev->found[ev->nfound++] = found;
		*key = found;
		hmap_put(ev->attrs, id.buf, id.len, ev->nfound);
	} else
		hmap_put(ev->attrs, id.buf, id.len, 0);
out:
	strbuf_free(&id);
	return rc;
}

int
evidence_aws_access_key(struct evidence *ev, const char *user_arn,
    const char *akid, char **key)
{
	struct record_node	 n;
	const char		*found;
	char			 name[96];
	int			 rc;

	*key = NULL;
	if ((rc = evidence_find_attr(ev, "key_id", akid, &found)) == -1)
		return -1;
	if (rc == 1) {
		*key = xstrdup(found);
		return 0;
	}
	*key = xasprintf("aws:%s#access_key/%s", user_arn, akid);
	if (import_has_node(ev->imp, *key))
		return 0;
	record_node_init(&n);
	snprintf(name, sizeof(name), "access key %.64s", akid);
	n.key = *key;
	n.kind = KIND_NODE_CREDENTIAL;
	n.kinds = "AWSAccessKey";
	n.name = name;
	n.credential_type = "access_key";
	return import_node(ev->imp, &n) == -1 ? -1 : 0;
}

int
evidence_has_node(struct evidence *ev, const char *key)
{
	enum kind_node	 kind;

	if (import_has_node(ev->imp, key))
		return 1;
	return import_current_kind(ev->imp, key, &kind);
}
