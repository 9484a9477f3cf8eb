/*
 * fuzz_money.c — libFuzzer target for core/money: money_parse must never crash or misbehave on
 * any bytes, in every default unit and both sign modes; whatever it accepts must format (in
 * yuan, no decimals, and as text in each unit) and parse back to the same value.
 *
 *   clang -fsanitize=fuzzer,address,undefined -std=c17 -D_POSIX_C_SOURCE=200809L \
 *     -D_DEFAULT_SOURCE -Isrc tests/fuzz/fuzz_money.c src/core/money.c src/util/err.c \
 *     -o fuzz_money && ./fuzz_money -max_total_time=30
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
    do {            \
        if (!(cond)) abort(); \
    } while (0)

/* Formats v and checks that parsing the text gives v again. */
static void check_round_trip(int64_t v)
{
    static const enum money_unit units[] = {MONEY_YUAN, MONEY_WAN, MONEY_YI};
    static const int exact_decimals[] = {0, 4, 8};
    char buf[64];
    int64_t back = 0;
    dk_err e;

    money_format(v, MONEY_YUAN, 0, buf, sizeof buf);
    CHECK(money_parse(buf, MONEY_YUAN, 1, "fuzz", &back, &e) == DK_OK);
    CHECK(back == v);

    for (size_t i = 0; i < 3; i++) {
        money_format_text(v, units[i], exact_decimals[i], buf, sizeof buf);
        CHECK(money_parse(buf, MONEY_YUAN, 1, "fuzz", &back, &e) == DK_OK);
        CHECK(back == v);
        for (int d = 0; d <= 8; d++) money_format_text(v, units[i], d, buf, sizeof buf);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum money_unit units[] = {MONEY_YUAN, MONEY_WAN, MONEY_YI};
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    for (size_t u = 0; u < 3; u++) {
        for (int neg = 0; neg <= 1; neg++) {
            int64_t v = 0;
            dk_err e;
            int rc = money_parse(text, units[u], neg, "fuzz", &v, &e);
            CHECK(rc == DK_OK || rc == DK_EINVAL);
            if (rc != DK_OK) {
                CHECK(e.status == DK_EINVAL && e.message[0] != '\0');
                continue;
            }
            CHECK(neg || v >= 0);
            check_round_trip(v);
        }
    }
    if (size >= 16) { /* the first 16 bytes as two int64: a share is at most 100.00% */
        int64_t part, whole;
        memcpy(&part, data, 8);
        memcpy(&whole, data + 8, 8);
        int64_t bp = money_ratio_bp(part, whole);
        if (whole != INT64_MIN && part != INT64_MIN && llabs(part) <= llabs(whole))
            CHECK(bp >= -10000 && bp <= 10000);
    }
    free(text);
    return 0;
}
