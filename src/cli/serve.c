/* serve.c — `duikou serve`: the JSON API over HTTP until SIGINT/SIGTERM. */
#include "cli/cli.h"
#include "http/http.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static void usage(FILE *f)
{
    fputs("usage: duikou serve [--db URL] [--listen HOST:PORT] [--threads N] [--trust-proxy]\n"
          "  Serves the JSON API under /api/v1 (default http://127.0.0.1:8080). Callers sign in\n"
          "  (POST /api/v1/auth/login, a session cookie) or send an API token (Authorization: Bearer).\n"
          "  --threads N       worker threads and database connections (default 4)\n"
          "  --trust-proxy     behind nginx: the client's address is the last X-Forwarded-For entry\n"
          "                    (for the audit trail and sign-in throttling)\n"
          "  Limits: request body 1 MiB, request line and headers 32 KiB, 1000 connections,\n"
          "  30 s idle timeout. One access-log line per request on stderr.\n",
          f);
}

int cli_serve(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'b'},      {"listen", required_argument, 0, 'l'},
                                         {"threads", required_argument, 0, 't'},  {"trust-proxy", no_argument, 0, 'p'},
                                         {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    struct http_config cfg = {
        .listen = "127.0.0.1:8080",
        .threads = 4,
        .max_body = 1 << 20,
        .connection_limit = 1000,
        .timeout_s = 30,
        .header_memory = 32 * 1024,
    };
    const char *url = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'b': url = optarg; break;
        case 'l': cfg.listen = optarg; break;
        case 't': {
            char *end;
            errno = 0;
            long n = strtol(optarg, &end, 10);
            if (errno || *end || n < 1 || n > 256) {
                fprintf(stderr, "duikou serve: --threads must be 1–256\n");
                return 2;
            }
            cfg.threads = (int)n;
            break;
        }
        case 'p': cfg.trust_proxy = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    url = cli_db_url(url);
    int code = 0;
    db *check = cli_open_current(url, &code);
    if (!check) return code;
    db_close(check);
    dk_err e;
    err_clear(&e);
    cfg.pool = db_pool_open(url, cfg.threads, &e);
    if (!cfg.pool) return cli_fail(&e);
    int rc = http_serve(&cfg);
    db_pool_close(cfg.pool);
    if (rc == 0) fprintf(stderr, "duikou: stopped, database closed\n");
    return rc;
}
