/*
 * Cursor and scrolling over a list of rows, shared by the views that
 * show one: the navigation keys (j, k, arrows, pages, g, G) move the
 * cursor, and rows_fit() scrolls so the cursor stays visible.
 */
#ifndef ROWS_H
#define ROWS_H

#include <stddef.h>

struct rows {
	size_t	 n;		/* number of rows */
	size_t	 cursor;
	size_t	 top;		/* first row shown */
	int	 page;		/* rows shown on the last draw */
};

/* Move the cursor for a navigation key; returns 1 when key was one. */
int	 rows_key(struct rows *, int key);

/* Scroll so that the cursor is among the height rows shown. */
void	 rows_fit(struct rows *, int height);

/* Keep the cursor inside the rows after their number changed. */
void	 rows_clamp(struct rows *);

#endif
