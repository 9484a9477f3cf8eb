/*
 * report.c — the summary report. One query reads each project in scope with its stage on the
 * as-of date and its completed investment; the breakdowns are tallied here in C with exact
 * integer sums. Percentages are basis points (integers); the text form is for people.
 */
#include "service/report.h"
#include "service/memo.h"
#include "core/money.h"
#include "core/warning.h"
#include "service/warnings.h"
#include "store/projects.h"
#include "store/query.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"
#include <string.h>

void report_defaults(struct report_params *p, int year_given, int as_of_given)
{
    dk_date today = date_today();
    if (!year_given) p->year = as_of_given ? p->as_of.y : today.y;
    if (!as_of_given) {
        dk_date end = {p->year, 12, 31};
        p->as_of = date_to_days(&end) < date_to_days(&today) ? end : today;
    }
}

/* A tally keyed by text (industry section, region code, year, stage). */
struct bucket {
    char key[16];
    int64_t count, planned, completed;
};

struct tally {
    struct bucket *b;
    size_t n, cap;
};

static struct bucket *tally_get(struct tally *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->b[i].key, key) == 0) return &t->b[i];
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->b = xrealloc(t->b, t->cap * sizeof *t->b);
    }
    struct bucket *b = &t->b[t->n++];
    memset(b, 0, sizeof *b);
    snprintf(b->key, sizeof b->key, "%s", key);
    return b;
}

/* Adds to a running sum; sets *overflow instead of wrapping (amounts are capped per record, so
 * this needs more than 900,000 records at the cap). */
static void add(int64_t *sum, int64_t v, int *overflow)
{
    if (__builtin_add_overflow(*sum, v, sum)) *overflow = 1;
}

static void tally_add(struct tally *t, const char *key, int64_t planned, int64_t completed, int *overflow)
{
    struct bucket *b = tally_get(t, key);
    b->count++;
    add(&b->planned, planned, overflow);
    add(&b->completed, completed, overflow);
}

static int by_planned_desc(const void *a, const void *b)
{
    const struct bucket *x = a, *y = b;
    if (x->planned != y->planned) return x->planned < y->planned ? 1 : -1;
    return strcmp(x->key, y->key);
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const struct bucket *)a)->key, ((const struct bucket *)b)->key);
}

/* The tally as a JSON array; names looked up with name_sql (one '?' for the key) if given. */
static json_t *tally_json(db *d, struct tally *t, const char *name_sql, int sort_by_key)
{
    if (t->n > 1) qsort(t->b, t->n, sizeof *t->b, sort_by_key ? by_key : by_planned_desc); /* an empty tally's b is NULL */
    json_t *arr = json_array();
    for (size_t i = 0; i < t->n; i++) {
        struct bucket *b = &t->b[i];
        json_t *name = json_null();
        if (name_sql) {
            db_stmt *s = db_prepare(d, name_sql, NULL);
            if (s) {
                db_bind_text(s, 1, b->key);
                if (db_step(s, NULL) == DB_ROW) name = json_string(db_col_text(s, 0));
                db_done(s);
            }
        }
        json_array_append_new(arr, json_pack("{s:s, s:o, s:I, s:I, s:I}", "key", b->key, "name", name, "count",
                                             (json_int_t)b->count, "planned_investment", (json_int_t)b->planned,
                                             "completed_investment", (json_int_t)b->completed));
    }
    free(t->b);
    t->b = NULL;
    t->n = t->cap = 0;
    return arr;
}

/* "1678亿元" / "362亿元" / "5.25亿元": 亿元 with at most two decimals, trailing zeros dropped. */
static void yi_text(int64_t yuan, char *buf, size_t n)
{
    char num[40];
    money_format(yuan, MONEY_YI, 2, num, sizeof num);
    char *dot = strchr(num, '.');
    if (dot) {
        char *end = num + strlen(num) - 1;
        while (end > dot && *end == '0') *end-- = '\0';
        if (end == dot) *end = '\0';
    }
    snprintf(buf, n, "%s亿元", num);
}

/* "23.4%": basis points with one decimal of a percent. */
static void pct_text(int64_t bp, char *buf, size_t n)
{
    int64_t tenths = (bp + (bp >= 0 ? 5 : -5)) / 10;
    snprintf(buf, n, "%lld.%lld%%", (long long)(tenths / 10), (long long)(tenths < 0 ? -tenths % 10 : tenths % 10));
}

struct scope_row {
    enum stage stage;       /* on the as-of date */
    int64_t planned, done, done_year;
};

static int capital_json(db *d, const char *host, const char *partner, int year, int64_t done_year, json_t **out, dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT source_region, amount FROM capital_stats WHERE host_region = ? AND year = ?", e);
    if (!s) return e->status;
    db_bind_text(s, 1, host);
    db_bind_int64(s, 2, year);
    int64_t total = 0, sources = 0, above = 0;
    int rc;
    while ((rc = db_step(s, e)) == DB_ROW) {
        total += db_col_int64(s, 1);
        sources++;
        if (strcmp(db_col_text(s, 0), partner) != 0 && db_col_int64(s, 1) > done_year) above++;
    }
    db_done(s);
    if (rc < 0) return rc;
    if (!sources) {
        *out = json_null();
        return DK_OK;
    }
    *out = json_pack("{s:s, s:s, s:i, s:I, s:I, s:I, s:I}", "host_region", host, "source_region", partner, "year", year,
                     "total", (json_int_t)total, "share_bp", (json_int_t)money_ratio_bp(done_year, total), "rank",
                     (json_int_t)(above + 1), "sources", (json_int_t)sources);
    return DK_OK;
}

json_t *report_summary(db *d, const struct report_params *p, dk_err *e)
{
    char as_of[11], as_of_month[8], year_start[8], pairing_name[256] = "", host[8] = "", partner[8] = "";
    date_format(&p->as_of, as_of);
    month_format(date_month_index(&p->as_of), as_of_month);
    snprintf(year_start, sizeof year_start, "%04d-01", p->year);
    char year_end[8], as_of_year_start[8];
    snprintf(as_of_year_start, sizeof as_of_year_start, "%04d-01", p->as_of.y);
    snprintf(year_end, sizeof year_end, "%04d-12", p->year);
    json_t *out = NULL;
    struct warning_rules rules;
    struct tally by_stage = {0}, by_industry = {0}, by_origin = {0}, by_county = {0}, by_year = {0};
    if (db_begin_read(d, e) != DK_OK) return NULL;
    /* the same question about the same data has the same answer: remembered (service/memo.h) */
    char data_state[MEMO_STATE_LEN], memo_key[160];
    snprintf(memo_key, sizeof memo_key, "summary\x1f%s\x1f%d\x1f%s", p->pairing ? p->pairing : "", p->year, as_of);
    if (memo_state(d, data_state, e) != DK_OK) goto done;
    if ((out = memo_get(memo_key, data_state))) goto done;
    if (warnings_load(d, &rules, e) != DK_OK) goto done;
    if (p->pairing) {
        db_stmt *s = db_prepare(d, "SELECT name, host_region, partner_region FROM pairings WHERE code = ?", e);
        if (!s) goto done;
        db_bind_text(s, 1, p->pairing);
        int rc = db_step(s, e);
        if (rc == DB_ROW) {
            snprintf(pairing_name, sizeof pairing_name, "%s", db_col_text(s, 0));
            snprintf(host, sizeof host, "%s", db_col_text(s, 1));
            snprintf(partner, sizeof partner, "%s", db_col_text(s, 2));
        }
        db_done(s);
        if (rc != DB_ROW) {
            if (rc == DB_DONE) err_set(e, DK_ENOTFOUND, "not_found", "pairing", "对口合作关系 %.40s 不存在 (no such pairing)", p->pairing);
            goto done;
        }
    }

    struct query q;
    /* columns 5–7: when the project first reached signed, landed, production (for the funnel) */
    query_init(&q, "SELECT p.planned_investment, p.industry_section, p.investor_region, p.host_region, "
                   "substr(p.intention_date, 1, 4), ");
    query_text(&q, "(SELECT MIN(e.event_date) FROM stage_events e WHERE e.project_id = p.id AND e.to_stage = 'signed' "
                   "AND e.event_date <= ?), ", as_of);
    query_text(&q, "(SELECT MIN(e.event_date) FROM stage_events e WHERE e.project_id = p.id AND e.to_stage = 'landed' "
                   "AND e.event_date <= ?), ", as_of);
    query_text(&q, "(SELECT MIN(e.event_date) FROM stage_events e WHERE e.project_id = p.id AND e.to_stage = 'production' "
                   "AND e.event_date <= ?), ", as_of);
    query_sql(&q, "p.planned_start, p.annual_plan, p.annual_plan_year, p.id, p.intention_date, ");
    query_text(&q, "COALESCE((SELECT SUM(r.amount) FROM progress_reports r WHERE r.project_id = p.id AND r.month <= ?), 0), ",
               as_of_month);
    query_text(&q, "COALESCE((SELECT SUM(r.amount) FROM progress_reports r WHERE r.project_id = p.id AND r.month >= ?",
               year_start);
    query_text(&q, " AND r.month <= ?), 0), ", strcmp(as_of_month, year_end) < 0 ? as_of_month : year_end);
    query_text(&q, "COALESCE((SELECT SUM(r.amount) FROM progress_reports r WHERE r.project_id = p.id AND r.month >= ?",
               as_of_year_start);
    query_text(&q, " AND r.month <= ?), 0), ", as_of_month);
    query_text(&q, "(SELECT MAX(r.month) FROM progress_reports r WHERE r.project_id = p.id AND r.month <= ?) ", as_of_month);
    query_sql(&q, "FROM projects p JOIN pairings pa ON pa.id = p.pairing_id");
    query_text(&q, " WHERE p.intention_date <= ?", as_of);
    if (p->pairing) query_text(&q, " AND pa.code = ?", p->pairing);
    db_stmt *s = query_prepare(&q, d, e);
    query_free(&q);
    if (!s) goto done;

    /* completed investment by month of the year, up to the as-of month: the same reports as
     * completed_in_year, so the months add up to it */
    const char *months_end = strcmp(as_of_month, year_end) < 0 ? as_of_month : year_end;
    static const char MONTHS_SQL[] = "SELECT month, amount FROM progress_reports WHERE project_id = ? AND month >= ? "
                                     "AND month <= ?";
    int64_t by_month[12] = {0};
    int64_t colours[3] = {0}, reached[STAGE_ACTIVE_COUNT] = {0};
    int64_t n_projects = 0, planned = 0, completed = 0, completed_year = 0;
    int overflow = 0;
    int rc;
    while ((rc = db_step(s, e)) == DB_ROW) {
        /* the stage as it stood on the as-of date, replayed from the stage history */
        struct stage_state state;
        memset(&state, 0, sizeof state);
        dk_err se;
        err_clear(&se);
        int src = store_stage_as_of(d, db_col_int64(s, 11), as_of, &state, &se);
        if (src == DK_ENOTFOUND) continue; /* no stage yet on that date */
        if (src != DK_OK) {
            if (e) *e = se;
            rc = src;
            break;
        }
        int st = (int)state.stage;
        if (st == STAGE_TERMINATED) continue;
        int64_t pl = db_col_int64(s, 0), done = db_col_int64(s, 13), done_stat = db_col_int64(s, 14);
        n_projects++;
        add(&planned, pl, &overflow);
        add(&completed, done, &overflow);
        add(&completed_year, done_stat, &overflow);
        tally_add(&by_stage, stage_code((enum stage)st), pl, done, &overflow);
        tally_add(&by_industry, db_col_text(s, 1), pl, done, &overflow);
        char origin[8];
        snprintf(origin, sizeof origin, "%.2s0000", db_col_text(s, 2));
        tally_add(&by_origin, origin, pl, done, &overflow);
        tally_add(&by_county, db_col_text(s, 3), pl, done, &overflow);
        tally_add(&by_year, db_col_text(s, 4), pl, done, &overflow);
        db_stmt *ms = db_prepare(d, MONTHS_SQL, e);
        if (!ms) {
            rc = e ? e->status : DK_EINTERNAL;
            break;
        }
        db_bind_int64(ms, 1, db_col_int64(s, 11));
        db_bind_text(ms, 2, year_start);
        db_bind_text(ms, 3, months_end);
        int mrc;
        while ((mrc = db_step(ms, e)) == DB_ROW) {
            const char *m = db_col_text(ms, 0);
            int mon = m && strlen(m) == 7 ? (m[5] - '0') * 10 + (m[6] - '0') : 0;
            if (mon >= 1 && mon <= 12) add(&by_month[mon - 1], db_col_int64(ms, 1), &overflow);
        }
        db_done(ms);
        if (mrc < 0) {
            rc = mrc;
            break;
        }
        reached[STAGE_INTENTION]++;
        for (int k = STAGE_SIGNED; k < STAGE_ACTIVE_COUNT; k++) {
            const char *dt = db_col_text(s, 4 + k);
            if (dt && strcmp(dt, as_of) <= 0) reached[k]++;
        }
        /* the warning colour as it stood on the as-of date */
        struct project_row row;
        memset(&row, 0, sizeof row);
        row.p.st = state;
        row.p.planned_start = (char *)db_col_text(s, 8);
        row.p.annual_plan.has = !db_col_is_null(s, 9);
        row.p.annual_plan.v = db_col_int64(s, 9);
        row.p.annual_plan_year.has = !db_col_is_null(s, 10);
        row.p.annual_plan_year.v = db_col_int64(s, 10);
        row.done_in_year = db_col_int64(s, 15);
        const char *lm = db_col_text(s, 16);
        row.last_report_month = lm ? month_parse(lm) : -1;
        struct warning_result w;
        warnings_eval_row(&rules, &row, &p->as_of, &w);
        colours[w.colour]++;
    }
    db_done(s);
    if (rc < 0) goto done;
    if (overflow) {
        err_set(e, DK_EINTERNAL, "overflow", "", "汇总金额超出范围 (totals out of range)");
        goto done;
    }

    json_t *capital = json_null();
    if (p->pairing && capital_json(d, host, partner, p->year, completed_year, &capital, e) != DK_OK) goto done;

    json_t *funnel = json_array();
    for (int k = 0; k < STAGE_ACTIVE_COUNT; k++)
        json_array_append_new(funnel, json_pack("{s:s, s:s, s:I, s:I}", "stage", stage_code((enum stage)k), "name",
                                                stage_name((enum stage)k), "reached", (json_int_t)reached[k],
                                                "conversion_bp", (json_int_t)(k ? money_ratio_bp(reached[k], reached[k - 1]) : 10000)));
    json_t *stages = tally_json(d, &by_stage, NULL, 0);
    size_t i;
    json_t *v;
    json_array_foreach(stages, i, v) {
        json_object_set_new(v, "stage", json_string(json_string_value(json_object_get(v, "key"))));
        json_object_set_new(v, "name", json_string(stage_name((enum stage)stage_parse(json_string_value(json_object_get(v, "key"))))));
    }
    json_t *by_colour = json_array();
    for (int c = 0; c < 3; c++)
        json_array_append_new(by_colour, json_pack("{s:s, s:s, s:I}", "colour", colour_code((enum colour)c), "name",
                                                   colour_name((enum colour)c), "count", (json_int_t)colours[c]));

    char t_planned[48], t_completed[48], t_share[32] = "", t_rate[32];
    yi_text(planned, t_planned, sizeof t_planned);
    yi_text(completed, t_completed, sizeof t_completed);
    int64_t rate_bp = money_ratio_bp(completed, planned);
    pct_text(rate_bp, t_rate, sizeof t_rate);
    sbuf summary;
    sb_init(&summary, 4096);
    sb_printf(&summary, "%s%s截至 %s：实施合作项目 %lld 个，计划总投资 %s，累计完成投资 %s", pairing_name,
              *pairing_name ? " " : "", as_of, (long long)n_projects, t_planned, t_completed);
    if (json_is_object(capital)) {
        pct_text(json_integer_value(json_object_get(capital, "share_bp")), t_share, sizeof t_share);
        sb_printf(&summary, "，%d 年完成投资占当地引进外省市资金的 %s，位列各地区第 %lld 位", p->year, t_share,
                  (long long)json_integer_value(json_object_get(capital, "rank")));
    }
    sb_puts(&summary, "。");

    out = json_pack("{s:o, s:i, s:s}", "pairing",
                    p->pairing ? json_pack("{s:s, s:s}", "code", p->pairing, "name", pairing_name) : json_null(),
                    "year", p->year, "as_of", as_of);
    json_object_set_new(out, "headline",
                        json_pack("{s:I, s:I, s:I, s:I, s:I, s:o}", "projects", (json_int_t)n_projects, "planned_investment",
                                  (json_int_t)planned, "completed_investment", (json_int_t)completed, "completed_in_year",
                                  (json_int_t)completed_year, "completion_rate_bp", (json_int_t)rate_bp, "capital", capital));
    json_object_set_new(out, "text", json_pack("{s:s, s:s, s:s, s:s, s:s}", "planned", t_planned, "completed", t_completed,
                                               "completion_rate", t_rate, "share", t_share, "summary", sb_str(&summary)));
    sb_free(&summary);
    json_object_set_new(out, "by_stage", stages);
    json_object_set_new(out, "funnel", funnel);
    json_object_set_new(out, "by_industry", tally_json(d, &by_industry, "SELECT name FROM industries WHERE code = ?", 0));
    json_object_set_new(out, "by_origin", tally_json(d, &by_origin, "SELECT name FROM regions WHERE code = ?", 0));
    json_object_set_new(out, "by_county", tally_json(d, &by_county, "SELECT name FROM regions WHERE code = ?", 0));
    json_object_set_new(out, "by_year", tally_json(d, &by_year, NULL, 1));
    json_object_set_new(out, "by_colour", by_colour);
    json_t *months = json_array();
    for (int m = 1; m <= 12; m++) {
        char key[32];
        snprintf(key, sizeof key, "%04d-%02d", p->year, m);
        if (strcmp(key, months_end) > 0) break;
        json_array_append_new(months, json_pack("{s:s, s:I}", "month", key, "completed_investment", (json_int_t)by_month[m - 1]));
    }
    json_object_set_new(out, "by_month", months);
    memo_put(memo_key, data_state, out);
done:
    free(by_stage.b);
    free(by_industry.b);
    free(by_origin.b);
    free(by_county.b);
    free(by_year.b);
    db_rollback(d);
    return out;
}
