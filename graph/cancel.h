/*
 * A way for long computations to let the caller stop them. The analyses
 * call cancel_poll() every few thousand steps. The interface's poll
 * function reads the keyboard (Esc stops the work) and repaints a
 * progress line, while headless commands pass NULL. The analyses never
 * include curses, because they only see this function pointer.
 */
#ifndef CANCEL_H
#define CANCEL_H

struct cancel {
	/*
	 * Return nonzero to stop the computation. what names the work for
	 * a progress line; done is the finished fraction from 0 to 1, or
	 * a negative value when unknown.
	 */
	int	(*poll)(void *ctx, const char *what, double done);
	void	*ctx;
};

/* Ask the caller whether to stop; a NULL cancel never stops. */
static inline int
cancel_poll(const struct cancel *c, const char *what, double done)
{
	return c != NULL && c->poll != NULL && c->poll(c->ctx, what, done);
}

#endif
