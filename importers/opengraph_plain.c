/*
 * Plain OpenGraph edges, read from their text without a cJSON tree. Most
 * edges of a large file look like
 *
 *	{"kind": "MemberOf", "start": {"value": "u-1"},
 *	 "end": {"value": "grp-2"}}
 *
 * and building, redacting and freeing a tree for each costs more than
 * the rest of the import. An edge is plain when its members are "kind"
 * (a string), "start" and "end" (objects of a string "value" and
 * optionally "match_by": "id") and optionally "properties" (null, or an
 * object of at most OG_PLAIN_MAX_PROPS strings, booleans and nulls).
 *
 * og_on_edge_text() only has to recognise the edges it can emit exactly
 * as og_on_edge() would. An edge that is not plain is left to
 * og_on_edge(), which reads it from its tree, and so is one whose
 * reading would warn, wait for the node index or replace a secret.
 */
#include <string.h>

#include "import.h"
#include "json.h"
#include "jsonw.h"
#include "opengraph_int.h"
#include "redact.h"
#include "strbuf.h"

#define OG_PLAIN_MAX_PROPS	8
#define OG_PLAIN_NAME_MAX	63	/* bytes of a property name */
/*
 * Member names and strings: 4 names and the kind, 4 in each endpoint,
 * and 2 for each property.
 */
#define OG_PLAIN_MAX_STRINGS	(5 + 2 * 4 + 2 * OG_PLAIN_MAX_PROPS)

/* A property of a plain edge: its name, and its value as a token. */
struct og_plain_prop {
	char		 name[OG_PLAIN_NAME_MAX + 1];
	enum json_token	 type;	/* JSON_TOKEN_STRING, _TRUE, _FALSE, _NULL */
	const char	*str;
	size_t		 len;
};

/* The parts of a plain edge, pointing into its text. */
struct og_plain {
	const char		*kind;
	size_t			 kind_len;
	const char		*id[2];		/* start and end values */
	size_t			 id_len[2];
	int			 has_props;	/* "properties" is an object */
	struct og_plain_prop	 props[OG_PLAIN_MAX_PROPS];
	size_t			 nprops;
	struct redact_string	 strings[OG_PLAIN_MAX_STRINGS];
	size_t			 nstrings;
};

/* Whether the string token t is the text lit. */
static int
og_plain_is(const struct json_tokens *t, const char *lit)
{
	return t->str_len == strlen(lit) && memcmp(t->str, lit, t->str_len) ==
	    0;
}

/* Note the string token t for the secret check; name is as for redact. */
static int
og_plain_string(struct og_plain *e, const struct json_tokens *t,
    const char *name, int is_key)
{
	struct redact_string	*s;

	if (e->nstrings == OG_PLAIN_MAX_STRINGS)
		return -1;
	s = &e->strings[e->nstrings++];
	s->text = t->str;
	s->len = t->str_len;
	s->name = name;
	s->is_key = is_key;
	return 0;
}

/*
 * Read an endpoint, {"value": ID} with an optional "match_by": "id".
 * which is 0 for the start, 1 for the end. Returns 0, or -1 when it is
 * not plain.
 */
static int
og_plain_endpoint(struct json_tokens *t, struct og_plain *e, int which)
{
	enum json_token	 tok;

	if (json_token_next(t) != JSON_TOKEN_OBJECT)
		return -1;
	while ((tok = json_token_next(t)) == JSON_TOKEN_STRING) {
		if (og_plain_string(e, t, NULL, 1) == -1)
			return -1;
		if (og_plain_is(t, "value")) {
			if (json_token_next(t) != JSON_TOKEN_STRING ||
			    og_plain_string(e, t, "value", 0) == -1)
				return -1;
			e->id[which] = t->str;
			e->id_len[which] = t->str_len;
		} else if (og_plain_is(t, "match_by")) {
			if (json_token_next(t) != JSON_TOKEN_STRING ||
			    !og_plain_is(t, "id") ||
			    og_plain_string(e, t, "match_by", 0) == -1)
				return -1;
		} else
			return -1;
	}
	if (tok != JSON_TOKEN_OBJECT_END || e->id[which] == NULL ||
	    e->id_len[which] == 0)
		return -1;
	return 0;
}

/*
 * Read one property whose name is the string token t. Names that could
 * make the properties a name-value pair (see redact.h) are not plain.
 */
static int
og_plain_prop(struct json_tokens *t, struct og_plain *e)
{
	struct og_plain_prop	*p;

	if (e->nprops == OG_PLAIN_MAX_PROPS ||
	    t->str_len > OG_PLAIN_NAME_MAX || og_plain_is(t, "Key") ||
	    og_plain_is(t, "key") || og_plain_is(t, "Name") ||
	    og_plain_is(t, "name") || og_plain_string(e, t, NULL, 1) == -1)
		return -1;
	p = &e->props[e->nprops++];
	memcpy(p->name, t->str, t->str_len);
	p->name[t->str_len] = '\0';

	p->type = json_token_next(t);
	p->str = t->str;
	p->len = t->str_len;
	switch (p->type) {
	case JSON_TOKEN_STRING:
		return og_plain_string(e, t, p->name, 0);
	case JSON_TOKEN_TRUE:
	case JSON_TOKEN_FALSE:
	case JSON_TOKEN_NULL:
		return 0;
	default:
		return -1;
	}
}

/* Read "properties": null or an object of plain properties. */
static int
og_plain_props(struct json_tokens *t, struct og_plain *e)
{
	enum json_token	 tok;

	tok = json_token_next(t);
	if (tok == JSON_TOKEN_NULL)
		return 0;
	if (tok != JSON_TOKEN_OBJECT)
		return -1;
	e->has_props = 1;
	while ((tok = json_token_next(t)) == JSON_TOKEN_STRING) {
		if (og_plain_prop(t, e) == -1)
			return -1;
	}
	return tok == JSON_TOKEN_OBJECT_END ? 0 : -1;
}

/* Read a whole edge record. Returns 0, or -1 when it is not plain. */
static int
og_plain_read(const char *text, size_t len, struct og_plain *e)
{
	struct json_tokens	 t;
	enum json_token		 tok;
	int			 rc;

	/* The arrays are filled as they are counted. */
	e->kind = NULL;
	e->kind_len = 0;
	e->id[0] = e->id[1] = NULL;
	e->id_len[0] = e->id_len[1] = 0;
	e->has_props = 0;
	e->nprops = 0;
	e->nstrings = 0;
	json_tokens_init(&t, text, len);
	if (json_token_next(&t) != JSON_TOKEN_OBJECT)
		return -1;
	while ((tok = json_token_next(&t)) == JSON_TOKEN_STRING) {
		if (og_plain_string(e, &t, NULL, 1) == -1)
			return -1;
		if (og_plain_is(&t, "kind")) {
			if (json_token_next(&t) != JSON_TOKEN_STRING ||
			    og_plain_string(e, &t, "kind", 0) == -1)
				return -1;
			e->kind = t.str;
			e->kind_len = t.str_len;
			rc = 0;
		} else if (og_plain_is(&t, "start"))
			rc = og_plain_endpoint(&t, e, 0);
		else if (og_plain_is(&t, "end"))
			rc = og_plain_endpoint(&t, e, 1);
		else if (og_plain_is(&t, "properties"))
			rc = og_plain_props(&t, e);
		else
			rc = -1;
		if (rc == -1)
			return -1;
	}
	if (tok != JSON_TOKEN_OBJECT_END || e->kind_len == 0 ||
	    e->id[0] == NULL || e->id[1] == NULL)
		return -1;
	return 0;
}

/*
 * The flags the properties give: the edge is not traversable when
 * "traversable" is false. Returns -1 when it is a string, which
 * og_on_edge() warns about.
 */
static int
og_plain_flags(const struct og_plain *e, unsigned *flags)
{
	size_t	 i;

	for (i = 0; i < e->nprops; i++) {
		if (strcmp(e->props[i].name, "traversable") != 0)
			continue;
		if (e->props[i].type == JSON_TOKEN_STRING)
			return -1;
		if (e->props[i].type == JSON_TOKEN_FALSE)
			*flags |= RECORD_EDGE_NOT_TRAVERSABLE;
	}
	return 0;
}

/* Write the properties as og_attrs() writes them from a tree. */
static void
og_plain_attrs(const struct og_plain *e, struct strbuf *out)
{
	const struct og_plain_prop	*p;
	struct jsonw			 w;
	size_t				 i;

	strbuf_reset(out);
	if (!e->has_props)
		return;
	jsonw_init(&w, out, 0);
	jsonw_object_begin(&w);
	for (i = 0; i < e->nprops; i++) {
		p = &e->props[i];
		jsonw_key(&w, p->name);
		if (p->type == JSON_TOKEN_STRING)
			jsonw_strn(&w, p->str, p->len);
		else if (p->type == JSON_TOKEN_NULL)
			jsonw_null(&w);
		else
			jsonw_bool(&w, p->type == JSON_TOKEN_TRUE);
	}
	jsonw_object_end(&w);
}

/*
 * Make the key of endpoint which in out, as og_endpoint() makes it from
 * an id. Returns -1 for an id that may name another source's node,
 * which waits for the node index.
 */
static int
og_plain_key(struct og_state *st, const struct og_plain *e, int which,
    struct strbuf *out)
{
	/* The prefix is set before the edges are read, so it stays in out. */
	if (st->plain_prefix_len == 0 && !st->trustwalk) {
		strbuf_reset(&st->plain_start);
		strbuf_addstr(&st->plain_start, st->prefix);
		strbuf_addch(&st->plain_start, ':');
		strbuf_reset(&st->plain_end);
		strbuf_add(&st->plain_end, st->plain_start.buf,
		    st->plain_start.len);
		st->plain_prefix_len = st->plain_start.len;
	}
	strbuf_truncate(out, st->plain_prefix_len);
	strbuf_add(out, e->id[which], e->id_len[which]);
	if (st->trustwalk)
		return 0;
	return og_foreign_looking(st, out->buf + st->plain_prefix_len) ? -1 :
	    0;
}

int
og_on_edge_text(void *ctx, const char *path, const char *text, size_t len,
    char **errp)
{
	struct og_state	*st = ctx;
	struct og_plain	 e;
	enum kind_edge	 kind;
	unsigned	 flags = 0;

	(void)path;
	(void)errp;
	if (og_plain_read(text, len, &e) == -1 ||
	    og_plain_flags(&e, &flags) == -1 ||
	    (st->trustwalk && e.has_props) ||
	    !redact_would_keep(e.strings, e.nstrings, 0))
		return 0;
	if (og_plain_key(st, &e, 0, &st->plain_start) == -1 ||
	    og_plain_key(st, &e, 1, &st->plain_end) == -1)
		return 0;

	st->saw_graph = 1;

	/* The kind of the edge before is mapped already. */
	if (st->plain_kind.len != e.kind_len ||
	    memcmp(st->plain_kind.buf, e.kind, e.kind_len) != 0) {
		strbuf_reset(&st->plain_kind);
		strbuf_add(&st->plain_kind, e.kind, e.kind_len);
		st->plain_kind_mapped = og_map_edge_kind(st,
		    st->plain_kind.buf);
	}
	kind = st->plain_kind_mapped;
	og_plain_attrs(&e, &st->plain_attrs);
	if (og_emit_edge(st, st->plain_start.buf, st->plain_end.buf, kind,
	    st->plain_kind.buf, flags, st->plain_attrs.len > 0 ?
	    st->plain_attrs.buf : NULL, NULL) == -1)
		return -1;
	return 1;
}
