/*
 * Leaked credential lookup. The analyst types what the leak shows: a
 * key id (AKIA...), its first characters, or its last four; or, in
 * secret mode, pastes the secret itself. A secret is never drawn (the
 * prompt shows only how many characters it has), never logged and never
 * journalled: Enter hashes it at once into the case's fingerprint, the
 * HMAC-SHA-256 the importers keep (digest_fingerprint() under
 * store_fingerprint_key()), and wipes it. A value that is valid base64
 * is hashed decoded as well, since Kubernetes secrets are fingerprinted
 * after decoding. One match opens the credential's card with its blast
 * radius and revocation checklist; several are listed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "cmd.h"
#include "digest.h"
#include "model.h"
#include "prompt.h"
#include "rows.h"
#include "store.h"
#include "strbuf.h"
#include "term.h"
#include "utf8.h"
#include "views.h"
#include "xalloc.h"

/* Maximum secret length in bytes; the buffer never grows or moves. */
#define LOOKUP_SECRET_MAX	8192
#define LOOKUP_FOUND_MAX	200

/* The strength of a match, best last. */
enum lookup_strength {
	LOOKUP_NONE,
	LOOKUP_LAST_FOUR,
	LOOKUP_PREFIX,
	LOOKUP_EXACT
};

struct lookup {
	int		 secret;	/* secret mode */
	int		 editing;
	struct prompt	 text;		/* key id mode */
	char		*buf;		/* secret mode, LOOKUP_SECRET_MAX */
	size_t		 len;
	uint32_t	 found[LOOKUP_FOUND_MAX];
	char		*why[LOOKUP_FOUND_MAX];
	size_t		 nfound;
	struct rows	 rows;
	char		*what;		/* what was looked for, for titles */
};

/* The state of one search over the attribute values. */
struct lookup_search {
	struct lookup		*lk;
	const struct model	*m;
	const char		*text;		/* key id mode */
	const char		*hex[2];	/* secret mode fingerprints */
	int64_t			*kids;		/* matched key ids */
	int			*strength;
	char			**why;
	size_t			 n;
};

static const struct view_ops lookup_ops;

/* The strength of a match of typed text against a value. */
static enum lookup_strength
lookup_compare(const char *text, const char *value)
{
	size_t	 tl = strlen(text), vl = strlen(value);

	if (tl == 0)
		return LOOKUP_NONE;
	if (strcasecmp(text, value) == 0)
		return LOOKUP_EXACT;
	if (tl >= 4 && tl < vl && strncasecmp(text, value, tl) == 0)
		return LOOKUP_PREFIX;
	if (tl == 4 && vl > 4 && strcasecmp(value + vl - 4, text) == 0)
		return LOOKUP_LAST_FOUR;
	return LOOKUP_NONE;
}

/* Keep key id kid with a reason; a kid seen before keeps its best. */
static void
lookup_keep(struct lookup_search *s, int64_t kid, int strength,
    const char *why)
{
	size_t	 i;

	for (i = 0; i < s->n; i++) {
		if (s->kids[i] == kid) {
			if (strength > s->strength[i]) {
				s->strength[i] = strength;
				free(s->why[i]);
				s->why[i] = xstrdup(why);
			}
			return;
		}
	}
	if (s->n == LOOKUP_FOUND_MAX)
		return;
	s->kids[s->n] = kid;
	s->strength[s->n] = strength;
	s->why[s->n] = xstrdup(why);
	s->n++;
}

static int
lookup_value(void *ctx, int64_t kid, const char *name, const char *value)
{
	struct lookup_search	*s = ctx;
	enum lookup_strength	 st;
	char			*why;
	int			 i;

	if (s->text == NULL) {
		for (i = 0; i < 2 && s->hex[i] != NULL; i++) {
			if (strcasecmp(value, s->hex[i]) == 0) {
				why = xasprintf("same fingerprint (%s)", name);
				lookup_keep(s, kid, LOOKUP_EXACT, why);
				free(why);
			}
		}
		return 0;
	}
	if ((st = lookup_compare(s->text, value)) == LOOKUP_NONE)
		return 0;
	why = xasprintf("%s %s", name, st == LOOKUP_EXACT ? "matches" :
	    st == LOOKUP_PREFIX ? "starts with it" : "ends with it");
	lookup_keep(s, kid, (int)st, why);
	free(why);
	return 0;
}

/* Match the key ids of credential keys too ("source:id"). */
static void
lookup_keys(struct lookup_search *s)
{
	const struct model	*m = s->m;
	const char		*id;
	enum lookup_strength	 st;
	size_t			 v;

	for (v = 0; v < m->nnodes; v++) {
		if (m->kind[v] != KIND_NODE_CREDENTIAL)
			continue;
		id = strchr(m->key[v], ':');
		id = id != NULL ? id + 1 : m->key[v];
		if ((st = lookup_compare(s->text, id)) != LOOKUP_NONE)
			lookup_keep(s, m->kid[v], (int)st, "node key");
		else if ((st = lookup_compare(s->text, m->name[v])) !=
		    LOOKUP_NONE)
			lookup_keep(s, m->kid[v], (int)st, "name");
	}
}

/* Turn the matched key ids into nodes, the strongest matches first. */
static void
lookup_collect(struct lookup *lk, struct lookup_search *s)
{
	const struct model	*m = s->m;
	size_t			 v, i;
	int			 want;

	lk->nfound = 0;
	for (want = LOOKUP_EXACT; want > LOOKUP_NONE; want--) {
		for (i = 0; i < s->n; i++) {
			if (s->strength[i] != want)
				continue;
			for (v = 0; v < m->nnodes; v++) {
				if (m->kid[v] == s->kids[i] &&
				    lk->nfound < LOOKUP_FOUND_MAX) {
					lk->found[lk->nfound] = (uint32_t)v;
					lk->why[lk->nfound++] = xstrdup(
					    s->why[i]);
					break;
				}
			}
		}
	}
	lk->rows.n = lk->nfound;
	lk->rows.cursor = lk->rows.top = 0;
}

/* Search the case; -1 with a status message when the store failed. */
static int
lookup_run(struct app *a, struct lookup *lk, const char *text,
    const char *hex0, const char *hex1)
{
	static const char *const	 names[] = {
		"key_id", "access_key_id", "AccessKeyId", "client_id",
		"token_id", "fingerprint", "fingerprint:*"
	};
	struct lookup_search		 s;
	char				*err = NULL;
	size_t				 i;
	int				 rc;

	memset(&s, 0, sizeof(s));
	s.lk = lk;
	s.m = a->model;
	s.text = text;
	s.hex[0] = hex0;
	s.hex[1] = hex1;
	s.kids = xcalloc(LOOKUP_FOUND_MAX, sizeof(*s.kids));
	s.strength = xcalloc(LOOKUP_FOUND_MAX, sizeof(*s.strength));
	s.why = xcalloc(LOOKUP_FOUND_MAX, sizeof(*s.why));
	rc = store_scan_node_values(a->store, text != NULL ? names :
	    names + 5, text != NULL ? 7 : 2, lookup_value, &s, &err);
	if (rc == 0 && text != NULL)
		lookup_keys(&s);
	if (rc == -1) {
		app_status(a, 1, "%s", err);
		free(err);
	} else
		lookup_collect(lk, &s);
	for (i = 0; i < s.n; i++)
		free(s.why[i]);
	free(s.why);
	free(s.kids);
	free(s.strength);
	return rc;
}

/*
 * Decode base64 text into out (at least len bytes); returns the length,
 * or -1 when text is not base64.
 */
static long
lookup_base64(const char *text, size_t len, unsigned char *out)
{
	uint32_t	 acc = 0;
	size_t		 i, bits = 0, n = 0, pad = 0;
	const char	*p;
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr"
	    "stuvwxyz0123456789+/";

	if (len == 0 || len % 4 != 0)
		return -1;
	for (i = 0; i < len; i++) {
		if (text[i] == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || (p = strchr(b64, text[i])) == NULL ||
		    text[i] == '\0')
			return -1;
		acc = acc << 6 | (uint32_t)(p - b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	return pad > 2 ? -1 : (long)n;
}

/*
 * Hash the secret typed and search for its fingerprints; the secret,
 * its decoded form and the case key are wiped before returning.
 */
static void
lookup_secret(struct app *a, struct lookup *lk)
{
	unsigned char	 key[STORE_FP_KEY_LEN], *decoded;
	char		 hex[2][DIGEST_HEX_BUFSZ], *err = NULL;
	long		 n;
	int		 ok;

	decoded = xmalloc(LOOKUP_SECRET_MAX);
	ok = store_fingerprint_key(a->store, key, &err) == 0 &&
	    digest_fingerprint(key, sizeof(key), lk->buf, lk->len,
	    hex[0]) == 0;
	n = ok ? lookup_base64(lk->buf, lk->len, decoded) : -1;
	if (n > 0 && digest_fingerprint(key, sizeof(key), decoded,
	    (size_t)n, hex[1]) != 0)
		n = -1;
	explicit_bzero(lk->buf, LOOKUP_SECRET_MAX);
	explicit_bzero(decoded, LOOKUP_SECRET_MAX);
	explicit_bzero(key, sizeof(key));
	lk->len = 0;
	free(decoded);
	if (!ok) {
		app_status(a, 1, "%s", err != NULL ? err :
		    "cannot compute the fingerprint (libcrypto failed)");
		free(err);
		return;
	}
	lookup_run(a, lk, NULL, hex[0], n > 0 ? hex[1] : NULL);
	lk->what = xstrdup("the secret typed (by fingerprint)");
}

struct view *
lookup_create(struct app *a, int secret)
{
	struct lookup	*lk = xcalloc(1, sizeof(*lk));

	lk->secret = secret;
	lk->editing = 1;
	prompt_init(&lk->text);
	prompt_open(&lk->text);
	if (secret)
		lk->buf = xcalloc(1, LOOKUP_SECRET_MAX);
	return app_view(a, &lookup_ops, lk, 0);
}

/* After a search: one match opens its card in place of the lookup. */
static struct view *
lookup_result(struct app *a, struct view *v)
{
	struct lookup	*lk = v->data;
	const char	*fields[] = { "by", lk->secret ? "fingerprint" : "key id",
			    "matches", NULL, NULL };
	char		 count[24];
	size_t		 node;

	snprintf(count, sizeof(count), "%zu", lk->nfound);
	fields[3] = count;
	app_case_journal(a, "lookup", lk->nfound == 1 ?
	    a->model->key[lk->found[0]] : NULL, fields);
	if (lk->nfound != 1)
		return v;
	node = lk->found[0];
	v->ops->free(v);
	return card_create(a, node, 1);
}

struct view *
lookup_find(struct app *a, const char *text)
{
	struct view	*v = lookup_create(a, 0);
	struct lookup	*lk = v->data;

	strbuf_addstr(&lk->text.text, text);
	lk->editing = 0;
	lk->text.editing = 0;
	if (lookup_run(a, lk, text, NULL, NULL) == 0)
		lk->what = xstrdup(text);
	return lookup_result(a, v);
}

static void
lookup_free(struct view *v)
{
	struct lookup	*lk = v->data;
	size_t		 i;

	if (lk->buf != NULL) {
		explicit_bzero(lk->buf, LOOKUP_SECRET_MAX);
		free(lk->buf);
	}
	for (i = 0; i < lk->nfound; i++)
		free(lk->why[i]);
	prompt_free(&lk->text);
	free(lk->what);
	free(lk);
	free(v);
}

/* Draw the question: the key id typed, or only the secret's length. */
static void
lookup_draw_prompt(struct lookup *lk, struct canvas *c, int y)
{
	char	 info[96];
	int	 x;

	canvas_fill(c, y, 0, c->w, THEME_PROMPT);
	if (!lk->secret) {
		x = canvas_label(c, y, 1, c->w - 1, "key id: ", THEME_PROMPT);
		x += canvas_text(c, y, x + 1, c->w - x - 2,
		    strbuf_str(&lk->text.text), THEME_PROMPT, THEME_ESCAPE);
		if (lk->editing)
			canvas_label(c, y, x + 1, 1, "_", THEME_PROMPT);
		return;
	}
	snprintf(info, sizeof(info), "secret: [hidden, %zu bytes]%s",
	    lk->len, lk->editing ? "_" : "");
	canvas_label(c, y, 1, c->w - 1, info, THEME_PROMPT);
}

static void
lookup_draw(struct view *v, struct app *a, struct canvas *c, int top,
    int height)
{
	struct lookup		*lk = v->data;
	const struct model	*m = a->model;
	int			 y, x, style;
	size_t			 i, u;

	canvas_label(c, top, 1, c->w - 1, lk->secret ? "Leaked credential "
	    "lookup by secret: paste it; it is hashed on Enter and never "
	    "shown or stored" : "Leaked credential lookup: a key id, its "
	    "first characters or its last four", THEME_TITLE);
	lookup_draw_prompt(lk, c, top + 1);
	if (lk->editing || height < 4)
		return;
	if (lk->nfound == 0) {
		canvas_label(c, top + 3, 2, c->w - 2, "no credential matches",
		    THEME_DIM);
		return;
	}
	rows_fit(&lk->rows, height - 3);
	for (i = lk->rows.top, y = top + 3; i < lk->nfound &&
	    y < top + height; i++, y++) {
		u = lk->found[i];
		style = i == lk->rows.cursor ? THEME_SELECTED : THEME_NORMAL;
		canvas_fill(c, y, 0, c->w, style);
		x = 2 + canvas_label(c, y, 2, 15, kind_node_name(m->kind[u]),
		    i == lk->rows.cursor ? style : theme_kind_style(m->kind[u]));
		x = x < 18 ? 18 : x;
		x += 1 + canvas_text(c, y, x, c->w / 2 - x, m->name[u], style,
		    THEME_ESCAPE);
		canvas_text(c, y, c->w / 2 + 1, c->w / 2 - 1, lk->why[i],
		    i == lk->rows.cursor ? style : THEME_DIM, THEME_ESCAPE);
	}
}

/* Take a key into the hidden secret buffer. */
static void
lookup_secret_key(struct lookup *lk, int key)
{
	char	 utf8[4];
	size_t	 n;

	if (key == TERM_KEY_BACKSPACE) {
		while (lk->len > 0 &&
		    ((unsigned char)lk->buf[lk->len - 1] & 0xc0) == 0x80)
			lk->buf[--lk->len] = '\0';
		if (lk->len > 0)
			lk->buf[--lk->len] = '\0';
		return;
	}
	if (key < 0x20 || key == 0x7f || key >= TERM_KEY_BASE)
		return;
	n = utf8_encode(utf8, (uint32_t)key);
	if (n > 0 && lk->len + n < LOOKUP_SECRET_MAX) {
		memcpy(lk->buf + lk->len, utf8, n);
		lk->len += n;
	}
	explicit_bzero(utf8, sizeof(utf8));
}

/* Enter while typing: search, then show the result or the card. */
static int
lookup_enter(struct view *v, struct app *a)
{
	struct lookup	*lk = v->data;
	struct view	*next;

	lk->editing = 0;
	if (lk->secret)
		lookup_secret(a, lk);
	else if (lookup_run(a, lk, strbuf_str(&lk->text.text), NULL,
	    NULL) == 0)
		lk->what = xstrdup(strbuf_str(&lk->text.text));
	/* Swap the card in for this view when there is one match. */
	next = lookup_result(a, v);
	if (next != v)
		a->stack[a->depth - 1] = next;
	return APP_HANDLED | APP_REDRAW;
}

static int
lookup_key(struct view *v, struct app *a, int key)
{
	struct lookup	*lk = v->data;

	if (lk->editing) {
		if (key == TERM_KEY_ESC) {
			app_pop(a);
			return APP_HANDLED | APP_REDRAW;
		}
		if (key == TERM_KEY_ENTER)
			return lookup_enter(v, a);
		if (lk->secret)
			lookup_secret_key(lk, key);
		else
			prompt_key(&lk->text, key);
		return APP_HANDLED | APP_REDRAW;
	}
	if (rows_key(&lk->rows, key))
		return APP_HANDLED | APP_REDRAW;
	if (key == TERM_KEY_ENTER && lk->rows.cursor < lk->nfound) {
		app_push(a, card_create(a, lk->found[lk->rows.cursor], 1));
		return APP_HANDLED | APP_REDRAW;
	}
	return 0;
}

static const char *
lookup_hint(struct view *v)
{
	struct lookup	*lk = v->data;

	if (lk->editing)
		return "Enter look up  Esc cancel";
	return "Enter card and revocation checklist  [ back  ? keys";
}

static void
lookup_selected(struct view *v, struct app *a, int64_t *node, int64_t *edge)
{
	struct lookup	*lk = v->data;

	(void)a;
	*edge = -1;
	*node = !lk->editing && lk->rows.cursor < lk->nfound ?
	    (int64_t)lk->found[lk->rows.cursor] : -1;
}

static const struct view_ops lookup_ops = {
	.name = "lookup",
	.draw = lookup_draw,
	.key = lookup_key,
	.hint = lookup_hint,
	.free = lookup_free,
	.selected = lookup_selected,
};
