/* lane.c — the long-request lane (see lane.h): a queue under a lock and one thread draining it. */
#include "http/lane.h"
#include <pthread.h>
#include <stdio.h>

static struct {
    pthread_mutex_t lock;
    pthread_cond_t more;
    pthread_t thread;
    struct lane_job *head, *tail;
    int stopping;
} L = {.lock = PTHREAD_MUTEX_INITIALIZER, .more = PTHREAD_COND_INITIALIZER};

static void *lane_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&L.lock);
    for (;;) {
        while (!L.head && !L.stopping) pthread_cond_wait(&L.more, &L.lock);
        struct lane_job *job = L.head;
        if (!job) break;
        L.head = job->next;
        if (!L.head) L.tail = NULL;
        int cancel = L.stopping;
        pthread_mutex_unlock(&L.lock);
        if (cancel) job->cancel(job);
        else job->run(job);
        pthread_mutex_lock(&L.lock);
    }
    pthread_mutex_unlock(&L.lock);
    return NULL;
}

int lane_start(void)
{
    L.head = L.tail = NULL;
    L.stopping = 0;
    if (pthread_create(&L.thread, NULL, lane_main, NULL) != 0) {
        fprintf(stderr, "duikou: cannot start the thread for ledger imports\n");
        return -1;
    }
    return 0;
}

int lane_submit(struct lane_job *job)
{
    job->next = NULL;
    pthread_mutex_lock(&L.lock);
    if (L.stopping) {
        pthread_mutex_unlock(&L.lock);
        return -1;
    }
    if (L.tail) L.tail->next = job;
    else L.head = job;
    L.tail = job;
    pthread_cond_signal(&L.more);
    pthread_mutex_unlock(&L.lock);
    return 0;
}

void lane_stop(void)
{
    pthread_mutex_lock(&L.lock);
    L.stopping = 1;
    pthread_cond_signal(&L.more);
    pthread_mutex_unlock(&L.lock);
    pthread_join(L.thread, NULL);
}
