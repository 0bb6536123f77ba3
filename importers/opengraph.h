/*
 * Mapping of OpenGraph source kinds onto trustwalk kinds, shared by the
 * OpenGraph importer and exporter.
 */
#ifndef OPENGRAPH_H
#define OPENGRAPH_H

#include <cjson/cJSON.h>

#include "kind.h"

struct jsonw;

/* The trustwalk kind for a node's list of source kinds. */
enum kind_node	 opengraph_node_kind(const cJSON *kinds);

/* The credential type for a node's source kinds, or NULL. */
const char	*opengraph_credential_type(const cJSON *kinds);

/* The trustwalk kind for a source edge kind. */
enum kind_edge	 opengraph_edge_kind(const char *raw);

/* Write a property value that is not an object or array. */
void		 opengraph_write_scalar(struct jsonw *, const cJSON *);

#endif
