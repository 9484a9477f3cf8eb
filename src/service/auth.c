/*
 * auth.c — accounts, sessions, tokens and login throttling (see auth.h). Every change to an
 * account, a session or a token is audited; failed logins are counted, not audited.
 */
#include "service/auth.h"
#include "core/dates.h"
#include "service/refcheck.h"
#include "store/audit.h"
#include "util/jsonin.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

void auth_token_hash(const char *token, char hash[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(hash, 65, h, sizeof h);
}

void auth_new_token(char out[AUTH_TOKEN_LEN], char hash[65])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, AUTH_TOKEN_LEN, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    if (hash) auth_token_hash(out, hash);
}

int auth_hash_password(const char *password, char *out, size_t out_size, dk_err *e)
{
    size_t n = password ? strlen(password) : 0, chars = 0;
    for (size_t i = 0; i < n; i++) chars += ((unsigned char)password[i] & 0xC0) != 0x80;
    if (chars < 10) return err_set(e, DK_EINVAL, "weak_password", "password", "密码至少 10 个字符 (password needs at least 10 characters)");
    if (n > 256) return err_set(e, DK_EINVAL, "invalid_field", "password", "密码过长 (password too long)");
    if (out_size < crypto_pwhash_STRBYTES ||
        crypto_pwhash_str(out, password, n, crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return err_set(e, DK_EINTERNAL, "hash_failed", "", "无法计算密码散列 (out of memory hashing the password)");
    return DK_OK;
}

static int live_account(db *d, int64_t user_id, struct auth_ctx *ctx, dk_err *e)
{
    if (accounts_by_id(d, user_id, &ctx->acc, NULL) != DK_OK || ctx->acc.disabled) {
        memset(&ctx->acc, 0, sizeof ctx->acc);
        return err_set(e, DK_EUNAUTH, "unauthenticated", "", "账号已停用或不存在 (account disabled)");
    }
    return DK_OK;
}

int auth_resolve(db *d, const char *authorization, const char *session_token, struct auth_ctx *ctx, dk_err *e)
{
    memset(ctx, 0, sizeof *ctx);
    char hash[65];
    if (authorization && *authorization) {
        if (strncmp(authorization, "Bearer ", 7) != 0 || strlen(authorization + 7) >= AUTH_TOKEN_LEN)
            return err_set(e, DK_EUNAUTH, "unauthenticated", "Authorization", "Authorization 应为 Bearer 令牌 (expected a Bearer token)");
        auth_token_hash(authorization + 7, hash);
        int64_t token_id, user_id;
        int rc = tokens_find(d, hash, &token_id, &user_id, e);
        if (rc != DK_OK) return rc;
        return live_account(d, user_id, ctx, e);
    }
    if (session_token && *session_token) {
        if (strlen(session_token) >= AUTH_TOKEN_LEN)
            return err_set(e, DK_EUNAUTH, "unauthenticated", "", "会话无效，请重新登录 (invalid session)");
        auth_token_hash(session_token, hash);
        char idle[21], absolute[21], last_seen[24], now[21];
        time_iso_ago(SESSION_IDLE_S, idle);
        time_iso_ago(SESSION_ABSOLUTE_S, absolute);
        int64_t user_id;
        int rc = sessions_find(d, hash, idle, absolute, &ctx->session_id, &user_id, ctx->csrf, last_seen, e);
        if (rc != DK_OK) return rc;
        rc = live_account(d, user_id, ctx, e);
        if (rc != DK_OK) return rc;
        /* note the use at most once a minute: the idle clock restarts without a write per request */
        char minute_ago[21];
        time_iso_ago(60, minute_ago);
        time_now_iso(now);
        if (strcmp(last_seen, minute_ago) < 0) sessions_touch(d, ctx->session_id, now, NULL);
    }
    return DK_OK;
}

void auth_actor(const struct auth_ctx *ctx, const char *ip, struct actor *out)
{
    memset(out, 0, sizeof *out);
    out->name = ctx->acc.id ? ctx->acc.login : "anonymous";
    out->role = ctx->acc.role;
    out->unit_id = ctx->acc.unit_id;
    out->ip = ip;
    out->pairing_id = ctx->acc.pairing_id;
    out->side = ctx->acc.side[0] ? ctx->acc.side : NULL;
    out->can_export = ctx->acc.can_export;
    out->user_id = ctx->acc.id;
}

/* A hash of a password nobody has, so an unknown login costs the same as a wrong password. */
static char dummy[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
    if (crypto_pwhash_str(dummy, "duikou-no-such-account", 22, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        dummy[0] = '\0';
}

static const char *dummy_hash(void)
{
    pthread_once(&dummy_once, make_dummy);
    return dummy;
}

int auth_login(db *d, const char *login, const char *password, const char *ip, char token[AUTH_TOKEN_LEN],
               char csrf[AUTH_TOKEN_LEN], struct account *acc, dk_err *e)
{
    if (!login || !*login || strlen(login) > 64 || !password || !*password || strlen(password) > 256)
        return err_set(e, DK_EINVAL, "invalid_credentials_format", "login", "请填写账号和密码 (login and password required, at most 64/256 characters)");
    char since[21], now[21];
    time_iso_ago(THROTTLE_WINDOW_S, since);
    time_now_iso(now);
    if (failures_by_login(d, login, since) >= THROTTLE_PER_LOGIN || failures_by_ip(d, ip, since) >= THROTTLE_PER_IP)
        return err_set(e, DK_ETHROTTLED, "too_many_attempts", "", "登录失败次数过多，请 15 分钟后再试 (too many failed logins; try again in 15 minutes)");
    char hash[crypto_pwhash_STRBYTES + 1] = "";
    dk_err ignore;
    int found = accounts_by_login(d, login, acc, hash, sizeof hash, &ignore) == DK_OK;
    int ok = crypto_pwhash_str_verify(found ? hash : dummy_hash(), password, strlen(password)) == 0;
    if (!found || !ok || acc->disabled) {
        int rc = db_begin_write(d, e);
        if (rc == DK_OK) {
            failures_add(d, login, ip, now, NULL);
            failures_purge(d, since, NULL);
            db_commit(d, NULL);
        }
        return err_set(e, DK_EUNAUTH, "invalid_credentials", "", "账号或密码错误 (wrong login or password)");
    }
    char token_hash[65];
    auth_new_token(token, token_hash);
    auth_new_token(csrf, NULL);
    int rc = db_begin_write(d, e);
    if (rc != DK_OK) return rc;
    struct actor who = {acc->login, acc->role, acc->unit_id, ip, acc->pairing_id, NULL, acc->can_export, acc->id};
    if ((rc = sessions_insert(d, token_hash, csrf, acc->id, ip, now, e)) == DK_OK &&
        (rc = failures_clear(d, login, e)) == DK_OK && (rc = audit_append(d, &who, "auth.login", "users", acc->id, NULL, e)) == DK_OK)
        return db_commit(d, e);
    db_rollback(d);
    return rc;
}

int auth_logout(db *d, const struct actor *who, int64_t session_id, dk_err *e)
{
    char now[21];
    time_now_iso(now);
    int rc = db_begin_write(d, e);
    if (rc != DK_OK) return rc;
    if ((rc = sessions_end(d, session_id, now, e)) == DK_OK && (rc = audit_append(d, who, "auth.logout", "users", who->user_id, NULL, e)) == DK_OK)
        return db_commit(d, e);
    db_rollback(d);
    return rc;
}

/* Reads the account fields present in body onto a; checks keys, types, role and scope. */
static int apply_account(db *d, struct account *a, json_t *body, int creating, dk_err *e)
{
    static const char *const keys[] = {"login", "name", "role", "password", "pairing", "side", "unit_id", "can_export", "disabled", NULL};
    if (!json_is_object(body)) return err_set(e, DK_EINVAL, "invalid_body", "", "请求体应为 JSON 对象 (body must be a JSON object)");
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v) {
        int known = 0;
        for (const char *const *k = keys; *k; k++) known |= strcmp(*k, key) == 0;
        if (!known || (!creating && strcmp(key, "login") == 0))
            return err_set(e, DK_EINVAL, "unknown_field", key, "未知字段 %.60s (unknown field)", key);
        int want_bool = strcmp(key, "can_export") == 0 || strcmp(key, "disabled") == 0;
        int want_int = strcmp(key, "unit_id") == 0;
        if (want_bool ? !json_is_boolean(v) : want_int ? !(json_is_integer(v) || json_is_null(v)) : !(json_is_string(v) || json_is_null(v)))
            return err_set(e, DK_EINVAL, "invalid_type", key, "%s 类型不对 (wrong type)", key);
    }
    const char *t;
    if (creating) {
        t = json_text(body, "login");
        if (!t || !*t || strlen(t) >= sizeof a->login) return err_set(e, DK_EINVAL, "missing_field", "login", "缺少账号 login（最多 63 字节）");
        for (const char *p = t; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-'))
                return err_set(e, DK_EINVAL, "invalid_field", "login", "账号只能用小写字母、数字和 . _ - (login: a-z 0-9 . _ -)");
        snprintf(a->login, sizeof a->login, "%s", t);
    }
    if ((t = json_text(body, "name"))) snprintf(a->name, sizeof a->name, "%s", t);
    if (creating && !a->name[0]) snprintf(a->name, sizeof a->name, "%s", a->login);
    if ((t = json_text(body, "role"))) {
        int r = role_parse(t);
        if (r < 0) return err_set(e, DK_EINVAL, "invalid_field", "role", "角色应为 admin、office、unit、partner 或 viewer");
        a->role = (enum role)r;
    } else if (creating) {
        return err_set(e, DK_EINVAL, "missing_field", "role", "缺少角色 role");
    }
    json_t *pv = json_object_get(body, "pairing");
    if (json_is_null(pv)) a->pairing_id = 0;
    else if ((t = json_text(body, "pairing"))) {
        a->pairing_id = ref_pairing(d, t, "pairing", e);
        if (!a->pairing_id) return e->status;
    }
    json_t *sv = json_object_get(body, "side");
    if (json_is_null(sv)) a->side[0] = '\0';
    else if ((t = json_text(body, "side"))) {
        if (strcmp(t, "host") && strcmp(t, "partner")) return err_set(e, DK_EINVAL, "invalid_field", "side", "side 应为 host 或 partner");
        snprintf(a->side, sizeof a->side, "%s", t);
    }
    json_t *uv = json_object_get(body, "unit_id");
    if (uv) a->unit_id = json_is_integer(uv) ? json_integer_value(uv) : 0;
    if (json_object_get(body, "can_export")) a->can_export = json_is_true(json_object_get(body, "can_export"));
    if (json_object_get(body, "disabled")) a->disabled = json_is_true(json_object_get(body, "disabled"));
    /* the scope each role needs */
    if (a->role != ROLE_ADMIN && a->role != ROLE_VIEWER && !a->pairing_id)
        return err_set(e, DK_ERULE, "scope_required", "pairing", "该角色须指定所属对口合作关系 pairing (this role works in one pairing)");
    if (a->role == ROLE_UNIT && !a->unit_id) return err_set(e, DK_ERULE, "scope_required", "unit_id", "责任单位账号须指定单位 unit_id");
    if (a->unit_id) {
        int rc = ref_unit(d, a->unit_id, a->pairing_id, "unit_id", e);
        if (rc != DK_OK) return rc;
    }
    if ((a->role == ROLE_OFFICE || a->role == ROLE_PARTNER) && !a->side[0])
        return err_set(e, DK_ERULE, "scope_required", "side", "合作办和对方合作办账号须指定 side（host 或 partner）");
    if (a->role == ROLE_ADMIN) {
        a->pairing_id = a->unit_id = 0;
        a->side[0] = '\0';
    }
    return DK_OK;
}

static int require_admin(const struct actor *who, dk_err *e)
{
    return who->role == ROLE_ADMIN ? DK_OK : err_set(e, DK_EFORBIDDEN, "forbidden", "", "只有管理员可以管理账号 (admin only)");
}

int auth_user_create(db *d, const struct actor *who, json_t *body, int64_t *id, dk_err *e)
{
    int rc = require_admin(who, e);
    if (rc != DK_OK) return rc;
    struct account a;
    memset(&a, 0, sizeof a);
    char hash[crypto_pwhash_STRBYTES];
    /* argon2id is slow on purpose: hash before taking the write lock every writer waits for */
    if (!json_is_object(body)) return err_set(e, DK_EINVAL, "invalid_body", "", "请求体应为 JSON 对象 (body must be a JSON object)");
    if ((rc = auth_hash_password(json_text(body, "password"), hash, sizeof hash, e)) != DK_OK) return rc;
    if ((rc = db_begin_write(d, e)) != DK_OK) return rc;
    if ((rc = apply_account(d, &a, body, 1, e)) != DK_OK) goto fail;
    char now[21];
    time_now_iso(now);
    if ((rc = accounts_insert(d, &a, hash, now, e)) != DK_OK) goto fail;
    json_t *after = account_json(&a);
    struct audit_entry ae = {who, "user.create", "users", a.id, NULL, NULL, after};
    rc = audit_write(d, &ae, e);
    json_decref(after);
    if (rc != DK_OK) goto fail;
    *id = a.id;
    return db_commit(d, e);
fail:
    db_rollback(d);
    return rc;
}

int auth_user_update(db *d, const struct actor *who, int64_t id, int64_t if_match, json_t *body, dk_err *e)
{
    int rc = require_admin(who, e);
    if (rc != DK_OK) return rc;
    struct account a;
    const char *pw = json_is_object(body) ? json_text(body, "password") : NULL;
    char hash[crypto_pwhash_STRBYTES];
    if (pw && (rc = auth_hash_password(pw, hash, sizeof hash, e)) != DK_OK) return rc; /* before the write lock */
    if ((rc = db_begin_write(d, e)) != DK_OK) return rc;
    if ((rc = accounts_by_id(d, id, &a, e)) != DK_OK) goto fail;
    if (if_match && if_match != a.version) {
        rc = err_set(e, DK_ESTALE, "stale_version", "version", "账号已被他人修改（当前版本 %lld）", (long long)a.version);
        goto fail;
    }
    json_t *before = account_json(&a);
    if ((rc = apply_account(d, &a, body, 0, e)) == DK_OK) rc = accounts_update(d, &a, e);
    if (rc == DK_OK && pw) rc = accounts_set_password(d, id, hash, e);
    if (rc == DK_OK && (a.disabled || pw)) /* a disabled account or a new password ends its sessions */
        rc = db_run(d, "UPDATE sessions SET ended_at = created_at WHERE user_id = ? AND ended_at IS NULL", e, 1, id);
    json_t *after = rc == DK_OK ? account_json(&a) : NULL;
    if (rc == DK_OK) {
        if (pw) json_object_set_new(after, "password", json_string("(changed)"));
        struct audit_entry ae = {who, "user.update", "users", id, NULL, before, after};
        rc = audit_write(d, &ae, e);
    }
    json_decref(before);
    json_decref(after);
    if (rc != DK_OK) goto fail;
    return db_commit(d, e);
fail:
    db_rollback(d);
    return rc;
}

int auth_set_password(db *d, const struct actor *who, const char *login, const char *password, dk_err *e)
{
    char hash[crypto_pwhash_STRBYTES];
    int rc = auth_hash_password(password, hash, sizeof hash, e);
    if (rc != DK_OK) return rc;
    struct account a;
    if ((rc = db_begin_write(d, e)) != DK_OK) return rc;
    if ((rc = accounts_by_login(d, login, &a, NULL, 0, e)) == DK_OK && (rc = accounts_set_password(d, a.id, hash, e)) == DK_OK &&
        (rc = db_run(d, "UPDATE sessions SET ended_at = created_at WHERE user_id = ? AND ended_at IS NULL", e, 1, a.id)) == DK_OK &&
        (rc = audit_append(d, who, "user.password", "users", a.id, NULL, e)) == DK_OK)
        return db_commit(d, e);
    db_rollback(d);
    return rc;
}

int auth_token_create(db *d, const struct actor *who, const char *name, char token[AUTH_TOKEN_LEN], int64_t *id, dk_err *e)
{
    if (!who->user_id) return err_set(e, DK_EFORBIDDEN, "forbidden", "", "需要登录账号 (an account is required)");
    if (!name || !*name || strlen(name) > 100) return err_set(e, DK_EINVAL, "missing_field", "name", "缺少令牌名称 name（最多 100 字节）");
    char hash[65], now[21];
    auth_new_token(token, hash);
    time_now_iso(now);
    int rc = db_begin_write(d, e);
    if (rc != DK_OK) return rc;
    json_t *detail = json_pack("{s:s}", "name", name);
    if ((rc = tokens_insert(d, who->user_id, name, hash, now, id, e)) == DK_OK)
        rc = audit_append(d, who, "token.create", "api_tokens", *id, detail, e);
    json_decref(detail);
    if (rc == DK_OK) return db_commit(d, e);
    db_rollback(d);
    return rc;
}

int auth_token_revoke(db *d, const struct actor *who, int64_t id, dk_err *e)
{
    char now[21];
    time_now_iso(now);
    int rc = db_begin_write(d, e);
    if (rc != DK_OK) return rc;
    if ((rc = tokens_revoke(d, id, who->user_id, now, e)) == DK_OK && (rc = audit_append(d, who, "token.revoke", "api_tokens", id, NULL, e)) == DK_OK)
        return db_commit(d, e);
    db_rollback(d);
    return rc;
}
