/*
 * audit.h — the audit trail (留痕): every write appends one row in the same transaction as the
 * write — who, from which address, when, which record, the action, and the fields that changed
 * before → after. Rows form a hash chain (SHA-256 over the previous row's hash and this row's
 * content), so `duikou audit verify` finds a row changed, inserted or removed behind duikou's
 * back. duikou itself never updates or deletes audit rows.
 */
#ifndef DUIKOU_AUDIT_H
#define DUIKOU_AUDIT_H
#include <jansson.h>
#include <stdint.h>
#include "core/perm.h"
#include "db/db.h"

struct audit_entry {
    const struct actor *who;
    const char *action;      /* e.g. "project.update" */
    const char *entity;      /* table name */
    int64_t entity_id;       /* 0 when none */
    json_t *detail;          /* the request as given (may be NULL) */
    json_t *before, *after;  /* the record before and after (may be NULL): only changed keys are kept */
};

/* Appends the entry, chained to the previous row. Returns DK_OK or fills e. */
int audit_write(db *d, const struct audit_entry *a, dk_err *e);
/* Shorthand for an entry without before/after. */
int audit_append(db *d, const struct actor *who, const char *action, const char *entity, int64_t entity_id,
                 json_t *detail, dk_err *e);

/* Tags every audit row this thread writes, until called again with NULL, with the change set
 * id (an import's "imp-…"); the id is stored in audit_log.change_set and covered by the hash.
 * The import runner sets it around its one transaction. */
void audit_set_change_set(const char *id);

/* Walks the chain in order. Returns DK_OK when every row's hash matches; otherwise DK_ERULE
 * with the first bad row's id in *bad_id and a message in e. *rows gets how many were read. */
int audit_verify(db *d, int64_t *rows, int64_t *bad_id, dk_err *e);

#endif
