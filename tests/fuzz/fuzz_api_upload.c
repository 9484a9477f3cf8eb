/*
 * fuzz_api_upload.c — libFuzzer target for ledger uploads through the whole import path: each
 * input is the body of POST /api/v1/imports (multipart/form-data, boundary "XyZ", as
 * fuzz_multipart's inputs), sent over loopback HTTP to the in-process daemon of api_harness.c,
 * so the server's handler parses the parts (file, kind, dry_run, sheet, encoding) and the import
 * runs: the CSV or .xlsx reader, the layout, every row through the services — against the scratch
 * database, rolled back after. Any body must give an import report or a 4xx, never a crash, a
 * leak or a 5xx.
 */
#include <stdint.h>
#include <stdlib.h>
#include "api_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int status = fuzz_api_http("POST", "/api/v1/imports",
                               "Authorization: Bearer " FUZZ_TOKEN_ADMIN "\r\n"
                               "Content-Type: multipart/form-data; boundary=XyZ\r\n",
                               data, size);
    if (status < 200 || status > 499) abort();
    return 0;
}
