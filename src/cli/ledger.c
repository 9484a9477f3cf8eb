/*
 * ledger.c — `duikou import` and `duikou export`: Excel/CSV ledgers in and out. The command
 * line acts as the administrator ("cli") unless --as names an account, whose role and scope
 * then apply to every row.
 */
#include "cli/cli.h"
#include "service/exports.h"
#include "service/imports.h"
#include "store/accounts.h"
#include <fcntl.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void import_usage(FILE *f)
{
    fputs("usage: duikou import FILE [--kind projects|progress|stats|items] [--sheet NAME|N] [--encoding utf-8|gb18030]\n"
          "                          [--dry-run] [--as LOGIN] [--json] [--db URL]\n"
          "  Reads an .xlsx or .csv ledger (title and unit rows, header, data, 合计 rows as offices make\n"
          "  them) and upserts its rows, all or nothing: any problem is listed by sheet, row and column\n"
          "  and nothing is written. --dry-run shows what would be added and changed.\n",
          f);
}

/* Maps the file read-only into *out (unmap with munmap(*out, *len) when *len > 0): the pages
 * are read as the reader reaches them and can be dropped again, so a big ledger is never
 * copied into the heap. */
static int map_file(const char *path, const char **out, size_t *len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return -1;
    }
    *len = (size_t)st.st_size;
    *out = "";
    if (*len > 0) {
        void *p = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            close(fd);
            return -1;
        }
        *out = p;
    }
    close(fd);
    return 0;
}

/* The progress bar: only when stderr is a terminal, and only for files over 1 MiB. */
static void progress(void *ctx, uint64_t done, uint64_t total)
{
    if (!total) return;
    int pct = (int)(done * 100 / total), *last = ctx;
    if (pct == *last) return;
    *last = pct;
    char bar[41];
    memset(bar, '#', (size_t)(pct * 40 / 100));
    memset(bar + pct * 40 / 100, '.', (size_t)(40 - pct * 40 / 100));
    bar[40] = '\0';
    fprintf(stderr, "\r[%s] %3d%%", bar, pct);
    if (pct >= 100) fputc('\n', stderr);
}

/* The actor for --as LOGIN, or the command line's administrator (cli_actor). */
static int acting_as(db *d, const char *login, struct account *acc, struct actor *who, dk_err *e)
{
    *who = cli_actor;
    if (!login) return DK_OK;
    int rc = accounts_by_login(d, login, acc, NULL, 0, e);
    if (rc != DK_OK) return rc;
    *who = (struct actor){acc->login, acc->role, acc->unit_id, NULL, acc->pairing_id, acc->side[0] ? acc->side : NULL,
                          acc->can_export, acc->id};
    return DK_OK;
}

static void print_report(json_t *r)
{
    json_t *problems = json_object_get(r, "problems");
    size_t i;
    json_t *p;
    json_array_foreach(problems, i, p) {
        const char *sheet = json_string_value(json_object_get(p, "sheet"));
        fprintf(stderr, "%s%s第 %lld 行 %s列%s%s%s：%s  值「%s」\n", sheet && *sheet ? sheet : "", sheet && *sheet ? " " : "",
                (long long)json_integer_value(json_object_get(p, "row")), json_string_value(json_object_get(p, "column")),
                *json_string_value(json_object_get(p, "header")) ? "（" : "", json_string_value(json_object_get(p, "header")),
                *json_string_value(json_object_get(p, "header")) ? "）" : "", json_string_value(json_object_get(p, "message")),
                json_string_value(json_object_get(p, "value")));
    }
    json_array_foreach(json_object_get(r, "changes"), i, p) {
        char *fields = json_dumps(json_object_get(p, "fields"), JSON_COMPACT | JSON_SORT_KEYS);
        printf("第 %lld 行 %s %s %s\n", (long long)json_integer_value(json_object_get(p, "row")),
               strcmp(json_string_value(json_object_get(p, "action")), "add") == 0 ? "新增" : "修改",
               json_is_string(json_object_get(p, "key")) ? json_string_value(json_object_get(p, "key")) : "",
               fields ? fields : "");
        free(fields);
    }
    printf("%s：%lld 行；新增 %lld，修改 %lld，未变 %lld%s%s\n", json_is_true(json_object_get(r, "dry_run")) ? "试导入（未写入）" : "导入",
           (long long)json_integer_value(json_object_get(r, "rows")), (long long)json_integer_value(json_object_get(r, "added")),
           (long long)json_integer_value(json_object_get(r, "changed")),
           (long long)json_integer_value(json_object_get(r, "unchanged")),
           json_is_string(json_object_get(r, "change_set")) ? "；变更集 " : "",
           json_is_string(json_object_get(r, "change_set")) ? json_string_value(json_object_get(r, "change_set")) : "");
}

int cli_import(int argc, char **argv)
{
    static const struct option opts[] = {{"kind", required_argument, 0, 'k'},   {"sheet", required_argument, 0, 's'},
                                         {"encoding", required_argument, 0, 'e'}, {"dry-run", no_argument, 0, 'n'},
                                         {"as", required_argument, 0, 'a'},       {"json", no_argument, 0, 'j'},
                                         {"db", required_argument, 0, 'b'},       {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    struct import_request rq = {0};
    const char *url = NULL, *as = NULL;
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'k': rq.kind = optarg; break;
        case 's': rq.sheet = optarg; break;
        case 'e': rq.encoding = optarg; break;
        case 'n': rq.dry_run = 1; break;
        case 'a': as = optarg; break;
        case 'j': json = 1; break;
        case 'b': url = optarg; break;
        case 'h': import_usage(stdout); return 0;
        default: import_usage(stderr); return 2;
        }
    }
    if (optind != argc - 1) {
        import_usage(stderr);
        return 2;
    }
    rq.file_name = argv[optind];
    if (sodium_init() < 0) return 1; /* the change set's id and the file's hash */
    const char *data = NULL;
    size_t len = 0;
    if (map_file(rq.file_name, &data, &len) != 0) {
        perror(rq.file_name);
        return 2;
    }
    rq.data = data;
    rq.len = len;
    int last = -1;
    if (isatty(STDERR_FILENO) && len > ((size_t)1 << 20)) {
        rq.progress = progress;
        rq.progress_ctx = &last;
    }
    int code = 0;
    db *d = cli_open_current(cli_db_url(url), &code);
    if (!d) {
        if (len) munmap((void *)data, len);
        return code;
    }
    dk_err e;
    err_clear(&e);
    struct account acc;
    struct actor who;
    json_t *report = NULL;
    int rc = acting_as(d, as, &acc, &who, &e);
    if (rc == DK_OK) rc = imports_run(d, &who, &rq, &report, &e);
    if (report) {
        if (json) {
            char *s = json_dumps(report, JSON_INDENT(2) | JSON_SORT_KEYS);
            puts(s);
            free(s);
        } else {
            print_report(report);
        }
    }
    json_decref(report);
    db_close(d);
    if (len) munmap((void *)data, len);
    return rc == DK_OK ? 0 : cli_fail(&e);
}

static void export_usage(FILE *f)
{
    fputs("usage: duikou export projects|schedule|summary|items|template [KIND] [-o FILE] [--format xlsx|csv]\n"
          "                     [--encoding utf-8|gb18030] [--pairing CODE] [--month YYYY-MM] [--year Y]\n"
          "                     [--as-of YYYY-MM-DD] [--as LOGIN] [--db URL]\n"
          "  projects: the project ledger (--pairing filters); schedule: the monthly 调度表 of a pairing\n"
          "  (--month, default last month); summary: the summary report's tables (--year, --as-of);\n"
          "  items: a pairing's annual work plan (--pairing, --year, --as-of) with status and warnings;\n"
          "  template KIND: a blank ledger for `duikou import --kind KIND`.\n"
          "  Writes FILE (default: standard output).\n",
          f);
}

int cli_export(int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, 0, 'f'},  {"encoding", required_argument, 0, 'e'},
                                         {"pairing", required_argument, 0, 'p'}, {"month", required_argument, 0, 'm'},
                                         {"as-of", required_argument, 0, 'd'},   {"as", required_argument, 0, 'a'},
                                         {"year", required_argument, 0, 'y'},
                                         {"db", required_argument, 0, 'b'},      {"output", required_argument, 0, 'o'},
                                         {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    struct project_filter f;
    memset(&f, 0, sizeof f);
    f.stage = -1;
    struct export_request rq = {0};
    rq.filter = &f;
    rq.colour = -1;
    rq.as_of = date_today();
    const char *url = NULL, *as = NULL, *output = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        switch (c) {
        case 'f': rq.format = optarg; break;
        case 'e': rq.encoding = optarg; break;
        case 'p': rq.pairing = f.pairing = optarg; break;
        case 'm': rq.month = optarg; break;
        case 'd':
            if (!date_parse(optarg, &rq.as_of)) {
                fprintf(stderr, "duikou export: --as-of must be YYYY-MM-DD\n");
                return 2;
            }
            rq.as_of_given = 1;
            break;
        case 'y': {
            char *end;
            long y = strtol(optarg, &end, 10);
            if (*end || y < 1990 || y > 2999) {
                fprintf(stderr, "duikou export: --year must be a year such as 2017\n");
                return 2;
            }
            rq.year = (int)y;
            break;
        }
        case 'a': as = optarg; break;
        case 'b': url = optarg; break;
        case 'o': output = optarg; break;
        case 'h': export_usage(stdout); return 0;
        default: export_usage(stderr); return 2;
        }
    }
    if (optind >= argc) {
        export_usage(stderr);
        return 2;
    }
    rq.what = argv[optind];
    if (optind + 1 < argc) rq.kind = argv[optind + 1];
    int code = 0;
    db *d = cli_open_current(cli_db_url(url), &code);
    if (!d) return code;
    dk_err e;
    err_clear(&e);
    struct account acc;
    struct actor who;
    char *out = NULL, name[128];
    size_t len = 0;
    const char *type;
    int rc = acting_as(d, as, &acc, &who, &e);
    if (rc == DK_OK) rc = exports_render(d, &who, &rq, &out, &len, &type, name, sizeof name, &e);
    db_close(d);
    if (rc != DK_OK) return cli_fail(&e);
    FILE *fo = output ? fopen(output, "wb") : stdout;
    int bad = !fo || fwrite(out, 1, len, fo) != len;
    if (fo && fo != stdout) bad |= fclose(fo) != 0;
    free(out);
    if (bad) {
        perror(output ? output : "stdout");
        return 1;
    }
    return 0;
}
