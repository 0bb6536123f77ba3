/*
 * Recognising secrets in untrusted text (see secret.h).
 *
 * secret_find() looks at every byte once. At each byte, a switch on the
 * byte tries the shapes that can start there. At the start of a run of
 * base64 characters it also tries the run as a whole: as an AWS secret
 * access key (40 characters, with context), then as base64 that decodes
 * to a shape. The first secret in the text wins. A password found at a
 * URL's ':' starts after the ':' itself, so the scan goes on until it
 * has passed the start of the best match so far.
 *
 * Decoded base64 is searched once, without looking for base64 in it
 * again, and runs longer than SECRET_BASE64_MAX are not decoded, so the
 * work stays linear in the length of the text.
 */
#include "secret.h"

#include <ctype.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sanitize.h"
#include "strbuf.h"
#include "xalloc.h"

#define SECRET_MARKER_PREFIX	"[secret:"
#define SECRET_WORD_MAX		32	/* longer words match no rule */
#define SECRET_NWORDS		3	/* the last words a rule looks at */
/*
 * Minimum length of any shape other than a URL password, counted from
 * the byte where it is detected: a Slack token, "xoxb-" and ten
 * characters. A URL password is detected at the ':' before it.
 */
#define SECRET_SHAPE_MIN	15

static const char *const secret_names[SECRET_KIND_COUNT] = {
	"none", "named", "aws_secret_access_key", "github_token",
	"private_key", "jwt", "slack_token", "slack_webhook",
	"google_api_key", "api_secret_key", "azure_key", "url_password",
};

static const char *const secret_phrases[SECRET_KIND_COUNT] = {
	"nothing", "a value its name marks as secret",
	"an AWS secret access key", "a GitHub token", "a private key",
	"a JSON Web Token", "a Slack token", "a Slack webhook URL",
	"a Google API key", "an API secret key", "an Azure account key",
	"a password in a URL",
};

/* Last words of a name that mark its value as a secret. */
static const char *const secret_words[] = {
	"password", "passwd", "passphrase", "secret", "token",
	"authorization", "apikey", "privatekey", "secretkey", "clientsecret",
	"accesstoken", "refreshtoken", "idtoken", "authtoken", "sessiontoken",
	"bearertoken", "secretvalue", "secretaccesskey", "dockerconfigjson",
	"dockercfg",
};

/* Words that make "<word> key" or "<word> value" a secret name. */
static const char *const secret_key_words[] = {
	"private", "secret", "api", "signing", "encryption", "account",
	"master", "shared", "tls",
};

const char *
secret_kind_name(enum secret_kind kind)
{
	if ((int)kind < 0 || kind >= SECRET_KIND_COUNT)
		return secret_names[SECRET_NONE];
	return secret_names[kind];
}

const char *
secret_kind_phrase(enum secret_kind kind)
{
	if ((int)kind < 0 || kind >= SECRET_KIND_COUNT)
		return secret_phrases[SECRET_NONE];
	return secret_phrases[kind];
}

static int
secret_in_list(const char *word, const char *const *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (strcmp(word, list[i]) == 0)
			return 1;
	}
	return 0;
}

/*
 * Split name into lower-case words at punctuation and camelCase
 * boundaries, keeping the last SECRET_NWORDS: words[0] is the last one.
 * Returns how many were kept.
 */
static int
secret_name_words(const char *name, char words[][SECRET_WORD_MAX + 1])
{
	const unsigned char	*p = (const unsigned char *)name;
	char			 cur[SECRET_WORD_MAX + 1];
	size_t			 n = 0, i, len = strlen(name);
	int			 nwords = 0, k, boundary;

	for (i = 0; i <= len; i++) {
		boundary = i == len || !isalnum(p[i]);
		if (!boundary && n > 0 && isupper(p[i]) &&
		    (islower(p[i - 1]) || isdigit(p[i - 1]) ||
		    (isupper(p[i - 1]) && i + 1 < len && islower(p[i + 1]))))
			boundary = 2;	/* ends the word before this letter */
		if (boundary && n > 0) {
			cur[n < SECRET_WORD_MAX ? n : SECRET_WORD_MAX] = '\0';
			for (k = SECRET_NWORDS - 1; k > 0; k--)
				memcpy(words[k], words[k - 1],
				    SECRET_WORD_MAX + 1);
			memcpy(words[0], cur, SECRET_WORD_MAX + 1);
			if (n > SECRET_WORD_MAX)
				words[0][0] = '\0';	/* too long to match */
			if (nwords < SECRET_NWORDS)
				nwords++;
			n = 0;
		}
		if (i < len && isalnum(p[i])) {
			if (n < SECRET_WORD_MAX)
				cur[n] = (char)tolower(p[i]);
			n++;
		}
	}
	return nwords;
}

/* Whether name ends with tail, ignoring case. */
static int
secret_ends_with(const char *name, size_t len, const char *tail)
{
	size_t	 n = strlen(tail);

	return len >= n && strcasecmp(name + len - n, tail) == 0;
}

/*
 * Whether name ends with a word that can end a secret name: every rule
 * looks at the last word, so most names are ruled out here without
 * splitting them into words. The last letter picks the few words to
 * compare.
 */
static int
secret_name_tail(const char *name)
{
	size_t	 len = strlen(name);

	if (len == 0)
		return 0;
	switch (name[len - 1] | 0x20) {
	case 'd':
		return secret_ends_with(name, len, "password") ||
		    secret_ends_with(name, len, "passwd");
	case 'e':
		/* "value" alone is not a secret name. */
		return secret_ends_with(name, len, "passphrase") ||
		    (len > 5 && secret_ends_with(name, len, "value"));
	case 't':
		return secret_ends_with(name, len, "secret");
	case 'n':
		return secret_ends_with(name, len, "token") ||
		    secret_ends_with(name, len, "authorization") ||
		    secret_ends_with(name, len, "json");
	case 'y':
		/* Nor is "key" alone. */
		return len > 3 && secret_ends_with(name, len, "key");
	case 'g':
		return secret_ends_with(name, len, "dockercfg");
	default:
		return 0;
	}
}

int
secret_name_is_secret(const char *name)
{
	char	 w[SECRET_NWORDS][SECRET_WORD_MAX + 1];
	int	 n;

	if (name == NULL || !secret_name_tail(name))
		return 0;
	memset(w, 0, sizeof w);
	n = secret_name_words(name, w);
	if (n == 0)
		return 0;
	if (secret_in_list(w[0], secret_words,
	    sizeof secret_words / sizeof secret_words[0]))
		return 1;
	if (n < 2)
		return 0;
	if ((strcmp(w[0], "key") == 0 || strcmp(w[0], "value") == 0) &&
	    secret_in_list(w[1], secret_key_words,
	    sizeof secret_key_words / sizeof secret_key_words[0]))
		return 1;
	/* "secret access key", unlike a bare "access key" (often an id). */
	return n >= 3 && strcmp(w[0], "key") == 0 &&
	    strcmp(w[1], "access") == 0 && strcmp(w[2], "secret") == 0;
}

static inline int
secret_is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* A character of standard or URL-safe base64, without padding. */
static inline int
secret_is_b64(unsigned char c)
{
	return secret_is_alnum(c) || c == '+' || c == '/' || c == '_' ||
	    c == '-';
}

static inline int
secret_is_b64url(unsigned char c)
{
	return secret_is_alnum(c) || c == '_' || c == '-';
}

/* A character of a token, for the boundary before a token prefix. */
static inline int
secret_is_word(unsigned char c)
{
	return secret_is_alnum(c) || c == '_';
}

static inline int
secret_has(const char *t, size_t len, size_t i, const char *lit)
{
	size_t	 n = strlen(lit);

	return len - i >= n && memcmp(t + i, lit, n) == 0;
}

/* Length of the run at t[i] of characters that pass ok(). */
static size_t
secret_run(const char *t, size_t len, size_t i, int (*ok)(unsigned char))
{
	size_t	 j = i;

	while (j < len && ok((unsigned char)t[j]))
		j++;
	return j - i;
}

static int
secret_ok_alnum(unsigned char c)
{
	return secret_is_alnum(c);
}

static int
secret_ok_word(unsigned char c)
{
	return secret_is_word(c);
}

static int
secret_ok_b64url(unsigned char c)
{
	return secret_is_b64url(c);
}

static int
secret_ok_b64_any(unsigned char c)
{
	return secret_is_b64(c);
}

static int
secret_ok_slack(unsigned char c)
{
	return secret_is_alnum(c) || c == '-';
}

static int
secret_ok_webhook(unsigned char c)
{
	return secret_is_alnum(c) || c == '/' || c == '_';
}

static int
secret_ok_key_value(unsigned char c)
{
	return secret_is_alnum(c) || c == '+' || c == '/' || c == '=';
}

static size_t	secret_marker_len(const char *, size_t, size_t);

/*
 * The character before t[i] for the boundary tests, 0 at the start. The
 * end of a marker counts as a letter: a replaced secret must not leave a
 * new boundary behind, or replacing again could find a token that began
 * inside the secret it replaced.
 */
static unsigned char
secret_before(const char *t, size_t len, size_t i)
{
	size_t	 j;

	if (i == 0)
		return 0;
	if (t[i - 1] == ']') {
		for (j = i - 1; j > 0 && i - j < 128 && t[j] != '['; j--)
			;
		if (t[j] == '[' && secret_marker_len(t, len, j) == i - j)
			return 'a';
	}
	return (unsigned char)t[i - 1];
}

static int
secret_set(struct secret_match *m, enum secret_kind kind, size_t start,
    size_t len)
{
	m->kind = kind;
	m->start = start;
	m->len = len;
	m->base64 = 0;
	return 1;
}

/* A token made of a prefix and at least min characters that pass ok(). */
static int
secret_prefixed(const char *t, size_t len, size_t i, const char *prefix,
    size_t min, int (*ok)(unsigned char), enum secret_kind kind,
    struct secret_match *m)
{
	size_t	 plen = strlen(prefix), run;

	if (secret_is_word(secret_before(t, len, i)))
		return 0;
	if (!secret_has(t, len, i, prefix))
		return 0;
	run = secret_run(t, len, i + plen, ok);
	if (run < min)
		return 0;
	return secret_set(m, kind, i, plen + run);
}

/* GitHub tokens: ghp_, gho_, ghu_, ghs_, ghr_ and github_pat_. */
static int
secret_at_github(const char *t, size_t len, size_t i, struct secret_match *m)
{
	static const char *const prefixes[] = {
		"ghp_", "gho_", "ghu_", "ghs_", "ghr_"
	};
	size_t	 k;

	for (k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++) {
		if (secret_prefixed(t, len, i, prefixes[k], 30,
		    secret_ok_alnum, SECRET_GITHUB_TOKEN, m))
			return 1;
	}
	return secret_prefixed(t, len, i, "github_pat_", 22, secret_ok_word,
	    SECRET_GITHUB_TOKEN, m);
}

/* Slack tokens (xoxb-, xoxp-, ...; xapp-). */
static int
secret_at_slack(const char *t, size_t len, size_t i, struct secret_match *m)
{
	static const char	 letters[] = "abposre";
	char			 prefix[6] = "xox?-";
	size_t			 k;

	for (k = 0; letters[k] != '\0'; k++) {
		prefix[3] = letters[k];
		if (secret_prefixed(t, len, i, prefix, 10, secret_ok_slack,
		    SECRET_SLACK_TOKEN, m))
			return 1;
	}
	return secret_prefixed(t, len, i, "xapp-", 10, secret_ok_slack,
	    SECRET_SLACK_TOKEN, m);
}

/* Find lit in t[from..len); returns its offset or len. */
static size_t
secret_search(const char *t, size_t len, size_t from, const char *lit)
{
	const char	*p;

	if (from >= len)
		return len;
	p = memmem(t + from, len - from, lit, strlen(lit));
	return p != NULL ? (size_t)(p - t) : len;
}

/*
 * A PEM or OpenSSH private key block, from a "-----BEGIN <label>-----"
 * line whose label (upper-case letters, digits and spaces) contains
 * PRIVATE KEY through its "-----END ...-----" line. A block cut off
 * before its end line runs to the end of the text.
 */
static int
secret_at_pem(const char *t, size_t len, size_t i, struct secret_match *m)
{
	size_t	 head = i + 11, end, close;

	if (!secret_has(t, len, i, "-----BEGIN "))
		return 0;
	while (head < len && head < i + 11 + 64 && ((t[head] >= 'A' &&
	    t[head] <= 'Z') || (t[head] >= '0' && t[head] <= '9') ||
	    t[head] == ' '))
		head++;
	if (!secret_has(t, len, head, "-----") ||
	    secret_search(t, head, i + 11, "PRIVATE KEY") >= head)
		return 0;
	end = secret_search(t, len, head + 5, "-----END ");
	if (end >= len)
		return secret_set(m, SECRET_PRIVATE_KEY, i, len - i);
	close = secret_search(t, len, end + 9, "-----");
	close = close >= len ? len : close + 5;
	return secret_set(m, SECRET_PRIVATE_KEY, i, close - i);
}

/* A JSON Web Token: base64url header and payload, both JSON objects. */
static int
secret_at_jwt(const char *t, size_t len, size_t i, struct secret_match *m)
{
	size_t	 j, seg;

	if (secret_is_b64url(secret_before(t, len, i)) ||
	    secret_before(t, len, i) == '.')
		return 0;
	if (!secret_has(t, len, i, "eyJ"))
		return 0;
	seg = secret_run(t, len, i, secret_ok_b64url);
	j = i + seg;
	if (seg < 10 || j >= len || t[j] != '.' ||
	    !secret_has(t, len, j + 1, "eyJ"))
		return 0;
	seg = secret_run(t, len, j + 1, secret_ok_b64url);
	j += 1 + seg;
	if (seg < 10 || j >= len || t[j] != '.')
		return 0;
	j += 1 + secret_run(t, len, j + 1, secret_ok_b64url);
	return secret_set(m, SECRET_JWT, i, j - i);
}

/* Azure storage and service bus keys in connection strings. */
static int
secret_at_azure(const char *t, size_t len, size_t i, struct secret_match *m)
{
	static const char *const names[] = {
		"AccountKey=", "SharedAccessKey="
	};
	size_t	 k, n, run;

	for (k = 0; k < sizeof names / sizeof names[0]; k++) {
		if (!secret_has(t, len, i, names[k]))
			continue;
		n = strlen(names[k]);
		run = secret_run(t, len, i + n, secret_ok_key_value);
		if (run >= 16)
			return secret_set(m, SECRET_AZURE_KEY, i + n, run);
	}
	return 0;
}

/* Whether c may be part of the user or password of a URL. */
static int
secret_url_char(unsigned char c, int password)
{
	if (c <= 0x20 || c == 0x7f || c == '/' || c == '?' || c == '#' ||
	    c == '@' || c == '"' || c == '\'' || c == '<' || c == '>' ||
	    c == '[' || c == ']' || c == '\\')
		return 0;
	return password || c != ':';
}

/*
 * A password in a URL: t[i] is the ':' between user and password of
 * "scheme://user:password@host". The password is the match.
 */
static int
secret_at_url(const char *t, size_t len, size_t i, struct secret_match *m)
{
	size_t	 j = i, k;

	while (j > 0 && secret_url_char((unsigned char)t[j - 1], 0))
		j--;
	if (j < 4 || memcmp(t + j - 3, "://", 3) != 0 ||
	    !isalpha((unsigned char)t[j - 4]))
		return 0;
	for (k = i + 1; k < len && secret_url_char((unsigned char)t[k], 1);
	    k++)
		;
	if (k == i + 1 || k == len || t[k] != '@')
		return 0;
	return secret_set(m, SECRET_URL_PASSWORD, i + 1, k - i - 1);
}

/* The secret part of a Slack incoming webhook URL. */
static int
secret_at_webhook(const char *t, size_t len, size_t i,
    struct secret_match *m)
{
	static const char	 host[] = "hooks.slack.com/services/";
	size_t			 run;

	if (!secret_has(t, len, i, host))
		return 0;
	run = secret_run(t, len, i + sizeof host - 1, secret_ok_webhook);
	if (run < 20)
		return 0;
	return secret_set(m, SECRET_SLACK_WEBHOOK, i + sizeof host - 1, run);
}

/* Whether secret_at() tries any shape at a byte, or a marker starts there. */
static inline int
secret_is_start(unsigned char c)
{
	switch (c) {
	case 'g': case 'x': case '-': case 'e': case 'A': case 'S': case 's':
	case 'r': case 'h': case ':': case '[':
		return 1;
	default:
		return 0;
	}
}

/* Try the shapes that can start at t[i]. */
static int
secret_at(const char *t, size_t len, size_t i, struct secret_match *m)
{
	/*
	 * Tokens start after a character that cannot be part of them. Most
	 * letters of ordinary text follow another letter, so this test
	 * rules them out before any detector runs.
	 */
	int	 inside = secret_is_word(secret_before(t, len, i));

	switch (t[i]) {
	case 'g':
		return !inside && secret_at_github(t, len, i, m);
	case 'x':
		return !inside && secret_at_slack(t, len, i, m);
	case '-':
		return secret_at_pem(t, len, i, m);
	case 'e':
		return !inside && secret_at_jwt(t, len, i, m);
	case 'A':
		return (!inside && secret_prefixed(t, len, i, "AIza", 35,
		    secret_ok_b64url, SECRET_GOOGLE_API_KEY, m)) ||
		    secret_at_azure(t, len, i, m);
	case 'S':
		return secret_at_azure(t, len, i, m);
	case 's':
		return !inside && (secret_prefixed(t, len, i, "sk_live_", 16,
		    secret_ok_alnum, SECRET_API_SECRET_KEY, m) ||
		    secret_prefixed(t, len, i, "sk_test_", 16,
		    secret_ok_alnum, SECRET_API_SECRET_KEY, m) ||
		    secret_prefixed(t, len, i, "sk-", 32, secret_ok_b64url,
		    SECRET_API_SECRET_KEY, m));
	case 'r':
		return !inside && secret_prefixed(t, len, i, "rk_live_", 16,
		    secret_ok_alnum, SECRET_API_SECRET_KEY, m);
	case 'h':
		return secret_at_webhook(t, len, i, m);
	case ':':
		return secret_at_url(t, len, i, m);
	default:
		return 0;
	}
}

/*
 * Case-insensitive search for a lower-case word, except where it is the
 * start of a marker: a marker must not give context for a new match.
 */
static int
secret_has_word_ci(const char *t, size_t len, const char *word)
{
	size_t	 n = strlen(word), i, k;

	for (i = 0; i + n <= len; i++) {
		if ((t[i] | 0x20) != word[0])
			continue;
		for (k = 0; k < n; k++) {
			if (tolower((unsigned char)t[i + k]) != word[k])
				break;
		}
		if (k == n && (i == 0 || t[i - 1] != '[' || i + n == len ||
		    t[i + n] != ':'))
			return 1;
	}
	return 0;
}

/*
 * An AWS secret access key: exactly 40 characters of standard base64
 * with upper and lower case letters and digits, not all hexadecimal.
 * They must decode to bytes that are not all printable ASCII, because AWS
 * makes keys from 30 random bytes while base64 ids decode to text. The
 * text or its record must give context (SECRET_AWS_CONTEXT).
 */
static int
secret_at_aws(const char *t, size_t len, size_t i, size_t run, int flags,
    struct secret_match *m)
{
	unsigned char	*dec;
	size_t		 k, declen;
	int		 upper = 0, lower = 0, digit = 0, nonhex = 0, text;

	if (!(flags & SECRET_AWS_CONTEXT) || run != 40 ||
	    (i + run < len && t[i + run] == '='))
		return 0;
	for (k = i; k < i + run; k++) {
		if (t[k] == '_' || t[k] == '-')
			return 0;
		if (t[k] >= 'A' && t[k] <= 'Z')
			upper = 1;
		else if (t[k] >= 'a' && t[k] <= 'z')
			lower = 1;
		else if (t[k] >= '0' && t[k] <= '9')
			digit = 1;
		if (!isxdigit((unsigned char)t[k]))
			nonhex = 1;
	}
	if (!upper || !lower || !digit || !nonhex)
		return 0;
	if ((dec = secret_base64_decode(t + i, run, &declen)) == NULL)
		return 0;
	for (text = 1, k = 0; k < declen && text; k++)
		text = dec[k] >= 0x20 && dec[k] < 0x7f;
	free(dec);
	if (text)
		return 0;
	return secret_set(m, SECRET_AWS_SECRET_KEY, i, run);
}

int
secret_context(const char *t, size_t len, int flags)
{
	if (flags & SECRET_CONTEXT_DONE)
		return flags;
	if (!(flags & SECRET_AWS_CONTEXT) &&
	    (secret_has_word_ci(t, len, "secret") ||
	    secret_has_aws_key_id(t, len)))
		flags |= SECRET_AWS_CONTEXT;
	return flags | SECRET_CONTEXT_DONE;
}

static int	secret_find_depth(const char *, size_t, size_t, int, int,
		    struct secret_match *);

/* A run of base64 at t[i] that decodes to text holding a secret. */
static int
secret_at_base64(const char *t, size_t len, size_t i, size_t run,
    int flags, struct secret_match *m)
{
	struct secret_match	 inner;
	unsigned char		*dec;
	size_t			 declen, total = run;
	int			 found;

	while (i + total < len && t[i + total] == '=' && total - run < 2)
		total++;
	if (run < 20 || total > SECRET_BASE64_MAX)
		return 0;
	if ((dec = secret_base64_decode(t + i, total, &declen)) == NULL)
		return 0;
	found = declen >= 12 && secret_find_depth((const char *)dec, declen,
	    0, secret_context((const char *)dec, declen, flags &
	    ~(SECRET_AWS_CONTEXT | SECRET_CONTEXT_DONE)), 1, &inner);
	free(dec);
	if (!found)
		return 0;
	secret_set(m, inner.kind, i, total);
	m->base64 = 1;
	return 1;
}

/* Length of the marker at t[i], or 0 when there is none. */
static size_t
secret_marker_len(const char *t, size_t len, size_t i)
{
	size_t	 j = i + sizeof SECRET_MARKER_PREFIX - 1, start;

	if (!secret_has(t, len, i, SECRET_MARKER_PREFIX))
		return 0;
	for (start = j; j < len && ((t[j] >= 'a' && t[j] <= 'z') ||
	    t[j] == '_'); j++)
		;
	if (j == start || j == len)
		return 0;
	if (t[j] == ':') {
		for (start = ++j; j < len && ((t[j] >= '0' && t[j] <= '9') ||
		    (t[j] >= 'a' && t[j] <= 'f')); j++)
			;
		if (j == start || j == len)
			return 0;
	}
	return t[j] == ']' ? j + 1 - i : 0;
}

/*
 * Whether t[from..len) is long enough for a shape or contains a ':'. This
 * rules out most short strings (ids, names, kinds) before the scan.
 */
static int
secret_may_start(const char *t, size_t len, size_t from)
{
	if (from >= len)
		return 0;
	return len - from >= SECRET_SHAPE_MIN ||
	    memchr(t + from, ':', len - from) != NULL;
}

static int
secret_find_depth(const char *t, size_t len, size_t from, int flags,
    int depth, struct secret_match *m)
{
	struct secret_match	 cand;
	size_t			 i, run, skip;
	unsigned char		 c;
	int			 found = 0;

	if (!secret_may_start(t, len, from))
		return 0;
	for (i = from; i < len; i++) {
		if (found && i > m->start)
			break;
		/*
		 * Most bytes start no shape and are inside a run of base64
		 * or not base64 at all, so nothing below could find a secret
		 * at them. A byte after a ']', which may end a marker, is
		 * never skipped here, because ']' is not base64.
		 */
		c = (unsigned char)t[i];
		if (!secret_is_start(c) && (!secret_is_b64(c) || (i > 0 &&
		    secret_is_b64((unsigned char)t[i - 1]))))
			continue;
		if (t[i] == '[' && (skip = secret_marker_len(t, len, i)) > 0) {
			i += skip - 1;
			continue;
		}
		if (secret_at(t, len, i, &cand) &&
		    (!found || cand.start < m->start)) {
			*m = cand;
			found = 1;
		}
		if (found || !secret_is_b64((unsigned char)t[i]) ||
		    secret_is_b64(secret_before(t, len, i)))
			continue;
		run = secret_run(t, len, i, secret_ok_b64_any);
		if (secret_at_aws(t, len, i, run, flags, &cand) ||
		    (depth == 0 && secret_at_base64(t, len, i, run, flags,
		    &cand))) {
			*m = cand;
			found = 1;
		}
	}
	return found;
}

int
secret_find(const char *text, size_t len, size_t from, int flags,
    struct secret_match *m)
{
	/* Rule out short texts before reading them for context. */
	if (text == NULL || !secret_may_start(text, len, from))
		return 0;
	return secret_find_depth(text, len, from,
	    secret_context(text, len, flags), 0, m);
}

int
secret_has_aws_key_id(const char *text, size_t len)
{
	size_t	 i, k;

	if (len < 20)
		return 0;
	for (i = 0; i + 20 <= len; i++) {
		if (text[i] != 'A' || (memcmp(text + i, "AKIA", 4) != 0 &&
		    memcmp(text + i, "ASIA", 4) != 0))
			continue;
		if (i > 0 && secret_is_alnum((unsigned char)text[i - 1]))
			continue;
		for (k = i + 4; k < i + 20; k++) {
			if (!((text[k] >= 'A' && text[k] <= 'Z') ||
			    (text[k] >= '0' && text[k] <= '9')))
				break;
		}
		if (k == i + 20 && (k == len ||
		    !secret_is_alnum((unsigned char)text[k])))
			return 1;
	}
	return 0;
}

static int
secret_b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

unsigned char *
secret_base64_decode(const char *text, size_t len, size_t *outlen)
{
	unsigned char	*out;
	uint32_t	 acc = 0;
	size_t		 i, n = 0, bits = 0;
	int		 v, std = 0, url = 0;

	while (len > 0 && text[len - 1] == '=')
		len--;
	if (len % 4 == 1)
		return NULL;
	out = xmalloc(len / 4 * 3 + 3);
	for (i = 0; i < len; i++) {
		if ((v = secret_b64_value((unsigned char)text[i])) < 0)
			goto bad;
		std |= text[i] == '+' || text[i] == '/';
		url |= text[i] == '-' || text[i] == '_';
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	if (std && url)
		goto bad;
	*outlen = n;
	return out;
bad:
	free(out);
	return NULL;
}

void
secret_marker(struct strbuf *sb, enum secret_kind kind, const char *hex)
{
	strbuf_addstr(sb, SECRET_MARKER_PREFIX);
	strbuf_addstr(sb, secret_kind_name(kind));
	if (hex != NULL) {
		strbuf_addch(sb, ':');
		strbuf_addstr(sb, hex);
	}
	strbuf_addch(sb, ']');
}

int
secret_is_marker(const char *text, size_t len)
{
	return text != NULL && len > 0 && secret_marker_len(text, len, 0) ==
	    len;
}

int
secret_replace(const char *text, size_t len, int flags, secret_mark_fn mark,
    void *ctx, char **out)
{
	struct secret_match	 m;
	struct strbuf		 sb;
	unsigned char		*dec = NULL;
	const unsigned char	*material;
	size_t			 pos = 0, mlen;
	int			 count = 0;

	*out = NULL;
	if (text == NULL || !secret_may_start(text, len, 0))
		return 0;

	/* Look for AWS context once, not once per match. */
	flags = secret_context(text, len, flags);

	strbuf_init(&sb);
	while (secret_find(text, len, pos, flags, &m)) {
		strbuf_add(&sb, text + pos, m.start - pos);
		material = (const unsigned char *)text + m.start;
		mlen = m.len;
		if (m.base64 && (dec = secret_base64_decode(text + m.start,
		    m.len, &mlen)) != NULL)
			material = dec;
		if (mark == NULL)
			secret_marker(&sb, m.kind, NULL);
		else if (mark(ctx, &m, material, mlen, &sb) == -1) {
			free(dec);
			strbuf_free(&sb);
			return -1;
		}
		free(dec);
		dec = NULL;
		pos = m.start + m.len;
		count++;
	}
	if (count == 0) {
		strbuf_free(&sb);
		return 0;
	}
	strbuf_add(&sb, text + pos, len - pos);
	*out = strbuf_detach(&sb);
	return count;
}

char *
secret_mask(const char *text)
{
	char	*out;

	if (text == NULL)
		return xstrdup("");
	if (secret_replace(text, strlen(text), 0, NULL, NULL, &out) > 0)
		return out;
	return xstrdup(text);
}

void
secret_fprintf(FILE *fp, const char *fmt, ...)
{
	struct strbuf	 raw;
	va_list		 ap;
	char		*masked;

	strbuf_init(&raw);
	va_start(ap, fmt);
	strbuf_vaddf(&raw, fmt, ap);
	va_end(ap);
	masked = secret_mask(raw.buf);
	sanitize_fprintf(fp, "%s", masked);
	free(masked);
	strbuf_free(&raw);
}
