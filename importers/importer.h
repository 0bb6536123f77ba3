/*
 * The registry of importers. Each input format is one file in
 * importers/ that exports a struct importer; importer.c lists them.
 *
 * An importer passes every record through redact_record() (or each field
 * through redact_text()) before it reads it, so that no secret is
 * stored. It gets a fuzz target with one line in the Makefile,
 * "FUZZ_IMPORTERS += NAME", seeded from tests/fixtures/NAME, and keeps
 * its bad inputs in tests/bad/NAME/ with one line each in
 * tests/bad/EXPECTED (see docs/security.md).
 */
#ifndef IMPORTER_H
#define IMPORTER_H

#include <stddef.h>

struct import;
struct input;

struct importer {
	const char	*name;		/* --format value, e.g. "opengraph" */
	const char	*summary;	/* one line for "trustwalk formats" */
	/*
	 * How sure the importer is that it reads this input, from 0 (not
	 * at all) to 100. Must only look, cheaply. NULL for formats that
	 * only come as folders.
	 */
	int		(*sniff)(const struct input *);
	/*
	 * For formats that come as a folder of files: how sure the importer
	 * is that it reads the folder at path as one snapshot, from 0 to
	 * 100. NULL for formats of single files.
	 */
	int		(*sniff_dir)(const char *path);
	/*
	 * Read the input and emit nodes and edges through the import. For
	 * a folder, in->folder is set, in->path names the folder and
	 * in->data is its manifest (see folder.h). Returns 0 (records
	 * may have been skipped with warnings) or -1 when the input is
	 * rejected, with *errp naming the file, the position and what to
	 * do.
	 */
	int		(*run)(struct import *, const struct input *,
			    char **errp);
};

extern const struct importer importer_opengraph;
extern const struct importer importer_aws_authz;
extern const struct importer importer_aws_credreport;
extern const struct importer importer_k8s;
extern const struct importer importer_gcp;
extern const struct importer importer_github_rest;
extern const struct importer importer_entra;
extern const struct importer importer_roadrecon;
extern const struct importer importer_cloudtrail;
extern const struct importer importer_aws_unused;
extern const struct importer importer_k8s_audit;
extern const struct importer importer_github_audit;
extern const struct importer importer_entra_signin;

/* All importers, in the order "trustwalk formats" lists them. */
const struct importer *const *importer_list(size_t *n);

/* The importer named name, or NULL. */
const struct importer *importer_find(const char *name);

/*
 * The importer most sure it reads the input, or NULL when none scores
 * above zero.
 */
const struct importer *importer_sniff(const struct input *);

/*
 * The importer of folders most sure it reads the folder at path as one
 * snapshot, or NULL when none scores above zero.
 */
const struct importer *importer_sniff_dir(const char *path);

#endif
