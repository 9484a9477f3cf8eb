/*
 * refdata.c — loads the embedded reference CSVs (parsed with libcsv) into regions,
 * industries and calendar_days. Region codes become six-digit GB/T 2260 codes with a parent
 * and the prefix their descendants share, so "沈阳市 and everything in it" is one LIKE.
 */
#include "store/refdata.h"
#include "util/embedded.h"
#include <csv.h>
#include <stdio.h>
#include <string.h>

#define MAX_COLS 8

/* One CSV parse in progress: the fields of the current row and what to do with a row. */
struct csv_ctx {
    char fields[MAX_COLS][256];
    int n_fields;
    long row;
    int (*on_row)(struct csv_ctx *c);
    db *d;
    dk_err *e;
    int rc;
};

static void on_field(void *s, size_t len, void *data)
{
    struct csv_ctx *c = data;
    if (c->n_fields < MAX_COLS) {
        size_t n = len < 255 ? len : 255;
        memcpy(c->fields[c->n_fields], s, n);
        c->fields[c->n_fields][n] = '\0';
    }
    c->n_fields++;
}

static void on_row_end(int term, void *data)
{
    struct csv_ctx *c = data;
    if (c->row++ > 0 && c->rc == DK_OK) c->rc = c->on_row(c);
    c->n_fields = 0;
}

static int parse_embedded(const char *name, struct csv_ctx *c)
{
    const struct embedded_file *f = embedded_find(name);
    if (!f) return err_set(c->e, DK_EINTERNAL, "missing_data", "", "缺少内置数据 %s", name);
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) return err_set(c->e, DK_EINTERNAL, "csv", "", "csv_init failed");
    c->row = 0;
    c->n_fields = 0;
    c->rc = DK_OK;
    size_t done = csv_parse(&p, f->data, f->size, on_field, on_row_end, c);
    if (done != f->size) c->rc = err_set(c->e, DK_EINTERNAL, "csv", "", "%s: %s", name, csv_strerror(csv_error(&p)));
    csv_fini(&p, on_field, on_row_end, c);
    csv_free(&p);
    return c->rc;
}

static int insert_region(struct csv_ctx *c, const char *code, const char *name, const char *parent,
                         int level, const char *prefix)
{
    db_stmt *s = db_prepare(c->d,
        "INSERT INTO regions (code, name, parent_code, level, prefix) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (code) DO NOTHING", c->e);
    if (!s) return c->e ? c->e->status : DK_EINTERNAL;
    db_bind_text(s, 1, code);
    db_bind_text(s, 2, name);
    db_bind_text(s, 3, parent);
    db_bind_int64(s, 4, level);
    db_bind_text(s, 5, prefix);
    int rc = db_step(s, c->e);
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

static int on_province(struct csv_ctx *c)
{
    char code[16];
    snprintf(code, sizeof code, "%.2s0000", c->fields[0]);
    return insert_region(c, code, c->fields[1], NULL, 1, c->fields[0]);
}

static int on_city(struct csv_ctx *c)
{
    char code[16], parent[16];
    snprintf(code, sizeof code, "%.4s00", c->fields[0]);
    snprintf(parent, sizeof parent, "%.2s0000", c->fields[2]);
    return insert_region(c, code, c->fields[1], parent, 2, c->fields[0]);
}

static int on_area(struct csv_ctx *c)
{
    char parent[16];
    snprintf(parent, sizeof parent, "%.4s00", c->fields[2]);
    return insert_region(c, c->fields[0], c->fields[1], parent, 3, c->fields[0]);
}

static int on_industry(struct csv_ctx *c)
{
    /* level,section,division,group,class,name: the code is the most specific column given */
    int level = c->fields[0][0] - '0';
    if (level < 1 || level > 4) return DK_OK;
    const char *code = c->fields[level];
    db_stmt *s = db_prepare(c->d,
        "INSERT INTO industries (code, section, level, name) VALUES (?, ?, ?, ?) ON CONFLICT (code) DO NOTHING", c->e);
    if (!s) return c->e ? c->e->status : DK_EINTERNAL;
    db_bind_text(s, 1, code);
    db_bind_text(s, 2, c->fields[1]);
    db_bind_int64(s, 3, level);
    db_bind_text(s, 4, c->fields[5]);
    int rc = db_step(s, c->e);
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

static int on_day(struct csv_ctx *c)
{
    db_stmt *s = db_prepare(c->d,
        "INSERT INTO calendar_days (day, name, is_off_day) VALUES (?, ?, ?) ON CONFLICT (day) DO NOTHING", c->e);
    if (!s) return c->e ? c->e->status : DK_EINTERNAL;
    db_bind_text(s, 1, c->fields[0]);
    db_bind_text(s, 2, c->fields[1]);
    db_bind_int64(s, 3, c->fields[2][0] == '1');
    int rc = db_step(s, c->e);
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

int refdata_load(db *d, dk_err *e)
{
    static const struct {
        const char *file;
        int (*on_row)(struct csv_ctx *);
    } sources[] = {
        {"data/regions/provinces.csv", on_province},
        {"data/regions/cities.csv", on_city},
        {"data/regions/areas.csv", on_area},
        {"data/industries/gbt4754-2017.csv", on_industry},
        {"data/holidays/cn-2017-2026.csv", on_day},
    };
    int rc = db_begin_write(d, e);
    if (rc != DK_OK) return rc;
    struct csv_ctx c = {.d = d, .e = e};
    for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
        c.on_row = sources[i].on_row;
        rc = parse_embedded(sources[i].file, &c);
        if (rc != DK_OK) {
            db_rollback(d);
            return rc;
        }
    }
    return db_commit(d, e);
}
