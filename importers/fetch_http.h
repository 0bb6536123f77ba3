/*
 * HTTPS requests for trustwalk fetch: the only code that includes
 * libcurl. It sends one GET at a time and returns the status, the body
 * and the few response headers the fetcher reads. It never follows a
 * redirect, never reads proxies, .netrc or cookies from the
 * environment, speaks HTTPS only, always verifies the peer's
 * certificate and name, and stops a body that grows past the cap,
 * counting the bytes after content decoding.
 *
 * URLs are parsed by libcurl's own URL parser, so the URL that was
 * checked is the URL that is requested.
 */
#ifndef FETCH_HTTP_H
#define FETCH_HTTP_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

struct fetch_http;

struct fetch_http_options {
	const char	*cacert;	/* CA bundle, or NULL for the system's */
	const char	*proxy;		/* proxy URL, or NULL for none */
	long		 connect_timeout;	/* seconds */
	long		 timeout;		/* seconds for a whole request */
	long		 low_speed_limit;	/* bytes per second ... */
	long		 low_speed_time;	/* ... under for this many s */
	uint64_t	 max_body;	/* bytes of a decoded body */
	/* Set by a signal handler: the transfer in progress stops. */
	volatile sig_atomic_t	*cancel;
	/* Called while a transfer runs (about once a second), or NULL. */
	void		(*tick)(void *);
	void		*tick_ctx;
};

/* The reason a request produced no response. */
enum fetch_http_error {
	FETCH_HTTP_OK = 0,
	FETCH_HTTP_NETWORK,	/* name lookup, connection, reset */
	FETCH_HTTP_TLS,		/* handshake or certificate */
	FETCH_HTTP_TIMEOUT,	/* total time or a body too slow */
	FETCH_HTTP_TOO_LARGE,	/* the body passed the cap */
	FETCH_HTTP_BAD_RESPONSE,	/* undecodable body, broken framing */
	FETCH_HTTP_CANCELLED	/* the cancel flag was set */
};

/* A response: status, body and the headers the fetcher reads. */
struct fetch_response {
	long		 status;
	struct strbuf	 body;
	char		*content_type;
	char		*location;
	char		*link;		/* every Link header, joined by ", " */
	char		*retry_after;
	char		*ratelimit_remaining;	/* X-RateLimit-Remaining */
	char		*ratelimit_reset;	/* X-RateLimit-Reset */
	double		 seconds;
};

/* The origin of a URL: scheme, host (lower case) and port. */
struct fetch_origin {
	char	*scheme;
	char	*host;
	long	 port;
};

/*
 * Set up a client. Returns NULL with *errp set when libcurl cannot be
 * initialised or rejects an option (an unreadable CA file is only found
 * at the first request).
 */
struct fetch_http *fetch_http_create(const struct fetch_http_options *,
	    char **errp);
void	 fetch_http_free(struct fetch_http *);

/*
 * GET url with the extra header lines (such as "Accept: ..."). Returns
 * 0 and fills *res (any status), or -1 with *why (FETCH_HTTP_*) and an
 * allocated message in *errp. The caller clears *res with
 * fetch_response_clear() in both cases. The url must already have passed
 * fetch_http_check(): it is requested as libcurl parses it.
 */
int	 fetch_http_get(struct fetch_http *, const char *url,
	    const char *const *headers, size_t nheaders,
	    struct fetch_response *res, enum fetch_http_error *why,
	    char **errp);
void	 fetch_response_clear(struct fetch_response *);

/*
 * Parse an absolute URL into its origin. The URL must be https, name a
 * host, and carry no user name or password. Returns 0, or -1 with *errp
 * saying what is wrong.
 */
int	 fetch_http_origin(const char *url, struct fetch_origin *,
	    char **errp);
void	 fetch_origin_clear(struct fetch_origin *);

/*
 * Check that url may be requested with the credentials of origin o:
 * same scheme (https), same host and same port, no user name or
 * password, no fragment. Returns 0, or -1 with *errp naming the reason
 * ("another host", "plain http", ...).
 */
int	 fetch_http_check(const char *url, const struct fetch_origin *o,
	    char **errp);

/*
 * Resolve a reference (absolute, or relative like "/next?page=2")
 * against base. Returns the absolute URL, or NULL with *errp set.
 */
char	*fetch_http_resolve(const char *base, const char *ref, char **errp);

/*
 * Copy url for messages and the debug log, without its fragment and
 * with a password in it replaced by "...". The value of every query
 * parameter is replaced by "..." too, unless its name is one of a few
 * that never carry secrets (per_page, page, limit, role, $top, $select,
 * $expand, affiliation, type, api-version). Never returns NULL.
 */
char	*fetch_http_redact(const char *url);

/*
 * Append s to sb percent-encoded for a path segment: everything but
 * letters, digits and "-._~" is encoded.
 */
void	 fetch_http_escape(struct strbuf *sb, const char *s);

/* The libcurl version, for the debug log. */
const char *fetch_http_version(void);

#endif
