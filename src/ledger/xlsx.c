/*
 * xlsx.c — the .xlsx reader: libzip opens the archive, expat parses the parts as they are
 * decompressed. The workbook and its relationships give the sheets' names and parts; the
 * shared strings are held (within a cap); the chosen sheet is streamed row by row to the
 * callback. Every part's decompressed size is capped, so a zip bomb stops at the cap with a
 * clear error instead of filling memory. Element names are matched without their namespace
 * prefix (writers differ: "x:row" and "row" are the same element).
 */
#include "ledger/reader.h"
#include "ledger/xlsx_num.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"
#include <expat.h>
#include <stdio.h>
#include <string.h>
#include <zip.h>

#define DEFAULT_MAX_ENTRY ((uint64_t)512 << 20)
#define DEFAULT_MAX_STRINGS ((uint64_t)64 << 20)
#define MAX_SHEETS 256

/* The local part of an expat name "uri|local" or "prefix:local". */
static const char *local(const char *name)
{
    const char *bar = strrchr(name, '|');
    if (bar) return bar + 1;
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

static const char *attr(const char **atts, const char *want)
{
    for (int i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), want) == 0) return atts[i + 1];
    return NULL;
}

/* Everything one read needs, shared by the part parsers. */
struct xlsx {
    zip_t *zip;
    const struct ledger_opts *o;
    uint64_t max_entry, max_strings;
    dk_err *e;
    int rc;
    XML_Parser xp;
    const char *part;          /* the part being parsed, for messages */
    /* workbook */
    char *sheet_names[MAX_SHEETS], *sheet_rids[MAX_SHEETS];
    int n_sheets;
    char *target;              /* the chosen sheet's relationship id, then its part path */
    /* shared strings */
    char **strings;
    size_t n_strings, cap_strings;
    uint64_t strings_bytes;
    int in_si, in_t, in_rph;
    sbuf text;
    /* sheet */
    const char *sheet;
    ledger_row_fn fn;
    void *ctx;
    struct rowbuf rb;
    long row, next_row;
    int col, next_col;
    char cell_type[16];
    int in_v, in_is, in_row;
};

static void stop(struct xlsx *x, int rc)
{
    if (x->rc == DK_OK) x->rc = rc;
    XML_StopParser(x->xp, XML_FALSE);
}

static void fail(struct xlsx *x, const char *code, const char *msg)
{
    err_set(x->e, DK_EINVAL, code, "file", "%s: %s", x->part, msg);
    stop(x, DK_EINVAL);
}

/* Parses the archive member name with handlers set on a new parser. */
static int parse_part(struct xlsx *x, const char *name, XML_StartElementHandler start, XML_EndElementHandler end,
                      XML_CharacterDataHandler chars, int report_progress)
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(x->zip, name, 0, &st) != 0)
        return err_set(x->e, DK_EINVAL, "bad_xlsx", "file", ".xlsx 缺少 %.100s (missing part)", name);
    if ((st.valid & ZIP_STAT_SIZE) && st.size > x->max_entry)
        return err_set(x->e, DK_EINVAL, "too_large", "file", "%.100s 解压后 %llu 字节，超过上限 %llu (part too large: a zip bomb?)", name,
                       (unsigned long long)st.size, (unsigned long long)x->max_entry);
    zip_file_t *zf = zip_fopen(x->zip, name, 0);
    if (!zf) return err_set(x->e, DK_EINVAL, "bad_xlsx", "file", "%.100s 无法解压 (cannot decompress): %s", name, zip_strerror(x->zip));
    x->xp = XML_ParserCreateNS("UTF-8", '|');
    XML_SetUserData(x->xp, x);
    XML_SetElementHandler(x->xp, start, end);
    XML_SetCharacterDataHandler(x->xp, chars);
    x->part = name;
    x->rc = DK_OK;
    uint64_t total = 0;
    char buf[65536];
    for (;;) {
        zip_int64_t n = zip_fread(zf, buf, sizeof buf);
        if (n < 0) {
            err_set(x->e, DK_EINVAL, "bad_xlsx", "file", "%.100s 解压失败，文件可能已损坏 (decompression failed: damaged file)", name);
            x->rc = DK_EINVAL;
            break;
        }
        total += (uint64_t)n;
        if (total > x->max_entry) {
            err_set(x->e, DK_EINVAL, "too_large", "file", "%.100s 解压后超过上限 %llu 字节 (part too large: a zip bomb?)", name,
                    (unsigned long long)x->max_entry);
            x->rc = DK_EINVAL;
            break;
        }
        if (XML_Parse(x->xp, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
            if (x->rc == DK_OK) {
                err_set(x->e, DK_EINVAL, "bad_xml", "file", "%.100s 第 %lu 行 XML 有误：%s (broken XML)", name,
                        (unsigned long)XML_GetCurrentLineNumber(x->xp), XML_ErrorString(XML_GetErrorCode(x->xp)));
                x->rc = DK_EINVAL;
            }
            break;
        }
        if (report_progress && x->o->progress) x->o->progress(x->o->progress_ctx, total, st.valid & ZIP_STAT_SIZE ? st.size : 0);
        if (n == 0) break;
    }
    zip_fclose(zf);
    XML_ParserFree(x->xp);
    x->xp = NULL;
    return x->rc;
}

/* --- workbook.xml: sheet names and relationship ids ------------------------------------ */
static void wb_start(void *ud, const char *name, const char **atts)
{
    struct xlsx *x = ud;
    if (strcmp(local(name), "sheet") != 0) return;
    const char *nm = attr(atts, "name"), *rid = attr(atts, "id");
    if (!nm || !rid) return fail(x, "bad_xlsx", "工作表缺少名称 (a sheet without a name)");
    if (x->n_sheets >= MAX_SHEETS) return fail(x, "bad_xlsx", "工作表过多 (too many sheets)");
    x->sheet_names[x->n_sheets] = xstrdup(nm);
    x->sheet_rids[x->n_sheets] = xstrdup(rid);
    x->n_sheets++;
}
static void no_end(void *ud, const char *name) {}
static void no_chars(void *ud, const char *s, int len) {}

/* --- workbook.xml.rels: the chosen sheet's part --------------------------------------- */
static void rels_start(void *ud, const char *name, const char **atts)
{
    struct xlsx *x = ud;
    if (strcmp(local(name), "Relationship") != 0) return;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
    if (!id || !target || strcmp(id, x->target) != 0) return;
    char path[512];
    if (target[0] == '/') snprintf(path, sizeof path, "%s", target + 1);
    else snprintf(path, sizeof path, "xl/%s", target);
    free(x->target);
    x->target = xstrdup(path);
}

/* --- sharedStrings.xml ---------------------------------------------------------------- */
static void ss_start(void *ud, const char *name, const char **atts)
{
    struct xlsx *x = ud;
    const char *l = local(name);
    if (strcmp(l, "si") == 0) {
        x->in_si = 1;
        sb_reset(&x->text);
    } else if (strcmp(l, "rPh") == 0) x->in_rph = 1;
    else if (strcmp(l, "t") == 0 && x->in_si && !x->in_rph) x->in_t = 1;
}
static void ss_end(void *ud, const char *name)
{
    struct xlsx *x = ud;
    const char *l = local(name);
    if (strcmp(l, "t") == 0) x->in_t = 0;
    else if (strcmp(l, "rPh") == 0) x->in_rph = 0;
    else if (strcmp(l, "si") == 0) {
        x->in_si = 0;
        /* what a string really costs: its bytes, the NUL, the allocator's header and rounding
         * (malloc hands out 16-byte multiples of at least 32), and its slot in the table */
        x->strings_bytes += ((x->text.len + 1 + 8 + 15) / 16) * 16 + 16 + sizeof(char *);
        if (x->strings_bytes > x->max_strings)
            return fail(x, "too_large", "共享字符串超过上限 (shared strings too large)");
        if (x->n_strings == x->cap_strings) {
            x->cap_strings = x->cap_strings ? x->cap_strings * 2 : 256;
            x->strings = xrealloc(x->strings, x->cap_strings * sizeof *x->strings);
        }
        x->strings[x->n_strings++] = xstrndup(sb_str(&x->text), x->text.len);
    }
}
static void text_chars(void *ud, const char *s, int len)
{
    struct xlsx *x = ud;
    if (!(x->in_t || x->in_v)) return;
    if (x->text.len + (size_t)len > LEDGER_MAX_CELL) return fail(x, "too_large", "单元格文本过长 (cell text too long)");
    sb_append(&x->text, s, (size_t)len);
}

/* --- the sheet ------------------------------------------------------------------------- */
/* Parses a cell reference "AB12" into 0-based column and 1-based row; 0 when malformed. */
static int parse_ref(const char *r, int *col, long *row)
{
    int c = 0, letters = 0;
    while (*r >= 'A' && *r <= 'Z' && letters < 4) {
        c = c * 26 + (*r - 'A' + 1);
        r++;
        letters++;
    }
    if (!letters) return 0;
    long n = 0;
    int digits = 0;
    while (*r >= '0' && *r <= '9' && digits < 8) {
        n = n * 10 + (*r - '0');
        r++;
        digits++;
    }
    if (*r || !digits || n < 1) return 0;
    *col = c - 1;
    *row = n;
    return 1;
}

static void sh_start(void *ud, const char *name, const char **atts)
{
    struct xlsx *x = ud;
    const char *l = local(name);
    if (strcmp(l, "row") == 0) {
        const char *r = attr(atts, "r");
        long n = x->next_row;
        if (r) {
            char *end;
            n = strtol(r, &end, 10);
            if (*end || n < 1 || n > 10485760) return fail(x, "bad_xlsx", "行号无效 (bad row number)");
        }
        if (n < x->next_row) return fail(x, "bad_xlsx", "行号倒序 (rows out of order)");
        x->row = n;
        x->next_row = n + 1;
        x->next_col = 0;
        x->in_row = 1;
    } else if (strcmp(l, "c") == 0) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t");
        int col = x->next_col;
        long row = x->row;
        if (r && !parse_ref(r, &col, &row)) return fail(x, "bad_xlsx", "单元格引用无效 (bad cell reference)");
        x->col = col;
        x->next_col = col + 1;
        snprintf(x->cell_type, sizeof x->cell_type, "%s", t ? t : "n");
        sb_reset(&x->text);
    } else if (strcmp(l, "v") == 0) {
        x->in_v = 1;
    } else if (strcmp(l, "is") == 0) {
        x->in_is = 1;
    } else if (strcmp(l, "rPh") == 0) {
        x->in_rph = 1;
    } else if (strcmp(l, "t") == 0 && x->in_is && !x->in_rph) {
        x->in_t = 1;
    }
}

static void cell_done(struct xlsx *x)
{
    const char *t = x->cell_type, *v = sb_str(&x->text);
    if (x->text.len == 0) return;
    if (strcmp(t, "s") == 0) {
        char *end;
        unsigned long idx = strtoul(v, &end, 10);
        if (*end || idx >= x->n_strings) {
            char ref[8];
            ledger_col_name(x->col, ref);
            err_set(x->e, DK_EINVAL, "bad_xlsx", ref, "工作表 %.60s 第 %ld 行 %s 列：共享字符串编号 %.20s 不存在 (no such shared string)",
                    x->sheet, x->row, ref, v);
            return stop(x, DK_EINVAL);
        }
        rowbuf_set(&x->rb, x->col, x->strings[idx], strlen(x->strings[idx]), CELL_TEXT);
    } else if (strcmp(t, "b") == 0) {
        const char *b = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
        rowbuf_set(&x->rb, x->col, b, strlen(b), CELL_BOOL);
    } else if (strcmp(t, "n") == 0) {
        char num[64];
        if (xlsx_number_text(v, num, sizeof num) != 0) {
            char ref[8];
            ledger_col_name(x->col, ref);
            err_set(x->e, DK_EINVAL, "bad_xlsx", ref, "工作表 %.60s 第 %ld 行 %s 列：数值无效 \"%.30s\" (bad number)", x->sheet, x->row, ref, v);
            return stop(x, DK_EINVAL);
        }
        rowbuf_set(&x->rb, x->col, num, strlen(num), CELL_NUMBER);
    } else if (strcmp(t, "e") == 0) {
        rowbuf_set(&x->rb, x->col, v, x->text.len, CELL_TEXT); /* "#DIV/0!": the field's check names it */
    } else {
        rowbuf_set(&x->rb, x->col, v, x->text.len, CELL_TEXT); /* str, inlineStr, d (ISO text) */
    }
}

static void sh_end(void *ud, const char *name)
{
    struct xlsx *x = ud;
    const char *l = local(name);
    if (strcmp(l, "v") == 0) x->in_v = 0;
    else if (strcmp(l, "t") == 0) x->in_t = 0;
    else if (strcmp(l, "rPh") == 0) x->in_rph = 0;
    else if (strcmp(l, "is") == 0) x->in_is = 0;
    else if (strcmp(l, "c") == 0) {
        cell_done(x);
        sb_reset(&x->text);
    } else if (strcmp(l, "row") == 0 && x->in_row) {
        x->in_row = 0;
        int rc = rowbuf_emit(&x->rb, x->sheet, x->row, x->fn, x->ctx, x->e);
        if (rc != DK_OK) stop(x, rc);
    }
}

/* Picks the sheet o->sheet names (a name or a 1-based number), else the first. */
static int choose_sheet(struct xlsx *x)
{
    if (x->n_sheets == 0) return err_set(x->e, DK_EINVAL, "bad_xlsx", "sheet", "工作簿中没有工作表 (no sheets in the workbook)");
    const char *want = x->o->sheet;
    int pick = 0;
    if (want && *want) {
        pick = -1;
        for (int i = 0; i < x->n_sheets; i++)
            if (strcmp(x->sheet_names[i], want) == 0) pick = i;
        if (pick < 0) {
            char *end;
            long n = strtol(want, &end, 10);
            if (!*end && n >= 1 && n <= x->n_sheets) pick = (int)n - 1;
        }
        if (pick < 0) {
            sbuf names;
            sb_init(&names, 200);
            for (int i = 0; i < x->n_sheets; i++) sb_printf(&names, "%s%s", i ? "、" : "", x->sheet_names[i]);
            err_set(x->e, DK_EINVAL, "no_such_sheet", "sheet", "没有工作表 \"%.60s\"；工作簿中有：%.200s (no such sheet)", want, sb_str(&names));
            sb_free(&names);
            return DK_EINVAL;
        }
    }
    x->sheet = x->sheet_names[pick];
    x->target = xstrdup(x->sheet_rids[pick]);
    return DK_OK;
}

int xlsx_read(const void *data, size_t len, const struct ledger_opts *o, ledger_row_fn fn, void *ctx, dk_err *e)
{
    static const struct ledger_opts none;
    struct xlsx x;
    memset(&x, 0, sizeof x);
    x.o = o ? o : &none;
    x.max_entry = x.o->max_entry_bytes ? x.o->max_entry_bytes : DEFAULT_MAX_ENTRY;
    x.max_strings = x.o->max_strings_bytes ? x.o->max_strings_bytes : DEFAULT_MAX_STRINGS;
    x.e = e;
    x.fn = fn;
    x.ctx = ctx;
    x.next_row = 1;
    sb_init(&x.text, LEDGER_MAX_CELL + 16);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    int rc = DK_OK;
    if (src) x.zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!x.zip) {
        rc = err_set(e, DK_EINVAL, "not_xlsx", "file", "不是有效的 .xlsx 文件：%s (not a readable zip archive)", zip_error_strerror(&ze));
        if (src) zip_source_free(src);
        goto out;
    }
    if ((rc = parse_part(&x, "xl/workbook.xml", wb_start, no_end, no_chars, 0)) != DK_OK) goto out;
    if ((rc = choose_sheet(&x)) != DK_OK) goto out;
    if ((rc = parse_part(&x, "xl/_rels/workbook.xml.rels", rels_start, no_end, no_chars, 0)) != DK_OK) goto out;
    if (strncmp(x.target, "xl/", 3) != 0 || strstr(x.target, "..")) {
        rc = err_set(e, DK_EINVAL, "bad_xlsx", "sheet", "工作表 %.60s 的位置无效 (the sheet's part is not found)", x.sheet);
        goto out;
    }
    if (zip_name_locate(x.zip, "xl/sharedStrings.xml", 0) >= 0 &&
        (rc = parse_part(&x, "xl/sharedStrings.xml", ss_start, ss_end, text_chars, 0)) != DK_OK)
        goto out;
    rc = parse_part(&x, x.target, sh_start, sh_end, text_chars, 1);
out:
    if (x.zip) zip_discard(x.zip);
    for (int i = 0; i < x.n_sheets; i++) {
        free(x.sheet_names[i]);
        free(x.sheet_rids[i]);
    }
    for (size_t i = 0; i < x.n_strings; i++) free(x.strings[i]);
    free(x.strings);
    free(x.target);
    rowbuf_clear(&x.rb);
    sb_free(&x.text);
    return rc;
}
