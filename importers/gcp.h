/*
 * The state the GCP importer shares between its files. gcp.c recognises
 * the files (Cloud Asset Inventory exports, gcloud output, get-iam-policy
 * output) and drives the import of a file or a folder. gcp_asset.c reads
 * asset records, gcp_iam.c turns IAM policies into bindings, members and
 * impersonation, and gcp_account.c reads service accounts and their keys.
 *
 * A service account may be a binding member in one record and described
 * in another. A project may be named by its number in one file and by
 * its id in another. So everything is gathered in a nodeset and emitted
 * at the end.
 */
#ifndef GCP_H
#define GCP_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "hmap.h"

/* The service prefix of projects, folders and organisations. */
#define GCP_CRM		"//cloudresourcemanager.googleapis.com/"

struct import;
struct nodeset;

/* A project as the files name it: number, id, or both. */
struct gcp_project {
	char	*number;
	char	*id;
	int	 merged;	/* folded into another entry */
};

/* A service account, for roles granted on its project. */
struct gcp_account {
	char	*key;
	char	*project;	/* id or number, or NULL */
};

/* A folder or organisation above a project, from an asset's ancestors. */
struct gcp_ancestor {
	char	*project;	/* number or id */
	char	*scope;		/* "folders/N" or "organizations/N" */
};

/* An impersonation role granted on a project, folder or organisation. */
struct gcp_scoped_grant {
	char	*member_key;
	char	*raw;		/* TokenCreator, ActAs, ... */
	char	*role;
	char	*scope;		/* "projects/x", "folders/n", ... */
	char	*conditions;	/* JSON, or NULL */
};

struct gcp {
	struct import		*imp;
	struct nodeset		*ns;
	const char		*file;		/* being read, for messages */
	const char		*rel;		/* in the folder, or NULL */
	size_t			 page;		/* page of the file */
	size_t			 npages;

	struct gcp_project	*projects;
	size_t			 nprojects;
	struct hmap		*project_index;	/* number or id -> [] */
	char			*org;		/* "organizations/N", first */
	int			 orgs;		/* distinct organisations */

	struct gcp_account	*accounts;
	size_t			 naccounts;
	struct hmap		*account_index;	/* key -> accounts[] */

	struct gcp_ancestor	*ancestors;
	size_t			 nancestors;
	struct hmap		*ancestor_index;	/* "project scope" */

	struct gcp_scoped_grant	*scoped;
	size_t			 nscoped;
};

/* Warn about the record at path of the current file and page. */
int	 gcp_warn(struct gcp *, const char *path, char **errp,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Note a project by number and/or id (either may be NULL); the two are
 * the same project from then on. Returns its entry.
 */
struct gcp_project *gcp_project(struct gcp *, const char *number,
	    const char *id);

/* Note the organisation "organizations/N". */
void	 gcp_org(struct gcp *, const char *org);

/* Note the projects and organisation a resource name or ancestor names. */
void	 gcp_note_scope(struct gcp *, const char *name);

/* Note that scope ("folders/N", "organizations/N") is above project. */
void	 gcp_note_ancestor(struct gcp *, const char *project,
	    const char *scope);

/*
 * The key of a resource by its full name ("//service/path"): "gcp:" and
 * the name, except that a service account is "gcp:serviceAccount:EMAIL",
 * so that the account as a resource and as an IAM member is one node.
 * Returns an allocated key.
 */
char	*gcp_resource_key(const char *full_name);

/* The full name of a project: //cloudresourcemanager.googleapis.com/... */
char	*gcp_project_name(const char *project);

/* Short name for display: the last two parts of a resource name. */
const char *gcp_short_name(const char *full_name);

/* Read a time member; a bad one is a warning and stays unknown. */
int	 gcp_time(struct gcp *, const cJSON *obj, const char *member,
	    const char *path, int64_t *out, char **errp);

/* gcp_asset.c: one record of an asset export or a policy search. */
int	 gcp_asset(struct gcp *, const cJSON *rec, const char *path,
	    char **errp);
int	 gcp_search_result(struct gcp *, const cJSON *rec, const char *path,
	    char **errp);

/*
 * gcp_iam.c: the bindings of an IAM policy set on the resource with this
 * full name. The resource's node is referred to, not described.
 */
int	 gcp_policy(struct gcp *, const char *resource, const cJSON *policy,
	    const char *path, char **errp);

/* The key of an IAM member, and its node; NULL for an empty member. */
char	*gcp_member(struct gcp *, const char *member);

/* Apply the impersonation roles granted on projects and above. */
void	 gcp_iam_finish(struct gcp *);

/*
 * gcp_account.c: a service account (gcloud iam service-accounts list, or
 * the data of an asset) and a key (gcloud ... keys list, or asset data).
 * asset_name is the key's full name when an asset gave it, else NULL.
 */
int	 gcp_service_account(struct gcp *, const cJSON *rec, const char *path,
	    char **errp);
int	 gcp_key(struct gcp *, const cJSON *rec, const char *asset_name,
	    const char *path, char **errp);

/* Note a service account for roles granted on its project. */
void	 gcp_note_account(struct gcp *, const char *key,
	    const char *project);

#endif
