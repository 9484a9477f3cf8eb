/*
 * upload.h — the multipart/form-data body of a ledger upload (POST /api/v1/imports), parsed
 * with libmicrohttpd's post processor: one file, and the fields kind, dry_run, sheet, encoding.
 */
#ifndef DUIKOU_API_UPLOAD_H
#define DUIKOU_API_UPLOAD_H
#include "http/http.h"
#include "util/sbuf.h"

#define UPLOAD_FILE_MAX ((size_t)64 << 20)

/* The form's fields as the post processor hands them over. */
struct upload {
    sbuf file;               /* the file's bytes */
    char file_name[256];
    int file_parts;          /* how many "file" parts came (one is right) */
    char kind[32], dry_run[8], sheet[128], encoding[16];
    int unknown;             /* a field of another name came */
    char unknown_name[64];
};

/* Parses body (of the request on conn, a struct MHD_Connection, whose Content-Type it reads)
 * into *u. Returns 0 (free u->file with sb_free), or -1 after writing the 400/413/415. */
int upload_parse(void *conn, const char *body, size_t len, struct upload *u, struct http_resp *resp);

#endif
