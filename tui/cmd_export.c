/*
 * trustwalk export: write the case, or a selection of it, in a format
 * other tools read (see export.h). Selections add up: nodes a filter
 * matches, nodes given by key, nodes with a tag (--marked is the tag the
 * interface's marks set) and what a reach from a node covers. With no
 * selection the whole case is exported. The file is created with mode
 * 0600, and the export is a step of the journal unless the case is open
 * read-only.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annot.h"
#include "cmd.h"
#include "export.h"
#include "journal.h"
#include "model.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

struct cmd_export_args {
	const struct exporter	 *format;
	const char		 *output;
	const char		 *filter;
	const char		 *tag;
	const char		 *reach;
	int			  depth;
	int			  marked;
	int			  csv_edges;
	char			**keys;
	size_t			  nkeys;
};

static void
cmd_export_help(void)
{
	const struct exporter *const	*list;
	size_t				 n, i;

	printf("usage: trustwalk export --format FORMAT [-o FILE] "
	    "[--filter TEXT] [--key KEY]...\n"
	    "           [--keys KEY,KEY...] [--tag TAG] [--marked] "
	    "[--reach KEY [--depth N]]\n"
	    "           [--table nodes|edges]\n"
	    "  Selections add up; with none, the whole case is exported.\n"
	    "  -o FILE is created with mode 0600 (default: stdout).\n"
	    "Formats:\n");
	list = export_list(&n);
	for (i = 0; i < n; i++)
		printf("  %-10s %s\n", list[i]->name, list[i]->summary);
}

/* Add the keys of a comma-separated list. */
static void
cmd_export_add_keys(struct cmd_export_args *ea, const char *list)
{
	const char	*p, *comma;

	for (p = list; *p != '\0'; p = *comma != '\0' ? comma + 1 : comma) {
		comma = strchr(p, ',');
		if (comma == NULL)
			comma = p + strlen(p);
		if (comma == p)
			continue;
		ea->keys = xreallocarray(ea->keys, ea->nkeys + 1,
		    sizeof(*ea->keys));
		ea->keys[ea->nkeys++] = xstrndup(p, (size_t)(comma - p));
	}
}

/* Handle one option; returns 0, or an exit code. */
static int
cmd_export_option(struct cmd_export_args *ea, int ch, const char *arg)
{
	char	*end;

	switch (ch) {
	case 'f':
		if ((ea->format = export_find(arg)) == NULL) {
			cmd_error("--format: unknown format \"%s\"; formats "
			    "are opengraph, graphml, dot, csv, jsonl and md",
			    arg);
			return CMD_EXIT_USAGE;
		}
		return 0;
	case 'o':
		ea->output = arg;
		return 0;
	case 'F':
		ea->filter = arg;
		return 0;
	case 'k':
		cmd_export_add_keys(ea, arg);
		return 0;
	case 'K':
		ea->keys = xreallocarray(ea->keys, ea->nkeys + 1,
		    sizeof(*ea->keys));
		ea->keys[ea->nkeys++] = xstrdup(arg);
		return 0;
	case 't':
		ea->tag = arg;
		return 0;
	case 'm':
		ea->marked = 1;
		return 0;
	case 'r':
		ea->reach = arg;
		return 0;
	case 'd':
		ea->depth = (int)strtol(arg, &end, 10);
		if (*end != '\0' || ea->depth < 0 || ea->depth > 1000) {
			cmd_error("--depth: \"%s\" is not a number of steps "
			    "from 0 to 1000", arg);
			return CMD_EXIT_USAGE;
		}
		return 0;
	case 'T':
		if (strcmp(arg, "nodes") != 0 && strcmp(arg, "edges") != 0) {
			cmd_error("--table: expected nodes or edges, not "
			    "\"%s\"", arg);
			return CMD_EXIT_USAGE;
		}
		ea->csv_edges = strcmp(arg, "edges") == 0;
		return 0;
	default:
		return CMD_EXIT_USAGE;
	}
}

static int
cmd_export_parse(int argc, char **argv, struct cmd_export_args *ea)
{
	static const struct option	 longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "filter", required_argument, NULL, 'F' },
		{ "keys", required_argument, NULL, 'k' },
		{ "key", required_argument, NULL, 'K' },
		{ "tag", required_argument, NULL, 't' },
		{ "marked", no_argument, NULL, 'm' },
		{ "reach", required_argument, NULL, 'r' },
		{ "depth", required_argument, NULL, 'd' },
		{ "table", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int				 ch, rc;

	while ((ch = getopt_long(argc, argv, "f:o:h", longopts,
	    NULL)) != -1) {
		if (ch == 'h') {
			cmd_export_help();
			return -1;
		}
		if (ch == '?')
			return cmd_usage(&cmd_export_entry);
		if ((rc = cmd_export_option(ea, ch, optarg)) != 0)
			return rc;
	}
	if (optind != argc || ea->format == NULL) {
		if (ea->format == NULL)
			cmd_error("export needs --format: opengraph, graphml, "
			    "dot, csv, jsonl or md");
		return cmd_usage(&cmd_export_entry);
	}
	if (ea->csv_edges && strcmp(ea->format->name, "csv") != 0) {
		cmd_error("--table applies to --format csv only");
		return CMD_EXIT_USAGE;
	}
	return 0;
}

/* Apply the selections; returns 0, or an exit code. */
static int
cmd_export_select(struct export_ctx *x, const struct model *m,
    const struct cmd_export_args *ea)
{
	struct strbuf	 what;
	char		*err = NULL;
	int64_t		 v;
	size_t		 i;

	strbuf_init(&what);
	for (i = 0; i < ea->nkeys; i++) {
		if ((v = cmd_resolve_node(m, ea->keys[i])) < 0) {
			strbuf_free(&what);
			return CMD_EXIT_USAGE;
		}
		export_select_node(x, (size_t)v);
	}
	if (ea->nkeys > 0)
		strbuf_addf(&what, "%zu given node%s", ea->nkeys,
		    ea->nkeys == 1 ? "" : "s");
	if (ea->filter != NULL) {
		if (export_select_filter(x, ea->filter, &err) == -1) {
			cmd_error("--filter: %s", err);
			free(err);
			strbuf_free(&what);
			return CMD_EXIT_USAGE;
		}
		strbuf_addf(&what, "%s%s", what.len > 0 ? "; " : "",
		    x->selection);
	}
	if (ea->tag != NULL || ea->marked) {
		export_select_tag(x, ea->tag != NULL ? ea->tag :
		    ANNOT_MARK_TAG);
		strbuf_addf(&what, "%s%s", what.len > 0 ? "; " : "",
		    x->selection);
	}
	if (ea->marked && ea->tag != NULL) {
		export_select_tag(x, ANNOT_MARK_TAG);
		strbuf_addf(&what, "; %s", x->selection);
	}
	if (ea->reach != NULL) {
		if ((v = cmd_resolve_node(m, ea->reach)) < 0) {
			strbuf_free(&what);
			return CMD_EXIT_USAGE;
		}
		export_select_reach(x, (size_t)v, ea->depth);
		strbuf_addf(&what, "%s%s", what.len > 0 ? "; " : "",
		    x->selection);
	}
	if (what.len == 0)
		export_select_all(x);
	else
		export_describe(x, "%s", what.buf);
	strbuf_free(&what);
	return 0;
}

/* Journal the export unless the case is read-only. */
static void
cmd_export_journal(struct store *s, const struct export_ctx *x,
    const struct cmd_export_args *ea)
{
	char		 nodes[24], edges[24], *err = NULL;
	const char	*fields[] = {
		"format", ea->format->name, "file", ea->output != NULL ?
		ea->output : "stdout", "selection", x->selection, "nodes",
		nodes, "edges", edges, NULL
	};

	if (store_read_only(s))
		return;
	snprintf(nodes, sizeof(nodes), "%zu", x->nodes_written);
	snprintf(edges, sizeof(edges), "%zu", x->edges_written);
	if (journal_record(s, "export", NULL, fields, &err) == -1) {
		cmd_error("%s (the export itself was written)", err);
		free(err);
	}
}

static int
cmd_export_exec(struct cli *cli, int argc, char **argv)
{
	struct cmd_export_args	 ea;
	struct export_ctx	 x;
	struct annot		*annot = NULL;
	struct store		*s;
	struct model		*m;
	char			*err = NULL;
	size_t			 i;
	int			 rc;

	memset(&ea, 0, sizeof(ea));
	ea.depth = -1;
	if ((rc = cmd_export_parse(argc, argv, &ea)) != 0) {
		rc = rc == -1 ? CMD_EXIT_OK : rc;
		goto done;
	}
	if ((rc = cmd_open_case(cli, &s, &m)) != CMD_EXIT_OK)
		goto done;
	if (annot_load(s, &annot, &err) == -1) {
		cmd_error("%s", err);
		free(err);
		rc = CMD_EXIT_STORE;
		goto close;
	}
	export_init(&x, s, m, annot, cli->now);
	x.cfg = cli->cfg;
	x.csv_edges = ea.csv_edges;
	if ((rc = cmd_export_select(&x, m, &ea)) == CMD_EXIT_OK) {
		if (export_run(&x, ea.format, ea.output, &err) == -1) {
			cmd_error("%s", err);
			free(err);
			rc = CMD_EXIT_STORE;
		} else
			cmd_export_journal(s, &x, &ea);
	}
	export_free(&x);
close:
	annot_free(annot);
	model_free(m);
	store_close(s);
done:
	for (i = 0; i < ea.nkeys; i++)
		free(ea.keys[i]);
	free(ea.keys);
	return rc;
}

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = "--format FORMAT [-o FILE] [--filter TEXT] [--key KEY]... "
	    "[--tag TAG] [--marked] [--reach KEY [--depth N]]",
	.summary = "export the case or a selection for other tools",
	.exec = cmd_export_exec,
};
