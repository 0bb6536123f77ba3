/*
 * trustwalk blast: the blast radius of every credential and identity:
 * how many privileges, admin-equivalent nodes, systems and crown jewels
 * each can reach, sorted by the column asked for.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blast.h"
#include "cmd.h"
#include "jsonw.h"
#include "model.h"
#include "output.h"
#include "scenario.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

/* The sort order of the listing. */
struct cmd_blast_sort {
	const struct model	*m;
	const struct blast	*b;
	int			 first;	/* a column first, or -1 */
};

/* The default order of columns: crown jewels, admin, privileges, systems. */
static const int cmd_blast_order[BLAST_NCOLUMNS] = {
	BLAST_JEWELS, BLAST_ADMIN, BLAST_PRIVILEGES, BLAST_SYSTEMS
};

static int
cmd_blast_cmp(const void *a, const void *b, void *ctx)
{
	const struct cmd_blast_sort	*o = ctx;
	uint32_t			 x = *(const uint32_t *)a;
	uint32_t			 y = *(const uint32_t *)b;
	uint32_t			*col;
	int				 i, c;

	if (o->first >= 0) {
		col = o->b->count[o->first];
		if (col[x] != col[y])
			return col[x] > col[y] ? -1 : 1;
	}
	for (i = 0; i < BLAST_NCOLUMNS; i++) {
		col = o->b->count[cmd_blast_order[i]];
		if (col[x] != col[y])
			return col[x] > col[y] ? -1 : 1;
	}
	if ((c = strcmp(o->m->name[x], o->m->name[y])) != 0)
		return c;
	return strcmp(o->m->key[x], o->m->key[y]);
}

static void
cmd_blast_table(const struct model *m, const struct blast *b,
    const uint32_t *ids, size_t n, int csv)
{
	static const char *const	 head[] = {
		"KIND", "NAME", "PRIV", "ADMIN", "SYS", "JEWELS", "KEY"
	};
	static const char *const	 csvhead[] = {
		"key", "kind", "name", "privileges", "admin", "systems",
		"crown_jewels"
	};
	static const int		 maxw[] = { 0, 40, 0, 0, 0, 0, 0 };
	struct output_table		 t;
	const char			*cells[7];
	char				 num[BLAST_NCOLUMNS][16];
	size_t				 i, k, v;

	if (csv)
		output_csv_row(stdout, csvhead, 7);
	else
		output_table_init(&t, 7, head, maxw);
	for (i = 0; i < n; i++) {
		v = ids[i];
		for (k = 0; k < BLAST_NCOLUMNS; k++)
			snprintf(num[k], sizeof(num[k]), "%u", b->count[k][v]);
		if (csv) {
			cells[0] = m->key[v];
			cells[1] = kind_node_name(m->kind[v]);
			cells[2] = m->name[v];
			for (k = 0; k < BLAST_NCOLUMNS; k++)
				cells[3 + k] = num[k];
			output_csv_row(stdout, cells, 7);
			continue;
		}
		cells[0] = kind_node_name(m->kind[v]);
		cells[1] = m->name[v];
		for (k = 0; k < BLAST_NCOLUMNS; k++)
			cells[2 + k] = num[k];
		cells[6] = m->key[v];
		output_table_row(&t, cells);
	}
	if (!csv) {
		output_table_print(&t, stdout);
		output_table_free(&t);
	}
}

static void
cmd_blast_json(const struct model *m, const struct blast *b,
    const uint32_t *ids, size_t n)
{
	struct strbuf	 sb;
	struct jsonw	 w;
	size_t		 i, k;

	strbuf_init(&sb);
	jsonw_init(&w, &sb, 0);
	jsonw_array_begin(&w);
	for (i = 0; i < n; i++) {
		jsonw_object_begin(&w);
		cmd_node_json_fields(&w, m, ids[i]);
		for (k = 0; k < BLAST_NCOLUMNS; k++) {
			jsonw_key(&w, blast_column_name(k));
			jsonw_int(&w, b->count[k][ids[i]]);
		}
		jsonw_object_end(&w);
		if (sb.len > 65536)
			cmd_flush(&sb);
	}
	jsonw_array_end(&w);
	strbuf_addch(&sb, '\n');
	cmd_flush(&sb);
	strbuf_free(&sb);
}

/* Parse the --sort column name. */
static int
cmd_blast_parse_sort(const char *arg, int *first)
{
	int	 k;

	for (k = 0; k < BLAST_NCOLUMNS; k++) {
		if (strcmp(arg, blast_column_name(k)) == 0 ||
		    strcmp(arg, blast_column_label(k)) == 0) {
			*first = k;
			return CMD_EXIT_OK;
		}
	}
	cmd_error("--sort: expected privileges, admin, systems or "
	    "crown_jewels, not \"%s\"", arg);
	return CMD_EXIT_USAGE;
}

struct cmd_blast_opts {
	enum output_format	 fmt;
	uint32_t		 kinds;
	uint32_t		 top;
	int			 kind;
	int			 first;
};

static int
cmd_blast_options(int argc, char **argv, struct cmd_blast_opts *o)
{
	static const struct option	 longopts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "sort", required_argument, NULL, 's' },
		{ "top", required_argument, NULL, 't' },
		{ "edges", required_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int				 ch, rc = CMD_EXIT_OK;

	while (rc == CMD_EXIT_OK && (ch = getopt_long(argc, argv,
	    "k:s:t:e:f:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'k':
			o->kind = kind_node_parse(optarg);
			if (o->kind == -1 || !kind_node_is_identity(o->kind)) {
				cmd_error("--kind: \"%s\" is not a credential "
				    "or identity kind", optarg);
				rc = CMD_EXIT_USAGE;
			}
			break;
		case 's':
			rc = cmd_blast_parse_sort(optarg, &o->first);
			break;
		case 't':
			rc = cmd_parse_count("--top", optarg, UINT32_MAX - 1,
			    &o->top);
			break;
		case 'e':
			rc = cmd_parse_edges(optarg, &o->kinds);
			break;
		case 'f':
			if (output_parse_format(optarg, &o->fmt) == -1) {
				cmd_error("--format: expected table, json or "
				    "csv, not \"%s\"", optarg);
				rc = CMD_EXIT_USAGE;
			}
			break;
		case 'h':
			printf("usage: trustwalk blast %s\n"
			    "  --kind K       only nodes of this kind\n"
			    "  --sort COLUMN  privileges, admin, systems or "
			    "crown_jewels first (descending)\n"
			    "  --top N        only the first N rows (0: all)\n"
			    "  --edges KINDS  edge kinds to follow\n"
			    "  --format F     table, json or csv\n",
			    cmd_blast_entry.usage);
			return -1;
		default:
			return cmd_usage(&cmd_blast_entry);
		}
	}
	if (rc == CMD_EXIT_OK && optind != argc)
		return cmd_usage(&cmd_blast_entry);
	return rc;
}

static int
cmd_blast_exec(struct cli *cli, int argc, char **argv)
{
	struct cmd_blast_opts	 o;
	struct cmd_blast_sort	 order;
	struct reach_filter	 f;
	struct scenario		 sc;
	struct blast		 b;
	struct store		*s;
	struct model		*m;
	uint32_t		*ids;
	size_t			 n = 0, v;
	int			 rc;

	memset(&o, 0, sizeof(o));
	o.kinds = REACH_KINDS_DEFAULT;
	o.kind = -1;
	o.first = -1;
	if ((rc = cmd_blast_options(argc, argv, &o)) != CMD_EXIT_OK)
		return rc == -1 ? CMD_EXIT_OK : rc;
	if ((rc = cmd_open_case(cli, &s, &m)) != CMD_EXIT_OK)
		return rc;
	if ((rc = cmd_scenario(cli, s, m, &sc)) != CMD_EXIT_OK)
		goto out;
	scenario_set_kinds(&sc, o.kinds);
	scenario_filter(&sc, &f);
	blast_compute(&b, m, &f, sc.tier_zero, NULL);

	ids = xreallocarray(NULL, m->nnodes + 1, sizeof(*ids));
	for (v = 0; v < m->nnodes; v++) {
		if (blast_is_source(m, v) && (o.kind == -1 ||
		    m->kind[v] == o.kind))
			ids[n++] = (uint32_t)v;
	}
	order.m = m;
	order.b = &b;
	order.first = o.first;
	qsort_r(ids, n, sizeof(*ids), cmd_blast_cmp, &order);
	if (o.top > 0 && n > o.top)
		n = o.top;
	if (o.fmt == OUTPUT_JSON)
		cmd_blast_json(m, &b, ids, n);
	else
		cmd_blast_table(m, &b, ids, n, o.fmt == OUTPUT_CSV);
	free(ids);
	blast_free(&b);
	scenario_free(&sc);
out:
	model_free(m);
	store_close(s);
	return rc;
}

const struct cmd_entry cmd_blast_entry = {
	.name = "blast",
	.usage = "[--kind K] [--sort COLUMN] [--top N] [--edges KINDS] "
	    "[--format table|json|csv]",
	.summary = "blast radius of every credential and identity",
	.exec = cmd_blast_exec,
};
