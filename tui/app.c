/*
 * The event loop and the view stack (see app.h).
 *
 * Analyses can run long on a large case, and Debian's igraph is built
 * without thread safety, so the analyses run in the loop. Their cancel
 * hook (app_poll) reads the keyboard every 20 ms and repaints a progress
 * line every 100 ms. Esc stops the computation, and other keys wait in a
 * queue for the loop. The blast radius columns are the exception: they
 * use neither igraph nor the case, and are computed on a thread of their
 * own (app_blast.c) while keys are handled.
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
/* How often the loop looks at a background computation between keys. */
#define APP_BACKGROUND_MS 100

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

/* Forget the views app_back() kept: a new step starts a new history. */
static void
app_clear_forward(struct app *a)
{
	while (a->nforward > 0)
		app_view_free(a->forward[--a->nforward]);
}

void
app_push(struct app *a, struct view *v)
{
	if (!v->ops->transient)
		app_clear_forward(a);
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

int
app_back(struct app *a)
{
	if (a->depth <= 1)
		return 0;
	if (a->stack[a->depth - 1]->ops->transient)
		return app_pop(a);
	if (a->nforward == APP_STACK_MAX) {
		app_view_free(a->forward[0]);
		memmove(&a->forward[0], &a->forward[1],
		    (APP_STACK_MAX - 1) * sizeof(a->forward[0]));
		a->nforward--;
	}
	a->forward[a->nforward++] = a->stack[--a->depth];
	return 1;
}

int
app_forward(struct app *a)
{
	struct view	*v;

	if (a->nforward == 0)
		return 0;
	v = a->forward[--a->nforward];
	if (a->depth == APP_STACK_MAX) {
		app_view_free(a->stack[1]);
		memmove(&a->stack[1], &a->stack[2],
		    (APP_STACK_MAX - 2) * sizeof(a->stack[0]));
		a->depth--;
	}
	a->stack[a->depth++] = v;
	return 1;
}

int64_t
app_selected(struct app *a)
{
	struct view	*top = a->stack[a->depth - 1];
	int64_t		 node = -1, edge = -1;

	if (top->ops->selected != NULL)
		top->ops->selected(top, a, &node, &edge);
	return node;
}

int
app_set_theme(struct app *a, const char *name)
{
	struct theme	 t;
	char		*err = NULL;
	const char	*nc = getenv("NO_COLOR");

	memset(&t, 0, sizeof(t));
	if (theme_load(&t, name, &err) == -1) {
		if (strstr(err, "not found") != NULL)
			app_status(a, 1, "no theme \"%s\": not built in "
			    "(dark, light, contrast, mono) and not in the "
			    "themes folders; the theme stays %s", name,
			    a->theme.name);
		else
			app_status(a, 1, "%s; the theme stays %s", err,
			    a->theme.name);
		free(err);
		theme_free(&t);
		return -1;
	}
	theme_free(&a->theme);
	a->theme = t;
	term_apply_theme(&a->theme);
	if (nc != NULL && *nc != '\0')
		app_status(a, 0, "theme %s (NO_COLOR is set: no colours)",
		    name);
	else
		app_status(a, 0, "theme %s", name);
	return 0;
}

void
app_copy(struct app *a, const char *what, const char *text)
{
	if (!a->clipboard) {
		app_status(a, 1, "copying is off; start with --osc52 or set "
		    "clipboard = osc52 under [tui] in the configuration");
		return;
	}
	term_clipboard(text);
	app_status(a, 0, "copied the %s to the clipboard (OSC 52)", what);
}

const struct app_findings *
app_findings(struct app *a)
{
	char	*err = NULL;

	/* compute is cheap when the findings of the scenario are known. */
	if (a->findings.compute != NULL && a->findings.compute(a, &err) ==
	    -1) {
		app_status(a, 1, "%s", err);
		free(err);
	}
	return a->findings.count != NULL ? &a->findings : NULL;
}

const struct app_findings *
app_findings_known(struct app *a)
{
	if (a->findings.count == NULL || a->fdata_gen != a->sc.gen)
		return NULL;
	return &a->findings;
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
	struct view	*top = a->stack[a->depth - 1];
	char		 buf[160], *kinds;
	const char	*f;
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
		x += canvas_label(c, 0, x, c->w - x, buf, THEME_HEADER);
	}
	if (top->ops->filter != NULL && (f = top->ops->filter(top)) != NULL &&
	    *f != '\0' && x + 12 < c->w) {
		x += canvas_label(c, 0, x, c->w - x, " | filter: ",
		    THEME_HEADER);
		canvas_text(c, 0, x, c->w - x, f, THEME_HEADER, THEME_ESCAPE);
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

/*
 * Last row: a status message, or the top view's key hints, after a note
 * while the blast radius is being computed.
 */
static void
app_draw_status(struct app *a)
{
	struct canvas	*c = &a->canvas;
	struct view	*top = a->stack[a->depth - 1];
	char		 note[64];
	int		 y = c->h - 1, x = 1, percent;

	if (a->kinds.editing) {
		app_draw_kinds(a, y);
		return;
	}
	canvas_fill(c, y, 0, c->w, THEME_STATUS);
	if (a->status != NULL) {
		canvas_text(c, y, 1, c->w - 1, a->status, a->status_error ?
		    THEME_ERROR : THEME_STATUS, THEME_ESCAPE);
		return;
	}
	if ((percent = app_blast_progress(a)) >= 0) {
		snprintf(note, sizeof(note), "computing blast radius: %d%%",
		    percent);
		x += canvas_label(c, y, x, c->w - x, note, THEME_STATUS) + 3;
	}
	if (x < c->w)
		canvas_label(c, y, x, c->w - x, top->ops->hint(top),
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
	/* A replay's keys wait for the loop, so that each is timed. */
	while (!a->replay && (key = term_read_key(0)) != TERM_KEY_NONE) {
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

/* Keys that open a view on the selected node; 0 if not one. */
static int
app_key_node(struct app *a, int key, int64_t node)
{
	switch (key) {
	case 'd':
		if (node >= 0)
			app_push(a, card_create(a, (size_t)node, 0));
		return APP_HANDLED | APP_REDRAW;
	case 'P':
		if (node >= 0)
			app_push(a, marks_paths_create(a, (size_t)node));
		return APP_HANDLED | APP_REDRAW;
	case 'U':
		if (node >= 0)
			app_push(a, timeline_create(a, (size_t)node));
		return APP_HANDLED | APP_REDRAW;
	case 'y':
		if (node >= 0)
			app_copy(a, "node key", a->model->key[node]);
		return APP_HANDLED | APP_REDRAW;
	default:
		return 0;
	}
}

/* Keys that open a view of the whole case; 0 if not one. */
static int
app_key_views(struct app *a, int key)
{
	struct view	*v = NULL;

	switch (key) {
	case '?':
	case TERM_KEY_F1:
		v = help_create(a);
		break;
	case 'S':
		v = snapshots_create(a);
		break;
	case 'D':
		v = diff_create(a, -1);
		break;
	case 'J':
		v = jewels_create(a);
		break;
	case 'H':
		v = ages_create(a);
		break;
	case 'M':
		v = matrix_create(a);
		break;
	case 'F':
		v = app_findings_view(a);
		break;
	case 'L':
		v = lookup_create(a, 0);
		break;
	case ':':
		v = palette_create(a);
		break;
	default:
		return 0;
	}
	if (v != NULL)
		app_push(a, v);
	return APP_HANDLED | APP_REDRAW;
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
	if ((rc = app_key_analysis(a, key, node, edge)) != 0 ||
	    (rc = app_key_node(a, key, node)) != 0 ||
	    (rc = app_key_views(a, key)) != 0)
		return rc;
	switch (key) {
	case 'q':
		return APP_QUIT;
	case 'X':
		scenario_clear_whatif(&a->sc);
		app_status(a, 0, "what-if: everything switched back on");
		return APP_HANDLED | APP_REDRAW;
	case 'e':
		prompt_open(&a->kinds);
		return APP_HANDLED | APP_REDRAW;
	case 'R':
		/* A blast radius still being computed is kept. */
		if (a->blast_state != APP_BLAST_RUNNING) {
			a->blast_state = APP_BLAST_STALE;
			a->blast_gen = a->sc.gen - 1;
		}
		app_findings_reset(a);
		app_refresh(a);
		return APP_HANDLED | APP_REDRAW;
	case ']':
		if (!app_forward(a))
			app_status(a, 0, "nothing to go forward to");
		return APP_HANDLED | APP_REDRAW;
	case '[':
	case TERM_KEY_BACKSPACE:
	case TERM_KEY_ESC:
	case TERM_KEY_LEFT:
	case 'h':
		app_back(a);
		return APP_HANDLED | APP_REDRAW;
	default:
		return 0;
	}
}

/*
 * The findings view of the findings engine, or NULL with a status
 * message while there are no findings.
 */
struct view *
app_findings_view(struct app *a)
{
	if (app_findings(a) == NULL || a->findings.view == NULL) {
		if (a->status == NULL)
			app_status(a, 0, "findings not computed: the findings "
			    "engine has not run on this case");
		return NULL;
	}
	return a->findings.view(a);
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
	if (key == TERM_KEY_WHEEL_UP || key == TERM_KEY_WHEEL_DOWN) {
		/* The wheel moves three rows in any view with rows. */
		for (int i = 0; i < 3; i++)
			flags = top->ops->key(top, a, key == TERM_KEY_WHEEL_UP ?
			    TERM_KEY_UP : TERM_KEY_DOWN);
		return APP_HANDLED | APP_REDRAW;
	}
	if (key == TERM_KEY_CLICK)
		term_mouse(&a->mouse_x, &a->mouse_y);
	flags = top->ops->key(top, a, key);
	if (!(flags & APP_HANDLED))
		flags = app_key(a, key);
	return flags;
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

static int64_t
app_now_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/*
 * In replay mode, write one line per frame to standard error: the time
 * since the start, the key, the time from reading the key to the end of
 * the repaint, and the bytes written to the terminal for the frame.
 */
static void
app_replay_log(struct app *a, int64_t start, unsigned long long *bytes)
{
	int64_t			 now = app_now_us();
	unsigned long long	 b = term_bytes();

	if (!a->replay || a->key_at_us == 0)
		return;
	fprintf(stderr, "frame t=%.3f key=%s ms=%.3f bytes=%llu\n",
	    (double)(now - start) / 1e6, a->key_name,
	    (double)(now - a->key_at_us) / 1e3, b - *bytes);
	*bytes = b;
	a->key_at_us = 0;
}

/*
 * Refresh the top view when the scenario changed since it was shown, or
 * when the blast radius it shows arrived. Returns 1 when it refreshed.
 */
static int
app_refresh_top(struct app *a)
{
	struct view	*top = a->stack[a->depth - 1];

	if (top->gen == a->sc.gen)
		return 0;
	top->gen = a->sc.gen;
	if (top->ops->refresh == NULL)
		return 0;
	top->ops->refresh(top, a);
	return 1;
}

/*
 * Take the blast radius columns when their computation has finished,
 * and refresh the top view before it is drawn. Returns 1 when it did.
 */
static int
app_take_blast(struct app *a)
{
	if (!app_blast_poll(a))
		return 0;
	app_refresh_top(a);
	return 1;
}

/*
 * Wait for a key while the blast radius is computed in the background,
 * looking at it every APP_BACKGROUND_MS. Returns the key, or
 * TERM_KEY_NONE when the progress shown or the columns changed.
 */
static int
app_wait_background(struct app *a)
{
	int	 shown = app_blast_progress(a), key;

	while ((key = term_read_key(APP_BACKGROUND_MS)) == TERM_KEY_NONE) {
		if (app_take_blast(a) || app_blast_progress(a) != shown)
			break;
	}
	return key;
}

/*
 * Read the next key. While the top view has idle work, poll for a key
 * and do a slice of the work when none came; while the blast radius is
 * computed, wake up to show its progress. In replay mode <Idle> runs
 * the work to its end, and <Blast> waits for the blast radius.
 */
static int
app_wait_key(struct app *a, int *idle_more)
{
	struct view	*top = a->stack[a->depth - 1];
	int		 key;

	if (a->npending > 0 || a->replay)
		key = app_next_key(a);
	else if (top->ops->idle != NULL && *idle_more) {
		if ((key = term_read_key(0)) == TERM_KEY_NONE) {
			*idle_more = top->ops->idle(top, a);
			return TERM_KEY_NONE;
		}
	} else if (a->blast_job != NULL)
		key = app_wait_background(a);
	else
		key = app_next_key(a);
	if (key == TERM_KEY_IDLE) {
		a->key_at_us = app_now_us();
		snprintf(a->key_name, sizeof(a->key_name), "<Idle>");
		while (top->ops->idle != NULL && top->ops->idle(top, a))
			;
		return TERM_KEY_NONE;
	}
	if (key == TERM_KEY_BLAST) {
		a->key_at_us = app_now_us();
		snprintf(a->key_name, sizeof(a->key_name), "<Blast>");
		app_blast_wait(a);
		app_refresh_top(a);
		return TERM_KEY_NONE;
	}
	return key;
}

int
app_run(struct app *a)
{
	unsigned long long	 bytes = 0;
	int64_t			 start = app_now_us();
	int			 w, h, key, force = 1, idle_more = 1;

	a->canvas.ascii = (a->sanitize_opts & SANITIZE_ASCII) != 0;
	a->mark = -1;
	a->blast_gen = a->sc.gen - 1;
	app_findings_reset(a);
	prompt_init(&a->kinds);
	app_push(a, list_create(a));
	if (a->replay) {
		/*
		 * The first frame is logged as the key "<start>", timed from
		 * the start of the process.
		 */
		a->key_at_us = a->cli->started_us != 0 ? a->cli->started_us :
		    start;
		snprintf(a->key_name, sizeof(a->key_name), "<start>");
	}
	while (!a->quit) {
		term_size(&w, &h);
		if (w != a->canvas.w || h != a->canvas.h) {
			canvas_resize(&a->canvas, w, h);
			force = 1;
		}
		app_take_blast(a);
		app_check_igraph(a);
		app_draw(a, force);
		app_replay_log(a, start, &bytes);
		force = 0;

		/* Recompute what the scenario change made stale, then draw. */
		if (app_refresh_top(a))
			continue;

		key = app_wait_key(a, &idle_more);
		if (key == TERM_KEY_SIGNAL) {
			log_debug("signal %d, leaving", term_signal());
			break;
		}
		if (key == TERM_KEY_END_OF_REPLAY)
			break;
		if (key == TERM_KEY_NONE || key == TERM_KEY_RESIZE)
			continue;
		idle_more = 1;
		if (a->replay) {
			a->key_at_us = app_now_us();
			term_key_name(key, a->key_name);
		}
		if (key == TERM_CTRL('l')) {
			force = 1;
			continue;
		}
		if (app_dispatch(a, key) & APP_QUIT)
			break;
	}
	app_blast_stop(a);
	while (a->depth > 0)
		app_view_free(a->stack[--a->depth]);
	app_clear_forward(a);
	free(a->status);
	a->status = NULL;
	prompt_free(&a->kinds);
	return CMD_EXIT_OK;
}
