/*
 * The Kubernetes importer's shared state and helpers, for k8s.c (input,
 * objects, namespaces), k8s_rbac.c (roles, bindings, subjects),
 * k8s_rule.c (policy rules as privileges, aggregation selectors),
 * k8s_account.c (service accounts and secrets) and k8s_workload.c (pods
 * and controllers).
 *
 * Objects are read one record at a time. What can be written at once is
 * emitted at once; what needs the whole input is kept in the state and
 * emitted by the finish functions: roles (aggregation needs every
 * ClusterRole), has_role edges (several bindings may grant the same role
 * to the same subject), users and groups, the runs_as edges (a pod's
 * token depends on its service account) and the namespace nodes.
 */
#ifndef K8S_H
#define K8S_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "arena.h"
#include "kind.h"

struct hmap;
struct import;
struct input;
struct jsonw;
struct record_node;
struct strbuf;

/* Labels and annotations kept on one node, each. */
#define K8S_MAX_LABELS	200

/* The annotation kubectl apply writes: a copy of the whole object. */
#define K8S_LAST_APPLIED \
	"kubectl.kubernetes.io/last-applied-configuration"

/* The metadata every object shares, read once by k8s.c. */
struct k8s_object {
	const char	*path;		/* record path in the input */
	const cJSON	*obj;
	const char	*kind;
	const char	*api_version;	/* NULL when absent */
	const char	*name;
	const char	*ns;		/* NULL for cluster-scoped kinds */
	const cJSON	*labels;
	const cJSON	*annotations;
	const char	*uid;
	int64_t		 created;	/* TSTAMP_UNKNOWN when absent */
	int		 ns_defaulted;	/* the manifest named no namespace */
};

/* A list of strings with its length. */
struct k8s_strings {
	char	**v;
	size_t	 n;
};

/* One PolicyRule; strings live in the state's arena. */
struct k8s_rule {
	struct k8s_strings	 verbs;
	struct k8s_strings	 groups;
	struct k8s_strings	 resources;
	struct k8s_strings	 names;
	struct k8s_strings	 urls;
};

/* One requirement of a label selector. */
enum k8s_op {
	K8S_OP_IN,		/* matchLabels, or operator In */
	K8S_OP_NOT_IN,
	K8S_OP_EXISTS,
	K8S_OP_DOES_NOT_EXIST
};

struct k8s_requirement {
	char			*key;
	enum k8s_op		 op;
	struct k8s_strings	 values;
};

/* A label selector: every requirement must hold. */
struct k8s_selector {
	struct k8s_requirement	*reqs;
	size_t			 nreqs;
};

/* A Role or ClusterRole of the input. */
struct k8s_role {
	char			*name;
	char			*ns;		/* NULL for a ClusterRole */
	char			*attrs;		/* node attributes, JSON */
	char			*path;
	int64_t			 created;
	struct k8s_rule		*rules;
	size_t			 nrules;
	struct k8s_strings	 label_keys;
	struct k8s_strings	 label_values;
	struct k8s_selector	*selectors;	/* aggregationRule */
	size_t			 nselectors;
	int			 aggregated;	/* has an aggregationRule */
	int			 mark;		/* aggregation walk */
};

/* A rule of a role's effective set, with the role it came from. */
struct k8s_effective {
	const struct k8s_rule	*rule;
	const struct k8s_role	*from;	/* NULL: the role's own rule */
};

/* A has_role edge waiting for every binding that grants it. */
struct k8s_grant {
	char		*src;
	char		*dst;
	const char	*raw;		/* RoleBinding or ClusterRoleBinding */
	char		*ns;		/* of a RoleBinding, else NULL */
	struct k8s_strings bindings;
};

/* A subject (User or Group) named by a binding. */
struct k8s_subject {
	char		*name;
	int		 group;
};

/* A runs_as edge waiting for the service account's automount setting. */
struct k8s_runs_as {
	char		*workload;
	char		*account;
	int		 automount;	/* -1 unset, 0, 1 */
	int		 projected;	/* mounts a serviceAccountToken */
};

/* A service account of the input, for its implicit groups. */
struct k8s_account {
	char		*ns;
	char		*name;
};

/* A namespace named by an object or described by a Namespace. */
struct k8s_namespace {
	char		*name;
	char		*attrs;		/* from the Namespace object, or NULL */
	int64_t		 created;
	int		 described;
};

/* A kind of object that the file contained but that is not mapped. */
struct k8s_skipped {
	char		*kind;
	size_t		 count;
};

struct k8s_state {
	struct import		*imp;
	const struct input	*in;
	char			*cluster;
	char			*top_kind;	/* of a JSON document */
	char			*top_api;	/* its apiVersion */
	int			 stopped;	/* a record stopped the read */
	struct arena		 arena;

	size_t			 objects;	/* mapped */
	size_t			 skipped;	/* of kinds not mapped */
	struct k8s_skipped	*skipped_kinds;
	size_t			 nskipped_kinds;
	size_t			 no_subjects;	/* bindings */
	size_t			 defaulted;	/* objects without namespace */

	struct hmap		*emitted;	/* keys written at finish */
	struct hmap		*edges;		/* edges written, for dedupe */

	struct hmap		*ns_index;
	struct k8s_namespace	*namespaces;
	size_t			 nnamespaces;

	struct hmap		*role_index;	/* "ns/name" or "/name" */
	struct k8s_role		*roles;
	size_t			 nroles;
	struct hmap		*instance_index; /* "ns/name" of RB->CR */
	char			**instances;	/* the same keys, in order */
	size_t			 ninstances;
	struct hmap		*grant_index;
	struct k8s_grant	*grants;
	size_t			 ngrants;
	struct hmap		*subject_index;
	struct k8s_subject	*subjects;
	size_t			 nsubjects;

	struct hmap		*automount;	/* service account key -> 0/1 */
	struct k8s_account	*accounts;
	size_t			 naccounts;
	struct k8s_runs_as	*runs_as;
	size_t			 nruns_as;
};

/* k8s.c */
void	 k8s_key(const struct k8s_state *, struct strbuf *, const char *ns,
	    const char *kind, const char *name);
char	*k8s_lower(struct k8s_state *, const char *);
int	 k8s_warn(struct k8s_state *, const struct k8s_object *, char **errp,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int	 k8s_emit_node(struct k8s_state *, const struct record_node *,
	    const struct k8s_object *, char **errp);
int	 k8s_emit_once(struct k8s_state *, const struct record_node *);
int	 k8s_emit_edge(struct k8s_state *, const char *src, const char *dst,
	    enum kind_edge, const char *raw, unsigned flags, const char *attrs);
void	 k8s_attrs_meta(struct jsonw *, const struct k8s_object *,
	    int secret);
const char *k8s_str(const cJSON *, const char *key);
int	 k8s_bool(const cJSON *, const char *key, int *out);
void	 k8s_note_namespace(struct k8s_state *, const char *ns);
void	 k8s_strings_add(struct k8s_state *, struct k8s_strings *,
	    const char *);
int	 k8s_strings_has(const struct k8s_strings *, const char *);
void	*k8s_grow(void *, size_t n, size_t size);

/* k8s_rbac.c */
/*
 * k8s_shape.c: warn about and remove the fields of obj, the object o
 * describes, that the mapping reads as lists or mappings but that hold
 * another type. Returns 0, or -1 when a warning failed.
 */
int	 k8s_shape_check(struct k8s_state *, const struct k8s_object *o,
	    cJSON *obj, char **errp);

int	 k8s_rbac_role(struct k8s_state *, const struct k8s_object *,
	    char **errp);
int	 k8s_rbac_binding(struct k8s_state *, const struct k8s_object *,
	    char **errp);
int	 k8s_rbac_finish(struct k8s_state *, char **errp);

/* k8s_rule.c */
int	 k8s_rule_parse(struct k8s_state *, const struct k8s_object *,
	    const cJSON *, struct k8s_rule *, char **errp);
int	 k8s_rule_selectors(struct k8s_state *, const struct k8s_object *,
	    const cJSON *, struct k8s_role *, char **errp);
int	 k8s_rule_matches(const struct k8s_selector *,
	    const struct k8s_role *);
int	 k8s_rule_emit(struct k8s_state *, const char *role_key,
	    const char *ns, const struct k8s_effective *,
	    struct k8s_strings *escalation);

/* k8s_account.c */
int	 k8s_account_sa(struct k8s_state *, const struct k8s_object *,
	    char **errp);
int	 k8s_account_secret(struct k8s_state *, const struct k8s_object *,
	    char **errp);

/* k8s_workload.c */
int	 k8s_workload_pod(struct k8s_state *, const struct k8s_object *,
	    char **errp);
int	 k8s_workload_controller(struct k8s_state *,
	    const struct k8s_object *, char **errp);
int	 k8s_workload_finish(struct k8s_state *, char **errp);

/*
 * The cluster an input describes: --cluster, checked, else the file name
 * without its extension. Returns an allocated name, or NULL with *errp
 * set when --cluster is invalid. The audit log importer shares it.
 */
char	*k8s_cluster_name(struct import *, const struct input *,
	    char **errp);

#endif
