/*
 * report_plan.c — `duikou report plan`: the plan reports (progress by domain and unit, a
 * unit's to-do list, key-task coverage, indicators, exchanges, platforms) as text or JSON.
 */
#include "cli/cli.h"
#include "core/money.h"
#include "service/plan_report.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: duikou report plan --pairing CODE [--year Y] [--view VIEW] [--unit ID] [--as-of YYYY-MM-DD] [--json] [--db URL]\n"
          "  VIEW is one of:\n"
          "    progress    items, done, in progress, behind, not started, overdue — by domain and by unit (default; needs --year)\n"
          "    todo        the unfinished items unit --unit leads or helps with: due soon, overdue, awaiting its update\n"
          "    tasks       which key tasks of the implementation plan have items in --year, which none\n"
          "    indicators  each indicator's baseline, target and latest actual\n"
          "    exchanges   cadre and talent exchanges by year, kind and sending side\n"
          "    platforms   platforms with their projects' planned and completed investment\n",
          f);
}

/* The string at key, or "-" (printing never meets a NULL). */
static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "-";
}

static void print_counts(const char *name, json_t *o)
{
    printf("  %-24s %4lld 项  已完成 %3lld  推进中 %3lld  滞后 %3lld  未启动 %3lld  逾期 %3lld\n", name,
           (long long)json_integer_value(json_object_get(o, "items")), (long long)json_integer_value(json_object_get(o, "done")),
           (long long)json_integer_value(json_object_get(o, "in_progress")), (long long)json_integer_value(json_object_get(o, "behind")),
           (long long)json_integer_value(json_object_get(o, "not_started")), (long long)json_integer_value(json_object_get(o, "overdue")));
}

static void print_progress(json_t *r)
{
    json_t *plan = json_object_get(r, "plan");
    printf("%s（截至 %s）：%lld 项事项，%lld 个领域，%lld 家单位\n", str(plan, "title"),
           str(r, "as_of"), (long long)json_integer_value(json_object_get(json_object_get(r, "totals"), "items")),
           (long long)json_integer_value(json_object_get(r, "domain_count")), (long long)json_integer_value(json_object_get(r, "unit_count")));
    print_counts("合计 (total)", json_object_get(r, "totals"));
    printf("\n按领域 (by domain)\n");
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(r, "domains"), i, v) print_counts(str(v, "name"), v);
    printf("\n按牵头单位 (by lead unit)\n");
    json_array_foreach(json_object_get(r, "units"), i, v) if (json_integer_value(json_object_get(v, "items")) > 0)
        print_counts(str(v, "name"), v);
}

static void print_items(const char *title, json_t *arr)
{
    printf("\n%s: %zu\n", title, json_array_size(arr));
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
        printf("  %-16s %-30s 时限 %s  %3lld%%  %s\n", str(v, "code"), str(v, "title"),
               str(v, "due_date"), (long long)json_integer_value(json_object_get(v, "percent")),
               str(v, "status_name"));
}

static void print_other(const char *view, json_t *r)
{
    size_t i;
    json_t *v;
    if (strcmp(view, "todo") == 0) {
        printf("%s（截至 %s）\n", str(json_object_get(r, "unit"), "name"), str(r, "as_of"));
        print_items("临近截止 (due soon)", json_object_get(r, "due_soon"));
        print_items("已逾期 (overdue)", json_object_get(r, "overdue"));
        print_items("待更新进展 (awaiting update)", json_object_get(r, "awaiting_update"));
    } else if (strcmp(view, "tasks") == 0) {
        printf("%lld 项重点任务中 %lld 项有本年度事项\n", (long long)json_integer_value(json_object_get(r, "task_count")),
               (long long)json_integer_value(json_object_get(r, "covered")));
        json_array_foreach(json_object_get(r, "tasks"), i, v)
            printf("  %2lld. %-32s %3lld 项\n", (long long)json_integer_value(json_object_get(v, "seq")), str(v, "title"),
                   (long long)json_integer_value(json_object_get(v, "items")));
    } else if (strcmp(view, "indicators") == 0) {
        json_array_foreach(json_object_get(r, "indicators"), i, v) {
            json_t *a = json_object_get(v, "actual");
            printf("  %-24s 基期 %s  目标 %s（%lld 年）  实际 %s %s\n", str(v, "name"),
                   json_is_string(json_object_get(v, "baseline")) ? str(v, "baseline") : "-",
                   str(v, "target"), (long long)json_integer_value(json_object_get(v, "target_year")),
                   json_is_string(a) ? json_string_value(a) : "-", str(v, "measure"));
        }
    } else if (strcmp(view, "exchanges") == 0) {
        json_array_foreach(json_object_get(r, "rows"), i, v)
            printf("  %lld  %-11s %-8s %3lld 人次\n", (long long)json_integer_value(json_object_get(v, "year")), str(v, "kind"),
                   str(v, "from_side"), (long long)json_integer_value(json_object_get(v, "people")));
    } else {
        json_array_foreach(json_object_get(r, "platforms"), i, v) {
            char planned[40], done[40];
            money_format_text(json_integer_value(json_object_get(v, "planned_investment")), MONEY_YI, 2, planned, sizeof planned);
            money_format_text(json_integer_value(json_object_get(v, "completed_investment")), MONEY_YI, 2, done, sizeof done);
            printf("  %-24s %3lld 个项目  计划 %14s  完成 %14s\n", str(v, "name"),
                   (long long)json_integer_value(json_object_get(v, "project_count")), planned, done);
        }
    }
}

int cli_report_plan(int argc, char **argv)
{
    static const struct option opts[] = {{"pairing", required_argument, 0, 'p'}, {"year", required_argument, 0, 'y'}, {"view", required_argument, 0, 'v'},
                                         {"unit", required_argument, 0, 'u'},    {"as-of", required_argument, 0, 'a'}, {"json", no_argument, 0, 'j'},
                                         {"db", required_argument, 0, 'b'},      {"help", no_argument, 0, 'h'},       {0, 0, 0, 0}};
    static const char *const VIEWS[] = {"progress", "todo", "tasks", "indicators", "exchanges", "platforms", NULL};
    const char *pairing = NULL, *view = "progress", *url = NULL;
    long year = 0, unit = 0;
    int json = 0, c, as_of_given = 0;
    dk_date as_of = date_today();
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end;
        errno = 0;
        switch (c) {
        case 'p': pairing = optarg; break;
        case 'y':
            year = strtol(optarg, &end, 10);
            if (errno || *end || year < 1990 || year > 2100) {
                fprintf(stderr, "duikou report plan: --year must be a year such as 2018\n");
                return 2;
            }
            break;
        case 'u':
            unit = strtol(optarg, &end, 10);
            if (errno || *end || unit <= 0) {
                fprintf(stderr, "duikou report plan: --unit must be a unit id (see GET /api/v1/units)\n");
                return 2;
            }
            break;
        case 'v': view = optarg; break;
        case 'a':
            if (!date_parse(optarg, &as_of)) {
                fprintf(stderr, "duikou report plan: --as-of must be YYYY-MM-DD\n");
                return 2;
            }
            as_of_given = 1;
            break;
        case 'j': json = 1; break;
        case 'b': url = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    int known = 0;
    for (int i = 0; VIEWS[i]; i++) known |= strcmp(view, VIEWS[i]) == 0;
    const char *missing = !known ? "--view must be progress, todo, tasks, indicators, exchanges or platforms"
                          : strcmp(view, "todo") == 0 ? (unit ? NULL : "--unit is required for the todo view")
                          : !pairing ? "--pairing is required"
                          : (!year && (strcmp(view, "progress") == 0 || strcmp(view, "tasks") == 0)) ? "--year is required for this view"
                                                                                                      : NULL;
    if (missing) {
        fprintf(stderr, "duikou report plan: %s\n", missing);
        usage(stderr);
        return 2;
    }
    if (!as_of_given && strcmp(view, "progress") == 0) as_of = plan_report_default_as_of((int)year);
    int code = 0;
    db *d = cli_open_current(cli_db_url(url), &code);
    if (!d) return code;
    dk_err e;
    err_clear(&e);
    json_t *r = strcmp(view, "progress") == 0     ? plan_report_progress(d, pairing, (int)year, &as_of, 0, &e)
                : strcmp(view, "todo") == 0       ? plan_report_todo(d, unit, &as_of, 0, &e)
                : strcmp(view, "tasks") == 0      ? plan_report_tasks(d, pairing, (int)year, 0, &e)
                : strcmp(view, "indicators") == 0 ? plan_report_indicators(d, pairing, 0, &e)
                : strcmp(view, "exchanges") == 0  ? plan_report_exchanges(d, pairing, 0, &e)
                                                  : plan_report_platforms(d, pairing, 0, &e);
    db_close(d);
    if (!r) return cli_fail(&e);
    if (json) {
        char *text = json_dumps(r, JSON_INDENT(2));
        puts(text);
        free(text);
    } else if (strcmp(view, "progress") == 0) print_progress(r);
    else print_other(view, r);
    json_decref(r);
    return 0;
}
