/*
 * record.h — the records besides projects (plans, tasks, indicators, work plans, domains, work
 * items, meetings, exchanges, platforms, products, units) described as data: a kind is a table
 * of fields, and one engine reads, lists, creates and changes any kind with the same checks,
 * the same scope rule (every row carries its pairing_id), If-Match versions and an audit row
 * in the same transaction. A kind adds only what is its own through hooks.
 */
#ifndef DUIKOU_RECORD_H
#define DUIKOU_RECORD_H
#include <jansson.h>
#include "core/dates.h"
#include "core/perm.h"
#include "db/db.h"

enum rec_type {
    RT_TEXT,    /* string of at most max bytes */
    RT_DATE,    /* 'YYYY-MM-DD' */
    RT_INT,     /* integer in [min, max] */
    RT_MONEY,   /* int64 yuan: a JSON integer, or a money string ("12.5万元") */
    RT_DECIMAL, /* exact decimal, up to 3 places: column NAME_milli, JSON string "12.5" */
    RT_BOOL,    /* true/false, column 0/1 */
    RT_ENUM,    /* one of choices */
    RT_REGION,  /* GB/T 2260 code that exists */
    RT_REF,     /* id of a record of table ref in the same pairing */
    RT_IDS,     /* ids of records of table ref (same pairing), kept in link table */
    RT_ROWS,    /* objects with the sub fields (text and enum), kept in link table with a seq */
};

enum {
    RF_REQUIRED = 1, /* must be given on create */
    RF_FIXED = 2,    /* given on create, never changed after */
    RF_PARENT = 4,   /* the RT_REF whose record gives the new record its pairing */
    RF_DERIVED = 8,  /* shown, never taken from a request (the kind's hooks set it) */
    RF_NONNULL = 16, /* optional, but never null once set (the column has a default) */
};

struct rec_field {
    const char *name;               /* JSON key, and the column (NAME_milli for decimals) */
    const char *label;              /* Chinese, for messages */
    enum rec_type type;
    unsigned flags;
    int64_t min, max;               /* RT_INT range; RT_TEXT max bytes (min unused) */
    const char *const *choices;     /* RT_ENUM codes, NULL-terminated */
    const char *ref;                /* RT_REF / RT_IDS: the referenced table */
    const char *link;               /* RT_IDS / RT_ROWS: the child table */
    const char *link_owner;         /* its column naming the owner record */
    const char *link_col;           /* RT_IDS: its column holding the id */
    const struct rec_field *sub;    /* RT_ROWS: one row's fields, ended by a NULL name */
};

struct rec_kind;
/* Cross-field rules on the whole record as it will be (create: the body; change: the record
 * merged with the patch) — and, on create, filling RF_DERIVED fields. */
typedef int (*rec_check_fn)(db *d, const struct actor *who, json_t *rec, int creating, dk_err *e);
/* Adds derived fields to the records read for a client, a page at once (recs: an array of
 * records in the list's order, one record for a single read; ids[i]: the id of recs' i-th; as_of:
 * the date asked about), so that they cost a few statements a page, not a few a record. */
typedef int (*rec_decorate_fn)(db *d, json_t *recs, const int64_t *ids, const dk_date *as_of, dk_err *e);
/* Record-level permission beyond the route's (rec is the record as it is or will be). */
typedef int (*rec_may_write_fn)(db *d, const struct actor *who, json_t *rec, dk_err *e);

struct rec_kind {
    const char *name;               /* API path segment: "meetings" */
    const char *table;              /* SQL table */
    const char *entity;             /* audit action prefix: "meeting" */
    const char *label;              /* Chinese: "会议活动" */
    const struct rec_field *fields; /* ended by a NULL name */
    const char *order;              /* ORDER BY of lists (columns of the table, t.-qualified) */
    const char *const *filters;     /* query arguments that filter lists by equality on a field */
    int timestamps;                 /* the table has created_at / updated_at */
    rec_check_fn check;
    rec_decorate_fn decorate;
    rec_may_write_fn may_write;     /* NULL: an office (or admin) of the record's pairing */
};

/* One record as a client sees it: the columns, "pairing" (its code), links and derived
 * fields. NULL with e filled (DK_ENOTFOUND naming the kind when absent or out of scope).
 * scope: the caller's pairing id, 0 = every pairing. Caller owns the result. */
json_t *rec_get(db *d, const struct rec_kind *k, int64_t id, int64_t scope, const dk_date *as_of, dk_err *e);

struct rec_filter {
    const char *name;  /* a field name in k->filters, or "pairing" (a pairing code) */
    const char *value; /* as the query string gives it */
};
/* Records matching every filter, within scope, in k->order, at most limit from offset, as an
 * array; *total gets the count of all matches. NULL with e filled (a bad filter value → 400). */
json_t *rec_list(db *d, const struct rec_kind *k, const struct rec_filter *f, int nf, int64_t scope, int64_t limit,
                 int64_t offset, const dk_date *as_of, int64_t *total, dk_err *e);

/* Creates a record from body (its fields, and "pairing" — a pairing code — when the kind has
 * no RF_PARENT field); sets *id_out. Audited as ENTITY.create. */
int rec_create(db *d, const struct rec_kind *k, const struct actor *who, json_t *body, int64_t *id_out, dk_err *e);
/* Changes the fields body names (if_match 0 = no version check). Audited as ENTITY.update. */
int rec_update(db *d, const struct rec_kind *k, const struct actor *who, int64_t id, int64_t if_match, json_t *body,
               dk_err *e);

/* Checks body's keys and values against the kind, without the database: known fields only,
 * types, lengths, enums, dates, ranges, required fields (creating) and fixed ones (changing);
 * leaves each value in rec in its canonical form (money as integer yuan, decimals as their
 * shortest text). DK_OK or e naming the field. */
int rec_check_body(const struct rec_kind *k, json_t *body, json_t *rec, int creating, dk_err *e);

/* Pieces the kinds' own operations share. */
/* Opens the write transaction, reads record id (in scope, at if_match) into *before, and checks
 * the caller may write it (k->may_write, else office). On failure the transaction is closed. */
int rec_begin_change(db *d, const struct rec_kind *k, const struct actor *who, int64_t id, int64_t if_match,
                     json_t **before, dk_err *e);
/* Audits ENTITY.ACTION with the record before and as it is now, and commits; rolls back on
 * failure. Takes over before. */
int rec_finish(db *d, const struct rec_kind *k, const struct actor *who, const char *action, int64_t id, json_t *detail,
               json_t *before, dk_err *e);
/* The default write permission: an office or admin whose scope holds pairing_id. */
int rec_office_may(const struct actor *who, int64_t pairing_id, dk_err *e);
/* The pairing id of a JSON record (its "pairing_id"). */
int64_t rec_pairing(json_t *rec);
/* The largest exact decimal a record holds, in thousandths: 10^15 (a trillion units), so the
 * reports' differences and products by 10^4 stay inside int64. */
#define REC_DECIMAL_MAX ((int64_t)1000000000000000LL)
/* Parses an exact decimal ("12.5", "-3", "1,200.25": at most 3 places, commas only between
 * groups of three digits, |x| ≤ 10^12) into thousandths; 0 with *out set, or -1. */
int rec_decimal_parse(const char *s, int64_t *out);
/* Formats thousandths as the shortest exact decimal ("12.5") into out (32 bytes). */
void rec_decimal_format(int64_t milli, char out[32]);

/* Shorthands for field tables. */
#define FLD_TEXT(n, l, fl, mx) {n, l, RT_TEXT, fl, 0, mx, NULL, NULL, NULL, NULL, NULL, NULL}
#define FLD_DATE(n, l, fl) {n, l, RT_DATE, fl, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL}
#define FLD_INT(n, l, fl, lo, hi) {n, l, RT_INT, fl, lo, hi, NULL, NULL, NULL, NULL, NULL, NULL}
#define FLD_ENUM(n, l, fl, c) {n, l, RT_ENUM, fl, 0, 0, c, NULL, NULL, NULL, NULL, NULL}
#define FLD_REF(n, l, fl, t) {n, l, RT_REF, fl, 0, 0, NULL, t, NULL, NULL, NULL, NULL}
#define FLD_IDS(n, l, t, link, owner, col) {n, l, RT_IDS, 0, 0, 0, NULL, t, link, owner, col, NULL}
#define FLD_DEC(n, l, fl) {n, l, RT_DECIMAL, fl, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL}
#define FLD_BOOL(n, l) {n, l, RT_BOOL, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL}
#define FLD_END {NULL, NULL, RT_TEXT, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL}
#define FLD_YEAR(n, l, fl) FLD_INT(n, l, fl, 1990, 2100)
#define FLD_MONEY(n, l, fl) {n, l, RT_MONEY, fl, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL}
#define FLD_REGION(n, l, fl) {n, l, RT_REGION, fl, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL}
#define FLD_ROWS(n, l, link, owner, sub) {n, l, RT_ROWS, 0, 0, 0, NULL, NULL, link, owner, NULL, sub}


#endif
