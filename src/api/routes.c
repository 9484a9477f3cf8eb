/*
 * routes.c — the route table: every route is one row (method, path, handler, permission).
 * The permission column is what the server checks before calling the handler; tests walk
 * this table, and docs/openapi.yaml describes each row.
 */
#include "api/api.h"
#include "service/kinds.h"

/* A row names its arg only when its handler serves a record kind; the rest leave it NULL. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* The four routes of a record kind: list and create (create needs perm), read and change. */
#define RECORD_ROUTES(path, kind, perm, what)                                                                  \
    {"GET", "/api/v1/" path, api_record_list, PERM_READ, "list " what, &kind},                                   \
    {"POST", "/api/v1/" path, api_record_create, perm, "create " what, &kind},                                   \
    {"GET", "/api/v1/" path "/{id}", api_record_get, PERM_READ, "one " what, &kind},                             \
    {"PATCH", "/api/v1/" path "/{id}", api_record_update, perm, "change " what, &kind}

const struct route api_routes[] = {
    {"GET", "/healthz", api_health, PERM_PUBLIC, "health check"},
    {"POST", "/api/v1/auth/login", api_auth_login, PERM_PUBLIC, "sign in: a session cookie and a CSRF token"},
    {"POST", "/api/v1/auth/logout", api_auth_logout, PERM_SELF, "sign out: the session ends"},
    {"GET", "/api/v1/auth/me", api_auth_me, PERM_SELF, "who am I"},
    {"GET", "/api/v1/tokens", api_tokens_list, PERM_SELF, "my API tokens"},
    {"POST", "/api/v1/tokens", api_tokens_create, PERM_SELF, "create an API token (shown once)"},
    {"DELETE", "/api/v1/tokens/{id}", api_tokens_revoke, PERM_SELF, "revoke one of my API tokens"},
    {"GET", "/api/v1/users", api_users_list, PERM_ADMIN, "list accounts"},
    {"POST", "/api/v1/users", api_users_create, PERM_ADMIN, "create an account"},
    {"PATCH", "/api/v1/users/{id}", api_users_update, PERM_ADMIN, "change an account (role, scope, disabled, password)"},
    {"GET", "/api/v1/pairings", api_pairings_list, PERM_READ, "list pairings"},
    {"GET", "/api/v1/pairings/{code}", api_pairings_get, PERM_READ, "one pairing"},
    {"GET", "/api/v1/pairings/{code}/closed-months", api_closed_months_list, PERM_READ, "closed reporting months"},
    {"POST", "/api/v1/pairings/{code}/closed-months", api_closed_months_close, PERM_OFFICE, "close a reporting month"},
    {"GET", "/api/v1/units", api_units_list, PERM_READ, "list units"},
    {"POST", "/api/v1/units", api_record_create, PERM_OFFICE, "create a unit", &kind_units},
    {"GET", "/api/v1/units/{id}", api_record_get, PERM_READ, "one unit", &kind_units},
    {"PATCH", "/api/v1/units/{id}", api_record_update, PERM_OFFICE, "change a unit", &kind_units},
    {"GET", "/api/v1/regions", api_regions_list, PERM_READ, "list regions"},
    {"GET", "/api/v1/regions/{code}", api_regions_get, PERM_READ, "one region with its children"},
    {"GET", "/api/v1/industries", api_industries_list, PERM_READ, "list industries"},
    {"GET", "/api/v1/capital-stats", api_capital_stats, PERM_READ, "introduced-capital statistics"},
    {"GET", "/api/v1/projects", api_projects_list, PERM_READ, "list projects"},
    {"POST", "/api/v1/projects", api_projects_create, PERM_WRITE, "create a project"},
    {"GET", "/api/v1/projects/{id}", api_projects_get, PERM_READ, "one project"},
    {"PATCH", "/api/v1/projects/{id}", api_projects_update, PERM_WRITE, "change a project"},
    {"POST", "/api/v1/projects/{id}/transitions", api_projects_transition, PERM_WRITE, "move a project's stage"},
    {"GET", "/api/v1/projects/{id}/history", api_projects_history, PERM_READ, "a project's audit history"},
    {"GET", "/api/v1/projects/{id}/progress", api_progress_list, PERM_READ, "a project's monthly reports"},
    {"POST", "/api/v1/projects/{id}/progress", api_progress_report, PERM_WRITE, "report a month's progress"},
    {"GET", "/api/v1/projects/{id}/problems", api_problems_of_project, PERM_READ, "a project's problems"},
    {"POST", "/api/v1/projects/{id}/problems", api_problems_raise, PERM_WRITE, "raise a problem"},
    {"GET", "/api/v1/problems", api_problems_list, PERM_READ, "list problems"},
    {"GET", "/api/v1/problems/{id}", api_problems_get, PERM_READ, "one problem"},
    {"POST", "/api/v1/problems/{id}/assign", api_problems_assign, PERM_WRITE, "assign a problem to a unit"},
    {"POST", "/api/v1/problems/{id}/resolve", api_problems_resolve, PERM_WRITE, "resolve a problem"},
    {"GET", "/api/v1/approvals", api_approvals_list, PERM_READ, "changes waiting for or given a decision (审核)"},
    {"GET", "/api/v1/approvals/{id}", api_approvals_get, PERM_READ, "one submitted change"},
    {"POST", "/api/v1/approvals/{id}/approve", api_approvals_approve, PERM_OFFICE, "approve: the change is applied"},
    {"POST", "/api/v1/approvals/{id}/reject", api_approvals_reject, PERM_OFFICE, "reject, with the reason"},
    {"GET", "/api/v1/warning-rules", api_warning_rules_list, PERM_READ, "warning rules"},
    {"PATCH", "/api/v1/warning-rules/{code}", api_warning_rules_update, PERM_ADMIN, "change a warning rule (every pairing's)"},
    {"GET", "/api/v1/reports/summary", api_report_summary, PERM_READ, "summary report"},
    {"GET", "/api/v1/audit", api_audit_list, PERM_ADMIN, "the audit trail"},
    RECORD_ROUTES("impl-plans", kind_impl_plans, PERM_OFFICE, "an implementation plan (实施方案)"),
    RECORD_ROUTES("plan-areas", kind_plan_areas, PERM_OFFICE, "an area of an implementation plan"),
    RECORD_ROUTES("key-tasks", kind_key_tasks, PERM_OFFICE, "a key task (重点任务)"),
    RECORD_ROUTES("indicators", kind_indicators, PERM_OFFICE, "a target indicator of a key task"),
    RECORD_ROUTES("indicator-actuals", kind_indicator_actuals, PERM_WRITE, "an indicator's actual for a period"),
    RECORD_ROUTES("work-plans", kind_work_plans, PERM_OFFICE, "an annual work plan (年度工作计划)"),
    RECORD_ROUTES("plan-domains", kind_plan_domains, PERM_OFFICE, "a domain of a work plan"),
    RECORD_ROUTES("work-items", kind_work_items, PERM_OFFICE, "a work-plan item (事项)"),
    {"GET", "/api/v1/work-items/{id}/updates", api_item_updates_list, PERM_READ, "an item's progress updates and escalations"},
    {"POST", "/api/v1/work-items/{id}/updates", api_item_updates_add, PERM_WRITE, "report an item's progress"},
    {"GET", "/api/v1/work-item-updates/{id}", api_item_update_get, PERM_READ, "one progress update of an item"},
    {"POST", "/api/v1/work-items/{id}/escalate", api_item_escalate, PERM_OFFICE, "raise an item's escalation (提醒/约谈/督办)"},
    {"POST", "/api/v1/work-items/{id}/carry-over", api_item_carry_over, PERM_OFFICE, "carry an unfinished item into a later year's plan"},
    RECORD_ROUTES("meetings", kind_meetings, PERM_OFFICE, "a meeting or event (会商、座谈、对接会、签约仪式)"),
    RECORD_ROUTES("exchanges", kind_exchanges, PERM_WRITE, "a cadre or talent exchange (干部人才交流)"),
    RECORD_ROUTES("platforms", kind_platforms, PERM_OFFICE, "a cooperation platform (合作平台)"),
    RECORD_ROUTES("market-products", kind_market_products, PERM_OFFICE, "a product matched to the partner's market (产需对接)"),
    {"GET", "/api/v1/calendar", api_calendar_list, PERM_READ, "holidays and make-up working days (调休)"},
    {"GET", "/api/v1/workdays", api_calendar_workdays, PERM_READ, "count working days, or the day N working days on"},
    {"PUT", "/api/v1/calendar/{day}", api_calendar_set, PERM_ADMIN, "make a day a holiday or a make-up working day"},
    {"DELETE", "/api/v1/calendar/{day}", api_calendar_remove, PERM_ADMIN, "make a day ordinary again"},
    {"GET", "/api/v1/reports/plan", api_report_plan, PERM_READ, "work-plan progress by domain and by unit"},
    {"GET", "/api/v1/reports/todo", api_report_todo, PERM_READ, "a unit's to-do list: due soon, overdue, awaiting its update"},
    {"GET", "/api/v1/reports/key-tasks", api_report_key_tasks, PERM_READ, "key-task coverage by a year's items"},
    {"GET", "/api/v1/reports/indicators", api_report_indicators, PERM_READ, "indicators against their targets"},
    {"GET", "/api/v1/reports/exchanges", api_report_exchanges, PERM_READ, "exchanges by year, kind and side"},
    {"GET", "/api/v1/reports/platforms", api_report_platforms, PERM_READ, "platforms with their projects' totals"},
    {"POST", "/api/v1/imports", api_imports_create, PERM_WRITE, "import an Excel/CSV ledger (multipart upload), all or nothing"},
    {"GET", "/api/v1/exports/{what}", api_exports_get, PERM_EXPORT, "export a ledger as xlsx or csv (projects, schedule)"},
    {"GET", "/api/v1/import-templates/{kind}", api_import_templates_get, PERM_READ, "a blank ledger for an import kind"},
    {"GET", "/api/v1/search", api_search, PERM_READ, "search every record one may see (Simplified/Traditional, full-width alike)"},
    {NULL, NULL, NULL, PERM_ADMIN, NULL, NULL},
};
