/*
 * bench_data.h — the benchmark data set (`duikou bench-data`): a national platform's worth of
 * synthetic pairings, projects, stage histories, monthly progress reports, audit rows and work-
 * plan items, deterministic for a given seed, so every benchmark run measures the same records.
 *
 * Shape (chosen to look like a national counterpart-cooperation platform, not like a uniform
 * table): city-level pairings of a host prefecture in the north-east and west with an eastern
 * partner; projects spread over pairings by a Zipf-like law (the first pairings are the busiest);
 * planned investment log-normal around 2亿元; about seven in ten projects sign, three in four of
 * those land and half of those produce; landed projects report monthly (with gaps) over the last
 * `months` months; a few are paused or terminated. Every project has its audit row and its search
 * entry, written the way duikou writes them.
 */
#ifndef DUIKOU_BENCH_DATA_H
#define DUIKOU_BENCH_DATA_H
#include "db/db.h"
#include <stdint.h>

struct bench_params {
    int64_t projects;   /* projects in all */
    int months;         /* months of progress history, ending with last_month */
    int pairings;       /* pairings (at most the host prefectures there are) */
    int64_t items;      /* work-plan items in all, over the pairings' plans for last_month's year */
    uint64_t seed;      /* the data set for a seed is always the same */
    int last_month;     /* month index (dates.h) of the newest reports */
    int quiet;          /* 0: progress lines on stderr */
};

struct bench_counts {
    int64_t pairings, units, projects, stage_events, reports, audit_rows, items;
};

/* Loads the benchmark data into d, which must hold the migrated schema and reference data and no
 * pairings yet. Commits in batches (a partial load is refused by the next run: no pairings
 * allowed). Fills *out with what was written. Returns DK_OK or fills e. */
int bench_data_load(db *d, const struct bench_params *p, struct bench_counts *out, dk_err *e);

#endif
