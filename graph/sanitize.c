/*
 * Terminal-safe display of untrusted text. See sanitize.h for the rules.
 *
 * The input is split into glyphs: a printable character with up to
 * SANITIZE_MAX_COMBINING combining marks, or the ASCII text of one escape.
 * Output is only ever cut between glyphs, so an escape, a wide character
 * or a base character and its marks are never split. UTF-8 is decoded
 * strictly: an invalid byte is escaped on its own and decoding starts
 * again at the next byte.
 *
 * Which code points are escaped comes from two sources. The table below
 * lists the ones that are invisible or change how the text around them is
 * laid out but that wcwidth(3) may still report as printable. Beyond it,
 * every code point for which wcwidth() returns -1 (controls and code
 * points that the C library does not know) is escaped. In the C locale,
 * glibc's wcwidth() (checked with 2.36) returns -1 for everything above
 * U+007F, so there all of it is escaped.
 *
 * Printable ASCII takes a fast path that copies whole runs. No function
 * here allocates per glyph, and the only globals are const tables.
 */
#include "sanitize.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>

#include "strbuf.h"

/* A glyph's text contains a base and its marks, each up to 4 UTF-8 bytes. */
_Static_assert(SANITIZE_ESCAPE_MAX >= 4 * (1 + SANITIZE_MAX_COMBINING) + 1,
    "struct sanitize_glyph text too short for a base and its marks");

/* An inclusive range of code points. */
struct sanitize_range {
	uint32_t	 first;
	uint32_t	 last;
};

/*
 * Code points shown as <U+XXXX> whatever wcwidth() returns for them, sorted
 * and not overlapping, because sanitize_in_table() searches it by
 * bisection. The classes are C1 controls, every format character (general
 * category Cf of Unicode 14, as Python 3's unicodedata 14.0.0 lists
 * them), line and paragraph separators, invisible letters and fillers,
 * variation selectors, noncharacters and private use. Some ranges also
 * cover unassigned code points, such as U+2065, for which wcwidth()
 * returns -1 anyway.
 */
static const struct sanitize_range sanitize_escaped[] = {
	{ 0x00080, 0x0009f },	/* C1 controls, CSI U+009B among them */
	{ 0x000ad, 0x000ad },	/* soft hyphen */
	{ 0x0034f, 0x0034f },	/* combining grapheme joiner, invisible */
	{ 0x00600, 0x00605 },	/* Arabic number signs (Cf) */
	{ 0x0061c, 0x0061c },	/* Arabic letter mark (bidi) */
	{ 0x006dd, 0x006dd },	/* Arabic end of ayah (Cf) */
	{ 0x0070f, 0x0070f },	/* Syriac abbreviation mark (Cf) */
	{ 0x00890, 0x00891 },	/* Arabic pound and piastre marks (Cf) */
	{ 0x008e2, 0x008e2 },	/* Arabic disputed end of ayah (Cf) */
	{ 0x0115f, 0x01160 },	/* Hangul choseong and jungseong fillers */
	{ 0x017b4, 0x017b5 },	/* Khmer inherent vowels, invisible */
	{ 0x0180b, 0x0180f },	/* Mongolian variation selectors, U+180E */
	{ 0x0200b, 0x0200f },	/* ZWSP, ZWNJ, ZWJ, LRM, RLM */
	{ 0x02028, 0x02029 },	/* line and paragraph separators */
	{ 0x0202a, 0x0202e },	/* bidi embeddings and overrides */
	{ 0x02060, 0x0206f },	/* word joiner, invisible operators, bidi
				   isolates, deprecated format characters */
	{ 0x02800, 0x02800 },	/* braille pattern blank */
	{ 0x03164, 0x03164 },	/* Hangul filler */
	{ 0x0e000, 0x0f8ff },	/* private use area */
	{ 0x0fdd0, 0x0fdef },	/* noncharacters */
	{ 0x0fe00, 0x0fe0f },	/* variation selectors */
	{ 0x0feff, 0x0feff },	/* byte order mark */
	{ 0x0ffa0, 0x0ffa0 },	/* halfwidth Hangul filler */
	{ 0x0fff9, 0x0fffb },	/* interlinear annotation controls */
	{ 0x0fffe, 0x0ffff },	/* noncharacters */
	{ 0x110bd, 0x110bd },	/* Kaithi number sign (Cf) */
	{ 0x110cd, 0x110cd },	/* Kaithi number sign above (Cf) */
	{ 0x13430, 0x1343f },	/* Egyptian hieroglyph format controls */
	{ 0x1bca0, 0x1bca3 },	/* shorthand format controls */
	{ 0x1d173, 0x1d17a },	/* musical symbol format controls */
	{ 0x1fffe, 0x1ffff },	/* noncharacters, planes 1 to 14 */
	{ 0x2fffe, 0x2ffff },
	{ 0x3fffe, 0x3ffff },
	{ 0x4fffe, 0x4ffff },
	{ 0x5fffe, 0x5ffff },
	{ 0x6fffe, 0x6ffff },
	{ 0x7fffe, 0x7ffff },
	{ 0x8fffe, 0x8ffff },
	{ 0x9fffe, 0x9ffff },
	{ 0xafffe, 0xaffff },
	{ 0xbfffe, 0xbffff },
	{ 0xcfffe, 0xcffff },
	{ 0xdfffe, 0xdffff },
	{ 0xe0001, 0xe0001 },	/* language tag */
	{ 0xe0020, 0xe007f },	/* tag characters */
	{ 0xe0100, 0xe01ef },	/* variation selectors supplement */
	{ 0xefffe, 0xeffff },	/* noncharacters, plane 14 */
	{ 0xf0000, 0x10ffff },	/* private use planes 15 and 16, with their
				   noncharacters */
};

#define SANITIZE_NESCAPED \
	(sizeof sanitize_escaped / sizeof sanitize_escaped[0])

/* Classes from sanitize_classify() other than the widths 1 and 2. */
#define SANITIZE_CLASS_ESCAPE	(-1)
#define SANITIZE_CLASS_MARK	0

#define SANITIZE_ELLIPSIS	"\xe2\x80\xa6"	/* U+2026, 1 column */
#define SANITIZE_ELLIPSIS_ASCII	"..."

static const char sanitize_hex_lower[] = "0123456789abcdef";
static const char sanitize_hex_upper[] = "0123456789ABCDEF";

/*
 * Output state of sanitize_append(). The cut fields record the last place
 * where the ellipsis would still fit after the text appended so far.
 */
struct sanitize_out {
	struct strbuf	*sb;
	int		 maxw;		/* column limit, 0 for none */
	int		 opts;
	int		 room;		/* maxw minus the ellipsis width */
	int		 width;		/* columns appended so far */
	int		 escaped;	/* an escape has been appended */
	size_t		 cutlen;	/* sb->len at the cut place */
	int		 cutwidth;
	int		 cutescaped;
};

static int
sanitize_in_table(uint32_t cp)
{
	size_t	 lo, hi, mid;

	lo = 0;
	hi = SANITIZE_NESCAPED;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp < sanitize_escaped[mid].first)
			hi = mid;
		else if (cp > sanitize_escaped[mid].last)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/*
 * Classify a code point of U+0080 or above: SANITIZE_CLASS_ESCAPE when it
 * is shown as <U+XXXX>, SANITIZE_CLASS_MARK when it is a combining mark,
 * else its width in columns (1 or 2).
 */
static int
sanitize_classify(uint32_t cp, int opts)
{
	int	 width;

	if ((opts & SANITIZE_ASCII) || sanitize_in_table(cp))
		return SANITIZE_CLASS_ESCAPE;
	width = wcwidth((wchar_t)cp);
	if (width < 0)
		return SANITIZE_CLASS_ESCAPE;
	return width;
}

/*
 * Decode one UTF-8 sequence at s, reading no further than end. Returns its
 * length and stores the code point in *cpp. Returns 0 when the byte at s
 * does not start a valid, complete sequence, which rejects stray
 * continuation bytes, overlong forms, surrogates, values above U+10FFFF
 * and truncated sequences.
 */
static size_t
sanitize_decode(const unsigned char *s, const unsigned char *end,
    uint32_t *cpp)
{
	uint32_t	 cp;
	size_t		 len, i;
	unsigned char	 lo = 0x80, hi = 0xbf;

	if (s[0] < 0x80) {
		*cpp = s[0];
		return 1;
	}

	/*
	 * The lead byte fixes the length, and the range allowed for the
	 * second byte rules out overlongs, surrogates and values above
	 * U+10FFFF.
	 */
	if (s[0] < 0xc2)
		return 0;
	if (s[0] < 0xe0) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] < 0xf0) {
		len = 3;
		cp = s[0] & 0x0f;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] < 0xf5) {
		len = 4;
		cp = s[0] & 0x07;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if ((size_t)(end - s) < len || s[1] < lo || s[1] > hi)
		return 0;

	cp = (cp << 6) | (s[1] & 0x3f);
	for (i = 2; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	*cpp = cp;
	return len;
}

/* Make g the escape \xNN for one byte. */
static void
sanitize_escape_byte(struct sanitize_glyph *g, unsigned char c)
{
	g->escape = 1;
	g->ncp = 0;
	g->text[0] = '\\';
	g->text[1] = 'x';
	g->text[2] = sanitize_hex_lower[c >> 4];
	g->text[3] = sanitize_hex_lower[c & 0xf];
	g->text[4] = '\0';
	g->width = 4;
}

/* Make g the escape <U+XXXX> for a code point, with 4 to 6 hex digits. */
static void
sanitize_escape_cp(struct sanitize_glyph *g, uint32_t cp)
{
	char	*t = g->text;
	int	 digits, shift;

	if (cp > 0xfffff)
		digits = 6;
	else if (cp > 0xffff)
		digits = 5;
	else
		digits = 4;
	*t++ = '<';
	*t++ = 'U';
	*t++ = '+';
	for (shift = 4 * (digits - 1); shift >= 0; shift -= 4)
		*t++ = sanitize_hex_upper[(cp >> shift) & 0xf];
	*t++ = '>';
	*t = '\0';
	g->escape = 1;
	g->ncp = 0;
	g->width = (int)(t - g->text);
}

/*
 * Make g the display form of a C0 control or DEL: a real newline with
 * SANITIZE_KEEP_NEWLINE, the C spelling of \n, \r and \t, else \xNN.
 */
static void
sanitize_control(struct sanitize_glyph *g, unsigned char c, int opts)
{
	char	 letter;

	if (c == '\n' && (opts & SANITIZE_KEEP_NEWLINE)) {
		g->escape = 0;
		g->cp[0] = '\n';
		g->ncp = 1;
		g->text[0] = '\n';
		g->text[1] = '\0';
		g->width = 0;
		return;
	}

	switch (c) {
	case '\n':
		letter = 'n';
		break;
	case '\r':
		letter = 'r';
		break;
	case '\t':
		letter = 't';
		break;
	default:
		sanitize_escape_byte(g, c);
		return;
	}
	g->escape = 1;
	g->ncp = 0;
	g->text[0] = '\\';
	g->text[1] = letter;
	g->text[2] = '\0';
	g->width = 2;
}

/*
 * Attach the combining marks at s to the base character already in g, as
 * many as fit, and return the end of the last one attached.
 */
static const unsigned char *
sanitize_attach_marks(struct sanitize_glyph *g, const unsigned char *s,
    const unsigned char *end, int opts)
{
	uint32_t	 cp;
	size_t		 len;

	while (g->ncp < 1 + SANITIZE_MAX_COMBINING && s < end && *s >= 0x80) {
		len = sanitize_decode(s, end, &cp);
		if (len == 0 ||
		    sanitize_classify(cp, opts) != SANITIZE_CLASS_MARK)
			break;
		g->cp[g->ncp++] = cp;
		s += len;
	}
	return s;
}

int
sanitize_next(const char **p, const char *end, int opts,
    struct sanitize_glyph *g)
{
	const unsigned char	*s = (const unsigned char *)*p;
	const unsigned char	*e = (const unsigned char *)end;
	const unsigned char	*next;
	uint32_t		 cp;
	size_t			 len;
	int			 class;

	if (s >= e)
		return 0;

	/* Controls, invalid bytes and code points that are escaped. */
	if (*s < 0x20 || *s == 0x7f) {
		sanitize_control(g, *s, opts);
		*p = (const char *)s + 1;
		return 1;
	}
	if ((len = sanitize_decode(s, e, &cp)) == 0) {
		sanitize_escape_byte(g, *s);
		*p = (const char *)s + 1;
		return 1;
	}
	class = cp < 0x80 ? 1 : sanitize_classify(cp, opts);
	if (class == SANITIZE_CLASS_ESCAPE || class == SANITIZE_CLASS_MARK) {
		/* A mark reaching here has no base to attach to. */
		sanitize_escape_cp(g, cp);
		*p = (const char *)s + len;
		return 1;
	}

	/* A printable base, then its marks, copied as they are. */
	g->escape = 0;
	g->cp[0] = cp;
	g->ncp = 1;
	g->width = class;
	next = sanitize_attach_marks(g, s + len, e, opts);
	memcpy(g->text, s, (size_t)(next - s));
	g->text[next - s] = '\0';
	*p = (const char *)next;
	return 1;
}

/*
 * Return the number of printable ASCII bytes at p that can be copied as
 * they are, at most max and at most INT_MAX. When the run is followed by
 * a byte that may start a combining mark, its last byte is left out so
 * that sanitize_next() decodes that base and its marks as one glyph.
 */
static size_t
sanitize_ascii_run(const char *p, const char *end, size_t max, int opts)
{
	const unsigned char	*s = (const unsigned char *)p;
	size_t			 n, avail;

	avail = (size_t)(end - p);
	if (max > avail)
		max = avail;
	if (max > INT_MAX)
		max = INT_MAX;
	for (n = 0; n < max && s[n] >= 0x20 && s[n] < 0x7f; n++)
		;
	if (n > 0 && n < avail && s[n] >= 0x80 && !(opts & SANITIZE_ASCII))
		n--;
	return n;
}

/* Add two widths, saturating at INT_MAX instead of overflowing. */
static int
sanitize_add_width(int a, int b)
{
	return b > INT_MAX - a ? INT_MAX : a + b;
}

static void
sanitize_out_init(struct sanitize_out *o, struct strbuf *sb, int maxw,
    int opts)
{
	int	 ellipsis_width;

	ellipsis_width = (opts & SANITIZE_ASCII) ? 3 : 1;
	o->sb = sb;
	o->maxw = maxw > 0 ? maxw : 0;
	o->opts = opts;
	o->room = o->maxw - ellipsis_width;
	o->width = 0;
	o->escaped = 0;
	o->cutlen = sb->len;
	o->cutwidth = 0;
	o->cutescaped = 0;
}

/*
 * Return how many more columns can be appended with room left for the
 * ellipsis, SIZE_MAX when there is no limit.
 */
static size_t
sanitize_out_room(const struct sanitize_out *o)
{
	if (o->maxw == 0)
		return SIZE_MAX;
	if (o->width >= o->room)
		return 0;
	return (size_t)(o->room - o->width);
}

/*
 * Append len bytes of display text that take width columns. Returns 1, or
 * 0 without appending when they would go past the column limit.
 */
static int
sanitize_out_add(struct sanitize_out *o, const char *text, size_t len,
    int width, int escape)
{
	if (o->maxw > 0 && width > o->maxw - o->width)
		return 0;
	strbuf_add(o->sb, text, len);
	o->width = sanitize_add_width(o->width, width);
	o->escaped |= escape;
	if (o->maxw > 0 && o->width <= o->room) {
		o->cutlen = o->sb->len;
		o->cutwidth = o->width;
		o->cutescaped = o->escaped;
	}
	return 1;
}

/*
 * Go back to the last cut place and append the ellipsis. When the limit is
 * narrower than the ellipsis, which only happens with "...", as many dots
 * as fit make up the whole output.
 */
static void
sanitize_out_cut(struct sanitize_out *o)
{
	strbuf_truncate(o->sb, o->cutlen);
	o->width = o->cutwidth;
	o->escaped = o->cutescaped;
	if (o->room < 0) {
		strbuf_add(o->sb, SANITIZE_ELLIPSIS_ASCII, (size_t)o->maxw);
		o->width = o->maxw;
	} else if (o->opts & SANITIZE_ASCII) {
		strbuf_addstr(o->sb, SANITIZE_ELLIPSIS_ASCII);
		o->width += 3;
	} else {
		strbuf_addstr(o->sb, SANITIZE_ELLIPSIS);
		o->width += 1;
	}
}

int
sanitize_append(struct strbuf *sb, const char *text, size_t len, int maxw,
    int opts, int *result)
{
	struct sanitize_out	 out;
	struct sanitize_glyph	 g;
	const char		*p, *start, *end;
	size_t			 n;
	int			 cut = 0;

	if (text == NULL) {
		text = "";
		len = 0;
	}
	sanitize_out_init(&out, sb, maxw, opts);

	/*
	 * Reserve for the common case of text that needs no escapes. Empty
	 * text is skipped because strbuf_grow() does not terminate a new
	 * buffer and nothing would be appended after it.
	 */
	n = len;
	if (out.maxw > 0 && n / 4 > (size_t)out.maxw)
		n = (size_t)out.maxw * 4;
	if (n > 0)
		strbuf_grow(sb, n);

	p = text;
	end = text + len;
	while (p < end) {
		n = sanitize_ascii_run(p, end, sanitize_out_room(&out), opts);
		if (n > 0) {
			sanitize_out_add(&out, p, n, (int)n, 0);
			p += n;
			continue;
		}

		/*
		 * The text of an escape is as long as it is wide, and a
		 * character's text is the input it was decoded from.
		 */
		start = p;
		sanitize_next(&p, end, opts, &g);
		n = g.escape ? (size_t)g.width : (size_t)(p - start);
		if (!sanitize_out_add(&out, g.text, n, g.width, g.escape)) {
			sanitize_out_cut(&out);
			cut = 1;
			break;
		}
	}

	if (result != NULL) {
		*result = 0;
		if (out.escaped)
			*result |= SANITIZE_ESCAPED;
		if (cut)
			*result |= SANITIZE_CUT;
	}
	return out.width;
}

int
sanitize_appendstr(struct strbuf *sb, const char *text, int maxw, int opts,
    int *result)
{
	if (text == NULL)
		text = "";
	return sanitize_append(sb, text, strlen(text), maxw, opts, result);
}

char *
sanitize_dup(const char *text, int opts)
{
	struct strbuf	 sb;

	strbuf_init(&sb);
	sanitize_appendstr(&sb, text, 0, opts, NULL);
	return strbuf_detach(&sb);
}

int
sanitize_width(const char *text, size_t len, int opts)
{
	struct sanitize_glyph	 g;
	const char		*p, *end;
	size_t			 n;
	int			 width = 0;

	if (text == NULL)
		return 0;
	p = text;
	end = text + len;
	while (p < end) {
		n = sanitize_ascii_run(p, end, SIZE_MAX, opts);
		width = sanitize_add_width(width, (int)n);
		p += n;
		if (sanitize_next(&p, end, opts, &g))
			width = sanitize_add_width(width, g.width);
	}
	return width;
}

int
sanitize_is_clean(const char *text, size_t len, int opts)
{
	const unsigned char	*s, *end;
	uint32_t		 cp;
	size_t			 n;
	int			 class, nmarks = -1;	/* -1: no base */

	if (text == NULL)
		return 1;
	s = (const unsigned char *)text;
	end = s + len;
	while (s < end) {
		if (*s >= 0x20 && *s < 0x7f) {
			nmarks = 0;
			s++;
			continue;
		}
		if (*s == '\n' && (opts & SANITIZE_KEEP_NEWLINE)) {
			nmarks = -1;
			s++;
			continue;
		}
		if (*s < 0x80 || (n = sanitize_decode(s, end, &cp)) == 0)
			return 0;

		class = sanitize_classify(cp, opts);
		if (class == SANITIZE_CLASS_ESCAPE)
			return 0;
		if (class == SANITIZE_CLASS_MARK) {
			if (nmarks < 0 || nmarks == SANITIZE_MAX_COMBINING)
				return 0;
			nmarks++;
		} else
			nmarks = 0;
		s += n;
	}
	return 1;
}

int
sanitize_cp_hidden(uint32_t cp)
{
	if (cp < 0x80)
		return 0;
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 1;
	return sanitize_classify(cp, 0) == SANITIZE_CLASS_ESCAPE;
}

void
sanitize_vfprintf(FILE *fp, const char *fmt, va_list ap)
{
	struct strbuf	 raw, safe;

	strbuf_init(&raw);
	strbuf_init(&safe);
	strbuf_vaddf(&raw, fmt, ap);
	sanitize_append(&safe, raw.buf, raw.len, 0, 0, NULL);
	strbuf_addch(&safe, '\n');
	fwrite(safe.buf, 1, safe.len, fp);
	strbuf_free(&raw);
	strbuf_free(&safe);
}

void
sanitize_fprintf(FILE *fp, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	sanitize_vfprintf(fp, fmt, ap);
	va_end(ap);
}
