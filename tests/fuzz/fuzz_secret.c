/* seeds: tests/fuzz/seeds/secret tests/fixtures/opengraph
 *
 * Fuzz target for the secret detector (graph/secret.c). The first input
 * byte picks the flags; the rest is the text, also read as a field name.
 *
 * Invariants: every match lies inside the text and the next starts at or
 * after the end of the one before; replacing, in the same AWS context,
 * leaves nothing to replace, so replacing twice changes nothing; masking
 * finds what replacing finds. The context is that of the original text:
 * a marker's "]" can put a boundary before an access key id, which the
 * record's context decides, not the edited text's.
 */
#include <string.h>

#include "fuzz.h"
#include "secret.h"
#include "strbuf.h"
#include "xalloc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct secret_match	 m;
	unsigned char		*dec;
	const char		*text;
	char			*name, *out = NULL, *again = NULL, *masked;
	size_t			 len, pos = 0, declen;
	int			 flags, n, found = 0;

	fuzz_locale();
	if (size < 1)
		return 0;
	flags = data[0] & SECRET_AWS_CONTEXT;
	text = (const char *)data + 1;
	len = size - 1;

	name = xmalloc(len + 1);
	memcpy(name, text, len);
	name[len] = '\0';
	(void)secret_name_is_secret(name);
	(void)secret_has_aws_key_id(text, len);
	if ((dec = secret_base64_decode(text, len, &declen)) != NULL) {
		FUZZ_CHECK(declen <= len);
		free(dec);
	}

	flags = secret_context(text, len, flags);
	while (secret_find(text, len, pos, flags, &m)) {
		FUZZ_CHECK(m.start >= pos);
		FUZZ_CHECK(m.len > 0);
		FUZZ_CHECK(m.start + m.len <= len);
		FUZZ_CHECK(m.kind > SECRET_NAMED && m.kind < SECRET_KIND_COUNT);
		pos = m.start + m.len;
		found++;
	}

	n = secret_replace(text, len, flags, NULL, NULL, &out);
	FUZZ_CHECK(n == found);
	FUZZ_CHECK((n == 0) == (out == NULL));
	if (out != NULL) {
		FUZZ_CHECK(secret_replace(out, strlen(out), flags, NULL, NULL,
		    &again) == 0);
		FUZZ_CHECK(again == NULL);
	}
	masked = secret_mask(name);
	FUZZ_CHECK(secret_replace(masked, strlen(masked),
	    secret_context(name, strlen(name), 0), NULL, NULL, &again) == 0);
	free(masked);
	free(out);
	free(name);
	return 0;
}
