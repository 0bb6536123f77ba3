/*
 * trustwalk: explore identity graphs of machine identities.
 *
 * main() sets up the process (locale, umask, libraries, the debug log),
 * reads the global options and runs one command; with no command it
 * opens the TUI.
 */
#include <sys/stat.h>

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "config.h"
#include "envmap.h"
#include "join.h"
#include "log.h"
#include "model.h"
#include "term.h"
#include "tstamp.h"
#include "xalloc.h"

#define TRUSTWALK_VERSION	"0.1.0"

/*
 * Check the [joins] rules of the configuration and hand them to the
 * model through TRUSTWALK_JOINS, which wins when it is set already.
 */
static int
main_joins(const struct config *cfg, char **errp)
{
	const char	*rules;
	char		*unknown = NULL;

	if (cfg == NULL || getenv("TRUSTWALK_JOINS") != NULL)
		return 0;
	rules = config_string(cfg, "joins", "rules");
	if (rules == NULL)
		return 0;
	(void)join_mask(rules, &unknown);
	if (unknown != NULL) {
		*errp = xasprintf("%s:%d: [joins] rules: no join is named "
		    "\"%s\"; \"trustwalk joins\" lists them", config_file(cfg),
		    config_line(cfg, "joins", "rules"), unknown);
		free(unknown);
		return -1;
	}
	if (setenv("TRUSTWALK_JOINS", rules, 1) == -1) {
		*errp = xasprintf("cannot pass the [joins] rules to the "
		    "model: out of memory");
		return -1;
	}
	return 0;
}

static void
main_usage(FILE *fp)
{
	const struct cmd_entry *const	*cmds;
	size_t				 n, i;

	fprintf(fp,
	    "usage: trustwalk [options] [command [args]]\n"
	    "\n"
	    "Explore the identity graph of a case file. With no command,\n"
	    "trustwalk opens the terminal interface.\n"
	    "\n"
	    "Options (before the command):\n"
	    "  --db FILE        case file (default $TRUSTWALK_DB, else\n"
	    "                   $XDG_DATA_HOME/trustwalk/trustwalk.db)\n"
	    "  --now TIME       clock for ages, ISO 8601 UTC (default: now)\n"
	    "  --as-of TIME     show the case as it was at TIME: per source,\n"
	    "                   the last snapshot imported by then (also the\n"
	    "                   clock unless --now is given)\n"
	    "  --config FILE    configuration file (default\n"
	    "                   $XDG_CONFIG_HOME/trustwalk/config)\n"
	    "  --tier-zero KEY  mark a node as a crown jewel (repeatable)\n"
	    "  --read-only      open the case without writing anything\n"
	    "  --theme NAME     colour theme: dark, light, contrast, mono\n"
	    "  --ascii          draw with ASCII only\n"
	    "  --no-mouse       do not take mouse input\n"
	    "  --osc52          let y copy a node key to the terminal's\n"
	    "                   clipboard (OSC 52)\n"
	    "  --replay FILE    test aid: read keys from FILE, not the\n"
	    "                   terminal, and log each frame's time and\n"
	    "                   bytes to standard error\n"
	    "  -v               write a debug log to\n"
	    "                   $XDG_STATE_HOME/trustwalk/trustwalk.log\n"
	    "  -h, --help       show this help\n"
	    "  --version        show the version\n"
	    "\n"
	    "Commands:\n");
	cmds = cmd_list(&n);
	for (i = 0; i < n; i++)
		fprintf(fp, "  %-10s %s\n", cmds[i]->name, cmds[i]->summary);
	fprintf(fp,
	    "\n"
	    "\"trustwalk COMMAND --help\" shows a command's options.\n"
	    "Exit codes: 0 success, 1 usage error or unknown key, 2 bad input,\n"
	    "3 case file error, 4 findings at or above --fail-on, 5 network\n"
	    "error.\n");
}

int
main(int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "now", required_argument, NULL, 'n' },
		{ "as-of", required_argument, NULL, 'A' },
		{ "config", required_argument, NULL, 'c' },
		{ "tier-zero", required_argument, NULL, 'z' },
		{ "read-only", no_argument, NULL, 'r' },
		{ "theme", required_argument, NULL, 't' },
		{ "ascii", no_argument, NULL, 'a' },
		{ "no-mouse", no_argument, NULL, 'm' },
		{ "osc52", no_argument, NULL, 'o' },
		{ "replay", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry	*cmd;
	struct cli		 cli;
	struct timespec		 ts;
	char			*err = NULL;
	int			 ch, rc;

	setlocale(LC_ALL, "");
	umask(077);
	xalloc_set_fatal_hook(term_emergency_restore);
	model_igraph_setup(term_emergency_restore);

	memset(&cli, 0, sizeof(cli));
	clock_gettime(CLOCK_MONOTONIC, &ts);
	cli.started_us = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	cli.now = (int64_t)time(NULL);
	/* "+" stops at the first non-option: the command. */
	while ((ch = getopt_long(argc, argv, "+hv", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			if (*optarg == '\0') {
				cmd_error("--db: the path is empty; give the "
				    "case file, or leave --db out for the "
				    "default");
				rc = CMD_EXIT_USAGE;
				goto out;
			}
			cli.db = optarg;
			break;
		case 'n':
			if (tstamp_parse(optarg, &cli.now) == -1) {
				cmd_error("--now: \"%s\" is not an ISO 8601 "
				    "date or time, such as 2024-06-01", optarg);
				rc = CMD_EXIT_USAGE;
				goto out;
			}
			cli.now_given = 1;
			break;
		case 'A':
			if (tstamp_parse(optarg, &cli.as_of) == -1) {
				cmd_error("--as-of: \"%s\" is not an ISO 8601 "
				    "date or time, such as 2024-06-01", optarg);
				return CMD_EXIT_USAGE;
			}
			cli.as_of_given = 1;
			break;
		case 'c':
			cli.config = optarg;
			break;
		case 'z':
			cli.tier_zero = xreallocarray(cli.tier_zero,
			    cli.ntier_zero + 1, sizeof(*cli.tier_zero));
			cli.tier_zero[cli.ntier_zero++] = optarg;
			break;
		case 'r':
			cli.read_only = 1;
			break;
		case 't':
			cli.theme = optarg;
			break;
		case 'a':
			cli.ascii = 1;
			break;
		case 'm':
			cli.no_mouse = 1;
			break;
		case 'o':
			cli.osc52 = 1;
			break;
		case 'R':
			cli.replay = optarg;
			break;
		case 'v':
			cli.verbose = 1;
			break;
		case 'h':
			main_usage(stdout);
			rc = CMD_EXIT_OK;
			goto out;
		case 'V':
			printf("trustwalk %s\n", TRUSTWALK_VERSION);
			rc = CMD_EXIT_OK;
			goto out;
		default:
			main_usage(stderr);
			rc = CMD_EXIT_USAGE;
			goto out;
		}
	}
	argc -= optind;
	argv += optind;
	if (cli.as_of_given && !cli.now_given)
		cli.now = cli.as_of;

	if (cli.verbose && log_open(NULL, &err) == -1) {
		cmd_error("%s", err);
		free(err);
		rc = CMD_EXIT_USAGE;
		goto out;
	}
	if (config_load(cli.config, &cli.cfg, &err) == -1 ||
	    envmap_check(cli.cfg, &err) == -1 ||
	    main_joins(cli.cfg, &err) == -1) {
		cmd_error("%s", err);
		free(err);
		rc = CMD_EXIT_USAGE;
		goto out;
	}

	if (argc == 0)
		cmd = &cmd_tui_entry;
	else if ((cmd = cmd_find(argv[0])) == NULL) {
		cmd_error("unknown command \"%s\"; \"trustwalk --help\" lists "
		    "them", argv[0]);
		rc = CMD_EXIT_USAGE;
		goto out;
	}
	optind = 0;
	rc = cmd->exec(&cli, argc, argv);
	log_debug("exit %d", rc);
out:
	log_close();
	config_free(cli.cfg);
	free(cli.tier_zero);
	return rc;
}
