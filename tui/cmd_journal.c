/*
 * trustwalk journal: the triage journal of the case, oldest step first,
 * as text, as a Markdown timeline for an incident record, or as JSON.
 *
 * The journal may come from a colleague's case file, so its text is
 * treated like any other data. Markdown and text go through the
 * sanitiser. A detail object is copied into JSON only when it parses as
 * a JSON object and is clean printable text.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "json.h"
#include "jsonw.h"
#include "markdown.h"
#include "model.h"
#include "output.h"
#include "sanitize.h"
#include "store.h"
#include "store_journal.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

enum cmd_journal_format {
	CMD_JOURNAL_TEXT,
	CMD_JOURNAL_MD,
	CMD_JOURNAL_JSON
};

struct cmd_journal {
	enum cmd_journal_format	 fmt;
	const struct model	*m;
	struct strbuf		 out;
	struct jsonw		 w;
	char			 day[16];	/* current Markdown heading */
	size_t			 steps;
};

/* Parse a detail object; NULL when it is missing or not an object. */
static cJSON *
cmd_journal_detail(const char *detail)
{
	cJSON	*obj;
	char	*err = NULL;

	if (detail == NULL)
		return NULL;
	obj = json_parse(detail, strlen(detail), "journal", NULL, &err);
	free(err);
	if (obj != NULL && !cJSON_IsObject(obj)) {
		cJSON_Delete(obj);
		obj = NULL;
	}
	return obj;
}

/* Append "name (`key`)" for a journal key, or the key alone. */
static void
cmd_journal_md_node(struct cmd_journal *j, const char *key)
{
	int64_t	 v = j->m != NULL ? model_find(j->m, key) : -1;

	if (v >= 0) {
		markdown_text(&j->out, j->m->name[v]);
		strbuf_addch(&j->out, ' ');
	}
	strbuf_addch(&j->out, '(');
	markdown_code(&j->out, key);
	strbuf_addch(&j->out, ')');
}

/* Append a detail string member as Markdown text, with a lead. */
static void
cmd_journal_md_field(struct cmd_journal *j, const cJSON *d, const char *name,
    const char *lead)
{
	const char	*v = json_str(d, name);

	if (v == NULL)
		return;
	strbuf_addstr(&j->out, lead);
	markdown_text(&j->out, v);
}

/* Append the sentence that describes one step. */
static void
cmd_journal_md_sentence(struct cmd_journal *j,
    const struct store_journal_row *row, const cJSON *d)
{
	const char	*a = row->action;

	if (strcmp(a, "walk") == 0)
		strbuf_addstr(&j->out, "walked to ");
	else if (strcmp(a, "note") == 0)
		strbuf_addstr(&j->out, "noted on ");
	else if (strcmp(a, "tag") == 0 || strcmp(a, "untag") == 0) {
		strbuf_addstr(&j->out, a[0] == 't' ? "tagged" : "untagged");
		cmd_journal_md_field(j, d, "tag", " ");
		strbuf_addstr(&j->out, ": ");
	} else if (strcmp(a, "review") == 0) {
		cmd_journal_md_field(j, d, "state", "set the review state ");
		strbuf_addstr(&j->out, " on ");
	} else if (strcmp(a, "accept") == 0 || strcmp(a, "unaccept") == 0) {
		cmd_journal_md_field(j, d, "rule", a[0] == 'a' ?
		    "accepted the finding " : "withdrew the acceptance of ");
		strbuf_addstr(&j->out, " on ");
	} else if (strcmp(a, "filter") == 0)
		cmd_journal_md_field(j, d, "text", "filtered by ");
	else if (strcmp(a, "export") == 0) {
		cmd_journal_md_field(j, d, "selection", "exported ");
		cmd_journal_md_field(j, d, "format", " as ");
		cmd_journal_md_field(j, d, "file", " to ");
	} else if (strcmp(a, "diff") == 0) {
		cmd_journal_md_field(j, d, "a", "compared ");
		cmd_journal_md_field(j, d, "b", " with ");
	} else if (strcmp(a, "open") == 0)
		cmd_journal_md_field(j, d, "view", "opened the interface on ");
	else {
		markdown_text(&j->out, a);
		strbuf_addch(&j->out, ' ');
	}
	if (row->key != NULL)
		cmd_journal_md_node(j, row->key);
	if (strcmp(a, "note") == 0)
		cmd_journal_md_field(j, d, "text", ": ");
	if (strcmp(a, "review") == 0 || strcmp(a, "accept") == 0) {
		cmd_journal_md_field(j, d, "until", " until ");
		cmd_journal_md_field(j, d, "reason", ": ");
	}
}

static void
cmd_journal_md_step(struct cmd_journal *j,
    const struct store_journal_row *row)
{
	cJSON	*d = cmd_journal_detail(row->detail);
	char	 t[TSTAMP_BUFSZ];

	tstamp_format(row->at, t);
	if (strncmp(t, j->day, 10) != 0) {
		snprintf(j->day, sizeof(j->day), "%.10s", t);
		strbuf_addf(&j->out, "\n## %s\n\n", j->day);
	}
	/* "2026-12-04T16:25:45Z": keep the time of day. */
	strbuf_addf(&j->out, "- %s ", strlen(t) > 11 ? t + 11 : t);
	markdown_text(&j->out, row->author);
	strbuf_addch(&j->out, ' ');
	cmd_journal_md_sentence(j, row, d);
	strbuf_addch(&j->out, '\n');
	cJSON_Delete(d);
}

static void
cmd_journal_json_step(struct cmd_journal *j,
    const struct store_journal_row *row)
{
	cJSON	*d = cmd_journal_detail(row->detail);
	int64_t	 v;

	jsonw_object_begin(&j->w);
	jsonw_key(&j->w, "time");
	cmd_time_json(&j->w, row->at);
	jsonw_key(&j->w, "author");
	jsonw_str(&j->w, row->author);
	jsonw_key(&j->w, "action");
	jsonw_str(&j->w, row->action);
	jsonw_key(&j->w, "key");
	jsonw_str(&j->w, row->key);
	v = row->key != NULL && j->m != NULL ? model_find(j->m, row->key) : -1;
	jsonw_key(&j->w, "name");
	jsonw_str(&j->w, v >= 0 ? j->m->name[v] : NULL);
	jsonw_key(&j->w, "detail");
	if (d != NULL && sanitize_is_clean(row->detail, strlen(row->detail),
	    0))
		jsonw_raw(&j->w, row->detail);
	else
		jsonw_str(&j->w, row->detail);
	jsonw_object_end(&j->w);
	cJSON_Delete(d);
}

static int
cmd_journal_step(void *ctx, const struct store_journal_row *row)
{
	struct cmd_journal	*j = ctx;
	struct strbuf		 line;
	char			 t[TSTAMP_BUFSZ];

	j->steps++;
	if (j->fmt == CMD_JOURNAL_MD)
		cmd_journal_md_step(j, row);
	else if (j->fmt == CMD_JOURNAL_JSON)
		cmd_journal_json_step(j, row);
	else {
		strbuf_init(&line);
		strbuf_addf(&line, "%s  %s  %s  %s  %s",
		    tstamp_format(row->at, t), row->author, row->action,
		    row->key != NULL ? row->key : "-",
		    row->detail != NULL ? row->detail : "");
		output_line(stdout, line.buf);
		strbuf_free(&line);
	}
	return 0;
}

static int
cmd_journal_parse_format(const char *text, enum cmd_journal_format *fmt)
{
	if (strcmp(text, "text") == 0)
		*fmt = CMD_JOURNAL_TEXT;
	else if (strcmp(text, "md") == 0)
		*fmt = CMD_JOURNAL_MD;
	else if (strcmp(text, "json") == 0)
		*fmt = CMD_JOURNAL_JSON;
	else {
		cmd_error("--format: expected text, md or json, not \"%s\"",
		    text);
		return -1;
	}
	return 0;
}

/* Print the collected output with its heading or brackets. */
static void
cmd_journal_finish(struct cmd_journal *j, const char *path)
{
	struct strbuf	 head;
	const char	*slash = strrchr(path, '/');

	if (j->fmt == CMD_JOURNAL_JSON) {
		jsonw_array_end(&j->w);
		strbuf_addch(&j->out, '\n');
	} else if (j->fmt == CMD_JOURNAL_MD) {
		strbuf_init(&head);
		strbuf_addstr(&head, "# Investigation journal: ");
		markdown_text(&head, slash != NULL ? slash + 1 : path);
		strbuf_addf(&head, "\n\n%zu step%s, times in UTC.\n", j->steps,
		    j->steps == 1 ? "" : "s");
		fwrite(head.buf, 1, head.len, stdout);
		strbuf_free(&head);
	}
	fwrite(j->out.buf, 1, j->out.len, stdout);
}

static int
cmd_journal_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_journal		 j;
	struct store			*s;
	struct model			*m;
	char				*err = NULL;
	int				 ch, rc;

	memset(&j, 0, sizeof(j));
	while ((ch = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (cmd_journal_parse_format(optarg, &j.fmt) == -1)
				return CMD_EXIT_USAGE;
			break;
		case 'h':
			printf("usage: trustwalk journal [--format "
			    "text|md|json]\n");
			return CMD_EXIT_OK;
		default:
			return cmd_usage(&cmd_journal_entry);
		}
	}
	if (optind != argc)
		return cmd_usage(&cmd_journal_entry);
	if ((rc = cmd_open_case(cli, &s, &m)) != CMD_EXIT_OK)
		return rc;
	j.m = m;
	strbuf_init(&j.out);
	jsonw_init(&j.w, &j.out, 0);
	if (j.fmt == CMD_JOURNAL_JSON)
		jsonw_array_begin(&j.w);
	if (store_journal_scan(s, cmd_journal_step, &j, &err) == -1) {
		cmd_error("%s", err);
		free(err);
		rc = CMD_EXIT_STORE;
	} else
		cmd_journal_finish(&j, store_path(s));
	strbuf_free(&j.out);
	model_free(m);
	store_close(s);
	return rc;
}

const struct cmd_entry cmd_journal_entry = {
	.name = "journal",
	.usage = "[--format text|md|json]",
	.summary = "print the triage journal of the case",
	.exec = cmd_journal_exec,
};
