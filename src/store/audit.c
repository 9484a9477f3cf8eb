/* audit.c — appends rows to audit_log (see audit.h). */
#include "store/audit.h"
#include "core/dates.h"

int audit_append(db *d, const char *actor, const char *action, const char *entity, int64_t entity_id,
                 const char *detail_json, dk_err *e)
{
    db_stmt *s = db_prepare(d, "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    char now[21];
    time_now_iso(now);
    db_bind_text(s, 1, now);
    db_bind_text(s, 2, actor);
    db_bind_text(s, 3, action);
    db_bind_text(s, 4, entity);
    db_bind_opt_int64(s, 5, entity_id > 0, entity_id);
    db_bind_text(s, 6, detail_json);
    int rc = db_step(s, e);
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}
