/*
 * trustwalk tui (or no command at all): the interactive interface.
 */
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annot.h"
#include "app.h"
#include "cmd.h"
#include "config.h"
#include "log.h"
#include "model.h"
#include "revoke.h"
#include "sanitize.h"
#include "store.h"
#include "term.h"
#include "theme.h"
#include "xalloc.h"

/*
 * The theme to load: mono under NO_COLOR, else --theme, else the
 * configuration's, else dark.
 */
static const char *
cmd_tui_theme_name(const struct cli *cli)
{
	const char	*nc = getenv("NO_COLOR");
	const char	*cfg = config_string(cli->cfg, "tui", "theme");

	if (nc != NULL && *nc != '\0')
		return "mono";
	if (cli->theme != NULL)
		return cli->theme;
	if (cfg != NULL && *cfg != '\0')
		return cfg;
	return "dark";
}

/*
 * Set the terminal features from the options and the configuration.
 * Returns 0, or -1 with *errp for an unknown clipboard setting.
 */
static int
cmd_tui_features(struct app *a, struct term_options *topts, char **errp)
{
	const struct cli	*cli = a->cli;
	const char		*clip = config_string(cli->cfg, "tui",
				    "clipboard");

	if (clip != NULL && strcmp(clip, "osc52") != 0 &&
	    strcmp(clip, "off") != 0) {
		*errp = xasprintf("%s: clipboard = \"%s\" under [tui]: give "
		    "osc52 or off", config_file(cli->cfg) != NULL ?
		    config_file(cli->cfg) : "configuration", clip);
		return -1;
	}
	a->clipboard = cli->osc52 || (clip != NULL &&
	    strcmp(clip, "osc52") == 0);
	a->replay = cli->replay != NULL;
	topts->mouse = !cli->no_mouse &&
	    config_boolean(cli->cfg, "tui", "mouse");
	topts->replay = cli->replay;
	return 0;
}

/*
 * Load the annotations, name the view when it is not the current one and
 * record the opening in the journal. Returns an exit code.
 */
static int
cmd_tui_open_case(struct app *a)
{
	struct store_view	 view;
	char			*err = NULL, words[64];
	const char		*fields[] = { "view", words, NULL };

	if (annot_load(a->store, &a->annot, &err) == -1) {
		cmd_error("%s", err);
		free(err);
		return CMD_EXIT_STORE;
	}
	store_get_view(a->store, &view);
	store_view_describe(&view, words, sizeof(words));
	if (view.kind != STORE_VIEW_CURRENT)
		a->view_name = xstrdup(words);
	store_view_clear(&view);
	app_case_journal(a, "open", NULL, fields);
	return CMD_EXIT_OK;
}

static int
cmd_tui_exec(struct cli *cli, int argc, char **argv)
{
	struct term_options	 topts;
	struct app		 a;
	const char		*path, *slash, *nc = getenv("NO_COLOR");
	char			*err = NULL, *theme_err = NULL;
	int			 rc;

	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0 ||
		    strcmp(argv[1], "-h") == 0) {
			printf("usage: trustwalk [options] [tui]\n"
			    "Opens the interface on the case; press ? in it "
			    "for the keys.\n");
			return CMD_EXIT_OK;
		}
		return cmd_usage(&cmd_tui_entry);
	}
	memset(&a, 0, sizeof(a));
	a.cli = cli;
	if ((rc = cmd_open_case(cli, &a.store, &a.model)) != CMD_EXIT_OK)
		return rc;
	if ((rc = cmd_scenario(cli, a.store, a.model, &a.sc)) != CMD_EXIT_OK) {
		model_free(a.model);
		store_close(a.store);
		return rc;
	}
	path = store_path(a.store);
	slash = strrchr(path, '/');
	a.case_name = xstrdup(slash != NULL ? slash + 1 : path);
	if (cli->ascii || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		a.sanitize_opts = SANITIZE_ASCII;
	if ((rc = cmd_tui_open_case(&a)) != CMD_EXIT_OK)
		goto out;

	if (theme_load(&a.theme, cmd_tui_theme_name(cli), &theme_err) == -1)
		theme_builtin(&a.theme);
	canvas_init(&a.canvas);
	memset(&topts, 0, sizeof(topts));
	/* The mono theme needs no colours, but :theme may switch later. */
	topts.no_color = nc != NULL && *nc != '\0';
	if (cmd_tui_features(&a, &topts, &err) == -1) {
		cmd_error("%s", err);
		rc = CMD_EXIT_USAGE;
		goto out;
	}
	if (term_start(&topts, &err) == -1) {
		cmd_error("%s", err);
		rc = CMD_EXIT_USAGE;
		goto out;
	}
	term_apply_theme(&a.theme);
	if (theme_err != NULL)
		app_status(&a, 1, "%s", theme_err);
	app_findings_install(&a);
	rc = app_run(&a);
	term_stop();
	if (term_signal() != 0) {
		/* As a shell reports a process a signal ended. */
		log_debug("stopped by signal %d", term_signal());
		rc = 128 + term_signal();
	}
out:
	free(err);
	free(theme_err);
	canvas_free(&a.canvas);
	theme_free(&a.theme);
	free(a.case_name);
	free(a.view_name);
	annot_free(a.annot);
	blast_free(&a.blast);
	revoke_index_free(a.revoke);
	app_findings_free(&a);
	scenario_free(&a.sc);
	model_free(a.model);
	store_close(a.store);
	return rc;
}

const struct cmd_entry cmd_tui_entry = {
	.name = "tui",
	.usage = "",
	.summary = "open the interface (the default)",
	.exec = cmd_tui_exec,
};
