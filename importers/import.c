/*
 * The import driver and the importers' emit interface (see import.h).
 */
#include "import.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "digest.h"
#include "fetch_manifest.h"
#include "folder.h"
#include "importer.h"
#include "input.h"
#include "json.h"
#include "log.h"
#include "sanitize.h"
#include "secret.h"
#include "store.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

struct import {
	struct store			*store;
	struct store_writer		*writer;
	const struct import_options	*opts;
	const struct input		*in;
	char				*source;
	char				*store_error;	/* set when the store failed */
	char				*reject_error;	/* --strict, in import_node() */
	int64_t				 warnings;
	int				 fp_loaded;
	unsigned char			 fp_key[STORE_FP_KEY_LEN];
};

/* A file found on the command line or in a folder, or a folder import. */
struct import_file {
	char			*path;
	int			 from_dir;	/* skip unknown formats */
	const struct importer	*folder;	/* reads path as one folder */
};

struct import_files_list {
	struct import_file	*v;
	size_t			 n;
	size_t			 cap;
};

static double
import_clock(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Print a message about untrusted data on the messages stream, with
 * secrets masked and through the sanitiser.
 */
#define import_print(opts, ...) do {					\
	if ((opts)->messages != NULL)					\
		secret_fprintf((opts)->messages, __VA_ARGS__);		\
} while (0)

/*
 * Warn about a credential the source says was created after it expired,
 * which a clock error or a mistyped date in the source leaves. The
 * record is kept as the source gave it. Returns 0, or -1 when the store
 * failed or --strict rejects the input (imp->reject_error is then set).
 */
static int
import_check_dates(struct import *imp, const struct record_node *n)
{
	char	 created[TSTAMP_BUFSZ], expires[TSTAMP_BUFSZ], *err = NULL;

	if (n->kind != KIND_NODE_CREDENTIAL ||
	    !tstamp_is_set(n->life.created_at) ||
	    !tstamp_is_set(n->life.expires_at) ||
	    n->life.created_at <= n->life.expires_at)
		return 0;
	if (import_warn(imp, n->key, &err, "credential created %s, after it "
	    "expires %s; check the dates in the source",
	    tstamp_format(n->life.created_at, created),
	    tstamp_format(n->life.expires_at, expires)) == 0)
		return 0;
	if (imp->store_error == NULL) {
		free(imp->reject_error);
		imp->reject_error = err;
	} else
		free(err);
	return -1;
}

int
import_node(struct import *imp, const struct record_node *n)
{
	char	*err = NULL;
	int	 rc;

	if (import_check_dates(imp, n) == -1)
		return -1;
	if ((rc = store_writer_node(imp->writer, n, &err)) == -1) {
		free(imp->store_error);
		imp->store_error = err;
	}
	return rc;
}

int
import_edge(struct import *imp, const struct record_edge *e)
{
	char	*err = NULL;

	if (store_writer_edge(imp->writer, e, &err) == -1) {
		free(imp->store_error);
		imp->store_error = err;
		return -1;
	}
	return 0;
}

int
import_event(struct import *imp, const struct record_event *ev)
{
	char	*err = NULL;

	if (store_writer_event(imp->writer, ev, &err) == -1) {
		free(imp->store_error);
		imp->store_error = err;
		return -1;
	}
	return 0;
}

int
import_has_node(struct import *imp, const char *key)
{
	return store_writer_has_node(imp->writer, key);
}

/* Write the marker of a secret found in a warning, with its fingerprint. */
static int
import_mark(void *ctx, const struct secret_match *m,
    const unsigned char *material, size_t len, struct strbuf *out)
{
	char	 hex[DIGEST_HEX_BUFSZ];

	if (import_fingerprint(ctx, material, len, hex) == -1)
		return -1;
	secret_marker(out, m->kind, hex);
	return 0;
}

/*
 * Replace secrets in a warning's text with markers. Warnings name fields
 * and quote keys, which may hold secrets although values never should.
 * Returns the text to use: the masked copy in *owned, or text itself.
 */
static const char *
import_mask(struct import *imp, const char *text, char **owned)
{
	*owned = NULL;
	if (text == NULL)
		return "";
	if (secret_replace(text, strlen(text), 0, import_mark, imp,
	    owned) > 0)
		return *owned;
	return text;
}

int
import_warn(struct import *imp, const char *path, char **errp,
    const char *fmt, ...)
{
	struct strbuf	 msg;
	va_list		 ap;
	const char	*spath, *smsg;
	char		*err = NULL, *opath, *omsg;
	int		 rc = 0;

	strbuf_init(&msg);
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	spath = import_mask(imp, path, &opath);
	smsg = import_mask(imp, msg.buf, &omsg);

	imp->warnings++;
	if (imp->opts->strict) {
		*errp = xasprintf("%s: %s: %s (rejected by --strict)",
		    imp->in->path, spath, smsg);
		rc = -1;
		goto out;
	}
	if (imp->warnings <= imp->opts->max_shown)
		import_print(imp->opts, "warning: %s: %s: %s", imp->in->path,
		    spath, smsg);
	if (store_writer_warning(imp->writer, spath, smsg, &err) == -1) {
		free(imp->store_error);
		imp->store_error = err;
		*errp = xstrdup(err);
		rc = -1;
	}
out:
	free(opath);
	free(omsg);
	strbuf_free(&msg);
	return rc;
}

int
import_current_kind(struct import *imp, const char *key, enum kind_node *kind)
{
	char	*text = NULL, *err = NULL;
	int	 rc, k;

	rc = store_writer_current_kind(imp->writer, key, &text, &err);
	if (rc == -1) {
		free(imp->store_error);
		imp->store_error = err;
		return -1;
	}
	if (rc == 1 && (k = kind_node_parse(text)) >= 0)
		*kind = (enum kind_node)k;
	else
		rc = 0;
	free(text);
	return rc;
}

int
import_find_attr(struct import *imp, const char *name, const char *value,
    char **key)
{
	char	*err = NULL;
	int	 rc;

	rc = store_writer_find_attr(imp->writer, name, value, key, &err);
	if (rc == -1) {
		free(imp->store_error);
		imp->store_error = err;
	}
	return rc;
}

void
import_note(struct import *imp, const char *fmt, ...)
{
	struct strbuf	 msg;
	va_list		 ap;

	strbuf_init(&msg);
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	import_print(imp->opts, "note: %s: %s", imp->in->path, msg.buf);
	strbuf_free(&msg);
}

void
import_set_source(struct import *imp, const char *source)
{
	free(imp->source);
	imp->source = xstrdup(source);
}

const struct import_options *
import_options(const struct import *imp)
{
	return imp->opts;
}

int
import_fingerprint(struct import *imp, const void *secret, size_t len,
    char *hex)
{
	char	*err = NULL;

	if (!imp->fp_loaded) {
		if (store_fingerprint_key(imp->store, imp->fp_key, &err) ==
		    -1) {
			free(imp->store_error);
			imp->store_error = err;
			return -1;
		}
		imp->fp_loaded = 1;
	}
	return digest_fingerprint(imp->fp_key, sizeof(imp->fp_key), secret,
	    len, hex);
}

static void
import_list_add(struct import_files_list *l, const char *path, int from_dir,
    const struct importer *folder)
{
	size_t	 len = strlen(path);

	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 16 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	/* A folder's name is its last part, so drop trailing slashes. */
	while (folder != NULL && len > 1 && path[len - 1] == '/')
		len--;
	l->v[l->n].path = xstrndup(path, len);
	l->v[l->n].from_dir = from_dir;
	l->v[l->n].folder = folder;
	l->n++;
}

/*
 * The importer that reads the folder at path as one snapshot: the one
 * --format names when it reads folders, else the one that sniffs it.
 * NULL means the folder is walked for files.
 */
static const struct importer *
import_folder_importer(const char *path, const struct import_options *opts)
{
	const struct importer	*desc;

	if (opts->format != NULL) {
		desc = importer_find(opts->format);
		return desc != NULL && desc->sniff_dir != NULL ? desc : NULL;
	}
	return importer_sniff_dir(path);
}

static int
import_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Add the files under dir, sorted by name, skipping hidden entries. A
 * folder that a folder importer reads is added whole.
 */
static int
import_walk_dir(struct import_files_list *l, const char *dir, int depth,
    const struct import_options *opts, char **errp)
{
	const struct importer	*folder;
	DIR			*d;
	struct dirent		*de;
	struct stat		 st;
	char			**names = NULL, *path;
	size_t			 n = 0, cap = 0, i;
	int			 rc = 0;

	if (depth > 16) {
		*errp = xasprintf("%s: folders nested too deep", dir);
		return -1;
	}
	if ((d = opendir(dir)) == NULL) {
		*errp = xasprintf("%s: cannot read folder: %s", dir,
		    strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			names = xreallocarray(names, cap, sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), import_name_cmp);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		if (rc == 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			if ((folder = import_folder_importer(path, opts)) !=
			    NULL)
				import_list_add(l, path, 1, folder);
			else
				rc = import_walk_dir(l, path, depth + 1, opts,
				    errp);
		} else if (rc == 0)
			import_list_add(l, path, 1, NULL);
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

/*
 * The name a snapshot records for the input at path: the path, or
 * opts->input_label for a path in opts->input_dir. Returns an allocated
 * string.
 */
static char *
import_input_name(const struct import_options *opts, const char *path)
{
	size_t	 len;

	if (opts->input_dir == NULL || opts->input_label == NULL)
		return xstrdup(path);
	len = strlen(opts->input_dir);
	if (strncmp(path, opts->input_dir, len) != 0 ||
	    (path[len] != '\0' && path[len] != '/'))
		return xstrdup(path);
	return xasprintf("%s%s", opts->input_label, path + len);
}

/*
 * Run one file's importer inside a writer; fills res on success. With
 * manifest set, the entries of a fetch manifest beside the input become
 * warnings (see fetch_manifest.h).
 */
static enum import_status
import_one(struct store *s, const struct input *in,
    const struct importer *imp_desc, const struct import_options *opts,
    int manifest, struct import_result *res, char **errp)
{
	struct import			 imp;
	struct store_import_info	 info;
	struct store_import_counts	 counts;
	enum import_status		 status = IMPORT_OK;
	double				 start = import_clock();
	char				*name = NULL;

	memset(&imp, 0, sizeof(imp));
	imp.store = s;
	imp.opts = opts;
	imp.in = in;
	imp.source = xasprintf("file:%s", in->name);
	if (store_writer_begin(s, &imp.writer, errp) == -1) {
		status = IMPORT_STORE_ERROR;
		goto out;
	}
	log_debug("importing %s as %s", in->path, imp_desc->name);
	if (imp_desc->run(&imp, in, errp) == -1 || (manifest &&
	    fetch_manifest_warn(&imp, in, errp) == -1)) {
		if (imp.store_error != NULL) {
			free(*errp);
			*errp = imp.store_error;
			imp.store_error = NULL;
			status = IMPORT_STORE_ERROR;
		} else {
			if (imp.reject_error != NULL) {
				free(*errp);
				*errp = imp.reject_error;
				imp.reject_error = NULL;
			}
			status = IMPORT_REJECTED;
		}
		if (*errp == NULL)
			*errp = xasprintf("%s: import failed", in->path);
		store_writer_abort(imp.writer);
		goto out;
	}

	memset(&info, 0, sizeof(info));
	info.source = imp.source;
	info.format = imp_desc->name;
	name = import_input_name(opts, in->path);
	info.input = name;
	digest_sha256_hex(in->data, in->len, res->sha256);
	info.input_sha256 = res->sha256;
	info.imported_at = opts->now;
	info.partial = imp.warnings > 0;
	if (store_writer_commit(imp.writer, &info, &counts, errp) == -1) {
		status = IMPORT_STORE_ERROR;
		goto out;
	}
	if (imp.warnings > opts->max_shown)
		import_print(opts, "warning: %s: %lld more warnings are in the "
		    "case file", in->path,
		    (long long)(imp.warnings - opts->max_shown));

	res->path = name;
	name = NULL;
	res->format = xstrdup(imp_desc->name);
	res->source = xstrdup(imp.source);
	res->snapshot = counts.snapshot;
	res->nodes = counts.nodes;
	res->edges = counts.edges;
	res->placeholders = counts.placeholders;
	res->warnings = counts.warnings;
	res->partial = info.partial;
	res->seconds = import_clock() - start;
out:
	free(name);
	free(imp.source);
	free(imp.store_error);
	free(imp.reject_error);
	return status;
}

/*
 * Make the input that stands for a folder: its manifest, marked as a
 * folder. Returns NULL with *errp set when a file in it cannot be read.
 */
static struct input *
import_folder_input(const char *path, char **errp)
{
	struct folder_list	 files;
	struct input		*in;
	const char		*slash;
	char			*manifest;
	size_t			 len;

	if (folder_list(path, &files, errp) == -1)
		return NULL;
	manifest = folder_manifest(&files, &len, errp);
	folder_list_free(&files);
	if (manifest == NULL)
		return NULL;
	in = input_from_memory(path, manifest, len);
	in->folder = 1;
	slash = strrchr(in->path, '/');
	in->name = slash != NULL && slash[1] != '\0' ? slash + 1 : in->path;
	return in;
}

/* Open one file, pick its importer and import it. */
static enum import_status
import_file(struct store *s, const struct import_file *f,
    const struct import_options *opts, struct import_result *res,
    int *skipped, char **errp)
{
	const struct importer	*desc;
	struct input		*in;
	enum import_status	 status;

	*skipped = 0;
	if (f->folder != NULL) {
		if ((in = import_folder_input(f->path, errp)) == NULL)
			return IMPORT_REJECTED;
		status = import_one(s, in, f->folder, opts, 1, res, errp);
		input_close(in);
		return status;
	}
	if (input_open(f->path, INPUT_MAX_SIZE, &in, errp) == -1)
		return IMPORT_REJECTED;
	if (opts->format != NULL)
		desc = importer_find(opts->format);
	else
		desc = importer_sniff(in);
	if (desc == NULL && opts->format == NULL && f->from_dir) {
		import_print(opts, "note: %s: skipped, not a format trustwalk "
		    "reads", f->path);
		*skipped = 1;
		input_close(in);
		return IMPORT_OK;
	}
	if (desc == NULL) {
		if (opts->format != NULL)
			*errp = xasprintf("unknown format \"%s\"; \"trustwalk "
			    "formats\" lists them", opts->format);
		else
			*errp = xasprintf("%s: not a format trustwalk reads; "
			    "\"trustwalk formats\" lists them, and --format "
			    "forces one", f->path);
		input_close(in);
		return IMPORT_REJECTED;
	}
	status = import_one(s, in, desc, opts, 1, res, errp);
	input_close(in);
	return status;
}

enum import_status
import_files(struct store *s, const char *const *paths, size_t npaths,
    const struct import_options *opts, struct import_result **results,
    size_t *nresults, char **errp)
{
	struct import_files_list	 files;
	struct import_result		*res;
	const struct importer		*folder;
	struct stat			 st;
	enum import_status		 status = IMPORT_OK;
	size_t				 i, n = 0;
	int				 skipped;

	*results = NULL;
	*nresults = 0;
	memset(&files, 0, sizeof(files));
	for (i = 0; i < npaths; i++) {
		if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if ((folder = import_folder_importer(paths[i], opts)) !=
			    NULL)
				import_list_add(&files, paths[i], 0, folder);
			else if (import_walk_dir(&files, paths[i], 0, opts,
			    errp) == -1) {
				status = IMPORT_REJECTED;
				goto out;
			}
		} else
			import_list_add(&files, paths[i], 0, NULL);
	}

	res = xcalloc(files.n + 1, sizeof(*res));
	*results = res;
	if (store_begin(s, errp) == -1) {
		status = IMPORT_STORE_ERROR;
		goto out;
	}
	for (i = 0; i < files.n; i++) {
		status = import_file(s, &files.v[i], opts, &res[n], &skipped,
		    errp);
		if (status != IMPORT_OK)
			break;
		if (!skipped)
			n++;
	}
	if (status == IMPORT_OK && !opts->dry_run &&
	    store_commit(s, errp) == -1)
		status = IMPORT_STORE_ERROR;
	if (status == IMPORT_OK && opts->dry_run)
		store_rollback(s);
	if (status != IMPORT_OK) {
		store_rollback(s);
		import_results_free(res, n);
		*results = NULL;
		n = 0;
	}
	*nresults = n;
out:
	for (i = 0; i < files.n; i++)
		free(files.v[i].path);
	free(files.v);
	return status;
}

void
import_result_clear(struct import_result *r)
{
	free(r->path);
	free(r->format);
	free(r->source);
	memset(r, 0, sizeof(*r));
}

void
import_results_free(struct import_result *v, size_t n)
{
	size_t	 i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		import_result_clear(&v[i]);
	free(v);
}

enum import_status
import_buffer(struct store *s, const char *name, const char *data,
    size_t len, const struct import_options *opts, struct import_result *res,
    char **errp)
{
	const struct importer	*desc;
	struct input		*in;
	enum import_status	 status;
	char			*copy;

	memset(res, 0, sizeof(*res));
	copy = xmalloc(len + 1);
	memcpy(copy, data, len);
	in = input_from_memory(name, copy, len);
	desc = opts->format != NULL ? importer_find(opts->format) :
	    importer_sniff(in);
	if (desc == NULL) {
		*errp = xasprintf("%s: not a format trustwalk reads", name);
		input_close(in);
		return IMPORT_REJECTED;
	}
	if (store_in_transaction(s)) {
		/* The caller's transaction: it commits or rolls back. */
		status = import_one(s, in, desc, opts, 0, res, errp);
		goto out;
	}
	if (store_begin(s, errp) == -1) {
		input_close(in);
		return IMPORT_STORE_ERROR;
	}
	status = import_one(s, in, desc, opts, 0, res, errp);
	if (status != IMPORT_OK || opts->dry_run)
		store_rollback(s);
	else if (store_commit(s, errp) == -1)
		status = IMPORT_STORE_ERROR;
out:
	if (status != IMPORT_OK)
		import_result_clear(res);
	input_close(in);
	return status;
}

enum import_status
import_at(struct store *s, const char *path,
    const struct import_options *opts, struct import_result *res,
    char **errp)
{
	struct import_file	 f;
	struct stat		 st;
	enum import_status	 status;
	int			 skipped, own = !store_in_transaction(s);

	memset(res, 0, sizeof(*res));
	memset(&f, 0, sizeof(f));
	f.path = xstrdup(path);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
	    (f.folder = import_folder_importer(path, opts)) == NULL) {
		*errp = xasprintf("%s: no format trustwalk reads claims this "
		    "folder", path);
		free(f.path);
		return IMPORT_REJECTED;
	}
	if (own && store_begin(s, errp) == -1) {
		free(f.path);
		return IMPORT_STORE_ERROR;
	}
	status = import_file(s, &f, opts, res, &skipped, errp);
	if (own && (status != IMPORT_OK || opts->dry_run))
		store_rollback(s);
	else if (own && store_commit(s, errp) == -1)
		status = IMPORT_STORE_ERROR;
	if (status != IMPORT_OK)
		import_result_clear(res);
	free(f.path);
	return status;
}

/* Check one list of names against a cJSON type (see import.h). */
static int
import_check_type(struct import *imp, const char *path, cJSON *rec,
    const char *const *names, int type, char **errp)
{
	const cJSON	*item;
	size_t		 i;

	for (i = 0; names != NULL && names[i] != NULL; i++) {
		item = json_get(rec, names[i]);
		if (item == NULL || cJSON_IsNull(item) ||
		    (item->type & 0xff) == type)
			continue;
		if (import_warn(imp, path, errp, "%s is not %s; ignored",
		    names[i], type == cJSON_Array ? "a list" :
		    "an object") == -1)
			return -1;
		json_drop(rec, names[i]);
	}
	return 0;
}

int
import_check_shape(struct import *imp, const char *path, cJSON *rec,
    const char *const *lists, const char *const *objects, char **errp)
{
	if (!cJSON_IsObject(rec))
		return 0;
	if (import_check_type(imp, path, rec, lists, cJSON_Array,
	    errp) == -1)
		return -1;
	return import_check_type(imp, path, rec, objects, cJSON_Object, errp);
}
