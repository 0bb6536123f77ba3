/*
 * Terminal adapter over ncursesw (see term.h). Curses keeps its own
 * global state, so this file does too: whether curses is running, the
 * last canvas drawn (to find changed rows) and the signal flag.
 */
#include "term.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "canvas.h"
#include "theme.h"
#include "xalloc.h"

static int			 term_running;
static int			 term_ncolors;
static attr_t			 term_style_attrs[THEME_STYLE_COUNT];
static short			 term_style_pairs[THEME_STYLE_COUNT];
static struct canvas_cell	*term_last;	/* what is on screen */
static int			 term_last_w;
static int			 term_last_h;
static volatile sig_atomic_t	 term_caught;

static void
term_on_signal(int sig)
{
	term_caught = sig;
}

/* Catch SIGINT, SIGTERM and SIGHUP without SA_RESTART, so reads return. */
static void
term_catch_signals(void)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = term_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int
term_start(const struct term_options *opts, char **errp)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*errp = xstrdup("the interface needs a terminal; use the "
		    "headless commands (\"trustwalk --help\") in scripts");
		return -1;
	}
	term_catch_signals();
	if (initscr() == NULL) {
		*errp = xstrdup("cannot start curses on this terminal; check "
		    "TERM");
		return -1;
	}
	term_running = 1;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	term_ncolors = 0;
	if (!opts->no_color && has_colors() && start_color() == OK) {
		use_default_colors();
		term_ncolors = COLORS;
	}
	return 0;
}

void
term_stop(void)
{
	if (!term_running)
		return;
	endwin();
	term_running = 0;
	free(term_last);
	term_last = NULL;
}

void
term_emergency_restore(void)
{
	if (term_running) {
		endwin();
		term_running = 0;
	}
}

int
term_colors(void)
{
	return term_ncolors;
}

/* Fit a theme colour to what the terminal has. */
static short
term_fit_color(int c, attr_t *attrs)
{
	if (c < 0)
		return -1;
	if (c < term_ncolors)
		return (short)c;
	if (c >= 8 && c < 16) {
		*attrs |= A_BOLD;
		return (short)(c - 8);
	}
	return (short)(c % 8);
}

void
term_apply_theme(const struct theme *t)
{
	const struct theme_entry	*e;
	attr_t				 a;
	short				 fg, bg;
	int				 i;

	for (i = 0; i < THEME_STYLE_COUNT; i++) {
		e = &t->style[i];
		a = 0;
		if (e->attrs & THEME_BOLD)
			a |= A_BOLD;
		if (e->attrs & THEME_DIM_ATTR)
			a |= A_DIM;
		if (e->attrs & THEME_UNDERLINE)
			a |= A_UNDERLINE;
		if (e->attrs & THEME_REVERSE)
			a |= A_REVERSE;
		term_style_pairs[i] = 0;
		if (term_ncolors > 0 && (e->fg >= 0 || e->bg >= 0) &&
		    i + 1 < COLOR_PAIRS) {
			fg = term_fit_color(e->fg, &a);
			bg = term_fit_color(e->bg, &a);
			init_pair((short)(i + 1), fg, bg);
			term_style_pairs[i] = (short)(i + 1);
		}
		term_style_attrs[i] = a;
	}
	free(term_last);
	term_last = NULL;
}

void
term_size(int *w, int *h)
{
	*w = COLS;
	*h = LINES;
}

static int
term_map_key(int code)
{
	switch (code) {
	case KEY_UP:
		return TERM_KEY_UP;
	case KEY_DOWN:
		return TERM_KEY_DOWN;
	case KEY_LEFT:
		return TERM_KEY_LEFT;
	case KEY_RIGHT:
		return TERM_KEY_RIGHT;
	case KEY_PPAGE:
		return TERM_KEY_PGUP;
	case KEY_NPAGE:
		return TERM_KEY_PGDN;
	case KEY_HOME:
		return TERM_KEY_HOME;
	case KEY_END:
		return TERM_KEY_END;
	case KEY_ENTER:
		return TERM_KEY_ENTER;
	case KEY_BACKSPACE:
		return TERM_KEY_BACKSPACE;
	case KEY_DC:
		return TERM_KEY_DELETE;
	case KEY_BTAB:
		return TERM_KEY_BTAB;
	case KEY_RESIZE:
		return TERM_KEY_RESIZE;
	case KEY_F(1):
		return TERM_KEY_F1;
	default:
		return TERM_KEY_NONE;
	}
}

/*
 * Whether the terminal has gone: a read that should have waited for a
 * key failed and the input reports a hang-up or an error, which happens
 * when a terminal closes without sending SIGHUP to this process.
 */
static int
term_hung_up(void)
{
	struct pollfd	 pfd;

	pfd.fd = STDIN_FILENO;
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (poll(&pfd, 1, 0) == -1)
		return errno != EINTR;
	return (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

int
term_read_key(int timeout_ms)
{
	wint_t	 wc;
	int	 rc;

	if (term_caught)
		return TERM_KEY_SIGNAL;
	timeout(timeout_ms);
	rc = get_wch(&wc);
	if (term_caught)
		return TERM_KEY_SIGNAL;
	if (rc == ERR && timeout_ms < 0 && term_hung_up()) {
		term_caught = SIGHUP;
		return TERM_KEY_SIGNAL;
	}
	if (rc == ERR)
		return TERM_KEY_NONE;
	if (rc == KEY_CODE_YES)
		return term_map_key((int)wc);
	switch (wc) {
	case '\r':
	case '\n':
		return TERM_KEY_ENTER;
	case 127:
	case 8:
		return TERM_KEY_BACKSPACE;
	case 27:
		return TERM_KEY_ESC;
	case '\t':
		return TERM_KEY_TAB;
	default:
		return (int)wc;
	}
}

int
term_signal(void)
{
	return (int)term_caught;
}

/* Draw one row of the canvas. */
static void
term_draw_row(const struct canvas *c, int y)
{
	const struct canvas_cell	*cell;
	wchar_t				 wch[1 + SANITIZE_MAX_COMBINING + 1];
	cchar_t				 cc;
	int				 x, i, s;

	for (x = 0; x < c->w; x++) {
		cell = &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
		if (cell->wide == 2)
			continue;
		for (i = 0; i < 1 + SANITIZE_MAX_COMBINING && cell->cp[i];
		    i++)
			wch[i] = (wchar_t)cell->cp[i];
		if (i == 0)
			wch[i++] = L' ';
		wch[i] = L'\0';
		s = cell->style < THEME_STYLE_COUNT ? cell->style : 0;
		setcchar(&cc, wch, term_style_attrs[s], term_style_pairs[s], NULL);
		mvadd_wch(y, x, &cc);
	}
}

void
term_draw(const struct canvas *c, int force)
{
	size_t	 rowsz = (size_t)c->w * sizeof(*c->cells);
	int	 y;

	if (term_last == NULL || term_last_w != c->w || term_last_h != c->h) {
		free(term_last);
		term_last = xcalloc((size_t)c->w * (size_t)c->h,
		    sizeof(*term_last));
		term_last_w = c->w;
		term_last_h = c->h;
		force = 1;
	}
	if (force)
		clearok(curscr, TRUE);
	for (y = 0; y < c->h; y++) {
		if (!force && memcmp(&term_last[(size_t)y * (size_t)c->w],
		    &c->cells[(size_t)y * (size_t)c->w], rowsz) == 0)
			continue;
		term_draw_row(c, y);
		memcpy(&term_last[(size_t)y * (size_t)c->w],
		    &c->cells[(size_t)y * (size_t)c->w], rowsz);
	}
	wnoutrefresh(stdscr);
	doupdate();
}
