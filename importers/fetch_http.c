/*
 * The libcurl adapter of trustwalk fetch (see fetch_http.h).
 *
 * Each request gets a fresh set of options on one reused easy handle,
 * so that connections are kept alive between pages while no state of
 * one request (a header list, a URL handle) leaks into the next. The
 * options that make a request safe are set every time:
 *
 *   - CURLOPT_PROTOCOLS_STR and CURLOPT_REDIR_PROTOCOLS_STR "https",
 *     CURLOPT_FOLLOWLOCATION off: the fetcher checks every redirect
 *     against the origin its credentials belong to;
 *   - CURLOPT_SSL_VERIFYPEER and CURLOPT_SSL_VERIFYHOST on, TLS 1.2 or
 *     later, CURLOPT_CAINFO for --cacert;
 *   - CURLOPT_PROXY "" unless --proxy names one, so that http_proxy,
 *     https_proxy and all_proxy in the environment are ignored;
 *   - CURLOPT_MAXFILESIZE_LARGE for a declared length over the cap, and
 *     the write callback for the bytes that arrive, after gzip, deflate,
 *     brotli or zstd decoding (CURLOPT_ACCEPT_ENCODING ""), because
 *     libcurl 7.88's own limit misses chunked and compressed bodies;
 *   - CURLOPT_CONNECTTIMEOUT, CURLOPT_TIMEOUT and the low-speed limit,
 *     so that a server that trickles a body is cut off;
 *   - CURLOPT_NOSIGNAL, and a progress callback that stops the transfer
 *     when the cancel flag is set.
 */
#include "fetch_http.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "log.h"
#include "xalloc.h"

struct fetch_http {
	CURL				*curl;
	struct fetch_http_options	 opts;
	char				*cacert;
	char				*proxy;
	char				 errbuf[CURL_ERROR_SIZE];
};

/* The state of one transfer, seen by the callbacks. */
struct fetch_http_transfer {
	struct fetch_http	*http;
	struct strbuf		*body;
	int			 too_large;
};

struct fetch_http *
fetch_http_create(const struct fetch_http_options *opts, char **errp)
{
	struct fetch_http	*h;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		*errp = xstrdup("libcurl could not be initialised");
		return NULL;
	}
	h = xcalloc(1, sizeof(*h));
	h->opts = *opts;
	h->cacert = opts->cacert != NULL ? xstrdup(opts->cacert) : NULL;
	h->proxy = opts->proxy != NULL ? xstrdup(opts->proxy) : NULL;
	h->opts.cacert = h->cacert;
	h->opts.proxy = h->proxy;
	if ((h->curl = curl_easy_init()) == NULL) {
		*errp = xstrdup("libcurl could not create a transfer handle");
		fetch_http_free(h);
		return NULL;
	}
	log_debug("libcurl %s", curl_version());
	return h;
}

void
fetch_http_free(struct fetch_http *h)
{
	if (h == NULL)
		return;
	if (h->curl != NULL)
		curl_easy_cleanup(h->curl);
	free(h->cacert);
	free(h->proxy);
	free(h);
	curl_global_cleanup();
}

const char *
fetch_http_version(void)
{
	return curl_version();
}

/* Append the bytes that arrive, stopping the transfer past the cap. */
static size_t
fetch_http_write(char *data, size_t size, size_t n, void *ctx)
{
	struct fetch_http_transfer	*t = ctx;
	size_t				 len = size * n;

	if (t->body->len + len > t->http->opts.max_body) {
		t->too_large = 1;
		return 0;
	}
	strbuf_add(t->body, data, len);
	return len;
}

/* Report progress, and stop the transfer when the cancel flag is set. */
static int
fetch_http_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	struct fetch_http_transfer	*t = ctx;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	if (t->http->opts.tick != NULL)
		t->http->opts.tick(t->http->opts.tick_ctx);
	return t->http->opts.cancel != NULL && *t->http->opts.cancel ? 1 : 0;
}

/* Set the options every request carries; returns the first failure. */
static CURLcode
fetch_http_setopts(struct fetch_http *h, struct fetch_http_transfer *t,
    CURLU *u, struct curl_slist *headers)
{
	CURL		*c = h->curl;
	CURLcode	 rc = CURLE_OK;

#define SET(opt, val) do {						\
	if (rc == CURLE_OK)						\
		rc = curl_easy_setopt(c, opt, val);			\
} while (0)
	SET(CURLOPT_CURLU, u);
	SET(CURLOPT_PROTOCOLS_STR, "https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "https");
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_MAXREDIRS, 0L);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (h->cacert != NULL)
		SET(CURLOPT_CAINFO, h->cacert);
	SET(CURLOPT_PROXY, h->proxy != NULL ? h->proxy : "");
	if (h->proxy != NULL)
		SET(CURLOPT_HTTPPROXYTUNNEL, 1L);
	SET(CURLOPT_NETRC, (long)CURL_NETRC_IGNORED);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_CONNECTTIMEOUT, h->opts.connect_timeout);
	SET(CURLOPT_TIMEOUT, h->opts.timeout);
	SET(CURLOPT_LOW_SPEED_LIMIT, h->opts.low_speed_limit);
	SET(CURLOPT_LOW_SPEED_TIME, h->opts.low_speed_time);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)h->opts.max_body);
	SET(CURLOPT_ACCEPT_ENCODING, "");
	SET(CURLOPT_HTTPHEADER, headers);
	SET(CURLOPT_USERAGENT, "trustwalk-fetch");
	SET(CURLOPT_WRITEFUNCTION, fetch_http_write);
	SET(CURLOPT_WRITEDATA, t);
	SET(CURLOPT_NOPROGRESS, 0L);
	SET(CURLOPT_XFERINFOFUNCTION, fetch_http_progress);
	SET(CURLOPT_XFERINFODATA, t);
	SET(CURLOPT_ERRORBUFFER, h->errbuf);
	SET(CURLOPT_HTTPGET, 1L);
#undef SET
	return rc;
}

/* The value of a response header, all occurrences joined by ", ". */
static char *
fetch_http_header(CURL *c, const char *name)
{
	struct curl_header	*hd;
	struct strbuf		 sb;
	size_t			 i, amount = 1;

	strbuf_init(&sb);
	for (i = 0; i < amount; i++) {
		if (curl_easy_header(c, name, i, CURLH_HEADER, -1, &hd) !=
		    CURLHE_OK)
			break;
		amount = hd->amount;
		if (sb.len > 0)
			strbuf_addstr(&sb, ", ");
		strbuf_addstr(&sb, hd->value);
	}
	if (sb.len == 0) {
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

/* Map a libcurl failure to a reason and a message without the URL. */
static enum fetch_http_error
fetch_http_failure(struct fetch_http *h, CURLcode rc, int too_large,
    const char *shown, char **errp)
{
	const char		*detail = h->errbuf[0] != '\0' ? h->errbuf :
				    curl_easy_strerror(rc);
	enum fetch_http_error	 why;

	switch (rc) {
	case CURLE_WRITE_ERROR:
	case CURLE_FILESIZE_EXCEEDED:
		if (rc == CURLE_FILESIZE_EXCEEDED || too_large) {
			*errp = xasprintf("the response is larger than the "
			    "limit of %llu bytes (--max-size)",
			    (unsigned long long)h->opts.max_body);
			return FETCH_HTTP_TOO_LARGE;
		}
		why = FETCH_HTTP_NETWORK;
		break;
	case CURLE_OPERATION_TIMEDOUT:
		why = FETCH_HTTP_TIMEOUT;
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		why = FETCH_HTTP_TLS;
		break;
	case CURLE_ABORTED_BY_CALLBACK:
		*errp = xstrdup("interrupted");
		return FETCH_HTTP_CANCELLED;
	case CURLE_BAD_CONTENT_ENCODING:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
		why = rc == CURLE_RECV_ERROR ? FETCH_HTTP_NETWORK :
		    FETCH_HTTP_BAD_RESPONSE;
		break;
	default:
		why = FETCH_HTTP_NETWORK;
		break;
	}
	if (why == FETCH_HTTP_TIMEOUT)
		*errp = xasprintf("timed out (%s)", detail);
	else if (why == FETCH_HTTP_TLS)
		*errp = xasprintf("TLS failed: %s", detail);
	else
		*errp = xstrdup(detail);
	log_debug("GET %s failed: %s", shown, *errp);
	return why;
}

/* Overwrite and free the copies of the header lines, the token's too. */
static void
fetch_http_wipe_headers(struct curl_slist *list)
{
	struct curl_slist	*l;

	for (l = list; l != NULL; l = l->next)
		explicit_bzero(l->data, strlen(l->data));
	curl_slist_free_all(list);
}

int
fetch_http_get(struct fetch_http *h, const char *url,
    const char *const *headers, size_t nheaders, struct fetch_response *res,
    enum fetch_http_error *why, char **errp)
{
	struct fetch_http_transfer	 t;
	struct curl_slist		*list = NULL, *tmp;
	CURLU				*u = NULL;
	CURLcode			 rc;
	char				*shown = fetch_http_redact(url);
	size_t				 i;
	int				 ret = -1;

	memset(res, 0, sizeof(*res));
	strbuf_init(&res->body);
	*why = FETCH_HTTP_NETWORK;
	if ((u = curl_url()) == NULL ||
	    curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		*errp = xasprintf("%s: not a valid URL", shown);
		goto out;
	}
	for (i = 0; i < nheaders; i++) {
		if ((tmp = curl_slist_append(list, headers[i])) == NULL)
			xalloc_fatal("out of memory for a header list");
		list = tmp;
	}
	memset(&t, 0, sizeof(t));
	t.http = h;
	t.body = &res->body;
	curl_easy_reset(h->curl);
	h->errbuf[0] = '\0';
	if ((rc = fetch_http_setopts(h, &t, u, list)) != CURLE_OK) {
		*errp = xasprintf("%s: libcurl option failed: %s", shown,
		    curl_easy_strerror(rc));
		goto out;
	}
	log_debug("GET %s", shown);
	rc = curl_easy_perform(h->curl);
	if (rc != CURLE_OK) {
		*why = fetch_http_failure(h, rc, t.too_large, shown, errp);
		goto out;
	}
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &res->status);
	curl_easy_getinfo(h->curl, CURLINFO_TOTAL_TIME, &res->seconds);
	res->content_type = fetch_http_header(h->curl, "Content-Type");
	res->location = fetch_http_header(h->curl, "Location");
	res->link = fetch_http_header(h->curl, "Link");
	res->retry_after = fetch_http_header(h->curl, "Retry-After");
	res->ratelimit_remaining = fetch_http_header(h->curl,
	    "X-RateLimit-Remaining");
	res->ratelimit_reset = fetch_http_header(h->curl, "X-RateLimit-Reset");
	log_debug("GET %s: status %ld, %zu bytes, %.3f s", shown, res->status,
	    res->body.len, res->seconds);
	*why = FETCH_HTTP_OK;
	ret = 0;
out:
	/* The handle keeps pointers to both until the next reset. */
	curl_easy_reset(h->curl);
	fetch_http_wipe_headers(list);
	curl_url_cleanup(u);
	free(shown);
	return ret;
}

void
fetch_response_clear(struct fetch_response *res)
{
	strbuf_free(&res->body);
	free(res->content_type);
	free(res->location);
	free(res->link);
	free(res->retry_after);
	free(res->ratelimit_remaining);
	free(res->ratelimit_reset);
	memset(res, 0, sizeof(*res));
}

/* Get one part of a parsed URL, or NULL when it is absent. */
static char *
fetch_http_part(CURLU *u, CURLUPart what, unsigned flags)
{
	char	*part = NULL, *copy;

	if (curl_url_get(u, what, &part, flags) != CURLUE_OK || part == NULL)
		return NULL;
	copy = xstrdup(part);
	curl_free(part);
	return copy;
}

/*
 * Parse url into its origin without judging it: scheme and host in
 * lower case, the port (the scheme's default when absent), and whether
 * it has a user name, a password or a fragment. Returns 0, or -1 when
 * libcurl cannot parse it.
 */
static int
fetch_http_parse(const char *url, struct fetch_origin *o, int *userinfo,
    int *fragment)
{
	CURLU	*u;
	char	*port, *user, *pass, *frag, *p;
	int	 rc = -1;

	memset(o, 0, sizeof(o[0]));
	if ((u = curl_url()) == NULL)
		return -1;
	/* A file: URL has no host; parse it anyway to name its scheme. */
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) !=
	    CURLUE_OK)
		goto out;
	o->scheme = fetch_http_part(u, CURLUPART_SCHEME, 0);
	o->host = fetch_http_part(u, CURLUPART_HOST, 0);
	port = fetch_http_part(u, CURLUPART_PORT, CURLU_DEFAULT_PORT);
	user = fetch_http_part(u, CURLUPART_USER, 0);
	pass = fetch_http_part(u, CURLUPART_PASSWORD, 0);
	frag = fetch_http_part(u, CURLUPART_FRAGMENT, 0);
	o->port = port != NULL ? strtol(port, NULL, 10) : -1;
	*userinfo = user != NULL || pass != NULL;
	*fragment = frag != NULL;
	free(port);
	free(user);
	free(pass);
	free(frag);
	if (o->scheme == NULL) {
		fetch_origin_clear(o);
		goto out;
	}
	if (o->host == NULL)
		o->host = xstrdup("");
	for (p = o->scheme; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	for (p = o->host; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	rc = 0;
out:
	curl_url_cleanup(u);
	return rc;
}

int
fetch_http_origin(const char *url, struct fetch_origin *o, char **errp)
{
	char	*shown = fetch_http_redact(url);
	int	 userinfo, fragment, rc = -1;

	if (fetch_http_parse(url, o, &userinfo, &fragment) == -1)
		*errp = xasprintf("\"%s\" is not a valid URL", shown);
	else if (strcmp(o->scheme, "https") != 0)
		*errp = xasprintf("\"%s\": only https URLs are fetched, not "
		    "%s", shown, o->scheme);
	else if (userinfo)
		*errp = xasprintf("\"%s\": a user name or password in the URL "
		    "is not accepted; give credentials with --token-file or "
		    "the environment", shown);
	else if (*o->host == '\0')
		*errp = xasprintf("\"%s\" names no host", shown);
	else
		rc = 0;
	if (rc == -1)
		fetch_origin_clear(o);
	free(shown);
	return rc;
}

void
fetch_origin_clear(struct fetch_origin *o)
{
	free(o->scheme);
	free(o->host);
	memset(o, 0, sizeof(*o));
}

int
fetch_http_check(const char *url, const struct fetch_origin *want,
    char **errp)
{
	struct fetch_origin	 o;
	char			*shown = fetch_http_redact(url);
	const char		*why = NULL;
	int			 userinfo, fragment;

	if (fetch_http_parse(url, &o, &userinfo, &fragment) == -1)
		why = "not a valid URL";
	else if (strcmp(o.scheme, "http") == 0)
		why = "plain http";
	else if (strcmp(o.scheme, "https") != 0)
		why = "not an https URL";
	else if (userinfo)
		why = "a user name or password in the URL";
	else if (strcmp(o.host, want->host) != 0)
		why = "another host";
	else if (o.port != want->port)
		why = "another port";
	else if (fragment)
		why = "a fragment in the URL";
	if (why != NULL)
		*errp = xasprintf("\"%s\" was refused: %s; the credentials are "
		    "only for https://%s:%ld", shown, why, want->host,
		    want->port);
	fetch_origin_clear(&o);
	free(shown);
	return why != NULL ? -1 : 0;
}

char *
fetch_http_resolve(const char *base, const char *ref, char **errp)
{
	CURLU	*u;
	char	*out = NULL, *shown;

	if ((u = curl_url()) == NULL)
		xalloc_fatal("out of memory for a URL");
	if (curl_url_set(u, CURLUPART_URL, base, 0) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_URL, ref, CURLU_NON_SUPPORT_SCHEME) !=
	    CURLUE_OK || (out = fetch_http_part(u, CURLUPART_URL, 0)) ==
	    NULL) {
		shown = fetch_http_redact(ref);
		*errp = xasprintf("\"%s\" is not a valid URL", shown);
		free(shown);
	}
	curl_url_cleanup(u);
	return out;
}

/* 1 when a query parameter's value may be shown in logs. */
static int
fetch_http_shown_param(const char *name, size_t len)
{
	static const char *const	 names[] = {
		"per_page", "page", "limit", "role", "$top", "$select",
		"$expand", "affiliation", "type", "api-version",
	};
	size_t				 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strlen(names[i]) == len && strncmp(names[i], name, len) ==
		    0)
			return 1;
	}
	return 0;
}

/*
 * Append url to sb up to its query, with the password of a user name in
 * it replaced by "...".
 */
static void
fetch_http_redact_authority(struct strbuf *sb, const char *url, size_t len)
{
	const char	*start = strstr(url, "://"), *at, *colon;
	size_t		 auth;

	if (start == NULL || (size_t)(start - url) >= len) {
		strbuf_add(sb, url, len);
		return;
	}
	start += 3;
	auth = strcspn(start, "/?#");
	at = memchr(start, '@', auth);
	colon = at != NULL ? memchr(start, ':', (size_t)(at - start)) : NULL;
	if (colon == NULL) {
		strbuf_add(sb, url, len);
		return;
	}
	strbuf_add(sb, url, (size_t)(colon - url) + 1);
	strbuf_addstr(sb, "...");
	strbuf_add(sb, at, len - (size_t)(at - url));
}

char *
fetch_http_redact(const char *url)
{
	struct strbuf	 sb;
	const char	*q, *p, *amp, *eq;
	size_t		 end;

	strbuf_init(&sb);
	/* The fragment is dropped: a '?' after the '#' starts no query. */
	end = strcspn(url, "#");
	if ((q = memchr(url, '?', end)) == NULL) {
		fetch_http_redact_authority(&sb, url, end);
		return strbuf_detach(&sb);
	}
	fetch_http_redact_authority(&sb, url, (size_t)(q - url));
	strbuf_addch(&sb, '?');
	end -= (size_t)(q - url) + 1;
	for (p = q + 1; p < q + 1 + end; p = amp + 1) {
		amp = memchr(p, '&', (size_t)(q + 1 + end - p));
		if (amp == NULL)
			amp = q + 1 + end;
		eq = memchr(p, '=', (size_t)(amp - p));
		if (p != q + 1)
			strbuf_addch(&sb, '&');
		if (eq == NULL || fetch_http_shown_param(p, (size_t)(eq - p)))
			strbuf_add(&sb, p, (size_t)(amp - p));
		else {
			strbuf_add(&sb, p, (size_t)(eq - p) + 1);
			strbuf_addstr(&sb, "...");
		}
		if (amp == q + 1 + end)
			break;
	}
	return strbuf_detach(&sb);
}

void
fetch_http_escape(struct strbuf *sb, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 c;
	int			 dots;

	/* "." and ".." would be removed from the path as dot segments. */
	dots = strcmp(s, ".") == 0 || strcmp(s, "..") == 0;
	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '~' || (c == '.' && !dots))
			strbuf_addch(sb, c);
		else {
			strbuf_addch(sb, '%');
			strbuf_addch(sb, hex[c >> 4]);
			strbuf_addch(sb, hex[c & 15]);
		}
	}
}
