/*
 * trustwalk timeline: one node's uses over time, from the usage evidence
 * of the view. The table lists the events where the node is the actor,
 * the credential or the target, oldest first; JSON adds the events per
 * day. Every string from the logs goes through the sanitiser (table) or
 * the escaping JSON writer.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "jsonw.h"
#include "kind.h"
#include "model.h"
#include "output.h"
#include "store.h"
#include "strbuf.h"
#include "tstamp.h"
#include "usage.h"
#include "xalloc.h"

/* The most days the JSON lists one by one; more are grouped. */
#define CMD_TIMELINE_MAX_DAYS	366

/* The name of the node of an event field, or NULL. */
static const char *
cmd_timeline_name(const struct model *m, uint32_t v)
{
	return v != USAGE_NONE ? m->name[v] : NULL;
}

static void
cmd_timeline_table(const struct model *m, const struct usage *u)
{
	static const char *const	 head[] = {
		"TIME", "KIND", "ACTOR", "ACTION", "TARGET", "SOURCE IP",
		"USER AGENT", "ERROR", "RECORD"
	};
	static const int		 maxw[] = {
		0, 0, 24, 28, 24, 16, 24, 16, 40
	};
	struct output_table		 t;
	const struct usage_event	*e;
	const char			*cells[9];
	char				 at[TSTAMP_BUFSZ], *where;
	size_t				 i;

	output_table_init(&t, 9, head, maxw);
	for (i = 0; i < u->n; i++) {
		e = &u->v[i];
		where = usage_where(e);
		cells[0] = tstamp_format(e->at, at);
		cells[1] = kind_edge_name(e->kind);
		cells[2] = cmd_timeline_name(m, e->actor);
		cells[3] = e->action;
		cells[4] = cmd_timeline_name(m, e->target);
		cells[5] = e->source_ip;
		cells[6] = e->user_agent;
		cells[7] = e->error_code;
		cells[8] = where;
		output_table_row(&t, cells);
		free(where);
	}
	output_table_print(&t, stdout);
	output_table_free(&t);
}

/* The events per day (or per group of days) as a JSON array. */
static void
cmd_timeline_days(struct jsonw *w, const struct usage *u)
{
	struct usage_bucket	*b;
	int64_t			 days, span;
	size_t			 nb, i;

	span = usage_days(u);
	nb = span > CMD_TIMELINE_MAX_DAYS ? CMD_TIMELINE_MAX_DAYS :
	    (size_t)span;
	b = xcalloc(nb + 1, sizeof(*b));
	usage_buckets(u, nb, b, &days);
	jsonw_key(w, "days_per_bucket");
	jsonw_int(w, days);
	jsonw_key(w, "buckets");
	jsonw_array_begin(w);
	for (i = 0; i < nb; i++) {
		if (b[i].count == 0)
			continue;
		jsonw_object_begin(w);
		jsonw_key(w, "from");
		cmd_time_json(w, b[i].start);
		jsonw_key(w, "events");
		jsonw_int(w, (int64_t)b[i].count);
		jsonw_key(w, "errors");
		jsonw_int(w, (int64_t)b[i].errors);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	free(b);
}

/* One event as a JSON object. */
static void
cmd_timeline_event(struct jsonw *w, const struct model *m,
    const struct usage_event *e)
{
	jsonw_object_begin(w);
	jsonw_key(w, "at");
	cmd_time_json(w, e->at);
	jsonw_key(w, "kind");
	jsonw_str(w, kind_edge_name(e->kind));
	jsonw_key(w, "actor");
	jsonw_str(w, e->actor != USAGE_NONE ? m->key[e->actor] : NULL);
	jsonw_key(w, "credential");
	jsonw_str(w, e->credential != USAGE_NONE ? m->key[e->credential] :
	    NULL);
	jsonw_key(w, "target");
	jsonw_str(w, e->target != USAGE_NONE ? m->key[e->target] : NULL);
	jsonw_key(w, "action");
	jsonw_str(w, e->action);
	jsonw_key(w, "source_ip");
	jsonw_str(w, e->source_ip);
	jsonw_key(w, "user_agent");
	jsonw_str(w, e->user_agent);
	jsonw_key(w, "error_code");
	jsonw_str(w, e->error_code);
	jsonw_key(w, "input");
	jsonw_str(w, e->input);
	jsonw_key(w, "record");
	jsonw_str(w, e->record);
	jsonw_key(w, "event_id");
	jsonw_str(w, e->event_id);
	jsonw_object_end(w);
}

static void
cmd_timeline_json(const struct model *m, size_t v, const struct usage *u)
{
	struct strbuf	 sb;
	struct jsonw	 w;
	size_t		 i;

	strbuf_init(&sb);
	jsonw_init(&w, &sb, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "node");
	cmd_node_json(&w, m, v);
	jsonw_key(&w, "first");
	if (u->n > 0)
		cmd_time_json(&w, u->first);
	else
		jsonw_null(&w);
	jsonw_key(&w, "last");
	if (u->n > 0)
		cmd_time_json(&w, u->last);
	else
		jsonw_null(&w);
	cmd_timeline_days(&w, u);
	jsonw_key(&w, "events");
	jsonw_array_begin(&w);
	for (i = 0; i < u->n; i++)
		cmd_timeline_event(&w, m, &u->v[i]);
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	strbuf_addch(&sb, '\n');
	cmd_flush(&sb);
	strbuf_free(&sb);
}

/* Parse the options; returns -1 to go on, else an exit code. */
static int
cmd_timeline_options(int argc, char **argv, enum output_format *fmt)
{
	static const struct option	 longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int				 ch;

	while ((ch = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (output_parse_format(optarg, fmt) == -1 ||
			    *fmt == OUTPUT_CSV) {
				cmd_error("--format: expected table or json, "
				    "not \"%s\"", optarg);
				return CMD_EXIT_USAGE;
			}
			break;
		case 'h':
			printf("usage: trustwalk timeline KEY "
			    "[--format table|json]\n");
			return CMD_EXIT_OK;
		default:
			return cmd_usage(&cmd_timeline_entry);
		}
	}
	if (optind + 1 != argc)
		return cmd_usage(&cmd_timeline_entry);
	return -1;
}

static int
cmd_timeline_exec(struct cli *cli, int argc, char **argv)
{
	enum output_format	 fmt = OUTPUT_TABLE;
	struct store		*s = NULL;
	struct model		*m = NULL;
	struct usage		*u = NULL;
	char			*err = NULL;
	int64_t			 v;
	int			 rc;

	if ((rc = cmd_timeline_options(argc, argv, &fmt)) != -1)
		return rc;
	if ((rc = cmd_open_case(cli, &s, &m)) != CMD_EXIT_OK)
		return rc;
	if ((v = cmd_resolve_node(m, argv[optind])) < 0) {
		rc = CMD_EXIT_USAGE;
		goto out;
	}
	if (usage_load_node(s, m, (size_t)v, &u, &err) == -1) {
		cmd_error("%s", err);
		free(err);
		rc = CMD_EXIT_STORE;
		goto out;
	}
	if (fmt == OUTPUT_JSON)
		cmd_timeline_json(m, (size_t)v, u);
	else if (u->n == 0)
		printf("no usage evidence for this node in this view\n");
	else
		cmd_timeline_table(m, u);
	rc = CMD_EXIT_OK;
out:
	usage_free(u);
	model_free(m);
	store_close(s);
	return rc;
}

const struct cmd_entry cmd_timeline_entry = {
	.name = "timeline",
	.usage = "KEY [--format table|json]",
	.summary = "a node's uses over time from the usage evidence",
	.exec = cmd_timeline_exec,
};
