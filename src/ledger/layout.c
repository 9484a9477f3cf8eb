/*
 * layout.c — finding the header row and mapping columns (see layout.h). A header cell is
 * compared folded (spaces gone, full-width made ASCII, Traditional made Simplified) and with
 * its unit taken off ("计划总投资（万元）" → "计划总投资", unit 万元).
 */
#include "ledger/layout.h"
#include "ledger/cells.h"
#include <string.h>

void layout_init(struct ledger_layout *L, const struct ledger_col *cols)
{
    memset(L, 0, sizeof *L);
    L->cols = cols;
    for (int i = 0; i < LEDGER_MAX_COLS; i++) L->map[i] = -1;
}

/* Removes every occurrence of cut from s (in place). */
static void remove_all(char *s, const char *cut)
{
    size_t n = strlen(cut);
    char *p;
    while ((p = strstr(s, cut))) memmove(p, p + n, strlen(p + n) + 1);
}

/* The folded header without its unit; the unit into *unit. */
static void header_key(const char *text, char *out, size_t n, enum money_unit *unit)
{
    cell_fold(text, out, n);
    *unit = cell_unit_named(text);
    static const char *const cuts[] = {"(亿元)", "(万元)", "(元)", "[亿元]", "[万元]", "[元]", "亿元", "万元", ":", NULL};
    for (const char *const *c = cuts; *c; c++) remove_all(out, *c);
    size_t len = strlen(out);
    if (len >= 2 && strcmp(out + len - 2, "()") == 0) out[len - 2] = '\0';
}

int layout_match_header(const struct ledger_col *cols, const char *text, enum money_unit *unit)
{
    char key[256], want[256];
    enum money_unit u, ignored;
    header_key(text, key, sizeof key, &u);
    if (!*key) return -1;
    for (int i = 0; cols[i].field; i++)
        for (const char *const *h = cols[i].headers; *h; h++) {
            header_key(*h, want, sizeof want, &ignored);
            if (strcmp(key, want) == 0) {
                if (unit) *unit = u;
                return i;
            }
        }
    return -1;
}

static int row_empty(const struct ledger_row *r)
{
    for (int c = 0; c < r->n; c++)
        if (!cell_is_blank(r->cells[c].text)) return 0;
    return 1;
}

/* Tries r as the header: at least two known columns and every required one. */
static int try_header(struct ledger_layout *L, const struct ledger_row *r)
{
    int found = 0, map[LEDGER_MAX_COLS];
    enum money_unit units[LEDGER_MAX_COLS];
    for (int c = 0; c < LEDGER_MAX_COLS; c++) {
        map[c] = -1;
        units[c] = 0;
    }
    for (int c = 0; c < r->n; c++) {
        int i = layout_match_header(L->cols, r->cells[c].text, &units[c]);
        if (i < 0) continue;
        int dup = 0;
        for (int k = 0; k < c; k++)
            if (map[k] == i) dup = 1;
        if (dup) continue; /* the first column with a header wins */
        map[c] = i;
        found++;
    }
    if (found < 2) return 0;
    memcpy(L->map, map, sizeof map);
    memcpy(L->col_unit, units, sizeof units);
    L->header_found = 1;
    L->header_row = r->row;
    L->maybe_second_header = 1;
    return 1;
}

/* A second header row (under merged group headers) names columns the first left unnamed. */
static int try_second_header(struct ledger_layout *L, const struct ledger_row *r)
{
    int named = 0, other = 0;
    for (int c = 0; c < r->n; c++) {
        if (cell_is_blank(r->cells[c].text)) continue;
        enum money_unit u;
        int i = layout_match_header(L->cols, r->cells[c].text, &u);
        if (i >= 0 && L->map[c] < 0) named++;
        else other++;
    }
    if (!named || other > named) return 0;
    for (int c = 0; c < r->n; c++) {
        enum money_unit u = 0;
        int i = cell_is_blank(r->cells[c].text) ? -1 : layout_match_header(L->cols, r->cells[c].text, &u);
        if (i < 0 || L->map[c] >= 0) continue;
        int dup = 0;
        for (int k = 0; k < LEDGER_MAX_COLS; k++)
            if (L->map[k] == i) dup = 1;
        if (!dup) {
            L->map[c] = i;
            L->col_unit[c] = u;
        }
    }
    return 1;
}

static int is_note(const char *text)
{
    char f[64];
    cell_fold(text, f, sizeof f);
    static const char *const marks[] = {"注:", "注", "说明", "备注:", "填报人", "填表人", "审核人", "制表", "联系电话", NULL};
    for (const char *const *m = marks; *m; m++)
        if (strncmp(f, *m, strlen(*m)) == 0) return 1;
    return 0;
}

enum row_class layout_classify(struct ledger_layout *L, const struct ledger_row *r)
{
    if (!L->header_found) {
        L->rows_seen++;
        for (int c = 0; c < r->n; c++) {
            char f[128];
            cell_fold(r->cells[c].text, f, sizeof f);
            if (strstr(f, "单位")) {
                enum money_unit u = cell_unit_named(r->cells[c].text);
                if (u) L->sheet_unit = u;
            }
        }
        return try_header(L, r) ? ROW_HEADER : ROW_BEFORE_HEADER;
    }
    int second = L->maybe_second_header;
    L->maybe_second_header = 0;
    if (row_empty(r)) return ROW_BLANK;
    if (second && try_second_header(L, r)) return ROW_HEADER;
    int nonempty = 0, first = -1;
    for (int c = 0; c < r->n; c++) {
        if (cell_is_blank(r->cells[c].text)) continue;
        if (first < 0) first = c;
        nonempty++;
        if (nonempty <= 3 && cell_is_total(r->cells[c].text)) return ROW_TOTAL;
    }
    if (nonempty == 1 && L->map[first] < 0 && is_note(r->cells[first].text)) return ROW_NOTE;
    if (nonempty <= 2 && is_note(r->cells[first].text) && L->map[first] < 0) return ROW_NOTE;
    return ROW_DATA;
}

enum money_unit layout_unit(const struct ledger_layout *L, int c)
{
    if (c >= 0 && c < LEDGER_MAX_COLS && L->col_unit[c]) return L->col_unit[c];
    return L->sheet_unit ? L->sheet_unit : MONEY_WAN;
}

int layout_column_of(const struct ledger_layout *L, int i)
{
    for (int c = 0; c < LEDGER_MAX_COLS; c++)
        if (L->map[c] == i) return c;
    return -1;
}
