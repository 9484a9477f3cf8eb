/*
 * refdata.h — the reference data duikou ships inside the binary: GB/T 2260 regions,
 * GB/T 4754-2017 industries and the holiday calendar (data/ in the source tree).
 */
#ifndef DUIKOU_REFDATA_H
#define DUIKOU_REFDATA_H
#include "db/db.h"

/* Loads regions, industries and calendar days into an empty, migrated database, in one
 * transaction. Rows already present are left as they are (so it can be run again).
 * Returns DK_OK or fills e. */
int refdata_load(db *d, dk_err *e);

#endif
