/*
 * Tests of importers/redact.c through the OpenGraph importer and a real
 * case file: values named as secrets and secret shapes anywhere in a
 * record become "[secret:KIND:FINGERPRINT]" markers, the fingerprint is
 * the case's HMAC of the secret, the same secret gets the same marker in
 * any field, each replacement is a warning, and no secret byte reaches
 * the file. The canaries are made up for these tests.
 */
#include "testutil.h"

#include "digest.h"
#include "import.h"
#include "model.h"
#include "redact.h"
#include "store.h"

#define GH_TOKEN	"ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d"
#define GH_TOKEN_B64	"Z2hwX3U4anpQZGUwSWd4TGQ2R25jZkJBZXBmSkJkMEtoOG9PT0w4ZA=="
#define CLIENT_SECRET	"canary-client-secret-7Qz"
#define PASSWORD	"canary-Passw0rd!"
#define AWS_KEY_ID	"AKIAFK4ZRI3R2WYOJFLJ"
#define AWS_SECRET	"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"

struct fixture {
	char		*dir;
	char		*path;
	struct store	*store;
};

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));
	char		*err = NULL;

	f->dir = testutil_tmpdir();
	if (asprintf(&f->path, "%s/case.db", f->dir) == -1)
		abort();
	if (store_open(f->path, STORE_CREATE, &f->store, &err) == -1)
		fail_msg("%s", err);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	store_close(f->store);
	testutil_rmtree(f->dir);
	free(f->path);
	free(f->dir);
	free(f);
	return 0;
}

static const char redact_doc[] =
    "{\"metadata\": {\"source_kind\": \"acme\"}, \"graph\": {\"nodes\": ["
    "{\"id\": \"app\", \"kinds\": [\"App\"], \"properties\": {"
    "\"name\": \"billing\", \"client_secret\": \"" CLIENT_SECRET "\", "
    "\"description\": \"uses " GH_TOKEN " for CI\", "
    "\"secret_name\": \"BILLING_KEY\"}},"
    "{\"id\": \"cred\", \"kinds\": [\"Secret\"], \"properties\": {"
    "\"name\": \"k8s token\", \"value\": \"" GH_TOKEN_B64 "\", "
    "\"password\": 12345678}},"
    "{\"id\": \"user\", \"kinds\": [\"User\"], \"properties\": {"
    "\"name\": \"u\", \"value\": \"not secret on a user\", "
    "\"db_password\": \"" PASSWORD "\", \"has_password\": true}}"
    "], \"edges\": [{\"kind\": \"Uses\", \"start\": {\"value\": \"app\"}, "
    "\"end\": {\"value\": \"cred\"}, \"properties\": {\"note\": "
    "\"https://ci:" PASSWORD "@ci.example\"}}]}}";

/*
 * Import doc with the importer named format (NULL: sniff), expecting
 * status expect; returns the warning count.
 */
static int64_t
import_as(struct fixture *f, const char *format, const char *doc, int strict,
    int expect)
{
	struct import_options	 opts;
	struct import_result	 res;
	enum import_status	 st;
	int64_t			 warnings;
	char			*err = NULL;

	memset(&opts, 0, sizeof(opts));
	opts.now = 1700000000;
	opts.format = format;
	opts.strict = strict;
	st = import_buffer(f->store, "secrets.json", doc, strlen(doc), &opts,
	    &res, &err);
	if ((int)st != expect)
		fail_msg("import status %d, expected %d: %s", st, expect,
		    err != NULL ? err : "");
	warnings = res.warnings;
	import_result_clear(&res);
	free(err);
	return warnings;
}

/* Import doc, expecting status expect; returns the warning count. */
static int64_t
import_doc(struct fixture *f, const char *doc, int strict, int expect)
{
	return import_as(f, NULL, doc, strict, expect);
}

/* An attribute looked up by name, and its value once found. */
struct attr_find {
	const char	*name;
	char		*value;
};

static int
attr_find_cb(void *ctx, const char *name, const char *value,
    const char *type, const char *source)
{
	struct attr_find	*a = ctx;

	(void)type;
	(void)source;
	if (strcmp(name, a->name) == 0 && a->value == NULL)
		a->value = strdup(value != NULL ? value : "null");
	return 0;
}

/* The value of attribute name of the node with key, or NULL (allocated). */
static char *
attr_of(struct fixture *f, const struct model *m, const char *key,
    const char *name)
{
	struct attr_find	 a = { name, NULL };
	char			*err = NULL;
	int64_t			 v = model_find(m, key);

	if (v < 0)
		fail_msg("no node %s", key);
	if (store_node_attrs(f->store, m->kid[v], attr_find_cb, &a, &err) == -1)
		fail_msg("%s", err);
	return a.value;
}

/* The marker the case writes for secret: its HMAC under the case key. */
static char *
expected_marker(struct fixture *f, const char *kind, const char *secret)
{
	unsigned char	 key[STORE_FP_KEY_LEN];
	char		 hex[DIGEST_HEX_BUFSZ], *err = NULL, *out;

	if (store_fingerprint_key(f->store, key, &err) == -1)
		fail_msg("%s", err);
	assert_int_equal(digest_fingerprint(key, sizeof(key), secret,
	    strlen(secret), hex), 0);
	if (asprintf(&out, "[secret:%s:%s]", kind, hex) == -1)
		abort();
	return out;
}

static struct model *
load(struct fixture *f)
{
	struct model	*m = NULL;
	char		*err = NULL;

	if (model_load(f->store, &m, &err) == -1)
		fail_msg("model_load: %s", err);
	return m;
}

static void
redact_named_properties(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	char		*v, *want;

	import_doc(f, redact_doc, 0, IMPORT_OK);
	m = load(f);
	v = attr_of(f, m, "acme:app", "client_secret");
	want = expected_marker(f, "named", CLIENT_SECRET);
	assert_string_equal(v, want);
	free(v);
	free(want);
	v = attr_of(f, m, "acme:user", "db_password");
	want = expected_marker(f, "named", PASSWORD);
	assert_string_equal(v, want);
	free(v);
	free(want);
	/* A number under a secret name is replaced by its text's marker. */
	v = attr_of(f, m, "acme:cred", "password");
	want = expected_marker(f, "named", "12345678");
	assert_string_equal(v, want);
	free(v);
	free(want);
	/* Booleans and names that only mention secrets are kept. */
	v = attr_of(f, m, "acme:user", "has_password");
	assert_string_equal(v, "true");
	free(v);
	v = attr_of(f, m, "acme:app", "secret_name");
	assert_string_equal(v, "BILLING_KEY");
	free(v);
	model_free(m);
}

static void
redact_credential_value(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	char		*v, *want;

	import_doc(f, redact_doc, 0, IMPORT_OK);
	m = load(f);
	/* A credential's value is its secret; base64 is decoded first. */
	v = attr_of(f, m, "acme:cred", "value");
	want = expected_marker(f, "github_token", GH_TOKEN);
	assert_string_equal(v, want);
	free(v);
	/* The same token inside a description gets the same marker. */
	v = attr_of(f, m, "acme:app", "description");
	assert_non_null(strstr(v, want));
	assert_non_null(strstr(v, "uses "));
	assert_non_null(strstr(v, " for CI"));
	free(v);
	free(want);
	/* "value" on a node that is not a credential is kept. */
	v = attr_of(f, m, "acme:user", "value");
	assert_string_equal(v, "not secret on a user");
	free(v);
	model_free(m);
}

static void
redact_counts_warnings(void **state)
{
	struct fixture	*f = *state;

	/*
	 * client_secret, description, value, password, db_password and the
	 * URL password in the edge's note.
	 */
	assert_int_equal(import_doc(f, redact_doc, 0, IMPORT_OK), 6);
}

static void
redact_strict_rejects(void **state)
{
	struct fixture	*f = *state;

	import_doc(f, redact_doc, 1, IMPORT_REJECTED);
}

/* Count the occurrences of needle in the bytes of a file (0 if none). */
static int
count_in_file(const char *path, const char *needle)
{
	FILE	*fp;
	char	*buf;
	long	 n;
	int	 hits = 0;
	size_t	 len = strlen(needle), i;

	if ((fp = fopen(path, "rb")) == NULL)
		return 0;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, fp) != (size_t)n)
		abort();
	fclose(fp);
	for (i = 0; i + len <= (size_t)n; i++) {
		if (memcmp(buf + i, needle, len) == 0)
			hits++;
	}
	free(buf);
	return hits;
}

static void
redact_nothing_in_file(void **state)
{
	struct fixture	*f = *state;
	char		*wal;

	import_doc(f, redact_doc, 0, IMPORT_OK);
	if (asprintf(&wal, "%s-wal", f->path) == -1)
		abort();
	assert_int_equal(count_in_file(f->path, GH_TOKEN), 0);
	assert_int_equal(count_in_file(f->path, GH_TOKEN_B64), 0);
	assert_int_equal(count_in_file(f->path, CLIENT_SECRET), 0);
	assert_int_equal(count_in_file(f->path, PASSWORD), 0);
	assert_int_equal(count_in_file(wal, GH_TOKEN), 0);
	assert_int_equal(count_in_file(wal, GH_TOKEN_B64), 0);
	assert_int_equal(count_in_file(wal, CLIENT_SECRET), 0);
	assert_int_equal(count_in_file(wal, PASSWORD), 0);
	/* The markers themselves are there. */
	assert_true(count_in_file(wal, "[secret:") +
	    count_in_file(f->path, "[secret:") > 0);
	free(wal);
}

static void
redact_secret_in_id(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	const char	*doc =
	    "{\"graph\": {\"nodes\": [{\"id\": \"" GH_TOKEN "\", \"kinds\": "
	    "[\"Token\"]}, {\"id\": \"w\", \"kinds\": [\"Workload\"]}], "
	    "\"edges\": [{\"kind\": \"Uses\", \"start\": {\"value\": \"w\"}, "
	    "\"end\": {\"value\": \"" GH_TOKEN "\"}}]}}";
	char		*want, *key;
	int64_t		 v;
	size_t		 first, count;

	assert_int_equal(import_doc(f, doc, 0, IMPORT_OK), 2);
	m = load(f);
	want = expected_marker(f, "github_token", GH_TOKEN);
	if (asprintf(&key, "og:%s", want) == -1)
		abort();
	/* The id and the edge's end are replaced alike, so they still join. */
	v = model_find(m, key);
	assert_true(v >= 0);
	assert_false(m->nflags[v] & MODEL_NODE_MISSING);
	model_out(m, (size_t)model_find(m, "og:w"), &first, &count);
	assert_int_equal(count, 1);
	assert_int_equal(m->edst[first], v);
	free(key);
	free(want);
	model_free(m);
}

static void
redact_pairs_by_name(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	const char	*doc =
	    "{\"UserDetailList\": [{\"UserName\": \"ci\", \"Arn\": "
	    "\"arn:aws:iam::111122223333:user/ci\", \"Path\": \"/\", "
	    "\"Tags\": [{\"Key\": \"db_password\", \"Value\": \"" PASSWORD
	    "\"}, {\"Key\": \"team\", \"Value\": \"payments\"}]}]}";
	char		*v, *want;

	/* A tag named as a secret is replaced; other tags are kept. */
	assert_int_equal(import_as(f, "aws-authz", doc, 0, IMPORT_OK), 1);
	m = load(f);
	v = attr_of(f, m, "aws:arn:aws:iam::111122223333:user/ci",
	    "tag:db_password");
	want = expected_marker(f, "named", PASSWORD);
	assert_string_equal(v, want);
	free(v);
	free(want);
	v = attr_of(f, m, "aws:arn:aws:iam::111122223333:user/ci",
	    "tag:team");
	assert_string_equal(v, "payments");
	free(v);
	model_free(m);
}

static void
redact_env_and_switches(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	const char	*doc =
	    "apiVersion: v1\nkind: Pod\n"
	    "metadata: {name: web, namespace: shop}\n"
	    "spec:\n"
	    "  automountServiceAccountToken: \"no\"\n"
	    "  containers:\n"
	    "  - name: web\n"
	    "    image: nginx\n"
	    "    env:\n"
	    "    - {name: API_TOKEN, value: \"" CLIENT_SECRET "\"}\n"
	    "    - {name: LOG_LEVEL, value: debug}\n";
	char		*v;

	/*
	 * The variable named as a token is one warning. The switch that
	 * names a token but is set to "no" is read as a boolean.
	 */
	assert_int_equal(import_as(f, "k8s", doc, 0, IMPORT_OK), 1);
	m = load(f);
	v = attr_of(f, m, "k8s:secrets:shop:pod:web", "automount_token");
	assert_string_equal(v, "false");
	free(v);
	model_free(m);
	assert_int_equal(count_in_file(f->path, CLIENT_SECRET), 0);
}

static void
redact_key_id_gives_context(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	const char	*doc =
	    "{\"graph\": {\"nodes\": ["
	    "{\"id\": \"k\", \"kinds\": [\"User\"], \"properties\": {"
	    "\"note\": \"" AWS_SECRET "\", \"key_id\": \"" AWS_KEY_ID "\"}},"
	    "{\"id\": \"n\", \"kinds\": [\"User\"], \"properties\": {"
	    "\"note\": \"" AWS_SECRET "\"}}]}}";
	char		*v, *want;

	/* A key id after the secret key still marks the record as AWS. */
	assert_int_equal(import_doc(f, doc, 0, IMPORT_OK), 1);
	m = load(f);
	v = attr_of(f, m, "og:k", "note");
	want = expected_marker(f, "aws_secret_access_key", AWS_SECRET);
	assert_string_equal(v, want);
	free(v);
	free(want);
	/* Without one, 40 characters of base64 are kept. */
	v = attr_of(f, m, "og:n", "note");
	assert_string_equal(v, AWS_SECRET);
	free(v);
	model_free(m);
}

static void
redact_pair_name_order(void **state)
{
	struct fixture	*f = *state;
	struct model	*m;
	const char	*doc =
	    "{\"graph\": {\"nodes\": ["
	    "{\"id\": \"a\", \"kinds\": [\"User\"], \"properties\": {"
	    "\"name\": \"API_TOKEN\", \"value\": \"" CLIENT_SECRET "\"}},"
	    "{\"id\": \"b\", \"kinds\": [\"User\"], \"properties\": {"
	    "\"name\": \"API_TOKEN\", \"Name\": 5, "
	    "\"value\": \"kept-b\"}},"
	    "{\"id\": \"c\", \"kinds\": [\"User\"], \"properties\": {"
	    "\"name\": \"API_TOKEN\", \"Key\": \"team\", "
	    "\"value\": \"kept-c\"}}]}}";
	char		*v, *want;

	/* Properties that are a pair named as a token lose their value. */
	assert_int_equal(import_doc(f, doc, 0, IMPORT_OK), 1);
	m = load(f);
	v = attr_of(f, m, "og:a", "value");
	want = expected_marker(f, "named", CLIENT_SECRET);
	assert_string_equal(v, want);
	free(v);
	free(want);
	/* Name comes before name, and Key before both. */
	v = attr_of(f, m, "og:b", "value");
	assert_string_equal(v, "kept-b");
	free(v);
	v = attr_of(f, m, "og:c", "value");
	assert_string_equal(v, "kept-c");
	free(v);
	model_free(m);
}

/* One value under a member name, for redact_would_keep(). */
static int
keeps_value(const char *name, const char *text, int flags)
{
	struct redact_string	 v[2] = {
		{ name, strlen(name), NULL, 1 },
		{ text, strlen(text), name, 0 },
	};

	return redact_would_keep(v, 2, flags);
}

static void
redact_would_keep_plain(void **state)
{
	(void)state;
	assert_true(keeps_value("value", "u-463", 0));
	assert_true(keeps_value("kind", "MemberOf", 0));
	assert_true(keeps_value("note", "https://example.com/a:b", 0));
	/* A marker is never found again. */
	assert_true(keeps_value("value", "[secret:github_token:00ff]", 0));
	assert_true(keeps_value("value", AWS_SECRET, 0));
	assert_true(keeps_value("value", "ghp_short", 0));
}

static void
redact_would_keep_short_secrets(void **state)
{
	(void)state;
	/* 14 bytes with a URL password, and 7. */
	assert_false(keeps_value("value", "sftp://a:bc@de", 0));
	assert_false(keeps_value("value", "a://:p@", 0));
	/* Base64 of "ab://u:pw@hostx" contains no ':'. */
	assert_false(keeps_value("value", "YWI6Ly91OnB3QGhvc3R4", 0));
	assert_false(keeps_value("value", "xoxb-1234567890", 0));
	assert_false(keeps_value("kind", GH_TOKEN, 0));
	/* A secret in a member name counts too. */
	assert_false(keeps_value(GH_TOKEN, "x", 0));
}

static void
redact_would_keep_names_and_context(void **state)
{
	struct redact_string	 v[3] = {
		{ "value", 5, NULL, 1 },
		{ AWS_SECRET, strlen(AWS_SECRET), "value", 0 },
		{ AWS_KEY_ID, strlen(AWS_KEY_ID), "id", 0 },
	};

	(void)state;
	/* A key id in another string of the record gives AWS context. */
	assert_false(redact_would_keep(v, 3, 0));
	assert_true(redact_would_keep(v, 2, 0));
	/* A value under a secret name, even a boolean word. */
	assert_false(keeps_value("password", "hunter2", 0));
	assert_false(keeps_value("password", "no", 0));
	assert_false(keeps_value("value", "x", REDACT_CREDENTIAL));
	assert_true(keeps_value("value", "x", 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(redact_would_keep_plain),
		cmocka_unit_test(redact_would_keep_short_secrets),
		cmocka_unit_test(redact_would_keep_names_and_context),
		cmocka_unit_test_setup_teardown(redact_named_properties,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(redact_credential_value,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(redact_counts_warnings,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(redact_strict_rejects,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(redact_nothing_in_file,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(redact_pairs_by_name,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(redact_env_and_switches,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(redact_secret_in_id,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(redact_key_id_gives_context,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(redact_pair_name_order,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
