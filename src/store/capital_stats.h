/*
 * capital_stats.h — SQL for the host regions' yearly introduced capital by source region
 * (招商引资到位资金), the statistics a pairing's completed investment is a share of.
 */
#ifndef DUIKOU_STORE_CAPITAL_STATS_H
#define DUIKOU_STORE_CAPITAL_STATS_H
#include <stdint.h>
#include "db/db.h"

/* The amount recorded for (host, year, source) into *amount and its id into *id.
 * DB_ROW when found, DB_DONE when not, or a negative DK_E* with e filled. */
int store_capital_stat_get(db *d, const char *host, int64_t year, const char *source, int64_t *id, int64_t *amount,
                           dk_err *e);
/* Inserts or replaces the amount for (host, year, source); sets *id. DK_OK or DK_E*. */
int store_capital_stat_put(db *d, const char *host, int64_t year, const char *source, int64_t amount, int64_t *id,
                           dk_err *e);

#endif
