/*
 * Exports of a case: the whole case, the nodes a filter matches, given
 * or marked nodes, or the subgraph a reach from one node covers, written
 * as OpenGraph JSON, GraphML, DOT, CSV, JSON Lines or a Markdown report.
 *
 * Each format is one file tui/export_<name>.c exporting a struct
 * exporter. export.c lists them and contains the selection and the
 * helpers they share. Exporters read the model, the store (attributes, edge
 * details, snapshots) and the annotations; they never touch curses.
 * Every string from the case goes through the sanitiser or the JSON
 * writer on its way out.
 */
#ifndef EXPORT_H
#define EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "reach.h"

struct annot;
struct annot_entry;
struct config;
struct jsonw;
struct model;
struct store;

/* The state of one export: the selection and the output. */
struct export_ctx {
	struct store		*store;
	const struct model	*m;
	const struct annot	*annot;
	int64_t			 now;		/* clock for ages and lapses */
	const struct config	*cfg;		/* thresholds and crown jewels
						   of the findings, or NULL */
	FILE			*out;
	uint8_t			*selected;	/* per node: 1 when exported */
	size_t			 nselected;
	char			*selection;	/* in words, for reports */
	int64_t			 reach_from;	/* node of a reach, or -1 */
	int			 reach_depth;	/* -1 for no limit */
	struct reach		 reach;		/* when reach_from >= 0 */
	struct reach_filter	 reach_filter;	/* the edges it follows */
	int			 csv_edges;	/* CSV: the edge table */
	char			 view[64];	/* store_view_describe() */
	size_t			 nodes_written;
	size_t			 edges_written;
};

struct exporter {
	const char	*name;
	const char	*summary;
	/* Write the selection to ctx->out; -1 with *errp on an error. */
	int		(*write)(struct export_ctx *, char **errp);
};

extern const struct exporter export_opengraph;
extern const struct exporter export_graphml;
extern const struct exporter export_dot;
extern const struct exporter export_csv;
extern const struct exporter export_jsonl;
extern const struct exporter export_md;

const struct exporter *const *export_list(size_t *n);
const struct exporter *export_find(const char *name);

/* One attribute of a node or edge, as the store gives it. */
struct export_attr {
	char	*name;
	char	*value;		/* NULL for a JSON null */
	char	*type;		/* "text", "integer", "real", "true", ... */
};

struct export_attrs {
	struct export_attr	*v;
	size_t			 n;
};

/* Start with nothing selected; the caller then selects. */
void	 export_init(struct export_ctx *, struct store *, const struct model *,
	    const struct annot *, int64_t now);
void	 export_free(struct export_ctx *);

void	 export_select_all(struct export_ctx *);
void	 export_select_node(struct export_ctx *, size_t v);
/*
 * Select the nodes matching filter (the language of query.h, without
 * blast radius or findings). Returns 0, or -1 with *errp when the filter
 * is invalid.
 */
int	 export_select_filter(struct export_ctx *, const char *filter,
	    char **errp);
void	 export_select_tag(struct export_ctx *, const char *tag);

/* Select what a reach from v covers, at most depth edges deep (-1: all). */
void	 export_select_reach(struct export_ctx *, size_t v, int depth);

/* Describe the selection in words ("nodes tagged marked"). */
void	 export_describe(struct export_ctx *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* 1 when edge e is exported: both its ends are selected. */
int	 export_edge_selected(const struct export_ctx *, size_t e);

/* The annotations of node v, or NULL. */
const struct annot_entry *export_annot(const struct export_ctx *, size_t v);

/*
 * Read the attributes of node v (the newest snapshot's value of each
 * name) or of the edge with row id eid. Returns 0, or -1 with *errp set.
 */
int	 export_node_attrs(struct export_ctx *, size_t v,
	    struct export_attrs *, char **errp);
int	 export_edge_attrs(struct export_ctx *, int64_t eid,
	    struct export_attrs *, char **errp);
void	 export_attrs_free(struct export_attrs *);

/* The attribute called name, or NULL. */
const struct export_attr *export_attrs_find(const struct export_attrs *,
	    const char *name);

/*
 * Write an attribute value as JSON: numbers and booleans as such, a list
 * as a JSON array when it is clean printable text, anything else as a
 * string.
 */
void	 export_json_value(struct jsonw *, const struct export_attr *);

/* A time for an export: ISO 8601 or "never", NULL when unknown or n/a. */
const char *export_time(int64_t t, char *buf);

/*
 * Open path for writing with mode 0600 (created or truncated, never
 * through a symbolic link). Returns 0, or -1 with *errp set.
 */
int	 export_open(const char *path, FILE **out, char **errp);

/*
 * Run an exporter on the selection, into path (stdout when NULL or "-").
 * Returns 0, or -1 with *errp set.
 */
int	 export_run(struct export_ctx *, const struct exporter *,
	    const char *path, char **errp);

#endif
