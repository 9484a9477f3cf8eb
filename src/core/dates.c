/*
 * dates.c — strict 'YYYY-MM-DD' / 'YYYY-MM' parsing and formatting, day arithmetic by
 * Howard Hinnant's days-from-civil algorithms, and "today" in China Standard Time.
 */
#include "core/dates.h"
#include <assert.h>
#include <stdlib.h>
#include <time.h>

#define YEAR_MIN 1900
#define YEAR_MAX 2999
#define CST_OFFSET (8 * 3600) /* China Standard Time is UTC+8, no daylight saving */
/* days handled by date_from_days: about ±270,000 years, far inside int and int64 */
#define DAYS_LIMIT INT64_C(100000000)

/* Reads exactly n ASCII digits at s into *v; 0 when any is not a digit. */
static int read_digits(const char *s, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 1;
}

/* Writes v (clamped to 0 .. 10^n - 1) as exactly n digits at out. */
static void put_digits(char *out, int v, int n)
{
    int limit = 1;
    for (int i = 0; i < n; i++) limit *= 10;
    if (v < 0) v = 0;
    if (v >= limit) v = limit - 1;
    for (int i = n - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Parses 'YYYY-MM' at the start of s (no terminator check) into *y, *m. */
static int parse_year_month(const char *s, int *y, int *m)
{
    if (!s || !read_digits(s, 4, y) || s[4] != '-' || !read_digits(s + 5, 2, m)) return 0;
    return *y >= YEAR_MIN && *y <= YEAR_MAX && *m >= 1 && *m <= 12;
}

int date_parse(const char *s, dk_date *out)
{
    int y, m, d;
    if (!parse_year_month(s, &y, &m)) return 0;
    if (s[7] != '-' || !read_digits(s + 8, 2, &d) || s[10] != '\0') return 0;
    if (d < 1 || d > days_in_month(y, m)) return 0;
    if (out) {
        out->y = y;
        out->m = m;
        out->d = d;
    }
    return 1;
}

int month_parse(const char *s)
{
    int y, m;
    if (!parse_year_month(s, &y, &m) || s[7] != '\0') return -1;
    return y * 12 + (m - 1);
}

void month_format(int idx, char out[8])
{
    assert(idx >= 0 && idx < 10000 * 12);
    if (idx < 0) idx = 0;
    if (idx >= 10000 * 12) idx = 10000 * 12 - 1;
    put_digits(out, idx / 12, 4);
    out[4] = '-';
    put_digits(out + 5, idx % 12 + 1, 2);
    out[7] = '\0';
}

int date_month_index(const dk_date *d)
{
    return d->y * 12 + (d->m - 1);
}

void date_format(const dk_date *d, char out[11])
{
    put_digits(out, d->y, 4);
    out[4] = '-';
    put_digits(out + 5, d->m, 2);
    out[7] = '-';
    put_digits(out + 8, d->d, 2);
    out[10] = '\0';
}

int64_t date_to_days(const dk_date *d)
{
    int64_t y = d->y - (d->m <= 2);
    int64_t m = d->m, day = d->d;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;                                  /* [0, 399] */
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1; /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

dk_date date_from_days(int64_t days)
{
    if (days > DAYS_LIMIT) days = DAYS_LIMIT;
    if (days < -DAYS_LIMIT) days = -DAYS_LIMIT;
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;                                     /* [0, 146096] */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);              /* [0, 365] */
    int64_t mp = (5 * doy + 2) / 153;                                   /* [0, 11] */
    dk_date r;
    r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.y = (int)(yoe + era * 400 + (r.m <= 2));
    return r;
}

int date_weekday(const dk_date *d)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0) */
    int64_t w = (date_to_days(d) + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

dk_date date_today(void)
{
    dk_date d;
    const char *env = getenv("DUIKOU_TODAY");
    if (env && date_parse(env, &d)) return d;
    time_t t = time(NULL) + CST_OFFSET;
    struct tm tm;
    if (gmtime_r(&t, &tm)) {
        d.y = tm.tm_year + 1900;
        d.m = tm.tm_mon + 1;
        d.d = tm.tm_mday;
        return d;
    }
    int64_t secs = (int64_t)t;
    return date_from_days(secs / 86400 - (secs % 86400 < 0));
}

void time_now_iso(char out[21])
{
    time_iso_ago(0, out);
}

void time_iso_ago(long seconds, char out[21])
{
    time_t t = time(NULL) - (time_t)seconds;
    struct tm tm = {0};
    if (!gmtime_r(&t, &tm)) { /* cannot happen for a real clock: say 1970-01-01T00:00:00Z */
        tm = (struct tm){0};
        tm.tm_year = 70;
        tm.tm_mday = 1;
    }
    put_digits(out, tm.tm_year + 1900, 4);
    out[4] = '-';
    put_digits(out + 5, tm.tm_mon + 1, 2);
    out[7] = '-';
    put_digits(out + 8, tm.tm_mday, 2);
    out[10] = 'T';
    put_digits(out + 11, tm.tm_hour, 2);
    out[13] = ':';
    put_digits(out + 14, tm.tm_min, 2);
    out[16] = ':';
    put_digits(out + 17, tm.tm_sec, 2);
    out[19] = 'Z';
    out[20] = '\0';
}

void days_format(int64_t days, char out[11])
{
    dk_date d = date_from_days(days);
    date_format(&d, out);
}

int days_month_index(int64_t days)
{
    dk_date d = date_from_days(days);
    return date_month_index(&d);
}
