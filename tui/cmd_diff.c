/*
 * trustwalk diff: what changed between two views of the case (see
 * graph/delta.h), as text, JSON or Markdown. By default the previous
 * snapshot of each source is compared with the current one.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "delta.h"
#include "jsonw.h"
#include "kind.h"
#include "markdown.h"
#include "output.h"
#include "store.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

enum cmd_diff_format {
	CMD_DIFF_TEXT,
	CMD_DIFF_JSON,
	CMD_DIFF_MD
};

/* 1 for the sections whose items are edges or (identity, privilege). */
static int
cmd_diff_is_pair(enum delta_section s)
{
	return s == DELTA_EDGES_ADDED || s == DELTA_EDGES_REMOVED ||
	    s == DELTA_REACH_ADDED || s == DELTA_REACH_REMOVED;
}

/* The "last used" or "expires" text of a lifecycle item. */
static void
cmd_diff_when(struct strbuf *sb, enum delta_section s,
    const struct delta_item *it)
{
	char	 t[TSTAMP_BUFSZ];

	if (s == DELTA_STALE)
		strbuf_addf(sb, "last used %s",
		    tstamp_format_date(it->when, t));
	else if (s == DELTA_EXPIRING || s == DELTA_EXPIRED)
		strbuf_addf(sb, "expires %s", tstamp_format_date(it->when, t));
}

static void
cmd_diff_text_item(enum delta_section s, const struct delta_item *it)
{
	struct strbuf	 line;

	strbuf_init(&line);
	strbuf_addf(&line, "  %c ", delta_section_lost(s) ? '-' : '+');
	if (s == DELTA_EDGES_ADDED || s == DELTA_EDGES_REMOVED)
		strbuf_addf(&line, "%s -[%s]-> %s  (%s -> %s)", it->name,
		    it->raw, it->name2, it->key, it->key2);
	else if (it->rule != NULL)
		strbuf_addf(&line, "%-24s %s  %s  %s", it->rule, it->name,
		    it->detail, it->key);
	else if (cmd_diff_is_pair(s))
		strbuf_addf(&line, "%s (%s) -> %s %s  (%s -> %s)", it->name,
		    kind_node_name(it->kind), kind_node_name(it->kind2),
		    it->name2, it->key, it->key2);
	else {
		strbuf_addf(&line, "%-16s %s  %s", kind_node_name(it->kind),
		    it->name, it->key);
		if (it->when != TSTAMP_UNKNOWN) {
			strbuf_addstr(&line, "  ");
			cmd_diff_when(&line, s, it);
		}
	}
	output_line(stdout, line.buf);
	strbuf_free(&line);
}

static void
cmd_diff_text(const struct delta *d)
{
	char	 ta[TSTAMP_BUFSZ], tb[TSTAMP_BUFSZ];
	size_t	 s, i;

	printf("comparing %s (judged at %s) with %s (judged at %s)\n",
	    d->view_a, tstamp_format(d->time_a, ta), d->view_b,
	    tstamp_format(d->time_b, tb));
	for (s = 0; s < DELTA_SECTION_COUNT; s++) {
		printf("%s: %zu\n", delta_section_title(s), d->count[s]);
		for (i = 0; i < d->count[s]; i++)
			cmd_diff_text_item(s, &d->items[s][i]);
	}
}

/* Write a node reference as members prefixed with p ("", "dst_"). */
static void
cmd_diff_json_node(struct jsonw *w, const char *p, const char *key,
    const char *name, int kind)
{
	char	 k[32];

	snprintf(k, sizeof(k), "%skey", p);
	jsonw_key(w, k);
	jsonw_str(w, key);
	snprintf(k, sizeof(k), "%sname", p);
	jsonw_key(w, k);
	jsonw_str(w, name);
	snprintf(k, sizeof(k), "%skind", p);
	jsonw_key(w, k);
	jsonw_str(w, kind_node_name(kind));
}

static void
cmd_diff_json_item(struct jsonw *w, enum delta_section s,
    const struct delta_item *it)
{
	jsonw_object_begin(w);
	if (s == DELTA_EDGES_ADDED || s == DELTA_EDGES_REMOVED) {
		cmd_diff_json_node(w, "src_", it->key, it->name, it->kind);
		cmd_diff_json_node(w, "dst_", it->key2, it->name2, it->kind2);
		jsonw_key(w, "kind");
		jsonw_str(w, kind_edge_name(it->ekind));
		jsonw_key(w, "source_kind");
		jsonw_str(w, it->raw);
	} else if (it->rule != NULL) {
		jsonw_key(w, "rule");
		jsonw_str(w, it->rule);
		cmd_diff_json_node(w, "", it->key, it->name, it->kind);
		jsonw_key(w, "detail");
		jsonw_str(w, it->detail);
	} else if (cmd_diff_is_pair(s)) {
		cmd_diff_json_node(w, "identity_", it->key, it->name,
		    it->kind);
		cmd_diff_json_node(w, "privilege_", it->key2, it->name2,
		    it->kind2);
	} else {
		cmd_diff_json_node(w, "", it->key, it->name, it->kind);
		if (s == DELTA_STALE) {
			jsonw_key(w, "last_used_at");
			cmd_time_json(w, it->when);
		} else if (s == DELTA_EXPIRING || s == DELTA_EXPIRED) {
			jsonw_key(w, "expires_at");
			cmd_time_json(w, it->when);
		}
	}
	jsonw_object_end(w);
}

static void
cmd_diff_json(const struct delta *d)
{
	struct strbuf	 sb;
	struct jsonw	 w;
	size_t		 s, i;

	strbuf_init(&sb);
	jsonw_init(&w, &sb, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "a");
	jsonw_object_begin(&w);
	jsonw_key(&w, "view");
	jsonw_str(&w, d->view_a);
	jsonw_key(&w, "time");
	cmd_time_json(&w, d->time_a);
	jsonw_object_end(&w);
	jsonw_key(&w, "b");
	jsonw_object_begin(&w);
	jsonw_key(&w, "view");
	jsonw_str(&w, d->view_b);
	jsonw_key(&w, "time");
	cmd_time_json(&w, d->time_b);
	jsonw_object_end(&w);
	for (s = 0; s < DELTA_SECTION_COUNT; s++) {
		jsonw_key(&w, delta_section_id(s));
		jsonw_array_begin(&w);
		for (i = 0; i < d->count[s]; i++)
			cmd_diff_json_item(&w, s, &d->items[s][i]);
		jsonw_array_end(&w);
	}
	jsonw_object_end(&w);
	strbuf_addch(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_free(&sb);
}

static void
cmd_diff_md_item(struct strbuf *sb, enum delta_section s,
    const struct delta_item *it)
{
	strbuf_addstr(sb, "- ");
	if (s == DELTA_EDGES_ADDED || s == DELTA_EDGES_REMOVED) {
		markdown_text(sb, it->name);
		strbuf_addstr(sb, " → ");
		markdown_text(sb, it->name2);
		strbuf_addstr(sb, ", edge ");
		markdown_code(sb, it->raw);
	} else if (it->rule != NULL) {
		markdown_code(sb, it->rule);
		strbuf_addstr(sb, " on ");
		markdown_text(sb, it->name);
		strbuf_addstr(sb, ": ");
		markdown_text(sb, it->detail);
	} else if (cmd_diff_is_pair(s)) {
		markdown_text(sb, it->name);
		strbuf_addf(sb, " (%s) can reach ", kind_node_name(it->kind));
		markdown_text(sb, it->name2);
	} else {
		strbuf_addf(sb, "%s ", kind_node_name(it->kind));
		markdown_text(sb, it->name);
		if (it->when != TSTAMP_UNKNOWN) {
			strbuf_addstr(sb, ", ");
			cmd_diff_when(sb, s, it);
		}
	}
	strbuf_addstr(sb, " (");
	markdown_code(sb, it->key);
	if (it->key2 != NULL) {
		strbuf_addstr(sb, " → ");
		markdown_code(sb, it->key2);
	}
	strbuf_addstr(sb, ")\n");
}

static void
cmd_diff_md(const struct delta *d)
{
	struct strbuf	 sb;
	char		 ta[TSTAMP_BUFSZ], tb[TSTAMP_BUFSZ];
	size_t		 s, i;

	strbuf_init(&sb);
	strbuf_addstr(&sb, "# Changes in the case\n\n");
	strbuf_addf(&sb, "From %s (judged at %s) to %s (judged at %s).\n",
	    d->view_a, tstamp_format(d->time_a, ta), d->view_b,
	    tstamp_format(d->time_b, tb));
	for (s = 0; s < DELTA_SECTION_COUNT; s++) {
		strbuf_addf(&sb, "\n## %c%s (%zu)\n\n",
		    delta_section_title(s)[0] - 'a' + 'A',
		    delta_section_title(s) + 1, d->count[s]);
		if (d->count[s] == 0)
			strbuf_addstr(&sb, "None.\n");
		for (i = 0; i < d->count[s]; i++)
			cmd_diff_md_item(&sb, s, &d->items[s][i]);
	}
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_free(&sb);
}

static int
cmd_diff_parse_format(const char *text, enum cmd_diff_format *out)
{
	if (strcmp(text, "text") == 0)
		*out = CMD_DIFF_TEXT;
	else if (strcmp(text, "json") == 0)
		*out = CMD_DIFF_JSON;
	else if (strcmp(text, "md") == 0)
		*out = CMD_DIFF_MD;
	else {
		cmd_error("--format: expected text, json or md, not \"%s\"",
		    text);
		return -1;
	}
	return 0;
}

static void
cmd_diff_help(void)
{
	printf("usage: trustwalk diff [--format text|json|md] "
	    "[--snapshot ID | A [B]]\n"
	    "  A and B are views: current, previous, a snapshot id (the "
	    "case right\n"
	    "  after that import), ids joined by commas, or an ISO 8601 "
	    "time.\n"
	    "  Default: previous current. --snapshot ID compares that "
	    "import with\n"
	    "  the previous import of its source.\n");
}

/* Work out the two views from the arguments; returns 0 or an exit code. */
static int
cmd_diff_views(struct store *s, long long snap, char **args, int nargs,
    struct store_view *a, struct store_view *b)
{
	char	*err = NULL;

	memset(a, 0, sizeof(*a));
	memset(b, 0, sizeof(*b));
	a->kind = STORE_VIEW_PREVIOUS;
	b->kind = STORE_VIEW_CURRENT;
	if (snap > 0) {
		if (store_view_around(s, snap, a, b, &err) == -1)
			goto fail;
		return CMD_EXIT_OK;
	}
	if (nargs > 0 && store_view_parse(args[0], a, &err) == -1)
		goto fail;
	if (nargs > 1 && store_view_parse(args[1], b, &err) == -1)
		goto fail;
	/* Try both now, so that a missing snapshot is a usage error. */
	if (store_set_view(s, a, &err) == -1 ||
	    store_set_view(s, b, &err) == -1)
		goto fail;
	return CMD_EXIT_OK;
fail:
	cmd_error("%s", err);
	free(err);
	return CMD_EXIT_USAGE;
}

static int
cmd_diff_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "snapshot", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum cmd_diff_format		 fmt = CMD_DIFF_TEXT;
	struct store_view		 a, b;
	struct store			*s;
	struct delta			*d = NULL;
	long long			 snap = 0;
	char				*err = NULL, *end;
	int				 ch, rc;

	while ((ch = getopt_long(argc, argv, "f:s:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (cmd_diff_parse_format(optarg, &fmt) == -1)
				return CMD_EXIT_USAGE;
			break;
		case 's':
			snap = strtoll(optarg, &end, 10);
			if (*end != '\0' || snap <= 0) {
				cmd_error("--snapshot: \"%s\" is not a "
				    "snapshot id", optarg);
				return CMD_EXIT_USAGE;
			}
			break;
		case 'h':
			cmd_diff_help();
			return CMD_EXIT_OK;
		default:
			return cmd_usage(&cmd_diff_entry);
		}
	}
	if (argc - optind > 2 || (snap > 0 && argc > optind))
		return cmd_usage(&cmd_diff_entry);
	if ((rc = cmd_open_case(cli, &s, NULL)) != CMD_EXIT_OK)
		return rc;
	rc = cmd_diff_views(s, snap, argv + optind, argc - optind, &a, &b);
	if (rc != CMD_EXIT_OK)
		goto out;
	if (delta_load(s, &a, &b, cli->now, cli->cfg, &d, &err) == -1) {
		cmd_error("%s", err);
		free(err);
		rc = CMD_EXIT_STORE;
		goto out;
	}
	if (fmt == CMD_DIFF_TEXT)
		cmd_diff_text(d);
	else if (fmt == CMD_DIFF_JSON)
		cmd_diff_json(d);
	else
		cmd_diff_md(d);
out:
	delta_free(d);
	store_view_clear(&a);
	store_view_clear(&b);
	store_close(s);
	return rc;
}

const struct cmd_entry cmd_diff_entry = {
	.name = "diff",
	.usage = "[--format text|json|md] [--snapshot ID | A [B]]",
	.summary = "show what changed between two views of the case",
	.exec = cmd_diff_exec,
};
