/*
 * Writing journal steps (see journal.h).
 */
#include "journal.h"

#include <stddef.h>
#include <time.h>

#include "annot.h"
#include "jsonw.h"
#include "store_journal.h"
#include "strbuf.h"

int
journal_record(struct store *s, const char *action, const char *key,
    const char *const *fields, char **errp)
{
	struct strbuf	 sb;
	struct jsonw	 w;
	size_t		 i;
	int		 rc;

	strbuf_init(&sb);
	jsonw_init(&w, &sb, 0);
	jsonw_object_begin(&w);
	for (i = 0; fields != NULL && fields[i] != NULL; i += 2) {
		if (fields[i + 1] == NULL)
			continue;
		jsonw_key(&w, fields[i]);
		jsonw_str(&w, fields[i + 1]);
	}
	jsonw_object_end(&w);
	rc = store_journal_add(s, (int64_t)time(NULL), annot_author(), action,
	    key, sb.buf, errp);
	strbuf_free(&sb);
	return rc;
}
