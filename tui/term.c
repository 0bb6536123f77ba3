/*
 * Terminal adapter over ncursesw (see term.h). Curses keeps its own
 * global state, so this file does too: whether curses is running, the
 * last canvas drawn (to find changed rows) and the signal flag.
 */
#include "term.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "canvas.h"
#include "theme.h"
#include "utf8.h"
#include "xalloc.h"

/* Named keys of replay files and logs. */
static const struct {
	const char	*name;
	int		 key;
} term_key_names[] = {
	{ "<Up>", TERM_KEY_UP }, { "<Down>", TERM_KEY_DOWN },
	{ "<Left>", TERM_KEY_LEFT }, { "<Right>", TERM_KEY_RIGHT },
	{ "<PgUp>", TERM_KEY_PGUP }, { "<PgDn>", TERM_KEY_PGDN },
	{ "<Home>", TERM_KEY_HOME }, { "<End>", TERM_KEY_END },
	{ "<Enter>", TERM_KEY_ENTER }, { "<BSpace>", TERM_KEY_BACKSPACE },
	{ "<Esc>", TERM_KEY_ESC }, { "<Tab>", TERM_KEY_TAB },
	{ "<BTab>", TERM_KEY_BTAB }, { "<Space>", ' ' },
	{ "<Idle>", TERM_KEY_IDLE }, { "<F1>", TERM_KEY_F1 },
	{ "<Blast>", TERM_KEY_BLAST },
};
#define TERM_NKEY_NAMES	(sizeof(term_key_names) / sizeof(term_key_names[0]))

static int			 term_running;
static int			 term_ncolors;
static attr_t			 term_style_attrs[THEME_STYLE_COUNT];
static short			 term_style_pairs[THEME_STYLE_COUNT];
static struct canvas_cell	*term_last;	/* what is on screen */
static int			 term_last_w;
static int			 term_last_h;
static volatile sig_atomic_t	 term_caught;
static int			 term_mouse_x;
static int			 term_mouse_y;
/* Replay mode: the key file, the line being typed, the output counted. */
static FILE			*term_replay;
static char			 term_replay_line[1024];
static size_t			 term_replay_pos;
static FILE			*term_out;
static FILE			*term_in;
static SCREEN			*term_screen;
static unsigned long long	 term_nbytes;
static int			 term_pipe_rd = -1;

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

/*
 * In replay mode curses writes into a pipe; after each repaint the pipe
 * is drained here, counting the bytes and passing them on to standard
 * output.
 */
static void
term_drain(void)
{
	char	 buf[65536];
	ssize_t	 n;

	if (term_pipe_rd < 0)
		return;
	while ((n = read(term_pipe_rd, buf, sizeof(buf))) > 0) {
		term_nbytes += (unsigned long long)n;
		if (write(STDOUT_FILENO, buf, (size_t)n) != n) {
			/* Standard output is for the record only. */
		}
	}
}

/* Start curses on a pipe and no input, for a replay file. */
static int
term_start_replay(const char *file, char **errp)
{
	int	 fds[2];

	if ((term_replay = fopen(file, "r")) == NULL) {
		*errp = xasprintf("%s: %s; give a file of keys to replay",
		    file, strerror(errno));
		return -1;
	}
	if (pipe(fds) == -1) {
		*errp = xasprintf("cannot make a pipe for the replay: %s",
		    strerror(errno));
		return -1;
	}
	/* 1 MiB, more than a repaint of 160x48 takes (about 10 KB). */
	fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
	fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
	term_pipe_rd = fds[0];
	term_out = fdopen(fds[1], "w");
	term_in = fopen("/dev/null", "r");
	if (term_out == NULL || term_in == NULL ||
	    (term_screen = newterm(NULL, term_out, term_in)) == NULL) {
		*errp = xstrdup("cannot start curses for the replay; check "
		    "TERM");
		return -1;
	}
	set_term(term_screen);
	return 0;
}

/*
 * Teach curses the Home and End sequences that terminals send besides
 * the ones TERM's terminfo entry names: tmux and screen send ESC [ 1 ~
 * and ESC [ 4 ~, rxvt ESC [ 7 ~ and ESC [ 8 ~, xterm ESC [ H, ESC [ F,
 * ESC O H and ESC O F. Without them a Home or End under a mismatched
 * TERM arrives as Esc and closes the view.
 */
static void
term_define_keys(void)
{
	static const struct {
		const char	*seq;
		int		 code;
	} keys[] = {
		{ "\033[1~", KEY_HOME }, { "\033[4~", KEY_END },
		{ "\033[7~", KEY_HOME }, { "\033[8~", KEY_END },
		{ "\033[H", KEY_HOME }, { "\033[F", KEY_END },
		{ "\033OH", KEY_HOME }, { "\033OF", KEY_END },
	};
	size_t	 i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		define_key(keys[i].seq, keys[i].code);
}

int
term_start(const struct term_options *opts, char **errp)
{
	if (opts->replay != NULL) {
		if (term_start_replay(opts->replay, errp) == -1)
			return -1;
	} else if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*errp = xstrdup("the interface needs a terminal; use the "
		    "headless commands (\"trustwalk --help\") in scripts");
		return -1;
	} else {
		term_catch_signals();
		if (initscr() == NULL) {
			*errp = xstrdup("cannot start curses on this terminal; "
			    "check TERM");
			return -1;
		}
	}
	term_running = 1;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	term_define_keys();
	/* Esc alone is a key of its own: wait at most 25 ms for more. */
	set_escdelay(25);
	curs_set(0);
	term_ncolors = 0;
	if (!opts->no_color && has_colors() && start_color() == OK) {
		use_default_colors();
		term_ncolors = COLORS;
	}
	if (opts->mouse && opts->replay == NULL) {
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
		    BUTTON5_PRESSED, NULL);
		mouseinterval(0);
	}
	return 0;
}

void
term_stop(void)
{
	if (!term_running)
		return;
	endwin();
	term_drain();
	term_running = 0;
	free(term_last);
	term_last = NULL;
	if (term_screen != NULL) {
		delscreen(term_screen);
		term_screen = NULL;
	}
	if (term_out != NULL)
		fclose(term_out);
	if (term_in != NULL)
		fclose(term_in);
	if (term_replay != NULL)
		fclose(term_replay);
	if (term_pipe_rd >= 0)
		close(term_pipe_rd);
	term_pipe_rd = -1;
	term_out = term_in = term_replay = NULL;
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

/* Fit a theme colour to what the terminal has (theme_fit_color()). */
static short
term_fit_color(int c, attr_t *attrs)
{
	int	 bold = 0;
	int	 fit = theme_fit_color(c, term_ncolors, &bold);

	if (bold)
		*attrs |= A_BOLD;
	return (short)fit;
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

/* A mouse event as a key: a click, the wheel, or nothing. */
static int
term_map_mouse(void)
{
	MEVENT	 ev;

	if (getmouse(&ev) != OK)
		return TERM_KEY_NONE;
	if (ev.bstate & BUTTON4_PRESSED)
		return TERM_KEY_WHEEL_UP;
	if (ev.bstate & BUTTON5_PRESSED)
		return TERM_KEY_WHEEL_DOWN;
	if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
		term_mouse_x = ev.x;
		term_mouse_y = ev.y;
		return TERM_KEY_CLICK;
	}
	return TERM_KEY_NONE;
}

/*
 * The next key of the replay file: a line "<Name>" is a named key, any
 * other line types its characters one by one.
 */
static int
term_replay_key(void)
{
	const char	*p;
	uint32_t	 cp;
	size_t		 i, len;

	for (;;) {
		if (term_replay_line[term_replay_pos] != '\0') {
			p = term_replay_line + term_replay_pos;
			len = utf8_decode((const unsigned char *)p, strlen(p), &cp);
			if (len == 0)
				len = 1, cp = '?';
			term_replay_pos += len;
			return (int)cp;
		}
		if (fgets(term_replay_line, sizeof(term_replay_line),
		    term_replay) == NULL)
			return TERM_KEY_END_OF_REPLAY;
		term_replay_line[strcspn(term_replay_line, "\n")] = '\0';
		term_replay_pos = 0;
		for (i = 0; i < TERM_NKEY_NAMES; i++) {
			if (strcmp(term_replay_line, term_key_names[i].name)
			    == 0) {
				term_replay_line[0] = '\0';
				return term_key_names[i].key;
			}
		}
	}
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
	case KEY_MOUSE:
		return term_map_mouse();
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
	if (term_replay != NULL)
		return term_replay_key();
	timeout(timeout_ms);
	rc = get_wch(&wc);
	if (term_caught)
		return TERM_KEY_SIGNAL;
	/* Also after a timed wait, which the loop uses while computing. */
	if (rc == ERR && timeout_ms != 0 && term_hung_up()) {
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

void
term_mouse(int *x, int *y)
{
	*x = term_mouse_x;
	*y = term_mouse_y;
}

unsigned long long
term_bytes(void)
{
	return term_nbytes;
}

const char *
term_key_name(int key, char *buf)
{
	size_t	 i, n;

	for (i = 0; i < TERM_NKEY_NAMES; i++) {
		if (term_key_names[i].key == key) {
			snprintf(buf, 16, "%s", term_key_names[i].name);
			return buf;
		}
	}
	if (key > 0x20 && key < TERM_KEY_BASE) {
		n = utf8_encode(buf, (uint32_t)key);
		buf[n] = '\0';
	} else
		snprintf(buf, 16, "<%d>", key);
	return buf;
}

void
term_clipboard(const char *text)
{
	static const char	 b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char	*p = (const unsigned char *)text;
	size_t			 n = strlen(text), i, o = 0;
	char			*out;
	uint32_t		 w;

	out = xmalloc(16 + (n + 2) / 3 * 4);
	o = (size_t)sprintf(out, "\033]52;c;");
	for (i = 0; i < n; i += 3) {
		w = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			w |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			w |= p[i + 2];
		out[o++] = b64[(w >> 18) & 63];
		out[o++] = b64[(w >> 12) & 63];
		out[o++] = i + 1 < n ? b64[(w >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? b64[w & 63] : '=';
	}
	out[o++] = '\a';
	if (term_out != NULL) {
		fwrite(out, 1, o, term_out);
		fflush(term_out);
		term_drain();
	} else if (write(STDOUT_FILENO, out, o) == -1) {
		/* The clipboard is a convenience: nothing to undo. */
	}
	free(out);
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
	term_drain();
}
