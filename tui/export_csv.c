/*
 * CSV export for spreadsheets: the node table (one row per node, with
 * lifecycle, the credential state at --now and the annotations) or, with
 * --table edges, the edge table. Rows go through output_csv_row(), which
 * sanitises cells and prefixes those starting with '=', '+', '-', '@',
 * tab or CR with a quote so that spreadsheets do not run them.
 */
#include <stdio.h>
#include <string.h>

#include "annot.h"
#include "export.h"
#include "lifecycle.h"
#include "model.h"
#include "output.h"
#include "strbuf.h"
#include "tstamp.h"

#define CSV_NODE_COLUMNS	19
#define CSV_EDGE_COLUMNS	10

static const char *const csv_node_head[CSV_NODE_COLUMNS] = {
	"key", "kind", "name", "source", "kinds", "placeholder",
	"environment", "owner", "credential_type", "created_at",
	"last_used_at", "last_rotated_at", "expires_at", "disabled", "state",
	"tags", "review", "review_reason", "review_until"
};

static const char *const csv_edge_head[CSV_EDGE_COLUMNS] = {
	"src_key", "src_name", "kind", "source_kind", "dst_key", "dst_name",
	"traversable", "conditional", "src_kind", "dst_kind"
};

/* The annotation cells of a node row. */
static void
csv_annot(const struct export_ctx *x, size_t v, const char **cells,
    struct strbuf *tags, char *until)
{
	const struct annot_entry	*e = export_annot(x, v);
	size_t				 i;

	if (e == NULL)
		return;
	for (i = 0; i < e->ntags; i++)
		strbuf_addf(tags, "%s%s", i > 0 ? "," : "", e->tags[i]);
	cells[15] = tags->buf;
	if (e->review == ANNOT_REVIEW_NONE)
		return;
	cells[16] = annot_review_lapsed(e, x->now) ? "accepted_risk (lapsed)" :
	    annot_review_name(e->review);
	cells[17] = e->reason;
	cells[18] = export_time(e->until, until);
}

static void
csv_node(struct export_ctx *x, size_t v)
{
	const struct model		*m = x->m;
	const struct record_lifecycle	*life = &m->life[v];
	const char			*cells[CSV_NODE_COLUMNS];
	struct strbuf			 tags;
	char				 t[5][TSTAMP_BUFSZ], state[96];

	memset(cells, 0, sizeof(cells));
	strbuf_init(&tags);
	cells[0] = m->key[v];
	cells[1] = kind_node_name(m->kind[v]);
	cells[2] = m->name[v];
	cells[3] = model_label(m, m->source[v]);
	cells[4] = model_label(m, m->kinds[v]);
	cells[5] = (m->nflags[v] & MODEL_NODE_MISSING) ? "true" : "false";
	cells[6] = model_label(m, m->environment[v]);
	cells[7] = model_label(m, m->owner[v]);
	cells[8] = model_label(m, m->credential_type[v]);
	cells[9] = export_time(life->created_at, t[0]);
	cells[10] = export_time(life->last_used_at, t[1]);
	cells[11] = export_time(life->last_rotated_at, t[2]);
	cells[12] = export_time(life->expires_at, t[3]);
	cells[13] = life->disabled == -1 ? "" : life->disabled ? "true" :
	    "false";
	if (m->kind[v] == KIND_NODE_CREDENTIAL)
		cells[14] = lifecycle_words(lifecycle_state(life, x->now),
		    state, sizeof(state));
	csv_annot(x, v, cells, &tags, t[4]);
	output_csv_row(x->out, cells, CSV_NODE_COLUMNS);
	strbuf_free(&tags);
	x->nodes_written++;
}

static void
csv_edge(struct export_ctx *x, size_t e)
{
	const struct model	*m = x->m;
	const char		*cells[CSV_EDGE_COLUMNS];
	size_t			 s = m->esrc[e], d = m->edst[e];

	cells[0] = m->key[s];
	cells[1] = m->name[s];
	cells[2] = kind_edge_name(m->ekind[e]);
	cells[3] = model_label(m, m->eraw[e]);
	cells[4] = m->key[d];
	cells[5] = m->name[d];
	cells[6] = (m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE) ? "false" :
	    "true";
	cells[7] = (m->eflags[e] & RECORD_EDGE_CONDITIONAL) ? "true" : "false";
	cells[8] = kind_node_name(m->kind[s]);
	cells[9] = kind_node_name(m->kind[d]);
	output_csv_row(x->out, cells, CSV_EDGE_COLUMNS);
	x->edges_written++;
}

static int
csv_write(struct export_ctx *x, char **errp)
{
	size_t	 v, e;

	(void)errp;
	if (x->csv_edges) {
		output_csv_row(x->out, csv_edge_head, CSV_EDGE_COLUMNS);
		for (e = 0; e < x->m->nedges; e++) {
			if (export_edge_selected(x, e))
				csv_edge(x, e);
		}
		return 0;
	}
	output_csv_row(x->out, csv_node_head, CSV_NODE_COLUMNS);
	for (v = 0; v < x->m->nnodes; v++) {
		if (x->selected[v])
			csv_node(x, v);
	}
	return 0;
}

const struct exporter export_csv = {
	.name = "csv",
	.summary = "CSV for spreadsheets: nodes, or edges with --table edges",
	.write = csv_write,
};
