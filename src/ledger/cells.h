/*
 * cells.h — a ledger cell's text as the value a field means: dates (2017-5-8, 2017/05/08,
 * 2017年5月8日, 2017.5.8, Excel serials), months (2017.05, 2017年5月, 2017-5, serials), money in
 * a unit (full-width digits, thousands separators: core/money), whole numbers; and the text
 * folding the header matching and the 合计 check use.
 */
#ifndef DUIKOU_LEDGER_CELLS_H
#define DUIKOU_LEDGER_CELLS_H
#include <stddef.h>
#include <stdint.h>
#include "core/money.h"
#include "ledger/reader.h"

/* Folds s into out: ASCII, U+3000 and no-break spaces and line breaks removed, full-width
 * ASCII (digits, letters, （）：／－．) made ASCII, ASCII letters lower-cased, the Traditional
 * characters ledger headers use made Simplified. Always NUL-terminates. */
void cell_fold(const char *s, char *out, size_t n);
/* s without surrounding spaces (ASCII, U+3000, no-break) into out. */
void cell_trim(const char *s, char *out, size_t n);
/* 1 when the text means "no value": "", "-", "—", "/", "无". */
int cell_is_blank(const char *s);
/* 1 when the folded text starts a totals row: 合计, 总计, 小计, 累计合计. */
int cell_is_total(const char *s);

/* A date into out 'YYYY-MM-DD'. A number cell (or digits alone) is an Excel serial day.
 * Returns 1, or 0 when it is no date. */
int cell_date(const struct ledger_cell *c, char out[11]);
/* A month into out 'YYYY-MM' (a full date gives its month). Returns 1 or 0. */
int cell_month(const struct ledger_cell *c, char out[8]);
/* A whole number (a year: "2017", "2017年"). Returns 1 or 0. */
int cell_int(const struct ledger_cell *c, int64_t *out);
/* Money in unit (the unit named in the text wins). DK_OK or DK_EINVAL with e filled. */
int cell_money(const struct ledger_cell *c, enum money_unit unit, const char *field, int64_t *out, dk_err *e);
/* The unit a text names: 亿元 / 万元 / 元 (checked in that order); 0 when none. */
enum money_unit cell_unit_named(const char *s);

#endif
