/*
 * fuzz_multipart.c — libFuzzer target for the ledger upload's multipart/form-data parsing
 * (api/upload.c over libmicrohttpd's post processor). The post processor needs a real
 * connection, so the target runs a libmicrohttpd daemon on a loopback port once and sends each
 * input as the body of a POST whose boundary is "XyZ"; the handler parses it as the server does
 * and checks what it got. Any body must give a parsed upload or a 4xx, never a crash or a leak.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "api/upload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
    do {            \
        if (!(cond)) abort(); \
    } while (0)

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    sbuf *body = *con_cls;
    if (!body) {
        body = calloc(1, sizeof *body);
        if (!body) abort();
        sb_init(body, 1u << 20);
        *con_cls = body;
        return MHD_YES;
    }
    if (*upload_size) {
        sb_append(body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    struct http_resp resp;
    memset(&resp, 0, sizeof resp);
    sb_init(&resp.body, 0);
    struct upload u;
    int status = 200;
    if (upload_parse(conn, sb_str(body), body->len, &u, &resp) == 0) {
        CHECK(u.file_parts == 1 && u.file.len <= UPLOAD_FILE_MAX && !u.unknown);
        sb_free(&u.file);
    } else {
        CHECK(resp.status >= 400 && resp.status < 500 && resp.body.len > 0);
        status = resp.status;
    }
    sb_free(&resp.body);
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

static struct MHD_Daemon *daemon_;
static uint16_t port_;

static void stop_daemon(void)
{
    MHD_stop_daemon(daemon_);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!daemon_) {
        struct sockaddr_in a;
        memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR,
                                   (struct sockaddr *)&a, MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL, MHD_OPTION_END);
        CHECK(daemon_);
        port_ = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT)->port;
        atexit(stop_daemon);
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(fd >= 0);
    struct sockaddr_in to;
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_port = htons(port_);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(connect(fd, (struct sockaddr *)&to, sizeof to) == 0);
    char head[256];
    int n = snprintf(head, sizeof head,
                     "POST /api/v1/imports HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                     "Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: %zu\r\n\r\n",
                     size);
    CHECK(write(fd, head, (size_t)n) == n);
    for (size_t off = 0; off < size;) {
        ssize_t w = write(fd, data + off, size - off);
        if (w <= 0) break;
        off += (size_t)w;
    }
    char buf[4096];
    size_t got = 0;
    ssize_t r;
    while ((r = read(fd, buf, sizeof buf)) > 0) got += (size_t)r;
    close(fd);
    CHECK(got > 12 && memcmp(buf, "HTTP/1.1 ", 9) == 0);
    return 0;
}
