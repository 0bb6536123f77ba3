/*
 * Themes (see theme.h). A theme is searched in
 * $XDG_CONFIG_HOME/trustwalk/themes, then $TRUSTWALK_THEMES, then among
 * the built-in themes compiled from themes/ (theme_text.h), then in the
 * themes folder beside the executable, in the installed one (TW_DATADIR,
 * set by the Makefile from PREFIX) and in /usr/share/trustwalk/themes.
 * So a user's file of a built-in name replaces it, and a copy of the
 * binary anywhere has the built-in ones.
 */
#include "theme.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kind.h"
#include "strbuf.h"
#include "theme_text.h"
#include "xalloc.h"

#ifndef TW_DATADIR
#define TW_DATADIR	"/usr/local/share/trustwalk"
#endif


static const char *const theme_style_names[THEME_STYLE_COUNT] = {
	"normal", "header", "status", "selected", "dim", "title", "escape",
	"edge", "missing", "error", "prompt", "match",
	"kind.human", "kind.team", "kind.service_account", "kind.role",
	"kind.group", "kind.credential", "kind.workload", "kind.oauth_app",
	"kind.system", "kind.policy", "kind.privilege", "kind.other",
};

static const char *const theme_color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};

/* The nearest of the 16 basic colours to a colour of the 256 palette. */
static int
theme_color_256_to_16(int c)
{
	/* The xterm defaults of the basic colours, and the cube levels. */
	static const unsigned char	 basic[16][3] = {
		{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
		{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 },
		{ 229, 229, 229 }, { 127, 127, 127 }, { 255, 0, 0 },
		{ 0, 255, 0 }, { 255, 255, 0 }, { 92, 92, 255 },
		{ 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 }
	};
	static const int		 level[6] = {
		0, 95, 135, 175, 215, 255
	};
	int				 rgb[3], i, k, best = 0;
	long				 d, bestd = -1;

	if (c < 16)
		return c;
	if (c >= 232) {
		rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (c - 232);
	} else {
		rgb[0] = level[(c - 16) / 36];
		rgb[1] = level[(c - 16) / 6 % 6];
		rgb[2] = level[(c - 16) % 6];
	}
	for (i = 0; i < 16; i++) {
		for (d = 0, k = 0; k < 3; k++)
			d += (long)(rgb[k] - basic[i][k]) *
			    (rgb[k] - basic[i][k]);
		if (bestd < 0 || d < bestd) {
			bestd = d;
			best = i;
		}
	}
	return best;
}

int
theme_fit_color(int c, int ncolors, int *bold)
{
	if (c < 0)
		return -1;
	if (c < ncolors)
		return c;
	c = theme_color_256_to_16(c);
	if (c < ncolors)
		return c;
	*bold = 1;
	return c - 8;
}

int
theme_kind_style(int kind)
{
	if (kind < 0 || kind >= KIND_NODE_COUNT)
		return THEME_NORMAL;
	return THEME_KIND_HUMAN + kind;
}

void
theme_builtin(struct theme *t)
{
	int	 i;

	free(t->name);
	t->name = xstrdup("builtin");
	for (i = 0; i < THEME_STYLE_COUNT; i++) {
		t->style[i].fg = THEME_DEFAULT_COLOR;
		t->style[i].bg = THEME_DEFAULT_COLOR;
		t->style[i].attrs = 0;
	}
	t->style[THEME_HEADER].attrs = THEME_REVERSE;
	t->style[THEME_STATUS].attrs = THEME_REVERSE;
	t->style[THEME_SELECTED].attrs = THEME_REVERSE | THEME_BOLD;
	t->style[THEME_TITLE].attrs = THEME_BOLD;
	t->style[THEME_ESCAPE].attrs = THEME_UNDERLINE;
	t->style[THEME_ERROR].attrs = THEME_BOLD;
	t->style[THEME_PROMPT].attrs = THEME_BOLD;
	t->style[THEME_DIM].attrs = THEME_DIM_ATTR;
	t->style[THEME_MISSING].attrs = THEME_DIM_ATTR;
	t->style[THEME_MATCH].attrs = THEME_UNDERLINE;
}

void
theme_free(struct theme *t)
{
	free(t->name);
	t->name = NULL;
}

/* Parse one colour word; returns -2 when it is not a colour. */
static int
theme_color(const char *w)
{
	char	*end;
	long	 n;
	int	 bright = 0;
	size_t	 i;

	if (strcmp(w, "default") == 0)
		return THEME_DEFAULT_COLOR;
	if (strncmp(w, "bright-", 7) == 0) {
		bright = 8;
		w += 7;
	}
	for (i = 0; i < 8; i++) {
		if (strcmp(w, theme_color_names[i]) == 0)
			return (int)i + bright;
	}
	if (bright || !isdigit((unsigned char)*w))
		return -2;
	n = strtol(w, &end, 10);
	if (*end != '\0' || n < 0 || n > 255)
		return -2;
	return (int)n;
}

static int
theme_attr(const char *w)
{
	if (strcmp(w, "bold") == 0)
		return THEME_BOLD;
	if (strcmp(w, "dim") == 0)
		return THEME_DIM_ATTR;
	if (strcmp(w, "underline") == 0)
		return THEME_UNDERLINE;
	if (strcmp(w, "reverse") == 0)
		return THEME_REVERSE;
	return -1;
}

/* Parse "name = fg bg attrs..." into the theme; -1 with *why set. */
static int
theme_line(struct theme *t, char *line, const char **why)
{
	struct theme_entry	 e;
	char			*eq, *name, *w, *save = NULL;
	int			 i, style = -1, n = 0, a;

	eq = strchr(line, '=');
	if (eq == NULL) {
		*why = "expected \"style = fg bg [attributes]\"";
		return -1;
	}
	*eq = '\0';
	name = strtok_r(line, " \t", &save);
	for (i = 0; name != NULL && i < THEME_STYLE_COUNT; i++) {
		if (strcmp(name, theme_style_names[i]) == 0)
			style = i;
	}
	if (style == -1) {
		*why = "unknown style name";
		return -1;
	}
	e.fg = e.bg = THEME_DEFAULT_COLOR;
	e.attrs = 0;
	save = NULL;
	for (w = strtok_r(eq + 1, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save), n++) {
		if (n == 0 && (e.fg = theme_color(w)) == -2) {
			*why = "invalid foreground colour";
			return -1;
		}
		if (n == 1 && (e.bg = theme_color(w)) == -2) {
			*why = "invalid background colour";
			return -1;
		}
		if (n >= 2) {
			if ((a = theme_attr(w)) == -1) {
				*why = "unknown attribute (bold, dim, "
				    "underline, reverse)";
				return -1;
			}
			e.attrs |= a;
		}
	}
	if (n < 2) {
		*why = "give a foreground and a background colour";
		return -1;
	}
	t->style[style] = e;
	return 0;
}

int
theme_parse(struct theme *t, const char *text, const char *file,
    char **errp)
{
	const char	*p = text, *nl, *why = NULL;
	char		*line, *hash, *s;
	int		 lineno = 0, rc = 0;

	theme_builtin(t);
	while (*p != '\0' && rc == 0) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		line = xstrndup(p, (size_t)(nl - p));
		lineno++;
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		for (s = line; isspace((unsigned char)*s); s++)
			;
		if (*s != '\0' && theme_line(t, s, &why) == -1) {
			*errp = xasprintf("%s: line %d: %s", file, lineno, why);
			rc = -1;
		}
		free(line);
		p = *nl != '\0' ? nl + 1 : nl;
	}
	return rc;
}

char **
theme_dirs(int *nuser)
{
	char	**dirs, exe[PATH_MAX], *slash;
	const char *env;
	ssize_t	 n;
	int	 i = 0;

	dirs = xcalloc(8, sizeof(*dirs));
	env = getenv("XDG_CONFIG_HOME");
	if (env != NULL && *env == '/')
		dirs[i++] = xasprintf("%s/trustwalk/themes", env);
	else if ((env = getenv("HOME")) != NULL && *env == '/')
		dirs[i++] = xasprintf("%s/.config/trustwalk/themes", env);
	env = getenv("TRUSTWALK_THEMES");
	if (env != NULL && *env != '\0')
		dirs[i++] = xstrdup(env);
	*nuser = i;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			dirs[i++] = xasprintf("%s/themes", exe);
			/* A binary in a build folder of the source tree. */
			dirs[i++] = xasprintf("%s/../themes", exe);
		}
	}
	dirs[i++] = xstrdup(TW_DATADIR "/themes");
	dirs[i++] = xstrdup("/usr/share/trustwalk/themes");
	return dirs;
}

/* The text of built-in theme name, or NULL. */
static const char *
theme_builtin_text(const char *name)
{
	const struct theme_text	*tt;

	for (tt = theme_texts; tt->name != NULL; tt++) {
		if (strcmp(tt->name, name) == 0)
			return tt->text;
	}
	return NULL;
}

/* Read a whole small file; NULL when it cannot be read. */
static char *
theme_read(const char *path)
{
	struct strbuf	 sb;
	FILE		*fp;
	char		 buf[4096];
	size_t		 n;

	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	strbuf_init(&sb);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0 && sb.len < 65536)
		strbuf_add(&sb, buf, n);
	fclose(fp);
	return strbuf_detach(&sb);
}

int
theme_load(struct theme *t, const char *name, char **errp)
{
	char		**dirs, *path = NULL, *text = NULL;
	const char	*builtin;
	int		 i, nuser, rc = -1;

	if (strchr(name, '/') != NULL || name[0] == '.' || name[0] == '\0') {
		*errp = xasprintf("invalid theme name \"%s\"", name);
		return -1;
	}
	dirs = theme_dirs(&nuser);
	for (i = 0; dirs[i] != NULL && text == NULL; i++) {
		if (i == nuser && (builtin = theme_builtin_text(name)) !=
		    NULL) {
			free(path);
			path = xasprintf("built-in theme %s", name);
			text = xstrdup(builtin);
			break;
		}
		free(path);
		path = xasprintf("%s/%s.theme", dirs[i], name);
		text = theme_read(path);
	}
	if (text == NULL)
		*errp = xasprintf("theme \"%s\" not found: not built in and "
		    "not in the themes folders; using the built-in monochrome "
		    "one", name);
	else if ((rc = theme_parse(t, text, path, errp)) == 0) {
		free(t->name);
		t->name = xstrdup(name);
	}
	for (i = 0; dirs[i] != NULL; i++)
		free(dirs[i]);
	free(dirs);
	free(path);
	free(text);
	return rc;
}
