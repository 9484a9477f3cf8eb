/*
 * table.h — a ledger table to hand out (导出): title, unit row, header, data, 合计 row, in
 * the layout offices file, written as .xlsx (libxlsxwriter: frozen header, column widths,
 * number formats, warning fills) or .csv (UTF-8 with BOM, or GB18030). Money is int64 yuan
 * and shown in 万元.
 */
#ifndef DUIKOU_LEDGER_TABLE_H
#define DUIKOU_LEDGER_TABLE_H
#include <jansson.h>
#include <stddef.h>
#include "util/err.h"

enum tcol_type {
    TC_TEXT,     /* a JSON string (or null) */
    TC_MONEY,    /* a JSON integer of yuan, shown in 万元 */
    TC_PERCENT,  /* a JSON integer of basis points, shown as 12.34% */
    TC_INT,      /* a JSON integer shown as is (a year) */
};

struct tcol {
    const char *header;
    enum tcol_type type;
    int width;       /* characters */
    int total;       /* summed in the 合计 row */
};

struct table {
    const char *title;        /* the title row */
    const char *sheet;        /* the sheet's name */
    const struct tcol *cols;
    int ncols;
    json_t *rows;             /* array of arrays, one value per column (borrowed) */
    json_t *colours;          /* array of "red"/"yellow"/"green"/null per row, or NULL (borrowed) */
    int totals;               /* write a 合计 row */
};

/* The whole .xlsx file for the n tables t[0..n) (a sheet each) into *out and *len (caller frees
 * *out). DK_OK or DK_EINTERNAL. */
int table_xlsx(const struct table *t, int n, char **out, size_t *len, dk_err *e);
/* The .csv text for the n tables, one after another with a blank row between: UTF-8 with a
 * BOM, or GB18030 when gb18030. Caller frees *out. */
int table_csv(const struct table *t, int n, int gb18030, char **out, size_t *len, dk_err *e);
/* yuan as 万元 text with every digit kept ("1234.5678", "12", "-0.01"): exact. */
void table_wan(int64_t yuan, char *buf, size_t n);

#endif
