/*
 * gzip input, as CloudTrail delivers its log files to S3. This module is
 * the only code that uses zlib.
 */
#ifndef GUNZIP_H
#define GUNZIP_H

#include <stddef.h>

/* Largest decompressed size accepted: 4 GiB. */
#define GUNZIP_MAX_SIZE	((size_t)4 << 30)

/* 1 when the bytes start with the gzip magic number. */
int	 gunzip_is_gzip(const char *data, size_t len);

/*
 * Decompress a whole gzip file (several members are read one after the
 * other, as gzip(1) does). Sets *out (allocated, NUL-terminated) and
 * *outlen. Returns 0, or -1 with *errp naming the file and the problem
 * when the data is truncated, corrupt or larger than max.
 */
int	 gunzip_all(const char *data, size_t len, const char *name,
	    size_t max, char **out, size_t *outlen, char **errp);

/*
 * Decompress at most cap bytes of the start of a gzip file into buf, for
 * sniffing. Returns the number of bytes written; 0 when nothing could be
 * read.
 */
size_t	 gunzip_head(const char *data, size_t len, char *buf, size_t cap);

#endif
