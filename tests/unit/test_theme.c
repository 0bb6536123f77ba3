/*
 * Tests of themes: every theme shipped in themes/ parses and sets every
 * style, errors name the file and line, and colours fit terminals of
 * 256, 16 and 8 colours.
 */
#include "testutil.h"

#include "theme.h"

static char *
theme_file_text(const char *name)
{
	char	*path, *buf;
	FILE	*fp;
	long	 n;

	if (asprintf(&path, "%s/themes/%s.theme", testutil_root(), name) == -1)
		abort();
	if ((fp = fopen(path, "r")) == NULL)
		fail_msg("cannot open %s", path);
	buf = calloc(1, 65536);
	n = (long)fread(buf, 1, 65535, fp);
	fclose(fp);
	free(path);
	assert_true(n > 0);
	return buf;
}

static void
theme_shipped_themes_parse(void **state)
{
	static const char *const names[] = {
		"dark", "light", "contrast", "mono"
	};
	static const char *const styles[] = {
		"normal", "header", "status", "selected", "dim", "title",
		"escape", "edge", "missing", "error", "prompt", "match",
		"kind.human", "kind.team", "kind.service_account", "kind.role",
		"kind.group", "kind.credential", "kind.workload",
		"kind.oauth_app", "kind.system", "kind.policy",
		"kind.privilege", "kind.other"
	};
	struct theme	 t;
	char		*text, *err = NULL, *line;
	size_t		 i, k;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		memset(&t, 0, sizeof(t));
		text = theme_file_text(names[i]);
		if (theme_parse(&t, text, names[i], &err) != 0)
			fail_msg("%s: %s", names[i], err);
		/* Each theme sets every style on a line of its own. */
		assert_int_equal(sizeof(styles) / sizeof(styles[0]),
		    THEME_STYLE_COUNT);
		for (k = 0; k < THEME_STYLE_COUNT; k++) {
			if (asprintf(&line, "\n%s ", styles[k]) == -1)
				abort();
			if (strstr(text, line) == NULL)
				fail_msg("%s lacks %s", names[i], styles[k]);
			free(line);
		}
		theme_free(&t);
		free(text);
	}
}

static void
theme_contrast_sets_backgrounds(void **state)
{
	struct theme	 t;
	char		*text, *err = NULL;

	(void)state;
	memset(&t, 0, sizeof(t));
	text = theme_file_text("contrast");
	assert_int_equal(theme_parse(&t, text, "contrast", &err), 0);
	/* Black behind normal text, bright yellow behind the header. */
	assert_int_equal(t.style[THEME_NORMAL].bg, 0);
	assert_int_equal(t.style[THEME_HEADER].bg, 11);
	assert_true(t.style[THEME_SELECTED].attrs & THEME_BOLD);
	theme_free(&t);
	free(text);
}

static void
theme_errors_name_line(void **state)
{
	struct theme	 t;
	char		*err = NULL;

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_int_equal(theme_parse(&t, "normal = default default\n"
	    "header = purple default\n", "my.theme", &err), -1);
	assert_non_null(strstr(err, "my.theme: line 2"));
	assert_non_null(strstr(err, "foreground"));
	free(err);
	theme_free(&t);
}

static void
theme_colors_fit_terminals(void **state)
{
	int	 bold;

	(void)state;
	bold = 0;
	assert_int_equal(theme_fit_color(-1, 8, &bold), -1);
	assert_int_equal(theme_fit_color(25, 256, &bold), 25);
	assert_int_equal(bold, 0);
	/* 25 is (0, 95, 175): nearest to blue. */
	assert_int_equal(theme_fit_color(25, 16, &bold), 4);
	assert_int_equal(theme_fit_color(25, 8, &bold), 4);
	assert_int_equal(bold, 0);
	/* Bright colours on 8: the base colour in bold. */
	assert_int_equal(theme_fit_color(12, 16, &bold), 12);
	assert_int_equal(theme_fit_color(12, 8, &bold), 4);
	assert_int_equal(bold, 1);
	bold = 0;
	/* The grey ramp: 244 (128) is bright black, white stays white. */
	assert_int_equal(theme_fit_color(244, 16, &bold), 8);
	assert_int_equal(theme_fit_color(231, 16, &bold), 15);
	assert_int_equal(theme_fit_color(231, 8, &bold), 7);
	assert_int_equal(bold, 1);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(theme_shipped_themes_parse),
		cmocka_unit_test(theme_contrast_sets_backgrounds),
		cmocka_unit_test(theme_errors_name_line),
		cmocka_unit_test(theme_colors_fit_terminals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
