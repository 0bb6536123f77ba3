/*
 * YAML reader: the importers' adapter around libyaml. It turns each YAML
 * document of a stream into the same cJSON records that json.h hands to
 * importers, so that an importer reads JSON and YAML with one code path.
 *
 * The header is not named yaml.h because the importers folder is on the
 * include path and would hide libyaml's own <yaml.h>.
 *
 * Scalars are typed the way YAML 1.1 loaders type them, but only where
 * the text cannot mean anything else: only plain (unquoted, untagged)
 * scalars become null ("", "~", "null"), booleans ("true", "false" in
 * three spellings) or integers (decimal, 0x hex, 0o or 0-prefixed octal,
 * at most 15 digits so that a double represents them exactly). Everything else
 * stays a string, including "yes", "no", "on", "off", floats such as a
 * version "1.10", and longer digit strings. Tags !!str, !!int, !!bool and
 * !!null are honoured; other tags are ignored.
 *
 * Anchors and aliases are expanded, and "<<" merge keys are applied,
 * within one document. Every node copied for an anchor, an alias or a
 * merge counts against max_alias_nodes, so a document built to expand
 * exponentially ("billion laughs") is rejected after a bounded amount of
 * work. Two grades of error, as in json.h:
 *   - a stream that cannot be read as YAML (syntax error, invalid UTF-8,
 *     nesting, record size or alias expansion over a limit) rejects the
 *     whole call with "NAME: line L, column C: WHAT";
 *   - a record that is valid YAML but breaks a rule (duplicate key, a
 *     mapping or sequence used as a key, an alias to an unknown anchor,
 *     a NUL character, a string over max_string) reaches the callback
 *     with a NULL value and a problem "line L, column C: WHAT".
 */
#ifndef YAML_READER_H
#define YAML_READER_H

#include <stddef.h>

#include <cjson/cJSON.h>

#define YAML_READER_MAX_DEPTH		128
#define YAML_READER_MAX_STRING		(4u << 20)
#define YAML_READER_MAX_RECORD		(64u << 20)
#define YAML_READER_MAX_ALIAS_NODES	100000

/* Returned by yaml_reader_stream() for an unrendered template. */
#define YAML_READER_TEMPLATE	(-2)

/* Limits; a field left 0 takes the default above. */
struct yaml_reader_limits {
	size_t	 max_depth;	/* nesting of mappings and sequences */
	size_t	 max_string;	/* bytes of one scalar */
	size_t	 max_record;	/* characters of one record's source */
	size_t	 max_alias_nodes; /* nodes copied per document */
};

struct yaml_reader_options {
	/*
	 * When a document is a mapping whose member split_key is a sequence
	 * (the "items" of a Kubernetes List), each element of that sequence
	 * is a record of its own and the rest of the document is dropped.
	 * Other documents are one record each. NULL: every document is one
	 * record.
	 */
	const char			*split_key;
	/*
	 * Reject the stream with YAML_READER_TEMPLATE when it has "{{"
	 * where YAML sees structure: in a plain scalar, as a flow mapping
	 * used as a key, or on the line of a syntax error. Quoted strings
	 * and block scalars may contain "{{" freely.
	 */
	int				 reject_templates;
	struct yaml_reader_limits	 limits;
};

/*
 * Called for each record. path names it: "document 2" for a whole
 * document, "document 1: items[7]" for an element of a split sequence,
 * each followed by " (line L)". value is owned by the reader and freed
 * after the call; it is NULL when the record broke a rule, and problem
 * then names the rule. Documents that are empty or null are not reported.
 * Return 0 to go on, -1 to stop (yaml_reader_stream() then returns -1
 * with the callback's *errp, or a message naming the record).
 */
typedef int (*yaml_reader_fn)(void *ctx, const char *path, cJSON *value,
    const char *problem, char **errp);

/*
 * Read the YAML stream buf[0..len) (not NUL-terminated; a UTF-8 byte
 * order mark is skipped) and call fn for each record in order. name is
 * the file name used in messages; opts may be NULL. Returns 0, or -1
 * (YAML_READER_TEMPLATE for a template) with an allocated message in
 * *errp. Records before the error have already been delivered.
 */
int	 yaml_reader_stream(const char *buf, size_t len, const char *name,
	    const struct yaml_reader_options *opts, yaml_reader_fn fn,
	    void *ctx, char **errp);

#endif
