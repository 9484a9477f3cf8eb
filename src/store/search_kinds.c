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
    {NULL, NULL, NULL, NULL, NULL},
};

const struct search_kind *search_kind_find(const char *code)
{
    for (const struct search_kind *k = search_kinds; code && k->kind; k++)
        if (strcmp(k->kind, code) == 0) return k;
    return NULL;
}
