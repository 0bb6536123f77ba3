/*
 * The revocation lines of a credential card: who can revoke it (its
 * owners and the identities that hold a right to rotate or delete it,
 * from graph/revoke.c) and the commands for its platform. Opened by the
 * leaked credential lookup, the card adds a checklist: what to do, in
 * order, worded for the platform and type the node's data shows (an AWS
 * access key, a GitHub token or Actions secret, a Kubernetes secret, a
 * certificate, a password) and filled with its key id, namespace and
 * users. Every value from the data in a command is shell-quoted
 * (revoke_cmd_quote()). The commands are text for the analyst;
 * trustwalk runs nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "cmd.h"
#include "card.h"
#include "model.h"
#include "reach.h"
#include "revoke.h"
#include "scenario.h"
#include "store.h"
#include "strbuf.h"
#include "theme.h"
#include "tstamp.h"
#include "xalloc.h"

enum cardcheck_kind {
	CARDCHECK_AWS_KEY,
	CARDCHECK_GITHUB_TOKEN,
	CARDCHECK_GITHUB_SECRET,
	CARDCHECK_K8S_SECRET,
	CARDCHECK_CERTIFICATE,
	CARDCHECK_PASSWORD,
	CARDCHECK_OTHER
};

/* The attributes the steps are filled with. */
struct cardcheck_attrs {
	char	*key_id;
	char	*user;
	char	*namespace;
};

static int
cardcheck_collect(void *ctx, const char *name, const char *value,
    const char *type, const char *source)
{
	struct cardcheck_attrs	*at = ctx;
	char			**slot = NULL;

	(void)type;
	(void)source;
	if (value == NULL)
		return 0;
	if (strcasecmp(name, "key_id") == 0 ||
	    strcasecmp(name, "access_key_id") == 0 ||
	    strcasecmp(name, "AccessKeyId") == 0)
		slot = &at->key_id;
	else if (strcasecmp(name, "user_name") == 0 ||
	    strcasecmp(name, "UserName") == 0 || strcasecmp(name, "user") == 0)
		slot = &at->user;
	else if (strcasecmp(name, "namespace") == 0)
		slot = &at->namespace;
	if (slot != NULL && *slot == NULL)
		*slot = xstrdup(value);
	return 0;
}

/* 1 when the source kinds of v (a comma list) contain word. */
static int
cardcheck_kinds(const struct model *m, size_t v, const char *word)
{
	return strcasestr(model_label(m, m->kinds[v]), word) != NULL;
}

static enum cardcheck_kind
cardcheck_kind_of(const struct model *m, size_t v)
{
	const char	*key = m->key[v];
	const char	*type = model_label(m, m->credential_type[v]);

	if (strcasestr(type, "certificate") != NULL ||
	    cardcheck_kinds(m, v, "Certificate"))
		return CARDCHECK_CERTIFICATE;
	if (strcasestr(type, "password") != NULL)
		return CARDCHECK_PASSWORD;
	if (strncmp(key, "github:", 7) == 0) {
		if (cardcheck_kinds(m, v, "Secret"))
			return CARDCHECK_GITHUB_SECRET;
		return CARDCHECK_GITHUB_TOKEN;
	}
	if (strcasestr(type, "access_key") != NULL ||
	    cardcheck_kinds(m, v, "AccessKey"))
		return CARDCHECK_AWS_KEY;
	if (strncmp(key, "k8s:", 4) == 0 || strstr(key, ":k8s:") != NULL ||
	    strstr(key, ":secret:") != NULL)
		return CARDCHECK_K8S_SECRET;
	return CARDCHECK_OTHER;
}

/* The names of the nodes that use v, joined, into sb. */
static void
cardcheck_users(const struct model *m, size_t v, struct strbuf *sb)
{
	size_t	 first, count, i;

	model_in_kind(m, v, KIND_EDGE_USES, &first, &count);
	for (i = 0; i < count && i < 6; i++)
		strbuf_addf(sb, "%s%s", i > 0 ? ", " : "",
		    m->name[m->esrc[m->in_edge[first + i]]]);
	if (count > 6)
		strbuf_addf(sb, ", +%zu more", count - 6);
	if (count == 0)
		strbuf_addstr(sb, "no user recorded");
}

/*
 * Append value to sb as a quoted shell word, or the placeholder when
 * it is missing or cannot be quoted safely.
 */
static void
cardcheck_word(struct strbuf *sb, const char *value, const char *placeholder)
{
	if (value == NULL || revoke_cmd_quote(sb, value) == -1)
		strbuf_addstr(sb, placeholder);
}

static void
cardcheck_aws(struct card_lines *cl, const struct cardcheck_attrs *at,
    const char *last_used, const char *users)
{
	struct strbuf	 id, user;

	strbuf_init(&id);
	strbuf_init(&user);
	strbuf_addstr(&user, "");
	cardcheck_word(&id, at->key_id, "KEY-ID");
	if (at->user != NULL) {
		strbuf_addstr(&user, " --user-name ");
		cardcheck_word(&user, at->user, "USER");
	}
	card_add(cl, "step 1", THEME_PROMPT, -1, "deactivate the key: aws iam "
	    "update-access-key --status Inactive --access-key-id %s%s",
	    id.buf, user.buf);
	card_add(cl, "step 2", THEME_PROMPT, -1, "look for its use%s%s: "
	    "aws cloudtrail lookup-events --lookup-attributes "
	    "AttributeKey=AccessKeyId,AttributeValue=%s", last_used != NULL ?
	    " since " : "", last_used != NULL ? last_used : "", id.buf);
	card_add(cl, "step 3", THEME_PROMPT, -1, "give its users a new key "
	    "(%s), then delete it: aws iam delete-access-key "
	    "--access-key-id %s%s", users, id.buf, user.buf);
	strbuf_free(&id);
	strbuf_free(&user);
}

static void
cardcheck_steps(struct card_lines *cl, enum cardcheck_kind kind,
    const struct cardcheck_attrs *at, const char *name, const char *users)
{
	struct strbuf	 word;

	strbuf_init(&word);
	switch (kind) {
	case CARDCHECK_GITHUB_TOKEN:
		card_add(cl, "step 1", THEME_PROMPT, -1, "revoke the token: "
		    "its owner's developer settings, or the organisation's "
		    "personal access token settings");
		card_add(cl, "step 2", THEME_PROMPT, -1, "search the "
		    "organisation audit log for what it did");
		card_add(cl, "step 3", THEME_PROMPT, -1, "issue a new token "
		    "to its users: %s", users);
		break;
	case CARDCHECK_GITHUB_SECRET:
		card_add(cl, "step 1", THEME_PROMPT, -1, "revoke the value at "
		    "the system that issued it (the secret holds its "
		    "credential)");
		cardcheck_word(&word, name, "NAME");
		card_add(cl, "step 2", THEME_PROMPT, -1, "store the new value: "
		    "gh secret set %s", word.buf);
		card_add(cl, "step 3", THEME_PROMPT, -1, "re-run the workflows "
		    "that read it: %s", users);
		break;
	case CARDCHECK_K8S_SECRET:
		card_add(cl, "step 1", THEME_PROMPT, -1, "revoke or rotate the "
		    "value at its issuer; a service account token is revoked "
		    "by deleting its secret");
		cardcheck_word(&word, at->namespace, "NAMESPACE");
		card_add(cl, "step 2", THEME_PROMPT, -1, "replace the secret: "
		    "kubectl -n %s create secret ... --dry-run=client -o yaml "
		    "| kubectl apply -f -", word.buf);
		card_add(cl, "step 3", THEME_PROMPT, -1, "restart the workloads "
		    "that mount it: %s", users);
		break;
	case CARDCHECK_CERTIFICATE:
		card_add(cl, "step 1", THEME_PROMPT, -1, "revoke the "
		    "certificate at its certificate authority");
		card_add(cl, "step 2", THEME_PROMPT, -1, "issue a new key pair "
		    "and certificate to its users: %s", users);
		card_add(cl, "step 3", THEME_PROMPT, -1, "remove the old one "
		    "from the trust stores and servers that pin it");
		break;
	case CARDCHECK_PASSWORD:
		card_add(cl, "step 1", THEME_PROMPT, -1, "reset the password "
		    "and end its sessions");
		card_add(cl, "step 2", THEME_PROMPT, -1, "require MFA, or "
		    "remove console access from a service user");
		card_add(cl, "step 3", THEME_PROMPT, -1, "tell its users: %s",
		    users);
		break;
	default:
		card_add(cl, "step 1", THEME_PROMPT, -1, "disable or revoke it "
		    "at the system that issued it");
		card_add(cl, "step 2", THEME_PROMPT, -1, "issue a replacement "
		    "to its users: %s", users);
		card_add(cl, "step 3", THEME_PROMPT, -1, "review what it did "
		    "in that system's logs");
		break;
	}
	strbuf_free(&word);
}

void
cardcheck_build(struct card_lines *cl, struct app *a, size_t v)
{
	const struct model	*m = a->model;
	struct cardcheck_attrs	 at;
	struct strbuf		 users;
	enum cardcheck_kind	 kind;
	char			 used[TSTAMP_BUFSZ], *err = NULL;

	memset(&at, 0, sizeof(at));
	if (store_node_attrs(a->store, m->kid[v], cardcheck_collect, &at,
	    &err) == -1) {
		app_status(a, 1, "%s", err);
		free(err);
	}
	strbuf_init(&users);
	cardcheck_users(m, v, &users);
	kind = cardcheck_kind_of(m, v);
	tstamp_format_date(m->life[v].last_used_at, used);
	if (!tstamp_is_set(m->life[v].last_used_at))
		used[0] = '\0';
	card_add(cl, "revoke", THEME_TITLE, -1, "checklist (shown only; "
	    "trustwalk runs nothing)");
	if (kind == CARDCHECK_AWS_KEY)
		cardcheck_aws(cl, &at, used[0] != '\0' ? used : NULL,
		    users.buf);
	else
		cardcheck_steps(cl, kind, &at, m->name[v], users.buf);
	card_add(cl, "step 4", THEME_PROMPT, -1, "check what it reached "
	    "(> on this card) and who else holds the same secret "
	    "(:lookup its fingerprint)");
	card_add(cl, "step 5", THEME_PROMPT, -1, "record it: r to set "
	    "to_revoke, n for a note; the journal keeps both");
	strbuf_free(&users);
	free(at.key_id);
	free(at.user);
	free(at.namespace);
}

/* Names listed on one revokers line before "+N more". */
#define CARDCHECK_NAMES	4

/* One line naming nodes ids[0..n), walking to the first. */
static void
cardcheck_names(struct card_lines *cl, const struct model *m,
    const char *label, const uint32_t *ids, size_t n, size_t stride)
{
	struct strbuf	 sb;
	size_t		 i;
	uint32_t	 u;

	if (n == 0)
		return;
	strbuf_init(&sb);
	for (i = 0; i < n && i < CARDCHECK_NAMES; i++) {
		u = *(const uint32_t *)((const char *)ids + i * stride);
		strbuf_addf(&sb, "%s%s (%s)", i > 0 ? ", " : "", m->name[u],
		    kind_node_name(m->kind[u]));
	}
	if (n > CARDCHECK_NAMES)
		strbuf_addf(&sb, ", +%zu more", n - CARDCHECK_NAMES);
	card_add(cl, label, THEME_NORMAL, (int64_t)*ids, "%s", sb.buf);
	strbuf_free(&sb);
}

/* The lines that say who can revoke credential v, and how. */
static void
cardcheck_revokers_lines(struct card_lines *cl, struct app *a, size_t v,
    const struct revoke_result *res)
{
	const struct model	*m = a->model;
	struct revoke_cmd	 cmds[REVOKE_MAX_COMMANDS];
	char			*err = NULL;
	int			 n, i;

	cardcheck_names(cl, m, "owned by", res->owners, res->nowners,
	    sizeof(res->owners[0]));
	if (res->nowners == 0 && res->owner_text != NULL)
		card_add(cl, "owned by", THEME_NORMAL, -1, "%s",
		    res->owner_text);
	if (res->nholders > 0)
		cardcheck_names(cl, m, "can revoke", &res->holders[0].node,
		    res->nholders, sizeof(res->holders[0]));
	if (!revoke_has_path(res))
		card_add(cl, "can revoke", THEME_ERROR, -1, "nobody: no owner "
		    "and no identity with the right (%s)",
		    revoke_platform_name(res->platform));
	if ((n = revoke_cmd_render(m, a->store, v, res, cmds, &err)) < 0) {
		app_status(a, 1, "%s", err);
		free(err);
		return;
	}
	if (n == 0)
		card_add(cl, "revoke with", THEME_DIM, -1, "no command known: "
		    "revoke it at the system that issued it");
	for (i = 0; i < n; i++)
		card_add(cl, "revoke with", cmds[i].text != NULL ?
		    THEME_PROMPT : THEME_ERROR, -1, "%s: %s (shown only)",
		    cmds[i].what, cmds[i].text != NULL ? cmds[i].text :
		    cmds[i].problem);
	revoke_cmd_free(cmds, (size_t)n);
}

void
cardcheck_revokers(struct card_lines *cl, struct app *a, size_t v)
{
	struct revoke_result	 res;
	struct reach_filter	 f;
	char			*err = NULL;
	int			 rc = 0;

	if (a->revoke == NULL)
		rc = revoke_index_create(a->store, a->model, app_work(a),
		    &a->revoke, &err);
	if (rc != 0) {
		if (rc == -1)
			app_status(a, 1, "%s", err);
		card_add(cl, "can revoke", THEME_DIM, -1, "not computed%s",
		    rc == 1 ? ": cancelled" : "");
		free(err);
		return;
	}
	scenario_filter(&a->sc, &f);
	f.kinds &= ~((uint32_t)1 << KIND_EDGE_RELATED);
	if (revoke_find(a->revoke, v, &f, app_work(a), &res) != 0)
		card_add(cl, "can revoke", THEME_DIM, -1, "not computed: "
		    "cancelled");
	else
		cardcheck_revokers_lines(cl, a, v, &res);
	revoke_result_free(&res);
}
