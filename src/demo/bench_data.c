/*
 * bench_data.c — generates the benchmark data set (see bench_data.h).
 *
 * Each project is drawn from its own random stream keyed by (pairing, index), so a project's
 * record never depends on how many others there are; pairings are apportioned their projects
 * by integer largest remainders over Zipf-like weights. Rows are written through db.h with the
 * same statements a normal write uses, the audit row through audit_append and the search entry
 * through search_index_put, in transactions of BATCH projects.
 */
#include "demo/bench_data.h"
#include "core/dates.h"
#include "demo/demo_names.h"
#include "demo/rng.h"
#include "store/audit.h"
#include "store/search_index.h"
#include "util/xmalloc.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define BATCH 5000
#define WAN 10000
#define ACTOR "基准数据"
#define MAX_COUNTIES 8
#define FIRST_DAY "2017-03-01" /* the programme's start: no project is older */

enum stream { S_PROJECT = 101, S_ITEM };

static const char *const STAGE[] = {"intention", "signed", "landed", "production", "paused", "terminated"};
enum { ST_INTENTION, ST_SIGNED, ST_LANDED, ST_PRODUCTION, ST_PAUSED, ST_TERMINATED };

/* Hosts in the north-east and west, partners in the east (GB/T 2260 province prefixes). */
static const char *const HOST_PROVINCES[] = {"21", "22", "23", "15", "45", "51", "52", "53", "54", "62", "63", "64", "65"};
static const char *const PARTNER_PROVINCES[] = {"32", "33", "44", "37", "35"};
static const char *const PARTNER_MUNICIPALITIES[] = {"110000", "310000", "120000"};
static const char *const DOMAINS[] = {"产业合作", "园区共建", "干部人才交流", "市场开放", "体制机制改革"};
#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

struct place {
    char code[8], name[64];
};

struct pairing {
    int64_t id;
    struct place host, partner;
    struct place county[MAX_COUNTIES];
    int n_counties;
    int64_t dept_id[DEPT_COUNT];
    char dept_name[DEPT_COUNT][96];
    int64_t county_unit[MAX_COUNTIES];
    int64_t projects, items;   /* apportioned */
    int64_t plan_id, domain_id[5];
};

struct gen {
    const struct bench_params *p;
    struct bench_counts *n;
    struct pairing *pr;
    int n_pr;
    struct place *partners;    /* every eastern place a project's investor may come from */
    int n_partners;
    int64_t first_day, last_day; /* day numbers (dates.h) */
    char now[21];
};

static int need_row(int rc, db_stmt *s, int64_t *id, dk_err *e)
{
    if (rc == DB_ROW) {
        if (id) *id = db_col_int64(s, 0);
        rc = DK_OK;
    } else if (rc == DB_DONE) {
        rc = id ? err_set(e, DK_EINTERNAL, "db_error", "", "插入未返回编号 (INSERT returned no id)") : DK_OK;
    }
    db_done(s);
    return rc;
}

/* ---- places ------------------------------------------------------------------------------- */

/* Appends the named places of the query (code, name) to *out, skipping GB/T 2260's placeholder
 * rows (市辖区, 县, 省直辖县级行政区划). */
static int read_places(db *d, const char *sql, const char *arg, struct place **out, int *n, int max, dk_err *e)
{
    db_stmt *s = db_prepare(d, sql, e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    db_bind_text(s, 1, arg);
    int rc;
    while ((rc = db_step(s, e)) == DB_ROW && (max <= 0 || *n < max)) {
        const char *name = db_col_text(s, 1);
        if (strcmp(name, "市辖区") == 0 || strcmp(name, "县") == 0 || strstr(name, "直辖县级")) continue;
        if (out) {
            if (max <= 0) *out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
            snprintf((*out)[*n].code, sizeof (*out)[*n].code, "%s", db_col_text(s, 0));
            snprintf((*out)[*n].name, sizeof (*out)[*n].name, "%s", name);
        }
        (*n)++;
    }
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

static const char PREFECTURES_SQL[] = "SELECT code, name FROM regions WHERE level = 2 AND substr(code, 1, 2) = ? ORDER BY code";

static int load_places(db *d, struct gen *g, struct place **hosts, int *n_hosts, dk_err *e)
{
    int rc = DK_OK;
    for (int i = 0; rc == DK_OK && i < N(HOST_PROVINCES); i++) rc = read_places(d, PREFECTURES_SQL, HOST_PROVINCES[i], hosts, n_hosts, 0, e);
    for (int i = 0; rc == DK_OK && i < N(PARTNER_MUNICIPALITIES); i++)
        rc = read_places(d, "SELECT code, name FROM regions WHERE code = ?", PARTNER_MUNICIPALITIES[i], &g->partners, &g->n_partners, 0, e);
    for (int i = 0; rc == DK_OK && i < N(PARTNER_PROVINCES); i++)
        rc = read_places(d, PREFECTURES_SQL, PARTNER_PROVINCES[i], &g->partners, &g->n_partners, 0, e);
    if (rc == DK_OK && (*n_hosts == 0 || g->n_partners == 0))
        rc = err_set(e, DK_EINTERNAL, "bench_data", "", "行政区划参考数据缺失 (the region reference data is missing)");
    return rc;
}

/* ---- pairings and units ------------------------------------------------------------------- */

static int insert_unit(db *d, struct gen *g, int64_t pairing_id, const char *side, const char *kind, const char *name, int order,
                       int64_t *id, dk_err *e)
{
    db_stmt *s = db_prepare(d, "INSERT INTO units (pairing_id, side, kind, name, sort_order) VALUES (?, ?, ?, ?, ?) RETURNING id", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    db_bind_int64(s, 1, pairing_id);
    db_bind_text(s, 2, side);
    db_bind_text(s, 3, kind);
    db_bind_text(s, 4, name);
    db_bind_int64(s, 5, order);
    g->n->units++;
    return need_row(db_step(s, e), s, id, e);
}

static int insert_pairing(db *d, struct gen *g, int k, dk_err *e)
{
    struct pairing *pr = &g->pr[k];
    char code[32], name[192];
    snprintf(code, sizeof code, "bench-%s", pr->host.code);
    snprintf(name, sizeof name, "%s—%s（基准数据）", pr->partner.name, pr->host.name);
    db_stmt *s = db_prepare(d, "INSERT INTO pairings (code, name, programme, level, host_region, partner_region, start_date) "
                               "VALUES (?, ?, ?, 'city', ?, ?, ?) RETURNING id", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    db_bind_text(s, 1, code);
    db_bind_text(s, 2, name);
    db_bind_text(s, 3, "对口合作（基准测试数据）");
    db_bind_text(s, 4, pr->host.code);
    db_bind_text(s, 5, pr->partner.code);
    db_bind_text(s, 6, FIRST_DAY);
    int rc = need_row(db_step(s, e), s, &pr->id, e);
    g->n->pairings++;
    for (int i = 0; rc == DK_OK && i < DEPT_COUNT; i++) {
        snprintf(pr->dept_name[i], sizeof pr->dept_name[i], "%s%s", pr->host.name, demo_host_dept_city[i]);
        rc = insert_unit(d, g, pr->id, "host", "department", pr->dept_name[i], i + 1, &pr->dept_id[i], e);
    }
    for (int i = 0; rc == DK_OK && i < pr->n_counties; i++) {
        snprintf(name, sizeof name, "%s人民政府", pr->county[i].name);
        rc = insert_unit(d, g, pr->id, "host", "district", name, 20 + i, &pr->county_unit[i], e);
    }
    for (int i = 0; rc == DK_OK && i < demo_n_partner_dept; i++) {
        int64_t id;
        snprintf(name, sizeof name, "%s%s", pr->partner.name, demo_partner_dept_city[i]);
        rc = insert_unit(d, g, pr->id, "partner", "department", name, 100 + i, &id, e);
    }
    return rc;
}

/* Splits total over n pairings by weights 1/(k+1)^0.7, largest remainders, in integers. */
static void apportion(struct pairing *pr, int n, int64_t total, int items)
{
    double *w = xmalloc((size_t)n * sizeof *w), sum = 0;
    for (int k = 0; k < n; k++) sum += w[k] = 1.0 / pow(k + 1, 0.7);
    int64_t given = 0;
    double *rem = xmalloc((size_t)n * sizeof *rem);
    for (int k = 0; k < n; k++) {
        double exact = (double)total * w[k] / sum;
        int64_t v = (int64_t)exact;
        rem[k] = exact - (double)v;
        *(items ? &pr[k].items : &pr[k].projects) = v;
        given += v;
    }
    while (given < total) { /* the remainder, one each to the largest fractions */
        int best = 0;
        for (int k = 1; k < n; k++)
            if (rem[k] > rem[best]) best = k;
        rem[best] = -1;
        (*(items ? &pr[best].items : &pr[best].projects))++;
        given++;
    }
    free(w);
    free(rem);
}

/* ---- projects ----------------------------------------------------------------------------- */

struct proj {
    char code[32], name[200], investor[160], nat[48];
    const struct demo_theme *theme;
    const char *investor_region, *host_region;
    int64_t unit_id, planned_wan, annual_plan_wan;
    int64_t day[4];            /* intention, signed, landed, production; -1 when not reached */
    int end_stage;             /* ST_PAUSED / ST_TERMINATED, or -1 */
    int64_t end_day;
    int finish_len, start_offset;
};

static void draw_project(struct gen *g, int k, int64_t j, struct proj *p)
{
    const struct pairing *pr = &g->pr[k];
    struct rng r;
    rng_seed(&r, g->p->seed, S_PROJECT, (uint64_t)k, (uint64_t)j);
    p->theme = &demo_themes[rng_below(&r, demo_n_themes)];
    const char *core = demo_name_cores[rng_below(&r, demo_n_name_cores)];
    const struct place *origin = rng_pm(&r, 700) ? &pr->partner : &g->partners[rng_below(&r, g->n_partners)];
    int county = pr->n_counties ? rng_below(&r, pr->n_counties) : -1;
    const char *place_name = county >= 0 ? pr->county[county].name : pr->host.name;
    snprintf(p->code, sizeof p->code, "BK%s-%07lld", pr->host.code, (long long)(j + 1));
    /* the investor's short name: the origin's name without its administrative suffix */
    char origin_short[64];
    snprintf(origin_short, sizeof origin_short, "%s", origin->name);
    size_t ol = strlen(origin_short);
    if (ol > 3 && strcmp(origin_short + ol - 3, "市") == 0) origin_short[ol - 3] = '\0';
    snprintf(p->investor, sizeof p->investor, "%s%s%s", origin_short, core, p->theme->company);
    size_t tl = strlen(p->theme->title);
    int has_suffix = tl >= 6 && strcmp(p->theme->title + tl - 6, "项目") == 0;
    snprintf(p->name, sizeof p->name, "%s%s%s%s", core, place_name, p->theme->title, has_suffix ? "" : "项目");
    p->investor_region = origin->code;
    p->host_region = county >= 0 ? pr->county[county].code : pr->host.code;
    p->unit_id = county >= 0 && rng_pm(&r, 450) ? pr->county_unit[county] : pr->dept_id[p->theme->dept];
    p->planned_wan = rng_lognormal_wan(&r, 20000, 1200, 100, 5000000);
    p->finish_len = rng_range(&r, 12, 36);
    p->start_offset = rng_range(&r, 1, 6);

    /* the lifecycle, cut at the end of the last month */
    for (int s = 0; s < 4; s++) p->day[s] = -1;
    p->day[ST_INTENTION] = g->first_day + rng_below(&r, (int)(g->last_day - g->first_day + 1));
    static const int chance[] = {0, 720, 750, 550}, lo[] = {0, 20, 30, 90}, hi[] = {0, 200, 300, 540};
    for (int s = ST_SIGNED; s <= ST_PRODUCTION; s++) {
        if (!rng_pm(&r, chance[s])) break;
        int64_t day = p->day[s - 1] + rng_range(&r, lo[s], hi[s]);
        if (day > g->last_day) break;
        p->day[s] = day;
    }
    int last = ST_INTENTION;
    while (last < ST_PRODUCTION && p->day[last + 1] >= 0) last++;
    p->end_stage = -1;
    int roll = rng_below(&r, 1000);
    int64_t after = p->day[last] + rng_range(&r, 30, 400);
    if (roll < 20 && after <= g->last_day) p->end_stage = ST_TERMINATED;
    else if (roll < 50 && last >= ST_SIGNED && last < ST_PRODUCTION && after <= g->last_day) p->end_stage = ST_PAUSED;
    p->end_day = after;
    p->annual_plan_wan = last >= ST_LANDED && p->end_stage < 0 ? p->planned_wan * rng_range(&r, 150, 450) / 1000 : -1;
    p->nat[0] = '\0';
    if (p->day[ST_SIGNED] >= 0 && rng_pm(&r, 400)) {
        dk_date sd = date_from_days(p->day[ST_SIGNED]);
        snprintf(p->nat, sizeof p->nat, "%04d-%.6s-%.2s-03-%06d", sd.y, p->host_region, p->theme->division, rng_range(&r, 1, 999999));
    }
}

static int stage_now(const struct proj *p)
{
    if (p->end_stage >= 0) return p->end_stage;
    int last = ST_INTENTION;
    while (last < ST_PRODUCTION && p->day[last + 1] >= 0) last++;
    return last;
}

static void bind_day_or_null(db_stmt *s, int idx, int64_t day)
{
    char buf[11];
    if (day < 0) {
        db_bind_null(s, idx);
        return;
    }
    days_format(day, buf);
    db_bind_text(s, idx, buf);
}

static void iso_of_day(int64_t day, const char *hms, char out[24])
{
    char d[11];
    days_format(day, d);
    snprintf(out, 24, "%sT%sZ", d, hms);
}

static int insert_project(db *d, struct gen *g, int k, struct proj *p, int64_t *id, dk_err *e)
{
    db_stmt *s = db_prepare(d,
        "INSERT INTO projects (code, name, investor, investor_region, host_region, industry_section, "
        "industry_division, pairing_id, unit_id, content, planned_investment, agreed_capital, "
        "annual_plan, annual_plan_year, planned_start, planned_finish, national_code, stage, "
        "stage_before_pause, intention_date, signed_date, landed_date, production_date, version, "
        "created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    int stage = stage_now(p), before = ST_INTENTION;
    while (before < ST_PRODUCTION && p->day[before + 1] >= 0) before++;
    int is_signed = p->day[ST_SIGNED] >= 0;
    char ts[24], m1[8], m2[8];
    db_bind_text(s, 1, p->code);
    db_bind_text(s, 2, p->name);
    db_bind_text(s, 3, p->investor);
    db_bind_text(s, 4, p->investor_region);
    db_bind_text(s, 5, p->host_region);
    db_bind_text(s, 6, p->theme->section);
    db_bind_text(s, 7, p->theme->division);
    db_bind_int64(s, 8, g->pr[k].id);
    db_bind_int64(s, 9, p->unit_id);
    db_bind_text(s, 10, p->theme->content);
    db_bind_int64(s, 11, p->planned_wan * WAN);
    db_bind_opt_int64(s, 12, is_signed, p->planned_wan * 8 / 10 * WAN);
    dk_date last = date_from_days(g->last_day);
    db_bind_opt_int64(s, 13, p->annual_plan_wan >= 0, p->annual_plan_wan * WAN);
    db_bind_opt_int64(s, 14, p->annual_plan_wan >= 0, last.y);
    if (is_signed) {
        int start = days_month_index(p->day[ST_SIGNED]) + p->start_offset;
        month_format(start, m1);
        month_format(start + p->finish_len, m2);
        db_bind_text(s, 15, m1);
        db_bind_text(s, 16, m2);
    } else {
        db_bind_null(s, 15);
        db_bind_null(s, 16);
    }
    if (p->nat[0]) db_bind_text(s, 17, p->nat);
    else db_bind_null(s, 17);
    db_bind_text(s, 18, STAGE[stage]);
    if (stage == ST_PAUSED) db_bind_text(s, 19, STAGE[before]);
    else db_bind_null(s, 19);
    for (int st = ST_INTENTION; st <= ST_PRODUCTION; st++) bind_day_or_null(s, 20 + st, p->day[st]);
    iso_of_day(p->day[ST_INTENTION], "09:00:00", ts);
    db_bind_text(s, 24, ts);
    iso_of_day(p->end_stage >= 0 ? p->end_day : p->day[before], "09:00:00", ts);
    db_bind_text(s, 25, ts);
    return need_row(db_step(s, e), s, id, e);
}

static int insert_event(db *d, struct gen *g, int64_t id, int from, int to, int64_t day, dk_err *e)
{
    db_stmt *s = db_prepare(d, "INSERT INTO stage_events (project_id, from_stage, to_stage, event_date, actor, created_at) "
                               "VALUES (?, ?, ?, ?, ?, ?)", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    char ts[24];
    db_bind_int64(s, 1, id);
    db_bind_text(s, 2, from < 0 ? NULL : STAGE[from]);
    db_bind_text(s, 3, STAGE[to]);
    bind_day_or_null(s, 4, day);
    db_bind_text(s, 5, ACTOR);
    iso_of_day(day, "09:00:00", ts);
    db_bind_text(s, 6, ts);
    g->n->stage_events++;
    return need_row(db_step(s, e), s, NULL, e);
}

static int insert_events(db *d, struct gen *g, int64_t id, const struct proj *p, dk_err *e)
{
    int rc = DK_OK, last = -1;
    for (int st = ST_INTENTION; rc == DK_OK && st <= ST_PRODUCTION && p->day[st] >= 0; st++) {
        rc = insert_event(d, g, id, last, st, p->day[st], e);
        last = st;
    }
    if (rc == DK_OK && p->end_stage >= 0) rc = insert_event(d, g, id, last, p->end_stage, p->end_day, e);
    return rc;
}

/* Monthly reports from the landing month (or the window's start) to the last month, with gaps,
 * until the planned investment is reached; none once paused or terminated. */
static int insert_reports(db *d, struct gen *g, int k, int64_t j, int64_t id, const struct proj *p, dk_err *e)
{
    if (p->day[ST_LANDED] < 0) return DK_OK;
    struct rng r;
    rng_seed(&r, g->p->seed, S_PROJECT + 1000, (uint64_t)k, (uint64_t)j);
    int first = days_month_index(p->day[ST_LANDED]), last = g->p->last_month;
    if (p->end_stage >= 0) last = days_month_index(p->end_day) - 1;
    if (first < g->p->last_month - g->p->months + 1) first = g->p->last_month - g->p->months + 1;
    int64_t monthly = p->planned_wan / p->finish_len, done = 0;
    int rc = DK_OK;
    for (int m = first; rc == DK_OK && m <= last && done < p->planned_wan; m++) {
        if (rng_pm(&r, 70)) continue; /* a month not reported */
        int64_t amt = monthly * rng_range(&r, 0, 2000) / 1000;
        if (amt > p->planned_wan - done) amt = p->planned_wan - done;
        done += amt;
        db_stmt *s = db_prepare(d, "INSERT INTO progress_reports (project_id, month, amount, reported_by, created_at, updated_at) "
                                   "VALUES (?, ?, ?, ?, ?, ?)", e);
        if (!s) return e ? e->status : DK_EINTERNAL;
        char month[8], ts[24];
        month_format(m, month);
        snprintf(ts, sizeof ts, "%s-%02dT08:00:00Z", month, 25);
        db_bind_int64(s, 1, id);
        db_bind_text(s, 2, month);
        db_bind_int64(s, 3, amt * WAN);
        db_bind_text(s, 4, ACTOR);
        db_bind_text(s, 5, ts);
        db_bind_text(s, 6, ts);
        rc = need_row(db_step(s, e), s, NULL, e);
        g->n->reports++;
    }
    return rc;
}

static const struct actor bench_actor = {ACTOR, ROLE_ADMIN, 0, NULL, 0, NULL, 0, 0};

static int write_project(db *d, struct gen *g, int k, int64_t j, dk_err *e)
{
    struct proj p;
    draw_project(g, k, j, &p);
    int64_t id = 0;
    int rc = insert_project(d, g, k, &p, &id, e);
    if (rc == DK_OK) rc = insert_events(d, g, id, &p, e);
    if (rc == DK_OK) rc = insert_reports(d, g, k, j, id, &p, e);
    if (rc == DK_OK) {
        json_t *detail = json_pack("{s:s}", "code", p.code);
        rc = audit_append(d, &bench_actor, "project.create", "projects", id, detail, e);
        json_decref(detail);
        g->n->audit_rows++;
    }
    if (rc == DK_OK) rc = search_index_put(d, "project", id, e);
    g->n->projects++;
    return rc;
}

/* ---- work plans and items ----------------------------------------------------------------- */

static int insert_plan(db *d, struct pairing *pr, int year, dk_err *e)
{
    char title[192];
    snprintf(title, sizeof title, "%s %d 年对口合作工作计划", pr->host.name, year);
    db_stmt *s = db_prepare(d, "INSERT INTO work_plans (pairing_id, year, title) VALUES (?, ?, ?) RETURNING id", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    db_bind_int64(s, 1, pr->id);
    db_bind_int64(s, 2, year);
    db_bind_text(s, 3, title);
    int rc = need_row(db_step(s, e), s, &pr->plan_id, e);
    for (int i = 0; rc == DK_OK && i < N(DOMAINS); i++) {
        s = db_prepare(d, "INSERT INTO plan_domains (pairing_id, work_plan_id, seq, name) VALUES (?, ?, ?, ?) RETURNING id", e);
        if (!s) return e ? e->status : DK_EINTERNAL;
        db_bind_int64(s, 1, pr->id);
        db_bind_int64(s, 2, pr->plan_id);
        db_bind_int64(s, 3, i + 1);
        db_bind_text(s, 4, DOMAINS[i]);
        rc = need_row(db_step(s, e), s, &pr->domain_id[i], e);
    }
    return rc;
}

static int insert_item(db *d, struct gen *g, int k, int64_t j, int year, dk_err *e)
{
    struct pairing *pr = &g->pr[k];
    struct rng r;
    rng_seed(&r, g->p->seed, S_ITEM, (uint64_t)k, (uint64_t)j);
    int domain = rng_below(&r, N(DOMAINS));
    const struct demo_theme *t = &demo_themes[rng_below(&r, demo_n_themes)];
    char code[32], title[256], start[11], due[11], upd[11], ts[24];
    snprintf(code, sizeof code, "%d-%05lld", year, (long long)(j + 1));
    snprintf(title, sizeof title, "推进%s%s合作（第 %lld 项）", pr->partner.name, t->title, (long long)(j + 1));
    dk_date jan1 = {year, 1, 1};
    int64_t y0 = date_to_days(&jan1);
    int64_t s_day = y0 + rng_below(&r, 120), due_day = s_day + rng_range(&r, 60, 240);
    days_format(s_day, start);
    days_format(due_day, due);
    int64_t upd_day = s_day + rng_below(&r, 90);
    if (upd_day > g->last_day) upd_day = g->last_day;
    days_format(upd_day, upd);
    iso_of_day(s_day, "09:00:00", ts);
    db_stmt *s = db_prepare(d, "INSERT INTO work_items (pairing_id, work_plan_id, domain_id, code, title, content, lead_unit_id, "
                               "start_date, due_date, percent, last_update, created_at, updated_at) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
    if (!s) return e ? e->status : DK_EINTERNAL;
    db_bind_int64(s, 1, pr->id);
    db_bind_int64(s, 2, pr->plan_id);
    db_bind_int64(s, 3, pr->domain_id[domain]);
    db_bind_text(s, 4, code);
    db_bind_text(s, 5, title);
    db_bind_text(s, 6, t->content);
    db_bind_int64(s, 7, pr->dept_id[t->dept]);
    db_bind_text(s, 8, start);
    db_bind_text(s, 9, due);
    db_bind_int64(s, 10, rng_below(&r, 11) * 10);
    db_bind_text(s, 11, upd);
    db_bind_text(s, 12, ts);
    db_bind_text(s, 13, ts);
    g->n->items++;
    return need_row(db_step(s, e), s, NULL, e);
}

/* ---- the load ----------------------------------------------------------------------------- */

static int commit_batch(db *d, int64_t done, int64_t total, const char *what, int quiet, dk_err *e)
{
    int rc = db_commit(d, e);
    if (rc == DK_OK && !quiet) fprintf(stderr, "\rbench-data: %s %lld / %lld", what, (long long)done, (long long)total);
    if (rc == DK_OK) rc = db_begin_write(d, e);
    return rc;
}

static int load(db *d, struct gen *g, dk_err *e)
{
    struct place *hosts = NULL;
    int n_hosts = 0;
    int rc = load_places(d, g, &hosts, &n_hosts, e);
    if (rc != DK_OK) goto out;
    g->n_pr = g->p->pairings < n_hosts ? g->p->pairings : n_hosts;
    g->pr = xcalloc((size_t)g->n_pr, sizeof *g->pr);
    for (int k = 0; rc == DK_OK && k < g->n_pr; k++) {
        struct pairing *pr = &g->pr[k];
        pr->host = hosts[k];
        pr->partner = g->partners[k % g->n_partners];
        struct place *c = pr->county;
        rc = read_places(d, "SELECT code, name FROM regions WHERE parent_code = ? AND level = 3 ORDER BY code", pr->host.code,
                         &c, &pr->n_counties, MAX_COUNTIES, e);
        if (rc == DK_OK) rc = insert_pairing(d, g, k, e);
    }
    apportion(g->pr, g->n_pr, g->p->projects, 0);
    apportion(g->pr, g->n_pr, g->p->items, 1);
    int64_t done = 0;
    for (int k = 0; rc == DK_OK && k < g->n_pr; k++)
        for (int64_t j = 0; rc == DK_OK && j < g->pr[k].projects; j++) {
            rc = write_project(d, g, k, j, e);
            if (rc == DK_OK && ++done % BATCH == 0) rc = commit_batch(d, done, g->p->projects, "projects", g->p->quiet, e);
        }
    int year = date_from_days(g->last_day).y;
    done = 0;
    for (int k = 0; rc == DK_OK && k < g->n_pr; k++) {
        if (g->pr[k].items > 0) rc = insert_plan(d, &g->pr[k], year, e);
        for (int64_t j = 0; rc == DK_OK && j < g->pr[k].items; j++) {
            rc = insert_item(d, g, k, j, year, e);
            if (rc == DK_OK && ++done % (BATCH * 4) == 0) rc = commit_batch(d, done, g->p->items, "items", g->p->quiet, e);
        }
    }
    if (!g->p->quiet) fputc('\n', stderr);
out:
    free(hosts);
    return rc;
}

int bench_data_load(db *d, const struct bench_params *p, struct bench_counts *out, dk_err *e)
{
    memset(out, 0, sizeof *out);
    if (db_int64(d, "SELECT COUNT(*) FROM pairings", -1, 0) != 0)
        return err_set(e, DK_ERULE, "not_empty", "db", "基准数据只能写入新建的空数据库 (bench-data needs a new, empty database)");
    struct gen g = {.p = p, .n = out};
    dk_date first;
    date_parse(FIRST_DAY, &first);
    g.first_day = date_to_days(&first);
    dk_date next = {(p->last_month + 1) / 12, (p->last_month + 1) % 12 + 1, 1}; /* the day after the last month */
    g.last_day = date_to_days(&next) - 1;
    if (g.last_day < g.first_day)
        return err_set(e, DK_EINVAL, "invalid_field", "last_month", "最后月份须在 2017-03 之后 (the last month must be after 2017-03)");
    int rc = db_begin_write(d, e);
    if (rc == DK_OK) rc = load(d, &g, e);
    rc = db_end(d, rc, e);
    free(g.pr);
    free(g.partners);
    return rc;
}
