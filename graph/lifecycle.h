/*
 * The state of a credential at a moment: whether it existed, was valid,
 * had been used recently, was stale, unrotated, long-lived or about to
 * expire. The diff, the as-of listing, the exports and the findings
 * judge credentials with these rules; this is the one place for them.
 *
 * Rules, with now the moment judged and the limits of struct
 * lifecycle_limits (defaults in brackets):
 *   exists     created at or before now, or creation unknown;
 *   disabled   the source marks it disabled;
 *   expired    expires_at is a time at or before now;
 *   expiring   expires_at is after now and at most expiring (30 days)
 *              later;
 *   valid      exists, not disabled, not expired;
 *   used       last used at or before now and less than stale (90 days)
 *              before it;
 *   stale      valid, and last used stale or more before now, or never
 *              used and issued that long before now;
 *   unrotated  valid, and last rotated (else created) more than rotate
 *              (90 days) before now;
 *   long-lived valid, and expires_at is "never", or the time from the
 *              last rotation (else creation) to expires_at is more than
 *              lifetime (365 days).
 * A credential is issued at its creation, or at its last rotation when
 * the creation is unknown (an AWS access key's rotation date is the day
 * it was made). An unknown last use makes a credential neither used nor
 * stale, and an unknown expiry does not make it long-lived.
 */
#ifndef LIFECYCLE_H
#define LIFECYCLE_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"

struct config;

#define LIFECYCLE_DAY		86400
#define LIFECYCLE_STALE_DAYS	90
#define LIFECYCLE_EXPIRING_DAYS	30
#define LIFECYCLE_ROTATE_DAYS	90
#define LIFECYCLE_LIFETIME_DAYS	365

#define LIFECYCLE_EXISTS	0x001
#define LIFECYCLE_DISABLED	0x002
#define LIFECYCLE_EXPIRED	0x004
#define LIFECYCLE_EXPIRING	0x008
#define LIFECYCLE_VALID		0x010
#define LIFECYCLE_USED		0x020
#define LIFECYCLE_STALE		0x040
#define LIFECYCLE_UNROTATED	0x080
#define LIFECYCLE_LONG_LIVED	0x100

/*
 * Seconds a credential has been idle at now: since its last use, or
 * since its creation when it was never used. Returns -1 when unknown:
 * no date, or a last use after now.
 */
int64_t		 lifecycle_idle(const struct record_lifecycle *, int64_t now);

/* The thresholds, in seconds. */
struct lifecycle_limits {
	int64_t	 stale;		/* unused this long: stale */
	int64_t	 expiring;	/* expires within this: expiring */
	int64_t	 rotate;	/* not rotated for longer: unrotated */
	int64_t	 lifetime;	/* valid for longer: long-lived */
};

/* The default thresholds. */
void		 lifecycle_limits_default(struct lifecycle_limits *);

/*
 * The thresholds under [findings] in the configuration (stale_after,
 * expiring_within, rotate_after, max_lifetime); the defaults when cfg
 * is NULL.
 */
void		 lifecycle_limits_config(struct lifecycle_limits *,
		    const struct config *cfg);

/* The LIFECYCLE_* flags of a lifecycle at now, with the default limits. */
unsigned	 lifecycle_state(const struct record_lifecycle *, int64_t now);

/* The same with other limits. */
unsigned	 lifecycle_state_limits(const struct record_lifecycle *,
		    int64_t now, const struct lifecycle_limits *);

/* When a credential was issued: created_at, else last_rotated_at. */
int64_t		 lifecycle_issued(const struct record_lifecycle *);

/* When its secret was last set: last_rotated_at, else created_at. */
int64_t		 lifecycle_rotated(const struct record_lifecycle *);

/*
 * Words for the flags, such as "valid, used" or "expired", into buf
 * (at least 64 bytes). Only the states of the as-of listing are named:
 * valid, disabled, expired, expiring, used and stale. Returns buf.
 */
const char	*lifecycle_words(unsigned flags, char *buf, size_t len);

#endif
