/*
 * Names of the node and edge kinds. See kind.h.
 */
#include "kind.h"

#include <string.h>

static const char *const kind_node_names[KIND_NODE_COUNT] = {
	"human", "team", "service_account", "role", "group", "credential",
	"workload", "oauth_app", "system", "policy", "privilege", "other"
};

static const char *const kind_edge_names[KIND_EDGE_COUNT] = {
	"owns", "member_of", "authenticates_as", "can_assume", "federates",
	"has_role", "has_policy", "grants", "applies_to", "runs_as", "uses",
	"stored_in", "limits", "related", "used", "assumed", "called"
};

const char *
kind_node_name(enum kind_node k)
{
	if ((unsigned)k >= KIND_NODE_COUNT)
		return "other";
	return kind_node_names[k];
}

const char *
kind_edge_name(enum kind_edge k)
{
	if ((unsigned)k >= KIND_EDGE_COUNT)
		return "related";
	return kind_edge_names[k];
}

int
kind_node_parse(const char *name)
{
	int	 i;

	for (i = 0; i < KIND_NODE_COUNT; i++) {
		if (strcmp(kind_node_names[i], name) == 0)
			return i;
	}
	return -1;
}

int
kind_edge_parse(const char *name)
{
	int	 i;

	for (i = 0; i < KIND_EDGE_COUNT; i++) {
		if (strcmp(kind_edge_names[i], name) == 0)
			return i;
	}
	return -1;
}

int
kind_node_is_identity(enum kind_node k)
{
	switch (k) {
	case KIND_NODE_HUMAN:
	case KIND_NODE_SERVICE_ACCOUNT:
	case KIND_NODE_ROLE:
	case KIND_NODE_GROUP:
	case KIND_NODE_TEAM:
	case KIND_NODE_CREDENTIAL:
	case KIND_NODE_WORKLOAD:
	case KIND_NODE_OAUTH_APP:
		return 1;
	default:
		return 0;
	}
}

int
kind_edge_is_observed(enum kind_edge k)
{
	return (unsigned)k < KIND_EDGE_COUNT &&
	    ((KIND_EDGE_OBSERVED_MASK >> k) & 1) != 0;
}
