/*
 * xlsx_num.c — see xlsx_num.h. This is the one place a ledger value passes through floating
 * point: the file itself stores an IEEE double, so the double is the datum; rounding it to 15
 * significant digits recovers the decimal the office typed (any decimal of up to 15 digits
 * survives the round trip through a double exactly), and from there on everything is exact.
 */
#include "ledger/xlsx_num.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1 when v is already plain decimal with at most 15 significant digits. */
static int plain(const char *v)
{
    const char *p = v;
    if (*p == '-') p++;
    int digits = 0, dots = 0, leading = 1;
    if (!*p) return 0;
    for (; *p; p++) {
        if (*p == '.') {
            if (dots++) return 0;
            continue;
        }
        if (*p < '0' || *p > '9') return 0;
        if (*p != '0') leading = 0;
        if (!leading) digits++;
    }
    return digits <= 15 && p[-1] != '.';
}

int xlsx_number_text(const char *v, char *out, size_t n)
{
    if (plain(v) && strlen(v) < n) {
        memcpy(out, v, strlen(v) + 1);
        return 0;
    }
    char *end;
    double d = strtod(v, &end);
    if (end == v || *end || !isfinite(d) || fabs(d) >= 1e18) return -1;
    int mag = d == 0 ? 1 : (int)floor(log10(fabs(d))) + 1;
    int decimals = 15 - mag;
    if (decimals < 0) decimals = 0;
    if (decimals > 20) decimals = 20;
    int w = snprintf(out, n, "%.*f", decimals, d);
    if (w < 0 || (size_t)w >= n) return -1;
    if (strchr(out, '.')) {
        char *q = out + strlen(out) - 1;
        while (*q == '0') *q-- = '\0';
        if (*q == '.') *q = '\0';
    }
    if (strcmp(out, "-0") == 0) memcpy(out, "0", 2);
    return 0;
}
