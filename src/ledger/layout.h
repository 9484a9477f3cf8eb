/*
 * layout.h — how a ledger sheet is laid out, as offices make them: title rows, a unit row
 * ("单位：万元"), one or two header rows, the data, a 合计 row, notes. A kind of import declares
 * its columns (field, header variants, type); the layout finds the header row, maps each sheet
 * column to a declared column, takes the money unit from the header or the unit row, and says
 * which rows are data.
 */
#ifndef DUIKOU_LEDGER_LAYOUT_H
#define DUIKOU_LEDGER_LAYOUT_H
#include "core/money.h"
#include "ledger/reader.h"

enum col_type {
    COL_TEXT,   /* text, trimmed */
    COL_MONEY,  /* money in the column's unit → integer yuan */
    COL_DATE,   /* → 'YYYY-MM-DD' */
    COL_MONTH,  /* → 'YYYY-MM' */
    COL_INT,    /* a whole number (a year) */
};

/* One column a kind of import knows. */
struct ledger_col {
    const char *field;            /* the row's value is named so: a service's JSON field */
    const char *const *headers;   /* header variants, NULL-terminated; the first is the template's */
    enum col_type type;
    int required;                 /* the header must be present, and the value in every row */
    int width;                    /* column width in an exported sheet (characters) */
};

#define LAYOUT_SCAN_ROWS 30       /* the header must be among the first rows */

struct ledger_layout {
    const struct ledger_col *cols;       /* the kind's columns, ended by a NULL field */
    int header_found;
    long header_row;
    int map[LEDGER_MAX_COLS];            /* sheet column → index in cols, -1 = not used */
    enum money_unit col_unit[LEDGER_MAX_COLS]; /* a unit the header named, 0 = none */
    enum money_unit sheet_unit;          /* from a "单位：万元" row; 0 = none seen */
    int rows_seen;
    int maybe_second_header;             /* the row after the header may continue it */
};

enum row_class {
    ROW_BEFORE_HEADER,  /* a title, unit or empty row above the header */
    ROW_HEADER,         /* the header (or its second row) */
    ROW_BLANK,          /* nothing in it */
    ROW_TOTAL,          /* 合计 / 总计 / 小计 */
    ROW_NOTE,           /* 注：/ 说明 / 填报人 below the data */
    ROW_DATA,
};

/* Starts a layout for cols. */
void layout_init(struct ledger_layout *L, const struct ledger_col *cols);
/* The index in cols of the column a header text names (setting *unit when the header names
 * one, else 0); -1 when none. */
int layout_match_header(const struct ledger_col *cols, const char *text, enum money_unit *unit);
/* Classifies row r, learning the header and unit as it goes. */
enum row_class layout_classify(struct ledger_layout *L, const struct ledger_row *r);
/* The unit money in sheet column c is in: the header's, else the unit row's, else 万元. */
enum money_unit layout_unit(const struct ledger_layout *L, int c);
/* The sheet column of cols[i], -1 when the sheet has none. */
int layout_column_of(const struct ledger_layout *L, int i);

#endif
