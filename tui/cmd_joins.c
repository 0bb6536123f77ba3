/*
 * trustwalk joins: list the rules that join sources when the model loads
 * (see graph/join.h), whether each is on, and what it added to the case.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "join.h"
#include "jsonw.h"
#include "model.h"
#include "output.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

/* The number of nodes rule r added (only person-email adds nodes). */
static size_t
cmd_joins_nodes(const struct join_result *r, int rule)
{
	return rule == JOIN_PERSON_EMAIL && r != NULL ? r->nnodes : 0;
}

static void
cmd_joins_table(const struct join_result *r, unsigned mask)
{
	static const char *const headers[] = {
		"RULE", "STATE", "EDGES", "NODES", "JOINS"
	};
	static const int	 maxw[] = { 0, 0, 0, 0, 0 };
	const struct join_rule_info	*rules = join_rules();
	struct output_table	 t;
	char			 edges[32], nodes[32];
	const char		*cells[5];
	int			 i;

	output_table_init(&t, 5, headers, maxw);
	for (i = 0; i < JOIN_NRULES; i++) {
		snprintf(edges, sizeof(edges), "%zu", r != NULL ?
		    r->counts[i] : 0);
		snprintf(nodes, sizeof(nodes), "%zu", cmd_joins_nodes(r, i));
		cells[0] = rules[i].name;
		cells[1] = (mask >> i) & 1 ? "on" : "off";
		cells[2] = edges;
		cells[3] = nodes;
		cells[4] = rules[i].summary;
		output_table_row(&t, cells);
	}
	output_table_print(&t, stdout);
	output_table_free(&t);
}

static void
cmd_joins_json(const struct join_result *r, unsigned mask)
{
	const struct join_rule_info	*rules = join_rules();
	struct strbuf		 sb;
	struct jsonw		 w;
	int			 i;

	strbuf_init(&sb);
	jsonw_init(&w, &sb, JSONW_PRETTY);
	jsonw_array_begin(&w);
	for (i = 0; i < JOIN_NRULES; i++) {
		jsonw_object_begin(&w);
		jsonw_key(&w, "rule");
		jsonw_str(&w, rules[i].name);
		jsonw_key(&w, "on");
		jsonw_bool(&w, (mask >> i) & 1);
		jsonw_key(&w, "edges");
		jsonw_int(&w, (int64_t)(r != NULL ? r->counts[i] : 0));
		jsonw_key(&w, "nodes");
		jsonw_int(&w, (int64_t)cmd_joins_nodes(r, i));
		jsonw_key(&w, "summary");
		jsonw_str(&w, rules[i].summary);
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	strbuf_addch(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_free(&sb);
}

static int
cmd_joins_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum output_format		 fmt = OUTPUT_TABLE;
	struct store			*s;
	struct model			*m;
	char				*unknown = NULL;
	unsigned			 mask;
	int				 ch, rc;

	while ((ch = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (output_parse_format(optarg, &fmt) == -1 ||
			    fmt == OUTPUT_CSV) {
				cmd_error("--format: expected table or json, "
				    "not \"%s\"", optarg);
				return CMD_EXIT_USAGE;
			}
			break;
		case 'h':
			printf("usage: trustwalk joins [--format table|json]\n"
			    "  lists the rules that join sources; switch them "
			    "with\n"
			    "  TRUSTWALK_JOINS=all|none|RULE,...|-RULE,... or "
			    "the key\n"
			    "  rules in the [joins] section of the "
			    "configuration\n");
			return CMD_EXIT_OK;
		default:
			return cmd_usage(&cmd_joins_entry);
		}
	}
	if (optind != argc)
		return cmd_usage(&cmd_joins_entry);
	mask = join_mask(getenv("TRUSTWALK_JOINS"), &unknown);
	if (unknown != NULL) {
		cmd_error("TRUSTWALK_JOINS: \"%s\" is not a join rule; "
		    "\"trustwalk joins\" lists them", unknown);
		free(unknown);
		return CMD_EXIT_USAGE;
	}
	if ((rc = cmd_open_case(cli, &s, &m)) != CMD_EXIT_OK)
		return rc;
	if (fmt == OUTPUT_JSON)
		cmd_joins_json(m->joins, mask);
	else
		cmd_joins_table(m->joins, mask);
	model_free(m);
	store_close(s);
	return CMD_EXIT_OK;
}

const struct cmd_entry cmd_joins_entry = {
	.name = "joins",
	.usage = "[--format table|json]",
	.summary = "list the rules that join sources and what they added",
	.exec = cmd_joins_exec,
};
