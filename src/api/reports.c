/* reports.c — /api/v1/reports/summary: the headline and breakdowns for a pairing and year. */
#include "api/api.h"
#include "service/report.h"
#include <string.h>

void api_report_summary(struct http_req *req, struct http_resp *resp)
{
    static const char *const allowed[] = {"pairing", "year", "as_of", NULL};
    if (http_check_query(req, allowed, resp)) return;
    struct report_params p = {.pairing = http_query(req, "pairing")};
    int64_t year = 0;
    if (api_query_int(req, "year", 1990, 2999, &year, resp)) return;
    p.year = (int)year;
    int as_of_given = http_query(req, "as_of") != NULL;
    if (as_of_given && api_as_of(req, &p.as_of, resp)) return;
    report_defaults(&p, year != 0, as_of_given);
    char own[64] = "";
    if (req->actor.pairing_id) { /* an account scoped to one pairing reports on it alone */
        db_stmt *s = db_prepare(req->db, "SELECT code FROM pairings WHERE id = ?", NULL);
        if (s) {
            db_bind_int64(s, 1, req->actor.pairing_id);
            if (db_step(s, NULL) == DB_ROW) snprintf(own, sizeof own, "%s", db_col_text(s, 0));
            db_done(s);
        }
        if (p.pairing && strcmp(p.pairing, own) != 0) {
            http_send_error3(resp, 404, "not_found", "pairing", "对口合作关系不存在 (no such pairing)");
            return;
        }
        p.pairing = own;
    }
    dk_err e;
    err_clear(&e);
    api_reply(resp, 200, report_summary(req->db, &p, &e), &e);
}
