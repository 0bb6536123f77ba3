/*
 * Defaults for node and edge records. See record.h.
 */
#include "record.h"

#include <string.h>

#include "tstamp.h"

void
record_lifecycle_init(struct record_lifecycle *life)
{
	life->created_at = TSTAMP_UNKNOWN;
	life->last_used_at = TSTAMP_UNKNOWN;
	life->last_rotated_at = TSTAMP_UNKNOWN;
	life->expires_at = TSTAMP_UNKNOWN;
	life->disabled = -1;
}

void
record_node_init(struct record_node *n)
{
	memset(n, 0, sizeof(*n));
	n->kind = KIND_NODE_OTHER;
	record_lifecycle_init(&n->life);
}

void
record_edge_init(struct record_edge *e)
{
	memset(e, 0, sizeof(*e));
	e->kind = KIND_EDGE_RELATED;
}

void
record_event_init(struct record_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->at = TSTAMP_UNKNOWN;
	ev->kind = KIND_EDGE_CALLED;
}
