/*
 * project.h — a project in the promotion database (重大项目推进库) as C sees it, and the table
 * of its editable fields that the JSON mapping, the store and the validation all walk, so a
 * field is declared once.
 */
#ifndef DUIKOU_PROJECT_H
#define DUIKOU_PROJECT_H
#include <stddef.h>
#include <stdint.h>
#include "core/stage.h"
#include "util/err.h"

/* An optional int64: has is 0 when the value is absent (SQL NULL / JSON null). */
typedef struct opt_i64 {
    int has;
    int64_t v;
} opt_i64;

struct project {
    int64_t id;
    char *code;               /* 项目编号: stable public code, unique */
    char *name;               /* 项目名称 */
    char *investor;           /* 投资方 */
    char *investor_region;    /* 投资方所在地: GB/T 2260 code */
    char *host_region;        /* 项目所在地: GB/T 2260 code, down to county */
    char *industry_section;   /* GB/T 4754 门类 (A–T) */
    char *industry_division;  /* GB/T 4754 大类 (two digits) or NULL */
    int64_t pairing_id;
    char *pairing_code;       /* read side: the pairing's code */
    opt_i64 unit_id;          /* 责任单位 */
    char *contact;            /* 联系人 */
    char *leader;             /* 包保领导 */
    char *platform;           /* 所在平台或开发区, as written */
    opt_i64 platform_id;      /* the platform record (合作平台) it belongs to */
    char *content;            /* 建设内容 */
    int64_t planned_investment; /* 计划总投资, yuan */
    opt_i64 agreed_capital;   /* 协议引资额, yuan */
    opt_i64 annual_plan;      /* 年度计划投资, yuan */
    opt_i64 annual_plan_year; /* the year the annual plan is for */
    char *planned_start;      /* 计划开工 'YYYY-MM' */
    char *planned_finish;     /* 计划竣工 'YYYY-MM' */
    char *national_code;      /* 全国投资项目代码, 24 characters */
    struct stage_state st;    /* stage, dates, last transition */
    int64_t version;
    char *created_at, *updated_at;
};

enum field_type {
    FT_TEXT,     /* free text (max_len characters, counted in bytes/3 for CJK is not done: bytes) */
    FT_CODE,     /* short identifier text */
    FT_REGION,   /* GB/T 2260 code that must exist */
    FT_MONEY,    /* int64 yuan: JSON integer, or a string parsed by money_parse (元 when it names no unit) */
    FT_OPT_MONEY,
    FT_OPT_INT,
    FT_MONTH,    /* 'YYYY-MM' */
    FT_REF,      /* int64 id of another record */
};

struct field_def {
    const char *name;     /* JSON name and SQL column */
    const char *label;    /* Chinese label, for messages and ledgers */
    enum field_type type;
    size_t offset;        /* into struct project */
    int required;         /* must be present and non-empty on create */
    size_t max_len;       /* for text: bytes */
};

/* The editable fields, ended by a NULL name. */
extern const struct field_def project_fields[];
/* Looks a field up by name; NULL when unknown. */
const struct field_def *project_field(const char *name);

/* Frees the strings a project owns (not the struct itself). */
void project_clear(struct project *p);
/* Accessors through a field_def. */
char **project_text(struct project *p, const struct field_def *f);
int64_t *project_int(struct project *p, const struct field_def *f);
opt_i64 *project_opt(struct project *p, const struct field_def *f);

/* Checks what can be checked without the database: required fields, lengths, month formats,
 * planned start ≤ finish, non-negative money, the national project code's format, industry
 * section letter and division digits. Returns DK_OK or fills e naming the field. */
int project_validate(const struct project *p, dk_err *e);

/* 1 when code is a well-formed national project code 'YYYY-RRRRRR-II-TT-NNNNNN'. */
int project_national_code_ok(const char *code);

#endif
