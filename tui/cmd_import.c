/*
 * trustwalk import: read export files into the case as snapshots.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "import.h"
#include "importer.h"
#include "log.h"
#include "output.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

static double
cmd_import_clock(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * The snapshot before r of r's source when its input had the same
 * SHA-256, or 0. snaps lists the case's snapshots, oldest first.
 */
static int64_t
cmd_import_unchanged(const struct import_result *r,
    const struct store_snapshot *snaps, size_t nsnaps)
{
	size_t	 i;

	for (i = nsnaps; i > 0; i--) {
		if (snaps[i - 1].id >= r->snapshot ||
		    strcmp(snaps[i - 1].source, r->source) != 0)
			continue;
		if (snaps[i - 1].input_sha256 != NULL &&
		    strcmp(snaps[i - 1].input_sha256, r->sha256) == 0)
			return snaps[i - 1].id;
		return 0;
	}
	return 0;
}

void
cmd_import_report(struct store *s, const struct import_result *r, size_t n,
    double seconds)
{
	struct store_snapshot	*snaps = NULL;
	struct strbuf		 line;
	int64_t			 nodes = 0, edges = 0, ph = 0, warn = 0, same;
	size_t			 i, nsnaps = 0;
	char			*err = NULL;

	if (store_snapshots(s, &snaps, &nsnaps, &err) == -1) {
		log_debug("%s", err);
		free(err);
	}
	strbuf_init(&line);
	for (i = 0; i < n; i++) {
		strbuf_reset(&line);
		strbuf_addf(&line, "%s: %s, source %s: %lld nodes, %lld edges, "
		    "%lld placeholders, %lld warnings, %.2f s%s", r[i].path,
		    r[i].format, r[i].source, (long long)r[i].nodes,
		    (long long)r[i].edges, (long long)r[i].placeholders,
		    (long long)r[i].warnings, r[i].seconds,
		    r[i].partial ? " (partial)" : "");
		if ((same = cmd_import_unchanged(&r[i], snaps, nsnaps)) > 0)
			strbuf_addf(&line, "; unchanged since snapshot %lld, "
			    "recorded as snapshot %lld", (long long)same,
			    (long long)r[i].snapshot);
		output_line(stdout, line.buf);
		nodes += r[i].nodes;
		edges += r[i].edges;
		ph += r[i].placeholders;
		warn += r[i].warnings;
	}
	printf("imported %zu file%s: %lld nodes, %lld edges, %lld "
	    "placeholders, %lld warnings in %.2f s\n", n, n == 1 ? "" : "s",
	    (long long)nodes, (long long)edges, (long long)ph,
	    (long long)warn, seconds);
	strbuf_free(&line);
	store_snapshots_free(snaps, nsnaps);
}

static int
cmd_import_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "strict", no_argument, NULL, 's' },
		{ "cluster", required_argument, NULL, 'c' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct import_options	 opts;
	struct import_result	*results = NULL;
	struct store		*s = NULL;
	enum import_status	 status;
	char			*path = NULL, *err = NULL;
	size_t			 n = 0;
	double			 start = cmd_import_clock();
	int			 ch, rc = CMD_EXIT_OK;

	memset(&opts, 0, sizeof(opts));
	opts.now = cli->now;
	opts.messages = stderr;
	opts.max_shown = 20;
	while ((ch = getopt_long(argc, argv, "f:qh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			opts.format = optarg;
			break;
		case 's':
			opts.strict = 1;
			break;
		case 'c':
			opts.cluster = optarg;
			break;
		case 'q':
			opts.max_shown = 0;
			break;
		case 'h':
			printf("usage: trustwalk import [--format F] [--strict] "
			    "[--cluster NAME] [--quiet] FILE|DIR...\n"
			    "  --format F      read every file as format F "
			    "(see \"trustwalk formats\")\n"
			    "  --strict        reject a file that has any "
			    "malformed record\n"
			    "  --cluster NAME  Kubernetes cluster the files "
			    "describe\n"
			    "  --quiet         do not print warnings (they "
			    "stay in the case)\n");
			return CMD_EXIT_OK;
		default:
			return cmd_usage(&cmd_import_entry);
		}
	}
	if (optind >= argc)
		return cmd_usage(&cmd_import_entry);
	if (opts.format != NULL && importer_find(opts.format) == NULL) {
		cmd_error("--format: unknown format \"%s\"; \"trustwalk "
		    "formats\" lists them", opts.format);
		return CMD_EXIT_USAGE;
	}
	if (cli->read_only) {
		cmd_error("import writes to the case; drop --read-only");
		return CMD_EXIT_USAGE;
	}
	if (cli->as_of_given) {
		cmd_error("import adds to the current case; drop --as-of");
		return CMD_EXIT_USAGE;
	}

	if ((path = store_resolve_path(cli->db, 1, &err)) == NULL) {
		rc = CMD_EXIT_USAGE;
		goto out;
	}
	if (store_open(path, STORE_CREATE, &s, &err) == -1) {
		rc = CMD_EXIT_STORE;
		goto out;
	}
	status = import_files(s, (const char *const *)argv + optind,
	    (size_t)(argc - optind), &opts, &results, &n, &err);
	if (status == IMPORT_REJECTED) {
		rc = CMD_EXIT_BAD_INPUT;
		goto out;
	}
	if (status == IMPORT_STORE_ERROR) {
		rc = CMD_EXIT_STORE;
		goto out;
	}
	if (n == 0) {
		/* Only folders get here: a file no importer reads is rejected. */
		err = xasprintf("no file was imported: nothing in %s%s is a "
		    "format trustwalk reads", argv[optind], argc - optind > 1 ?
		    " or the other folders" : "");
		rc = CMD_EXIT_BAD_INPUT;
		goto out;
	}
	cmd_import_report(s, results, n, cmd_import_clock() - start);
out:
	if (err != NULL) {
		cmd_error("%s", err);
		if (rc == CMD_EXIT_BAD_INPUT)
			cmd_error("nothing was imported; the case file is "
			    "unchanged");
	}
	free(err);
	free(path);
	import_results_free(results, n);
	store_close(s);
	return rc;
}

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "[--format F] [--strict] [--cluster NAME] FILE|DIR...",
	.summary = "import export files into the case as snapshots",
	.exec = cmd_import_exec,
};
