/*
 * GraphML export, for Gephi and other graph tools: one <node> per node
 * (id = trustwalk key) and one directed <edge> per edge, with the fields
 * and annotations as typed <data> values declared by <key> elements.
 * Text passes through the sanitiser, which leaves only printable
 * characters XML 1.0 allows, and then through XML escaping.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annot.h"
#include "export.h"
#include "lifecycle.h"
#include "model.h"
#include "sanitize.h"
#include "strbuf.h"
#include "tstamp.h"

/* The node and edge attributes declared in the header. */
static const struct {
	const char	*id;
	const char	*domain;	/* "node" or "edge" */
	const char	*type;
} graphml_keys[] = {
	{ "label", "node", "string" },
	{ "kind", "node", "string" },
	{ "kinds", "node", "string" },
	{ "source", "node", "string" },
	{ "placeholder", "node", "boolean" },
	{ "environment", "node", "string" },
	{ "owner", "node", "string" },
	{ "credential_type", "node", "string" },
	{ "created_at", "node", "string" },
	{ "last_used_at", "node", "string" },
	{ "last_rotated_at", "node", "string" },
	{ "expires_at", "node", "string" },
	{ "disabled", "node", "string" },
	{ "state", "node", "string" },
	{ "tags", "node", "string" },
	{ "review", "node", "string" },
	{ "review_reason", "node", "string" },
	{ "review_until", "node", "string" },
	{ "notes", "node", "string" },
	{ "edge_kind", "edge", "string" },
	{ "source_kind", "edge", "string" },
	{ "traversable", "edge", "boolean" },
	{ "conditional", "edge", "boolean" },
};

/* Append untrusted text, sanitised and escaped for XML. */
static void
graphml_text(struct strbuf *sb, const char *text)
{
	struct strbuf	 safe;
	const char	*p;

	strbuf_init(&safe);
	sanitize_appendstr(&safe, text, 0, 0, NULL);
	for (p = safe.buf != NULL ? safe.buf : ""; *p != '\0'; p++) {
		switch (*p) {
		case '&':
			strbuf_addstr(sb, "&amp;");
			break;
		case '<':
			strbuf_addstr(sb, "&lt;");
			break;
		case '>':
			strbuf_addstr(sb, "&gt;");
			break;
		case '"':
			strbuf_addstr(sb, "&quot;");
			break;
		default:
			strbuf_addch(sb, *p);
		}
	}
	strbuf_free(&safe);
}

/* Append <data key="k">text</data> when text is not NULL or empty. */
static void
graphml_data(struct strbuf *sb, const char *key, const char *text)
{
	if (text == NULL || *text == '\0')
		return;
	strbuf_addf(sb, "      <data key=\"%s\">", key);
	graphml_text(sb, text);
	strbuf_addstr(sb, "</data>\n");
}

static void
graphml_header(struct strbuf *sb)
{
	size_t	 i;

	strbuf_addstr(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
	    "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
	    "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
	    "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
	for (i = 0; i < sizeof(graphml_keys) / sizeof(graphml_keys[0]); i++)
		strbuf_addf(sb, "  <key id=\"%s\" for=\"%s\" attr.name=\"%s\" "
		    "attr.type=\"%s\"/>\n", graphml_keys[i].id,
		    graphml_keys[i].domain, graphml_keys[i].id,
		    graphml_keys[i].type);
	strbuf_addstr(sb, "  <graph id=\"trustwalk\" "
	    "edgedefault=\"directed\">\n");
}

static void
graphml_annot(struct strbuf *sb, const struct annot_entry *e, int64_t now)
{
	struct strbuf	 text;
	char		 t[TSTAMP_BUFSZ];
	size_t		 i;

	if (e == NULL)
		return;
	strbuf_init(&text);
	for (i = 0; i < e->ntags; i++)
		strbuf_addf(&text, "%s%s", i > 0 ? "," : "", e->tags[i]);
	graphml_data(sb, "tags", text.buf);
	if (e->review != ANNOT_REVIEW_NONE) {
		graphml_data(sb, "review", annot_review_lapsed(e, now) ?
		    "accepted_risk (lapsed)" : annot_review_name(e->review));
		graphml_data(sb, "review_reason", e->reason);
		graphml_data(sb, "review_until", export_time(e->until, t));
	}
	strbuf_reset(&text);
	for (i = 0; i < e->nnotes; i++)
		strbuf_addf(&text, "%s%s %s: %s", i > 0 ? "\n" : "",
		    tstamp_format(e->notes[i].at, t), e->notes[i].author,
		    e->notes[i].text);
	graphml_data(sb, "notes", text.buf);
	strbuf_free(&text);
}

static void
graphml_node(struct export_ctx *x, struct strbuf *sb, size_t v)
{
	const struct model		*m = x->m;
	const struct record_lifecycle	*life = &m->life[v];
	char				 t[TSTAMP_BUFSZ], state[96];

	strbuf_addstr(sb, "    <node id=\"");
	graphml_text(sb, m->key[v]);
	strbuf_addstr(sb, "\">\n");
	graphml_data(sb, "label", m->name[v]);
	graphml_data(sb, "kind", kind_node_name(m->kind[v]));
	graphml_data(sb, "kinds", model_label(m, m->kinds[v]));
	graphml_data(sb, "source", model_label(m, m->source[v]));
	if (m->nflags[v] & MODEL_NODE_MISSING)
		graphml_data(sb, "placeholder", "true");
	graphml_data(sb, "environment", model_label(m, m->environment[v]));
	graphml_data(sb, "owner", model_label(m, m->owner[v]));
	graphml_data(sb, "credential_type",
	    model_label(m, m->credential_type[v]));
	graphml_data(sb, "created_at", export_time(life->created_at, t));
	graphml_data(sb, "last_used_at", export_time(life->last_used_at, t));
	graphml_data(sb, "last_rotated_at",
	    export_time(life->last_rotated_at, t));
	graphml_data(sb, "expires_at", export_time(life->expires_at, t));
	if (life->disabled != -1)
		graphml_data(sb, "disabled", life->disabled ? "true" : "false");
	if (m->kind[v] == KIND_NODE_CREDENTIAL)
		graphml_data(sb, "state", lifecycle_words(
		    lifecycle_state(life, x->now), state, sizeof(state)));
	graphml_annot(sb, export_annot(x, v), x->now);
	strbuf_addstr(sb, "    </node>\n");
	x->nodes_written++;
}

static void
graphml_edge(struct export_ctx *x, struct strbuf *sb, size_t e)
{
	const struct model	*m = x->m;

	strbuf_addf(sb, "    <edge id=\"e%zu\" source=\"", e);
	graphml_text(sb, m->key[m->esrc[e]]);
	strbuf_addstr(sb, "\" target=\"");
	graphml_text(sb, m->key[m->edst[e]]);
	strbuf_addstr(sb, "\">\n");
	graphml_data(sb, "edge_kind", kind_edge_name(m->ekind[e]));
	graphml_data(sb, "source_kind", model_label(m, m->eraw[e]));
	graphml_data(sb, "traversable",
	    (m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE) ? "false" : "true");
	graphml_data(sb, "conditional",
	    (m->eflags[e] & RECORD_EDGE_CONDITIONAL) ? "true" : "false");
	strbuf_addstr(sb, "    </edge>\n");
	x->edges_written++;
}

static int
graphml_write(struct export_ctx *x, char **errp)
{
	struct strbuf	 sb;
	size_t		 v, e;

	(void)errp;
	strbuf_init(&sb);
	graphml_header(&sb);
	for (v = 0; v < x->m->nnodes; v++) {
		if (!x->selected[v])
			continue;
		graphml_node(x, &sb, v);
		if (sb.len > 65536) {
			fwrite(sb.buf, 1, sb.len, x->out);
			strbuf_reset(&sb);
		}
	}
	for (e = 0; e < x->m->nedges; e++) {
		if (!export_edge_selected(x, e))
			continue;
		graphml_edge(x, &sb, e);
		if (sb.len > 65536) {
			fwrite(sb.buf, 1, sb.len, x->out);
			strbuf_reset(&sb);
		}
	}
	strbuf_addstr(&sb, "  </graph>\n</graphml>\n");
	fwrite(sb.buf, 1, sb.len, x->out);
	strbuf_free(&sb);
	return 0;
}

const struct exporter export_graphml = {
	.name = "graphml",
	.summary = "GraphML for Gephi, yEd and graph libraries",
	.write = graphml_write,
};
