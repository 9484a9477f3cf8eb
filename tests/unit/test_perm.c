/*
 * test_perm.c — the role → permission matrix and the scope rule, as decided in docs/security.md:
 * each cell is asserted, so a changed rule fails here before it reaches a route.
 */
#include "testutil.h"
#include "core/perm.h"

static void test_matrix(void **state)
{
    /*                       public self read write office export admin */
    static const int want[5][7] = {
        /* admin   */ {1, 1, 1, 1, 1, 1, 1},
        /* office  */ {1, 1, 1, 1, 1, 1, 0},
        /* unit    */ {1, 1, 1, 1, 0, 0, 0},
        /* partner */ {1, 1, 1, 1, 0, 0, 0},
        /* viewer  */ {1, 1, 1, 0, 0, 0, 0},
    };
    for (int r = ROLE_ADMIN; r <= ROLE_VIEWER; r++)
        for (int p = PERM_PUBLIC; p <= PERM_ADMIN; p++) {
            if (role_allows((enum role)r, (enum perm)p) != want[r][p])
                print_error("role %s perm %s: want %d\n", role_code((enum role)r), perm_code((enum perm)p), want[r][p]);
            assert_int_equal(role_allows((enum role)r, (enum perm)p), want[r][p]);
        }
}

static void test_export_is_its_own_permission(void **state)
{
    struct actor office = {"o", ROLE_OFFICE, 0, NULL, 1, "host", 0, 1};
    struct actor viewer = {"v", ROLE_VIEWER, 0, NULL, 0, NULL, 1, 2};
    struct actor admin = {"a", ROLE_ADMIN, 0, NULL, 0, NULL, 0, 3};
    assert_false(actor_allows(&office, PERM_EXPORT)); /* an office without the flag may not export */
    assert_true(actor_allows(&viewer, PERM_EXPORT));  /* a viewer with it may */
    assert_true(actor_allows(&admin, PERM_EXPORT));
    assert_true(actor_allows(&office, PERM_OFFICE));
    assert_false(actor_allows(&viewer, PERM_WRITE));
}

static void test_scope(void **state)
{
    struct actor scoped = {"u", ROLE_UNIT, 3, NULL, 1, NULL, 0, 4};
    struct actor everywhere = {"v", ROLE_VIEWER, 0, NULL, 0, NULL, 0, 5};
    assert_true(actor_in_scope(&scoped, 1));
    assert_false(actor_in_scope(&scoped, 2));
    assert_true(actor_in_scope(&everywhere, 2));
}

static void test_codes(void **state)
{
    for (int r = ROLE_ADMIN; r <= ROLE_VIEWER; r++) assert_int_equal(role_parse(role_code((enum role)r)), r);
    assert_int_equal(role_parse("root"), -1);
    assert_int_equal(role_parse(NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matrix),
        cmocka_unit_test(test_export_is_its_own_permission),
        cmocka_unit_test(test_scope),
        cmocka_unit_test(test_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
