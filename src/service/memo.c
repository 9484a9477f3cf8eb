/* memo.c — remembered report answers keyed by the data's state (see memo.h). */
#include "service/memo.h"
#include "util/xmalloc.h"
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MEMO_SLOTS 64

static struct slot {
    char *key;
    char state[MEMO_STATE_LEN];
    json_t *v;
    uint64_t used;
} slots[MEMO_SLOTS];
static uint64_t clock_;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

int memo_state(db *d, char state[MEMO_STATE_LEN], dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    int rc = db_step(s, e);
    if (rc == DB_ROW) {
        const char *h = db_col_text(s, 1);
        snprintf(state, MEMO_STATE_LEN, "%lld:%s", (long long)db_col_int64(s, 0), h ? h : "");
    } else {
        snprintf(state, MEMO_STATE_LEN, "empty");
    }
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

json_t *memo_get(const char *key, const char *state)
{
    json_t *out = NULL;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < MEMO_SLOTS; i++)
        if (slots[i].key && strcmp(slots[i].key, key) == 0 && strcmp(slots[i].state, state) == 0) {
            slots[i].used = ++clock_;
            out = json_deep_copy(slots[i].v);
            break;
        }
    pthread_mutex_unlock(&lock);
    return out;
}

void memo_put(const char *key, const char *state, json_t *v)
{
    json_t *copy = json_deep_copy(v);
    if (!copy) return;
    pthread_mutex_lock(&lock);
    int at = 0;
    for (int i = 0; i < MEMO_SLOTS; i++) {
        if (slots[i].key && strcmp(slots[i].key, key) == 0) { /* the same question: replace its answer */
            at = i;
            break;
        }
        if (slots[i].used < slots[at].used) at = i; /* else the least recently used (an empty slot is 0) */
    }
    free(slots[at].key);
    json_decref(slots[at].v);
    slots[at].key = xstrdup(key);
    snprintf(slots[at].state, sizeof slots[at].state, "%s", state);
    slots[at].v = copy;
    slots[at].used = ++clock_;
    pthread_mutex_unlock(&lock);
}

void memo_clear(void)
{
    pthread_mutex_lock(&lock);
    for (int i = 0; i < MEMO_SLOTS; i++) {
        free(slots[i].key);
        json_decref(slots[i].v);
        slots[i].key = NULL;
        slots[i].v = NULL;
        slots[i].used = 0;
    }
    pthread_mutex_unlock(&lock);
}
