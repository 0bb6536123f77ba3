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
