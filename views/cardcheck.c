/*
 * The revocation checklist of a credential card: what to do, in order,
 * worded for the platform and type the node's data shows (an AWS access
 * key, a GitHub token or Actions secret, a Kubernetes secret, a
 * certificate, a password) and filled with its key id, namespace and
 * users. The commands are text for the analyst; trustwalk runs nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "cmd.h"
#include "card.h"
#include "model.h"
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

static void
cardcheck_aws(struct card_lines *cl, const struct cardcheck_attrs *at,
    const char *last_used, const char *users)
{
	const char	*id = at->key_id != NULL ? at->key_id : "KEY-ID";

	card_add(cl, "step 1", THEME_PROMPT, -1, "deactivate the key: aws iam "
	    "update-access-key --status Inactive --access-key-id %s%s%s", id,
	    at->user != NULL ? " --user-name " : "",
	    at->user != NULL ? at->user : "");
	card_add(cl, "step 2", THEME_PROMPT, -1, "look for its use%s%s: "
	    "aws cloudtrail lookup-events --lookup-attributes "
	    "AttributeKey=AccessKeyId,AttributeValue=%s", last_used != NULL ?
	    " since " : "", last_used != NULL ? last_used : "", id);
	card_add(cl, "step 3", THEME_PROMPT, -1, "give its users a new key "
	    "(%s), then delete it: aws iam delete-access-key "
	    "--access-key-id %s", users, id);
}

static void
cardcheck_steps(struct card_lines *cl, enum cardcheck_kind kind,
    const struct cardcheck_attrs *at, const char *name, const char *users)
{
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
		card_add(cl, "step 2", THEME_PROMPT, -1, "store the new value: "
		    "gh secret set %s", name);
		card_add(cl, "step 3", THEME_PROMPT, -1, "re-run the workflows "
		    "that read it: %s", users);
		break;
	case CARDCHECK_K8S_SECRET:
		card_add(cl, "step 1", THEME_PROMPT, -1, "revoke or rotate the "
		    "value at its issuer; a service account token is revoked "
		    "by deleting its secret");
		card_add(cl, "step 2", THEME_PROMPT, -1, "replace the secret: "
		    "kubectl -n %s create secret ... --dry-run=client -o yaml "
		    "| kubectl apply -f -", at->namespace != NULL ?
		    at->namespace : "NAMESPACE");
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
