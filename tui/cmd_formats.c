/*
 * trustwalk formats: list the input formats.
 */
#include <stdio.h>

#include "cmd.h"
#include "importer.h"

static int
cmd_formats_exec(struct cli *cli, int argc, char **argv)
{
	const struct importer *const	*list;
	size_t				 n, i;

	(void)cli;
	if (argc > 1) {
		if (argv[1][0] == '-' && argv[1][1] == 'h') {
			printf("usage: trustwalk formats\n");
			return CMD_EXIT_OK;
		}
		return cmd_usage(&cmd_formats_entry);
	}
	list = importer_list(&n);
	for (i = 0; i < n; i++)
		printf("%-22s %s\n", list[i]->name, list[i]->summary);
	return CMD_EXIT_OK;
}

const struct cmd_entry cmd_formats_entry = {
	.name = "formats",
	.usage = "",
	.summary = "list the input formats trustwalk reads",
	.exec = cmd_formats_exec,
};
