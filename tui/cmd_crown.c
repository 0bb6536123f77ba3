/*
 * trustwalk crown-jewels: the nodes marked tier zero, and every
 * credential that can reach one, with the shortest path. This is the
 * data a posture rule reports as one finding per pair.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "crown.h"
#include "jsonw.h"
#include "model.h"
#include "output.h"
#include "scenario.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

static void
cmd_crown_table(const struct model *m, const struct crown_pair *p, size_t n,
    size_t njewels, int csv)
{
	static const char *const	 head[] = {
		"CREDENTIAL", "JEWEL", "HOPS", "MARKS", "PATH"
	};
	static const char *const	 csvhead[] = {
		"credential", "jewel", "hops", "conditional", "path"
	};
	static const int		 maxw[] = { 32, 32, 0, 0, 0 };
	struct output_table		 t;
	const char			*cells[5];
	char				 hops[24], *path, line[128];
	size_t				 i;

	if (csv)
		output_csv_row(stdout, csvhead, 5);
	else
		output_table_init(&t, 5, head, maxw);
	for (i = 0; i < n; i++) {
		snprintf(hops, sizeof(hops), "%zu", p[i].len);
		path = cmd_path_text(m, p[i].credential, p[i].edges, p[i].len,
		    csv);
		cells[0] = csv ? m->key[p[i].credential] :
		    m->name[p[i].credential];
		cells[1] = csv ? m->key[p[i].jewel] : m->name[p[i].jewel];
		cells[2] = hops;
		cells[3] = csv ? (p[i].conditional ? "true" : "false") :
		    (p[i].conditional ? "cond" : "");
		cells[4] = path;
		if (csv)
			output_csv_row(stdout, cells, 5);
		else
			output_table_row(&t, cells);
		free(path);
	}
	if (!csv) {
		output_table_print(&t, stdout);
		output_table_free(&t);
		snprintf(line, sizeof(line), "crown jewels: %zu; (credential, "
		    "crown jewel) pairs: %zu", njewels, n);
		output_line(stdout, line);
	}
}

static void
cmd_crown_json(struct store *s, const struct model *m,
    const struct scenario *sc, const struct crown_pair *p, size_t n)
{
	struct strbuf	 sb;
	struct jsonw	 w;
	uint32_t	*jewels;
	size_t		 i, nj;

	strbuf_init(&sb);
	jsonw_init(&w, &sb, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "crown_jewels");
	jsonw_array_begin(&w);
	nj = scenario_jewels(sc, &jewels);
	for (i = 0; i < nj; i++)
		cmd_node_json(&w, m, jewels[i]);
	free(jewels);
	jsonw_array_end(&w);
	jsonw_key(&w, "pairs");
	jsonw_array_begin(&w);
	for (i = 0; i < n; i++) {
		jsonw_object_begin(&w);
		jsonw_key(&w, "credential");
		cmd_node_json(&w, m, p[i].credential);
		jsonw_key(&w, "jewel");
		cmd_node_json(&w, m, p[i].jewel);
		jsonw_key(&w, "length");
		jsonw_int(&w, (int64_t)p[i].len);
		jsonw_key(&w, "conditional");
		jsonw_bool(&w, p[i].conditional);
		jsonw_key(&w, "path");
		cmd_path_json(&w, s, m, p[i].edges, p[i].len);
		jsonw_object_end(&w);
		if (sb.len > 65536)
			cmd_flush(&sb);
	}
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	strbuf_addch(&sb, '\n');
	cmd_flush(&sb);
	strbuf_free(&sb);
}

static int
cmd_crown_options(int argc, char **argv, enum output_format *fmt,
    uint32_t *kinds)
{
	static const struct option	 longopts[] = {
		{ "edges", required_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int				 ch, rc = CMD_EXIT_OK;

	while (rc == CMD_EXIT_OK && (ch = getopt_long(argc, argv, "e:f:h",
	    longopts, NULL)) != -1) {
		switch (ch) {
		case 'e':
			rc = cmd_parse_edges(optarg, kinds);
			break;
		case 'f':
			if (output_parse_format(optarg, fmt) == -1) {
				cmd_error("--format: expected table, json or "
				    "csv, not \"%s\"", optarg);
				rc = CMD_EXIT_USAGE;
			}
			break;
		case 'h':
			printf("usage: trustwalk crown-jewels %s\n"
			    "  --edges KINDS  edge kinds to follow\n"
			    "  --format F     table, json or csv\n"
			    "Crown jewels come from --tier-zero KEY (before "
			    "the command) and [analysis] tier_zero.\n",
			    cmd_crown_entry.usage);
			return -1;
		default:
			return cmd_usage(&cmd_crown_entry);
		}
	}
	if (rc == CMD_EXIT_OK && optind != argc)
		return cmd_usage(&cmd_crown_entry);
	return rc;
}

static int
cmd_crown_exec(struct cli *cli, int argc, char **argv)
{
	enum output_format	 fmt = OUTPUT_TABLE;
	struct reach_filter	 f;
	struct scenario		 sc;
	struct crown_pair	*pairs;
	struct store		*s;
	struct model		*m;
	uint32_t		 kinds = REACH_KINDS_DEFAULT;
	size_t			 n;
	int			 rc;

	rc = cmd_crown_options(argc, argv, &fmt, &kinds);
	if (rc != CMD_EXIT_OK)
		return rc == -1 ? CMD_EXIT_OK : rc;
	if ((rc = cmd_open_case(cli, &s, &m)) != CMD_EXIT_OK)
		return rc;
	if ((rc = cmd_scenario(cli, s, m, &sc)) != CMD_EXIT_OK)
		goto out;
	if (sc.ntier_zero == 0 && fmt == OUTPUT_TABLE)
		cmd_error("no crown jewels are marked; use --tier-zero KEY "
		    "before the command, or tier_zero under [analysis] in "
		    "the configuration");
	scenario_set_kinds(&sc, kinds);
	scenario_filter(&sc, &f);
	crown_pairs(m, &f, sc.tier_zero, cli->now, NULL, &pairs, &n);
	if (fmt == OUTPUT_JSON)
		cmd_crown_json(s, m, &sc, pairs, n);
	else
		cmd_crown_table(m, pairs, n, sc.ntier_zero, fmt == OUTPUT_CSV);
	crown_pairs_free(pairs, n);
	scenario_free(&sc);
out:
	model_free(m);
	store_close(s);
	return rc;
}

const struct cmd_entry cmd_crown_entry = {
	.name = "crown-jewels",
	.usage = "[--edges KINDS] [--format table|json|csv]",
	.summary = "credentials that reach a crown jewel, with paths",
	.exec = cmd_crown_exec,
};
