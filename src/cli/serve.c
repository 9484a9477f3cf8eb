/* serve.c — `duikou serve`: the JSON API over HTTP until SIGINT/SIGTERM. */
#include "cli/cli.h"
#include "http/http.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_PER_IP 100 /* without --trust-proxy: a tenth of the default connection limit */

static void usage(FILE *f)
{
    fputs("usage: duikou serve [--db URL] [--listen HOST:PORT] [--threads N] [--trust-proxy]\n"
          "                    [--max-connections N] [--per-ip N] [--timeout SECONDS] [--reuse-port]\n"
          "  Serves the JSON API under /api/v1 (default http://127.0.0.1:8080). Callers sign in\n"
          "  (POST /api/v1/auth/login, a session cookie) or send an API token (Authorization: Bearer).\n"
          "  --threads N          worker threads (default 4); the database pool holds N + 1 connections\n"
          "  --trust-proxy        behind nginx: the client's address is the last X-Forwarded-For entry\n"
          "                       (for the audit trail and sign-in throttling); no per-address limit\n"
          "  --max-connections N  connections kept open at once (default 1000); at the limit the one\n"
          "                       waiting longest for a request is closed to let a new client in\n"
          "  --per-ip N           connections from one client address (default 100, 0 = no limit;\n"
          "                       not with --trust-proxy, where nginx's limit_conn does it)\n"
          "  --timeout SECONDS    how long a kept-alive connection waits for its next request, and a\n"
          "                       stalled transfer for its next byte (default 30); a new connection's\n"
          "                       first request must be in within 10 s (or SECONDS if less)\n"
          "  --reuse-port         let several duikou processes listen on the same address (the kernel\n"
          "                       spreads new connections over them; on PostgreSQL, or to start a new\n"
          "                       process before the old one stops)\n"
          "  Limits: request body 1 MiB (ledger uploads 32 MiB, 4 at a time, imported one at a\n"
          "  time), 64 MiB of request bodies held at once, request line and headers 32 KiB.\n"
          "  One access-log line per request on stderr. See docs/operations.md.\n",
          f);
}

/* Parses a whole number in [lo, hi] for option name; returns 0, or 2 after the message. */
static int number_arg(const char *name, const char *text, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(text, &end, 10);
    if (errno || end == text || *end || n < lo || n > hi) {
        fprintf(stderr, "duikou serve: %s must be %ld–%ld\n", name, lo, hi);
        return 2;
    }
    *out = n;
    return 0;
}

int cli_serve(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'b'},
                                         {"listen", required_argument, 0, 'l'},
                                         {"threads", required_argument, 0, 't'},
                                         {"trust-proxy", no_argument, 0, 'p'},
                                         {"max-connections", required_argument, 0, 'm'},
                                         {"per-ip", required_argument, 0, 'i'},
                                         {"timeout", required_argument, 0, 'o'},
                                         {"reuse-port", no_argument, 0, 'r'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    struct http_config cfg = {
        .listen = "127.0.0.1:8080",
        .threads = 4,
        .max_body = 1 << 20,
        .connection_limit = 1000,
        .timeout_s = 30,
        .header_memory = 32 * 1024,
    };
    const char *url = NULL;
    long per_ip = -1, n;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'b': url = optarg; break;
        case 'l': cfg.listen = optarg; break;
        case 't':
            if (number_arg("--threads", optarg, 1, 256, &n)) return 2;
            cfg.threads = (int)n;
            break;
        case 'p': cfg.trust_proxy = 1; break;
        case 'm':
            if (number_arg("--max-connections", optarg, 1, 100000, &n)) return 2;
            cfg.connection_limit = (unsigned)n;
            break;
        case 'i':
            if (number_arg("--per-ip", optarg, 0, 100000, &per_ip)) return 2;
            break;
        case 'o':
            if (number_arg("--timeout", optarg, 1, 3600, &n)) return 2;
            cfg.timeout_s = (unsigned)n;
            break;
        case 'r': cfg.reuse_port = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (cfg.trust_proxy && per_ip > 0) {
        fprintf(stderr, "duikou serve: --per-ip cannot be used with --trust-proxy: every connection comes from the proxy "
                        "(limit clients in nginx: limit_conn)\n");
        return 2;
    }
    cfg.per_ip = per_ip >= 0 ? (unsigned)per_ip : cfg.trust_proxy ? 0 : DEFAULT_PER_IP;
    url = cli_db_url(url);
    int code = 0;
    db *check = cli_open_current(url, &code);
    if (!check) return code;
    db_close(check);
    dk_err e;
    err_clear(&e);
    cfg.pool = db_pool_open(url, cfg.threads + 1, &e);
    if (!cfg.pool) return cli_fail(&e);
    int rc = http_serve(&cfg);
    db_pool_close(cfg.pool);
    if (rc == 0) fprintf(stderr, "duikou: stopped, database closed\n");
    return rc;
}
