/*
 * Private parts of the JSON reader, shared by json.c (routes, records and
 * the streaming API), json_scan.c (the scanner), json_error.c (messages
 * and paths), json_keys.c (duplicate keys) and json_value.c (accessors).
 * See json.h for the contract and json_scan.c for how the scan works.
 */
#ifndef JSON_INT_H
#define JSON_INT_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "strbuf.h"

#define JSON_NONE		SIZE_MAX
#define JSON_EXACT_DIGITS	15	/* 10^15 < 2^53: exact in a double */
#define JSON_CJSON_NUMBER_MAX	63	/* cJSON 1.7.15 reads no more */
#define JSON_LINEAR_KEYS	16	/* more keys go in the hash table */
#define JSON_HEADS_MIN		1024
#define JSON_SHOW_MAX		64	/* key bytes shown in a message */
#define JSON_PATH_HEAD		12	/* steps of a path shown before "[...]" */
#define JSON_PATH_TAIL		4	/* and after it */
#define JSON_INT_EXACT		9007199254740992.0	/* 2^53 */
#define JSON_BOM		"\xef\xbb\xbf"

/* One component of a route pattern. */
enum json_part_kind {
	JSON_PART_KEY,		/* one named object key */
	JSON_PART_ANYKEY,	/* "*": every key of an object */
	JSON_PART_INDEX		/* "[]": every element of an array */
};

struct json_part {
	enum json_part_kind	 kind;
	const char		*key;	/* JSON_PART_KEY, in the pattern */
	size_t			 keylen;
};

/* A compiled route: parts[first .. first + nparts) of the scanner. */
struct json_pattern {
	size_t		 first;
	size_t		 nparts;
	json_record_fn	 fn;
	json_text_fn	 text;	/* or NULL */
};

/* An open array or object and the member being read in it. */
struct json_frame {
	int	 is_object;
	int	 in_member;	/* a key or element of it is being read */
	int	 hashed;	/* object: its keys are in the hash table */
	int	 key_escaped;
	size_t	 index;		/* array: the current element */
	size_t	 key_off;	/* object: raw text of the current key */
	size_t	 key_len;
	size_t	 first_key;	/* object: its first entry in keys */
};

/* A key of an open object. Hashed entries are chained per bucket. */
struct json_key {
	size_t		 off;	/* raw text in the buffer */
	size_t		 len;
	uint64_t	 prefix; /* its first 8 raw bytes, zero-padded */
	uint64_t	 hash;	/* of the decoded key, when hashed */
	size_t		 next;	/* older entry in the same bucket */
	int		 escaped;
	int		 hashed;
};

struct json_scan {
	const char		*buf;
	size_t			 end;	/* scanning stops here */
	size_t			 pos;
	size_t			 base;	/* line s->line, column 1 */
	size_t			 line;
	const char		*name;	/* file name, for messages */
	int			 lines;	/* reading a JSON Lines line */
	int			 strict; /* rule violations always reject */
	size_t			 max_depth;
	size_t			 max_string;
	size_t			 max_record;

	struct json_pattern	*patterns;
	size_t			 npatterns;
	const struct json_pattern *elem_route; /* of the array's elements */
	size_t			 elem_frames;	/* frames when it was found */
	struct json_part	*parts;
	size_t			 nparts;
	void			*ctx;

	struct json_frame	*frames;
	size_t			 nframes;
	size_t			 framecap;

	struct json_key		*keys;
	size_t			 nkeys;
	size_t			 keycap;
	size_t			*heads;	/* buckets, a power of two */
	size_t			 nheads;
	uint64_t		 seed[2];

	/* The record being read. */
	int			 in_record;
	const struct json_pattern *route;
	size_t			 rec_start;
	size_t			 rec_end;
	size_t			 rec_depth;
	int			 rec_escaped; /* a string or key has escapes */
	int			 has_problem;
	struct strbuf		 problem;
	size_t			*longnums; /* offset, length pairs */
	size_t			 nlongnums;
	size_t			 longnumcap;
	char			 line_path[32];	/* "line N" */
	size_t			 ndelivered; /* records given as trees or text */

	cJSON			*root;	/* json_parse()'s tree */
	int			 keep_root;
	int			 stopped; /* a callback returned -1 */
	char			*cb_err;

	json_member_fn		 member_fn;	/* json_members() */
	void			*member_ctx;

	struct strbuf		 copy;
	struct strbuf		 path;
	size_t			 path_frames; /* frames whose steps path has */
	size_t			 path_len;	/* bytes of those steps */
	const char		*shown_path;	/* in messages, if not NULL */

	struct json_index	*index;		/* json_keep records go here */
	size_t			 run_frames;	/* frames of its open run */
	struct strbuf		 scratch[2];
	char			*err;	/* the rejection, no file name */

	/* Last position counted by json_locate(). */
	size_t			 mark_off;
	size_t			 mark_line;
	size_t			 mark_bol;
};

/* Form of a key written by json_show_key(). */
enum json_show {
	JSON_SHOW_QUOTED,	/* "key", in a message */
	JSON_SHOW_FIRST,	/* key or ["key"], first in a path */
	JSON_SHOW_NEXT		/* .key or ["key"], later in a path */
};

static inline int
json_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

/*
 * Length of the valid UTF-8 sequence at p (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), or 0 when it is invalid or cut off
 * by end.
 */
static inline size_t
json_utf8_length(const unsigned char *p, const unsigned char *end)
{
	unsigned char	 c = p[0], lo = 0x80, hi = 0xbf;
	size_t		 n, i;

	if (c < 0x80)
		return 1;
	if (c < 0xc2)
		return 0;
	if (c < 0xe0)
		n = 2;
	else if (c < 0xf0) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c < 0xf5) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	}
	return n;
}

static inline void
json_skip_ws(struct json_scan *s)
{
	const char	*b = s->buf;
	size_t		 p = s->pos, e = s->end;

	while (p < e && (b[p] == ' ' || b[p] == '\n' || b[p] == '\r' ||
	    b[p] == '\t'))
		p++;
	s->pos = p;
}

/* json_scan.c */
void	 json_decode(struct strbuf *, const char *raw, size_t len,
	    size_t max);
int	 json_scan_document(struct json_scan *);
void	 json_scan_init(struct json_scan *, const char *buf, size_t len,
	    const char *name, const struct json_limits *);
void	 json_scan_free(struct json_scan *);
void	 json_pop(struct json_scan *);

/* json_error.c */
void	 json_show_key(struct strbuf *, const char *raw, size_t len,
	    int escaped, enum json_show);
void	 json_show_index(struct strbuf *, size_t index);
void	 json_show_step(const struct json_scan *, struct strbuf *, size_t i,
	    size_t start);
void	 json_show_path(const struct json_scan *, struct strbuf *);
const char *json_found(const struct json_scan *, size_t pos, char *tmp,
	    size_t size);
int	 json_fail(struct json_scan *, size_t, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
int	 json_problem(struct json_scan *, size_t, const char *, ...)
	    __attribute__((format(printf, 3, 4)));

#define JSON_FOUND(s, pos)	json_found((s), (pos), found, sizeof found)

/* json_keys.c */
int	 json_key_add(struct json_scan *, struct json_frame *, size_t off,
	    size_t len, int escaped);

/* json_index.c */
#define JSON_INDEX_MAX	UINT32_MAX	/* bytes of a kept record */
struct json_index *json_index_create(const char *buf, size_t len,
	    const char *name, size_t nroutes);
void	 json_index_keep(struct json_scan *, const char *path);

/* json.c */
int	 json_record_deliver(struct json_scan *, const char *path);
void	 json_scan_error(struct json_scan *, char **errp);
const struct json_pattern *json_route_match(struct json_scan *);
const struct json_pattern *json_route_find(struct json_scan *);
void	 json_record_begin(struct json_scan *, const struct json_pattern *);
int	 json_expect_type(struct json_scan *, const struct json_pattern *,
	    int c);
int	 json_record_end(struct json_scan *);

#endif
