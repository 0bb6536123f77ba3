/*
 * The command table and helpers shared by the commands (see cmd.h).
 */
#include "cmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "model.h"
#include "sanitize.h"
#include "secret.h"
#include "store.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

static const struct cmd_entry *const cmd_all[] = {
	&cmd_import_entry,
	&cmd_ls_entry,
	&cmd_show_entry,
	&cmd_formats_entry,
	&cmd_tui_entry,
};

const struct cmd_entry *const *
cmd_list(size_t *n)
{
	*n = sizeof(cmd_all) / sizeof(cmd_all[0]);
	return cmd_all;
}

const struct cmd_entry *
cmd_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(cmd_all) / sizeof(cmd_all[0]); i++) {
		if (strcmp(cmd_all[i]->name, name) == 0)
			return cmd_all[i];
	}
	return NULL;
}

void
cmd_error(const char *fmt, ...)
{
	struct strbuf	 raw, safe;
	va_list		 ap;
	char		*masked;

	strbuf_init(&raw);
	strbuf_init(&safe);
	va_start(ap, fmt);
	strbuf_vaddf(&raw, fmt, ap);
	va_end(ap);
	masked = secret_mask(raw.buf);
	sanitize_appendstr(&safe, masked, 0, 0, NULL);
	fprintf(stderr, "trustwalk: %s\n", safe.buf);
	free(masked);
	strbuf_free(&raw);
	strbuf_free(&safe);
}

int
cmd_usage(const struct cmd_entry *c)
{
	fprintf(stderr, "usage: trustwalk [options] %s %s\n", c->name,
	    c->usage);
	return CMD_EXIT_USAGE;
}

int
cmd_open_case(struct cli *cli, struct store **sp, struct model **mp)
{
	char	*path, *err = NULL;
	int	 flags = cli->read_only ? STORE_READ_ONLY : 0;

	*sp = NULL;
	*mp = NULL;
	if ((path = store_resolve_path(cli->db, 0, &err)) == NULL) {
		cmd_error("%s", err);
		free(err);
		return CMD_EXIT_USAGE;
	}
	if (store_open(path, flags, sp, &err) == -1) {
		cmd_error("%s", err);
		free(err);
		free(path);
		return CMD_EXIT_STORE;
	}
	free(path);
	if (mp != NULL && model_load(*sp, mp, &err) == -1) {
		cmd_error("%s", err);
		free(err);
		store_close(*sp);
		*sp = NULL;
		return CMD_EXIT_STORE;
	}
	return CMD_EXIT_OK;
}

int64_t
cmd_resolve_node(const struct model *m, const char *text)
{
	int64_t	 ids[10];
	size_t	 n, i;

	n = model_resolve(m, text, ids, 10);
	if (n == 1)
		return ids[0];
	if (n == 0) {
		cmd_error("no node matches \"%s\"; \"trustwalk ls\" lists "
		    "the keys", text);
		return -1;
	}
	cmd_error("\"%s\" matches %zu nodes; give one of these keys:", text,
	    n);
	for (i = 0; i < n && i < 10; i++)
		cmd_error("  %s (%s)", m->key[ids[i]], m->name[ids[i]]);
	if (n > 10)
		cmd_error("  ... and %zu more", n - 10);
	return -1;
}

void
cmd_time_json(struct jsonw *w, int64_t t)
{
	char	 buf[TSTAMP_BUFSZ];

	if (t == TSTAMP_UNKNOWN)
		jsonw_null(w);
	else
		jsonw_str(w, tstamp_format(t, buf));
}

/* Write a comma-joined label as a JSON array of strings. */
static void
cmd_list_json(struct jsonw *w, const char *joined)
{
	const char	*p, *comma;

	jsonw_array_begin(w);
	for (p = joined; *p != '\0'; p = *comma != '\0' ? comma + 1 : comma) {
		comma = strchr(p, ',');
		if (comma == NULL)
			comma = p + strlen(p);
		jsonw_strn(w, p, (size_t)(comma - p));
	}
	jsonw_array_end(w);
}

void
cmd_node_json(struct jsonw *w, const struct model *m, size_t v)
{
	jsonw_object_begin(w);
	cmd_node_json_fields(w, m, v);
	jsonw_object_end(w);
}

void
cmd_node_json_fields(struct jsonw *w, const struct model *m, size_t v)
{
	const struct record_lifecycle	*life = &m->life[v];

	jsonw_key(w, "key");
	jsonw_str(w, m->key[v]);
	jsonw_key(w, "kind");
	jsonw_str(w, kind_node_name(m->kind[v]));
	jsonw_key(w, "kinds");
	cmd_list_json(w, model_label(m, m->kinds[v]));
	jsonw_key(w, "name");
	jsonw_str(w, m->name[v]);
	jsonw_key(w, "source");
	jsonw_str(w, model_label(m, m->source[v]));
	jsonw_key(w, "missing");
	jsonw_bool(w, (m->nflags[v] & MODEL_NODE_MISSING) != 0);
	jsonw_key(w, "degree");
	jsonw_int(w, (int64_t)model_degree(m, v));
	jsonw_key(w, "environment");
	jsonw_str(w, m->environment[v] ? model_label(m, m->environment[v]) :
	    NULL);
	jsonw_key(w, "owner");
	jsonw_str(w, m->owner[v] ? model_label(m, m->owner[v]) : NULL);
	jsonw_key(w, "credential_type");
	jsonw_str(w, m->credential_type[v] ?
	    model_label(m, m->credential_type[v]) : NULL);
	jsonw_key(w, "created_at");
	cmd_time_json(w, life->created_at);
	jsonw_key(w, "last_used_at");
	cmd_time_json(w, life->last_used_at);
	jsonw_key(w, "last_rotated_at");
	cmd_time_json(w, life->last_rotated_at);
	jsonw_key(w, "expires_at");
	cmd_time_json(w, life->expires_at);
	jsonw_key(w, "disabled");
	if (life->disabled == -1)
		jsonw_null(w);
	else
		jsonw_bool(w, life->disabled);
}
