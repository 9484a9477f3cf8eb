/*
 * fuzz_record_json.c — libFuzzer target for the request bodies of every record kind (plans,
 * items, meetings, exchanges, platforms, products, units): the first byte picks the kind and
 * whether it is a creation or a change, the rest is parsed as JSON and checked through the
 * kind's field table. Whatever it holds, the check must not crash or leak, and every exact
 * decimal it accepts must format back to text that parses to the same value.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "service/kinds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct rec_kind *const KINDS[] = {
    &kind_units,      &kind_impl_plans,   &kind_plan_areas, &kind_key_tasks,      &kind_indicators,
    &kind_indicator_actuals, &kind_work_plans, &kind_plan_domains, &kind_work_items, &kind_meetings,
    &kind_exchanges,  &kind_platforms,    &kind_market_products,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const struct rec_kind *k = KINDS[(data[0] >> 1) % (sizeof KINDS / sizeof *KINDS)];
    int creating = data[0] & 1;
    /* the decimal parser on the raw text as well */
    char text[64];
    size_t n = size - 1 < sizeof text - 1 ? size - 1 : sizeof text - 1;
    memcpy(text, data + 1, n);
    text[n] = '\0';
    int64_t milli, again;
    if (rec_decimal_parse(text, &milli) == 0) {
        char out[32];
        rec_decimal_format(milli, out);
        if (rec_decimal_parse(out, &again) != 0 || again != milli) abort(); /* also in Release builds, where assert is gone */
    }
    json_t *body = json_loadb((const char *)data + 1, size - 1, JSON_REJECT_DUPLICATES, NULL);
    if (!body) return 0;
    json_t *rec = json_object();
    dk_err e;
    err_clear(&e);
    if (rec_check_body(k, body, rec, creating, &e) != DK_OK && (!e.message[0] || e.status >= 0)) abort(); /* a refusal says why */
    json_decref(rec);
    json_decref(body);
    return 0;
}
