/*
 * warnings.h — the warning rules as data: loading them, evaluating a project with them, and
 * changing a threshold (an office's decision, audited).
 */
#ifndef DUIKOU_SVC_WARNINGS_H
#define DUIKOU_SVC_WARNINGS_H
#include <jansson.h>
#include "core/perm.h"
#include "core/warning.h"
#include "db/db.h"
#include "store/projects.h"

#define WARNING_RULES_MAX 8

struct warning_rules {
    struct warning_rule r[WARNING_RULES_MAX];
    int n;
};

/* Reads the rules from the warning_rules table. */
int warnings_load(db *d, struct warning_rules *out, dk_err *e);
/* Evaluates row at as_of with the rules. */
void warnings_eval_row(const struct warning_rules *rules, const struct project_row *row, const dk_date *as_of,
                       struct warning_result *out);
/* The rules as a JSON array (code, name, yellow_at, red_at, unit, enabled, description). */
json_t *warnings_rules_json(db *d, dk_err *e);
/* Changes one rule's thresholds/enabled flag (fields absent in patch stay). Office only.
 * if_match 0 = no version check; otherwise DK_ESTALE unless it is the rule's version. */
int warnings_rule_update(db *d, const struct actor *who, const char *code, int64_t if_match, json_t *patch, dk_err *e);
/* The result as JSON: {"colour","colour_name","reasons":[{"rule","colour","message"}]}. */
json_t *warning_result_json(const struct warning_result *w);

#endif
