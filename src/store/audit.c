/*
 * audit.c — appends chained audit rows and verifies the chain (see audit.h).
 *
 * The hash of a row is SHA-256 over: the previous row's hash (hex, "" for the first row), then
 * each of at, actor, ip, action, entity, entity_id, detail, before, after as its text (NULL as
 * "\N"), each followed by a 0x1f byte; a row written by an import also carries its change set
 * id, hashed after them (rows without one hash as before). Appends are serialised by the write lock every write
 * transaction takes (SQLite's single writer; an advisory lock on PostgreSQL), so the chain has
 * one order: by id.
 */
#include "store/audit.h"
#include "core/dates.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define HASH_HEX (crypto_hash_sha256_BYTES * 2 + 1)

/* The change set this thread's writes belong to (an import sets it for its transaction). */
static _Thread_local const char *g_change_set;

void audit_set_change_set(const char *id)
{
    g_change_set = id;
}

static void feed(crypto_hash_sha256_state *st, const char *s)
{
    if (!s) s = "\\N";
    crypto_hash_sha256_update(st, (const unsigned char *)s, strlen(s));
    crypto_hash_sha256_update(st, (const unsigned char *)"\x1f", 1);
}

/* Row fields in hash order: at, actor, ip, action, entity, entity_id, detail, before, after,
 * then the change set when there is one. */
static void row_hash(const char *prev, const char *const f[10], char out[HASH_HEX])
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    feed(&st, prev ? prev : "");
    for (int i = 0; i < 9; i++) feed(&st, f[i]);
    if (f[9]) feed(&st, f[9]);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, HASH_HEX, h, sizeof h);
}

static char *dump(json_t *v)
{
    return v ? json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII | JSON_ENCODE_ANY) : NULL;
}

/* Keeps in *b and *a only the keys whose values differ between before and after. */
static void diff(json_t *before, json_t *after, json_t **b, json_t **a)
{
    *b = *a = NULL;
    if (!json_is_object(before) || !json_is_object(after)) {
        *b = before ? json_incref(before) : NULL;
        *a = after ? json_incref(after) : NULL;
        return;
    }
    *b = json_object();
    *a = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(after, k, v) {
        json_t *old = json_object_get(before, k);
        if (!old || !json_equal(old, v)) {
            json_object_set(*b, k, old ? old : json_null());
            json_object_set(*a, k, v);
        }
    }
    json_object_foreach(before, k, v) {
        if (!json_object_get(after, k)) {
            json_object_set(*b, k, v);
            json_object_set(*a, k, json_null());
        }
    }
}

int audit_write(db *d, const struct audit_entry *a, dk_err *e)
{
    char prev[HASH_HEX] = "";
    db_stmt *s = db_prepare(d, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    int rc = db_step(s, e);
    if (rc == DB_ROW && db_col_text(s, 0)) snprintf(prev, sizeof prev, "%s", db_col_text(s, 0));
    db_done(s);
    if (rc < 0) return rc;

    json_t *b, *af;
    diff(a->before, a->after, &b, &af);
    char now[21], id_text[24] = "";
    time_now_iso(now);
    if (a->entity_id > 0) snprintf(id_text, sizeof id_text, "%lld", (long long)a->entity_id);
    char *detail = dump(a->detail), *before = dump(b), *after = dump(af);
    json_decref(b);
    json_decref(af);
    const char *ip = a->who->ip && *a->who->ip ? a->who->ip : NULL;
    const char *fields[10] = {now, a->who->name, ip, a->action, a->entity, a->entity_id > 0 ? id_text : NULL,
                              detail, before, after, g_change_set};
    char hash[HASH_HEX];
    row_hash(prev, fields, hash);

    s = db_prepare(d, "INSERT INTO audit_log (at, actor, ip, action, entity, entity_id, detail, before_json, after_json, "
                      "prev_hash, hash, change_set) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
    if (!s) rc = e ? e->status : DK_EINTERNAL;
    else {
        db_bind_text(s, 1, now);
        db_bind_text(s, 2, a->who->name);
        db_bind_text(s, 3, ip);
        db_bind_text(s, 4, a->action);
        db_bind_text(s, 5, a->entity);
        db_bind_opt_int64(s, 6, a->entity_id > 0, a->entity_id);
        db_bind_text(s, 7, detail);
        db_bind_text(s, 8, before);
        db_bind_text(s, 9, after);
        db_bind_text(s, 10, prev[0] ? prev : NULL);
        db_bind_text(s, 11, hash);
        db_bind_text(s, 12, g_change_set);
        rc = db_step(s, e);
        db_done(s);
    }
    free(detail);
    free(before);
    free(after);
    return rc < 0 ? rc : DK_OK;
}

int audit_append(db *d, const struct actor *who, const char *action, const char *entity, int64_t entity_id,
                 json_t *detail, dk_err *e)
{
    struct audit_entry a = {who, action, entity, entity_id, detail, NULL, NULL};
    return audit_write(d, &a, e);
}

int audit_verify(db *d, int64_t *rows, int64_t *bad_id, dk_err *e)
{
    *rows = 0;
    *bad_id = 0;
    db_stmt *s = db_prepare(d, "SELECT id, at, actor, ip, action, entity, entity_id, detail, before_json, after_json, "
                               "prev_hash, hash, change_set FROM audit_log ORDER BY id", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    char prev[HASH_HEX] = "";
    int rc;
    while ((rc = db_step(s, e)) == DB_ROW) {
        (*rows)++;
        int64_t id = db_col_int64(s, 0);
        const char *stored = db_col_text(s, 11), *stored_prev = db_col_text(s, 10);
        const char *fields[10];
        for (int i = 0; i < 9; i++) fields[i] = db_col_text(s, i + 1);
        fields[9] = db_col_text(s, 12);
        char want[HASH_HEX];
        row_hash(prev, fields, want);
        int linked = prev[0] ? (stored_prev && strcmp(stored_prev, prev) == 0) : (!stored_prev || !*stored_prev);
        if (!stored || !linked || strcmp(stored, want) != 0) {
            *bad_id = id;
            db_done(s);
            return err_set(e, DK_ERULE, "audit_broken", "", "审计记录 %lld 被篡改或链条断开 (audit row %lld does not match its hash chain)",
                           (long long)id, (long long)id);
        }
        snprintf(prev, sizeof prev, "%s", stored);
    }
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}
