/*
 * Files that hold several JSON documents one after another. "gh api
 * --paginate" writes each page of a list as it arrives, so a list of
 * three pages is "[...][...][...]", and an object response is
 * "{...}{...}"; a saved Microsoft Graph collection can likewise be its
 * pages, each {"value": [...], "@odata.nextLink": ...}, in one file.
 *
 * The splitter finds where each top-level array or object ends (strings
 * and escapes are honoured) without validating anything. Each page is
 * then read by json_stream(), which rejects a page that is not valid
 * JSON with the file name, the page and the position. Text between
 * pages other than blanks, and a page that never closes, are handed on
 * as a page of their own so that json_stream() reports them.
 */
#ifndef JSON_PAGES_H
#define JSON_PAGES_H

#include <stddef.h>

#include "json.h"

struct json_page {
	const char	*data;		/* the page's bytes, not terminated */
	size_t		 len;
	size_t		 index;		/* from 0 */
	size_t		 line;		/* line of the file it starts on */
};

typedef int (*json_page_fn)(void *ctx, const struct json_page *,
    char **errp);

/*
 * Call fn for each page of buf[0..len), after a UTF-8 byte order mark.
 * Returns the number of pages, or -1 when fn returned -1 (with *errp
 * as fn set it).
 */
long	 json_pages(const char *buf, size_t len, json_page_fn fn, void *ctx,
	    char **errp);

/*
 * Find the first page of buf[0..len): returns 1 and sets *start and *plen
 * to its offset and length, or 0 when buf holds only blanks. A page that
 * never closes runs to the end of buf.
 */
int	 json_pages_first(const char *buf, size_t len, size_t *start,
	    size_t *plen);

/* The number of pages in buf[0..len). */
size_t	 json_pages_count(const char *buf, size_t len);

/*
 * Stream every page of buf through json_stream() with the same routes.
 * *page is set to the index of the page being read before its records
 * are delivered, so that callbacks can name it (see json_pages_path()).
 * A rejection names the file and, when there are several pages, the
 * page and its first line: "NAME (page 2 from line 40): line 3, ...",
 * where the line inside the message counts from the page's start.
 * Returns 0 or -1 with *errp set.
 */
int	 json_pages_stream(const char *buf, size_t len, const char *name,
	    const struct json_route *routes, size_t nroutes, void *ctx,
	    size_t *page, char **errp);

/*
 * Format the path of a record on a page for warnings: "PATH" when the
 * file has one page, else "page N: PATH" (N from 1). Returns an
 * allocated string.
 */
char	*json_pages_path(size_t page, size_t npages, const char *path);

#endif
