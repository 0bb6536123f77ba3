/*
 * Helpers of the annotation commands (see annotate.h).
 */
#include "annotate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "annot.h"
#include "cmd.h"
#include "journal.h"
#include "jsonw.h"
#include "output.h"
#include "store.h"
#include "strbuf.h"

int
annotate_read_only(const char *command)
{
	cmd_error("%s writes to the case, which is open read-only; drop "
	    "--read-only", command);
	return CMD_EXIT_USAGE;
}

int
annotate_begin(struct store *s)
{
	char	*err = NULL;

	if (store_begin(s, &err) == -1) {
		cmd_error("%s", err);
		free(err);
		return CMD_EXIT_STORE;
	}
	return CMD_EXIT_OK;
}

int
annotate_abort(struct store *s, char *err)
{
	store_rollback(s);
	cmd_error("%s", err);
	free(err);
	return CMD_EXIT_STORE;
}

int
annotate_commit(struct store *s, const char *action, const char *key,
    const char *const *fields)
{
	char	*err = NULL;

	if (journal_record(s, action, key, fields, &err) == -1 ||
	    store_commit(s, &err) == -1)
		return annotate_abort(s, err);
	return CMD_EXIT_OK;
}

void
annotate_done(const char *fmt, ...)
{
	struct strbuf	 sb;
	va_list		 ap;

	strbuf_init(&sb);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	output_line(stdout, sb.buf);
	strbuf_free(&sb);
}

void
annotate_json(struct jsonw *w, const struct annot_entry *e, int64_t now)
{
	size_t	 i;

	jsonw_key(w, "annotations");
	jsonw_object_begin(w);
	jsonw_key(w, "tags");
	jsonw_array_begin(w);
	for (i = 0; e != NULL && i < e->ntags; i++)
		jsonw_str(w, e->tags[i]);
	jsonw_array_end(w);
	jsonw_key(w, "review");
	if (e == NULL || e->review == ANNOT_REVIEW_NONE)
		jsonw_null(w);
	else {
		jsonw_object_begin(w);
		jsonw_key(w, "state");
		jsonw_str(w, annot_review_name(e->review));
		jsonw_key(w, "reason");
		jsonw_str(w, e->reason);
		jsonw_key(w, "until");
		cmd_time_json(w, e->until);
		jsonw_key(w, "lapsed");
		jsonw_bool(w, annot_review_lapsed(e, now));
		jsonw_object_end(w);
	}
	jsonw_key(w, "notes");
	jsonw_array_begin(w);
	for (i = 0; e != NULL && i < e->nnotes; i++) {
		jsonw_object_begin(w);
		jsonw_key(w, "time");
		cmd_time_json(w, e->notes[i].at);
		jsonw_key(w, "author");
		jsonw_str(w, e->notes[i].author);
		jsonw_key(w, "text");
		jsonw_str(w, e->notes[i].text);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	jsonw_object_end(w);
}
