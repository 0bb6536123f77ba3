/*
 * Records kept by one scan for a later pass (see json_stream_index() in
 * json.h). An importer that needs two passes checks the whole document
 * in its first, before it reads any record. Keeping the records of that
 * pass saves scanning the document again in the second.
 *
 * The index stays small. The elements of one array form a run, kept as
 * where its first element starts, its route and the path above its
 * elements, and each record as its length in 4 bytes. Only a record that
 * needs more than its text gets an entry of its own: one with a problem,
 * an escape or a long integer, and one whose path is too deep to be
 * built from its run's. The second pass steps from element to element of
 * each run, relying on the first having accepted the document: between
 * two elements there is only white space and a comma.
 */
#include "json_int.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* The kept elements of one array, or one kept record that is not. */
struct json_run {
	size_t		 start;		/* offset of its first record */
	size_t		 count;
	size_t		 first;		/* array index of its first record */
	size_t		 route;		/* number of the route */
	int		 array;		/* records are array elements */
	char		*prefix;	/* path above them, or the path */
};

/* The facts a kept record needs besides its text. */
struct json_kept {
	size_t		 ordinal;	/* kept records before it */
	char		*problem;	/* or NULL */
	char		*path;		/* a deep path, or NULL */
	int		 escaped;
	size_t		*longnums;	/* offset, length pairs */
	size_t		 nlongnums;
};

struct json_index {
	const char		*buf;
	size_t			 len;
	char			*name;
	size_t			 nroutes;
	struct json_run		*runs;
	size_t			 nruns;
	size_t			 capruns;
	struct json_kept	*kept;
	size_t			 nkept;
	size_t			 capkept;
	uint32_t		*lens;	/* of each record */
	size_t			 records;
	size_t			 caprecords;
};

struct json_index *
json_index_create(const char *buf, size_t len, const char *name,
    size_t nroutes)
{
	struct json_index	*ix = xcalloc(1, sizeof *ix);

	ix->buf = buf;
	ix->len = len;
	ix->name = xstrdup(name);
	ix->nroutes = nroutes;
	return ix;
}

void
json_index_free(struct json_index *ix)
{
	size_t	 i;

	if (ix == NULL)
		return;
	for (i = 0; i < ix->nruns; i++)
		free(ix->runs[i].prefix);
	for (i = 0; i < ix->nkept; i++) {
		free(ix->kept[i].problem);
		free(ix->kept[i].path);
		free(ix->kept[i].longnums);
	}
	free(ix->runs);
	free(ix->kept);
	free(ix->lens);
	free(ix->name);
	free(ix);
}

/* Start a run with the record that ends now. */
static struct json_run *
json_index_run(struct json_scan *s, const char *path, int array, int deep)
{
	struct json_index	*ix = s->index;
	struct json_run		*run;

	if (ix->nruns == ix->capruns) {
		ix->capruns = ix->capruns == 0 ? 8 : ix->capruns * 2;
		ix->runs = xreallocarray(ix->runs, ix->capruns,
		    sizeof *ix->runs);
	}
	run = &ix->runs[ix->nruns++];
	run->start = s->rec_start;
	run->count = 0;
	run->route = (size_t)(s->route - s->patterns);
	run->array = array;
	run->first = array ? s->frames[s->nframes - 1].index : 0;
	/* json_record_path() built path from the steps above it. */
	run->prefix = array && !deep ? xstrndup(path, s->path_len) :
	    xstrdup(path);
	s->run_frames = array ? s->nframes : JSON_NONE;
	return run;
}

/* Note what the record that ends now needs besides its text. */
static void
json_index_extra(struct json_scan *s, const char *path, int deep)
{
	struct json_index	*ix = s->index;
	struct json_kept	*k;

	if (ix->nkept == ix->capkept) {
		ix->capkept = ix->capkept == 0 ? 16 : ix->capkept * 2;
		ix->kept = xreallocarray(ix->kept, ix->capkept,
		    sizeof *ix->kept);
	}
	k = &ix->kept[ix->nkept++];
	memset(k, 0, sizeof *k);
	k->ordinal = ix->records;
	if (s->has_problem)
		k->problem = xstrdup(s->problem.buf);
	if (deep)
		k->path = xstrdup(path);
	k->escaped = s->rec_escaped;
	if (s->nlongnums > 0) {
		k->longnums = xreallocarray(NULL, s->nlongnums,
		    sizeof *k->longnums);
		memcpy(k->longnums, s->longnums, s->nlongnums *
		    sizeof *k->longnums);
		k->nlongnums = s->nlongnums;
	}
}

void
json_index_keep(struct json_scan *s, const char *path)
{
	struct json_index	*ix = s->index;
	struct json_run		*run;
	size_t			 n = s->nframes;
	size_t			 len = s->rec_end - s->rec_start;
	int			 array, deep;

	array = n > 0 && !s->frames[n - 1].is_object;
	deep = n > JSON_PATH_HEAD + JSON_PATH_TAIL;
	if (!array || s->run_frames != n)
		run = json_index_run(s, path, array, deep);
	else
		run = &ix->runs[ix->nruns - 1];
	/* Every element of an array has the same route, so none is left out. */
	assert(!array || s->frames[n - 1].index == run->first + run->count);
	run->count++;
	if (s->has_problem || s->rec_escaped || s->nlongnums > 0 ||
	    (array && deep))
		json_index_extra(s, path, array && deep);

	if (ix->records == ix->caprecords) {
		ix->caprecords = ix->caprecords == 0 ? 1024 :
		    ix->caprecords * 2;
		ix->lens = xreallocarray(ix->lens, ix->caprecords,
		    sizeof *ix->lens);
	}
	/* json_stream_index() keeps max_record within JSON_INDEX_MAX. */
	assert(len <= JSON_INDEX_MAX);
	ix->lens[ix->records++] = (uint32_t)len;
}

/* The offset of the array element after the one that ends at pos. */
static size_t
json_index_next(const char *buf, size_t pos, size_t len)
{
	while (pos < len && (buf[pos] == ' ' || buf[pos] == '\t' ||
	    buf[pos] == '\n' || buf[pos] == '\r' || buf[pos] == ','))
		pos++;
	return pos;
}

/* Set up s to pass kept record k (or a plain one) at [start, end). */
static void
json_index_set(struct json_scan *s, const struct json_kept *k, size_t start,
    size_t end)
{
	s->rec_start = start;
	s->rec_end = end;
	s->has_problem = k != NULL && k->problem != NULL;
	if (s->has_problem) {
		strbuf_reset(&s->problem);
		strbuf_addstr(&s->problem, k->problem);
	}
	s->rec_escaped = k != NULL && k->escaped;
	s->nlongnums = 0;
	if (k != NULL && k->nlongnums > 0) {
		if (k->nlongnums > s->longnumcap) {
			s->longnumcap = k->nlongnums;
			s->longnums = xreallocarray(s->longnums,
			    s->longnumcap, sizeof *s->longnums);
		}
		memcpy(s->longnums, k->longnums, k->nlongnums *
		    sizeof *s->longnums);
		s->nlongnums = k->nlongnums;
	}
}

/*
 * Make the path of element index of a run in sb. When sb contains that
 * of the element before (*held), the number is counted up in place,
 * which costs less than writing it again.
 */
static const char *
json_index_path(struct strbuf *sb, const struct json_run *run, size_t index,
    size_t *held)
{
	size_t	 i;

	if (*held != JSON_NONE && *held + 1 == index) {
		for (i = sb->len - 1; i-- > 0 && sb->buf[i] == '9';)
			sb->buf[i] = '0';
		if (sb->buf[i] != '[') {
			sb->buf[i]++;
			*held = index;
			return sb->buf;
		}
	}
	strbuf_reset(sb);
	strbuf_addstr(sb, run->prefix);
	json_show_index(sb, index);
	*held = index;
	return sb->buf;
}

/* Pass the records of one run. Returns 0, or -1 when a callback stopped. */
static int
json_index_run_read(struct json_index *ix, struct json_scan *s,
    const struct json_run *run, size_t *ordinal, size_t *nextk)
{
	const struct json_kept	*k;
	const char		*path;
	size_t			 pos = run->start, end, i, held = JSON_NONE;

	for (i = 0; i < run->count; i++, (*ordinal)++, pos = end) {
		if (i > 0)
			pos = json_index_next(ix->buf, pos, ix->len);
		end = pos + ix->lens[*ordinal];
		k = NULL;
		if (*nextk < ix->nkept && ix->kept[*nextk].ordinal == *ordinal)
			k = &ix->kept[(*nextk)++];
		s->route = &s->patterns[run->route];
		if (s->route->fn == NULL)
			continue;

		if (k != NULL && k->path != NULL)
			path = k->path;
		else if (run->array)
			path = json_index_path(&s->path, run, run->first + i,
			    &held);
		else
			path = run->prefix;
		json_index_set(s, k, pos, end);
		s->shown_path = path;
		if (json_record_deliver(s, path) == -1)
			return -1;
	}
	return 0;
}

int
json_index_read(struct json_index *ix, const json_record_fn *fns,
    const json_text_fn *texts, void *ctx, char **errp)
{
	struct json_scan	 s;
	size_t			 i, ordinal = 0, nextk = 0;
	int			 rc = -1;

	json_scan_init(&s, ix->buf, ix->len, ix->name, NULL);
	s.ctx = ctx;
	s.patterns = xreallocarray(NULL, ix->nroutes + 1, sizeof *s.patterns);
	for (i = 0; i < ix->nroutes; i++) {
		memset(&s.patterns[i], 0, sizeof s.patterns[i]);
		s.patterns[i].fn = fns[i];
		s.patterns[i].text = texts != NULL ? texts[i] : NULL;
	}
	s.npatterns = ix->nroutes;

	for (i = 0; i < ix->nruns; i++) {
		if (json_index_run_read(ix, &s, &ix->runs[i], &ordinal,
		    &nextk) == -1)
			goto out;
	}
	rc = 0;
out:
	if (rc == -1)
		json_scan_error(&s, errp);
	json_scan_free(&s);
	return rc;
}
