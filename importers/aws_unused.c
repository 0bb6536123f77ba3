/*
 * IAM Access Analyzer unused-access findings as usage evidence: the
 * output of `aws accessanalyzer list-findings-v2` ({"findings": [...]})
 * or of `get-finding-v2` (one finding with findingDetails), for the
 * finding types UnusedIAMRole, UnusedIAMUserAccessKey,
 * UnusedIAMUserPassword and UnusedPermission.
 *
 * Each finding becomes one event per thing it names, at its
 * lastAccessed time, or at "never" when the analyzer saw no use at all.
 * The actor is the finding's resource, aws:<ARN>; an unused key is
 * keyed as CloudTrail keys it, an unused password aws:<user ARN>#password,
 * and an unused action is a called event on aws:service:<namespace>.
 * The event's attributes mark it unused and carry the finding's type, id
 * and status, so the rules can tell the analyzer's statement from a log
 * record.
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

struct aws_unused {
	struct import	*imp;
	struct evidence	*ev;
	int		 saw_findings;
	int		 single;
};

static int
aws_unused_sniff(const struct input *in)
{
	size_t	 n = in->len < 65536 ? in->len : 65536;

	if (input_contains(in, "\"findingType\"", n) &&
	    (input_contains(in, "\"UnusedIAM", n) ||
	    input_contains(in, "\"UnusedPermission\"", n)))
		return 90;
	return 0;
}

/* The time of lastAccessed in obj, or TSTAMP_NEVER without one. */
static int64_t
aws_unused_time(const cJSON *obj)
{
	const char	*s = json_str(obj, "lastAccessed");
	int64_t		 t;

	if (s == NULL || tstamp_parse(s, &t) == -1)
		return TSTAMP_NEVER;
	return t;
}

static void
aws_unused_attrs(const cJSON *f, const char *type, struct strbuf *sb)
{
	struct jsonw	 w;
	const char	*s;

	jsonw_init(&w, sb, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "unused");
	jsonw_bool(&w, 1);
	jsonw_key(&w, "finding_type");
	jsonw_str(&w, type);
	if ((s = json_str(f, "id")) != NULL) {
		jsonw_key(&w, "finding_id");
		jsonw_str(&w, s);
	}
	if ((s = json_str(f, "status")) != NULL) {
		jsonw_key(&w, "status");
		jsonw_str(&w, s);
	}
	if ((s = json_str(f, "analyzedAt")) != NULL) {
		jsonw_key(&w, "analyzed_at");
		jsonw_str(&w, s);
	}
	jsonw_object_end(&w);
}

/* Write the events of one finding's detail. */
static int
aws_unused_detail(struct aws_unused *st, const char *path, const char *type,
    const cJSON *d, struct record_event *e, char **errp)
{
	const cJSON	*perm, *acts, *a;
	const char	*ns, *name, *akid;
	char		*key = NULL, *action = NULL;
	int		 rc = 0;

	if ((perm = json_get(d, "unusedPermissionDetails")) != NULL) {
		ns = json_str(perm, "serviceNamespace");
		acts = json_get(perm, "actions");
		if (ns == NULL)
			return import_warn(st->imp, path, errp, "finding "
			    "skipped: unusedPermissionDetails has no "
			    "serviceNamespace");
		key = xasprintf("aws:service:%s", ns);
		e->kind = KIND_EDGE_CALLED;
		e->target = key;
		cJSON_ArrayForEach(a, acts) {
			if ((name = json_str(a, "action")) == NULL)
				continue;
			free(action);
			action = xasprintf("%s:%s", ns, name);
			e->action = action;
			e->at = aws_unused_time(a);
			if ((rc = evidence_add(st->ev, e, errp)) == -1)
				break;
		}
		if (!cJSON_IsArray(acts) || cJSON_GetArraySize(acts) == 0) {
			action = xasprintf("%s:*", ns);
			e->action = action;
			e->at = aws_unused_time(perm);
			rc = evidence_add(st->ev, e, errp);
		}
		goto out;
	}
	e->kind = KIND_EDGE_USED;
	e->action = type;
	if ((a = json_get(d, "unusedIamUserAccessKeyDetails")) != NULL) {
		if ((akid = json_str(a, "accessKeyId")) == NULL)
			return import_warn(st->imp, path, errp, "finding "
			    "skipped: no accessKeyId");
		if (evidence_aws_access_key(st->ev, e->actor + 4, akid,
		    &key) == -1)
			return -1;
		e->credential = key;
		e->credential_id = akid;
	} else if ((a = json_get(d, "unusedIamUserPasswordDetails")) !=
	    NULL) {
		key = xasprintf("%s#password", e->actor);
		e->credential = key;
	} else
		a = json_get(d, "unusedIamRoleDetails");
	e->at = aws_unused_time(a);
	rc = evidence_add(st->ev, e, errp);
out:
	free(key);
	free(action);
	return rc;
}

/* Read one finding; path locates it for warnings. */
static int
aws_unused_finding(struct aws_unused *st, const char *path, const cJSON *f,
    char **errp)
{
	struct record_event	 e;
	struct strbuf		 attrs;
	const cJSON		*details, *d;
	const char		*type, *res;
	char			*actor = NULL, *where;
	int			 rc = 0, i = 0;

	type = json_str(f, "findingType");
	res = json_str(f, "resource");
	if (type == NULL || res == NULL || strncmp(res, "arn:", 4) != 0)
		return import_warn(st->imp, path, errp, "finding skipped: "
		    "findingType or resource ARN is missing");
	if (strncmp(type, "Unused", 6) != 0) {
		import_note(st->imp, "%s: finding type %s left out", path,
		    type);
		return 0;
	}
	strbuf_init(&attrs);
	aws_unused_attrs(f, type, &attrs);
	actor = xasprintf("aws:%s", res);
	details = json_get(f, "findingDetails");
	if (!cJSON_IsArray(details) || cJSON_GetArraySize(details) == 0) {
		/* list-findings-v2 gives no details: one event at never. */
		record_event_init(&e);
		e.actor = actor;
		e.record = path;
		e.event_id = json_str(f, "id");
		e.attrs = attrs.buf;
		rc = aws_unused_detail(st, path, type, NULL, &e, errp);
		goto out;
	}
	cJSON_ArrayForEach(d, details) {
		where = xasprintf("%s.findingDetails[%d]", path, i++);
		record_event_init(&e);
		e.actor = actor;
		e.record = where;
		e.event_id = json_str(f, "id");
		e.attrs = attrs.buf;
		rc = aws_unused_detail(st, where, type, d, &e, errp);
		free(where);
		if (rc == -1)
			break;
	}
out:
	free(actor);
	strbuf_free(&attrs);
	return rc;
}

static int
aws_unused_on_finding(void *ctx, const char *path, cJSON *value,
    const char *problem, char **errp)
{
	struct aws_unused	*st = ctx;

	if (value == NULL || !cJSON_IsObject(value))
		return import_warn(st->imp, path, errp, "finding skipped: %s",
		    problem != NULL ? problem : "not an object");
	return aws_unused_finding(st, path, value, errp);
}

static int
aws_unused_on_member(void *ctx, const char *key, int type)
{
	struct aws_unused	*st = ctx;

	if (strcmp(key, "findings") == 0 && type == cJSON_Array)
		st->saw_findings = 1;
	if (strcmp(key, "findingType") == 0)
		st->single = 1;
	return 0;
}

static int
aws_unused_run(struct import *imp, const struct input *in, char **errp)
{
	static const struct json_route	 list[] = {
		{ "findings[]", aws_unused_on_finding },
	};
	static const struct json_route	 one[] = {
		{ "", aws_unused_on_finding },
	};
	struct aws_unused		 st;
	char				*source;
	int				 rc = -1;

	memset(&st, 0, sizeof(st));
	st.imp = imp;
	st.ev = evidence_create(imp, "access-analyzer");
	source = xasprintf("access-analyzer:%s", in->name);
	import_set_source(imp, source);
	free(source);
	if (json_members(in->data, in->len, in->path, aws_unused_on_member,
	    &st, NULL, errp) == -1)
		goto out;
	if (!st.saw_findings && !st.single) {
		*errp = xasprintf("%s: no \"findings\" array or \"findingType\"; "
		    "not Access Analyzer output", in->path);
		goto out;
	}
	if (json_stream(in->data, in->len, in->path, st.saw_findings ? list :
	    one, 1, &st, NULL, errp) == -1)
		goto out;
	rc = evidence_finish(st.ev, errp);
out:
	evidence_free(st.ev);
	return rc;
}

const struct importer importer_aws_unused = {
	.name = "access-analyzer",
	.summary = "IAM Access Analyzer unused-access findings, as usage "
	    "evidence",
	.sniff = aws_unused_sniff,
	.run = aws_unused_run,
};
