/*
 * Private parts of the store shared by store.c and store_writer.c.
 */
#ifndef STORE_INT_H
#define STORE_INT_H

#include <sqlite3.h>

#define STORE_APPLICATION_ID	0x74776b31	/* "twk1" */

/* One snapshot of the view the store reads. */
struct store_current {
	int64_t		 id;
	char		*source;
	int64_t		 imported_at;
	int64_t		 edge_first;
	int64_t		 edge_last;
};

struct store {
	sqlite3			*db;
	char			*path;
	int			 read_only;
	int			 wal_skipped;	/* see store_ro_open() */
	int			 in_tx;	/* inside store_begin() */
	struct store_writer	*writer;
	struct store_current	*cur;	/* snapshots of the view, or NULL */
	size_t			 ncur;
	struct store_view	 view;	/* which snapshots cur holds */
	int64_t			 schema;	/* user_version of the file */
	/*
	 * Prepared statements kept between uses: the last writer's five,
	 * handed to the next writer, and store_node_attrs()'s query.
	 */
	sqlite3_stmt		*writer_stmts[5];
	sqlite3_stmt		*attrs_stmt;
	sqlite3_stmt		*event_put;	/* store_event_put() */
	size_t			 writer_batch;	/* bytes; 0 for the default */
};

int	 store_fail(struct store *, char **, const char *);
int	 store_exec(struct store *, const char *, char **);
int	 store_prepare(struct store *, const char *, sqlite3_stmt **,
	    char **);
void	 store_current_free(struct store *);
int	 store_begin_write(struct store *, char **);
char	*store_column_dup(sqlite3_stmt *, int);

/* store.c: load the snapshots of the view once. */
int	 store_current(struct store *, char **);

/*
 * store_writer.c, for store.c and store_event.c. store_writer_sync()
 * waits until the writing thread has run every command, so that the
 * caller may use the connection (see store_queue.h).
 */
int	 store_writer_sync(struct store_writer *, char **);
struct store *store_writer_store(struct store_writer *);

/*
 * store_event.c, run by the writing thread: insert one event of snapshot
 * snap. kids are the key ids of its actor, credential and target, 0 for
 * none. Returns 0, or -1 with *errp set.
 */
int	 store_event_put(struct store *, int64_t snap, int64_t seq,
	    const struct record_event *, const int64_t kids[3], char **);

/* store_view.c: read the snapshots of s->view into s->cur. */
int	 store_view_load(struct store *, char **);

/* store_migrate.c: upgrade the schema from version from to the latest. */
int	 store_migrate(struct store *, int64_t from, char **);

/*
 * Open the case at path read-only without creating a file (store_ro.c).
 * Sets *wal_skipped when the case has a -wal file that could not be
 * read, so the changes in it are missing. Returns 0, or -1 with *errp
 * set.
 */
int	 store_ro_open(const char *path, sqlite3 **db, int *wal_skipped,
	    char **errp);

#endif
