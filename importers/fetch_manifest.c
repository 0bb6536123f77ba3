/*
 * The fetch manifest as the import driver reads it (see
 * fetch_manifest.h). The file is written by fetch_save.c:
 *
 *   {"trustwalk_fetch": 1, "source": "github", ...,
 *    "missing": [{"input": ".", "endpoint": "orgs/acme/actions/secrets",
 *                 "file": "actions-secrets.json", "status": 403,
 *                 "message": "HTTP 403: Resource not accessible ..."}]}
 *
 * Its name starts with '.', so folder listings, digests and importers
 * never see it; only this reader does. Its text came from a server, so
 * it is treated as untrusted like any input: read strictly, and passed
 * to import_warn(), which masks secrets before anything is stored.
 */
#include "fetch_manifest.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fetch.h"
#include "import.h"
#include "input.h"
#include "json.h"
#include "xalloc.h"

/* Warn about one entry. */
static int
fetch_manifest_entry(struct import *imp, const cJSON *m, char **errp)
{
	const char	*endpoint = json_str(m, "endpoint");
	const char	*message = json_str(m, "message");

	return import_warn(imp, endpoint != NULL ? endpoint : "endpoint",
	    errp, "the fetch could not read it: %s", message != NULL ?
	    message : "no reason recorded");
}

/* Warn about every entry of the manifest that belongs to unit. */
static int
fetch_manifest_read(struct import *imp, const char *path, const char *unit,
    char **errp)
{
	struct input	*in = NULL;
	const cJSON	*missing, *m;
	cJSON		*doc = NULL;
	const char	*input;
	char		*err = NULL;
	int64_t		 version = 0;
	int		 rc = 0;

	if (input_open(path, FETCH_MANIFEST_MAX, &in, &err) == -1 ||
	    (doc = json_parse(in->data, in->len, path, NULL, &err)) == NULL ||
	    json_int(doc, "trustwalk_fetch", &version) != 1 || version != 1 ||
	    !cJSON_IsArray(missing = json_get(doc, "missing"))) {
		rc = import_warn(imp, FETCH_MANIFEST, errp, "the fetch "
		    "manifest cannot be read (%s), so what the fetch missed "
		    "is unknown", err != NULL ? err : "not a manifest of "
		    "version 1");
		goto out;
	}
	cJSON_ArrayForEach(m, missing) {
		input = json_str(m, "input");
		if (input == NULL || strcmp(input, unit) != 0)
			continue;
		if ((rc = fetch_manifest_entry(imp, m, errp)) == -1)
			break;
	}
out:
	free(err);
	if (doc != NULL)
		cJSON_Delete(doc);
	input_close(in);
	return rc;
}

int
fetch_manifest_warn(struct import *imp, const struct input *in, char **errp)
{
	struct stat	 st;
	const char	*slash;
	char		*path;
	int		 rc = 0;

	if (in->folder)
		path = xasprintf("%s/%s", in->path, FETCH_MANIFEST);
	else if ((slash = strrchr(in->path, '/')) != NULL)
		path = xasprintf("%.*s/%s", (int)(slash - in->path), in->path,
		    FETCH_MANIFEST);
	else
		path = xstrdup(FETCH_MANIFEST);
	if (lstat(path, &st) == 0)
		rc = fetch_manifest_read(imp, path, in->folder ? "." :
		    in->name, errp);
	free(path);
	return rc;
}
