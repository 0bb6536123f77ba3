/*
 * Annotations in memory (see annot.h). The set is an array of entries
 * sorted by key id, with a hash index from key id to entry.
 */
#include "annot.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hmap.h"
#include "store_annot.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

struct annot {
	struct annot_entry	*v;
	size_t			 n;
	size_t			 cap;
	struct hmap		*index;	/* kid bytes -> index into v */
};

static const char *const annot_review_names[] = {
	"none", "reviewed", "accepted_risk", "to_revoke"
};

const char *
annot_review_name(enum annot_review r)
{
	if ((unsigned)r > ANNOT_REVIEW_TO_REVOKE)
		return "none";
	return annot_review_names[r];
}

int
annot_review_parse(const char *text)
{
	size_t	 len = strlen(text), i;
	int	 found = -1;

	if (len == 0)
		return -1;
	for (i = 0; i <= ANNOT_REVIEW_TO_REVOKE; i++) {
		if (strcmp(annot_review_names[i], text) == 0)
			return (int)i;
		if (strncmp(annot_review_names[i], text, len) == 0) {
			if (found != -1)
				return -1;	/* ambiguous prefix */
			found = (int)i;
		}
	}
	return found;
}

int
annot_tag_check(const char *tag, char **errp)
{
	size_t	 len = strlen(tag);

	if (len == 0 || len > ANNOT_TAG_MAX ||
	    strspn(tag, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_-.:") != len) {
		*errp = xasprintf("invalid tag \"%s\": a tag has 1 to %d "
		    "letters, digits, '_', '-', '.' or ':'", tag,
		    ANNOT_TAG_MAX);
		return -1;
	}
	return 0;
}

const char *
annot_author(void)
{
	const char	*name = getenv("USER");
	struct passwd	*pw;

	if (name == NULL || *name == '\0')
		name = getenv("LOGNAME");
	if (name == NULL || *name == '\0') {
		pw = getpwuid(getuid());
		name = pw != NULL ? pw->pw_name : NULL;
	}
	return name != NULL && *name != '\0' ? name : "unknown";
}

/* Find or add the entry of kid. */
static struct annot_entry *
annot_entry(struct annot *a, int64_t kid)
{
	struct annot_entry	*e;
	uint64_t		 idx;

	if (hmap_get(a->index, (const char *)&kid, sizeof(kid), &idx))
		return &a->v[idx];
	if (a->n == a->cap) {
		a->cap = a->cap == 0 ? 64 : a->cap * 2;
		a->v = xreallocarray(a->v, a->cap, sizeof(*a->v));
	}
	e = &a->v[a->n];
	memset(e, 0, sizeof(*e));
	e->kid = kid;
	e->until = TSTAMP_UNKNOWN;
	hmap_put(a->index, (const char *)&kid, sizeof(kid), a->n);
	a->n++;
	return e;
}

static int
annot_add_tag(void *ctx, const struct store_tag_row *row)
{
	struct annot_entry	*e = annot_entry(ctx, row->kid);

	e->tags = xreallocarray(e->tags, e->ntags + 1, sizeof(*e->tags));
	e->tags[e->ntags++] = xstrdup(row->tag);
	return 0;
}

static int
annot_add_review(void *ctx, const struct store_review_row *row)
{
	struct annot_entry	*e = annot_entry(ctx, row->kid);
	int			 r = annot_review_parse(row->state);

	/* A state this version does not know reads as "reviewed". */
	e->review = r > 0 ? (enum annot_review)r : ANNOT_REVIEW_REVIEWED;
	e->reason = row->reason != NULL ? xstrdup(row->reason) : NULL;
	e->until = row->until;
	e->reviewed_at = row->updated_at;
	e->reviewer = xstrdup(row->author);
	return 0;
}

static int
annot_add_note(void *ctx, const struct store_note_row *row)
{
	struct annot_entry	*e = annot_entry(ctx, row->kid);
	struct annot_note	*note;

	e->notes = xreallocarray(e->notes, e->nnotes + 1, sizeof(*e->notes));
	note = &e->notes[e->nnotes++];
	note->at = row->created_at;
	note->author = xstrdup(row->author);
	note->text = xstrdup(row->text);
	return 0;
}

static int
annot_cmp(const void *x, const void *y)
{
	const struct annot_entry	*a = x, *b = y;

	return a->kid < b->kid ? -1 : a->kid > b->kid;
}

int
annot_load(struct store *s, struct annot **out, char **errp)
{
	struct annot	*a;
	size_t		 i;

	a = xcalloc(1, sizeof(*a));
	a->index = hmap_create(64);
	*out = NULL;
	if (store_annot_tags(s, -1, annot_add_tag, a, errp) == -1 ||
	    store_annot_reviews(s, -1, annot_add_review, a, errp) == -1 ||
	    store_annot_notes(s, -1, annot_add_note, a, errp) == -1) {
		annot_free(a);
		return -1;
	}
	/* Sort by key id and index the sorted positions. */
	if (a->n > 1)
		qsort(a->v, a->n, sizeof(*a->v), annot_cmp);
	hmap_free(a->index);
	a->index = hmap_create(a->n + 1);
	for (i = 0; i < a->n; i++)
		hmap_put(a->index, (const char *)&a->v[i].kid,
		    sizeof(a->v[i].kid), i);
	*out = a;
	return 0;
}

void
annot_free(struct annot *a)
{
	struct annot_entry	*e;
	size_t			 i, j;

	if (a == NULL)
		return;
	for (i = 0; i < a->n; i++) {
		e = &a->v[i];
		for (j = 0; j < e->ntags; j++)
			free(e->tags[j]);
		free(e->tags);
		free(e->reason);
		free(e->reviewer);
		for (j = 0; j < e->nnotes; j++) {
			free(e->notes[j].author);
			free(e->notes[j].text);
		}
		free(e->notes);
	}
	free(a->v);
	hmap_free(a->index);
	free(a);
}

const struct annot_entry *
annot_get(const struct annot *a, int64_t kid)
{
	uint64_t	 idx;

	if (a == NULL ||
	    !hmap_get(a->index, (const char *)&kid, sizeof(kid), &idx))
		return NULL;
	return &a->v[idx];
}

size_t
annot_count(const struct annot *a)
{
	return a != NULL ? a->n : 0;
}

const struct annot_entry *
annot_at(const struct annot *a, size_t i)
{
	return &a->v[i];
}

int
annot_has_tag(const struct annot_entry *e, const char *tag)
{
	size_t	 i;

	for (i = 0; e != NULL && i < e->ntags; i++) {
		if (strcmp(e->tags[i], tag) == 0)
			return 1;
	}
	return 0;
}

int
annot_review_lapsed(const struct annot_entry *e, int64_t now)
{
	return e != NULL && e->review == ANNOT_REVIEW_ACCEPTED_RISK &&
	    tstamp_is_set(e->until) && e->until <= now;
}

const char *
annot_marks(const struct annot_entry *e, int64_t now, char *buf)
{
	static const char	 review[] = " RAX";
	size_t			 i;

	if (e == NULL)
		return NULL;
	memcpy(buf, "    ", 5);
	for (i = 0; i < e->ntags; i++) {
		if (strcmp(e->tags[i], ANNOT_MARK_TAG) == 0)
			buf[0] = '*';
		else
			buf[1] = '#';
	}
	if (e->nnotes > 0)
		buf[2] = 'n';
	buf[3] = review[e->review];
	if (annot_review_lapsed(e, now))
		buf[3] = 'L';
	if (strcmp(buf, "    ") == 0)
		return NULL;
	return buf;
}

void
annot_describe_review(const struct annot_entry *e, int64_t now,
    struct strbuf *sb)
{
	char	 d[TSTAMP_BUFSZ];

	strbuf_addstr(sb, annot_review_name(e->review));
	if (e->review == ANNOT_REVIEW_ACCEPTED_RISK &&
	    tstamp_is_set(e->until))
		strbuf_addf(sb, " %s %s", annot_review_lapsed(e, now) ?
		    "lapsed" : "until", tstamp_format_date(e->until, d));
	if (e->reason != NULL)
		strbuf_addf(sb, " (%s)", e->reason);
}

void
annot_describe(const struct annot_entry *e, int64_t now, struct strbuf *sb)
{
	size_t	 i, start = sb->len;

	if (e->review != ANNOT_REVIEW_NONE)
		annot_describe_review(e, now, sb);
	if (e->ntags > 0) {
		strbuf_addstr(sb, sb->len > start ? "; tags " : "tags ");
		for (i = 0; i < e->ntags; i++)
			strbuf_addf(sb, "%s%s", i > 0 ? ", " : "", e->tags[i]);
	}
	if (e->nnotes > 0)
		strbuf_addf(sb, "%s%zu note%s", sb->len > start ? "; " : "",
		    e->nnotes, e->nnotes == 1 ? "" : "s");
}
