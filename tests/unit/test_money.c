/*
 * test_money.c — unit tests of core/money: parsing ledger text (units, full-width digits,
 * separators, precision, overflow, signs), formatting with rounding and separators, and
 * basis-point ratios.
 */
#include "testutil.h"
#include "core/money.h"
#include <stdio.h>
#include <string.h>

/* Parses text and asserts it gives want. */
static void ok(const char *text, enum money_unit unit, int allow_negative, int64_t want)
{
    dk_err e;
    int64_t v = -12345;
    err_clear(&e);
    int rc = money_parse(text, unit, allow_negative, "amount", &v, &e);
    if (rc != DK_OK) print_error("money_parse(\"%s\") failed: %s\n", text, e.message);
    assert_int_equal(rc, DK_OK);
    assert_int_equal(e.status, DK_OK);
    assert_true(v == want);
}

/* Parses text, asserts it is refused and that the message contains needle. */
static void bad(const char *text, enum money_unit unit, int allow_negative, const char *needle)
{
    dk_err e;
    int64_t v = 777;
    err_clear(&e);
    int rc = money_parse(text, unit, allow_negative, "amount", &v, &e);
    if (rc != DK_EINVAL) print_error("money_parse(\"%s\") should fail\n", text ? text : "(null)");
    assert_int_equal(rc, DK_EINVAL);
    assert_int_equal(e.status, DK_EINVAL);
    assert_string_equal(e.code, "invalid_money");
    assert_string_equal(e.field, "amount");
    assert_true(v == 777); /* untouched on error */
    if (needle && !strstr(e.message, needle)) print_error("message: %s\n", e.message);
    if (needle) assert_non_null(strstr(e.message, needle));
}

static void test_parse_units(void **state)
{
    (void)state;
    ok("1,234.56万元", MONEY_YUAN, 0, 12345600);
    ok("12.3亿元", MONEY_YUAN, 0, 1230000000);
    ok("56789元", MONEY_WAN, 0, 56789);
    ok("56789", MONEY_YUAN, 0, 56789);
    ok(" 1678亿 ", MONEY_YUAN, 0, INT64_C(167800000000));
    ok("12万", MONEY_YUAN, 0, 120000);
    ok("3亿", MONEY_WAN, 0, 300000000);
    ok("1.50万元", MONEY_YUAN, 0, 15000);
    ok("1.5000000000万元", MONEY_YUAN, 0, 15000);
    ok("1.2345万元", MONEY_YUAN, 0, 12345);
    ok("0.00000001亿元", MONEY_YUAN, 0, 1);
    ok("12", MONEY_WAN, 0, 120000);
    ok("12", MONEY_YI, 0, 1200000000);
    ok("12 万元", MONEY_YUAN, 0, 120000);
    ok("0", MONEY_YUAN, 0, 0);
    ok("007", MONEY_YUAN, 0, 7);
    ok("5.00元", MONEY_YUAN, 0, 5);
}

static void test_parse_fullwidth(void **state)
{
    (void)state;
    ok("１２３４．５６", MONEY_WAN, 0, 12345600);
    ok("１，２３４．５６万元", MONEY_YUAN, 0, 12345600);
    ok("\xE3\x80\x80" "12万元" "\xE3\x80\x80", MONEY_YUAN, 0, 120000);
    ok("\t1,234\n", MONEY_YUAN, 0, 1234);
    ok("1,234,567", MONEY_YUAN, 0, 1234567);
    ok("1，234", MONEY_YUAN, 0, 1234);
}

static void test_parse_precision(void **state)
{
    (void)state;
    bad("0.5元", MONEY_YUAN, 0, "金额精度超过 1 元 (more precision than one yuan)");
    bad("1.23456万元", MONEY_YUAN, 0, "金额精度超过 1 元 (more precision than one yuan): \"1.23456万元\"");
    bad("0.000000001亿元", MONEY_YUAN, 0, "precision");
    bad("1.5", MONEY_YUAN, 0, "precision");
    bad("1.23456", MONEY_WAN, 0, "precision");
}

static void test_parse_garbage(void **state)
{
    (void)state;
    bad("abc", MONEY_YUAN, 0, "not a number");
    bad("", MONEY_YUAN, 0, "empty");
    bad("   ", MONEY_YUAN, 0, "empty");
    bad(NULL, MONEY_YUAN, 0, "empty");
    bad("1..2", MONEY_YUAN, 0, "decimal point");
    bad("1.2.3", MONEY_YUAN, 0, "more than one decimal point");
    bad("1.", MONEY_YUAN, 0, "no digits after the decimal point");
    bad(".5万", MONEY_YUAN, 0, "no digits before the decimal point");
    bad("1,2,,3", MONEY_YUAN, 0, "thousands separator");
    bad("1,2", MONEY_YUAN, 0, "thousands separator");
    bad("1234,567", MONEY_YUAN, 0, "thousands separator");
    bad("1,234,", MONEY_YUAN, 0, "thousands separator");
    bad(",123", MONEY_YUAN, 0, "thousands separator");
    bad("1.234,5", MONEY_YUAN, 0, "fraction");
    bad("万元", MONEY_YUAN, 0, "no digits");
    bad("元", MONEY_YUAN, 0, "no digits");
    bad("12万元abc", MONEY_YUAN, 0, "unexpected text");
    bad("12元万", MONEY_YUAN, 0, "unexpected text");
    bad("12万万", MONEY_YUAN, 0, "unexpected text");
    bad("12 34", MONEY_YUAN, 0, "space inside");
    bad("+5", MONEY_YUAN, 0, "not a number");
    bad("1e5", MONEY_YUAN, 0, "unexpected text");
    bad("--5", MONEY_YUAN, 1, "not a number");
}

static void test_parse_sign(void **state)
{
    (void)state;
    bad("-5", MONEY_YUAN, 0, "负数");
    ok("-5", MONEY_YUAN, 1, -5);
    ok(" -1,234.5万元 ", MONEY_YUAN, 1, -12345000);
    ok("-0", MONEY_YUAN, 1, 0);
    bad("- 5", MONEY_YUAN, 1, NULL);
}

static void test_parse_bounds(void **state)
{
    (void)state;
    ok("9223372036854775807", MONEY_YUAN, 0, INT64_MAX);
    ok("9,223,372,036,854,775,807元", MONEY_YUAN, 0, INT64_MAX);
    ok("-9223372036854775807", MONEY_YUAN, 1, -INT64_MAX);
    ok("922337203685477.5807万元", MONEY_YUAN, 0, INT64_MAX);
    ok("92233720368.54775807亿元", MONEY_YUAN, 0, INT64_MAX);
    bad("9223372036854775808", MONEY_YUAN, 0, "too large");
    bad("-9223372036854775808", MONEY_YUAN, 1, "too large");
    bad("922337203685477.5808万元", MONEY_YUAN, 0, "too large");
    bad("9999999999999亿元", MONEY_YUAN, 0, "too large");
    bad("99999999999999999999999999999999", MONEY_YUAN, 0, "too large");
    ok("0000000000000000000000000000001", MONEY_YUAN, 0, 1);
}

static void test_parse_message_quote(void **state)
{
    (void)state;
    dk_err e;
    char text[300];
    memset(text, 'x', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    assert_int_equal(money_parse(text, MONEY_YUAN, 0, "f", NULL, &e), DK_EINVAL);
    /* 64 bytes quoted then an ellipsis */
    char want[80];
    memset(want, 'x', 64);
    memcpy(want + 64, "\xE2\x80\xA6\"", 5);
    assert_non_null(strstr(e.message, want));
    assert_null(strstr(e.message, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));

    /* cut at a character boundary, never inside 万 */
    char cjk[200] = "1";
    for (int i = 0; i < 30; i++) memcpy(cjk + 1 + 3 * i, "万", 4); /* copies the NUL too */
    assert_int_equal(money_parse(cjk, MONEY_YUAN, 0, "f", NULL, &e), DK_EINVAL);
    assert_non_null(strstr(e.message, "\"1万万万万万万万万万万万万万万万万万万万万万\xE2\x80\xA6\""));

    /* control characters and broken UTF-8 are not copied into the message */
    assert_int_equal(money_parse("1\x01\xff", MONEY_YUAN, 0, "f", NULL, &e), DK_EINVAL);
    assert_non_null(strstr(e.message, "\"1??\""));

    /* a NULL dk_err is allowed */
    assert_int_equal(money_parse("x", MONEY_YUAN, 0, "f", NULL, NULL), DK_EINVAL);
}

/* Formats and compares. */
static void fmt(int64_t yuan, enum money_unit unit, int decimals, const char *want)
{
    char buf[64];
    money_format(yuan, unit, decimals, buf, sizeof buf);
    assert_string_equal(buf, want);
}

static void fmt_text(int64_t yuan, enum money_unit unit, int decimals, const char *want)
{
    char buf[64];
    money_format_text(yuan, unit, decimals, buf, sizeof buf);
    assert_string_equal(buf, want);
}

static void test_format(void **state)
{
    (void)state;
    fmt(INT64_C(167800000000), MONEY_YI, 0, "1678");
    fmt(12345600, MONEY_WAN, 2, "1234.56");
    fmt(12345600, MONEY_WAN, 4, "1234.5600");
    fmt(56789, MONEY_YUAN, 0, "56789");
    fmt(56789, MONEY_YUAN, 2, "56789.00");
    fmt(1, MONEY_YI, 8, "0.00000001");
    fmt(0, MONEY_WAN, 2, "0.00");
    fmt(-12345600, MONEY_WAN, 2, "-1234.56");
    fmt(INT64_MAX, MONEY_YUAN, 0, "9223372036854775807");
    fmt(INT64_MAX, MONEY_YUAN, 8, "9223372036854775807.00000000");
    fmt(INT64_MIN, MONEY_YUAN, 0, "-9223372036854775808");
    fmt(INT64_MAX, MONEY_YI, 2, "92233720368.55");
    fmt(INT64_MIN, MONEY_WAN, 0, "-922337203685478");
}

static void test_format_rounding(void **state)
{
    (void)state;
    fmt(5000, MONEY_WAN, 0, "1");
    fmt(4999, MONEY_WAN, 0, "0");
    fmt(-5000, MONEY_WAN, 0, "-1");
    fmt(-4999, MONEY_WAN, 0, "0"); /* no "-0" */
    fmt(15000, MONEY_WAN, 0, "2");
    fmt(25000, MONEY_WAN, 0, "3");
    fmt(-25000, MONEY_WAN, 0, "-3");
    fmt(12345, MONEY_WAN, 3, "1.235");
    fmt(12344, MONEY_WAN, 3, "1.234");
    fmt(99995000, MONEY_YI, 3, "1.000"); /* carry into the integer part */
    fmt(99949999, MONEY_YI, 3, "0.999");
    fmt(99994999, MONEY_YI, 3, "1.000");
    fmt(-99995000, MONEY_YI, 3, "-1.000");
    fmt(-4, MONEY_YI, 7, "0.0000000");
    fmt(-5, MONEY_YI, 7, "-0.0000001");
}

static void test_format_small_buffer(void **state)
{
    (void)state;
    char buf[4] = "zzz";
    money_format(123456, MONEY_YUAN, 0, buf, sizeof buf);
    assert_string_equal(buf, "123");
    money_format_text(123456, MONEY_YUAN, 0, buf, sizeof buf);
    assert_string_equal(buf, "123");
    money_format(1, MONEY_YUAN, 0, buf, 0); /* n == 0 writes nothing */
    assert_string_equal(buf, "123");
}

static void test_format_text(void **state)
{
    (void)state;
    fmt_text(12345600, MONEY_WAN, 2, "1,234.56万元");
    fmt_text(INT64_C(167800000000), MONEY_YI, 0, "1,678亿元");
    fmt_text(56789, MONEY_YUAN, 0, "56,789元");
    fmt_text(999, MONEY_YUAN, 0, "999元");
    fmt_text(100000, MONEY_YUAN, 0, "100,000元");
    fmt_text(-1234567, MONEY_YUAN, 0, "-1,234,567元");
    fmt_text(-12345600, MONEY_WAN, 2, "-1,234.56万元");
    fmt_text(0, MONEY_WAN, 2, "0.00万元");
    fmt_text(INT64_MIN, MONEY_YUAN, 0, "-9,223,372,036,854,775,808元");
    fmt_text(INT64_MAX, MONEY_YUAN, 8, "9,223,372,036,854,775,807.00000000元");
}

static void test_round_trip(void **state)
{
    (void)state;
    static const int64_t values[] = {0, 1, -1, 9999, 10000, 123456789, -987654321,
                                     INT64_C(167800000000), INT64_MAX, -INT64_MAX};
    static const enum money_unit units[] = {MONEY_YUAN, MONEY_WAN, MONEY_YI};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        for (size_t u = 0; u < 3; u++) {
            char buf[64];
            int64_t back = 0;
            int decimals = units[u] == MONEY_YUAN ? 0 : units[u] == MONEY_WAN ? 4 : 8;
            money_format_text(values[i], units[u], decimals, buf, sizeof buf);
            assert_int_equal(money_parse(buf, MONEY_YUAN, 1, "f", &back, NULL), DK_OK);
            assert_true(back == values[i]);
        }
    }
}

static void test_ratio_bp(void **state)
{
    (void)state;
    assert_int_equal(money_ratio_bp(362, 1547), 2340);
    assert_int_equal(money_ratio_bp(INT64_C(36200000000), INT64_C(154700000000)), 2340);
    assert_int_equal(money_ratio_bp(5, 0), 0);
    assert_int_equal(money_ratio_bp(0, 7), 0);
    assert_int_equal(money_ratio_bp(1, 1), 10000);
    assert_int_equal(money_ratio_bp(3, 2), 15000);
    assert_int_equal(money_ratio_bp(1, 3), 3333);
    assert_int_equal(money_ratio_bp(2, 3), 6667);
    assert_int_equal(money_ratio_bp(1, 20000), 1);  /* 0.5 bp rounds up */
    assert_int_equal(money_ratio_bp(-1, 20000), -1); /* and away from zero */
    assert_int_equal(money_ratio_bp(1, -20000), -1);
    assert_int_equal(money_ratio_bp(-1, -20000), 1);
    assert_int_equal(money_ratio_bp(1, 20001), 0);
    assert_int_equal(money_ratio_bp(-2, 3), -6667);
    assert_int_equal(money_ratio_bp(INT64_MAX, INT64_MAX), 10000);
    assert_int_equal(money_ratio_bp(INT64_MIN, INT64_MIN), 10000);
    assert_int_equal(money_ratio_bp(INT64_MAX / 2, INT64_MAX), 5000);
    assert_true(money_ratio_bp(INT64_MAX, 1) == INT64_MAX); /* saturates */
    assert_true(money_ratio_bp(INT64_MIN, 1) == INT64_MIN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_units),
        cmocka_unit_test(test_parse_fullwidth),
        cmocka_unit_test(test_parse_precision),
        cmocka_unit_test(test_parse_garbage),
        cmocka_unit_test(test_parse_sign),
        cmocka_unit_test(test_parse_bounds),
        cmocka_unit_test(test_parse_message_quote),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_rounding),
        cmocka_unit_test(test_format_small_buffer),
        cmocka_unit_test(test_format_text),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_ratio_bp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
