/*
 * The folder of a fetch run and the files in it (see fetch_int.h).
 *
 * Saved pages are raw API responses and may hold secrets (a Secret's
 * data, a token pasted into a description), so the folder is created
 * with mode 0700 and every file with 0600. --save-dir must be a new or
 * empty folder that other users cannot open, so that no stale file is
 * imported with the fetched ones. Without it the files go to a private
 * temporary folder (mkdtemp(3) under $TMPDIR, else /tmp) that is
 * removed when the run ends. Files are opened relative to the folder's
 * descriptor, never through a symbolic link, and never over a file that
 * exists.
 */
#include "fetch_int.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jsonw.h"
#include "tstamp.h"
#include "xalloc.h"

void
fetch_sink_init(struct fetch_sink *s, struct fetch *f, const char *rel,
    const char *sep)
{
	memset(s, 0, sizeof(*s));
	s->f = f;
	s->rel = xstrdup(rel);
	s->fd = -1;
	s->sep = sep;
}

/*
 * Open the folder of a relative path, creating its folders (mode 0700)
 * as needed. Returns a descriptor, or -1 with errno set.
 */
static int
fetch_save_parent(int dirfd, const char *rel, const char **base)
{
	const char	*p = rel, *slash;
	char		*part;
	int		 fd, next;

	if ((fd = dup(dirfd)) == -1)
		return -1;
	while ((slash = strchr(p, '/')) != NULL) {
		part = xstrndup(p, (size_t)(slash - p));
		if (!fetch_safe_name(part) || (mkdirat(fd, part, 0700) == -1 &&
		    errno != EEXIST))
			next = -1;
		else
			next = openat(fd, part, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
		if (next == -1 && errno == 0)
			errno = EINVAL;
		free(part);
		close(fd);
		if ((fd = next) == -1)
			return -1;
		p = slash + 1;
	}
	*base = p;
	return fd;
}

/* Create the sink's file. */
static int
fetch_sink_open(struct fetch_sink *s, char **errp)
{
	const char	*base;
	int		 parent;

	errno = 0;
	if ((parent = fetch_save_parent(s->f->dirfd, s->rel, &base)) == -1 ||
	    (!fetch_safe_name(base) && strcmp(s->rel, FETCH_MANIFEST) != 0) ||
	    (s->fd = openat(parent, base, O_WRONLY | O_CREAT | O_EXCL |
	    O_NOFOLLOW | O_CLOEXEC, 0600)) == -1) {
		*errp = xasprintf("%s/%s: cannot create the file: %s",
		    s->f->dir, s->rel, errno != 0 ? strerror(errno) :
		    "not a valid name");
		if (parent != -1)
			close(parent);
		return -1;
	}
	close(parent);
	return 0;
}

int
fetch_sink_write(struct fetch_sink *s, const void *data, size_t len,
    char **errp)
{
	const char	*p = data;
	ssize_t		 n;

	if (s->fd == -1 && fetch_sink_open(s, errp) == -1)
		return -1;
	while (len > 0) {
		if ((n = write(s->fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			*errp = xasprintf("%s/%s: cannot write: %s", s->f->dir,
			    s->rel, strerror(errno));
			return -1;
		}
		p += n;
		len -= (size_t)n;
		s->len += (uint64_t)n;
	}
	return 0;
}

int
fetch_sink_page(struct fetch_sink *s, const void *page, size_t len,
    char **errp)
{
	if (s->pages > 0 && *s->sep != '\0' && fetch_sink_write(s, s->sep,
	    strlen(s->sep), errp) == -1)
		return -1;
	if (fetch_sink_write(s, page, len, errp) == -1)
		return -1;
	s->pages++;
	return 0;
}

int
fetch_sink_rewind(struct fetch_sink *s, uint64_t len, size_t pages,
    char **errp)
{
	if (s->fd != -1 && (ftruncate(s->fd, (off_t)len) == -1 ||
	    lseek(s->fd, (off_t)len, SEEK_SET) == -1)) {
		*errp = xasprintf("%s/%s: cannot cut the file back: %s",
		    s->f->dir, s->rel, strerror(errno));
		return -1;
	}
	s->len = len;
	s->pages = pages;
	return 0;
}

int
fetch_sink_close(struct fetch_sink *s, char **errp)
{
	int	 rc = 0;

	if (s->fd != -1 && close(s->fd) == -1 && errp != NULL) {
		*errp = xasprintf("%s/%s: cannot write: %s", s->f->dir, s->rel,
		    strerror(errno));
		rc = -1;
	}
	s->fd = -1;
	free(s->rel);
	s->rel = NULL;
	return rc;
}

int
fetch_save_file(struct fetch *f, const char *rel, const void *data,
    size_t len, char **errp)
{
	struct fetch_sink	 s;
	int			 rc;

	fetch_sink_init(&s, f, rel, "");
	rc = fetch_sink_write(&s, data, len, errp);
	if (fetch_sink_close(&s, rc == 0 ? errp : NULL) == -1)
		rc = -1;
	return rc;
}

/* 1 when the folder contains no entry but "." and "..". */
static int
fetch_save_empty(int fd)
{
	struct dirent	*de;
	DIR		*d;
	int		 empty = 1, dupfd;

	if ((dupfd = dup(fd)) == -1 || (d = fdopendir(dupfd)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			empty = 0;
	}
	closedir(d);
	return empty;
}

/* Open --save-dir: a new folder, or an empty one only its owner opens. */
static enum fetch_status
fetch_save_given(struct fetch *f, char **errp)
{
	struct stat	 st;
	const char	*dir = f->opts->save_dir;
	size_t		 len = strlen(dir);

	while (len > 1 && dir[len - 1] == '/')
		len--;
	f->dir = xstrndup(dir, len);
	if (mkdir(f->dir, 0700) == 0)
		f->made_dir = 1;
	else if (errno != EEXIST) {
		*errp = xasprintf("--save-dir %s: cannot create the folder: %s",
		    f->dir, strerror(errno));
		return FETCH_WRITE;
	}
	if ((f->dirfd = open(f->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1 || fstat(f->dirfd, &st) == -1) {
		*errp = xasprintf("--save-dir %s: not a folder that can be "
		    "opened: %s", f->dir, strerror(errno));
		return FETCH_USAGE;
	}
	if (!f->made_dir && (st.st_uid != geteuid() ||
	    (st.st_mode & 077) != 0)) {
		*errp = xasprintf("--save-dir %s: other users can open it (mode "
		    "%04o) or it is not yours; saved pages may hold secrets, "
		    "so give a new folder", f->dir,
		    (unsigned)(st.st_mode & 07777));
		return FETCH_USAGE;
	}
	if (!f->made_dir && !fetch_save_empty(f->dirfd)) {
		*errp = xasprintf("--save-dir %s: the folder is not empty; give "
		    "a new folder, so that no other file is imported with the "
		    "fetched ones", f->dir);
		return FETCH_USAGE;
	}
	return FETCH_DONE;
}

enum fetch_status
fetch_save_open(struct fetch *f, char **errp)
{
	const char	*tmp = getenv("TMPDIR");

	if (f->opts->save_dir != NULL)
		return fetch_save_given(f, errp);
	if (tmp == NULL || *tmp != '/')
		tmp = "/tmp";
	f->dir = xasprintf("%s/trustwalk-fetch-XXXXXX", tmp);
	if (mkdtemp(f->dir) == NULL) {
		*errp = xasprintf("%s: cannot create a temporary folder: %s",
		    f->dir, strerror(errno));
		return FETCH_WRITE;
	}
	f->temporary = 1;
	if ((f->dirfd = open(f->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1) {
		*errp = xasprintf("%s: cannot open the temporary folder: %s",
		    f->dir, strerror(errno));
		return FETCH_WRITE;
	}
	return FETCH_DONE;
}

/* The part of an input path after the run's folder: "." or a name. */
static const char *
fetch_save_rel(const struct fetch *f, const char *path)
{
	size_t	 len = strlen(f->dir);

	if (strncmp(path, f->dir, len) == 0 && path[len] == '/')
		return path + len + 1;
	return ".";
}

/* The target of the run for the manifest, with URLs redacted. */
char *
fetch_save_target(const struct fetch *f)
{
	const struct fetch_options	*o = f->opts;

	if (o->org != NULL)
		return xstrdup(o->org);
	if (o->tenant != NULL)
		return xstrdup(o->tenant);
	if (o->dir != NULL)
		return xstrdup(o->dir);
	if (o->server != NULL)
		return fetch_http_redact(o->server);
	if (o->url != NULL)
		return fetch_http_redact(o->url);
	return xstrdup("");
}

/* Write one missing entry. */
static void
fetch_save_missing(struct jsonw *w, const struct fetch_missing *m)
{
	jsonw_object_begin(w);
	jsonw_key(w, "input");
	jsonw_str(w, m->input);
	jsonw_key(w, "endpoint");
	jsonw_str(w, m->endpoint);
	jsonw_key(w, "file");
	jsonw_str(w, m->file);
	jsonw_key(w, "status");
	if (m->status > 0)
		jsonw_int(w, m->status);
	else
		jsonw_null(w);
	jsonw_key(w, "message");
	jsonw_str(w, m->message);
	jsonw_object_end(w);
}

int
fetch_save_manifest(struct fetch *f, char **errp)
{
	struct strbuf	 sb;
	struct jsonw	 w;
	char		 t[TSTAMP_BUFSZ], *target, *base;
	size_t		 i;
	int		 rc;

	strbuf_init(&sb);
	jsonw_init(&w, &sb, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "trustwalk_fetch");
	jsonw_int(&w, 1);
	jsonw_key(&w, "source");
	jsonw_str(&w, f->src->name);
	jsonw_key(&w, "target");
	target = fetch_save_target(f);
	jsonw_str(&w, target);
	free(target);
	jsonw_key(&w, "base");
	base = f->base != NULL ? fetch_http_redact(f->base) : NULL;
	jsonw_str(&w, base);
	free(base);
	jsonw_key(&w, "fetched_at");
	jsonw_str(&w, tstamp_format(f->opts->now, t));
	jsonw_key(&w, "requests");
	jsonw_int(&w, (int64_t)f->requests);
	jsonw_key(&w, "items");
	jsonw_int(&w, (int64_t)f->items);
	jsonw_key(&w, "bytes");
	jsonw_int(&w, (int64_t)f->bytes);
	jsonw_key(&w, "inputs");
	jsonw_array_begin(&w);
	for (i = 0; i < f->ninputs; i++)
		jsonw_str(&w, fetch_save_rel(f, f->inputs[i]));
	jsonw_array_end(&w);
	jsonw_key(&w, "missing");
	jsonw_array_begin(&w);
	for (i = 0; i < f->nmissing; i++)
		fetch_save_missing(&w, &f->missing[i]);
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	strbuf_addch(&sb, '\n');
	rc = fetch_save_file(f, FETCH_MANIFEST, sb.buf, sb.len, errp);
	strbuf_free(&sb);
	return rc;
}

/* Remove everything under the folder open at fd. */
static void
fetch_save_clear(int fd)
{
	struct dirent	*de;
	DIR		*d;
	int		 sub, dupfd;

	if ((dupfd = dup(fd)) == -1 || (d = fdopendir(dupfd)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (unlinkat(fd, de->d_name, 0) == 0 || errno != EISDIR)
			continue;
		if ((sub = openat(fd, de->d_name, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC)) == -1)
			continue;
		fetch_save_clear(sub);
		close(sub);
		unlinkat(fd, de->d_name, AT_REMOVEDIR);
	}
	closedir(d);
}

void
fetch_save_remove(struct fetch *f)
{
	int	 fd;

	if (f->dir == NULL)
		return;
	if ((fd = open(f->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) != -1) {
		fetch_save_clear(fd);
		close(fd);
	}
	rmdir(f->dir);
}
