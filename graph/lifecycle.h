/*
 * The state of a credential at a moment: whether it existed, was valid,
 * had been used recently, was stale or about to expire. The diff, the
 * as-of listing and the exports judge credentials with these rules, and
 * the findings rules are meant to use the same thresholds.
 *
 * Rules, with now the moment judged:
 *   exists    created at or before now, or creation unknown;
 *   disabled  the source marks it disabled;
 *   expired   expires_at is a time at or before now;
 *   expiring  expires_at is after now and at most LIFECYCLE_EXPIRING_DAYS
 *             days later;
 *   valid     exists, not disabled, not expired;
 *   used      last used at or before now and less than
 *             LIFECYCLE_STALE_DAYS days before it;
 *   stale     valid, and last used LIFECYCLE_STALE_DAYS days or more
 *             before now, or never used and created that long before now.
 * An unknown last use makes a credential neither used nor stale.
 */
#ifndef LIFECYCLE_H
#define LIFECYCLE_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"

#define LIFECYCLE_DAY		86400
#define LIFECYCLE_STALE_DAYS	90
#define LIFECYCLE_EXPIRING_DAYS	30

#define LIFECYCLE_EXISTS	0x01
#define LIFECYCLE_DISABLED	0x02
#define LIFECYCLE_EXPIRED	0x04
#define LIFECYCLE_EXPIRING	0x08
#define LIFECYCLE_VALID		0x10
#define LIFECYCLE_USED		0x20
#define LIFECYCLE_STALE		0x40

/*
 * Seconds a credential has been idle at now: since its last use, or
 * since its creation when it was never used. Returns -1 when unknown:
 * no date, or a last use after now.
 */
int64_t		 lifecycle_idle(const struct record_lifecycle *, int64_t now);

/* The LIFECYCLE_* flags of a lifecycle at now. */
unsigned	 lifecycle_state(const struct record_lifecycle *, int64_t now);

/*
 * Words for the flags, such as "valid, used" or "expired", into buf
 * (at least 64 bytes). Returns buf.
 */
const char	*lifecycle_words(unsigned flags, char *buf, size_t len);

#endif
