/*
 * The case file part of the interface (see app.h): what the analyst
 * writes to the case from the views goes through here, so that a
 * read-only case refuses it in one place and in the same words.
 */
#include "app.h"

#include <stdlib.h>

#include "annot.h"
#include "cmd.h"
#include "journal.h"
#include "log.h"
#include "store.h"

void
app_case_journal(struct app *a, const char *action, const char *key,
    const char *const *fields)
{
	char	*err = NULL;

	if (store_read_only(a->store))
		return;
	if (journal_record(a->store, action, key, fields, &err) == -1) {
		log_debug("journal: %s", err);
		app_status(a, 1, "journal not written: %s", err);
		free(err);
	}
}

int
app_case_writable(struct app *a)
{
	if (!store_read_only(a->store))
		return 1;
	app_status(a, 1, "the case is open read-only: notes, tags, reviews "
	    "and marks are not saved");
	return 0;
}

int
app_case_reload(struct app *a)
{
	struct annot	*fresh;
	char		*err = NULL;

	if (annot_load(a->store, &fresh, &err) == -1) {
		app_status(a, 1, "%s", err);
		free(err);
		return -1;
	}
	annot_free(a->annot);
	a->annot = fresh;
	return 0;
}
