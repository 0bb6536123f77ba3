/*
 * A fetch run (see fetch.h): the list of sources, the token, the base
 * URL its credentials belong to, and what the run leaves for the
 * import. Requests and paging are in fetch_get.c, files in
 * fetch_save.c, messages in fetch_progress.c.
 *
 * The token is read once, from --token-file or the source's variables
 * in the environment, and kept only as the Authorization header line,
 * which fetch_get.c sends only to URLs of the base URL's origin. It is
 * never written to a message, the debug log or the manifest, and its
 * memory is overwritten when the run ends.
 */
#include "fetch.h"
#include "fetch_int.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hmap.h"
#include "log.h"
#include "xalloc.h"

/* Maximum size of a token file, in bytes. */
#define FETCH_TOKEN_MAX		65536

static const struct fetch_source *const fetch_sources[] = {
	&fetch_source_github,
	&fetch_source_k8s,
	&fetch_source_entra,
	&fetch_source_aws_files,
	&fetch_source_url,
};

#define FETCH_NSOURCES	(sizeof(fetch_sources) / sizeof(fetch_sources[0]))

const struct fetch_source *const *
fetch_source_list(size_t *n)
{
	*n = FETCH_NSOURCES;
	return fetch_sources;
}

const struct fetch_source *
fetch_source_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < FETCH_NSOURCES; i++) {
		if (strcmp(fetch_sources[i]->name, name) == 0)
			return fetch_sources[i];
	}
	return NULL;
}

/* Overwrite and free a string that held the token. */
static void
fetch_wipe(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

/*
 * Read --token-file: a regular file that other users can neither read
 * nor write, at most FETCH_TOKEN_MAX bytes. Returns the contents or
 * NULL with *errp set.
 */
static char *
fetch_token_file(const char *path, char **errp)
{
	struct stat	 st;
	char		*buf = NULL;
	ssize_t		 n;
	size_t		 len = 0;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
		*errp = xasprintf("--token-file %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		*errp = xasprintf("--token-file %s: not a regular file", path);
		goto fail;
	}
	if ((st.st_mode & (S_IROTH | S_IWOTH | S_IWGRP)) != 0) {
		*errp = xasprintf("--token-file %s: other users can read or "
		    "write it (mode %04o); run \"chmod 600 %s\"", path,
		    (unsigned)(st.st_mode & 07777), path);
		goto fail;
	}
	if (st.st_size > FETCH_TOKEN_MAX) {
		*errp = xasprintf("--token-file %s: larger than %d bytes; it "
		    "should hold only the token", path, FETCH_TOKEN_MAX);
		goto fail;
	}
	buf = xmalloc(FETCH_TOKEN_MAX + 1);
	while (len < FETCH_TOKEN_MAX && (n = read(fd, buf + len,
	    FETCH_TOKEN_MAX - len)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			*errp = xasprintf("--token-file %s: %s", path,
			    strerror(errno));
			goto fail;
		}
		len += (size_t)n;
	}
	buf[len] = '\0';
	close(fd);
	return buf;
fail:
	if (buf != NULL) {
		explicit_bzero(buf, FETCH_TOKEN_MAX + 1);
		free(buf);
	}
	close(fd);
	return NULL;
}

/*
 * Trim blanks around the token and check that it can go in a header:
 * printable ASCII without spaces, so that it cannot add a header line.
 */
static int
fetch_token_check(char *token, const char *from, char **errp)
{
	size_t	 start = 0, len = strlen(token), i;

	while (start < len && strchr(" \t\r\n", token[start]) != NULL)
		start++;
	while (len > start && strchr(" \t\r\n", token[len - 1]) != NULL)
		len--;
	memmove(token, token + start, len - start);
	token[len - start] = '\0';
	if (*token == '\0') {
		*errp = xasprintf("the token in %s is empty", from);
		return -1;
	}
	for (i = 0; token[i] != '\0'; i++) {
		if ((unsigned char)token[i] < 0x21 ||
		    (unsigned char)token[i] > 0x7e) {
			*errp = xasprintf("the token in %s holds a space, a "
			    "control character or non-ASCII text at byte %zu; "
			    "it cannot be sent in a header", from, i + 1);
			return -1;
		}
	}
	return 0;
}

/* Read the token into the Authorization header line. */
static enum fetch_status
fetch_token(struct fetch *f, char **errp)
{
	const struct fetch_source	*src = f->src;
	const char			*from = NULL, *env;
	char				*token = NULL, *what;
	size_t				 i;
	int				 rc;

	if (src->token == FETCH_TOKEN_NONE)
		return FETCH_DONE;
	if (f->opts->token_file != NULL) {
		if ((token = fetch_token_file(f->opts->token_file, errp)) ==
		    NULL)
			return FETCH_USAGE;
		from = "--token-file";
	}
	for (i = 0; token == NULL && i < 3 && src->token_env[i] != NULL;
	    i++) {
		if ((env = getenv(src->token_env[i])) != NULL && *env != '\0') {
			token = xstrdup(env);
			from = src->token_env[i];
		}
	}
	if (token == NULL) {
		if (src->token == FETCH_TOKEN_OPTIONAL)
			return FETCH_DONE;
		*errp = xasprintf("fetch %s needs a token: set %s%s%s, or give "
		    "--token-file FILE", src->name, src->token_env[0],
		    src->token_env[1] != NULL ? " or " : "",
		    src->token_env[1] != NULL ? src->token_env[1] : "");
		return FETCH_USAGE;
	}
	what = xstrdup(from);
	rc = fetch_token_check(token, what, errp);
	if (rc == 0)
		f->auth = xasprintf("Authorization: Bearer %s", token);
	log_debug("token read from %s", what);
	free(what);
	fetch_wipe(token);
	return rc == 0 ? FETCH_DONE : FETCH_USAGE;
}

/* Check the base URL and set up the client for its origin. */
static enum fetch_status
fetch_base(struct fetch *f, char **errp)
{
	struct fetch_http_options	 hopts;
	const char			*base;
	size_t				 len;

	if (f->src->base == NULL || (base = f->src->base(f->opts)) == NULL)
		return FETCH_DONE;
	if (fetch_http_origin(base, &f->origin, errp) == -1)
		return FETCH_USAGE;
	if (strpbrk(base, "?#") != NULL && !f->src->base_is_url) {
		*errp = xasprintf("\"%s\": a base URL takes no query or "
		    "fragment", base);
		return FETCH_USAGE;
	}
	len = strlen(base);
	while (len > 0 && base[len - 1] == '/' && !f->src->base_is_url)
		len--;
	f->base = xstrndup(base, len);

	memset(&hopts, 0, sizeof(hopts));
	hopts.cacert = f->opts->cacert;
	hopts.proxy = f->opts->proxy;
	hopts.connect_timeout = f->opts->connect_timeout;
	hopts.timeout = f->opts->timeout;
	hopts.low_speed_limit = FETCH_LOW_SPEED_LIMIT;
	hopts.low_speed_time = FETCH_LOW_SPEED_TIME < f->opts->timeout ?
	    FETCH_LOW_SPEED_TIME : f->opts->timeout;
	hopts.max_body = f->opts->max_size;
	hopts.cancel = f->opts->cancel;
	hopts.tick = fetch_progress_tick;
	hopts.tick_ctx = f;
	/*
	 * The proxy gets only a CONNECT tunnel, inside which TLS to the API
	 * is verified as without a proxy. TLS to the proxy is not offered.
	 */
	if (f->opts->proxy != NULL && strncmp(f->opts->proxy, "http://", 7) !=
	    0) {
		*errp = xasprintf("--proxy \"%s\": give an http:// proxy URL; "
		    "requests go through it as CONNECT tunnels", f->opts->proxy);
		return FETCH_USAGE;
	}
	if ((f->http = fetch_http_create(&hopts, errp)) == NULL)
		return FETCH_NETWORK;
	return FETCH_DONE;
}

enum fetch_status
fetch_open(const struct fetch_source *src, const struct fetch_options *opts,
    struct fetch **out, char **errp)
{
	struct fetch		*f;
	enum fetch_status	 st;

	*out = NULL;
	f = xcalloc(1, sizeof(*f));
	f->opts = opts;
	f->src = src;
	f->dirfd = -1;
	f->start = fetch_clock();
	f->input = xstrdup(".");
	if (src->check != NULL && src->check(opts, errp) == -1) {
		st = FETCH_USAGE;
		goto fail;
	}
	if ((st = fetch_token(f, errp)) != FETCH_DONE ||
	    (st = fetch_base(f, errp)) != FETCH_DONE ||
	    (st = fetch_save_open(f, errp)) != FETCH_DONE)
		goto fail;
	*out = f;
	return FETCH_DONE;
fail:
	fetch_close(f);
	return st;
}

enum fetch_status
fetch_run(struct fetch *f, char **errp)
{
	enum fetch_status	 st;
	char			*err = NULL;

	log_debug("fetch %s into %s", f->src->name, f->dir);
	st = f->src->run(f, errp);
	fetch_progress_end(f);
	if (st == FETCH_DONE && f->ninputs == 0) {
		*errp = xasprintf("fetch %s read nothing to import",
		    f->src->name);
		st = FETCH_NETWORK;
	}
	/* A kept folder gets its manifest even when the run failed. */
	if ((st == FETCH_DONE || !f->temporary) &&
	    fetch_save_manifest(f, &err) == -1) {
		if (st == FETCH_DONE) {
			*errp = err;
			err = NULL;
			st = FETCH_WRITE;
		}
		free(err);
	}
	return st;
}

const char *const *
fetch_inputs(const struct fetch *f, size_t *n)
{
	*n = f->ninputs;
	return (const char *const *)f->inputs;
}

const char *
fetch_import_format(const struct fetch *f)
{
	return f->format;
}

const char *
fetch_import_cluster(const struct fetch *f)
{
	return f->cluster;
}

char *
fetch_label(const struct fetch *f)
{
	char	*target = fetch_save_target(f), *label;

	label = xasprintf("fetch %s %s", f->src->name, target);
	free(target);
	return label;
}

const char *
fetch_folder(const struct fetch *f)
{
	return f->dir;
}

int
fetch_folder_is_temporary(const struct fetch *f)
{
	return f->temporary;
}

void
fetch_counts(const struct fetch *f, struct fetch_counts *c)
{
	c->requests = f->requests;
	c->items = f->items;
	c->bytes = f->bytes;
	c->missing = f->nmissing;
	c->seconds = fetch_clock() - f->start;
}

void
fetch_close(struct fetch *f)
{
	size_t	 i;

	if (f == NULL)
		return;
	fetch_http_free(f->http);
	fetch_wipe(f->auth);
	if (f->dirfd != -1)
		close(f->dirfd);
	if (f->temporary)
		fetch_save_remove(f);
	for (i = 0; i < f->ninputs; i++)
		free(f->inputs[i]);
	for (i = 0; i < f->nmissing; i++) {
		free(f->missing[i].input);
		free(f->missing[i].endpoint);
		free(f->missing[i].file);
		free(f->missing[i].message);
	}
	fetch_origin_clear(&f->origin);
	free(f->missing);
	free(f->inputs);
	free(f->base);
	free(f->dir);
	free(f->format);
	free(f->cluster);
	free(f->input);
	free(f->doing);
	free(f);
}

char *
fetch_url(struct fetch *f, const char *fmt, ...)
{
	struct strbuf	 sb;
	va_list		 ap;

	strbuf_init(&sb);
	strbuf_addstr(&sb, f->base);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	return strbuf_detach(&sb);
}

void
fetch_missing(struct fetch *f, const char *endpoint, const char *file,
    long status, const char *fmt, ...)
{
	struct fetch_missing	*m;
	struct strbuf		 msg;
	va_list			 ap;

	strbuf_init(&msg);
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	f->missing = xreallocarray(f->missing, f->nmissing + 1,
	    sizeof(*f->missing));
	m = &f->missing[f->nmissing++];
	m->input = xstrdup(f->input);
	m->endpoint = xstrdup(endpoint);
	m->file = file != NULL ? xstrdup(file) : NULL;
	m->status = status;
	m->message = strbuf_detach(&msg);
	fetch_say(f, "warning: %s: %s; recorded as missing", endpoint,
	    m->message);
}

void
fetch_set_input(struct fetch *f, const char *rel)
{
	free(f->input);
	f->input = xstrdup(rel);
}

void
fetch_add_input(struct fetch *f, const char *rel)
{
	f->inputs = xreallocarray(f->inputs, f->ninputs + 1,
	    sizeof(*f->inputs));
	if (strcmp(rel, ".") == 0)
		f->inputs[f->ninputs++] = xstrdup(f->dir);
	else
		f->inputs[f->ninputs++] = xasprintf("%s/%s", f->dir, rel);
}

int
fetch_safe_name(const char *name)
{
	size_t	 i, len = strlen(name);

	if (len == 0 || len > 200 || name[0] == '.')
		return 0;
	for (i = 0; i < len; i++) {
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f ||
		    name[i] == '/' || name[i] == '\\')
			return 0;
	}
	return 1;
}

int
fetch_names_add(struct fetch_names *l, const char *name)
{
	if (l->seen == NULL)
		l->seen = hmap_create(16);
	if (!hmap_put(l->seen, name, strlen(name), l->n))
		return 0;
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrdup(name);
	return 1;
}

int
fetch_names_has(const struct fetch_names *l, const char *name)
{
	uint64_t	 i;

	return l->seen != NULL && hmap_get(l->seen, name, strlen(name), &i);
}

void
fetch_names_free(struct fetch_names *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	hmap_free(l->seen);
	memset(l, 0, sizeof(*l));
}
