/*
 * Requests and lists of a fetch run (see fetch_int.h).
 *
 * fetch_request() turns one GET into an outcome. Before every attempt
 * the URL is checked against the origin of the base URL. So a redirect
 * (followed here, at most FETCH_MAX_REDIRECTS) or a next-page link is
 * rejected when it leaves the origin, drops to http, or names a user or
 * another scheme, and the token never travels with it. A 429, or a 403 or 503
 * with Retry-After or an exhausted X-RateLimit-Remaining, waits as the
 * server asks, or 1, 2, 4, ... s when it does not say or says something
 * malformed; a wait longer than --max-wait gives up at once. Network
 * failures, time-outs and 5xx are retried after the same backoff, up to
 * --retries times. A 2xx that is not JSON (a login page, a proxy's
 * page) is a failure, not data.
 *
 * fetch_list() reads the pages of one list and writes each, as it came,
 * to a file of the folder.
 */
#include "fetch_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "hmap.h"
#include "json.h"
#include "log.h"
#include "tstamp.h"
#include "xalloc.h"

/* Sleep for seconds unless the cancel flag is set; -1 when it was. */
static int
fetch_sleep(struct fetch *f, int64_t seconds)
{
	struct timespec	 ts = { 0, 100 * 1000 * 1000 };
	int64_t		 ticks = seconds * 10;

	while (ticks-- > 0) {
		if (f->opts->cancel != NULL && *f->opts->cancel)
			return -1;
		nanosleep(&ts, NULL);
	}
	return f->opts->cancel != NULL && *f->opts->cancel ? -1 : 0;
}

/* The wait before retry number attempt (0, 1, ...): 1, 2, 4, ... s. */
static int64_t
fetch_backoff(const struct fetch *f, unsigned attempt)
{
	int64_t	 wait = attempt >= 30 ? INT64_MAX : (int64_t)1 << attempt;

	return wait > f->opts->max_wait ? f->opts->max_wait : wait;
}

/* Month names of an HTTP date. */
static int
fetch_month(const char *s)
{
	static const char	 months[] = "JanFebMarAprMayJunJulAugSepOctNov"
				    "Dec";
	int			 i;

	for (i = 0; i < 12; i++) {
		if (strncmp(s, months + 3 * i, 3) == 0)
			return i + 1;
	}
	return 0;
}

int
fetch_retry_after(const char *value, int64_t now, int64_t *seconds)
{
	const char	*p = value;
	char		 mon[4];
	int		 day, year, hh, mm, ss, n = 0, m;
	size_t		 digits;
	int64_t		 t;

	while (*p == ' ' || *p == '\t')
		p++;
	digits = strspn(p, "0123456789");
	if (digits > 0 && p[digits + strspn(p + digits, " \t")] == '\0') {
		*seconds = digits > 18 ? INT64_MAX : strtoll(p, NULL, 10);
		return 0;
	}
	/* IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT". */
	if (strlen(p) < 29 || p[3] != ',' || sscanf(p + 4,
	    " %2d %3s %4d %2d:%2d:%2d GMT%n", &day, mon, &year, &hh, &mm, &ss,
	    &n) != 6 || p[4 + n] != '\0')
		return -1;
	if ((m = fetch_month(mon)) == 0 || day < 1 || day > 31 ||
	    year < 1970 || hh > 23 || mm > 59 || ss > 60 || hh < 0 ||
	    mm < 0 || ss < 0)
		return -1;
	t = tstamp_days_from_civil(year, (unsigned)m, (unsigned)day) * 86400 +
	    hh * 3600 + mm * 60 + ss;
	*seconds = t > now ? t - now : 0;
	return 0;
}

/* Skip blanks in a header value. */
static const char *
fetch_blank(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* 1 when the rel value (a quoted or bare list of words) names next. */
static int
fetch_rel_next(const char *v, size_t len)
{
	size_t	 i = 0, start;

	while (i < len) {
		while (i < len && (v[i] == ' ' || v[i] == '\t'))
			i++;
		start = i;
		while (i < len && v[i] != ' ' && v[i] != '\t')
			i++;
		if (i - start == 4 && strncasecmp(v + start, "next", 4) == 0)
			return 1;
	}
	return 0;
}

/*
 * Read the parameters of one link value up to the ',' that ends it;
 * returns where it stopped and sets *next when rel lists "next".
 */
static const char *
fetch_link_params(const char *p, int *next)
{
	const char	*name, *v;
	size_t		 nlen, vlen;
	int		 quoted;

	*next = 0;
	while (*p != '\0' && *p != ',') {
		p = fetch_blank(p);
		if (*p == ';')
			p = fetch_blank(p + 1);
		name = p;
		nlen = strcspn(p, "=;, \t");
		p = fetch_blank(p + nlen);
		if (*p != '=') {
			if (*p != ';' && *p != ',' && *p != '\0')
				p++;
			continue;
		}
		p = fetch_blank(p + 1);
		quoted = *p == '"';
		v = quoted ? p + 1 : p;
		for (p = v; *p != '\0' && (quoted ? *p != '"' :
		    strchr(";, \t", *p) == NULL); p++) {
			if (quoted && *p == '\\' && p[1] != '\0')
				p++;
		}
		vlen = (size_t)(p - v);
		if (quoted && *p == '"')
			p++;
		if (nlen == 3 && strncasecmp(name, "rel", 3) == 0 &&
		    fetch_rel_next(v, vlen))
			*next = 1;
	}
	return p;
}

char *
fetch_link_next(const char *header)
{
	const char	*p = header, *start, *end;
	int		 next;

	if (header == NULL)
		return NULL;
	while (*p != '\0') {
		p = fetch_blank(p);
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p != '<' || (end = strchr(p + 1, '>')) == NULL)
			return NULL;
		start = p + 1;
		p = fetch_link_params(end + 1, &next);
		if (next)
			return xstrndup(start, (size_t)(end - start));
	}
	return NULL;
}

/* Cut a message at FETCH_MESSAGE_MAX bytes, on a UTF-8 boundary. */
static char *
fetch_cut(const char *s)
{
	size_t	 len = strlen(s);

	if (len <= FETCH_MESSAGE_MAX)
		return xstrdup(s);
	len = FETCH_MESSAGE_MAX;
	while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	return xasprintf("%.*s...", (int)len, s);
}

/* 1 when the response is JSON by its Content-Type, or looks like it. */
static int
fetch_is_json(const struct fetch_response *res)
{
	const char	*p = res->body.buf != NULL ? res->body.buf : "";

	if (res->content_type != NULL)
		return strcasestr(res->content_type, "json") != NULL;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return *p == '{' || *p == '[';
}

/* 1 when the response is an HTML page. */
static int
fetch_is_html(const struct fetch_response *res)
{
	const char	*p = res->body.buf != NULL ? res->body.buf : "";

	if (res->content_type != NULL &&
	    strcasestr(res->content_type, "html") != NULL)
		return 1;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return strncasecmp(p, "<!doctype html", 14) == 0 ||
	    strncasecmp(p, "<html", 5) == 0;
}

char *
fetch_error_message(const struct fetch_response *res)
{
	const cJSON	*err;
	const char	*msg = NULL, *code = NULL;
	cJSON		*doc = NULL;
	char		*perr = NULL, *out;

	if (res->body.len == 0)
		return xstrdup("no message");
	if (!fetch_is_json(res))
		return xstrdup(res->content_type != NULL &&
		    strcasestr(res->content_type, "html") != NULL ?
		    "an HTML page, not a JSON error" : "a body that is not "
		    "JSON");
	if (res->body.len <= (1u << 20))
		doc = json_parse(res->body.buf, res->body.len, "response",
		    NULL, &perr);
	free(perr);
	if (doc != NULL) {
		/* GitHub and Kubernetes: "message"; Graph: error.message. */
		msg = json_str(doc, "message");
		if (msg == NULL && (err = json_get(doc, "error")) != NULL) {
			msg = json_str(err, "message");
			code = json_str(err, "code");
		}
	}
	if (msg != NULL && code != NULL) {
		perr = xasprintf("%s: %s", code, msg);
		out = fetch_cut(perr);
		free(perr);
	} else
		out = fetch_cut(msg != NULL ? msg : "no message");
	if (doc != NULL)
		cJSON_Delete(doc);
	return out;
}

/*
 * Find the wait a rate-limited response requests: Retry-After, else
 * X-RateLimit-Reset when X-RateLimit-Remaining is 0, else the backoff.
 * Returns 1 when the response is a rate limit at all.
 */
static int
fetch_rate_limit(struct fetch *f, const struct fetch_response *res,
    unsigned attempt, int64_t *wait)
{
	int64_t	 now = (int64_t)time(NULL), reset;
	int	 exhausted;
	char	*end;

	exhausted = res->ratelimit_remaining != NULL &&
	    strcmp(res->ratelimit_remaining, "0") == 0;
	if (res->status != 429 && !((res->status == 403 ||
	    res->status == 503) && (res->retry_after != NULL || exhausted)))
		return 0;
	*wait = fetch_backoff(f, attempt);
	if (res->retry_after != NULL) {
		if (fetch_retry_after(res->retry_after, now, wait) == -1) {
			*wait = fetch_backoff(f, attempt);
			fetch_say(f, "warning: %s: Retry-After \"%s\" is "
			    "neither seconds nor an HTTP date; waiting %lld s",
			    f->doing != NULL ? f->doing : "request",
			    res->retry_after, (long long)*wait);
		}
	} else if (exhausted && res->ratelimit_reset != NULL) {
		reset = strtoll(res->ratelimit_reset, &end, 10);
		if (*end == '\0' && end != res->ratelimit_reset)
			*wait = reset > now ? reset - now + 1 : 1;
	}
	return 1;
}

/* The header lines of a request: the source's and the token's. */
static size_t
fetch_headers(struct fetch *f, const char **v)
{
	size_t	 n = 0, i;

	for (i = 0; i < 4 && f->src->headers[i] != NULL; i++)
		v[n++] = f->src->headers[i];
	if (f->auth != NULL)
		v[n++] = f->auth;
	return n;
}

/* Follow a redirect: the next URL to try, or NULL with *why set. */
static char *
fetch_redirect(struct fetch *f, const char *url,
    const struct fetch_response *res, int *redirects, char **why)
{
	char	*next;

	if (res->location == NULL) {
		*why = xasprintf("HTTP %ld without a Location header",
		    res->status);
		return NULL;
	}
	if (++*redirects > FETCH_MAX_REDIRECTS) {
		*why = xasprintf("more than %d redirects",
		    FETCH_MAX_REDIRECTS);
		return NULL;
	}
	if ((next = fetch_http_resolve(url, res->location, why)) == NULL)
		return NULL;
	if (fetch_http_check(next, &f->origin, why) == -1) {
		free(next);
		return NULL;
	}
	log_debug("redirect %d", *redirects);
	return next;
}

/*
 * Wait before another attempt, unless it would be one too many or the
 * wait is longer than --max-wait. Returns 0 to try again, or the
 * outcome with *why set.
 */
static enum fetch_outcome
fetch_retry(struct fetch *f, unsigned *attempt, int64_t wait,
    const char *what, char **why)
{
	if (wait > f->opts->max_wait) {
		if (wait == INT64_MAX)
			*why = xasprintf("%s; the server asks to wait more "
			    "than 10^18 s, more than --max-wait %ld s", what,
			    f->opts->max_wait);
		else
			*why = xasprintf("%s; the server asks to wait %lld s, "
			    "more than --max-wait %ld s", what,
			    (long long)wait, f->opts->max_wait);
		return FETCH_FAILED;
	}
	if (*attempt >= f->opts->retries) {
		*why = xasprintf("%s; gave up after %u %s", what,
		    *attempt, *attempt == 1 ? "retry" : "retries");
		return FETCH_FAILED;
	}
	(*attempt)++;
	fetch_note(f, "%s: %s; retry %u in %lld s", f->doing != NULL ?
	    f->doing : "request", what, *attempt, (long long)wait);
	if (fetch_sleep(f, wait) == -1) {
		*why = xstrdup("interrupted");
		return FETCH_STOPPED;
	}
	return FETCH_GOT;
}

/* Classify a response that arrived; FETCH_GOT here means "retry". */
static enum fetch_outcome
fetch_status_outcome(struct fetch *f, struct fetch_response *res,
    unsigned *attempt, char **why)
{
	char		*msg, *what;
	int64_t		 wait;
	enum fetch_outcome oc;

	if (fetch_rate_limit(f, res, *attempt, &wait)) {
		what = xasprintf("rate limited (HTTP %ld)", res->status);
		oc = fetch_retry(f, attempt, wait, what, why);
		free(what);
		return oc;
	}
	if (res->status >= 500) {
		msg = fetch_error_message(res);
		what = xasprintf("HTTP %ld: %s", res->status, msg);
		oc = fetch_retry(f, attempt, fetch_backoff(f, *attempt), what,
		    why);
		free(msg);
		free(what);
		return oc;
	}
	msg = fetch_error_message(res);
	*why = xasprintf("HTTP %ld: %s", res->status, msg);
	free(msg);
	if (res->status == 401)
		return FETCH_STOPPED;
	if (res->status == 403 || res->status == 404)
		return FETCH_DENIED;
	return res->status == 410 ? FETCH_GONE : FETCH_FAILED;
}

/*
 * GET url (and its redirects) with retries. Returns FETCH_GOT with a
 * 2xx JSON response in *res, or another outcome with *why set. *res is
 * cleared by the caller either way.
 */
static enum fetch_outcome
fetch_request(struct fetch *f, const char *first, struct fetch_response *res,
    char **why)
{
	enum fetch_http_error	 herr;
	enum fetch_outcome	 oc;
	const char		*headers[6];
	char			*url = xstrdup(first), *next, *err = NULL;
	unsigned		 attempt = 0;
	int			 redirects = 0;
	size_t			 nh = fetch_headers(f, headers);

	for (;;) {
		fetch_response_clear(res);
		if (fetch_http_check(url, &f->origin, why) == -1) {
			oc = FETCH_FAILED;
			break;
		}
		f->requests++;
		fetch_progress_update(f);
		if (fetch_http_get(f->http, url, headers, nh, res, &herr,
		    &err) == -1) {
			if (herr == FETCH_HTTP_NETWORK ||
			    herr == FETCH_HTTP_TIMEOUT) {
				/* fetch_retry() sets *why when it gives up. */
				oc = fetch_retry(f, &attempt, fetch_backoff(f,
				    attempt), err, why);
				free(err);
				err = NULL;
				if (oc == FETCH_GOT)
					continue;
				break;
			}
			oc = herr == FETCH_HTTP_CANCELLED ? FETCH_STOPPED :
			    FETCH_FAILED;
			*why = err;
			err = NULL;
			break;
		}
		f->bytes += res->body.len;
		if (res->status >= 200 && res->status < 300) {
			oc = FETCH_GOT;
			break;
		}
		if (res->status == 301 || res->status == 302 ||
		    res->status == 303 || res->status == 307 ||
		    res->status == 308) {
			if ((next = fetch_redirect(f, url, res, &redirects,
			    why)) == NULL) {
				oc = FETCH_FAILED;
				break;
			}
			free(url);
			url = next;
			continue;
		}
		if ((oc = fetch_status_outcome(f, res, &attempt, why)) !=
		    FETCH_GOT)
			break;
	}
	free(err);
	free(url);
	return oc;
}

/* The state of reading one page of a list. */
struct fetch_scan {
	struct fetch		*f;
	struct fetch_list	*l;
	const char		*list;	/* the array member, or NULL */
	size_t			 listlen;
	int			 list_type;
	char			*next;	/* a continue token or next link */
	int			 stopped;	/* on_item returned -1 */
};

static int
fetch_on_member(void *ctx, const char *key, int type)
{
	struct fetch_scan	*s = ctx;

	if (s->list != NULL && strlen(key) == s->listlen &&
	    strncmp(key, s->list, s->listlen) == 0)
		s->list_type = type;
	return 0;
}

/* Keep the continue token or the next link of a page. */
static int
fetch_on_top(void *ctx, const char *path, cJSON *value, const char *problem,
    char **errp)
{
	struct fetch_scan	*s = ctx;
	const char		*v = NULL;

	(void)problem;
	(void)errp;
	if (value == NULL)
		return 0;
	if (s->l->pager == FETCH_PAGER_K8S && strcmp(path, "metadata") == 0)
		v = json_str(value, "continue");
	else if (s->l->pager == FETCH_PAGER_ODATA && (strcmp(path,
	    "[\"@odata.nextLink\"]") == 0 || strcmp(path,
	    "@odata.nextLink") == 0) && cJSON_IsString(value))
		v = value->valuestring;
	if (v != NULL && *v != '\0') {
		free(s->next);
		s->next = xstrdup(v);
	}
	return 0;
}

static int
fetch_on_item(void *ctx, const char *path, cJSON *value, const char *problem,
    char **errp)
{
	struct fetch_scan	*s = ctx;

	s->l->count++;
	s->f->items++;
	if (s->l->on_item == NULL)
		return 0;
	if (s->l->on_item(s->l->ctx, path, value, problem, errp) == -1) {
		s->stopped = 1;
		return -1;
	}
	return 0;
}

/*
 * The URL of the next page: the Link header's next, the first URL with
 * a Kubernetes continue token, or Graph's next link, resolved against
 * the URL of this page. NULL at the last page.
 */
static char *
fetch_next_url(struct fetch_list *l, const char *url,
    const struct fetch_response *res, const char *token, char **why)
{
	struct strbuf	 sb;
	char		*link = NULL, *abs;

	*why = NULL;
	if (l->pager == FETCH_PAGER_LINK)
		link = fetch_link_next(res->link);
	else if (l->pager == FETCH_PAGER_ODATA && token != NULL)
		link = xstrdup(token);
	else if (l->pager == FETCH_PAGER_K8S && token != NULL) {
		strbuf_init(&sb);
		strbuf_addstr(&sb, l->url);
		strbuf_addstr(&sb, strchr(l->url, '?') != NULL ? "&" : "?");
		strbuf_addstr(&sb, "continue=");
		fetch_http_escape(&sb, token);
		link = strbuf_detach(&sb);
	}
	if (link == NULL)
		return NULL;
	abs = fetch_http_resolve(url, link, why);
	free(link);
	return abs;
}

/*
 * Check what kind of body a page is before reading it: JSON (or, for a
 * raw list, anything but HTML), starting with the bracket of the
 * endpoint's shape. Returns 0, or 1 with *why set.
 */
static int
fetch_page_kind(const struct fetch_list *l, const struct fetch_response *res,
    char **why)
{
	const char	*p = res->body.buf, *end = p + res->body.len;
	int		 want = l->items != NULL && strcmp(l->items, "[]") == 0 ?
			    '[' : '{';

	if (l->raw ? fetch_is_html(res) : !fetch_is_json(res)) {
		*why = xasprintf("HTTP %ld with %s, not %s: a login page, a "
		    "proxy or the wrong URL?", res->status,
		    res->content_type != NULL ? res->content_type :
		    "no Content-Type", l->raw ? "data" : "JSON");
		return 1;
	}
	if (l->raw)
		return 0;
	while (p < end && strchr(" \t\r\n", *p) != NULL)
		p++;
	if (p == end) {
		*why = xstrdup("the response is empty");
		return 1;
	}
	if (*p != want) {
		*why = xasprintf("the response is not a JSON %s",
		    want == '[' ? "array" : "object");
		return 1;
	}
	return 0;
}

/*
 * Read a JSON page: check that its list member is an array, keep its
 * continue token or next link, and count and pass on its records.
 * Returns 0, 1 with *why set when the page is not valid or has the
 * wrong shape, -1 when on_item stopped the run (*errp set).
 */
static int
fetch_page_scan(const struct fetch_list *l, const struct fetch_response *res,
    struct fetch_scan *s, char **why, char **errp)
{
	struct json_route	 top[2], item;
	char			*err = NULL;

	if (l->items != NULL && strcmp(l->items, "[]") != 0) {
		s->list = l->items;
		s->listlen = strcspn(l->items, "[");
		if (json_members(res->body.buf, res->body.len, "response",
		    fetch_on_member, s, NULL, &err) == -1)
			goto invalid;
		if (s->list_type != cJSON_Array) {
			*why = xasprintf("the response has no \"%.*s\" list",
			    (int)s->listlen, s->list);
			return 1;
		}
	}
	if (l->pager == FETCH_PAGER_K8S || l->pager == FETCH_PAGER_ODATA) {
		top[0].pattern = l->pager == FETCH_PAGER_K8S ? "items" :
		    "value";
		top[0].fn = json_skip;
		top[1].pattern = "*";
		top[1].fn = fetch_on_top;
		if (json_stream(res->body.buf, res->body.len, "response", top,
		    2, s, NULL, &err) == -1)
			goto invalid;
	}
	item.pattern = l->items != NULL ? l->items : "";
	item.fn = fetch_on_item;
	if (json_stream(res->body.buf, res->body.len, "response", &item, 1,
	    s, NULL, &err) == 0)
		return 0;
	if (s->stopped) {
		*errp = err;
		return -1;
	}
invalid:
	*why = xasprintf("the response is not valid JSON: %s", err != NULL ?
	    err : "unknown error");
	free(err);
	return 1;
}

/*
 * Check a page's shape, pass its records on and find the next page.
 * Returns 0 with the next URL in *next. *next is NULL at the last page,
 * and also when the next link is not a URL, which sets *why. Returns 1
 * when the page is not what the endpoint returns (*why set), and -1
 * when on_item stopped the run (*errp set).
 */
static int
fetch_page(struct fetch *f, struct fetch_list *l, const char *url,
    const struct fetch_response *res, char **next, char **why, char **errp)
{
	struct fetch_scan	 s;
	int			 rc;

	*next = NULL;
	if (fetch_page_kind(l, res, why) == 1)
		return 1;
	memset(&s, 0, sizeof(s));
	s.f = f;
	s.l = l;
	if (l->raw) {
		l->count++;
		f->items++;
	} else if ((rc = fetch_page_scan(l, res, &s, why, errp)) != 0) {
		free(s.next);
		return rc;
	}
	/* A broken next link keeps this page: *why is set, *next NULL. */
	*next = fetch_next_url(l, url, res, s.next, why);
	free(s.next);
	return 0;
}

/* Record how a list ended; returns -1 when the run must stop. */
static int
fetch_list_end(struct fetch *f, struct fetch_list *l, enum fetch_outcome oc,
    char *why, char **errp)
{
	const char	*file = l->sink != NULL ? l->sink->rel : l->file;

	if (oc == FETCH_GONE)
		oc = FETCH_FAILED;
	if (oc == FETCH_FAILED && l->pages > 0)
		oc = FETCH_INCOMPLETE;
	l->outcome = oc;
	l->message = why;
	if (oc == FETCH_GOT) {
		fetch_progress_done(f, l);
		return 0;
	}
	if (oc == FETCH_STOPPED || l->anchor) {
		*errp = xasprintf("%s: %s", l->endpoint, why != NULL ? why :
		    "failed");
		f->stop = f->opts->cancel != NULL && *f->opts->cancel ?
		    FETCH_CANCELLED : FETCH_NETWORK;
		return -1;
	}
	if (oc == FETCH_DENIED && l->quiet_denied)
		return 0;
	if (oc == FETCH_INCOMPLETE)
		fetch_missing(f, l->endpoint, file, l->status, "only %zu "
		    "page%s read, then %s", l->pages, l->pages == 1 ? "" : "s",
		    why);
	else
		fetch_missing(f, l->endpoint, file, l->status, "%s", why);
	return 0;
}

/* Start a Kubernetes list again after 410 Gone. */
static int
fetch_list_restart(struct fetch *f, struct fetch_list *l,
    struct fetch_sink *sink, uint64_t len, size_t pages, char **errp)
{
	fetch_note(f, "%s: the continue token expired (HTTP 410); reading "
	    "the list again from the start", l->endpoint);
	if (fetch_sink_rewind(sink, len, pages, errp) == -1) {
		f->stop = FETCH_WRITE;
		return -1;
	}
	f->items -= l->count;
	l->count = 0;
	l->pages = 0;
	return 0;
}

/* The state of reading one list. */
struct fetch_walk {
	struct fetch_sink	 own;
	struct fetch_sink	*sink;
	struct hmap		*seen;	/* URLs read, against loops */
	char			*url;	/* the page to read */
	uint64_t		 mark_len;	/* where the list starts */
	size_t			 mark_pages;
	size_t			 restarts;
};

/* Start reading the list at its first page. */
static void
fetch_walk_reset(struct fetch_walk *w, const struct fetch_list *l)
{
	free(w->url);
	w->url = xstrdup(l->url);
	hmap_free(w->seen);
	w->seen = hmap_create(16);
	hmap_put(w->seen, w->url, strlen(w->url), 0);
}

/*
 * Go on to the next page when it may be read: a URL of the origin that
 * was not read before. Returns 1 to read it, 0 when the list ends here
 * with *oc and *why set.
 */
static int
fetch_walk_next(struct fetch *f, struct fetch_list *l, struct fetch_walk *w,
    char *next, enum fetch_outcome *oc, char **why)
{
	uint64_t	 seen;
	char		*tmp;

	*oc = FETCH_FAILED;
	if (fetch_http_check(next, &f->origin, why) == -1) {
		tmp = xasprintf("the next page link %s", *why);
		free(*why);
		*why = tmp;
	} else if (hmap_get(w->seen, next, strlen(next), &seen))
		*why = xstrdup("the next page link repeats an earlier page");
	else if (l->pages >= FETCH_MAX_PAGES)
		*why = xasprintf("more than %d pages", FETCH_MAX_PAGES);
	else {
		hmap_put(w->seen, next, strlen(next), 0);
		free(w->url);
		w->url = next;
		return 1;
	}
	free(next);
	return 0;
}

/*
 * Read and save the page at w->url. Returns 1 to read the next one, 0
 * when the list ended (*oc and *why set), -1 when the run must stop.
 */
static int
fetch_walk_page(struct fetch *f, struct fetch_list *l, struct fetch_walk *w,
    enum fetch_outcome *oc, char **why, char **errp)
{
	struct fetch_response	 res;
	char			*next = NULL;
	int			 rc = 0;

	memset(&res, 0, sizeof(res));
	*oc = fetch_request(f, w->url, &res, why);
	l->status = res.status;
	if (*oc == FETCH_GONE && l->pager == FETCH_PAGER_K8S &&
	    l->pages > 0 && w->restarts++ < FETCH_MAX_RESTARTS) {
		rc = fetch_list_restart(f, l, w->sink, w->mark_len,
		    w->mark_pages, errp) == -1 ? -1 : 1;
		free(*why);
		*why = NULL;
		fetch_walk_reset(w, l);
	} else if (*oc != FETCH_GOT)
		rc = 0;
	else if ((rc = fetch_page(f, l, w->url, &res, &next, why, errp)) ==
	    -1)
		f->stop = FETCH_NETWORK;
	else if (rc == 1) {
		*oc = FETCH_FAILED;
		rc = 0;
	} else if (fetch_sink_page(w->sink, res.body.buf, res.body.len,
	    errp) == -1 || (w->sink == &w->own && fetch_sink_write(w->sink,
	    "\n", 1, errp) == -1)) {
		f->stop = FETCH_WRITE;
		rc = -1;
	} else {
		l->pages++;
		fetch_progress_update(f);
		if (next == NULL)
			*oc = *why != NULL ? FETCH_FAILED : FETCH_GOT;
		else
			rc = fetch_walk_next(f, l, w, next, oc, why);
		next = NULL;
	}
	free(next);
	fetch_response_clear(&res);
	return rc;
}

int
fetch_list(struct fetch *f, struct fetch_list *l, char **errp)
{
	struct fetch_walk	 w;
	enum fetch_outcome	 oc;
	char			*why = NULL;
	int			 rc;

	memset(&w, 0, sizeof(w));
	l->outcome = FETCH_GOT;
	l->status = 0;
	l->pages = l->count = 0;
	l->message = NULL;
	w.sink = l->sink;
	if (w.sink == NULL) {
		fetch_sink_init(&w.own, f, l->file, "");
		w.sink = &w.own;
	}
	w.mark_len = w.sink->len;
	w.mark_pages = w.sink->pages;
	fetch_walk_reset(&w, l);
	fetch_progress_start(f, l->endpoint);
	while ((rc = fetch_walk_page(f, l, &w, &oc, &why, errp)) == 1)
		;
	if (rc == 0) {
		rc = fetch_list_end(f, l, oc, why, errp);
		why = NULL;
	}
	if (w.sink == &w.own && fetch_sink_close(&w.own, rc == -1 ? NULL :
	    errp) == -1) {
		f->stop = FETCH_WRITE;
		rc = -1;
	}
	hmap_free(w.seen);
	free(w.url);
	free(why);
	return rc;
}

void
fetch_list_clear(struct fetch_list *l)
{
	free(l->message);
	l->message = NULL;
}
