/*
 * A small JSON writer for output and for the attribute text importers
 * store. Strings are escaped so that the output is safe to print on a
 * terminal: besides what JSON requires, DEL, C1 controls and the
 * invisible and bidirectional characters the sanitiser escapes are
 * written as \uXXXX, and bytes that are not UTF-8 as the text \xNN.
 */
#ifndef JSONW_H
#define JSONW_H

#include <stddef.h>
#include <stdint.h>

struct strbuf;

#define JSONW_MAX_DEPTH	32
#define JSONW_PRETTY	0x1	/* newlines and two-space indent */

struct jsonw {
	struct strbuf	*out;
	int		 flags;
	int		 depth;
	int		 count[JSONW_MAX_DEPTH];	/* items at each level */
	int		 after_key;
};

void	 jsonw_init(struct jsonw *, struct strbuf *out, int flags);
void	 jsonw_object_begin(struct jsonw *);
void	 jsonw_object_end(struct jsonw *);
void	 jsonw_array_begin(struct jsonw *);
void	 jsonw_array_end(struct jsonw *);
void	 jsonw_key(struct jsonw *, const char *);
void	 jsonw_str(struct jsonw *, const char *);	/* NULL: null */
void	 jsonw_strn(struct jsonw *, const char *, size_t);
void	 jsonw_int(struct jsonw *, int64_t);
void	 jsonw_bool(struct jsonw *, int);
void	 jsonw_null(struct jsonw *);
/*
 * Insert text that is already JSON (from the store). Control characters,
 * hidden characters and invalid bytes in it are written as \u escapes.
 */
void	 jsonw_raw(struct jsonw *, const char *);

/* Append s[0..len) to out as a quoted, escaped JSON string. */
void	 jsonw_escape(struct strbuf *out, const char *s, size_t len);

#endif
