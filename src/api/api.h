/*
 * api.h — the JSON API's handlers (one file per resource) and the helpers they share for
 * path ids, If-Match, as-of dates and sending a service's result.
 */
#ifndef DUIKOU_API_H
#define DUIKOU_API_H
#include "core/dates.h"
#include "http/http.h"

/* Path parameter i as a positive id; 0 after writing a 404 when it is not one. */
int64_t api_param_id(struct http_req *req, int i, struct http_resp *resp, const char *what);
/* The If-Match version ("\"3\"" or 3); 0 when absent; -1 after writing a 400. */
int64_t api_if_match(struct http_req *req, struct http_resp *resp);
/* The as_of query argument, or today; -1 after writing a 400. */
int api_as_of(struct http_req *req, dk_date *out, struct http_resp *resp);
/* A positive integer query argument into *out (unchanged when absent); -1 after a 400. */
int api_query_int(struct http_req *req, const char *name, int64_t min, int64_t max, int64_t *out, struct http_resp *resp);
/* Sends v with status, or the error in e when v is NULL. */
void api_reply(struct http_resp *resp, int status, json_t *v, const dk_err *e);
/* Sets the ETag to obj's "version" (quoted), when obj has one. */
void api_set_etag(struct http_resp *resp, json_t *obj);
/* A write on one versioned record: (db, actor, id, if_match, body, e) → DK_* status. */
typedef int (*api_write_op)(db *d, const struct actor *who, int64_t id, int64_t if_match, json_t *body, dk_err *e);
/* Reads the record id as the client sees it (with its "version"); NULL with e filled. */
typedef json_t *(*api_read_op)(struct http_req *req, int64_t id, dk_err *e);
/* The shape every versioned write shares: the id from path parameter 0 (what names the record
 * in a 404), If-Match, the JSON body, op; then 200 with the record as read() gives it and its
 * ETag — or the error, with the current version in the ETag of a 412. */
void api_versioned_write(struct http_req *req, struct http_resp *resp, const char *what, api_write_op op,
                         api_read_op read);
/* api_versioned_write, except that a change the service says needs an office's approval is
 * submitted for it instead (202 with the approval, kind "stage" or "progress"). */
void api_versioned_write_or_submit(struct http_req *req, struct http_resp *resp, const char *what, api_write_op op,
                                   api_read_op read, const char *approval_kind);
/* When refused is the service's "needs_approval", submits body as a pending change of kind on
 * project id and answers 202 (or the error); returns 1 then, 0 when it was another refusal. */
int api_submit_for_approval(struct http_req *req, struct http_resp *resp, const char *kind, int64_t id, json_t *body,
                            const dk_err *refused);
/* Sends the record read() gives with status and its ETag, or the error. */
void api_send_record(struct http_req *req, struct http_resp *resp, int64_t id, int status, api_read_op read);

/* 1 when project id exists and is in the caller's scope; else writes a 404 and returns 0. */
int api_project_visible(struct http_req *req, int64_t id, struct http_resp *resp);

/* Checks that body holds only the allowed keys (NULL-terminated), each a string; else writes
 * the 400 naming the field and returns -1 (the caller still owns body). */
int api_string_fields(json_t *body, const char *const *allowed, struct http_resp *resp);

/* The project list's filters from the query (pairing, stage, industry, regions, unit_id,
 * colour, investment bounds, q, sort, limit, offset, as_of; plus the extra names allowed,
 * NULL-terminated, may be NULL) into *f and *colour (-1 any). 0, or -1 after a 400. */
struct project_filter;
int api_project_filter(struct http_req *req, struct project_filter *f, int *colour, const char *const *extra,
                       struct http_resp *resp);

/* Wraps an array as {"items": array}. */
json_t *api_items(json_t *array);

/* Handlers. */
void api_health(struct http_req *, struct http_resp *);
void api_projects_list(struct http_req *, struct http_resp *);
void api_projects_create(struct http_req *, struct http_resp *);
void api_projects_get(struct http_req *, struct http_resp *);
void api_projects_update(struct http_req *, struct http_resp *);
void api_projects_transition(struct http_req *, struct http_resp *);
void api_projects_history(struct http_req *, struct http_resp *);
void api_progress_list(struct http_req *, struct http_resp *);
void api_progress_report(struct http_req *, struct http_resp *);
void api_problems_of_project(struct http_req *, struct http_resp *);
void api_problems_raise(struct http_req *, struct http_resp *);
void api_problems_list(struct http_req *, struct http_resp *);
void api_problems_get(struct http_req *, struct http_resp *);
void api_problems_assign(struct http_req *, struct http_resp *);
void api_problems_resolve(struct http_req *, struct http_resp *);
void api_pairings_list(struct http_req *, struct http_resp *);
void api_pairings_get(struct http_req *, struct http_resp *);
void api_closed_months_list(struct http_req *, struct http_resp *);
void api_closed_months_close(struct http_req *, struct http_resp *);
void api_units_list(struct http_req *, struct http_resp *);
void api_regions_list(struct http_req *, struct http_resp *);
void api_regions_get(struct http_req *, struct http_resp *);
void api_industries_list(struct http_req *, struct http_resp *);
void api_capital_stats(struct http_req *, struct http_resp *);
void api_warning_rules_list(struct http_req *, struct http_resp *);
void api_warning_rules_update(struct http_req *, struct http_resp *);
void api_report_summary(struct http_req *, struct http_resp *);
void api_audit_list(struct http_req *, struct http_resp *);
void api_imports_create(struct http_req *, struct http_resp *);
void api_exports_get(struct http_req *, struct http_resp *);
void api_import_templates_get(struct http_req *, struct http_resp *);
void api_search(struct http_req *, struct http_resp *);
void api_auth_login(struct http_req *, struct http_resp *);
void api_auth_logout(struct http_req *, struct http_resp *);
void api_auth_me(struct http_req *, struct http_resp *);
void api_tokens_list(struct http_req *, struct http_resp *);
void api_tokens_create(struct http_req *, struct http_resp *);
void api_tokens_revoke(struct http_req *, struct http_resp *);
void api_users_list(struct http_req *, struct http_resp *);
void api_users_create(struct http_req *, struct http_resp *);
void api_users_update(struct http_req *, struct http_resp *);
void api_approvals_list(struct http_req *, struct http_resp *);
void api_approvals_get(struct http_req *, struct http_resp *);
void api_approvals_approve(struct http_req *, struct http_resp *);
void api_approvals_reject(struct http_req *, struct http_resp *);
/* Record kinds: the route's arg names the kind (service/record.h). */
void api_record_list(struct http_req *, struct http_resp *);
void api_record_get(struct http_req *, struct http_resp *);
void api_record_create(struct http_req *, struct http_resp *);
void api_record_update(struct http_req *, struct http_resp *);
/* Work items and the calendar. */
void api_item_updates_list(struct http_req *, struct http_resp *);
void api_item_updates_add(struct http_req *, struct http_resp *);
void api_item_update_get(struct http_req *, struct http_resp *);
void api_item_escalate(struct http_req *, struct http_resp *);
void api_item_carry_over(struct http_req *, struct http_resp *);
void api_calendar_list(struct http_req *, struct http_resp *);
void api_calendar_workdays(struct http_req *, struct http_resp *);
void api_calendar_set(struct http_req *, struct http_resp *);
void api_calendar_remove(struct http_req *, struct http_resp *);
/* Plan reports. */
void api_report_plan(struct http_req *, struct http_resp *);
void api_report_todo(struct http_req *, struct http_resp *);
void api_report_key_tasks(struct http_req *, struct http_resp *);
void api_report_indicators(struct http_req *, struct http_resp *);
void api_report_exchanges(struct http_req *, struct http_resp *);
void api_report_platforms(struct http_req *, struct http_resp *);

#endif
