/*
 * demo_plans.c — the demo's plan side (see demo_plans.h). The five areas, the five domains,
 * 54 items over 32 units, the two consultations and their attendees follow the 2018 article
 * and DOMAIN.md; key-task titles, item titles, people, producers and figures are synthetic.
 * Everything goes through the record engine, so the demo obeys the same rules as users.
 */
#include "demo/demo_plans.h"
#include "demo/demo_names.h"
#include "service/kinds.h"
#include "service/workitems.h"
#include <stdio.h>
#include <string.h>

static const struct actor SYSTEM = {"system", ROLE_ADMIN, 0, NULL, 0, NULL, 1, 0};

static const char *const AREAS[] = {
    "加强人才合作，促进观念理念更新", "对接市场需求，推进产业结构调整", "互鉴政策经验，推进体制机制创新",
    "推动资源共享，提升创新和服务水平", "搭建平台载体，探索共赢发展路径",
};

/* 20 key tasks (synthetic titles), 4 an area, with the index of the Beijing unit that leads. */
static const struct {
    const char *title;
    int lead;
} TASKS[20] = {
    {"建立干部双向挂职交流机制", 10}, {"开展专业技术人才培训合作", 10}, {"推动高校和职业院校对口合作", 3}, {"推进医疗卫生人才交流", 4},
    {"共建重大项目推进库", 0}, {"推动装备制造业协同发展", 1}, {"加强农产品产需对接", 16}, {"推动文化旅游资源共享", 9},
    {"复制推广北京鼓励创新创业政策", 22}, {"交流优化营商环境经验", 0}, {"推进国资国企改革合作", 17}, {"交流承担国家改革试点经验", 0},
    {"推动科技创新资源共享", 2}, {"推进教育医疗服务资源共享", 3}, {"加强金融服务合作", 18}, {"推动信息互通和数据共享", 1},
    {"支持沈阳高新区与中关村示范区对接", 22}, {"共建对口合作示范园区", 0}, {"建设双创合作平台", 22}, {"搭建投资洽谈和展会平台", 24},
};

static const struct {
    int task;          /* 1-based */
    const char *name, *measure, *baseline, *target, *actual_2018;
} INDICATORS[] = {
    {1, "干部双向挂职交流人数", "人次", "20", "100", "46"},
    {2, "专业技术人才培训", "人次", "300", "2000", "820"},
    {5, "合作项目计划总投资", "亿元", "1678", "3000", "2135.6"},
    {7, "进入北京市场的沈阳农产品品种", "种", "10", "30", "14"},
    {18, "共建对口合作示范园区", "个", "0", "1", "0"},
    {19, "双创平台孵化企业", "家", "15", "100", "38"},
};

static const char *const DOMAINS[] = {"产业合作", "人才互助", "平台搭建", "政策互鉴", "交往交流活动"};

/* The 2018 items: domain, title (synthetic, after the article's examples), lead unit index
 * into demo_beijing_units, the key task it serves (0 none). */
static const struct {
    int domain;
    const char *title;
    int lead, task;
} ITEMS[54] = {
    {0, "推动首创集团固废综合处理及水务项目建设", 0, 5}, {0, "推动首农集团与法库县企县合作肉牛产业项目", 16, 7},
    {0, "推进北京明日宇航与沈飞公司合作", 1, 6}, {0, "推动京东集团在沈布局电商物流基地", 7, 5},
    {0, "推动京通易购农产品电商平台在沈运营", 7, 7}, {0, "推动中科合创项目落地", 2, 13},
    {0, "组织北京企业赴沈开展投资考察", 24, 20}, {0, "推动京城机电与沈阳装备制造企业合作", 17, 6},
    {0, "推进沈阳农产品进入北京市场", 16, 7}, {0, "打造“三京旅游线路”", 9, 8},
    {0, "推动文化创意产业合作", 8, 8}, {0, "推动大数据和云计算产业合作", 1, 6},
    {0, "推动新能源项目合作", 0, 5}, {0, "推动金融机构在沈设立分支机构", 18, 15},
    {0, "推动住房城乡建设领域企业合作", 14, 6}, {0, "推动广播影视产业合作", 27, 8},
    {1, "选派沈阳干部到北京市直部门挂职", 10, 1}, {1, "开展专业技术人才培训", 10, 2},
    {1, "推动两地高校和职业院校对口合作", 3, 3}, {1, "推进医疗卫生人才交流", 4, 4},
    {1, "推动北京市属医院与沈阳医院合作", 5, 4}, {1, "开展中医药人才交流合作", 6, 4},
    {1, "开展体育人才交流", 20, 2}, {1, "开展社会工作和养老服务人才培训", 21, 2},
    {1, "开展知识产权人才培训", 23, 2}, {1, "开展西城区与沈阳和平区干部交流", 29, 1},
    {2, "支持沈阳高新区与中关村示范区对接", 22, 17}, {2, "共建中关村与三好街双创合作平台", 22, 19},
    {2, "研究共建京沈对口合作示范园区", 0, 18}, {2, "推动朝阳区与沈阳共建产业合作园区", 30, 18},
    {2, "推动海淀区与沈阳共建科技创新合作平台", 31, 13}, {2, "搭建京沈投资洽谈和项目对接平台", 24, 20},
    {2, "建设农产品产销对接平台", 16, 7}, {2, "搭建科技成果转化合作平台", 2, 13},
    {2, "推动水务领域技术合作平台建设", 26, 16}, {2, "推动园林绿化技术合作", 25, 16},
    {3, "复制推广北京鼓励创新创业政策", 2, 9}, {3, "交流优化营商环境经验", 19, 10},
    {3, "交流国资国企改革经验", 17, 11}, {3, "交流财政管理改革经验", 11, 12},
    {3, "交流规划和自然资源管理改革经验", 12, 12}, {3, "交流生态环境保护制度经验", 13, 12},
    {3, "交流交通管理改革经验", 15, 12}, {3, "交流市场监管“放管服”改革经验", 19, 10},
    {3, "交流知识产权保护政策", 23, 9},
    {4, "组织京沈对口合作高层会商", 0, 0}, {4, "举办京沈对口合作项目集中签约活动", 24, 20},
    {4, "开展两地文化交流活动", 8, 8}, {4, "开展两地旅游推介活动", 9, 8},
    {4, "开展两地民政社会组织交流", 21, 14}, {4, "组织两地外事交流活动", 28, 16},
    {4, "开展两地体育赛事交流", 20, 14}, {4, "组织沈阳企业参加北京展会", 7, 20},
    {4, "开展两地卫生健康交流活动", 4, 14},
};

/* Reports item's progress at date with note, unless that date is still to come (a demo made
 * with an earlier "today" stops there). */
static int progress(db *d, int64_t item, const char *date, int percent, const char *note, dk_err *e)
{
    dk_date day, today = date_today();
    if (!date_parse(date, &day) || date_to_days(&day) > date_to_days(&today)) return DK_OK;
    json_t *u = json_pack("{s:s, s:i, s:s}", "update_date", date, "percent", percent, "note", note);
    int64_t up;
    int rc = workitems_report(d, &SYSTEM, item, u, &up, e);
    json_decref(u);
    return rc;
}

/* Creates a record of kind from body (stolen); *id gets its id. */
static int make(db *d, const struct rec_kind *k, json_t *body, int64_t *id, dk_err *e)
{
    int64_t tmp;
    if (!body) return err_set(e, DK_EINTERNAL, "demo", "", "演示数据构造失败 (demo record could not be built)");
    int rc = rec_create(d, k, &SYSTEM, body, id ? id : &tmp, e);
    json_decref(body);
    return rc;
}

static int64_t unit_named(db *d, int64_t pairing, const char *name)
{
    db_stmt *s = db_prepare(d, "SELECT id FROM units WHERE pairing_id = ? AND name = ?", NULL);
    if (!s) return 0;
    db_bind_int64(s, 1, pairing);
    db_bind_text(s, 2, name);
    int64_t id = db_step(s, NULL) == DB_ROW ? db_col_int64(s, 0) : 0;
    db_done(s);
    return id;
}

static int load_impl_plan(db *d, const int64_t *bj, int64_t task_ids[20], dk_err *e)
{
    int64_t plan, area = 0;
    int rc = make(d, &kind_impl_plans,
                  json_pack("{s:s, s:s, s:s, s:s, s:i, s:s}", "pairing", "bj-sy", "title", "京沈对口合作实施方案", "issuer", "国家发展和改革委员会",
                            "issued_date", "2018-03-28", "target_year", 2020, "note", "五大领域名称依据公开报道；20 项重点任务名称及指标为演示数据（合成）"),
                  &plan, e);
    for (int i = 0; rc == DK_OK && i < 20; i++) {
        if (i % 4 == 0) rc = make(d, &kind_plan_areas, json_pack("{s:I, s:i, s:s}", "plan_id", (json_int_t)plan, "seq", i / 4 + 1, "name", AREAS[i / 4]), &area, e);
        if (rc == DK_OK)
            rc = make(d, &kind_key_tasks,
                      json_pack("{s:I, s:i, s:s, s:s, s:I}", "area_id", (json_int_t)area, "seq", i + 1, "title", TASKS[i].title, "content",
                                "演示数据：任务内容为合成示例", "lead_unit_id", (json_int_t)bj[TASKS[i].lead]),
                      &task_ids[i], e);
    }
    for (size_t i = 0; rc == DK_OK && i < sizeof INDICATORS / sizeof *INDICATORS; i++) {
        int64_t ind;
        rc = make(d, &kind_indicators,
                  json_pack("{s:I, s:s, s:s, s:s, s:i, s:s, s:i}", "task_id", (json_int_t)task_ids[INDICATORS[i].task - 1], "name", INDICATORS[i].name,
                            "measure", INDICATORS[i].measure, "baseline", INDICATORS[i].baseline, "baseline_year", 2017, "target", INDICATORS[i].target,
                            "target_year", 2020),
                  &ind, e);
        if (rc == DK_OK)
            rc = make(d, &kind_indicator_actuals, json_pack("{s:I, s:s, s:s}", "indicator_id", (json_int_t)ind, "period", "2017", "value", INDICATORS[i].baseline),
                      NULL, e);
        if (rc == DK_OK)
            rc = make(d, &kind_indicator_actuals,
                      json_pack("{s:I, s:s, s:s}", "indicator_id", (json_int_t)ind, "period", "2018-06", "value", INDICATORS[i].actual_2018), NULL, e);
    }
    return rc;
}

static int load_meetings(db *d, int64_t *consult_2018, dk_err *e)
{
    int64_t id;
    int rc = make(d, &kind_meetings,
                  json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:s}, {s:s, s:s}, {s:s, s:s}], s:[{s:s}, {s:s}]}", "pairing", "bj-sy", "kind",
                            "consultation", "title", "辽宁省和沈阳市党政代表团来京考察座谈（京沈对口合作正式启动）", "meeting_date", "2017-04-18", "place", "北京",
                            "summary", "时任辽宁省委副书记、省长陈求发和沈阳市四套班子“一把手”，以及沈阳市各区县、相关委办局主要负责人组团来京考察，并与北京市委、市政府主要领导座谈，标志着京沈对口合作正式启动。",
                            "attendees", "name", "陈求发", "title", "时任辽宁省委副书记、省长", "side", "host", "name", "沈阳市四套班子主要负责人", "side", "host",
                            "name", "北京市委、市政府主要领导", "side", "partner", "decisions", "text", "建立京沈对口合作机制，正式启动对口合作",
                            "text", "两地加强沟通对接，共同编制对口合作实施方案"),
                  &id, e);
    if (rc != DK_OK) return rc;
    return make(d, &kind_meetings,
                json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:s}, {s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}], s:[{s:s}, {s:s}, {s:s}]}",
                          "pairing", "bj-sy", "kind", "consultation", "title", "京沈对口合作高层座谈", "meeting_date", "2018-04-24", "place", "北京",
                          "summary", "辽宁省委副书记、省长唐一军和沈阳市委市政府主要领导，以及沈阳市有关部门负责人再次来京，与北京市委书记蔡奇，市委副书记、市长陈吉宁座谈，进一步对接和加强对口合作。",
                          "attendees", "name", "唐一军", "title", "辽宁省委副书记、省长", "side", "host", "name", "沈阳市委市政府主要领导", "side", "host", "name",
                          "蔡奇", "title", "北京市委书记", "side", "partner", "name", "陈吉宁", "title", "北京市委副书记、市长", "side", "partner", "decisions",
                          "text", "健全对口合作工作机制：加强高层会商，增进互动交流，加强信息互通、资源共享",
                          "text", "全面推进各项合作任务：落实实施方案，共建重大项目推进库，支持沈阳高新区与中关村示范区对接",
                          "text", "互学互鉴，共同深化改革创新：在国家改革试点、优化营商环境、国资国企改革等方面加强交流合作"),
                consult_2018, e);
}

static int load_signing(db *d, int64_t pairing, dk_err *e)
{
    db_stmt *s = db_prepare(d, "SELECT id FROM projects WHERE pairing_id = ? AND signed_date >= '2017-09-01' AND signed_date <= '2017-09-30' "
                               "ORDER BY signed_date, id LIMIT 12", e);
    if (!s) return e->status;
    db_bind_int64(s, 1, pairing);
    json_t *ids = json_array();
    while (db_step(s, NULL) == DB_ROW) json_array_append_new(ids, json_integer(db_col_int64(s, 0)));
    db_done(s);
    return make(d, &kind_meetings,
                json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "pairing", "bj-sy", "kind", "signing", "title", "京沈对口合作重点项目集中签约仪式（演示数据）",
                          "meeting_date", "2017-09-30", "place", "沈阳", "summary", "演示数据：2017 年 9 月签约的京沈合作项目集中签约", "project_ids", ids),
                NULL, e);
}

/* The percent item i reports in late June 2018 — its pro-rata share at 2018-06-30 shifted by a
 * pattern, so the plan shows done, on-track, behind and not-started items — and in December. */
static void item_course(int i, const char *start, const char *due, int *june, int *dec)
{
    static const int SHIFT[] = {100, 5, 0, -25, 0, 3, -6};
    dk_date s, d, asof = {2018, 6, 30};
    date_parse(start, &s);
    date_parse(due, &d);
    int p = item_expected_percent(&s, &d, &asof) + SHIFT[i % 7];
    *june = i % 7 == 4 ? 0 : p > 100 ? 100 : p < 0 ? 0 : p;
    *dec = i % 11 == 3 ? 60 : i % 13 == 4 ? 80 : 100;
    if (*dec < *june) *dec = *june;
}

static int load_work_plan(db *d, const int64_t *bj, const int64_t *tasks, int64_t meeting, dk_err *e)
{
    int64_t plan, domains[5], unfinished[54];
    int n_unfinished = 0;
    int rc = make(d, &kind_work_plans, json_pack("{s:s, s:i, s:s, s:s}", "pairing", "bj-sy", "year", 2018, "title", "京沈对口合作2018年工作计划",
                                                  "note", "五大领域、54 项重点合作事项、32 家单位依据公开报道；事项名称及进展为演示数据"),
                  &plan, e);
    for (int i = 0; rc == DK_OK && i < 5; i++)
        rc = make(d, &kind_plan_domains, json_pack("{s:I, s:i, s:s}", "work_plan_id", (json_int_t)plan, "seq", i + 1, "name", DOMAINS[i]), &domains[i], e);
    for (int i = 0; rc == DK_OK && i < 54; i++) {
        char code[24];
        snprintf(code, sizeof code, "JS2018-%02d", i + 1);
        static const char *const DUE[] = {"2018-06-30", "2018-09-30", "2018-12-31", "2018-12-31"};
        const char *start = i % 7 == 4 ? "2018-07-01" : i % 5 == 0 ? "2018-03-01" : "2018-01-01";
        const char *due = i % 7 == 4 ? "2018-12-31" : DUE[i % 4];
        int june, dec;
        item_course(i, start, due, &june, &dec);
        json_t *body = json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:s}", "domain_id", (json_int_t)domains[ITEMS[i].domain], "code", code, "title",
                                 ITEMS[i].title, "content", "演示数据：工作内容为合成示例", "lead_unit_id", (json_int_t)bj[ITEMS[i].lead], "start_date", start,
                                 "due_date", due);
        if (i % 3 == 0) json_object_set_new(body, "co_unit_ids", json_pack("[I]", (json_int_t)bj[(ITEMS[i].lead + 7) % 32]));
        if (ITEMS[i].task) json_object_set_new(body, "key_task_ids", json_pack("[I]", (json_int_t)tasks[ITEMS[i].task - 1]));
        int decision = i == 45 ? 1 : i == 26 ? 2 : i == 36 ? 3 : 0;
        if (decision) {
            json_object_set_new(body, "meeting_id", json_integer(meeting));
            json_object_set_new(body, "decision_seq", json_integer(decision));
        }
        int64_t item;
        rc = make(d, &kind_work_items, body, &item, e);
        const char *mid = i % 5 == 0 ? "2018-04-20" : "2018-03-30";
        if (rc == DK_OK && june > 0 && i % 7 != 4) {
            rc = progress(d, item, mid, june / 2, "演示数据：已启动，正在推进", e);
            if (rc == DK_OK && i % 7 != 3) /* the laggards stop reporting in April */
                rc = progress(d, item, "2018-06-25", june, june == 100 ? "演示数据：已完成" : "演示数据：按计划推进", e);
        }
        if (rc == DK_OK && june < 100) rc = progress(d, item, "2018-12-20", dec, dec == 100 ? "演示数据：已完成" : "演示数据：年内未能完成", e);
        if (dec < 100) unfinished[n_unfinished++] = item;
    }
    /* what 2018 left unfinished goes into the 2019 plan, linked back (once 2018 is over) */
    dk_date today = date_today();
    if (today.y < 2019) n_unfinished = 0;
    if (rc == DK_OK && today.y >= 2019)
        rc = make(d, &kind_work_plans, json_pack("{s:s, s:i, s:s, s:s}", "pairing", "bj-sy", "year", 2019, "title", "京沈对口合作2019年工作计划",
                                                 "note", "演示数据：仅含由 2018 年结转的事项"),
                  NULL, e);
    for (int i = 0; rc == DK_OK && i < n_unfinished; i++) {
        int64_t nid;
        json_t *b = json_pack("{s:i}", "year", 2019);
        rc = workitems_carry_over(d, &SYSTEM, unfinished[i], b, &nid, e);
        json_decref(b);
    }
    return rc;
}

static int load_exchanges(db *d, dk_err *e)
{
    static const struct {
        const char *person, *side, *from, *to, *kind, *start, *end;
    } X[] = {
        {"沈阳挂职干部甲", "host", "沈阳市发展和改革委员会", "北京市发展和改革委员会", "secondment", "2017-09-01", "2018-08-31"},
        {"沈阳挂职干部乙", "host", "沈阳市工业和信息化局", "北京市经济和信息化局", "secondment", "2017-09-01", "2018-08-31"},
        {"沈阳挂职干部丙", "host", "沈阳市商务局", "北京市商务局", "secondment", "2018-03-01", "2019-02-28"},
        {"沈阳挂职干部丁", "host", "沈阳市科学技术局", "中关村科技园区管理委员会", "secondment", "2018-03-01", "2019-02-28"},
        {"北京挂职干部甲", "partner", "北京市发展和改革委员会", "沈阳市发展和改革委员会", "secondment", "2018-03-01", "2019-02-28"},
        {"北京挂职干部乙", "partner", "北京市海淀区人民政府", "沈阳市浑南区人民政府", "secondment", "2018-05-01", "2019-04-30"},
        {"沈阳市营商环境建设培训班（40人）", "host", "沈阳市人民政府合作交流办公室", "北京市人力资源和社会保障局", "training", "2017-11-06", "2017-11-10"},
        {"沈阳市国资国企改革专题培训班（35人）", "host", "沈阳市人民政府国有资产监督管理委员会", "北京市人民政府国有资产监督管理委员会", "training", "2018-05-14", "2018-05-18"},
        {"沈阳医疗骨干进修（12人）", "host", "沈阳市卫生健康委员会", "北京市医院管理中心", "training", "2018-04-02", "2018-09-28"},
        {"北京市经济和信息化局考察团", "partner", "北京市经济和信息化局", "沈阳市工业和信息化局", "visit", "2017-06-12", "2017-06-14"},
        {"中关村企业家考察团", "partner", "中关村科技园区管理委员会", "沈阳市和平区人民政府", "visit", "2017-10-16", "2017-10-18"},
        {"沈阳市商务局招商小组", "host", "沈阳市商务局", "北京市投资促进服务中心", "visit", "2018-03-20", "2018-03-22"},
    };
    int rc = DK_OK;
    for (size_t i = 0; rc == DK_OK && i < sizeof X / sizeof *X; i++)
        rc = make(d, &kind_exchanges,
                  json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "pairing", "bj-sy", "person", X[i].person, "from_side", X[i].side, "from_unit",
                            X[i].from, "to_unit", X[i].to, "kind", X[i].kind, "start_date", X[i].start, "end_date", X[i].end, "note", "演示数据"),
                  NULL, e);
    return rc;
}

static int load_platforms(db *d, int64_t pairing, dk_err *e)
{
    static const struct {
        const char *name, *kind, *region, *area, *partner, *opening, *note;
    } P[] = {
        {"沈阳高新技术产业开发区", "zone", "210112", "140", "中关村国家自主创新示范区", "2017-06-01", "沈阳高新区与中关村示范区对接"},
        {"三好街科技商贸区", "innovation", "210102", "4.5", "中关村", "2017-08-01", "中关村与沈阳三好街开展双创合作"},
        {"沈阳经济技术开发区", "park", "210106", "444", "北京经济技术开发区", "2017-05-01", "演示数据：面积、合作方和启用日期为合成"},
        {"沈阳辉山经济技术开发区", "park", "210113", "65", "首农集团", "2017-07-01", "演示数据：面积、合作方和启用日期为合成"},
        {"沈阳金融商贸开发区", "zone", "210103", "12", "北京金融街", "2017-09-01", "演示数据：面积、合作方和启用日期为合成"},
        {"法库经济开发区", "park", "210124", "30", "首农集团", "2017-04-01", "首农集团与法库县开展企县合作"},
    };
    int rc = DK_OK;
    for (size_t i = 0; rc == DK_OK && i < sizeof P / sizeof *P; i++)
        rc = make(d, &kind_platforms,
                  json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "pairing", "bj-sy", "name", P[i].name, "kind", P[i].kind, "host_region", P[i].region,
                            "area", P[i].area, "partner", P[i].partner, "opening_date", P[i].opening, "note", P[i].note),
                  NULL, e);
    /* the projects that name a platform belong to it (part of the one audited demo load) */
    if (rc == DK_OK)
        rc = db_run(d, "UPDATE projects SET platform_id = (SELECT f.id FROM platforms f WHERE f.pairing_id = projects.pairing_id AND f.name = projects.platform) "
                       "WHERE pairing_id = ?", e, 1, pairing);
    return rc;
}

static int load_products(db *d, dk_err *e)
{
    static const struct {
        const char *product, *producer, *channel, *start, *volume;
        int64_t value;
    } X[] = {
        {"沈阳名优牛肉", "法库县肉牛养殖合作社（演示）", "首农集团", "2017-08-01", "1200吨", 9600000000LL / 100},
        {"食用菌（香菇）", "沈北新区食用菌基地（演示）", "北京新发地农产品批发市场", "2017-09-01", "800吨", 1600000000LL / 100},
        {"西芹", "新民市蔬菜基地（演示）", "北京新发地农产品批发市场", "2017-07-01", "3000吨", 900000000LL / 100},
        {"沈阳大米", "辽中区稻米合作社（演示）", "京东集团", "2017-10-01", "2500吨", 1500000000LL / 100},
        {"草莓", "东陵草莓合作社（演示）", "京东集团", "2018-01-10", "150吨", 450000000LL / 100},
        {"葡萄", "康平县葡萄基地（演示）", "京通易购", "2017-09-15", "400吨", 480000000LL / 100},
        {"蓝莓", "苏家屯区蓝莓园（演示）", "京通易购", "2018-06-20", "60吨", 360000000LL / 100},
        {"鸡蛋", "沈北新区蛋鸡养殖场（演示）", "首农集团", "2017-11-01", "900吨", 720000000LL / 100},
        {"花生", "康平县花生合作社（演示）", "北京新发地农产品批发市场", "2017-10-20", "700吨", 700000000LL / 100},
        {"小米", "法库县杂粮合作社（演示）", "京东集团", "2018-03-01", "300吨", 300000000LL / 100},
        {"榛子", "新民市榛子基地（演示）", "京通易购", "2017-12-01", "100吨", 400000000LL / 100},
    };
    int rc = DK_OK;
    for (size_t i = 0; rc == DK_OK && i < sizeof X / sizeof *X; i++)
        rc = make(d, &kind_market_products,
                  json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s}", "pairing", "bj-sy", "product", X[i].product, "producer", X[i].producer,
                            "channel", X[i].channel, "start_date", X[i].start, "volume", X[i].volume, "value", (json_int_t)X[i].value, "note", "演示数据"),
                  NULL, e);
    return rc;
}

int demo_plans_load(db *d, dk_err *e)
{
    int64_t pairing = db_int64(d, "SELECT id FROM pairings WHERE code = 'bj-sy'", 0, 0);
    if (!pairing) return err_set(e, DK_EINTERNAL, "demo", "", "演示数据缺少京沈对口合作关系 (no bj-sy pairing)");
    int64_t bj[32], tasks[20], meeting = 0;
    for (int i = 0; i < 32; i++)
        if (!(bj[i] = unit_named(d, pairing, demo_beijing_units[i])))
            return err_set(e, DK_EINTERNAL, "demo", "", "演示数据缺少单位 %s (missing unit)", demo_beijing_units[i]);
    int rc = load_impl_plan(d, bj, tasks, e);
    if (rc == DK_OK) rc = load_meetings(d, &meeting, e);
    if (rc == DK_OK) rc = load_signing(d, pairing, e);
    if (rc == DK_OK) rc = load_work_plan(d, bj, tasks, meeting, e);
    if (rc == DK_OK) rc = load_exchanges(d, e);
    if (rc == DK_OK) rc = load_platforms(d, pairing, e);
    if (rc == DK_OK) rc = load_products(d, e);
    return rc;
}
