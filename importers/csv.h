/*
 * A reader of comma-separated values as RFC 4180 describes them: fields
 * separated by commas, records by CRLF or LF, fields in double quotes may
 * hold commas, quotes (written twice) and line breaks. A UTF-8 byte order
 * mark at the start is skipped, blank lines are skipped and the last
 * record may end without a line break.
 *
 * The reader works on a buffer in memory (a mapped file) and hands out one
 * record at a time. A record can break a rule: a quote inside an unquoted
 * field, text after a closing quote, a NUL byte, a quoted field still
 * open at the end of the input, or a field over the size limit. Such a
 * record is still returned, with a problem that names its line and
 * column, so the importer can skip it with a warning and read on. Records whose number
 * of fields differs from the header are the importer's to report;
 * csv_record.nfields makes that one comparison.
 */
#ifndef CSV_H
#define CSV_H

#include <stddef.h>

/* Maximum length of one field, in bytes. */
#define CSV_MAX_FIELD	(4u << 20)
/* Maximum number of fields in one record. */
#define CSV_MAX_FIELDS	4096

struct csv_record {
	char		**fields;	/* owned by the reader */
	size_t		  nfields;
	size_t		  line;		/* line where the record starts */
	size_t		  index;	/* 0 for the first record */
	const char	 *problem;	/* NULL, or "line L, column C: WHAT" */
};

struct csv {
	const char	*buf;
	size_t		 len;
	size_t		 pos;
	size_t		 line;
	size_t		 nrecords;
	char		*data;		/* fields of the current record */
	size_t		 datalen;
	size_t		 datacap;
	size_t		*offsets;	/* field starts in data */
	size_t		 capoffsets;
	char		**fields;
	char		*problem;
};

/* Start reading buf[0..len), which need not be NUL-terminated. */
void	 csv_init(struct csv *, const char *buf, size_t len);
void	 csv_free(struct csv *);

/*
 * Read the next record into rec, whose strings stay valid until the
 * next call that returns a record. Returns 1 for a record (check
 * rec->problem) and 0 at the end of the input.
 */
int	 csv_next(struct csv *, struct csv_record *rec);

#endif
