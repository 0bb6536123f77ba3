/*
 * Listing folder inputs and their manifests (see folder.h).
 */
#include "folder.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "input.h"
#include "strbuf.h"
#include "xalloc.h"

static int
folder_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
folder_rel_cmp(const void *a, const void *b)
{
	return strcmp(((const struct folder_file *)a)->rel,
	    ((const struct folder_file *)b)->rel);
}

static void
folder_add(struct folder_list *l, const char *path, const char *rel)
{
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 16 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n].path = xstrdup(path);
	l->v[l->n].rel = xstrdup(rel);
	l->n++;
}

/* Add the files under dir (relative prefix rel, "" at the top). */
static int
folder_walk(struct folder_list *l, const char *dir, const char *rel,
    int depth, char **errp)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		**names = NULL, *path, *sub;
	size_t		 n = 0, cap = 0, i;
	int		 rc = 0;

	if (depth > FOLDER_MAX_DEPTH) {
		*errp = xasprintf("%s: folders nested more than %d deep", dir,
		    FOLDER_MAX_DEPTH);
		return -1;
	}
	if ((d = opendir(dir)) == NULL) {
		*errp = xasprintf("%s: cannot read folder: %s", dir,
		    strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			names = xreallocarray(names, cap, sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), folder_name_cmp);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		sub = *rel != '\0' ? xasprintf("%s/%s", rel, names[i]) :
		    xstrdup(names[i]);
		if (rc == 0 && stat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				rc = folder_walk(l, path, sub, depth + 1, errp);
			else if (S_ISREG(st.st_mode))
				folder_add(l, path, sub);
		}
		free(sub);
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

int
folder_list(const char *dir, struct folder_list *out, char **errp)
{
	memset(out, 0, sizeof(*out));
	if (folder_walk(out, dir, "", 0, errp) == -1) {
		folder_list_free(out);
		return -1;
	}
	/* Names sort per folder; the whole list sorts by relative path. */
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), folder_rel_cmp);
	return 0;
}

void
folder_list_free(struct folder_list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].rel);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

char *
folder_manifest(const struct folder_list *l, size_t *len, char **errp)
{
	struct strbuf	 sb;
	struct input	*in;
	char		 hex[DIGEST_HEX_BUFSZ];
	size_t		 i;

	strbuf_init(&sb);
	for (i = 0; i < l->n; i++) {
		if (input_open(l->v[i].path, INPUT_MAX_SIZE, &in, errp) == -1) {
			strbuf_free(&sb);
			return NULL;
		}
		digest_sha256_hex(in->data, in->len, hex);
		input_close(in);
		strbuf_addf(&sb, "%s  %s\n", hex, l->v[i].rel);
	}
	*len = sb.len;
	return strbuf_detach(&sb);
}

const char *
folder_base(const char *rel)
{
	const char	*slash = strrchr(rel, '/');

	return slash != NULL ? slash + 1 : rel;
}

char *
folder_record_path(const char *rel, size_t page, size_t npages,
    const char *path)
{
	struct strbuf	 sb;

	strbuf_init(&sb);
	if (rel != NULL)
		strbuf_addstr(&sb, rel);
	if (npages > 1)
		strbuf_addf(&sb, "%spage %zu", sb.len > 0 ? " " : "",
		    page + 1);
	if (path != NULL && *path != '\0')
		strbuf_addf(&sb, "%s%s", sb.len > 0 ? " " : "", path);
	return strbuf_detach(&sb);
}
