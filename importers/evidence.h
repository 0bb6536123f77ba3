/*
 * What the importers of usage evidence share: writing each log record as
 * an event and summing the records of one file into observed edges.
 *
 * Every record with a credential adds to the used edge from the
 * credential to the identity; every assumed or called record adds to the
 * edge of its kind from the identity to the target. Each edge carries
 * first_seen, last_seen, count and errors (records with an error code)
 * as attributes. An evidence import emits nodes only for what no
 * inventory describes, such as an access key known by its id alone, so
 * the inventory's nodes keep their kind and name.
 */
#ifndef EVIDENCE_H
#define EVIDENCE_H

#include <stddef.h>

#include "record.h"

struct evidence;
struct import;

/*
 * Start summing the records of one import. raw prefixes the source kind
 * of the edges ("cloudtrail" gives "cloudtrail:assumed").
 */
struct evidence	*evidence_create(struct import *, const char *raw);
void		 evidence_free(struct evidence *);

/*
 * Write one record and add it to its edges. The strings of ev that came
 * from the log and are kept (action, resource, user agent, error code)
 * pass through redact_text() first. Returns 0, or -1 with *errp set
 * when the store failed or --strict rejected a redaction.
 */
int		 evidence_add(struct evidence *, const struct record_event *ev,
		    char **errp);

/* Emit the summed edges. Returns 0 or -1 when the store failed. */
int		 evidence_finish(struct evidence *, char **errp);

/* The number of records written so far. */
size_t		 evidence_count(const struct evidence *);

/*
 * Find the node that another import of the case gives the attribute
 * name with value (a credential's key_id), once per value. Returns 1
 * and sets *key (owned by ev), 0 when no node has it, -1 when the store
 * failed (the importer then returns -1 at once).
 */
int		 evidence_find_attr(struct evidence *, const char *name,
		    const char *value, const char **key);

/*
 * The key of an IAM user's long-term access key known by its id: the
 * node whose key_id attribute is akid, or else
 * aws:<user ARN>#access_key/<akid>, which this import then describes as
 * a credential node. Sets *key (allocated). Returns 0, or -1 when the
 * store failed.
 */
int		 evidence_aws_access_key(struct evidence *,
		    const char *user_arn, const char *akid, char **key);

/*
 * 1 when the case (another import, or this one) has a node with key, 0
 * when not, -1 when the store failed.
 */
int		 evidence_has_node(struct evidence *, const char *key);

#endif
