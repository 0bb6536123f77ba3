/*
 * trustwalk ls: list the nodes of the current view.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "jsonw.h"
#include "model.h"
#include "output.h"
#include "query.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

static void
cmd_ls_table(const struct model *m, const uint32_t *ids, size_t n)
{
	static const char *const	 head[] = {
		"KIND", "NAME", "SOURCE", "DEGREE", "KEY"
	};
	static const int		 maxw[] = { 0, 40, 32, 0, 0 };
	struct output_table		 t;
	const char			*cells[5];
	char				 deg[24];
	size_t				 i, v;

	output_table_init(&t, 5, head, maxw);
	for (i = 0; i < n; i++) {
		v = ids[i];
		snprintf(deg, sizeof(deg), "%zu", model_degree(m, v));
		cells[0] = kind_node_name(m->kind[v]);
		cells[1] = m->name[v];
		cells[2] = model_label(m, m->source[v]);
		cells[3] = deg;
		cells[4] = m->key[v];
		output_table_row(&t, cells);
	}
	output_table_print(&t, stdout);
	output_table_free(&t);
}

static void
cmd_ls_csv(const struct model *m, const uint32_t *ids, size_t n)
{
	static const char *const	 head[] = {
		"key", "kind", "name", "source", "degree", "kinds", "missing"
	};
	const char			*cells[7];
	char				 deg[24];
	size_t				 i, v;

	output_csv_row(stdout, head, 7);
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
		output_csv_row(stdout, cells, 7);
	}
}

static void
cmd_ls_json(const struct model *m, const uint32_t *ids, size_t n)
{
	struct strbuf	 sb;
	struct jsonw	 w;
	size_t		 i;

	strbuf_init(&sb);
	jsonw_init(&w, &sb, 0);
	jsonw_array_begin(&w);
	for (i = 0; i < n; i++) {
		cmd_node_json(&w, m, ids[i]);
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

static int
cmd_ls_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum output_format		 fmt = OUTPUT_TABLE;
	struct store			*s;
	struct model			*m;
	uint32_t			*ids;
	size_t				 n = 0, v;
	int				 ch, kind = -1, rc;

	while ((ch = getopt_long(argc, argv, "+k:f:h", longopts, NULL)) != -1) {
		switch (ch) {
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
			printf("usage: trustwalk ls [--kind KIND] "
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

	ids = xreallocarray(NULL, m->nnodes + 1, sizeof(*ids));
	for (v = 0; v < m->nnodes; v++) {
		if (kind == -1 || m->kind[v] == kind)
			ids[n++] = (uint32_t)v;
	}
	query_sort(m, ids, n);
	if (fmt == OUTPUT_TABLE)
		cmd_ls_table(m, ids, n);
	else if (fmt == OUTPUT_CSV)
		cmd_ls_csv(m, ids, n);
	else
		cmd_ls_json(m, ids, n);
	free(ids);
	model_free(m);
	store_close(s);
	return CMD_EXIT_OK;
}

const struct cmd_entry cmd_ls_entry = {
	.name = "ls",
	.usage = "[--kind KIND] [--format table|json|csv]",
	.summary = "list the nodes of the case",
	.exec = cmd_ls_exec,
};
