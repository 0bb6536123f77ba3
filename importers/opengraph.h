/*
 * Mapping of OpenGraph source kinds onto trustwalk kinds, shared by the
 * OpenGraph importer and exporter.
 */
#ifndef OPENGRAPH_H
#define OPENGRAPH_H

#include <cjson/cJSON.h>

#include "kind.h"

struct jsonw;

/*
 * Map one source node kind: returns 1 and sets *kind and
 * *credential_type (NULL when it names none) when the name maps onto a
 * trustwalk kind, else 0. A node takes the mapping of its first kind
 * that has one.
 */
int		 opengraph_node_map(const char *name, enum kind_node *kind,
		    const char **credential_type);

/* The trustwalk kind for a source edge kind. */
enum kind_edge	 opengraph_edge_kind(const char *raw);

/* Write a property value that is not an object or array. */
void		 opengraph_write_scalar(struct jsonw *, const cJSON *);

#endif
