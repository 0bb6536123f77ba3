/*
 * Reading the manifest a fetch leaves in its folder (FETCH_MANIFEST in
 * fetch.h), so that an import of the folder, right after the fetch or
 * later offline, marks what the fetch could not read.
 */
#ifndef FETCH_MANIFEST_H
#define FETCH_MANIFEST_H

struct import;
struct input;

/* Largest manifest read. */
#define FETCH_MANIFEST_MAX	(16u << 20)

/*
 * Add one warning to the import for each entry of the manifest beside
 * the input that belongs to it: the entries of input "." for a folder,
 * those naming the file for a file in the manifest's folder. Nothing
 * happens when there is no manifest; a manifest that cannot be read is
 * one warning. Returns 0, or -1 when import_warn() failed (the store,
 * or --strict) with *errp set.
 */
int	 fetch_manifest_warn(struct import *, const struct input *,
	    char **errp);

#endif
