/*
 * auth.h — accounts, sessions and API tokens: who is asking, and proving it.
 *
 * Passwords are argon2id hashes (libsodium crypto_pwhash_str). Browser sessions and API tokens
 * are 256-bit random tokens the client holds; the database keeps only their SHA-256. Sessions end
 * after SESSION_IDLE_S without use or SESSION_ABSOLUTE_S after login, and at logout. Logins are
 * throttled per account and per address; an unknown account and a wrong password get the same
 * answer, in the same time.
 */
#ifndef DUIKOU_AUTH_H
#define DUIKOU_AUTH_H
#include <jansson.h>
#include "core/perm.h"
#include "store/accounts.h"

#define SESSION_IDLE_S (30 * 60)
#define SESSION_ABSOLUTE_S (12 * 3600)
#define THROTTLE_WINDOW_S (15 * 60)
#define THROTTLE_PER_LOGIN 5
#define THROTTLE_PER_IP 30
#define AUTH_TOKEN_LEN 64       /* buffer for a token in text */

/* Who a request is, once resolved. The actor's strings point into this struct. */
struct auth_ctx {
    struct account acc;          /* acc.id 0 = anonymous */
    int64_t session_id;          /* 0 unless authenticated by the session cookie */
    char csrf[AUTH_TOKEN_LEN];   /* the session's CSRF token */
};

/* Resolves a bearer token (Authorization header value, may be NULL) or a session token (the
 * cookie's value, may be NULL) into ctx. No credentials: DK_OK with ctx->acc.id 0. Credentials
 * that are wrong, expired, revoked or of a disabled account: DK_EUNAUTH ("unauthenticated"). */
int auth_resolve(db *d, const char *authorization, const char *session_token, struct auth_ctx *ctx, dk_err *e);
/* Fills the actor for ctx (ip is kept by pointer). */
void auth_actor(const struct auth_ctx *ctx, const char *ip, struct actor *out);
/* Checks login and password; on success opens a session: token (for the cookie) and csrf. */
int auth_login(db *d, const char *login, const char *password, const char *ip, char token[AUTH_TOKEN_LEN],
               char csrf[AUTH_TOKEN_LEN], struct account *acc, dk_err *e);
/* Ends the session (audited). */
int auth_logout(db *d, const struct actor *who, int64_t session_id, dk_err *e);

/* Accounts (admin). body: login, name, role, password, pairing (code), side, unit_id, can_export. */
int auth_user_create(db *d, const struct actor *who, json_t *body, int64_t *id, dk_err *e);
/* Changes name, role, pairing, side, unit_id, can_export, disabled, password (admin). */
int auth_user_update(db *d, const struct actor *who, int64_t id, int64_t if_match, json_t *body, dk_err *e);
/* Sets an account's password by login (the command line). */
int auth_set_password(db *d, const struct actor *who, const char *login, const char *password, dk_err *e);
/* Hashes a password with argon2id after checking it is at least 10 characters. */
int auth_hash_password(const char *password, char *out, size_t out_size, dk_err *e);

/* API tokens of the acting account: create (the token is shown once), revoke, list. */
int auth_token_create(db *d, const struct actor *who, const char *name, char token[AUTH_TOKEN_LEN], int64_t *id, dk_err *e);
int auth_token_revoke(db *d, const struct actor *who, int64_t id, dk_err *e);

/* Writes a random URL-safe token (256 bits) into out and its SHA-256 hex into hash (65 bytes). */
void auth_new_token(char out[AUTH_TOKEN_LEN], char hash[65]);
/* SHA-256 hex of token. */
void auth_token_hash(const char *token, char hash[65]);

#endif
