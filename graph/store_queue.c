/*
 * The producer-consumer queue of byte batches (see store_queue.h).
 *
 * Batches waiting for the consumer sit in a ring under the mutex. The
 * consumer takes the oldest, runs the callback without the lock, and
 * puts the buffer on a spare list for the producer to fill again, so a
 * long import reuses the same few buffers.
 */
#include "store_queue.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xalloc.h"

struct store_batch {
	unsigned char	*buf;
	size_t		 len;
	size_t		 cap;
};

struct store_queue {
	store_queue_fn		 fn;
	void			*ctx;
	size_t			 batch;
	struct store_batch	 cur;		/* the producer's */

	pthread_mutex_t		 lock;
	pthread_cond_t		 wake;		/* work, or stop */
	pthread_cond_t		 done;		/* a batch was consumed */
	struct store_batch	 ring[STORE_QUEUE_DEPTH];
	size_t			 head;		/* oldest waiting batch */
	size_t			 count;		/* batches waiting */
	struct store_batch	 spare[STORE_QUEUE_DEPTH + 1];
	size_t			 nspare;
	int			 busy;		/* consumer inside fn */
	int			 stop;
	int			 started;
	pthread_t		 thread;
	char			*err;		/* the consumer's failure */
};

/*
 * Take a spare buffer for the next batch, or a new one. Call with the
 * lock held.
 */
static void
store_queue_fresh(struct store_queue *q)
{
	if (q->nspare > 0)
		q->cur = q->spare[--q->nspare];
	else
		memset(&q->cur, 0, sizeof(q->cur));
	q->cur.len = 0;
}

/*
 * Keep a consumed buffer for reuse, or free it. Call with the lock
 * held.
 */
static void
store_queue_recycle(struct store_queue *q, struct store_batch *b)
{
	if (q->nspare < STORE_QUEUE_DEPTH + 1)
		q->spare[q->nspare++] = *b;
	else
		free(b->buf);
	memset(b, 0, sizeof(*b));
}

static void *
store_queue_main(void *arg)
{
	struct store_queue	*q = arg;
	struct store_batch	 b;
	char			*err = NULL;
	int			 rc;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (q->count == 0 && !q->stop)
			pthread_cond_wait(&q->wake, &q->lock);
		if (q->stop)
			break;
		b = q->ring[q->head];
		q->head = (q->head + 1) % STORE_QUEUE_DEPTH;
		q->count--;
		q->busy = 1;

		/* A failed consumer drops the rest without running fn. */
		if (q->err == NULL) {
			pthread_mutex_unlock(&q->lock);
			rc = q->fn(q->ctx, b.buf, b.len, &err);
			pthread_mutex_lock(&q->lock);
			if (rc == -1 && q->err == NULL) {
				q->err = err != NULL ? err :
				    xstrdup("the import writer failed");
				log_debug("batch of %zu bytes failed: %s",
				    b.len, q->err);
			} else if (rc == -1)
				free(err);
			err = NULL;
		}
		store_queue_recycle(q, &b);
		q->busy = 0;
		pthread_cond_broadcast(&q->done);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

struct store_queue *
store_queue_create(store_queue_fn fn, void *ctx, size_t batch)
{
	struct store_queue	*q;

	q = xcalloc(1, sizeof(*q));
	q->fn = fn;
	q->ctx = ctx;
	q->batch = batch > 0 ? batch : STORE_QUEUE_BATCH;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->wake, NULL);
	pthread_cond_init(&q->done, NULL);
	return q;
}

void
store_queue_free(struct store_queue *q)
{
	size_t	 i;

	if (q == NULL)
		return;
	if (q->started) {
		pthread_mutex_lock(&q->lock);
		q->stop = 1;
		pthread_cond_signal(&q->wake);
		pthread_mutex_unlock(&q->lock);
		pthread_join(q->thread, NULL);
	}
	for (i = 0; i < q->count; i++)
		free(q->ring[(q->head + i) % STORE_QUEUE_DEPTH].buf);
	for (i = 0; i < q->nspare; i++)
		free(q->spare[i].buf);
	free(q->cur.buf);
	free(q->err);
	pthread_cond_destroy(&q->done);
	pthread_cond_destroy(&q->wake);
	pthread_mutex_destroy(&q->lock);
	free(q);
}

void
store_queue_add(struct store_queue *q, const void *p, size_t n)
{
	struct store_batch	*b = &q->cur;

	if (b->len + n > b->cap) {
		b->cap = b->cap == 0 ? q->batch + 4096 : b->cap;
		while (b->len + n > b->cap)
			b->cap *= 2;
		b->buf = xrealloc(b->buf, b->cap);
	}
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}

/* Copy the consumer's failure for the caller. Call with the lock held. */
static int
store_queue_failed(struct store_queue *q, char **errp)
{
	if (q->err == NULL)
		return 0;
	*errp = xstrdup(q->err);
	return -1;
}

/*
 * Put the current batch on the ring, starting the thread the first time
 * and waiting while the ring is full.
 */
static int
store_queue_handover(struct store_queue *q, char **errp)
{
	int	 rc;

	pthread_mutex_lock(&q->lock);
	if (!q->started) {
		if (pthread_create(&q->thread, NULL, store_queue_main, q) !=
		    0) {
			pthread_mutex_unlock(&q->lock);
			*errp = xstrdup("cannot start the import writer "
			    "thread");
			return -1;
		}
		q->started = 1;
	}
	while (q->count == STORE_QUEUE_DEPTH && q->err == NULL)
		pthread_cond_wait(&q->done, &q->lock);
	if ((rc = store_queue_failed(q, errp)) == 0) {
		q->ring[(q->head + q->count) % STORE_QUEUE_DEPTH] = q->cur;
		q->count++;
		pthread_cond_signal(&q->wake);
	} else
		store_queue_recycle(q, &q->cur);
	store_queue_fresh(q);
	pthread_mutex_unlock(&q->lock);
	return rc;
}

int
store_queue_flush(struct store_queue *q, char **errp)
{
	if (q->cur.len < q->batch)
		return 0;
	return store_queue_handover(q, errp);
}

int
store_queue_sync(struct store_queue *q, char **errp)
{
	int	 rc;

	/* Without a thread, the consumer runs here. */
	if (!q->started) {
		if (q->err != NULL)
			return store_queue_failed(q, errp);
		if (q->cur.len == 0)
			return 0;
		rc = q->fn(q->ctx, q->cur.buf, q->cur.len, errp);
		q->cur.len = 0;
		if (rc == -1)
			q->err = xstrdup(*errp);
		return rc;
	}

	if (q->cur.len > 0 && store_queue_handover(q, errp) == -1)
		return -1;
	pthread_mutex_lock(&q->lock);
	while ((q->count > 0 || q->busy) && q->err == NULL)
		pthread_cond_wait(&q->done, &q->lock);
	rc = store_queue_failed(q, errp);
	pthread_mutex_unlock(&q->lock);
	return rc;
}
