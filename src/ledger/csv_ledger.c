/*
 * csv_ledger.c — the .csv reader: libcsv parses RFC 4180 rows; text in GB18030 (what Chinese
 * Excel saves by default) is converted to UTF-8 by glibc's iconv chunk by chunk on the way in.
 * The encoding is given, or detected: a UTF-8 BOM or text that is valid UTF-8 throughout is
 * UTF-8, anything else is taken as GB18030. A byte that is valid in neither is named by offset.
 */
#include "ledger/reader.h"
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

struct csv_state {
    struct rowbuf rb;
    int col;
    long row;
    ledger_row_fn fn;
    void *ctx;
    dk_err *e;
    int rc;
    int last_term;  /* the line end that ended the previous record ('\r', '\n', or -1) */
};

static void on_field(void *s, size_t len, void *data)
{
    struct csv_state *c = data;
    if (c->rc != DK_OK) return;
    if (len > LEDGER_MAX_CELL) {
        char ref[8];
        ledger_col_name(c->col, ref);
        c->rc = err_set(c->e, DK_EINVAL, "too_large", ref, "第 %ld 行 %s 列：单元格过长 (cell too long)", c->row + 1, ref);
        return;
    }
    rowbuf_set(&c->rb, c->col++, s, len, CELL_TEXT);
}

static void on_row(int term, void *data)
{
    struct csv_state *c = data;
    /* every line end is reported (CSV_REPALL_NL), so blank lines count as rows and row numbers
     * match the file's lines; the LF of a CRLF is the same line end, not another row */
    int lf_of_crlf = term == '\n' && c->last_term == '\r' && c->col == 0;
    c->last_term = term;
    if (lf_of_crlf) return;
    c->row++;
    c->col = 0;
    if (c->rc != DK_OK) {
        rowbuf_clear(&c->rb);
        return;
    }
    c->rc = rowbuf_emit(&c->rb, "", c->row, c->fn, c->ctx, c->e);
}

/* Length of the valid UTF-8 prefix of s[0..n) (n when all of it is valid). */
static size_t utf8_valid_prefix(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char b = s[i];
        size_t k;
        unsigned min;
        if (b < 0x80) {
            i++;
            continue;
        } else if ((b & 0xE0) == 0xC0) k = 1, min = 0x80;
        else if ((b & 0xF0) == 0xE0) k = 2, min = 0x800;
        else if ((b & 0xF8) == 0xF0) k = 3, min = 0x10000;
        else return i;
        unsigned cp = b & (0x3F >> k);
        for (size_t j = 1; j <= k; j++) {
            if (i + j >= n || (s[i + j] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (s[i + j] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += k + 1;
    }
    return n;
}

static int feed(struct csv_parser *p, struct csv_state *c, const char *s, size_t n)
{
    if (csv_parse(p, s, n, on_field, on_row, c) != n && c->rc == DK_OK)
        c->rc = err_set(c->e, DK_EINVAL, "bad_csv", "file", "第 %ld 行附近 CSV 格式有误：%s (malformed CSV)", c->row + 1,
                        csv_strerror(csv_error(p)));
    return c->rc;
}

/* Converts GB18030 to UTF-8 through iconv in chunks, feeding each to the parser. */
static int feed_gb18030(struct csv_parser *p, struct csv_state *c, const char *data, size_t len,
                        const struct ledger_opts *o)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) return err_set(c->e, DK_EINTERNAL, "iconv", "encoding", "iconv 不支持 GB18030 (iconv lacks GB18030)");
    char out[65536];
    char *in = (char *)data;
    size_t left = len;
    while (left > 0 && c->rc == DK_OK) {
        char *op = out;
        size_t room = sizeof out;
        size_t r = iconv(cd, &in, &left, &op, &room);
        if (r == (size_t)-1 && errno != E2BIG) {
            c->rc = err_set(c->e, DK_EINVAL, "bad_encoding", "encoding",
                            "第 %zu 字节不是有效的 GB18030 文本 (byte %zu is not valid GB18030)%s", (size_t)(in - data), (size_t)(in - data),
                            errno == EINVAL ? "：文件在字符中间结束 (the file ends inside a character)" : "");
            break;
        }
        feed(p, c, out, (size_t)(op - out));
        if (o->progress) o->progress(o->progress_ctx, (uint64_t)(len - left), len);
    }
    iconv_close(cd);
    return c->rc;
}

int csv_ledger_read(const void *data, size_t len, const struct ledger_opts *o, ledger_row_fn fn, void *ctx, dk_err *e)
{
    static const struct ledger_opts none;
    if (!o) o = &none;
    const char *s = data;
    int bom = len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
    int gb;
    if (o->encoding && *o->encoding) {
        if (strcasecmp(o->encoding, "utf-8") == 0 || strcasecmp(o->encoding, "utf8") == 0) gb = 0;
        else if (strcasecmp(o->encoding, "gb18030") == 0 || strcasecmp(o->encoding, "gbk") == 0 ||
                 strcasecmp(o->encoding, "gb2312") == 0)
            gb = 1;
        else
            return err_set(e, DK_EINVAL, "invalid_parameter", "encoding", "不支持的编码 \"%.20s\"：应为 utf-8 或 gb18030 (unknown encoding)",
                           o->encoding);
    } else {
        gb = !bom && utf8_valid_prefix((const unsigned char *)s, len) != len;
    }
    if (bom && !gb) {
        s += 3;
        len -= 3;
    }
    if (!gb) {
        size_t ok = utf8_valid_prefix((const unsigned char *)s, len);
        if (ok != len)
            return err_set(e, DK_EINVAL, "bad_encoding", "encoding",
                           "第 %zu 字节不是有效的 UTF-8 文本；GB18030 文件请用 --encoding gb18030 (byte %zu is not valid UTF-8)",
                           ok + (bom ? 3 : 0), ok + (bom ? 3 : 0));
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_REPALL_NL) != 0) return err_set(e, DK_EINTERNAL, "csv", "", "csv_init failed");
    struct csv_state c;
    memset(&c, 0, sizeof c);
    c.fn = fn;
    c.ctx = ctx;
    c.e = e;
    if (gb) feed_gb18030(&p, &c, s, len, o);
    else {
        for (size_t off = 0; off < len && c.rc == DK_OK; off += 65536) {
            size_t n = len - off < 65536 ? len - off : 65536;
            feed(&p, &c, s + off, n);
            if (o->progress) o->progress(o->progress_ctx, off + n, len);
        }
    }
    if (c.rc == DK_OK) csv_fini(&p, on_field, on_row, &c);
    csv_free(&p);
    rowbuf_clear(&c.rb);
    return c.rc;
}
