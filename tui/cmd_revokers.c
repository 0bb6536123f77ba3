/*
 * trustwalk revokers: who can revoke a credential (its owners and the
 * identities that reach a right to rotate or delete it) and the
 * commands that do it on its platform, as text or JSON. show prints
 * the same section on a credential through cmd_revokers_text() and
 * cmd_revokers_json(). The commands are shown, never run.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "jsonw.h"
#include "model.h"
#include "output.h"
#include "reach.h"
#include "revoke.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

/* Holders listed in text before "+N more"; JSON lists them all. */
#define CMD_REVOKERS_SHOWN	20

/* The owners, rights and holders of v, and its commands. */
struct cmd_revokers {
	struct revoke_result	 res;
	struct revoke_cmd	 cmds[REVOKE_MAX_COMMANDS];
	int			 ncmds;
};

/*
 * Compute the revocation section of credential v, walking the edge kinds
 * the findings walk (the default less related edges). Returns 0, or -1
 * after printing why.
 */
static int
cmd_revokers_compute(struct store *s, const struct model *m, size_t v,
    struct cmd_revokers *x)
{
	struct revoke_index	*ix = NULL;
	struct reach_filter	 f = { REACH_KINDS_STRICT, NULL, NULL };
	char			*err = NULL;

	memset(x, 0, sizeof(*x));
	x->res.identity = -1;
	if (revoke_index_create(s, m, NULL, &ix, &err) != 0)
		goto fail;
	revoke_find(ix, v, &f, NULL, &x->res);
	revoke_index_free(ix);
	if ((x->ncmds = revoke_cmd_render(m, s, v, &x->res, x->cmds,
	    &err)) < 0)
		goto fail;
	return 0;
fail:
	cmd_error("%s", err != NULL ? err : "reading the case failed");
	free(err);
	revoke_result_free(&x->res);
	x->ncmds = 0;
	return -1;
}

static void
cmd_revokers_clear(struct cmd_revokers *x)
{
	revoke_cmd_free(x->cmds, (size_t)x->ncmds);
	revoke_result_free(&x->res);
}

static void
cmd_revokers_line(const char *label, const struct model *m, size_t u,
    const char *extra)
{
	struct strbuf	 line;

	strbuf_init(&line);
	strbuf_addf(&line, "  %-13s %s (%s)  %s%s", label, m->name[u],
	    kind_node_name(m->kind[u]), m->key[u], extra != NULL ? extra : "");
	output_line(stdout, line.buf);
	strbuf_free(&line);
}

static void
cmd_revokers_print(const struct model *m, const struct cmd_revokers *x)
{
	const struct revoke_result	*r = &x->res;
	struct strbuf			 sb;
	size_t				 i;

	strbuf_init(&sb);
	printf("revocation (%s): %zu owners, %zu identities with the right "
	    "to revoke\n", revoke_platform_name(r->platform), r->nowners +
	    (r->owner_text != NULL), r->nholders);
	for (i = 0; i < r->nowners; i++)
		cmd_revokers_line("owner", m, r->owners[i], NULL);
	if (r->owner_text != NULL) {
		strbuf_addf(&sb, "  %-13s %s (names no node of the case)",
		    "owner", r->owner_text);
		output_line(stdout, sb.buf);
	}
	for (i = 0; i < r->nholders && i < CMD_REVOKERS_SHOWN; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "  through %s, %u hop%s",
		    m->name[r->holders[i].right], r->holders[i].depth,
		    r->holders[i].depth == 1 ? "" : "s");
		cmd_revokers_line("can revoke", m, r->holders[i].node, sb.buf);
	}
	if (r->nholders > CMD_REVOKERS_SHOWN)
		printf("  %-13s +%zu more (--format json lists them)\n", "",
		    r->nholders - CMD_REVOKERS_SHOWN);
	if (!revoke_has_path(r))
		printf("  %-13s no owner and no identity that can revoke it\n",
		    "none");
	printf("commands (shown only; trustwalk runs nothing):\n");
	if (x->ncmds == 0)
		printf("  none known for this platform: revoke it at the system "
		    "that issued it\n");
	for (i = 0; i < (size_t)x->ncmds; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "  %s: %s", x->cmds[i].what,
		    x->cmds[i].text != NULL ? x->cmds[i].text :
		    x->cmds[i].problem);
		output_line(stdout, sb.buf);
	}
	strbuf_free(&sb);
}

int
cmd_revokers_text(struct store *s, const struct model *m, size_t v)
{
	struct cmd_revokers	 x;

	if (cmd_revokers_compute(s, m, v, &x) == -1)
		return -1;
	cmd_revokers_print(m, &x);
	cmd_revokers_clear(&x);
	return 0;
}

static void
cmd_revokers_write(struct jsonw *w, const struct model *m,
    const struct cmd_revokers *x)
{
	const struct revoke_result	*r = &x->res;
	size_t				 i;

	jsonw_object_begin(w);
	jsonw_key(w, "platform");
	jsonw_str(w, revoke_platform_name(r->platform));
	jsonw_key(w, "has_path");
	jsonw_bool(w, revoke_has_path(r));
	jsonw_key(w, "owners");
	jsonw_array_begin(w);
	for (i = 0; i < r->nowners; i++)
		cmd_node_json(w, m, r->owners[i]);
	jsonw_array_end(w);
	jsonw_key(w, "owner_text");
	jsonw_str(w, r->owner_text);
	jsonw_key(w, "revokers");
	jsonw_array_begin(w);
	for (i = 0; i < r->nholders; i++) {
		jsonw_object_begin(w);
		cmd_node_json_fields(w, m, r->holders[i].node);
		jsonw_key(w, "right");
		jsonw_str(w, m->key[r->holders[i].right]);
		jsonw_key(w, "right_name");
		jsonw_str(w, m->name[r->holders[i].right]);
		jsonw_key(w, "hops");
		jsonw_int(w, r->holders[i].depth);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	jsonw_key(w, "rights");
	jsonw_array_begin(w);
	for (i = 0; i < r->nrights; i++)
		jsonw_str(w, m->key[r->rights[i]]);
	jsonw_array_end(w);
	jsonw_key(w, "commands");
	jsonw_array_begin(w);
	for (i = 0; i < (size_t)x->ncmds; i++) {
		jsonw_object_begin(w);
		jsonw_key(w, "what");
		jsonw_str(w, x->cmds[i].what);
		jsonw_key(w, "command");
		jsonw_str(w, x->cmds[i].text);
		jsonw_key(w, "problem");
		jsonw_str(w, x->cmds[i].problem);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	jsonw_object_end(w);
}

int
cmd_revokers_json(struct jsonw *w, struct store *s, const struct model *m,
    size_t v)
{
	struct cmd_revokers	 x;

	if (cmd_revokers_compute(s, m, v, &x) == -1)
		return -1;
	cmd_revokers_write(w, m, &x);
	cmd_revokers_clear(&x);
	return 0;
}

static void
cmd_revokers_header(const struct model *m, size_t v)
{
	struct strbuf	 line;

	strbuf_init(&line);
	strbuf_addf(&line, "%-16s %s", "key", m->key[v]);
	output_line(stdout, line.buf);
	strbuf_reset(&line);
	strbuf_addf(&line, "%-16s %s", "name", m->name[v]);
	output_line(stdout, line.buf);
	strbuf_free(&line);
}

/* Print the section of v as a document of its own. */
static int
cmd_revokers_run(struct store *s, const struct model *m, size_t v, int json)
{
	struct strbuf	 sb;
	struct jsonw	 w;
	int		 rc = CMD_EXIT_OK;

	if (!json) {
		cmd_revokers_header(m, v);
		return cmd_revokers_text(s, m, v) == -1 ? CMD_EXIT_STORE :
		    CMD_EXIT_OK;
	}
	strbuf_init(&sb);
	jsonw_init(&w, &sb, 0);
	jsonw_object_begin(&w);
	cmd_node_json_fields(&w, m, v);
	jsonw_key(&w, "revocation");
	if (cmd_revokers_json(&w, s, m, v) == -1)
		rc = CMD_EXIT_STORE;
	jsonw_object_end(&w);
	strbuf_addch(&sb, '\n');
	if (rc == CMD_EXIT_OK)
		cmd_flush(&sb);
	strbuf_free(&sb);
	return rc;
}

static int
cmd_revokers_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct store			*s;
	struct model			*m;
	int64_t				 v;
	int				 ch, json = 0, rc;

	while ((ch = getopt_long(argc, argv, "+f:h", longopts, NULL)) != -1) {
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
			printf("usage: trustwalk revokers [--format text|json] "
			    "KEY\n  KEY is a credential's key, or an id or "
			    "name that matches one node\n");
			return CMD_EXIT_OK;
		default:
			return cmd_usage(&cmd_revokers_entry);
		}
	}
	if (optind + 1 != argc)
		return cmd_usage(&cmd_revokers_entry);
	if ((rc = cmd_open_case(cli, &s, &m)) != CMD_EXIT_OK)
		return rc;
	if ((v = cmd_resolve_node(m, argv[optind])) < 0)
		rc = CMD_EXIT_USAGE;
	else if (m->kind[v] != KIND_NODE_CREDENTIAL) {
		cmd_error("%s is a %s, not a credential; revokers takes a "
		    "credential's key", m->key[v], kind_node_name(m->kind[v]));
		rc = CMD_EXIT_USAGE;
	} else
		rc = cmd_revokers_run(s, m, (size_t)v, json);
	model_free(m);
	store_close(s);
	return rc;
}

const struct cmd_entry cmd_revokers_entry = {
	.name = "revokers",
	.usage = "[--format text|json] KEY",
	.summary = "who can revoke a credential, and the commands to do it",
	.exec = cmd_revokers_exec,
};
