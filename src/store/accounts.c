/* accounts.c — SQL for accounts, sessions, tokens and login failures (see accounts.h). */
#include "store/accounts.h"
#include "store/rows.h"
#include <stdio.h>
#include <string.h>

#define ACCOUNT_COLS "SELECT id, login, name, role, pairing_id, side, unit_id, can_export, disabled, version, password_hash FROM users"

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static int read_account(db_stmt *s, struct account *a, char *hash, size_t hash_size, dk_err *e)
{
    int rc = db_step(s, e);
    if (rc == DB_ROW) {
        memset(a, 0, sizeof *a);
        a->id = db_col_int64(s, 0);
        copy(a->login, sizeof a->login, db_col_text(s, 1));
        copy(a->name, sizeof a->name, db_col_text(s, 2));
        int r = role_parse(db_col_text(s, 3));
        a->role = r < 0 ? ROLE_VIEWER : (enum role)r;
        a->pairing_id = db_col_int64(s, 4);
        copy(a->side, sizeof a->side, db_col_text(s, 5));
        a->unit_id = db_col_int64(s, 6);
        a->can_export = (int)db_col_int64(s, 7);
        a->disabled = (int)db_col_int64(s, 8);
        a->version = db_col_int64(s, 9);
        if (hash) copy(hash, hash_size, db_col_text(s, 10));
    }
    db_done(s);
    if (rc == DB_DONE) return err_set(e, DK_ENOTFOUND, "not_found", "login", "账号不存在 (no such account)");
    return rc < 0 ? rc : DK_OK;
}

int accounts_by_login(db *d, const char *login, struct account *out, char *hash, size_t hash_size, dk_err *e)
{
    db_stmt *s = db_prepare(d, ACCOUNT_COLS " WHERE login = ?", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    db_bind_text(s, 1, login);
    return read_account(s, out, hash, hash_size, e);
}

int accounts_by_id(db *d, int64_t id, struct account *out, dk_err *e)
{
    db_stmt *s = db_prepare(d, ACCOUNT_COLS " WHERE id = ?", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    db_bind_int64(s, 1, id);
    return read_account(s, out, NULL, 0, e);
}

static void bind_scope(db_stmt *s, int i, const struct account *a)
{
    db_bind_text(s, i, role_code(a->role));
    db_bind_opt_int64(s, i + 1, a->pairing_id > 0, a->pairing_id);
    db_bind_text(s, i + 2, a->side[0] ? a->side : NULL);
    db_bind_opt_int64(s, i + 3, a->unit_id > 0, a->unit_id);
    db_bind_int64(s, i + 4, a->can_export);
    db_bind_int64(s, i + 5, a->disabled);
}

int accounts_insert(db *d, struct account *a, const char *password_hash, const char *now, dk_err *e)
{
    db_stmt *s = db_prepare(d, "INSERT INTO users (login, name, role, pairing_id, side, unit_id, can_export, disabled, "
                               "password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    db_bind_text(s, 1, a->login);
    db_bind_text(s, 2, a->name);
    bind_scope(s, 3, a);
    db_bind_text(s, 9, password_hash);
    db_bind_text(s, 10, now);
    int rc = db_step(s, e);
    if (rc == DB_ROW) a->id = db_col_int64(s, 0);
    db_done(s);
    if (rc == DK_ECONFLICT) return err_set(e, DK_ECONFLICT, "duplicate_login", "login", "账号 %.60s 已存在 (login taken)", a->login);
    return rc < 0 ? rc : DK_OK;
}

int accounts_update(db *d, struct account *a, dk_err *e)
{
    db_stmt *s = db_prepare(d, "UPDATE users SET name = ?, role = ?, pairing_id = ?, side = ?, unit_id = ?, can_export = ?, "
                               "disabled = ?, version = version + 1 WHERE id = ? AND version = ?", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    db_bind_text(s, 1, a->name);
    bind_scope(s, 2, a);
    db_bind_int64(s, 8, a->id);
    db_bind_int64(s, 9, a->version);
    int rc = db_step(s, e);
    db_done(s);
    if (rc < 0) return rc;
    if (db_int64(d, "SELECT version FROM users WHERE id = ?", -1, 1, a->id) != a->version + 1)
        return err_set(e, DK_ESTALE, "stale_version", "version", "账号已被他人修改，请刷新后重试 (the account changed; reload)");
    a->version++;
    return DK_OK;
}

int accounts_set_password(db *d, int64_t id, const char *password_hash, dk_err *e)
{
    db_stmt *s = db_prepare(d, "UPDATE users SET password_hash = ?, version = version + 1 WHERE id = ?", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    db_bind_text(s, 1, password_hash);
    db_bind_int64(s, 2, id);
    int rc = db_step(s, e);
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

json_t *account_json(const struct account *a)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:b, s:I}", "id", (json_int_t)a->id, "login", a->login, "name",
                     a->name, "role", role_code(a->role), "pairing_id",
                     a->pairing_id ? json_integer(a->pairing_id) : json_null(), "side",
                     a->side[0] ? json_string(a->side) : json_null(), "unit_id",
                     a->unit_id ? json_integer(a->unit_id) : json_null(), "can_export", a->can_export, "disabled",
                     a->disabled, "version", (json_int_t)a->version);
}

json_t *accounts_list(db *d, dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT id, login, name, role, pairing_id, side, unit_id, can_export, disabled, created_at, "
                               "version FROM users ORDER BY id", e);
    return s ? rows_to_json(s, e) : NULL;
}

static int run_text(db *d, const char *sql, int n, const char *const *texts, dk_err *e)
{
    db_stmt *s = db_prepare(d, sql, e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    for (int i = 0; i < n; i++) db_bind_text(s, i + 1, texts[i]);
    int rc = db_step(s, e);
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

int sessions_insert(db *d, const char *token_hash, const char *csrf, int64_t user_id, const char *ip, const char *now,
                    dk_err *e)
{
    db_stmt *s = db_prepare(d, "INSERT INTO sessions (token_hash, csrf_token, user_id, ip, created_at, last_seen) "
                               "VALUES (?, ?, ?, ?, ?, ?)", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    db_bind_text(s, 1, token_hash);
    db_bind_text(s, 2, csrf);
    db_bind_int64(s, 3, user_id);
    db_bind_text(s, 4, ip);
    db_bind_text(s, 5, now);
    db_bind_text(s, 6, now);
    int rc = db_step(s, e);
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

int sessions_find(db *d, const char *token_hash, const char *idle_since, const char *absolute_since, int64_t *session_id,
                  int64_t *user_id, char csrf[64], char last_seen[24], dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT id, user_id, csrf_token, last_seen FROM sessions WHERE token_hash = ? AND ended_at IS NULL "
                               "AND last_seen >= ? AND created_at >= ?", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    db_bind_text(s, 1, token_hash);
    db_bind_text(s, 2, idle_since);
    db_bind_text(s, 3, absolute_since);
    int rc = db_step(s, e);
    if (rc == DB_ROW) {
        *session_id = db_col_int64(s, 0);
        *user_id = db_col_int64(s, 1);
        copy(csrf, 64, db_col_text(s, 2));
        copy(last_seen, 24, db_col_text(s, 3));
    }
    db_done(s);
    if (rc == DB_DONE) return err_set(e, DK_EUNAUTH, "unauthenticated", "", "会话已过期或无效，请重新登录 (session expired or invalid)");
    return rc < 0 ? rc : DK_OK;
}

/* Runs sql with a text then an int64 parameter. */
static int run_text_id(db *d, const char *sql, const char *text, int64_t id, dk_err *e)
{
    db_stmt *s = db_prepare(d, sql, e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    db_bind_text(s, 1, text);
    db_bind_int64(s, 2, id);
    int rc = db_step(s, e);
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

int sessions_touch(db *d, int64_t session_id, const char *now, dk_err *e)
{
    return run_text_id(d, "UPDATE sessions SET last_seen = ? WHERE id = ?", now, session_id, e);
}

int sessions_end(db *d, int64_t session_id, const char *now, dk_err *e)
{
    return run_text_id(d, "UPDATE sessions SET ended_at = ? WHERE id = ?", now, session_id, e);
}

int tokens_insert(db *d, int64_t user_id, const char *name, const char *token_hash, const char *now, int64_t *id, dk_err *e)
{
    db_stmt *s = db_prepare(d, "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    db_bind_int64(s, 1, user_id);
    db_bind_text(s, 2, name);
    db_bind_text(s, 3, token_hash);
    db_bind_text(s, 4, now);
    int rc = db_step(s, e);
    if (rc == DB_ROW) *id = db_col_int64(s, 0);
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

int tokens_find(db *d, const char *token_hash, int64_t *token_id, int64_t *user_id, dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT id, user_id FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    db_bind_text(s, 1, token_hash);
    int rc = db_step(s, e);
    if (rc == DB_ROW) {
        *token_id = db_col_int64(s, 0);
        *user_id = db_col_int64(s, 1);
    }
    db_done(s);
    if (rc == DB_DONE) return err_set(e, DK_EUNAUTH, "unauthenticated", "", "令牌无效或已吊销 (invalid or revoked token)");
    return rc < 0 ? rc : DK_OK;
}

int tokens_revoke(db *d, int64_t token_id, int64_t user_id, const char *now, dk_err *e)
{
    if (!db_int64(d, "SELECT COUNT(*) FROM api_tokens WHERE id = ? AND user_id = ? AND revoked_at IS NULL", 0, 2, token_id, user_id))
        return err_set(e, DK_ENOTFOUND, "not_found", "id", "令牌不存在或已吊销 (no such token)");
    return run_text_id(d, "UPDATE api_tokens SET revoked_at = ? WHERE id = ?", now, token_id, e);
}

json_t *tokens_list(db *d, int64_t user_id, dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT id, name, created_at, last_used, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id", e);
    if (!s) return NULL;
    db_bind_int64(s, 1, user_id);
    return rows_to_json(s, e);
}

static int64_t count_since(db *d, const char *sql, const char *key, const char *since)
{
    db_stmt *s = db_prepare(d, sql, NULL);
    if (!s) return 0;
    db_bind_text(s, 1, key);
    db_bind_text(s, 2, since);
    int64_t n = db_step(s, NULL) == DB_ROW ? db_col_int64(s, 0) : 0;
    db_done(s);
    return n;
}

int64_t failures_by_login(db *d, const char *login, const char *since)
{
    return count_since(d, "SELECT COUNT(*) FROM login_failures WHERE login = ? AND at >= ?", login, since);
}

int64_t failures_by_ip(db *d, const char *ip, const char *since)
{
    return ip ? count_since(d, "SELECT COUNT(*) FROM login_failures WHERE ip = ? AND at >= ?", ip, since) : 0;
}

int failures_add(db *d, const char *login, const char *ip, const char *now, dk_err *e)
{
    const char *v[] = {login, ip, now};
    return run_text(d, "INSERT INTO login_failures (login, ip, at) VALUES (?, ?, ?)", 3, v, e);
}

int failures_purge(db *d, const char *since, dk_err *e)
{
    const char *v[] = {since};
    return run_text(d, "DELETE FROM login_failures WHERE at < ?", 1, v, e);
}

int failures_clear(db *d, const char *login, dk_err *e)
{
    const char *v[] = {login};
    return run_text(d, "DELETE FROM login_failures WHERE login = ?", 1, v, e);
}
