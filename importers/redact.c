/*
 * Replacing secrets in records with fingerprints (see redact.h).
 */
#include "redact.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "digest.h"
#include "import.h"
#include "json.h"
#include "secret.h"
#include "strbuf.h"
#include "xalloc.h"

/* State of one redact_record() or redact_text() call. */
struct redact {
	struct import	*imp;
	const char	*path;
	int		 flags;		/* REDACT_* */
	int		 sflags;	/* SECRET_* for the shapes */
	char		**errp;
	enum secret_kind first;		/* kind of the first secret marked */
	int		 count;
};

/* Write the marker of one secret found in a string, with its fingerprint. */
static int
redact_mark(void *ctx, const struct secret_match *m,
    const unsigned char *material, size_t len, struct strbuf *out)
{
	struct redact	*r = ctx;
	char		 hex[DIGEST_HEX_BUFSZ];

	if (import_fingerprint(r->imp, material, len, hex) == -1)
		return -1;
	if (r->count++ == 0)
		r->first = m->kind;
	secret_marker(out, m->kind, hex);
	return 0;
}

static int
redact_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int
redact_value(struct import *imp, const char *text, size_t len, char **out)
{
	struct secret_match	 m;
	struct strbuf		 sb;
	enum secret_kind	 kind = SECRET_NAMED;
	const unsigned char	*material = (const unsigned char *)text;
	unsigned char		*dec = NULL;
	char			 hex[DIGEST_HEX_BUFSZ];
	size_t			 mlen = len, lo = 0, hi = len;
	int			 rc;

	/*
	 * A value that is one secret of a known shape, or its base64, is
	 * fingerprinted as that secret, so that it matches the same secret
	 * found in another source. Surrounding white space is not part of it.
	 */
	while (lo < hi && redact_is_space(text[lo]))
		lo++;
	while (hi > lo && redact_is_space(text[hi - 1]))
		hi--;
	if (secret_find(text, hi, lo, 0, &m) && m.start == lo &&
	    m.start + m.len == hi) {
		kind = m.kind;
		material = (const unsigned char *)text + m.start;
		mlen = m.len;
		if (m.base64 && (dec = secret_base64_decode(text + m.start,
		    m.len, &mlen)) != NULL)
			material = dec;
	}
	rc = import_fingerprint(imp, material, mlen, hex);
	free(dec);
	if (rc == -1)
		return -1;
	strbuf_init(&sb);
	secret_marker(&sb, kind, hex);
	*out = strbuf_detach(&sb);
	return 0;
}

/*
 * Return 1 for the words YAML and Kubernetes read as booleans: a switch
 * such as automountServiceAccountToken: "no" names a token but contains
 * none.
 */
static int
redact_is_switch(const char *text)
{
	static const char *const words[] = {
		"true", "false", "yes", "no", "on", "off", "y", "n", NULL
	};
	size_t	 i;

	for (i = 0; words[i] != NULL; i++) {
		if (strcasecmp(words[i], text) == 0)
			return 1;
	}
	return 0;
}

/* Whether a member name says its value is a secret, given REDACT_*. */
static int
redact_secret_name(int flags, const char *name)
{
	if (name == NULL)
		return 0;
	return secret_name_is_secret(name) || ((flags & REDACT_CREDENTIAL) &&
	    (strcmp(name, "value") == 0 || strcmp(name, "data") == 0 ||
	    strcmp(name, "secretText") == 0));
}

/* Whether a value under this member name is a secret as a whole. */
static int
redact_named(const struct redact *r, const char *name, const char *text)
{
	/* The words are compared last, because few names are secret. */
	return redact_secret_name(r->flags, name) && !redact_is_switch(text);
}

/* Warn about the secrets just replaced in one key or value. */
static int
redact_warn(struct redact *r, enum json_rewrite_what what, const char *name)
{
	const char	*phrase = secret_kind_phrase(r->first);

	if (r->flags & REDACT_QUIET)
		return 0;
	if (what == JSON_REWRITE_KEY)
		return import_warn(r->imp, r->path, r->errp, "a member name "
		    "held %s; it was replaced by its fingerprint", phrase);
	if (r->count > 1)
		return import_warn(r->imp, r->path, r->errp, "field %s: %d "
		    "secrets (the first %s) were replaced by their "
		    "fingerprints", name != NULL ? name : "(element)",
		    r->count, phrase);
	return import_warn(r->imp, r->path, r->errp, "field %s: %s was "
	    "replaced by its fingerprint", name != NULL ? name : "(element)",
	    phrase);
}

static int
redact_visit(void *ctx, enum json_rewrite_what what, const char *name,
    const char *text, char **out)
{
	struct redact	*r = ctx;
	size_t		 len = strlen(text);
	int		 n;

	if (what != JSON_REWRITE_KEY && len > 0 &&
	    !secret_is_marker(text, len) && redact_named(r, name, text)) {
		if (redact_value(r->imp, text, len, out) == -1)
			return -1;
		if (!(r->flags & REDACT_QUIET) && import_warn(r->imp, r->path,
		    r->errp, "field %s: the value was replaced by its "
		    "fingerprint, because the name says it is a secret",
		    name) == -1) {
			free(*out);
			*out = NULL;
			return -1;
		}
		return 1;
	}
	if (what == JSON_REWRITE_NUMBER)
		return 0;

	r->count = 0;
	if ((n = secret_replace(text, len, r->sflags, redact_mark, r,
	    out)) <= 0)
		return n;
	if (redact_warn(r, what, name) == -1) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return 1;
}

/* Member names of name-value pairs: AWS tags, environment variables. */
static const char *const redact_pair_names[] = {
	"Key", "key", "Name", "name", NULL
};
static const char *const redact_pair_values[] = { "Value", "value", NULL };

/* 1 when name is in the NULL-terminated list (which may be NULL). */
static int
redact_listed(const char *name, const char *const *list)
{
	size_t	 i;

	for (i = 0; list != NULL && name != NULL && list[i] != NULL; i++) {
		if (strcmp(list[i], name) == 0)
			return 1;
	}
	return 0;
}

/* The first member of obj named in names, not in skip; NULL if none. */
static cJSON *
redact_member(const cJSON *obj, const char *const *names,
    const char *const *skip)
{
	cJSON	*item;
	size_t	 i;

	for (i = 0; names[i] != NULL; i++) {
		if (redact_listed(names[i], skip))
			continue;
		if ((item = json_get(obj, names[i])) != NULL)
			return item;
	}
	return NULL;
}

/*
 * The member of obj that names it as a pair: the first of Key, key, Name
 * and name (in that order) that obj has and skip does not list, as
 * redact_member() finds it, but in one pass over the members.
 */
static cJSON *
redact_pair_name(const cJSON *obj, const char *const *skip)
{
	cJSON	*found[4] = { NULL, NULL, NULL, NULL }, *item;
	size_t	 i;

	cJSON_ArrayForEach(item, obj) {
		if (item->string == NULL || (item->string[0] != 'K' &&
		    item->string[0] != 'k' && item->string[0] != 'N' &&
		    item->string[0] != 'n'))
			continue;
		for (i = 0; i < 4; i++) {
			if (found[i] == NULL &&
			    strcmp(item->string, redact_pair_names[i]) == 0)
				found[i] = item;
		}
	}
	for (i = 0; i < 4; i++) {
		if (found[i] != NULL && !redact_listed(redact_pair_names[i],
		    skip))
			return found[i];
	}
	return NULL;
}

/*
 * The secret name of the name-value pair that obj is, or NULL when it is
 * not one whose value redact_pairs() replaces.
 */
static const char *
redact_pair_secret(const cJSON *obj, const char *const *skip)
{
	const cJSON	*item;

	if (!cJSON_IsObject(obj))
		return NULL;
	item = redact_pair_name(obj, skip);
	if (!cJSON_IsString(item) || !secret_name_is_secret(item->valuestring))
		return NULL;
	return item->valuestring;
}

/* Replace the value of a pair whose name marks it as a secret. */
static int
redact_pair_visit(void *ctx, enum json_rewrite_what what, const char *name,
    const char *text, char **out)
{
	struct redact	*r = ctx;
	size_t		 len = strlen(text);

	(void)name;
	if (what == JSON_REWRITE_KEY || len == 0 ||
	    secret_is_marker(text, len) || redact_is_switch(text))
		return 0;
	if (redact_value(r->imp, text, len, out) == -1)
		return -1;
	r->count++;
	return 1;
}

/*
 * Replace the values of name-value pairs whose name marks them as
 * secrets, anywhere in node. skip applies to node's own members.
 */
static int
redact_pairs(struct redact *r, cJSON *node, const char *const *skip)
{
	cJSON		*item, *value;
	const char	*name;

	if ((name = redact_pair_secret(node, skip)) != NULL &&
	    (value = redact_member(node, redact_pair_values, skip)) != NULL) {
		r->count = 0;
		if (json_rewrite(value, redact_pair_visit, r) == -1)
			return -1;
		if (r->count > 0 && !(r->flags & REDACT_QUIET) &&
		    import_warn(r->imp, r->path, r->errp, "field %s of %s: "
		    "the value was replaced by its fingerprint, because the "
		    "name says it is a secret", value->string, name) == -1)
			return -1;
	}
	cJSON_ArrayForEach(item, node) {
		if (redact_listed(item->string, skip))
			continue;
		if ((cJSON_IsObject(item) || cJSON_IsArray(item)) &&
		    redact_pairs(r, item, NULL) == -1)
			return -1;
	}
	return 0;
}

/* Facts about a whole record that redact_record() needs first. */
struct redact_survey {
	int	 key_id;	/* an AWS access key id, in a key or string */
	int	 pairs;		/* a pair for redact_pairs() to replace */
};

/* Whether a key or string contains an AWS access key id. */
static int
redact_has_key_id(const char *text)
{
	return text != NULL && secret_has_aws_key_id(text, strlen(text));
}

/*
 * Survey the members or elements of node, and node itself as a pair,
 * over the keys and strings that json_rewrite_except() offers. Number
 * text (digits, sign, point, exponent) never contains an access key id.
 * skip applies to node's own members.
 */
static void
redact_survey_walk(const cJSON *node, const char *const *skip,
    struct redact_survey *sv)
{
	const cJSON	*item;

	if (!sv->pairs && redact_pair_secret(node, skip) != NULL &&
	    redact_member(node, redact_pair_values, skip) != NULL)
		sv->pairs = 1;
	cJSON_ArrayForEach(item, node) {
		if (redact_listed(item->string, skip))
			continue;
		if (!sv->key_id && (redact_has_key_id(item->string) ||
		    (cJSON_IsString(item) &&
		    redact_has_key_id(item->valuestring))))
			sv->key_id = 1;
		if (cJSON_IsObject(item) || cJSON_IsArray(item))
			redact_survey_walk(item, NULL, sv);
	}
}

int
redact_record_except(struct import *imp, const char *path, cJSON *record,
    int flags, const char *const *skip, char **errp)
{
	struct redact		 r;
	struct redact_survey	 sv = { 0, 0 };

	memset(&r, 0, sizeof r);
	r.imp = imp;
	r.path = path;
	r.flags = flags;
	r.errp = errp;
	if (record == NULL)
		return 0;

	/*
	 * An access key id anywhere gives every string AWS context, so the
	 * record is surveyed before anything is replaced. A scalar record
	 * offers its own key and value.
	 */
	if (cJSON_IsObject(record) || cJSON_IsArray(record))
		redact_survey_walk(record, skip, &sv);
	else
		sv.key_id = redact_has_key_id(record->string) ||
		    (cJSON_IsString(record) &&
		    redact_has_key_id(record->valuestring));
	if (sv.key_id)
		r.sflags |= SECRET_AWS_CONTEXT;

	/* Pairs go first, so that their values are replaced whole. */
	if (sv.pairs && redact_pairs(&r, record, skip) == -1)
		return -1;
	return json_rewrite_except(record, skip, redact_visit, &r);
}

int
redact_record(struct import *imp, const char *path, cJSON *record,
    int flags, char **errp)
{
	return redact_record_except(imp, path, record, flags, NULL, errp);
}

int
redact_would_keep(const struct redact_string *strings, size_t n, int flags)
{
	struct secret_match	 m;
	size_t			 i;
	int			 sflags = 0;

	for (i = 0; i < n; i++) {
		if (secret_has_aws_key_id(strings[i].text, strings[i].len))
			sflags |= SECRET_AWS_CONTEXT;
	}
	for (i = 0; i < n; i++) {
		/* Even a boolean word under a secret name is left to redact. */
		if (!strings[i].is_key &&
		    redact_secret_name(flags, strings[i].name))
			return 0;
		if (secret_find(strings[i].text, strings[i].len, 0, sflags, &m))
			return 0;
	}
	return 1;
}

int
redact_marker_fingerprint(const char *text, char *hex)
{
	const char	*colon;
	size_t		 len = strlen(text);

	if (!secret_is_marker(text, len) ||
	    (colon = strrchr(text, ':')) == NULL ||
	    (size_t)(text + len - 1 - (colon + 1)) != DIGEST_HEX_BUFSZ - 1)
		return 0;
	memcpy(hex, colon + 1, DIGEST_HEX_BUFSZ - 1);
	hex[DIGEST_HEX_BUFSZ - 1] = '\0';
	return 1;
}

int
redact_text(struct import *imp, const char *path, const char *field,
    const char *text, size_t len, char **out, char **errp)
{
	struct redact	 r;
	int		 n;

	memset(&r, 0, sizeof r);
	r.imp = imp;
	r.path = path;
	r.errp = errp;
	*out = NULL;
	if ((n = secret_replace(text, len, 0, redact_mark, &r, out)) <= 0)
		return n;
	if (redact_warn(&r, JSON_REWRITE_STRING, field) == -1) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}
