/*
 * memo.h — recent answers of the expensive read-only reports (the summary report), kept while the
 * database has not changed. Every write appends an audit row in its own transaction, so the newest
 * audit row (its id and chained hash) names the state of the data; an answer remembered under
 * another state is never given. Shared by the server's threads (a mutex), bounded (MEMO_SLOTS
 * answers, the least recently used replaced), per process: each process of a PostgreSQL
 * deployment keeps its own, all checked against the one database.
 */
#ifndef DUIKOU_MEMO_H
#define DUIKOU_MEMO_H
#include "db/db.h"
#include <jansson.h>

#define MEMO_STATE_LEN 96

/* The state of the data as seen by d's open transaction, into state (MEMO_STATE_LEN bytes).
 * Returns DK_OK, or fills e. */
int memo_state(db *d, char state[MEMO_STATE_LEN], dk_err *e);
/* A copy of the answer remembered for key under state, or NULL. The caller owns the copy. */
json_t *memo_get(const char *key, const char *state);
/* Remembers a copy of v for key under state (v stays the caller's). */
void memo_put(const char *key, const char *state, json_t *v);
/* Forgets everything (tests; `duikou restore` in-process). */
void memo_clear(void);

#endif
