/*
 * fuzz_project_json.c — libFuzzer target for the API's project input: any bytes are parsed as
 * JSON and applied to a project through the field table, then validated. It must never crash
 * or leak, whatever the shape, types or money text.
 */
#include <jansson.h>
#include <stdint.h>
#include <string.h>
#include "service/project_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *v = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (!v) return 0;
    static const char *const extra[] = {"pairing", "stage", "intention_date", NULL};
    struct project p;
    memset(&p, 0, sizeof p);
    dk_err e;
    err_clear(&e);
    if (project_apply_json(&p, v, extra, &e) == DK_OK) {
        if (p.industry_section) project_validate(&p, &e);
        struct project_row row;
        memset(&row, 0, sizeof row);
        row.p = p;
        row.last_report_month = -1;
        json_t *out = project_to_json(&row);
        json_decref(out);
    }
    project_clear(&p);
    json_decref(v);
    return 0;
}
