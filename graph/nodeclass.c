/*
 * Classification of nodes from attributes (see nodeclass.h).
 */
#include "nodeclass.h"

#include <string.h>

#include "model.h"

const char *const nodeclass_attrs[] = {
	"privilege_class", "class", "escalation", "crown_jewel", "tier_zero"
};
const size_t nodeclass_nattrs = sizeof(nodeclass_attrs) /
    sizeof(nodeclass_attrs[0]);

struct nodeclass_value {
	const char	*value;		/* lower case, '-' for '_' */
	unsigned	 flags;
};

static const struct nodeclass_value nodeclass_values[] = {
	{ "admin", MODEL_NODE_ADMIN },
	{ "admin-equivalent", MODEL_NODE_ADMIN },
	{ "administrator", MODEL_NODE_ADMIN },
	{ "privilege-escalation", MODEL_NODE_ESCALATION },
	{ "escalation", MODEL_NODE_ESCALATION },
};

/* 1 when value equals want, ignoring ASCII case and '_' against '-'. */
static int
nodeclass_equal(const char *value, const char *want)
{
	int	 a, b;

	for (; *value != '\0' && *want != '\0'; value++, want++) {
		a = (unsigned char)*value;
		b = (unsigned char)*want;
		if (a >= 'A' && a <= 'Z')
			a += 'a' - 'A';
		if (a == '_')
			a = '-';
		if (a != b)
			return 0;
	}
	return *value == '\0' && *want == '\0';
}

unsigned
nodeclass_flags(const char *name, const char *value)
{
	size_t	 i;

	if (strcmp(name, "escalation") == 0) {
		/* A reason (such as "bind"), or true; not false or empty. */
		if (*value == '\0' || strcmp(value, "0") == 0 ||
		    nodeclass_equal(value, "false") ||
		    nodeclass_equal(value, "no"))
			return 0;
		return MODEL_NODE_ESCALATION;
	}
	if (strcmp(name, "crown_jewel") == 0 || strcmp(name, "tier_zero") == 0) {
		if (strcmp(value, "1") == 0 || nodeclass_equal(value, "true") ||
		    nodeclass_equal(value, "yes"))
			return MODEL_NODE_TIER_ZERO;
		return 0;
	}
	for (i = 0; i < sizeof(nodeclass_values) / sizeof(nodeclass_values[0]);
	    i++) {
		if (nodeclass_equal(value, nodeclass_values[i].value))
			return nodeclass_values[i].flags;
	}
	return 0;
}
