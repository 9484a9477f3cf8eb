/*
 * fuzz_dates.c — libFuzzer target for core/dates: the strict date and month parsers must
 * never crash, and whatever they accept must format back to the same text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/dates.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    dk_date d;
    if (date_parse(s, &d)) {
        char out[11];
        date_format(&d, out);
        if (strcmp(out, s) != 0) abort();
        dk_date back = date_from_days(date_to_days(&d));
        if (back.y != d.y || back.m != d.m || back.d != d.d) abort();
    }
    int m = month_parse(s);
    if (m >= 0) {
        char out[8];
        month_format(m, out);
        if (strcmp(out, s) != 0) abort();
    }
    free(s);
    return 0;
}
