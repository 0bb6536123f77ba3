/*
 * Tests of the parts of trustwalk fetch that need no server. They cover
 * Link header parsing, Retry-After values, the origin check of next
 * links and redirects, URLs redacted for the log, escaped path
 * segments, safe file names and API error messages. The fetch manifest
 * is read through the import driver on a real case file, and so are
 * typed Kubernetes lists whose items leave out their kind, as the API
 * server returns them.
 */
#include "testutil.h"

#include <sys/stat.h>

#include "fetch.h"
#include "fetch_int.h"
#include "import.h"
#include "store.h"
#include "store_warning.h"
#include "xalloc.h"

static void
link_next_github(void **state)
{
	char	*u;

	(void)state;
	u = fetch_link_next("<https://api.github.com/organizations/1/repos?"
	    "page=2>; rel=\"next\", <https://api.github.com/organizations/1/"
	    "repos?page=5>; rel=\"last\"");
	assert_string_equal(u, "https://api.github.com/organizations/1/repos?"
	    "page=2");
	free(u);
}

static void
link_next_forms(void **state)
{
	char	*u;

	(void)state;
	/* rel listing several relations, in any case, bare or quoted. */
	u = fetch_link_next("<https://a/1>; rel=\"prev\", <https://a/3>; "
	    "rel=\"Next last\"");
	assert_string_equal(u, "https://a/3");
	free(u);
	u = fetch_link_next("<https://a/x,y>; title=\"a, b; c\"; rel=next");
	assert_string_equal(u, "https://a/x,y");
	free(u);
	u = fetch_link_next("</relative?page=2>;rel=next");
	assert_string_equal(u, "/relative?page=2");
	free(u);
}

static void
link_next_absent(void **state)
{
	(void)state;
	assert_null(fetch_link_next(NULL));
	assert_null(fetch_link_next(""));
	assert_null(fetch_link_next("<https://a/1>; rel=\"prev\""));
	assert_null(fetch_link_next("<https://a/1; rel=\"next\""));
	assert_null(fetch_link_next("https://a/1; rel=next"));
	assert_null(fetch_link_next("<https://a/1>; rel=\"nextpage\""));
}

static void
retry_after_seconds(void **state)
{
	int64_t	 s;

	(void)state;
	assert_int_equal(fetch_retry_after("120", 0, &s), 0);
	assert_int_equal(s, 120);
	assert_int_equal(fetch_retry_after(" 5 ", 0, &s), 0);
	assert_int_equal(s, 5);
	assert_int_equal(fetch_retry_after("0", 0, &s), 0);
	assert_int_equal(s, 0);
	assert_int_equal(fetch_retry_after("99999999999999999999", 0, &s), 0);
	assert_true(s == INT64_MAX);
}

static void
retry_after_malformed(void **state)
{
	int64_t	 s;

	(void)state;
	assert_int_equal(fetch_retry_after("-1", 0, &s), -1);
	assert_int_equal(fetch_retry_after("1.5", 0, &s), -1);
	assert_int_equal(fetch_retry_after("soon", 0, &s), -1);
	assert_int_equal(fetch_retry_after("", 0, &s), -1);
	assert_int_equal(fetch_retry_after("5 s", 0, &s), -1);
	assert_int_equal(fetch_retry_after("Sun, 06 Foo 1994 08:49:37 GMT",
	    0, &s), -1);
	assert_int_equal(fetch_retry_after("Sun, 06 Nov 1994 25:49:37 GMT",
	    0, &s), -1);
	assert_int_equal(fetch_retry_after("Sun, 06 Nov 1994 08:49:37 GMT "
	    "and more", 0, &s), -1);
}

static void
retry_after_date(void **state)
{
	/* 1994-11-06T08:49:37Z */
	const int64_t	 t = 784111777;
	int64_t		 s;

	(void)state;
	assert_int_equal(fetch_retry_after("Sun, 06 Nov 1994 08:49:37 GMT",
	    t - 30, &s), 0);
	assert_int_equal(s, 30);
	assert_int_equal(fetch_retry_after("Sun, 06 Nov 1994 08:49:37 GMT",
	    t + 30, &s), 0);
	assert_int_equal(s, 0);
}

/* Check url against the origin of base; returns 0 or -1. */
static int
check_against(const char *base, const char *url, char **why)
{
	struct fetch_origin	 o;
	char			*err = NULL;
	int			 rc;

	*why = NULL;
	if (fetch_http_origin(base, &o, &err) == -1)
		fail_msg("%s", err);
	rc = fetch_http_check(url, &o, why);
	fetch_origin_clear(&o);
	return rc;
}

static void
origin_same(void **state)
{
	char	*why;

	(void)state;
	assert_int_equal(check_against("https://api.example.com/v3",
	    "https://api.example.com/other/path?page=2", &why), 0);
	assert_int_equal(check_against("https://api.example.com",
	    "HTTPS://API.EXAMPLE.COM:443/x", &why), 0);
	assert_int_equal(check_against("https://127.0.0.1:8443/s",
	    "https://127.0.0.1:8443/t", &why), 0);
}

static void
origin_refused(void **state)
{
	static const struct {
		const char	*url;
		const char	*why;
	} cases[] = {
		{ "https://localhost:8443/x", "another host" },
		{ "https://127.0.0.1:9443/x", "another port" },
		{ "https://127.0.0.1/x", "another port" },
		{ "http://127.0.0.1:8443/x", "plain http" },
		{ "ftp://127.0.0.1:8443/x", "not an https URL" },
		{ "file:///etc/passwd", "not an https URL" },
		{ "javascript:alert(1)", "" },
		{ "https://user@127.0.0.1:8443/x", "a user name or password" },
		{ "https://u:p@127.0.0.1:8443/x", "a user name or password" },
		{ "https://127.0.0.1:8443/x#frag", "a fragment" },
		{ "https://127.0.0.1.evil.example:8443/x", "another host" },
	};
	char	*why;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (check_against("https://127.0.0.1:8443/s", cases[i].url,
		    &why) != -1)
			fail_msg("%s was not refused", cases[i].url);
		if (strstr(why, cases[i].why) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", cases[i].url, why,
			    cases[i].why);
		assert_null(strstr(why, "u:p@"));
		free(why);
	}
}

static void
origin_base_rules(void **state)
{
	struct fetch_origin	 o;
	char			*err = NULL;

	(void)state;
	assert_int_equal(fetch_http_origin("http://api.example.com", &o,
	    &err), -1);
	assert_non_null(strstr(err, "only https"));
	free(err);
	err = NULL;
	assert_int_equal(fetch_http_origin("https://me:secret@api.example.com",
	    &o, &err), -1);
	assert_null(strstr(err, "secret@"));
	free(err);
	err = NULL;
	assert_int_equal(fetch_http_origin("not a url", &o, &err), -1);
	free(err);
	err = NULL;
	assert_int_equal(fetch_http_origin("https://Api.Example.com", &o,
	    &err), 0);
	assert_string_equal(o.host, "api.example.com");
	assert_int_equal(o.port, 443);
	fetch_origin_clear(&o);
}

static void
resolve_references(void **state)
{
	char	*u, *err = NULL;

	(void)state;
	u = fetch_http_resolve("https://h/a/b?x=1", "/c?page=2", &err);
	assert_string_equal(u, "https://h/c?page=2");
	free(u);
	u = fetch_http_resolve("https://h/a/b?x=1", "?page=3", &err);
	assert_string_equal(u, "https://h/a/b?page=3");
	free(u);
	u = fetch_http_resolve("https://h/a/b", "https://other/x", &err);
	assert_string_equal(u, "https://other/x");
	free(u);
}

static void
redact_query(void **state)
{
	char	*u;

	(void)state;
	u = fetch_http_redact("https://h/p?per_page=100&page=2#f");
	assert_string_equal(u, "https://h/p?per_page=100&page=2");
	free(u);
	u = fetch_http_redact("https://h/p?limit=500&continue=eyJ2IjoibWV0YSJ9");
	assert_string_equal(u, "https://h/p?limit=500&continue=...");
	free(u);
	u = fetch_http_redact("https://h/v1.0/users?$top=999&$skiptoken=X1"
	    "&sig=abc&token");
	assert_string_equal(u, "https://h/v1.0/users?$top=999&$skiptoken=..."
	    "&sig=...&token");
	free(u);
	u = fetch_http_redact("https://h/p");
	assert_string_equal(u, "https://h/p");
	free(u);
	u = fetch_http_redact("https://me:hunter2@h:8443/p?page=2");
	assert_string_equal(u, "https://me:...@h:8443/p?page=2");
	free(u);
	u = fetch_http_redact("https://me@h/p@q");
	assert_string_equal(u, "https://me@h/p@q");
	free(u);
	/* A '?' after the fragment starts no query. */
	u = fetch_http_redact("https://h/p#frag?x=1");
	assert_string_equal(u, "https://h/p");
	free(u);
}

static void
escape_segments(void **state)
{
	struct strbuf	 sb;

	(void)state;
	strbuf_init(&sb);
	fetch_http_escape(&sb, "a b/c?d#e%f");
	assert_string_equal(sb.buf, "a%20b%2Fc%3Fd%23e%25f");
	strbuf_reset(&sb);
	fetch_http_escape(&sb, "..");
	assert_string_equal(sb.buf, "%2E%2E");
	strbuf_reset(&sb);
	fetch_http_escape(&sb, ".");
	assert_string_equal(sb.buf, "%2E");
	strbuf_reset(&sb);
	fetch_http_escape(&sb, ".github");
	assert_string_equal(sb.buf, ".github");
	strbuf_reset(&sb);
	fetch_http_escape(&sb, "caf\xc3\xa9_x-y~z");
	assert_string_equal(sb.buf, "caf%C3%A9_x-y~z");
	strbuf_free(&sb);
}

static void
safe_names(void **state)
{
	char	 longname[202];

	(void)state;
	assert_true(fetch_safe_name("api"));
	assert_true(fetch_safe_name("deploybot[bot]"));
	assert_true(fetch_safe_name("d1b2c3d4-0004-4000-8000-000000000001"));
	assert_false(fetch_safe_name(""));
	assert_false(fetch_safe_name("."));
	assert_false(fetch_safe_name(".."));
	assert_false(fetch_safe_name(".github"));
	assert_false(fetch_safe_name("a/b"));
	assert_false(fetch_safe_name("a\\b"));
	assert_false(fetch_safe_name("line\nbreak"));
	assert_false(fetch_safe_name("del\x7f"));
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_false(fetch_safe_name(longname));
}

/* The message fetch_error_message() gives for a body. */
static char *
message_of(const char *content_type, const char *body)
{
	struct fetch_response	 r;
	char			*m;

	memset(&r, 0, sizeof(r));
	strbuf_init(&r.body);
	strbuf_addstr(&r.body, body);
	r.content_type = content_type != NULL ? xstrdup(content_type) : NULL;
	m = fetch_error_message(&r);
	fetch_response_clear(&r);
	return m;
}

static void
error_messages(void **state)
{
	char	*m, big[1000];

	(void)state;
	m = message_of("application/json", "{\"message\": \"Bad credentials\","
	    " \"documentation_url\": \"https://docs.github.com\"}");
	assert_string_equal(m, "Bad credentials");
	free(m);
	m = message_of("application/json", "{\"error\": {\"code\": "
	    "\"Authorization_RequestDenied\", \"message\": \"Insufficient "
	    "privileges\"}}");
	assert_string_equal(m, "Authorization_RequestDenied: Insufficient "
	    "privileges");
	free(m);
	m = message_of("text/html", "<html>login</html>");
	assert_non_null(strstr(m, "HTML"));
	free(m);
	m = message_of(NULL, "");
	assert_string_equal(m, "no message");
	free(m);
	m = message_of("application/json", "{\"message\": 42}");
	assert_string_equal(m, "no message");
	free(m);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "{\"message\":\"", 12);
	memcpy(big + sizeof(big) - 3, "\"}", 2);
	m = message_of("application/json", big);
	assert_true(strlen(m) <= FETCH_MESSAGE_MAX + 3);
	free(m);
}

/* A case file and a folder of inputs. */
struct fixture {
	char		*dir;
	struct store	*store;
};

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));
	char		*path, *err = NULL;

	f->dir = testutil_tmpdir();
	if (asprintf(&path, "%s/case.db", f->dir) == -1)
		abort();
	if (store_open(path, STORE_CREATE, &f->store, &err) == -1)
		fail_msg("%s", err);
	free(path);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	store_close(f->store);
	testutil_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* Write text to DIR/NAME. */
static char *
write_file(const char *dir, const char *name, const char *text)
{
	char	*path;
	FILE	*fp;

	if (asprintf(&path, "%s/%s", dir, name) == -1)
		abort();
	if ((fp = fopen(path, "w")) == NULL)
		fail_msg("cannot write %s", path);
	fputs(text, fp);
	fclose(fp);
	return path;
}

/* Import one file; returns the result's warnings and partial flag. */
static void
import_one(struct fixture *f, const char *path, int64_t *warnings,
    int *partial)
{
	struct import_options	 opts;
	struct import_result	*res = NULL;
	size_t			 n = 0;
	char			*err = NULL;

	memset(&opts, 0, sizeof(opts));
	if (import_files(f->store, &path, 1, &opts, &res, &n, &err) !=
	    IMPORT_OK)
		fail_msg("%s", err);
	assert_int_equal(n, 1);
	*warnings = res[0].warnings;
	*partial = res[0].partial;
	import_results_free(res, n);
}

static const char og_doc[] = "{\"metadata\": {\"source_kind\": \"Test\"}, "
    "\"graph\": {\"nodes\": [{\"id\": \"a\", \"kinds\": [\"User\"], "
    "\"properties\": {\"name\": \"a\"}}], \"edges\": []}}";

static void
manifest_marks_partial(void **state)
{
	struct fixture		*f = *state;
	struct store_warning	*w = NULL;
	size_t			 n = 0;
	char			*path, *err = NULL;
	int64_t			 warnings;
	int			 partial;

	path = write_file(f->dir, "og.json", og_doc);
	free(write_file(f->dir, FETCH_MANIFEST, "{\"trustwalk_fetch\": 1, "
	    "\"missing\": [{\"input\": \"og.json\", \"endpoint\": \"api/v1/"
	    "secrets\", \"file\": null, \"status\": 403, \"message\": \"HTTP "
	    "403: secrets is forbidden\"}, {\"input\": \"other.json\", "
	    "\"endpoint\": \"elsewhere\", \"status\": 404, \"message\": \"x\"}]}"));
	import_one(f, path, &warnings, &partial);
	assert_int_equal(warnings, 1);
	assert_true(partial);
	if (store_warnings(f->store, 0, &w, &n, &err) == -1)
		fail_msg("%s", err);
	assert_int_equal(n, 1);
	assert_string_equal(w[0].path, "api/v1/secrets");
	assert_string_equal(w[0].message, "the fetch could not read it: HTTP "
	    "403: secrets is forbidden");
	store_warnings_free(w, n);
	free(path);
}

static void
manifest_absent_or_broken(void **state)
{
	struct fixture	*f = *state;
	char		*path, *man;
	int64_t		 warnings;
	int		 partial;

	path = write_file(f->dir, "og.json", og_doc);
	import_one(f, path, &warnings, &partial);
	assert_int_equal(warnings, 0);
	assert_false(partial);
	man = write_file(f->dir, FETCH_MANIFEST, "{\"missing\": [");
	import_one(f, path, &warnings, &partial);
	assert_int_equal(warnings, 1);
	assert_true(partial);
	free(man);
	man = write_file(f->dir, FETCH_MANIFEST, "{\"trustwalk_fetch\": 2, "
	    "\"missing\": []}");
	import_one(f, path, &warnings, &partial);
	assert_int_equal(warnings, 1);
	free(man);
	free(path);
}

static void
k8s_typed_list_items(void **state)
{
	struct fixture		*f = *state;
	struct import_options	 opts;
	struct import_result	*res = NULL;
	char			*path, *err = NULL;
	size_t			 n = 0;

	/* As kubectl get --raw and the List fetch k8s writes hold them. */
	path = write_file(f->dir, "raw.json", "{\"kind\": \"List\", "
	    "\"apiVersion\": \"v1\", \"items\": [{\"kind\": "
	    "\"ServiceAccountList\", \"apiVersion\": \"v1\", \"items\": "
	    "[{\"metadata\": {\"name\": \"api\", \"namespace\": \"pay\"}}]}, "
	    "{\"kind\": \"RoleList\", \"apiVersion\": "
	    "\"rbac.authorization.k8s.io/v1\", \"items\": [{\"metadata\": "
	    "{\"name\": \"r\", \"namespace\": \"pay\"}, \"rules\": []}]}]}");
	memset(&opts, 0, sizeof(opts));
	opts.cluster = "c";
	if (import_files(f->store, (const char *const *)&path, 1, &opts, &res,
	    &n, &err) != IMPORT_OK)
		fail_msg("%s", err);
	assert_int_equal(n, 1);
	assert_int_equal(res[0].warnings, 0);
	/* The account, the role, the namespace and the cluster. */
	assert_int_equal(res[0].nodes, 4);
	import_results_free(res, n);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(link_next_github),
		cmocka_unit_test(link_next_forms),
		cmocka_unit_test(link_next_absent),
		cmocka_unit_test(retry_after_seconds),
		cmocka_unit_test(retry_after_malformed),
		cmocka_unit_test(retry_after_date),
		cmocka_unit_test(origin_same),
		cmocka_unit_test(origin_refused),
		cmocka_unit_test(origin_base_rules),
		cmocka_unit_test(resolve_references),
		cmocka_unit_test(redact_query),
		cmocka_unit_test(escape_segments),
		cmocka_unit_test(safe_names),
		cmocka_unit_test(error_messages),
		cmocka_unit_test_setup_teardown(manifest_marks_partial, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(manifest_absent_or_broken,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(k8s_typed_list_items, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
