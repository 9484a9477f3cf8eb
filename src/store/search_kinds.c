/*
 * search_kinds.c — the searchable records and which of their fields go into the index's three
 * weighted fields: head (the name), keys (investor, codes, people, platform) and body (notes).
 */
#include "store/search_kinds.h"
#include <string.h>

const struct search_kind search_kinds[] = {
    {"project", "项目",
     "SELECT p.id, p.pairing_id, p.name, p.name, "
     "p.investor || ' ' || p.code || ' ' || COALESCE(p.national_code, '') || ' ' || COALESCE(p.platform, '') || ' ' || "
     "COALESCE(p.contact, '') || ' ' || COALESCE(p.leader, ''), p.content FROM projects p",
     "p.id", "/api/v1/projects/{id}"},
    {"problem", "协调问题",
     "SELECT pr.id, p.pairing_id, pr.title, pr.title, NULL, "
     "CASE WHEN pr.resolution IS NULL THEN pr.detail ELSE COALESCE(pr.detail, '') || ' ' || pr.resolution END "
     "FROM problems pr JOIN projects p ON p.id = pr.project_id",
     "pr.id", "/api/v1/problems/{id}"},
    {"unit", "单位",
     "SELECT u.id, u.pairing_id, u.name, u.name, NULL, NULL FROM units u",
     "u.id", "/api/v1/units?pairing={pairing}"},
    {"work_item", "工作事项",
     "SELECT w.id, w.pairing_id, w.title, w.title, w.code || ' ' || u.name, w.content FROM work_items w JOIN units u ON u.id = w.lead_unit_id",
     "w.id", "/api/v1/work-items/{id}"},
    {"item_update", "事项进展",
     "SELECT x.id, x.pairing_id, w.title, w.title, w.code, x.note FROM work_item_updates x JOIN work_items w ON w.id = x.item_id",
     "x.id", "/api/v1/work-item-updates/{id}"},
    {"key_task", "重点任务",
     "SELECT t.id, t.pairing_id, t.title, t.title, NULL, t.content FROM key_tasks t",
     "t.id", "/api/v1/key-tasks/{id}"},
    {"meeting", "会议活动",
     "SELECT m.id, m.pairing_id, m.title, m.title, COALESCE(m.place, ''), m.summary FROM meetings m",
     "m.id", "/api/v1/meetings/{id}"},
    {"platform", "合作平台",
     "SELECT f.id, f.pairing_id, f.name, f.name, COALESCE(f.partner, ''), f.note FROM platforms f",
     "f.id", "/api/v1/platforms/{id}"},
    {"exchange", "干部人才交流",
     "SELECT x.id, x.pairing_id, x.person, x.person, x.from_unit || ' ' || x.to_unit, x.note FROM exchanges x",
     "x.id", "/api/v1/exchanges/{id}"},
    {NULL, NULL, NULL, NULL, NULL},
};

const struct search_kind *search_kind_find(const char *code)
{
    for (const struct search_kind *k = search_kinds; code && k->kind; k++)
        if (strcmp(k->kind, code) == 0) return k;
    return NULL;
}
