/*
 * Fuzz target for one importer, named by FUZZ_IMPORTER when this file is
 * compiled (the Makefile builds one target per name in FUZZ_IMPORTERS).
 * Seeds are named in tests/fuzz/importer-seeds, else tests/fixtures/NAME
 * and tests/bad/NAME.
 *
 * Each input goes through the real import path into a case in memory,
 * inside a transaction that is rolled back afterwards, so every run
 * starts from the same empty case. Most importers read the input from
 * memory. An importer that opens its input by path (ROADrecon's SQLite
 * file) reads it from a temporary file. A format that only comes as a
 * folder (GitHub REST) reads a temporary folder that the input is split
 * into: each line "== PATH" starts a file at PATH in the folder, and text
 * before the first such line is the file FUZZ_FIRST_FILE.
 *
 * When the import succeeds the model is loaded from it. The list, a walk
 * and its attribute page are drawn for a few nodes into a canvas, with no
 * terminal, and the nodes are written as ls writes them in JSON.
 *
 * Invariants: a rejected input has a message; an imported one has
 * consistent counts; no canvas cell is a control or hidden character; the
 * JSON written parses back.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <unistd.h>

#include <string.h>

#include "app.h"
#include "cmd.h"
#include "fuzz.h"
#include "import.h"
#include "json.h"
#include "jsonw.h"
#include "model.h"
#include "scenario.h"
#include "store.h"
#include "strbuf.h"
#include "views.h"

#ifndef FUZZ_IMPORTER
#error "compile with -DFUZZ_IMPORTER='\"name\"'"
#endif

#define FUZZ_WALKS	2	/* nodes walked per input */
#define FUZZ_JSON_NODES	64	/* nodes written as JSON per input */
#define FUZZ_MAX_FILES	32	/* files of one folder input */
#define FUZZ_MAX_DEPTH	4	/* folders in one of its paths */
#define FUZZ_FIRST_FILE	"org.json"

/* How an importer reads the fuzz input. */
enum fuzz_mode {
	FUZZ_MEMORY,		/* import_buffer() */
	FUZZ_FILE,		/* a temporary file */
	FUZZ_FOLDER		/* a temporary folder of files */
};

/* The importers that cannot read the input from memory. */
static const struct {
	const char	*name;
	enum fuzz_mode	 mode;
} fuzz_modes[] = {
	{ "roadrecon", FUZZ_FILE },
	{ "github-rest", FUZZ_FOLDER },
};

static enum fuzz_mode
fuzz_mode(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(fuzz_modes) / sizeof(fuzz_modes[0]); i++) {
		if (strcmp(fuzz_modes[i].name, FUZZ_IMPORTER) == 0)
			return fuzz_modes[i].mode;
	}
	return FUZZ_MEMORY;
}

/* Remove everything inside the folder dir, recursively. */
static void
fuzz_empty_dir(const char *dir)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	char		*path;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") ==
		    0)
			continue;
		if (asprintf(&path, "%s/%s", dir, de->d_name) == -1)
			abort();
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			fuzz_empty_dir(path);
			rmdir(path);
		} else
			unlink(path);
		free(path);
	}
	closedir(d);
}

/* Write len bytes to a new file at path; returns 0 or -1. */
static int
fuzz_write(const char *path, const uint8_t *data, size_t len)
{
	FILE	*fp;
	int	 rc = 0;

	if ((fp = fopen(path, "wb")) == NULL)
		return -1;
	if (len > 0 && fwrite(data, 1, len, fp) != len)
		rc = -1;
	if (fclose(fp) != 0)
		rc = -1;
	return rc;
}

/*
 * Turn the PATH of a "== PATH" line into a safe relative path: letters,
 * digits, '.', '_', '-' and at most FUZZ_MAX_DEPTH '/' separators, with
 * no empty part and no part that starts with '.'. Other bytes become '_'.
 */
static void
fuzz_clean_path(const uint8_t *p, size_t len, struct strbuf *out)
{
	size_t	 i, depth = 0;
	int	 start = 1, c;

	strbuf_reset(out);
	for (i = 0; i < len && out->len < 200; i++) {
		c = p[i];
		if (c == '/' && !start && depth < FUZZ_MAX_DEPTH) {
			strbuf_addch(out, '/');
			depth++;
			start = 1;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		    c == '-') || (start && c == '.'))
			c = '_';
		strbuf_addch(out, c);
		start = 0;
	}
	if (start)
		strbuf_addch(out, '_');
}

/*
 * Write one file of a folder input at rel under dir, creating its
 * folders. A path that runs into an earlier file or folder is skipped.
 */
static void
fuzz_folder_file(const char *dir, const char *rel, const uint8_t *data,
    size_t len)
{
	struct strbuf	 sb;
	const char	*slash;

	strbuf_init(&sb);
	for (slash = strchr(rel, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/%.*s", dir, (int)(slash - rel), rel);
		if (mkdir(sb.buf, 0700) == -1 && errno != EEXIST)
			goto out;
	}
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/%s", dir, rel);
	if (access(sb.buf, F_OK) == -1)
		fuzz_write(sb.buf, data, len);
out:
	strbuf_free(&sb);
}

/* Split the input into the files of the folder dir (see the top). */
static void
fuzz_split(const char *dir, const uint8_t *data, size_t size)
{
	static const char	 mark[] = "\n== ";
	struct strbuf		 rel;
	const uint8_t		*end = data + size, *body = data, *path = NULL;
	const uint8_t		*next, *eol;
	size_t			 nfiles = 0;

	strbuf_init(&rel);
	strbuf_addstr(&rel, FUZZ_FIRST_FILE);
	if (size >= 3 && memcmp(data, "== ", 3) == 0)
		path = data + 3;
	for (;;) {
		if (path == NULL) {
			next = memmem(body, (size_t)(end - body), mark,
			    sizeof(mark) - 1);
			fuzz_folder_file(dir, rel.buf, body, next != NULL ?
			    (size_t)(next + 1 - body) : (size_t)(end - body));
			if (next == NULL || ++nfiles >= FUZZ_MAX_FILES)
				break;
			path = next + sizeof(mark) - 1;
		}
		eol = memchr(path, '\n', (size_t)(end - path));
		fuzz_clean_path(path, (size_t)((eol != NULL ? eol : end) -
		    path), &rel);
		body = eol != NULL ? eol + 1 : end;
		path = NULL;
	}
	strbuf_free(&rel);
}

/*
 * A private scratch folder for the inputs written to disk: in $TMPDIR
 * when set, else in /dev/shm when it is there (memory, several times
 * faster than a disk for the many small files of each run), else /tmp.
 */
static char	 fuzz_scratch_dir[64];

/* Remove the scratch folder when the process exits. */
static void
fuzz_scratch_remove(void)
{
	fuzz_empty_dir(fuzz_scratch_dir);
	rmdir(fuzz_scratch_dir);
}

static const char *
fuzz_scratch(void)
{
	const char	*tmp = getenv("TMPDIR");

	if (fuzz_scratch_dir[0] != '\0')
		return fuzz_scratch_dir;
	if (tmp == NULL || strlen(tmp) >= 40)
		tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(fuzz_scratch_dir, sizeof(fuzz_scratch_dir),
	    "%s/tw-fuzz-XXXXXX", tmp);
	if (mkdtemp(fuzz_scratch_dir) == NULL)
		fuzz_fail("mkdtemp", __FILE__, __LINE__);
	atexit(fuzz_scratch_remove);
	return fuzz_scratch_dir;
}

/* Import the input in the importer's mode (see import_buffer()). */
static enum import_status
fuzz_import(struct store *s, const uint8_t *data, size_t size,
    const struct import_options *opts, struct import_result *res,
    char **errp)
{
	const char		*dir;
	char			*path;
	enum import_status	 st;

	if (fuzz_mode() == FUZZ_MEMORY)
		return import_buffer(s, "fuzz-input", (const char *)data, size,
		    opts, res, errp);
	dir = fuzz_scratch();
	fuzz_empty_dir(dir);
	if (asprintf(&path, "%s/input", dir) == -1)
		abort();
	if (fuzz_mode() == FUZZ_FILE) {
		if (fuzz_write(path, data, size) == -1)
			fuzz_fail(path, __FILE__, __LINE__);
	} else {
		if (mkdir(path, 0700) == -1)
			fuzz_fail(path, __FILE__, __LINE__);
		fuzz_split(path, data, size);
	}
	st = import_at(s, path, opts, res, errp);
	free(path);
	return st;
}

/* Draw the top view of the app into its canvas and check the cells. */
static void
fuzz_draw(struct app *a)
{
	struct view	*top = a->stack[a->depth - 1];

	canvas_clear(&a->canvas);
	top->ops->draw(top, a, &a->canvas, 1, a->canvas.h - 2);
	fuzz_check_canvas(&a->canvas);
}

/* Draw the list, then a walk and its attributes for the first nodes. */
static void
fuzz_views(struct store *s, struct model *m)
{
	struct cli	 cli;
	struct app	 a;
	size_t		 v;

	memset(&cli, 0, sizeof(cli));
	memset(&a, 0, sizeof(a));
	a.cli = &cli;
	a.store = s;
	a.model = m;
	a.mark = -1;
	scenario_init(&a.sc, m);
	canvas_init(&a.canvas);
	canvas_resize(&a.canvas, 60, 16);
	app_push(&a, list_create(&a));
	fuzz_draw(&a);
	for (v = 0; v < m->nnodes && v < FUZZ_WALKS; v++) {
		app_push(&a, walk_create(&a, v));
		fuzz_draw(&a);
		a.stack[a.depth - 1]->ops->key(a.stack[a.depth - 1], &a, 'a');
		fuzz_draw(&a);
	}
	while (a.depth > 0) {
		a.depth--;
		a.stack[a.depth]->ops->free(a.stack[a.depth]);
	}
	free(a.status);
	canvas_free(&a.canvas);
	scenario_free(&a.sc);
}

/* Write nodes as "ls --format json" does and parse the result back. */
static void
fuzz_json(const struct model *m)
{
	struct strbuf	 sb;
	struct jsonw	 w;
	cJSON		*tree;
	char		*err = NULL;
	size_t		 v;

	strbuf_init(&sb);
	jsonw_init(&w, &sb, 0);
	jsonw_array_begin(&w);
	for (v = 0; v < m->nnodes && v < FUZZ_JSON_NODES; v++)
		cmd_node_json(&w, m, v);
	jsonw_array_end(&w);
	fuzz_check_text(sb.buf, sb.len, 0);
	tree = json_parse(sb.buf, sb.len, "ls.json", NULL, &err);
	if (tree == NULL)
		fprintf(stderr, "ls JSON does not parse: %s\n", err);
	FUZZ_CHECK(tree != NULL);
	cJSON_Delete(tree);
	strbuf_free(&sb);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct store	*s;
	struct import_options	 opts;
	struct import_result	 res;
	enum import_status	 st;
	struct model		*m = NULL;
	char			*err = NULL;

	fuzz_locale();
	if (s == NULL) {
		/* As main() does: igraph errors return instead of aborting. */
		model_igraph_setup(NULL);
		if (store_open(NULL, STORE_MEMORY, &s, &err) == -1)
			fuzz_fail(err, __FILE__, __LINE__);
	}

	memset(&opts, 0, sizeof(opts));
	opts.format = FUZZ_IMPORTER;
	opts.now = 1700000000;
	FUZZ_CHECK(store_begin(s, &err) == 0);
	st = fuzz_import(s, data, size, &opts, &res, &err);
	if (st != IMPORT_OK) {
		FUZZ_CHECK(st == IMPORT_REJECTED);
		FUZZ_CHECK(err != NULL && *err != '\0');
		goto out;
	}
	FUZZ_CHECK(res.nodes >= res.placeholders && res.edges >= 0);
	FUZZ_CHECK(res.partial == (res.warnings > 0));
	if (model_load(s, &m, &err) == -1)
		fuzz_fail(err, __FILE__, __LINE__);
	FUZZ_CHECK(m->nnodes == (size_t)res.nodes);
	fuzz_views(s, m);
	fuzz_json(m);
	model_free(m);
out:
	store_rollback(s);
	import_result_clear(&res);
	free(err);
	return 0;
}
