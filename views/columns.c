/*
 * The column picker of the node list: every column with a box showing
 * whether the list shows it. Space switches a column on or off, s sorts
 * the list by it, Enter or Esc goes back to the list. Columns that do
 * not fit the screen are left out of the list from the least important
 * one, whatever is switched on here.
 */
#include <stdio.h>
#include <stdlib.h>

#include "app.h"
#include "listcol.h"
#include "rows.h"
#include "term.h"
#include "views.h"
#include "xalloc.h"

struct columns {
	struct view	*list;		/* borrowed: the list below */
	struct rows	 rows;
};

static const struct view_ops columns_ops;

struct view *
columns_create(struct app *a, struct view *list)
{
	struct columns	*p = xcalloc(1, sizeof(*p));

	(void)a;
	p->list = list;
	p->rows.n = LISTCOL_COUNT + 1;
	return app_view(a, &columns_ops, p, 0);
}

static void
columns_draw(struct view *v, struct app *a, struct canvas *c, int top,
    int height)
{
	struct columns		*p = v->data;
	const struct listcol	*col;
	char			 line[128];
	int			 y, sort = list_sort_column(p->list);
	size_t			 i;

	(void)a;
	canvas_label(c, top, 1, c->w - 1, "Columns of the node list "
	    "(Space shows or hides, s sorts by it)", THEME_TITLE);
	rows_fit(&p->rows, height - 2);
	for (i = p->rows.top, y = top + 2; i < p->rows.n && y < top + height;
	    i++, y++) {
		if (i == 0)
			snprintf(line, sizeof(line), "    %-12s %s%s", "name",
			    "kind, then name", sort == LISTCOL_SORT_NAME ?
			    "  (sorted)" : "");
		else {
			col = listcol_get((int)i - 1);
			snprintf(line, sizeof(line), "[%c] %-12s %s%s",
			    list_column_shown(p->list, (int)i - 1) ? 'x' : ' ',
			    col->name, col->help, sort == (int)i - 1 ?
			    "  (sorted)" : "");
		}
		canvas_fill(c, y, 0, c->w, i == p->rows.cursor ?
		    THEME_SELECTED : THEME_NORMAL);
		canvas_label(c, y, 2, c->w - 2, line, i == p->rows.cursor ?
		    THEME_SELECTED : THEME_NORMAL);
	}
}

static int
columns_key(struct view *v, struct app *a, int key)
{
	struct columns	*p = v->data;
	int		 col = (int)p->rows.cursor - 1;

	if (rows_key(&p->rows, key))
		return APP_HANDLED | APP_REDRAW;
	switch (key) {
	case ' ':
		if (col >= 0)
			list_toggle_column(p->list, col);
		return APP_HANDLED | APP_REDRAW;
	case 's':
		list_sort_by(p->list, a, col >= 0 ? col : LISTCOL_SORT_NAME);
		return APP_HANDLED | APP_REDRAW;
	case 'c':
	case 'q':
	case TERM_KEY_ENTER:
	case TERM_KEY_ESC:
	case TERM_KEY_BACKSPACE:
		app_pop(a);
		return APP_HANDLED | APP_REDRAW;
	default:
		return APP_HANDLED;
	}
}

static const char *
columns_hint(struct view *v)
{
	(void)v;
	return "Space show/hide  s sort  Enter or Esc back";
}

static void
columns_free(struct view *v)
{
	free(v->data);
	free(v);
}

static const struct view_ops columns_ops = {
	.name = "columns",
	.draw = columns_draw,
	.key = columns_key,
	.hint = columns_hint,
	.free = columns_free,
	.transient = 1,
};
