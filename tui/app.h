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
#include <stdint.h>

#include "blast.h"
#include "cancel.h"
#include "canvas.h"
#include "prompt.h"
#include "scenario.h"
#include "theme.h"

struct annot;
struct app_blast_job;
struct cli;
struct findings;
struct model;
struct revoke_index;
struct store;
struct app;
struct view;

/* Key handler results. */
#define APP_HANDLED	0x1
#define APP_REDRAW	0x2
#define APP_QUIT	0x4

#define APP_STACK_MAX	256
#define APP_PENDING_MAX	32	/* keys typed during a computation */

/* States of the blast radius columns and of the findings. */
enum app_blast_state {
	APP_BLAST_STALE,	/* not computed for the current scenario */
	APP_BLAST_RUNNING,	/* being computed on a background thread */
	APP_BLAST_READY,
	APP_BLAST_CANCELLED	/* stopped or failed; 'R' starts it again */
};

struct view_ops {
	const char	*name;
	/* Draw into rows top to top + height - 1 of the canvas. */
	void		(*draw)(struct view *, struct app *, struct canvas *,
			    int top, int height);
	int		(*key)(struct view *, struct app *, int key);
	/* Text for the status line when the view has the keyboard. */
	const char	*(*hint)(struct view *);
	void		(*free)(struct view *);
	/*
	 * The node and edge under the cursor, -1 for none (optional). The
	 * shared keys (reach, who-can, path, what-if, tier zero) act on it.
	 */
	void		(*selected)(struct view *, struct app *, int64_t *node,
			    int64_t *edge);
	/* Recompute after the scenario changed (optional). */
	void		(*refresh)(struct view *, struct app *);
	/*
	 * Go on with work left over from a key, such as filtering a large
	 * list, for a few milliseconds while no key waits (optional).
	 * Returns 1 while work remains.
	 */
	int		(*idle)(struct view *, struct app *);
	/* The filter the view applies, for the header, or NULL (optional). */
	const char	*(*filter)(struct view *);
	/* A question or overlay: opening it keeps the forward history. */
	int		 transient;
	/*
	 * The view shows the blast radius: it is refreshed when the
	 * columns computed in the background arrive.
	 */
	int		 shows_blast;
};

/*
 * Findings, provided by the findings engine once it has run on the
 * model; all NULL until then, and the interface shows "findings not
 * computed". The engine fills this in before app_run() (or through
 * compute, which the interface calls when findings are first needed).
 */
struct app_findings {
	void		*ctx;
	/* Per node: the number of findings on it (model->nnodes entries). */
	const uint32_t	*count;
	/* Per node: 1 + the highest severity of those (0: none), or NULL. */
	const uint8_t	*top;
	/* 1 when node v has a finding of rule (NULL: of any rule). */
	int		(*has_rule)(void *ctx, size_t v, const char *rule);
	/*
	 * Call fn for each finding on node v, with its rule, severity and a
	 * one-line summary (untrusted text: the caller sanitises it).
	 */
	void		(*each)(void *ctx, size_t v,
			    void (*fn)(void *arg, const char *rule,
			    const char *severity, const char *summary),
			    void *arg);
	/*
	 * Findings per snapshot, oldest first: fills up to max pairs of
	 * snapshot id and count, returns how many. NULL when unknown.
	 */
	size_t		(*per_snapshot)(void *ctx, int64_t *snap,
			    uint32_t *count, size_t max);
	/* Compute the findings now (optional); 0, or -1 with *errp. */
	int		(*compute)(struct app *, char **errp);
	/* The findings view (optional): the F key and :findings open it. */
	struct view	*(*view)(struct app *);
};

struct view {
	const struct view_ops	*ops;
	void			*data;
	unsigned		 gen;	/* scenario generation last shown */
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
	struct view	*forward[APP_STACK_MAX];	/* views left with back */
	size_t		 nforward;
	char		*status;	/* one-shot message, or NULL */
	int		 status_error;
	int		 sanitize_opts;	/* SANITIZE_ASCII in ASCII mode */
	struct annot	*annot;		/* notes, tags, review states */
	char		*view_name;	/* "as of ...", or NULL for current */

	/* Analyses: the scenario, and the blast radius columns for it. */
	struct scenario	 sc;
	struct blast	 blast;
	int		 blast_state;	/* enum app_blast_state */
	unsigned	 blast_gen;	/* scenario generation computed */
	struct app_blast_job *blast_job; /* computing it, or NULL */
	int64_t		 mark;		/* start of the next path, or -1 */

	/* The findings for the scenario (app_findings.c). */
	struct findings	*fdata;
	int		 fdata_state;	/* enum app_blast_state */
	unsigned	 fdata_gen;	/* scenario generation */
	unsigned	 fdata_serial;	/* bumped by each evaluation */
	struct prompt	 kinds;		/* the 'e' edge-kind prompt */

	/* Long computations: the cancel hook and what it saw. */
	struct cancel	 cancel;
	int		 cancelled;	/* Esc stopped the last computation */
	int		 quit;		/* a signal arrived while computing */
	int64_t		 work_start;	/* ms, when the computation began */
	int64_t		 work_polled;	/* ms, last keyboard poll */
	int64_t		 work_drawn;	/* ms, last progress line */
	int		 pending[APP_PENDING_MAX];
	size_t		 npending;

	struct app_findings findings;

	/* The rights index of the card's revokers, built on first use. */
	struct revoke_index *revoke;

	/* Terminal features. */
	int		 clipboard;	/* copy with OSC 52 */
	int		 mouse_x;	/* cell of the last click */
	int		 mouse_y;
	int		 replay;	/* keys come from a replay file */
	int64_t		 key_at_us;	/* when the key being handled came */
	char		 key_name[16];	/* and its name, for the replay log */
};

/* Put a view on top of the stack (dropping the oldest when full). */
void	 app_push(struct app *, struct view *);

/* Close the top view, unless it is the last one. Returns 1 if closed. */
int	 app_pop(struct app *);

/*
 * Step back: close the top view but keep it for app_forward(). Returns 1
 * when there was a view to leave.
 */
int	 app_back(struct app *);

/* Open again the view the last app_back() left; 1 when there was one. */
int	 app_forward(struct app *);

/* Load theme name and apply it; 0, or -1 with a status message. */
int	 app_set_theme(struct app *, const char *name);

/* The node the top view has selected, or -1. */
int64_t	 app_selected(struct app *);

/* Copy text to the clipboard with OSC 52 when enabled; status either way. */
void	 app_copy(struct app *, const char *what, const char *text);

/*
 * The findings, computing them first when the engine offers that;
 * NULL when none are available ("findings not computed").
 */
const struct app_findings *app_findings(struct app *);

/*
 * The findings of the current scenario when they have been computed,
 * else NULL. Unlike app_findings(), it never computes them.
 */
const struct app_findings *app_findings_known(struct app *);

/* The findings view, or NULL with a status message when unavailable. */
struct view	*app_findings_view(struct app *);

/* Show a message on the status line until the next key. */
void	 app_status(struct app *, int error, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * The case file part of the interface (app_case.c): the journal and the
 * annotations the analyst writes from the views.
 */

/*
 * Record a step in the journal (fields as for journal_record()). Does
 * nothing on a read-only case; a failure shows on the status line.
 */
void	 app_case_journal(struct app *, const char *action, const char *key,
	    const char *const *fields);

/* 1 when the analyst may write to the case, else 0 with a status message. */
int	 app_case_writable(struct app *);

/* Reload the annotations after a write; 0, or -1 with a status message. */
int	 app_case_reload(struct app *);

/*
 * Start a computation that may run long: returns the cancel hook to pass
 * to the analysis. While it runs, the hook reads the keyboard (Esc
 * cancels, other keys wait for the loop) and repaints a progress line.
 */
const struct cancel *app_work(struct app *);

/*
 * The blast radius of the background computation (app_blast.c).
 */

/*
 * The blast radius columns for the current scenario, or NULL until they
 * are known. When they are stale, this starts computing them on a
 * thread of its own and returns NULL; app_blast_poll() takes the result
 * when the thread is done, and the views with shows_blast set are
 * refreshed.
 */
const struct blast *app_blast(struct app *);

/* The columns when they are known for the current scenario, else NULL. */
const struct blast *app_blast_known(const struct app *);

/* The percentage done while the columns are being computed, else -1. */
int	 app_blast_progress(const struct app *);

/*
 * Called by the event loop before each repaint: stop a computation the
 * scenario has made stale, and take the result of a finished one (in
 * replay mode only at the key <Blast>, see app_blast_wait()). Returns 1
 * when it took a result.
 */
int	 app_blast_poll(struct app *);

/* Wait for the running computation and take its result (replay mode). */
void	 app_blast_wait(struct app *);

/* Stop the running computation, if any, and wait for its thread to end. */
void	 app_blast_stop(struct app *);

/*
 * The findings for the current scenario, evaluating them first when
 * stale. Returns NULL while they are cancelled or could not be
 * evaluated, and the status line shows why.
 */
const struct findings *app_findings_data(struct app *);

/* Connect the findings engine to the interface's findings hooks. */
void	 app_findings_install(struct app *);

/* Evaluate the findings again on next use (after an acceptance). */
void	 app_findings_reset(struct app *);

/* Free the findings; for the end of the interface. */
void	 app_findings_free(struct app *);

/*
 * Make a view for ops and data, marked as showing the current scenario
 * (stale set: as needing a refresh before it is used).
 */
struct view	*app_view(struct app *, const struct view_ops *, void *data,
		    int stale);

/* Ask the top view to recompute before the next key. */
void	 app_refresh(struct app *);

/*
 * Move the last igraph error or warning (model_igraph_message()) to the
 * status line, so that the interface stays up and shows it. The loop
 * calls it before each redraw.
 */
void	 app_check_igraph(struct app *);

/* Run the event loop until the analyst quits; returns an exit code. */
int	 app_run(struct app *);

#endif
