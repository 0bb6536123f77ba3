/*
 * YAML reader: libyaml events to cJSON records (see yaml_reader.h).
 *
 * libyaml's parser is an event stream and keeps no tree, so this file
 * builds one with an explicit stack of open mappings and sequences
 * (struct yaml_reader_frame): nesting costs no C stack, and the depth
 * limit is one comparison. A record is a whole document, or one element
 * of the split sequence. Its problems are noted while it is built, and
 * it goes to the callback when it ends.
 *
 * Each anchored node is copied into the anchor table when it ends,
 * because the record that contains it may be freed before a later record of
 * the same document uses the alias. Copies made for anchors, aliases and
 * merge keys all count against one per-document budget of nodes, and
 * every copy also tracks its height, so aliases can neither blow up the
 * memory nor nest a tree deeper than the depth limit.
 *
 * Duplicate keys are found linearly in small mappings and by sorting the
 * keys when a mapping is large or has merge keys, so crafted keys cannot
 * make one mapping cost quadratic time.
 *
 * libyaml reports positions in characters from 0; messages count lines
 * and columns from 1. Reader errors (invalid UTF-8) come with a byte
 * offset, which is turned into a line and a byte column.
 */
#include "yaml_reader.h"

#include <yaml.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "json.h"
#include "strbuf.h"
#include "xalloc.h"

#define YAML_READER_LINEAR_KEYS		16
#define YAML_READER_EXACT_DIGITS	15	/* 10^15 < 2^53 */
#define YAML_READER_TAG			"tag:yaml.org,2002:"

/* An open mapping or sequence. */
struct yaml_reader_frame {
	cJSON	*node;		/* NULL when split or discarded */
	int	 mapping;
	int	 split;		/* a sequence whose elements are records */
	int	 discard;	/* a collection used as a key: dropped */
	int	 has_key;	/* mapping: a key was read, its value is next */
	int	 merge;		/* the pending key is the "<<" merge key */
	char	*key;
	cJSON	*merges;	/* mapping: sources of "<<", or NULL */
	char	*anchor;
	size_t	 members;	/* entries added so far */
	size_t	 nodes;		/* nodes inside, itself excluded */
	size_t	 height;	/* the highest height of a member */
	size_t	 line;		/* of its start, from 1 */
	size_t	 column;
};

/*
 * A copy of an anchored node, for its aliases. The height of a value is
 * the number of nested collection levels in it: 0 for a scalar.
 */
struct yaml_reader_anchor {
	cJSON	*copy;
	size_t	 nodes;
	size_t	 height;
};

struct yaml_reader {
	const char			*buf;
	size_t				 len;
	const char			*name;
	struct yaml_reader_options	 opts;
	yaml_reader_fn			 fn;
	void				*ctx;
	yaml_parser_t			 parser;

	struct yaml_reader_frame	*frames;
	size_t				 nframes;
	size_t				 capframes;
	struct hmap			*anchor_index;	/* name -> index */
	struct yaml_reader_anchor	*anchors;
	size_t				 nanchors;
	size_t				 capanchors;

	/* The document being read. */
	size_t				 doc;
	size_t				 doc_start;
	size_t				 doc_line;
	size_t				 copied;	/* alias budget used */
	cJSON				*root;
	int				 split_seen;
	size_t				 items_chars;
	struct strbuf			 doc_problem;

	/* The element of the split sequence being read. */
	int				 in_item;
	size_t				 item_index;
	size_t				 item_start;
	size_t				 item_line;
	struct strbuf			 item_problem;

	size_t				 event_end;	/* of this event */
	struct strbuf			 path;
	char				*err;	/* without the file name */
	char				*cb_err;
	int				 template;
};

static int	yaml_reader_fail(struct yaml_reader *, size_t, size_t,
		    const char *, ...) __attribute__((format(printf, 4, 5)));
static void	yaml_reader_problem(struct yaml_reader *, size_t, size_t,
		    const char *, ...) __attribute__((format(printf, 4, 5)));

/* Stop on a cJSON allocation failure, as the xalloc wrappers do. */
static cJSON *
yaml_reader_check(cJSON *v)
{
	if (v == NULL)
		xalloc_fatal("out of memory building a YAML record");
	return v;
}

/* Reject the stream; line and column count from 1. Returns -1. */
static int
yaml_reader_fail(struct yaml_reader *r, size_t line, size_t column,
    const char *fmt, ...)
{
	struct strbuf	 msg;
	va_list		 ap;

	if (r->err != NULL)
		return -1;
	strbuf_init(&msg);
	strbuf_addf(&msg, "line %zu, column %zu: ", line, column);
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	r->err = strbuf_detach(&msg);
	return -1;
}

/* Note the first rule the current record breaks. */
static void
yaml_reader_problem(struct yaml_reader *r, size_t line, size_t column,
    const char *fmt, ...)
{
	struct strbuf	*sb = r->in_item ? &r->item_problem : &r->doc_problem;
	va_list		 ap;

	if (sb->len > 0)
		return;
	strbuf_addf(sb, "line %zu, column %zu: ", line, column);
	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

/* Reject the stream as an unrendered template. Returns -1. */
static int
yaml_reader_template(struct yaml_reader *r, const yaml_mark_t *mark)
{
	r->template = 1;
	return yaml_reader_fail(r, mark->line + 1, mark->column + 1, "\"{{\" "
	    "outside a quoted string: a template placeholder that was never "
	    "filled in");
}

/* Find the line (from 1) and byte column (from 1) of byte offset off. */
static void
yaml_reader_locate(const struct yaml_reader *r, size_t off, size_t *line,
    size_t *column)
{
	size_t	 i, bol = 0;

	*line = 1;
	for (i = 0; i < off && i < r->len; i++) {
		if (r->buf[i] == '\n') {
			(*line)++;
			bol = i + 1;
		}
	}
	*column = off - bol + 1;
}

/* 1 when line number line (from 0) of the input contains "{{". */
static int
yaml_reader_line_has_template(const struct yaml_reader *r, size_t line)
{
	const char	*p = r->buf, *end = r->buf + r->len, *nl;
	size_t		 n = 0;

	while (n < line) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return 0;
		p = nl + 1;
		n++;
	}
	nl = memchr(p, '\n', (size_t)(end - p));
	if (nl == NULL)
		nl = end;
	return memmem(p, (size_t)(nl - p), "{{", 2) != NULL;
}

/* Turn libyaml's error into the stream's rejection. Returns -1. */
static int
yaml_reader_parse_error(struct yaml_reader *r)
{
	const yaml_parser_t	*p = &r->parser;
	const char		*problem = p->problem != NULL ? p->problem :
				    "invalid YAML";
	size_t			 line, column;

	if (p->error == YAML_MEMORY_ERROR)
		xalloc_fatal("out of memory reading YAML");
	if (p->error == YAML_READER_ERROR) {
		yaml_reader_locate(r, p->problem_offset, &line, &column);
		return yaml_reader_fail(r, line, column, "%s (byte 0x%02x); "
		    "the file must be UTF-8", problem,
		    p->problem_value >= 0 ? (unsigned)p->problem_value : 0u);
	}
	if (r->opts.reject_templates &&
	    (yaml_reader_line_has_template(r, p->problem_mark.line) ||
	    (p->context != NULL &&
	    yaml_reader_line_has_template(r, p->context_mark.line))))
		return yaml_reader_template(r, &p->problem_mark);
	if (p->context != NULL)
		return yaml_reader_fail(r, p->problem_mark.line + 1,
		    p->problem_mark.column + 1, "%s (%s at line %zu, column "
		    "%zu)", problem, p->context, p->context_mark.line + 1,
		    p->context_mark.column + 1);
	return yaml_reader_fail(r, p->problem_mark.line + 1,
	    p->problem_mark.column + 1, "%s", problem);
}

/*
 * Parse an integer the way YAML 1.1 loaders do: decimal with an optional
 * sign, 0x hex, 0o octal, or octal with a leading 0. Returns 0 and sets
 * *out, or -1 when the text is something else or has more digits than a
 * double represents exactly.
 */
static int
yaml_reader_parse_int(const char *s, size_t len, int64_t *out)
{
	const char	*p = s, *end = s + len;
	int64_t		 v = 0;
	int		 neg = 0, base = 10, digit;
	size_t		 ndigits = 0;

	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'o')) {
		base = p[1] == 'x' ? 16 : 8;
		p += 2;
	} else if (end - p > 1 && p[0] == '0') {
		base = 8;
		p++;
	}
	if (p == end)
		return -1;
	for (; p < end; p++) {
		if (*p >= '0' && *p <= '9')
			digit = *p - '0';
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			digit = *p - 'a' + 10;
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			digit = *p - 'A' + 10;
		else
			return -1;
		if (digit >= base || ++ndigits > YAML_READER_EXACT_DIGITS)
			return -1;
		v = v * base + digit;
	}
	if (v > (int64_t)1 << 53)
		return -1;
	*out = neg ? -v : v;
	return 0;
}

/* 1 when s[0..len) is one of the words, which end with NULL. */
static int
yaml_reader_is_word(const char *s, size_t len, const char *const *words)
{
	for (; *words != NULL; words++) {
		if (strlen(*words) == len && memcmp(s, *words, len) == 0)
			return 1;
	}
	return 0;
}

/*
 * Make the value of a scalar. Only untagged plain scalars are typed, and
 * tags from the YAML core schema ask for a type explicitly.
 */
static cJSON *
yaml_reader_scalar_value(const char *s, size_t len, int plain,
    const char *tag)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL",
	    NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE",
	    NULL };
	const char	*type = NULL;
	int64_t		 v;

	if (tag != NULL && strncmp(tag, YAML_READER_TAG,
	    strlen(YAML_READER_TAG)) == 0)
		type = tag + strlen(YAML_READER_TAG);
	else if (tag != NULL || !plain)
		type = "str";
	if (type == NULL || strcmp(type, "null") == 0) {
		if (yaml_reader_is_word(s, len, nulls))
			return yaml_reader_check(cJSON_CreateNull());
	}
	if (type == NULL || strcmp(type, "bool") == 0) {
		if (yaml_reader_is_word(s, len, trues))
			return yaml_reader_check(cJSON_CreateTrue());
		if (yaml_reader_is_word(s, len, falses))
			return yaml_reader_check(cJSON_CreateFalse());
	}
	if ((type == NULL || strcmp(type, "int") == 0) &&
	    yaml_reader_parse_int(s, len, &v) == 0)
		return yaml_reader_check(cJSON_CreateNumber((double)v));
	return yaml_reader_check(cJSON_CreateString(s));
}

static struct yaml_reader_frame *
yaml_reader_top(struct yaml_reader *r)
{
	return r->nframes > 0 ? &r->frames[r->nframes - 1] : NULL;
}

/* Count the nodes of a tree and its height in collections. */
static size_t
yaml_reader_count(const cJSON *v, size_t *height)
{
	const cJSON	*c;
	size_t		 n = 1, h;

	*height = 0;
	if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
		return 1;
	cJSON_ArrayForEach(c, v) {
		n += yaml_reader_count(c, &h);
		if (h > *height)
			*height = h;
	}
	(*height)++;
	return n;
}

/*
 * Spend n nodes of the document's copy budget, and check that a copy of
 * height levels placed at the current depth stays within the depth limit.
 */
static int
yaml_reader_spend(struct yaml_reader *r, size_t n, size_t height,
    const yaml_mark_t *mark)
{
	if (n > r->opts.limits.max_alias_nodes - r->copied)
		return yaml_reader_fail(r, mark->line + 1, mark->column + 1,
		    "anchors, aliases and merge keys expand to more than %zu "
		    "nodes in this document; the limit guards against alias "
		    "bombs", r->opts.limits.max_alias_nodes);
	r->copied += n;
	if (r->nframes + height > r->opts.limits.max_depth)
		return yaml_reader_fail(r, mark->line + 1, mark->column + 1,
		    "an alias nests deeper than %zu levels",
		    r->opts.limits.max_depth);
	return 0;
}

/* Keep a copy of an anchored node for later aliases. */
static int
yaml_reader_anchor(struct yaml_reader *r, const char *name, const cJSON *v,
    size_t nodes, size_t height, const yaml_mark_t *mark)
{
	struct yaml_reader_anchor	*a;
	uint64_t			 i;

	if (yaml_reader_spend(r, nodes, 0, mark) == -1)
		return -1;
	if (hmap_get(r->anchor_index, name, strlen(name), &i)) {
		a = &r->anchors[i];
		cJSON_Delete(a->copy);
	} else {
		if (r->nanchors == r->capanchors) {
			r->capanchors = r->capanchors == 0 ? 16 :
			    r->capanchors * 2;
			r->anchors = xreallocarray(r->anchors, r->capanchors,
			    sizeof(*r->anchors));
		}
		hmap_put(r->anchor_index, name, strlen(name), r->nanchors);
		a = &r->anchors[r->nanchors++];
	}
	a->copy = yaml_reader_check(v != NULL ? cJSON_Duplicate(v, 1) :
	    cJSON_CreateNull());
	a->nodes = nodes;
	a->height = height;
	return 0;
}

/* Build "document D[: items[N]] (line L)" in r->path. */
static const char *
yaml_reader_path(struct yaml_reader *r, int item)
{
	strbuf_reset(&r->path);
	if (item)
		strbuf_addf(&r->path, "document %zu: %s[%zu] (line %zu)",
		    r->doc, r->opts.split_key, r->item_index, r->item_line);
	else
		strbuf_addf(&r->path, "document %zu (line %zu)", r->doc,
		    r->doc_line);
	return r->path.buf;
}

/* Hand one record to the callback; frees v. */
static int
yaml_reader_deliver(struct yaml_reader *r, cJSON *v, int item)
{
	struct strbuf	*problem = item ? &r->item_problem : &r->doc_problem;
	const char	*path = yaml_reader_path(r, item);
	char		*err = NULL;
	int		 rc;

	if (problem->len > 0)
		rc = r->fn(r->ctx, path, NULL, problem->buf, &err);
	else
		rc = r->fn(r->ctx, path, v, NULL, &err);
	cJSON_Delete(v);
	strbuf_reset(problem);
	if (rc == 0) {
		free(err);
		return 0;
	}
	r->cb_err = err != NULL ? err : xasprintf("%s: reading stopped at "
	    "%s", r->name, path);
	return -1;
}

/* Take the key of a mapping entry; the key text is not typed. */
static void
yaml_reader_set_key(struct yaml_reader *r, struct yaml_reader_frame *f,
    const char *text, size_t len, int plain, const yaml_mark_t *mark)
{
	f->has_key = 1;
	f->merge = plain && len == 2 && memcmp(text, "<<", 2) == 0;
	if (memchr(text, '\0', len) != NULL) {
		yaml_reader_problem(r, mark->line + 1, mark->column + 1,
		    "key contains a NUL character");
		f->key = xstrdup("");
		return;
	}
	f->key = xstrndup(text, len);
}

/* Add one entry to a mapping, noting a duplicate key in a small one. */
static void
yaml_reader_add_member(struct yaml_reader *r, struct yaml_reader_frame *f,
    cJSON *v)
{
	if (f->members < YAML_READER_LINEAR_KEYS &&
	    json_get(f->node, f->key) != NULL)
		yaml_reader_problem(r, f->line, f->column, "duplicate key "
		    "\"%s\" in the mapping", f->key);
	cJSON_AddItemToObject(f->node, f->key, v);
	f->members++;
}

/* Keep the value of a "<<" key until its mapping ends. */
static void
yaml_reader_add_merge(struct yaml_reader *r, struct yaml_reader_frame *f,
    cJSON *v, const yaml_mark_t *mark)
{
	const cJSON	*c;
	int		 ok = cJSON_IsObject(v);

	if (cJSON_IsArray(v)) {
		ok = 1;
		cJSON_ArrayForEach(c, v)
			ok = ok && cJSON_IsObject(c);
	}
	if (!ok) {
		yaml_reader_problem(r, mark->line + 1, mark->column + 1,
		    "the merge key << needs a mapping or a list of mappings");
		cJSON_Delete(v);
		return;
	}
	if (f->merges == NULL)
		f->merges = yaml_reader_check(cJSON_CreateArray());
	cJSON_AddItemToArray(f->merges, v);
}

/*
 * Place a finished value: as the document root, as a record of the
 * split sequence, or into the open collection. nodes and height describe
 * v (for a parent's anchor); anchor names it for later aliases.
 */
static int
yaml_reader_add(struct yaml_reader *r, cJSON *v, size_t nodes,
    size_t height, const char *anchor, const yaml_mark_t *mark)
{
	struct yaml_reader_frame	*f = yaml_reader_top(r);

	if (anchor != NULL && yaml_reader_anchor(r, anchor, v, nodes, height,
	    mark) == -1) {
		cJSON_Delete(v);
		return -1;
	}
	if (f == NULL) {
		cJSON_Delete(r->root);
		r->root = v;
		return 0;
	}
	f->nodes += nodes;
	if (height > f->height)
		f->height = height;
	if (f->discard) {
		cJSON_Delete(v);
		return 0;
	}
	if (f->split) {
		r->items_chars += r->event_end - r->item_start;
		r->in_item = 0;
		f->members++;
		return yaml_reader_deliver(r, v, 1);
	}
	if (!f->mapping) {
		cJSON_AddItemToArray(f->node, v);
		f->members++;
		return 0;
	}
	if (f->merge)
		yaml_reader_add_merge(r, f, v, mark);
	else
		yaml_reader_add_member(r, f, v);
	free(f->key);
	f->key = NULL;
	f->has_key = f->merge = 0;
	return 0;
}

/* Start a record when a value begins in the split sequence. */
static void
yaml_reader_begin_value(struct yaml_reader *r, const yaml_mark_t *mark)
{
	struct yaml_reader_frame	*f = yaml_reader_top(r);

	if (f == NULL || !f->split || r->in_item)
		return;
	r->in_item = 1;
	r->item_index = f->members;
	r->item_start = mark->index;
	r->item_line = mark->line + 1;
	strbuf_reset(&r->item_problem);
}

/* Take the line of a document's root node as the document's line. */
static void
yaml_reader_begin_root(struct yaml_reader *r, const yaml_mark_t *mark)
{
	if (r->nframes == 0)
		r->doc_line = mark->line + 1;
}

/* 1 when the next value is a mapping key. */
static int
yaml_reader_want_key(struct yaml_reader *r)
{
	struct yaml_reader_frame	*f = yaml_reader_top(r);

	return f != NULL && f->mapping && !f->has_key;
}

static int
yaml_reader_on_scalar(struct yaml_reader *r, const yaml_event_t *ev)
{
	const char	*s = (const char *)ev->data.scalar.value;
	const char	*tag = (const char *)ev->data.scalar.tag;
	const char	*anchor = (const char *)ev->data.scalar.anchor;
	const yaml_mark_t *mark = &ev->start_mark;
	size_t		 len = ev->data.scalar.length;
	int		 plain = ev->data.scalar.style ==
			    YAML_PLAIN_SCALAR_STYLE, rc;
	cJSON		*v;

	if (plain && r->opts.reject_templates && memmem(s, len, "{{", 2))
		return yaml_reader_template(r, mark);
	if (yaml_reader_want_key(r)) {
		yaml_reader_set_key(r, yaml_reader_top(r), s, len, plain, mark);
		if (anchor == NULL)
			return 0;
		v = yaml_reader_check(cJSON_CreateString(
		    yaml_reader_top(r)->key));
		rc = yaml_reader_anchor(r, anchor, v, 1, 0, mark);
		cJSON_Delete(v);
		return rc;
	}
	yaml_reader_begin_value(r, mark);
	yaml_reader_begin_root(r, mark);
	if (len > r->opts.limits.max_string) {
		yaml_reader_problem(r, mark->line + 1, mark->column + 1,
		    "string of %zu bytes is over the limit of %zu bytes", len,
		    r->opts.limits.max_string);
		v = yaml_reader_check(cJSON_CreateNull());
	} else if (memchr(s, '\0', len) != NULL) {
		yaml_reader_problem(r, mark->line + 1, mark->column + 1,
		    "string contains a NUL character");
		v = yaml_reader_check(cJSON_CreateNull());
	} else
		v = yaml_reader_scalar_value(s, len, plain && tag == NULL, tag);
	return yaml_reader_add(r, v, 1, 0, anchor, mark);
}

static int
yaml_reader_on_alias(struct yaml_reader *r, const yaml_event_t *ev)
{
	const char			*name =
					    (const char *)ev->data.alias.anchor;
	const yaml_mark_t		*mark = &ev->start_mark;
	const struct yaml_reader_anchor	*a = NULL;
	uint64_t			 i;
	cJSON				*v;

	if (hmap_get(r->anchor_index, name, strlen(name), &i))
		a = &r->anchors[i];
	if (yaml_reader_want_key(r)) {
		if (a == NULL || !cJSON_IsString(a->copy)) {
			yaml_reader_problem(r, mark->line + 1, mark->column + 1,
			    "alias *%s used as a key is not a string", name);
			yaml_reader_set_key(r, yaml_reader_top(r), "", 0, 0,
			    mark);
		} else
			yaml_reader_set_key(r, yaml_reader_top(r),
			    a->copy->valuestring, strlen(a->copy->valuestring),
			    0, mark);
		return 0;
	}
	yaml_reader_begin_value(r, mark);
	yaml_reader_begin_root(r, mark);
	if (a == NULL) {
		yaml_reader_problem(r, mark->line + 1, mark->column + 1,
		    "alias *%s refers to no anchor before it in this document",
		    name);
		return yaml_reader_add(r, yaml_reader_check(cJSON_CreateNull()),
		    1, 0, NULL, mark);
	}
	if (yaml_reader_spend(r, a->nodes, a->height, mark) == -1)
		return -1;
	v = yaml_reader_check(cJSON_Duplicate(a->copy, 1));
	return yaml_reader_add(r, v, a->nodes, a->height, NULL, mark);
}

/* Open a mapping or a sequence. */
static int
yaml_reader_on_start(struct yaml_reader *r, const yaml_event_t *ev)
{
	struct yaml_reader_frame	*parent = yaml_reader_top(r), *f;
	const yaml_mark_t		*mark = &ev->start_mark;
	const char			*anchor;
	int				 mapping, flow, as_key, split;

	mapping = ev->type == YAML_MAPPING_START_EVENT;
	anchor = (const char *)(mapping ? ev->data.mapping_start.anchor :
	    ev->data.sequence_start.anchor);
	flow = mapping ? ev->data.mapping_start.style ==
	    YAML_FLOW_MAPPING_STYLE : ev->data.sequence_start.style ==
	    YAML_FLOW_SEQUENCE_STYLE;
	if (r->nframes >= r->opts.limits.max_depth)
		return yaml_reader_fail(r, mark->line + 1, mark->column + 1,
		    "nesting deeper than %zu levels",
		    r->opts.limits.max_depth);
	as_key = yaml_reader_want_key(r);
	if (as_key && mapping && flow && r->opts.reject_templates)
		return yaml_reader_template(r, mark);
	if (as_key)
		yaml_reader_problem(r, mark->line + 1, mark->column + 1,
		    "a %s used as a key", mapping ? "mapping" : "sequence");
	split = !mapping && r->nframes == 1 && parent->mapping &&
	    r->opts.split_key != NULL && parent->has_key &&
	    strcmp(parent->key, r->opts.split_key) == 0;
	if (!as_key && !split)
		yaml_reader_begin_value(r, mark);
	yaml_reader_begin_root(r, mark);

	if (r->nframes == r->capframes) {
		r->capframes = r->capframes == 0 ? 16 : r->capframes * 2;
		r->frames = xreallocarray(r->frames, r->capframes,
		    sizeof(*r->frames));
	}
	f = &r->frames[r->nframes++];
	memset(f, 0, sizeof(*f));
	f->mapping = mapping;
	f->discard = as_key;
	f->split = split;
	f->line = mark->line + 1;
	f->column = mark->column + 1;
	f->anchor = anchor != NULL ? xstrdup(anchor) : NULL;
	if (split)
		r->split_seen = 1;
	else if (!as_key)
		f->node = yaml_reader_check(mapping ? cJSON_CreateObject() :
		    cJSON_CreateArray());
	return 0;
}

/* Entries of a mapping and of its merge sources, for sorting. */
struct yaml_reader_entry {
	const char	*key;
	cJSON		*item;
	size_t		 order;
	int		 merged;
};

static int
yaml_reader_entry_cmp(const void *a, const void *b)
{
	const struct yaml_reader_entry	*x = a, *y = b;
	int				 c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Append the members of a mapping (or of a merge source) to a list. */
static void
yaml_reader_entries(cJSON *map, int merged, struct yaml_reader_entry **v,
    size_t *n, size_t *cap)
{
	cJSON	*c;

	cJSON_ArrayForEach(c, map) {
		if (*n == *cap) {
			*cap = *cap == 0 ? 32 : *cap * 2;
			*v = xreallocarray(*v, *cap, sizeof(**v));
		}
		(*v)[*n].key = c->string;
		(*v)[*n].item = c;
		(*v)[*n].order = *n;
		(*v)[*n].merged = merged;
		(*n)++;
	}
}

/*
 * Finish a mapping: find duplicate keys in a large one, and add the
 * members of merge sources that the mapping does not set itself (an
 * earlier source wins over a later one).
 */
static int
yaml_reader_finish_mapping(struct yaml_reader *r, struct yaml_reader_frame *f,
    const yaml_mark_t *mark)
{
	struct yaml_reader_entry	*v = NULL;
	size_t				 n = 0, cap = 0, i, nodes, height;
	cJSON				*c, *e;
	int				 rc = 0;

	if (f->members <= YAML_READER_LINEAR_KEYS && f->merges == NULL)
		return 0;
	yaml_reader_entries(f->node, 0, &v, &n, &cap);
	cJSON_ArrayForEach(c, f->merges) {
		if (cJSON_IsObject(c))
			yaml_reader_entries(c, 1, &v, &n, &cap);
		else
			cJSON_ArrayForEach(e, c)
				yaml_reader_entries(e, 1, &v, &n, &cap);
	}
	qsort(v, n, sizeof(*v), yaml_reader_entry_cmp);
	for (i = 0; i < n && rc == 0; i++) {
		if (i > 0 && strcmp(v[i].key, v[i - 1].key) == 0) {
			if (!v[i].merged && !v[i - 1].merged)
				yaml_reader_problem(r, f->line, f->column,
				    "duplicate key \"%s\" in the mapping",
				    v[i].key);
			continue;
		}
		if (!v[i].merged)
			continue;
		nodes = yaml_reader_count(v[i].item, &height);
		if ((rc = yaml_reader_spend(r, nodes, height, mark)) == -1)
			break;
		cJSON_AddItemToObject(f->node, v[i].key,
		    yaml_reader_check(cJSON_Duplicate(v[i].item, 1)));
		f->nodes += nodes;
		if (height > f->height)
			f->height = height;
	}
	free(v);
	return rc;
}

static void
yaml_reader_frame_free(struct yaml_reader_frame *f)
{
	free(f->key);
	free(f->anchor);
	cJSON_Delete(f->merges);
	cJSON_Delete(f->node);
}

/* Close the innermost mapping or sequence and place it. */
static int
yaml_reader_on_end(struct yaml_reader *r, const yaml_event_t *ev)
{
	struct yaml_reader_frame	 f, *parent;
	cJSON				*node;
	int				 rc;

	if (r->nframes == 0)
		return 0;
	f = r->frames[--r->nframes];
	if (f.mapping && !f.discard &&
	    yaml_reader_finish_mapping(r, &f, &ev->start_mark) == -1) {
		yaml_reader_frame_free(&f);
		return -1;
	}
	parent = yaml_reader_top(r);
	if (f.split) {
		/* The split sequence is not kept in the document. */
		free(parent->key);
		parent->key = NULL;
		parent->has_key = 0;
		yaml_reader_frame_free(&f);
		return 0;
	}
	if (f.discard) {
		/* A collection used as a key: its entry is dropped. */
		yaml_reader_set_key(r, parent, "", 0, 0, &ev->start_mark);
		yaml_reader_frame_free(&f);
		return 0;
	}
	node = f.node;
	f.node = NULL;
	rc = yaml_reader_add(r, node, f.nodes + 1, f.height + 1, f.anchor,
	    &ev->start_mark);
	yaml_reader_frame_free(&f);
	return rc;
}

/* Drop the anchors of the document that ended. */
static void
yaml_reader_reset_document(struct yaml_reader *r)
{
	size_t	 i;

	for (i = 0; i < r->nanchors; i++)
		cJSON_Delete(r->anchors[i].copy);
	r->nanchors = 0;
	hmap_free(r->anchor_index);
	r->anchor_index = hmap_create(16);
	cJSON_Delete(r->root);
	r->root = NULL;
	r->copied = 0;
	r->split_seen = 0;
	r->items_chars = 0;
	r->in_item = 0;
	strbuf_reset(&r->doc_problem);
	strbuf_reset(&r->item_problem);
}

/* Hand the finished document to the callback unless it was split. */
static int
yaml_reader_on_document_end(struct yaml_reader *r)
{
	cJSON	*root = r->root;
	int	 rc = 0;

	r->root = NULL;
	if (r->split_seen) {
		/* Only a problem of the List around the items is told. */
		if (r->doc_problem.len > 0)
			rc = yaml_reader_deliver(r, NULL, 0);
		cJSON_Delete(root);
	} else if (root != NULL && (!cJSON_IsNull(root) ||
	    r->doc_problem.len > 0))
		rc = yaml_reader_deliver(r, root, 0);
	else
		cJSON_Delete(root);
	yaml_reader_reset_document(r);
	return rc;
}

/* Reject a record whose source grew past the record size limit. */
static int
yaml_reader_check_size(struct yaml_reader *r, const yaml_event_t *ev)
{
	size_t	 size, line;

	r->event_end = ev->end_mark.index;
	if (ev->type == YAML_STREAM_START_EVENT ||
	    ev->type == YAML_STREAM_END_EVENT ||
	    ev->type == YAML_DOCUMENT_START_EVENT ||
	    ev->type == YAML_DOCUMENT_END_EVENT)
		return 0;
	if (r->in_item) {
		size = r->event_end - r->item_start;
		line = r->item_line;
	} else {
		size = r->event_end - r->doc_start - r->items_chars;
		line = r->doc_line;
	}
	if (size <= r->opts.limits.max_record)
		return 0;
	return yaml_reader_fail(r, line, 1, "record of more than %zu "
	    "characters is over the limit", r->opts.limits.max_record);
}

static int
yaml_reader_on_event(struct yaml_reader *r, const yaml_event_t *ev)
{
	if (yaml_reader_check_size(r, ev) == -1)
		return -1;
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		r->doc++;
		r->doc_start = ev->start_mark.index;
		r->doc_line = ev->start_mark.line + 1;
		return 0;
	case YAML_DOCUMENT_END_EVENT:
		return yaml_reader_on_document_end(r);
	case YAML_SCALAR_EVENT:
		return yaml_reader_on_scalar(r, ev);
	case YAML_ALIAS_EVENT:
		return yaml_reader_on_alias(r, ev);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return yaml_reader_on_start(r, ev);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return yaml_reader_on_end(r, ev);
	default:
		return 0;
	}
}

static void
yaml_reader_free(struct yaml_reader *r)
{
	while (r->nframes > 0)
		yaml_reader_frame_free(&r->frames[--r->nframes]);
	free(r->frames);
	yaml_reader_reset_document(r);
	hmap_free(r->anchor_index);
	free(r->anchors);
	cJSON_Delete(r->root);
	strbuf_free(&r->doc_problem);
	strbuf_free(&r->item_problem);
	strbuf_free(&r->path);
	yaml_parser_delete(&r->parser);
	free(r->err);
	free(r->cb_err);
}

/* Fill in the limits left 0 with their defaults. */
static void
yaml_reader_limits(struct yaml_reader_limits *l)
{
	if (l->max_depth == 0)
		l->max_depth = YAML_READER_MAX_DEPTH;
	if (l->max_string == 0)
		l->max_string = YAML_READER_MAX_STRING;
	if (l->max_record == 0)
		l->max_record = YAML_READER_MAX_RECORD;
	if (l->max_alias_nodes == 0)
		l->max_alias_nodes = YAML_READER_MAX_ALIAS_NODES;
}

int
yaml_reader_stream(const char *buf, size_t len, const char *name,
    const struct yaml_reader_options *opts, yaml_reader_fn fn, void *ctx,
    char **errp)
{
	struct yaml_reader	 r;
	yaml_event_t		 ev;
	int			 rc = 0, done = 0;

	memset(&r, 0, sizeof(r));
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	r.buf = buf;
	r.len = len;
	r.name = name;
	if (opts != NULL)
		r.opts = *opts;
	yaml_reader_limits(&r.opts.limits);
	r.fn = fn;
	r.ctx = ctx;
	r.anchor_index = hmap_create(16);
	if (!yaml_parser_initialize(&r.parser))
		xalloc_fatal("out of memory starting the YAML parser");
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)buf,
	    len);
	yaml_parser_set_encoding(&r.parser, YAML_UTF8_ENCODING);

	while (!done && rc == 0) {
		if (!yaml_parser_parse(&r.parser, &ev)) {
			rc = yaml_reader_parse_error(&r);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = yaml_reader_on_event(&r, &ev);
		yaml_event_delete(&ev);
	}

	if (rc == -1 && r.cb_err != NULL) {
		*errp = r.cb_err;
		r.cb_err = NULL;
	} else if (rc == -1)
		*errp = xasprintf("%s: %s", name, r.err != NULL ? r.err :
		    "invalid YAML");
	if (rc == -1 && r.template)
		rc = YAML_READER_TEMPLATE;
	yaml_reader_free(&r);
	return rc;
}
