/*
 * Schema versions after the first. store.c creates the base schema
 * (version 1) in a new case, and each later version is one step here.
 * A step runs in its own transaction that also sets PRAGMA user_version,
 * so a case from an older trustwalk is upgraded in place when it is
 * opened for writing.
 * A read-only open leaves the file as it is, and the modules that need
 * the newer tables check store_has_schema() first.
 *
 * Version 2 adds the analyst's part of the case:
 *
 *   note(id, kid, created_at, author, text)       notes on a node
 *   tag(kid, tag, created_at, author)             tags on a node
 *   review(kid, state, reason, until, ...)        one review state per node
 *   journal(id, at, author, action, key, detail)  the triage journal
 *
 * Version 3 adds the acceptance of findings:
 *
 *   acceptance(rule, kid, reason, until, ...)     one per (rule, node)
 *
 * Version 4 adds usage evidence, one row per log record:
 *
 *   event(snap, seq, at, kind, actor, credential, target, credential_id,
 *         action, resource, source_ip, user_agent, error_code, record,
 *         event_id, attrs)
 *
 * Nodes are named by their key id (nkey.id), which every snapshot
 * shares, so annotations stay with a node across imports.
 */
#include "store.h"
#include "store_int.h"

#include <stdlib.h>

#include "log.h"
#include "xalloc.h"

struct store_migration {
	int		 version;
	const char	*sql;
};

static const struct store_migration store_migrations[] = {
	{ 2,
	  "CREATE TABLE note ("
	  "  id INTEGER PRIMARY KEY,"
	  "  kid INTEGER NOT NULL,"
	  "  created_at INTEGER NOT NULL,"
	  "  author TEXT NOT NULL,"
	  "  text TEXT NOT NULL);"
	  "CREATE INDEX note_kid ON note(kid, id);"
	  "CREATE TABLE tag ("
	  "  kid INTEGER NOT NULL,"
	  "  tag TEXT NOT NULL,"
	  "  created_at INTEGER NOT NULL,"
	  "  author TEXT NOT NULL,"
	  "  PRIMARY KEY (kid, tag)) WITHOUT ROWID;"
	  "CREATE INDEX tag_tag ON tag(tag, kid);"
	  "CREATE TABLE review ("
	  "  kid INTEGER PRIMARY KEY,"
	  "  state TEXT NOT NULL,"
	  "  reason TEXT,"
	  "  until INTEGER,"
	  "  updated_at INTEGER NOT NULL,"
	  "  author TEXT NOT NULL);"
	  "CREATE TABLE journal ("
	  "  id INTEGER PRIMARY KEY,"
	  "  at INTEGER NOT NULL,"
	  "  author TEXT NOT NULL,"
	  "  action TEXT NOT NULL,"
	  "  key TEXT,"
	  "  detail TEXT);" },
	{ 3,
	  "CREATE TABLE acceptance ("
	  "  rule TEXT NOT NULL,"
	  "  kid INTEGER NOT NULL,"
	  "  reason TEXT NOT NULL,"
	  "  until INTEGER,"
	  "  updated_at INTEGER NOT NULL,"
	  "  author TEXT NOT NULL,"
	  "  PRIMARY KEY (rule, kid)) WITHOUT ROWID;" },
	{ 4,
	  "CREATE TABLE event ("
	  "  snap INTEGER NOT NULL,"
	  "  seq INTEGER NOT NULL,"
	  "  at INTEGER NOT NULL,"
	  "  kind TEXT NOT NULL,"
	  "  actor INTEGER NOT NULL,"
	  "  credential INTEGER,"
	  "  target INTEGER,"
	  "  credential_id TEXT,"
	  "  action TEXT,"
	  "  resource TEXT,"
	  "  source_ip TEXT,"
	  "  user_agent TEXT,"
	  "  error_code TEXT,"
	  "  record TEXT,"
	  "  event_id TEXT,"
	  "  attrs TEXT,"
	  "  PRIMARY KEY (snap, seq)) WITHOUT ROWID;"
	  "CREATE INDEX event_actor ON event(actor, at);"
	  "CREATE INDEX event_credential ON event(credential, at);"
	  "CREATE INDEX event_target ON event(target, at);" },
};

#define STORE_MIGRATIONS \
	(sizeof(store_migrations) / sizeof(store_migrations[0]))

/* Run one step in its own transaction. */
static int
store_migrate_step(struct store *s, const struct store_migration *m,
    char **errp)
{
	char	*sql;
	int	 rc;

	if (store_begin_write(s, errp) == -1)
		return -1;
	sql = xasprintf("%s PRAGMA user_version = %d;", m->sql, m->version);
	rc = store_exec(s, sql, errp);
	free(sql);
	if (rc == -1 || store_exec(s, "COMMIT", errp) == -1) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	log_debug("%s: schema upgraded to version %d", s->path, m->version);
	s->schema = m->version;
	return 0;
}

int
store_migrate(struct store *s, int64_t from, char **errp)
{
	size_t	 i;

	for (i = 0; i < STORE_MIGRATIONS; i++) {
		if (store_migrations[i].version <= from)
			continue;
		if (store_migrate_step(s, &store_migrations[i], errp) == -1)
			return -1;
	}
	return 0;
}

int
store_has_schema(const struct store *s, int v)
{
	return s->schema >= v;
}
