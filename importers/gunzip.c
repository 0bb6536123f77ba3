/*
 * gzip decompression with zlib (see gunzip.h).
 */
#include "gunzip.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "xalloc.h"

int
gunzip_is_gzip(const char *data, size_t len)
{
	return len >= 2 && (unsigned char)data[0] == 0x1f &&
	    (unsigned char)data[1] == 0x8b;
}

/* Give zlib the next slice of input; zlib counts in unsigned int. */
static void
gunzip_feed(z_stream *z, const char *data, size_t len, size_t *off)
{
	size_t	 n = len - *off;

	if (z->avail_in > 0)
		return;
	if (n > UINT_MAX)
		n = UINT_MAX;
	z->next_in = (Bytef *)(uintptr_t)(data + *off);
	z->avail_in = (uInt)n;
	*off += n;
}

int
gunzip_all(const char *data, size_t len, const char *name, size_t max,
    char **out, size_t *outlen, char **errp)
{
	z_stream	 z;
	char		*buf = NULL;
	size_t		 cap = 0, used = 0, off = 0, chunk;
	int		 rc = Z_OK, ret = -1;

	*out = NULL;
	*outlen = 0;
	memset(&z, 0, sizeof(z));
	/* 16 + MAX_WBITS: a gzip header and trailer around the stream. */
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		*errp = xasprintf("%s: zlib could not start", name);
		return -1;
	}
	for (;;) {
		gunzip_feed(&z, data, len, &off);
		if (cap - used < 65536) {
			cap = cap == 0 ? 1 << 20 : cap * 2;
			buf = xrealloc(buf, cap + 1);
		}
		chunk = cap - used;
		if (chunk > UINT_MAX)
			chunk = UINT_MAX;
		z.next_out = (Bytef *)(buf + used);
		z.avail_out = (uInt)chunk;
		rc = inflate(&z, Z_NO_FLUSH);
		used += chunk - z.avail_out;
		if (used > max) {
			*errp = xasprintf("%s: decompressed data is over the "
			    "limit of %zu bytes", name, max);
			goto out;
		}
		if (rc == Z_STREAM_END) {
			if (z.avail_in == 0 && off == len)
				break;
			/* Another gzip member follows. */
			if (inflateReset(&z) != Z_OK)
				break;
			continue;
		}
		if (rc == Z_BUF_ERROR && z.avail_in == 0 && off == len) {
			*errp = xasprintf("%s: gzip data is truncated at byte "
			    "%zu; fetch the file again", name, len);
			goto out;
		}
		if (rc != Z_OK && rc != Z_BUF_ERROR) {
			*errp = xasprintf("%s: gzip data is corrupt near byte "
			    "%zu: %s", name, off - z.avail_in,
			    z.msg != NULL ? z.msg : "inflate failed");
			goto out;
		}
	}
	buf[used] = '\0';
	*out = buf;
	*outlen = used;
	buf = NULL;
	ret = 0;
out:
	inflateEnd(&z);
	free(buf);
	return ret;
}

size_t
gunzip_head(const char *data, size_t len, char *buf, size_t cap)
{
	z_stream	 z;
	size_t		 off = 0, got;

	memset(&z, 0, sizeof(z));
	if (cap == 0 || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return 0;
	gunzip_feed(&z, data, len, &off);
	z.next_out = (Bytef *)buf;
	z.avail_out = (uInt)(cap > UINT_MAX ? UINT_MAX : cap);
	(void)inflate(&z, Z_SYNC_FLUSH);
	got = cap - z.avail_out;
	inflateEnd(&z);
	return got;
}
