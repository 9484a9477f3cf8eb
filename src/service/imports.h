/*
 * imports.h — ledger imports (Excel/CSV → records): a kind of import is a table — its columns
 * (field, header variants, type, required), the field that names a row, and the function that
 * upserts one row through the services — so adding a kind is adding one table.
 *
 * An import is all or nothing: in one write transaction every row is converted and applied
 * (each through its service, with its rules and permission checks); any problem is collected
 * as sheet/row/column/value/message and, if there is one, or on a dry run, everything is
 * rolled back. Otherwise the import commits as one change set: an `imports` row, and every
 * audit row written carries its id. Rows upsert by their key and compare first, so importing
 * the same file twice changes nothing the second time.
 */
#ifndef DUIKOU_SVC_IMPORTS_H
#define DUIKOU_SVC_IMPORTS_H
#include <jansson.h>
#include "core/perm.h"
#include "db/db.h"
#include "ledger/layout.h"
#include "ledger/reader.h"

enum import_outcome {
    IMPORT_UNCHANGED,
    IMPORT_ADDED,
    IMPORT_CHANGED,
};

/* Upserts one row (the row's fields as JSON: text as strings, money as integer yuan, dates
 * 'YYYY-MM-DD', months 'YYYY-MM', whole numbers as integers, a blank optional cell as null).
 * Sets *out, and *changes to what was or would be written (new reference, may stay NULL).
 * On refusal returns the DK_E* status with e naming the field. Runs inside the import's
 * transaction; who carries the change set. */
typedef int (*import_apply_fn)(db *d, const struct actor *who, json_t *row, enum import_outcome *out,
                               json_t **changes, dk_err *e);

struct import_kind {
    const char *name;               /* --kind / the API's "kind" */
    const char *title;              /* the template's title row */
    const struct ledger_col *cols;  /* ended by a NULL field */
    const char *key;                /* the field naming a row in reports */
    import_apply_fn apply;
};

/* The kinds, ended by NULL (service/import_kinds.c). */
extern const struct import_kind *const import_kinds[];
/* The kind called name; NULL when none. */
const struct import_kind *import_kind_find(const char *name);

struct import_request {
    const char *kind;        /* NULL = projects */
    const char *file_name;   /* for messages and the record */
    const void *data;
    size_t len;
    const char *sheet;       /* name or 1-based number; NULL = first */
    const char *encoding;    /* CSV: utf-8 | gb18030 | NULL to detect */
    int dry_run;
    ledger_progress_fn progress;
    void *progress_ctx;
};

#define IMPORT_MAX_PROBLEMS 500 /* problems listed in a report (all are counted) */

/* Runs the import. *report (caller frees) is set whenever rows were read: {"kind","file",
 * "sheet","dry_run","header_row","unit","rows","added","changed","unchanged","change_set",
 * "problems":[{"sheet","row","column","header","field","value","code","message"}],
 * "problem_count","changes":[…]}. Returns DK_OK when applied (or, on a dry run, when it would
 * apply); DK_ERULE "import_rejected" when rows had problems (nothing written); another
 * DK_E* with e naming the sheet/row/column/byte when the file itself cannot be read. */
int imports_run(db *d, const struct actor *who, const struct import_request *rq, json_t **report, dk_err *e);

/* Resolvers the kinds share: a region given as a GB/T 2260 code, "名称（代码）" or a unique
 * name → its code in out; an industry section letter or name; a unit's name in a pairing;
 * a pairing's code or name. DK_OK or DK_EINVAL/DK_ERULE naming field. */
int import_region(db *d, const char *text, const char *field, char out[7], dk_err *e);
int import_industry_section(db *d, const char *text, char out[2], dk_err *e);
int import_unit(db *d, const char *name, int64_t pairing_id, int64_t *id, dk_err *e);
int import_pairing(db *d, const char *text, int64_t *id, char *code, size_t n, dk_err *e);
/* The code of pairing id into code (n bytes; "" when there is none). DK_OK or DK_E*. */
int import_pairing_code(db *d, int64_t id, char *code, size_t n, dk_err *e);

#endif
