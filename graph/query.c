/*
 * The filter language (see query.h): a tokenizer that keeps each term's
 * column for messages, a parser per field, binding against the model's
 * labels, and the per-node evaluation.
 */
#include "query.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "blast.h"
#include "bitset.h"
#include "lifecycle.h"
#include "model.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

enum query_field {
	QUERY_TEXT,
	QUERY_KIND,
	QUERY_SOURCE,
	QUERY_ENV,
	QUERY_OWNER,
	QUERY_TYPE,
	QUERY_TAG,
	QUERY_IS,
	QUERY_USED,
	QUERY_ROTATED,
	QUERY_CREATED,
	QUERY_EXPIRES,
	QUERY_STALE,
	QUERY_FINDING,
	QUERY_REACH,
	QUERY_KINDS
};

/* Field names, in enum query_field order (QUERY_TEXT has none). */
static const char *const query_fields[] = {
	"", "kind", "source", "env", "owner", "type", "tag", "is", "used",
	"rotated", "created", "expires", "stale", "finding", "reach", "kinds"
};
#define QUERY_NFIELDS	(sizeof(query_fields) / sizeof(query_fields[0]))

/* Values of is: terms. */
enum query_is {
	QUERY_IS_ADMIN,
	QUERY_IS_ESCALATION,
	QUERY_IS_MISSING,
	QUERY_IS_CROWN,
	QUERY_IS_IDENTITY,
	QUERY_IS_DISABLED,
	QUERY_IS_EXPIRED,
	QUERY_IS_EXPIRING,
	QUERY_IS_STALE,
	QUERY_IS_VALID,
	QUERY_IS_COUNT
};

static const char *const query_is_names[QUERY_IS_COUNT] = {
	"admin", "escalation", "missing", "crown", "identity", "disabled",
	"expired", "expiring", "stale", "valid"
};

/* States a time or label term may ask for instead of a comparison. */
enum query_state {
	QUERY_STATE_NONE_SET,	/* a comparison, or a plain value */
	QUERY_STATE_NEVER,
	QUERY_STATE_UNKNOWN,
	QUERY_STATE_PAST,	/* expires:past */
	QUERY_STATE_EMPTY,	/* owner:none, env:none */
	QUERY_STATE_RULE,	/* stale:yes: the lifecycle rule */
	QUERY_STATE_ANY		/* finding:any, reach:any */
};

#define QUERY_REACH_ANY	(-1)

struct query_term {
	enum query_field	 field;
	int			 negate;
	int			 column;	/* 1-based, for messages */
	char			*value;		/* lower case for text fields */
	size_t			 len;
	int			 op;		/* '<' or '>' for ages */
	int64_t			 secs;
	enum query_state	 state;
	int			 which;		/* is: value, reach: column */
	uint8_t			*labels;	/* bound: label id matches */
	unsigned		 kinds;		/* bound: node kinds that match */
};

struct query {
	char			*text;
	struct query_term	*terms;
	size_t			 nterms;
	struct query_ctx	 ctx;
	size_t			 nlabels;	/* labels bound */
	unsigned		 needs;
};

/* A token of the filter text, quotes removed. */
struct query_token {
	char	*text;
	int	 column;
	size_t	 colon;		/* offset of the field colon, or 0 */
};

static unsigned char
query_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static void
query_lower_str(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)query_lower((unsigned char)*s);
}

/*
 * 1 when needle (lower case, len > 0) occurs in hay ignoring ASCII case.
 * The first byte is tested in both cases before the rest is compared.
 */
static int
query_contains(const char *hay, const char *needle, size_t len)
{
	const unsigned char	*p = (const unsigned char *)hay;
	const unsigned char	*n = (const unsigned char *)needle;
	unsigned char		 c0 = n[0], c1 = (unsigned char)toupper(c0);
	size_t			 i;

	for (; *p != '\0'; p++) {
		if (*p != c0 && *p != c1)
			continue;
		for (i = 1; i < len && p[i] != '\0' &&
		    query_lower(p[i]) == n[i]; i++)
			;
		if (i == len)
			return 1;
	}
	return 0;
}

/* 1 when hay starts with needle (lower case) ignoring ASCII case. */
static int
query_starts(const char *hay, const char *needle, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		if (hay[i] == '\0' ||
		    query_lower((unsigned char)hay[i]) != (unsigned char)needle[i])
			return 0;
	}
	return 1;
}

static int	 query_error(char **errp, int column, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
query_error(char **errp, int column, const char *fmt, ...)
{
	struct strbuf	 sb;
	va_list		 ap;

	strbuf_init(&sb);
	strbuf_addf(&sb, "filter, column %d: ", column);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	*errp = strbuf_detach(&sb);
	return -1;
}

/*
 * Split text into tokens at unquoted spaces. A double quote starts or
 * ends a quoted part of a token; the quotes themselves are dropped.
 * Returns the number of tokens, or -1 with *errp for an unclosed quote.
 */
static long
query_tokenize(const char *text, struct query_token **out, char **errp)
{
	struct query_token	*toks = NULL;
	struct strbuf		 sb;
	const char		*p = text, *open;
	size_t			 n = 0, colon;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		strbuf_init(&sb);
		toks = xreallocarray(toks, n + 1, sizeof(*toks));
		toks[n].column = (int)(p - text) + 1;
		colon = 0;
		while (*p != '\0' && *p != ' ') {
			if (*p == '"') {
				open = p++;
				while (*p != '\0' && *p != '"')
					strbuf_addch(&sb, *p++);
				if (*p != '"') {
					strbuf_free(&sb);
					while (n-- > 0)
						free(toks[n].text);
					free(toks);
					return query_error(errp, (int)(open -
					    text) + 1, "%s", "unclosed quote");
				}
				p++;
				continue;
			}
			if (*p == ':' && colon == 0)
				colon = sb.len;
			strbuf_addch(&sb, *p++);
		}
		toks[n].text = strbuf_detach(&sb);
		toks[n].colon = colon;
		n++;
	}
	*out = toks;
	return (long)n;
}

/* The field a token names, or QUERY_TEXT for plain text. */
static enum query_field
query_field_of(const struct query_token *t, int negate)
{
	const char	*name = t->text + negate;
	size_t		 len, i;

	if (t->colon == 0)
		return QUERY_TEXT;
	len = t->colon - (size_t)negate;
	for (i = 1; i < QUERY_NFIELDS; i++) {
		if (strlen(query_fields[i]) == len &&
		    strncasecmp(name, query_fields[i], len) == 0)
			return (enum query_field)i;
	}
	return QUERY_TEXT;
}

/*
 * Parse an age value: "<7d", ">90d", or the words never, unknown and
 * (for expires) past. Returns 0, or -1 with *errp.
 */
static int
query_parse_age(struct query_term *t, char **errp)
{
	const char	*v = t->value;

	if (strcmp(v, "never") == 0) {
		t->state = QUERY_STATE_NEVER;
		return 0;
	}
	if (strcmp(v, "unknown") == 0) {
		t->state = QUERY_STATE_UNKNOWN;
		return 0;
	}
	if (t->field == QUERY_EXPIRES && strcmp(v, "past") == 0) {
		t->state = QUERY_STATE_PAST;
		return 0;
	}
	if (t->field == QUERY_STALE && (strcmp(v, "yes") == 0 ||
	    strcmp(v, "true") == 0)) {
		t->state = QUERY_STATE_RULE;
		return 0;
	}
	if ((v[0] != '<' && v[0] != '>') ||
	    tstamp_parse_duration(v + 1, &t->secs) == -1)
		return query_error(errp, t->column, "\"%s\" is not an age; "
		    "give <N or >N with a unit d, w, h or y (such as >90d), "
		    "never or unknown", t->value);
	t->op = v[0];
	return 0;
}

/* Parse the value of an is: or reach: term. Returns 0 or -1. */
static int
query_parse_word(struct query_term *t, char **errp)
{
	static const char *const reach_words[BLAST_NCOLUMNS] = {
		"privilege", "admin", "system", "crown"
	};
	int	 i;

	if (t->field == QUERY_IS) {
		for (i = 0; i < QUERY_IS_COUNT; i++) {
			if (strcmp(t->value, query_is_names[i]) == 0) {
				t->which = i;
				return 0;
			}
		}
		return query_error(errp, t->column, "unknown state \"%s\"; "
		    "give admin, escalation, missing, crown, identity, "
		    "disabled, expired, expiring, stale or valid", t->value);
	}
	if (strcmp(t->value, "any") == 0) {
		t->which = QUERY_REACH_ANY;
		return 0;
	}
	for (i = 0; i < BLAST_NCOLUMNS; i++) {
		if (strncmp(t->value, reach_words[i], strlen(t->value)) == 0) {
			t->which = i;
			return 0;
		}
	}
	if (strcmp(t->value, "jewel") == 0) {
		t->which = BLAST_JEWELS;
		return 0;
	}
	return query_error(errp, t->column, "unknown reach target \"%s\"; "
	    "give admin, crown, system, privilege or any", t->value);
}

/* Fill term t from token tok. Returns 0, or -1 with *errp. */
static int
query_parse_term(struct query_term *t, struct query *q,
    const struct query_token *tok, char **errp)
{
	const char	*v;

	memset(t, 0, sizeof(*t));
	t->negate = tok->text[0] == '!';
	t->column = tok->column;
	t->field = query_field_of(tok, t->negate);
	v = t->field == QUERY_TEXT ? tok->text + t->negate :
	    tok->text + tok->colon + 1;
	if (*v == '\0')
		return query_error(errp, t->column, "%s", t->field ==
		    QUERY_TEXT ? "\"!\" needs a term after it" :
		    "a field needs a value after the colon");
	t->value = xstrdup(v);
	t->len = strlen(v);
	if (t->field != QUERY_FINDING && t->field != QUERY_TAG)
		query_lower_str(t->value);
	switch (t->field) {
	case QUERY_ENV:
	case QUERY_OWNER:
		if (strcmp(t->value, "none") == 0)
			t->state = QUERY_STATE_EMPTY;
		return 0;
	case QUERY_USED:
	case QUERY_ROTATED:
	case QUERY_CREATED:
	case QUERY_EXPIRES:
	case QUERY_STALE:
		return query_parse_age(t, errp);
	case QUERY_IS:
		return query_parse_word(t, errp);
	case QUERY_REACH:
		q->needs |= QUERY_NEEDS_BLAST;
		return query_parse_word(t, errp);
	case QUERY_FINDING:
		q->needs |= QUERY_NEEDS_FINDINGS;
		if (strcasecmp(t->value, "any") == 0 ||
		    strcmp(t->value, "*") == 0)
			t->state = QUERY_STATE_ANY;
		return 0;
	case QUERY_TAG:
		q->needs |= QUERY_NEEDS_TAGS;
		return 0;
	default:
		return 0;
	}
}

int
query_compile(const char *text, struct query **out, char **errp)
{
	struct query_token	*toks = NULL;
	struct query		*q;
	long			 n, i;
	int			 rc = 0;

	if ((n = query_tokenize(text, &toks, errp)) == -1)
		return -1;
	q = xcalloc(1, sizeof(*q));
	q->text = xstrdup(text);
	q->terms = xcalloc((size_t)n + 1, sizeof(*q->terms));
	for (i = 0; i < n && rc == 0; i++) {
		rc = query_parse_term(&q->terms[i], q, &toks[i], errp);
		q->nterms++;
	}
	for (i = 0; i < n; i++)
		free(toks[i].text);
	free(toks);
	if (rc == -1) {
		query_free(q);
		return -1;
	}
	*out = q;
	return 0;
}

void
query_free(struct query *q)
{
	size_t	 i;

	if (q == NULL)
		return;
	for (i = 0; i < q->nterms; i++) {
		free(q->terms[i].value);
		free(q->terms[i].labels);
	}
	free(q->terms);
	free(q->text);
	free(q);
}

const char *
query_text(const struct query *q)
{
	return q->text;
}

int
query_empty(const struct query *q)
{
	return q->nterms == 0;
}

unsigned
query_needs(const struct query *q)
{
	return q->needs;
}

/* 1 when label text matches term t. */
static int
query_label_matches(const struct query_term *t, const char *label)
{
	if (t->state == QUERY_STATE_EMPTY)
		return label[0] == '\0';
	return query_contains(label, t->value, t->len);
}

void
query_bind(struct query *q, const struct query_ctx *ctx)
{
	const struct model	*m = ctx->m;
	struct query_term	*t;
	size_t			 i, l;
	int			 k;

	q->ctx = *ctx;
	q->nlabels = m->labels.count;
	for (i = 0; i < q->nterms; i++) {
		t = &q->terms[i];
		free(t->labels);
		t->labels = NULL;
		t->kinds = 0;
		if (t->field != QUERY_TEXT && t->field != QUERY_KIND &&
		    t->field != QUERY_KINDS && t->field != QUERY_SOURCE &&
		    t->field != QUERY_ENV && t->field != QUERY_OWNER &&
		    t->field != QUERY_TYPE)
			continue;
		t->labels = xcalloc(q->nlabels + 1, 1);
		for (l = 0; l < q->nlabels; l++)
			t->labels[l] = (uint8_t)query_label_matches(t,
			    m->labels.text[l]);
		for (k = 0; k < KIND_NODE_COUNT; k++) {
			if (t->field == QUERY_TEXT ? query_contains(
			    kind_node_name(k), t->value, t->len) :
			    t->field == QUERY_KIND && query_starts(
			    kind_node_name(k), t->value, t->len))
				t->kinds |= 1u << k;
		}
	}
}

/* 1 when a time term holds for time t, measured as an age at now. */
static int
query_eval_time(const struct query_term *t, int64_t time, int64_t now)
{
	int64_t	 age;

	switch (t->state) {
	case QUERY_STATE_NEVER:
		return time == TSTAMP_NEVER;
	case QUERY_STATE_UNKNOWN:
		return !tstamp_is_set(time) && time != TSTAMP_NEVER;
	case QUERY_STATE_PAST:
		return tstamp_is_set(time) && time <= now;
	default:
		break;
	}
	if (!tstamp_is_set(time))
		return 0;
	if (t->field == QUERY_EXPIRES) {
		/* How far ahead: only times still to come count. */
		if (time <= now)
			return 0;
		age = time - now;
	} else {
		/* A time after the clock is a negative age: under any age. */
		age = now - time;
	}
	return t->op == '<' ? age < t->secs : age > t->secs;
}

/* 1 when an is: term holds for node v. */
static int
query_eval_is(const struct query *q, const struct query_term *t, size_t v)
{
	const struct model	*m = q->ctx.m;
	unsigned		 life;

	switch (t->which) {
	case QUERY_IS_ADMIN:
		return (m->nflags[v] & MODEL_NODE_ADMIN) != 0;
	case QUERY_IS_ESCALATION:
		return (m->nflags[v] & MODEL_NODE_ESCALATION) != 0;
	case QUERY_IS_MISSING:
		return (m->nflags[v] & MODEL_NODE_MISSING) != 0;
	case QUERY_IS_CROWN:
		return (m->nflags[v] & MODEL_NODE_TIER_ZERO) != 0 ||
		    (q->ctx.tier_zero != NULL &&
		    bitset_test(q->ctx.tier_zero, v));
	case QUERY_IS_IDENTITY:
		return kind_node_is_identity(m->kind[v]);
	default:
		break;
	}
	life = lifecycle_state(&m->life[v], q->ctx.now);
	switch (t->which) {
	case QUERY_IS_DISABLED:
		return (life & LIFECYCLE_DISABLED) != 0;
	case QUERY_IS_EXPIRED:
		return (life & LIFECYCLE_EXPIRED) != 0;
	case QUERY_IS_EXPIRING:
		return (life & LIFECYCLE_EXPIRING) != 0;
	case QUERY_IS_STALE:
		return (life & LIFECYCLE_STALE) != 0;
	default:
		return (life & LIFECYCLE_VALID) != 0;
	}
}

/* 1 when a stale: term holds for node v. */
static int
query_eval_stale(const struct query *q, const struct query_term *t,
    size_t v)
{
	const struct record_lifecycle	*life = &q->ctx.m->life[v];
	unsigned			 f = lifecycle_state(life, q->ctx.now);
	int64_t				 idle;

	if (t->state == QUERY_STATE_RULE)
		return (f & LIFECYCLE_STALE) != 0;
	if (t->state == QUERY_STATE_NEVER)
		return life->last_used_at == TSTAMP_NEVER;
	if (t->state == QUERY_STATE_UNKNOWN)
		return lifecycle_idle(life, q->ctx.now) < 0;
	if (!(f & LIFECYCLE_VALID) ||
	    (idle = lifecycle_idle(life, q->ctx.now)) < 0)
		return 0;
	return t->op == '<' ? idle < t->secs : idle > t->secs;
}

/* 1 when a reach: term holds for node v. */
static int
query_eval_reach(const struct query *q, const struct query_term *t,
    size_t v)
{
	const struct blast	*b = q->ctx.blast;
	int			 k;

	if (b == NULL || v >= b->nnodes)
		return 0;
	if (t->which != QUERY_REACH_ANY)
		return b->count[t->which][v] > 0;
	for (k = 0; k < BLAST_NCOLUMNS; k++) {
		if (b->count[k][v] > 0)
			return 1;
	}
	return 0;
}

/* 1 when a word term matches node v or one of the extra texts. */
static int
query_eval_text(const struct query *q, const struct query_term *t, size_t v,
    const char *const *extra, size_t nextra)
{
	const struct model	*m = q->ctx.m;
	size_t			 i;

	if ((t->kinds >> m->kind[v]) & 1 || t->labels[m->kinds[v]] ||
	    t->labels[m->source[v]] ||
	    query_contains(m->name[v], t->value, t->len) ||
	    query_contains(m->key[v], t->value, t->len))
		return 1;
	for (i = 0; i < nextra; i++) {
		if (extra[i] != NULL &&
		    query_contains(extra[i], t->value, t->len))
			return 1;
	}
	return 0;
}

/* 1 when term t holds for node v, before negation. */
static int
query_eval_term(const struct query *q, const struct query_term *t, size_t v,
    const char *const *extra, size_t nextra)
{
	const struct model	*m = q->ctx.m;

	switch (t->field) {
	case QUERY_TEXT:
		return query_eval_text(q, t, v, extra, nextra);
	case QUERY_KIND:
		return (t->kinds >> m->kind[v]) & 1;
	case QUERY_KINDS:
		return t->labels[m->kinds[v]];
	case QUERY_SOURCE:
		return t->labels[m->source[v]];
	case QUERY_ENV:
		return t->labels[m->environment[v]];
	case QUERY_OWNER:
		return t->labels[m->owner[v]];
	case QUERY_TYPE:
		return m->credential_type[v] != 0 &&
		    t->labels[m->credential_type[v]];
	case QUERY_TAG:
		return q->ctx.has_tag != NULL &&
		    q->ctx.has_tag(q->ctx.tag_ctx, v, t->value);
	case QUERY_IS:
		return query_eval_is(q, t, v);
	case QUERY_USED:
		return query_eval_time(t, m->life[v].last_used_at, q->ctx.now);
	case QUERY_ROTATED:
		return query_eval_time(t, m->life[v].last_rotated_at,
		    q->ctx.now);
	case QUERY_CREATED:
		return query_eval_time(t, m->life[v].created_at, q->ctx.now);
	case QUERY_EXPIRES:
		return query_eval_time(t, m->life[v].expires_at, q->ctx.now);
	case QUERY_STALE:
		return query_eval_stale(q, t, v);
	case QUERY_FINDING:
		return q->ctx.has_finding != NULL &&
		    q->ctx.has_finding(q->ctx.finding_ctx, v,
		    t->state == QUERY_STATE_ANY ? NULL : t->value);
	case QUERY_REACH:
		return query_eval_reach(q, t, v);
	}
	return 0;
}

int
query_eval(const struct query *q, size_t v, const char *const *extra,
    size_t nextra)
{
	const struct query_term	*t;
	size_t			 i;

	for (i = 0; i < q->nterms; i++) {
		t = &q->terms[i];
		if (query_eval_term(q, t, v, extra, nextra) == t->negate)
			return 0;
	}
	return 1;
}

/* 1 when term n is the same as term p or stricter. */
static int
query_term_narrows(const struct query_term *p, const struct query_term *n)
{
	if (p->field != n->field || p->negate != n->negate ||
	    p->state != n->state)
		return 0;
	if (p->op != 0 || n->op != 0) {
		if (p->op != n->op || p->negate)
			return p->op == n->op && p->secs == n->secs;
		return p->op == '>' ? n->secs >= p->secs : n->secs <= p->secs;
	}
	if (strcmp(p->value, n->value) == 0)
		return 1;
	if (p->negate || p->state != QUERY_STATE_NONE_SET)
		return 0;
	switch (p->field) {
	case QUERY_TEXT:
	case QUERY_SOURCE:
	case QUERY_ENV:
	case QUERY_OWNER:
	case QUERY_TYPE:
	case QUERY_KINDS:
		/* A word holding p's word occurs only where p's does. */
		return strstr(n->value, p->value) != NULL;
	case QUERY_KIND:
		return strncmp(n->value, p->value, p->len) == 0;
	default:
		return 0;
	}
}

int
query_narrows(const struct query *prev, const struct query *next)
{
	size_t	 i, j;

	for (i = 0; i < prev->nterms; i++) {
		for (j = 0; j < next->nterms; j++) {
			if (query_term_narrows(&prev->terms[i],
			    &next->terms[j]))
				break;
		}
		if (j == next->nterms)
			return 0;
	}
	return 1;
}

int
query_match(const struct model *m, size_t v, const char *filter,
    const char *const *extra, size_t nextra)
{
	struct query		*q;
	struct query_ctx	 ctx;
	char			*err = NULL;
	int			 rc;

	if (query_compile(filter, &q, &err) == -1) {
		free(err);
		return 0;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.m = m;
	query_bind(q, &ctx);
	rc = query_eval(q, v, extra, nextra);
	query_free(q);
	return rc;
}

static int
query_cmp(const void *a, const void *b, void *ctx)
{
	const struct model	*m = ctx;
	uint32_t		 x = *(const uint32_t *)a;
	uint32_t		 y = *(const uint32_t *)b;
	int			 c;

	if (m->kind[x] != m->kind[y])
		return m->kind[x] < m->kind[y] ? -1 : 1;
	if ((c = strcasecmp(m->name[x], m->name[y])) != 0)
		return c;
	return strcmp(m->key[x], m->key[y]);
}

void
query_sort(const struct model *m, uint32_t *ids, size_t n)
{
	/* Every node once: the model may keep them in this order already. */
	if (n == m->nnodes && m->order != NULL) {
		memcpy(ids, m->order, n * sizeof(*ids));
		return;
	}
	qsort_r(ids, n, sizeof(*ids), query_cmp, (void *)m);
}
