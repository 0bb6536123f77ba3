/*
 * trustwalk tag KEY [+TAG|-TAG|TAG]...: add or remove tags of a node, or
 * list them. A tag such as "tier0" marks a crown jewel; "marked" is the
 * mark the interface's Space key sets. Each change is a journal step.
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
#include "xalloc.h"

static int
cmd_tag_print(void *ctx, const struct store_tag_row *row)
{
	(void)ctx;
	output_line(stdout, row->tag);
	return 0;
}

/* The tag an argument names: "+tag", "-tag" or "tag". */
static const char *
cmd_tag_name(const char *arg)
{
	return arg[0] == '+' || arg[0] == '-' ? arg + 1 : arg;
}

/*
 * Apply one argument to node v and journal it. Returns 1 when the node
 * changed, 0 when it already was so, -1 on an error.
 */
static int
cmd_tag_apply(struct store *s, struct model *m, size_t v, const char *arg,
    char **errp)
{
	const char	*fields[] = { "tag", cmd_tag_name(arg), NULL };
	int64_t		 kid;
	int		 rc;

	if (arg[0] == '-' && m->kid[v] < 0)
		rc = 0;
	else if (model_annot_kid(m, s, v, &kid, errp) == -1)
		rc = -1;
	else if (arg[0] == '-')
		rc = store_annot_tag_remove(s, kid, fields[1], errp);
	else
		rc = store_annot_tag_add(s, kid, fields[1], annot_author(),
		    (int64_t)time(NULL), errp);
	if (rc == 1 && journal_record(s, arg[0] == '-' ? "untag" : "tag",
	    m->key[v], fields, errp) == -1)
		return -1;
	return rc;
}

/* Print what each argument did. */
static void
cmd_tag_report(const struct model *m, size_t v, char **args,
    const int *changed, int nargs)
{
	const char	*tag;
	int		 i, remove;

	for (i = 0; i < nargs; i++) {
		tag = cmd_tag_name(args[i]);
		remove = args[i][0] == '-';
		if (changed[i])
			annotate_done("%s %s: %s", remove ? "untagged" :
			    "tagged", m->key[v], tag);
		else
			annotate_done("%s %s tag %s", m->key[v], remove ?
			    "does not have" : "already has", tag);
	}
}

static int
cmd_tag_change(struct store *s, struct model *m, size_t v,
    char **args, int nargs)
{
	char	*err = NULL;
	int	*changed, i, rc;

	if ((rc = annotate_begin(s)) != CMD_EXIT_OK)
		return rc;
	changed = xcalloc((size_t)nargs, sizeof(*changed));
	for (i = 0; i < nargs; i++) {
		if ((changed[i] = cmd_tag_apply(s, m, v, args[i],
		    &err)) == -1) {
			store_rollback(s);
			cmd_error("%s", err);
			free(err);
			rc = CMD_EXIT_USAGE;
			goto out;
		}
	}
	if (store_commit(s, &err) == -1) {
		rc = annotate_abort(s, err);
		goto out;
	}
	cmd_tag_report(m, v, args, changed, nargs);
out:
	free(changed);
	return rc;
}

static int
cmd_tag_exec(struct cli *cli, int argc, char **argv)
{
	struct store	*s;
	struct model	*m;
	char		*err = NULL;
	int64_t		 v;
	int		 rc;

	/* Tags start with '-', so options end at the first argument. */
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		printf("usage: trustwalk tag KEY [+TAG|-TAG|TAG]...\n"
		    "  +TAG or TAG adds a tag, -TAG removes it; with no tag, "
		    "list the node's tags\n");
		return CMD_EXIT_OK;
	}
	if (argc < 2)
		return cmd_usage(&cmd_tag_entry);
	if (argc > 2 && cli->read_only)
		return annotate_read_only("tag");
	if ((rc = cmd_open_case(cli, &s, &m)) != CMD_EXIT_OK)
		return rc;
	if ((v = cmd_resolve_node(m, argv[1])) < 0)
		rc = CMD_EXIT_USAGE;
	else if (argc == 2) {
		if (m->kid[v] >= 0 && store_annot_tags(s, m->kid[v],
		    cmd_tag_print, NULL, &err) == -1) {
			cmd_error("%s", err);
			free(err);
			rc = CMD_EXIT_STORE;
		}
	} else
		rc = cmd_tag_change(s, m, (size_t)v, argv + 2, argc - 2);
	model_free(m);
	store_close(s);
	return rc;
}

const struct cmd_entry cmd_tag_entry = {
	.name = "tag",
	.usage = "KEY [+TAG|-TAG|TAG]...",
	.summary = "add or remove tags of a node, or list them",
	.exec = cmd_tag_exec,
};
