/*
 * trustwalk fetch: live collection of what the exports would contain.
 *
 * A fetch reads one source over its API (GitHub REST, the Kubernetes
 * API, Microsoft Graph, one URL) or a folder of AWS CLI outputs. It
 * saves every raw response in a folder laid out exactly as the
 * importers read it, the pages of one endpoint in one file, one after
 * another, as "gh api --paginate" writes them. The caller then imports
 * that folder with import_files(), so the fetched data lands as one
 * snapshot per source and the folder can be imported again offline.
 *
 * Each source is one file, importers/fetch_NAME.c, exporting a struct
 * fetch_source; fetch.c lists them. What a source could not read (a
 * 403 or 404 from a missing permission, a next link that was refused,
 * a page that failed) is recorded in the manifest file FETCH_MANIFEST
 * of the folder, and the import driver turns each entry into a warning
 * that marks the snapshot partial (fetch_manifest.c).
 */
#ifndef FETCH_H
#define FETCH_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct fetch;

/* Defaults of the options, in seconds and bytes. */
#define FETCH_CONNECT_TIMEOUT	10
#define FETCH_TIMEOUT		300
#define FETCH_LOW_SPEED_LIMIT	64	/* bytes per second ... */
#define FETCH_LOW_SPEED_TIME	30	/* ... under for 30 s: cut off */
#define FETCH_MAX_SIZE		((uint64_t)64 << 20)
#define FETCH_MAX_WAIT		60
#define FETCH_RETRIES		4

/* The manifest a fetch leaves in its folder (a hidden file). */
#define FETCH_MANIFEST		".trustwalk-fetch.json"

/* The options of a run, from the command line. */
struct fetch_options {
	/* What to fetch; each source reads the fields it needs. */
	const char	*org;		/* github: the organisation */
	const char	*server;	/* k8s: the API server URL */
	const char	*tenant;	/* entra: the tenant id or domain */
	const char	*api;		/* github, entra: the API base URL */
	const char	*dir;		/* aws-files: the folder of outputs */
	const char	*url;		/* url: the URL */
	const char	*format;	/* url: the format of the response */
	const char	*cluster;	/* k8s: the cluster name */
	const char	*name;		/* url: the file name to save as */
	int		 no_profiles;	/* github: skip users/LOGIN */

	/* How to connect. */
	const char	*token_file;
	const char	*cacert;
	const char	*proxy;
	long		 connect_timeout;
	long		 timeout;
	long		 max_wait;
	unsigned	 retries;
	uint64_t	 max_size;

	/* Where the files go and what is shown. */
	const char	*save_dir;	/* NULL: a temporary folder */
	FILE		*messages;	/* progress and notes, or NULL */
	int		 quiet;		/* only problems and the summary */
	int		 progress;	/* messages is a terminal: a bar */
	int64_t		 now;		/* the time written to the manifest */
	volatile sig_atomic_t	*cancel; /* set by a signal handler */
};

/* The outcome of a run, for the command's exit status. */
enum fetch_status {
	FETCH_DONE = 0,		/* fetched, maybe with parts missing */
	FETCH_USAGE,		/* a bad option, URL or token */
	FETCH_NETWORK,		/* the source could not be read at all */
	FETCH_BAD_INPUT,	/* aws-files: the folder cannot be read */
	FETCH_WRITE,		/* the folder cannot be written */
	FETCH_CANCELLED		/* interrupted by a signal */
};

/* Whether a source needs a token. */
enum fetch_token {
	FETCH_TOKEN_NONE,	/* the source reads no API */
	FETCH_TOKEN_OPTIONAL,
	FETCH_TOKEN_REQUIRED
};

struct fetch_source {
	const char	*name;		/* "github" */
	const char	*usage;		/* its arguments */
	const char	*summary;
	enum fetch_token token;
	const char	*token_env[3];	/* variables tried in order */
	/*
	 * Check the options the source needs; returns 0 or -1 with *errp
	 * saying which is missing or invalid.
	 */
	int		(*check)(const struct fetch_options *, char **errp);
	/*
	 * The base URL the credentials belong to (an option, or the
	 * public API), or NULL for a source that reads no API.
	 */
	const char	*(*base)(const struct fetch_options *);
	int		 base_is_url;	/* base() is a whole URL, query and all */
	const char	*headers[4];	/* header lines of every request */
	/*
	 * Fetch everything into the run's folder and name the inputs to
	 * import with fetch_add_input(). Returns a status; *errp is set
	 * unless FETCH_DONE.
	 */
	enum fetch_status (*run)(struct fetch *, char **errp);
};

/* All sources, in the order the help lists them. */
const struct fetch_source *const *fetch_source_list(size_t *n);
const struct fetch_source *fetch_source_find(const char *name);

/*
 * Prepare a run. Read the token from the environment or --token-file
 * (which must not be readable by others), and check the base URL.
 * Create the folder (--save-dir, which must not exist or be empty, else
 * a private temporary folder) and the HTTP client. Returns FETCH_DONE
 * and *out, or another status with *errp set.
 */
enum fetch_status fetch_open(const struct fetch_source *,
	    const struct fetch_options *, struct fetch **out, char **errp);

/*
 * Run the source and write the manifest. Returns FETCH_DONE, or the
 * status that stopped it with *errp set.
 */
enum fetch_status fetch_run(struct fetch *, char **errp);

/* The files or folders to import, relative to nothing (full paths). */
const char *const *fetch_inputs(const struct fetch *, size_t *n);

/* The format and cluster to import with, or NULL to sniff. */
const char	*fetch_import_format(const struct fetch *);
const char	*fetch_import_cluster(const struct fetch *);

/*
 * What a snapshot records as its input when the folder is temporary:
 * "fetch SOURCE TARGET" (the organisation, tenant, folder or the URL
 * without its query values). Returns an allocated string.
 */
char		*fetch_label(const struct fetch *);

/* The folder the files are in. */
const char	*fetch_folder(const struct fetch *);
int		 fetch_folder_is_temporary(const struct fetch *);

/* Counts of the run, for the summary. */
struct fetch_counts {
	uint64_t	 requests;
	uint64_t	 items;
	uint64_t	 bytes;
	size_t		 missing;	/* entries of the manifest */
	double		 seconds;
};

void	 fetch_counts(const struct fetch *, struct fetch_counts *);

/*
 * Free the run, removing a temporary folder and everything in it. The
 * token is overwritten before its memory is freed.
 */
void	 fetch_close(struct fetch *);

#endif
