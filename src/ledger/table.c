/*
 * table.c — writes a ledger table as .xlsx or .csv (see table.h).
 *
 * Money cells: the value is int64 yuan; in 万元 it has at most four decimals. libxlsxwriter
 * takes a double, so the exact decimal text ("1234.5678") goes through strtod once, at the
 * cell write. That is exact enough to be exact: a record is at most 10^13 yuan = 10^9 万元, so
 * the text has at most 14 significant digits, and every decimal of up to 15 significant digits
 * is recovered unchanged from its nearest double (what Excel shows, and what the importer
 * reads back). The 合计 row is summed in int64 before it is written the same way. Percentages
 * are display only.
 */
#include "ledger/table.h"
#include "core/money.h"
#include "util/sbuf.h"
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

void table_wan(int64_t yuan, char *buf, size_t n)
{
    money_format(yuan, MONEY_WAN, 4, buf, n);
    if (strchr(buf, '.')) {
        char *q = buf + strlen(buf) - 1;
        while (*q == '0') *q-- = '\0';
        if (*q == '.') *q = '\0';
    }
}

static double wan_double(int64_t yuan)
{
    char buf[40];
    table_wan(yuan, buf, sizeof buf);
    return strtod(buf, NULL);
}

/* The column totals in yuan (money columns marked total). */
static void sums(const struct table *t, int64_t *sum)
{
    for (int c = 0; c < t->ncols; c++) sum[c] = 0;
    size_t i;
    json_t *row;
    json_array_foreach(t->rows, i, row)
        for (int c = 0; c < t->ncols; c++)
            if (t->cols[c].total && json_is_integer(json_array_get(row, (size_t)c)))
                sum[c] += json_integer_value(json_array_get(row, (size_t)c));
}

/* The formats a sheet uses, made once per workbook. */
struct formats {
    lxw_format *title, *unit, *head;
    lxw_format *body[4][4]; /* [fill][type]; fill 0 none, 1 yellow, 2 red, 3 the total row */
};

static void make_formats(lxw_workbook *wb, struct formats *F)
{
    F->title = workbook_add_format(wb);
    format_set_bold(F->title);
    format_set_font_size(F->title, 16);
    format_set_align(F->title, LXW_ALIGN_CENTER);
    format_set_align(F->title, LXW_ALIGN_VERTICAL_CENTER);
    F->unit = workbook_add_format(wb);
    format_set_align(F->unit, LXW_ALIGN_RIGHT);
    F->head = workbook_add_format(wb);
    format_set_bold(F->head);
    format_set_border(F->head, LXW_BORDER_THIN);
    format_set_bg_color(F->head, 0xD9E1F2);
    format_set_text_wrap(F->head);
    format_set_align(F->head, LXW_ALIGN_CENTER);
    format_set_align(F->head, LXW_ALIGN_VERTICAL_CENTER);
    static const lxw_color_t fills[] = {0, 0xFFEB9C, 0xFFC7CE, 0xF2F2F2};
    for (int f = 0; f < 4; f++)
        for (int k = 0; k < 4; k++) {
            lxw_format *x = workbook_add_format(wb);
            format_set_border(x, LXW_BORDER_THIN);
            if (fills[f]) format_set_bg_color(x, fills[f]);
            if (f == 3) format_set_bold(x);
            if (k == TC_MONEY) format_set_num_format(x, "#,##0.00");
            else if (k == TC_PERCENT) format_set_num_format(x, "0.00%");
            else if (k == TC_INT) format_set_num_format(x, "0");
            F->body[f][k] = x;
        }
}

static void write_sheet(lxw_workbook *wb, const struct formats *F, const struct table *t)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, t->sheet);
    int last = t->ncols - 1;
    worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)last, t->title, F->title);
    worksheet_set_row(ws, 0, 30, NULL);
    worksheet_merge_range(ws, 1, 0, 1, (lxw_col_t)last, "单位：万元", F->unit);
    for (int c = 0; c < t->ncols; c++) {
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, t->cols[c].width > 0 ? t->cols[c].width : 12, NULL);
        worksheet_write_string(ws, 2, (lxw_col_t)c, t->cols[c].header, F->head);
    }
    worksheet_freeze_panes(ws, 3, 0);
    size_t i;
    json_t *row;
    lxw_row_t r = 3;
    json_array_foreach(t->rows, i, row) {
        const char *colour = t->colours ? json_string_value(json_array_get(t->colours, i)) : NULL;
        int f = colour && strcmp(colour, "red") == 0 ? 2 : colour && strcmp(colour, "yellow") == 0 ? 1 : 0;
        for (int c = 0; c < t->ncols; c++) {
            json_t *v = json_array_get(row, (size_t)c);
            lxw_format *x = F->body[f][t->cols[c].type];
            if (json_is_string(v)) worksheet_write_string(ws, r, (lxw_col_t)c, json_string_value(v), x);
            else if (json_is_integer(v) && t->cols[c].type == TC_MONEY)
                worksheet_write_number(ws, r, (lxw_col_t)c, wan_double(json_integer_value(v)), x);
            else if (json_is_integer(v) && t->cols[c].type == TC_PERCENT)
                worksheet_write_number(ws, r, (lxw_col_t)c, (double)json_integer_value(v) / 10000.0, x);
            else if (json_is_integer(v)) worksheet_write_number(ws, r, (lxw_col_t)c, (double)json_integer_value(v), x);
            else worksheet_write_blank(ws, r, (lxw_col_t)c, x);
        }
        r++;
    }
    if (!t->totals) return;
    int64_t sum[64];
    sums(t, sum);
    for (int c = 0; c < t->ncols && c < 64; c++) {
        lxw_format *x = F->body[3][t->cols[c].type];
        if (c == 0) worksheet_write_string(ws, r, 0, "合计", x);
        else if (t->cols[c].total && t->cols[c].type == TC_MONEY) worksheet_write_number(ws, r, (lxw_col_t)c, wan_double(sum[c]), x);
        else if (t->cols[c].total) worksheet_write_number(ws, r, (lxw_col_t)c, (double)sum[c], x);
        else worksheet_write_blank(ws, r, (lxw_col_t)c, x);
    }
}

int table_xlsx(const struct table *t, int n, char **out, size_t *len, dk_err *e)
{
    char path[] = "/tmp/duikou-export-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return err_set(e, DK_EINTERNAL, "io_error", "", "无法创建临时文件 (cannot create a temporary file): %s", strerror(errno));
    close(fd);
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb) {
        unlink(path);
        return err_set(e, DK_EINTERNAL, "io_error", "", "无法创建工作簿 (cannot create the workbook)");
    }
    struct formats F;
    make_formats(wb, &F);
    for (int i = 0; i < n; i++) write_sheet(wb, &F, &t[i]);
    lxw_error err = workbook_close(wb);
    if (err != LXW_NO_ERROR) {
        unlink(path);
        return err_set(e, DK_EINTERNAL, "io_error", "", "写入工作簿失败 (writing the workbook failed): %s", lxw_strerror(err));
    }
    FILE *f = fopen(path, "rb");
    sbuf sb;
    sb_init(&sb, 0);
    char buf[65536];
    size_t got;
    while (f && (got = fread(buf, 1, sizeof buf, f)) > 0) sb_append(&sb, buf, got);
    if (f) fclose(f);
    unlink(path);
    if (!f || sb_failed(&sb)) {
        sb_free(&sb);
        return err_set(e, DK_EINTERNAL, "io_error", "", "读取工作簿失败 (cannot read the workbook back)");
    }
    *out = sb_take(&sb, len);
    return DK_OK;
}

static void csv_field(sbuf *sb, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        sb_puts(sb, s);
        return;
    }
    sb_putc(sb, '"');
    for (; *s; s++) {
        if (*s == '"') sb_putc(sb, '"');
        sb_putc(sb, *s);
    }
    sb_putc(sb, '"');
}

static void csv_value(sbuf *sb, enum tcol_type type, json_t *v)
{
    char buf[48];
    if (json_is_string(v)) {
        const char *t = json_string_value(v);
        /* text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is kept text */
        if (*t && strchr("=+-@\t\r", *t)) {
            sbuf q;
            sb_init(&q, 0);
            sb_putc(&q, '\'');
            sb_puts(&q, t);
            csv_field(sb, sb_str(&q));
            sb_free(&q);
        } else {
            csv_field(sb, t);
        }
    } else if (json_is_integer(v) && type == TC_MONEY) {
        table_wan(json_integer_value(v), buf, sizeof buf);
        sb_puts(sb, buf);
    } else if (json_is_integer(v) && type == TC_PERCENT) {
        long long bp = (long long)json_integer_value(v);
        sb_printf(sb, "%s%lld.%02lld%%", bp < 0 ? "-" : "", llabs(bp) / 100, llabs(bp) % 100);
    } else if (json_is_integer(v)) sb_printf(sb, "%lld", (long long)json_integer_value(v));
}

/* Appends one table in the ledger layout. */
static void csv_table(sbuf *sb, const struct table *t)
{
    csv_field(sb, t->title);
    sb_puts(sb, "\r\n单位：万元\r\n");
    for (int c = 0; c < t->ncols; c++) {
        if (c) sb_putc(sb, ',');
        csv_field(sb, t->cols[c].header);
    }
    sb_puts(sb, "\r\n");
    size_t i;
    json_t *row;
    json_array_foreach(t->rows, i, row) {
        for (int c = 0; c < t->ncols; c++) {
            if (c) sb_putc(sb, ',');
            csv_value(sb, t->cols[c].type, json_array_get(row, (size_t)c));
        }
        sb_puts(sb, "\r\n");
    }
    if (!t->totals) return;
    int64_t sum[64];
    sums(t, sum);
    for (int c = 0; c < t->ncols && c < 64; c++) {
        if (c) sb_putc(sb, ',');
        if (c == 0) sb_puts(sb, "合计");
        else if (t->cols[c].total) {
            json_t *v = json_integer(sum[c]);
            csv_value(sb, t->cols[c].type, v);
            json_decref(v);
        }
    }
    sb_puts(sb, "\r\n");
}

int table_csv(const struct table *t, int n, int gb18030, char **out, size_t *len, dk_err *e)
{
    sbuf sb;
    sb_init(&sb, 0);
    if (!gb18030) sb_puts(&sb, "\xEF\xBB\xBF");
    for (int i = 0; i < n; i++) {
        if (i) sb_puts(&sb, "\r\n");
        csv_table(&sb, &t[i]);
    }
    if (sb_failed(&sb)) {
        sb_free(&sb);
        return err_set(e, DK_EINVAL, "too_large", "", "导出内容过大 (export too large)");
    }
    if (!gb18030) {
        *out = sb_take(&sb, len);
        return DK_OK;
    }
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    if (cd == (iconv_t)-1) {
        sb_free(&sb);
        return err_set(e, DK_EINTERNAL, "iconv", "encoding", "iconv 不支持 GB18030 (iconv lacks GB18030)");
    }
    size_t in_left = sb.len, cap = sb.len * 2 + 16, out_left = cap;
    char *res = malloc(cap), *in = sb.data ? sb.data : (char *)"", *op = res;
    if (!res) abort();
    size_t r = iconv(cd, &in, &in_left, &op, &out_left);
    iconv_close(cd);
    sb_free(&sb);
    if (r == (size_t)-1) {
        free(res);
        return err_set(e, DK_EINTERNAL, "iconv", "encoding", "无法转换为 GB18030 (cannot convert to GB18030)");
    }
    *out = res;
    *len = cap - out_left;
    return DK_OK;
}
