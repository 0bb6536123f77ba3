/*
 * Headless output: aligned text tables, CSV and JSON on stdout. Every
 * cell passes through the sanitiser (tables, CSV) or the escaping JSON
 * writer, so data cannot drive the terminal a script prints to.
 */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <stddef.h>
#include <stdio.h>

struct strbuf;

enum output_format {
	OUTPUT_TABLE,
	OUTPUT_JSON,
	OUTPUT_CSV
};

/* Parse "table", "json" or "csv"; returns -1 for anything else. */
int	 output_parse_format(const char *, enum output_format *);

/* A text table collected row by row, then printed with column widths. */
struct output_table {
	size_t		  ncols;
	char		**cells;	/* sanitised, row-major */
	int		 *widths;	/* display width of each cell */
	size_t		  nrows;	/* header row included */
	size_t		  cap;
	int		 *maxw;		/* column width cap, 0 for none */
};

void	 output_table_init(struct output_table *, size_t ncols,
	    const char *const *headers, const int *maxw);
void	 output_table_row(struct output_table *, const char *const *cells);
void	 output_table_print(struct output_table *, FILE *);
void	 output_table_free(struct output_table *);

/*
 * Write one CSV record: fields quoted where needed, sanitised, and
 * fields that start with '=', '+', '-', '@', tab or CR prefixed with a
 * single quote so spreadsheets do not run them as formulas.
 */
void	 output_csv_row(FILE *, const char *const *fields, size_t n);

/*
 * Append untrusted text to sb through the sanitiser, cut with an ellipsis
 * at maxw columns (0: no limit), then spaces up to width columns, so that
 * text with escapes or wide characters still lines up. Returns the
 * columns appended.
 */
int	 output_cell(struct strbuf *sb, const char *text, int maxw, int width);

/* Write a line of untrusted text through the sanitiser. */
void	 output_line(FILE *, const char *text);

#endif
