/*
 * Reading members of the records the JSON reader delivers: case-sensitive
 * lookup and typed accessors (see json.h).
 */
#include "json_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

cJSON *
json_get(const cJSON *obj, const char *key)
{
	if (!cJSON_IsObject(obj) || key == NULL)
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

const char *
json_str(const cJSON *obj, const char *key)
{
	const cJSON	*item = json_get(obj, key);

	return cJSON_IsString(item) ? item->valuestring : NULL;
}

/*
 * Parse text that is a JSON integer (optional '-', no leading zero) into
 * a 64-bit value. Returns -1 for other text or out of range.
 */
static int
json_parse_int64(const char *text, int64_t *out)
{
	const char	*p = text;
	uint64_t	 v = 0, limit = INT64_MAX;
	int		 neg = 0, d;

	if (*p == '-') {
		neg = 1;
		limit = (uint64_t)INT64_MAX + 1;
		p++;
	}
	if (!json_isdigit(*p) || (p[0] == '0' && p[1] != '\0'))
		return -1;
	for (; *p != '\0'; p++) {
		if (!json_isdigit(*p))
			return -1;
		d = *p - '0';
		if (v > (limit - (uint64_t)d) / 10)
			return -1;
		v = v * 10 + (uint64_t)d;
	}
	if (neg)
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	else
		*out = (int64_t)v;
	return 0;
}

/*
 * Read a cJSON number as an exact integer: its valuedouble must be
 * integral and within +-2^53 (cJSON's valueint saturates at int range).
 */
static int
json_number_int64(const cJSON *item, int64_t *out)
{
	double	 d = item->valuedouble;

	if (!(d >= -JSON_INT_EXACT && d <= JSON_INT_EXACT))
		return -1;
	if ((double)(int64_t)d != d)
		return -1;
	*out = (int64_t)d;
	return 0;
}

int
json_int(const cJSON *obj, const char *key, int64_t *out)
{
	const cJSON	*item = json_get(obj, key);

	if (item == NULL || cJSON_IsNull(item))
		return 0;
	if (cJSON_IsNumber(item))
		return json_number_int64(item, out) == 0 ? 1 : -1;
	if (cJSON_IsString(item))
		return json_parse_int64(item->valuestring, out) == 0 ? 1 : -1;
	return -1;
}

int
json_bool(const cJSON *obj, const char *key, int *out)
{
	const cJSON	*item = json_get(obj, key);

	if (item == NULL || cJSON_IsNull(item))
		return 0;
	if (!cJSON_IsBool(item))
		return -1;
	*out = cJSON_IsTrue(item);
	return 1;
}

/*
 * Format a number that is not an exact integer with 17 significant digits,
 * with '.' as the decimal point whatever the LC_NUMERIC locale uses.
 */
static void
json_format_double(double d, char *buf)
{
	char	 tmp[JSON_TEXT_BUFSZ];
	size_t	 i, o = 0;
	int	 sep = 0;

	snprintf(tmp, sizeof tmp, "%.17g", d);
	for (i = 0; tmp[i] != '\0' && o < JSON_TEXT_BUFSZ - 1; i++) {
		if (json_isdigit(tmp[i]) || strchr("+-eEinfaINFA", tmp[i]) !=
		    NULL) {
			buf[o++] = tmp[i];
			sep = 0;
		} else if (!sep) {
			buf[o++] = '.';
			sep = 1;
		}
	}
	buf[o] = '\0';
}

/* Format a number item into buf (JSON_TEXT_BUFSZ bytes) as json_text(). */
static void
json_text_number(const cJSON *item, char *buf)
{
	int64_t	 v;

	if (json_number_int64(item, &v) == 0)
		snprintf(buf, JSON_TEXT_BUFSZ, "%" PRId64, v);
	else
		json_format_double(item->valuedouble, buf);
}

const char *
json_text(const cJSON *obj, const char *key, char *buf)
{
	const cJSON	*item = json_get(obj, key);

	if (cJSON_IsString(item))
		return item->valuestring;
	if (cJSON_IsBool(item))
		return cJSON_IsTrue(item) ? "true" : "false";
	if (!cJSON_IsNumber(item))
		return NULL;
	json_text_number(item, buf);
	return buf;
}

/* Overwrite a string that is about to be replaced, then free it. */
static void
json_rewrite_drop(char *text)
{
	if (text == NULL)
		return;
	explicit_bzero(text, strlen(text));
	cJSON_free(text);
}

/* Offer one key, string or number to the callback and apply its answer. */
static int
json_rewrite_item(cJSON *item, const char *name, json_rewrite_fn fn,
    void *ctx)
{
	char	 num[JSON_TEXT_BUFSZ], *out = NULL, *copy;
	int	 rc;

	if (item->string != NULL) {
		rc = fn(ctx, JSON_REWRITE_KEY, name, item->string, &out);
		if (rc == -1)
			return -1;
		if (rc == 1) {
			copy = cJSON_malloc(strlen(out) + 1);
			if (copy == NULL)
				xalloc_fatal("out of memory rewriting a key");
			strcpy(copy, out);
			free(out);
			json_rewrite_drop(item->string);
			item->string = copy;
		}
	}
	if (!cJSON_IsString(item) && !cJSON_IsNumber(item))
		return 0;

	if (cJSON_IsString(item))
		rc = fn(ctx, JSON_REWRITE_STRING, item->string != NULL ?
		    item->string : name, item->valuestring, &out);
	else {
		json_text_number(item, num);
		rc = fn(ctx, JSON_REWRITE_NUMBER, item->string != NULL ?
		    item->string : name, num, &out);
	}
	if (rc != 1)
		return rc;
	copy = cJSON_malloc(strlen(out) + 1);
	if (copy == NULL)
		xalloc_fatal("out of memory rewriting a value");
	strcpy(copy, out);
	free(out);
	if (cJSON_IsString(item))
		json_rewrite_drop(item->valuestring);
	item->type = cJSON_String;
	item->valuestring = copy;
	item->valueint = 0;
	item->valuedouble = 0;
	return 0;
}

/* Walk the members or elements of a container under a member name. */
static int
json_rewrite_walk(cJSON *node, const char *name, json_rewrite_fn fn,
    void *ctx)
{
	cJSON	*item;

	cJSON_ArrayForEach(item, node) {
		if (json_rewrite_item(item, name, fn, ctx) == -1)
			return -1;
		if ((cJSON_IsObject(item) || cJSON_IsArray(item)) &&
		    json_rewrite_walk(item, item->string != NULL ?
		    item->string : name, fn, ctx) == -1)
			return -1;
	}
	return 0;
}

int
json_rewrite(cJSON *root, json_rewrite_fn fn, void *ctx)
{
	return json_rewrite_except(root, NULL, fn, ctx);
}

/* 1 when name is in the NULL-terminated list (which may be NULL). */
static int
json_listed(const char *name, const char *const *list)
{
	size_t	 i;

	for (i = 0; list != NULL && name != NULL && list[i] != NULL; i++) {
		if (strcmp(list[i], name) == 0)
			return 1;
	}
	return 0;
}

int
json_rewrite_except(cJSON *root, const char *const *skip, json_rewrite_fn fn,
    void *ctx)
{
	cJSON	*item;

	if (root == NULL)
		return 0;
	if (cJSON_IsArray(root))
		return json_rewrite_walk(root, NULL, fn, ctx);
	if (!cJSON_IsObject(root))
		return json_rewrite_item(root, NULL, fn, ctx);
	cJSON_ArrayForEach(item, root) {
		if (json_listed(item->string, skip))
			continue;
		if (json_rewrite_item(item, NULL, fn, ctx) == -1)
			return -1;
		if ((cJSON_IsObject(item) || cJSON_IsArray(item)) &&
		    json_rewrite_walk(item, item->string, fn, ctx) == -1)
			return -1;
	}
	return 0;
}

/* Overwrite the strings of a tree with zeros. */
static void
json_wipe(cJSON *node)
{
	cJSON	*item;

	if (node->string != NULL)
		explicit_bzero(node->string, strlen(node->string));
	if (cJSON_IsString(node) && node->valuestring != NULL)
		explicit_bzero(node->valuestring, strlen(node->valuestring));
	cJSON_ArrayForEach(item, node)
		json_wipe(item);
}

void
json_drop(cJSON *obj, const char *key)
{
	cJSON	*item = json_get(obj, key);

	if (item == NULL)
		return;
	cJSON_DetachItemViaPointer(obj, item);
	json_wipe(item);
	cJSON_Delete(item);
}
