/*
 * trustwalk ls: list the nodes of the current view (or of --as-of), with
 * the analyst's marks and, under --as-of, the state of each credential
 * at that time.
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
#include "query.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

/* The data a listing shows besides the model. */
struct cmd_ls {
	const struct model	*m;
	const struct annot	*annot;
	int64_t			 now;
	int			 states;	/* credential state column */
};

/* The state words of node v when it is a credential, else "". */
static const char *
cmd_ls_state(const struct cmd_ls *l, size_t v, char *buf, size_t len)
{
	if (l->m->kind[v] != KIND_NODE_CREDENTIAL)
		return "";
	return lifecycle_words(lifecycle_state(&l->m->life[v], l->now), buf,
	    len);
}

static void
cmd_ls_table(const struct cmd_ls *l, const uint32_t *ids, size_t n)
{
	const char			*head[7] = {
		"KIND", "NAME", "SOURCE", "DEGREE"
	};
	int				 maxw[7] = { 0, 40, 32, 0, 0, 0, 0 };
	const struct model		*m = l->m;
	struct output_table		 t;
	const char			*cells[7], *marks;
	char				 deg[24], mbuf[5], state[96];
	size_t				 i, v, ncols = 4;
	int				 with_marks = 0;

	/* Marks only when some node has them, states only under --as-of. */
	for (i = 0; i < n && !with_marks; i++)
		with_marks = annot_get(l->annot, m->kid[ids[i]]) != NULL;
	if (with_marks)
		head[ncols++] = "MARKS";
	if (l->states)
		head[ncols++] = "STATE";
	head[ncols++] = "KEY";
	output_table_init(&t, ncols, head, maxw);
	for (i = 0; i < n; i++) {
		v = ids[i];
		snprintf(deg, sizeof(deg), "%zu", model_degree(m, v));
		marks = annot_marks(annot_get(l->annot, m->kid[v]), l->now,
		    mbuf);
		cells[0] = kind_node_name(m->kind[v]);
		cells[1] = m->name[v];
		cells[2] = model_label(m, m->source[v]);
		cells[3] = deg;
		ncols = 4;
		if (with_marks)
			cells[ncols++] = marks != NULL ? marks : "";
		if (l->states)
			cells[ncols++] = cmd_ls_state(l, v, state,
			    sizeof(state));
		cells[ncols] = m->key[v];
		output_table_row(&t, cells);
	}
	output_table_print(&t, stdout);
	output_table_free(&t);
}

/*
 * Write the CSV listing. The marks column comes when some node has
 * annotations and the state column under --as-of, as in the table, so
 * that a listing without them keeps its seven columns.
 */
static void
cmd_ls_csv(const struct cmd_ls *l, const uint32_t *ids, size_t n)
{
	const char			*head[9] = {
		"key", "kind", "name", "source", "degree", "kinds", "missing"
	};
	const struct model		*m = l->m;
	const char			*cells[9], *marks;
	char				 deg[24], mbuf[5], state[96];
	size_t				 i, v, ncols = 7;
	int				 with_marks = 0;

	for (i = 0; i < n && !with_marks; i++)
		with_marks = annot_get(l->annot, m->kid[ids[i]]) != NULL;
	if (with_marks)
		head[ncols++] = "marks";
	if (l->states)
		head[ncols++] = "state";
	output_csv_row(stdout, head, ncols);
	for (i = 0; i < n; i++) {
		v = ids[i];
		snprintf(deg, sizeof(deg), "%zu", model_degree(m, v));
		cells[0] = m->key[v];
		cells[1] = kind_node_name(m->kind[v]);
		cells[2] = m->name[v];
		cells[3] = model_label(m, m->source[v]);
		cells[4] = deg;
		cells[5] = model_label(m, m->kinds[v]);
		cells[6] = (m->nflags[v] & MODEL_NODE_MISSING) ? "true" :
		    "false";
		marks = annot_marks(annot_get(l->annot, m->kid[v]), l->now,
		    mbuf);
		ncols = 7;
		if (with_marks)
			cells[ncols++] = marks != NULL ? marks : "";
		if (l->states)
			cells[ncols++] = cmd_ls_state(l, v, state,
			    sizeof(state));
		output_csv_row(stdout, cells, ncols);
	}
}

static void
cmd_ls_json(const struct cmd_ls *l, const uint32_t *ids, size_t n)
{
	struct strbuf	 sb;
	struct jsonw	 w;
	char		 state[96];
	size_t		 i;

	strbuf_init(&sb);
	jsonw_init(&w, &sb, 0);
	jsonw_array_begin(&w);
	for (i = 0; i < n; i++) {
		jsonw_object_begin(&w);
		cmd_node_json_fields(&w, l->m, ids[i]);
		if (l->m->kind[ids[i]] == KIND_NODE_CREDENTIAL) {
			jsonw_key(&w, "state");
			jsonw_str(&w, cmd_ls_state(l, ids[i], state,
			    sizeof(state)));
		}
		annotate_json(&w, annot_get(l->annot, l->m->kid[ids[i]]),
		    l->now);
		jsonw_object_end(&w);
		if (sb.len > 65536) {
			fwrite(sb.buf, 1, sb.len, stdout);
			strbuf_reset(&sb);
		}
	}
	jsonw_array_end(&w);
	strbuf_addch(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_free(&sb);
}

/* The nodes to list, sorted; the caller frees the array. */
static uint32_t *
cmd_ls_select(const struct model *m, const struct annot *annot, int kind,
    const char *tag, size_t *n)
{
	uint32_t	*ids;
	size_t		 v;

	*n = 0;
	ids = xreallocarray(NULL, m->nnodes + 1, sizeof(*ids));
	for (v = 0; v < m->nnodes; v++) {
		if ((kind == -1 || m->kind[v] == kind) && (tag == NULL ||
		    annot_has_tag(annot_get(annot, m->kid[v]), tag)))
			ids[(*n)++] = (uint32_t)v;
	}
	query_sort(m, ids, *n);
	return ids;
}

static int
cmd_ls_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "tag", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum output_format		 fmt = OUTPUT_TABLE;
	struct cmd_ls			 l;
	struct annot			*annot = NULL;
	struct store			*s;
	struct model			*m;
	const char			*tag = NULL;
	uint32_t			*ids;
	char				*err = NULL;
	size_t				 n = 0;
	int				 ch, kind = -1, rc;

	while ((ch = getopt_long(argc, argv, "k:t:f:h", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 't':
			tag = optarg;
			break;
		case 'k':
			if ((kind = kind_node_parse(optarg)) == -1) {
				cmd_error("--kind: unknown kind \"%s\"; kinds "
				    "are human, team, service_account, role, "
				    "group, credential, workload, oauth_app, "
				    "system, policy, privilege, other", optarg);
				return CMD_EXIT_USAGE;
			}
			break;
		case 'f':
			if (output_parse_format(optarg, &fmt) == -1) {
				cmd_error("--format: expected table, json or "
				    "csv, not \"%s\"", optarg);
				return CMD_EXIT_USAGE;
			}
			break;
		case 'h':
			printf("usage: trustwalk ls [--kind KIND] [--tag TAG] "
			    "[--format table|json|csv]\n");
			return CMD_EXIT_OK;
		default:
			return cmd_usage(&cmd_ls_entry);
		}
	}
	if (optind != argc)
		return cmd_usage(&cmd_ls_entry);
	if ((rc = cmd_open_case(cli, &s, &m)) != CMD_EXIT_OK)
		return rc;
	if (annot_load(s, &annot, &err) == -1) {
		cmd_error("%s", err);
		free(err);
		model_free(m);
		store_close(s);
		return CMD_EXIT_STORE;
	}

	ids = cmd_ls_select(m, annot, kind, tag, &n);
	l.m = m;
	l.annot = annot;
	l.now = cli->now;
	l.states = cli->as_of_given;
	if (fmt == OUTPUT_TABLE)
		cmd_ls_table(&l, ids, n);
	else if (fmt == OUTPUT_CSV)
		cmd_ls_csv(&l, ids, n);
	else
		cmd_ls_json(&l, ids, n);
	free(ids);
	annot_free(annot);
	model_free(m);
	store_close(s);
	return CMD_EXIT_OK;
}

const struct cmd_entry cmd_ls_entry = {
	.name = "ls",
	.usage = "[--kind KIND] [--tag TAG] [--format table|json|csv]",
	.summary = "list the nodes of the case",
	.exec = cmd_ls_exec,
};
