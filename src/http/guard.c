/*
 * guard.c — the connection guard (see guard.h): a table of the open connections under one lock,
 * the accept policy that consults it, and a clock thread that closes connections past their
 * deadlines.
 *
 * libmicrohttpd's own timeout counts from a connection's last byte, so a client that sends one
 * header byte a second (slowloris) is never timed out, and at its connection limit it stops
 * accepting, so new clients wait in the kernel's backlog until someone leaves. The guard puts
 * deadlines on the phases instead: a new connection's first request must be in within
 * header_timeout_s, a kept-alive connection's next request within timeout_s of the last one, a
 * body within timeout_s plus a second per BODY_RATE bytes; and at max_connections it closes the
 * connection that has waited longest without a request (or whose body has stalled for
 * STALL_S) to let the newcomer in. A connection being answered is never touched.
 *
 * The clock also looks (MSG_PEEK) at connections quiet for a second: libmicrohttpd 0.9.75 takes a
 * short read for "nothing more to read", so when a client's last bytes and its FIN arrive
 * together (an upload cancelled halfway) it never reads the end-of-file and keeps the
 * connection — and the upload's place — until its timeout. The guard closes those at once.
 *
 * Closing is shutdown(2) on the connection's socket: libmicrohttpd reads end-of-file and closes
 * it on its own thread. The table entry goes (under the lock) in the CLOSED notification, which
 * libmicrohttpd sends before it closes the descriptor, so a shutdown under the lock always hits
 * the connection it means, never a new one that reused the number.
 */
#include "http/guard.h"
#include "util/xmalloc.h"
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BODY_RATE (16.0 * 1024) /* bytes a second a body must average, past timeout_s */
#define STALL_S 2.0             /* a body with no byte for this long may make room for others */
#define REPORT_S 60.0           /* at most one summary line on stderr per this */
#define QUIET_S 1.0             /* a connection this quiet is looked at for an end-of-file */

enum phase { WAITING, RECEIVING, ANSWERING };

struct slot {
    int used;
    int closing;            /* shut down by the guard; libmicrohttpd has yet to close it */
    int fd;
    int family;
    unsigned char addr[16]; /* the client's address (4 or 16 bytes) */
    enum phase phase;
    double since;           /* WAITING: since when; RECEIVING: since the headers */
    double progress;        /* RECEIVING: when body bytes last arrived */
    double deadline;        /* closed past this (0: none) */
    int next_free;
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t clock;
    int running;
    struct guard_config cfg;
    struct slot *slots;
    int free_head;
    unsigned open;          /* used and not closing */
    /* since the last summary line */
    unsigned long refused_ip, refused_full, made_room, expired;
    double reported;
} G;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The address bytes of sa into out (16 bytes); returns the family, 0 when unknown. */
static int addr_key(const struct sockaddr *sa, unsigned char out[16])
{
    memset(out, 0, 16);
    if (!sa) return 0;
    if (sa->sa_family == AF_INET) {
        memcpy(out, &((const struct sockaddr_in *)sa)->sin_addr, 4);
        return AF_INET;
    }
    if (sa->sa_family == AF_INET6) {
        memcpy(out, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
        return AF_INET6;
    }
    return 0;
}

/* Closes s (the caller holds the lock). */
static void close_slot(struct slot *s)
{
    if (s->closing) return;
    s->closing = 1;
    G.open--;
    shutdown(s->fd, SHUT_RDWR);
}

/* The connection to close to make room: the one waiting longest for a request, else the one
 * whose body stalled longest ago; NULL when every connection is busy. Caller holds the lock. */
static struct slot *room_victim(double now)
{
    struct slot *best = NULL, *stalled = NULL;
    for (unsigned i = 0; i < G.cfg.slots; i++) {
        struct slot *s = &G.slots[i];
        if (!s->used || s->closing) continue;
        if (s->phase == WAITING && (!best || s->since < best->since)) best = s;
        if (s->phase == RECEIVING && now - s->progress >= STALL_S && (!stalled || s->progress < stalled->progress)) stalled = s;
    }
    return best ? best : stalled;
}

enum MHD_Result guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
    (void)cls;
    (void)addrlen;
    unsigned char key[16];
    int family = addr_key(addr, key);
    enum MHD_Result ok = MHD_YES;
    pthread_mutex_lock(&G.lock);
    if (G.cfg.per_ip && family) {
        unsigned same = 0;
        for (unsigned i = 0; i < G.cfg.slots; i++) {
            const struct slot *s = &G.slots[i];
            if (s->used && !s->closing && s->family == family && memcmp(s->addr, key, 16) == 0) same++;
        }
        if (same >= G.cfg.per_ip) {
            G.refused_ip++;
            ok = MHD_NO;
        }
    }
    if (ok == MHD_YES && G.open >= G.cfg.max_connections) {
        struct slot *victim = room_victim(now_s());
        if (victim) {
            close_slot(victim);
            G.made_room++;
        } else {
            G.refused_full++;
            ok = MHD_NO;
        }
    }
    pthread_mutex_unlock(&G.lock);
    return ok;
}

void guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context, enum MHD_ConnectionNotificationCode code)
{
    (void)cls;
    if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        struct slot *s = *socket_context;
        if (!s) return;
        pthread_mutex_lock(&G.lock);
        if (!s->closing) G.open--;
        s->used = 0;
        s->next_free = G.free_head;
        G.free_head = (int)(s - G.slots);
        pthread_mutex_unlock(&G.lock);
        *socket_context = NULL;
        return;
    }
    const union MHD_ConnectionInfo *fi = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    const union MHD_ConnectionInfo *ai = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    *socket_context = NULL;
    if (!fi) return;
    pthread_mutex_lock(&G.lock);
    if (G.free_head < 0) { /* more than libmicrohttpd's own limit: cannot happen, but never index past the table */
        shutdown(fi->connect_fd, SHUT_RDWR);
        pthread_mutex_unlock(&G.lock);
        return;
    }
    struct slot *s = &G.slots[G.free_head];
    G.free_head = s->next_free;
    memset(s, 0, sizeof *s);
    s->used = 1;
    s->fd = fi->connect_fd;
    s->family = addr_key(ai ? ai->client_addr : NULL, s->addr);
    s->phase = WAITING;
    s->since = now_s();
    s->deadline = s->since + G.cfg.header_timeout_s;
    G.open++;
    *socket_context = s;
    pthread_mutex_unlock(&G.lock);
}

/* The connection's table entry, or NULL (a connection the guard could not register). */
static struct slot *slot_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* What server.c reports of a request (see guard.h). */
enum event { BEGINS, BODY_ARRIVES, ANSWERING_NOW, ENDS };

static void request_event(struct MHD_Connection *conn, enum event ev, size_t body_max)
{
    struct slot *s = slot_of(conn);
    if (!s) return;
    double now = now_s();
    pthread_mutex_lock(&G.lock);
    switch (ev) {
    case BEGINS:
        s->phase = body_max ? RECEIVING : ANSWERING;
        s->since = s->progress = now;
        s->deadline = body_max ? now + G.cfg.timeout_s + (double)body_max / BODY_RATE : 0;
        break;
    case BODY_ARRIVES: s->progress = now; break;
    case ANSWERING_NOW:
        s->phase = ANSWERING;
        s->deadline = 0;
        break;
    case ENDS:
        s->phase = WAITING;
        s->since = now;
        s->deadline = now + G.cfg.timeout_s;
        break;
    }
    pthread_mutex_unlock(&G.lock);
}

void guard_request_begins(struct MHD_Connection *conn, size_t body_max) { request_event(conn, BEGINS, body_max); }
void guard_body_arrives(struct MHD_Connection *conn) { request_event(conn, BODY_ARRIVES, 0); }
void guard_request_answering(struct MHD_Connection *conn) { request_event(conn, ANSWERING_NOW, 0); }
void guard_request_ends(struct MHD_Connection *conn) { request_event(conn, ENDS, 0); }

void guard_close_waiting(void)
{
    pthread_mutex_lock(&G.lock);
    for (unsigned i = 0; i < G.cfg.slots; i++)
        if (G.slots[i].used && G.slots[i].phase == WAITING) close_slot(&G.slots[i]);
    pthread_mutex_unlock(&G.lock);
}

/* 1 when the client has closed its end and left nothing unread. */
static int peer_gone(int fd)
{
    char c;
    ssize_t n = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

/* The clock: four times a second, closes what is past its deadline, and once a second what the
 * client has left; once a minute at most, a line on stderr saying what the guard refused and
 * closed. */
static void *clock_main(void *arg)
{
    (void)arg;
    unsigned tick = 0;
    pthread_mutex_lock(&G.lock);
    while (G.running) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 250 * 1000 * 1000;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&G.wake, &G.lock, &until);
        double now = now_s();
        int look = ++tick % 4 == 0;
        for (unsigned i = 0; i < G.cfg.slots; i++) {
            struct slot *s = &G.slots[i];
            if (!s->used || s->closing) continue;
            if (s->deadline > 0 && now > s->deadline) {
                close_slot(s);
                G.expired++;
            } else if (look && s->phase != ANSWERING && now - (s->phase == RECEIVING ? s->progress : s->since) >= QUIET_S &&
                       peer_gone(s->fd)) {
                close_slot(s);
            }
        }
        if (now - G.reported >= REPORT_S && (G.refused_ip || G.refused_full || G.made_room || G.expired)) {
            fprintf(stderr,
                    "duikou: connections: %u open; in the last %.0f s refused %lu over the per-address limit and %lu at the "
                    "connection limit, closed %lu to make room and %lu past their deadline\n",
                    G.open, now - G.reported, G.refused_ip, G.refused_full, G.made_room, G.expired);
            G.refused_ip = G.refused_full = G.made_room = G.expired = 0;
            G.reported = now;
        }
    }
    pthread_mutex_unlock(&G.lock);
    return NULL;
}

int guard_start(const struct guard_config *cfg)
{
    memset(&G, 0, sizeof G);
    G.cfg = *cfg;
    if (G.cfg.slots < G.cfg.max_connections) G.cfg.slots = G.cfg.max_connections;
    if (G.cfg.header_timeout_s > G.cfg.timeout_s) G.cfg.header_timeout_s = G.cfg.timeout_s;
    G.slots = xcalloc(G.cfg.slots, sizeof *G.slots);
    for (unsigned i = 0; i < G.cfg.slots; i++) G.slots[i].next_free = i + 1 < G.cfg.slots ? (int)i + 1 : -1;
    G.free_head = 0;
    G.reported = now_s();
    pthread_mutex_init(&G.lock, NULL);
    pthread_cond_init(&G.wake, NULL);
    G.running = 1;
    if (pthread_create(&G.clock, NULL, clock_main, NULL) != 0) {
        fprintf(stderr, "duikou: cannot start the connection guard's thread\n");
        G.running = 0;
        free(G.slots);
        return -1;
    }
    return 0;
}

void guard_stop(void)
{
    pthread_mutex_lock(&G.lock);
    G.running = 0;
    pthread_cond_signal(&G.wake);
    pthread_mutex_unlock(&G.lock);
    pthread_join(G.clock, NULL);
    pthread_mutex_destroy(&G.lock);
    pthread_cond_destroy(&G.wake);
    free(G.slots);
    G.slots = NULL;
}
