/*
 * lane.h — one thread beside libmicrohttpd's workers for requests that take long (ledger
 * imports). Each worker thread serves many connections, so a handler that runs for seconds on
 * it holds all of them up; a job on the lane holds up only the jobs queued behind it. The
 * server suspends the connection, submits the job, and the job resumes the connection with its
 * answer.
 */
#ifndef DUIKOU_HTTP_LANE_H
#define DUIKOU_HTTP_LANE_H

struct lane_job {
    void (*run)(struct lane_job *job);    /* does the work on the lane's thread */
    void (*cancel)(struct lane_job *job); /* called instead of run when the lane stops first */
    struct lane_job *next;
};

/* Starts the lane's thread. Returns 0, or -1 (message on stderr). */
int lane_start(void);
/* Queues job; jobs run one at a time, in order. Returns 0, or -1 once the lane is stopping
 * (the job is not queued: the caller cancels it). */
int lane_submit(struct lane_job *job);
/* Lets the job under way finish, cancels the queued ones, and joins the thread. */
void lane_stop(void);

#endif
