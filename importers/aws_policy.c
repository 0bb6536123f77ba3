/*
 * Normalising IAM policy documents (see aws_policy.h).
 */
#include "aws_policy.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "jsonw.h"
#include "redact.h"
#include "strbuf.h"
#include "xalloc.h"

static void
aws_policy_strings_free(struct aws_strings *s)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static void
aws_policy_statement_free(struct aws_statement *st)
{
	size_t	 i;

	free(st->sid);
	aws_policy_strings_free(&st->actions);
	aws_policy_strings_free(&st->resources);
	for (i = 0; i < st->nprincipals; i++)
		free(st->principals[i].value);
	free(st->principals);
	free(st->conditions);
}

void
aws_policy_free(struct aws_document *d)
{
	size_t	 i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++)
		aws_policy_statement_free(&d->v[i]);
	free(d->v);
	d->v = NULL;
	d->n = 0;
}

/*
 * Read v, one string or a list of strings, into out. Returns 0, or 1
 * with *why set when v has another shape.
 */
static int
aws_policy_strings(const cJSON *v, struct aws_strings *out, const char **why)
{
	const cJSON	*item;
	size_t		 n = 0;

	if (cJSON_IsString(v)) {
		out->v = xcalloc(1, sizeof(*out->v));
		out->v[0] = xstrdup(v->valuestring);
		out->n = 1;
		return 0;
	}
	if (!cJSON_IsArray(v)) {
		*why = "is neither a string nor a list of strings";
		return 1;
	}
	cJSON_ArrayForEach(item, v) {
		if (!cJSON_IsString(item)) {
			*why = "holds an item that is not a string";
			return 1;
		}
		n++;
	}
	if (n == 0) {
		*why = "is an empty list";
		return 1;
	}
	out->v = xcalloc(n, sizeof(*out->v));
	cJSON_ArrayForEach(item, v)
		out->v[out->n++] = xstrdup(item->valuestring);
	return 0;
}

/* Write one condition value as a string: JSON scalars are text to IAM. */
static int
aws_policy_condition_value(struct jsonw *w, const cJSON *v)
{
	char	 buf[JSON_TEXT_BUFSZ];
	double	 d;

	if (cJSON_IsString(v))
		jsonw_str(w, v->valuestring);
	else if (cJSON_IsBool(v))
		jsonw_str(w, cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsNumber(v)) {
		d = v->valuedouble;
		if (d == floor(d) && fabs(d) < 9007199254740992.0)
			snprintf(buf, sizeof(buf), "%lld", (long long)d);
		else
			snprintf(buf, sizeof(buf), "%.17g", d);
		jsonw_str(w, buf);
	} else
		return 1;
	return 0;
}

/*
 * Write the Condition block c as {"Operator": {"key": ["value", ...]}}
 * into out. Returns 0, or 1 with *why set when c has another shape.
 */
static int
aws_policy_conditions(const cJSON *c, struct strbuf *out, const char **why)
{
	struct jsonw	 w;
	const cJSON	*op, *key, *item;

	if (!cJSON_IsObject(c)) {
		*why = "is not an object";
		return 1;
	}
	jsonw_init(&w, out, 0);
	jsonw_object_begin(&w);
	cJSON_ArrayForEach(op, c) {
		if (!cJSON_IsObject(op)) {
			*why = "has an operator that does not hold an object";
			return 1;
		}
		jsonw_key(&w, op->string);
		jsonw_object_begin(&w);
		cJSON_ArrayForEach(key, op) {
			jsonw_key(&w, key->string);
			jsonw_array_begin(&w);
			if (cJSON_IsArray(key)) {
				cJSON_ArrayForEach(item, key) {
					if (aws_policy_condition_value(&w,
					    item) != 0) {
						*why = "has a value that is "
						    "not a string, number or "
						    "boolean";
						return 1;
					}
				}
			} else if (aws_policy_condition_value(&w, key) != 0) {
				*why = "has a value that is not a string, "
				    "number, boolean or list";
				return 1;
			}
			jsonw_array_end(&w);
		}
		jsonw_object_end(&w);
	}
	jsonw_object_end(&w);
	return 0;
}

/* Add the principals of one type, a string or a list, to st. */
static int
aws_policy_principal_list(struct aws_statement *st, const cJSON *v,
    enum aws_principal_type type, const char **why)
{
	struct aws_strings	 s;
	size_t			 i;

	memset(&s, 0, sizeof(s));
	if (aws_policy_strings(v, &s, why) != 0)
		return 1;
	st->principals = xreallocarray(st->principals, st->nprincipals + s.n,
	    sizeof(*st->principals));
	for (i = 0; i < s.n; i++) {
		st->principals[st->nprincipals].type = type;
		st->principals[st->nprincipals++].value = s.v[i];
	}
	free(s.v);
	return 0;
}

/*
 * Read Principal or NotPrincipal: "*" (anyone), or an object of lists
 * keyed AWS, Service, Federated and CanonicalUser.
 */
static int
aws_policy_principals(struct aws_statement *st, const cJSON *p,
    const char **why)
{
	static const struct {
		const char		*key;
		enum aws_principal_type	 type;
	} keys[] = {
		{ "AWS", AWS_PRINCIPAL_AWS },
		{ "Service", AWS_PRINCIPAL_SERVICE },
		{ "Federated", AWS_PRINCIPAL_FEDERATED },
		{ "CanonicalUser", AWS_PRINCIPAL_CANONICAL },
	};
	const cJSON	*member;
	size_t		 i;

	if (cJSON_IsString(p)) {
		if (strcmp(p->valuestring, "*") != 0) {
			*why = "is a string other than \"*\"";
			return 1;
		}
		return aws_policy_principal_list(st, p, AWS_PRINCIPAL_AWS,
		    why);
	}
	if (!cJSON_IsObject(p)) {
		*why = "is neither \"*\" nor an object";
		return 1;
	}
	cJSON_ArrayForEach(member, p) {
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			if (strcmp(member->string, keys[i].key) == 0)
				break;
		}
		if (i == sizeof(keys) / sizeof(keys[0])) {
			*why = "has a key other than AWS, Service, "
			    "Federated or CanonicalUser";
			return 1;
		}
		if (aws_policy_principal_list(st, member, keys[i].type,
		    why) != 0)
			return 1;
	}
	return 0;
}

/*
 * Read one of a pair of keys (Action or NotAction). Returns 0 when exactly
 * one is present and readable, else 1 with *why and *bad_key set.
 */
static int
aws_policy_pair(const cJSON *s, const char *key, const char *not_key,
    struct aws_strings *out, int *negated, const char **bad_key,
    const char **why)
{
	const cJSON	*v = json_get(s, key), *nv = json_get(s, not_key);

	*bad_key = key;
	if (v != NULL && nv != NULL) {
		*why = "and its negated form are both present";
		return 1;
	}
	if (v == NULL && nv == NULL) {
		*why = "is missing";
		return 1;
	}
	*negated = v == NULL;
	if (v == NULL)
		*bad_key = not_key;
	return aws_policy_strings(v != NULL ? v : nv, out, why);
}

/* Read one statement; returns 0, or 1 with *field and *why set. */
static int
aws_policy_statement(const cJSON *s, enum aws_policy_kind kind,
    struct aws_statement *st, const char **field, const char **why)
{
	const char	*effect, *sid;
	const cJSON	*p, *c;
	struct strbuf	 cond;

	*field = NULL;
	if (!cJSON_IsObject(s)) {
		*why = "statement is not an object";
		return 1;
	}
	effect = json_str(s, "Effect");
	if (effect == NULL || (strcmp(effect, "Allow") != 0 &&
	    strcmp(effect, "Deny") != 0)) {
		*field = "Effect";
		*why = effect == NULL ? "is missing or not a string" :
		    "is neither \"Allow\" nor \"Deny\"";
		return 1;
	}
	st->effect = strcmp(effect, "Allow") == 0 ? AWS_ALLOW : AWS_DENY;
	if ((sid = json_str(s, "Sid")) != NULL)
		st->sid = xstrdup(sid);
	if (aws_policy_pair(s, "Action", "NotAction", &st->actions,
	    &st->not_action, field, why) != 0)
		return 1;
	if (kind == AWS_POLICY_IDENTITY && aws_policy_pair(s, "Resource",
	    "NotResource", &st->resources, &st->not_resource, field,
	    why) != 0)
		return 1;
	if (kind == AWS_POLICY_TRUST) {
		p = json_get(s, "Principal");
		st->not_principal = p == NULL;
		*field = p != NULL ? "Principal" : "NotPrincipal";
		if (p == NULL && (p = json_get(s, "NotPrincipal")) == NULL) {
			*field = "Principal";
			*why = "is missing";
			return 1;
		}
		if (aws_policy_principals(st, p, why) != 0)
			return 1;
	}
	if ((c = json_get(s, "Condition")) != NULL && !cJSON_IsNull(c)) {
		strbuf_init(&cond);
		*field = "Condition";
		if (aws_policy_conditions(c, &cond, why) != 0) {
			strbuf_free(&cond);
			return 1;
		}
		st->conditions = strbuf_detach(&cond);
	}
	return 0;
}

/* Decode %XX escapes, as the IAM API writes policy documents. */
static char *
aws_policy_url_decode(const char *s, size_t *len)
{
	struct strbuf	 out;
	unsigned	 hi, lo;

	strbuf_init(&out);
	for (; *s != '\0'; s++) {
		if (s[0] == '%' && isxdigit((unsigned char)s[1]) &&
		    isxdigit((unsigned char)s[2])) {
			hi = (unsigned)(isdigit((unsigned char)s[1]) ?
			    s[1] - '0' : (tolower((unsigned char)s[1]) - 'a' +
			    10));
			lo = (unsigned)(isdigit((unsigned char)s[2]) ?
			    s[2] - '0' : (tolower((unsigned char)s[2]) - 'a' +
			    10));
			strbuf_addch(&out, (int)(hi * 16 + lo));
			s += 2;
		} else
			strbuf_addch(&out, *s);
	}
	*len = out.len;
	return strbuf_detach(&out);
}

/* Parse a document written as text; NULL with *why when unreadable. */
static cJSON *
aws_policy_from_text(const char *text, const char *path, char **why)
{
	char	*decoded, *err = NULL;
	size_t	 len;
	cJSON	*doc;

	decoded = aws_policy_url_decode(text, &len);
	doc = json_parse(decoded, len, path, NULL, &err);
	free(decoded);
	if (doc == NULL)
		*why = err;
	return doc;
}

/* Normalise every statement of the parsed document d. */
static int
aws_policy_statements(struct import *imp, const cJSON *stmts,
    const char *path, enum aws_policy_kind kind, struct aws_document *out,
    char **errp)
{
	const cJSON		*s;
	struct aws_statement	*st;
	const char		*field, *why;
	struct strbuf		 where;
	size_t			 i = 0, n;

	strbuf_init(&where);
	n = cJSON_IsArray(stmts) ? (size_t)cJSON_GetArraySize(stmts) : 1;
	out->v = xcalloc(n, sizeof(*out->v));
	for (s = cJSON_IsArray(stmts) ? stmts->child : stmts; s != NULL;
	    s = cJSON_IsArray(stmts) ? s->next : NULL, i++) {
		st = &out->v[out->n];
		memset(st, 0, sizeof(*st));
		st->index = i;
		if (aws_policy_statement(s, kind, st, &field, &why) == 0) {
			out->n++;
			continue;
		}
		aws_policy_statement_free(st);
		strbuf_reset(&where);
		strbuf_addf(&where, "%s.Statement", path);
		if (cJSON_IsArray(stmts))
			strbuf_addf(&where, "[%zu]", i);
		if (field != NULL)
			strbuf_addf(&where, ".%s", field);
		if (import_warn(imp, where.buf, errp, "%s %s; statement "
		    "skipped", field != NULL ? field : "the", why) == -1) {
			strbuf_free(&where);
			return -1;
		}
	}
	strbuf_free(&where);
	return 0;
}

int
aws_policy_parse(struct import *imp, const cJSON *doc, const char *path,
    enum aws_policy_kind kind, struct aws_document *out, char **errp)
{
	cJSON		*parsed = NULL;
	const cJSON	*stmts;
	char		*why = NULL;
	int		 rc = -1;

	memset(out, 0, sizeof(*out));
	if (cJSON_IsString(doc)) {
		parsed = aws_policy_from_text(doc->valuestring, path, &why);
		if (parsed == NULL) {
			rc = import_warn(imp, path, errp, "policy document "
			    "text is not JSON (%s); document skipped", why);
			goto out;
		}
		/* URL encoding can hide a secret from the record's check. */
		if (redact_record(imp, path, parsed, 0, errp) == -1)
			goto out;
		doc = parsed;
	}
	if (!cJSON_IsObject(doc)) {
		rc = import_warn(imp, path, errp, "policy document is not an "
		    "object; document skipped");
		goto out;
	}
	stmts = json_get(doc, "Statement");
	if (stmts == NULL || (!cJSON_IsArray(stmts) &&
	    !cJSON_IsObject(stmts))) {
		rc = import_warn(imp, path, errp, "Statement is %s; document "
		    "skipped", stmts == NULL ? "missing" :
		    "neither an object nor a list");
		goto out;
	}
	rc = aws_policy_statements(imp, stmts, path, kind, out, errp);
out:
	if (rc == -1)
		aws_policy_free(out);
	free(why);
	if (parsed != NULL)
		cJSON_Delete(parsed);
	return rc;
}
