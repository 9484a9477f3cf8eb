/* loopback.c — the in-process libmicrohttpd daemon of the fuzz targets (see loopback.h). */
#include "loopback.h"
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static struct MHD_Daemon *g_daemon;
static uint16_t g_port;
static loopback_fn g_fn; /* the callback the daemon was started with */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    sbuf *body = *con_cls;
    if (!body) {
        body = calloc(1, sizeof *body);
        if (!body) abort();
        sb_init(body, (size_t)32 << 20);
        *con_cls = body;
        return MHD_YES;
    }
    if (*upload_size) {
        sb_append(body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    struct http_req req;
    memset(&req, 0, sizeof req);
    req.method = method;
    req.path = url;
    req.body = sb_str(body);
    req.body_len = body->len;
    req.conn = conn;
    int status = g_fn(&req);
    struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)status, r);
    MHD_destroy_response(r);
    return ret;
}

static void on_done(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    sbuf *body = *con_cls;
    if (body) {
        sb_free(body);
        free(body);
    }
    *con_cls = NULL;
}

static void stop_daemon(void)
{
    MHD_stop_daemon(g_daemon);
    g_daemon = NULL;
}

static void send_all(int fd, const void *data, size_t len)
{
    for (size_t off = 0; off < len;) {
        ssize_t w = send(fd, (const char *)data + off, len - off, MSG_NOSIGNAL);
        if (w <= 0) return; /* the daemon answered early and closed: its answer is read below */
        off += (size_t)w;
    }
}

int loopback_request(loopback_fn fn, const char *method, const char *target, const char *headers, const void *body,
                     size_t len)
{
    if (!g_daemon) {
        g_fn = fn;
        struct sockaddr_in a;
        memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        /* one thread answers, one request at a time */
        g_daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, on_request, NULL,
                                    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&a, MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
                                    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024, MHD_OPTION_END);
        if (!g_daemon) {
            fprintf(stderr, "loopback: MHD_start_daemon failed\n");
            abort();
        }
        g_port = MHD_get_daemon_info(g_daemon, MHD_DAEMON_INFO_BIND_PORT)->port;
        atexit(stop_daemon);
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in to;
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_port = htons(g_port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&to, sizeof to) != 0) {
        perror("loopback: connect");
        abort();
    }
    sbuf head;
    sb_init(&head, 0);
    sb_printf(&head, "%s %s HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n%sContent-Length: %zu\r\n\r\n", method, target,
              headers, len);
    send_all(fd, sb_str(&head), head.len);
    sb_free(&head);
    send_all(fd, body, len);
    char first[16], drain[4096];
    size_t got = 0;
    for (;;) { /* the status line is kept, the rest drained until the daemon closes */
        ssize_t r = got < sizeof first ? read(fd, first + got, sizeof first - got) : read(fd, drain, sizeof drain);
        if (r <= 0) break;
        if (got < sizeof first) got += (size_t)r;
    }
    close(fd);
    if (got < 12 || memcmp(first, "HTTP/1.", 7) != 0) return 0;
    return (first[9] - '0') * 100 + (first[10] - '0') * 10 + (first[11] - '0');
}
