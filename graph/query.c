/*
 * Filter matching (see query.h).
 */
#include "query.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model.h"

#define QUERY_WORD_MAX	256

/* 1 when word occurs in any of the texts of node v or in extra. */
static int
query_word(const struct model *m, size_t v, const char *word,
    const char *const *extra, size_t nextra)
{
	size_t	 i;

	if (strcasestr(m->name[v], word) != NULL ||
	    strcasestr(m->key[v], word) != NULL ||
	    strcasestr(kind_node_name(m->kind[v]), word) != NULL ||
	    strcasestr(model_label(m, m->kinds[v]), word) != NULL ||
	    strcasestr(model_label(m, m->source[v]), word) != NULL)
		return 1;
	for (i = 0; i < nextra; i++) {
		if (extra[i] != NULL && strcasestr(extra[i], word) != NULL)
			return 1;
	}
	return 0;
}

int
query_match(const struct model *m, size_t v, const char *filter,
    const char *const *extra, size_t nextra)
{
	char	 word[QUERY_WORD_MAX];
	size_t	 len;

	while (*filter != '\0') {
		while (*filter == ' ')
			filter++;
		len = strcspn(filter, " ");
		if (len == 0)
			break;
		if (len >= sizeof(word))
			len = sizeof(word) - 1;
		memcpy(word, filter, len);
		word[len] = '\0';
		filter += strcspn(filter, " ");
		if (!query_word(m, v, word, extra, nextra))
			return 0;
	}
	return 1;
}

static int
query_cmp(const void *a, const void *b, void *ctx)
{
	const struct model	*m = ctx;
	uint32_t		 x = *(const uint32_t *)a;
	uint32_t		 y = *(const uint32_t *)b;
	int			 c;

	if (m->kind[x] != m->kind[y])
		return m->kind[x] < m->kind[y] ? -1 : 1;
	if ((c = strcasecmp(m->name[x], m->name[y])) != 0)
		return c;
	return strcmp(m->key[x], m->key[y]);
}

void
query_sort(const struct model *m, uint32_t *ids, size_t n)
{
	/* Every node once: the model may keep them in this order already. */
	if (n == m->nnodes && m->order != NULL) {
		memcpy(ids, m->order, n * sizeof(*ids));
		return;
	}
	qsort_r(ids, n, sizeof(*ids), query_cmp, (void *)m);
}
