/*
 * demo_names.h — the fixed tables the demo data generator (demo.c) draws from: the seven
 * pairings with their places, the units on each side, industry themes, the enterprises and
 * projects the 2018 article names, problem types, pause/terminate reasons and Shenyang's 2017
 * introduced capital by source province. Plain data, no logic; everything is invented except
 * the names and figures the article reports, and is labelled demo data where it is stored.
 */
#ifndef DUIKOU_DEMO_NAMES_H
#define DUIKOU_DEMO_NAMES_H
#include <stdint.h>

/* Host-side departments, in the order of demo_host_dept_city/province. */
enum demo_dept {
    DEPT_DRC = 0,  /* 发展和改革委员会 */
    DEPT_MIIT,     /* 工业和信息化 */
    DEPT_COMMERCE, /* 商务 */
    DEPT_SCI,      /* 科学技术 */
    DEPT_AGRI,     /* 农业农村 */
    DEPT_CULTOUR,  /* 文化旅游 */
    DEPT_LAND,     /* 自然资源 */
    DEPT_ENV,      /* 生态环境 */
    DEPT_FIN,      /* 财政 */
    DEPT_BIZENV,   /* 营商环境建设 */
    DEPT_SASAC,    /* 国资委 */
    DEPT_FINREG,   /* 地方金融监管 */
    DEPT_COUNT
};

/* A place inside the host (district, county or, for a province, a city). */
struct demo_place {
    const char *code;     /* GB/T 2260 code; must exist in regions */
    const char *short_name; /* for project names: "浑南" */
    const char *gov;      /* its government, a host-side unit: "浑南区人民政府" */
    const char *platform; /* a development zone there, or NULL */
};

/* Where a partner-side investor comes from. */
struct demo_origin {
    const char *code;       /* GB/T 2260 code */
    const char *short_name; /* company-name prefix: "北京", "苏州" */
    const char *gov;        /* a partner-side district/city unit, or NULL */
};

struct demo_pairing_def {
    const char *code, *name, *level, *host, *partner, *start;
    const char *prefix;        /* project code prefix, "JS" → JS2017-001 */
    const char *host_name;     /* "沈阳市", prefix of host unit names */
    const char *partner_name;  /* "北京市" */
    int province;              /* 1 for province-level pairings (厅 instead of 局) */
    const struct demo_place *places;
    int n_places;
    const struct demo_origin *origins;
    int n_origins;
    int median_wan;            /* median planned investment of its projects, 万元 */
    int first_year_min, first_year_max; /* projects in 2017 (not used for bj-sy) */
    int later_min, later_max;  /* projects per later year */
};

extern const struct demo_pairing_def demo_pairings[];
extern const int demo_n_pairings;
extern const char demo_programme[];

/* Host department names after the host's name (city and province variants). */
extern const char *const demo_host_dept_city[DEPT_COUNT];
extern const char *const demo_host_dept_province[DEPT_COUNT];
/* Partner departments for pairings other than bj-sy. */
extern const char *const demo_partner_dept_city[];
extern const char *const demo_partner_dept_province[];
extern const int demo_n_partner_dept;
/* Beijing's 29 departments and 3 districts of the 2018 work plan (full names). */
extern const char *const demo_beijing_units[];
extern const int demo_n_beijing_depts, demo_n_beijing_units;

/* An industry theme a project is built from. */
struct demo_theme {
    const char *section, *division; /* GB/T 4754 section letter and division */
    const char *title;              /* "大数据中心" */
    const char *content;            /* 建设内容 */
    const char *company;            /* company-name suffix: "数据科技有限公司" */
    int dept;                       /* enum demo_dept responsible for it */
    int fast;                       /* 1: trade or service, goes from 落地 to 投产 in months */
};
extern const struct demo_theme demo_themes[];
extern const int demo_n_themes;

/* Two-character cores for invented company names. */
extern const char *const demo_name_cores[];
extern const int demo_n_name_cores;

/* A project the article names (京沈, 2017). Dates NULL are drawn by the generator. */
struct demo_named {
    const char *name, *investor, *investor_region, *host_region;
    const char *section, *division;
    int dept;
    const char *content, *platform;
    int planned_wan;  /* weight before calibration, 万元 */
    const char *intention, *signed_, *landed, *production;
};
extern const struct demo_named demo_named_projects[];
extern const int demo_n_named;

/* A coordination problem type. */
struct demo_problem_type {
    const char *title, *detail, *resolution;
    int dept;
};
extern const struct demo_problem_type demo_problem_types[];
extern const int demo_n_problem_types;

extern const char *const demo_pause_reasons[];
extern const int demo_n_pause_reasons;
extern const char *const demo_terminate_reasons[];
extern const int demo_n_terminate_reasons;

/* Shenyang's 2017 introduced capital from provinces other than Beijing (万元); with
 * Beijing's 362亿 the total is 1547亿. */
struct demo_capital {
    const char *source;
    int64_t wan;
};
extern const struct demo_capital demo_sy_capital_2017[];
extern const int demo_n_sy_capital_2017;
/* Provinces that may appear as sources of other hosts' capital. */
extern const char *const demo_source_provinces[];
extern const int demo_n_source_provinces;

#endif
