/*
 * fuzz_rows.h — what the ledger fuzz targets share: run a reader over the input, check every
 * row it hands over, and push each row through the layout and every cell parser.
 */
#ifndef DUIKOU_FUZZ_ROWS_H
#define DUIKOU_FUZZ_ROWS_H
#include <stdlib.h>
#include <string.h>
#include "ledger/cells.h"
#include "ledger/layout.h"
#include "ledger/reader.h"
#include "service/imports.h"

#define FUZZ_CHECK(cond) \
    do {                 \
        if (!(cond)) abort(); \
    } while (0)

typedef int (*fuzz_reader)(const void *data, size_t len, const struct ledger_opts *o, ledger_row_fn fn, void *ctx,
                           dk_err *e);

static int fuzz_on_row(void *ctx, const struct ledger_row *r, dk_err *e)
{
    struct ledger_layout *L = ctx;
    FUZZ_CHECK(r->sheet && r->row >= 1 && r->n >= 0 && r->n <= LEDGER_MAX_COLS);
    for (int c = 0; c < r->n; c++) {
        const struct ledger_cell *cell = &r->cells[c];
        FUZZ_CHECK(cell->text && strlen(cell->text) <= LEDGER_MAX_CELL);
        char d[11], m[8];
        int64_t v;
        dk_err me;
        if (cell_date(cell, d)) FUZZ_CHECK(strlen(d) == 10);
        if (cell_month(cell, m)) FUZZ_CHECK(strlen(m) == 7);
        if (cell_money(cell, MONEY_WAN, "x", &v, &me) == DK_OK) FUZZ_CHECK(v >= 0);
        cell_int(cell, &v);
        cell_is_total(cell->text);
    }
    layout_classify(L, r);
    return DK_OK;
}

static void fuzz_rows_run(const uint8_t *data, size_t size, const struct ledger_opts *o, fuzz_reader read)
{
    struct ledger_layout L;
    layout_init(&L, import_kind_find("projects")->cols);
    dk_err e;
    err_clear(&e);
    int rc = read(data, size, o, fuzz_on_row, &L, &e);
    FUZZ_CHECK(rc == DK_OK || rc == DK_EINVAL || rc == DK_EINTERNAL);
    if (rc != DK_OK) FUZZ_CHECK(e.message[0] != '\0');
}

#endif
