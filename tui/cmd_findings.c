/*
 * trustwalk findings: evaluate the posture rules over the case and list
 * what they find, as a table, JSON, CSV or SARIF. --rule and --severity
 * narrow the list; --fail-on SEVERITY makes the command exit with
 * status 4 when a listed finding at or above that severity is open (not
 * accepted, or its acceptance has lapsed), so a pipeline can gate on it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "findings.h"
#include "findings_out.h"
#include "model.h"
#include "output.h"
#include "scenario.h"
#include "store.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

enum cmd_findings_format {
	CMD_FINDINGS_TABLE,
	CMD_FINDINGS_JSON,
	CMD_FINDINGS_CSV,
	CMD_FINDINGS_SARIF
};

struct cmd_findings_args {
	enum cmd_findings_format	 fmt;
	uint8_t				*rules;		/* per rule, or NULL */
	int				 min;		/* --severity */
	int				 fail_on;	/* -1: none */
	uint32_t			 kinds;
};

/* The rule ids, comma-joined, for messages. */
static char *
cmd_findings_rule_ids(void)
{
	struct strbuf	 sb;
	size_t		 i;

	strbuf_init(&sb);
	for (i = 0; i < findings_nrules(); i++)
		strbuf_addf(&sb, "%s%s", i > 0 ? ", " : "",
		    findings_rule(i)->id);
	return strbuf_detach(&sb);
}

/* Parse a --rule list into the rule mask. */
static int
cmd_findings_parse_rules(struct cmd_findings_args *fa, const char *arg)
{
	char	*copy = xstrdup(arg), *p, *save = NULL, *ids;
	size_t	 idx;
	int	 rc = CMD_EXIT_OK;

	if (fa->rules == NULL)
		fa->rules = xcalloc(findings_nrules() + 1, 1);
	for (p = strtok_r(copy, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save)) {
		while (*p == ' ')
			p++;
		if (findings_rule_find(p, &idx) == NULL) {
			ids = cmd_findings_rule_ids();
			cmd_error("--rule: no rule \"%s\"; the rules are %s", p,
			    ids);
			free(ids);
			rc = CMD_EXIT_USAGE;
			break;
		}
		fa->rules[idx] = 1;
	}
	free(copy);
	return rc;
}

static int
cmd_findings_parse_severity(const char *option, const char *arg, int *out)
{
	if ((*out = findings_severity_parse(arg)) >= 0)
		return CMD_EXIT_OK;
	cmd_error("%s: expected info, low, medium, high or critical, not "
	    "\"%s\"", option, arg);
	return CMD_EXIT_USAGE;
}

static int
cmd_findings_parse_format(const char *arg, enum cmd_findings_format *out)
{
	static const char *const names[] = { "table", "json", "csv", "sarif" };
	size_t			 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(arg, names[i]) == 0) {
			*out = (enum cmd_findings_format)i;
			return CMD_EXIT_OK;
		}
	}
	cmd_error("--format: expected table, json, csv or sarif, not \"%s\"",
	    arg);
	return CMD_EXIT_USAGE;
}

static void
cmd_findings_help(void)
{
	printf("usage: trustwalk findings %s\n"
	    "  --rule ID[,ID]    only these rules (repeatable)\n"
	    "  --severity S      only findings of severity S or higher\n"
	    "  --format F        table, json, csv or sarif (SARIF 2.1.0)\n"
	    "  --fail-on S       exit with status 4 when an open finding of "
	    "severity S\n"
	    "                    or higher is listed\n"
	    "  --edges KINDS     edge kinds the reach rules follow\n"
	    "Severities: info, low, medium, high, critical. \"trustwalk "
	    "accept\" accepts one.\n", cmd_findings_entry.usage);
}

static int
cmd_findings_options(int argc, char **argv, struct cmd_findings_args *fa)
{
	static const struct option	 longopts[] = {
		{ "rule", required_argument, NULL, 'r' },
		{ "severity", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "fail-on", required_argument, NULL, 'F' },
		{ "edges", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int				 ch, rc = CMD_EXIT_OK;

	while (rc == CMD_EXIT_OK && (ch = getopt_long(argc, argv, "r:s:f:F:e:h",
	    longopts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			rc = cmd_findings_parse_rules(fa, optarg);
			break;
		case 's':
			rc = cmd_findings_parse_severity("--severity", optarg,
			    &fa->min);
			break;
		case 'f':
			rc = cmd_findings_parse_format(optarg, &fa->fmt);
			break;
		case 'F':
			rc = cmd_findings_parse_severity("--fail-on", optarg,
			    &fa->fail_on);
			break;
		case 'e':
			rc = cmd_parse_edges(optarg, &fa->kinds);
			break;
		case 'h':
			cmd_findings_help();
			return -1;
		default:
			return cmd_usage(&cmd_findings_entry);
		}
	}
	if (rc == CMD_EXIT_OK && optind != argc)
		return cmd_usage(&cmd_findings_entry);
	return rc;
}

/* The path of f as text, names (or keys for CSV) joined by ">". */
static char *
cmd_findings_path(const struct model *m, const struct finding *f, int keys)
{
	if (f->npath == 0)
		return xstrdup("");
	return cmd_path_text(m, m->esrc[f->path[0]], f->path, f->npath, keys);
}

/* The state column: open, or accepted / lapsed with the date. */
static void
cmd_findings_state(const struct finding *f, char *buf, size_t len)
{
	char	 d[TSTAMP_BUFSZ];

	if (f->state == FINDING_OPEN || !tstamp_is_set(f->until))
		snprintf(buf, len, "%s", findings_state_name(f->state));
	else
		snprintf(buf, len, "%s %s", f->state == FINDING_LAPSED ?
		    "lapsed" : "accepted to", tstamp_format_date(f->until, d));
}

static void
cmd_findings_csv(const struct model *m, const struct finding *const *list,
    size_t n)
{
	static const char *const	 head[] = {
		"severity", "rule", "key", "name", "kind", "state", "message",
		"related", "path", "reason", "until"
	};
	const struct finding		*f;
	const char			*cells[11];
	struct strbuf			 rel;
	char				*path, d[TSTAMP_BUFSZ];
	size_t				 i, k;

	output_csv_row(stdout, head, 11);
	strbuf_init(&rel);
	for (i = 0; i < n; i++) {
		f = list[i];
		strbuf_reset(&rel);
		for (k = 0; k < f->nrelated; k++)
			strbuf_addf(&rel, "%s%s", k > 0 ? " " : "",
			    m->key[f->related[k]]);
		path = cmd_findings_path(m, f, 1);
		cells[0] = findings_severity_name(f->severity);
		cells[1] = f->rule->id;
		cells[2] = m->key[f->node];
		cells[3] = m->name[f->node];
		cells[4] = kind_node_name(m->kind[f->node]);
		cells[5] = findings_state_name(f->state);
		cells[6] = f->message;
		cells[7] = strbuf_str(&rel);
		cells[8] = path;
		cells[9] = f->reason != NULL ? f->reason : "";
		cells[10] = tstamp_is_set(f->until) ?
		    tstamp_format_date(f->until, d) : "";
		output_csv_row(stdout, cells, 11);
		free(path);
	}
	strbuf_free(&rel);
}

/* The summary line under the table. */
static void
cmd_findings_summary(const struct finding *const *list, size_t n)
{
	size_t	 sev[FINDING_NSEVERITIES] = { 0 }, state[FINDING_NSTATES] = {0};
	size_t	 i;
	int	 s, first = 1;

	for (i = 0; i < n; i++) {
		state[list[i]->state]++;
		if (findings_is_open(list[i]))
			sev[list[i]->severity]++;
	}
	printf("%zu finding%s", n, n == 1 ? "" : "s");
	for (s = FINDING_NSEVERITIES - 1; s >= 0; s--) {
		if (sev[s] == 0)
			continue;
		printf("%s%zu %s", first ? ": " : ", ", sev[s],
		    findings_severity_name(s));
		first = 0;
	}
	printf(" open; %zu accepted, %zu lapsed\n", state[FINDING_ACCEPTED],
	    state[FINDING_LAPSED]);
}

static void
cmd_findings_table(const struct model *m, const struct finding *const *list,
    size_t n)
{
	static const char *const	 head[] = {
		"SEVERITY", "RULE", "NODE", "KIND", "STATE", "MESSAGE"
	};
	static const int		 maxw[] = { 0, 0, 36, 0, 0, 0 };
	struct output_table		 t;
	const char			*cells[6];
	char				 state[48];
	size_t				 i;

	output_table_init(&t, 6, head, maxw);
	for (i = 0; i < n; i++) {
		cmd_findings_state(list[i], state, sizeof(state));
		cells[0] = findings_severity_name(list[i]->severity);
		cells[1] = list[i]->rule->id;
		cells[2] = m->name[list[i]->node];
		cells[3] = kind_node_name(m->kind[list[i]->node]);
		cells[4] = state;
		cells[5] = list[i]->message;
		output_table_row(&t, cells);
	}
	output_table_print(&t, stdout);
	output_table_free(&t);
	cmd_findings_summary(list, n);
}

/* Print the findings the options select; returns the exit code. */
static int
cmd_findings_print(struct store *s, const struct model *m,
    const struct findings *fs, const struct cmd_findings_args *fa)
{
	const struct finding	**list;
	size_t			 i, n = 0;
	int			 rc = CMD_EXIT_OK;

	list = xreallocarray(NULL, fs->n + 1, sizeof(*list));
	for (i = 0; i < fs->n; i++) {
		if ((int)fs->v[i].severity < fa->min)
			continue;
		list[n++] = &fs->v[i];
		if (fa->fail_on >= 0 && findings_is_open(&fs->v[i]) &&
		    (int)fs->v[i].severity >= fa->fail_on)
			rc = CMD_EXIT_FINDINGS;
	}
	if (fa->fmt == CMD_FINDINGS_TABLE)
		cmd_findings_table(m, list, n);
	else if (fa->fmt == CMD_FINDINGS_CSV)
		cmd_findings_csv(m, list, n);
	else
		findings_out_print(s, m, list, n, fa->fmt ==
		    CMD_FINDINGS_SARIF);
	free(list);
	return rc;
}

static int
cmd_findings_exec(struct cli *cli, int argc, char **argv)
{
	struct cmd_findings_args	 fa;
	struct findings_opts		 o;
	struct scenario			 sc;
	struct findings			*fs = NULL;
	struct store			*s;
	struct model			*m;
	char				*err = NULL;
	int				 rc;

	memset(&fa, 0, sizeof(fa));
	fa.fail_on = -1;
	fa.kinds = REACH_KINDS_DEFAULT;
	if ((rc = cmd_findings_options(argc, argv, &fa)) != CMD_EXIT_OK) {
		free(fa.rules);
		return rc == -1 ? CMD_EXIT_OK : rc;
	}
	if ((rc = cmd_open_case(cli, &s, &m)) != CMD_EXIT_OK) {
		free(fa.rules);
		return rc;
	}
	if ((rc = cmd_scenario(cli, s, m, &sc)) != CMD_EXIT_OK)
		goto out;
	scenario_set_kinds(&sc, fa.kinds);
	memset(&o, 0, sizeof(o));
	o.cfg = cli->cfg;
	o.now = cli->now;
	o.rules = fa.rules;
	if (findings_evaluate(s, m, &sc, &o, NULL, &fs, &err) == -1) {
		cmd_error("%s", err);
		free(err);
		rc = CMD_EXIT_STORE;
	} else
		rc = cmd_findings_print(s, m, fs, &fa);
	findings_free(fs);
	scenario_free(&sc);
out:
	model_free(m);
	store_close(s);
	free(fa.rules);
	return rc;
}

const struct cmd_entry cmd_findings_entry = {
	.name = "findings",
	.usage = "[--rule ID] [--severity S] [--format table|json|csv|sarif] "
	    "[--fail-on S] [--edges KINDS]",
	.summary = "posture findings: stale, shared, orphaned, over-privileged",
	.exec = cmd_findings_exec,
};
