/*
 * The rule that classifies nodes from their attributes, in one place.
 *
 * Importers tag privileges (and sometimes the roles or policies that
 * hold them) with an attribute "privilege_class" (or "class"), a string
 * or an array of strings. These values set model flags when the model
 * loads, ignoring ASCII case and treating '_' as '-':
 *
 *   admin, admin-equivalent, administrator    MODEL_NODE_ADMIN
 *   privilege-escalation, escalation          MODEL_NODE_ESCALATION
 *
 * Blast radius counts reached nodes with MODEL_NODE_ADMIN as
 * admin-equivalent, whatever their kind.
 *
 * An attribute "escalation" holding a reason or an array of reasons (as
 * the Kubernetes importer writes for rights such as "bind"), or true,
 * also sets MODEL_NODE_ESCALATION.
 *
 * An attribute "crown_jewel" or "tier_zero" that is true (JSON true, 1,
 * or the text "true" or "yes") sets MODEL_NODE_TIER_ZERO, and a new
 * scenario starts with those nodes marked tier zero.
 */
#ifndef NODECLASS_H
#define NODECLASS_H

#include <stddef.h>

/* The attribute names the rule reads, and their number. */
extern const char *const nodeclass_attrs[];
extern const size_t nodeclass_nattrs;

/* The MODEL_NODE_* flags one attribute value sets (0 for none). */
unsigned	 nodeclass_flags(const char *name, const char *value);

#endif
