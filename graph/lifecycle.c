/*
 * Credential states at a moment (see lifecycle.h).
 */
#include "lifecycle.h"

#include <stdio.h>
#include <string.h>

#include "tstamp.h"

int64_t
lifecycle_idle(const struct record_lifecycle *life, int64_t now)
{
	if (tstamp_is_set(life->last_used_at))
		return life->last_used_at <= now ? now - life->last_used_at : -1;
	if (life->last_used_at == TSTAMP_NEVER &&
	    tstamp_is_set(life->created_at) && life->created_at <= now)
		return now - life->created_at;
	return -1;
}

unsigned
lifecycle_state(const struct record_lifecycle *life, int64_t now)
{
	const int64_t	 stale = (int64_t)LIFECYCLE_STALE_DAYS * LIFECYCLE_DAY;
	const int64_t	 soon = (int64_t)LIFECYCLE_EXPIRING_DAYS *
			    LIFECYCLE_DAY;
	int64_t		 idle = lifecycle_idle(life, now);
	unsigned	 f = 0;

	if (!tstamp_is_set(life->created_at) || life->created_at <= now)
		f |= LIFECYCLE_EXISTS;
	if (life->disabled == 1)
		f |= LIFECYCLE_DISABLED;
	if (tstamp_is_set(life->expires_at)) {
		if (life->expires_at <= now)
			f |= LIFECYCLE_EXPIRED;
		else if (life->expires_at - now <= soon)
			f |= LIFECYCLE_EXPIRING;
	}
	if ((f & (LIFECYCLE_EXISTS | LIFECYCLE_DISABLED | LIFECYCLE_EXPIRED)) ==
	    LIFECYCLE_EXISTS)
		f |= LIFECYCLE_VALID;

	/* A used key is idle since its last use, a never used one since birth. */
	if (tstamp_is_set(life->last_used_at) && idle >= 0) {
		if (idle < stale)
			f |= LIFECYCLE_USED;
		else if (f & LIFECYCLE_VALID)
			f |= LIFECYCLE_STALE;
	} else if (life->last_used_at == TSTAMP_NEVER &&
	    (f & LIFECYCLE_VALID) && idle >= stale)
		f |= LIFECYCLE_STALE;
	return f;
}

const char *
lifecycle_words(unsigned f, char *buf, size_t len)
{
	static const struct {
		unsigned	 flag;
		const char	*word;
	} words[] = {
		{ LIFECYCLE_VALID, "valid" },
		{ LIFECYCLE_DISABLED, "disabled" },
		{ LIFECYCLE_EXPIRED, "expired" },
		{ LIFECYCLE_EXPIRING, "expiring" },
		{ LIFECYCLE_USED, "used" },
		{ LIFECYCLE_STALE, "stale" },
	};
	size_t	 i, at = 0;

	buf[0] = '\0';
	if (!(f & LIFECYCLE_EXISTS)) {
		snprintf(buf, len, "not created yet");
		return buf;
	}
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (!(f & words[i].flag) || at >= len)
			continue;
		at += (size_t)snprintf(buf + at, len - at, "%s%s",
		    at > 0 ? ", " : "", words[i].word);
	}
	return buf;
}
