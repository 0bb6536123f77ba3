/*
 * trustwalk chokepoints: the nodes and edges whose removal would cut the
 * most (credential, crown jewel) pairs, with the number each cuts.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "choke.h"
#include "cmd.h"
#include "jsonw.h"
#include "model.h"
#include "output.h"
#include "scenario.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

/* Fill the cells that describe chokepoint p: type, what, name, key. */
static void
cmd_choke_describe(const struct model *m, const struct choke_point *p,
    struct strbuf *what, struct strbuf *name, struct strbuf *key)
{
	strbuf_reset(what);
	strbuf_reset(name);
	strbuf_reset(key);
	if (!p->edge) {
		strbuf_addstr(what, kind_node_name(m->kind[p->id]));
		strbuf_addstr(name, m->name[p->id]);
		strbuf_addstr(key, m->key[p->id]);
		return;
	}
	strbuf_addf(what, "%s (%s)", kind_edge_name(m->ekind[p->id]),
	    model_label(m, m->eraw[p->id]));
	strbuf_addf(name, "%s > %s", m->name[m->esrc[p->id]],
	    m->name[m->edst[p->id]]);
	strbuf_addf(key, "%s > %s", m->key[m->esrc[p->id]],
	    m->key[m->edst[p->id]]);
}

static void
cmd_choke_table(const struct model *m, const struct choke_result *r,
    size_t n, int csv)
{
	static const char *const	 head[] = {
		"PAIRS", "TYPE", "WHAT", "NAME", "KEY"
	};
	static const char *const	 csvhead[] = {
		"pairs", "type", "what", "name", "key"
	};
	static const int		 maxw[] = { 0, 0, 40, 48, 0 };
	struct output_table		 t;
	struct strbuf			 what, name, key;
	const char			*cells[5];
	char				 pairs[24], line[128];
	size_t				 i;

	strbuf_init(&what);
	strbuf_init(&name);
	strbuf_init(&key);
	if (csv)
		output_csv_row(stdout, csvhead, 5);
	else
		output_table_init(&t, 5, head, maxw);
	for (i = 0; i < n; i++) {
		snprintf(pairs, sizeof(pairs), "%llu",
		    (unsigned long long)r->points[i].pairs);
		cmd_choke_describe(m, &r->points[i], &what, &name, &key);
		cells[0] = pairs;
		cells[1] = r->points[i].edge ? "edge" : "node";
		cells[2] = what.buf;
		cells[3] = name.buf;
		cells[4] = key.buf;
		if (csv)
			output_csv_row(stdout, cells, 5);
		else
			output_table_row(&t, cells);
	}
	if (!csv) {
		output_table_print(&t, stdout);
		output_table_free(&t);
		snprintf(line, sizeof(line), "connected (credential, crown "
		    "jewel) pairs: %llu; crown jewels: %zu",
		    (unsigned long long)r->pairs, r->jewels);
		output_line(stdout, line);
	}
	strbuf_free(&what);
	strbuf_free(&name);
	strbuf_free(&key);
}

static void
cmd_choke_point_json(struct jsonw *w, const struct model *m,
    const struct choke_point *p)
{
	uint32_t	 e = p->id;

	jsonw_object_begin(w);
	jsonw_key(w, "type");
	jsonw_str(w, p->edge ? "edge" : "node");
	jsonw_key(w, "pairs");
	jsonw_int(w, (int64_t)p->pairs);
	if (!p->edge) {
		cmd_node_json_fields(w, m, p->id);
		jsonw_object_end(w);
		return;
	}
	jsonw_key(w, "kind");
	jsonw_str(w, kind_edge_name(m->ekind[e]));
	jsonw_key(w, "source_kind");
	jsonw_str(w, model_label(m, m->eraw[e]));
	jsonw_key(w, "from");
	jsonw_str(w, m->key[m->esrc[e]]);
	jsonw_key(w, "from_name");
	jsonw_str(w, m->name[m->esrc[e]]);
	jsonw_key(w, "to");
	jsonw_str(w, m->key[m->edst[e]]);
	jsonw_key(w, "to_name");
	jsonw_str(w, m->name[m->edst[e]]);
	jsonw_object_end(w);
}

static void
cmd_choke_json(const struct model *m, const struct scenario *sc,
    const struct choke_result *r, size_t n)
{
	struct strbuf	 sb;
	struct jsonw	 w;
	uint32_t	*jewels;
	size_t		 i, nj;

	strbuf_init(&sb);
	jsonw_init(&w, &sb, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "pairs");
	jsonw_int(&w, (int64_t)r->pairs);
	jsonw_key(&w, "crown_jewels");
	jsonw_array_begin(&w);
	nj = scenario_jewels(sc, &jewels);
	for (i = 0; i < nj; i++)
		jsonw_str(&w, m->key[jewels[i]]);
	free(jewels);
	jsonw_array_end(&w);
	jsonw_key(&w, "chokepoints");
	jsonw_array_begin(&w);
	for (i = 0; i < n; i++)
		cmd_choke_point_json(&w, m, &r->points[i]);
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	strbuf_addch(&sb, '\n');
	cmd_flush(&sb);
	strbuf_free(&sb);
}

static int
cmd_choke_options(int argc, char **argv, enum output_format *fmt,
    uint32_t *kinds, uint32_t *top)
{
	static const struct option	 longopts[] = {
		{ "top", required_argument, NULL, 't' },
		{ "edges", required_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int				 ch, rc = CMD_EXIT_OK;

	while (rc == CMD_EXIT_OK && (ch = getopt_long(argc, argv,
	    "t:e:f:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 't':
			rc = cmd_parse_count("--top", optarg, UINT32_MAX - 1,
			    top);
			break;
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
			printf("usage: trustwalk chokepoints %s\n"
			    "  --top N        the first N chokepoints (default "
			    "20, 0: all)\n"
			    "  --edges KINDS  edge kinds to follow\n"
			    "  --format F     table, json or csv\n"
			    "Crown jewels come from --tier-zero KEY (before "
			    "the command) and [analysis] tier_zero.\n",
			    cmd_choke_entry.usage);
			return -1;
		default:
			return cmd_usage(&cmd_choke_entry);
		}
	}
	if (rc == CMD_EXIT_OK && optind != argc)
		return cmd_usage(&cmd_choke_entry);
	return rc;
}

static int
cmd_choke_exec(struct cli *cli, int argc, char **argv)
{
	enum output_format	 fmt = OUTPUT_TABLE;
	struct choke_result	 r;
	struct reach_filter	 f;
	struct scenario		 sc;
	struct store		*s;
	struct model		*m;
	uint32_t		 kinds = REACH_KINDS_DEFAULT, top = 20;
	size_t			 n;
	char			*err = NULL;
	int			 rc;

	rc = cmd_choke_options(argc, argv, &fmt, &kinds, &top);
	if (rc != CMD_EXIT_OK)
		return rc == -1 ? CMD_EXIT_OK : rc;
	if ((rc = cmd_open_case(cli, &s, &m)) != CMD_EXIT_OK)
		return rc;
	if ((rc = cmd_scenario(cli, s, m, &sc)) != CMD_EXIT_OK)
		goto out;
	if (sc.ntier_zero == 0) {
		cmd_error("no crown jewels: mark nodes tier zero with "
		    "\"trustwalk --tier-zero KEY chokepoints\" or with "
		    "tier_zero under [analysis] in the configuration");
		rc = CMD_EXIT_USAGE;
		goto done;
	}
	scenario_set_kinds(&sc, kinds);
	scenario_filter(&sc, &f);
	if (choke_compute(m, &f, sc.tier_zero, NULL, &r, &err) == -1) {
		cmd_error("%s", err);
		free(err);
		choke_free(&r);
		rc = CMD_EXIT_STORE;
		goto done;
	}
	n = top > 0 && r.n > top ? top : r.n;
	if (fmt == OUTPUT_JSON)
		cmd_choke_json(m, &sc, &r, n);
	else
		cmd_choke_table(m, &r, n, fmt == OUTPUT_CSV);
	choke_free(&r);
done:
	scenario_free(&sc);
out:
	model_free(m);
	store_close(s);
	return rc;
}

const struct cmd_entry cmd_choke_entry = {
	.name = "chokepoints",
	.usage = "[--top N] [--edges KINDS] [--format table|json|csv]",
	.summary = "nodes and edges that cut credentials off crown jewels",
	.exec = cmd_choke_exec,
};
