/*
 * The event loop and the view stack (see app.h).
 *
 * Analyses can run long on a large case, and Debian's igraph is built
 * without thread safety, so nothing runs in the background. A
 * computation runs in the loop, and its cancel hook (app_poll) reads the
 * keyboard every 20 ms and repaints a progress line every 100 ms. Esc
 * stops it, and other keys wait in a queue for the loop.
 */
#include "app.h"
#include "annot.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "log.h"
#include "model.h"
#include "store.h"
#include "strbuf.h"
#include "term.h"
#include "views.h"
#include "xalloc.h"

#define APP_POLL_MS	20
#define APP_PROGRESS_MS	100

static void
app_view_free(struct view *v)
{
	if (v != NULL)
		v->ops->free(v);
}

struct view *
app_view(struct app *a, const struct view_ops *ops, void *data, int stale)
{
	struct view	*v = xcalloc(1, sizeof(*v));

	v->ops = ops;
	v->data = data;
	v->gen = stale ? a->sc.gen - 1 : a->sc.gen;
	return v;
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
app_refresh(struct app *a)
{
	a->stack[a->depth - 1]->gen = a->sc.gen - 1;
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

static int64_t
app_now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Row 0: program, case, counts, and what the scenario changes. */
static void
app_draw_header(struct app *a)
{
	struct canvas	*c = &a->canvas;
	char		 buf[160], *kinds;
	int		 x;

	canvas_fill(c, 0, 0, c->w, THEME_HEADER);
	x = 1 + canvas_label(c, 0, 1, c->w - 1, "trustwalk | ", THEME_HEADER);
	x += canvas_text(c, 0, x, c->w / 3, a->case_name, THEME_HEADER,
	    THEME_HEADER);
	snprintf(buf, sizeof(buf), " | %zu nodes, %zu edges%s%s%s",
	    a->model->nnodes, a->model->nedges,
	    a->view_name != NULL ? " | " : "",
	    a->view_name != NULL ? a->view_name : "",
	    store_read_only(a->store) ? " | read-only" : "");
	x += canvas_label(c, 0, x, c->w - x, buf, THEME_HEADER);
	if (a->sc.kinds != REACH_KINDS_DEFAULT) {
		kinds = reach_format_kinds(a->sc.kinds);
		snprintf(buf, sizeof(buf), " | edges %s", kinds);
		free(kinds);
		x += canvas_label(c, 0, x, c->w - x, buf, THEME_HEADER);
	}
	if (a->sc.nodes_off + a->sc.edges_off > 0) {
		snprintf(buf, sizeof(buf), " | what-if: %zu off",
		    a->sc.nodes_off + a->sc.edges_off);
		canvas_label(c, 0, x, c->w - x, buf, THEME_HEADER);
	}
}

/* The edge-kind prompt on the last row. */
static void
app_draw_kinds(struct app *a, int y)
{
	struct canvas	*c = &a->canvas;
	int		 x;

	canvas_fill(c, y, 0, c->w, THEME_PROMPT);
	x = canvas_label(c, y, 0, c->w, "edge kinds: ", THEME_PROMPT);
	x += canvas_text(c, y, x, c->w / 2, strbuf_str(&a->kinds.text),
	    THEME_PROMPT, THEME_ESCAPE);
	x += canvas_label(c, y, x, 1, "_", THEME_PROMPT);
	canvas_label(c, y, x + 2, c->w - x - 2, "such as !related or "
	    "member_of,has_role; empty: default", THEME_PROMPT);
}

/* Last row: a status message, or the top view's key hints. */
static void
app_draw_status(struct app *a)
{
	struct canvas	*c = &a->canvas;
	struct view	*top = a->stack[a->depth - 1];
	int		 y = c->h - 1;

	if (a->kinds.editing) {
		app_draw_kinds(a, y);
		return;
	}
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

/*
 * The cancel hook of every computation the interface runs. It reads the
 * keyboard at most every APP_POLL_MS: Esc stops the computation, a
 * signal stops it and quits, other keys are kept for the loop. After
 * APP_PROGRESS_MS it shows what is running on the status line.
 */
static int
app_poll(void *ctx, const char *what, double done)
{
	struct app	*a = ctx;
	struct canvas	*c = &a->canvas;
	char		 line[128];
	int64_t		 now = app_now_ms();
	int		 key;

	if (now - a->work_polled < APP_POLL_MS)
		return 0;
	a->work_polled = now;
	while ((key = term_read_key(0)) != TERM_KEY_NONE) {
		if (key == TERM_KEY_SIGNAL)
			a->quit = 1;
		if (key == TERM_KEY_SIGNAL || key == TERM_KEY_ESC) {
			a->cancelled = 1;
			return 1;
		}
		if (a->npending < APP_PENDING_MAX)
			a->pending[a->npending++] = key;
	}
	if (now - a->work_start >= APP_PROGRESS_MS &&
	    now - a->work_drawn >= APP_PROGRESS_MS) {
		a->work_drawn = now;
		if (done >= 0)
			snprintf(line, sizeof(line), "computing %s: %d%%  "
			    "(Esc cancels)", what, (int)(done * 100));
		else
			snprintf(line, sizeof(line), "computing %s  (Esc "
			    "cancels)", what);
		canvas_fill(c, c->h - 1, 0, c->w, THEME_STATUS);
		canvas_label(c, c->h - 1, 1, c->w - 1, line, THEME_STATUS);
		term_draw(c, 0);
	}
	return 0;
}

const struct cancel *
app_work(struct app *a)
{
	a->cancel.poll = app_poll;
	a->cancel.ctx = a;
	a->cancelled = 0;
	a->work_start = a->work_polled = a->work_drawn = app_now_ms();
	return &a->cancel;
}

const struct blast *
app_blast(struct app *a)
{
	struct reach_filter	 f;
	int			 rc;

	if (a->blast_gen == a->sc.gen && a->blast_state == APP_BLAST_READY)
		return &a->blast;
	if (a->blast_gen == a->sc.gen &&
	    a->blast_state == APP_BLAST_CANCELLED)
		return NULL;
	blast_free(&a->blast);
	scenario_filter(&a->sc, &f);
	rc = blast_compute(&a->blast, a->model, &f, a->sc.tier_zero,
	    app_work(a));
	a->blast_gen = a->sc.gen;
	if (rc != 0) {
		a->blast_state = APP_BLAST_CANCELLED;
		app_status(a, 0, "blast radius cancelled; R computes it");
		return NULL;
	}
	a->blast_state = APP_BLAST_READY;
	return &a->blast;
}

/* Apply what was typed at the edge-kind prompt. */
static void
app_kinds_done(struct app *a)
{
	uint32_t	 mask = REACH_KINDS_DEFAULT;
	char		*err = NULL, *text;

	if (a->kinds.text.len > 0 &&
	    reach_parse_kinds(a->kinds.text.buf, &mask, &err) == -1) {
		app_status(a, 1, "%s", err);
		free(err);
		return;
	}
	scenario_set_kinds(&a->sc, mask);
	text = reach_format_kinds(mask);
	app_status(a, 0, "following edge kinds: %s", text);
	free(text);
	strbuf_reset(&a->kinds.text);
}

/* Switch the selected edge, else the selected node, off or back on. */
static void
app_toggle(struct app *a, int64_t node, int64_t edge)
{
	const struct model	*m = a->model;

	if (edge >= 0)
		app_status(a, 0, "what-if: edge %s > %s %s; X switches all "
		    "back on", m->name[m->esrc[edge]], m->name[m->edst[edge]],
		    scenario_toggle_edge(&a->sc, (size_t)edge) ?
		    "switched off" : "back on");
	else if (node >= 0)
		app_status(a, 0, "what-if: %s %s; X switches all back on",
		    m->name[node], scenario_toggle_node(&a->sc, (size_t)node) ?
		    "switched off" : "back on");
}

/* The analysis keys, acting on the top view's selection. */
static int
app_key_analysis(struct app *a, int key, int64_t node, int64_t edge)
{
	const struct model	*m = a->model;
	int			 on, rc;

	switch (key) {
	case '>':
	case '<':
		if (node >= 0)
			app_push(a, reachview_create(a, (size_t)node, key == '<'));
		return APP_HANDLED | APP_REDRAW;
	case 'm':
		if (node < 0)
			return APP_HANDLED;
		a->mark = node;
		app_status(a, 0, "path start: %s; press p on the target",
		    m->name[node]);
		return APP_HANDLED | APP_REDRAW;
	case 'p':
		if (a->mark < 0)
			app_status(a, 0, "press m on the start node first, "
			    "then p on the target");
		else if (node >= 0)
			app_push(a, pathview_create(a, (size_t)a->mark,
			    (size_t)node));
		return APP_HANDLED | APP_REDRAW;
	case 'x':
		app_toggle(a, node, edge);
		return APP_HANDLED | APP_REDRAW;
	case 'T':
		/* The mark is the tier0 tag, saved when the case is writable. */
		if (node < 0)
			return APP_HANDLED;
		on = !scenario_is_tier_zero(&a->sc, (size_t)node);
		scenario_set_tier_zero(&a->sc, (size_t)node, on);
		if (store_read_only(a->store)) {
			app_status(a, 0, "%s %s tier zero (read-only case: "
			    "for this run only)", m->name[node], on ? "marked" :
			    "no longer");
			return APP_HANDLED | APP_REDRAW;
		}
		rc = ask_set_tag(a, (size_t)node, ANNOT_TIER_ZERO_TAG, on);
		if (a->status == NULL)
			app_status(a, 0, "%s %s tier zero", m->name[node],
			    on ? "marked" : "no longer");
		return rc;
	default:
		return 0;
	}
}

/* Keys every view shares, after the view has passed on them. */
static int
app_key(struct app *a, int key)
{
	struct view	*top = a->stack[a->depth - 1];
	int64_t		 node = -1, edge = -1;
	int		 rc;

	if (top->ops->selected != NULL)
		top->ops->selected(top, a, &node, &edge);
	if ((rc = app_key_analysis(a, key, node, edge)) != 0)
		return rc;
	switch (key) {
	case 'q':
		return APP_QUIT;
	case '?':
	case TERM_KEY_F1:
		app_push(a, help_create(a));
		return APP_HANDLED | APP_REDRAW;
	case 'S':
		app_push(a, snapshots_create(a));
		return APP_HANDLED | APP_REDRAW;
	case 'D':
		app_push(a, diff_create(a, -1));
		return APP_HANDLED | APP_REDRAW;
	case 'X':
		scenario_clear_whatif(&a->sc);
		app_status(a, 0, "what-if: everything switched back on");
		return APP_HANDLED | APP_REDRAW;
	case 'J':
		app_push(a, jewels_create(a));
		return APP_HANDLED | APP_REDRAW;
	case 'e':
		prompt_open(&a->kinds);
		return APP_HANDLED | APP_REDRAW;
	case 'F':
		app_push(a, findings_create(a));
		return APP_HANDLED | APP_REDRAW;
	case 'R':
		if (a->blast_state == APP_BLAST_CANCELLED)
			a->blast_state = APP_BLAST_STALE;
		a->blast_gen = a->sc.gen - 1;
		app_findings_reset(a);
		app_refresh(a);
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

/* The next key: one typed during a computation, else a new one. */
static int
app_next_key(struct app *a)
{
	int	 key;

	if (a->npending == 0)
		return term_read_key(-1);
	key = a->pending[0];
	memmove(&a->pending[0], &a->pending[1],
	    --a->npending * sizeof(a->pending[0]));
	return key;
}

/* Handle one key; returns APP_QUIT to leave. */
static int
app_dispatch(struct app *a, int key)
{
	struct view	*top = a->stack[a->depth - 1];
	int		 flags;

	if (a->kinds.editing) {
		prompt_key(&a->kinds, key);
		if (!a->kinds.editing && key == TERM_KEY_ENTER)
			app_kinds_done(a);
		else if (!a->kinds.editing)
			strbuf_reset(&a->kinds.text);
		return APP_HANDLED;
	}
	free(a->status);
	a->status = NULL;
	flags = top->ops->key(top, a, key);
	if (!(flags & APP_HANDLED))
		flags = app_key(a, key);
	return flags;
}

int
app_run(struct app *a)
{
	struct view	*top;
	int		 w, h, key, force = 1;

	a->canvas.ascii = (a->sanitize_opts & SANITIZE_ASCII) != 0;
	a->mark = -1;
	a->blast_gen = a->sc.gen - 1;
	app_findings_reset(a);
	prompt_init(&a->kinds);
	app_push(a, list_create(a));
	while (!a->quit) {
		term_size(&w, &h);
		if (w != a->canvas.w || h != a->canvas.h) {
			canvas_resize(&a->canvas, w, h);
			force = 1;
		}
		app_draw(a, force);
		force = 0;

		/* Recompute what the scenario change made stale, then draw. */
		top = a->stack[a->depth - 1];
		if (top->gen != a->sc.gen) {
			top->gen = a->sc.gen;
			if (top->ops->refresh != NULL) {
				top->ops->refresh(top, a);
				continue;
			}
		}

		key = app_next_key(a);
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
		if (app_dispatch(a, key) & APP_QUIT)
			break;
	}
	while (a->depth > 0)
		app_view_free(a->stack[--a->depth]);
	free(a->status);
	a->status = NULL;
	prompt_free(&a->kinds);
	return CMD_EXIT_OK;
}
