/* err.c — filling dk_err and mapping its status to HTTP statuses and exit codes. */
#include "util/err.h"
#include "util/utf8.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void err_clear(dk_err *e)
{
    if (!e) return;
    e->status = DK_OK;
    e->code[0] = e->field[0] = e->message[0] = '\0';
}

int err_set(dk_err *e, int status, const char *code, const char *field, const char *fmt, ...)
{
    if (!e) return status;
    e->status = status;
    snprintf(e->code, sizeof e->code, "%s", code ? code : "error");
    snprintf(e->field, sizeof e->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    utf8_repair(e->message); /* it may quote a client's bytes, cut off */
    utf8_repair(e->field);
    return status;
}

int err_http_status(int status)
{
    switch (status) {
    case DK_OK: return 200;
    case DK_EINVAL: return 400;
    case DK_ERULE: return 422;
    case DK_ENOTFOUND: return 404;
    case DK_ECONFLICT: return 409;
    case DK_EFORBIDDEN: return 403;
    case DK_ESTALE: return 412;
    case DK_EUNAVAIL: return 503;
    case DK_EUNAUTH: return 401;
    case DK_ETHROTTLED: return 429;
    default: return 500;
    }
}

int err_exit_code(int status)
{
    switch (status) {
    case DK_OK: return 0;
    case DK_EINVAL: return 2;
    case DK_ENOTFOUND: return 3;
    case DK_ERULE:
    case DK_ECONFLICT:
    case DK_ESTALE: return 4;
    case DK_EFORBIDDEN:
    case DK_EUNAUTH:
    case DK_ETHROTTLED: return 5;
    case DK_EUNAVAIL: return 6;
    default: return 1;
    }
}
