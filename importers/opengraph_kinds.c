/*
 * OpenGraph kind tables. A source kind is looked up whole first (the
 * GitHound kinds, which all start with "GH_"), then by its generic name:
 * the kind with a collector prefix removed ("AZUser" and "Okta_User" are
 * both "User"). What matches nothing is "other" or "related"; the source
 * kinds are kept beside the mapping either way.
 */
#include "opengraph.h"

#include <string.h>
#include <strings.h>

struct og_node_map {
	const char	*name;
	enum kind_node	 kind;
	const char	*credential_type;
};

struct og_edge_map {
	const char	*name;
	enum kind_edge	 kind;
};

/* GitHound (GitHub) node kinds. */
static const struct og_node_map og_github_nodes[] = {
	{ "GH_User", KIND_NODE_HUMAN, NULL },
	{ "GH_Team", KIND_NODE_TEAM, NULL },
	{ "GH_Organization", KIND_NODE_SYSTEM, NULL },
	{ "GH_Enterprise", KIND_NODE_SYSTEM, NULL },
	{ "GH_Repository", KIND_NODE_SYSTEM, NULL },
	{ "GH_Environment", KIND_NODE_SYSTEM, NULL },
	{ "GH_Branch", KIND_NODE_SYSTEM, NULL },
	{ "GH_OrgRole", KIND_NODE_ROLE, NULL },
	{ "GH_TeamRole", KIND_NODE_ROLE, NULL },
	{ "GH_RepoRole", KIND_NODE_ROLE, NULL },
	{ "GH_EnterpriseRole", KIND_NODE_ROLE, NULL },
	{ "GH_Role", KIND_NODE_ROLE, NULL },
	{ "GH_App", KIND_NODE_OAUTH_APP, NULL },
	{ "GH_AppInstallation", KIND_NODE_OAUTH_APP, NULL },
	{ "GH_OrgSecret", KIND_NODE_CREDENTIAL, "actions_secret" },
	{ "GH_RepoSecret", KIND_NODE_CREDENTIAL, "actions_secret" },
	{ "GH_EnvironmentSecret", KIND_NODE_CREDENTIAL, "actions_secret" },
	{ "GH_Secret", KIND_NODE_CREDENTIAL, "actions_secret" },
	{ "GH_PersonalAccessToken", KIND_NODE_CREDENTIAL, "token" },
	{ "GH_PersonalAccessTokenRequest", KIND_NODE_CREDENTIAL, "token" },
	{ "GH_DeployKey", KIND_NODE_CREDENTIAL, "deploy_key" },
	{ "GH_Workflow", KIND_NODE_WORKLOAD, NULL },
	{ "GH_BranchProtectionRule", KIND_NODE_POLICY, NULL },
	{ "GH_Ruleset", KIND_NODE_POLICY, NULL },
};

/* Generic node kinds, compared without case after the prefix. */
static const struct og_node_map og_generic_nodes[] = {
	{ "User", KIND_NODE_HUMAN, NULL },
	{ "Person", KIND_NODE_HUMAN, NULL },
	{ "Human", KIND_NODE_HUMAN, NULL },
	{ "Team", KIND_NODE_TEAM, NULL },
	{ "Group", KIND_NODE_GROUP, NULL },
	{ "Role", KIND_NODE_ROLE, NULL },
	{ "ServiceAccount", KIND_NODE_SERVICE_ACCOUNT, NULL },
	{ "ServicePrincipal", KIND_NODE_SERVICE_ACCOUNT, NULL },
	{ "ManagedIdentity", KIND_NODE_SERVICE_ACCOUNT, NULL },
	{ "App", KIND_NODE_OAUTH_APP, NULL },
	{ "Application", KIND_NODE_OAUTH_APP, NULL },
	{ "OAuthApp", KIND_NODE_OAUTH_APP, NULL },
	{ "Computer", KIND_NODE_WORKLOAD, NULL },
	{ "VM", KIND_NODE_WORKLOAD, NULL },
	{ "Pod", KIND_NODE_WORKLOAD, NULL },
	{ "Function", KIND_NODE_WORKLOAD, NULL },
	{ "Workload", KIND_NODE_WORKLOAD, NULL },
	{ "Secret", KIND_NODE_CREDENTIAL, "secret" },
	{ "Key", KIND_NODE_CREDENTIAL, "key" },
	{ "AccessKey", KIND_NODE_CREDENTIAL, "access_key" },
	{ "Token", KIND_NODE_CREDENTIAL, "token" },
	{ "Certificate", KIND_NODE_CREDENTIAL, "certificate" },
	{ "Password", KIND_NODE_CREDENTIAL, "password" },
	{ "Credential", KIND_NODE_CREDENTIAL, NULL },
	{ "Tenant", KIND_NODE_SYSTEM, NULL },
	{ "Domain", KIND_NODE_SYSTEM, NULL },
	{ "Subscription", KIND_NODE_SYSTEM, NULL },
	{ "Organization", KIND_NODE_SYSTEM, NULL },
	{ "Account", KIND_NODE_SYSTEM, NULL },
	{ "Repository", KIND_NODE_SYSTEM, NULL },
	{ "Cluster", KIND_NODE_SYSTEM, NULL },
	{ "Namespace", KIND_NODE_SYSTEM, NULL },
	{ "Database", KIND_NODE_SYSTEM, NULL },
	{ "System", KIND_NODE_SYSTEM, NULL },
	{ "Policy", KIND_NODE_POLICY, NULL },
	{ "Permission", KIND_NODE_PRIVILEGE, NULL },
	{ "Privilege", KIND_NODE_PRIVILEGE, NULL },
};

/* GitHound edge kinds whose meaning is not a permission. */
static const struct og_edge_map og_github_edges[] = {
	{ "GH_MemberOf", KIND_EDGE_MEMBER_OF },
	{ "GH_HasRole", KIND_EDGE_HAS_ROLE },
	{ "GH_HasBaseRole", KIND_EDGE_HAS_ROLE },
	{ "GH_Owns", KIND_EDGE_OWNS },
	{ "GH_HasSecret", KIND_EDGE_USES },
	{ "GH_Contains", KIND_EDGE_RELATED },
	{ "GH_HasBranch", KIND_EDGE_RELATED },
	{ "GH_HasWorkflow", KIND_EDGE_RELATED },
	{ "GH_HasEnvironment", KIND_EDGE_RELATED },
	{ "GH_ProtectedBy", KIND_EDGE_RELATED },
	{ "GH_CanAssumeIdentity", KIND_EDGE_FEDERATES },
	{ "GH_CanAssumeAWSRole", KIND_EDGE_FEDERATES },
	{ "GH_Federates", KIND_EDGE_FEDERATES },
};

/*
 * GitHound permission edges start with one of these verbs ("GH_AdminTo",
 * "GH_WriteRepoContents", "GH_CanWriteBranch", ...): they map to grants.
 */
static const char *const og_github_verbs[] = {
	"Add", "Admin", "Bypass", "Can", "Create", "Delete", "Edit", "Invite",
	"Jump", "Manage", "Org", "Push", "Read", "Resolve", "Restrictions",
	"Run", "Transfer", "View", "Write",
};

/* Generic edge kinds, compared without case after the prefix. */
static const struct og_edge_map og_generic_edges[] = {
	{ "MemberOf", KIND_EDGE_MEMBER_OF },
	{ "HasRole", KIND_EDGE_HAS_ROLE },
	{ "HasAppRole", KIND_EDGE_HAS_ROLE },
	{ "Owns", KIND_EDGE_OWNS },
	{ "Owner", KIND_EDGE_OWNS },
	{ "AuthenticatesAs", KIND_EDGE_AUTHENTICATES_AS },
	{ "CanAssume", KIND_EDGE_CAN_ASSUME },
	{ "AssumeRole", KIND_EDGE_CAN_ASSUME },
	{ "CanImpersonate", KIND_EDGE_CAN_ASSUME },
	{ "Federates", KIND_EDGE_FEDERATES },
	{ "HasPolicy", KIND_EDGE_HAS_POLICY },
	{ "Grants", KIND_EDGE_GRANTS },
	{ "AdminTo", KIND_EDGE_GRANTS },
	{ "GenericAll", KIND_EDGE_GRANTS },
	{ "GenericWrite", KIND_EDGE_GRANTS },
	{ "AppliesTo", KIND_EDGE_APPLIES_TO },
	{ "RunsAs", KIND_EDGE_RUNS_AS },
	{ "Uses", KIND_EDGE_USES },
	{ "HasSecret", KIND_EDGE_USES },
	{ "StoredIn", KIND_EDGE_STORED_IN },
	{ "Limits", KIND_EDGE_LIMITS },
	{ "Contains", KIND_EDGE_RELATED },
};

#define OG_COUNT(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Return the generic part of a source kind: after the first '_' when
 * there is one ("Okta_User"), else after a run of upper-case letters
 * that is followed by another capitalised word ("AZUser" -> "User").
 */
static const char *
og_generic(const char *kind)
{
	const char	*us = strchr(kind, '_'), *p;

	if (us != NULL && us[1] != '\0')
		return us + 1;
	for (p = kind; *p >= 'A' && *p <= 'Z'; p++)
		;
	if (p - kind >= 2 && *p >= 'a' && *p <= 'z')
		return p - 1;
	return kind;
}

static const struct og_node_map *
og_node_lookup(const char *kind)
{
	const char	*g;
	size_t		 i;

	for (i = 0; i < OG_COUNT(og_github_nodes); i++) {
		if (strcmp(og_github_nodes[i].name, kind) == 0)
			return &og_github_nodes[i];
	}
	g = og_generic(kind);
	for (i = 0; i < OG_COUNT(og_generic_nodes); i++) {
		if (strcasecmp(og_generic_nodes[i].name, g) == 0 ||
		    strcasecmp(og_generic_nodes[i].name, kind) == 0)
			return &og_generic_nodes[i];
	}
	return NULL;
}

int
opengraph_node_map(const char *name, enum kind_node *kind,
    const char **credential_type)
{
	const struct og_node_map	*m;

	if ((m = og_node_lookup(name)) == NULL)
		return 0;
	*kind = m->kind;
	*credential_type = m->credential_type;
	return 1;
}

enum kind_edge
opengraph_edge_kind(const char *raw)
{
	const char	*g;
	size_t		 i, n;

	for (i = 0; i < OG_COUNT(og_github_edges); i++) {
		if (strcmp(og_github_edges[i].name, raw) == 0)
			return og_github_edges[i].kind;
	}
	if (strncmp(raw, "GH_", 3) == 0) {
		for (i = 0; i < OG_COUNT(og_github_verbs); i++) {
			n = strlen(og_github_verbs[i]);
			if (strncmp(raw + 3, og_github_verbs[i], n) == 0)
				return KIND_EDGE_GRANTS;
		}
		return KIND_EDGE_RELATED;
	}
	g = og_generic(raw);
	for (i = 0; i < OG_COUNT(og_generic_edges); i++) {
		if (strcasecmp(og_generic_edges[i].name, g) == 0 ||
		    strcasecmp(og_generic_edges[i].name, raw) == 0)
			return og_generic_edges[i].kind;
	}
	return KIND_EDGE_RELATED;
}
