/*
 * JSON Lines export for jq and log tools: one object per line, first the
 * nodes ("type": "node", the members "ls --format json" documents plus
 * "attributes" and "annotations"), then the edges ("type": "edge").
 */
#include <stdio.h>
#include <string.h>

#include "annot.h"
#include "annotate.h"
#include "cmd.h"
#include "export.h"
#include "jsonw.h"
#include "lifecycle.h"
#include "model.h"
#include "strbuf.h"
#include "tstamp.h"

static int
jsonl_node(struct export_ctx *x, struct strbuf *sb, size_t v, char **errp)
{
	struct export_attrs	 attrs;
	struct jsonw		 w;
	char			 state[96];
	size_t			 i;

	if (export_node_attrs(x, v, &attrs, errp) == -1)
		return -1;
	jsonw_init(&w, sb, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "type");
	jsonw_str(&w, "node");
	cmd_node_json_fields(&w, x->m, v);
	if (x->m->kind[v] == KIND_NODE_CREDENTIAL) {
		jsonw_key(&w, "state");
		jsonw_str(&w, lifecycle_words(lifecycle_state(&x->m->life[v],
		    x->now), state, sizeof(state)));
	}
	jsonw_key(&w, "attributes");
	jsonw_object_begin(&w);
	for (i = 0; i < attrs.n; i++) {
		jsonw_key(&w, attrs.v[i].name);
		export_json_value(&w, &attrs.v[i]);
	}
	jsonw_object_end(&w);
	annotate_json(&w, export_annot(x, v), x->now);
	jsonw_object_end(&w);
	strbuf_addch(sb, '\n');
	export_attrs_free(&attrs);
	x->nodes_written++;
	return 0;
}

static void
jsonl_edge(struct export_ctx *x, struct strbuf *sb, size_t e)
{
	const struct model	*m = x->m;
	struct jsonw		 w;

	jsonw_init(&w, sb, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "type");
	jsonw_str(&w, "edge");
	jsonw_key(&w, "src");
	jsonw_str(&w, m->key[m->esrc[e]]);
	jsonw_key(&w, "dst");
	jsonw_str(&w, m->key[m->edst[e]]);
	jsonw_key(&w, "kind");
	jsonw_str(&w, kind_edge_name(m->ekind[e]));
	jsonw_key(&w, "source_kind");
	jsonw_str(&w, model_label(m, m->eraw[e]));
	jsonw_key(&w, "traversable");
	jsonw_bool(&w, !(m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE));
	jsonw_key(&w, "conditional");
	jsonw_bool(&w, (m->eflags[e] & RECORD_EDGE_CONDITIONAL) != 0);
	jsonw_object_end(&w);
	strbuf_addch(sb, '\n');
	x->edges_written++;
}

static int
jsonl_write(struct export_ctx *x, char **errp)
{
	struct strbuf	 sb;
	size_t		 v, e;
	int		 rc = 0;

	strbuf_init(&sb);
	for (v = 0; v < x->m->nnodes && rc == 0; v++) {
		if (x->selected[v])
			rc = jsonl_node(x, &sb, v, errp);
		if (sb.len > 65536) {
			fwrite(sb.buf, 1, sb.len, x->out);
			strbuf_reset(&sb);
		}
	}
	for (e = 0; e < x->m->nedges && rc == 0; e++) {
		if (export_edge_selected(x, e))
			jsonl_edge(x, &sb, e);
		if (sb.len > 65536) {
			fwrite(sb.buf, 1, sb.len, x->out);
			strbuf_reset(&sb);
		}
	}
	if (rc == 0)
		fwrite(sb.buf, 1, sb.len, x->out);
	strbuf_free(&sb);
	return rc;
}

const struct exporter export_jsonl = {
	.name = "jsonl",
	.summary = "JSON Lines: one node or edge per line, for jq",
	.write = jsonl_write,
};
