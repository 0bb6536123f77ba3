/* seeds: tests/fuzz/seeds/fetch
 *
 * Fuzz target for what trustwalk fetch parses from a server: Link
 * headers, Retry-After values, URLs of next links and redirects, and
 * error bodies (importers/fetch_get.c, importers/fetch_http.c). The
 * first input byte picks the parser; the rest is the text.
 *
 * Invariants: a next link is the text between one '<' and the '>' after
 * it; a wait is never negative; a URL the origin check accepts is https
 * on the origin's host and port; the shown form of a URL has no fragment
 * and grows by at most "..." per parameter; an error message is at most
 * FETCH_MESSAGE_MAX bytes and its "...".
 */
#include <string.h>

#include "fetch_http.h"
#include "fetch_int.h"
#include "fuzz.h"
#include "xalloc.h"

/* The origin of the base URL the checks compare against. */
#define FUZZ_BASE	"https://api.example.com:8443/v3"

static void
fuzz_link(const char *text)
{
	char		*next = fetch_link_next(text);
	const char	*lt;

	if (next == NULL)
		return;
	FUZZ_CHECK(strchr(next, '>') == NULL);
	for (lt = strchr(text, '<'); lt != NULL; lt = strchr(lt + 1, '<')) {
		if (strncmp(lt + 1, next, strlen(next)) == 0 &&
		    lt[1 + strlen(next)] == '>')
			break;
	}
	FUZZ_CHECK(lt != NULL);
	free(next);
}

static void
fuzz_retry_after(const char *text)
{
	int64_t	 wait = -1;

	if (fetch_retry_after(text, 784111777, &wait) == 0)
		FUZZ_CHECK(wait >= 0);
}

static void
fuzz_check(const char *text)
{
	struct fetch_origin	 want, got;
	char			*err = NULL, *shown;

	if (fetch_http_origin(FUZZ_BASE, &want, &err) == -1)
		fuzz_fail("base URL", __FILE__, __LINE__);
	if (fetch_http_check(text, &want, &err) == 0) {
		/* An accepted URL is also a valid base URL of that origin. */
		FUZZ_CHECK(fetch_http_origin(text, &got, &err) == 0);
		FUZZ_CHECK(strcmp(got.scheme, "https") == 0);
		FUZZ_CHECK(strcmp(got.host, want.host) == 0);
		FUZZ_CHECK(got.port == want.port);
		fetch_origin_clear(&got);
	}
	free(err);
	fetch_origin_clear(&want);
	shown = fetch_http_redact(text);
	FUZZ_CHECK(strchr(shown, '#') == NULL);
	FUZZ_CHECK(strlen(shown) <= 4 * strlen(text) + 3);
	free(shown);
}

static void
fuzz_message(const char *text, size_t len)
{
	struct fetch_response	 res;
	char			*m;

	memset(&res, 0, sizeof(res));
	strbuf_init(&res.body);
	strbuf_add(&res.body, text, len);
	res.content_type = xstrdup(len > 0 && text[0] == '<' ? "text/html" :
	    "application/json");
	m = fetch_error_message(&res);
	FUZZ_CHECK(strlen(m) <= FETCH_MESSAGE_MAX + 3);
	free(m);
	fetch_response_clear(&res);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*text;
	size_t	 len;

	fuzz_locale();
	if (size < 1)
		return 0;
	len = size - 1;
	text = xmalloc(len + 1);
	memcpy(text, data + 1, len);
	text[len] = '\0';
	switch (data[0] % 4) {
	case 0:
		fuzz_link(text);
		break;
	case 1:
		fuzz_retry_after(text);
		break;
	case 2:
		fuzz_check(text);
		break;
	default:
		fuzz_message(text, len);
		break;
	}
	free(text);
	return 0;
}
