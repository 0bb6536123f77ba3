/*
 * The list of importers and format sniffing (see importer.h).
 */
#include "importer.h"

#include <string.h>

#include "input.h"

static const struct importer *const importer_all[] = {
	&importer_opengraph,
	&importer_aws_authz,
	&importer_aws_credreport,
	&importer_k8s,
	&importer_gcp,
	&importer_github_rest,
	&importer_entra,
	&importer_roadrecon,
	&importer_cloudtrail,
	&importer_aws_unused,
	&importer_k8s_audit,
	&importer_github_audit,
	&importer_entra_signin,
};

const struct importer *const *
importer_list(size_t *n)
{
	*n = sizeof(importer_all) / sizeof(importer_all[0]);
	return importer_all;
}

const struct importer *
importer_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(importer_all) / sizeof(importer_all[0]); i++) {
		if (strcmp(importer_all[i]->name, name) == 0)
			return importer_all[i];
	}
	return NULL;
}

const struct importer *
importer_sniff(const struct input *in)
{
	const struct importer	*best = NULL;
	size_t			 i;
	int			 score, top = 0;

	for (i = 0; i < sizeof(importer_all) / sizeof(importer_all[0]); i++) {
		if (importer_all[i]->sniff == NULL)
			continue;
		score = importer_all[i]->sniff(in);
		if (score > top) {
			top = score;
			best = importer_all[i];
		}
	}
	return best;
}

const struct importer *
importer_sniff_dir(const char *path)
{
	const struct importer	*best = NULL;
	size_t			 i;
	int			 score, top = 0;

	for (i = 0; i < sizeof(importer_all) / sizeof(importer_all[0]); i++) {
		if (importer_all[i]->sniff_dir == NULL)
			continue;
		score = importer_all[i]->sniff_dir(path);
		if (score > top) {
			top = score;
			best = importer_all[i];
		}
	}
	return best;
}
