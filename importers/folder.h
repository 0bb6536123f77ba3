/*
 * Folders as inputs. Some exports are a folder of files, one per API
 * endpoint and page (a GitHub organisation, an Entra tenant, a GCP
 * project), and one folder is one snapshot. This module lists the files
 * of such a folder in a stable order and builds its manifest, the text
 * whose SHA-256 stands for the folder in the snapshot row.
 */
#ifndef FOLDER_H
#define FOLDER_H

#include <stddef.h>

/* Deepest folder nesting walked. */
#define FOLDER_MAX_DEPTH	16

struct folder_file {
	char	*path;		/* as opened: the folder path, '/', rel */
	char	*rel;		/* relative to the folder, '/'-separated */
};

struct folder_list {
	struct folder_file	*v;
	size_t			 n;
	size_t			 cap;
};

/*
 * List the regular files under dir, recursively and sorted by relative
 * path (byte order), skipping names that start with '.'. Returns 0, or
 * -1 with *errp set when a folder cannot be read or nests too deep.
 */
int	 folder_list(const char *dir, struct folder_list *out, char **errp);
void	 folder_list_free(struct folder_list *);

/*
 * Build the manifest of the files: one line "SHA256  REL" per file, in
 * list order. Returns an allocated text (its length in *len), or NULL
 * with *errp set when a file cannot be read or is over the input limit.
 */
char	*folder_manifest(const struct folder_list *, size_t *len,
	    char **errp);

/*
 * The location of a record for a warning: the file (rel, or nothing for
 * a single-file import), its page when the file has several, and the
 * record's JSON path: "members.json page 2 [0]". Returns an allocated
 * string.
 */
char	*folder_record_path(const char *rel, size_t page, size_t npages,
	    const char *path);

/* The last part of a relative path ("repos/api/keys.json" -> "keys.json"). */
const char *folder_base(const char *rel);

#endif
