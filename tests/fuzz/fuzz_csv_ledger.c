/*
 * fuzz_csv_ledger.c — libFuzzer target for the .csv ledger reader (ledger/csv_ledger.c):
 * any bytes, detected or read as UTF-8 or GB18030, must give rows or a clear error naming the
 * byte; the ledger layout and the cell parsers (dates, months, money) then run over every row.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_rows.h"
#include "ledger/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const encodings[] = {NULL, "utf-8", "gb18030"};
    for (size_t i = 0; i < 3; i++) {
        struct ledger_opts o = {.encoding = encodings[i]};
        fuzz_rows_run(data, size, &o, csv_ledger_read);
    }
    return 0;
}
