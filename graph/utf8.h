/*
 * UTF-8 encoding and strict decoding.
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode one UTF-8 sequence at s (n bytes available). Returns its length
 * and sets *cp, or 0 when the bytes are not valid UTF-8 (overlong forms,
 * surrogates, values over U+10FFFF and truncated sequences are invalid).
 */
size_t	 utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Encode cp into buf (4 bytes); returns the length, 0 if cp is invalid. */
size_t	 utf8_encode(char *buf, uint32_t cp);

#endif
