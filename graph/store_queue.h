/*
 * A queue of byte batches from one producer to one consumer, which runs
 * on a thread of its own once the first batch is full. The import writer
 * (store_writer.c) uses it so that SQLite inserts run on the second core
 * while the importer parses the next records.
 *
 * The producer appends bytes to the current batch. A full batch is handed
 * to the consumer; the producer waits only when STORE_QUEUE_DEPTH batches
 * are already waiting. store_queue_sync() hands over what is left and
 * waits until the consumer is idle, after which the producer may use what
 * the consumer uses (the SQLite connection) until it appends again. An
 * import smaller than one batch never starts the thread: sync runs the
 * consumer inline.
 *
 * The consumer returns -1 with an allocated message to fail. Its later
 * batches are then dropped, and the next store_queue_flush() or
 * store_queue_sync() returns that message.
 */
#ifndef STORE_QUEUE_H
#define STORE_QUEUE_H

#include <stddef.h>
#include <stdint.h>

/* Batches handed over and not yet consumed before the producer waits. */
#define STORE_QUEUE_DEPTH	3

/* Default batch size in bytes. */
#define STORE_QUEUE_BATCH	(1u << 20)

struct store_queue;

/* Consume one batch; returns 0, or -1 with *errp set (allocated). */
typedef int (*store_queue_fn)(void *ctx, const unsigned char *buf,
	    size_t len, char **errp);

/*
 * Make a queue that hands batches of about batch bytes to fn. Never
 * fails: out of memory is fatal.
 */
struct store_queue *store_queue_create(store_queue_fn fn, void *ctx,
		    size_t batch);

/* Stop the consumer thread, dropping unconsumed batches, and free. */
void		 store_queue_free(struct store_queue *);

/* Append bytes to the current batch. */
void		 store_queue_add(struct store_queue *, const void *, size_t);

/*
 * Hand the current batch over when it is full. Returns 0, or -1 with
 * *errp set when the consumer has failed.
 */
int		 store_queue_flush(struct store_queue *, char **errp);

/*
 * Hand over the current batch and wait until every batch is consumed.
 * Returns 0, or -1 with *errp set when the consumer has failed.
 */
int		 store_queue_sync(struct store_queue *, char **errp);

#endif
