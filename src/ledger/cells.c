/*
 * cells.c — cell values as fields mean them (see cells.h). Exact: dates and months by digit
 * arithmetic, money by core/money; an Excel serial is a whole day count (a time of day after
 * the point is dropped).
 */
#include "ledger/cells.h"
#include "core/dates.h"
#include <stdio.h>
#include <string.h>

/* Traditional → Simplified for the characters ledger headers and marks use (pairs of UTF-8). */
static const char *const TRAD[][2] = {
    {"總", "总"}, {"資", "资"}, {"項", "项"}, {"計", "计"}, {"劃", "划"}, {"稱", "称"}, {"號", "号"}, {"編", "编"},
    {"單", "单"}, {"區", "区"}, {"業", "业"}, {"間", "间"}, {"額", "额"}, {"門", "门"}, {"類", "类"}, {"開", "开"},
    {"聯", "联"}, {"繫", "系"}, {"導", "导"}, {"責", "责"}, {"設", "设"}, {"報", "报"}, {"實", "实"}, {"際", "际"},
    {"來", "来"}, {"進", "进"}, {"協", "协"}, {"議", "议"}, {"億", "亿"}, {"萬", "万"}, {"圓", "元"}, {"當", "当"},
    {"領", "领"}, {"歸", "归"}, {"屬", "属"}, {"階", "阶"}, {"簽", "签"}, {"約", "约"}, {"產", "产"},
    {"內", "内"}, {"臺", "台"}, {"帳", "账"}, {"賬", "账"}, {"對", "对"}, {"關", "关"}, {"係", "系"}, {"備", "备"},
    {"註", "注"}, {"說", "说"}, {"數", "数"}, {"據", "据"}, {"統", "统"}, {"構", "构"}, {"時", "时"},
    {"別", "别"}, {"與", "与"}, {"處", "处"}, {"範", "范"}, {"圍", "围"}, {"規", "规"}, {"況", "况"},
    {"東", "东"}, {"廠", "厂"}, {"縣", "县"}, {"們", "们"}, {"從", "从"}, {"層", "层"}, {"級", "级"},
};

static size_t put(char *out, size_t o, size_t n, const char *s, size_t len)
{
    if (o + len < n) {
        memcpy(out + o, s, len);
        o += len;
    }
    return o;
}

void cell_fold(const char *s, char *out, size_t n)
{
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && o + 1 < n) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '*') {
            p++;
            continue;
        }
        if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { /* U+3000 */
            p += 3;
            continue;
        }
        if (p[0] == 0xC2 && p[1] == 0xA0) { /* no-break space */
            p += 2;
            continue;
        }
        if (p[0] == 0xEF && (p[1] == 0xBC || p[1] == 0xBD) && p[2] >= 0x80 && p[2] <= 0xBF) {
            unsigned cp = 0xFF00u + ((unsigned)(p[1] - 0xBC) << 6) + (p[2] & 0x3F);
            if (cp >= 0xFF01 && cp <= 0xFF5E) { /* full-width ASCII */
                char c = (char)(cp - 0xFF01 + 0x21);
                if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
                out[o++] = c;
                p += 3;
                continue;
            }
        }
        if (*p >= 'A' && *p <= 'Z') {
            out[o++] = (char)(*p - 'A' + 'a');
            p++;
            continue;
        }
        if (*p >= 0x80) {
            size_t len = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
            int done = 0;
            for (size_t i = 0; len == 3 && i < sizeof TRAD / sizeof TRAD[0]; i++)
                if (memcmp(p, TRAD[i][0], 3) == 0) {
                    o = put(out, o, n, TRAD[i][1], strlen(TRAD[i][1]));
                    done = 1;
                    break;
                }
            if (!done) {
                size_t k = 0;
                while (k < len && p[k]) k++;
                o = put(out, o, n, (const char *)p, k);
                len = k;
            }
            p += len;
            continue;
        }
        out[o++] = (char)*p++;
    }
    out[o < n ? o : n - 1] = '\0';
}

static int is_space_at(const char *s, size_t *len)
{
    const unsigned char *p = (const unsigned char *)s;
    if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') return (*len = 1);
    if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) return (*len = 3) != 0;
    if (p[0] == 0xC2 && p[1] == 0xA0) return (*len = 2) != 0;
    return 0;
}

void cell_trim(const char *s, char *out, size_t n)
{
    size_t k;
    while (*s && is_space_at(s, &k)) s += k;
    size_t len = strlen(s);
    while (len > 0) {
        if (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\n') len--;
        else if (len >= 3 && memcmp(s + len - 3, "\xE3\x80\x80", 3) == 0) len -= 3;
        else if (len >= 2 && memcmp(s + len - 2, "\xC2\xA0", 2) == 0) len -= 2;
        else break;
    }
    if (len >= n) len = n - 1;
    memcpy(out, s, len);
    out[len] = '\0';
}

int cell_is_blank(const char *s)
{
    char f[32];
    cell_fold(s, f, sizeof f);
    return !*f || strcmp(f, "-") == 0 || strcmp(f, "—") == 0 || strcmp(f, "/") == 0 || strcmp(f, "无") == 0 ||
           strcmp(f, "——") == 0;
}

int cell_is_total(const char *s)
{
    char f[64];
    cell_fold(s, f, sizeof f);
    static const char *const marks[] = {"合计", "总计", "小计", "累计合计", "全市合计", NULL};
    /* the mark alone, or followed by a bracket or colon (合计（万元）, 总计:) — not a name that
     * merely starts with it (总计量检测中心) */
    static const char *const after[] = {"", "(", "（", ":", "：", "[", "【", NULL};
    for (const char *const *m = marks; *m; m++) {
        size_t n = strlen(*m);
        if (strncmp(f, *m, n) != 0) continue;
        for (const char *const *a = after; *a; a++)
            if (**a ? strncmp(f + n, *a, strlen(*a)) == 0 : f[n] == '\0') return 1;
    }
    return 0;
}

enum money_unit cell_unit_named(const char *s)
{
    char f[256];
    cell_fold(s, f, sizeof f);
    if (strstr(f, "亿元")) return MONEY_YI;
    if (strstr(f, "万元")) return MONEY_WAN;
    if (strstr(f, "(元)") || strstr(f, "单位:元") || strstr(f, "单位元")) return MONEY_YUAN;
    return 0;
}

/* Reads up to max digits at *p into *v; returns how many were read. */
static int digits(const char **p, int max, int *v)
{
    int n = 0;
    *v = 0;
    while (n < max && **p >= '0' && **p <= '9') {
        *v = *v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n;
}

/* An Excel serial day as a date (1 = 1900-01-01; Excel counts a 1900-02-29 that never was). */
static int serial_date(const char *t, dk_date *d)
{
    const char *p = t;
    int v;
    int n = digits(&p, 7, &v);
    if (!n || (*p && *p != '.')) return 0;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') p++;
        if (*p) return 0;
    }
    if (v < 61 || v > 402133) return 0; /* 1900-03-01 … 2999-12-31 */
    *d = date_from_days((int64_t)v - 25569);
    return 1;
}

/* Parses year, month and optionally day in the textual forms; *has_day says whether a day came. */
static int text_ymd(const char *f, int *y, int *m, int *d, int *has_day)
{
    const char *p = f;
    if (digits(&p, 4, y) != 4) return 0;
    *has_day = 0;
    *d = 1;
    if (!*p) return 0;
    if (strncmp(p, "年", 3) == 0) {
        p += 3;
        if (!digits(&p, 2, m)) return 0;
        if (strncmp(p, "月", 3) != 0) return 0;
        p += 3;
        if (!*p) return 1;
        if (!digits(&p, 2, d)) return 0;
        if (strncmp(p, "日", 3) == 0) p += 3;
        else if (strncmp(p, "号", 3) == 0) p += 3;
        *has_day = 1;
        return *p == '\0';
    }
    char sep = *p;
    if (sep != '-' && sep != '/' && sep != '.') {
        /* 201705 or 20170508 */
        int rest;
        const char *q = p;
        int k = digits(&q, 4, &rest);
        if (*q) return 0;
        if (k == 2) {
            *m = rest;
            return 1;
        }
        if (k == 4) {
            *m = rest / 100;
            *d = rest % 100;
            *has_day = 1;
            return 1;
        }
        return 0;
    }
    p++;
    if (!digits(&p, 2, m)) return 0;
    if (!*p) return 1;
    if (*p != sep) return 0;
    p++;
    if (!digits(&p, 2, d)) return 0;
    *has_day = 1;
    /* a time after the day ("2017-05-08 00:00:00", "T00:00") is dropped */
    if (*p == 't' || *p == ':' || (*p >= '0' && *p <= '9')) {
        if (*p != 't') return *p == '\0';
    }
    return *p == '\0' || *p == 't';
}

static int check_ymd(int y, int m, int d)
{
    return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

int cell_date(const struct ledger_cell *c, char out[11])
{
    char f[64];
    cell_fold(c->text, f, sizeof f);
    dk_date dt;
    int y, m, d, has_day;
    if (c->kind == CELL_NUMBER || (strlen(f) <= 6 && f[0] >= '1' && f[0] <= '9' && !strchr(f, '-'))) {
        if (!serial_date(f, &dt)) return 0;
        date_format(&dt, out);
        return 1;
    }
    /* "2017-05-08 12:00" folded loses its space: "2017-05-0812:00"; cut at a colon's hour */
    char *colon = strchr(f, ':');
    if (colon && colon - f >= 2) colon[-2] = '\0';
    if (!text_ymd(f, &y, &m, &d, &has_day) || !has_day || !check_ymd(y, m, d)) return 0;
    dt = (dk_date){y, m, d};
    date_format(&dt, out);
    return 1;
}

int cell_month(const struct ledger_cell *c, char out[8])
{
    char f[64];
    cell_fold(c->text, f, sizeof f);
    int y, m, d, has_day;
    if (c->kind == CELL_NUMBER) {
        /* 2017.05 typed as a number is a month (Excel shows 2017.5 for it); larger is a serial */
        const char *p = f;
        if (digits(&p, 4, &y) == 4 && (*p == '.' || !*p) && y >= 1900 && y <= 2999) {
            if (!*p) return 0;
            p++;
            int k = digits(&p, 2, &m);
            if (*p || !k) return 0;
            /* Excel keeps 2017.10 as 2017.1: a one-digit 1 could be January or October */
            if (k == 1 && m <= 1) return 0;
            if (m < 1 || m > 12) return 0;
            snprintf(out, 8, "%04d-%02d", y, m);
            return 1;
        }
        char day[11];
        if (!cell_date(c, day)) return 0;
        memcpy(out, day, 7);
        out[7] = '\0';
        return 1;
    }
    char *colon = strchr(f, ':');
    if (colon && colon - f >= 2) colon[-2] = '\0';
    if (!text_ymd(f, &y, &m, &d, &has_day) || !check_ymd(y, m, d)) return 0;
    snprintf(out, 8, "%04d-%02d", y, m);
    return 1;
}

int cell_int(const struct ledger_cell *c, int64_t *out)
{
    char f[32];
    cell_fold(c->text, f, sizeof f);
    size_t n = strlen(f);
    if (n >= 3 && (strcmp(f + n - 3, "年") == 0)) f[n - 3] = '\0';
    const char *p = f;
    int64_t v = 0;
    int k = 0;
    while (*p >= '0' && *p <= '9' && k < 15) {
        v = v * 10 + (*p++ - '0');
        k++;
    }
    if (!k || *p) return 0;
    *out = v;
    return 1;
}

int cell_money(const struct ledger_cell *c, enum money_unit unit, const char *field, int64_t *out, dk_err *e)
{
    return money_parse(c->text, unit, 0, field, out, e);
}
