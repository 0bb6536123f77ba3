/*
 * Unit tests for graph/secret.c: which names mark secrets, which shapes
 * are found (and which look-alikes from real exports are not), base64,
 * markers, replacement and masking. The canary secrets below are made
 * up for these tests.
 */
#include "secret.h"

#include "strbuf.h"
#include "testutil.h"
#include "xalloc.h"

#define GH_TOKEN	"ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d"
#define GH_TOKEN_B64	"Z2hwX3U4anpQZGUwSWd4TGQ2R25jZkJBZXBmSkJkMEtoOG9PT0w4ZA=="
#define GH_PAT		"github_pat_KLzd_ocJ2isAjIhKtJ0RlgLKOmxgJTeKdNnFRIBXuDL7" \
			"DxtpYlSXpfKtHF4vUCsM_ehGAkWvj7FAc9QeWJ"
#define AWS_KEY_ID	"AKIAFK4ZRI3R2WYOJFLJ"
#define AWS_SECRET	"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"
#define JWT		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ." \
			"c2lnbmF0dXJlY2FuYXJ5"
#define PEM		"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA" \
			"canary\n-----END RSA PRIVATE KEY-----"

/* One text and the secret expected in it. */
struct find_case {
	const char		*text;
	enum secret_kind	 kind;		/* SECRET_NONE: nothing found */
	const char		*span;		/* the text found */
	int			 flags;
};

static const struct find_case find_cases[] = {
	{ "token " GH_TOKEN " here", SECRET_GITHUB_TOKEN, GH_TOKEN, 0 },
	{ "gho_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d", SECRET_GITHUB_TOKEN,
	    "gho_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d", 0 },
	{ "ghs_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d,", SECRET_GITHUB_TOKEN,
	    "ghs_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d", 0 },
	{ GH_PAT, SECRET_GITHUB_TOKEN, GH_PAT, 0 },
	{ "xghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d", SECRET_NONE, NULL, 0 },
	{ "ghp_short", SECRET_NONE, NULL, 0 },
	{ "key: " PEM "\ntrailer", SECRET_PRIVATE_KEY, PEM, 0 },
	{ "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk",
	    SECRET_PRIVATE_KEY,
	    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk", 0 },
	{ "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
	    SECRET_NONE, NULL, 0 },
	{ "Bearer " JWT, SECRET_JWT, JWT, 0 },
	{ "eyJhbGciOiJIUzI1NiJ9.notjson.sig", SECRET_NONE, NULL, 0 },
	{ "xoxb-1234567890-abcdefghij", SECRET_SLACK_TOKEN,
	    "xoxb-1234567890-abcdefghij", 0 },
	{ "https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXX",
	    SECRET_SLACK_WEBHOOK, "T0000/B0000/XXXXXXXXXXXXXXXXXXXX", 0 },
	{ "AIzaSyA1234567890abcdefghijklmnopqrstuv", SECRET_GOOGLE_API_KEY,
	    "AIzaSyA1234567890abcdefghijklmnopqrstuv", 0 },
	{ "sk_live_0123456789abcdefABCD", SECRET_API_SECRET_KEY,
	    "sk_live_0123456789abcdefABCD", 0 },
	{ "DefaultEndpointsProtocol=https;AccountName=a;"
	    "AccountKey=c2VjcmV0c2VjcmV0c2VjcmV0==;EndpointSuffix=x",
	    SECRET_AZURE_KEY, "c2VjcmV0c2VjcmV0c2VjcmV0==", 0 },
	{ "postgres://app:S3cret-pass@db.internal:5432/x",
	    SECRET_URL_PASSWORD, "S3cret-pass", 0 },
	{ "https://api.github.com/repos/a/b", SECRET_NONE, NULL, 0 },
	{ "mailto:someone@example.com", SECRET_NONE, NULL, 0 },
	{ "time 12:30@noon", SECRET_NONE, NULL, 0 },
	{ "aws_secret_access_key=" AWS_SECRET, SECRET_AWS_SECRET_KEY,
	    AWS_SECRET, 0 },
	{ AWS_SECRET, SECRET_NONE, NULL, 0 },
	{ AWS_SECRET, SECRET_AWS_SECRET_KEY, AWS_SECRET, SECRET_AWS_CONTEXT },
	{ AWS_KEY_ID " " AWS_SECRET, SECRET_AWS_SECRET_KEY, AWS_SECRET, 0 },
	/* Look-alikes from real exports, with AWS context given. */
	{ "DescribeVpcEndpointServiceConfigurations", SECRET_NONE, NULL,
	    SECRET_AWS_CONTEXT },
	{ "T19rZ0RPQ29WMk9RX2FsbF9yZXBvX21haW50YWlu", SECRET_NONE, NULL,
	    SECRET_AWS_CONTEXT },
	{ "581ba7f1403496187f0d6a61fb2cad3b0d33b8c5", SECRET_NONE, NULL,
	    SECRET_AWS_CONTEXT },
	{ "SpecterTst/branchprotectiontest/maintain", SECRET_NONE, NULL,
	    SECRET_AWS_CONTEXT },
	{ "Ul9rZ0RPUldRTDVnX0NhbkJ5cGFzc0FuZFB1c2g=", SECRET_NONE, NULL, 0 },
	/* Base64 of a shape, in a run that starts after any non-base64. */
	{ "data: " GH_TOKEN_B64 " end", SECRET_GITHUB_TOKEN, GH_TOKEN_B64, 0 },
	{ "key=" GH_TOKEN_B64 ";", SECRET_GITHUB_TOKEN, GH_TOKEN_B64, 0 },
	{ "[secret:named]" GH_TOKEN_B64, SECRET_NONE, NULL, 0 },
	/* A marker is never found again, and leaves no boundary behind. */
	{ "[secret:github_token:00ff]", SECRET_NONE, NULL, 0 },
	{ "secret [secret:named]" AWS_SECRET, SECRET_NONE, NULL, 0 },
	{ "[secret:named:00]" GH_TOKEN, SECRET_NONE, NULL, 0 },
	{ "secret ]" AWS_SECRET, SECRET_AWS_SECRET_KEY, AWS_SECRET, 0 },
	{ "", SECRET_NONE, NULL, 0 },
	/* Short texts: a URL password takes only a ':' and an '@'. */
	{ "sftp://a:bc@de", SECRET_URL_PASSWORD, "bc", 0 },
	{ "a://:p@", SECRET_URL_PASSWORD, "p", 0 },
	{ "a://:p@x", SECRET_URL_PASSWORD, "p", 0 },
	{ "u-463", SECRET_NONE, NULL, 0 },
	/* The shortest other shape is a Slack token of 15 bytes. */
	{ "xoxb-1234567890", SECRET_SLACK_TOKEN, "xoxb-1234567890", 0 },
	{ "xoxb-123456789", SECRET_NONE, NULL, 0 },
	/* Base64 of "ab://u:pw@hostx": no ':' in the text itself. */
	{ "YWI6Ly91OnB3QGhvc3R4", SECRET_URL_PASSWORD,
	    "YWI6Ly91OnB3QGhvc3R4", 0 },
};

static void
secret_find_table(void **state)
{
	const struct find_case	*c;
	struct secret_match	 m;
	size_t			 i;
	int			 found;

	(void)state;
	for (i = 0; i < sizeof find_cases / sizeof find_cases[0]; i++) {
		c = &find_cases[i];
		found = secret_find(c->text, strlen(c->text), 0, c->flags, &m);
		if (c->kind == SECRET_NONE) {
			if (found)
				fail_msg("case %zu \"%s\": found %s at %zu", i,
				    c->text, secret_kind_name(m.kind),
				    m.start);
			continue;
		}
		if (!found)
			fail_msg("case %zu \"%s\": nothing found", i, c->text);
		assert_int_equal(m.kind, c->kind);
		assert_int_equal(m.len, strlen(c->span));
		assert_memory_equal(c->text + m.start, c->span, m.len);
	}
}

static void
secret_find_base64_flag(void **state)
{
	struct secret_match	 m;

	(void)state;
	assert_true(secret_find(GH_TOKEN_B64, strlen(GH_TOKEN_B64), 0, 0,
	    &m));
	assert_true(m.base64);
	assert_true(secret_find(GH_TOKEN, strlen(GH_TOKEN), 0, 0, &m));
	assert_false(m.base64);
}

static void
secret_find_leftmost_in_url(void **state)
{
	const char		*t = "https://" GH_TOKEN ":x-oauth@github.com";
	struct secret_match	 m;

	(void)state;
	/* The token as user name starts before the password. */
	assert_true(secret_find(t, strlen(t), 0, 0, &m));
	assert_int_equal(m.kind, SECRET_GITHUB_TOKEN);
	assert_int_equal(m.start, 8);
	/* The password is found next. */
	assert_true(secret_find(t, strlen(t), m.start + m.len, 0, &m));
	assert_int_equal(m.kind, SECRET_URL_PASSWORD);
}

/* A search from an offset near the end still finds a URL password. */
static void
secret_find_short_tail(void **state)
{
	const char		*t = "https://user:pw@h";
	struct secret_match	 m;

	(void)state;
	assert_true(secret_find(t, strlen(t), 12, 0, &m));
	assert_int_equal(m.kind, SECRET_URL_PASSWORD);
	assert_int_equal(m.start, 13);
	assert_int_equal(m.len, 2);
	assert_false(secret_find(t, strlen(t), 13, 0, &m));
	assert_false(secret_find(t, strlen(t), strlen(t), 0, &m));
}

static void
secret_names_secret(void **state)
{
	static const char *const yes[] = {
		"password", "Password", "db_password", "passwd", "passphrase",
		"secret", "client_secret", "clientSecret", "webhook-secret",
		"token", "access_token", "accessToken", "github_token",
		"private_key", "privateKey", "ssh-privatekey", "api_key",
		"apiKey", "APIKey", "secret_key", "secret_access_key",
		"SecretAccessKey", "aws_secret_access_key", "signing_key",
		"tls.key", "AccountKey", "secret_value", "SecretValue",
		"Authorization", ".dockerconfigjson", "x_PASSWORD",
		"DB_PASSWD", "GPG_PASSPHRASE", "CLIENT_SECRET", "API_TOKEN",
		"HTTP_AUTHORIZATION", "DOCKERCONFIGJSON", "SIGNING_KEY",
		"MASTER_VALUE", ".dockercfg", "DOCKERCFG",
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (!secret_name_is_secret(yes[i]))
			fail_msg("\"%s\" should name a secret", yes[i]);
	}
}

static void
secret_names_not_secret(void **state)
{
	static const char *const no[] = {
		"name", "secret_name", "secret_scanning", "secretArn",
		"secret_scanning_push_protection_custom_link",
		"token_type", "tokens", "access_tokens_url", "password_enabled",
		"password_last_used", "password_last_changed", "key",
		"access_key", "access_key_1_active", "AccessKeyId", "key_id",
		"deploy_keys_enabled_for_repositories", "has_password_set",
		"credential_type", "value", "data", "", "_", "keys",
		"publicKey", "public_key", "KEY", "Value", "VALUE", "kind",
		"id", "start", "end", "environment", "password_", "tokenx",
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof no / sizeof no[0]; i++) {
		if (secret_name_is_secret(no[i]))
			fail_msg("\"%s\" should not name a secret", no[i]);
	}
	assert_false(secret_name_is_secret(NULL));
}

static void
secret_aws_key_id(void **state)
{
	(void)state;
	assert_true(secret_has_aws_key_id(AWS_KEY_ID, 20));
	assert_true(secret_has_aws_key_id("id=ASIAFK4ZRI3R2WYOJFLJ;", 24));
	assert_false(secret_has_aws_key_id("AKIAFK4ZRI3R2WYOJFL", 19));
	assert_false(secret_has_aws_key_id("XAKIAFK4ZRI3R2WYOJFLJ", 21));
	assert_false(secret_has_aws_key_id("AKIAFK4ZRI3R2WYOJFLJX", 21));
	assert_false(secret_has_aws_key_id("AKIAfk4zri3r2wyojflj", 20));
}

static void
secret_base64_decodes(void **state)
{
	unsigned char	*d;
	size_t		 n;

	(void)state;
	d = secret_base64_decode("aGVsbG8=", 8, &n);
	assert_non_null(d);
	assert_int_equal(n, 5);
	assert_memory_equal(d, "hello", 5);
	free(d);
	d = secret_base64_decode("aGVsbG8", 7, &n);	/* no padding */
	assert_non_null(d);
	assert_int_equal(n, 5);
	free(d);
	d = secret_base64_decode("-_-_", 4, &n);	/* URL-safe */
	assert_non_null(d);
	assert_int_equal(n, 3);
	free(d);
	assert_null(secret_base64_decode("a+b_", 4, &n));	/* mixed */
	assert_null(secret_base64_decode("ab!d", 4, &n));
	assert_null(secret_base64_decode("abcde", 5, &n));
}

static int
test_mark(void *ctx, const struct secret_match *m,
    const unsigned char *material, size_t len, struct strbuf *out)
{
	struct strbuf	*seen = ctx;

	strbuf_add(seen, material, len);
	strbuf_addch(seen, '|');
	secret_marker(out, m->kind, "00ff");
	return 0;
}

static void
secret_replace_all(void **state)
{
	struct strbuf	 seen;
	const char	*t = "a " GH_TOKEN " b " GH_TOKEN_B64 " c";
	char		*out, *again;

	(void)state;
	strbuf_init(&seen);
	assert_int_equal(secret_replace(t, strlen(t), 0, test_mark, &seen,
	    &out), 2);
	assert_string_equal(out, "a [secret:github_token:00ff] b "
	    "[secret:github_token:00ff] c");
	/* The base64 one is fingerprinted decoded: the same material. */
	assert_string_equal(seen.buf, GH_TOKEN "|" GH_TOKEN "|");
	/* Replacing again changes nothing. */
	assert_int_equal(secret_replace(out, strlen(out), 0, test_mark, &seen,
	    &again), 0);
	assert_null(again);
	free(out);
	strbuf_free(&seen);
}

static void
secret_replace_nothing(void **state)
{
	char	*out = (char *)1;

	(void)state;
	assert_int_equal(secret_replace("plain text", 10, 0, NULL, NULL,
	    &out), 0);
	assert_null(out);
	assert_int_equal(secret_replace(NULL, 0, 0, NULL, NULL, &out), 0);
}

static int
test_mark_fail(void *ctx, const struct secret_match *m,
    const unsigned char *material, size_t len, struct strbuf *out)
{
	(void)ctx;
	(void)m;
	(void)material;
	(void)len;
	(void)out;
	return -1;
}

static void
secret_replace_stops(void **state)
{
	char	*out = NULL;

	(void)state;
	assert_int_equal(secret_replace(GH_TOKEN, strlen(GH_TOKEN), 0,
	    test_mark_fail, NULL, &out), -1);
	assert_null(out);
}

static void
secret_markers(void **state)
{
	struct strbuf	 sb;

	(void)state;
	strbuf_init(&sb);
	secret_marker(&sb, SECRET_JWT, "0a1b");
	assert_string_equal(sb.buf, "[secret:jwt:0a1b]");
	assert_true(secret_is_marker(sb.buf, sb.len));
	strbuf_reset(&sb);
	secret_marker(&sb, SECRET_NAMED, NULL);
	assert_string_equal(sb.buf, "[secret:named]");
	assert_true(secret_is_marker(sb.buf, sb.len));
	assert_false(secret_is_marker("[secret:jwt:0A1B]", 17));
	assert_false(secret_is_marker("[secret:jwt:]", 13));
	assert_false(secret_is_marker("[secret:jwt] ", 13));
	assert_false(secret_is_marker("[secret:]", 9));
	assert_false(secret_is_marker("", 0));
	strbuf_free(&sb);
}

static void
secret_mask_message(void **state)
{
	char	*m;

	(void)state;
	m = secret_mask("no node matches \"" GH_TOKEN "\"");
	assert_string_equal(m, "no node matches \"[secret:github_token]\"");
	free(m);
	m = secret_mask("plain");
	assert_string_equal(m, "plain");
	free(m);
	m = secret_mask(NULL);
	assert_string_equal(m, "");
	free(m);
}

static void
secret_kind_names(void **state)
{
	int	 k;

	(void)state;
	for (k = 0; k < SECRET_KIND_COUNT; k++) {
		assert_non_null(secret_kind_name(k));
		assert_non_null(secret_kind_phrase(k));
	}
	assert_string_equal(secret_kind_name(SECRET_KIND_COUNT), "none");
	assert_string_equal(secret_kind_name(SECRET_GITHUB_TOKEN),
	    "github_token");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(secret_find_table),
		cmocka_unit_test(secret_find_base64_flag),
		cmocka_unit_test(secret_find_leftmost_in_url),
		cmocka_unit_test(secret_find_short_tail),
		cmocka_unit_test(secret_names_secret),
		cmocka_unit_test(secret_names_not_secret),
		cmocka_unit_test(secret_aws_key_id),
		cmocka_unit_test(secret_base64_decodes),
		cmocka_unit_test(secret_replace_all),
		cmocka_unit_test(secret_replace_nothing),
		cmocka_unit_test(secret_replace_stops),
		cmocka_unit_test(secret_markers),
		cmocka_unit_test(secret_mask_message),
		cmocka_unit_test(secret_kind_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
