/*
 * trustwalk reach: everything a node can reach, following trust the way
 * it flows, grouped into identities, privileges, systems and other, each
 * with the shortest path that reaches it. who-can (cmd_whocan.c) runs
 * the same walk against the edges.
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
#include "scenario.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

/* One reached node as listed. */
struct cmd_reach_item {
	uint32_t	 node;
	uint32_t	 depth;
	int		 group;		/* enum reach_group */
};

/* Everything one run needs to print its result. */
struct cmd_reach_ctx {
	struct store		*s;
	const struct model	*m;
	struct scenario		 sc;
	struct reach		 r;
	struct cmd_reach_item	*items;
	size_t			 nitems;
	int			 reverse;
	uint32_t		 depth;
	uint32_t		*path;		/* scratch, nnodes + 1 */
};

static int
cmd_reach_cmp(const void *a, const void *b, void *ctx)
{
	const struct model		*m = ctx;
	const struct cmd_reach_item	*x = a, *y = b;
	int				 c;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	if (m->kind[x->node] != m->kind[y->node])
		return m->kind[x->node] < m->kind[y->node] ? -1 : 1;
	if ((c = strcmp(m->name[x->node], m->name[y->node])) != 0)
		return c;
	return strcmp(m->key[x->node], m->key[y->node]);
}

/*
 * List the reached nodes with their depth, sorted by group, depth, kind
 * and name. who-can keeps only identities and credentials.
 */
static void
cmd_reach_collect(struct cmd_reach_ctx *x)
{
	const struct reach	*r = &x->r;
	size_t			 i, d = 0;
	uint32_t		 u;
	int			 g;

	x->items = xreallocarray(NULL, r->count + 1, sizeof(*x->items));
	for (i = 1; i < r->count; i++) {
		while (d + 1 < r->nlevels && r->levels[d + 1] <= i)
			d++;
		u = r->order[i];
		g = reach_group_of(x->m->kind[u]);
		if (x->reverse && g != REACH_GROUP_IDENTITY)
			continue;
		x->items[x->nitems].node = u;
		x->items[x->nitems].depth = (uint32_t)d;
		x->items[x->nitems].group = g;
		x->nitems++;
	}
	qsort_r(x->items, x->nitems, sizeof(*x->items), cmd_reach_cmp,
	    (void *)x->m);
}

/* The path to (or from) item node v, as edge ids in trust order. */
static size_t
cmd_reach_path(struct cmd_reach_ctx *x, uint32_t v)
{
	return reach_path(&x->r, v, x->path, x->m->nnodes);
}

/* The first node of a path in trust order. */
static size_t
cmd_reach_path_start(const struct cmd_reach_ctx *x, uint32_t v)
{
	return x->reverse ? v : x->r.start;
}

/* "cond,admin,tier0" for a reached node. */
static void
cmd_reach_marks(const struct cmd_reach_ctx *x, uint32_t v, struct strbuf *sb)
{
	strbuf_reset(sb);
	if (reach_conditional(&x->r, v))
		strbuf_addstr(sb, "cond,");
	if (x->m->nflags[v] & MODEL_NODE_ADMIN)
		strbuf_addstr(sb, "admin,");
	if (x->m->nflags[v] & MODEL_NODE_ESCALATION)
		strbuf_addstr(sb, "escalation,");
	if (scenario_is_tier_zero(&x->sc, v))
		strbuf_addstr(sb, "tier0,");
	if (sb->len > 0)
		strbuf_truncate(sb, sb->len - 1);
}

static void
cmd_reach_summary(const struct cmd_reach_ctx *x)
{
	const struct reach	*r = &x->r;
	struct strbuf		 sb;
	size_t			 i, admin = 0, jewels = 0;
	uint32_t		 u;

	for (i = 1; i < r->count; i++) {
		u = r->order[i];
		admin += (x->m->nflags[u] & MODEL_NODE_ADMIN) != 0;
		jewels += (size_t)scenario_is_tier_zero(&x->sc, u);
	}
	strbuf_init(&sb);
	if (x->reverse)
		strbuf_addf(&sb, "can reach %s: identities and credentials "
		    "%zu", x->m->name[r->start], x->nitems);
	else
		strbuf_addf(&sb, "%s reaches: identities %zu, privileges %zu "
		    "(admin-equivalent %zu), policies %zu, systems %zu, other "
		    "%zu, crown jewels %zu", x->m->name[r->start],
		    r->counts[REACH_GROUP_IDENTITY],
		    r->counts[REACH_GROUP_PRIVILEGE], admin,
		    r->counts[REACH_GROUP_POLICY],
		    r->counts[REACH_GROUP_SYSTEM], r->counts[REACH_GROUP_OTHER],
		    jewels);
	if (r->conditional > 0)
		strbuf_addf(&sb, "; only through conditions %zu",
		    r->conditional);
	if (r->cut)
		strbuf_addf(&sb, "; stopped at depth %u", x->depth);
	output_line(stdout, sb.buf);
	strbuf_free(&sb);
}

static void
cmd_reach_table(struct cmd_reach_ctx *x)
{
	static const char *const	 head[] = {
		"GROUP", "DEPTH", "KIND", "NAME", "MARKS", "KEY", "PATH"
	};
	static const int		 maxw[] = { 0, 0, 0, 32, 0, 48, 0 };
	struct output_table		 t;
	struct strbuf			 marks;
	const char			*cells[7];
	char				 depth[16], *path;
	size_t				 i, len;
	uint32_t			 v;

	strbuf_init(&marks);
	output_table_init(&t, 7, head, maxw);
	for (i = 0; i < x->nitems; i++) {
		v = x->items[i].node;
		snprintf(depth, sizeof(depth), "%u", x->items[i].depth);
		cmd_reach_marks(x, v, &marks);
		len = cmd_reach_path(x, v);
		path = cmd_path_text(x->m, cmd_reach_path_start(x, v), x->path,
		    len, 0);
		cells[0] = reach_group_name(x->items[i].group);
		cells[1] = depth;
		cells[2] = kind_node_name(x->m->kind[v]);
		cells[3] = x->m->name[v];
		cells[4] = marks.buf != NULL ? marks.buf : "";
		cells[5] = x->m->key[v];
		cells[6] = path;
		output_table_row(&t, cells);
		free(path);
	}
	output_table_print(&t, stdout);
	output_table_free(&t);
	strbuf_free(&marks);
	cmd_reach_summary(x);
}

static void
cmd_reach_csv(struct cmd_reach_ctx *x)
{
	static const char *const	 head[] = {
		"group", "depth", "key", "kind", "name", "conditional",
		"admin", "tier_zero", "path"
	};
	const char			*cells[9];
	char				 depth[16], *path;
	size_t				 i, len;
	uint32_t			 v;

	output_csv_row(stdout, head, 9);
	for (i = 0; i < x->nitems; i++) {
		v = x->items[i].node;
		snprintf(depth, sizeof(depth), "%u", x->items[i].depth);
		len = cmd_reach_path(x, v);
		path = cmd_path_text(x->m, cmd_reach_path_start(x, v), x->path,
		    len, 1);
		cells[0] = reach_group_name(x->items[i].group);
		cells[1] = depth;
		cells[2] = x->m->key[v];
		cells[3] = kind_node_name(x->m->kind[v]);
		cells[4] = x->m->name[v];
		cells[5] = reach_conditional(&x->r, v) ? "true" : "false";
		cells[6] = (x->m->nflags[v] & MODEL_NODE_ADMIN) ? "true" :
		    "false";
		cells[7] = scenario_is_tier_zero(&x->sc, v) ? "true" : "false";
		cells[8] = path;
		output_csv_row(stdout, cells, 9);
		free(path);
	}
}

/* Write one reached node as a JSON object. */
static void
cmd_reach_item_json(struct cmd_reach_ctx *x, struct jsonw *w,
    const struct cmd_reach_item *it)
{
	uint32_t	 v = it->node;
	size_t		 len = cmd_reach_path(x, v);

	jsonw_object_begin(w);
	cmd_node_json_fields(w, x->m, v);
	jsonw_key(w, "group");
	jsonw_str(w, reach_group_name(it->group));
	jsonw_key(w, "depth");
	jsonw_int(w, it->depth);
	jsonw_key(w, "conditional");
	jsonw_bool(w, reach_conditional(&x->r, v));
	jsonw_key(w, "admin");
	jsonw_bool(w, (x->m->nflags[v] & MODEL_NODE_ADMIN) != 0);
	jsonw_key(w, "escalation");
	jsonw_bool(w, (x->m->nflags[v] & MODEL_NODE_ESCALATION) != 0);
	jsonw_key(w, "tier_zero");
	jsonw_bool(w, scenario_is_tier_zero(&x->sc, v));
	jsonw_key(w, "path");
	cmd_path_json(w, x->s, x->m, x->path, len);
	jsonw_object_end(w);
}

static void
cmd_reach_json(struct cmd_reach_ctx *x)
{
	const struct reach	*r = &x->r;
	struct strbuf		 sb;
	struct jsonw		 w;
	char			*kinds;
	size_t			 i, g;

	strbuf_init(&sb);
	jsonw_init(&w, &sb, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, x->reverse ? "to" : "from");
	cmd_node_json(&w, x->m, r->start);
	jsonw_key(&w, "direction");
	jsonw_str(&w, x->reverse ? "reverse" : "forward");
	jsonw_key(&w, "edges");
	kinds = reach_format_kinds(x->sc.kinds);
	jsonw_str(&w, kinds);
	free(kinds);
	jsonw_key(&w, "max_depth");
	jsonw_int(&w, x->depth);
	jsonw_key(&w, "complete");
	jsonw_bool(&w, !r->cut);
	jsonw_key(&w, "counts");
	jsonw_object_begin(&w);
	for (g = 0; g < REACH_GROUP_COUNT; g++) {
		jsonw_key(&w, reach_group_name(g));
		jsonw_int(&w, (int64_t)r->counts[g]);
	}
	jsonw_key(&w, "conditional");
	jsonw_int(&w, (int64_t)r->conditional);
	jsonw_object_end(&w);
	jsonw_key(&w, "reached");
	jsonw_array_begin(&w);
	for (i = 0; i < x->nitems; i++) {
		cmd_reach_item_json(x, &w, &x->items[i]);
		if (sb.len > 65536)
			cmd_flush(&sb);
	}
	jsonw_array_end(&w);
	jsonw_key(&w, "crown_jewels");
	jsonw_array_begin(&w);
	for (i = 0; i < x->nitems; i++) {
		if (scenario_is_tier_zero(&x->sc, x->items[i].node))
			jsonw_str(&w, x->m->key[x->items[i].node]);
	}
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	strbuf_addch(&sb, '\n');
	cmd_flush(&sb);
	strbuf_free(&sb);
}

/* Options shared by reach and who-can. */
struct cmd_reach_opts {
	enum output_format	 fmt;
	uint32_t		 kinds;
	uint32_t		 depth;
	int			 has_depth;
};

static int
cmd_reach_options(const struct cmd_entry *c, int argc, char **argv,
    struct cmd_reach_opts *o)
{
	static const struct option	 longopts[] = {
		{ "depth", required_argument, NULL, 'd' },
		{ "edges", required_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int				 ch, rc;

	memset(o, 0, sizeof(*o));
	o->kinds = REACH_KINDS_DEFAULT;
	while ((ch = getopt_long(argc, argv, "d:e:f:h", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'd':
			if ((rc = cmd_parse_count("--depth", optarg, 1000000,
			    &o->depth)) != CMD_EXIT_OK)
				return rc;
			o->has_depth = 1;
			break;
		case 'e':
			if ((rc = cmd_parse_edges(optarg, &o->kinds)) !=
			    CMD_EXIT_OK)
				return rc;
			break;
		case 'f':
			if (output_parse_format(optarg, &o->fmt) == -1) {
				cmd_error("--format: expected table, json or "
				    "csv, not \"%s\"", optarg);
				return CMD_EXIT_USAGE;
			}
			break;
		case 'h':
			printf("usage: trustwalk %s %s\n"
			    "  --depth N      stop N edges away (0: no limit)\n"
			    "  --edges KINDS  edge kinds to follow, such as "
			    "member_of,has_role or !related\n"
			    "  --format F     table, json or csv\n", c->name,
			    c->usage);
			return -1;
		default:
			return cmd_usage(c);
		}
	}
	if (optind + 1 != argc)
		return cmd_usage(c);
	return CMD_EXIT_OK;
}

int
cmd_reach_main(const struct cmd_entry *c, struct cli *cli, int argc,
    char **argv, int reverse)
{
	struct cmd_reach_opts	 o;
	struct cmd_reach_ctx	 x;
	struct reach_filter	 f;
	struct model		*m;
	int64_t			 v;
	int			 rc;

	if ((rc = cmd_reach_options(c, argc, argv, &o)) != CMD_EXIT_OK)
		return rc == -1 ? CMD_EXIT_OK : rc;
	memset(&x, 0, sizeof(x));
	if ((rc = cmd_open_case(cli, &x.s, &m)) != CMD_EXIT_OK)
		return rc;
	x.m = m;
	x.reverse = reverse;
	if ((v = cmd_resolve_node(m, argv[optind])) < 0) {
		rc = CMD_EXIT_USAGE;
		goto out;
	}
	if ((rc = cmd_scenario(cli, x.s, m, &x.sc)) != CMD_EXIT_OK)
		goto out;
	scenario_set_kinds(&x.sc, o.kinds);
	x.depth = o.has_depth ? o.depth : x.sc.max_depth;
	scenario_filter(&x.sc, &f);
	reach_init(&x.r, m);
	reach_run(&x.r, (size_t)v, reverse, &f, x.depth, NULL);
	x.path = xreallocarray(NULL, m->nnodes + 1, sizeof(*x.path));
	cmd_reach_collect(&x);
	if (o.fmt == OUTPUT_TABLE)
		cmd_reach_table(&x);
	else if (o.fmt == OUTPUT_CSV)
		cmd_reach_csv(&x);
	else
		cmd_reach_json(&x);
	free(x.path);
	free(x.items);
	reach_free(&x.r);
	scenario_free(&x.sc);
out:
	model_free(m);
	store_close(x.s);
	return rc;
}

static int
cmd_reach_exec(struct cli *cli, int argc, char **argv)
{
	return cmd_reach_main(&cmd_reach_entry, cli, argc, argv, 0);
}

const struct cmd_entry cmd_reach_entry = {
	.name = "reach",
	.usage = "[--depth N] [--edges KINDS] [--format table|json|csv] KEY",
	.summary = "everything a node can reach, with paths",
	.exec = cmd_reach_exec,
};
