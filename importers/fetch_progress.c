/*
 * What a fetch run shows on its messages stream (standard error). On a
 * terminal one line is redrawn in place, at most ten times a second and
 * also while a body arrives. It shows the requests, records, requests
 * per second, the time so far and the endpoint being read, and it is
 * cleared before any other line and at the end. Elsewhere each finished endpoint is one plain line, unless
 * --quiet. Endpoints and messages hold names from the server, so every
 * line has its secrets masked and goes through the sanitiser.
 */
#include "fetch_int.h"

#include <sys/ioctl.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sanitize.h"
#include "secret.h"
#include "strbuf.h"
#include "xalloc.h"

double
fetch_clock(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The width of the terminal the bar is drawn on. */
static int
fetch_progress_width(FILE *fp)
{
	struct winsize	 ws;

	if (ioctl(fileno(fp), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

/* Erase the bar, so that a line can be written. */
static void
fetch_progress_clear(struct fetch *f)
{
	if (!f->bar)
		return;
	fputs("\r\033[K", f->opts->messages);
	f->bar = 0;
}

/* Draw the bar now. */
static void
fetch_progress_draw(struct fetch *f)
{
	struct strbuf	 sb;
	double		 elapsed = fetch_clock() - f->start;
	char		*masked;
	int		 width = fetch_progress_width(f->opts->messages) - 1;
	int		 used;

	strbuf_init(&sb);
	strbuf_addf(&sb, "\r\033[K%s: %llu request%s, %llu item%s, %.1f/s, "
	    "%d:%02d ", f->src->name, (unsigned long long)f->requests,
	    f->requests == 1 ? "" : "s", (unsigned long long)f->items,
	    f->items == 1 ? "" : "s", elapsed > 0.5 ?
	    (double)f->requests / elapsed : 0.0, (int)elapsed / 60,
	    (int)elapsed % 60);
	used = (int)sb.len - 4;
	if (f->doing != NULL && width - used > 8) {
		masked = secret_mask(f->doing);
		sanitize_appendstr(&sb, masked, width - used, 0, NULL);
		free(masked);
	}
	fwrite(sb.buf, 1, sb.len, f->opts->messages);
	fflush(f->opts->messages);
	f->bar = 1;
	f->drawn = fetch_clock();
	strbuf_free(&sb);
}

void
fetch_progress_start(struct fetch *f, const char *endpoint)
{
	free(f->doing);
	f->doing = xstrdup(endpoint);
	/* A new endpoint is drawn at once, however recent the last draw. */
	f->drawn = 0;
	fetch_progress_update(f);
}

void
fetch_progress_tick(void *ctx)
{
	fetch_progress_update(ctx);
}

void
fetch_progress_update(struct fetch *f)
{
	if (f->opts->messages == NULL || !f->opts->progress ||
	    fetch_clock() - f->drawn < 0.1)
		return;
	fetch_progress_draw(f);
}

void
fetch_progress_done(struct fetch *f, const struct fetch_list *l)
{
	if (f->opts->messages == NULL)
		return;
	if (f->opts->progress) {
		fetch_progress_update(f);
		return;
	}
	fetch_note(f, "fetch: %s: %zu item%s in %zu page%s", l->endpoint,
	    l->count, l->count == 1 ? "" : "s", l->pages,
	    l->pages == 1 ? "" : "s");
}

void
fetch_progress_end(struct fetch *f)
{
	if (f->opts->messages == NULL)
		return;
	fetch_progress_clear(f);
	fflush(f->opts->messages);
}

static void	 fetch_vsay(struct fetch *, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));

/* Write one line: the bar is cleared first and drawn again later. */
static void
fetch_vsay(struct fetch *f, const char *fmt, va_list ap)
{
	struct strbuf	 msg;

	if (f->opts->messages == NULL)
		return;
	strbuf_init(&msg);
	strbuf_vaddf(&msg, fmt, ap);
	fetch_progress_clear(f);
	secret_fprintf(f->opts->messages, "%s", msg.buf);
	strbuf_free(&msg);
	f->drawn = 0;
}

void
fetch_say(struct fetch *f, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	fetch_vsay(f, fmt, ap);
	va_end(ap);
}

void
fetch_note(struct fetch *f, const char *fmt, ...)
{
	va_list	 ap;

	if (f->opts->quiet)
		return;
	va_start(ap, fmt);
	fetch_vsay(f, fmt, ap);
	va_end(ap);
}
