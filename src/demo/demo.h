/*
 * demo.h — the synthetic demonstration data set (`duikou init --demo`).
 *
 * Deterministic: a fixed-seed generator, so every run makes the same records for the same
 * last month. Calibrated so that the Beijing–Shenyang pairing's 2017 figures, computed from
 * the records, are the article's headline: 139 projects, 1678亿元 planned, 362亿元 completed,
 * 23.4% of Shenyang's 2017 capital from other provinces, rank 1. Everything in it is
 * invented and labelled so (programme name and pairing names carry "（演示数据）").
 */
#ifndef DUIKOU_DEMO_H
#define DUIKOU_DEMO_H
#include "db/db.h"

/* Loads the demo data into d (which must hold the migrated schema and reference data, and no
 * pairings yet), with monthly progress up to and including the month with index last_month
 * (see dates.h; at least 2018-01). One transaction: all or nothing. Returns DK_OK or fills e. */
int demo_load(db *d, int last_month, dk_err *e);

#endif
