/*
 * trustwalk path: the shortest path between two nodes and up to N
 * alternatives, with each edge's kind, source kind and conditions.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "jsonw.h"
#include "model.h"
#include "output.h"
#include "paths.h"
#include "scenario.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

/* The conditions of edge e as text, or NULL. The caller frees it. */
static char *
cmd_path_conditions(struct store *s, const struct model *m, uint32_t e)
{
	char	*cond = NULL, *attrs = NULL, *err = NULL;

	if (!(m->eflags[e] & RECORD_EDGE_CONDITIONAL))
		return NULL;
	if (store_edge_detail(s, m->eid[e], &cond, &attrs, &err) == -1) {
		free(err);
		return NULL;
	}
	free(attrs);
	return cond;
}

/* Fill the cells of hop i of path p (0: the start node). */
static void
cmd_path_cells(struct store *s, const struct model *m, const struct path *p,
    size_t from, size_t i, const char **cells, struct strbuf *edge,
    char **cond)
{
	size_t		 v = path_node(m, p, from, i);
	uint32_t	 e;

	strbuf_reset(edge);
	*cond = NULL;
	if (i > 0) {
		e = p->edges[i - 1];
		strbuf_addf(edge, "%s (%s)", kind_edge_name(m->ekind[e]),
		    model_label(m, m->eraw[e]));
		*cond = cmd_path_conditions(s, m, e);
		if (m->eflags[e] & RECORD_EDGE_CONDITIONAL)
			strbuf_addstr(edge, " cond");
	}
	cells[2] = kind_node_name(m->kind[v]);
	cells[3] = m->name[v];
	cells[4] = edge->buf != NULL ? edge->buf : "";
	cells[5] = m->key[v];
	cells[6] = *cond != NULL ? *cond : "";
}

static void
cmd_path_rows(struct store *s, const struct model *m, const struct path *v,
    size_t n, size_t from, int csv)
{
	static const char *const	 head[] = {
		"PATH", "HOP", "KIND", "NAME", "EDGE", "KEY", "CONDITIONS"
	};
	static const char *const	 csvhead[] = {
		"path", "hop", "kind", "name", "edge", "key", "conditions"
	};
	static const int		 maxw[] = { 0, 0, 0, 32, 40, 0, 0 };
	struct output_table		 t;
	struct strbuf			 edge;
	const char			*cells[7];
	char				 pn[24], hop[24], *cond;
	size_t				 k, i;

	strbuf_init(&edge);
	if (csv)
		output_csv_row(stdout, csvhead, 7);
	else
		output_table_init(&t, 7, head, maxw);
	for (k = 0; k < n; k++) {
		for (i = 0; i <= v[k].len; i++) {
			snprintf(pn, sizeof(pn), "%zu", k + 1);
			snprintf(hop, sizeof(hop), "%zu", i);
			cells[0] = pn;
			cells[1] = hop;
			cmd_path_cells(s, m, &v[k], from, i, cells, &edge,
			    &cond);
			if (csv)
				output_csv_row(stdout, cells, 7);
			else
				output_table_row(&t, cells);
			free(cond);
		}
	}
	if (!csv) {
		output_table_print(&t, stdout);
		output_table_free(&t);
	}
	strbuf_free(&edge);
}

static void
cmd_path_json_out(struct store *s, const struct model *m,
    const struct scenario *sc, const struct path *v, size_t n, size_t from,
    size_t to)
{
	struct strbuf	 sb;
	struct jsonw	 w;
	char		*kinds;
	size_t		 k;

	strbuf_init(&sb);
	jsonw_init(&w, &sb, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "from");
	cmd_node_json(&w, m, from);
	jsonw_key(&w, "to");
	cmd_node_json(&w, m, to);
	jsonw_key(&w, "edges");
	kinds = reach_format_kinds(sc->kinds);
	jsonw_str(&w, kinds);
	free(kinds);
	jsonw_key(&w, "paths");
	jsonw_array_begin(&w);
	for (k = 0; k < n; k++) {
		jsonw_object_begin(&w);
		jsonw_key(&w, "length");
		jsonw_int(&w, (int64_t)v[k].len);
		jsonw_key(&w, "conditional");
		jsonw_bool(&w, v[k].conditional);
		jsonw_key(&w, "steps");
		cmd_path_json(&w, s, m, v[k].edges, v[k].len);
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	strbuf_addch(&sb, '\n');
	cmd_flush(&sb);
	strbuf_free(&sb);
}

/* Say that there is no path, and under which edge kinds. */
static void
cmd_path_none(const struct model *m, const struct scenario *sc, size_t from,
    size_t to)
{
	struct strbuf	 sb;
	char		*kinds = reach_format_kinds(sc->kinds);

	strbuf_init(&sb);
	strbuf_addf(&sb, "no path from %s to %s (edges: %s)", m->name[from],
	    m->name[to], kinds);
	output_line(stdout, sb.buf);
	strbuf_free(&sb);
	free(kinds);
}

static int
cmd_path_options(int argc, char **argv, enum output_format *fmt,
    uint32_t *kinds, uint32_t *k)
{
	static const struct option	 longopts[] = {
		{ "edges", required_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int				 ch, rc;

	while ((ch = getopt_long(argc, argv, "k:e:f:h", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'k':
			if ((rc = cmd_parse_count("-k", optarg, PATHS_MAX_K,
			    k)) != CMD_EXIT_OK)
				return rc;
			if (*k == 0) {
				cmd_error("-k: ask for at least one path");
				return CMD_EXIT_USAGE;
			}
			break;
		case 'e':
			if ((rc = cmd_parse_edges(optarg, kinds)) != CMD_EXIT_OK)
				return rc;
			break;
		case 'f':
			if (output_parse_format(optarg, fmt) == -1) {
				cmd_error("--format: expected table, json or "
				    "csv, not \"%s\"", optarg);
				return CMD_EXIT_USAGE;
			}
			break;
		case 'h':
			printf("usage: trustwalk path %s\n"
			    "  -k N           the shortest path and alternatives, "
			    "N in all (at most %d)\n"
			    "  --edges KINDS  edge kinds to follow, such as "
			    "member_of,has_role or !related\n"
			    "  --format F     table, json or csv\n",
			    cmd_path_entry.usage, PATHS_MAX_K);
			return -1;
		default:
			return cmd_usage(&cmd_path_entry);
		}
	}
	if (optind + 2 != argc)
		return cmd_usage(&cmd_path_entry);
	return CMD_EXIT_OK;
}

static int
cmd_path_exec(struct cli *cli, int argc, char **argv)
{
	enum output_format	 fmt = OUTPUT_TABLE;
	struct reach_filter	 f;
	struct scenario		 sc;
	struct paths		 p;
	struct store		*s;
	struct model		*m;
	struct path		*v = NULL;
	uint32_t		 kinds = REACH_KINDS_DEFAULT, k = 1;
	int64_t			 from, to;
	size_t			 n = 0;
	int			 rc;

	rc = cmd_path_options(argc, argv, &fmt, &kinds, &k);
	if (rc != CMD_EXIT_OK)
		return rc == -1 ? CMD_EXIT_OK : rc;
	if ((rc = cmd_open_case(cli, &s, &m)) != CMD_EXIT_OK)
		return rc;
	if ((from = cmd_resolve_node(m, argv[optind])) < 0 ||
	    (to = cmd_resolve_node(m, argv[optind + 1])) < 0) {
		rc = CMD_EXIT_USAGE;
		goto out;
	}
	if ((rc = cmd_scenario(cli, s, m, &sc)) != CMD_EXIT_OK)
		goto out;
	scenario_set_kinds(&sc, kinds);
	scenario_filter(&sc, &f);
	paths_init(&p, m);
	paths_k_shortest(&p, (size_t)from, (size_t)to, k, &f, NULL, &v, &n);
	if (fmt == OUTPUT_JSON)
		cmd_path_json_out(s, m, &sc, v, n, (size_t)from, (size_t)to);
	else if (n > 0 || fmt == OUTPUT_CSV)
		cmd_path_rows(s, m, v, n, (size_t)from, fmt == OUTPUT_CSV);
	else
		cmd_path_none(m, &sc, (size_t)from, (size_t)to);
	path_list_free(v, n);
	paths_free(&p);
	scenario_free(&sc);
out:
	model_free(m);
	store_close(s);
	return rc;
}

const struct cmd_entry cmd_path_entry = {
	.name = "path",
	.usage = "[-k N] [--edges KINDS] [--format table|json|csv] FROM TO",
	.summary = "shortest path between two nodes, and alternatives",
	.exec = cmd_path_exec,
};
