/*
 * trustwalk review KEY [STATE [--reason R] [--until DATE]]: set the
 * review state of a node (reviewed, accepted_risk, to_revoke, or none to
 * clear it), or show it. An accepted risk needs a reason and may expire;
 * once --now passes the expiry the acceptance shows as lapsed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "annot.h"
#include "annotate.h"
#include "cmd.h"
#include "journal.h"
#include "model.h"
#include "output.h"
#include "store.h"
#include "store_annot.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

struct cmd_review_args {
	const char	*state;
	const char	*reason;
	const char	*until_text;
	int64_t		 until;
};

/* Print the review state of node v. */
static int
cmd_review_show(struct store *s, const struct model *m, size_t v,
    int64_t now)
{
	const struct annot_entry	*e;
	struct annot			*a;
	struct strbuf			 line;
	char				*err = NULL, t[TSTAMP_BUFSZ];

	if (annot_load(s, &a, &err) == -1) {
		cmd_error("%s", err);
		free(err);
		return CMD_EXIT_STORE;
	}
	strbuf_init(&line);
	e = annot_get(a, m->kid[v]);
	if (e == NULL || e->review == ANNOT_REVIEW_NONE)
		strbuf_addstr(&line, "none");
	else {
		annot_describe_review(e, now, &line);
		strbuf_addf(&line, "; set by %s at %s", e->reviewer,
		    tstamp_format(e->reviewed_at, t));
	}
	output_line(stdout, line.buf);
	strbuf_free(&line);
	annot_free(a);
	return CMD_EXIT_OK;
}

/* Set the review state of node v; returns an exit code. */
static int
cmd_review_set(struct store *s, struct model *m, size_t v,
    const struct cmd_review_args *ra)
{
	const char	*fields[] = {
		"state", NULL, "reason", ra->reason, "until", ra->until_text,
		NULL
	};
	char		*err = NULL;
	int64_t		 kid;
	int		 state = annot_review_parse(ra->state), rc;

	fields[1] = state >= 0 ? annot_review_name(state) : ra->state;
	if ((rc = annotate_begin(s)) != CMD_EXIT_OK)
		return rc;
	if (model_annot_kid(m, s, v, &kid, &err) == -1 ||
	    store_annot_review_set(s, kid, fields[1], ra->reason, ra->until,
	    annot_author(), (int64_t)time(NULL), &err) == -1) {
		store_rollback(s);
		cmd_error("%s", err);
		free(err);
		return CMD_EXIT_USAGE;
	}
	if ((rc = annotate_commit(s, "review", m->key[v], fields)) !=
	    CMD_EXIT_OK)
		return rc;
	annotate_done("%s: review %s", m->key[v], fields[1]);
	return CMD_EXIT_OK;
}

/* Check the options against the state; returns an exit code. */
static int
cmd_review_check(struct cmd_review_args *ra, int64_t now)
{
	int	 state = annot_review_parse(ra->state), rc;

	if (state == -1) {
		cmd_error("unknown review state \"%s\"; states are reviewed, "
		    "accepted_risk, to_revoke and none", ra->state);
		return CMD_EXIT_USAGE;
	}
	if (state != ANNOT_REVIEW_ACCEPTED_RISK && ra->until_text != NULL) {
		cmd_error("--until applies to accepted_risk only");
		return CMD_EXIT_USAGE;
	}
	if (state == ANNOT_REVIEW_ACCEPTED_RISK &&
	    (ra->reason == NULL || *ra->reason == '\0')) {
		cmd_error("accepted_risk needs a reason: add --reason TEXT");
		return CMD_EXIT_USAGE;
	}
	if ((rc = cmd_check_until(ra->until, ra->until_text, now)) !=
	    CMD_EXIT_OK)
		return rc;
	return CMD_EXIT_OK;
}

static int
cmd_review_parse(int argc, char **argv, struct cmd_review_args *ra)
{
	static const struct option	 longopts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "until", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int				 ch;

	memset(ra, 0, sizeof(*ra));
	ra->until = TSTAMP_UNKNOWN;
	while ((ch = getopt_long(argc, argv, "r:u:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			ra->reason = optarg;
			break;
		case 'u':
			if (tstamp_parse(optarg, &ra->until) == -1) {
				cmd_error("--until: \"%s\" is not an ISO 8601 "
				    "date or time, such as 2027-01-31", optarg);
				return CMD_EXIT_USAGE;
			}
			ra->until_text = optarg;
			break;
		case 'h':
			printf("usage: trustwalk review KEY [STATE "
			    "[--reason R] [--until DATE]]\n"
			    "  STATE is reviewed, accepted_risk (needs "
			    "--reason), to_revoke or none;\n"
			    "  without STATE, show the node's review\n");
			return -1;
		default:
			return cmd_usage(&cmd_review_entry);
		}
	}
	return CMD_EXIT_OK;
}

static int
cmd_review_exec(struct cli *cli, int argc, char **argv)
{
	struct cmd_review_args	 ra;
	struct store		*s;
	struct model		*m;
	int64_t			 v;
	int			 rc, nargs;

	if ((rc = cmd_review_parse(argc, argv, &ra)) != CMD_EXIT_OK)
		return rc == -1 ? CMD_EXIT_OK : rc;
	nargs = argc - optind;
	if (nargs < 1 || nargs > 2 || (nargs == 1 && (ra.reason != NULL ||
	    ra.until_text != NULL)))
		return cmd_usage(&cmd_review_entry);
	if (nargs == 2) {
		ra.state = argv[optind + 1];
		if ((rc = cmd_review_check(&ra, cli->now)) != CMD_EXIT_OK)
			return rc;
		if (cli->read_only)
			return annotate_read_only("review");
	}
	if ((rc = cmd_open_case(cli, &s, &m)) != CMD_EXIT_OK)
		return rc;
	if ((v = cmd_resolve_node(m, argv[optind])) < 0)
		rc = CMD_EXIT_USAGE;
	else if (nargs == 1)
		rc = cmd_review_show(s, m, (size_t)v, cli->now);
	else
		rc = cmd_review_set(s, m, (size_t)v, &ra);
	model_free(m);
	store_close(s);
	return rc;
}

const struct cmd_entry cmd_review_entry = {
	.name = "review",
	.usage = "KEY [STATE [--reason R] [--until DATE]]",
	.summary = "set or show the review state of a node",
	.exec = cmd_review_exec,
};
