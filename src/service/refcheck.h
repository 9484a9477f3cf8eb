/*
 * refcheck.h — checks that codes and ids a write refers to exist: regions, industries,
 * pairings, units. Shared by every service that takes such references.
 */
#ifndef DUIKOU_REFCHECK_H
#define DUIKOU_REFCHECK_H
#include <stdint.h>
#include "db/db.h"

/* DK_OK when region code exists, else DK_ERULE naming field. */
int ref_region(db *d, const char *code, const char *field, dk_err *e);
/* DK_OK when the section letter (and the division, if given) exist and the division is in
 * the section. */
int ref_industry(db *d, const char *section, const char *division, dk_err *e);
/* The id of the pairing with code, or 0 with e filled (DK_ERULE, naming field). */
int64_t ref_pairing(db *d, const char *code, const char *field, dk_err *e);
/* DK_OK when unit id exists and belongs to pairing_id. */
int ref_unit(db *d, int64_t unit_id, int64_t pairing_id, const char *field, dk_err *e);

#endif
