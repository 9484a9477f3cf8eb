/*
 * audit.h — the audit log: every write appends one row in the same transaction as the write
 * (who, when, what action on which record, and a JSON detail of what changed).
 */
#ifndef DUIKOU_AUDIT_H
#define DUIKOU_AUDIT_H
#include <stdint.h>
#include "db/db.h"

/* Appends an audit row. detail_json may be NULL. Returns DK_OK or fills e. */
int audit_append(db *d, const char *actor, const char *action, const char *entity, int64_t entity_id,
                 const char *detail_json, dk_err *e);

#endif
