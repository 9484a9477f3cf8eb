/*
 * test_ledger.c — the ledger readers and layout: every cell form (dates, months, money, Excel
 * serials and doubles), header variants and units, title/unit/合计/note rows, and the .xlsx
 * reader over workbooks written by libxlsxwriter and archives built with libzip (bad ones
 * too), and the CSV reader in UTF-8, with a BOM and in GB18030.
 */
#include "testutil.h"
#include "ledger/cells.h"
#include "ledger/layout.h"
#include "ledger/reader.h"
#include "ledger/xlsx_num.h"
#include "service/imports.h"
#include "util/sbuf.h"
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

static struct ledger_cell text(const char *s) { return (struct ledger_cell){s, CELL_TEXT}; }
static struct ledger_cell num(const char *s) { return (struct ledger_cell){s, CELL_NUMBER}; }

static void dates(void **state)
{
    static const char *const ok[] = {"2017-5-8", "2017/05/08", "2017年5月8日", "2017.5.8", "２０１７－０５－０８",
                                     "2017-05-08 00:00:00", "20170508", " 2017年05月08日 ", NULL};
    char d[11];
    for (const char *const *s = ok; *s; s++) {
        struct ledger_cell c = text(*s);
        assert_int_equal(cell_date(&c, d), 1);
        assert_string_equal(d, "2017-05-08");
    }
    struct ledger_cell serial = num("42863");
    assert_int_equal(cell_date(&serial, d), 1);
    assert_string_equal(d, "2017-05-08");
    struct ledger_cell serial_time = num("42863.5");
    assert_int_equal(cell_date(&serial_time, d), 1);
    assert_string_equal(d, "2017-05-08");
    static const char *const bad[] = {"2017-02-30", "abc", "2017-13-01", "2017年5月", "", "1899-12-31", NULL};
    for (const char *const *s = bad; *s; s++) {
        struct ledger_cell c = text(*s);
        assert_int_equal(cell_date(&c, d), 0);
    }
}

static void months(void **state)
{
    static const char *const ok[] = {"2017.05", "2017年5月", "2017-5", "2017/05", "201705", "2017-05-08", "2017.5", NULL};
    char m[8];
    for (const char *const *s = ok; *s; s++) {
        struct ledger_cell c = text(*s);
        assert_int_equal(cell_month(&c, m), 1);
        assert_string_equal(m, "2017-05");
    }
    struct ledger_cell n1 = num("2017.05"), n2 = num("42863"), n3 = num("2017.1"), n4 = num("2017.12");
    assert_int_equal(cell_month(&n1, m), 1);
    assert_string_equal(m, "2017-05");
    assert_int_equal(cell_month(&n2, m), 1);
    assert_string_equal(m, "2017-05");
    assert_int_equal(cell_month(&n3, m), 0); /* January or October? refused */
    assert_int_equal(cell_month(&n4, m), 1);
    assert_string_equal(m, "2017-12");
    struct ledger_cell bad = text("2017-13");
    assert_int_equal(cell_month(&bad, m), 0);
}

static void money_and_numbers(void **state)
{
    int64_t v;
    dk_err e;
    struct ledger_cell a = text("1,234.5"), b = text("１，２３４.５"), c = text("12.3亿元"), d = num("0.3"), bad = text("12.345678");
    assert_int_equal(cell_money(&a, MONEY_WAN, "x", &v, &e), DK_OK);
    assert_int_equal(v, 12345000);
    assert_int_equal(cell_money(&b, MONEY_WAN, "x", &v, &e), DK_OK);
    assert_int_equal(v, 12345000);
    assert_int_equal(cell_money(&c, MONEY_WAN, "x", &v, &e), DK_OK);
    assert_int_equal(v, 1230000000);
    assert_int_equal(cell_money(&d, MONEY_WAN, "x", &v, &e), DK_OK);
    assert_int_equal(v, 3000);
    assert_int_equal(cell_money(&bad, MONEY_WAN, "x", &v, &e), DK_EINVAL);
    char out[64];
    assert_int_equal(xlsx_number_text("0.30000000000000004", out, sizeof out), 0);
    assert_string_equal(out, "0.3");
    assert_int_equal(xlsx_number_text("1.2345E+4", out, sizeof out), 0);
    assert_string_equal(out, "12345");
    assert_int_equal(xlsx_number_text("1234.5678", out, sizeof out), 0);
    assert_string_equal(out, "1234.5678");
    assert_int_equal(xlsx_number_text("1E+20", out, sizeof out), -1);
    assert_int_equal(xlsx_number_text("12abc", out, sizeof out), -1);
    int64_t y;
    struct ledger_cell yr = text("2017年");
    assert_int_equal(cell_int(&yr, &y), 1);
    assert_int_equal(y, 2017);
}

static void headers(void **state)
{
    const struct ledger_col *cols = import_kind_find("projects")->cols;
    enum money_unit u;
    static const char *const planned[] = {"计划总投资（万元）", "总投资(万元)", "總投資", "总 投 资", "*计划总投资\n（亿元）", NULL};
    for (const char *const *h = planned; *h; h++) {
        int i = layout_match_header(cols, *h, &u);
        assert_true(i >= 0);
        assert_string_equal(cols[i].field, "planned_investment");
    }
    assert_int_equal(layout_match_header(cols, "总投资(亿元)", &u) >= 0, 1);
    assert_int_equal(u, MONEY_YI);
    assert_string_equal(cols[layout_match_header(cols, "项目全称", &u)].field, "name");
    assert_string_equal(cols[layout_match_header(cols, "項目名稱", &u)].field, "name");
    assert_int_equal(layout_match_header(cols, "序号", &u), -1);
    assert_int_equal(layout_match_header(cols, "", &u), -1);
}

/* Classifies rows given as arrays of texts. */
static enum row_class classify(struct ledger_layout *L, long row, int n, const char *const *cells)
{
    struct ledger_cell c[16];
    for (int i = 0; i < n; i++) c[i] = text(cells[i]);
    struct ledger_row r = {"s", row, n, c};
    return layout_classify(L, &r);
}

static void total_rows(void **state)
{
    (void)state;
    assert_true(cell_is_total("合计"));
    assert_true(cell_is_total("合  计"));
    assert_true(cell_is_total("合计（万元）"));
    assert_true(cell_is_total("總計"));
    assert_true(cell_is_total("总计："));
    assert_false(cell_is_total("总计量检测中心"));
    assert_false(cell_is_total("合计划项目"));
    assert_false(cell_is_total("小计算器厂"));
}

static void layout_rows(void **state)
{
    struct ledger_layout L;
    layout_init(&L, import_kind_find("projects")->cols);
    const char *title[] = {"2018年重大项目推进台账"}, *unit[] = {"", "", "单位：亿元"},
               *head[] = {"序号", "项目编号", "项目名称", "总投资", "年度计划投资（万元）"},
               *data[] = {"1", "A-1", "某项目", "1.5", "300"}, *total[] = {"", "合　计", "", "1.5", "300"},
               *blank[] = {"", " ", "—"}, *note[] = {"注：本表由合作办填报"};
    assert_int_equal(classify(&L, 1, 1, title), ROW_BEFORE_HEADER);
    assert_int_equal(classify(&L, 2, 3, unit), ROW_BEFORE_HEADER);
    assert_int_equal(classify(&L, 3, 5, head), ROW_HEADER);
    assert_int_equal(L.header_row, 3);
    assert_int_equal(classify(&L, 4, 5, data), ROW_DATA);
    assert_int_equal(classify(&L, 5, 3, blank), ROW_BLANK);
    assert_int_equal(classify(&L, 6, 5, total), ROW_TOTAL);
    assert_int_equal(classify(&L, 7, 1, note), ROW_NOTE);
    assert_int_equal(layout_unit(&L, 3), MONEY_YI);  /* the unit row's */
    assert_int_equal(layout_unit(&L, 4), MONEY_WAN); /* the header's own */
    assert_int_equal(layout_column_of(&L, 0), 1);

    /* a two-row header under merged group headers */
    layout_init(&L, import_kind_find("projects")->cols);
    const char *h1[] = {"项目编号", "项目名称", "投资情况", ""}, *h2[] = {"", "", "计划总投资", "年度计划"};
    assert_int_equal(classify(&L, 1, 4, h1), ROW_HEADER);
    assert_int_equal(classify(&L, 2, 4, h2), ROW_HEADER);
    assert_string_equal(import_kind_find("projects")->cols[L.map[3]].field, "annual_plan");
}

/* --- readers --------------------------------------------------------------------------- */
struct seen {
    sbuf text;
    int rows;
};

static int collect(void *ctx, const struct ledger_row *r, dk_err *e)
{
    struct seen *s = ctx;
    s->rows++;
    sb_printf(&s->text, "%s!%ld:", r->sheet, r->row);
    for (int i = 0; i < r->n; i++)
        sb_printf(&s->text, "%s%s%s", i ? "|" : "", r->cells[i].kind == CELL_NUMBER ? "#" : r->cells[i].kind == CELL_BOOL ? "?" : "",
                  r->cells[i].text);
    sb_putc(&s->text, '\n');
    return DK_OK;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    sbuf sb;
    sb_init(&sb, 0);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) sb_append(&sb, buf, n);
    fclose(f);
    return sb_take(&sb, len);
}

/* A workbook as offices make them, written by libxlsxwriter. */
static char *office_workbook(size_t *len)
{
    char path[] = "/tmp/duikou-test-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    workbook_add_worksheet(wb, "说明");
    lxw_worksheet *ws = workbook_add_worksheet(wb, "台账");
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    worksheet_merge_range(ws, 0, 0, 0, 4, "2018年重大项目推进台账", NULL);
    worksheet_write_string(ws, 1, 4, "单位：万元", NULL);
    const char *head[] = {"项目编号", "项目名称", "总投资", "签约日期", "已开工"};
    for (int c = 0; c < 5; c++) worksheet_write_string(ws, 2, (lxw_col_t)c, head[c], NULL);
    worksheet_write_string(ws, 3, 0, "A-1", NULL);
    worksheet_write_string(ws, 3, 1, "沈阳项目", NULL);
    worksheet_write_number(ws, 3, 2, 1234.5678, NULL);
    lxw_datetime dt = {2017, 5, 8, 0, 0, 0};
    worksheet_write_datetime(ws, 3, 3, &dt, date);
    worksheet_write_boolean(ws, 3, 4, 1, NULL);
    worksheet_write_string(ws, 4, 0, "合计", NULL);
    worksheet_write_formula_num(ws, 4, 2, "=SUM(C4:C4)", NULL, 1234.5678);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    char *data = slurp(path, len);
    unlink(path);
    return data;
}

static void xlsx_reader(void **state)
{
    size_t len;
    char *data = office_workbook(&len);
    struct seen s = {0};
    sb_init(&s.text, 0);
    dk_err e;
    struct ledger_opts o = {.sheet = "台账"};
    assert_int_equal(ledger_read(data, len, "a.xlsx", &o, collect, &s, &e), DK_OK);
    assert_string_equal(sb_str(&s.text), "台账!1:2018年重大项目推进台账\n"
                                         "台账!2:||||单位：万元\n"
                                         "台账!3:项目编号|项目名称|总投资|签约日期|已开工\n"
                                         "台账!4:A-1|沈阳项目|#1234.5678|#42863|?TRUE\n"
                                         "台账!5:合计||#1234.5678\n");
    sb_reset(&s.text);
    o.sheet = "2";
    assert_int_equal(ledger_read(data, len, "a.xlsx", &o, collect, &s, &e), DK_OK);
    assert_non_null(strstr(sb_str(&s.text), "A-1"));
    o.sheet = "无此表";
    assert_int_equal(ledger_read(data, len, "a.xlsx", &o, collect, &s, &e), DK_EINVAL);
    assert_string_equal(e.code, "no_such_sheet");
    assert_non_null(strstr(e.message, "说明、台账"));
    /* caps: a zip bomb stops at the part cap, shared strings at theirs */
    struct ledger_opts bomb = {.sheet = "台账", .max_entry_bytes = 200};
    assert_int_equal(ledger_read(data, len, "a.xlsx", &bomb, collect, &s, &e), DK_EINVAL);
    assert_string_equal(e.code, "too_large");
    struct ledger_opts strings = {.sheet = "台账", .max_strings_bytes = 64};
    assert_int_equal(ledger_read(data, len, "a.xlsx", &strings, collect, &s, &e), DK_EINVAL);
    assert_string_equal(e.code, "too_large");
    /* truncated: half an archive */
    assert_int_equal(ledger_read(data, len / 2, "a.xlsx", NULL, collect, &s, &e), DK_EINVAL);
    assert_string_equal(e.code, "not_xlsx");
    assert_int_equal(ledger_read("PK\x03\x04junk", 8, "a.xlsx", NULL, collect, &s, &e), DK_EINVAL);
    assert_int_equal(ledger_read("not a zip", 9, "a.xlsx", NULL, collect, &s, &e), DK_EINVAL);
    assert_string_equal(e.code, "not_xlsx");
    assert_int_equal(ledger_read("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "a.xls", NULL, collect, &s, &e), DK_EINVAL);
    assert_string_equal(e.code, "unsupported_format");
    sb_free(&s.text);
    free(data);
}

/* An archive holding the given parts (name, text pairs), built with libzip. */
static char *archive(const char *const *parts, size_t *len)
{
    char path[] = "/tmp/duikou-test-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    int err;
    zip_t *z = zip_open(path, ZIP_TRUNCATE, &err);
    assert_non_null(z);
    for (int i = 0; parts[i]; i += 2) {
        zip_source_t *src = zip_source_buffer(z, parts[i + 1], strlen(parts[i + 1]), 0);
        assert_true(zip_file_add(z, parts[i], src, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
    char *data = slurp(path, len);
    unlink(path);
    return data;
}

static void xlsx_broken(void **state)
{
    static const char *const wb = "<workbook xmlns:r=\"r\"><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>";
    static const char *const rels = "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
    const char *truncated[] = {"xl/workbook.xml", wb, "xl/_rels/workbook.xml.rels", rels, "xl/worksheets/sheet1.xml",
                               "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row><row r=\"2\"><c",
                               NULL};
    const char *bad_string[] = {"xl/workbook.xml", wb, "xl/_rels/workbook.xml.rels", rels, "xl/worksheets/sheet1.xml",
                                "<worksheet><sheetData><row r=\"7\"><c r=\"C7\" t=\"s\"><v>5</v></c></row></sheetData></worksheet>",
                                NULL};
    const char *no_sheet[] = {"xl/workbook.xml", wb, "xl/_rels/workbook.xml.rels", rels, NULL};
    const char *prefixed[] = {"xl/workbook.xml", "<x:workbook xmlns:x=\"m\" xmlns:r=\"r\"><x:sheets><x:sheet name=\"S\" r:id=\"rId1\"/></x:sheets></x:workbook>",
                              "xl/_rels/workbook.xml.rels", rels, "xl/worksheets/sheet1.xml",
                              "<x:worksheet xmlns:x=\"m\"><x:sheetData><x:row><x:c t=\"inlineStr\"><x:is><x:t>a</x:t></x:is></x:c><x:c><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>",
                              NULL};
    struct seen s = {0};
    sb_init(&s.text, 0);
    dk_err e;
    size_t len;
    char *data = archive(truncated, &len);
    assert_int_equal(ledger_read(data, len, "a.xlsx", NULL, collect, &s, &e), DK_EINVAL);
    assert_string_equal(e.code, "bad_xml");
    assert_non_null(strstr(e.message, "xl/worksheets/sheet1.xml"));
    free(data);
    data = archive(bad_string, &len);
    assert_int_equal(ledger_read(data, len, "a.xlsx", NULL, collect, &s, &e), DK_EINVAL);
    assert_non_null(strstr(e.message, "第 7 行 C 列"));
    free(data);
    data = archive(no_sheet, &len);
    assert_int_equal(ledger_read(data, len, "a.xlsx", NULL, collect, &s, &e), DK_EINVAL);
    assert_string_equal(e.code, "bad_xlsx");
    free(data);
    sb_reset(&s.text);
    data = archive(prefixed, &len);
    assert_int_equal(ledger_read(data, len, "a.xlsx", NULL, collect, &s, &e), DK_OK);
    assert_string_equal(sb_str(&s.text), "S!1:a|#2\n");
    free(data);
    sb_free(&s.text);
}

static void csv_reader(void **state)
{
    const char *utf8 = "标题\r\n项目编号,\"名称,全\"\r\nA-1,\"说\"\"明\"\r\n";
    struct seen s = {0};
    sb_init(&s.text, 0);
    dk_err e;
    assert_int_equal(ledger_read(utf8, strlen(utf8), "a.csv", NULL, collect, &s, &e), DK_OK);
    assert_string_equal(sb_str(&s.text), "!1:标题\n!2:项目编号|名称,全\n!3:A-1|说\"明\n");
    /* the same as GB18030, detected; and with a BOM */
    char gb[256], *in = (char *)utf8, *out = gb;
    size_t in_left = strlen(utf8), out_left = sizeof gb;
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    assert_true(iconv(cd, &in, &in_left, &out, &out_left) != (size_t)-1);
    iconv_close(cd);
    sb_reset(&s.text);
    assert_int_equal(ledger_read(gb, sizeof gb - out_left, "a.csv", NULL, collect, &s, &e), DK_OK);
    assert_string_equal(sb_str(&s.text), "!1:标题\n!2:项目编号|名称,全\n!3:A-1|说\"明\n");
    struct ledger_opts as_utf8 = {.encoding = "utf-8"};
    assert_int_equal(ledger_read(gb, sizeof gb - out_left, "a.csv", &as_utf8, collect, &s, &e), DK_EINVAL);
    assert_string_equal(e.code, "bad_encoding");
    assert_non_null(strstr(e.message, "第 0 字节"));
    const char *bom = "\xEF\xBB\xBFx,y\n";
    sb_reset(&s.text);
    assert_int_equal(ledger_read(bom, strlen(bom), "a.csv", NULL, collect, &s, &e), DK_OK);
    assert_string_equal(sb_str(&s.text), "!1:x|y\n");
    struct ledger_opts unknown = {.encoding = "latin1"};
    assert_int_equal(ledger_read(bom, strlen(bom), "a.csv", &unknown, collect, &s, &e), DK_EINVAL);
    const char *cut_gb = "\x81"; /* a GB18030 lead byte and then nothing */
    struct ledger_opts as_gb = {.encoding = "gb18030"};
    assert_int_equal(ledger_read(cut_gb, 1, "a.csv", &as_gb, collect, &s, &e), DK_EINVAL);
    assert_string_equal(e.code, "bad_encoding");
    sb_free(&s.text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dates),      cmocka_unit_test(months),      cmocka_unit_test(money_and_numbers),
        cmocka_unit_test(headers),    cmocka_unit_test(layout_rows), cmocka_unit_test(xlsx_reader),
        cmocka_unit_test(xlsx_broken), cmocka_unit_test(csv_reader), cmocka_unit_test(total_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
