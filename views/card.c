/*
 * The card: one screen that answers "what is this credential?" (or
 * identity): who owns it, where it is stored, what uses it, what it
 * authenticates as and can assume, what it reaches, its lifecycle dates
 * and its findings; for a credential, who can revoke it and the
 * command that does (cardcheck.c). Opened by the leaked credential
 * lookup, it also lists the steps to revoke it. trustwalk shows the
 * commands and never runs them. Every line that names a node walks to
 * it with Enter.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annot.h"
#include "app.h"
#include "cmd.h"
#include "blast.h"
#include "card.h"
#include "lifecycle.h"
#include "model.h"
#include "reach.h"
#include "rows.h"
#include "strbuf.h"
#include "term.h"
#include "tstamp.h"
#include "views.h"
#include "xalloc.h"

/* Names listed on one line before "+N more". */
#define CARD_NAMES	4

struct card {
	size_t			 node;
	struct card_line	*lines;
	size_t			 nlines;
	struct rows		 rows;
	int			 checklist;
	unsigned		 gen;		/* scenario the lines are for */
};

static const struct view_ops card_ops;

void
card_add(struct card_lines *cl, const char *label, int style, int64_t node,
    const char *fmt, ...)
{
	struct card_line	*l;
	va_list			 ap;

	cl->v = xreallocarray(cl->v, cl->n + 1, sizeof(*cl->v));
	l = &cl->v[cl->n++];
	l->label = label;
	l->style = style;
	l->node = node;
	va_start(ap, fmt);
	l->text = xvasprintf(fmt, ap);
	va_end(ap);
}

/*
 * Add one line listing the nodes at the far end of v's edges of a kind
 * (outgoing or incoming), walking to the first; nothing when none.
 */
static void
card_edges(struct card_lines *cl, const struct model *m, size_t v,
    enum kind_edge k, int outgoing, const char *label)
{
	struct strbuf	 sb;
	size_t		 first, count, i, e, other;
	int64_t		 jump = -1;

	if (outgoing)
		model_out_kind(m, v, k, &first, &count);
	else
		model_in_kind(m, v, k, &first, &count);
	if (count == 0)
		return;
	strbuf_init(&sb);
	for (i = 0; i < count && i < CARD_NAMES; i++) {
		e = outgoing ? first + i : m->in_edge[first + i];
		other = outgoing ? m->edst[e] : m->esrc[e];
		if (jump < 0)
			jump = (int64_t)other;
		strbuf_addf(&sb, "%s%s (%s)", i > 0 ? ", " : "", m->name[other],
		    kind_node_name(m->kind[other]));
	}
	if (count > CARD_NAMES)
		strbuf_addf(&sb, ", +%zu more", count - CARD_NAMES);
	card_add(cl, label, THEME_NORMAL, jump, "%s", sb.buf);
	strbuf_free(&sb);
}

/* The identities v authenticates as or runs as, v itself for others. */
static size_t
card_identities(const struct model *m, size_t v, uint32_t *out, size_t max)
{
	size_t	 first, count, i, n = 0;

	model_out_kind(m, v, KIND_EDGE_AUTHENTICATES_AS, &first, &count);
	for (i = 0; i < count && n < max; i++)
		out[n++] = m->edst[first + i];
	model_out_kind(m, v, KIND_EDGE_RUNS_AS, &first, &count);
	for (i = 0; i < count && n < max; i++)
		out[n++] = m->edst[first + i];
	if (n == 0)
		out[n++] = (uint32_t)v;
	return n;
}

/* Who owns v: the owner the source names, and owns edges into v. */
static void
card_owner(struct card_lines *cl, const struct model *m, size_t v)
{
	size_t	 first, count;

	model_in_kind(m, v, KIND_EDGE_OWNS, &first, &count);
	if (count > 0)
		card_edges(cl, m, v, KIND_EDGE_OWNS, 0, "owner");
	else if (m->owner[v] != 0)
		card_add(cl, "owner", THEME_NORMAL, model_find(m,
		    model_label(m, m->owner[v])), "%s",
		    model_label(m, m->owner[v]));
	else
		card_add(cl, "owner", THEME_ERROR, -1, "none recorded");
}

/* What v, or the identities it stands for, can assume. */
static void
card_assume(struct card_lines *cl, const struct model *m, size_t v)
{
	uint32_t	 ids[8];
	size_t		 n, i;

	n = card_identities(m, v, ids, 8);
	for (i = 0; i < n; i++) {
		card_edges(cl, m, ids[i], KIND_EDGE_CAN_ASSUME, 1,
		    "can assume");
		card_edges(cl, m, ids[i], KIND_EDGE_HAS_ROLE, 1, "has role");
		card_edges(cl, m, ids[i], KIND_EDGE_MEMBER_OF, 1,
		    "member of");
	}
}

/* What v reaches: the blast radius and the first systems reached. */
static void
card_reach(struct card_lines *cl, struct app *a, size_t v)
{
	const struct model	*m = a->model;
	const struct blast	*b = app_blast_known(a);
	struct reach_filter	 f;
	struct reach		 r;
	struct strbuf		 sb;
	size_t			 i, shown = 0;
	int64_t			 jump = -1;
	uint32_t		 u;

	if (b != NULL && blast_is_source(m, v))
		card_add(cl, "reaches", THEME_NORMAL, -1, "%u privileges, %u "
		    "admin-equivalent, %u systems, %u crown jewels",
		    b->count[BLAST_PRIVILEGES][v], b->count[BLAST_ADMIN][v],
		    b->count[BLAST_SYSTEMS][v], b->count[BLAST_JEWELS][v]);
	else if (blast_is_source(m, v) && app_blast_progress(a) >= 0)
		card_add(cl, "reaches", THEME_DIM, -1, "being computed (the "
		    "blast radius)");
	scenario_filter(&a->sc, &f);
	reach_init(&r, m);
	if (reach_run(&r, v, 0, &f, 0, app_work(a)) != 0) {
		card_add(cl, "systems", THEME_DIM, -1, "not computed: "
		    "cancelled");
		reach_free(&r);
		return;
	}
	strbuf_init(&sb);
	for (i = 1; i < r.count; i++) {
		u = r.order[i];
		if (m->kind[u] != KIND_NODE_SYSTEM)
			continue;
		if (shown < CARD_NAMES)
			strbuf_addf(&sb, "%s%s", shown > 0 ? ", " : "",
			    m->name[u]);
		if (jump < 0)
			jump = u;
		shown++;
	}
	if (shown > CARD_NAMES)
		strbuf_addf(&sb, ", +%zu more", shown - CARD_NAMES);
	card_add(cl, "systems", shown > 0 ? THEME_NORMAL : THEME_DIM, jump,
	    "%s", shown > 0 ? sb.buf : "none reached");
	strbuf_free(&sb);
	reach_free(&r);
}

/* One lifecycle date: the date and how long ago (or ahead) it is. */
static void
card_date(struct card_lines *cl, const char *label, int64_t t, int64_t now)
{
	char	 d[TSTAMP_BUFSZ], age[TSTAMP_BUFSZ];

	tstamp_format_date(t, d);
	if (!tstamp_is_set(t)) {
		card_add(cl, label, THEME_DIM, -1, "%s", d);
		return;
	}
	if (t > now)
		card_add(cl, label, THEME_NORMAL, -1, "%s  (in %s)", d,
		    tstamp_format_age(t, now, age));
	else
		card_add(cl, label, THEME_NORMAL, -1, "%s  (%s ago)", d,
		    tstamp_format_age(now, t, age));
}

static void
card_lifecycle(struct card_lines *cl, struct app *a, size_t v)
{
	const struct record_lifecycle	*life = &a->model->life[v];
	int64_t				 now = a->cli->now;
	unsigned			 f = lifecycle_state(life, now);
	char				 words[64];

	card_date(cl, "created", life->created_at, now);
	card_date(cl, "last used", life->last_used_at, now);
	card_date(cl, "rotated", life->last_rotated_at, now);
	card_date(cl, "expires", life->expires_at, now);
	if (a->model->kind[v] == KIND_NODE_CREDENTIAL)
		card_add(cl, "state", f & (LIFECYCLE_STALE | LIFECYCLE_EXPIRED |
		    LIFECYCLE_EXPIRING) ? THEME_ERROR : THEME_NORMAL, -1, "%s",
		    lifecycle_words(f, words, sizeof(words)));
}

static void
card_finding(void *arg, const char *rule, const char *severity,
    const char *summary)
{
	card_add(arg, "finding", THEME_ERROR, -1, "%s %s: %s", severity, rule,
	    summary);
}

static void
card_findings(struct card_lines *cl, struct app *a, size_t v)
{
	const struct app_findings	*f = app_findings(a);

	if (f == NULL) {
		card_add(cl, "findings", THEME_DIM, -1, "findings not computed");
		return;
	}
	if (f->count[v] == 0)
		card_add(cl, "findings", THEME_DIM, -1, "none");
	else if (f->each == NULL)
		card_add(cl, "findings", THEME_ERROR, -1, "%u", f->count[v]);
	else
		f->each(f->ctx, v, card_finding, cl);
}

/* Build every line of the card of node v. */
static void
card_build(struct card *cd, struct app *a)
{
	const struct model		*m = a->model;
	const struct annot_entry	*e;
	struct card_lines		 cl = { NULL, 0 };
	struct strbuf			 sb;
	size_t				 v = cd->node;

	card_add(&cl, "key", THEME_NORMAL, -1, "%s", m->key[v]);
	card_add(&cl, "source", THEME_DIM, -1, "%s  kinds %s%s%s%s%s",
	    model_label(m, m->source[v]), model_label(m, m->kinds[v]),
	    m->environment[v] ? "  env " : "", model_label(m,
	    m->environment[v]), m->credential_type[v] ? "  type " : "",
	    model_label(m, m->credential_type[v]));
	card_owner(&cl, m, v);
	card_edges(&cl, m, v, KIND_EDGE_STORED_IN, 1, "stored in");
	card_edges(&cl, m, v, KIND_EDGE_USES, 0, "used by");
	card_edges(&cl, m, v, KIND_EDGE_RUNS_AS, 0, "run by");
	card_edges(&cl, m, v, KIND_EDGE_AUTHENTICATES_AS, 1, "signs in as");
	card_edges(&cl, m, v, KIND_EDGE_AUTHENTICATES_AS, 0, "credentials");
	card_assume(&cl, m, v);
	card_reach(&cl, a, v);
	card_lifecycle(&cl, a, v);
	card_findings(&cl, a, v);
	if (m->kind[v] == KIND_NODE_CREDENTIAL)
		cardcheck_revokers(&cl, a, v);
	if ((e = annot_get(a->annot, m->kid[v])) != NULL) {
		strbuf_init(&sb);
		annot_describe(e, a->cli->now, &sb);
		card_add(&cl, "analyst", THEME_PROMPT, -1, "%s", sb.buf);
		strbuf_free(&sb);
	}
	if (cd->checklist)
		cardcheck_build(&cl, a, v);
	cd->lines = cl.v;
	cd->nlines = cl.n;
	cd->rows.n = cl.n;
	cd->gen = a->sc.gen;
}

static void
card_clear(struct card *cd)
{
	size_t	 i;

	for (i = 0; i < cd->nlines; i++)
		free(cd->lines[i].text);
	free(cd->lines);
	cd->lines = NULL;
	cd->nlines = 0;
}

struct view *
card_create(struct app *a, size_t v, int checklist)
{
	struct card	*cd = xcalloc(1, sizeof(*cd));

	app_case_journal(a, "card", a->model->key[v], NULL);
	cd->node = v;
	cd->checklist = checklist;
	card_build(cd, a);
	return app_view(a, &card_ops, cd, 0);
}

/* Rebuild after the scenario changed: reach depends on it. */
static void
card_refresh(struct view *v, struct app *a)
{
	struct card	*cd = v->data;

	card_clear(cd);
	card_build(cd, a);
	rows_clamp(&cd->rows);
}

static void
card_free(struct view *v)
{
	struct card	*cd = v->data;

	card_clear(cd);
	free(cd);
	free(v);
}

/* Rows of a card line: long lines wrap onto at most three rows. */
#define CARD_WRAP_MAX	3
#define CARD_TEXT_X	15

/*
 * Split text at spaces into rows of at most width columns: fills the
 * byte offset where each row starts and returns the number of rows.
 */
static int
card_wrap(const char *text, int width, int opts, size_t *starts)
{
	size_t	 len = strlen(text), at = 0, end, sp;
	int	 n = 0;

	while (n < CARD_WRAP_MAX) {
		starts[n++] = at;
		if (width <= 0 || n == CARD_WRAP_MAX ||
		    sanitize_width(text + at, len - at, opts) <= width)
			break;
		/* The maximum run of whole words that fits. */
		for (end = at, sp = at; end < len; end++) {
			if (text[end] != ' ')
				continue;
			if (sanitize_width(text + at, end - at, opts) > width)
				break;
			sp = end;
		}
		if (sp == at)
			break;
		at = sp + 1;
	}
	return n;
}

/* The rows line i takes at this width. */
static int
card_rows(const struct card *cd, size_t i, int width, int opts)
{
	size_t	 starts[CARD_WRAP_MAX];

	return card_wrap(cd->lines[i].text, width, opts, starts);
}

/* Scroll so that the cursor's line is whole on the height rows shown. */
static void
card_scroll(struct card *cd, int height, int width, int opts)
{
	size_t	 i;
	int	 used;

	if (cd->rows.cursor < cd->rows.top)
		cd->rows.top = cd->rows.cursor;
	for (;;) {
		used = 0;
		for (i = cd->rows.top; i <= cd->rows.cursor && i < cd->nlines;
		    i++)
			used += card_rows(cd, i, width, opts);
		if (used <= height || cd->rows.top >= cd->rows.cursor)
			break;
		cd->rows.top++;
	}
	cd->rows.page = height;
}

/* Draw line i from row y; returns the rows it took. */
static int
card_draw_line(struct card *cd, struct canvas *c, size_t i, int y, int last)
{
	const struct card_line	*l = &cd->lines[i];
	size_t			 starts[CARD_WRAP_MAX];
	int			 sel = i == cd->rows.cursor, n, r, style;
	char			*part;

	style = sel ? THEME_SELECTED : l->style;
	n = card_wrap(l->text, c->w - CARD_TEXT_X, c->ascii ? SANITIZE_ASCII :
	    0, starts);
	for (r = 0; r < n && y + r <= last; r++) {
		canvas_fill(c, y + r, 0, c->w, sel ? THEME_SELECTED :
		    THEME_NORMAL);
		part = r + 1 < n ? xstrndup(l->text + starts[r],
		    starts[r + 1] - starts[r] - 1) : xstrdup(l->text +
		    starts[r]);
		canvas_text(c, y + r, CARD_TEXT_X, c->w - CARD_TEXT_X, part,
		    style, THEME_ESCAPE);
		free(part);
	}
	canvas_label(c, y, 2, 12, l->label, sel ? THEME_SELECTED : THEME_DIM);
	if (l->node >= 0 && c->w > 20)
		canvas_label(c, y, 1, 1, ">", sel ? THEME_SELECTED :
		    THEME_EDGE);
	return r;
}

static void
card_draw(struct view *v, struct app *a, struct canvas *c, int top,
    int height)
{
	struct card		*cd = v->data;
	const struct model	*m = a->model;
	int			 x, y;
	size_t			 i;

	canvas_fill(c, top, 0, c->w, THEME_NORMAL);
	x = 2 + canvas_label(c, top, 2, 16, kind_node_name(m->kind[cd->node]),
	    theme_kind_style(m->kind[cd->node]));
	canvas_text(c, top, x + 1, c->w - x - 1, m->name[cd->node],
	    THEME_TITLE, THEME_ESCAPE);
	rows_clamp(&cd->rows);
	card_scroll(cd, height - 1, c->w - CARD_TEXT_X, c->ascii ?
	    SANITIZE_ASCII : 0);
	for (i = cd->rows.top, y = top + 1; i < cd->nlines &&
	    y < top + height; i++)
		y += card_draw_line(cd, c, i, y, top + height - 1);
}

static int
card_key(struct view *v, struct app *a, int key)
{
	struct card	*cd = v->data;
	int64_t		 node;

	if (rows_key(&cd->rows, key))
		return APP_HANDLED | APP_REDRAW;
	switch (key) {
	case TERM_KEY_ENTER:
	case TERM_KEY_RIGHT:
	case 'l':
		if (cd->rows.cursor >= cd->nlines)
			return APP_HANDLED;
		node = cd->lines[cd->rows.cursor].node;
		if (node >= 0)
			app_push(a, walk_create(a, (size_t)node));
		return APP_HANDLED | APP_REDRAW;
	case 'w':
		app_push(a, walk_create(a, cd->node));
		return APP_HANDLED | APP_REDRAW;
	case ' ':
	case 'n':
	case 't':
	case 'r':
		if (!app_case_writable(a))
			return APP_HANDLED | APP_REDRAW;
		if (key == ' ')
			return ask_toggle_mark(a, cd->node);
		app_push(a, ask_create(a, key == 'n' ? ASK_NOTE : key == 't' ?
		    ASK_TAG : ASK_REVIEW, cd->node, NULL));
		return APP_HANDLED | APP_REDRAW;
	default:
		return 0;
	}
}

static const char *
card_hint(struct view *v)
{
	(void)v;
	return "Enter walk to the line's node  w walk  > reach  y copy key  "
	    "[ back  ? keys";
}

static void
card_selected(struct view *v, struct app *a, int64_t *node, int64_t *edge)
{
	struct card	*cd = v->data;

	(void)a;
	*node = (int64_t)cd->node;
	*edge = -1;
}

static const struct view_ops card_ops = {
	.name = "card",
	.draw = card_draw,
	.key = card_key,
	.hint = card_hint,
	.free = card_free,
	.selected = card_selected,
	.refresh = card_refresh,
	.shows_blast = 1,
};
