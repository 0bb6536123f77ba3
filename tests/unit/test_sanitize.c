/*
 * Unit tests for graph/sanitize.c. Most tests are tables of inputs with
 * the exact display text, width and result flags expected. Each case also
 * goes through sanitize_width(), sanitize_is_clean() and sanitize_next(),
 * which must agree with sanitize_append(). The
 * last tests check every code point against the rules of sanitize.h and
 * feed seeded random bytes through, checking that the output is always
 * safe for a terminal. The group set-up selects the C.UTF-8 locale.
 */
#include "testutil.h"

#include <locale.h>
#include <wchar.h>

#include "sanitize.h"
#include "strbuf.h"
#include "xalloc.h"

struct sanitize_case {
	const char	*in;
	size_t		 len;
	int		 maxw;
	int		 opts;
	const char	*out;
	int		 width;
	int		 flags;
};

/* A string literal and its length, so inputs may contain NUL bytes. */
#define IN(s)		(s), sizeof(s) - 1
#define NCASES(a)	(sizeof(a) / sizeof((a)[0]))

#define ESC		SANITIZE_ESCAPED
#define CUT		SANITIZE_CUT
#define ASCII		SANITIZE_ASCII
#define KEEP_NL		SANITIZE_KEEP_NEWLINE

/*
 * Code points that sanitize.h lists as always escaped, written out from
 * its rules rather than copied from sanitize.c. Noncharacters U+xFFFE and
 * U+xFFFF are tested separately by arithmetic.
 */
static const struct {
	uint32_t	 first;
	uint32_t	 last;
} escaped_ranges[] = {
	{ 0x0080, 0x009f },	/* C1 */
	{ 0x00ad, 0x00ad },	/* Cf from here to U+E007F, with others */
	{ 0x034f, 0x034f },
	{ 0x0600, 0x0605 },
	{ 0x061c, 0x061c },
	{ 0x06dd, 0x06dd },
	{ 0x070f, 0x070f },
	{ 0x0890, 0x0891 },
	{ 0x08e2, 0x08e2 },
	{ 0x115f, 0x1160 },
	{ 0x17b4, 0x17b5 },
	{ 0x180b, 0x180f },
	{ 0x200b, 0x200f },
	{ 0x2028, 0x2029 },
	{ 0x202a, 0x202e },
	{ 0x2060, 0x2064 },
	{ 0x2066, 0x206f },
	{ 0x2800, 0x2800 },
	{ 0x3164, 0x3164 },
	{ 0xe000, 0xf8ff },
	{ 0xfdd0, 0xfdef },
	{ 0xfe00, 0xfe0f },
	{ 0xfeff, 0xfeff },
	{ 0xffa0, 0xffa0 },
	{ 0xfff9, 0xfffb },
	{ 0x110bd, 0x110bd },
	{ 0x110cd, 0x110cd },
	{ 0x13430, 0x1343f },
	{ 0x1bca0, 0x1bca3 },
	{ 0x1d173, 0x1d17a },
	{ 0xe0001, 0xe0001 },
	{ 0xe0020, 0xe007f },
	{ 0xe0100, 0xe01ef },
	{ 0xf0000, 0x10ffff },
};

static int
setup_locale(void **state)
{
	(void)state;
	if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
		print_error("the C.UTF-8 locale is not available\n");
		return -1;
	}
	return 0;
}

/* Return 1 when sanitize.h lists cp as escaped, whatever its width. */
static int
always_escaped(uint32_t cp)
{
	size_t	 i;

	if ((cp & 0xfffe) == 0xfffe)
		return 1;
	for (i = 0; i < NCASES(escaped_ranges); i++) {
		if (cp >= escaped_ranges[i].first &&
		    cp <= escaped_ranges[i].last)
			return 1;
	}
	return 0;
}

/* Encode a code point as UTF-8 into buf and return the length. */
static size_t
encode_utf8(uint32_t cp, char *buf)
{
	unsigned char	*u = (unsigned char *)buf;

	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | (cp >> 6));
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	u[0] = (unsigned char)(0xf0 | (cp >> 18));
	u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	u[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * Return the terminal width of valid UTF-8 text by wcswidth(3), or -1
 * when it contains a character that wcwidth() rejects.
 */
static int
utf8_width(const char *s)
{
	wchar_t	*wide;
	size_t	 n;
	int	 width;

	n = mbstowcs(NULL, s, 0);
	assert_true(n != (size_t)-1);
	wide = xcalloc(n + 1, sizeof(*wide));
	mbstowcs(wide, s, n + 1);
	width = wcswidth(wide, n);
	free(wide);
	return width;
}

/*
 * Check that s[0..len) is strict UTF-8 and safe to write to a terminal:
 * no C0 control but a kept newline, no DEL, nothing that sanitize.h
 * escapes, nothing that wcwidth() rejects, and only ASCII in ASCII mode.
 * The decoder here is written apart from the one under test.
 */
static void
assert_display_safe(const char *s, size_t len, int opts)
{
	const unsigned char	*u = (const unsigned char *)s;
	static const uint32_t	 min_cp[] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t		 cp;
	size_t			 i, n, k;

	for (i = 0; i < len; i += n) {
		if (u[i] < 0x80) {
			n = 1;
			if (u[i] == '\n' && (opts & KEEP_NL))
				continue;
			assert_true(u[i] >= 0x20);
			assert_true(u[i] != 0x7f);
			continue;
		}
		assert_false(opts & ASCII);
		if ((u[i] & 0xe0) == 0xc0)
			n = 2;
		else if ((u[i] & 0xf0) == 0xe0)
			n = 3;
		else {
			assert_int_equal(u[i] & 0xf8, 0xf0);
			n = 4;
		}
		assert_true(i + n <= len);
		cp = u[i] & (0x7f >> n);
		for (k = 1; k < n; k++) {
			assert_int_equal(u[i + k] & 0xc0, 0x80);
			cp = (cp << 6) | (u[i + k] & 0x3f);
		}
		assert_true(cp >= min_cp[n]);
		assert_true(cp <= 0x10ffff);
		assert_false(cp >= 0xd800 && cp <= 0xdfff);
		assert_false(always_escaped(cp));
		assert_true(wcwidth((wchar_t)cp) >= 0);
	}
}

/*
 * Check one case: the output, width and flags of sanitize_append(), and
 * when there is no width limit, that sanitize_width(), sanitize_is_clean()
 * and the glyphs of sanitize_next() agree with it.
 */
static void
check_case(const struct sanitize_case *c)
{
	struct sanitize_glyph	 g;
	struct strbuf		 sb, glyphs;
	const char		*p;
	int			 width, flags, sum, clean;

	strbuf_init(&sb);
	flags = -1;
	width = sanitize_append(&sb, c->in, c->len, c->maxw, c->opts, &flags);
	if (strcmp(strbuf_str(&sb), c->out) != 0 || width != c->width ||
	    flags != c->flags)
		print_error("case expecting \"%s\" (maxw %d, opts %d) got"
		    " \"%s\" width %d flags %d\n", c->out, c->maxw, c->opts,
		    strbuf_str(&sb), width, flags);
	assert_string_equal(strbuf_str(&sb), c->out);
	assert_int_equal(sb.len, strlen(c->out));
	assert_int_equal(width, c->width);
	assert_int_equal(flags, c->flags);
	assert_display_safe(sb.buf, sb.len, c->opts);
	strbuf_free(&sb);
	if (c->maxw > 0)
		return;

	assert_int_equal(sanitize_width(c->in, c->len, c->opts), c->width);
	clean = c->len == strlen(c->out) && memcmp(c->in, c->out, c->len) == 0;
	assert_int_equal(sanitize_is_clean(c->in, c->len, c->opts), clean);

	strbuf_init(&glyphs);
	sum = 0;
	p = c->in;
	while (sanitize_next(&p, c->in + c->len, c->opts, &g)) {
		if (g.escape)
			assert_int_equal(g.width, strlen(g.text));
		else
			assert_in_range(g.width, 0, 2);
		strbuf_addstr(&glyphs, g.text);
		sum += g.width;
	}
	assert_ptr_equal(p, c->in + c->len);
	assert_string_equal(strbuf_str(&glyphs), c->out);
	assert_int_equal(sum, c->width);
	strbuf_free(&glyphs);
}

static void
check_cases(const struct sanitize_case *cases, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		check_case(&cases[i]);
}

static void
test_sanitize_plain_ascii(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN(""), 0, 0, "", 0, 0 },
		{ IN("hello, world"), 0, 0, "hello, world", 12, 0 },
		{ IN("a\\x1b <U+202E>"), 0, 0, "a\\x1b <U+202E>", 14, 0 },
		{ IN("~"), 0, 0, "~", 1, 0 },
	};
	char			 all[0x7f - 0x20 + 1];
	struct sanitize_case	 every = { all, 0x7f - 0x20, 0, 0, all,
				    0x7f - 0x20, 0 };
	int			 c;

	(void)state;
	check_cases(cases, NCASES(cases));

	/* Every printable ASCII character is copied as it is. */
	for (c = 0x20; c < 0x7f; c++)
		all[c - 0x20] = (char)c;
	all[0x7f - 0x20] = '\0';
	check_case(&every);
}

static void
test_sanitize_accented_latin(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("caf\xc3\xa9"), 0, 0, "caf\xc3\xa9", 4, 0 },
		{ IN("\xc3\x85ngstr\xc3\xb6m"), 0, 0,
		    "\xc3\x85ngstr\xc3\xb6m", 8, 0 },
		{ IN("\xc5\x81\xc3\xb3" "d\xc5\xba"), 0, 0,
		    "\xc5\x81\xc3\xb3" "d\xc5\xba", 4, 0 },
		{ IN("\xc2\xa0"), 0, 0, "\xc2\xa0", 1, 0 },	/* NBSP */
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_cjk_wide(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("\xe4\xb8\xad\xe6\x96\x87"), 0, 0,
		    "\xe4\xb8\xad\xe6\x96\x87", 4, 0 },
		{ IN("a\xe4\xb8\xad" "b"), 0, 0, "a\xe4\xb8\xad" "b", 4, 0 },
		{ IN("\xe6\x97\xa5\xe6\x9c\xac"), 0, 0,
		    "\xe6\x97\xa5\xe6\x9c\xac", 4, 0 },
		{ IN("\xed\x95\x9c"), 0, 0, "\xed\x95\x9c", 2, 0 },
		/* The ideographic space is a visible space. */
		{ IN("\xe3\x80\x80"), 0, 0, "\xe3\x80\x80", 2, 0 },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_emoji_wide(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("\xf0\x9f\x98\x80"), 0, 0, "\xf0\x9f\x98\x80", 2, 0 },
		{ IN("ok\xf0\x9f\x91\x8d"), 0, 0, "ok\xf0\x9f\x91\x8d", 4, 0 },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_combining_attached(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("e\xcc\x81"), 0, 0, "e\xcc\x81", 1, 0 },
		{ IN("cafe\xcc\x81!"), 0, 0, "cafe\xcc\x81!", 5, 0 },
		{ IN("e\xcc\x81\xcc\x82"), 0, 0, "e\xcc\x81\xcc\x82", 1, 0 },
		/* Hangul jamo: a medial vowel joins its initial consonant. */
		{ IN("\xe1\x84\x80\xe1\x85\xa1"), 0, 0,
		    "\xe1\x84\x80\xe1\x85\xa1", 2, 0 },
	};
	struct sanitize_glyph	 g;
	const char		*p = "e\xcc\x81";

	(void)state;
	check_cases(cases, NCASES(cases));

	/* e and U+0301 are one glyph of width 1. */
	assert_int_equal(sanitize_next(&p, p + 3, 0, &g), 1);
	assert_int_equal(g.escape, 0);
	assert_int_equal(g.ncp, 2);
	assert_int_equal(g.cp[0], 'e');
	assert_int_equal(g.cp[1], 0x301);
	assert_int_equal(g.width, 1);
	assert_string_equal(g.text, "e\xcc\x81");
	assert_int_equal(sanitize_next(&p, p, 0, &g), 0);
}

static void
test_sanitize_combining_excess(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("e\xcc\x81\xcc\x82\xcc\x83"), 0, 0,
		    "e\xcc\x81\xcc\x82<U+0303>", 9, ESC },
		{ IN("e\xcc\x81\xcc\x82\xcc\x83\xcc\x84" "f"), 0, 0,
		    "e\xcc\x81\xcc\x82<U+0303><U+0304>f", 18, ESC },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_combining_without_base(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("\xcc\x81" "a"), 0, 0, "<U+0301>a", 9, ESC },
		{ IN("\x01\xcc\x81"), 0, 0, "\\x01<U+0301>", 12, ESC },
		{ IN("\xff\xcc\x81"), 0, 0, "\\xff<U+0301>", 12, ESC },
		{ IN("a\xe2\x80\x8d\xcc\x81"), 0, 0, "a<U+200D><U+0301>", 17,
		    ESC },
		{ IN("\n\xcc\x81"), 0, KEEP_NL, "\n<U+0301>", 8, ESC },
		/* A space is a printable base. */
		{ IN(" \xcc\x81"), 0, 0, " \xcc\x81", 1, 0 },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_each_c0_control(void **state)
{
	struct sanitize_case	 c;
	char			 in[1], out[8];
	int			 i;

	(void)state;
	for (i = 0; i < 0x20; i++) {
		in[0] = (char)i;
		if (i == '\n')
			strcpy(out, "\\n");
		else if (i == '\r')
			strcpy(out, "\\r");
		else if (i == '\t')
			strcpy(out, "\\t");
		else
			snprintf(out, sizeof(out), "\\x%02x", i);
		c.in = in;
		c.len = 1;
		c.maxw = 0;
		c.opts = 0;
		c.out = out;
		c.width = (int)strlen(out);
		c.flags = ESC;
		check_case(&c);
	}
}

static void
test_sanitize_escape_sequences(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("\x1b[2J"), 0, 0, "\\x1b[2J", 7, ESC },
		{ IN("\x1b]0;pwned\x07"), 0, 0, "\\x1b]0;pwned\\x07", 16, ESC },
		{ IN("\x1b[31mred\x1b[0m"), 0, 0, "\\x1b[31mred\\x1b[0m", 18,
		    ESC },
		{ IN("a\0b"), 0, 0, "a\\x00b", 6, ESC },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_cr_bs_tab_newline(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("a\rb"), 0, 0, "a\\rb", 4, ESC },
		{ IN("a\bb"), 0, 0, "a\\x08" "b", 6, ESC },
		{ IN("a\tb"), 0, 0, "a\\tb", 4, ESC },
		{ IN("a\nb"), 0, 0, "a\\nb", 4, ESC },
		{ IN("\r\n"), 0, 0, "\\r\\n", 4, ESC },
		{ IN("\v\f"), 0, 0, "\\x0b\\x0c", 8, ESC },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_del(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("\x7f"), 0, 0, "\\x7f", 4, ESC },
		{ IN("a\x7f" "b"), 0, 0, "a\\x7f" "b", 6, ESC },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_c1_controls(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("\xc2\x80"), 0, 0, "<U+0080>", 8, ESC },
		{ IN("\xc2\x9b[2J"), 0, 0, "<U+009B>[2J", 11, ESC },
		{ IN("\xc2\x9f"), 0, 0, "<U+009F>", 8, ESC },
		/* A raw 0x9b byte is not UTF-8 at all. */
		{ IN("\x9b"), 0, 0, "\\x9b", 4, ESC },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_bidi_controls(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("\xe2\x80\xaa"), 0, 0, "<U+202A>", 8, ESC },
		{ IN("\xe2\x80\xab"), 0, 0, "<U+202B>", 8, ESC },
		{ IN("\xe2\x80\xac"), 0, 0, "<U+202C>", 8, ESC },
		{ IN("\xe2\x80\xad"), 0, 0, "<U+202D>", 8, ESC },
		{ IN("\xe2\x80\xae"), 0, 0, "<U+202E>", 8, ESC },
		{ IN("\xe2\x81\xa6"), 0, 0, "<U+2066>", 8, ESC },
		{ IN("\xe2\x81\xa7"), 0, 0, "<U+2067>", 8, ESC },
		{ IN("\xe2\x81\xa8"), 0, 0, "<U+2068>", 8, ESC },
		{ IN("\xe2\x81\xa9"), 0, 0, "<U+2069>", 8, ESC },
		{ IN("\xe2\x80\x8e"), 0, 0, "<U+200E>", 8, ESC },
		{ IN("\xe2\x80\x8f"), 0, 0, "<U+200F>", 8, ESC },
		{ IN("\xd8\x9c"), 0, 0, "<U+061C>", 8, ESC },
		{ IN("admin\xe2\x80\xae" "txt.exe"), 0, 0,
		    "admin<U+202E>txt.exe", 20, ESC },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_zero_width(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("a\xe2\x80\x8b" "b"), 0, 0, "a<U+200B>b", 10, ESC },
		{ IN("\xe2\x80\x8c"), 0, 0, "<U+200C>", 8, ESC },
		{ IN("\xe2\x80\x8d"), 0, 0, "<U+200D>", 8, ESC },
		{ IN("\xe2\x81\xa0"), 0, 0, "<U+2060>", 8, ESC },
		/* An emoji ZWJ sequence shows its joiner. */
		{ IN("\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9"), 0, 0,
		    "\xf0\x9f\x91\xa8<U+200D>\xf0\x9f\x91\xa9", 12, ESC },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_bom_soft_hyphen(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("\xef\xbb\xbf"), 0, 0, "<U+FEFF>", 8, ESC },
		{ IN("\xef\xbb\xbf" "id"), 0, 0, "<U+FEFF>id", 10, ESC },
		{ IN("ad\xc2\xad" "min"), 0, 0, "ad<U+00AD>min", 13, ESC },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_tag_characters(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("\xf3\xa0\x81\x81"), 0, 0, "<U+E0041>", 9, ESC },
		{ IN("\xf3\xa0\x80\x81"), 0, 0, "<U+E0001>", 9, ESC },
		{ IN("\xf3\xa0\x81\xbf"), 0, 0, "<U+E007F>", 9, ESC },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_line_separators(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("a\xe2\x80\xa8" "b"), 0, 0, "a<U+2028>b", 10, ESC },
		{ IN("\xe2\x80\xa9"), 0, 0, "<U+2029>", 8, ESC },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_invisible_fillers(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("\xe3\x85\xa4"), 0, 0, "<U+3164>", 8, ESC },
		{ IN("\xe1\x85\x9f"), 0, 0, "<U+115F>", 8, ESC },
		{ IN("\xe1\x85\xa0"), 0, 0, "<U+1160>", 8, ESC },
		{ IN("\xef\xbe\xa0"), 0, 0, "<U+FFA0>", 8, ESC },
		{ IN("\xe2\xa0\x80"), 0, 0, "<U+2800>", 8, ESC },
		{ IN("a\xcd\x8f"), 0, 0, "a<U+034F>", 9, ESC },
		{ IN("\xe1\x9e\xb4"), 0, 0, "<U+17B4>", 8, ESC },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_variation_selectors(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("\xe2\x9d\xa4\xef\xb8\x8f"), 0, 0,
		    "\xe2\x9d\xa4<U+FE0F>", 9, ESC },
		{ IN("a\xef\xb8\x80"), 0, 0, "a<U+FE00>", 9, ESC },
		{ IN("a\xf3\xa0\x84\x80"), 0, 0, "a<U+E0100>", 10, ESC },
		{ IN("a\xf3\xa0\x87\xaf"), 0, 0, "a<U+E01EF>", 10, ESC },
		{ IN("a\xe1\xa0\x8b"), 0, 0, "a<U+180B>", 9, ESC },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_noncharacters(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("\xef\xbf\xbe"), 0, 0, "<U+FFFE>", 8, ESC },
		{ IN("\xef\xbf\xbf"), 0, 0, "<U+FFFF>", 8, ESC },
		{ IN("\xef\xb7\x90"), 0, 0, "<U+FDD0>", 8, ESC },
		{ IN("\xef\xb7\xaf"), 0, 0, "<U+FDEF>", 8, ESC },
		{ IN("\xf0\x9f\xbf\xbe"), 0, 0, "<U+1FFFE>", 9, ESC },
		{ IN("\xf4\x8f\xbf\xbf"), 0, 0, "<U+10FFFF>", 10, ESC },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_private_use(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("\xee\x80\x80"), 0, 0, "<U+E000>", 8, ESC },
		{ IN("\xef\xa3\xbf"), 0, 0, "<U+F8FF>", 8, ESC },
		{ IN("\xf3\xb0\x80\x80"), 0, 0, "<U+F0000>", 9, ESC },
		{ IN("\xf4\x8f\xbf\xbd"), 0, 0, "<U+10FFFD>", 10, ESC },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_unassigned(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("\xcd\xb8"), 0, 0, "<U+0378>", 8, ESC },
		{ IN("\xe2\x81\xa5"), 0, 0, "<U+2065>", 8, ESC },
		{ IN("\xf1\x80\x80\x80"), 0, 0, "<U+40000>", 9, ESC },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_invalid_utf8(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("\x80"), 0, 0, "\\x80", 4, ESC },
		{ IN("\xc0\xaf"), 0, 0, "\\xc0\\xaf", 8, ESC },
		{ IN("\xc1\xbf"), 0, 0, "\\xc1\\xbf", 8, ESC },
		{ IN("\xe0\x80\xaf"), 0, 0, "\\xe0\\x80\\xaf", 12, ESC },
		{ IN("\xed\xa0\x80"), 0, 0, "\\xed\\xa0\\x80", 12, ESC },
		{ IN("\xed\xbf\xbf"), 0, 0, "\\xed\\xbf\\xbf", 12, ESC },
		{ IN("\xf0\x80\x80\x80"), 0, 0, "\\xf0\\x80\\x80\\x80", 16,
		    ESC },
		{ IN("\xf4\x90\x80\x80"), 0, 0, "\\xf4\\x90\\x80\\x80", 16,
		    ESC },
		{ IN("\xf5\x80\x80\x80"), 0, 0, "\\xf5\\x80\\x80\\x80", 16,
		    ESC },
		{ IN("\xfe\xff"), 0, 0, "\\xfe\\xff", 8, ESC },
		{ IN("\xe2\x82"), 0, 0, "\\xe2\\x82", 8, ESC },
		{ IN("\xe2\x82" "A"), 0, 0, "\\xe2\\x82" "A", 9, ESC },
		{ IN("\xe2\x28\xa1"), 0, 0, "\\xe2(\\xa1", 9, ESC },
		{ IN("\xf0\x9f\x98"), 0, 0, "\\xf0\\x9f\\x98", 12, ESC },
		{ IN("a\xc3"), 0, 0, "a\\xc3", 5, ESC },
		{ IN("\xff\xc3\xa9"), 0, 0, "\\xff\xc3\xa9", 5, ESC },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_keep_newline(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("a\nb"), 0, KEEP_NL, "a\nb", 2, 0 },
		{ IN("\n\n"), 0, KEEP_NL, "\n\n", 0, 0 },
		{ IN("a\r\nb"), 0, KEEP_NL, "a\\r\nb", 4, ESC },
		{ IN("a\tb\n"), 0, KEEP_NL, "a\\tb\n", 4, ESC },
		{ IN("\xc3\xa9\n"), 0, KEEP_NL | ASCII, "<U+00E9>\n", 8,
		    ESC },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_ascii_mode(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("hello"), 0, ASCII, "hello", 5, 0 },
		{ IN("caf\xc3\xa9"), 0, ASCII, "caf<U+00E9>", 11, ESC },
		{ IN("\xe4\xb8\xad"), 0, ASCII, "<U+4E2D>", 8, ESC },
		{ IN("e\xcc\x81"), 0, ASCII, "e<U+0301>", 9, ESC },
		{ IN("\xf0\x9f\x98\x80"), 0, ASCII, "<U+1F600>", 9, ESC },
		{ IN("\xe2\x80\xae"), 0, ASCII, "<U+202E>", 8, ESC },
		{ IN("\xff"), 0, ASCII, "\\xff", 4, ESC },
		{ IN("\x1b[2J"), 0, ASCII, "\\x1b[2J", 7, ESC },
		{ IN("\t\n"), 0, ASCII, "\\t\\n", 4, ESC },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_cut_ascii_text(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("hello world"), 0, 0, "hello world", 11, 0 },
		{ IN("hello world"), -1, 0, "hello world", 11, 0 },
		{ IN("hello world"), 1, 0, "\xe2\x80\xa6", 1, CUT },
		{ IN("hello world"), 2, 0, "h\xe2\x80\xa6", 2, CUT },
		{ IN("hello world"), 3, 0, "he\xe2\x80\xa6", 3, CUT },
		{ IN("hello world"), 5, 0, "hell\xe2\x80\xa6", 5, CUT },
		{ IN("hello world"), 10, 0, "hello wor\xe2\x80\xa6", 10, CUT },
		{ IN("hello world"), 11, 0, "hello world", 11, 0 },
		{ IN("hello world"), 12, 0, "hello world", 11, 0 },
		{ IN("a"), 1, 0, "a", 1, 0 },
		{ IN("ab"), 1, 0, "\xe2\x80\xa6", 1, CUT },
		{ IN("ab"), 2, 0, "ab", 2, 0 },
		{ IN(""), 1, 0, "", 0, 0 },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_cut_wide_char(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97"), 1, 0,
		    "\xe2\x80\xa6", 1, CUT },
		{ IN("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97"), 2, 0,
		    "\xe2\x80\xa6", 1, CUT },
		{ IN("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97"), 3, 0,
		    "\xe4\xb8\xad\xe2\x80\xa6", 3, CUT },
		{ IN("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97"), 5, 0,
		    "\xe4\xb8\xad\xe6\x96\x87\xe2\x80\xa6", 5, CUT },
		{ IN("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97"), 6, 0,
		    "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 6, 0 },
		{ IN("\xe4\xb8\xad"), 2, 0, "\xe4\xb8\xad", 2, 0 },
		{ IN("\xe4\xb8\xad"), 1, 0, "\xe2\x80\xa6", 1, CUT },
		/* The limit falls in the middle of the wide character. */
		{ IN("a\xe4\xb8\xad" "b"), 3, 0, "a\xe2\x80\xa6", 2, CUT },
		{ IN("a\xe4\xb8\xad" "b"), 2, 0, "a\xe2\x80\xa6", 2, CUT },
		{ IN("ab\xe4\xb8\xad"), 3, 0, "ab\xe2\x80\xa6", 3, CUT },
		{ IN("\xf0\x9f\x98\x80\xf0\x9f\x98\x80"), 3, 0,
		    "\xf0\x9f\x98\x80\xe2\x80\xa6", 3, CUT },
		{ IN("\xf0\x9f\x98\x80\xf0\x9f\x98\x80"), 2, 0,
		    "\xe2\x80\xa6", 1, CUT },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_cut_escape(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("ab\x1b" "cd"), 0, 0, "ab\\x1bcd", 8, ESC },
		{ IN("ab\x1b" "cd"), 1, 0, "\xe2\x80\xa6", 1, CUT },
		{ IN("ab\x1b" "cd"), 2, 0, "a\xe2\x80\xa6", 2, CUT },
		{ IN("ab\x1b" "cd"), 3, 0, "ab\xe2\x80\xa6", 3, CUT },
		/* The escape would end past the limit, so it is left out. */
		{ IN("ab\x1b" "cd"), 5, 0, "ab\xe2\x80\xa6", 3, CUT },
		/* The escape fits only without the ellipsis, so it goes too. */
		{ IN("ab\x1b" "cd"), 6, 0, "ab\xe2\x80\xa6", 3, CUT },
		{ IN("ab\x1b" "cd"), 7, 0, "ab\\x1b\xe2\x80\xa6", 7,
		    CUT | ESC },
		{ IN("ab\x1b" "cd"), 8, 0, "ab\\x1bcd", 8, ESC },
		{ IN("x\xe2\x80\xae" "y"), 5, 0, "x\xe2\x80\xa6", 2, CUT },
		{ IN("x\xe2\x80\xae" "yz"), 10, 0, "x<U+202E>\xe2\x80\xa6", 10,
		    CUT | ESC },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_cut_combining(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("e\xcc\x81" "e\xcc\x81" "e\xcc\x81"), 1, 0,
		    "\xe2\x80\xa6", 1, CUT },
		{ IN("e\xcc\x81" "e\xcc\x81" "e\xcc\x81"), 2, 0,
		    "e\xcc\x81\xe2\x80\xa6", 2, CUT },
		{ IN("e\xcc\x81" "e\xcc\x81" "e\xcc\x81"), 3, 0,
		    "e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 3, 0 },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_cut_ascii_mode(void **state)
{
	static const struct sanitize_case cases[] = {
		{ IN("hello world"), 1, ASCII, ".", 1, CUT },
		{ IN("hello world"), 2, ASCII, "..", 2, CUT },
		{ IN("hello world"), 3, ASCII, "...", 3, CUT },
		{ IN("hello world"), 5, ASCII, "he...", 5, CUT },
		{ IN("hello world"), 11, ASCII, "hello world", 11, 0 },
		{ IN("ab"), 2, ASCII, "ab", 2, 0 },
		{ IN("ab"), 1, ASCII, ".", 1, CUT },
		{ IN("abc"), 3, ASCII, "abc", 3, 0 },
		{ IN("abcd"), 3, ASCII, "...", 3, CUT },
		{ IN("caf\xc3\xa9"), 5, ASCII, "ca...", 5, CUT },
		{ IN("caf\xc3\xa9"), 10, ASCII, "caf...", 6, CUT },
		{ IN("caf\xc3\xa9"), 11, ASCII, "caf<U+00E9>", 11, ESC },
		{ IN("\xe4\xb8\xad"), 2, ASCII, "..", 2, CUT },
	};

	(void)state;
	check_cases(cases, NCASES(cases));
}

static void
test_sanitize_result_flags(void **state)
{
	struct strbuf	 sb;
	int		 flags;

	(void)state;
	strbuf_init(&sb);

	/* Flags are overwritten, not added to. */
	flags = 0x7f;
	assert_int_equal(sanitize_append(&sb, IN("plain"), 0, 0, &flags), 5);
	assert_int_equal(flags, 0);

	/* A NULL result pointer is allowed. */
	strbuf_reset(&sb);
	assert_int_equal(sanitize_append(&sb, IN("\x1b"), 2, 0, NULL), 1);
	assert_string_equal(strbuf_str(&sb), "\xe2\x80\xa6");

	/* Both flags at once. */
	strbuf_reset(&sb);
	assert_int_equal(sanitize_append(&sb, IN("\x1b" "abcdef"), 6, 0,
	    &flags), 6);
	assert_string_equal(strbuf_str(&sb), "\\x1b" "a\xe2\x80\xa6");
	assert_int_equal(flags, SANITIZE_ESCAPED | SANITIZE_CUT);
	strbuf_free(&sb);
}

static void
test_sanitize_append_keeps_prefix(void **state)
{
	struct strbuf	 sb;
	int		 flags;

	(void)state;
	strbuf_init(&sb);
	strbuf_addstr(&sb, "id: ");
	assert_int_equal(sanitize_append(&sb, IN("hello world"), 5, 0,
	    &flags), 5);
	assert_string_equal(strbuf_str(&sb), "id: hell\xe2\x80\xa6");
	assert_int_equal(flags, SANITIZE_CUT);

	strbuf_reset(&sb);
	strbuf_addstr(&sb, "id: ");
	assert_int_equal(sanitize_append(&sb, IN("\x1b\x1b"), 3, 0, &flags),
	    1);
	assert_string_equal(strbuf_str(&sb), "id: \xe2\x80\xa6");
	assert_int_equal(flags, SANITIZE_CUT);

	strbuf_reset(&sb);
	strbuf_addstr(&sb, "id: ");
	assert_int_equal(sanitize_append(&sb, IN("abcd"), 2, ASCII, &flags),
	    2);
	assert_string_equal(strbuf_str(&sb), "id: ..");
	assert_int_equal(flags, SANITIZE_CUT);
	strbuf_free(&sb);
}

static void
test_sanitize_width_matches_append(void **state)
{
	static const char *const inputs[] = {
		"", "plain", "caf\xc3\xa9", "\xe4\xb8\xad\xe6\x96\x87",
		"\xf0\x9f\x98\x80!", "e\xcc\x81\xcc\x82\xcc\x83",
		"\x1b[2J\r\n\t", "\xc2\x9b\xe2\x80\xae\xef\xbb\xbf",
		"\xff\xc0\xaf\xed\xa0\x80", "a\nb\nc", "\xcc\x81",
		"\xf3\xa0\x81\x81\xee\x80\x80",
	};
	static const int	 opts[] = { 0, ASCII, KEEP_NL };
	struct strbuf		 sb;
	size_t			 i, k;
	int			 width;

	(void)state;
	strbuf_init(&sb);
	for (i = 0; i < NCASES(inputs); i++) {
		for (k = 0; k < NCASES(opts); k++) {
			strbuf_reset(&sb);
			width = sanitize_appendstr(&sb, inputs[i], 0, opts[k],
			    NULL);
			assert_int_equal(sanitize_width(inputs[i],
			    strlen(inputs[i]), opts[k]), width);
			if (!(opts[k] & KEEP_NL))
				assert_int_equal(utf8_width(strbuf_str(&sb)),
				    width);
		}
	}
	assert_int_equal(sanitize_width(NULL, 0, 0), 0);
	strbuf_free(&sb);
}

static void
test_sanitize_dup_allocates(void **state)
{
	char	*s;

	(void)state;
	s = sanitize_dup("a\x1b" "b", 0);
	assert_string_equal(s, "a\\x1b" "b");
	free(s);
	s = sanitize_dup("caf\xc3\xa9", ASCII);
	assert_string_equal(s, "caf<U+00E9>");
	free(s);
	s = sanitize_dup("", 0);
	assert_string_equal(s, "");
	free(s);
	s = sanitize_dup(NULL, 0);
	assert_string_equal(s, "");
	free(s);
}

static void
test_sanitize_is_clean_true(void **state)
{
	static const char *const clean[] = {
		"", "hello", "caf\xc3\xa9", "\xe4\xb8\xad\xe6\x96\x87",
		"e\xcc\x81", "e\xcc\x81\xcc\x82", "\xf0\x9f\x98\x80",
		"\xe3\x80\x80", "a\\x1b",
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < NCASES(clean); i++)
		assert_int_equal(sanitize_is_clean(clean[i], strlen(clean[i]),
		    0), 1);
	assert_int_equal(sanitize_is_clean(IN("a\nb"), KEEP_NL), 1);
	assert_int_equal(sanitize_is_clean(IN("hello"), ASCII), 1);
	assert_int_equal(sanitize_is_clean(NULL, 0, 0), 1);

	/* Only len bytes are read. */
	assert_int_equal(sanitize_is_clean("abc\x1b", 3, 0), 1);
}

static void
test_sanitize_is_clean_false(void **state)
{
	static const char *const dirty[] = {
		"a\nb", "\t", "\x1b[2J", "\x7f", "\xff", "\xc0\xaf",
		"\xe2\x82", "\xc2\x9b", "\xe2\x80\xae", ("\xcc\x81" "a"),
		"e\xcc\x81\xcc\x82\xcc\x83", "\xef\xbb\xbf", "\xe2\x80\x8b",
		"\xee\x80\x80", "\xef\xbf\xbe", "\xcd\xb8",
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < NCASES(dirty); i++)
		assert_int_equal(sanitize_is_clean(dirty[i], strlen(dirty[i]),
		    0), 0);
	assert_int_equal(sanitize_is_clean(IN("\n\xcc\x81"), KEEP_NL), 0);
	assert_int_equal(sanitize_is_clean(IN("caf\xc3\xa9"), ASCII), 0);
	assert_int_equal(sanitize_is_clean(IN("a\0b"), 0), 0);
}

static void
test_sanitize_appendstr_null(void **state)
{
	struct strbuf	 sb;
	int		 flags;

	(void)state;
	strbuf_init(&sb);
	flags = -1;
	assert_int_equal(sanitize_appendstr(&sb, NULL, 0, 0, &flags), 0);
	assert_string_equal(strbuf_str(&sb), "");
	assert_int_equal(flags, 0);

	strbuf_addstr(&sb, "x");
	assert_int_equal(sanitize_appendstr(&sb, NULL, 1, ASCII, &flags), 0);
	assert_string_equal(strbuf_str(&sb), "x");
	assert_int_equal(flags, 0);

	assert_int_equal(sanitize_appendstr(&sb, "y\x1b", 0, 0, &flags), 5);
	assert_string_equal(strbuf_str(&sb), "xy\\x1b");
	assert_int_equal(flags, SANITIZE_ESCAPED);
	strbuf_free(&sb);
}

static void
test_sanitize_next_glyphs(void **state)
{
	static const char	 in[] = "e\xcc\x81\x1b\xe4\xb8\xad\n"
				    "e\xcc\x81\xcc\x82\xcc\x83";
	struct sanitize_glyph	 g;
	const char		*p = in, *end = in + sizeof(in) - 1;

	(void)state;
	assert_int_equal(sanitize_next(&p, end, KEEP_NL, &g), 1);
	assert_int_equal(g.escape, 0);
	assert_int_equal(g.ncp, 2);
	assert_string_equal(g.text, "e\xcc\x81");
	assert_int_equal(g.width, 1);

	assert_int_equal(sanitize_next(&p, end, KEEP_NL, &g), 1);
	assert_int_equal(g.escape, 1);
	assert_int_equal(g.ncp, 0);
	assert_string_equal(g.text, "\\x1b");
	assert_int_equal(g.width, 4);

	assert_int_equal(sanitize_next(&p, end, KEEP_NL, &g), 1);
	assert_int_equal(g.escape, 0);
	assert_int_equal(g.ncp, 1);
	assert_int_equal(g.cp[0], 0x4e2d);
	assert_string_equal(g.text, "\xe4\xb8\xad");
	assert_int_equal(g.width, 2);

	assert_int_equal(sanitize_next(&p, end, KEEP_NL, &g), 1);
	assert_int_equal(g.escape, 0);
	assert_int_equal(g.cp[0], '\n');
	assert_string_equal(g.text, "\n");
	assert_int_equal(g.width, 0);

	/* The base takes SANITIZE_MAX_COMBINING marks, then one is escaped. */
	assert_int_equal(sanitize_next(&p, end, KEEP_NL, &g), 1);
	assert_int_equal(g.ncp, 1 + SANITIZE_MAX_COMBINING);
	assert_int_equal(g.cp[2], 0x302);
	assert_string_equal(g.text, "e\xcc\x81\xcc\x82");
	assert_int_equal(g.width, 1);

	assert_int_equal(sanitize_next(&p, end, KEEP_NL, &g), 1);
	assert_int_equal(g.escape, 1);
	assert_string_equal(g.text, "<U+0303>");
	assert_int_equal(g.width, 8);

	assert_int_equal(sanitize_next(&p, end, KEEP_NL, &g), 0);
	assert_ptr_equal(p, end);
}

static void
test_sanitize_cp_hidden_classes(void **state)
{
	static const uint32_t	 hidden[] = {
		0x80, 0x9b, 0xad, 0x61c, 0x200b, 0x200d, 0x202e, 0x2066,
		0x2028, 0x3164, 0xfe0f, 0xfeff, 0xfffe, 0xe000, 0xe0041,
		0x10ffff, 0x378, 0xd800, 0xdfff, 0x110000,
	};
	static const uint32_t	 shown[] = {
		0x00, 0x1b, 0x41, 0x7f, 0xe9, 0x301, 0x3000, 0x4e2d, 0x1f600,
		0xfffd,
	};
	size_t			 i;

	(void)state;
	for (i = 0; i < NCASES(hidden); i++) {
		if (!sanitize_cp_hidden(hidden[i]))
			fail_msg("U+%04X is not hidden", hidden[i]);
	}
	for (i = 0; i < NCASES(shown); i++) {
		if (sanitize_cp_hidden(shown[i]))
			fail_msg("U+%04X is hidden", shown[i]);
	}
}

static void
test_sanitize_c_locale_escapes(void **state)
{
	char	*s;

	(void)state;
	assert_non_null(setlocale(LC_CTYPE, "C"));
	s = sanitize_dup("caf\xc3\xa9 \xe4\xb8\xad", 0);
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	assert_string_equal(s, "caf<U+00E9> <U+4E2D>");
	free(s);
}

/*
 * Check every Unicode scalar value alone and after a base: it is escaped
 * when sanitize.h lists it or wcwidth() rejects it, and then
 * sanitize_cp_hidden() returns 1. A mark attaches to the base, and
 * anything else is shown as it is with its wcwidth() width.
 */
static void
test_sanitize_every_code_point(void **state)
{
	struct strbuf	 sb;
	char		 buf[8], want[16];
	uint32_t	 cp;
	size_t		 len;
	int		 escaped, width, flags;

	(void)state;
	strbuf_init(&sb);
	for (cp = 0x80; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		buf[0] = 'a';
		len = encode_utf8(cp, buf + 1);
		width = wcwidth((wchar_t)cp);
		escaped = always_escaped(cp) || width < 0;
		if (sanitize_is_clean(buf, len + 1, 0) != !escaped)
			fail_msg("U+%04X: is_clean after a base is %d", cp,
			    escaped);
		if (sanitize_cp_hidden(cp) != escaped)
			fail_msg("U+%04X: cp_hidden is %d", cp, !escaped);

		strbuf_reset(&sb);
		sanitize_append(&sb, buf + 1, len, 0, 0, &flags);
		if (escaped || width == 0) {
			snprintf(want, sizeof(want), "<U+%04X>", cp);
			assert_string_equal(strbuf_str(&sb), want);
			assert_int_equal(flags, SANITIZE_ESCAPED);
		} else {
			assert_int_equal(sb.len, len);
			assert_memory_equal(sb.buf, buf + 1, len);
			assert_int_equal(flags, 0);
			assert_int_equal(sanitize_width(buf + 1, len, 0),
			    width);
		}
	}
	strbuf_free(&sb);
}

/* A seeded xorshift64* generator, so failures can be replayed. */
static uint64_t
random_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

/*
 * Append a random piece of input to sb: a random byte, printable ASCII,
 * a control, a truncated sequence, or the UTF-8 of a code point, often
 * one that sanitize.h escapes or attaches as a mark.
 */
static void
random_piece(struct strbuf *sb, uint64_t *seed)
{
	static const uint32_t	 trouble[] = {
		0x9b, 0xad, 0x300, 0x301, 0x34f, 0x61c, 0x200b, 0x200d,
		0x202e, 0x2066, 0x2069, 0x2028, 0x3164, 0xfe0f, 0xfeff,
		0xfffe, 0xe0041, 0x4e2d, 0x1f600, 0x1160, 0x1161, 0xe000,
	};
	char			 buf[4];
	uint32_t		 cp;
	uint64_t		 r = random_next(seed);

	switch (r % 8) {
	case 0:
		strbuf_addch(sb, (int)(r >> 8) & 0xff);
		break;
	case 1:
	case 2:
		strbuf_addch(sb, 0x20 + (int)((r >> 8) % 95));
		break;
	case 3:
		strbuf_addch(sb, (int)(r >> 8) % 0x20);
		break;
	case 4:
		cp = trouble[(r >> 8) % NCASES(trouble)];
		strbuf_add(sb, buf, encode_utf8(cp, buf));
		break;
	case 5:
		cp = 0x300 + (uint32_t)((r >> 8) % 0x70);
		strbuf_add(sb, buf, encode_utf8(cp, buf));
		break;
	case 6:
		cp = (uint32_t)((r >> 8) % 0x110000);
		if (cp >= 0xd800 && cp <= 0xdfff)
			cp = 0xfffd;
		strbuf_add(sb, buf, encode_utf8(cp, buf));
		break;
	default:
		cp = 0x80 + (uint32_t)((r >> 8) % 0x10ff80);
		strbuf_add(sb, buf, encode_utf8(cp, buf) - 1);
		break;
	}
}

/*
 * Check the properties that hold for any input. The output is safe for a
 * terminal, and its width equals what sanitize_width() and wcswidth()
 * return. The input is clean exactly when it comes out unchanged. A cut
 * output is a prefix of the full one followed by the ellipsis.
 */
static void
check_random_input(const char *in, size_t len, int maxw, int opts)
{
	struct strbuf	 full, cut;
	const char	*ellipsis;
	size_t		 prefix;
	int		 width, cutwidth, flags, cutflags, clean;

	strbuf_init(&full);
	strbuf_init(&cut);
	width = sanitize_append(&full, in, len, 0, opts, &flags);
	assert_display_safe(full.buf, full.len, opts);
	assert_int_equal(sanitize_width(in, len, opts), width);
	if (!(opts & KEEP_NL))
		assert_int_equal(utf8_width(strbuf_str(&full)), width);
	clean = full.len == len && memcmp(strbuf_str(&full), in, len) == 0;
	assert_int_equal(sanitize_is_clean(in, len, opts), clean);
	assert_int_equal(flags, clean ? 0 : SANITIZE_ESCAPED);

	cutwidth = sanitize_append(&cut, in, len, maxw, opts, &cutflags);
	assert_display_safe(cut.buf, cut.len, opts);
	assert_true(cutwidth <= maxw);
	if (width <= maxw) {
		assert_string_equal(strbuf_str(&cut), strbuf_str(&full));
		assert_int_equal(cutflags, flags);
	} else {
		assert_true(cutflags & SANITIZE_CUT);
		ellipsis = (opts & ASCII) ? "..." : "\xe2\x80\xa6";
		if (maxw < 3 && (opts & ASCII))
			ellipsis += 3 - maxw;
		assert_true(cut.len >= strlen(ellipsis));
		prefix = cut.len - strlen(ellipsis);
		assert_string_equal(cut.buf + prefix, ellipsis);
		assert_memory_equal(strbuf_str(&cut), strbuf_str(&full),
		    prefix);
	}
	if (!(opts & KEEP_NL))
		assert_int_equal(utf8_width(strbuf_str(&cut)), cutwidth);
	strbuf_free(&full);
	strbuf_free(&cut);
}

static void
test_sanitize_random_inputs(void **state)
{
	static const int	 opts[] = {
		0, ASCII, KEEP_NL, ASCII | KEEP_NL
	};
	struct strbuf		 in;
	uint64_t		 seed = 0x9e3779b97f4a7c15ULL;
	int			 i, n, pieces;

	(void)state;
	strbuf_init(&in);
	for (i = 0; i < 20000; i++) {
		strbuf_reset(&in);
		pieces = (int)(random_next(&seed) % 24);
		for (n = 0; n < pieces; n++)
			random_piece(&in, &seed);
		check_random_input(strbuf_str(&in), in.len,
		    1 + (int)(random_next(&seed) % 16), opts[i % 4]);
	}
	strbuf_free(&in);
}

static void
test_sanitize_long_random_string(void **state)
{
	struct strbuf	 in, out;
	uint64_t	 seed = 20240601;
	size_t		 i;
	int		 width;

	(void)state;
	strbuf_init(&in);
	strbuf_init(&out);
	for (i = 0; i < 200000; i++)
		strbuf_addch(&in, (int)(random_next(&seed) & 0xff));
	width = sanitize_append(&out, in.buf, in.len, 0, 0, NULL);
	assert_display_safe(out.buf, out.len, 0);
	assert_int_equal(sanitize_width(in.buf, in.len, 0), width);
	assert_int_equal(utf8_width(strbuf_str(&out)), width);
	assert_int_equal(sanitize_is_clean(in.buf, in.len, 0), 0);
	strbuf_free(&in);
	strbuf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sanitize_plain_ascii),
		cmocka_unit_test(test_sanitize_accented_latin),
		cmocka_unit_test(test_sanitize_cjk_wide),
		cmocka_unit_test(test_sanitize_emoji_wide),
		cmocka_unit_test(test_sanitize_combining_attached),
		cmocka_unit_test(test_sanitize_combining_excess),
		cmocka_unit_test(test_sanitize_combining_without_base),
		cmocka_unit_test(test_sanitize_each_c0_control),
		cmocka_unit_test(test_sanitize_escape_sequences),
		cmocka_unit_test(test_sanitize_cr_bs_tab_newline),
		cmocka_unit_test(test_sanitize_del),
		cmocka_unit_test(test_sanitize_c1_controls),
		cmocka_unit_test(test_sanitize_bidi_controls),
		cmocka_unit_test(test_sanitize_zero_width),
		cmocka_unit_test(test_sanitize_bom_soft_hyphen),
		cmocka_unit_test(test_sanitize_tag_characters),
		cmocka_unit_test(test_sanitize_line_separators),
		cmocka_unit_test(test_sanitize_invisible_fillers),
		cmocka_unit_test(test_sanitize_variation_selectors),
		cmocka_unit_test(test_sanitize_noncharacters),
		cmocka_unit_test(test_sanitize_private_use),
		cmocka_unit_test(test_sanitize_unassigned),
		cmocka_unit_test(test_sanitize_invalid_utf8),
		cmocka_unit_test(test_sanitize_keep_newline),
		cmocka_unit_test(test_sanitize_ascii_mode),
		cmocka_unit_test(test_sanitize_cut_ascii_text),
		cmocka_unit_test(test_sanitize_cut_wide_char),
		cmocka_unit_test(test_sanitize_cut_escape),
		cmocka_unit_test(test_sanitize_cut_combining),
		cmocka_unit_test(test_sanitize_cut_ascii_mode),
		cmocka_unit_test(test_sanitize_result_flags),
		cmocka_unit_test(test_sanitize_append_keeps_prefix),
		cmocka_unit_test(test_sanitize_width_matches_append),
		cmocka_unit_test(test_sanitize_dup_allocates),
		cmocka_unit_test(test_sanitize_is_clean_true),
		cmocka_unit_test(test_sanitize_is_clean_false),
		cmocka_unit_test(test_sanitize_appendstr_null),
		cmocka_unit_test(test_sanitize_next_glyphs),
		cmocka_unit_test(test_sanitize_cp_hidden_classes),
		cmocka_unit_test(test_sanitize_c_locale_escapes),
		cmocka_unit_test(test_sanitize_every_code_point),
		cmocka_unit_test(test_sanitize_random_inputs),
		cmocka_unit_test(test_sanitize_long_random_string),
	};

	return cmocka_run_group_tests(tests, setup_locale, NULL);
}
