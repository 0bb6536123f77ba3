/*
 * The Markdown report for an incident record. It starts with the
 * selection and the view, then lists the snapshots with the SHA-256 of
 * each input (chain of custody). A card follows for each selected node,
 * credentials first, with lifecycle and state at --now, owner,
 * annotations, attributes and edges. Then come the paths of a reach, when
 * one was requested, and the findings on the selected nodes, with their
 * state and the acceptance. Every value from the case is escaped by
 * markdown.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annot.h"
#include "export.h"
#include "findings.h"
#include "lifecycle.h"
#include "markdown.h"
#include "model.h"
#include "scenario.h"
#include "store.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

#define MD_MAX_PATHS	200

static void
md_flush(struct export_ctx *x, struct strbuf *sb)
{
	fwrite(sb->buf, 1, sb->len, x->out);
	strbuf_reset(sb);
}

/* Append "name (`key`)" for node v. */
static void
md_node_ref(struct strbuf *sb, const struct model *m, size_t v)
{
	markdown_text(sb, m->name[v]);
	strbuf_addstr(sb, " (");
	markdown_code(sb, m->key[v]);
	strbuf_addch(sb, ')');
}

static int
md_snapshots(struct export_ctx *x, struct strbuf *sb, char **errp)
{
	struct store_snapshot	*v;
	char			 t[TSTAMP_BUFSZ];
	size_t			 n, i;

	if (store_snapshots(x->store, &v, &n, errp) == -1)
		return -1;
	strbuf_addstr(sb, "\n## Snapshots\n\nEach import, with the SHA-256 "
	    "of its input as read.\n\n"
	    "| id | source | imported | input | SHA-256 | in view |\n"
	    "| --- | --- | --- | --- | --- | --- |\n");
	for (i = 0; i < n; i++) {
		strbuf_addf(sb, "| %lld | ", (long long)v[i].id);
		markdown_text(sb, v[i].source);
		strbuf_addf(sb, " | %s | ", tstamp_format(v[i].imported_at, t));
		markdown_text(sb, v[i].input);
		strbuf_addstr(sb, " | ");
		markdown_text(sb, v[i].input_sha256 != NULL ?
		    v[i].input_sha256 : "");
		strbuf_addf(sb, " | %s |\n", v[i].current ? "yes" : "no");
	}
	store_snapshots_free(v, n);
	return 0;
}

/* Append one lifecycle date with its age. */
static void
md_date(struct strbuf *sb, const char *label, int64_t t, int64_t now)
{
	char	 d[TSTAMP_BUFSZ], age[TSTAMP_BUFSZ];

	strbuf_addf(sb, "%s %s", label, tstamp_format_date(t, d));
	if (tstamp_is_set(t) && t > now)
		strbuf_addf(sb, " (in %s)", tstamp_format_age(t, now, age));
	else if (tstamp_is_set(t))
		strbuf_addf(sb, " (%s)", tstamp_format_age(now, t, age));
}

static void
md_lifecycle(struct export_ctx *x, struct strbuf *sb, size_t v)
{
	const struct model		*m = x->m;
	const struct record_lifecycle	*life = &m->life[v];
	char				 state[96];

	strbuf_addstr(sb, "- Lifecycle: ");
	md_date(sb, "created", life->created_at, x->now);
	md_date(sb, ", last used", life->last_used_at, x->now);
	md_date(sb, ", rotated", life->last_rotated_at, x->now);
	md_date(sb, ", expires", life->expires_at, x->now);
	if (life->disabled == 1)
		strbuf_addstr(sb, ", disabled");
	if (m->kind[v] == KIND_NODE_CREDENTIAL)
		strbuf_addf(sb, "; state %s", lifecycle_words(
		    lifecycle_state(life, x->now), state, sizeof(state)));
	strbuf_addch(sb, '\n');
	if (m->owner[v] || m->environment[v] || m->credential_type[v]) {
		strbuf_addstr(sb, "- Owner: ");
		markdown_text(sb, m->owner[v] ? model_label(m, m->owner[v]) :
		    "unknown");
		strbuf_addstr(sb, "; environment: ");
		markdown_text(sb, m->environment[v] ?
		    model_label(m, m->environment[v]) : "unknown");
		if (m->credential_type[v]) {
			strbuf_addstr(sb, "; credential type: ");
			markdown_text(sb, model_label(m,
			    m->credential_type[v]));
		}
		strbuf_addch(sb, '\n');
	}
}

static void
md_annot(struct export_ctx *x, struct strbuf *sb, size_t v)
{
	const struct annot_entry	*e = export_annot(x, v);
	struct strbuf			 text;
	char				 t[TSTAMP_BUFSZ];
	size_t				 i;

	if (e == NULL)
		return;
	strbuf_init(&text);
	if (e->review != ANNOT_REVIEW_NONE) {
		annot_describe_review(e, x->now, &text);
		strbuf_addstr(sb, "- Review: ");
		markdown_text(sb, text.buf);
		strbuf_addstr(sb, ", set by ");
		markdown_text(sb, e->reviewer);
		strbuf_addf(sb, " at %s\n", tstamp_format(e->reviewed_at, t));
	}
	if (e->ntags > 0) {
		strbuf_addstr(sb, "- Tags:");
		for (i = 0; i < e->ntags; i++) {
			strbuf_addstr(sb, i > 0 ? ", " : " ");
			markdown_text(sb, e->tags[i]);
		}
		strbuf_addch(sb, '\n');
	}
	if (e->nnotes > 0)
		strbuf_addstr(sb, "- Notes:\n");
	for (i = 0; i < e->nnotes; i++) {
		strbuf_addf(sb, "  - %s ", tstamp_format(e->notes[i].at, t));
		markdown_text(sb, e->notes[i].author);
		strbuf_addstr(sb, ": ");
		markdown_text(sb, e->notes[i].text);
		strbuf_addch(sb, '\n');
	}
	strbuf_free(&text);
}

static int
md_attrs(struct export_ctx *x, struct strbuf *sb, size_t v, char **errp)
{
	struct export_attrs	 attrs;
	size_t			 i;

	if (export_node_attrs(x, v, &attrs, errp) == -1)
		return -1;
	if (attrs.n > 0)
		strbuf_addf(sb, "- Attributes (%zu):\n", attrs.n);
	for (i = 0; i < attrs.n; i++) {
		strbuf_addstr(sb, "  - ");
		markdown_code(sb, attrs.v[i].name);
		strbuf_addstr(sb, ": ");
		markdown_text(sb, attrs.v[i].value != NULL ?
		    attrs.v[i].value : "null");
		strbuf_addch(sb, '\n');
	}
	export_attrs_free(&attrs);
	return 0;
}

/* Append the edges of node v on one side. */
static void
md_edges(struct export_ctx *x, struct strbuf *sb, size_t v, int outgoing)
{
	const struct model	*m = x->m;
	size_t			 first, count, i, e, other;

	if (outgoing)
		model_out(m, v, &first, &count);
	else
		model_in(m, v, &first, &count);
	if (count == 0)
		return;
	strbuf_addf(sb, "- %s edges (%zu):\n", outgoing ? "Outgoing" :
	    "Incoming", count);
	for (i = first; i < first + count; i++) {
		e = outgoing ? i : m->in_edge[i];
		other = outgoing ? m->edst[e] : m->esrc[e];
		strbuf_addf(sb, "  - %s %s ", kind_edge_name(m->ekind[e]),
		    outgoing ? "→" : "←");
		md_node_ref(sb, m, other);
		strbuf_addstr(sb, ", ");
		markdown_code(sb, model_label(m, m->eraw[e]));
		if (m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE)
			strbuf_addstr(sb, ", not traversable");
		if (m->eflags[e] & RECORD_EDGE_CONDITIONAL)
			strbuf_addstr(sb, ", conditional");
		strbuf_addch(sb, '\n');
	}
}

static int
md_card(struct export_ctx *x, struct strbuf *sb, size_t v, char **errp)
{
	const struct model	*m = x->m;

	strbuf_addf(sb, "\n### %s: ", kind_node_name(m->kind[v]));
	markdown_text(sb, m->name[v]);
	strbuf_addstr(sb, "\n\n- Key: ");
	markdown_code(sb, m->key[v]);
	strbuf_addstr(sb, "\n- Source: ");
	markdown_text(sb, model_label(m, m->source[v]));
	strbuf_addstr(sb, "; source kinds: ");
	markdown_text(sb, model_label(m, m->kinds[v]));
	strbuf_addch(sb, '\n');
	if (m->nflags[v] & MODEL_NODE_MISSING)
		strbuf_addstr(sb, "- Placeholder: an edge names this node but "
		    "no import described it\n");
	else
		md_lifecycle(x, sb, v);
	md_annot(x, sb, v);
	if (md_attrs(x, sb, v, errp) == -1)
		return -1;
	md_edges(x, sb, v, 1);
	md_edges(x, sb, v, 0);
	x->nodes_written++;
	return 0;
}

/* Order of the cards: credentials first, then by kind, name and key. */
static int
md_cmp(const void *a, const void *b, void *ctx)
{
	const struct model	*m = ctx;
	uint32_t		 x = *(const uint32_t *)a;
	uint32_t		 y = *(const uint32_t *)b;
	int			 kx, ky, c;

	kx = m->kind[x] == KIND_NODE_CREDENTIAL ? -1 : m->kind[x];
	ky = m->kind[y] == KIND_NODE_CREDENTIAL ? -1 : m->kind[y];
	if (kx != ky)
		return kx < ky ? -1 : 1;
	if ((c = strcmp(m->name[x], m->name[y])) != 0)
		return c;
	return strcmp(m->key[x], m->key[y]);
}

/* Append the path from the reach start to node t, one step a line. */
static void
md_path(struct export_ctx *x, struct strbuf *sb, size_t t)
{
	const struct model	*m = x->m;
	uint32_t		*steps;
	size_t			 n, i, e;

	n = reach_depth(&x->reach, t);
	steps = xreallocarray(NULL, n + 1, sizeof(*steps));
	reach_path(&x->reach, t, steps, n);
	strbuf_addstr(sb, "- ");
	md_node_ref(sb, m, t);
	strbuf_addf(sb, ", %zu step%s:", n, n == 1 ? "" : "s");
	for (i = 0; i < n; i++) {
		e = steps[i];
		strbuf_addstr(sb, i == 0 ? " " : " → ");
		markdown_text(sb, m->name[m->esrc[e]]);
		strbuf_addf(sb, " —%s", kind_edge_name(m->ekind[e]));
	}
	if (n > 0) {
		strbuf_addstr(sb, " → ");
		markdown_text(sb, m->name[t]);
	}
	strbuf_addch(sb, '\n');
	free(steps);
}

static void
md_paths(struct export_ctx *x, struct strbuf *sb)
{
	size_t	 i, t, shown = 0, total = 0;

	strbuf_addstr(sb, "\n## Paths\n\nShortest paths from ");
	md_node_ref(sb, x->m, (size_t)x->reach_from);
	strbuf_addstr(sb, " to each privilege it reaches.\n\n");
	for (i = 0; i < x->reach.count; i++) {
		t = x->reach.order[i];
		if (!reach_is_privilege(&x->reach, t, &x->reach_filter))
			continue;
		total++;
		if (shown < MD_MAX_PATHS) {
			md_path(x, sb, t);
			shown++;
		}
	}
	if (total == 0)
		strbuf_addstr(sb, "It reaches no privilege.\n");
	else if (total > shown)
		strbuf_addf(sb, "- and %zu more\n", total - shown);
}

/* Append one finding as a table row. */
static void
md_finding(struct export_ctx *x, struct strbuf *sb, const struct finding *f)
{
	char	 d[TSTAMP_BUFSZ];

	strbuf_addf(sb, "| %s | ", findings_severity_name(f->severity));
	markdown_code(sb, f->rule->id);
	strbuf_addstr(sb, " | ");
	md_node_ref(sb, x->m, f->node);
	strbuf_addstr(sb, " | ");
	markdown_text(sb, f->message);
	strbuf_addf(sb, " | %s", findings_state_name(f->state));
	if (f->state != FINDING_OPEN) {
		if (tstamp_is_set(f->until))
			strbuf_addf(sb, " until %s",
			    tstamp_format_date(f->until, d));
		strbuf_addstr(sb, ": ");
		markdown_text(sb, f->reason);
	}
	strbuf_addstr(sb, " |\n");
}

/* The findings on the selected nodes. */
static int
md_findings(struct export_ctx *x, struct strbuf *sb, char **errp)
{
	struct findings_opts	 o;
	struct findings		*fs;
	struct scenario		 sc;
	size_t			 i, n = 0;
	int			 rc;

	if (findings_scenario(x->store, x->m, x->cfg, &sc, errp) == -1)
		return -1;
	memset(&o, 0, sizeof(o));
	o.cfg = x->cfg;
	o.now = x->now;
	rc = findings_evaluate(x->store, x->m, &sc, &o, NULL, &fs, errp);
	scenario_free(&sc);
	if (rc == -1)
		return -1;
	strbuf_addstr(sb, "\n## Findings\n\nThe posture findings on the "
	    "selected nodes (docs/findings.md describes the rules).\n\n"
	    "| severity | rule | node | finding | state |\n"
	    "| --- | --- | --- | --- | --- |\n");
	for (i = 0; i < fs->n; i++) {
		if (!x->selected[fs->v[i].node])
			continue;
		md_finding(x, sb, &fs->v[i]);
		n++;
	}
	if (n == 0)
		strbuf_addstr(sb, "| | | | none | |\n");
	findings_free(fs);
	return 0;
}

static void
md_header(struct export_ctx *x, struct strbuf *sb)
{
	const char	*path = store_path(x->store), *slash;
	char		 t[TSTAMP_BUFSZ];
	size_t		 e, edges = 0;

	for (e = 0; e < x->m->nedges; e++)
		edges += export_edge_selected(x, e);
	/* The node sections list these edges, so the journal counts them. */
	x->edges_written = edges;
	slash = strrchr(path, '/');
	strbuf_addstr(sb, "# trustwalk report: ");
	markdown_text(sb, slash != NULL ? slash + 1 : path);
	strbuf_addstr(sb, "\n\n- View: ");
	markdown_text(sb, x->view);
	strbuf_addf(sb, "\n- Clock: %s\n- Selection: ",
	    tstamp_format(x->now, t));
	markdown_text(sb, x->selection);
	strbuf_addf(sb, ", %zu nodes, %zu edges\n", x->nselected, edges);
}

static int
md_write(struct export_ctx *x, char **errp)
{
	struct strbuf	 sb;
	uint32_t	*ids;
	size_t		 v, n = 0, i;
	int		 rc = -1;

	strbuf_init(&sb);
	ids = xreallocarray(NULL, x->m->nnodes + 1, sizeof(*ids));
	for (v = 0; v < x->m->nnodes; v++) {
		if (x->selected[v])
			ids[n++] = (uint32_t)v;
	}
	qsort_r(ids, n, sizeof(*ids), md_cmp, (void *)x->m);
	md_header(x, &sb);
	if (md_snapshots(x, &sb, errp) == -1)
		goto out;
	strbuf_addstr(&sb, "\n## Nodes\n");
	for (i = 0; i < n; i++) {
		if (md_card(x, &sb, ids[i], errp) == -1)
			goto out;
		if (sb.len > 65536)
			md_flush(x, &sb);
	}
	if (x->reach_from >= 0)
		md_paths(x, &sb);
	if (md_findings(x, &sb, errp) == -1)
		goto out;
	md_flush(x, &sb);
	rc = 0;
out:
	free(ids);
	strbuf_free(&sb);
	return rc;
}

const struct exporter export_md = {
	.name = "md",
	.summary = "Markdown report: cards, paths of a reach, findings",
	.write = md_write,
};
