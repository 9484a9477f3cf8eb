/*
 * err.h — the error policy in one struct.
 *
 * A user error (bad input, a rule refused, a record missing) is returned as a negative DK_E*
 * code with a dk_err filled in: a stable code string for programs, a message for people and,
 * where it applies, the field it concerns. The faces turn it into an HTTP status and
 * {"error":{"code","message","field"}} (api/) or a message and exit code (cli/).
 * A bug is an assert; out of memory aborts (util/xmalloc.h).
 */
#ifndef DUIKOU_ERR_H
#define DUIKOU_ERR_H

enum dk_status {
    DK_OK = 0,
    DK_EINVAL = -1,     /* input malformed or out of range (400) */
    DK_ERULE = -2,      /* well-formed but refused by a rule (422) */
    DK_ENOTFOUND = -3,  /* record does not exist (404) */
    DK_ECONFLICT = -4,  /* duplicate code or similar (409) */
    DK_EFORBIDDEN = -5, /* the actor may not do this (403) */
    DK_ESTALE = -6,     /* If-Match version is not the current one (412) */
    DK_EUNAVAIL = -7,   /* database busy, full or read-only (503) */
    DK_EINTERNAL = -8,  /* unexpected database or system failure (500) */
    DK_EUNAUTH = -9,    /* no valid credentials (401) */
    DK_ETHROTTLED = -10, /* too many attempts (429) */
};

typedef struct dk_err {
    int status;         /* one of enum dk_status */
    char code[48];      /* stable machine code, e.g. "invalid_field", "not_found" */
    char field[64];     /* the field or parameter concerned, "" when none */
    char message[384];  /* human message, in Chinese first with English in parentheses where useful */
} dk_err;

/* Clears e to DK_OK. */
void err_clear(dk_err *e);
/* Fills e (if not NULL) and returns status, so callers can `return err_set(...)`. */
int err_set(dk_err *e, int status, const char *code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The HTTP status for a dk_status. */
int err_http_status(int status);
/* The process exit code for a dk_status (0 ok, 1 internal, 2 usage/invalid, 3 not found,
 * 4 refused by a rule or conflict, 5 forbidden or not signed in, 6 unavailable). */
int err_exit_code(int status);

#endif
