/*
 * fold.c — NFKC + case folding with utf8proc, code point by code point so that each keeps its
 * source bytes; then Traditional → Simplified with OpenCC over the whole text at once (its
 * phrase tables need context). When OpenCC keeps the number of code points, as t2s nearly
 * always does, the offsets carry over one to one; otherwise each code point is converted alone.
 */
#include "search/fold.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"
#include <opencc/opencc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static pthread_mutex_t cc_lock = PTHREAD_MUTEX_INITIALIZER;
static opencc_t cc = (opencc_t)-1;  /* the one converter; guarded by cc_lock */
static int cc_tried;                /* an open was attempted (and failed when cc is -1) */
static char cc_error[256];

int search_fold_init(dk_err *e)
{
    pthread_mutex_lock(&cc_lock);
    if (!cc_tried) {
        cc_tried = 1;
        const char *config = getenv("DUIKOU_OPENCC_CONFIG");
        if (!config || !*config) config = OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP;
        cc = opencc_open(config);
        if (cc == (opencc_t)-1) {
            const char *why = opencc_error();
            snprintf(cc_error, sizeof cc_error, "%s: %s", config, why ? why : "cannot open");
        }
    }
    int ok = cc != (opencc_t)-1;
    pthread_mutex_unlock(&cc_lock);
    if (ok) return DK_OK;
    return err_set(e, DK_EUNAVAIL, "opencc_missing", "",
                   "无法打开繁简转换配置 %s，请安装 libopencc-data (OpenCC's t2s configuration is missing; install the "
                   "Debian package libopencc-data)",
                   cc_error);
}

int search_utf8_put(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

int search_utf8_get(const unsigned char *s, size_t n, uint32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate(s, (utf8proc_ssize_t)(n > 4 ? 4 : n), &c);
    if (k <= 0 || c < 0) {
        *cp = 0xFFFD;
        return -1;
    }
    *cp = (uint32_t)c;
    return (int)k;
}

/* A growing folded text. */
static void push(struct search_folded *f, size_t *cap, uint32_t cp, int32_t from, int32_t to)
{
    if (f->n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        f->cp = xrealloc(f->cp, *cap * sizeof *f->cp);
        f->from = xrealloc(f->from, *cap * sizeof *f->from);
        f->to = xrealloc(f->to, *cap * sizeof *f->to);
    }
    f->cp[f->n] = cp;
    f->from[f->n] = from;
    f->to[f->n] = to;
    f->n++;
}

/* NFKC + case fold of one code point, appended to f with the source range [from, to). */
static void fold_one(struct search_folded *f, size_t *cap, uint32_t cp, int32_t from, int32_t to)
{
    if (cp < 0x80) {
        push(f, cap, cp >= 'A' && cp <= 'Z' ? cp + 32 : cp, from, to);
        return;
    }
    utf8proc_int32_t buf[32];
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char((utf8proc_int32_t)cp, buf, 32, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD, &last);
    if (n < 0 || n > 32) {
        push(f, cap, cp, from, to);
        return;
    }
    n = utf8proc_normalize_utf32(buf, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    for (utf8proc_ssize_t i = 0; i < n; i++) push(f, cap, (uint32_t)buf[i], from, to);
}

/* Converts s with OpenCC; NULL when it failed. Free with opencc_convert_utf8_free. */
static char *convert(const char *s, size_t len)
{
    pthread_mutex_lock(&cc_lock);
    char *out = opencc_convert_utf8(cc, s, len);
    pthread_mutex_unlock(&cc_lock);
    return out;
}

/* Decodes UTF-8 out (from OpenCC) into code points; returns how many, or -1 beyond max. */
static long decode_all(const char *out, uint32_t *cps, size_t max)
{
    size_t n = 0, len = strlen(out), i = 0;
    while (i < len) {
        uint32_t c;
        int k = search_utf8_get((const unsigned char *)out + i, len - i, &c);
        i += k > 0 ? (size_t)k : 1;
        if (n == max) return -1;
        cps[n++] = c;
    }
    return (long)n;
}

/* Traditional → Simplified over f in place. */
static int to_simplified(struct search_folded *f, dk_err *e)
{
    size_t need = 0;
    for (size_t i = 0; i < f->n; i++)
        if (f->cp[i] >= 0x2E80) need = 1;
    if (!need) return DK_OK;  /* nothing OpenCC would change: skip the lock and the copy */
    int rc = search_fold_init(e);
    if (rc != DK_OK) return rc;
    sbuf sb;
    sb_init(&sb, 0);
    char u[4];
    for (size_t i = 0; i < f->n; i++) sb_append(&sb, u, (size_t)search_utf8_put(f->cp[i], u));
    size_t len = 0;
    char *text = sb_take(&sb, &len);
    char *out = convert(text, len);
    free(text);
    if (!out) return err_set(e, DK_EINTERNAL, "opencc_failed", "", "繁简转换失败 (OpenCC conversion failed)");
    uint32_t *cps = xmalloc((f->n + 1) * sizeof *cps);
    long got = decode_all(out, cps, f->n);
    opencc_convert_utf8_free(out);
    if (got == (long)f->n) {
        memcpy(f->cp, cps, f->n * sizeof *cps);
        free(cps);
        return DK_OK;
    }
    free(cps);
    /* The count changed: convert code point by code point, keeping each one's source range. */
    struct search_folded g = {0};
    size_t cap = 0;
    for (size_t i = 0; i < f->n; i++) {
        if (f->cp[i] < 0x2E80) {
            push(&g, &cap, f->cp[i], f->from[i], f->to[i]);
            continue;
        }
        int k = search_utf8_put(f->cp[i], u);
        char *one = convert(u, (size_t)k);
        uint32_t c[8];
        long m = one ? decode_all(one, c, 8) : -1;
        if (one) opencc_convert_utf8_free(one);
        if (m <= 0) push(&g, &cap, f->cp[i], f->from[i], f->to[i]);
        else
            for (long j = 0; j < m; j++) push(&g, &cap, c[j], f->from[i], f->to[i]);
    }
    search_folded_free(f);
    *f = g;
    return DK_OK;
}

int search_fold(const char *text, size_t len, struct search_folded *out, dk_err *e)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0, i = 0;
    const unsigned char *s = (const unsigned char *)text;
    while (i < len) {
        uint32_t cp;
        int k = search_utf8_get(s + i, len - i, &cp);
        if (k < 0) k = 1;
        fold_one(out, &cap, cp, (int32_t)i, (int32_t)(i + (size_t)k));
        i += (size_t)k;
    }
    int rc = to_simplified(out, e);
    if (rc != DK_OK) search_folded_free(out);
    return rc;
}

void search_folded_free(struct search_folded *f)
{
    free(f->cp);
    free(f->from);
    free(f->to);
    memset(f, 0, sizeof *f);
}

char *search_fold_text(const char *s, dk_err *e)
{
    struct search_folded f;
    if (search_fold(s, strlen(s), &f, e) != DK_OK) return NULL;
    sbuf sb;
    sb_init(&sb, 0);
    char u[4];
    for (size_t i = 0; i < f.n; i++) sb_append(&sb, u, (size_t)search_utf8_put(f.cp[i], u));
    search_folded_free(&f);
    return sb_take(&sb, NULL);
}
