/* capital_stats.c — reads and upserts capital_stats rows (see capital_stats.h). */
#include "store/capital_stats.h"

int store_capital_stat_get(db *d, const char *host, int64_t year, const char *source, int64_t *id, int64_t *amount,
                           dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT id, amount FROM capital_stats WHERE host_region = ? AND year = ? AND source_region = ?", e);
    if (!s) return e->status;
    db_bind_text(s, 1, host);
    db_bind_int64(s, 2, year);
    db_bind_text(s, 3, source);
    int rc = db_step(s, e);
    if (rc == DB_ROW) {
        *id = db_col_int64(s, 0);
        *amount = db_col_int64(s, 1);
    }
    db_done(s);
    return rc;
}

int store_capital_stat_put(db *d, const char *host, int64_t year, const char *source, int64_t amount, int64_t *id,
                           dk_err *e)
{
    db_stmt *s = db_prepare(d, "INSERT INTO capital_stats (host_region, year, source_region, amount) VALUES (?, ?, ?, ?) "
                               "ON CONFLICT (host_region, year, source_region) DO UPDATE SET amount = excluded.amount "
                               "RETURNING id", e);
    if (!s) return e->status;
    db_bind_text(s, 1, host);
    db_bind_int64(s, 2, year);
    db_bind_text(s, 3, source);
    db_bind_int64(s, 4, amount);
    int rc = db_step(s, e);
    if (rc == DB_ROW) *id = db_col_int64(s, 0);
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}
