/*
 * Graphviz DOT export: a digraph with one node per trustwalk key,
 * labelled with name and kind (and the review state or tags when the
 * analyst set them), coloured by kind, and one edge per edge labelled
 * with its source kind. Edges reach never follows are dashed, and
 * conditional ones dotted. Text is sanitised first, then quoted for DOT
 * (backslash and double quote escaped), so data cannot end a string or
 * start one of Graphviz's label escapes.
 */
#include <stdio.h>
#include <string.h>

#include "annot.h"
#include "export.h"
#include "model.h"
#include "sanitize.h"
#include "strbuf.h"

/* A fill colour for each node kind, in kind.h order. */
static const char *const dot_colours[KIND_NODE_COUNT] = {
	"#f4cccc", "#fce5cd", "#fff2cc", "#d9ead3", "#d0e0e3", "#ea9999",
	"#cfe2f3", "#d9d2e9", "#ead1dc", "#eeeeee", "#b6d7a8", "#ffffff"
};

/* Append untrusted text as the inside of a DOT quoted string. */
static void
dot_text(struct strbuf *sb, const char *text)
{
	struct strbuf	 safe;
	const char	*p;

	strbuf_init(&safe);
	sanitize_appendstr(&safe, text, 0, 0, NULL);
	for (p = safe.buf != NULL ? safe.buf : ""; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *p);
	}
	strbuf_free(&safe);
}

static void
dot_node(struct export_ctx *x, struct strbuf *sb, size_t v)
{
	const struct model		*m = x->m;
	const struct annot_entry	*e = export_annot(x, v);
	struct strbuf			 extra;
	size_t				 i;

	strbuf_addstr(sb, "  \"");
	dot_text(sb, m->key[v]);
	strbuf_addstr(sb, "\" [label=\"");
	dot_text(sb, m->name[v]);
	strbuf_addf(sb, "\\n%s", kind_node_name(m->kind[v]));
	strbuf_init(&extra);
	if (e != NULL && e->review != ANNOT_REVIEW_NONE)
		strbuf_addstr(&extra, annot_review_lapsed(e, x->now) ?
		    "accepted_risk (lapsed)" : annot_review_name(e->review));
	for (i = 0; e != NULL && i < e->ntags; i++)
		strbuf_addf(&extra, "%s#%s", extra.len > 0 ? " " : "",
		    e->tags[i]);
	if (extra.len > 0) {
		strbuf_addstr(sb, "\\n");
		dot_text(sb, extra.buf);
	}
	strbuf_free(&extra);
	strbuf_addf(sb, "\", fillcolor=\"%s\"", dot_colours[m->kind[v]]);
	if (m->nflags[v] & MODEL_NODE_MISSING)
		strbuf_addstr(sb, ", style=\"filled,rounded,dashed\"");
	if (e != NULL && e->review == ANNOT_REVIEW_TO_REVOKE)
		strbuf_addstr(sb, ", color=\"#cc0000\", penwidth=2");
	strbuf_addstr(sb, "];\n");
	x->nodes_written++;
}

static void
dot_edge(struct export_ctx *x, struct strbuf *sb, size_t e)
{
	const struct model	*m = x->m;

	strbuf_addstr(sb, "  \"");
	dot_text(sb, m->key[m->esrc[e]]);
	strbuf_addstr(sb, "\" -> \"");
	dot_text(sb, m->key[m->edst[e]]);
	strbuf_addstr(sb, "\" [label=\"");
	dot_text(sb, model_label(m, m->eraw[e]));
	strbuf_addch(sb, '"');
	if (m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE)
		strbuf_addstr(sb, ", style=\"dashed\", color=\"#999999\"");
	else if (m->eflags[e] & RECORD_EDGE_CONDITIONAL)
		strbuf_addstr(sb, ", style=\"dotted\"");
	strbuf_addstr(sb, "];\n");
	x->edges_written++;
}

static int
dot_write(struct export_ctx *x, char **errp)
{
	struct strbuf	 sb;
	size_t		 v, e;

	(void)errp;
	strbuf_init(&sb);
	strbuf_addstr(&sb, "digraph trustwalk {\n"
	    "  graph [rankdir=\"LR\", fontname=\"Helvetica\"];\n"
	    "  node [shape=\"box\", style=\"filled,rounded\", "
	    "fontname=\"Helvetica\", fontsize=10];\n"
	    "  edge [fontname=\"Helvetica\", fontsize=8];\n");
	for (v = 0; v < x->m->nnodes; v++) {
		if (x->selected[v])
			dot_node(x, &sb, v);
	}
	for (e = 0; e < x->m->nedges; e++) {
		if (export_edge_selected(x, e))
			dot_edge(x, &sb, e);
		if (sb.len > 65536) {
			fwrite(sb.buf, 1, sb.len, x->out);
			strbuf_reset(&sb);
		}
	}
	strbuf_addstr(&sb, "}\n");
	fwrite(sb.buf, 1, sb.len, x->out);
	strbuf_free(&sb);
	return 0;
}

const struct exporter export_dot = {
	.name = "dot",
	.summary = "Graphviz DOT; render with dot -Tsvg",
	.write = dot_write,
};
