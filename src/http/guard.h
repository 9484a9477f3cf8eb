/*
 * guard.h — the connection guard: which connections the server keeps when clients are many, slow
 * or hostile. It knows every open connection (its client address, whether a request is under
 * way and since when), refuses a client past its per-address limit, makes room at the
 * connection limit by closing the connection that has waited longest without sending a request
 * (or whose body stopped arriving), and closes connections past their deadlines even when they
 * trickle a byte at a time. Plugged into libmicrohttpd as its accept policy and connection
 * notifier; server.c reports each request's phases.
 */
#ifndef DUIKOU_HTTP_GUARD_H
#define DUIKOU_HTTP_GUARD_H
#include <microhttpd.h>
#include <stddef.h>
#include <sys/socket.h>

struct guard_config {
    unsigned max_connections;   /* kept open at once; past it the longest-waiting one makes room */
    unsigned slots;             /* connections libmicrohttpd may hold (max_connections + room for the closing) */
    unsigned per_ip;            /* connections from one client address; 0 = no limit */
    unsigned timeout_s;         /* keep-alive wait for the next request, and the base of a request's deadline */
    unsigned header_timeout_s;  /* a new connection's first request must be in within this */
};

/* Sets the guard up and starts its clock thread. Returns 0, or -1 (message on stderr). */
int guard_start(const struct guard_config *cfg);
/* Stops the clock thread and frees the guard (after MHD_stop_daemon). */
void guard_stop(void);

/* Closes every connection that is waiting for a request (when the server stops). */
void guard_close_waiting(void);

/* libmicrohttpd's accept policy: MHD_NO for a client past its address's limit, or at the
 * connection limit when no connection can make room. */
enum MHD_Result guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);
/* libmicrohttpd's connection notifier: registers a new connection, forgets a closed one. */
void guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context, enum MHD_ConnectionNotificationCode code);

/* A request's headers are in; body_max is the most body it may still send (0 = none). */
void guard_request_begins(struct MHD_Connection *conn, size_t body_max);
/* More of the request's body arrived. */
void guard_body_arrives(struct MHD_Connection *conn);
/* The request is whole: it is being answered (never closed by the guard meanwhile). */
void guard_request_answering(struct MHD_Connection *conn);
/* The request is finished (answered or aborted); the connection waits for the next one. */
void guard_request_ends(struct MHD_Connection *conn);

#endif
