/*
 * GitHub organisation audit log as usage evidence: the JSON array that
 * GET /orgs/{org}/audit-log returns (and the web export writes), one
 * object per entry.
 *
 * The log names people and repositories by login and full name, while
 * GitHub nodes are keyed by GraphQL node id. So the actor is the node of
 * the case whose login attribute is actor, and the target the node whose
 * full_name is repo, else the organisation's node (login org); a name no
 * import describes becomes a placeholder github:login:<login> or
 * github:repo:<owner/name>. A fine-grained token (programmatic_access_type
 * naming one, with token_id) is the credential
 * github:GH_PersonalAccessToken_<org node>_<token id>, the key of the
 * GitHub importers; other tokens stay on the event as hashed_token.
 * Every entry is a called event whose action is the log's action.
 */
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "import.h"
#include "importer.h"
#include "input.h"
#include "json.h"
#include "jsonw.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

struct github_audit {
	struct import	*imp;
	struct evidence	*ev;
};

static int
github_audit_sniff(const struct input *in)
{
	size_t	 n = in->len < 65536 ? in->len : 65536;

	if (input_starts_with(in, '[') &&
	    input_contains(in, "\"@timestamp\"", n) &&
	    input_contains(in, "\"action\"", n) &&
	    input_contains(in, "\"actor\"", n))
		return 85;
	return 0;
}

/*
 * The key of the node whose attribute name is value, or else
 * github:<prefix>:<value>. Returns NULL when the store failed.
 */
static char *
github_audit_key(struct github_audit *st, const char *name,
    const char *value, const char *prefix, int *failed)
{
	const char	*key;
	int		 rc;

	if ((rc = evidence_find_attr(st->ev, name, value, &key)) == -1) {
		*failed = 1;
		return NULL;
	}
	if (rc == 1)
		return xstrdup(key);
	return xasprintf("github:%s:%s", prefix, value);
}

/* The event time: @timestamp or created_at, milliseconds since 1970. */
static int
github_audit_time(const cJSON *rec, int64_t *at)
{
	int64_t	 ms;

	if (json_int(rec, "@timestamp", &ms) != 1 &&
	    json_int(rec, "created_at", &ms) != 1)
		return -1;
	if (ms < 0)
		return -1;
	*at = ms / 1000;
	return 0;
}

static void
github_audit_attrs(const cJSON *rec, struct strbuf *sb)
{
	static const char *const names[] = {
		"org", "repo", "user", "operation_type",
		"programmatic_access_type", "token_scopes", "hashed_token"
	};
	struct jsonw	 w;
	const char	*s;
	size_t		 i;

	jsonw_init(&w, sb, 0);
	jsonw_object_begin(&w);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if ((s = json_str(rec, names[i])) == NULL)
			continue;
		jsonw_key(&w, names[i]);
		jsonw_str(&w, s);
	}
	if ((s = json_str(json_get(rec, "actor_location"), "country_code")) !=
	    NULL) {
		jsonw_key(&w, "country");
		jsonw_str(&w, s);
	}
	jsonw_object_end(&w);
}

/* The fine-grained token of an entry, or NULL. */
static char *
github_audit_token(struct github_audit *st, const cJSON *rec,
    const char *org_key)
{
	const char	*type = json_str(rec, "programmatic_access_type");
	char		 id[JSON_TEXT_BUFSZ];

	/* Only an organisation the case describes gives the token's key. */
	if (type == NULL || strstr(type, "ine-grained") == NULL ||
	    json_text(rec, "token_id", id) == NULL || org_key == NULL ||
	    strncmp(org_key, "github:", 7) != 0 ||
	    strncmp(org_key, "github:login:", 13) == 0)
		return NULL;
	(void)st;
	return xasprintf("github:GH_PersonalAccessToken_%s_%s", org_key + 7,
	    id);
}

static int
github_audit_entry(struct github_audit *st, const char *path,
    const cJSON *rec, char **errp)
{
	struct record_event	 e;
	struct strbuf		 attrs;
	const char		*actor, *action, *repo, *org;
	char			*akey = NULL, *tkey = NULL, *okey = NULL;
	char			*cred = NULL;
	int			 failed = 0, rc = -1;

	strbuf_init(&attrs);
	record_event_init(&e);
	actor = json_str(rec, "actor");
	action = json_str(rec, "action");
	repo = json_str(rec, "repo");
	org = json_str(rec, "org");
	if (actor == NULL || *actor == '\0' || action == NULL ||
	    github_audit_time(rec, &e.at) == -1) {
		rc = import_warn(st->imp, path, errp, "audit entry skipped: "
		    "actor, action or @timestamp is missing or invalid");
		goto out;
	}
	akey = github_audit_key(st, "login", actor, "login",
	    &failed);
	if (org != NULL)
		okey = github_audit_key(st, "login", org, "login",
		    &failed);
	if (repo != NULL)
		tkey = github_audit_key(st, "full_name", repo,
		    "repo", &failed);
	if (failed)
		goto out;
	cred = github_audit_token(st, rec, okey);
	github_audit_attrs(rec, &attrs);

	e.kind = KIND_EDGE_CALLED;
	e.actor = akey;
	e.credential = cred;
	e.target = tkey != NULL ? tkey : okey;
	e.credential_id = json_str(rec, "hashed_token");
	e.action = action;
	e.resource = repo;
	e.source_ip = json_str(rec, "actor_ip");
	e.user_agent = json_str(rec, "user_agent");
	e.record = path;
	e.event_id = json_str(rec, "_document_id");
	e.attrs = attrs.buf;
	rc = evidence_add(st->ev, &e, errp);
out:
	free(akey);
	free(tkey);
	free(okey);
	free(cred);
	strbuf_free(&attrs);
	return rc;
}

static int
github_audit_on_entry(void *ctx, const char *path, cJSON *value,
    const char *problem, char **errp)
{
	struct github_audit	*st = ctx;

	if (value == NULL || !cJSON_IsObject(value))
		return import_warn(st->imp, path, errp, "audit entry skipped: "
		    "%s", problem != NULL ? problem : "not an object");
	return github_audit_entry(st, path, value, errp);
}

static int
github_audit_run(struct import *imp, const struct input *in, char **errp)
{
	static const struct json_route	 routes[] = {
		{ "[]", github_audit_on_entry },
	};
	struct github_audit		 st;
	char				*source;
	int				 rc = -1;

	memset(&st, 0, sizeof(st));
	st.imp = imp;
	st.ev = evidence_create(imp, "github-audit");
	source = xasprintf("github-audit:%s", in->name);
	import_set_source(imp, source);
	free(source);
	if (!input_starts_with(in, '[')) {
		*errp = xasprintf("%s: not a JSON array; a GitHub audit log "
		    "is an array of entries", in->path);
		goto out;
	}
	if (json_stream(in->data, in->len, in->path, routes, 1, &st, NULL,
	    errp) == -1)
		goto out;
	rc = evidence_finish(st.ev, errp);
out:
	evidence_free(st.ev);
	return rc;
}

const struct importer importer_github_audit = {
	.name = "github-audit",
	.summary = "GitHub organisation audit log (JSON), as usage evidence",
	.sniff = github_audit_sniff,
	.run = github_audit_run,
};
