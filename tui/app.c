/*
 * The event loop and the view stack (see app.h).
 */
#include "app.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "log.h"
#include "model.h"
#include "strbuf.h"
#include "term.h"
#include "views.h"
#include "xalloc.h"

static void
app_view_free(struct view *v)
{
	if (v != NULL)
		v->ops->free(v);
}

void
app_push(struct app *a, struct view *v)
{
	if (a->depth == APP_STACK_MAX) {
		/* Keep the first screen; forget the oldest step after it. */
		app_view_free(a->stack[1]);
		memmove(&a->stack[1], &a->stack[2],
		    (APP_STACK_MAX - 2) * sizeof(a->stack[0]));
		a->depth--;
	}
	a->stack[a->depth++] = v;
}

int
app_pop(struct app *a)
{
	if (a->depth <= 1)
		return 0;
	app_view_free(a->stack[--a->depth]);
	return 1;
}

void
app_status(struct app *a, int error, const char *fmt, ...)
{
	va_list	 ap;

	free(a->status);
	va_start(ap, fmt);
	a->status = xvasprintf(fmt, ap);
	va_end(ap);
	a->status_error = error;
}

/* Row 0: program, case, counts. */
static void
app_draw_header(struct app *a)
{
	struct canvas	*c = &a->canvas;
	char		 buf[128];
	int		 x;

	canvas_fill(c, 0, 0, c->w, THEME_HEADER);
	x = 1 + canvas_label(c, 0, 1, c->w - 1, "trustwalk | ", THEME_HEADER);
	x += canvas_text(c, 0, x, c->w / 3, a->case_name, THEME_HEADER,
	    THEME_HEADER);
	snprintf(buf, sizeof(buf), " | %zu nodes, %zu edges",
	    a->model->nnodes, a->model->nedges);
	canvas_label(c, 0, x, c->w - x, buf, THEME_HEADER);
}

/* Last row: a status message, or the top view's key hints. */
static void
app_draw_status(struct app *a)
{
	struct canvas	*c = &a->canvas;
	struct view	*top = a->stack[a->depth - 1];
	int		 y = c->h - 1;

	canvas_fill(c, y, 0, c->w, THEME_STATUS);
	if (a->status != NULL)
		canvas_text(c, y, 1, c->w - 1, a->status, a->status_error ?
		    THEME_ERROR : THEME_STATUS, THEME_ESCAPE);
	else
		canvas_label(c, y, 1, c->w - 1, top->ops->hint(top),
		    THEME_STATUS);
}

/*
 * Put a '!' in the empty left column of every row that shows data with
 * escaped characters, so the analyst knows the text was not as shown.
 */
static void
app_mark_escaped_rows(struct canvas *c)
{
	struct canvas_cell	*cell;
	int			 y;

	for (y = 1; y < c->h - 1; y++) {
		cell = canvas_cell(c, y, 0);
		if ((c->row_flags[y] & CANVAS_ROW_ESCAPED) &&
		    cell->cp[0] == ' ' && cell->cp[1] == 0 && cell->wide == 0)
			canvas_label(c, y, 0, 1, "!", THEME_ESCAPE);
	}
}

static void
app_draw(struct app *a, int force)
{
	struct view	*top = a->stack[a->depth - 1];
	struct canvas	*c = &a->canvas;

	canvas_clear(c);
	app_draw_header(a);
	if (c->h > 2)
		top->ops->draw(top, a, c, 1, c->h - 2);
	app_mark_escaped_rows(c);
	app_draw_status(a);
	term_draw(c, force);
}

/* Keys every view shares, after the view has passed on them. */
static int
app_key(struct app *a, int key)
{
	switch (key) {
	case 'q':
		return APP_QUIT;
	case '?':
	case TERM_KEY_F1:
		app_push(a, help_create(a));
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_BACKSPACE:
	case TERM_KEY_ESC:
	case TERM_KEY_LEFT:
	case 'h':
		app_pop(a);
		return APP_HANDLED | APP_REDRAW;
	default:
		return 0;
	}
}

void
app_check_igraph(struct app *a)
{
	char	*msg;

	if ((msg = model_igraph_message()) == NULL)
		return;
	log_debug("shown on the status line: %s", msg);
	free(a->status);
	a->status = msg;
	a->status_error = 1;
}

int
app_run(struct app *a)
{
	struct view	*top;
	int		 w, h, key, flags, force = 1;

	a->canvas.ascii = (a->sanitize_opts & SANITIZE_ASCII) != 0;
	app_push(a, list_create(a));
	for (;;) {
		term_size(&w, &h);
		if (w != a->canvas.w || h != a->canvas.h) {
			canvas_resize(&a->canvas, w, h);
			force = 1;
		}
		app_check_igraph(a);
		app_draw(a, force);
		force = 0;

		key = term_read_key(-1);
		if (key == TERM_KEY_SIGNAL) {
			log_debug("signal %d, leaving", term_signal());
			break;
		}
		if (key == TERM_KEY_NONE || key == TERM_KEY_RESIZE)
			continue;
		if (key == TERM_CTRL('l')) {
			force = 1;
			continue;
		}
		free(a->status);
		a->status = NULL;
		top = a->stack[a->depth - 1];
		flags = top->ops->key(top, a, key);
		if (!(flags & APP_HANDLED))
			flags = app_key(a, key);
		if (flags & APP_QUIT)
			break;
	}
	while (a->depth > 0)
		app_view_free(a->stack[--a->depth]);
	free(a->status);
	a->status = NULL;
	return CMD_EXIT_OK;
}
