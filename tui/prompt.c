/*
 * One-line prompts (see prompt.h).
 */
#include "prompt.h"

#include "canvas.h"
#include "term.h"
#include "theme.h"
#include "utf8.h"

void
prompt_init(struct prompt *p)
{
	strbuf_init(&p->text);
	p->editing = 0;
}

void
prompt_free(struct prompt *p)
{
	strbuf_free(&p->text);
}

void
prompt_open(struct prompt *p)
{
	p->editing = 1;
}

int
prompt_active(const struct prompt *p)
{
	return p->editing || p->text.len > 0;
}

int
prompt_key(struct prompt *p, int key)
{
	char	 utf8[4];
	size_t	 n;

	if (!p->editing)
		return PROMPT_IGNORED;
	switch (key) {
	case TERM_KEY_ENTER:
		p->editing = 0;
		return PROMPT_KEPT;
	case TERM_KEY_ESC:
		p->editing = 0;
		strbuf_reset(&p->text);
		return PROMPT_CHANGED;
	case TERM_KEY_BACKSPACE:
		/* Drop the last UTF-8 character. */
		n = p->text.len;
		while (n > 0 && (p->text.buf[n - 1] & 0xc0) == 0x80)
			n--;
		strbuf_truncate(&p->text, n > 0 ? n - 1 : 0);
		return PROMPT_CHANGED;
	case TERM_KEY_UP:
	case TERM_KEY_DOWN:
	case TERM_KEY_PGUP:
	case TERM_KEY_PGDN:
		return PROMPT_IGNORED;
	default:
		if (key < 0x20 || key == 0x7f || key >= TERM_KEY_BASE)
			return PROMPT_KEPT;
		n = utf8_encode(utf8, (uint32_t)key);
		if (n == 0 || p->text.len + n > PROMPT_MAX)
			return PROMPT_KEPT;
		strbuf_add(&p->text, utf8, n);
		return PROMPT_CHANGED;
	}
}

void
prompt_draw(const struct prompt *p, struct canvas *c, int y,
    const char *lead, const char *info)
{
	int	 x;

	canvas_fill(c, y, 0, c->w, THEME_PROMPT);
	x = canvas_label(c, y, 0, 1, lead, THEME_PROMPT);
	x += canvas_text(c, y, x, c->w / 2, strbuf_str(&p->text),
	    THEME_PROMPT, THEME_ESCAPE);
	if (p->editing)
		x += canvas_label(c, y, x, 1, "_", THEME_PROMPT);
	if (info != NULL)
		canvas_label(c, y, x + 2, c->w - x - 2, info, THEME_PROMPT);
}
