/*
 * AWS CloudTrail as usage evidence: the log files CloudTrail delivers to
 * S3 ({"Records": [...]}, gzip or plain) and the output of
 * `aws cloudtrail lookup-events` ({"Events": [...]}, each event with the
 * record as a JSON string in CloudTrailEvent).
 *
 * Each record becomes one event (evidence.h). The identity that acted
 * is read from userIdentity by its type:
 *
 *   IAMUser           aws:<user ARN>
 *   AssumedRole       aws:<role ARN> of sessionContext.sessionIssuer
 *   Root, AWSAccount  aws:arn:aws:iam::<account>:root
 *   FederatedUser     aws:<ARN> of the sessionIssuer (the IAM user)
 *   WebIdentityUser   aws:arn:aws:iam::<account>:oidc-provider/<issuer>
 *   SAMLUser          aws:<requestParameters.principalArn>
 *   AWSService        aws:service-principal:<invokedBy>
 *
 * These are the keys the AWS inventory importers give the same objects
 * (docs/data-model.md). A long-term access key (accessKeyId of an IAM
 * user) is the credential: the node of the case whose key_id attribute
 * is that id, or else a credential node aws:<user ARN>#access_key/<id>
 * that this import describes. A console login of an IAM user or the
 * root uses the password, aws:<ARN>#password. Temporary keys (those of
 * a role session) are kept on the event only.
 *
 * AssumeRole, AssumeRoleWithWebIdentity and AssumeRoleWithSAML are
 * assumed events with the role of requestParameters.roleArn as target;
 * GetSessionToken, GetFederationToken and ConsoleLogin are used events
 * with no target; every other call is a called event whose target is
 * the service, aws:service:<service>. Response elements, where STS puts
 * session tokens, are never read.
 */
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "gunzip.h"
#include "import.h"
#include "importer.h"
#include "input.h"
#include "json.h"
#include "jsonw.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

/* Bytes of a gzip file decompressed to sniff it. */
#define CLOUDTRAIL_SNIFF	4096

struct cloudtrail {
	struct import		*imp;
	const struct input	*in;
	struct evidence		*ev;
	int			 saw_list;	/* Records or Events */
};

/* Keys and text made for one record, freed together. */
struct cloudtrail_keys {
	char		*actor;
	char		*credential;
	char		*target;
	char		*action;
	struct strbuf	 attrs;
};

static int
cloudtrail_looks(const char *data, size_t len)
{
	struct input	 in;

	memset(&in, 0, sizeof(in));
	in.data = data;
	in.len = len;
	if (input_contains(&in, "\"eventVersion\"", len) &&
	    input_contains(&in, "\"Records\"", len))
		return 90;
	if (input_contains(&in, "\"CloudTrailEvent\"", len) &&
	    input_contains(&in, "\"Events\"", len))
		return 90;
	return 0;
}

static int
cloudtrail_sniff(const struct input *in)
{
	char	 head[CLOUDTRAIL_SNIFF];
	size_t	 n;

	if (gunzip_is_gzip(in->data, in->len)) {
		n = gunzip_head(in->data, in->len, head, sizeof(head));
		return cloudtrail_looks(head, n);
	}
	return cloudtrail_looks(in->data, in->len < (1u << 20) ? in->len :
	    (1u << 20));
}

static void
cloudtrail_keys_free(struct cloudtrail_keys *k)
{
	free(k->actor);
	free(k->credential);
	free(k->target);
	free(k->action);
	strbuf_free(&k->attrs);
}

/* A non-empty string member, or NULL. */
static const char *
cloudtrail_str(const cJSON *obj, const char *key)
{
	const char	*s = json_str(obj, key);

	return s != NULL && *s != '\0' ? s : NULL;
}

/*
 * The role ARN behind an assumed-role session ARN
 * ("arn:aws:sts::1:assumed-role/NAME/SESSION"), for records that lack
 * the session issuer. A role with a path loses it here.
 */
static char *
cloudtrail_role_of_session(const char *arn)
{
	const char	*p, *acct, *name, *end;

	if ((p = strstr(arn, ":sts::")) == NULL ||
	    (name = strstr(arn, ":assumed-role/")) == NULL)
		return NULL;
	acct = p + 6;
	name += 14;
	if ((end = strchr(name, '/')) == NULL)
		end = name + strlen(name);
	return xasprintf("aws:%.*s:iam::%.*s:role/%.*s", (int)(p - arn), arn,
	    (int)(name - 14 - acct), acct, (int)(end - name), name);
}

/* The key of the identity that acted; NULL when the record names none. */
static char *
cloudtrail_actor(const cJSON *rec, const cJSON *uid, const char *type)
{
	const cJSON	*issuer;
	const char	*arn = cloudtrail_str(uid, "arn"), *s, *acct;

	issuer = json_get(json_get(uid, "sessionContext"), "sessionIssuer");
	acct = cloudtrail_str(uid, "accountId");
	if (acct == NULL)
		acct = cloudtrail_str(rec, "recipientAccountId");
	if (strcmp(type, "IAMUser") == 0 && arn != NULL)
		return xasprintf("aws:%s", arn);
	if (strcmp(type, "AssumedRole") == 0 ||
	    strcmp(type, "FederatedUser") == 0) {
		if ((s = cloudtrail_str(issuer, "arn")) != NULL)
			return xasprintf("aws:%s", s);
		return arn != NULL ? cloudtrail_role_of_session(arn) : NULL;
	}
	if ((strcmp(type, "Root") == 0 || strcmp(type, "AWSAccount") == 0) &&
	    acct != NULL)
		return xasprintf("aws:arn:aws:iam::%s:root", acct);
	if (strcmp(type, "WebIdentityUser") == 0 && acct != NULL &&
	    (s = cloudtrail_str(uid, "identityProvider")) != NULL)
		return xasprintf("aws:arn:aws:iam::%s:oidc-provider/%s", acct,
		    s);
	if (strcmp(type, "SAMLUser") == 0 && (s = cloudtrail_str(json_get(rec,
	    "requestParameters"), "principalArn")) != NULL)
		return xasprintf("aws:%s", s);
	if (strcmp(type, "AWSService") == 0 &&
	    (s = cloudtrail_str(uid, "invokedBy")) != NULL)
		return xasprintf("aws:service-principal:%s", s);
	return arn != NULL ? xasprintf("aws:%s", arn) : NULL;
}

/*
 * The credential the record shows: a user's long-term access key or, for
 * a console login, the password. Returns 0 or -1 when the store failed.
 */
static int
cloudtrail_credential(struct cloudtrail *ct, const cJSON *uid,
    const char *type, const char *event, struct cloudtrail_keys *k)
{
	const char	*akid = cloudtrail_str(uid, "accessKeyId");
	const char	*arn = cloudtrail_str(uid, "arn");

	if (strcmp(event, "ConsoleLogin") == 0 &&
	    (strcmp(type, "IAMUser") == 0 || strcmp(type, "Root") == 0)) {
		k->credential = xasprintf("%s#password", k->actor);
		return 0;
	}
	/* Long-term keys start AKIA; session keys ASIA are left out. */
	if (akid == NULL || strncmp(akid, "AKIA", 4) != 0 || arn == NULL ||
	    strcmp(type, "IAMUser") != 0)
		return 0;
	return evidence_aws_access_key(ct->ev, arn, akid, &k->credential);
}

/* The service name of an event source ("s3" of "s3.amazonaws.com"). */
static void
cloudtrail_service(const char *source, char *buf, size_t len)
{
	size_t	 n = strcspn(source, ".");

	if (n >= len)
		n = len - 1;
	memcpy(buf, source, n);
	buf[n] = '\0';
}

/* Fill the kind, target and resource of an event from its name. */
static void
cloudtrail_target(const cJSON *rec, const char *event, const char *svc,
    struct record_event *e, struct cloudtrail_keys *k)
{
	const cJSON	*req = json_get(rec, "requestParameters");
	const cJSON	*res = json_get(rec, "resources");
	const char	*role = cloudtrail_str(req, "roleArn");

	if (strncmp(event, "AssumeRole", 10) == 0 && role != NULL) {
		e->kind = KIND_EDGE_ASSUMED;
		k->target = xasprintf("aws:%s", role);
		e->resource = role;
		return;
	}
	if (strcmp(event, "GetSessionToken") == 0 ||
	    strcmp(event, "GetFederationToken") == 0 ||
	    strcmp(event, "ConsoleLogin") == 0) {
		e->kind = KIND_EDGE_USED;
		return;
	}
	e->kind = KIND_EDGE_CALLED;
	k->target = xasprintf("aws:service:%s", svc);
	if (cJSON_IsArray(res) && cJSON_GetArraySize(res) > 0)
		e->resource = cloudtrail_str(cJSON_GetArrayItem(res, 0), "ARN");
}

/* The flat attributes of an event: region, account, session, MFA. */
static void
cloudtrail_attrs(const cJSON *rec, const cJSON *uid, const char *type,
    struct strbuf *sb)
{
	struct jsonw	 w;
	const cJSON	*attrs, *req = json_get(rec, "requestParameters");
	const char	*s;

	attrs = json_get(json_get(uid, "sessionContext"), "attributes");
	jsonw_init(&w, sb, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "identity_type");
	jsonw_str(&w, type);
	if ((s = cloudtrail_str(rec, "awsRegion")) != NULL) {
		jsonw_key(&w, "region");
		jsonw_str(&w, s);
	}
	if ((s = cloudtrail_str(rec, "recipientAccountId")) != NULL) {
		jsonw_key(&w, "account");
		jsonw_str(&w, s);
	}
	if ((s = cloudtrail_str(req, "roleSessionName")) != NULL) {
		jsonw_key(&w, "session_name");
		jsonw_str(&w, s);
	}
	if ((s = cloudtrail_str(attrs, "mfaAuthenticated")) != NULL ||
	    (s = cloudtrail_str(json_get(rec, "additionalEventData"),
	    "MFAUsed")) != NULL) {
		jsonw_key(&w, "mfa");
		jsonw_str(&w, s);
	}
	if ((s = cloudtrail_str(uid, "userName")) != NULL &&
	    strcmp(type, "WebIdentityUser") == 0) {
		jsonw_key(&w, "subject");
		jsonw_str(&w, s);
	}
	jsonw_object_end(&w);
}

/*
 * The error of a record: errorCode, or "Failure" for a console login
 * whose response element ConsoleLogin is "Failure".
 */
static const char *
cloudtrail_error(const cJSON *rec)
{
	const char	*s = cloudtrail_str(rec, "errorCode");

	if (s != NULL)
		return s;
	s = cloudtrail_str(json_get(rec, "responseElements"), "ConsoleLogin");
	return s != NULL && strcmp(s, "Failure") == 0 ? "Failure" : NULL;
}

/* Read one CloudTrail record; path locates it for warnings. */
static int
cloudtrail_record(struct cloudtrail *ct, const char *path, const cJSON *rec,
    char **errp)
{
	struct record_event	 e;
	struct cloudtrail_keys	 k;
	const cJSON		*uid = json_get(rec, "userIdentity");
	const char		*time, *event, *source, *type;
	char			 svc[64];
	int			 rc = -1;

	memset(&k, 0, sizeof(k));
	strbuf_init(&k.attrs);
	record_event_init(&e);
	time = cloudtrail_str(rec, "eventTime");
	event = cloudtrail_str(rec, "eventName");
	source = cloudtrail_str(rec, "eventSource");
	type = cloudtrail_str(uid, "type");
	if (time == NULL || tstamp_parse(time, &e.at) == -1 || event == NULL ||
	    source == NULL || type == NULL) {
		rc = import_warn(ct->imp, path, errp, "record skipped: "
		    "eventTime, eventName, eventSource or userIdentity.type "
		    "is missing or invalid");
		goto out;
	}
	if ((k.actor = cloudtrail_actor(rec, uid, type)) == NULL) {
		rc = import_warn(ct->imp, path, errp, "record skipped: "
		    "userIdentity of type %s names no identity", type);
		goto out;
	}
	if (cloudtrail_credential(ct, uid, type, event, &k) == -1)
		goto out;
	cloudtrail_service(source, svc, sizeof(svc));
	cloudtrail_target(rec, event, svc, &e, &k);
	k.action = xasprintf("%s:%s", svc, event);
	cloudtrail_attrs(rec, uid, type, &k.attrs);

	e.actor = k.actor;
	e.credential = k.credential;
	e.target = k.target;
	e.credential_id = cloudtrail_str(uid, "accessKeyId");
	e.action = k.action;
	e.source_ip = cloudtrail_str(rec, "sourceIPAddress");
	e.user_agent = cloudtrail_str(rec, "userAgent");
	e.error_code = cloudtrail_error(rec);
	e.record = path;
	e.event_id = cloudtrail_str(rec, "eventID");
	e.attrs = k.attrs.buf;
	rc = evidence_add(ct->ev, &e, errp);
out:
	cloudtrail_keys_free(&k);
	return rc;
}

static int
cloudtrail_on_record(void *ctx, const char *path, cJSON *value,
    const char *problem, char **errp)
{
	struct cloudtrail	*ct = ctx;

	if (value == NULL || !cJSON_IsObject(value))
		return import_warn(ct->imp, path, errp, "record skipped: %s",
		    problem != NULL ? problem : "not an object");
	return cloudtrail_record(ct, path, value, errp);
}

/* One event of lookup-events output: parse its CloudTrailEvent string. */
static int
cloudtrail_on_lookup(void *ctx, const char *path, cJSON *value,
    const char *problem, char **errp)
{
	struct cloudtrail	*ct = ctx;
	const char		*text;
	cJSON			*rec;
	char			*err = NULL, *where;
	int			 rc;

	if (value == NULL || !cJSON_IsObject(value))
		return import_warn(ct->imp, path, errp, "event skipped: %s",
		    problem != NULL ? problem : "not an object");
	if ((text = json_str(value, "CloudTrailEvent")) == NULL)
		return import_warn(ct->imp, path, errp, "event skipped: no "
		    "CloudTrailEvent string");
	where = xasprintf("%s.CloudTrailEvent", path);
	rec = json_parse(text, strlen(text), where, NULL, &err);
	if (rec == NULL || !cJSON_IsObject(rec)) {
		rc = import_warn(ct->imp, where, errp, "event skipped: %s",
		    err != NULL ? err : "not an object");
	} else
		rc = cloudtrail_record(ct, where, rec, errp);
	cJSON_Delete(rec);
	free(err);
	free(where);
	return rc;
}

/*
 * The top-level members: a document is CloudTrail when it has an array
 * Records or Events.
 */
static int
cloudtrail_on_member(void *ctx, const char *key, int type)
{
	struct cloudtrail	*ct = ctx;

	if ((strcmp(key, "Records") == 0 || strcmp(key, "Events") == 0) &&
	    type == cJSON_Array)
		ct->saw_list = 1;
	return 0;
}

/* Stream the records of a document already in memory. */
static int
cloudtrail_read(struct cloudtrail *ct, const char *data, size_t len,
    char **errp)
{
	static const struct json_route	 routes[] = {
		{ "Records[]", cloudtrail_on_record },
		{ "Events[]", cloudtrail_on_lookup },
	};

	if (json_members(data, len, ct->in->path, cloudtrail_on_member, ct,
	    NULL, errp) == -1)
		return -1;
	if (!ct->saw_list) {
		*errp = xasprintf("%s: no \"Records\" or \"Events\" array; not "
		    "a CloudTrail log or lookup-events output", ct->in->path);
		return -1;
	}
	return json_stream(data, len, ct->in->path, routes, 2, ct, NULL,
	    errp);
}

static int
cloudtrail_run(struct import *imp, const struct input *in, char **errp)
{
	struct cloudtrail	 ct;
	char			*plain = NULL, *source;
	size_t			 len;
	int			 rc = -1;

	memset(&ct, 0, sizeof(ct));
	ct.imp = imp;
	ct.in = in;
	ct.ev = evidence_create(imp, "cloudtrail");
	source = xasprintf("cloudtrail:%s", in->name);
	import_set_source(imp, source);
	free(source);
	if (gunzip_is_gzip(in->data, in->len)) {
		if (gunzip_all(in->data, in->len, in->path, GUNZIP_MAX_SIZE,
		    &plain, &len, errp) == -1)
			goto out;
		rc = cloudtrail_read(&ct, plain, len, errp);
	} else
		rc = cloudtrail_read(&ct, in->data, in->len, errp);
	if (rc == 0)
		rc = evidence_finish(ct.ev, errp);
out:
	free(plain);
	evidence_free(ct.ev);
	return rc;
}

const struct importer importer_cloudtrail = {
	.name = "cloudtrail",
	.summary = "AWS CloudTrail log files (plain or gzip) and "
	    "lookup-events output, as usage evidence",
	.sniff = cloudtrail_sniff,
	.run = cloudtrail_run,
};
