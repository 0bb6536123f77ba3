/*
 * The command table and helpers shared by the commands (see cmd.h).
 */
#include "cmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "annot.h"
#include "jsonw.h"
#include "model.h"
#include "scenario.h"
#include "sanitize.h"
#include "secret.h"
#include "store.h"
#include "store_annot.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

static const struct cmd_entry *const cmd_all[] = {
	&cmd_import_entry,
	&cmd_fetch_entry,
	&cmd_ls_entry,
	&cmd_show_entry,
	&cmd_revokers_entry,
	&cmd_reach_entry,
	&cmd_whocan_entry,
	&cmd_path_entry,
	&cmd_blast_entry,
	&cmd_choke_entry,
	&cmd_crown_entry,
	&cmd_findings_entry,
	&cmd_formats_entry,
	&cmd_snapshots_entry,
	&cmd_warnings_entry,
	&cmd_diff_entry,
	&cmd_note_entry,
	&cmd_tag_entry,
	&cmd_review_entry,
	&cmd_accept_entry,
	&cmd_journal_entry,
	&cmd_timeline_entry,
	&cmd_export_entry,
	&cmd_joins_entry,
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
	struct strbuf	 msg;
	va_list		 ap;

	strbuf_init(&msg);
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	secret_fprintf(stderr, "trustwalk: %s", msg.buf);
	strbuf_free(&msg);
}

int
cmd_check_until(int64_t until, const char *text, int64_t now)
{
	char	 t[TSTAMP_BUFSZ];

	if (!tstamp_is_set(until) || until > now)
		return CMD_EXIT_OK;
	cmd_error("--until %s is not after the clock (%s), so the acceptance "
	    "would have lapsed already; give a later date", text,
	    tstamp_format(now, t));
	return CMD_EXIT_USAGE;
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
	struct store_view	 view;
	char			*path, *err = NULL;
	int			 flags = cli->read_only ? STORE_READ_ONLY : 0;

	*sp = NULL;
	if (mp != NULL)
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
	if (store_wal_skipped(*sp))
		cmd_error("warning: %s-wal cannot be read in a folder you "
		    "cannot write, so the changes in it are not shown; open "
		    "the case without --read-only, or copy it with its -wal "
		    "file to a folder of your own", path);
	free(path);
	if (cli->as_of_given) {
		memset(&view, 0, sizeof(view));
		view.kind = STORE_VIEW_AS_OF;
		view.at = cli->as_of;
		if (store_set_view(*sp, &view, &err) == -1)
			goto fail;
	}
	if (mp != NULL && model_load(*sp, mp, &err) == -1)
		goto fail;
	return CMD_EXIT_OK;

fail:
	cmd_error("%s", err);
	free(err);
	store_close(*sp);
	*sp = NULL;
	return CMD_EXIT_STORE;
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

/* Mark the configured tier-zero keys; report those that match nothing. */
static void
cmd_config_jewels(struct cli *cli, const struct model *m, struct scenario *sc)
{
	const char *const	*keys;
	int64_t			 ids[2];
	size_t			 n, i, found;

	if (cli->cfg == NULL)
		return;
	keys = config_list(cli->cfg, "analysis", "tier_zero", &n);
	for (i = 0; i < n; i++) {
		found = model_resolve(m, keys[i], ids, 2);
		if (found == 1) {
			scenario_set_tier_zero(sc, (size_t)ids[0], 1);
			continue;
		}
		cmd_error("%s:%d: tier_zero: \"%s\" %s; skipped",
		    config_file(cli->cfg), config_line(cli->cfg, "analysis",
		    "tier_zero"), keys[i], found == 0 ? "matches no node in "
		    "this case" : "matches several nodes; give the full key");
	}
}

static int
cmd_kid_cmp(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Mark the nodes the analyst tagged tier0 in the case. */
static int
cmd_tagged_jewels(struct store *s, const struct model *m,
    struct scenario *sc)
{
	int64_t	*kids = NULL;
	size_t	 n = 0, v;
	char	*err = NULL;

	if (store_annot_tagged(s, ANNOT_TIER_ZERO_TAG, &kids, &n, &err) ==
	    -1) {
		cmd_error("%s", err);
		free(err);
		return -1;
	}
	if (n > 0)
		qsort(kids, n, sizeof(*kids), cmd_kid_cmp);
	for (v = 0; n > 0 && v < m->nnodes; v++) {
		if (bsearch(&m->kid[v], kids, n, sizeof(*kids),
		    cmd_kid_cmp) != NULL)
			scenario_set_tier_zero(sc, v, 1);
	}
	free(kids);
	return 0;
}

int
cmd_scenario(struct cli *cli, struct store *s, const struct model *m,
    struct scenario *sc)
{
	int64_t	 v;
	size_t	 i;

	scenario_init(sc, m);
	if (cmd_tagged_jewels(s, m, sc) == -1) {
		scenario_free(sc);
		return CMD_EXIT_STORE;
	}
	if (cli->cfg != NULL)
		sc->max_depth = (uint32_t)config_integer(cli->cfg, "analysis",
		    "max_depth");
	cmd_config_jewels(cli, m, sc);
	for (i = 0; i < cli->ntier_zero; i++) {
		if ((v = cmd_resolve_node(m, cli->tier_zero[i])) < 0) {
			cmd_error("--tier-zero: no single node matches \"%s\"",
			    cli->tier_zero[i]);
			scenario_free(sc);
			return CMD_EXIT_USAGE;
		}
		scenario_set_tier_zero(sc, (size_t)v, 1);
	}
	return CMD_EXIT_OK;
}

int
cmd_parse_edges(const char *arg, uint32_t *mask)
{
	char	*err = NULL;

	if (reach_parse_kinds(arg, mask, &err) == 0)
		return CMD_EXIT_OK;
	cmd_error("--edges: %s", err);
	free(err);
	return CMD_EXIT_USAGE;
}

int
cmd_parse_count(const char *option, const char *arg, uint32_t max,
    uint32_t *out)
{
	char		*end;
	unsigned long	 n;

	n = strtoul(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end != '\0' || n > max) {
		cmd_error("%s: expected a number from 0 to %u, not \"%s\"",
		    option, max, arg);
		return CMD_EXIT_USAGE;
	}
	*out = (uint32_t)n;
	return CMD_EXIT_OK;
}

/* Write one step of a path. */
static void
cmd_step_json(struct jsonw *w, struct store *s, const struct model *m,
    uint32_t e)
{
	char	*cond = NULL, *attrs = NULL, *err = NULL;
	int	 conditional = (m->eflags[e] & RECORD_EDGE_CONDITIONAL) != 0;

	jsonw_object_begin(w);
	jsonw_key(w, "from");
	jsonw_str(w, m->key[m->esrc[e]]);
	jsonw_key(w, "from_name");
	jsonw_str(w, m->name[m->esrc[e]]);
	jsonw_key(w, "kind");
	jsonw_str(w, kind_edge_name(m->ekind[e]));
	jsonw_key(w, "source_kind");
	jsonw_str(w, model_label(m, m->eraw[e]));
	jsonw_key(w, "to");
	jsonw_str(w, m->key[m->edst[e]]);
	jsonw_key(w, "to_name");
	jsonw_str(w, m->name[m->edst[e]]);
	jsonw_key(w, "conditional");
	jsonw_bool(w, conditional);
	jsonw_key(w, "conditions");
	if (conditional && s != NULL &&
	    store_edge_detail(s, m->eid[e], &cond, &attrs, &err) == 0 &&
	    cond != NULL)
		jsonw_raw(w, cond);
	else
		jsonw_null(w);
	jsonw_object_end(w);
	free(cond);
	free(attrs);
	free(err);
}

void
cmd_path_json(struct jsonw *w, struct store *s, const struct model *m,
    const uint32_t *edges, size_t len)
{
	size_t	 i;

	jsonw_array_begin(w);
	for (i = 0; i < len; i++)
		cmd_step_json(w, s, m, edges[i]);
	jsonw_array_end(w);
}

char *
cmd_path_text(const struct model *m, size_t start, const uint32_t *edges,
    size_t len, int keys)
{
	struct strbuf	 sb;
	size_t		 i;

	strbuf_init(&sb);
	strbuf_addstr(&sb, keys ? m->key[start] : m->name[start]);
	for (i = 0; i < len; i++) {
		strbuf_addstr(&sb, (m->eflags[edges[i]] &
		    RECORD_EDGE_CONDITIONAL) ? " ?> " : " > ");
		strbuf_addstr(&sb, keys ? m->key[m->edst[edges[i]]] :
		    m->name[m->edst[edges[i]]]);
	}
	return strbuf_detach(&sb);
}

void
cmd_flush(struct strbuf *sb)
{
	fwrite(sb->buf, 1, sb->len, stdout);
	strbuf_reset(sb);
}
