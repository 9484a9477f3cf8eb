/*
 * jsonin.h — the checks every JSON request body gets before a use case reads it: an object, only
 * known keys, text where text is expected. One place, so every route refuses alike.
 */
#ifndef DUIKOU_JSONIN_H
#define DUIKOU_JSONIN_H
#include <jansson.h>
#include "util/err.h"

/* Checks that body is an object whose keys are all in text_keys or other_keys (both
 * NULL-terminated, either may be NULL); values under text_keys must be strings or null, values
 * under other_keys are left to the caller. Returns DK_OK or DK_EINVAL naming the field
 * (invalid_body, unknown_field, invalid_type). */
int json_check_fields(json_t *body, const char *const *text_keys, const char *const *other_keys, dk_err *e);
/* The string under key, or NULL when absent, null, not a string or empty. */
const char *json_text(json_t *obj, const char *key);

#endif
