/*
 * test_project.c — unit tests of core/project: the checks project_validate makes without the
 * database (required fields, lengths, month format, planned finish before start, negative
 * money, the industry section letter and division digits, the annual plan's year, control
 * characters) and the national project code format (project_national_code_ok).
 */
#include "testutil.h"
#include "core/project.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VALID_NATIONAL "2017-210124-44-03-012345"

/* A project that passes every check; its strings are literals (never freed). */
static struct project valid(void)
{
    struct project p;
    memset(&p, 0, sizeof p);
    p.code = (char *)"SY-2018-001";
    p.name = (char *)"华晨宝马配套产业园";
    p.investor = (char *)"北京某汽车零部件有限公司";
    p.investor_region = (char *)"110105";
    p.host_region = (char *)"210124";
    p.industry_section = (char *)"C";
    p.industry_division = (char *)"36";
    p.contact = (char *)"张三 024-12345678";
    p.planned_investment = 500000000;
    p.agreed_capital = (opt_i64){1, 300000000};
    p.annual_plan = (opt_i64){1, 100000000};
    p.annual_plan_year = (opt_i64){1, 2018};
    p.planned_start = (char *)"2018-04";
    p.planned_finish = (char *)"2019-12";
    p.national_code = (char *)VALID_NATIONAL;
    return p;
}

static void expect_ok(const struct project *p)
{
    dk_err e;
    err_clear(&e);
    int rc = project_validate(p, &e);
    if (rc != DK_OK) print_error("project_validate refused: %s %s %s\n", e.code, e.field, e.message);
    assert_int_equal(rc, DK_OK);
}

static void expect_bad(const struct project *p, int status, const char *code, const char *field)
{
    dk_err e;
    err_clear(&e);
    int rc = project_validate(p, &e);
    if (rc != status || strcmp(e.code, code) != 0 || strcmp(e.field, field) != 0)
        print_error("project_validate: rc %d code \"%s\" field \"%s\", want %d \"%s\" \"%s\"\n", rc, e.code, e.field, status,
                    code, field);
    assert_int_equal(rc, status);
    assert_int_equal(e.status, status);
    assert_string_equal(e.code, code);
    assert_string_equal(e.field, field);
    assert_true(e.message[0] != '\0');
}

/* A heap string of n copies of c (caller frees). */
static char *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);
    assert_non_null(s);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static void test_valid_project(void **state)
{
    (void)state;
    struct project p = valid();
    expect_ok(&p);
    /* the optional fields may all be absent */
    p.industry_division = NULL;
    p.contact = NULL;
    p.agreed_capital.has = 0;
    p.annual_plan.has = 0;
    p.annual_plan_year.has = 0;
    p.planned_start = NULL;
    p.planned_finish = NULL;
    p.national_code = NULL;
    expect_ok(&p);
    /* or empty */
    p.industry_division = (char *)"";
    p.planned_start = (char *)"";
    p.national_code = (char *)"";
    expect_ok(&p);
}

static void test_required_fields(void **state)
{
    (void)state;
    static const char *const required[] = {"code", "name", "investor", "investor_region", "host_region",
                                           "industry_section", NULL};
    for (const char *const *name = required; *name; name++) {
        const struct field_def *f = project_field(*name);
        assert_non_null(f);
        assert_true(f->required);
        struct project p = valid();
        *project_text(&p, f) = NULL;
        expect_bad(&p, DK_EINVAL, "missing_field", *name);
        *project_text(&p, f) = (char *)"";
        expect_bad(&p, DK_EINVAL, "missing_field", *name);
    }
    assert_true(project_field("planned_investment")->required);
    assert_false(project_field("industry_division")->required);
    assert_false(project_field("national_code")->required);
    assert_null(project_field("no_such_field"));
}

/* A text field at its maximum length passes, one byte more is too long. */
static void check_max_len(const char *name, size_t max, char fill)
{
    const struct field_def *f = project_field(name);
    assert_non_null(f);
    assert_int_equal(f->max_len, max);
    struct project p = valid();
    char *s = repeat(fill, max);
    *project_text(&p, f) = s;
    expect_ok(&p);
    free(s);
    s = repeat(fill, max + 1);
    *project_text(&p, f) = s;
    expect_bad(&p, DK_EINVAL, "too_long", name);
    free(s);
}

static void test_lengths(void **state)
{
    (void)state;
    check_max_len("code", 64, 'X');
    check_max_len("name", 300, 'n');
    check_max_len("investor", 300, 'i');
    check_max_len("contact", 200, 'c');
    check_max_len("leader", 200, 'l');
    check_max_len("platform", 300, 'p');
    check_max_len("content", 4000, 'w');
    /* lengths are bytes: 101 CJK characters are 303 bytes */
    struct project p = valid();
    char name[400] = "";
    for (int i = 0; i < 101; i++) memcpy(name + 3 * i, "项", 3);
    name[303] = '\0';
    p.name = name;
    expect_bad(&p, DK_EINVAL, "too_long", "name");
    name[300] = '\0';
    expect_ok(&p);
    /* a section of two letters, a division of three digits */
    p = valid();
    p.industry_section = (char *)"CC";
    expect_bad(&p, DK_EINVAL, "too_long", "industry_section");
    p = valid();
    p.industry_division = (char *)"361";
    expect_bad(&p, DK_EINVAL, "too_long", "industry_division");
}

static void test_control_characters(void **state)
{
    (void)state;
    struct project p = valid();
    p.name = (char *)"a\x01" "b";
    expect_bad(&p, DK_EINVAL, "invalid_field", "name");
    p = valid();
    p.content = (char *)"第一期\x1b[31m";
    expect_bad(&p, DK_EINVAL, "invalid_field", "content");
    p = valid();
    p.content = (char *)"第一期\n第二期\t(三)\r\n";
    expect_ok(&p);
}

static void test_regions_are_six_digits(void **state)
{
    (void)state;
    struct project p = valid();
    p.investor_region = (char *)"11010";
    expect_bad(&p, DK_EINVAL, "invalid_field", "investor_region");
    p = valid();
    p.host_region = (char *)"21012x";
    expect_bad(&p, DK_EINVAL, "invalid_field", "host_region");
    p = valid();
    p.host_region = (char *)"2101240";
    expect_bad(&p, DK_EINVAL, "too_long", "host_region");
}

static void test_month_format(void **state)
{
    (void)state;
    static const char *const bad[] = {"2018-4", "2018-13", "2018-00", "201804", "2018/04", "2018-04-01", "18-04", "abcd-ef"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct project p = valid();
        p.planned_start = (char *)bad[i];
        p.planned_finish = NULL;
        if (strlen(bad[i]) > 7) expect_bad(&p, DK_EINVAL, "too_long", "planned_start");
        else expect_bad(&p, DK_EINVAL, "invalid_field", "planned_start");
        p = valid();
        p.planned_start = NULL;
        p.planned_finish = (char *)bad[i];
        if (strlen(bad[i]) > 7) expect_bad(&p, DK_EINVAL, "too_long", "planned_finish");
        else expect_bad(&p, DK_EINVAL, "invalid_field", "planned_finish");
    }
}

static void test_finish_before_start(void **state)
{
    (void)state;
    struct project p = valid();
    p.planned_start = (char *)"2018-05";
    p.planned_finish = (char *)"2018-04";
    expect_bad(&p, DK_ERULE, "finish_before_start", "planned_finish");
    p.planned_finish = (char *)"2017-12";
    expect_bad(&p, DK_ERULE, "finish_before_start", "planned_finish");
    p.planned_finish = (char *)"2018-05"; /* the same month is fine */
    expect_ok(&p);
    p.planned_finish = (char *)"2018-06";
    expect_ok(&p);
    /* only one of them given: nothing to compare */
    p.planned_start = NULL;
    p.planned_finish = (char *)"2000-01";
    expect_ok(&p);
}

static void test_negative_money(void **state)
{
    (void)state;
    struct project p = valid();
    p.planned_investment = -1;
    expect_bad(&p, DK_EINVAL, "invalid_field", "planned_investment");
    p.planned_investment = 0;
    expect_ok(&p);
    p = valid();
    p.agreed_capital = (opt_i64){1, -1};
    expect_bad(&p, DK_EINVAL, "invalid_field", "agreed_capital");
    p.agreed_capital = (opt_i64){0, -1}; /* absent: its value is not looked at */
    expect_ok(&p);
    p.agreed_capital = (opt_i64){1, 0};
    expect_ok(&p);
    p = valid();
    p.annual_plan = (opt_i64){1, INT64_MIN};
    expect_bad(&p, DK_EINVAL, "invalid_field", "annual_plan");
}

static void test_industry_section_letter(void **state)
{
    (void)state;
    static const char *const good[] = {"A", "C", "I", "T"};
    static const char *const bad[] = {"a", "c", "U", "Z", "1", "@", "-"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        struct project p = valid();
        p.industry_section = (char *)good[i];
        p.industry_division = NULL;
        expect_ok(&p);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct project p = valid();
        p.industry_section = (char *)bad[i];
        expect_bad(&p, DK_EINVAL, "invalid_field", "industry_section");
    }
}

static void test_industry_division_digits(void **state)
{
    (void)state;
    static const char *const bad[] = {"3", "3a", "a3", "C3", " 3", "-1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct project p = valid();
        p.industry_division = (char *)bad[i];
        expect_bad(&p, DK_EINVAL, "invalid_field", "industry_division");
    }
    struct project p = valid();
    p.industry_division = (char *)"01";
    expect_ok(&p);
}

static void test_annual_plan_year(void **state)
{
    (void)state;
    struct project p = valid();
    p.annual_plan_year = (opt_i64){1, 1999};
    expect_bad(&p, DK_EINVAL, "invalid_field", "annual_plan_year");
    p.annual_plan_year = (opt_i64){1, 3000};
    expect_bad(&p, DK_EINVAL, "invalid_field", "annual_plan_year");
    p.annual_plan_year = (opt_i64){1, 2000};
    expect_ok(&p);
    p.annual_plan_year = (opt_i64){1, 2999};
    expect_ok(&p);
    p.annual_plan_year = (opt_i64){0, 5};
    expect_ok(&p);
}

static void test_national_code_in_validate(void **state)
{
    (void)state;
    struct project p = valid();
    p.national_code = (char *)"2017-210124-44-03-01234"; /* 23 characters */
    expect_bad(&p, DK_EINVAL, "invalid_field", "national_code");
    p.national_code = (char *)"2017-210124-44-03-0123456"; /* 25: longer than the column */
    expect_bad(&p, DK_EINVAL, "too_long", "national_code");
    p.national_code = (char *)"2017-210124-44-03-01234X";
    expect_bad(&p, DK_EINVAL, "invalid_field", "national_code");
}

static void test_national_code_format(void **state)
{
    (void)state;
    assert_true(project_national_code_ok(VALID_NATIONAL));
    assert_true(project_national_code_ok("1999-110105-10-01-000001"));
    assert_true(project_national_code_ok("2099-999999-99-99-999999"));
    /* wrong length */
    assert_false(project_national_code_ok(""));
    assert_false(project_national_code_ok("2017-210124-44-03-01234"));
    assert_false(project_national_code_ok("2017-210124-44-03-0123456"));
    assert_false(project_national_code_ok("2017210124440301234500000"));
    /* dashes missing or in the wrong place */
    assert_false(project_national_code_ok("2017_210124-44-03-012345"));
    assert_false(project_national_code_ok("2017-210124_44-03-012345"));
    assert_false(project_national_code_ok("2017-210124-44_03-012345"));
    assert_false(project_national_code_ok("2017-210124-44-03_012345"));
    assert_false(project_national_code_ok("2017-21012-444-03-012345"));
    assert_false(project_national_code_ok("2017-210124-4-403-012345"));
    assert_false(project_national_code_ok("201-7210124-44-03-012345"));
    assert_false(project_national_code_ok("2017-210124-44-030-12345"));
    assert_false(project_national_code_ok("2017-210124-44-03-012-45"));
    /* letters in each group */
    assert_false(project_national_code_ok("20A7-210124-44-03-012345"));
    assert_false(project_national_code_ok("2017-2101B4-44-03-012345"));
    assert_false(project_national_code_ok("2017-210124-4C-03-012345"));
    assert_false(project_national_code_ok("2017-210124-44-D3-012345"));
    assert_false(project_national_code_ok("2017-210124-44-03-01234E"));
    assert_false(project_national_code_ok("２017-210124-44-03-012345") /* full-width digit */);
    /* the year must start with 1 or 2 */
    assert_false(project_national_code_ok("3017-210124-44-03-012345"));
    assert_false(project_national_code_ok("0017-210124-44-03-012345"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_project),
        cmocka_unit_test(test_required_fields),
        cmocka_unit_test(test_lengths),
        cmocka_unit_test(test_control_characters),
        cmocka_unit_test(test_regions_are_six_digits),
        cmocka_unit_test(test_month_format),
        cmocka_unit_test(test_finish_before_start),
        cmocka_unit_test(test_negative_money),
        cmocka_unit_test(test_industry_section_letter),
        cmocka_unit_test(test_industry_division_digits),
        cmocka_unit_test(test_annual_plan_year),
        cmocka_unit_test(test_national_code_in_validate),
        cmocka_unit_test(test_national_code_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
