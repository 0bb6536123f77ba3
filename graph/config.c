/*
 * The configuration file (see config.h).
 *
 * To add a setting, add one line to config_registry below; the parser,
 * the type checks and the default come from it. The values are kept in
 * an array parallel to the registry.
 */
#include "config.h"

#include <sys/stat.h>

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

static const struct config_key config_registry[] = {
	{ "analysis", "tier_zero", CONFIG_LIST, NULL, 0, 0,
	    "node keys marked tier zero (crown jewels)" },
	{ "analysis", "max_depth", CONFIG_INTEGER, "0", 0, 1000000,
	    "default depth limit of reach and who-can, 0 for none" },
	{ "tui", "theme", CONFIG_STRING, NULL, 0, 0,
	    "colour theme of the interface when --theme is not given" },
	{ "tui", "clipboard", CONFIG_STRING, "off", 0, 0,
	    "osc52 lets y copy a node key to the terminal's clipboard" },
	{ "tui", "mouse", CONFIG_BOOLEAN, "true", 0, 0,
	    "clicks select rows and the wheel scrolls" },
	{ "findings", "stale_after", CONFIG_DURATION, "90d", 0, 0,
	    "an active credential unused (or never used) this long is stale" },
	{ "findings", "rotate_after", CONFIG_DURATION, "90d", 0, 0,
	    "an active credential not rotated this long is unrotated" },
	{ "findings", "max_lifetime", CONFIG_DURATION, "365d", 0, 0,
	    "a secret valid for longer than this is long-lived" },
	{ "findings", "expiring_within", CONFIG_DURATION, "30d", 0, 0,
	    "a credential that expires this soon is expiring" },
	{ "findings", "max_workloads", CONFIG_INTEGER, "3", 1, 1000000,
	    "workloads one machine identity may serve before it is reused" },
	{ "findings", "usage_baseline", CONFIG_DURATION, "30d", 0, 0,
	    "the evidence before the detection window that unusual use learns "
	    "from" },
	{ "findings", "usage_recent", CONFIG_DURATION, "7d", 0, 0,
	    "the end of the evidence that unusual use judges" },
	{ "environments", "prod", CONFIG_LIST,
	    "env:prod, env:production, env:prd, env:live", 0, 0,
	    "what marks a node as in the prod environment" },
	{ "environments", "staging", CONFIG_LIST,
	    "env:staging, env:stage, env:stg, env:preprod, env:uat", 0, 0,
	    "what marks a node as in the staging environment" },
	{ "environments", "test", CONFIG_LIST, "env:test, env:testing, env:qa",
	    0, 0, "what marks a node as in the test environment" },
	{ "environments", "dev", CONFIG_LIST,
	    "env:dev, env:development, env:sandbox", 0, 0,
	    "what marks a node as in the dev environment" },
	{ "environments", "production", CONFIG_LIST, "prod", 0, 0,
	    "the environments that count as production" },
	{ "joins", "rules", CONFIG_STRING, "all", 0, 0,
	    "joins across sources: all, none, RULE,... or -RULE,... "
	    "(TRUSTWALK_JOINS overrides it)" },
};

#define CONFIG_NKEYS	(sizeof(config_registry) / sizeof(config_registry[0]))

struct config_value {
	int		 line;		/* 0: default */
	char		*text;		/* string */
	char		**items;	/* list */
	size_t		 nitems;
	int64_t		 number;	/* integer, duration (s), boolean */
};

struct config {
	char			*file;
	const struct config_key	*keys;		/* the registry */
	size_t			 nkeys;
	struct config_value	*values;	/* one per key */
};

/* Parser state, with the file and line for messages. */
struct config_parser {
	struct config	*cfg;
	const char	*file;
	int		 line;
	const char	*section;	/* NULL before the first header */
	size_t		 section_len;
	char		**errp;
};

static int
config_error(struct config_parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
config_error(struct config_parser *p, const char *fmt, ...)
{
	struct strbuf	 sb;
	va_list		 ap;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s:%d: ", p->file, p->line);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	*p->errp = strbuf_detach(&sb);
	return -1;
}

const struct config_key *
config_keys(size_t *n)
{
	*n = CONFIG_NKEYS;
	return config_registry;
}

/* The registry index of a key, or -1. */
static int
config_find(const struct config *cfg, const char *section, size_t slen,
    const char *name, size_t nlen)
{
	const struct config_key	*k;
	size_t			 i;

	for (i = 0; i < cfg->nkeys; i++) {
		k = &cfg->keys[i];
		if (strlen(k->section) == slen &&
		    strncmp(k->section, section, slen) == 0 &&
		    strlen(k->name) == nlen && strncmp(k->name, name, nlen) == 0)
			return (int)i;
	}
	return -1;
}

static void
config_value_clear(struct config_value *v)
{
	size_t	 i;

	free(v->text);
	for (i = 0; i < v->nitems; i++)
		free(v->items[i]);
	free(v->items);
	memset(v, 0, sizeof(*v));
}

void
config_free(struct config *cfg)
{
	size_t	 i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->nkeys; i++)
		config_value_clear(&cfg->values[i]);
	free(cfg->values);
	free(cfg->file);
	free(cfg);
}

/* Remove double quotes around s[0..*len), if any. */
static const char *
config_unquote(const char *s, size_t *len)
{
	if (*len >= 2 && s[0] == '"' && s[*len - 1] == '"') {
		*len -= 2;
		return s + 1;
	}
	return s;
}

/* Parse one list item starting at *pp; advances past its comma. */
static int
config_list_item(struct config_parser *p, const char **pp, const char *end,
    struct strbuf *item)
{
	const char	*s = *pp;

	strbuf_reset(item);
	while (s < end && isblank((unsigned char)*s))
		s++;
	if (s < end && *s == '"') {
		for (s++; s < end && *s != '"'; s++) {
			if (*s == '\\' && s + 1 < end &&
			    (s[1] == '"' || s[1] == '\\'))
				s++;
			strbuf_addch(item, *s);
		}
		if (s == end)
			return config_error(p, "unterminated \" in a list");
		s++;
		while (s < end && isblank((unsigned char)*s))
			s++;
		if (s < end && *s != ',')
			return config_error(p, "text after a quoted list item; "
			    "separate items with commas");
	} else {
		const char	*start = s, *stop;

		while (s < end && *s != ',')
			s++;
		stop = s;
		while (stop > start && isblank((unsigned char)stop[-1]))
			stop--;
		strbuf_add(item, start, (size_t)(stop - start));
	}
	if (item->len == 0)
		return config_error(p, "empty item in a list");
	*pp = s < end ? s + 1 : s;
	return 0;
}

static int
config_set_list(struct config_parser *p, struct config_value *v,
    const char *s, size_t len)
{
	struct strbuf	 item;
	const char	*end = s + len;
	int		 rc = 0;

	if (len == 0)
		return config_error(p, "empty list; give one or more values "
		    "separated by commas");
	strbuf_init(&item);
	while (s < end) {
		if ((rc = config_list_item(p, &s, end, &item)) == -1)
			break;
		v->items = xreallocarray(v->items, v->nitems + 1,
		    sizeof(*v->items));
		v->items[v->nitems++] = xstrndup(item.buf, item.len);
	}
	strbuf_free(&item);
	return rc;
}

static int
config_set_boolean(struct config_parser *p, struct config_value *v,
    const char *text)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };
	size_t			 i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(text, yes[i]) == 0) {
			v->number = 1;
			return 0;
		}
		if (strcasecmp(text, no[i]) == 0) {
			v->number = 0;
			return 0;
		}
	}
	return config_error(p, "\"%s\" is not a boolean; use true or false",
	    text);
}

/* Parse a value of the key's type into v. */
static int
config_set(struct config_parser *p, const struct config_key *k,
    struct config_value *v, const char *s, size_t len)
{
	char		*text, *end;
	long long	 n;
	int		 rc = 0;

	if (k->type == CONFIG_LIST)
		return config_set_list(p, v, s, len);
	s = config_unquote(s, &len);
	text = xstrndup(s, len);
	switch (k->type) {
	case CONFIG_STRING:
		free(v->text);
		v->text = text;
		return 0;
	case CONFIG_INTEGER:
		errno = 0;
		n = strtoll(text, &end, 10);
		if (len == 0 || *end != '\0' || errno != 0)
			rc = config_error(p, "\"%s\" is not an integer", text);
		else if (k->min < k->max && (n < k->min || n > k->max))
			rc = config_error(p, "%s must be between %lld and %lld, "
			    "not %lld", k->name, (long long)k->min,
			    (long long)k->max, n);
		else
			v->number = n;
		break;
	case CONFIG_DURATION:
		if (tstamp_parse_duration(text, &v->number) == -1)
			rc = config_error(p, "\"%s\" is not a duration; use a "
			    "number with s, m, h, d or w, such as 90d", text);
		break;
	case CONFIG_BOOLEAN:
		rc = config_set_boolean(p, v, text);
		break;
	case CONFIG_LIST:
		break;
	}
	free(text);
	return rc;
}

/* Describe the keys of a section for an error message. */
static char *
config_section_keys(const struct config *cfg, const char *section,
    size_t slen)
{
	struct strbuf	 sb;
	size_t		 i;

	strbuf_init(&sb);
	for (i = 0; i < cfg->nkeys; i++) {
		if (strlen(cfg->keys[i].section) != slen ||
		    strncmp(cfg->keys[i].section, section, slen) != 0)
			continue;
		if (sb.len > 0)
			strbuf_addstr(&sb, ", ");
		strbuf_addstr(&sb, cfg->keys[i].name);
	}
	return strbuf_detach(&sb);
}

/* Parse a "[section]" line (s is trimmed). */
static int
config_section(struct config_parser *p, const char *s, size_t len)
{
	const struct config	*cfg = p->cfg;
	size_t			 i;

	if (len < 3 || s[len - 1] != ']')
		return config_error(p, "a section header is \"[name]\"");
	for (i = 0; i < cfg->nkeys; i++) {
		if (strlen(cfg->keys[i].section) == len - 2 &&
		    strncmp(cfg->keys[i].section, s + 1, len - 2) == 0)
			break;
	}
	if (i == cfg->nkeys)
		return config_error(p, "unknown section [%.*s]", (int)len - 2,
		    s + 1);
	p->section = cfg->keys[i].section;
	p->section_len = len - 2;
	return 0;
}

/* Parse a "key = value" line (s is trimmed). */
static int
config_assign(struct config_parser *p, const char *s, size_t len)
{
	const struct config_key	*keys = p->cfg->keys;
	const char		*eq = memchr(s, '=', len), *val;
	struct config_value	*v;
	size_t			 klen, vlen;
	char			*known;
	int			 i, rc;

	if (eq == NULL)
		return config_error(p, "expected \"key = value\" or "
		    "\"[section]\"");
	for (klen = (size_t)(eq - s); klen > 0 && isblank((unsigned char)
	    s[klen - 1]); klen--)
		;
	for (val = eq + 1; val < s + len && isblank((unsigned char)*val);
	    val++)
		;
	vlen = (size_t)(s + len - val);
	if (klen == 0)
		return config_error(p, "missing key before \"=\"");
	if (p->section == NULL)
		return config_error(p, "\"%.*s\" comes before any [section]",
		    (int)klen, s);
	if ((i = config_find(p->cfg, p->section, p->section_len, s,
	    klen)) == -1) {
		known = config_section_keys(p->cfg, p->section,
		    p->section_len);
		rc = config_error(p, "unknown key \"%.*s\" in [%s]; known "
		    "keys: %s", (int)klen, s, p->section, known);
		free(known);
		return rc;
	}
	v = &p->cfg->values[i];
	if (keys[i].type != CONFIG_LIST && v->line > 0)
		return config_error(p, "%s is already set on line %d",
		    keys[i].name, v->line);
	if (keys[i].type == CONFIG_LIST && v->line == 0)
		config_value_clear(v);	/* the file replaces the default */
	if (config_set(p, &keys[i], v, val, vlen) == -1)
		return -1;
	v->line = p->line;
	return 0;
}

int
config_parse(struct config *cfg, const char *file, const char *text,
    size_t len, char **errp)
{
	struct config_parser	 p;
	const char		*s = text, *end = text + len, *nl, *a, *b;

	memset(&p, 0, sizeof(p));
	p.cfg = cfg;
	p.file = file;
	p.errp = errp;
	if (memchr(text, '\0', len) != NULL) {
		p.line = 1;
		return config_error(&p, "the file holds a NUL byte; it is not "
		    "a text file");
	}
	for (; s < end; s = nl + 1) {
		p.line++;
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL)
			nl = end;
		for (a = s; a < nl && isspace((unsigned char)*a); a++)
			;
		for (b = nl; b > a && isspace((unsigned char)b[-1]); b--)
			;
		if (a == b || *a == '#')
			continue;
		if (*a == '[') {
			if (config_section(&p, a, (size_t)(b - a)) == -1)
				return -1;
		} else if (config_assign(&p, a, (size_t)(b - a)) == -1)
			return -1;
		if (nl == end)
			break;
	}
	return 0;
}

struct config *
config_create_keys(const struct config_key *keys, size_t n)
{
	struct config_parser	 p;
	struct config		*cfg = xcalloc(1, sizeof(*cfg));
	char			*err = NULL;
	size_t			 i;

	cfg->keys = keys;
	cfg->nkeys = n;
	cfg->values = xcalloc(n + 1, sizeof(*cfg->values));
	memset(&p, 0, sizeof(p));
	p.cfg = cfg;
	p.file = "default";
	p.errp = &err;
	for (i = 0; i < n; i++) {
		if (keys[i].def == NULL)
			continue;
		/* A default that does not parse is a mistake in the table. */
		if (config_set(&p, &keys[i], &cfg->values[i], keys[i].def,
		    strlen(keys[i].def)) == -1)
			assert(0 && "bad default in a configuration registry");
	}
	free(err);
	return cfg;
}

struct config *
config_create(void)
{
	return config_create_keys(config_registry, CONFIG_NKEYS);
}

/* The default file: $XDG_CONFIG_HOME/trustwalk/config, or NULL. */
static char *
config_default_path(void)
{
	const char	*xdg = getenv("XDG_CONFIG_HOME"), *home;

	if (xdg != NULL && *xdg == '/')
		return xasprintf("%s/trustwalk/config", xdg);
	home = getenv("HOME");
	if (home == NULL || *home != '/')
		return NULL;
	return xasprintf("%s/.config/trustwalk/config", home);
}

/* Read a whole file of at most CONFIG_MAX_SIZE bytes. */
static int
config_read(const char *path, struct strbuf *sb, int *missing, char **errp)
{
	struct stat	 st;
	char		 buf[8192];
	ssize_t		 n;
	int		 fd, rc = -1;

	*missing = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*missing = errno == ENOENT;
		*errp = xasprintf("%s: cannot read the configuration: %s",
		    path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		*errp = xasprintf("%s: the configuration is not a regular "
		    "file", path);
		goto out;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (sb->len + (size_t)n > CONFIG_MAX_SIZE) {
			*errp = xasprintf("%s: the configuration is larger "
			    "than %d bytes", path, CONFIG_MAX_SIZE);
			goto out;
		}
		strbuf_add(sb, buf, (size_t)n);
	}
	if (n == -1) {
		*errp = xasprintf("%s: cannot read the configuration: %s",
		    path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	close(fd);
	return rc;
}

int
config_load(const char *path, struct config **out, char **errp)
{
	return config_load_keys(path, config_registry, CONFIG_NKEYS, out,
	    errp);
}

int
config_load_keys(const char *path, const struct config_key *keys, size_t n,
    struct config **out, char **errp)
{
	struct config	*cfg = config_create_keys(keys, n);
	struct strbuf	 sb;
	char		*file, *err = NULL;
	int		 missing;

	*out = NULL;
	file = path != NULL ? xstrdup(path) : config_default_path();
	if (file == NULL) {
		*out = cfg;
		return 0;
	}
	strbuf_init(&sb);
	if (config_read(file, &sb, &missing, &err) == -1) {
		if (missing && path == NULL) {
			/* No file at the default place: defaults only. */
			free(err);
			goto done;
		}
		*errp = err;
		goto fail;
	}
	if (config_parse(cfg, file, sb.buf != NULL ? sb.buf : "", sb.len,
	    errp) == -1)
		goto fail;
	cfg->file = file;
	file = NULL;
done:
	free(file);
	strbuf_free(&sb);
	*out = cfg;
	return 0;

fail:
	free(file);
	strbuf_free(&sb);
	config_free(cfg);
	return -1;
}

const char *
config_file(const struct config *cfg)
{
	return cfg->file;
}

/* The value of a declared key of type t. */
static const struct config_value *
config_get(const struct config *cfg, const char *section, const char *name,
    enum config_type t)
{
	int	 i;

	i = config_find(cfg, section, strlen(section), name, strlen(name));
	assert(i >= 0 && "undeclared configuration key");
	assert(cfg->keys[i].type == t && "configuration key type");
	return &cfg->values[i];
}

int
config_line(const struct config *cfg, const char *section, const char *name)
{
	int	 i;

	i = config_find(cfg, section, strlen(section), name, strlen(name));
	assert(i >= 0 && "undeclared configuration key");
	return cfg->values[i].line;
}

const char *
config_string(const struct config *cfg, const char *section, const char *name)
{
	return config_get(cfg, section, name, CONFIG_STRING)->text;
}

const char *const *
config_list(const struct config *cfg, const char *section, const char *name,
    size_t *n)
{
	const struct config_value	*v;

	v = config_get(cfg, section, name, CONFIG_LIST);
	*n = v->nitems;
	return (const char *const *)v->items;
}

int64_t
config_integer(const struct config *cfg, const char *section,
    const char *name)
{
	return config_get(cfg, section, name, CONFIG_INTEGER)->number;
}

int64_t
config_duration(const struct config *cfg, const char *section,
    const char *name)
{
	return config_get(cfg, section, name, CONFIG_DURATION)->number;
}

int
config_boolean(const struct config *cfg, const char *section,
    const char *name)
{
	return (int)config_get(cfg, section, name, CONFIG_BOOLEAN)->number;
}
