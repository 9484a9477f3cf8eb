/*
 * test_dates.c — unit tests of core/dates: strict date and month parsing, formatting, day
 * arithmetic (round trips across 1970 and 2100, leap years), weekdays, and "today" with the
 * DUIKOU_TODAY override, and "today" being China's date whatever the server's TZ.
 */
#include "testutil.h"
#include "core/dates.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void test_date_parse_valid(void **state)
{
    (void)state;
    dk_date d = {0, 0, 0};
    assert_true(date_parse("2016-02-29", &d));
    assert_int_equal(d.y, 2016);
    assert_int_equal(d.m, 2);
    assert_int_equal(d.d, 29);
    assert_true(date_parse("2000-02-29", NULL)); /* divisible by 400: leap */
    assert_true(date_parse("1900-01-01", NULL));
    assert_true(date_parse("2999-12-31", NULL));
    assert_true(date_parse("2018-04-30", NULL));
    assert_true(date_parse("2018-12-31", &d));
    assert_int_equal(d.m, 12);
    assert_int_equal(d.d, 31);
}

static void test_date_parse_invalid(void **state)
{
    (void)state;
    static const char *bad[] = {
        "2017-02-29", "1900-02-29", "2100-02-29", "2017-13-01", "2017-00-10", "2017-01-00",
        "2017-04-31", "2017-01-32", "2017-1-01", "2017-01-1", "17-01-01", "2017/01/01",
        "2017-01-01 ", " 2017-01-01", "2017-01-01T00:00", "2017-01", "", "1899-12-31",
        "3000-01-01", "２０１７-01-01", "2017-0a-01", "+017-01-01", "2017--1-01", "20170101",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dk_date d = {7, 7, 7};
        if (date_parse(bad[i], &d)) print_error("accepted: \"%s\"\n", bad[i]);
        assert_false(date_parse(bad[i], &d));
        assert_int_equal(d.y, 7); /* untouched */
    }
    assert_false(date_parse(NULL, NULL));
}

static void test_month_parse(void **state)
{
    (void)state;
    assert_int_equal(month_parse("2017-04"), 2017 * 12 + 3);
    assert_int_equal(month_parse("2017-01"), 2017 * 12);
    assert_int_equal(month_parse("2017-12"), 2017 * 12 + 11);
    assert_int_equal(month_parse("2017-4"), -1);
    assert_int_equal(month_parse("2017-13"), -1);
    assert_int_equal(month_parse("2017-00"), -1);
    assert_int_equal(month_parse("2017-04-01"), -1);
    assert_int_equal(month_parse("2017-04 "), -1);
    assert_int_equal(month_parse("17-04"), -1);
    assert_int_equal(month_parse(""), -1);
    assert_int_equal(month_parse(NULL), -1);
    assert_int_equal(month_parse("1899-12"), -1);
}

static void test_format(void **state)
{
    (void)state;
    char m[8], d[11];
    month_format(2017 * 12 + 3, m);
    assert_string_equal(m, "2017-04");
    month_format(1999 * 12 + 11, m);
    assert_string_equal(m, "1999-12");
    for (int idx = 1900 * 12; idx < 3000 * 12; idx += 7) {
        month_format(idx, m);
        assert_int_equal(month_parse(m), idx);
    }
    dk_date x = {2018, 4, 4};
    date_format(&x, d);
    assert_string_equal(d, "2018-04-04");
    assert_int_equal(date_month_index(&x), 2018 * 12 + 3);
}

static void test_days_in_month(void **state)
{
    (void)state;
    assert_int_equal(days_in_month(2017, 2), 28);
    assert_int_equal(days_in_month(2016, 2), 29);
    assert_int_equal(days_in_month(2000, 2), 29);
    assert_int_equal(days_in_month(1900, 2), 28);
    assert_int_equal(days_in_month(2100, 2), 28);
    assert_int_equal(days_in_month(2017, 4), 30);
    assert_int_equal(days_in_month(2017, 12), 31);
    assert_int_equal(days_in_month(2017, 0), 0);
    assert_int_equal(days_in_month(2017, 13), 0);
}

static void test_days(void **state)
{
    (void)state;
    dk_date epoch = {1970, 1, 1}, before = {1969, 12, 31}, y2k = {2000, 3, 1};
    assert_true(date_to_days(&epoch) == 0);
    assert_true(date_to_days(&before) == -1);
    assert_true(date_to_days(&y2k) == 11017);
    dk_date d = date_from_days(-1);
    assert_int_equal(d.y, 1969);
    assert_int_equal(d.m, 12);
    assert_int_equal(d.d, 31);
    d = date_from_days(0);
    assert_int_equal(d.y, 1970);
    dk_date leap = {2100, 2, 28};
    d = date_from_days(date_to_days(&leap) + 1); /* 2100 is not a leap year */
    assert_int_equal(d.m, 3);
    assert_int_equal(d.d, 1);
    dk_date leap2000 = {2000, 2, 28};
    d = date_from_days(date_to_days(&leap2000) + 1);
    assert_int_equal(d.m, 2);
    assert_int_equal(d.d, 29);
    d = date_from_days(INT64_MAX); /* clamped, no overflow */
    assert_true(d.y > 100000);
    d = date_from_days(INT64_MIN);
    assert_true(d.y < -100000);
}

/* Walks every day from 1900-01-01 to 2999-12-31, checking days and dates agree both ways. */
static void test_days_round_trip(void **state)
{
    (void)state;
    dk_date start = {1900, 1, 1}, end = {2999, 12, 31};
    int64_t first = date_to_days(&start), last = date_to_days(&end);
    dk_date cur = start;
    for (int64_t n = first; n <= last; n++) {
        dk_date d = date_from_days(n);
        assert_int_equal(d.y, cur.y);
        assert_int_equal(d.m, cur.m);
        assert_int_equal(d.d, cur.d);
        assert_true(date_to_days(&d) == n);
        char s[11];
        date_format(&d, s);
        dk_date p;
        assert_true(date_parse(s, &p));
        if (++cur.d > days_in_month(cur.y, cur.m)) {
            cur.d = 1;
            if (++cur.m > 12) {
                cur.m = 1;
                cur.y++;
            }
        }
    }
    assert_true(last - first + 1 == 1100 * 365 + 267); /* 267 leap years in 1900..2999 */
}

static void test_weekday(void **state)
{
    (void)state;
    dk_date tue = {2018, 4, 24}, thu = {1970, 1, 1}, wed = {1969, 12, 31}, sun = {1900, 1, 7};
    dk_date mon = {2100, 3, 1};
    assert_int_equal(date_weekday(&tue), 1);
    assert_int_equal(date_weekday(&thu), 3);
    assert_int_equal(date_weekday(&wed), 2);
    assert_int_equal(date_weekday(&sun), 6);
    assert_int_equal(date_weekday(&mon), 0);
}

static void test_today_override(void **state)
{
    (void)state;
    assert_int_equal(setenv("DUIKOU_TODAY", "2018-04-24", 1), 0);
    dk_date d = date_today();
    assert_int_equal(d.y, 2018);
    assert_int_equal(d.m, 4);
    assert_int_equal(d.d, 24);

    /* an invalid override is ignored: today's date in UTC+8 */
    assert_int_equal(setenv("DUIKOU_TODAY", "2018-02-30", 1), 0);
    int64_t cst_days = ((int64_t)time(NULL) + 8 * 3600) / 86400;
    d = date_today();
    int64_t got = date_to_days(&d);
    assert_true(got == cst_days || got == cst_days + 1); /* midnight may pass in between */
    assert_int_equal(unsetenv("DUIKOU_TODAY"), 0);
    d = date_today();
    got = date_to_days(&d);
    assert_true(got == cst_days || got == cst_days + 1);
}

static void test_time_now_iso(void **state)
{
    (void)state;
    char s[21];
    memset(s, 'x', sizeof s);
    time_now_iso(s);
    assert_int_equal(strlen(s), 20);
    assert_int_equal(s[10], 'T');
    assert_int_equal(s[13], ':');
    assert_int_equal(s[16], ':');
    assert_int_equal(s[19], 'Z');
    char day[11];
    memcpy(day, s, 10);
    day[10] = '\0';
    dk_date d;
    assert_true(date_parse(day, &d));
    int64_t utc_days = (int64_t)time(NULL) / 86400;
    int64_t got = date_to_days(&d);
    assert_true(got == utc_days || got + 1 == utc_days);
}

/* "Today" is China's whatever zone the server runs in: the same date as the C library gives
 * for Asia/Shanghai, under zones from UTC−11 to UTC+14 (tried twice if midnight passes). */
static void test_today_in_china_whatever_tz(void **state)
{
    static const char *const zones[] = {"UTC", "America/Los_Angeles", "Pacific/Pago_Pago", "Pacific/Kiritimati", "Europe/London",
                                        "Asia/Shanghai", "Asia/Tokyo", "America/St_Johns"};
    const char *saved = getenv("DUIKOU_TODAY");
    char keep[16] = "";
    if (saved) snprintf(keep, sizeof keep, "%s", saved);
    unsetenv("DUIKOU_TODAY");
    for (int attempt = 0; attempt < 2; attempt++) {
        setenv("TZ", "Asia/Shanghai", 1);
        tzset();
        time_t now = time(NULL);
        struct tm cst;
        localtime_r(&now, &cst);
        int same = 1;
        for (size_t i = 0; i < sizeof zones / sizeof *zones; i++) {
            setenv("TZ", zones[i], 1);
            tzset();
            dk_date d = date_today();
            if (d.y != cst.tm_year + 1900 || d.m != cst.tm_mon + 1 || d.d != cst.tm_mday) same = 0;
        }
        if (same) break;
        assert_int_equal(attempt, 0); /* a second miss is not midnight passing */
    }
    unsetenv("TZ");
    tzset();
    if (keep[0]) setenv("DUIKOU_TODAY", keep, 1);
    (void)state;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_parse_valid),
        cmocka_unit_test(test_date_parse_invalid),
        cmocka_unit_test(test_month_parse),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_days_in_month),
        cmocka_unit_test(test_days),
        cmocka_unit_test(test_days_round_trip),
        cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_today_override),
        cmocka_unit_test(test_time_now_iso),
        cmocka_unit_test(test_today_in_china_whatever_tz),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
