/*
 * SHA-256 and HMAC-SHA-256 through libcrypto (see digest.h).
 */
#include "digest.h"

#include <stdio.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "xalloc.h"

static void
digest_hex(const unsigned char *md, size_t len, char *hex)
{
	static const char	 digits[] = "0123456789abcdef";
	size_t			 i;

	for (i = 0; i < len; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 0xf];
	}
	hex[2 * len] = '\0';
}

void
digest_sha256(const void *data, size_t len, unsigned char *md)
{
	if (EVP_Digest(data, len, md, NULL, EVP_sha256(), NULL) != 1)
		xalloc_fatal("libcrypto could not compute SHA-256");
}

void
digest_sha256_hex(const void *data, size_t len, char *hex)
{
	unsigned char	 md[SHA256_DIGEST_LENGTH];

	if (EVP_Digest(data, len, md, NULL, EVP_sha256(), NULL) != 1)
		xalloc_fatal("libcrypto could not compute SHA-256");
	digest_hex(md, sizeof(md), hex);
}

int
digest_fingerprint(const unsigned char *key, size_t keylen,
    const void *secret, size_t len, char *hex)
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen = 0;

	if (HMAC(EVP_sha256(), key, (int)keylen, secret, len, md, &mdlen) ==
	    NULL || mdlen != SHA256_DIGEST_LENGTH)
		return -1;
	digest_hex(md, mdlen, hex);
	return 0;
}
