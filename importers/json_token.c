/*
 * Reading the text of a record token by token, for the text callbacks
 * (json_text_fn in json.h) of json_stream_text() and json_index_read().
 * The scanner has checked the text and found no escapes in it, so this
 * only splits it into tokens: a string ends at the next '"', and a
 * number at the first byte that no number contains.
 */
#include "json_int.h"

#include <string.h>

void
json_tokens_init(struct json_tokens *t, const char *text, size_t len)
{
	memset(t, 0, sizeof *t);
	t->text = text;
	t->len = len;
}

/* Move past a token of n bytes that starts at t->pos. */
static enum json_token
json_token_take(struct json_tokens *t, size_t n, enum json_token token)
{
	t->pos = n < t->len - t->pos ? t->pos + n : t->len;
	return token;
}

static int
json_token_in_number(char c)
{
	return json_isdigit(c) || c == '-' || c == '+' || c == '.' ||
	    c == 'e' || c == 'E';
}

enum json_token
json_token_next(struct json_tokens *t)
{
	const char	*p = t->text;
	size_t		 i = t->pos, j;

	/* Between tokens of checked text, a byte up to ' ' is white space. */
	while (i < t->len && ((unsigned char)p[i] <= ' ' || p[i] == ',' ||
	    p[i] == ':'))
		i++;
	t->pos = i;
	if (i >= t->len)
		return JSON_TOKEN_END;

	switch (p[i]) {
	case '{':
		return json_token_take(t, 1, JSON_TOKEN_OBJECT);
	case '}':
		return json_token_take(t, 1, JSON_TOKEN_OBJECT_END);
	case '[':
		return json_token_take(t, 1, JSON_TOKEN_ARRAY);
	case ']':
		return json_token_take(t, 1, JSON_TOKEN_ARRAY_END);
	case 't':
		return json_token_take(t, 4, JSON_TOKEN_TRUE);
	case 'f':
		return json_token_take(t, 5, JSON_TOKEN_FALSE);
	case 'n':
		return json_token_take(t, 4, JSON_TOKEN_NULL);
	case '"':
		/* Most strings are short, so a loop beats memchr(). */
		for (j = i + 1; j < t->len && p[j] != '"'; j++)
			;
		/* Unchecked text cut inside a string ends here. */
		if (j == t->len)
			return json_token_take(t, t->len - i, JSON_TOKEN_END);
		t->str = p + i + 1;
		t->str_len = j - i - 1;
		return json_token_take(t, t->str_len + 2, JSON_TOKEN_STRING);
	default:
		t->str = p + i;
		for (t->str_len = 0; i + t->str_len < t->len &&
		    json_token_in_number(p[i + t->str_len]); t->str_len++)
			;
		return json_token_take(t, t->str_len, JSON_TOKEN_NUMBER);
	}
}
