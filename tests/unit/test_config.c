/*
 * Tests of the configuration file: every value type, comments, quoting,
 * lists that add up, defaults, and each error naming the file and line;
 * loading from --config and from the default place; and every built-in
 * key documented.
 */
#include "testutil.h"

#include <sys/stat.h>

#include "config.h"

static const struct config_key test_keys[] = {
	{ "one", "name", CONFIG_STRING, "dflt", 0, 0, "a string" },
	{ "one", "items", CONFIG_LIST, NULL, 0, 0, "a list" },
	{ "one", "count", CONFIG_INTEGER, "7", 1, 100, "an integer" },
	{ "two", "age", CONFIG_DURATION, "90d", 0, 0, "a duration" },
	{ "two", "on", CONFIG_BOOLEAN, "false", 0, 0, "a boolean" },
};

#define NKEYS	(sizeof(test_keys) / sizeof(test_keys[0]))

/* Parse text with the test registry; returns the error or NULL. */
static char *
parse(struct config **cfg, const char *text)
{
	char	*err = NULL;

	*cfg = config_create_keys(test_keys, NKEYS);
	if (config_parse(*cfg, "test.conf", text, strlen(text), &err) == 0)
		return NULL;
	return err;
}

static void
config_defaults(void **state)
{
	struct config	*cfg = config_create_keys(test_keys, NKEYS);
	size_t		 n;

	(void)state;
	assert_string_equal(config_string(cfg, "one", "name"), "dflt");
	assert_int_equal(config_integer(cfg, "one", "count"), 7);
	assert_int_equal(config_duration(cfg, "two", "age"), 90 * 86400);
	assert_int_equal(config_boolean(cfg, "two", "on"), 0);
	config_list(cfg, "one", "items", &n);
	assert_int_equal(n, 0);
	assert_int_equal(config_line(cfg, "one", "count"), 0);
	config_free(cfg);

	cfg = config_create();
	assert_int_equal(config_integer(cfg, "analysis", "max_depth"), 0);
	config_list(cfg, "analysis", "tier_zero", &n);
	assert_int_equal(n, 0);
	config_free(cfg);
}

static void
config_every_type(void **state)
{
	struct config		*cfg;
	const char *const	*items;
	size_t			 n;
	char			*err;

	(void)state;
	err = parse(&cfg,
	    "# a comment\n"
	    "  # an indented comment\n"
	    "\n"
	    "[one]\n"
	    "name = \"quoted value\"  \n"
	    "items = aws:arn:aws:iam::1:user/x#access_key_1, k8s:a::b:c\n"
	    "items = \"has, a comma\", \"q\\\"uote\"\n"
	    "count=42\r\n"
	    "[two]\n"
	    "age = 12h\n"
	    "on = Yes\n");
	assert_null(err);
	assert_string_equal(config_string(cfg, "one", "name"), "quoted value");
	items = config_list(cfg, "one", "items", &n);
	assert_int_equal(n, 4);
	assert_string_equal(items[0], "aws:arn:aws:iam::1:user/x#access_key_1");
	assert_string_equal(items[1], "k8s:a::b:c");
	assert_string_equal(items[2], "has, a comma");
	assert_string_equal(items[3], "q\"uote");
	assert_int_equal(config_integer(cfg, "one", "count"), 42);
	assert_int_equal(config_line(cfg, "one", "count"), 8);
	assert_int_equal(config_duration(cfg, "two", "age"), 12 * 3600);
	assert_int_equal(config_boolean(cfg, "two", "on"), 1);
	config_free(cfg);
}

/* Parse text that must fail; check that the message contains want. */
static void
expect_error(const char *text, const char *want)
{
	struct config	*cfg;
	char		*err = parse(&cfg, text);

	if (err == NULL)
		fail_msg("no error for: %s", text);
	if (strstr(err, want) == NULL)
		fail_msg("error \"%s\" lacks \"%s\"", err, want);
	free(err);
	config_free(cfg);
}

static void
config_errors_name_file_and_line(void **state)
{
	(void)state;
	expect_error("[three]\n", "test.conf:1: unknown section [three]");
	expect_error("[one]\nnope = 1\n", "test.conf:2: unknown key \"nope\" "
	    "in [one]; known keys: name, items, count");
	expect_error("name = x\n", "test.conf:1: \"name\" comes before any "
	    "[section]");
	expect_error("[one]\ncount = ten\n", "test.conf:2: \"ten\" is not an "
	    "integer");
	expect_error("[one]\ncount = 101\n", "count must be between 1 and 100");
	expect_error("[one]\ncount = 1\ncount = 2\n", "test.conf:3: count is "
	    "already set on line 2");
	expect_error("[two]\nage = soon\n", "\"soon\" is not a duration");
	expect_error("[two]\non = perhaps\n", "\"perhaps\" is not a boolean");
	expect_error("[one]\nitems = a,,b\n", "empty item in a list");
	expect_error("[one]\nitems =\n", "empty list");
	expect_error("[one]\nitems = \"open\n", "unterminated \"");
	expect_error("[one]\nitems = \"a\" b\n", "text after a quoted list "
	    "item");
	expect_error("[one]\njust words\n", "test.conf:2: expected \"key = "
	    "value\"");
	expect_error("[one\n", "a section header is \"[name]\"");
	expect_error("[one]\n= 3\n", "missing key");
}

static void
config_nul_rejected(void **state)
{
	struct config	*cfg = config_create_keys(test_keys, NKEYS);
	char		*err = NULL;

	(void)state;
	assert_int_equal(config_parse(cfg, "bin.conf", "[one]\0x", 7, &err),
	    -1);
	assert_non_null(strstr(err, "NUL byte"));
	free(err);
	config_free(cfg);
}

/* Write text to dir/name; returns the path. */
static char *
write_file(const char *dir, const char *name, const char *text)
{
	char	*path;
	FILE	*fp;

	if (asprintf(&path, "%s/%s", dir, name) == -1)
		abort();
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

static void
config_load_paths(void **state)
{
	struct config	*cfg;
	char		*dir = testutil_tmpdir(), *path, *sub, *err = NULL;
	const char	*old = getenv("XDG_CONFIG_HOME");
	size_t		 n;

	(void)state;
	/* An explicit file must exist. */
	if (asprintf(&path, "%s/missing.conf", dir) == -1)
		abort();
	assert_int_equal(config_load(path, &cfg, &err), -1);
	assert_non_null(strstr(err, "missing.conf"));
	free(err);
	free(path);

	/* The default place may be empty. */
	setenv("XDG_CONFIG_HOME", dir, 1);
	assert_int_equal(config_load(NULL, &cfg, &err), 0);
	assert_null(config_file(cfg));
	config_free(cfg);

	/* A file at the default place is read. */
	if (asprintf(&sub, "%s/trustwalk", dir) == -1)
		abort();
	mkdir(sub, 0700);
	path = write_file(sub, "config", "[analysis]\ntier_zero = a:b, c:d\n"
	    "max_depth = 6\n");
	assert_int_equal(config_load(NULL, &cfg, &err), 0);
	assert_string_equal(config_file(cfg), path);
	config_list(cfg, "analysis", "tier_zero", &n);
	assert_int_equal(n, 2);
	assert_int_equal(config_integer(cfg, "analysis", "max_depth"), 6);
	config_free(cfg);
	free(path);

	/* A bad file is an error that names it. */
	path = write_file(dir, "bad.conf", "[analysis]\nmax_depth = -1\n");
	assert_int_equal(config_load(path, &cfg, &err), -1);
	assert_non_null(strstr(err, "bad.conf:2:"));
	free(err);
	free(path);

	if (old != NULL)
		setenv("XDG_CONFIG_HOME", old, 1);
	else
		unsetenv("XDG_CONFIG_HOME");
	free(sub);
	testutil_rmtree(dir);
	free(dir);
}

/* Every built-in key is in the configuration table of docs/usage.md. */
static void
config_registry_documented(void **state)
{
	const struct config_key	*keys;
	char			*path, *want, buf[65536];
	size_t			 n, i, len;
	FILE			*fp;

	(void)state;
	if (asprintf(&path, "%s/docs/usage.md", testutil_root()) == -1)
		abort();
	fp = fopen(path, "r");
	assert_non_null(fp);
	len = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[len] = '\0';
	fclose(fp);
	keys = config_keys(&n);
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		if (asprintf(&want, "| `%s` | `%s` |", keys[i].section,
		    keys[i].name) == -1)
			abort();
		if (strstr(buf, want) == NULL)
			fail_msg("docs/usage.md lacks the row %s", want);
		free(want);
	}
	free(path);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(config_defaults),
		cmocka_unit_test(config_every_type),
		cmocka_unit_test(config_errors_name_file_and_line),
		cmocka_unit_test(config_nul_rejected),
		cmocka_unit_test(config_load_paths),
		cmocka_unit_test(config_registry_documented),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
