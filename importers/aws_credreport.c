/*
 * The IAM credential report: the CSV that "aws iam
 * generate-credential-report" prepares, as downloaded, or the JSON
 * response of "aws iam get-credential-report", whose Content member
 * contains the CSV (base64-encoded as the API returns it, or as plain text).
 *
 * One row per user, the account's root user first as "<root_account>".
 * Each row becomes the user node aws:<ARN> (the root user is the account
 * node aws:arn:aws:iam::<id>:root) and one credential node per console
 * password, access key and signing certificate that exists, keyed
 * aws:<user ARN>#password, #access_key_1, #access_key_2,
 * #signing_cert_1 and #signing_cert_2, with an authenticates_as edge to
 * the user. Dates read "N/A" (never), "no_information" (unknown) and
 * "not_supported" (n/a) besides ISO 8601 times.
 *
 * The source is "aws:<account id>:credential-report", so that the
 * authorization details of the same account (source "aws:<account id>")
 * stay in the current view beside it and both describe the same users.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws_arn.h"
#include "aws_identity.h"
#include "csv.h"
#include "import.h"
#include "importer.h"
#include "input.h"
#include "json.h"
#include "jsonw.h"
#include "redact.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

/* The columns the importer reads; a report may lack any but two. */
enum aws_credreport_col {
	CR_USER, CR_ARN, CR_CREATED, CR_PW_ENABLED, CR_PW_USED,
	CR_PW_CHANGED, CR_PW_NEXT, CR_MFA,
	CR_AK1_ACTIVE, CR_AK1_ROTATED, CR_AK1_USED, CR_AK1_REGION,
	CR_AK1_SERVICE,
	CR_AK2_ACTIVE, CR_AK2_ROTATED, CR_AK2_USED, CR_AK2_REGION,
	CR_AK2_SERVICE,
	CR_C1_ACTIVE, CR_C1_ROTATED, CR_C2_ACTIVE, CR_C2_ROTATED,
	CR_NCOLS
};

static const char *const aws_credreport_names[CR_NCOLS] = {
	"user", "arn", "user_creation_time", "password_enabled",
	"password_last_used", "password_last_changed",
	"password_next_rotation", "mfa_active",
	"access_key_1_active", "access_key_1_last_rotated",
	"access_key_1_last_used_date", "access_key_1_last_used_region",
	"access_key_1_last_used_service",
	"access_key_2_active", "access_key_2_last_rotated",
	"access_key_2_last_used_date", "access_key_2_last_used_region",
	"access_key_2_last_used_service",
	"cert_1_active", "cert_1_last_rotated", "cert_2_active",
	"cert_2_last_rotated",
};

struct aws_credreport {
	struct import		*imp;
	const struct input	*in;
	int			 col[CR_NCOLS];	/* index in the row, or -1 */
	size_t			 ncols;		/* fields in the header */
	const struct csv_record	*row;
	char			**clean;	/* row fields with secrets
						   replaced, or NULL */
	size_t			 nclean;
	char			 path[48];	/* "line N" of the row */
	char			*generated;	/* GeneratedTime, or NULL */
	int			 have_source;
};

/* A credential of one row. */
struct aws_credreport_cred {
	const char	*suffix;	/* "access_key_1" */
	const char	*label;		/* "access key 1" */
	const char	*kinds;
	const char	*type;
	const char	*raw;
	int		 active, rotated, used, region, service;
};

static int
aws_credreport_sniff(const struct input *in)
{
	size_t	 off = input_bom(in);

	if (in->len - off >= 9 && strncasecmp(in->data + off, "user,arn,",
	    9) == 0)
		return 95;
	if (!input_starts_with(in, '{') ||
	    !input_contains(in, "\"Content\"", 1 << 20))
		return 0;
	if (input_contains(in, "\"ReportFormat\"", SIZE_MAX) ||
	    input_contains(in, "\"GeneratedTime\"", SIZE_MAX))
		return 90;
	return 30;
}

/* The value of column c in the current row, or NULL when absent. */
static const char *
aws_credreport_get(const struct aws_credreport *cr, enum aws_credreport_col c)
{
	size_t	 i;

	if (cr->col[c] < 0)
		return NULL;
	i = (size_t)cr->col[c];
	if (i < cr->nclean && cr->clean[i] != NULL)
		return cr->clean[i];
	return cr->row->fields[i];
}

/* Forget the fields redact_row() replaced. */
static void
aws_credreport_clean_free(struct aws_credreport *cr)
{
	size_t	 i;

	for (i = 0; i < cr->nclean; i++)
		free(cr->clean[i]);
	free(cr->clean);
	cr->clean = NULL;
	cr->nclean = 0;
}

/*
 * Replace the secrets in the fields of the current row, each named by
 * its column, before the row is read. Returns 0 or -1 as redact_text().
 */
static int
aws_credreport_redact_row(struct aws_credreport *cr, char **errp)
{
	const struct csv_record	*row = cr->row;
	size_t			 i, c;
	const char		*name;

	aws_credreport_clean_free(cr);
	cr->clean = xcalloc(row->nfields + 1, sizeof(*cr->clean));
	cr->nclean = row->nfields;
	for (i = 0; i < row->nfields; i++) {
		name = "(unnamed column)";
		for (c = 0; c < CR_NCOLS; c++) {
			if (cr->col[c] == (int)i)
				name = aws_credreport_names[c];
		}
		if (redact_text(cr->imp, cr->path, name, row->fields[i],
		    strlen(row->fields[i]), &cr->clean[i], errp) == -1)
			return -1;
	}
	return 0;
}

/* "true" 1, "false" 0, anything else ("N/A", "not_supported") -1. */
static int
aws_credreport_bool(const struct aws_credreport *cr,
    enum aws_credreport_col c)
{
	const char	*v = aws_credreport_get(cr, c);

	if (v != NULL && strcasecmp(v, "true") == 0)
		return 1;
	if (v != NULL && strcasecmp(v, "false") == 0)
		return 0;
	return -1;
}

/*
 * Read a date column into *out: a time, N/A (never), no_information
 * (unknown) or not_supported (n/a). Returns 1 for a real time, 0 for a
 * state or an absent column, and -1 when a warning failed.
 */
static int
aws_credreport_time(struct aws_credreport *cr, enum aws_credreport_col c,
    int64_t *out, char **errp)
{
	const char	*v = aws_credreport_get(cr, c);

	*out = TSTAMP_UNKNOWN;
	if (v == NULL || *v == '\0' || strcasecmp(v, "no_information") == 0)
		return 0;
	if (strcasecmp(v, "N/A") == 0) {
		*out = TSTAMP_NEVER;
		return 0;
	}
	if (strcasecmp(v, "not_supported") == 0) {
		*out = TSTAMP_NA;
		return 0;
	}
	if (tstamp_parse(v, out) == 0)
		return 1;
	*out = TSTAMP_UNKNOWN;
	return import_warn(cr->imp, cr->path, errp, "%s: \"%s\" is not a "
	    "time; left unknown", aws_credreport_names[c], v) == -1 ? -1 : 0;
}

/* A text column, NULL when absent or "N/A". */
static const char *
aws_credreport_text(const struct aws_credreport *cr,
    enum aws_credreport_col c)
{
	const char	*v = aws_credreport_get(cr, c);

	if (v == NULL || *v == '\0' || strcasecmp(v, "N/A") == 0)
		return NULL;
	return v;
}

static int
aws_credreport_edge(struct aws_credreport *cr, const char *src,
    const char *dst, enum kind_edge kind, const char *raw)
{
	struct record_edge	 e;

	record_edge_init(&e);
	e.src = src;
	e.dst = dst;
	e.kind = kind;
	e.raw = raw;
	return import_edge(cr->imp, &e);
}

/* Emit one access key or signing certificate when it exists. */
static int
aws_credreport_key(struct aws_credreport *cr, const char *user_key,
    const char *user_name, const struct aws_credreport_cred *c, char **errp)
{
	struct record_node	 n;
	struct strbuf		 attrs;
	struct jsonw		 w;
	char			*key, *name;
	const char		*v;
	int			 active, dated, rc = -1;

	record_node_init(&n);
	active = aws_credreport_bool(cr, c->active);
	if ((dated = aws_credreport_time(cr, c->rotated,
	    &n.life.last_rotated_at, errp)) == -1)
		return -1;
	/* A slot with no date and not active has no credential. */
	if (active != 1 && !dated)
		return 0;
	if (c->used >= 0 && aws_credreport_time(cr, c->used,
	    &n.life.last_used_at, errp) == -1)
		return -1;
	n.life.disabled = active == -1 ? -1 : !active;

	strbuf_init(&attrs);
	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "active");
	jsonw_bool(&w, active == 1);
	if (c->region >= 0 && (v = aws_credreport_text(cr, c->region))) {
		jsonw_key(&w, "last_used_region");
		jsonw_str(&w, v);
	}
	if (c->service >= 0 && (v = aws_credreport_text(cr, c->service))) {
		jsonw_key(&w, "last_used_service");
		jsonw_str(&w, v);
	}
	jsonw_object_end(&w);
	key = xasprintf("%s#%s", user_key, c->suffix);
	name = xasprintf("%s: %s", user_name, c->label);
	n.key = key;
	n.kind = KIND_NODE_CREDENTIAL;
	n.kinds = c->kinds;
	n.credential_type = c->type;
	n.name = name;
	n.attrs = attrs.buf;
	if (import_node(cr->imp, &n) != -1 &&
	    aws_credreport_edge(cr, key, user_key,
	    KIND_EDGE_AUTHENTICATES_AS, c->raw) == 0)
		rc = 0;
	free(key);
	free(name);
	strbuf_free(&attrs);
	return rc;
}

/* Emit the console password of a row when there is one. */
static int
aws_credreport_password(struct aws_credreport *cr, const char *user_key,
    const char *user_name, int root, char **errp)
{
	struct record_node	 n;
	char			*key, *name, attrs[32];
	int			 enabled, mfa, rc = -1;

	enabled = aws_credreport_bool(cr, CR_PW_ENABLED);
	/* The root user always has a password: "not_supported" here. */
	if (enabled == 0 || (enabled == -1 && !root))
		return 0;
	record_node_init(&n);
	if (aws_credreport_time(cr, CR_PW_USED, &n.life.last_used_at,
	    errp) == -1 ||
	    aws_credreport_time(cr, CR_PW_CHANGED, &n.life.last_rotated_at,
	    errp) == -1 ||
	    aws_credreport_time(cr, CR_PW_NEXT, &n.life.expires_at,
	    errp) == -1)
		return -1;
	n.life.disabled = 0;
	mfa = aws_credreport_bool(cr, CR_MFA);
	snprintf(attrs, sizeof(attrs), "{\"mfa_active\":%s}", mfa == 1 ?
	    "true" : mfa == 0 ? "false" : "null");
	key = xasprintf("%s#password", user_key);
	name = xasprintf("%s: console password", user_name);
	n.key = key;
	n.kind = KIND_NODE_CREDENTIAL;
	n.kinds = "AWSConsolePassword";
	n.credential_type = "password";
	n.name = name;
	n.attrs = attrs;
	if (import_node(cr->imp, &n) != -1 &&
	    aws_credreport_edge(cr, key, user_key,
	    KIND_EDGE_AUTHENTICATES_AS, "ConsolePassword") == 0)
		rc = 0;
	free(key);
	free(name);
	return rc;
}

/* Emit the credentials of a row: password, two keys, two certificates. */
static int
aws_credreport_credentials(struct aws_credreport *cr, const char *user_key,
    const char *user_name, int root, char **errp)
{
	static const struct aws_credreport_cred creds[] = {
		{ "access_key_1", "access key 1", "AWSAccessKey", "access_key",
		    "AccessKey", CR_AK1_ACTIVE, CR_AK1_ROTATED, CR_AK1_USED,
		    CR_AK1_REGION, CR_AK1_SERVICE },
		{ "access_key_2", "access key 2", "AWSAccessKey", "access_key",
		    "AccessKey", CR_AK2_ACTIVE, CR_AK2_ROTATED, CR_AK2_USED,
		    CR_AK2_REGION, CR_AK2_SERVICE },
		{ "signing_cert_1", "signing certificate 1",
		    "AWSSigningCertificate", "certificate",
		    "SigningCertificate", CR_C1_ACTIVE, CR_C1_ROTATED, -1, -1,
		    -1 },
		{ "signing_cert_2", "signing certificate 2",
		    "AWSSigningCertificate", "certificate",
		    "SigningCertificate", CR_C2_ACTIVE, CR_C2_ROTATED, -1, -1,
		    -1 },
	};
	size_t	 i;

	if (aws_credreport_password(cr, user_key, user_name, root, errp) == -1)
		return -1;
	for (i = 0; i < sizeof(creds) / sizeof(creds[0]); i++) {
		if (aws_credreport_key(cr, user_key, user_name, &creds[i],
		    errp) == -1)
			return -1;
	}
	return 0;
}

/* Write the user or account attributes of a row. */
static void
aws_credreport_user_attrs(struct aws_credreport *cr, struct jsonw *w,
    enum aws_identity_class c, const char *reason, int keep)
{
	int	 b;

	jsonw_key(w, "arn");
	jsonw_str(w, aws_credreport_get(cr, CR_ARN));
	if ((b = aws_credreport_bool(cr, CR_PW_ENABLED)) != -1) {
		jsonw_key(w, "password_enabled");
		jsonw_bool(w, b);
	}
	if ((b = aws_credreport_bool(cr, CR_MFA)) != -1) {
		jsonw_key(w, "mfa_active");
		jsonw_bool(w, b);
	}
	if (cr->generated != NULL) {
		jsonw_key(w, "credential_report_generated");
		jsonw_str(w, cr->generated);
	}
	if (keep && reason != NULL) {
		jsonw_key(w, "identity_class");
		jsonw_str(w, aws_identity_class_name(c));
		jsonw_key(w, "identity_class_reason");
		jsonw_str(w, reason);
	}
}

/* The number of active access keys of a row. */
static int
aws_credreport_active_keys(const struct aws_credreport *cr)
{
	return (aws_credreport_bool(cr, CR_AK1_ACTIVE) == 1) +
	    (aws_credreport_bool(cr, CR_AK2_ACTIVE) == 1);
}

/* Emit the user (or, for the root user, the account) node of a row. */
static int
aws_credreport_user(struct aws_credreport *cr, const char *key,
    const char *name, int root, char **errp)
{
	struct aws_identity_evidence	 ev;
	struct record_node		 n;
	struct strbuf			 attrs;
	struct jsonw			 w;
	enum aws_identity_class		 c = AWS_IDENTITY_UNKNOWN;
	char				*reason = NULL;
	int				 keep = 1, rc = -1;

	record_node_init(&n);
	strbuf_init(&attrs);
	if (aws_credreport_time(cr, CR_CREATED, &n.life.created_at,
	    errp) == -1)
		goto out;
	if (root) {
		n.kind = KIND_NODE_SYSTEM;
		n.kinds = "AWSAccount";
	} else {
		aws_identity_evidence_init(&ev);
		ev.password = aws_credreport_bool(cr, CR_PW_ENABLED);
		ev.mfa = aws_credreport_bool(cr, CR_MFA);
		ev.active_keys = aws_credreport_active_keys(cr);
		c = aws_identity_classify(&ev, &reason);
		if (aws_identity_kind(cr->imp, key, c, &n.kind, &keep) == -1)
			goto out;
		n.kinds = "AWSUser";
	}
	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	aws_credreport_user_attrs(cr, &w, c, reason, keep);
	jsonw_object_end(&w);
	n.key = key;
	n.name = name;
	n.attrs = attrs.buf;
	if ((rc = import_node(cr->imp, &n)) == 0)
		rc = import_warn(cr->imp, cr->path, errp, "user %s is listed "
		    "twice; the first row is kept", key + 4);
	else if (rc == 1)
		rc = 0;
out:
	free(reason);
	strbuf_free(&attrs);
	return rc;
}

/* Link a user to its account, emitting the account node once. */
static int
aws_credreport_in_account(struct aws_credreport *cr, const char *user_key,
    const char *acct_key, const char *account)
{
	struct record_node	 n;
	char			*name;
	int			 rc = 0;

	if (!import_has_node(cr->imp, acct_key)) {
		name = xasprintf("AWS account %.12s", account);
		record_node_init(&n);
		n.key = acct_key;
		n.kind = KIND_NODE_SYSTEM;
		n.kinds = "AWSAccount";
		n.name = name;
		rc = import_node(cr->imp, &n) == -1 ? -1 : 0;
		free(name);
	}
	if (rc == 0)
		rc = aws_credreport_edge(cr, user_key, acct_key,
		    KIND_EDGE_RELATED, "InAccount");
	return rc;
}

/*
 * Warn about each true-or-false column of the current row that holds
 * something else; it is read as unknown. N/A and not_supported are the
 * report's own words for a column that does not apply.
 */
static int
aws_credreport_check_bools(struct aws_credreport *cr, char **errp)
{
	static const enum aws_credreport_col cols[] = {
		CR_PW_ENABLED, CR_MFA, CR_AK1_ACTIVE, CR_AK2_ACTIVE,
		CR_C1_ACTIVE, CR_C2_ACTIVE
	};
	const char	*v;
	size_t		 i;

	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		v = aws_credreport_get(cr, cols[i]);
		if (v == NULL || *v == '\0' || aws_credreport_bool(cr,
		    cols[i]) != -1 || strcasecmp(v, "N/A") == 0 ||
		    strcasecmp(v, "not_supported") == 0)
			continue;
		if (import_warn(cr->imp, cr->path, errp, "%s: \"%s\" is not "
		    "true or false; left unknown",
		    aws_credreport_names[cols[i]], v) == -1)
			return -1;
	}
	return 0;
}

/* Import one row of the report. */
static int
aws_credreport_row(struct aws_credreport *cr, char **errp)
{
	struct aws_arn	 arn;
	const char	*user = aws_credreport_get(cr, CR_USER);
	const char	*a = aws_credreport_get(cr, CR_ARN);
	char		*key = NULL, *acct = NULL, *name = NULL, *source;
	int		 root, rc = -1;

	if (a == NULL || aws_arn_parse(a, &arn) == -1 ||
	    !aws_arn_is_account_id(arn.account, arn.account_len))
		return import_warn(cr->imp, cr->path, errp, "arn \"%s\" is not "
		    "the ARN of a user in an account; row skipped",
		    a != NULL ? a : "");
	if (aws_credreport_check_bools(cr, errp) == -1)
		return -1;
	root = strcmp(arn.resource, "root") == 0;
	if (!cr->have_source) {
		source = xasprintf("aws:%.12s:credential-report", arn.account);
		import_set_source(cr->imp, source);
		free(source);
		cr->have_source = 1;
	}
	acct = aws_arn_account_key(arn.partition, arn.partition_len,
	    arn.account, arn.account_len);
	if (root) {
		key = xstrdup(acct);
		name = xasprintf("AWS account %.12s", arn.account);
	} else {
		key = xasprintf("aws:%s", a);
		name = xstrdup(user != NULL && *user != '\0' ? user :
		    arn.resource);
	}
	if (aws_credreport_user(cr, key, name, root, errp) == -1 ||
	    aws_credreport_credentials(cr, key, root ? "root user" : name,
	    root, errp) == -1)
		goto out;
	if (!root && aws_credreport_in_account(cr, key, acct,
	    arn.account) == -1)
		goto out;
	rc = 0;
out:
	free(key);
	free(acct);
	free(name);
	return rc;
}

/* Map the header's column names; reject a header without user and arn. */
static int
aws_credreport_header(struct aws_credreport *cr, const struct csv_record *h,
    char **errp)
{
	size_t	 i, c;

	for (c = 0; c < CR_NCOLS; c++)
		cr->col[c] = -1;
	for (i = 0; i < h->nfields; i++) {
		for (c = 0; c < CR_NCOLS; c++) {
			if (strcasecmp(h->fields[i], aws_credreport_names[c]) ==
			    0 && cr->col[c] == -1)
				cr->col[c] = (int)i;
		}
	}
	cr->ncols = h->nfields;
	if (h->problem != NULL || cr->col[CR_USER] < 0 ||
	    cr->col[CR_ARN] < 0) {
		*errp = xasprintf("%s: line %zu: the header has no \"user\" "
		    "and \"arn\" columns%s%s; this is not an IAM credential "
		    "report", cr->in->path, h->line, h->problem != NULL ?
		    ": " : "", h->problem != NULL ? h->problem : "");
		return -1;
	}
	return 0;
}

/* Read the CSV text of a report. */
static int
aws_credreport_csv(struct aws_credreport *cr, const char *text, size_t len,
    char **errp)
{
	struct csv		 csv;
	struct csv_record	 rec;
	const char		*problem;
	size_t			 plen;
	int			 rc = -1;

	csv_init(&csv, text, len);
	if (csv_next(&csv, &rec) != 1) {
		*errp = xasprintf("%s: the report is empty; expected a header "
		    "line starting \"user,arn\"", cr->in->path);
		goto out;
	}
	if (aws_credreport_header(cr, &rec, errp) == -1)
		goto out;
	while (csv_next(&csv, &rec) == 1) {
		cr->row = &rec;
		snprintf(cr->path, sizeof(cr->path), "line %zu", rec.line);
		if (rec.problem != NULL) {
			/* Drop "line N, " when the problem is on that line. */
			plen = strlen(cr->path);
			problem = rec.problem;
			if (strncmp(problem, cr->path, plen) == 0 &&
			    strncmp(problem + plen, ", ", 2) == 0)
				problem += plen + 2;
			if (import_warn(cr->imp, cr->path, errp, "%s; row "
			    "skipped", problem) == -1)
				goto out;
		} else if (rec.nfields != cr->ncols) {
			if (import_warn(cr->imp, cr->path, errp, "%zu fields "
			    "where the header has %zu; row skipped",
			    rec.nfields, cr->ncols) == -1)
				goto out;
		} else if (aws_credreport_redact_row(cr, errp) == -1 ||
		    aws_credreport_row(cr, errp) == -1)
			goto out;
	}
	if (!cr->have_source)
		import_set_source(cr->imp, "aws:unknown:credential-report");
	rc = 0;
out:
	aws_credreport_clean_free(cr);
	csv_free(&csv);
	return rc;
}

/* Decode base64 (whitespace ignored); NULL when s is not base64. */
static char *
aws_credreport_base64(const char *s, size_t *len)
{
	static const char	 digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	struct strbuf		 out;
	const char		*d;
	unsigned		 acc = 0;
	int			 bits = 0, pad = 0;

	strbuf_init(&out);
	for (; *s != '\0'; s++) {
		if (isspace((unsigned char)*s))
			continue;
		if (*s == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || (d = strchr(digits, *s)) == NULL) {
			strbuf_free(&out);
			return NULL;
		}
		acc = (acc << 6) | (unsigned)(d - digits);
		if ((bits += 6) >= 8) {
			bits -= 8;
			strbuf_addch(&out, (int)((acc >> bits) & 0xff));
		}
	}
	*len = out.len;
	return strbuf_detach(&out);
}

/* Read the JSON response and the report in its Content member. */
static int
aws_credreport_json(struct aws_credreport *cr, char **errp)
{
	struct json_limits	 lim = { 0, INPUT_MAX_SIZE, INPUT_MAX_SIZE };
	const char		*content, *fmt, *gen;
	char			*csv = NULL;
	size_t			 len;
	cJSON			*doc;
	int			 rc = -1;

	if ((doc = json_parse(cr->in->data, cr->in->len, cr->in->path, &lim,
	    errp)) == NULL)
		return -1;
	content = json_str(doc, "Content");
	fmt = json_str(doc, "ReportFormat");
	if (content == NULL || (fmt != NULL && strcmp(fmt, "text/csv"))) {
		*errp = xasprintf("%s: no Content string in text/csv format; "
		    "this is not an aws iam get-credential-report response",
		    cr->in->path);
		goto out;
	}
	if ((gen = json_str(doc, "GeneratedTime")) != NULL) {
		if (redact_text(cr->imp, "GeneratedTime", "GeneratedTime", gen,
		    strlen(gen), &cr->generated, errp) == -1)
			goto out;
		if (cr->generated == NULL)
			cr->generated = xstrdup(gen);
	}
	if (strncasecmp(content, "user,", 5) == 0)
		rc = aws_credreport_csv(cr, content, strlen(content), errp);
	else if ((csv = aws_credreport_base64(content, &len)) == NULL ||
	    len < 5 || strncasecmp(csv, "user,", 5) != 0) {
		*errp = xasprintf("%s: Content is neither the report's CSV nor "
		    "base64 of it", cr->in->path);
	} else
		rc = aws_credreport_csv(cr, csv, len, errp);
out:
	free(csv);
	cJSON_Delete(doc);
	return rc;
}

static int
aws_credreport_run(struct import *imp, const struct input *in, char **errp)
{
	struct aws_credreport	 cr;
	int			 rc;

	memset(&cr, 0, sizeof(cr));
	cr.imp = imp;
	cr.in = in;
	if (input_starts_with(in, '{'))
		rc = aws_credreport_json(&cr, errp);
	else
		rc = aws_credreport_csv(&cr, in->data, in->len, errp);
	free(cr.generated);
	return rc;
}

const struct importer importer_aws_credreport = {
	.name = "aws-credential-report",
	.summary = "AWS IAM credential report: CSV, or the "
	    "get-credential-report JSON",
	.sniff = aws_credreport_sniff,
	.run = aws_credreport_run,
};
