/*
 * embedded.h — files carried inside the binary (migrations under "schema/", reference data
 * under "data/", the built web console under "web/"), generated at build time by tools/embed.c.
 */
#ifndef DUIKOU_EMBEDDED_H
#define DUIKOU_EMBEDDED_H
#include <stddef.h>

struct embedded_file {
    const char *name;  /* path, e.g. "schema/001_init.sql" or "data/regions/areas.csv" */
    const char *data;  /* contents, NUL-terminated (the NUL is not counted in size) */
    size_t size;       /* bytes */
    const char *gz;    /* "web/" files: a gzip copy when it saves a tenth, else NULL */
    size_t gz_size;    /* bytes of gz */
    const char *etag;  /* "web/" files: a quoted validator computed from the content, else NULL */
};

/* The table, ended by an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];

/* Returns the embedded file called name, or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif
