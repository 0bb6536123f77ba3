/*
 * The parts of a fetch run shared by fetch.c, the request and paging
 * code (fetch_get.c), the files (fetch_save.c), the messages
 * (fetch_progress.c) and the sources (fetch_NAME.c).
 */
#ifndef FETCH_INT_H
#define FETCH_INT_H

#include <stddef.h>
#include <stdint.h>

#include "fetch.h"
#include "fetch_http.h"
#include "json.h"
#include "strbuf.h"

/* Redirects followed for one request; each is checked like a link. */
#define FETCH_MAX_REDIRECTS	5
/* Pages read from one list before it is cut off as a loop. */
#define FETCH_MAX_PAGES		100000
/* Times a Kubernetes list restarts after 410 Gone. */
#define FETCH_MAX_RESTARTS	3
/* Maximum length of a server message kept in the manifest, in bytes. */
#define FETCH_MESSAGE_MAX	300

/* Something a fetch could not read, for the manifest. */
struct fetch_missing {
	char	*input;		/* the import it belongs to: "." or a file */
	char	*endpoint;	/* "orgs/acme/actions/secrets" */
	char	*file;		/* the file it would have gone to, or NULL */
	long	 status;	/* HTTP status, or 0 */
	char	*message;
};

struct fetch {
	const struct fetch_options	*opts;
	const struct fetch_source	*src;
	struct fetch_http		*http;
	struct fetch_origin		 origin;
	char				*base;	/* no trailing '/' */
	char				*auth;	/* the Authorization line */
	char				*dir;	/* the folder of the files */
	int				 dirfd;
	int				 temporary;
	int				 made_dir;	/* fetch_open created it */

	char				**inputs;
	size_t				 ninputs;
	char				*format;
	char				*cluster;
	char				*input;	/* missing entries go here */

	struct fetch_missing		*missing;
	size_t				 nmissing;

	uint64_t			 requests;
	uint64_t			 items;
	uint64_t			 bytes;
	double				 start;
	double				 drawn;	/* when the bar was drawn */
	int				 bar;	/* a bar is on the line */
	char				*doing;	/* the endpoint being read */
	enum fetch_status		 stop;	/* why fetch_list() stopped */
};

/* The outcome of a request or a list. */
enum fetch_outcome {
	FETCH_GOT,		/* a 2xx response of the expected shape */
	FETCH_DENIED,		/* 403 or 404: not allowed or not there */
	FETCH_GONE,		/* 410: a Kubernetes continue token expired */
	FETCH_FAILED,		/* anything else, after retries */
	FETCH_INCOMPLETE,	/* a list whose later pages failed */
	FETCH_STOPPED		/* 401, or a signal: the run stops */
};

/* The pagination scheme of a list. */
enum fetch_pager {
	FETCH_PAGER_NONE,	/* one response */
	FETCH_PAGER_LINK,	/* Link: <...>; rel="next" (GitHub) */
	FETCH_PAGER_K8S,	/* metadata.continue, 410 restarts */
	FETCH_PAGER_ODATA	/* @odata.nextLink (Microsoft Graph) */
};

/*
 * A file being written in the run's folder. It is created (mode 0600,
 * with its folders 0700) at the first write, so an endpoint that
 * returned nothing leaves no file.
 */
struct fetch_sink {
	struct fetch	*f;
	char		*rel;
	int		 fd;
	uint64_t	 len;
	size_t		 pages;
	const char	*sep;	/* written between pages */
};

/* A list to read page by page into a sink. */
struct fetch_list {
	const char		*endpoint;	/* shown and recorded */
	const char		*url;		/* the first page */
	enum fetch_pager	 pager;
	/*
	 * The records of a page: "[]" for an array, "NAME[]" for the
	 * array member NAME of an object, NULL for a page that is one
	 * record.
	 */
	const char		*items;
	json_record_fn		 on_item;	/* NULL, or each record */
	void			*ctx;
	/*
	 * Where the pages go: a file of the folder, written by
	 * fetch_list() with a newline after each page, or a sink the
	 * caller keeps open over several lists.
	 */
	const char		*file;
	struct fetch_sink	*sink;
	int			 anchor;	/* failure stops the run */
	int			 quiet_denied;	/* the caller records it */
	int			 raw;	/* any body but HTML, not only JSON */

	/* Filled by fetch_list(). */
	enum fetch_outcome	 outcome;
	long			 status;
	size_t			 pages;
	size_t			 count;
	char			*message;	/* why it is not FETCH_GOT */
};

/*
 * Read a list: request each page (with retries, rate-limit waits and
 * checked redirects), check its shape, count and pass its records to
 * on_item, write it to the sink and follow the pager. A list that is
 * denied, fails or stops early is recorded in the manifest (unless
 * quiet_denied and it was denied) and fetch_list() returns 0 with the
 * outcome set. Returns -1 with *errp set when the run must stop: the
 * anchor list failed, the credentials were rejected, a signal came, or
 * the sink could not be written.
 */
int	 fetch_list(struct fetch *, struct fetch_list *, char **errp);
void	 fetch_list_clear(struct fetch_list *);

/* The base URL followed by the formatted path ("/orgs/%s"). */
char	*fetch_url(struct fetch *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * The URL of the next page in Link header text, or NULL: the target of
 * the first link whose rel parameter lists "next". Returns an
 * allocated string.
 */
char	*fetch_link_next(const char *header);

/*
 * Parse a Retry-After value: delta seconds or an HTTP date (RFC 9110),
 * against the clock now. Returns 0 with the wait in *seconds (0 when
 * the date is past; INT64_MAX for a number too large to hold), or -1
 * when the value is neither.
 */
int	 fetch_retry_after(const char *value, int64_t now, int64_t *seconds);

/*
 * The message of an API error body: GitHub's "message", Microsoft
 * Graph's "error.message", a Kubernetes Status "message", or a word on
 * what the body is. Cut to FETCH_MESSAGE_MAX bytes. Never NULL.
 */
char	*fetch_error_message(const struct fetch_response *);

/*
 * Record something that could not be read, for the manifest and as a
 * line on the messages stream. file may be NULL.
 */
void	 fetch_missing(struct fetch *, const char *endpoint, const char *file,
	    long status, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

/* Name the import unit that later missing entries belong to. */
void	 fetch_set_input(struct fetch *, const char *rel);

/* Add a file or folder (relative to the run's folder) to import. */
void	 fetch_add_input(struct fetch *, const char *rel);

/*
 * 1 when name can be one part of a path in the folder: not empty, not
 * "." or "..", no '/', no NUL, no control character, not starting with
 * '.' (the importers skip hidden files), at most 200 bytes.
 */
int	 fetch_safe_name(const char *name);

/* A list of names or ids read from records, without repeats. */
struct fetch_names {
	char		**v;
	size_t		  n;
	struct hmap	 *seen;
};

/* Add a copy of name; returns 1 when it was new, 0 for a repeat. */
int	 fetch_names_add(struct fetch_names *, const char *name);
/* 1 when name is in the list. */
int	 fetch_names_has(const struct fetch_names *, const char *name);
void	 fetch_names_free(struct fetch_names *);

/* fetch_save.c: files in the run's folder. */
void	 fetch_sink_init(struct fetch_sink *, struct fetch *, const char *rel,
	    const char *sep);
int	 fetch_sink_write(struct fetch_sink *, const void *, size_t,
	    char **errp);
int	 fetch_sink_page(struct fetch_sink *, const void *, size_t,
	    char **errp);
/* Cut the file back to len bytes and pages pages (a restarted list). */
int	 fetch_sink_rewind(struct fetch_sink *, uint64_t len, size_t pages,
	    char **errp);
int	 fetch_sink_close(struct fetch_sink *, char **errp);
/* Write a whole file of the folder at once. */
int	 fetch_save_file(struct fetch *, const char *rel, const void *,
	    size_t, char **errp);
/* Create the folder, or open an empty --save-dir. */
enum fetch_status fetch_save_open(struct fetch *, char **errp);
/* The target of the run: an organisation, tenant, folder or URL. */
char	*fetch_save_target(const struct fetch *);
/* Write FETCH_MANIFEST. */
int	 fetch_save_manifest(struct fetch *, char **errp);
/* Remove the temporary folder and its files. */
void	 fetch_save_remove(struct fetch *);

/* fetch_progress.c: what the run shows on the messages stream. */
void	 fetch_progress_start(struct fetch *, const char *endpoint);
void	 fetch_progress_update(struct fetch *);
/* fetch_progress_update() for the HTTP client's progress callback. */
void	 fetch_progress_tick(void *);
void	 fetch_progress_done(struct fetch *, const struct fetch_list *);
void	 fetch_progress_end(struct fetch *);
/* A line about the run, always shown; masked and sanitised. */
void	 fetch_say(struct fetch *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* A line shown unless --quiet. */
void	 fetch_note(struct fetch *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
double	 fetch_clock(void);

extern const struct fetch_source fetch_source_github;
extern const struct fetch_source fetch_source_k8s;
extern const struct fetch_source fetch_source_entra;
extern const struct fetch_source fetch_source_aws_files;
extern const struct fetch_source fetch_source_url;

#endif
