/*
 * Keeping secrets out of the case: what every importer calls on a record
 * before it reads it, so that no secret value is stored, logged or shown
 * (graph/secret.h says which values are secrets).
 *
 * A secret is replaced by the marker "[secret:KIND:FINGERPRINT]", where
 * the fingerprint is import_fingerprint() of the secret: HMAC-SHA-256 of
 * its bytes under the case's key, of the decoded bytes when it came as
 * base64. The same secret therefore gets the same marker in every source
 * of one case. Each replacement is a warning (import_warn()) naming the
 * record and the field, never the value, so the import is marked partial.
 */
#ifndef REDACT_H
#define REDACT_H

#include <stddef.h>

#include <cjson/cJSON.h>

struct import;

/* Flags. */
#define REDACT_CREDENTIAL	0x1	/* the record describes a credential:
					   its "value", "data" and
					   "secretText" fields hold the
					   secret itself */
#define REDACT_QUIET		0x2	/* replace without warnings, in a
					   pass whose records are read and
					   redacted again, with warnings,
					   in a later pass */

/*
 * Replace the secrets in a record's tree, in place: the whole value of
 * every member whose name says it is a secret (and, with
 * REDACT_CREDENTIAL, of members named "value", "data" or "secretText"),
 * the value of every name-value pair whose name says so (an AWS tag
 * {"Key": "db_password", "Value": ...}, a container's environment
 * variable {"name": "API_TOKEN", "value": ...}), and every secret shape
 * found in other strings and in member names. path locates the record
 * in the input for warnings. Returns 0, or -1 with *errp set when the
 * store failed or --strict rejects the warning.
 */
int	 redact_record(struct import *, const char *path, cJSON *record,
	    int flags, char **errp);

/*
 * As redact_record(), but the top-level members named in skip (a
 * NULL-terminated list) are left as they are, for the importer to read,
 * fingerprint and never store: a Kubernetes Secret's data, a GitHub
 * variable's value.
 */
int	 redact_record_except(struct import *, const char *path,
	    cJSON *record, int flags, const char *const *skip, char **errp);

/* A member name or string value of a record that is read as text. */
struct redact_string {
	const char	*text;
	size_t		 len;
	const char	*name;		/* a value's member name, or NULL */
	int		 is_key;	/* text is a member name */
};

/*
 * Return 1 when redact_record() with flags would neither change nor warn
 * about a record whose member names and string values are strings[0..n),
 * and 0 when it might. Only for a record without numbers and without
 * name-value pairs (no object with a member named Key, key, Name or
 * name), whose strings have no NUL bytes. An importer that reads such a
 * record from its text, without a tree, checks it here and otherwise
 * reads the tree.
 */
int	 redact_would_keep(const struct redact_string *strings, size_t n,
	    int flags);

/*
 * Replace the secret shapes in one string that is not in a tree, such as
 * a CSV cell; field names it in warnings. Sets *out to the new text
 * (allocated) when something was replaced, else to NULL. Returns 0 or -1
 * as redact_record().
 */
int	 redact_text(struct import *, const char *path, const char *field,
	    const char *text, size_t len, char **out, char **errp);

/*
 * Make the marker for a whole value that a name or the format says is a
 * secret, fingerprinting the value (or the secret shape or base64 it
 * consists of). Sets *out (allocated). Returns 0, or -1 when the store
 * failed.
 */
int	 redact_value(struct import *, const char *text, size_t len,
	    char **out);

/*
 * When text is exactly one marker with a fingerprint, copy the
 * fingerprint's hexadecimal digits into hex (65 bytes) and return 1;
 * else return 0.
 */
int	 redact_marker_fingerprint(const char *text, char *hex);

#endif
