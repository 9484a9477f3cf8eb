/* auth.c — /api/v1/auth (login, logout, me), /api/v1/tokens and /api/v1/users. */
#include "api/api.h"
#include "service/auth.h"
#include <string.h>

/* The session cookie: HttpOnly, SameSite=Strict, Path=/, Secure over TLS. */
static void set_session_cookie(struct http_req *req, struct http_resp *resp, const char *token, int max_age)
{
    snprintf(resp->set_cookie, sizeof resp->set_cookie, "duikou_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
             token, max_age, req->secure ? "; Secure" : "");
}

void api_auth_login(struct http_req *req, struct http_resp *resp)
{
    static const char *const fields[] = {"login", "password", NULL};
    json_t *body = http_json_body(req, resp);
    if (!body) return;
    if (api_string_fields(body, fields, resp)) {
        json_decref(body);
        return;
    }
    char token[AUTH_TOKEN_LEN], csrf[AUTH_TOKEN_LEN];
    struct account acc;
    dk_err e;
    err_clear(&e);
    int rc = auth_login(req->db, json_string_value(json_object_get(body, "login")),
                        json_string_value(json_object_get(body, "password")), req->actor.ip, token, csrf, &acc, &e);
    json_decref(body);
    if (rc != DK_OK) {
        http_send_error(resp, &e);
        return;
    }
    set_session_cookie(req, resp, token, SESSION_ABSOLUTE_S);
    http_send_json(resp, 200, json_pack("{s:o, s:s}", "user", account_json(&acc), "csrf_token", csrf));
}

void api_auth_logout(struct http_req *req, struct http_resp *resp)
{
    if (!req->session_id) {
        http_send_error3(resp, 400, "no_session", "", "令牌调用没有会话可退出；吊销令牌请用 DELETE /api/v1/tokens/{id}");
        return;
    }
    dk_err e;
    err_clear(&e);
    if (auth_logout(req->db, &req->actor, req->session_id, &e) != DK_OK) {
        http_send_error(resp, &e);
        return;
    }
    set_session_cookie(req, resp, "", 0);
    http_send_json(resp, 200, json_pack("{s:b}", "signed_out", 1));
}

void api_auth_me(struct http_req *req, struct http_resp *resp)
{
    struct account acc;
    dk_err e;
    err_clear(&e);
    if (accounts_by_id(req->db, req->actor.user_id, &acc, &e) != DK_OK) {
        http_send_error(resp, &e);
        return;
    }
    json_t *out = json_pack("{s:o, s:s}", "user", account_json(&acc), "via", req->session_id ? "session" : "token");
    if (req->session_id) {
        char csrf[AUTH_TOKEN_LEN] = "";
        db_stmt *s = db_prepare(req->db, "SELECT csrf_token FROM sessions WHERE id = ?", NULL);
        if (s) {
            db_bind_int64(s, 1, req->session_id);
            if (db_step(s, NULL) == DB_ROW) snprintf(csrf, sizeof csrf, "%s", db_col_text(s, 0));
            db_done(s);
        }
        json_object_set_new(out, "csrf_token", json_string(csrf));
    }
    http_send_json(resp, 200, out);
}

void api_tokens_list(struct http_req *req, struct http_resp *resp)
{
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, api_items(tokens_list(req->db, req->actor.user_id, &e)), &e);
}

void api_tokens_create(struct http_req *req, struct http_resp *resp)
{
    static const char *const fields[] = {"name", NULL};
    json_t *body = http_json_body(req, resp);
    if (!body) return;
    if (api_string_fields(body, fields, resp)) {
        json_decref(body);
        return;
    }
    char token[AUTH_TOKEN_LEN];
    int64_t id = 0;
    dk_err e;
    err_clear(&e);
    int rc = auth_token_create(req->db, &req->actor, json_string_value(json_object_get(body, "name")), token, &id, &e);
    json_t *name = json_incref(json_object_get(body, "name"));
    json_decref(body);
    if (rc != DK_OK) {
        json_decref(name);
        http_send_error(resp, &e);
        return;
    }
    http_send_json(resp, 201, json_pack("{s:I, s:o, s:s}", "id", (json_int_t)id, "name", name, "token", token));
}

void api_tokens_revoke(struct http_req *req, struct http_resp *resp)
{
    int64_t id = api_param_id(req, 0, resp, "令牌");
    if (!id) return;
    dk_err e;
    err_clear(&e);
    if (auth_token_revoke(req->db, &req->actor, id, &e) != DK_OK) http_send_error(resp, &e);
    else http_send_json(resp, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "revoked", 1));
}

void api_users_list(struct http_req *req, struct http_resp *resp)
{
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, api_items(accounts_list(req->db, &e)), &e);
}

static json_t *read_user(struct http_req *req, int64_t id, dk_err *e)
{
    struct account a;
    return accounts_by_id(req->db, id, &a, e) == DK_OK ? account_json(&a) : NULL;
}

void api_users_create(struct http_req *req, struct http_resp *resp)
{
    json_t *body = http_json_body(req, resp);
    if (!body) return;
    dk_err e;
    err_clear(&e);
    int64_t id = 0;
    int rc = auth_user_create(req->db, &req->actor, body, &id, &e);
    json_decref(body);
    if (rc != DK_OK) http_send_error(resp, &e);
    else api_send_record(req, resp, id, 201, read_user);
}

void api_users_update(struct http_req *req, struct http_resp *resp)
{
    api_versioned_write(req, resp, "账号", auth_user_update, read_user);
}
