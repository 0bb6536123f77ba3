/*
 * Cursor and scrolling over rows (see rows.h).
 */
#include "rows.h"

#include "term.h"

void
rows_clamp(struct rows *r)
{
	if (r->cursor >= r->n)
		r->cursor = r->n > 0 ? r->n - 1 : 0;
	if (r->top > r->cursor)
		r->top = r->cursor;
}

int
rows_key(struct rows *r, int key)
{
	size_t	 page = r->page > 1 ? (size_t)r->page - 1 : 1;

	switch (key) {
	case TERM_KEY_UP:
	case 'k':
		if (r->cursor > 0)
			r->cursor--;
		return 1;
	case TERM_KEY_DOWN:
	case 'j':
		if (r->cursor + 1 < r->n)
			r->cursor++;
		return 1;
	case TERM_KEY_PGUP:
		r->cursor = r->cursor > page ? r->cursor - page : 0;
		return 1;
	case TERM_KEY_PGDN:
		r->cursor += page;
		rows_clamp(r);
		return 1;
	case TERM_KEY_HOME:
	case 'g':
		r->cursor = 0;
		return 1;
	case TERM_KEY_END:
	case 'G':
		r->cursor = r->n > 0 ? r->n - 1 : 0;
		return 1;
	default:
		return 0;
	}
}

void
rows_fit(struct rows *r, int height)
{
	r->page = height;
	if (height < 1)
		return;
	rows_clamp(r);
	if (r->cursor < r->top)
		r->top = r->cursor;
	if (r->cursor >= r->top + (size_t)height)
		r->top = r->cursor - (size_t)height + 1;
}
