/*
 * Splitting concatenated JSON documents into pages (see json_pages.h).
 */
#include "json_pages.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static int
json_pages_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * The end of the array or object that starts at buf[i] (one past its
 * closing bracket), or len when it never closes.
 */
static size_t
json_pages_end(const char *buf, size_t len, size_t i)
{
	size_t	 depth = 0;
	int	 in_string = 0;

	for (; i < len; i++) {
		char	 c = buf[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
			continue;
		}
		if (c == '"')
			in_string = 1;
		else if (c == '[' || c == '{')
			depth++;
		else if ((c == ']' || c == '}') && depth > 0 && --depth == 0)
			return i + 1;
	}
	return len;
}

long
json_pages(const char *buf, size_t len, json_page_fn fn, void *ctx,
    char **errp)
{
	struct json_page	 page;
	size_t			 i = 0, line = 1, end, k;
	long			 n = 0;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	for (;;) {
		while (i < len && json_pages_blank(buf[i])) {
			if (buf[i] == '\n')
				line++;
			i++;
		}
		if (i >= len)
			break;
		/* Anything but a bracket is handed on whole, to be rejected. */
		if (buf[i] == '[' || buf[i] == '{')
			end = json_pages_end(buf, len, i);
		else
			end = len;
		page.data = buf + i;
		page.len = end - i;
		page.index = (size_t)n;
		page.line = line;
		if (fn != NULL && fn(ctx, &page, errp) == -1)
			return -1;
		n++;
		for (k = i; k < end; k++) {
			if (buf[k] == '\n')
				line++;
		}
		i = end;
	}
	return n;
}

int
json_pages_first(const char *buf, size_t len, size_t *start, size_t *plen)
{
	size_t	 i = 0;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && json_pages_blank(buf[i]))
		i++;
	if (i >= len)
		return 0;
	*start = i;
	if (buf[i] == '[' || buf[i] == '{')
		*plen = json_pages_end(buf, len, i) - i;
	else
		*plen = len - i;
	return 1;
}

size_t
json_pages_count(const char *buf, size_t len)
{
	long	 n = json_pages(buf, len, NULL, NULL, NULL);

	return n < 0 ? 0 : (size_t)n;
}

/* The state of json_pages_stream() between pages. */
struct json_pages_run {
	const char		*name;
	const struct json_route	*routes;
	size_t			 nroutes;
	void			*ctx;
	size_t			*page;
	size_t			 npages;
};

static int
json_pages_stream_page(void *ctx, const struct json_page *page, char **errp)
{
	struct json_pages_run	*run = ctx;
	char			*name;
	int			 rc;

	*run->page = page->index;
	if (run->npages > 1)
		name = xasprintf("%s (page %zu from line %zu)", run->name,
		    page->index + 1, page->line);
	else
		name = xstrdup(run->name);
	rc = json_stream(page->data, page->len, name, run->routes,
	    run->nroutes, run->ctx, NULL, errp);
	free(name);
	return rc;
}

int
json_pages_stream(const char *buf, size_t len, const char *name,
    const struct json_route *routes, size_t nroutes, void *ctx,
    size_t *page, char **errp)
{
	struct json_pages_run	 run;

	run.name = name;
	run.routes = routes;
	run.nroutes = nroutes;
	run.ctx = ctx;
	run.page = page;
	run.npages = json_pages_count(buf, len);
	if (run.npages == 0) {
		*errp = xasprintf("%s: the file holds no JSON document", name);
		return -1;
	}
	return json_pages(buf, len, json_pages_stream_page, &run, errp) == -1 ?
	    -1 : 0;
}

char *
json_pages_path(size_t page, size_t npages, const char *path)
{
	if (npages > 1)
		return xasprintf("page %zu: %s", page + 1, path);
	return xstrdup(path);
}
