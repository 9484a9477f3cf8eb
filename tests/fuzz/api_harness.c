/*
 * api_harness.c — the scratch database, the rolled-back request and the loopback request the API
 * fuzz targets share (see api_harness.h).
 */
#include "api_harness.h"
#include "loopback.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/dates.h"
#include "demo/demo.h"
#include "search/fold.h"
#include "service/auth.h"
#include "store/migrate.h"
#include "store/refdata.h"
#include "store/search_index.h"

static db *g_db;
static int64_t g_audit_max; /* the last audit row of the scratch database: no request may add one that stays */
static int g_trace;         /* DUIKOU_FUZZ_TRACE set: each request and its answer on stderr (writing a corpus) */

static void die(const char *what, const dk_err *e)
{
    fprintf(stderr, "api_harness: %s: %s\n", what, e ? e->message : "");
    abort();
}

static void close_db(void)
{
    db_close(g_db);
    g_db = NULL;
}

/* An account (no usable password: the API token is how it signs in) and its fixed token. */
static void add_account(const char *login, enum role role, int64_t pairing, const char *side, int64_t unit,
                        const char *token)
{
    struct account a;
    memset(&a, 0, sizeof a);
    snprintf(a.login, sizeof a.login, "%s", login);
    snprintf(a.name, sizeof a.name, "%s", login);
    a.role = role;
    a.pairing_id = pairing;
    snprintf(a.side, sizeof a.side, "%s", side);
    a.unit_id = unit;
    a.can_export = 1;
    char now[21], hash[65];
    time_now_iso(now);
    auth_token_hash(token, hash);
    dk_err e;
    err_clear(&e);
    int64_t id = 0;
    if (accounts_insert(g_db, &a, "!", now, &e) != DK_OK || tokens_insert(g_db, a.id, "fuzz", hash, now, &id, &e) != DK_OK)
        die(login, &e);
}

void fuzz_api_init(void)
{
    if (g_db) return;
    g_trace = getenv("DUIKOU_FUZZ_TRACE") != NULL;
    setenv("DUIKOU_TODAY", FUZZ_API_TODAY, 1);
    dk_err e;
    err_clear(&e);
    if (sodium_init() < 0) die("sodium_init", NULL);
    if (search_fold_init(&e) != DK_OK) die("search_fold_init", &e);
    /* in memory: nothing to remove after a crash, and every process starts from the same state */
    if (db_open("sqlite::memory:", &g_db, &e) != DK_OK) die("db_open", &e);
    atexit(close_db);
    dk_date today = date_today();
    if (store_migrate(g_db, NULL, &e) != DK_OK || refdata_load(g_db, &e) != DK_OK ||
        demo_load(g_db, date_month_index(&today) - 1, &e) != DK_OK || search_index_rebuild(g_db, NULL, &e) != DK_OK)
        die("the scratch database", &e);
    int64_t pairing = db_int64(g_db, "SELECT id FROM pairings WHERE code = 'bj-sy'", 0, 0);
    int64_t unit = db_int64(g_db, "SELECT unit_id FROM projects WHERE code = 'JS2017-003'", 0, 0);
    if (!pairing || !unit) die("the demo data has no pairing bj-sy, or no unit responsible for JS2017-003", NULL);
    if (db_begin_write(g_db, &e) != DK_OK) die("begin", &e);
    add_account("fuzz-admin", ROLE_ADMIN, 0, "", 0, FUZZ_TOKEN_ADMIN);
    add_account("fuzz-office", ROLE_OFFICE, pairing, "host", 0, FUZZ_TOKEN_OFFICE);
    add_account("fuzz-unit", ROLE_UNIT, pairing, "", unit, FUZZ_TOKEN_UNIT);
    add_account("fuzz-partner", ROLE_PARTNER, pairing, "partner", 0, FUZZ_TOKEN_PARTNER);
    add_account("fuzz-viewer", ROLE_VIEWER, pairing, "", 0, FUZZ_TOKEN_VIEWER);
    if (db_commit(g_db, &e) != DK_OK) die("commit", &e);
    g_audit_max = db_int64(g_db, "SELECT COALESCE(MAX(id), 0) FROM audit_log", -1, 0);
}

static void fail(const struct http_req *req, const struct http_resp *resp, const char *why)
{
    fprintf(stderr, "api_harness: %s\n  request: %s %.300s (body %zu bytes: %.300s)\n  response: %d %.600s\n", why,
            req->method, req->path, req->body_len, req->body ? req->body : "", resp->status, sb_str(&resp->body));
    abort();
}

/* 1 when v is a string (non-empty when nonempty is set). */
static int is_text(json_t *v, int nonempty)
{
    return json_is_string(v) && (!nonempty || json_string_length(v) > 0);
}

/* What every response must be: a status below 500; JSON when it says so (and every error is
 * JSON), and an error in the one shape {"error":{"code","message","field"}}. */
static void check_response(const struct http_req *req, const struct http_resp *resp)
{
    if (resp->status < 200 || resp->status > 499) fail(req, resp, "a status outside 200–499 (a 5xx is a defect)");
    const char *type = resp->content_type ? resp->content_type : "application/json";
    int is_json = strncmp(type, "application/json", 16) == 0;
    if (resp->status >= 400 && !is_json) fail(req, resp, "an error that is not JSON");
    if (!is_json) return;
    json_error_t jerr;
    json_t *v = json_loadb(sb_str(&resp->body), resp->body.len, JSON_REJECT_DUPLICATES, &jerr);
    if (!v) fail(req, resp, "a body that is not JSON");
    int ok = json_is_object(v);
    if (ok && resp->status >= 400) {
        json_t *err = json_object_get(v, "error");
        ok = json_is_object(err) && is_text(json_object_get(err, "code"), 1) && is_text(json_object_get(err, "message"), 1) &&
             is_text(json_object_get(err, "field"), 0);
    }
    json_decref(v);
    if (!ok) fail(req, resp, resp->status >= 400 ? "an error not in the one error shape" : "a body that is not a JSON object");
}

int fuzz_api_run(struct http_req *req)
{
    fuzz_api_init();
    dk_err e;
    err_clear(&e);
    req->db = g_db;
    if (db_begin_write(g_db, &e) != DK_OK) die("begin", &e);
    struct http_resp resp;
    http_resp_init(&resp);
    http_dispatch(req, "127.0.0.1", &resp);
    if (g_trace) fprintf(stderr, "%s %s -> %d %.200s\n", req->method, req->path, resp.status, sb_str(&resp.body));
    check_response(req, &resp);
    db_rollback(g_db);
    /* the handler must have closed every transaction it opened: only then is "BEGIN" allowed */
    if (db_exec(g_db, "BEGIN", &e) != DK_OK) fail(req, &resp, "a transaction was left open");
    db_exec(g_db, "ROLLBACK", NULL);
    if (db_int64(g_db, "SELECT COALESCE(MAX(id), 0) FROM audit_log", -1, 0) != g_audit_max)
        fail(req, &resp, "a write outlived the rollback");
    sb_free(&resp.body);
    return resp.status;
}

int fuzz_api_http(const char *method, const char *target, const char *headers, const void *body, size_t len)
{
    fuzz_api_init(); /* before the daemon starts, so that it stops first at exit */
    return loopback_request(fuzz_api_run, method, target, headers, body, len);
}
