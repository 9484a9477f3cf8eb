/*
 * reader.c — ledger_read picks the reader by the file's first bytes; the row buffer both
 * readers fill; column letters.
 */
#include "ledger/reader.h"
#include "util/xmalloc.h"
#include <string.h>

void ledger_col_name(int c, char out[8])
{
    char tmp[8];
    int n = 0;
    c++;
    while (c > 0 && n < 7) {
        int r = (c - 1) % 26;
        tmp[n++] = (char)('A' + r);
        c = (c - 1) / 26;
    }
    for (int i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

void rowbuf_set(struct rowbuf *rb, int c, const char *s, size_t len, enum cell_kind kind)
{
    if (c < 0 || c >= LEDGER_MAX_COLS) return;
    free(rb->text[c]);
    rb->text[c] = xstrndup(s, len);
    rb->kind[c] = len ? kind : CELL_EMPTY;
    if (c + 1 > rb->n) rb->n = c + 1;
}

void rowbuf_clear(struct rowbuf *rb)
{
    for (int i = 0; i < rb->n; i++) {
        free(rb->text[i]);
        rb->text[i] = NULL;
        rb->kind[i] = CELL_EMPTY;
    }
    rb->n = 0;
}

int rowbuf_emit(struct rowbuf *rb, const char *sheet, long row, ledger_row_fn fn, void *ctx, dk_err *e)
{
    struct ledger_cell cells[LEDGER_MAX_COLS];
    for (int i = 0; i < rb->n; i++) {
        cells[i].text = rb->text[i] ? rb->text[i] : "";
        cells[i].kind = rb->text[i] ? rb->kind[i] : CELL_EMPTY;
    }
    struct ledger_row r = {sheet, row, rb->n, cells};
    int rc = fn(ctx, &r, e);
    rowbuf_clear(rb);
    return rc;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (n < m) return 0;
    for (size_t i = 0; i < m; i++) {
        char a = s[n - m + i], b = suffix[i];
        if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
        if (a != b) return 0;
    }
    return 1;
}

int ledger_read(const void *data, size_t len, const char *name, const struct ledger_opts *o, ledger_row_fn fn,
                void *ctx, dk_err *e)
{
    const unsigned char *b = data;
    if (!name) name = "";
    if (len >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) return xlsx_read(data, len, o, fn, ctx, e);
    if (len >= 8 && memcmp(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return err_set(e, DK_EINVAL, "unsupported_format", "file",
                       "这是旧版 .xls 文件，请另存为 .xlsx 或 .csv 后再导入 (an old .xls file: save it as .xlsx or .csv)");
    if (ends_with(name, ".xlsx") || ends_with(name, ".xlsm"))
        return err_set(e, DK_EINVAL, "not_xlsx", "file", "%.80s 不是有效的 .xlsx 文件（不是 zip 压缩包）(not an .xlsx file: not a zip archive)",
                       name);
    return csv_ledger_read(data, len, o, fn, ctx, e);
}
