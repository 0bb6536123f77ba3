/*
 * The terminal adapter: the only code that includes curses. It starts
 * and stops curses, turns themes into colour pairs, reads keys and copies
 * a canvas to the screen, repainting only rows that changed.
 */
#ifndef TERM_H
#define TERM_H

struct canvas;
struct theme;

/* Keys beyond Unicode code points. */
enum term_key {
	TERM_KEY_NONE = -1,	/* timeout, no key */
	TERM_KEY_BASE = 0x110000,
	TERM_KEY_UP,
	TERM_KEY_DOWN,
	TERM_KEY_LEFT,
	TERM_KEY_RIGHT,
	TERM_KEY_PGUP,
	TERM_KEY_PGDN,
	TERM_KEY_HOME,
	TERM_KEY_END,
	TERM_KEY_ENTER,
	TERM_KEY_BACKSPACE,
	TERM_KEY_ESC,
	TERM_KEY_TAB,
	TERM_KEY_BTAB,
	TERM_KEY_DELETE,
	TERM_KEY_RESIZE,
	TERM_KEY_SIGNAL,	/* SIGINT, SIGTERM or SIGHUP arrived, or
				   the terminal hung up */
	TERM_KEY_F1,
	TERM_KEY_CLICK,		/* a mouse click; term_mouse() tells where */
	TERM_KEY_WHEEL_UP,
	TERM_KEY_WHEEL_DOWN,
	TERM_KEY_END_OF_REPLAY,	/* the replay file has no more keys */
	TERM_KEY_IDLE,		/* replay: finish the view's idle work */
	TERM_KEY_BLAST		/* replay: wait for the blast radius */
};

#define TERM_CTRL(c)	((c) & 0x1f)

struct term_options {
	int	 no_color;	/* NO_COLOR or a monochrome theme */
	int	 mouse;		/* report clicks and the wheel */
	/*
	 * Read keys from this file instead of the terminal, and count the
	 * bytes written to the terminal (term_bytes()); NULL for a terminal.
	 */
	const char *replay;
};

/* Start curses on the controlling terminal. Returns 0, or -1 with *errp. */
int	 term_start(const struct term_options *, char **errp);

/* Restore the terminal; safe to call twice. */
void	 term_stop(void);

/* Restore the terminal from a fatal path; async-signal tolerant. */
void	 term_emergency_restore(void);

/* Number of colours the terminal supports (0 when colour is off). */
int	 term_colors(void);

/* Set up colour pairs for the theme. */
void	 term_apply_theme(const struct theme *);

void	 term_size(int *w, int *h);

/* Wait up to timeout_ms (-1: forever) for a key; TERM_KEY_NONE if none. */
int	 term_read_key(int timeout_ms);

/* Copy the canvas to the screen; force repaints every row. */
void	 term_draw(const struct canvas *, int force);

/* The signal that stopped term_read_key(), or 0. */
int	 term_signal(void);

/* The cell of the last TERM_KEY_CLICK. */
void	 term_mouse(int *x, int *y);

/*
 * Put text on the terminal's clipboard with an OSC 52 sequence. Only the
 * base64 form of text is written, never the text itself.
 */
void	 term_clipboard(const char *text);

/* Bytes written to the terminal so far (counted in replay mode only). */
unsigned long long term_bytes(void);

/* The name of a key for logs, such as "j" or "<Down>", into buf (16). */
const char *term_key_name(int key, char *buf);

#endif
