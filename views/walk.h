/*
 * The state of a walk view, shared by walk.c (the card and the stacked
 * layout, keys), walkcols.c (the Miller columns of wide screens) and
 * walkuse.c (usage evidence).
 */
#ifndef WALK_H
#define WALK_H

#include <stddef.h>
#include <stdint.h>

#include "prompt.h"
#include "store.h"
#include "strbuf.h"

struct app;
struct model;
struct canvas;
struct query;

/* Width from which the walk shows Miller columns. */
#define WALK_MILLER_WIDTH	120

/* One line of the neighbour list. */
struct walk_row {
	int		 header;	/* a group title, not selectable */
	int		 outgoing;
	int		 kind;		/* enum kind_edge */
	size_t		 count;		/* edges in the group, for headers */
	size_t		 edge;
	int64_t		 seen;		/* observed edge: events in view */
	int64_t		 last_seen;
	int		 unused;	/* grant edge the evidence never saw */
};

struct walk_attr {
	char	*name;
	char	*value;
};

struct walk {
	size_t			 node;
	struct walk_row		*rows;
	size_t			 nrows;
	size_t			 caprows;
	int			 nofollow;	/* a row's edge is no-follow */
	size_t			 cursor;	/* index into rows */
	size_t			 top;
	size_t			 top_pane[2];	/* Miller: incoming, outgoing */
	struct walk_attr	*attrs;
	size_t			 nattrs;
	int			 show_attrs;	/* lower pane lists attributes */
	size_t			 attr_top;
	int			 page;
	char			*attr_error;
	struct prompt		 filter;	/* narrows the neighbours */
	struct query		*q;		/* the filter, compiled */
	char			*qerr;		/* why it did not compile */
	int64_t			 cond_edge;	/* edge row id of cond, or -1 */
	char			*cond;		/* its conditions, or NULL */
	int64_t			 detail_edge;	/* edge row id of detail */
	struct strbuf		 detail;	/* its attributes, as text */
	uint32_t		*mark_nodes;	/* evidence of a finding */
	size_t			 nmark_nodes;
	uint32_t		*mark_edges;
	size_t			 nmark_edges;
	char			*note;		/* the finding, or NULL */
	struct store_event_window window;	/* evidence of the view */
};

/* Draw the node's card from row y; returns the rows used. */
int	 walk_draw_card(struct walk *, struct app *, struct canvas *, int y,
	    int height);

/*
 * Draw neighbour row r of walk w on row y, laid out for the canvas width;
 * rows that are evidence of a finding get a '*'.
 */
void	 walk_draw_edge_row(struct canvas *, struct app *,
	    const struct walk *w, const struct walk_row *r, int y,
	    int selected);

/*
 * Usage evidence in the walk (walkuse.c): the window of the view's
 * evidence, read once per walk; the figures of an observed edge row;
 * whether grant edge e was never seen used although the evidence shows
 * its start node at work.
 */
void	 walkuse_load(struct walk *, struct app *);
void	 walkuse_row(struct walk *, struct app *, struct walk_row *);
int	 walkuse_unused(const struct walk *, const struct model *, size_t e);

/* Draw the window line of the card on row y; returns the rows used. */
int	 walkuse_draw_window(const struct walk *, struct canvas *, int y);

/*
 * Draw "COUNTx LAST-SEEN" of an observed edge row at x; returns 1 when
 * the row has figures.
 */
int	 walkuse_draw_seen(const struct walk_row *, struct canvas *, int y,
	    int x, int width, int style);

/*
 * Draw the walk as Miller columns: incoming neighbours, the card, the
 * outgoing neighbours, on rows top to top + height - 1.
 */
void	 walkcols_draw(struct walk *, struct app *, struct canvas *, int top,
	    int height);

#endif
