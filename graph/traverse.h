/*
 * Which edges carry trust: the one rule every walk follows.
 *
 * An edge is walked when holding its start gives the holder what its end
 * can do. Most kinds do, read the way trust flows. Some edges only say
 * where a thing lives or who may look at it: a credential stored in a
 * place, a system that contains another, membership of an organisation,
 * read-only access. Walking those would hand a credential everything its
 * namespace holds, or every reader of a repository its workflows, so the
 * model marks them not walked when it loads (MODEL_EDGE_NOT_WALKED) and
 * reach, who-can, paths, blast radius, crown jewels, chokepoints and the
 * findings skip them like an edge its source marks not traversable. The
 * table is in docs/analyses.md ("Which edges a walk follows").
 */
#ifndef TRAVERSE_H
#define TRAVERSE_H

#include "kind.h"

/*
 * 1 when walks follow an edge of trustwalk kind kind, source kind raw,
 * that ends on a node of kind dst; 0 when it is shown but never walked.
 */
int	 traverse_edge_walked(enum kind_edge kind, const char *raw,
	    enum kind_node dst);

#endif
