/*
 * Private parts of the OpenGraph importer, shared by opengraph.c (the
 * document, nodes and their properties) and opengraph_edge.c (edges and
 * the matching of their endpoints).
 */
#ifndef OPENGRAPH_INT_H
#define OPENGRAPH_INT_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "arena.h"
#include "kind.h"
#include "strbuf.h"

struct hmap;
struct import;
struct input;

/* An endpoint that must be looked up once all nodes are known. */
struct og_ref {
	char	*own_key;	/* an id that may name another source's node */
	char	*lookup;	/* index text: name or property matchers */
	char	*kind;		/* required node kind, or NULL */
	char	*shown;		/* what to print in a warning */
};

/* One source node kind, mapped as opengraph_node_map() maps it. */
struct og_node_memo {
	int		 mapped;
	enum kind_node	 kind;
	const char	*credential_type;
};

struct og_deferred {
	char		*path;
	char		*raw;
	enum kind_edge	 kind;
	unsigned	 flags;
	char		*attrs;
	char		*start_key;	/* resolved already, or NULL */
	char		*end_key;
	struct og_ref	 start;
	struct og_ref	 end;
};

struct og_state {
	struct import		*imp;
	const struct input	*in;
	char			*prefix;	/* key prefix, e.g. "github" */
	int			 index_names;	/* some edge matches by name */
	char			**match_props;	/* properties matched on */
	size_t			 nmatch_props;
	struct hmap		*index;		/* lookup text -> node */
	char			**index_keys;	/* node keys, by index value */
	size_t			 nindex_keys;
	size_t			 capindex_keys;
	struct og_deferred	*deferred;
	size_t			 ndeferred;
	size_t			 capdeferred;
	struct arena		 arena;
	struct hmap		*edge_kinds;	/* source edge kind -> kind */
	struct hmap		*node_kinds;	/* source node kind -> memo */
	struct og_node_memo	*node_memos;
	size_t			 nnode_memos;
	size_t			 capnode_memos;
	int			 saw_graph;
	int			 trustwalk;	/* a trustwalk export */
	/* Text of the edge that og_on_edge_text() emits. */
	struct strbuf		 plain_kind;
	enum kind_edge		 plain_kind_mapped; /* of plain_kind */
	struct strbuf		 plain_start;	/* "<prefix>:" and an id */
	struct strbuf		 plain_end;
	size_t			 plain_prefix_len; /* of "<prefix>:", or 0 */
	struct strbuf		 plain_attrs;
};

/* Index value that marks a lookup text shared by several nodes. */
#define OG_AMBIGUOUS	UINT64_MAX

/* opengraph.c */
int		 og_present(const cJSON *, const char *name);
const char	*og_id(const cJSON *, const char *name, char *buf);
int		 og_attrs(struct og_state *, const char *path, const cJSON *props,
		    struct strbuf *out, char **errp);

/* opengraph_edge.c */
int		 og_on_edge_scan(void *ctx, const char *path, cJSON *value,
		    const char *problem, char **errp);
int		 og_on_edge_scan_text(void *ctx, const char *path,
		    const char *text, size_t len, char **errp);
int		 og_on_edge(void *ctx, const char *path, cJSON *value,
		    const char *problem, char **errp);
void		 og_index_node(struct og_state *, const char *key,
		    const char *name, const cJSON *kinds, const cJSON *props);
int		 og_resolve_deferred(struct og_state *, char **errp);
void		 og_ref_free(struct og_ref *);
int		 og_foreign_looking(const struct og_state *, const char *id);
enum kind_edge	 og_map_edge_kind(const struct og_state *, const char *raw);
int		 og_emit_edge(struct og_state *, const char *src,
		    const char *dst, enum kind_edge, const char *raw,
		    unsigned flags, const char *attrs, const char *conditions);

/* opengraph_plain.c */
int		 og_on_edge_text(void *ctx, const char *path, const char *text,
		    size_t len, char **errp);

#endif
