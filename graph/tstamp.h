/*
 * Timestamps: 64-bit Unix seconds in UTC, with three reserved values for
 * the states a source can report instead of a time. Sources write times
 * in many shapes; tstamp_parse() reads the ISO 8601 forms they use.
 */
#ifndef TSTAMP_H
#define TSTAMP_H

#include <stddef.h>
#include <stdint.h>

#define TSTAMP_UNKNOWN	INT64_MIN		/* the source did not say */
#define TSTAMP_NEVER	(INT64_MIN + 1)		/* e.g. a key never used */
#define TSTAMP_NA	(INT64_MIN + 2)		/* does not apply */

/* Earliest and latest instants accepted: years 0001 to 9999. */
#define TSTAMP_MIN	(-62135596800LL)
#define TSTAMP_MAX	(253402300799LL)

#define TSTAMP_BUFSZ	32

/* 1 when t is a real instant rather than one of the reserved states. */
static inline int
tstamp_is_set(int64_t t)
{
	return t > TSTAMP_NA;
}

/*
 * Parse an ISO 8601 date ("2024-07-24") or date-time with 'T' or a space
 * between date and time, optional fractional seconds, and "Z", "+HH:MM",
 * "+HHMM" or no zone (read as UTC). Returns 0 and sets *out, or -1 when
 * the text is not such a time or names an impossible date.
 */
int	 tstamp_parse(const char *, int64_t *out);

/*
 * Parse a length of time such as "90d", "12h", "2w" or a plain number
 * of days. Returns 0 and sets *out in seconds, or -1.
 */
int	 tstamp_parse_duration(const char *, int64_t *out);

/*
 * Format t as "2024-07-24T16:55:58Z", or "never", "unknown", "n/a" for
 * the reserved states, into buf (TSTAMP_BUFSZ bytes). Returns buf.
 */
char	*tstamp_format(int64_t t, char *buf);

/* Format t as a date only, "2024-07-24", or a reserved state. */
char	*tstamp_format_date(int64_t t, char *buf);

/*
 * Format the age of t relative to now in a short form for columns:
 * "45s", "12m", "3h", "20d", "5mo", "2y", with a leading "-" for times in
 * the future, which callers show as "in 3h" by swapping the arguments;
 * reserved states print as for tstamp_format(). Returns buf.
 */
char	*tstamp_format_age(int64_t now, int64_t t, char *buf);

/* Convert a proleptic Gregorian date to days since 1970-01-01. */
int64_t	 tstamp_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
