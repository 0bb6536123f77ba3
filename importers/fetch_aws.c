/*
 * trustwalk fetch aws-files DIR: a folder of AWS CLI outputs, read as
 * one snapshot per source. trustwalk does not sign AWS requests, so the
 * analyst runs the CLI (docs/fetch.md lists the commands and the IAM
 * actions they need) and this source gathers what it wrote:
 *
 *   - outputs of "aws iam get-account-authorization-details", whole or
 *     in pages (--max-items, --starting-token) or in parts (--filter),
 *     are merged per account into one document, authz.json (or
 *     authz-ACCOUNT.json when the folder holds several accounts). The
 *     records are copied as the CLI wrote them; one that several files
 *     hold (same Arn) is kept once, from the first file by name;
 *   - credential reports (the CSV, or the JSON of get-credential-report)
 *     are copied as they are;
 *   - a CLI error saved from standard error ("An error occurred
 *     (AccessDenied) when calling the GetCredentialReport operation:
 *     ...") is recorded as missing, as is an output the folder lacks.
 *
 * The files are recognised by the importers' own sniffing.
 */
#include "fetch_int.h"

#include <stdlib.h>
#include <string.h>

#include "folder.h"
#include "importer.h"
#include "input.h"
#include "json.h"
#include "xalloc.h"

/* The lists of an authorization details document, in output order. */
static const char *const aws_lists[] = {
	"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies",
};

#define AWS_NLISTS	(sizeof(aws_lists) / sizeof(aws_lists[0]))

/* One authorization details file. */
struct aws_doc {
	struct input	*in;
	char		*rel;
	char		*account;
	int		 truncated;
};

struct aws_fetch {
	struct fetch		*f;
	struct aws_doc		*docs;
	size_t			 ndocs;
	struct fetch_names	 reports;	/* relative paths */
	struct fetch_names	 errors;	/* CLI error lines */
	struct fetch_names	 accounts;
	struct fetch_names	 outputs;	/* files written */
};

/* Skip blanks in a JSON document. */
static const char *
aws_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
	    *p == '\n'))
		p++;
	return p;
}

/* Skip a string starting at its opening quote. */
static const char *
aws_skip_string(const char *p, const char *end)
{
	for (p++; p < end && *p != '"'; p++) {
		if (*p == '\\')
			p++;
	}
	return p < end ? p + 1 : end;
}

/* Skip one value of a valid JSON document. */
static const char *
aws_skip_value(const char *p, const char *end)
{
	int	 depth = 0;

	do {
		if (p >= end)
			return end;
		if (*p == '"')
			p = aws_skip_string(p, end);
		else if (*p == '{' || *p == '[') {
			depth++;
			p++;
		} else if (*p == '}' || *p == ']') {
			depth--;
			p++;
		} else if (depth == 0) {
			while (p < end && strchr(",}] \t\r\n", *p) == NULL)
				p++;
		} else
			p++;
	} while (depth > 0);
	return p;
}

typedef int (*aws_element_fn)(void *ctx, const char *key, size_t klen,
    const char *elem, size_t elen);

/*
 * Call fn for each element of each array member of the top-level
 * object of buf, a document json_stream() has validated, with the
 * member's raw key and the element's text as it is in the file. A
 * member that is not an array is passed once with elem pointing at its
 * value. Returns 0, or -1 when fn stopped.
 */
static int
aws_elements(const char *buf, size_t len, aws_element_fn fn, void *ctx)
{
	const char	*p = buf, *end = buf + len, *key, *v;
	size_t		 klen;

	p = aws_ws(p, end);
	if (p == end || *p++ != '{')
		return 0;
	for (;;) {
		p = aws_ws(p, end);
		if (p == end || *p != '"')
			return 0;
		key = p + 1;
		p = aws_skip_string(p, end);
		klen = (size_t)(p - key - 1);
		p = aws_ws(p, end);
		p = aws_ws(p + 1, end);		/* the ':' */
		if (p < end && *p == '[') {
			for (p = aws_ws(p + 1, end); p < end && *p != ']';) {
				v = p;
				p = aws_skip_value(p, end);
				if (fn(ctx, key, klen, v, (size_t)(p - v)) ==
				    -1)
					return -1;
				p = aws_ws(p, end);
				if (p < end && *p == ',')
					p = aws_ws(p + 1, end);
			}
			p++;
		} else {
			v = p;
			p = aws_skip_value(p, end);
			if (fn(ctx, key, klen, v, (size_t)(p - v)) == -1)
				return -1;
		}
		p = aws_ws(p, end);
		if (p >= end || *p != ',')
			return 0;
		p++;
	}
}

/* The account and truncation of a document, as aws_on_scan() finds them. */
struct aws_scan {
	char	*account;
	int	 truncated;
};

/* The account id of an IAM ARN, or NULL ("aws" for AWS managed). */
static char *
aws_arn_account(const char *arn)
{
	const char	*p = arn;
	int		 i;

	for (i = 0; i < 4 && p != NULL; i++) {
		p = strchr(p, ':');
		if (p != NULL)
			p++;
	}
	if (p == NULL || strncmp(arn, "arn:", 4) != 0 || *p < '0' || *p > '9')
		return NULL;
	return xstrndup(p, strcspn(p, ":"));
}

static int
aws_on_scan(void *ctx, const char *key, size_t klen, const char *elem,
    size_t elen)
{
	struct aws_scan	*s = ctx;
	cJSON		*doc;
	char		*err = NULL;

	if (klen == 11 && strncmp(key, "IsTruncated", 11) == 0)
		s->truncated = elen >= 4 && strncmp(elem, "true", 4) == 0;
	if (s->account != NULL || *elem != '{' ||
	    (doc = json_parse(elem, elen, "record", NULL, &err)) == NULL) {
		free(err);
		return 0;
	}
	if (json_str(doc, "Arn") != NULL)
		s->account = aws_arn_account(json_str(doc, "Arn"));
	cJSON_Delete(doc);
	return 0;
}

/*
 * Classify one file of the folder: an authorization details document
 * (kept open), a credential report, a CLI error, or something else
 * (noted).
 */
static int
aws_file(struct aws_fetch *a, const struct folder_file *ff, char **errp)
{
	static const struct json_route	 check = { "", json_skip };
	const struct importer	*imp;
	struct aws_scan		 scan;
	struct aws_doc		*d;
	struct input		*in;
	const char		*e;

	if (input_open(ff->path, INPUT_MAX_SIZE, &in, errp) == -1)
		return -1;
	imp = importer_sniff(in);
	if (imp == &importer_aws_credreport) {
		fetch_names_add(&a->reports, ff->rel);
		input_close(in);
		return 0;
	}
	if (imp != &importer_aws_authz) {
		e = in->len < 65536 ? memmem(in->data, in->len, "An error "
		    "occurred (", 19) : NULL;
		if (e != NULL) {
			char *line = xstrndup(e, strcspn(e, "\r\n"));

			fetch_names_add(&a->errors, line);
			free(line);
		} else
			fetch_note(a->f, "fetch: %s: skipped, not an AWS CLI "
			    "output trustwalk reads", ff->rel);
		input_close(in);
		return 0;
	}
	if (json_stream(in->data, in->len, ff->path, &check, 1, NULL, NULL,
	    errp) == -1) {
		input_close(in);
		return -1;
	}
	memset(&scan, 0, sizeof(scan));
	aws_elements(in->data + input_bom(in), in->len - input_bom(in),
	    aws_on_scan, &scan);
	a->docs = xreallocarray(a->docs, a->ndocs + 1, sizeof(*a->docs));
	d = &a->docs[a->ndocs++];
	d->in = in;
	d->rel = xstrdup(ff->rel);
	d->account = scan.account != NULL ? scan.account : xstrdup("unknown");
	d->truncated = scan.truncated;
	fetch_names_add(&a->accounts, d->account);
	return 0;
}

/* The state of merging the documents of one account. */
struct aws_merge {
	struct aws_fetch	*a;
	struct fetch_sink	 sink;
	const char		*list;
	struct fetch_names	 seen;		/* "LIST ARN" */
	size_t			 written;	/* elements of this list */
	size_t			 repeats;
	char			**errp;
};

/* Write one element of the list being merged, unless it is a repeat. */
static int
aws_on_merge(void *ctx, const char *key, size_t klen, const char *elem,
    size_t elen)
{
	struct aws_merge	*m = ctx;
	const char		*arn;
	cJSON			*doc;
	char			*err = NULL, *id;
	int			 fresh = 1;

	if (strlen(m->list) != klen || strncmp(key, m->list, klen) != 0)
		return 0;
	if ((doc = json_parse(elem, elen, "record", NULL, &err)) != NULL &&
	    (arn = json_str(doc, "Arn")) != NULL) {
		id = xasprintf("%s %s", m->list, arn);
		fresh = fetch_names_add(&m->seen, id);
		free(id);
	}
	free(err);
	if (doc != NULL)
		cJSON_Delete(doc);
	if (!fresh) {
		m->repeats++;
		return 0;
	}
	if ((m->written++ > 0 && fetch_sink_write(&m->sink, ",\n", 2,
	    m->errp) == -1) || fetch_sink_write(&m->sink, elem, elen,
	    m->errp) == -1)
		return -1;
	return 0;
}

/* Merge the documents of one account into the file rel. */
static int
aws_merge(struct aws_fetch *a, const char *account, const char *rel,
    char **errp)
{
	struct aws_merge	 m;
	struct aws_doc		*d;
	char			*head;
	size_t			 i, j;
	int			 rc = 0;

	memset(&m, 0, sizeof(m));
	m.a = a;
	m.errp = errp;
	fetch_sink_init(&m.sink, a->f, rel, "");
	for (i = 0; rc == 0 && i < AWS_NLISTS; i++) {
		m.list = aws_lists[i];
		m.written = 0;
		head = xasprintf("%s\"%s\": [\n", i == 0 ? "{" : ",\n",
		    m.list);
		rc = fetch_sink_write(&m.sink, head, strlen(head), errp);
		free(head);
		for (j = 0; rc == 0 && j < a->ndocs; j++) {
			d = &a->docs[j];
			if (strcmp(d->account, account) == 0)
				rc = aws_elements(d->in->data + input_bom(d->in),
				    d->in->len - input_bom(d->in), aws_on_merge,
				    &m);
		}
		if (rc == 0)
			rc = fetch_sink_write(&m.sink, "]", 1, errp);
	}
	if (rc == 0)
		rc = fetch_sink_write(&m.sink, ",\n\"IsTruncated\": false}\n",
		    24, errp);
	if (fetch_sink_close(&m.sink, rc == 0 ? errp : NULL) == -1)
		rc = -1;
	if (rc == 0 && m.repeats > 0)
		fetch_note(a->f, "fetch: %s: %zu records that several files "
		    "hold were kept once, from the first file by name", rel,
		    m.repeats);
	fetch_names_free(&m.seen);
	return rc;
}

/* Write the authorization details of each account. */
static int
aws_authz(struct aws_fetch *a, char **errp)
{
	struct aws_doc	*only;
	char		*rel;
	size_t		 i, j, n, truncated;
	int		 rc = 0;

	for (i = 0; rc == 0 && i < a->accounts.n; i++) {
		rel = a->accounts.n == 1 ? xstrdup("authz.json") :
		    xasprintf("authz-%s.json", a->accounts.v[i]);
		only = NULL;
		for (j = n = truncated = 0; j < a->ndocs; j++) {
			if (strcmp(a->docs[j].account, a->accounts.v[i]) != 0)
				continue;
			only = &a->docs[j];
			n++;
			truncated += a->docs[j].truncated != 0;
		}
		if (n == 1 && !only->truncated)
			rc = fetch_save_file(a->f, rel, only->in->data,
			    only->in->len, errp);
		else
			rc = aws_merge(a, a->accounts.v[i], rel, errp);
		if (rc == 0) {
			fetch_names_add(&a->outputs, rel);
			fetch_set_input(a->f, rel);
		}
		if (rc == 0 && truncated == n)
			fetch_missing(a->f, "iam:GetAccountAuthorizationDetails",
			    rel, 0, "every output of account %s says "
			    "IsTruncated, so its last page is missing; run "
			    "the command again without --max-items",
			    a->accounts.v[i]);
		free(rel);
	}
	return rc;
}

/* Copy the credential reports as they are. */
static int
aws_reports(struct aws_fetch *a, char **errp)
{
	struct input	*in;
	const char	*dot, *ext;
	char		*path, *rel;
	size_t		 i;
	int		 rc = 0;

	for (i = 0; rc == 0 && i < a->reports.n; i++) {
		path = xasprintf("%s/%s", a->f->opts->dir, a->reports.v[i]);
		dot = strrchr(folder_base(a->reports.v[i]), '.');
		ext = dot != NULL && strcmp(dot, ".csv") == 0 ? ".csv" :
		    ".json";
		if (a->reports.n > 1)
			rel = xasprintf("credential-report-%zu%s", i + 1, ext);
		else
			rel = xasprintf("credential-report%s", ext);
		if ((rc = input_open(path, INPUT_MAX_SIZE, &in, errp)) == 0) {
			rc = fetch_save_file(a->f, rel, in->data, in->len,
			    errp);
			input_close(in);
		}
		if (rc == 0)
			fetch_names_add(&a->outputs, rel);
		free(rel);
		free(path);
	}
	if (rc == 0 && a->reports.n > 1)
		fetch_note(a->f, "fetch: %zu credential reports: each is a "
		    "snapshot, and the last by name is the current one",
		    a->reports.n);
	return rc;
}

/* Record the CLI errors and the outputs the folder lacks. */
static void
aws_record_missing(struct aws_fetch *a)
{
	const char	*op, *end;
	char		*endpoint;
	size_t		 i;

	fetch_set_input(a->f, a->outputs.v[0]);
	for (i = 0; i < a->errors.n; i++) {
		op = strstr(a->errors.v[i], "when calling the ");
		end = op != NULL ? strstr(op + 17, " operation") : NULL;
		endpoint = op != NULL && end != NULL ? xasprintf("iam:%.*s",
		    (int)(end - op - 17), op + 17) : xstrdup("aws");
		fetch_missing(a->f, endpoint, NULL, 0, "%s", a->errors.v[i]);
		free(endpoint);
	}
	if (a->ndocs == 0)
		fetch_missing(a->f, "iam:GetAccountAuthorizationDetails", NULL,
		    0, "no output of aws iam get-account-authorization-details "
		    "is in the folder; users, groups, roles and policies are "
		    "missing");
	if (a->reports.n == 0)
		fetch_missing(a->f, "iam:GetCredentialReport", NULL, 0, "no "
		    "credential report is in the folder; passwords, access "
		    "keys and their last use are missing");
}

static enum fetch_status
aws_run(struct fetch *f, char **errp)
{
	struct aws_fetch	 a;
	struct folder_list	 files;
	enum fetch_status	 st = FETCH_DONE;
	size_t			 i;

	memset(&a, 0, sizeof(a));
	a.f = f;
	if (folder_list(f->opts->dir, &files, errp) == -1)
		return FETCH_BAD_INPUT;
	for (i = 0; i < files.n && st == FETCH_DONE; i++) {
		if (aws_file(&a, &files.v[i], errp) == -1)
			st = FETCH_BAD_INPUT;
	}
	folder_list_free(&files);
	if (st == FETCH_DONE && a.ndocs == 0 && a.reports.n == 0) {
		*errp = xasprintf("%s holds no output of aws iam "
		    "get-account-authorization-details or get-credential-report"
		    "%s%s", f->opts->dir, a.errors.n > 0 ? "; the CLI said: " :
		    "", a.errors.n > 0 ? a.errors.v[0] : "");
		st = FETCH_BAD_INPUT;
	}
	if (st == FETCH_DONE && (aws_authz(&a, errp) == -1 ||
	    aws_reports(&a, errp) == -1))
		st = FETCH_WRITE;
	if (st == FETCH_DONE) {
		aws_record_missing(&a);
		for (i = 0; i < a.outputs.n; i++)
			fetch_add_input(f, a.outputs.v[i]);
	}
	for (i = 0; i < a.ndocs; i++) {
		input_close(a.docs[i].in);
		free(a.docs[i].rel);
		free(a.docs[i].account);
	}
	free(a.docs);
	fetch_names_free(&a.reports);
	fetch_names_free(&a.errors);
	fetch_names_free(&a.accounts);
	fetch_names_free(&a.outputs);
	return st;
}

static int
aws_check(const struct fetch_options *o, char **errp)
{
	if (o->dir == NULL || *o->dir == '\0') {
		*errp = xstrdup("fetch aws-files needs DIR, the folder of AWS "
		    "CLI outputs");
		return -1;
	}
	return 0;
}

const struct fetch_source fetch_source_aws_files = {
	.name = "aws-files",
	.usage = "DIR",
	.summary = "a folder of AWS CLI outputs: authorization details "
	    "(merged per account) and credential reports",
	.token = FETCH_TOKEN_NONE,
	.check = aws_check,
	.run = aws_run,
};
