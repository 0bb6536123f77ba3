/* seeds: tests/fixtures/opengraph tests/bad/opengraph tests/fuzz/seeds/sanitize
 *
 * Fuzz target for the sanitiser and the two writers built on it: the
 * canvas and the JSON string writer. The first input byte picks the
 * options (bit 0: SANITIZE_ASCII, bit 1: SANITIZE_KEEP_NEWLINE), the
 * second the column limit (0: none); the rest is the untrusted text.
 *
 * Invariants: the output is valid UTF-8 with no control character (but a
 * kept newline), no C1 control and no hidden code point; in ASCII mode
 * it is ASCII; its width, summed with wcwidth(), is what the sanitiser
 * returned and at most the limit; clean text comes out unchanged; the
 * canvas holds only printable cells; JSON strings parse back to the text.
 */
#include <string.h>

#include "fuzz.h"
#include "json.h"
#include "jsonw.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

/* Check the display text: returns its width summed with wcwidth(). */
static int
fuzz_display_width(const struct strbuf *sb, int opts)
{
	const unsigned char	*p, *end;
	uint32_t		 cp, prev = 0;
	size_t			 n;
	int			 width = 0, w;

	if (sb->len == 0)
		return 0;
	p = (const unsigned char *)sb->buf;
	end = p + sb->len;
	while (p < end) {
		n = utf8_decode(p, (size_t)(end - p), &cp);
		FUZZ_CHECK(n > 0);
		if (opts & SANITIZE_ASCII)
			FUZZ_CHECK(cp < 0x80);
		if (cp == '\n') {
			FUZZ_CHECK(opts & SANITIZE_KEEP_NEWLINE);
			prev = 0;
			p += n;
			continue;
		}
		FUZZ_CHECK(cp >= 0x20 && cp != 0x7f);
		FUZZ_CHECK(!(cp >= 0x80 && cp < 0xa0));
		FUZZ_CHECK(!sanitize_cp_hidden(cp));
		w = wcwidth((wchar_t)cp);
		FUZZ_CHECK(w >= 0);
		/* A zero-width mark only ever follows a character. */
		if (w == 0)
			FUZZ_CHECK(prev != 0);
		width += w;
		prev = cp;
		p += n;
	}
	return width;
}

/* Whether two byte strings are equal; an empty one may have no buffer. */
static int
fuzz_same(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

static void
fuzz_sanitize_text(const char *text, size_t len, int opts, int maxw)
{
	struct strbuf	 sb, full;
	int		 w, wfull, res, resfull;

	strbuf_init(&sb);
	strbuf_init(&full);
	w = sanitize_append(&sb, text, len, maxw, opts, &res);
	FUZZ_CHECK(w == fuzz_display_width(&sb, opts));
	if (maxw > 0)
		FUZZ_CHECK(w <= maxw);

	wfull = sanitize_append(&full, text, len, 0, opts, &resfull);
	FUZZ_CHECK(wfull == fuzz_display_width(&full, opts));
	FUZZ_CHECK(wfull == sanitize_width(text, len, opts));
	FUZZ_CHECK(!(resfull & SANITIZE_CUT));
	if (!(res & SANITIZE_CUT))
		FUZZ_CHECK(fuzz_same(sb.buf, sb.len, full.buf, full.len));
	if (sanitize_is_clean(text, len, opts)) {
		FUZZ_CHECK(!(resfull & SANITIZE_ESCAPED));
		FUZZ_CHECK(fuzz_same(full.buf, full.len, text, len));
	} else
		FUZZ_CHECK(resfull & SANITIZE_ESCAPED);
	/* Sanitising the output again changes nothing. */
	FUZZ_CHECK(sanitize_is_clean(full.buf, full.len, opts));
	strbuf_free(&sb);
	strbuf_free(&full);
}

static void
fuzz_canvas_text(const char *text, int ascii, int maxw)
{
	struct canvas	 c;

	canvas_init(&c);
	canvas_resize(&c, 24, 3);
	c.ascii = ascii;
	canvas_text(&c, 1, 3, maxw > 0 ? maxw : 40, text, 0, 1);
	fuzz_check_canvas(&c);
	canvas_free(&c);
}

static int
fuzz_utf8_valid(const char *text, size_t len)
{
	const unsigned char	*p = (const unsigned char *)text;
	uint32_t		 cp;
	size_t			 i = 0, n;

	while (i < len) {
		if ((n = utf8_decode(p + i, len - i, &cp)) == 0)
			return 0;
		i += n;
	}
	return 1;
}

/* A JSON string written for text holds nothing raw and parses back. */
static void
fuzz_json_string(const char *text, size_t len)
{
	struct strbuf	 sb, doc;
	cJSON		*tree;
	char		*err = NULL;

	strbuf_init(&sb);
	jsonw_escape(&sb, text, len);
	fuzz_check_text(sb.buf, sb.len, 0);

	/* Without NUL (a record problem) it parses; valid UTF-8 comes back. */
	strbuf_init(&doc);
	strbuf_addstr(&doc, "[");
	strbuf_add(&doc, sb.buf, sb.len);
	strbuf_addstr(&doc, "]");
	tree = json_parse(doc.buf, doc.len, "fuzz", NULL, &err);
	if (memchr(text, '\0', len) == NULL) {
		FUZZ_CHECK(tree != NULL);
		FUZZ_CHECK(cJSON_IsString(tree->child));
		if (fuzz_utf8_valid(text, len))
			FUZZ_CHECK(fuzz_same(tree->child->valuestring,
			    strlen(tree->child->valuestring), text, len));
	}
	if (tree != NULL)
		cJSON_Delete(tree);
	free(err);
	strbuf_free(&doc);
	strbuf_free(&sb);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*text;
	int	 opts, maxw;

	fuzz_locale();
	if (size < 2)
		return 0;
	opts = data[0] & (SANITIZE_ASCII | SANITIZE_KEEP_NEWLINE);
	maxw = data[1] % 64;
	text = xmalloc(size - 2 + 1);
	memcpy(text, data + 2, size - 2);
	text[size - 2] = '\0';

	fuzz_sanitize_text(text, size - 2, opts, maxw);
	fuzz_canvas_text(text, opts & SANITIZE_ASCII, maxw);
	fuzz_json_string(text, size - 2);
	free(text);
	return 0;
}
