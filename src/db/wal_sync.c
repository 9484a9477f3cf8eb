/* wal_sync.c — group commit: one fdatasync of the write-ahead log for the commits that share it,
 * and the writers' turns (see wal_sync.h). */
#include "db/wal_sync.h"
#include "util/xmalloc.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define WAL_SYNC_FILES 16

struct wal_sync {
    char *path;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint64_t committed; /* commits announced */
    uint64_t synced;    /* commits known to be on disk */
    int syncing;        /* a thread is syncing now */
    pthread_mutex_t turn_mu; /* the writers' turn: */
    pthread_cond_t turn_cv;
    int turn_taken;          /* a connection of this process has a write transaction open */
};

static struct wal_sync files[WAL_SYNC_FILES];
static int n_files;
static pthread_mutex_t registry = PTHREAD_MUTEX_INITIALIZER;

struct wal_sync *wal_sync_for(const char *wal_path)
{
    struct wal_sync *g = NULL;
    pthread_mutex_lock(&registry);
    for (int i = 0; i < n_files && !g; i++)
        if (strcmp(files[i].path, wal_path) == 0) g = &files[i];
    if (!g && n_files < WAL_SYNC_FILES) {
        g = &files[n_files++];
        g->path = xstrdup(wal_path);
        pthread_mutex_init(&g->mu, NULL);
        pthread_cond_init(&g->cv, NULL);
        pthread_mutex_init(&g->turn_mu, NULL);
        pthread_condattr_t monotonic;
        pthread_condattr_init(&monotonic);
        pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC);
        pthread_cond_init(&g->turn_cv, &monotonic);
        pthread_condattr_destroy(&monotonic);
    }
    pthread_mutex_unlock(&registry);
    return g;
}

int wal_sync_file(const char *wal_path)
{
    int fd = open(wal_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT ? 0 : errno; /* no log: everything is in the database file */
    int rc = fdatasync(fd) == 0 ? 0 : errno;
    close(fd);
    return rc;
}

int wal_sync_commit(struct wal_sync *g)
{
    int rc = 0;
    pthread_mutex_lock(&g->mu);
    uint64_t mine = ++g->committed; /* my COMMIT has written the log before this point */
    while (g->synced < mine) {
        if (g->syncing) {
            pthread_cond_wait(&g->cv, &g->mu);
            continue;
        }
        g->syncing = 1; /* lead: sync for every commit announced so far */
        uint64_t upto = g->committed;
        pthread_mutex_unlock(&g->mu);
        rc = wal_sync_file(g->path);
        pthread_mutex_lock(&g->mu);
        g->syncing = 0;
        if (rc == 0 && upto > g->synced) g->synced = upto;
        pthread_cond_broadcast(&g->cv);
        if (rc) break; /* the waiters try for themselves */
    }
    pthread_mutex_unlock(&g->mu);
    return rc;
}

/* The turn is a flag under a mutex rather than a mutex held for the whole transaction, so that
 * any thread may give it back (a pool closing a connection left inside a write) and a wait can
 * end at a deadline. */
int wal_sync_writer_enter(struct wal_sync *g, int timeout_ms)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    int taken = 0;
    pthread_mutex_lock(&g->turn_mu);
    while (g->turn_taken)
        if (pthread_cond_timedwait(&g->turn_cv, &g->turn_mu, &until) == ETIMEDOUT) break;
    if (!g->turn_taken) taken = g->turn_taken = 1;
    pthread_mutex_unlock(&g->turn_mu);
    return taken;
}

void wal_sync_writer_leave(struct wal_sync *g)
{
    pthread_mutex_lock(&g->turn_mu);
    g->turn_taken = 0;
    pthread_cond_signal(&g->turn_cv);
    pthread_mutex_unlock(&g->turn_mu);
}
