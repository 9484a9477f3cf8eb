/* report.c — `duikou report`: the summary a leader reads, as text or JSON. */
#include "cli/cli.h"
#include "core/dates.h"
#include "core/money.h"
#include "service/report.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: duikou report [--pairing CODE] [--year Y] [--as-of YYYY-MM-DD] [--json] [--db URL]\n"
          "       duikou report plan --pairing CODE [--year Y] [--view VIEW] …   (duikou report plan --help)\n"
          "  The headline (projects, planned and completed investment, share and rank of the host's\n"
          "  introduced capital) and breakdowns, computed from the records as of the date\n"
          "  (default: the end of the year, or today for the current year).\n",
          f);
}

static void print_breakdown(const char *title, json_t *arr)
{
    printf("\n%s\n", title);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        json_t *name = json_object_get(v, "name");
        char planned[40], completed[40];
        money_format_text(json_integer_value(json_object_get(v, "planned_investment")), MONEY_YI, 2, planned, sizeof planned);
        money_format_text(json_integer_value(json_object_get(v, "completed_investment")), MONEY_YI, 2, completed,
                          sizeof completed);
        printf("  %-10s %5lld 个  计划 %14s  完成 %14s  %s\n", json_string_value(json_object_get(v, "key")),
               (long long)json_integer_value(json_object_get(v, "count")), planned, completed,
               json_is_string(name) ? json_string_value(name) : "");
    }
}

int cli_report(int argc, char **argv)
{
    static const struct option opts[] = {{"pairing", required_argument, 0, 'p'}, {"year", required_argument, 0, 'y'},
                                         {"as-of", required_argument, 0, 'a'},   {"json", no_argument, 0, 'j'},
                                         {"db", required_argument, 0, 'b'},      {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    if (argc > 1 && strcmp(argv[1], "plan") == 0) return cli_report_plan(argc - 1, argv + 1);
    struct report_params p = {0};
    int json = 0, year_given = 0, as_of_given = 0, c;
    const char *url = NULL;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'p': p.pairing = optarg; break;
        case 'y': {
            char *end;
            errno = 0;
            long y = strtol(optarg, &end, 10);
            if (errno || *end || y < 1990 || y > 2999) {
                fprintf(stderr, "duikou report: --year must be a year such as 2017\n");
                return 2;
            }
            p.year = (int)y;
            year_given = 1;
            break;
        }
        case 'a':
            if (!date_parse(optarg, &p.as_of)) {
                fprintf(stderr, "duikou report: --as-of must be YYYY-MM-DD\n");
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
    report_defaults(&p, year_given, as_of_given);
    int code = 0;
    db *d = cli_open_current(cli_db_url(url), &code);
    if (!d) return code;
    dk_err e;
    err_clear(&e);
    json_t *r = report_summary(d, &p, &e);
    db_close(d);
    if (!r) return cli_fail(&e);
    if (json) {
        char *text = json_dumps(r, JSON_INDENT(2));
        puts(text);
        free(text);
    } else {
        json_t *t = json_object_get(r, "text");
        printf("%s\n", json_string_value(json_object_get(t, "summary")));
        print_breakdown("按阶段 (by stage)", json_object_get(r, "by_stage"));
        print_breakdown("按行业门类 (by industry)", json_object_get(r, "by_industry"));
        print_breakdown("按投资方来源地 (by origin)", json_object_get(r, "by_origin"));
        print_breakdown("按项目所在地 (by host county)", json_object_get(r, "by_county"));
        printf("\n阶段漏斗 (funnel)\n");
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(r, "funnel"), i, v) {
            int64_t bp = json_integer_value(json_object_get(v, "conversion_bp"));
            printf("  %-10s %5lld 个  转化率 %lld.%02lld%%\n", json_string_value(json_object_get(v, "name")),
                   (long long)json_integer_value(json_object_get(v, "reached")), (long long)(bp / 100), (long long)(bp % 100));
        }
        printf("\n预警 (warnings)");
        json_array_foreach(json_object_get(r, "by_colour"), i, v)
            printf("  %s %lld", json_string_value(json_object_get(v, "name")), (long long)json_integer_value(json_object_get(v, "count")));
        printf("\n");
    }
    json_decref(r);
    return 0;
}
