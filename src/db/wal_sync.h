/*
 * wal_sync.h — group commit for SQLite: makes a committed transaction durable by syncing the
 * write-ahead log once for every transaction that committed meanwhile.
 *
 * Connections run with synchronous=NORMAL (COMMIT writes the log but does not sync it); after an
 * outermost COMMIT of a write, the driver calls wal_sync_commit, which returns only when the log
 * has been synced to disk at some moment after that COMMIT. One thread syncs (fdatasync) while
 * the others wait for its result, so writers that commit while a sync runs share the next one:
 * an acknowledged write survives a power cut as with synchronous=FULL, without paying one disk
 * flush per write.
 *
 * Writers of one process also take turns here, on a flag and a condition variable per file,
 * before SQLite's own write lock: SQLite makes a writer that finds the lock taken sleep and try
 * again (1, 2, 5, 10… ms), so under many clients the lock sat idle while the next writer slept.
 * Another process (a command-line import beside the server) is still ordered by SQLite's busy
 * timeout.
 */
#ifndef DUIKOU_WAL_SYNC_H
#define DUIKOU_WAL_SYNC_H

struct wal_sync;

/* The shared state of the log file wal_path (one per file per process; never freed). NULL when
 * the process already follows too many files: the caller then syncs alone. */
struct wal_sync *wal_sync_for(const char *wal_path);
/* Called after a COMMIT on a connection to the log of g: returns 0 once the log is on disk,
 * else the errno of the failed sync (the transaction is committed but may not survive a crash). */
int wal_sync_commit(struct wal_sync *g);
/* Waits for this process's turn to write to g's database, at most timeout_ms: 1 when the turn
 * is taken (give it back with wal_sync_writer_leave), 0 when the wait timed out. */
int wal_sync_writer_enter(struct wal_sync *g, int timeout_ms);
/* Gives back the turn taken by wal_sync_writer_enter, once the write's COMMIT or ROLLBACK ran. */
void wal_sync_writer_leave(struct wal_sync *g);
/* Syncs wal_path alone; 0 or errno (a log that does not exist has nothing to sync). */
int wal_sync_file(const char *wal_path);

#endif
