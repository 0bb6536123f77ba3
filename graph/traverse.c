/*
 * The traversal rule (see traverse.h). It looks at the trustwalk kind
 * first and at the source's own kind only where one trustwalk kind
 * mixes edges that carry trust with edges that do not.
 */
#include "traverse.h"

#include <string.h>

/*
 * The related edges whose source kinds carry control: a repository's
 * writers change its workflows and deploy to its environments, and a
 * workflow runs its jobs. Every other related edge is not walked.
 */
static const char *const traverse_related_walked[] = {
	"GH_HasWorkflow", "GH_HasEnvironment", "Runs"
};

/*
 * Grants that give read-only access, or access whose level the source
 * does not state: they neither let the holder change the repository nor
 * run its workflows, so nothing is walked through them.
 */
static const char *const traverse_grants_not_walked[] = {
	"GH_DeployKeyRead", "GH_CanAccess"
};

/* Source kinds of GitHub read-only grants start with one of these. */
static const char *const traverse_read_prefixes[] = {
	"GH_Read", "GH_View"
};

#define TRAVERSE_NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

static int
traverse_listed(const char *raw, const char *const *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (strcmp(raw, list[i]) == 0)
			return 1;
	}
	return 0;
}

/* 1 when a grants edge of source kind raw gives control. */
static int
traverse_grant_walked(const char *raw)
{
	size_t	 i, len;

	if (traverse_listed(raw, traverse_grants_not_walked,
	    TRAVERSE_NITEMS(traverse_grants_not_walked)))
		return 0;
	for (i = 0; i < TRAVERSE_NITEMS(traverse_read_prefixes); i++) {
		len = strlen(traverse_read_prefixes[i]);
		if (strncmp(raw, traverse_read_prefixes[i], len) == 0)
			return 0;
	}
	return 1;
}

int
traverse_edge_walked(enum kind_edge kind, const char *raw,
    enum kind_node dst)
{
	if (raw == NULL)
		raw = "";
	switch (kind) {
	case KIND_EDGE_STORED_IN:
		/* The credential gets nothing from the place it is kept. */
		return 0;
	case KIND_EDGE_RELATED:
		return traverse_listed(raw, traverse_related_walked,
		    TRAVERSE_NITEMS(traverse_related_walked));
	case KIND_EDGE_MEMBER_OF:
		/* Membership of an organisation or account is no control. */
		return dst != KIND_NODE_SYSTEM;
	case KIND_EDGE_GRANTS:
		return traverse_grant_walked(raw);
	default:
		return 1;
	}
}
