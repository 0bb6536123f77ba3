/*
 * Reading members of the records the JSON reader delivers: case-sensitive
 * lookup and typed accessors (see json.h).
 */
#include "json_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

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

const char *
json_text(const cJSON *obj, const char *key, char *buf)
{
	const cJSON	*item = json_get(obj, key);
	int64_t		 v;

	if (cJSON_IsString(item))
		return item->valuestring;
	if (cJSON_IsBool(item))
		return cJSON_IsTrue(item) ? "true" : "false";
	if (!cJSON_IsNumber(item))
		return NULL;
	if (json_number_int64(item, &v) == 0)
		snprintf(buf, JSON_TEXT_BUFSZ, "%" PRId64, v);
	else
		json_format_double(item->valuedouble, buf);
	return buf;
}
