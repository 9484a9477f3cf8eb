/* jsonin.c — request body checks shared by every use case (see jsonin.h). */
#include "util/jsonin.h"
#include <string.h>

static int listed(const char *key, const char *const *list)
{
    for (; list && *list; list++)
        if (strcmp(key, *list) == 0) return 1;
    return 0;
}

int json_check_fields(json_t *body, const char *const *text_keys, const char *const *other_keys, dk_err *e)
{
    if (!json_is_object(body)) return err_set(e, DK_EINVAL, "invalid_body", "", "请求体应为 JSON 对象 (body must be a JSON object)");
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v) {
        if (listed(key, other_keys)) continue;
        if (!listed(key, text_keys)) return err_set(e, DK_EINVAL, "unknown_field", key, "未知字段 %.60s (unknown field)", key);
        if (!json_is_string(v) && !json_is_null(v))
            return err_set(e, DK_EINVAL, "invalid_type", key, "%.60s 应为文本 (must be a string)", key);
    }
    return DK_OK;
}

const char *json_text(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) && *json_string_value(v) ? json_string_value(v) : NULL;
}
