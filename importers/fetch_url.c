/*
 * trustwalk fetch url URL --format F: one export served over HTTPS,
 * saved as a file and imported as format F. Microsoft Graph responses
 * (entra-graph) follow @odata.nextLink and keep every page in the file.
 * Other formats are one response, and any body but an HTML page is kept
 * as it came (JSON, YAML, CSV, JSON Lines) for the importer to judge. The token, when TRUSTWALK_URL_TOKEN or --token-file gives
 * one, is sent only to the URL's origin.
 */
#include "fetch_int.h"

#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "xalloc.h"

/*
 * The file name: --name, else the last part of the URL's path when it
 * is a safe name, else "response".
 */
static char *
url_name(const struct fetch_options *o)
{
	const char	*p, *q, *last;
	char		*name;

	if (o->name != NULL)
		return xstrdup(o->name);
	p = strstr(o->url, "://");
	p = p != NULL ? p + 3 : o->url;
	q = p + strcspn(p, "?#");
	for (last = q; last > p && last[-1] != '/'; last--)
		;
	name = xstrndup(last, (size_t)(q - last));
	if (last == p || !fetch_safe_name(name) || strchr(name, '%') !=
	    NULL) {
		free(name);
		name = xstrdup("response");
	}
	return name;
}

static enum fetch_status
url_run(struct fetch *f, char **errp)
{
	struct fetch_list	 l;
	char			*name = url_name(f->opts);
	int			 graph, rc;

	if (!fetch_safe_name(name)) {
		*errp = xasprintf("--name \"%s\" cannot be a file name", name);
		free(name);
		return FETCH_USAGE;
	}
	graph = strcmp(f->opts->format, "entra-graph") == 0;
	fetch_set_input(f, name);
	memset(&l, 0, sizeof(l));
	l.endpoint = f->base;
	l.url = f->base;
	l.pager = graph ? FETCH_PAGER_ODATA : FETCH_PAGER_NONE;
	l.raw = !graph;
	l.file = name;
	l.anchor = 1;
	rc = fetch_list(f, &l, errp);
	fetch_list_clear(&l);
	if (rc == 0) {
		fetch_add_input(f, name);
		f->format = xstrdup(f->opts->format);
		if (f->opts->cluster != NULL)
			f->cluster = xstrdup(f->opts->cluster);
	}
	free(name);
	return rc == 0 ? FETCH_DONE : f->stop;
}

static int
url_check(const struct fetch_options *o, char **errp)
{
	const struct importer	*imp;

	if (o->url == NULL || *o->url == '\0') {
		*errp = xstrdup("fetch url needs the URL");
		return -1;
	}
	if (o->format == NULL) {
		*errp = xstrdup("fetch url needs --format F, the format of the "
		    "response (\"trustwalk formats\" lists them)");
		return -1;
	}
	if ((imp = importer_find(o->format)) == NULL) {
		*errp = xasprintf("--format: unknown format \"%s\"; "
		    "\"trustwalk formats\" lists them", o->format);
		return -1;
	}
	if (imp->sniff == NULL) {
		*errp = xasprintf("--format %s is a folder of files, which one "
		    "URL cannot hold; fetch github reads it", o->format);
		return -1;
	}
	return 0;
}

static const char *
url_base(const struct fetch_options *o)
{
	return o->url;
}

const struct fetch_source fetch_source_url = {
	.name = "url",
	.usage = "URL --format F [--name FILE] [--cluster NAME]",
	.summary = "one export served over HTTPS, imported as format F",
	.token = FETCH_TOKEN_OPTIONAL,
	.token_env = { "TRUSTWALK_URL_TOKEN", NULL, NULL },
	.check = url_check,
	.base = url_base,
	.base_is_url = 1,
	.headers = { "Accept: application/json, */*;q=0.5", NULL, NULL,
	    NULL },
	.run = url_run,
};
