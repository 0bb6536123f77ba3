/*
 * Duplicate keys in the objects the JSON reader scans. Each open object
 * keeps its keys; objects with few keys are compared linearly, larger ones
 * go through a hash table keyed with a random SipHash key, so crafted keys
 * cannot make one object cost quadratic time.
 */
#include "json_int.h"

#include <sys/random.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xalloc.h"

static inline uint64_t
json_rotl(uint64_t x, int b)
{
	return (x << b) | (x >> (64 - b));
}

#define JSON_SIPROUND(v0, v1, v2, v3) do {				\
	v0 += v1; v1 = json_rotl(v1, 13); v1 ^= v0;			\
	v0 = json_rotl(v0, 32);						\
	v2 += v3; v3 = json_rotl(v3, 16); v3 ^= v2;			\
	v0 += v3; v3 = json_rotl(v3, 21); v3 ^= v0;			\
	v2 += v1; v1 = json_rotl(v1, 17); v1 ^= v2;			\
	v2 = json_rotl(v2, 32);						\
} while (0)

/*
 * Hash p[0..n) with SipHash-1-3 under key, so that keys which all land in
 * one bucket cannot be crafted without knowing the key. Words are read in
 * host byte order, because the value only has to be consistent within one
 * scan.
 */
static uint64_t
json_siphash(const uint64_t key[2], const unsigned char *p, size_t n)
{
	uint64_t	 v0 = key[0] ^ 0x736f6d6570736575ULL;
	uint64_t	 v1 = key[1] ^ 0x646f72616e646f6dULL;
	uint64_t	 v2 = key[0] ^ 0x6c7967656e657261ULL;
	uint64_t	 v3 = key[1] ^ 0x7465646279746573ULL;
	uint64_t	 m, last = (uint64_t)n << 56;
	size_t		 i;

	for (; n >= 8; n -= 8, p += 8) {
		memcpy(&m, p, 8);
		v3 ^= m;
		JSON_SIPROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	for (i = 0; i < n; i++)
		last |= (uint64_t)p[i] << (8 * i);
	v3 ^= last;
	JSON_SIPROUND(v0, v1, v2, v3);
	v0 ^= last;
	v2 ^= 0xff;
	JSON_SIPROUND(v0, v1, v2, v3);
	JSON_SIPROUND(v0, v1, v2, v3);
	JSON_SIPROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}

static uint64_t
json_key_hash(struct json_scan *s, size_t off, size_t len, int escaped)
{
	struct strbuf	*sb = &s->scratch[0];

	if (!escaped)
		return json_siphash(s->seed,
		    (const unsigned char *)s->buf + off, len);
	strbuf_reset(sb);
	json_decode(sb, s->buf + off, len, SIZE_MAX);
	return json_siphash(s->seed, (const unsigned char *)sb->buf, sb->len);
}

/*
 * The first 8 bytes of a key, zero-padded, as one word. avail is how many
 * bytes the buffer has from p: a key is followed by at least its closing
 * quote, so most keys can be read as a whole word and masked.
 */
static inline uint64_t
json_key_prefix(const char *p, size_t len, size_t avail)
{
	unsigned char	 bytes[8] = { 0 };
	uint64_t	 w;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (avail >= 8) {
		memcpy(&w, p, 8);
		return len >= 8 ? w : w & (((uint64_t)1 << (8 * len)) - 1);
	}
#else
	(void)avail;
#endif
	memcpy(bytes, p, len < 8 ? len : 8);
	memcpy(&w, bytes, 8);
	return w;
}

/*
 * Whether key entry k and the raw key at off (with the given prefix)
 * decode to the same text.
 */
static int
json_key_equal(struct json_scan *s, const struct json_key *k, size_t off,
    size_t len, uint64_t prefix, int escaped)
{
	struct strbuf	*a = &s->scratch[0], *b = &s->scratch[1];

	if (!k->escaped && !escaped)
		return k->len == len && k->prefix == prefix && (len <= 8 ||
		    memcmp(s->buf + k->off + 8, s->buf + off + 8,
		    len - 8) == 0);
	strbuf_reset(a);
	strbuf_reset(b);
	json_decode(a, s->buf + k->off, k->len, SIZE_MAX);
	json_decode(b, s->buf + off, len, SIZE_MAX);
	return a->len == b->len && memcmp(a->buf, b->buf, a->len) == 0;
}

static void
json_key_link(struct json_scan *s, size_t i)
{
	struct json_key	*k = &s->keys[i];
	size_t		 b = k->hash & (s->nheads - 1);

	k->next = s->heads[b];
	s->heads[b] = i;
}

/*
 * Resize the bucket array to keep chains short. Relinking in index order
 * keeps every chain in descending index order, which json_pop() needs.
 */
static void
json_keys_rehash(struct json_scan *s, size_t nheads)
{
	size_t	 i;

	s->heads = xreallocarray(s->heads, nheads, sizeof *s->heads);
	s->nheads = nheads;
	for (i = 0; i < nheads; i++)
		s->heads[i] = JSON_NONE;
	for (i = 0; i < s->nkeys; i++) {
		if (s->keys[i].hashed)
			json_key_link(s, i);
	}
}

/* Move the keys of object f, grown past JSON_LINEAR_KEYS, into buckets. */
static void
json_keys_hash_frame(struct json_scan *s, struct json_frame *f)
{
	struct json_key	*k;
	size_t		 i;

	if (s->heads == NULL) {
		if (getrandom(s->seed, sizeof s->seed, GRND_NONBLOCK) !=
		    (ssize_t)sizeof s->seed) {
			/* No entropy yet: a weaker key still varies. */
			s->seed[0] ^= (uint64_t)time(NULL);
			s->seed[1] ^= (uint64_t)(uintptr_t)s;
		}
		json_keys_rehash(s, JSON_HEADS_MIN);
	}
	for (i = f->first_key; i < s->nkeys; i++) {
		k = &s->keys[i];
		k->hash = json_key_hash(s, k->off, k->len, k->escaped);
		k->hashed = 1;
		json_key_link(s, i);
	}
	f->hashed = 1;
}

/*
 * Record the key just read in object f (raw text at off), or report a
 * duplicate of one of its earlier keys.
 */
int
json_key_add(struct json_scan *s, struct json_frame *f, size_t off,
    size_t len, int escaped)
{
	struct json_key	*k;
	struct strbuf	 shown = { NULL, 0, 0 };
	uint64_t	 hash = 0, prefix;
	size_t		 i;
	int		 rc;

	prefix = json_key_prefix(s->buf + off, len, s->end - off);
	if (!f->hashed && s->nkeys - f->first_key >= JSON_LINEAR_KEYS)
		json_keys_hash_frame(s, f);

	if (f->hashed) {
		hash = json_key_hash(s, off, len, escaped);
		i = s->heads[hash & (s->nheads - 1)];
		for (; i != JSON_NONE && i >= f->first_key;
		    i = s->keys[i].next) {
			if (s->keys[i].hash == hash &&
			    json_key_equal(s, &s->keys[i], off, len, prefix,
			    escaped))
				goto duplicate;
		}
	} else {
		for (i = f->first_key; i < s->nkeys; i++) {
			/* Most keys differ in length or first bytes. */
			if (!escaped && !s->keys[i].escaped &&
			    (s->keys[i].len != len ||
			    s->keys[i].prefix != prefix))
				continue;
			if (json_key_equal(s, &s->keys[i], off, len, prefix,
			    escaped))
				goto duplicate;
		}
	}

	if (s->nkeys == s->keycap) {
		s->keycap = s->keycap < 64 ? 64 : s->keycap * 2;
		s->keys = xreallocarray(s->keys, s->keycap, sizeof *s->keys);
	}
	k = &s->keys[s->nkeys++];
	k->off = off;
	k->len = len;
	k->prefix = prefix;
	k->escaped = escaped;
	k->hashed = f->hashed;
	k->hash = hash;
	if (f->hashed) {
		json_key_link(s, s->nkeys - 1);
		if (s->nkeys > s->nheads)
			json_keys_rehash(s, s->nheads * 2);
	}
	return 0;

duplicate:
	json_show_key(&shown, s->buf + off, len, escaped, JSON_SHOW_QUOTED);
	rc = json_problem(s, off - 1, "duplicate key %s", shown.buf);
	strbuf_free(&shown);
	return rc;
}
