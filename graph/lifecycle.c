/*
 * Credential states at a moment (see lifecycle.h).
 */
#include "lifecycle.h"

#include <stdio.h>
#include <string.h>

#include "config.h"
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

void
lifecycle_limits_default(struct lifecycle_limits *lim)
{
	lim->stale = (int64_t)LIFECYCLE_STALE_DAYS * LIFECYCLE_DAY;
	lim->expiring = (int64_t)LIFECYCLE_EXPIRING_DAYS * LIFECYCLE_DAY;
	lim->rotate = (int64_t)LIFECYCLE_ROTATE_DAYS * LIFECYCLE_DAY;
	lim->lifetime = (int64_t)LIFECYCLE_LIFETIME_DAYS * LIFECYCLE_DAY;
}

void
lifecycle_limits_config(struct lifecycle_limits *lim,
    const struct config *cfg)
{
	lifecycle_limits_default(lim);
	if (cfg == NULL)
		return;
	lim->stale = config_duration(cfg, "findings", "stale_after");
	lim->expiring = config_duration(cfg, "findings", "expiring_within");
	lim->rotate = config_duration(cfg, "findings", "rotate_after");
	lim->lifetime = config_duration(cfg, "findings", "max_lifetime");
}

int64_t
lifecycle_issued(const struct record_lifecycle *life)
{
	return tstamp_is_set(life->created_at) ? life->created_at :
	    life->last_rotated_at;
}

int64_t
lifecycle_rotated(const struct record_lifecycle *life)
{
	return tstamp_is_set(life->last_rotated_at) ? life->last_rotated_at :
	    life->created_at;
}

/* The flags of use: used or stale. */
static unsigned
lifecycle_use(const struct record_lifecycle *life, int64_t now,
    const struct lifecycle_limits *lim, unsigned f)
{
	int64_t	 issued = lifecycle_issued(life);

	if (tstamp_is_set(life->last_used_at) && life->last_used_at <= now) {
		if (now - life->last_used_at < lim->stale)
			return LIFECYCLE_USED;
		return (f & LIFECYCLE_VALID) ? LIFECYCLE_STALE : 0;
	}
	if (life->last_used_at == TSTAMP_NEVER && (f & LIFECYCLE_VALID) &&
	    tstamp_is_set(issued) && now - issued >= lim->stale)
		return LIFECYCLE_STALE;
	return 0;
}

/* The flags of age: unrotated and long-lived, for valid credentials. */
static unsigned
lifecycle_age(const struct record_lifecycle *life, int64_t now,
    const struct lifecycle_limits *lim)
{
	int64_t		 set = lifecycle_rotated(life);
	unsigned	 f = 0;

	if (tstamp_is_set(set) && set <= now && now - set > lim->rotate)
		f |= LIFECYCLE_UNROTATED;
	if (life->expires_at == TSTAMP_NEVER)
		f |= LIFECYCLE_LONG_LIVED;
	else if (tstamp_is_set(life->expires_at) && tstamp_is_set(set) &&
	    life->expires_at - set > lim->lifetime)
		f |= LIFECYCLE_LONG_LIVED;
	return f;
}

unsigned
lifecycle_state_limits(const struct record_lifecycle *life, int64_t now,
    const struct lifecycle_limits *lim)
{
	unsigned	 f = 0;

	if (!tstamp_is_set(life->created_at) || life->created_at <= now)
		f |= LIFECYCLE_EXISTS;
	if (life->disabled == 1)
		f |= LIFECYCLE_DISABLED;
	if (tstamp_is_set(life->expires_at)) {
		if (life->expires_at <= now)
			f |= LIFECYCLE_EXPIRED;
		else if (life->expires_at - now <= lim->expiring)
			f |= LIFECYCLE_EXPIRING;
	}
	if ((f & (LIFECYCLE_EXISTS | LIFECYCLE_DISABLED | LIFECYCLE_EXPIRED)) ==
	    LIFECYCLE_EXISTS)
		f |= LIFECYCLE_VALID;
	f |= lifecycle_use(life, now, lim, f);
	if (f & LIFECYCLE_VALID)
		f |= lifecycle_age(life, now, lim);
	return f;
}

unsigned
lifecycle_state(const struct record_lifecycle *life, int64_t now)
{
	struct lifecycle_limits	 lim;

	lifecycle_limits_default(&lim);
	return lifecycle_state_limits(life, now, &lim);
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
