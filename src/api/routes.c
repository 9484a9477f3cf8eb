/*
 * routes.c — the route table: every route is one row (method, path, handler, permission).
 * The permission column is what the server checks before calling the handler; tests walk
 * this table, and docs/openapi.yaml describes each row.
 */
#include "api/api.h"

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
    {"GET", "/api/v1/warning-rules", api_warning_rules_list, PERM_READ, "warning rules"},
    {"PATCH", "/api/v1/warning-rules/{code}", api_warning_rules_update, PERM_OFFICE, "change a warning rule"},
    {"GET", "/api/v1/reports/summary", api_report_summary, PERM_READ, "summary report"},
    {"GET", "/api/v1/audit", api_audit_list, PERM_ADMIN, "the audit trail"},
    {NULL, NULL, NULL, PERM_ADMIN, NULL},
};
