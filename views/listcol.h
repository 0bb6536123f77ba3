/*
 * The columns of the node list: blast radius, findings, the credential
 * ages (as htop shows process times), environment, owner, source and
 * degree. Each column has a title, a width, a priority for narrow
 * screens and a sort order; the list and its column picker share them.
 */
#ifndef LISTCOL_H
#define LISTCOL_H

#include <stddef.h>
#include <stdint.h>

struct app;
struct canvas;

enum listcol_id {
	LISTCOL_PRIV,
	LISTCOL_ADMIN,
	LISTCOL_SYS,
	LISTCOL_CROWN,
	LISTCOL_FIND,
	LISTCOL_USED,
	LISTCOL_ROTATED,
	LISTCOL_EXPIRES,
	LISTCOL_CREATED,
	LISTCOL_ENV,
	LISTCOL_OWNER,
	LISTCOL_SOURCE,
	LISTCOL_DEGREE,
	LISTCOL_COUNT
};

/* The sort by kind and name, before any column. */
#define LISTCOL_SORT_NAME	(-1)

/*
 * The columns of kind and name, and the minimum name width. Columns 0
 * and 1 hold the escape and what-if marks, and a blank column keeps the
 * what-if mark off the kind.
 */
#define LISTCOL_KIND_X		3
#define LISTCOL_NAME_X		19
#define LISTCOL_NAME_MIN	20

struct listcol {
	const char	*name;		/* for :sort and the picker */
	const char	*title;
	int		 width;		/* with the gap before it */
	int		 priority;	/* dropped first when high */
	int		 shown;		/* shown unless switched off */
	const char	*help;
};

/* The column table. */
const struct listcol *listcol_get(int id);

/* The column named name (a unique prefix will do), or -1. */
int	 listcol_find(const char *name);

/* The inputs of drawing and sorting: model, blast, findings, clock. */
struct listcol_data {
	const struct model	*m;
	const struct blast	*blast;		/* NULL: not computed */
	const uint32_t		*findings;	/* NULL: not computed */
	const uint8_t		*severity;	/* 1 + highest, or NULL */
	int64_t			 now;
};

/*
 * Lay out the columns switched on in shown (bit per id) at width w:
 * fills x[id] (0 for a column left out) and returns the name width.
 */
int	 listcol_layout(unsigned shown, int w, int *x);

/* Draw the title of column id at x, highlighted when sorted. */
void	 listcol_draw_title(struct canvas *, int y, int x, int id,
	    int sorted);

/* Draw the cell of column id for node v at x, in style (a row style). */
void	 listcol_draw_cell(struct canvas *, const struct listcol_data *,
	    int y, int x, int id, size_t v, int style, int selected);

/*
 * Fill ids (n of them) with byname, the nodes sorted by kind and name
 * (query_sort()), sorted again by column sort, equal values staying in
 * name order; LISTCOL_SORT_NAME copies byname.
 */
void	 listcol_sort(const struct listcol_data *, int sort,
	    const uint32_t *byname, uint32_t *ids, size_t n);

#endif
