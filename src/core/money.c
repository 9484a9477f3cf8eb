/*
 * money.c — exact money in int64 yuan: parsing ledger text ("1,234.56万元", "１２.３亿",
 * "56789元") and formatting it back, by decimal digit arithmetic only (no floating point).
 *
 * Parsing runs in two steps: a syntax pass over UTF-8 tokens that records where the integer
 * and fraction digits are and which unit follows, then a value pass that computes the amount
 * with overflow checks and refuses fractions of a yuan.
 */
#include "core/money.h"
#include <assert.h>
#include <stdio.h>
#include <string.h>

#define QUOTE_MAX 64 /* bytes of the input quoted in error messages */

/* ---- tokens ------------------------------------------------------------------------ */

enum tok_kind {
    T_END,   /* NUL */
    T_DIGIT, /* 0-9 or ０-９ */
    T_POINT, /* . or ． */
    T_COMMA, /* , or ， */
    T_SPACE, /* ASCII white space or U+3000 */
    T_MINUS, /* - */
    T_YUAN,  /* 元 */
    T_WAN,   /* 万 */
    T_YI,    /* 亿 */
    T_OTHER, /* anything else */
};

typedef struct token {
    enum tok_kind kind;
    int digit;  /* 0..9 for T_DIGIT */
    size_t len; /* bytes the token takes (0 for T_END) */
} token;

static token tok(enum tok_kind kind, int digit, size_t len)
{
    token t = {kind, digit, len};
    return t;
}

/* Reads the token starting at p. */
static token next_token(const char *p)
{
    const unsigned char *s = (const unsigned char *)p;
    if (s[0] == '\0') return tok(T_END, 0, 0);
    if (s[0] >= '0' && s[0] <= '9') return tok(T_DIGIT, s[0] - '0', 1);
    switch (s[0]) {
    case '.': return tok(T_POINT, 0, 1);
    case ',': return tok(T_COMMA, 0, 1);
    case '-': return tok(T_MINUS, 0, 1);
    case ' ': case '\t': case '\n': case '\r': case '\v': case '\f': return tok(T_SPACE, 0, 1);
    default: break;
    }
    if (s[0] == 0xEF && s[1] == 0xBC) { /* full-width forms U+FF0C..U+FF19 */
        if (s[2] >= 0x90 && s[2] <= 0x99) return tok(T_DIGIT, s[2] - 0x90, 3);
        if (s[2] == 0x8E) return tok(T_POINT, 0, 3);
        if (s[2] == 0x8C) return tok(T_COMMA, 0, 3);
    }
    if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) return tok(T_SPACE, 0, 3);
    if (s[0] == 0xE5 && s[1] == 0x85 && s[2] == 0x83) return tok(T_YUAN, 0, 3);
    if (s[0] == 0xE4 && s[1] == 0xB8 && s[2] == 0x87) return tok(T_WAN, 0, 3);
    if (s[0] == 0xE4 && s[1] == 0xBA && s[2] == 0xBF) return tok(T_YI, 0, 3);
    return tok(T_OTHER, 0, 1);
}

static const char *skip_spaces(const char *p)
{
    token t;
    while ((t = next_token(p)).kind == T_SPACE) p += t.len;
    return p;
}

/* ---- quoting the input in messages ----------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s, or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t n;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) n = 3;
    else if (c >= 0xF0 && c <= 0xF4) n = 4;
    else return 0;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
    if (s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    return n;
}

/* Copies at most QUOTE_MAX bytes of text into out, cut at a character boundary, with control
 * characters and invalid UTF-8 replaced by '?' and "…" appended when cut short. */
static void quote_input(const char *text, char out[QUOTE_MAX + 4])
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, o = 0;
    while (s[i] != '\0') {
        size_t n = utf8_len(s + i);
        if (o + (n ? n : 1) > QUOTE_MAX) {
            memcpy(out + o, "\xE2\x80\xA6", 3); /* … */
            o += 3;
            break;
        }
        if (n == 0 || (n == 1 && (s[i] < 0x20 || s[i] == 0x7F))) {
            out[o++] = '?';
            i += 1;
        } else {
            memcpy(out + o, s + i, n);
            o += n;
            i += n;
        }
    }
    out[o] = '\0';
}

static int fail(dk_err *e, const char *field, const char *what, const char *text)
{
    char q[QUOTE_MAX + 4];
    quote_input(text, q);
    return err_set(e, DK_EINVAL, "invalid_money", field, "%s: \"%s\"", what, q);
}

/* ---- parsing ------------------------------------------------------------------------- */

/* Where the pieces of an amount are, as found by the syntax pass. */
typedef struct money_syntax {
    int negative;
    const char *int_start;  /* first token of the integer part (digits and separators) */
    const char *frac_start; /* first fraction digit, NULL when there is no fraction */
    int64_t unit;           /* the unit written after the number, 0 when none */
} money_syntax;

/* Checks the integer part at *pp: digits, with separators only between complete groups of
 * three. Advances *pp past it. Returns NULL or the message naming the problem. */
static const char *scan_integer(const char **pp)
{
    const char *p = *pp;
    int digits = 0, group = 0, commas = 0;
    for (;;) {
        token t = next_token(p);
        if (t.kind == T_DIGIT) {
            digits++;
            group++;
        } else if (t.kind == T_COMMA) {
            if (group == 0 || (commas == 0 && group > 3) || (commas > 0 && group != 3))
                return "千位分隔符位置错误 (misplaced thousands separator)";
            commas++;
            group = 0;
        } else {
            break;
        }
        p += t.len;
    }
    if (digits == 0) {
        token t = next_token(p);
        if (t.kind == T_POINT) return "小数点前缺少数字 (no digits before the decimal point)";
        if (t.kind == T_YUAN || t.kind == T_WAN || t.kind == T_YI)
            return "金额缺少数字 (no digits before the unit)";
        if (t.kind == T_END) return "金额缺少数字 (no digits)";
        return "金额不是数字 (not a number)";
    }
    if (commas > 0 && group != 3) return "千位分隔符位置错误 (misplaced thousands separator)";
    *pp = p;
    return NULL;
}

/* Checks the fraction digits at *pp (just after the decimal point); advances past them. */
static const char *scan_fraction(const char **pp)
{
    const char *p = *pp;
    token t;
    while ((t = next_token(p)).kind == T_DIGIT) p += t.len;
    if (p == *pp) return "小数点后缺少数字 (no digits after the decimal point)";
    if (t.kind == T_COMMA)
        return "千位分隔符只能用在整数部分 (thousands separator in the fraction)";
    *pp = p;
    return NULL;
}

/* Reads an optional unit suffix (元 万 万元 亿 亿元) at *pp into *unit (0 when none). */
static void scan_unit(const char **pp, int64_t *unit)
{
    token t = next_token(*pp);
    *unit = 0;
    if (t.kind == T_YUAN) *unit = MONEY_YUAN;
    else if (t.kind == T_WAN) *unit = MONEY_WAN;
    else if (t.kind == T_YI) *unit = MONEY_YI;
    else return;
    *pp += t.len;
    if (*unit != MONEY_YUAN && next_token(*pp).kind == T_YUAN) *pp += next_token(*pp).len;
}

/* Names what is wrong with the text left over after the amount. */
static const char *trailing_problem(const char *p)
{
    switch (next_token(p).kind) {
    case T_POINT: return "金额中有多个小数点 (more than one decimal point)";
    case T_COMMA: return "千位分隔符位置错误 (misplaced thousands separator)";
    case T_DIGIT: return "金额中间有空格 (space inside the number)";
    default: return "金额后有多余的字符 (unexpected text after the amount)";
    }
}

/* The syntax pass: fills *sx or returns the message naming the problem. */
static const char *scan_money(const char *text, int allow_negative, money_syntax *sx)
{
    const char *p = skip_spaces(text), *msg;
    memset(sx, 0, sizeof *sx);
    if (next_token(p).kind == T_END) return "金额为空 (empty amount)";
    if (next_token(p).kind == T_MINUS) {
        if (!allow_negative) return "金额不能为负数 (negative amount not allowed)";
        sx->negative = 1;
        p++;
    }
    sx->int_start = p;
    if ((msg = scan_integer(&p))) return msg;
    if (next_token(p).kind == T_POINT) {
        p += next_token(p).len;
        sx->frac_start = p;
        if ((msg = scan_fraction(&p))) return msg;
    }
    p = skip_spaces(p);
    scan_unit(&p, &sx->unit);
    p = skip_spaces(p);
    if (next_token(p).kind != T_END) return trailing_problem(p);
    return NULL;
}

/* Number of decimal digits in a unit: 0, 4 or 8. */
static int unit_digits(int64_t unit)
{
    switch (unit) {
    case MONEY_WAN: return 4;
    case MONEY_YI: return 8;
    default: return 0;
    }
}

/* The value pass: the amount in yuan, or a message. */
static const char *money_value(const money_syntax *sx, int64_t unit, int64_t *out)
{
    int64_t ip = 0, frac = 0, scale = unit;
    int overflow = 0;
    token t;
    for (const char *p = sx->int_start; (t = next_token(p)).kind == T_DIGIT || t.kind == T_COMMA;
         p += t.len) {
        if (t.kind != T_DIGIT) continue;
        overflow |= __builtin_mul_overflow(ip, 10, &ip);
        overflow |= __builtin_add_overflow(ip, t.digit, &ip);
    }
    if (sx->frac_start) {
        /* the i-th fraction digit is worth unit / 10^i yuan: a whole number only while 10^i <= unit */
        for (const char *p = sx->frac_start; (t = next_token(p)).kind == T_DIGIT; p += t.len) {
            scale /= 10;
            if (scale == 0 && t.digit != 0)
                return "金额精度超过 1 元 (more precision than one yuan)";
            frac += t.digit * scale;
        }
    }
    overflow |= __builtin_mul_overflow(ip, unit, &ip);
    overflow |= __builtin_add_overflow(ip, frac, &ip);
    if (overflow) return "金额超出范围 (amount too large)";
    *out = sx->negative ? -ip : ip;
    return NULL;
}

int money_parse(const char *text, enum money_unit default_unit, int allow_negative,
                const char *field, int64_t *out, dk_err *e)
{
    money_syntax sx;
    const char *msg;
    int64_t v = 0;
    assert(unit_digits(default_unit) > 0 || default_unit == MONEY_YUAN);
    if (!text) text = "";
    if ((msg = scan_money(text, allow_negative, &sx)))
        return fail(e, field, msg, text);
    if ((msg = money_value(&sx, sx.unit ? sx.unit : (int64_t)default_unit, &v)))
        return fail(e, field, msg, text);
    if (out) *out = v;
    return DK_OK;
}

/* ---- formatting ---------------------------------------------------------------------- */

static const uint64_t pow10_u64[9] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
};

void money_format(int64_t yuan, enum money_unit unit, int decimals, char *buf, size_t n)
{
    uint64_t div = pow10_u64[unit_digits(unit)];
    assert(div == (uint64_t)unit);
    assert(decimals >= 0 && decimals <= 8);
    if (decimals < 0) decimals = 0;
    if (decimals > 8) decimals = 8;
    if (!buf || n == 0) return;

    /* magnitude as unsigned so INT64_MIN is fine; r * 10^decimals < 10^16 fits */
    uint64_t mag = yuan < 0 ? (uint64_t)0 - (uint64_t)yuan : (uint64_t)yuan;
    uint64_t ip = mag / div, r = mag % div;
    uint64_t scaled = r * pow10_u64[decimals];
    uint64_t fp = scaled / div;
    if ((scaled % div) * 2 >= div) fp++; /* half away from zero, on the magnitude */
    if (fp == pow10_u64[decimals]) {
        ip++;
        fp = 0;
    }
    const char *sign = (yuan < 0 && (ip != 0 || fp != 0)) ? "-" : "";
    if (decimals == 0)
        snprintf(buf, n, "%s%llu", sign, (unsigned long long)ip);
    else
        snprintf(buf, n, "%s%llu.%0*llu", sign, (unsigned long long)ip, decimals,
                 (unsigned long long)fp);
}

static const char *unit_name(enum money_unit unit)
{
    switch (unit) {
    case MONEY_WAN: return "万元";
    case MONEY_YI: return "亿元";
    default: return "元";
    }
}

void money_format_text(int64_t yuan, enum money_unit unit, int decimals, char *buf, size_t n)
{
    char plain[32], out[64];
    size_t o = 0, i = 0;
    if (!buf || n == 0) return;
    money_format(yuan, unit, decimals, plain, sizeof plain);
    if (plain[0] == '-') out[o++] = plain[i++];
    size_t digits = strcspn(plain + i, ".");
    for (size_t k = 0; k < digits; k++) {
        if (k > 0 && (digits - k) % 3 == 0) out[o++] = ',';
        out[o++] = plain[i++];
    }
    out[o] = '\0';
    snprintf(buf, n, "%s%s%s", out, plain + i, unit_name(unit));
}

int64_t money_ratio_bp(int64_t part, int64_t whole)
{
    if (whole == 0) return 0;
    __int128 num = (__int128)part * 10000, den = whole;
    __int128 q = num / den, r = num % den;
    __int128 ar = r < 0 ? -r : r, aden = den < 0 ? -den : den;
    if (ar * 2 >= aden) q += ((num < 0) != (den < 0)) ? -1 : 1;
    if (q > INT64_MAX) return INT64_MAX;
    if (q < INT64_MIN) return INT64_MIN;
    return (int64_t)q;
}
