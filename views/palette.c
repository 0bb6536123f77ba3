/*
 * The command palette, opened with ':' over the view below it. As the
 * analyst types, the commands are ranked by a fuzzy match of the first
 * word (palcmd.c) and listed above the prompt; once a command is chosen,
 * its argument values (themes, kinds, columns, formats) are ranked the
 * same way. Up and Down choose, Tab completes, Enter runs, Esc closes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "palcmd.h"
#include "prompt.h"
#include "strbuf.h"
#include "term.h"
#include "views.h"
#include "xalloc.h"

#define PALETTE_SHOWN	8	/* candidates listed */

struct palette {
	struct prompt	 text;
	size_t		 choice;	/* the highlighted candidate */
};

/* The candidates for the text typed so far. */
struct palette_list {
	const struct palcmd	*cmd;		/* when the name is complete */
	const char		*values[PALETTE_SHOWN];
	size_t			 cmds[PALETTE_SHOWN];
	size_t			 n;
	size_t			 arg_at;	/* offset of the argument */
};

static const struct view_ops palette_ops;

struct view *
palette_create(struct app *a)
{
	struct palette	*p = xcalloc(1, sizeof(*p));

	prompt_init(&p->text);
	prompt_open(&p->text);
	return app_view(a, &palette_ops, p, 0);
}

static void
palette_free(struct view *v)
{
	struct palette	*p = v->data;

	prompt_free(&p->text);
	free(p);
	free(v);
}

/* Rank commands, or the argument values once a command is named. */
static void
palette_candidates(const char *line, struct palette_list *pl)
{
	const struct palcmd	*table;
	const char *const	*values;
	size_t			 n, i, len = strcspn(line, " "), nvalues;

	memset(pl, 0, sizeof(*pl));
	table = palcmd_list(&n);
	if (line[len] == ' ') {
		for (i = 0; i < n; i++) {
			if (strlen(table[i].name) == len &&
			    strncmp(table[i].name, line, len) == 0)
				pl->cmd = &table[i];
		}
	}
	if (pl->cmd == NULL) {
		pl->n = palcmd_rank(line, pl->cmds, PALETTE_SHOWN);
		return;
	}
	pl->arg_at = len + 1;
	if (pl->cmd->values == NULL)
		return;
	values = pl->cmd->values(&nvalues);
	pl->n = palcmd_rank_values(values, nvalues, line + pl->arg_at,
	    pl->values, PALETTE_SHOWN);
}

/* Draw one candidate line at row y. */
static void
palette_draw_line(struct canvas *c, int y, const struct palette_list *pl,
    size_t i, int chosen)
{
	const struct palcmd	*cmd;
	char			 line[256];
	int			 style = chosen ? THEME_SELECTED : THEME_STATUS;

	canvas_fill(c, y, 0, c->w, style);
	if (pl->cmd != NULL) {
		canvas_label(c, y, 2, c->w - 2, pl->values[i], style);
		return;
	}
	cmd = &palcmd_list(&(size_t){ 0 })[pl->cmds[i]];
	snprintf(line, sizeof(line), "%-10s %-12s %s", cmd->name, cmd->args,
	    cmd->help);
	canvas_label(c, y, 2, c->w - 2, line, style);
}

static void
palette_draw(struct view *v, struct app *a, struct canvas *c, int top,
    int height)
{
	struct palette		*p = v->data;
	struct view		*below = a->depth > 1 ? a->stack[a->depth - 2] :
				    NULL;
	struct palette_list	 pl;
	int			 y = top + height - 1, x, rows;
	size_t			 i;

	if (below != NULL && height > 1)
		below->ops->draw(below, a, c, top, height - 1);
	palette_candidates(strbuf_str(&p->text.text), &pl);
	if (p->choice >= pl.n)
		p->choice = pl.n > 0 ? pl.n - 1 : 0;
	rows = (int)pl.n < height - 1 ? (int)pl.n : height - 1;
	for (i = 0; i < (size_t)rows; i++)
		palette_draw_line(c, y - rows + (int)i, &pl, i, i == p->choice);
	if (pl.cmd != NULL && pl.n == 0 && height > 1) {
		canvas_fill(c, y - 1, 0, c->w, THEME_STATUS);
		x = canvas_label(c, y - 1, 2, c->w - 2, pl.cmd->args,
		    THEME_STATUS);
		canvas_label(c, y - 1, x + 4, c->w - x - 4, pl.cmd->help,
		    THEME_STATUS);
	}
	canvas_fill(c, y, 0, c->w, THEME_PROMPT);
	x = canvas_label(c, y, 0, 1, ":", THEME_PROMPT);
	x += canvas_text(c, y, x, c->w - x - 1, strbuf_str(&p->text.text),
	    THEME_PROMPT, THEME_ESCAPE);
	canvas_label(c, y, x, 1, "_", THEME_PROMPT);
}

/* Complete the text with the highlighted candidate. */
static void
palette_complete(struct palette *p)
{
	struct palette_list	 pl;
	char			*line;

	palette_candidates(strbuf_str(&p->text.text), &pl);
	if (pl.n == 0)
		return;
	if (pl.cmd == NULL)
		line = xasprintf("%s ",
		    palcmd_list(&(size_t){ 0 })[pl.cmds[p->choice]].name);
	else
		line = xasprintf("%.*s%s", (int)pl.arg_at,
		    strbuf_str(&p->text.text), pl.values[p->choice]);
	strbuf_reset(&p->text.text);
	strbuf_addstr(&p->text.text, line);
	free(line);
	p->choice = 0;
}

/* Run the line: the highlighted command when only part of a name is typed. */
static int
palette_enter(struct view *v, struct app *a)
{
	struct palette		*p = v->data;
	struct palette_list	 pl;
	const char		*text = strbuf_str(&p->text.text);
	char			*line;
	int			 rc;

	palette_candidates(text, &pl);
	if (pl.cmd == NULL && pl.n > 0 && strchr(text, ' ') == NULL)
		line = xstrdup(palcmd_list(&(size_t){ 0 })[pl.cmds[p->choice]]
		    .name);
	else if (pl.cmd != NULL && pl.n > 0 &&
	    (p->choice > 0 || strcmp(pl.values[0], text + pl.arg_at) != 0))
		line = xasprintf("%.*s%s", (int)pl.arg_at, text,
		    pl.values[p->choice]);
	else
		line = xstrdup(text);
	/* The palette is freed here: touch nothing of it afterwards. */
	app_pop(a);
	if (*line == '\0') {
		free(line);
		return APP_HANDLED | APP_REDRAW;
	}
	rc = palette_run(a, line);
	free(line);
	return rc;
}

int
palette_run(struct app *a, const char *line)
{
	return palcmd_run(a, line);
}

static int
palette_key(struct view *v, struct app *a, int key)
{
	struct palette	*p = v->data;

	switch (key) {
	case TERM_KEY_ESC:
		app_pop(a);
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_ENTER:
		return palette_enter(v, a);
	case TERM_KEY_TAB:
		palette_complete(p);
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_UP:
		if (p->choice > 0)
			p->choice--;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_DOWN:
		p->choice++;
		return APP_HANDLED | APP_REDRAW;
	case TERM_KEY_BACKSPACE:
		if (p->text.text.len == 0) {
			app_pop(a);
			return APP_HANDLED | APP_REDRAW;
		}
		/* FALLTHROUGH */
	default:
		if (prompt_key(&p->text, key) == PROMPT_CHANGED)
			p->choice = 0;
		return APP_HANDLED | APP_REDRAW;
	}
}

static const char *
palette_hint(struct view *v)
{
	(void)v;
	return "type a command  Tab complete  Up/Down choose  Enter run  "
	    "Esc close";
}

static const struct view_ops palette_ops = {
	.name = "palette",
	.draw = palette_draw,
	.key = palette_key,
	.hint = palette_hint,
	.free = palette_free,
	.transient = 1,
};
