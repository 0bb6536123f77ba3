/*
 * SHA-256 digests of inputs (chain of custody) and keyed fingerprints of
 * secrets, through OpenSSL's libcrypto. A fingerprint is HMAC-SHA-256 of
 * the raw secret bytes under the case's own random key, so the same
 * secret matches across sources of one case while a fingerprint seen in
 * a report cannot be tested against guesses without that key.
 */
#ifndef DIGEST_H
#define DIGEST_H

#include <stddef.h>

#define DIGEST_HEX_LEN	64
#define DIGEST_HEX_BUFSZ (DIGEST_HEX_LEN + 1)

#define DIGEST_SHA256_LEN 32

/* Write the SHA-256 of data into md (DIGEST_SHA256_LEN bytes). */
void	 digest_sha256(const void *data, size_t len, unsigned char *md);

/* Write the hex SHA-256 of data into hex (DIGEST_HEX_BUFSZ bytes). */
void	 digest_sha256_hex(const void *data, size_t len, char *hex);

/*
 * Write the hex HMAC-SHA-256 of secret under key into hex. Returns 0, or
 * -1 when libcrypto fails.
 */
int	 digest_fingerprint(const unsigned char *key, size_t keylen,
	    const void *secret, size_t len, char *hex);

#endif
