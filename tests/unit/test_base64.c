/*
 * Tests of base64 encoding and decoding: RFC 4648 test vectors, the
 * GitHound role ids the GitHub importer derives, padding, whitespace
 * and text that is not base64.
 */
#include "testutil.h"

#include "base64.h"
#include "strbuf.h"

static void
base64_encodes_vectors(void **state)
{
	static const char *const in[] = {
		"", "f", "fo", "foo", "foob", "fooba", "foobar"
	};
	static const char *const out[] = {
		"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"
	};
	struct strbuf	 sb;
	size_t		 i;

	(void)state;
	for (i = 0; i < 7; i++) {
		strbuf_init(&sb);
		base64_encode(in[i], strlen(in[i]), &sb);
		assert_string_equal(strbuf_str(&sb), out[i]);
		strbuf_free(&sb);
	}
	/* The id GitHound gives the owners role of an organisation. */
	strbuf_init(&sb);
	base64_encode("O_kgDOCoV2OQ_owners", 19, &sb);
	assert_string_equal(sb.buf, "T19rZ0RPQ29WMk9RX293bmVycw==");
	strbuf_free(&sb);
}

static void
base64_decodes(void **state)
{
	unsigned char	*p;
	size_t		 len;

	(void)state;
	p = base64_decode("Zm9vYmFy", 8, &len);
	assert_non_null(p);
	assert_int_equal(len, 6);
	assert_memory_equal(p, "foobar", 6);
	free(p);
	/* Padding optional, line breaks ignored. */
	p = base64_decode("Zm9v\nYg", 7, &len);
	assert_non_null(p);
	assert_int_equal(len, 4);
	assert_memory_equal(p, "foob", 4);
	free(p);
	assert_null(base64_decode("Zm9v!", 5, &len));
	assert_null(base64_decode("Zg==Zg", 6, &len));
	assert_null(base64_decode("Zh==", 4, &len));
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(base64_encodes_vectors),
		cmocka_unit_test(base64_decodes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
