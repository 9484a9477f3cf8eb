/*
 * project_json.h — a project to and from JSON, by walking the field table. Input is strict:
 * an unknown field, a wrong type or bad money text is refused naming the field.
 */
#ifndef DUIKOU_PROJECT_JSON_H
#define DUIKOU_PROJECT_JSON_H
#include <jansson.h>
#include "store/projects.h"

/* Applies the editable fields present in obj onto p (strings are copied; p owns them).
 * Keys listed in extra (NULL-terminated, may be NULL) are skipped for the caller to read;
 * any other key is an error. Money accepts a JSON integer (yuan) or text such as
 * "1,234.56万元" or "12.3亿元" (yuan when it names no unit). null clears an optional field. */
int project_apply_json(struct project *p, json_t *obj, const char *const *extra, dk_err *e);
/* The row as a JSON object (new reference), without the warning (the caller adds it). */
json_t *project_to_json(const struct project_row *r);

#endif
