/*
 * testutil.c — a fresh migrated database with reference data for each unit test: a SQLite
 * file in a temporary directory, or, when DUIKOU_TEST_PG_URL_FILE names the file that
 * tests/pg/start wrote, a new database on that PostgreSQL server (dropped again on close).
 */
#include "testutil.h"
#include "store/migrate.h"
#include "store/refdata.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_OPEN 16

static struct {
    db *d;
    char name[512];  /* SQLite path, or PostgreSQL database name */
    int pg;
} opened[MAX_OPEN];

/* The PostgreSQL server URL (no database) when the tests run on PostgreSQL, else NULL. */
static const char *pg_server(void)
{
    static char url[256];
    const char *file = getenv("DUIKOU_TEST_PG_URL_FILE");
    if (!file || !*file) return NULL;
    FILE *f = fopen(file, "r");
    if (!f) {
        fprintf(stderr, "testutil: cannot read %s (is the PostgreSQL fixture running?)\n", file);
        fail();
    }
    if (!fgets(url, sizeof url, f)) url[0] = '\0';
    fclose(f);
    url[strcspn(url, "\r\n")] = '\0';
    return url;
}

static void pg_admin(const char *server, const char *sql)
{
    char url[300];
    snprintf(url, sizeof url, "%s/postgres", server);
    db *admin = NULL;
    dk_err e;
    err_clear(&e);
    if (db_open(url, &admin, &e) != DK_OK || db_exec(admin, sql, &e) != DK_OK) {
        fprintf(stderr, "testutil: %s: %s\n", sql, e.message);
        db_close(admin);
        fail();
    }
    db_close(admin);
}

db *test_db_open(void)
{
    static int counter;
    char url[600], name[128];
    const char *server = pg_server();
    if (server) {
        snprintf(name, sizeof name, "dk_unit_%ld_%d", (long)getpid(), counter++);
        char sql[600];
        snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'", name);
        pg_admin(server, sql);
        snprintf(url, sizeof url, "%s/%s", server, name);
    } else {
        test_tmp_file(name, sizeof name, "unit");
        snprintf(url, sizeof url, "%s", name);
    }
    db *d = NULL;
    dk_err e;
    err_clear(&e);
    if (db_open(url, &d, &e) != DK_OK || store_migrate(d, NULL, &e) != DK_OK || refdata_load(d, &e) != DK_OK) {
        fprintf(stderr, "test_db_open: %s\n", e.message);
        fail();
    }
    for (int i = 0; i < MAX_OPEN; i++)
        if (!opened[i].d) {
            opened[i].d = d;
            opened[i].pg = server != NULL;
            snprintf(opened[i].name, sizeof opened[i].name, "%s", name);
            break;
        }
    return d;
}

void test_db_close(db *d)
{
    db_close(d);
    for (int i = 0; i < MAX_OPEN; i++) {
        if (opened[i].d != d) continue;
        opened[i].d = NULL;
        if (opened[i].pg) {
            char sql[600];
            snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", opened[i].name);
            pg_admin(pg_server(), sql);
        } else test_sqlite_remove(opened[i].name);
    }
}

void test_tmp_file(char *path, size_t n, const char *stem)
{
    const char *tmp = getenv("DUIKOU_TEST_TMP");
    if (!tmp || !*tmp) tmp = "/tmp";
    mkdir(tmp, 0700);
    int k = snprintf(path, n, "%s/%s-XXXXXX", tmp, stem);
    if (k < 0 || (size_t)k >= n) fail();
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
}

void test_sqlite_remove(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char f[700];
        snprintf(f, sizeof f, "%s%s", path, suffix[i]);
        unlink(f);
    }
}
