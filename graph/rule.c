/*
 * Helpers shared by the rule families (see rule.h).
 */
#include "rule.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bitset.h"
#include "cancel.h"
#include "hmap.h"
#include "model.h"
#include "nodeattr.h"
#include "tstamp.h"
#include "xalloc.h"

#define RULE_POLL_STEPS	4096

const char *const rule_attr_names[RULE_ATTR_COUNT] = {
	"fingerprint", "fingerprint:*", "mfa", "mfa_active",
	"password_enabled", "escalation_contact", "secret_type",
	"identity_class", "publisher", "third_party", "email", "left_at",
	"scopes", "permissions", "wildcard", "action", "verbs", "class",
	"privilege_class", "anonymous", "everyone", "tag:owner", "label:owner",
	"annotation:owner", "tag:escalation_contact",
	"label:escalation_contact", "annotation:escalation_contact"
};

/* People, teams and groups by lower-case key, email and name. */
struct rule_owners {
	struct hmap	*index;		/* text -> node + 1 */
};

const char *
rule_attr(const struct finding_ctx *ctx, enum rule_attr a, size_t v)
{
	return nodeattr_get(ctx->attrs, ctx->attr[a], v);
}

int
rule_attr_has(const struct finding_ctx *ctx, enum rule_attr a, size_t v,
    const char *want)
{
	return nodeattr_has(ctx->attrs, ctx->attr[a], v, want);
}

int
rule_attr_true(const struct finding_ctx *ctx, enum rule_attr a, size_t v)
{
	return nodeattr_true(ctx->attrs, ctx->attr[a], v);
}

int
rule_attr_false(const struct finding_ctx *ctx, enum rule_attr a, size_t v)
{
	return nodeattr_false(ctx->attrs, ctx->attr[a], v);
}

struct finding *
rule_add(struct finding_ctx *ctx, size_t v, enum finding_severity sev)
{
	struct findings	*fs = ctx->out;
	struct finding	*f;

	if (ctx->index[v] != 0) {
		f = &fs->v[ctx->index[v] - 1];
		if (sev > f->severity)
			f->severity = sev;
		return f;
	}
	if (fs->n == fs->cap) {
		fs->cap = fs->cap == 0 ? 64 : fs->cap * 2;
		fs->v = xreallocarray(fs->v, fs->cap, sizeof(*fs->v));
	}
	f = &fs->v[fs->n++];
	memset(f, 0, sizeof(*f));
	f->rule = ctx->rule;
	f->node = (uint32_t)v;
	f->severity = sev;
	f->message = "";
	f->state = FINDING_OPEN;
	f->until = TSTAMP_UNKNOWN;
	f->accepted_at = TSTAMP_UNKNOWN;
	ctx->index[v] = (uint32_t)fs->n;
	ctx->touched[ctx->ntouched++] = (uint32_t)v;
	return f;
}

void
rule_message(struct finding_ctx *ctx, struct finding *f, const char *fmt, ...)
{
	va_list	 ap;
	char	*text;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	f->message = arena_strdup(&ctx->out->arena, text);
	free(text);
}

/* Append id to a list once, up to RULE_MAX_EVIDENCE entries. */
static void
rule_append(uint32_t **list, size_t *n, size_t id)
{
	size_t	 i;

	for (i = 0; i < *n; i++) {
		if ((*list)[i] == (uint32_t)id)
			return;
	}
	if (*n >= RULE_MAX_EVIDENCE)
		return;
	if (*n == 0 || (*n & (*n - 1)) == 0)
		*list = xreallocarray(*list, *n == 0 ? 1 : *n * 2,
		    sizeof(**list));
	(*list)[(*n)++] = (uint32_t)id;
}

void
rule_related(struct finding *f, size_t v)
{
	if (v != f->node)
		rule_append(&f->related, &f->nrelated, v);
}

void
rule_edge(struct finding *f, size_t e)
{
	rule_append(&f->edges, &f->nedges, e);
}

void
rule_path(struct finding *f, const uint32_t *edges, size_t n)
{
	free(f->path);
	f->path = xreallocarray(NULL, n + 1, sizeof(*f->path));
	if (n > 0)
		memcpy(f->path, edges, n * sizeof(*edges));
	f->npath = n;
}

void
rule_value(struct finding_ctx *ctx, struct finding *f, const char *name,
    const char *value)
{
	struct finding_value	*fv;
	size_t			 i;

	for (i = 0; i < f->nvalues; i++) {
		if (strcmp(f->values[i].name, name) == 0)
			return;
	}
	f->values = xreallocarray(f->values, f->nvalues + 1,
	    sizeof(*f->values));
	fv = &f->values[f->nvalues++];
	fv->name = arena_strdup(&ctx->out->arena, name);
	fv->value = arena_strdup(&ctx->out->arena, value);
}

void
rule_time(struct finding_ctx *ctx, struct finding *f, const char *name,
    int64_t t)
{
	char	 buf[TSTAMP_BUFSZ];

	rule_value(ctx, f, name, tstamp_format(t, buf));
}

int64_t
rule_days(const struct finding_ctx *ctx, int64_t t)
{
	return (ctx->now - t) / LIFECYCLE_DAY;
}

int
rule_poll(struct finding_ctx *ctx, const char *what)
{
	if (--ctx->poll_left > 0)
		return 0;
	ctx->poll_left = RULE_POLL_STEPS;
	return cancel_poll(ctx->cancel, what, -1.0);
}

int
rule_live(const struct finding_ctx *ctx, size_t v)
{
	return !(ctx->m->nflags[v] & MODEL_NODE_MISSING) &&
	    ctx->m->life[v].disabled != 1;
}

/* 1 when one of the comma-joined source kinds ends in suffix. */
static int
rule_kinds_end(const char *kinds, const char *suffix)
{
	const char	*p = kinds, *end;
	size_t		 slen = strlen(suffix), len;

	while (*p != '\0') {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		len = (size_t)(end - p);
		if (len >= slen && strncasecmp(end - slen, suffix, slen) == 0)
			return 1;
		p = *end == ',' ? end + 1 : end;
	}
	return 0;
}

int
rule_is_agent(const struct finding_ctx *ctx, size_t v)
{
	static const char *const classes[] = {
		"agent", "ai_agent", "automation", "bot"
	};
	const char	*kinds = model_label(ctx->m, ctx->m->kinds[v]);
	size_t		 i;

	if (rule_kinds_end(kinds, "agent") || rule_kinds_end(kinds, "bot"))
		return 1;
	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		if (rule_attr_has(ctx, RULE_ATTR_IDENTITY_CLASS, v, classes[i]))
			return 1;
	}
	return 0;
}

int
rule_is_machine(const struct finding_ctx *ctx, size_t v)
{
	enum kind_node	 k = ctx->m->kind[v];

	if (k == KIND_NODE_SERVICE_ACCOUNT || k == KIND_NODE_OAUTH_APP)
		return 1;
	return (k == KIND_NODE_WORKLOAD || k == KIND_NODE_HUMAN) &&
	    rule_is_agent(ctx, v);
}

int
rule_gone(const struct finding_ctx *ctx, size_t v)
{
	const char	*left;
	int64_t		 t;

	if ((ctx->m->nflags[v] & MODEL_NODE_MISSING) ||
	    ctx->m->life[v].disabled == 1)
		return 1;
	left = rule_attr(ctx, RULE_ATTR_LEFT_AT, v);
	return left != NULL && tstamp_parse(left, &t) == 0 && t <= ctx->now;
}

const char *
rule_contact(const struct finding_ctx *ctx, size_t v)
{
	static const enum rule_attr	 attrs[] = {
		RULE_ATTR_ESCALATION_CONTACT, RULE_ATTR_TAG_CONTACT,
		RULE_ATTR_LABEL_CONTACT, RULE_ATTR_ANNOTATION_CONTACT
	};
	const char			*s;
	size_t				 i;

	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		if ((s = rule_attr(ctx, attrs[i], v)) != NULL)
			return s;
	}
	return NULL;
}

/* The owner named for node v: by its importer, else by a tag. */
static const char *
rule_owner_text(const struct finding_ctx *ctx, size_t v)
{
	static const enum rule_attr	 attrs[] = {
		RULE_ATTR_TAG_OWNER, RULE_ATTR_LABEL_OWNER,
		RULE_ATTR_ANNOTATION_OWNER
	};
	const char			*s;
	size_t				 i;

	if (ctx->m->owner[v] != 0)
		return model_label(ctx->m, ctx->m->owner[v]);
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		if ((s = rule_attr(ctx, attrs[i], v)) != NULL)
			return s;
	}
	return NULL;
}

int
rule_follows(const struct finding_ctx *ctx, size_t e)
{
	return reach_edge_allowed(ctx->m, e, &ctx->f);
}

/* Index a text in lower case for owner lookups. */
static void
rule_owners_put(struct hmap *index, const char *text, size_t v)
{
	uint64_t	 val;
	char		*low;
	size_t		 i, len = strlen(text);

	if (len == 0)
		return;
	low = xstrndup(text, len);
	for (i = 0; i < len; i++)
		low[i] = (char)tolower((unsigned char)low[i]);
	if (!hmap_get(index, low, len, &val))
		hmap_put(index, low, len, v + 1);
	free(low);
}

/* Build the lookup of people, teams and groups by email and name. */
static struct rule_owners *
rule_owners_build(struct finding_ctx *ctx)
{
	const struct model	*m = ctx->m;
	struct rule_owners	*o = xcalloc(1, sizeof(*o));
	const char		*email;
	size_t			 v;

	o->index = hmap_create(1024);
	for (v = 0; v < m->nnodes; v++) {
		if (m->kind[v] != KIND_NODE_HUMAN &&
		    m->kind[v] != KIND_NODE_TEAM &&
		    m->kind[v] != KIND_NODE_GROUP)
			continue;
		if ((email = rule_attr(ctx, RULE_ATTR_EMAIL, v)) != NULL)
			rule_owners_put(o->index, email, v);
	}
	for (v = 0; v < m->nnodes; v++) {
		if (m->kind[v] == KIND_NODE_HUMAN ||
		    m->kind[v] == KIND_NODE_TEAM ||
		    m->kind[v] == KIND_NODE_GROUP)
			rule_owners_put(o->index, m->name[v], v);
	}
	return o;
}

void
rule_owners_free(struct finding_ctx *ctx)
{
	if (ctx->owners == NULL)
		return;
	hmap_free(ctx->owners->index);
	free(ctx->owners);
	ctx->owners = NULL;
}

/* The node an owner attribute names, or -1. */
static int64_t
rule_owner_node(struct finding_ctx *ctx, const char *text)
{
	uint64_t	 val;
	int64_t		 v;
	char		*low;
	size_t		 i, len = strlen(text);

	if ((v = model_find(ctx->m, text)) >= 0)
		return v;
	if (ctx->owners == NULL)
		ctx->owners = rule_owners_build(ctx);
	low = xstrndup(text, len);
	for (i = 0; i < len; i++)
		low[i] = (char)tolower((unsigned char)low[i]);
	v = hmap_get(ctx->owners->index, low, len, &val) ? (int64_t)val - 1 :
	    -1;
	free(low);
	return v;
}

/* Note owner u: in out when there is room, and whether it is present. */
static void
rule_owner_note(struct finding_ctx *ctx, size_t u, uint32_t *out,
    size_t max, size_t *n, int *present)
{
	size_t	 i;

	for (i = 0; i < *n && i < max; i++) {
		if (out != NULL && out[i] == (uint32_t)u)
			return;
	}
	if (out != NULL && *n < max)
		out[*n] = (uint32_t)u;
	(*n)++;
	if (!rule_gone(ctx, u))
		*present = 1;
}

enum rule_owner_state
rule_owners(struct finding_ctx *ctx, size_t v, uint32_t *out, size_t max,
    size_t *n)
{
	const struct model	*m = ctx->m;
	const char		*text = rule_owner_text(ctx, v);
	size_t			 first, count, i, k = 0;
	int64_t			 u;
	int			 present = 0, named = 0;

	model_in_kind(m, v, KIND_EDGE_OWNS, &first, &count);
	for (i = first; i < first + count; i++)
		rule_owner_note(ctx, m->esrc[m->in_edge[i]], out, max, &k,
		    &present);
	if (text != NULL) {
		named = 1;
		u = rule_owner_node(ctx, text);
		if (u >= 0 && (size_t)u != v)
			rule_owner_note(ctx, (size_t)u, out, max, &k, &present);
		else
			present = 1;	/* an owner outside the case */
	}
	if (n != NULL)
		*n = k < max ? k : max;
	if (k == 0 && !named)
		return RULE_OWNER_NONE;
	return present ? RULE_OWNER_OK : RULE_OWNER_GONE;
}
