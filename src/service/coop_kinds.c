/*
 * coop_kinds.c — the cooperation records as record kinds: meetings and events (高层会商, 座谈,
 * 对接会, 签约仪式) with attendees, decisions and the projects signed there; cadre and talent
 * exchanges (干部人才交流); platforms (合作平台) with their projects' totals; and supply-demand
 * matching (产需对接).
 */
#include "service/kinds.h"
#include "store/rows.h"
#include <string.h>

static const char *const MEETING_KINDS[] = {"consultation", "forum", "matchmaking", "signing", "other", NULL};

static const struct rec_field ATTENDEE_FIELDS[] = {
    FLD_TEXT("name", "姓名", RF_REQUIRED, 100),
    FLD_TEXT("title", "职务", 0, 200),
    FLD_ENUM("side", "所属方", RF_REQUIRED, kind_sides),
    FLD_END,
};
static const struct rec_field DECISION_FIELDS[] = {
    FLD_TEXT("text", "议定事项", RF_REQUIRED, 2000),
    FLD_END,
};
static const struct rec_field MEETING_FIELDS[] = {
    FLD_ENUM("kind", "会议类型", RF_REQUIRED, MEETING_KINDS),
    FLD_TEXT("title", "会议名称", RF_REQUIRED, 300),
    FLD_DATE("meeting_date", "会议日期", RF_REQUIRED),
    FLD_TEXT("place", "地点", 0, 300),
    FLD_TEXT("summary", "会议纪要", 0, 8000),
    FLD_ROWS("attendees", "出席人员", "meeting_attendees", "meeting_id", ATTENDEE_FIELDS),
    FLD_ROWS("decisions", "议定事项", "meeting_decisions", "meeting_id", DECISION_FIELDS),
    FLD_IDS("project_ids", "签约项目", "projects", "meeting_projects", "meeting_id", "project_id"),
    FLD_END,
};
static const char *const MEETING_FILTERS[] = {"kind", NULL};

/* Signed projects only at a signing ceremony; a decision that work items carry out keeps its
 * number and text (items name decisions by number). */
static int meeting_check(db *d, const struct actor *who, json_t *rec, int creating, dk_err *e)
{
    json_t *ids = json_object_get(rec, "project_ids");
    if (json_array_size(ids) > 0 && strcmp(json_string_value(json_object_get(rec, "kind")), "signing") != 0)
        return err_set(e, DK_ERULE, "not_a_signing", "project_ids", "只有签约仪式可以列出签约项目 (only a signing ceremony lists signed projects)");
    if (creating) return DK_OK;
    db_stmt *s = db_prepare(d, "SELECT DISTINCT d.seq, d.text FROM work_items w JOIN meeting_decisions d ON d.meeting_id = w.meeting_id "
                               "AND d.seq = w.decision_seq WHERE w.meeting_id = ? ORDER BY d.seq", e);
    if (!s) return e->status;
    db_bind_int64(s, 1, json_integer_value(json_object_get(rec, "id")));
    json_t *decisions = json_object_get(rec, "decisions");
    int rc;
    while ((rc = db_step(s, e)) == DB_ROW) {
        int64_t seq = db_col_int64(s, 0);
        json_t *now = seq >= 1 ? json_array_get(decisions, (size_t)(seq - 1)) : NULL;
        const char *text = json_string_value(json_object_get(now, "text"));
        if (!text || strcmp(text, db_col_text(s, 1)) != 0) {
            rc = err_set(e, DK_ERULE, "decision_has_items", "decisions", "第 %lld 项议定事项已形成工作事项，不能删除、移动或改写 (decision %lld is carried out by work items)",
                         (long long)seq, (long long)seq);
            break;
        }
    }
    db_done(s);
    return rc < 0 ? rc : DK_OK;
}

/* A meeting's total signed investment. */
static void signed_row(db_stmt *s, size_t i, void *arg)
{
    json_object_set_new(json_array_get(arg, i), "signed_total", json_integer(db_col_int64(s, 1)));
}

/* A work item made from a meeting's decision, added to that decision's list. */
static void decision_item_row(db_stmt *s, size_t i, void *arg)
{
    int64_t seq = db_col_int64(s, 1);
    size_t k;
    json_t *dec;
    json_array_foreach(json_object_get(json_array_get(arg, i), "decisions"), k, dec) {
        if (json_integer_value(json_object_get(dec, "seq")) != seq) continue;
        json_array_append_new(json_object_get(dec, "work_items"), row_object_from(s, 2));
        break;
    }
}

/* The signed count and total, and for each decision the work items made from it, of a page
 * of meetings. */
static int meeting_decorate(db *d, json_t *recs, const int64_t *ids, const dk_date *as_of, dk_err *e)
{
    size_t i, k, n = json_array_size(recs);
    json_t *rec, *dec;
    json_array_foreach(recs, i, rec) {
        json_object_set_new(rec, "signed_count", json_integer((json_int_t)json_array_size(json_object_get(rec, "project_ids"))));
        json_object_set_new(rec, "signed_total", json_integer(0));
        json_array_foreach(json_object_get(rec, "decisions"), k, dec) json_object_set_new(dec, "work_items", json_array());
    }
    int rc = rows_by_ids(d, "SELECT m.meeting_id, COALESCE(SUM(p.planned_investment), 0) FROM meeting_projects m JOIN projects p ON p.id = m.project_id "
                            "WHERE m.meeting_id IN (" ROWS_CHUNK_MARKS ") GROUP BY m.meeting_id", ids, n, NULL, signed_row, recs, e);
    if (rc != DK_OK) return rc;
    return rows_by_ids(d, "SELECT meeting_id, decision_seq, id, code, title FROM work_items WHERE meeting_id IN (" ROWS_CHUNK_MARKS ") "
                          "AND decision_seq IS NOT NULL ORDER BY meeting_id, decision_seq, id", ids, n, NULL, decision_item_row, recs, e);
}

const struct rec_kind kind_meetings = {"meetings", "meetings", "meeting", "会议活动", MEETING_FIELDS, "t.meeting_date DESC, t.id DESC",
                                       MEETING_FILTERS, 0, meeting_check, meeting_decorate, NULL};

static const char *const EXCHANGE_KINDS[] = {"secondment", "training", "visit", NULL};
static const struct rec_field EXCHANGE_FIELDS[] = {
    FLD_TEXT("person", "姓名", RF_REQUIRED, 100),
    FLD_ENUM("from_side", "派出方", RF_REQUIRED, kind_sides),
    FLD_TEXT("from_unit", "派出单位", RF_REQUIRED, 200),
    FLD_TEXT("to_unit", "接收单位", RF_REQUIRED, 200),
    FLD_ENUM("kind", "交流方式", RF_REQUIRED, EXCHANGE_KINDS),
    FLD_DATE("start_date", "开始日期", RF_REQUIRED),
    FLD_DATE("end_date", "结束日期", 0),
    FLD_TEXT("note", "备注", 0, 2000),
    FLD_END,
};
static const char *const EXCHANGE_FILTERS[] = {"kind", "from_side", NULL};

/* The end is not before the start (shared by every record with a start and an end). */
static int period_check(json_t *rec, const char *start, const char *end, dk_err *e)
{
    const char *a = json_string_value(json_object_get(rec, start)), *b = json_string_value(json_object_get(rec, end));
    if (a && b && strcmp(b, a) < 0)
        return err_set(e, DK_ERULE, "end_before_start", end, "结束日期 %s 早于开始日期 %s (ends before it starts)", b, a);
    return DK_OK;
}

static int exchange_check(db *d, const struct actor *who, json_t *rec, int creating, dk_err *e)
{
    return period_check(rec, "start_date", "end_date", e);
}

/* Offices record exchanges; the partner side's office records the people it sends. */
static int exchange_may_write(db *d, const struct actor *who, json_t *rec, dk_err *e)
{
    int64_t pairing = rec_pairing(rec);
    if (who->role == ROLE_PARTNER && actor_in_scope(who, pairing)) {
        const char *side = who->side ? who->side : "partner";
        if (strcmp(side, json_string_value(json_object_get(rec, "from_side"))) == 0) return DK_OK;
        return err_set(e, DK_EFORBIDDEN, "forbidden", "from_side", "只能登记本方派出的人员 (only your own side's people)");
    }
    return rec_office_may(who, pairing, e);
}

const struct rec_kind kind_exchanges = {"exchanges", "exchanges", "exchange", "干部人才交流", EXCHANGE_FIELDS, "t.start_date DESC, t.id DESC",
                                        EXCHANGE_FILTERS, 0, exchange_check, NULL, exchange_may_write};

static const char *const PLATFORM_KINDS[] = {"park", "zone", "innovation", "other", NULL};
static const struct rec_field PLATFORM_FIELDS[] = {
    FLD_TEXT("name", "平台名称", RF_REQUIRED, 200),
    FLD_ENUM("kind", "平台类型", RF_REQUIRED, PLATFORM_KINDS),
    FLD_REGION("host_region", "所在地", RF_REQUIRED),
    FLD_DEC("area", "面积（平方公里）", 0),
    FLD_TEXT("partner", "合作方", 0, 300),
    FLD_DATE("opening_date", "启用日期", 0),
    FLD_TEXT("note", "备注", 0, 4000),
    FLD_END,
};
static const char *const PLATFORM_FILTERS[] = {"kind", NULL};

/* A platform's totals. */
static void platform_row(db_stmt *s, size_t i, void *arg)
{
    json_t *rec = json_array_get(arg, i);
    json_object_set_new(rec, "project_count", json_integer(db_col_int64(s, 1)));
    json_object_set_new(rec, "planned_investment", json_integer(db_col_int64(s, 2)));
    json_object_set_new(rec, "completed_investment", json_integer(db_col_int64(s, 3)));
}

/* The totals of each platform of a page: its projects, their planned and completed investment. */
static int platform_decorate(db *d, json_t *recs, const int64_t *ids, const dk_date *as_of, dk_err *e)
{
    size_t i;
    json_t *rec;
    json_array_foreach(recs, i, rec) {
        json_object_set_new(rec, "project_count", json_integer(0));
        json_object_set_new(rec, "planned_investment", json_integer(0));
        json_object_set_new(rec, "completed_investment", json_integer(0));
    }
    return rows_by_ids(d, "SELECT p.platform_id, COUNT(*), COALESCE(SUM(planned_investment), 0), "
                          "COALESCE(SUM((SELECT SUM(amount) FROM progress_reports r WHERE r.project_id = p.id)), 0) "
                          "FROM projects p WHERE p.platform_id IN (" ROWS_CHUNK_MARKS ") GROUP BY p.platform_id",
                       ids, json_array_size(recs), NULL, platform_row, recs, e);
}

const struct rec_kind kind_platforms = {"platforms", "platforms", "platform", "合作平台", PLATFORM_FIELDS, "t.pairing_id, t.id",
                                        PLATFORM_FILTERS, 0, NULL, platform_decorate, NULL};

static const struct rec_field PRODUCT_FIELDS[] = {
    FLD_TEXT("product", "产品", RF_REQUIRED, 200),
    FLD_TEXT("producer", "生产企业", RF_REQUIRED, 200),
    FLD_TEXT("channel", "采购方或渠道", RF_REQUIRED, 200),
    FLD_DATE("start_date", "进入市场日期", RF_REQUIRED),
    FLD_TEXT("volume", "数量", 0, 100),
    FLD_MONEY("value", "金额", 0),
    FLD_TEXT("note", "备注", 0, 2000),
    FLD_END,
};
const struct rec_kind kind_market_products = {"market-products", "market_products", "market_product", "产需对接", PRODUCT_FIELDS,
                                              "t.start_date DESC, t.id DESC", NULL, 0, NULL, NULL, NULL};
