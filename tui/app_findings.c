/*
 * The interface's findings: evaluated for the current scenario when a
 * view first needs them, under the cancel hook, and again after the
 * scenario changes or an acceptance is written.
 */
#include "app.h"

#include <stdlib.h>

#include "cmd.h"
#include "findings.h"

const struct findings *
app_findings(struct app *a)
{
	struct findings_opts	 o;
	char			*err = NULL;
	int			 rc;

	if (a->findings_gen == a->sc.gen && a->findings_state ==
	    APP_BLAST_READY)
		return a->findings;
	if (a->findings_gen == a->sc.gen && a->findings_state ==
	    APP_BLAST_CANCELLED)
		return NULL;
	findings_free(a->findings);
	a->findings = NULL;
	o.cfg = a->cli->cfg;
	o.now = a->cli->now;
	o.rules = NULL;
	rc = findings_evaluate(a->store, a->model, &a->sc, &o, app_work(a),
	    &a->findings, &err);
	a->findings_gen = a->sc.gen;
	if (rc != 0) {
		a->findings_state = APP_BLAST_CANCELLED;
		if (rc == -1)
			app_status(a, 1, "%s", err);
		else
			app_status(a, 0, "findings cancelled; R evaluates them "
			    "again");
		free(err);
		return NULL;
	}
	a->findings_state = APP_BLAST_READY;
	a->findings_serial++;
	return a->findings;
}

void
app_findings_reset(struct app *a)
{
	a->findings_gen = a->sc.gen - 1;
	a->findings_state = APP_BLAST_STALE;
}

void
app_findings_free(struct app *a)
{
	findings_free(a->findings);
	a->findings = NULL;
}
