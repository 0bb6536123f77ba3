/*
 * Fuzz target for one importer, named by FUZZ_IMPORTER when this file is
 * compiled (the Makefile builds one target per name in FUZZ_IMPORTERS).
 * Seeds come from tests/fixtures/NAME and tests/bad/NAME.
 *
 * Each input goes through the real import path into a case in memory,
 * inside a transaction that is rolled back afterwards, so every run
 * starts from the same empty case. When the import succeeds the model is
 * loaded from it, and the list, a walk and its attribute page are drawn
 * for a few nodes into a canvas, with no terminal, and the nodes are
 * written as ls writes them in JSON.
 *
 * Invariants: a rejected input has a message; an imported one has
 * consistent counts; no canvas cell is a control or hidden character; the
 * JSON written parses back.
 */
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
	st = import_buffer(s, "fuzz-input", (const char *)data, size, &opts,
	    &res, &err);
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
