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
	 * at all) to 100. Must only look, cheaply.
	 */
	int		(*sniff)(const struct input *);
	/*
	 * Read the input and emit nodes and edges through the import.
	 * Returns 0 (records may have been skipped with warnings) or -1
	 * when the input is rejected, with *errp naming the file, the
	 * position and what to do.
	 */
	int		(*run)(struct import *, const struct input *,
			    char **errp);
};

extern const struct importer importer_opengraph;

/* All importers, in the order "trustwalk formats" lists them. */
const struct importer *const *importer_list(size_t *n);

/* The importer named name, or NULL. */
const struct importer *importer_find(const char *name);

/*
 * The importer most sure it reads the input, or NULL when none scores
 * above zero.
 */
const struct importer *importer_sniff(const struct input *);

#endif
