/* wal_sync.c — group commit: one fdatasync of the write-ahead log for the commits that share it (see wal_sync.h). */
#include "db/wal_sync.h"
#include "util/xmalloc.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define WAL_SYNC_FILES 16

struct wal_sync {
    char *path;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint64_t committed; /* commits announced */
    uint64_t synced;    /* commits known to be on disk */
    int syncing;        /* a thread is syncing now */
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
