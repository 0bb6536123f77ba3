/*
 * The blast radius columns of the interface, computed on a thread of
 * their own so that no key waits for them: on a million nodes and ten
 * million edges blast_compute() takes minutes of CPU.
 *
 * The thread runs blast_compute() on the model, which nothing changes
 * while the interface runs, and on its own copies of the scenario's
 * switches and tier-zero marks. It touches neither the case's SQLite
 * connection nor igraph nor curses, and takes no signals. The interface
 * thread sets the job's stop flag when the scenario changes or the
 * interface ends, and joins the thread, which ends at its next poll
 * (blast_compute() polls every 65,536 steps). The interface thread also
 * moves a finished result into struct app (app_blast_poll()), so views
 * only ever read columns no other thread writes.
 */
#include "app.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "bitset.h"
#include "model.h"
#include "xalloc.h"

/* One computation of the columns for one scenario generation. */
struct app_blast_job {
	pthread_t		 thread;
	const struct model	*m;
	struct reach_filter	 f;		/* over the copies below */
	uint64_t		*node_off;	/* copied from the scenario */
	uint64_t		*edge_off;
	uint64_t		*tier_zero;
	struct cancel		 cancel;
	unsigned		 gen;		/* scenario generation */
	atomic_int		 stop;		/* set by the interface */
	atomic_int		 done;		/* set by the job's thread */
	atomic_int		 permille;	/* progress, 0 to 1000 */
	/* Written by the job's thread; read after it is done. */
	struct blast		 result;
	int			 rc;
};

/* The job's cancel hook: record the progress, stop when asked. */
static int
app_blast_job_poll(void *ctx, const char *what, double done)
{
	struct app_blast_job	*j = ctx;

	(void)what;
	if (done >= 0)
		atomic_store_explicit(&j->permille, (int)(done * 1000),
		    memory_order_relaxed);
	return atomic_load_explicit(&j->stop, memory_order_relaxed);
}

static void *
app_blast_job_main(void *arg)
{
	struct app_blast_job	*j = arg;

	j->rc = blast_compute(&j->result, j->m, &j->f, j->tier_zero,
	    &j->cancel);
	atomic_store(&j->done, 1);
	return NULL;
}

/* A copy of the set of n bits, or NULL for none. */
static uint64_t *
app_blast_copy_set(const uint64_t *set, size_t n)
{
	uint64_t	*copy;

	if (set == NULL)
		return NULL;
	copy = bitset_alloc(n);
	memcpy(copy, set, bitset_words(n) * sizeof(*copy));
	return copy;
}

static void
app_blast_job_free(struct app_blast_job *j)
{
	blast_free(&j->result);
	free(j->node_off);
	free(j->edge_off);
	free(j->tier_zero);
	free(j);
}

/*
 * Start the thread for the current scenario. Without a thread the
 * columns stay cancelled and the status line shows why.
 */
static void
app_blast_start(struct app *a)
{
	const struct model	*m = a->model;
	struct app_blast_job	*j = xcalloc(1, sizeof(*j));
	struct reach_filter	 f;
	sigset_t		 all, saved;
	int			 rc;

	scenario_filter(&a->sc, &f);
	j->m = m;
	j->node_off = app_blast_copy_set(f.node_off, m->nnodes);
	j->edge_off = app_blast_copy_set(f.edge_off, m->nedges);
	j->tier_zero = app_blast_copy_set(a->sc.tier_zero, m->nnodes);
	j->f.kinds = f.kinds;
	j->f.node_off = j->node_off;
	j->f.edge_off = j->edge_off;
	j->cancel.poll = app_blast_job_poll;
	j->cancel.ctx = j;
	j->gen = a->sc.gen;
	atomic_init(&j->stop, 0);
	atomic_init(&j->done, 0);
	atomic_init(&j->permille, 0);

	/* The new thread inherits the mask: signals go to the interface. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &saved);
	rc = pthread_create(&j->thread, NULL, app_blast_job_main, j);
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
	a->blast_gen = a->sc.gen;
	if (rc != 0) {
		app_blast_job_free(j);
		a->blast_state = APP_BLAST_CANCELLED;
		app_status(a, 1, "cannot start a thread for the blast radius: "
		    "%s; R tries again", strerror(rc));
		return;
	}
	a->blast_job = j;
	a->blast_state = APP_BLAST_RUNNING;
}

const struct blast *
app_blast(struct app *a)
{
	if (a->blast_gen == a->sc.gen && a->blast_state == APP_BLAST_READY)
		return &a->blast;
	if (a->blast_gen == a->sc.gen && a->blast_state != APP_BLAST_STALE)
		return NULL;
	app_blast_stop(a);
	blast_free(&a->blast);
	app_blast_start(a);
	return NULL;
}

const struct blast *
app_blast_known(const struct app *a)
{
	if (a->blast_gen == a->sc.gen && a->blast_state == APP_BLAST_READY)
		return &a->blast;
	return NULL;
}

int
app_blast_progress(const struct app *a)
{
	if (a->blast_job == NULL)
		return -1;
	return atomic_load_explicit(&a->blast_job->permille,
	    memory_order_relaxed) / 10;
}

void
app_blast_stop(struct app *a)
{
	struct app_blast_job	*j = a->blast_job;

	if (j == NULL)
		return;
	atomic_store(&j->stop, 1);
	pthread_join(j->thread, NULL);
	app_blast_job_free(j);
	a->blast_job = NULL;
	if (a->blast_state == APP_BLAST_RUNNING)
		a->blast_state = APP_BLAST_STALE;
}

/* Mark every view that shows the columns for a refresh. */
static void
app_blast_refresh_views(struct app *a)
{
	size_t	 i;

	for (i = 0; i < a->depth; i++) {
		if (a->stack[i]->ops->shows_blast)
			a->stack[i]->gen = a->sc.gen - 1;
	}
	for (i = 0; i < a->nforward; i++) {
		if (a->forward[i]->ops->shows_blast)
			a->forward[i]->gen = a->sc.gen - 1;
	}
}

/* Join the finished thread of the current scenario and take its columns. */
static void
app_blast_take(struct app *a)
{
	struct app_blast_job	*j = a->blast_job;

	pthread_join(j->thread, NULL);
	a->blast_job = NULL;
	blast_free(&a->blast);
	a->blast = j->result;
	memset(&j->result, 0, sizeof(j->result));
	/* Only the stop flag, which this thread sets, stops the job. */
	a->blast_state = j->rc == 0 ? APP_BLAST_READY : APP_BLAST_STALE;
	app_blast_job_free(j);
	app_blast_refresh_views(a);
}

int
app_blast_poll(struct app *a)
{
	struct app_blast_job	*j = a->blast_job;

	if (j == NULL)
		return 0;
	if (j->gen != a->sc.gen) {
		app_blast_stop(a);
		return 0;
	}
	if (a->replay || !atomic_load(&j->done))
		return 0;
	app_blast_take(a);
	return 1;
}

void
app_blast_wait(struct app *a)
{
	struct app_blast_job	*j = a->blast_job;

	if (j == NULL)
		return;
	if (j->gen != a->sc.gen)
		app_blast_stop(a);
	else
		app_blast_take(a);
}
