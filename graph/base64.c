/*
 * Base64 encoding and decoding (see base64.h).
 */
#include "base64.h"

#include <stdint.h>
#include <stdlib.h>

#include "strbuf.h"
#include "xalloc.h"

static const char base64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void
base64_encode(const void *data, size_t len, struct strbuf *out)
{
	const unsigned char	*p = data;
	uint32_t		 v;
	size_t			 i;

	for (i = 0; i + 2 < len; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		strbuf_addch(out, base64_alphabet[v >> 18 & 63]);
		strbuf_addch(out, base64_alphabet[v >> 12 & 63]);
		strbuf_addch(out, base64_alphabet[v >> 6 & 63]);
		strbuf_addch(out, base64_alphabet[v & 63]);
	}
	if (i < len) {
		v = (uint32_t)p[i] << 16;
		if (i + 1 < len)
			v |= (uint32_t)p[i + 1] << 8;
		strbuf_addch(out, base64_alphabet[v >> 18 & 63]);
		strbuf_addch(out, base64_alphabet[v >> 12 & 63]);
		strbuf_addch(out, i + 1 < len ?
		    base64_alphabet[v >> 6 & 63] : '=');
		strbuf_addch(out, '=');
	}
}

/* The value of a base64 digit, or -1. */
static int
base64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

unsigned char *
base64_decode(const char *s, size_t len, size_t *outlen)
{
	unsigned char	*out;
	uint32_t	 acc = 0;
	size_t		 i, n = 0, bits = 0, pad = 0;
	int		 v;

	out = xmalloc(len / 4 * 3 + 4);
	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' ||
		    s[i] == '\t')
			continue;
		if (s[i] == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || (v = base64_value((unsigned char)s[i])) < 0)
			goto fail;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits & 0xff);
		}
	}
	/* Leftover bits must be zero padding of a partial group. */
	if (pad > 2 || bits >= 6 || (acc & ((1u << bits) - 1)) != 0)
		goto fail;
	out[n] = '\0';
	*outlen = n;
	return out;

fail:
	free(out);
	return NULL;
}
