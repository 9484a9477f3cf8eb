/*
 * money.h — exact money: int64 yuan, parsed from and formatted to the way ledgers write it.
 *
 * No floating point anywhere: text is parsed by decimal digit arithmetic and must come to a
 * whole number of yuan ("1.23456万元" is 12345.6 yuan: refused as too precise).
 */
#ifndef DUIKOU_MONEY_H
#define DUIKOU_MONEY_H
#include <stddef.h>
#include <stdint.h>
#include "util/err.h"

/* The largest amount one record may hold: 10^13 yuan (十万亿元, more than any project's), so
 * sums over millions of records stay far inside int64. */
#define MONEY_RECORD_MAX ((int64_t)10000000000000LL)

enum money_unit {
    MONEY_YUAN = 1,       /* 元 */
    MONEY_WAN = 10000,    /* 万元 */
    MONEY_YI = 100000000, /* 亿元 */
};

/* Parses text as an amount of money into *out (yuan).
 * Accepts ASCII or full-width digits (０-９), '.' or '．' as the decimal point, thousands
 * separators ',' '，' in the integer part, surrounding spaces (ASCII and U+3000), a leading
 * '-' only when allow_negative, and an optional unit suffix 元 / 万 / 万元 / 亿 / 亿元 which
 * overrides default_unit. Refuses empty text, garbage, overflow of int64 and fractions of a
 * yuan, naming the problem in e (field = the given field name). Returns DK_OK or DK_EINVAL. */
int money_parse(const char *text, enum money_unit default_unit, int allow_negative,
                const char *field, int64_t *out, dk_err *e);

/* Writes yuan expressed in unit with exactly `decimals` decimal places (0..8), rounding half
 * away from zero, no separators: money_format(167800000000, MONEY_YI, 0, …) → "1678".
 * Always NUL-terminates buf; needs at most 32 bytes. */
void money_format(int64_t yuan, enum money_unit unit, int decimals, char *buf, size_t n);

/* Like money_format with thousands separators and the unit name appended:
 * money_format_text(12345600, MONEY_WAN, 2, …) → "1,234.56万元". */
void money_format_text(int64_t yuan, enum money_unit unit, int decimals, char *buf, size_t n);

/* Percentage of part in whole in basis points (1/100 of a percent), rounded half away from
 * zero, computed in integers; 0 when whole is 0. money_ratio_bp(362, 1547) → 2340 (23.40%). */
int64_t money_ratio_bp(int64_t part, int64_t whole);

#endif
