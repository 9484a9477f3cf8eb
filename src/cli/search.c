/*
 * search.c — `duikou search TEXT [--kind K,…] [--pairing CODE] [--limit N] [--json]` runs the
 * same search as GET /api/v1/search (with every pairing in view); `duikou search --rebuild`
 * rebuilds the index from the records.
 */
#include "cli/cli.h"
#include "service/search.h"
#include "store/audit.h"
#include "store/search_index.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: duikou search TEXT [--kind KIND,…] [--pairing CODE] [--limit N] [--json] [--db URL]\n"
          "       duikou search --rebuild [--db URL]\n"
          "  Finds projects, problems, units, work items and their updates, key tasks, meetings,\n  platforms and exchanges as a Chinese user types: Traditional finds Simplified\n"
          "  (沈陽 → 沈阳), full-width finds half-width (ＡＢＣ → abc), one or two characters are enough.\n"
          "  Words separated by spaces must all match; \"quoted text\" is an exact phrase; a word ending\n"
          "  in * is a prefix (BJSY-2017*). Kinds: project, problem, unit, work_item, item_update,\n"
          "  key_task, meeting, platform, exchange.\n"
          "  --rebuild  rebuild the search index from the records (after restoring a backup by hand)\n",
          f);
}

static void print_text(json_t *res)
{
    size_t gi, ii;
    json_t *g, *it;
    json_array_foreach(json_object_get(res, "groups"), gi, g) {
        printf("%s (%s)\n", json_string_value(json_object_get(g, "label")), json_string_value(json_object_get(g, "kind")));
        json_array_foreach(json_object_get(g, "items"), ii, it) {
            printf("  %-6lld %s  [%s]\n      %s\n", (long long)json_integer_value(json_object_get(it, "id")),
                   json_string_value(json_object_get(it, "title")), json_string_value(json_object_get(it, "pairing")),
                   json_string_value(json_object_get(it, "snippet")));
        }
    }
    if (json_integer_value(json_object_get(res, "count")) == 0) puts("没有找到 (nothing found)");
}

/* Rebuilds the index and audits that it was, in one transaction. */
static int rebuild(db *d)
{
    dk_err e;
    err_clear(&e);
    int64_t n = 0;
    int rc = db_begin_write(d, &e);
    if (rc == DK_OK) rc = search_index_rebuild(d, &n, &e);
    if (rc == DK_OK) {
        json_t *detail = json_pack("{s:I}", "records", (json_int_t)n);
        rc = audit_append(d, &cli_actor, "search.rebuild", "search_docs", 0, detail, &e);
        json_decref(detail);
    }
    if (rc == DK_OK) rc = db_commit(d, &e);
    if (rc != DK_OK) {
        db_rollback(d);
        return cli_fail(&e);
    }
    printf("duikou: search index rebuilt (%lld records)\n", (long long)n);
    return 0;
}

int cli_search(int argc, char **argv)
{
    static const struct option opts[] = {{"kind", required_argument, 0, 'k'}, {"pairing", required_argument, 0, 'p'},
                                         {"limit", required_argument, 0, 'l'}, {"json", no_argument, 0, 'j'},
                                         {"rebuild", no_argument, 0, 'r'},       {"db", required_argument, 0, 'b'},
                                         {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    struct search_params p = {0};
    const char *url = NULL;
    int as_json = 0, do_rebuild = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'k': p.kinds = optarg; break;
        case 'p': p.pairing = optarg; break;
        case 'l': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > SEARCH_LIMIT_MAX) {
                fprintf(stderr, "duikou: --limit must be 1 to %d\n", SEARCH_LIMIT_MAX);
                return 2;
            }
            p.limit = (int)v;
            break;
        }
        case 'j': as_json = 1; break;
        case 'r': do_rebuild = 1; break;
        case 'b': url = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (do_rebuild ? optind != argc : optind != argc - 1) {
        usage(stderr);
        return 2;
    }
    int code = 0;
    db *d = cli_open_current(cli_db_url(url), &code);
    if (!d) return code;
    if (do_rebuild) {
        code = rebuild(d);
        db_close(d);
        return code;
    }
    p.q = argv[optind];
    static const struct snippet_style style = {"[", "]", 0, 60};
    dk_err e;
    err_clear(&e);
    json_t *res = search_run(d, &cli_actor, &p, &style, &e);
    db_close(d);
    if (!res) return cli_fail(&e);
    if (as_json) {
        char *text = json_dumps(res, JSON_INDENT(1));
        puts(text);
        free(text);
    } else print_text(res);
    json_decref(res);
    return 0;
}
