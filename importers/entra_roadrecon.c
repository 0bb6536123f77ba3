/*
 * ROADrecon's roadrecon.db: the Entra ID objects that "roadrecon gather"
 * stored in SQLite, read through the store module's read-only access to
 * foreign databases. Two schemas exist: the classic one of the Azure AD
 * Graph (objects keyed by objectId, a TenantDetails table) and the one of
 * Microsoft Graph (keyed by id). Either way each table row is turned into
 * the Graph object it was saved from, with JSON columns parsed and
 * boolean columns as true or false. The objects are read by the same
 * code as a Graph export, in the same three passes (see entra.c). Link
 * tables (lnk_group_member_user, lnk_application_owner_user, ...) give
 * members and owners.
 */
#include <stdlib.h>
#include <string.h>

#include "entra.h"
#include "import.h"
#include "importer.h"
#include "input.h"
#include "json.h"
#include "jsonw.h"
#include "store_foreign.h"
#include "strbuf.h"
#include "xalloc.h"

/* Columns SQLite keeps as 0 or 1 that the Graph objects have as booleans. */
static const char *const entra_rr_booleans[] = {
	"accountEnabled", "isAssignableToRole", "securityEnabled",
	"mailEnabled", "appRoleAssignmentRequired", "onPremisesSyncEnabled",
	"dirSyncEnabled", "availableToOtherTenants", "isBuiltIn", "isEnabled",
	"isPrivileged", "microsoftFirstParty", "isSystem", "roleDisabled"
};

/* A table of objects and the collection its rows belong to. */
static const struct {
	const char	*table;
	enum entra_set	 set;
} entra_rr_objects[] = {
	{ "TenantDetails", ENTRA_ORGANIZATION },
	{ "Users", ENTRA_USERS },
	{ "Groups", ENTRA_GROUPS },
	{ "Applications", ENTRA_APPLICATIONS },
	{ "ServicePrincipals", ENTRA_SERVICE_PRINCIPALS },
	{ "DirectoryRoles", ENTRA_DIRECTORY_ROLES },
	{ "RoleDefinitions", ENTRA_ROLE_DEFINITIONS },
	{ "UnifiedRoleDefinitions", ENTRA_ROLE_DEFINITIONS },
};

/* A link table: the parent column, the member column and its type. */
static const struct {
	const char	*table;
	const char	*parent;
	const char	*child;
	const char	*type;
	int		 owner;		/* 1: owners, 0: members */
} entra_rr_links[] = {
	{ "lnk_group_member_user", "Group", "User", "user", 0 },
	{ "lnk_group_member_group", "Group", "childGroup", "group", 0 },
	{ "lnk_group_member_serviceprincipal", "Group", "ServicePrincipal",
	  "servicePrincipal", 0 },
	{ "lnk_role_member_user", "DirectoryRole", "User", "user", 0 },
	{ "lnk_role_member_group", "DirectoryRole", "Group", "group", 0 },
	{ "lnk_role_member_serviceprincipal", "DirectoryRole",
	  "ServicePrincipal", "servicePrincipal", 0 },
	{ "lnk_application_owner_user", "Application", "User", "user", 1 },
	{ "lnk_application_owner_serviceprincipal", "Application",
	  "ServicePrincipal", "servicePrincipal", 1 },
	{ "lnk_serviceprincipal_owner_user", "ServicePrincipal", "User",
	  "user", 1 },
	{ "lnk_serviceprincipal_owner_serviceprincipal", "ServicePrincipal",
	  "childServicePrincipal", "servicePrincipal", 1 },
	{ "lnk_group_owner_user", "Group", "User", "user", 1 },
	{ "lnk_group_owner_serviceprincipal", "Group", "ServicePrincipal",
	  "servicePrincipal", 1 },
};

/* Tables of relationships read with the Graph code. */
static const struct {
	const char	*table;
	enum entra_set	 set;
} entra_rr_relations[] = {
	{ "AppRoleAssignments", ENTRA_APP_ROLE_ASSIGNMENTS },
	{ "OAuth2PermissionGrants", ENTRA_OAUTH2_GRANTS },
	{ "RoleAssignments", ENTRA_ROLE_ASSIGNMENTS },
	{ "UnifiedRoleAssignmentScheduleInstances", ENTRA_ROLE_ASSIGNMENTS },
};

#define ENTRA_RR_N(a)	(sizeof(a) / sizeof((a)[0]))

/* The state of reading one table. */
struct entra_rr_read {
	struct entra		*e;
	const char		*table;
	json_record_fn		 fn;
	size_t			 row;
	const char		*parent_col;	/* link tables */
	const char		*type;
	int			 owner;
};

static int
entra_rr_boolean(const char *name)
{
	size_t	 i;

	for (i = 0; i < ENTRA_RR_N(entra_rr_booleans); i++) {
		if (strcmp(entra_rr_booleans[i], name) == 0)
			return 1;
	}
	return 0;
}

/*
 * Write one column value into the row's JSON object. A value that starts
 * like JSON but is not valid JSON is kept as text, with a warning unless
 * the pass is quiet. Returns 0, or -1 when the warning failed.
 */
static int
entra_rr_value(struct entra_rr_read *r, struct jsonw *w, const char *path,
    const char *name, const char *v, char **errp)
{
	cJSON	*parsed;
	char	*err = NULL;
	int	 rc = 0;

	jsonw_key(w, name);
	if (v == NULL)
		jsonw_null(w);
	else if (entra_rr_boolean(name) && (strcmp(v, "0") == 0 ||
	    strcmp(v, "1") == 0))
		jsonw_bool(w, v[0] == '1');
	else if ((v[0] == '[' || v[0] == '{') && (parsed = json_parse(v,
	    strlen(v), name, NULL, &err)) != NULL) {
		/* A JSON column, checked by the strict reader: keep it. */
		cJSON_Delete(parsed);
		jsonw_raw(w, v);
	} else {
		if (err != NULL && r->fn != entra_index)
			rc = entra_warn(r->e, path, errp, "column %s is not "
			    "valid JSON (%s); read as text", name, err);
		free(err);
		jsonw_str(w, v);
	}
	return rc;
}

/*
 * Turn a row into the Graph object it stands for and hand it to the
 * table's callback, as the JSON reader would.
 */
static int
entra_rr_row(void *ctx, size_t ncols, const char *const *names,
    const char *const *values, const char *problem, char **errp)
{
	struct entra_rr_read	*r = ctx;
	struct strbuf		 sb;
	struct jsonw		 w;
	cJSON			*rec;
	char			 path[64], *err = NULL, *msg;
	size_t			 i;
	int			 rc;

	snprintf(path, sizeof(path), "row %zu", ++r->row);
	if (problem != NULL) {
		msg = xasprintf("column %s holds a NUL byte", problem);
		rc = r->fn(r->e, path, NULL, msg, errp);
		free(msg);
		return rc;
	}
	strbuf_init(&sb);
	jsonw_init(&w, &sb, 0);
	jsonw_object_begin(&w);
	for (i = 0; i < ncols; i++) {
		if (entra_rr_value(r, &w, path, names[i], values[i],
		    errp) == -1) {
			strbuf_free(&sb);
			return -1;
		}
	}
	jsonw_object_end(&w);
	rec = json_parse(sb.buf, sb.len, r->table, NULL, &err);
	strbuf_free(&sb);
	if (rec == NULL) {
		rc = r->fn(r->e, path, NULL, err, errp);
		free(err);
		return rc;
	}
	rc = entra_redact(r->e, path, rec, r->fn == entra_index, errp);
	if (rc == 0)
		rc = r->fn(r->e, path, rec, NULL, errp);
	cJSON_Delete(rec);
	return rc;
}

/* Read every row of a table with a callback; a missing table is empty. */
static int
entra_rr_table(struct entra *e, struct store_foreign *db, const char *table,
    enum entra_set set, json_record_fn fn, char **errp)
{
	struct entra_rr_read	 r;
	char			*sql;
	int			 rc;

	if ((rc = store_foreign_has_table(db, table, errp)) != 1)
		return rc;
	memset(&r, 0, sizeof(r));
	r.e = e;
	r.table = table;
	r.fn = fn;
	e->set = set;
	e->rel = table;
	e->page = 0;
	e->npages = 1;
	sql = xasprintf("SELECT * FROM \"%s\"", table);
	rc = store_foreign_select(db, sql, entra_rr_row, &r, errp);
	free(sql);
	return rc;
}

/* One row of a link table: a member or an owner of its parent. */
static int
entra_rr_link_row(void *ctx, size_t ncols, const char *const *names,
    const char *const *values, const char *problem, char **errp)
{
	struct entra_rr_read	*r = ctx;
	struct strbuf		 sb;
	cJSON			*rec;
	char			 path[64], *err = NULL;
	int			 rc;

	(void)names;
	snprintf(path, sizeof(path), "row %zu", ++r->row);
	if (problem != NULL || ncols != 2 || values[0] == NULL ||
	    values[1] == NULL)
		return entra_warn(r->e, path, errp, "link row is incomplete; "
		    "skipped");
	strbuf_init(&sb);
	strbuf_addstr(&sb, "{\"@odata.type\":");
	jsonw_escape(&sb, r->type, strlen(r->type));
	strbuf_addstr(&sb, ",\"id\":");
	jsonw_escape(&sb, values[1], strlen(values[1]));
	strbuf_addch(&sb, '}');
	rec = json_parse(sb.buf, sb.len, r->table, NULL, &err);
	strbuf_free(&sb);
	if (rec == NULL) {
		rc = entra_warn(r->e, path, errp, "%s; skipped", err);
		free(err);
		return rc;
	}
	free(r->e->parent);
	r->e->parent = xstrdup(values[0]);
	rc = entra_redact(r->e, path, rec, 0, errp);
	if (rc == 0)
		rc = (r->owner ? entra_owner : entra_member)(r->e, path, rec,
		    NULL, errp);
	cJSON_Delete(rec);
	return rc;
}

/*
 * Check that link table i has the two columns ROADrecon gives it.
 * Returns 1 when it has, 0 when the table was skipped with a warning, -1
 * on an error.
 */
static int
entra_rr_link_columns(struct entra *e, struct store_foreign *db, size_t i,
    char **errp)
{
	const char	*cols[2];
	size_t		 j;
	int		 rc;

	cols[0] = entra_rr_links[i].parent;
	cols[1] = entra_rr_links[i].child;
	for (j = 0; j < 2; j++) {
		if ((rc = store_foreign_has_column(db, entra_rr_links[i].table,
		    cols[j], errp)) != 0)
			continue;
		e->rel = entra_rr_links[i].table;
		e->page = 0;
		e->npages = 1;
		return entra_warn(e, "", errp, "the table has no column %s; "
		    "skipped", cols[j]) == -1 ? -1 : 0;
	}
	return rc;
}

static int
entra_rr_links_read(struct entra *e, struct store_foreign *db, char **errp)
{
	struct entra_rr_read	 r;
	char			*sql;
	size_t			 i;
	int			 rc = 0;

	for (i = 0; i < ENTRA_RR_N(entra_rr_links) && rc == 0; i++) {
		if ((rc = store_foreign_has_table(db, entra_rr_links[i].table,
		    errp)) != 1)
			continue;
		if ((rc = entra_rr_link_columns(e, db, i, errp)) != 1)
			continue;
		memset(&r, 0, sizeof(r));
		r.e = e;
		r.table = entra_rr_links[i].table;
		r.type = entra_rr_links[i].type;
		r.owner = entra_rr_links[i].owner;
		e->rel = r.table;
		e->set = r.owner ? ENTRA_OWNERS : ENTRA_MEMBERS;
		sql = xasprintf("SELECT \"%s\", \"%s\" FROM \"%s\"",
		    entra_rr_links[i].parent, entra_rr_links[i].child,
		    entra_rr_links[i].table);
		rc = store_foreign_select(db, sql, entra_rr_link_row, &r,
		    errp);
		free(sql);
	}
	return rc < 0 ? -1 : 0;
}

/* The callback of an object table in a pass. */
static json_record_fn
entra_rr_object_fn(enum entra_set set, int pass)
{
	if (pass == 1)
		return entra_index;
	switch (set) {
	case ENTRA_ORGANIZATION:
		return entra_organization;
	case ENTRA_USERS:
		return entra_user;
	case ENTRA_GROUPS:
		return entra_group;
	case ENTRA_APPLICATIONS:
		return entra_application;
	case ENTRA_SERVICE_PRINCIPALS:
		return entra_service_principal;
	case ENTRA_DIRECTORY_ROLES:
		return entra_directory_role;
	default:
		return entra_role_definition;
	}
}

static json_record_fn
entra_rr_relation_fn(enum entra_set set)
{
	switch (set) {
	case ENTRA_APP_ROLE_ASSIGNMENTS:
		return entra_app_role_assignment;
	case ENTRA_OAUTH2_GRANTS:
		return entra_oauth2_grant;
	default:
		return entra_role_assignment;
	}
}

int
entra_roadrecon_read(struct entra *e, const char *path, char **errp)
{
	struct store_foreign	*db;
	size_t			 i;
	int			 pass, rc;

	if (store_foreign_open(path, &db, errp) == -1)
		return -1;
	if ((rc = store_foreign_has_table(db, "Users", errp)) != 1) {
		if (rc == 0)
			*errp = xasprintf("%s: not a ROADrecon database: it "
			    "has no Users table", path);
		store_foreign_close(db);
		return -1;
	}
	for (pass = 1, rc = 0; pass <= 2 && rc == 0; pass++) {
		for (i = 0; i < ENTRA_RR_N(entra_rr_objects) && rc == 0; i++)
			rc = entra_rr_table(e, db, entra_rr_objects[i].table,
			    entra_rr_objects[i].set, entra_rr_object_fn(
			    entra_rr_objects[i].set, pass), errp);
		if (pass == 1)
			entra_infer_tenant(e);
	}
	for (i = 0; i < ENTRA_RR_N(entra_rr_relations) && rc == 0; i++)
		rc = entra_rr_table(e, db, entra_rr_relations[i].table,
		    entra_rr_relations[i].set, entra_rr_relation_fn(
		    entra_rr_relations[i].set), errp);
	if (rc == 0)
		rc = entra_rr_links_read(e, db, errp);
	store_foreign_close(db);
	return rc < 0 ? -1 : 0;
}

/* A SQLite file; the run checks that it is ROADrecon's. */
static int
entra_rr_sniff(const struct input *in)
{
	return !in->folder && in->len >= 100 &&
	    memcmp(in->data, "SQLite format 3", 16) == 0 ? 60 : 0;
}

static int
entra_rr_run(struct import *imp, const struct input *in, char **errp)
{
	struct entra	 e;
	int		 rc;

	if (in->folder) {
		*errp = xasprintf("%s: a ROADrecon database is one file, "
		    "roadrecon.db", in->path);
		return -1;
	}
	entra_init(&e, imp);
	rc = entra_roadrecon_read(&e, in->path, errp);
	if (rc == 0) {
		e.rel = NULL;
		rc = entra_finish(&e, errp);
	}
	entra_free(&e);
	return rc;
}

const struct importer importer_roadrecon = {
	.name = "roadrecon",
	.summary = "Entra ID: the roadrecon.db SQLite database of ROADrecon",
	.sniff = entra_rr_sniff,
	.run = entra_rr_run,
};
