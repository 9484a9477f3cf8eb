/*
 * accounts.h — SQL for accounts, sessions, API tokens and login failures. Tokens are kept only
 * as hashes: the raw token is known to the client alone.
 */
#ifndef DUIKOU_ACCOUNTS_H
#define DUIKOU_ACCOUNTS_H
#include <jansson.h>
#include <stdint.h>
#include "core/perm.h"
#include "db/db.h"

struct account {
    int64_t id;
    char login[64];
    char name[128];
    enum role role;
    int64_t pairing_id;   /* 0 = every pairing */
    char side[8];         /* "", "host" or "partner" */
    int64_t unit_id;      /* 0 = none */
    int can_export;
    int disabled;
    int64_t version;
};

/* Inserts a (validated) account with its password hash; sets a->id. DK_ECONFLICT for a taken login. */
int accounts_insert(db *d, struct account *a, const char *password_hash, const char *now, dk_err *e);
/* Reads the account by login (and its password hash into hash, when not NULL). DK_ENOTFOUND when none. */
int accounts_by_login(db *d, const char *login, struct account *out, char *hash, size_t hash_size, dk_err *e);
/* Reads the account by id. DK_ENOTFOUND when none. */
int accounts_by_id(db *d, int64_t id, struct account *out, dk_err *e);
/* Writes role, scope, flags and name of a (by id, version checked: DK_ESTALE). */
int accounts_update(db *d, struct account *a, dk_err *e);
/* Replaces the password hash. */
int accounts_set_password(db *d, int64_t id, const char *password_hash, dk_err *e);
/* Every account as JSON (no hashes). */
json_t *accounts_list(db *d, dk_err *e);
/* One account as JSON (no hash). */
json_t *account_json(const struct account *a);

/* Sessions: create; find a live one by token hash (not ended, seen after idle_since, created
 * after absolute_since) → user id and CSRF token; note it was used; end it. */
int sessions_insert(db *d, const char *token_hash, const char *csrf, int64_t user_id, const char *ip, const char *now,
                    dk_err *e);
int sessions_find(db *d, const char *token_hash, const char *idle_since, const char *absolute_since, int64_t *session_id,
                  int64_t *user_id, char csrf[64], char last_seen[24], dk_err *e);
int sessions_touch(db *d, int64_t session_id, const char *now, dk_err *e);
int sessions_end(db *d, int64_t session_id, const char *now, dk_err *e);

/* API tokens. */
int tokens_insert(db *d, int64_t user_id, const char *name, const char *token_hash, const char *now, int64_t *id, dk_err *e);
int tokens_find(db *d, const char *token_hash, int64_t *token_id, int64_t *user_id, dk_err *e);
int tokens_revoke(db *d, int64_t token_id, int64_t user_id, const char *now, dk_err *e);
json_t *tokens_list(db *d, int64_t user_id, dk_err *e);

/* Login failures in the window since `since`, by login and by address; add one; forget a login's. */
int64_t failures_by_login(db *d, const char *login, const char *since);
int64_t failures_by_ip(db *d, const char *ip, const char *since);
int failures_add(db *d, const char *login, const char *ip, const char *now, dk_err *e);
int failures_clear(db *d, const char *login, dk_err *e);
/* Forgets failures older than since (they no longer count). */
int failures_purge(db *d, const char *since, dk_err *e);

#endif
