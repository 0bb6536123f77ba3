/*
 * The state the GitHub REST importer shares between its files.
 * github_rest.c recognises the files of an export folder and drives the
 * import. github_people.c reads the organisation, repositories, users and
 * teams, github_apps.c app installations, fine-grained personal access
 * tokens and deploy keys, and github_actions.c Actions secrets and
 * variables and deployment environments.
 *
 * Objects are keyed as GitHound keys them, so that a REST import and an
 * OpenGraph import of the same organisation describe the same nodes. The
 * key is "github:<node_id>" where GitHub gives one. Organisation, team
 * and repository roles are keyed by the base64 of "<node id>_<role>".
 * Secrets and variables, which have no node id, are keyed
 * "GH_OrgSecret_<org node id>_<NAME>" and the like.
 */
#ifndef GITHUB_REST_H
#define GITHUB_REST_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "hmap.h"
#include "json.h"
#include "kind.h"

struct import;
struct nodeset;

/* A repository of repos.json, for files that name it by folder. */
struct github_repo {
	char	*name;
	char	*key;
	char	*node_id;
	char	*full_name;
	int	 visibility_public;
};

/* An environment, for the secrets and variables in its folder. */
struct github_env {
	char	*repo;		/* repository name */
	char	*name;
	char	*key;
	char	*node_id;
};

struct github {
	struct import		*imp;
	struct nodeset		*ns;
	const char		*dir;		/* the export folder */
	const char		*file;		/* path being read */
	const char		*rel;		/* relative to the folder */
	size_t			 page;
	size_t			 npages;
	const char		*part[3];	/* named folders of rel */
	json_record_fn		 fn;		/* reads the file's records */

	char			*org_login;
	char			*org_node;
	char			*org_key;
	const char		*base_permission; /* of org members */

	struct github_repo	*repos;
	size_t			 nrepos;
	struct hmap		*repo_index;	/* lower-case name -> [] */

	struct github_env	*envs;
	size_t			 nenvs;
	struct hmap		*env_index;	/* "repo/env" -> [] */

	struct hmap		*team_index;	/* slug -> node id in teams */
	char			**team_nodes;
	size_t			 nteams;

	struct hmap		*grant_index;	/* "pat:ID", ... -> [] */
	char			**grant_keys;
	size_t			 ngrants;
};

/* Warn about the record at path of the current file and page. */
int	 github_warn(struct github *, const char *path, char **errp,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* "github:" and the base64 of "<node>_<suffix>", allocated. */
char	*github_role_key(const char *node, const char *suffix);

/* Read a time member; a bad one is a warning and stays unknown. */
int	 github_time(struct github *, const cJSON *obj, const char *member,
	    const char *path, int64_t *out, char **errp);

/*
 * Read a time member where null means "never" (a token never used, a
 * token without expiry); absent stays unknown.
 */
int	 github_time_or_never(struct github *, const cJSON *obj,
	    const char *member, const char *path, int64_t *out, char **errp);

/* Add an edge (strings borrowed). */
void	 github_edge(struct github *, const char *src, const char *dst,
	    enum kind_edge, const char *raw, const char *attrs);

/* The repository named name (any case), or NULL. */
const struct github_repo *github_repo(struct github *, const char *name);

/* The repository of the current per-repository file, or NULL (warned). */
const struct github_repo *github_file_repo(struct github *, char **errp,
	    int *rc);

/* The environment of the current per-environment file, or NULL. */
const struct github_env *github_file_env(struct github *, char **errp,
	    int *rc);

/* Note an environment of a repository. */
void	 github_note_env(struct github *, const char *repo, const char *name,
	    const char *key, const char *node_id);

/*
 * Describe or refer to the user of a simple-user object and return its
 * key, or NULL when the object has no node_id.
 */
char	*github_user(struct github *, const cJSON *user, int describe);

/*
 * The repositories a grant reaches: every repository ("all"), the
 * private and internal ones ("private"), for edges from key.
 */
void	 github_all_repos(struct github *, const char *key, int private_only,
	    enum kind_edge, const char *raw, const char *attrs, int reverse);

/*
 * Write a permissions object ({"contents": "write", ...}, or nested by
 * "organization" and "repository") as a list of "name:level" items into
 * attrs of node key. Returns 1 when any permission writes.
 */
int	 github_permissions(struct github *, const char *key,
	    const cJSON *permissions);

/*
 * Remember the key of a grant (an installation, a token, an organisation
 * secret) under "PREFIX:ID", for the file that lists its repositories.
 */
void	 github_note_grant(struct github *, const char *prefix,
	    const char *id, const char *key);

/* The key of the grant the folder of the current file names, or NULL. */
const char *github_file_grant(struct github *, const char *prefix);

/* github_people.c */
int	 github_org(void *, const char *, cJSON *, const char *, char **);
int	 github_repo_record(void *, const char *, cJSON *, const char *,
	    char **);
int	 github_team(void *, const char *, cJSON *, const char *, char **);
int	 github_member(void *, const char *, cJSON *, const char *, char **);
int	 github_admin(void *, const char *, cJSON *, const char *, char **);
int	 github_outside(void *, const char *, cJSON *, const char *, char **);
int	 github_user_record(void *, const char *, cJSON *, const char *,
	    char **);
int	 github_team_member(void *, const char *, cJSON *, const char *,
	    char **);
int	 github_team_maintainer(void *, const char *, cJSON *, const char *,
	    char **);
int	 github_team_repo(void *, const char *, cJSON *, const char *,
	    char **);
int	 github_collaborator(void *, const char *, cJSON *, const char *,
	    char **);
/* Finish the organisation: its roles and the members' base permission. */
int	 github_org_finish(struct github *, char **errp);

/* github_apps.c */
int	 github_installation(void *, const char *, cJSON *, const char *,
	    char **);
int	 github_installation_repo(void *, const char *, cJSON *,
	    const char *, char **);
int	 github_pat(void *, const char *, cJSON *, const char *, char **);
int	 github_pat_request(void *, const char *, cJSON *, const char *,
	    char **);
int	 github_pat_repo(void *, const char *, cJSON *, const char *,
	    char **);
int	 github_pat_request_repo(void *, const char *, cJSON *, const char *,
	    char **);
int	 github_deploy_key(void *, const char *, cJSON *, const char *,
	    char **);

/* github_actions.c */
int	 github_org_secret(void *, const char *, cJSON *, const char *,
	    char **);
int	 github_org_variable(void *, const char *, cJSON *, const char *,
	    char **);
int	 github_org_secret_repo(void *, const char *, cJSON *, const char *,
	    char **);
int	 github_org_variable_repo(void *, const char *, cJSON *,
	    const char *, char **);
int	 github_repo_secret(void *, const char *, cJSON *, const char *,
	    char **);
int	 github_repo_variable(void *, const char *, cJSON *, const char *,
	    char **);
int	 github_environment(void *, const char *, cJSON *, const char *,
	    char **);
int	 github_env_secret(void *, const char *, cJSON *, const char *,
	    char **);
int	 github_env_variable(void *, const char *, cJSON *, const char *,
	    char **);
int	 github_env_branch_policy(void *, const char *, cJSON *,
	    const char *, char **);

#endif
