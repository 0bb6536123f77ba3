/*
 * The state the Entra ID importers share. entra.c recognises the files
 * of a Microsoft Graph export folder and drives the import.
 * entra_object.c reads users, groups, applications and service
 * principals. entra_cred.c reads their password and key credentials,
 * federated identity credentials and sign-in activity. entra_grant.c
 * reads memberships, owners, app role assignments, delegated permission
 * grants and directory roles. entra_roadrecon.c reads the same objects
 * from a ROADrecon database.
 *
 * Records are Graph objects (cJSON) in either dialect: Microsoft Graph
 * ("id", "endDateTime") or the older Azure AD Graph that ROADrecon's
 * classic schema keeps ("objectId", "endDate").
 *
 * Keys: "entra:app:<appId>" for an application, "entra:sp:<appId>" for
 * a service principal, "entra:<object id>" for every other directory
 * object. Relationships name service principals by object id, so the
 * importer first reads every object file and then the relationships.
 */
#ifndef ENTRA_H
#define ENTRA_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "hmap.h"
#include "json.h"
#include "kind.h"

struct import;
struct nodeset;

/* The kinds of records a file can hold. */
enum entra_set {
	ENTRA_UNKNOWN,
	ENTRA_ORGANIZATION,
	ENTRA_USERS,
	ENTRA_GROUPS,
	ENTRA_APPLICATIONS,
	ENTRA_SERVICE_PRINCIPALS,
	ENTRA_DIRECTORY_ROLES,
	ENTRA_ROLE_DEFINITIONS,
	ENTRA_ROLE_ASSIGNMENTS,
	ENTRA_OAUTH2_GRANTS,
	ENTRA_APP_ROLE_ASSIGNMENTS,	/* of the object in the context */
	ENTRA_MEMBERS,			/* of a group or directory role */
	ENTRA_OWNERS,			/* of an app, SP or group */
	ENTRA_FEDERATED,		/* federated identity credentials */
	ENTRA_SP_SIGNINS,		/* servicePrincipalSignInActivities */
	ENTRA_CRED_SIGNINS,		/* appCredentialSignInActivities */
	ENTRA_NSETS
};

/* A directory object by object id: its key and kind. */
struct entra_object {
	char		*key;
	enum entra_set	 set;
	char		*app_id;	/* applications, service principals */
	char		*name;
	char		*owner_tenant;	/* appOwnerOrganizationId of an SP */
};

/* An app role or permission scope of a resource service principal. */
struct entra_permission {
	char	*id;		/* appRole or scope id */
	char	*value;		/* "Directory.ReadWrite.All" */
};

struct entra {
	struct import		*imp;
	struct nodeset		*ns;
	const char		*file;		/* being read, for messages */
	const char		*rel;		/* in the folder, or NULL */
	int			 folder;	/* the input is a folder */
	size_t			 page;
	size_t			 npages;
	enum entra_set		 set;		/* of the current file */
	json_record_fn		 fn;		/* reads its records */
	char			*parent;	/* id of the file's object */

	char			*tenant;	/* tenant id, when known */
	char			*tenant_name;

	struct entra_object	*objects;
	size_t			 nobjects;
	struct hmap		*object_index;	/* object id -> objects[] */
	struct hmap		*app_index;	/* appId -> applications */
	struct hmap		*sp_index;	/* appId -> objects[] */

	struct entra_permission	*perms;		/* of every resource SP */
	size_t			 nperms;
	struct hmap		*perm_index;	/* "spid/id" -> perms[] */

	struct hmap		*role_names;	/* definition id -> name */
	char			**role_name_v;
	size_t			 nrole_names;

	/* Per collection: pages read and pages with @odata.nextLink. */
	size_t			 pages[ENTRA_NSETS];
	size_t			 next_links[ENTRA_NSETS];
};

/* Warn about the record at path of the current file and page. */
int	 entra_warn(struct entra *, const char *path, char **errp,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Replace the secrets in a record before it is read (importers/redact.h),
 * the value of each of its password and key credentials included. With
 * quiet, no warnings: the record is read again later.
 */
int	 entra_redact(struct entra *, const char *path, cJSON *rec,
	    int quiet, char **errp);

/* Read a time member; a bad one is a warning and stays unknown. */
int	 entra_time(struct entra *, const cJSON *obj, const char *member,
	    const char *path, int64_t *out, char **errp);

/* The first string among members of obj (for the two dialects). */
const char *entra_str2(const cJSON *obj, const char *a, const char *b);

/* The object id of a record: "id", else "objectId". */
const char *entra_id(const cJSON *rec);

/* Note an object for the relationships; returns its entry. */
struct entra_object *entra_note(struct entra *, const char *id,
	    enum entra_set, const char *key, const char *app_id,
	    const char *name);

/* The object with this id, or NULL. */
const struct entra_object *entra_object(const struct entra *,
	    const char *id);

/*
 * The key of the directory object with this id for an edge: its own key
 * when the export describes it, else "entra:<id>", referred to with the
 * kind its @odata.type or principalType names (type may be NULL).
 * Returns an allocated key.
 */
char	*entra_ref(struct entra *, const char *id, const char *type);

/* Copy scalar members named in names into attributes of the node. */
void	 entra_copy(struct entra *, const char *key, const cJSON *rec,
	    const char *const *names, size_t count);

/* Add an edge (strings borrowed). */
void	 entra_edge(struct entra *, const char *src, const char *dst,
	    enum kind_edge, const char *raw, const char *attrs);

/* entra_object.c: route callbacks of object files. */
int	 entra_user(void *, const char *, cJSON *, const char *, char **);
int	 entra_group(void *, const char *, cJSON *, const char *, char **);
int	 entra_application(void *, const char *, cJSON *, const char *,
	    char **);
int	 entra_service_principal(void *, const char *, cJSON *, const char *,
	    char **);
int	 entra_organization(void *, const char *, cJSON *, const char *,
	    char **);
/* Index an object (first pass): id, key and permissions. */
int	 entra_index(void *, const char *, cJSON *, const char *, char **);

/* entra_cred.c */
int	 entra_credentials(struct entra *, const char *owner_key,
	    const cJSON *rec, const char *path, char **errp);
int	 entra_federated(void *, const char *, cJSON *, const char *,
	    char **);
int	 entra_federated_of(struct entra *, const char *app_key,
	    const cJSON *fic, const char *path, char **errp);
int	 entra_sp_signin(void *, const char *, cJSON *, const char *,
	    char **);
int	 entra_cred_signin(void *, const char *, cJSON *, const char *,
	    char **);

/* entra_grant.c */
int	 entra_member(void *, const char *, cJSON *, const char *, char **);
int	 entra_owner(void *, const char *, cJSON *, const char *, char **);
int	 entra_app_role_assignment(void *, const char *, cJSON *,
	    const char *, char **);
int	 entra_oauth2_grant(void *, const char *, cJSON *, const char *,
	    char **);
int	 entra_directory_role(void *, const char *, cJSON *, const char *,
	    char **);
int	 entra_role_definition(void *, const char *, cJSON *, const char *,
	    char **);
int	 entra_role_assignment(void *, const char *, cJSON *, const char *,
	    char **);
/* Expanded navigation properties of an object record. */
int	 entra_expanded(struct entra *, const char *id, const cJSON *rec,
	    const char *path, char **errp);
/* The display name of a built-in directory role template, or NULL. */
const char *entra_builtin_role(const char *template_id);

/* entra_roadrecon.c */
int	 entra_roadrecon_read(struct entra *, const char *path, char **errp);

/* Work out the tenant from the index when no organization file names it. */
void	 entra_infer_tenant(struct entra *);

/* entra.c: name the source and emit (after every file is read). */
int	 entra_finish(struct entra *, char **errp);
void	 entra_init(struct entra *, struct import *);
void	 entra_free(struct entra *);

#endif
