/* err.c — filling dk_err and mapping its status to HTTP statuses and exit codes. */
#include "util/err.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void err_clear(dk_err *e)
{
    if (!e) return;
    e->status = DK_OK;
    e->code[0] = e->field[0] = e->message[0] = '\0';
}

/* The length of the well-formed UTF-8 sequence at p (Unicode 15, table 3-7: no overlong forms,
 * no surrogates, nothing above U+10FFFF), or 0 when the bytes there are not one. */
static int utf8_seq(const unsigned char *p)
{
    unsigned char lo = 0x80, hi = 0xBF;
    int n;
    if (p[0] < 0x80) return 1;
    if (p[0] >= 0xC2 && p[0] <= 0xDF) n = 2;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF) n = 3;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4) n = 4;
    else return 0;
    if (p[0] == 0xE0) lo = 0xA0;
    else if (p[0] == 0xED) hi = 0x9F;
    else if (p[0] == 0xF0) lo = 0x90;
    else if (p[0] == 0xF4) hi = 0x8F;
    if (p[1] < lo || p[1] > hi) return 0;
    for (int i = 2; i < n; i++)
        if ((p[i] & 0xC0) != 0x80) return 0;
    return n;
}

/* Replaces every byte that does not start or continue a well-formed UTF-8 sequence with '?', so
 * a message that quotes cut-off or hostile user input is still valid UTF-8 for JSON. */
static void utf8_repair(char *s)
{
    unsigned char *p = (unsigned char *)s;
    while (*p) {
        int n = utf8_seq(p);
        if (!n) *p++ = '?';
        else p += n;
    }
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
    utf8_repair(e->message);
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
