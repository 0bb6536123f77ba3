/*
 * trustwalk fetch SOURCE: read a source over its API (or a folder of
 * AWS CLI outputs), save the raw responses as the exports would hold
 * them, and import them into the case as one snapshot per source
 * (importers/fetch.h). The case is opened first, so that a case that
 * cannot be written stops the command before any request.
 *
 * Exit statuses: 0 imported (when endpoints are missing, the import is
 * partial); 1 usage; 2 the fetched data or the folder of outputs was
 * rejected; 3 the case or the folder could not be written; 5 the source
 * could not be read; 128 + N when signal N interrupted the fetch.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "fetch.h"
#include "import.h"
#include "store.h"
#include "xalloc.h"

/* The signal that interrupted the fetch, or 0. */
static volatile sig_atomic_t	 cmd_fetch_caught;

static void
cmd_fetch_signal(int signo)
{
	cmd_fetch_caught = signo;
}

/* Catch SIGINT, SIGTERM and SIGHUP (on), or restore the defaults. */
static void
cmd_fetch_signals(int on)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on ? cmd_fetch_signal : SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static double
cmd_fetch_clock(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
cmd_fetch_help(FILE *fp)
{
	const struct fetch_source *const	*v;
	size_t					 n, i;

	v = fetch_source_list(&n);
	fprintf(fp, "usage: trustwalk [options] fetch SOURCE [options]\n");
	for (i = 0; i < n; i++)
		fprintf(fp, "  fetch %-10s %s\n", v[i]->name, v[i]->usage);
	fprintf(fp,
	    "sources:\n");
	for (i = 0; i < n; i++)
		fprintf(fp, "  %-10s %s\n", v[i]->name, v[i]->summary);
	fprintf(fp,
	    "options:\n"
	    "  --token-file FILE      read the token from FILE (not readable "
	    "by others)\n"
	    "  --cacert FILE          trust the CA certificates in FILE "
	    "instead of the system's\n"
	    "  --proxy URL            connect through this HTTP proxy "
	    "(the environment's are ignored)\n"
	    "  --save-dir DIR         keep the raw responses in DIR, a new "
	    "or empty folder\n"
	    "  --connect-timeout S    seconds to connect (default %d)\n"
	    "  --timeout S            seconds for one request (default %d)\n"
	    "  --max-wait S           longest wait a rate limit may ask, in "
	    "seconds (default %d)\n"
	    "  --retries N            retries of a failed request (default "
	    "%d)\n"
	    "  --max-size BYTES       largest response, with K, M or G "
	    "(default 64M)\n"
	    "  --strict               reject the import when anything is "
	    "missing\n"
	    "  --quiet                show only problems and the summary\n"
	    "tokens come from the environment or --token-file, never from "
	    "the command line:\n"
	    "  github  TRUSTWALK_GITHUB_TOKEN or GITHUB_TOKEN\n"
	    "  k8s     TRUSTWALK_K8S_TOKEN\n"
	    "  entra   TRUSTWALK_ENTRA_TOKEN\n"
	    "  url     TRUSTWALK_URL_TOKEN (optional)\n",
	    FETCH_CONNECT_TIMEOUT, FETCH_TIMEOUT, FETCH_MAX_WAIT,
	    FETCH_RETRIES);
}

/* Parse "64M", "1048576" or "2G" into bytes. */
static int
cmd_fetch_size(const char *arg, uint64_t *out)
{
	unsigned long long	 n;
	char			*end;
	int			 shift = 0;

	n = strtoull(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || end == arg)
		return -1;
	if (*end == 'K' || *end == 'k')
		shift = 10;
	else if (*end == 'M' || *end == 'm')
		shift = 20;
	else if (*end == 'G' || *end == 'g')
		shift = 30;
	if (shift != 0)
		end++;
	if (*end != '\0' || n == 0 || n > (1ULL << 40) >> shift)
		return -1;
	*out = (uint64_t)n << shift;
	return 0;
}

/* Parse a number of seconds or retries within [min, max]. */
static int
cmd_fetch_number(const char *option, const char *arg, long min, long max,
    long *out)
{
	char	*end;
	long	 n;

	n = strtol(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end != '\0' || n < min || n > max) {
		cmd_error("%s: expected a number from %ld to %ld, not \"%s\"",
		    option, min, max, arg);
		return -1;
	}
	*out = n;
	return 0;
}

/* The command line's options besides struct fetch_options. */
struct cmd_fetch_args {
	int	 strict;
	int	 quiet;
};

/* Parse one option into opts; returns -1 on a usage error. */
static int
cmd_fetch_option(int ch, struct fetch_options *o, struct cmd_fetch_args *a)
{
	long	 n;

	switch (ch) {
	case 'o':
		o->org = optarg;
		return 0;
	case 's':
		o->server = optarg;
		return 0;
	case 'T':
		o->tenant = optarg;
		return 0;
	case 'a':
		o->api = optarg;
		return 0;
	case 'f':
		o->format = optarg;
		return 0;
	case 'c':
		o->cluster = optarg;
		return 0;
	case 'n':
		o->name = optarg;
		return 0;
	case 'P':
		o->no_profiles = 1;
		return 0;
	case 't':
		o->token_file = optarg;
		return 0;
	case 'C':
		o->cacert = optarg;
		return 0;
	case 'x':
		o->proxy = optarg;
		return 0;
	case 'd':
		o->save_dir = optarg;
		return 0;
	case 'S':
		a->strict = 1;
		return 0;
	case 'q':
		a->quiet = 1;
		return 0;
	case 'k':
		return cmd_fetch_number("--connect-timeout", optarg, 1, 3600,
		    &o->connect_timeout);
	case 'm':
		return cmd_fetch_number("--timeout", optarg, 1, 86400,
		    &o->timeout);
	case 'w':
		return cmd_fetch_number("--max-wait", optarg, 0, 86400,
		    &o->max_wait);
	case 'r':
		if (cmd_fetch_number("--retries", optarg, 0, 100, &n) == -1)
			return -1;
		o->retries = (unsigned)n;
		return 0;
	case 'z':
		if (cmd_fetch_size(optarg, &o->max_size) == 0)
			return 0;
		cmd_error("--max-size: expected a size such as 64M or 1G, not "
		    "\"%s\"", optarg);
		return -1;
	default:
		return -1;
	}
}

/*
 * Check that --token-file was written in full. getopt_long() takes any
 * unique prefix, so "--token SECRET" would read the token as a file name
 * and print it in the error. The value is not shown here.
 */
static int
cmd_fetch_token_option(const char *srcname, char **argv)
{
	const char	*typed;
	size_t		 len;

	/* An attached value ("--tok=X") leaves the option at optind - 1. */
	typed = optarg == argv[optind - 1] ? argv[optind - 2] :
	    argv[optind - 1];
	len = strcspn(typed, "=");
	if (len == strlen("--token-file") &&
	    strncmp(typed, "--token-file", len) == 0)
		return 0;
	cmd_error("fetch %s: tokens are not read from the command line; "
	    "write --token-file FILE in full, or set the variable that "
	    "\"trustwalk fetch --help\" names", srcname);
	return -1;
}

/*
 * Parse the options after the source's name; the one argument left (a
 * folder or a URL) goes to the source that takes one.
 */
static int
cmd_fetch_parse(int argc, char **argv, const struct fetch_source *src,
    struct fetch_options *o, struct cmd_fetch_args *a)
{
	static const struct option	 longopts[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "server", required_argument, NULL, 's' },
		{ "tenant", required_argument, NULL, 'T' },
		{ "api", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "cluster", required_argument, NULL, 'c' },
		{ "name", required_argument, NULL, 'n' },
		{ "no-profiles", no_argument, NULL, 'P' },
		{ "token-file", required_argument, NULL, 't' },
		{ "cacert", required_argument, NULL, 'C' },
		{ "proxy", required_argument, NULL, 'x' },
		{ "save-dir", required_argument, NULL, 'd' },
		{ "connect-timeout", required_argument, NULL, 'k' },
		{ "timeout", required_argument, NULL, 'm' },
		{ "max-wait", required_argument, NULL, 'w' },
		{ "retries", required_argument, NULL, 'r' },
		{ "max-size", required_argument, NULL, 'z' },
		{ "strict", no_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int				 ch;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (ch == 'h') {
			cmd_fetch_help(stdout);
			return 1;
		}
		if (ch == 't' && cmd_fetch_token_option(src->name, argv) ==
		    -1)
			return -1;
		if (cmd_fetch_option(ch, o, a) == -1)
			return -1;
	}
	if (optind + 1 == argc && strcmp(src->name, "aws-files") == 0)
		o->dir = argv[optind++];
	else if (optind + 1 == argc && strcmp(src->name, "url") == 0)
		o->url = argv[optind++];
	if (optind != argc) {
		cmd_error("fetch %s: unexpected argument \"%s\"", src->name,
		    argv[optind]);
		return -1;
	}
	return 0;
}

/* The exit status of a fetch that did not finish. */
static int
cmd_fetch_exit(enum fetch_status st)
{
	switch (st) {
	case FETCH_DONE:
		return CMD_EXIT_OK;
	case FETCH_USAGE:
		return CMD_EXIT_USAGE;
	case FETCH_BAD_INPUT:
		return CMD_EXIT_BAD_INPUT;
	case FETCH_WRITE:
		return CMD_EXIT_STORE;
	case FETCH_CANCELLED:
		return 128 + (cmd_fetch_caught != 0 ? cmd_fetch_caught : SIGINT);
	case FETCH_NETWORK:
	default:
		return CMD_EXIT_NETWORK;
	}
}

/* Print the run's summary on stderr. */
static void
cmd_fetch_summary(const struct fetch *f, const char *source)
{
	struct fetch_counts	 c;

	fetch_counts(f, &c);
	fprintf(stderr, "fetch %s: %llu request%s, %llu item%s, %.1f MB in "
	    "%.1f s", source, (unsigned long long)c.requests,
	    c.requests == 1 ? "" : "s", (unsigned long long)c.items,
	    c.items == 1 ? "" : "s", (double)c.bytes / 1e6, c.seconds);
	if (c.missing > 0)
		fprintf(stderr, "; %zu part%s could not be read, so the import "
		    "is partial", c.missing, c.missing == 1 ? "" : "s");
	fprintf(stderr, "\n");
	if (!fetch_folder_is_temporary(f))
		cmd_error("the raw responses are in %s", fetch_folder(f));
}

/* Import what the run saved; returns an exit status. */
static int
cmd_fetch_import(struct store *s, struct fetch *f, struct cli *cli,
    const struct cmd_fetch_args *a, double start)
{
	struct import_options	 io;
	struct import_result	*results = NULL;
	enum import_status	 status;
	const char *const	*inputs;
	char			*err = NULL, *label = NULL;
	size_t			 n, nres = 0;
	int			 rc = CMD_EXIT_OK;

	memset(&io, 0, sizeof(io));
	io.format = fetch_import_format(f);
	io.cluster = fetch_import_cluster(f);
	io.strict = a->strict;
	io.now = cli->now;
	io.messages = stderr;
	io.max_shown = a->quiet ? 0 : 20;
	if (fetch_folder_is_temporary(f)) {
		io.input_dir = fetch_folder(f);
		io.input_label = label = fetch_label(f);
	}
	inputs = fetch_inputs(f, &n);
	status = import_files(s, inputs, n, &io, &results, &nres, &err);
	if (status == IMPORT_OK)
		cmd_import_report(s, results, nres, cmd_fetch_clock() - start);
	else {
		cmd_error("%s", err);
		cmd_error("nothing was imported; the case file is unchanged%s",
		    fetch_folder_is_temporary(f) ? " (--save-dir keeps the "
		    "responses to look at)" : "");
		rc = status == IMPORT_REJECTED ? CMD_EXIT_BAD_INPUT :
		    CMD_EXIT_STORE;
	}
	free(err);
	free(label);
	import_results_free(results, nres);
	return rc;
}

/* Check the global options, open the case and find the source. */
static int
cmd_fetch_setup(struct cli *cli, int argc, char **argv,
    const struct fetch_source **src, struct store **s)
{
	char	*path = NULL, *err = NULL;
	int	 rc = CMD_EXIT_OK;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		cmd_fetch_help(argc < 2 ? stderr : stdout);
		return argc < 2 ? CMD_EXIT_USAGE : -1;
	}
	if ((*src = fetch_source_find(argv[1])) == NULL) {
		cmd_error("fetch: unknown source \"%s\"; \"trustwalk fetch "
		    "--help\" lists them", argv[1]);
		return CMD_EXIT_USAGE;
	}
	if (cli->read_only || cli->as_of_given) {
		cmd_error("fetch imports into the current case; drop %s",
		    cli->read_only ? "--read-only" : "--as-of");
		return CMD_EXIT_USAGE;
	}
	if ((path = store_resolve_path(cli->db, 1, &err)) == NULL)
		rc = CMD_EXIT_USAGE;
	else if (store_open(path, STORE_CREATE, s, &err) == -1)
		rc = CMD_EXIT_STORE;
	if (err != NULL)
		cmd_error("%s", err);
	free(err);
	free(path);
	return rc;
}

static int
cmd_fetch_exec(struct cli *cli, int argc, char **argv)
{
	const struct fetch_source	*src = NULL;
	struct fetch_options		 o;
	struct cmd_fetch_args		 a;
	struct store			*s = NULL;
	struct fetch			*f = NULL;
	enum fetch_status		 st;
	char				*err = NULL;
	double				 start = cmd_fetch_clock();
	int				 rc;

	memset(&o, 0, sizeof(o));
	memset(&a, 0, sizeof(a));
	o.connect_timeout = FETCH_CONNECT_TIMEOUT;
	o.timeout = FETCH_TIMEOUT;
	o.max_wait = FETCH_MAX_WAIT;
	o.retries = FETCH_RETRIES;
	o.max_size = FETCH_MAX_SIZE;
	if (argc >= 2 && fetch_source_find(argv[1]) != NULL &&
	    (rc = cmd_fetch_parse(argc - 1, argv + 1, fetch_source_find(
	    argv[1]), &o, &a)) != 0)
		return rc == 1 ? CMD_EXIT_OK : cmd_usage(&cmd_fetch_entry);
	if ((rc = cmd_fetch_setup(cli, argc, argv, &src, &s)) != CMD_EXIT_OK)
		return rc == -1 ? CMD_EXIT_OK : rc;
	o.messages = stderr;
	o.quiet = a.quiet;
	o.progress = !a.quiet && isatty(STDERR_FILENO);
	o.now = cli->now;
	o.cancel = &cmd_fetch_caught;

	cmd_fetch_signals(1);
	if ((st = fetch_open(src, &o, &f, &err)) == FETCH_DONE)
		st = fetch_run(f, &err);
	cmd_fetch_signals(0);
	if (st == FETCH_DONE || f != NULL)
		cmd_fetch_summary(f, src->name);
	if (st != FETCH_DONE) {
		cmd_error("fetch %s: %s", src->name, err != NULL ? err :
		    "failed");
		rc = cmd_fetch_exit(st);
		goto out;
	}
	rc = cmd_fetch_import(s, f, cli, &a, start);
out:
	free(err);
	fetch_close(f);
	store_close(s);
	return rc;
}

const struct cmd_entry cmd_fetch_entry = {
	.name = "fetch",
	.usage = "SOURCE [options] (github, k8s, entra, aws-files, url; "
	    "--help lists them)",
	.summary = "read a source's API, save the raw responses and import "
	    "them",
	.exec = cmd_fetch_exec,
};
