/*
 * Entra ID sign-in logs of service principals as usage evidence: a
 * Microsoft Graph page of /auditLogs/signIns filtered to service
 * principal sign-ins ({"value": [...]}, as `az rest` or the Graph
 * explorer writes it), or a bare array of the same sign-ins.
 *
 * The actor is the service principal, entra:sp:<appId>, the key of the
 * Entra importer. The credential is the one servicePrincipalCredentialKeyId
 * names, when the case has it as a secret or certificate of the
 * application or the service principal (entra:app:<appId>#secret/<id>
 * and so on); otherwise the key id stays on the event. The target is the
 * resource signed in to, entra:sp:<resourceId> (resourceId is the
 * resource's application id). A sign-in whose status.errorCode is not 0
 * has that code as its error.
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

struct entra_signin {
	struct import	*imp;
	struct evidence	*ev;
};

static int
entra_signin_sniff(const struct input *in)
{
	size_t	 n = in->len < 65536 ? in->len : 65536;

	if (input_contains(in, "\"servicePrincipalCredentialKeyId\"", n) ||
	    (input_contains(in, "\"signInEventTypes\"", n) &&
	    input_contains(in, "\"servicePrincipalId\"", n)))
		return 90;
	return 0;
}

/*
 * The key of the credential keyId names, trying the places the Entra
 * importer keys credentials. Returns 0 (with *key NULL when the case has
 * none of them) or -1 when the store failed.
 */
static int
entra_signin_credential(struct entra_signin *st, const char *app,
    const char *keyid, char **key)
{
	static const char *const owners[] = { "app", "app", "sp", "sp" };
	static const char *const kinds[] = {
		"secret", "cert", "secret", "cert"
	};
	size_t	 i;
	int	 rc = 0;

	*key = NULL;
	for (i = 0; i < 4; i++) {
		*key = xasprintf("entra:%s:%s#%s/%s", owners[i], app, kinds[i],
		    keyid);
		if ((rc = evidence_has_node(st->ev, *key)) != 0)
			break;
		free(*key);
		*key = NULL;
	}
	return rc == -1 ? -1 : 0;
}

static void
entra_signin_attrs(const cJSON *rec, struct strbuf *sb)
{
	struct jsonw	 w;
	const char	*s;
	const cJSON	*loc = json_get(rec, "location");

	jsonw_init(&w, sb, 0);
	jsonw_object_begin(&w);
	if ((s = json_str(rec, "appDisplayName")) != NULL) {
		jsonw_key(&w, "app");
		jsonw_str(&w, s);
	}
	if ((s = json_str(rec, "servicePrincipalCredentialThumbprint")) !=
	    NULL && *s != '\0') {
		jsonw_key(&w, "thumbprint");
		jsonw_str(&w, s);
	}
	if ((s = json_str(json_get(rec, "status"), "failureReason")) != NULL) {
		jsonw_key(&w, "failure_reason");
		jsonw_str(&w, s);
	}
	if ((s = json_str(loc, "countryOrRegion")) != NULL) {
		jsonw_key(&w, "country");
		jsonw_str(&w, s);
	}
	if ((s = json_str(rec, "managedIdentityType")) != NULL) {
		jsonw_key(&w, "managed_identity_type");
		jsonw_str(&w, s);
	}
	jsonw_object_end(&w);
}

static int
entra_signin_record(struct entra_signin *st, const char *path,
    const cJSON *rec, char **errp)
{
	struct record_event	 e;
	struct strbuf		 attrs;
	const char		*time, *app, *keyid, *res;
	char			*actor = NULL, *cred = NULL, *target = NULL;
	char			 code[JSON_TEXT_BUFSZ];
	int64_t			 status = 0;
	int			 rc = -1;

	strbuf_init(&attrs);
	record_event_init(&e);
	time = json_str(rec, "createdDateTime");
	app = json_str(rec, "appId");
	if (time == NULL || tstamp_parse(time, &e.at) == -1 || app == NULL ||
	    *app == '\0') {
		rc = import_warn(st->imp, path, errp, "sign-in skipped: "
		    "createdDateTime or appId is missing or invalid");
		goto out;
	}
	actor = xasprintf("entra:sp:%s", app);
	keyid = json_str(rec, "servicePrincipalCredentialKeyId");
	if (keyid != NULL && *keyid != '\0' &&
	    entra_signin_credential(st, app, keyid, &cred) == -1)
		goto out;
	if ((res = json_str(rec, "resourceId")) != NULL && *res != '\0')
		target = xasprintf("entra:sp:%s", res);
	if (json_int(json_get(rec, "status"), "errorCode", &status) != 1)
		status = 0;
	if (status != 0)
		snprintf(code, sizeof(code), "%lld", (long long)status);
	entra_signin_attrs(rec, &attrs);

	e.kind = target != NULL ? KIND_EDGE_CALLED : KIND_EDGE_USED;
	e.actor = actor;
	e.credential = cred;
	e.target = target;
	e.credential_id = keyid != NULL && *keyid != '\0' ? keyid : NULL;
	e.action = "signin";
	e.resource = json_str(rec, "resourceDisplayName");
	e.source_ip = json_str(rec, "ipAddress");
	e.user_agent = json_str(rec, "userAgent");
	e.error_code = status != 0 ? code : NULL;
	e.record = path;
	e.event_id = json_str(rec, "id");
	e.attrs = attrs.buf;
	rc = evidence_add(st->ev, &e, errp);
out:
	free(actor);
	free(cred);
	free(target);
	strbuf_free(&attrs);
	return rc;
}

static int
entra_signin_on_record(void *ctx, const char *path, cJSON *value,
    const char *problem, char **errp)
{
	struct entra_signin	*st = ctx;

	if (value == NULL || !cJSON_IsObject(value))
		return import_warn(st->imp, path, errp, "sign-in skipped: %s",
		    problem != NULL ? problem : "not an object");
	return entra_signin_record(st, path, value, errp);
}

static int
entra_signin_run(struct import *imp, const struct input *in, char **errp)
{
	static const struct json_route	 routes[] = {
		{ "value[]", entra_signin_on_record },
		{ "[]", entra_signin_on_record },
	};
	struct entra_signin		 st;
	char				*source;
	int				 rc = -1;

	memset(&st, 0, sizeof(st));
	st.imp = imp;
	st.ev = evidence_create(imp, "entra-signin");
	source = xasprintf("entra-signin:%s", in->name);
	import_set_source(imp, source);
	free(source);
	if (json_stream(in->data, in->len, in->path, routes, 2, &st, NULL,
	    errp) == -1)
		goto out;
	rc = evidence_finish(st.ev, errp);
out:
	evidence_free(st.ev);
	return rc;
}

const struct importer importer_entra_signin = {
	.name = "entra-signin",
	.summary = "Entra ID service principal sign-in logs (Graph JSON), as "
	    "usage evidence",
	.sniff = entra_signin_sniff,
	.run = entra_signin_run,
};
