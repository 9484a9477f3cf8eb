/*
 * fuzz_xlsx.c — libFuzzer target for the .xlsx reader (ledger/xlsx.c): any bytes, as an
 * archive, must give rows or a clear error — never a crash, a leak, a hang or unbounded
 * memory (the part and shared-string caps are set low here so the fuzzer meets them). Every
 * row handed over must be well formed; then the ledger layout and the cell parsers run over it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_rows.h"
#include "ledger/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const sheets[] = {NULL, "1", "2", "Sheet1"};
    for (size_t i = 0; i < sizeof sheets / sizeof sheets[0]; i++) {
        struct ledger_opts o = {.sheet = sheets[i], .max_entry_bytes = 4u << 20, .max_strings_bytes = 1u << 20};
        fuzz_rows_run(data, size, &o, xlsx_read);
    }
    return 0;
}
