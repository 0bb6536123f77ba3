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

/* 1 when v is a node list. */
int		 list_is(const struct view *v);

/* Set the filter of list v to text, as if typed after '/'. */
void		 list_set_filter(struct view *v, struct app *, const char *text);

/* Sort list v by a column of listcol.h, or LISTCOL_SORT_NAME. */
void		 list_sort_by(struct view *v, struct app *, int column);
int		 list_sort_column(struct view *v);

/* Whether list v shows a column, and switching it on or off. */
int		 list_column_shown(struct view *v, int column);
void		 list_toggle_column(struct view *v, int column);

/* The column picker of list v. */
struct view	*columns_create(struct app *, struct view *list);

/*
 * The card of node v: owner, storage, users, what it can assume and
 * reach, lifecycle and findings on one screen; with checklist set, also
 * the steps to revoke it (the leaked credential lookup opens it so).
 */
struct view	*card_create(struct app *, size_t v, int checklist);

/*
 * Leaked credential lookup: a key id, its prefix or last four
 * characters, or (secret set) a pasted secret, matched by fingerprint.
 * text, when not NULL, is looked up at once.
 */
struct view	*lookup_create(struct app *, int secret);
struct view	*lookup_find(struct app *, const char *text);

/* The command palette opened by ':'. */
struct view	*palette_create(struct app *);

/* Run a palette command line such as "kind credential"; APP_* flags. */
int		 palette_run(struct app *, const char *line);

/* The shortest paths from every marked node to node target. */
struct view	*marks_paths_create(struct app *, size_t target);

/* The marked nodes, with bulk actions on them. */
struct view	*marks_create(struct app *);

/* Bar charts of credential ages: last used and last rotated. */
struct view	*ages_create(struct app *);

/*
 * The uses of node v over time from the usage evidence: a chart of its
 * events per day with the events under it.
 */
struct view	*timeline_create(struct app *, size_t v);

/* Which systems the identities of each environment reach. */
struct view	*matrix_create(struct app *);

/* The walk from node v: its card and its neighbours by edge kind. */
struct view	*walk_create(struct app *, size_t v);

/*
 * The walk from node v with evidence highlighted: the listed nodes and
 * edges are marked among the neighbours, and note is shown on the card.
 * Stepping on keeps the marks. The arrays and note are copied.
 */
struct view	*walk_create_marked(struct app *, size_t v,
		    const uint32_t *nodes, size_t nnodes, const uint32_t *edges,
		    size_t nedges, const char *note);

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
	ASK_EXPORT,
	ASK_ACCEPT
};
struct view	*ask_create(struct app *, enum ask_kind, size_t v,
		    const char *filter);

/*
 * Export as typed at the export question ("FORMAT FILE"): the marked
 * nodes, else those matching filter (NULL: none), else the case.
 */
void		 ask_export(struct app *, const char *line, const char *filter);

/*
 * Ask for "[UNTIL-DATE] REASON" and accept the finding of rule on node
 * v; the findings are evaluated again afterwards.
 */
struct view	*ask_accept_create(struct app *, size_t v, const char *rule);

/* Withdraw the acceptance of rule on node v; returns APP_* flags. */
int		 ask_unaccept(struct app *, size_t v, const char *rule);

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

/* The posture findings, grouped by rule; Enter walks to the evidence. */
struct view	*findings_create(struct app *);

#endif
