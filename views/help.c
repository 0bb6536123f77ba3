/*
 * The list of keys.
 */
#include <stdlib.h>

#include "app.h"
#include "term.h"
#include "views.h"
#include "xalloc.h"

static const char *const help_lines[] = {
	"Keys",
	"",
	"  j, Down        next row",
	"  k, Up          previous row",
	"  PgDn, PgUp     next, previous page",
	"  g, Home        first row",
	"  G, End         last row",
	"  Enter, l       open the walk from this node; step to a neighbour",
	"  Backspace, h   step back (also Esc, Left)",
	"  /              filter the node list as you type",
	"                 (Enter keeps the filter, Esc clears it)",
	"  a              in a walk: all attributes of the node",
	"  Space          mark or unmark the node (the tag \"marked\")",
	"  n, t, r        add a note; add or remove tags (+tag -tag);",
	"                 set the review state: reviewed, to_revoke, none",
	"                 or accepted_risk [UNTIL-DATE] REASON",
	"  E              in the list: export FORMAT FILE (the marked",
	"                 nodes, else the filtered list, else the case)",
	"  S              the snapshots; Enter shows what one changed,",
	"                 w the warnings it kept",
	"  D              what changed since the previous snapshots",
	"  s              in the list: sort by kind and name, privileges,",
	"                 admin, systems, crown jewels or degree",
	"",
	"Analyses (on the selected node; in a walk, the walked node)",
	"",
	"  >              reach: what the node can reach, grouped",
	"  <              who can reach the node",
	"  m, then p      mark a start node, then show the path to a target",
	"  p              in a reach view: the path to the selected node",
	"  ], [, Tab      in a path view: next, previous alternative",
	"  J              crown jewels, credentials that reach them,",
	"                 and chokepoints",
	"  T              mark or unmark the node tier zero (a crown jewel)",
	"  x              what-if: switch the node off, or in a walk or",
	"                 path the selected edge; again switches it back on",
	"  X              what-if: switch everything back on",
	"  e              edge kinds to follow, such as !related or",
	"                 member_of,has_role (empty: the default)",
	"  R              run a cancelled computation again",
	"  Esc            while computing: cancel",
	"",
	"What-if switches last until trustwalk exits; nothing is written",
	"to the case. T saves the node's tier0 tag.",
	"",
	"Other keys",
	"",
	"  Ctrl-L         repaint the screen",
	"  ?              this help",
	"  q              quit",
	"",
	"Marks in the left column",
	"",
	"  !              this row holds characters shown as escapes",
	"                 (\\xNN, <U+XXXX>): the data had control,",
	"                 invisible or bidirectional characters",
	"  ?              a conditional edge, or a node reached through one",
	"  x              switched off for a what-if",
	"  ^              marked tier zero (a crown jewel)",
	"",
	"Marks after a name in the list",
	"",
	"  *  marked      #  tagged        n  has notes",
	"  R  reviewed    A  accepted risk  L  acceptance lapsed",
	"  X  to revoke",
	"",
	"An edge marked no-follow is shown but never walked by analyses.",
};

#define HELP_LINES	(sizeof(help_lines) / sizeof(help_lines[0]))

struct help {
	size_t	 top;
};

static void
help_draw(struct view *v, struct app *a, struct canvas *c, int top,
    int height)
{
	struct help	*h = v->data;
	size_t		 i;
	int		 y;

	(void)a;
	if (h->top + (size_t)height > HELP_LINES)
		h->top = HELP_LINES > (size_t)height ?
		    HELP_LINES - (size_t)height : 0;
	for (i = h->top, y = top; i < HELP_LINES && y < top + height;
	    i++, y++)
		canvas_label(c, y, 1, c->w - 1, help_lines[i],
		    i == 0 || help_lines[i][0] != ' ' ? THEME_TITLE :
		    THEME_NORMAL);
}

static int
help_key(struct view *v, struct app *a, int key)
{
	struct help	*h = v->data;

	switch (key) {
	case 'j':
	case TERM_KEY_DOWN:
		h->top++;
		return APP_HANDLED | APP_REDRAW;
	case 'k':
	case TERM_KEY_UP:
		if (h->top > 0)
			h->top--;
		return APP_HANDLED | APP_REDRAW;
	case '?':
	case 'q':
	case TERM_KEY_ESC:
	case TERM_KEY_BACKSPACE:
	case TERM_KEY_ENTER:
		app_pop(a);
		return APP_HANDLED | APP_REDRAW;
	default:
		return APP_HANDLED;
	}
}

static const char *
help_hint(struct view *v)
{
	(void)v;
	return "j/k scroll  Esc or ? close";
}

static void
help_free(struct view *v)
{
	free(v->data);
	free(v);
}

static const struct view_ops help_ops = {
	.name = "help",
	.draw = help_draw,
	.key = help_key,
	.hint = help_hint,
	.free = help_free,
};

struct view *
help_create(struct app *a)
{
	struct view	*v;

	(void)a;
	v = xcalloc(1, sizeof(*v));
	v->ops = &help_ops;
	v->data = xcalloc(1, sizeof(struct help));
	return v;
}
