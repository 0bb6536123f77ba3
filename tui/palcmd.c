/*
 * Palette commands (see palcmd.h). A command that takes a KEY accepts
 * what "trustwalk show" accepts (model_resolve()); without one it acts
 * on the node the view below has selected.
 */
#include "palcmd.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "export.h"
#include "kind.h"
#include "listcol.h"
#include "model.h"
#include "reach.h"
#include "strbuf.h"
#include "views.h"
#include "xalloc.h"

static const char *const palcmd_themes[] = {
	"dark", "light", "contrast", "mono", NULL
};

static const char *const *
palcmd_theme_values(size_t *n)
{
	*n = 4;
	return palcmd_themes;
}

static const char *const palcmd_kinds[] = {
	"human", "team", "service_account", "role", "group", "credential",
	"workload", "oauth_app", "system", "policy", "privilege", "other", NULL
};

static const char *const *
palcmd_kind_values(size_t *n)
{
	*n = 12;
	return palcmd_kinds;
}

static const char *const palcmd_columns_names[] = {
	"name", "privileges", "admin", "systems", "crown", "findings", "used",
	"rotated", "expires", "created", "env", "owner", "source", "degree",
	NULL
};

static const char *const *
palcmd_column_values(size_t *n)
{
	*n = 14;
	return palcmd_columns_names;
}

static const char *const palcmd_formats[] = {
	"opengraph", "graphml", "dot", "csv", "jsonl", "md", NULL
};

static const char *const *
palcmd_export_values(size_t *n)
{
	*n = 6;
	return palcmd_formats;
}

/*
 * The node named by args, else the selected node; -1 with a status
 * message when there is none or the name is ambiguous.
 */
static int64_t
palcmd_node(struct app *a, const char *args)
{
	int64_t	 ids[2];
	size_t	 n;

	if (*args == '\0') {
		if ((ids[0] = app_selected(a)) < 0)
			app_status(a, 1, "select a node first, or give its key");
		return ids[0];
	}
	n = model_resolve(a->model, args, ids, 2);
	if (n == 1)
		return ids[0];
	app_status(a, 1, n == 0 ? "no node has the key, id or name \"%s\"" :
	    "\"%s\" names several nodes; give the key", args);
	return -1;
}

/* Step back to the node list at the bottom of the stack. */
static struct view *
palcmd_to_list(struct app *a)
{
	while (a->depth > 1)
		app_back(a);
	return a->stack[0];
}

static int
palcmd_push(struct app *a, struct view *v)
{
	if (v != NULL)
		app_push(a, v);
	return APP_HANDLED | APP_REDRAW;
}

static int
palcmd_reach(struct app *a, const char *args)
{
	int64_t	 v = palcmd_node(a, args);

	return palcmd_push(a, v >= 0 ? reachview_create(a, (size_t)v, 0) :
	    NULL);
}

static int
palcmd_whocan(struct app *a, const char *args)
{
	int64_t	 v = palcmd_node(a, args);

	return palcmd_push(a, v >= 0 ? reachview_create(a, (size_t)v, 1) :
	    NULL);
}

static int
palcmd_card(struct app *a, const char *args)
{
	int64_t	 v = palcmd_node(a, args);

	return palcmd_push(a, v >= 0 ? card_create(a, (size_t)v, 0) : NULL);
}

static int
palcmd_walk(struct app *a, const char *args)
{
	int64_t	 v = palcmd_node(a, args);

	return palcmd_push(a, v >= 0 ? walk_create(a, (size_t)v) : NULL);
}

static int
palcmd_timeline(struct app *a, const char *args)
{
	int64_t	 v = palcmd_node(a, args);

	return palcmd_push(a, v >= 0 ? timeline_create(a, (size_t)v) : NULL);
}

/* path TO (from the start marked with m, else the selection), FROM TO. */
static int
palcmd_path(struct app *a, const char *args)
{
	const char	*sp = strchr(args, ' ');
	char		*first;
	int64_t		 from, to;

	if (*args == '\0') {
		app_status(a, 1, "give a target key, or a start and a target");
		return APP_HANDLED | APP_REDRAW;
	}
	if (sp != NULL) {
		first = xstrndup(args, (size_t)(sp - args));
		from = palcmd_node(a, first);
		free(first);
		to = from >= 0 ? palcmd_node(a, sp + 1) : -1;
	} else {
		from = a->mark >= 0 ? a->mark : app_selected(a);
		to = palcmd_node(a, args);
	}
	if (from < 0 || to < 0)
		return APP_HANDLED | APP_REDRAW;
	return palcmd_push(a, pathview_create(a, (size_t)from, (size_t)to));
}

static int
palcmd_kind(struct app *a, const char *args)
{
	char	*f = xasprintf("kind:%s", args);

	list_set_filter(palcmd_to_list(a), a, *args != '\0' ? f : "");
	free(f);
	return APP_HANDLED | APP_REDRAW;
}

int
palcmd_filter_list(struct app *a, const char *text)
{
	list_set_filter(palcmd_to_list(a), a, text);
	return APP_HANDLED | APP_REDRAW;
}

static int
palcmd_filter(struct app *a, const char *args)
{
	return palcmd_filter_list(a, args);
}

static int
palcmd_sort(struct app *a, const char *args)
{
	int	 col = listcol_find(args);

	if (strcasecmp(args, "name") == 0)
		col = LISTCOL_SORT_NAME;
	else if (col < 0) {
		app_status(a, 1, "unknown column \"%s\"; :columns lists them",
		    args);
		return APP_HANDLED | APP_REDRAW;
	}
	list_sort_by(palcmd_to_list(a), a, col);
	return APP_HANDLED | APP_REDRAW;
}

static int
palcmd_columns(struct app *a, const char *args)
{
	(void)args;
	return palcmd_push(a, columns_create(a, palcmd_to_list(a)));
}

static int
palcmd_theme(struct app *a, const char *args)
{
	if (*args == '\0')
		app_status(a, 0, "theme %s; give dark, light, contrast or mono",
		    a->theme.name);
	else
		app_set_theme(a, args);
	return APP_HANDLED | APP_REDRAW;
}

static int
palcmd_export(struct app *a, const char *args)
{
	const struct view_ops	*ops = a->stack[0]->ops;
	const char		*filter = NULL;

	if (ops->filter != NULL)
		filter = ops->filter(a->stack[0]);
	ask_export(a, args, filter);
	return APP_HANDLED | APP_REDRAW;
}

static int
palcmd_lookup(struct app *a, const char *args)
{
	return palcmd_push(a, *args != '\0' ? lookup_find(a, args) :
	    lookup_create(a, 0));
}

static int
palcmd_secret(struct app *a, const char *args)
{
	(void)args;
	return palcmd_push(a, lookup_create(a, 1));
}

static int
palcmd_paths(struct app *a, const char *args)
{
	int64_t	 v = palcmd_node(a, args);

	return palcmd_push(a, v >= 0 ? marks_paths_create(a, (size_t)v) :
	    NULL);
}

static int
palcmd_edges(struct app *a, const char *args)
{
	uint32_t	 mask = REACH_KINDS_DEFAULT;
	char		*err = NULL, *text;

	if (*args != '\0' && reach_parse_kinds(args, &mask, &err) == -1) {
		app_status(a, 1, "%s", err);
		free(err);
		return APP_HANDLED | APP_REDRAW;
	}
	scenario_set_kinds(&a->sc, mask);
	text = reach_format_kinds(mask);
	app_status(a, 0, "following edge kinds: %s", text);
	free(text);
	return APP_HANDLED | APP_REDRAW;
}

static int
palcmd_copy(struct app *a, const char *args)
{
	int64_t	 v = palcmd_node(a, args);

	if (v >= 0)
		app_copy(a, "node key", a->model->key[v]);
	return APP_HANDLED | APP_REDRAW;
}

static int
palcmd_simple(struct app *a, const char *name)
{
	if (strcmp(name, "findings") == 0)
		return palcmd_push(a, app_findings_view(a));
	if (strcmp(name, "ages") == 0)
		return palcmd_push(a, ages_create(a));
	if (strcmp(name, "matrix") == 0)
		return palcmd_push(a, matrix_create(a));
	if (strcmp(name, "snapshots") == 0)
		return palcmd_push(a, snapshots_create(a));
	if (strcmp(name, "diff") == 0)
		return palcmd_push(a, diff_create(a, -1));
	if (strcmp(name, "jewels") == 0)
		return palcmd_push(a, jewels_create(a));
	if (strcmp(name, "help") == 0)
		return palcmd_push(a, help_create(a));
	if (strcmp(name, "marks") == 0)
		return palcmd_push(a, marks_create(a));
	if (strcmp(name, "back") == 0)
		app_back(a);
	else if (strcmp(name, "forward") == 0)
		app_forward(a);
	else if (strcmp(name, "reset") == 0) {
		scenario_clear_whatif(&a->sc);
		app_status(a, 0, "what-if: everything switched back on");
	} else if (strcmp(name, "quit") == 0)
		return APP_QUIT;
	return APP_HANDLED | APP_REDRAW;
}

#define PALCMD_SIMPLE(n, h) { n, "", h, NULL, NULL }

static const struct palcmd palcmd_table[] = {
	{ "findings", "", "the findings on the case (F)", NULL, NULL },
	{ "reach", "[KEY]", "what the node can reach (>)", palcmd_reach,
	    NULL },
	{ "whocan", "[KEY]", "who can reach the node (<)", palcmd_whocan,
	    NULL },
	{ "path", "[FROM] TO", "shortest paths from the start (m) or the "
	    "selection", palcmd_path, NULL },
	{ "card", "[KEY]", "the card of a credential or identity (d)",
	    palcmd_card, NULL },
	{ "walk", "KEY", "walk from a node", palcmd_walk, NULL },
	{ "timeline", "[KEY]", "a node's uses over time from the usage "
	    "evidence (U)", palcmd_timeline, NULL },
	{ "kind", "KIND", "list the nodes of a kind", palcmd_kind,
	    palcmd_kind_values },
	{ "filter", "TEXT", "filter the list (/)", palcmd_filter, NULL },
	{ "sort", "COLUMN", "sort the list by a column (s)", palcmd_sort,
	    palcmd_column_values },
	{ "columns", "", "choose the list's columns (c)", palcmd_columns,
	    NULL },
	{ "theme", "NAME", "switch the colour theme", palcmd_theme,
	    palcmd_theme_values },
	{ "export", "FORMAT FILE", "export the marked nodes, else the list "
	    "(E)", palcmd_export, palcmd_export_values },
	{ "lookup", "[KEY-ID]", "find a leaked credential by key id, prefix "
	    "or last four (L)", palcmd_lookup, NULL },
	{ "secret", "", "find a leaked credential by its secret, typed "
	    "hidden", palcmd_secret, NULL },
	PALCMD_SIMPLE("marks", "the marked nodes and bulk actions"),
	{ "paths", "[KEY]", "paths from every marked node to the node (P)",
	    palcmd_paths, NULL },
	PALCMD_SIMPLE("ages", "credential ages as bar charts (H)"),
	PALCMD_SIMPLE("matrix", "systems each environment reaches (M)"),
	PALCMD_SIMPLE("snapshots", "imports and findings per snapshot (S)"),
	PALCMD_SIMPLE("diff", "what changed since the previous snapshots "
	    "(D)"),
	PALCMD_SIMPLE("jewels", "crown jewels and chokepoints (J)"),
	{ "edges", "KINDS", "edge kinds to follow, such as !related (e)",
	    palcmd_edges, NULL },
	PALCMD_SIMPLE("reset", "switch every what-if back on (X)"),
	{ "copy", "[KEY]", "copy the node key with OSC 52 (y)", palcmd_copy,
	    NULL },
	PALCMD_SIMPLE("back", "step back ([)"),
	PALCMD_SIMPLE("forward", "step forward again (])"),
	PALCMD_SIMPLE("help", "the keys (?)"),
	PALCMD_SIMPLE("quit", "leave trustwalk (q)"),
};

#define PALCMD_N	(sizeof(palcmd_table) / sizeof(palcmd_table[0]))

const struct palcmd *
palcmd_list(size_t *n)
{
	*n = PALCMD_N;
	return palcmd_table;
}

int
palcmd_score(const char *typed, const char *name)
{
	size_t	 i = 0, j = 0, run = 0;
	int	 score = 0;

	if (*typed == '\0')
		return 0;
	for (; typed[i] != '\0'; i++) {
		while (name[j] != '\0' &&
		    tolower((unsigned char)name[j]) !=
		    tolower((unsigned char)typed[i])) {
			j++;
			run = 0;
		}
		if (name[j] == '\0')
			return -1;
		/* Consecutive letters and word starts count most. */
		score += 1 + (int)run * 2 + (j == 0 || name[j - 1] == '-' ||
		    name[j - 1] == '_' ? 3 : 0);
		run++;
		j++;
	}
	if (strncasecmp(name, typed, i) == 0)
		score += 20;
	return score - (int)(strlen(name) - i) / 4;
}

/* Insert idx with score into the best-first arrays of n entries. */
static void
palcmd_insert(size_t *idx, int *scores, size_t *n, size_t max, size_t i,
    int score)
{
	size_t	 at = *n;

	while (at > 0 && scores[at - 1] < score)
		at--;
	if (at >= max)
		return;
	if (*n < max)
		(*n)++;
	memmove(&idx[at + 1], &idx[at], (*n - at - 1) * sizeof(*idx));
	memmove(&scores[at + 1], &scores[at], (*n - at - 1) * sizeof(*scores));
	idx[at] = i;
	scores[at] = score;
}

size_t
palcmd_rank(const char *typed, size_t *out, size_t max)
{
	int	 scores[PALCMD_N];
	size_t	 i, n = 0;
	int	 s;

	if (max > PALCMD_N)
		max = PALCMD_N;
	for (i = 0; i < PALCMD_N; i++) {
		if ((s = palcmd_score(typed, palcmd_table[i].name)) >= 0 ||
		    *typed == '\0')
			palcmd_insert(out, scores, &n, max, i, *typed == '\0' ?
			    0 : s);
	}
	return n;
}

size_t
palcmd_rank_values(const char *const *values, size_t nvalues,
    const char *typed, const char **out, size_t max)
{
	size_t	 idx[32];
	int	 scores[32];
	size_t	 i, n = 0;
	int	 s;

	if (max > 32)
		max = 32;
	for (i = 0; i < nvalues; i++) {
		if ((s = palcmd_score(typed, values[i])) >= 0)
			palcmd_insert(idx, scores, &n, max, i, s);
	}
	for (i = 0; i < n; i++)
		out[i] = values[idx[i]];
	return n;
}

int
palcmd_run(struct app *a, const char *line)
{
	const struct palcmd	*c = NULL;
	char			*name;
	const char		*args;
	size_t			 len, i, best[2], n;

	line += strspn(line, " ");
	len = strcspn(line, " ");
	if (len == 0)
		return APP_HANDLED | APP_REDRAW;
	name = xstrndup(line, len);
	args = line + len;
	args += strspn(args, " ");
	for (i = 0; i < PALCMD_N && c == NULL; i++) {
		if (strcasecmp(palcmd_table[i].name, name) == 0)
			c = &palcmd_table[i];
	}
	/* Not a name: the best fuzzy match, when it scores above the next. */
	if (c == NULL && (n = palcmd_rank(name, best, 2)) > 0 &&
	    (n == 1 || palcmd_score(name, palcmd_table[best[0]].name) >
	    palcmd_score(name, palcmd_table[best[1]].name)))
		c = &palcmd_table[best[0]];
	if (c == NULL)
		app_status(a, 1, "unknown command \"%s\"; :help lists the keys, "
		    "and : with nothing typed lists the commands", name);
	free(name);
	if (c == NULL)
		return APP_HANDLED | APP_REDRAW;
	if (c->run == NULL)
		return palcmd_simple(a, c->name);
	return c->run(a, args);
}
