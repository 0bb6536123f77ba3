/*
 * trustwalk warnings: the warnings the imports kept in the case, such as
 * records an importer skipped and the endpoints a fetch could not read,
 * with the snapshot and source they belong to. By default those of the
 * snapshots in the current view; --snapshot ID, --source SOURCE or --all
 * choose others.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "jsonw.h"
#include "output.h"
#include "store.h"
#include "store_warning.h"
#include "strbuf.h"

/* The snapshots to list. */
struct cmd_warnings_pick {
	int64_t		 snapshot;	/* 0: not given */
	const char	*source;
	int		 all;
};

/* The snapshot row of id, or NULL. */
static const struct store_snapshot *
cmd_warnings_snap(const struct store_snapshot *v, size_t n, int64_t id)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (v[i].id == id)
			return &v[i];
	}
	return NULL;
}

/* 1 when the warnings of snapshot sn are listed. */
static int
cmd_warnings_wanted(const struct store_snapshot *sn,
    const struct cmd_warnings_pick *p)
{
	if (sn == NULL)
		return 0;
	if (p->snapshot != 0)
		return sn->id == p->snapshot;
	if (p->source != NULL && strcmp(sn->source, p->source) != 0)
		return 0;
	return p->all || sn->current;
}

static void
cmd_warnings_print(const struct store_warning *w, size_t nw,
    const struct store_snapshot *v, size_t n,
    const struct cmd_warnings_pick *p, enum output_format fmt)
{
	static const char *const	 head[] = {
		"SNAPSHOT", "SOURCE", "WHERE", "WARNING"
	};
	static const int		 maxw[] = { 0, 32, 48, 0 };
	const struct store_snapshot	*sn;
	struct output_table		 t;
	struct strbuf			 sb;
	struct jsonw			 jw;
	const char			*cells[4];
	char				 id[24];
	size_t				 i;

	output_table_init(&t, 4, head, maxw);
	strbuf_init(&sb);
	jsonw_init(&jw, &sb, 0);
	jsonw_array_begin(&jw);
	if (fmt == OUTPUT_CSV)
		output_csv_row(stdout, (const char *const []){ "snapshot",
		    "source", "path", "message" }, 4);
	for (i = 0; i < nw; i++) {
		sn = cmd_warnings_snap(v, n, w[i].snapshot);
		if (!cmd_warnings_wanted(sn, p))
			continue;
		snprintf(id, sizeof(id), "%lld", (long long)w[i].snapshot);
		cells[0] = id;
		cells[1] = sn->source;
		cells[2] = w[i].path;
		cells[3] = w[i].message;
		if (fmt == OUTPUT_TABLE)
			output_table_row(&t, cells);
		else if (fmt == OUTPUT_CSV)
			output_csv_row(stdout, cells, 4);
		else {
			jsonw_object_begin(&jw);
			jsonw_key(&jw, "snapshot");
			jsonw_int(&jw, w[i].snapshot);
			jsonw_key(&jw, "source");
			jsonw_str(&jw, sn->source);
			jsonw_key(&jw, "path");
			jsonw_str(&jw, w[i].path);
			jsonw_key(&jw, "message");
			jsonw_str(&jw, w[i].message);
			jsonw_object_end(&jw);
		}
	}
	jsonw_array_end(&jw);
	strbuf_addch(&sb, '\n');
	if (fmt == OUTPUT_TABLE)
		output_table_print(&t, stdout);
	else if (fmt == OUTPUT_JSON)
		cmd_flush(&sb);
	output_table_free(&t);
	strbuf_free(&sb);
}

static int
cmd_warnings_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "snapshot", required_argument, NULL, 'n' },
		{ "source", required_argument, NULL, 's' },
		{ "all", no_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_warnings_pick	 pick;
	enum output_format		 fmt = OUTPUT_TABLE;
	struct store_snapshot		*v = NULL;
	struct store_warning		*w = NULL;
	struct store			*s;
	size_t				 n = 0, nw = 0;
	char				*err = NULL, *end;
	int				 ch, rc;

	memset(&pick, 0, sizeof(pick));
	while ((ch = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			pick.snapshot = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' ||
			    pick.snapshot <= 0) {
				cmd_error("--snapshot: expected a snapshot id "
				    "(\"trustwalk snapshots\" lists them), not "
				    "\"%s\"", optarg);
				return CMD_EXIT_USAGE;
			}
			break;
		case 's':
			pick.source = optarg;
			break;
		case 'a':
			pick.all = 1;
			break;
		case 'f':
			if (output_parse_format(optarg, &fmt) == -1) {
				cmd_error("--format: expected table, json or "
				    "csv, not \"%s\"", optarg);
				return CMD_EXIT_USAGE;
			}
			break;
		case 'h':
			printf("usage: trustwalk warnings [--snapshot ID | "
			    "--source SOURCE | --all] [--format "
			    "table|json|csv]\n");
			return CMD_EXIT_OK;
		default:
			return cmd_usage(&cmd_warnings_entry);
		}
	}
	if (optind != argc)
		return cmd_usage(&cmd_warnings_entry);
	if ((rc = cmd_open_case(cli, &s, NULL)) != CMD_EXIT_OK)
		return rc;
	if (store_snapshots(s, &v, &n, &err) == -1 ||
	    store_warnings(s, 0, &w, &nw, &err) == -1) {
		cmd_error("%s", err);
		rc = CMD_EXIT_STORE;
		goto out;
	}
	if (pick.snapshot != 0 && cmd_warnings_snap(v, n, pick.snapshot) ==
	    NULL) {
		cmd_error("--snapshot %lld: no such snapshot; \"trustwalk "
		    "snapshots\" lists them", (long long)pick.snapshot);
		rc = CMD_EXIT_USAGE;
		goto out;
	}
	cmd_warnings_print(w, nw, v, n, &pick, fmt);
out:
	free(err);
	store_warnings_free(w, nw);
	store_snapshots_free(v, n);
	store_close(s);
	return rc;
}

const struct cmd_entry cmd_warnings_entry = {
	.name = "warnings",
	.usage = "[--snapshot ID | --source SOURCE | --all] "
	    "[--format table|json|csv]",
	.summary = "list the warnings kept by imports and fetches",
	.exec = cmd_warnings_exec,
};
