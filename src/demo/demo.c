/*
 * demo.c — the synthetic demonstration data set (see demo.h).
 *
 * How it works, in order:
 *   1. build every project in memory: attributes and its whole lifecycle (events to any date),
 *      each from its own random stream keyed by (pairing, cohort year, index), so a project's
 *      story never depends on how far the data set runs;
 *   2. cut at the end of last_month: projects not yet intended are left out, later events are
 *      dropped;
 *   3. calibrate Beijing–Shenyang's 2017 cohort: planned investments scaled to 1678亿 exactly,
 *      then its 2017 monthly reports scaled to 362亿 exactly (integer arithmetic, remainder on
 *      the largest value);
 *   4. monthly reports after 2017, each month from its own stream; then, keyed by last_month,
 *      a few projects miss their latest reports so the "no report" warnings have something
 *      to show;
 *   5. write it all in one transaction through db.h.
 * Money is kept in whole 万元 (int64) while generating and stored in yuan. Floating point is
 * used only to draw the log-normal shape of planned investments.
 */
#include "demo/demo.h"
#include "store/audit.h"
#include "demo/demo_plans.h"
#include "core/dates.h"
#include "demo/demo_names.h"
#include "demo/rng.h"
#include "util/xmalloc.h"
#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_SEED 0x64756B6F752D3031ULL /* fixed: the data set is the same on every run */
#define NONE INT_MIN                    /* a day that is not reached */
#define WAN 10000                       /* yuan per 万元 */

/* The article's headline figures (京沈, 2017), in 万元 where money. */
#define CAL_PROJECTS 139
#define CAL_TERMINATED 4              /* extra 2017 projects terminated within 2017 */
#define CAL_PLANNED_WAN 16780000LL    /* 1678亿元 */
#define CAL_DONE_WAN 3620000LL        /* 362亿元 */
#define CAL_CAPITAL_WAN 15470000LL    /* 1547亿元 */
#define CAL_PAIRING 0                 /* bj-sy is demo_pairings[0] */

#define MAX_EVENTS 8
#define MAX_PLACES 16
#define MAX_PAIRINGS 8
#define ACTOR "演示数据"

enum st { ST_INTENTION, ST_SIGNED, ST_LANDED, ST_PRODUCTION, ST_PAUSED, ST_TERMINATED };
static const char *const STAGE_CODE[] = {"intention", "signed", "landed", "production", "paused", "terminated"};

/* Random streams: each purpose gets its own, so adding draws to one never shifts another. */
enum stream { S_COHORT = 1, S_PROJECT, S_YEAR, S_MONTH, S_STRAGGLE, S_PROBLEM, S_CAPITAL };

/* A stream for (purpose, a, b): the same key always gives the same numbers. */
static void rng_init(struct rng *r, enum stream purpose, uint64_t a, uint64_t b)
{
    rng_seed(r, DEMO_SEED, (uint64_t)purpose, a, b);
}

/* ---- days and months ---------------------------------------------------------------------- */

static int day_of(int y, int m, int d)
{
    dk_date t = {y, m, d};
    return (int)date_to_days(&t);
}

static int day_parse(const char *s)
{
    dk_date t;
    return s && date_parse(s, &t) ? (int)date_to_days(&t) : NONE;
}

static void day_str(int day, char out[11])
{
    days_format(day, out);
}

static int day_month(int day)
{
    return days_month_index(day);
}

static int day_year(int day)
{
    return date_from_days(day).y;
}

static int month_last_day(int mi)
{
    return day_of(mi / 12, mi % 12 + 1, days_in_month(mi / 12, mi % 12 + 1));
}

/* 'YYYY-MM-DDT' + hms + 'Z' for a day, e.g. iso_at(d, "09:00:00", buf). */
static void iso_at(int day, const char *hms, char out[24])
{
    char d[11];
    day_str(day, d);
    snprintf(out, 24, "%sT%sZ", d, hms);
}

static int launch_day(void)
{
    return day_of(2017, 4, 18); /* 京沈对口合作 launch meeting: many 2017 deals were signed there */
}

static int end_2017(void)
{
    return day_of(2017, 12, 31);
}

/* ---- the in-memory world ------------------------------------------------------------------ */

enum pause_outcome { PAUSE_RESUME, PAUSE_TERMINATE, PAUSE_STAY };

/* A project's whole story as drawn; life_materialize turns it into events. */
struct life_plan {
    int intention, signed_, landed, production; /* NONE when never reached */
    int pause_day, pause_len;                   /* pause_day NONE when never paused */
    enum pause_outcome pause_outcome;
    int term_day;                               /* direct termination, NONE when none */
    const char *pause_reason, *term_reason;
};

struct event {
    int day;
    int from, to;      /* enum st; from is -1 for the first event */
    const char *note;
    const char *reason; /* required for pause and terminate */
};

struct proj {
    uint64_t key;            /* stream key: pairing, cohort year, index */
    int pairing, year, gen_index;
    int calibrated;          /* one of bj-sy's 139 projects of 2017 */
    int no_reports;          /* terminated within 2017, outside the calibration */
    int skip;                /* intention after the cut: not in this data set */
    char code[24], name[200], investor[160];
    const char *investor_region, *host_region, *section, *division, *content, *platform;
    int place, dept, unit_is_place, fast;
    int64_t planned_wan;
    int agreed_pm;           /* 协议引资额 in ‰ of planned, 0 when none */
    int national, nat_serial; /* carries a national project code, and its serial */
    int start_offset, finish_len; /* planned start: months after signing; finish: after start */
    int prod_months;         /* months it keeps reporting after 投产 */
    int named;               /* one of the article's projects */
    struct life_plan lp;     /* the story as drawn */
    int nev, ncut;           /* events in all, and those on or before the cut */
    struct event ev[MAX_EVENTS];
    int first_month, n_slots; /* monthly report slots from the signing month to last_month */
    int64_t *amt;            /* 万元 per slot, -1 for no report */
    int64_t annual_plan_wan; /* for the year of last_month, -1 when none */
    int64_t db_id;
};

struct pairing_rt {
    int64_t id;
    int64_t dept_id[DEPT_COUNT];
    char dept_name[DEPT_COUNT][96];
    int64_t place_id[MAX_PLACES];
};

struct world {
    int last_month, end_day, last_year;
    struct proj *p;
    int n, cap;
    struct pairing_rt pr[MAX_PAIRINGS];
    int n_projects, n_reports; /* written, for the audit record */
};

static struct proj *proj_new(struct world *w)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 256;
        w->p = xrealloc(w->p, (size_t)w->cap * sizeof *w->p);
    }
    struct proj *p = &w->p[w->n++];
    memset(p, 0, sizeof *p);
    p->annual_plan_wan = -1;
    return p;
}

static void world_free(struct world *w)
{
    for (int i = 0; i < w->n; i++) free(w->p[i].amt);
    free(w->p);
    w->p = NULL;
    w->n = w->cap = 0;
}

/* ---- lifecycle ---------------------------------------------------------------------------- */

static void ev_add(struct proj *p, int from, int to, int day, const char *note, const char *reason)
{
    assert(p->nev < MAX_EVENTS);
    p->ev[p->nev++] = (struct event){day, from, to, note, reason};
}

static const char *forward_note(int to, int day)
{
    switch (to) {
    case ST_SIGNED: return day == launch_day() ? "京沈对口合作座谈会集中签约" : "签订投资合作协议";
    case ST_LANDED: return "完成注册并开工建设";
    default: return "建成投产";
    }
}

/* Writes the pause and what follows it; returns 1 when the story ends there. */
static int pause_apply(struct proj *p, const struct life_plan *lp, int cur, int *last)
{
    ev_add(p, cur, ST_PAUSED, lp->pause_day, NULL, lp->pause_reason);
    int back = lp->pause_day + lp->pause_len;
    if (lp->pause_outcome == PAUSE_STAY) return 1;
    if (lp->pause_outcome == PAUSE_TERMINATE) {
        ev_add(p, ST_PAUSED, ST_TERMINATED, back, NULL, lp->term_reason);
        return 1;
    }
    ev_add(p, ST_PAUSED, cur, back, "问题协调解决，恢复推进", NULL);
    *last = back;
    return 0;
}

/* Events in date order: intention, then the forward moves, with the pause (which delays
 * what follows by its length) or the termination slotted in where their dates fall. */
static void life_materialize(struct proj *p, const struct life_plan *lp)
{
    p->nev = 0;
    ev_add(p, -1, ST_INTENTION, lp->intention, "纳入重大项目推进库", NULL);
    int cur = ST_INTENTION, last = lp->intention, shift = 0;
    int pause_left = lp->pause_day != NONE;
    const int fwd[3] = {lp->signed_, lp->landed, lp->production};
    for (int k = 0; k < 3 && fwd[k] != NONE; k++) {
        int day = fwd[k] + shift;
        if (pause_left && cur >= ST_SIGNED && lp->pause_day < day && lp->pause_day >= last) {
            pause_left = 0;
            if (pause_apply(p, lp, cur, &last)) return;
            shift += lp->pause_len;
            day += lp->pause_len;
        }
        if (lp->term_day != NONE && lp->term_day < day) {
            ev_add(p, cur, ST_TERMINATED, lp->term_day, NULL, lp->term_reason);
            return;
        }
        ev_add(p, cur, ST_SIGNED + k, day, forward_note(ST_SIGNED + k, day), NULL);
        cur = ST_SIGNED + k;
        last = day;
    }
    if (pause_left && cur >= ST_SIGNED && lp->pause_day >= last) {
        if (pause_apply(p, lp, cur, &last)) return;
    }
    if (lp->term_day != NONE && lp->term_day >= last)
        ev_add(p, cur, ST_TERMINATED, lp->term_day, NULL, lp->term_reason);
}

/* What shapes a lifecycle beyond the project's own draws. */
struct life_rules {
    int launch;        /* signing not before this day (bj-sy 2017), NONE for no limit */
    int never_sign_pm; /* chance in ‰ that talks never lead to signing */
    int min_term;      /* terminations only after this day (the calibrated 139), NONE */
};

/* Draws a lifecycle. Named projects keep the dates the table gives and are never paused
 * or terminated; stages the table leaves NULL are drawn like any other project's. */
static void life_draw(struct rng *r, struct life_plan *lp, int intention, const struct demo_named *nm, int fast,
                      const struct life_rules *rules)
{
    *lp = (struct life_plan){intention, NONE, NONE, NONE, NONE, 0, PAUSE_RESUME, NONE, NULL, NULL};
    const char *pause_reason = demo_pause_reasons[rng_below(r, demo_n_pause_reasons)];
    const char *term_reason = demo_terminate_reasons[rng_below(r, demo_n_terminate_reasons)];

    if (nm && nm->signed_) {
        lp->signed_ = day_parse(nm->signed_);
    } else if (rng_pm(r, rules->never_sign_pm)) {
        if (rng_pm(r, 550)) { /* talks that lead nowhere are closed after a while */
            lp->term_day = intention + rng_range(r, 150, 720);
            lp->term_reason = "意向洽谈未能达成协议，终止推进";
        }
        goto clamp;
    } else {
        int s = intention + rng_range(r, 7, 150);
        if (rules->launch != NONE && intention <= rules->launch) {
            s = rng_pm(r, 450) ? rules->launch : (s < rules->launch ? rules->launch + rng_range(r, 1, 30) : s);
        }
        lp->signed_ = s;
    }

    if (nm && nm->landed) lp->landed = day_parse(nm->landed);
    else if (!rng_pm(r, 120)) lp->landed = lp->signed_ + rng_range(r, 30, 300);

    if (lp->landed != NONE) {
        if (nm && nm->production) lp->production = day_parse(nm->production);
        else if (!rng_pm(r, 60)) lp->production = lp->landed + (fast ? rng_range(r, 45, 200) : rng_range(r, 300, 1100));
    }

    if (!nm) {
        /* a project stuck before construction or before production is mostly given up later */
        int stuck_signed = lp->landed == NONE, stuck_landed = lp->landed != NONE && lp->production == NONE;
        if (rng_pm(r, 90)) {
            lp->pause_day = lp->signed_ + rng_range(r, 20, 480);
            lp->pause_len = rng_range(r, 60, 420);
            int o = rng_below(r, 1000);
            lp->pause_outcome = o < 550 ? PAUSE_RESUME : o < 800 ? PAUSE_TERMINATE : PAUSE_STAY;
            lp->pause_reason = pause_reason;
            lp->term_reason = term_reason;
        } else if (stuck_signed && rng_pm(r, 650)) {
            lp->term_day = lp->signed_ + rng_range(r, 300, 900);
            lp->term_reason = term_reason;
        } else if (stuck_landed && rng_pm(r, 500)) {
            lp->term_day = lp->landed + rng_range(r, 500, 1500);
            lp->term_reason = term_reason;
        } else if (rng_pm(r, 50)) {
            lp->term_day = lp->signed_ + rng_range(r, 90, 1200);
            lp->term_reason = term_reason;
        }
    }

clamp:
    /* The 139 of 2017 must still be alive on 2017-12-31: later terminations only. */
    if (rules->min_term != NONE) {
        if (lp->term_day != NONE && lp->term_day <= rules->min_term)
            lp->term_day = rules->min_term + 1 + rng_range(r, 0, 200);
        if (lp->pause_day != NONE && lp->pause_outcome == PAUSE_TERMINATE && lp->pause_day + lp->pause_len <= rules->min_term)
            lp->pause_len = rules->min_term + 1 + rng_range(r, 0, 120) - lp->pause_day;
    }
}

/* The stage after every event on or before day. */
static int stage_at(const struct proj *p, int day)
{
    int st = ST_INTENTION;
    for (int i = 0; i < p->nev && p->ev[i].day <= day; i++) st = p->ev[i].to;
    return st;
}

/* The day the project first reached stage st among its first n events, NONE if not. */
static int stage_day_n(const struct proj *p, int st, int n)
{
    for (int i = 0; i < n; i++)
        if (p->ev[i].to == st) return p->ev[i].day;
    return NONE;
}

/* ---- project generation ------------------------------------------------------------------- */

enum kind { KIND_RANDOM, KIND_NAMED, KIND_TERMINATED_2017 };

static uint64_t proj_key(int pi, int year, int idx)
{
    return ((uint64_t)pi << 48) | ((uint64_t)year << 20) | (uint64_t)idx;
}

static int place_index(const struct demo_pairing_def *def, const char *code)
{
    for (int i = 0; i < def->n_places; i++)
        if (strcmp(def->places[i].code, code) == 0) return i;
    return 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* When talks began: bj-sy's 2017 cohort clusters around the April launch meeting. */
static int draw_intention(struct rng *r, const struct demo_pairing_def *def, int year, int bj2017)
{
    if (year != 2017) return rng_range(r, day_of(year, 1, 4), day_of(year, 12, 20));
    int start = day_parse(def->start), end = day_of(2017, 12, 20);
    if (bj2017) {
        if (rng_pm(r, 300)) return rng_range(r, start, launch_day() - 1);
        start = launch_day();
    }
    return rng_range(r, start, end);
}

/* Fields every kind of project draws the same way. */
static void draw_common(struct proj *p, struct rng *r)
{
    p->unit_is_place = rng_pm(r, 450);
    p->agreed_pm = rng_pm(r, 700) ? rng_range(r, 600, 1000) : 0;
    p->national = rng_pm(r, 400);
    p->nat_serial = rng_range(r, 1, 999999);
    p->start_offset = rng_range(r, 1, 6);
    p->finish_len = rng_range(r, 12, 36);
    p->prod_months = rng_range(r, 3, 18);
}

static void gen_project(struct world *w, int pi, int year, int idx, enum kind kind, int named_idx)
{
    const struct demo_pairing_def *def = &demo_pairings[pi];
    struct proj *p = proj_new(w);
    p->key = proj_key(pi, year, idx);
    p->pairing = pi;
    p->year = year;
    p->gen_index = idx;
    struct rng r;
    rng_init(&r, S_PROJECT, p->key, 0);
    int bj2017 = pi == CAL_PAIRING && year == 2017;
    struct life_rules rules = {bj2017 ? launch_day() : NONE, bj2017 ? 100 : 150, NONE};
    struct life_plan lp;

    if (kind == KIND_NAMED) {
        const struct demo_named *nm = &demo_named_projects[named_idx];
        snprintf(p->name, sizeof p->name, "%s", nm->name);
        snprintf(p->investor, sizeof p->investor, "%s", nm->investor);
        p->investor_region = nm->investor_region;
        p->host_region = nm->host_region;
        p->place = place_index(def, nm->host_region);
        p->section = nm->section;
        p->division = nm->division;
        p->dept = nm->dept;
        p->content = nm->content;
        p->platform = nm->platform;
        p->planned_wan = nm->planned_wan;
        p->calibrated = 1;
        rules.min_term = end_2017();
        draw_common(p, &r);
        p->named = 1;
        life_draw(&r, &p->lp, day_parse(nm->intention), nm, 0, &rules);
        life_materialize(p, &p->lp);
        return;
    }

    const struct demo_theme *t = &demo_themes[rng_below(&r, demo_n_themes)];
    p->place = rng_below(&r, def->n_places);
    const struct demo_place *pl = &def->places[p->place];
    const struct demo_origin *o = &def->origins[rng_below(&r, def->n_origins)];
    const char *core = demo_name_cores[rng_below(&r, demo_n_name_cores)];
    snprintf(p->investor, sizeof p->investor, "%s%s%s", o->short_name, core, t->company);
    snprintf(p->name, sizeof p->name, "%s%s%s%s", core, pl->short_name, t->title, ends_with(t->title, "项目") ? "" : "项目");
    p->investor_region = o->code;
    p->host_region = pl->code;
    p->section = t->section;
    p->division = t->division;
    p->dept = t->dept;
    p->content = t->content;
    p->platform = pl->platform;
    p->fast = t->fast;
    p->planned_wan = rng_lognormal_wan(&r, def->median_wan, 1200, 3500, 1500000);
    draw_common(p, &r);

    if (kind == KIND_TERMINATED_2017) {
        /* outside the 139: dropped within 2017, one of them after signing */
        p->no_reports = 1;
        int i = rng_range(&r, launch_day(), day_of(2017, 7, 31));
        lp = (struct life_plan){i, NONE, NONE, NONE, NONE, 0, PAUSE_RESUME, NONE, NULL, NULL};
        int after = i;
        if (idx % 4 == 0) lp.signed_ = after = i + rng_range(&r, 10, 25);
        lp.term_day = after + rng_range(&r, 40, 120);
        lp.term_reason = demo_terminate_reasons[rng_below(&r, demo_n_terminate_reasons)];
        p->lp = lp;
        life_materialize(p, &p->lp);
        return;
    }

    if (bj2017) {
        p->calibrated = 1;
        rules.min_term = end_2017();
    }
    life_draw(&r, &p->lp, draw_intention(&r, def, year, bj2017), NULL, p->fast, &rules);
    life_materialize(p, &p->lp);
}

/* The article's picture of end-2017 has a couple of projects on hold. Pauses are drawn
 * rarely and mostly fall later, so two of the 139 (signed by September, with no pause or
 * termination of their own) are put on hold in the autumn and resume in 2018. */
static void pause_two_in_2017(struct world *w, int first)
{
    int picked = 0;
    for (int i = first; i < w->n && picked < 2; i++) {
        struct proj *p = &w->p[i];
        struct life_plan *lp = &p->lp;
        if (!p->calibrated || p->named || p->gen_index % 10 != 3) continue;
        if (lp->signed_ == NONE || lp->signed_ > day_of(2017, 9, 30) || lp->pause_day != NONE || lp->term_day != NONE)
            continue;
        struct rng r;
        rng_init(&r, S_PROJECT, p->key, 1);
        int from = lp->signed_ + 20 > day_of(2017, 10, 1) ? lp->signed_ + 20 : day_of(2017, 10, 1);
        lp->pause_day = rng_range(&r, from, day_of(2017, 12, 15));
        lp->pause_len = rng_range(&r, 150, 400);
        lp->pause_outcome = PAUSE_RESUME;
        lp->pause_reason = demo_pause_reasons[rng_below(&r, demo_n_pause_reasons)];
        life_materialize(p, lp);
        picked++;
    }
}

static int cmp_intention(const void *a, const void *b)
{
    const struct proj *x = a, *y = b;
    if (x->ev[0].day != y->ev[0].day) return x->ev[0].day < y->ev[0].day ? -1 : 1;
    return x->gen_index < y->gen_index ? -1 : x->gen_index > y->gen_index;
}

/* One pairing's projects whose talks began in year: counted from the cohort's own stream,
 * numbered in order of intention date (JS2017-001 …). */
static void gen_cohort(struct world *w, int pi, int year)
{
    const struct demo_pairing_def *def = &demo_pairings[pi];
    struct rng r;
    rng_init(&r, S_COHORT, (uint64_t)pi, (uint64_t)year);
    int first = w->n;
    if (pi == CAL_PAIRING && year == 2017) {
        int idx = 0;
        for (int i = 0; i < demo_n_named; i++) gen_project(w, pi, year, idx++, KIND_NAMED, i);
        while (idx < CAL_PROJECTS) gen_project(w, pi, year, idx++, KIND_RANDOM, 0);
        for (int i = 0; i < CAL_TERMINATED; i++) gen_project(w, pi, year, idx++, KIND_TERMINATED_2017, 0);
        pause_two_in_2017(w, first);
    } else {
        int n = year == 2017 ? rng_range(&r, def->first_year_min, def->first_year_max)
                             : rng_range(&r, def->later_min, def->later_max);
        for (int i = 0; i < n; i++) gen_project(w, pi, year, i, KIND_RANDOM, 0);
    }
    qsort(w->p + first, (size_t)(w->n - first), sizeof *w->p, cmp_intention);
    for (int i = first; i < w->n; i++) {
        struct proj *p = &w->p[i];
        snprintf(p->code, sizeof p->code, "%s%d-%03d", def->prefix, year, i - first + 1);
        p->skip = p->ev[0].day > w->end_day;
        p->ncut = 0;
        while (p->ncut < p->nev && p->ev[p->ncut].day <= w->end_day) p->ncut++;
    }
}

/* ---- calibration of planned investment ---------------------------------------------------- */

/* Scales values (whole 万元) so they sum to exactly target: each becomes floor(v·target/sum),
 * and what the flooring lost goes to the largest. */
static void scale_to_total(int64_t **vals, int n, int64_t target)
{
    int64_t sum = 0, got = 0;
    for (int i = 0; i < n; i++) sum += *vals[i];
    assert(sum > 0);
    int big = 0;
    for (int i = 0; i < n; i++) {
        /* v ≤ 1.5e6 and target ≤ 2e7: the product stays far inside int64 */
        *vals[i] = *vals[i] * target / sum;
        got += *vals[i];
        if (*vals[i] > *vals[big]) big = i;
    }
    *vals[big] += target - got;
}

static void calibrate_planned(struct world *w)
{
    int64_t **v = xcalloc((size_t)w->n, sizeof *v);
    int n = 0;
    for (int i = 0; i < w->n; i++)
        if (w->p[i].calibrated) v[n++] = &w->p[i].planned_wan;
    assert(n == CAL_PROJECTS);
    scale_to_total(v, n, CAL_PLANNED_WAN);
    free(v);
}

/* ---- monthly progress --------------------------------------------------------------------- */

/* The share of planned investment scheduled for a year (basis points) and how well the
 * project keeps to it (‰). 2017 ran hot: the article's 362 of 1678亿 in nine months. */
static void year_plan(const struct proj *p, int year, int *pct_bp, int *exec_pm)
{
    struct rng r;
    rng_init(&r, S_YEAR, p->key, (uint64_t)year);
    *pct_bp = year == 2017 ? rng_range(&r, 3500, 7500) : rng_range(&r, 1000, 4000);
    *exec_pm = rng_range(&r, 750, 1250);
}

/* The stage that makes month m a reporting month, or -1: signed and landed projects report,
 * producing ones for prod_months after 投产, paused and terminated ones do not. */
static int report_stage(const struct proj *p, int m)
{
    int st = stage_at(p, month_last_day(m));
    if (st == ST_SIGNED || st == ST_LANDED) return st;
    if (st == ST_PRODUCTION && m <= day_month(stage_day_n(p, ST_PRODUCTION, p->nev)) + p->prod_months) return st;
    return -1;
}

/* The report for month m in 万元, or -1 when there is none: the unit skipped it (about one
 * month in seventeen), or a producing project has nothing left to invest. Near the end of
 * the plan the amounts taper off (a quarter of what remains) rather than stop dead, so the
 * total never passes the plan. */
static int64_t month_amount(const struct proj *p, int m, int st, int64_t remaining)
{
    struct rng r;
    rng_init(&r, S_MONTH, p->key, (uint64_t)m);
    if (!rng_pm(&r, 940)) return -1;
    if (remaining <= 0) return st == ST_PRODUCTION ? -1 : 0;
    int jitter = rng_range(&r, 70, 130);
    int pct, exec;
    year_plan(p, m / 12, &pct, &exec);
    int factor = st == ST_SIGNED ? 95 : st == ST_LANDED ? 105 : 50;
    /* planned·pct/1e4·exec/1e3·factor/100·jitter/100 / 12; ≤ 1.5e6·6000·1250·105·130 < 2e17 */
    int64_t num = p->planned_wan * pct * exec * factor * jitter;
    const int64_t den = 10000LL * 1000 * 100 * 100 * 12;
    int64_t a = (num + den / 2) / den;
    int64_t taper = remaining <= 4 ? remaining : remaining / 4;
    return a > taper ? taper : a;
}

static void slots_init(struct world *w, struct proj *p)
{
    int s = stage_day_n(p, ST_SIGNED, p->ncut);
    if (p->skip || p->no_reports || s == NONE) return;
    p->first_month = day_month(s);
    p->n_slots = w->last_month - p->first_month + 1;
    p->amt = xmalloc((size_t)p->n_slots * sizeof *p->amt);
    for (int i = 0; i < p->n_slots; i++) p->amt[i] = -1;
}

/* Fills the report slots for months [from, to]. */
static void fill_months(struct proj *p, int from, int to)
{
    int64_t done = 0;
    for (int i = 0; i < p->n_slots && p->first_month + i < from; i++)
        if (p->amt[i] > 0) done += p->amt[i];
    for (int m = from < p->first_month ? p->first_month : from; m <= to; m++) {
        int i = m - p->first_month;
        if (i >= p->n_slots) break;
        int st = report_stage(p, m);
        p->amt[i] = st < 0 ? -1 : month_amount(p, m, st, p->planned_wan - done);
        if (p->amt[i] > 0) done += p->amt[i];
    }
}

/* bj-sy's 2017 reports scaled to 362亿 exactly. */
static int calibrate_done(struct world *w, dk_err *e)
{
    int cap = 0;
    for (int i = 0; i < w->n; i++)
        if (w->p[i].pairing == CAL_PAIRING) cap += w->p[i].n_slots;
    int64_t **v = xcalloc((size_t)cap + 1, sizeof *v);
    int n = 0;
    const int dec2017 = 2017 * 12 + 11;
    for (int i = 0; i < w->n; i++) {
        struct proj *p = &w->p[i];
        if (p->pairing != CAL_PAIRING) continue;
        for (int k = 0; k < p->n_slots && p->first_month + k <= dec2017; k++)
            if (p->amt[k] >= 0) v[n++] = &p->amt[k];
    }
    if (n > 0) scale_to_total(v, n, CAL_DONE_WAN);
    free(v);
    /* the scaled months must still fit inside each plan */
    for (int i = 0; i < w->n; i++) {
        struct proj *p = &w->p[i];
        if (p->pairing != CAL_PAIRING) continue;
        int64_t sum = 0;
        for (int k = 0; k < p->n_slots && p->first_month + k <= dec2017; k++)
            if (p->amt[k] > 0) sum += p->amt[k];
        if (sum > p->planned_wan)
            return err_set(e, DK_EINTERNAL, "demo_data", NULL, "演示数据校准失败：%s 的完成投资超过计划 (calibration overflow)", p->code);
    }
    return n > 0 ? DK_OK : err_set(e, DK_EINTERNAL, "demo_data", NULL, "演示数据校准失败 (no 2017 reports)");
}

/* Keyed by last_month: a few signed/landed projects have missed their latest 2–5 reports, so
 * the yellow and red "no report" warnings show. Never touches 2017. */
static void straggle(struct world *w, struct proj *p)
{
    if (!p->amt) return;
    int st = p->ev[p->ncut - 1].to;
    if (st != ST_SIGNED && st != ST_LANDED) return;
    struct rng r;
    rng_init(&r, S_STRAGGLE, p->key, (uint64_t)w->last_month);
    int x = rng_below(&r, 1000);
    int k = x < 60 ? 2 : x < 110 ? 3 : x < 140 ? rng_range(&r, 4, 5) : 0;
    for (int m = w->last_month - k + 1; m <= w->last_month; m++)
        if (m >= 2018 * 12 && m >= p->first_month) p->amt[m - p->first_month] = -1;
}

/* The annual plan for the year of last_month: the year's share (for the months left after
 * signing, when signed that year), no more than what remains. */
static void annual_plan(struct world *w, struct proj *p)
{
    int st = p->ev[p->ncut - 1].to;
    if (!p->amt || (st != ST_SIGNED && st != ST_LANDED)) return;
    int pct, exec;
    year_plan(p, w->last_year, &pct, &exec);
    int64_t done = 0;
    for (int i = 0; i < p->n_slots && p->first_month + i < w->last_year * 12; i++)
        if (p->amt[i] > 0) done += p->amt[i];
    int months = 12;
    if (p->first_month / 12 == w->last_year) months = 12 - p->first_month % 12;
    int64_t plan = (p->planned_wan * pct * months / 12 + 5000) / 10000;
    if (plan > p->planned_wan - done) plan = p->planned_wan - done;
    if (plan > 0) p->annual_plan_wan = plan;
}

static int build_reports(struct world *w, dk_err *e)
{
    const int dec2017 = 2017 * 12 + 11;
    for (int i = 0; i < w->n; i++) {
        slots_init(w, &w->p[i]);
        if (w->p[i].amt) fill_months(&w->p[i], 0, dec2017);
    }
    int rc = calibrate_done(w, e);
    if (rc != DK_OK) return rc;
    for (int i = 0; i < w->n; i++) {
        if (!w->p[i].amt) continue;
        fill_months(&w->p[i], dec2017 + 1, w->last_month);
        annual_plan(w, &w->p[i]);
        straggle(w, &w->p[i]);
    }
    return DK_OK;
}

/* ---- database helpers --------------------------------------------------------------------- */

/* Steps an INSERT … RETURNING id and releases the statement. */
static int step_id(db_stmt *s, int64_t *id, dk_err *e)
{
    int rc = db_step(s, e);
    if (rc == DB_ROW) {
        *id = db_col_int64(s, 0);
        rc = DK_OK;
    } else if (rc == DB_DONE) {
        rc = err_set(e, DK_EINTERNAL, "db_error", NULL, "插入未返回编号 (INSERT returned no id)");
    }
    db_done(s);
    return rc;
}

static int step_done(db_stmt *s, dk_err *e)
{
    int rc;
    while ((rc = db_step(s, e)) == DB_ROW) {}
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

static int64_t count_text(db *d, const char *sql, const char *a, const char *b, dk_err *e)
{
    db_stmt *s = db_prepare(d, sql, e);
    if (!s) return -1;
    db_bind_text(s, 1, a);
    if (b) db_bind_text(s, 2, b);
    int rc = db_step(s, e);
    int64_t n = rc == DB_ROW ? db_col_int64(s, 0) : -1;
    if (rc == DB_DONE) err_set(e, DK_EINTERNAL, "db_error", NULL, "计数查询无结果 (count returned no row)");
    db_done(s);
    return n;
}

static int need_region(db *d, const char *code, dk_err *e)
{
    int64_t n = count_text(d, "SELECT COUNT(*) FROM regions WHERE code = ?", code, NULL, e);
    if (n < 0) return e->status;
    if (n == 0)
        return err_set(e, DK_EINTERNAL, "demo_data", NULL, "演示数据引用的行政区划代码 %s 不存在 (unknown region code)", code);
    return DK_OK;
}

static int need_industry(db *d, const char *section, const char *division, dk_err *e)
{
    int64_t n = count_text(d, "SELECT COUNT(*) FROM industries WHERE code = ? AND section = ? AND level = 2",
                           division, section, e);
    if (n < 0) return e->status;
    if (n == 0)
        return err_set(e, DK_EINTERNAL, "demo_data", NULL, "演示数据引用的行业代码 %s/%s 不存在 (unknown industry)", section, division);
    return DK_OK;
}

/* Every code the tables use must be in the reference data, or the load stops here. */
static int check_reference(db *d, dk_err *e)
{
    int rc = DK_OK;
    for (int i = 0; rc == DK_OK && i < demo_n_pairings; i++) {
        const struct demo_pairing_def *def = &demo_pairings[i];
        rc = need_region(d, def->host, e);
        if (rc == DK_OK) rc = need_region(d, def->partner, e);
        for (int k = 0; rc == DK_OK && k < def->n_places; k++) rc = need_region(d, def->places[k].code, e);
        for (int k = 0; rc == DK_OK && k < def->n_origins; k++) rc = need_region(d, def->origins[k].code, e);
    }
    for (int i = 0; rc == DK_OK && i < demo_n_named; i++) {
        rc = need_region(d, demo_named_projects[i].investor_region, e);
        if (rc == DK_OK) rc = need_region(d, demo_named_projects[i].host_region, e);
        if (rc == DK_OK) rc = need_industry(d, demo_named_projects[i].section, demo_named_projects[i].division, e);
    }
    for (int i = 0; rc == DK_OK && i < demo_n_themes; i++) rc = need_industry(d, demo_themes[i].section, demo_themes[i].division, e);
    for (int i = 0; rc == DK_OK && i < demo_n_source_provinces; i++) rc = need_region(d, demo_source_provinces[i], e);
    for (int i = 0; rc == DK_OK && i < demo_n_sy_capital_2017; i++) rc = need_region(d, demo_sy_capital_2017[i].source, e);
    return rc;
}

/* ---- writing: pairings and units ---------------------------------------------------------- */

static int insert_unit(db *d, int64_t pairing_id, const char *side, const char *kind, const char *name, int order,
                       int64_t *id, dk_err *e)
{
    db_stmt *s = db_prepare(d,
        "INSERT INTO units (pairing_id, side, kind, name, sort_order) VALUES (?, ?, ?, ?, ?) RETURNING id", e);
    if (!s) return e->status;
    db_bind_int64(s, 1, pairing_id);
    db_bind_text(s, 2, side);
    db_bind_text(s, 3, kind);
    db_bind_text(s, 4, name);
    db_bind_int64(s, 5, order);
    return step_id(s, id, e);
}

static int insert_partner_units(db *d, int pi, int64_t pid, dk_err *e)
{
    const struct demo_pairing_def *def = &demo_pairings[pi];
    int64_t id;
    int rc = DK_OK, order = 100;
    if (pi == CAL_PAIRING) { /* the 2018 work plan's 32 Beijing units */
        for (int i = 0; rc == DK_OK && i < demo_n_beijing_units; i++)
            rc = insert_unit(d, pid, "partner", i < demo_n_beijing_depts ? "department" : "district",
                             demo_beijing_units[i], order++, &id, e);
        return rc;
    }
    const char *const *depts = def->province ? demo_partner_dept_province : demo_partner_dept_city;
    for (int i = 0; rc == DK_OK && i < demo_n_partner_dept; i++) {
        char name[128];
        snprintf(name, sizeof name, "%s%s", def->partner_name, depts[i]);
        rc = insert_unit(d, pid, "partner", "department", name, order++, &id, e);
    }
    for (int i = 0; rc == DK_OK && i < def->n_origins; i++)
        if (def->origins[i].gov) rc = insert_unit(d, pid, "partner", "district", def->origins[i].gov, order++, &id, e);
    return rc;
}

static int insert_pairing(db *d, struct world *w, int pi, dk_err *e)
{
    const struct demo_pairing_def *def = &demo_pairings[pi];
    struct pairing_rt *rt = &w->pr[pi];
    assert(def->n_places <= MAX_PLACES);
    db_stmt *s = db_prepare(d,
        "INSERT INTO pairings (code, name, programme, level, host_region, partner_region, start_date) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", e);
    if (!s) return e->status;
    db_bind_text(s, 1, def->code);
    db_bind_text(s, 2, def->name);
    db_bind_text(s, 3, demo_programme);
    db_bind_text(s, 4, def->level);
    db_bind_text(s, 5, def->host);
    db_bind_text(s, 6, def->partner);
    db_bind_text(s, 7, def->start);
    int rc = step_id(s, &rt->id, e);

    const char *const *depts = def->province ? demo_host_dept_province : demo_host_dept_city;
    for (int i = 0; rc == DK_OK && i < DEPT_COUNT; i++) {
        snprintf(rt->dept_name[i], sizeof rt->dept_name[i], "%s%s", def->host_name, depts[i]);
        rc = insert_unit(d, rt->id, "host", "department", rt->dept_name[i], i + 1, &rt->dept_id[i], e);
    }
    for (int i = 0; rc == DK_OK && i < def->n_places; i++)
        rc = insert_unit(d, rt->id, "host", "district", def->places[i].gov, 20 + i, &rt->place_id[i], e);
    if (rc == DK_OK) rc = insert_partner_units(d, pi, rt->id, e);
    return rc;
}

/* ---- writing: projects, their events, reports and problems -------------------------------- */

static const char *unit_name(const struct world *w, const struct proj *p)
{
    return p->unit_is_place ? demo_pairings[p->pairing].places[p->place].gov : w->pr[p->pairing].dept_name[p->dept];
}

static int64_t unit_id(const struct world *w, const struct proj *p)
{
    return p->unit_is_place ? w->pr[p->pairing].place_id[p->place] : w->pr[p->pairing].dept_id[p->dept];
}

static void bind_day(db_stmt *s, int idx, int day)
{
    char buf[11];
    if (day == NONE) {
        db_bind_null(s, idx);
        return;
    }
    day_str(day, buf);
    db_bind_text(s, idx, buf);
}

static void bind_month(db_stmt *s, int idx, int month)
{
    char buf[8];
    month_format(month, buf);
    db_bind_text(s, idx, buf);
}

static int insert_project_row(db *d, struct world *w, struct proj *p, dk_err *e)
{
    db_stmt *s = db_prepare(d,
        "INSERT INTO projects (code, name, investor, investor_region, host_region, industry_section, "
        "industry_division, pairing_id, unit_id, platform, content, planned_investment, agreed_capital, "
        "annual_plan, annual_plan_year, planned_start, planned_finish, national_code, stage, "
        "stage_before_pause, intention_date, signed_date, landed_date, production_date, version, "
        "created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id", e);
    if (!s) return e->status;
    const struct event *last = &p->ev[p->ncut - 1];
    int signed_day = stage_day_n(p, ST_SIGNED, p->ncut);
    char ts[24], nat[48];
    db_bind_text(s, 1, p->code);
    db_bind_text(s, 2, p->name);
    db_bind_text(s, 3, p->investor);
    db_bind_text(s, 4, p->investor_region);
    db_bind_text(s, 5, p->host_region);
    db_bind_text(s, 6, p->section);
    db_bind_text(s, 7, p->division);
    db_bind_int64(s, 8, w->pr[p->pairing].id);
    db_bind_int64(s, 9, unit_id(w, p));
    db_bind_text(s, 10, p->platform);
    db_bind_text(s, 11, p->content);
    db_bind_int64(s, 12, p->planned_wan * WAN);
    /* 协议引资额, national code and planned months exist once an agreement is signed */
    int is_signed = signed_day != NONE;
    db_bind_opt_int64(s, 13, is_signed && p->agreed_pm, (p->planned_wan * p->agreed_pm + 500) / 1000 * WAN);
    db_bind_opt_int64(s, 14, p->annual_plan_wan >= 0, p->annual_plan_wan * WAN);
    db_bind_opt_int64(s, 15, p->annual_plan_wan >= 0, w->last_year);
    if (is_signed) {
        int start = day_month(signed_day) + p->start_offset;
        bind_month(s, 16, start);
        bind_month(s, 17, start + p->finish_len);
    } else {
        db_bind_null(s, 16);
        db_bind_null(s, 17);
    }
    if (is_signed && p->national) {
        snprintf(nat, sizeof nat, "%04d-%.6s-%.2s-03-%06d", day_year(signed_day), p->host_region, p->division,
                 p->nat_serial);
        db_bind_text(s, 18, nat);
    } else {
        db_bind_null(s, 18);
    }
    db_bind_text(s, 19, STAGE_CODE[last->to]);
    if (last->to == ST_PAUSED) db_bind_text(s, 20, STAGE_CODE[last->from]);
    else db_bind_null(s, 20);
    for (int st = ST_INTENTION; st <= ST_PRODUCTION; st++) bind_day(s, 21 + st, stage_day_n(p, st, p->ncut));
    iso_at(p->ev[0].day, "09:00:00", ts);
    db_bind_text(s, 25, ts);
    iso_at(last->day, "09:00:00", ts);
    db_bind_text(s, 26, ts);
    return step_id(s, &p->db_id, e);
}

static int insert_events(db *d, struct proj *p, dk_err *e)
{
    int rc = DK_OK;
    for (int i = 0; rc == DK_OK && i < p->ncut; i++) {
        const struct event *ev = &p->ev[i];
        db_stmt *s = db_prepare(d,
            "INSERT INTO stage_events (project_id, from_stage, to_stage, event_date, actor, note, reason, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", e);
        if (!s) return e->status;
        char ts[24];
        db_bind_int64(s, 1, p->db_id);
        db_bind_text(s, 2, ev->from < 0 ? NULL : STAGE_CODE[ev->from]);
        db_bind_text(s, 3, STAGE_CODE[ev->to]);
        bind_day(s, 4, ev->day);
        db_bind_text(s, 5, ACTOR);
        db_bind_text(s, 6, ev->note);
        db_bind_text(s, 7, ev->reason);
        iso_at(ev->day, "09:00:00", ts);
        db_bind_text(s, 8, ts);
        rc = step_done(s, e);
    }
    return rc;
}

static int insert_reports(db *d, struct world *w, struct proj *p, dk_err *e)
{
    int rc = DK_OK;
    for (int i = 0; rc == DK_OK && i < p->n_slots; i++) {
        if (p->amt[i] < 0) continue;
        int m = p->first_month + i;
        db_stmt *s = db_prepare(d,
            "INSERT INTO progress_reports (project_id, month, amount, note, reported_by, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", e);
        if (!s) return e->status;
        char ts[24];
        iso_at(month_last_day(m), "08:00:00", ts); /* reported at the month's end (月调度) */
        db_bind_int64(s, 1, p->db_id);
        bind_month(s, 2, m);
        db_bind_int64(s, 3, p->amt[i] * WAN);
        db_bind_text(s, 4, p->amt[i] == 0 ? "本月无新增投资" : NULL);
        db_bind_text(s, 5, unit_name(w, p));
        db_bind_text(s, 6, ts);
        db_bind_text(s, 7, ts);
        rc = step_done(s, e);
        w->n_reports++;
    }
    return rc;
}

static int insert_problem(db *d, struct world *w, const struct proj *p, const struct demo_problem_type *t, int raised,
                          int state, int resolved, dk_err *e)
{
    static const char *const STATE[] = {"open", "assigned", "resolved"};
    db_stmt *s = db_prepare(d,
        "INSERT INTO problems (project_id, title, detail, raised_by, raised_date, assigned_unit_id, state, "
        "resolution, resolved_date, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
    if (!s) return e->status;
    char ts[24];
    db_bind_int64(s, 1, p->db_id);
    db_bind_text(s, 2, t->title);
    db_bind_text(s, 3, t->detail);
    db_bind_text(s, 4, unit_name(w, p));
    bind_day(s, 5, raised);
    db_bind_opt_int64(s, 6, state > 0, w->pr[p->pairing].dept_id[t->dept]);
    db_bind_text(s, 7, STATE[state]);
    db_bind_text(s, 8, state == 2 ? t->resolution : NULL);
    bind_day(s, 9, state == 2 ? resolved : NONE);
    iso_at(raised, "09:00:00", ts);
    db_bind_text(s, 10, ts);
    iso_at(state == 2 ? resolved : raised, "09:00:00", ts);
    db_bind_text(s, 11, ts);
    return step_done(s, e);
}

/* About one project in seven after signing raises a problem for coordination; old ones are
 * mostly resolved, recent ones assigned or still open. */
static int insert_problems(db *d, struct world *w, const struct proj *p, dk_err *e)
{
    int signed_day = stage_day_n(p, ST_SIGNED, p->ncut);
    if (signed_day == NONE) return DK_OK;
    int term = stage_day_n(p, ST_TERMINATED, p->nev);
    struct rng r;
    rng_init(&r, S_PROBLEM, p->key, 0);
    int n = rng_pm(&r, 150) ? (rng_pm(&r, 200) ? 2 : 1) : 0;
    int rc = DK_OK;
    for (int i = 0; rc == DK_OK && i < n; i++) {
        const struct demo_problem_type *t = &demo_problem_types[rng_below(&r, demo_n_problem_types)];
        int raised = signed_day + rng_range(&r, 10, 400);
        int resolved = raised + rng_range(&r, 15, 240);
        int roll = rng_below(&r, 1000);
        if (raised > w->end_day || (term != NONE && raised >= term)) continue;
        int state = resolved <= w->end_day ? (roll < 50 ? 1 : roll < 80 ? 0 : 2) : (roll < 500 ? 1 : 0);
        rc = insert_problem(d, w, p, t, raised, state, resolved, e);
    }
    return rc;
}

static int insert_projects(db *d, struct world *w, dk_err *e)
{
    int rc = DK_OK;
    for (int i = 0; rc == DK_OK && i < w->n; i++) {
        struct proj *p = &w->p[i];
        if (p->skip) continue;
        rc = insert_project_row(d, w, p, e);
        if (rc == DK_OK) rc = insert_events(d, p, e);
        if (rc == DK_OK && p->amt) rc = insert_reports(d, w, p, e);
        if (rc == DK_OK) rc = insert_problems(d, w, p, e);
        w->n_projects++;
    }
    return rc;
}

/* ---- writing: month closures, capital statistics, audit ----------------------------------- */

/* Every month from the pairing's start up to the one before last_month is closed. */
static int insert_closures(db *d, struct world *w, dk_err *e)
{
    int rc = DK_OK;
    for (int pi = 0; rc == DK_OK && pi < demo_n_pairings; pi++) {
        for (int m = day_month(day_parse(demo_pairings[pi].start)); rc == DK_OK && m < w->last_month; m++) {
            db_stmt *s = db_prepare(d, "INSERT INTO month_closures (pairing_id, month, closed_by, closed_at) VALUES (?, ?, ?, ?)", e);
            if (!s) return e->status;
            char ts[24];
            iso_at(month_last_day(m) + 10, "08:00:00", ts);
            db_bind_int64(s, 1, w->pr[pi].id);
            bind_month(s, 2, m);
            db_bind_text(s, 3, ACTOR);
            db_bind_text(s, 4, ts);
            rc = step_done(s, e);
        }
    }
    return rc;
}

static int insert_capital(db *d, const char *host, int year, const char *source, int64_t wan, dk_err *e)
{
    db_stmt *s = db_prepare(d, "INSERT INTO capital_stats (host_region, year, source_region, amount) VALUES (?, ?, ?, ?)", e);
    if (!s) return e->status;
    db_bind_text(s, 1, host);
    db_bind_int64(s, 2, year);
    db_bind_text(s, 3, source);
    db_bind_int64(s, 4, wan * WAN);
    return step_done(s, e);
}

/* A pairing's completed investment in a year (through last_month), 万元. */
static int64_t pairing_done(const struct world *w, int pi, int year)
{
    int64_t sum = 0;
    for (int i = 0; i < w->n; i++) {
        const struct proj *p = &w->p[i];
        if (p->pairing != pi || !p->amt) continue;
        for (int k = 0; k < p->n_slots; k++)
            if (p->amt[k] > 0 && (p->first_month + k) / 12 == year) sum += p->amt[k];
    }
    return sum;
}

/* Whether source may be listed among host's other sources: not the host's own province, not
 * the partner, nor the province the partner city lies in. */
static int other_source_ok(const struct demo_pairing_def *def, const char *src)
{
    return strncmp(src, def->host, 2) != 0 && strncmp(src, def->partner, 2) != 0;
}

/* Introduced capital by source province: the partner's row is the pairing's completed
 * investment that year; the other rows are drawn (Shenyang 2017 is the article's figures).
 * The year of last_month holds the months so far. */
static int insert_capital_stats(db *d, struct world *w, dk_err *e)
{
    int rc = DK_OK;
    int64_t sy_other = 0;
    for (int i = 0; i < demo_n_sy_capital_2017; i++) sy_other += demo_sy_capital_2017[i].wan;
    if (sy_other + CAL_DONE_WAN != CAL_CAPITAL_WAN)
        return err_set(e, DK_EINTERNAL, "demo_data", NULL, "沈阳2017年引资数据不平 (capital table does not add up)");
    for (int pi = 0; rc == DK_OK && pi < demo_n_pairings; pi++) {
        const struct demo_pairing_def *def = &demo_pairings[pi];
        for (int y = 2017; rc == DK_OK && y <= w->last_year; y++) {
            int months = y < w->last_year ? 12 : w->last_month % 12 + 1;
            if (pi == CAL_PAIRING && y == 2017) {
                rc = insert_capital(d, def->host, y, def->partner, CAL_DONE_WAN, e);
                for (int i = 0; rc == DK_OK && i < demo_n_sy_capital_2017; i++)
                    rc = insert_capital(d, def->host, y, demo_sy_capital_2017[i].source, demo_sy_capital_2017[i].wan, e);
                continue;
            }
            int64_t own = pairing_done(w, pi, y);
            if (own > 0) rc = insert_capital(d, def->host, y, def->partner, own, e);
            struct rng r;
            rng_init(&r, S_CAPITAL, (uint64_t)pi, (uint64_t)y);
            for (int i = 0; rc == DK_OK && i < demo_n_source_provinces; i++) {
                const char *src = demo_source_provinces[i];
                int grow = rng_range(&r, 800, 1300), keep = rng_pm(&r, 650);
                if (!other_source_ok(def, src)) continue;
                int64_t base;
                if (pi == CAL_PAIRING) { /* Shenyang: the 2017 table grown year by year */
                    base = 0;
                    for (int k = 0; k < demo_n_sy_capital_2017; k++)
                        if (strcmp(demo_sy_capital_2017[k].source, src) == 0) base = demo_sy_capital_2017[k].wan;
                    if (!base) continue;
                } else { /* other hosts: a stable size per source, present most years */
                    struct rng rb;
                    rng_init(&rb, S_CAPITAL, (uint64_t)pi << 8 | 0xFF, (uint64_t)i);
                    base = rng_range(&rb, 20000, 900000);
                    if (!keep) continue;
                }
                int64_t v = base * grow / 1000 * months / 12;
                if (v > 0) rc = insert_capital(d, def->host, y, src, v, e);
            }
        }
    }
    return rc;
}

/* The load is one audited change, chained like every other (its time is when it was loaded). */
static int insert_audit(db *d, struct world *w, dk_err *e)
{
    char ym[8];
    month_format(w->last_month, ym);
    json_t *detail = json_pack("{s:s, s:i, s:i}", "last_month", ym, "projects", w->n_projects, "reports", w->n_reports);
    static const struct actor system_actor = {"system", ROLE_ADMIN, 0, NULL, 0, NULL, 0, 0};
    int rc = audit_append(d, &system_actor, "demo.load", "demo", 0, detail, e);
    json_decref(detail);
    return rc;
}

/* ---- the whole load ----------------------------------------------------------------------- */

static void build_world(struct world *w)
{
    for (int pi = 0; pi < demo_n_pairings; pi++)
        for (int y = 2017; y <= w->last_year; y++) gen_cohort(w, pi, y);
    calibrate_planned(w);
}

static int write_world(db *d, struct world *w, dk_err *e)
{
    int rc = DK_OK;
    for (int pi = 0; rc == DK_OK && pi < demo_n_pairings; pi++) rc = insert_pairing(d, w, pi, e);
    if (rc == DK_OK) rc = insert_projects(d, w, e);
    if (rc == DK_OK) rc = insert_closures(d, w, e);
    if (rc == DK_OK) rc = insert_capital_stats(d, w, e);
    if (rc == DK_OK) rc = insert_audit(d, w, e);
    if (rc == DK_OK) rc = demo_plans_load(d, e);
    return rc;
}

int demo_load(db *d, int last_month, dk_err *e)
{
    if (last_month < 2018 * 12 || last_month > 2099 * 12 + 11)
        return err_set(e, DK_EINVAL, "invalid_field", "last_month",
                       "演示数据的截止月份应在 2018-01 至 2099-12 之间 (last month must be 2018-01..2099-12)");
    assert(demo_n_pairings <= MAX_PAIRINGS);
    int rc = db_begin_write(d, e);
    if (rc != DK_OK) return rc;
    int64_t n = db_int64(d, "SELECT COUNT(*) FROM pairings", -1, 0);
    if (n != 0) {
        db_rollback(d);
        if (n < 0) return err_set(e, DK_EINTERNAL, "db_error", NULL, "无法读取结对关系 (cannot read pairings)");
        return err_set(e, DK_ECONFLICT, "demo_loaded", NULL, "演示数据已加载，或数据库中已有结对关系 (demo data already loaded)");
    }
    rc = check_reference(d, e);
    if (rc != DK_OK) {
        db_rollback(d);
        return rc;
    }

    struct world w;
    memset(&w, 0, sizeof w);
    w.last_month = last_month;
    w.last_year = last_month / 12;
    w.end_day = month_last_day(last_month);
    build_world(&w);
    rc = build_reports(&w, e);
    if (rc == DK_OK) rc = write_world(d, &w, e);
    world_free(&w);
    if (rc != DK_OK) {
        db_rollback(d);
        return rc;
    }
    return db_commit(d, e);
}
