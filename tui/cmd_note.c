/*
 * trustwalk note KEY [TEXT...]: add a note to a node, or list its notes.
 * The note's time is the real clock and its author $USER; the step goes
 * into the journal.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "annot.h"
#include "annotate.h"
#include "cmd.h"
#include "jsonw.h"
#include "model.h"
#include "output.h"
#include "store.h"
#include "store_annot.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

struct cmd_note_list {
	struct jsonw	*w;	/* JSON mode when not NULL */
};

static int
cmd_note_print(void *ctx, const struct store_note_row *row)
{
	struct cmd_note_list	*l = ctx;
	struct strbuf		 line;
	char			 t[TSTAMP_BUFSZ];

	if (l->w != NULL) {
		jsonw_object_begin(l->w);
		jsonw_key(l->w, "time");
		cmd_time_json(l->w, row->created_at);
		jsonw_key(l->w, "author");
		jsonw_str(l->w, row->author);
		jsonw_key(l->w, "text");
		jsonw_str(l->w, row->text);
		jsonw_object_end(l->w);
		return 0;
	}
	strbuf_init(&line);
	strbuf_addf(&line, "%s  %s  %s", tstamp_format(row->created_at, t),
	    row->author, row->text);
	output_line(stdout, line.buf);
	strbuf_free(&line);
	return 0;
}

/* List the notes of node v; returns an exit code. */
static int
cmd_note_list(struct store *s, const struct model *m, size_t v, int json)
{
	struct cmd_note_list	 l;
	struct strbuf		 sb;
	struct jsonw		 w;
	char			*err = NULL;
	int			 rc = CMD_EXIT_OK;

	strbuf_init(&sb);
	jsonw_init(&w, &sb, 0);
	l.w = json ? &w : NULL;
	if (json)
		jsonw_array_begin(&w);
	if (m->kid[v] >= 0 && store_annot_notes(s, m->kid[v], cmd_note_print,
	    &l, &err) == -1) {
		cmd_error("%s", err);
		free(err);
		rc = CMD_EXIT_STORE;
	} else if (json) {
		jsonw_array_end(&w);
		strbuf_addch(&sb, '\n');
		fwrite(sb.buf, 1, sb.len, stdout);
	}
	strbuf_free(&sb);
	return rc;
}

/* Join the words of a note given as several arguments. */
static char *
cmd_note_join(char **words, int n)
{
	struct strbuf	 sb;
	int		 i;

	strbuf_init(&sb);
	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, words[i]);
	}
	return strbuf_detach(&sb);
}

/* Add a note to node v; returns an exit code. */
static int
cmd_note_add(struct store *s, struct model *m, size_t v, const char *text)
{
	const char	*fields[] = { "text", text, NULL };
	char		*err = NULL;
	int64_t		 kid;
	int		 rc;

	if ((rc = annotate_begin(s)) != CMD_EXIT_OK)
		return rc;
	if (model_annot_kid(m, s, v, &kid, &err) == -1 ||
	    store_annot_note_add(s, kid, annot_author(), (int64_t)time(NULL),
	    text, &err) == -1) {
		store_rollback(s);
		cmd_error("%s", err);
		free(err);
		return CMD_EXIT_USAGE;
	}
	if ((rc = annotate_commit(s, "note", m->key[v], fields)) !=
	    CMD_EXIT_OK)
		return rc;
	annotate_done("note added to %s", m->key[v]);
	return CMD_EXIT_OK;
}

static int
cmd_note_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct store			*s;
	struct model			*m;
	char				*text = NULL;
	int64_t				 v;
	int				 ch, rc, json = 0;

	while ((ch = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "json") == 0)
				json = 1;
			else if (strcmp(optarg, "text") != 0) {
				cmd_error("--format: expected text or json, "
				    "not \"%s\"", optarg);
				return CMD_EXIT_USAGE;
			}
			break;
		case 'h':
			printf("usage: trustwalk note [--format text|json] KEY "
			    "[TEXT...]\n  with TEXT, add a note to the node; "
			    "without, list its notes\n");
			return CMD_EXIT_OK;
		default:
			return cmd_usage(&cmd_note_entry);
		}
	}
	if (optind >= argc)
		return cmd_usage(&cmd_note_entry);
	if (argc - optind > 1 && cli->read_only)
		return annotate_read_only("note");
	if ((rc = cmd_open_case(cli, &s, &m)) != CMD_EXIT_OK)
		return rc;
	if ((v = cmd_resolve_node(m, argv[optind])) < 0)
		rc = CMD_EXIT_USAGE;
	else if (argc - optind == 1)
		rc = cmd_note_list(s, m, (size_t)v, json);
	else {
		text = cmd_note_join(argv + optind + 1, argc - optind - 1);
		rc = cmd_note_add(s, m, (size_t)v, text);
	}
	free(text);
	model_free(m);
	store_close(s);
	return rc;
}

const struct cmd_entry cmd_note_entry = {
	.name = "note",
	.usage = "[--format text|json] KEY [TEXT...]",
	.summary = "add a note to a node, or list its notes",
	.exec = cmd_note_exec,
};
