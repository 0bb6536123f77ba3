/*
 * trustwalk who-can: every identity and credential that can reach a node
 * (a privilege, a system), with the shortest path from each. It is the
 * reach walk (cmd_reach.c) run against the edges.
 */
#include "cmd.h"

static int
cmd_whocan_exec(struct cli *cli, int argc, char **argv)
{
	return cmd_reach_main(&cmd_whocan_entry, cli, argc, argv, 1);
}

const struct cmd_entry cmd_whocan_entry = {
	.name = "who-can",
	.usage = "[--depth N] [--edges KINDS] [--format table|json|csv] KEY",
	.summary = "every identity and credential that can reach a node",
	.exec = cmd_whocan_exec,
};
