/*
 * Findings as JSON and as SARIF 2.1.0, for scripts and code-scanning
 * tools. The JSON is an array of finding objects with at least rule,
 * severity, key and evidence (see docs/findings.md). The SARIF log has
 * one run: the rules as tool.driver.rules (id, descriptions, help, and
 * the OWASP and NIST mappings as properties) and the findings as
 * results, located by the node key as a logical location. An accepted
 * finding carries an external suppression with the reason.
 */
#ifndef FINDINGS_OUT_H
#define FINDINGS_OUT_H

#include <stddef.h>
#include <stdint.h>

struct finding;
struct findings;
struct jsonw;
struct model;
struct store;

/* Write one finding as a JSON object. */
void	 findings_out_json(struct jsonw *, struct store *, const struct model *,
	    const struct finding *);

/*
 * Write the n findings in list (pointers into a struct findings) to
 * stdout: a JSON array, or a SARIF log when sarif is set.
 */
void	 findings_out_print(struct store *, const struct model *,
	    const struct finding *const *list, size_t n, int sarif);

#endif
