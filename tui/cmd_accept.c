/*
 * trustwalk accept: accept the finding of a rule on a node, with a
 * reason and an optional expiry (--until). --remove withdraws an
 * acceptance, and without arguments the command lists the acceptances
 * of the case. An accepted finding is still listed, marked accepted, but
 * it does not count toward findings --fail-on until the expiry passes.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "annot.h"
#include "annotate.h"
#include "cmd.h"
#include "findings.h"
#include "jsonw.h"
#include "model.h"
#include "output.h"
#include "store.h"
#include "store_annot.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

struct cmd_accept_args {
	const char		*reason;
	const char		*until_text;
	int64_t			 until;
	int			 remove;
	enum output_format	 fmt;
};

/* The acceptances, collected for listing. */
struct cmd_accept_list {
	struct output_table	 t;
	struct jsonw		*w;
	int64_t			 now;
};

static int
cmd_accept_row(void *arg, const struct store_acceptance_row *row)
{
	struct cmd_accept_list	*l = arg;
	const char		*cells[6];
	char			 until[TSTAMP_BUFSZ], at[TSTAMP_BUFSZ];
	int			 lapsed;

	lapsed = tstamp_is_set(row->until) && row->until <= l->now;
	if (l->w != NULL) {
		jsonw_object_begin(l->w);
		jsonw_key(l->w, "rule");
		jsonw_str(l->w, row->rule);
		jsonw_key(l->w, "key");
		jsonw_str(l->w, row->key);
		jsonw_key(l->w, "reason");
		jsonw_str(l->w, row->reason);
		jsonw_key(l->w, "until");
		cmd_time_json(l->w, row->until);
		jsonw_key(l->w, "lapsed");
		jsonw_bool(l->w, lapsed);
		jsonw_key(l->w, "by");
		jsonw_str(l->w, row->author);
		jsonw_key(l->w, "at");
		cmd_time_json(l->w, row->updated_at);
		jsonw_object_end(l->w);
		return 0;
	}
	cells[0] = row->rule;
	cells[1] = row->key;
	cells[2] = lapsed ? "lapsed" : "accepted";
	cells[3] = tstamp_is_set(row->until) ?
	    tstamp_format_date(row->until, until) : "";
	cells[4] = row->reason;
	snprintf(at, sizeof(at), "%s", row->author);
	cells[5] = at;
	output_table_row(&l->t, cells);
	return 0;
}

/* List every acceptance of the case. */
static int
cmd_accept_show(struct store *s, int64_t now, enum output_format fmt)
{
	static const char *const	 head[] = {
		"RULE", "KEY", "STATE", "UNTIL", "REASON", "BY"
	};
	static const int		 maxw[] = { 0, 48, 0, 0, 40, 0 };
	struct cmd_accept_list		 l;
	struct strbuf			 sb;
	struct jsonw			 w;
	char				*err = NULL;
	int				 rc;

	memset(&l, 0, sizeof(l));
	l.now = now;
	strbuf_init(&sb);
	if (fmt == OUTPUT_JSON) {
		jsonw_init(&w, &sb, 0);
		jsonw_array_begin(&w);
		l.w = &w;
	} else
		output_table_init(&l.t, 6, head, maxw);
	rc = store_annot_acceptances(s, cmd_accept_row, &l, &err);
	if (fmt == OUTPUT_JSON) {
		jsonw_array_end(&w);
		strbuf_addch(&sb, '\n');
		if (rc == 0)
			cmd_flush(&sb);
	} else {
		if (rc == 0)
			output_table_print(&l.t, stdout);
		output_table_free(&l.t);
	}
	strbuf_free(&sb);
	if (rc == -1) {
		cmd_error("%s", err);
		free(err);
		return CMD_EXIT_STORE;
	}
	return CMD_EXIT_OK;
}

/* Accept or withdraw the finding of rule on node v. */
static int
cmd_accept_write(struct store *s, struct model *m, size_t v,
    const char *rule, const struct cmd_accept_args *aa)
{
	const char	*fields[] = {
		"rule", rule, "reason", aa->reason, "until", aa->until_text,
		NULL
	};
	char		*err = NULL;
	int64_t		 kid;
	int		 rc, n;

	if ((rc = annotate_begin(s)) != CMD_EXIT_OK)
		return rc;
	if (aa->remove && m->kid[v] < 0)
		n = 0;
	else if (model_annot_kid(m, s, v, &kid, &err) == -1)
		n = -1;
	else if (aa->remove)
		n = store_annot_unaccept(s, rule, kid, &err);
	else
		n = store_annot_accept(s, rule, kid, aa->reason, aa->until,
		    annot_author(), (int64_t)time(NULL), &err);
	if (n == -1)
		return annotate_abort(s, err);
	if ((rc = annotate_commit(s, aa->remove ? "unaccept" : "accept",
	    m->key[v], fields)) != CMD_EXIT_OK)
		return rc;
	if (aa->remove)
		annotate_done("%s: %s %s", m->key[v], rule, n > 0 ?
		    "no longer accepted" : "was not accepted");
	else
		annotate_done("%s: %s accepted", m->key[v], rule);
	return CMD_EXIT_OK;
}

static void
cmd_accept_help(void)
{
	printf("usage: trustwalk accept %s\n"
	    "  RULE KEY --reason R [--until DATE]  accept a finding\n"
	    "  --remove RULE KEY                   withdraw an acceptance\n"
	    "  (no arguments)                      list the acceptances "
	    "[--format table|json]\n"
	    "\"trustwalk findings\" lists the findings and their rule ids.\n",
	    cmd_accept_entry.usage);
}

static int
cmd_accept_parse(int argc, char **argv, struct cmd_accept_args *aa)
{
	static const struct option	 longopts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "until", required_argument, NULL, 'u' },
		{ "remove", no_argument, NULL, 'x' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int				 ch;

	memset(aa, 0, sizeof(aa[0]));
	aa->until = TSTAMP_UNKNOWN;
	while ((ch = getopt_long(argc, argv, "r:u:xf:h", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'r':
			aa->reason = optarg;
			break;
		case 'u':
			if (tstamp_parse(optarg, &aa->until) == -1) {
				cmd_error("--until: \"%s\" is not an ISO 8601 "
				    "date or time, such as 2027-01-31", optarg);
				return CMD_EXIT_USAGE;
			}
			aa->until_text = optarg;
			break;
		case 'x':
			aa->remove = 1;
			break;
		case 'f':
			if (output_parse_format(optarg, &aa->fmt) == -1 ||
			    aa->fmt == OUTPUT_CSV) {
				cmd_error("--format: expected table or json, "
				    "not \"%s\"", optarg);
				return CMD_EXIT_USAGE;
			}
			break;
		case 'h':
			cmd_accept_help();
			return -1;
		default:
			return cmd_usage(&cmd_accept_entry);
		}
	}
	return CMD_EXIT_OK;
}

/* Check the arguments of a write at clock now; returns an exit code. */
static int
cmd_accept_check(const struct cmd_accept_args *aa, const char *rule,
    int64_t now)
{
	if (findings_rule_find(rule, NULL) == NULL) {
		cmd_error("no rule \"%s\"; \"trustwalk findings --help\" and "
		    "docs/findings.md list them", rule);
		return CMD_EXIT_USAGE;
	}
	if (aa->remove && (aa->reason != NULL || aa->until_text != NULL)) {
		cmd_error("--remove takes no --reason or --until");
		return CMD_EXIT_USAGE;
	}
	if (!aa->remove && (aa->reason == NULL || *aa->reason == '\0')) {
		cmd_error("accepting a finding needs a reason: add --reason "
		    "TEXT");
		return CMD_EXIT_USAGE;
	}
	return cmd_check_until(aa->until, aa->until_text, now);
}

static int
cmd_accept_exec(struct cli *cli, int argc, char **argv)
{
	struct cmd_accept_args	 aa;
	struct store		*s;
	struct model		*m = NULL;
	int64_t			 v;
	int			 rc, nargs;

	if ((rc = cmd_accept_parse(argc, argv, &aa)) != CMD_EXIT_OK)
		return rc == -1 ? CMD_EXIT_OK : rc;
	nargs = argc - optind;
	if (nargs != 0 && nargs != 2)
		return cmd_usage(&cmd_accept_entry);
	if (nargs == 0) {
		if (aa.remove || aa.reason != NULL || aa.until_text != NULL)
			return cmd_usage(&cmd_accept_entry);
		if ((rc = cmd_open_case(cli, &s, NULL)) != CMD_EXIT_OK)
			return rc;
		rc = cmd_accept_show(s, cli->now, aa.fmt);
		store_close(s);
		return rc;
	}
	if ((rc = cmd_accept_check(&aa, argv[optind], cli->now)) != CMD_EXIT_OK)
		return rc;
	if (cli->read_only)
		return annotate_read_only("accept");
	if ((rc = cmd_open_case(cli, &s, &m)) != CMD_EXIT_OK)
		return rc;
	if ((v = cmd_resolve_node(m, argv[optind + 1])) < 0)
		rc = CMD_EXIT_USAGE;
	else
		rc = cmd_accept_write(s, m, (size_t)v, argv[optind], &aa);
	model_free(m);
	store_close(s);
	return rc;
}

const struct cmd_entry cmd_accept_entry = {
	.name = "accept",
	.usage = "[RULE KEY --reason R [--until DATE] | --remove RULE KEY]",
	.summary = "accept a finding, withdraw an acceptance, or list them",
	.exec = cmd_accept_exec,
};
