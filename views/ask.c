/*
 * A one-line question drawn over the view below it: the analyst types a
 * note, tags, a review state or an export, Enter applies it and Esc
 * cancels. Each write lands in one transaction with its journal step,
 * and a read-only case refuses it before the question opens.
 *
 *   note     the text of the note
 *   tags     words: "tier0" or "+tier0" adds, "-tier0" removes
 *   review   reviewed | to_revoke | none | accepted_risk [DATE] REASON
 *            (states may be shortened to a unique prefix)
 *   export   FORMAT FILE
 *   accept   [UNTIL-DATE] REASON, for the finding of a rule on a node
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "annot.h"
#include "app.h"
#include "cmd.h"
#include "export.h"
#include "findings.h"
#include "journal.h"
#include "model.h"
#include "prompt.h"
#include "store.h"
#include "store_annot.h"
#include "strbuf.h"
#include "term.h"
#include "tstamp.h"
#include "views.h"
#include "xalloc.h"

struct ask {
	enum ask_kind	 kind;
	size_t		 node;
	char		*filter;	/* the list's filter, for exports */
	char		*rule;		/* the rule, for an acceptance */
	struct prompt	 text;
};

static const struct view_ops ask_ops;

static const char *const ask_leads[] = {
	[ASK_NOTE] = "note: ",
	[ASK_TAG] = "tags (+add -remove): ",
	[ASK_REVIEW] = "review: ",
	[ASK_EXPORT] = "export FORMAT FILE: ",
	[ASK_ACCEPT] = "accept [UNTIL-DATE] REASON: ",
};

struct view *
ask_create(struct app *a, enum ask_kind kind, size_t v, const char *filter)
{
	struct view	*view;
	struct ask	*q;

	(void)a;
	q = xcalloc(1, sizeof(*q));
	q->kind = kind;
	q->node = v;
	q->filter = filter != NULL && *filter != '\0' ? xstrdup(filter) : NULL;
	prompt_init(&q->text);
	prompt_open(&q->text);
	view = xcalloc(1, sizeof(*view));
	view->ops = &ask_ops;
	view->data = q;
	return view;
}

static void
ask_free(struct view *v)
{
	struct ask	*q = v->data;

	prompt_free(&q->text);
	free(q->filter);
	free(q->rule);
	free(q);
	free(v);
}

/* Draw the view below, then the question on the last row. */
static void
ask_draw(struct view *v, struct app *a, struct canvas *c, int top,
    int height)
{
	struct ask	*q = v->data;
	struct view	*below = a->depth > 1 ? a->stack[a->depth - 2] : NULL;

	int		 y = top + height - 1, x;

	if (below != NULL && height > 1)
		below->ops->draw(below, a, c, top, height - 1);
	canvas_fill(c, y, 0, c->w, THEME_PROMPT);
	x = canvas_label(c, y, 1, c->w - 1, ask_leads[q->kind], THEME_PROMPT);
	x += 1 + canvas_text(c, y, x + 1, c->w - x - 2,
	    strbuf_str(&q->text.text), THEME_PROMPT, THEME_ESCAPE);
	canvas_label(c, y, x, 1, "_", THEME_PROMPT);
}

static const char *
ask_hint(struct view *v)
{
	struct ask	*q = v->data;

	switch (q->kind) {
	case ASK_REVIEW:
		return "reviewed | to_revoke | none | accepted_risk [DATE] "
		    "REASON";
	case ASK_EXPORT:
		return "opengraph graphml dot csv jsonl md, then a file name";
	case ASK_ACCEPT:
		return "an optional expiry date such as 2027-01-31, then why";
	default:
		return "Enter save  Esc cancel";
	}
}

/* Apply the words typed for tags; returns the tags changed, or -1. */
static int
ask_apply_tags(struct app *a, struct ask *q, char *line, char **errp)
{
	const char	*fields[] = { "tag", NULL, NULL };
	const char	*key = a->model->key[q->node];
	int64_t		 kid = a->model->kid[q->node];
	char		*word, *save = NULL;
	int		 rc, changed = 0;

	for (word = strtok_r(line, " ", &save); word != NULL;
	    word = strtok_r(NULL, " ", &save)) {
		fields[1] = word[0] == '+' || word[0] == '-' ? word + 1 : word;
		if (word[0] == '-')
			rc = store_annot_tag_remove(a->store, kid, fields[1],
			    errp);
		else
			rc = store_annot_tag_add(a->store, kid, fields[1],
			    annot_author(), (int64_t)time(NULL), errp);
		if (rc == -1 || (rc == 1 && journal_record(a->store,
		    word[0] == '-' ? "untag" : "tag", key, fields,
		    errp) == -1))
			return -1;
		changed += rc;
	}
	return changed;
}

/* Apply "STATE [DATE] [REASON...]"; returns 0 or -1. */
static int
ask_apply_review(struct app *a, struct ask *q, char *line, char **errp)
{
	const char	*fields[] = {
		"state", NULL, "reason", NULL, "until", NULL, NULL
	};
	char		*state, *rest, *date = NULL;
	int64_t		 until = TSTAMP_UNKNOWN;
	int		 r;

	state = strtok_r(line, " ", &rest);
	if (state == NULL || (r = annot_review_parse(state)) == -1) {
		*errp = xstrdup("unknown review state; give reviewed, "
		    "accepted_risk, to_revoke or none");
		return -1;
	}
	rest += strspn(rest, " ");
	if (r == ANNOT_REVIEW_ACCEPTED_RISK && strchr(rest, ' ') != NULL) {
		date = xstrndup(rest, strcspn(rest, " "));
		if (tstamp_parse(date, &until) == 0) {
			rest += strlen(date);
			rest += strspn(rest, " ");
			fields[5] = date;
		} else
			until = TSTAMP_UNKNOWN;
	}
	fields[1] = annot_review_name(r);
	fields[3] = *rest != '\0' ? rest : NULL;
	r = store_annot_review_set(a->store, a->model->kid[q->node], fields[1],
	    fields[3], until, annot_author(), (int64_t)time(NULL), errp);
	if (r == 0)
		r = journal_record(a->store, "review",
		    a->model->key[q->node], fields, errp);
	free(date);
	return r;
}

/* Apply "[DATE] REASON" to accept the finding; returns 0 or -1. */
static int
ask_apply_accept(struct app *a, struct ask *q, char *line, char **errp)
{
	const char	*fields[] = {
		"rule", q->rule, "reason", NULL, "until", NULL, NULL
	};
	char		*reason = line, *date;
	int64_t		 until = TSTAMP_UNKNOWN;
	int		 rc;

	date = xstrndup(line, strcspn(line, " "));
	if (tstamp_parse(date, &until) == 0) {
		reason = line + strlen(date);
		reason += strspn(reason, " ");
		fields[5] = date;
	} else
		until = TSTAMP_UNKNOWN;
	fields[3] = reason;
	rc = store_annot_accept(a->store, q->rule, a->model->kid[q->node],
	    reason, until, annot_author(), (int64_t)time(NULL), errp);
	if (rc == 0)
		rc = journal_record(a->store, "accept",
		    a->model->key[q->node], fields, errp);
	free(date);
	return rc;
}

/*
 * Apply a typed note, tags, review state or acceptance, in one
 * transaction. A joined node gets its key id in that transaction, so a
 * rollback takes it back from the model too.
 */
static void
ask_apply_annotation(struct app *a, struct ask *q, char *line)
{
	const char	*fields[] = { "text", line, NULL };
	const char	*key = a->model->key[q->node];
	char		*err = NULL;
	int64_t		 old = a->model->kid[q->node], kid;
	int		 rc;

	if (store_begin(a->store, &err) == -1) {
		app_status(a, 1, "%s", err);
		free(err);
		return;
	}
	if (model_annot_kid(a->model, a->store, q->node, &kid, &err) == -1)
		rc = -1;
	else if (q->kind == ASK_NOTE) {
		rc = store_annot_note_add(a->store, a->model->kid[q->node],
		    annot_author(), (int64_t)time(NULL), line, &err);
		if (rc == 0)
			rc = journal_record(a->store, "note", key, fields,
			    &err);
	} else if (q->kind == ASK_ACCEPT)
		rc = ask_apply_accept(a, q, line, &err);
	else if (q->kind == ASK_TAG)
		rc = ask_apply_tags(a, q, line, &err);
	else
		rc = ask_apply_review(a, q, line, &err);
	if (rc == -1 || store_commit(a->store, &err) == -1) {
		store_rollback(a->store);
		a->model->kid[q->node] = old;
		app_status(a, 1, "%s", err);
		free(err);
		return;
	}
	if (q->kind == ASK_ACCEPT) {
		app_status(a, 0, "%s accepted for %s", q->rule, key);
		app_findings_reset(a);
		return;
	}
	if (app_case_reload(a) == 0)
		app_status(a, 0, "%s saved for %s", q->kind == ASK_NOTE ?
		    "note" : q->kind == ASK_TAG ? "tags" : "review", key);
}

struct view *
ask_accept_create(struct app *a, size_t v, const char *rule)
{
	struct view	*view = ask_create(a, ASK_ACCEPT, v, NULL);
	struct ask	*q = view->data;

	q->rule = xstrdup(rule);
	return view;
}

int
ask_unaccept(struct app *a, size_t v, const char *rule)
{
	const char	*fields[] = { "rule", rule, NULL };
	char		*err = NULL;
	int		 n = -1;

	if (store_begin(a->store, &err) == 0) {
		n = a->model->kid[v] < 0 ? 0 : store_annot_unaccept(a->store,
		    rule, a->model->kid[v], &err);
		if (n == -1 || journal_record(a->store, "unaccept",
		    a->model->key[v], fields, &err) == -1 ||
		    store_commit(a->store, &err) == -1)
			n = -1;
	}
	if (n == -1) {
		store_rollback(a->store);
		app_status(a, 1, "%s", err);
		free(err);
		return APP_HANDLED | APP_REDRAW;
	}
	app_status(a, 0, "%s on %s %s", rule, a->model->name[v], n > 0 ?
	    "no longer accepted" : "was not accepted");
	app_findings_reset(a);
	app_refresh(a);
	return APP_HANDLED | APP_REDRAW;
}

/* Select what an export from the interface writes. */
static void
ask_select(struct app *a, struct ask *q, struct export_ctx *x)
{
	char	*err = NULL;

	export_select_tag(x, ANNOT_MARK_TAG);
	if (x->nselected > 0)
		return;
	if (q->filter == NULL)
		export_select_all(x);
	else if (export_select_filter(x, q->filter, &err) == -1) {
		/* Nothing is selected: the file gets no node. */
		app_status(a, 1, "%s", err);
		free(err);
	}
}

/* Apply "FORMAT FILE". */
static void
ask_apply_export(struct app *a, struct ask *q, char *line)
{
	const struct exporter	*ex;
	struct export_ctx	 x;
	char			*format, *file, *save = NULL, *err = NULL;
	char			 nodes[24], edges[24];
	const char		*fields[] = {
		"format", NULL, "file", NULL, "selection", NULL, "nodes",
		nodes, "edges", edges, NULL
	};

	format = strtok_r(line, " ", &save);
	file = strtok_r(NULL, " ", &save);
	if (format == NULL || file == NULL ||
	    (ex = export_find(format)) == NULL) {
		app_status(a, 1, "give a format (opengraph, graphml, dot, csv, "
		    "jsonl, md) and a file name");
		return;
	}
	export_init(&x, a->store, a->model, a->annot, a->cli->now);
	x.cfg = a->cli->cfg;
	ask_select(a, q, &x);
	if (export_run(&x, ex, file, &err) == -1) {
		app_status(a, 1, "%s", err);
		free(err);
	} else {
		snprintf(nodes, sizeof(nodes), "%zu", x.nodes_written);
		snprintf(edges, sizeof(edges), "%zu", x.edges_written);
		fields[1] = format;
		fields[3] = file;
		fields[5] = x.selection;
		app_case_journal(a, "export", NULL, fields);
		app_status(a, 0, "exported %s: %zu nodes, %zu edges to %s",
		    x.selection, x.nodes_written, x.edges_written, file);
	}
	export_free(&x);
}

void
ask_export(struct app *a, const char *line, const char *filter)
{
	struct ask	 q;
	char		*copy = xstrdup(line);

	memset(&q, 0, sizeof(q));
	q.kind = ASK_EXPORT;
	q.filter = filter != NULL && *filter != '\0' ? xstrdup(filter) : NULL;
	ask_apply_export(a, &q, copy);
	free(q.filter);
	free(copy);
}

static int
ask_key(struct view *v, struct app *a, int key)
{
	struct ask	*q = v->data;
	char		*line;

	if (key == TERM_KEY_ESC) {
		app_pop(a);
		return APP_HANDLED | APP_REDRAW;
	}
	if (key != TERM_KEY_ENTER) {
		prompt_key(&q->text, key);
		return APP_HANDLED | APP_REDRAW;
	}
	line = xstrdup(strbuf_str(&q->text.text));
	if (*line == '\0')
		app_status(a, 0, "nothing typed; nothing saved");
	else if (q->kind == ASK_EXPORT)
		ask_apply_export(a, q, line);
	else
		ask_apply_annotation(a, q, line);
	free(line);
	/* The view is freed here: touch nothing of it afterwards. */
	app_pop(a);
	/* A new acceptance changes the findings the view below shows. */
	if (a->fdata_state == APP_BLAST_STALE)
		app_refresh(a);
	return APP_HANDLED | APP_REDRAW;
}

int
ask_set_tag(struct app *a, size_t v, const char *tag, int on)
{
	const char	*fields[] = { "tag", tag, NULL };
	int64_t		 old = a->model->kid[v], kid;
	int		 has, rc;
	char		*err = NULL;

	if (!app_case_writable(a))
		return APP_HANDLED | APP_REDRAW;
	has = annot_has_tag(annot_get(a->annot, old), tag);
	if (has == on)
		return APP_HANDLED | APP_REDRAW;
	if (store_begin(a->store, &err) == 0) {
		if (model_annot_kid(a->model, a->store, v, &kid, &err) == -1)
			rc = -1;
		else if (has)
			rc = store_annot_tag_remove(a->store, kid, tag, &err);
		else
			rc = store_annot_tag_add(a->store, kid, tag,
			    annot_author(), (int64_t)time(NULL), &err);
		if (rc != -1 && journal_record(a->store, has ? "untag" : "tag",
		    a->model->key[v], fields, &err) == 0 &&
		    store_commit(a->store, &err) == 0) {
			app_case_reload(a);
			return APP_HANDLED | APP_REDRAW;
		}
		store_rollback(a->store);
		a->model->kid[v] = old;
	}
	app_status(a, 1, "%s", err);
	free(err);
	return APP_HANDLED | APP_REDRAW;
}

int
ask_toggle_mark(struct app *a, size_t v)
{
	return ask_set_tag(a, v, ANNOT_MARK_TAG, !annot_has_tag(annot_get(
	    a->annot, a->model->kid[v]), ANNOT_MARK_TAG));
}

static const struct view_ops ask_ops = {
	.name = "ask",
	.transient = 1,
	.draw = ask_draw,
	.key = ask_key,
	.hint = ask_hint,
	.free = ask_free,
};
