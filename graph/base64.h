/*
 * Base64 (RFC 4648, standard alphabet with padding): encoding for keys
 * that other collectors derive by base64, decoding for the key blobs of
 * SSH public keys.
 */
#ifndef BASE64_H
#define BASE64_H

#include <stddef.h>

struct strbuf;

/* Append the base64 of data[0..len) to out. */
void	 base64_encode(const void *data, size_t len, struct strbuf *out);

/*
 * Decode base64 text s[0..len); padding is optional, and spaces and line
 * breaks are ignored. Returns an allocated buffer (NUL-terminated, *outlen
 * bytes before the NUL) or NULL when s is not base64.
 */
unsigned char *base64_decode(const char *s, size_t len, size_t *outlen);

#endif
