/*
 * The list of keys.
 */
#include <stdlib.h>

#include "app.h"
#include "term.h"
#include "views.h"
#include "xalloc.h"

static const char *const help_lines[] = {
	"Moving",
	"",
	"  j, Down / k, Up    next / previous row (the mouse wheel too)",
	"  PgDn, PgUp         next, previous page",
	"  g, Home / G, End   first / last row",
	"  Enter, l, Right    open the walk from a node; step to a neighbour",
	"                     (a click selects a row, a second click opens)",
	"  [, Backspace, h    back (also Esc, Left)",
	"  ]                  forward again, after going back",
	"  :                  command palette: type, Tab completes, Enter runs",
	"  /                  filter the list or the neighbours as you type",
	"                     (Enter keeps the filter, Esc clears it)",
	"",
	"Views",
	"",
	"  d                  card: owner, users, what it assumes and reaches,",
	"                     dates and findings of the selected node",
	"  L                  leaked credential lookup by key id, prefix or",
	"                     last four (:secret takes a pasted secret)",
	"  F                  findings grouped by rule; Enter walks to the",
	"                     node with the evidence marked *, A accepts one",
	"                     ([UNTIL-DATE] REASON), u withdraws it",
	"  H                  credential ages as bar charts",
	"  U                  the node's uses over time from the usage",
	"                     evidence: a chart per day, the events under it",
	"  M                  which systems each environment reaches",
	"  S                  snapshots, findings per snapshot; Enter: changes,",
	"                     w: the warnings a snapshot kept",
	"  D                  what changed since the previous snapshots",
	"  J                  crown jewels, credentials reaching them,",
	"                     chokepoints",
	"  ?, F1              these keys",
	"",
	"In the list",
	"",
	"  s                  sort by the next column shown (name first)",
	"  c                  columns: Space shows or hides, s sorts",
	"  E                  export FORMAT FILE: the marked nodes and the",
	"                     edges between them, else the list, else the case",
	"",
	"In a walk",
	"",
	"  o                  the owner     u  the users (used by, run by)",
	"  A                  what the node can assume or authenticates as",
	"  a                  all attributes of the node",
	"  At 120 columns and more the walk shows Miller columns:",
	"  where trust comes from | the node | where it leads.",
	"",
	"Analyses (the selected node; in a walk, the walked node)",
	"",
	"  >                  reach: what the node can reach, grouped",
	"  <                  who can reach the node",
	"  m, then p          mark a start node, then the path to a target",
	"  p                  in a reach view: the path to the selected node",
	"  Tab, Shift-Tab     in a path view: next, previous alternative",
	"                     (also } and {)",
	"  T                  mark or unmark the node tier zero (crown jewel)",
	"  x                  what-if: switch the node (in a walk or path, the",
	"                     edge) off, or back on",
	"  X                  what-if: switch everything back on",
	"  e                  edge kinds to follow, such as !related",
	"  R                  run a cancelled computation again",
	"  Esc                while computing: cancel (the blast radius",
	"                     is computed in the background; keys work)",
	"",
	"Marks and notes",
	"",
	"  Space              mark or unmark the node (the tag \"marked\")",
	"  P                  paths from every marked node to the selection",
	"  n, t, r            add a note; tags (+tag -tag); review state:",
	"                     reviewed, to_revoke, none or",
	"                     accepted_risk [UNTIL-DATE] REASON",
	"  y                  copy the node key to the clipboard (OSC 52, when",
	"                     started with --osc52)",
	"",
	"Filter language (/ in the list and the walk, :filter)",
	"",
	"  word \"two words\"   in the name, key, kind or source",
	"  kind:K kinds:K     trustwalk kind; the kinds the source gave",
	"  source:S env:E owner:O type:T tag:T",
	"  owner:none env:none  no owner, no environment",
	"  is:admin is:stale is:expired is:expiring is:disabled is:crown",
	"  used:<7d rotated:>1y created:<30d used:never",
	"  expires:<30d expires:past stale:>90d stale:yes",
	"  finding:RULE finding:any reach:admin reach:crown reach:system",
	"  !term              not; terms separated by spaces all apply",
	"",
	"Commands (:)",
	"",
	"  findings reach whocan path card walk timeline kind filter sort",
	"  columns theme export lookup secret marks paths ages matrix",
	"  snapshots diff jewels edges reset copy back forward help quit",
	"",
	"Other keys",
	"",
	"  Ctrl-L             repaint the screen",
	"  q                  quit",
	"",
	"Marks in the left column",
	"",
	"  !   this row holds characters shown as escapes (\\xNN, <U+XXXX>):",
	"      the data had control, invisible or bidirectional characters",
	"  ?   a conditional edge, or a node reached through one",
	"  x   switched off for a what-if     ^   marked tier zero",
	"  >   on a card: Enter walks to the node the line names",
	"  A   in the findings: accepted     L   acceptance lapsed",
	"  *   in a walk from a finding: the evidence",
	"",
	"Marks after a name in the list",
	"",
	"  *  marked      #  tagged        n  has notes",
	"  R  reviewed    A  accepted risk  L  acceptance lapsed",
	"  X  to revoke",
	"",
	"An edge marked no-follow is shown but never walked by analyses.",
	"What-if switches last until trustwalk exits; T saves a tier0 tag.",
};

#define HELP_LINES	(sizeof(help_lines) / sizeof(help_lines[0]))

struct help {
	size_t	 top;
	size_t	 page;		/* lines drawn last time */
};

static void
help_draw(struct view *v, struct app *a, struct canvas *c, int top,
    int height)
{
	struct help	*h = v->data;
	size_t		 i;
	int		 y;

	(void)a;
	h->page = height > 0 ? (size_t)height : 1;
	if (h->top + (size_t)height > HELP_LINES)
		h->top = HELP_LINES > (size_t)height ?
		    HELP_LINES - (size_t)height : 0;
	for (i = h->top, y = top; i < HELP_LINES && y < top + height;
	    i++, y++)
		canvas_label(c, y, 1, c->w - 1, help_lines[i],
		    i == 0 || help_lines[i][0] != ' ' ? THEME_TITLE :
		    THEME_NORMAL);
}

/*
 * Scroll: a page keeps one line of the last one on screen, as the lists
 * do. help_draw() stops the text at its last line.
 */
static int
help_key(struct view *v, struct app *a, int key)
{
	struct help	*h = v->data;
	size_t		 page = h->page > 1 ? h->page - 1 : 1;

	switch (key) {
	case 'j':
	case TERM_KEY_DOWN:
		h->top++;
		return APP_HANDLED | APP_REDRAW;
	case ' ':
	case TERM_KEY_PGDN:
		h->top += page;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_PGUP:
		h->top = h->top > page ? h->top - page : 0;
		return APP_HANDLED | APP_REDRAW;
	case 'g':
	case TERM_KEY_HOME:
		h->top = 0;
		return APP_HANDLED | APP_REDRAW;
	case 'G':
	case TERM_KEY_END:
		h->top = HELP_LINES;
		return APP_HANDLED | APP_REDRAW;
	case 'k':
	case TERM_KEY_UP:
		if (h->top > 0)
			h->top--;
		return APP_HANDLED | APP_REDRAW;
	case '?':
	case 'q':
	case '[':
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
	return "j/k scroll  PgDn/PgUp page  g/G top/end  Esc or ? close";
}

static void
help_free(struct view *v)
{
	free(v->data);
	free(v);
}

static const struct view_ops help_ops = {
	.name = "help",
	.transient = 1,
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
