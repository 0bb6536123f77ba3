/*
 * Environments of nodes (see envmap.h).
 */
#include "envmap.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "model.h"
#include "nodeattr.h"
#include "xalloc.h"

/* The environments, in the order their matchers are tried. */
static const char *const envmap_envs[] = { "prod", "staging", "test", "dev" };
#define ENVMAP_NENVS	(sizeof(envmap_envs) / sizeof(envmap_envs[0]))

enum envmap_kind {
	ENVMAP_ENV,
	ENVMAP_TAG,
	ENVMAP_NAME,
	ENVMAP_KEY,
	ENVMAP_NAMESPACE,
	ENVMAP_ACCOUNT,
	ENVMAP_SOURCE
};

static const char *const envmap_kinds[] = {
	"env", "tag", "name", "key", "namespace", "account", "source"
};

struct envmap_matcher {
	enum envmap_kind	 kind;
	int			 env;		/* index into envmap_envs */
	char			*glob;
	int8_t			*cache;		/* env: and source: matchers,
						   per label: -1 unknown */
	char			*tag;		/* the NAME of tag:NAME= */
	int			 attr[3];	/* tag:, label:, NAME */
};

struct envmap {
	struct envmap_matcher	*v;
	size_t			 n;
	const char		**names;	/* attributes to read */
	size_t			 nnames;
	int			 production[ENVMAP_NENVS];
	uint8_t			*env;		/* per node: 1 + env, 0 none */
	size_t			 nnodes;
};

/* Add an attribute name to read, once. */
static void
envmap_need(struct envmap *em, const char *name)
{
	size_t	 i;

	for (i = 0; i < em->nnames; i++) {
		if (strcmp(em->names[i], name) == 0)
			return;
	}
	em->names = xreallocarray(em->names, em->nnames + 1,
	    sizeof(*em->names));
	em->names[em->nnames++] = xstrdup(name);
}

/* Parse one matcher "KIND:GLOB" of environment env. */
static int
envmap_parse(struct envmap *em, int env, const char *text)
{
	struct envmap_matcher	 mt;
	const char		*colon = strchr(text, ':'), *eq;
	char			*name;
	size_t			 k, len;

	if (colon == NULL || colon[1] == '\0')
		return -1;
	len = (size_t)(colon - text);
	for (k = 0; k < sizeof(envmap_kinds) / sizeof(envmap_kinds[0]); k++) {
		if (strlen(envmap_kinds[k]) == len &&
		    strncmp(envmap_kinds[k], text, len) == 0)
			break;
	}
	if (k == sizeof(envmap_kinds) / sizeof(envmap_kinds[0]))
		return -1;
	memset(&mt, 0, sizeof(mt));
	mt.kind = (enum envmap_kind)k;
	mt.env = env;
	if (mt.kind == ENVMAP_TAG) {
		eq = strchr(colon + 1, '=');
		if (eq == NULL || eq == colon + 1 || eq[1] == '\0')
			return -1;
		mt.tag = xstrndup(colon + 1, (size_t)(eq - colon - 1));
		mt.glob = xstrdup(eq + 1);
		name = xasprintf("tag:%s", mt.tag);
		envmap_need(em, name);
		free(name);
		name = xasprintf("label:%s", mt.tag);
		envmap_need(em, name);
		free(name);
		envmap_need(em, mt.tag);
	} else
		mt.glob = xstrdup(colon + 1);
	em->v = xreallocarray(em->v, em->n + 1, sizeof(*em->v));
	em->v[em->n++] = mt;
	return 0;
}

/* The matchers of one environment key. */
static int
envmap_parse_key(struct envmap *em, const struct config *cfg, int env,
    char **errp)
{
	const char *const	*items;
	size_t			 n, i;

	items = config_list(cfg, "environments", envmap_envs[env], &n);
	for (i = 0; i < n; i++) {
		if (envmap_parse(em, env, items[i]) == 0)
			continue;
		*errp = xasprintf("%s:%d: [environments] %s: \"%s\" is not a "
		    "matcher; use env:, tag:NAME=, name:, key:, namespace:, "
		    "account: or source: followed by a pattern",
		    config_file(cfg) != NULL ? config_file(cfg) :
		    "configuration",
		    config_line(cfg, "environments", envmap_envs[env]),
		    envmap_envs[env], items[i]);
		return -1;
	}
	return 0;
}

/* Mark the environments listed under production. */
static int
envmap_parse_production(struct envmap *em, const struct config *cfg,
    char **errp)
{
	const char *const	*items;
	size_t			 n, i, e;

	items = config_list(cfg, "environments", "production", &n);
	for (i = 0; i < n; i++) {
		for (e = 0; e < ENVMAP_NENVS; e++) {
			if (strcmp(items[i], envmap_envs[e]) == 0)
				break;
		}
		if (e == ENVMAP_NENVS) {
			*errp = xasprintf("%s:%d: [environments] production: "
			    "\"%s\" is not an environment; use prod, "
			    "staging, test or dev", config_file(cfg) != NULL ?
			    config_file(cfg) : "configuration", config_line(cfg,
			    "environments", "production"), items[i]);
			return -1;
		}
		em->production[e] = 1;
	}
	return 0;
}

int
envmap_create(const struct config *cfg, struct envmap **out, char **errp)
{
	struct config	*own = NULL;
	struct envmap	*em = xcalloc(1, sizeof(*em));
	size_t		 e;
	int		 rc = -1;

	if (cfg == NULL)
		cfg = own = config_create();
	for (e = 0; e < ENVMAP_NENVS; e++) {
		if (envmap_parse_key(em, cfg, (int)e, errp) == -1)
			goto out;
	}
	if (envmap_parse_production(em, cfg, errp) == -1)
		goto out;
	envmap_need(em, "namespace");
	envmap_need(em, "account_id");
	rc = 0;
out:
	config_free(own);
	if (rc == -1) {
		envmap_free(em);
		em = NULL;
	}
	*out = em;
	return rc;
}

int
envmap_check(const struct config *cfg, char **errp)
{
	struct envmap	*em;

	if (envmap_create(cfg, &em, errp) == -1)
		return -1;
	envmap_free(em);
	return 0;
}

void
envmap_free(struct envmap *em)
{
	size_t	 i;

	if (em == NULL)
		return;
	for (i = 0; i < em->n; i++) {
		free(em->v[i].glob);
		free(em->v[i].tag);
		free(em->v[i].cache);
	}
	for (i = 0; i < em->nnames; i++)
		free((char *)em->names[i]);
	free(em->v);
	free(em->names);
	free(em->env);
	free(em);
}

size_t
envmap_attrs(const struct envmap *em, const char *const **names)
{
	*names = em->names;
	return em->nnames;
}

/*
 * 1 when text matches glob: '*' is any run of characters, '?' one
 * byte, and ASCII letters match regardless of case. The usual greedy
 * match that backtracks to the last '*' runs in O(glob x text).
 */
static int
envmap_glob(const char *glob, const char *text)
{
	const char	*star = NULL, *resume = NULL;

	if (text == NULL)
		return 0;
	while (*text != '\0') {
		if (*glob == '*') {
			star = glob++;
			resume = text;
		} else if (*glob == '?' || (*glob != '\0' &&
		    tolower((unsigned char)*glob) ==
		    tolower((unsigned char)*text))) {
			glob++;
			text++;
		} else if (star != NULL) {
			glob = star + 1;
			text = ++resume;
		} else
			return 0;
	}
	while (*glob == '*')
		glob++;
	return *glob == '\0';
}

/*
 * Copy the part of key after skip colons, up to the next colon, into
 * buf; returns buf, or NULL when the key has fewer parts.
 */
static const char *
envmap_key_part(const char *key, int skip, char *buf, size_t len)
{
	const char	*p = key, *end;
	int		 i;

	for (i = 0; i < skip; i++) {
		if ((p = strchr(p, ':')) == NULL)
			return NULL;
		p++;
	}
	end = strchr(p, ':');
	if (end == NULL)
		end = p + strlen(p);
	if ((size_t)(end - p) >= len)
		return NULL;
	memcpy(buf, p, (size_t)(end - p));
	buf[end - p] = '\0';
	return buf;
}

/* The account of node v: from an AWS key, an AWS source or account_id. */
static const char *
envmap_account(const struct model *m, const struct nodeattr *na, size_t v,
    char *buf, size_t len)
{
	const char	*src = model_label(m, m->source[v]);

	if (strncmp(m->key[v], "aws:arn:", 8) == 0 &&
	    envmap_key_part(m->key[v], 5, buf, len) != NULL && *buf != '\0')
		return buf;
	if (strncmp(src, "aws:", 4) == 0 &&
	    envmap_key_part(src, 1, buf, len) != NULL && *buf != '\0')
		return buf;
	return nodeattr_get(na, nodeattr_index(na, "account_id"), v);
}

/* The namespace of node v: its attribute, else from a k8s key. */
static const char *
envmap_namespace(const struct model *m, const struct nodeattr *na, size_t v,
    char *buf, size_t len)
{
	const char	*ns = nodeattr_get(na, nodeattr_index(na, "namespace"),
			    v);

	if (ns != NULL)
		return ns;
	if (strncmp(m->key[v], "k8s:", 4) == 0 &&
	    envmap_key_part(m->key[v], 2, buf, len) != NULL && *buf != '\0')
		return buf;
	return NULL;
}

/*
 * 1 when the label matches the glob of matcher mt. Many nodes share a
 * label (an environment, a source), so each label is matched once.
 */
static int
envmap_match_label(struct envmap_matcher *mt, const struct model *m,
    uint32_t label)
{
	if (label == 0)
		return 0;
	if (mt->cache == NULL) {
		mt->cache = xreallocarray(NULL, m->labels.count + 1,
		    sizeof(*mt->cache));
		memset(mt->cache, -1, m->labels.count + 1);
	}
	if (mt->cache[label] < 0)
		mt->cache[label] = (int8_t)envmap_glob(mt->glob,
		    model_label(m, label));
	return mt->cache[label];
}

/* 1 when matcher mt matches node v. */
static int
envmap_match(struct envmap_matcher *mt, const struct model *m,
    const struct nodeattr *na, size_t v)
{
	char		 buf[256];
	size_t		 i;

	switch (mt->kind) {
	case ENVMAP_ENV:
		return envmap_match_label(mt, m, m->environment[v]);
	case ENVMAP_TAG:
		for (i = 0; i < 3; i++) {
			if (envmap_glob(mt->glob, nodeattr_get(na, mt->attr[i],
			    v)))
				return 1;
		}
		return 0;
	case ENVMAP_NAME:
		return envmap_glob(mt->glob, m->name[v]);
	case ENVMAP_KEY:
		return envmap_glob(mt->glob, m->key[v]);
	case ENVMAP_NAMESPACE:
		return envmap_glob(mt->glob, envmap_namespace(m, na, v, buf,
		    sizeof(buf)));
	case ENVMAP_ACCOUNT:
		return envmap_glob(mt->glob, envmap_account(m, na, v, buf,
		    sizeof(buf)));
	case ENVMAP_SOURCE:
		return envmap_match_label(mt, m, m->source[v]);
	}
	return 0;
}

/* Resolve the attribute indices of the tag matchers. */
static void
envmap_resolve(struct envmap *em, const struct nodeattr *na)
{
	struct envmap_matcher	*mt;
	char			*full;
	size_t			 i;

	for (i = 0; i < em->n; i++) {
		mt = &em->v[i];
		if (mt->kind != ENVMAP_TAG)
			continue;
		full = xasprintf("tag:%s", mt->tag);
		mt->attr[0] = nodeattr_index(na, full);
		free(full);
		full = xasprintf("label:%s", mt->tag);
		mt->attr[1] = nodeattr_index(na, full);
		free(full);
		mt->attr[2] = nodeattr_index(na, mt->tag);
	}
}

void
envmap_apply(struct envmap *em, const struct model *m,
    const struct nodeattr *na)
{
	size_t	 v, i;

	envmap_resolve(em, na);
	for (i = 0; i < em->n; i++) {
		free(em->v[i].cache);
		em->v[i].cache = NULL;
	}
	free(em->env);
	em->nnodes = m->nnodes;
	em->env = xcalloc(m->nnodes + 1, 1);
	for (v = 0; v < m->nnodes; v++) {
		for (i = 0; i < em->n; i++) {
			if (envmap_match(&em->v[i], m, na, v)) {
				em->env[v] = (uint8_t)(1 + em->v[i].env);
				break;
			}
		}
	}
}

const char *
envmap_name(const struct envmap *em, size_t v)
{
	if (em->env == NULL || v >= em->nnodes || em->env[v] == 0)
		return NULL;
	return envmap_envs[em->env[v] - 1];
}

int
envmap_production(const struct envmap *em, size_t v)
{
	return envmap_name(em, v) != NULL && em->production[em->env[v] - 1];
}

int
envmap_nonproduction(const struct envmap *em, size_t v)
{
	return envmap_name(em, v) != NULL && !em->production[em->env[v] - 1];
}
