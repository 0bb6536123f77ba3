/*
 * The list of export formats, the selection and the helpers the formats
 * share (see export.h).
 */
#include "export.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "annot.h"
#include "jsonw.h"
#include "model.h"
#include "query.h"
#include "sanitize.h"
#include "store.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

static const struct exporter *const export_all[] = {
	&export_opengraph,
	&export_graphml,
	&export_dot,
	&export_csv,
	&export_jsonl,
	&export_md,
};

#define EXPORT_COUNT	(sizeof(export_all) / sizeof(export_all[0]))

const struct exporter *const *
export_list(size_t *n)
{
	*n = EXPORT_COUNT;
	return export_all;
}

const struct exporter *
export_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < EXPORT_COUNT; i++) {
		if (strcmp(export_all[i]->name, name) == 0)
			return export_all[i];
	}
	return NULL;
}

void
export_init(struct export_ctx *x, struct store *s, const struct model *m,
    const struct annot *annot, int64_t now)
{
	struct store_view	 view;

	memset(x, 0, sizeof(*x));
	x->store = s;
	x->m = m;
	x->annot = annot;
	x->now = now;
	x->out = stdout;
	x->selected = xcalloc(m->nnodes + 1, 1);
	x->reach_from = -1;
	x->reach_depth = -1;
	x->selection = xstrdup("nothing");
	store_get_view(s, &view);
	store_view_describe(&view, x->view, sizeof(x->view));
	store_view_clear(&view);
}

void
export_free(struct export_ctx *x)
{
	free(x->selected);
	free(x->selection);
	if (x->reach_from >= 0)
		reach_free(&x->reach);
}

void
export_describe(struct export_ctx *x, const char *fmt, ...)
{
	va_list	 ap;

	free(x->selection);
	va_start(ap, fmt);
	x->selection = xvasprintf(fmt, ap);
	va_end(ap);
}

void
export_select_node(struct export_ctx *x, size_t v)
{
	if (!x->selected[v]) {
		x->selected[v] = 1;
		x->nselected++;
	}
}

void
export_select_all(struct export_ctx *x)
{
	size_t	 v;

	for (v = 0; v < x->m->nnodes; v++)
		export_select_node(x, v);
	export_describe(x, "the whole case");
}

int
export_select_filter(struct export_ctx *x, const char *filter, char **errp)
{
	struct query		*q;
	struct query_ctx	 ctx;
	size_t			 v;

	if (query_compile(filter, &q, errp) == -1)
		return -1;
	memset(&ctx, 0, sizeof(ctx));
	ctx.m = x->m;
	ctx.now = x->now;
	query_bind(q, &ctx);
	for (v = 0; v < x->m->nnodes; v++) {
		if (query_eval(q, v, NULL, 0))
			export_select_node(x, v);
	}
	query_free(q);
	export_describe(x, "the nodes matching \"%s\"", filter);
	return 0;
}

void
export_select_tag(struct export_ctx *x, const char *tag)
{
	size_t	 v;

	for (v = 0; v < x->m->nnodes; v++) {
		if (annot_has_tag(export_annot(x, v), tag))
			export_select_node(x, v);
	}
	export_describe(x, "the nodes tagged %s", tag);
}

void
export_select_reach(struct export_ctx *x, size_t v, int depth)
{
	size_t	 i;

	if (x->reach_from < 0)
		reach_init(&x->reach, x->m);
	x->reach_from = (int64_t)v;
	x->reach_depth = depth;
	memset(&x->reach_filter, 0, sizeof(x->reach_filter));
	x->reach_filter.kinds = REACH_KINDS_STRICT;
	/* A walk of depth 0 (no limit to reach) cannot stop at its start. */
	if (depth == 0)
		reach_run_set(&x->reach, NULL, 0, 0, &x->reach_filter, 0, NULL);
	else
		reach_run(&x->reach, v, 0, &x->reach_filter,
		    depth < 0 ? 0 : (uint32_t)depth, NULL);
	export_select_node(x, v);
	for (i = 0; i < x->reach.count; i++)
		export_select_node(x, x->reach.order[i]);
	if (depth >= 0)
		export_describe(x, "what %s reaches within %d steps",
		    x->m->key[v], depth);
	else
		export_describe(x, "what %s reaches", x->m->key[v]);
}

int
export_edge_selected(const struct export_ctx *x, size_t e)
{
	return x->selected[x->m->esrc[e]] && x->selected[x->m->edst[e]];
}

const struct annot_entry *
export_annot(const struct export_ctx *x, size_t v)
{
	return annot_get(x->annot, x->m->kid[v]);
}

/* Keep the first value of each name: the store lists the newest first. */
static int
export_collect_attr(void *ctx, const char *name, const char *value,
    const char *type, const char *source)
{
	struct export_attrs	*l = ctx;
	struct export_attr	*a;

	(void)source;
	if (export_attrs_find(l, name) != NULL)
		return 0;
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	a = &l->v[l->n++];
	a->name = xstrdup(name);
	a->value = value != NULL ? xstrdup(value) : NULL;
	a->type = xstrdup(type != NULL ? type : "null");
	return 0;
}

int
export_node_attrs(struct export_ctx *x, size_t v, struct export_attrs *l,
    char **errp)
{
	memset(l, 0, sizeof(*l));
	return store_node_attrs(x->store, x->m->kid[v], export_collect_attr, l,
	    errp);
}

int
export_edge_attrs(struct export_ctx *x, int64_t eid, struct export_attrs *l,
    char **errp)
{
	memset(l, 0, sizeof(*l));
	return store_edge_attrs(x->store, eid, export_collect_attr, l, errp);
}

void
export_attrs_free(struct export_attrs *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].value);
		free(l->v[i].type);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

const struct export_attr *
export_attrs_find(const struct export_attrs *l, const char *name)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	}
	return NULL;
}

void
export_json_value(struct jsonw *w, const struct export_attr *a)
{
	const char	*v = a->value;

	if (v == NULL || strcmp(a->type, "null") == 0)
		jsonw_null(w);
	else if (strcmp(a->type, "true") == 0 ||
	    strcmp(a->type, "false") == 0)
		jsonw_bool(w, a->type[0] == 't');
	else if ((strcmp(a->type, "integer") == 0 ||
	    strcmp(a->type, "real") == 0) && *v != '\0' &&
	    strspn(v, "0123456789+-.eE") == strlen(v))
		jsonw_raw(w, v);
	else if (strcmp(a->type, "array") == 0 && v[0] == '[' &&
	    sanitize_is_clean(v, strlen(v), 0))
		jsonw_raw(w, v);
	else
		jsonw_str(w, v);
}

const char *
export_time(int64_t t, char *buf)
{
	if (t == TSTAMP_UNKNOWN || t == TSTAMP_NA)
		return NULL;
	return tstamp_format(t, buf);
}

int
export_open(const char *path, FILE **out, char **errp)
{
	int	 fd;

	*out = NULL;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		*errp = xasprintf("%s: cannot write the export: %s", path,
		    strerror(errno));
		return -1;
	}
	/* An existing file keeps its mode through O_CREAT; set it. */
	if (fchmod(fd, 0600) == -1 || (*out = fdopen(fd, "w")) == NULL) {
		*errp = xasprintf("%s: cannot write the export: %s", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	return 0;
}

int
export_run(struct export_ctx *x, const struct exporter *ex, const char *path,
    char **errp)
{
	FILE	*fp = stdout;
	int	 rc;

	if (path != NULL && strcmp(path, "-") != 0 &&
	    export_open(path, &fp, errp) == -1)
		return -1;
	x->out = fp;
	x->nodes_written = x->edges_written = 0;
	rc = ex->write(x, errp);
	if (fflush(fp) == EOF && rc == 0) {
		*errp = xasprintf("%s: cannot write the export: %s",
		    path != NULL ? path : "stdout", strerror(errno));
		rc = -1;
	}
	if (fp != stdout && fclose(fp) == EOF && rc == 0) {
		*errp = xasprintf("%s: cannot write the export: %s", path,
		    strerror(errno));
		rc = -1;
	}
	x->out = stdout;
	return rc;
}
