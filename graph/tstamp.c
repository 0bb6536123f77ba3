/*
 * Timestamp parsing and formatting. Dates are converted with the
 * days-from-civil arithmetic on the proleptic Gregorian calendar, so the
 * code never depends on the C library's time zone or on a 32-bit time_t.
 */
#include "tstamp.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t
tstamp_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t		 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Convert days since 1970-01-01 back to a date. */
static void
tstamp_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t		 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
tstamp_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned
tstamp_month_days(int64_t y, unsigned m)
{
	static const unsigned	 days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && tstamp_leap(y))
		return 29;
	return days[m - 1];
}

/* Read exactly n digits at *p into *out and advance; -1 if not digits. */
static int
tstamp_digits(const char **p, int n, int *out)
{
	int	 v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

/* Parse the zone suffix at p: "", "Z", "+HH:MM", "+HHMM" or "+HH". */
static int
tstamp_zone(const char *p, int64_t *offset)
{
	int	 sign, hh, mm = 0;

	*offset = 0;
	if (*p == '\0')
		return 0;
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
		return 0;
	if (*p != '+' && *p != '-')
		return -1;
	sign = *p == '-' ? -1 : 1;
	p++;
	if (tstamp_digits(&p, 2, &hh) == -1 || hh > 23)
		return -1;
	if (*p == ':')
		p++;
	if (*p != '\0' && (tstamp_digits(&p, 2, &mm) == -1 || mm > 59))
		return -1;
	if (*p != '\0')
		return -1;
	*offset = sign * (hh * 3600 + mm * 60);
	return 0;
}

int
tstamp_parse(const char *s, int64_t *out)
{
	const char	*p = s;
	int		 y, mo, d, h = 0, mi = 0, se = 0;
	int64_t		 days, offset, t;

	while (*p == ' ')
		p++;
	if (tstamp_digits(&p, 4, &y) == -1 || *p++ != '-' ||
	    tstamp_digits(&p, 2, &mo) == -1 || *p++ != '-' ||
	    tstamp_digits(&p, 2, &d) == -1)
		return -1;
	if (y < 1 || mo < 1 || mo > 12 || d < 1 ||
	    (unsigned)d > tstamp_month_days(y, (unsigned)mo))
		return -1;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (tstamp_digits(&p, 2, &h) == -1 || *p++ != ':' ||
		    tstamp_digits(&p, 2, &mi) == -1)
			return -1;
		if (*p == ':') {
			p++;
			if (tstamp_digits(&p, 2, &se) == -1)
				return -1;
		}
		if (h > 23 || mi > 59 || se > 60)
			return -1;
		if (*p == '.' || *p == ',') {
			p++;
			if (!isdigit((unsigned char)*p))
				return -1;
			while (isdigit((unsigned char)*p))
				p++;
		}
		while (*p == ' ')
			p++;
	}
	if (tstamp_zone(p, &offset) == -1)
		return -1;

	days = tstamp_days_from_civil(y, (unsigned)mo, (unsigned)d);
	t = days * 86400 + h * 3600 + mi * 60 + se - offset;
	if (t < TSTAMP_MIN || t > TSTAMP_MAX)
		return -1;
	*out = t;
	return 0;
}

int
tstamp_parse_duration(const char *s, int64_t *out)
{
	char		*end;
	long long	 n;
	int64_t		 unit = 86400;

	if (!isdigit((unsigned char)*s))
		return -1;
	n = strtoll(s, &end, 10);
	if (n < 0 || n > 1000000)
		return -1;
	if (strcmp(end, "s") == 0)
		unit = 1;
	else if (strcmp(end, "m") == 0)
		unit = 60;
	else if (strcmp(end, "h") == 0)
		unit = 3600;
	else if (strcmp(end, "d") == 0 || *end == '\0')
		unit = 86400;
	else if (strcmp(end, "w") == 0)
		unit = 7 * 86400;
	else if (strcmp(end, "y") == 0)
		unit = 365 * 86400;
	else
		return -1;
	*out = (int64_t)n * unit;
	return 0;
}

/* Return the text of a reserved state, or NULL for a real instant. */
static const char *
tstamp_state(int64_t t)
{
	if (t == TSTAMP_UNKNOWN)
		return "unknown";
	if (t == TSTAMP_NEVER)
		return "never";
	if (t == TSTAMP_NA)
		return "n/a";
	return NULL;
}

char *
tstamp_format(int64_t t, char *buf)
{
	const char	*state = tstamp_state(t);
	int64_t		 days, secs, y;
	unsigned	 m, d;

	if (state != NULL) {
		snprintf(buf, TSTAMP_BUFSZ, "%s", state);
		return buf;
	}
	days = t / 86400;
	secs = t % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	tstamp_civil_from_days(days, &y, &m, &d);
	snprintf(buf, TSTAMP_BUFSZ, "%04" PRId64 "-%02u-%02uT%02d:%02d:%02dZ",
	    y, m, d, (int)(secs / 3600), (int)(secs / 60 % 60),
	    (int)(secs % 60));
	return buf;
}

char *
tstamp_format_date(int64_t t, char *buf)
{
	if (tstamp_state(t) == NULL) {
		tstamp_format(t, buf);
		buf[10] = '\0';
		return buf;
	}
	return tstamp_format(t, buf);
}

char *
tstamp_format_age(int64_t now, int64_t t, char *buf)
{
	const char	*state = tstamp_state(t);
	const char	*sign = "";
	int64_t		 age;

	if (state != NULL) {
		snprintf(buf, TSTAMP_BUFSZ, "%s", state);
		return buf;
	}
	age = now - t;
	if (age < 0) {
		sign = "-";
		age = -age;
	}
	if (age < 60)
		snprintf(buf, TSTAMP_BUFSZ, "%s%" PRId64 "s", sign, age);
	else if (age < 3600)
		snprintf(buf, TSTAMP_BUFSZ, "%s%" PRId64 "m", sign, age / 60);
	else if (age < 86400)
		snprintf(buf, TSTAMP_BUFSZ, "%s%" PRId64 "h", sign,
		    age / 3600);
	else if (age < 60 * 86400)
		snprintf(buf, TSTAMP_BUFSZ, "%s%" PRId64 "d", sign,
		    age / 86400);
	else if (age < 730 * 86400)
		snprintf(buf, TSTAMP_BUFSZ, "%s%" PRId64 "mo", sign,
		    age / (30 * 86400));
	else
		snprintf(buf, TSTAMP_BUFSZ, "%s%" PRId64 "y", sign,
		    age / (365 * 86400));
	return buf;
}
