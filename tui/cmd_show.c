/*
 * trustwalk show: one node's card (with the credential state at --now and
 * the analyst's review, tags and notes; for a credential, who can revoke
 * it and how), attributes and edges.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annot.h"
#include "annotate.h"
#include "cmd.h"
#include "jsonw.h"
#include "lifecycle.h"
#include "model.h"
#include "output.h"
#include "store.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

struct cmd_show_attrs {
	struct jsonw	*w;		/* JSON mode when not NULL */
	struct strbuf	*line;		/* edge attributes in text mode */
};

static int
cmd_show_attr(void *ctx, const char *name, const char *value,
    const char *type, const char *source)
{
	struct cmd_show_attrs	*a = ctx;
	struct strbuf		 line;

	(void)source;
	if (a->w != NULL) {
		jsonw_key(a->w, name);
		if (strcmp(type, "text") == 0)
			jsonw_str(a->w, value);
		else if (strcmp(type, "null") == 0 || value == NULL)
			jsonw_null(a->w);
		else
			jsonw_raw(a->w, value);
		return 0;
	}
	if (a->line != NULL) {
		strbuf_addf(a->line, "%s%s %s", a->line->len > 13 ? "; " : "",
		    name, value != NULL ? value : "null");
		return 0;
	}
	/* The line is sanitised piece by piece, so that the values align. */
	strbuf_init(&line);
	strbuf_addstr(&line, "  ");
	output_cell(&line, name, 0, 24);
	strbuf_addch(&line, ' ');
	output_cell(&line, value != NULL ? value : "null", 0, 0);
	output_line(stdout, line.buf);
	strbuf_free(&line);
	return 0;
}

/*
 * Print one edge of node v in text form, then its conditions and its
 * attributes (such as the binding that grants a role), if any, on their
 * own lines.
 */
static int
cmd_show_edge(struct store *s, const struct model *m, size_t e,
    int outgoing)
{
	struct cmd_show_attrs	 a;
	struct strbuf		 line;
	size_t			 other = outgoing ? m->edst[e] : m->esrc[e];
	char			*cond = NULL, *attrs = NULL, *err = NULL;
	int			 rc = -1;

	strbuf_init(&line);
	strbuf_addf(&line, "    %s %s %s (%s)  %s%s%s",
	    model_label(m, m->eraw[e]), outgoing ? "->" : "<-",
	    m->name[other], kind_node_name(m->kind[other]), m->key[other],
	    (m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE) ?
	    "  [not traversable]" : "",
	    (m->eflags[e] & RECORD_EDGE_CONDITIONAL) ? "  [conditional]" : "");
	output_line(stdout, line.buf);
	if (model_edge_detail(m, s, e, &cond, &attrs, &err) == -1)
		goto out;
	if (model_edge_evidence(m, e) != NULL) {
		strbuf_reset(&line);
		strbuf_addf(&line, "        via %s", model_edge_evidence(m, e));
		output_line(stdout, line.buf);
	}
	if (cond != NULL) {
		strbuf_reset(&line);
		strbuf_addf(&line, "        if %s", cond);
		output_line(stdout, line.buf);
	}

	/* Attributes as "name value; name value", such as a binding. */
	strbuf_reset(&line);
	strbuf_addstr(&line, "        with ");
	memset(&a, 0, sizeof(a));
	a.line = &line;
	if (m->eid[e] < 0 && attrs != NULL)
		strbuf_addstr(&line, attrs);	/* a derived edge's, as JSON */
	else if (store_edge_attrs(s, m->eid[e], cmd_show_attr, &a,
	    &err) == -1)
		goto out;
	if (line.len > 13)
		output_line(stdout, line.buf);
	rc = 0;
out:
	if (err != NULL)
		cmd_error("%s", err);
	free(err);
	free(cond);
	free(attrs);
	strbuf_free(&line);
	return rc;
}

static int
cmd_show_edges_text(struct store *s, const struct model *m, size_t v)
{
	size_t	 first, count, i;
	int	 k;

	model_out(m, v, &first, &count);
	printf("outgoing edges: %zu\n", count);
	for (k = 0; k < KIND_EDGE_COUNT; k++) {
		model_out_kind(m, v, k, &first, &count);
		if (count == 0)
			continue;
		printf("  %s (%zu)\n", kind_edge_name(k), count);
		for (i = first; i < first + count; i++) {
			if (cmd_show_edge(s, m, i, 1) == -1)
				return -1;
		}
	}
	model_in(m, v, &first, &count);
	printf("incoming edges: %zu\n", count);
	for (k = 0; k < KIND_EDGE_COUNT; k++) {
		model_in_kind(m, v, k, &first, &count);
		if (count == 0)
			continue;
		printf("  %s (%zu)\n", kind_edge_name(k), count);
		for (i = first; i < first + count; i++) {
			if (cmd_show_edge(s, m, m->in_edge[i], 0) == -1)
				return -1;
		}
	}
	return 0;
}

static void
cmd_show_field(const char *label, const char *value)
{
	struct strbuf	 line;

	strbuf_init(&line);
	strbuf_addf(&line, "%-16s %s", label, value);
	output_line(stdout, line.buf);
	strbuf_free(&line);
}

/* Print the review, tags and notes of node v. */
static void
cmd_show_annot_text(const struct annot_entry *e, int64_t now)
{
	struct strbuf	 line;
	char		 t[TSTAMP_BUFSZ];
	size_t		 i;

	if (e == NULL)
		return;
	strbuf_init(&line);
	if (e->review != ANNOT_REVIEW_NONE) {
		annot_describe_review(e, now, &line);
		strbuf_addf(&line, "; set by %s at %s", e->reviewer,
		    tstamp_format(e->reviewed_at, t));
		cmd_show_field("review", line.buf);
	}
	if (e->ntags > 0) {
		strbuf_reset(&line);
		for (i = 0; i < e->ntags; i++)
			strbuf_addf(&line, "%s%s", i > 0 ? ", " : "",
			    e->tags[i]);
		cmd_show_field("tags", line.buf);
	}
	for (i = 0; i < e->nnotes; i++) {
		strbuf_reset(&line);
		strbuf_addf(&line, "%s %s: %s",
		    tstamp_format(e->notes[i].at, t), e->notes[i].author,
		    e->notes[i].text);
		cmd_show_field(i == 0 ? "notes" : "", line.buf);
	}
	strbuf_free(&line);
}

static int
cmd_show_text(struct store *s, const struct model *m, size_t v,
    const struct annot *annot, int64_t now)
{
	const struct record_lifecycle	*life = &m->life[v];
	struct cmd_show_attrs		 a;
	char				 buf[TSTAMP_BUFSZ], *err = NULL;
	char				 state[96];

	cmd_show_field("key", m->key[v]);
	cmd_show_field("name", m->name[v]);
	cmd_show_field("kind", kind_node_name(m->kind[v]));
	cmd_show_field("source kinds", model_label(m, m->kinds[v]));
	cmd_show_field("source", model_label(m, m->source[v]));
	if (m->nflags[v] & MODEL_NODE_MISSING)
		cmd_show_field("placeholder", "yes: an edge names this node "
		    "but no import described it");
	if (m->environment[v])
		cmd_show_field("environment",
		    model_label(m, m->environment[v]));
	if (m->owner[v])
		cmd_show_field("owner", model_label(m, m->owner[v]));
	if (m->credential_type[v])
		cmd_show_field("credential type",
		    model_label(m, m->credential_type[v]));
	cmd_show_field("created", tstamp_format(life->created_at, buf));
	cmd_show_field("last used", tstamp_format(life->last_used_at, buf));
	cmd_show_field("last rotated",
	    tstamp_format(life->last_rotated_at, buf));
	cmd_show_field("expires", tstamp_format(life->expires_at, buf));
	cmd_show_field("disabled", life->disabled == -1 ? "unknown" :
	    life->disabled ? "yes" : "no");
	if (m->kind[v] == KIND_NODE_CREDENTIAL)
		cmd_show_field("state", lifecycle_words(lifecycle_state(life,
		    now), state, sizeof(state)));
	cmd_show_annot_text(annot_get(annot, m->kid[v]), now);
	if (m->kind[v] == KIND_NODE_CREDENTIAL &&
	    cmd_revokers_text(s, m, v) == -1)
		return CMD_EXIT_STORE;

	if (m->nflags[v] & MODEL_NODE_DERIVED)
		cmd_show_field("derived", "yes: made by a join of sources, "
		    "not by an import");
	printf("attributes:\n");
	memset(&a, 0, sizeof(a));
	if (model_node_attrs(m, s, v, cmd_show_attr, &a, &err) == -1) {
		cmd_error("%s", err);
		free(err);
		return CMD_EXIT_STORE;
	}
	if (cmd_show_edges_text(s, m, v) == -1)
		return CMD_EXIT_STORE;
	return CMD_EXIT_OK;
}

static int
cmd_show_edges_json(struct store *s, struct jsonw *w, const struct model *m,
    size_t v, int outgoing)
{
	struct cmd_show_attrs	 a;
	size_t			 first, count, i, e, other;
	char			*cond, *attrs, *err = NULL;

	if (outgoing)
		model_out(m, v, &first, &count);
	else
		model_in(m, v, &first, &count);
	jsonw_array_begin(w);
	for (i = first; i < first + count; i++) {
		e = outgoing ? i : m->in_edge[i];
		other = outgoing ? m->edst[e] : m->esrc[e];
		jsonw_object_begin(w);
		jsonw_key(w, "kind");
		jsonw_str(w, kind_edge_name(m->ekind[e]));
		jsonw_key(w, "source_kind");
		jsonw_str(w, model_label(m, m->eraw[e]));
		jsonw_key(w, "key");
		jsonw_str(w, m->key[other]);
		jsonw_key(w, "name");
		jsonw_str(w, m->name[other]);
		jsonw_key(w, "node_kind");
		jsonw_str(w, kind_node_name(m->kind[other]));
		jsonw_key(w, "traversable");
		jsonw_bool(w, !(m->eflags[e] & RECORD_EDGE_NOT_TRAVERSABLE));
		jsonw_key(w, "conditional");
		jsonw_bool(w, (m->eflags[e] & RECORD_EDGE_CONDITIONAL) != 0);
		jsonw_key(w, "derived");
		jsonw_bool(w, (m->eflags[e] & RECORD_EDGE_DERIVED) != 0);
		jsonw_key(w, "evidence");
		if (model_edge_evidence(m, e) != NULL)
			jsonw_str(w, model_edge_evidence(m, e));
		else
			jsonw_null(w);
		if (model_edge_detail(m, s, e, &cond, &attrs, &err) == -1) {
			cmd_error("%s", err);
			free(err);
			return -1;
		}
		jsonw_key(w, "conditions");
		if (cond != NULL)
			jsonw_raw(w, cond);
		else
			jsonw_null(w);
		free(cond);
		jsonw_key(w, "attributes");
		if (m->eid[e] < 0) {
			/* A derived edge keeps its attributes in the model. */
			jsonw_raw(w, attrs != NULL ? attrs : "{}");
			free(attrs);
			jsonw_object_end(w);
			continue;
		}
		free(attrs);
		jsonw_object_begin(w);
		memset(&a, 0, sizeof(a));
		a.w = w;
		if (store_edge_attrs(s, m->eid[e], cmd_show_attr, &a, &err) ==
		    -1) {
			cmd_error("%s", err);
			free(err);
			return -1;
		}
		jsonw_object_end(w);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	return 0;
}

static int
cmd_show_json(struct store *s, const struct model *m, size_t v,
    const struct annot *annot, int64_t now)
{
	struct cmd_show_attrs	 a;
	struct strbuf		 sb;
	struct jsonw		 w;
	char			*err = NULL, state[96];
	int			 rc = CMD_EXIT_OK;

	strbuf_init(&sb);
	jsonw_init(&w, &sb, 0);
	jsonw_object_begin(&w);
	cmd_node_json_fields(&w, m, v);
	if (m->kind[v] == KIND_NODE_CREDENTIAL) {
		jsonw_key(&w, "state");
		jsonw_str(&w, lifecycle_words(lifecycle_state(&m->life[v],
		    now), state, sizeof(state)));
	}
	annotate_json(&w, annot_get(annot, m->kid[v]), now);
	jsonw_key(&w, "derived");
	jsonw_bool(&w, (m->nflags[v] & MODEL_NODE_DERIVED) != 0);
	if (m->kind[v] == KIND_NODE_CREDENTIAL) {
		jsonw_key(&w, "revocation");
		if (cmd_revokers_json(&w, s, m, v) == -1) {
			rc = CMD_EXIT_STORE;
			goto out;
		}
	}
	jsonw_key(&w, "attributes");
	jsonw_object_begin(&w);
	memset(&a, 0, sizeof(a));
	a.w = &w;
	if (model_node_attrs(m, s, v, cmd_show_attr, &a, &err) == -1) {
		cmd_error("%s", err);
		free(err);
		rc = CMD_EXIT_STORE;
		goto out;
	}
	jsonw_object_end(&w);
	jsonw_key(&w, "out");
	if (cmd_show_edges_json(s, &w, m, v, 1) == -1) {
		rc = CMD_EXIT_STORE;
		goto out;
	}
	jsonw_key(&w, "in");
	if (cmd_show_edges_json(s, &w, m, v, 0) == -1) {
		rc = CMD_EXIT_STORE;
		goto out;
	}
	jsonw_object_end(&w);
	strbuf_addch(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, stdout);
out:
	strbuf_free(&sb);
	return rc;
}

static int
cmd_show_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct annot			*annot = NULL;
	struct store			*s;
	struct model			*m;
	char				*err = NULL;
	int64_t				 v;
	int				 ch, json = 0, rc;

	while ((ch = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "json") == 0)
				json = 1;
			else if (strcmp(optarg, "text") != 0) {
				cmd_error("--format: expected text or json, "
				    "not \"%s\"", optarg);
				return CMD_EXIT_USAGE;
			}
			break;
		case 'h':
			printf("usage: trustwalk show [--format text|json] "
			    "KEY\n  KEY is a node key, or an id or name that "
			    "matches one node\n");
			return CMD_EXIT_OK;
		default:
			return cmd_usage(&cmd_show_entry);
		}
	}
	if (optind + 1 != argc)
		return cmd_usage(&cmd_show_entry);
	if ((rc = cmd_open_case(cli, &s, &m)) != CMD_EXIT_OK)
		return rc;
	if (annot_load(s, &annot, &err) == -1) {
		cmd_error("%s", err);
		free(err);
		rc = CMD_EXIT_STORE;
	} else if ((v = cmd_resolve_node(m, argv[optind])) < 0)
		rc = CMD_EXIT_USAGE;
	else if (json)
		rc = cmd_show_json(s, m, (size_t)v, annot, cli->now);
	else
		rc = cmd_show_text(s, m, (size_t)v, annot, cli->now);
	annot_free(annot);
	model_free(m);
	store_close(s);
	return rc;
}

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.usage = "[--format text|json] KEY",
	.summary = "show one node: its attributes and edges",
	.exec = cmd_show_exec,
};
