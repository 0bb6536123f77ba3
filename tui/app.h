/*
 * The interactive application: one context passed to every view, the
 * stack of views the analyst has walked through, and the event loop.
 *
 * Views are a small table of callbacks (struct view_ops). Key handlers
 * return APP_* flags and the loop redraws at most once per key.
 */
#ifndef APP_H
#define APP_H

#include <stddef.h>

#include "canvas.h"
#include "theme.h"

struct cli;
struct model;
struct store;
struct app;
struct view;

/* Key handler results. */
#define APP_HANDLED	0x1
#define APP_REDRAW	0x2
#define APP_QUIT	0x4

#define APP_STACK_MAX	256

struct view_ops {
	const char	*name;
	/* Draw into rows top to top + height - 1 of the canvas. */
	void		(*draw)(struct view *, struct app *, struct canvas *,
			    int top, int height);
	int		(*key)(struct view *, struct app *, int key);
	/* Text for the status line when the view has the keyboard. */
	const char	*(*hint)(struct view *);
	void		(*free)(struct view *);
};

struct view {
	const struct view_ops	*ops;
	void			*data;
};

struct app {
	struct cli	*cli;
	struct store	*store;
	struct model	*model;
	struct theme	 theme;
	struct canvas	 canvas;
	char		*case_name;	/* shown in the header */
	struct view	*stack[APP_STACK_MAX];
	size_t		 depth;
	char		*status;	/* one-shot message, or NULL */
	int		 status_error;
	int		 sanitize_opts;	/* SANITIZE_ASCII in ASCII mode */
};

/* Put a view on top of the stack (dropping the oldest when full). */
void	 app_push(struct app *, struct view *);

/* Close the top view, unless it is the last one. Returns 1 if closed. */
int	 app_pop(struct app *);

/* Show a message on the status line until the next key. */
void	 app_status(struct app *, int error, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * Move the last igraph error or warning (model_igraph_message()) to the
 * status line, so that the interface stays up and shows it. The loop
 * calls it before each redraw.
 */
void	 app_check_igraph(struct app *);

/* Run the event loop until the analyst quits; returns an exit code. */
int	 app_run(struct app *);

#endif
