/*
 * BloodHound OpenGraph JSON export. metadata.source_kind is "trustwalk",
 * node ids are full trustwalk keys and edges name their ends by id.
 * importers/opengraph.c reads ids as keys for this source kind, so
 * importing the file again gives the same graph, and BloodHound can
 * ingest it as one more collector's data.
 *
 * Properties are the node's attributes as its sources gave them, plus
 * what trustwalk knows under the names the importer reads (name,
 * created_at, last_used_at, last_rotated_at, expires_at, disabled,
 * environment, owner, credential_type) when the attributes lack them.
 * trustwalk_derived lists the names added that way, so an import can
 * drop them again. trustwalk_kind keeps the trustwalk kind, and
 * trustwalk_kinds the source kinds when they do not fit the three
 * "kinds" OpenGraph allows. Annotations travel as trustwalk_tags,
 * trustwalk_review, trustwalk_review_reason, trustwalk_review_until and
 * trustwalk_notes. Attributes whose value is null are left out, and so
 * are placeholders, which come back as placeholders when the edges that
 * name them are imported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annot.h"
#include "export.h"
#include "jsonw.h"
#include "model.h"
#include "store.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

#define OG_EXPORT_MAX_KINDS	3
#define OG_EXPORT_FLUSH		65536

/* The property names one node or edge has written so far. */
struct og_export_names {
	const char	**added;	/* derived names */
	size_t		  nadded;
};

static void
og_export_flush(struct export_ctx *x, struct strbuf *sb, int force)
{
	if (sb->len > OG_EXPORT_FLUSH || (force && sb->len > 0)) {
		fwrite(sb->buf, 1, sb->len, x->out);
		strbuf_reset(sb);
	}
}

/* Write a string property that trustwalk derives, unless attrs has it. */
static void
og_export_derived(struct jsonw *w, const struct export_attrs *attrs,
    struct og_export_names *names, const char *name, const char *value)
{
	if (value == NULL || export_attrs_find(attrs, name) != NULL)
		return;
	jsonw_key(w, name);
	jsonw_str(w, value);
	names->added = xreallocarray(names->added, names->nadded + 1,
	    sizeof(*names->added));
	names->added[names->nadded++] = name;
}

/* Write the kinds: at most three, and the full list when that cut some. */
static void
og_export_kinds(struct jsonw *w, const char *joined, const char *kind,
    int *all_written)
{
	const char	*p, *comma;
	char		 fallback[48];
	int		 n = 0;

	*all_written = 1;
	jsonw_key(w, "kinds");
	jsonw_array_begin(w);
	for (p = joined; *p != '\0'; p = *comma != '\0' ? comma + 1 : comma) {
		comma = strchr(p, ',');
		if (comma == NULL)
			comma = p + strlen(p);
		if (n++ == OG_EXPORT_MAX_KINDS) {
			*all_written = 0;
			break;
		}
		jsonw_strn(w, p, (size_t)(comma - p));
	}
	if (n == 0) {
		snprintf(fallback, sizeof(fallback), "TW_%s", kind);
		jsonw_str(w, fallback);
		*all_written = 0;
	}
	jsonw_array_end(w);
}

/* Write the source kinds as a list property. */
static void
og_export_kind_list(struct jsonw *w, const char *joined)
{
	const char	*p, *comma;

	jsonw_key(w, "trustwalk_kinds");
	jsonw_array_begin(w);
	for (p = joined; *p != '\0'; p = *comma != '\0' ? comma + 1 : comma) {
		comma = strchr(p, ',');
		if (comma == NULL)
			comma = p + strlen(p);
		jsonw_strn(w, p, (size_t)(comma - p));
	}
	jsonw_array_end(w);
}

/* Write the attributes, except nulls and names trustwalk reserves. */
static void
og_export_attrs(struct jsonw *w, const struct export_attrs *attrs)
{
	size_t	 i;

	for (i = 0; i < attrs->n; i++) {
		if (attrs->v[i].value == NULL ||
		    strncmp(attrs->v[i].name, "trustwalk_", 10) == 0)
			continue;
		jsonw_key(w, attrs->v[i].name);
		export_json_value(w, &attrs->v[i]);
	}
}

/* Write the lifecycle fields the attributes lack. */
static void
og_export_life(struct jsonw *w, const struct model *m, size_t v,
    const struct export_attrs *attrs, struct og_export_names *names)
{
	const struct record_lifecycle	*life = &m->life[v];
	char				 t[TSTAMP_BUFSZ];

	og_export_derived(w, attrs, names, "created_at",
	    export_time(life->created_at, t));
	og_export_derived(w, attrs, names, "last_used_at",
	    export_time(life->last_used_at, t));
	og_export_derived(w, attrs, names, "last_rotated_at",
	    export_time(life->last_rotated_at, t));
	og_export_derived(w, attrs, names, "expires_at",
	    export_time(life->expires_at, t));
	if (life->disabled != -1 &&
	    export_attrs_find(attrs, "enabled") == NULL &&
	    export_attrs_find(attrs, "disabled") == NULL) {
		jsonw_key(w, "disabled");
		jsonw_bool(w, life->disabled);
		names->added = xreallocarray(names->added, names->nadded + 1,
		    sizeof(*names->added));
		names->added[names->nadded++] = "disabled";
	}
	og_export_derived(w, attrs, names, "environment", m->environment[v] ?
	    model_label(m, m->environment[v]) : NULL);
	og_export_derived(w, attrs, names, "owner", m->owner[v] ?
	    model_label(m, m->owner[v]) : NULL);
	og_export_derived(w, attrs, names, "credential_type",
	    m->credential_type[v] ? model_label(m, m->credential_type[v]) :
	    NULL);
}

/* Write the annotations of a node as trustwalk_* properties. */
static void
og_export_annot(struct jsonw *w, const struct annot_entry *e)
{
	struct strbuf	 note;
	char		 t[TSTAMP_BUFSZ];
	size_t		 i;

	if (e == NULL)
		return;
	if (e->ntags > 0) {
		jsonw_key(w, "trustwalk_tags");
		jsonw_array_begin(w);
		for (i = 0; i < e->ntags; i++)
			jsonw_str(w, e->tags[i]);
		jsonw_array_end(w);
	}
	if (e->review != ANNOT_REVIEW_NONE) {
		jsonw_key(w, "trustwalk_review");
		jsonw_str(w, annot_review_name(e->review));
		jsonw_key(w, "trustwalk_review_reason");
		jsonw_str(w, e->reason);
		jsonw_key(w, "trustwalk_review_until");
		jsonw_str(w, export_time(e->until, t));
	}
	if (e->nnotes == 0)
		return;
	strbuf_init(&note);
	jsonw_key(w, "trustwalk_notes");
	jsonw_array_begin(w);
	for (i = 0; i < e->nnotes; i++) {
		strbuf_reset(&note);
		strbuf_addf(&note, "%s %s: %s",
		    tstamp_format(e->notes[i].at, t), e->notes[i].author,
		    e->notes[i].text);
		jsonw_str(w, note.buf);
	}
	jsonw_array_end(w);
	strbuf_free(&note);
}

static void
og_export_derived_list(struct jsonw *w, const struct og_export_names *names)
{
	size_t	 i;

	if (names->nadded == 0)
		return;
	jsonw_key(w, "trustwalk_derived");
	jsonw_array_begin(w);
	for (i = 0; i < names->nadded; i++)
		jsonw_str(w, names->added[i]);
	jsonw_array_end(w);
}

static int
og_export_node(struct export_ctx *x, struct jsonw *w, size_t v, char **errp)
{
	const struct model	*m = x->m;
	struct export_attrs	 attrs;
	struct og_export_names	 names;
	const char		*kinds = model_label(m, m->kinds[v]);
	int			 all_kinds;

	if (export_node_attrs(x, v, &attrs, errp) == -1)
		return -1;
	memset(&names, 0, sizeof(names));
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_str(w, m->key[v]);
	og_export_kinds(w, kinds, kind_node_name(m->kind[v]), &all_kinds);
	jsonw_key(w, "properties");
	jsonw_object_begin(w);
	og_export_derived(w, &attrs, &names, "name", m->name[v]);
	og_export_attrs(w, &attrs);
	og_export_life(w, m, v, &attrs, &names);
	jsonw_key(w, "trustwalk_kind");
	jsonw_str(w, kind_node_name(m->kind[v]));
	if (!all_kinds)
		og_export_kind_list(w, kinds);
	og_export_annot(w, export_annot(x, v));
	og_export_derived_list(w, &names);
	jsonw_object_end(w);
	jsonw_object_end(w);
	free(names.added);
	export_attrs_free(&attrs);
	x->nodes_written++;
	return 0;
}

static void
og_export_endpoint(struct jsonw *w, const char *name, const char *key)
{
	jsonw_key(w, name);
	jsonw_object_begin(w);
	jsonw_key(w, "value");
	jsonw_str(w, key);
	jsonw_key(w, "match_by");
	jsonw_str(w, "id");
	jsonw_object_end(w);
}

static int
og_export_edge(struct export_ctx *x, struct jsonw *w, size_t e, char **errp)
{
	const struct model	*m = x->m;
	struct export_attrs	 attrs;
	struct og_export_names	 names;
	char			*conditions = NULL, *attrs_text = NULL;

	if (export_edge_attrs(x, m->eid[e], &attrs, errp) == -1 ||
	    store_edge_detail(x->store, m->eid[e], &conditions, &attrs_text,
	    errp) == -1) {
		export_attrs_free(&attrs);
		return -1;
	}
	memset(&names, 0, sizeof(names));
	jsonw_object_begin(w);
	jsonw_key(w, "kind");
	jsonw_str(w, model_label(m, m->eraw[e]));
	og_export_endpoint(w, "start", m->key[m->esrc[e]]);
	og_export_endpoint(w, "end", m->key[m->edst[e]]);
	jsonw_key(w, "properties");
	jsonw_object_begin(w);
	og_export_attrs(w, &attrs);
	if ((m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE) &&
	    export_attrs_find(&attrs, "traversable") == NULL) {
		jsonw_key(w, "traversable");
		jsonw_bool(w, 0);
		names.added = xreallocarray(names.added, 1,
		    sizeof(*names.added));
		names.added[names.nadded++] = "traversable";
	}
	jsonw_key(w, "trustwalk_kind");
	jsonw_str(w, kind_edge_name(m->ekind[e]));
	if (m->eflags[e] & RECORD_EDGE_CONDITIONAL) {
		jsonw_key(w, "trustwalk_conditional");
		jsonw_bool(w, 1);
	}
	if (conditions != NULL) {
		jsonw_key(w, "trustwalk_conditions");
		jsonw_str(w, conditions);
	}
	og_export_derived_list(w, &names);
	jsonw_object_end(w);
	jsonw_object_end(w);
	free(names.added);
	free(conditions);
	free(attrs_text);
	export_attrs_free(&attrs);
	x->edges_written++;
	return 0;
}

static int
og_export_write(struct export_ctx *x, char **errp)
{
	const struct model	*m = x->m;
	struct strbuf		 sb;
	struct jsonw		 w;
	size_t			 v, e;
	int			 rc = -1, first = 1;

	strbuf_init(&sb);
	strbuf_addstr(&sb, "{\"metadata\": {\"source_kind\": \"trustwalk\"},\n"
	    " \"graph\": {\"nodes\": [\n");
	for (v = 0; v < m->nnodes; v++) {
		if (!x->selected[v] || (m->nflags[v] & MODEL_NODE_MISSING))
			continue;
		strbuf_addstr(&sb, first ? "  " : ",\n  ");
		first = 0;
		jsonw_init(&w, &sb, 0);
		if (og_export_node(x, &w, v, errp) == -1)
			goto out;
		og_export_flush(x, &sb, 0);
	}
	strbuf_addstr(&sb, "\n ], \"edges\": [\n");
	first = 1;
	for (e = 0; e < m->nedges; e++) {
		if (!export_edge_selected(x, e))
			continue;
		strbuf_addstr(&sb, first ? "  " : ",\n  ");
		first = 0;
		jsonw_init(&w, &sb, 0);
		if (og_export_edge(x, &w, e, errp) == -1)
			goto out;
		og_export_flush(x, &sb, 0);
	}
	strbuf_addstr(&sb, "\n ]}}\n");
	og_export_flush(x, &sb, 1);
	rc = 0;
out:
	strbuf_free(&sb);
	return rc;
}

const struct exporter export_opengraph = {
	.name = "opengraph",
	.summary = "BloodHound OpenGraph JSON; trustwalk imports it again",
	.write = og_export_write,
};
