/*
 * Fixed-size bit sets over node or edge ids, as arrays of 64-bit words.
 * The analyses keep visited marks, what-if switches and tier-zero marks
 * in them: one bit per node keeps a million-node set in 128 KiB, small
 * enough to stay in cache during a walk.
 */
#ifndef BITSET_H
#define BITSET_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "xalloc.h"

/* Number of words for n bits. */
static inline size_t
bitset_words(size_t n)
{
	return (n + 63) / 64;
}

/* Allocate a cleared set of n bits; the caller frees it with free(). */
static inline uint64_t *
bitset_alloc(size_t n)
{
	return xcalloc(bitset_words(n) + 1, sizeof(uint64_t));
}

static inline void
bitset_clear_all(uint64_t *b, size_t n)
{
	memset(b, 0, bitset_words(n) * sizeof(*b));
}

static inline int
bitset_test(const uint64_t *b, size_t i)
{
	return (int)((b[i >> 6] >> (i & 63)) & 1);
}

static inline void
bitset_set(uint64_t *b, size_t i)
{
	b[i >> 6] |= (uint64_t)1 << (i & 63);
}

static inline void
bitset_clear(uint64_t *b, size_t i)
{
	b[i >> 6] &= ~((uint64_t)1 << (i & 63));
}

/* Flip bit i and return its new value. */
static inline int
bitset_toggle(uint64_t *b, size_t i)
{
	b[i >> 6] ^= (uint64_t)1 << (i & 63);
	return bitset_test(b, i);
}

/* Number of bits set among the first n. */
static inline size_t
bitset_count(const uint64_t *b, size_t n)
{
	size_t	 i, c = 0;

	for (i = 0; i < bitset_words(n); i++)
		c += (size_t)__builtin_popcountll(b[i]);
	return c;
}

#endif
