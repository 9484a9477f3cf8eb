/* testutil.c — a fresh migrated database with reference data for each unit test. */
#include "testutil.h"
#include "store/migrate.h"
#include "store/refdata.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char paths[16][512];

db *test_db_open(void)
{
    const char *tmp = getenv("DUIKOU_TEST_TMP");
    if (!tmp || !*tmp) tmp = "/tmp";
    mkdir(tmp, 0700);
    char path[512];
    snprintf(path, sizeof path, "%s/unit-XXXXXX", tmp);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    db *d = NULL;
    dk_err e;
    err_clear(&e);
    if (db_open(path, &d, &e) != DK_OK || store_migrate(d, NULL, &e) != DK_OK || refdata_load(d, &e) != DK_OK) {
        fprintf(stderr, "test_db_open: %s\n", e.message);
        fail();
    }
    for (int i = 0; i < 16; i++)
        if (!paths[i][0]) {
            snprintf(paths[i], sizeof paths[i], "%s", path);
            break;
        }
    return d;
}

void test_db_close(db *d)
{
    db_close(d);
    for (int i = 0; i < 16; i++) {
        if (!paths[i][0]) continue;
        char p[600];
        unlink(paths[i]);
        snprintf(p, sizeof p, "%s-wal", paths[i]);
        unlink(p);
        snprintf(p, sizeof p, "%s-shm", paths[i]);
        unlink(p);
        paths[i][0] = '\0';
    }
}
