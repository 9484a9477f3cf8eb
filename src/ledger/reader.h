/*
 * reader.h — one row-callback interface over the files offices send: .xlsx (read with libzip and
 * expat, streamed: the sheet's XML is parsed as it is decompressed) and .csv (libcsv, in UTF-8
 * with or without a BOM or in GB18030, converted by iconv as it is read). A reader hands each
 * row to a callback and keeps nothing else, so memory stays bounded on big files; only an
 * .xlsx's shared strings are held, within a cap.
 */
#ifndef DUIKOU_LEDGER_READER_H
#define DUIKOU_LEDGER_READER_H
#include <stddef.h>
#include <stdint.h>
#include "util/err.h"

enum cell_kind {
    CELL_EMPTY,   /* no value */
    CELL_TEXT,    /* text (shared, inline, a formula's text result, or any CSV field) */
    CELL_NUMBER,  /* an .xlsx number, as plain decimal text ("1234.5", never an exponent) */
    CELL_BOOL,    /* an .xlsx boolean, as "TRUE" or "FALSE" */
};

struct ledger_cell {
    const char *text;     /* never NULL ("" when empty) */
    enum cell_kind kind;
};

/* One row as a reader hands it over; valid only during the callback. */
struct ledger_row {
    const char *sheet;    /* the sheet's name ("" for CSV) */
    long row;             /* 1-based row number as the office sees it */
    int n;                /* cells[0..n-1], column A first; trailing empty cells may be absent */
    const struct ledger_cell *cells;
};

/* Called once per row; anything but DK_OK stops the reading and is returned by ledger_read. */
typedef int (*ledger_row_fn)(void *ctx, const struct ledger_row *r, dk_err *e);
/* Called now and then with bytes read so far of total (total may be 0 when unknown). */
typedef void (*ledger_progress_fn)(void *ctx, uint64_t done, uint64_t total);

#define LEDGER_MAX_COLS 256            /* cells beyond column IV are ignored */
#define LEDGER_MAX_CELL ((size_t)32768) /* bytes in one cell (Excel's own limit is 32767 characters) */

struct ledger_opts {
    const char *sheet;          /* .xlsx: a sheet's name or its 1-based number; NULL = the first */
    const char *encoding;       /* .csv: "utf-8", "gb18030" or NULL to detect */
    uint64_t max_entry_bytes;   /* .xlsx: cap on any decompressed part (0 = 512 MiB): zip bombs stop there */
    uint64_t max_strings_bytes; /* .xlsx: cap on the shared strings held (0 = 64 MiB) */
    ledger_progress_fn progress;
    void *progress_ctx;
};

/* Reads the ledger in data[0..len) (an .xlsx when it starts as a zip archive, else CSV) and
 * calls fn for each row. name is the file's name, used only to explain a mismatch (an .xlsx
 * that is no zip, an old .xls). Returns DK_OK, fn's status, or DK_EINVAL with e naming the
 * sheet, row, column or byte at fault. */
int ledger_read(const void *data, size_t len, const char *name, const struct ledger_opts *o, ledger_row_fn fn,
                void *ctx, dk_err *e);

/* The readers behind ledger_read, for callers that know the format. */
int xlsx_read(const void *data, size_t len, const struct ledger_opts *o, ledger_row_fn fn, void *ctx, dk_err *e);
int csv_ledger_read(const void *data, size_t len, const struct ledger_opts *o, ledger_row_fn fn, void *ctx, dk_err *e);

/* The column letters of 0-based column c ("A", "Z", "AA", …) into out (8 bytes). */
void ledger_col_name(int c, char out[8]);

/* --- for the readers: the row being assembled ---------------------------------------- */
struct rowbuf {
    char *text[LEDGER_MAX_COLS];       /* owned copies, NULL = empty */
    enum cell_kind kind[LEDGER_MAX_COLS];
    int n;                             /* columns used */
};
/* Sets column c (ignored past LEDGER_MAX_COLS) to a copy of s[0..len). */
void rowbuf_set(struct rowbuf *rb, int c, const char *s, size_t len, enum cell_kind kind);
/* Hands the row to fn as a ledger_row, then empties rb. */
int rowbuf_emit(struct rowbuf *rb, const char *sheet, long row, ledger_row_fn fn, void *ctx, dk_err *e);
/* Frees what rb holds. */
void rowbuf_clear(struct rowbuf *rb);

#endif
