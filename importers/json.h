/*
 * Strict, streaming JSON reader: the importers' adapter around cJSON.
 *
 * cJSON 1.7.15 is lenient where trustwalk must not be (it truncates
 * strings at \u0000, keeps duplicate keys, ignores trailing text and
 * loses digits of long integers). This reader scans the whole document
 * itself, enforcing RFC 8259 and the limits below, and hands each record
 * (each value at a routed path) to cJSON as a small NUL-terminated copy.
 * A 1 GB document is never held as one cJSON tree.
 *
 * Two grades of error, matching the import rules:
 *   - a document that cannot be read as JSON (syntax error, truncation,
 *     trailing text, depth or size over a limit) fails the whole call:
 *     json_stream() returns -1 and *errp names the line, column and path;
 *   - a record that is well-formed JSON but breaks a rule (duplicate key,
 *     \u0000 in a string, invalid UTF-8, lone surrogate escape, a string
 *     over the length limit) is passed to the route's callback with a NULL
 *     value and a message, so the importer can skip it with a warning.
 *
 * Integers with more than 15 digits are handed to cJSON as strings, so an
 * identifier written as a JSON number keeps all its digits; json_int()
 * and json_text() accept both forms.
 */
#ifndef JSON_H
#define JSON_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

/*
 * Limits. A field left 0 takes its default. max_depth is lowered to
 * CJSON_NESTING_LIMIT (1000 in cJSON 1.7.15), so that cJSON never rejects
 * a record this reader accepted.
 */
struct json_limits {
	size_t	 max_depth;	/* nesting of arrays and objects */
	size_t	 max_string;	/* bytes in one string or key, decoded */
	size_t	 max_record;	/* bytes of one routed value */
};

#define JSON_MAX_DEPTH		128
#define JSON_MAX_STRING		(4u << 20)
#define JSON_MAX_RECORD		(64u << 20)

/*
 * Called for each value found at a route's path. path is the concrete
 * path of the value, such as "graph.nodes[17]". A key that is empty or
 * contains a space, a control character, invalid UTF-8, '.', '[', ']', '"'
 * or a backslash is written ["key"], with control characters and invalid
 * bytes as \xNN, and keys are cut after 64 bytes. A path of more than 16
 * steps shows the first 12 and the last 4 around "[...]". value is the parsed
 * record, owned by the reader and freed after the call. It is NULL when
 * the record broke a rule, and then problem names the first one as
 * "line L, column C (PATH): WHAT" (no file name). Besides the rules above,
 * a number with a fraction or exponent longer than the 63 characters
 * cJSON reads is a problem. Return 0 to go on, -1 to stop the stream
 * (json_stream() then returns -1 with *errp from the callback's own errp
 * argument, which it may set; without one it names the record).
 */
typedef int (*json_record_fn)(void *ctx, const char *path, cJSON *value,
    const char *problem, char **errp);

/*
 * A route: pattern is a dot-separated path of object keys, where "[]"
 * after a key (or alone, for a top-level array) means every element of
 * that array and "*" means every key of an object. "[]" may repeat for
 * nested arrays ("matrix[][]"), and the empty pattern is the whole
 * document. Examples: "graph.nodes[]", "metadata", "[]", "items[]",
 * "UserDetailList[]", "bindings.*". Keys are matched case-sensitively,
 * after decoding escapes. A pattern cannot name a key that contains '.',
 * '[' or ']'. The first route that matches a value wins, and values inside a
 * matched value are not routed again.
 */
struct json_route {
	const char	*pattern;
	json_record_fn	 fn;
};

/*
 * A callback for routes whose values a pass must step over: the reader
 * checks their syntax but neither parses them nor reports their record
 * problems, which the pass that reads them will see.
 */
int	 json_skip(void *ctx, const char *path, cJSON *value,
	    const char *problem, char **errp);

/*
 * Callbacks for routes that check the type of a container without reading
 * it as a record: the document is rejected ("expected an array at
 * graph.nodes, found a string") when the value at the route's path is not
 * an object (json_expect_object) or an array (json_expect_array). Values
 * inside it are routed as usual, so "graph.nodes" can be checked while
 * "graph.nodes[]" is read. The reader never calls them.
 */
int	 json_expect_object(void *ctx, const char *path, cJSON *value,
	    const char *problem, char **errp);
int	 json_expect_array(void *ctx, const char *path, cJSON *value,
	    const char *problem, char **errp);

/*
 * Scan the JSON document buf[0..len) (len bytes, not NUL-terminated) and
 * call the routes' callbacks in document order. name is the file name used
 * in messages. A UTF-8 byte order mark at the start is skipped. limits may
 * be NULL for the defaults. Returns 0 on success and -1 with an allocated
 * message in *errp when the document is rejected or a callback stopped it.
 * A rejection reads "NAME: line L, column C (PATH): WHAT", where the column
 * counts bytes from the start of the line (after the byte order mark on
 * line 1). Records before the error have already been delivered, except
 * that a record which is the whole document waits for the check for
 * trailing text. An invalid route pattern is also an error.
 */
int	 json_stream(const char *buf, size_t len, const char *name,
	    const struct json_route *routes, size_t nroutes, void *ctx,
	    const struct json_limits *limits, char **errp);

/*
 * Called before a record is parsed, for a route given one in
 * json_stream_text(), so that an importer can read simple records
 * without building a tree. text[0..len) is the record as it is in the
 * document. Only a record that passes every rule is offered, and only
 * when no string or key in it has an escape and no integer in it has
 * more than 15 digits, so json_token_next() can read it. path is as for
 * json_record_fn. Return 1 when the record was read, 0 to have it parsed
 * and passed to the route's callback as usual, -1 to stop as that
 * callback would.
 */
typedef int (*json_text_fn)(void *ctx, const char *path, const char *text,
    size_t len, char **errp);

/*
 * As json_stream(), but texts[i] (which may be NULL) is first offered
 * the text of each record at routes[i]. texts has nroutes entries.
 */
int	 json_stream_text(const char *buf, size_t len, const char *name,
	    const struct json_route *routes, const json_text_fn *texts,
	    size_t nroutes, void *ctx, const struct json_limits *limits,
	    char **errp);

/*
 * A callback for routes whose records a first pass keeps for a later
 * one, with json_stream_index(). The reader checks them as it would read
 * them, problems included, and keeps what the later pass needs. It
 * neither parses them nor passes them on, and never calls this.
 */
int	 json_keep(void *ctx, const char *path, cJSON *value,
	    const char *problem, char **errp);

/* The records a scan kept (json_stream_index()). */
struct json_index;

/*
 * As json_stream(), and keep the records at the routes whose callback is
 * json_keep in *index (the caller frees it with json_index_free()), so
 * that json_index_read() can pass them on without scanning the document
 * again. buf must stay unchanged until then. On -1, *index is NULL.
 * Records are limited to 4 GiB - 1 bytes here, whatever the limits
 * allow.
 */
int	 json_stream_index(const char *buf, size_t len, const char *name,
	    const struct json_route *routes, size_t nroutes, void *ctx,
	    const struct json_limits *limits, struct json_index **index,
	    char **errp);

/*
 * Pass the kept records in document order, as json_stream_text() would
 * pass them to routes whose callbacks are fns[i] and texts[i], where i is
 * the number of the route in json_stream_index(). fns[i] NULL leaves the
 * records of route i out, and texts may be NULL. Returns 0, or -1 with
 * *errp set when a callback stopped.
 */
int	 json_index_read(struct json_index *, const json_record_fn *fns,
	    const json_text_fn *texts, void *ctx, char **errp);

void	 json_index_free(struct json_index *);

/* Tokens of a record's text, as json_token_next() returns them. */
enum json_token {
	JSON_TOKEN_END,		/* no more text */
	JSON_TOKEN_OBJECT,	/* '{' */
	JSON_TOKEN_OBJECT_END,	/* '}' */
	JSON_TOKEN_ARRAY,	/* '[' */
	JSON_TOKEN_ARRAY_END,	/* ']' */
	JSON_TOKEN_STRING,	/* a key or a string value */
	JSON_TOKEN_NUMBER,
	JSON_TOKEN_TRUE,
	JSON_TOKEN_FALSE,
	JSON_TOKEN_NULL
};

/*
 * A reader of the text a json_text_fn is given. After a string or a
 * number, str[0..str_len) is its text: the bytes between the quotes of
 * a string, which has no escapes.
 */
struct json_tokens {
	const char	*text;
	size_t		 len;
	size_t		 pos;
	const char	*str;
	size_t		 str_len;
};

void	 json_tokens_init(struct json_tokens *, const char *text,
	    size_t len);

/*
 * Return the next token. The ',' and ':' between tokens are skipped, so
 * the caller knows keys from values by the shape it expects. Only for
 * text the reader has checked, as a json_text_fn is given.
 */
enum json_token json_token_next(struct json_tokens *);

/*
 * Called by json_members() for each member of the top-level object, in
 * document order, with its decoded key and the cJSON type of its value
 * (cJSON_Object, cJSON_Array, cJSON_String, cJSON_Number, cJSON_True for
 * both booleans, cJSON_NULL). Return 0 to go on, -1 to stop.
 */
typedef int (*json_member_fn)(void *ctx, const char *key, int type);

/*
 * Check that buf[0..len) is a JSON object under the same rules and limits
 * as json_stream(), and list its top-level members without parsing their
 * values, so that an importer can check a document's shape before it
 * streams it. Returns 0, or -1 with *errp set when the document is not
 * valid JSON, not an object, or the callback stopped it.
 */
int	 json_members(const char *buf, size_t len, const char *name,
	    json_member_fn fn, void *ctx, const struct json_limits *limits,
	    char **errp);

/*
 * Scan JSON Lines: each non-blank line is one record, routed as "[]" and
 * numbered from 1 in paths ("line 12"). A final "\r" is stripped, and a
 * byte order mark is accepted at the start of the file. A line that is not
 * valid JSON, nests too deeply or is longer than max_record is a record
 * problem (callback with a NULL value), not a rejection, because the next
 * line starts a fresh record. A file with no valid line at all is
 * rejected.
 */
int	 json_stream_lines(const char *buf, size_t len, const char *name,
	    json_record_fn fn, void *ctx, const struct json_limits *limits,
	    char **errp);

/*
 * Parse a whole small document (at most max_record bytes) under the same
 * rules and return its tree, or NULL with *errp set. The caller frees the
 * tree with cJSON_Delete().
 */
cJSON	*json_parse(const char *buf, size_t len, const char *name,
	    const struct json_limits *limits, char **errp);

/* Kinds of text that json_rewrite() passes to its callback. */
enum json_rewrite_what {
	JSON_REWRITE_KEY,	/* a member name */
	JSON_REWRITE_STRING,	/* a string value */
	JSON_REWRITE_NUMBER	/* a number value, as JSON text */
};

/*
 * Called by json_rewrite() for every member name, string and number in a
 * tree. name is the member name the value is under (for an array element,
 * that of the nearest enclosing member), NULL at the top. Return 0 to keep
 * the text, 1 to replace it with *out (allocated with malloc(); a number
 * then becomes a string), -1 to stop.
 */
typedef int (*json_rewrite_fn)(void *ctx, enum json_rewrite_what,
    const char *name, const char *text, char **out);

/*
 * Walk a record's tree depth first, in document order, and let fn replace
 * keys, strings and numbers. The text replaced is overwritten with zeros
 * before it is freed. Returns 0, or -1 when fn stopped the walk.
 */
int	 json_rewrite(cJSON *root, json_rewrite_fn fn, void *ctx);

/*
 * As json_rewrite(), but when root is an object its members named in
 * skip (a NULL-terminated list, or NULL) are not walked at all, names
 * included.
 */
int	 json_rewrite_except(cJSON *root, const char *const *skip,
	    json_rewrite_fn fn, void *ctx);

/*
 * Remove member key from obj and free it, overwriting its strings with
 * zeros first, so that a secret the importer has fingerprinted does not
 * stay in memory. Does nothing when obj has no such member.
 */
void	 json_drop(cJSON *obj, const char *key);

/* Case-sensitive member lookup; NULL when obj is not an object. */
cJSON	*json_get(const cJSON *obj, const char *key);

/* The string value of member key, or NULL when absent or not a string. */
const char *json_str(const cJSON *obj, const char *key);

/*
 * Read member key as a 64-bit integer, from a JSON number or from a string
 * written as a JSON integer (optional '-', no leading zero, no spaces).
 * cJSON keeps no number text, so a number with an integral value within
 * +-2^53 is read even when written as 3.0 or 1e3; longer integers arrive
 * as strings (see above) and are exact up to the int64_t range. Returns 1
 * when found and valid, 0 when absent or null, -1 when present with
 * another type, a fraction or out of range.
 */
int	 json_int(const cJSON *obj, const char *key, int64_t *out);

/*
 * Read member key as a boolean. Returns 1 when found, 0 when absent or
 * null, -1 when present with another type.
 */
int	 json_bool(const cJSON *obj, const char *key, int *out);

#define JSON_TEXT_BUFSZ	32

/*
 * Return member key as text: strings as they are, integers in full,
 * booleans as "true"/"false". NULL when absent, null, or an object or
 * array. Numbers are formatted into buf (JSON_TEXT_BUFSZ bytes), so the
 * result lives as long as obj and buf: integral values within +-2^53 in
 * decimal, others with 17 significant digits and '.' as decimal point.
 */
const char *json_text(const cJSON *obj, const char *key, char *buf);

#endif
