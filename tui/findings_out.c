/*
 * Findings as JSON and SARIF (see findings_out.h).
 */
#include "findings_out.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "findings.h"
#include "jsonw.h"
#include "model.h"
#include "strbuf.h"
#include "tstamp.h"

#define FINDINGS_OUT_SARIF_SCHEMA \
	"https://json.schemastore.org/sarif-2.1.0.json"

/* Write a NULL-ended list of strings as a JSON array. */
static void
findings_out_list(struct jsonw *w, const char *const *list)
{
	jsonw_array_begin(w);
	for (; list != NULL && *list != NULL; list++)
		jsonw_str(w, *list);
	jsonw_array_end(w);
}

static void
findings_out_node(struct jsonw *w, const struct model *m, size_t v)
{
	jsonw_object_begin(w);
	jsonw_key(w, "key");
	jsonw_str(w, m->key[v]);
	jsonw_key(w, "name");
	jsonw_str(w, m->name[v]);
	jsonw_key(w, "kind");
	jsonw_str(w, kind_node_name(m->kind[v]));
	jsonw_object_end(w);
}

/* The evidence object: related nodes and edges, path, values. */
static void
findings_out_evidence(struct jsonw *w, struct store *s, const struct model *m,
    const struct finding *f)
{
	size_t	 i;

	jsonw_key(w, "evidence");
	jsonw_object_begin(w);
	jsonw_key(w, "related");
	jsonw_array_begin(w);
	for (i = 0; i < f->nrelated; i++)
		findings_out_node(w, m, f->related[i]);
	jsonw_array_end(w);
	jsonw_key(w, "edges");
	cmd_path_json(w, s, m, f->edges, f->nedges);
	jsonw_key(w, "path");
	cmd_path_json(w, s, m, f->path, f->npath);
	jsonw_key(w, "values");
	jsonw_object_begin(w);
	for (i = 0; i < f->nvalues; i++) {
		jsonw_key(w, f->values[i].name);
		jsonw_str(w, f->values[i].value);
	}
	jsonw_object_end(w);
	jsonw_object_end(w);
}

/* The acceptance of f, or null. */
static void
findings_out_acceptance(struct jsonw *w, const struct finding *f)
{
	jsonw_key(w, "acceptance");
	if (f->state == FINDING_OPEN) {
		jsonw_null(w);
		return;
	}
	jsonw_object_begin(w);
	jsonw_key(w, "reason");
	jsonw_str(w, f->reason);
	jsonw_key(w, "until");
	cmd_time_json(w, f->until);
	jsonw_key(w, "by");
	jsonw_str(w, f->accepted_by);
	jsonw_key(w, "at");
	cmd_time_json(w, f->accepted_at);
	jsonw_object_end(w);
}

void
findings_out_json(struct jsonw *w, struct store *s, const struct model *m,
    const struct finding *f)
{
	jsonw_object_begin(w);
	jsonw_key(w, "rule");
	jsonw_str(w, f->rule->id);
	jsonw_key(w, "title");
	jsonw_str(w, f->rule->title);
	jsonw_key(w, "severity");
	jsonw_str(w, findings_severity_name(f->severity));
	cmd_node_json_fields(w, m, f->node);
	jsonw_key(w, "message");
	jsonw_str(w, f->message);
	jsonw_key(w, "state");
	jsonw_str(w, findings_state_name(f->state));
	findings_out_acceptance(w, f);
	findings_out_evidence(w, s, m, f);
	jsonw_key(w, "owasp");
	findings_out_list(w, f->rule->owasp);
	jsonw_key(w, "nist_csf");
	findings_out_list(w, f->rule->nist_csf);
	jsonw_key(w, "ai_rmf");
	findings_out_list(w, f->rule->ai_rmf);
	jsonw_object_end(w);
}

/* The SARIF level of a severity. */
static const char *
findings_out_level(enum finding_severity s)
{
	if (s >= FINDING_HIGH)
		return "error";
	return s == FINDING_MEDIUM ? "warning" : "note";
}

/* A score for code-scanning tools that sort by "security-severity". */
static const char *
findings_out_score(enum finding_severity s)
{
	static const char *const scores[FINDING_NSEVERITIES] = {
		"1.0", "3.0", "5.5", "8.0", "9.5"
	};

	return scores[s];
}

/* A text property: {"text": s}. */
static void
findings_out_text(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	jsonw_object_begin(w);
	jsonw_key(w, "text");
	jsonw_str(w, s);
	jsonw_object_end(w);
}

/* One reportingDescriptor of tool.driver.rules. */
static void
findings_out_rule(struct jsonw *w, const struct finding_rule *r)
{
	struct strbuf	 help;

	strbuf_init(&help);
	strbuf_addf(&help, "%s Fix: %s", r->rationale, r->fix);
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_str(w, r->id);
	jsonw_key(w, "name");
	jsonw_str(w, r->title);
	findings_out_text(w, "shortDescription", r->title);
	findings_out_text(w, "fullDescription", r->summary);
	findings_out_text(w, "help", help.buf);
	jsonw_key(w, "defaultConfiguration");
	jsonw_object_begin(w);
	jsonw_key(w, "level");
	jsonw_str(w, findings_out_level(r->severity));
	jsonw_object_end(w);
	jsonw_key(w, "properties");
	jsonw_object_begin(w);
	jsonw_key(w, "severity");
	jsonw_str(w, findings_severity_name(r->severity));
	jsonw_key(w, "security-severity");
	jsonw_str(w, findings_out_score(r->severity));
	jsonw_key(w, "owasp");
	findings_out_list(w, r->owasp);
	jsonw_key(w, "nist_csf");
	findings_out_list(w, r->nist_csf);
	jsonw_key(w, "ai_rmf");
	findings_out_list(w, r->ai_rmf);
	jsonw_key(w, "config");
	findings_out_list(w, r->config);
	jsonw_key(w, "tags");
	jsonw_array_begin(w);
	jsonw_str(w, "security");
	jsonw_str(w, "non-human-identity");
	jsonw_array_end(w);
	jsonw_object_end(w);
	jsonw_object_end(w);
	strbuf_free(&help);
}

/* A logical location naming node v by its key. */
static void
findings_out_location(struct jsonw *w, const struct model *m, size_t v)
{
	jsonw_object_begin(w);
	jsonw_key(w, "logicalLocations");
	jsonw_array_begin(w);
	jsonw_object_begin(w);
	jsonw_key(w, "name");
	jsonw_str(w, m->name[v]);
	jsonw_key(w, "fullyQualifiedName");
	jsonw_str(w, m->key[v]);
	jsonw_key(w, "kind");
	jsonw_str(w, "resource");
	jsonw_object_end(w);
	jsonw_array_end(w);
	jsonw_object_end(w);
}

/* The suppression of an accepted finding. */
static void
findings_out_suppression(struct jsonw *w, const struct finding *f)
{
	jsonw_key(w, "suppressions");
	jsonw_array_begin(w);
	jsonw_object_begin(w);
	jsonw_key(w, "kind");
	jsonw_str(w, "external");
	jsonw_key(w, "status");
	jsonw_str(w, "accepted");
	jsonw_key(w, "justification");
	jsonw_str(w, f->reason);
	jsonw_object_end(w);
	jsonw_array_end(w);
}

/* One result. */
static void
findings_out_result(struct jsonw *w, const struct model *m,
    const struct finding *f)
{
	struct strbuf	 text;
	size_t		 i, idx = 0;

	findings_rule_find(f->rule->id, &idx);
	strbuf_init(&text);
	strbuf_addf(&text, "%s: %s", m->name[f->node], f->message);
	jsonw_object_begin(w);
	jsonw_key(w, "ruleId");
	jsonw_str(w, f->rule->id);
	jsonw_key(w, "ruleIndex");
	jsonw_int(w, (int64_t)idx);
	jsonw_key(w, "level");
	jsonw_str(w, findings_out_level(f->severity));
	findings_out_text(w, "message", text.buf);
	jsonw_key(w, "locations");
	jsonw_array_begin(w);
	findings_out_location(w, m, f->node);
	jsonw_array_end(w);
	jsonw_key(w, "relatedLocations");
	jsonw_array_begin(w);
	for (i = 0; i < f->nrelated; i++)
		findings_out_location(w, m, f->related[i]);
	jsonw_array_end(w);
	strbuf_reset(&text);
	strbuf_addf(&text, "%s|%s", f->rule->id, m->key[f->node]);
	jsonw_key(w, "partialFingerprints");
	jsonw_object_begin(w);
	jsonw_key(w, "trustwalkFinding/v1");
	jsonw_str(w, text.buf);
	jsonw_object_end(w);
	jsonw_key(w, "properties");
	jsonw_object_begin(w);
	jsonw_key(w, "severity");
	jsonw_str(w, findings_severity_name(f->severity));
	jsonw_key(w, "state");
	jsonw_str(w, findings_state_name(f->state));
	jsonw_object_end(w);
	if (f->state == FINDING_ACCEPTED)
		findings_out_suppression(w, f);
	jsonw_object_end(w);
	strbuf_free(&text);
}

/* The SARIF log of the findings in list. */
static void
findings_out_sarif(struct strbuf *sb, const struct model *m,
    const struct finding *const *list, size_t n)
{
	struct jsonw	 w;
	size_t		 i;

	jsonw_init(&w, sb, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "$schema");
	jsonw_str(&w, FINDINGS_OUT_SARIF_SCHEMA);
	jsonw_key(&w, "version");
	jsonw_str(&w, "2.1.0");
	jsonw_key(&w, "runs");
	jsonw_array_begin(&w);
	jsonw_object_begin(&w);
	jsonw_key(&w, "tool");
	jsonw_object_begin(&w);
	jsonw_key(&w, "driver");
	jsonw_object_begin(&w);
	jsonw_key(&w, "name");
	jsonw_str(&w, "trustwalk");
	jsonw_key(&w, "rules");
	jsonw_array_begin(&w);
	for (i = 0; i < findings_nrules(); i++)
		findings_out_rule(&w, findings_rule(i));
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	jsonw_object_end(&w);
	jsonw_key(&w, "results");
	jsonw_array_begin(&w);
	for (i = 0; i < n; i++) {
		findings_out_result(&w, m, list[i]);
		if (sb->len > 65536)
			cmd_flush(sb);
	}
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	jsonw_array_end(&w);
	jsonw_object_end(&w);
}

void
findings_out_print(struct store *s, const struct model *m,
    const struct finding *const *list, size_t n, int sarif)
{
	struct strbuf	 sb;
	struct jsonw	 w;
	size_t		 i;

	strbuf_init(&sb);
	if (sarif)
		findings_out_sarif(&sb, m, list, n);
	else {
		jsonw_init(&w, &sb, 0);
		jsonw_array_begin(&w);
		for (i = 0; i < n; i++) {
			findings_out_json(&w, s, m, list[i]);
			if (sb.len > 65536)
				cmd_flush(&sb);
		}
		jsonw_array_end(&w);
	}
	strbuf_addch(&sb, '\n');
	cmd_flush(&sb);
	strbuf_free(&sb);
}
