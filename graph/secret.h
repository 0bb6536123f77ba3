/*
 * Recognising secret values in untrusted text, so that importers can
 * replace them with fingerprints before anything is stored, and messages
 * and logs can mask them.
 *
 * Two rules find secrets. The value of a field whose name marks it as a
 * secret (password, client_secret, private_key, token, ...) is one,
 * whatever it looks like. And some secrets have a shape of their own that
 * is found anywhere in a string: GitHub tokens, PEM private key blocks,
 * JSON Web Tokens, Slack tokens and webhooks, Google API keys, Stripe and
 * OpenAI-style secret keys, Azure account keys, passwords in URLs, and
 * AWS secret access keys where an access key id (AKIA..., ASIA...) or the
 * word "secret" is nearby. A run of base64 that decodes to text holding
 * one of these shapes is a secret too.
 *
 * A found secret is replaced by a marker, "[secret:KIND:FINGERPRINT]",
 * or "[secret:KIND]" where no fingerprint can be made. Markers are never
 * found again, so replacing twice changes nothing.
 *
 * This module only reads and writes text. Fingerprints come from the
 * caller (import_fingerprint() during an import).
 */
#ifndef SECRET_H
#define SECRET_H

#include <stddef.h>
#include <stdio.h>

struct strbuf;

enum secret_kind {
	SECRET_NONE = 0,
	SECRET_NAMED,		/* a value under a name that says secret */
	SECRET_AWS_SECRET_KEY,
	SECRET_GITHUB_TOKEN,
	SECRET_PRIVATE_KEY,	/* a PEM or OpenSSH private key block */
	SECRET_JWT,
	SECRET_SLACK_TOKEN,
	SECRET_SLACK_WEBHOOK,
	SECRET_GOOGLE_API_KEY,
	SECRET_API_SECRET_KEY,	/* sk_live_..., sk-... */
	SECRET_AZURE_KEY,	/* AccountKey=..., SharedAccessKey=... */
	SECRET_URL_PASSWORD,
	SECRET_KIND_COUNT
};

/* Flags of secret_find() and secret_replace(). */
#define SECRET_AWS_CONTEXT	0x1	/* the record names an access key id */
#define SECRET_CONTEXT_DONE	0x2	/* the text itself was checked for
					   AWS context already */

/* Maximum length in bytes of a base64 run that is decoded and searched. */
#define SECRET_BASE64_MAX	(1u << 20)

/* A secret found in a text. */
struct secret_match {
	enum secret_kind	 kind;
	size_t			 start;	/* offset of its first byte */
	size_t			 len;
	int			 base64; /* the span is base64 of the secret */
};

/*
 * Called for each secret secret_replace() finds, to append its marker to
 * out. material is what identifies the secret: the bytes of the span, or
 * their base64 decoding. Returns 0, or -1 to stop.
 */
typedef int (*secret_mark_fn)(void *ctx, const struct secret_match *,
    const unsigned char *material, size_t len, struct strbuf *out);

/* The name of a kind, such as "github_token", for markers and messages. */
const char	*secret_kind_name(enum secret_kind);

/* A phrase for messages, such as "a GitHub token". */
const char	*secret_kind_phrase(enum secret_kind);

/*
 * Return 1 when a field or property name says that its value is a
 * secret: its last words are password, passwd, passphrase, secret, token,
 * authorization, or private, secret, api, signing, encryption, account,
 * master, shared or tls followed by key, in snake_case, camelCase,
 * kebab-case or run together ("clientSecret", "aws_secret_access_key",
 * "tls.key"). Names that end in another word (token_type, secret_name,
 * password_last_used) are not secret.
 */
int		 secret_name_is_secret(const char *name);

/* Return 1 when text contains an AWS access key id (AKIA..., ASIA...). */
int		 secret_has_aws_key_id(const char *text, size_t len);

/*
 * Return flags with SECRET_AWS_CONTEXT added when text contains the word
 * "secret" (outside markers) or an AWS access key id, and with
 * SECRET_CONTEXT_DONE. A caller that loops over secret_find() passes the
 * result, so that the whole text is read for context only once.
 */
int		 secret_context(const char *text, size_t len, int flags);

/*
 * Find the first secret that starts at or after offset from in
 * text[0..len). Unless flags has SECRET_CONTEXT_DONE, each call first
 * reads the whole text for context (see secret_context()). Returns 1 and
 * fills *m, or 0 when there is none.
 */
int		 secret_find(const char *text, size_t len, size_t from,
		    int flags, struct secret_match *m);

/*
 * Decode base64 (standard or URL-safe alphabet, padding optional) into a
 * new buffer. Returns it with its length in *outlen, or NULL when the
 * text is not base64. The caller frees it.
 */
unsigned char	*secret_base64_decode(const char *text, size_t len,
		    size_t *outlen);

/*
 * Replace every secret in text[0..len) with the marker mark() writes
 * (NULL: "[secret:KIND]"). Returns the number of secrets replaced and
 * sets *out to the new text (allocated), or 0 with *out NULL when there
 * was none, or -1 when mark() stopped.
 */
int		 secret_replace(const char *text, size_t len, int flags,
		    secret_mark_fn mark, void *ctx, char **out);

/* Append "[secret:KIND:HEX]", or "[secret:KIND]" when hex is NULL. */
void		 secret_marker(struct strbuf *, enum secret_kind,
		    const char *hex);

/* Return 1 when text[0..len) is exactly one marker. */
int		 secret_is_marker(const char *text, size_t len);

/*
 * Return a copy of a NUL-terminated message with its secrets masked as
 * "[secret:KIND]", for messages and logs. The caller frees it.
 */
char		*secret_mask(const char *text);

/*
 * Format a message, mask the secrets in it (secret_mask()), pass it
 * through the sanitiser and write it with a newline to fp: the one way
 * messages about untrusted data reach a terminal or a log stream.
 */
void		 secret_fprintf(FILE *fp, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

#endif
