/*
 * baseline.c — the benchmarks' yardstick: a bare libmicrohttpd server answering every request
 * with the same fixed 1 KB JSON body, threaded as `duikou serve` is (an internal epoll polling
 * thread and a pool of 4 worker threads, the same connection limit and timeout). bench/run.mjs
 * builds it, runs it beside duikou in the same run, and reports duikou's figures as ratios to
 * it, so that a shared, noisy machine's speed cancels out.
 *
 * usage: baseline PORT [THREADS]
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char body[1024];

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url, const char *method, const char *version,
                              const char *upload, size_t *upload_size, void **state)
{
    (void)cls, (void)url, (void)method, (void)version, (void)upload, (void)upload_size;
    if (!*state) { /* the first call is for the headers only */
        *state = body;
        return MHD_YES;
    }
    *upload_size = 0;
    struct MHD_Response *r = MHD_create_response_from_buffer(sizeof body, body, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

/* Fills body with a 1024-byte JSON object shaped like a short list answer. */
static void make_body(void)
{
    size_t n = (size_t)snprintf(body, sizeof body, "{\"items\":[");
    for (int i = 0; n < sizeof body - 80; i++)
        n += (size_t)snprintf(body + n, sizeof body - n, "%s{\"id\":%d,\"code\":\"BK-%06d\",\"stage\":\"landed\"}", i ? "," : "", i + 1, i + 1);
    n += (size_t)snprintf(body + n, sizeof body - n, "],\"total\":1,\"pad\":\"");
    while (n < sizeof body - 2) body[n++] = 'x';
    body[n++] = '"';
    body[n] = '}';
}

static volatile sig_atomic_t stop;
static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: baseline PORT [THREADS]\n");
        return 2;
    }
    int port = (int)strtol(argv[1], NULL, 10), threads = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 4;
    make_body();
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* loopback only, as the benchmarks use it */
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC, (uint16_t)port, NULL, NULL,
                                            answer, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
                                            MHD_OPTION_CONNECTION_LIMIT, 1000u, MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "baseline: cannot listen on port %d\n", port);
        return 1;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    while (!stop) pause();
    MHD_stop_daemon(d);
    return 0;
}
