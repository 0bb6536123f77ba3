/*
 * Headless output (see output.h).
 */
#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "strbuf.h"
#include "xalloc.h"

int
output_parse_format(const char *s, enum output_format *out)
{
	if (strcmp(s, "table") == 0)
		*out = OUTPUT_TABLE;
	else if (strcmp(s, "json") == 0)
		*out = OUTPUT_JSON;
	else if (strcmp(s, "csv") == 0)
		*out = OUTPUT_CSV;
	else
		return -1;
	return 0;
}

void
output_table_init(struct output_table *t, size_t ncols,
    const char *const *headers, const int *maxw)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	t->maxw = xcalloc(ncols, sizeof(*t->maxw));
	if (maxw != NULL)
		memcpy(t->maxw, maxw, ncols * sizeof(*maxw));
	output_table_row(t, headers);
}

void
output_table_row(struct output_table *t, const char *const *cells)
{
	struct strbuf	 sb;
	size_t		 i, at;

	if (t->nrows == t->cap) {
		t->cap = t->cap == 0 ? 64 : t->cap * 2;
		t->cells = xreallocarray(t->cells, t->cap * t->ncols,
		    sizeof(*t->cells));
		t->widths = xreallocarray(t->widths, t->cap * t->ncols,
		    sizeof(*t->widths));
	}
	at = t->nrows * t->ncols;
	for (i = 0; i < t->ncols; i++) {
		strbuf_init(&sb);
		t->widths[at + i] = sanitize_appendstr(&sb, cells[i],
		    t->maxw[i], 0, NULL);
		t->cells[at + i] = strbuf_detach(&sb);
	}
	t->nrows++;
}

void
output_table_print(struct output_table *t, FILE *fp)
{
	int	*colw;
	size_t	 r, c, at;
	int	 pad;

	colw = xcalloc(t->ncols, sizeof(*colw));
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			at = r * t->ncols + c;
			if (t->widths[at] > colw[c])
				colw[c] = t->widths[at];
		}
	}
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			at = r * t->ncols + c;
			fputs(t->cells[at], fp);
			if (c + 1 == t->ncols)
				break;
			for (pad = colw[c] - t->widths[at] + 2; pad > 0; pad--)
				fputc(' ', fp);
		}
		fputc('\n', fp);
	}
	free(colw);
}

void
output_table_free(struct output_table *t)
{
	size_t	 i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->widths);
	free(t->maxw);
	memset(t, 0, sizeof(*t));
}

void
output_csv_row(FILE *fp, const char *const *fields, size_t n)
{
	struct strbuf	 line, cell;
	const char	*f, *p;
	size_t		 i;

	strbuf_init(&line);
	strbuf_init(&cell);
	for (i = 0; i < n; i++) {
		f = fields[i] != NULL ? fields[i] : "";
		strbuf_reset(&cell);
		if (strchr("=+-@\t\r", f[0]) != NULL && f[0] != '\0')
			strbuf_addch(&cell, '\'');
		sanitize_appendstr(&cell, f, 0, 0, NULL);
		if (i > 0)
			strbuf_addch(&line, ',');
		if (strpbrk(cell.buf, ",\"'\n ") == NULL) {
			strbuf_add(&line, cell.buf, cell.len);
			continue;
		}
		strbuf_addch(&line, '"');
		for (p = cell.buf; *p != '\0'; p++) {
			if (*p == '"')
				strbuf_addch(&line, '"');
			strbuf_addch(&line, *p);
		}
		strbuf_addch(&line, '"');
	}
	strbuf_addstr(&line, "\r\n");
	fwrite(line.buf, 1, line.len, fp);
	strbuf_free(&line);
	strbuf_free(&cell);
}

int
output_cell(struct strbuf *sb, const char *text, int maxw, int width)
{
	int	 w;

	w = sanitize_appendstr(sb, text, maxw, 0, NULL);
	for (; w < width; w++)
		strbuf_addch(sb, ' ');
	return w;
}

void
output_line(FILE *fp, const char *text)
{
	struct strbuf	 sb;

	strbuf_init(&sb);
	sanitize_appendstr(&sb, text, 0, 0, NULL);
	strbuf_addch(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, fp);
	strbuf_free(&sb);
}
