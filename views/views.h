/*
 * The screens of the interface. Each file in views/ makes one kind of
 * view; these are their constructors.
 */
#ifndef VIEWS_H
#define VIEWS_H

#include <stddef.h>
#include <stdint.h>

struct app;
struct view;

/* The node list with a filter; the first screen. */
struct view	*list_create(struct app *);

/* The walk from node v: its card and its neighbours by edge kind. */
struct view	*walk_create(struct app *, size_t v);

/* The node a walk view shows, or -1 for other views. */
int64_t		 walk_node(const struct view *);

/* The list of keys. */
struct view	*help_create(struct app *);

/* The snapshots of the case; Enter shows what one of them changed. */
struct view	*snapshots_create(struct app *);

/* The warnings snapshot snapshot (of source source) kept. */
struct view	*warnings_create(struct app *, int64_t snapshot,
		    const char *source);

/*
 * The changes made by snapshot snap (against the previous snapshot of its
 * source) when snap > 0, else between the previous and current views.
 */
struct view	*diff_create(struct app *, int64_t snap);

/*
 * A one-line question over the view below: a note, tags or a review
 * state for node v, or an export. An export writes the marked nodes, else
 * the nodes matching filter, else the whole case, and ignores v.
 */
enum ask_kind {
	ASK_NOTE,
	ASK_TAG,
	ASK_REVIEW,
	ASK_EXPORT
};
struct view	*ask_create(struct app *, enum ask_kind, size_t v,
		    const char *filter);

/* Toggle the mark (the "marked" tag) of node v; returns APP_* flags. */
int		 ask_toggle_mark(struct app *, size_t v);

/*
 * Give node v the tag (on) or take it away, saved in the case with a
 * journal step; returns APP_* flags. A read-only case saves nothing and
 * says so on the status line.
 */
int		 ask_set_tag(struct app *, size_t v, const char *tag, int on);

/*
 * What node v can reach (reverse 0), or who can reach it (reverse 1),
 * as a tree grouped into identities, privileges, systems and other.
 */
struct view	*reachview_create(struct app *, size_t v, int reverse);

/* The shortest path from one node to another, and alternatives. */
struct view	*pathview_create(struct app *, size_t from, size_t to);

/* Crown jewels, the credentials that reach them, and chokepoints. */
struct view	*jewels_create(struct app *);

#endif
