/*
 * Recording the analyst's steps in the case's triage journal, for the
 * commands that change a case and for the interface. Each step gets the
 * real time (never --now), the author from annot_author(), an action
 * word and a JSON object of string details.
 */
#ifndef JOURNAL_H
#define JOURNAL_H

struct store;

/*
 * Record one step. fields is a NULL-terminated list of name, value pairs
 * (a NULL value is left out), or NULL. Returns 0, or -1 with *errp set.
 */
int	 journal_record(struct store *, const char *action, const char *key,
	    const char *const *fields, char **errp);

#endif
