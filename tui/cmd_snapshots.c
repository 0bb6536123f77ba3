/*
 * trustwalk snapshots: list the imports of the case, oldest first, with
 * source, time, counts, the SHA-256 of each input and whether a newer
 * import of the same source has superseded it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "jsonw.h"
#include "output.h"
#include "store.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

/* The id of the snapshot that superseded v[i], or 0 when it is current. */
static int64_t
cmd_snapshots_next(const struct store_snapshot *v, size_t n, size_t i)
{
	size_t	 j;

	for (j = i + 1; j < n; j++) {
		if (strcmp(v[j].source, v[i].source) == 0)
			return v[j].id;
	}
	return 0;
}

static void
cmd_snapshots_table(const struct store_snapshot *v, size_t n, int as_of)
{
	static const char *const	 head[] = {
		"ID", "SOURCE", "IMPORTED", "NODES", "EDGES", "WARNINGS",
		"STATE", "SHA-256", "INPUT"
	};
	static const int		 maxw[] = {
		0, 32, 0, 0, 0, 0, 0, 16, 40
	};
	struct output_table		 t;
	const char			*cells[9];
	char				 id[24], nodes[24], edges[24], warn[40];
	char				 state[48], t1[TSTAMP_BUFSZ];
	size_t				 i;
	int64_t				 next;

	output_table_init(&t, 9, head, maxw);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "%lld", (long long)v[i].id);
		snprintf(nodes, sizeof(nodes), "%lld", (long long)v[i].nodes);
		snprintf(edges, sizeof(edges), "%lld", (long long)v[i].edges);
		snprintf(warn, sizeof(warn), "%lld%s", (long long)v[i].warnings,
		    v[i].partial ? " (partial)" : "");
		next = cmd_snapshots_next(v, n, i);
		if (next == 0)
			snprintf(state, sizeof(state), "current");
		else
			snprintf(state, sizeof(state), "superseded by %lld",
			    (long long)next);
		if (as_of && v[i].current)
			strcat(state, ", in view");
		cells[0] = id;
		cells[1] = v[i].source;
		cells[2] = tstamp_format(v[i].imported_at, t1);
		cells[3] = nodes;
		cells[4] = edges;
		cells[5] = warn;
		cells[6] = state;
		cells[7] = v[i].input_sha256 != NULL ? v[i].input_sha256 : "";
		cells[8] = v[i].input;
		output_table_row(&t, cells);
	}
	output_table_print(&t, stdout);
	output_table_free(&t);
}

static void
cmd_snapshots_csv(const struct store_snapshot *v, size_t n)
{
	static const char *const	 head[] = {
		"id", "source", "imported_at", "format", "input", "sha256",
		"nodes", "edges", "placeholders", "warnings", "partial",
		"current", "in_view"
	};
	const char			*cells[13];
	char				 num[6][24], t1[TSTAMP_BUFSZ];
	size_t				 i;

	output_csv_row(stdout, head, 13);
	for (i = 0; i < n; i++) {
		snprintf(num[0], 24, "%lld", (long long)v[i].id);
		snprintf(num[1], 24, "%lld", (long long)v[i].nodes);
		snprintf(num[2], 24, "%lld", (long long)v[i].edges);
		snprintf(num[3], 24, "%lld", (long long)v[i].placeholders);
		snprintf(num[4], 24, "%lld", (long long)v[i].warnings);
		cells[0] = num[0];
		cells[1] = v[i].source;
		cells[2] = tstamp_format(v[i].imported_at, t1);
		cells[3] = v[i].format;
		cells[4] = v[i].input;
		cells[5] = v[i].input_sha256;
		cells[6] = num[1];
		cells[7] = num[2];
		cells[8] = num[3];
		cells[9] = num[4];
		cells[10] = v[i].partial ? "true" : "false";
		cells[11] = cmd_snapshots_next(v, n, i) == 0 ? "true" : "false";
		cells[12] = v[i].current ? "true" : "false";
		output_csv_row(stdout, cells, 13);
	}
}

static void
cmd_snapshots_json(const struct store_snapshot *v, size_t n)
{
	struct strbuf	 sb;
	struct jsonw	 w;
	int64_t		 next;
	size_t		 i;

	strbuf_init(&sb);
	jsonw_init(&w, &sb, 0);
	jsonw_array_begin(&w);
	for (i = 0; i < n; i++) {
		next = cmd_snapshots_next(v, n, i);
		jsonw_object_begin(&w);
		jsonw_key(&w, "id");
		jsonw_int(&w, v[i].id);
		jsonw_key(&w, "source");
		jsonw_str(&w, v[i].source);
		jsonw_key(&w, "imported_at");
		cmd_time_json(&w, v[i].imported_at);
		jsonw_key(&w, "format");
		jsonw_str(&w, v[i].format);
		jsonw_key(&w, "input");
		jsonw_str(&w, v[i].input);
		jsonw_key(&w, "sha256");
		jsonw_str(&w, v[i].input_sha256);
		jsonw_key(&w, "nodes");
		jsonw_int(&w, v[i].nodes);
		jsonw_key(&w, "edges");
		jsonw_int(&w, v[i].edges);
		jsonw_key(&w, "placeholders");
		jsonw_int(&w, v[i].placeholders);
		jsonw_key(&w, "warnings");
		jsonw_int(&w, v[i].warnings);
		jsonw_key(&w, "partial");
		jsonw_bool(&w, v[i].partial);
		jsonw_key(&w, "current");
		jsonw_bool(&w, next == 0);
		jsonw_key(&w, "superseded_by");
		if (next == 0)
			jsonw_null(&w);
		else
			jsonw_int(&w, next);
		jsonw_key(&w, "in_view");
		jsonw_bool(&w, v[i].current);
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	strbuf_addch(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_free(&sb);
}

/* Move the snapshots of one source to the front, in order; return them. */
static size_t
cmd_snapshots_filter(struct store_snapshot *v, size_t n, const char *source)
{
	struct store_snapshot	 tmp;
	size_t			 i, kept = 0;

	for (i = 0; i < n; i++) {
		if (strcmp(v[i].source, source) != 0)
			continue;
		tmp = v[kept];
		v[kept++] = v[i];
		v[i] = tmp;
	}
	return kept;
}

static int
cmd_snapshots_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum output_format		 fmt = OUTPUT_TABLE;
	struct store_snapshot		*v = NULL;
	struct store			*s;
	const char			*source = NULL;
	size_t				 n = 0, shown;
	char				*err = NULL;
	int				 ch, rc;

	while ((ch = getopt_long(argc, argv, "s:f:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			source = optarg;
			break;
		case 'f':
			if (output_parse_format(optarg, &fmt) == -1) {
				cmd_error("--format: expected table, json or "
				    "csv, not \"%s\"", optarg);
				return CMD_EXIT_USAGE;
			}
			break;
		case 'h':
			printf("usage: trustwalk snapshots [--source SOURCE] "
			    "[--format table|json|csv]\n");
			return CMD_EXIT_OK;
		default:
			return cmd_usage(&cmd_snapshots_entry);
		}
	}
	if (optind != argc)
		return cmd_usage(&cmd_snapshots_entry);
	if ((rc = cmd_open_case(cli, &s, NULL)) != CMD_EXIT_OK)
		return rc;
	if (store_snapshots(s, &v, &n, &err) == -1) {
		cmd_error("%s", err);
		free(err);
		store_close(s);
		return CMD_EXIT_STORE;
	}
	shown = n;
	if (source != NULL)
		shown = cmd_snapshots_filter(v, n, source);
	if (fmt == OUTPUT_TABLE)
		cmd_snapshots_table(v, shown, cli->as_of_given);
	else if (fmt == OUTPUT_CSV)
		cmd_snapshots_csv(v, shown);
	else
		cmd_snapshots_json(v, shown);
	store_snapshots_free(v, n);
	store_close(s);
	return CMD_EXIT_OK;
}

const struct cmd_entry cmd_snapshots_entry = {
	.name = "snapshots",
	.usage = "[--source SOURCE] [--format table|json|csv]",
	.summary = "list the imports of the case and their inputs' SHA-256",
	.exec = cmd_snapshots_exec,
};
